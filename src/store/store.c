/* SPDX-License-Identifier: MIT */
/*
 * store.c — the public storage API of store.h, written once on top of the
 * backend vtable `struct store_ops` (store_int.h): per-thread connections,
 * the prepared-statement cache, transactions with savepoints, migrations,
 * and content blobs deduplicated by SHA-1.
 *
 * Statement cache: a hash table per connection keyed by the SQL text
 * (FNV-1a), chained. A statement is compiled on the first store_prepare()
 * of its text and kept; later prepares only reset it and clear its
 * bindings, so the hot path of a query does no allocation and no parsing.
 * The cache is trimmed only in store_idle(), between requests, when no
 * caller can still hold a statement pointer.
 *
 * Invariant: st->n_active counts the statements whose is_active flag is
 * set, i.e. that returned STORE_ROW and were not reset since. Such a
 * statement keeps a read snapshot open in SQLite, so store_begin() and
 * store_idle() reset them all.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <openssl/sha.h>
#include <zlib.h>

#include "../util/timestamp.h"
#include "store_int.h"

static void release_writer(struct store *st);

/* ---------- errors ---------- */

/* Message first, then the code: backends write `return store_set_error(...)`. */
int store_set_error(struct store *st, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->errmsg, sizeof(st->errmsg), fmt, ap);
	va_end(ap);
	return rc;
}

/* The buffer lives in the connection; it is overwritten by the next error. */
const char *store_errmsg(const struct store *st)
{
	return st->errmsg;
}

/* ---------- process-wide state and per-thread connections ---------- */

static char *g_location;                      /* set by store_global_init() */
static char *g_host;                          /* name of the database server, for siteinfo */
static const struct store_ops *g_ops;         /* backend of g_location */
static pthread_key_t g_key;                   /* closes a thread's connection at exit */
static pthread_once_t g_key_once = PTHREAD_ONCE_INIT; /* creates g_key once */
static _Thread_local struct store *t_store;   /* this thread's connection, or NULL */

/* pthread key destructor: a worker thread is exiting. */
static void thread_exit(void *p)
{
	store_close(p);
}

/* pthread_once body: the key whose destructor closes exiting threads' connections. */
static void make_key(void)
{
	if (pthread_key_create(&g_key, thread_exit) != 0)
		BUG("pthread_key_create failed");
}

/* True when `s` starts with `prefix`. */
static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * The backend a location names and what that backend opens (allocated
 * into *target): a postgresql:// or postgres:// URL is PostgreSQL and
 * the URL itself; "sqlite:PATH" is the SQLite file PATH; anything else
 * is a data directory, whose SQLite file is DIR/wikid.sqlite.
 */
static const struct store_ops *resolve(const char *location, char **target)
{
	if (starts_with(location, "postgresql://") || starts_with(location, "postgres://")) {
		*target = xstrdup(location);
		return &store_pg_ops;
	}
	if (starts_with(location, "sqlite:")) {
		*target = xstrdup(location + strlen("sqlite:"));
		return &store_sqlite_ops;
	}
	size_t n = strlen(location) + sizeof("/wikid.sqlite");
	*target = xmalloc(n);
	snprintf(*target, n, "%s/wikid.sqlite", location);
	return &store_sqlite_ops;
}

/* Stop the background work of the current backend, if any. */
static void background_stop(void)
{
	if (g_ops && g_ops->background_stop)
		g_ops->background_stop();
}

/*
 * Called once from wiki_init() before the worker threads start; calling
 * it again (tests) replaces the location for connections opened later.
 */
int store_global_init(const char *location)
{
	if (!location || !*location || streq(location, "sqlite:"))
		return RC_INVALID;
	pthread_once(&g_key_once, make_key);
	background_stop();
	xfree(g_location);
	g_location = xstrdup(location);
	char *target;
	g_ops = resolve(location, &target);
	int rc = g_ops->background_start ? g_ops->background_start(target) : RC_OK;
	xfree(g_host);
	g_host = g_ops->host ? g_ops->host(target) : xstrdup("localhost");
	xfree(target);
	return rc;
}

/* The list is split here; the backend keeps copies. */
int store_global_replicas(const char *urls, double max_lag)
{
	char *copy = xstrdup(urls ? urls : "");
	const char *list[STORE_REPLICAS_MAX];
	size_t n = 0;
	int rc = RC_OK;
	for (char *save = NULL, *u = strtok_r(copy, " \t,", &save); u; u = strtok_r(NULL, " \t,", &save)) {
		if (n == STORE_REPLICAS_MAX) {
			rc = RC_INVALID;
			break;
		}
		list[n++] = u;
	}
	if (rc == RC_OK && n > 0 && (!g_ops || !g_ops->replicas))
		rc = RC_INVALID;
	if (rc == RC_OK && g_ops && g_ops->replicas) {
		char *target;
		resolve(g_location, &target);
		rc = g_ops->replicas(target, list, n, max_lag);
		xfree(target);
	}
	xfree(copy);
	return rc;
}

size_t store_replication_lag(struct store_lag *out, size_t cap)
{
	return g_ops && g_ops->lags ? g_ops->lags(out, cap) : 0;
}

void store_use_replica(struct store *st, uint64_t min_position)
{
	if (st->ops->use_replica)
		st->ops->use_replica(st, min_position);
}

uint64_t store_write_position(struct store *st)
{
	return st->ops->write_position ? st->ops->write_position(st) : 0;
}

/* Main-thread shutdown; workers' connections went with their threads. */
void store_global_shutdown(void)
{
	background_stop();
	g_ops = NULL;
	store_thread_close();
	xfree(g_location);
	g_location = NULL;
	xfree(g_host);
	g_host = NULL;
}

const char *store_primary_host(void)
{
	return g_host ? g_host : "localhost";
}

/*
 * Fast path is one thread-local load. The pthread key only exists so the
 * connection is closed when a worker thread exits.
 */
