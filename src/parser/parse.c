/* SPDX-License-Identifier: MIT */
/*
 * parse.c — the parser's entry points and MediaWiki's pass order
 * (Parser::parse, internalParse, internalParseHalfParsed, preprocess):
 *
 *   expand templates (expand.c)
 *   -> remove/escape HTML tags (the sanitizer)
 *   -> tables -> "----" rules -> behaviour switches -> headings
 *   -> internal links -> quotes -> external links -> magic links
 *   -> heading numbering, anchors, edit links and TOC
 *   -> block levels -> link colouring -> unstrip -> tidy
 *   -> the wrapper, edit-section links and the TOC in place.
 *
 * The context (struct wt_ctx) carries the options with their defaults
 * filled in, the collected output and every counter of the limit report.
 */
#include <stdio.h>
#include <strings.h>

#include "wt_int.h"

/* MediaWiki's ParserOptions defaults (see struct wt_limits). */
#define DEFAULT_MAX_INCLUDE_SIZE ((size_t)2048 * 1024)
#define DEFAULT_MAX_PP_NODES 1000000
#define DEFAULT_MAX_PP_DEPTH 100
#define DEFAULT_MAX_TEMPLATE_DEPTH 100
#define DEFAULT_EXPENSIVE_LIMIT 100

/* Where __TOC__ or the automatic TOC goes until the TOC is made (Parser::TOC_PLACEHOLDER). */
#define TOC_PLACEHOLDER "<mw:tocplace></mw:tocplace>"

void wt_ctx_init(struct wt_ctx *cx, struct arena *a, const struct wt_site *site, const struct wt_host *host,
		 const struct wt_options *opt, struct wt_output *out, enum wt_ot ot)
{
	static const struct wt_host no_host = { 0 };
	memset(cx, 0, sizeof(*cx));
	memset(out, 0, sizeof(*out));
	cx->a = a;
	cx->site = site;
	cx->host = host ? host : &no_host;
	if (opt)
		cx->opt = *opt;
	struct wt_limits *l = &cx->opt.limits;
	if (!l->max_include_size)
		l->max_include_size = DEFAULT_MAX_INCLUDE_SIZE;
	if (!l->max_pp_node_count)
		l->max_pp_node_count = DEFAULT_MAX_PP_NODES;
	if (!l->max_pp_expand_depth)
		l->max_pp_expand_depth = DEFAULT_MAX_PP_DEPTH;
	if (!l->max_template_depth)
		l->max_template_depth = DEFAULT_MAX_TEMPLATE_DEPTH;
	if (!l->expensive_function_limit)
		l->expensive_function_limit = DEFAULT_EXPENSIVE_LIMIT;
	if (!cx->opt.now)
		cx->opt.now = util_now();
	if (!cx->opt.user_lang)
		cx->opt.user_lang = site->lang;
	cx->out = out;
	cx->ot = ot;
	cx->remove_comments = true;
	cx->show_toc = true;
	const char *t = cx->opt.title ? cx->opt.title : (site->mainpage ? site->mainpage : "Main Page");
	if (wt_title_parse(a, site, t, strlen(t), 0, &cx->title) != RC_OK)
		wt_title_parse(a, site, "Main Page", 9, 0, &cx->title);
	cx->title_pdbk = wt_title_prefixed(a, site, &cx->title, true);
	cx->root = arena_calloc(a, 1, sizeof(*cx->root));
	cx->root->title = cx->title;
	cx->root->pdbk = cx->title_pdbk;
	cx->lconv = wt_lconv_new(cx);
}

/* The input with U+007F replaced and NUL bytes dropped (Parser::parse). */
static struct str clean_input(struct arena *a, const char *text, size_t len)
{
	char *c = arena_alloc(a, len + 1);
	if (!memchr(text, '\0', len) && !memchr(text, 0x7f, len)) {
		memcpy(c, text, len);
		c[len] = '\0';
		return (struct str){ c, len };
	}
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\0')
			continue;
		c[n++] = text[i] == 0x7f ? '?' : text[i];
	}
	c[n] = '\0';
	return (struct str){ c, n };
}

