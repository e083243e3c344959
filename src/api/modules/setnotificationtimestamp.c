/* SPDX-License-Identifier: MIT */
/*
 * setnotificationtimestamp.c — action=setnotificationtimestamp: mark
 * watched pages as seen (no timestamp: the notification timestamp is
 * cleared) or as unseen since a time, a revision (torevid: its time) or
 * the revision after one (newerthanrevid). Works on the page set or, with
 * entirewatchlist, on every watched page.
 *
 * The result lists, as MediaWiki: invalid titles, unknown page ids and
 * revision ids (these as "notwatched"), then every page with its
 * notificationtimestamp ("" when seen) or "notwatched". Special pages are
 * left out of the list. A generator works one batch per request, as in
 * action=watch.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct snt_params {
	bool entirewatchlist;           /* every watched page */
	const char *timestamp;          /* 14 digits */
	long torevid;                   /* the time of this revision */
	long newerthanrevid;            /* the time of the revision after this one */
	const char *cont;               /* continue (generator continuation) */
	struct query_pageset_params ps; /* titles, pageids, revids, generator, redirects, converttitles */
};

static const struct api_param params[] = {
	{ .name = "entirewatchlist", .type = API_T_BOOL, .offset = offsetof(struct snt_params, entirewatchlist),
	  .desc = "Work on every page of the watchlist." },
	{ .name = "timestamp", .type = API_T_TIMESTAMP, .offset = offsetof(struct snt_params, timestamp),
	  .desc = "The notification timestamp to set." },
	{ .name = "torevid", .type = API_T_INT, .offset = offsetof(struct snt_params, torevid),
	  .desc = "Set the notification timestamp to the time of this revision (one page only)." },
	{ .name = "newerthanrevid", .type = API_T_INT, .offset = offsetof(struct snt_params, newerthanrevid),
	  .desc = "Set the notification timestamp to the time of the revision that followed this one "
		  "(one page only)." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct snt_params, cont),
	  .desc = "When more results are available, use this to continue." },
	QUERY_PAGESET_PARAMS(struct snt_params, ps, API_P_LATE)
	{ 0 }
};

/* The page-set parameter the request uses, or NULL (MediaWiki's getDataSource()). */
static const char *data_source(struct api_ctx *ctx, const struct snt_params *sp)
{
	if (sp->ps.generator)
		return "generator";
	static const char *const names[] = { "titles", "pageids", "revids" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (api_param_given(ctx, names[i]))
			return names[i];
	return NULL;
}

/*
 * The timestamp to set from torevid / newerthanrevid (NULL when the
 * revision, or the one after it, does not exist): into *ts.
 */
static void rev_timestamp(struct api_ctx *ctx, const struct snt_params *sp, const char **ts)
{
	char *t = NULL;
	*ts = NULL;
	if (api_param_given(ctx, "torevid")) {
		if (store_query_text(ctx->store, ctx->arena, &t, "SELECT rev_timestamp FROM revision WHERE rev_id = ?",
				     "i", (int64_t)sp->torevid) == RC_OK)
			*ts = t;
		return;
	}
	if (store_query_text(ctx->store, ctx->arena, &t,
			     "SELECT n.rev_timestamp FROM revision r JOIN revision n ON n.rev_page = r.rev_page"
			     " AND (n.rev_timestamp > r.rev_timestamp OR (n.rev_timestamp = r.rev_timestamp"
			     " AND n.rev_id > r.rev_id)) WHERE r.rev_id = ?"
			     " ORDER BY n.rev_timestamp, n.rev_id LIMIT 1",
			     "i", (int64_t)sp->newerthanrevid) == RC_OK)
		*ts = t;
}

/* One page of the set: update its row, then report its state. */
static int do_page(struct api_ctx *ctx, const struct query_page *p, const char *ts, struct api_node *list)
{
	int rc = wiki_watch_set_notification(ctx->store, ctx->user->id, p->ns, p->dbkey, ts);
	if (rc != RC_OK)
		return rc;
	struct api_node *e = api_add_object(list, NULL);
	api_add_int(e, "ns", p->ns);
	api_add_str(e, "title", p->title);
	if (p->kind == QUERY_PAGE_MISSING)
		api_add_bool(e, "missing", true);
	const char *notif = NULL;
	rc = wiki_watch_get(ctx->store, ctx->arena, ctx->user->id, p->ns, p->dbkey, &notif);
	if (rc == RC_OK)
		api_add_str(e, "notificationtimestamp", notif ? wiki_timestamp_iso(ctx->arena, notif) : "");
	else if (rc == RC_NOTFOUND)
		api_add_bool(e, "notwatched", true);
	return rc == RC_NOTFOUND ? RC_OK : rc;
}

/* The page-set form: every page, in MediaWiki's order. */
static int do_pageset(struct api_ctx *ctx, struct api_pageset *ps, const char *ts, struct api_node *list)
{
	size_t n, n_bad;
	struct query_page **v = query_pageset_list_order(ctx, ps, &n);
	for (size_t i = 0; i < n; i++) {
		if (v[i]->kind == QUERY_PAGE_INVALID) {
			query_page_write_base(ctx, v[i], api_add_object(list, NULL));
		} else if (v[i]->kind == QUERY_PAGE_MISSING_ID) {
			struct api_node *e = api_add_object(list, NULL);
			query_page_write_base(ctx, v[i], e);
			api_add_bool(e, "notwatched", true);
		}
	}
	const int64_t *bad = query_pageset_badrevids(ps, &n_bad);
	for (size_t i = 0; i < n_bad; i++) {
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "revid", bad[i]);
		api_add_bool(e, "missing", true);
		api_add_bool(e, "notwatched", true);
	}
	int rc = RC_OK;
	/* Existing pages come before missing ones, as MediaWiki's page set lists its titles. */
	for (size_t i = 0; i < n && rc == RC_OK; i++)
		if (v[i]->kind == QUERY_PAGE_GOOD)
			rc = do_page(ctx, v[i], ts, list);
	for (size_t i = 0; i < n && rc == RC_OK; i++)
		if (v[i]->kind == QUERY_PAGE_MISSING)
			rc = do_page(ctx, v[i], ts, list);
	return rc;
}