struct store *store_thread(void)
{
	if (t_store)
		return t_store;
	if (!g_location)
		BUG("store_thread() before store_global_init()");
	t_store = store_open(g_location);
	if (!t_store) {
		/* The reason was printed by store_open(). */
		fprintf(stderr, "wikid: store: no database connection for this thread; aborting\n");
		abort();
	}
	pthread_setspecific(g_key, t_store);
	return t_store;
}

/* Clearing the key value too keeps the destructor from closing it twice. */
void store_thread_close(void)
{
	if (!t_store)
		return;
	store_close(t_store);
	t_store = NULL;
	pthread_setspecific(g_key, NULL);
}

/* ---------- connections ---------- */

/* Initial number of cache buckets (a power of two; grows with the cache). */
#define CACHE_BUCKETS_MIN 64

/* The backend is chosen here and nowhere else, from the location's form. */
struct store *store_open(const char *location)
{
	struct store *st = xcalloc(1, sizeof(*st));
	char *target;
	st->ops = resolve(location, &target);
	int rc = st->ops->open(st, target);
	xfree(target);
	if (rc != RC_OK) {
		fprintf(stderr, "wikid: store: %s\n", st->errmsg);
		xfree(st);
		return NULL;
	}
	st->busy_ms = STORE_BUSY_TIMEOUT_MS;
	st->n_buckets = CACHE_BUCKETS_MIN;
	st->buckets = xcalloc(st->n_buckets, sizeof(*st->buckets));
	return st;
}

/* Remove `s` from the cache (it must be there) and finalize it. */
static void stmt_free(struct store *st, struct store_stmt *s)
{
	struct store_stmt **pp = &st->buckets[s->hash & (st->n_buckets - 1)];
	while (*pp != s)
		pp = &(*pp)->next;
	*pp = s->next;
	if (s->is_active)
		st->n_active--;
	st->ops->finalize(s->h);
	xfree(s->sql);
	xfree(s);
	st->n_stmts--;
}

/*
 * Statements first: SQLite refuses to close a connection that still has
 * prepared statements. An open transaction is rolled back, never committed.
 */
void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t b = 0; b < st->n_buckets; b++)
		while (st->buckets[b])
			stmt_free(st, st->buckets[b]);
	if (st->tx_depth > 0 || st->ops->in_tx(st))
		st->ops->rollback(st);
	st->ops->close(st);
	store_cache_free(st);
	xfree(st->buckets);
	xfree(st->zbuf);
	xfree(st);
}

/* Both the backend's own wait and store_begin()'s retry loop use busy_ms. */
void store_busy_timeout(struct store *st, int ms)
{
	st->busy_ms = ms < 0 ? 0 : ms;
	st->ops->busy_timeout(st, st->busy_ms);
}

const char *store_backend_name(const struct store *st)
{
	return st->ops->name;
}

const char *store_backend_version(const struct store *st)
{
	return st->ops->version(st);
}

bool store_disconnected(const struct store *st)
{
	return st->is_disconnected;
}

int store_tx_depth(const struct store *st)
{
	return st->tx_depth;
}

int64_t store_last_id(struct store *st)
{
	return st->ops->last_id(st);
}

int store_changes(struct store *st)
{
	return st->ops->changes(st);
}

/* ---------- statement cache ---------- */

/* FNV-1a over the NUL-terminated `s`; stores its length in *len. */
static uint64_t hash_sql(const char *s, size_t *len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	*len = (size_t)(p - (const unsigned char *)s);
	return h;
}

/* Double the bucket array and rehash (the load factor stays at most 1). */
static void cache_grow(struct store *st)
{
	size_t n = st->n_buckets * 2;
	struct store_stmt **nb = xcalloc(n, sizeof(*nb));
	for (size_t b = 0; b < st->n_buckets; b++) {
		struct store_stmt *s = st->buckets[b];
		while (s) {
			struct store_stmt *next = s->next;
			s->next = nb[s->hash & (n - 1)];
			nb[s->hash & (n - 1)] = s;
			s = next;
		}
	}
	xfree(st->buckets);
	st->buckets = nb;
	st->n_buckets = n;
}

/* Rewind `s` if it is mid-iteration, keeping n_active in step. */
static void stmt_reset(struct store_stmt *s)
{
	if (s->is_active) {
		s->is_active = false;
		s->st->n_active--;
	}
	s->st->ops->reset(s->h);
}

/* Reset every statement of `st` that is still stepping. */
static void reset_active(struct store *st)
{
	for (size_t b = 0; b < st->n_buckets && st->n_active > 0; b++)
		for (struct store_stmt *s = st->buckets[b]; s; s = s->next)
			if (s->is_active)
				stmt_reset(s);
}

/*
 * Hot path: hash the text, walk one short chain, reset and clear the hit.
 * Only a miss allocates (the statement and its key copy).
 */
struct store_stmt *store_prepare(struct store *st, const char *sql)
{
	size_t len;
	uint64_t h = hash_sql(sql, &len);
	struct store_stmt **bucket = &st->buckets[h & (st->n_buckets - 1)];

	st->tick++;
	for (struct store_stmt *s = *bucket; s; s = s->next) {
		if (s->hash == h && memcmp(s->sql, sql, len + 1) == 0) {
			stmt_reset(s);
			st->ops->clear(s->h);
			s->last_use = st->tick;
			return s;
		}
	}

	void *handle;
	if (st->ops->prepare(st, sql, len, &handle) != RC_OK)
		return NULL;
	struct store_stmt *s = xcalloc(1, sizeof(*s));
	s->st = st;
	s->h = handle;
	s->sql = xstrndup(sql, len);
	s->hash = h;
	s->last_use = st->tick;
	s->next = *bucket;
	*bucket = s;
	if (++st->n_stmts > st->n_buckets)
		cache_grow(st);
	return s;
}

/* Clearing the bindings drops copies of large bound texts right away. */
void store_stmt_done(struct store_stmt *stmt)
{
	if (!stmt)
		return;
	stmt_reset(stmt);
	stmt->st->ops->clear(stmt->h);
}

