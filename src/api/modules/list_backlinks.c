/* SPDX-License-Identifier: MIT */
/*
 * list_backlinks.c — list=backlinks (pagelinks) and, through
 * query_backlinks_run(), list=embeddedin (templatelinks;
 * list_embeddedin.c) and list=imageusage (imagelinks;
 * list_imageusage.c): the pages that link to, transclude or use one
 * title, as MediaWiki's ApiQueryBacklinks lists them.
 *
 * The first level is ordered by source page id (by source namespace
 * first when several namespaces are asked for) and continues with
 * "from_namespace|from". With blredirect, the redirects found on the
 * first level have the pages linking to them listed under "redirlinks",
 * at most `limit` of them per batch in (redirect, source) order; when
 * they overflow, the continuation grows by "redirect namespace|redirect
 * title|from_namespace|from" and the next batch starts again at that
 * redirect.
 *
 * imagelinks has no target namespace: the title must be a File: one,
 * and on the redirect level MediaWiki looks for uses of a file named as
 * each redirect, whatever the redirect's namespace, with namespace 6 in
 * the continuation; a use is listed under the redirect only when that
 * redirect is itself a File: page.
 */
#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

static const struct api_param params[] = {
	BACKLINKS_PARAMS,
	{ .name = "redirect", .type = API_T_BOOL, .offset = offsetof(struct query_backlinks_params, redirect),
	  .desc = "For the redirects among the linking pages, also list the pages that link to them. The limit "
		  "applies to each of the two levels." },
	{ 0 }
};

/* One first-level row. */
struct blrow {
	int64_t id;        /* source page id */
	int ns;            /* its namespace */
	const char *dbkey; /* its title */
	int64_t from_ns;   /* the link row's from-namespace */
	bool is_redirect;  /* page_is_redirect */
	struct api_node *node; /* its result object (list mode) */
};

