/* SPDX-License-Identifier: MIT */
/*
 * undelete.c — action=undelete: restore deleted revisions of a page (all,
 * or those with the given timestamps) and with undeletetalk those of its
 * talk page, as MediaWiki's ApiUndelete: the undelete right (plus edit,
 * and create for a missing page) through wiki_perm_check, change tags,
 * wiki_page_undelete() for each page in one write transaction, a
 * delete/restore log entry per page, the watchlist option. The answer
 * counts the restored revisions of both pages together.
 *
 * fileids names deleted file versions; this wiki has no uploads yet, so
 * there are none to restore and fileversions is always 0.
 */
#include "pageact_int.h"

#include <stddef.h>

#include "../../store/store.h"

struct undelete_params {
	const char *title;          /* page to restore */
	const char *reason;         /* log reason */
	struct api_list tags;       /* change tags for the log entry */
	struct api_list timestamps; /* restore only these revisions (14 digits) */
	struct api_list fileids;    /* file versions to restore */
	bool undeletetalk;          /* restore the talk page too */
	const char *watchlist;      /* nochange | preferences | unwatch | watch */
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .flags = API_P_REQUIRED, .offset = offsetof(struct undelete_params, title),
	  .desc = "Title of the page to restore." },
	{ .name = "reason", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct undelete_params, reason),
	  .desc = "Reason for restoring." },
	PAGEACT_TAGS_PARAM(struct undelete_params, tags, "the log entry"),
	{ .name = "timestamps", .type = API_T_TIMESTAMP, .flags = API_P_MULTI,
	  .offset = offsetof(struct undelete_params, timestamps),
	  .desc = "Timestamps of the revisions to restore. Without these and fileids, every deleted revision "
		  "comes back." },
	{ .name = "fileids", .type = API_T_INT, .flags = API_P_MULTI, .offset = offsetof(struct undelete_params, fileids),
	  .desc = "IDs of the deleted file versions to restore." },
	{ .name = "undeletetalk", .type = API_T_BOOL, .offset = offsetof(struct undelete_params, undeletetalk),
	  .desc = "Restore the deleted revisions of the talk page too, if it has any." },
	PAGEACT_WATCHLIST_PARAM(struct undelete_params, watchlist,
				"Follow your preferences (watch pages you edit, or pages you create)."),
	{ 0 }
};

