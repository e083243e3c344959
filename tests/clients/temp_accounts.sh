#!/bin/sh
# SPDX-License-Identifier: MIT
# Temporary accounts ([site] temp_accounts = true): acquiretempusername and anonymous edits (temp_accounts.py).
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/temp_accounts.py
