/* SPDX-License-Identifier: MIT */
/*
 * pageact.c — helpers of the actions on one page (see pageact_int.h):
 * the target page, permission refusals as API errors, change tags a
 * client may add, and the watchlist option, shared so every action
 * answers the same way.
 */
#include "pageact_int.h"

#include <stdlib.h>

#include "../../store/store.h"

int pageact_target(struct api_ctx *ctx, const char *title, bool pageid_given, long pageid, struct wiki_title *t,
		   int64_t *page_id)
{
	if (!!title == pageid_given)
		return api_require_one_of(ctx, (const char *const[]){ "title", "pageid", NULL });
	int64_t id = 0;
	if (title) {
		const char *err = NULL;
		if (wiki_title_parse(ctx->arena, title, 0, t, &err) != RC_OK || t->is_external || !*t->dbkey)
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, title));
		if (t->ns < 0)
			return api_error(ctx, "pagecannotexist", NULL);
		int rc = store_query_int(ctx->store, &id, "SELECT page_id FROM page WHERE page_namespace = ?"
						     " AND page_title = ?", "dt", t->ns, t->dbkey);
		if (rc != RC_OK && rc != RC_NOTFOUND)
			return api_db_error(ctx);
	} else {
		struct store_stmt *s = store_prepare(ctx->store, "SELECT page_namespace, page_title FROM page WHERE page_id = ?");
		store_bindv(s, "i", (int64_t)pageid);
		int rc = store_step(s);
		if (rc == STORE_ROW) {
			id = pageid;
			wiki_title_make(ctx->arena, (int)store_col_int(s, 0), store_col_text(s, 1), t);
		}
		store_stmt_done(s);
		if (rc < 0)
			return api_db_error(ctx);
		if (rc != STORE_ROW)
			return api_error(ctx, "nosuchpageid", NULL, api_p_int(ctx->arena, pageid));
	}
	if (page_id)
		*page_id = id;
	return RC_OK;
}

/* True when refusals `a` and `b` say the same (key and parameters). */
static bool same_refusal(const struct wiki_refusal *a, const struct wiki_refusal *b)
{
	if (!streq(a->key, b->key))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(a->params); i++) {
		if (!a->params[i] || !b->params[i])
			return a->params[i] == b->params[i];
		if (!streq(a->params[i], b->params[i]))
			return false;
	}
	return true;
}

int pageact_refuse(struct api_ctx *ctx, const struct wiki_refusal *r)
{
	const struct wiki_refusal *first = r;
	for (; r; r = r->next) {
		/* A status holds each message once (StatusValue drops repeats). */
		bool seen = false;
		for (const struct wiki_refusal *q = first; q != r && !seen; q = q->next)
			seen = same_refusal(q, r);
		if (seen)
			continue;
		const char *const *p = api_refusal_params(ctx, r);
		api_error(ctx, r->code, r->key, p[0], p[0] ? p[1] : NULL, p[0] && p[1] ? p[2] : NULL);
	}
	return RC_ERR;
}

void pageact_status_array(struct api_ctx *ctx, struct api_node *list, const struct wiki_refusal *r)
{
	enum api_errorformat ef = api_main_of(ctx)->errorformat;
	api_node_set_element(list, "error");
	for (; r; r = r->next) {
		struct api_node *e = api_add_object(list, NULL);
		if (ef == API_EF_BC) {
			api_add_str(e, "message", r->key);
			struct api_node *pl = api_add_array(e, "params", "param");
			for (size_t i = 0; r->params[i]; i++)
				api_add_str(pl, NULL, r->params[i]);
			api_add_str(e, "code", r->code);
			api_add_str(e, "type", "error");
		} else {
			api_add_str(e, "code", r->code);
			api_add_message(ctx, e, ef, r->key, api_refusal_params(ctx, r));
		}
	}
}

int pageact_collect(struct api_ctx *ctx, const char *action, const struct wiki_title *t, struct wiki_refusal **all)
{
	struct wiki_refusal *r = NULL;
	if (wiki_perm_check(ctx->store, ctx->arena, ctx->user, action, t, NULL, WIKI_RIGOR_FULL, false, &r) != RC_OK)
		return api_db_error(ctx);
	while (*all)
		all = &(*all)->next;
	*all = r;
	return RC_OK;
}

int pageact_permitted(struct api_ctx *ctx, const char *action, const struct wiki_title *t)
{
	struct wiki_refusal *r = NULL;
	if (wiki_perm_check(ctx->store, ctx->arena, ctx->user, action, t, NULL, WIKI_RIGOR_FULL, false, &r) != RC_OK)
		return api_db_error(ctx);
	if (r)
		return pageact_refuse(ctx, r);
	/* Blocks are MediaWiki's last permission check. */
	return api_check_blocked(ctx, action, t);
}

int pageact_tags(struct api_ctx *ctx, const struct api_list *tags, const char *const **out)
{
	*out = NULL;
	if (!tags || !tags->n)
		return RC_OK;
	if (api_check_tags(ctx, tags) != RC_OK)
		return RC_ERR;
	const char **v = arena_calloc(ctx->arena, tags->n + 1, sizeof(*v));
	for (size_t i = 0; i < tags->n; i++)
		v[i] = tags->v[i];
	*out = v;
	return RC_OK;
}

/* True for a preference stored or defaulting to a true value, as getBoolOption(). */
static bool pref_on(struct api_ctx *ctx, const char *name)
{
	const char *v = wiki_user_option_get(ctx->store, ctx->arena, ctx->user->id, name);
	return v && *v && !streq(v, "0");
}

/* The user is in the bot group (User::isBot()). */
static bool in_bot_group(const struct wiki_user *u)
{
	for (size_t i = 0; u->groups && u->groups[i]; i++)
		if (streq(u->groups[i], "bot"))
			return true;
	return false;
}

bool pageact_watch_value(struct api_ctx *ctx, const char *watchlist, const struct wiki_title *t, bool exists,
			 const char *pref)
{
	bool watching = wiki_watch_is_watched(ctx->store, ctx->user->id, t->ns, t->dbkey);
	if (streq(watchlist, "watch"))
		return true;
	if (streq(watchlist, "unwatch"))
		return false;
	if (!streq(watchlist, "preferences") || watching || in_bot_group(ctx->user))
		return watching;
	if (pref)
		return pref_on(ctx, pref);
	return pref_on(ctx, "watchdefault") || (pref_on(ctx, "watchcreations") && !exists);
}

int pageact_set_watch(struct api_ctx *ctx, bool watch, const struct wiki_title *t)
{
	if (ctx->user->id <= 0 || !wiki_watch_is_watchable(t->ns) ||
	    watch == wiki_watch_is_watched(ctx->store, ctx->user->id, t->ns, t->dbkey))
		return RC_OK;
	if (watch)
		return wiki_watch_add(ctx->store, ctx->user->id, t->ns, t->dbkey);
	if (!wiki_user_can(ctx->user, "editmywatchlist"))
		return RC_OK;
	return wiki_watch_remove(ctx->store, ctx->user->id, t->ns, t->dbkey);
}
