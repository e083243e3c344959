/* SPDX-License-Identifier: MIT */
/*
 * permission.c — may this user do this action to this page? MediaWiki's
 * PermissionManager::getPermissionErrors(), check by check, in its
 * order, so the API reports the same errors in the same order:
 *
 *   quick        the right the action needs (create: createpage or
 *                createtalk; move and move-target: their own rules)
 *   specials/ns  nothing happens to Special: pages; $wgNamespaceProtection
 *                (the MediaWiki namespace needs editinterface)
 *   site config  site CSS/JSON/JS need editsitecss/json/js
 *   user config  other users' CSS/JSON/JS need edituser*, one's own
 *                editmyuser* (skipped for patrol, delete and viewing
 *                deleted revisions)
 *   protection   page_restrictions of the action (the create
 *                protection of a missing title)
 *   cascading    pages with cascading protection that transclude this
 *   action       protect needs edit; create fails on a title
 *                protection; move needs a movable namespace; delete
 *                needs edit under protection; undelete needs edit (and
 *                create for a missing title); edit of a missing page
 *                needs create.
 *
 * Blocks and rate limits are checked by their own modules, after these.
 * Each refusal carries the API error code MediaWiki derives from its
 * message (ApiMessage's map: protectedpagetext → protectedpage, ...).
 */
#include "wiki.h"

#include <string.h>

#include "../store/store.h"
#include "../util/sbuf.h"

/* What the checks need to know about the page besides its title. */
struct target {
	const struct wiki_title *t; /* the page */
	int64_t page_id;            /* 0 when it does not exist */
	const char *model;          /* its content model (page_content_model or the title's default) */
	bool is_subpage;            /* a '/' in a namespace with subpages */
	/* Read ahead in one query when a full check needs both (wiki_protect_load_both()): */
	bool has_prot;              /* prot and casc below are the page's */
	struct wiki_protection *prot; /* its own protections */
	size_t n_prot;              /* entries in prot */
	struct wiki_cascade *casc;  /* cascading protections covering it */
	size_t n_casc;              /* entries in casc */
};

/* One more refusal at the end of `*list`. `params` are copied pointers (arena or static strings). */
static struct wiki_refusal *refuse(struct arena *a, struct wiki_refusal **list, const char *code, const char *key,
				   const char *p1, const char *p2, const char *p3)
{
	struct wiki_refusal *r = arena_calloc(a, 1, sizeof(*r));
	r->code = code;
	r->key = key;
	r->params[0] = p1;
	r->params[1] = p1 ? p2 : NULL;
	r->params[2] = p1 && p2 ? p3 : NULL;
	while (*list)
		list = &(*list)->next;
	*list = r;
	return r;
}

