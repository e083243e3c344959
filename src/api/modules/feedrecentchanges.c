/* SPDX-License-Identifier: MIT */
/*
 * feedrecentchanges.c — action=feedrecentchanges: Special:RecentChanges
 * (or, with target, Special:RecentChangesLinked) as an RSS or Atom feed,
 * as MediaWiki's ApiFeedRecentChanges and ChangesFeed build it:
 *   - the rows are those of the special page with the same filters
 *     (days, from, namespace with invert/associated, hide*, tagfilter),
 *     newest first, at most `limit` (50);
 *   - ChangesFeed::buildItems() then folds a run of edits of one page by
 *     one user into the newest of them, whose diff then starts at the
 *     oldest one's parent; external changes are left out;
 *   - every entry carries the summary and the diff (feed.c).
 */
#include "feed_int.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

/* $wgRCMaxAge: recent changes are kept 90 days, so "days" goes no further back. */
#define RC_MAX_DAYS 90

struct feedrc_params {
	const char *feedformat;  /* rss | atom */
	long ns;                 /* namespace (when given) */
	bool invert;             /* every namespace but ns */
	bool associated;         /* ns together with its talk/subject namespace */
	long days;               /* how far back */
	long limit;              /* rows */
	const char *from;        /* only changes since this 14-digit timestamp */
	bool hideminor;          /* no minor edits */
	bool hidebots;           /* no bot edits */
	bool hideanons;          /* no edits by IP addresses */
	bool hideliu;            /* no edits by accounts */
	bool hidepatrolled;      /* no patrolled edits */
	bool hidemyself;         /* none by the current user */
	bool hidecategorization; /* no category membership changes */
	const char *tagfilter;   /* only changes with one of these tags ("|"-separated) */
	const char *target;      /* related changes of this page */
	bool showlinkedto;       /* pages linking to target instead of linked from it */
};

static const struct api_param params[] = {
	{ .name = "feedformat", .type = API_T_ENUM, .values = feed_formats, .dflt = "rss",
	  .offset = offsetof(struct feedrc_params, feedformat), .desc = "The format of the feed." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .offset = offsetof(struct feedrc_params, ns),
	  .desc = "Only changes in this namespace." },
	{ .name = "invert", .type = API_T_BOOL, .offset = offsetof(struct feedrc_params, invert),
	  .desc = "All namespaces but the one given." },
	{ .name = "associated", .type = API_T_BOOL, .offset = offsetof(struct feedrc_params, associated),
	  .desc = "Include the associated (talk or subject) namespace too." },
	{ .name = "days", .type = API_T_INT, .flags = API_P_HAS_MIN, .dflt = "7", .min = 1,
	  .offset = offsetof(struct feedrc_params, days),
	  .desc = "How many days back the feed reaches." },
	{ .name = "limit", .type = API_T_INT, .flags = API_P_HAS_MIN | API_P_HAS_MAX, .dflt = "50", .min = 1, .max = 50,
	  .offset = offsetof(struct feedrc_params, limit), .desc = "The most entries to return." },
	{ .name = "from", .type = API_T_TIMESTAMP, .offset = offsetof(struct feedrc_params, from),
	  .desc = "Only changes made since this time." },
	{ .name = "hideminor", .type = API_T_BOOL, .offset = offsetof(struct feedrc_params, hideminor),
	  .desc = "Leave out minor edits." },
	{ .name = "hidebots", .type = API_T_BOOL, .offset = offsetof(struct feedrc_params, hidebots),
	  .desc = "Leave out changes made by bots." },
	{ .name = "hideanons", .type = API_T_BOOL, .offset = offsetof(struct feedrc_params, hideanons),
	  .desc = "Leave out changes made by anonymous users." },
	{ .name = "hideliu", .type = API_T_BOOL, .offset = offsetof(struct feedrc_params, hideliu),
	  .desc = "Leave out changes made by registered users." },
	{ .name = "hidepatrolled", .type = API_T_BOOL, .offset = offsetof(struct feedrc_params, hidepatrolled),
	  .desc = "Leave out patrolled changes." },
	{ .name = "hidemyself", .type = API_T_BOOL, .offset = offsetof(struct feedrc_params, hidemyself),
	  .desc = "Leave out changes made by the current user." },
	{ .name = "hidecategorization", .type = API_T_BOOL,
	  .offset = offsetof(struct feedrc_params, hidecategorization),
	  .desc = "Leave out changes of category membership." },
	{ .name = "tagfilter", .type = API_T_STRING, .offset = offsetof(struct feedrc_params, tagfilter),
	  .desc = "Only changes with this tag (several separated by \"|\")." },
	{ .name = "target", .type = API_T_STRING, .offset = offsetof(struct feedrc_params, target),
	  .desc = "Only changes of the pages linked from this page." },
	{ .name = "showlinkedto", .type = API_T_BOOL, .offset = offsetof(struct feedrc_params, showlinkedto),
	  .desc = "With target: the pages linking to it instead." },
	{ 0 }
};

