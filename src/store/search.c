/* SPDX-License-Identifier: MIT */
/*
 * search.c — the full-text search index behind store.h's store_search_*
 * calls, one SQL dialect per backend:
 *
 *   SQLite      `searchindex` is an FTS5 table (unicode61 tokenizer:
 *               case and diacritics folded); a query is one MATCH
 *               expression, ranked by bm25() with the title column
 *               weighted; the vocabulary for suggestions is an fts5vocab
 *               table, made in the connection's temp schema on first use.
 *   PostgreSQL  `searchindex` holds title and text as the words FTS5's
 *               tokenizer cuts from them (store_fts_words(): folded,
 *               joined by single spaces), under a generated tsvector
 *               column `fts` ('simple' configuration, no stemming), so
 *               both backends find the same pages whatever the server's
 *               locale; each term is a tsquery of its words (a phrase, as
 *               FTS5 reads a quoted string), title terms match a tsvector
 *               of the title alone; ranking is FTS5's bm25() computed in
 *               SQL (pg_bm25_*: the same counts, constants and order of
 *               operations), so hits come in the same order; the
 *               vocabulary is ts_stat().
 *
 * Both read the same row layout: rowid = page_id, si_title, si_text.
 * Hits are joined with `page` for their titles, filtered by namespace
 * and category (categorylinks), ordered by relevance (or another
 * store_search_sort: times of the first and current revisions, incoming
 * pagelinks, random; the natural title order is sorted here, in C) then
 * page id.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/sbuf.h"
#include "store_int.h"

/* Longest query SQL; a query has at most a few hundred terms (srsearch is bounded). */
#define SQL_MAX (1u << 20)

/* ---------- SQLite: an FTS5 MATCH expression ---------- */

/* `s` as an FTS5 string: in double quotes, quotes doubled. */
static void fts5_string(struct sbuf *out, const char *s)
{
	sbuf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			sbuf_addc(out, '"');
		sbuf_addc(out, *s);
	}
	sbuf_addc(out, '"');
}

/* One term: "words" or "words"* , inside a title column filter when needed. */
static void fts5_term(struct sbuf *out, const struct store_search_term *t)
{
	if (t->field == STORE_SEARCH_TITLE)
		sbuf_adds(out, "si_title : ");
	fts5_string(out, t->text);
	if (t->is_prefix)
		sbuf_addc(out, '*');
}

/*
 * The MATCH expression of the terms: the positive ones joined by AND,
 * then NOT each negated one (FTS5's NOT is binary). Empty when there is
 * no positive term.
 */
static void fts5_match(struct sbuf *out, const struct store_search *q)
{
	bool first = true;
	for (size_t i = 0; i < q->n_terms; i++) {
		if (q->terms[i].is_negated)
			continue;
		if (!first)
			sbuf_adds(out, " AND ");
		fts5_term(out, &q->terms[i]);
		first = false;
	}
	if (first)
		return;
	for (size_t i = 0; i < q->n_terms; i++) {
		if (!q->terms[i].is_negated)
			continue;
		sbuf_adds(out, " NOT ");
		fts5_term(out, &q->terms[i]);
	}
}

/* ---------- PostgreSQL: tsquery conditions ---------- */

/*
 * The tsquery of a prefix term for to_tsquery('simple', ...): each word
 * as a quoted lexeme, the words joined by <-> (followed by), the last one
 * with :* (any ending). Characters other than letters and digits split
 * words, as the 'simple' parser does.
 */
