/* SPDX-License-Identifier: MIT */
/*
 * list_pagepropnames.c — list=pagepropnames: the names of the page
 * properties in use (page_props), each once, in name order, as
 * MediaWiki's ApiQueryPagePropNames lists them. LIMIT n+1 over the
 * (pp_propname, pp_page) index; the continuation is the next name.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "query_int.h"

struct pagepropnames_params {
	const char *cont; /* continuation: the next name */
	long limit;       /* names per batch */
};

static const struct api_param params[] = {
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct pagepropnames_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct pagepropnames_params, limit), .desc = "How many names to return." },
	{ 0 }
};

static int exec_pagepropnames(struct api_ctx *ctx, void *vp)
{
	struct pagepropnames_params *p = vp;
	/* As MediaWiki: "" and "0" are no continuation (PHP falsy); a name is one field. */
	if (p->cont && (!*p->cont || streq(p->cont, "0")))
		p->cont = NULL;
	if (p->cont && strchr(p->cont, '|'))
		return api_error(ctx, "badcontinue", NULL);
	const char *sql = arena_printf(ctx->arena, "SELECT DISTINCT pp_propname FROM page_props%s"
						   " ORDER BY pp_propname LIMIT %ld",
				       p->cont ? " WHERE pp_propname >= ?" : "", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sql);
	if (!st)
		return api_db_error(ctx);
	if (p->cont)
		store_bind_text(st, 1, p->cont, STORE_NTS);
	struct api_node *list = api_add_array(api_query_node(ctx), "pagepropnames", "p");
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		const char *name = store_col_text(st, 0);
		if (++n > p->limit || api_result_full(ctx)) {
			api_continue_set(ctx, "continue", name);
			break;
		}
		api_add_str(api_add_object(list, NULL), "propname", name);
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

const struct api_module api_module_list_pagepropnames = {
	.name = "pagepropnames",
	.group = API_G_LIST,
	.prefix = "ppn",
	.params = params,
	.params_size = sizeof(struct pagepropnames_params),
	.summary = "List the names of the page properties in use on this wiki.",
	.examples = (const char *const[]){
		"action=query&list=pagepropnames", "The first ten property names.", NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Pagepropnames", NULL },
	.exec = exec_pagepropnames,
};
