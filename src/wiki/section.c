/* SPDX-License-Identifier: MIT */
/*
 * section.c — the section structure of wikitext, for section editing
 * (action=edit section=N) and reading (prop=revisions rvsection=N).
 *
 * A heading is a line that starts with '=' and ends with '=' (trailing
 * blanks and comments allowed), as MediaWiki's preprocessor finds them:
 * its level is the smaller count of '=' on both ends, at most 6; a line
 * of '=' alone is a heading of level (count - 1) / 2. Headings inside
 * comments, <nowiki>, <pre> and the other tags whose content is not
 * wikitext do not count. Headings inside a template call ("{{...}}")
 * count in the numbering but belong to the template, so they can be
 * neither read nor replaced and do not end the section around them.
 *
 * Two views exist, as in MediaWiki: the page as read (<includeonly>
 * content hidden) and the page as transcluded, asked for with "T-N"
 * (<noinclude> content hidden instead).
 */
#include "wiki.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Tags whose content the section splitter skips: not wikitext. */
static const char *const opaque_tags[] = { "nowiki", "pre", "gallery", "indicator", "math", "syntaxhighlight",
					   "source", "templatedata", NULL };

/* One heading found by the scan. */
struct heading {
	size_t pos;   /* offset of the line start */
	int level;    /* 1..6 */
	bool nested;  /* inside a template call */
};

/* Headings beyond this many are not tracked: a page has far fewer. */
#define MAX_HEADINGS 100000

/*
 * What the scan remembers so that no search runs over the same text
 * twice: without this, text like "{{{{..." or "<nowiki><nowiki>..."
 * made each position search to the end of a 2 MiB page (quadratic time).
 */
struct memo {
	size_t gt_from;            /* the first '>' at or after gt_from ... */
	size_t gt_at;              /* ... is at gt_at (the text length: none) */
	const char *miss_name[16]; /* tags whose closing tag was searched for in vain ... */
	size_t miss_from[16];      /* ... from this offset on (16: more than there are tags) */
	size_t n_miss;             /* entries used */
};

