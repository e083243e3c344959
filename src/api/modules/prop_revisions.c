/* SPDX-License-Identifier: MIT */
/*
 * prop_revisions.c — prop=revisions: revisions of the pages of the set.
 *
 * Three modes, as MediaWiki's ApiQueryRevisions:
 *   - latest: no enumeration parameter given → the current revision of
 *     every page (content limited to 50 pages per request, 500 with
 *     apihighlimits, continued by revision id);
 *   - revids: the set came from revids= → exactly those revisions;
 *   - enumeration: rvlimit, rvstart/rvend, rvstartid/rvendid,
 *     rvdir=newer, rvuser or rvexcludeuser given → the history of the one
 *     page of the set, continued by "timestamp|revid".
 * Without rvslots the content goes to the revision itself (the legacy
 * shape, with a deprecation warning); with rvslots it goes under
 * slots.<role>. The deprecated rvdiffto/rvdifftotext add each revision's
 * diff (revs.c). parsetree needs the wikitext parser and is not offered
 * yet; neither are the deprecated expandtemplates, generatexml and parse.
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "revs_int.h"

struct rev_params {
	struct api_list prop;  /* rvprop */
	struct api_list slots; /* rvslots */
	long limit;            /* rvlimit */
	struct revs_opts opts; /* rvsection, rvdiffto, rvdifftotext(pst), rvcontentformat */
	long startid, endid;   /* rvstartid, rvendid (0 = absent) */
	const char *start;     /* rvstart, 14 digits */
	const char *end;       /* rvend, 14 digits */
	const char *dir;       /* rvdir */
	const char *user;      /* rvuser */
	const char *excludeuser; /* rvexcludeuser */
	const char *tag;       /* rvtag */
	const char *cont;      /* rvcontinue */
};

/* The note paraminfo gives the enumeration parameters. */
#define SINGLE_PAGE "singlepageonly=Only for a single page (enumeration mode)."

/* Default rvlimit in enumeration mode. */
#define REV_LIMIT_DEFAULT 10

