/* SPDX-License-Identifier: MIT */
/*
 * test_store.c — the storage layer on a database in a fresh temporary
 * directory: migrations (applied once, re-running is a no-op), durability
 * settings, the statement API and its cache, transactions and savepoints,
 * lock contention between two connections, content blobs deduplicated by
 * SHA-1 (with compression), per-thread connections, store_idle(), the
 * FTS5 search table, wiki_init() on a fresh and on an existing database,
 * and finally PRAGMA integrity_check.
 */
#include "../harness.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_int.h" /* to look at the statement cache */
#include "util/config.h"
#include "wiki/wiki.h"

static char dir[] = "/tmp/wikid-test-store-XXXXXX";

static int64_t count(struct store *st, const char *sql)
{
	int64_t n = -1;
	store_query_int(st, &n, sql, "");
	return n;
}

/* ---------- migrations and settings ---------- */

static void test_migrations(void)
{
	struct store *st = store_open(dir);
	OK(st != NULL, "open a fresh database");
	if (!st)
		exit(harness_done());
	STR_EQ(store_backend_name(st), "sqlite", "backend name");
	INT_EQ(store_migrate(st), RC_OK, "migrate a fresh database");
	int v = -1;
	INT_EQ(store_schema_version(st, &v), RC_OK, "read schema version");
	INT_EQ(v, store_schema_latest(), "schema at the latest migration");
	OK(store_schema_latest() >= 2, "at least two migrations known");
	INT_EQ(count(st, "SELECT COUNT(*) FROM schema_migrations"), store_schema_latest(),
	       "one schema_migrations row per migration");
	INT_EQ(store_migrate(st), RC_OK, "migrate again");
	INT_EQ(count(st, "SELECT COUNT(*) FROM schema_migrations"), store_schema_latest(),
	       "re-running added nothing");
	store_close(st);

	st = store_open(dir);
	INT_EQ(store_migrate(st), RC_OK, "migrate after reopening");
	INT_EQ(count(st, "SELECT COUNT(*) FROM schema_migrations"), store_schema_latest(),
	       "reopen + migrate is a no-op");
	INT_EQ(count(st, "SELECT role_id FROM slot_roles WHERE role_name = 'main'"), 1,
	       "main slot role is 1");
	INT_EQ(count(st, "SELECT model_id FROM content_models WHERE model_name = 'wikitext'"), 1,
	       "wikitext model is 1");
	INT_EQ(count(st, "SELECT COUNT(*) FROM site_stats"), 1, "one site_stats row");

	/* Every table of the brief exists (empty select works). */
	static const char *const tables[] = {
		"page", "revision", "slots", "slot_roles", "content", "content_models", "text",
		"comment", "actor", "\"user\"", "user_groups", "user_former_groups",
		"user_properties", "bot_passwords", "recentchanges", "logging", "log_search",
		"watchlist", "watchlist_expiry", "page_props", "page_restrictions",
		"protected_titles", "change_tag", "change_tag_def", "redirect", "interwiki",
		"objectcache", "sessions", "job", "user_newtalk", "archive", "block",
		"block_target", "pagelinks", "templatelinks", "categorylinks", "category",
		"externallinks", "imagelinks", "langlinks", "iwlinks", "image", "oldimage",
		"filearchive", "uploadstash", "site_stats", "searchindex", "wikid_meta",
	};
	int missing = 0;
	for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
		char sql[128];
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", tables[i]);
		if (count(st, sql) < 0) {
			printf("# missing table %s: %s\n", tables[i], store_errmsg(st));
			missing++;
		}
	}
	INT_EQ(missing, 0, "all MediaWiki tables exist");

	struct arena *a = arena_new();
	char *mode = NULL;
	store_query_text(st, a, &mode, "PRAGMA journal_mode", "");
	STR_EQ(mode, "wal", "journal_mode is WAL");
	INT_EQ(count(st, "PRAGMA synchronous"), 2, "synchronous is FULL");
	INT_EQ(count(st, "PRAGMA busy_timeout"), STORE_BUSY_TIMEOUT_MS, "busy timeout set");
	arena_free(a);
	store_close(st);
}

/* ---------- statements and cache ---------- */

