/* SPDX-License-Identifier: MIT */
/*
 * sqlite.c — the SQLite backend of store.h: one database file (by default
 * data_dir/wikid.sqlite) shared by every worker thread, each thread with
 * its own connection.
 *
 * Durability and concurrency settings (applied on every open):
 *   journal_mode=WAL     readers never block the writer nor each other;
 *   synchronous=FULL     the WAL is fsynced at every commit, so a commit
 *                        that returned survives kill -9 and power loss
 *                        (NORMAL would only protect against kill -9);
 *   busy_timeout         a writer waits up to STORE_BUSY_TIMEOUT_MS for
 *                        another writer's lock before SQLITE_BUSY;
 *   foreign_keys=OFF     MediaWiki's model uses 0 for "no row" in many id
 *                        columns and has no foreign keys; we follow it.
 *   checkpoints          copying the WAL back into the database file (and
 *                        its fsync) runs in a background thread of its
 *                        own, started by store_global_init(), so no
 *                        request waits for it; connections opened without
 *                        it (tools, tests) checkpoint inline as SQLite
 *                        does by default.
 * This is the only file besides postgres.c that includes a database
 * library header. Errors are mapped to RC_* by map_rc().
 */
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>

#include "../util/sbuf.h"
#include "store_int.h"

/* Per-connection page cache: negative means KiB (8 MiB per thread). */
#define SQLITE_CACHE_KIB 8192

/*
 * Cap on the WAL file size after a checkpoint (bytes). Without it a burst
 * of writes leaves a large WAL on disk until the next restart.
 */
#define SQLITE_WAL_LIMIT (64 * 1024 * 1024)

/* WAL size in pages at which a checkpoint is due (SQLite's default autocheckpoint). */
#define SQLITE_CHECKPOINT_PAGES 1000

/* The background checkpointer (one per process). */
static struct {
	pthread_mutex_t mu;     /* guards the fields below */
	pthread_cond_t cv;      /* signalled when a checkpoint is due or on stop */
	pthread_t thread;       /* the checkpointer */
	bool running;           /* thread started and not yet stopped */
	bool due;               /* a commit left the WAL at SQLITE_CHECKPOINT_PAGES or more */
	bool stop;              /* the thread should exit */
	char path[4096];        /* database file */
} g_ckpt = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/*
 * Bytes between the values of two neighbouring columns of a result row,
 * as sqlite3_column_value() gives them, or 0 when they are not neighbours
 * (measured by configure(); see op_col_ints()).
 */
static size_t g_value_stride;

/*
 * Process-wide settings, made once before the first connection opens
 * (sqlite3_config() is refused after sqlite3_initialize()):
 *   MEMSTATUS off   SQLite's memory statistics take a process-wide mutex
 *                   on every allocation and free; nothing reads them.
 * And the distance between the values of a row's neighbouring columns,
 * from a row of two columns on a private in-memory database.
 */
static pthread_once_t g_config_once = PTHREAD_ONCE_INIT;

static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3 *db = NULL;
	sqlite3_stmt *h = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT 1, 2, 3", -1, &h, NULL) == SQLITE_OK && sqlite3_step(h) == SQLITE_ROW) {
		const char *v0 = (const char *)sqlite3_column_value(h, 0);
		const char *v1 = (const char *)sqlite3_column_value(h, 1);
		const char *v2 = (const char *)sqlite3_column_value(h, 2);
		if (v1 > v0 && v2 - v1 == v1 - v0)
			g_value_stride = (size_t)(v1 - v0);
	}
	sqlite3_finalize(h);
	sqlite3_close(db);
}

/* Map an SQLite result code to RC_*. */
static int map_rc(int code)
{
	switch (code & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return RC_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return RC_BUSY;
	case SQLITE_CONSTRAINT:
		return RC_CONFLICT;
	case SQLITE_TOOBIG:
		return RC_TOOBIG;
	case SQLITE_RANGE:
	case SQLITE_MISUSE:
		return RC_INVALID;
	default:
		return RC_ERR;
	}
}

