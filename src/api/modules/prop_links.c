/* SPDX-License-Identifier: MIT */
/*
 * prop_links.c — prop=links (pagelinks) and, through query_linkprop_run(),
 * prop=templates (templatelinks; prop_templates.c): the titles the pages
 * of the set link to or transclude, as MediaWiki's ApiQueryLinks lists
 * them. One query over every good page of the set, ordered by source
 * page, namespace and title (the page and the namespace left out of the
 * order when the set or the namespace filter has only one, as MediaWiki
 * does), LIMIT n+1; the continuation is "from|namespace|title". As a
 * generator the linked titles become the pages.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

static const struct api_param params[] = { LINKPROP_PARAMS("titles") };

const char *query_good_ids(struct api_ctx *ctx, size_t *n_good)
{
	struct api_pageset *ps = query_pageset_current(ctx);
	struct sbuf sb;
	sbuf_init(&sb, 1 << 24);
	*n_good = 0;
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD)
			sbuf_addf(&sb, "%s%lld", (*n_good)++ ? "," : "", (long long)ps->pages[i]->id);
	const char *r = *n_good ? arena_strdup(ctx->arena, sbuf_cstr(&sb)) : NULL;
	sbuf_release(&sb);
	return r;
}

int query_linkprop_run(struct api_ctx *ctx, struct query_linkprop_params *p, const char *tp, const char *key,
		       const char *elem, struct api_pageset *gen)
{
	size_t n_good;
	const char *ids = query_good_ids(ctx, &n_good);
	if (!ids)
		return RC_OK;
	bool desc = streq(p->dir, "descending");
	const char *op = desc ? "<" : ">";
	struct sbuf sql;
	sbuf_init(&sql, 1 << 24);
	sbuf_addf(&sql, "SELECT %s_from, %s_namespace, %s_title FROM %s WHERE %s_from IN (%s)", tp, tp, tp,
		  streq(tp, "pl") ? "pagelinks" : "templatelinks", tp, ids);
	if (p->ns.n) {
		sbuf_addf(&sql, " AND %s_namespace IN (", tp);
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
		sbuf_adds(&sql, ")");
	}
	const char **binds = arena_alloc(ctx->arena, (p->titles.n + 1) * sizeof(*binds));
	int64_t *bind_ns = arena_alloc(ctx->arena, (p->titles.n + 1) * sizeof(*bind_ns));
	size_t nb = 0;
	if (p->titles.n) {
		for (size_t i = 0; i < p->titles.n; i++) {
			struct wiki_title t;
			const char *err;
			if (wiki_title_parse(ctx->arena, p->titles.v[i], 0, &t, &err) != RC_OK || *t.interwiki ||
			    t.ns < 0) {
				if (wiki_title_parse(ctx->arena, p->titles.v[i], 0, &t, &err) != RC_OK)
					api_warn(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->titles.v[i]));
				continue;
			}
			/* Titles outside the namespace filter are left out, as MediaWiki filters them. */
			bool in_ns = !p->ns.n;
			for (size_t k = 0; k < p->ns.n && !in_ns; k++)
				in_ns = p->ns.iv[k] == t.ns;
			if (!in_ns)
				continue;
			bind_ns[nb] = t.ns;
			binds[nb++] = t.dbkey;
		}
		if (!nb) {
			sbuf_release(&sql);
			return RC_OK; /* nothing valid to look for: nothing found */
		}
		sbuf_adds(&sql, " AND (");
		for (size_t i = 0; i < nb; i++)
			sbuf_addf(&sql, "%s(%s_namespace = ? AND %s_title = ?)", i ? " OR " : "", tp, tp);
		sbuf_adds(&sql, ")");
	}
	const char *cont_title = NULL;
	long long cont_from = 0, cont_ns = 0;
	if (p->cont) {
		const char *b1 = strchr(p->cont, '|');
		const char *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
		if (!b2 || util_parse_ll(arena_strndup(ctx->arena, p->cont, (size_t)(b1 - p->cont)), &cont_from) != RC_OK ||
		    util_parse_ll(arena_strndup(ctx->arena, b1 + 1, (size_t)(b2 - b1 - 1)), &cont_ns) != RC_OK) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		cont_title = b2 + 1;
		sbuf_addf(&sql, " AND (%s_from %s %lld OR (%s_from = %lld AND (%s_namespace %s %lld OR"
			  " (%s_namespace = %lld AND %s_title %s= ?))))", tp, op, cont_from, tp, cont_from, tp, op, cont_ns,
			  tp, cont_ns, tp, op);
	}
	const char *dir = desc ? " DESC" : "";
	sbuf_adds(&sql, " ORDER BY ");
	if (n_good != 1)
		sbuf_addf(&sql, "%s_from%s, ", tp, dir);
	if (p->ns.n != 1)
		sbuf_addf(&sql, "%s_namespace%s, ", tp, dir);
	sbuf_addf(&sql, "%s_title%s LIMIT %ld", tp, dir, p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int k = 1;
	for (size_t i = 0; i < nb; i++) {
		store_bind_int(st, k++, bind_ns[i]);
		store_bind_text(st, k++, binds[i], STORE_NTS);
	}
	if (cont_title)
		store_bind_text(st, k++, cont_title, STORE_NTS);
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t from = store_col_int(st, 0);
		int ns = (int)store_col_int(st, 1);
		const char *dbkey = store_col_text(st, 2);
		const char *cv = arena_printf(ctx->arena, "%lld|%d|%s", (long long)from, ns, dbkey);
		if (++n > p->limit) {
			api_continue_set(ctx, "continue", cv);
			break;
		}
		if (gen) {
			query_pageset_add_title(ctx, gen, ns, dbkey);
			continue;
		}
		struct query_page *qp = query_pageset_find_id(query_pageset_current(ctx), from);
		if (!qp)
			continue;
		if (api_result_full(ctx)) {
			api_continue_set(ctx, "continue", cv);
			break;
		}
		struct api_node *page = query_page_node(ctx, qp);
		struct api_node *list = api_node_get(page, key);
		if (!list)
			list = api_add_array(page, key, elem);
		struct wiki_title t;
		wiki_title_make(ctx->arena, ns, dbkey, &t);
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "ns", ns);
		api_add_str(e, "title", t.prefixed);
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_links(struct api_ctx *ctx, void *vp)
{
	return query_linkprop_run(ctx, vp, "pl", "links", "pl", NULL);
}

static int generate_links(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_linkprop_run(ctx, vp, "pl", "links", "pl", out);
}

const struct api_module api_module_prop_links = {
	.name = "links",
	.group = API_G_PROP,
	.prefix = "pl",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_linkprop_params),
	.summary = "The pages that the given pages link to.",
	.examples = (const char *const[]){
		"action=query&prop=links&titles=Main%20Page", "Links from the page Main Page.",
		"action=query&generator=links&titles=Main%20Page&prop=info",
		"Information about the pages the page Main Page links to.",
		"action=query&prop=links&titles=Main%20Page&plnamespace=2|10",
		"Links from the page Main Page into the User and Template namespaces.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Links", NULL },
	.exec = exec_links,
	.generate = generate_links,
};
