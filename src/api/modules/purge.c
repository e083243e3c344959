/* SPDX-License-Identifier: MIT */
/*
 * purge.c — action=purge: invalidate the cached renderings of pages.
 * Purging sets page_touched to now, which is what every cache keyed on
 * it (parser cache, HTTP caches) checks; forcelinkupdate and
 * forcerecursivelinkupdate also rebuild the page's link tables at once
 * ("linkupdate" in its entry); the recursive form queues a refreshLinks
 * job for the pages that transclude it. The page set parameters pick the pages;
 * the result lists each page with "purged" or why it was not.
 */
#include <stddef.h>
#include <time.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct purge_params {
	bool forcelinkupdate;          /* rebuild link tables */
	bool forcerecursivelinkupdate; /* ... and those of pages that transclude these */
	const char *cont;              /* continue (generator continuation) */
	struct query_pageset_params ps; /* titles, pageids, revids, generator, redirects, converttitles */
};

static const struct api_param params[] = {
	{ .name = "forcelinkupdate", .type = API_T_BOOL, .offset = offsetof(struct purge_params, forcelinkupdate),
	  .desc = "Update the link tables and do other secondary data updates." },
	{ .name = "forcerecursivelinkupdate", .type = API_T_BOOL,
	  .offset = offsetof(struct purge_params, forcerecursivelinkupdate),
	  .desc = "Same as forcelinkupdate, and also update the link tables of every page that uses these "
		  "pages as a template." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct purge_params, cont),
	  .desc = "When more results are available, use this to continue." },
	QUERY_PAGESET_PARAMS(struct purge_params, ps, API_P_LATE)
	{ 0 }
};

/* Re-render page `p` and update its link tables (and, when `recursive`, those of the pages transcluding it). */
static int refresh_links(struct api_ctx *ctx, const struct query_page *p, bool recursive, const char *now)
{
	struct wiki_page pg;
	int rc = wiki_page_load(ctx->store, ctx->arena, p->ns, p->dbkey, &pg);
	if (rc != RC_OK || !pg.id)
		return rc;
	struct wiki_title t;
	wiki_title_make(ctx->arena, p->ns, p->dbkey, &t);
	rc = wiki_links_refresh(ctx->store, ctx->arena, &t, pg.id, pg.latest, pg.text, pg.text_len, pg.model, pg.latest_ts, now);
	if (rc != RC_OK || !recursive)
		return rc;
	/* The pages using it as a template are refreshed by jobs, as MediaWiki queues them (LinksUpdate). */
	return wiki_job_push(ctx->store, "refreshLinks", p->ns, p->dbkey, "table=templatelinks&recursive=1");
}

static int exec_purge(struct api_ctx *ctx, void *vp)
{
	struct purge_params *pp = vp;
	struct api_pageset *ps;
	/* A sitewide-blocked user is refused at once, as MediaWiki's ApiPurge does. */
	if (api_check_sitewide_block(ctx) != RC_OK || query_action_begin(ctx, pp->cont, pp) != RC_OK)
		return RC_ERR;
	int rc = query_action_pageset(ctx, &pp->ps, &ps);
	if (rc != RC_OK)
		return rc;
	/* Purge works on one batch of pages and reports it complete, as MediaWiki does. */
	api_add_bool(ctx->result, "batchcomplete", true);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char ts[16];
	strftime(ts, sizeof(ts), "%Y%m%d%H%M%S", &tm);

	size_t n;
	struct query_page **v = query_pageset_list_order(ctx, ps, &n);
	struct api_node *list = api_add_array(ctx->result, "purge", "page");
	bool any_good = false;
	for (size_t i = 0; i < n && !any_good; i++)
		any_good = v[i]->kind == QUERY_PAGE_GOOD;
	if (any_good && (rc = store_begin(ctx->store)) != RC_OK)
		return api_db_error(ctx);
	/* Unknown revids are items of the list, as getInvalidTitlesAndRevisions() gives them. */
	query_pageset_add_badrevid_items(ps, list);
	for (size_t i = 0; i < n; i++) {
		struct query_page *p = v[i];
		struct api_node *e = api_add_object(list, NULL);
		if (p->kind != QUERY_PAGE_GOOD) {
			query_page_write_base(ctx, p, e);
			continue;
		}
		api_add_int(e, "ns", p->ns);
		api_add_str(e, "title", p->title);
		/* Each page counts against the purge limit; a page over it is skipped with a warning. */
		if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "purge", 1)) {
			api_warn(ctx, "ratelimited", "apierror-ratelimited");
		} else {
			/* page_touched only moves forward, as MediaWiki's doPurge() does. */
			rc = store_run(ctx->store, "UPDATE page SET page_touched = ? WHERE page_id = ? AND page_touched < ?",
				       "tit", ts, p->id, ts);
			if (rc != RC_OK)
				break;
			api_add_bool(e, "purged", true);
		}
		/* A link update counts against linkpurge (and is skipped silently over it, as MediaWiki does). */
		if ((pp->forcelinkupdate || pp->forcerecursivelinkupdate) &&
		    !wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "linkpurge", 1)) {
			rc = refresh_links(ctx, p, pp->forcerecursivelinkupdate, ts);
			if (rc != RC_OK)
				break;
			api_add_bool(e, "linkupdate", true);
		}
	}
	if (any_good && api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	query_action_continue(ctx);
	query_pageset_write_lists(ctx, ps, ctx->result, false, false);
	return RC_OK;
}

const struct api_module api_module_purge = {
	.name = "purge",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE,
	.params = params,
	.params_size = sizeof(struct purge_params),
	.summary = "Drop cached renderings of the given pages.",
	.examples = (const char *const[]){
		"action=purge&titles=Main_Page|API", "Purge the Main Page and the API page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Purge", NULL },
	.exec = exec_purge,
};