/*
 * Order matters: statements are reset before the snapshot or transaction
 * ends, since SQLite cannot commit while one of them is still reading.
 */
void store_idle(struct store *st)
{
	if (!st)
		return;
	reset_active(st);
	store_snapshot_end(st);
	if (st->ops->end_request)
		st->ops->end_request(st);
	if (st->tx_depth > 0) {
		fprintf(stderr, "wikid: store: transaction left open at end of request; "
				"rolled back\n");
		st->ops->rollback(st);
		st->tx_depth = 0;
		st->names_added = false;
		release_writer(st);
	}
	if (st->n_stmts <= STORE_STMT_CACHE_MAX)
		return;
	/*
	 * Keep what was prepared within the last MAX/2 prepares (at most
	 * MAX/2 statements by construction) and drop the rest: hot queries
	 * survive, one-off dynamic SQL goes.
	 */
	uint64_t keep_after = st->tick > STORE_STMT_CACHE_MAX / 2
				      ? st->tick - STORE_STMT_CACHE_MAX / 2 : 0;
	for (size_t b = 0; b < st->n_buckets; b++) {
		struct store_stmt *s = st->buckets[b];
		while (s) {
			struct store_stmt *next = s->next;
			if (s->last_use <= keep_after)
				stmt_free(st, s);
			s = next;
		}
	}
}

/* ---------- binding ---------- */

/* The bind wrappers only add the NULL-statement guard and NULL/length handling. */
int store_bind_int(struct store_stmt *stmt, int idx, int64_t v)
{
	if (!stmt)
		return RC_ERR;
	return stmt->st->ops->bind_int(stmt->st, stmt->h, idx, v);
}

int store_bind_double(struct store_stmt *stmt, int idx, double v)
{
	if (!stmt)
		return RC_ERR;
	return stmt->st->ops->bind_double(stmt->st, stmt->h, idx, v);
}

int store_bind_text(struct store_stmt *stmt, int idx, const char *p, size_t len)
{
	if (!stmt)
		return RC_ERR;
	if (!p)
		return stmt->st->ops->bind_null(stmt->st, stmt->h, idx);
	if (len == STORE_NTS)
		len = strlen(p);
	return stmt->st->ops->bind_text(stmt->st, stmt->h, idx, p, len);
}

int store_bind_blob(struct store_stmt *stmt, int idx, const void *p, size_t len)
{
	if (!stmt)
		return RC_ERR;
	if (!p && len > 0)
		return stmt->st->ops->bind_null(stmt->st, stmt->h, idx);
	return stmt->st->ops->bind_blob(stmt->st, stmt->h, idx, p, len);
}

int store_bind_null(struct store_stmt *stmt, int idx)
{
	if (!stmt)
		return RC_ERR;
	return stmt->st->ops->bind_null(stmt->st, stmt->h, idx);
}

