#!/bin/sh
# SPDX-License-Identifier: MIT
# action=cspreport keeps a bounded number of reports: a flood of them
# leaves the newest 1000 in wikid_cspreport (cspreport_keep.py).
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/cspreport_keep.py
