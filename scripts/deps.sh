#!/bin/sh
# SPDX-License-Identifier: MIT
# deps.sh — install the Debian packages wikid builds and tests with, when
# any is missing. Silent when everything is present; idempotent.
# The list and the reason for each package are in docs/dependencies.md.
PKGS="gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libssl-dev libpcre2-dev \
libutf8proc-dev libinih-dev zlib1g-dev libjansson-dev libxml2-dev libbz2-dev python3 python3-mwclient curl wrk"
# Node and npm (for the mwn client test) may come from elsewhere than Debian;
# only install them when the commands are missing.
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root; install these packages:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 || {
	apt-get update -qq >/dev/null 2>&1
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}
