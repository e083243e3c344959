/* SPDX-License-Identifier: MIT */
/*
 * fuzz_comment.c — the edit-summary formatter (src/parser/comment.c through
 * src/wiki/comment_html.c, "parsedcomment") on arbitrary comments. Input: the comment; the page it
 * belongs to is fixed. No database: every link target counts as missing.
 *
 * Invariants: the output is escaped HTML in which every '<' opens or
 * closes one of the formatter's own elements (a, span), elements are
 * balanced, and no '"' appears outside an attribute value.
 */
#include "fuzz.h"

#include "wiki/wiki.h"

/* Does `p` start one of the formatter's tags? Sets *delta to +1 (open) or -1 (close). */
static bool known_tag(const char *p, int *delta)
{
	static const char *const opens[] = { "<a ", "<span ", NULL };
	static const char *const closes[] = { "</a>", "</span>", NULL };
	for (const char *const *o = opens; *o; o++)
		if (!strncmp(p, *o, strlen(*o))) {
			*delta = 1;
			return true;
		}
	for (const char *const *c = closes; *c; c++)
		if (!strncmp(p, *c, strlen(*c))) {
			*delta = -1;
			return true;
		}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *comment = arena_strndup(a, (const char *)data, size);
	struct wiki_title page;
	wiki_title_make(a, 0, "Fuzz_page", &page);
	const char *html = wiki_comment_html(a, NULL, comment, &page);
	int depth = 0;
	bool in_tag = false, in_attr = false;
	for (const char *p = html; *p; p++) {
		if (!in_tag && *p == '<') {
			int delta = 0;
			FUZZ_CHECK(known_tag(p, &delta), "unexpected '<' at %zu in %s", (size_t)(p - html), html);
			depth += delta;
			FUZZ_CHECK(depth >= 0, "element closed before it was opened in %s", html);
			in_tag = true;
		} else if (in_tag && *p == '"') {
			in_attr = !in_attr;
		} else if (in_tag && !in_attr && *p == '>') {
			in_tag = false;
		} else if (!in_tag) {
			FUZZ_CHECK(*p != '"' && *p != '>', "unescaped '%c' in text of %s", *p, html);
		}
	}
	FUZZ_CHECK(depth == 0 && !in_tag, "unbalanced output %s", html);
	arena_free(a);
	return 0;
}
