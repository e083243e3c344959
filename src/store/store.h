/* SPDX-License-Identifier: MIT */
/*
 * store.h — the only way the rest of wikid reaches the database.
 *
 * A `struct store` is one connection, used by one thread at a time (each
 * worker thread gets its own through store_thread()). On top of it sits a
 * small portable-SQL statement API: store_prepare() returns a statement
 * from a per-connection cache keyed by the SQL text, so hot queries are
 * compiled once per thread; `?` placeholders are bound by 1-based index,
 * result columns are read by 0-based index. The SQL that callers write
 * must be accepted by both SQLite and PostgreSQL:
 *   - upserts with INSERT ... ON CONFLICT (cols) DO NOTHING / DO UPDATE,
 *     new ids through store_last_id() or RETURNING;
 *   - the table `user` is always written double-quoted, "user", because
 *     `user` is a reserved word in PostgreSQL;
 *   - no SQLite-only functions (ifnull → COALESCE, || is fine, LIMIT n
 *     OFFSET m is fine, no `INSERT OR REPLACE`, no `rowid`).
 *   - no integer used as a truth value (`WHERE rc_bot`: write
 *     `rc_bot = 1`); every selected column that is not aggregated is in
 *     the GROUP BY; a subquery in FROM has an alias;
 *   - LIKE is case-sensitive in PostgreSQL, case-insensitive for ASCII
 *     in SQLite: use it only where case cannot matter.
 * SQLite-only syntax lives in src/store/sqlite.c and the SQLite column
 * of the migrations in src/store/schema.c, which postgres.c translates
 * (pg_sql.c); where a feature needs different SQL per backend (full-text
 * search), it is a store_* function with one implementation per backend.
 *
 * The schema follows MediaWiki 1.39's tables (see schema.c). Timestamps
 * are 14-character MediaWiki strings "YYYYMMDDHHMMSS" in UTC; text is
 * UTF-8.
 *
 * Error discipline: fallible calls return RC_OK or a negative RC_*; a
 * busy database past the timeout gives RC_BUSY, a unique/primary key
 * violation gives RC_CONFLICT, anything else RC_ERR. The text of the last
 * error is store_errmsg(st). After a failed statement inside a
 * transaction the only portable next step is store_rollback() (PostgreSQL
 * refuses every further statement of that transaction); a write that may
 * fail without dooming its transaction goes inside a nested
 * store_begin() (a savepoint), rolled back on failure.
 */
#ifndef STORE_H
#define STORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../util/arena.h"
#include "../util/util.h"

struct store;      /* one database connection (private, store_int.h) */
struct store_stmt; /* one cached prepared statement (private) */

/* What store_step() returns besides a negative RC_* on failure. */
enum {
	STORE_ROW = 100,  /* a result row is ready to be read */
	STORE_DONE = 101, /* the statement has run to completion */
};

/* Length argument meaning "the text is NUL-terminated; measure it". */
#define STORE_NTS ((size_t)-1)

/* ---------- process-wide set-up and per-thread connections ---------- */

/*
 * Remember the database location for store_thread() and start the
 * backend's background work. A location is one of
 *   postgresql://user:pass@host:port/db   (or postgres://..., libpq's URI
 *                                          form; PostgreSQL)
 *   sqlite:PATH                           (the SQLite file PATH)
 *   DIR                                   (a data directory: the SQLite
 *                                          file DIR/wikid.sqlite)
 * Call once at start-up, before any thread asks for its connection.
 * Copies `location`. Returns RC_OK, or RC_INVALID when it is NULL or
 * empty.
 */
int store_global_init(const char *location);

/*
 * Close the calling thread's connection and forget the location.
 * Connections of other threads are closed when those threads exit.
 */
void store_global_shutdown(void);

/*
 * The calling thread's connection, opened on first use (thread-local).
 * Never NULL: if the database cannot be opened here although it opened
 * at start-up (descriptor exhaustion, a vanished data directory), the
 * reason is printed and the process aborts, like on out-of-memory; a
 * supervisor restarts it. BUG() when store_global_init() was not called.
 */