/* One letter, one parameter, bound in order from index 1; stops at the first error. */
int store_vbindv(struct store_stmt *stmt, const char *fmt, va_list ap)
{
	if (!stmt)
		return RC_ERR;
	int rc = RC_OK;
	for (int idx = 1; *fmt && rc == RC_OK; fmt++, idx++) {
		switch (*fmt) {
		case 'i':
			rc = store_bind_int(stmt, idx, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = store_bind_int(stmt, idx, va_arg(ap, int));
			break;
		case 'f':
			rc = store_bind_double(stmt, idx, va_arg(ap, double));
			break;
		case 't':
			rc = store_bind_text(stmt, idx, va_arg(ap, const char *), STORE_NTS);
			break;
		case 's': {
			struct str s = va_arg(ap, struct str);
			/* An empty view with a NULL pointer is still the empty string. */
			rc = store_bind_text(stmt, idx, s.p ? s.p : "", s.len);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t len = va_arg(ap, size_t);
			rc = store_bind_blob(stmt, idx, p, len);
			break;
		}
		case 'n':
			rc = store_bind_null(stmt, idx);
			break;
		default:
			rc = store_set_error(stmt->st, RC_ERR, "store: bad bind letter '%c'", *fmt);
			break;
		}
	}
	return rc;
}

int store_bindv(struct store_stmt *stmt, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = store_vbindv(stmt, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---------- stepping and columns ---------- */

/* Keeps is_active and st->n_active in step with the backend's state. */
int store_step(struct store_stmt *stmt)
{
	if (!stmt)
		return RC_ERR;
	struct store *st = stmt->st;
	int rc = st->ops->step(st, stmt->h);
	if (rc == STORE_ROW) {
		if (!stmt->is_active) {
			stmt->is_active = true;
			st->n_active++;
		}
	} else if (stmt->is_active) {
		/* The backend has reset the statement after DONE or a failure. */
		stmt->is_active = false;
		st->n_active--;
	}
	return rc;
}

/* Column readers: thin, NULL-statement safe, no copies. */
int64_t store_col_int(struct store_stmt *stmt, int i)
{
	return stmt ? stmt->st->ops->col_int(stmt->h, i) : 0;
}

void store_col_ints(struct store_stmt *stmt, int first, int n, int64_t *out)
{
	if (stmt && stmt->st->ops->col_ints) {
		stmt->st->ops->col_ints(stmt->h, first, n, out);
		return;
	}
	for (int k = 0; k < n; k++)
		out[k] = store_col_int(stmt, first + k);
}

void store_col_row(struct store_stmt *stmt, int n_ints, int64_t *ints, int n_texts, const char **texts)
{
	if (stmt && stmt->st->ops->col_row) {
		stmt->st->ops->col_row(stmt->h, n_ints, ints, n_texts, texts);
		return;
	}
	store_col_ints(stmt, 0, n_ints, ints);
	for (int k = 0; k < n_texts; k++)
		texts[k] = store_col_text(stmt, n_ints + k);
}

double store_col_double(struct store_stmt *stmt, int i)
{
	return stmt ? stmt->st->ops->col_double(stmt->h, i) : 0.0;
}

const char *store_col_text(struct store_stmt *stmt, int i)
{
	return stmt ? stmt->st->ops->col_text(stmt->h, i) : "";
}

const void *store_col_blob(struct store_stmt *stmt, int i)
{
	return stmt ? stmt->st->ops->col_blob(stmt->h, i) : NULL;
}

size_t store_col_len(struct store_stmt *stmt, int i)
{
	return stmt ? stmt->st->ops->col_len(stmt->h, i) : 0;
}

bool store_col_is_null(struct store_stmt *stmt, int i)
{
	return stmt ? stmt->st->ops->col_is_null(stmt->h, i) : true;
}

struct str store_col_str(struct store_stmt *stmt, int i)
{
	/* Text first: in SQLite asking for the length first could convert twice. */
	const char *p = store_col_text(stmt, i);
	return (struct str){ p, store_col_len(stmt, i) };
}

char *store_col_dup(struct store_stmt *stmt, struct arena *a, int i)
{
	if (store_col_is_null(stmt, i))
		return NULL;
	const char *p = store_col_text(stmt, i);
	return arena_strndup(a, p, store_col_len(stmt, i));
}

int store_col_count(struct store_stmt *stmt)
{
	return stmt ? stmt->st->ops->col_count(stmt->h) : 0;
}

/* ---------- whole statements ---------- */

/* Not cached: DDL and maintenance scripts run once. */
int store_exec(struct store *st, const char *sql)
{
	return st->ops->exec(st, sql);
}

int store_bulk_writes(struct store *st, bool done)
{
	if (strcmp(store_backend_name(st), "postgresql") == 0)
		return store_exec(st, done ? "SET synchronous_commit = on" : "SET synchronous_commit = off");
	if (!done)
		return store_exec(st, "PRAGMA synchronous=NORMAL");
	int rc = store_exec(st, "PRAGMA synchronous=FULL");
	if (rc == RC_OK)
		rc = store_exec(st, "PRAGMA wal_checkpoint(FULL)");
	return rc;
}

/*
 * Prepare, bind and run `sql`, stepping through any rows (e.g. RETURNING)
 * so the statement always finishes; with `later`, a backend that can
 * queues it inside a write transaction instead (store_run_later()).
 */
static int vrun(struct store *st, bool later, const char *sql, const char *fmt, va_list ap)
{
	struct store_stmt *stmt = store_prepare(st, sql);
	if (!stmt)
		return RC_ERR;
	int rc = store_vbindv(stmt, fmt, ap);
	bool queued = false;
	if (later && rc == RC_OK && st->tx_depth > 0 && st->ops->defer)
		rc = st->ops->defer(st, stmt->h, &queued);
	while (rc == RC_OK && !queued) {
		int s = store_step(stmt);
		if (s == STORE_DONE)
			break;
		if (s != STORE_ROW)
			rc = s;
	}
	store_stmt_done(stmt);
	return rc;
}

int store_run(struct store *st, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vrun(st, false, sql, fmt, ap);
	va_end(ap);
	return rc;
}

int store_run_later(struct store *st, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vrun(st, true, sql, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * Shared part of the store_query_*() helpers: prepare, bind and step once.
 * Returns STORE_ROW with the statement positioned on the first row (the
 * caller reads it, then calls store_stmt_done()), RC_NOTFOUND, or a failure.
 */
static int query_first(struct store *st, struct store_stmt **out, const char *sql,
		       const char *fmt, va_list ap)
{
	struct store_stmt *stmt = store_prepare(st, sql);
	*out = stmt;
	if (!stmt)
		return RC_ERR;
	int rc = store_vbindv(stmt, fmt, ap);
	if (rc != RC_OK)
		return rc;
	rc = store_step(stmt);
	return rc == STORE_DONE ? RC_NOTFOUND : rc;
}

/* The statement is reset before returning, so no read stays open. */
int store_query_int(struct store *st, int64_t *out, const char *sql, const char *fmt, ...)
{
	struct store_stmt *stmt;
	va_list ap;
	va_start(ap, fmt);
	int rc = query_first(st, &stmt, sql, fmt, ap);
	va_end(ap);
	if (rc == STORE_ROW) {
		*out = store_col_int(stmt, 0);
		rc = RC_OK;
	}
	store_stmt_done(stmt);
	return rc;
}

/* As store_query_int(); the copy is made before the reset invalidates the row. */
int store_query_text(struct store *st, struct arena *a, char **out, const char *sql,
		     const char *fmt, ...)
{
	struct store_stmt *stmt;
	va_list ap;
	va_start(ap, fmt);
	int rc = query_first(st, &stmt, sql, fmt, ap);
	va_end(ap);
	if (rc == STORE_ROW) {
		*out = store_col_dup(stmt, a, 0);
		rc = RC_OK;
	}
	store_stmt_done(stmt);
	return rc;
}

/* ---------- transactions ---------- */

/* Run a savepoint command for nesting level `level` ("SAVEPOINT sp2"). */
static int savepoint(struct store *st, const char *verb, int level)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "%s sp%d", verb, level);
	return st->ops->exec(st, sql);
}

/* Sleep for `us` microseconds (between BEGIN retries). */
static void pause_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
	nanosleep(&ts, NULL);
}

/* The backend's read transaction; in_snapshot tracks it for store_begin(). */
int store_snapshot(struct store *st)
{
	if (st->in_snapshot || st->tx_depth > 0)
		return RC_OK;
	int rc = st->ops->read_begin(st);
	if (rc == RC_OK)
		st->in_snapshot = true;
	return rc;
}

/* Statements are reset first so the read transaction can end. */
void store_snapshot_end(struct store *st)
{
	if (!st->in_snapshot)
		return;
	reset_active(st);
	st->ops->read_end(st);
	st->in_snapshot = false;
}

/* Outermost: snapshot closed, reads reset, then the backend's write begin. */
/*
 * One writer at a time inside the process. SQLite admits one writer per
 * database anyway; waiting here on a mutex instead of in SQLite's busy
 * handler (which sleeps with growing back-off) keeps the tail latency of
 * concurrent saves low. Other processes still meet SQLite's own lock.
 */
static pthread_mutex_t writer_mutex = PTHREAD_MUTEX_INITIALIZER;

static int take_writer(struct store *st)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += st->busy_ms / 1000;
	until.tv_nsec += (long)(st->busy_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	if (pthread_mutex_timedlock(&writer_mutex, &until) != 0)
		return store_set_error(st, RC_BUSY, "store: another writer held the database too long");
	st->holds_writer = true;
	return RC_OK;
}

void store_writer_lock(void)
{
	pthread_mutex_lock(&writer_mutex);
}

void store_writer_unlock(void)
{
	pthread_mutex_unlock(&writer_mutex);
}

static void release_writer(struct store *st)
{
	if (st->holds_writer) {
		st->holds_writer = false;
		pthread_mutex_unlock(&writer_mutex);
	}
}

int store_begin(struct store *st)
{
	int rc;
	if (st->tx_depth > 0) {
		rc = savepoint(st, "SAVEPOINT", st->tx_depth + 1);
		if (rc == RC_OK)
			st->tx_depth++;
		return rc;
	}
	/* An open read would pin an old snapshot and make the upgrade fail. */
	store_snapshot_end(st);
	reset_active(st);
	/*
	 * The backend's busy handler already waits for the lock; this loop
	 * covers the cases where the database answers BUSY at once (SQLite:
	 * a WAL recovery in progress), within the same overall timeout.
	 */
	rc = take_writer(st);
	if (rc != RC_OK)
		return rc;
	int64_t deadline = util_mono_us() + (int64_t)st->busy_ms * 1000;
	for (;;) {
		rc = st->ops->begin(st);
		if (rc != RC_BUSY || util_mono_us() >= deadline)
			break;
		pause_us(1000);
	}
	if (rc == RC_OK)
		st->tx_depth = 1;
	else
		release_writer(st);
	return rc;
}

/*
 * Nested levels release their savepoint; the outermost commits. A failed
 * commit is rolled back so the connection is never left mid-transaction.
 */
int store_commit(struct store *st)
{
	int rc;
	if (st->tx_depth == 0)
		return store_set_error(st, RC_ERR, "store: commit without begin");
	if (!st->ops->in_tx(st)) {
		/* The database rolled back by itself after an error (I/O, full disk). */
		st->tx_depth = 0;
		st->names_added = false;
		release_writer(st);
		return store_set_error(st, RC_ERR, "store: transaction was rolled back by the "
						   "database after an earlier error");
	}
	if (st->tx_depth > 1) {
		rc = savepoint(st, "RELEASE SAVEPOINT", st->tx_depth);
		if (rc == RC_OK) {
			st->tx_depth--;
		} else {
			store_rollback(st);
		}
		return rc;
	}
	rc = st->ops->commit(st);
	if (rc != RC_OK && st->ops->in_tx(st))
		st->ops->rollback(st);
	st->tx_depth = 0;
	st->names_added = false;
	release_writer(st);
	return rc;
}

/* Harmless at depth 0, and when the database already rolled back by itself. */
int store_rollback(struct store *st)
{
	if (st->tx_depth == 0)
		return RC_OK;
	if (!st->ops->in_tx(st)) {
		st->tx_depth = 0;
		st->names_added = false;
		release_writer(st);
		return RC_OK;
	}
	int rc;
	if (st->tx_depth > 1) {
		rc = savepoint(st, "ROLLBACK TO SAVEPOINT", st->tx_depth);
		if (rc == RC_OK)
			rc = savepoint(st, "RELEASE SAVEPOINT", st->tx_depth);
		st->tx_depth--;
		return rc;
	}
	rc = st->ops->rollback(st);
	st->tx_depth = 0;
	st->names_added = false;
	release_writer(st);
	return rc;
}

/* ---------- migrations ---------- */

/* The table is sorted by version, so the last entry is the newest. */
int store_schema_latest(void)
{
	return store_n_migrations ? store_migrations[store_n_migrations - 1].version : 0;
}

/* Expects schema_migrations to exist (store_migrate() creates it). */
int store_schema_version(struct store *st, int *version)
{
	int64_t v = 0;
	int rc = store_query_int(st, &v, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
				 "");
	if (rc == RC_NOTFOUND)
		rc = RC_OK;
	if (rc == RC_OK)
		*version = (int)v;
	return rc;
}

/*
 * All pending migrations run in one write transaction: BEGIN IMMEDIATE
 * serializes two processes starting at once, and the second then finds
 * every version recorded and applies nothing.
 */
int store_migrate(struct store *st)
{
	int rc = store_begin(st);
	if (rc != RC_OK)
		return rc;
	/* Portable DDL; created inside the transaction so two starters cannot race. */
	rc = store_exec(st, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			    " version INTEGER PRIMARY KEY,"
			    " name TEXT NOT NULL,"
			    " applied_at TEXT NOT NULL)");
	int have = 0;
	if (rc == RC_OK)
		rc = store_schema_version(st, &have);
	char now[15];
	ts_format_mw(util_now(), now);
	for (size_t i = 0; i < store_n_migrations && rc == RC_OK; i++) {
		const struct store_migration *m = &store_migrations[i];
		if (m->version <= have)
			continue;
		/* A migration written for SQLite alone is translated for the other backend. */
		const char *sql = m->sql[st->ops->backend];
		char *made = NULL;
		if (!sql && st->ops->ddl && m->sql[STORE_SQLITE])
			sql = made = st->ops->ddl(m->sql[STORE_SQLITE]);
		if (!sql)
			BUG("migration %04d has no %s script", m->version, st->ops->name);
		rc = store_exec(st, sql);
		xfree(made);
		if (rc != RC_OK) {
			char why[STORE_ERRMSG_MAX];
			memcpy(why, st->errmsg, sizeof(why));
			store_set_error(st, rc, "migration %04d (%s): %s", m->version, m->name, why);
			break;
		}
		rc = store_run(st, "INSERT INTO schema_migrations (version, name, applied_at) "
				   "VALUES (?, ?, ?)", "dtt", m->version, m->name, now);
	}
	if (rc == RC_OK)
		return store_commit(st);
	store_rollback(st);
	return rc;
}

/* ---------- content blobs ---------- */

/* One-shot SHA1() is not deprecated in OpenSSL 3, unlike SHA1_Init(). */
void store_sha1_hex(const void *data, size_t len, char out[41])
{
	unsigned char md[SHA_DIGEST_LENGTH];
	SHA1(data, len, md);
	util_hex(md, sizeof(md), out);
}

/* Base 36 of a 20-byte big-endian number, 31 digits zero-padded. */
static void base36(const unsigned char md[SHA_DIGEST_LENGTH], char out[32])
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	unsigned char n[SHA_DIGEST_LENGTH];
	memcpy(n, md, sizeof(n));
	/*
	 * 36^31 > 2^160, so 31 digits always suffice. Each pass divides the
	 * whole number by 36 (schoolbook long division) and emits the
	 * remainder as the next digit from the right.
	 */
	for (int pos = 30; pos >= 0; pos--) {
		unsigned rem = 0;
		for (size_t i = 0; i < sizeof(n); i++) {
			unsigned cur = (rem << 8) | n[i];
			n[i] = (unsigned char)(cur / 36);
			rem = cur % 36;
		}
		out[pos] = digits[rem];
	}
	out[31] = '\0';
}

/* MediaWiki's Wikimedia\base_convert(sha1, 16, 36, 31) result. */
void store_sha1_base36(const void *data, size_t len, char out[32])
{
	unsigned char md[SHA_DIGEST_LENGTH];
	SHA1(data, len, md);
	base36(md, out);
}

/*
 * zlib level for stored texts. 3 is the fastest level that still uses
 * longest-match search worth having on wikitext; deflate runs on the save
 * path, where the p99 target is 20 ms, so speed beats the last few
 * percent of ratio that levels 6-9 would give.
 */
#define STORE_COMPRESS_LEVEL 3

/*
 * Largest text store_blob_get() will inflate (bytes). Revisions are capped
 * far lower by the wiki ($wgMaxArticleSize is 2 MiB); this only guards
 * against a corrupt old_len making us allocate without bound.
 */
#define STORE_BLOB_MAX ((size_t)256 * 1024 * 1024)

/*
 * Deflate `len` bytes into *buf (raw DEFLATE, no zlib header, like PHP's
 * gzdeflate), which is grown (xrealloc) to *cap bytes when too small.
 * Returns the compressed size, or 0 when compression failed or would not
 * make the text smaller.
 */
static size_t deflate_buf(const char *data, size_t len, unsigned char **buf, size_t *cap)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, STORE_COMPRESS_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	size_t bound = deflateBound(&z, len);
	if (bound > *cap) {
		xfree(*buf);
		*buf = xmalloc(bound);
		*cap = bound;
	}
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)len;
	z.next_out = *buf;
	z.avail_out = (uInt)bound;
	int zrc = deflate(&z, Z_FINISH);
	size_t out = z.total_out;
	deflateEnd(&z);
	if (zrc != Z_STREAM_END || out >= len)
		return 0;
	return out;
}