/* The " AND <tp>_from_namespace IN (...)" filter of `p` into `sql`. */
static void ns_filter(struct sbuf *sql, const char *tp, const struct query_backlinks_params *p)
{
	if (!p->ns.n)
		return;
	sbuf_addf(sql, " AND %s_from_namespace IN (", tp);
	for (size_t i = 0; i < p->ns.n; i++)
		sbuf_addf(sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
	sbuf_adds(sql, ")");
}

/* Parse "a|b|..." into exactly `n` fields (`n` up to 6); false when the count differs. */
static bool split(struct arena *a, const char *s, const char **out, size_t n)
{
	size_t fields = 1;
	for (const char *q = s; *q; q++)
		fields += *q == '|';
	if (fields != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *bar = strchr(s, '|');
		out[i] = bar ? arena_strndup(a, s, (size_t)(bar - s)) : s;
		s = bar ? bar + 1 : s;
	}
	return true;
}

static bool is_int(const char *s)
{
	long long v;
	return util_parse_ll(s, &v) == RC_OK;
}

int query_backlinks_run(struct api_ctx *ctx, struct query_backlinks_params *p, const char *tp, const char *listname,
			const char *elem, struct api_pageset *gen)
{
	if (api_require_one_of(ctx, (const char *const[]){ "title", "pageid", NULL }) != RC_OK)
		return RC_ERR;
	struct wiki_title t;
	if (p->title) {
		const char *err;
		/* An interwiki title is no title of this wiki (getTitleFromTitleOrPageId()). */
		if (wiki_title_parse(ctx->arena, p->title, 0, &t, &err) != RC_OK || t.is_external || *t.interwiki)
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->title));
	} else {
		int64_t ns = 0;
		char *dbkey = NULL;
		if (store_query_int(ctx->store, &ns, "SELECT page_namespace FROM page WHERE page_id = ?", "i",
				    (int64_t)p->pageid) != RC_OK ||
		    store_query_text(ctx->store, ctx->arena, &dbkey, "SELECT page_title FROM page WHERE page_id = ?", "i",
				     (int64_t)p->pageid) != RC_OK || !dbkey)
			return api_error(ctx, "nosuchpageid", NULL, api_p_int(ctx->arena, p->pageid));
		wiki_title_make(ctx->arena, (int)ns, dbkey, &t);
	}
	const struct query_linktable *lt = query_linktable(tp);
	if (!lt->ns && (t.ns != lt->fixed_ns || *t.interwiki))
		return api_error(ctx, "bad_image_title", "apierror-imageusage-badtitle", listname);
	struct api_node *list = gen ? NULL : api_add_array(api_query_node(ctx), listname, elem);
	/* Special: and Media: titles, and interwiki ones, have no backlinks. */
	if (t.ns < 0 || *t.interwiki)
		return RC_OK;
	bool desc = streq(p->dir, "descending");
	const char *op = desc ? "<" : ">", *dir = desc ? " DESC" : "";
	bool by_ns = p->ns.n > 1;
	const char *c[6];
	size_t n_cont = 0;
	if (p->cont) {
		n_cont = split(ctx->arena, p->cont, c, 2) ? 2 : p->redirect && split(ctx->arena, p->cont, c, 6) ? 6 : 0;
		if (!n_cont || !is_int(c[0]) || !is_int(c[1]) || (n_cont == 6 && (!is_int(c[2]) || !is_int(c[4]) ||
									 !is_int(c[5]))))
			return api_error(ctx, "badcontinue", NULL);
	}

	/* First level. */
	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_addf(&sql, "SELECT page_id, page_namespace, page_title, page_is_redirect, %s_from_namespace FROM %s"
			" JOIN page ON page_id = %s_from WHERE %s = ?", tp, lt->table, tp, lt->title);
	if (lt->ns)
		sbuf_addf(&sql, " AND %s = %d", lt->ns, t.ns);
	ns_filter(&sql, tp, p);
	if (streq(p->filterredir, "redirects"))
		sbuf_adds(&sql, " AND page_is_redirect = 1");
	else if (streq(p->filterredir, "nonredirects") && !p->redirect)
		/* With redirect, the redirects are needed for the second level (which filters). */
		sbuf_adds(&sql, " AND page_is_redirect = 0");
	if (n_cont) {
		if (by_ns)
			sbuf_addf(&sql, " AND (%s_from_namespace %s %s OR (%s_from_namespace = %s AND %s_from %s= %s))", tp, op,
				  c[0], tp, c[0], tp, op, c[1]);
		else
			sbuf_addf(&sql, " AND %s_from %s= %s", tp, op, c[1]);
	}
	sbuf_adds(&sql, " ORDER BY ");
	if (by_ns)
		sbuf_addf(&sql, "%s_from_namespace%s, ", tp, dir);
	sbuf_addf(&sql, "%s_from%s LIMIT %ld", tp, dir, p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	store_bind_text(st, 1, t.dbkey, STORE_NTS);
	struct blrow *rows = arena_alloc(ctx->arena, ((size_t)p->limit + 1) * sizeof(*rows));
	size_t n = 0;
	const char *first_cont = NULL;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		if ((long)n == p->limit) {
			first_cont = arena_printf(ctx->arena, "%lld|%lld", (long long)store_col_int(st, 4),
						  (long long)store_col_int(st, 0));
			break;
		}
		rows[n++] = (struct blrow){ store_col_int(st, 0), (int)store_col_int(st, 1),
					    arena_strdup(ctx->arena, store_col_text(st, 2)), store_col_int(st, 4),
					    store_col_int(st, 3) != 0, NULL };
	}
	store_stmt_done(st);
	if (step < 0)
		return api_db_error(ctx);
	for (size_t i = 0; i < n; i++) {
		if (gen) {
			query_pageset_add_pageid(ctx, gen, rows[i].id);
			continue;
		}
		if (api_result_full(ctx)) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%lld|%lld", (long long)rows[i].from_ns,
								       (long long)rows[i].id));
			return RC_OK;
		}
		struct wiki_title rt;
		wiki_title_make(ctx->arena, rows[i].ns, rows[i].dbkey, &rt);
		struct api_node *e = rows[i].node = api_add_object(list, NULL);
		api_add_int(e, "pageid", rows[i].id);
		api_add_int(e, "ns", rt.ns);
		api_add_str(e, "title", rt.prefixed);
		if (rows[i].is_redirect)
			api_add_bool(e, "redirect", true);
	}

	/* Second level: the pages linking to the redirects of this batch. */
	const char *second_cont = NULL;
	size_t n_redirs = 0;
	for (size_t i = 0; i < n; i++)
		n_redirs += rows[i].is_redirect;
	if (p->redirect && n_redirs) {
		sbuf_init(&sql, 1 << 24);
		/* Without a namespace column the namespace is the constant one (never an ORDER BY term). */
		const char *nscol = lt->ns ? lt->ns : arena_printf(ctx->arena, "%d", lt->fixed_ns);
		sbuf_addf(&sql, "SELECT page_id, page_namespace, page_title, %s_from_namespace, %s, %s, page_is_redirect FROM %s"
				" JOIN page ON page_id = %s_from WHERE (", tp, nscol, lt->title, lt->table, tp);
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (!rows[i].is_redirect)
				continue;
			sbuf_addf(&sql, "%s(%s = ?", k++ ? " OR " : "", lt->title);
			if (lt->ns)
				sbuf_addf(&sql, " AND %s = %d", lt->ns, rows[i].ns);
			sbuf_adds(&sql, ")");
		}
		sbuf_adds(&sql, ")");
		ns_filter(&sql, tp, p);
		if (streq(p->filterredir, "redirects"))
			sbuf_adds(&sql, " AND page_is_redirect = 1");
		else if (streq(p->filterredir, "nonredirects"))
			sbuf_adds(&sql, " AND page_is_redirect = 0");
		if (n_cont == 6)
			sbuf_addf(&sql, " AND (%s %s %s OR (%s = %s AND (%s %s ? OR (%s = ?"
					" AND %s_from %s= %s))))", nscol, op, c[2], nscol, c[2], lt->title, op, lt->title, tp, op,
				  c[5]);
		sbuf_adds(&sql, " ORDER BY ");
		if (lt->ns)
			sbuf_addf(&sql, "%s%s, ", lt->ns, dir);
		sbuf_addf(&sql, "%s%s, %s_from%s LIMIT %ld", lt->title, dir, tp, dir, p->limit + 1);
		st = store_prepare(ctx->store, sbuf_cstr(&sql));
		sbuf_release(&sql);
		if (!st)
			return api_db_error(ctx);
		int b = 1;
		for (size_t i = 0; i < n; i++)
			if (rows[i].is_redirect)
				store_bind_text(st, b++, rows[i].dbkey, STORE_NTS);
		if (n_cont == 6) {
			store_bind_text(st, b++, c[3], STORE_NTS);
			store_bind_text(st, b++, c[3], STORE_NTS);
		}
		long m = 0;
		while ((step = store_step(st)) == STORE_ROW) {
			int rns = (int)store_col_int(st, 4);
			const char *rkey = store_col_text(st, 5);
			if (++m > p->limit) {
				/* Resume the first level at this redirect, the second at this row. */
				int64_t rid = 0, rfrom_ns = 0;
				for (size_t i = 0; i < n && !rid; i++)
					if (rows[i].is_redirect && (!lt->ns || rows[i].ns == rns) && streq(rows[i].dbkey, rkey)) {
						rid = rows[i].id;
						rfrom_ns = rows[i].from_ns;
					}
				second_cont = arena_printf(ctx->arena, "%lld|%lld|%d|%s|%lld|%lld", (long long)rfrom_ns,
							   (long long)rid, rns, rkey, (long long)store_col_int(st, 3),
							   (long long)store_col_int(st, 0));
				break;
			}
			int64_t id = store_col_int(st, 0);
			if (gen) {
				query_pageset_add_pageid(ctx, gen, id);
				continue;
			}
			struct blrow *owner = NULL;
			for (size_t i = 0; i < n && !owner; i++)
				if (rows[i].is_redirect && rows[i].ns == rns && streq(rows[i].dbkey, rkey))
					owner = &rows[i];
			if (!owner || !owner->node)
				continue;
			struct api_node *rl = api_node_get(owner->node, "redirlinks");
			if (!rl)
				rl = api_add_array(owner->node, "redirlinks", elem);
			struct wiki_title st_title;
			wiki_title_make(ctx->arena, (int)store_col_int(st, 1), store_col_text(st, 2), &st_title);
			struct api_node *e = api_add_object(rl, NULL);
			api_add_int(e, "pageid", id);
			api_add_int(e, "ns", st_title.ns);
			api_add_str(e, "title", st_title.prefixed);
			if (store_col_int(st, 6))
				api_add_bool(e, "redirect", true);
		}
		store_stmt_done(st);
		if (step < 0)
			return api_db_error(ctx);
	}
	if (second_cont)
		api_continue_set(ctx, "continue", second_cont);
	else if (first_cont)
		api_continue_set(ctx, "continue", first_cont);
	return RC_OK;
}

static int exec_backlinks(struct api_ctx *ctx, void *vp)
{
	return query_backlinks_run(ctx, vp, "pl", "backlinks", "bl", NULL);
}

static int generate_backlinks(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_backlinks_run(ctx, vp, "pl", "backlinks", "bl", out);
}

const struct api_module api_module_list_backlinks = {
	.name = "backlinks",
	.group = API_G_LIST,
	.prefix = "bl",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_backlinks_params),
	.summary = "List the pages that link to a given page.",
	.examples = (const char *const[]){
		"action=query&list=backlinks&bltitle=Main%20Page", "Pages linking to Main Page.",
		"action=query&generator=backlinks&gbltitle=Main%20Page&prop=info",
		"Information about the pages linking to Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Backlinks", NULL },
	.exec = exec_backlinks,
	.generate = generate_backlinks,
};
