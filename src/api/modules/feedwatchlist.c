/* SPDX-License-Identifier: MIT */
/*
 * feedwatchlist.c — action=feedwatchlist: the changes of the pages on a
 * watchlist (one's own, or another user's with wlowner + wltoken) over
 * the last `hours`, as an RSS or Atom feed. As MediaWiki's
 * ApiFeedWatchlist it reads what list=watchlist would (the latest change
 * per page unless allrev, at most 50) and writes each change as the
 * summary followed by the author in parentheses. Errors met while
 * reading (not logged in, bad owner or token) come back as a feed with
 * one "Error (code)" item, so that feed readers show them.
 */
#include "feed_int.h"
#include "query_int.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

/* $wgFeedLimit: entries per feed. */
#define FEED_LIMIT 50

struct feedwl_params {
	const char *feedformat;     /* rss | atom */
	long hours;                 /* how far back */
	bool linktosections;        /* link to the section an edit summary names */
	bool allrev;                /* every change, not only the latest per page */
	const char *wlowner;        /* whose watchlist (with wltoken) */
	const char *wltoken;        /* the owner's watchlist token */
	struct api_list wlshow;     /* flag filters */
	struct api_list wltype;     /* edit, new, log, external, categorize */
	const char *wlexcludeuser;  /* leave out this user's changes */
};

static const char *const shows[] = { "!anon", "!autopatrolled", "!bot", "!minor", "!patrolled", "!unread", "anon",
				     "autopatrolled", "bot", "minor", "patrolled", "unread", NULL };
static const char *const types[] = { "categorize", "edit", "external", "log", "new", NULL };

static const struct api_param params[] = {
	{ .name = "feedformat", .type = API_T_ENUM, .values = feed_formats, .dflt = "rss",
	  .offset = offsetof(struct feedwl_params, feedformat), .desc = "The format of the feed." },
	{ .name = "hours", .type = API_T_INT, .flags = API_P_HAS_MIN | API_P_HAS_MAX, .dflt = "24", .min = 1, .max = 72,
	  .offset = offsetof(struct feedwl_params, hours), .desc = "List changes of the last this many hours." },
	{ .name = "linktosections", .type = API_T_BOOL, .offset = offsetof(struct feedwl_params, linktosections),
	  .desc = "Link straight to the section a change's summary names, where it names one." },
	{ .name = "allrev", .type = API_T_BOOL, .offset = offsetof(struct feedwl_params, allrev),
	  .desc = "Every change of a page, not only its latest." },
	{ .name = "wlowner", .type = API_T_USER, .user_types = API_USER_NAME,
	  .offset = offsetof(struct feedwl_params, wlowner),
	  .desc = "Read this user's watchlist instead of your own; needs wltoken." },
	{ .name = "wltoken", .type = API_T_STRING, .flags = API_P_SENSITIVE,
	  .offset = offsetof(struct feedwl_params, wltoken), .desc = "The watchlist token the owner set in their preferences." },
	{ .name = "wlshow", .type = API_T_ENUM, .flags = API_P_MULTI, .values = shows,
	  .offset = offsetof(struct feedwl_params, wlshow), .desc = "Only changes meeting these criteria; \"!\" negates." },
	{ .name = "wltype", .type = API_T_ENUM, .flags = API_P_MULTI, .values = types, .dflt = "edit|new|log|categorize",
	  .offset = offsetof(struct feedwl_params, wltype), .desc = "Which types of changes to list." },
	{ .name = "wlexcludeuser", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct feedwl_params, wlexcludeuser), .desc = "Leave out the changes of this user." },
	{ 0 }
};

