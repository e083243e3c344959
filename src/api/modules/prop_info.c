/* SPDX-License-Identifier: MIT */
/*
 * prop_info.c — prop=info: basic facts about every page of the set
 * (content model, language, touched, latest revision, length, redirect,
 * new) and, per inprop, protection, watch state, talk/subject pages,
 * URLs, display title, link classes; intestactions asks whether the
 * user may do actions on the pages.
 *
 * Only existing and missing pages get members; invalid and special
 * entries stay as the page set wrote them. Pages are processed in page
 * id order so that incontinue can resume after a result that grew past
 * its cap.
 */
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct info_params {
	struct api_list prop;        /* inprop */
	const char *linkcontext;     /* inlinkcontext (only affects link classes) */
	struct api_list testactions; /* intestactions */
	const char *testdetail;      /* intestactionsdetail */
	const char *cont;            /* incontinue: page id to resume at */
};

static const char *const prop_values[] = {
	"associatedpage", "displaytitle", "linkclasses", "notificationtimestamp", "preload",
	"protection", "subjectid", "talkid", "url", "varianttitles", "visitingwatchers",
	"watched", "watchers", "readable", NULL
};
static const char *const prop_deprecated[] = { "readable", NULL };
static const char *const detail_values[] = { "boolean", "full", "quick", NULL };

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = prop_values,
	  .deprecated_values = prop_deprecated, .offset = offsetof(struct info_params, prop),
	  .desc = "Extra facts to add for each page.",
	  .value_descs = (const char *const[]){
		  "associatedpage=The prefixed title of the associated subject or talk page.",
		  "displaytitle=The way the page title is actually displayed.",
		  "linkclasses=The CSS classes a link to this page would get.",
		  "notificationtimestamp=When the user was last notified of a change to the page.",
		  "preload=The text an edit form would be preloaded with (empty for existing pages).",
		  "protection=Protection levels of the page.",
		  "subjectid=The page ID of the subject page of a talk page.",
		  "talkid=The page ID of the talk page of a subject page.",
		  "url=Full URL, edit URL and canonical URL of the page.",
		  "varianttitles=The display title in every language variant.",
		  "visitingwatchers=How many watchers have visited recent edits of the page.",
		  "watched=Whether the user watches the page.",
		  "watchers=How many users watch the page.",
		  "readable=Whether the user can read the page (use intestactions=read instead).",
		  NULL } },
	{ .name = "linkcontext", .type = API_T_TITLE, .dflt = "Main Page",
	  .offset = offsetof(struct info_params, linkcontext),
	  .desc = "The page that would contain the links, for linkclasses." },
	{ .name = "testactions", .type = API_T_STRING, .flags = API_P_MULTI,
	  .offset = offsetof(struct info_params, testactions),
	  .desc = "Actions to check whether the current user may do them on the pages." },
	{ .name = "testactionsdetail", .type = API_T_ENUM, .values = detail_values, .dflt = "boolean",
	  .offset = offsetof(struct info_params, testdetail),
	  .desc = "How much detail intestactions gives.",
	  .value_descs = (const char *const[]){
		  "boolean=A boolean per action.",
		  "full=The reasons an action is not allowed, as messages (empty when allowed).",
		  "quick=Like full, skipping the more expensive checks.",
		  NULL } },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct info_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* Seconds in $wgWatchersMaxAge (180 days): older notifications mean a watcher has gone away. */
#define WATCHERS_MAX_AGE (180 * 86400)

/* Requested inprop values as flags. */
struct info_fields {
	bool protection, talkid, subjectid, watched, watchers, visiting, notif, associated, url, readable,
		preload, displaytitle, varianttitles, linkclasses;
};

/* Title::compare: by namespace, then by database key. */
static int cmp_page_title(const void *a, const void *b)
{
	const struct query_page *x = *(struct query_page *const *)a, *y = *(struct query_page *const *)b;
	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return strcmp(x->dbkey, y->dbkey);
}

/*
 * The title where incontinue ("namespace|text", as MediaWiki writes it)
 * resumes, into *t. RC_ERR when it is no valid title (badcontinue).
 */
static int read_continue(struct api_ctx *ctx, const char *cont, struct wiki_title *t)
{
	const char *bar = strchr(cont, '|');
	if (!bar || strchr(bar + 1, '|'))
		return RC_ERR;
	/* PHP's (int): leading digits, 0 without any. */
	int ns = (int)strtol(cont, NULL, 10);
	if (!wiki_ns_valid(ns))
		return RC_ERR;
	const char *prefix = wiki_ns_text(ns);
	const char *full = arena_printf(ctx->arena, "%s%s%s", prefix, *prefix ? ":" : "", bar + 1);
	return wiki_title_parse(ctx->arena, full, 0, t, NULL) == RC_OK && !t->is_external ? RC_OK : RC_ERR;
}

