/* SPDX-License-Identifier: MIT */
/*
 * postgres.c — the PostgreSQL backend of store.h, on libpq. Each struct
 * store holds one connection to the primary (one per worker thread, as
 * with SQLite) and, when read replicas are configured, one to a replica.
 * The portable SQL of the callers is adapted here, once per statement:
 *
 *   placeholders   `?` and `?N` become `$N` (pg_sql.c);
 *   preparation    lazy, at the first step on a connection, so the types
 *                  of the bound values are known: the server infers each
 *                  parameter's type from the statement, and only where it
 *                  cannot (`SELECT ?`, `? IS NULL`) are the bound types
 *                  given. Text and blobs travel in binary (raw bytes, no
 *                  escaping), numbers as text;
 *   new ids        an INSERT into a table with a serial column gets
 *                  `RETURNING <that column>` appended, which feeds
 *                  store_last_id() without a round trip; an INSERT that
 *                  sets the serial column itself moves the sequence past
 *                  the new value, so later ids never collide with it;
 *   results        in text form; bytea columns are decoded from hex when
 *                  read, booleans read as 1/0;
 *   literals       a SELECT whose result list mixes literals ('', 0,
 *                  NULL: columns a caller does not need this time) with
 *                  real columns goes to the server without them, and
 *                  their values are answered here (pg_sql.c): the server
 *                  neither projects nor prints them for every row.
 *
 * Transactions give callers what SQLite gives them. A write transaction
 * (store_begin) takes a transaction-scoped advisory lock, so writers are
 * serialized across every wikid process on the database as SQLite's
 * BEGIN IMMEDIATE serializes them; inside it READ COMMITTED lets each
 * statement see everything committed before the lock was granted. A read
 * snapshot (store_snapshot) is a REPEATABLE READ block begun lazily with
 * the first statement: BEGIN (the session's default isolation is
 * REPEATABLE READ) and the read go out together in pipeline mode, without
 * the Sync that would make the server answer again, and the block keeps
 * that read's snapshot. A second statement goes with a Sync, which ends
 * pipeline mode (then savepoints and the synchronous calls work as in any
 * block), and the block ends with COMMIT. Most read requests run one
 * statement, and their block is left open at the end of the request: the
 * next request's first read ends it with COMMIT AND CHAIN sent in the
 * same write as itself, so a read request wakes the server once (see
 * hold(); an idle connection's block is committed by the flusher thread
 * after PG_HOLD_MS). A write outside store_begin ends the snapshot
 * first and runs in a READ COMMITTED transaction of its own (BEGIN, the
 * statement, COMMIT: one round trip), so it never meets a serialization
 * failure. After any failure inside a transaction PostgreSQL refuses
 * further statements until the rollback, which the callers already do.
 *
 * Replicas (MediaWiki's load balancer, simplified): a monitor thread
 * measures every replica's lag and replay position each
 * PG_MONITOR_INTERVAL_MS. A request that store_use_replica() allows sends
 * its reads to this connection's replica while that replica is up, lags
 * at most the configured limit and has replayed the position the client
 * last wrote (chronology protection); the first write of the request,
 * and everything after it, goes to the primary. A read that fails on the
 * replica is retried on the primary.
 *
 * A lost primary connection fails the statement in flight
 * (store_disconnected() then says so, for the API's DBConnectionError);
 * the next statement reconnects, and statements are prepared again on
 * the new session. This is the only file that includes libpq's header.
 */
#include <libpq-fe.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>

#include "store_int.h"

/* Built-in type OIDs (catalog/pg_type.h is a server header; these never change). */
enum {
	OID_BOOL = 16,      /* boolean */
	OID_BYTEA = 17,     /* bytea */
	OID_NAME = 19,      /* name */
	OID_INT8 = 20,      /* bigint */
	OID_INT2 = 21,      /* smallint */
	OID_INT4 = 23,      /* integer */
	OID_TEXT = 25,      /* text */
	OID_FLOAT4 = 700,   /* real */
	OID_FLOAT8 = 701,   /* double precision */
	OID_BPCHAR = 1042,  /* char(n) */
	OID_VARCHAR = 1043, /* varchar(n) */
	OID_NUMERIC = 1700, /* numeric */
};

/*
 * Key of the advisory lock every write transaction holds (an arbitrary
 * 64-bit constant: "wikid" in ASCII). Only wikid takes it.
 */
#define PG_WRITER_LOCK "512852896100"

/* How often the monitor measures the replicas' lag (ms). */
#define PG_MONITOR_INTERVAL_MS 1000

/*
 * How long a connection may keep the last request's read transaction
 * open while no request comes (ms; see hold()): then the flusher thread
 * commits it, so that an idle worker holds no snapshot and no table lock.
 */
#define PG_HOLD_MS 20

/* Rounds of PG_HOLD_MS without a held connection before the flusher sleeps until woken. */
#define PG_FLUSHER_IDLE 50


/* Statements finalized before their names are sent to DEALLOCATE in one go. */
#define PG_DEALLOC_BATCH 32

/*
 * Writes store_run_later() may leave unanswered on a connection before
 * their answers are read: each answer is a few bytes, so this many never
 * fill the socket buffers and stall the server while it waits for us.
 */
#define PG_DEFER_MAX 64

/* Which connection of a struct store. */
enum {
	ON_PRIMARY = 0, /* the primary: every write, and reads by default */
	ON_REPLICA = 1, /* the read replica of this connection */
	N_CONNS = 2,    /* number of connections a statement may be prepared on */
};

/* One bound parameter, owned by its statement. */
struct pgparam {
	char kind;      /* 'i' int, 'f' double, 't' text, 'b' blob, 'n' NULL (also unbound) */
	char *buf;      /* text or blob bytes (owned, grown as needed) */
	size_t len;     /* bytes in buf, or in num */
	size_t cap;     /* bytes allocated for buf */
	char num[32];   /* an int or double written out as text */
};

/* One statement (the backend handle `h` of struct store_stmt). */
struct pgstmt {
	struct store *st;      /* owning connection */
	char *sql;             /* the SQL with $N placeholders (owned) */
	char name[24];         /* server-side name, "w<number>", the same on both connections */
	unsigned gen[N_CONNS]; /* connection generation it is prepared in; 0 = not prepared */
	int n_params;          /* highest placeholder number */
	struct pgparam *p;     /* n_params bindings */
	Oid *types;            /* parameter types the server settled on (n_params) */
	bool is_insert;        /* an INSERT: new ids and change counts */
	bool is_write;         /* INSERT, UPDATE or DELETE: change counts, primary only */
	bool has_returning;    /* the caller's SQL has its own RETURNING */
	bool looked_up;        /* the serial column of an INSERT's table was looked up */
	bool returns_id;       /* we appended RETURNING <serial column> */
	char *seq_fix;         /* after an INSERT that sets the serial column: SQL moving the sequence */
	PGresult *res;         /* result of the current execution, NULL when reset */
	int row;               /* current row, -1 before the first */
	int n_rows;            /* rows in res (0 for an INSERT whose ids we consumed) */
	char **cell;           /* decoded bytea per column of the current row (owned buffers) */
	size_t *cell_len;      /* decoded length per column */
	size_t *cell_cap;      /* allocated bytes per cell buffer */
	int *cell_row;         /* row each cell was decoded for, -1 none */
	int n_cells;           /* columns the cell arrays are sized for */
	int n_cols;            /* columns of the caller's result when the SQL was made lean; 0 when not */
	int *col_at;           /* per caller column: the server's column, or -1 - k for literal k (n_cols entries) */
	struct store_pg_const *lit; /* the literals left out (n_lit, store_pg_lean_select()) */
	int n_lit;             /* entries in lit */
	signed char *shift;    /* per caller column: its bits in a packed server column, -1 not packed; NULL none */
	uint64_t *mask;        /* per caller column: the mask of its bits once shifted (with shift) */
	bool zero_null;        /* packed integers went out as NULLIF(..., 0): their NULL reads as 0 (pg_sql.c) */
	char (*small_txt)[12]; /* per caller column: a packed value written out for op_col_text() */
	int nf;                /* columns of res (0 without one) */
	Oid *ftype;            /* their types, read once per result: the column readers run for every value */
	int cap_ftype;         /* entries allocated in ftype */
};

/* One libpq connection of a struct store. */
struct pgconn {
	PGconn *conn;          /* NULL when not connected (a replica not used yet) */
	unsigned gen;          /* counts (re)connects; statements remember theirs */
	bool in_snap;          /* the read snapshot's transaction is open here */
	bool implicit;         /* ... still in pipeline mode, no Sync sent since its BEGIN (see the header) */
	bool owe_commit;       /* the last request's snapshot is still open in pipeline mode; its COMMIT is owed */
	bool pending;          /* the snapshot's COMMIT or Sync was sent and its answer not read yet */
	/* Shared with the flusher thread, under g_hold.mu (see hold()): */
	bool held;             /* the worker left the snapshot open; the flusher may commit it */
	bool flushed;          /* the flusher sent its COMMIT and Sync; the answers are not read yet */
	int64_t held_at;       /* when it was left (ms, CLOCK_MONOTONIC) */
	int deferred;          /* writes sent in pipeline mode whose answers are not read yet (store_run_later()) */
	bool begin_ahead;      /* the first two of them are a write transaction's BEGIN and lock (op_begin()) */
	bool retry_begin;      /* ... which failed as the server had forgotten them (26000): begin again */
	unsigned snap_gen;     /* session (gen) in which the transaction commands (tx_sql[]) are prepared; 0 = none */
	char **dealloc;        /* names of finalized statements still prepared here */
	size_t n_dealloc;      /* entries in dealloc */
	size_t cap_dealloc;    /* allocated entries in dealloc */
};

/* The connection (st->db). */
struct pgdb {
	struct pgconn c[N_CONNS]; /* the primary and the replica */
	char *conninfo;        /* the primary's URL, for reconnecting (owned) */
	int replica;           /* index into the monitor's replicas, -1 when there are none */
	uint64_t replica_failed; /* the replica's sample count when it last failed here (see drop_replica()) */
	bool route_reads;      /* store_use_replica() allowed replica reads for this request */
	bool wrote;            /* the primary wrote since the last request ended */
	bool lost;             /* the primary connection was lost during this request */
	unsigned next_name;    /* numbers server-side statement names */
	int64_t last_id;       /* id returned by the last INSERT into a serial table */
	int changes;           /* rows changed by the last INSERT/UPDATE/DELETE */
	bool snap_wanted;      /* store_snapshot() asked for a read snapshot */
	bool maybe_held;       /* a connection was left to the flusher (hold()); own() takes it back */
	int lock_ms;           /* lock_timeout to apply (ms) */
};

/* A configured read replica, as the monitor sees it. */
struct replica {
	char *url;             /* connection URL (owned) */
	char *name;            /* host[:port] for siteinfo and maxlag (owned) */
	PGconn *mon;           /* the monitor's connection, NULL when down */
	double lag;            /* seconds behind the primary; -1 when unknown or down */
	uint64_t replayed;     /* WAL position replayed */
	uint64_t n_samples;    /* measurements begun since start; the one in progress included */
	uint64_t ok_sample;    /* number of the last measurement that reached the replica (0: none) */
};

/* Replicas and their monitor (one per process). */
static struct {
	pthread_mutex_t mu;    /* guards everything below */
	pthread_cond_t cv;     /* wakes the monitor to stop */
	pthread_t thread;      /* the monitor */
	bool running;          /* thread started and not yet stopped */
	bool stop;             /* the thread should exit */
	char *primary;         /* the primary's URL, for its WAL position (owned) */
	PGconn *mon_primary;   /* the monitor's connection to the primary */
	struct replica r[STORE_REPLICAS_MAX]; /* the replicas, n of them */
	size_t n;              /* configured replicas */
	unsigned next;         /* round robin: the replica the next connection reads from */
	double max_lag;        /* a replica lagging more serves no reads (seconds) */
} g_rep = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static int run_simple(struct store *st, struct pgconn *c, const char *sql);
static int upgrade(struct store *st, struct pgconn *c);
static int drain(struct store *st, struct pgconn *c, const char *then);
static void check_tx_lost(struct pgconn *c, const PGresult *res);
static int begin_now(struct store *st, struct pgconn *c);
static inline void own(struct pgdb *db);

