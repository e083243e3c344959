#!/bin/sh
# SPDX-License-Identifier: MIT
# Read replicas, lag, maxlag and chronology protection on PostgreSQL
# (pg_replica.py). Run by tests/run-all.sh in its pg-clients run.
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/pg_replica.py
