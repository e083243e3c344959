/* SPDX-License-Identifier: MIT */
/*
 * prop_images.c — prop=images (and generator): the files the pages of
 * the set use (imagelinks), as MediaWiki's ApiQueryImages lists them.
 * One query over every good page, LIMIT n+1, ordered by source page
 * (left out when the set has one page) and file name; the continuation
 * is "from|name". imimages keeps only the files named, warning about
 * names outside the File namespace. As a generator the files become
 * the pages.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct images_params {
	long limit;             /* files per batch */
	const char *cont;       /* continuation: "from|name" */
	struct api_list images; /* only these files */
	const char *dir;        /* ascending | descending */
};

static const struct api_param params[] = {
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct images_params, limit), .desc = "How many files to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct images_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "images", .type = API_T_STRING, .flags = API_P_MULTI, .offset = offsetof(struct images_params, images),
	  .desc = "Only these files. Useful to check whether pages use certain files." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct images_params, dir), .desc = "Order of the listing." },
	{ 0 }
};

static int run(struct api_ctx *ctx, struct images_params *p, struct api_pageset *gen)
{
	size_t n_good;
	const char *ids = query_good_ids(ctx, &n_good);
	if (!ids)
		return RC_OK;
	bool desc = streq(p->dir, "descending");
	const char *op = desc ? "<" : ">", *dir = desc ? " DESC" : "";
	const char **binds = arena_alloc(ctx->arena, (p->images.n + 2) * sizeof(*binds));
	size_t nb = 0;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 24);
	sbuf_addf(&sql, "SELECT il_from, il_to FROM imagelinks WHERE il_from IN (%s)", ids);
	if (p->cont) {
		const char *bar = strchr(p->cont, '|');
		if (!bar || strchr(bar + 1, '|')) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		long long cont_from = strtoll(p->cont, NULL, 10); /* as PHP's (int) cast: leading digits, else 0 */
		sbuf_addf(&sql, " AND (il_from %s %lld OR (il_from = %lld AND il_to %s= ?))", op, cont_from, cont_from, op);
		binds[nb++] = bar + 1;
	}
	if (p->images.n) {
		size_t first = nb;
		for (size_t i = 0; i < p->images.n; i++) {
			struct wiki_title t;
			const char *err;
			if (wiki_title_parse(ctx->arena, p->images.v[i], 0, &t, &err) != RC_OK || t.ns != WIKI_NS_FILE ||
			    *t.interwiki)
				api_warn(ctx, "notfile", NULL, wiki_escape_wikitext(ctx->arena, p->images.v[i]));
			else
				binds[nb++] = t.dbkey;
		}
		if (nb == first) {
			sbuf_release(&sql);
			return RC_OK; /* no file named: nothing to list */
		}
		sbuf_adds(&sql, " AND il_to IN (");
		for (size_t i = first; i < nb; i++)
			sbuf_adds(&sql, i > first ? ", ?" : "?");
		sbuf_adds(&sql, ")");
	}
	if (n_good == 1)
		sbuf_addf(&sql, " ORDER BY il_to%s", dir);
	else
		sbuf_addf(&sql, " ORDER BY il_from%s, il_to%s", dir, dir);
	sbuf_addf(&sql, " LIMIT %ld", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 1, binds[i], STORE_NTS);
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t from = store_col_int(st, 0);
		const char *name = store_col_text(st, 1);
		const char *cv = arena_printf(ctx->arena, "%lld|%s", (long long)from, name);
		struct api_node *e;
		enum query_link_row row =
			query_link_item(ctx, from, cv, &n, p->limit, gen, WIKI_NS_FILE, name, "images", "im", &e);
		if (row == QUERY_LINK_STOP)
			break;
		if (row == QUERY_LINK_SKIP)
			continue;
		struct wiki_title t;
		wiki_title_make(ctx->arena, WIKI_NS_FILE, name, &t);
		api_add_int(e, "ns", t.ns);
		api_add_str(e, "title", t.prefixed);
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_images(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp, NULL);
}

static int generate_images(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, out);
}

const struct api_module api_module_prop_images = {
	.name = "images",
	.group = API_G_PROP,
	.prefix = "im",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct images_params),
	.summary = "The files that the given pages use.",
	.examples = (const char *const[]){
		"action=query&prop=images&titles=Main%20Page", "Files the page Main Page uses.",
		"action=query&generator=images&titles=Main%20Page&prop=info",
		"Information about the files the page Main Page uses.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Images", NULL },
	.exec = exec_images,
	.generate = generate_images,
};
