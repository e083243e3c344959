/* SPDX-License-Identifier: MIT */
/*
 * protect.c — action=protect: set, change or remove the protection of
 * a page, or the create protection of a missing title, as MediaWiki's
 * ApiProtect: the protect right (and the right to edit the page) through
 * wiki_perm_check, change tags, each "type=level" checked against the
 * types that apply to the page and the levels the user may set, one
 * expiry per protection (or one for all), then wiki_protect_update()
 * and the watchlist option in one write transaction.
 */
#include "pageact_int.h"

#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/timestamp.h"

struct protect_params {
	const char *title;          /* page to protect */
	long pageid;                /* or its id */
	struct api_list protections; /* "type=level" */
	struct api_list expiry;     /* one per protection, or one for all */
	const char *reason;         /* log reason */
	struct api_list tags;       /* change tags for the log entry */
	bool cascade;               /* protect transcluded pages too */
	bool watch;                 /* deprecated: watch the page */
	const char *watchlist;      /* nochange | preferences | unwatch | watch */
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct protect_params, title),
	  .desc = "Title of the page to protect or unprotect. Give this or pageid." },
	{ .name = "pageid", .type = API_T_INT, .offset = offsetof(struct protect_params, pageid),
	  .desc = "Page ID of the page. Give this or title." },
	{ .name = "protections", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_MULTI,
	  .offset = offsetof(struct protect_params, protections),
	  .desc = "Protections as \"type=level\" (e.g. edit=sysop), level \"all\" removing one. Types not listed "
		  "lose their protection." },
	{ .name = "expiry", .type = API_T_STRING, .flags = API_P_MULTI | API_P_ALLOW_DUPLICATES, .dflt = "infinite",
	  .offset = offsetof(struct protect_params, expiry),
	  .desc = "Expiry of each protection: a time, a relative time such as \"3 days\", or infinite. One value "
		  "applies to all protections; else one per protection, in order." },
	{ .name = "reason", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct protect_params, reason),
	  .desc = "Reason for the change." },
	PAGEACT_TAGS_PARAM(struct protect_params, tags, "the protection log entry"),
	{ .name = "cascade", .type = API_T_BOOL, .offset = offsetof(struct protect_params, cascade),
	  .desc = "Protect the pages this page transcludes too. Needs an edit protection of the highest level; "
		  "otherwise it is ignored." },
	{ .name = "watch", .type = API_T_BOOL, .flags = API_P_DEPRECATED, .offset = offsetof(struct protect_params, watch),
	  .desc = "Add the page to your watchlist. Use watchlist=watch instead." },
	PAGEACT_WATCHLIST_PARAM(struct protect_params, watchlist,
				"Follow your preference for pages you edit (watchdefault)."),
	{ 0 }
};

/* Is `level` one the user may set (its right held; "" always)? */
static bool level_allowed(struct api_ctx *ctx, const char *level)
{
	for (const char *const *l = wiki_protect_levels(); *l; l++)
		if (streq(*l, level))
			return !*level || wiki_user_can(ctx->user, wiki_protect_level_right(level));
	return false;
}

/*
 * May the user protect `t`? As pageact_permitted(), but a user blocked
 * from editing the page is first told "cantedit" (protect-cantedit):
 * MediaWiki's action check ("who may not edit may not protect") asks
 * about the edit with its block, and comes before the block check of
 * the protection itself.
 */
static int permitted(struct api_ctx *ctx, const struct wiki_title *t)
{
	struct wiki_refusal *r = NULL;
	if (pageact_collect(ctx, "protect", t, &r) != RC_OK)
		return RC_ERR;
	const struct wiki_block *b = api_user_block(ctx);
	if (api_main_of(ctx)->errors)
		return RC_ERR;
	int applies = b ? wiki_block_applies_right(b, "edit") : 0;
	bool blocked = applies == 1 || (applies != 0 && wiki_block_applies_page(b, ctx->user, t->ns, t->dbkey));
	bool has_cantedit = false;
	for (const struct wiki_refusal *q = r; q; q = q->next)
		has_cantedit = has_cantedit || streq(q->code, "cantedit");
	if (blocked && !has_cantedit) {
		struct wiki_refusal **tail = &r;
		while (*tail)
			tail = &(*tail)->next;
		*tail = arena_calloc(ctx->arena, 1, sizeof(**tail));
		(*tail)->code = "cantedit";
		(*tail)->key = "protect-cantedit";
	}
	if (r) {
		pageact_refuse(ctx, r);
		/* The status goes on with the block itself, as MediaWiki's does. */
		api_check_blocked(ctx, "protect", t);
		return RC_ERR;
	}
	return api_check_blocked(ctx, "protect", t);
}