static void pg_prefix_query(struct sbuf *out, const char *text)
{
	bool in_word = false, any = false;
	for (const unsigned char *p = (const unsigned char *)text;; p++) {
		bool word_char = *p && (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'));
		if (word_char && !in_word) {
			sbuf_adds(out, any ? " <-> '" : "'");
			in_word = any = true;
		} else if (!word_char && in_word) {
			sbuf_addc(out, '\'');
			in_word = false;
		}
		if (!*p)
			break;
		if (word_char)
			sbuf_addc(out, (char)*p);
	}
	if (any)
		sbuf_adds(out, ":*");
}

/*
 * The SQL of one term's tsquery, its text bound to the next `?`: every
 * term is a phrase of its words, as FTS5 reads the quoted string it is
 * given ("a-b" is the word a followed by the word b on both backends).
 */
static const char *pg_tsquery(const struct store_search_term *t)
{
	return t->is_prefix ? "to_tsquery('simple', ?)" : "phraseto_tsquery('simple', ?)";
}

/* A term's words as the index holds them (store_fts_words()), in the arena; "" when it has none. */
static const char *pg_term_words(struct arena *a, const struct store_search_term *t)
{
	struct sbuf w;
	sbuf_init(&w, SQL_MAX);
	const char *r = "";
	if (store_fts_words(t->text, strlen(t->text), &w) == RC_OK && w.len)
		r = arena_strndup(a, sbuf_cstr(&w), w.len);
	sbuf_release(&w);
	return r;
}

/* The bound text of a term's tsquery: its words, or the to_tsquery() text of a prefix. */
static const char *pg_term_bind(struct arena *a, const struct store_search_term *t)
{
	const char *words = pg_term_words(a, t);
	if (!t->is_prefix)
		return words;
	struct sbuf pq;
	sbuf_init(&pq, SQL_MAX);
	pg_prefix_query(&pq, words);
	const char *r = arena_strndup(a, sbuf_cstr(&pq), pq.len);
	sbuf_release(&pq);
	return r;
}

/* The tsvector a term is matched against. */
static const char *pg_vector(const struct store_search_term *t)
{
	return t->field == STORE_SEARCH_TITLE ? "to_tsvector('simple', COALESCE(s.si_title, ''))" : "s.fts";
}

/* ---------- the query ---------- */

/* The bound values of a query, in the order of their `?`. */
struct binds {
	const char *v[1024]; /* texts to bind */
	size_t n;            /* entries used */
	bool is_full;        /* more than fit: the query is refused */
};

static void bind_add(struct binds *b, const char *s)
{
	if (b->n < ARRAY_SIZE(b->v))
		b->v[b->n++] = s;
	else
		b->is_full = true;
}

/*
 * FROM and WHERE of a search (also used for the count), into `sql`,
 * with its bound texts in `b`. False when the query cannot match
 * anything (no positive term and no category).
 */
static bool search_where(struct store *st, struct arena *a, const struct store_search *q, struct sbuf *sql,
			 struct binds *b)
{
	bool has_positive = false;
	for (size_t i = 0; i < q->n_terms; i++)
		has_positive |= !q->terms[i].is_negated;
	if (!has_positive && !q->n_categories)
		return false;
	if (!has_positive) {
		sbuf_adds(sql, " FROM page p WHERE 1 = 1");
	} else if (st->ops->backend == STORE_SQLITE) {
		struct sbuf m;
		sbuf_init(&m, SQL_MAX);
		fts5_match(&m, q);
		/*
		 * CROSS JOIN keeps the full-text index as the outer loop: with a
		 * namespace filter the planner would otherwise walk every page of
		 * the namespace and run the MATCH once per page (the COUNT took
		 * half a second on 10,000 pages).
		 */
		sbuf_adds(sql, " FROM searchindex CROSS JOIN page p ON p.page_id = searchindex.rowid"
			       " WHERE searchindex MATCH ?");
		bind_add(b, arena_strndup(a, sbuf_cstr(&m), m.len));
		sbuf_release(&m);
	} else {
		sbuf_adds(sql, " FROM searchindex s JOIN page p ON p.page_id = s.rowid WHERE 1 = 1");
		for (size_t i = 0; i < q->n_terms; i++) {
			const struct store_search_term *t = &q->terms[i];
			/*
			 * A term without words ("--") is a phrase that matches
			 * nothing in FTS5: the whole query then finds nothing,
			 * and leaving it out changes nothing. PostgreSQL would
			 * drop the empty tsquery and match everything.
			 */
			if (!*pg_term_words(a, t)) {
				if (!t->is_negated)
					return false;
				continue;
			}
			sbuf_addf(sql, " AND %s(%s @@ %s)", t->is_negated ? "NOT " : "", pg_vector(t), pg_tsquery(t));
			bind_add(b, pg_term_bind(a, t));
		}
	}
	if (q->namespaces) {
		sbuf_adds(sql, " AND p.page_namespace IN (");
		for (size_t i = 0; i < q->n_namespaces; i++)
			sbuf_addf(sql, "%s%d", i ? ", " : "", q->namespaces[i]);
		if (!q->n_namespaces)
			sbuf_adds(sql, "NULL");
		sbuf_addc(sql, ')');
	}
	for (size_t i = 0; i < q->n_categories; i++) {
		sbuf_adds(sql, " AND p.page_id IN (SELECT cl_from FROM categorylinks WHERE cl_to = ?)");
		bind_add(b, q->categories[i]);
	}
	return true;
}

/* Whether hits are ranked by relevance (a positive term and a relevance sort). */
static bool ranked(const struct store_search *q)
{
	bool has_positive = false;
	for (size_t i = 0; i < q->n_terms; i++)
		has_positive |= !q->terms[i].is_negated;
	return has_positive && (q->sort == STORE_SEARCH_RELEVANCE || q->sort == STORE_SEARCH_JUST_MATCH);
}

/* FTS5's bm25 parameters (fts5_aux.c). */
#define BM25_K1 1.2
#define BM25_B 0.75

/* The constants of a PostgreSQL bm25 ranking (pg_bm25_stats()). */
struct bm25 {
	double avgdl;    /* words per indexed page, title and text */
	double *idf;     /* per positive term, in term order (arena) */
};

/*
 * ORDER BY of a search: q->sort's key (relevance when there are terms),
 * then page id. `bm` holds the ranking constants on PostgreSQL.
 */
static void search_order(struct store *st, const struct store_search *q, struct sbuf *sql, const struct bm25 *bm)
{
	switch (q->sort) {
	case STORE_SEARCH_LAST_EDIT_DESC:
	case STORE_SEARCH_LAST_EDIT_ASC:
		sbuf_addf(sql, " ORDER BY (SELECT r.rev_timestamp FROM revision r WHERE r.rev_id = p.page_latest) %s,"
			       " p.page_id", q->sort == STORE_SEARCH_LAST_EDIT_DESC ? "DESC" : "ASC");
		return;
	case STORE_SEARCH_CREATE_DESC:
	case STORE_SEARCH_CREATE_ASC:
		sbuf_addf(sql, " ORDER BY (SELECT MIN(r.rev_timestamp) FROM revision r WHERE r.rev_page = p.page_id) %s,"
			       " p.page_id", q->sort == STORE_SEARCH_CREATE_DESC ? "DESC" : "ASC");
		return;
	case STORE_SEARCH_INCOMING_DESC:
	case STORE_SEARCH_INCOMING_ASC:
		sbuf_addf(sql, " ORDER BY (SELECT COUNT(*) FROM pagelinks l WHERE l.pl_namespace = p.page_namespace"
			       " AND l.pl_title = p.page_title) %s, p.page_id",
			  q->sort == STORE_SEARCH_INCOMING_DESC ? "DESC" : "ASC");
		return;
	case STORE_SEARCH_RANDOM:
		sbuf_adds(sql, " ORDER BY random()");
		return;
	case STORE_SEARCH_SEEDED:
		/*
		 * A permutation of the page ids fixed by the seed: multiplied by
		 * an odd 32-bit constant plus the seed, modulo the largest prime
		 * below 2^32 (products stay below 2^63 for 31-bit page ids).
		 */
		sbuf_addf(sql, " ORDER BY (CAST(p.page_id AS BIGINT) * 2654435761 + %lu) %% 4294967291, p.page_id",
			  (unsigned long)q->seed);
		return;
	case STORE_SEARCH_NONE:
	case STORE_SEARCH_TITLE_NATURAL_ASC:
	case STORE_SEARCH_TITLE_NATURAL_DESC:
		sbuf_adds(sql, " ORDER BY p.page_id");
		return;
	case STORE_SEARCH_RELEVANCE:
	case STORE_SEARCH_JUST_MATCH:
		break;
	}
	if (!ranked(q)) {
		sbuf_adds(sql, " ORDER BY p.page_id");
		return;
	}
	if (st->ops->backend == STORE_SQLITE) {
		/* bm25() is smaller for better matches; the weights are per column (title, text). */
		sbuf_addf(sql, " ORDER BY bm25(searchindex, %.3f, 1.0), p.page_id", q->title_weight);
		return;
	}
	/* bm25 as FTS5 computes it, from the columns of pg_bm25_join() and the constants of pg_bm25_stats(). */
	sbuf_adds(sql, " ORDER BY (");
	size_t k = 0;
	for (size_t i = 0; i < q->n_terms; i++) {
		if (q->terms[i].is_negated)
			continue;
		/* idf * ((f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl))), summed in term order */
		sbuf_addf(sql, "%sCAST('%.17g' AS DOUBLE PRECISION) * ((z.f%zu * CAST('%.17g' AS DOUBLE PRECISION))"
			       " / (z.f%zu + CAST('%.17g' AS DOUBLE PRECISION) * (CAST('%.17g' AS DOUBLE PRECISION)"
			       " + CAST('%.17g' AS DOUBLE PRECISION) * z.d / CAST('%.17g' AS DOUBLE PRECISION))))",
			  k ? " + " : "", bm->idf[k], k, BM25_K1 + 1.0, k, BM25_K1, 1 - BM25_B, BM25_B, bm->avgdl);
		k++;
	}
	sbuf_adds(sql, ") DESC, p.page_id");
}

/* A digit run's value as its digits without leading zeros: length first, then the digits. */
static int cmp_number(const char **pa, const char **pb)
{
	const char *a = *pa, *b = *pb;
	while (*a == '0')
		a++;
	while (*b == '0')
		b++;
	const char *ea = a, *eb = b;
	while (*ea >= '0' && *ea <= '9')
		ea++;
	while (*eb >= '0' && *eb <= '9')
		eb++;
	int c = (ea - a > eb - b) - (ea - a < eb - b);
	if (!c)
		c = strncmp(a, b, (size_t)(ea - a));
	*pa = ea;
	*pb = eb;
	return c;
}

/* A title byte as the natural order sees it: '_' as a space, ASCII letters in lower case. */
static int natural_byte(char c)
{
	if (c == '_')
		return ' ';
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : (unsigned char)c;
}

/*
 * The natural order of two dbkeys: runs of digits by their value ("Item 9"
 * before "Item 10"), other bytes without regard to ASCII letter case; ties
 * by the bytes themselves.
 */
static int natural_cmp(const char *a, const char *b)
{
	const char *x = a, *y = b;
	while (*x && *y) {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			int c = cmp_number(&x, &y);
			if (c)
				return c;
			continue;
		}
		int c = natural_byte(*x) - natural_byte(*y);
		if (c)
			return c;
		x++;
		y++;
	}
	if (*x || *y)
		return *x ? 1 : -1;
	return strcmp(a, b);
}

