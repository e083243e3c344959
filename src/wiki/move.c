/* SPDX-License-Identifier: MIT */
/*
 * move.c — renaming pages, MediaWiki's MovePage: whether a move is
 * valid (isValidMove), and the move itself (moveUnsafe), inside the
 * caller's write transaction.
 *
 * The page keeps its id, history, protection and links: only its row
 * is renamed. A minor null revision records the move in the history and
 * counts as an edit; at the old title a redirect to the new one is
 * created (unless suppressed, or the content model has no redirects),
 * without a recent-changes row or creation log, tagged mw-new-redirect.
 * A target that exists is replaced only when it is a redirect with a
 * single revision that points back to the source (or to itself): it is
 * deleted first (delete/delete_redir). The move log entry is move/move
 * or move/move_redir; a protected page's redirect inherits the
 * protection, logged as protect/move_prot on the new title. Everyone
 * watching the old title watches the new one too.
 */
#include "wiki.h"

#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/config.h"
#include "../util/sbuf.h"

/* The namespace name MediaWiki shows in move errors: "(Main)" for the main namespace. */
static const char *ns_text(int ns)
{
	const char *t = wiki_ns_text(ns);
	return ns == WIKI_NS_MAIN ? "(Main)" : t ? t : "";
}

/* One more refusal at the end of `*list`. */
static void refuse(struct arena *a, struct wiki_refusal **list, const char *code, const char *key, const char *p1)
{
	struct wiki_refusal *r = arena_calloc(a, 1, sizeof(*r));
	r->code = code;
	r->key = key;
	r->params[0] = p1;
	while (*list)
		list = &(*list)->next;
	*list = r;
}

/*
 * Is page `id` (at title `t`) a redirect with one revision that points
 * to `to_ns:to_dbkey`, or to `t` itself? `*single_redirect` (may be NULL)
 * says whether it is a single-revision redirect at all.
 */
static int redirect_back(struct store *st, struct arena *a, int64_t id, const struct wiki_title *t, int to_ns,
			 const char *to_dbkey, bool *ok, bool *single_redirect)
{
	*ok = false;
	if (single_redirect)
		*single_redirect = false;
	int64_t is_redirect = 0, n_revs = 0;
	int rc = store_query_int(st, &is_redirect, "SELECT page_is_redirect FROM page WHERE page_id = ?", "i", id);
	if (rc == RC_OK)
		rc = store_query_int(st, &n_revs, "SELECT COUNT(*) FROM revision WHERE rev_page = ?", "i", id);
	if (rc != RC_OK || !is_redirect || n_revs != 1)
		return rc;
	if (single_redirect)
		*single_redirect = true;
	struct wiki_page pg;
	rc = wiki_page_load(st, a, t->ns, t->dbkey, &pg);
	const char *target = rc == RC_OK ? wiki_redirect_target(a, pg.text) : NULL;
	struct wiki_title rt;
	const char *err;
	if (target && wiki_title_parse(a, target, 0, &rt, &err) == RC_OK && !rt.is_external)
		*ok = (rt.ns == to_ns && streq(rt.dbkey, to_dbkey)) || (rt.ns == t->ns && streq(rt.dbkey, t->dbkey));
	return rc;
}

int wiki_move_check(struct store *st, struct arena *a, const struct wiki_title *from, const struct wiki_title *to,
		    struct wiki_refusal **out)
{
	*out = NULL;
	int64_t from_id = 0, to_id = 0;
	int rc = store_query_int(st, &from_id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
				 "dt", from->ns, from->dbkey);
	if (rc == RC_OK || rc == RC_NOTFOUND)
		rc = store_query_int(st, &to_id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
				     "dt", to->ns, to->dbkey);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	if (from->ns == to->ns && streq(from->dbkey, to->dbkey)) {
		refuse(a, out, "selfmove", "selfmove", NULL);
	} else if (to_id) {
		bool ok = false, single = false;
		rc = redirect_back(st, a, to_id, to, from->ns, from->dbkey, &ok, &single);
		if (rc != RC_OK)
			return rc;
		if (!ok)
			refuse(a, out, single ? "redirectexists" : "articleexists", single ? "redirectexists" : "articleexists",
			       to->prefixed);
	}
	if (from->ns < 0)
		refuse(a, out, "immobile-source-namespace", "immobile-source-namespace", ns_text(from->ns));
	else if (!from_id)
		refuse(a, out, "movepage-source-doesnt-exist", "movepage-source-doesnt-exist", from->prefixed);
	if (to->ns < 0)
		refuse(a, out, "immobile-target-namespace", "immobile-target-namespace", ns_text(to->ns));
	if (from->ns == WIKI_NS_FILE && to->ns != WIKI_NS_FILE)
		refuse(a, out, "nonfilenamespace", "imagenocrossnamespace", NULL);
	if (to->ns == WIKI_NS_FILE && from->ns != WIKI_NS_FILE)
		refuse(a, out, "nonfile-cannot-move-to-file", "nonfile-cannot-move-to-file", NULL);
	return RC_OK;
}