/* The wiki page that describes `group` ("[[Project:Administrators|Administrators]]"), or the name. */
static const char *group_link(struct arena *a, const char *group)
{
	static const char *const names[][2] = {
		{ "sysop", "Administrators" },     { "bureaucrat", "Bureaucrats" },
		{ "bot", "Bots" },                 { "interface-admin", "Interface administrators" },
		{ "suppress", "Suppressors" },     { "user", "Users" },
		{ "autoconfirmed", "Autoconfirmed users" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (streq(names[i][0], group))
			return arena_printf(a, "[[%s:%s|%s]]", wiki_ns_text(WIKI_NS_PROJECT), names[i][1], names[i][1]);
	return group;
}

struct wiki_refusal *wiki_perm_missing_right(struct arena *a, const char *right)
{
	struct wiki_refusal *list = NULL;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 16);
	int n = 0;
	for (const char *const *g = wiki_groups_all(); *g; g++) {
		if (streq(*g, "*"))
			continue;
		const char **rights = wiki_group_rights(a, *g);
		bool has = false;
		for (const char **x = rights; x && *x && !has; x++)
			has = streq(*x, right);
		if (!has)
			continue;
		if (n++)
			sbuf_adds(&sb, ", ");
		sbuf_adds(&sb, group_link(a, *g));
	}
	if (n)
		refuse(a, &list, "permissiondenied", "badaccess-groups", arena_strdup(a, sbuf_cstr(&sb)),
		       arena_printf(a, "%d", n), NULL);
	else
		refuse(a, &list, "permissiondenied", "badaccess-group0", NULL, NULL, NULL);
	sbuf_release(&sb);
	return list;
}

/* True when the right exists at all (an unknown "right" can never be granted). */
static bool known_right(const char *right)
{
	for (const char *const *r = wiki_rights_all(); *r; r++)
		if (streq(*r, right))
			return true;
	return false;
}

static void check_quick(struct arena *a, const struct wiki_user *u, const char *action, const struct target *tg,
			bool is_short, struct wiki_refusal **out)
{
	const struct wiki_title *t = tg->t;
	bool named = u->id > 0 && !u->is_temp;
	if (streq(action, "create")) {
		if (!wiki_user_can(u, wiki_ns_is_talk(t->ns) ? "createtalk" : "createpage"))
			refuse(a, out, named ? "cantcreate" : "cantcreate-anon", named ? "nocreate-loggedin" : "nocreatetext",
			       NULL, NULL, NULL);
	} else if (streq(action, "move")) {
		if (!wiki_user_can(u, "move-rootuserpages") && t->ns == WIKI_NS_USER && !tg->is_subpage)
			refuse(a, out, "cant-move-user-page", "cant-move-user-page", NULL, NULL, NULL);
		if (t->ns == WIKI_NS_FILE && !wiki_user_can(u, "movefile"))
			refuse(a, out, "cantmovefile", "movenotallowedfile", NULL, NULL, NULL);
		if (t->ns == WIKI_NS_CATEGORY && !wiki_user_can(u, "move-categorypages"))
			refuse(a, out, "cant-move-category-page", "cant-move-category-page", NULL, NULL, NULL);
		if (!wiki_user_can(u, "move")) {
			/* Logged-in users may move by default: tell an anonymous user to log in. */
			if (u->id == 0)
				refuse(a, out, "cantmove-anon", "movenologintext", NULL, NULL, NULL);
			else
				refuse(a, out, "cantmove", "movenotallowed", NULL, NULL, NULL);
		}
	} else if (streq(action, "move-target")) {
		if (!wiki_user_can(u, "move"))
			refuse(a, out, "cantmove", "movenotallowed", NULL, NULL, NULL);
		else if (!wiki_user_can(u, "move-rootuserpages") && t->ns == WIKI_NS_USER && !tg->is_subpage)
			refuse(a, out, "cant-move-to-user-page", "cant-move-to-user-page", NULL, NULL, NULL);
		else if (!wiki_user_can(u, "move-categorypages") && t->ns == WIKI_NS_CATEGORY)
			refuse(a, out, "cant-move-to-category-page", "cant-move-to-category-page", NULL, NULL, NULL);
	} else if (!wiki_user_can(u, action)) {
		if (is_short || !known_right(action)) {
			refuse(a, out, "permissiondenied", "badaccess-group0", NULL, NULL, NULL);
		} else {
			struct wiki_refusal **tail = out;
			while (*tail)
				tail = &(*tail)->next;
			*tail = wiki_perm_missing_right(a, action);
		}
	}
}

static void check_ns(struct arena *a, const struct wiki_user *u, const char *action, const struct target *tg,
		     struct wiki_refusal **out)
{
	const struct wiki_title *t = tg->t;
	if (t->ns == WIKI_NS_SPECIAL && !streq(action, "createaccount"))
		refuse(a, out, "unsupportednamespace", "ns-specialprotected", NULL, NULL, NULL);
	const struct wiki_ns *ns = wiki_ns_get(t->ns);
	if (ns && ns->protection && !wiki_user_can(u, ns->protection)) {
		if (t->ns == WIKI_NS_MEDIAWIKI)
			refuse(a, out, "protectednamespace-interface", "protectedinterface", action, NULL, NULL);
		else
			refuse(a, out, "protectednamespace", "namespaceprotected", t->ns ? ns->name : "(Main)", action, NULL);
	}
}

/* $wgRawHtmlMessages: interface messages shown as raw HTML, editable only with both site CSS and JS rights. */
static bool is_raw_html_message(const struct wiki_title *t)
{
	static const char *const raw[] = { "Copyright", "History_copyright", "Googlesearch", "Feedback-terms",
					   "Feedback-termsofuse", NULL };
	if (t->ns != WIKI_NS_MEDIAWIKI)
		return false;
	size_t root = strcspn(t->dbkey, "/");
	for (size_t i = 0; raw[i]; i++)
		if (strlen(raw[i]) == root && strncmp(raw[i], t->dbkey, root) == 0)
			return true;
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && streq(s + n - m, suffix);
}

static void check_site_config(struct arena *a, const struct wiki_user *u, const char *action, const struct target *tg,
			      struct wiki_refusal **out)
{
	const struct wiki_title *t = tg->t;
	if (t->ns != WIKI_NS_MEDIAWIKI || streq(action, "patrol") || streq(action, "deletedhistory") ||
	    streq(action, "deletedtext") || streq(action, "viewsuppressed"))
		return;
	/* A mismatching suffix counts too (MediaWiki's paranoia about pages saved with the wrong model). */
	if ((streq(tg->model, "css") || ends_with(t->dbkey, ".css")) && !wiki_user_can(u, "editsitecss"))
		refuse(a, out, "sitecssprotected", "sitecssprotected", action, NULL, NULL);
	else if ((streq(tg->model, "json") || ends_with(t->dbkey, ".json")) && !wiki_user_can(u, "editsitejson"))
		refuse(a, out, "sitejsonprotected", "sitejsonprotected", action, NULL, NULL);
	else if ((streq(tg->model, "javascript") || ends_with(t->dbkey, ".js")) && !wiki_user_can(u, "editsitejs"))
		refuse(a, out, "sitejsprotected", "sitejsprotected", action, NULL, NULL);
	if (is_raw_html_message(t) && !(wiki_user_can(u, "editsitecss") && wiki_user_can(u, "editsitejs")))
		refuse(a, out, "siterawhtmlprotected", "siterawhtmlprotected", action, NULL, NULL);
}

static void check_user_config(struct arena *a, const struct wiki_user *u, const char *action, const struct target *tg,
			      struct wiki_refusal **out)
{
	const struct wiki_title *t = tg->t;
	if (t->ns != WIKI_NS_USER || !tg->is_subpage)
		return;
	const char *kind = streq(tg->model, "css") ? "css" : streq(tg->model, "json") ? "json"
			   : streq(tg->model, "javascript") ? "js" : NULL;
	if (!kind)
		return;
	size_t nl = strlen(u->name);
	bool own = strncmp(t->text, u->name, nl) == 0 && t->text[nl] == '/';
	const char *others = arena_printf(a, "edituser%s", kind);
	if (own) {
		if (!wiki_user_can(u, arena_printf(a, "editmyuser%s", kind)) && !wiki_user_can(u, others)) {
			const char *code = arena_printf(a, "mycustom%sprotected", kind);
			refuse(a, out, code, code, action, NULL, NULL);
		}
	} else if (!wiki_user_can(u, others)) {
		const char *code = arena_printf(a, "custom%sprotected", kind);
		refuse(a, out, code, code, action, NULL, NULL);
	}
}

static int check_restrictions(struct store *st, struct arena *a, const struct wiki_user *u, const char *action,
			      const struct target *tg, struct wiki_refusal **out)
{
	struct wiki_protection *p = tg->prot;
	size_t n = tg->n_prot;
	int rc = tg->has_prot ? RC_OK : wiki_protect_load(st, a, tg->page_id, tg->t->ns, tg->t->dbkey, &p, &n);
	if (rc != RC_OK)
		return rc;
	bool cascading = false;
	for (size_t i = 0; i < n; i++)
		cascading = cascading || p[i].cascade;
	for (size_t i = 0; i < n; i++) {
		if (!streq(p[i].type, action) || !*p[i].level)
			continue;
		const char *right = wiki_protect_level_right(p[i].level);
		if (!wiki_user_can(u, right))
			refuse(a, out, "protectedpage", "protectedpagetext", right, action, NULL);
		else if (cascading && !wiki_user_can(u, "protect"))
			refuse(a, out, "protectedpage", "protectedpagetext", "protect", action, NULL);
	}
	return RC_OK;
}

static int check_cascading(struct store *st, struct arena *a, const struct wiki_user *u, const char *action,
			   const struct target *tg, struct wiki_refusal **out)
{
	if (tg->t->ns == WIKI_NS_USER && tg->is_subpage &&
	    (streq(tg->model, "css") || streq(tg->model, "json") || streq(tg->model, "javascript")))
		return RC_OK; /* user configuration pages are never covered */
	struct wiki_cascade *c = tg->casc;
	size_t n = tg->n_casc;
	int rc = tg->has_prot ? RC_OK : wiki_protect_cascade_sources(st, a, tg->t->ns, tg->t->dbkey, &c, &n);
	if (rc != RC_OK || n == 0)
		return rc;
	/* The source pages, each once, as a wikitext list. */
	struct sbuf pages;
	sbuf_init(&pages, 1 << 20);
	size_t n_pages = 0;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = c[j].ns == c[i].ns && streq(c[j].dbkey, c[i].dbkey);
		if (seen)
			continue;
		struct wiki_title st_;
		wiki_title_make(a, c[i].ns, c[i].dbkey, &st_);
		sbuf_addf(&pages, "* [[:%s]]\n", st_.prefixed);
		n_pages++;
	}
	for (size_t i = 0; i < n; i++) {
		if (!streq(c[i].type, action) || !*c[i].level)
			continue;
		const char *right = wiki_protect_level_right(c[i].level);
		if (!wiki_user_can(u, "protect") || !wiki_user_can(u, right))
			refuse(a, out, "cascadeprotected", "cascadeprotected", arena_printf(a, "%zu", n_pages),
			       arena_strdup(a, sbuf_cstr(&pages)), action);
	}
	sbuf_release(&pages);
	return RC_OK;
}

