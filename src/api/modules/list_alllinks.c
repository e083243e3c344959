/* SPDX-License-Identifier: MIT */
/*
 * list_alllinks.c — list=alllinks (pagelinks) and, through
 * query_alllinks_run(), list=alltransclusions (templatelinks;
 * list_alltransclusions.c), list=allfileusages (imagelinks;
 * list_allfileusages.c) and list=allredirects (redirect;
 * list_allredirects.c): every link target of one namespace in title
 * order, as MediaWiki's ApiQueryAllLinks lists them. Also the table
 * of link tables, query_linktable().
 *
 * One range scan on the table's (namespace, title, from) index, LIMIT
 * n+1. Without `unique` each row is one (target, source) pair ordered by
 * title then source id and continued with "title|from"; with `unique`
 * the titles are DISTINCT and continued with the title alone. from/to
 * bound the title from below and above whatever the direction, as
 * MediaWiki's query does. As a generator the unique titles become the
 * pages, otherwise the source pages do.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"
#include "query_int.h"

static const char *const prop_values[] = { "ids", "title", NULL };
static const char *const prop_descs[] = {
	"ids=The page ID of the page that holds the link (not with unique).",
	"title=The title of the link target.", NULL
};
static const struct api_param params[] = { ALLLINKS_PARAMS("0", prop_values, prop_descs) };

const char *query_title_part_key(struct api_ctx *ctx, const char *part, int ns)
{
	struct wiki_title t;
	const char *err;
	/* As Title::makeTitleSafe(): the namespace's name goes in front, so "Talk:x" in main is no key. */
	const char *nsname = wiki_ns_text(ns);
	const char *full = nsname && *nsname ? arena_printf(ctx->arena, "%s:%sx", nsname, part)
					     : arena_printf(ctx->arena, "%sx", part);
	if (wiki_title_parse(ctx->arena, full, 0, &t, &err) != RC_OK ||
	    *t.fragment || t.ns != ns || *t.interwiki) {
		api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, part));
		return NULL;
	}
	size_t n = strlen(t.dbkey);
	return arena_strndup(ctx->arena, t.dbkey, n ? n - 1 : 0);
}

const struct query_linktable *query_linktable(const char *tp)
{
	static const struct query_linktable tabs[] = {
		{ "pagelinks", "pl_from", "pl_from_namespace", "pl_namespace", "pl_title", 0 },
		{ "templatelinks", "tl_from", "tl_from_namespace", "tl_namespace", "tl_title", 0 },
		{ "imagelinks", "il_from", "il_from_namespace", NULL, "il_to", 6 },
		{ "redirect", "rd_from", NULL, "rd_namespace", "rd_title", 0 },
	};
	return &tabs[streq(tp, "pl") ? 0 : streq(tp, "tl") ? 1 : streq(tp, "il") ? 2 : 3];
}

