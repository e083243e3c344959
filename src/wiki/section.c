/* SPDX-License-Identifier: MIT */
/*
 * section.c — the section structure of wikitext, for section editing
 * (action=edit section=N) and reading (prop=revisions rvsection=N).
 *
 * The headings are those of the wikitext preprocessor (src/parser,
 * wt_section_find): its top-level heading nodes, so headings inside
 * comments, <nowiki>, <pre> and other extension tags do not count, and
 * headings inside a template call count in the numbering but can be
 * neither read nor replaced. "T-N" reads the page as transcluded
 * (<noinclude> hidden, <includeonly> shown). This file parses section
 * ids and cuts and splices the text.
 */
#include "wiki.h"
#include "../parser/wt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int wiki_section_id(const char *s, long *n, bool *transcluded)
{
	*transcluded = strncmp(s, "T-", 2) == 0;
	const char *d = *transcluded ? s + 2 : s;
	if (!*d || strspn(d, "0123456789") != strlen(d) || strlen(d) > 9)
		return RC_INVALID;
	*n = strtol(d, NULL, 10);
	return RC_OK;
}

void wiki_section_id_lax(const char *s, long *n, bool *transcluded)
{
	*transcluded = strncmp(s, "T-", 2) == 0;
	const char *dash = strrchr(s, '-');
	const char *d = dash ? dash + 1 : s;
	while (*d == ' ' || *d == '\t' || *d == '\n' || *d == '\r' || *d == '\v' || *d == '\f')
		d++;
	long v = 0;
	bool neg = *d == '-';
	if (*d == '+' || *d == '-')
		d++;
	while (*d >= '0' && *d <= '9' && v < 100000000)
		v = v * 10 + (*d++ - '0');
	*n = neg ? -v : v;
}

int wiki_section_find(struct arena *a, const char *text, size_t len, long n, bool transcluded, size_t *start,
		      size_t *end)
{
	if (n < 0)
		return RC_NOTFOUND;
	return wt_section_find(a, text, len, n, transcluded, start, end);
}

/* Length of `s` without trailing whitespace, as PHP's rtrim() counts it. */
static size_t rtrim_len(const char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r' ||
		       s[len - 1] == '\v' || s[len - 1] == '\0'))
		len--;
	return len;
}

int wiki_section_get(struct arena *a, const char *text, size_t len, long n, bool transcluded, const char **out,
		     size_t *out_len)
{
	size_t s, e;
	int rc = wiki_section_find(a, text, len, n, transcluded, &s, &e);
	if (rc != RC_OK)
		return rc;
	*out = text + s;
	*out_len = rtrim_len(text + s, e - s);
	return RC_OK;
}

int wiki_section_replace(struct arena *a, const char *text, size_t len, long n, bool transcluded,
			 const char *repl, size_t repl_len, char **out, size_t *out_len)
{
	size_t s, e;
	int rc = wiki_section_find(a, text, len, n, transcluded, &s, &e);
	if (rc != RC_OK)
		return rc;
	/* Before, the new text with a blank line after it (when not empty), the rest. */
	size_t total = s + (repl_len ? repl_len + 2 : 0) + (len - e);
	char *o = arena_alloc(a, total + 1), *p = o;
	memcpy(p, text, s);
	p += s;
	if (repl_len) {
		memcpy(p, repl, repl_len);
		p += repl_len;
		*p++ = '\n';
		*p++ = '\n';
	}
	memcpy(p, text + e, len - e);
	p += len - e;
	*out_len = rtrim_len(o, (size_t)(p - o));
	o[*out_len] = '\0';
	*out = o;
	return RC_OK;
}
