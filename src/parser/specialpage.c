/* SPDX-License-Identifier: MIT */
/*
 * specialpage.c — transcluded special pages ({{Special:PrefixIndex/Foo}}),
 * as Parser::braceSubstitution runs an includable special page and puts
 * its HTML in the page.
 *
 * The includable pages here are the two listings of page titles:
 * Special:PrefixIndex (pages whose title starts with a prefix) and
 * Special:AllPages (pages from a title on), with the template's named
 * arguments as their request parameters (namespace, from, to, prefix,
 * hideredirects, stripprefix). As MediaWiki renders them when included:
 * the list alone, no form and no navigation links, at most 345 titles.
 * A page that includes one is valid for no time at all (its cache expiry
 * is 0), since any page creation may change the list. Other special
 * pages are linked, as MediaWiki does for those it cannot include.
 */
#include <stdlib.h>
#include <string.h>

#include "wt_int.h"

/* SpecialAllPages::$maxPerPage, which PrefixIndex inherits. */
#define MAX_PER_PAGE 345

/* The request parameters of the inclusion: the template's named arguments. */
struct request {
	const char **names;
	const char **values;
	size_t n;
};

static const char *req_get(const struct request *r, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->names[i], name) == 0)
			v = r->values[i];
	return v;
}

/* WebRequest::getBool: a value that PHP takes as true ("0" and "" are false). */
static bool req_bool(const struct request *r, const char *name)
{
	const char *v = req_get(r, name);
	return v && *v && strcmp(v, "0") != 0;
}

/* WebRequest::getInt: the leading integer of the value, 0 without one. */
static int req_int(const struct request *r, const char *name)
{
	const char *v = req_get(r, name);
	return v ? (int)strtol(v, NULL, 10) : 0;
}

/* A title part as SpecialAllPages::getNamespaceKeyAndText reads it. */
struct ns_key {
	int ns;            /* namespace (the text may name another one) */
	const char *key;   /* dbkey, "" for none */
	const char *text;  /* text form */
};

/* Title::makeTitleSafe(ns, text), local titles only. */
static bool make_title(struct wt_ctx *cx, int ns, const char *text, struct wt_title *out)
{
	const struct wt_namespace *nsd = ns ? wt_ns_get(cx->site, ns) : NULL;
	if (ns && !nsd)
		return false;
	const char *full = ns ? wt_aprintf(cx->a, "%s:%s", nsd->name, text) : text;
	return wt_ctx_title(cx, str_c(full), 0, out) == RC_OK && !out->interwiki[0];
}

static bool ns_key_and_text(struct wt_ctx *cx, int ns, const char *text, struct ns_key *out)
{
	out->ns = ns;
	out->key = out->text = "";
	if (!text || !*text)
		return true;
	struct wt_title t;
	if (make_title(cx, ns, text, &t)) {
		out->ns = t.ns;
		out->key = t.dbkey;
		out->text = wt_title_text(cx->a, &t);
		return true;
	}
	/* An empty page name ("Talk:") is the namespace alone: try again with a letter. */
	const char *hash = strchr(text, '#');
	const char *again = hash ? wt_aprintf(cx->a, "%.*sX%s", (int)(hash - text), text, hash)
				 : wt_aprintf(cx->a, "%sX", text);
	if (!make_title(cx, ns, again, &t))
		return false;
	out->ns = t.ns;
	return true;
}

/* The message of a bad title or namespace, as parseAsBlock/parse give it. */
static struct str bad_request(struct wt_ctx *cx, const char *key, const char *param, bool block)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, 128);
	if (block)
		wt_buf_adds(&b, "<p>");
	const char *m = wt_msg(cx, key, param, NULL, NULL);
	wt_buf_add_html(&b, m, strlen(m));
	if (block)
		wt_buf_adds(&b, "\n</p>");
	return wt_buf_str(&b);
}