/* "----" at a line start (and any further dashes) becomes <hr />. */
static struct str pass_hr(struct wt_ctx *cx, struct str t)
{
	if (!util_memmem(t.p, t.len, "----", 4))
		return t;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + 16);
	/* Line by line: a line that starts with "----" has that run of dashes replaced. */
	size_t i = 0;
	while (i < t.len) {
		if (t.len - i >= 4 && memcmp(t.p + i, "----", 4) == 0) {
			i += 4;
			while (i < t.len && t.p[i] == '-')
				i++;
			wt_buf_adds(&b, "<hr />");
		}
		const char *nl = memchr(t.p + i, '\n', t.len - i);
		size_t next = nl ? (size_t)(nl - t.p) + 1 : t.len;
		wt_buf_add(&b, t.p + i, next - i);
		i = next;
	}
	return wt_buf_str(&b);
}

/*
 * handleDoubleUnderscore: behaviour switches are removed and remembered.
 * Like MediaWiki's mDoubleUnderscores, cx->sw is replaced, not added to:
 * it holds the switches of the latest text through here, so a ref's text
 * parsed for a <references> list before the page's own pass (or after it,
 * for the list Cite adds at the end) does not leave __NOEDITSECTION__ or
 * __FORCETOC__ on the page's headings. What a switch sets elsewhere (the
 * TOC's removal by __NOTOC__, the page properties) stays.
 */
static struct str pass_switches(struct wt_ctx *cx, struct str t)
{
	memset(cx->sw, 0, sizeof(cx->sw));
	if (!util_memmem(t.p, t.len, "__", 2))
		return t;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + 16);
	bool toc_done = false;
	/* The switches found, in text order, for the page properties. */
	int found[WT_N_SWITCHES];
	size_t n_found = 0;
	for (size_t i = 0; i < t.len;) {
		/* Copy up to the next "__" in one piece. */
		const char *u = util_memmem(t.p + i, t.len - i, "__", 2);
		size_t next = u ? (size_t)(u - t.p) : t.len;
		if (next > i) {
			wt_buf_add(&b, t.p + i, next - i);
			i = next;
			continue;
		}
		if (t.p[i] == '_' && i + 1 < t.len && t.p[i + 1] == '_') {
			/* The "__NAME__" at i (localized names run to 91 bytes: Messages*.php). */
			const char *e = NULL;
			for (size_t j = i + 2; j + 1 < t.len && j < i + 128; j++) {
				if (t.p[j] == '_' && t.p[j + 1] == '_') {
					e = t.p + j + 2;
					break;
				}
			}
			struct str name = { t.p + i, e ? (size_t)(e - t.p) - i : 0 };
			const struct wt_reg *r = e ? wt_reg_switch(cx->site, name) : NULL;
			if (r) {
				if (!cx->sw[r->sw] && n_found < WT_N_SWITCHES)
					found[n_found++] = r->sw;
				cx->sw[r->sw] = true;
				if (r->sw == WT_SW_toc) {
					if (!toc_done) {
						cx->show_toc = true;
						cx->force_toc_position = true;
						wt_buf_adds(&b, TOC_PLACEHOLDER);
						toc_done = true;
					}
				}
				i = (size_t)(e - t.p);
				continue;
			}
		}
		wt_buf_addc(&b, t.p[i]);
		i++;
	}
	if (cx->sw[WT_SW_notoc] && !cx->force_toc_position)
		cx->show_toc = false;
	wt_switches_record(cx, found, n_found);
	return wt_buf_str(&b);
}

static bool pcre_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The heading level (1-6) a line matches, with its content, or 0. */
static int heading_line(struct str line, struct str *content)
{
	size_t e = line.len;
	while (e && pcre_space(line.p[e - 1]))
		e--;
	for (int lv = 6; lv >= 1; lv--) {
		size_t n = (size_t)lv;
		if (e < 2 * n + 1)
			continue;
		bool ok = true;
		for (size_t k = 0; k < n && ok; k++)
			ok = line.p[k] == '=' && line.p[e - 1 - k] == '=';
		if (!ok)
			continue;
		size_t s = n, f = e - n;
		while (s + 1 < f && (line.p[s] == ' ' || line.p[s] == '\t'))
			s++;
		while (f > s + 1 && (line.p[f - 1] == ' ' || line.p[f - 1] == '\t'))
			f--;
		*content = (struct str){ line.p + s, f - s };
		return lv;
	}
	return 0;
}