static const struct api_param params[] = {
	REVS_PARAMS(struct rev_params, "How many revisions to return (one page only). With content the limit is 50 "
					"(500 with apihighlimits).", SINGLE_PAGE)
	{ .name = "startid", .type = API_T_INT, .offset = offsetof(struct rev_params, startid),
	  .desc = "Start listing from this revision's timestamp (one page only).", .info = SINGLE_PAGE },
	{ .name = "endid", .type = API_T_INT, .offset = offsetof(struct rev_params, endid),
	  .desc = "Stop listing at this revision's timestamp (one page only).", .info = SINGLE_PAGE },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct rev_params, start),
	  .desc = "From which revision timestamp to start listing (one page only).", .info = SINGLE_PAGE },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct rev_params, end),
	  .desc = "Until which revision timestamp to list (one page only).", .info = SINGLE_PAGE },
	{ .name = "dir", .type = API_T_ENUM, .values = (const char *const[]){ "newer", "older", NULL }, .dflt = "older",
	  .offset = offsetof(struct rev_params, dir),
	  .desc = "In which direction to list (one page only).",
	  .value_descs = (const char *const[]){ "newer=Oldest first.", "older=Newest first.", NULL },
	  .info = SINGLE_PAGE },
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct rev_params, user), .desc = "Only revisions made by this user (one page only).",
	  .info = SINGLE_PAGE },
	{ .name = "excludeuser", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct rev_params, excludeuser),
	  .desc = "Leave out revisions made by this user (one page only).", .info = SINGLE_PAGE },
	{ .name = "tag", .type = API_T_STRING, .offset = offsetof(struct rev_params, tag),
	  .desc = "Only revisions tagged with this tag." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct rev_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* Revision `revid` into page `p`'s "revisions" list. */
/* Generator mode: the set the listed revisions' ids go to instead of the output (per request). */
static _Thread_local struct api_pageset *gen_out;

static int add_revid(struct revs_run *r, struct query_page *p, int64_t revid)
{
	if (gen_out) {
		query_pageset_add_revid(r->ctx, gen_out, revid);
		return RC_OK;
	}
	struct api_node *page = query_page_node(r->ctx, p);
	struct api_node *list = api_node_get(page, "revisions");
	if (!list)
		list = api_add_array(page, "revisions", "rev");
	/* The page lookup may have read this row already (query_pageset_params.latest_rows). */
	if (p->latest_row && p->latest_row->revid == revid)
		return revs_emit(r, list, p->latest_row);
	return revs_add(r, list, revid);
}

static int cmp_rev(const void *a, const void *b)
{
	const struct query_rev *x = a, *y = b;
	return x->revid < y->revid ? -1 : x->revid > y->revid;
}

/* Pages by id, then by latest revision id (qsort). */
static int cmp_page_latest(const void *a, const void *b)
{
	const struct query_page *x = *(struct query_page *const *)a, *y = *(struct query_page *const *)b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->latest < y->latest ? -1 : x->latest > y->latest;
}

/*
 * The timestamp of a revision id given as rvstartid/rvendid: a deleted
 * revision (in the archive) counts too, as MediaWiki's union of both.
 */
#define REV_OR_ARCHIVE_TS \
	"SELECT rev_timestamp FROM revision WHERE rev_id = ? UNION ALL SELECT ar_timestamp FROM archive WHERE ar_rev_id = ?"

/* Enumeration mode: the history of page `p`. */
static int enumerate(struct revs_run *r, struct rev_params *rp, struct query_page *p, long limit)
{
	struct api_ctx *ctx = r->ctx;
	bool newer = streq(rp->dir, "newer");
	const char *op_from = newer ? ">=" : "<=", *op_to = newer ? "<=" : ">=";
	const char *start = rp->start, *end = rp->end;
	int64_t start_id = 0, end_id = 0;
	/* rvstartid / rvendid stand for their revisions' timestamps (and ids, as tie-breakers). */
	if (api_param_given(ctx, "startid")) {
		char *t = NULL;
		if (store_query_text(ctx->store, ctx->arena, &t, REV_OR_ARCHIVE_TS, "ii", (int64_t)rp->startid,
				     (int64_t)rp->startid) != RC_OK)
			return api_error(ctx, arena_printf(ctx->arena, "badid_%s", api_param_name(ctx, "startid")),
					 "apierror-revisions-badid", api_param_name(ctx, "startid"));
		start = t;
		start_id = rp->startid;
	}
	if (api_param_given(ctx, "endid")) {
		char *t = NULL;
		if (store_query_text(ctx->store, ctx->arena, &t, REV_OR_ARCHIVE_TS, "ii", (int64_t)rp->endid,
				     (int64_t)rp->endid) != RC_OK)
			return api_error(ctx, arena_printf(ctx->arena, "badid_%s", api_param_name(ctx, "endid")),
					 "apierror-revisions-badid", api_param_name(ctx, "endid"));
		end = t;
		end_id = rp->endid;
	}
	const char *cont_ts = NULL;
	int64_t cont_id = 0;
	if (rp->cont) {
		const char *bar = strchr(rp->cont, '|');
		if (!bar || bar - rp->cont != 14)
			return api_error(ctx, "badcontinue", NULL);
		cont_ts = arena_strndup(ctx->arena, rp->cont, 14);
		long long v;
		if (util_parse_ll(bar + 1, &v) != RC_OK)
			return api_error(ctx, "badcontinue", NULL);
		cont_id = v;
	}
	int64_t user_actor = rp->user ? revs_actor_of(ctx, rp->user) : 0;
	int64_t excl_actor = rp->excludeuser ? revs_actor_of(ctx, rp->excludeuser) : 0;
	if (rp->user && !user_actor)
		return RC_OK; /* nobody by that name: no revisions */

	struct sbuf sql;
	sbuf_init(&sql, 4096);
	sbuf_adds(&sql, "SELECT rev_id, rev_timestamp FROM revision WHERE rev_page = ?");
	if (start)
		sbuf_addf(&sql, " AND (rev_timestamp %s ? OR (rev_timestamp = ? AND rev_id %s ?))", newer ? ">" : "<",
			  op_from);
	if (end)
		sbuf_addf(&sql, " AND (rev_timestamp %s ? OR (rev_timestamp = ? AND rev_id %s ?))", newer ? "<" : ">",
			  op_to);
	if (cont_ts)
		sbuf_addf(&sql, " AND (rev_timestamp %s ? OR (rev_timestamp = ? AND rev_id %s ?))", newer ? ">" : "<",
			  op_from);
	if (user_actor)
		sbuf_adds(&sql, " AND rev_actor = ?");
	if (excl_actor)
		sbuf_adds(&sql, " AND rev_actor <> ?");
	if (rp->tag)
		sbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				" WHERE ct_rev_id = rev_id AND ctd_name = ?)");
	sbuf_addf(&sql, " ORDER BY rev_timestamp %s, rev_id %s LIMIT ?", newer ? "ASC" : "DESC", newer ? "ASC" : "DESC");
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	int idx = 1;
	store_bind_int(st, idx++, p->id);
	if (start) {
		store_bind_text(st, idx++, start, STORE_NTS);
		store_bind_text(st, idx++, start, STORE_NTS);
		store_bind_int(st, idx++, start_id ? start_id : (newer ? 0 : INT64_MAX));
	}
	if (end) {
		store_bind_text(st, idx++, end, STORE_NTS);
		store_bind_text(st, idx++, end, STORE_NTS);
		store_bind_int(st, idx++, end_id ? end_id : (newer ? INT64_MAX : 0));
	}
	if (cont_ts) {
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_int(st, idx++, cont_id);
	}
	if (user_actor)
		store_bind_int(st, idx++, user_actor);
	if (excl_actor)
		store_bind_int(st, idx++, excl_actor);
	if (rp->tag)
		store_bind_text(st, idx++, rp->tag, STORE_NTS);
	store_bind_int(st, idx++, limit + 1);
	/* Collect ids first: add_revision() runs other queries on this connection. */
	int64_t *ids = arena_alloc(ctx->arena, (size_t)(limit + 1) * sizeof(*ids));
	const char **tss = arena_alloc(ctx->arena, (size_t)(limit + 1) * sizeof(*tss));
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW && n <= limit) {
		ids[n] = store_col_int(st, 0);
		tss[n] = store_col_dup(st, ctx->arena, 1);
		n++;
	}
	store_stmt_done(st);
	if (step < 0)
		return api_db_error(ctx);
	for (long i = 0; i < n; i++) {
		if (i == limit || (i > 0 && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%lld", tss[i], (long long)ids[i]));
			break;
		}
		int rc = add_revid(r, p, ids[i]);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

/* Does revision `revid` carry tag `tag`? (rvtag outside enumeration mode) */
static bool has_tag(struct api_ctx *ctx, int64_t revid, const char *tag)
{
	int64_t one = 0;
	return store_query_int(ctx->store, &one,
			       "SELECT 1 FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
			       " WHERE ct_rev_id = ? AND ctd_name = ?", "it", revid, tag) == RC_OK;
}

/*
 * The module's run, listing the revisions, or (with gen_out set) adding
 * their ids to the generated set. As a generator MediaWiki checks the
 * same modes but reads no output options, and its limit is rvlimit as
 * given, else 10, in every mode.
 */
static int run_revisions(struct api_ctx *ctx, struct rev_params *rp)
{
	struct api_pageset *ps = query_pageset_current(ctx);
	size_t n_good = 0;
	struct query_page *only = NULL;
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD) {
			n_good++;
			only = ps->pages[i];
		}
	/* No existing page (nor a revision of one): nothing to check or list, as in MediaWiki. */
	if (!n_good)
		return RC_OK;
	/*
	 * MediaWiki's order: the mode (any list option given, even
	 * rvstartid=0, makes it enumeration), then the output options
	 * (rvdiffto, rvsection, ...), then the list options' conflicts.
	 */
	bool enum_mode = api_param_given(ctx, "limit") || api_param_given(ctx, "startid") ||
			 api_param_given(ctx, "endid") || streq(rp->dir, "newer") || rp->start || rp->end || rp->user ||
			 rp->excludeuser;
	if (enum_mode && ps->from_revids)
		return api_error(ctx, "invalidparammix", "apierror-revisions-norevids", "rv");
	if (enum_mode && n_good > 1)
		return api_error(ctx, "invalidparammix", "apierror-revisions-singlepage", "rv");
	struct revs_run r;
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	if (!gen_out && revs_setup(ctx, &r, &rp->prop, &rp->slots, &rp->opts) != RC_OK)
		return RC_ERR;
	if (api_require_max_one(ctx, (const char *const[]){ "startid", "start", NULL }) != RC_OK ||
	    api_require_max_one(ctx, (const char *const[]){ "endid", "end", NULL }) != RC_OK ||
	    api_require_max_one(ctx, (const char *const[]){ "user", "excludeuser", NULL }) != RC_OK)
		return RC_ERR;

	long limit;
	if (gen_out) {
		limit = api_param_given(ctx, "limit") ? rp->limit : 10;
	} else {
		limit = revs_limit(ctx, &r, rp->limit, enum_mode ? REV_LIMIT_DEFAULT : -1);
		if (limit < 0) /* latest mode: as many as allowed */
			limit = revs_limit_max(ctx, &r);
	}

	if (enum_mode)
		return only ? enumerate(&r, rp, only, limit) : RC_OK;

	if (ps->from_revids) {
		/* MediaWiki casts this continuation with (int): never an error. */
		long long from = rp->cont ? strtoll(rp->cont, NULL, 10) : 0;
		struct query_rev *revs = arena_alloc(ctx->arena, (ps->n_revs ? ps->n_revs : 1) * sizeof(*revs));
		memcpy(revs, ps->revs, ps->n_revs * sizeof(*revs));
		qsort(revs, ps->n_revs, sizeof(*revs), cmp_rev);
		long done = 0;
		for (size_t i = 0; i < ps->n_revs; i++) {
			if (revs[i].revid < from || (rp->tag && !has_tag(ctx, revs[i].revid, rp->tag)))
				continue;
			if (done == limit || (done && api_result_full(ctx))) {
				api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%lld", (long long)revs[i].revid));
				break;
			}
			int rc = add_revid(&r, revs[i].page, revs[i].revid);
			if (rc != RC_OK)
				return rc;
			done++;
		}
		return RC_OK;
	}
	/*
	 * Latest revision of each page, in page id order; the continuation is
	 * "pageid|revid" (exactly two parts, each cast with (int)), as
	 * MediaWiki's rev_page, rev_id order.
	 */
	long long from_page = 0, from_rev = 0;
	if (rp->cont) {
		const char *bar = strchr(rp->cont, '|');
		if (!bar || strchr(bar + 1, '|'))
			return api_error(ctx, "badcontinue", NULL);
		from_page = strtoll(rp->cont, NULL, 10);
		from_rev = strtoll(bar + 1, NULL, 10);
	}
	struct query_page **v = arena_alloc(ctx->arena, (n_good ? n_good : 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD)
			v[n++] = ps->pages[i];
	qsort(v, n, sizeof(*v), cmp_page_latest);
	long done = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i]->id < from_page || (v[i]->id == from_page && v[i]->latest < from_rev) ||
		    (rp->tag && !has_tag(ctx, v[i]->latest, rp->tag)))
			continue;
		if (done == limit || (done && api_result_full(ctx))) {
			api_continue_set(ctx, "continue",
					 arena_printf(ctx->arena, "%lld|%lld", (long long)v[i]->id, (long long)v[i]->latest));
			break;
		}
		int rc = add_revid(&r, v[i], v[i]->latest);
		if (rc != RC_OK)
			return rc;
		done++;
	}
	return RC_OK;
}