static void test_statements(struct store *st)
{
	struct arena *a = arena_new();
	const char *ins = "INSERT INTO page (page_namespace, page_title, page_random, page_touched,"
			  " page_latest, page_len, page_lang) VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct store_stmt *s = store_prepare(st, ins);
	OK(s != NULL, "prepare insert");
	store_bind_int(s, 1, 0);
	store_bind_text(s, 2, "Main_Page", STORE_NTS);
	store_bind_double(s, 3, 0.25);
	store_bind_text(s, 4, "20240101000000xyz", 14);
	store_bind_int(s, 5, 0);
	store_bind_int(s, 6, 5);
	store_bind_null(s, 7);
	INT_EQ(store_step(s), STORE_DONE, "insert runs");
	int64_t id1 = store_last_id(st);
	OK(id1 > 0, "last insert id");
	INT_EQ(store_changes(st), 1, "one row changed");

	/* The cache is keyed by the text, not the pointer. */
	char copy[256];
	snprintf(copy, sizeof(copy), "%s", ins);
	struct store_stmt *s2 = store_prepare(st, copy);
	OK(s2 == s, "same SQL text from another buffer gives the cached statement");
	INT_EQ(store_bindv(s2, "dtftddn", 1, "Talk_page", 0.5, "20240102000000", 0, 7), RC_OK,
	       "bindv");
	INT_EQ(store_step(s2), STORE_DONE, "second insert through the cache");
	int64_t id2 = store_last_id(st);
	OK(id2 == id1 + 1, "ids ascend");

	/* Unique key violation. */
	INT_EQ(store_run(st, ins, "itfsiin", (int64_t)0, "Main_Page", 0.1, STR_LIT("20240101000000"),
			 (int64_t)0, (int64_t)1), RC_CONFLICT, "duplicate title is RC_CONFLICT");
	OK(store_errmsg(st)[0] != '\0', "error message recorded");

	/* Reading rows. */
	s = store_prepare(st, "SELECT page_id, page_title, page_random, page_touched, page_lang,"
			      " page_len FROM page ORDER BY page_id");
	INT_EQ(store_col_count(s), 6, "column count");
	INT_EQ(store_step(s), STORE_ROW, "first row");
	INT_EQ(store_col_int(s, 0), id1, "page_id");
	STR_EQ(store_col_text(s, 1), "Main_Page", "page_title text");
	INT_EQ(store_col_len(s, 1), 9, "page_title length");
	OK(store_col_double(s, 2) == 0.25, "page_random double");
	STR_EQ(store_col_text(s, 3), "20240101000000", "text bound with explicit length");
	OK(store_col_is_null(s, 4), "NULL column is null");
	STR_EQ(store_col_text(s, 4), "", "NULL column reads as empty text");
	OK(store_col_dup(s, a, 4) == NULL, "dup of NULL is NULL");
	struct str v = store_col_str(s, 1);
	OK(str_eq(v, "Main_Page"), "column as str view");
	INT_EQ(store_step(s), STORE_ROW, "second row");
	STR_EQ(store_col_dup(s, a, 1), "Talk_page", "dup of text column");
	INT_EQ(store_step(s), STORE_DONE, "done after two rows");
	INT_EQ(st->n_active, 0, "no active statements after DONE");

	/* Re-preparing a statement mid-iteration resets it. */
	const char *q = "SELECT page_title FROM page ORDER BY page_id";
	s = store_prepare(st, q);
	INT_EQ(store_step(s), STORE_ROW, "iteration started");
	INT_EQ(st->n_active, 1, "one active statement");
	s = store_prepare(st, q);
	INT_EQ(st->n_active, 0, "re-prepare reset it");
	INT_EQ(store_step(s), STORE_ROW, "iteration restarts");
	STR_EQ(store_col_text(s, 0), "Main_Page", "from the first row");
	store_stmt_done(s);
	INT_EQ(st->n_active, 0, "stmt_done resets");

	/* Query helpers. */
	int64_t n = 0;
	INT_EQ(store_query_int(st, &n, "SELECT page_len FROM page WHERE page_title = ?", "t",
			       "Talk_page"), RC_OK, "query_int");
	INT_EQ(n, 7, "query_int value");
	n = 42;
	INT_EQ(store_query_int(st, &n, "SELECT page_len FROM page WHERE page_title = ?", "t",
			       "Nope"), RC_NOTFOUND, "query_int without row");
	INT_EQ(n, 42, "out untouched on RC_NOTFOUND");
	char *txt = (char *)"x";
	INT_EQ(store_query_text(st, a, &txt, "SELECT page_lang FROM page WHERE page_id = ?", "i",
				id1), RC_OK, "query_text of NULL");
	OK(txt == NULL, "NULL text gives NULL");
	INT_EQ(store_query_text(st, a, &txt, "SELECT page_title FROM page WHERE page_id = ?", "i",
				id2), RC_OK, "query_text");
	STR_EQ(txt, "Talk_page", "query_text value");
	/* Blob binding round trip, with a NUL inside. */
	INT_EQ(store_run(st, "INSERT INTO objectcache (keyname, value, exptime) VALUES (?, ?, ?)",
			 "tbt", "k1", (const void *)"a\0b", (size_t)3, "99991231235959"),
	       RC_OK, "insert blob");
	s = store_prepare(st, "SELECT value FROM objectcache WHERE keyname = 'k1'");
	INT_EQ(store_step(s), STORE_ROW, "select blob");
	INT_EQ(store_col_len(s, 0), 3, "blob length");
	MEM_EQ(store_col_blob(s, 0), "a\0b", 3, "blob bytes");
	store_stmt_done(s);

	/* Errors. */
	OK(store_prepare(st, "SELEKT nothing") == NULL, "bad SQL does not prepare");
	OK(strstr(store_errmsg(st), "syntax") != NULL, "syntax error message");
	INT_EQ(store_step(NULL), RC_ERR, "step of NULL statement is RC_ERR");
	INT_EQ(store_bind_int(NULL, 1, 1), RC_ERR, "bind to NULL statement is RC_ERR");
	OK(store_prepare(st, "SELECT 1; SELECT 2") == NULL, "two statements refused");
	INT_EQ(store_exec(st, "CREATE TABLE"), RC_ERR, "exec of bad DDL");
	INT_EQ(store_bindv(store_prepare(st, "SELECT ?"), "q", 1), RC_ERR, "bad bind letter");
	INT_EQ(store_bind_int(store_prepare(st, "SELECT ?"), 2, 1), RC_ERR, "index out of range");
	arena_free(a);
}

/*
 * store_col_ints() reads a run of columns as store_col_int() reads each,
 * store_col_row() a row of integers and texts as those and store_col_text():
 * NULLs, texts, reals and large integers, any part of the row, rows of a
 * compound query (each arm has registers of its own), a sorter's rows.
 */
