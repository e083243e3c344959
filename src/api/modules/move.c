/* SPDX-License-Identifier: MIT */
/*
 * move.c — action=move: rename a page, and with movetalk its talk page
 * and with movesubpages its subpages, as MediaWiki's ApiMove and
 * MovePage::moveIfAllowed(): the move checked for validity
 * (wiki_move_check) and for permission (move and edit of the source,
 * move-target and edit of the target, the target's create protection),
 * change tags, noredirect only with suppressredirect, then
 * wiki_page_move() in one write transaction with everything the request
 * moves and the watchlist option for both titles.
 *
 * The talk page and the subpages are secondary: when one of them cannot
 * be moved the answer says why (talkmove-errors, per subpage "errors")
 * and the rest goes on, as in MediaWiki.
 */
#include "pageact_int.h"

#include <stddef.h>

#include "../../store/store.h"

struct move_params {
	const char *from;       /* page to move */
	long fromid;            /* or its id */
	const char *to;         /* new title */
	const char *reason;     /* log reason */
	bool movetalk;          /* move the talk page too */
	bool movesubpages;      /* move the subpages too */
	bool noredirect;        /* leave no redirect (needs suppressredirect) */
	const char *watchlist;  /* nochange | preferences | unwatch | watch */
	bool ignorewarnings;    /* ignore warnings (about shared files; none here) */
	struct api_list tags;   /* change tags for the log and the redirect */
};

static const struct api_param params[] = {
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct move_params, from),
	  .desc = "Title of the page to move. Give this or fromid." },
	{ .name = "fromid", .type = API_T_INT, .offset = offsetof(struct move_params, fromid),
	  .desc = "Page ID of the page to move. Give this or from." },
	{ .name = "to", .type = API_T_STRING, .flags = API_P_REQUIRED, .offset = offsetof(struct move_params, to),
	  .desc = "The new title of the page." },
	{ .name = "reason", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct move_params, reason),
	  .desc = "Reason for the move." },
	{ .name = "movetalk", .type = API_T_BOOL, .offset = offsetof(struct move_params, movetalk),
	  .desc = "Move the talk page too, if it exists." },
	{ .name = "movesubpages", .type = API_T_BOOL, .offset = offsetof(struct move_params, movesubpages),
	  .desc = "Move the subpages too, where the namespace has subpages." },
	{ .name = "noredirect", .type = API_T_BOOL, .offset = offsetof(struct move_params, noredirect),
	  .desc = "Leave no redirect behind (needs the suppressredirect right; ignored without it)." },
	PAGEACT_WATCHLIST_PARAM(struct move_params, watchlist,
				"Follow your preference for pages you move (watchmoves)."),
	{ .name = "ignorewarnings", .type = API_T_BOOL, .offset = offsetof(struct move_params, ignorewarnings),
	  .desc = "Ignore warnings." },
	PAGEACT_TAGS_PARAM(struct move_params, tags, "the move log entry and the redirect left behind"),
	{ 0 }
};

/*
 * Every reason `from` cannot be moved to `to` by this user (validity,
 * then the four permission checks, then the target's create protection),
 * as one list like MediaWiki's merged status. RC_OK or RC_ERR after a
 * database error.
 */
static int move_refusals(struct api_ctx *ctx, const struct wiki_title *from, const struct wiki_title *to,
			 struct wiki_refusal **out)
{
	static const struct { const char *action; bool target; } checks[] = {
		{ "move", false }, { "edit", false }, { "move-target", true }, { "edit", true },
	};
	*out = NULL;
	if (wiki_move_check(ctx->store, ctx->arena, from, to, out) != RC_OK)
		return api_db_error(ctx);
	for (size_t i = 0; i < ARRAY_SIZE(checks); i++)
		if (pageact_collect(ctx, checks[i].action, checks[i].target ? to : from, out) != RC_OK)
			return RC_ERR;
	struct wiki_protection *p;
	size_t n = 0;
	if (to->ns >= 0 && wiki_protect_load(ctx->store, ctx->arena, 0, to->ns, to->dbkey, &p, &n) != RC_OK)
		return api_db_error(ctx);
	int64_t exists = 0;
	store_query_int(ctx->store, &exists, "SELECT 1 FROM page WHERE page_namespace = ? AND page_title = ?", "dt",
			to->ns, to->dbkey);
	if (n && !exists && !wiki_user_can(ctx->user, wiki_protect_level_right(p[0].level))) {
		struct wiki_refusal *r = arena_calloc(ctx->arena, 1, sizeof(*r));
		r->code = "protectedtitle";
		r->key = "cantmove-titleprotected";
		while (*out)
			out = &(*out)->next;
		*out = r;
	}
	return RC_OK;
}

