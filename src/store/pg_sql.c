/* SPDX-License-Identifier: MIT */
/*
 * pg_sql.c — SQL text for the PostgreSQL backend, made from the portable
 * (SQLite-flavoured) SQL the rest of wikid writes; pure text work, no
 * database, so the unit tests can check it directly.
 *
 *   store_pg_params()  `?` / `?N` placeholders → `$N`;
 *   store_pg_lean_select()  a SELECT without the literals of its
 *                      result list, which the backend answers itself,
 *                      with small columns packed into one integer, two
 *                      32-bit ids of one table fetched as one integer,
 *                      and mostly-zero packed columns sent as NULLIF(x, 0)
 *                      (a NULL the server does not print);
 *   store_pg_ddl()     a migration script written for SQLite → the same
 *                      schema for PostgreSQL, so one description serves
 *                      both backends: column types mapped (INTEGER →
 *                      BIGINT, INTEGER PRIMARY KEY AUTOINCREMENT →
 *                      BIGSERIAL PRIMARY KEY, REAL → DOUBLE PRECISION,
 *                      BLOB → BYTEA, TEXT → TEXT COLLATE "C" so titles
 *                      compare and sort bytewise as in SQLite), an FTS5
 *                      table becomes a table with a `rowid` key and a
 *                      generated tsvector column under a GIN index, and
 *                      every serial sequence is moved past the ids the
 *                      script inserted explicitly.
 * Both skip string literals, quoted names and comments untouched.
 */
#include <stdio.h>

#include "store_int.h"

/* Length of the quoted run at s[0] (' or "), through its closing quote. */
static size_t quoted_len(const char *s, size_t n)
{
	char q = s[0];
	size_t i = 1;
	while (i < n) {
		if (s[i] == q) {
			if (i + 1 < n && s[i + 1] == q) {
				i += 2; /* a doubled quote stands for itself */
				continue;
			}
			return i + 1;
		}
		i++;
	}
	return n;
}

/* Length of the comment at s[0] (-- to end of line, or a block comment); 0 if none. */
static size_t comment_len(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '-' && s[1] == '-') {
		size_t i = 2;
		while (i < n && s[i] != '\n')
			i++;
		return i;
	}
	if (n >= 2 && s[0] == '/' && s[1] == '*') {
		for (size_t i = 2; i + 1 < n; i++)
			if (s[i] == '*' && s[i + 1] == '/')
				return i + 2;
		return n;
	}
	return 0;
}

size_t store_sql_skip(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] == '\'' || s[0] == '"')
		return quoted_len(s, n);
	if (s[0] == '-' || s[0] == '/')
		return comment_len(s, n);
	return 0;
}

