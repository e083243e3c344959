/* SPDX-License-Identifier: MIT */
/*
 * patrol.c — action=patrol: mark a recent change (by rcid, or the edit
 * of a revision by revid) as patrolled, as MediaWiki's ApiPatrol with
 * RecentChange::doMarkPatrolled(): the patrol permission on the page and
 * the user's block; a user without autopatrol may not patrol their own
 * change; a change patrolled already stays as it is and succeeds. The
 * answer gives the rcid and the page.
 */
#include "pageact_int.h"

#include <stddef.h>

#include "../../store/store.h"

struct patrol_params {
	long rcid;            /* recent change to patrol */
	long revid;           /* or the revision whose change to patrol */
	struct api_list tags; /* change tags for the patrol log entry */
};

static const struct api_param params[] = {
	{ .name = "rcid", .type = API_T_INT, .offset = offsetof(struct patrol_params, rcid),
	  .desc = "ID of the recent change to mark as patrolled." },
	{ .name = "revid", .type = API_T_INT, .offset = offsetof(struct patrol_params, revid),
	  .desc = "ID of the revision whose recent change to mark as patrolled." },
	PAGEACT_TAGS_PARAM(struct patrol_params, tags, "the patrol log entry"),
	{ 0 }
};

static int exec_patrol(struct api_ctx *ctx, void *vp)
{
	struct patrol_params *p = vp;
	if (api_require_one_of(ctx, (const char *const[]){ "rcid", "revid", NULL }) != RC_OK)
		return RC_ERR;
	struct wiki_rc rc;
	if (api_param_given(ctx, "rcid")) {
		if (wiki_rc_load(ctx->store, ctx->arena, p->rcid > 0 ? p->rcid : -1, 0, &rc) != RC_OK)
			return api_db_error(ctx);
		if (!rc.id)
			return api_error(ctx, "nosuchrcid", NULL, api_p_int(ctx->arena, p->rcid));
	} else {
		int64_t one = 0;
		int r = p->revid > 0 ? store_query_int(ctx->store, &one, "SELECT 1 FROM revision WHERE rev_id = ?", "i",
						       (int64_t)p->revid)
				     : RC_NOTFOUND;
		if (r == RC_NOTFOUND)
			return api_error(ctx, "nosuchrevid", NULL, api_p_int(ctx->arena, p->revid));
		if (r != RC_OK || wiki_rc_load(ctx->store, ctx->arena, 0, p->revid, &rc) != RC_OK)
			return api_db_error(ctx);
		if (!rc.id)
			return api_error(ctx, "notpatrollable", NULL, api_p_int(ctx->arena, p->revid));
	}
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;
	struct wiki_title t;
	wiki_title_make(ctx->arena, rc.ns, rc.dbkey, &t);
	/* The patrol permission, then one's own change without autopatrol, in one status. */
	struct wiki_refusal *r = NULL;
	if (pageact_collect(ctx, "patrol", &t, &r) != RC_OK)
		return RC_ERR;
	if (streq(ctx->user->name, rc.user) && !wiki_user_can(ctx->user, "autopatrol")) {
		struct wiki_refusal *own = arena_calloc(ctx->arena, 1, sizeof(*own));
		own->code = "noautopatrol";
		own->key = "markedaspatrollederror-noautopatrol";
		struct wiki_refusal **tail = &r;
		while (*tail)
			tail = &(*tail)->next;
		*tail = own;
	}
	if (r)
		return pageact_refuse(ctx, r);
	if (api_check_blocked(ctx, "patrol", &t) != RC_OK)
		return RC_ERR;
	if (api_db_finish(ctx, store_begin(ctx->store) == RC_OK ? wiki_rc_patrol(ctx->store, ctx->arena, &rc, ctx->user, tags)
								 : RC_ERR) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "patrol");
	api_add_int(res, "rcid", rc.id);
	api_add_int(res, "ns", t.ns);
	api_add_str(res, "title", t.prefixed);
	return RC_OK;
}

const struct api_module api_module_patrol = {
	.name = "patrol",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "patrol",
	.params = params,
	.params_size = sizeof(struct patrol_params),
	.summary = "Mark a page revision or a recent change as patrolled.",
	.examples = (const char *const[]){
		"action=patrol&token=123ABC&rcid=230672766", "Mark a recent change as patrolled.",
		"action=patrol&token=123ABC&revid=230672766", "Mark a revision as patrolled.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Patrol", NULL },
	.exec = exec_patrol,
};
