/* SPDX-License-Identifier: MIT */
/*
 * feedcontributions.c — action=feedcontributions: Special:Contributions
 * of a user (a name, an address, a CIDR range or "#id") as an RSS or Atom
 * feed, as MediaWiki's ApiFeedContributions builds it from ContribsPager:
 * the newest 50 revisions ($wgFeedLimit) with the pager's filters; each
 * entry links to the revision's diff and shows "<user>: <summary>" and
 * the revision's text. An unknown user gives an empty feed.
 */
#include "feed_int.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

/* $wgFeedLimit: entries per feed. */
#define FEED_LIMIT 50

/* Texts longer than this are left out of an entry (the feed stays readable); see $wgFeedDiffCutoff. */
#define FEED_TEXT_CUTOFF 32768

struct feedcontribs_params {
	const char *feedformat;   /* rss | atom */
	const char *user;         /* whose contributions */
	long ns;                  /* only this namespace (when given) */
	long year;                /* contributions up to the end of this year */
	long month;               /* ... or of this month */
	struct api_list tagfilter; /* only revisions with one of these tags */
	bool deletedonly;         /* only revisions with hidden parts */
	bool toponly;             /* only current revisions */
	bool newonly;             /* only page creations */
	bool hideminor;           /* no minor edits */
	bool showsizediff;        /* accepted; MediaWiki 1.39's entries do not change */
};

static const struct api_param params[] = {
	{ .name = "feedformat", .type = API_T_ENUM, .values = feed_formats, .dflt = "rss",
	  .offset = offsetof(struct feedcontribs_params, feedformat), .desc = "The format of the feed." },
	{ .name = "user", .type = API_T_USER, .flags = API_P_REQUIRED,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_CIDR | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct feedcontribs_params, user), .desc = "Whose contributions to show." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .offset = offsetof(struct feedcontribs_params, ns),
	  .desc = "Only contributions in this namespace." },
	{ .name = "year", .type = API_T_INT, .offset = offsetof(struct feedcontribs_params, year),
	  .desc = "Only contributions up to the end of this year." },
	{ .name = "month", .type = API_T_INT, .offset = offsetof(struct feedcontribs_params, month),
	  .desc = "Only contributions up to the end of this month (of year, or of the last twelve months)." },
	{ .name = "tagfilter", .type = API_T_ENUM, .flags = API_P_MULTI, .values_fn = api_defined_tag_values, .dflt = "",
	  .offset = offsetof(struct feedcontribs_params, tagfilter), .desc = "Only contributions with these tags." },
	{ .name = "deletedonly", .type = API_T_BOOL, .offset = offsetof(struct feedcontribs_params, deletedonly),
	  .desc = "Only revisions some part of which is hidden." },
	{ .name = "toponly", .type = API_T_BOOL, .offset = offsetof(struct feedcontribs_params, toponly),
	  .desc = "Only revisions that are the latest of their page." },
	{ .name = "newonly", .type = API_T_BOOL, .offset = offsetof(struct feedcontribs_params, newonly),
	  .desc = "Only revisions that created their page." },
	{ .name = "hideminor", .type = API_T_BOOL, .offset = offsetof(struct feedcontribs_params, hideminor),
	  .desc = "Leave out minor edits." },
	{ .name = "showsizediff", .type = API_T_BOOL, .offset = offsetof(struct feedcontribs_params, showsizediff),
	  .desc = "Accepted for compatibility; the entries are the same either way, as in MediaWiki 1.39." },
	{ 0 }
};

/*
 * ContribsPager::processDateFilter(): the end of the month (or year)
 * asked for as a 14-digit timestamp, or "" for no bound. A month alone
 * means the latest such month that has begun.
 */
static void date_bound(const struct feedcontribs_params *p, bool has_year, bool has_month, char out[15])
{
	out[0] = '\0';
	if (!has_year && !has_month)
		return;
	time_t now = (time_t)util_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	long year = has_year ? p->year : tm.tm_year + 1900;
	long month = has_month ? p->month : 0;
	if (has_month && (month < 1 || month > 12))
		month = 0;
	if (!has_year && month > tm.tm_mon + 1)
		year--;
	/* The first moment after the period. */
	if (month) {
		month++;
		if (month > 12) {
			month = 1;
			year++;
		}
	} else {
		year++;
		month = 1;
	}
	if (year < 1 || year > 9999)
		return;
	snprintf(out, 15, "%04ld%02ld01000000", year, month);
}

