/* SPDX-License-Identifier: MIT */
/*
 * prop_langlinks.c — prop=langlinks: the interlanguage links of the
 * pages of the set (langlinks), as MediaWiki's ApiQueryLangLinks lists
 * them. One query over every good page, LIMIT n+1, ordered by source
 * page (left out when the set has one page) and language; with lllang
 * (one link per page and language) by page alone. The continuation is
 * "from|lang". The title is the entry's content value. langname is the
 * language's name in inlanguagecode and autonym its own name: without
 * translated language names (no CLDR, as the oracle runs) both are the
 * autonym MediaWiki knows, "" for a code it does not know.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct langlinks_params {
	struct api_list prop;       /* url | langname | autonym */
	const char *lang;           /* only links to this language */
	const char *title;          /* with lang: only links to this title */
	const char *dir;            /* ascending | descending */
	const char *inlanguagecode; /* language of langname */
	long limit;                 /* links per batch */
	const char *cont;           /* continuation: "from|lang" */
	bool url;                   /* deprecated: same as prop=url */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "autonym", "langname", "url", NULL },
	  .value_descs = (const char *const[]){ "autonym=The language's name in itself.",
						"langname=The language's name, in the language inlanguagecode names.",
						"url=The full URL of the link target.", NULL },
	  .offset = offsetof(struct langlinks_params, prop), .desc = "What else to return for each link." },
	{ .name = "lang", .type = API_T_STRING, .offset = offsetof(struct langlinks_params, lang),
	  .desc = "Only links to this language code." },
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct langlinks_params, title),
	  .desc = "Only links to this title; needs the lang parameter." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct langlinks_params, dir), .desc = "Order of the listing." },
	{ .name = "inlanguagecode", .type = API_T_STRING, .dflt = "en",
	  .offset = offsetof(struct langlinks_params, inlanguagecode),
	  .desc = "The language code in which langname gives the names." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct langlinks_params, limit), .desc = "How many links to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct langlinks_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "url", .type = API_T_BOOL, .flags = API_P_DEPRECATED, .offset = offsetof(struct langlinks_params, url),
	  .desc = "Whether to return the full URL (use the url prop instead)." },
	{ 0 }
};

static int exec_langlinks(struct api_ctx *ctx, void *vp)
{
	struct langlinks_params *p = vp;
	/* A set without existing pages: nothing to check or list, as MediaWiki returns first. */
	size_t n_good;
	const char *ids = query_good_ids(ctx, &n_good);
	if (!ids)
		return RC_OK;
	if (p->title && !p->lang)
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix-mustusewith",
				 arena_printf(ctx->arena, "%stitle", api_main_of(ctx)->prefix),
				 arena_printf(ctx->arena, "%slang", api_main_of(ctx)->prefix));
	/* The deprecated url flag and prop exclude each other (an empty prop counts as given). */
	if (api_require_max_one(ctx, (const char *const[]){ "url", "prop", NULL }) != RC_OK)
		return RC_ERR;
	bool fld_url = p->url || api_list_has(&p->prop, "url");
	bool fld_langname = api_list_has(&p->prop, "langname"), fld_autonym = api_list_has(&p->prop, "autonym");
	bool desc = streq(p->dir, "descending");
	const char *op = desc ? "<" : ">", *dir = desc ? " DESC" : "";
	const char *binds[4];
	size_t nb = 0;
	long long cont_from = 0;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 24);
	sbuf_addf(&sql, "SELECT ll_from, ll_lang, ll_title FROM langlinks WHERE ll_from IN (%s)", ids);
	if (p->cont) {
		const char *b1 = strchr(p->cont, '|');
		if (!b1 || strchr(b1 + 1, '|')) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		cont_from = strtoll(p->cont, NULL, 10); /* as PHP's (int) cast: leading digits, else 0 */
		sbuf_addf(&sql, " AND (ll_from %s %lld OR (ll_from = %lld AND ll_lang %s= ?))", op, cont_from, cont_from,
			  op);
		binds[nb++] = b1 + 1;
	}
	if (p->lang) {
		sbuf_adds(&sql, " AND ll_lang = ?");
		binds[nb++] = p->lang;
		if (p->title) {
			sbuf_adds(&sql, " AND ll_title = ?");
			binds[nb++] = p->title;
		}
		sbuf_addf(&sql, " ORDER BY ll_from%s", dir);
	} else if (n_good == 1) {
		sbuf_addf(&sql, " ORDER BY ll_lang%s", dir);
	} else {
		sbuf_addf(&sql, " ORDER BY ll_from%s, ll_lang%s", dir, dir);
	}
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
		const char *lang = store_col_text(st, 1), *title = store_col_text(st, 2);
		const char *cv = arena_printf(ctx->arena, "%lld|%s", (long long)from, lang);
		struct api_node *e;
		enum query_link_row row =
			query_link_item(ctx, from, cv, &n, p->limit, NULL, 0, NULL, "langlinks", "ll", &e);
		if (row == QUERY_LINK_STOP)
			break;
		if (row == QUERY_LINK_SKIP)
			continue;
		api_add_str(e, "lang", lang);
		const char *url = fld_url ? query_prefixed_url(ctx, lang, title) : NULL;
		if (url)
			api_add_str(e, "url", url);
		const struct wiki_language *l = (fld_langname || fld_autonym) ? wiki_language_find(lang) : NULL;
		if (fld_langname)
			api_add_str(e, "langname", l ? l->autonym : "");
		if (fld_autonym)
			api_add_str(e, "autonym", l ? l->autonym : "");
		api_add_content_as(e, "title", title, strlen(title));
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

const struct api_module api_module_prop_langlinks = {
	.name = "langlinks",
	.group = API_G_PROP,
	.prefix = "ll",
	.params = params,
	.params_size = sizeof(struct langlinks_params),
	.summary = "The interlanguage links of the given pages.",
	.examples = (const char *const[]){
		"action=query&prop=langlinks&titles=Main%20Page&redirects=",
		"Interlanguage links from the page Main Page.", NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Langlinks", NULL },
	.exec = exec_langlinks,
};