/* Hash `data` into `t` (both forms) and point it at the text; nothing compressed yet. */
static void text_hash(struct store_text *t, const char *data, size_t len)
{
	unsigned char md[SHA_DIGEST_LENGTH];
	SHA1((const unsigned char *)data, len, md);
	util_hex(md, sizeof(md), t->sha1_hex);
	base36(md, t->sha1);
	t->data = data;
	t->len = len;
	t->z = NULL;
	t->zlen = 0;
}

/* deflate's stream lengths are 32-bit: larger texts are stored as they are. */
static bool worth_deflating(size_t len)
{
	return len >= STORE_COMPRESS_MIN && len < UINT32_MAX / 2;
}

void store_text_prepare(struct store_text *t, const char *data, size_t len)
{
	text_hash(t, data, len);
	t->zcap = 0;
	if (worth_deflating(len)) {
		t->zlen = deflate_buf(data, len, &t->z, &t->zcap);
		if (!t->zlen) {
			xfree(t->z);
			t->z = NULL;
			t->zcap = 0;
		}
	}
}

void store_text_release(struct store_text *t)
{
	if (t->zcap)
		xfree(t->z);
	t->z = NULL;
	t->zlen = t->zcap = 0;
}

/* `t` for `data`, compressed into the connection's buffer (valid until its next use). */
static void text_prepare_here(struct store *st, struct store_text *t, const char *data, size_t len)
{
	text_hash(t, data, len);
	t->zcap = 0;
	if (worth_deflating(len)) {
		t->zlen = deflate_buf(data, len, &st->zbuf, &st->zcap);
		if (t->zlen)
			t->z = st->zbuf;
	}
}