/* ---------- errors ---------- */

/* True when `state` (a SQLSTATE) means the connection is gone. */
static bool state_is_lost(const char *state)
{
	/* 08: connection exception; 57P01-3: the server shut down or is starting. */
	return state && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
			 strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0);
}

/* Map a SQLSTATE to RC_*. */
static int map_state(const char *state)
{
	if (!state)
		return RC_ERR;
	if (strncmp(state, "23", 2) == 0)
		return RC_CONFLICT; /* integrity constraint violation */
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
		return RC_BUSY;     /* serialization failure, deadlock, lock timeout */
	if (strncmp(state, "54", 2) == 0)
		return RC_TOOBIG;   /* program limit exceeded */
	return RC_ERR;
}

/*
 * Record the failure of `res` on connection `c` (res may be NULL: no
 * memory or no connection) and return its RC_*. A lost primary
 * connection is noted for store_disconnected().
 */
static int fail(struct store *st, struct pgconn *c, const PGresult *res, const char *what)
{
	struct pgdb *db = st->db;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : "";
	if (!*msg)
		msg = c->conn ? PQerrorMessage(c->conn) : "no connection";
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	bool lost = !c->conn || PQstatus(c->conn) != CONNECTION_OK || state_is_lost(state);
	if (c == &db->c[ON_PRIMARY]) {
		st->is_disconnected = lost;
		db->lost = db->lost || lost;
	}
	return store_set_error(st, lost ? RC_ERR : map_state(state), "postgresql: %s: %.*s%s%s", what,
			       (int)n, msg, state ? " SQLSTATE " : "", state ? state : "");
}

/* ---------- connecting ---------- */

/*
 * Session settings every connection needs: UTF-8, UTC, no notices (the
 * "already exists, skipping" of CREATE ... IF NOT EXISTS), REPEATABLE
 * READ as the isolation of transactions begun without a BEGIN that names
 * one (the read snapshots: see the header), and how long a lock may be
 * waited for. Returns RC_OK or the failure.
 */
static int setup_session(struct store *st, struct pgconn *c)
{
	struct pgdb *db = st->db;
	char sql[300];
	snprintf(sql, sizeof(sql), "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; "
		 "SET standard_conforming_strings = on; SET client_min_messages = warning; "
		 "SET default_transaction_isolation = 'repeatable read'; SET lock_timeout = %d", db->lock_ms);
	return run_simple(st, c, sql);
}

/*
 * The transaction commands sent around statements in pipelines: their
 * text and server-side names. Every read request and every write outside
 * store_begin() sends some of them, so they are prepared once per
 * session (tx_prepared()) and the server does not parse them each time.
 */
enum {
	TX_NONE = 0,  /* no command */
	TX_BEGIN,     /* a read snapshot's block (isolation: the session's default, REPEATABLE READ) */
	TX_BEGIN_RC,  /* a write's own READ COMMITTED transaction */
	TX_COMMIT,    /* ends either */
	TX_LOCK,      /* the writers' advisory lock of a store_begin() transaction */
	TX_CHAIN,     /* ends the last request's snapshot and begins the next one's (see hold()) */
	TX_N,         /* number of entries */
};
static const char *const tx_sql[TX_N] = { NULL, "BEGIN", "BEGIN ISOLATION LEVEL READ COMMITTED", "COMMIT",
					  "SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")", "COMMIT AND CHAIN" };
static const char *const tx_name[TX_N] = { NULL, "wikid_tx_begin", "wikid_tx_begin_rc", "wikid_tx_commit",
					   "wikid_tx_lock", "wikid_tx_chain" };

static bool send_tx(struct pgconn *c, int tx);

/*
 * Read the answer to the COMMIT or Sync that ended the last read
 * snapshot, if it is still due: it is sent without waiting
 * (end_snapshot(), the flusher), so the request that read does not wait
 * for it, and its answer is collected here, before the next command on
 * `c`; after a Sync, pipeline mode ends here too. A snapshot still held
 * open (hold()) is committed first. A read-only COMMIT has nothing to
 * report.
 */
static void settle(struct pgconn *c)
{
	if (c->owe_commit) {
		c->owe_commit = false;
		if (c->conn && PQstatus(c->conn) == CONNECTION_OK && send_tx(c, TX_COMMIT) && PQpipelineSync(c->conn))
			c->pending = true;
		else if (c->conn)
			PQexitPipelineMode(c->conn);
	}
	if (!c->pending)
		return;
	c->pending = false;
	/*
	 * The answer has usually arrived long ago: read what is there (libpq's
	 * socket does not block), so that PQgetResult() finds it buffered and
	 * does not poll first; one system call fewer per request.
	 */
	PQconsumeInput(c->conn);
	PGresult *res;
	if (PQpipelineStatus(c->conn) == PQ_PIPELINE_OFF) {
		while ((res = PQgetResult(c->conn)))
			PQclear(res);
		return;
	}
	/* Up to the Sync's own result; a lost connection answers NULL, and a few NULLs in a row end the wait. */
	for (int nulls = 0; nulls < 4;) {
		res = PQgetResult(c->conn);
		if (!res) {
			if (PQstatus(c->conn) != CONNECTION_OK)
				break;
			nulls++;
			continue;
		}
		bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
		PQclear(res);
		if (sync)
			break;
	}
	PQexitPipelineMode(c->conn);
}

/* Forget what was prepared or begun on `c`: its session is new. */
static void new_session(struct pgconn *c)
{
	c->gen++;
	c->in_snap = false;
	c->implicit = false;
	c->owe_commit = false;
	c->pending = false;
	c->deferred = 0;
	c->begin_ahead = false;
	c->retry_begin = false;
	for (size_t i = 0; i < c->n_dealloc; i++)
		xfree(c->dealloc[i]);
	c->n_dealloc = 0;
}

/*
 * Make sure the primary connection is up: after a loss, reconnect
 * (PQreset) — but not within the request that lost it, which fails to
 * the end rather than going on in a new session that lacks its
 * transaction and snapshot. Statements are prepared again lazily.
 */
static int ensure_primary(struct store *st)
{
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ON_PRIMARY];
	if (PQstatus(c->conn) == CONNECTION_OK && !db->lost)
		return RC_OK;
	if (db->lost) {
		st->is_disconnected = true;
		return store_set_error(st, RC_ERR, "postgresql: the connection to the database was lost");
	}
	PQreset(c->conn);
	if (PQstatus(c->conn) != CONNECTION_OK) {
		st->is_disconnected = true;
		return fail(st, c, NULL, "cannot reconnect");
	}
	new_session(c);
	st->is_disconnected = false;
	return setup_session(st, c);
}

/*
 * Close the replica connection after a failure (`why`, said on stderr).
 * Reads go to the primary until the monitor has reached the replica in a
 * measurement begun after the failure: a replica that is down stays out
 * of service (the monitor reports it down), a healthy one whose session
 * was lost serves reads again within one monitor interval. No fixed
 * back-off: how long the replica is avoided follows what the monitor sees.
 */
static void drop_replica(struct pgdb *db, const char *why)
{
	struct pgconn *c = &db->c[ON_REPLICA];
	if (c->conn)
		PQfinish(c->conn);
	c->conn = NULL;
	new_session(c);
	db->route_reads = false;
	pthread_mutex_lock(&g_rep.mu);
	const struct replica *r = db->replica >= 0 && (size_t)db->replica < g_rep.n ? &g_rep.r[db->replica] : NULL;
	db->replica_failed = r ? r->n_samples : 0;
	if (why)
		fprintf(stderr, "wikid: store: replica %s: %s; reads go to the primary until the replica is"
				" measured again\n", r ? r->name : "?", why);
	pthread_mutex_unlock(&g_rep.mu);
}

/* Connect to this connection's replica if not yet connected. Returns RC_OK or RC_ERR. */
static int ensure_replica(struct store *st)
{
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ON_REPLICA];
	if (c->conn && PQstatus(c->conn) == CONNECTION_OK)
		return RC_OK;
	if (c->conn)
		drop_replica(db, "the connection was lost");
	pthread_mutex_lock(&g_rep.mu);
	char *url = db->replica >= 0 && (size_t)db->replica < g_rep.n ? xstrdup(g_rep.r[db->replica].url) : NULL;
	pthread_mutex_unlock(&g_rep.mu);
	if (!url)
		return RC_ERR;
	c->conn = PQconnectdb(url);
	xfree(url);
	if (!c->conn || PQstatus(c->conn) != CONNECTION_OK || (new_session(c), setup_session(st, c)) != RC_OK) {
		char why[STORE_ERRMSG_MAX];
		snprintf(why, sizeof(why), "cannot connect: %s", c->conn ? PQerrorMessage(c->conn) : "out of memory");
		why[strcspn(why, "\n")] = '\0';
		drop_replica(db, why);
		return RC_ERR;
	}
	return RC_OK;
}

/* The server's version as it reports it at connection ("15.18 (Debian 15.18-0+deb12u1)"). */
static const char *op_version(const struct store *st)
{
	const struct pgdb *db = st->db;
	const char *v = db ? PQparameterStatus(db->c[ON_PRIMARY].conn, "server_version") : NULL;
	return v ? v : "";
}

/* Free the state of one connection. */
static void conn_close(struct pgconn *c)
{
	if (c->conn)
		PQfinish(c->conn);
	c->conn = NULL;
	for (size_t i = 0; i < c->n_dealloc; i++)
		xfree(c->dealloc[i]);
	xfree(c->dealloc);
	c->dealloc = NULL;
	c->n_dealloc = c->cap_dealloc = 0;
}

/*
 * Connect to `url` (a postgresql:// URI or a key=value string); the url
 * is kept for reconnecting after a loss. The replica connection is made
 * on first use.
 */
static int op_open(struct store *st, const char *url)
{
	struct pgdb *db = xcalloc(1, sizeof(*db));
	st->db = db;
	db->conninfo = xstrdup(url);
	db->lock_ms = STORE_BUSY_TIMEOUT_MS;
	struct pgconn *c = &db->c[ON_PRIMARY];
	c->conn = PQconnectdb(url);
	if (!c->conn)
		BUG("PQconnectdb returned NULL (out of memory)");
	int rc = PQstatus(c->conn) == CONNECTION_OK ? RC_OK : fail(st, c, NULL, "cannot connect");
	if (rc == RC_OK) {
		c->gen = 1;
		rc = setup_session(st, c);
	}
	if (rc != RC_OK) {
		conn_close(c);
		xfree(db->conninfo);
		xfree(db);
		st->db = NULL;
		return rc;
	}
	/* Each connection reads from one replica; they are dealt out in turn. */
	pthread_mutex_lock(&g_rep.mu);
	db->replica = g_rep.n ? (int)(g_rep.next++ % g_rep.n) : -1;
	pthread_mutex_unlock(&g_rep.mu);
	return RC_OK;
}

static void op_close(struct store *st)
{
	struct pgdb *db = st->db;
	own(db);
	for (int i = 0; i < N_CONNS; i++)
		conn_close(&db->c[i]);
	xfree(db->conninfo);
	xfree(db);
	st->db = NULL;
}

/* lock_timeout 0 would mean "wait forever" in PostgreSQL: 0 becomes 1 ms. */
static void op_busy_timeout(struct store *st, int ms)
{
	struct pgdb *db = st->db;
	own(db);
	db->lock_ms = ms > 0 ? ms : 1;
	char sql[64];
	snprintf(sql, sizeof(sql), "SET lock_timeout = %d", db->lock_ms);
	if (ensure_primary(st) == RC_OK)
		run_simple(st, &db->c[ON_PRIMARY], sql);
}

