/* SPDX-License-Identifier: MIT */
/*
 * prop_deletedrevisions.c — prop=deletedrevisions: the archived
 * (deleted) revisions of the pages of the set, or the deleted revisions
 * given by revids=, as MediaWiki 1.39's ApiQueryDeletedRevisions. Each
 * revision is written as prop=revisions writes one (revs_emit()), under
 * its page's "deletedrevisions" list; the page is found by title, as
 * deleted revisions belong to a title, not to a page id.
 *
 * Two modes, as MediaWiki: by revision ids (sorted by revision id,
 * continued by "revid|ar_id") and by titles (sorted by namespace and
 * title when the set has several, then by time, continued by
 * "ns|title|timestamp|ar_id"; start and end only apply here). Comments
 * need deletedhistory, content deletedtext or undelete; the rest is
 * shown to everyone, as in MediaWiki 1.39, with the parts hidden by
 * revision deletion left out as everywhere.
 *
 * As a generator it gives the revision ids (their titles for users with
 * deletedhistory, as the page set resolves deleted revision ids).
 *
 * Like prop=revisions, the deprecated parse, expandtemplates and
 * generatexml parameters and the parsetree property are not offered.
 */
#include "revs_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

struct drv_params {
	struct api_list prop;    /* what to show about each revision */
	struct api_list slots;   /* slot roles for slot data */
	long limit;              /* revisions per batch */
	struct revs_opts opts;   /* section, diffto, difftotext(pst), contentformat */
	const char *start;       /* 14-digit timestamp (titles mode) */
	const char *end;         /* 14-digit timestamp (titles mode) */
	const char *dir;         /* newer | older */
	const char *tag;         /* only revisions with this change tag */
	const char *user;        /* only revisions by this user */
	const char *excludeuser; /* leave out revisions by this user */
	const char *cont;        /* "revid|ar_id" or "ns|title|timestamp|ar_id" */
};

/* Default limit (MediaWiki's revisions base). */
#define DRV_LIMIT_DEFAULT 10

static const struct api_param params[] = {
	REVS_PARAMS(struct drv_params, "How many revisions to return. With content the limit is 50 (500 with "
					"apihighlimits).", NULL)
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct drv_params, start),
	  .desc = "List revisions from this time on (in the direction of dir). Ignored with revids." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct drv_params, end),
	  .desc = "List revisions up to this time. Ignored with revids." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older",
	  .values = (const char *const[]){ "newer", "older", NULL }, .offset = offsetof(struct drv_params, dir),
	  .desc = "In which direction to list.",
	  .value_descs = (const char *const[]){ "newer=Oldest first.", "older=Newest first.", NULL } },
	{ .name = "tag", .type = API_T_STRING, .offset = offsetof(struct drv_params, tag),
	  .desc = "Only revisions with this change tag." },
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct drv_params, user), .desc = "Only revisions made by this user." },
	{ .name = "excludeuser", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct drv_params, excludeuser), .desc = "Leave out revisions made by this user." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct drv_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* One archived revision read. */
struct drv_row {
	struct revs_row rev; /* the revision as revs_emit() writes it */
	int64_t ar_id;       /* its archive row */
};

/* The continuation of row `r` in mode by-revid or by-title. */
static const char *cont_value(struct api_ctx *ctx, bool by_rev, const struct drv_row *r)
{
	if (by_rev)
		return arena_printf(ctx->arena, "%lld|%lld", (long long)r->rev.revid, (long long)r->ar_id);
	return arena_printf(ctx->arena, "%d|%s|%s|%lld", r->rev.page_ns, r->rev.page_dbkey, r->rev.ts,
			    (long long)r->ar_id);
}

/*
 * The module's run: into the pages of the current set, or as a
 * generator (`gen` not NULL) the revision ids into `gen`, as MediaWiki's
 * run() with or without a result page set.
 */