struct store *store_thread(void);

/* Close the calling thread's connection now (it reopens on next use). */
void store_thread_close(void);

/* ---------- read replicas ---------- */

/* Most read replicas one primary may have. */
#define STORE_REPLICAS_MAX 16

/*
 * Read replicas of the database given to store_global_init(): `urls` is
 * a list of postgresql:// URLs separated by blanks or commas. Their lag
 * is measured from then on in the background, and each connection opened
 * afterwards reads from one of them (in turn) when store_use_replica()
 * allows it; a replica lagging more than `max_lag` seconds serves no
 * reads. An empty list means no replicas. Returns RC_OK, RC_INVALID when
 * the backend has no replicas (SQLite) or a list is too long, RC_ERR
 * when the monitor cannot start.
 */
int store_global_replicas(const char *urls, double max_lag);

/* One replica's lag as last measured. */
struct store_lag {
	const char *host; /* "host:port" from its URL; lives until store_global_shutdown() */
	double lag;       /* seconds behind the primary; -1 when it is down or unmeasured */
};

/*
 * Name of the primary database server ("host:port" of its URL,
 * "localhost" for SQLite or a Unix socket without one), as MediaWiki's
 * load balancer names servers. Valid until store_global_shutdown().
 */
const char *store_primary_host(void);

/* The replicas' lags into `out` (at most `cap`); returns how many there are (0: none). */
size_t store_replication_lag(struct store_lag *out, size_t cap);

/*
 * Let the reads of the current request go to this connection's replica
 * (MediaWiki's DB_REPLICA) — when there is one that is up, lags at most
 * the limit and has replayed `min_position`, the primary's position
 * after the client's last write (0 when unknown: chronology protection).
 * The request's first write, and everything after it, goes to the
 * primary. Until store_idle(); a no-op without replicas.
 */
void store_use_replica(struct store *st, uint64_t min_position);

/*
 * When this connection wrote during the current request and replicas
 * exist: the primary's WAL position now (never 0), for the client's next
 * store_use_replica(); else 0.
 */
uint64_t store_write_position(struct store *st);

/* ---------- connections ---------- */

/*
 * Open a new connection to the database at `location` (see
 * store_global_init()). SQLite: the file is created if missing, in WAL
 * mode with synchronous=FULL so that a commit that returned RC_OK
 * survives kill -9 and power loss. PostgreSQL: the database must exist;
 * commits are durable with the server's default synchronous_commit.
 * Lock waits end after STORE_BUSY_TIMEOUT_MS. The caller owns the result
 * and frees it with store_close(). Returns NULL when the database cannot
 * be opened; the reason is printed on stderr.
 */
struct store *store_open(const char *location);

/*
 * Finalize every cached statement, roll back an open transaction and
 * close the connection. store_close(NULL) is a no-op.
 */
void store_close(struct store *st);

/* How long a connection waits for a lock held by another before RC_BUSY. */
#define STORE_BUSY_TIMEOUT_MS 5000

/*
 * Change how long `st` waits for a lock (milliseconds; 0 fails at once
 * with RC_BUSY). For tests and for background work that should rather
 * skip a turn than wait; requests keep the default.
 */
void store_busy_timeout(struct store *st, int ms);

/*
 * Bring the schema up to date: apply every migration of schema.c not yet
 * recorded in `schema_migrations`, all inside one transaction, and record
 * each. Running it again is a no-op. Returns RC_OK or the first failure
 * (nothing is applied then).
 */
int store_migrate(struct store *st);

/* Highest migration number recorded; 0 on an empty database. */
int store_schema_version(struct store *st, int *version);

/* Number of the newest migration this binary knows. */
int store_schema_latest(void);

/* Name of the backend behind `st` ("sqlite" or "postgresql"). */
const char *store_backend_name(const struct store *st);