/* ---------- SQL text ---------- */

/* True when `s` starts with the keyword `kw` (case-insensitive) followed by a non-word byte. */
static bool keyword_at(const char *s, const char *kw)
{
	size_t n = strlen(kw);
	if (strncasecmp(s, kw, n) != 0)
		return false;
	return !store_sql_is_word(s[n]);
}

/* Skip blanks and comments. */
static const char *skip_space(const char *s)
{
	for (;;) {
		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
			s++;
		size_t c = store_sql_skip(s, strlen(s));
		if (!c || *s == '\'' || *s == '"')
			return s;
		s += c;
	}
}

/* True when `sql` holds the keyword `kw` outside literals, quoted names and comments. */
static bool has_keyword(const char *sql, const char *kw)
{
	size_t len = strlen(sql);
	for (size_t i = 0; i < len;) {
		size_t skip = store_sql_skip(sql + i, len - i);
		if (skip) {
			i += skip;
			continue;
		}
		if ((i == 0 || !store_sql_is_word(sql[i - 1])) && keyword_at(sql + i, kw))
			return true;
		i++;
	}
	return false;
}

/* Length of the name (bare word or "quoted") at `s`; 0 when there is none. */
static size_t name_len(const char *s)
{
	if (*s == '"')
		return store_sql_skip(s, strlen(s));
	size_t n = 0;
	while (store_sql_is_word(s[n]))
		n++;
	return n;
}


/* ---------- statements ---------- */

static int op_prepare(struct store *st, const char *sql, size_t len, void **h)
{
	struct pgstmt *s = xcalloc(1, sizeof(*s));
	s->st = st;
	s->sql = store_pg_params(sql, len, &s->n_params);
	struct store_pg_packed *pk = NULL;
	int n_pk = 0;
	char *lean = store_pg_lean_select(s->sql, &s->n_cols, &s->lit, &s->n_lit, &pk, &n_pk);
	if (lean) {
		xfree(s->sql);
		s->sql = lean;
		s->col_at = xmalloc((size_t)s->n_cols * sizeof(*s->col_at));
		if (n_pk) {
			s->shift = xmalloc((size_t)s->n_cols);
			s->mask = xmalloc((size_t)s->n_cols * sizeof(*s->mask));
			s->small_txt = xmalloc((size_t)s->n_cols * sizeof(*s->small_txt));
		}
		/* A packed column reads the server's column of its group's lead, which comes before it. */
		for (int i = 0, k = 0, p = 0, srv = 0; i < s->n_cols; i++) {
			if (s->shift)
				s->shift[i] = -1;
			if (k < s->n_lit && s->lit[k].col == i) {
				s->col_at[i] = -1 - k++;
			} else if (p < n_pk && pk[p].col == i) {
				s->col_at[i] = pk[p].lead == i ? srv++ : s->col_at[pk[p].lead];
				s->shift[i] = (signed char)pk[p].shift;
				s->mask[i] = pk[p].bits == 64 ? UINT64_MAX : (UINT64_C(1) << pk[p].bits) - 1;
				/* Only a statement without outer joins has them, where no packed integer is NULL otherwise. */
				s->zero_null |= pk[p].zero_null;
				p++;
			} else {
				s->col_at[i] = srv++;
			}
		}
		xfree(pk);
	}
	if (s->n_params > 0) {
		s->p = xcalloc((size_t)s->n_params, sizeof(*s->p));
		s->types = xcalloc((size_t)s->n_params, sizeof(*s->types));
		for (int i = 0; i < s->n_params; i++)
			s->p[i].kind = 'n';
	}
	const char *head = skip_space(s->sql);
	s->is_insert = keyword_at(head, "INSERT");
	s->is_write = s->is_insert || keyword_at(head, "UPDATE") || keyword_at(head, "DELETE");
	s->has_returning = s->is_write && has_keyword(s->sql, "RETURNING");
	s->row = -1;
	*h = s;
	return RC_OK;
}

/* Drop the current result and the decoded cells. */
static void clear_result(struct pgstmt *s)
{
	if (s->res) {
		PQclear(s->res);
		s->res = NULL;
	}
	for (int i = 0; i < s->n_cells; i++)
		s->cell_row[i] = -1;
	s->row = -1;
	s->n_rows = 0;
	s->nf = 0;
}

/* The server forgets finalized statements with a later command (see flush_dealloc()). */
static void op_finalize(void *h)
{
	struct pgstmt *s = h;
	struct pgdb *db = s->st->db;
	clear_result(s);
	for (int i = 0; db && i < N_CONNS; i++) {
		struct pgconn *c = &db->c[i];
		if (!c->conn || s->gen[i] != c->gen || s->gen[i] == 0)
			continue;
		if (c->n_dealloc == c->cap_dealloc) {
			c->cap_dealloc = c->cap_dealloc ? c->cap_dealloc * 2 : PG_DEALLOC_BATCH;
			c->dealloc = xrealloc(c->dealloc, c->cap_dealloc * sizeof(*c->dealloc));
		}
		c->dealloc[c->n_dealloc++] = xstrdup(s->name);
	}
	for (int i = 0; i < s->n_params; i++)
		xfree(s->p[i].buf);
	for (int i = 0; i < s->n_cells; i++)
		xfree(s->cell[i]);
	xfree(s->cell);
	xfree(s->cell_len);
	xfree(s->cell_cap);
	xfree(s->cell_row);
	xfree(s->p);
	xfree(s->types);
	for (int i = 0; i < s->n_lit; i++)
		xfree(s->lit[i].text);
	xfree(s->lit);
	xfree(s->col_at);
	xfree(s->shift);
	xfree(s->mask);
	xfree(s->small_txt);
	xfree(s->ftype);
	xfree(s->seq_fix);
	xfree(s->sql);
	xfree(s);
}

/*
 * Send DEALLOCATE for the statements finalized on `c` since the last
 * time, in one round trip, once there are PG_DEALLOC_BATCH of them and
 * no transaction is open (where a failure would doom it).
 */
static void flush_dealloc(struct pgconn *c)
{
	if (c->n_dealloc < PG_DEALLOC_BATCH || c->in_snap || c->deferred)
		return;
	settle(c);
	if (PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		return;
	size_t cap = c->n_dealloc * 40 + 1, o = 0;
	char *sql = xmalloc(cap);
	for (size_t i = 0; i < c->n_dealloc; i++) {
		o += (size_t)snprintf(sql + o, cap - o, "DEALLOCATE %s;", c->dealloc[i]);
		xfree(c->dealloc[i]);
	}
	c->n_dealloc = 0;
	PQclear(PQexec(c->conn, sql));
	xfree(sql);
}

/*
 * Bindings copy the value and remember its kind; the wire format is
 * chosen at execution. The parameter `idx` of `h`, or NULL (error
 * recorded) when there is none.
 */
static struct pgparam *param_at(struct store *st, void *h, int idx)
{
	struct pgstmt *s = h;
	if (idx < 1 || idx > s->n_params) {
		store_set_error(st, RC_ERR, "postgresql: no parameter %d in: %s", idx, s->sql);
		return NULL;
	}
	return &s->p[idx - 1];
}

static int op_bind_int(struct store *st, void *h, int idx, int64_t v)
{
	struct pgparam *p = param_at(st, h, idx);
	if (!p)
		return RC_ERR;
	p->kind = 'i';
	p->len = (size_t)snprintf(p->num, sizeof(p->num), "%lld", (long long)v);
	return RC_OK;
}

static int op_bind_double(struct store *st, void *h, int idx, double v)
{
	struct pgparam *p = param_at(st, h, idx);
	if (!p)
		return RC_ERR;
	p->kind = 'f';
	/* 17 significant digits read back as the same double. */
	p->len = (size_t)snprintf(p->num, sizeof(p->num), "%.17g", v);
	return RC_OK;
}

/* Copy `len` bytes into parameter `idx`'s own buffer. */
static int param_copy(struct store *st, void *h, int idx, char kind, const void *data, size_t len)
{
	struct pgparam *p = param_at(st, h, idx);
	if (!p)
		return RC_ERR;
	if (len > INT32_MAX)
		return store_set_error(st, RC_TOOBIG, "postgresql: parameter %d is too long", idx);
	if (len + 1 > p->cap) {
		xfree(p->buf);
		p->cap = len + 1 > 64 ? len + 1 : 64;
		p->buf = xmalloc(p->cap);
	}
	if (len)
		memcpy(p->buf, data, len);
	p->buf[len] = '\0';
	p->len = len;
	p->kind = kind;
	return RC_OK;
}

static int op_bind_text(struct store *st, void *h, int idx, const char *t, size_t len)
{
	return param_copy(st, h, idx, 't', t, len);
}

static int op_bind_blob(struct store *st, void *h, int idx, const void *b, size_t len)
{
	return param_copy(st, h, idx, 'b', b, len);
}

static int op_bind_null(struct store *st, void *h, int idx)
{
	struct pgparam *p = param_at(st, h, idx);
	if (!p)
		return RC_ERR;
	p->kind = 'n';
	return RC_OK;
}

/* The type to declare for a parameter the server cannot type by itself. */
static Oid kind_type(char kind)
{
	switch (kind) {
	case 'i': return OID_INT8;
	case 'f': return OID_FLOAT8;
	case 'b': return OID_BYTEA;
	/* Text, and NULL or unbound: a ?N the statement never uses still needs a type. */
	default: return OID_TEXT;
	}
}

/* True for types whose binary form is the raw bytes (text-like and bytea). */
static bool raw_type(Oid t)
{
	return t == OID_TEXT || t == OID_VARCHAR || t == OID_BPCHAR || t == OID_NAME || t == OID_BYTEA;
}


/* Run a statement without parameters and results on `c` (SET, SAVEPOINT, ...). */
static int run_simple(struct store *st, struct pgconn *c, const char *sql)
{
	if (c->deferred) {
		int rc = drain(st, c, NULL);
		if (rc != RC_OK)
			return rc;
	}
	if (c->implicit) {
		int rc = upgrade(st, c);
		if (rc != RC_OK)
			return rc;
	}
	settle(c);
	PGresult *res = PQexec(c->conn, sql);
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = RC_OK;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
		rc = fail(st, c, res, sql);
	PQclear(res);
	return rc;
}

/*
 * For an INSERT: find the table's serial column (one catalog query per
 * statement and connection). When there is one, append RETURNING it,
 * and when the INSERT names that column itself (or names no columns),
 * prepare the statement that moves the sequence past the new ids.
 */

/*
 * For an INSERT: find the table's serial column (one catalog query per
 * statement and connection). When there is one, append RETURNING it,
 * and when the INSERT names that column itself (or names no columns),
 * prepare the statement that moves the sequence past the new ids.
 */
static int look_up_serial(struct store *st, struct pgstmt *s)
{
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ON_PRIMARY];
	s->looked_up = true;
	const char *p = skip_space(skip_space(s->sql) + 6); /* after INSERT */
	if (!keyword_at(p, "INTO"))
		return RC_OK;
	p = skip_space(p + 4);
	size_t n = name_len(p);
	if (!n)
		return RC_OK;
	char *table = xstrndup(p, n);
	const char *vals[1] = { table };
	settle(c);
	PGresult *res = PQexecParams(c->conn,
		"SELECT a.attname, pg_get_serial_sequence($1, a.attname) FROM pg_attribute a"
		" WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped"
		" AND pg_get_serial_sequence($1, a.attname) IS NOT NULL LIMIT 1",
		1, NULL, vals, NULL, NULL, 0);
	int rc = RC_OK;
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = fail(st, c, res, "looking up the id column");
	} else if (PQntuples(res) == 1) {
		const char *col = PQgetvalue(res, 0, 0);
		const char *seq = PQgetvalue(res, 0, 1);
		/* Which columns does the INSERT set? No list means all of them. */
		const char *q = skip_space(p + n);
		bool sets_id = true;
		if (*q == '(') {
			sets_id = false;
			const char *end = strchr(q, ')');
			for (const char *w = q + 1; end && w < end;) {
				w = skip_space(w);
				size_t wl = name_len(w);
				if (!wl) {
					w++;
					continue;
				}
				if (wl == strlen(col) && strncmp(w, col, wl) == 0)
					sets_id = true;
				w += wl;
			}
		}
		if (!s->has_returning) {
			size_t l = strlen(s->sql);
			while (l && (s->sql[l - 1] == ';' || s->sql[l - 1] == ' ' || s->sql[l - 1] == '\n'))
				l--;
			size_t cap = l + strlen(col) + 32;
			char *sql = xmalloc(cap);
			snprintf(sql, cap, "%.*s RETURNING \"%s\"", (int)l, s->sql, col);
			xfree(s->sql);
			s->sql = sql;
			s->returns_id = true;
		}
		if (sets_id) {
			size_t cap = 2 * strlen(seq) + strlen(col) + strlen(table) + 160;
			s->seq_fix = xmalloc(cap);
			snprintf(s->seq_fix, cap,
				 "SELECT setval('%s', m) FROM (SELECT MAX(\"%s\") AS m FROM %s) x"
				 " WHERE m >= (SELECT last_value FROM %s)", seq, col, table, seq);
		}
	}
	PQclear(res);
	xfree(table);
	return rc;
}

