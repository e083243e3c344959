/* SPDX-License-Identifier: MIT */
/*
 * test_pg.c — the PostgreSQL backend. First the SQL text it makes from
 * portable SQL (placeholders, migration scripts), which needs no server;
 * then, when tests/run-all.sh has started its private cluster
 * (WIKID_TEST_PGHOST / WIKID_TEST_PGPORT), the backend itself on a fresh
 * database: migrations, types and NULLs, new ids and explicit ids,
 * binary blobs, parameters the server cannot type, constraint errors,
 * transactions, savepoints, the writers' lock between two connections,
 * read snapshots, reconnecting after the server dropped the connection,
 * and wiki_init() on PostgreSQL.
 */
#include "../harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_int.h" /* the SQL translators */
#include "util/config.h"
#include "wiki/wiki.h"

static char url[512]; /* the test database */

static int64_t count(struct store *st, const char *sql)
{
	int64_t n = -1;
	store_query_int(st, &n, sql, "");
	return n;
}

/* ---------- SQL text ---------- */

static void test_params(void)
{
	int n = 0;
	char *s = store_pg_params("SELECT ?, ?3, '?', \"a?\" -- ?\n, ?", 33, &n);
	STR_EQ(s, "SELECT $1, $3, '?', \"a?\" -- ?\n, $4", "placeholders, literals and comments");
	INT_EQ(n, 4, "highest parameter");
	xfree(s);
	s = store_pg_params("SELECT 'it''s ?' || ? /* ? */", 29, &n);
	STR_EQ(s, "SELECT 'it''s ?' || $1 /* ? */", "doubled quotes and block comments");
	INT_EQ(n, 1, "one parameter");
	xfree(s);
	s = store_pg_params("WHERE a = ?2 OR b = ?1 OR c = ?", 31, &n);
	STR_EQ(s, "WHERE a = $2 OR b = $1 OR c = $3", "bare ? after numbered ones");
	xfree(s);
}

/* store_pg_lean_select() without packing on `sql`: the statement it makes (NULL: left alone), checked against `want`. */
static void elide_case(const char *sql, const char *want, int want_cols, const char *what)
{
	int n_cols = -1, n_lit = -1;
	struct store_pg_const *lit = NULL;
	char *s = store_pg_lean_select(sql, &n_cols, &lit, &n_lit, NULL, NULL);
	if (!want) {
		OK(s == NULL && n_lit == 0 && n_cols == 0 && lit == NULL, what);
	} else {
		STR_EQ(s ? s : "(left alone)", want, what);
		INT_EQ(n_cols, want_cols, what);
	}
	for (int i = 0; i < n_lit; i++)
		xfree(lit[i].text);
	xfree(lit);
	xfree(s);
}

static void test_elide(void)
{
	int n_cols = 0, n_lit = 0;
	struct store_pg_const *lit = NULL;
	char *s = store_pg_lean_select("SELECT a, '', 'it''s', 0, -12, NULL, b FROM t ORDER BY a DESC, b LIMIT 5",
				       &n_cols, &lit, &n_lit, NULL, NULL);
	STR_EQ(s, "SELECT a, b FROM t ORDER BY a DESC, b LIMIT 5", "literals left out of the result list");
	INT_EQ(n_cols, 7, "columns of the original result");
	INT_EQ(n_lit, 5, "five literals");
	if (n_lit == 5) {
		INT_EQ(lit[0].col, 1, "first literal's column");
		OK(lit[0].text && strcmp(lit[0].text, "") == 0 && lit[0].len == 0 && !lit[0].is_null, "empty text");
		STR_EQ(lit[1].text, "it's", "doubled quote undone");
		STR_EQ(lit[2].text, "0", "zero");
		STR_EQ(lit[3].text, "-12", "negative number");
		OK(lit[4].is_null && lit[4].col == 5, "NULL");
	}
	for (int i = 0; i < n_lit; i++)
		xfree(lit[i].text);
	xfree(lit);
	xfree(s);
	elide_case("SELECT '',a FROM t", "SELECT a FROM t", 2, "first item left out, blank kept");
	elide_case("SELECT f(x, 0), 0 FROM t WHERE y IN (SELECT 1, z FROM u)", "SELECT f(x, 0) FROM t WHERE y IN"
		   " (SELECT 1, z FROM u)", 2, "only the outer list; commas in parentheses");
	elide_case("SELECT EXTRACT(EPOCH FROM ts), '' FROM t", "SELECT EXTRACT(EPOCH FROM ts) FROM t", 2,
		   "FROM inside parentheses");
	elide_case("SELECT a, 'FROM, x' FROM t", "SELECT a FROM t", 2, "FROM and comma inside a literal");
	elide_case("select a, 1 from t", "select a from t", 2, "lower-case keywords");
	elide_case("SELECT 1 FROM t", NULL, 0, "only literals: left alone");
	elide_case("SELECT a, b FROM t", NULL, 0, "no literal");
	elide_case("SELECT '' AS x, a FROM t ORDER BY x", NULL, 0, "a literal with an alias stays");
	elide_case("SELECT a, '' FROM t ORDER BY 1", NULL, 0, "ORDER BY a column number");
	elide_case("SELECT a, 0, COUNT(*) FROM t GROUP BY a, 1", NULL, 0, "GROUP BY a column number");
	elide_case("SELECT a, '' FROM t UNION SELECT b, '' FROM u", NULL, 0, "set operation");
	elide_case("SELECT DISTINCT a, '' FROM t", NULL, 0, "DISTINCT");
	elide_case("SELECT ?, 0 FROM t", "SELECT ? FROM t", 2, "a parameter is not a literal");
	elide_case("SELECT a, 007, 'x'::text, E'y' FROM t", NULL, 0, "not as the server prints them: stay");
	elide_case("SELECT 0", NULL, 0, "no FROM");
	elide_case("INSERT INTO t SELECT a, 0 FROM u", NULL, 0, "not a SELECT");
	elide_case("WITH x AS (SELECT 1) SELECT a, 0 FROM x", NULL, 0, "WITH");
}