/* The SQL of each wlshow value (list=watchlist's). */
static const struct {
	const char *show;
	const char *cond;
} show_conds[] = {
	{ "minor", " AND rc_minor != 0" }, { "!minor", " AND rc_minor = 0" },
	{ "bot", " AND rc_bot != 0" }, { "!bot", " AND rc_bot = 0" },
	{ "anon", " AND actor_user IS NULL" }, { "!anon", " AND actor_user IS NOT NULL" },
	{ "patrolled", " AND rc_patrolled != 0" }, { "!patrolled", " AND rc_patrolled = 0" },
	{ "autopatrolled", " AND rc_patrolled = 2" }, { "!autopatrolled", " AND rc_patrolled != 2" },
	{ "unread", " AND wl_notificationtimestamp IS NOT NULL AND rc_timestamp >= wl_notificationtimestamp" },
	{ "!unread", " AND (wl_notificationtimestamp IS NULL OR rc_timestamp < wl_notificationtimestamp)" },
};

/* The section an edit summary names ("/ * Section * / ..."), or NULL. Arena string. */
static const char *summary_section(struct api_ctx *ctx, const char *comment)
{
	const char *a = comment ? strstr(comment, "/*") : NULL;
	const char *b = a ? strstr(a + 2, "*/") : NULL;
	if (!b)
		return NULL;
	a += 2;
	while (a < b && *a == ' ')
		a++;
	while (b > a && b[-1] == ' ')
		b--;
	return b > a ? arena_strndup(ctx->arena, a, (size_t)(b - a)) : NULL;
}

static int read_feed(struct api_ctx *ctx, const struct feedwl_params *p, struct feed *f)
{
	int64_t uid = 0;
	if (query_watchlist_owner(ctx, p->wlowner, p->wltoken, &uid) != RC_OK)
		return RC_ERR;
	static const char *const pairs[][2] = { { "minor", "!minor" }, { "bot", "!bot" }, { "anon", "!anon" },
						{ "patrolled", "!patrolled" }, { "autopatrolled", "!autopatrolled" },
						{ "unread", "!unread" } };
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		if (api_list_has(&p->wlshow, pairs[i][0]) && api_list_has(&p->wlshow, pairs[i][1]))
			return api_error(ctx, "show", "apierror-show");
	if ((api_list_has(&p->wlshow, "patrolled") || api_list_has(&p->wlshow, "!patrolled") ||
	     api_list_has(&p->wlshow, "autopatrolled") || api_list_has(&p->wlshow, "!autopatrolled")) &&
	    !wiki_user_can(ctx->user, "patrol") && !wiki_user_can(ctx->user, "patrolmarks"))
		return api_error(ctx, "permissiondenied", "apierror-permissiondenied-patrolflag");

	char since[15];
	ts_format_mw(util_now() - (int64_t)p->hours * 3600, since);
	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_adds(&sql, "SELECT rc_namespace, rc_title, rc_this_oldid, rc_timestamp, actor_name, comment_text, rc_deleted"
			" FROM recentchanges JOIN watchlist ON wl_namespace = rc_namespace AND wl_title = rc_title"
			" JOIN actor ON actor_id = rc_actor JOIN comment ON comment_id = rc_comment_id"
			" LEFT JOIN page ON page_id = rc_cur_id WHERE wl_user = ? AND rc_timestamp >= ?");
	if (!p->allrev)
		sbuf_addf(&sql, " AND (rc_this_oldid = page_latest OR rc_type = %d)", FEED_RC_LOG);
	query_rc_types_sql(&sql, &p->wltype);
	for (size_t i = 0; i < ARRAY_SIZE(show_conds); i++)
		if (api_list_has(&p->wlshow, show_conds[i].show))
			sbuf_adds(&sql, show_conds[i].cond);
	long long xid = 0;
	bool x_by_id = p->wlexcludeuser && p->wlexcludeuser[0] == '#' &&
		       util_parse_ll(p->wlexcludeuser + 1, &xid) == RC_OK;
	if (p->wlexcludeuser)
		sbuf_adds(&sql, x_by_id ? " AND COALESCE(actor_user, 0) != ?" : " AND actor_name != ?");
	/* A log entry whose action is hidden also hides its page. */
	if (!wiki_user_can(ctx->user, "deletedhistory"))
		sbuf_addf(&sql, " AND (rc_type != %d OR (rc_deleted & 1) != 1)", FEED_RC_LOG);
	sbuf_addf(&sql, " ORDER BY rc_timestamp DESC, rc_id DESC LIMIT %d", FEED_LIMIT);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	store_bind_int(st, 1, uid);
	store_bind_text(st, 2, since, STORE_NTS);
	if (p->wlexcludeuser) {
		if (x_by_id)
			store_bind_int(st, 3, xid);
		else
			store_bind_text(st, 3, p->wlexcludeuser, STORE_NTS);
	}

	f->items = arena_calloc(ctx->arena, FEED_LIMIT + 1, sizeof(struct feed_item));
	int rc;
	while ((rc = store_step(st)) == STORE_ROW && f->n_items < FEED_LIMIT) {
		struct feed_item *it = &f->items[f->n_items++];
		int ns = (int)store_col_int(st, 0);
		const char *dbkey = store_col_dup(st, ctx->arena, 1);
		int64_t revid = store_col_int(st, 2);
		int deleted = (int)store_col_int(st, 6);
		const char *comment = deleted & WIKI_REV_DELETED_COMMENT ? "" : store_col_dup(st, ctx->arena, 5);
		const char *user = deleted & WIKI_REV_DELETED_USER ? "" : store_col_dup(st, ctx->arena, 4);
		struct wiki_title t;
		wiki_title_make(ctx->arena, ns, dbkey, &t);
		it->title = t.prefixed;
		it->url = feed_page_url(ctx, ns, dbkey, revid ? arena_printf(ctx->arena, "diff=%lld", (long long)revid)
							    : NULL);
		const char *section = p->linktosections ? summary_section(ctx, comment) : NULL;
		if (section) {
			/* The anchor as the title's own URL encodes it. */
			t.fragment = section;
			const char *with = wiki_title_url(ctx->arena, &t);
			const char *hash = strchr(with, '#');
			if (hash)
				it->url = arena_printf(ctx->arena, "%s%s", it->url, hash);
		}
		it->ts = store_col_dup(st, ctx->arena, 3);
		it->author = user;
		it->description = arena_printf(ctx->arena, "%s (%s)", comment, user);
	}
	store_stmt_done(st);
	if (rc != STORE_DONE && rc != STORE_ROW)
		return api_db_error(ctx);
	return RC_OK;
}

