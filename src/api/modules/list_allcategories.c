/* SPDX-License-Identifier: MIT */
/*
 * list_allcategories.c — list=allcategories (and generator): the rows of
 * the category table (every category that has or had members) in title
 * order, as MediaWiki's ApiQueryAllCategories lists them. One range
 * scan on cat_title with LIMIT n+1, the member-count bounds (min, max)
 * and, for prop=hidden, the category page's "hiddencat" property joined
 * in. The continuation value is the next category's dbkey.
 */
#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct allcategories_params {
	const char *from;     /* first title */
	const char *cont;     /* continuation: next dbkey */
	const char *to;       /* last title */
	const char *prefix;   /* titles starting with this */
	const char *dir;      /* ascending | descending */
	long min;             /* at least this many members */
	long max;             /* at most this many members */
	long limit;           /* categories per batch */
	struct api_list prop; /* size | hidden */
};

static const struct api_param params[] = {
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct allcategories_params, from),
	  .desc = "Start with this category." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct allcategories_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct allcategories_params, to),
	  .desc = "Stop after this category." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct allcategories_params, prefix),
	  .desc = "Only categories whose names start with this text." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct allcategories_params, dir), .desc = "Order of the listing." },
	{ .name = "min", .type = API_T_INT, .offset = offsetof(struct allcategories_params, min),
	  .desc = "Only categories with at least this many members." },
	{ .name = "max", .type = API_T_INT, .offset = offsetof(struct allcategories_params, max),
	  .desc = "Only categories with at most this many members." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct allcategories_params, limit), .desc = "How many categories to return." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "",
	  .values = (const char *const[]){ "hidden", "size", NULL },
	  .value_descs = (const char *const[]){
		"hidden=Mark the categories hidden with __HIDDENCAT__.",
		"size=The number of members, and of pages, files and subcategories among them.", NULL },
	  .offset = offsetof(struct allcategories_params, prop), .desc = "What to return for each category." },
	{ 0 }
};

/* Run the listing: into result `list` (exec) or into `gen` (generator). */
static int run(struct api_ctx *ctx, struct allcategories_params *p, struct api_node *list, struct api_pageset *gen)
{
	bool desc = streq(p->dir, "descending");
	if (p->cont && strchr(p->cont, '|'))
		return api_error(ctx, "badcontinue", NULL);
	bool fld_size = api_list_has(&p->prop, "size"), fld_hidden = api_list_has(&p->prop, "hidden");
	const char *binds[4];
	size_t nb = 0;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 14);
	sbuf_adds(&sql, "SELECT cat_title, cat_pages, cat_subcats, cat_files,");
	sbuf_adds(&sql, fld_hidden ? " (SELECT COUNT(*) FROM page JOIN page_props ON pp_page = page_id"
				     " AND pp_propname = 'hiddencat' WHERE page_namespace = 14 AND page_title = cat_title)"
				   : " 0");
	sbuf_adds(&sql, " FROM category WHERE 1 = 1");
	if (p->cont) {
		sbuf_addf(&sql, " AND cat_title %s= ?", desc ? "<" : ">");
		binds[nb++] = p->cont;
	}
	const char *from = NULL, *to = NULL, *prefix = NULL;
	if ((p->from && !(from = query_title_part_key(ctx, p->from, WIKI_NS_CATEGORY))) ||
	    (p->to && !(to = query_title_part_key(ctx, p->to, WIKI_NS_CATEGORY))) ||
	    (p->prefix && !(prefix = query_title_part_key(ctx, p->prefix, WIKI_NS_CATEGORY)))) {
		sbuf_release(&sql);
		return RC_ERR;
	}
	/* from/to are the start and end of the walk: with dir=descending from is the upper end. */
	if (from) {
		sbuf_addf(&sql, " AND cat_title %s= ?", desc ? "<" : ">");
		binds[nb++] = from;
	}
	if (to) {
		sbuf_addf(&sql, " AND cat_title %s= ?", desc ? ">" : "<");
		binds[nb++] = to;
	}
	if (prefix) {
		sbuf_adds(&sql, " AND cat_title >= ? AND cat_title < ?");
		binds[nb++] = prefix;
		binds[nb++] = arena_printf(ctx->arena, "%s\xf4\x8f\xbf\xbf", prefix);
	}
	if (api_param_given(ctx, "min"))
		sbuf_addf(&sql, " AND cat_pages >= %ld", p->min);
	if (api_param_given(ctx, "max"))
		sbuf_addf(&sql, " AND cat_pages <= %ld", p->max);
	sbuf_addf(&sql, " ORDER BY cat_title%s LIMIT %ld", desc ? " DESC" : "", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 1, binds[i], STORE_NTS);
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		const char *dbkey = store_col_text(st, 0);
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", dbkey);
			break;
		}
		if (gen) {
			query_pageset_add_title(ctx, gen, WIKI_NS_CATEGORY, dbkey);
			continue;
		}
		struct wiki_title t;
		wiki_title_make(ctx->arena, WIKI_NS_CATEGORY, dbkey, &t);
		struct api_node *e = api_add_object(list, NULL);
		api_add_content_as(e, "category", t.text, strlen(t.text));
		if (fld_size) {
			int64_t pages = store_col_int(st, 1), subcats = store_col_int(st, 2), files = store_col_int(st, 3);
			api_add_int(e, "size", pages);
			api_add_int(e, "pages", pages - subcats - files);
			api_add_int(e, "files", files);
			api_add_int(e, "subcats", subcats);
		}
		if (fld_hidden)
			api_add_bool(e, "hidden", store_col_int(st, 4) != 0);
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_allcategories(struct api_ctx *ctx, void *vp)
{
	struct api_node *list = api_add_array(api_query_node(ctx), "allcategories", "c");
	return run(ctx, vp, list, NULL);
}

static int generate_allcategories(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, NULL, out);
}

const struct api_module api_module_list_allcategories = {
	.name = "allcategories",
	.group = API_G_LIST,
	.prefix = "ac",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct allcategories_params),
	.summary = "List every category, in title order.",
	.examples = (const char *const[]){
		"action=query&list=allcategories&acprop=size", "Categories with their member counts.",
		"action=query&generator=allcategories&gacprefix=List&prop=info",
		"Information about the category pages whose names start with List.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Allcategories", NULL },
	.exec = exec_allcategories,
	.generate = generate_allcategories,
};
