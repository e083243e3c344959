#!/bin/sh
# SPDX-License-Identifier: MIT
# action=resetpassword end to end: the mailed temporary password, then a new password through clientlogin (resetpassword.py).
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/resetpassword.py
