/* SPDX-License-Identifier: MIT */
/*
 * list_watchlist.c — list=watchlist: recent changes to the pages on a
 * watchlist, the recentchanges table joined with the watchlist rows of
 * one user, newest first by default. Without wlallrev only each page's
 * latest change is listed (and every log entry), as MediaWiki does.
 * Continuation is "timestamp|rcid", like list=recentchanges, whose
 * patterns this module follows.
 *
 * Also here: query_watchlist_owner(), shared with list=watchlistraw,
 * which decides whose watchlist is read (wlowner + wltoken).
 *
 * Difference from MediaWiki, for want of a log formatter: loginfo gives
 * logid, logtype, logaction and logparams but not the rendered
 * "logdisplay" sentence. There are no expiring watches, so wlprop=expiry
 * always reports false.
 */
#include "log_int.h"
#include "query_int.h"

#include <stddef.h>
#include <stdio.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

struct wl_params {
	bool allrev;             /* every change, not only each page's latest */
	const char *start;       /* 14-digit timestamp to start from */
	const char *end;         /* 14-digit timestamp to stop at */
	struct api_list ns;      /* namespaces */
	const char *user;        /* only this user */
	const char *excludeuser; /* not this user */
	const char *dir;         /* newer | older */
	long limit;              /* rows per batch */
	struct api_list prop;    /* what to show */
	struct api_list show;    /* flag filters */
	struct api_list type;    /* edit, new, log, external, categorize */
	const char *owner;       /* whose watchlist (with token) */
	const char *token;       /* the owner's watchlist token */
	const char *cont;        /* "timestamp|rcid" */
};

static const char *const props[] = { "comment", "expiry", "flags", "ids", "loginfo", "notificationtimestamp",
				     "parsedcomment", "patrol", "sizes", "tags", "timestamp", "title", "user", "userid", NULL };
static const char *const shows[] = { "!anon", "!autopatrolled", "!bot", "!minor", "!patrolled", "!unread",
				     "anon", "autopatrolled", "bot", "minor", "patrolled", "unread", NULL };
static const char *const types[] = { "categorize", "edit", "external", "log", "new", NULL };

