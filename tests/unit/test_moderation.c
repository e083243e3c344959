/* SPDX-License-Identifier: MIT */
/*
 * test_moderation.c — protection, permissions, deletion and undeletion
 * in wiki/ on a fresh database: expired protections are ignored without
 * any job, cascading protection reaches transcluded pages, deleteprotected
 * for a deleter who may not edit the page, deletion clearing link tables
 * and category counts, undeletion of selected timestamps onto an
 * existing page and of a hidden current revision, and the new-message
 * flag of user talk pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "store/store.h"
#include "util/config.h"
#include "wiki/wiki.h"

static char dir[256];

static int64_t count(struct store *st, const char *sql)
{
	int64_t n = -1;
	store_query_int(st, &n, sql, "");
	return n;
}

/* A user with exactly the rights given (NULL-terminated), for permission checks. */
static struct wiki_user *user_with(struct arena *a, int64_t id, const char *name, const char *const *rights)
{
	struct wiki_user *u = arena_calloc(a, 1, sizeof(*u));
	u->id = id;
	u->name = name;
	u->groups = arena_calloc(a, 1, sizeof(*u->groups));
	u->rights = (const char **)rights;
	return u;
}

/* Save `text` as a new revision of ns:dbkey by `u`; returns the revision id (0 on failure). */
static int64_t save(struct store *st, struct arena *a, const struct wiki_user *u, int ns, const char *dbkey,
		    const char *text, bool minor)
{
	struct wiki_title t;
	wiki_title_make(a, ns, dbkey, &t);
	struct wiki_page pg;
	if (store_begin(st) != RC_OK)
		return 0;
	wiki_page_load(st, a, ns, dbkey, &pg);
	struct wiki_edit e = { .title = &t, .user = u, .old = &pg, .text = text, .len = strlen(text),
			       .model = "wikitext", .summary = "s", .minor = minor };
	if (wiki_page_save(st, a, &e) != RC_OK) {
		store_rollback(st);
		return 0;
	}
	return store_commit(st) == RC_OK ? e.rev_id : 0;
}

static const char *const admin_rights[] = { "edit", "createpage", "createtalk", "delete", "undelete", "protect",
					    "editprotected", "editsemiprotected", "autopatrol", "deletedhistory", NULL };
static const char *const user_rights[] = { "edit", "createpage", "createtalk", "editsemiprotected", NULL };
static const char *const deleter_rights[] = { "edit", "createpage", "delete", NULL };

static void test_expiry(struct store *st, struct arena *a, const struct wiki_user *admin, const struct wiki_user *user)
{
	save(st, a, admin, 0, "Expiring", "x", false);
	int64_t pid = 0;
	store_query_int(st, &pid, "SELECT page_id FROM page WHERE page_title = 'Expiring'", "");
	store_run(st, "INSERT INTO page_restrictions (pr_page, pr_type, pr_level, pr_cascade, pr_expiry)"
		      " VALUES (?, 'edit', 'sysop', 0, '20010101000000')", "i", pid);
	struct wiki_protection *p;
	size_t n = 9;
	INT_EQ(wiki_protect_load(st, a, pid, 0, "Expiring", &p, &n), RC_OK, "load protections");
	INT_EQ(n, 0, "an expired protection is not in force");
	struct wiki_title t;
	wiki_title_make(a, 0, "Expiring", &t);
	struct wiki_refusal *r = NULL;
	wiki_perm_check(st, a, user, "edit", &t, NULL, WIKI_RIGOR_FULL, false, &r);
	OK(r == NULL, "a user may edit once the protection expired");
	store_run(st, "UPDATE page_restrictions SET pr_expiry = '29990101000000' WHERE pr_page = ?", "i", pid);
	wiki_perm_check(st, a, user, "edit", &t, NULL, WIKI_RIGOR_FULL, false, &r);
	OK(r && streq(r->code, "protectedpage"), "an unexpired one refuses");
	wiki_perm_check(st, a, user, "edit", &t, NULL, WIKI_RIGOR_QUICK, false, &r);
	OK(r == NULL, "quick checks skip protection");

	store_run(st, "INSERT INTO protected_titles (pt_namespace, pt_title, pt_user, pt_reason_id, pt_timestamp,"
		      " pt_expiry, pt_create_perm) VALUES (0, 'Salted', 1, 0, '20000101000000', '20010101000000',"
		      " 'sysop')", "");
	wiki_title_make(a, 0, "Salted", &t);
	wiki_perm_check(st, a, user, "create", &t, NULL, WIKI_RIGOR_FULL, false, &r);
	OK(r == NULL, "an expired create protection is not in force");
}