static void test_col_ints(struct store *st)
{
	static const char *const sqls[] = {
		"SELECT 1, -2, 3000000000, NULL, '42', 4.7, 'x7', -9223372036854775808, 9223372036854775807",
		"SELECT 1, 2, 3, 4, 5, 6, 7, 8, 9 UNION ALL SELECT 10, 11, 12, 13, 14, 15, 16, 17, 18"
		" UNION ALL SELECT * FROM (SELECT 19, 20, NULL, 22, '23', 24, 25, 26, 27)",
		"SELECT page_id, page_namespace, page_len, page_latest, page_id * 3, page_len + 1, 7, 8, 9"
		" FROM page ORDER BY page_title DESC",
	};
	int bad = 0, rows = 0;
	for (size_t i = 0; i < ARRAY_SIZE(sqls); i++) {
		struct store_stmt *s = store_prepare(st, sqls[i]);
		OK(s != NULL, sqls[i]);
		while (store_step(s) == STORE_ROW) {
			rows++;
			for (int first = 0; first < 9; first++) {
				for (int n = 1; first + n <= 9; n++) {
					int64_t got[9];
					store_col_ints(s, first, n, got);
					for (int k = 0; k < n; k++)
						if (got[k] != store_col_int(s, first + k))
							bad++;
				}
			}
			/* store_col_row(): integers, then texts, split anywhere. */
			for (int n_ints = 0; n_ints <= 9; n_ints++) {
				int64_t ints[9];
				const char *texts[9];
				store_col_row(s, n_ints, ints, 9 - n_ints, texts);
				for (int k = 0; k < n_ints; k++)
					if (ints[k] != store_col_int(s, k))
						bad++;
				for (int k = n_ints; k < 9; k++)
					if (!texts[k - n_ints] || !streq(texts[k - n_ints], store_col_text(s, k)))
						bad++;
			}
		}
	}
	OK(rows >= 6, "store_col_ints: rows of plain, compound and sorted queries");
	INT_EQ(bad, 0, "store_col_ints, store_col_row: every run of columns as store_col_int() and store_col_text() read each");
}

/* The cache is trimmed in store_idle() only, and keeps recent statements. */
static void test_cache_trim(struct store *st)
{
	size_t before = st->n_stmts;
	struct store_stmt *hot = NULL;
	for (int i = 0; i < STORE_STMT_CACHE_MAX + 100; i++) {
		char sql[64];
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		store_prepare(st, sql);
		if (i % 50 == 0)
			hot = store_prepare(st, "SELECT page_id FROM page WHERE page_id = ?");
	}
	OK(st->n_stmts >= before + STORE_STMT_CACHE_MAX, "cache grows within a request");
	store_idle(st);
	OK(st->n_stmts <= STORE_STMT_CACHE_MAX / 2 + 1, "store_idle trims the cache");
	OK(store_prepare(st, "SELECT page_id FROM page WHERE page_id = ?") == hot,
	   "recently used statement survived the trim");
	int64_t n = 0;
	INT_EQ(store_query_int(st, &n, "SELECT 600", ""), RC_OK, "recompiled after trim works");
	INT_EQ(n, 600, "value after trim");
}

/* ---------- transactions ---------- */

