/* SPDX-License-Identifier: MIT */
/*
 * list_allpages.c — list=allpages (and generator=allpages): pages of one
 * namespace in title order, one indexed range scan on (page_namespace,
 * page_title) with LIMIT n+1; the continuation value is the next title's
 * dbkey, as in MediaWiki.
 */
#include "query_int.h"

#include <stddef.h>
#include <stdio.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

struct allpages_params {
	const char *from;        /* first title */
	const char *cont;        /* continuation: next dbkey */
	const char *to;          /* last title */
	const char *prefix;      /* title prefix */
	long ns;                 /* namespace */
	const char *filterredir; /* all | redirects | nonredirects */
	long minsize;            /* minimum page_len */
	long maxsize;            /* maximum page_len */
	struct api_list prtype;  /* protection types */
	struct api_list prlevel; /* protection levels */
	const char *prcascade;   /* all | cascading | noncascading */
	const char *prexpiry;    /* all | definite | indefinite */
	const char *langlinks;   /* all | withlanglinks | withoutlanglinks */
	long limit;              /* pages per batch */
	const char *dir;         /* ascending | descending */
};

static const struct api_param params[] = {
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct allpages_params, from),
	  .desc = "Start with this title." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct allpages_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct allpages_params, to),
	  .desc = "Stop after this title." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct allpages_params, prefix),
	  .desc = "Only titles that start with this text." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .dflt = "0",
	  .offset = offsetof(struct allpages_params, ns), .desc = "The namespace to list." },
	{ .name = "filterredir", .type = API_T_ENUM, .dflt = "all",
	  .values = (const char *const[]){ "all", "redirects", "nonredirects", NULL },
	  .offset = offsetof(struct allpages_params, filterredir), .desc = "Which pages to list." },
	{ .name = "minsize", .type = API_T_INT, .offset = offsetof(struct allpages_params, minsize),
	  .desc = "Only pages at least this many bytes long." },
	{ .name = "maxsize", .type = API_T_INT, .offset = offsetof(struct allpages_params, maxsize),
	  .desc = "Only pages at most this many bytes long." },
	{ .name = "prtype", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "edit", "move", "upload", NULL },
	  .offset = offsetof(struct allpages_params, prtype), .desc = "Only pages protected against these actions." },
	{ .name = "prlevel", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "", "autoconfirmed", "sysop", NULL },
	  .offset = offsetof(struct allpages_params, prlevel),
	  .desc = "With prtype: only protections of these levels." },
	{ .name = "prfiltercascade", .type = API_T_ENUM, .dflt = "all",
	  .values = (const char *const[]){ "cascading", "noncascading", "all", NULL },
	  .offset = offsetof(struct allpages_params, prcascade),
	  .desc = "With prtype: only cascading protections, only others, or both." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct allpages_params, limit), .desc = "How many pages to list." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct allpages_params, dir), .desc = "Order of the listing." },
	{ .name = "filterlanglinks", .type = API_T_ENUM, .dflt = "all",
	  .values = (const char *const[]){ "withlanglinks", "withoutlanglinks", "all", NULL },
	  .offset = offsetof(struct allpages_params, langlinks),
	  .desc = "Only pages with interlanguage links, only pages without, or both." },
	{ .name = "prexpiry", .type = API_T_ENUM, .dflt = "all",
	  .values = (const char *const[]){ "indefinite", "definite", "all", NULL },
	  .offset = offsetof(struct allpages_params, prexpiry),
	  .value_descs = (const char *const[]){ "all=Any expiry.", "definite=Only protections that expire.",
						"indefinite=Only protections that never expire.", NULL },
	  .desc = "Only protected pages whose protection expires this way (only protections in force count)." },
	{ 0 }
};