/* True when `sql` (translated) mentions placeholder $n outside literals and comments. */
static bool uses_param(const char *sql, int n)
{
	size_t len = strlen(sql);
	for (size_t i = 0; i < len;) {
		size_t skip = store_sql_skip(sql + i, len - i);
		if (skip) {
			i += skip;
			continue;
		}
		if (sql[i++] != '$')
			continue;
		int v = 0;
		while (i < len && sql[i] >= '0' && sql[i] <= '9')
			v = v * 10 + (sql[i++] - '0');
		if (v == n)
			return true;
	}
	return false;
}

/* Error classes of a statement whose parameter types the server could not infer. */
static bool untyped_state(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	/* 42P18 indeterminate datatype, 42725 ambiguous function, 42883 no such function/operator. */
	return state && (strcmp(state, "42P18") == 0 || strcmp(state, "42725") == 0 ||
			 strcmp(state, "42883") == 0);
}

/*
 * Prepare `s` on connection `ci` unless it already is. A failed prepare
 * inside a transaction would abort it, so there the attempt runs in a
 * savepoint. Afterwards the server's parameter types are asked for, to
 * choose each parameter's wire format.
 */
static int prepare_on(struct store *st, int ci, struct pgstmt *s)
{
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ci];
	if (s->gen[ci] == c->gen)
		return RC_OK;
	/* The synchronous calls below need a block, not pipeline mode's implicit transaction. */
	if (c->implicit) {
		int rc = upgrade(st, c);
		if (rc != RC_OK)
			return rc;
	}
	/* ... and pipeline mode left, after the answers to the writes sent ahead. */
	if (c->deferred) {
		int rc = drain(st, c, NULL);
		if (rc != RC_OK)
			return rc;
	}
	settle(c);
	int rc = RC_OK;
	if (s->is_insert && !s->looked_up)
		rc = look_up_serial(st, s);
	if (rc != RC_OK)
		return rc;
	bool in_tx = PQtransactionStatus(c->conn) == PQTRANS_INTRANS;
	if (in_tx && (rc = run_simple(st, c, "SAVEPOINT wikid_prepare")) != RC_OK)
		return rc;
	if (!s->name[0])
		snprintf(s->name, sizeof(s->name), "w%u", ++db->next_name);
	/* The server infers what the statement uses; a number it never mentions is text. */
	for (int i = 0; i < s->n_params; i++)
		s->types[i] = uses_param(s->sql, i + 1) ? 0 : OID_TEXT;
	PGresult *res = PQprepare(c->conn, s->name, s->sql, s->n_params, s->types);
	if (res && PQresultStatus(res) != PGRES_COMMAND_OK && untyped_state(res)) {
		/* Declare the types of the bound values and try once more. */
		PQclear(res);
		if (in_tx)
			run_simple(st, c, "ROLLBACK TO SAVEPOINT wikid_prepare");
		for (int i = 0; i < s->n_params; i++)
			s->types[i] = kind_type(s->p[i].kind);
		res = PQprepare(c->conn, s->name, s->sql, s->n_params, s->types);
	}
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = fail(st, c, res, s->sql);
		PQclear(res);
		if (in_tx && PQstatus(c->conn) == CONNECTION_OK) {
			run_simple(st, c, "ROLLBACK TO SAVEPOINT wikid_prepare");
			run_simple(st, c, "RELEASE SAVEPOINT wikid_prepare");
		}
		return rc;
	}
	PQclear(res);
	if (in_tx && (rc = run_simple(st, c, "RELEASE SAVEPOINT wikid_prepare")) != RC_OK)
		return rc;
	res = PQdescribePrepared(c->conn, s->name);
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = fail(st, c, res, "describing a statement");
		PQclear(res);
		return rc;
	}
	for (int i = 0; i < s->n_params && i < PQnparams(res); i++)
		s->types[i] = PQparamtype(res, i);
	PQclear(res);
	s->gen[ci] = c->gen;
	return RC_OK;
}


/*
 * Prepare the transaction commands on `c` once per session. Without them
 * (a server or pooler that refuses), they are sent as text. Called
 * outside pipeline mode, with nothing pending and no transaction open.
 */
static bool tx_prepared(struct pgconn *c)
{
	if (c->snap_gen == c->gen)
		return true;
	if (c->snap_gen == UINT_MAX)
		return false;
	if (PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		return false;
	bool ok = true;
	for (int i = 1; i < TX_N && ok; i++) {
		PGresult *r = PQprepare(c->conn, tx_name[i], tx_sql[i], 0, NULL);
		ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
	}
	/* A refusal is kept for this session; a lost connection is noticed by the statement that follows. */
	c->snap_gen = ok ? c->gen : UINT_MAX;
	return ok;
}

/* Queue transaction command `tx` on `c` in pipeline mode. */
static bool send_tx(struct pgconn *c, int tx)
{
	if (c->snap_gen == c->gen)
		return PQsendQueryPrepared(c->conn, tx_name[tx], 0, NULL, NULL, NULL, 0);
	return PQsendQueryParams(c->conn, tx_sql[tx], 0, NULL, NULL, NULL, NULL, 0);
}

/* ---------- the last request's snapshot, kept open ---------- */

/*
 * A request that read one statement leaves its snapshot's block open in
 * pipeline mode instead of ending it (hold()): a Sync or COMMIT sent at
 * the end of the request would wake the server a second time for every
 * request (two context switches of the server per read request instead
 * of one, and one more of ours). The next
 * request's first read sends COMMIT AND CHAIN in front of its statement,
 * in the same write: the old snapshot ends and the statement takes a new
 * one, so it sees everything committed before it, as always. Anything
 * else ends the block first (settle()). When no request comes for
 * PG_HOLD_MS, the flusher thread commits the block (COMMIT and Sync,
 * answers left for the worker to read), so an idle worker holds no
 * snapshot (VACUUM's horizon) and no table lock (DDL) for longer.
 *
 * The worker and the flusher share the connections in g_hold.held and
 * the fields under "Shared with the flusher" in struct pgconn, under
 * g_hold.mu; a held connection is not touched by its worker until own()
 * has taken it back, which every entry point that uses a connection
 * calls first.
 */
static struct {
	pthread_mutex_t mu;    /* guards everything below and the shared fields of the held connections */
	pthread_cond_t cv;     /* wakes the flusher: a first connection held, or stop */
	pthread_t thread;      /* the flusher */
	bool running;          /* thread started and not yet stopped */
	bool stop;             /* the thread should exit */
	bool sleeping;         /* the flusher waits without a timeout: hold() must wake it */
	struct pgconn **held;  /* connections held, in no order */
	size_t n;              /* entries in held */
	size_t cap;            /* allocated entries in held */
} g_hold = { .mu = PTHREAD_MUTEX_INITIALIZER };

/* Monotonic milliseconds. */
static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Take entry `i` out of g_hold.held (under g_hold.mu). */
static void unhold_at(size_t i)
{
	g_hold.held[i] = g_hold.held[--g_hold.n];
}

/* Take `c` out of g_hold.held, if it is there (under g_hold.mu). */
static void unhold(struct pgconn *c)
{
	for (size_t i = 0; i < g_hold.n; i++)
		if (g_hold.held[i] == c) {
			unhold_at(i);
			return;
		}
}

/*
 * The flusher: commits each held block once it has waited PG_HOLD_MS,
 * waking when the next one is due, and every PG_HOLD_MS while requests
 * come, so that a busy worker need not wake it (a futex call and a
 * context switch per request); after PG_FLUSHER_IDLE rounds with nothing
 * held it sleeps until hold() wakes it.
 */
static void *flusher(void *unused)
{
	int idle_rounds = 0;
	pthread_mutex_lock(&g_hold.mu);
	while (!g_hold.stop) {
		int64_t now = mono_ms(), next = -1;
		for (size_t i = 0; i < g_hold.n;) {
			struct pgconn *c = g_hold.held[i];
			if (now - c->held_at < PG_HOLD_MS) {
				int64_t due = c->held_at + PG_HOLD_MS;
				if (next < 0 || due < next)
					next = due;
				i++;
				continue;
			}
			/* A failed send is the worker's to find: its reads of the answers fail. */
			if (send_tx(c, TX_COMMIT))
				PQpipelineSync(c->conn);
			c->held = false;
			c->flushed = true;
			unhold_at(i);
		}
		if (next >= 0) {
			idle_rounds = 0;
		} else if (++idle_rounds <= PG_FLUSHER_IDLE) {
			next = now + PG_HOLD_MS;
		} else {
			g_hold.sleeping = true;
			pthread_cond_wait(&g_hold.cv, &g_hold.mu);
			g_hold.sleeping = false;
			idle_rounds = 0;
			continue;
		}
		struct timespec until = { (time_t)(next / 1000), (long)(next % 1000) * 1000000L };
		pthread_cond_timedwait(&g_hold.cv, &g_hold.mu, &until);
	}
	pthread_mutex_unlock(&g_hold.mu);
	return NULL;
}

/* Start the flusher (under g_hold.mu); its condition variable waits on CLOCK_MONOTONIC. */
static bool flusher_start(void)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g_hold.cv, &ca);
	pthread_condattr_destroy(&ca);
	g_hold.stop = false;
	g_hold.sleeping = false;
	g_hold.running = pthread_create(&g_hold.thread, NULL, flusher, NULL) == 0;
	if (!g_hold.running)
		pthread_cond_destroy(&g_hold.cv);
	return g_hold.running;
}

/* Stop the flusher; connections still held wait for the next start or their worker. */
static void flusher_stop(void)
{
	pthread_mutex_lock(&g_hold.mu);
	bool running = g_hold.running;
	g_hold.running = false;
	g_hold.stop = true;
	if (running)
		pthread_cond_signal(&g_hold.cv);
	pthread_mutex_unlock(&g_hold.mu);
	if (!running)
		return;
	pthread_join(g_hold.thread, NULL);
	pthread_cond_destroy(&g_hold.cv);
}

/*
 * Leave the open snapshot of `c` (implicit: in pipeline mode, all
 * answers read) to the flusher. False when there is no flusher (it
 * could not start): the caller ends the snapshot itself.
 */