static int run(struct api_ctx *ctx, struct drv_params *p, struct api_pageset *gen)
{
	struct api_pageset *ps = query_pageset_current(ctx);
	/* The set's pages that can have deleted revisions: good and missing titles. */
	size_t n_pages = 0;
	for (size_t i = 0; i < ps->n_pages; i++)
		n_pages += ps->pages[i]->kind == QUERY_PAGE_GOOD || ps->pages[i]->kind == QUERY_PAGE_MISSING;
	size_t n_revs = ps->n_revs + ps->n_deleted_revs;
	if (!n_revs && !n_pages)
		return RC_OK;
	if (n_revs && !ps->n_deleted_revs)
		return RC_OK;
	bool by_rev = n_revs != 0;
	if (api_require_max_one(ctx, (const char *const[]){ "user", "excludeuser", NULL }) != RC_OK)
		return RC_ERR;
	struct revs_run r;
	long limit;
	if (gen) {
		/* A generator reads no properties: only the limit counts. */
		limit = api_param_given(ctx, "limit") ? p->limit : DRV_LIMIT_DEFAULT;
	} else {
		if (revs_setup(ctx, &r, &p->prop, &p->slots, &p->opts) != RC_OK)
			return RC_ERR;
		limit = revs_limit(ctx, &r, p->limit, DRV_LIMIT_DEFAULT);
		if (revs_check_deleted_rights(ctx, &r) != RC_OK)
			return RC_ERR;
	}
	bool newer = streq(p->dir, "newer");
	const char *op = newer ? ">" : "<", *ord = newer ? "ASC" : "DESC";

	/* The continuation, checked as MediaWiki's dieContinueUsageIf(). */
	const char *parts[4] = { 0 };
	size_t lens[4] = { 0 };
	size_t n_parts = 0;
	char cont_ts[15] = "";
	if (p->cont) {
		n_parts = revs_cont_split(p->cont, parts, lens);
		if (!n_parts)
			return api_error(ctx, "badcontinue", NULL);
		long long v;
		if (n_parts != (by_rev ? 2u : 4u) || !revs_cont_int(parts[0], lens[0], &v) ||
		    !revs_cont_int(parts[n_parts - 1], lens[n_parts - 1], &v))
			return api_error(ctx, "badcontinue", NULL);
		if (!by_rev) {
			int64_t t;
			if (ts_parse(arena_strndup(ctx->arena, parts[2], lens[2]), &t) != RC_OK)
				return api_error(ctx, "badcontinue", NULL);
			ts_format_mw(t, cont_ts);
		}
	}
	int64_t user_actor = p->user ? revs_actor_of(ctx, p->user) : 0;
	int64_t excl_actor = p->excludeuser ? revs_actor_of(ctx, p->excludeuser) : 0;
	if (p->user && !user_actor)
		return RC_OK;

	struct sbuf sql;
	sbuf_init(&sql, 1 << 20);
	sbuf_adds(&sql, "SELECT " REVS_AR_COLS REVS_AR_JOINS " WHERE (");
	/* Which revisions: the ids asked for, or every one of the set's titles. */
	size_t n_titles = 0;
	int first_ns = 0;
	bool several_ns = false;
	if (by_rev) {
		for (size_t i = 0; i < ps->n_deleted_revs; i++)
			sbuf_addf(&sql, "%sar_rev_id = %lld", i ? " OR " : "", (long long)ps->deleted_revs[i].revid);
	} else {
		for (size_t i = 0; i < ps->n_pages; i++) {
			const struct query_page *pg = ps->pages[i];
			if (pg->kind != QUERY_PAGE_GOOD && pg->kind != QUERY_PAGE_MISSING)
				continue;
			if (n_titles && pg->ns != first_ns)
				several_ns = true;
			if (!n_titles)
				first_ns = pg->ns;
			sbuf_addf(&sql, "%s(ar_namespace = %d AND ar_title = ?)", n_titles ? " OR " : "", pg->ns);
			n_titles++;
		}
	}
	sbuf_addc(&sql, ')');
	if (p->tag)
		sbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				" WHERE ct_rev_id = ar_rev_id AND ctd_name = ?)");
	if (user_actor)
		sbuf_adds(&sql, " AND ar_actor = ?");
	if (excl_actor)
		sbuf_adds(&sql, " AND ar_actor <> ?");
	if (user_actor || excl_actor)
		revs_deleted_user_paranoia(ctx, &sql);
	if (p->cont && by_rev)
		sbuf_addf(&sql, " AND (ar_rev_id %s ? OR (ar_rev_id = ? AND ar_id %s= ?))", op, op);
	else if (p->cont)
		sbuf_addf(&sql, " AND (ar_namespace %s ? OR (ar_namespace = ? AND (ar_title %s ? OR (ar_title = ? AND"
				" (ar_timestamp %s ? OR (ar_timestamp = ? AND ar_id %s= ?))))))", op, op, op, op);
	if (!by_rev && p->start)
		sbuf_addf(&sql, " AND ar_timestamp %s ?", newer ? ">=" : "<=");
	if (!by_rev && p->end)
		sbuf_addf(&sql, " AND ar_timestamp %s ?", newer ? "<=" : ">=");
	if (by_rev)
		sbuf_addf(&sql, " ORDER BY ar_rev_id %s, ar_id %s", ord, ord);
	else
		sbuf_addf(&sql, " ORDER BY %s%s%s%sar_timestamp %s, ar_id %s", several_ns ? "ar_namespace " : "",
			  several_ns ? ord : "", several_ns ? ", " : "", n_titles > 1 ? arena_printf(ctx->arena,
			  "ar_title %s, ", ord) : "", ord, ord);
	sbuf_addf(&sql, " LIMIT %ld", limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int idx = 1;
	for (size_t i = 0; !by_rev && i < ps->n_pages; i++) {
		const struct query_page *pg = ps->pages[i];
		if (pg->kind == QUERY_PAGE_GOOD || pg->kind == QUERY_PAGE_MISSING)
			store_bind_text(st, idx++, pg->dbkey, STORE_NTS);
	}
	if (p->tag)
		store_bind_text(st, idx++, p->tag, STORE_NTS);
	if (user_actor)
		store_bind_int(st, idx++, user_actor);
	if (excl_actor)
		store_bind_int(st, idx++, excl_actor);
	if (p->cont) {
		long long first, last;
		revs_cont_int(parts[0], lens[0], &first);
		revs_cont_int(parts[n_parts - 1], lens[n_parts - 1], &last);
		store_bind_int(st, idx++, first);
		if (by_rev) {
			store_bind_int(st, idx++, first);
		} else {
			const char *title = arena_strndup(ctx->arena, parts[1], lens[1]);
			store_bind_int(st, idx++, first);
			store_bind_text(st, idx++, title, STORE_NTS);
			store_bind_text(st, idx++, title, STORE_NTS);
			store_bind_text(st, idx++, cont_ts, STORE_NTS);
			store_bind_text(st, idx++, cont_ts, STORE_NTS);
		}
		store_bind_int(st, idx++, last);
	}
	if (!by_rev && p->start)
		store_bind_text(st, idx++, p->start, STORE_NTS);
	if (!by_rev && p->end)
		store_bind_text(st, idx++, p->end, STORE_NTS);
	struct drv_row *rows = arena_alloc(ctx->arena, (size_t)(limit + 1) * sizeof(*rows));
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW && n <= limit) {
		revs_read_row(st, ctx->arena, &rows[n].rev);
		rows[n].ar_id = store_col_int(st, 13);
		n++;
	}
	store_stmt_done(st);
	if (step < 0)
		return api_db_error(ctx);
	/* prop=tags: the tags of every row read, in one query. */
	struct query_tags tags;
	if (!gen && r.f.tags) {
		int64_t *revids = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof(*revids));
		for (long i = 0; i < n; i++)
			revids[i] = rows[i].rev.revid;
		if (query_tags_of_revs(ctx, revids, (size_t)n, &tags) != RC_OK)
			return RC_ERR;
		r.tags = &tags;
	}

	for (long i = 0; i < n; i++) {
		if (i == limit || (i > 0 && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", cont_value(ctx, by_rev, &rows[i]));
			break;
		}
		if (gen) {
			query_pageset_add_revid(ctx, gen, rows[i].rev.revid);
			continue;
		}
		struct query_page *pg = NULL;
		for (size_t k = 0; k < ps->n_pages && !pg; k++) {
			struct query_page *c = ps->pages[k];
			if ((c->kind == QUERY_PAGE_GOOD || c->kind == QUERY_PAGE_MISSING) && c->ns == rows[i].rev.page_ns &&
			    streq(c->dbkey, rows[i].rev.page_dbkey))
				pg = c;
		}
		if (!pg)
			continue;
		struct api_node *page = query_page_node(ctx, pg);
		struct api_node *list = api_node_get(page, "deletedrevisions");
		if (!list)
			list = api_add_array(page, "deletedrevisions", "rev");
		if (revs_emit(&r, list, &rows[i].rev) != RC_OK)
			return RC_ERR;
	}
	return RC_OK;
}

static int exec_deletedrevisions(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp, NULL);
}

static int generate_deletedrevisions(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, out);
}

const struct api_module api_module_prop_deletedrevisions = {
	.name = "deletedrevisions",
	.group = API_G_PROP,
	.prefix = "drv",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct drv_params),
	.summary = "Get deleted revision information.",
	.help = "May be used in several ways: the deleted revisions of a set of titles, sorted by title and "
		"timestamp; or the deleted revisions given by their IDs (revids), sorted by revision ID.",
	.examples = (const char *const[]){
		"action=query&prop=deletedrevisions&titles=Main%20Page|Talk:Main%20Page&drvslots=*&drvprop=user|comment|content",
		"The deleted revisions of Main Page and its talk page, with their content.",
		"action=query&prop=deletedrevisions&revids=123456",
		"The deleted revision 123456.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Deletedrevisions", NULL },
	.exec = exec_deletedrevisions,
	.generate = generate_deletedrevisions,
};