/* Run the listing: into result `list` (exec) or into `gen` (generator). */
static int run(struct api_ctx *ctx, struct allpages_params *p, struct api_node *list, struct api_pageset *gen)
{
	bool desc = streq(p->dir, "descending");
	if (p->cont && strchr(p->cont, '|'))
		return api_error(ctx, "badcontinue", NULL);
	struct sbuf sql;
	sbuf_init(&sql, 1 << 14);
	sbuf_adds(&sql, "SELECT page_id, page_title FROM page WHERE page_namespace = ?");
	const char *binds[4];
	size_t nb = 0;
	/* from, to and prefix are title parts: one that cannot start a title is refused (invalidtitle). */
	const char *from = NULL, *to = NULL, *prefix = NULL;
	if ((!p->cont && p->from && *p->from && !(from = query_title_part_key(ctx, p->from, (int)p->ns))) ||
	    (p->to && *p->to && !(to = query_title_part_key(ctx, p->to, (int)p->ns))) ||
	    (p->prefix && *p->prefix && !(prefix = query_title_part_key(ctx, p->prefix, (int)p->ns)))) {
		sbuf_release(&sql);
		return RC_ERR;
	}
	/* An empty apto is the empty title part, as MediaWiki reads it: nothing sorts before it. */
	if (p->to && !*p->to)
		to = "";
	if (p->cont)
		from = p->cont;
	if (from) {
		sbuf_adds(&sql, desc ? " AND page_title <= ?" : " AND page_title >= ?");
		binds[nb++] = from;
	}
	if (to) {
		sbuf_adds(&sql, desc ? " AND page_title >= ?" : " AND page_title <= ?");
		binds[nb++] = to;
	}
	if (prefix) {
		/* Range scan on the prefix: [prefix, prefix + U+10FFFF). */
		sbuf_adds(&sql, " AND page_title >= ? AND page_title < ?");
		binds[nb++] = prefix;
		binds[nb++] = arena_printf(ctx->arena, "%s\xf4\x8f\xbf\xbf", prefix);
	}
	if (streq(p->filterredir, "redirects"))
		sbuf_adds(&sql, " AND page_is_redirect = 1");
	else if (streq(p->filterredir, "nonredirects"))
		sbuf_adds(&sql, " AND page_is_redirect = 0");
	if (api_param_given(ctx, "minsize"))
		sbuf_addf(&sql, " AND page_len >= %ld", p->minsize);
	if (api_param_given(ctx, "maxsize"))
		sbuf_addf(&sql, " AND page_len <= %ld", p->maxsize);
	if (p->prtype.n || !streq(p->prexpiry, "all")) {
		/* Protections in force: not expired ('infinity' sorts after every timestamp). */
		char now[15];
		wiki_timestamp_now(now);
		sbuf_addf(&sql, " AND page_id IN (SELECT pr_page FROM page_restrictions WHERE (pr_expiry > '%s'"
			  " OR pr_expiry IS NULL)", now);
		if (p->prtype.n) {
			/* Values come from the enums above: safe to write into the SQL. */
			sbuf_adds(&sql, " AND pr_type IN (");
			for (size_t i = 0; i < p->prtype.n; i++)
				sbuf_addf(&sql, "%s'%s'", i ? "," : "", p->prtype.v[i]);
			sbuf_adds(&sql, ")");
			size_t n_levels = 0;
			for (size_t i = 0; i < p->prlevel.n; i++) {
				if (!*p->prlevel.v[i])
					continue; /* "" means no filter on that value, as MediaWiki drops it */
				sbuf_addf(&sql, "%s'%s'", n_levels++ ? "," : " AND pr_level IN (", p->prlevel.v[i]);
			}
			if (n_levels)
				sbuf_adds(&sql, ")");
			if (streq(p->prcascade, "cascading"))
				sbuf_adds(&sql, " AND pr_cascade = 1");
			else if (streq(p->prcascade, "noncascading"))
				sbuf_adds(&sql, " AND pr_cascade = 0");
		}
		if (streq(p->prexpiry, "indefinite"))
			sbuf_adds(&sql, " AND (pr_expiry = 'infinity' OR pr_expiry IS NULL)");
		else if (streq(p->prexpiry, "definite"))
			sbuf_adds(&sql, " AND pr_expiry != 'infinity'");
		sbuf_adds(&sql, ")");
	} else if (api_param_given(ctx, "prlevel")) {
		/* MediaWiki 1.39 refuses any prlevel without prtype, an empty one too, naming them unprefixed. */
		sbuf_release(&sql);
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix-mustusewith", "prlevel", "prtype");
	}
	if (streq(p->langlinks, "withlanglinks"))
		sbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM langlinks WHERE ll_from = page_id)");
	else if (streq(p->langlinks, "withoutlanglinks"))
		sbuf_adds(&sql, " AND NOT EXISTS (SELECT 1 FROM langlinks WHERE ll_from = page_id)");
	sbuf_addf(&sql, " ORDER BY page_title %s LIMIT %ld", desc ? "DESC" : "ASC", p->limit + 1);

	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	store_bind_int(st, 1, p->ns);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 2, binds[i], STORE_NTS);
	long n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		const char *dbkey = store_col_text(st, 1);
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", dbkey);
			break;
		}
		if (gen) {
			query_pageset_add_pageid(ctx, gen, store_col_int(st, 0));
			continue;
		}
		struct wiki_title t;
		wiki_title_make(ctx->arena, (int)p->ns, dbkey, &t);
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "pageid", store_col_int(st, 0));
		api_add_int(e, "ns", t.ns);
		api_add_str(e, "title", t.prefixed);
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	return RC_OK;
}

static int exec_allpages(struct api_ctx *ctx, void *vp)
{
	struct api_node *list = api_add_array(api_query_node(ctx), "allpages", "p");
	return run(ctx, vp, list, NULL);
}

static int generate_allpages(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	/* Redirects resolved would hide the pages listed: MediaWiki refuses and points to gapfilterredir. */
	if (api_param_lookup(ctx, "redirects"))
		return api_error(ctx, "params", "apierror-allpages-generator-redirects");
	return run(ctx, vp, NULL, out);
}

const struct api_module api_module_list_allpages = {
	.name = "allpages",
	.group = API_G_LIST,
	.prefix = "ap",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct allpages_params),
	.summary = "List the pages of a namespace in title order.",
	.examples = (const char *const[]){
		"action=query&list=allpages&apfrom=B", "Pages from the letter B on.",
		"action=query&generator=allpages&gaplimit=4&gapfrom=T&prop=info",
		"Basic facts about four pages from the letter T on.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Allpages", NULL },
	.exec = exec_allpages,
	.generate = generate_allpages,
};