static int errors_of(struct store *st, struct arena *a, const struct wiki_user *u, const char *action,
		     const struct target *tg, enum wiki_rigor rigor, bool is_short, struct wiki_refusal **out);

/* A namespace whose pages may be moved ($wgNonMovableNamespaces is empty by default). */
static bool movable_ns(int ns)
{
	return ns >= 0 && wiki_ns_valid(ns);
}

static int check_action(struct store *st, struct arena *a, const struct wiki_user *u, const char *action,
			const struct target *tg, enum wiki_rigor rigor, struct wiki_refusal **out)
{
	const struct wiki_title *t = tg->t;
	struct wiki_refusal *sub = NULL;
	int rc = RC_OK;
	if (streq(action, "protect")) {
		rc = errors_of(st, a, u, "edit", tg, rigor, true, &sub);
		if (rc == RC_OK && sub)
			refuse(a, out, "cantedit", "protect-cantedit", NULL, NULL, NULL);
	} else if (streq(action, "create")) {
		struct wiki_protection *p;
		size_t n;
		if (tg->page_id)
			return RC_OK;
		rc = wiki_protect_load(st, a, 0, t->ns, t->dbkey, &p, &n);
		if (rc == RC_OK && n && (!*p[0].level || !wiki_user_can(u, wiki_protect_level_right(p[0].level)))) {
			char *who = NULL;
			if (store_query_text(st, a, &who, "SELECT user_name FROM \"user\" WHERE user_id = ?", "i",
					     p[0].user_id) != RC_OK)
				who = "";
			refuse(a, out, "protectedtitle", "titleprotected", who ? who : "", p[0].reason ? p[0].reason : "",
			       NULL);
		}
	} else if (streq(action, "move") || streq(action, "move-target")) {
		if (!movable_ns(t->ns)) {
			bool src = streq(action, "move");
			const char *ns = t->ns ? wiki_ns_text(t->ns) : "(Main)";
			refuse(a, out, src ? "immobile-source-namespace" : "immobile-target-namespace",
			       src ? "immobile-source-namespace" : "immobile-target-namespace", ns ? ns : "", NULL, NULL);
		}
	} else if (streq(action, "delete") || streq(action, "delete-redirect")) {
		rc = check_restrictions(st, a, u, "edit", tg, &sub);
		if (rc == RC_OK && !sub)
			rc = check_cascading(st, a, u, "edit", tg, &sub);
		if (rc == RC_OK && sub)
			refuse(a, out, "cantedit", "deleteprotected", NULL, NULL, NULL);
	} else if (streq(action, "undelete")) {
		rc = errors_of(st, a, u, "edit", tg, rigor, true, &sub);
		if (rc == RC_OK && sub)
			refuse(a, out, "undelete-cantedit", "undelete-cantedit", NULL, NULL, NULL);
		sub = NULL;
		if (rc == RC_OK && !tg->page_id)
			rc = errors_of(st, a, u, "create", tg, rigor, true, &sub);
		if (rc == RC_OK && sub)
			refuse(a, out, "undelete-cantcreate", "undelete-cantcreate", NULL, NULL, NULL);
	} else if (streq(action, "edit") && !tg->page_id) {
		rc = errors_of(st, a, u, "create", tg, rigor, true, &sub);
		struct wiki_refusal **tail = out;
		while (*tail)
			tail = &(*tail)->next;
		*tail = sub;
	}
	return rc;
}