static void test_cascade(struct store *st, struct arena *a, const struct wiki_user *admin, const struct wiki_user *user)
{
	save(st, a, admin, 0, "Cascader", "{{Used}}", false);
	save(st, a, admin, 10, "Used", "text", false);
	int64_t pid = 0;
	store_query_int(st, &pid, "SELECT page_id FROM page WHERE page_title = 'Cascader'", "");
	/* The parser records transclusions; here the row is written by hand. */
	store_run(st, "INSERT INTO templatelinks (tl_from, tl_namespace, tl_title, tl_from_namespace) VALUES (?, 10,"
		      " 'Used', 0)", "i", pid);
	struct wiki_title t, used;
	wiki_title_make(a, 0, "Cascader", &t);
	wiki_title_make(a, 10, "Used", &used);
	struct wiki_protect_item items[] = { { "edit", "sysop", WIKI_INFINITY }, { "move", "sysop", WIKI_INFINITY } };
	struct wiki_protect_change c = { .title = &t, .user = admin, .items = items, .n = 2, .reason = "r", .cascade = true };
	store_begin(st);
	INT_EQ(wiki_protect_update(st, a, &c), RC_OK, "protect with cascade");
	store_commit(st);
	OK(c.changed && c.cascade, "cascade kept at sysop level");
	struct wiki_cascade *src;
	size_t n = 0;
	wiki_protect_cascade_sources(st, a, 10, "Used", &src, &n);
	INT_EQ(n, 1, "one cascading source");
	struct wiki_refusal *r = NULL;
	wiki_perm_check(st, a, user, "edit", &used, NULL, WIKI_RIGOR_FULL, false, &r);
	OK(r && streq(r->code, "cascadeprotected"), "the transcluded page is protected for a user");
	if (r)
		STR_EQ(r->params[1], "* [[:Cascader]]\n", "the source is named");
	wiki_perm_check(st, a, admin, "edit", &used, NULL, WIKI_RIGOR_FULL, false, &r);
	OK(r == NULL, "an administrator may edit it");
	store_run(st, "UPDATE page_restrictions SET pr_expiry = '20010101000000' WHERE pr_page = ?", "i", pid);
	wiki_perm_check(st, a, user, "edit", &used, NULL, WIKI_RIGOR_FULL, false, &r);
	OK(r == NULL, "an expired cascade protects nothing");
}

static void test_delete_protected(struct store *st, struct arena *a, const struct wiki_user *admin)
{
	save(st, a, admin, 0, "Guarded", "x", false);
	struct wiki_title t;
	wiki_title_make(a, 0, "Guarded", &t);
	struct wiki_protect_item items[] = { { "edit", "sysop", WIKI_INFINITY } };
	struct wiki_protect_change c = { .title = &t, .user = admin, .items = items, .n = 1 };
	store_begin(st);
	wiki_protect_update(st, a, &c);
	store_commit(st);
	struct wiki_user *deleter = user_with(a, 77, "Deleter", deleter_rights);
	struct wiki_refusal *r = NULL;
	wiki_perm_check(st, a, deleter, "delete", &t, NULL, WIKI_RIGOR_FULL, false, &r);
	OK(r && streq(r->code, "cantedit") && streq(r->key, "deleteprotected"), "deleteprotected without editprotected");
	wiki_perm_check(st, a, admin, "delete", &t, NULL, WIKI_RIGOR_FULL, false, &r);
	OK(r == NULL, "an administrator may delete it");
}

static void test_delete_links(struct store *st, struct arena *a, const struct wiki_user *admin)
{
	save(st, a, admin, 0, "Member", "[[Category:Things]]", false);
	int64_t pid = 0;
	store_query_int(st, &pid, "SELECT page_id FROM page WHERE page_title = 'Member'", "");
	store_run(st, "INSERT INTO categorylinks (cl_from, cl_to, cl_timestamp) VALUES (?, 'Things', '20200101000000')",
		  "i", pid);
	store_run(st, "INSERT INTO category (cat_title, cat_pages) VALUES ('Things', 1)", "");
	store_run(st, "INSERT INTO pagelinks (pl_from, pl_namespace, pl_title) VALUES (?, 0, 'Elsewhere')", "i", pid);
	struct wiki_title t;
	wiki_title_make(a, 0, "Member", &t);
	struct wiki_delete d = { .title = &t, .user = admin, .reason = "gone" };
	store_begin(st);
	INT_EQ(wiki_page_delete(st, a, &d), RC_OK, "delete");
	store_commit(st);
	INT_EQ(d.page_id, pid, "the page id is reported");
	/* Emptied, and without a category page: the row goes (Category::refreshCounts). */
	INT_EQ(count(st, "SELECT COUNT(*) FROM category WHERE cat_title = 'Things'"), 0, "empty category row gone");
	/* Other pages of this test have links of their own: count the deleted page's. */
	char *q = arena_printf(a, "SELECT COUNT(*) FROM categorylinks WHERE cl_from = %lld", (long long)pid);
	INT_EQ(count(st, q), 0, "categorylinks gone");
	q = arena_printf(a, "SELECT COUNT(*) FROM pagelinks WHERE pl_from = %lld", (long long)pid);
	INT_EQ(count(st, q), 0, "pagelinks gone");
	INT_EQ(count(st, "SELECT COUNT(*) FROM archive WHERE ar_title = 'Member'"), 1, "one archived revision");
	store_begin(st);
	INT_EQ(wiki_page_delete(st, a, &d), RC_NOTFOUND, "deleting again finds nothing");
	store_rollback(st);
}