bool store_sql_is_word(char c)
{
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char *store_pg_params(const char *sql, size_t len, int *n_params)
{
	/* Each `?` grows to at most "$32767": 6 bytes more than the original. */
	char *out = xmalloc(len * 7 + 1);
	size_t o = 0;
	int max = 0;
	for (size_t i = 0; i < len;) {
		size_t skip = store_sql_skip(sql + i, len - i);
		if (skip) {
			memcpy(out + o, sql + i, skip);
			o += skip;
			i += skip;
			continue;
		}
		if (sql[i] != '?') {
			out[o++] = sql[i++];
			continue;
		}
		/* ?N names parameter N; a bare ? is one more than the highest so far (SQLite's rule). */
		i++;
		int num = 0;
		bool has_num = false;
		while (i < len && sql[i] >= '0' && sql[i] <= '9' && num < 3276) {
			num = num * 10 + (sql[i++] - '0');
			has_num = true;
		}
		if (!has_num)
			num = max + 1;
		if (num > max)
			max = num;
		o += (size_t)snprintf(out + o, 8, "$%d", num);
	}
	out[o] = '\0';
	*n_params = max;
	return out;
}

/* ---------- DDL ---------- */

/* A growable output string. */
struct out {
	char *p;     /* bytes, NUL-terminated */
	size_t len;  /* bytes used */
	size_t cap;  /* bytes allocated */
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->p = xrealloc(o->p, o->cap);
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* One token of the script: a word, a skipped run (literal, quoted name, comment), blanks, or one byte. */
struct tok {
	const char *p; /* first byte */
	size_t n;      /* length */
	char kind;     /* 'w' word, 'q' quoted name, 's' skipped literal/comment, ' ' blanks, 'c' other */
};

/* The token at `s` (not at the end). */
static struct tok next_tok(const char *s)
{
	struct tok t = { s, 1, 'c' };
	size_t n = strlen(s);
	size_t skip = store_sql_skip(s, n);
	if (skip) {
		t.n = skip;
		t.kind = s[0] == '"' ? 'q' : 's';
	} else if (store_sql_is_word(s[0])) {
		while (t.n < n && store_sql_is_word(s[t.n]))
			t.n++;
		t.kind = 'w';
	} else if (s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r') {
		while (t.n < n && (s[t.n] == ' ' || s[t.n] == '\n' || s[t.n] == '\t' || s[t.n] == '\r'))
			t.n++;
		t.kind = ' ';
	}
	return t;
}

/* True when token `t` is the word `w` (case-insensitive). */
static bool tok_is(struct tok t, const char *w)
{
	return t.kind == 'w' && t.n == strlen(w) && strncasecmp(t.p, w, t.n) == 0;
}

/* The next token after `s` that is not blank (kind 0 at the end). */
static struct tok peek(const char *s)
{
	while (*s) {
		struct tok t = next_tok(s);
		if (t.kind != ' ')
			return t;
		s += t.n;
	}
	return (struct tok){ s, 0, 0 };
}

/*
 * Translate `CREATE VIRTUAL TABLE name USING fts5(args)` starting at
 * `s` (the CREATE) into `o`; returns the bytes consumed, 0 when `s` is
 * not such a statement.
 */
static size_t fts5_table(struct out *o, const char *s)
{
	const char *p = s;
	struct tok words[6];
	static const char *const shape[] = { "CREATE", "VIRTUAL", "TABLE", NULL, "USING", "fts5" };
	for (int i = 0; i < 6; i++) {
		words[i] = peek(p);
		if (words[i].kind != 'w' && !(i == 3 && words[i].kind == 'q'))
			return 0;
		if (shape[i] && !tok_is(words[i], shape[i]))
			return 0;
		p = words[i].p + words[i].n;
	}
	struct tok open = peek(p);
	if (open.kind != 'c' || open.p[0] != '(')
		return 0;
	p = open.p + 1;
	const char *name = words[3].p;
	int name_n = (int)words[3].n;
	struct out cols = { 0 }, vec = { 0 };
	/* Arguments: column names (optionally UNINDEXED) and option=value pairs, to the closing ')'. */
	while (*p) {
		struct tok t = peek(p);
		if (!t.kind)
			break;
		if (t.kind == 'c' && t.p[0] == ')') {
			p = t.p + 1;
			break;
		}
		if (t.kind == 'c' && t.p[0] == ',') {
			p = t.p + 1;
			continue;
		}
		/* One argument: up to the next top-level ',' or ')'. */
		const char *arg = t.p;
		bool is_option = false;
		const char *q = arg;
		while (*q) {
			struct tok u = next_tok(q);
			if (u.kind == 'c' && (u.p[0] == ',' || u.p[0] == ')'))
				break;
			if (u.kind == 'c' && u.p[0] == '=')
				is_option = true;
			q += u.n;
		}
		if (!is_option && (t.kind == 'w' || t.kind == 'q')) {
			char buf[160];
			snprintf(buf, sizeof(buf), ", %.*s TEXT COLLATE \"C\"", (int)t.n, t.p);
			puts_(&cols, buf);
			snprintf(buf, sizeof(buf), "%sCOALESCE(%.*s, '')", vec.len ? " || ' ' || " : "",
				 (int)t.n, t.p);
			puts_(&vec, buf);
		}
		p = q;
	}
	char head[200];
	snprintf(head, sizeof(head), "CREATE TABLE %.*s (rowid BIGINT PRIMARY KEY", name_n, name);
	puts_(o, head);
	if (cols.len)
		put(o, cols.p, cols.len);
	puts_(o, ", fts tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, ");
	if (vec.len)
		put(o, vec.p, vec.len);
	else
		puts_(o, "''");
	snprintf(head, sizeof(head), ")) STORED);\nCREATE INDEX %.*s_fts ON %.*s USING gin (fts)", name_n,
		 name, name_n, name);
	puts_(o, head);
	xfree(cols.p);
	xfree(vec.p);
	return (size_t)(p - s);
}

/*
 * After the script: move every serial sequence of the schema past the
 * highest id in its table (rows inserted with explicit ids do not
 * advance a sequence). Only ever moves a sequence forward.
 */
const char store_pg_fix_sequences[] =
	"DO $wikid$ DECLARE r record; BEGIN\n"
	"FOR r IN SELECT c.relname AS tbl, a.attname AS col,"
	" pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq"
	" FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
	" JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE c.relkind = 'r' AND n.nspname = current_schema() AND a.attnum > 0"
	" AND NOT a.attisdropped"
	" AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL LOOP\n"
	" EXECUTE format('SELECT setval(%L, m) FROM (SELECT MAX(%I) AS m FROM %I) x"
	" WHERE m >= (SELECT last_value FROM %s)', r.seq, r.col, r.tbl, r.seq);\n"
	"END LOOP; END $wikid$;\n";

char *store_pg_ddl(const char *sql)
{
	struct out o = { 0 };
	puts_(&o, "");
	/* The two significant tokens before the current one, for "( name TYPE" and ", name TYPE". */
	struct tok prev = { "", 0, 0 }, prev2 = { "", 0, 0 };
	const char *s = sql;
	while (*s) {
		if (tok_is(peek(s), "CREATE") && peek(s).p == s) {
			size_t used = fts5_table(&o, s);
			if (used) {
				s += used;
				prev = prev2 = (struct tok){ "", 0, 0 };
				continue;
			}
		}
		struct tok t = next_tok(s);
		s += t.n;
		if (t.kind == ' ' || t.kind == 's') {
			put(&o, t.p, t.n);
			continue;
		}
		/* A type right after a column name, at the start of a column definition. */
		bool type_pos = t.kind == 'w' && (prev.kind == 'w' || prev.kind == 'q') &&
				((prev2.kind == 'c' && (prev2.p[0] == '(' || prev2.p[0] == ',')) ||
				 tok_is(prev2, "COLUMN") || tok_is(prev2, "ADD"));
		if (type_pos && tok_is(t, "INTEGER")) {
			/* INTEGER PRIMARY KEY AUTOINCREMENT: ids never reused, as a sequence gives. */
			const char *q = s;
			struct tok a = peek(q);
			struct tok b = a.kind ? peek(a.p + a.n) : a;
			struct tok c = b.kind ? peek(b.p + b.n) : b;
			if (tok_is(a, "PRIMARY") && tok_is(b, "KEY") && tok_is(c, "AUTOINCREMENT")) {
				puts_(&o, "BIGSERIAL PRIMARY KEY");
				s = c.p + c.n;
			} else {
				puts_(&o, "BIGINT");
			}
		} else if (type_pos && (tok_is(t, "INT") || tok_is(t, "BIGINT"))) {
			puts_(&o, "BIGINT");
		} else if (type_pos && tok_is(t, "TEXT")) {
			puts_(&o, "TEXT COLLATE \"C\"");
		} else if (type_pos && tok_is(t, "REAL")) {
			puts_(&o, "DOUBLE PRECISION");
		} else if (type_pos && tok_is(t, "BLOB")) {
			puts_(&o, "BYTEA");
		} else if (tok_is(t, "INTEGER")) {
			/* Casts: 64-bit like SQLite's INTEGER. */
			puts_(&o, "BIGINT");
		} else {
			put(&o, t.p, t.n);
		}
		prev2 = prev;
		prev = t;
	}
	/* Drop a trailing ';' and blanks so the appended block follows one separator. */
	while (o.len && (o.p[o.len - 1] == ';' || o.p[o.len - 1] == '\n' || o.p[o.len - 1] == ' '))
		o.p[--o.len] = '\0';
	puts_(&o, ";\n");
	puts_(&o, store_pg_fix_sequences);
	return o.p;
}

/* ---------- literals in a result list ---------- */

/* True when `t` is a word ending a BY list (or a set operation, which stops the elision anyway). */
static bool ends_by_list(struct tok t)
{
	static const char *const words[] = { "LIMIT", "OFFSET", "HAVING", "WINDOW", "FOR", "FETCH", "UNION",
					     "INTERSECT", "EXCEPT", "ORDER", "GROUP", "WHERE", "FROM", NULL };
	for (int i = 0; words[i]; i++)
		if (tok_is(t, words[i]))
			return true;
	return false;
}

/*
 * True when the rest of the statement, from `s`, may lose result
 * columns: no set operation (its branches must keep the same columns)
 * and no ORDER BY or GROUP BY item that is a bare number (a column by
 * position, which would move).
 */
static bool tail_allows_elision(const char *s)
{
	bool item_start = false; /* the next token opens an item of a BY list */
	int by_depth = -1;       /* parenthesis depth of the BY list we are in, -1 none */
	int depth = 0;
	while (*s) {
		struct tok t = next_tok(s);
		s += t.n;
		if (t.kind == ' ' || (t.kind == 's' && t.p[0] != '\''))
			continue; /* blanks and comments */
		if (tok_is(t, "UNION") || tok_is(t, "INTERSECT") || tok_is(t, "EXCEPT"))
			return false;
		if (item_start && t.kind == 'w' && t.p[0] >= '0' && t.p[0] <= '9')
			return false;
		item_start = false;
		if (t.kind == 'c' && t.p[0] == '(') {
			depth++;
		} else if (t.kind == 'c' && t.p[0] == ')') {
			if (depth == by_depth)
				by_depth = -1;
			depth--;
		} else if (tok_is(t, "BY")) {
			by_depth = depth;
			item_start = true;
		} else if (by_depth == depth && t.kind == 'c' && t.p[0] == ',') {
			item_start = true;
		} else if (by_depth == depth && ends_by_list(t)) {
			by_depth = -1;
		}
	}
	return true;
}

/*
 * The literal a result item `p` (n bytes, blanks trimmed) consists of:
 * a 'string' without an alias, an integer written as the server prints
 * it, or NULL. Fills `c` (text owned) and returns true; false when the
 * item is anything else.
 */
static bool item_literal(const char *p, size_t n, struct store_pg_const *c)
{
	if (n >= 2 && p[0] == '\'' && store_sql_skip(p, n) == n && p[n - 1] == '\'') {
		char *v = xmalloc(n);
		size_t o = 0;
		for (size_t i = 1; i + 1 < n; i++) {
			v[o++] = p[i];
			if (p[i] == '\'')
				i++; /* '' stands for one quote */
		}
		v[o] = '\0';
		*c = (struct store_pg_const){ .text = v, .len = o };
		return true;
	}
	if (n == 4 && strncasecmp(p, "NULL", 4) == 0) {
		*c = (struct store_pg_const){ .is_null = true };
		return true;
	}
	size_t d = p[0] == '-' ? 1 : 0;
	if (n <= d || n - d > 18 || (p[d] == '0' && n - d > 1) || (d && p[d] == '0'))
		return false;
	for (size_t i = d; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	*c = (struct store_pg_const){ .text = xstrndup(p, n), .len = n };
	return true;
}

/*
 * The columns that may be packed: MediaWiki's tinyint unsigned flags of
 * the long lists, which migrations 7 and 8 CHECK within 0..255 on
 * PostgreSQL (8 bits each), and their int unsigned ids, which migration 9
 * CHECKs within 32 bits (NOT NULL columns only: a NULL would hide its
 * partner's value). A column's table is its prefix through the first '_';
 * columns are packed with others of their table and width.
 */
static const struct {
	const char *name;
	int bits;
} small_columns[] = {
	{ "rc_type", 8 }, { "rc_minor", 8 }, { "rc_bot", 8 }, { "rc_new", 8 }, { "rc_patrolled", 8 },
	{ "rc_deleted", 8 }, { "rev_minor_edit", 8 }, { "rev_deleted", 8 },
	{ "rc_id", 32 }, { "rc_cur_id", 32 }, { "rc_this_oldid", 32 }, { "rc_last_oldid", 32 }, { "rc_actor", 32 },
	{ "rc_comment_id", 32 }, { "rev_id", 32 }, { "rev_page", 32 }, { "rev_actor", 32 }, { "rev_comment_id", 32 },
	/* Whole (64 bits), alone: NOT NULL columns that are 0 in most rows (see store_pg_lean_select()). */
	{ "rc_namespace", 64 }, { "page_namespace", 64 },
};

/* The packable column the item `p` (n bytes, blanks trimmed) is, by its bare name; -1 when none. */
static int item_small(const char *p, size_t n)
{
	for (int k = 0; k < (int)ARRAY_SIZE(small_columns); k++)
		if (strlen(small_columns[k].name) == n && memcmp(small_columns[k].name, p, n) == 0)
			return k;
	return -1;
}

/*
 * True when the statement from `s` (its FROM) has an ORDER BY outside
 * parentheses: a list of many rows. Packing costs the server the
 * preparation of its expression once per execution and saves a value per
 * row; a lookup of one row (a page and its latest revision) would pay
 * more than it saves.
 */
static bool tail_has_order_by(const char *s)
{
	int depth = 0;
	struct tok prev = { "", 0, 0 };
	while (*s) {
		struct tok t = next_tok(s);
		s += t.n;
		if (t.kind == ' ' || (t.kind == 's' && t.p[0] != '\''))
			continue;
		if (t.kind == 'c' && t.p[0] == '(')
			depth++;
		else if (t.kind == 'c' && t.p[0] == ')')
			depth--;
		else if (depth == 0 && tok_is(t, "BY") && tok_is(prev, "ORDER"))
			return true;
		prev = t;
	}
	return false;
}

/* Bytes of a packable column's table prefix ("rc_"). */
static size_t small_prefix(int k)
{
	return (size_t)(strchr(small_columns[k].name, '_') - small_columns[k].name) + 1;
}

/*
 * True when the statement from `s` (its FROM) has no outer join (LEFT,
 * RIGHT or FULL outside string literals): then a NULL in the result list
 * can only come from a NULL in a table, and a NOT NULL column is never
 * NULL.
 */
static bool tail_has_no_outer_join(const char *s)
{
	while (*s) {
		struct tok t = next_tok(s);
		s += t.n;
		if (tok_is(t, "LEFT") || tok_is(t, "RIGHT") || tok_is(t, "FULL"))
			return false;
	}
	return true;
}

/* True when packable columns j and k go into one integer: the same table and width. */
static bool small_kin(int j, int k)
{
	size_t pre = small_prefix(k);
	return small_prefix(j) == pre && memcmp(small_columns[j].name, small_columns[k].name, pre) == 0 &&
	       small_columns[j].bits == small_columns[k].bits;
}

char *store_pg_lean_select(const char *sql, int *n_cols, struct store_pg_const **consts, int *n_consts,
			   struct store_pg_packed **packed, int *n_packed)
{
	*n_cols = 0;
	*consts = NULL;
	*n_consts = 0;
	if (packed) {
		*packed = NULL;
		*n_packed = 0;
	}
	struct tok t = peek(sql);
	if (!tok_is(t, "SELECT"))
		return NULL;
	const char *list = t.p + t.n;
	struct tok first = peek(list);
	if (tok_is(first, "DISTINCT") || tok_is(first, "ALL"))
		return NULL;
	/* The items of the result list: up to FROM at depth 0. */
	const char *start[STORE_PG_MAX_ITEMS], *end[STORE_PG_MAX_ITEMS];
	int n = 0, depth = 0;
	const char *s = list, *from = NULL;
	start[0] = list;
	while (*s && !from) {
		t = next_tok(s);
		if (depth == 0 && (tok_is(t, "FROM") || (t.kind == 'c' && t.p[0] == ','))) {
			if (n == STORE_PG_MAX_ITEMS - 1)
				return NULL;
			end[n++] = t.p;
			if (tok_is(t, "FROM"))
				from = t.p;
			else
				start[n] = t.p + t.n;
		} else if (t.kind == 'c' && t.p[0] == '(') {
			depth++;
		} else if (t.kind == 'c' && t.p[0] == ')') {
			depth--;
		}
		s += t.n;
	}
	if (!from || !tail_allows_elision(from))
		return NULL;
	if (packed && !tail_has_order_by(from))
		packed = NULL;
	struct store_pg_const found[STORE_PG_MAX_ITEMS];
	bool is_lit[STORE_PG_MAX_ITEMS];
	int small[STORE_PG_MAX_ITEMS]; /* the item's packable column (small_columns[]), -1 none */
	int n_lit = 0;
	for (int i = 0; i < n; i++) {
		/* Each item without the blanks around it. */
		while (start[i] < end[i] && (*start[i] == ' ' || *start[i] == '\n' || *start[i] == '\t' || *start[i] == '\r'))
			start[i]++;
		while (end[i] > start[i] && (end[i][-1] == ' ' || end[i][-1] == '\n' || end[i][-1] == '\t' ||
					     end[i][-1] == '\r'))
			end[i]--;
		is_lit[i] = item_literal(start[i], (size_t)(end[i] - start[i]), &found[n_lit]);
		if (is_lit[i])
			found[n_lit++].col = i;
		small[i] = !is_lit[i] && packed ? item_small(start[i], (size_t)(end[i] - start[i])) : -1;
	}
	/*
	 * Groups of packable columns of one table and width: two or more
	 * are packed, at most STORE_PG_PACK_MAX of 8 bits or two of 32 (the
	 * second then has the sign bit, which the backend reads back as
	 * the 32nd bit of its value).
	 *
	 * Without an outer join, the flags (8 bits) and the columns of 64
	 * go out as NULLIF(..., 0), each of the latter as a group of its
	 * own: they are 0 in most rows of a wiki (plain edits, the main
	 * namespace), and the server sends a NULL without printing it, which
	 * costs it less than the NULLIF; the backend reads such a NULL back
	 * as 0 (.zero_null).
	 */
	bool zero_null = tail_has_no_outer_join(from);
	struct store_pg_packed pk[STORE_PG_MAX_ITEMS];
	int lead_of[STORE_PG_MAX_ITEMS]; /* per item: the item leading its packed group, -1 not packed */
	int n_pk = 0;
	for (int i = 0; i < n; i++)
		lead_of[i] = -1;
	for (int i = 0; i < n; i++) {
		if (small[i] < 0 || lead_of[i] >= 0)
			continue;
		int bits = small_columns[small[i]].bits;
		int max = bits == 8 ? STORE_PG_PACK_MAX : bits == 32 ? 2 : 1;
		int members[STORE_PG_PACK_MAX], m = 0;
		for (int j = i; j < n && m < max; j++)
			if (small[j] >= 0 && lead_of[j] < 0 && small_kin(small[j], small[i]))
				members[m++] = j;
		if (m < (bits == 64 ? 1 : 2) || (bits == 64 && !zero_null))
			continue;
		for (int k = 0; k < m; k++)
			lead_of[members[k]] = i;
	}
	for (int i = 0; i < n; i++)
		if (lead_of[i] >= 0) {
			int shift = 0, bits = small_columns[small[i]].bits;
			for (int j = lead_of[i]; j < i; j++)
				if (lead_of[j] == lead_of[i])
					shift += bits;
			pk[n_pk++] = (struct store_pg_packed){ .col = i, .lead = lead_of[i], .shift = shift, .bits = bits,
								.zero_null = zero_null && bits != 32 };
		}
	if ((n_lit == 0 && n_pk == 0) || n_lit == n) {
		for (int i = 0; i < n_lit; i++)
			xfree(found[i].text);
		return NULL;
	}
	/* "SELECT " and the other items joined by ", ", then " FROM" and the rest. */
	size_t len = strlen(sql);
	char *out = xmalloc(len + 28 * (size_t)n + 2);
	size_t o = (size_t)(list - sql);
	memcpy(out, sql, o);
	bool lead = true;
	for (int i = 0; i < n; i++) {
		if (is_lit[i] || (lead_of[i] >= 0 && lead_of[i] != i))
			continue;
		if (!lead)
			out[o++] = ',';
		out[o++] = ' ';
		lead = false;
		if (lead_of[i] != i) {
			memcpy(out + o, start[i], (size_t)(end[i] - start[i]));
			o += (size_t)(end[i] - start[i]);
			continue;
		}
		/* (a | (b << 8) | (c << 16)): `|` and `<<` bind alike in PostgreSQL, hence the parentheses. */
		bool nullif = false;
		for (int k = 0; k < n_pk; k++)
			if (pk[k].col == i)
				nullif = pk[k].zero_null;
		if (nullif) {
			memcpy(out + o, "NULLIF(", 7);
			o += 7;
		}
		out[o++] = '(';
		for (int k = 0; k < n_pk; k++) {
			if (pk[k].lead != i)
				continue;
			const char *name = small_columns[small[pk[k].col]].name;
			if (pk[k].shift)
				o += (size_t)snprintf(out + o, 64, " | (%s << %d)", name, pk[k].shift);
			else
				o += (size_t)snprintf(out + o, 64, "%s", name);
		}
		out[o++] = ')';
		if (nullif) {
			memcpy(out + o, ", 0)", 4);
			o += 4;
		}
	}
	out[o++] = ' ';
	memcpy(out + o, from, len - (size_t)(from - sql) + 1);
	if (n_lit) {
		*consts = xmalloc((size_t)n_lit * sizeof(**consts));
		memcpy(*consts, found, (size_t)n_lit * sizeof(**consts));
	}
	*n_consts = n_lit;
	if (n_pk) {
		*packed = xmalloc((size_t)n_pk * sizeof(**packed));
		memcpy(*packed, pk, (size_t)n_pk * sizeof(**packed));
		*n_packed = n_pk;
	}
	*n_cols = n;
	return out;
}
