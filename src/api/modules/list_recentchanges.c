/* SPDX-License-Identifier: MIT */
/*
 * list_recentchanges.c — list=recentchanges: the recentchanges table,
 * newest first by default, in one indexed query with LIMIT n+1 (the extra
 * row tells whether to continue). Continuation is "timestamp|rcid", as in
 * MediaWiki, so a client resuming never skips or repeats a row.
 *
 * As a generator it yields the changed pages, or with generaterevisions
 * the revisions; its first row pins the batch for prop modules that are
 * still continuing ("non-continue" parameter), since new changes keep
 * arriving at the top. rcslot keeps only changes that touched that
 * slot's content.
 */
#include "log_int.h"
#include "query_int.h"

#include <stddef.h>
#include <stdio.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

struct rc_params {
	const char *start;       /* 14-digit timestamp to start from */
	const char *end;         /* 14-digit timestamp to stop at */
	const char *dir;         /* newer | older */
	struct api_list ns;      /* namespaces */
	const char *user;        /* only this user */
	const char *excludeuser; /* not this user */
	const char *tag;         /* only changes with this tag */
	struct api_list prop;    /* what to show */
	struct api_list show;    /* flag filters */
	long limit;              /* rows per batch */
	struct api_list type;    /* edit, new, log, external, categorize */
	bool toponly;            /* only the latest revision of each page */
	const char *title;       /* only this page */
	const char *cont;        /* "timestamp|rcid" */
	bool generaterevisions;  /* as generator: revisions instead of pages */
	const char *slot;        /* only changes touching this slot role */
};

static const char *const props[] = { "comment", "flags", "ids", "loginfo", "parsedcomment", "patrolled", "redirect",
				     "sha1", "sizes", "tags", "timestamp", "title", "user", "userid", NULL };
static const char *const shows[] = { "!anon", "!autopatrolled", "!bot", "!minor", "!patrolled", "!redirect",
				     "anon", "autopatrolled", "bot", "minor", "patrolled", "redirect",
				     "unpatrolled", NULL };
static const char *const types[] = { "categorize", "edit", "external", "log", "new", NULL };

static const struct api_param params[] = {
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct rc_params, start),
	  .desc = "List changes from this time on." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct rc_params, end),
	  .desc = "List changes up to this time." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older",
	  .values = (const char *const[]){ "newer", "older", NULL }, .offset = offsetof(struct rc_params, dir),
	  .desc = "Direction: \"older\" lists newest first (start later than end), \"newer\" oldest first." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL | API_P_EXTRA_NS,
	  .offset = offsetof(struct rc_params, ns), .desc = "Only changes in these namespaces." },
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct rc_params, user), .desc = "Only changes by this user." },
	{ .name = "excludeuser", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct rc_params, excludeuser), .desc = "Leave out changes by this user." },
	{ .name = "tag", .type = API_T_STRING, .offset = offsetof(struct rc_params, tag),
	  .desc = "Only changes tagged with this tag." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = props, .dflt = "title|timestamp|ids",
	  .offset = offsetof(struct rc_params, prop), .desc = "Which properties to include." },
	{ .name = "show", .type = API_T_ENUM, .flags = API_P_MULTI, .values = shows,
	  .offset = offsetof(struct rc_params, show),
	  .desc = "Only changes meeting these criteria; \"!\" negates." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct rc_params, limit), .desc = "How many changes to return." },
	{ .name = "type", .type = API_T_ENUM, .flags = API_P_MULTI, .values = types,
	  .dflt = "edit|new|log|categorize", .offset = offsetof(struct rc_params, type),
	  .desc = "Which types of changes to list." },
	{ .name = "toponly", .type = API_T_BOOL, .offset = offsetof(struct rc_params, toponly),
	  .desc = "Only changes that are the latest revision of their page." },
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct rc_params, title),
	  .desc = "Only changes to this page." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct rc_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "generaterevisions", .type = API_T_BOOL, .offset = offsetof(struct rc_params, generaterevisions),
	  .desc = "As a generator, produce revision IDs instead of page titles. Changes without a revision "
		  "(log entries) then produce nothing." },
	{ .name = "slot", .type = API_T_ENUM, .values = (const char *const[]){ "main", NULL },
	  .offset = offsetof(struct rc_params, slot),
	  .desc = "Only changes that touched the content of this slot; implies rctype edit or new." },
	{ 0 }
};

