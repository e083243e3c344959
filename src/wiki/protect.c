/* SPDX-License-Identifier: MIT */
/*
 * protect.c — page protection, MediaWiki's RestrictionStore and
 * WikiPage::doUpdateRestrictions(): reading the protections in force on
 * a page (page_restrictions) or a missing title (protected_titles), the
 * pages whose cascading protection covers a page, and changing them.
 *
 * Expired protections are never deleted by a job: every reader compares
 * the expiry with the current time and skips what has passed, so a
 * protection ends at its expiry to the second. Expired rows are purged
 * only when protection is changed, as MediaWiki's
 * Title::purgeExpiredRestrictions() does.
 *
 * Levels are stored as MediaWiki stores them: "autoconfirmed" and
 * "sysop"; the right a level needs is editsemiprotected/editprotected
 * (MediaWiki's backwards-compatible mapping), any other level names its
 * right directly.
 */
#include "wiki.h"

#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/sbuf.h"
#include "../util/timestamp.h"

/* $wgRestrictionLevels of a default install. */
static const char *const levels[] = { "", "autoconfirmed", "sysop", NULL };

const char *const *wiki_protect_levels(void)
{
	return levels;
}

const char *wiki_protect_level_right(const char *level)
{
	if (streq(level, "sysop"))
		return "editprotected";
	if (streq(level, "autoconfirmed"))
		return "editsemiprotected";
	return level;
}

size_t wiki_protect_types(int ns, bool exists, const char *out[3])
{
	size_t n = 0;
	if (ns < 0)
		return 0;
	if (exists) {
		out[n++] = "edit";
		out[n++] = "move";
	} else {
		out[n++] = "create";
	}
	if (ns == WIKI_NS_FILE)
		out[n++] = "upload";
	return n;
}

bool wiki_expiry_passed(const char *expiry, const char *now)
{
	return expiry && !streq(expiry, WIKI_INFINITY) && strcmp(expiry, now) <= 0;
}

int wiki_protect_load(struct store *st, struct arena *a, int64_t page_id, int ns, const char *dbkey,
		      struct wiki_protection **out, size_t *n)
{
	char now[15];
	wiki_timestamp_now(now);
	*out = NULL;
	*n = 0;
	struct store_stmt *s;
	if (page_id) {
		s = store_prepare(st, "SELECT pr_type, pr_level, COALESCE(pr_expiry, 'infinity'), pr_cascade, 0, ''"
				      " FROM page_restrictions WHERE pr_page = ? ORDER BY pr_id");
		store_bindv(s, "i", page_id);
	} else {
		s = store_prepare(st, "SELECT 'create', pt_create_perm, pt_expiry, 0, pt_user, comment_text"
				      " FROM protected_titles LEFT JOIN comment ON comment_id = pt_reason_id"
				      " WHERE pt_namespace = ? AND pt_title = ?");
		store_bindv(s, "dt", ns, dbkey);
	}
	size_t cap = 0;
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		const char *expiry = store_col_text(s, 2);
		if (wiki_expiry_passed(expiry, now))
			continue;
		*out = arena_grow(a, *out, *n + 1, &cap, sizeof(**out));
		struct wiki_protection *p = &(*out)[(*n)++];
		p->type = store_col_dup(s, a, 0);
		p->level = store_col_dup(s, a, 1);
		p->expiry = store_col_dup(s, a, 2);
		p->cascade = store_col_int(s, 3) != 0;
		p->user_id = store_col_int(s, 4);
		p->reason = store_col_dup(s, a, 5);
	}
	store_stmt_done(s);
	return rc == STORE_DONE ? RC_OK : rc;
}

