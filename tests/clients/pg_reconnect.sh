#!/bin/sh
# SPDX-License-Identifier: MIT
# A lost PostgreSQL connection: DBConnectionError once, then reconnected
# (pg_reconnect.py). Run by tests/run-all.sh in its pg-clients run.
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/pg_reconnect.py