/* The actor ids of every IP actor in the CIDR range `range`, as an SQL list "(1,2,...)"; "(0)" for none. */
static const char *range_actors(struct api_ctx *ctx, const char *range)
{
	const char *lo = NULL, *hi = NULL;
	int prefix = 0;
	if (wiki_ip_range(ctx->arena, range, &lo, &hi, &prefix) < 0)
		return "(0)";
	struct sbuf ids;
	sbuf_init(&ids, 1 << 20);
	sbuf_adds(&ids, "(0");
	struct store_stmt *st = store_prepare(ctx->store, "SELECT actor_id, actor_name FROM actor WHERE actor_user IS NULL");
	if (st) {
		while (store_step(st) == STORE_ROW) {
			const char *hex = wiki_ip_hex(ctx->arena, store_col_text(st, 1));
			if (hex && strlen(hex) == strlen(lo) && strcmp(hex, lo) >= 0 && strcmp(hex, hi) <= 0)
				sbuf_addf(&ids, ",%lld", (long long)store_col_int(st, 0));
		}
		store_stmt_done(st);
	}
	sbuf_adds(&ids, ")");
	const char *s = arena_strdup(ctx->arena, sbuf_cstr(&ids));
	sbuf_release(&ids);
	return s;
}

/* "<p>user: summary</p>\n<hr />\n<div>text</div>", as ApiFeedContributions::feedItemDesc(). */
static const char *item_desc(struct api_ctx *ctx, const char *user, const char *comment, int64_t rev, int deleted)
{
	struct sbuf d;
	sbuf_init(&d, 1 << 26);
	sbuf_adds(&d, "<p>");
	sbuf_adds(&d, feed_escape(ctx, user));
	sbuf_adds(&d, ": ");
	if (!(deleted & WIKI_REV_DELETED_COMMENT))
		sbuf_adds(&d, feed_escape(ctx, comment));
	sbuf_adds(&d, "</p>\n<hr />\n<div>");
	const char *text = NULL;
	size_t len = 0;
	if (!(deleted & WIKI_REV_DELETED_TEXT) &&
	    wiki_revision_text(ctx->store, ctx->arena, rev, &text, &len, NULL) == RC_OK && len <= FEED_TEXT_CUTOFF)
		sbuf_adds(&d, feed_nl2br(ctx, text, len));
	sbuf_adds(&d, "</div>");
	const char *s = arena_strndup(ctx->arena, sbuf_cstr(&d), d.len);
	sbuf_release(&d);
	return s;
}

