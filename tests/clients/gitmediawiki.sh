#!/bin/sh
# SPDX-License-Identifier: MIT
# git-remote-mediawiki (Debian's git-mediawiki, a Perl client on
# MediaWiki::API) against a fresh wikid: clone, push, pull (gitmediawiki.py).
cd "$(dirname "$0")/../.." || exit 1
. tests/clients/lib.sh
[ -x /usr/lib/git-core/git-remote-mediawiki ] || { echo "git-mediawiki not installed"; exit 77; }
start_wikid || exit 1
trap stop_wikid EXIT
WIKID_URL=$WIKID_URL ADMIN_PASSWORD=$ADMIN_PASSWORD /usr/bin/python3 tests/clients/gitmediawiki.py
