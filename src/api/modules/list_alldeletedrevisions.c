/* SPDX-License-Identifier: MIT */
/*
 * list_alldeletedrevisions.c — list=alldeletedrevisions: every archived
 * (deleted) revision, as MediaWiki 1.39's ApiQueryAllDeletedRevisions.
 * Two modes: with a user, that user's deleted revisions in time order
 * (start/end apply, continued by "timestamp|ar_id"); without, all of
 * them by namespace, title and time (from/to/prefix/excludeuser apply,
 * continued by "ns|title|timestamp|ar_id"). Revisions are grouped under
 * their title as list=allrevisions groups them under pages: {pageid (of
 * a page now at the title, else 0), revisions, ns, title}.
 *
 * Comments need deletedhistory, content deletedtext or undelete; the
 * rest is shown to everyone, as in MediaWiki 1.39. As a generator it
 * gives the revisions (their titles, for users with deletedhistory) or,
 * with generatetitles, the titles.
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

struct adr_params {
	struct api_list prop;    /* what to show about each revision */
	struct api_list slots;   /* slot roles for slot data */
	long limit;              /* revisions per batch */
	struct revs_opts opts;   /* section, diffto, difftotext(pst), contentformat */
	const char *user;        /* only this user's deleted revisions (user mode) */
	struct api_list ns;      /* only titles in these namespaces */
	const char *start;       /* 14-digit timestamp (user mode) */
	const char *end;         /* 14-digit timestamp (user mode) */
	const char *dir;         /* newer | older */
	const char *from;        /* first title (all mode) */
	const char *to;          /* last title (all mode) */
	const char *prefix;      /* title prefix (all mode) */
	const char *excludeuser; /* leave out this user's revisions (all mode) */
	const char *tag;         /* only revisions with this change tag */
	const char *cont;        /* the continuation */
	bool generatetitles;     /* as generator: titles instead of revision IDs */
};

/* Default limit (MediaWiki's revisions base). */
#define ADR_LIMIT_DEFAULT 10

static const struct api_param params[] = {
	REVS_PARAMS(struct adr_params, "How many revisions to return. With content the limit is 50 (500 with "
					"apihighlimits).", NULL)
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct adr_params, user), .desc = "Only revisions made by this user." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct adr_params, ns), .desc = "Only titles in these namespaces." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct adr_params, start), .info = "useronly",
	  .desc = "List revisions from this time on (in the direction of dir)." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct adr_params, end), .info = "useronly",
	  .desc = "List revisions up to this time." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older",
	  .values = (const char *const[]){ "newer", "older", NULL }, .offset = offsetof(struct adr_params, dir),
	  .desc = "In which direction to list.",
	  .value_descs = (const char *const[]){ "newer=Oldest first.", "older=Newest first.", NULL } },
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct adr_params, from), .info = "nonuseronly",
	  .desc = "Start listing at this title." },
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct adr_params, to), .info = "nonuseronly",
	  .desc = "Stop listing at this title." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct adr_params, prefix), .info = "nonuseronly",
	  .desc = "Only titles that begin with this value." },
	{ .name = "excludeuser", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID, .info = "nonuseronly",
	  .offset = offsetof(struct adr_params, excludeuser), .desc = "Leave out revisions made by this user." },
	{ .name = "tag", .type = API_T_STRING, .offset = offsetof(struct adr_params, tag),
	  .desc = "Only revisions with this change tag." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct adr_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "generatetitles", .type = API_T_BOOL, .offset = offsetof(struct adr_params, generatetitles),
	  .desc = "As a generator, produce titles instead of revision IDs." },
	{ 0 }
};

/* One archived revision read. */
struct adr_row {
	struct revs_row rev; /* the revision as revs_emit() writes it */
	int64_t ar_id;       /* its archive row */
};

/* The mode checks MediaWiki makes before anything else. */
static int check_mode(struct api_ctx *ctx, const struct adr_params *p)
{
	const char *pre = ctx->module->prefix;
	const char *user_name = arena_printf(ctx->arena, "%suser", pre);
	if (p->user) {
		const char *names[] = { "from", "to", "prefix", "excludeuser" };
		const bool given[] = { p->from != NULL, p->to != NULL, p->prefix != NULL, p->excludeuser != NULL };
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (given[i])
				return api_error(ctx, "invalidparammix", "apierror-invalidparammix-cannotusewith",
						 arena_printf(ctx->arena, "%s%s", pre, names[i]), user_name);
	} else {
		const char *names[] = { "start", "end" };
		const bool given[] = { p->start != NULL, p->end != NULL };
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (given[i])
				return api_error(ctx, "invalidparammix", "apierror-invalidparammix-mustusewith",
						 arena_printf(ctx->arena, "%s%s", pre, names[i]), user_name);
	}
	return RC_OK;
}

