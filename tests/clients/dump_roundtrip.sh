#!/bin/sh
# SPDX-License-Identifier: MIT
# XML dump round trip: a dump captured from MediaWiki 1.39 (tests/data/
# oracle-roundtrip.xml) is imported into fresh wikids — from the command
# line (plain, .gz and .bz2, and again to check nothing is imported twice)
# and through action=import — and exported again; pages, revisions,
# timestamps, authors, comments, models and texts must come out as they
# went in.
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/dump_roundtrip.py