/* page_id of (ns, dbkey), or 0. */
static int64_t page_id_of(struct api_ctx *ctx, int ns, const char *dbkey)
{
	int64_t id = 0;
	if (store_query_int(ctx->store, &id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
			    "dt", ns, dbkey) != RC_OK)
		return 0;
	return id;
}

/* The 14-digit UTC time `secs` seconds from now (negative: in the past). */
static const char *ts_offset(struct arena *a, int64_t secs)
{
	time_t t = (time_t)(util_now() + secs);
	struct tm tm;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			    tm.tm_min, tm.tm_sec);
}

/* Protection entries of a page (or of a missing title) into `node`. */
static void add_protection(struct api_ctx *ctx, const struct query_page *p, struct api_node *node)
{
	struct api_node *list = api_add_array(node, "protection", "pr");
	const char *now = ts_offset(ctx->arena, 0);
	struct store_stmt *st;
	if (p->kind == QUERY_PAGE_GOOD) {
		st = store_prepare(ctx->store, "SELECT pr_type, pr_level, COALESCE(pr_expiry, 'infinity'), pr_cascade"
					       " FROM page_restrictions WHERE pr_page = ? ORDER BY pr_id");
		store_bindv(st, "i", p->id);
	} else {
		st = store_prepare(ctx->store, "SELECT 'create', pt_create_perm, pt_expiry, 0 FROM protected_titles"
					       " WHERE pt_namespace = ? AND pt_title = ?");
		store_bindv(st, "dt", p->ns, p->dbkey);
	}
	while (store_step(st) == STORE_ROW) {
		const char *expiry = store_col_text(st, 2);
		if (!streq(expiry, "infinity") && strcmp(expiry, now) < 0)
			continue; /* expired: no longer in force */
		struct api_node *e = api_add_object(list, NULL);
		api_add_str(e, "type", store_col_text(st, 0));
		api_add_str(e, "level", store_col_text(st, 1));
		api_add_str(e, "expiry", query_ts_iso(ctx->arena, expiry));
		if (store_col_int(st, 3))
			api_add_bool(e, "cascade", true);
	}
	store_stmt_done(st);
	struct api_node *types = api_add_array(node, "restrictiontypes", "rt");
	if (p->kind != QUERY_PAGE_GOOD) {
		api_add_str(types, NULL, "create");
		return;
	}
	api_add_str(types, NULL, "edit");
	api_add_str(types, NULL, "move");
	if (p->ns == WIKI_NS_FILE)
		api_add_str(types, NULL, "upload");
}

/* Watch state: watched, watchers, visitingwatchers, notificationtimestamp. */
static void add_watch(struct api_ctx *ctx, const struct query_page *p, const struct info_fields *f,
		      struct api_node *node)
{
	bool logged_in = ctx->user->id > 0 && wiki_user_can(ctx->user, "viewmywatchlist");
	bool is_watched = false;
	const char *notif = NULL;
	if (logged_in && (f->watched || f->notif)) {
		struct store_stmt *st = store_prepare(ctx->store,
			"SELECT wl_notificationtimestamp FROM watchlist WHERE wl_user = ? AND wl_namespace = ?"
			" AND wl_title = ?");
		store_bindv(st, "idt", ctx->user->id, p->ns, p->dbkey);
		if (store_step(st) == STORE_ROW) {
			is_watched = true;
			notif = store_col_dup(st, ctx->arena, 0);
		}
		store_stmt_done(st);
	}
	/* Written for everyone, false when the user may not have a watchlist, as in MediaWiki. */
	if (f->watched)
		api_add_bool(node, "watched", is_watched);
	/* Watcher counts are shown to users who may see unwatched pages ($wgUnwatchedPageThreshold unset). */
	bool show_counts = wiki_user_can(ctx->user, "unwatchedpages");
	if (f->watchers && show_counts) {
		int64_t n = 0;
		store_query_int(ctx->store, &n, "SELECT COUNT(*) FROM watchlist WHERE wl_namespace = ? AND wl_title = ?",
				"dt", p->ns, p->dbkey);
		api_add_int(node, "watchers", n);
	}
	if (f->visiting && show_counts) {
		/* Visiting = saw the page since its last edit, or was notified within the max age. */
		const char *since = ts_offset(ctx->arena, -WATCHERS_MAX_AGE);
		int64_t n = 0;
		store_query_int(ctx->store, &n,
				"SELECT COUNT(*) FROM watchlist WHERE wl_namespace = ? AND wl_title = ?"
				" AND (wl_notificationtimestamp IS NULL OR wl_notificationtimestamp >= ?)",
				"dtt", p->ns, p->dbkey, since);
		api_add_int(node, "visitingwatchers", n);
	}
	if (f->notif)
		api_add_str(node, "notificationtimestamp", notif ? query_ts_iso(ctx->arena, notif) : "");
}