/*
 * store_blob_put() of the prepared text `t`, and whether the row is new
 * (*is_new). The INSERT goes first, without a SELECT before it: a new
 * text (every edit's) costs one statement, one round trip to a database
 * server; a text stored before (a revert) costs the INSERT that changes
 * nothing and the SELECT.
 */
static int blob_put(struct store *st, const struct store_text *t, int64_t *blob_id, bool *is_new)
{
	*is_new = false;
	struct store_stmt *stmt = store_prepare(st,
		"INSERT INTO text (old_text, old_flags, old_sha1, old_len) VALUES (?, ?, ?, ?) "
		"ON CONFLICT (old_sha1) DO NOTHING");
	int rc;
	if (t->zlen > 0)
		rc = store_bindv(stmt, "btti", (const void *)t->z, t->zlen, "utf-8,gzip", t->sha1_hex,
				 (int64_t)t->len);
	else
		rc = store_bindv(stmt, "btti", (const void *)t->data, t->len, "utf-8", t->sha1_hex,
				 (int64_t)t->len);
	if (rc == RC_OK) {
		rc = store_step(stmt);
		rc = rc == STORE_DONE ? RC_OK : rc;
	}
	store_stmt_done(stmt);
	if (rc != RC_OK)
		return rc;
	if (store_changes(st) == 1) {
		*blob_id = store_last_id(st);
		*is_new = true;
		return RC_OK;
	}
	/* Already stored (by us or by another connection): share the row. */
	return store_query_int(st, blob_id, "SELECT old_id FROM text WHERE old_sha1 = ?", "t",
			       t->sha1_hex);
}