static bool hold(struct pgdb *db, struct pgconn *c)
{
	pthread_mutex_lock(&g_hold.mu);
	bool ok = g_hold.running || flusher_start();
	if (ok) {
		if (g_hold.n == g_hold.cap) {
			g_hold.cap = g_hold.cap ? g_hold.cap * 2 : 16;
			g_hold.held = xrealloc(g_hold.held, g_hold.cap * sizeof(*g_hold.held));
		}
		g_hold.held[g_hold.n++] = c;
		c->held = true;
		c->held_at = mono_ms();
		/* Otherwise the flusher wakes within PG_HOLD_MS anyway. */
		if (g_hold.sleeping)
			pthread_cond_signal(&g_hold.cv);
		db->maybe_held = true;
	}
	pthread_mutex_unlock(&g_hold.mu);
	return ok;
}

/*
 * Take the connections of `db` back from the flusher: a block still held
 * is owed its COMMIT (sent with the next statement, or by settle()); one
 * the flusher committed has answers to read (settle()).
 */
static void own_slow(struct pgdb *db)
{
	db->maybe_held = false;
	pthread_mutex_lock(&g_hold.mu);
	for (int i = 0; i < N_CONNS; i++) {
		struct pgconn *c = &db->c[i];
		if (c->held) {
			c->held = false;
			unhold(c);
			c->owe_commit = true;
		} else if (c->flushed) {
			c->flushed = false;
			c->pending = true;
		}
	}
	pthread_mutex_unlock(&g_hold.mu);
}

/* Called first by every entry point that uses a connection of `db`. */
static inline void own(struct pgdb *db)
{
	if (db && db->maybe_held)
		own_slow(db);
}

/*
 * Read the results of the `n` queries sent in pipeline mode into res[]
 * (each query's first result; NULL when the connection failed), then,
 * when `sync`, the Sync's.
 */
static void pipe_read(struct pgconn *c, PGresult **res, int n, bool sync)
{
	for (int i = 0; i < n; i++)
		res[i] = NULL;
	for (int i = 0; i < n && PQstatus(c->conn) == CONNECTION_OK; i++) {
		PGresult *r;
		while ((r = PQgetResult(c->conn))) {
			if (!res[i])
				res[i] = r;
			else
				PQclear(r);
		}
	}
	for (int nulls = 0; sync && nulls < 4 && PQstatus(c->conn) == CONNECTION_OK;) {
		PGresult *r = PQgetResult(c->conn);
		if (!r) {
			nulls++;
			continue;
		}
		bool done = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (done)
			break;
	}
}

/*
 * Read the answers to the writes sent ahead on `c` (store_run_later());
 * the first failure is returned (the owner frees it), the others are
 * freed. NULL when all of them went through.
 */
static PGresult *read_deferred(struct pgconn *c)
{
	PGresult *bad = NULL;
	bool begin_ahead = c->begin_ahead;
	c->begin_ahead = false;
	for (int i = 0; i < c->deferred && PQstatus(c->conn) == CONNECTION_OK; i++) {
		PGresult *r = NULL;
		pipe_read(c, &r, 1, false);
		ExecStatusType t = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
		/*
		 * The BEGIN sent ahead (op_begin()) the server no longer knows:
		 * the commands are prepared again, and when nothing but BEGIN and
		 * the lock was sent ahead, the transaction begins anew.
		 */
		if (begin_ahead && i == 0 && t == PGRES_FATAL_ERROR) {
			check_tx_lost(c, r);
			c->retry_begin = c->snap_gen == 0 && c->deferred == 2;
		}
		if (!bad && t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
			/* A NULL answer: the connection failed, which fail() reports from the connection. */
			bad = r ? r : PQmakeEmptyPGresult(c->conn, PGRES_FATAL_ERROR);
			continue;
		}
		PQclear(r);
	}
	c->deferred = 0;
	return bad;
}

/*
 * Collect the answers to the writes sent ahead on `c`, after sending
 * `then` (a command without parameters, e.g. COMMIT; NULL for none) and
 * a Sync in the same round trip, and leave pipeline mode. Returns RC_OK,
 * or the first failure (a write's, else `then`'s); `then`'s result must
 * be COMMAND_OK.
 */
static int drain(struct store *st, struct pgconn *c, const char *then)
{
	bool sent = (!then || PQsendQueryParams(c->conn, then, 0, NULL, NULL, NULL, NULL, 0)) &&
		    PQpipelineSync(c->conn);
	PGresult *bad = read_deferred(c);
	PGresult *r = NULL;
	if (sent)
		pipe_read(c, &r, then ? 1 : 0, true);
	PQexitPipelineMode(c->conn);
	int rc = RC_OK;
	if (bad)
		rc = fail(st, c, bad, "a write sent ahead");
	else if (!sent || (then && (!r || PQresultStatus(r) != PGRES_COMMAND_OK)))
		rc = fail(st, c, r, then ? then : "Sync");
	else if (then && strcmp(then, "COMMIT") == 0 && strcmp(PQcmdStatus(r), "COMMIT") != 0)
		rc = store_set_error(st, RC_ERR, "postgresql: the transaction was aborted by an "
						 "earlier error and has been rolled back");
	if (c->retry_begin) {
		/* Only a forgotten BEGIN was sent ahead (read_deferred()): begin again, then `then`. */
		c->retry_begin = false;
		rc = begin_now(st, c);
		if (rc == RC_OK && then)
			rc = run_simple(st, c, then);
	}
	PQclear(bad);
	PQclear(r);
	return rc;
}

/* 26000: the server no longer knows a prepared transaction command (DISCARD ALL, a pooler): prepare them again. */
static void check_tx_lost(struct pgconn *c, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state && strcmp(state, "26000") == 0)
		c->snap_gen = 0;
}

/*
 * Leave pipeline mode with the snapshot's block open on `c` (a Sync,
 * one round trip): the block keeps the snapshot, and the synchronous
 * calls work in it.
 */
static int upgrade(struct store *st, struct pgconn *c)
{
	c->implicit = false;
	bool ok = PQpipelineSync(c->conn);
	if (ok)
		pipe_read(c, NULL, 0, true);
	PQexitPipelineMode(c->conn);
	if (ok && PQstatus(c->conn) == CONNECTION_OK)
		return RC_OK;
	c->in_snap = false;
	return fail(st, c, NULL, "Sync");
}

/*
 * End the read snapshot's transaction on `c`, if it began. Still in
 * pipeline mode (one statement read), with `defer` (the end of a
 * request) it is left open to the next request or the flusher (hold());
 * otherwise its COMMIT (and the Sync, in pipeline mode) is sent and the
 * answer left for settle(), so nobody waits for it.
 */
static int end_snapshot(struct store *st, struct pgconn *c, bool defer)
{
	if (!c->in_snap)
		return RC_OK;
	c->in_snap = false;
	if (c->implicit) {
		c->implicit = false;
		if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
			if (c->conn)
				PQexitPipelineMode(c->conn);
			return RC_OK;
		}
		if (defer && hold(st->db, c))
			return RC_OK;
		if (send_tx(c, TX_COMMIT) && PQpipelineSync(c->conn)) {
			c->pending = true;
			return RC_OK;
		}
		PQexitPipelineMode(c->conn);
		return RC_OK;
	}
	if (!c->conn || PQstatus(c->conn) != CONNECTION_OK || PQtransactionStatus(c->conn) == PQTRANS_IDLE)
		return RC_OK;
	if (c->snap_gen == c->gen ? PQsendQueryPrepared(c->conn, tx_name[TX_COMMIT], 0, NULL, NULL, NULL, 0)
				  : PQsendQuery(c->conn, "COMMIT")) {
		c->pending = true;
		return RC_OK;
	}
	return run_simple(st, c, "COMMIT");
}

/* How exec_on() sends a statement. */
enum {
	RUN_PLAIN,   /* alone (Bind, Execute, Sync): its own transaction, or part of an open block */
	RUN_OPEN,    /* the first read of a snapshot: BEGIN, the statement, no Sync (see the header) */
	RUN_CHAIN,   /* ... while the last request's block is held open: COMMIT AND CHAIN, the statement */
	RUN_UPGRADE, /* a later read of a snapshot: the statement, Sync (upgrade() with the statement) */
	RUN_OWN_TX,  /* a write outside store_begin(): BEGIN READ COMMITTED, the statement, COMMIT, Sync */
};

/*
 * Run prepared statement `s` on `c` with the given parameters, sent the
 * way `how` says, in one round trip. Returns the statement's result
 * (NULL when the connection failed), and keeps `c`'s snapshot state:
 * RUN_OPEN and RUN_CHAIN leave `c` in pipeline mode with the block open
 * when the statement succeeded, the others leave pipeline mode.
 */
