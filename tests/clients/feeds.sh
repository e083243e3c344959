#!/bin/sh
# SPDX-License-Identifier: MIT
# Feeds read by a real feed parser (Debian's python3-feedparser): RSS 2.0
# and Atom from feedrecentchanges, feedcontributions and feedwatchlist
# are well-formed and carry the entries, authors, links and diffs.
cd "$(dirname "$0")/../.." || exit 1
: "${WIKID:=./wikid}"
/usr/bin/python3 -c 'import feedparser' 2>/dev/null || { echo "feedparser not installed"; exit 77; }
WIKID=$WIKID /usr/bin/python3 tests/clients/feeds.py