/* The rows of a listing, or false when the host cannot list. */
static bool list(struct wt_ctx *cx, int ns, const char *from, const char *to, const char *prefix, bool no_redirects,
		 struct wt_listed_page **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	return cx->host->list_pages(cx->host->data, cx->a, ns, from, to, prefix, no_redirects, MAX_PER_PAGE + 1, rows,
				    n) == RC_OK;
}

/* The local title of a listed page. */
static struct wt_title listed_title(int ns, const struct wt_listed_page *row)
{
	struct wt_title t;
	memset(&t, 0, sizeof(t));
	t.ns = ns;
	t.dbkey = row->dbkey;
	t.interwiki = "";
	t.fragment = "";
	return t;
}

/* The <ul> of a listing, in its column wrapper when more than two rows came back. */
static void wrap_list(struct wt_buf *out, const char *ul_class, const char *body_class, const struct wt_buf *items,
		      size_t n_rows)
{
	if (n_rows > 2)
		wt_buf_addf(out, "<div class=\"%s\">", body_class);
	wt_buf_addf(out, "<ul class=\"%s\">", ul_class);
	wt_buf_add(out, items->p, items->len);
	wt_buf_adds(out, "</ul>");
	if (n_rows > 2)
		wt_buf_adds(out, "</div>");
}

/* SpecialPrefixindex::showPrefixChunk, included. */
static struct str prefix_index(struct wt_ctx *cx, const char *par, const struct request *r)
{
	const char *from = req_get(r, "from");
	const char *prefix = req_get(r, "prefix");
	int ns = req_int(r, "namespace");
	bool hide_redirects = req_bool(r, "hideredirects");
	bool strip_prefix = req_bool(r, "stripprefix");
	const char *showme = par ? par : prefix && *prefix ? prefix : "";
	if (!from)
		from = showme;
	struct ns_key fk, pk;
	if (!ns_key_and_text(cx, ns, from, &fk) || !ns_key_and_text(cx, ns, showme, &pk))
		return bad_request(cx, "allpagesbadtitle", NULL, true);
	if (!wt_ns_get(cx->site, ns))
		return bad_request(cx, "allpages-bad-ns", wt_aprintf(cx->a, "%d", ns), false);
	struct wt_listed_page *rows;
	size_t n;
	if (!list(cx, pk.ns, fk.key, NULL, pk.key, hide_redirects, &rows, &n) || n == 0)
		return (struct str){ "", 0 };
	size_t prefix_len = strlen(pk.text);
	struct wt_buf items, out;
	wt_buf_init(&items, cx->a, 256);
	wt_buf_init(&out, cx->a, 256);
	for (size_t i = 0; i < n && i < MAX_PER_PAGE; i++) {
		struct wt_title t = listed_title(pk.ns, &rows[i]);
		const char *shown = wt_title_text(cx->a, &t);
		/* Try not to make an empty link text. */
		if (strip_prefix && prefix_len != strlen(shown))
			shown += prefix_len <= strlen(shown) ? prefix_len : 0;
		struct wt_buf text;
		wt_buf_init(&text, cx->a, 64);
		wt_buf_add_html(&text, shown, strlen(shown));
		wt_buf_adds(&items, "<li>");
		if (rows[i].is_redirect)
			wt_buf_adds(&items, "<div class=\"allpagesredirect\">");
		wt_link_known(cx, &items, &t, wt_buf_str(&text), rows[i].is_redirect ? "mw-redirect" : "", NULL);
		if (rows[i].is_redirect)
			wt_buf_adds(&items, "</div>");
		wt_buf_adds(&items, "</li>\n");
	}
	wrap_list(&out, "mw-prefixindex-list", "mw-prefixindex-body", &items, n);
	return wt_buf_str(&out);
}