/*
 * Version string of the backend: SQLite's library ("3.40.1"), the
 * PostgreSQL server's ("15.18 (Debian ...)"). Owned by `st`.
 */
const char *store_backend_version(const struct store *st);

/*
 * True when the last failure on `st` was a lost or refused connection to
 * the database server, rather than an error of the statement itself.
 * Every statement fails the same way until store_idle() (the end of the
 * request); the first statement after it reconnects. Always false for
 * SQLite.
 */
bool store_disconnected(const struct store *st);

/*
 * Return the connection to its idle state at the end of a request:
 * reset every statement still stepping (an unfinished SELECT would keep
 * an old snapshot open), roll back a transaction left open (a caller bug,
 * reported on stderr), and drop cached statements that have not been used
 * recently when the cache is over STORE_STMT_CACHE_MAX. Cheap when there
 * is nothing to do; call it after every request.
 */
void store_idle(struct store *st);

/* Cached statements kept across store_idle(); more are trimmed by age. */
#define STORE_STMT_CACHE_MAX 512

/* ---------- statements ---------- */

/*
 * A prepared statement for `sql` (one statement, `?` placeholders), taken
 * from the connection's cache or compiled and cached on first use. If the
 * cached statement was still stepping it is reset first, and its old
 * bindings are cleared: the same SQL cannot be iterated in two nested
 * loops at once. The statement belongs to the connection; the pointer
 * stays valid until store_idle() or store_close(). `sql` is copied.
 *
 * Returns NULL when the SQL does not compile (store_errmsg() says why).
 * Every function below accepts a NULL statement: binds do nothing and
 * store_step() returns RC_ERR, so a caller may check once, at the step.
 */
struct store_stmt *store_prepare(struct store *st, const char *sql);

/*
 * Bind parameter `idx` (1-based) of `stmt`. Text and blob bytes are
 * copied, so the caller's buffer may change right after the call. A NULL
 * `p` binds SQL NULL. `len` may be STORE_NTS for NUL-terminated text.
 * Return RC_OK, or RC_ERR for an index out of range or a NULL statement.
 */
int store_bind_int(struct store_stmt *stmt, int idx, int64_t v);
int store_bind_double(struct store_stmt *stmt, int idx, double v);
int store_bind_text(struct store_stmt *stmt, int idx, const char *p, size_t len);
int store_bind_blob(struct store_stmt *stmt, int idx, const void *p, size_t len);
int store_bind_null(struct store_stmt *stmt, int idx);

/*
 * Bind parameters 1..n from a format string, one letter per parameter:
 *   'i' int64_t            'd' int              'f' double
 *   't' const char * (NUL-terminated; NULL binds NULL)
 *   's' struct str         'b' const void *, size_t (blob)
 *   'n' NULL (takes no argument)
 * The letter must match the C type passed: 'i' takes an int64_t, so cast
 * plain ints or use 'd'. Returns RC_OK or RC_ERR (unknown letter, bad
 * index).
 */
int store_bindv(struct store_stmt *stmt, const char *fmt, ...);
int store_vbindv(struct store_stmt *stmt, const char *fmt, va_list ap);

/*
 * Run the statement one step. Returns STORE_ROW when a row can be read
 * with store_col_*(), STORE_DONE when finished (the statement is then
 * reset, keeping its bindings, so it may be stepped again), or a negative
 * RC_*: RC_BUSY (lock timeout), RC_CONFLICT (unique or other constraint),
 * RC_TOOBIG, RC_ERR. On failure the statement is reset too.
 */
int store_step(struct store_stmt *stmt);

/*
 * Result columns of the current row, by 0-based index. store_col_text()
 * returns "" for SQL NULL (ask store_col_is_null() to tell them apart);
 * the pointer and store_col_len() stay valid until the next step, reset
 * or done of this statement. A blob column read as text is returned as
 * its bytes plus a terminating NUL.
 */