/* qsort() orders of hits: natural title order, then namespace, then page id. */
static int hit_natural_asc(const void *pa, const void *pb)
{
	const struct store_search_hit *a = pa, *b = pb;
	int c = natural_cmp(a->dbkey, b->dbkey);
	if (!c)
		c = (a->ns > b->ns) - (a->ns < b->ns);
	return c ? c : (a->page_id > b->page_id) - (a->page_id < b->page_id);
}

static int hit_natural_desc(const void *pa, const void *pb)
{
	const struct store_search_hit *a = pa, *b = pb;
	int c = natural_cmp(b->dbkey, a->dbkey);
	if (!c)
		c = (b->ns > a->ns) - (b->ns < a->ns);
	return c ? c : (a->page_id > b->page_id) - (a->page_id < b->page_id);
}

/* Prepare `sql` and bind `b`; NULL when it does not compile. */
static struct store_stmt *prepare_bound(struct store *st, const char *sql, const struct binds *b)
{
	struct store_stmt *s = store_prepare(st, sql);
	for (size_t i = 0; s && i < b->n; i++)
		store_bind_text(s, (int)i + 1, b->v[i], STORE_NTS);
	return s;
}

/* ---------- PostgreSQL: FTS5's bm25 ---------- */

/* The number of words of an index column on PostgreSQL (words are joined by single spaces). */
#define PG_NWORDS(col) "(CASE WHEN COALESCE(" col ", '') = '' THEN 0" \
	" ELSE length(" col ") - length(replace(" col ", ' ', '')) + 1 END)"