int store_blob_put(struct store *st, const char *data, size_t len, int64_t *blob_id)
{
	bool is_new;
	struct store_text t;
	text_prepare_here(st, &t, data, len);
	return blob_put(st, &t, blob_id, &is_new);
}

/* True when the comma-separated `flags` contain the flag `name`. */
static bool has_flag(const char *flags, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = flags; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, name, n) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* Inflate raw DEFLATE `in` into exactly `len` bytes at `out`. */
static int inflate_exact(const void *in, size_t in_len, char *out, size_t len)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, -15) != Z_OK)
		return RC_ERR;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)in_len;
	z.next_out = (unsigned char *)out;
	z.avail_out = (uInt)len;
	int zrc = inflate(&z, Z_FINISH);
	size_t got = z.total_out;
	inflateEnd(&z);
	return zrc == Z_STREAM_END && got == len ? RC_OK : RC_ERR;
}

/*
 * Inflate or copy the text of the current row of `stmt`, whose columns
 * `col`, col+1, col+2 are old_text, old_flags and old_len, into `a`. The
 * row's old_len gives the exact output size, so inflation needs one arena
 * allocation and no growing buffer. `blob_id` names the row in errors.
 */
static int blob_from_row(struct store *st, struct store_stmt *stmt, int col, int64_t blob_id,
			 struct arena *a, const char **data, size_t *len)
{
	const void *raw = store_col_blob(stmt, col);
	size_t raw_len = store_col_len(stmt, col);
	const char *flags = store_col_text(stmt, col + 1);
	int64_t want = store_col_int(stmt, col + 2);
	char *buf;
	int rc = RC_OK;
	if (has_flag(flags, "gzip")) {
		if (want < 0 || (size_t)want > STORE_BLOB_MAX || raw_len >= UINT32_MAX)
			return store_set_error(st, RC_ERR, "store: text row %lld has a bad length",
					       (long long)blob_id);
		buf = arena_alloc(a, (size_t)want + 1);
		rc = inflate_exact(raw, raw_len, buf, (size_t)want);
		if (rc != RC_OK)
			store_set_error(st, RC_ERR, "store: text row %lld does not inflate", (long long)blob_id);
		buf[want] = '\0';
		*data = buf;
		*len = (size_t)want;
	} else {
		buf = arena_alloc(a, raw_len + 1);
		if (raw_len)
			memcpy(buf, raw, raw_len);
		buf[raw_len] = '\0';
		*data = buf;
		*len = raw_len;
	}
	return rc;
}

int store_blob_get(struct store *st, struct arena *a, int64_t blob_id, const char **data,
		   size_t *len)
{
	struct store_stmt *stmt = store_prepare(st,
		"SELECT old_text, old_flags, old_len FROM text WHERE old_id = ?");
	store_bind_int(stmt, 1, blob_id);
	int rc = store_step(stmt);
	if (rc != STORE_ROW) {
		store_stmt_done(stmt);
		return rc == STORE_DONE ? RC_NOTFOUND : rc;
	}
	rc = blob_from_row(st, stmt, 0, blob_id, a, data, len);
	store_stmt_done(stmt);
	return rc;
}

/*
 * Get-or-add in a MediaWiki name table (content_models, slot_roles). An
 * id read is kept on the connection (a query less per edit), unless this
 * transaction added a row to a name table: that row may yet be rolled
 * back, and then its id would be wrong.
 */
static int name_id(struct store *st, const char *select, const char *insert, const char *name,
		   int64_t *id)
{
	for (size_t i = 0; i < st->n_names; i++)
		if (st->names[i].table == select && streq(st->names[i].name, name)) {
			*id = st->names[i].id;
			return RC_OK;
		}
	int rc = store_query_int(st, id, select, "t", name);
	if (rc == RC_OK && !st->names_added && st->n_names < STORE_NAMES_MAX &&
	    strlen(name) < sizeof(st->names[0].name)) {
		struct store_name_id *n = &st->names[st->n_names++];
		n->table = select;
		snprintf(n->name, sizeof(n->name), "%s", name);
		n->id = *id;
	}
	if (rc != RC_NOTFOUND)
		return rc;
	if (st->tx_depth > 0)
		st->names_added = true;
	rc = store_run(st, insert, "t", name);
	if (rc == RC_OK)
		rc = store_query_int(st, id, select, "t", name);
	return rc;
}

/* The ids are kept per connection, and only committed ones (name_id()). */
int store_model_id(struct store *st, const char *name, int64_t *id)
{
	return name_id(st, "SELECT model_id FROM content_models WHERE model_name = ?",
		       "INSERT INTO content_models (model_name) VALUES (?) "
		       "ON CONFLICT (model_name) DO NOTHING",
		       name, id);
}

int store_role_id(struct store *st, const char *name, int64_t *id)
{
	return name_id(st, "SELECT role_id FROM slot_roles WHERE role_name = ?",
		       "INSERT INTO slot_roles (role_name) VALUES (?) "
		       "ON CONFLICT (role_name) DO NOTHING",
		       name, id);
}

/*
 * Blob first (shared by every model), then the content row that names
 * the model, size and base-36 hash MediaWiki's API reports.
 */