static void test_transactions(struct store *st)
{
	const char *ins = "INSERT INTO wikid_meta (name, value) VALUES (?, ?)";
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(store_tx_depth(st), 1, "depth 1");
	store_run(st, ins, "tt", "rolled", "back");
	INT_EQ(store_rollback(st), RC_OK, "rollback");
	INT_EQ(count(st, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'rolled'"), 0,
	       "rolled-back row is gone");

	INT_EQ(store_begin(st), RC_OK, "begin again");
	store_run(st, ins, "tt", "outer", "1");
	INT_EQ(store_begin(st), RC_OK, "nested begin (savepoint)");
	INT_EQ(store_tx_depth(st), 2, "depth 2");
	store_run(st, ins, "tt", "inner", "1");
	INT_EQ(store_rollback(st), RC_OK, "roll back the savepoint");
	INT_EQ(store_begin(st), RC_OK, "another savepoint");
	store_run(st, ins, "tt", "inner2", "1");
	INT_EQ(store_commit(st), RC_OK, "release the savepoint");
	INT_EQ(store_tx_depth(st), 1, "back to depth 1");
	INT_EQ(store_commit(st), RC_OK, "commit");
	INT_EQ(count(st, "SELECT COUNT(*) FROM wikid_meta WHERE name IN ('outer', 'inner2')"), 2,
	       "committed rows are there");
	INT_EQ(count(st, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'inner'"), 0,
	       "rolled-back savepoint row is not");
	INT_EQ(store_commit(st), RC_ERR, "commit without begin is an error");
	INT_EQ(store_rollback(st), RC_OK, "rollback without begin is harmless");

	/* store_run_later() is store_run() on SQLite, inside a transaction or not. */
	INT_EQ(store_run_later(st, ins, "tt", "later1", "1"), RC_OK, "a write sent ahead, no transaction");
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(store_run_later(st, ins, "tt", "later2", "1"), RC_OK, "a write sent ahead");
	INT_EQ(store_run_later(st, ins, "tt", "later2", "2"), RC_CONFLICT, "its failure at once");
	INT_EQ(store_commit(st), RC_OK, "commit");
	INT_EQ(count(st, "SELECT COUNT(*) FROM wikid_meta WHERE name LIKE 'later%'"), 2, "both rows");

	/* A conflict inside a transaction leaves it usable. */
	INT_EQ(store_begin(st), RC_OK, "begin for conflict");
	INT_EQ(store_run(st, ins, "tt", "outer", "dup"), RC_CONFLICT, "conflict inside tx");
	store_run(st, ins, "tt", "after_conflict", "1");
	INT_EQ(store_commit(st), RC_OK, "commit after a conflict");
	INT_EQ(count(st, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'after_conflict'"), 1,
	       "row after conflict committed");

	/* store_idle rolls back a forgotten transaction and resets open reads. */
	struct store_stmt *s = store_prepare(st, "SELECT name FROM wikid_meta");
	store_step(s);
	store_begin(st);
	INT_EQ(st->n_active, 0, "begin reset the open read");
	store_run(st, ins, "tt", "forgotten", "1");
	s = store_prepare(st, "SELECT name FROM wikid_meta");
	store_step(s);
	fprintf(stderr, "(expected warning follows)\n");
	store_idle(st);
	INT_EQ(store_tx_depth(st), 0, "idle closed the transaction");
	INT_EQ(st->n_active, 0, "idle reset the read");
	INT_EQ(count(st, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'forgotten'"), 0,
	       "forgotten transaction was rolled back");
}

/* ---------- two connections ---------- */

struct committer {
	struct store *st; /* connection holding the write lock */
	int delay_ms;     /* how long to hold it */
};

static void *commit_later(void *p)
{
	struct committer *c = p;
	usleep((useconds_t)c->delay_ms * 1000);
	store_run(c->st, "INSERT INTO wikid_meta (name, value) VALUES ('from_thread', '1')", "");
	store_commit(c->st);
	return NULL;
}

static void test_busy(void)
{
	struct store *a = store_open(dir);
	struct store *b = store_open(dir);
	OK(a && b, "two connections");
	INT_EQ(store_begin(a), RC_OK, "A takes the write lock");
	store_run(a, "INSERT INTO wikid_meta (name, value) VALUES ('a_pending', '1')", "");

	/* Readers are not blocked by the writer and see the committed state. */
	INT_EQ(count(b, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'a_pending'"), 0,
	       "B reads while A writes, without A's uncommitted row");

	store_busy_timeout(b, 100);
	int64_t t0 = util_mono_us();
	INT_EQ(store_begin(b), RC_BUSY, "B cannot begin: RC_BUSY");
	int64_t waited = util_mono_us() - t0;
	OK(waited >= 90000 && waited < 2000000, "B waited about its busy timeout");
	INT_EQ(store_tx_depth(b), 0, "B has no transaction");
	INT_EQ(store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('b', '1')", ""), RC_BUSY,
	       "B's autocommit write is RC_BUSY too");

	/* With a longer timeout, B waits until A commits and then proceeds. */
	store_busy_timeout(b, STORE_BUSY_TIMEOUT_MS);
	struct committer c = { a, 200 };
	pthread_t th;
	pthread_create(&th, NULL, commit_later, &c);
	t0 = util_mono_us();
	INT_EQ(store_begin(b), RC_OK, "B begins once A commits");
	waited = util_mono_us() - t0;
	pthread_join(th, NULL);
	OK(waited >= 100000, "B waited for A");
	INT_EQ(count(b, "SELECT COUNT(*) FROM wikid_meta WHERE name IN ('a_pending', 'from_thread')"),
	       2, "B sees A's commit");
	INT_EQ(store_commit(b), RC_OK, "B commits");
	store_close(a);
	store_close(b);
}

/* A read snapshot is consistent, and a write after it starts from the newest state. */
static void test_snapshot(void)
{
	struct store *a = store_open(dir);
	struct store *b = store_open(dir);
	const char *q = "SELECT COUNT(*) FROM wikid_meta WHERE name LIKE 'snap%'";
	INT_EQ(store_snapshot(a), RC_OK, "A opens a snapshot");
	INT_EQ(store_snapshot(a), RC_OK, "second snapshot call is a no-op");
	INT_EQ(count(a, q), 0, "A reads in its snapshot");
	INT_EQ(store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('snap1', '1')", ""), RC_OK,
	       "B writes while A's snapshot is open");
	INT_EQ(count(a, q), 0, "A's snapshot does not see B's commit");
	INT_EQ(store_begin(a), RC_OK, "A can still begin a write (snapshot closed first)");
	INT_EQ(count(a, q), 1, "A's write transaction sees B's commit");
	store_run(a, "INSERT INTO wikid_meta (name, value) VALUES ('snap2', '1')", "");
	INT_EQ(store_commit(a), RC_OK, "A commits");
	INT_EQ(store_snapshot(a), RC_OK, "snapshot again");
	INT_EQ(count(a, q), 2, "new snapshot: first read fixes it");
	store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('snap3', '1')", "");
	INT_EQ(count(a, q), 2, "new snapshot: stays at the state of its first read");
	store_idle(a);
	INT_EQ(count(a, q), 3, "store_idle ended the snapshot");
	store_snapshot(a);
	count(a, q);
	store_snapshot_end(a);
	store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('snap4', '1')", "");
	INT_EQ(count(a, q), 4, "store_snapshot_end ended it");
	store_begin(a);
	INT_EQ(store_snapshot(a), RC_OK, "snapshot inside a write is a no-op");
	INT_EQ(store_commit(a), RC_OK, "and the write commits normally");
	store_close(a);
	store_close(b);
}

/*
 * kill -9 in the middle of a stream of commits: every commit the child
 * reported as done must be in the database afterwards, and the database
 * must be consistent.
 */
static void test_kill9(void)
{
	int fds[2];
	if (pipe(fds) != 0) {
		OK(0, "pipe");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		struct store *st = store_open(dir);
		char big[3000];
		for (int64_t i = 1;; i++) {
			memset(big, 'a' + (int)(i % 26), sizeof(big));
			snprintf(big, 32, "revision %lld", (long long)i);
			int64_t blob;
			if (store_begin(st) != RC_OK || store_blob_put(st, big, sizeof(big), &blob) != RC_OK ||
			    store_run(st, "INSERT INTO job (job_cmd, job_namespace, job_title, job_params,"
					  " job_random) VALUES ('kill9', 0, 'T', '', ?)", "i", i) != RC_OK ||
			    store_commit(st) != RC_OK)
				_exit(3);
			/* Acknowledge only after the commit returned. */
			if (write(fds[1], &i, sizeof(i)) != sizeof(i))
				_exit(4);
		}
	}
	close(fds[1]);
	usleep(300000);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	OK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "writer killed with SIGKILL");
	int64_t last = 0, v;
	while (read(fds[0], &v, sizeof(v)) == sizeof(v))
		last = v;
	close(fds[0]);
	OK(last > 0, "writer acknowledged commits before the kill");
	printf("# %lld commits acknowledged before kill -9\n", (long long)last);
	struct store *st = store_open(dir);
	int64_t have = count(st, "SELECT COUNT(*) FROM job WHERE job_cmd = 'kill9'");
	int64_t max = count(st, "SELECT COALESCE(MAX(job_random), 0) FROM job WHERE job_cmd = 'kill9'");
	OK(max >= last && have == max, "every acknowledged commit survived, no gaps");
	if (!(max >= last && have == max))
		printf("# acknowledged %lld, rows %lld, max %lld\n", (long long)last, (long long)have,
		       (long long)max);
	struct arena *a = arena_new();
	char *ok = NULL;
	store_query_text(st, a, &ok, "PRAGMA integrity_check", "");
	STR_EQ(ok, "ok", "consistent after kill -9");
	const char *data;
	size_t len;
	int64_t blob = 0;
	char want[3000];
	memset(want, 'a' + (int)(last % 26), sizeof(want));
	snprintf(want, 32, "revision %lld", (long long)last);
	char sha1[41];
	store_sha1_hex(want, sizeof(want), sha1);
	store_query_int(st, &blob, "SELECT old_id FROM text WHERE old_sha1 = ?", "t", sha1);
	OK(store_blob_get(st, a, blob, &data, &len) == RC_OK && len == sizeof(want) &&
	   memcmp(data, want, len) == 0, "last acknowledged text readable");
	arena_free(a);
	store_close(st);
}

/* ---------- blobs and content ---------- */

/* Bulk writes: commits stop waiting for the disk, and the end restores it. */
static void test_bulk_writes(struct store *st)
{
	int64_t sync = -1;
	INT_EQ(store_bulk_writes(st, false), RC_OK, "bulk writes on");
	store_query_int(st, &sync, "PRAGMA synchronous", "");
	INT_EQ(sync, 1, "synchronous=NORMAL while bulk");
	INT_EQ(store_bulk_writes(st, true), RC_OK, "bulk writes done (checkpoint)");
	store_query_int(st, &sync, "PRAGMA synchronous", "");
	INT_EQ(sync, 2, "synchronous=FULL again");
}

static void test_blobs(struct store *st)
{
	struct arena *a = arena_new();
	char sha[32];
	store_sha1_base36("", 0, sha);
	STR_EQ(sha, "phoiac9h4m842xq45sp7s6u21eteeq1", "base-36 SHA-1 of empty text");
	store_sha1_base36("Hello, world", 12, sha);
	STR_EQ(sha, "q6nyez3du0n3ta4qnnpjpt6a3yg5new", "base-36 SHA-1 vector");
	char hex[41];
	store_sha1_hex("abc", 3, hex);
	STR_EQ(hex, "a9993e364706816aba3e25717850c26c9cd0d89d", "hex SHA-1 vector");

	int64_t before = count(st, "SELECT COUNT(*) FROM text");
	int64_t b1 = 0, b2 = 0, b3 = 0;
	INT_EQ(store_begin(st), RC_OK, "begin blob writes");
	INT_EQ(store_blob_put(st, "short text", 10, &b1), RC_OK, "put short");
	INT_EQ(store_blob_put(st, "short text", 10, &b2), RC_OK, "put same again");
	OK(b1 > 0 && b1 == b2, "same text shares one row");
	INT_EQ(store_blob_put(st, "other text", 10, &b3), RC_OK, "put different");
	OK(b3 != b1, "different text, different row");

	/* A long, compressible text is stored deflated. */
	size_t big_len = 100000;
	char *big = arena_alloc(a, big_len);
	for (size_t i = 0; i < big_len; i++)
		big[i] = "== Heading ==\n'''wiki''' [[link]] text\n"[i % 39];
	int64_t bb = 0;
	INT_EQ(store_blob_put(st, big, big_len, &bb), RC_OK, "put big");
	INT_EQ(store_commit(st), RC_OK, "commit blob writes");
	INT_EQ(count(st, "SELECT COUNT(*) FROM text") - before, 3, "three distinct rows stored");
	char *flags = NULL;
	store_query_text(st, a, &flags, "SELECT old_flags FROM text WHERE old_id = ?", "i", bb);
	STR_EQ(flags, "utf-8,gzip", "big text flagged gzip");
	int64_t stored = 0;
	store_query_int(st, &stored, "SELECT LENGTH(old_text) FROM text WHERE old_id = ?", "i", bb);
	OK(stored > 0 && stored < (int64_t)big_len / 10, "big text compressed");
	store_query_text(st, a, &flags, "SELECT old_flags FROM text WHERE old_id = ?", "i", b1);
	STR_EQ(flags, "utf-8", "short text stored plain");

	const char *data;
	size_t len;
	INT_EQ(store_blob_get(st, a, bb, &data, &len), RC_OK, "get big");
	OK(len == big_len && memcmp(data, big, big_len) == 0 && data[len] == '\0',
	   "big text round trip");
	INT_EQ(store_blob_get(st, a, b1, &data, &len), RC_OK, "get short");
	OK(len == 10 && streq(data, "short text"), "short text round trip");
	INT_EQ(store_blob_get(st, a, 999999, &data, &len), RC_NOTFOUND, "missing blob");
	int64_t be = 0;
	INT_EQ(store_blob_put(st, "", 0, &be), RC_OK, "put empty text");
	INT_EQ(store_blob_get(st, a, be, &data, &len), RC_OK, "get empty text");
	OK(len == 0 && streq(data, ""), "empty text round trip");

	/* Content rows. */
	int64_t c1 = 0, c2 = 0, c3 = 0, m = 0;
	INT_EQ(store_content_put(st, "wikitext", "Hello, world", 12, &c1), RC_OK, "content put");
	INT_EQ(store_content_put(st, "wikitext", "Hello, world", 12, &c2), RC_OK, "content again");
	OK(c1 > 0 && c1 == c2, "identical content row reused");
	INT_EQ(store_content_put(st, "css", "Hello, world", 12, &c3), RC_OK, "other model");
	OK(c3 != c1, "other model, other content row");
	char *sha1 = NULL;
	store_query_text(st, a, &sha1, "SELECT content_sha1 FROM content WHERE content_id = ?", "i",
			 c1);
	STR_EQ(sha1, "q6nyez3du0n3ta4qnnpjpt6a3yg5new", "content_sha1 is base-36");
	INT_EQ(count(st, "SELECT COUNT(DISTINCT content_address) FROM content"
			 " WHERE content_sha1 = 'q6nyez3du0n3ta4qnnpjpt6a3yg5new'"), 1,
	       "both models share one text row");
	const char *model = NULL;
	INT_EQ(store_content_get(st, a, c3, &data, &len, &model), RC_OK, "content get");
	STR_EQ(model, "css", "content model name");
	OK(len == 12 && streq(data, "Hello, world"), "content text");
	INT_EQ(store_content_get(st, a, 123456, &data, &len, NULL), RC_NOTFOUND, "missing content");
	INT_EQ(store_model_id(st, "wikitext", &m), RC_OK, "model id");
	INT_EQ(m, 1, "wikitext is model 1");
	INT_EQ(store_model_id(st, "sanitized-css", &m), RC_OK, "new model added");
	OK(m > 5, "new model gets a new id");
	int64_t m2 = 0;
	store_model_id(st, "sanitized-css", &m2);
	INT_EQ(m2, m, "new model id stable");
	INT_EQ(store_role_id(st, "main", &m), RC_OK, "role id");
	INT_EQ(m, 1, "main role is 1");
	arena_free(a);
}

/*
 * The per-connection row cache: a content row read inside a transaction
 * that rolls back is not remembered (SQLite hands its id out again), an
 * empty slot list is not remembered (the revision may come later), and
 * committed rows read back the same from the cache.
 */
static void test_rowcache(struct store *st)
{
	struct arena *a = arena_new();
	const char *data, *model;
	size_t len;
	int64_t c1 = 0, c2 = 0;
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(store_content_put(st, "wikitext", "rolled back text", 16, &c1), RC_OK, "content in a transaction");
	INT_EQ(store_content_get(st, a, c1, &data, &len, NULL), RC_OK, "read inside the transaction");
	INT_EQ(store_rollback(st), RC_OK, "rollback");
	INT_EQ(store_content_put(st, "wikitext", "committed text!!", 16, &c2), RC_OK, "content committed");
	INT_EQ(store_content_get(st, a, c2, &data, &len, &model), RC_OK, "read committed content");
	OK(len == 16 && streq(data, "committed text!!") && streq(model, "wikitext"),
	   "a reused id reads the committed text, not the rolled-back one");
	INT_EQ(store_content_get(st, a, c2, &data, &len, &model), RC_OK, "read again (cached)");
	OK(len == 16 && streq(data, "committed text!!") && streq(model, "wikitext"), "cached content read");

	struct store_slot slots[4];
	size_t n = 9;
	INT_EQ(store_slots_get(st, a, 424242, slots, 4, &n), RC_OK, "slots of a missing revision");
	INT_EQ((int)n, 0, "no slots");
	int64_t role = 0;
	store_role_id(st, "main", &role);
	INT_EQ(store_run(st, "INSERT INTO slots (slot_revision_id, slot_role_id, slot_content_id, slot_origin)"
			 " VALUES (424242, ?, ?, 424242)", "ii", role, c2), RC_OK, "slot added later");
	INT_EQ(store_slots_get(st, a, 424242, slots, 4, &n), RC_OK, "slots once added");
	OK(n == 1 && streq(slots[0].role, "main") && slots[0].content_id == c2 && slots[0].size == 16 &&
	   streq(slots[0].model, "wikitext"), "the new slot is seen (an empty list was not cached)");
	INT_EQ(store_slots_get(st, a, 424242, slots, 4, &n), RC_OK, "slots again (cached)");
	OK(n == 1 && streq(slots[0].role, "main") && slots[0].content_id == c2, "cached slots");
	arena_free(a);
}

/*
 * Comment texts and actors from the row cache: a comment read inside a
 * transaction that rolls back is not remembered; an actor without a user
 * whose name could become an account's is read afresh every time (an
 * account made later for that name sets its user), while an IP's or an
 * imported name's actor and a user's actor are cached.
 */
static void test_textcache(struct store *st)
{
	const char *text;
	size_t len;
	int64_t user;
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(store_run(st, "INSERT INTO comment (comment_hash, comment_text) VALUES (1, 'rolled back')", ""), RC_OK,
	       "comment in a transaction");
	int64_t c1 = store_last_id(st);
	INT_EQ(store_comment_get(st, c1, &text, &len), RC_OK, "comment read inside the transaction");
	OK(len == 11 && streq(text, "rolled back"), "its text");
	INT_EQ(store_rollback(st), RC_OK, "rollback");
	INT_EQ(store_run(st, "INSERT INTO comment (comment_hash, comment_text) VALUES (2, 'committed')", ""), RC_OK,
	       "comment committed");
	int64_t c2 = store_last_id(st);
	INT_EQ(store_comment_get(st, c2, &text, &len), RC_OK, "committed comment");
	OK(len == 9 && streq(text, "committed"), "a reused id reads the committed text");
	INT_EQ(store_comment_get(st, c2, &text, &len), RC_OK, "again (cached)");
	OK(len == 9 && streq(text, "committed"), "cached comment text");
	INT_EQ(store_comment_get(st, 987654321, &text, &len), RC_NOTFOUND, "a missing comment");

	struct {
		const char *name;
		bool is_cached;
	} actors[] = { { "Plain name", false }, { "192.0.2.7", true }, { "2001:DB8:0:0:0:0:0:1", true },
		       { "imported>Plain name", true } };
	for (size_t i = 0; i < ARRAY_SIZE(actors); i++) {
		INT_EQ(store_run(st, "INSERT INTO actor (actor_user, actor_name) VALUES (NULL, ?)", "t", actors[i].name),
		       RC_OK, "actor without a user");
		int64_t id = store_last_id(st);
		const char *name = NULL;
		INT_EQ(store_actor_get(st, id, &name, &user), RC_OK, "read the actor");
		OK(streq(name, actors[i].name) && user == 0, "its name, no user");
		INT_EQ(store_run(st, "UPDATE actor SET actor_user = ? WHERE actor_id = ?", "ii", (int64_t)(900 + i), id),
		       RC_OK, "an account for the name");
		INT_EQ(store_actor_get(st, id, &name, &user), RC_OK, "read it again");
		OK(streq(name, actors[i].name) && user == (actors[i].is_cached ? 0 : (int64_t)(900 + i)),
		   actors[i].is_cached ? "a name that is never an account's was cached"
				       : "a name that may become an account's was read afresh");
	}
	INT_EQ(store_run(st, "INSERT INTO actor (actor_user, actor_name) VALUES (777, 'Has user')", ""), RC_OK,
	       "a user's actor");
	int64_t id = store_last_id(st);
	const char *name = NULL;
	INT_EQ(store_actor_get(st, id, &name, &user), RC_OK, "read it");
	OK(streq(name, "Has user") && user == 777, "name and user");
	INT_EQ(store_actor_get(st, 987654321, &name, &user), RC_NOTFOUND, "a missing actor");
}

/* ---------- per-thread connections ---------- */

static void *thread_conn(void *p)
{
	struct store **out = p;
	out[0] = store_thread();
	out[1] = store_thread();
	int64_t n = 0;
	store_query_int(out[0], &n, "SELECT COUNT(*) FROM schema_migrations", "");
	out[2] = n > 0 ? out[0] : NULL;
	return NULL;
}

/* store_memo_get()/put(): ids by key, nothing kept after a row of the kind was added in the transaction. */
static void test_memo(struct store *st)
{
	int64_t id = 0;
	OK(!store_memo_get(st, STORE_MEMO_COMMENT, "memo a", &id), "nothing remembered yet");
	store_memo_put(st, STORE_MEMO_COMMENT, "memo a", 41);
	OK(store_memo_get(st, STORE_MEMO_COMMENT, "memo a", &id) && id == 41, "remembered");
	OK(!store_memo_get(st, STORE_MEMO_ANON_ACTOR, "memo a", &id), "another kind, same key: not the same");
	OK(!store_memo_get(st, STORE_MEMO_COMMENT, "memo b", &id), "another key");
	INT_EQ(store_begin(st), RC_OK, "begin");
	store_memo_put(st, STORE_MEMO_COMMENT, "memo b", 42);
	OK(store_memo_get(st, STORE_MEMO_COMMENT, "memo b", &id) && id == 42, "put in a transaction that added nothing");
	store_memo_added(st);
	store_memo_put(st, STORE_MEMO_COMMENT, "memo c", 43);
	OK(!store_memo_get(st, STORE_MEMO_COMMENT, "memo c", &id), "after a row was added: not kept");
	INT_EQ(store_rollback(st), RC_OK, "rollback");
	store_memo_put(st, STORE_MEMO_COMMENT, "memo c", 44);
	OK(store_memo_get(st, STORE_MEMO_COMMENT, "memo c", &id) && id == 44, "kept again once it ended");
	store_memo_added(st);
	store_memo_put(st, STORE_MEMO_COMMENT, "memo d", 45);
	OK(store_memo_get(st, STORE_MEMO_COMMENT, "memo d", &id) && id == 45, "an added row outside a transaction is committed");
}

static void test_threads(void)
{
	INT_EQ(store_global_init(dir), RC_OK, "global init");
	struct store *mine = store_thread();
	OK(mine != NULL && mine == store_thread(), "one connection per thread, reused");
	struct store *theirs[3] = { 0 };
	pthread_t th;
	pthread_create(&th, NULL, thread_conn, theirs);
	pthread_join(th, NULL);
	OK(theirs[0] && theirs[0] == theirs[1], "other thread reuses its connection");
	OK(theirs[0] != mine, "other thread has its own connection");
	OK(theirs[2] != NULL, "other thread's connection works");
	store_global_shutdown();
}

/* ---------- search ---------- */

static void test_search(struct store *st)
{
	INT_EQ(store_run(st, "INSERT INTO searchindex (rowid, si_title, si_text) VALUES (?, ?, ?)",
			 "itt", (int64_t)7, "Café society", "The quick brown fox"), RC_OK,
	       "index a page");
	int64_t page = 0;
	INT_EQ(store_query_int(st, &page, "SELECT rowid FROM searchindex WHERE searchindex MATCH ?",
			       "t", "cafe"), RC_OK, "full-text match without diacritics");
	INT_EQ(page, 7, "match gives the page id");
	INT_EQ(store_query_int(st, &page, "SELECT rowid FROM searchindex WHERE searchindex MATCH ?",
			       "t", "QUICK"), RC_OK, "case-insensitive match");
	INT_EQ(store_query_int(st, &page, "SELECT rowid FROM searchindex WHERE searchindex MATCH ?",
			       "t", "zebra"), RC_NOTFOUND, "no match");
}

/* ---------- wiki_init ---------- */

/* Run wiki_init() with stdout captured into `out` (cap bytes). */
static int init_captured(char *out, size_t cap)
{
	char path[] = "/tmp/wikid-test-out-XXXXXX";
	int fd = mkstemp(path);
	fflush(stdout);
	int saved = dup(1);
	dup2(fd, 1);
	int rc = wiki_init();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	ssize_t n = pread(fd, out, cap - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return rc;
}

static void test_wiki_init(void)
{
	char wdir[] = "/tmp/wikid-test-wiki-XXXXXX";
	OK(mkdtemp(wdir) != NULL, "wiki data dir");
	config_defaults();
	xfree(config.data_dir);
	config.data_dir = xstrdup(wdir);
	config.secret_key = NULL;
	config.admin_password = NULL;
	setenv("WIKID_ADMIN_PASSWORD", "env-admin-pass-1", 1);

	char out[512];
	INT_EQ(init_captured(out, sizeof(out)), RC_OK, "first wiki_init");
	STR_EQ(out, "admin password: env-admin-pass-1\n", "password printed once, exactly");
	const char *key = wiki_secret_key();
	OK(key && strlen(key) == 64 && strspn(key, "0123456789abcdef") == 64,
	   "generated 64-hex secret key");
	char *key1 = xstrdup(key ? key : "");

	struct store *st = store_thread();
	struct arena *a = arena_new();
	char *hash = NULL;
	INT_EQ(store_query_text(st, a, &hash, "SELECT user_password FROM \"user\" WHERE user_name = ?",
				"t", "Admin"), RC_OK, "Admin exists");
	OK(wiki_password_verify(hash, "env-admin-pass-1"), "Admin password verifies");
	int64_t uid = 0;
	store_query_int(st, &uid, "SELECT user_id FROM \"user\" WHERE user_name = 'Admin'", "");
	INT_EQ(count(st, "SELECT COUNT(*) FROM actor WHERE actor_name = 'Admin'"
			 " AND actor_user = (SELECT user_id FROM \"user\" WHERE user_name = 'Admin')"), 1,
	       "Admin actor row");
	INT_EQ(count(st, "SELECT COUNT(*) FROM user_groups WHERE ug_group IN"
			 " ('sysop', 'bureaucrat', 'interface-admin') AND ug_expiry IS NULL"), 3,
	       "Admin groups");
	char *reg = NULL;
	store_query_text(st, a, &reg, "SELECT user_registration FROM \"user\" WHERE user_id = ?", "i",
			 uid);
	OK(reg && strlen(reg) == 14 && strspn(reg, "0123456789") == 14, "registration timestamp");
	/* Admin and the installer's system account "MediaWiki default", which saved Main Page. */
	INT_EQ(count(st, "SELECT ss_users FROM site_stats WHERE ss_row_id = 1"), 2, "ss_users = 2");
	INT_EQ(count(st, "SELECT COUNT(*) FROM page WHERE page_namespace = 0 AND page_title = 'Main_Page'"
			 " AND page_latest > 0"), 1, "Main Page saved");
	wiki_shutdown();

	/* Second start: same key, no new account, nothing printed. */
	setenv("WIKID_ADMIN_PASSWORD", "another-pass", 1);
	INT_EQ(init_captured(out, sizeof(out)), RC_OK, "second wiki_init");
	STR_EQ(out, "", "nothing printed on a later start");
	STR_EQ(wiki_secret_key(), key1, "secret key persisted");
	st = store_thread();
	INT_EQ(count(st, "SELECT COUNT(*) FROM \"user\""), 2, "still the same two accounts");
	INT_EQ(store_query_text(st, a, &hash, "SELECT user_password FROM \"user\" WHERE user_name = ?",
				"t", "Admin"), RC_OK, "Admin still there");
	OK(wiki_password_verify(hash, "env-admin-pass-1"), "password unchanged");
	wiki_shutdown();

	/* A configured key wins over the stored one. */
	config.secret_key = (char *)"configured-key";
	INT_EQ(init_captured(out, sizeof(out)), RC_OK, "third wiki_init");
	STR_EQ(wiki_secret_key(), "configured-key", "configured secret key used");
	wiki_shutdown();

	/* A fresh directory without env or config: a random password is printed. */
	char wdir2[] = "/tmp/wikid-test-wiki2-XXXXXX";
	mkdtemp(wdir2);
	xfree(config.data_dir);
	config.data_dir = xstrdup(wdir2);
	config.secret_key = NULL;
	unsetenv("WIKID_ADMIN_PASSWORD");
	INT_EQ(init_captured(out, sizeof(out)), RC_OK, "wiki_init with generated password");
	const char *pw = out + strlen("admin password: ");
	OK(strncmp(out, "admin password: ", 16) == 0 && strlen(pw) >= 17, "generated password printed");
	char pwbuf[64];
	snprintf(pwbuf, sizeof(pwbuf), "%.*s", (int)strcspn(pw, "\n"), pw);
	OK(strlen(pwbuf) >= 16, "generated password has 16+ characters");
	st = store_thread();
	store_query_text(st, a, &hash, "SELECT user_password FROM \"user\" WHERE user_name = 'Admin'",
			 "");
	OK(wiki_password_verify(hash, pwbuf), "generated password verifies");
	wiki_shutdown();

	xfree(key1);
	arena_free(a);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", wdir, wdir2);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", wdir);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_migrations();
	/* Before any connection is open here: SQLite state must not cross fork(). */
	test_kill9();
	struct store *st = store_open(dir);
	test_statements(st);
	test_col_ints(st);
	test_cache_trim(st);
	test_transactions(st);
	test_busy();
	test_snapshot();
	test_bulk_writes(st);
	test_blobs(st);
	test_rowcache(st);
	test_textcache(st);
	test_memo(st);
	test_threads();
	test_search(st);

	struct arena *a = arena_new();
	char *ok = NULL;
	INT_EQ(store_query_text(st, a, &ok, "PRAGMA integrity_check", ""), RC_OK, "integrity_check");
	STR_EQ(ok, "ok", "database is consistent");
	arena_free(a);
	store_close(st);

	test_wiki_init();

	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return harness_done();
}