/* One recent-changes row, as ChangesFeed reads it. */
struct rcrow {
	int type;            /* rc_type */
	int ns;              /* rc_namespace */
	const char *dbkey;   /* rc_title */
	int64_t cur_id;      /* rc_cur_id */
	int64_t this_oldid;  /* rc_this_oldid */
	int64_t last_oldid;  /* rc_last_oldid (replaced when edits are folded) */
	const char *ts;      /* rc_timestamp */
	const char *user;    /* actor name */
	const char *comment; /* summary */
	int deleted;         /* rc_deleted */
	const char *log_type;   /* rc_log_type */
	const char *log_action; /* rc_log_action */
	const char *params;     /* rc_params */
	size_t params_len;      /* its length */
};

/* SQL condition on rc_namespace for namespace/invert/associated. */
static void add_ns_cond(struct sbuf *sql, const struct feedrc_params *p)
{
	long ns = p->ns;
	if (p->associated && ns >= 0) {
		long other = ns & 1 ? ns - 1 : ns + 1;
		sbuf_addf(sql, " AND rc_namespace %s (%ld, %ld)", p->invert ? "NOT IN" : "IN", ns, other);
	} else {
		sbuf_addf(sql, " AND rc_namespace %s %ld", p->invert ? "!=" : "=", ns);
	}
}

/*
 * SQL condition for target: the pages `t` links to (or, with
 * showlinkedto, that link to it) through links, templates and, for a
 * category, its members, as SpecialRecentChangesLinked selects them.
 */
static void add_target_cond(struct sbuf *sql, const struct wiki_title *t, int64_t page_id, bool linked_to)
{
	if (linked_to) {
		sbuf_adds(sql, " AND rc_cur_id IN (SELECT pl_from FROM pagelinks WHERE pl_namespace = ? AND pl_title = ?"
			       " UNION SELECT tl_from FROM templatelinks WHERE tl_namespace = ? AND tl_title = ?)");
		return;
	}
	sbuf_addf(sql, " AND (EXISTS (SELECT 1 FROM pagelinks WHERE pl_from = %lld AND pl_namespace = rc_namespace"
		       " AND pl_title = rc_title) OR EXISTS (SELECT 1 FROM templatelinks WHERE tl_from = %lld"
		       " AND tl_namespace = rc_namespace AND tl_title = rc_title)",
		  (long long)page_id, (long long)page_id);
	if (t->ns == WIKI_NS_CATEGORY)
		sbuf_adds(sql, " OR rc_cur_id IN (SELECT cl_from FROM categorylinks WHERE cl_to = ?)");
	sbuf_adds(sql, ")");
}

