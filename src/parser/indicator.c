/* SPDX-License-Identifier: MIT */
/*
 * indicator.c — the <indicator name="..."> extension tag of MediaWiki
 * 1.39 (CoreTagHooks::indicator): its content, parsed fully as wikitext
 * in the calling frame, becomes a page status indicator of the parser
 * output under the trimmed name (a later indicator of the same name
 * replaces the earlier one in its place); the tag itself leaves nothing
 * in the page. A missing or blank name is an error span in the page.
 */
#include "wt_int.h"

/*
 * Parser::stripOuterParagraph: "<p>X</p>" (an optional newline before
 * and after the </p>) becomes X when X holds no other paragraph end.
 */
static struct str strip_outer_paragraph(struct str h)
{
	if (h.len < 7 || memcmp(h.p, "<p>", 3) != 0)
		return h;
	size_t end = h.len;
	if (h.p[end - 1] == '\n')
		end--;
	if (end < 7 || memcmp(h.p + end - 4, "</p>", 4) != 0)
		return h;
	end -= 4;
	if (end > 3 && h.p[end - 1] == '\n')
		end--;
	struct str inner = { h.p + 3, end - 3 };
	if (util_memmem(inner.p, inner.len, "</p>", 4))
		return h;
	return inner;
}

int wt_tag_indicator(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_tag_call *call, struct wt_result *res)
{
	const struct str *name = wt_attrs_get(&call->attrs, "name");
	struct str n = name ? wt_trim(*name) : (struct str){ "", 0 };
	if (!n.len) {
		res->text = str_c(wt_aprintf(cx->a, "<span class=\"error\">%s</span>",
					       wt_msg(cx, "invalid-indicator-name", NULL, NULL, NULL)));
		return RC_OK;
	}
	struct str c = call->content.p ? call->content : (struct str){ "", 0 };
	struct str html = strip_outer_paragraph(wt_recursive_tag_parse_fully(cx, frame, c));
	wt_out_indicator(cx, arena_strndup(cx->a, n.p, n.len), arena_strndup(cx->a, html.p, html.len));
	res->text = (struct str){ "", 0 };
	return RC_OK;
}
