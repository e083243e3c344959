#!/bin/sh
# SPDX-License-Identifier: MIT
# The job queue end to end: Special:RunJobs signatures and answers,
# --run-jobs, --rebuild-links and the background runner (runjobs.py).
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
WIKID=$WIKID /usr/bin/python3 tests/clients/runjobs.py
