/* SPDX-License-Identifier: MIT */
/*
 * list_pageswithprop.c — list=pageswithprop (and generator): the pages
 * that have a given page property (page_props), in page id order, as
 * MediaWiki's ApiQueryPagesWithProp lists them. One scan of the
 * (pp_propname, pp_page) index joined to page, LIMIT n+1; the
 * continuation is the next page id (read as PHP's intval()).
 */
#include <stddef.h>
#include <stdlib.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct pageswithprop_params {
	const char *propname; /* the property */
	struct api_list prop; /* ids | title | value */
	const char *cont;     /* continuation: the next page id */
	long limit;           /* pages per batch */
	const char *dir;      /* ascending | descending */
};

static const struct api_param params[] = {
	{ .name = "propname", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct pageswithprop_params, propname),
	  .desc = "The page property to look for (list=pagepropnames gives the names in use)." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "ids|title",
	  .values = (const char *const[]){ "ids", "title", "value", NULL },
	  .value_descs = (const char *const[]){ "ids=The page ID.", "title=The title and namespace ID of the page.",
						"value=The value of the page property.", NULL },
	  .offset = offsetof(struct pageswithprop_params, prop), .desc = "What to return for each page." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct pageswithprop_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct pageswithprop_params, limit), .desc = "How many pages to return." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct pageswithprop_params, dir), .desc = "Order of the listing." },
	{ 0 }
};

/* Run the listing: into result `list` (exec) or into `gen` (generator). */
static int run(struct api_ctx *ctx, struct pageswithprop_params *p, struct api_node *list, struct api_pageset *gen)
{
	bool desc = streq(p->dir, "descending");
	/* As MediaWiki: one field; "" and "0" are no continuation (PHP falsy). */
	if (p->cont && (!*p->cont || streq(p->cont, "0")))
		p->cont = NULL;
	if (p->cont && strchr(p->cont, '|'))
		return api_error(ctx, "badcontinue", NULL);
	struct sbuf sql;
	sbuf_init(&sql, 1 << 12);
	sbuf_adds(&sql, "SELECT page_id, page_namespace, page_title, pp_value FROM page_props"
			" JOIN page ON page_id = pp_page WHERE pp_propname = ?");
	if (p->cont)
		sbuf_addf(&sql, " AND pp_page %s= %lld", desc ? "<" : ">", strtoll(p->cont, NULL, 10));
	sbuf_addf(&sql, " ORDER BY pp_page%s LIMIT %ld", desc ? " DESC" : "", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	store_bind_text(st, 1, p->propname, STORE_NTS);
	bool fld_ids = api_list_has(&p->prop, "ids"), fld_title = api_list_has(&p->prop, "title");
	bool fld_value = api_list_has(&p->prop, "value");
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t id = store_col_int(st, 0);
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%lld", (long long)id));
			break;
		}
		if (gen) {
			query_pageset_add_pageid(ctx, gen, id);
			continue;
		}
		/* {} when empty, as MediaWiki types these items assoc. */
		struct api_node *e = api_node_set_type(api_add_object(list, NULL), API_ARR_ASSOC, NULL);
		if (fld_ids)
			api_add_int(e, "pageid", id);
		if (fld_title) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, (int)store_col_int(st, 1), store_col_text(st, 2), &t);
			api_add_int(e, "ns", t.ns);
			api_add_str(e, "title", t.prefixed);
		}
		if (fld_value)
			api_add_strn(e, "value", store_col_text(st, 3), store_col_len(st, 3));
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_pageswithprop(struct api_ctx *ctx, void *vp)
{
	struct api_node *list = api_add_array(api_query_node(ctx), "pageswithprop", "page");
	return run(ctx, vp, list, NULL);
}

static int generate_pageswithprop(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, NULL, out);
}

const struct api_module api_module_list_pageswithprop = {
	.name = "pageswithprop",
	.group = API_G_LIST,
	.prefix = "pwp",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct pageswithprop_params),
	.summary = "List the pages that have a given page property.",
	.examples = (const char *const[]){
		"action=query&list=pageswithprop&pwppropname=displaytitle&pwpprop=ids|title|value",
		"Pages with a display title, and the title each shows.",
		"action=query&generator=pageswithprop&gpwppropname=notoc&prop=info",
		"Information about the first ten pages that use __NOTOC__.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Pageswithprop", NULL },
	.exec = exec_pageswithprop,
	.generate = generate_pageswithprop,
};
