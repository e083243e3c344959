/* SPDX-License-Identifier: MIT */
/*
 * copy.c — store_copy(): move a whole wiki from one database to another
 * (`wikid --copy-to URL`), typically from the SQLite file of a data
 * directory to a new PostgreSQL database, or back.
 *
 * Both sides are first brought to the newest schema, so they hold the
 * same tables; the target must not hold a wiki yet. The target's own
 * description of its tables (store_ops.describe) drives the copy: for
 * every table and every stored column, rows are read from the source in
 * one read snapshot and written to the target with multi-row INSERTs,
 * all inside ONE target transaction, so a failed copy leaves the target
 * as empty as it was. Login sessions and the object cache are not
 * copied (they are per-installation and rebuilt on use); the rows the
 * migrations put in the target (name tables, site_stats) are replaced by
 * the source's. The search index reaches a backend other than SQLite as
 * the words its index holds (store_fts_words()), so search works there
 * at once. Afterwards the id sequences are moved past the copied ids and
 * the row count of every table is compared on both sides.
 */
#include <stdio.h>
#include <unistd.h>

#include "../util/sbuf.h"
#include "store_int.h"

/* Tables that are not copied: bookkeeping each side has, and per-installation state. */
static const char *const skipped[] = { "schema_migrations", "sessions", "objectcache" };

/* Rows per INSERT statement at most (fewer for wide tables: see batch_rows()). */
#define COPY_BATCH_ROWS 200

/*
 * Bound parameters per INSERT at most. PostgreSQL allows 65535, SQLite
 * 32766 (SQLITE_MAX_VARIABLE_NUMBER since 3.32).
 */
#define COPY_MAX_PARAMS 30000

/* Longest SQL text a copy statement may grow to (200 rows of a wide table fit easily). */
#define COPY_SQL_MAX (4u << 20)

/* Width of the progress bar in characters. */
#define BAR_WIDTH 30

/* Progress: rows done out of the total, redrawn on one terminal line. */
struct progress {
	FILE *f;           /* where it is drawn (stderr), or NULL */
	int64_t total;     /* rows to copy */
	int64_t done;      /* rows copied */
	int last_pct;      /* percentage drawn last, -1 at first */
	const char *table; /* table being copied */
};

static void draw(struct progress *p, bool force)
{
	if (!p->f)
		return;
	int pct = p->total > 0 ? (int)(p->done * 100 / p->total) : 100;
	if (!force && pct == p->last_pct)
		return;
	p->last_pct = pct;
	char bar[BAR_WIDTH + 1];
	int full = pct * BAR_WIDTH / 100;
	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < full ? '#' : '-';
	bar[BAR_WIDTH] = '\0';
	fprintf(p->f, "\rcopy: [%s] %3d%%  %lld/%lld rows  %-24.24s", bar, pct, (long long)p->done,
		(long long)p->total, p->table ? p->table : "");
	fflush(p->f);
}

/* True when `name` is a table that is not copied. */
static bool is_skipped(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(skipped); i++)
		if (streq(name, skipped[i]))
			return true;
	return false;
}

/* The table or column name as an SQL identifier ("user" is reserved in PostgreSQL). */
static const char *ident(struct arena *a, const char *name)
{
	/* rowid stays bare: in SQLite that is how the rowid of an FTS5 table is named. */
	if (streq(name, "rowid"))
		return name;
	return arena_printf(a, "\"%s\"", name);
}

/* Rows of `table` at `st` into *n. */
static int count_rows(struct store *st, struct arena *a, const char *table, int64_t *n)
{
	return store_query_int(st, n, arena_printf(a, "SELECT COUNT(*) FROM %s", ident(a, table)), "");
}

/* How many rows one INSERT carries for a table of `n_cols` columns. */
static int batch_rows(size_t n_cols)
{
	size_t rows = COPY_MAX_PARAMS / (n_cols ? n_cols : 1);
	return (int)(rows < COPY_BATCH_ROWS ? rows : COPY_BATCH_ROWS);
}