/* index.php URL of `t` with a query part. */
static const char *index_url(struct api_ctx *ctx, const struct wiki_title *t, const char *query)
{
	return arena_printf(ctx->arena, "%s%s/index.php?title=%s&%s", config.server ? config.server : "",
			    config.scriptpath ? config.scriptpath : "", wiki_urlencode(ctx->arena, t->prefixed_dbkey),
			    query);
}


/* The page's displaytitle page property, or NULL. */
static const char *display_title(struct api_ctx *ctx, const struct query_page *p)
{
	if (p->kind != QUERY_PAGE_GOOD)
		return NULL;
	char *v = NULL;
	if (store_query_text(ctx->store, ctx->arena, &v,
			     "SELECT pp_value FROM page_props WHERE pp_page = ? AND pp_propname = 'displaytitle'", "i",
			     p->id) != RC_OK)
		return NULL;
	return v;
}

/* ---------- intestactions ---------- */

/*
 * Why the user may not do `action` on `p` (wiki_perm_check); NULL when
 * allowed. `quick` skips protection lookups (testactionsdetail=quick).
 */
static struct wiki_refusal *check_action(struct api_ctx *ctx, const struct query_page *p, const char *action, bool quick)
{
	struct wiki_title t;
	wiki_title_make(ctx->arena, p->ns, p->dbkey, &t);
	struct wiki_refusal *r = NULL;
	wiki_perm_check(ctx->store, ctx->arena, ctx->user, action, &t, NULL, quick ? WIKI_RIGOR_QUICK : WIKI_RIGOR_FULL,
			false, &r);
	return r;
}

/* One refusal as the errorformat renders messages (like the errors array, without module). */
static void add_refusal(struct api_ctx *ctx, struct api_node *list, const struct wiki_refusal *r)
{
	struct api_main *m = api_main_of(ctx);
	struct api_node *e = api_add_object(list, NULL);
	api_add_str(e, "code", r->code);
	/* The bc format shows the text here, like plaintext. */
	api_add_message(ctx, e, m->errorformat == API_EF_BC ? API_EF_PLAINTEXT : m->errorformat, r->key,
			api_refusal_params(ctx, r));
}

static void add_actions(struct api_ctx *ctx, const struct info_params *ip, const struct query_page *p,
			struct api_node *node)
{
	struct api_node *acts = api_add_object(node, "actions");
	bool boolean = !ip->testdetail || streq(ip->testdetail, "boolean");
	bool quick = streq(ip->testdetail, "quick");
	for (size_t i = 0; i < ip->testactions.n; i++) {
		const char *a = ip->testactions.v[i];
		struct wiki_refusal *r = check_action(ctx, p, a, quick);
		if (boolean) {
			/* formatversion 1 writes allowed as "" and leaves refused actions out. */
			api_add_bool(acts, arena_strdup(ctx->arena, a), r == NULL);
			continue;
		}
		struct api_node *list = api_add_array(acts, arena_strdup(ctx->arena, a), "error");
		for (; r; r = r->next)
			add_refusal(ctx, list, r);
	}
}

/* ---------- the module ---------- */

static void add_info(struct api_ctx *ctx, const struct info_params *ip, const struct info_fields *f,
		     struct query_page *p)
{
	struct api_node *node = query_page_node(ctx, p);
	bool good = p->kind == QUERY_PAGE_GOOD;
	struct wiki_title t;
	wiki_title_make(ctx->arena, p->ns, p->dbkey, &t);
	const char *lang = p->lang && *p->lang ? p->lang : (config.lang ? config.lang : "en");

