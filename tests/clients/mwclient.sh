#!/bin/sh
# SPDX-License-Identifier: MIT
# Python mwclient (Debian's python3-mwclient) against a fresh wikid: bot
# password login and normal login, page create/edit/read, recent changes
# with continuation, CSRF token, edit conflict.
cd "$(dirname "$0")/../.." || exit 1
. tests/clients/lib.sh
/usr/bin/python3 -c 'import mwclient' 2>/dev/null || { echo "mwclient not installed"; exit 77; }
start_wikid || exit 1
trap stop_wikid EXIT
BOTPASS=$(add_botpassword clienttest "basic,editpage,createeditmovepage,highvolume")
WIKID_URL=$WIKID_URL ADMIN_PASSWORD=$ADMIN_PASSWORD BOTPASS=$BOTPASS \
	/usr/bin/python3 tests/clients/mwclient_test.py