static void test_undelete(struct store *st, struct arena *a, const struct wiki_user *admin)
{
	int64_t r1 = save(st, a, admin, 0, "Phoenix", "first", false);
	int64_t r2 = save(st, a, admin, 0, "Phoenix", "second", false);
	/* Distinct timestamps, which two saves in one second would not have. */
	store_run(st, "UPDATE revision SET rev_timestamp = '20200101000000' WHERE rev_id = ?", "i", r1);
	store_run(st, "UPDATE revision SET rev_timestamp = '20200102000000' WHERE rev_id = ?", "i", r2);
	int64_t pid = 0;
	store_query_int(st, &pid, "SELECT page_id FROM page WHERE page_title = 'Phoenix'", "");
	struct wiki_title t;
	wiki_title_make(a, 0, "Phoenix", &t);
	struct wiki_delete d = { .title = &t, .user = admin };
	store_begin(st);
	wiki_page_delete(st, a, &d);
	store_commit(st);

	const char *only_first[] = { "20200101000000" };
	struct wiki_undelete u = { .title = &t, .user = admin, .timestamps = only_first, .n_timestamps = 1, .log = true };
	store_begin(st);
	INT_EQ(wiki_page_undelete(st, a, &u), RC_OK, "restore the older revision");
	store_commit(st);
	INT_EQ(u.restored, 1, "one revision back");
	INT_EQ(u.page_id, pid, "under its old page id");
	INT_EQ(count(st, "SELECT page_latest FROM page WHERE page_title = 'Phoenix'"), r1, "it is current");
	OK(u.log_id > 0, "logged");

	struct wiki_undelete rest = { .title = &t, .user = admin, .log = true };
	store_begin(st);
	INT_EQ(wiki_page_undelete(st, a, &rest), RC_OK, "restore the rest onto the existing page");
	store_commit(st);
	INT_EQ(rest.restored, 1, "the newer revision");
	INT_EQ(count(st, "SELECT page_latest FROM page WHERE page_title = 'Phoenix'"), r2, "the newer one is current");
	INT_EQ(count(st, "SELECT COUNT(*) FROM archive WHERE ar_title = 'Phoenix'"), 0, "archive empty");

	/* A hidden newest revision cannot become current. */
	store_run(st, "UPDATE revision SET rev_deleted = 1 WHERE rev_id = ?", "i", r2);
	store_begin(st);
	wiki_page_delete(st, a, &d);
	store_commit(st);
	struct wiki_undelete hidden = { .title = &t, .user = admin, .log = true };
	store_begin(st);
	INT_EQ(wiki_page_undelete(st, a, &hidden), RC_INVALID, "undeleterevdel");
	store_rollback(st);
	struct wiki_undelete none = { .title = &t, .user = admin, .timestamps = (const char *[]){ "20010101000000" },
				      .n_timestamps = 1 };
	store_begin(st);
	INT_EQ(wiki_page_undelete(st, a, &none), RC_NOTFOUND, "no matching timestamp");
	store_rollback(st);
}