/*
 * The text of a redirect to `to` in content model `model` (the content
 * handler's makeRedirectContent()), or NULL when the model has none:
 * wikitext "#REDIRECT [[...]]", CSS an @import and JavaScript an
 * mw.loader.load() of the target's raw text.
 */
static const char *redirect_text(struct arena *a, const char *model, const struct wiki_title *to)
{
	if (streq(model, "wikitext"))
		return arena_printf(a, "#REDIRECT [[%s]]", to->prefixed);
	bool css = streq(model, "css");
	if (!css && !streq(model, "javascript"))
		return NULL;
	/* A protocol-relative URL of index.php with action=raw. */
	const char *server = config.server ? config.server : "";
	const char *colon = strstr(server, "//");
	const char *url = arena_printf(a, "%s%s/index.php?title=%s&action=raw&ctype=text/%s", colon ? colon : server,
				       config.scriptpath ? config.scriptpath : "", wiki_urlencode(a, to->prefixed_dbkey),
				       css ? "css" : "javascript");
	if (css)
		return arena_printf(a, "/* #REDIRECT */@import url(%s);", url);
	/* JavaScript: the URL as a JSON string, '&' written as \u0026 as MediaWiki's Xml::encodeJsCall() does. */
	struct sbuf sb;
	sbuf_init(&sb, 1 << 16);
	sbuf_adds(&sb, "/* #REDIRECT */mw.loader.load(\"");
	for (const char *p = url; *p; p++) {
		if (*p == '&')
			sbuf_adds(&sb, "\\u0026");
		else if (*p == '"' || *p == '\\')
			sbuf_addf(&sb, "\\%c", *p);
		else
			sbuf_addc(&sb, *p);
	}
	sbuf_adds(&sb, "\");");
	const char *r = arena_strdup(a, sbuf_cstr(&sb));
	sbuf_release(&sb);
	return r;
}

/* Everyone watching the old title (subject or talk) watches the new one too. */
static int copy_watchers(struct store *st, const struct wiki_title *from, const struct wiki_title *to)
{
	int from_ns[2] = { wiki_ns_subject(from->ns), wiki_ns_talk(from->ns) };
	int to_ns[2] = { wiki_ns_subject(to->ns), wiki_ns_talk(to->ns) };
	int rc = RC_OK;
	for (int i = 0; i < 2 && rc == RC_OK; i++) {
		if (from_ns[i] == WIKI_NS_NONE || to_ns[i] == WIKI_NS_NONE)
			continue;
		rc = store_run(st, "INSERT INTO watchlist (wl_user, wl_namespace, wl_title, wl_notificationtimestamp)"
				   " SELECT wl_user, ?, ?, wl_notificationtimestamp FROM watchlist"
				   " WHERE wl_namespace = ? AND wl_title = ?"
				   " ON CONFLICT (wl_user, wl_namespace, wl_title) DO NOTHING",
			       "dtdt", to_ns[i], to->dbkey, from_ns[i], from->dbkey);
	}
	return rc;
}

/* One more to the performer's edit count (the null revision of a move, the redirect). */
static int count_edit(struct store *st, const struct wiki_user *u)
{
	if (!u->id)
		return RC_OK;
	return store_run(st, "UPDATE \"user\" SET user_editcount = COALESCE(user_editcount, 0) + 1 WHERE user_id = ?", "i",
			 u->id);
}