static int exec_snt(struct api_ctx *ctx, void *vp)
{
	struct snt_params *sp = vp;
	if (ctx->user->id <= 0)
		return api_error(ctx, "notloggedin", "watchlistanontext");
	if (!wiki_user_can(ctx->user, "editmywatchlist"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-editmywatchlist", NULL, 0));
	if (api_require_max_one(ctx, (const char *const[]){ "timestamp", "torevid", "newerthanrevid", NULL }) != RC_OK ||
	    query_action_begin(ctx, sp->cont, sp) != RC_OK)
		return RC_ERR;
	const char *src = data_source(ctx, sp);
	if (sp->entirewatchlist && src)
		return api_error(ctx, "multisource", "apierror-invalidparammix-cannotusewith", "entirewatchlist", src);
	struct api_pageset *ps = NULL;
	if (!sp->entirewatchlist) {
		int rc = query_action_pageset(ctx, &sp->ps, &ps);
		if (rc != RC_OK)
			return rc;
	}
	const char *ts = sp->timestamp;
	bool by_rev = api_param_given(ctx, "torevid") || api_param_given(ctx, "newerthanrevid");
	if (by_rev) {
		const char *which = api_param_given(ctx, "torevid") ? "torevid" : "newerthanrevid";
		size_t n_good = 0, n;
		struct query_page **v = ps ? query_pageset_list_order(ctx, ps, &n) : NULL;
		for (size_t i = 0; v && i < n; i++)
			n_good += v[i]->kind == QUERY_PAGE_GOOD;
		if (sp->entirewatchlist || n_good > 1)
			return api_error(ctx, "multpages", "apierror-multpages", which);
		/* Without an existing page MediaWiki does not look at the revision: the timestamp is cleared. */
		if (n_good)
			rev_timestamp(ctx, sp, &ts);
	}
	api_add_bool(ctx->result, "batchcomplete", true);
	query_action_continue(ctx);
	if (store_begin(ctx->store) != RC_OK)
		return api_db_error(ctx);
	int rc;
	if (sp->entirewatchlist) {
		rc = wiki_watch_set_notification_all(ctx->store, ctx->user->id, ts);
		struct api_node *o = api_add_object(ctx->result, "setnotificationtimestamp");
		api_add_str(o, "notificationtimestamp", ts ? wiki_timestamp_iso(ctx->arena, ts) : "");
	} else {
		struct api_node *list = api_add_array(ctx->result, "setnotificationtimestamp", "page");
		rc = do_pageset(ctx, ps, ts, list);
	}
	return api_db_finish(ctx, rc);
}

const struct api_module api_module_setnotificationtimestamp = {
	.name = "setnotificationtimestamp",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct snt_params),
	.summary = "Set when watched pages were last seen, to mark their changes as read or unread.",
	.examples = (const char *const[]){
		"action=setnotificationtimestamp&entirewatchlist=&token=123ABC", "Mark the whole watchlist as seen.",
		"action=setnotificationtimestamp&titles=Main_Page&token=123ABC", "Mark the Main Page as seen.",
		"action=setnotificationtimestamp&titles=Main_Page&timestamp=2012-01-01T00:00:00Z&token=123ABC",
		"Mark every change to the Main Page since 1 January 2012 as unseen.",
		NULL },
	.helpurls = (const char *const[]){
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:SetNotificationTimestamp", NULL },
	.exec = exec_snt,
};
