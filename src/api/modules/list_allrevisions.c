/* SPDX-License-Identifier: MIT */
/*
 * list_allrevisions.c — list=allrevisions: every revision of the wiki in
 * time order (newest first by default), optionally only by one user,
 * not by one user, in some namespaces or in a time range, as MediaWiki's
 * ApiQueryAllRevisions. Revisions are grouped under their page: the
 * first revision of a page in the batch makes the entry {pageid,
 * revisions, ns, title}, later ones join its list. One indexed query
 * with LIMIT n+1; the continuation is "timestamp|revid".
 *
 * As a generator it yields the revisions (their pages, with
 * prop=revisions showing those revisions), or with generatetitles the
 * pages. Its first row goes into the continuation as a fixed starting
 * point ("non-continue" parameter), so that a batch redone for prop
 * modules is the same batch even when edits arrive in between.
 *
 * Like prop=revisions, parsetree needs the wikitext parser and is not
 * offered; nor are the deprecated expandtemplates, generatexml, parse
 * and diffto* parameters.
 */
#include "revs_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

struct arv_params {
	struct api_list prop;    /* what to show about each revision */
	struct api_list slots;   /* slot roles for slot data */
	long limit;              /* revisions per batch */
	struct revs_opts opts;   /* section, diffto, difftotext(pst), contentformat */
	const char *user;        /* only revisions by this user */
	struct api_list ns;      /* only pages in these namespaces */
	const char *start;       /* 14-digit timestamp */
	const char *end;         /* 14-digit timestamp */
	const char *dir;         /* newer | older */
	const char *excludeuser; /* leave out revisions by this user */
	const char *cont;        /* "timestamp|revid" */
	bool generatetitles;     /* as generator: pages instead of revisions */
};

/* Default limit (MediaWiki's revisions base). */
#define ARV_LIMIT_DEFAULT 10

static const struct api_param params[] = {
	REVS_PARAMS(struct arv_params, "How many revisions to return. With content the limit is 50 (500 with "
					"apihighlimits).", NULL)
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct arv_params, user), .desc = "Only revisions made by this user." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct arv_params, ns), .desc = "Only pages in these namespaces." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct arv_params, start),
	  .desc = "List revisions from this time on (in the direction of dir)." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct arv_params, end),
	  .desc = "List revisions up to this time." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older",
	  .values = (const char *const[]){ "newer", "older", NULL }, .offset = offsetof(struct arv_params, dir),
	  .desc = "In which direction to list.",
	  .value_descs = (const char *const[]){ "newer=Oldest first.", "older=Newest first.", NULL } },
	{ .name = "excludeuser", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct arv_params, excludeuser), .desc = "Leave out revisions made by this user." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct arv_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "generatetitles", .type = API_T_BOOL, .offset = offsetof(struct arv_params, generatetitles),
	  .desc = "As a generator, produce page titles instead of revision IDs." },
	{ 0 }
};

/* One selected revision (the generator's). */
struct arv_row {
	struct revs_row rev; /* the revision and its page */
};

/*
 * The columns of the query: the integers first, the actor and comment
 * ids instead of the name, user id and text (the connection's cache has
 * those: store_actor_get(), store_comment_get()), then the texts,
 * rev_sha1 only when asked for; one store_col_row() reads them all.
 * Without it, every revision column is in the rev_timestamp and
 * rev_actor_timestamp indexes.
 */
#define ARV_COLS(sha1)                                                                                        \
	"rev_id, rev_parent_id, rev_minor_edit, rev_len, rev_deleted, rev_actor, rev_comment_id, rev_page, "   \
	"page_namespace, rev_timestamp, page_title, " sha1 ARV_FROM
/* The tables of the query. */
#define ARV_FROM " FROM revision JOIN page ON page_id = rev_page"
/* Integer columns of ARV_COLS. */
#define ARV_N_INTS 9

/*
 * Read the current row of `st` (ARV_COLS) into `row` without copies (the
 * strings are the statement's, valid until its next step), and the
 * actor and comment ids into *actor and *comment. The name, user id and
 * summary are left empty.
 */