/*
 * store_pg_lean_select() with packing on `sql`: the statement (NULL: left
 * alone) and the packed columns as "col:lead:shift ..." (want_pk).
 */
static void pack_case(const char *sql, const char *want, const char *want_pk, const char *what)
{
	int n_cols = -1, n_lit = -1, n_pk = -1;
	struct store_pg_const *lit = NULL;
	struct store_pg_packed *pk = NULL;
	char *s = store_pg_lean_select(sql, &n_cols, &lit, &n_lit, &pk, &n_pk);
	if (!want) {
		OK(s == NULL && n_pk == 0 && pk == NULL && n_cols == 0, what);
	} else {
		STR_EQ(s ? s : "(left alone)", want, what);
		char got[256] = "";
		size_t o = 0;
		for (int i = 0; i < n_pk && o < sizeof(got) - 40; i++)
			o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%d:%d:%d", i ? " " : "", pk[i].col,
					      pk[i].lead, pk[i].shift);
		STR_EQ(got, want_pk, what);
	}
	for (int i = 0; i < n_lit; i++)
		xfree(lit[i].text);
	xfree(lit);
	xfree(pk);
	xfree(s);
}

static void test_pack(void)
{
	pack_case("SELECT rc_id, rc_type, rc_minor, 0, rc_bot, rc_title FROM recentchanges ORDER BY rc_id",
		  "SELECT rc_id, NULLIF((rc_type | (rc_minor << 8) | (rc_bot << 16)), 0), rc_title FROM recentchanges"
		  " ORDER BY rc_id",
		  "1:1:0 2:1:8 4:1:16", "small columns of one table packed at the first's place");
	pack_case("SELECT rev_deleted, rc_minor, rev_minor_edit, rc_deleted FROM revision JOIN recentchanges"
		  " ON rc_this_oldid = rev_id ORDER BY rev_id",
		  "SELECT NULLIF((rev_deleted | (rev_minor_edit << 8)), 0), NULLIF((rc_minor | (rc_deleted << 8)), 0)"
		  " FROM revision JOIN recentchanges ON rc_this_oldid = rev_id ORDER BY rev_id",
		  "0:0:0 1:1:0 2:0:8 3:1:8", "one packed integer per table");
	pack_case("SELECT rc_id, rc_namespace, rc_cur_id, rc_this_oldid, rc_type, rc_minor FROM recentchanges ORDER BY rc_id",
		  "SELECT (rc_id | (rc_cur_id << 32)), NULLIF((rc_namespace), 0), rc_this_oldid,"
		  " NULLIF((rc_type | (rc_minor << 8)), 0) FROM recentchanges ORDER BY rc_id",
		  "0:0:0 1:1:0 2:0:32 4:4:0 5:4:8", "ids two in one integer, apart from the flags; an odd one stays");
	pack_case("SELECT rc_id, rc_namespace, rc_cur_id, rc_type, rc_minor, page_namespace FROM recentchanges"
		  " LEFT JOIN page ON page_id = rc_cur_id ORDER BY rc_id",
		  "SELECT (rc_id | (rc_cur_id << 32)), rc_namespace, (rc_type | (rc_minor << 8)), page_namespace"
		  " FROM recentchanges LEFT JOIN page ON page_id = rc_cur_id ORDER BY rc_id",
		  "0:0:0 2:0:32 3:3:0 4:3:8", "an outer join: no NULLIF, a namespace stays as it is");
	pack_case("SELECT rev_id, rev_page, rev_actor, rc_actor, rev_comment_id FROM revision JOIN recentchanges"
		  " ON rc_this_oldid = rev_id ORDER BY rev_id",
		  "SELECT (rev_id | (rev_page << 32)), (rev_actor | (rev_comment_id << 32)), rc_actor FROM revision JOIN"
		  " recentchanges ON rc_this_oldid = rev_id ORDER BY rev_id",
		  "0:0:0 1:0:32 2:2:0 4:2:32", "ids of one table only");
	pack_case("SELECT rc_id, rc_minor FROM recentchanges ORDER BY rc_id", NULL, "", "one small column alone stays");
	pack_case("SELECT rc_minor AS m, rc_bot + 0, r.rc_new, rc_deleted FROM recentchanges r ORDER BY rc_id", NULL,
		  "", "only bare names are packed");
	pack_case("SELECT rc_type, rc_minor, rc_bot, rc_new, rc_patrolled, rc_deleted, rc_type, rc_minor"
		  " FROM recentchanges ORDER BY rc_id",
		  "SELECT NULLIF((rc_type | (rc_minor << 8) | (rc_bot << 16) | (rc_new << 24) | (rc_patrolled << 32)"
		  " | (rc_deleted << 40) | (rc_type << 48)), 0), rc_minor FROM recentchanges ORDER BY rc_id",
		  "0:0:0 1:0:8 2:0:16 3:0:24 4:0:32 5:0:40 6:0:48", "at most seven per integer");
	pack_case("SELECT rev_minor_edit, rev_deleted FROM revision WHERE rev_id = ?", NULL, "",
		  "no ORDER BY: one row, not packed");
	pack_case("SELECT rev_minor_edit, rev_deleted FROM revision WHERE rev_id IN (SELECT x FROM y ORDER BY x)",
		  NULL, "", "an ORDER BY in parentheses does not count");
	pack_case("SELECT rc_minor, rc_bot FROM recentchanges ORDER BY 1", NULL, "", "ORDER BY a column number");
	pack_case("SELECT DISTINCT rc_minor, rc_bot FROM recentchanges", NULL, "", "DISTINCT");
	pack_case("SELECT rc_minor, rc_bot FROM recentchanges UNION SELECT 0, 0 FROM page", NULL, "",
		  "set operation");
}

