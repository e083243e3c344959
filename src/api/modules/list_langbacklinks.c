/* SPDX-License-Identifier: MIT */
/*
 * list_langbacklinks.c — list=langbacklinks (langlinks) and, through
 * query_xbacklinks_run(), list=iwbacklinks (iwlinks;
 * list_iwbacklinks.c): the pages that link to a language or interwiki
 * prefix and title, as MediaWiki's ApiQueryLangBacklinks and
 * ApiQueryIWBacklinks list them. One query joined to page, LIMIT n+1,
 * ordered by prefix, title and source page (the columns fixed by the
 * filters left out); the continuation is always "prefix|title|from",
 * the id read as PHP's (int) cast. As generators the linking pages
 * become the pages. A title without its prefix is an error, whose code
 * is "nolang" for langbacklinks, as in MediaWiki.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

static const struct api_param params[] = {
	{ .name = "lang", .type = API_T_STRING, .offset = offsetof(struct query_xbacklinks_params, key),
	  .desc = "Only links to this language code." },
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct query_xbacklinks_params, title),
	  .desc = "Only links to this title; needs the lang parameter." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct query_xbacklinks_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct query_xbacklinks_params, limit), .desc = "How many pages to return." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "",
	  .values = (const char *const[]){ "lllang", "lltitle", NULL },
	  .value_descs = (const char *const[]){ "lllang=The language code of the link.",
						"lltitle=The title the link points to.", NULL },
	  .offset = offsetof(struct query_xbacklinks_params, prop), .desc = "What else to return for each page." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct query_xbacklinks_params, dir), .desc = "Order of the listing." },
	{ 0 }
};

int query_xbacklinks_run(struct api_ctx *ctx, struct query_xbacklinks_params *p, bool lang, struct api_pageset *gen)
{
	const char *pre = api_main_of(ctx)->prefix;
	const char *tab = lang ? "langlinks" : "iwlinks";
	const char *cfrom = lang ? "ll_from" : "iwl_from", *ckey = lang ? "ll_lang" : "iwl_prefix";
	const char *ctitle = lang ? "ll_title" : "iwl_title";
	if (p->title && !p->key)
		return api_error(ctx, lang ? "nolang" : "invalidparammix", "apierror-invalidparammix-mustusewith",
				 arena_printf(ctx->arena, "%stitle", pre),
				 arena_printf(ctx->arena, "%s%s", pre, lang ? "lang" : "prefix"));
	bool desc = streq(p->dir, "descending");
	const char *op = desc ? "<" : ">", *dir = desc ? " DESC" : "";
	const char *binds[6];
	size_t nb = 0;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 12);
	sbuf_addf(&sql, "SELECT page_id, page_namespace, page_title, page_is_redirect, %s, %s FROM %s"
			" JOIN page ON page_id = %s WHERE 1 = 1", ckey, ctitle, tab, cfrom);
	if (p->cont) {
		const char *b1 = strchr(p->cont, '|');
		const char *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
		if (!b2 || strchr(b2 + 1, '|')) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		const char *ck = arena_strndup(ctx->arena, p->cont, (size_t)(b1 - p->cont));
		const char *ct = arena_strndup(ctx->arena, b1 + 1, (size_t)(b2 - b1 - 1));
		long long cf = strtoll(b2 + 1, NULL, 10); /* as PHP's (int) cast: leading digits, else 0 */
		sbuf_addf(&sql, " AND (%s %s ? OR (%s = ? AND (%s %s ? OR (%s = ? AND %s %s= %lld))))", ckey, op, ckey,
			  ctitle, op, ctitle, cfrom, op, cf);
		binds[nb++] = ck;
		binds[nb++] = ck;
		binds[nb++] = ct;
		binds[nb++] = ct;
	}
	if (p->key) {
		sbuf_addf(&sql, " AND %s = ?", ckey);
		binds[nb++] = p->key;
		if (p->title) {
			sbuf_addf(&sql, " AND %s = ?", ctitle);
			binds[nb++] = p->title;
			sbuf_addf(&sql, " ORDER BY %s%s", cfrom, dir);
		} else {
			sbuf_addf(&sql, " ORDER BY %s%s, %s%s", ctitle, dir, cfrom, dir);
		}
	} else {
		sbuf_addf(&sql, " ORDER BY %s%s, %s%s, %s%s", ckey, dir, ctitle, dir, cfrom, dir);
	}
	sbuf_addf(&sql, " LIMIT %ld", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 1, binds[i], STORE_NTS);
	bool fld_key = api_list_has(&p->prop, lang ? "lllang" : "iwprefix");
	bool fld_title = api_list_has(&p->prop, lang ? "lltitle" : "iwtitle");
	struct api_node *list = gen ? NULL : api_add_array(api_query_node(ctx), lang ? "langbacklinks" : "iwbacklinks",
							     lang ? "ll" : "iw");
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t id = store_col_int(st, 0);
		const char *key = store_col_text(st, 4), *title = store_col_text(st, 5);
		const char *cv = arena_printf(ctx->arena, "%s|%s|%lld", key, title, (long long)id);
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", cv);
			break;
		}
		if (gen) {
			query_pageset_add_pageid(ctx, gen, id);
			continue;
		}
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "pageid", id);
		struct wiki_title t;
		wiki_title_make(ctx->arena, (int)store_col_int(st, 1), store_col_text(st, 2), &t);
		api_add_int(e, "ns", t.ns);
		api_add_str(e, "title", t.prefixed);
		if (store_col_int(st, 3))
			api_add_bool(e, "redirect", true);
		if (fld_key)
			api_add_str(e, lang ? "lllang" : "iwprefix", key);
		if (fld_title)
			api_add_str(e, lang ? "lltitle" : "iwtitle", title);
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_langbacklinks(struct api_ctx *ctx, void *vp)
{
	return query_xbacklinks_run(ctx, vp, true, NULL);
}

static int generate_langbacklinks(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_xbacklinks_run(ctx, vp, true, out);
}

const struct api_module api_module_list_langbacklinks = {
	.name = "langbacklinks",
	.group = API_G_LIST,
	.prefix = "lbl",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_xbacklinks_params),
	.summary = "List the pages that link to a given interlanguage link (all of them when none is given).",
	.examples = (const char *const[]){
		"action=query&list=langbacklinks&lbltitle=Test&lbllang=fr", "Pages linking to the French page Test.",
		"action=query&generator=langbacklinks&glbltitle=Test&glbllang=fr&prop=info",
		"Information about the pages linking to the French page Test.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Langbacklinks", NULL },
	.exec = exec_langbacklinks,
	.generate = generate_langbacklinks,
};