static int exec_feedwl(struct api_ctx *ctx, void *vp)
{
	struct feedwl_params *p = vp;
	const char *what = api_msg(ctx, "feed-watchlist-title", NULL);
	const char *page = feed_page_url(ctx, WIKI_NS_SPECIAL, "Watchlist", NULL);
	struct feed f = { .format = p->feedformat, .is_private = true };
	if (read_feed(ctx, p, &f) != RC_OK)
		return feed_send_error(ctx, p->feedformat, what, page, true);
	f.title = feed_title(ctx, what, " ");
	f.description = what;
	f.url = page;
	feed_send(ctx, &f);
	return RC_OK;
}

const struct api_module api_module_feedwatchlist = {
	.name = "feedwatchlist",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_RAW_OUTPUT | API_M_FEED,
	.params = params,
	.params_size = sizeof(struct feedwl_params),
	.summary = "Return a feed of the changes to the pages on a watchlist.",
	.help = "Without wlowner it is the watchlist of the logged-in user; feed readers that cannot log in use "
		"wlowner with the owner's watchlist token.",
	.examples = (const char *const[]){
		"action=feedwatchlist", "The changes of the last day on your watchlist.",
		"action=feedwatchlist&allrev=&hours=6", "Every change of the last six hours on your watchlist.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Watchlist_feed",
					   NULL },
	.exec = exec_feedwl,
};
