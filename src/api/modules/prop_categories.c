/* SPDX-License-Identifier: MIT */
/*
 * prop_categories.c — prop=categories (and generator=categories): the
 * categories the pages of the set are in (categorylinks), as MediaWiki's
 * ApiQueryCategories lists them. One query over every good page of the
 * set, ordered by page then category (the page left out of the order
 * when the set has only one), LIMIT n+1; the continuation is
 * "from|category". A category is hidden when its page has the
 * "hiddencat" page property (__HIDDENCAT__).
 */
#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct categories_params {
	struct api_list prop;       /* sortkey | timestamp | hidden */
	struct api_list show;       /* hidden | !hidden */
	long limit;                 /* categories per batch */
	const char *cont;           /* "from|category" */
	struct api_list categories; /* only these categories */
	const char *dir;            /* ascending | descending */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "hidden", "sortkey", "timestamp", NULL },
	  .offset = offsetof(struct categories_params, prop),
	  .value_descs = (const char *const[]){
		  "hidden=Mark categories hidden with __HIDDENCAT__.",
		  "sortkey=The sort key (hexadecimal) and its prefix (the readable part) of the page in the category.",
		  "timestamp=When the page was put in the category.", NULL },
	  .desc = "What to add for each category." },
	{ .name = "show", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "!hidden", "hidden", NULL },
	  .offset = offsetof(struct categories_params, show), .desc = "Only hidden categories, or only the others." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct categories_params, limit), .desc = "How many categories to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct categories_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "categories", .type = API_T_STRING, .flags = API_P_MULTI,
	  .offset = offsetof(struct categories_params, categories),
	  .desc = "Only these categories. Useful to check whether a page is in a given category." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct categories_params, dir), .desc = "Order of the listing." },
	{ 0 }
};

/* Lower-case hex of `s`: how the API shows binary sort keys. In `a`. */
const char *query_hex(struct arena *a, const char *s, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *r = arena_alloc(a, len * 2 + 1);
	for (size_t i = 0; i < len; i++) {
		r[2 * i] = digits[(unsigned char)s[i] >> 4];
		r[2 * i + 1] = digits[(unsigned char)s[i] & 15];
	}
	r[len * 2] = '\0';
	return r;
}