static const struct api_param params[] = {
	{ .name = "allrev", .type = API_T_BOOL, .offset = offsetof(struct wl_params, allrev),
	  .desc = "List every change to a watched page, not only its latest one." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct wl_params, start),
	  .desc = "List changes from this time on." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct wl_params, end),
	  .desc = "List changes up to this time." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct wl_params, ns), .desc = "Only changes in these namespaces." },
	{ .name = "user", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_ID | API_USER_INTERWIKI,
	  .offset = offsetof(struct wl_params, user), .desc = "Only changes by this user." },
	{ .name = "excludeuser", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_ID | API_USER_INTERWIKI,
	  .offset = offsetof(struct wl_params, excludeuser), .desc = "Leave out changes by this user." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older",
	  .values = (const char *const[]){ "newer", "older", NULL }, .offset = offsetof(struct wl_params, dir),
	  .desc = "Direction: \"older\" lists newest first (start later than end), \"newer\" oldest first." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct wl_params, limit), .desc = "How many changes to return per batch." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = props, .dflt = "ids|title|flags",
	  .offset = offsetof(struct wl_params, prop), .desc = "Which properties to include." },
	{ .name = "show", .type = API_T_ENUM, .flags = API_P_MULTI, .values = shows,
	  .offset = offsetof(struct wl_params, show),
	  .desc = "Only changes meeting these criteria; \"!\" negates. \"unread\" means not yet seen." },
	{ .name = "type", .type = API_T_ENUM, .flags = API_P_MULTI, .values = types,
	  .dflt = "edit|new|log|categorize", .offset = offsetof(struct wl_params, type),
	  .desc = "Which types of changes to list." },
	{ .name = "owner", .type = API_T_USER, .user_types = API_USER_NAME, .offset = offsetof(struct wl_params, owner),
	  .desc = "Read this user's watchlist instead of your own; needs token." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_SENSITIVE, .offset = offsetof(struct wl_params, token),
	  .desc = "The watchlist token the owner set in their preferences." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct wl_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* Byte-wise comparison whose time does not depend on where the strings differ. */
static bool same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

int query_watchlist_owner(struct api_ctx *ctx, const char *owner, const char *token, int64_t *uid)
{
	if (owner && token) {
		struct wiki_user *u = NULL;
		if (wiki_user_load(ctx->arena, ctx->store, owner, 0, &u) != RC_OK)
			return api_error(ctx, "bad_wlowner", "nosuchusershort", owner);
		const char *want = wiki_user_option_get(ctx->store, ctx->arena, u->id, "watchlisttoken");
		if (!want || !*want || !same_secret(want, token))
			return api_error(ctx, "bad_wltoken", "apierror-bad-watchlist-token");
		*uid = u->id;
		return RC_OK;
	}
	if (ctx->user->id <= 0)
		return api_error(ctx, "notloggedin", "watchlistanontext");
	if (!wiki_user_can(ctx->user, "viewmywatchlist"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-viewmywatchlist", NULL, 0));
	*uid = ctx->user->id;
	return RC_OK;
}

/* May the user see a part hidden by rc_deleted bit `bit` (with `del` the row's bits)? */
static bool can_see(struct api_ctx *ctx, int64_t del, int bit)
{
	if (!(del & bit))
		return true;
	if (del & WIKI_LOG_DELETED_RESTRICTED)
		return wiki_user_can(ctx->user, "suppressrevision") || wiki_user_can(ctx->user, "viewsuppressed");
	return wiki_user_can(ctx->user, "deletedhistory");
}

/* The SQL of a request: its text and the values bound to its `?`s, in order. */
struct wl_query {
	struct sbuf sql;       /* statement text */
	const char *fmt[16];   /* 't' text / 'i' integer per bound value */
	const char *s[16];     /* text values */
	int64_t i[16];         /* integer values */
	size_t n;              /* bound values */
};

static void bind_t(struct wl_query *q, const char *v)
{
	q->fmt[q->n] = "t";
	q->s[q->n++] = v;
}

static void bind_i(struct wl_query *q, int64_t v)
{
	q->fmt[q->n] = "i";
	q->i[q->n++] = v;
}

/* The conditions of wlshow, which were checked for conflicts and rights before. */
static void add_show_conds(struct api_ctx *ctx, const struct wl_params *p, struct sbuf *sql)
{
	static const struct {
		const char *show; /* wlshow value */
		const char *cond; /* its SQL */
		bool patrol;      /* only applied for users who may patrol */
	} conds[] = {
		{ "minor", " AND rc_minor != 0", false }, { "!minor", " AND rc_minor = 0", false },
		{ "bot", " AND rc_bot != 0", false }, { "!bot", " AND rc_bot = 0", false },
		{ "anon", " AND actor_user IS NULL", false }, { "!anon", " AND actor_user IS NOT NULL", false },
		{ "patrolled", " AND rc_patrolled != 0", true }, { "!patrolled", " AND rc_patrolled = 0", true },
		{ "autopatrolled", " AND rc_patrolled = 2", true }, { "!autopatrolled", " AND rc_patrolled != 2", true },
		{ "unread", " AND rc_timestamp >= wl_notificationtimestamp", false },
		{ "!unread", " AND (wl_notificationtimestamp IS NULL OR rc_timestamp < wl_notificationtimestamp)", false },
	};
	bool may_patrol = wiki_user_can(ctx->user, "patrol") || wiki_user_can(ctx->user, "patrolmarks");
	for (size_t i = 0; i < ARRAY_SIZE(conds); i++)
		if (api_list_has(&p->show, conds[i].show) && (may_patrol || !conds[i].patrol))
			sbuf_adds(sql, conds[i].cond);
}

/* Bind the values of `q` to `st`, in order. */
static void bind_query(struct store_stmt *st, const struct wl_query *q)
{
	for (size_t i = 0; i < q->n; i++) {
		if (q->fmt[i][0] == 't')
			store_bind_text(st, (int)i + 1, q->s[i], STORE_NTS);
		else
			store_bind_int(st, (int)i + 1, q->i[i]);
	}
}

/* Build the query for owner `uid` into `q`. Returns RC_OK or RC_ERR after api_error(). */
static int build_query(struct api_ctx *ctx, const struct wl_params *p, int64_t uid, struct wl_query *q)
{
	bool older = streq(p->dir, "older");
	struct sbuf *sql = &q->sql;
	sbuf_adds(sql, "SELECT rc_id, rc_timestamp, rc_namespace, rc_title, rc_cur_id, rc_this_oldid,"
		       " rc_last_oldid, rc_type, rc_minor, rc_bot, rc_patrolled, rc_old_len, rc_new_len,"
		       " actor_name, COALESCE(actor_user, 0), comment_text, rc_log_type, rc_log_action, rc_logid,"
		       " rc_deleted, rc_params, wl_notificationtimestamp"
		       " FROM recentchanges JOIN watchlist ON wl_namespace = rc_namespace AND wl_title = rc_title"
		       " JOIN actor ON actor_id = rc_actor JOIN comment ON comment_id = rc_comment_id"
		       " LEFT JOIN page ON page_id = rc_cur_id WHERE wl_user = ?");
	bind_i(q, uid);
	if (!p->allrev)
		sbuf_adds(sql, " AND (rc_this_oldid = page_latest OR rc_type = 3)");
	if (p->ns.n) {
		sbuf_adds(sql, " AND wl_namespace IN (");
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
		sbuf_adds(sql, ")");
	}
	query_rc_types_sql(sql, &p->type);
	add_show_conds(ctx, p, sql);
	if (p->start) {
		sbuf_adds(sql, older ? " AND rc_timestamp <= ?" : " AND rc_timestamp >= ?");
		bind_t(q, p->start);
	}
	if (p->end) {
		sbuf_adds(sql, older ? " AND rc_timestamp >= ?" : " AND rc_timestamp <= ?");
		bind_t(q, p->end);
	}
	const char *u = p->user ? p->user : p->excludeuser;
	if (u) {
		long long id = 0;
		if (u[0] == '#' && util_parse_ll(u + 1, &id) == RC_OK) {
			sbuf_adds(sql, p->user ? " AND actor_user = ?" : " AND COALESCE(actor_user, 0) != ?");
			bind_i(q, id);
		} else {
			sbuf_adds(sql, p->user ? " AND actor_name = ?" : " AND actor_name != ?");
			bind_t(q, u);
		}
		/* Filtering by user must not find edits whose user is hidden from the reader (T19342). */
		if (!wiki_user_can(ctx->user, "deletedhistory"))
			sbuf_adds(sql, " AND (rc_deleted & 4) != 4");
		else if (!wiki_user_can(ctx->user, "suppressrevision") && !wiki_user_can(ctx->user, "viewsuppressed"))
			sbuf_adds(sql, " AND (rc_deleted & 12) != 12");
	}
	/* A log entry whose action is hidden also hides its page: leave it out. */
	if (!wiki_user_can(ctx->user, "deletedhistory"))
		sbuf_adds(sql, " AND (rc_type != 3 OR (rc_deleted & 1) != 1)");
	else if (!wiki_user_can(ctx->user, "suppressrevision") && !wiki_user_can(ctx->user, "viewsuppressed"))
		sbuf_adds(sql, " AND (rc_type != 3 OR (rc_deleted & 9) != 9)");
	if (p->cont) {
		/* "timestamp|rcid"; the timestamp may come in any form MediaWiki reads ($db->timestamp()). */
		long long id;
		int64_t t;
		const char *bar = strchr(p->cont, '|');
		if (!bar || strchr(bar + 1, '|') || util_parse_ll(bar + 1, &id) != RC_OK ||
		    ts_parse(arena_strndup(ctx->arena, p->cont, (size_t)(bar - p->cont)), &t) != RC_OK)
			return api_error(ctx, "badcontinue", NULL);
		char *ts = arena_alloc(ctx->arena, 15);
		ts_format_mw(t, ts);
		sbuf_adds(sql, older ? " AND (rc_timestamp < ? OR (rc_timestamp = ? AND rc_id <= ?))"
				     : " AND (rc_timestamp > ? OR (rc_timestamp = ? AND rc_id >= ?))");
		bind_t(q, ts);
		bind_t(q, ts);
		bind_i(q, id);
	}
	sbuf_addf(sql, " ORDER BY rc_timestamp %s, rc_id %s LIMIT %ld", older ? "DESC" : "ASC", older ? "DESC" : "ASC",
		  p->limit + 1);
	return RC_OK;
}

/* Which wlprop values were asked for, one flag per value of the same name. */
struct wl_fields {
	bool ids;       /* pageid, revid, old_revid */
	bool title;     /* ns, title */
	bool flags;     /* bot, new, minor */
	bool user;      /* user name, anon */
	bool userid;    /* user id, anon */
	bool comment;   /* edit summary */
	bool parsed;    /* edit summary as HTML (parsedcomment) */
	bool timestamp; /* time of the change */
	bool patrol;    /* patrolled, unpatrolled, autopatrolled */
	bool sizes;     /* oldlen, newlen */
	bool notif;     /* notificationtimestamp of the watchlist row */
	bool loginfo;   /* logid, logtype, logaction, logparams */
	bool tags;      /* change tags */
	bool expiry;    /* watch expiry: always false here */
	struct query_tags tag_rows; /* with tags: those of every selected change, read in one query */
};

/* One result row as the next item of `w`, in MediaWiki's key order. */
static void add_row(struct api_ctx *ctx, struct store_stmt *st, const struct wl_fields *f, struct api_rows *w)
{
	api_row_begin(w);
	int type = (int)store_col_int(st, 7);
	int64_t del = store_col_int(st, 19);
	bool any_hidden = false;
	api_row_str(w, "type", query_rc_type_name(type));
	if (f->title || f->ids) {
		if (type == 3 && (del & WIKI_LOG_DELETED_ACTION)) {
			api_row_bool(w, "actionhidden", true);
			any_hidden = true;
		}
		if (type != 3 || can_see(ctx, del, WIKI_LOG_DELETED_ACTION)) {
			if (f->title) {
				struct wiki_title t;
				wiki_title_make(ctx->arena, (int)store_col_int(st, 2), store_col_text(st, 3), &t);
				api_row_int(w, "ns", t.ns);
				api_row_str(w, "title", t.prefixed);
			}
			if (f->ids) {
				api_row_int(w, "pageid", store_col_int(st, 4));
				api_row_int(w, "revid", store_col_int(st, 5));
				api_row_int(w, "old_revid", store_col_int(st, 6));
			}
		}
	}
	if (f->user || f->userid) {
		if (del & WIKI_LOG_DELETED_USER) {
			api_row_bool(w, "userhidden", true);
			any_hidden = true;
		}
		if (can_see(ctx, del, WIKI_LOG_DELETED_USER)) {
			int64_t uid = store_col_int(st, 14);
			if (f->userid)
				api_row_int(w, "userid", uid);
			if (f->user)
				api_row_str(w, "user", store_col_text(st, 13));
			else if (f->userid)
				api_row_int(w, "user", uid); /* MediaWiki keeps this for old clients */
			api_row_bool(w, "anon", uid == 0);
		}
	}
	if (f->flags) {
		api_row_bool(w, "bot", store_col_int(st, 9) != 0);
		api_row_bool(w, "new", type == 1);
		api_row_bool(w, "minor", store_col_int(st, 8) != 0);
	}
	if (f->sizes) {
		api_row_int(w, "oldlen", store_col_int(st, 11));
		api_row_int(w, "newlen", store_col_int(st, 12));
	}
	if (f->timestamp)
		api_row_str(w, "timestamp", wiki_timestamp_iso(ctx->arena, store_col_text(st, 1)));
	if (f->notif)
		api_row_str(w, "notificationtimestamp",
			    store_col_is_null(st, 21) ? "" : wiki_timestamp_iso(ctx->arena, store_col_text(st, 21)));
	if (f->comment || f->parsed) {
		if (del & WIKI_LOG_DELETED_COMMENT) {
			api_row_bool(w, "commenthidden", true);
			any_hidden = true;
		}
		if (can_see(ctx, del, WIKI_LOG_DELETED_COMMENT)) {
			const char *text = store_col_text(st, 15);
			if (f->comment)
				api_row_str(w, "comment", text);
			if (f->parsed) {
				struct wiki_title self;
				wiki_title_make(ctx->arena, (int)store_col_int(st, 2), store_col_text(st, 3), &self);
				api_row_str(w, "parsedcomment", wiki_comment_html(ctx->arena, ctx->store, text, &self));
			}
		}
	}
	if (f->patrol) {
		int64_t pv = store_col_int(st, 10);
		api_row_bool(w, "patrolled", pv != 0);
		api_row_bool(w, "unpatrolled", pv == 0);
		api_row_bool(w, "autopatrolled", pv == 2);
	}
	if (f->loginfo && type == 3) {
		if (del & WIKI_LOG_DELETED_ACTION) {
			api_row_bool(w, "actionhidden", true);
			any_hidden = true;
		}
		if (can_see(ctx, del, WIKI_LOG_DELETED_ACTION)) {
			api_row_int(w, "logid", store_col_int(st, 18));
			api_row_str(w, "logtype", store_col_text(st, 16));
			api_row_str(w, "logaction", store_col_text(st, 17));
			log_params_add(ctx, api_row_node(w), "logparams", store_col_text(st, 16), store_col_text(st, 17),
				       store_col_text(st, 1), store_col_text(st, 20), store_col_len(st, 20));
		}
	}
	if (f->tags)
		query_tags_add(api_row_node(w), &f->tag_rows, store_col_int(st, 0));
	if (f->expiry)
		api_row_bool(w, "expiry", false);
	if (any_hidden && (del & WIKI_LOG_DELETED_RESTRICTED))
		api_row_bool(w, "suppressed", true);
	api_row_end(w);
}

static int run(struct api_ctx *ctx, struct wl_params *p, struct api_pageset *gen)
{
	int64_t uid;
	if (query_watchlist_owner(ctx, p->owner, p->token, &uid) != RC_OK)
		return RC_ERR;
	bool may_patrol = wiki_user_can(ctx->user, "patrol") || wiki_user_can(ctx->user, "patrolmarks");
	struct wl_fields f = { 0 };
	if (!gen) {
		const struct api_list *pr = &p->prop;
		f = (struct wl_fields){
			.ids = api_list_has(pr, "ids"), .title = api_list_has(pr, "title"),
			.flags = api_list_has(pr, "flags"), .user = api_list_has(pr, "user"),
			.userid = api_list_has(pr, "userid"), .comment = api_list_has(pr, "comment"),
			.parsed = api_list_has(pr, "parsedcomment"),
			.timestamp = api_list_has(pr, "timestamp"), .patrol = api_list_has(pr, "patrol"),
			.sizes = api_list_has(pr, "sizes"), .notif = api_list_has(pr, "notificationtimestamp"),
			.loginfo = api_list_has(pr, "loginfo"), .tags = api_list_has(pr, "tags"),
			.expiry = api_list_has(pr, "expiry"),
		};
		if (f.patrol && !may_patrol)
			return api_error(ctx, "patrol", "apierror-permissiondenied-patrolflag");
	}
	static const char *const pairs[][2] = { { "minor", "!minor" }, { "bot", "!bot" }, { "anon", "!anon" },
						{ "patrolled", "!patrolled" }, { "autopatrolled", "!autopatrolled" },
						{ "autopatrolled", "!patrolled" }, { "unread", "!unread" } };
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		if (api_list_has(&p->show, pairs[i][0]) && api_list_has(&p->show, pairs[i][1]))
			return api_error(ctx, "show", "apierror-show");
	if ((api_list_has(&p->show, "patrolled") || api_list_has(&p->show, "!patrolled")) && !may_patrol)
		return api_error(ctx, "permissiondenied", "apierror-permissiondenied-patrolflag");
	if (api_require_max_one(ctx, (const char *const[]){ "user", "excludeuser", NULL }) != RC_OK)
		return RC_ERR;

	struct wl_query q = { .n = 0 };
	sbuf_init(&q.sql, 1 << 16);
	if (build_query(ctx, p, uid, &q) != RC_OK) {
		sbuf_release(&q.sql);
		return RC_ERR;
	}
	/* wlprop=tags: the tags of every change the query selects, in one query before it (none per row). */
	if (f.tags) {
		const char *tsql = arena_printf(ctx->arena, "SELECT ct_rc_id, ctd_name FROM change_tag JOIN change_tag_def"
							   " ON ctd_id = ct_tag_id WHERE ct_rc_id IN (SELECT rc_id FROM"
							   " (%s) wl_rows) ORDER BY ct_rc_id, ct_tag_id",
						sbuf_cstr(&q.sql));
		struct store_stmt *ts = store_prepare(ctx->store, tsql);
		if (ts)
			bind_query(ts, &q);
		if (query_tags_read(ctx, ts, &f.tag_rows) != RC_OK) {
			sbuf_release(&q.sql);
			return RC_ERR;
		}
	}
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&q.sql));
	sbuf_release(&q.sql);
	if (!st)
		return api_db_error(ctx);
	bind_query(st, &q);
	struct api_node *list = gen ? NULL : api_add_array(api_query_node(ctx), "watchlist", "item");
	struct api_rows w;
	if (list) {
		api_rows_start(ctx, &w, list);
		api_rows_expect(&w, p->limit);
	}
	long n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%lld", store_col_text(st, 1),
								       (long long)store_col_int(st, 0)));
			break;
		}
		if (gen) {
			/* Log entries without a page give id 0, which MediaWiki reports as missing. */
			if (p->allrev)
				query_pageset_add_revid(ctx, gen, store_col_int(st, 5));
			else
				query_pageset_add_pageid(ctx, gen, store_col_int(st, 4));
			continue;
		}
		add_row(ctx, st, &f, &w);
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	return RC_OK;
}

static int exec_wl(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp, NULL);
}

static int generate_wl(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, out);
}

const struct api_module api_module_list_watchlist = {
	.name = "watchlist",
	.group = API_G_LIST,
	.prefix = "wl",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct wl_params),
	.summary = "List recent changes to the pages on the current user's watchlist.",
	.examples = (const char *const[]){
		"action=query&list=watchlist", "The latest change of each recently changed page on your watchlist.",
		"action=query&list=watchlist&wlallrev=&wlprop=ids|title|timestamp|user|comment",
		"Every recent change to your watched pages, with who made it and why.",
		"action=query&generator=watchlist&prop=info", "Page information for recently changed watched pages.",
		"action=query&list=watchlist&wlowner=Example&wltoken=123ABC",
		"The watchlist of user Example, read with the token Example set.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Watchlist", NULL },
	.exec = exec_wl,
	.generate = generate_wl,
};
