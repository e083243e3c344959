/* SPDX-License-Identifier: MIT */
/*
 * util.h — the toolbox every subsystem includes: allocation that aborts on
 * out-of-memory, BUG() for impossible states, the borrowed string view
 * `struct str`, and the RC_* return codes used by every fallible function.
 *
 * Allocation failure is not an error path in wikid: xmalloc() and friends
 * print a message and abort, so callers never test for NULL after them.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Return codes. RC_OK is zero, every failure is negative. */
enum {
	RC_OK = 0,        /* success */
	RC_ERR = -1,      /* generic failure; details were recorded elsewhere */
	RC_NOTFOUND = -2, /* the thing looked up does not exist */
	RC_CONFLICT = -3, /* a concurrent change won (edit conflict, unique key) */
	RC_BUSY = -4,     /* the database stayed locked past the busy timeout */
	RC_TOOBIG = -5,   /* a size limit was reached */
	RC_INVALID = -6,  /* the input is malformed */
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Borrowed view of bytes owned by someone else; never freed through it. */
struct str {
	const char *p; /* first byte, not necessarily NUL-terminated */
	size_t len;    /* length in bytes */
};

#define STR_LIT(s) ((struct str){ (s), sizeof(s) - 1 })

/* View of a NUL-terminated string; NULL gives the empty view. */
static inline struct str str_c(const char *s)
{
	return (struct str){ s ? s : "", s ? strlen(s) : 0 };
}

/* True when the view equals the NUL-terminated string `s`. */
static inline bool str_eq(struct str a, const char *s)
{
	size_t n = strlen(s);
	return a.len == n && memcmp(a.p, s, n) == 0;
}

/* True when both strings are non-NULL and equal. */
static inline bool streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/*
 * memmem() for short fixed needles (at most a few dozen bytes, as the
 * parser's passes look for): memchr() to each place the first byte occurs, then
 * memcmp(). Far faster than the C library's general search on text
 * where that byte is rare, and linear for needles of bounded length.
 */
static inline void *util_memmem(const void *hay, size_t hl, const void *needle, size_t nl)
{
	if (nl == 0)
		return (void *)hay;
	const char *s = hay, *end = s + hl, *n = needle;
	while ((size_t)(end - s) >= nl) {
		const char *f = memchr(s, n[0], (size_t)(end - s) - nl + 1);
		if (!f)
			return NULL;
		if (memcmp(f + 1, n + 1, nl - 1) == 0)
			return (void *)f;
		s = f + 1;
	}
	return NULL;
}

/* Allocation that never returns NULL: on failure it aborts the process. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* free() under the project's name, so checksrc can ban the raw one. */
void xfree(void *p);

/*
 * Tell malloc to keep freed memory in the process: no trimming of the
 * heap, no mmap for blocks below 64 MiB. Every request (and every parse)
 * allocates and frees its arena and output buffers; kept, the next one
 * reuses warm pages instead of faulting in and zeroing fresh ones (without
 * it, a sixth of a parse's CPU time went to page faults). Called once at
 * start-up by wikid and by the benchmarks, which measure what it serves.
 */
void util_malloc_keep(void);

/* Report an impossible state with file and line, then abort. */
#define BUG(...) util_bug(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void util_bug(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Parse a whole string as a signed decimal integer. Returns RC_OK and
 * stores the value, or RC_INVALID for empty input, junk or overflow.
 * Leading '+' and '-' are accepted; surrounding spaces are not.
 */
int util_parse_ll(const char *s, long long *out);

/* Longest decimal text of a long long, with sign and NUL. */
#define UTIL_LL_CHARS 21

/* `v` in decimal into `buf`; returns the length. For hot paths: no printf. */
size_t util_format_ll(long long v, char buf[UTIL_LL_CHARS]);

/* Tables of util_put_ll(): "00" to "99" in a row, and 10^0 to 10^19. */
extern const char util_digit_pairs[201];
extern const unsigned long long util_pow10[20];

/*
 * `v` in decimal at `d`, without a NUL (room for UTIL_LL_CHARS - 1
 * bytes); returns the end. Inline for the list writers, which write
 * thousands of integers per request.
 */
static inline char *util_put_ll(char *d, long long v)
{
	/* The magnitude as unsigned, so that LLONG_MIN needs no special case. */
	unsigned long long u = (unsigned long long)v;
	if (v < 0) {
		*d++ = '-';
		u = 0 - u;
	}
	if (u < 10) {
		*d = (char)('0' + u);
		return d + 1;
	}
	/*
	 * Digits from the bit length: bits * 1233 / 4096 is log10(2^bits)
	 * rounded down, which is the digit count less one, or one more than
	 * that when u is below the next power of ten.
	 */
	size_t t = ((size_t)(64 - __builtin_clzll(u)) * 1233) >> 12;
	char *end = d + t + 1 - (u < util_pow10[t]);
	char *p = end;
	while (u >= 100) {
		p -= 2;
		memcpy(p, util_digit_pairs + (u % 100) * 2, 2);
		u /= 100;
	}
	if (u >= 10)
		memcpy(p - 2, util_digit_pairs + u * 2, 2);
	else
		p[-1] = (char)('0' + u);
	return end;
}

/* Current wall clock as Unix seconds (overridable in tests via WIKID_FAKE_TIME). */
int64_t util_now(void);

/*
 * Make util_now() answer `t` from now on (0: the real clock again), so
 * unit tests can let expiries pass without waiting. Not thread-safe;
 * tests only.
 */
void util_set_fake_time(int64_t t);

/* Monotonic clock in microseconds, for durations. */
int64_t util_mono_us(void);

/* Fill `buf` with `n` cryptographically random bytes (aborts if the OS cannot). */
void util_random(void *buf, size_t n);

/* Lower-case hex of `n` bytes into `out`, which must hold 2n+1 bytes. */
void util_hex(const unsigned char *in, size_t n, char *out);

/*
 * The dotted and dotless i of Turkish (tr), Azerbaijani (az) and
 * Karakalpak (kaa) as those languages' ucfirst (`upper`) and lcfirst
 * treat the first letter of `s`: the replacement for its first `*len`
 * bytes, or NULL when the general case mapping applies.
 */
const char *util_turkic_first(const char *lang, const char *s, size_t n, bool upper, size_t *len);

#endif