static int exec_undelete(struct api_ctx *ctx, void *vp)
{
	struct undelete_params *p = vp;
	struct wiki_title t, talk;
	const char *err;
	/* A sitewide-blocked user is refused before anything else (ApiUndelete). */
	if (api_check_sitewide_block(ctx) != RC_OK)
		return RC_ERR;
	if (wiki_title_parse(ctx->arena, p->title, 0, &t, &err) != RC_OK || t.is_external || !*t.dbkey)
		return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->title));
	if (t.ns < 0)
		return api_error(ctx, "pagecannotexist", NULL);
	int talk_ns = wiki_ns_talk(t.ns);
	bool talk_asked = p->undeletetalk && !wiki_ns_is_talk(t.ns);
	if (talk_asked)
		wiki_title_make(ctx->arena, talk_ns, t.dbkey, &talk);
	struct wiki_refusal *refused = NULL;
	if (pageact_collect(ctx, "undelete", &t, &refused) != RC_OK ||
	    (talk_asked && pageact_collect(ctx, "undelete", &talk, &refused) != RC_OK))
		return RC_ERR;
	if (refused)
		return pageact_refuse(ctx, refused);
	if (api_check_blocked(ctx, "undelete", &t) != RC_OK || (talk_asked && api_check_blocked(ctx, "undelete", &talk) != RC_OK))
		return RC_ERR;
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;
	bool existed = false;
	int64_t one = 0;
	existed = store_query_int(ctx->store, &one, "SELECT 1 FROM page WHERE page_namespace = ? AND page_title = ?", "dt",
				  t.ns, t.dbkey) == RC_OK;

	int rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	struct wiki_undelete u = {
		.title = &t, .user = ctx->user, .reason = p->reason, .tags = tags, .log = true,
		.timestamps = p->timestamps.v, .n_timestamps = p->timestamps.n,
	};
	/* Only file versions asked for: there are no revisions to restore. */
	bool text_asked = p->timestamps.n || !p->fileids.n;
	rc = text_asked ? wiki_page_undelete(ctx->store, ctx->arena, &u) : RC_NOTFOUND;
	if (rc == RC_INVALID) {
		store_rollback(ctx->store);
		return api_error(ctx, "undeleterevdel", "undeleterevdel");
	}
	if (rc == RC_NOTFOUND) {
		store_rollback(ctx->store);
		/* The talk page's refusal is a warning beside the failure, as after a success. */
		if (p->undeletetalk && wiki_ns_is_talk(t.ns))
			api_warn(ctx, "undelete-error-associated-alreadytalk", "undelete-error-associated-alreadytalk");
		else if (p->undeletetalk && !wiki_archive_has(ctx->store, talk.ns, talk.dbkey))
			api_warn(ctx, "undelete-error-associated-notdeleted", "undelete-error-associated-notdeleted");
		/* Only a search of the deleted revisions finds no results; file versions alone fail plainly. */
		if (text_asked)
			api_error_added(ctx, "undelete-no-results", "undelete-no-results");
		return api_error(ctx, "cantundelete", NULL);
	}
	if (rc == RC_OK && u.failed)
		api_warn(ctx, "undeleterevision-duplicate-revid", "undeleterevision-duplicate-revid",
			 api_p_int(ctx->arena, u.failed));
	int restored = u.restored;
	if (rc == RC_OK && p->undeletetalk) {
		if (wiki_ns_is_talk(t.ns)) {
			api_warn(ctx, "undelete-error-associated-alreadytalk", "undelete-error-associated-alreadytalk");
		} else if (!wiki_archive_has(ctx->store, talk.ns, talk.dbkey)) {
			api_warn(ctx, "undelete-error-associated-notdeleted", "undelete-error-associated-notdeleted");
		} else {
			struct wiki_undelete ut = {
				.title = &talk, .user = ctx->user, .tags = tags, .log = true,
				.reason = arena_printf(ctx->arena, "Restored together with its subject page: %s", p->reason),
			};
			rc = wiki_page_undelete(ctx->store, ctx->arena, &ut);
			if (rc == RC_INVALID || rc == RC_NOTFOUND)
				rc = RC_OK; /* the talk page is secondary: it stays deleted */
			restored += ut.restored;
		}
	}
	if (rc == RC_OK && restored == 0) {
		store_rollback(ctx->store);
		return api_error(ctx, "cantundelete", NULL);
	}
	if (rc == RC_OK)
		rc = pageact_set_watch(ctx, pageact_watch_value(ctx, p->watchlist, &t, existed, NULL), &t);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "undelete");
	api_add_str(res, "title", t.prefixed);
	api_add_int(res, "revisions", restored);
	api_add_int(res, "fileversions", 0);
	api_add_str(res, "reason", p->reason);
	return RC_OK;
}

const struct api_module api_module_undelete = {
	.name = "undelete",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct undelete_params),
	.summary = "Restore deleted revisions of a page.",
	.help = "A list of deleted revisions with their timestamps comes from prop=deletedrevisions; IDs of "
		"deleted file versions from list=filearchive.",
	.examples = (const char *const[]){
		"action=undelete&title=Main%20Page&token=123ABC&reason=Restoring%20Main%20Page",
		"Restore the page Main Page.",
		"action=undelete&title=Main%20Page&token=123ABC&timestamps=2007-07-03T22:00:45Z|2007-07-02T19:48:56Z",
		"Restore two revisions of the page Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Undelete", NULL },
	.exec = exec_undelete,
};
