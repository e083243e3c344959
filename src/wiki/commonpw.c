/* SPDX-License-Identifier: MIT */
/*
 * commonpw.c — the list of common passwords MediaWiki's
 * PasswordCannotBeInCommonList policy refuses.
 *
 * common_passwords.txt beside this file holds the 100,000 most used
 * passwords of SecLists' "10 million password list" (the list MediaWiki's
 * wikimedia/common-passwords library is built from), one a line, sorted
 * bytewise and without duplicates. The assembler embeds the file in the
 * binary as it is; wiki_commonpw_init() indexes it once into an array of
 * line offsets (4 bytes per entry), and a lookup is a binary search of
 * exact, case-sensitive matches, as MediaWiki's isset() on the list is.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "wiki.h"

/* The file's bytes, between the two labels (read-only data). */
__asm__(".section .rodata\n"
	".globl wiki_commonpw_blob\n"
	".globl wiki_commonpw_blob_end\n"
	"wiki_commonpw_blob:\n"
	".incbin \"src/wiki/common_passwords.txt\"\n"
	"wiki_commonpw_blob_end:\n"
	".previous\n");

extern const char wiki_commonpw_blob[];     /* first byte of the embedded list */
extern const char wiki_commonpw_blob_end[]; /* one past its last byte */

static uint32_t *line_start; /* offset of every line in the blob, in file (sorted) order */
static size_t line_count;    /* number of lines */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Index the embedded list: one offset per non-empty line. */
static void build(void)
{
	const char *p = wiki_commonpw_blob, *end = wiki_commonpw_blob_end;
	size_t n = 0;
	for (const char *q = p; q < end; q++)
		if (*q == '\n')
			n++;
	line_start = xcalloc(n + 1, sizeof(*line_start));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl > p)
			line_start[line_count++] = (uint32_t)(p - wiki_commonpw_blob);
		p = nl + 1;
	}
}

/* Line `i` of the list as a pointer and length. */
static const char *line_at(size_t i, size_t *len)
{
	const char *s = wiki_commonpw_blob + line_start[i];
	const char *nl = memchr(s, '\n', (size_t)(wiki_commonpw_blob_end - s));
	*len = (size_t)((nl ? nl : wiki_commonpw_blob_end) - s);
	return s;
}

void wiki_commonpw_init(void)
{
	pthread_once(&once, build);
}

size_t wiki_commonpw_count(void)
{
	wiki_commonpw_init();
	return line_count;
}

bool wiki_commonpw_has(const char *password)
{
	wiki_commonpw_init();
	size_t plen = strlen(password), lo = 0, hi = line_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, len;
		const char *s = line_at(mid, &len);
		int c = memcmp(s, password, len < plen ? len : plen);
		if (c == 0)
			c = len < plen ? -1 : len > plen ? 1 : 0;
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}