int64_t store_col_int(struct store_stmt *stmt, int i);
/*
 * Columns `first` .. `first + n - 1` as store_col_int() reads them, into
 * out[0] .. out[n - 1]: one call for the many integer columns of a list
 * row instead of one per column.
 */
void store_col_ints(struct store_stmt *stmt, int first, int n, int64_t *out);
/*
 * A list row in one call: columns 0 .. n_ints - 1 as store_col_int()
 * reads them into ints[], and the next n_texts columns as
 * store_col_text() reads them into texts[].
 */
void store_col_row(struct store_stmt *stmt, int n_ints, int64_t *ints, int n_texts, const char **texts);
double store_col_double(struct store_stmt *stmt, int i);
const char *store_col_text(struct store_stmt *stmt, int i);
const void *store_col_blob(struct store_stmt *stmt, int i);
size_t store_col_len(struct store_stmt *stmt, int i);
bool store_col_is_null(struct store_stmt *stmt, int i);

/* Column `i` as a borrowed view, valid as for store_col_text(). */
struct str store_col_str(struct store_stmt *stmt, int i);

/* Copy of text column `i` in `a`; NULL for SQL NULL. */
char *store_col_dup(struct store_stmt *stmt, struct arena *a, int i);

/* Number of columns in the result. */
int store_col_count(struct store_stmt *stmt);

/*
 * Finish with the statement: reset it (releasing its read snapshot) and
 * clear its bindings. It stays in the cache. NULL is a no-op.
 */
void store_stmt_done(struct store_stmt *stmt);

/* ---------- whole statements in one call ---------- */

/*
 * Run `sql`, which may hold several statements separated by ';' and has
 * no parameters (DDL, PRAGMA-free maintenance). Not cached.
 */
int store_exec(struct store *st, const char *sql);

/*
 * For a command-line bulk job (--import, --rebuild-search, --rebuild-links,
 * --run-jobs) on this connection: commits stop waiting for the disk
 * (SQLite synchronous=NORMAL in WAL mode, PostgreSQL synchronous_commit
 * off). The database stays consistent; a crash of the machine (not of
 * the process) may lose the last commits, which a rerun redoes. With
 * `done`, the end: everything written is made durable (a checkpoint that
 * syncs) and commits wait for the disk again.
 */
int store_bulk_writes(struct store *st, bool done);

/*
 * Prepare `sql`, bind per `fmt` (see store_bindv()), step it to the end
 * and reset it. For INSERT/UPDATE/DELETE; rows a statement returns are
 * skipped. Returns RC_OK or the failure of the step.
 */
int store_run(struct store *st, const char *sql, const char *fmt, ...);

/*
 * Like store_run(), for a write inside a write transaction whose outcome
 * the caller leaves to the transaction: a backend that talks to a server
 * (PostgreSQL) may send it without waiting for its answer, which is read
 * with the next statement or the commit, so several such writes cost one
 * round trip. A failure is then reported by that later statement or
 * commit, and fails the transaction. store_changes() and store_last_id()
 * do not reflect a write sent this way. Outside a write transaction, and
 * on SQLite, it is store_run().
 */
int store_run_later(struct store *st, const char *sql, const char *fmt, ...);

/*
 * Prepare `sql`, bind per `fmt`, and store the first column of the first
 * row in `*out`. Returns RC_OK, RC_NOTFOUND when there is no row (`*out`
 * untouched), or a failure. The statement is reset afterwards.
 */
int store_query_int(struct store *st, int64_t *out, const char *sql, const char *fmt, ...);

/*
 * Like store_query_int() for a text column: `*out` is a copy in `a`
 * (NULL when the column is SQL NULL).
 */
int store_query_text(struct store *st, struct arena *a, char **out, const char *sql,
		     const char *fmt, ...);

/* ---------- transactions ---------- */