/* Record the connection's current error and return its RC_*. */
static int fail(struct store *st, int code)
{
	return store_set_error(st, map_rc(code), "sqlite: %s (%d)",
			       sqlite3_errmsg(st->db), sqlite3_extended_errcode(st->db));
}

/*
 * Run `pragma` and, when `want` is not NULL, check that its one-row result
 * is `want` (journal_mode answers with the mode it actually chose).
 */
static int pragma(struct store *st, const char *sql, const char *want)
{
	sqlite3_stmt *h;
	int code = sqlite3_prepare_v2(st->db, sql, -1, &h, NULL);
	if (code != SQLITE_OK)
		return fail(st, code);
	code = sqlite3_step(h);
	int rc = RC_OK;
	if (code != SQLITE_ROW && code != SQLITE_DONE) {
		rc = fail(st, code);
	} else if (want) {
		const char *got = code == SQLITE_ROW ? (const char *)sqlite3_column_text(h, 0) : NULL;
		if (!got || sqlite3_stricmp(got, want) != 0)
			rc = store_set_error(st, RC_ERR, "sqlite: %s gave %s, wanted %s", sql,
					     got ? got : "nothing", want);
	}
	sqlite3_finalize(h);
	return rc;
}

/*
 * Called by SQLite after each commit with the WAL's size in pages: hand
 * the checkpoint to the background thread, or do it here when there is
 * none.
 */
