/* SPDX-License-Identifier: MIT */
/*
 * tags.c — the core extension tags of MediaWiki's CoreTagHooks that the
 * core parser owns: <nowiki> (its content as literal text; '<', '>' and
 * the language-conversion braces escaped, entities and strip markers let
 * through) and <pre> (a preformatted block whose content is not parsed,
 * with <nowiki> inside it unwrapped for backwards compatibility).
 */
#include <strings.h>

#include "wt_int.h"

int wt_tag_nowiki(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_tag_call *call, struct wt_result *res)
{
	(void)frame;
	struct str c = call->content.p ? call->content : (struct str){ "", 0 };
	struct wt_buf b;
	wt_buf_init(&b, cx->a, c.len + 16);
	for (size_t i = 0; i < c.len; i++) {
		char ch = c.p[i];
		if (ch == '-' && i + 1 < c.len && c.p[i + 1] == '{') {
			wt_buf_adds(&b, "-&#123;");
			i++;
		} else if (ch == '}' && i + 1 < c.len && c.p[i + 1] == '-') {
			wt_buf_adds(&b, "&#125;-");
			i++;
		} else if (ch == '<') {
			wt_buf_adds(&b, "&lt;");
		} else if (ch == '>') {
			wt_buf_adds(&b, "&gt;");
		} else {
			wt_buf_addc(&b, ch);
		}
	}
	res->text = wt_buf_str(&b);
	res->nowiki = true;
	return RC_OK;
}

int wt_tag_pre(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_tag_call *call, struct wt_result *res)
{
	(void)frame;
	struct str c = call->content.p ? call->content : (struct str){ "", 0 };
	/* <nowiki>x</nowiki> inside <pre> is x (StringUtils::delimiterReplace, any case). */
	struct wt_buf un;
	wt_buf_init(&un, cx->a, c.len + 1);
	for (size_t i = 0; i < c.len;) {
		if (c.p[i] == '<' && c.len - i >= 8 && strncasecmp(c.p + i, "<nowiki>", 8) == 0) {
			size_t j = i + 8;
			size_t end = 0;
			for (size_t k = j; k + 9 <= c.len; k++)
				if (c.p[k] == '<' && strncasecmp(c.p + k, "</nowiki>", 9) == 0) {
					end = k;
					break;
				}
			if (end) {
				wt_buf_add(&un, c.p + j, end - j);
				i = end + 9;
				continue;
			}
		}
		wt_buf_addc(&un, c.p[i]);
		i++;
	}
	struct wt_buf b;
	wt_buf_init(&b, cx->a, un.len + 32);
	wt_buf_adds(&b, "<pre");
	struct wt_attrs attrs = call->attrs;
	wt_san_validate_attrs(cx->a, STR_LIT("pre"), &attrs, wt_site_protocols(cx));
	wt_html_attrs(&b, &attrs);
	wt_buf_addc(&b, '>');
	for (size_t i = 0; i < un.len; i++) {
		if (un.p[i] == '<')
			wt_buf_adds(&b, "&lt;");
		else if (un.p[i] == '>')
			wt_buf_adds(&b, "&gt;");
		else
			wt_buf_addc(&b, un.p[i]);
	}
	wt_buf_adds(&b, "</pre>");
	res->text = wt_buf_str(&b);
	return RC_OK;
}
