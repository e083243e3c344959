/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h — shared by the libFuzzer targets in fuzz/ (one target per file,
 * built and run by fuzz/run.sh). Each target defines
 * LLVMFuzzerTestOneInput(), feeds the bytes to one subsystem and checks
 * that subsystem's invariants with FUZZ_CHECK; sanitizers catch memory
 * errors, leaks and undefined behaviour on their own.
 *
 * Everything a target allocates comes from one arena per input, freed
 * before it returns, so a leak report always means a leak in src/.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/util.h"

/* libFuzzer's entry point: run one input of `size` bytes; returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * An invariant of the code under test: when it does not hold, print
 * where and what, and abort so that libFuzzer saves the input.
 */
#define FUZZ_CHECK(cond, ...)                                                    \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, \
				__LINE__, #cond);                                \
			fprintf(stderr, __VA_ARGS__);                            \
			fputc('\n', stderr);                                     \
			abort();                                                 \
		}                                                                \
	} while (0)

/* The `size` bytes of `data` as a NUL-terminated copy in `a` (a NUL inside ends the string early). */
static inline char *fuzz_cstr(struct arena *a, const uint8_t *data, size_t size)
{
	return arena_strndup(a, (const char *)data, size);
}

#endif
