/* SPDX-License-Identifier: MIT */
/*
 * prop_iwlinks.c — prop=iwlinks: the interwiki links of the pages of the
 * set (iwlinks), as MediaWiki's ApiQueryIWLinks lists them. One query
 * over every good page, LIMIT n+1, ordered by source page (left out when
 * the set has one page), prefix and title; with iwprefix the order is
 * page and title, with iwprefix and iwtitle page alone. The
 * continuation is "from|prefix|title". The title is the entry's content
 * value ("*" in formatversion 1), in the form the link table keeps it.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct iwlinks_params {
	struct api_list prop; /* url */
	const char *prefix;   /* only links with this prefix */
	const char *title;    /* with prefix: only links to this title */
	const char *dir;      /* ascending | descending */
	long limit;           /* links per batch */
	const char *cont;     /* continuation: "from|prefix|title" */
	bool url;             /* deprecated: same as prop=url */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = (const char *const[]){ "url", NULL },
	  .value_descs = (const char *const[]){ "url=The full URL of the link target.", NULL },
	  .offset = offsetof(struct iwlinks_params, prop), .desc = "What else to return for each link." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct iwlinks_params, prefix),
	  .desc = "Only interwiki links with this prefix." },
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct iwlinks_params, title),
	  .desc = "Only links to this title; needs the prefix parameter." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct iwlinks_params, dir), .desc = "Order of the listing." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct iwlinks_params, limit), .desc = "How many links to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct iwlinks_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "url", .type = API_T_BOOL, .flags = API_P_DEPRECATED, .offset = offsetof(struct iwlinks_params, url),
	  .desc = "Whether to return the full URL (use the url prop instead)." },
	{ 0 }
};

const char *query_prefixed_url(struct api_ctx *ctx, const char *prefix, const char *title)
{
	struct wiki_title t;
	const char *err;
	if (wiki_title_parse(ctx->arena, arena_printf(ctx->arena, "%s:%s", prefix, title), 0, &t, &err) != RC_OK)
		return NULL;
	return wiki_title_url(ctx->arena, &t);
}

static int exec_iwlinks(struct api_ctx *ctx, void *vp)
{
	struct iwlinks_params *p = vp;
	/* A set without existing pages: nothing to check or list, as MediaWiki returns first. */
	size_t n_good;
	const char *ids = query_good_ids(ctx, &n_good);
	if (!ids)
		return RC_OK;
	if (p->title && !p->prefix)
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix-mustusewith",
				 arena_printf(ctx->arena, "%stitle", api_main_of(ctx)->prefix),
				 arena_printf(ctx->arena, "%sprefix", api_main_of(ctx)->prefix));
	/* The deprecated url flag and prop exclude each other (an empty prop counts as given). */
	if (api_require_max_one(ctx, (const char *const[]){ "url", "prop", NULL }) != RC_OK)
		return RC_ERR;
	bool fld_url = p->url || api_list_has(&p->prop, "url");
	bool desc = streq(p->dir, "descending");
	const char *op = desc ? "<" : ">", *dir = desc ? " DESC" : "";
	const char *binds[4];
	size_t nb = 0;
	long long cont_from = 0;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 24);
	sbuf_addf(&sql, "SELECT iwl_from, iwl_prefix, iwl_title FROM iwlinks WHERE iwl_from IN (%s)", ids);
	if (p->cont) {
		const char *b1 = strchr(p->cont, '|');
		const char *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
		if (!b2 || strchr(b2 + 1, '|')) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		cont_from = strtoll(p->cont, NULL, 10); /* as PHP's (int) cast: leading digits, else 0 */
		const char *cp = arena_strndup(ctx->arena, b1 + 1, (size_t)(b2 - b1 - 1));
		sbuf_addf(&sql, " AND (iwl_from %s %lld OR (iwl_from = %lld AND (iwl_prefix %s ? OR"
			  " (iwl_prefix = ? AND iwl_title %s= ?))))", op, cont_from, cont_from, op, op);
		binds[nb++] = cp;
		binds[nb++] = cp;
		binds[nb++] = b2 + 1;
	}
	if (p->prefix) {
		sbuf_adds(&sql, " AND iwl_prefix = ?");
		binds[nb++] = p->prefix;
		if (p->title) {
			sbuf_adds(&sql, " AND iwl_title = ?");
			binds[nb++] = p->title;
			sbuf_addf(&sql, " ORDER BY iwl_from%s", dir);
		} else {
			sbuf_addf(&sql, " ORDER BY iwl_from%s, iwl_title%s", dir, dir);
		}
	} else if (n_good == 1) {
		sbuf_addf(&sql, " ORDER BY iwl_prefix%s, iwl_title%s", dir, dir);
	} else {
		sbuf_addf(&sql, " ORDER BY iwl_from%s, iwl_prefix%s, iwl_title%s", dir, dir, dir);
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
		const char *prefix = store_col_text(st, 1), *title = store_col_text(st, 2);
		const char *cv = arena_printf(ctx->arena, "%lld|%s|%s", (long long)from, prefix, title);
		struct api_node *e;
		enum query_link_row row = query_link_item(ctx, from, cv, &n, p->limit, NULL, 0, NULL, "iwlinks", "iw", &e);
		if (row == QUERY_LINK_STOP)
			break;
		if (row == QUERY_LINK_SKIP)
			continue;
		api_add_str(e, "prefix", prefix);
		const char *url = fld_url ? query_prefixed_url(ctx, prefix, title) : NULL;
		if (url)
			api_add_str(e, "url", url);
		api_add_content_as(e, "title", title, strlen(title));
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

const struct api_module api_module_prop_iwlinks = {
	.name = "iwlinks",
	.group = API_G_PROP,
	.prefix = "iw",
	.params = params,
	.params_size = sizeof(struct iwlinks_params),
	.summary = "The interwiki links of the given pages.",
	.examples = (const char *const[]){
		"action=query&prop=iwlinks&titles=Main%20Page", "Interwiki links from the page Main Page.", NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Iwlinks", NULL },
	.exec = exec_iwlinks,
};