static PGresult *exec_on(struct store *st, struct pgconn *c, const struct pgstmt *s, const char *const *vals,
			 const int *lens, const int *fmts, int how)
{
	if (how == RUN_PLAIN && c->deferred) {
		/* After the writes sent ahead, in the same pipeline: their answers come first. */
		PGresult *out = NULL;
		bool sent = PQsendQueryPrepared(c->conn, s->name, s->n_params, vals, lens, fmts, 0) &&
			    PQpipelineSync(c->conn);
		PGresult *bad = read_deferred(c);
		if (sent)
			pipe_read(c, &out, 1, true);
		PQexitPipelineMode(c->conn);
		if (bad) {
			PQclear(out);
			out = bad;
		}
		return out;
	}
	if (how == RUN_PLAIN)
		return PQexecPrepared(c->conn, s->name, s->n_params, vals, lens, fmts, 0);
	/* RUN_CHAIN and RUN_UPGRADE find the connection in pipeline mode already. */
	if (how == RUN_OPEN || how == RUN_OWN_TX) {
		tx_prepared(c);
		if (!PQenterPipelineMode(c->conn))
			return NULL;
	}
	bool open = how == RUN_OPEN || how == RUN_CHAIN;
	int pre = how == RUN_OPEN ? TX_BEGIN : how == RUN_CHAIN ? TX_CHAIN : how == RUN_OWN_TX ? TX_BEGIN_RC : TX_NONE;
	int post = how == RUN_OWN_TX ? TX_COMMIT : TX_NONE;
	bool sent = (!pre || send_tx(c, pre)) && PQsendQueryPrepared(c->conn, s->name, s->n_params, vals, lens, fmts, 0) &&
		    (!post || send_tx(c, post));
	if (sent)
		sent = open ? PQsendFlushRequest(c->conn) && PQflush(c->conn) == 0 : PQpipelineSync(c->conn);
	PGresult *res[3] = { NULL, NULL, NULL };
	int n = (pre ? 1 : 0) + 1 + (post ? 1 : 0);
	if (sent)
		pipe_read(c, res, n, !open);
	PGresult *out = res[pre ? 1 : 0];
	ExecStatusType t = out ? PQresultStatus(out) : PGRES_FATAL_ERROR;
	bool ok = t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK;
	if (pre) {
		bool begun = res[0] && PQresultStatus(res[0]) == PGRES_COMMAND_OK;
		if (!begun) {
			check_tx_lost(c, res[0]);
			/* The statement was skipped: report why. */
			if (res[0] && PQresultStatus(res[0]) != PGRES_COMMAND_OK) {
				PQclear(out);
				res[1] = NULL;
				out = res[0];
				ok = false;
			}
		}
	}
	if (post && ok && (!res[2] || PQresultStatus(res[2]) != PGRES_COMMAND_OK)) {
		/* The write went through but its COMMIT did not: the COMMIT's error is the answer. */
		PQclear(out);
		res[1] = NULL;
		out = res[2];
		ok = false;
	}
	for (int i = 0; i < n; i++)
		if (res[i] != out)
			PQclear(res[i]);
	if (open) {
		if (ok && PQstatus(c->conn) == CONNECTION_OK) {
			c->in_snap = true;
			c->implicit = true;
			return out;
		}
		/* A failed first read: the Sync ends the pipeline, the ROLLBACK below the block; nothing was read in it. */
		if (PQstatus(c->conn) == CONNECTION_OK && PQpipelineSync(c->conn))
			pipe_read(c, NULL, 0, true);
	}
	if (how == RUN_UPGRADE)
		c->implicit = false;
	PQexitPipelineMode(c->conn);
	/* A read or write whose statement failed left its block aborted (the COMMIT was skipped): roll it back. */
	if (how != RUN_UPGRADE && PQstatus(c->conn) == CONNECTION_OK && PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		PQclear(PQexec(c->conn, "ROLLBACK"));
	return out;
}

/* The wire form of a statement's bindings (args_make()). */
enum { PG_ARGS_ON_STACK = 16 }; /* parameters held without allocating */
struct pgargs {
	const char *vals_s[PG_ARGS_ON_STACK]; /* storage for few parameters */
	int lens_s[PG_ARGS_ON_STACK];
	int fmts_s[PG_ARGS_ON_STACK];
	const char **vals;                    /* values (pointing into the bindings), NULL for NULL */
	int *lens;                            /* their lengths */
	int *fmts;                            /* 0 text, 1 binary */
};

/* Fill `a` from the bindings of `s`; they stay valid while `s` is not rebound. Free with args_free(). */
static void args_make(struct pgargs *a, const struct pgstmt *s)
{
	int n = s->n_params;
	a->vals = n <= PG_ARGS_ON_STACK ? a->vals_s : xmalloc((size_t)n * sizeof(*a->vals));
	a->lens = n <= PG_ARGS_ON_STACK ? a->lens_s : xmalloc((size_t)n * sizeof(*a->lens));
	a->fmts = n <= PG_ARGS_ON_STACK ? a->fmts_s : xmalloc((size_t)n * sizeof(*a->fmts));
	for (int i = 0; i < n; i++) {
		const struct pgparam *p = &s->p[i];
		switch (p->kind) {
		case 'i':
		case 'f':
			a->vals[i] = p->num;
			a->lens[i] = (int)p->len;
			a->fmts[i] = 0;
			break;
		case 't':
		case 'b':
			a->vals[i] = p->buf;
			a->lens[i] = (int)p->len;
			/* Raw bytes where the type allows it; otherwise the text is parsed (numbers). */
			a->fmts[i] = raw_type(s->types[i]) ? 1 : 0;
			break;
		default:
			a->vals[i] = NULL;
			a->lens[i] = 0;
			a->fmts[i] = 0;
			break;
		}
	}
}

static void args_free(struct pgargs *a, const struct pgstmt *s)
{
	if (s->n_params > PG_ARGS_ON_STACK) {
		xfree(a->vals);
		xfree(a->lens);
		xfree(a->fmts);
	}
}

/* Execute `s` with its bindings on connection `ci`; on success s->res holds the result. */
static int execute_on(struct store *st, int ci, struct pgstmt *s)
{
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ci];
	flush_dealloc(c);
	int rc = RC_OK;
	/* A write outside store_begin() runs in a transaction of its own, after the snapshot. */
	if (s->is_write && c->in_snap && st->tx_depth == 0)
		rc = end_snapshot(st, c, false);
	if (rc == RC_OK)
		rc = prepare_on(st, ci, s);
	if (rc != RC_OK)
		return rc;
	/* The first read of a snapshot, with the last request's block still open: one write ends that and reads. */
	bool chain = c->owe_commit && !s->is_write && db->snap_wanted && !c->in_snap && !c->deferred;
	if (chain)
		c->owe_commit = false;
	else
		settle(c);
	int how = RUN_PLAIN;
	if (chain)
		how = RUN_CHAIN;
	else if (c->deferred)
		how = RUN_PLAIN;   /* after what was sent ahead, a write transaction's BEGIN perhaps */
	else if (c->implicit)
		how = RUN_UPGRADE; /* a read in the open snapshot (a write has ended it above) */
	else if (PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		how = RUN_PLAIN;   /* in a block: the snapshot's or a write transaction */
	else if (s->is_write && st->tx_depth == 0)
		how = RUN_OWN_TX;
	else if (!s->is_write && db->snap_wanted && !c->in_snap)
		how = RUN_OPEN;

	struct pgargs args;
	args_make(&args, s);
	PGresult *res = exec_on(st, c, s, args.vals, args.lens, args.fmts, how);
	if (c->retry_begin) {
		/* The BEGIN sent ahead was forgotten (read_deferred()): begin again and run the statement once more. */
		c->retry_begin = false;
		PQclear(res);
		res = NULL;
		rc = begin_now(st, c);
		if (rc == RC_OK)
			res = exec_on(st, c, s, args.vals, args.lens, args.fmts, RUN_PLAIN);
	}
	args_free(&args, s);
	if (rc != RC_OK)
		return rc;
	ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		rc = fail(st, c, res, s->sql);
		/* 26000: the server no longer knows the statement (DISCARD ALL, a pooler): prepare it again. */
		const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		if (state && strcmp(state, "26000") == 0)
			s->gen[ci] = 0;
		PQclear(res);
		return rc;
	}
	if (s->is_write) {
		long long changed = 0;
		util_parse_ll(PQcmdTuples(res), &changed);
		db->changes = (int)changed;
	}
	s->res = res;
	s->nf = PQnfields(res);
	if (s->nf > s->cap_ftype) {
		s->cap_ftype = s->nf;
		s->ftype = xrealloc(s->ftype, (size_t)s->nf * sizeof(*s->ftype));
	}
	for (int i = 0; i < s->nf; i++)
		s->ftype[i] = PQftype(res, i);
	s->row = -1;
	s->n_rows = PQntuples(res);
	if (s->returns_id) {
		if (s->n_rows > 0)
			db->last_id = strtoll(PQgetvalue(res, s->n_rows - 1, 0), NULL, 10);
		s->n_rows = 0;
	}
	if (s->seq_fix && db->changes > 0)
		rc = run_simple(st, c, s->seq_fix);
	return rc;
}

/*
 * Where a statement runs: a read of a request that store_use_replica()
 * allowed goes to the replica, until the request's first write; a read
 * that fails there is retried on the primary, and this connection leaves
 * the replica alone until the monitor has measured it again (drop_replica()).
 */
static int execute(struct store *st, struct pgstmt *s)
{
	struct pgdb *db = st->db;
	if (db->route_reads && !s->is_write && st->tx_depth == 0 && !db->wrote &&
	    ensure_replica(st) == RC_OK) {
		if (execute_on(st, ON_REPLICA, s) == RC_OK)
			return RC_OK;
		clear_result(s);
		drop_replica(db, st->errmsg);
	}
	int rc = ensure_primary(st);
	if (rc == RC_OK)
		rc = execute_on(st, ON_PRIMARY, s);
	if (s->is_write)
		db->wrote = true;
	return rc;
}

static int op_step(struct store *st, void *h)
{
	struct pgstmt *s = h;
	if (!s->res) {
		own(st->db);
		int rc = execute(st, s);
		if (rc != RC_OK) {
			clear_result(s);
			return rc;
		}
	}
	if (++s->row < s->n_rows)
		return STORE_ROW;
	clear_result(s);
	return STORE_DONE;
}

static int op_col_count(void *h)
{
	struct pgstmt *s = h;
	if (!s->res)
		return 0;
	return s->n_cols ? s->n_cols : PQnfields(s->res);
}

static int64_t int_of(const char *v);

/* What a caller's column is. */
enum {
	COL_NONE = -1,    /* no such column, or no current row */
	COL_LITERAL = -2, /* a literal answered here: see lit_of() */
	COL_PACKED = -3,  /* a small column inside a packed server column: see small_text() */
};

/*
 * The server's column for the caller's column `*i` of the current row
 * (>= 0, and *i becomes it), COL_LITERAL (*i becomes the literal's index
 * in s->lit), COL_PACKED (*i stays the caller's column) or COL_NONE.
 */
static int cell_at(const struct pgstmt *s, int *i)
{
	if (!s->res || s->row < 0 || s->row >= s->n_rows || *i < 0)
		return COL_NONE;
	if (s->n_cols) {
		if (*i >= s->n_cols)
			return COL_NONE;
		int c = s->col_at[*i];
		if (c < 0) {
			*i = -1 - c;
			return COL_LITERAL;
		}
		if (s->shift && s->shift[*i] >= 0)
			return c < s->nf ? COL_PACKED : COL_NONE;
		*i = c;
	}
	return *i < s->nf ? *i : COL_NONE;
}

/*
 * Caller's column `i` inside the packed integer `packed` (a pair of ids
 * has the sign bit: the bits are taken as they are).
 */
static inline int64_t unpack(const struct pgstmt *s, int i, int64_t packed)
{
	return (int64_t)(((uint64_t)packed >> s->shift[i]) & s->mask[i]);
}

/* The value of the small column `i` (COL_PACKED) of the current row; 0 for NULL. */
static int64_t small_value(const struct pgstmt *s, int i)
{
	return unpack(s, i, int_of(PQgetvalue(s->res, s->row, s->col_at[i])));
}

/* The text of the small column `i` (COL_PACKED) of the current row: "" for NULL, as libpq's. */
static const char *small_text(struct pgstmt *s, int i)
{
	if (!s->zero_null && PQgetisnull(s->res, s->row, s->col_at[i]))
		return "";
	snprintf(s->small_txt[i], sizeof(s->small_txt[i]), "%lld", (long long)small_value(s, i));
	return s->small_txt[i];
}

/* Value of a hex digit, or -1. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The bytes of bytea column `i` of the current row, decoded from the
 * server's "\x..." hex form into a per-column buffer (NUL-terminated).
 */
static const char *bytea_cell(struct pgstmt *s, int i, size_t *len)
{
	int nf = s->nf;
	if (s->n_cells < nf) {
		s->cell = xrealloc(s->cell, (size_t)nf * sizeof(*s->cell));
		s->cell_len = xrealloc(s->cell_len, (size_t)nf * sizeof(*s->cell_len));
		s->cell_cap = xrealloc(s->cell_cap, (size_t)nf * sizeof(*s->cell_cap));
		s->cell_row = xrealloc(s->cell_row, (size_t)nf * sizeof(*s->cell_row));
		for (int k = s->n_cells; k < nf; k++) {
			s->cell[k] = NULL;
			s->cell_len[k] = 0;
			s->cell_cap[k] = 0;
			s->cell_row[k] = -1;
		}
		s->n_cells = nf;
	}
	/* clear_result() forgets the decoded rows, so the row number identifies the cell. */
	if (s->cell_row[i] != s->row || !s->cell[i]) {
		const char *v = PQgetvalue(s->res, s->row, i);
		size_t vl = (size_t)PQgetlength(s->res, s->row, i);
		size_t need = vl / 2 + 1;
		if (need > s->cell_cap[i]) {
			xfree(s->cell[i]);
			s->cell[i] = xmalloc(need);
			s->cell_cap[i] = need;
		}
		size_t o = 0;
		if (vl >= 2 && v[0] == '\\' && v[1] == 'x') {
			for (size_t k = 2; k + 1 < vl; k += 2) {
				int hi = hexval(v[k]), lo = hexval(v[k + 1]);
				if (hi < 0 || lo < 0)
					break;
				s->cell[i][o++] = (char)(hi << 4 | lo);
			}
		}
		s->cell[i][o] = '\0';
		s->cell_len[i] = o;
		s->cell_row[i] = s->row;
	}
	*len = s->cell_len[i];
	return s->cell[i];
}

/*
 * libpq answers "" for a NULL value, which is what a NULL reads as here
 * (a NULL bytea decodes to no bytes), so only the types that are not
 * read as they come need to know.
 */
static const char *op_col_text(void *h, int i)
{
	struct pgstmt *s = h;
	int k = cell_at(s, &i);
	if (k == COL_LITERAL)
		return s->lit[i].is_null ? "" : s->lit[i].text;
	if (k == COL_PACKED)
		return small_text(s, i);
	if (k == COL_NONE)
		return "";
	Oid t = s->ftype[i];
	if (t == OID_BYTEA) {
		size_t len;
		return bytea_cell(s, i, &len);
	}
	const char *v = PQgetvalue(s->res, s->row, i);
	if (t == OID_BOOL)
		return v[0] == 't' ? "1" : v[0] ? "0" : "";
	return v;
}

