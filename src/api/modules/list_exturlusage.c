/* SPDX-License-Identifier: MIT */
/*
 * list_exturlusage.c — list=exturlusage (and generator): the pages that
 * link to external URLs matching a protocol and query, as MediaWiki's
 * ApiQueryExtLinksUsage lists them. The filter is prop=extlinks's
 * (query_extlink_filter(): a prefix of el_index, the URL with its host
 * reversed); rows are ordered by el_index_60 and el_id, LIMIT n+1, and
 * the continuation is those two values '|'-separated with '%' and '|'
 * percent-encoded. A protocol-relative link has an http: and an https:
 * index row, so it is listed once unless a filter picks its https: row.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct exturlusage_params {
	struct api_list prop; /* ids | title | url */
	const char *cont;     /* continuation: "index60|id" */
	const char *protocol; /* "" or a protocol name */
	const char *query;    /* host and path without the protocol */
	struct api_list ns;   /* only pages in these namespaces */
	long limit;           /* pages per batch */
	bool expandurl;       /* protocol-relative URLs with the canonical protocol */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "ids|title|url",
	  .values = (const char *const[]){ "ids", "title", "url", NULL },
	  .value_descs = (const char *const[]){ "ids=The page ID.", "title=The title and namespace ID of the page.",
						"url=The URL the page links to.", NULL },
	  .offset = offsetof(struct exturlusage_params, prop), .desc = "What to return for each link." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct exturlusage_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "protocol", .type = API_T_ENUM, .dflt = "", .values = query_url_protocols,
	  .offset = offsetof(struct exturlusage_params, protocol),
	  .desc = "Protocol of the URL. Empty and with euquery set, the protocol is http. Leave both this and "
		  "euquery empty to list every external link." },
	{ .name = "query", .type = API_T_STRING, .offset = offsetof(struct exturlusage_params, query),
	  .desc = "Search string without protocol; \"*.\" in front of the host matches every subdomain. "
		  "Empty lists every link of the protocol." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct exturlusage_params, ns), .desc = "Only pages in these namespaces." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct exturlusage_params, limit), .desc = "How many pages to return." },
	{ .name = "expandurl", .type = API_T_BOOL, .offset = offsetof(struct exturlusage_params, expandurl),
	  .desc = "Expand protocol-relative URLs with the canonical protocol." },
	{ 0 }
};

/* `s` with '%' and '|' percent-encoded, in `a` (a continuation field). */
static const char *cont_escape(struct arena *a, const char *s)
{
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	for (; *s; s++) {
		if (*s == '%')
			sbuf_adds(&sb, "%25");
		else if (*s == '|')
			sbuf_adds(&sb, "%7C");
		else
			sbuf_addc(&sb, *s);
	}
	const char *r = arena_strdup(a, sbuf_cstr(&sb));
	sbuf_release(&sb);
	return r;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The first `n` bytes of `s` percent-decoded as PHP's rawurldecode() does, in `a`. */
static const char *raw_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			out[w++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[w++] = s[i];
		}
	}
	out[w] = '\0';
	return out;
}

/* Run the listing: into result `list` (exec) or into `gen` (generator). */
static int run(struct api_ctx *ctx, struct exturlusage_params *p, struct api_node *list, struct api_pageset *gen)
{
	const char *binds[5];
	size_t nb = 0;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 14);
	sbuf_adds(&sql, "SELECT el_index_60, el_id, page_id, page_namespace, page_title, el_to FROM externallinks"
			" JOIN page ON page_id = el_from WHERE ");
	if (query_extlink_filter(ctx, &sql, p->protocol, p->query, binds, &nb) != RC_OK) {
		sbuf_release(&sql);
		return RC_ERR;
	}
	if (p->ns.n) {
		sbuf_adds(&sql, " AND page_namespace IN (");
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
		sbuf_adds(&sql, ")");
	}
	if (p->cont) {
		const char *bar = strchr(p->cont, '|');
		if (!bar || strchr(bar + 1, '|')) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		const char *idx = raw_decode(ctx->arena, p->cont, (size_t)(bar - p->cont));
		long long id = strtoll(raw_decode(ctx->arena, bar + 1, strlen(bar + 1)), NULL, 10);
		sbuf_addf(&sql, " AND (el_index_60 > ? OR (el_index_60 = ? AND el_id >= %lld))", id);
		binds[nb++] = idx;
		binds[nb++] = idx;
	}
	sbuf_addf(&sql, " ORDER BY el_index_60, el_id LIMIT %ld", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 1, binds[i], STORE_NTS);
	bool fld_ids = api_list_has(&p->prop, "ids"), fld_title = api_list_has(&p->prop, "title");
	bool fld_url = api_list_has(&p->prop, "url");
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t id = store_col_int(st, 2);
		const char *cv = arena_printf(ctx->arena, "%s|%lld", cont_escape(ctx->arena, store_col_text(st, 0)),
					      (long long)store_col_int(st, 1));
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", cv);
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
			wiki_title_make(ctx->arena, (int)store_col_int(st, 3), store_col_text(st, 4), &t);
			api_add_int(e, "ns", t.ns);
			api_add_str(e, "title", t.prefixed);
		}
		if (fld_url) {
			const char *url = arena_strdup(ctx->arena, store_col_text(st, 5));
			api_add_str(e, "url", p->expandurl ? query_expand_url(ctx->arena, url) : url);
		}
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_exturlusage(struct api_ctx *ctx, void *vp)
{
	struct api_node *list = api_add_array(api_query_node(ctx), "exturlusage", "eu");
	return run(ctx, vp, list, NULL);
}

static int generate_exturlusage(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, NULL, out);
}

const struct api_module api_module_list_exturlusage = {
	.name = "exturlusage",
	.group = API_G_LIST,
	.prefix = "eu",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct exturlusage_params),
	.summary = "List the pages that link to a given external URL.",
	.examples = (const char *const[]){
		"action=query&list=exturlusage&euquery=www.mediawiki.org", "Pages linking to https://www.mediawiki.org.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Exturlusage", NULL },
	.exec = exec_exturlusage,
	.generate = generate_exturlusage,
};