static int exec_protect(struct api_ctx *ctx, void *vp)
{
	struct protect_params *p = vp;
	struct wiki_title t;
	int64_t page_id = 0;
	if (pageact_target(ctx, p->title, api_param_given(ctx, "pageid"), p->pageid, &t, &page_id) != RC_OK ||
	    permitted(ctx, &t) != RC_OK)
		return RC_ERR;
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;
	size_t n = p->protections.n;
	if (p->expiry.n != n && p->expiry.n != 1)
		return api_error(ctx, "toofewexpiries", NULL, api_p_int(ctx->arena, (long long)p->expiry.n),
				 api_p_int(ctx->arena, (long long)n));
	const char *types[3];
	size_t n_types = wiki_protect_types(t.ns, page_id != 0, types);
	struct wiki_protect_item *items = arena_calloc(ctx->arena, n + 1, sizeof(*items));
	const char **shown = arena_calloc(ctx->arena, n + 1, sizeof(*shown));
	int64_t now = util_now();
	for (size_t i = 0; i < n; i++) {
		const char *prot = p->protections.v[i], *eq = strchr(prot, '=');
		const char *type = eq ? arena_strndup(ctx->arena, prot, (size_t)(eq - prot)) : prot;
		/* "edit" without a level is read as no level, which removes it (as PHP reads a missing part). */
		const char *level = eq ? eq + 1 : NULL;
		if (page_id && streq(type, "create"))
			return api_error(ctx, "create-titleexists", NULL);
		if (!page_id && !streq(type, "create"))
			return api_error(ctx, "missingtitle-createonly", NULL);
		bool applies = streq(type, "create");
		for (size_t j = 0; j < n_types; j++)
			applies = applies || streq(types[j], type);
		if (!applies)
			return api_error(ctx, "protect-invalidaction", NULL, type);
		if (level && !streq(level, "all") && !level_allowed(ctx, level))
			return api_error(ctx, "protect-invalidlevel", NULL, level);
		const char *ex = p->expiry.v[p->expiry.n == 1 ? 0 : i];
		int64_t when = 0;
		bool inf = false;
		if (ts_parse_expiry(ex, now, &when, &inf) != RC_OK || (!inf && when <= 0))
			return api_error(ctx, "invalidexpiry", NULL, ex);
		char mw[15];
		if (!inf && when < now)
			return api_error(ctx, "pastexpiry", NULL, ex);
		if (!inf)
			ts_format_mw(when, mw);
		items[i] = (struct wiki_protect_item){
			.type = type, .level = level && !streq(level, "all") ? level : "",
			.expiry = inf ? WIKI_INFINITY : arena_strdup(ctx->arena, mw),
		};
		shown[i] = level ? items[i].level : NULL;
	}

	bool watch = pageact_watch_value(ctx, p->watch ? "watch" : p->watchlist, &t, page_id != 0, "watchdefault");
	int rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	rc = pageact_set_watch(ctx, watch, &t);
	struct wiki_protect_change c = {
		.title = &t, .user = ctx->user, .items = items, .n = n, .reason = p->reason, .tags = tags,
		.cascade = p->cascade,
	};
	if (rc == RC_OK)
		rc = wiki_protect_update(ctx->store, ctx->arena, &c);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "protect");
	api_add_str(res, "title", t.prefixed);
	api_add_str(res, "reason", p->reason);
	if (c.cascade)
		api_add_bool(res, "cascade", true);
	struct api_node *list = api_add_array(res, "protections", "protection");
	for (size_t i = 0; i < n; i++) {
		struct api_node *e = api_add_object(list, NULL);
		if (shown[i])
			api_add_str(e, items[i].type, shown[i]);
		else
			api_add_null(e, items[i].type);
		api_add_str(e, "expiry", streq(items[i].expiry, WIKI_INFINITY) ? "infinite"
					 : wiki_timestamp_iso(ctx->arena, items[i].expiry));
	}
	return RC_OK;
}

const struct api_module api_module_protect = {
	.name = "protect",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct protect_params),
	.summary = "Change the protection level of a page.",
	.examples = (const char *const[]){
		"action=protect&title=Main%20Page&token=123ABC&protections=edit=sysop|move=sysop&cascade=&"
		"expiry=20070901163000|never",
		"Protect a page.",
		"action=protect&title=Main%20Page&token=123ABC&protections=edit=all|move=all&reason=Lifting%20restrictions",
		"Unprotect a page by setting restrictions to all.",
		"action=protect&title=Main%20Page&token=123ABC&protections=&reason=Lifting%20restrictions",
		"Unprotect a page by setting no restrictions.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Protect", NULL },
	.exec = exec_protect,
};
