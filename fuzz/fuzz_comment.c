/* SPDX-License-Identifier: MIT */
/*
 * fuzz_comment.c — the edit-summary formatter (src/parser/comment.c through
 * src/wiki/comment_html.c, "parsedcomment") on arbitrary comments. Input: the comment; the page it
 * belongs to is fixed. No database: every link target counts as missing.
 *
 * Invariant: every '<' in the output opens or closes one of the
 * formatter's own elements (a, span): nothing in a comment becomes markup
 * of its own. Balance, quotes and '>' in text are not checked: MediaWiki
 * itself leaves stray </span> and attribute-like text in the output when
 * an autocomment sits inside the text of a link, and wikid matches it
 * byte for byte (checked against the oracle with action=parse&summary=).
 */
#include "fuzz.h"

#include "util/config.h"
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
	static bool ready;
	if (!ready) {
		/* The formatter builds its site from the configuration and the namespace table. */
		config_defaults();
		config_finish();
		wiki_ns_init();
		ready = true;
	}
	struct arena *a = arena_new();
	const char *comment = arena_strndup(a, (const char *)data, size);
	struct wiki_title page;
	wiki_title_make(a, 0, "Fuzz_page", &page);
	const char *html = wiki_comment_html(a, NULL, comment, &page);
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		int delta = 0;
		FUZZ_CHECK(known_tag(p, &delta), "unexpected '<' at %zu in %s", (size_t)(p - html), html);
	}
	arena_free(a);
	return 0;
}