int wiki_protect_cascade_sources(struct store *st, struct arena *a, int ns, const char *dbkey,
				 struct wiki_cascade **out, size_t *n)
{
	char now[15];
	wiki_timestamp_now(now);
	*out = NULL;
	*n = 0;
	/*
	 * A file is covered through its uses (imagelinks), every other page
	 * through its transclusions (templatelinks); only rows flagged
	 * pr_cascade, which MediaWiki sets on edit protections alone.
	 */
	struct store_stmt *s;
	if (ns == WIKI_NS_FILE) {
		s = store_prepare(st, "SELECT page_namespace, page_title, pr_type, pr_level, COALESCE(pr_expiry, 'infinity')"
				      " FROM imagelinks JOIN page_restrictions ON pr_page = il_from AND pr_cascade = 1"
				      " JOIN page ON page_id = il_from WHERE il_to = ? ORDER BY page_id");
		store_bindv(s, "t", dbkey);
	} else {
		s = store_prepare(st, "SELECT page_namespace, page_title, pr_type, pr_level, COALESCE(pr_expiry, 'infinity')"
				      " FROM templatelinks JOIN page_restrictions ON pr_page = tl_from AND pr_cascade = 1"
				      " JOIN page ON page_id = tl_from WHERE tl_namespace = ? AND tl_title = ?"
				      " ORDER BY page_id");
		store_bindv(s, "dt", ns, dbkey);
	}
	size_t cap = 0;
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		if (wiki_expiry_passed(store_col_text(s, 4), now))
			continue;
		*out = arena_grow(a, *out, *n + 1, &cap, sizeof(**out));
		struct wiki_cascade *c = &(*out)[(*n)++];
		c->ns = (int)store_col_int(s, 0);
		c->dbkey = store_col_dup(s, a, 1);
		c->type = store_col_dup(s, a, 2);
		c->level = store_col_dup(s, a, 3);
	}
	store_stmt_done(s);
	return rc == STORE_DONE ? RC_OK : rc;
}

int wiki_protect_load_both(struct store *st, struct arena *a, int64_t page_id, int ns, const char *dbkey,
			   struct wiki_protection **prot, size_t *n_prot, struct wiki_cascade **casc, size_t *n_casc)
{
	char now[15];
	wiki_timestamp_now(now);
	*prot = NULL;
	*n_prot = 0;
	*casc = NULL;
	*n_casc = 0;
	/*
	 * The page's own rows (kind 0, in pr_id order) and then the cascading
	 * ones (kind 1, in page_id order), as the two queries of
	 * wiki_protect_load() and wiki_protect_cascade_sources() read them.
	 */
	struct store_stmt *s;
	if (ns == WIKI_NS_FILE) {
		s = store_prepare(st, "SELECT 0, pr_type, pr_level, COALESCE(pr_expiry, 'infinity'), pr_cascade, 0, '',"
				      " pr_id FROM page_restrictions WHERE pr_page = ?1"
				      " UNION ALL SELECT 1, pr_type, pr_level, COALESCE(pr_expiry, 'infinity'), 0,"
				      " page_namespace, page_title, page_id FROM imagelinks"
				      " JOIN page_restrictions ON pr_page = il_from AND pr_cascade = 1"
				      " JOIN page ON page_id = il_from WHERE il_to = ?3 ORDER BY 1, 8");
	} else {
		s = store_prepare(st, "SELECT 0, pr_type, pr_level, COALESCE(pr_expiry, 'infinity'), pr_cascade, 0, '',"
				      " pr_id FROM page_restrictions WHERE pr_page = ?1"
				      " UNION ALL SELECT 1, pr_type, pr_level, COALESCE(pr_expiry, 'infinity'), 0,"
				      " page_namespace, page_title, page_id FROM templatelinks"
				      " JOIN page_restrictions ON pr_page = tl_from AND pr_cascade = 1"
				      " JOIN page ON page_id = tl_from WHERE tl_namespace = ?2 AND tl_title = ?3"
				      " ORDER BY 1, 8");
	}
	store_bind_int(s, 1, page_id);
	store_bind_int(s, 2, ns);
	store_bind_text(s, 3, dbkey, STORE_NTS);
	size_t cap_prot = 0, cap_casc = 0;
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		const char *expiry = store_col_text(s, 3);
		if (wiki_expiry_passed(expiry, now))
			continue;
		if (store_col_int(s, 0) == 0) {
			*prot = arena_grow(a, *prot, *n_prot + 1, &cap_prot, sizeof(**prot));
			struct wiki_protection *p = &(*prot)[(*n_prot)++];
			p->type = store_col_dup(s, a, 1);
			p->level = store_col_dup(s, a, 2);
			p->expiry = store_col_dup(s, a, 3);
			p->cascade = store_col_int(s, 4) != 0;
			p->user_id = 0;
			p->reason = "";
		} else {
			*casc = arena_grow(a, *casc, *n_casc + 1, &cap_casc, sizeof(**casc));
			struct wiki_cascade *c = &(*casc)[(*n_casc)++];
			c->ns = (int)store_col_int(s, 5);
			c->dbkey = store_col_dup(s, a, 6);
			c->type = store_col_dup(s, a, 1);
			c->level = store_col_dup(s, a, 2);
		}
	}
	store_stmt_done(s);
	return rc == STORE_DONE ? RC_OK : rc;
}