static bool show_has(const struct rc_params *p, const char *v)
{
	return api_list_has(&p->show, v);
}

/*
 * List (into `list`) or generate (into `out`) the changes. Exactly one of
 * `list` and `out` is set.
 */
/*
 * May the user see the part of a change hidden by bit `bit` of its
 * rc_deleted `del` (RevisionRecord::userCanBitfield(): suppressed parts
 * need suppressrevision or viewsuppressed, hidden text deletedtext, the
 * rest deletedhistory; log actions count as text only for revisions)?
 */
static bool can_see(struct api_ctx *ctx, int del, int bit)
{
	if (!(del & bit))
		return true;
	if (del & WIKI_LOG_DELETED_RESTRICTED)
		return wiki_user_can(ctx->user, "suppressrevision") || wiki_user_can(ctx->user, "viewsuppressed");
	return wiki_user_can(ctx->user, "deletedhistory");
}

/* The same for a revision's text (sha1), which needs deletedtext. */
static bool can_see_text(struct api_ctx *ctx, int del)
{
	if (!(del & WIKI_LOG_DELETED_ACTION) || (del & WIKI_LOG_DELETED_RESTRICTED))
		return can_see(ctx, del, WIKI_LOG_DELETED_ACTION);
	return wiki_user_can(ctx->user, "deletedtext");
}

/* Columns of the list query: the integers, then the texts (see run()). */
enum rc_col {
	C_ID,        /* rc_id */
	C_NS,        /* rc_namespace */
	C_CUR,       /* rc_cur_id */
	C_THIS,      /* rc_this_oldid */
	C_LAST,      /* rc_last_oldid */
	C_TYPE,      /* rc_type */
	C_MINOR,     /* rc_minor */
	C_BOT,       /* rc_bot */
	C_NEW,       /* rc_new */
	C_PATROLLED, /* rc_patrolled */
	C_OLDLEN,    /* rc_old_len */
	C_NEWLEN,    /* rc_new_len */
	C_ACTOR,     /* rc_actor */
	C_COMMENT,   /* rc_comment_id */
	C_DELETED,   /* rc_deleted */
	C_N_INTS,    /* integer columns before the texts */
	C_TS = C_N_INTS, /* rc_timestamp */
	C_TITLE,     /* rc_title; the optional columns follow */
};

/* Bind the `n` values of the query to `st`: bind_fmt[i] "t" for the text bind_s[i], "i" for the integer bind_i[i]. */
static void bind_all(struct store_stmt *st, const char *const *bind_fmt, const char *const *bind_s,
		     const int64_t *bind_i, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (bind_fmt[i][0] == 't')
			store_bind_text(st, (int)i + 1, bind_s[i], STORE_NTS);
		else
			store_bind_int(st, (int)i + 1, bind_i[i]);
	}
}

