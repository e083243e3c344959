/* SPDX-License-Identifier: MIT */
/*
 * test_wtbuf.c — the parser's own printf (wt_buf_addf, wt_aprintf in
 * src/parser/buf.c): every format must give exactly what snprintf()
 * gives, both the conversions it formats itself and those it hands to
 * vsnprintf().
 */
#include <stdio.h>
#include <string.h>

#include "../harness.h"
#include "parser/wt_int.h"
#include "util/arena.h"

static struct arena *A;

/* Compare wt_aprintf() with snprintf() for one format and its arguments. */
#define SAME(name, ...)                                                           \
	do {                                                                      \
		char want[512];                                                   \
		snprintf(want, sizeof(want), __VA_ARGS__);                        \
		STR_EQ(wt_aprintf(A, __VA_ARGS__), want, name);                   \
	} while (0)

int main(void)
{
	A = arena_new();
	SAME("plain text", "no conversions");
	SAME("percent", "100%% sure");
	SAME("strings", "%s/%s|%s", "a", "", "ccc");
	SAME("precision from an argument", "[%.*s]", 3, "abcdef");
	SAME("precision past a NUL", "[%.*s]", 10, "ab");
	SAME("fixed precision", "[%.2s]", "xyz");
	SAME("string width", "[%5s]", "ab");
	SAME("left-justified string (fallback)", "[%-5s]", "ab");
	SAME("int", "%d %d %d", 0, -7, 2147483647);
	SAME("int minimum", "%d", -2147483647 - 1);
	SAME("long and long long", "%ld %lld", -1234567890123L, -9223372036854775807LL - 1);
	SAME("unsigned", "%u %lu %llu", 4294967295u, 123ul, 18446744073709551615ull);
	SAME("size_t", "%zu %zX %zx", (size_t)0, (size_t)48879, (size_t)48879);
	SAME("zero padding", "%08zX|%05d|%03d", (size_t)255, -42, 12345);
	SAME("width from an argument", "%0*d|%*d", 4, 7, 3, -5);
	SAME("negative width from an argument", "[%*d]", -4, 7);
	SAME("hex", "&#x%x;&#%u;", 0x1F600u, 160u);
	SAME("char", "%c%c", 'a', 'z');
	SAME("space width", "[%6d]", -12);
	SAME("float (fallback)", "%.3f %g", 1.5, 0.25);
	SAME("plus flag (fallback)", "%+d", 5);
	SAME("short (fallback)", "%hd", 70000);
	SAME("marker", "\x7f'\"`UNIQ-%s-%08zX-QINU`\"'\x7f", "ref", (size_t)3);
	struct wt_buf b;
	wt_buf_init(&b, A, 0);
	wt_buf_addf(&b, "<h%d>", 2);
	wt_buf_addf(&b, "%s", "x");
	wt_buf_addf(&b, "</h%d>", 2);
	STR_EQ(b.p, "<h2>x</h2>", "wt_buf_addf appends");
	char big[600];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	wt_buf_init(&b, A, 0);
	wt_buf_addf(&b, "%.1f%s", 2.0, big);
	OK(b.len == 3 + sizeof(big) - 1 && strncmp(b.p, "2.0qq", 5) == 0, "a long fallback result");
	arena_free(A);
	return harness_done();
}
