/* SPDX-License-Identifier: MIT */
/*
 * mergehistory.c — action=mergehistory: move the older revisions of one
 * page into the history of another, as MediaWiki 1.39's ApiMergeHistory
 * with MergeHistory: exactly one of from/fromid and of to/toid
 * (invalidtitle, nosuchpageid); then the merge's validity (missing
 * pages, a page into itself, overlapping histories, too many
 * revisions: every reason at once), then the permission to edit both
 * pages and the mergehistory right (mergehistory-fail-permission); the
 * merge itself is one write transaction (wiki_merge_history()).
 */
#include "pageact_int.h"

#include <stddef.h>

#include "../../store/store.h"

struct mergehistory_params {
	const char *from;      /* source title */
	long fromid;           /* or its page id */
	const char *to;        /* destination title */
	long toid;             /* or its page id */
	const char *timestamp; /* merge revisions up to this time (14 digits), or NULL */
	const char *reason;    /* log reason */
};

static const struct api_param params[] = {
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct mergehistory_params, from),
	  .desc = "Title of the page whose history is merged. Give this or fromid." },
	{ .name = "fromid", .type = API_T_INT, .offset = offsetof(struct mergehistory_params, fromid),
	  .desc = "Page ID of the page whose history is merged. Give this or from." },
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct mergehistory_params, to),
	  .desc = "Title of the page that receives the history. Give this or toid." },
	{ .name = "toid", .type = API_T_INT, .offset = offsetof(struct mergehistory_params, toid),
	  .desc = "Page ID of the page that receives the history. Give this or to." },
	{ .name = "timestamp", .type = API_T_TIMESTAMP, .offset = offsetof(struct mergehistory_params, timestamp),
	  .desc = "Merge the source's revisions up to this time. Without it, every revision of the source "
		  "moves." },
	{ .name = "reason", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct mergehistory_params, reason),
	  .desc = "Reason for the merge." },
	{ 0 }
};

/*
 * One side of the merge from its title or page id (Title::newFromText /
 * newFromID): `*t` and `*id` (0 when the page does not exist).
 */
static int side(struct api_ctx *ctx, const char *title, long pageid, struct wiki_title *t, int64_t *id)
{
	*id = 0;
	if (title) {
		const char *err = NULL;
		if (wiki_title_parse(ctx->arena, title, 0, t, &err) != RC_OK || t->is_external || !*t->dbkey)
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, title));
		if (t->ns < 0)
			return RC_OK;
		int rc = store_query_int(ctx->store, id, "SELECT page_id FROM page WHERE page_namespace = ?"
							 " AND page_title = ?", "dt", t->ns, t->dbkey);
		return rc == RC_OK || rc == RC_NOTFOUND ? RC_OK : api_db_error(ctx);
	}
	struct store_stmt *s = store_prepare(ctx->store, "SELECT page_namespace, page_title FROM page WHERE page_id = ?");
	store_bindv(s, "i", (int64_t)pageid);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		*id = pageid;
		wiki_title_make(ctx->arena, (int)store_col_int(s, 0), store_col_text(s, 1), t);
	}
	store_stmt_done(s);
	if (rc < 0)
		return api_db_error(ctx);
	if (rc != STORE_ROW)
		return api_error(ctx, "nosuchpageid", NULL, api_p_int(ctx->arena, pageid));
	return RC_OK;
}

/* MergeHistory::authorizeMerge(): edit on both pages, then the mergehistory right. */
static int permitted(struct api_ctx *ctx, const struct wiki_title *from, const struct wiki_title *to)
{
	struct wiki_refusal *all = NULL;
	if (pageact_collect(ctx, "edit", from, &all) != RC_OK || pageact_collect(ctx, "edit", to, &all) != RC_OK)
		return RC_ERR;
	if (!wiki_user_can(ctx->user, "mergehistory")) {
		struct wiki_refusal **tail = &all;
		while (*tail)
			tail = &(*tail)->next;
		*tail = arena_calloc(ctx->arena, 1, sizeof(**tail));
		(*tail)->code = "mergehistory-fail-permission";
		(*tail)->key = "mergehistory-fail-permission";
	}
	if (all)
		return pageact_refuse(ctx, all);
	if (api_check_blocked(ctx, "edit", from) != RC_OK)
		return RC_ERR;
	return api_check_blocked(ctx, "edit", to);
}

static int exec_mergehistory(struct api_ctx *ctx, void *vp)
{
	struct mergehistory_params *p = vp;
	if (api_require_one_of(ctx, (const char *const[]){ "from", "fromid", NULL }) != RC_OK ||
	    api_require_one_of(ctx, (const char *const[]){ "to", "toid", NULL }) != RC_OK)
		return RC_ERR;
	struct wiki_title from, to;
	struct wiki_merge m = { .source = &from, .dest = &to, .timestamp = p->timestamp, .user = ctx->user,
				.reason = p->reason };
	if (side(ctx, p->from, p->fromid, &from, &m.source_id) != RC_OK ||
	    side(ctx, p->to, p->toid, &to, &m.dest_id) != RC_OK)
		return RC_ERR;

	int rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	struct wiki_refusal *invalid = NULL;
	rc = wiki_merge_check(ctx->store, ctx->arena, &m, &invalid);
	if (rc != RC_OK)
		return api_db_finish(ctx, rc);
	if (invalid || permitted(ctx, &from, &to) != RC_OK) {
		store_rollback(ctx->store);
		return invalid ? pageact_refuse(ctx, invalid) : RC_ERR;
	}
	rc = wiki_merge_history(ctx->store, ctx->arena, &m);
	if (rc == RC_NOTFOUND) {
		store_rollback(ctx->store);
		return api_error(ctx, "mergehistory-fail-no-change", "mergehistory-fail-no-change");
	}
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "mergehistory");
	api_add_str(res, "from", from.prefixed);
	api_add_str(res, "to", to.prefixed);
	char now[15];
	if (!p->timestamp)
		wiki_timestamp_now(now);
	api_add_str(res, "timestamp", wiki_timestamp_iso(ctx->arena, p->timestamp ? p->timestamp : now));
	api_add_str(res, "reason", p->reason);
	return RC_OK;
}

const struct api_module api_module_mergehistory = {
	.name = "mergehistory",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct mergehistory_params),
	.summary = "Merge the histories of two pages.",
	.examples = (const char *const[]){
		"action=mergehistory&from=Oldpage&to=Newpage&token=123ABC&reason=Reason",
		"Merge the whole history of Oldpage into Newpage.",
		"action=mergehistory&from=Oldpage&to=Newpage&token=123ABC&reason=Reason&timestamp=2015-12-31T04%3A37%3A41Z",
		"Merge the revisions of Oldpage up to 2015-12-31T04:37:41Z into Newpage.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Mergehistory", NULL },
	.exec = exec_mergehistory,
};
