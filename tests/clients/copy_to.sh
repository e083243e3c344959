#!/bin/sh
# SPDX-License-Identifier: MIT
# wikid --copy-to between SQLite and PostgreSQL, both ways (copy_to.py).
# Needs the PostgreSQL cluster that tests/run-all.sh starts; skipped without.
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/copy_to.py
