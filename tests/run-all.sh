#!/bin/sh
# SPDX-License-Identifier: MIT
#
# run-all.sh — run every test suite and sum the results.
#
#   sh tests/run-all.sh BUILD_DIR [unit|api|clients|pg|parser|checksrc|messages]
#
# Suites: unit (each BUILD_DIR/tests/test_* binary; its TAP "ok"/"not ok"
# lines are counted, and a binary that crashes or exits non-zero without a
# "not ok" line counts as one failure), api (tests/api/run.py: one test per
# .test file), clients (each executable tests/clients/*.sh is one test:
# exit 0 passes, 77 skips, anything else fails), parser (./parsertests,
# the parser-test ratchet, when it has been built; one test), checksrc
# (scripts/checksrc, the mechanical style checks; one test) and messages
# (tests/messages.py: every message key the code uses has a text and every
# $N it shows is passed; one test).
#
# PostgreSQL: a private cluster (tests/pg.sh) is started once for the
# whole run; the unit tests that need it find it through
# WIKID_TEST_PGHOST/WIKID_TEST_PGPORT, and the api and clients suites run
# a second time with wikid on PostgreSQL (reported as pg-api and
# pg-clients; "pg" runs only those two). When PostgreSQL cannot be
# started, one line says why and the PostgreSQL runs count as one skip.
#
# The LAST line printed is always "N passed, N failed" (", N skipped" is
# appended when something was skipped); per-suite summaries and the names
# of failures come above it. Exit status is 1 when anything failed.
#
# Environment: WIKID (server binary, default ./wikid), PARSERTESTS (the
# parser-test runner, default ./parsertests), API_JOBS (parallel
# API test workers, default 4), TEST_TIMEOUT (seconds per unit binary or
# client script, default 600).

BUILD=${1:-build}
ONLY=${2:-}
cd "$(dirname "$0")/.." || exit 2

WIKID=${WIKID:-./wikid}
API_JOBS=${API_JOBS:-4}
TEST_TIMEOUT=${TEST_TIMEOUT:-600}
PYTHON=/usr/bin/python3
export WIKID BUILD

case "$ONLY" in
"" | unit | api | clients | pg | parser | checksrc | messages) ;;
*)
	echo "usage: $0 BUILD_DIR [unit|api|clients|pg|parser|checksrc|messages]" >&2
	exit 2
	;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/wikid-tests.XXXXXX") || exit 2
. tests/pg.sh
trap 'pg_stop; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

PASS=0
FAIL=0
SKIP=0
FAILED_NAMES=""

# Remember one failure's name for the list printed before the total.
note_failure() {
	FAILED_NAMES="$FAILED_NAMES
  $1"
}

# Run a command under `timeout` when coreutils provides it.
with_timeout() {
	if command -v timeout >/dev/null 2>&1; then
		timeout -k 10 "$TEST_TIMEOUT" "$@"
	else
		"$@"
	fi
}

wants() {
	[ -z "$ONLY" ] || [ "$ONLY" = "$1" ]
}

