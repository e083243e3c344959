/* SPDX-License-Identifier: MIT */
/*
 * wiki.c — start-up and shutdown of the wiki's data: the database and its
 * migrations, the secret key, and the first-start installation (the Admin
 * account, site statistics).
 *
 * The first start is recognised by the absence of the "installed" row in
 * wikid_meta. Everything it writes happens in one transaction, so a crash
 * during installation leaves a database that installs again cleanly; the
 * generated Admin password is printed only after that commit, exactly
 * once, as "admin password: <password>".
 */
#include <stdio.h>
#include <stdlib.h>

#include "../store/store.h"
#include "../util/config.h"
#include "../util/timestamp.h"
#include "wiki.h"

/* Bytes of a generated secret key (printed as twice as many hex digits). */
#define SECRET_BYTES 32

/*
 * Length of a generated Admin password. 20 characters from 62 give about
 * 119 bits, far beyond guessing, and still easy to paste.
 */
#define ADMIN_PASSWORD_LEN 20

static char *g_secret; /* the token key, owned; NULL until wiki_init() */

const char *wiki_secret_key(void)
{
	return g_secret;
}

/* Fresh random hex string of `n` bytes into `out` (2n+1 bytes). */
static void random_hex(size_t n, char *out)
{
	unsigned char buf[64];
	if (n > sizeof(buf))
		BUG("random_hex: %zu bytes", n);
	util_random(buf, n);
	util_hex(buf, n, out);
}

/* A random password of ADMIN_PASSWORD_LEN letters and digits into `out`. */
static void random_password(char out[ADMIN_PASSWORD_LEN + 1])
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	size_t n = 0;
	while (n < ADMIN_PASSWORD_LEN) {
		unsigned char b[32];
		util_random(b, sizeof(b));
		/* Rejection sampling: 248 = 4 * 62, so every letter is equally likely. */
		for (size_t i = 0; i < sizeof(b) && n < ADMIN_PASSWORD_LEN; i++)
			if (b[i] < 248)
				out[n++] = alphabet[b[i] % 62];
	}
	out[n] = '\0';
}

/*
 * Set g_secret: from the configuration, else from wikid_meta, else a new
 * random key stored there. Runs inside wiki_init()'s transaction.
 */
static int load_secret(struct store *st, struct arena *a)
{
	if (config.secret_key && *config.secret_key) {
		g_secret = xstrdup(config.secret_key);
		return RC_OK;
	}
	char *key = NULL;
	int rc = store_query_text(st, a, &key, "SELECT value FROM wikid_meta WHERE name = ?",
				  "t", "secret_key");
	if (rc == RC_NOTFOUND) {
		char hex[2 * SECRET_BYTES + 1];
		random_hex(SECRET_BYTES, hex);
		rc = store_run(st, "INSERT INTO wikid_meta (name, value) VALUES (?, ?)", "tt",
			       "secret_key", hex);
		key = arena_strdup(a, hex);
	}
	if (rc == RC_OK)
		g_secret = xstrdup(key);
	return rc;
}

/*
 * Create the Admin account on a fresh database: user row, actor row and
 * the groups sysop, bureaucrat and interface-admin. `password` is the
 * plain password to hash.
 */
static int create_admin(struct store *st, struct arena *a, const char *password,
			const char *now)
{
	const char *hash;
	int rc = wiki_password_hash(a, password, &hash);
	if (rc != RC_OK)
		return rc;
	char token[33];
	random_hex(16, token);
	rc = store_run(st,
		       "INSERT INTO \"user\" (user_name, user_real_name, user_password,"
		       " user_newpassword, user_email, user_touched, user_token,"
		       " user_registration, user_editcount)"
		       " VALUES (?, '', ?, '', '', ?, ?, ?, 0)",
		       "ttttt", "Admin", hash, now, token, now);
	if (rc != RC_OK)
		return rc;
	int64_t uid = store_last_id(st);
	store_memo_added(st);
	rc = store_run(st, "INSERT INTO actor (actor_user, actor_name) VALUES (?, ?)", "it", uid,
		       "Admin");
	static const char *const groups[] = { "sysop", "bureaucrat", "interface-admin" };
	for (size_t i = 0; i < ARRAY_SIZE(groups) && rc == RC_OK; i++)
		rc = store_run(st, "INSERT INTO user_groups (ug_user, ug_group, ug_expiry)"
				   " VALUES (?, ?, NULL)", "it", uid, groups[i]);
	return rc;
}

/* The first page of a fresh wiki; our own words. */
static const char main_page_text[] =
	"<strong>This wiki runs on wikid.</strong>\n\n"
	"wikid is a wiki server that speaks MediaWiki's Action API, so the bots, tools and client "
	"libraries written for MediaWiki work with it unchanged.\n\n"
	"== First steps ==\n"
	"* Log in as <code>Admin</code> with the password printed when the wiki first started.\n"
	"* Replace this text with a welcome for your readers.\n"
	"* Point your tools at <code>/w/api.php</code>.";

/*
 * "Main Page", saved as MediaWiki's installer does it: by the system
 * account "MediaWiki default" (made here, without a usable password),
 * with an empty summary.
 */
