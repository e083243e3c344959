/* SPDX-License-Identifier: MIT */
/*
 * prop_linkshere.c — prop=linkshere (pagelinks) and, through
 * query_backlinksprop_run(), prop=transcludedin (templatelinks;
 * prop_transcludedin.c), prop=fileusage (imagelinks, File: pages only;
 * prop_fileusage.c) and prop=redirects (the redirect table;
 * prop_redirects.c): the pages that link to, transclude, use or
 * redirect to the pages of the set (missing ones too), as MediaWiki's
 * ApiQueryBacklinksprop lists them.
 *
 * One query over every target. The order, and so the continuation
 * value, has only the columns that vary, as MediaWiki builds it: the
 * target's namespace when the targets span several, its title when a
 * namespace holds several or the namespaces hold different titles, the
 * source's namespace when more than one namespace is asked for (not for
 * redirects, whose table has no such column), then the source page id;
 * e.g. "Title|61" for several targets in one namespace, "61" for one.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

static const struct api_param params[] = { BACKLINKSPROP_PARAMS };

/* One sort column: its SQL name and whether it holds text. */
struct sortcol {
	const char *col;  /* column */
	bool is_text;     /* compared as text (a title), else as a number */
};

static int cmp_target(const void *a, const void *b)
{
	const struct query_page *x = *(struct query_page *const *)a, *y = *(struct query_page *const *)b;
	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return strcmp(x->dbkey, y->dbkey);
}

