/* SPDX-License-Identifier: MIT */
/*
 * watch.c — action=watch: add pages to (or with unwatch, remove them
 * from) the user's watchlist. A page and its talk page go together
 * (wiki_watch_add()). Missing pages can be watched; special pages cannot.
 *
 * The pages come from the page-set parameters, listed under "watch" in
 * MediaWiki's order: invalid titles, special pages, unknown page ids,
 * unknown revision ids, interwiki titles, then missing and existing pages
 * with "watched" or "unwatched". The deprecated `title` parameter names
 * one page and makes "watch" a single object instead of a list.
 *
 * With a generator, one batch of its pages is handled per request and
 * result.continue tells how to get the next (query_action_pageset()).
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct watch_params {
	const char *title;              /* deprecated: one page */
	bool unwatch;                   /* remove instead of add */
	const char *cont;               /* continue (generator continuation) */
	struct query_pageset_params ps; /* titles, pageids, revids, generator, redirects, converttitles */
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct watch_params, title),
	  .desc = "The page to (un)watch. Use titles instead." },
	{ .name = "unwatch", .type = API_T_BOOL, .offset = offsetof(struct watch_params, unwatch),
	  .desc = "Take the pages off the watchlist instead of adding them." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct watch_params, cont),
	  .desc = "When more results are available, use this to continue." },
	QUERY_PAGESET_PARAMS(struct watch_params, ps, API_P_LATE)
	{ 0 }
};

/*
 * Watch or unwatch ns:dbkey for the user and describe it in `e`
 * (title, ns, watched/unwatched). Returns RC_OK or a store failure.
 */
static int watch_one(struct api_ctx *ctx, const struct watch_params *wp, int ns, const char *dbkey,
		     const char *title, struct api_node *e)
{
	api_add_str(e, "title", title);
	api_add_int(e, "ns", ns);
	int rc = wp->unwatch ? wiki_watch_remove(ctx->store, ctx->user->id, ns, dbkey)
			     : wiki_watch_add(ctx->store, ctx->user->id, ns, dbkey);
	if (rc == RC_OK)
		api_add_bool(e, wp->unwatch ? "unwatched" : "watched", true);
	return rc;
}

/* The deprecated title= form: one page, "watch" is an object. */
static int watch_legacy(struct api_ctx *ctx, const struct watch_params *wp)
{
	static const char *const others[] = { "titles", "pageids", "revids", "generator", "redirects",
					      "converttitles" };
	for (size_t i = 0; i < ARRAY_SIZE(others); i++)
		if (api_param_given(ctx, others[i]))
			return api_error(ctx, "invalidparammix", "apierror-invalidparammix-cannotusewith", "title",
					 others[i]);
	struct wiki_title t;
	const char *err;
	if (wiki_title_parse(ctx->arena, wp->title, 0, &t, &err) != RC_OK || t.is_external || !*t.dbkey ||
	    !wiki_watch_is_watchable(t.ns))
		return api_error(ctx, "invalidtitle", "invalidtitle", wp->title);
	struct api_node *e = api_add_object(ctx->result, "watch");
	/* A write transaction even for one page: it ends the request's read snapshot first. */
	if (store_begin(ctx->store) != RC_OK)
		return api_db_error(ctx);
	return api_db_finish(ctx, watch_one(ctx, wp, t.ns, t.dbkey, t.prefixed, e));
}

/*
 * Report the unknown revids= as {"revid": n, "missing": true}, then the
 * interwiki titles, which cannot be watched here.
 */
static void add_badrevids(struct api_pageset *ps, struct api_node *list)
{
	query_pageset_add_badrevid_items(ps, list);
	query_pageset_add_interwiki_items(ps, list);
}

static int exec_watch(struct api_ctx *ctx, void *vp)
{
	struct watch_params *wp = vp;
	if (ctx->user->id <= 0)
		return api_error(ctx, "notloggedin", "watchlistanontext");
	if (!wiki_user_can(ctx->user, "editmywatchlist"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-editmywatchlist", NULL, 0));
	if (query_action_begin(ctx, wp->cont, wp) != RC_OK)
		return RC_ERR;
	if (wp->title) {
		api_add_bool(ctx->result, "batchcomplete", true);
		return watch_legacy(ctx, wp);
	}
	struct api_pageset *ps;
	int rc = query_action_pageset(ctx, &wp->ps, &ps);
	if (rc != RC_OK)
		return rc;
	api_add_bool(ctx->result, "batchcomplete", true);
	query_action_continue(ctx);
	size_t n;
	struct query_page **v = query_pageset_list_order(ctx, ps, &n);
	struct api_node *list = api_add_array(ctx->result, "watch", "w");
	if (store_begin(ctx->store) != RC_OK)
		return api_db_error(ctx);
	bool revs_done = false;
	for (size_t i = 0; i < n && rc == RC_OK; i++) {
		struct query_page *p = v[i];
		bool is_page = p->kind == QUERY_PAGE_MISSING || p->kind == QUERY_PAGE_GOOD;
		if (is_page && !revs_done) {
			add_badrevids(ps, list);
			revs_done = true;
		}
		struct api_node *e = api_add_object(list, NULL);
		if (!is_page) {
			query_page_write_base(ctx, p, e);
			continue;
		}
		rc = watch_one(ctx, wp, p->ns, p->dbkey, p->title, e);
		if (p->kind == QUERY_PAGE_MISSING)
			api_add_bool(e, "missing", true);
	}
	if (!revs_done)
		add_badrevids(ps, list);
	return api_db_finish(ctx, rc);
}

const struct api_module api_module_watch = {
	.name = "watch",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "watch",
	.params = params,
	.params_size = sizeof(struct watch_params),
	.summary = "Add pages to the current user's watchlist, or remove them.",
	.examples = (const char *const[]){
		"action=watch&titles=Main_Page&token=123ABC", "Watch the Main Page.",
		"action=watch&titles=Main_Page&unwatch=&token=123ABC", "Stop watching the Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Watch", NULL },
	.exec = exec_watch,
};