/* Actions that cannot change a user's CSS/JS/JSON, so the user-config check is skipped (T21818, T200176). */
static bool skips_user_config(const char *action)
{
	static const char *const skip[] = { "patrol", "delete", "deleterevision", "suppressrevision", "deletedhistory",
					    "deletedtext", "viewsuppressed", NULL };
	for (size_t i = 0; skip[i]; i++)
		if (streq(skip[i], action))
			return true;
	return false;
}

static int errors_of(struct store *st, struct arena *a, const struct wiki_user *u, const char *action,
		     const struct target *tg, enum wiki_rigor rigor, bool is_short, struct wiki_refusal **out)
{
	int rc = RC_OK;
	bool create = streq(action, "create");
	/* Each step in order; a short check stops at the first refusal. */
	for (int step = 0; step < 5 && rc == RC_OK && !(is_short && *out); step++) {
		switch (step) {
		case 0:
			check_quick(a, u, action, tg, is_short, out);
			break;
		case 1:
			if (!create) {
				check_ns(a, u, action, tg, out);
				if (!(is_short && *out))
					check_site_config(a, u, action, tg, out);
				if (!(is_short && *out) && !skips_user_config(action))
					check_user_config(a, u, action, tg, out);
			}
			break;
		case 2:
			if (rigor != WIKI_RIGOR_QUICK)
				rc = check_restrictions(st, a, u, action, tg, out);
			break;
		case 3:
			if (rigor != WIKI_RIGOR_QUICK)
				rc = check_cascading(st, a, u, action, tg, out);
			break;
		case 4:
			rc = check_action(st, a, u, action, tg, rigor, out);
			break;
		default:
			break;
		}
	}
	return rc;
}

