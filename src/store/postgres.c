/* SPDX-License-Identifier: MIT */
/*
 * postgres.c — the PostgreSQL backend of store.h, on libpq. Each struct
 * store holds one connection (one per worker thread, as with SQLite); the
 * portable SQL of the callers is adapted here, once per statement:
 *
 *   placeholders   `?` and `?N` become `$N` (string literals, quoted
 *                  names and comments are skipped);
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
 *                  read, booleans read as 1/0.
 *
 * Transactions give callers what SQLite gives them. A write transaction
 * (store_begin) takes a transaction-scoped advisory lock, so writers are
 * serialized across every wikid process on the database as SQLite's
 * BEGIN IMMEDIATE serializes them; inside it READ COMMITTED lets each
 * statement see everything committed before the lock was granted. A read
 * snapshot (store_snapshot) is a REPEATABLE READ transaction begun lazily
 * at the first statement; a write outside store_begin ends the snapshot
 * first and runs in autocommit, so it never meets a serialization
 * failure. After any failure inside a transaction PostgreSQL refuses
 * further statements until the rollback, which the callers already do.
 *
 * A lost connection fails the statement in flight (store_disconnected()
 * then says so, for internal_api_error_DBConnectionError); the next
 * statement reconnects, and statements are prepared again on the new
 * session. This is the only file that includes libpq's header.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "store_int.h"

/* Built-in type OIDs (catalog/pg_type.h is a server header; these never change). */
enum {
	OID_BOOL = 16,     /* boolean */
	OID_BYTEA = 17,    /* bytea */
	OID_NAME = 19,     /* name */
	OID_INT8 = 20,     /* bigint */
	OID_TEXT = 25,     /* text */
	OID_FLOAT8 = 701,  /* double precision */
	OID_BPCHAR = 1042, /* char(n) */
	OID_VARCHAR = 1043, /* varchar(n) */
};

/*
 * Key of the advisory lock every write transaction holds (an arbitrary
 * 64-bit constant: "wikid" in ASCII). Only wikid takes it.
 */
#define PG_WRITER_LOCK "512852896100"

/* One bound parameter, owned by its statement. */
struct pgparam {
	char kind;      /* 'i' int, 'f' double, 't' text, 'b' blob, 'n' NULL (also unbound) */
	char *buf;      /* text or blob bytes (owned, grown as needed) */
	size_t len;     /* bytes in buf */
	size_t cap;     /* bytes allocated for buf */
	char num[32];   /* an int or double written out as text */
};

/* One statement (the backend handle `h` of struct store_stmt). */
struct pgstmt {
	struct store *st;      /* owning connection */
	char *sql;             /* the SQL with $N placeholders (owned) */
	char name[24];         /* server-side name, "w<number>" */
	unsigned gen;          /* connection generation it is prepared in; 0 = not prepared */
	int n_params;          /* highest placeholder number */
	struct pgparam *p;     /* n_params bindings */
	Oid *types;            /* parameter types the server settled on (n_params) */
	bool is_insert;        /* an INSERT: new ids and change counts */
	bool is_write;         /* INSERT, UPDATE or DELETE: change counts */
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
};

/* The connection (st->db). */
struct pgdb {
	PGconn *conn;          /* libpq connection; may be CONNECTION_BAD until the next reconnect */
	char *conninfo;        /* the URL, for reconnecting (owned) */
	unsigned gen;          /* counts successful (re)connects; statements remember theirs */
	unsigned next_name;    /* numbers server-side statement names */
	int64_t last_id;       /* id returned by the last INSERT into a serial table */
	int changes;           /* rows changed by the last INSERT/UPDATE/DELETE */
	bool snap_wanted;      /* store_snapshot() asked for a read snapshot */
	bool in_snap;          /* the snapshot's BEGIN has been sent */
	int lock_ms;           /* lock_timeout to apply (ms) */
	char **dealloc;        /* names of finalized statements still on the server */
	size_t n_dealloc;      /* entries in dealloc */
	size_t cap_dealloc;    /* allocated entries in dealloc */
};

/* Statements finalized before their names are sent to DEALLOCATE in one go. */
#define PG_DEALLOC_BATCH 32

static int run_simple(struct store *st, const char *sql);

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
 * Record the failure of `res` (which may be NULL: no memory or no
 * connection) and return its RC_*. Also notes a lost connection.
 */
