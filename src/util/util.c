/* SPDX-License-Identifier: MIT */
/*
 * util.c — allocation wrappers, BUG(), integer parsing, clocks and random
 * bytes. The only file outside util/ tests that may call malloc and free.
 */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

static _Noreturn void oom(size_t n)
{
	fprintf(stderr, "wikid: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void util_malloc_keep(void)
{
	/* Buffers up to 64 MiB from the heap; up to 256 MiB of free heap top kept rather than returned. */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void xfree(void *p)
{
	free(p);
}

void util_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

const char util_digit_pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				   "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				   "8081828384858687888990919293949596979899";

const unsigned long long util_pow10[20] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
	1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL, 10000000000000000000ULL,
};

size_t util_format_ll(long long v, char buf[UTIL_LL_CHARS])
{
	char *end = util_put_ll(buf, v);
	*end = '\0';
	return (size_t)(end - buf);
}

int util_parse_ll(const char *s, long long *out)
{
	char *end;
	long long v;
	if (!s || !*s || *s == ' ' || *s == '\t' || *s == '\n')
		return RC_INVALID;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return RC_INVALID;
	*out = v;
	return RC_OK;
}

/* A fixed time for tests: -1 until read from WIKID_FAKE_TIME, 0 for the real clock. */
static int64_t fake = -1;

void util_set_fake_time(int64_t t)
{
	fake = t > 0 ? t : 0;
}

int64_t util_now(void)
{
	if (fake == -1) {
		const char *f = getenv("WIKID_FAKE_TIME");
		long long v;
		fake = (f && util_parse_ll(f, &v) == RC_OK) ? v : 0;
	}
	if (fake > 0)
		return fake;
	return (int64_t)time(NULL);
}

int64_t util_mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void util_random(void *buf, size_t n)
{
	unsigned char *p = buf;
	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			BUG("getrandom failed: %d", errno);
		}
		p += got;
		n -= (size_t)got;
	}
}

void util_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

const char *util_turkic_first(const char *lang, const char *s, size_t n, bool upper, size_t *len)
{
	if (!lang || !n)
		return NULL;
	bool tr = strcmp(lang, "tr") == 0, az = strcmp(lang, "az") == 0, kaa = strcmp(lang, "kaa") == 0;
	if (!tr && !az && !kaa)
		return NULL;
	*len = 1;
	if (upper && s[0] == 'i')
		return "\xC4\xB0"; /* İ */
	if (!upper && s[0] == 'I' && (tr || kaa))
		return "\xC4\xB1"; /* ı */
	*len = 2;
	if (tr && n >= 2 && (unsigned char)s[0] == 0xC4 && (unsigned char)s[1] == 0xB1 && upper)
		return "I";
	if (tr && n >= 2 && (unsigned char)s[0] == 0xC4 && (unsigned char)s[1] == 0xB0 && !upper)
		return "i";
	return NULL;
}
