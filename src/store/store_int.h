/* SPDX-License-Identifier: MIT */
/*
 * store_int.h — private to src/store: the connection and statement
 * structs, the backend vtable `struct store_ops`, and the migration list.
 *
 * store.c implements the public API of store.h once, on top of the ops;
 * each backend (sqlite.c, postgres.c) fills one `store_ops` and is the
 * only file that includes its database library's header.
 * Backends see statements only through their opaque handle `h`; the
 * cache, transaction depth and error text are kept by store.c.
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include "store.h"

struct sbuf;

/* Backends, an index into store_migration.sql[]. */
enum store_backend {
	STORE_SQLITE,   /* embedded SQLite, one file in the data directory */
	STORE_PG,       /* PostgreSQL through libpq */
	STORE_BACKENDS, /* number of backends (array size) */
};

/* A column as store_copy() sees it. */
struct store_column {
	const char *name; /* column name */
	char kind;        /* 'i' integer, 'f' floating point, 't' text, 'b' bytes */
};

/* A table as store_copy() sees it: the columns that hold data (not generated ones). */
struct store_table {
	const char *name;          /* table name */
	struct store_column *cols; /* its columns, in order */
	size_t n_cols;             /* entries in cols */
};

/*
 * One backend. Every function that can fail returns RC_OK or a negative
 * RC_* and records its message with store_set_error(). `h` is the
 * backend's statement handle made by prepare().
 */
struct store_ops {
	const char *name;             /* "sqlite", "postgresql" */
	enum store_backend backend;   /* which column of the migrations to run */
	/* Version of the database library or server, for siteinfo. */
	const char *(*version)(const struct store *st);
	/*
	 * Open the database `target` into st->db (SQLite: the file path;
	 * PostgreSQL: the connection URL), session settings included.
	 */
	int (*open)(struct store *st, const char *target);
	/* Close st->db; every statement has been finalized already. */
	void (*close)(struct store *st);
	/* Wait up to `ms` for another connection's lock before reporting busy. */
	void (*busy_timeout)(struct store *st, int ms);
	/* Compile one statement into *h; `sql` is NUL-terminated, `len` excludes the NUL. */
	int (*prepare)(struct store *st, const char *sql, size_t len, void **h);
	/* Free a compiled statement. */
	void (*finalize)(void *h);
	/* Bind 1-based parameter `idx`; text and blobs are copied. */
	int (*bind_int)(struct store *st, void *h, int idx, int64_t v);
	int (*bind_double)(struct store *st, void *h, int idx, double v);
	int (*bind_text)(struct store *st, void *h, int idx, const char *p, size_t len);
	int (*bind_blob)(struct store *st, void *h, int idx, const void *p, size_t len);
	int (*bind_null)(struct store *st, void *h, int idx);
	/*
	 * One step: STORE_ROW, STORE_DONE or a negative RC_*. After DONE or
	 * a failure the backend resets the statement itself.
	 */
	int (*step)(struct store *st, void *h);
	/* Column accessors for the current row, 0-based. */
	int (*col_count)(void *h);
	int64_t (*col_int)(void *h, int i);
	double (*col_double)(void *h, int i);
	const char *(*col_text)(void *h, int i); /* "" for NULL, never NULL */
	const void *(*col_blob)(void *h, int i); /* may be NULL for NULL/empty */
	size_t (*col_len)(void *h, int i);
	bool (*col_is_null)(void *h, int i);
	/* Optional: columns first .. first + n - 1 as integers into out (store_col_ints() else loops col_int). */
	void (*col_ints)(void *h, int first, int n, int64_t *out);
	/* Optional: store_col_row() (else col_ints and col_text). */
	void (*col_row)(void *h, int n_ints, int64_t *ints, int n_texts, const char **texts);
	/* Rewind the statement, keeping bindings. */
	void (*reset)(void *h);
	/* Set every parameter back to NULL. */
	void (*clear)(void *h);
	/* Run SQL text that may hold several statements, without results. */
	int (*exec)(struct store *st, const char *sql);
	/* Start / end a read-only snapshot transaction (store_snapshot()). */
	int (*read_begin)(struct store *st);
	int (*read_end)(struct store *st);
	/* Start the outermost write transaction; RC_BUSY when locked. */
	int (*begin)(struct store *st);
	int (*commit)(struct store *st);
	int (*rollback)(struct store *st);
	/* True while the backend has a transaction open (it may roll back by itself). */
	bool (*in_tx)(struct store *st);
	int64_t (*last_id)(struct store *st);
	int (*changes)(struct store *st);
	/*
	 * Send the bound write `h` inside a write transaction without waiting
	 * for its answer (store_run_later()); *queued tells whether it was,
	 * and when not the caller steps it itself. Optional.
	 */
	int (*defer)(struct store *st, void *h, bool *queued);
	/*
	 * Start the backend's own background work for the database
	 * `target` (SQLite: the WAL checkpointer), and stop it. Optional.
	 */
	int (*background_start)(const char *target);
	void (*background_stop)(void);
	/*
	 * The backend's script for a migration written for SQLite only
	 * (allocated; the caller frees it). NULL for SQLite itself.
	 */
	char *(*ddl)(const char *sqlite_script);
	/*
	 * Every table of the wiki with its stored columns, into `a`
	 * (store_copy()). A full-text table lists its `rowid` first.
	 */
	int (*describe)(struct store *st, struct arena *a, struct store_table **tables, size_t *n);
	/* After rows were copied in with their ids: make new ids follow them. Optional. */
	int (*sync_ids)(struct store *st);
	/*
	 * Read replicas (optional; only PostgreSQL has them): remember the
	 * `n` replica URLs of the primary `primary` and start measuring
	 * their lag; the replicas' lags; let this request's reads go to a
	 * replica; the primary's WAL position after this request wrote; the
	 * end of a request.
	 */
	int (*replicas)(const char *primary, const char *const *urls, size_t n, double max_lag);
	char *(*host)(const char *target); /* "host:port" of a database (allocated); NULL: "localhost" */
	size_t (*lags)(struct store_lag *out, size_t cap);
	void (*use_replica)(struct store *st, uint64_t min_position);
	uint64_t (*write_position)(struct store *st);
	void (*end_request)(struct store *st);
};

