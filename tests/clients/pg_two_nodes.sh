#!/bin/sh
# SPDX-License-Identifier: MIT
# Two wikid nodes on one PostgreSQL database (pg_two_nodes.py). Run by
# tests/run-all.sh in its pg-clients run.
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/pg_two_nodes.py