static int exec_feedcontribs(struct api_ctx *ctx, void *vp)
{
	struct feedcontribs_params *p = vp;
	const char *user = p->user;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 20);
	sbuf_adds(&sql, "SELECT rev_id, rev_timestamp, page_namespace, page_title, actor_name, comment_text, rev_deleted"
			" FROM revision JOIN page ON page_id = rev_page JOIN actor ON actor_id = rev_actor"
			" JOIN comment ON comment_id = rev_comment_id WHERE ");
	bool by_text = false;
	long long uid = 0;
	if (user[0] == '#') {
		util_parse_ll(user + 1, &uid);
		sbuf_addf(&sql, "actor_user = %lld", uid);
	} else if (strchr(user, '/') && !strchr(user, '>')) {
		sbuf_addf(&sql, "rev_actor IN %s", range_actors(ctx, user));
	} else {
		sbuf_adds(&sql, "actor_name = ?");
		by_text = true;
	}
	if (api_param_given(ctx, "namespace"))
		sbuf_addf(&sql, " AND page_namespace = %ld", p->ns);
	char bound[15];
	date_bound(p, api_param_given(ctx, "year"), api_param_given(ctx, "month"), bound);
	if (bound[0])
		sbuf_adds(&sql, " AND rev_timestamp < ?");
	if (p->deletedonly)
		sbuf_adds(&sql, " AND rev_deleted != 0");
	if (p->toponly)
		sbuf_adds(&sql, " AND rev_id = page_latest");
	if (p->newonly)
		sbuf_adds(&sql, " AND (rev_parent_id = 0 OR rev_parent_id IS NULL)");
	if (p->hideminor)
		sbuf_adds(&sql, " AND rev_minor_edit = 0");
	if (p->tagfilter.n) {
		sbuf_adds(&sql, " AND rev_id IN (SELECT ct_rev_id FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				" WHERE ctd_name IN (");
		for (size_t i = 0; i < p->tagfilter.n; i++)
			sbuf_adds(&sql, i ? ", ?" : "?");
		sbuf_adds(&sql, "))");
	}
	sbuf_addf(&sql, " ORDER BY rev_timestamp DESC, rev_id DESC LIMIT %d", FEED_LIMIT);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int bi = 1;
	if (by_text)
		store_bind_text(st, bi++, user, STORE_NTS);
	if (bound[0])
		store_bind_text(st, bi++, bound, STORE_NTS);
	for (size_t i = 0; i < p->tagfilter.n; i++)
		store_bind_text(st, bi++, p->tagfilter.v[i], STORE_NTS);

	struct feed_item *items = arena_calloc(ctx->arena, FEED_LIMIT + 1, sizeof(*items));
	int64_t *revs = arena_calloc(ctx->arena, FEED_LIMIT + 1, sizeof(*revs));
	const char **comments = arena_calloc(ctx->arena, FEED_LIMIT + 1, sizeof(*comments));
	int *deleted = arena_calloc(ctx->arena, FEED_LIMIT + 1, sizeof(*deleted));
	size_t n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW && n < FEED_LIMIT) {
		struct feed_item *it = &items[n];
		revs[n] = store_col_int(st, 0);
		it->ts = store_col_dup(st, ctx->arena, 1);
		int ns = (int)store_col_int(st, 2);
		const char *dbkey = store_col_dup(st, ctx->arena, 3);
		struct wiki_title t;
		wiki_title_make(ctx->arena, ns, dbkey, &t);
		it->title = t.prefixed;
		it->url = feed_page_url(ctx, ns, dbkey, arena_printf(ctx->arena, "diff=%lld", (long long)revs[n]));
		deleted[n] = (int)store_col_int(st, 6);
		it->author = deleted[n] & WIKI_REV_DELETED_USER ? api_msg(ctx, "rev-deleted-user", NULL)
							       : store_col_dup(st, ctx->arena, 4);
		comments[n] = store_col_dup(st, ctx->arena, 5);
		it->comments = feed_talk_url(ctx, ns, dbkey);
		n++;
	}
	store_stmt_done(st);
	if (rc != STORE_DONE && rc != STORE_ROW)
		return api_db_error(ctx);
	for (size_t i = 0; i < n; i++)
		items[i].description = item_desc(ctx, items[i].author, comments[i], revs[i], deleted[i]);

	/* The contributions page of the user as asked for, "#id" turned into the name. */
	const char *who = user;
	if (uid) {
		char *name = NULL;
		if (store_query_text(ctx->store, ctx->arena, &name, "SELECT user_name FROM \"user\" WHERE user_id = ?", "i",
				     (int64_t)uid) == RC_OK && name)
			who = name;
	}
	struct wiki_title special;
	char *dbkey = arena_printf(ctx->arena, "Contributions/%s", who);
	for (char *c = dbkey; *c; c++)
		if (*c == ' ')
			*c = '_';
	wiki_title_make(ctx->arena, WIKI_NS_SPECIAL, dbkey, &special);
	struct feed f = {
		.format = p->feedformat,
		.title = feed_title(ctx, api_msg(ctx, "feed-contributions-title", NULL), " "),
		.description = api_msg(ctx, "feed-contributions-desc", NULL),
		.url = feed_page_url(ctx, WIKI_NS_SPECIAL, special.dbkey, NULL),
		.items = items,
		.n_items = n,
		.is_private = true,
	};
	feed_send(ctx, &f);
	return RC_OK;
}

const struct api_module api_module_feedcontributions = {
	.name = "feedcontributions",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_RAW_OUTPUT | API_M_FEED,
	.params = params,
	.params_size = sizeof(struct feedcontribs_params),
	.summary = "Return a feed of a user's contributions.",
	.help = "Each entry is one revision, with its summary and its text.",
	.examples = (const char *const[]){
		"action=feedcontributions&user=Example", "The contributions of the user Example.",
		NULL },
	.exec = exec_feedcontribs,
};