static void read_row(struct store_stmt *st, struct revs_row *row, int64_t *actor, int64_t *comment)
{
	int64_t v[ARV_N_INTS];
	const char *texts[3];
	store_col_row(st, ARV_N_INTS, v, 3, texts);
	row->revid = v[0];
	row->parent = v[1];
	row->minor = v[2] != 0;
	row->size = v[3];
	row->deleted = v[4];
	*actor = v[5];
	*comment = v[6];
	row->page = v[7];
	row->page_ns = (int)v[8];
	row->ts = texts[0];
	row->page_dbkey = texts[1];
	row->sha1 = texts[2];
	row->uname = "";
	row->uid = 0;
	row->comment = "";
}

/*
 * The query of up to limit + 1 revisions per the parameters, bound, into
 * *out (with rev_sha1 when `need_sha1`); NULL when a user filter names
 * nobody, so nothing can match. With `tags`, the tags of those revisions
 * are read into it first, by one query.
 */
static int select_stmt(struct api_ctx *ctx, struct arv_params *p, long limit, bool need_sha1, struct query_tags *tags,
		       struct store_stmt **out)
{
	bool newer = streq(p->dir, "newer");
	*out = NULL;
	char cont_ts[15] = "";
	int64_t cont_id = 0;
	if (p->cont) {
		const char *bar = strchr(p->cont, '|');
		long long id;
		if (!bar || strchr(bar + 1, '|') || util_parse_ll(bar + 1, &id) != RC_OK ||
		    !streq(arena_printf(ctx->arena, "%lld", id), bar + 1))
			return api_error(ctx, "badcontinue", NULL);
		int64_t t;
		if (ts_parse(arena_strndup(ctx->arena, p->cont, (size_t)(bar - p->cont)), &t) != RC_OK)
			return api_error(ctx, "badcontinue", NULL);
		ts_format_mw(t, cont_ts);
		cont_id = id;
	}
	int64_t user_actor = p->user ? revs_actor_of(ctx, p->user) : 0;
	int64_t excl_actor = p->excludeuser ? revs_actor_of(ctx, p->excludeuser) : 0;
	if (p->user && !user_actor)
		return RC_OK;

	struct sbuf sql;
	sbuf_init(&sql, 1024);
	/* Every column the output needs, in this one query: no query per revision. */
	sbuf_adds(&sql, need_sha1 ? "SELECT " ARV_COLS("rev_sha1") " WHERE 1 = 1" : "SELECT " ARV_COLS("''") " WHERE 1 = 1");
	if (p->start)
		sbuf_addf(&sql, " AND rev_timestamp %s ?", newer ? ">=" : "<=");
	if (p->end)
		sbuf_addf(&sql, " AND rev_timestamp %s ?", newer ? "<=" : ">=");
	if (cont_id)
		sbuf_addf(&sql, " AND (rev_timestamp %s ? OR (rev_timestamp = ? AND rev_id %s= ?))", newer ? ">" : "<",
			  newer ? ">" : "<");
	if (user_actor)
		sbuf_adds(&sql, " AND rev_actor = ?");
	if (excl_actor)
		sbuf_adds(&sql, " AND rev_actor <> ?");
	if ((user_actor || excl_actor) && !wiki_user_can(ctx->user, "deletedhistory"))
		sbuf_adds(&sql, " AND (rev_deleted & 4) = 0"); /* no probing of hidden user names */
	else if ((user_actor || excl_actor) && !wiki_user_can(ctx->user, "suppressrevision") &&
		 !wiki_user_can(ctx->user, "viewsuppressed"))
		sbuf_adds(&sql, " AND (rev_deleted & 12) <> 12");
	if (p->ns.n) {
		sbuf_adds(&sql, " AND page_namespace IN (");
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? ", " : "", p->ns.iv[i]);
		sbuf_addc(&sql, ')');
	}
	sbuf_addf(&sql, " ORDER BY rev_timestamp %s, rev_id %s LIMIT %ld", newer ? "ASC" : "DESC",
		  newer ? "ASC" : "DESC", limit + 1);
	/* The query and, for tags, the same rows' tags: both bound alike (k = 0, 1). */
	for (int k = tags ? 0 : 1; k < 2; k++) {
		const char *q = sbuf_cstr(&sql);
		if (k == 0)
			q = arena_printf(ctx->arena, "SELECT ct_rev_id, ctd_name FROM change_tag JOIN change_tag_def"
						     " ON ctd_id = ct_tag_id WHERE ct_rev_id IN (SELECT rev_id%s)"
						     " ORDER BY ct_rev_id, ct_tag_id",
					 strstr(q, ARV_FROM));
		struct store_stmt *st = store_prepare(ctx->store, q);
		if (!st) {
			sbuf_release(&sql);
			return api_db_error(ctx);
		}
		int idx = 1;
		if (p->start)
			store_bind_text(st, idx++, p->start, STORE_NTS);
		if (p->end)
			store_bind_text(st, idx++, p->end, STORE_NTS);
		if (cont_id) {
			store_bind_text(st, idx++, cont_ts, STORE_NTS);
			store_bind_text(st, idx++, cont_ts, STORE_NTS);
			store_bind_int(st, idx++, cont_id);
		}
		if (user_actor)
			store_bind_int(st, idx++, user_actor);
		if (excl_actor)
			store_bind_int(st, idx++, excl_actor);
		if (k == 0 && query_tags_read(ctx, st, tags) != RC_OK) {
			sbuf_release(&sql);
			return RC_ERR;
		}
		if (k == 1)
			*out = st;
	}
	sbuf_release(&sql);
	return RC_OK;
}