/* The continuation value of row `r`. */
static const char *cont_value(struct api_ctx *ctx, const struct adr_params *p, bool titles_only,
			      const struct adr_row *r)
{
	if (titles_only)
		return arena_printf(ctx->arena, "%d|%s", r->rev.page_ns, r->rev.page_dbkey);
	if (p->user)
		return arena_printf(ctx->arena, "%s|%lld", r->rev.ts, (long long)r->ar_id);
	return arena_printf(ctx->arena, "%d|%s|%s|%lld", r->rev.page_ns, r->rev.page_dbkey, r->rev.ts,
			    (long long)r->ar_id);
}

/*
 * Select up to limit + 1 rows per the parameters. `titles_only`: the
 * distinct titles (the generator's fast path). RC_OK or RC_ERR after
 * api_error().
 */
static int select_rows(struct api_ctx *ctx, const struct adr_params *p, long limit, bool titles_only,
		       struct adr_row **rows, long *n)
{
	bool newer = streq(p->dir, "newer");
	const char *op = newer ? ">" : "<", *ord = newer ? "ASC" : "DESC";
	*n = 0;
	*rows = arena_alloc(ctx->arena, (size_t)(limit + 1) * sizeof(**rows));

	/* The continuation's parts: 2 (titles, or user mode) or 4. */
	const char *parts[4] = { 0 };
	size_t lens[4] = { 0 }, n_parts = 0, want = titles_only || p->user ? 2 : 4;
	char cont_ts[15] = "";
	long long c_first = 0, c_last = 0;
	if (p->cont) {
		n_parts = revs_cont_split(p->cont, parts, lens);
		if (!n_parts)
			return api_error(ctx, "badcontinue", NULL);
		if (n_parts != want)
			return api_error(ctx, "badcontinue", NULL);
		if (!p->user && !revs_cont_int(parts[0], lens[0], &c_first))
			return api_error(ctx, "badcontinue", NULL);
		if (!titles_only && !revs_cont_int(parts[n_parts - 1], lens[n_parts - 1], &c_last))
			return api_error(ctx, "badcontinue", NULL);
		if (!titles_only) {
			int64_t t;
			if (ts_parse(arena_strndup(ctx->arena, parts[p->user ? 0 : 2], lens[p->user ? 0 : 2]), &t) != RC_OK)
				return api_error(ctx, "badcontinue", NULL);
			ts_format_mw(t, cont_ts);
		}
	}
	int64_t user_actor = p->user ? revs_actor_of(ctx, p->user) : 0;
	int64_t excl_actor = p->excludeuser ? revs_actor_of(ctx, p->excludeuser) : 0;
	if (p->user && !user_actor)
		return RC_OK;
	int key_ns = p->ns.n ? (int)p->ns.iv[0] : 0;
	const char *from = NULL, *to = NULL, *prefix = NULL;
	if (p->from && !(from = revs_part_key(ctx, p->from, key_ns)))
		return RC_ERR;
	if (p->to && !(to = revs_part_key(ctx, p->to, key_ns)))
		return RC_ERR;
	if (p->prefix && !(prefix = revs_part_key(ctx, p->prefix, key_ns)))
		return RC_ERR;

	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	if (titles_only)
		sbuf_adds(&sql, "SELECT DISTINCT ar_namespace, ar_title FROM archive WHERE 1 = 1");
	else
		sbuf_adds(&sql, "SELECT " REVS_AR_COLS REVS_AR_JOINS " WHERE 1 = 1");
	if (p->ns.n) {
		sbuf_adds(&sql, " AND ar_namespace IN (");
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? ", " : "", p->ns.iv[i]);
		sbuf_addc(&sql, ')');
	}
	if (p->tag)
		sbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				" WHERE ct_rev_id = ar_rev_id AND ctd_name = ?)");
	if (from)
		sbuf_addf(&sql, " AND ar_title %s ?", newer ? ">=" : "<=");
	if (to)
		sbuf_addf(&sql, " AND ar_title %s ?", newer ? "<=" : ">=");
	/* Range scan on the prefix: [prefix, prefix + U+10FFFF). */
	if (prefix)
		sbuf_adds(&sql, " AND ar_title >= ? AND ar_title < ?");
	if (p->user && p->start)
		sbuf_addf(&sql, " AND ar_timestamp %s ?", newer ? ">=" : "<=");
	if (p->user && p->end)
		sbuf_addf(&sql, " AND ar_timestamp %s ?", newer ? "<=" : ">=");
	if (user_actor)
		sbuf_adds(&sql, " AND ar_actor = ?");
	if (excl_actor)
		sbuf_adds(&sql, " AND ar_actor <> ?");
	if (user_actor || excl_actor)
		revs_deleted_user_paranoia(ctx, &sql);
	if (p->cont && titles_only)
		sbuf_addf(&sql, " AND (ar_namespace %s ? OR (ar_namespace = ? AND ar_title %s= ?))", op, op);
	else if (p->cont && p->user)
		sbuf_addf(&sql, " AND (ar_timestamp %s ? OR (ar_timestamp = ? AND ar_id %s= ?))", op, op);
	else if (p->cont)
		sbuf_addf(&sql, " AND (ar_namespace %s ? OR (ar_namespace = ? AND (ar_title %s ? OR (ar_title = ? AND"
				" (ar_timestamp %s ? OR (ar_timestamp = ? AND ar_id %s= ?))))))", op, op, op, op);
	bool several_ns = p->ns.n != 1;
	for (size_t i = 1; i < p->ns.n && !several_ns; i++)
		several_ns = p->ns.iv[i] != p->ns.iv[0];
	if (p->user)
		sbuf_addf(&sql, " ORDER BY ar_timestamp %s, ar_id %s", ord, ord);
	else if (titles_only)
		sbuf_addf(&sql, " ORDER BY %s%s%sar_title %s", several_ns ? "ar_namespace " : "", several_ns ? ord : "",
			  several_ns ? ", " : "", ord);
	else
		sbuf_addf(&sql, " ORDER BY %s%s%sar_title %s, ar_timestamp %s, ar_id %s", several_ns ? "ar_namespace " : "",
			  several_ns ? ord : "", several_ns ? ", " : "", ord, ord, ord);
	sbuf_addf(&sql, " LIMIT %ld", limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int idx = 1;
	if (p->tag)
		store_bind_text(st, idx++, p->tag, STORE_NTS);
	if (from)
		store_bind_text(st, idx++, from, STORE_NTS);
	if (to)
		store_bind_text(st, idx++, to, STORE_NTS);
	if (prefix) {
		store_bind_text(st, idx++, prefix, STORE_NTS);
		store_bind_text(st, idx++, arena_printf(ctx->arena, "%s\xf4\x8f\xbf\xbf", prefix), STORE_NTS);
	}
	if (p->user && p->start)
		store_bind_text(st, idx++, p->start, STORE_NTS);
	if (p->user && p->end)
		store_bind_text(st, idx++, p->end, STORE_NTS);
	if (user_actor)
		store_bind_int(st, idx++, user_actor);
	if (excl_actor)
		store_bind_int(st, idx++, excl_actor);
	if (p->cont && titles_only) {
		const char *title = arena_strndup(ctx->arena, parts[1], lens[1]);
		store_bind_int(st, idx++, c_first);
		store_bind_int(st, idx++, c_first);
		store_bind_text(st, idx++, title, STORE_NTS);
	} else if (p->cont && p->user) {
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_int(st, idx++, c_last);
	} else if (p->cont) {
		const char *title = arena_strndup(ctx->arena, parts[1], lens[1]);
		store_bind_int(st, idx++, c_first);
		store_bind_int(st, idx++, c_first);
		store_bind_text(st, idx++, title, STORE_NTS);
		store_bind_text(st, idx++, title, STORE_NTS);
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_int(st, idx++, c_last);
	}
	int step;
	while ((step = store_step(st)) == STORE_ROW && *n <= limit) {
		struct adr_row *r = &(*rows)[(*n)++];
		if (titles_only) {
			memset(r, 0, sizeof(*r));
			r->rev.page_ns = (int)store_col_int(st, 0);
			r->rev.page_dbkey = store_col_dup(st, ctx->arena, 1);
		} else {
			revs_read_row(st, ctx->arena, &r->rev);
			r->ar_id = store_col_int(st, 13);
		}
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

/* An empty namespace parameter ("adrnamespace=") selects nothing. */
static bool no_namespaces(struct api_ctx *ctx, const struct adr_params *p)
{
	return api_param_given(ctx, "namespace") && !p->ns.n;
}

static int exec_alldeletedrevisions(struct api_ctx *ctx, void *vp)
{
	struct adr_params *p = vp;
	if (no_namespaces(ctx, p)) {
		api_add_array(api_query_node(ctx), "alldeletedrevisions", "page");
		return RC_OK;
	}
	if (check_mode(ctx, p) != RC_OK)
		return RC_ERR;
	struct revs_run r;
	if (revs_setup(ctx, &r, &p->prop, &p->slots, &p->opts) != RC_OK)
		return RC_ERR;
	long limit = revs_limit(ctx, &r, p->limit, ADR_LIMIT_DEFAULT);
	if (revs_check_deleted_rights(ctx, &r) != RC_OK)
		return RC_ERR;
	struct adr_row *rows;
	long n;
	if (select_rows(ctx, p, limit, false, &rows, &n) != RC_OK)
		return RC_ERR;
	/* prop=tags: the tags of every row read, in one query. */
	struct query_tags tags;
	if (r.f.tags) {
		int64_t *revids = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof(*revids));
		for (long i = 0; i < n; i++)
			revids[i] = rows[i].rev.revid;
		if (query_tags_of_revs(ctx, revids, (size_t)n, &tags) != RC_OK)
			return RC_ERR;
		r.tags = &tags;
	}
	struct api_node *list = api_add_array(api_query_node(ctx), "alldeletedrevisions", "page");
	/* Title → its entry's "revisions" list, for the titles met so far. */
	struct api_node **seen_list = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof(*seen_list));
	long *seen_row = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof(*seen_row));
	long n_seen = 0;
	for (long i = 0; i < n; i++) {
		if (i == limit || (i > 0 && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", cont_value(ctx, p, false, &rows[i]));
			break;
		}
		struct api_node *revs = NULL;
		for (long k = 0; k < n_seen && !revs; k++)
			if (rows[seen_row[k]].rev.page_ns == rows[i].rev.page_ns &&
			    streq(rows[seen_row[k]].rev.page_dbkey, rows[i].rev.page_dbkey))
				revs = seen_list[k];
		if (!revs) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, rows[i].rev.page_ns, rows[i].rev.page_dbkey, &t);
			struct api_node *e = api_add_object(list, NULL);
			api_add_int(e, "pageid", rows[i].rev.page);
			revs = api_add_array(e, "revisions", "rev");
			api_add_int(e, "ns", t.ns);
			api_add_str(e, "title", t.prefixed);
			seen_row[n_seen] = i;
			seen_list[n_seen++] = revs;
		}
		if (revs_emit(&r, revs, &rows[i].rev) != RC_OK)
			return RC_ERR;
	}
	return RC_OK;
}