/*
 * Start a write transaction (SQLite: BEGIN IMMEDIATE, so the write lock is
 * taken up front and the commit cannot fail on a lock; retried until the
 * busy timeout. PostgreSQL: BEGIN and a transaction-scoped advisory lock
 * that every writer takes, so writers are serialized across all
 * processes on the database exactly as with SQLite, and each statement
 * sees everything committed before). Statements still stepping on this connection are reset
 * first: do not hold a SELECT open across store_begin(). Nested calls
 * open a savepoint instead, so a function that wraps its writes in a
 * transaction may be called inside another. Returns RC_OK, RC_BUSY or
 * RC_ERR.
 */
int store_begin(struct store *st);

/*
 * Make the innermost store_begin() permanent (outermost: COMMIT, durable
 * when it returns RC_OK). On failure the transaction is rolled back and
 * the error returned.
 */
int store_commit(struct store *st);

/* Undo everything since the innermost store_begin(). */
int store_rollback(struct store *st);

/* Depth of open store_begin() calls (0: autocommit). */
int store_tx_depth(const struct store *st);

/*
 * Open a read snapshot: the queries that follow see one consistent state
 * of the database and skip the per-statement lock round trips (SQLite:
 * a deferred read transaction; point queries get about four times
 * faster. PostgreSQL: a REPEATABLE READ transaction begun with the first
 * read; a write outside store_begin() ends it and runs in autocommit,
 * and the next read begins a new one). Meant for the start of every request. It ends at
 * store_snapshot_end(), at store_idle(), and at store_begin(), which
 * must start a write from the newest state and so closes the snapshot
 * first (reads after the write's commit are in autocommit again until
 * the next store_snapshot()). A no-op inside a snapshot or a write
 * transaction. Returns RC_OK or a failure.
 */
int store_snapshot(struct store *st);

/* Close the read snapshot, if any (resetting statements still stepping). */
void store_snapshot_end(struct store *st);

/* ---------- connection state ---------- */

/*
 * Id of the row inserted last on this connection (SQLite: the rowid;
 * PostgreSQL: the serial column of the table the last INSERT wrote).
 */
int64_t store_last_id(struct store *st);

/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int store_changes(struct store *st);

/* Text of the last error on this connection ("" when none); owned by st. */
const char *store_errmsg(const struct store *st);

/* ---------- moving a wiki ---------- */

/*
 * Copy the wiki at `from` (a location as for store_global_init()) into
 * the database at `to`, which must not hold a wiki yet (wikid
 * --copy-to). Both are migrated to the newest schema first; every table
 * is copied except login sessions and the object cache, all in one
 * transaction of the target (a failure leaves it empty), and the row
 * counts of every table are compared afterwards. A progress bar is drawn
 * on `progress` when it is a terminal, and the result line is written
 * there; errors go to stderr. Returns RC_OK or the failure.
 */
int store_copy(const char *from, const char *to, FILE *progress);

/* ---------- content blobs ---------- */

/*
 * Store `len` bytes of revision text once per distinct content: the
 * `text` table is keyed by the SHA-1 of the bytes, so saving the same
 * text again returns the existing row. Texts of STORE_COMPRESS_MIN bytes
 * or more are stored deflated (old_flags "utf-8,gzip", raw DEFLATE as in
 * MediaWiki's gzdeflate) when that makes them smaller. `*blob_id` gets
 * the text row id (old_id). Call inside a transaction with the writes
 * that reference it. Returns RC_OK or a failure.
 */
int store_blob_put(struct store *st, const char *data, size_t len, int64_t *blob_id);

/* Texts shorter than this are stored uncompressed (deflate would not pay). */
#define STORE_COMPRESS_MIN 256

/*
 * Read text row `blob_id` back, inflated, into `a`: `*data` is
 * NUL-terminated and `*len` its length. Returns RC_OK, RC_NOTFOUND, or
 * RC_ERR for a corrupt row.
 */
int store_blob_get(struct store *st, struct arena *a, int64_t blob_id, const char **data,
		   size_t *len);