/* "INSERT INTO t (c1, c2) VALUES (?, ?), (?, ?)" for `rows` rows. */
static char *insert_sql(struct arena *a, const struct store_table *t, int rows)
{
	struct sbuf sb;
	sbuf_init(&sb, COPY_SQL_MAX);
	sbuf_adds(&sb, "INSERT INTO ");
	sbuf_adds(&sb, ident(a, t->name));
	sbuf_adds(&sb, " (");
	for (size_t c = 0; c < t->n_cols; c++) {
		if (c)
			sbuf_adds(&sb, ", ");
		sbuf_adds(&sb, ident(a, t->cols[c].name));
	}
	sbuf_adds(&sb, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		sbuf_adds(&sb, r ? ", (" : "(");
		for (size_t c = 0; c < t->n_cols; c++)
			sbuf_adds(&sb, c ? ", ?" : "?");
		sbuf_addc(&sb, ')');
	}
	char *sql = arena_strndup(a, sb.p, sb.len);
	sbuf_release(&sb);
	return sql;
}

/* One value of the rows waiting for their INSERT. */
struct cell {
	char kind;      /* 'n' NULL, 'i', 'f', 't', 'b' */
	int64_t i;      /* integer value */
	double f;       /* double value */
	const char *p;  /* text or blob bytes, copied into the batch arena */
	size_t len;     /* bytes at p */
};

/*
 * The words store_fts_words() cuts from the `len` bytes at `p`, in `a`
 * (NULL when they cannot be had). The search index of a backend other
 * than SQLite holds these instead of the texts (search.c); a text that
 * already is such words comes out unchanged, so any source will do.
 */
static const char *index_words(struct arena *a, const char *p, size_t len, size_t *out_len)
{
	struct sbuf w;
	sbuf_init(&w, SIZE_MAX / 2);
	const char *r = NULL;
	if (store_fts_words(p, len, &w) == RC_OK) {
		r = arena_strndup(a, w.len ? sbuf_cstr(&w) : "", w.len);
		*out_len = w.len;
	}
	sbuf_release(&w);
	return r;
}

/*
 * Copy the source's current row into `row` (n_cols cells), bytes into `a`;
 * `words`: the texts are search index texts the target wants as words.
 */
static void take_row(struct cell *row, struct store_stmt *src, const struct store_table *t, struct arena *a,
		     bool words)
{
	for (size_t c = 0; c < t->n_cols; c++) {
		int i = (int)c;
		struct cell *v = &row[c];
		v->kind = store_col_is_null(src, i) ? 'n' : t->cols[c].kind;
		switch (v->kind) {
		case 'n':
			break;
		case 'i':
			v->i = store_col_int(src, i);
			break;
		case 'f':
			v->f = store_col_double(src, i);
			break;
		default: {
			/* Text or blob: the bytes, kept until the batch is written. */
			const void *p = v->kind == 'b' ? store_col_blob(src, i) : store_col_text(src, i);
			v->len = store_col_len(src, i);
			char *copy = arena_alloc(a, v->len + 1);
			if (v->len)
				memcpy(copy, p, v->len);
			copy[v->len] = '\0';
			v->p = copy;
			if (words && v->kind == 't') {
				size_t n = 0;
				const char *w = index_words(a, copy, v->len, &n);
				if (w) {
					v->p = w;
					v->len = n;
				}
			}
			break;
		}
		}
	}
}

