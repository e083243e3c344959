/* SPDX-License-Identifier: MIT */
/*
 * list_querypage.c — list=querypage (and generator=querypage): the
 * "maintenance report" special pages MediaWiki computes from its link
 * tables (Wantedpages, Lonelypages, Mostlinked, ...), as its
 * ApiQueryQueryPage lists them with $wgMiserMode off: every report is
 * computed live, so no result carries "cached"/"cachedtimestamp".
 *
 * Each report is one SQL query (portable between SQLite and PostgreSQL)
 * whose first three columns are the title's namespace, its db key and the
 * report's value (NULL for reports without one; the value key is then
 * omitted); further columns are the report's "databaseResult" fields,
 * named as MediaWiki names them. Rows come in a fixed order, with the
 * ties broken as MediaWiki's queries break them on SQLite, and are paged
 * by offset: "qpoffset" continues at offset + limit.
 *
 * The reports about uploaded files read the image table, which stays
 * empty until uploads exist; their queries are real all the same.
 */
#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct querypage_params {
	const char *page; /* the report's name */
	long offset;      /* rows to skip */
	long limit;       /* rows per batch */
};

/* The reports' names, as qppage takes them; reports[] follows this order. */
static const char *const report_names[] = {
	"Ancientpages", "BrokenRedirects", "Deadendpages", "DoubleRedirects", "Fewestrevisions",
	"ListDuplicatedFiles", "Listredirects", "Lonelypages", "Longpages", "MediaStatistics",
	"Mostcategories", "Mostimages", "Mostinterwikis", "Mostlinked", "Mostlinkedcategories",
	"Mostlinkedtemplates", "Mostrevisions", "Shortpages", "Uncategorizedcategories",
	"Uncategorizedimages", "Uncategorizedpages", "Uncategorizedtemplates", "Unusedcategories",
	"Unusedimages", "Unusedtemplates", "Unwatchedpages", "Wantedcategories", "Wantedfiles",
	"Wantedpages", "Wantedtemplates", "Withoutinterwiki", NULL
};

/* One report. */
struct report {
	const char *right; /* right needed to see it, or NULL */
	bool timestamps;   /* the value is a timestamp: add "timestamp" */
	/*
	 * The query; "%C" stands for the content namespaces ("0" by
	 * default), written as a comma-separated list.
	 */
	const char *sql;
	const char *const *fields; /* names of the columns after the value, NULL-ended */
};

/* A page in the content namespaces that is not a redirect. */
#define CONTENT_PAGE "page_namespace IN (%C) AND page_is_redirect = 0"