/*
 * A `content` row for `data` with content model `model` ("wikitext",
 * "css", ...): the text goes through store_blob_put(), and an identical
 * content row (same sha1, model and address) is reused. content_sha1 is
 * MediaWiki's base-36 SHA-1. `*content_id` gets the row id.
 */
int store_content_put(struct store *st, const char *model, const char *data, size_t len,
		      int64_t *content_id);

/*
 * A text hashed and compressed for store_content_put_text() ahead of the
 * write, by any thread and without a connection (an import's reader does
 * it while the writer writes). `data` is borrowed; `z` is owned when
 * `zcap` is not 0 (store_text_release() frees it).
 */
struct store_text {
	const char *data;    /* the text */
	size_t len;          /* its length */
	char sha1[32];       /* MediaWiki's base-36 SHA-1 (content_sha1, rev_sha1) */
	char sha1_hex[41];   /* hex SHA-1 (old_sha1) */
	unsigned char *z;    /* raw DEFLATE of the text, or NULL to store it as it is */
	size_t zlen;         /* its length, 0 when not compressed */
	size_t zcap;         /* bytes allocated at z (0 when z is borrowed) */
};

/* Fill `t` for `len` bytes at `data`: both hashes, and the text deflated when that pays. */
void store_text_prepare(struct store_text *t, const char *data, size_t len);

/* Free what store_text_prepare() allocated. */
void store_text_release(struct store_text *t);

/* store_content_put() of a prepared text: the same rows, without hashing or compressing again. */
int store_content_put_text(struct store *st, const char *model, const struct store_text *t, int64_t *content_id);

/*
 * The text of content row `content_id` into `a` (see store_blob_get());
 * `*model` (may be NULL) gets the model name, also in `a`. Content rows
 * never change once committed: each connection caches recent ones.
 */
int store_content_get(struct store *st, struct arena *a, int64_t content_id,
		      const char **data, size_t *len, const char **model);

/*
 * The text of the first slot (in role order: the main slot) of revision
 * `rev_id`, as store_slots_get() and store_content_get() give it, in one
 * query when the revision's slots are not cached. RC_NOTFOUND when the
 * revision has no slot or its text row is missing.
 */
int store_rev_text(struct store *st, struct arena *a, int64_t rev_id, const char **data, size_t *len,
		   const char **model);

/*
 * The same text read beside a caller's own columns, in the caller's
 * query: its result list ends with STORE_REV_TEXT_COLS and its FROM
 * clause with STORE_REV_TEXT_JOINS(rev), `rev` being an SQL expression
 * (a string literal) of the revision id, e.g. "page_latest". All joins
 * are outer: a row without the revision or its text still comes.
 * store_rev_text_row() reads those columns from column `col` of the
 * current row of `stmt` (the connection's cache first, as
 * store_content_get()): RC_NOTFOUND when the revision has no slot or
 * its text row is missing, as store_rev_text(). Spares a database
 * server the round trip of a second query (an edit's read of the page
 * it changes).
 */
#define STORE_REV_TEXT_COLS "slot_content_id, content_address, model_name, old_text, old_flags, old_len, old_id"
#define STORE_REV_TEXT_JOINS(rev)                                                                            \
	" LEFT JOIN slots ON slot_revision_id = " rev " AND slot_role_id ="                                   \
	" (SELECT MIN(s1.slot_role_id) FROM slots AS s1 WHERE s1.slot_revision_id = " rev ")"                 \
	" LEFT JOIN content ON content_id = slot_content_id"                                                 \
	" LEFT JOIN content_models ON model_id = content_model"                                              \
	" LEFT JOIN text ON old_id = CASE WHEN SUBSTR(content_address, 1, 3) = 'tt:'"                        \
	" THEN CAST(SUBSTR(content_address, 4) AS INTEGER) END"
int store_rev_text_row(struct store *st, struct store_stmt *stmt, int col, struct arena *a, const char **data,
		       size_t *len, const char **model);