static void test_ddl(void)
{
	char *s = store_pg_ddl("CREATE TABLE text (old_id INTEGER PRIMARY KEY AUTOINCREMENT, old_text BLOB,"
			       " old_flags TEXT NOT NULL DEFAULT 'TEXT', n INTEGER, r REAL);\n"
			       "CREATE TABLE \"user\" (user_id INTEGER PRIMARY KEY, user_name TEXT);\n"
			       "ALTER TABLE text ADD COLUMN extra INTEGER;\n"
			       "SELECT CAST(n AS INTEGER) FROM text;\n");
	OK(strstr(s, "CREATE TABLE text (old_id BIGSERIAL PRIMARY KEY, old_text BYTEA,"
		     " old_flags TEXT COLLATE \"C\" NOT NULL DEFAULT 'TEXT', n BIGINT,"
		     " r DOUBLE PRECISION);") != NULL, "column types, literal untouched");
	OK(strstr(s, "CREATE TABLE \"user\" (user_id BIGINT PRIMARY KEY, user_name TEXT COLLATE \"C\")")
	   != NULL, "quoted table name, plain integer key");
	OK(strstr(s, "ADD COLUMN extra BIGINT") != NULL, "ALTER TABLE ADD COLUMN");
	OK(strstr(s, "CAST(n AS BIGINT)") != NULL, "casts to 64-bit integers");
	OK(strstr(s, "setval") != NULL, "sequences moved past explicit ids at the end");
	xfree(s);
	s = store_pg_ddl("CREATE VIRTUAL TABLE searchindex USING fts5("
			 " si_title, si_text, tokenize = 'unicode61 remove_diacritics 2');");
	OK(strstr(s, "CREATE TABLE searchindex (rowid BIGINT PRIMARY KEY, si_title TEXT COLLATE \"C\","
		     " si_text TEXT COLLATE \"C\", fts tsvector GENERATED ALWAYS AS") != NULL,
	   "an FTS5 table becomes a table with rowid and a tsvector");
	OK(strstr(s, "USING gin (fts)") != NULL, "with a GIN index");
	OK(strstr(s, "tokenize") == NULL, "FTS5 options dropped");
	xfree(s);
}

/* ---------- the backend ---------- */