/* ---------- changing protection ---------- */

/* "(indefinite)" or "(expires 15:06, 2 January 2027 (UTC))" for the log's description. */
static const char *expiry_text(struct arena *a, const char *expiry)
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	int y, mo, d, h, mi;
	if (streq(expiry, WIKI_INFINITY) || sscanf(expiry, "%4d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi) != 5 || mo < 1 ||
	    mo > 12)
		return "(indefinite)";
	return arena_printf(a, "(expires %02d:%02d, %d %s %d (UTC))", h, mi, d, months[mo - 1], y);
}

/*
 * The machine-readable description MediaWiki keeps in the log
 * ("4::description", for IRC feeds): per protected type a left-to-right
 * mark, "[type=level]" and the expiry in parentheses.
 */
static const char *log_description(struct arena *a, const struct wiki_protect_change *c)
{
	struct sbuf sb;
	sbuf_init(&sb, 1 << 16);
	for (size_t i = 0; i < c->n; i++) {
		if (!*c->items[i].level)
			continue;
		sbuf_addf(&sb, "\xe2\x80\x8e[%s=%s] %s", c->items[i].type, c->items[i].level,
			  expiry_text(a, c->items[i].expiry));
	}
	const char *r = arena_strdup(a, sbuf_cstr(&sb));
	sbuf_release(&sb);
	return r;
}

/* The comment of the null revision that records a protection change in the page history. */
static const char *history_comment(struct arena *a, const struct wiki_protect_change *c, const char *verb,
				   bool cascade)
{
	struct sbuf sb;
	sbuf_init(&sb, 1 << 16);
	sbuf_addf(&sb, "%s \"[[%s]]\"", verb, c->title->prefixed);
	if (c->reason && *c->reason)
		sbuf_addf(&sb, ": %s", c->reason);
	bool any = false;
	for (size_t i = 0; i < c->n; i++) {
		if (!*c->items[i].level)
			continue;
		sbuf_addf(&sb, "%s[%s=%s] %s", any ? " " : " (", c->items[i].type, c->items[i].level,
			  expiry_text(a, c->items[i].expiry));
		any = true;
	}
	if (any)
		sbuf_addc(&sb, ')');
	if (cascade)
		sbuf_adds(&sb, " [cascading]");
	const char *r = arena_strdup(a, sbuf_cstr(&sb));
	sbuf_release(&sb);
	return r;
}

/* The current (unexpired) level and expiry of `type` among `cur`; "" and "infinity" when none. */
static void current_of(const struct wiki_protection *cur, size_t n, const char *type, const char **level,
		       const char **expiry)
{
	*level = "";
	*expiry = WIKI_INFINITY;
	for (size_t i = 0; i < n; i++)
		if (streq(cur[i].type, type)) {
			*level = cur[i].level;
			*expiry = cur[i].expiry;
		}
}