/*
 * The regular expression whose matches in ' ' || column count a term's
 * instances there, as FTS5 counts them: a match at every word where the
 * term's words start (overlapping ones too), a whole last word unless it
 * is a prefix. Words are letters, digits and marks only: nothing to escape.
 */
static const char *pg_instances_re(struct arena *a, const struct store_search_term *t)
{
	return arena_printf(a, " (?=%s%s)", pg_term_words(a, t), t->is_prefix ? "" : "(?: |$)");
}

/*
 * `CROSS JOIN LATERAL (SELECT f0, f1, ..., d) z` for the ranking: fK the
 * weighted count of the K-th positive term's instances in the row (title
 * instances count q->title_weight each, text ones 1, as bm25()'s column
 * weights; a title term's only its title instances) and d the row's
 * words, title and text. Its binds go to `b`.
 */
static void pg_bm25_join(struct arena *a, const struct store_search *q, struct sbuf *sql, struct binds *b)
{
	static const char count_fmt[] = "CAST((SELECT count(*) FROM regexp_matches(' ' || COALESCE(s.%s, ''), ?, 'g'))"
					" AS DOUBLE PRECISION)";
	sbuf_adds(sql, " CROSS JOIN LATERAL (SELECT ");
	size_t k = 0;
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct store_search_term *t = &q->terms[i];
		if (t->is_negated)
			continue;
		const char *re = pg_instances_re(a, t);
		sbuf_addf(sql, "CAST('%.17g' AS DOUBLE PRECISION) * ", q->title_weight);
		sbuf_addf(sql, count_fmt, "si_title");
		bind_add(b, re);
		if (t->field != STORE_SEARCH_TITLE) {
			sbuf_adds(sql, " + ");
			sbuf_addf(sql, count_fmt, "si_text");
			bind_add(b, re);
		}
		sbuf_addf(sql, " AS f%zu, ", k++);
	}
	sbuf_adds(sql, "CAST(" PG_NWORDS("s.si_title") " + " PG_NWORDS("s.si_text") " AS DOUBLE PRECISION) AS d) z");
}