# --- unit: TAP binaries --------------------------------------------------
run_unit() {
	u_pass=0
	u_fail=0
	found=0
	for bin in "$BUILD"/tests/test_*; do
		[ -f "$bin" ] && [ -x "$bin" ] || continue
		found=1
		name=$(basename "$bin")
		out="$TMP/$name.out"
		with_timeout "$bin" >"$out" 2>&1
		rc=$?
		ok=$(grep -c '^ok' "$out")
		nok=$(grep -c '^not ok' "$out")
		if [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then
			nok=1
			note_failure "unit: $name (exit status $rc, no failing check reported)"
			echo "unit: $name exited with status $rc; last output:"
			tail -n 15 "$out" | sed 's/^/    /'
		fi
		# Each failing check with the diagnostics that follow it.
		awk -v n="$name" '
			/^not ok/ { print "unit: " n ": " $0; show = 1; next }
			/^#/ && show { print "    " $0; next }
			{ show = 0 }' "$out"
		grep '^not ok' "$out" | sed "s/^/unit: $name: /" >"$TMP/names"
		while IFS= read -r line; do
			note_failure "$line"
		done <"$TMP/names"
		echo "unit: $name: $ok passed, $nok failed"
		u_pass=$((u_pass + ok))
		u_fail=$((u_fail + nok))
	done
	if [ "$found" -eq 0 ]; then
		echo "unit: no test binaries in $BUILD/tests"
	fi
	echo "unit: $u_pass passed, $u_fail failed"
	PASS=$((PASS + u_pass))
	FAIL=$((FAIL + u_fail))
}

# --- api: tests/api/run.py ------------------------------------------------
# run_api LABEL [run.py options]: LABEL is "api", or "pg-api" on PostgreSQL.
run_api() {
	label=$1
	shift
	out="$TMP/$label.out"
	"$PYTHON" tests/api/run.py --wikid "$WIKID" -j "$API_JOBS" "$@" >"$out" 2>&1
	rc=$?
	grep -v '^ok - ' "$out" | grep -v '^api: [0-9]* passed, [0-9]* failed$'
	grep '^FAIL - ' "$out" | sed "s/^FAIL - /$label: /" >"$TMP/names"
	while IFS= read -r line; do
		note_failure "$line"
	done <"$TMP/names"
	last=$(grep '^api: [0-9]* passed, [0-9]* failed$' "$out" | tail -n 1)
	if [ -z "$last" ]; then
		echo "$label: run.py stopped without a summary (exit status $rc)"
		note_failure "$label: run.py stopped without a summary"
		FAIL=$((FAIL + 1))
		return
	fi
	echo "$last" | sed "s/^api:/$label:/"
	a_pass=$(echo "$last" | sed 's/^api: \([0-9]*\) passed, \([0-9]*\) failed$/\1/')
	a_fail=$(echo "$last" | sed 's/^api: \([0-9]*\) passed, \([0-9]*\) failed$/\2/')
	if [ "$rc" -ne 0 ] && [ "$a_fail" -eq 0 ]; then
		a_fail=1
		note_failure "$label: run.py exit status $rc"
	fi
	PASS=$((PASS + a_pass))
	FAIL=$((FAIL + a_fail))
}

# --- clients: tests/clients/*.sh -----------------------------------------
# run_clients LABEL: "clients", or "pg-clients" with WIKID_CLIENTS_ON_PG=1
# (lib.sh then gives every server a fresh PostgreSQL database). Scripts
# named pg_*.sh test what only PostgreSQL has (replicas, several nodes)
# and run in the pg-clients run only.
run_clients() {
	label=$1
	c_pass=0
	c_fail=0
	c_skip=0
	for script in tests/clients/*.sh; do
		[ -f "$script" ] && [ -x "$script" ] || continue
		name=$(basename "$script")
		case "$label:$name" in clients:pg_*) continue ;; esac
		out="$TMP/$label-$name.out"
		if [ "$label" = pg-clients ]; then
			WIKID_CLIENTS_ON_PG=1 with_timeout "$script" >"$out" 2>&1
		else
			with_timeout "$script" >"$out" 2>&1
		fi
		rc=$?
		case "$rc" in
		0)
			c_pass=$((c_pass + 1))
			;;
		77)
			c_skip=$((c_skip + 1))
			echo "$label: $name skipped: $(tail -n 1 "$out")"
			;;
		*)
			c_fail=$((c_fail + 1))
			note_failure "$label: $name (exit status $rc)"
			echo "$label: $name failed with status $rc; last output:"
			tail -n 20 "$out" | sed 's/^/    /'
			;;
		esac
	done
	if [ "$c_skip" -gt 0 ]; then
		echo "$label: $c_pass passed, $c_fail failed, $c_skip skipped"
	else
		echo "$label: $c_pass passed, $c_fail failed"
	fi
	PASS=$((PASS + c_pass))
	FAIL=$((FAIL + c_fail))
	SKIP=$((SKIP + c_skip))
}

# --- parser: the ratchet against the committed baseline --------------------
run_parser() {
	pt=${PARSERTESTS:-./parsertests}
	[ -f "$pt" ] && [ -x "$pt" ] || return 0
	out="$TMP/parser.out"
	with_timeout "$pt" >"$out" 2>&1
	rc=$?
	case "$rc" in
	0)
		PASS=$((PASS + 1))
		echo "parser: ratchet passed: $(tail -n 1 "$out")"
		;;
	77)
		SKIP=$((SKIP + 1))
		echo "parser: skipped: $(tail -n 1 "$out")"
		;;
	*)
		FAIL=$((FAIL + 1))
		note_failure "parser: ratchet (exit status $rc)"
		echo "parser: ratchet failed with status $rc; last output:"
		tail -n 20 "$out" | sed 's/^/    /'
		;;
	esac
}

# --- one-test suites: a script that passes with exit status 0 ---------------
# run_script NAME HINT COMMAND...: one test; its last line is the summary.
run_script() {
	name=$1
	hint=$2
	shift 2
	out="$TMP/$name.out"
	"$@" >"$out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		PASS=$((PASS + 1))
		tail -n 1 "$out"
		return
	fi
	FAIL=$((FAIL + 1))
	note_failure "$name: $hint"
	echo "$name: failed with status $rc:"
	tail -n 30 "$out" | sed 's/^/    /'
}

# checksrc: the style checker (a second or so).
run_checksrc() {
	run_script checksrc "style findings (run make checksrc)" "$PYTHON" scripts/checksrc
}

# messages: the message table against its uses.
run_messages() {
	run_script messages "message table findings (run tests/messages.py)" "$PYTHON" tests/messages.py
}

# --- pg: the private PostgreSQL cluster --------------------------------------
PG_UP=0
if wants unit || wants api || wants clients || wants pg; then
	if pg_start fast; then
		PG_UP=1
	else
		echo "pg: skipped: PostgreSQL cannot be started: $PG_WHY"
		SKIP=$((SKIP + 1))
	fi
fi

wants unit && run_unit
wants api && run_api api
wants clients && run_clients clients
if [ "$PG_UP" = 1 ] && { wants api || wants pg; }; then
	if url=$(pg_newdb api); then
		run_api pg-api --database "$url"
	else
		echo "pg-api: cannot create a database"
		note_failure "pg-api: cannot create a database"
		FAIL=$((FAIL + 1))
	fi
fi
[ "$PG_UP" = 1 ] && { wants clients || wants pg; } && run_clients pg-clients
wants parser && run_parser
wants checksrc && run_checksrc
wants messages && run_messages

if [ "$FAIL" -gt 0 ]; then
	echo "failed:$FAILED_NAMES"
fi
if [ "$SKIP" -gt 0 ]; then
	echo "$PASS passed, $FAIL failed, $SKIP skipped"
else
	echo "$PASS passed, $FAIL failed"
fi
if [ "$FAIL" -gt 0 ]; then
	exit 1
fi
exit 0