/* Offset just past "</name>" (any case, blanks before '>') after `from`, or 0. */
static size_t close_tag_end(const char *t, size_t len, size_t from, const char *name, struct memo *m)
{
	size_t nl = strlen(name);
	for (size_t k = 0; k < m->n_miss; k++)
		if (m->miss_name[k] == name && m->miss_from[k] <= from)
			return 0;
	for (size_t i = from; i + 2 + nl < len; i++) {
		if (t[i] != '<' || t[i + 1] != '/' || strncasecmp(t + i + 2, name, nl) != 0)
			continue;
		size_t k = i + 2 + nl;
		while (k < len && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n'))
			k++;
		if (k < len && t[k] == '>')
			return k + 1;
	}
	if (m->n_miss < ARRAY_SIZE(m->miss_name)) {
		m->miss_name[m->n_miss] = name;
		m->miss_from[m->n_miss++] = from;
	}
	return 0;
}

/* The first '>' at or after offset `k`, or NULL. */
static const char *next_gt(const char *t, size_t len, size_t k, struct memo *m)
{
	if (k < m->gt_from || k > m->gt_at) {
		const char *gt = memchr(t + k, '>', len - k);
		m->gt_from = k;
		m->gt_at = gt ? (size_t)(gt - t) : len;
	}
	return m->gt_at < len ? t + m->gt_at : NULL;
}

/* Offset of the last "}}" in the text, or SIZE_MAX when there is none. */
static size_t last_close_braces(const char *t, size_t len)
{
	for (size_t i = len; i >= 2; i--)
		if (t[i - 1] == '}' && t[i - 2] == '}')
			return i - 2;
	return SIZE_MAX;
}

/*
 * At `i` (a '<'): the name of an opening tag from `names` and the
 * offset just past its '>' in *after; self-closing tags ("<nowiki/>")
 * are reported with *self_closing. NULL when `i` opens none of them.
 */
static const char *open_tag(const char *t, size_t len, size_t i, const char *const *names, size_t *after,
			    bool *self_closing, struct memo *m)
{
	for (const char *const *n = names; *n; n++) {
		size_t nl = strlen(*n);
		if (i + 1 + nl > len || strncasecmp(t + i + 1, *n, nl) != 0)
			continue;
		size_t k = i + 1 + nl;
		if (k < len && t[k] != '>' && t[k] != '/' && !isspace((unsigned char)t[k]))
			continue;
		const char *gt = next_gt(t, len, k, m);
		if (!gt)
			return NULL;
		*after = (size_t)(gt - t) + 1;
		*self_closing = gt > t + k && gt[-1] == '/';
		return *n;
	}
	return NULL;
}

/*
 * Level of the heading on the line [s, e) (e excludes the '\n'), or 0.
 * Trailing blanks and complete comments after the closing '=' are allowed.
 */
static int heading_level(const char *t, size_t s, size_t e)
{
	for (;;) {
		while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r'))
			e--;
		if (e - s >= 8 && memcmp(t + e - 3, "-->", 3) == 0) {
			/* Cut a trailing comment; its "<!--" must come after the first '='. */
			size_t k = e - 7;
			while (k > s && memcmp(t + k, "<!--", 4) != 0)
				k--;
			if (k > s) {
				e = k;
				continue;
			}
		}
		break;
	}
	size_t n = e - s;
	size_t lead = 0, trail = 0;
	while (lead < n && t[s + lead] == '=')
		lead++;
	if (lead == n) /* a line of '=' only */
		return (int)MIN((n - 1) / 2, 6);
	while (trail < n && t[e - 1 - trail] == '=')
		trail++;
	return (int)MIN(MIN(lead, trail), 6);
}

/*
 * Every heading of `t`, in order, into an arena array (*out, count in
 * *n). `transcluded` selects the view: see the file comment.
 */
static void scan(struct arena *a, const char *t, size_t len, bool transcluded, struct heading **out, size_t *n)
{
	static const char *const hidden_read[] = { "includeonly", NULL };
	static const char *const hidden_incl[] = { "noinclude", NULL };
	const char *const *hidden = transcluded ? hidden_incl : hidden_read;
	size_t cap = 16, count = 0;
	struct heading *hs = arena_alloc(a, cap * sizeof(*hs));
	/* Open "{{" positions; only their number matters for nesting. */
	size_t depth = 0;
	size_t last_close = last_close_braces(t, len);
	struct memo m = { .gt_from = 1, .gt_at = 0 };
	size_t i = 0;
	while (i < len) {
		if (t[i] == '=' && (i == 0 || t[i - 1] == '\n')) {
			const char *nl = memchr(t + i, '\n', len - i);
			size_t e = nl ? (size_t)(nl - t) : len;
			int level = heading_level(t, i, e);
			if (level > 0 && count < MAX_HEADINGS) {
				if (count == cap) {
					struct heading *g = arena_alloc(a, 2 * cap * sizeof(*g));
					memcpy(g, hs, cap * sizeof(*hs));
					hs = g;
					cap *= 2;
				}
				hs[count++] = (struct heading){ i, level, depth > 0 };
			}
		}
		char c = t[i];
		if (c == '<') {
			size_t after;
			bool self_closing;
			const char *name;
			if (i + 4 <= len && memcmp(t + i, "<!--", 4) == 0) {
				const char *end = len - i >= 7 ? memmem(t + i + 4, len - i - 4, "-->", 3) : NULL;
				i = end ? (size_t)(end - t) + 3 : len;
				continue;
			}
			if ((name = open_tag(t, len, i, opaque_tags, &after, &self_closing, &m)) ||
			    (name = open_tag(t, len, i, hidden, &after, &self_closing, &m))) {
				if (self_closing) {
					i = after;
					continue;
				}
				size_t end = close_tag_end(t, len, after, name, &m);
				/* An unclosed hidden region runs to the end; an unclosed tag is text. */
				if (end) {
					i = end;
					continue;
				}
				if (hidden[0] == name) {
					i = len;
					continue;
				}
			}
		} else if (c == '{' && i + 1 < len && t[i + 1] == '{') {
			/* Count "{{" only when some "}}" follows, as an unclosed call is text. */
			if (last_close != SIZE_MAX && last_close >= i + 2)
				depth++;
			i += 2;
			continue;
		} else if (c == '}' && i + 1 < len && t[i + 1] == '}' && depth) {
			depth--;
			i += 2;
			continue;
		}
		i++;
	}
	*out = hs;
	*n = count;
}

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
	struct heading *hs;
	size_t count;
	if (n < 0)
		return RC_NOTFOUND;
	scan(a, text, len, transcluded, &hs, &count);
	if (n == 0) {
		*start = 0;
		*end = len;
		for (size_t i = 0; i < count; i++) {
			if (!hs[i].nested) {
				*end = hs[i].pos;
				break;
			}
		}
		return RC_OK;
	}
	if ((size_t)n > count || hs[n - 1].nested)
		return RC_NOTFOUND;
	const struct heading *h = &hs[n - 1];
	*start = h->pos;
	*end = len;
	for (size_t i = (size_t)n; i < count; i++) {
		if (!hs[i].nested && hs[i].level <= h->level) {
			*end = hs[i].pos;
			break;
		}
	}
	return RC_OK;
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