/*
 * The constants of bm25 as FTS5 computes them for a query (fts5_aux.c):
 * the average words per indexed row, and per positive term
 * log((N - hits + 0.5) / (hits + 0.5)) with N the indexed rows and hits
 * the rows the term matches alone, 1e-6 when not positive.
 */
static int pg_bm25_stats(struct store *st, struct arena *a, const struct store_search *q, struct bm25 *bm)
{
	struct store_stmt *s = store_prepare(st, "SELECT count(*), COALESCE(SUM(" PG_NWORDS("si_title") " + "
						 PG_NWORDS("si_text") "), 0) FROM searchindex");
	int step = store_step(s);
	int64_t rows = step == STORE_ROW ? store_col_int(s, 0) : 0;
	int64_t words = step == STORE_ROW ? store_col_int(s, 1) : 0;
	store_stmt_done(s);
	if (step != STORE_ROW)
		return step < 0 ? step : RC_ERR;
	bm->avgdl = rows ? (double)words / (double)rows : 1.0;
	bm->idf = arena_alloc(a, (q->n_terms + 1) * sizeof(*bm->idf));
	size_t k = 0;
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct store_search_term *t = &q->terms[i];
		if (t->is_negated)
			continue;
		s = store_prepare(st, arena_printf(a, "SELECT count(*) FROM searchindex s WHERE %s @@ %s", pg_vector(t),
						   pg_tsquery(t)));
		store_bind_text(s, 1, pg_term_bind(a, t), STORE_NTS);
		step = store_step(s);
		int64_t hits = step == STORE_ROW ? store_col_int(s, 0) : 0;
		store_stmt_done(s);
		if (step != STORE_ROW)
			return step < 0 ? step : RC_ERR;
		double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
		bm->idf[k++] = idf <= 0.0 ? 1e-6 : idf;
	}
	return RC_OK;
}