static size_t op_col_len(void *h, int i)
{
	struct pgstmt *s = h;
	int k = cell_at(s, &i);
	if (k == COL_LITERAL)
		return s->lit[i].len;
	if (k == COL_PACKED)
		return strlen(small_text(s, i));
	if (k == COL_NONE)
		return 0;
	Oid t = s->ftype[i];
	if (t == OID_BYTEA) {
		size_t len;
		bytea_cell(s, i, &len);
		return len;
	}
	if (t == OID_BOOL)
		return PQgetisnull(s->res, s->row, i) ? 0 : 1;
	return (size_t)PQgetlength(s->res, s->row, i);
}

static bool op_col_is_null(void *h, int i)
{
	struct pgstmt *s = h;
	int k = cell_at(s, &i);
	if (k == COL_LITERAL)
		return s->lit[i].is_null;
	if (k == COL_PACKED)
		return !s->zero_null && PQgetisnull(s->res, s->row, s->col_at[i]);
	return k == COL_NONE || PQgetisnull(s->res, s->row, i);
}

static const void *op_col_blob(void *h, int i)
{
	if (op_col_is_null(h, i))
		return NULL;
	return op_col_text(h, i);
}

/*
 * PostgreSQL writes an integer as a plain decimal: up to 18 digits are
 * read here, a loop much cheaper than strtoll() on lists of hundreds of
 * rows, and a NULL (libpq's "") is 0 at once (the NULLIF'ed packed
 * columns of a list are NULL in most rows); anything else (more digits,
 * a sign other than '-', a fraction) goes to strtoll(), so the result is
 * always strtoll()'s.
 */
static int64_t int_of(const char *v)
{
	if (!*v)
		return 0;
	const char *p = v + (*v == '-');
	uint64_t n = 0;
	int digits = 0;
	while (*p >= '0' && *p <= '9' && digits < 18) {
		n = n * 10 + (uint64_t)(*p++ - '0');
		digits++;
	}
	if (*p || digits == 0)
		return strtoll(v, NULL, 10);
	return *v == '-' ? -(int64_t)n : (int64_t)n;
}

static int64_t op_col_int(void *h, int i)
{
	struct pgstmt *s = h;
	int k = i;
	if (cell_at(s, &k) == COL_PACKED)
		return small_value(s, i);
	return int_of(op_col_text(h, i));
}

/*
 * The integer columns of a row in one call (lists read a dozen per row):
 * the integer types' text goes straight to int_of(), without
 * op_col_text()'s questions per value; the other columns as
 * op_col_int() reads them.
 */
static void op_col_ints(void *h, int first, int n, int64_t *out)
{
	struct pgstmt *s = h;
	if (!s->res || s->row < 0 || s->row >= s->n_rows || first < 0) {
		for (int k = 0; k < n; k++)
			out[k] = op_col_int(h, first + k);
		return;
	}
	int packed_col = -1;
	int64_t packed = 0;
	for (int k = 0; k < n; k++) {
		int i = first + k;
		int c = s->n_cols ? (i < s->n_cols ? s->col_at[i] : -1) : (i < s->nf ? i : -1);
		Oid t = c >= 0 && c < s->nf ? s->ftype[c] : 0;
		if (t && s->shift && s->shift[i] >= 0) {
			/* The small columns of a packed integer: it is read once for all of them. */
			if (c != packed_col) {
				packed = int_of(PQgetvalue(s->res, s->row, c));
				packed_col = c;
			}
			out[k] = unpack(s, i, packed);
		} else if (t == OID_INT8 || t == OID_INT4 || t == OID_INT2)
			out[k] = int_of(PQgetvalue(s->res, s->row, c));
		else
			out[k] = op_col_int(h, i);
	}
}

static double op_col_double(void *h, int i)
{
	return strtod(op_col_text(h, i), NULL);
}

static void op_reset(void *h)
{
	clear_result(h);
}

static void op_clear(void *h)
{
	struct pgstmt *s = h;
	for (int i = 0; i < s->n_params; i++)
		s->p[i].kind = 'n';
}

/* Several statements in one string, on the primary: the simple query protocol runs them all. */
static int op_exec(struct store *st, const char *sql)
{
	struct pgdb *db = st->db;
	own(db);
	int rc = ensure_primary(st);
	if (rc == RC_OK)
		rc = run_simple(st, &db->c[ON_PRIMARY], sql);
	return rc;
}

/* Lazy: the BEGIN goes out with the first statement that reads. */
static int op_read_begin(struct store *st)
{
	struct pgdb *db = st->db;
	db->snap_wanted = true;
	return RC_OK;
}

static int op_read_end(struct store *st)
{
	struct pgdb *db = st->db;
	own(db);
	db->snap_wanted = false;
	int rc = end_snapshot(st, &db->c[ON_PRIMARY], true);
	if (end_snapshot(st, &db->c[ON_REPLICA], true) != RC_OK)
		drop_replica(db, st->errmsg);
	return rc;
}

/*
 * BEGIN and the writers' advisory lock in one round trip, both prepared
 * once per session (tx_prepared(); as text where preparing was refused),
 * so that the server does not parse and plan them for every write. On
 * failure (lock timeout: RC_BUSY) the aborted transaction is rolled back.
 */
/*
 * BEGIN and the writers' lock on `c` in one round trip of their own, both
 * prepared once per session (tx_prepared(); as text where preparing was
 * refused or the server forgot them). On failure (lock timeout: RC_BUSY)
 * the aborted transaction is rolled back.
 */
static int begin_now(struct store *st, struct pgconn *c)
{
	int rc = RC_OK;
	bool sent = false;
	if (PQtransactionStatus(c->conn) == PQTRANS_IDLE && tx_prepared(c) && PQenterPipelineMode(c->conn)) {
		PGresult *res[2] = { NULL, NULL };
		if (send_tx(c, TX_BEGIN_RC) && send_tx(c, TX_LOCK) && PQpipelineSync(c->conn))
			pipe_read(c, res, 2, true);
		PQexitPipelineMode(c->conn);
		bool begun = res[0] && PQresultStatus(res[0]) == PGRES_COMMAND_OK;
		sent = true;
		if (begun && res[1] && PQresultStatus(res[1]) == PGRES_TUPLES_OK) {
			rc = RC_OK;
		} else {
			const PGresult *bad = begun ? res[1] : res[0];
			check_tx_lost(c, bad);
			rc = fail(st, c, bad, "BEGIN");
			/* The server forgot the prepared commands (26000): nothing happened yet, so try again as text. */
			if (c->snap_gen == 0 && PQstatus(c->conn) == CONNECTION_OK) {
				if (PQtransactionStatus(c->conn) != PQTRANS_IDLE)
					PQclear(PQexec(c->conn, "ROLLBACK"));
				sent = false;
			}
		}
		PQclear(res[0]);
		PQclear(res[1]);
	}
	if (!sent)
		rc = run_simple(st, c, "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")");
	if (rc != RC_OK && !st->is_disconnected && PQtransactionStatus(c->conn) != PQTRANS_IDLE) {
		char why[STORE_ERRMSG_MAX];
		memcpy(why, st->errmsg, sizeof(why));
		run_simple(st, c, "ROLLBACK");
		memcpy(st->errmsg, why, sizeof(why));
	}
	return rc;
}

static int op_begin(struct store *st)
{
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ON_PRIMARY];
	own(db);
	int rc = ensure_primary(st);
	if (rc != RC_OK)
		return rc;
	db->wrote = true;
	if (c->implicit)
		end_snapshot(st, c, false);
	settle(c);
	/*
	 * Sent ahead: BEGIN and the lock wait in libpq's buffer, as writes of
	 * store_run_later() do, and go out with the transaction's first
	 * statement, whose round trip reads their answers first (a failure,
	 * such as the lock's timeout, is that statement's failure, RC_BUSY):
	 * one round trip fewer per write transaction, and the lock is not
	 * held while the caller prepares its first statement. When the server
	 * had forgotten the prepared commands (26000), begin_now() begins
	 * again (see retry_begin()).
	 */
	if (PQtransactionStatus(c->conn) == PQTRANS_IDLE && !c->deferred && tx_prepared(c) &&
	    PQenterPipelineMode(c->conn)) {
		if (send_tx(c, TX_BEGIN_RC) && send_tx(c, TX_LOCK)) {
			c->deferred = 2;
			c->begin_ahead = true;
			return RC_OK;
		}
		PQexitPipelineMode(c->conn);
	}
	return begin_now(st, c);
}

/*
 * COMMIT of a transaction PostgreSQL already aborted answers "ROLLBACK"
 * without an error: that is a failure for our callers.
 */
static int op_commit(struct store *st)
{
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ON_PRIMARY];
	own(db);
	/* The writes sent ahead and the COMMIT in one round trip. */
	if (c->deferred)
		return drain(st, c, "COMMIT");
	settle(c);
	PGresult *res = PQexec(c->conn, "COMMIT");
	int rc = RC_OK;
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = fail(st, c, res, "COMMIT");
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
		rc = store_set_error(st, RC_ERR, "postgresql: the transaction was aborted by an "
						 "earlier error and has been rolled back");
	PQclear(res);
	return rc;
}

static int op_rollback(struct store *st)
{
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ON_PRIMARY];
	own(db);
	if (PQstatus(c->conn) != CONNECTION_OK)
		return RC_OK;
	if (c->deferred) {
		/* Their failure, if any, does not matter any more: keep the message that led here. */
		char why[STORE_ERRMSG_MAX];
		memcpy(why, st->errmsg, sizeof(why));
		drain(st, c, NULL);
		memcpy(st->errmsg, why, sizeof(why));
	}
	settle(c);
	if (c->implicit || PQtransactionStatus(c->conn) == PQTRANS_IDLE)
		return RC_OK;
	return run_simple(st, c, "ROLLBACK");
}

/* A write transaction is open on the primary (the snapshot's read transaction does not count). */
static bool op_in_tx(struct store *st)
{
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ON_PRIMARY];
	own(db);
	if (PQstatus(c->conn) != CONNECTION_OK || c->owe_commit)
		return false;
	if (c->deferred)
		return true; /* writes sent ahead: only in a write transaction */
	PGTransactionStatusType t = PQtransactionStatus(c->conn);
	return (t == PQTRANS_INTRANS || t == PQTRANS_INERROR) && !c->in_snap;
}

static int64_t op_last_id(struct store *st)
{
	return ((struct pgdb *)st->db)->last_id;
}

static int op_changes(struct store *st)
{
	return ((struct pgdb *)st->db)->changes;
}

/*
 * A write inside a write transaction whose outcome the caller leaves to
 * the transaction (store_run_later()): sent in pipeline mode without
 * waiting; its answer is read with the next statement or the COMMIT
 * (drain()), which fail when it failed. Anything else (a read, a write
 * with its own RETURNING, an INSERT that must move its sequence after
 * it, no write transaction here) is left to the caller to step.
 */
static int op_defer(struct store *st, void *h, bool *queued)
{
	struct pgstmt *s = h;
	struct pgdb *db = st->db;
	struct pgconn *c = &db->c[ON_PRIMARY];
	*queued = false;
	own(db);
	if (!s->is_write || s->has_returning || st->tx_depth == 0 || c->in_snap || c->implicit ||
	    PQstatus(c->conn) != CONNECTION_OK || db->lost)
		return RC_OK;
	int rc = prepare_on(st, ON_PRIMARY, s);
	if (rc != RC_OK)
		return rc;
	if (s->seq_fix)
		return RC_OK;
	if (c->deferred >= PG_DEFER_MAX && (rc = drain(st, c, NULL)) != RC_OK)
		return rc;
	settle(c);
	if (!c->deferred && PQtransactionStatus(c->conn) != PQTRANS_INTRANS)
		return RC_OK; /* not in a healthy block: let the statement say so itself */
	if (!c->deferred && !PQenterPipelineMode(c->conn))
		return RC_OK;
	struct pgargs args;
	args_make(&args, s);
	/*
	 * Queued in libpq's buffer, not flushed: the writes go out together
	 * with the statement that reads their answers, so the server wakes
	 * once for all of them.
	 */
	bool sent = PQsendQueryPrepared(c->conn, s->name, s->n_params, args.vals, args.lens, args.fmts, 0);
	args_free(&args, s);
	if (!sent) {
		if (!c->deferred)
			PQexitPipelineMode(c->conn);
		return fail(st, c, NULL, s->sql);
	}
	c->deferred++;
	db->wrote = true;
	*queued = true;
	return RC_OK;
}