static int create_main_page(struct store *st, struct arena *a)
{
	int64_t uid = 0;
	int rc = wiki_user_create(st, a, "MediaWiki default", NULL, NULL, NULL, &uid);
	if (rc != RC_OK)
		return rc;
	static const char *const no_rights[] = { NULL };
	struct wiki_user sys = { .id = uid, .name = "MediaWiki default", .rights = (const char **)no_rights };
	struct wiki_title t;
	wiki_title_make(a, 0, "Main_Page", &t);
	struct wiki_page old;
	rc = wiki_page_load(st, a, 0, "Main_Page", &old);
	if (rc != RC_OK || old.id)
		return rc;
	struct wiki_edit e = {
		.title = &t, .user = &sys, .old = &old, .text = main_page_text, .len = sizeof(main_page_text) - 1,
		.model = "wikitext", .summary = "", .no_autosummary = true,
		/*
		 * The text links nowhere, and the parser's site (the server URL)
		 * is not known before the server has bound its port.
		 */
		.no_links = true,
	};
	return wiki_page_save(st, a, &e);
}

/*
 * First start: the Admin account (when there is no account yet), site
 * statistics, the "installed" mark. Sets `*admin_pw` to the password to
 * print, or leaves it NULL.
 */
static int install(struct store *st, struct arena *a, const char **admin_pw)
{
	char now[15];
	ts_format_mw(util_now(), now);

	int64_t n_users = 0;
	int rc = store_query_int(st, &n_users, "SELECT COUNT(*) FROM \"user\"", "");
	if (rc == RC_OK && n_users == 0) {
		const char *pw = config.admin_password;
		if (!pw || !*pw)
			pw = getenv("WIKID_ADMIN_PASSWORD");
		if (!pw || !*pw) {
			char *gen = arena_alloc(a, ADMIN_PASSWORD_LEN + 1);
			random_password(gen);
			pw = gen;
		}
		rc = create_admin(st, a, pw, now);
		if (rc == RC_OK)
			*admin_pw = pw;
		if (rc == RC_OK)
			rc = create_main_page(st, a);
	}
	/*
	 * Seed the interwiki table with the default map, as MediaWiki's
	 * installer does; a site then edits the rows it wants changed.
	 */
	size_t n_iw;
	const struct wiki_interwiki *iw = wiki_interwiki_all(&n_iw);
	for (size_t i = 0; rc == RC_OK && i < n_iw; i++)
		rc = store_run(st, "INSERT INTO interwiki (iw_prefix, iw_url, iw_api, iw_wikiid, iw_local,"
				   " iw_trans) VALUES (?, ?, ?, ?, ?, ?)", "ttttii",
			       iw[i].prefix, iw[i].url, iw[i].api ? iw[i].api : "",
			       iw[i].wikiid ? iw[i].wikiid : "", (int64_t)iw[i].is_local,
			       (int64_t)iw[i].is_trans);
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE site_stats SET ss_users = (SELECT COUNT(*) FROM \"user\")"
				   " WHERE ss_row_id = 1", "");
	if (rc == RC_OK)
		rc = store_run(st, "INSERT INTO wikid_meta (name, value) VALUES (?, ?)", "tt",
			       "installed", now);
	return rc;
}

int wiki_init(void)
{
	wiki_commonpw_init();
	if (store_global_init(config_database()) != RC_OK) {
		fprintf(stderr, "wikid: no data directory or database configured\n");
		return RC_ERR;
	}
	if (store_global_replicas(config.db_replicas, config.replica_max_lag) != RC_OK) {
		fprintf(stderr, "wikid: [database] replicas: only PostgreSQL has read replicas (at most %d),"
				" given as postgresql:// URLs\n", STORE_REPLICAS_MAX);
		store_global_shutdown();
		return RC_ERR;
	}
	/* A connection of its own, so a failure here is a message, not an abort. */
	struct store *st = store_open(config_database());
	if (!st)
		return RC_ERR;
	struct arena *a = arena_new();
	const char *admin_pw = NULL;
	const char *stage = "migrating the schema";

	int rc = store_migrate(st);
	if (rc == RC_OK) {
		stage = "starting the set-up transaction";
		rc = store_begin(st);
	}
	if (rc == RC_OK) {
		stage = "loading the secret key";
		rc = load_secret(st, a);
		int64_t installed;
		if (rc == RC_OK) {
			stage = "installing";
			rc = store_query_int(st, &installed, "SELECT 1 FROM wikid_meta WHERE name = ?",
					     "t", "installed");
			if (rc == RC_NOTFOUND)
				rc = install(st, a, &admin_pw);
		}
		if (rc == RC_OK) {
			stage = "committing the set-up";
			rc = store_commit(st);
		} else {
			store_rollback(st);
		}
	}
	if (rc != RC_OK) {
		fprintf(stderr, "wikid: database %s: %s: %s\n", config_database(), stage,
			store_errmsg(st));
		xfree(g_secret);
		g_secret = NULL;
	} else if (admin_pw) {
		/* Only now that it is committed; never again on later starts. */
		printf("admin password: %s\n", admin_pw);
		fflush(stdout);
	}
	store_close(st);
	arena_free(a);
	return rc == RC_OK ? RC_OK : RC_ERR;
}

void wiki_shutdown(void)
{
	store_global_shutdown();
	xfree(g_secret);
	g_secret = NULL;
}