/* Kinds of rows whose ids store_memo_get() remembers: rows that never change once committed. */
enum store_memo {
	STORE_MEMO_COMMENT,    /* comment_id by comment_text */
	STORE_MEMO_ANON_ACTOR, /* actor_id by the name of a performer without an account */
	STORE_MEMO_USER_ACTOR, /* actor_id by the account's user_id written in decimal */
};

/*
 * A per-connection memo of ids found by a key, for rows that never change
 * or go away once committed (comments, actors): true and *id when `key`
 * of `kind` was put before. Saves a query per edit each on a database
 * server.
 */
bool store_memo_get(struct store *st, enum store_memo kind, const char *key, int64_t *id);

/*
 * Remember the id a query found for `key`. Nothing is kept after
 * store_memo_added() in the same transaction: the row found may be that
 * transaction's own, which a rollback takes away.
 */
void store_memo_put(struct store *st, enum store_memo kind, const char *key, int64_t id);

/* The caller added a row of a memo kind in the current transaction (see store_memo_put()). */
void store_memo_added(struct store *st);

/* One slot of a revision (store_slots_get()); strings in the caller's arena. */
struct store_slot {
	const char *role;     /* slot role name ("main") */
	const char *model;    /* content model name of the slot's content */
	const char *sha1;     /* content_sha1 (MediaWiki's base 36) */
	int64_t size;         /* content_size in bytes */
	int64_t content_id;   /* the content row, for store_content_get() */
};

/*
 * The slots of revision `rev_id` in role order, at most `cap` into `out`
 * (strings in `a`), their number in `*n` (0 for no such revision).
 * Slots never change once committed, so each connection caches them.
 * Returns RC_OK or the failure.
 */
int store_slots_get(struct store *st, struct arena *a, int64_t rev_id, struct store_slot *out, size_t cap,
		    size_t *n);

/*
 * The text of comment row `id` (NUL-terminated, `*len` bytes), from the
 * connection's cache or one query, then cached: comment rows never change
 * once committed. The text is the cache's, valid until the next
 * store_comment_get() on `st`. Returns RC_OK,
 * RC_NOTFOUND or the failure.
 */
int store_comment_get(struct store *st, int64_t id, const char **text, size_t *len);

/*
 * The name of actor row `id` and its user id (0 for none), from the
 * connection's cache or one query, then cached when they cannot change
 * (see rowcache.c). The name is the cache's, valid until the next
 * store_actor_get() on `st`.
 * Returns RC_OK, RC_NOTFOUND or the failure.
 */
int store_actor_get(struct store *st, int64_t id, const char **name, int64_t *user);

/*
 * Id of the content model / slot role `name` in content_models /
 * slot_roles, added when missing (MediaWiki's NameTableStore).
 */
int store_model_id(struct store *st, const char *name, int64_t *id);
int store_role_id(struct store *st, const char *name, int64_t *id);

/*
 * MediaWiki's base-36 SHA-1 of `len` bytes (rev_sha1, content_sha1,
 * img_sha1): 31 digits, zero-padded, into `out`, NUL-terminated.
 */
void store_sha1_base36(const void *data, size_t len, char out[32]);

/* Lower-case hex SHA-1 of `len` bytes: 40 digits into `out`, NUL-terminated. */
void store_sha1_hex(const void *data, size_t len, char out[41]);

/* ---------- full-text search (search.c) ---------- */

/*
 * The search index holds one row per page: its title text and its
 * wikitext. The query language (phrases, prefixes, exclusion, intitle:,
 * incategory:) is parsed above this layer (wiki/search.c) into terms;
 * each backend turns them into its own full-text query (SQLite: an FTS5
 * MATCH expression ranked by BM25; PostgreSQL: a tsquery on the
 * tsvector column, ranked by ts_rank). Text matching ignores letter
 * case on both.
 */

/* Where a term must be found. */
enum store_search_field {
	STORE_SEARCH_ANY,   /* title or text */
	STORE_SEARCH_TITLE, /* the title only */
};