static int run(struct api_ctx *ctx, struct categories_params *p, struct api_pageset *gen)
{
	/* A set without existing pages: nothing to check or list, as MediaWiki returns first. */
	size_t n_good;
	const char *ids = query_good_ids(ctx, &n_good);
	if (!ids)
		return RC_OK;
	bool show_hidden = api_list_has(&p->show, "hidden"), show_visible = api_list_has(&p->show, "!hidden");
	if (show_hidden && show_visible)
		return api_error(ctx, "show", NULL);
	bool fld_sortkey = api_list_has(&p->prop, "sortkey"), fld_ts = api_list_has(&p->prop, "timestamp");
	bool fld_hidden = api_list_has(&p->prop, "hidden");
	bool desc = streq(p->dir, "descending");
	const char *op = desc ? "<" : ">";
	struct sbuf sql;
	sbuf_init(&sql, 1 << 24);
	sbuf_adds(&sql, "SELECT cl_from, cl_to, cl_sortkey, cl_sortkey_prefix, cl_timestamp");
	if (fld_hidden || p->show.n)
		sbuf_adds(&sql, ", (SELECT 1 FROM page JOIN page_props ON pp_page = page_id AND pp_propname = 'hiddencat'"
				" WHERE page_namespace = 14 AND page_title = cl_to)");
	else
		sbuf_adds(&sql, ", NULL");
	sbuf_addf(&sql, " FROM categorylinks WHERE cl_from IN (%s)", ids);
	const char **cats = arena_alloc(ctx->arena, (p->categories.n + 1) * sizeof(*cats));
	size_t n_cats = 0;
	for (size_t i = 0; i < p->categories.n; i++) {
		struct wiki_title t;
		const char *err;
		if (wiki_title_parse(ctx->arena, p->categories.v[i], 0, &t, &err) != RC_OK || t.ns != WIKI_NS_CATEGORY ||
		    *t.interwiki)
			api_warn(ctx, "invalidcategory", NULL, wiki_escape_wikitext(ctx->arena, p->categories.v[i]));
		else
			cats[n_cats++] = t.dbkey;
	}
	if (p->categories.n && !n_cats) {
		sbuf_release(&sql);
		return RC_OK; /* none of the asked categories is one: nothing to find */
	}
	for (size_t i = 0; i < n_cats; i++)
		sbuf_adds(&sql, i ? ", ?" : " AND cl_to IN (?");
	if (n_cats)
		sbuf_adds(&sql, ")");
	const char *cont_to = NULL;
	if (p->cont) {
		const char *bar = strchr(p->cont, '|');
		long long from;
		if (!bar || util_parse_ll(arena_strndup(ctx->arena, p->cont, (size_t)(bar - p->cont)), &from) != RC_OK) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		cont_to = bar + 1;
		sbuf_addf(&sql, " AND (cl_from %s %lld OR (cl_from = %lld AND cl_to %s= ?))", op, from, from, op);
	}
	if (show_hidden)
		sbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM page JOIN page_props ON pp_page = page_id"
				" AND pp_propname = 'hiddencat' WHERE page_namespace = 14 AND page_title = cl_to)");
	else if (show_visible)
		sbuf_adds(&sql, " AND NOT EXISTS (SELECT 1 FROM page JOIN page_props ON pp_page = page_id"
				" AND pp_propname = 'hiddencat' WHERE page_namespace = 14 AND page_title = cl_to)");
	const char *dir = desc ? " DESC" : "";
	sbuf_adds(&sql, " ORDER BY ");
	if (n_good != 1)
		sbuf_addf(&sql, "cl_from%s, ", dir);
	sbuf_addf(&sql, "cl_to%s LIMIT %ld", dir, p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int k = 1;
	for (size_t i = 0; i < n_cats; i++)
		store_bind_text(st, k++, cats[i], STORE_NTS);
	if (cont_to)
		store_bind_text(st, k++, cont_to, STORE_NTS);
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t from = store_col_int(st, 0);
		const char *to = store_col_text(st, 1);
		const char *cv = arena_printf(ctx->arena, "%lld|%s", (long long)from, to);
		struct api_node *e;
		enum query_link_row row =
			query_link_item(ctx, from, cv, &n, p->limit, gen, WIKI_NS_CATEGORY, to, "categories", "cl", &e);
		if (row == QUERY_LINK_STOP)
			break;
		if (row == QUERY_LINK_SKIP)
			continue;
		struct wiki_title t;
		wiki_title_make(ctx->arena, WIKI_NS_CATEGORY, to, &t);
		api_add_int(e, "ns", WIKI_NS_CATEGORY);
		api_add_str(e, "title", t.prefixed);
		if (fld_sortkey) {
			api_add_str(e, "sortkey", query_hex(ctx->arena, store_col_text(st, 2), (size_t)store_col_len(st, 2)));
			api_add_str(e, "sortkeyprefix", store_col_text(st, 3));
		}
		if (fld_ts)
			api_add_str(e, "timestamp", query_ts_iso(ctx->arena, store_col_text(st, 4)));
		if (fld_hidden)
			api_add_bool(e, "hidden", !store_col_is_null(st, 5));
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_categories(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp, NULL);
}

static int generate_categories(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, out);
}

const struct api_module api_module_prop_categories = {
	.name = "categories",
	.group = API_G_PROP,
	.prefix = "cl",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct categories_params),
	.summary = "The categories the pages are in.",
	.examples = (const char *const[]){
		"action=query&prop=categories&titles=Albert%20Einstein",
		"The categories of the page Albert Einstein.",
		"action=query&generator=categories&titles=Albert%20Einstein&prop=info",
		"Information about the categories of the page Albert Einstein.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Categories", NULL },
	.exec = exec_categories,
	.generate = generate_categories,
};
