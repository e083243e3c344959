/* SPDX-License-Identifier: MIT */
/*
 * comment_html.c — an edit summary or log comment as the HTML MediaWiki
 * shows for it ("parsedcomment" in the API). The formatting itself is the
 * parser's (wt_comment_html in src/parser/comment.c, which the parser
 * tests run too); this is the wiki's side: its site configuration, and
 * page existence read from the store.
 */
#include "wiki.h"

#include <string.h>

#include "../parser/wt.h"

const char *wiki_comment_html(struct arena *a, struct store *st, const char *comment, const struct wiki_title *page)
{
	struct wt_host host;
	wiki_wt_host(st, a, &host);
	if (!st)
		host.page_info = NULL; /* no store: every page counts as missing */
	const char *html = NULL;
	size_t len = 0;
	wt_comment_html(a, wiki_wt_site(), &host, page ? page->prefixed : NULL, false, comment, strlen(comment), &html,
			&len);
	return html ? html : "";
}