int wiki_protect_update(struct store *st, struct arena *a, struct wiki_protect_change *c)
{
	const struct wiki_title *t = c->title;
	char now[15];
	wiki_timestamp_now(now);
	c->log_id = 0;
	c->changed = false;

	int64_t page_id = 0, latest = 0;
	int rc = store_query_int(st, &page_id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
				 "dt", t->ns, t->dbkey);
	if (rc == RC_NOTFOUND)
		rc = RC_OK;
	if (rc != RC_OK)
		return rc;
	/* Expired rows go now, as Title::purgeExpiredRestrictions() does on every change. */
	rc = store_run(st, "DELETE FROM page_restrictions WHERE pr_expiry IS NOT NULL AND pr_expiry != 'infinity'"
			   " AND pr_expiry <= ?", "t", now);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM protected_titles WHERE pt_expiry != 'infinity' AND pt_expiry <= ?", "t",
			       now);
	struct wiki_protection *cur = NULL;
	size_t n_cur = 0;
	if (rc == RC_OK)
		rc = wiki_protect_load(st, a, page_id, t->ns, t->dbkey, &cur, &n_cur);
	if (rc != RC_OK)
		return rc;

	/* Every applicable type: unnamed ones become unprotected, as MediaWiki fills them with "". */
	const char *types[3];
	size_t n_types = wiki_protect_types(t->ns, page_id != 0, types);
	bool protect = false, was_protected = false, changed = false, was_cascading = false;
	for (size_t i = 0; i < n_cur; i++)
		was_cascading = was_cascading || cur[i].cascade;
	struct wiki_protect_item *all = arena_calloc(a, n_types + c->n + 1, sizeof(*all));
	size_t n_all = 0;
	for (size_t i = 0; i < n_types; i++) {
		struct wiki_protect_item it = { .type = types[i], .level = "", .expiry = WIKI_INFINITY };
		for (size_t j = 0; j < c->n; j++)
			if (streq(c->items[j].type, types[i]))
				it = c->items[j];
		const char *cl, *ce;
		current_of(cur, n_cur, types[i], &cl, &ce);
		if (*it.level)
			protect = true;
		if (*cl)
			was_protected = true;
		if (!streq(it.level, cl) || (*it.level && !streq(it.expiry, ce)))
			changed = true;
		all[n_all++] = it;
	}
	/*
	 * A change of cascading alone is a change; with no change at all the
	 * request's cascade stays as asked (WikiPage::doUpdateRestrictions
	 * returns before it looks at the levels).
	 */
	if (!changed && protect && was_cascading != c->cascade)
		changed = true;
	if (!changed)
		return RC_OK;
	c->changed = true;
	/* Cascading needs an edit level in $wgCascadingRestrictionLevels (sysop), and an existing page. */
	const char *edit_level = NULL;
	for (size_t i = 0; i < n_all; i++)
		if (streq(all[i].type, "edit"))
			edit_level = all[i].level;
	if (!page_id || !edit_level || !streq(wiki_protect_level_right(edit_level), "editprotected"))
		c->cascade = false;

	const char *action = !protect ? "unprotect" : was_protected ? "modify" : "protect";
	int64_t null_rev = 0, actor = 0;
	rc = wiki_actor_id(st, c->user->id, c->user->name, &actor);
	struct wiki_pvalue *details = NULL;
	size_t n_details = 0;
	if (rc == RC_OK && page_id) {
		const char *verb = !protect ? "Unprotected" : was_protected ? "Changed protection of" : "Protected";
		struct wiki_protect_change view = *c;
		view.items = all;
		view.n = n_all;
		rc = wiki_revision_null(st, a, page_id, c->user, history_comment(a, &view, verb, c->cascade), true,
					&null_rev, &latest);
		if (rc == RC_OK)
			rc = store_run(st, "DELETE FROM page_restrictions WHERE pr_page = ?", "i", page_id);
		details = arena_calloc(a, n_all, sizeof(*details));
		for (size_t i = 0; rc == RC_OK && i < n_all; i++) {
			if (!*all[i].level)
				continue;
			bool cas = c->cascade && streq(all[i].type, "edit");
			rc = store_run(st, "INSERT INTO page_restrictions (pr_page, pr_type, pr_level, pr_cascade, pr_expiry)"
					   " VALUES (?, ?, ?, ?, ?)", "ittit", page_id, all[i].type, all[i].level,
				       (int64_t)cas, all[i].expiry);
			struct wiki_pvalue *d = &details[n_details++];
			d->type = WIKI_PV_ARRAY;
			d->n_items = 4;
			d->items = arena_calloc(a, 4, sizeof(*d->items));
			d->items[0] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = "type", .s = all[i].type,
							    .len = strlen(all[i].type) };
			d->items[1] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = "level", .s = all[i].level,
							    .len = strlen(all[i].level) };
			d->items[2] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = "expiry", .s = all[i].expiry,
							    .len = strlen(all[i].expiry) };
			d->items[3] = (struct wiki_pvalue){ .type = WIKI_PV_BOOL, .key = "cascade", .b = cas };
		}
	} else if (rc == RC_OK) {
		const struct wiki_protect_item *cr = &all[0];
		rc = store_run(st, "DELETE FROM protected_titles WHERE pt_namespace = ? AND pt_title = ?", "dt", t->ns,
			       t->dbkey);
		int64_t cid = 0;
		if (rc == RC_OK && *cr->level)
			rc = wiki_comment_id(st, c->reason ? c->reason : "", &cid);
		if (rc == RC_OK && *cr->level) {
			rc = store_run(st, "INSERT INTO protected_titles (pt_namespace, pt_title, pt_user, pt_reason_id,"
					   " pt_timestamp, pt_expiry, pt_create_perm) VALUES (?, ?, ?, ?, ?, ?, ?)",
				       "dtiittt", t->ns, t->dbkey, c->user->id, cid, now, cr->expiry, cr->level);
			details = arena_calloc(a, 1, sizeof(*details));
			struct wiki_pvalue *d = &details[n_details++];
			d->type = WIKI_PV_ARRAY;
			d->n_items = 3;
			d->items = arena_calloc(a, 3, sizeof(*d->items));
			d->items[0] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = "type", .s = "create", .len = 6 };
			d->items[1] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = "level", .s = cr->level,
							    .len = strlen(cr->level) };
			d->items[2] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = "expiry", .s = cr->expiry,
							    .len = strlen(cr->expiry) };
		}
	}
	if (rc != RC_OK)
		return rc;

	/* Log parameters: none for unprotect; else description, cascade and the details list. */
	struct wiki_pvalue params = { .type = WIKI_PV_ARRAY };
	struct wiki_pvalue pitems[3];
	if (!streq(action, "unprotect")) {
		struct wiki_protect_change view = *c;
		view.items = all;
		view.n = n_all;
		const char *desc = log_description(a, &view);
		pitems[0] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = "4::description", .s = desc,
						  .len = strlen(desc) };
		pitems[1] = (struct wiki_pvalue){ .type = WIKI_PV_BOOL, .key = "5:bool:cascade", .b = c->cascade };
		pitems[2] = (struct wiki_pvalue){ .type = WIKI_PV_ARRAY, .key = "details", .items = details,
						  .n_items = n_details };
		for (size_t i = 0; i < n_details; i++)
			details[i].key = arena_printf(a, "%zu", i), details[i].key_is_int = true;
		params.items = pitems;
		params.n_items = 3;
	}
	struct wiki_log_entry le = {
		.type = "protect", .action = action, .user_id = c->user->id, .user_name = c->user->name,
		.actor_id = actor, .ns = t->ns, .dbkey = t->dbkey, .page_id = page_id, .comment = c->reason,
		.params = &params, .timestamp = now, .assoc_rev_id = null_rev, .tags = c->tags,
		.rc_autopatrol = wiki_user_can(c->user, "autopatrol"),
	};
	return wiki_log_add(st, a, &le, &c->log_id);
}
