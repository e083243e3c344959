/* SPDX-License-Identifier: MIT */
/*
 * rollback.c — action=rollback: revert the latest edits of one user on
 * a page, as MediaWiki's ApiRollback with RollbackPage: the edit and
 * rollback permissions on the page (and the user's block), the
 * rollback token, the change tags, then wiki_page_rollback() in one
 * write transaction and the watchlist option (preference
 * watchrollback). Its refusals are MediaWiki's codes: alreadyrolled,
 * onlyauthor (MediaWiki's "cantrollback" message), notvisiblerev,
 * missingtitle. The answer names the page, the summary and the three
 * revisions involved.
 */
#include "pageact_int.h"

#include <stddef.h>

#include "../../store/store.h"

struct rollback_params {
	const char *title;     /* the page */
	long pageid;           /* or its id */
	struct api_list tags;  /* change tags for the rollback's revision */
	const char *user;      /* whose edits to revert */
	const char *summary;   /* custom summary; "" for the automatic one */
	bool markbot;          /* mark the reverted edits and the rollback as bot edits */
	const char *watchlist; /* nochange | preferences | unwatch | watch */
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct rollback_params, title),
	  .desc = "Title of the page to roll back. Give this or pageid." },
	{ .name = "pageid", .type = API_T_INT, .offset = offsetof(struct rollback_params, pageid),
	  .desc = "Page ID of the page to roll back. Give this or title." },
	PAGEACT_TAGS_PARAM(struct rollback_params, tags, "the rollback's revision"),
	{ .name = "user", .type = API_T_USER, .flags = API_P_REQUIRED,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct rollback_params, user),
	  .desc = "The user whose latest edits are reverted. The page's latest revision must be theirs." },
	{ .name = "summary", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct rollback_params, summary),
	  .desc = "Summary of the rollback. Empty for an automatic one. $1 to $6 stand for the restored revision's "
		  "author, the reverted author, the restored revision's ID and time, and the reverted revision's ID "
		  "and time." },
	{ .name = "markbot", .type = API_T_BOOL, .offset = offsetof(struct rollback_params, markbot),
	  .desc = "Mark the reverted edits and the rollback as bot edits (needs the markbotedits or bot right)." },
	PAGEACT_WATCHLIST_PARAM(struct rollback_params, watchlist,
				"Follow your preference for pages you roll back (off by default)."),
	{ 0 }
};

/* The name `user` stands for: "#id" resolved to the account's name (baduser when there is none). */
static int rollback_user(struct api_ctx *ctx, const char *user, const char **name)
{
	*name = user;
	if (user[0] != '#')
		return RC_OK;
	long long id = 0;
	char *found = NULL;
	int rc = util_parse_ll(user + 1, &id) == RC_OK
		 ? store_query_text(ctx->store, ctx->arena, &found, "SELECT user_name FROM \"user\" WHERE user_id = ?", "i",
				    (int64_t)id)
		 : RC_NOTFOUND;
	if (rc == RC_NOTFOUND)
		return api_error(ctx, "baduser", "paramvalidator-baduser", api_p_plain(ctx->arena, "user"),
				 api_p_plain(ctx->arena, user));
	if (rc != RC_OK)
		return api_db_error(ctx);
	*name = found;
	return RC_OK;
}

static int exec_rollback(struct api_ctx *ctx, void *vp)
{
	struct rollback_params *p = vp;
	struct wiki_title t;
	int64_t page_id = 0;
	/* Special: and Media: titles are names of pages that do not exist here (Title::exists()). */
	const char *err;
	if (p->title && !api_param_given(ctx, "pageid") && wiki_title_parse(ctx->arena, p->title, 0, &t, &err) == RC_OK &&
	    !t.is_external && *t.dbkey && t.ns < 0)
		return api_error(ctx, "missingtitle", NULL);
	if (pageact_target(ctx, p->title, api_param_given(ctx, "pageid"), p->pageid, &t, &page_id) != RC_OK)
		return RC_ERR;
	if (!page_id)
		return api_error(ctx, "missingtitle", NULL);
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;
	const char *by;
	if (rollback_user(ctx, p->user, &by) != RC_OK)
		return RC_ERR;
	/* authorizeWrite('edit') and authorizeWrite('rollback'): one status, then the block. */
	struct wiki_refusal *r = NULL;
	if (pageact_collect(ctx, "edit", &t, &r) != RC_OK || pageact_collect(ctx, "rollback", &t, &r) != RC_OK)
		return RC_ERR;
	/* The rate limits of rollback and then edit join the same status (RollbackPage::authorizeRollback). */
	if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "rollback", 1) ||
	    wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "edit", 1)) {
		struct wiki_refusal **tail = &r;
		while (*tail)
			tail = &(*tail)->next;
		*tail = arena_calloc(ctx->arena, 1, sizeof(**tail));
		(*tail)->code = "ratelimited";
		(*tail)->key = "actionthrottledtext";
	}
	if (r)
		return pageact_refuse(ctx, r);
	if (api_check_blocked(ctx, "edit", &t) != RC_OK)
		return RC_ERR;

	bool watch = pageact_watch_value(ctx, p->watchlist, &t, true, "watchrollback");
	struct wiki_rollback rb = {
		.title = &t, .user = ctx->user, .by = by, .summary = p->summary,
		/* The summary is in the content language, whatever uselang says. */
		.msg_revert = api_msg_template("revertpage"), .msg_nouser = api_msg_template("revertpage-nouser"),
		.bot = p->markbot && (wiki_user_can(ctx->user, "markbotedits") || wiki_user_can(ctx->user, "bot")),
		.tags = tags,
	};
	int rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	rc = wiki_page_rollback(ctx->store, ctx->arena, &rb);
	if (rc == RC_OK && rb.outcome == WIKI_RB_DONE)
		rc = pageact_set_watch(ctx, watch, &t);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	switch (rb.outcome) {
	case WIKI_RB_DONE:
		break;
	case WIKI_RB_MISSING:
		return api_error(ctx, "missingtitle", NULL);
	case WIKI_RB_ALREADYROLLED:
		return api_error(ctx, "alreadyrolled", "alreadyrolled", t.prefixed, by, rb.current_user);
	case WIKI_RB_ONLYAUTHOR:
		return api_error(ctx, "onlyauthor", "cantrollback");
	case WIKI_RB_NOTVISIBLE:
		return api_error(ctx, "notvisiblerev", "notvisiblerev");
	}
	struct api_node *res = api_add_object(ctx->result, "rollback");
	api_add_str(res, "title", t.prefixed);
	api_add_int(res, "pageid", rb.page_id);
	api_add_str(res, "summary", rb.summary_out);
	api_add_int(res, "revid", rb.new_rev);
	api_add_int(res, "old_revid", rb.old_rev);
	api_add_int(res, "last_revid", rb.last_rev);
	return RC_OK;
}

const struct api_module api_module_rollback = {
	.name = "rollback",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "rollback",
	.params = params,
	.params_size = sizeof(struct rollback_params),
	.summary = "Revert the latest edits of the user who edited a page last.",
	.examples = (const char *const[]){
		"action=rollback&title=Main%20Page&user=Example&token=123ABC",
		"Roll back the latest edits to Main Page by the user Example.",
		"action=rollback&title=Main%20Page&user=192.0.2.5&token=123ABC&summary=Reverting%20vandalism&markbot=1",
		"Roll back the latest edits to Main Page by the IP address 192.0.2.5 with a summary, marking them as bot "
		"edits.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Rollback", NULL },
	.exec = exec_rollback,
};
