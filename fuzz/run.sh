#!/bin/sh
# SPDX-License-Identifier: MIT
#
# run.sh — build the libFuzzer targets (fuzz/fuzz_*.c) with clang and run
# each one for FUZZ_SECONDS seconds. `make fuzz` calls it.
#
# The project's library objects are compiled by the main Makefile's own
# rule into build-fuzz/ (BUILD, CC and OPT overridden on its command line),
# so the gcc build in build/ is untouched and header dependencies still
# work. Each target links those objects with -fsanitize=fuzzer.
#
# Corpora: fuzz/corpus/<name>/ holds the small committed seeds and is
# only read; targets that read wikitext are also seeded once from the
# parser test inputs in ../shared/parser-tests (fuzz/seed-parser-tests.py,
# WIKITEXT_TARGETS below); fuzz/<name>.dict, when present, is a libFuzzer dictionary of
# tokens of that input format; libFuzzer adds what it discovers to build-fuzz/corpus/<name>/
# (kept between runs, never committed). Crash inputs go to
# build-fuzz/crashes/. For each target one line is printed:
#   fuzz <name>: N runs, ok
# or the sanitizer's report followed by "fuzz <name>: FAILED (...)".
# Exit status 1 when any target failed.
#
# Environment: FUZZ_SECONDS (default 60), FUZZ_TARGETS (space-separated
# names, default all), FUZZ_CC (default /usr/bin/clang), PKG_CFLAGS and
# LIBS (passed by the Makefile), MAKE.

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_CC=${FUZZ_CC:-/usr/bin/clang}
MAKE=${MAKE:-make}
OUT=build-fuzz
cd "$(dirname "$0")/.." || exit 2

if ! [ -x "$FUZZ_CC" ]; then
	echo "fuzz: $FUZZ_CC not found; libFuzzer needs clang" >&2
	exit 2
fi

# Sanitizers for the library objects and for the targets. UBSan findings
# abort (no recovery) so that libFuzzer records them as crashes.
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
OPT_LIB="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $SAN"
OPT_BIN="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer $SAN"

if [ -n "$FUZZ_TARGETS" ]; then
	TARGETS=$FUZZ_TARGETS
else
	TARGETS=$(ls fuzz/fuzz_*.c | sed 's|^fuzz/fuzz_||; s|\.c$||')
fi

# --- build -------------------------------------------------------------
LIBOBJ=$(find src -name '*.c' ! -path src/main.c | sort | sed "s|^|$OUT/|; s|\.c\$|.o|")
# shellcheck disable=SC2086
if ! $MAKE -s --no-print-directory CC="$FUZZ_CC" BUILD="$OUT" OPT="$OPT_LIB" $LIBOBJ; then
	echo "fuzz: building the library objects with clang failed" >&2
	exit 2
fi
mkdir -p "$OUT/bin" "$OUT/crashes" "$OUT/logs"
for t in $TARGETS; do
	src=fuzz/fuzz_$t.c
	bin=$OUT/bin/fuzz_$t
	if ! [ -f "$src" ]; then
		echo "fuzz: no target $src" >&2
		exit 2
	fi
	# Relink when the target's source, its header or any object is newer.
	if [ -f "$bin" ] && [ -z "$(find "$src" fuzz/*.h $LIBOBJ -newer "$bin" 2>/dev/null | head -n 1)" ]; then
		continue
	fi
	# shellcheck disable=SC2086
	if ! "$FUZZ_CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter $OPT_BIN \
		$PKG_CFLAGS -Isrc -o "$bin" "$src" $LIBOBJ $LIBS; then
		echo "fuzz: building $bin failed" >&2
		exit 2
	fi
done

# --- run ---------------------------------------------------------------
# Targets seeded from ../shared/parser-tests, as name or name:prefix-bytes
# (comma-separated: each input once per mode byte).
WIKITEXT_TARGETS="sanitizer:3,6,7 parser:0 preprocessor:0"
FAILED=0
for t in $TARGETS; do
	bin=$OUT/bin/fuzz_$t
	work=$OUT/corpus/$t
	seeds=fuzz/corpus/$t
	log=$OUT/logs/$t.log
	mkdir -p "$work" "$seeds"
	# Targets that read wikitext start from MediaWiki's parser test inputs
	# (kept outside the repository); "name:byte" puts a mode byte first.
	for w in $WIKITEXT_TARGETS; do
		if [ "${w%%:*}" = "$t" ] && [ -z "$(ls -A "$work")" ]; then
			# shellcheck disable=SC2046
			/usr/bin/python3 fuzz/seed-parser-tests.py "$work" $(echo "${w#*:}" | tr , ' ')
		fi
	done
	dict=
	[ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
	# -timeout: one input taking longer than this is a hang, a finding
	# like a crash (each target's inputs are small, so a few seconds is
	# generous even under the sanitizers).
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -print_final_stats=1 $dict \
		-artifact_prefix="$OUT/crashes/$t-" "$work" "$seeds" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $t: ${runs:-0} runs, ok"
		continue
	fi
	FAILED=1
	# The gist of the report: the finding, and the stack frames in our code.
	grep -a -E 'invariant failed|runtime error:|^==[0-9]+==ERROR|^SUMMARY|ALARM|#[0-9]+ .*(/src/|/fuzz/)' \
		"$log" | head -n 30
	artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	echo "fuzz $t: FAILED after ${runs:-?} runs (exit status $rc; input ${artifact:-not saved}; log $log)"
done
exit "$FAILED"