int wiki_perm_check(struct store *st, struct arena *a, const struct wiki_user *u, const char *action,
		    const struct wiki_title *t, const char *model, enum wiki_rigor rigor, bool is_short,
		    struct wiki_refusal **out)
{
	*out = NULL;
	int64_t page_id = 0;
	char *page_model = NULL;
	if (t->ns >= 0) {
		struct store_stmt *s = store_prepare(st, "SELECT page_id, page_content_model FROM page"
							 " WHERE page_namespace = ? AND page_title = ?");
		store_bindv(s, "dt", t->ns, t->dbkey);
		int r = store_step(s);
		if (r == STORE_ROW) {
			page_id = store_col_int(s, 0);
			page_model = store_col_dup(s, a, 1);
		}
		store_stmt_done(s);
		if (r < 0)
			return r;
	}
	if (!model)
		model = page_model && *page_model ? page_model : wiki_default_model(t->ns, t->dbkey);
	return wiki_perm_check_page(st, a, u, action, t, page_id, model, rigor, is_short, out);
}

int wiki_perm_check_page(struct store *st, struct arena *a, const struct wiki_user *u, const char *action,
			 const struct wiki_title *t, int64_t page_id, const char *model, enum wiki_rigor rigor,
			 bool is_short, struct wiki_refusal **out)
{
	struct target tg = { .t = t, .page_id = t->ns >= 0 ? page_id : 0, .model = model };
	*out = NULL;
	const struct wiki_ns *ns = wiki_ns_get(t->ns);
	tg.is_subpage = ns && ns->has_subpages && strchr(t->dbkey, '/');
	/* A full check of an existing page reads both kinds of protection: in one query. */
	if (rigor != WIKI_RIGOR_QUICK && !is_short && tg.page_id) {
		int rc = wiki_protect_load_both(st, a, tg.page_id, t->ns, t->dbkey, &tg.prot, &tg.n_prot, &tg.casc,
						&tg.n_casc);
		if (rc != RC_OK)
			return rc;
		tg.has_prot = true;
	}
	return errors_of(st, a, u, action, &tg, rigor, is_short, out);
}
