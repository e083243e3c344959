/* SPDX-License-Identifier: MIT */
/*
 * prop_categoryinfo.c — prop=categoryinfo: the member counts of the
 * categories of the set (rows of `category`, kept by the link-table
 * writer), as MediaWiki's ApiQueryCategoryInfo gives them: size (every
 * member), pages (members that are neither subcategories nor files),
 * files, subcats and hidden (the category page has __HIDDENCAT__).
 * Categories without a row (never used) get nothing. In category name
 * order; cicontinue is the name to resume at.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct categoryinfo_params {
	const char *cont; /* category dbkey to resume at */
};

static const struct api_param params[] = {
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct categoryinfo_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

static int exec_categoryinfo(struct api_ctx *ctx, void *vp)
{
	struct categoryinfo_params *p = vp;
	struct api_pageset *ps = query_pageset_current(ctx);
	struct sbuf sql;
	sbuf_init(&sql, 1 << 24);
	sbuf_adds(&sql, "SELECT cat_title, cat_pages, cat_subcats, cat_files, (SELECT 1 FROM page JOIN page_props"
			" ON pp_page = page_id AND pp_propname = 'hiddencat' WHERE page_namespace = 14"
			" AND page_title = cat_title) FROM category WHERE cat_title IN (");
	struct query_page **cats = arena_alloc(ctx->arena, (ps->n_pages + 1) * sizeof(*cats));
	size_t n = 0;
	for (size_t i = 0; i < ps->n_pages; i++) {
		struct query_page *qp = ps->pages[i];
		if ((qp->kind == QUERY_PAGE_GOOD || qp->kind == QUERY_PAGE_MISSING) && qp->ns == WIKI_NS_CATEGORY) {
			sbuf_adds(&sql, n ? ", ?" : "?");
			cats[n++] = qp;
		}
	}
	sbuf_adds(&sql, ")");
	if (p->cont)
		sbuf_adds(&sql, " AND cat_title >= ?");
	sbuf_adds(&sql, " ORDER BY cat_title");
	if (!n) {
		sbuf_release(&sql);
		return RC_OK;
	}
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < n; i++)
		store_bind_text(st, (int)i + 1, cats[i]->dbkey, STORE_NTS);
	if (p->cont)
		store_bind_text(st, (int)n + 1, p->cont, STORE_NTS);
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		const char *name = store_col_text(st, 0);
		struct query_page *qp = NULL;
		for (size_t i = 0; i < n && !qp; i++)
			if (streq(cats[i]->dbkey, name))
				qp = cats[i];
		if (!qp)
			continue;
		if (api_result_full(ctx)) {
			api_continue_set(ctx, "continue", name);
			break;
		}
		int64_t pages = store_col_int(st, 1), subcats = store_col_int(st, 2), files = store_col_int(st, 3);
		struct api_node *e = api_add_object(query_page_node(ctx, qp), "categoryinfo");
		api_add_int(e, "size", pages);
		api_add_int(e, "pages", pages - subcats - files);
		api_add_int(e, "files", files);
		api_add_int(e, "subcats", subcats);
		api_add_bool(e, "hidden", !store_col_is_null(st, 4));
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

const struct api_module api_module_prop_categoryinfo = {
	.name = "categoryinfo",
	.group = API_G_PROP,
	.prefix = "ci",
	.params = params,
	.params_size = sizeof(struct categoryinfo_params),
	.summary = "How many pages, subcategories and files the given categories hold.",
	.examples = (const char *const[]){
		"action=query&prop=categoryinfo&titles=Category:Foo|Category:Bar",
		"Counts for Category:Foo and Category:Bar.", NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Categoryinfo", NULL },
	.exec = exec_categoryinfo,
};