int query_alllinks_run(struct api_ctx *ctx, struct query_alllinks_params *p, const char *tp, const char *listname,
		       const char *elem, struct api_pageset *gen)
{
	const struct query_linktable *lt = query_linktable(tp);
	/* imagelinks: every target is a File: title, and there is no namespace parameter. */
	if (!lt->ns)
		p->ns = lt->fixed_ns;
	bool is_rd = streq(tp, "rd");
	bool fld_ids = api_list_has(&p->prop, "ids"), fld_title = api_list_has(&p->prop, "title");
	bool fld_fragment = is_rd && api_list_has(&p->prop, "fragment");
	bool fld_interwiki = is_rd && api_list_has(&p->prop, "interwiki");
	if (p->unique) {
		/* The props that need a row per source, in the order they were asked for. */
		struct sbuf bad;
		sbuf_init(&bad, 1 << 12);
		for (size_t i = 0; i < p->prop.n; i++)
			if (!streq(p->prop.v[i], "title"))
				sbuf_addf(&bad, "%s%s", bad.len ? "|" : "", p->prop.v[i]);
		if (bad.len) {
			/* MediaWiki names them with the module's own prefix, also as a generator. */
			const char *pre = ctx->module->prefix;
			const char *mix = arena_printf(ctx->arena, "%sprop=%s", pre, sbuf_cstr(&bad));
			sbuf_release(&bad);
			return api_error(ctx, "invalidparammix", "apierror-invalidparammix-cannotusewith", mix,
					 arena_printf(ctx->arena, "%sunique", pre));
		}
		sbuf_release(&bad);
	}
	bool desc = streq(p->dir, "descending");
	const char *op = desc ? "<" : ">";
	const char *binds[5];
	size_t nb = 0;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 14);
	sbuf_addf(&sql, "SELECT %s%s, %s", p->unique ? "DISTINCT " : "", lt->title, p->unique ? "0" : lt->from);
	if (is_rd)
		sbuf_adds(&sql, p->unique ? ", NULL, NULL" : ", rd_fragment, rd_interwiki");
	sbuf_addf(&sql, " FROM %s WHERE ", lt->table);
	if (lt->ns)
		sbuf_addf(&sql, "%s = %ld", lt->ns, p->ns);
	else
		sbuf_adds(&sql, "1 = 1");
	long long cont_from = 0;
	if (p->cont) {
		const char *bar = strchr(p->cont, '|');
		if (p->unique ? bar != NULL : (!bar || strchr(bar + 1, '|'))) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		if (p->unique) {
			sbuf_addf(&sql, " AND %s %s= ?", lt->title, op);
			binds[nb++] = p->cont;
		} else {
			/* The source id is read as PHP's (int) cast reads it: leading digits, else 0. */
			cont_from = strtoll(bar + 1, NULL, 10);
			const char *ct = arena_strndup(ctx->arena, p->cont, (size_t)(bar - p->cont));
			sbuf_addf(&sql, " AND (%s %s ? OR (%s = ? AND %s %s= %lld))", lt->title, op, lt->title, lt->from, op,
				  cont_from);
			binds[nb++] = ct;
			binds[nb++] = ct;
		}
	}
	/* A continuation overrides `from`. */
	if (!p->cont && p->from) {
		const char *k = query_title_part_key(ctx, p->from, (int)p->ns);
		if (!k) {
			sbuf_release(&sql);
			return RC_ERR;
		}
		sbuf_addf(&sql, " AND %s >= ?", lt->title);
		binds[nb++] = k;
	}
	if (p->to) {
		const char *k = query_title_part_key(ctx, p->to, (int)p->ns);
		if (!k) {
			sbuf_release(&sql);
			return RC_ERR;
		}
		sbuf_addf(&sql, " AND %s <= ?", lt->title);
		binds[nb++] = k;
	}
	if (p->prefix) {
		const char *k = query_title_part_key(ctx, p->prefix, (int)p->ns);
		if (!k) {
			sbuf_release(&sql);
			return RC_ERR;
		}
		/* Range scan on the prefix: [prefix, prefix + U+10FFFF). */
		sbuf_addf(&sql, " AND %s >= ? AND %s < ?", lt->title, lt->title);
		binds[nb++] = k;
		binds[nb++] = arena_printf(ctx->arena, "%s\xf4\x8f\xbf\xbf", k);
	}
	const char *dir = desc ? " DESC" : "";
	sbuf_addf(&sql, " ORDER BY %s%s", lt->title, dir);
	if (!p->unique)
		sbuf_addf(&sql, ", %s%s", lt->from, dir);
	sbuf_addf(&sql, " LIMIT %ld", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 1, binds[i], STORE_NTS);
	struct api_node *list = gen ? NULL : api_add_array(api_query_node(ctx), listname, elem);
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		const char *dbkey = store_col_text(st, 0);
		int64_t from = store_col_int(st, 1);
		const char *cv = p->unique ? arena_strdup(ctx->arena, dbkey)
					   : arena_printf(ctx->arena, "%s|%lld", dbkey, (long long)from);
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", cv);
			break;
		}
		if (gen) {
			if (p->unique)
				query_pageset_add_title(ctx, gen, (int)p->ns, dbkey);
			else
				query_pageset_add_pageid(ctx, gen, from);
			continue;
		}
		/* Typed "assoc" as in ApiQueryAllLinks: an item with no properties is {}, not []. */
		struct api_node *e = api_node_set_type(api_add_object(list, NULL), API_ARR_ASSOC, NULL);
		if (fld_ids)
			api_add_int(e, "fromid", from);
		if (fld_title) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, (int)p->ns, dbkey, &t);
			api_add_int(e, "ns", t.ns);
			api_add_str(e, "title", t.prefixed);
		}
		const char *frag = is_rd ? store_col_text(st, 2) : NULL;
		const char *iw = is_rd ? store_col_text(st, 3) : NULL;
		if (fld_fragment && frag && *frag)
			api_add_str(e, "fragment", frag);
		if (fld_interwiki && iw && *iw)
			api_add_str(e, "interwiki", iw);
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_alllinks(struct api_ctx *ctx, void *vp)
{
	return query_alllinks_run(ctx, vp, "pl", "alllinks", "l", NULL);
}

static int generate_alllinks(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_alllinks_run(ctx, vp, "pl", "alllinks", "l", out);
}

const struct api_module api_module_list_alllinks = {
	.name = "alllinks",
	.group = API_G_LIST,
	.prefix = "al",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_alllinks_params),
	.summary = "List every link target of a namespace, in title order.",
	.examples = (const char *const[]){
		"action=query&list=alllinks&alunique=&alfrom=B", "Link targets from the letter B on, each once.",
		"action=query&generator=alllinks&galunique=&prop=info", "Information about the linked titles.",
		"action=query&generator=alllinks&galprop=ids&prop=info",
		"Information about the pages that hold the links.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Alllinks", NULL },
	.exec = exec_alllinks,
	.generate = generate_alllinks,
};
