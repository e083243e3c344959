#!/bin/sh
# SPDX-License-Identifier: MIT
# deps.sh — install the Debian packages wikid builds and tests with, when
# any is missing. Silent when everything is present; idempotent.
# The list and the reason for each package are in docs/dependencies.md.
# When another apt or dpkg run holds the package lock (a background upgrade,
# a second make), it waits for it, up to LOCK_WAIT seconds.
PKGS="gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libssl-dev libpcre2-dev \
libutf8proc-dev libinih-dev zlib1g-dev libjansson-dev libpq-dev postgresql libxml2-dev libbz2-dev \
python3 python3-mwclient python3-feedparser git-mediawiki curl wrk"
LOCK_WAIT=900
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
# apt itself waits for the dpkg lock with DPkg::Lock::Timeout; the loop covers
# the lists lock of "apt-get update" and older apt versions.
apt_get() {
	waited=0
	while :; do
		out=$(apt-get -o DPkg::Lock::Timeout=$LOCK_WAIT "$@" 2>&1) && return 0
		case "$out" in
		*"Could not get lock"* | *"Unable to acquire"* | *"is held by"*) ;;
		*)
			echo "$out" >&2
			return 1
			;;
		esac
		[ "$waited" -ge "$LOCK_WAIT" ] && { echo "$out" >&2; return 1; }
		[ "$waited" = 0 ] && echo "deps: waiting for another apt/dpkg run to finish" >&2
		sleep 5
		waited=$((waited + 5))
	done
}
apt_get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 || {
	apt_get update -qq
	apt_get install -y -qq --no-install-recommends $missing
}
