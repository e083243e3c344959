#!/bin/sh
# SPDX-License-Identifier: MIT
# Node mwn (from npm, installed into tests/clients/node_modules) against a
# fresh wikid: bot password login and normal login, page create/edit/read,
# recent changes with continuation, CSRF token, edit conflict.
cd "$(dirname "$0")/../.." || exit 1
. tests/clients/lib.sh
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { echo "node/npm missing"; exit 77; }
if [ ! -d tests/clients/node_modules/mwn ]; then
	(cd tests/clients && npm install --no-audit --no-fund --silent --no-save mwn@2 >/dev/null 2>&1) || {
		echo "npm could not install mwn (registry unreachable?)"
		exit 77
	}
fi
start_wikid || exit 1
trap stop_wikid EXIT
BOTPASS=$(add_botpassword mwntest "basic,editpage,createeditmovepage,highvolume")
WIKID_URL=$WIKID_URL ADMIN_PASSWORD=$ADMIN_PASSWORD BOTPASS=$BOTPASS \
	node tests/clients/mwn_test.js