static int fail(struct store *st, const PGresult *res, const char *what)
{
	struct pgdb *db = st->db;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : "";
	if (!*msg)
		msg = PQerrorMessage(db->conn);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	bool lost = PQstatus(db->conn) != CONNECTION_OK || state_is_lost(state);
	st->is_disconnected = lost;
	return store_set_error(st, lost ? RC_ERR : map_state(state), "postgresql: %s: %.*s%s%s", what,
			       (int)n, msg, state ? " SQLSTATE " : "", state ? state : "");
}

/* ---------- connecting ---------- */

/*
 * Session settings every connection needs: UTF-8, UTC, no notices (the
 * "already exists, skipping" of CREATE ... IF NOT EXISTS), and how long
 * a lock may be waited for. Returns RC_OK or the failure.
 */
static int setup_session(struct store *st)
{
	struct pgdb *db = st->db;
	char sql[160];
	snprintf(sql, sizeof(sql), "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; "
		 "SET standard_conforming_strings = on; SET client_min_messages = warning; "
		 "SET lock_timeout = %d", db->lock_ms);
	return run_simple(st, sql);
}

/*
 * Make sure the connection is up: after a loss, reconnect (PQreset).
 * Every statement is then prepared again lazily (the generation moved).
 */
static int ensure_conn(struct store *st)
{
	struct pgdb *db = st->db;
	if (PQstatus(db->conn) == CONNECTION_OK)
		return RC_OK;
	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		st->is_disconnected = true;
		return fail(st, NULL, "cannot reconnect");
	}
	db->gen++;
	db->in_snap = false;
	db->n_dealloc = 0;
	st->is_disconnected = false;
	return setup_session(st);
}

/* The server's version as it reports it at connection ("15.18 (Debian 15.18-0+deb12u1)"). */
static const char *op_version(const struct store *st)
{
	const struct pgdb *db = st->db;
	const char *v = db ? PQparameterStatus(db->conn, "server_version") : NULL;
	return v ? v : "";
}

/*
 * Connect to `url` (a postgresql:// URI or a key=value string); the url
 * is kept for reconnecting after a loss.
 */
static int op_open(struct store *st, const char *url)
{
	struct pgdb *db = xcalloc(1, sizeof(*db));
	st->db = db;
	db->conninfo = xstrdup(url);
	db->lock_ms = STORE_BUSY_TIMEOUT_MS;
	db->conn = PQconnectdb(url);
	if (!db->conn)
		BUG("PQconnectdb returned NULL (out of memory)");
	if (PQstatus(db->conn) != CONNECTION_OK) {
		int rc = fail(st, NULL, "cannot connect");
		PQfinish(db->conn);
		xfree(db->conninfo);
		xfree(db);
		st->db = NULL;
		return rc;
	}
	db->gen = 1;
	int rc = setup_session(st);
	if (rc != RC_OK) {
		PQfinish(db->conn);
		xfree(db->conninfo);
		xfree(db);
		st->db = NULL;
	}
	return rc;
}

static void op_close(struct store *st)
{
	struct pgdb *db = st->db;
	PQfinish(db->conn);
	for (size_t i = 0; i < db->n_dealloc; i++)
		xfree(db->dealloc[i]);
	xfree(db->dealloc);
	xfree(db->conninfo);
	xfree(db);
	st->db = NULL;
}

/* lock_timeout 0 would mean "wait forever" in PostgreSQL: 0 becomes 1 ms. */
static void op_busy_timeout(struct store *st, int ms)
{
	struct pgdb *db = st->db;
	db->lock_ms = ms > 0 ? ms : 1;
	char sql[64];
	snprintf(sql, sizeof(sql), "SET lock_timeout = %d", db->lock_ms);
	if (ensure_conn(st) == RC_OK)
		run_simple(st, sql);
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
}