	api_add_str(node, "contentmodel", query_page_model(p));
	api_add_str(node, "pagelanguage", lang);
	const struct wiki_language *wl = wiki_language_find(lang);
	api_add_str(node, "pagelanguagehtmlcode", wl && wl->bcp47 ? wl->bcp47 : lang);
	api_add_str(node, "pagelanguagedir",
		    (streq(lang, "ar") || streq(lang, "he") || streq(lang, "fa") || streq(lang, "ur")) ? "rtl" : "ltr");
	if (good) {
		api_add_str(node, "touched", query_ts_iso(ctx->arena, p->touched));
		api_add_int(node, "lastrevid", p->latest);
		api_add_int(node, "length", p->len);
		if (p->is_redirect)
			api_add_bool(node, "redirect", true);
		if (p->is_new)
			api_add_bool(node, "new", true);
	}
	if (f->protection)
		add_protection(ctx, p, node);
	if (f->watched || f->watchers || f->visiting || f->notif)
		add_watch(ctx, p, f, node);
	int other_ns = wiki_ns_is_talk(p->ns) ? wiki_ns_subject(p->ns) : wiki_ns_talk(p->ns);
	if (f->talkid && !wiki_ns_is_talk(p->ns) && other_ns != WIKI_NS_NONE) {
		int64_t id = page_id_of(ctx, other_ns, p->dbkey);
		if (id)
			api_add_int(node, "talkid", id);
	}
	if (f->subjectid && wiki_ns_is_talk(p->ns)) {
		int64_t id = page_id_of(ctx, other_ns, p->dbkey);
		if (id)
			api_add_int(node, "subjectid", id);
	}
	if (f->associated && other_ns != WIKI_NS_NONE) {
		struct wiki_title o;
		wiki_title_make(ctx->arena, other_ns, p->dbkey, &o);
		api_add_str(node, "associatedpage", o.prefixed);
	}
	if (f->url) {
		const char *full = wiki_title_url(ctx->arena, &t);
		api_add_str(node, "fullurl", full);
		api_add_str(node, "editurl", index_url(ctx, &t, "action=edit"));
		api_add_str(node, "canonicalurl", full);
	}
	if (f->readable)
		api_add_bool(node, "readable", wiki_user_can(ctx->user, "read"));
	if (f->preload) {
		/* No preload text source exists besides hooks MediaWiki core does not have: null for new pages. */
		if (good)
			api_add_str(node, "preload", "");
		else
			api_add_null(node, "preload");
	}
	const char *dt = NULL;
	if (f->displaytitle || f->varianttitles)
		dt = display_title(ctx, p);
	if (!dt)
		dt = api_html_escape(ctx->arena, p->title);
	if (f->displaytitle)
		api_add_str(node, "displaytitle", dt);
	if (f->varianttitles && good) {
		struct api_node *v = api_add_object(node, "varianttitles");
		api_add_str(v, config.lang ? config.lang : "en", dt);
	}
	if (f->linkclasses && good) {
		struct api_node *lc = api_add_array(node, "linkclasses", "lc");
		if (p->is_redirect)
			api_add_str(lc, NULL, "mw-redirect");
	}
	if (ip->testactions.n)
		add_actions(ctx, ip, p, node);
}

static int exec_info(struct api_ctx *ctx, void *vp)
{
	struct info_params *ip = vp;
	struct api_pageset *ps = query_pageset_current(ctx);
	struct info_fields f = {
		.protection = api_list_has(&ip->prop, "protection"),
		.talkid = api_list_has(&ip->prop, "talkid"),
		.subjectid = api_list_has(&ip->prop, "subjectid"),
		.watched = api_list_has(&ip->prop, "watched"),
		.watchers = api_list_has(&ip->prop, "watchers"),
		.visiting = api_list_has(&ip->prop, "visitingwatchers"),
		.notif = api_list_has(&ip->prop, "notificationtimestamp"),
		.associated = api_list_has(&ip->prop, "associatedpage"),
		.url = api_list_has(&ip->prop, "url"),
		.readable = api_list_has(&ip->prop, "readable"),
		.preload = api_list_has(&ip->prop, "preload"),
		.displaytitle = api_list_has(&ip->prop, "displaytitle"),
		.varianttitles = api_list_has(&ip->prop, "varianttitles"),
		.linkclasses = api_list_has(&ip->prop, "linkclasses"),
	};
	struct wiki_title start;
	if (ip->cont && read_continue(ctx, ip->cont, &start) != RC_OK)
		return api_error(ctx, "badcontinue", NULL);
	/* Existing and missing pages by title, as the continuation orders them. */
	struct query_page **v = arena_alloc(ctx->arena, (ps->n_pages ? ps->n_pages : 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD || ps->pages[i]->kind == QUERY_PAGE_MISSING)
			v[n++] = ps->pages[i];
	qsort(v, n, sizeof(*v), cmp_page_title);
	for (size_t i = 0; i < n; i++) {
		if (ip->cont && (v[i]->ns < start.ns || (v[i]->ns == start.ns && strcmp(v[i]->dbkey, start.dbkey) < 0)))
			continue;
		if (api_result_full(ctx)) {
			const char *text = v[i]->title;
			const char *colon = v[i]->ns ? strchr(text, ':') : NULL;
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%d|%s", v[i]->ns, colon ? colon + 1 : text));
			break;
		}
		add_info(ctx, ip, &f, v[i]);
	}
	return RC_OK;
}

const struct api_module api_module_prop_info = {
	.name = "info",
	.group = API_G_PROP,
	.prefix = "in",
	.params = params,
	.params_size = sizeof(struct info_params),
	.summary = "Basic facts about each page: length, latest revision, protection, URLs.",
	.examples = (const char *const[]){
		"action=query&prop=info&titles=Main%20Page", "Get information about the page Main Page.",
		"action=query&prop=info&inprop=protection&titles=Main%20Page",
		"Get general and protection information about the page Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Info", NULL },
	.exec = exec_info,
};