/*
 * A cached prepared statement. Lives in its connection's hash table from
 * the first store_prepare() of its SQL until trimmed or the connection
 * closes.
 */
struct store_stmt {
	struct store *st;        /* owning connection */
	void *h;                 /* backend handle (sqlite3_stmt *) */
	char *sql;               /* the SQL text, owned; the cache key */
	uint64_t hash;           /* FNV-1a hash of sql */
	struct store_stmt *next; /* next statement in the same hash bucket */
	uint64_t last_use;       /* st->tick at the last store_prepare() */
	bool is_active;          /* stepped to a row and not reset since */
};

/* Bytes of the last error message kept per connection (longer is cut). */
#define STORE_ERRMSG_MAX 512

/* Name table ids a connection remembers (content models and slot roles in use). */
#define STORE_NAMES_MAX 16

/*
 * A row of a name table (content_models, slot_roles) as committed: rows
 * there are never changed or deleted, so a connection keeps the ids it
 * has read.
 */
struct store_name_id {
	const char *table; /* the SELECT that reads the table (a constant: compared by address) */
	char name[48];     /* the name */
	int64_t id;        /* its id */
};

/* One connection. Created by store_open(), freed by store_close(). */
struct store {
	const struct store_ops *ops;  /* backend functions */
	void *db;                     /* backend connection (sqlite3 *) */
	void *tx_stmts[4];            /* the backend's own prepared transaction statements (sqlite.c) */
	struct store_stmt **buckets;  /* statement cache: hash table of chains */
	size_t n_buckets;             /* size of buckets, a power of two */
	size_t n_stmts;               /* statements in the cache */
	size_t n_active;              /* statements with is_active set */
	uint64_t tick;                /* counts store_prepare() calls, for trimming */
	int tx_depth;                 /* open store_begin() levels, 0 = autocommit */
	bool holds_writer;           /* this connection holds the process-wide writer mutex */
	int busy_ms;                  /* lock wait, STORE_BUSY_TIMEOUT_MS unless changed */
	bool in_snapshot;             /* a store_snapshot() read transaction is open */
	bool is_disconnected;         /* the last failure was a lost connection (store_disconnected()) */
	unsigned char *zbuf;          /* deflate output buffer reused by store_blob_put() */
	size_t zcap;                  /* bytes allocated in zbuf */
	char errmsg[STORE_ERRMSG_MAX]; /* last error text, "" when none */
	struct store_cache *cache;    /* immutable rows (rowcache.c); NULL until first used */
	struct store_name_id names[STORE_NAMES_MAX]; /* name table ids read (name_id() in store.c) */
	size_t n_names;               /* entries in names */
	bool names_added;             /* this transaction added a name table row: cache nothing until it ends */
};

/* Free the connection's row cache (store_close()). */
void store_cache_free(struct store *st);

/*
 * Content row `id` from the connection's cache, copied into `a` (as
 * store_content_get() returns it); false when it is not cached.
 */
bool store_cache_content_get(struct store *st, struct arena *a, int64_t id, const char **data, size_t *len,
			     const char **model);

/*
 * Remember content row `id` as just read (the cache copies it); ignored
 * inside a write transaction, whose rows may yet be rolled back.
 */
void store_cache_content_put(struct store *st, int64_t id, const char *data, size_t len, const char *model);

/* True when the slots of revision `rev_id` are in the connection's cache (store_slots_get() asks no query). */
bool store_cache_slots_known(const struct store *st, int64_t rev_id);