/* Select up to limit + 1 revisions per the parameters into *rows (*n). */
static int select_rows(struct api_ctx *ctx, struct arv_params *p, long limit, struct arv_row **rows, long *n)
{
	*n = 0;
	*rows = arena_alloc(ctx->arena, (size_t)(limit + 1) * sizeof(**rows));
	struct store_stmt *st;
	if (select_stmt(ctx, p, limit, false, NULL, &st) != RC_OK)
		return RC_ERR;
	if (!st)
		return RC_OK;
	int step;
	while ((step = store_step(st)) == STORE_ROW && *n <= limit) {
		struct revs_row *r = &(*rows)[(*n)++].rev;
		int64_t actor, comment;
		read_row(st, r, &actor, &comment);
		r->ts = arena_strdup(ctx->arena, r->ts);
		r->sha1 = "";
		r->page_dbkey = arena_strdup(ctx->arena, r->page_dbkey);
	}
	store_stmt_done(st);
	if (step < 0)
		return api_db_error(ctx);
	return RC_OK;
}

/* user and excludeuser exclude each other (invalidparammix), as in MediaWiki. */
static int check_users(struct api_ctx *ctx)
{
	return api_require_max_one(ctx, (const char *const[]){ "user", "excludeuser", NULL });
}

static const char *cont_value(struct api_ctx *ctx, const struct revs_row *r)
{
	return arena_printf(ctx->arena, "%s|%lld", r->ts, (long long)r->revid);
}

