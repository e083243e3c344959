#!/bin/sh
# SPDX-License-Identifier: MIT
# Outgoing mail: the spool directory and SMTP, action=emailuser end to end (mail.py).
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/mail.py
