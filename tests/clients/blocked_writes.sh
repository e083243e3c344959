#!/bin/sh
# SPDX-License-Identifier: MIT
# Blocked writes: a blocked sysop is refused by every registered write
# module (the ones MediaWiki leaves open to blocked users excepted).
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/blocked_writes.py