int store_search_run(struct store *st, struct arena *a, const struct store_search *q,
		     struct store_search_hit **hits, size_t *n, int64_t *total)
{
	*hits = NULL;
	*n = 0;
	if (total)
		*total = 0;
	struct sbuf where, sql;
	struct binds wb = { 0 }, rb = { 0 };
	sbuf_init(&where, SQL_MAX);
	sbuf_init(&sql, SQL_MAX);
	if (!search_where(st, a, q, &where, &wb) || wb.is_full) {
		sbuf_release(&where);
		sbuf_release(&sql);
		return RC_OK;
	}
	bool pg_rank = ranked(q) && st->ops->backend != STORE_SQLITE;
	struct bm25 bm = { 0 };
	/* The natural title order is sorted here: every hit is read, then the asked-for slice kept. */
	bool natural = q->sort == STORE_SEARCH_TITLE_NATURAL_ASC || q->sort == STORE_SEARCH_TITLE_NATURAL_DESC;

	sbuf_adds(&sql, "SELECT p.page_id, p.page_namespace, p.page_title, p.page_is_redirect, p.page_latest");
	if (pg_rank) {
		/* The ranking's columns come first in FROM, so their binds come first too. */
		int rc = pg_bm25_stats(st, a, q, &bm);
		if (rc != RC_OK) {
			sbuf_release(&where);
			sbuf_release(&sql);
			return rc;
		}
		struct sbuf from;
		sbuf_init(&from, SQL_MAX);
		pg_bm25_join(a, q, &from, &rb);
		const char *w = sbuf_cstr(&where);
		/* " FROM searchindex s JOIN page p ON ..." → " FROM searchindex s <rank> JOIN page p ON ..." */
		const char *join = strstr(w, " JOIN page p");
		sbuf_add(&sql, w, (size_t)(join - w));
		sbuf_addstr(&sql, (struct str){ sbuf_cstr(&from), from.len });
		sbuf_adds(&sql, join);
		sbuf_release(&from);
		for (size_t i = 0; i < wb.n; i++)
			bind_add(&rb, wb.v[i]);
	} else {
		sbuf_addstr(&sql, (struct str){ sbuf_cstr(&where), where.len });
		rb = wb;
	}
	search_order(st, q, &sql, &bm);
	if (!natural)
		sbuf_addf(&sql, " LIMIT %ld OFFSET %ld", q->limit, q->offset > 0 ? q->offset : 0);

	int rc = RC_OK;
	struct store_stmt *s = prepare_bound(st, sbuf_cstr(&sql), &rb);
	size_t cap = 0;
	int step;
	while ((step = store_step(s)) == STORE_ROW) {
		*hits = arena_grow(a, *hits, *n, &cap, sizeof(**hits));
		struct store_search_hit *h = &(*hits)[(*n)++];
		h->page_id = store_col_int(s, 0);
		h->ns = (int)store_col_int(s, 1);
		h->dbkey = store_col_dup(s, a, 2);
		h->is_redirect = store_col_int(s, 3) != 0;
		h->latest = store_col_int(s, 4);
	}
	store_stmt_done(s);
	if (step != STORE_DONE)
		rc = step < 0 ? step : RC_ERR;
	if (rc == RC_OK && natural && *n) {
		qsort(*hits, *n, sizeof(**hits),
		      q->sort == STORE_SEARCH_TITLE_NATURAL_ASC ? hit_natural_asc : hit_natural_desc);
		size_t from = q->offset > 0 ? (size_t)q->offset : 0;
		from = from < *n ? from : *n;
		*hits += from;
		*n -= from;
		if (*n > (size_t)q->limit)
			*n = (size_t)q->limit;
	}

