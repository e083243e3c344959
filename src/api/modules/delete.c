/* SPDX-License-Identifier: MIT */
/*
 * delete.c — action=delete: delete a page (and with deletetalk its talk
 * page) as MediaWiki's ApiDelete: the delete right and the page's
 * protection (wiki_perm_check), change tags, an automatic reason when
 * none is given, then wiki_page_delete() for each page and the watchlist
 * option, all in one write transaction. The answer names the page, the
 * reason and the log entry.
 *
 * Files have no uploads to delete in this wiki yet, so a file page is
 * deleted like any page and oldimage (a file version) never applies, as
 * in MediaWiki for a file page without a file.
 */
#include "pageact_int.h"

#include <stddef.h>

#include "../../store/store.h"

struct delete_params {
	const char *title;     /* page to delete */
	long pageid;           /* or its id */
	const char *reason;    /* reason; NULL for the automatic one */
	struct api_list tags;  /* change tags for the log entry */
	bool deletetalk;       /* delete the talk page too */
	bool watch;            /* deprecated: watch the page */
	const char *watchlist; /* nochange | preferences | unwatch | watch */
	bool unwatch;          /* deprecated: unwatch the page */
	const char *oldimage;  /* a file version to delete (files only) */
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct delete_params, title),
	  .desc = "Title of the page to delete. Give this or pageid." },
	{ .name = "pageid", .type = API_T_INT, .offset = offsetof(struct delete_params, pageid),
	  .desc = "Page ID of the page to delete. Give this or title." },
	{ .name = "reason", .type = API_T_STRING, .offset = offsetof(struct delete_params, reason),
	  .desc = "Reason for the deletion. Without it, a reason is made from the page's content." },
	PAGEACT_TAGS_PARAM(struct delete_params, tags, "the deletion log entry"),
	{ .name = "deletetalk", .type = API_T_BOOL, .offset = offsetof(struct delete_params, deletetalk),
	  .desc = "Delete the talk page too, if it exists." },
	{ .name = "watch", .type = API_T_BOOL, .flags = API_P_DEPRECATED, .offset = offsetof(struct delete_params, watch),
	  .desc = "Add the page to your watchlist. Use watchlist=watch instead." },
	PAGEACT_WATCHLIST_PARAM(struct delete_params, watchlist,
				"Follow your preference for pages you delete (off by default)."),
	{ .name = "unwatch", .type = API_T_BOOL, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct delete_params, unwatch),
	  .desc = "Take the page off your watchlist. Use watchlist=unwatch instead." },
	{ .name = "oldimage", .type = API_T_STRING, .offset = offsetof(struct delete_params, oldimage),
	  .desc = "For a file: the archive name of the old version to delete, as prop=imageinfo's archivename "
		  "gives it." },
	{ 0 }
};

static int exec_delete(struct api_ctx *ctx, void *vp)
{
	struct delete_params *p = vp;
	struct wiki_title t, talk;
	int64_t page_id = 0;
	if (pageact_target(ctx, p->title, api_param_given(ctx, "pageid"), p->pageid, &t, &page_id) != RC_OK)
		return RC_ERR;
	if (!page_id)
		return api_error(ctx, "missingtitle", NULL);
	bool with_talk = false;
	int talk_ns = wiki_ns_talk(t.ns);
	if (p->deletetalk) {
		/* Only a subject page's existing talk page; otherwise a warning and the page alone. */
		if (wiki_ns_is_talk(t.ns)) {
			api_warn(ctx, "delete-error-associated-alreadytalk", "delete-error-associated-alreadytalk");
		} else {
			wiki_title_make(ctx->arena, talk_ns, t.dbkey, &talk);
			int64_t one = 0;
			with_talk = store_query_int(ctx->store, &one, "SELECT 1 FROM page WHERE page_namespace = ?"
								      " AND page_title = ?", "dt", talk.ns, talk.dbkey) == RC_OK;
			if (!with_talk)
				api_warn(ctx, "delete-error-associated-doesnotexist", "delete-error-associated-doesnotexist");
		}
	}
	/* Both pages' refusals together, as one status in MediaWiki. */
	struct wiki_refusal *r = NULL;
	if (pageact_collect(ctx, "delete", &t, &r) != RC_OK || (with_talk && pageact_collect(ctx, "delete", &talk, &r) != RC_OK))
		return RC_ERR;
	if (r)
		return pageact_refuse(ctx, r);
	if (api_check_blocked(ctx, "delete", &t) != RC_OK || (with_talk && api_check_blocked(ctx, "delete", &talk) != RC_OK))
		return RC_ERR;
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;
	const char *reason = p->reason;
	if (!reason && wiki_delete_auto_reason(ctx->store, ctx->arena, page_id, &reason) != RC_OK)
		return api_db_error(ctx);

	const char *watchlist = p->watch ? "watch" : p->unwatch ? "unwatch" : p->watchlist;
	bool watch = pageact_watch_value(ctx, watchlist, &t, true, "watchdeletion");
	int rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	struct wiki_delete d = { .title = &t, .user = ctx->user, .reason = reason, .tags = tags };
	rc = wiki_page_delete(ctx->store, ctx->arena, &d);
	if (rc == RC_NOTFOUND) {
		/* Gone since we looked: another request deleted it first. */
		store_rollback(ctx->store);
		return api_error(ctx, "cantdelete", "cannotdelete", t.prefixed);
	}
	if (rc == RC_OK && with_talk) {
		struct wiki_delete dt = {
			.title = &talk, .user = ctx->user, .tags = tags,
			.reason = arena_printf(ctx->arena, "Deleted together with its subject page: %s", reason),
		};
		rc = wiki_page_delete(ctx->store, ctx->arena, &dt);
		if (rc == RC_NOTFOUND)
			rc = RC_OK;
	}
	if (rc == RC_OK)
		rc = pageact_set_watch(ctx, watch, &t);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "delete");
	api_add_str(res, "title", t.prefixed);
	api_add_str(res, "reason", reason);
	api_add_int(res, "logid", d.log_id);
	return RC_OK;
}

const struct api_module api_module_delete = {
	.name = "delete",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct delete_params),
	.summary = "Delete a page.",
	.examples = (const char *const[]){
		"action=delete&title=Main%20Page&token=123ABC", "Delete Main Page.",
		"action=delete&title=Main%20Page&token=123ABC&reason=Preparing%20for%20move",
		"Delete Main Page with the reason \"Preparing for move\".",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Delete", NULL },
	.exec = exec_delete,
};