static const struct report reports[] = {
	{ /* Ancientpages */ NULL, true,
	  "SELECT page_namespace, page_title, rev_timestamp FROM page JOIN revision ON rev_id = page_latest"
	  " WHERE " CONTENT_PAGE " ORDER BY rev_timestamp, page_namespace, page_title", NULL },
	{ /* BrokenRedirects */ NULL, false,
	  "SELECT p1.page_namespace, p1.page_title, NULL, rd_namespace, rd_title, COALESCE(rd_fragment, '')"
	  " FROM redirect JOIN page p1 ON p1.page_id = rd_from"
	  " LEFT JOIN page p2 ON p2.page_namespace = rd_namespace AND p2.page_title = rd_title"
	  " WHERE rd_namespace >= 0 AND COALESCE(rd_interwiki, '') = '' AND p2.page_id IS NULL"
	  " ORDER BY rd_namespace, rd_title, rd_from",
	  (const char *const[]){ "rd_namespace", "rd_title", "rd_fragment", NULL } },
	{ /* Deadendpages */ NULL, false,
	  "SELECT page_namespace, page_title, NULL FROM page WHERE " CONTENT_PAGE
	  " AND NOT EXISTS (SELECT 1 FROM pagelinks WHERE pl_from = page_id) ORDER BY page_namespace, page_title", NULL },
	{ /* DoubleRedirects */ NULL, false,
	  "SELECT pa.page_namespace, pa.page_title, NULL, pb.page_namespace, pb.page_title, COALESCE(ra.rd_fragment, ''),"
	  " rb.rd_namespace, rb.rd_title, COALESCE(rb.rd_fragment, ''), COALESCE(rb.rd_interwiki, '')"
	  " FROM redirect ra JOIN page pa ON pa.page_id = ra.rd_from"
	  " JOIN page pb ON pb.page_namespace = ra.rd_namespace AND pb.page_title = ra.rd_title"
	  " JOIN redirect rb ON rb.rd_from = pb.page_id"
	  " WHERE pa.page_is_redirect = 1 AND pb.page_is_redirect = 1 AND COALESCE(ra.rd_interwiki, '') = ''"
	  " ORDER BY pa.page_namespace, pa.page_title",
	  (const char *const[]){ "b_namespace", "b_title", "b_fragment", "c_namespace", "c_title", "c_fragment",
				 "c_interwiki", NULL } },
	{ /* Fewestrevisions */ NULL, false,
	  "SELECT page_namespace, page_title, COUNT(*) FROM revision JOIN page ON page_id = rev_page"
	  " WHERE " CONTENT_PAGE " GROUP BY page_namespace, page_title ORDER BY COUNT(*), page_namespace, page_title",
	  NULL },
	{ /* ListDuplicatedFiles */ NULL, false,
	  "SELECT 6, MIN(img_name), COUNT(*) FROM image GROUP BY img_sha1 HAVING COUNT(*) > 1"
	  " ORDER BY COUNT(*) DESC, MIN(img_name)", NULL },
	{ /* Listredirects */ NULL, false,
	  "SELECT p1.page_namespace, p1.page_title, NULL, rd_namespace, rd_title, COALESCE(rd_fragment, ''),"
	  " COALESCE(rd_interwiki, ''), p2.page_id FROM page p1 JOIN redirect ON rd_from = p1.page_id"
	  " LEFT JOIN page p2 ON p2.page_namespace = rd_namespace AND p2.page_title = rd_title"
	  " AND COALESCE(rd_interwiki, '') = '' WHERE p1.page_is_redirect = 1 ORDER BY p1.page_namespace, p1.page_title",
	  (const char *const[]){ "rd_namespace", "rd_title", "rd_fragment", "rd_interwiki", "redirid", NULL } },
	{ /* Lonelypages */ NULL, false,
	  "SELECT page_namespace, page_title, NULL FROM page WHERE " CONTENT_PAGE
	  " AND NOT EXISTS (SELECT 1 FROM pagelinks WHERE pl_namespace = page_namespace AND pl_title = page_title)"
	  " AND NOT EXISTS (SELECT 1 FROM templatelinks WHERE tl_namespace = page_namespace AND tl_title = page_title)"
	  " ORDER BY page_namespace, page_title", NULL },
	{ /* Longpages */ NULL, false,
	  "SELECT page_namespace, page_title, page_len FROM page WHERE " CONTENT_PAGE
	  " ORDER BY page_len DESC, page_namespace, page_title", NULL },
	{ /* MediaStatistics */ NULL, false,
	  "SELECT -2, img_major_mime || '/' || img_minor_mime || ';' || img_media_type, COUNT(*) FROM image"
	  " GROUP BY img_media_type, img_major_mime, img_minor_mime ORDER BY COUNT(*) DESC", NULL },
	{ /* Mostcategories */ NULL, false,
	  "SELECT page_namespace, page_title, COUNT(*) FROM categorylinks JOIN page ON page_id = cl_from"
	  " WHERE page_namespace IN (%C) GROUP BY page_namespace, page_title HAVING COUNT(*) > 1"
	  " ORDER BY COUNT(*) DESC, page_namespace, page_title", NULL },
	{ /* Mostimages */ NULL, false,
	  "SELECT 6, il_to, COUNT(*) FROM imagelinks GROUP BY il_to HAVING COUNT(*) > 1 ORDER BY COUNT(*) DESC, il_to",
	  NULL },
	{ /* Mostinterwikis */ NULL, false,
	  "SELECT page_namespace, page_title, COUNT(*) FROM langlinks JOIN page ON page_id = ll_from"
	  " WHERE page_namespace IN (%C) GROUP BY page_namespace, page_title HAVING COUNT(*) > 1"
	  " ORDER BY COUNT(*) DESC, page_namespace, page_title", NULL },
	{ /* Mostlinked */ NULL, false,
	  "SELECT pl_namespace, pl_title, COUNT(*), MIN(page_namespace) FROM pagelinks"
	  " LEFT JOIN page ON page_namespace = pl_namespace AND page_title = pl_title"
	  " GROUP BY pl_namespace, pl_title HAVING COUNT(*) > 1 ORDER BY COUNT(*) DESC, pl_namespace, pl_title",
	  (const char *const[]){ "page_namespace", NULL } },
	/* Ties come in the order of the cat_pages index walked backwards. */
	{ /* Mostlinkedcategories */ NULL, false,
	  "SELECT 14, cat_title, cat_pages FROM category WHERE cat_pages > 0 ORDER BY cat_pages DESC, cat_id DESC", NULL },
	{ /* Mostlinkedtemplates */ NULL, false,
	  "SELECT tl_namespace, tl_title, COUNT(*) FROM templatelinks GROUP BY tl_namespace, tl_title"
	  " ORDER BY COUNT(*) DESC, tl_namespace, tl_title", NULL },
	{ /* Mostrevisions */ NULL, false,
	  "SELECT page_namespace, page_title, COUNT(*) FROM revision JOIN page ON page_id = rev_page"
	  " WHERE " CONTENT_PAGE " GROUP BY page_namespace, page_title ORDER BY COUNT(*) DESC, page_namespace, page_title",
	  NULL },
	{ /* Shortpages */ NULL, false,
	  "SELECT page_namespace, page_title, page_len FROM page WHERE " CONTENT_PAGE
	  " ORDER BY page_len, page_namespace, page_title", NULL },
	{ /* Uncategorizedcategories */ NULL, false,
	  "SELECT page_namespace, page_title, NULL FROM page WHERE page_namespace = 14 AND page_is_redirect = 0"
	  " AND NOT EXISTS (SELECT 1 FROM categorylinks WHERE cl_from = page_id) ORDER BY page_title", NULL },
	{ /* Uncategorizedimages */ NULL, false,
	  "SELECT page_namespace, page_title, NULL FROM page JOIN image ON img_name = page_title"
	  " WHERE page_namespace = 6 AND page_is_redirect = 0"
	  " AND NOT EXISTS (SELECT 1 FROM categorylinks WHERE cl_from = page_id) ORDER BY page_title", NULL },
	{ /* Uncategorizedpages */ NULL, false,
	  "SELECT page_namespace, page_title, NULL FROM page WHERE page_namespace = 0 AND page_is_redirect = 0"
	  " AND NOT EXISTS (SELECT 1 FROM categorylinks WHERE cl_from = page_id) ORDER BY page_title", NULL },
	{ /* Uncategorizedtemplates */ NULL, false,
	  "SELECT page_namespace, page_title, NULL FROM page WHERE page_namespace = 10 AND page_is_redirect = 0"
	  " AND NOT EXISTS (SELECT 1 FROM categorylinks WHERE cl_from = page_id) ORDER BY page_title", NULL },
	{ /* Unusedcategories */ NULL, false,
	  "SELECT page_namespace, page_title, NULL FROM page WHERE page_namespace = 14 AND page_is_redirect = 0"
	  " AND NOT EXISTS (SELECT 1 FROM categorylinks WHERE cl_to = page_title) ORDER BY page_title", NULL },
	{ /* Unusedimages */ NULL, true,
	  "SELECT 6, img_name, img_timestamp FROM image WHERE NOT EXISTS (SELECT 1 FROM imagelinks WHERE il_to = img_name)"
	  " ORDER BY img_timestamp, img_name", NULL },
	{ /* Unusedtemplates */ NULL, false,
	  "SELECT page_namespace, page_title, NULL FROM page WHERE page_namespace = 10 AND page_is_redirect = 0"
	  " AND NOT EXISTS (SELECT 1 FROM templatelinks WHERE tl_namespace = 10 AND tl_title = page_title)"
	  " ORDER BY page_title", NULL },
	{ /* Unwatchedpages */ "unwatchedpages", false,
	  "SELECT page_namespace, page_title, page_namespace FROM page WHERE page_namespace <> 8 AND page_is_redirect = 0"
	  " AND NOT EXISTS (SELECT 1 FROM watchlist WHERE wl_namespace = page_namespace AND wl_title = page_title)"
	  " ORDER BY page_namespace, page_title", NULL },
	{ /* Wantedcategories */ NULL, false,
	  "SELECT 14, cl_to, COUNT(*) FROM categorylinks WHERE NOT EXISTS (SELECT 1 FROM page"
	  " WHERE page_namespace = 14 AND page_title = cl_to) GROUP BY cl_to ORDER BY COUNT(*) DESC, cl_to", NULL },
	{ /* Wantedfiles */ NULL, false,
	  "SELECT 6, il_to, COUNT(*) FROM imagelinks WHERE NOT EXISTS (SELECT 1 FROM image WHERE img_name = il_to)"
	  " GROUP BY il_to ORDER BY COUNT(*) DESC, il_to", NULL },
	/* Links into User: and User talk:, and links from MediaWiki: pages, do not count. */
	{ /* Wantedpages */ NULL, false,
	  "SELECT pl_namespace, pl_title, COUNT(*) FROM pagelinks JOIN page src ON src.page_id = pl_from"
	  " WHERE pl_namespace NOT IN (2, 3) AND src.page_namespace <> 8 AND NOT EXISTS (SELECT 1 FROM page"
	  " WHERE page_namespace = pl_namespace AND page_title = pl_title)"
	  " GROUP BY pl_namespace, pl_title ORDER BY COUNT(*) DESC, pl_namespace, pl_title", NULL },
	{ /* Wantedtemplates */ NULL, false,
	  "SELECT tl_namespace, tl_title, COUNT(*) FROM templatelinks WHERE tl_namespace = 10 AND NOT EXISTS"
	  " (SELECT 1 FROM page WHERE page_namespace = tl_namespace AND page_title = tl_title)"
	  " GROUP BY tl_namespace, tl_title ORDER BY COUNT(*) DESC, tl_title", NULL },
	{ /* Withoutinterwiki */ NULL, false,
	  "SELECT page_namespace, page_title, NULL FROM page WHERE " CONTENT_PAGE
	  " AND NOT EXISTS (SELECT 1 FROM langlinks WHERE ll_from = page_id) ORDER BY page_namespace, page_title", NULL },
};