int query_backlinksprop_run(struct api_ctx *ctx, struct query_backlinksprop_params *p, const char *tp,
			    const char *key, struct api_pageset *gen)
{
	struct api_pageset *ps = query_pageset_current(ctx);
	bool is_rd = streq(tp, "rd");
	const struct query_linktable *lt = query_linktable(tp);
	const char *yes = is_rd ? "fragment" : "redirect", *no = is_rd ? "!fragment" : "!redirect";
	/* The targets: existing and missing pages, in (namespace, title) order. */
	struct query_page **tg = arena_alloc(ctx->arena, (ps->n_pages + 1) * sizeof(*tg));
	size_t nt = 0;
	for (size_t i = 0; i < ps->n_pages; i++) {
		struct query_page *qp = ps->pages[i];
		/* Special and Media: titles are targets too, as MediaWiki adds them (a redirect may point to one). */
		if ((qp->kind == QUERY_PAGE_GOOD || qp->kind == QUERY_PAGE_MISSING || qp->kind == QUERY_PAGE_SPECIAL) &&
		    (lt->ns || qp->ns == lt->fixed_ns))
			tg[nt++] = qp;
	}
	/* As MediaWiki: no targets, or a namespace parameter with no valid value, and nothing is checked. */
	if (!nt || (api_param_given(ctx, "namespace") && !p->ns.n))
		return RC_OK;
	qsort(tg, nt, sizeof(*tg), cmp_target);
	/* The title is a sort column unless every target has the same one. */
	bool many_ns = lt->ns && tg[0]->ns != tg[nt - 1]->ns, many_titles = false;
	for (size_t i = 1; i < nt; i++)
		if (!streq(tg[i]->dbkey, tg[0]->dbkey))
			many_titles = true;
	/* Without a namespace column the namespace is the constant one (selected, never sorted on). */
	const char *nscol = lt->ns ? lt->ns : arena_printf(ctx->arena, "%d", lt->fixed_ns);
	struct sortcol sort[4];
	size_t n_sort = 0;
	if (many_ns)
		sort[n_sort++] = (struct sortcol){ lt->ns, false };
	if (many_titles)
		sort[n_sort++] = (struct sortcol){ lt->title, true };
	if (p->ns.n > 1 && !is_rd)
		sort[n_sort++] = (struct sortcol){ arena_printf(ctx->arena, "%s_from_namespace", tp), false };
	sort[n_sort++] = (struct sortcol){ arena_printf(ctx->arena, "%s_from", tp), false };

	struct sbuf sql;
	sbuf_init(&sql, 1 << 24);
	sbuf_addf(&sql, "SELECT %s, %s, page_id, page_namespace, page_title, page_is_redirect, %s"
			" FROM %s JOIN page ON page_id = %s_from WHERE (", nscol, lt->title,
		  is_rd ? "page_namespace, rd_fragment" : arena_printf(ctx->arena, "%s_from_namespace, NULL", tp), lt->table,
		  tp);
	for (size_t i = 0; i < nt; i++) {
		sbuf_addf(&sql, "%s(%s = ?", i ? " OR " : "", lt->title);
		if (lt->ns)
			sbuf_addf(&sql, " AND %s = %d", lt->ns, tg[i]->ns);
		sbuf_adds(&sql, ")");
	}
	sbuf_adds(&sql, ")");
	if (is_rd)
		sbuf_adds(&sql, " AND COALESCE(rd_interwiki, '') = ''");
	if (p->ns.n) {
		sbuf_addf(&sql, " AND %s IN (", is_rd ? "page_namespace" : arena_printf(ctx->arena, "%s_from_namespace", tp));
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
		sbuf_adds(&sql, ")");
	}
	if (is_rd && api_list_has(&p->show, yes))
		sbuf_adds(&sql, " AND COALESCE(rd_fragment, '') != ''");
	else if (is_rd && api_list_has(&p->show, no))
		sbuf_adds(&sql, " AND COALESCE(rd_fragment, '') = ''");
	else if (api_list_has(&p->show, yes))
		sbuf_adds(&sql, " AND page_is_redirect = 1");
	else if (api_list_has(&p->show, no))
		sbuf_adds(&sql, " AND page_is_redirect = 0");
	/* Continuation: (c1 > v1) OR (c1 = v1 AND (... cN >= vN)), one value per sort column. */
	const char *cv[4];
	if (p->cont) {
		const char *s = p->cont;
		for (size_t i = 0; i < n_sort; i++) {
			const char *bar = i + 1 < n_sort ? strchr(s, '|') : NULL;
			if (i + 1 < n_sort && !bar) {
				sbuf_release(&sql);
				return api_error(ctx, "badcontinue", NULL);
			}
			cv[i] = bar ? arena_strndup(ctx->arena, s, (size_t)(bar - s)) : s;
			long long num;
			if (!sort[i].is_text && util_parse_ll(cv[i], &num) != RC_OK) {
				sbuf_release(&sql);
				return api_error(ctx, "badcontinue", NULL);
			}
			s = bar ? bar + 1 : s;
		}
		sbuf_adds(&sql, " AND ");
		for (size_t i = 0; i < n_sort; i++) {
			if (i + 1 == n_sort) {
				sbuf_addf(&sql, "%s >= ?", sort[i].col);
			} else {
				sbuf_addf(&sql, "(%s > ? OR (%s = ? AND ", sort[i].col, sort[i].col);
			}
		}
		for (size_t i = 0; i + 1 < n_sort; i++)
			sbuf_adds(&sql, "))");
	}
	/* As MediaWiki: the continuation is read before show is checked. */
	if (api_list_has(&p->show, yes) && api_list_has(&p->show, no)) {
		sbuf_release(&sql);
		return api_error(ctx, "show", NULL);
	}
	sbuf_adds(&sql, " ORDER BY ");
	for (size_t i = 0; i < n_sort; i++)
		sbuf_addf(&sql, "%s%s", i ? ", " : "", sort[i].col);
	sbuf_addf(&sql, " LIMIT %ld", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int k = 1;
	for (size_t i = 0; i < nt; i++)
		store_bind_text(st, k++, tg[i]->dbkey, STORE_NTS);
	for (size_t i = 0; p->cont && i < n_sort; i++) {
		int reps = i + 1 < n_sort ? 2 : 1;
		for (int r = 0; r < reps; r++) {
			if (sort[i].is_text)
				store_bind_text(st, k++, cv[i], STORE_NTS);
			else
				store_bind_int(st, k++, strtoll(cv[i], NULL, 10));
		}
	}
	bool fld_id = api_list_has(&p->prop, "pageid"), fld_title = api_list_has(&p->prop, "title");
	bool fld_redirect = !is_rd && api_list_has(&p->prop, "redirect");
	bool fld_fragment = is_rd && api_list_has(&p->prop, "fragment");
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		int tns = (int)store_col_int(st, 0);
		const char *tdbkey = store_col_text(st, 1);
		int64_t from = store_col_int(st, 2);
		/* The continuation value: the sort columns of this row. */
		struct sbuf c;
		sbuf_init(&c, 1 << 16);
		if (many_ns)
			sbuf_addf(&c, "%d|", tns);
		if (many_titles)
			sbuf_addf(&c, "%s|", tdbkey);
		if (p->ns.n > 1 && !is_rd)
			sbuf_addf(&c, "%lld|", (long long)store_col_int(st, 6));
		sbuf_addf(&c, "%lld", (long long)from);
		const char *cont = arena_strdup(ctx->arena, sbuf_cstr(&c));
		sbuf_release(&c);
		if (++n > p->limit) {
			api_continue_set(ctx, "continue", cont);
			break;
		}
		if (gen) {
			query_pageset_add_pageid(ctx, gen, from);
			continue;
		}
		struct query_page *qp = NULL;
		for (size_t i = 0; i < nt && !qp; i++)
			if (tg[i]->ns == tns && streq(tg[i]->dbkey, tdbkey))
				qp = tg[i];
		if (!qp)
			continue;
		if (api_result_full(ctx)) {
			api_continue_set(ctx, "continue", cont);
			break;
		}
		struct api_node *page = query_page_node(ctx, qp);
		struct api_node *list = api_node_get(page, key);
		if (!list)
			list = api_add_array(page, key, is_rd ? "rd" : tp[0] == 'p' ? "lh" : tp[0] == 'i' ? "fu" : "ti");
		struct api_node *e = api_add_object(list, NULL);
		if (fld_id)
			api_add_int(e, "pageid", from);
		if (fld_title) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, (int)store_col_int(st, 3), store_col_text(st, 4), &t);
			api_add_int(e, "ns", t.ns);
			api_add_str(e, "title", t.prefixed);
		}
		if (fld_redirect)
			api_add_bool(e, "redirect", store_col_int(st, 5) != 0);
		const char *frag = fld_fragment ? store_col_text(st, 7) : NULL;
		if (frag && *frag)
			api_add_str(e, "fragment", frag);
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_linkshere(struct api_ctx *ctx, void *vp)
{
	return query_backlinksprop_run(ctx, vp, "pl", "linkshere", NULL);
}

static int generate_linkshere(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_backlinksprop_run(ctx, vp, "pl", "linkshere", out);
}

const struct api_module api_module_prop_linkshere = {
	.name = "linkshere",
	.group = API_G_PROP,
	.prefix = "lh",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_backlinksprop_params),
	.summary = "The pages that link to the given pages.",
	.examples = (const char *const[]){
		"action=query&prop=linkshere&titles=Main%20Page", "Pages that link to Main Page.",
		"action=query&generator=linkshere&titles=Main%20Page&prop=info",
		"Information about the pages that link to Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Linkshere", NULL },
	.exec = exec_linkshere,
	.generate = generate_linkshere,
};