/* ---------- replicas ---------- */

/* A WAL position as PostgreSQL writes it ("16/B374D848") as a number; 0 when malformed. */
static uint64_t parse_lsn(const char *s)
{
	char *end;
	unsigned long long hi = strtoull(s, &end, 16);
	if (*end != '/')
		return 0;
	unsigned long long lo = strtoull(end + 1, &end, 16);
	return *end ? 0 : (uint64_t)hi << 32 | (uint64_t)lo;
}

/*
 * The primary's current WAL insert position on `conn`, or 0 when it
 * cannot be read. The insert position, not the write position: with
 * synchronous_commit off, a commit that returned may not be written yet,
 * and a replica at the write position would still miss it.
 */
static uint64_t wal_position(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT pg_current_wal_insert_lsn()");
	uint64_t pos = 0;
	if (res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		pos = parse_lsn(PQgetvalue(res, 0, 0));
	PQclear(res);
	return pos;
}

/* "host:port" of a connection URL, for siteinfo and maxlag (allocated); replicaN (1-based) without a host. */
static char *server_name(const char *url, size_t i)
{
	PQconninfoOption *opts = PQconninfoParse(url, NULL);
	const char *host = NULL, *port = NULL;
	for (PQconninfoOption *o = opts; o && o->keyword; o++) {
		if (strcmp(o->keyword, "host") == 0 && o->val && *o->val)
			host = o->val;
		else if (strcmp(o->keyword, "port") == 0 && o->val && *o->val)
			port = o->val;
	}
	char buf[512];
	if (host)
		snprintf(buf, sizeof(buf), "%s%s%s", host, port ? ":" : "", port ? port : "");
	else
		snprintf(buf, sizeof(buf), i ? "replica%zu" : "localhost", i);
	PQconninfoFree(opts);
	return xstrdup(buf);
}

/* A monitor connection to `url` that works, reusing `conn` when it still does; NULL when down. */
static PGconn *monitor_conn(PGconn *conn, const char *url)
{
	if (conn && PQstatus(conn) == CONNECTION_OK)
		return conn;
	if (conn)
		PQfinish(conn);
	conn = PQconnectdb(url);
	if (conn && PQstatus(conn) == CONNECTION_OK)
		return conn;
	PQfinish(conn);
	return NULL;
}

/* The replica state the monitor asks for: in recovery?, replayed position, age of the last replayed commit. */
#define REPLICA_STATE_SQL \
	"SELECT pg_is_in_recovery(), COALESCE(pg_last_wal_replay_lsn()::text, '')," \
	" COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)"

/*
 * Ask replica `r` for its state on the monitor's connection. A query that
 * fails on a connection that was up is tried once more on a new
 * connection: the server may have ended the old session (a restart, an
 * administrator) while the replica itself is fine, and one failed sample
 * would otherwise take the replica out of service until the next one.
 * NULL when the replica cannot be asked.
 */
static PGresult *replica_state(struct replica *r)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		bool was_up = r->mon != NULL;
		r->mon = monitor_conn(r->mon, r->url);
		if (!r->mon)
			return NULL;
		PGresult *res = PQexec(r->mon, REPLICA_STATE_SQL);
		if (res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
			return res;
		PQclear(res);
		PQfinish(r->mon);
		r->mon = NULL;
		if (!was_up)
			return NULL;
	}
	return NULL;
}

/*
 * Measure every replica once: its replayed WAL position and, when that
 * is behind the primary's, the age of the last transaction it replayed
 * (what a client reading there misses). Only the monitor thread calls
 * it; the connections are its own, the results go under the mutex.
 */
static void measure(void)
{
	g_rep.mon_primary = monitor_conn(g_rep.mon_primary, g_rep.primary);
	uint64_t primary = g_rep.mon_primary ? wal_position(g_rep.mon_primary) : 0;
	for (size_t i = 0; i < g_rep.n; i++) {
		struct replica *r = &g_rep.r[i];
		double lag = -1;
		uint64_t replayed = 0;
		pthread_mutex_lock(&g_rep.mu);
		uint64_t sample = ++r->n_samples;
		pthread_mutex_unlock(&g_rep.mu);
		PGresult *res = replica_state(r);
		if (res) {
			bool standby = PQgetvalue(res, 0, 0)[0] == 't';
			replayed = standby ? parse_lsn(PQgetvalue(res, 0, 1)) : UINT64_MAX;
			double age = strtod(PQgetvalue(res, 0, 2), NULL);
			lag = replayed >= primary ? 0 : (age > 0 ? age : 0);
		}
		PQclear(res);
		pthread_mutex_lock(&g_rep.mu);
		r->lag = lag;
		r->replayed = replayed;
		if (lag >= 0)
			r->ok_sample = sample;
		pthread_mutex_unlock(&g_rep.mu);
	}
}

/* The monitor: measure, then sleep PG_MONITOR_INTERVAL_MS, until stopped. */
static void *monitor(void *unused)
{
	pthread_mutex_lock(&g_rep.mu);
	while (!g_rep.stop) {
		pthread_mutex_unlock(&g_rep.mu);
		measure();
		pthread_mutex_lock(&g_rep.mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)PG_MONITOR_INTERVAL_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		if (!g_rep.stop)
			pthread_cond_timedwait(&g_rep.cv, &g_rep.mu, &until);
	}
	pthread_mutex_unlock(&g_rep.mu);
	return NULL;
}

/* Stop the monitor and the flusher, and forget the replicas. */
static void op_background_stop(void)
{
	flusher_stop();
	pthread_mutex_lock(&g_rep.mu);
	bool running = g_rep.running;
	g_rep.running = false;
	g_rep.stop = true;
	pthread_cond_signal(&g_rep.cv);
	pthread_mutex_unlock(&g_rep.mu);
	if (running)
		pthread_join(g_rep.thread, NULL);
	pthread_mutex_lock(&g_rep.mu);
	for (size_t i = 0; i < g_rep.n; i++) {
		PQfinish(g_rep.r[i].mon);
		xfree(g_rep.r[i].url);
		xfree(g_rep.r[i].name);
	}
	PQfinish(g_rep.mon_primary);
	g_rep.mon_primary = NULL;
	xfree(g_rep.primary);
	g_rep.primary = NULL;
	g_rep.n = 0;
	g_rep.stop = false;
	pthread_mutex_unlock(&g_rep.mu);
}

/*
 * Remember the replicas, measure them once (so the first requests know
 * their lag) and start the monitor. Connections opened afterwards read
 * from them in turn.
 */
static int op_replicas(const char *primary, const char *const *urls, size_t n, double max_lag)
{
	op_background_stop();
	if (n > STORE_REPLICAS_MAX)
		return RC_TOOBIG;
	g_rep.primary = xstrdup(primary);
	for (size_t i = 0; i < n; i++) {
		g_rep.r[i] = (struct replica){ xstrdup(urls[i]), server_name(urls[i], i + 1), NULL, -1, 0, 0, 0 };
	}
	g_rep.n = n;
	g_rep.max_lag = max_lag;
	if (n == 0)
		return RC_OK;
	measure();
	g_rep.running = pthread_create(&g_rep.thread, NULL, monitor, NULL) == 0;
	return g_rep.running ? RC_OK : RC_ERR;
}

/* The primary's name. */
static char *op_host(const char *url)
{
	return server_name(url, 0);
}

/* The replicas' names and last measured lags; the names live until the replicas are reset. */
static size_t op_lags(struct store_lag *out, size_t cap)
{
	pthread_mutex_lock(&g_rep.mu);
	size_t n = g_rep.n < cap ? g_rep.n : cap;
	for (size_t i = 0; i < n; i++)
		out[i] = (struct store_lag){ g_rep.r[i].name, g_rep.r[i].lag };
	pthread_mutex_unlock(&g_rep.mu);
	return n;
}

/*
 * Reads of this request may go to the replica if it is up, lags at most
 * max_lag and has replayed `min_pos` (the client's last write), and, when
 * it failed on this connection, the monitor has reached it in a
 * measurement begun since.
 */
static void op_use_replica(struct store *st, uint64_t min_pos)
{
	struct pgdb *db = st->db;
	db->route_reads = false;
	if (db->replica < 0)
		return;
	pthread_mutex_lock(&g_rep.mu);
	if ((size_t)db->replica < g_rep.n) {
		const struct replica *r = &g_rep.r[db->replica];
		db->route_reads = r->lag >= 0 && r->lag <= g_rep.max_lag && r->replayed >= min_pos &&
				  r->ok_sample > db->replica_failed;
	}
	pthread_mutex_unlock(&g_rep.mu);
}

/* Only with replicas: without them nobody needs the position. */
static uint64_t op_write_position(struct store *st)
{
	struct pgdb *db = st->db;
	own(db);
	if (!db->wrote || g_rep.n == 0 || PQstatus(db->c[ON_PRIMARY].conn) != CONNECTION_OK)
		return 0;
	settle(&db->c[ON_PRIMARY]);
	return wal_position(db->c[ON_PRIMARY].conn);
}

/* The end of a request: its routing, write flag and a lost connection are forgotten. */
static void op_end_request(struct store *st)
{
	struct pgdb *db = st->db;
	db->route_reads = false;
	db->wrote = false;
	db->lost = false;
}

/* Kind of a column for store_copy(), from its type. */
static char type_kind(Oid t)
{
	switch (t) {
	case 20: case 21: case 23: /* bigint, smallint, integer */
		return 'i';
	case 700: case 701: case 1700: /* real, double precision, numeric */
		return 'f';
	case OID_BYTEA:
		return 'b';
	default:
		return 't';
	}
}

/* Tables of the current schema with their stored (not generated) columns, from the catalog. */
static int op_describe(struct store *st, struct arena *a, struct store_table **tables, size_t *n)
{
	struct store_stmt *s = store_prepare(st,
		"SELECT c.relname, a.attname, a.atttypid FROM pg_class c"
		" JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid"
		" WHERE c.relkind = 'r' AND n.nspname = current_schema() AND a.attnum > 0"
		" AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY c.relname, a.attnum");
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
		}
		struct store_table *cur = &t[*n - 1];
		cur->cols = arena_grow(a, cur->cols, cur->n_cols, &cols_cap, sizeof(*cur->cols));
		cur->cols[cur->n_cols++] = (struct store_column){ store_col_dup(s, a, 1),
								  type_kind((Oid)store_col_int(s, 2)) };
	}
	*tables = t;
	return rc == STORE_DONE ? RC_OK : rc;
}

static int op_sync_ids(struct store *st)
{
	return op_exec(st, store_pg_fix_sequences);
}

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.version = op_version,
	.backend = STORE_PG,
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
	.col_ints = op_col_ints,
	.col_double = op_col_double,
	.col_text = op_col_text,
	.col_blob = op_col_blob,
	.col_len = op_col_len,
	.col_is_null = op_col_is_null,
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
	.defer = op_defer,
	.background_stop = op_background_stop,
	.ddl = store_pg_ddl,
	.describe = op_describe,
	.sync_ids = op_sync_ids,
	.replicas = op_replicas,
	.host = op_host,
	.lags = op_lags,
	.use_replica = op_use_replica,
	.write_position = op_write_position,
	.end_request = op_end_request,
};