int wiki_page_move(struct store *st, struct arena *a, struct wiki_move *m)
{
	const struct wiki_title *from = m->from, *to = m->to;
	m->redirect_created = false;
	m->over_redirect = false;
	m->log_id = 0;
	struct wiki_page pg;
	int rc = wiki_page_load(st, a, from->ns, from->dbkey, &pg);
	if (rc != RC_OK)
		return rc;
	if (!pg.id)
		return RC_NOTFOUND;
	m->page_id = pg.id;
	char now[15];
	wiki_timestamp_now(now);
	/* Was the page protected (anything in force)? Its redirect will be too. */
	struct wiki_protection *prot;
	size_t n_prot = 0;
	rc = wiki_protect_load(st, a, pg.id, from->ns, from->dbkey, &prot, &n_prot);
	bool is_protected = false;
	for (size_t i = 0; i < n_prot; i++)
		is_protected = is_protected || *prot[i].level;

	/* A single-revision redirect in the way is deleted first. */
	int64_t target_id = 0;
	rc = store_query_int(st, &target_id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
			     "dt", to->ns, to->dbkey);
	if (rc == RC_NOTFOUND)
		rc = RC_OK;
	if (rc == RC_OK && target_id) {
		struct wiki_delete d = {
			.title = to, .user = m->user, .tags = m->tags, .log_action = "delete_redir",
			.reason = arena_printf(a, "Deleted to make room for the move of \"[[%s]]\"", from->prefixed),
		};
		rc = wiki_page_delete(st, a, &d);
		m->over_redirect = true;
	}
	if (rc != RC_OK)
		return rc;

	const char *model = pg.model ? pg.model : wiki_default_model(from->ns, from->dbkey);
	const char *redirect = m->create_redirect ? redirect_text(a, model, to) : NULL;
	const char *comment = arena_printf(a, "[[%s]] moved to [[%s]] by %s%s%s", from->prefixed, to->prefixed,
					   m->user->name, m->reason && *m->reason ? ": " : "",
					   m->reason ? m->reason : "");

	/* The page itself: renamed, with a null revision saying so. */
	int64_t null_rev = 0;
	rc = store_run(st, "UPDATE page SET page_namespace = ?, page_title = ? WHERE page_id = ?", "dti", to->ns,
		       to->dbkey, pg.id);
	/* The search index knows the page by its new title. */
	if (rc == RC_OK)
		rc = wiki_search_index(st, a, pg.id, to->ns, to->dbkey, pg.text, pg.text_len);
	if (rc == RC_OK)
		rc = wiki_revision_null(st, a, pg.id, m->user, comment, true, &null_rev, NULL);
	if (rc == RC_OK)
		rc = count_edit(st, m->user);
	/* Link rows keep the page id; their source namespace follows the page. */
	static const char *const from_ns_updates[] = {
		"UPDATE pagelinks SET pl_from_namespace = ? WHERE pl_from = ?",
		"UPDATE templatelinks SET tl_from_namespace = ? WHERE tl_from = ?",
		"UPDATE imagelinks SET il_from_namespace = ? WHERE il_from = ?",
	};
	for (size_t i = 0; rc == RC_OK && from->ns != to->ns && i < ARRAY_SIZE(from_ns_updates); i++)
		rc = store_run(st, from_ns_updates[i], "di", to->ns, pg.id);
	/* The new title exists now; the old one is gone unless the redirect below takes it. */
	if (rc == RC_OK)
		rc = wiki_jobs_title_changed(st, to->ns, to->dbkey, WIKI_JOBS_CREATE);
	if (rc == RC_OK && !redirect)
		rc = wiki_jobs_title_changed(st, from->ns, from->dbkey, WIKI_JOBS_DELETE);
	/* Without a redirect the old title is gone: its owner's talk notice with it. */
	if (rc == RC_OK && !redirect && from->ns == WIKI_NS_USER_TALK)
		rc = wiki_newtalk_clear_name(st, a, from->text);

	/* The redirect left behind: a new page, no recent change, no creation log. */
	int64_t redirect_id = 0;
	if (rc == RC_OK && redirect) {
		struct wiki_page none = { .ns = from->ns, .dbkey = from->dbkey, .text = "" };
		const char *tags[WIKI_MOVE_MAX_TAGS + 2];
		size_t n_tags = 0;
		for (size_t i = 0; m->tags && m->tags[i] && n_tags < WIKI_MOVE_MAX_TAGS; i++)
			tags[n_tags++] = m->tags[i];
		tags[n_tags] = NULL;
		struct wiki_edit e = {
			.title = from, .user = m->user, .old = &none, .text = redirect, .len = strlen(redirect),
			.model = model, .summary = comment, .tags = tags, .no_rc = true, .no_creation_log = true,
		};
		rc = wiki_page_save(st, a, &e);
		redirect_id = e.page_id;
		m->redirect_created = rc == RC_OK;
	}

	/* The move log entry, tied to the null revision. */
	struct wiki_pvalue items[2] = {
		{ .type = WIKI_PV_STRING, .key = "4::target", .s = to->prefixed, .len = strlen(to->prefixed) },
		{ .type = WIKI_PV_STRING, .key = "5::noredir", .s = redirect ? "0" : "1", .len = 1 },
	};
	struct wiki_pvalue params = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 2 };
	struct wiki_log_entry le = {
		.type = "move", .action = m->over_redirect ? "move_redir" : "move", .user_id = m->user->id,
		.user_name = m->user->name, .ns = from->ns, .dbkey = from->dbkey, .page_id = pg.id,
		.comment = m->reason, .params = &params, .timestamp = now, .assoc_rev_id = null_rev, .tags = m->tags,
	};
	if (rc == RC_OK)
		rc = wiki_log_add(st, a, &le, &m->log_id);

	/* The redirect keeps the old title's protection. */
	if (rc == RC_OK && is_protected && redirect_id) {
		rc = store_run(st, "INSERT INTO page_restrictions (pr_page, pr_type, pr_level, pr_cascade, pr_expiry)"
				   " SELECT ?, pr_type, pr_level, pr_cascade, pr_expiry FROM page_restrictions"
				   " WHERE pr_page = ?", "ii", redirect_id, pg.id);
		struct wiki_pvalue old = { .type = WIKI_PV_STRING, .key = "4::oldtitle", .s = from->prefixed,
					   .len = strlen(from->prefixed) };
		struct wiki_pvalue pparams = { .type = WIKI_PV_ARRAY, .items = &old, .n_items = 1 };
		struct wiki_log_entry pe = {
			.type = "protect", .action = "move_prot", .user_id = m->user->id, .user_name = m->user->name,
			.ns = to->ns, .dbkey = to->dbkey, .page_id = pg.id, .params = &pparams, .timestamp = now,
			.tags = m->tags,
			.comment = arena_printf(a, "[[%s]] moved to [[%s]]%s%s", from->prefixed, to->prefixed,
						m->reason && *m->reason ? ": " : "", m->reason ? m->reason : ""),
		};
		if (rc == RC_OK)
			rc = wiki_log_add(st, a, &pe, NULL);
	}
	if (rc == RC_OK)
		rc = copy_watchers(st, from, to);
	return rc;
}