static int exec_allrevisions(struct api_ctx *ctx, void *vp)
{
	struct arv_params *p = vp;
	if (check_users(ctx) != RC_OK)
		return RC_ERR;
	struct revs_run r;
	if (revs_setup(ctx, &r, &p->prop, &p->slots, &p->opts) != RC_OK)
		return RC_ERR;
	long limit = revs_limit(ctx, &r, p->limit, ARV_LIMIT_DEFAULT);
	/* arvprop=tags: the tags of every listed revision, read by one query before the list (no query per row). */
	struct query_tags tags = { 0 };
	struct store_stmt *st;
	if (select_stmt(ctx, p, limit, r.f.sha1, r.f.tags ? &tags : NULL, &st) != RC_OK)
		return RC_ERR;
	if (r.f.tags)
		r.tags = &tags;
	struct api_node *list = api_add_array(api_query_node(ctx), "allrevisions", "page");
	if (!st)
		return RC_OK;
	/*
	 * Each revision is written as it is read. Page id → the writer of its
	 * entry's "revisions" list, for the pages met so far: the page entries
	 * are nodes, the revisions under each are written by a list writer of
	 * their own (as text for format=json), which takes the keys the first
	 * one learnt.
	 */
	size_t cap = 0;
	int64_t *seen_page = NULL;
	struct api_rows **seen_revs = NULL;
	long n_seen = 0, i = 0;
	int step, rc = RC_OK;
	while (rc == RC_OK && (step = store_step(st)) == STORE_ROW) {
		struct revs_row row;
		int64_t actor, comment;
		read_row(st, &row, &actor, &comment);
		if (i == limit || (i > 0 && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", cont_value(ctx, &row));
			break;
		}
		i++;
		size_t clen;
		bool need_actor = r.f.user || r.f.userid || r.fetch_content, need_comment = r.f.comment || r.f.parsedcomment;
		if ((need_actor && store_actor_get(ctx->store, actor, &row.uname, &row.uid) == RC_ERR) ||
		    (need_comment && store_comment_get(ctx->store, comment, &row.comment, &clen) == RC_ERR)) {
			rc = api_db_error(ctx);
			break;
		}
		if (r.fetch_content)
			row.uname = arena_strdup(ctx->arena, row.uname); /* the parser may meet it after other lookups */
		struct api_rows *revs = NULL;
		for (long k = n_seen - 1; k >= 0 && !revs; k--)
			if (seen_page[k] == row.page)
				revs = seen_revs[k];
		if (!revs) {
			struct api_node *e = api_add_object(list, NULL);
			api_add_int(e, "pageid", row.page);
			struct api_node *rl = api_add_array(e, "revisions", "rev");
			api_add_int(e, "ns", row.page_ns);
			api_add_str(e, "title", wiki_title_prefixed(ctx->arena, row.page_ns, row.page_dbkey));
			revs = arena_alloc(ctx->arena, sizeof(*revs));
			if (n_seen)
				api_rows_start_like(revs, rl, seen_revs[0]);
			else
				api_rows_start(ctx, revs, rl);
			if ((size_t)n_seen == cap) {
				size_t c = cap;
				seen_page = arena_grow(ctx->arena, seen_page, (size_t)n_seen, &c, sizeof(*seen_page));
				seen_revs = arena_grow(ctx->arena, seen_revs, (size_t)n_seen, &cap, sizeof(*seen_revs));
			}
			seen_page[n_seen] = row.page;
			seen_revs[n_seen++] = revs;
		}
		rc = revs_emit_rows(&r, revs, &row);
	}
	store_stmt_done(st);
	if (rc != RC_OK)
		return rc;
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int generate_allrevisions(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	struct arv_params *p = vp;
	if (check_users(ctx) != RC_OK)
		return RC_ERR;
	long limit = api_param_given(ctx, "limit") ? p->limit : ARV_LIMIT_DEFAULT;
	struct arv_row *rows;
	long n;
	if (select_rows(ctx, p, limit, &rows, &n) != RC_OK)
		return RC_ERR;
	if (n > 0)
		api_continue_set_base(ctx, "continue", cont_value(ctx, &rows[0].rev));
	for (long i = 0; i < n; i++) {
		if (i == limit) {
			api_continue_set(ctx, "continue", cont_value(ctx, &rows[i].rev));
			break;
		}
		if (p->generatetitles)
			query_pageset_add_pageid(ctx, out, rows[i].rev.page);
		else
			query_pageset_add_revid(ctx, out, rows[i].rev.revid);
	}
	return RC_OK;
}

const struct api_module api_module_list_allrevisions = {
	.name = "allrevisions",
	.group = API_G_LIST,
	.prefix = "arv",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct arv_params),
	.summary = "List all revisions of the wiki.",
	.examples = (const char *const[]){
		"action=query&list=allrevisions&arvuser=Example&arvlimit=50",
		"The last 50 revisions by user Example.",
		"action=query&list=allrevisions&arvdir=newer&arvlimit=50",
		"The first 50 revisions of the wiki, in any namespace.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Allrevisions", NULL },
	.exec = exec_allrevisions,
	.generate = generate_allrevisions,
};