static const struct api_param params[] = {
	{ .name = "page", .type = API_T_ENUM, .flags = API_P_REQUIRED, .values = report_names,
	  .offset = offsetof(struct querypage_params, page), .desc = "The report to list." },
	{ .name = "offset", .type = API_T_INT, .dflt = "0", .offset = offsetof(struct querypage_params, offset),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct querypage_params, limit), .desc = "How many results to return." },
	{ 0 }
};

_Static_assert(ARRAY_SIZE(reports) + 1 == ARRAY_SIZE(report_names), "one report per name");

/* `sql` with "%C" replaced by the content namespaces, into `out`. */
static void expand_sql(struct sbuf *out, const char *sql)
{
	for (const char *s = sql; *s; s++) {
		if (s[0] != '%' || s[1] != 'C') {
			sbuf_addc(out, *s);
			continue;
		}
		size_t n;
		const struct wiki_ns *all = wiki_ns_all(&n);
		bool any = false;
		for (size_t i = 0; i < n; i++)
			if (all[i].is_content) {
				sbuf_addf(out, "%s%d", any ? "," : "", all[i].id);
				any = true;
			}
		if (!any)
			sbuf_adds(out, "0");
		s++;
	}
}

/* One result row of report `r` from statement `st` into `list`. */
static void write_row(struct api_ctx *ctx, const struct report *r, struct store_stmt *st, struct api_node *list)
{
	struct wiki_title t;
	wiki_title_make(ctx->arena, (int)store_col_int(st, 0), store_col_text(st, 1), &t);
	struct api_node *e = api_add_object(list, NULL);
	if (!store_col_is_null(st, 2)) {
		const char *v = store_col_dup(st, ctx->arena, 2);
		api_add_str(e, "value", v);
		int64_t unix_t;
		char iso[21];
		if (r->timestamps && ts_from_mw(v, &unix_t) == RC_OK) {
			ts_format_iso(unix_t, iso);
			api_add_str(e, "timestamp", arena_strdup(ctx->arena, iso));
		}
	}
	api_add_int(e, "ns", t.ns);
	api_add_str(e, "title", t.prefixed);
	if (!r->fields)
		return;
	struct api_node *db = api_add_object(e, "databaseResult");
	for (int i = 0; r->fields[i]; i++) {
		if (store_col_is_null(st, 3 + i))
			api_add_null(db, r->fields[i]);
		else
			api_add_str(db, r->fields[i], store_col_dup(st, ctx->arena, 3 + i));
	}
}

