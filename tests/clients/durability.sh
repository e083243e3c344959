#!/bin/sh
# SPDX-License-Identifier: MIT
# Durability: edits are sent while wikid is killed with SIGKILL at random
# moments; after each restart every edit that was answered with success
# must be there, and the database must be consistent (SQLite: PRAGMA
# integrity_check; on PostgreSQL in the pg-clients run, the same row checks).
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/durability.py
