/* SPDX-License-Identifier: MIT */
/*
 * prop_pageprops.c — prop=pageprops: the page properties (page_props
 * rows, set by the parser: displaytitle, defaultsort, noindex, ...) of
 * every existing page of the set, as an object name → value under
 * "pageprops". Pages are walked in page id order; ppcontinue is the page
 * id to resume at when the result fills up.
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>

#include "../../store/store.h"
#include "query_int.h"

struct pageprops_params {
	const char *cont;     /* ppcontinue */
	struct api_list prop; /* ppprop: only these names */
};

static const struct api_param params[] = {
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct pageprops_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "prop", .type = API_T_STRING, .flags = API_P_MULTI, .offset = offsetof(struct pageprops_params, prop),
	  .desc = "Only list these page properties (list=pagepropnames gives the names in use). "
		  "Useful to check whether pages use a certain page property." },
	{ 0 }
};

static int cmp_id(const void *a, const void *b)
{
	const struct query_page *x = *(struct query_page *const *)a, *y = *(struct query_page *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int exec_pageprops(struct api_ctx *ctx, void *vp)
{
	struct pageprops_params *pp = vp;
	struct api_pageset *ps = query_pageset_current(ctx);
	long long from = LLONG_MIN;
	/* As MediaWiki: "" and "0" are none; else an integer written as PHP writes it. */
	if (pp->cont && *pp->cont && !streq(pp->cont, "0") &&
	    (util_parse_ll(pp->cont, &from) != RC_OK || !streq(arena_printf(ctx->arena, "%lld", from), pp->cont)))
		return api_error(ctx, "badcontinue", NULL);
	struct query_page **v = arena_alloc(ctx->arena, (ps->n_pages ? ps->n_pages : 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD)
			v[n++] = ps->pages[i];
	qsort(v, n, sizeof(*v), cmp_id);
	struct store_stmt *st = store_prepare(ctx->store, "SELECT pp_propname, pp_value FROM page_props"
							  " WHERE pp_page = ? ORDER BY pp_propname");
	for (size_t i = 0; i < n; i++) {
		if (v[i]->id < from)
			continue;
		if (api_result_full(ctx)) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%lld", (long long)v[i]->id));
			break;
		}
		store_bindv(st, "i", v[i]->id);
		struct api_node *props = NULL;
		int step;
		while ((step = store_step(st)) == STORE_ROW) {
			const char *name = store_col_text(st, 0);
			if (pp->prop.n && !api_list_has(&pp->prop, name))
				continue;
			if (!props)
				props = api_add_object(query_page_node(ctx, v[i]), "pageprops");
			api_add_strn(props, arena_strdup(ctx->arena, name), store_col_text(st, 1), store_col_len(st, 1));
		}
		store_stmt_done(st);
		if (step < 0)
			return api_db_error(ctx);
	}
	return RC_OK;
}

const struct api_module api_module_prop_pageprops = {
	.name = "pageprops",
	.group = API_G_PROP,
	.prefix = "pp",
	.params = params,
	.params_size = sizeof(struct pageprops_params),
	.summary = "Page properties that the content of each page sets.",
	.examples = (const char *const[]){
		"action=query&prop=pageprops&titles=Main%20Page|MediaWiki",
		"Get properties for the pages Main Page and MediaWiki.", NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Pageprops", NULL },
	.exec = exec_pageprops,
};