/* handleHeadings: "== x ==" lines become <h2>x</h2> (trailing blank lines join the heading). */
static struct str pass_headings(struct wt_ctx *cx, struct str t)
{
	if (!memchr(t.p, '=', t.len))
		return t;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + 64);
	size_t pos = 0;
	while (pos <= t.len) {
		if (pos < t.len && t.p[pos] != '=') {
			/* Only a line that starts with '=' can change: copy up to the next one in one piece. */
			const char *e = util_memmem(t.p + pos, t.len - pos, "\n=", 2);
			if (!e) {
				wt_buf_add(&b, t.p + pos, t.len - pos);
				break;
			}
			size_t ls = (size_t)(e - t.p) + 1;
			wt_buf_add(&b, t.p + pos, ls - pos);
			pos = ls;
		}
		const char *nl = memchr(t.p + pos, '\n', t.len - pos);
		size_t end = nl ? (size_t)(nl - t.p) : t.len;
		struct str line = { t.p + pos, end - pos };
		struct str content;
		int lv = line.len && line.p[0] == '=' ? heading_line(line, &content) : 0;
		if (!lv) {
			wt_buf_addstr(&b, line);
			if (!nl)
				break;
			wt_buf_addc(&b, '\n');
			pos = end + 1;
			continue;
		}
		/* <hN>content</hN>, N one digit. */
		wt_buf_adds(&b, "<h");
		wt_buf_addc(&b, (char)('0' + lv));
		wt_buf_addc(&b, '>');
		wt_buf_addstr(&b, content);
		wt_buf_adds(&b, "</h");
		wt_buf_addc(&b, (char)('0' + lv));
		wt_buf_addc(&b, '>');
		/* \s*$ swallows the whitespace after it up to the last newline of the run. */
		size_t j = pos + line.len;
		while (j > pos && pcre_space(t.p[j - 1]) && t.p[j - 1] != '\n')
			j--;
		size_t k = j;
		size_t last_nl = SIZE_MAX;
		while (k < t.len && pcre_space(t.p[k])) {
			if (t.p[k] == '\n')
				last_nl = k;
			k++;
		}
		if (k == t.len)
			break;
		pos = last_nl == SIZE_MAX ? k : last_nl;
		if (pos < t.len && t.p[pos] == '\n') {
			wt_buf_addc(&b, '\n');
			pos++;
		}
	}
	return wt_buf_str(&b);
}

/* The sanitizer's attribute callback: expand what templates left and unstrip. */
static void attr_expand(void *data, struct str *params)
{
	struct wt_ctx *cx = data;
	*params = wt_unstrip_both(cx, wt_replace_variables(cx, cx->root, *params));
}

/* Sanitizer::internalRemoveHtmlTags over the expanded text. */
static struct str pass_sanitize(struct wt_ctx *cx, struct str t)
{
	struct sbuf sb;
	sbuf_init(&sb, WT_BUF_MAX);
	if (wt_san_remove_html_tags_memo(cx->a, &sb, t, wt_site_protocols(cx), attr_expand, cx, wt_ctx_san_memo(cx)) !=
	    RC_OK)
		cx->is_toobig = true;
	struct str r = { arena_strndup(cx->a, sbuf_cstr(&sb), sb.len), sb.len };
	sbuf_release(&sb);
	return r;
}

/* Drop the NOPARSE markers armorLinks() put before URLs. */
static struct str remove_noparse(struct wt_ctx *cx, struct str t)
{
	static const char m[] = WT_MARKER_PREFIX "NOPARSE";
	const size_t ml = sizeof(m) - 1;
	if (!util_memmem(t.p, t.len, m, ml))
		return t;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len);
	size_t start = 0;
	for (;;) {
		const char *f = util_memmem(t.p + start, t.len - start, m, ml);
		if (!f)
			break;
		wt_buf_add(&b, t.p + start, (size_t)(f - t.p) - start);
		start = (size_t)(f - t.p) + ml;
	}
	wt_buf_add(&b, t.p + start, t.len - start);
	return wt_buf_str(&b);
}