/* Move `from` to `to` in the open transaction; `*refused` gets the reasons when it may not be moved. */
static int move_one(struct api_ctx *ctx, const struct move_params *p, const struct wiki_title *from,
		    const struct wiki_title *to, const char *const *tags, struct wiki_move *m, struct wiki_refusal **refused)
{
	if (move_refusals(ctx, from, to, refused) != RC_OK)
		return RC_ERR;
	if (*refused)
		return RC_OK;
	*m = (struct wiki_move){
		.from = from, .to = to, .user = ctx->user, .reason = p->reason, .tags = tags,
		.create_redirect = !p->noredirect || !wiki_user_can(ctx->user, "suppressredirect"),
	};
	int rc = wiki_page_move(ctx->store, ctx->arena, m);
	return rc == RC_OK ? RC_OK : api_db_error(ctx);
}

/*
 * Move the subpages of `from` under `to` (MovePage::moveSubpagesIfAllowed):
 * the list "key" of `res` gets {from, to} or {from, errors} per subpage, or
 * is an object {errors} when none may be moved at all. `moved_id` is the
 * page moved already, which a subpage list may hold again.
 */
static int move_subpages(struct api_ctx *ctx, const struct move_params *p, const struct wiki_title *from,
			 const struct wiki_title *to, const char *const *tags, int64_t moved_id, struct api_node *res,
			 const char *key)
{
	struct wiki_refusal *r = NULL;
	if (wiki_perm_check(ctx->store, ctx->arena, ctx->user, "move-subpages", from, NULL, WIKI_RIGOR_FULL, false, &r) !=
	    RC_OK)
		return api_db_error(ctx);
	const struct wiki_ns *fns = wiki_ns_get(from->ns), *tns = wiki_ns_get(to->ns);
	if (r || !fns || !fns->has_subpages || !tns || !tns->has_subpages) {
		/* Nothing can be moved: an object with the errors instead of the list. */
		struct wiki_refusal *why = arena_calloc(ctx->arena, 1, sizeof(*why));
		if (r) {
			why->code = why->key = "cant-move-subpages";
		} else {
			const struct wiki_ns *bad = !fns || !fns->has_subpages ? fns : tns;
			why->code = why->key = "namespace-nosubpages";
			why->params[0] = bad ? bad->canonical : "";
		}
		pageact_status_array(ctx, api_add_array(api_add_object(res, key), "errors", "error"), why);
		return RC_OK;
	}
	struct api_node *list = api_add_array(res, key, "subpage");
	struct wiki_subpage_move *subs;
	size_t n;
	if (wiki_move_subpages(ctx->store, ctx->arena, from, to, &subs, &n) != RC_OK)
		return api_db_error(ctx);
	for (size_t i = 0; i < n; i++) {
		struct api_node *e = api_add_object(list, NULL);
		api_add_str(e, "from", subs[i].from.prefixed);
		struct wiki_refusal *why = NULL;
		if (i == WIKI_MOVE_MAX_SUBPAGES) {
			why = arena_calloc(ctx->arena, 1, sizeof(*why));
			why->code = why->key = "movepage-max-pages";
			why->params[0] = arena_printf(ctx->arena, "%d", WIKI_MOVE_MAX_SUBPAGES);
			pageact_status_array(ctx, api_add_array(e, "errors", "error"), why);
			break;
		}
		if (subs[i].invalid) {
			why = arena_calloc(ctx->arena, 1, sizeof(*why));
			why->code = why->key = "movepage-invalid-target-title";
			pageact_status_array(ctx, api_add_array(e, "errors", "error"), why);
			continue;
		}
		if (subs[i].page_id == moved_id)
			continue; /* the page itself, moved to a subpage of its own */
		struct wiki_move m;
		if (move_one(ctx, p, &subs[i].from, &subs[i].to, tags, &m, &why) != RC_OK)
			return RC_ERR;
		if (why)
			pageact_status_array(ctx, api_add_array(e, "errors", "error"), why);
		else
			api_add_str(e, "to", subs[i].to.prefixed);
	}
	return RC_OK;
}