/*
 * The process-wide writer mutex that store_begin() takes, for backend
 * work that must not overlap a write transaction of this process (the
 * end of a WAL checkpoint). Never held across a request.
 */
void store_writer_lock(void);
void store_writer_unlock(void);

/*
 * Record an error message on `st` (printf-style) and return `rc`, so a
 * backend can write `return store_set_error(st, RC_ERR, "...", ...);`.
 */
int store_set_error(struct store *st, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * One numbered schema change. `sql[backend]` is the script for that
 * backend (several statements); a backend added later fills its column
 * for every migration. Numbers start at 1, ascend without gaps and are
 * never reused or edited once released: a change is a new migration.
 */
struct store_migration {
	int version;                      /* 1, 2, ... (recorded in schema_migrations) */
	const char *name;                 /* short description, recorded too */
	const char *sql[STORE_BACKENDS];  /* script per backend */
};

/* The migrations in order (schema.c). */
extern const struct store_migration store_migrations[];
extern const size_t store_n_migrations;

/* The SQLite backend (sqlite.c). */
extern const struct store_ops store_sqlite_ops;

/* The PostgreSQL backend (postgres.c). */
extern const struct store_ops store_pg_ops;

/*
 * SQL text for PostgreSQL (pg_sql.c). store_pg_params() rewrites `?` and
 * `?N` placeholders as `$N` and sets *n_params to the highest number;
 * store_pg_ddl() turns a migration script written for SQLite into the
 * PostgreSQL one (see pg_sql.c). Both return allocated strings the
 * caller frees.
 */
char *store_pg_params(const char *sql, size_t len, int *n_params);
char *store_pg_ddl(const char *sqlite_script);

/* SQL that moves every serial sequence past the highest id of its table. */
extern const char store_pg_fix_sequences[];

/* Result items of a SELECT that store_pg_lean_select() looks at; longer lists are left alone. */
#define STORE_PG_MAX_ITEMS 64

/* A literal of a SELECT's result list, answered by the backend instead of the server. */
struct store_pg_const {
	int col;      /* its column in the caller's result (0-based) */
	bool is_null; /* NULL */
	char *text;   /* the value as the server prints it (owned); NULL for NULL */
	size_t len;   /* bytes in text */
};

/*
 * A small column (a flag of 8 bits, or an id of 32) of a SELECT's result
 * list fetched inside one integer with others of its table, or a column
 * (64 bits) fetched alone as NULLIF(column, 0).
 */
struct store_pg_packed {
	int col;        /* its column in the caller's result (0-based) */
	int lead;       /* the caller's column whose place the packed integer takes (its group's first) */
	int shift;      /* its value is the `bits` bits of the packed integer from bit `shift` up */
	int bits;       /* 8, 32 or 64 */
	bool zero_null; /* the integer went out as NULLIF(..., 0): a NULL stands for 0 */
};

/* Flags of 8 bits per packed integer (7 * 8 = 56 bits: never the sign bit). */
#define STORE_PG_PACK_MAX 7

/*
 * For a SELECT whose result list has literals ('text' without an alias,
 * integers, NULL) or, when `packed` is not NULL, two or more of the
 * small columns of one table that migration 7 keeps within 0..255 (bare
 * names such as rc_minor, rc_bot) in a statement with an ORDER BY (a
 * list of many rows, where the values saved outweigh the packing's
 * setup): the same statement without the
 * literals and with each table's small columns as one integer,
 * `(a | (b << 8) | ...)` at the place of the first (allocated), so that
 * the server computes and sends fewer values for every row (it prints
 * one value in about the time of two shifts). *n_cols is then the number
 * of columns of the original result, *consts (allocated, *n_consts
 * entries, in column order) the literals and *packed (allocated,
 * *n_packed entries, in column order) the packed columns. NULL when
 * nothing changes: not a SELECT, DISTINCT, a set operation, an ORDER BY
 * or GROUP BY by column number, only literals, more than
 * STORE_PG_MAX_ITEMS items.
 */
char *store_pg_lean_select(const char *sql, int *n_cols, struct store_pg_const **consts, int *n_consts,
			   struct store_pg_packed **packed, int *n_packed);

/*
 * Bytes of the string literal, quoted name or comment starting at s[0]
 * (through its end), or 0 when none starts there.
 */
size_t store_sql_skip(const char *s, size_t n);

/* True for bytes of an unquoted SQL name or keyword ([A-Za-z0-9_]). */
bool store_sql_is_word(char c);

/*
 * The words of `s` (`len` bytes) as SQLite's FTS5 index cuts them
 * (unicode61, remove_diacritics 2: case folded, accents removed), joined
 * by single spaces, appended to `out`, which the caller passes empty.
 * PostgreSQL's search index and queries are made of these, so both
 * backends match and count the same words. RC_ERR when the tokenizer
 * could not be set up, RC_TOOBIG when `out` reached its cap.
 */
int store_fts_words(const char *s, size_t len, struct sbuf *out);

#endif