struct str wt_internal_parse(struct wt_ctx *cx, struct str text, bool is_main, struct wt_frame *frame)
{
	struct str orig = text;
	if (frame) {
		struct wt_node *root =
			wt_preprocess_tree(cx->a, cx->site, text.p, text.len, frame->depth ? WT_PP_FOR_INCLUSION : 0);
		text = wt_expand(cx, frame, root, 0);
	} else {
		text = wt_replace_variables(cx, cx->root, text);
	}
	text = pass_sanitize(cx, text);
	text = wt_pass_tables(cx, text);
	text = pass_hr(cx, text);
	text = pass_switches(cx, text);
	text = pass_headings(cx, text);
	text = wt_pass_internal_links(cx, text);
	text = wt_pass_quotes(cx, text);
	text = wt_pass_external_links(cx, text);
	text = remove_noparse(cx, text);
	text = wt_pass_magic_links(cx, text);
	text = wt_finalize_headings(cx, text, orig, is_main);
	return text;
}

struct str wt_half_parsed(struct wt_ctx *cx, struct str text, bool is_main, bool linestart)
{
	(void)is_main;
	text = wt_unstrip(cx, WT_STRIP_GENERAL, text);
	text = wt_pass_block_levels(cx, text, linestart);
	text = wt_replace_link_holders(cx, text);
	/* After the links, before nowiki comes back (Parser::internalParseHalfParsed). */
	if (cx->lconv && !cx->sw[WT_SW_nocontentconvert] && !cx->opt.interface_message)
		text = wt_lconv_convert(cx, text);
	text = wt_unstrip(cx, WT_STRIP_NOWIKI, text);
	text = wt_unstrip(cx, WT_STRIP_GENERAL, text);
	return wt_ctx_tidy(cx, text);
}

struct str wt_ctx_tidy(struct wt_ctx *cx, struct str html)
{
	struct sbuf sb;
	sbuf_init(&sb, WT_BUF_MAX);
	if ((cx->opt.tidy_uncut ? wt_tidy_uncut : wt_tidy)(cx->a, &sb, html, true) != RC_OK)
		cx->is_toobig = true;
	/* The page's whole HTML: the arena takes the buffer over rather than a copy of it. */
	struct str r;
	char *p = sbuf_detach(&sb, &r.len);
	arena_on_cleanup(cx->a, xfree, p);
	r.p = p;
	return r;
}

struct str wt_recursive_tag_parse(struct wt_ctx *cx, struct wt_frame *frame, struct str text)
{
	return wt_internal_parse(cx, text, false, frame);
}

struct str wt_recursive_tag_parse_fully(struct wt_ctx *cx, struct wt_frame *frame, struct str text)
{
	text = wt_recursive_tag_parse(cx, frame, text);
	return wt_half_parsed(cx, text, false, true);
}

/* Fill the limit report (Parser::makeLimitReport). */
static void limit_report(struct wt_ctx *cx)
{
	struct wt_output *o = cx->out;
	const struct wt_limits *l = &cx->opt.limits;
	struct wt_limit_stat s[] = {
		{ "limitreport-ppvisitednodes", cx->pp_node_count, l->max_pp_node_count },
		{ "limitreport-postexpandincludesize", (int64_t)cx->include_size_post, (int64_t)l->max_include_size },
		{ "limitreport-templateargumentsize", (int64_t)cx->arg_size, (int64_t)l->max_include_size },
		{ "limitreport-expansiondepth", cx->highest_expansion_depth, l->max_pp_expand_depth },
		{ "limitreport-expensivefunctioncount", cx->expensive_count, l->expensive_function_limit },
		{ "limitreport-unstrip-depth", cx->strip.highest_depth, WT_STRIP_DEPTH_LIMIT },
		{ "limitreport-unstrip-size", (int64_t)cx->strip.expand_size, WT_STRIP_SIZE_LIMIT },
	};
	o->n_limits = ARRAY_SIZE(s);
	o->limits = arena_alloc(cx->a, sizeof(s));
	memcpy(o->limits, s, sizeof(s));
	o->pp_nodes = cx->pp_node_count;
	o->include_size = cx->include_size_post;
	/* The templates' times, in the order they were first fetched. */
	size_t n = 0;
	for (struct wt_tpl_cache *c = cx->tpl_newest; c; c = c->older)
		n += c->prof_calls > 0;
	o->n_profile = n;
	o->profile = n ? arena_alloc(cx->a, n * sizeof(*o->profile)) : NULL;
	for (struct wt_tpl_cache *c = cx->tpl_newest; c; c = c->older) {
		if (c->prof_calls <= 0)
			continue;
		struct wt_profile *p = &o->profile[--n];
		p->name = c->pdbk;
		p->calls = c->prof_calls;
		p->us = c->prof_us;
	}
}