static int exec_feedrc(struct api_ctx *ctx, void *vp)
{
	struct feedrc_params *p = vp;
	struct wiki_title target;
	int64_t target_id = 0;
	if (p->target) {
		const char *err;
		if (wiki_title_parse(ctx->arena, p->target, 0, &target, &err) != RC_OK || target.ns < 0)
			return api_error(ctx, "invalidtitle", NULL, api_p_plain(ctx->arena, p->target));
		store_query_int(ctx->store, &target_id, "SELECT page_id FROM page WHERE page_namespace = ? AND"
				" page_title = ?", "it", (int64_t)target.ns, target.dbkey);
	}

	char since[15];
	long days = p->days > RC_MAX_DAYS ? RC_MAX_DAYS : p->days;
	ts_format_mw(util_now() - (int64_t)days * 86400, since);

	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_adds(&sql, "SELECT rc_type, rc_namespace, rc_title, rc_cur_id, rc_this_oldid, rc_last_oldid, rc_timestamp,"
			" actor_name, comment_text, rc_deleted, rc_log_type, rc_log_action, rc_params"
			" FROM recentchanges JOIN actor ON actor_id = rc_actor JOIN comment ON comment_id = rc_comment_id"
			" WHERE rc_timestamp >= ?");
	if (p->from)
		sbuf_adds(&sql, " AND rc_timestamp >= ?");
	if (api_param_given(ctx, "namespace"))
		add_ns_cond(&sql, p);
	if (p->hideminor)
		sbuf_adds(&sql, " AND rc_minor = 0");
	if (p->hidebots)
		sbuf_adds(&sql, " AND rc_bot = 0");
	if (p->hideanons)
		sbuf_adds(&sql, " AND actor_user IS NOT NULL");
	if (p->hideliu)
		sbuf_adds(&sql, " AND actor_user IS NULL");
	if (p->hidepatrolled && (wiki_user_can(ctx->user, "patrol") || wiki_user_can(ctx->user, "patrolmarks")))
		sbuf_adds(&sql, " AND rc_patrolled = 0");
	if (p->hidemyself)
		sbuf_adds(&sql, " AND actor_name != ?");
	if (p->hidecategorization)
		sbuf_addf(&sql, " AND rc_type != %d", FEED_RC_CATEGORIZE);
	/* The tags, "|"-separated: a change with any of them. */
	const char *tags[64];
	size_t n_tags = 0;
	if (p->tagfilter && *p->tagfilter) {
		char *copy = arena_strdup(ctx->arena, p->tagfilter), *save = NULL;
		for (char *tok = strtok_r(copy, "|", &save); tok && n_tags < ARRAY_SIZE(tags);
		     tok = strtok_r(NULL, "|", &save))
			tags[n_tags++] = tok;
		sbuf_adds(&sql, " AND rc_id IN (SELECT ct_rc_id FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				" WHERE ctd_name IN (");
		for (size_t i = 0; i < n_tags; i++)
			sbuf_adds(&sql, i ? ", ?" : "?");
		sbuf_adds(&sql, "))");
	}
	if (p->target)
		add_target_cond(&sql, &target, target_id, p->showlinkedto);
	sbuf_addf(&sql, " ORDER BY rc_timestamp DESC, rc_id DESC LIMIT %ld", p->limit);

	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int bi = 1;
	store_bind_text(st, bi++, since, STORE_NTS);
	if (p->from)
		store_bind_text(st, bi++, p->from, STORE_NTS);
	if (p->hidemyself)
		store_bind_text(st, bi++, ctx->user->name, STORE_NTS);
	for (size_t i = 0; i < n_tags; i++)
		store_bind_text(st, bi++, tags[i], STORE_NTS);
	if (p->target && p->showlinkedto) {
		for (int k = 0; k < 2; k++) {
			store_bind_int(st, bi++, target.ns);
			store_bind_text(st, bi++, target.dbkey, STORE_NTS);
		}
	} else if (p->target && target.ns == WIKI_NS_CATEGORY) {
		store_bind_text(st, bi++, target.dbkey, STORE_NTS);
	}

	/* Read the rows, folding runs of edits of one page by one user (ChangesFeed::buildItems). */
	struct rcrow *rows = arena_calloc(ctx->arena, (size_t)p->limit + 1, sizeof(*rows));
	size_t n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		struct rcrow r = {
			.type = (int)store_col_int(st, 0),
			.ns = (int)store_col_int(st, 1),
			.dbkey = store_col_dup(st, ctx->arena, 2),
			.cur_id = store_col_int(st, 3),
			.this_oldid = store_col_int(st, 4),
			.last_oldid = store_col_int(st, 5),
			.ts = store_col_dup(st, ctx->arena, 6),
			.user = store_col_dup(st, ctx->arena, 7),
			.comment = store_col_dup(st, ctx->arena, 8),
			.deleted = (int)store_col_int(st, 9),
			.log_type = store_col_dup(st, ctx->arena, 10),
			.log_action = store_col_dup(st, ctx->arena, 11),
			.params = store_col_dup(st, ctx->arena, 12),
		};
		r.params_len = r.params ? strlen(r.params) : 0;
		if (r.type == FEED_RC_EXTERNAL)
			continue;
		if (n > 0 && r.type == FEED_RC_EDIT && r.ns >= 0 && r.cur_id == rows[n - 1].cur_id &&
		    streq(r.user, rows[n - 1].user)) {
			rows[n - 1].last_oldid = r.last_oldid;
			continue;
		}
		rows[n++] = r;
	}
	store_stmt_done(st);
	if (rc != STORE_DONE)
		return api_db_error(ctx);

	struct feed f = {
		.format = p->feedformat,
		.items = arena_calloc(ctx->arena, n + 1, sizeof(struct feed_item)),
		.n_items = n,
	};
	if (p->target) {
		f.title = feed_title(ctx, api_msg(ctx, "feed-related-title-page", (const char *[]){ target.prefixed, NULL }),
				     "  ");
		f.description = api_msg(ctx, "feed-related-title", NULL);
		f.url = feed_page_url(ctx, WIKI_NS_SPECIAL, "RecentChangesLinked", NULL);
	} else {
		f.title = feed_title(ctx, api_msg(ctx, "feed-recentchanges-title", NULL), "  ");
		f.description = api_msg(ctx, "feed-recentchanges-desc", NULL);
		f.url = feed_page_url(ctx, WIKI_NS_SPECIAL, "RecentChanges", NULL);
	}
	for (size_t i = 0; i < n; i++) {
		const struct rcrow *r = &rows[i];
		struct feed_item *it = &f.items[i];
		struct wiki_title t;
		wiki_title_make(ctx->arena, r->ns, r->dbkey, &t);
		it->title = t.prefixed;
		it->url = r->this_oldid
				  ? feed_page_url(ctx, r->ns, r->dbkey,
						  arena_printf(ctx->arena, "diff=%lld&oldid=%lld", (long long)r->this_oldid,
							       (long long)r->last_oldid))
				  : feed_page_url(ctx, r->ns, r->dbkey, NULL);
		it->ts = r->ts;
		it->author = r->deleted & WIKI_REV_DELETED_USER ? api_msg(ctx, "rev-deleted-user", NULL) : r->user;
		it->comments = feed_talk_url(ctx, r->ns, r->dbkey);
		const char *action = r->type == FEED_RC_LOG
					     ? feed_log_action_html(ctx, r->user, r->log_type, r->log_action, r->ns,
								    r->dbkey, r->ts, r->params, r->params_len)
					     : NULL;
		const char *comment = r->deleted & WIKI_REV_DELETED_COMMENT
					      ? api_msg(ctx, "rev-deleted-comment", NULL)
					      : wiki_comment_html(ctx->arena, ctx->store, r->comment, &t);
		it->description = feed_diff_html(ctx, r->ns, r->dbkey, r->last_oldid, r->this_oldid, r->ts, action,
						 comment);
	}
	feed_send(ctx, &f);
	return RC_OK;
}

const struct api_module api_module_feedrecentchanges = {
	.name = "feedrecentchanges",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_RAW_OUTPUT | API_M_FEED,
	.params = params,
	.params_size = sizeof(struct feedrc_params),
	.summary = "Return a feed of the recent changes.",
	.help = "Each entry carries the summary and the diff of the change. Consecutive edits of one page by one "
		"user are shown as one entry.",
	.examples = (const char *const[]){
		"action=feedrecentchanges", "The recent changes as RSS.",
		"action=feedrecentchanges&days=30&feedformat=atom", "The changes of the last 30 days as Atom.",
		NULL },
	.exec = exec_feedrc,
};