	if (rc == RC_OK && total) {
		sbuf_clear(&sql);
		sbuf_adds(&sql, "SELECT COUNT(*)");
		sbuf_addstr(&sql, (struct str){ sbuf_cstr(&where), where.len });
		s = prepare_bound(st, sbuf_cstr(&sql), &wb);
		step = store_step(s);
		if (step == STORE_ROW)
			*total = store_col_int(s, 0);
		else
			rc = step < 0 ? step : RC_ERR;
		store_stmt_done(s);
	}
	sbuf_release(&where);
	sbuf_release(&sql);
	return rc;
}

/* ---------- the index ---------- */

int store_search_update(struct store *st, int64_t page_id, const char *title, const char *text, size_t len)
{
	int rc = store_run_later(st, "DELETE FROM searchindex WHERE rowid = ?", "i", page_id);
	if (rc != RC_OK)
		return rc;
	if (st->ops->backend == STORE_SQLITE)
		return store_run_later(st, "INSERT INTO searchindex (rowid, si_title, si_text) VALUES (?, ?, ?)", "its",
				       page_id, title, (struct str){ text, len });
	/*
	 * PostgreSQL indexes the words FTS5 would (see the top of this file).
	 * The bound values are copied when the statement is sent, so the
	 * buffers go right after.
	 */
	struct sbuf t, x;
	sbuf_init(&t, SIZE_MAX / 2);
	sbuf_init(&x, SIZE_MAX / 2);
	rc = store_fts_words(title, strlen(title), &t);
	if (rc == RC_OK)
		rc = store_fts_words(text, len, &x);
	if (rc == RC_OK)
		rc = store_run_later(st, "INSERT INTO searchindex (rowid, si_title, si_text) VALUES (?, ?, ?)", "its",
				     page_id, t.len ? sbuf_cstr(&t) : "", (struct str){ x.len ? sbuf_cstr(&x) : "", x.len });
	sbuf_release(&t);
	sbuf_release(&x);
	return rc;
}

int store_search_delete(struct store *st, int64_t page_id)
{
	return store_run(st, "DELETE FROM searchindex WHERE rowid = ?", "i", page_id);
}

int store_search_clear(struct store *st)
{
	return store_run(st, "DELETE FROM searchindex", "");
}

int store_search_words(struct store *st, struct arena *a, const char *from, const char *to, size_t max,
		       const char ***words, int64_t **pages, size_t *n)
{
	*words = NULL;
	*pages = NULL;
	*n = 0;
	const char *sql;
	if (st->ops->backend == STORE_SQLITE) {
		/* A vocabulary view of the FTS5 index, private to this connection. */
		int rc = store_exec(st, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.searchindex_vocab"
					" USING fts5vocab(main, searchindex, row)");
		if (rc != RC_OK)
			return rc;
		sql = "SELECT term, doc FROM temp.searchindex_vocab WHERE term >= ? AND term < ? ORDER BY term LIMIT ?";
	} else {
		sql = "SELECT word, ndoc FROM ts_stat('SELECT fts FROM searchindex') WHERE word >= ? AND word < ?"
		      " ORDER BY word LIMIT ?";
	}
	struct store_stmt *s = store_prepare(st, sql);
	store_bindv(s, "tti", from, to, (int64_t)max);
	size_t cap = 0, cap2 = 0;
	int step;
	while ((step = store_step(s)) == STORE_ROW) {
		*words = arena_grow(a, *words, *n, &cap, sizeof(**words));
		*pages = arena_grow(a, *pages, *n, &cap2, sizeof(**pages));
		(*words)[*n] = store_col_dup(s, a, 0);
		(*pages)[*n] = store_col_int(s, 1);
		(*n)++;
	}
	store_stmt_done(s);
	return step == STORE_DONE ? RC_OK : step < 0 ? step : RC_ERR;
}