/* The server forgets finalized statements with the next command (see flush_dealloc()). */
static void op_finalize(void *h)
{
	struct pgstmt *s = h;
	struct pgdb *db = s->st->db;
	clear_result(s);
	if (db && s->gen == db->gen && s->gen != 0) {
		if (db->n_dealloc == db->cap_dealloc) {
			db->cap_dealloc = db->cap_dealloc ? db->cap_dealloc * 2 : PG_DEALLOC_BATCH;
			db->dealloc = xrealloc(db->dealloc, db->cap_dealloc * sizeof(*db->dealloc));
		}
		db->dealloc[db->n_dealloc++] = xstrdup(s->name);
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
	xfree(s->seq_fix);
	xfree(s->sql);
	xfree(s);
}

/* Send DEALLOCATE for statements finalized since the last call, in one round trip. */
static void flush_dealloc(struct store *st)
{
	struct pgdb *db = st->db;
	if (db->n_dealloc < PG_DEALLOC_BATCH)
		return;
	size_t cap = db->n_dealloc * 40 + 1, o = 0;
	char *sql = xmalloc(cap);
	for (size_t i = 0; i < db->n_dealloc; i++) {
		o += (size_t)snprintf(sql + o, cap - o, "DEALLOCATE %s;", db->dealloc[i]);
		xfree(db->dealloc[i]);
	}
	db->n_dealloc = 0;
	/* Inside a transaction a failure here would doom it; DEALLOCATE of a known name cannot fail. */
	PGresult *res = PQexec(db->conn, sql);
	PQclear(res);
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

/* Run a statement without parameters and results (SET, SAVEPOINT, ...). */
static int run_simple(struct store *st, const char *sql)
{
	struct pgdb *db = st->db;
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = RC_OK;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
		rc = fail(st, res, sql);
	PQclear(res);
	return rc;
}

/*
 * For an INSERT: find the table's serial column (one catalog query per
 * statement and connection). When there is one, append RETURNING it,
 * and when the INSERT names that column itself (or names no columns),
 * prepare the statement that moves the sequence past the new ids.
 */
static int look_up_serial(struct store *st, struct pgstmt *s)
{
	struct pgdb *db = st->db;
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
	PGresult *res = PQexecParams(db->conn,
		"SELECT a.attname, pg_get_serial_sequence($1, a.attname) FROM pg_attribute a"
		" WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped"
		" AND pg_get_serial_sequence($1, a.attname) IS NOT NULL LIMIT 1",
		1, NULL, vals, NULL, NULL, 0);
	int rc = RC_OK;
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = fail(st, res, "looking up the id column");
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
 * Prepare `s` on the current connection unless it already is. A failed
 * prepare inside a transaction would abort it, so there the attempt runs
 * in a savepoint. Afterwards the server's parameter types are asked for,
 * to choose each parameter's wire format.
 */
static int prepare_on_server(struct store *st, struct pgstmt *s)
{
	struct pgdb *db = st->db;
	if (s->gen == db->gen)
		return RC_OK;
	int rc = RC_OK;
	if (s->is_insert && !s->looked_up)
		rc = look_up_serial(st, s);
	if (rc != RC_OK)
		return rc;
	bool in_tx = PQtransactionStatus(db->conn) == PQTRANS_INTRANS;
	if (in_tx && (rc = run_simple(st, "SAVEPOINT wikid_prepare")) != RC_OK)
		return rc;
	snprintf(s->name, sizeof(s->name), "w%u", ++db->next_name);
	/* The server infers what the statement uses; a number it never mentions is text. */
	for (int i = 0; i < s->n_params; i++)
		s->types[i] = uses_param(s->sql, i + 1) ? 0 : OID_TEXT;
	PGresult *res = PQprepare(db->conn, s->name, s->sql, s->n_params, s->types);
	if (res && PQresultStatus(res) != PGRES_COMMAND_OK && untyped_state(res)) {
		/* Declare the types of the bound values and try once more. */
		PQclear(res);
		if (in_tx)
			run_simple(st, "ROLLBACK TO SAVEPOINT wikid_prepare");
		for (int i = 0; i < s->n_params; i++)
			s->types[i] = kind_type(s->p[i].kind);
		res = PQprepare(db->conn, s->name, s->sql, s->n_params, s->types);
	}
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = fail(st, res, s->sql);
		PQclear(res);
		if (in_tx && !st->is_disconnected) {
			run_simple(st, "ROLLBACK TO SAVEPOINT wikid_prepare");
			run_simple(st, "RELEASE SAVEPOINT wikid_prepare");
		}
		return rc;
	}
	PQclear(res);
	if (in_tx && (rc = run_simple(st, "RELEASE SAVEPOINT wikid_prepare")) != RC_OK)
		return rc;
	res = PQdescribePrepared(db->conn, s->name);
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = fail(st, res, "describing a statement");
		PQclear(res);
		return rc;
	}
	for (int i = 0; i < s->n_params && i < PQnparams(res); i++)
		s->types[i] = PQparamtype(res, i);
	PQclear(res);
	s->gen = db->gen;
	return RC_OK;
}

/* Begin the read snapshot now if one was asked for and none is open. */
static int start_snapshot(struct store *st)
{
	struct pgdb *db = st->db;
	if (!db->snap_wanted || db->in_snap || PQtransactionStatus(db->conn) != PQTRANS_IDLE)
		return RC_OK;
	int rc = run_simple(st, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	if (rc == RC_OK)
		db->in_snap = true;
	return rc;
}

/* End the read snapshot's transaction, if it began. */
static int end_snapshot(struct store *st)
{
	struct pgdb *db = st->db;
	if (!db->in_snap)
		return RC_OK;
	db->in_snap = false;
	if (PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		return RC_OK;
	return run_simple(st, "COMMIT");
}

/* Execute `s` with its bindings; on success s->res holds the result. */
static int execute(struct store *st, struct pgstmt *s)
{
	struct pgdb *db = st->db;
	int rc = ensure_conn(st);
	if (rc != RC_OK)
		return rc;
	if (db->n_dealloc >= PG_DEALLOC_BATCH && PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		flush_dealloc(st);
	/* A write outside store_begin() runs in autocommit, after the snapshot. */
	if (s->is_write && db->in_snap && st->tx_depth == 0)
		rc = end_snapshot(st);
	else if (!s->is_write)
		rc = start_snapshot(st);
	if (rc == RC_OK)
		rc = prepare_on_server(st, s);
	if (rc != RC_OK)
		return rc;

	enum { ON_STACK = 16 };
	const char *vals_s[ON_STACK];
	int lens_s[ON_STACK], fmts_s[ON_STACK];
	int n = s->n_params;
	const char **vals = n <= ON_STACK ? vals_s : xmalloc((size_t)n * sizeof(*vals));
	int *lens = n <= ON_STACK ? lens_s : xmalloc((size_t)n * sizeof(*lens));
	int *fmts = n <= ON_STACK ? fmts_s : xmalloc((size_t)n * sizeof(*fmts));
	for (int i = 0; i < n; i++) {
		struct pgparam *p = &s->p[i];
		switch (p->kind) {
		case 'i':
		case 'f':
			vals[i] = p->num;
			lens[i] = (int)p->len;
			fmts[i] = 0;
			break;
		case 't':
		case 'b':
			vals[i] = p->buf;
			lens[i] = (int)p->len;
			/* Raw bytes where the type allows it; otherwise the text is parsed (numbers). */
			fmts[i] = raw_type(s->types[i]) ? 1 : 0;
			break;
		default:
			vals[i] = NULL;
			lens[i] = 0;
			fmts[i] = 0;
			break;
		}
	}
	PGresult *res = PQexecPrepared(db->conn, s->name, n, vals, lens, fmts, 0);
	if (n > ON_STACK) {
		xfree(vals);
		xfree(lens);
		xfree(fmts);
	}
	ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		rc = fail(st, res, s->sql);
		PQclear(res);
		/* A statement that no longer exists (DISCARD, a pooler): prepare again next time. */
		s->gen = 0;
		return rc;
	}
	if (s->is_write) {
		long long changed = 0;
		util_parse_ll(PQcmdTuples(res), &changed);
		db->changes = (int)changed;
	}
	s->res = res;
	s->row = -1;
	s->n_rows = PQntuples(res);
	if (s->returns_id) {
		if (s->n_rows > 0)
			db->last_id = strtoll(PQgetvalue(res, s->n_rows - 1, 0), NULL, 10);
		s->n_rows = 0;
	}
	if (s->seq_fix && db->changes > 0)
		rc = run_simple(st, s->seq_fix);
	return rc;
}

static int op_step(struct store *st, void *h)
{
	struct pgstmt *s = h;
	if (!s->res) {
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
	return s->res ? PQnfields(s->res) : 0;
}

/* True when the current row has a column `i`. */
static bool has_cell(const struct pgstmt *s, int i)
{
	return s->res && s->row >= 0 && s->row < s->n_rows && i >= 0 && i < PQnfields(s->res);
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
	int nf = PQnfields(s->res);
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

static const char *op_col_text(void *h, int i)
{
	struct pgstmt *s = h;
	if (!has_cell(s, i) || PQgetisnull(s->res, s->row, i))
		return "";
	Oid t = PQftype(s->res, i);
	if (t == OID_BYTEA) {
		size_t len;
		return bytea_cell(s, i, &len);
	}
	const char *v = PQgetvalue(s->res, s->row, i);
	if (t == OID_BOOL)
		return v[0] == 't' ? "1" : "0";
	return v;
}

static size_t op_col_len(void *h, int i)
{
	struct pgstmt *s = h;
	if (!has_cell(s, i) || PQgetisnull(s->res, s->row, i))
		return 0;
	Oid t = PQftype(s->res, i);
	if (t == OID_BYTEA) {
		size_t len;
		bytea_cell(s, i, &len);
		return len;
	}
	if (t == OID_BOOL)
		return 1;
	return (size_t)PQgetlength(s->res, s->row, i);
}

static const void *op_col_blob(void *h, int i)
{
	struct pgstmt *s = h;
	if (!has_cell(s, i) || PQgetisnull(s->res, s->row, i))
		return NULL;
	return op_col_text(h, i);
}

static int64_t op_col_int(void *h, int i)
{
	const char *v = op_col_text(h, i);
	return strtoll(v, NULL, 10);
}

static double op_col_double(void *h, int i)
{
	return strtod(op_col_text(h, i), NULL);
}

static bool op_col_is_null(void *h, int i)
{
	struct pgstmt *s = h;
	return !has_cell(s, i) || PQgetisnull(s->res, s->row, i);
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

/* Several statements in one string: the simple query protocol runs them all. */
static int op_exec(struct store *st, const char *sql)
{
	int rc = ensure_conn(st);
	if (rc == RC_OK)
		rc = run_simple(st, sql);
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
	db->snap_wanted = false;
	if (!db->in_snap)
		return RC_OK;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db->in_snap = false;
		return RC_OK;
	}
	return end_snapshot(st);
}

/*
 * BEGIN and the writers' advisory lock in one round trip. On failure
 * (lock timeout: RC_BUSY) the aborted transaction is rolled back.
 */
static int op_begin(struct store *st)
{
	int rc = ensure_conn(st);
	if (rc != RC_OK)
		return rc;
	rc = run_simple(st, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")");
	if (rc != RC_OK && !st->is_disconnected) {
		char why[STORE_ERRMSG_MAX];
		memcpy(why, st->errmsg, sizeof(why));
		run_simple(st, "ROLLBACK");
		memcpy(st->errmsg, why, sizeof(why));
	}
	return rc;
}

/*
 * COMMIT of a transaction PostgreSQL already aborted answers "ROLLBACK"
 * without an error: that is a failure for our callers.
 */
static int op_commit(struct store *st)
{
	struct pgdb *db = st->db;
	PGresult *res = PQexec(db->conn, "COMMIT");
	int rc = RC_OK;
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = fail(st, res, "COMMIT");
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
		rc = store_set_error(st, RC_ERR, "postgresql: the transaction was aborted by an "
						 "earlier error and has been rolled back");
	PQclear(res);
	return rc;
}

static int op_rollback(struct store *st)
{
	struct pgdb *db = st->db;
	if (PQstatus(db->conn) != CONNECTION_OK || PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		return RC_OK;
	return run_simple(st, "ROLLBACK");
}

/* A write transaction is open (the snapshot's read transaction does not count). */
static bool op_in_tx(struct store *st)
{
	struct pgdb *db = st->db;
	if (PQstatus(db->conn) != CONNECTION_OK)
		return false;
	PGTransactionStatusType t = PQtransactionStatus(db->conn);
	return (t == PQTRANS_INTRANS || t == PQTRANS_INERROR) && !db->in_snap;
}

static int64_t op_last_id(struct store *st)
{
	return ((struct pgdb *)st->db)->last_id;
}

static int op_changes(struct store *st)
{
	return ((struct pgdb *)st->db)->changes;
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
	.ddl = store_pg_ddl,
	.describe = op_describe,
	.sync_ids = op_sync_ids,
};