/* Write the `rows` buffered rows with one INSERT. */
static int flush(struct store *to, struct arena *a, const struct store_table *t, struct cell *cells, int rows)
{
	struct store_stmt *ins = store_prepare(to, insert_sql(a, t, rows));
	if (!ins)
		return RC_ERR;
	int rc = RC_OK;
	size_t n = (size_t)rows * t->n_cols;
	for (size_t k = 0; k < n && rc == RC_OK; k++) {
		const struct cell *v = &cells[k];
		int idx = (int)k + 1;
		switch (v->kind) {
		case 'n': rc = store_bind_null(ins, idx); break;
		case 'i': rc = store_bind_int(ins, idx, v->i); break;
		case 'f': rc = store_bind_double(ins, idx, v->f); break;
		case 'b': rc = store_bind_blob(ins, idx, v->p, v->len); break;
		default: rc = store_bind_text(ins, idx, v->p, v->len); break;
		}
	}
	if (rc == RC_OK) {
		rc = store_step(ins);
		rc = rc == STORE_DONE ? RC_OK : rc;
	}
	store_stmt_done(ins);
	return rc;
}

/* Copy every row of table `t` from `from` into `to` (inside the target's transaction). */
static int copy_table(struct store *from, struct store *to, struct arena *a, const struct store_table *t,
		      struct progress *pg)
{
	int per = batch_rows(t->n_cols);
	struct sbuf sel;
	sbuf_init(&sel, COPY_SQL_MAX);
	sbuf_adds(&sel, "SELECT ");
	for (size_t c = 0; c < t->n_cols; c++) {
		if (c)
			sbuf_adds(&sel, ", ");
		sbuf_adds(&sel, ident(a, t->cols[c].name));
	}
	sbuf_adds(&sel, " FROM ");
	sbuf_adds(&sel, ident(a, t->name));
	char *sel_sql = arena_strndup(a, sel.p, sel.len);
	sbuf_release(&sel);

	int rc = store_run(to, arena_printf(a, "DELETE FROM %s", ident(a, t->name)), "");
	if (rc != RC_OK)
		return rc;
	struct store_stmt *src = store_prepare(from, sel_sql);
	if (!src)
		return store_set_error(to, RC_ERR, "reading %s: %s", t->name, store_errmsg(from));
	struct cell *cells = arena_calloc(a, (size_t)per * t->n_cols, sizeof(*cells));
	bool words = streq(t->name, "searchindex") && to->ops->backend != STORE_SQLITE;
	struct arena *batch = arena_new();
	int rows = 0;
	for (;;) {
		int s = store_step(src);
		if (s == STORE_DONE)
			break;
		if (s != STORE_ROW) {
			rc = store_set_error(to, s, "reading %s: %s", t->name, store_errmsg(from));
			break;
		}
		take_row(&cells[(size_t)rows * t->n_cols], src, t, batch, words);
		pg->done++;
		draw(pg, false);
		if (++rows == per) {
			rc = flush(to, batch, t, cells, rows);
			rows = 0;
			arena_free(batch);
			batch = arena_new();
			if (rc != RC_OK)
				break;
		}
	}
	store_stmt_done(src);
	if (rc == RC_OK && rows > 0)
		rc = flush(to, batch, t, cells, rows);
	arena_free(batch);
	return rc;
}

/* Rows of the tables that hold a wiki; all zero in a database that holds none. */
static const char *const wiki_tables[] = { "page", "revision", "\"user\"", "wikid_meta" };

/* RC_OK when `to` holds no wiki yet. */
static int check_empty(struct store *to, struct arena *a)
{
	for (size_t i = 0; i < ARRAY_SIZE(wiki_tables); i++) {
		int64_t n = 0;
		int rc = store_query_int(to, &n, arena_printf(a, "SELECT COUNT(*) FROM %s", wiki_tables[i]), "");
		if (rc != RC_OK)
			return rc;
		if (n > 0)
			return store_set_error(to, RC_CONFLICT, "the target database already holds a wiki"
								 " (table %s has rows); copy into an empty database",
					       wiki_tables[i]);
	}
	return RC_OK;
}

/* The table list of `to` without the tables that are not copied. */
static int copied_tables(struct store *to, struct arena *a, struct store_table **out, size_t *n_out)
{
	struct store_table *all;
	size_t n;
	if (!to->ops->describe)
		return store_set_error(to, RC_ERR, "the %s backend cannot list its tables", to->ops->name);
	int rc = to->ops->describe(to, a, &all, &n);
	if (rc != RC_OK)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!is_skipped(all[i].name))
			all[k++] = all[i];
	*out = all;
	*n_out = k;
	return RC_OK;
}