static int on_wal_commit(void *unused, sqlite3 *db, const char *name, int pages)
{
	if (pages < SQLITE_CHECKPOINT_PAGES)
		return SQLITE_OK;
	pthread_mutex_lock(&g_ckpt.mu);
	bool running = g_ckpt.running;
	if (running) {
		g_ckpt.due = true;
		pthread_cond_signal(&g_ckpt.cv);
	}
	pthread_mutex_unlock(&g_ckpt.mu);
	if (!running)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

/*
 * The checkpointer: on its own connection, whenever a commit says one is
 * due, a PASSIVE checkpoint (which blocks neither readers nor the
 * writer) copies the bulk of the WAL; then, with the process's writer
 * mutex held, a RESTART checkpoint copies what commits added meanwhile
 * and waits for readers to leave the WAL, so that the next commit starts
 * the WAL over. (Without that step a writer that begins while the
 * copy runs keeps the old WAL alive, and it grows and is copied again
 * after every commit.)
 */
/* The checkpointer's connection, or NULL (and a message) when it cannot have one now. */
static sqlite3 *checkpointer_open(void)
{
	pthread_once(&g_config_once, configure);
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(g_ckpt.path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
		/* A connection only knows the file is in WAL mode once it has read it. */
		if (sqlite3_exec(db, "PRAGMA schema_version", NULL, NULL, NULL) == SQLITE_OK)
			return db;
	}
	fprintf(stderr, "wikid: store: checkpointer cannot use %s: %s\n", g_ckpt.path,
		db ? sqlite3_errmsg(db) : "out of memory");
	sqlite3_close(db);
	return NULL;
}

static void *checkpointer(void *unused)
{
	sqlite3 *db = NULL;
	pthread_mutex_lock(&g_ckpt.mu);
	for (;;) {
		while (!g_ckpt.due && !g_ckpt.stop)
			pthread_cond_wait(&g_ckpt.cv, &g_ckpt.mu);
		if (g_ckpt.stop)
			break;
		g_ckpt.due = false;
		pthread_mutex_unlock(&g_ckpt.mu);
		/* Opened on first use: at start-up the schema may still be being created. */
		if (!db)
			db = checkpointer_open();
		if (db) {
			sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
			store_writer_lock();
			sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
			store_writer_unlock();
		}
		pthread_mutex_lock(&g_ckpt.mu);
	}
	pthread_mutex_unlock(&g_ckpt.mu);
	sqlite3_close(db);
	return NULL;
}

static int op_background_start(const char *path)
{
	int n = snprintf(g_ckpt.path, sizeof(g_ckpt.path), "%s", path);
	if (n < 0 || (size_t)n >= sizeof(g_ckpt.path))
		return RC_TOOBIG;
	pthread_mutex_lock(&g_ckpt.mu);
	g_ckpt.stop = false;
	g_ckpt.due = false;
	int rc = pthread_create(&g_ckpt.thread, NULL, checkpointer, NULL);
	g_ckpt.running = rc == 0;
	pthread_mutex_unlock(&g_ckpt.mu);
	return rc == 0 ? RC_OK : RC_ERR;
}

static void op_background_stop(void)
{
	pthread_mutex_lock(&g_ckpt.mu);
	bool running = g_ckpt.running;
	g_ckpt.running = false;
	g_ckpt.stop = true;
	pthread_cond_signal(&g_ckpt.cv);
	pthread_mutex_unlock(&g_ckpt.mu);
	if (running)
		pthread_join(g_ckpt.thread, NULL);
}

static const char *op_version(const struct store *st)
{
	return sqlite3_libversion();
}

/*
 * Open or create the file and apply the settings of the file header. On
 * failure nothing stays open and the message names the path.
 */
static int op_open(struct store *st, const char *path)
{

	/*
	 * NOMUTEX: a connection is only ever used by one thread at a time, so
	 * SQLite's per-connection mutex would be pure overhead.
	 */
	pthread_once(&g_config_once, configure);
	sqlite3 *db = NULL;
	int code = sqlite3_open_v2(path, &db,
				   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				   NULL);
	if (code != SQLITE_OK) {
		store_set_error(st, RC_ERR, "sqlite: cannot open %s: %s", path,
				db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
		sqlite3_close(db);
		return RC_ERR;
	}
	st->db = db;
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);

	int rc = pragma(st, "PRAGMA journal_mode=WAL", "wal");
	if (rc == RC_OK)
		rc = pragma(st, "PRAGMA synchronous=FULL", NULL);
	if (rc == RC_OK)
		rc = pragma(st, "PRAGMA foreign_keys=OFF", NULL);
	if (rc == RC_OK)
		rc = pragma(st, "PRAGMA temp_store=MEMORY", NULL);
	if (rc == RC_OK) {
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", SQLITE_CACHE_KIB);
		rc = pragma(st, sql, NULL);
	}
	if (rc == RC_OK) {
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA journal_size_limit=%d", SQLITE_WAL_LIMIT);
		rc = pragma(st, sql, NULL);
	}
	if (rc != RC_OK) {
		sqlite3_close(db);
		st->db = NULL;
		return rc;
	}
	/* Replaces SQLite's own autocheckpoint hook. */
	sqlite3_wal_hook(db, on_wal_commit, NULL);
	return RC_OK;
}

/* sqlite3_close() rather than _v2: a leaked statement should show, not linger. */
static void op_close(struct store *st)
{
	/* Every other statement was finalized by store.c, so close cannot fail with BUSY. */
	for (size_t i = 0; i < ARRAY_SIZE(st->tx_stmts); i++) {
		sqlite3_finalize(st->tx_stmts[i]);
		st->tx_stmts[i] = NULL;
	}
	sqlite3_close(st->db);
	st->db = NULL;
}

/* SQLite's built-in handler sleeps and retries until `ms` have passed. */
static void op_busy_timeout(struct store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

/*
 * Compile exactly one statement; trailing blanks and ';' are tolerated,
 * a second statement is an error (it would be silently ignored).
 */
static int op_prepare(struct store *st, const char *sql, size_t len, void **h)
{
	sqlite3_stmt *s = NULL;
	const char *tail = NULL;
	/*
	 * PERSISTENT: the statement lives in the cache for the connection's
	 * lifetime, which tells SQLite not to use its short-lived lookaside.
	 */
	if (len >= (size_t)INT32_MAX)
		return store_set_error(st, RC_TOOBIG, "sqlite: statement too long");
	/* `sql` is NUL-terminated; counting the NUL spares SQLite a copy. */
	int code = sqlite3_prepare_v3(st->db, sql, (int)len + 1, SQLITE_PREPARE_PERSISTENT, &s,
				      &tail);
	if (code != SQLITE_OK)
		return fail(st, code);
	if (!s)
		return store_set_error(st, RC_INVALID, "sqlite: empty statement");
	/* Exactly one statement: anything but whitespace after it is an error. */
	while (tail && *tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';'))
		tail++;
	if (tail && *tail) {
		sqlite3_finalize(s);
		return store_set_error(st, RC_INVALID, "sqlite: more than one statement in: %s", sql);
	}
	*h = s;
	return RC_OK;
}

/* Errors of the last step were already reported; finalize's code is moot. */
static void op_finalize(void *h)
{
	sqlite3_finalize(h);
}

/* Shared tail of the bind ops: map the code, naming the parameter on error. */
static int bound(struct store *st, int code, int idx)
{
	if (code == SQLITE_OK)
		return RC_OK;
	return store_set_error(st, map_rc(code) == RC_INVALID ? RC_ERR : map_rc(code),
			       "sqlite: cannot bind parameter %d: %s", idx, sqlite3_errstr(code));
}

static int op_bind_int(struct store *st, void *h, int idx, int64_t v)
{
	return bound(st, sqlite3_bind_int64(h, idx, v), idx);
}

static int op_bind_double(struct store *st, void *h, int idx, double v)
{
	return bound(st, sqlite3_bind_double(h, idx, v), idx);
}

/* TRANSIENT: SQLite copies the bytes, so callers may reuse their buffer. */
static int op_bind_text(struct store *st, void *h, int idx, const char *p, size_t len)
{
	return bound(st, sqlite3_bind_text64(h, idx, p, len, SQLITE_TRANSIENT, SQLITE_UTF8), idx);
}

static int op_bind_blob(struct store *st, void *h, int idx, const void *p, size_t len)
{
	/* A zero-length blob from a NULL pointer would bind NULL: use a static byte. */
	static const char empty;
	return bound(st, sqlite3_bind_blob64(h, idx, p ? p : &empty, len, SQLITE_TRANSIENT), idx);
}

static int op_bind_null(struct store *st, void *h, int idx)
{
	return bound(st, sqlite3_bind_null(h, idx), idx);
}

/* One sqlite3_step(); DONE and errors reset the statement here. */
static int op_step(struct store *st, void *h)
{
	int code = sqlite3_step(h);
	if (code == SQLITE_ROW)
		return STORE_ROW;
	if (code == SQLITE_DONE) {
		/*
		 * Reset at once: an autocommit read transaction ends only when
		 * the statement is reset, not merely when it ran to the end.
		 */
		sqlite3_reset(h);
		return STORE_DONE;
	}
	int rc = fail(st, code);
	sqlite3_reset(h);
	return rc;
}

static int op_col_count(void *h)
{
	return sqlite3_column_count(h);
}

static int64_t op_col_int(void *h, int i)
{
	return sqlite3_column_int64(h, i);
}

/*
 * A row's values are SQLite's registers: one array, a column's value the
 * element after the one before (sqlite3_column_value() of column i is
 * element i of the row). sqlite3_column_int64() of each column pays for
 * the checks and the error bookkeeping of the statement every time; for
 * a run of columns, those of the first and the last are asked for, and
 * when they are as far apart as neighbours n - 1 times over, the values
 * between them are read in place with sqlite3_value_int64(). Otherwise
 * (a SQLite that kept them apart) each column is asked for. The long
 * lists read a dozen integers per row this way (list=recentchanges with
 * 500 rows: 3.44M -> 3.12M instructions per request, callgrind).
 */
static void op_col_ints(void *h, int first, int n, int64_t *out)
{
	size_t stride = g_value_stride;
	if (n >= 3 && stride) {
		char *v0 = (char *)sqlite3_column_value(h, first);
		char *last = (char *)sqlite3_column_value(h, first + n - 1);
		if (last > v0 && (size_t)(last - v0) == (size_t)(n - 1) * stride) {
			for (int k = 0; k < n; k++)
				out[k] = sqlite3_value_int64((sqlite3_value *)(v0 + (size_t)k * stride));
			return;
		}
	}
	for (int k = 0; k < n; k++)
		out[k] = sqlite3_column_int64(h, first + k);
}

static double op_col_double(void *h, int i)
{
	return sqlite3_column_double(h, i);
}

/* SQLite returns NULL for SQL NULL; callers get "" and ask col_is_null(). */
static const char *op_col_text(void *h, int i)
{
	const unsigned char *p = sqlite3_column_text(h, i);
	return p ? (const char *)p : "";
}

/* The same for a whole list row (store_col_row()): the integers, then the texts, read in place. */
static void op_col_row(void *h, int n_ints, int64_t *ints, int n_texts, const char **texts)
{
	size_t stride = g_value_stride;
	int n = n_ints + n_texts;
	if (n >= 3 && stride) {
		char *v0 = (char *)sqlite3_column_value(h, 0);
		char *last = (char *)sqlite3_column_value(h, n - 1);
		if (last > v0 && (size_t)(last - v0) == (size_t)(n - 1) * stride) {
			for (int k = 0; k < n_ints; k++)
				ints[k] = sqlite3_value_int64((sqlite3_value *)(v0 + (size_t)k * stride));
			for (int k = 0; k < n_texts; k++) {
				const unsigned char *p =
					sqlite3_value_text((sqlite3_value *)(v0 + (size_t)(n_ints + k) * stride));
				texts[k] = p ? (const char *)p : "";
			}
			return;
		}
	}
	op_col_ints(h, 0, n_ints, ints);
	for (int k = 0; k < n_texts; k++)
		texts[k] = op_col_text(h, n_ints + k);
}

static const void *op_col_blob(void *h, int i)
{
	return sqlite3_column_blob(h, i);
}

static size_t op_col_len(void *h, int i)
{
	return (size_t)sqlite3_column_bytes(h, i);
}

static bool op_col_is_null(void *h, int i)
{
	return sqlite3_column_type(h, i) == SQLITE_NULL;
}

static void op_reset(void *h)
{
	sqlite3_reset(h);
}

static void op_clear(void *h)
{
	sqlite3_clear_bindings(h);
}

/* sqlite3_exec runs every statement of the script in turn. */
static int op_exec(struct store *st, const char *sql)
{
	char *err = NULL;
	int code = sqlite3_exec(st->db, sql, NULL, NULL, &err);
	if (code == SQLITE_OK)
		return RC_OK;
	int rc = store_set_error(st, map_rc(code), "sqlite: %s (%d)",
				 err ? err : sqlite3_errstr(code), code);
	sqlite3_free(err);
	return rc;
}

/* The transaction statements, prepared once per connection: st->tx_stmts[TX_...]. */
enum { TX_BEGIN_DEFERRED, TX_BEGIN_IMMEDIATE, TX_COMMIT, TX_ROLLBACK };
static const char *const tx_sql[] = { "BEGIN DEFERRED", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" };

/*
 * Run transaction statement `which`. Every request begins and ends a
 * transaction, and sqlite3_exec would compile the text each time; the
 * statement is prepared on first use and kept until the connection closes.
 */
static int tx_exec(struct store *st, int which)
{
	sqlite3_stmt **slot = (sqlite3_stmt **)&st->tx_stmts[which];
	if (!*slot &&
	    sqlite3_prepare_v3(st->db, tx_sql[which], -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK) {
		*slot = NULL;
		return op_exec(st, tx_sql[which]);
	}
	int code = sqlite3_step(*slot);
	if (code == SQLITE_DONE) {
		sqlite3_reset(*slot);
		return RC_OK;
	}
	int rc = store_set_error(st, map_rc(code), "sqlite: %s (%d)", sqlite3_errmsg(st->db), code);
	sqlite3_reset(*slot);
	return rc;
}

static int op_read_begin(struct store *st)
{
	/*
	 * DEFERRED takes no lock yet; the first read fixes the snapshot and
	 * its WAL read mark, which then stays until COMMIT instead of being
	 * taken and dropped (with fcntl calls) around every statement.
	 */
	return tx_exec(st, TX_BEGIN_DEFERRED);
}

static int op_read_end(struct store *st)
{
	if (sqlite3_get_autocommit(st->db))
		return RC_OK;
	return tx_exec(st, TX_COMMIT);
}

static int op_begin(struct store *st)
{
	/* IMMEDIATE takes the write lock now, so later writes cannot hit BUSY. */
	return tx_exec(st, TX_BEGIN_IMMEDIATE);
}

/* With synchronous=FULL the WAL is fsynced before COMMIT returns. */
static int op_commit(struct store *st)
{
	return tx_exec(st, TX_COMMIT);
}

static int op_rollback(struct store *st)
{
	/* Nothing to undo when SQLite already rolled back by itself (I/O error, full disk). */
	if (sqlite3_get_autocommit(st->db))
		return RC_OK;
	return tx_exec(st, TX_ROLLBACK);
}

static bool op_in_tx(struct store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

/* Rowid of the last insert on this connection (the INTEGER PRIMARY KEY). */
static int64_t op_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

/* Rows changed by the last completed INSERT, UPDATE or DELETE. */
static int op_changes(struct store *st)
{
	return sqlite3_changes(st->db);
}

/* Kind of a column for store_copy(), after SQLite's affinity rules for declared types. */
static char decl_kind(const char *type)
{
	if (sqlite3_strlike("%INT%", type, 0) == 0)
		return 'i';
	if (sqlite3_strlike("%CHAR%", type, 0) == 0 || sqlite3_strlike("%CLOB%", type, 0) == 0 ||
	    sqlite3_strlike("%TEXT%", type, 0) == 0 || !*type)
		return 't';
	if (sqlite3_strlike("%BLOB%", type, 0) == 0)
		return 'b';
	return 'f';
}

/*
 * Every table with its columns. A virtual (FTS5) table lists its rowid
 * first; the shadow tables SQLite keeps for it ("<name>_data", ...) are
 * left out, as is SQLite's own bookkeeping.
 */
static int op_describe(struct store *st, struct arena *a, struct store_table **tables, size_t *n)
{
	struct store_stmt *s = store_prepare(st,
		"SELECT m.name, m.sql LIKE 'CREATE VIRTUAL TABLE%', p.name, p.type"
		" FROM sqlite_master m JOIN pragma_table_info(m.name) p"
		" WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'"
		" AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table'"
		" AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND m.name LIKE v.name || '\\_%' ESCAPE '\\')"
		" ORDER BY m.name, p.cid");
	size_t cap = 0, cols_cap = 0;
	struct store_table *t = NULL;
	*n = 0;
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		const char *table = store_col_text(s, 0);
		if (*n == 0 || !streq(t[*n - 1].name, table)) {
			t = arena_grow(a, t, *n, &cap, sizeof(*t));
			t[*n] = (struct store_table){ arena_strdup(a, table), NULL, 0 };
			(*n)++;
			cols_cap = 0;
			if (store_col_int(s, 1)) {
				struct store_table *cur = &t[*n - 1];
				cur->cols = arena_grow(a, cur->cols, 0, &cols_cap, sizeof(*cur->cols));
				cur->cols[cur->n_cols++] = (struct store_column){ "rowid", 'i' };
			}
		}
		struct store_table *cur = &t[*n - 1];
		cur->cols = arena_grow(a, cur->cols, cur->n_cols, &cols_cap, sizeof(*cur->cols));
		cur->cols[cur->n_cols++] = (struct store_column){ store_col_dup(s, a, 2),
								  decl_kind(store_col_text(s, 3)) };
	}
	*tables = t;
	return rc == STORE_DONE ? RC_OK : rc;
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.version = op_version,
	.backend = STORE_SQLITE,
	.open = op_open,
	.close = op_close,
	.busy_timeout = op_busy_timeout,
	.prepare = op_prepare,
	.finalize = op_finalize,
	.bind_int = op_bind_int,
	.bind_double = op_bind_double,
	.bind_text = op_bind_text,
	.bind_blob = op_bind_blob,
	.bind_null = op_bind_null,
	.step = op_step,
	.col_count = op_col_count,
	.col_int = op_col_int,
	.col_double = op_col_double,
	.col_text = op_col_text,
	.col_blob = op_col_blob,
	.col_len = op_col_len,
	.col_is_null = op_col_is_null,
	.col_ints = op_col_ints,
	.col_row = op_col_row,
	.reset = op_reset,
	.clear = op_clear,
	.exec = op_exec,
	.read_begin = op_read_begin,
	.read_end = op_read_end,
	.begin = op_begin,
	.commit = op_commit,
	.rollback = op_rollback,
	.in_tx = op_in_tx,
	.last_id = op_last_id,
	.changes = op_changes,
	.background_start = op_background_start,
	.background_stop = op_background_stop,
	.describe = op_describe,
};

/* ---------- FTS5's tokenizer for the other backends ---------- */

/*
 * One unicode61 tokenizer (remove_diacritics 2, as the searchindex
 * table is made) of an in-memory database kept for the process, so that
 * PostgreSQL's index and queries are cut into the same words as SQLite's
 * FTS5: the same Unicode categories split words, the same case folding
 * and the same accents removed, whatever the server's locale. Tokenizing
 * uses the instance's folding buffer: one caller at a time (`mu`).
 */
static struct {
	pthread_mutex_t mu;   /* guards the fields below and every xTokenize */
	bool tried;           /* set up once, successfully or not */
	sqlite3 *db;          /* the in-memory database that owns the tokenizer */
	fts5_tokenizer api;   /* unicode61's functions */
	Fts5Tokenizer *inst;  /* the configured instance; NULL when setting up failed */
} g_tok = { .mu = PTHREAD_MUTEX_INITIALIZER };

/* The fts5_api of `db` (SQLite's documented way: SELECT fts5(?1) with a pointer bind). */
static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(s);
	}
	sqlite3_finalize(s);
	return api;
}

/* Set g_tok up (called with g_tok.mu held). */
static void tok_setup(void)
{
	g_tok.tried = true;
	if (sqlite3_open_v2(":memory:", &g_tok.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return;
	fts5_api *api = fts5_api_of(g_tok.db);
	void *ud = NULL;
	if (!api || api->xFindTokenizer(api, "unicode61", &ud, &g_tok.api) != SQLITE_OK)
		return;
	const char *args[] = { "remove_diacritics", "2" };
	if (g_tok.api.xCreate(ud, args, 2, &g_tok.inst) != SQLITE_OK)
		g_tok.inst = NULL;
}

/* xTokenize's callback: each token after a space (but the first) into the sbuf. */
static int tok_add(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	struct sbuf *out = ctx;
	(void)flags;
	(void)start;
	(void)end;
	if (n <= 0)
		return SQLITE_OK;
	if (out->len && sbuf_addc(out, ' ') != RC_OK)
		return SQLITE_NOMEM;
	return sbuf_add(out, tok, (size_t)n) == RC_OK ? SQLITE_OK : SQLITE_NOMEM;
}

int store_fts_words(const char *s, size_t len, struct sbuf *out)
{
	pthread_mutex_lock(&g_tok.mu);
	if (!g_tok.tried)
		tok_setup();
	int rc = RC_ERR;
	if (g_tok.inst && len <= INT_MAX)
		rc = g_tok.api.xTokenize(g_tok.inst, out, FTS5_TOKENIZE_DOCUMENT, s, (int)len, tok_add) == SQLITE_OK
			     ? RC_OK
			     : RC_TOOBIG;
	pthread_mutex_unlock(&g_tok.mu);
	return rc;
}
