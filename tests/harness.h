/* SPDX-License-Identifier: MIT */
/*
 * harness.h — the tiny header-only TAP harness for tests/unit/test_*.c.
 *
 * Each check prints "ok N - name" or "not ok N - name" on stdout; failures
 * add "#" diagnostic lines with the file, line and both values. The plan
 * "1..N" is printed at the end by harness_done() (TAP allows a trailing
 * plan), whose result main() returns: 0 when every check passed, else 1.
 * tests/run-all.sh counts the "ok"/"not ok" lines.
 *
 * The macros evaluate each argument exactly once, so a call with side
 * effects is safe. State lives in static variables: one test binary is
 * one translation unit that includes this header once.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int harness_n;      /* checks run so far */
static int harness_failed; /* checks that failed */

/*
 * Record one check and print its TAP line. Returns `pass` so a test can
 * stop early after a failed precondition. Used by the macros below.
 */
static inline bool harness_check(bool pass, const char *name, const char *file, int line)
{
	harness_n++;
	if (!pass)
		harness_failed++;
	printf("%s %d - %s\n", pass ? "ok" : "not ok", harness_n, name ? name : "");
	if (!pass)
		printf("#   failed at %s:%d\n", file, line);
	fflush(stdout);
	return pass;
}

/* Print a possibly NULL string as a diagnostic, quoted, bytes escaped. */
static inline void harness_show_bytes(const char *label, const void *p, size_t len)
{
	const unsigned char *s = p;
	printf("#   %s: \"", label);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			printf("\\%c", s[i]);
		else if (s[i] >= 0x20 && s[i] < 0x7f)
			putchar(s[i]);
		else
			printf("\\x%02x", s[i]);
	}
	printf("\"\n");
}

static inline void harness_show_str(const char *label, const char *s)
{
	if (!s)
		printf("#   %s: NULL\n", label);
	else
		harness_show_bytes(label, s, strlen(s));
}

/* Compare two long long values; on failure print both. */
static inline bool harness_int_eq(long long got, long long want, const char *name,
				  const char *file, int line)
{
	bool pass = harness_check(got == want, name, file, line);
	if (!pass)
		printf("#        got: %lld\n#   expected: %lld\n", got, want);
	return pass;
}

/* Compare two strings; two NULLs are equal, NULL and a string are not. */
static inline bool harness_str_eq(const char *got, const char *want, const char *name,
				  const char *file, int line)
{
	bool same = (!got && !want) || (got && want && strcmp(got, want) == 0);
	bool pass = harness_check(same, name, file, line);
	if (!pass) {
		harness_show_str("     got", got);
		harness_show_str("expected", want);
	}
	return pass;
}

/* Compare `len` bytes; a NULL pointer only equals another NULL. */
static inline bool harness_mem_eq(const void *got, const void *want, size_t len,
				  const char *name, const char *file, int line)
{
	bool same = (!got && !want) || (got && want && memcmp(got, want, len) == 0);
	bool pass = harness_check(same, name, file, line);
	if (!pass) {
		if (got)
			harness_show_bytes("     got", got, len);
		else
			printf("#        got: NULL\n");
		if (want)
			harness_show_bytes("expected", want, len);
		else
			printf("#   expected: NULL\n");
	}
	return pass;
}

/* Check that `cond` is true. */
#define OK(cond, name) harness_check(!!(cond), (name), __FILE__, __LINE__)

/* Check that two integers are equal (compared as long long). */
#define INT_EQ(a, b, name) \
	harness_int_eq((long long)(a), (long long)(b), (name), __FILE__, __LINE__)

/* Check that two NUL-terminated strings are equal; NULL-safe. */
#define STR_EQ(a, b, name) harness_str_eq((a), (b), (name), __FILE__, __LINE__)

/* Check that the first `len` bytes of `a` and `b` are equal; NULL-safe. */
#define MEM_EQ(a, b, len, name) harness_mem_eq((a), (b), (len), (name), __FILE__, __LINE__)

/*
 * Print the trailing plan "1..N" and a summary comment. Returns the exit
 * status for main(): 0 when every check passed, 1 otherwise (also 1 when
 * no check ran at all, which is always a mistake in a test binary).
 */
static inline int harness_done(void)
{
	printf("1..%d\n", harness_n);
	if (harness_failed)
		printf("# %d of %d checks failed\n", harness_failed, harness_n);
	fflush(stdout);
	return harness_failed == 0 && harness_n > 0 ? 0 : 1;
}

#endif