/* Compare the row counts of every copied table; prints the first difference. */
static int verify(struct store *from, struct store *to, struct arena *a, const struct store_table *t, size_t n,
		  int64_t *rows)
{
	*rows = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t ns = -1, nt = -2;
		int rc = count_rows(from, a, t[i].name, &ns);
		if (rc == RC_OK)
			rc = count_rows(to, a, t[i].name, &nt);
		if (rc != RC_OK)
			return rc;
		if (ns != nt)
			return store_set_error(to, RC_ERR, "verification failed: table %s has %lld rows in the"
							   " source and %lld in the target", t[i].name,
					       (long long)ns, (long long)nt);
		*rows += nt;
	}
	return RC_OK;
}

int store_copy(const char *from_location, const char *to_location, FILE *progress)
{
	if (streq(from_location, to_location)) {
		fprintf(stderr, "wikid: copy: source and target are the same database\n");
		return RC_INVALID;
	}
	struct store *from = store_open(from_location);
	struct store *to = from ? store_open(to_location) : NULL;
	if (!from || !to) {
		store_close(from);
		return RC_ERR;
	}
	struct arena *a = arena_new();
	struct store *failed = from; /* whose message explains a failure */
	const char *stage = "migrating the source";
	int rc = store_migrate(from);
	if (rc == RC_OK) {
		failed = to;
		stage = "migrating the target";
		rc = store_migrate(to);
	}
	int vf = 0, vt = 0;
	if (rc == RC_OK) {
		stage = "checking the target";
		rc = store_schema_version(from, &vf);
		if (rc == RC_OK)
			rc = store_schema_version(to, &vt);
		if (rc == RC_OK && vf != vt)
			rc = store_set_error(to, RC_ERR, "schema versions differ (%d and %d)", vf, vt);
		if (rc == RC_OK)
			rc = check_empty(to, a);
	}
	struct store_table *tables = NULL;
	size_t n = 0;
	if (rc == RC_OK)
		rc = copied_tables(to, a, &tables, &n);
	struct progress pg = { .f = progress && isatty(fileno(progress)) ? progress : NULL, .last_pct = -1 };
	for (size_t i = 0; rc == RC_OK && i < n; i++) {
		int64_t rows = 0;
		failed = from;
		rc = count_rows(from, a, tables[i].name, &rows);
		pg.total += rows;
	}
	if (rc == RC_OK) {
		/* One snapshot of the source, one transaction on the target. */
		stage = "copying";
		rc = store_snapshot(from);
		failed = to;
		if (rc == RC_OK)
			rc = store_begin(to);
		for (size_t i = 0; rc == RC_OK && i < n; i++) {
			pg.table = tables[i].name;
			draw(&pg, true);
			rc = copy_table(from, to, a, &tables[i], &pg);
		}
		pg.table = "";
		draw(&pg, true);
		if (pg.f)
			fputc('\n', pg.f);
		if (rc == RC_OK && to->ops->sync_ids)
			rc = to->ops->sync_ids(to);
		if (rc == RC_OK)
			rc = store_commit(to);
		else if (store_tx_depth(to))
			store_rollback(to);
		store_snapshot_end(from);
	}
	int64_t verified = 0;
	if (rc == RC_OK) {
		stage = "verifying";
		rc = verify(from, to, a, tables, n, &verified);
	}
	if (rc == RC_OK) {
		fprintf(progress ? progress : stderr, "copy: %lld rows in %zu tables copied and verified\n",
			(long long)verified, n);
	} else {
		fprintf(stderr, "wikid: copy: %s: %s\n", stage, store_errmsg(failed));
	}
	arena_free(a);
	store_close(to);
	store_close(from);
	return rc;
}