static int run(struct api_ctx *ctx, void *vp, struct api_pageset *gen)
{
	const struct querypage_params *p = vp;
	size_t k = 0; /* qppage is one of report_names (checked by the dispatcher) */
	while (k + 1 < ARRAY_SIZE(reports) && !streq(report_names[k], p->page))
		k++;
	const struct report *r = &reports[k];
	if (r->right && !wiki_user_can(ctx->user, r->right))
		return api_error(ctx, "specialpage-cantexecute", NULL);

	struct api_node *qp = api_add_object(api_query_node(ctx), "querypage");
	api_add_str(qp, "name", report_names[k]);
	struct api_node *list = gen ? NULL : api_add_array(qp, "results", "page");

	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	expand_sql(&sql, r->sql);
	long offset = p->offset > 0 ? p->offset : 0;
	sbuf_addf(&sql, " LIMIT %ld OFFSET %ld", p->limit + 1, offset);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		if (++n > p->limit) {
			query_continue_set_int(ctx, "offset", (long long)p->offset + p->limit);
			break;
		}
		if (gen)
			query_pageset_add_title(ctx, gen, (int)store_col_int(st, 0), store_col_text(st, 1));
		else
			write_row(ctx, r, st, list);
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_querypage(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp, NULL);
}

static int generate_querypage(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, out);
}

const struct api_module api_module_list_querypage = {
	.name = "querypage",
	.group = API_G_LIST,
	.prefix = "qp",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct querypage_params),
	.summary = "List the results of a report special page such as Special:Wantedpages or Special:Lonelypages.",
	.examples = (const char *const[]){
		"action=query&list=querypage&qppage=Ancientpages", "The pages whose last edit is oldest.",
		"action=query&generator=querypage&gqppage=Wantedpages&prop=info",
		"Information about the most linked-to pages that do not exist.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Querypage", NULL },
	.exec = exec_querypage,
	.generate = generate_querypage,
};