static void test_basics(struct store *st)
{
	STR_EQ(store_backend_name(st), "postgresql", "backend name");
	OK(store_backend_version(st)[0] >= '1', "server version known");
	INT_EQ(store_migrate(st), RC_OK, "migrate a fresh database");
	int v = -1;
	store_schema_version(st, &v);
	INT_EQ(v, store_schema_latest(), "schema at the latest migration");
	INT_EQ(store_migrate(st), RC_OK, "migrate again: no-op");
	INT_EQ(count(st, "SELECT COUNT(*) FROM schema_migrations"), store_schema_latest(),
	       "one row per migration");
	INT_EQ(count(st, "SELECT model_id FROM content_models WHERE model_name = 'text'"), 5,
	       "fixed ids of migration 2");

	/* Ids: RETURNING behind store_last_id(); explicit ids move the sequence. */
	INT_EQ(store_run(st, "INSERT INTO content_models (model_name) VALUES (?)", "t", "pg-a"), RC_OK,
	       "insert after rows with explicit ids");
	INT_EQ(store_last_id(st), 6, "the sequence continues after them");
	INT_EQ(store_changes(st), 1, "one row changed");
	INT_EQ(store_run(st, "INSERT INTO content_models (model_id, model_name) VALUES (40, ?)", "t",
			 "pg-b"), RC_OK, "insert with an explicit id");
	store_run(st, "INSERT INTO content_models (model_name) VALUES (?)", "t", "pg-c");
	INT_EQ(store_last_id(st), 41, "the next id follows the explicit one");
	INT_EQ(store_run(st, "INSERT INTO content_models (model_name) VALUES (?)"
			     " ON CONFLICT (model_name) DO NOTHING", "t", "pg-c"), RC_OK, "upsert, no row");
	INT_EQ(store_changes(st), 0, "no row changed");
	INT_EQ(store_run(st, "INSERT INTO content_models (model_name) VALUES (?)", "t", "pg-c"),
	       RC_CONFLICT, "unique violation is RC_CONFLICT");
	INT_EQ(store_run(st, "UPDATE content_models SET model_name = model_name WHERE model_id >= ?",
			 "i", (int64_t)6), RC_OK, "update");
	INT_EQ(store_changes(st), 3, "rows changed by the update");

	/* Types. */
	struct store_stmt *s = store_prepare(st, "SELECT 1 = 1, 2 > 3, NULL, '', 2.5, COUNT(*),"
					      " SUM(model_id) FROM content_models WHERE model_id <= 2");
	INT_EQ(store_step(s), STORE_ROW, "a row");
	INT_EQ(store_col_int(s, 0), 1, "true reads as 1");
	STR_EQ(store_col_text(s, 1), "0", "false reads as \"0\"");
	OK(store_col_is_null(s, 2) && !store_col_is_null(s, 3), "NULL and empty text differ");
	OK(store_col_double(s, 4) == 2.5, "double");
	INT_EQ(store_col_int(s, 5), 2, "count");
	INT_EQ(store_col_int(s, 6), 3, "sum (numeric)");
	INT_EQ(store_step(s), STORE_DONE, "done");

	/* Literals of a result list answered by the backend. */
	s = store_prepare(st, "SELECT model_id, '', 'it''s', 0, NULL, model_name FROM content_models"
			  " WHERE model_id <= ? ORDER BY model_id");
	store_bind_int(s, 1, 2);
	INT_EQ(store_step(s), STORE_ROW, "a row with literals");
	INT_EQ(store_col_count(s), 6, "every column counted");
	INT_EQ(store_col_int(s, 0), 1, "a real column before them");
	OK(!store_col_is_null(s, 1) && store_col_len(s, 1) == 0 && strcmp(store_col_text(s, 1), "") == 0,
	   "empty text");
	STR_EQ(store_col_text(s, 2), "it's", "text");
	INT_EQ(store_col_len(s, 2), 4, "its length");
	INT_EQ(store_col_int(s, 3), 0, "a number");
	OK(store_col_is_null(s, 4) && store_col_blob(s, 4) == NULL, "NULL");
	OK(store_col_blob(s, 2) != NULL, "a literal read as a blob");
	OK(strcmp(store_col_text(s, 5), "") != 0, "a real column after them");
	OK(store_col_is_null(s, 6) && strcmp(store_col_text(s, 6), "") == 0, "no column past the end");
	INT_EQ(store_step(s), STORE_ROW, "second row");
	INT_EQ(store_col_int(s, 0), 2, "its id");
	STR_EQ(store_col_text(s, 2), "it's", "the literal again");
	INT_EQ(store_step(s), STORE_DONE, "done");
	OK(strcmp(store_col_text(s, 2), "") == 0 && store_col_is_null(s, 2), "no literal without a row");

	/* Small columns fetched packed in one integer (migration 7 keeps them within 0..255). */
	INT_EQ(store_run(st, "INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_comment_id, rc_title, rc_type,"
			     " rc_minor, rc_bot, rc_new, rc_patrolled, rc_deleted) VALUES ('20260101000000', 1, 1,"
			     " 'Packed', 3, 1, 0, 1, 2, 255)", ""), RC_OK, "a change with every small column set");
	s = store_prepare(st, "SELECT rc_id, rc_type, rc_minor, '', rc_bot, rc_new, rc_patrolled, rc_deleted,"
			  " rc_title FROM recentchanges WHERE rc_title = 'Packed' ORDER BY rc_id");
	INT_EQ(store_step(s), STORE_ROW, "the change");
	INT_EQ(store_col_count(s), 9, "every column counted");
	int64_t small[8];
	store_col_ints(s, 0, 8, small);
	OK(small[0] > 0 && small[1] == 3 && small[2] == 1 && small[3] == 0 && small[4] == 0 && small[5] == 1 &&
	   small[6] == 2 && small[7] == 255, "store_col_ints() unpacks them");
	INT_EQ(store_col_int(s, 7), 255, "store_col_int() of the last");
	STR_EQ(store_col_text(s, 6), "2", "as text");
	INT_EQ(store_col_len(s, 7), 3, "its length");
	OK(!store_col_is_null(s, 4), "a zero is not NULL");
	STR_EQ(store_col_text(s, 8), "Packed", "the column after them");
	INT_EQ(store_step(s), STORE_DONE, "done");
	s = store_prepare(st, "SELECT x.n, rc_minor, rc_deleted FROM (SELECT 7 AS n) x"
			  " LEFT JOIN recentchanges ON rc_id = -1 ORDER BY x.n");
	INT_EQ(store_step(s), STORE_ROW, "an outer join without a change");
	OK(store_col_is_null(s, 1) && store_col_is_null(s, 2) && strcmp(store_col_text(s, 2), "") == 0 &&
	   store_col_int(s, 1) == 0 && store_col_int(s, 0) == 7, "packed NULLs read as NULL");
	INT_EQ(store_step(s), STORE_DONE, "done");
	OK(store_run(st, "INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_comment_id, rc_minor)"
			 " VALUES ('20260101000000', 1, 1, 256)", "") != RC_OK, "a small column above 255 is refused");
	OK(store_run(st, "UPDATE revision SET rev_deleted = -1", "") != RC_OK || count(st,
	   "SELECT COUNT(*) FROM revision") == 0, "rev_deleted below 0 is refused");

	/* Ids fetched two in one integer (migration 9 keeps them within 32 bits); the second has the sign bit. */
	INT_EQ(store_run(st, "INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_comment_id, rc_title, rc_cur_id,"
			     " rc_this_oldid, rc_last_oldid) VALUES ('20260101000000', 4294967295, 2147483648,"
			     " 'Pair', 7, 0, 4294967294)", ""), RC_OK, "a change with ids of 32 bits");
	s = store_prepare(st, "SELECT rc_id, rc_namespace, rc_cur_id, rc_this_oldid, rc_last_oldid, rc_minor, rc_bot,"
			  " rc_actor, rc_comment_id, rc_title FROM recentchanges WHERE rc_title = 'Pair' ORDER BY rc_id");
	INT_EQ(store_step(s), STORE_ROW, "the change");
	int64_t ids[9];
	store_col_ints(s, 0, 9, ids);
	OK(ids[0] > 0 && ids[1] == 0 && ids[2] == 7 && ids[3] == 0 && ids[4] == 4294967294LL && ids[5] == 0 &&
	   ids[6] == 0 && ids[7] == 4294967295LL && ids[8] == 2147483648LL, "store_col_ints() unpacks them");
	INT_EQ(store_col_int(s, 4), 4294967294LL, "store_col_int() of one with the sign bit");
	STR_EQ(store_col_text(s, 7), "4294967295", "the largest as text");
	INT_EQ(store_col_len(s, 8), 10, "its length");
	STR_EQ(store_col_text(s, 3), "0", "a zero");
	STR_EQ(store_col_text(s, 9), "Pair", "the column after them");
	INT_EQ(store_step(s), STORE_DONE, "done");
	OK(store_run(st, "INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_comment_id, rc_cur_id)"
			 " VALUES ('20260101000000', 1, 1, 4294967296)", "") != RC_OK, "an id of 33 bits is refused");
	OK(store_run(st, "INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_comment_id, rc_last_oldid)"
			 " VALUES ('20260101000000', 1, 1, -1)", "") != RC_OK, "a negative id is refused");
	INT_EQ(store_run(st, "DELETE FROM recentchanges WHERE rc_title = 'Pair'", ""), RC_OK, "clean up");

	/* Without an outer join, flags and namespaces go out as NULLIF(..., 0) and their NULL reads as 0. */
	INT_EQ(store_run(st, "INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_comment_id, rc_title, rc_namespace)"
			     " VALUES ('20260101000000', 1, 1, 'Zero', 0), ('20260101000001', 1, 1, 'Zero', -1)", ""),
	       RC_OK, "changes with every flag 0, in namespaces 0 and -1");
	s = store_prepare(st, "SELECT rc_namespace, rc_minor, rc_bot, rc_title FROM recentchanges WHERE rc_title = 'Zero'"
			  " ORDER BY rc_timestamp");
	INT_EQ(store_step(s), STORE_ROW, "the first");
	OK(!store_col_is_null(s, 0) && !store_col_is_null(s, 1) && !store_col_is_null(s, 2), "zeros are not NULL");
	STR_EQ(store_col_text(s, 0), "0", "namespace 0 as text");
	INT_EQ(store_col_len(s, 1), 1, "a flag 0: its length");
	STR_EQ(store_col_text(s, 2), "0", "a flag 0 as text");
	int64_t zeros[3] = { 9, 9, 9 };
	store_col_ints(s, 0, 3, zeros);
	OK(zeros[0] == 0 && zeros[1] == 0 && zeros[2] == 0, "store_col_ints() reads them as 0");
	INT_EQ(store_step(s), STORE_ROW, "the second");
	INT_EQ(store_col_int(s, 0), -1, "a negative namespace");
	STR_EQ(store_col_text(s, 0), "-1", "as text");
	INT_EQ(store_step(s), STORE_DONE, "done");
	INT_EQ(store_run(st, "DELETE FROM recentchanges WHERE rc_title = 'Zero'", ""), RC_OK, "clean up");

	/* Parameters the server cannot type alone, and ones the statement never uses. */
	int64_t n = 0;
	INT_EQ(store_query_int(st, &n, "SELECT ?", "i", (int64_t)42), RC_OK, "SELECT ?");
	INT_EQ(n, 42, "its value");
	char *t = NULL;
	struct arena *a = arena_new();
	INT_EQ(store_query_text(st, a, &t, "SELECT COALESCE(?, 'x')", "n"), RC_OK, "COALESCE of NULL");
	STR_EQ(t, "x", "its value");
	INT_EQ(store_query_int(st, &n, "SELECT COUNT(*) FROM content_models WHERE model_id < ?3", "iti",
			       (int64_t)1, "unused", (int64_t)3), RC_OK, "?3 alone");
	INT_EQ(n, 2, "its value");

	/* Blobs with every byte value; texts that compress. */
	char bin[256];
	for (int i = 0; i < 256; i++)
		bin[i] = (char)i;
	INT_EQ(store_run(st, "INSERT INTO objectcache (keyname, value, exptime) VALUES (?, ?, ?)", "tbt",
			 "bin", (const void *)bin, sizeof(bin), "20990101000000"), RC_OK, "store a blob");
	s = store_prepare(st, "SELECT value FROM objectcache WHERE keyname = 'bin'");
	INT_EQ(store_step(s), STORE_ROW, "read it back");
	INT_EQ(store_col_len(s, 0), 256, "its length");
	MEM_EQ(store_col_blob(s, 0), bin, 256, "its bytes");
	store_stmt_done(s);
	INT_EQ(store_run(st, "INSERT INTO objectcache (keyname, value, exptime) VALUES (?, ?, ?)", "ttt",
			 "txt", "a\\x41 text", "20990101000000"), RC_OK, "text into a bytea column");
	INT_EQ(store_query_text(st, a, &t, "SELECT value FROM objectcache WHERE keyname = 'txt'", ""),
	       RC_OK, "read it back");
	STR_EQ(t, "a\\x41 text", "backslashes are not escapes");
	char big[5000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = "wiki text "[i % 10];
	int64_t id1 = 0, id2 = 0;
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(store_content_put(st, "wikitext", big, sizeof(big), &id1), RC_OK, "content put");
	INT_EQ(store_content_put(st, "wikitext", big, sizeof(big), &id2), RC_OK, "same content again");
	INT_EQ(store_commit(st), RC_OK, "commit");
	INT_EQ(id1, id2, "stored once");
	const char *data;
	size_t len;
	INT_EQ(store_content_get(st, a, id1, &data, &len, NULL), RC_OK, "content get");
	OK(len == sizeof(big) && memcmp(data, big, len) == 0, "inflated back exactly");
	INT_EQ(count(st, "SELECT COUNT(*) FROM text WHERE old_flags = 'utf-8,gzip'"), 1, "compressed");
	arena_free(a);
}

static void test_transactions(struct store *st)
{
	const char *q = "SELECT COUNT(*) FROM wikid_meta WHERE name LIKE 'tx%'";
	INT_EQ(store_begin(st), RC_OK, "begin");
	store_run(st, "INSERT INTO wikid_meta (name, value) VALUES ('tx1', '')", "");
	INT_EQ(store_begin(st), RC_OK, "nested begin (savepoint)");
	store_run(st, "INSERT INTO wikid_meta (name, value) VALUES ('tx2', '')", "");
	INT_EQ(store_rollback(st), RC_OK, "roll the savepoint back");
	INT_EQ(store_begin(st), RC_OK, "another savepoint");
	INT_EQ(store_run(st, "INSERT INTO wikid_meta (name, value) VALUES ('tx1', '')", ""), RC_CONFLICT,
	       "a failing write inside the savepoint");
	INT_EQ(store_rollback(st), RC_OK, "roll that savepoint back");
	INT_EQ(store_commit(st), RC_OK, "the outer transaction still commits");
	INT_EQ(count(st, q), 1, "only tx1");

	/* A failure without a savepoint dooms the transaction: its commit fails. */
	INT_EQ(store_begin(st), RC_OK, "begin");
	store_run(st, "INSERT INTO wikid_meta (name, value) VALUES ('tx3', '')", "");
	INT_EQ(store_run(st, "INSERT INTO wikid_meta (name, value) VALUES ('tx1', '')", ""), RC_CONFLICT,
	       "conflict");
	OK(store_commit(st) != RC_OK, "commit of the doomed transaction fails");
	INT_EQ(store_tx_depth(st), 0, "and the transaction is gone");
	INT_EQ(count(st, q), 1, "tx3 rolled back");
}

struct committer {
	struct store *st; /* holds the writers' lock */
	int delay_ms;     /* how long */
};

static void *commit_later(void *p)
{
	struct committer *c = p;
	usleep((useconds_t)c->delay_ms * 1000);
	store_commit(c->st);
	return NULL;
}

static void test_two_connections(void)
{
	struct store *a = store_open(url), *b = store_open(url);
	OK(a && b, "two connections");
	INT_EQ(store_begin(a), RC_OK, "A begins a write");
	store_run(a, "INSERT INTO wikid_meta (name, value) VALUES ('a_pending', '')", "");
	INT_EQ(count(b, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'a_pending'"), 0,
	       "B reads without A's uncommitted row");
	store_busy_timeout(b, 100);
	int64_t t0 = util_mono_us();
	INT_EQ(store_begin(b), RC_BUSY, "B cannot begin while A writes: RC_BUSY");
	int64_t waited = util_mono_us() - t0;
	OK(waited >= 90000 && waited < 3000000, "after about its timeout");
	INT_EQ(store_tx_depth(b), 0, "B has no transaction");
	store_busy_timeout(b, STORE_BUSY_TIMEOUT_MS);
	struct committer c = { a, 200 };
	pthread_t th;
	pthread_create(&th, NULL, commit_later, &c);
	INT_EQ(store_begin(b), RC_OK, "B begins once A commits");
	pthread_join(th, NULL);
	INT_EQ(count(b, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'a_pending'"), 1, "and sees A's row");
	INT_EQ(store_commit(b), RC_OK, "B commits");

	/* Snapshots. */
	const char *q = "SELECT COUNT(*) FROM wikid_meta WHERE name LIKE 'snap%'";
	store_snapshot(a);
	INT_EQ(count(a, q), 0, "A reads in its snapshot");
	store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('snap1', '')", "");
	INT_EQ(count(a, q), 0, "A's snapshot does not see B's commit");
	INT_EQ(store_run(a, "INSERT INTO wikid_meta (name, value) VALUES ('snap2', '')", ""), RC_OK,
	       "a write outside a transaction ends the snapshot");
	INT_EQ(count(a, q), 2, "and the next read sees the newest state");
	store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('snap3', '')", "");
	INT_EQ(count(a, q), 2, "in a new snapshot");
	INT_EQ(store_begin(a), RC_OK, "a write transaction ends the snapshot");
	INT_EQ(count(a, q), 3, "and sees everything");
	INT_EQ(store_commit(a), RC_OK, "commit");
	store_idle(a);

	/*
	 * A snapshot's first read leaves its transaction open without a BEGIN;
	 * a second read whose statement is new on the connection (prepared in
	 * the block the BEGIN makes) still reads in the first one's snapshot.
	 */
	store_snapshot(a);
	INT_EQ(count(a, q), 3, "a snapshot's first read");
	store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('snap4', '')", "");
	INT_EQ(count(a, "SELECT COUNT(*) + 0 FROM wikid_meta WHERE name LIKE 'snap%'"), 3,
	       "a statement new on the connection reads in the same snapshot");
	INT_EQ(count(a, q), 3, "and so does the next");
	store_idle(a);
	INT_EQ(count(a, q), 4, "after the request, the newest state");

	/* A failing first read costs only itself: nothing was read in its snapshot. */
	store_snapshot(a);
	int64_t v = 0;
	OK(store_query_int(a, &v, "SELECT 1 / (COUNT(*) - COUNT(*)) FROM wikid_meta", "") != RC_OK, "a failing first read fails");
	INT_EQ(count(a, q), 4, "the next read works");
	store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('snap5', '')", "");
	INT_EQ(count(a, q), 4, "in a snapshot of its own");
	/* A failing later read aborts the snapshot's block, as any failure in a transaction does. */
	OK(store_query_int(a, &v, "SELECT 1 / (COUNT(*) - COUNT(*)) FROM wikid_meta", "") != RC_OK, "a failing later read fails");
	OK(store_query_int(a, &v, q, "") != RC_OK, "and so do the reads after it in that snapshot");
	store_idle(a);
	INT_EQ(count(a, q), 5, "the next request reads again");

	/*
	 * A write outside store_begin() runs READ COMMITTED: meeting a row that
	 * a transaction elsewhere updates, it waits for that commit and applies
	 * itself on the new row, instead of failing as REPEATABLE READ would.
	 */
	store_run(a, "INSERT INTO wikid_meta (name, value) VALUES ('rc_row', '0')", "");
	INT_EQ(store_begin(b), RC_OK, "B begins a write");
	store_run(b, "UPDATE wikid_meta SET value = value || 'b' WHERE name = 'rc_row'", "");
	struct committer cb = { b, 200 };
	pthread_create(&th, NULL, commit_later, &cb);
	store_snapshot(a);
	INT_EQ(count(a, q), 5, "A reads in a snapshot");
	INT_EQ(store_run(a, "UPDATE wikid_meta SET value = value || 'a' WHERE name = 'rc_row'", ""), RC_OK,
	       "A's write outside a transaction waits for B's commit and succeeds");
	pthread_join(th, NULL);
	char *val = NULL;
	struct arena *ar = arena_new();
	store_query_text(a, ar, &val, "SELECT value FROM wikid_meta WHERE name = 'rc_row'", "");
	STR_EQ(val ? val : "", "0ba", "on top of B's update");
	arena_free(ar);
	store_idle(a);

	/* The server drops A's connection: one failure, then A reconnects. */
	int64_t pid = 0;
	store_query_int(a, &pid, "SELECT pg_backend_pid()", "");
	int64_t killed = 0;
	store_query_int(b, &killed, "SELECT CASE WHEN pg_terminate_backend(?) THEN 1 ELSE 0 END", "i", pid);
	INT_EQ(killed, 1, "the server ends A's session");
	int64_t n = 0;
	int rc = store_query_int(a, &n, "SELECT COUNT(*) FROM wikid_meta", "");
	OK(rc != RC_OK && store_disconnected(a), "the statement in flight fails as a lost connection");
	OK(store_query_int(a, &n, "SELECT 1", "") != RC_OK && store_disconnected(a),
	   "and so does the rest of the request");
	store_idle(a);
	INT_EQ(store_query_int(a, &n, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'a_pending'", ""),
	       RC_OK, "after the request, the next statement reconnects");
	INT_EQ(n, 1, "and works");
	OK(!store_disconnected(a), "connected again");

	/*
	 * Writes sent ahead (store_run_later()) are answered with the next
	 * statement or with the COMMIT; a failing one fails that statement,
	 * and the transaction.
	 */
	const char *later = "INSERT INTO wikid_meta (name, value) VALUES (?, '')";
	INT_EQ(store_begin(a), RC_OK, "a write transaction");
	INT_EQ(store_run_later(a, later, "t", "later1"), RC_OK, "a write sent ahead");
	INT_EQ(store_run_later(a, later, "t", "later2"), RC_OK, "another");
	INT_EQ(count(a, "SELECT COUNT(*) FROM wikid_meta WHERE name LIKE 'later%'"), 2, "the next read sees both");
	INT_EQ(store_run_later(a, "UPDATE wikid_meta SET value = 'x' WHERE name LIKE 'later%'", ""), RC_OK,
	       "a write sent ahead of the commit");
	INT_EQ(store_commit(a), RC_OK, "the commit answers it");
	store_idle(a);
	INT_EQ(count(b, "SELECT COUNT(*) FROM wikid_meta WHERE name LIKE 'later%' AND value = 'x'"), 2,
	       "all of it committed");
	INT_EQ(store_begin(a), RC_OK, "a write transaction");
	INT_EQ(store_run_later(a, later, "t", "later3"), RC_OK, "a write sent ahead");
	INT_EQ(store_run_later(a, later, "t", "later1"), RC_OK, "a duplicate, sent without an answer");
	OK(store_query_int(a, &n, "SELECT COUNT(*) FROM wikid_meta", "") != RC_OK, "the next statement fails");
	store_rollback(a);
	store_idle(a);
	INT_EQ(count(a, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'later3'"), 0, "nothing of it committed");
	INT_EQ(store_begin(a), RC_OK, "a write transaction");
	INT_EQ(store_run_later(a, later, "t", "later4"), RC_OK, "a write sent ahead");
	INT_EQ(store_run_later(a, later, "t", "later1"), RC_OK, "a duplicate");
	OK(store_commit(a) != RC_OK, "the commit fails");
	store_idle(a);
	INT_EQ(count(a, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'later4'"), 0, "and rolled back");
	INT_EQ(store_begin(a), RC_OK, "the next transaction begins");
	INT_EQ(store_run_later(a, later, "t", "later5"), RC_OK, "sends ahead");
	INT_EQ(store_commit(a), RC_OK, "and commits");
	INT_EQ(count(b, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'later5'"), 1, "the row is there");
	store_idle(a);

	/* A session that forgot its prepared statements (DISCARD ALL, a pooler) still begins a write transaction. */
	INT_EQ(store_begin(a), RC_OK, "a write transaction");
	INT_EQ(store_commit(a), RC_OK, "commits");
	store_idle(a);
	INT_EQ(store_exec(a, "DEALLOCATE ALL"), RC_OK, "the session forgets its prepared statements");
	INT_EQ(store_begin(a), RC_OK, "a write transaction begins all the same");
	INT_EQ(store_run(a, "INSERT INTO wikid_meta (name, value) VALUES ('after_discard', '')", ""), RC_OK,
	       "writes");
	INT_EQ(store_commit(a), RC_OK, "and commits");
	store_idle(a);
	INT_EQ(count(b, "SELECT COUNT(*) FROM wikid_meta WHERE name = 'after_discard'"), 1, "the row is there");
	store_close(a);
	store_close(b);
}

/*
 * A request that read one statement leaves its snapshot's block open; the
 * next request's first read ends it (COMMIT AND CHAIN) and sees the newest
 * state, anything else ends it first, and an idle connection's block is
 * committed by the flusher thread within a few tens of milliseconds.
 */
static void test_held(void)
{
	struct store *a = store_open(url), *b = store_open(url);
	if (!OK(a && b, "two connections"))
		return;
	const char *q = "SELECT COUNT(*) FROM wikid_meta WHERE name LIKE 'held%'";
	int64_t pid = 0;
	store_query_int(a, &pid, "SELECT pg_backend_pid()", "");
	store_idle(a);
	store_snapshot(a);
	INT_EQ(count(a, q), 0, "a request reads one statement");
	store_idle(a);
	store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('held1', '')", "");
	store_snapshot(a);
	INT_EQ(count(a, q), 1, "the next request's first read sees a commit made after the last one");
	store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('held2', '')", "");
	INT_EQ(count(a, "SELECT COUNT(*) + 0 FROM wikid_meta WHERE name LIKE 'held%'"), 1,
	       "and its later reads stay in its snapshot");
	store_idle(a);

	/* Left alone, the block is committed: the session is idle, not idle in a transaction. */
	store_snapshot(a);
	INT_EQ(count(a, q), 2, "a read");
	store_idle(a);
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %lld AND state = 'idle'",
		 (long long)pid);
	bool idle = false;
	for (int i = 0; i < 300 && !idle; i++) {
		idle = count(b, sql) == 1;
		if (!idle)
			usleep(10000);
	}
	OK(idle, "an idle connection's block is committed soon");
	store_snapshot(a);
	INT_EQ(count(a, q), 2, "the next request reads as usual");
	store_idle(a);

	/* A write transaction, or a write outside one, after a request left its block open. */
	INT_EQ(store_begin(a), RC_OK, "a write transaction begins after it");
	store_run(a, "INSERT INTO wikid_meta (name, value) VALUES ('held3', '')", "");
	INT_EQ(store_commit(a), RC_OK, "and commits");
	store_idle(a);
	INT_EQ(count(b, q), 3, "its row is there");
	store_snapshot(a);
	INT_EQ(count(a, q), 3, "a read");
	store_idle(a);
	store_snapshot(a);
	INT_EQ(store_run(a, "INSERT INTO wikid_meta (name, value) VALUES ('held4', '')", ""), RC_OK,
	       "a write outside a transaction as the first statement of the next request");
	store_idle(a);
	INT_EQ(count(b, q), 4, "its row is there");

	/* A failing first read in the next request costs only itself. */
	store_snapshot(a);
	INT_EQ(count(a, q), 4, "a read");
	store_idle(a);
	store_snapshot(a);
	int64_t v = 0;
	OK(store_query_int(a, &v, "SELECT 1 / (COUNT(*) - COUNT(*)) FROM wikid_meta", "") != RC_OK,
	   "the next request's failing first read fails");
	store_run(b, "INSERT INTO wikid_meta (name, value) VALUES ('held5', '')", "");
	INT_EQ(count(a, q), 5, "its next read works, in a snapshot of its own");
	store_idle(a);
	store_close(a);
	store_close(b);
}

static void test_wiki_init(void)
{
	config_defaults();
	config.db_url = xstrdup(url);
	setenv("WIKID_ADMIN_PASSWORD", "pg-admin-pass-1", 1);
	INT_EQ(wiki_init(), RC_OK, "wiki_init on PostgreSQL");
	struct store *st = store_thread();
	INT_EQ(count(st, "SELECT COUNT(*) FROM page WHERE page_title = 'Main_Page' AND page_latest > 0"),
	       1, "Main Page saved");
	INT_EQ(count(st, "SELECT COUNT(*) FROM \"user\" WHERE user_name = 'Admin'"), 1, "Admin exists");
	wiki_shutdown();
	INT_EQ(wiki_init(), RC_OK, "a second start");
	wiki_shutdown();
	config_release();
}

int main(void)
{
	test_params();
	test_elide();
	test_pack();
	test_ddl();
	const char *host = getenv("WIKID_TEST_PGHOST"), *port = getenv("WIKID_TEST_PGPORT");
	if (!host || !port) {
		printf("# no PostgreSQL cluster (WIKID_TEST_PGHOST unset): backend tests not run\n");
		return harness_done();
	}
	char name[64], cmd[1024];
	snprintf(name, sizeof(name), "unit_%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "\"$(pg_config --bindir)/createdb\" -h '%s' -p '%s' -U wikid -T template0 %s",
		 host, port, name);
	if (!OK(system(cmd) == 0, "create a test database"))
		return harness_done();
	snprintf(url, sizeof(url), "postgresql:///%s?host=%s&port=%s&user=wikid", name, host, port);
	struct store *st = store_open(url);
	if (!OK(st != NULL, "connect"))
		return harness_done();
	test_basics(st);
	test_transactions(st);
	store_close(st);
	test_two_connections();
	test_held();
	test_wiki_init();
	return harness_done();
}