static int exec_move(struct api_ctx *ctx, void *vp)
{
	struct move_params *p = vp;
	struct wiki_title from, to;
	int64_t from_id = 0;
	if (api_require_one_of(ctx, (const char *const[]){ "from", "fromid", NULL }) != RC_OK)
		return RC_ERR;
	const char *err;
	if (p->from) {
		if (wiki_title_parse(ctx->arena, p->from, 0, &from, &err) != RC_OK || from.is_external || !*from.dbkey)
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->from));
		store_query_int(ctx->store, &from_id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
				"dt", from.ns, from.dbkey);
	} else if (pageact_target(ctx, NULL, true, p->fromid, &from, &from_id) != RC_OK) {
		return RC_ERR;
	}
	if (!from_id)
		return api_error(ctx, "missingtitle", NULL);
	if (wiki_title_parse(ctx->arena, p->to, 0, &to, &err) != RC_OK || to.is_external || !*to.dbkey)
		return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->to));
	/* The rate limit comes before the permission checks, as in ApiMove (so refused attempts count too). */
	if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "move", 1))
		return api_error(ctx, "ratelimited", NULL);
	struct wiki_refusal *refused = NULL;
	if (move_refusals(ctx, &from, &to, &refused) != RC_OK)
		return RC_ERR;
	/* Tag errors join the same status in MediaWiki; reported after the others here. */
	if (refused)
		return pageact_refuse(ctx, refused);
	/* Blocks, the last permission check of each action (a blocked mover spreads autoblocks, as MovePage). */
	if (api_check_blocked(ctx, "move", &from) != RC_OK || api_check_blocked(ctx, "edit", &from) != RC_OK ||
	    api_check_blocked(ctx, "move-target", &to) != RC_OK || api_check_blocked(ctx, "edit", &to) != RC_OK) {
		api_spread_block(ctx);
		return RC_ERR;
	}
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;

	int rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	struct wiki_move m;
	if (move_one(ctx, p, &from, &to, tags, &m, &refused) != RC_OK || refused) {
		/* Refused now although allowed a moment ago: something changed in between. */
		store_rollback(ctx->store);
		return refused ? pageact_refuse(ctx, refused) : RC_ERR;
	}
	struct api_node *res = api_add_object(ctx->result, "move");
	api_add_str(res, "from", from.prefixed);
	api_add_str(res, "to", to.prefixed);
	api_add_str(res, "reason", p->reason);
	api_add_bool(res, "redirectcreated", m.redirect_created);
	api_add_bool(res, "moveoverredirect", m.over_redirect);

	/* The talk page, when the page is a subject page and its talk page exists. */
	struct wiki_title from_talk, to_talk;
	int talk_ns = wiki_ns_talk(from.ns), to_talk_ns = wiki_ns_talk(to.ns);
	bool has_to_talk = to_talk_ns != WIKI_NS_NONE;
	if (talk_ns != WIKI_NS_NONE)
		wiki_title_make(ctx->arena, talk_ns, from.dbkey, &from_talk);
	if (has_to_talk)
		wiki_title_make(ctx->arena, to_talk_ns, to.dbkey, &to_talk);
	int64_t talk_exists = 0;
	if (p->movetalk && has_to_talk && talk_ns != WIKI_NS_NONE && !wiki_ns_is_talk(from.ns) &&
	    store_query_int(ctx->store, &talk_exists, "SELECT 1 FROM page WHERE page_namespace = ? AND page_title = ?",
			    "dt", from_talk.ns, from_talk.dbkey) == RC_OK) {
		struct wiki_move tm;
		struct wiki_refusal *why = NULL;
		if (move_one(ctx, p, &from_talk, &to_talk, tags, &tm, &why) != RC_OK) {
			store_rollback(ctx->store);
			return RC_ERR;
		}
		if (why) {
			pageact_status_array(ctx, api_add_array(res, "talkmove-errors", "error"), why);
		} else {
			api_add_str(res, "talkfrom", from_talk.prefixed);
			api_add_str(res, "talkto", to_talk.prefixed);
			api_add_bool(res, "talkmoveoverredirect", tm.over_redirect);
		}
	}
	if (p->movesubpages) {
		if (move_subpages(ctx, p, &from, &to, tags, m.page_id, res, "subpages") != RC_OK ||
		    (p->movetalk && has_to_talk && talk_ns != WIKI_NS_NONE &&
		     move_subpages(ctx, p, &from_talk, &to_talk, tags, m.page_id, res, "subpages-talk") != RC_OK)) {
			store_rollback(ctx->store);
			return RC_ERR;
		}
	}
	/* Both titles follow the watchlist option (the watchmoves preference by default). */
	rc = pageact_set_watch(ctx, pageact_watch_value(ctx, p->watchlist, &from, true, "watchmoves"), &from);
	if (rc == RC_OK)
		rc = pageact_set_watch(ctx, pageact_watch_value(ctx, p->watchlist, &to, true, "watchmoves"), &to);
	return api_db_finish(ctx, rc);
}

const struct api_module api_module_move = {
	.name = "move",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct move_params),
	.summary = "Move a page.",
	.examples = (const char *const[]){
		"action=move&from=Badtitle&to=Goodtitle&token=123ABC&reason=Misspelled%20title&movetalk=&noredirect=",
		"Move Badtitle to Goodtitle without leaving a redirect.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Move", NULL },
	.exec = exec_move,
};