int store_content_put_text(struct store *st, const char *model, const struct store_text *t, int64_t *content_id)
{
	int64_t model_id, blob_id;
	bool new_blob = false;
	int rc = store_model_id(st, model, &model_id);
	if (rc == RC_OK)
		rc = blob_put(st, t, &blob_id, &new_blob);
	if (rc != RC_OK)
		return rc;

	/* MediaWiki's content address for a row of the text table. */
	char address[32];
	snprintf(address, sizeof(address), "tt:%lld", (long long)blob_id);

	/*
	 * A content row names its text row, and text rows are never deleted
	 * nor their ids reused (AUTOINCREMENT, a sequence): a text row this
	 * statement added has no content row yet, so the lookup is skipped.
	 */
	if (!new_blob) {
		rc = store_query_int(st, content_id,
				     "SELECT content_id FROM content WHERE content_sha1 = ? "
				     "AND content_model = ? AND content_address = ?",
				     "tit", t->sha1, model_id, address);
		if (rc != RC_NOTFOUND)
			return rc;
	}
	rc = store_run(st, "INSERT INTO content (content_size, content_sha1, content_model, "
			   "content_address) VALUES (?, ?, ?, ?)",
		       "itit", (int64_t)t->len, t->sha1, model_id, address);
	if (rc == RC_OK)
		*content_id = store_last_id(st);
	return rc;
}

int store_content_put(struct store *st, const char *model, const char *data, size_t len,
		      int64_t *content_id)
{
	struct store_text t;
	text_prepare_here(st, &t, data, len);
	return store_content_put_text(st, model, &t, content_id);
}

/*
 * Only "tt:<id>" addresses exist; external stores are not supported. The
 * content row, its model and its text come in one query (one round trip
 * to a database server): the text row is joined on the id its address
 * names.
 */
/*
 * The content row at column `col` of `stmt`'s row (content_address,
 * model_name, old_text, old_flags, old_len, old_id) decoded into `a`, and
 * kept in the connection's cache.
 */
static int content_from_row(struct store *st, struct store_stmt *stmt, int col, int64_t content_id,
			    struct arena *a, const char **data, size_t *len, const char **model)
{
	const char *address = store_col_text(stmt, col);
	long long blob_id;
	int rc = RC_OK;
	if (strncmp(address, "tt:", 3) != 0 || util_parse_ll(address + 3, &blob_id) != RC_OK)
		rc = store_set_error(st, RC_ERR, "store: content %lld has an unknown address %s",
				     (long long)content_id, address);
	else if (store_col_is_null(stmt, col + 5))
		rc = RC_NOTFOUND;
	if (rc == RC_OK)
		rc = blob_from_row(st, stmt, col + 2, blob_id, a, data, len);
	if (rc == RC_OK) {
		store_cache_content_put(st, content_id, *data, *len, store_col_text(stmt, col + 1));
		if (model)
			*model = store_col_dup(stmt, a, col + 1);
	}
	return rc;
}

/* The columns content_from_row() reads, and the joins that give them. */
#define CONTENT_COLS "content_address, model_name, old_text, old_flags, old_len, old_id"
#define CONTENT_JOINS \
	" JOIN content_models ON model_id = content_model" \
	" LEFT JOIN text ON old_id = CASE WHEN SUBSTR(content_address, 1, 3) = 'tt:'" \
	" THEN CAST(SUBSTR(content_address, 4) AS INTEGER) END"

int store_content_get(struct store *st, struct arena *a, int64_t content_id,
		      const char **data, size_t *len, const char **model)
{
	if (store_cache_content_get(st, a, content_id, data, len, model))
		return RC_OK;
	struct store_stmt *stmt = store_prepare(st, "SELECT " CONTENT_COLS " FROM content" CONTENT_JOINS
						    " WHERE content_id = ?");
	store_bind_int(stmt, 1, content_id);
	int rc = store_step(stmt);
	if (rc != STORE_ROW) {
		store_stmt_done(stmt);
		return rc == STORE_DONE ? RC_NOTFOUND : rc;
	}
	rc = content_from_row(st, stmt, 0, content_id, a, data, len, model);
	store_stmt_done(stmt);
	return rc;
}

/*
 * What store_slots_get() and store_content_get() give for the first slot,
 * in one query (one round trip to a database server) when the revision's
 * slots are not cached: an edit reads the text it changes this way.
 */
int store_rev_text(struct store *st, struct arena *a, int64_t rev_id, const char **data, size_t *len,
		   const char **model)
{
	if (store_cache_slots_known(st, rev_id)) {
		struct store_slot slot;
		size_t n;
		int rc = store_slots_get(st, a, rev_id, &slot, 1, &n);
		if (rc != RC_OK)
			return rc;
		return n ? store_content_get(st, a, slot.content_id, data, len, model) : RC_NOTFOUND;
	}
	struct store_stmt *stmt = store_prepare(st, "SELECT slot_content_id, " CONTENT_COLS " FROM slots"
						    " JOIN content ON content_id = slot_content_id" CONTENT_JOINS
						    " WHERE slot_revision_id = ? ORDER BY slot_role_id LIMIT 1");
	store_bind_int(stmt, 1, rev_id);
	int rc = store_step(stmt);
	if (rc != STORE_ROW) {
		store_stmt_done(stmt);
		return rc == STORE_DONE ? RC_NOTFOUND : rc;
	}
	int64_t content_id = store_col_int(stmt, 0);
	if (store_cache_content_get(st, a, content_id, data, len, model))
		rc = RC_OK;
	else
		rc = content_from_row(st, stmt, 1, content_id, a, data, len, model);
	store_stmt_done(stmt);
	return rc;
}

int store_rev_text_row(struct store *st, struct store_stmt *stmt, int col, struct arena *a, const char **data,
		       size_t *len, const char **model)
{
	if (store_col_is_null(stmt, col))
		return RC_NOTFOUND;
	int64_t content_id = store_col_int(stmt, col);
	if (store_cache_content_get(st, a, content_id, data, len, model))
		return RC_OK;
	return content_from_row(st, stmt, col + 1, content_id, a, data, len, model);
}