static int run(struct api_ctx *ctx, struct rc_params *p, struct api_node *list, struct api_pageset *out)
{
	bool older = streq(p->dir, "older");
	/* MediaWiki's order of checks: the continuation, the title, then show, user and prop. */
	char cont_ts[15];
	long long cont_id = 0;
	if (p->cont) {
		/* "timestamp|rcid"; the timestamp may come in any form MediaWiki reads ($db->timestamp()). */
		const char *bar = strchr(p->cont, '|');
		int64_t t;
		if (!bar || strchr(bar + 1, '|') || util_parse_ll(bar + 1, &cont_id) != RC_OK ||
		    ts_parse(arena_strndup(ctx->arena, p->cont, (size_t)(bar - p->cont)), &t) != RC_OK)
			return api_error(ctx, "badcontinue", NULL);
		ts_format_mw(t, cont_ts);
	}
	struct wiki_title t;
	if (p->title) {
		const char *err;
		if (wiki_title_parse(ctx->arena, p->title, 0, &t, &err) != RC_OK)
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->title));
	}
	/* Contradictory show filters, as MediaWiki refuses them. */
	static const char *const pairs[][2] = { { "minor", "!minor" }, { "bot", "!bot" }, { "anon", "!anon" },
						{ "redirect", "!redirect" }, { "patrolled", "!patrolled" },
						{ "patrolled", "unpatrolled" },
						{ "autopatrolled", "!autopatrolled" } };
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		if (show_has(p, pairs[i][0]) && show_has(p, pairs[i][1]))
			return api_error(ctx, "show", "apierror-show");
	bool may_patrol = wiki_user_can(ctx->user, "patrol") || wiki_user_can(ctx->user, "patrolmarks");
	if ((show_has(p, "patrolled") || show_has(p, "!patrolled") || show_has(p, "unpatrolled") ||
	     show_has(p, "autopatrolled") || show_has(p, "!autopatrolled")) && !may_patrol)
		return api_error(ctx, "permissiondenied", "apierror-permissiondenied-patrolflag");
	if (api_require_max_one(ctx, (const char *const[]){ "user", "excludeuser", NULL }) != RC_OK)
		return RC_ERR;
	if (api_list_has(&p->prop, "patrolled") && !may_patrol)
		return api_error(ctx, "permissiondenied", "apierror-permissiondenied-patrolflag");

	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	/* The page and revision rows are read only when something needs them (one lookup per row each). */
	bool need_page = api_list_has(&p->prop, "redirect") || p->toponly || show_has(p, "redirect") ||
			 show_has(p, "!redirect");
	bool need_rev = api_list_has(&p->prop, "sha1");
	bool need_log = api_list_has(&p->prop, "loginfo");
	/*
	 * Actor names and comment texts come from the connection's cache
	 * (store_actor_get(), store_comment_get()): the actor table is joined
	 * only to filter by user. Without loginfo or sha1 every column is in
	 * the rc_timestamp index.
	 */
	bool need_actor = p->user || p->excludeuser || show_has(p, "anon") || show_has(p, "!anon");
	/*
	 * The integer columns first (enum rc_col), then the texts, read with
	 * one store_col_row(); then what was asked for. rc_patrolled is read
	 * only for rcprop=patrolled (a constant costs SQLite less than a column).
	 */
	sbuf_addf(&sql, "SELECT rc_id, rc_namespace, rc_cur_id, rc_this_oldid, rc_last_oldid, rc_type, rc_minor, rc_bot,"
			" rc_new, %s, rc_old_len, rc_new_len, rc_actor, rc_comment_id, rc_deleted, rc_timestamp, rc_title",
		  api_list_has(&p->prop, "patrolled") ? "rc_patrolled" : "0");
	int c_log = -1, c_redirect = -1, c_sha1 = -1, next = C_TITLE + 1;
	if (need_log) {
		sbuf_adds(&sql, ", rc_logid, rc_log_type, rc_log_action, rc_params");
		c_log = next;
		next += 4;
	}
	if (need_page) {
		sbuf_adds(&sql, ", page_is_redirect");
		c_redirect = next++;
	}
	if (need_rev) {
		sbuf_adds(&sql, ", rev_sha1");
		c_sha1 = next++;
	}
	/* Where the query's FROM starts: rcprop=tags selects the same rows' tags with it. */
	size_t from_at = sql.len;
	sbuf_addf(&sql, " FROM recentchanges%s%s%s WHERE 1 = 1",
		  need_actor ? " JOIN actor ON actor_id = rc_actor" : "",
		  need_page ? " LEFT JOIN page ON page_id = rc_cur_id" : "",
		  need_rev ? " LEFT JOIN revision ON rev_id = rc_this_oldid" : "");
	/* Bound values in order: 't' text, 'i' integer. */
	const char *bind_fmt[16];
	const char *bind_s[16];
	int64_t bind_i[16];
	size_t nb = 0;