/* SpecialAllPages::showChunk, included. */
static struct str all_pages(struct wt_ctx *cx, const char *par, const struct request *r)
{
	const char *from = req_get(r, "from");
	const char *to = req_get(r, "to");
	int ns = req_int(r, "namespace");
	bool hide_redirects = req_bool(r, "hideredirects");
	if (!par && !(from && !to)) {
		/* showToplevel: from and to as titles of the namespace first. */
		struct wt_title t;
		from = from && *from && make_title(cx, ns, from, &t) ? t.dbkey : NULL;
		to = to && *to && make_title(cx, ns, to, &t) ? t.dbkey : NULL;
	} else if (par) {
		from = par;
	}
	struct ns_key fk, tk;
	if (!ns_key_and_text(cx, ns, from, &fk) || !ns_key_and_text(cx, ns, to, &tk))
		return bad_request(cx, "allpagesbadtitle", NULL, true);
	if (!wt_ns_get(cx->site, ns))
		return bad_request(cx, "allpages-bad-ns", wt_aprintf(cx->a, "%d", ns), false);
	struct wt_listed_page *rows;
	size_t n;
	if (!list(cx, fk.ns, fk.key, *tk.key ? tk.key : NULL, NULL, hide_redirects, &rows, &n) || n == 0)
		return (struct str){ "", 0 };
	struct wt_buf items, out;
	wt_buf_init(&items, cx->a, 256);
	wt_buf_init(&out, cx->a, 256);
	for (size_t i = 0; i < n && i < MAX_PER_PAGE; i++) {
		struct wt_title t = listed_title(fk.ns, &rows[i]);
		const char *pt = wt_title_prefixed(cx->a, cx->site, &t, false);
		struct wt_buf text;
		wt_buf_init(&text, cx->a, 64);
		wt_buf_add_html(&text, pt, strlen(pt));
		wt_buf_adds(&items, rows[i].is_redirect ? "<li class=\"allpagesredirect\">" : "<li>");
		wt_link_known(cx, &items, &t, wt_buf_str(&text), rows[i].is_redirect ? "mw-redirect" : "", NULL);
		wt_buf_adds(&items, "</li>\n");
	}
	wrap_list(&out, "mw-allpages-chunk", "mw-allpages-body", &items, n);
	return wt_buf_str(&out);
}

bool wt_special_include(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_node *parts,
			const struct wt_title *t, struct str *html)
{
	if (!cx->host->list_pages || !cx->host->special_page)
		return false;
	const char *slash = strchr(t->dbkey, '/');
	const char *name = slash ? arena_strndup(cx->a, t->dbkey, (size_t)(slash - t->dbkey)) : t->dbkey;
	const char *canon = cx->host->special_page(cx->host->data, cx->a, name);
	bool is_prefix = canon && strcmp(canon, "PrefixIndex") == 0;
	if (!canon || (!is_prefix && strcmp(canon, "AllPages") != 0))
		return false;
	/* $par keeps the title's spaces as underscores turned back (the text after '/'). */
	const char *par = NULL;
	if (slash) {
		char *p = arena_strdup(cx->a, slash + 1);
		for (char *q = p; *q; q++)
			if (*q == '_')
				*q = ' ';
		par = p;
	}
	/* The named arguments are the request parameters (positional ones are ignored). */
	struct request r = { NULL, NULL, 0 };
	size_t cap_names = 0, cap_values = 0;
	for (const struct wt_node *p = parts; p; p = p->next) {
		if (p->type != WT_N_PART)
			continue;
		const struct wt_node *pn, *pv;
		int index;
		wt_node_split_part(p, &pn, &pv, &index);
		if (index > 0)
			continue;
		r.names = arena_grow(cx->a, r.names, r.n, &cap_names, sizeof(*r.names));
		r.values = arena_grow(cx->a, r.values, r.n, &cap_values, sizeof(*r.values));
		struct str k = wt_trim(wt_expand(cx, frame, pn, WT_X_STRIP_COMMENTS));
		struct str v = wt_trim(wt_expand(cx, frame, pv, 0));
		r.names[r.n] = arena_strndup(cx->a, k.p, k.len);
		r.values[r.n] = arena_strndup(cx->a, v.p, v.len);
		r.n++;
	}
	*html = is_prefix ? prefix_index(cx, par, &r) : all_pages(cx, par, &r);
	wt_out_module_style(cx, "mediawiki.special");
	cx->out->uncacheable = true;
	return true;
}