int wt_parse(struct arena *a, const struct wt_site *site, const struct wt_host *host,
	     const struct wt_options *opt, const char *text, size_t len, struct wt_output *out)
{
	struct wt_ctx cx_s;
	struct wt_ctx *cx = &cx_s;
	wt_ctx_init(cx, a, site, host, opt, out, WT_OT_HTML);
	struct str t = clean_input(a, text, len);
	if (cx->opt.rev_size < 0)
		cx->opt.rev_size = (int64_t)t.len; /* Parser::getRevisionSize without a revision: the input's size */
	t = wt_internal_parse(cx, t, true, NULL);
	wt_run_hooks(cx, WT_HOOK_AFTER_PARSE, &t);
	t = wt_half_parsed(cx, t, true, true);
	if (cx->expensive_count > cx->opt.limits.expensive_function_limit) {
		char c[16], m[16];
		snprintf(c, sizeof(c), "%d", cx->expensive_count);
		snprintf(m, sizeof(m), "%d", cx->opt.limits.expensive_function_limit);
		wt_out_warning(cx, "expensive-parserfunction-warning", c, m, NULL);
		wt_tracking_category(cx, "expensive-parserfunction-category");
	}
	limit_report(cx);
	out->defaultsort = cx->defaultsort;
	/* The title a T rule gave, unless a switch or DISPLAYTITLE says otherwise (Parser::parse). */
	const char *rule_title = wt_lconv_rule_title(cx);
	if (rule_title && !cx->sw[WT_SW_nocontentconvert] && !cx->sw[WT_SW_notitleconvert] && !out->displaytitle)
		out->title_text = wt_title_html(cx, str_c(rule_title));
	bool wrap = !cx->opt.no_wrap && !cx->opt.interface_message;
	struct str none = { "", 0 };
	struct str html = wt_output_transform(cx, wrap ? STR_LIT("<div class=\"mw-parser-output\">") : none, t,
					      wrap ? STR_LIT("</div>") : none, !cx->opt.no_edit_section, !cx->opt.no_toc);
	out->html = (char *)html.p;
	out->html_len = html.len;
	if (cx->is_toobig)
		return RC_TOOBIG;
	return RC_OK;
}

int wt_preload(struct arena *a, const struct wt_site *site, const struct wt_host *host, const struct wt_options *opt,
	       const char *text, size_t len, const char **res, size_t *res_len)
{
	struct wt_ctx cx_s;
	struct wt_ctx *cx = &cx_s;
	struct wt_output out;
	wt_ctx_init(cx, a, site, host, opt, &out, WT_OT_PLAIN);
	struct str t = { text, len };
	if (t.len && t.len <= cx->opt.limits.max_include_size) {
		struct wt_node *root = wt_preprocess_tree(a, site, t.p, t.len, WT_PP_FOR_INCLUSION);
		t = wt_expand(cx, cx->root, root, WT_X_NO_ARGS | WT_X_NO_TEMPLATES);
	}
	t = wt_unstrip_both(cx, t);
	*res = t.p;
	*res_len = t.len;
	return cx->is_toobig ? RC_TOOBIG : RC_OK;
}

int wt_preprocess(struct arena *a, const struct wt_site *site, const struct wt_host *host,
		  const struct wt_options *opt, const struct wt_pp_options *pp, const char *text, size_t len,
		  const char **res, size_t *res_len, struct wt_output *out)
{
	struct wt_ctx cx_s;
	struct wt_ctx *cx = &cx_s;
	wt_ctx_init(cx, a, site, host, opt, out, WT_OT_PREPROCESS);
	if (pp && pp->keep_comments)
		cx->remove_comments = false;
	struct str t = clean_input(a, text, len);
	if (t.len && t.len <= cx->opt.limits.max_include_size) {
		struct wt_node *root =
			wt_preprocess_tree(a, site, t.p, t.len, pp && pp->for_inclusion ? WT_PP_FOR_INCLUSION : 0);
		t = wt_expand(cx, cx->root, root, 0);
	}
	t = wt_unstrip_both(cx, t);
	limit_report(cx);
	out->defaultsort = cx->defaultsort;
	*res = t.p;
	*res_len = t.len;
	return cx->is_toobig ? RC_TOOBIG : RC_OK;
}