#define BIND_T(v) (bind_fmt[nb] = "t", bind_s[nb] = (v), nb++)
#define BIND_I(v) (bind_fmt[nb] = "i", bind_i[nb] = (v), nb++)
	const char *lo = older ? p->end : p->start, *hi = older ? p->start : p->end;
	if (lo) {
		sbuf_adds(&sql, " AND rc_timestamp >= ?");
		BIND_T(lo);
	}
	if (hi) {
		sbuf_adds(&sql, " AND rc_timestamp <= ?");
		BIND_T(hi);
	}
	if (p->cont) {
		sbuf_addf(&sql, older ? " AND (rc_timestamp < ? OR (rc_timestamp = ? AND rc_id <= ?))"
				      : " AND (rc_timestamp > ? OR (rc_timestamp = ? AND rc_id >= ?))");
		const char *ts = arena_strdup(ctx->arena, cont_ts);
		BIND_T(ts);
		BIND_T(ts);
		BIND_I(cont_id);
	}
	if (p->ns.n) {
		sbuf_adds(&sql, " AND rc_namespace IN (");
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
		sbuf_adds(&sql, ")");
	}
	query_rc_types_sql(&sql, &p->type);
	if (p->slot) {
		/*
		 * Changes whose revision brought new content to the slot, or
		 * whose content differs from the parent's (a revert); this also
		 * leaves out log rows, which have no revision.
		 */
		sbuf_adds(&sql, " AND rc_type IN (0, 1) AND EXISTS (SELECT 1 FROM slots s"
				" JOIN slot_roles ON role_id = s.slot_role_id AND role_name = ?"
				" LEFT JOIN slots ps ON ps.slot_revision_id = rc_last_oldid AND ps.slot_role_id = s.slot_role_id"
				" WHERE s.slot_revision_id = rc_this_oldid AND (s.slot_origin = s.slot_revision_id"
				" OR ps.slot_content_id IS NULL OR ps.slot_content_id != s.slot_content_id))");
		BIND_T(p->slot);
	}
	if (p->user || p->excludeuser) {
		const char *u = p->user ? p->user : p->excludeuser;
		if (u[0] == '#') {
			long long id = 0;
			util_parse_ll(u + 1, &id);
			sbuf_adds(&sql, p->user ? " AND actor_user = ?" : " AND COALESCE(actor_user, 0) != ?");
			BIND_I(id);
		} else {
			sbuf_adds(&sql, p->user ? " AND actor_name = ?" : " AND actor_name != ?");
			BIND_T(u);
		}
	}
	if (p->tag) {
		sbuf_adds(&sql, " AND rc_id IN (SELECT ct_rc_id FROM change_tag JOIN change_tag_def"
				" ON ctd_id = ct_tag_id WHERE ctd_name = ?)");
		BIND_T(p->tag);
	}
	if (p->toponly)
		sbuf_adds(&sql, " AND rc_this_oldid = page_latest");
	if (p->title) {
		sbuf_adds(&sql, " AND rc_namespace = ? AND rc_title = ?");
		BIND_I(t.ns);
		BIND_T(t.dbkey);
	}
	static const struct {
		const char *show;
		const char *cond;
	} conds[] = {
		{ "minor", " AND rc_minor != 0" }, { "!minor", " AND rc_minor = 0" },
		{ "bot", " AND rc_bot != 0" }, { "!bot", " AND rc_bot = 0" },
		{ "anon", " AND actor_user IS NULL" }, { "!anon", " AND actor_user IS NOT NULL" },
		{ "redirect", " AND page_is_redirect = 1" },
		{ "!redirect", " AND (page_is_redirect = 0 OR page_is_redirect IS NULL)" },
		{ "patrolled", " AND rc_patrolled != 0" }, { "!patrolled", " AND rc_patrolled = 0" },
		{ "unpatrolled", " AND rc_patrolled = 0" }, { "autopatrolled", " AND rc_patrolled = 2" },
		{ "!autopatrolled", " AND rc_patrolled != 2" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(conds); i++)
		if (show_has(p, conds[i].show))
			sbuf_adds(&sql, conds[i].cond);
	sbuf_addf(&sql, " ORDER BY rc_timestamp %s, rc_id %s LIMIT %ld", older ? "DESC" : "ASC",
		  older ? "DESC" : "ASC", p->limit + 1);
#undef BIND_T
#undef BIND_I

	/* rcprop=tags: the tags of every row the query selects, in one query before it (no query per row). */
	struct query_tags tags = { 0 };
	if (list && api_list_has(&p->prop, "tags")) {
		struct sbuf tsql;
		sbuf_init(&tsql, 1 << 16);
		sbuf_addf(&tsql, "SELECT ct_rc_id, ctd_name FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				 " WHERE ct_rc_id IN (SELECT rc_id%s) ORDER BY ct_rc_id, ct_tag_id",
			  sbuf_cstr(&sql) + from_at);
		struct store_stmt *ts = store_prepare(ctx->store, sbuf_cstr(&tsql));
		sbuf_release(&tsql);
		bind_all(ts, bind_fmt, bind_s, bind_i, nb);
		if (query_tags_read(ctx, ts, &tags) != RC_OK) {
			sbuf_release(&sql);
			return RC_ERR;
		}
	}

	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	bind_all(st, bind_fmt, bind_s, bind_i, nb);

	bool f_user = api_list_has(&p->prop, "user"), f_userid = api_list_has(&p->prop, "userid");
	bool f_comment = api_list_has(&p->prop, "comment"), f_flags = api_list_has(&p->prop, "flags");
	bool f_ts = api_list_has(&p->prop, "timestamp"), f_title = api_list_has(&p->prop, "title");
	bool f_ids = api_list_has(&p->prop, "ids"), f_sizes = api_list_has(&p->prop, "sizes");
	bool f_redirect = api_list_has(&p->prop, "redirect"), f_patrolled = api_list_has(&p->prop, "patrolled");
	bool f_loginfo = api_list_has(&p->prop, "loginfo"), f_tags = api_list_has(&p->prop, "tags");
	bool f_sha1 = api_list_has(&p->prop, "sha1"), f_parsed = api_list_has(&p->prop, "parsedcomment");

	/* The items go straight into the output text when the format allows (api_rows). */
	struct api_rows w = { 0 };
	if (list) {
		api_rows_start(ctx, &w, list);
		api_rows_expect(&w, p->limit);
	}
	long n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t v[C_N_INTS];
		const char *texts[2];
		store_col_row(st, C_N_INTS, v, 2, texts);
		int64_t rcid = v[C_ID];
		const char *ts = texts[C_TS - C_N_INTS], *dbkey = texts[C_TITLE - C_N_INTS];
		if (out && n == 0)
			api_continue_set_base(ctx, "continue", arena_printf(ctx->arena, "%s|%lld", ts, (long long)rcid));
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%lld", ts, (long long)rcid));
			break;
		}
		if (out) {
			if (!p->generaterevisions)
				query_pageset_add_title(ctx, out, (int)v[C_NS], dbkey);
			else if (v[C_THIS] > 0)
				query_pageset_add_revid(ctx, out, v[C_THIS]);
			continue;
		}
		int type = (int)v[C_TYPE];
		api_row_begin(&w);
		api_row_str(&w, "type", query_rc_type_name(type));
		if (f_title) {
			int ns = (int)v[C_NS];
			api_row_int(&w, "ns", ns);
			api_row_title(&w, "title", ns, dbkey);
		}
		if (f_ids) {
			api_row_int(&w, "pageid", v[C_CUR]);
			api_row_int(&w, "revid", v[C_THIS]);
			api_row_int(&w, "old_revid", v[C_LAST]);
			api_row_int(&w, "rcid", rcid);
		}
		/* Parts hidden by revision deletion (rc_deleted) show only as flags to those without the right. */
		int del = (int)v[C_DELETED];
		bool any_hidden = false;
		if ((f_user || f_userid) && (del & WIKI_LOG_DELETED_USER)) {
			api_row_bool(&w, "userhidden", true);
			any_hidden = true;
		}
		bool see_user = can_see(ctx, del, WIKI_LOG_DELETED_USER);
		if ((f_user || f_userid) && see_user) {
			const char *uname = "";
			int64_t uid = 0;
			if (store_actor_get(ctx->store, v[C_ACTOR], &uname, &uid) == RC_ERR) {
				rc = RC_ERR;
				break;
			}
			if (f_user) {
				api_row_str(&w, "user", uname);
				if (!uid)
					api_row_bool(&w, "anon", true);
			}
			if (f_userid)
				api_row_int(&w, "userid", uid);
		}
		if (f_flags) {
			api_row_bool(&w, "bot", v[C_BOT] != 0);
			api_row_bool(&w, "new", v[C_NEW] != 0);
			api_row_bool(&w, "minor", v[C_MINOR] != 0);
		}
		if (f_sizes) {
			api_row_int(&w, "oldlen", v[C_OLDLEN]);
			api_row_int(&w, "newlen", v[C_NEWLEN]);
		}
		if (f_ts)
			api_row_timestamp(&w, "timestamp", ts);
		if ((f_comment || f_parsed) && (del & WIKI_LOG_DELETED_COMMENT)) {
			api_row_bool(&w, "commenthidden", true);
			any_hidden = true;
		}
		bool see_comment = can_see(ctx, del, WIKI_LOG_DELETED_COMMENT);
		if ((f_comment || f_parsed) && see_comment) {
			const char *comment = "";
			size_t clen = 0;
			if (store_comment_get(ctx->store, v[C_COMMENT], &comment, &clen) == RC_ERR) {
				rc = RC_ERR;
				break;
			}
			if (f_comment)
				api_row_strn(&w, "comment", comment, clen);
			if (f_parsed) {
				struct wiki_title self;
				wiki_title_make(ctx->arena, (int)v[C_NS], dbkey, &self);
				api_row_str(&w, "parsedcomment", wiki_comment_html(ctx->arena, ctx->store, comment, &self));
			}
		}
		if (f_redirect)
			api_row_bool(&w, "redirect", store_col_int(st, c_redirect) != 0);
		if (f_patrolled) {
			int64_t pv = v[C_PATROLLED];
			api_row_bool(&w, "patrolled", pv != 0);
			api_row_bool(&w, "unpatrolled", pv == 0);
			api_row_bool(&w, "autopatrolled", pv == 2);
		}
		if (f_loginfo && type == 3) {
			if (del & WIKI_LOG_DELETED_ACTION) {
				api_row_bool(&w, "actionhidden", true);
				any_hidden = true;
			}
			if (can_see(ctx, del, WIKI_LOG_DELETED_ACTION)) {
				api_row_int(&w, "logid", store_col_int(st, c_log));
				api_row_str(&w, "logtype", store_col_text(st, c_log + 1));
				api_row_str(&w, "logaction", store_col_text(st, c_log + 2));
				log_params_add(ctx, api_row_node(&w), "logparams", store_col_text(st, c_log + 1),
					       store_col_text(st, c_log + 2), ts,
					       store_col_text(st, c_log + 3), store_col_len(st, c_log + 3));
			}
		}
		if (f_sha1 && type < 2) {
			if (del & WIKI_LOG_DELETED_ACTION) {
				api_row_bool(&w, "sha1hidden", true);
				any_hidden = true;
			}
			if (can_see_text(ctx, del)) {
				const char *b36 = store_col_text(st, c_sha1);
				char hex[41];
				query_sha1_b36_to_hex(b36 ? b36 : "", hex);
				api_row_str(&w, "sha1", hex);
			}
		}
		if (any_hidden && (del & WIKI_LOG_DELETED_RESTRICTED))
			api_row_bool(&w, "suppressed", true);
		if (f_tags)
			query_tags_add(api_row_node(&w), &tags, rcid);
		api_row_end(&w);
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	return RC_OK;
}

static int exec_rc(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp, api_add_array(api_query_node(ctx), "recentchanges", "rc"), NULL);
}

static int generate_rc(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, NULL, out);
}

const struct api_module api_module_list_recentchanges = {
	.name = "recentchanges",
	.group = API_G_LIST,
	.prefix = "rc",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct rc_params),
	.summary = "List recent changes to the wiki.",
	.examples = (const char *const[]){
		"action=query&list=recentchanges", "List the latest changes.",
		"action=query&list=recentchanges&rcprop=title|ids|sizes|flags|user&rcshow=!bot",
		"List changes not made by bots, with sizes and flags.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Recentchanges", NULL },
	.exec = exec_rc,
	.generate = generate_rc,
};
