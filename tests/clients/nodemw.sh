#!/bin/sh
# SPDX-License-Identifier: MIT
# Node nodemw (from npm, installed into tests/clients/nodemw/node_modules,
# apart from mwn's) against a fresh wikid: the calls of its bot API that a
# wiki without files answers (nodemw_test.js).
cd "$(dirname "$0")/../.." || exit 1
. tests/clients/lib.sh
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { echo "node/npm missing"; exit 77; }
if [ ! -d tests/clients/nodemw/node_modules/nodemw ]; then
	# Its own prefix: an install beside mwn's would prune mwn (neither is saved in a package.json).
	mkdir -p tests/clients/nodemw
	npm install --prefix tests/clients/nodemw --no-audit --no-fund --silent --no-save nodemw@0.27 >/dev/null 2>&1 || {
		echo "npm could not install nodemw (registry unreachable?)"
		exit 77
	}
fi
start_wikid || exit 1
trap stop_wikid EXIT
WIKID_URL=$WIKID_URL ADMIN_PASSWORD=$ADMIN_PASSWORD node tests/clients/nodemw_test.js