static int generate_alldeletedrevisions(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	struct adr_params *p = vp;
	if (no_namespaces(ctx, p))
		return RC_OK;
	if (check_mode(ctx, p) != RC_OK)
		return RC_ERR;
	/* Titles only, without a user, can read distinct titles when the index runs forwards. */
	bool titles_only = !p->user && p->generatetitles && streq(p->dir, "newer");
	if (!p->user && p->generatetitles && !titles_only)
		api_warn(ctx, "performance", "apiwarn-alldeletedrevisions-performance", ctx->module->prefix);
	long limit = api_param_given(ctx, "limit") ? p->limit : ADR_LIMIT_DEFAULT;
	struct adr_row *rows;
	long n;
	if (select_rows(ctx, p, limit, titles_only, &rows, &n) != RC_OK)
		return RC_ERR;
	for (long i = 0; i < n; i++) {
		if (i == limit) {
			api_continue_set(ctx, "continue", cont_value(ctx, p, titles_only, &rows[i]));
			break;
		}
		if (p->generatetitles)
			query_pageset_add_title(ctx, out, rows[i].rev.page_ns, rows[i].rev.page_dbkey);
		else
			query_pageset_add_revid(ctx, out, rows[i].rev.revid);
	}
	return RC_OK;
}

const struct api_module api_module_list_alldeletedrevisions = {
	.name = "alldeletedrevisions",
	.group = API_G_LIST,
	.prefix = "adr",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct adr_params),
	.summary = "List all deleted revisions by a user or in a namespace.",
	.examples = (const char *const[]){
		"action=query&list=alldeletedrevisions&adruser=Example&adrlimit=50",
		"The last 50 deleted contributions of user Example.",
		"action=query&list=alldeletedrevisions&adrdir=newer&adrnamespace=0&adrlimit=50",
		"The first 50 deleted revisions in the main namespace.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Alldeletedrevisions",
					   NULL },
	.exec = exec_alldeletedrevisions,
	.generate = generate_alldeletedrevisions,
};