static int exec_revisions(struct api_ctx *ctx, void *vp)
{
	gen_out = NULL;
	return run_revisions(ctx, vp);
}

/* As a generator: the revisions the module would list (MediaWiki: revids become pages). */
static int generate_revisions(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	gen_out = out;
	int rc = run_revisions(ctx, vp);
	gen_out = NULL;
	return rc;
}

const struct api_module api_module_prop_revisions = {
	.name = "revisions",
	.group = API_G_PROP,
	.prefix = "rv",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct rev_params),
	.summary = "Revisions of the pages: their metadata and content.",
	.help = "May be used in several ways: the latest revision of each page of a list of titles or "
		"page IDs; the revisions given by revids; or, for one page, its history with the "
		"enumeration parameters (rvlimit, rvstart, rvend, rvstartid, rvendid, rvdir, rvuser, "
		"rvexcludeuser).",
	.examples = (const char *const[]){
		"action=query&prop=revisions&titles=API|Main%20Page&rvslots=*&rvprop=timestamp|user|comment|content",
		"Get data with content for the last revision of titles API and Main Page.",
		"action=query&prop=revisions&titles=Main%20Page&rvlimit=5&rvprop=timestamp|user|comment",
		"Get the last 5 revisions of Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Revisions", NULL },
	.exec = exec_revisions,
	.generate = generate_revisions,
};