int wiki_move_subpages(struct store *st, struct arena *a, const struct wiki_title *from, const struct wiki_title *to,
		       struct wiki_subpage_move **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* The subpages of `from`: titles starting with "from/", as a range on the title index. */
	const char *prefix = arena_printf(a, "%s/", from->dbkey);
	struct store_stmt *s = store_prepare(st, "SELECT page_id, page_title FROM page WHERE page_namespace = ?"
						 " AND page_title >= ? AND page_title < ? ORDER BY page_title LIMIT ?");
	store_bindv(s, "dtti", from->ns, prefix, arena_printf(a, "%s\xf4\x8f\xbf\xbf", prefix),
		    (int64_t)WIKI_MOVE_MAX_SUBPAGES + 1);
	size_t cap = 0, plen = strlen(from->dbkey);
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		const char *dbkey = store_col_text(s, 1);
		*out = arena_grow(a, *out, *n + 1, &cap, sizeof(**out));
		struct wiki_subpage_move *sm = &(*out)[(*n)++];
		memset(sm, 0, sizeof(*sm));
		wiki_title_make(a, from->ns, dbkey, &sm->from);
		sm->page_id = store_col_int(s, 0);
		/* The new name: the old one with the moved page's name replaced, in the new page's namespace. */
		int ns = wiki_ns_is_talk(from->ns) ? wiki_ns_talk(to->ns) : wiki_ns_subject(to->ns);
		const char *name = arena_printf(a, "%s%s", to->dbkey, dbkey + plen);
		const char *err;
		struct wiki_title t;
		if (ns == WIKI_NS_NONE ||
		    wiki_title_parse(a, arena_printf(a, "%s%s%s", wiki_ns_text(ns), ns ? ":" : "", name), ns, &t, &err) !=
			    RC_OK ||
		    t.ns != ns)
			sm->invalid = true;
		else
			sm->to = t;
	}
	store_stmt_done(s);
	return rc == STORE_DONE ? RC_OK : rc;
}