static void test_newtalk(struct store *st, struct arena *a, const struct wiki_user *admin)
{
	int64_t uid = 0;
	wiki_user_create(st, a, "Talker", "pw-secret-1234", NULL, NULL, &uid);
	save(st, a, admin, 3, "Talker", "hello", false);
	INT_EQ(count(st, "SELECT COUNT(*) FROM user_newtalk WHERE user_id > 0"), 1, "another user's message flags it");
	store_run(st, "DELETE FROM user_newtalk", "");
	struct wiki_user *self = user_with(a, uid, "Talker", user_rights);
	save(st, a, self, 3, "Talker", "my own", false);
	INT_EQ(count(st, "SELECT COUNT(*) FROM user_newtalk"), 0, "one's own edit does not");
	const char *const bot_rights[] = { "edit", "nominornewtalk", NULL };
	struct wiki_user *bot = user_with(a, 99, "Botty", bot_rights);
	save(st, a, bot, 3, "Talker", "minor bot", true);
	INT_EQ(count(st, "SELECT COUNT(*) FROM user_newtalk"), 0, "a minor edit with nominornewtalk does not");
	save(st, a, admin, 3, "127.0.0.5", "to an IP", false);
	INT_EQ(count(st, "SELECT COUNT(*) FROM user_newtalk WHERE user_ip = '127.0.0.5'"), 1, "an IP address is flagged");
	save(st, a, admin, 3, "Nobody_here", "nobody", false);
	INT_EQ(count(st, "SELECT COUNT(*) FROM user_newtalk"), 1, "a name without an account is not");
	store_begin(st);
	wiki_newtalk_clear_name(st, a, "127.0.0.5");
	store_commit(st);
	INT_EQ(count(st, "SELECT COUNT(*) FROM user_newtalk"), 0, "cleared");
}

static void test_move(struct store *st, struct arena *a, const struct wiki_user *admin)
{
	save(st, a, admin, 0, "Traveller", "[[Somewhere]]", false);
	int64_t pid = 0;
	store_query_int(st, &pid, "SELECT page_id FROM page WHERE page_title = 'Traveller'", "");
	store_run(st, "INSERT INTO pagelinks (pl_from, pl_namespace, pl_title, pl_from_namespace) VALUES (?, 0,"
		      " 'Somewhere', 0)", "i", pid);
	wiki_watch_add(st, 42, 0, "Traveller");
	struct wiki_title from, to;
	wiki_title_make(a, 0, "Traveller", &from);
	wiki_title_make(a, 4, "Traveller", &to);
	struct wiki_refusal *r = NULL;
	INT_EQ(wiki_move_check(st, a, &from, &to, &r), RC_OK, "check");
	OK(r == NULL, "a valid move");
	struct wiki_move m = { .from = &from, .to = &to, .user = admin, .reason = "r", .create_redirect = true };
	store_begin(st);
	INT_EQ(wiki_page_move(st, a, &m), RC_OK, "move");
	store_commit(st);
	OK(m.redirect_created && !m.over_redirect, "a redirect was left");
	INT_EQ(count(st, "SELECT page_namespace FROM page WHERE page_title = 'Traveller' AND page_is_redirect = 0"), 4,
	       "the page is in the project namespace");
	INT_EQ(count(st, "SELECT pl_from_namespace FROM pagelinks WHERE pl_title = 'Somewhere'"), 4,
	       "its links follow the namespace");
	OK(wiki_watch_is_watched(st, 42, 4, "Traveller"), "the watcher of the old title watches the new one");
	INT_EQ(count(st, "SELECT COUNT(*) FROM recentchanges WHERE rc_title = 'Traveller' AND rc_namespace = 0"
			 " AND rc_type = 1"), 1, "the redirect made no recent change (only the first edit's)");
	wiki_move_check(st, a, &to, &from, &r);
	OK(r == NULL, "moving back over the one-revision redirect is valid");
	wiki_move_check(st, a, &from, &from, &r);
	OK(r && streq(r->code, "selfmove"), "selfmove");
	struct wiki_title file;
	wiki_title_make(a, 6, "Traveller.png", &file);
	wiki_move_check(st, a, &to, &file, &r);
	OK(r && streq(r->code, "nonfile-cannot-move-to-file"), "no moving pages into the File namespace");
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/wikid-test-moderation-XXXXXX", tmp && *tmp ? tmp : P_tmpdir);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	/* Saving renders the page: the parser's site comes from the configuration. */
	config_defaults();
	config_finish();
	struct arena *a = arena_new();
	struct store *st = store_open(dir);
	OK(st != NULL, "open");
	INT_EQ(store_migrate(st), RC_OK, "migrate");
	int64_t admin_id = 0;
	wiki_user_create(st, a, "Boss", "pw-secret-1234", NULL, NULL, &admin_id);
	struct wiki_user *admin = user_with(a, admin_id, "Boss", admin_rights);
	struct wiki_user *user = user_with(a, 0, "127.0.0.9", user_rights);
	test_expiry(st, a, admin, user);
	test_cascade(st, a, admin, user);
	test_delete_protected(st, a, admin);
	test_delete_links(st, a, admin);
	test_undelete(st, a, admin);
	test_newtalk(st, a, admin);
	test_move(st, a, admin);
	store_close(st);
	arena_free(a);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return harness_done();
}