/* One term of a query. */
struct store_search_term {
	const char *text;             /* a word, or the words of a phrase separated by spaces */
	bool is_phrase;               /* the words must follow one another */
	bool is_prefix;               /* the (last) word may go on: "dom" finds "domestic" */
	bool is_negated;              /* pages matching this term are left out */
	enum store_search_field field; /* see above */
};

/* The order of a search's hits (list=search's srsort, as CirrusSearch offers them). */
enum store_search_sort {
	STORE_SEARCH_RELEVANCE,        /* best match first (page id without terms) */
	STORE_SEARCH_JUST_MATCH,       /* the same: no popularity boosts exist to leave out */
	STORE_SEARCH_NONE,             /* page id order */
	STORE_SEARCH_LAST_EDIT_DESC,   /* newest current revision first */
	STORE_SEARCH_LAST_EDIT_ASC,    /* oldest current revision first */
	STORE_SEARCH_CREATE_DESC,      /* newest first revision first */
	STORE_SEARCH_CREATE_ASC,       /* oldest first revision first */
	STORE_SEARCH_TITLE_NATURAL_ASC, /* titles in natural order (numbers by value) */
	STORE_SEARCH_TITLE_NATURAL_DESC, /* the same, backwards */
	STORE_SEARCH_INCOMING_ASC,     /* fewest links from other pages first */
	STORE_SEARCH_INCOMING_DESC,    /* most links from other pages first */
	STORE_SEARCH_RANDOM,           /* a new random order each time */
	STORE_SEARCH_SEEDED,           /* a random order fixed by `seed` */
};

/* A search: pages matching every positive term and no negated one. */
struct store_search {
	const struct store_search_term *terms; /* the terms; a query needs a positive one or a category */
	size_t n_terms;                        /* entries in terms */
	const int *namespaces;                 /* namespaces to search; NULL: all */
	size_t n_namespaces;                   /* entries in namespaces */
	const char *const *categories;         /* category dbkeys every hit must be in, or NULL */
	size_t n_categories;                   /* entries in categories */
	double title_weight;                   /* weight of title matches against text matches (>= 1) */
	enum store_search_sort sort;           /* the order of the hits */
	uint32_t seed;                         /* STORE_SEARCH_SEEDED: what fixes the order */
	long limit;                            /* hits to return */
	long offset;                           /* hits to skip */
};

/* One page found. */
struct store_search_hit {
	int64_t page_id;  /* page_id */
	int ns;           /* page_namespace */
	const char *dbkey; /* page_title */
	bool is_redirect; /* page_is_redirect */
	int64_t latest;   /* page_latest */
};

/*
 * Run `q`: `*hits` (in `a`) gets up to q->limit pages in q->sort's
 * order (ties by page id), `*n` their count, `*total` (when not NULL)
 * the number of matching pages. Returns RC_OK or a store failure.
 */
int store_search_run(struct store *st, struct arena *a, const struct store_search *q,
		     struct store_search_hit **hits, size_t *n, int64_t *total);

/*
 * Index page `page_id` with its title text (without namespace) and its
 * current text, replacing what was there. Call inside the write
 * transaction that changes the page. Returns RC_OK or a store failure.
 */
int store_search_update(struct store *st, int64_t page_id, const char *title, const char *text, size_t len);

/* Drop page `page_id` from the index (deleted pages). RC_OK or a store failure. */
int store_search_delete(struct store *st, int64_t page_id);

/* Empty the index (before a rebuild). RC_OK or a store failure. */
int store_search_clear(struct store *st);

/*
 * Words of the index from `from` (inclusive) to `to` (exclusive), in
 * order, with the number of pages holding each: the vocabulary spelling
 * suggestions are chosen from. `*words` and `*pages` are in `a`, `*n`
 * entries; at most `max` are read. Returns RC_OK or a store failure.
 */
int store_search_words(struct store *st, struct arena *a, const char *from, const char *to, size_t max,
		       const char ***words, int64_t **pages, size_t *n);

#endif
