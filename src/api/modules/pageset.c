/* SPDX-License-Identifier: MIT */
/*
 * pageset.c — the set of pages action=query (and action=purge) works on,
 * MediaWiki's ApiPageSet: built from titles=, pageids= or revids=, or by
 * a generator module; redirects followed on request; written into
 * result.query as normalized / converted / redirects / interwiki /
 * badrevids / pages.
 *
 * How a set is built:
 *   1. entries are added (add_text / add_title / add_pageid / add_revid)
 *      into a queue; user text is parsed here, so invalid titles,
 *      interwiki titles and Special:/Media: titles are settled at once
 *      and take their fake ids (-1, -2, ...) in request order;
 *   2. resolve() looks every queued entry up with one cached point query
 *      (SQLite answers those in microseconds, no IN-list building
 *      needed); titles with no page become "missing" and take the next
 *      fake ids, in the order MediaWiki's LinkBatch gives them: grouped
 *      by namespace in order of first appearance;
 *   3. with redirects=1, redirect pages found in the last round are
 *      replaced by their targets (redirect table), and the targets go
 *      through step 2 again, until a round adds nothing new.
 * Output order of "pages": formatversion 1 keeps MediaWiki's insertion
 * order (missing titles, invalid, missing ids, special, good);
 * formatversion 2 turns the object into a list sorted by page id, as
 * MediaWiki's result transformation does with ksort.
 */
#include "query_int.h"
#include "revs_int.h"

#include <stdlib.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"


/* One "normalized"/"converted" entry. */
struct ps_pair {
	const char *from;     /* as given (percent-encoded when `encoded`) */
	const char *to;       /* prefixed text */
	bool encoded;         /* `from` is the request's bytes before Unicode cleanup, rawurlencode()d */
	struct ps_pair *next; /* next in order */
};

/* One "redirects" entry. */
struct ps_redirect {
	const char *from;         /* redirect page, prefixed text */
	const char *to;           /* target, prefixed text */
	const char *fragment;     /* target fragment or "" */
	const char *interwiki;    /* target interwiki prefix or "" */
	struct ps_redirect *next; /* next in order */
};

/* One "interwiki" entry. */
struct ps_iw {
	const char *title;     /* prefixed text with the prefix */
	const char *iw;        /* prefix */
	const char *url;       /* full URL */
	struct ps_iw *next;    /* next in order */
};

/* A queued lookup. */
struct ps_queued {
	int kind;                 /* Q_TITLE, Q_ID, Q_REV */
	int ns;                   /* Q_TITLE */
	const char *dbkey;        /* Q_TITLE */
	int64_t id;               /* Q_ID / Q_REV */
	const char *redirect_from; /* Q_TITLE from a redirect: the source's prefixed text */
	struct ps_queued *next;   /* next in order */
};

enum { Q_TITLE, Q_ID, Q_REV };

/* Hash slot: an (ns, dbkey) or id key already in the set. */
struct ps_slot {
	uint64_t hash;          /* 0 = empty */
	int ns;                 /* namespace, or INT_MIN for id keys */
	const char *dbkey;      /* dbkey; NULL for id keys */
	int64_t id;             /* id keys */
	struct query_page *page; /* the page (NULL for interwiki / queued keys) */
	long gen_index;         /* generator data "index" (1-based), 0 = none */
};

struct pageset_priv {
	struct ps_queued *queue;       /* not yet looked up */
	struct ps_queued **queue_tail; /* append point */
	struct ps_slot *slots;         /* open-addressing table */
	size_t n_slots;                /* capacity, a power of two */
	size_t n_used;                 /* filled slots */
	int64_t next_fake;             /* next fake id: -1, -2, ... */
	size_t next_seq;               /* next output position */
	struct ps_pair *normalized;    /* "normalized", in order */
	struct ps_pair **normalized_tail;
	struct ps_redirect *redirects; /* "redirects", in order */
	struct ps_redirect **redirects_tail;
	struct ps_iw *interwiki;       /* "interwiki", in order */
	struct ps_iw **interwiki_tail;
	int64_t *badrevids;            /* unknown revids */
	size_t n_badrevids;            /* entries */
	struct api_node *pages_node;   /* query.pages once built */
};

/* ---------- the key table ---------- */

static uint64_t hash_title(int ns, const char *dbkey)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(unsigned)ns;
	for (const unsigned char *p = (const unsigned char *)dbkey; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h ? h : 1;
}

static uint64_t hash_id(int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ULL;
	h ^= h >> 29;
	return h ? h : 1;
}

/* The slot for a key, existing or the empty one where it would go. */
static struct ps_slot *slot_find(struct pageset_priv *pv, uint64_t h, int ns, const char *dbkey, int64_t id)
{
	size_t mask = pv->n_slots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct ps_slot *s = &pv->slots[i];
		if (!s->hash)
			return s;
		if (s->hash != h)
			continue;
		if (dbkey ? (s->dbkey && s->ns == ns && streq(s->dbkey, dbkey)) : (!s->dbkey && s->id == id))
			return s;
	}
}

/* Grow the table when it is more than half full. */
static void slots_grow(struct api_ctx *ctx, struct pageset_priv *pv)
{
	if (pv->n_used * 2 < pv->n_slots)
		return;
	struct ps_slot *old = pv->slots;
	size_t n_old = pv->n_slots;
	pv->n_slots = n_old ? n_old * 2 : 64;
	pv->slots = arena_calloc(ctx->arena, pv->n_slots, sizeof(*pv->slots));
	for (size_t i = 0; i < n_old; i++) {
		if (!old[i].hash)
			continue;
		*slot_find(pv, old[i].hash, old[i].ns, old[i].dbkey, old[i].id) = old[i];
	}
}

/*
 * Claim the key (ns, dbkey) or (id). Returns the slot when the key is
 * new (filled, page NULL), NULL when it was seen before.
 */
static struct ps_slot *claim(struct api_ctx *ctx, struct pageset_priv *pv, int ns, const char *dbkey, int64_t id)
{
	slots_grow(ctx, pv);
	uint64_t h = dbkey ? hash_title(ns, dbkey) : hash_id(id);
	struct ps_slot *s = slot_find(pv, h, ns, dbkey, id);
	if (s->hash)
		return NULL;
	s->hash = h;
	s->ns = ns;
	s->dbkey = dbkey;
	s->id = id;
	pv->n_used++;
	return s;
}

/* The slot of an existing key, or NULL. */
static struct ps_slot *lookup(struct pageset_priv *pv, int ns, const char *dbkey, int64_t id)
{
	if (!pv->n_slots)
		return NULL;
	uint64_t h = dbkey ? hash_title(ns, dbkey) : hash_id(id);
	struct ps_slot *s = slot_find(pv, h, ns, dbkey, id);
	return s->hash ? s : NULL;
}

/* ---------- building ---------- */

struct api_pageset *query_pageset_new(struct api_ctx *ctx)
{
	struct api_pageset *ps = arena_calloc(ctx->arena, 1, sizeof(*ps));
	struct pageset_priv *pv = arena_calloc(ctx->arena, 1, sizeof(*pv));
	pv->queue_tail = &pv->queue;
	pv->normalized_tail = &pv->normalized;
	pv->redirects_tail = &pv->redirects;
	pv->interwiki_tail = &pv->interwiki;
	pv->next_fake = -1;
	ps->priv = pv;
	return ps;
}

/* Append a new page of `kind` to the set. */
static struct query_page *add_page(struct api_ctx *ctx, struct api_pageset *ps, enum query_page_kind kind)
{
	if (ps->n_pages == ps->cap_pages) {
		size_t cap = ps->cap_pages ? ps->cap_pages * 2 : 16;
		struct query_page **np = arena_alloc(ctx->arena, cap * sizeof(*np));
		if (ps->n_pages)
			memcpy(np, ps->pages, ps->n_pages * sizeof(*np));
		ps->pages = np;
		ps->cap_pages = cap;
	}
	struct query_page *p = arena_calloc(ctx->arena, 1, sizeof(*p));
	p->kind = kind;
	p->dbkey = "";
	p->title = "";
	ps->pages[ps->n_pages++] = p;
	return p;
}

static void queue_push(struct api_ctx *ctx, struct pageset_priv *pv, int kind, int ns, const char *dbkey, int64_t id,
		       const char *redirect_from)
{
	struct ps_queued *q = arena_calloc(ctx->arena, 1, sizeof(*q));
	q->kind = kind;
	q->ns = ns;
	q->dbkey = dbkey;
	q->id = id;
	q->redirect_from = redirect_from;
	*pv->queue_tail = q;
	pv->queue_tail = &q->next;
}



/* True when the file `dbkey` has a row in `image` (Media: titles). */
static bool file_exists(struct api_ctx *ctx, const char *dbkey)
{
	int64_t one;
	return store_query_int(ctx->store, &one, "SELECT 1 FROM image WHERE img_name = ?", "t", dbkey) == RC_OK;
}

/* Add a Special: or Media: title (already parsed) to the set. */
static void add_special(struct api_ctx *ctx, struct api_pageset *ps, struct wiki_title *t, const char *given)
{
	struct pageset_priv *pv = ps->priv;
	const char *dbkey = t->dbkey;
	bool missing = true;
	if (t->ns == WIKI_NS_SPECIAL) {
		const char *slash = strchr(dbkey, '/');
		size_t n = slash ? (size_t)(slash - dbkey) : strlen(dbkey);
		size_t cn;
		const char *canon = wiki_special_canonical(dbkey, n, &cn);
		if (canon) {
			missing = false;
			dbkey = arena_printf(ctx->arena, "%.*s%s", (int)cn, canon, slash ? slash : "");
			if (!streq(dbkey, t->dbkey))
				wiki_title_make(ctx->arena, t->ns, dbkey, t);
		}
	} else {
		missing = !file_exists(ctx, dbkey);
	}
	if (given && !streq(given, t->prefixed)) {
		struct ps_pair *n = arena_calloc(ctx->arena, 1, sizeof(*n));
		n->from = given;
		n->to = t->prefixed;
		*pv->normalized_tail = n;
		pv->normalized_tail = &n->next;
	}
	if (!claim(ctx, pv, t->ns, dbkey, 0))
		return;
	struct query_page *p = add_page(ctx, ps, QUERY_PAGE_SPECIAL);
	p->id = pv->next_fake--;
	p->ns = t->ns;
	p->dbkey = t->dbkey;
	p->title = t->prefixed;
	p->special_missing = missing;
	lookup(pv, t->ns, dbkey, 0)->page = p;
}

static void add_interwiki(struct api_ctx *ctx, struct pageset_priv *pv, const struct wiki_title *t)
{
	for (struct ps_iw *w = pv->interwiki; w; w = w->next)
		if (streq(w->title, t->prefixed))
			return;
	struct ps_iw *w = arena_calloc(ctx->arena, 1, sizeof(*w));
	w->title = t->prefixed;
	w->iw = t->interwiki;
	struct wiki_title nofrag = *t;
	nofrag.fragment = "";
	w->url = wiki_title_url(ctx->arena, &nofrag);
	*pv->interwiki_tail = w;
	pv->interwiki_tail = &w->next;
}

/*
 * Add user text as a title. MediaWiki parses a whole list first and
 * numbers the invalid titles then, before any special or missing one:
 * `pass` 1 takes only invalid text, pass 2 only valid titles, 0 both.
 */
static void add_text_pass(struct api_ctx *ctx, struct api_pageset *ps, const char *text, int pass)
{
	struct pageset_priv *pv = ps->priv;
	struct wiki_title t;
	bool ok = wiki_title_parse(ctx->arena, text, ps->default_ns, &t, NULL) == RC_OK;
	if (pass == (ok ? 1 : 2))
		return;
	if (!ok) {
		/* An invalid title is reported once, keyed by the text as given. */
		if (!claim(ctx, pv, INT_MIN + 1, arena_strdup(ctx->arena, text), 0))
			return;
		struct query_page *p = add_page(ctx, ps, QUERY_PAGE_INVALID);
		p->id = pv->next_fake--;
		p->title = arena_strdup(ctx->arena, text);
		p->bad_key = t.err_key;
		p->n_bad_params = t.n_err_params;
		p->bad_params[0] = t.err_params[0];
		p->bad_params[1] = t.err_params[1];
		p->bad_num = t.err_num;
		return;
	}
	if (t.is_external) {
		add_interwiki(ctx, pv, &t);
	} else if (t.ns < 0) {
		add_special(ctx, ps, &t, text);
		return;
	} else {
		/* "#frag" alone names no page: MediaWiki reports it as an empty title. */
		if (!*t.dbkey) {
			struct wiki_title bad;
			wiki_title_parse(ctx->arena, "", WIKI_NS_MAIN, &bad, NULL);
			if (!claim(ctx, pv, INT_MIN + 1, arena_strdup(ctx->arena, text), 0))
				return;
			struct query_page *p = add_page(ctx, ps, QUERY_PAGE_INVALID);
			p->id = pv->next_fake--;
			p->title = arena_strdup(ctx->arena, text);
			p->bad_key = "title-invalid-empty";
			p->n_bad_params = 1;
			p->bad_params[0] = arena_strdup(ctx->arena, text);
			return;
		}
		if (claim(ctx, pv, t.ns, t.dbkey, 0))
			queue_push(ctx, pv, Q_TITLE, t.ns, t.dbkey, 0, NULL);
	}
	if (!streq(text, t.prefixed)) {
		struct ps_pair *n = arena_calloc(ctx->arena, 1, sizeof(*n));
		n->from = arena_strdup(ctx->arena, text);
		n->to = t.prefixed;
		*pv->normalized_tail = n;
		pv->normalized_tail = &n->next;
	}
}

void query_pageset_add_text(struct api_ctx *ctx, struct api_pageset *ps, const char *text)
{
	add_text_pass(ctx, ps, text, 0);
}

void query_pageset_add_title(struct api_ctx *ctx, struct api_pageset *ps, int ns, const char *dbkey)
{
	struct pageset_priv *pv = ps->priv;
	if (ns < 0) {
		struct wiki_title t;
		wiki_title_make(ctx->arena, ns, dbkey, &t);
		add_special(ctx, ps, &t, NULL);
		return;
	}
	const char *key = arena_strdup(ctx->arena, dbkey);
	if (claim(ctx, pv, ns, key, 0))
		queue_push(ctx, pv, Q_TITLE, ns, key, 0, NULL);
}

void query_pageset_set_index(struct api_pageset *ps, int ns, const char *dbkey, long index)
{
	struct ps_slot *s = lookup(ps->priv, ns, dbkey, 0);
	if (!s && ns == WIKI_NS_SPECIAL) {
		/* Special titles are kept under their canonical name. */
		size_t cn;
		const char *canon = wiki_special_canonical(dbkey, strlen(dbkey), &cn);
		char key[128];
		if (canon && cn < sizeof(key)) {
			memcpy(key, canon, cn);
			key[cn] = '\0';
			s = lookup(ps->priv, ns, key, 0);
		}
	}
	if (s)
		s->gen_index = index;
}

void query_pageset_add_pageid(struct api_ctx *ctx, struct api_pageset *ps, int64_t id)
{
	struct pageset_priv *pv = ps->priv;
	if (claim(ctx, pv, INT_MIN, NULL, id))
		queue_push(ctx, pv, Q_ID, 0, NULL, id, NULL);
}

void query_pageset_add_revid(struct api_ctx *ctx, struct api_pageset *ps, int64_t revid)
{
	struct pageset_priv *pv = ps->priv;
	for (size_t i = 0; i < ps->n_revs; i++)
		if (ps->revs[i].revid == revid)
			return;
	ps->from_revids = true;
	queue_push(ctx, pv, Q_REV, 0, NULL, revid, NULL);
}

/* ---------- resolving ---------- */

/*
 * Room for one more element in an arena array of `n` elements whose
 * capacity is always max(8, next power of two): grows by doubling.
 */
static void *grow(struct arena *a, void *old, size_t n, size_t size)
{
	if (n && (n < 8 || (n & (n - 1)) != 0))
		return old;
	size_t cap = n < 8 ? 8 : n * 2;
	void *np = arena_alloc(a, cap * size);
	if (n)
		memcpy(np, old, n * size);
	return np;
}

#define PAGE_COLS                                                                                    \
	"page_id, page_namespace, page_title, page_is_redirect, page_is_new, page_touched, page_latest, " \
	"page_len, page_content_model, page_lang"

/* Columns in PAGE_COLS. */
#define PAGE_NCOLS 10

/*
 * For a set with latest_rows: the row of each page's latest revision in
 * the same query (LATEST_COLS after PAGE_COLS). rev_page = page_id keeps
 * the answer what revs_add() would read for that revision. The columns
 * are REVS_COLS' but for the author's name and user id and the summary:
 * their ids instead, whose rows the connection's cache has (they never
 * change, see store_actor_get()), so a page lookup joins its latest
 * revision and nothing more; on PostgreSQL, where every table of a query
 * costs the server its executor set-up, that is about half of a content
 * read's query.
 */
#define LATEST_COLS                                                                                        \
	"rev_id, rev_parent_id, rev_minor_edit, rev_timestamp, rev_len, rev_sha1, rev_deleted, rev_actor, "    \
	"rev_comment_id, rev_page, page_namespace, page_title"
#define LATEST_JOINS " LEFT JOIN revision ON rev_id = page_latest AND rev_page = page_id"

/*
 * Read LATEST_COLS from column `col` of the current row of `st` into
 * `row` (strings in the request arena), the author and the summary from
 * the connection's cache: "" and 0 for rows that are missing, as the
 * LEFT JOINs of REVS_COLS read them. RC_OK or the failure.
 */
static int read_latest(struct api_ctx *ctx, struct store_stmt *st, int col, struct revs_row *row)
{
	struct arena *a = ctx->arena;
	revs_read_version(st, col, a, row);
	int64_t actor = store_col_int(st, col + 7), comment = store_col_int(st, col + 8);
	row->page = store_col_int(st, col + 9);
	row->page_ns = (int)store_col_int(st, col + 10);
	row->page_dbkey = store_col_dup(st, a, col + 11);
	const char *name = "", *text = "";
	int64_t uid = 0;
	size_t len = 0;
	int rc = store_actor_get(ctx->store, actor, &name, &uid);
	if (rc == RC_NOTFOUND) {
		name = "";
		uid = 0;
	} else if (rc != RC_OK) {
		return rc;
	}
	row->uname = arena_strdup(a, name);
	row->uid = uid;
	rc = store_comment_get(ctx->store, comment, &text, &len);
	if (rc == RC_NOTFOUND) {
		text = "";
		len = 0;
	} else if (rc != RC_OK) {
		return rc;
	}
	row->comment = arena_strndup(a, text, len);
	return RC_OK;
}

/* Fill a GOOD page from a row of PAGE_COLS. */
static void fill_page(struct api_ctx *ctx, struct query_page *p, struct store_stmt *st)
{
	struct wiki_title t;
	p->kind = QUERY_PAGE_GOOD;
	p->id = store_col_int(st, 0);
	p->ns = (int)store_col_int(st, 1);
	wiki_title_make(ctx->arena, p->ns, store_col_text(st, 2), &t);
	p->dbkey = t.dbkey;
	p->title = t.prefixed;
	p->is_redirect = store_col_int(st, 3) != 0;
	p->is_new = store_col_int(st, 4) != 0;
	p->touched = store_col_dup(st, ctx->arena, 5);
	p->latest = store_col_int(st, 6);
	p->len = store_col_int(st, 7);
	p->content_model = store_col_dup(st, ctx->arena, 8);
	p->lang = store_col_dup(st, ctx->arena, 9);
}

/*
 * Take a found page into the set unless it is already there (a page
 * asked for by id and by revid, say). Returns the page in the set.
 */
static struct query_page *take_row(struct api_ctx *ctx, struct api_pageset *ps, struct store_stmt *st)
{
	struct pageset_priv *pv = ps->priv;
	int64_t id = store_col_int(st, 0);
	struct ps_slot *s = lookup(pv, INT_MIN, NULL, id);
	if (s && s->page)
		return s->page;
	int ns = (int)store_col_int(st, 1);
	struct ps_slot *ts = lookup(pv, ns, store_col_text(st, 2), 0);
	if (ts && ts->page)
		return ts->page;
	struct query_page *p = add_page(ctx, ps, QUERY_PAGE_GOOD);
	fill_page(ctx, p, st);
	if (!s)
		s = claim(ctx, pv, INT_MIN, NULL, id);
	s->page = p;
	if (!ts)
		ts = claim(ctx, pv, p->ns, p->dbkey, 0);
	ts->page = p;
	return p;
}

/*
 * A redirect from `from` to (ns, dbkey) passes its generator "index" on
 * to the target; a target reached from several pages keeps the smallest,
 * as MediaWiki's prefixsearch merge policy does.
 */
static void pass_index(struct pageset_priv *pv, const struct query_page *from, int ns, const char *dbkey)
{
	struct ps_slot *fs = lookup(pv, from->ns, from->dbkey, 0);
	struct ps_slot *ts = lookup(pv, ns, dbkey, 0);
	if (!fs || !fs->gen_index || !ts)
		return;
	if (!ts->gen_index || fs->gen_index < ts->gen_index)
		ts->gen_index = fs->gen_index;
}

/* Record the redirect of `from` to the target row of `rd`; queue the target. */
static void follow(struct api_ctx *ctx, struct api_pageset *ps, struct query_page *from, int ns, const char *dbkey,
		   const char *iw, const char *fragment)
{
	struct pageset_priv *pv = ps->priv;
	struct wiki_title t;
	struct ps_redirect *r = arena_calloc(ctx->arena, 1, sizeof(*r));
	r->from = from->title;
	r->fragment = fragment ? fragment : "";
	r->interwiki = iw ? iw : "";
	if (iw && *iw) {
		/* An interwiki target: the title text is "prefix:Ns:Key". */
		const char *text = arena_printf(ctx->arena, "%s:%s%s%s", iw, ns ? wiki_ns_text(ns) : "",
						ns ? ":" : "", dbkey);
		if (wiki_title_parse(ctx->arena, text, WIKI_NS_MAIN, &t, NULL) == RC_OK) {
			r->to = t.prefixed;
			add_interwiki(ctx, pv, &t);
		} else {
			r->to = arena_strdup(ctx->arena, text);
		}
	} else {
		wiki_title_make(ctx->arena, ns, dbkey, &t);
		r->to = t.prefixed;
		if (ns < 0)
			add_special(ctx, ps, &t, NULL);
		else if (claim(ctx, pv, ns, t.dbkey, 0))
			queue_push(ctx, pv, Q_TITLE, ns, t.dbkey, 0, from->title);
		pass_index(pv, from, ns, t.dbkey);
	}
	*pv->redirects_tail = r;
	pv->redirects_tail = &r->next;
}

/* Make missing pages for the titles of `missing` (namespace-grouped order). */
static void add_missing(struct api_ctx *ctx, struct api_pageset *ps, struct ps_queued **missing, size_t n)
{
	struct pageset_priv *pv = ps->priv;
	bool *done = arena_calloc(ctx->arena, n ? n : 1, sizeof(*done));
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		for (size_t j = i; j < n; j++) {
			if (done[j] || missing[j]->ns != missing[i]->ns)
				continue;
			done[j] = true;
			struct wiki_title t;
			wiki_title_make(ctx->arena, missing[j]->ns, missing[j]->dbkey, &t);
			struct query_page *p = add_page(ctx, ps, QUERY_PAGE_MISSING);
			p->id = pv->next_fake--;
			p->ns = t.ns;
			p->dbkey = t.dbkey;
			p->title = t.prefixed;
			struct ps_slot *s = lookup(pv, t.ns, missing[j]->dbkey, 0);
			if (s)
				s->page = p;
		}
	}
}

/*
 * A revids= entry that is not a live revision: when the user may see
 * deleted history and the archive has it, its title joins the set (as
 * MediaWiki's ApiPageSet does, for prop=deletedrevisions) and the id is
 * recorded in ps->deleted_revs. RC_NOTFOUND when it stays a bad revid.
 */
static int add_deleted_rev(struct api_ctx *ctx, struct api_pageset *ps, int64_t revid)
{
	if (!wiki_user_can(ctx->user, "deletedhistory"))
		return RC_NOTFOUND;
	struct store_stmt *st = store_prepare(ctx->store, "SELECT ar_namespace, ar_title FROM archive WHERE ar_rev_id = ?");
	if (!st)
		return RC_ERR;
	store_bindv(st, "i", revid);
	int step = store_step(st);
	if (step != STORE_ROW) {
		store_stmt_done(st);
		return step == STORE_DONE ? RC_NOTFOUND : RC_ERR;
	}
	int ns = (int)store_col_int(st, 0);
	const char *dbkey = store_col_dup(st, ctx->arena, 1);
	store_stmt_done(st);
	for (size_t i = 0; i < ps->n_deleted_revs; i++)
		if (ps->deleted_revs[i].revid == revid)
			return RC_OK;
	ps->deleted_revs = grow(ctx->arena, ps->deleted_revs, ps->n_deleted_revs, sizeof(*ps->deleted_revs));
	ps->deleted_revs[ps->n_deleted_revs++] = (struct query_deleted_rev){ .revid = revid, .ns = ns, .dbkey = dbkey };
	query_pageset_add_title(ctx, ps, ns, dbkey);
	return RC_OK;
}

/*
 * Look up every queued entry once. `*found` gets the pages found in this
 * round (for redirect following). Returns RC_OK or RC_ERR after api_error().
 */
static int run_queue(struct api_ctx *ctx, struct api_pageset *ps, struct query_page ***found, size_t *n_found)
{
	struct pageset_priv *pv = ps->priv;
	struct ps_queued *q = pv->queue;
	size_t n_q = 0;
	for (struct ps_queued *x = q; x; x = x->next)
		n_q++;
	pv->queue = NULL;
	pv->queue_tail = &pv->queue;
	struct ps_queued **missing = arena_calloc(ctx->arena, n_q ? n_q : 1, sizeof(*missing));
	size_t n_missing = 0;
	*found = arena_calloc(ctx->arena, n_q ? n_q : 1, sizeof(**found));
	*n_found = 0;

	for (; q; q = q->next) {
		struct store_stmt *st;
		int step;
		if (q->kind == Q_TITLE) {
			st = store_prepare(ctx->store, ps->latest_rows
				? "SELECT " PAGE_COLS ", " LATEST_COLS " FROM page" LATEST_JOINS
				  " WHERE page_namespace = ? AND page_title = ?"
				: "SELECT " PAGE_COLS " FROM page WHERE page_namespace = ? AND page_title = ?");
			store_bindv(st, "dt", q->ns, q->dbkey);
		} else if (q->kind == Q_ID) {
			st = store_prepare(ctx->store, ps->latest_rows
				? "SELECT " PAGE_COLS ", " LATEST_COLS " FROM page" LATEST_JOINS " WHERE page_id = ?"
				: "SELECT " PAGE_COLS " FROM page WHERE page_id = ?");
			store_bindv(st, "i", q->id);
		} else {
			st = store_prepare(ctx->store, "SELECT " PAGE_COLS " FROM revision JOIN page ON page_id = rev_page"
							  " WHERE rev_id = ?");
			store_bindv(st, "i", q->id);
		}
		step = store_step(st);
		if (step < 0)
			return api_db_error(ctx);
		if (step == STORE_ROW) {
			struct query_page *p = take_row(ctx, ps, st);
			(*found)[(*n_found)++] = p;
			if (ps->latest_rows && q->kind != Q_REV && !p->latest_row && !store_col_is_null(st, PAGE_NCOLS) &&
			    store_col_int(st, PAGE_NCOLS) == p->latest) {
				p->latest_row = arena_alloc(ctx->arena, sizeof(*p->latest_row));
				if (read_latest(ctx, st, PAGE_NCOLS, p->latest_row) != RC_OK) {
					store_stmt_done(st);
					return api_db_error(ctx);
				}
			}
			if (q->kind == Q_REV) {
				ps->revs = grow(ctx->arena, ps->revs, ps->n_revs, sizeof(*ps->revs));
				ps->revs[ps->n_revs].revid = q->id;
				ps->revs[ps->n_revs].page = p;
				ps->n_revs++;
			}
		} else if (q->kind == Q_TITLE) {
			missing[n_missing++] = q;
		} else if (q->kind == Q_ID) {
			struct query_page *p = add_page(ctx, ps, QUERY_PAGE_MISSING_ID);
			p->id = q->id;
			lookup(pv, INT_MIN, NULL, q->id)->page = p;
		} else {
			store_stmt_done(st);
			st = NULL;
			int rc = add_deleted_rev(ctx, ps, q->id);
			if (rc == RC_NOTFOUND) {
				pv->badrevids = grow(ctx->arena, pv->badrevids, pv->n_badrevids, sizeof(*pv->badrevids));
				pv->badrevids[pv->n_badrevids++] = q->id;
			} else if (rc != RC_OK) {
				return api_db_error(ctx);
			}
		}
		if (st)
			store_stmt_done(st);
	}
	add_missing(ctx, ps, missing, n_missing);
	return RC_OK;
}

/*
 * Replace the redirect pages among `found` by their targets: record the
 * redirect, drop the page from the set and queue the target. Returns the
 * number of redirects followed, or -1 after api_error().
 */
static int follow_round(struct api_ctx *ctx, struct api_pageset *ps, struct query_page **found, size_t n_found)
{
	size_t n_followed = 0;
	for (size_t i = 0; i < n_found; i++) {
		struct query_page *p = found[i];
		if (p->kind != QUERY_PAGE_GOOD || !p->is_redirect || p->seq == SIZE_MAX)
			continue;
		struct store_stmt *st = store_prepare(ctx->store, "SELECT rd_namespace, rd_title, rd_interwiki, rd_fragment"
								  " FROM redirect WHERE rd_from = ?");
		store_bindv(st, "i", p->id);
		int step = store_step(st);
		if (step < 0) {
			api_db_error(ctx);
			return -1;
		}
		if (step != STORE_ROW)
			continue; /* no redirect row: the page stays as it is */
		int ns = (int)store_col_int(st, 0);
		const char *dbkey = store_col_dup(st, ctx->arena, 1);
		const char *iw = store_col_dup(st, ctx->arena, 2);
		const char *frag = store_col_dup(st, ctx->arena, 3);
		store_stmt_done(st);
		follow(ctx, ps, p, ns, dbkey, iw, frag);
		p->seq = SIZE_MAX; /* marks the page for removal below */
		n_followed++;
	}
	if (n_followed) {
		size_t w = 0;
		for (size_t i = 0; i < ps->n_pages; i++)
			if (ps->pages[i]->seq != SIZE_MAX)
				ps->pages[w++] = ps->pages[i];
		ps->n_pages = w;
	}
	return (int)n_followed;
}

int query_pageset_resolve(struct api_ctx *ctx, struct api_pageset *ps, bool redirects)
{
	struct pageset_priv *pv = ps->priv;
	/* Each round follows one level of redirects; seen titles never return, so this ends. */
	while (pv->queue) {
		struct query_page **found;
		size_t n_found;
		if (run_queue(ctx, ps, &found, &n_found) != RC_OK)
			return RC_ERR;
		if (!redirects || ps->from_revids)
			continue;
		if (follow_round(ctx, ps, found, n_found) < 0)
			return RC_ERR;
	}
	return RC_OK;
}

/* ---------- building from parameters, generators ---------- */

/* `s` (`len` bytes, NULs allowed) as PHP's rawurlencode(): all but A-Z a-z 0-9 - _ . ~ as %XX. */
static const char *rawurlencode(struct arena *a, const char *s, size_t len)
{
	static const char hexd[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, len * 3 + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~') {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hexd[c >> 4];
			*o++ = hexd[c & 15];
		}
	}
	*o = '\0';
	return out;
}

/* The next piece of a multi-value `s` of `len` bytes at *pos, split at `sep`; false at the end. */
static bool next_value(const char *s, size_t len, char sep, size_t *pos, struct str *out)
{
	if (*pos > len)
		return false;
	const char *e = memchr(s + *pos, sep, len - *pos);
	size_t end = e ? (size_t)(e - s) : len;
	*out = (struct str){ s + *pos, end - *pos };
	*pos = end + 1;
	return true;
}

/*
 * ApiPageSet::handleParamNormalization: the titles whose bytes Unicode
 * cleanup changed (not NFC, bad UTF-8, control characters) come first in
 * "normalized", from the bytes as sent (encoded) to the cleaned text.
 */
static void add_cleaned_titles(struct api_ctx *ctx, struct api_pageset *ps)
{
	struct pageset_priv *pv = ps->priv;
	const struct http_param *hp = api_param_lookup(ctx, "titles");
	if (!hp || !hp->raw)
		return;
	size_t rp = 0, vp = 0;
	char rsep = '|', vsep = '|';
	if (hp->raw_len && hp->raw[0] == '\x1f')
		rsep = '\x1f', rp = 1;
	if (hp->len && hp->value[0] == '\x1f')
		vsep = '\x1f', vp = 1;
	struct str r, v;
	while (next_value(hp->value, hp->len, vsep, &vp, &v) && next_value(hp->raw, hp->raw_len, rsep, &rp, &r)) {
		if (r.len == v.len && memcmp(r.p, v.p, r.len) == 0)
			continue;
		struct ps_pair *n = arena_calloc(ctx->arena, 1, sizeof(*n));
		n->from = rawurlencode(ctx->arena, r.p, r.len);
		n->to = arena_strndup(ctx->arena, v.p, v.len);
		n->encoded = true;
		*pv->normalized_tail = n;
		pv->normalized_tail = &n->next;
	}
}

/* Fill `ps` from titles/pageids/revids after the multisource check. */
/* At most one of titles, pageids and revids (error multisource). Returns RC_OK or RC_ERR. */
static int check_sources(struct api_ctx *ctx)
{
	const char *first = NULL;
	const char *names[] = { "titles", "pageids", "revids" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!api_param_given(ctx, names[i]))
			continue;
		if (first)
			return api_error(ctx, "multisource", "apierror-invalidparammix-cannotusewith", names[i], first);
		first = names[i];
	}
	return RC_OK;
}

static int add_sources(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_pageset *ps)
{
	if (check_sources(ctx) != RC_OK)
		return RC_ERR;
	add_cleaned_titles(ctx, ps);
	for (int pass = 1; pass <= 2; pass++)
		for (size_t i = 0; i < pp->titles.n; i++)
			add_text_pass(ctx, ps, pp->titles.v[i], pass);
	for (size_t i = 0; i < pp->pageids.n; i++)
		query_pageset_add_pageid(ctx, ps, pp->pageids.iv ? pp->pageids.iv[i] : strtoll(pp->pageids.v[i], NULL, 10));
	for (size_t i = 0; i < pp->revids.n; i++)
		query_pageset_add_revid(ctx, ps, pp->revids.iv ? pp->revids.iv[i] : strtoll(pp->revids.v[i], NULL, 10));
	if (pp->revids.n && pp->redirects)
		api_warn(ctx, "redirectsandrevids", NULL);
	return RC_OK;
}

/* The generator module named `name`: a prop or list module flagged API_M_GENERATOR. */
static const struct api_module *find_generator(const char *name)
{
	const struct api_module *m = api_module_find(API_G_PROP, name);
	if (!m || !(m->flags & API_M_GENERATOR))
		m = api_module_find(API_G_LIST, name);
	if (m && !(m->flags & API_M_GENERATOR))
		m = NULL;
	return m;
}

/* Per-request "current set" storage, hung off the continue-free main state. */
struct cur_holder {
	struct api_ctx *ctx;      /* request it belongs to */
	struct api_pageset *ps;   /* current set */
};

/*
 * Worker threads serve one request at a time, so the current set of a
 * request is kept thread-locally together with the request it belongs to.
 */
static _Thread_local struct cur_holder current;

void query_pageset_set_current(struct api_ctx *ctx, struct api_pageset *ps)
{
	current.ctx = ctx;
	current.ps = ps;
}

struct api_pageset *query_pageset_current(struct api_ctx *ctx)
{
	if (current.ctx != ctx || !current.ps)
		BUG("query_pageset_current outside a page set");
	return current.ps;
}

enum query_link_row query_link_item(struct api_ctx *ctx, int64_t from, const char *cv, long *n, long limit,
				    struct api_pageset *gen, int gen_ns, const char *gen_dbkey, const char *key,
				    const char *element, struct api_node **item)
{
	*item = NULL;
	if (++*n > limit) {
		api_continue_set(ctx, "continue", cv);
		return QUERY_LINK_STOP;
	}
	if (gen) {
		query_pageset_add_title(ctx, gen, gen_ns, gen_dbkey);
		return QUERY_LINK_SKIP;
	}
	struct query_page *qp = query_pageset_find_id(query_pageset_current(ctx), from);
	if (!qp)
		return QUERY_LINK_SKIP;
	if (api_result_full(ctx)) {
		api_continue_set(ctx, "continue", cv);
		return QUERY_LINK_STOP;
	}
	struct api_node *page = query_page_node(ctx, qp);
	struct api_node *list = api_node_get(page, key);
	if (!list)
		list = api_add_array(page, key, element);
	*item = api_add_object(list, NULL);
	return QUERY_LINK_ITEM;
}

/* Run the generator `pp->generator` with `source` as the current set, into `out`. */
static int run_generator(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_pageset *source,
			 struct api_pageset *out)
{
	const struct api_module *m = find_generator(pp->generator);
	if (!m)
		return api_error(ctx, "badgenerator", "apierror-badgenerator-unknown", pp->generator);
	query_pageset_set_current(ctx, source);
	const char *prefix = arena_printf(ctx->arena, "g%s", m->prefix ? m->prefix : "");
	return query_run_module(ctx, m, prefix, out);
}

int query_pageset_build(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_pageset **out)
{
	struct api_pageset *ps = query_pageset_new(ctx);
	*out = ps;
	ps->latest_rows = pp->latest_rows && !pp->generator;
	ps->default_ns = pp->default_ns;
	if (add_sources(ctx, pp, ps) != RC_OK)
		return RC_ERR;
	if (query_pageset_resolve(ctx, ps, pp->redirects && !pp->generator) != RC_OK)
		return RC_ERR;
	if (!pp->generator)
		return RC_OK;
	struct api_pageset *gen = query_pageset_new(ctx);
	*out = gen;
	gen->latest_rows = pp->latest_rows;
	if (run_generator(ctx, pp, ps, gen) != RC_OK)
		return RC_ERR;
	return query_pageset_resolve(ctx, gen, pp->redirects);
}

int query_pageset_run(struct api_ctx *ctx, const struct query_pageset_params *pp, bool generator_done,
		      struct api_pageset **out, bool *used_generator)
{
	*used_generator = pp->generator != NULL;
	if (generator_done) {
		/*
		 * The continue value begins with "-": the page set was written
		 * by an earlier batch (or the generator has nothing more). As
		 * MediaWiki's dry run (ApiPageSet::executeDryRun), the set stays
		 * empty and unwritten, but the generator's parameters are still
		 * validated (and so count as used) and the sources checked.
		 */
		struct api_pageset *ps = query_pageset_new(ctx);
		*out = ps;
		if (pp->generator) {
			const struct api_module *m = find_generator(pp->generator);
			if (!m)
				return api_error(ctx, "badgenerator", "apierror-badgenerator-unknown", pp->generator);
			const char *prefix = arena_printf(ctx->arena, "g%s", m->prefix ? m->prefix : "");
			if (query_check_module(ctx, m, prefix, true) != RC_OK)
				return RC_ERR;
		}
		return check_sources(ctx);
	}
	return query_pageset_build(ctx, pp, out);
}

/* ---------- output ---------- */

const int64_t *query_pageset_badrevids(const struct api_pageset *ps, size_t *n)
{
	*n = ps->priv->n_badrevids;
	return ps->priv->badrevids;
}

void query_pageset_add_badrevid_items(const struct api_pageset *ps, struct api_node *list)
{
	for (size_t i = 0; i < ps->priv->n_badrevids; i++) {
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "revid", ps->priv->badrevids[i]);
		api_add_bool(e, "missing", true);
	}
}

void query_pageset_add_interwiki_items(const struct api_pageset *ps, struct api_node *list)
{
	for (struct ps_iw *w = ps->priv->interwiki; w; w = w->next) {
		struct api_node *e = api_add_object(list, NULL);
		api_add_str(e, "title", w->title);
		api_add_str(e, "iw", w->iw);
	}
}

struct query_page *query_pageset_find_id(struct api_pageset *ps, int64_t id)
{
	struct ps_slot *s = lookup(ps->priv, INT_MIN, NULL, id);
	return s && s->page && s->page->kind == QUERY_PAGE_GOOD ? s->page : NULL;
}

/* Output rank of a kind in formatversion 1 (MediaWiki's insertion order). */
static int rank_fv1(enum query_page_kind k)
{
	switch (k) {
	case QUERY_PAGE_MISSING: return 0;
	case QUERY_PAGE_INVALID: return 1;
	case QUERY_PAGE_MISSING_ID: return 2;
	case QUERY_PAGE_SPECIAL: return 3;
	case QUERY_PAGE_GOOD: return 4;
	}
	return 5;
}

/* Rank for page lists (purge): invalid, special, missing ids, missing titles, good. */
static int rank_list(enum query_page_kind k)
{
	switch (k) {
	case QUERY_PAGE_INVALID: return 0;
	case QUERY_PAGE_SPECIAL: return 1;
	case QUERY_PAGE_MISSING_ID: return 2;
	case QUERY_PAGE_MISSING: return 3;
	case QUERY_PAGE_GOOD: return 4;
	}
	return 5;
}

/* qsort context: qsort has none, so the comparators read the rank from `seq`. */
static int cmp_seq(const void *a, const void *b)
{
	const struct query_page *x = *(struct query_page *const *)a, *y = *(struct query_page *const *)b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_id(const void *a, const void *b)
{
	const struct query_page *x = *(struct query_page *const *)a, *y = *(struct query_page *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The pages in order: by rank(kind), then as added. Arena array. */
static struct query_page **ordered(struct api_ctx *ctx, struct api_pageset *ps, int (*rank)(enum query_page_kind))
{
	struct query_page **v = arena_alloc(ctx->arena, (ps->n_pages ? ps->n_pages : 1) * sizeof(*v));
	for (size_t i = 0; i < ps->n_pages; i++) {
		v[i] = ps->pages[i];
		v[i]->seq = (size_t)rank(v[i]->kind) * (ps->n_pages + 1) + i;
	}
	qsort(v, ps->n_pages, sizeof(*v), cmp_seq);
	return v;
}

struct query_page **query_pageset_list_order(struct api_ctx *ctx, struct api_pageset *ps, size_t *n)
{
	*n = ps->n_pages;
	return ordered(ctx, ps, rank_list);
}

/* "invalidreason" of an invalid title, rendered as the errorformat renders messages. */
static void add_invalidreason(struct api_ctx *ctx, const struct query_page *p, struct api_node *node)
{
	struct api_main *m = api_main_of(ctx);
	const char *params[3] = { NULL, NULL, NULL };
	for (int i = 0; i < p->n_bad_params && i < 2; i++)
		params[i] = p->bad_params[i];
	if (m->errorformat == API_EF_BC) {
		api_add_str(node, "invalidreason", api_msg(ctx, p->bad_key, params));
		return;
	}
	struct api_node *r = api_add_object(node, "invalidreason");
	api_add_str(r, "code", p->bad_key);
	switch (m->errorformat) {
	case API_EF_PLAINTEXT:
	case API_EF_WIKITEXT: {
		const char *t = api_msg(ctx, p->bad_key, params);
		api_add_content_as(r, "text", t, strlen(t));
		break;
	}
	case API_EF_HTML: {
		const char *t = api_msg(ctx, p->bad_key, params);
		struct sbuf sb;
		sbuf_init(&sb, SIZE_MAX / 2);
		for (const char *c = t; *c; c++) {
			switch (*c) {
			case '<': sbuf_adds(&sb, "&lt;"); break;
			case '>': sbuf_adds(&sb, "&gt;"); break;
			case '&': sbuf_adds(&sb, "&amp;"); break;
			case '"': sbuf_adds(&sb, "&quot;"); break;
			default: sbuf_addc(&sb, *c); break;
			}
		}
		api_add_content_as(r, "html", sbuf_cstr(&sb), sb.len);
		sbuf_release(&sb);
		break;
	}
	case API_EF_RAW: {
		api_add_str(r, "key", p->bad_key);
		struct api_node *pl = api_add_array(r, "params", "param");
		for (int i = 0; i < p->n_bad_params && i < 2; i++) {
			/* title-invalid-too-long's limit is a number parameter: {"num": 255}. */
			if (i == 0 && streq(p->bad_key, "title-invalid-too-long")) {
				struct api_node *num = api_add_object(pl, NULL);
				api_add_int(num, "num", p->bad_num);
			} else {
				api_add_str(pl, NULL, p->bad_params[i]);
			}
		}
		break;
	}
	case API_EF_NONE:
	case API_EF_BC:
		break;
	}
}

void query_page_write_base(struct api_ctx *ctx, const struct query_page *p, struct api_node *node)
{
	switch (p->kind) {
	case QUERY_PAGE_GOOD:
		api_add_int(node, "pageid", p->id);
		api_add_int(node, "ns", p->ns);
		api_add_str(node, "title", p->title);
		break;
	case QUERY_PAGE_MISSING:
		api_add_int(node, "ns", p->ns);
		api_add_str(node, "title", p->title);
		api_add_bool(node, "missing", true);
		break;
	case QUERY_PAGE_INVALID:
		api_add_str(node, "title", p->title);
		add_invalidreason(ctx, p, node);
		api_add_bool(node, "invalid", true);
		break;
	case QUERY_PAGE_SPECIAL:
		api_add_int(node, "ns", p->ns);
		api_add_str(node, "title", p->title);
		api_add_bool(node, "special", true);
		if (p->special_missing)
			api_add_bool(node, "missing", true);
		break;
	case QUERY_PAGE_MISSING_ID:
		api_add_int(node, "pageid", p->id);
		api_add_bool(node, "missing", true);
		break;
	}
}

/* Build query.pages with every page's base members, in the formatversion's order. */
static struct api_node *build_pages(struct api_ctx *ctx, struct api_pageset *ps)
{
	struct pageset_priv *pv = ps->priv;
	if (pv->pages_node)
		return pv->pages_node;
	struct api_node *pages = api_add_object(api_query_node(ctx), "pages");
	api_node_set_type(pages, API_ARR_BCARRAY, NULL);
	api_node_set_element(pages, "page");
	struct query_page **v = ordered(ctx, ps, rank_fv1);
	if (ctx->formatversion >= 2)
		qsort(v, ps->n_pages, sizeof(*v), cmp_id);
	for (size_t i = 0; i < ps->n_pages; i++) {
		struct query_page *p = v[i];
		p->node = api_add_object(pages, arena_printf(ctx->arena, "%lld", (long long)p->id));
		query_page_write_base(ctx, p, p->node);
		struct ps_slot *slot = p->dbkey ? lookup(pv, p->ns, p->dbkey, 0) : NULL;
		if (slot && slot->gen_index && p->kind != QUERY_PAGE_INVALID)
			api_add_int(p->node, "index", slot->gen_index);
	}
	pv->pages_node = pages;
	return pages;
}

struct api_node *query_page_node(struct api_ctx *ctx, struct query_page *p)
{
	if (!p->node)
		build_pages(ctx, query_pageset_current(ctx));
	if (!p->node)
		BUG("page %lld is not in the current set", (long long)p->id);
	return p->node;
}

void query_pageset_write_lists(struct api_ctx *ctx, struct api_pageset *ps, struct api_node *parent, bool iwurl,
			       bool badrevids)
{
	struct pageset_priv *pv = ps->priv;
	if (pv->normalized) {
		struct api_node *l = api_add_array(parent, "normalized", "n");
		for (struct ps_pair *n = pv->normalized; n; n = n->next) {
			struct api_node *e = api_add_object(l, NULL);
			api_add_bool(e, "fromencoded", n->encoded);
			api_add_str(e, "from", n->from);
			api_add_str(e, "to", n->to);
		}
	}
	if (pv->interwiki) {
		struct api_node *l = api_add_array(parent, "interwiki", "i");
		for (struct ps_iw *w = pv->interwiki; w; w = w->next) {
			struct api_node *e = api_add_object(l, NULL);
			api_add_str(e, "title", w->title);
			api_add_str(e, "iw", w->iw);
			if (iwurl)
				api_add_str(e, "url", w->url);
		}
	}
	if (pv->redirects) {
		struct api_node *l = api_add_array(parent, "redirects", "r");
		for (struct ps_redirect *r = pv->redirects; r; r = r->next) {
			struct api_node *e = api_add_object(l, NULL);
			api_add_str(e, "from", r->from);
			api_add_str(e, "to", r->to);
			if (*r->fragment)
				api_add_str(e, "tofragment", r->fragment);
			if (*r->interwiki)
				api_add_str(e, "tointerwiki", r->interwiki);
		}
	}
	if (badrevids && pv->n_badrevids) {
		/* Keyed by revision id in both formatversions. */
		struct api_node *l = api_add_object(parent, "badrevids");
		api_node_set_element(l, "rev");
		for (size_t i = 0; i < pv->n_badrevids; i++) {
			struct api_node *e = api_add_object(l, arena_printf(ctx->arena, "%lld", (long long)pv->badrevids[i]));
			api_add_int(e, "revid", pv->badrevids[i]);
			api_add_bool(e, "missing", true);
		}
	}
}

void query_pageset_output(struct api_ctx *ctx, struct api_pageset *ps, bool indexpageids, bool iwurl)
{
	struct pageset_priv *pv = ps->priv;
	bool has_lists = pv->normalized || pv->interwiki || pv->redirects || pv->n_badrevids;
	if (!has_lists && !ps->n_pages)
		return;
	struct api_node *q = api_query_node(ctx);
	/* Pages built early by prop modules move behind the lists, where MediaWiki puts them. */
	struct api_node *pages = pv->pages_node;
	if (pages)
		api_node_unlink(pages);
	query_pageset_write_lists(ctx, ps, q, iwurl, true);
	if (!ps->n_pages)
		return;
	if (indexpageids) {
		struct api_node *ids = api_add_array(q, "pageids", "id");
		struct query_page **v = ordered(ctx, ps, rank_fv1);
		for (size_t i = 0; i < ps->n_pages; i++)
			api_add_str(ids, NULL, arena_printf(ctx->arena, "%lld", (long long)v[i]->id));
	}
	if (pages)
		api_node_append(q, pages);
	else
		build_pages(ctx, ps);
}

/*
 * The generator's own continuation parameters as the client sent them:
 * the names before "||" in the continue value (none on the first
 * request). They go back unchanged so the generator repeats its batch
 * while prop modules are still working on it.
 */
void query_generator_keys(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_node *cn,
			  struct sbuf *keys)
{
	const char *v = api_param_raw(ctx, "continue");
	if (!v)
		return;
	const char *sep = strstr(v, "||");
	if (!sep || sep == v || (sep - v == 1 && v[0] == '-'))
		return;
	const char **names;
	size_t n = api_split_multi(ctx->arena, arena_strndup(ctx->arena, v, (size_t)(sep - v)), &names);
	for (size_t i = 0; i < n; i++) {
		const struct http_param *hp = api_param_lookup(ctx, names[i]);
		if (!hp || api_node_get(cn, names[i]))
			continue;
		api_add_str(cn, names[i], hp->value);
		if (keys->len)
			sbuf_addc(keys, '|');
		sbuf_adds(keys, names[i]);
	}
}

/* ---------- helpers for prop modules ---------- */

/* rc_type numbers as MediaWiki stores them (RC_EDIT 0, RC_NEW 1, RC_LOG 3, RC_EXTERNAL 5, RC_CATEGORIZE 6). */
static const struct {
	const char *name; /* rctype value */
	int type;         /* rc_type */
} rc_types[] = { { "edit", 0 }, { "new", 1 }, { "log", 3 }, { "external", 5 }, { "categorize", 6 } };

const char *query_rc_type_name(int t)
{
	for (size_t i = 0; i < ARRAY_SIZE(rc_types); i++)
		if (rc_types[i].type == t)
			return rc_types[i].name;
	return "external";
}

void query_rc_types_sql(struct sbuf *sql, const struct api_list *types)
{
	/*
	 * Comparisons joined by OR rather than IN (...): SQLite looks each row
	 * up in a temporary index for an IN list of more than two values.
	 * They are tried in order, and most changes are edits: "edit" first.
	 */
	bool any = false;
	for (size_t k = 0; k < ARRAY_SIZE(rc_types); k++)
		for (size_t i = 0; i < types->n; i++)
			if (streq(types->v[i], rc_types[k].name)) {
				sbuf_addf(sql, "%src_type = %d", any ? " OR " : " AND (", rc_types[k].type);
				any = true;
				break;
			}
	sbuf_adds(sql, any ? ")" : " AND rc_type = -1");
}

void query_add_tags(struct api_ctx *ctx, struct api_node *node, char which, int64_t id)
{
	/* In the order the tags were defined, as MediaWiki lists a change's tags. */
	static const char *const sql[] = {
		"SELECT ctd_name FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id WHERE ct_rev_id = ?"
		" ORDER BY ct_tag_id",
		"SELECT ctd_name FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id WHERE ct_rc_id = ?"
		" ORDER BY ct_tag_id",
		"SELECT ctd_name FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id WHERE ct_log_id = ?"
		" ORDER BY ct_tag_id",
	};
	struct api_node *tags = api_add_array(node, "tags", "tag");
	struct store_stmt *st = store_prepare(ctx->store, sql[which == 'v' ? 0 : which == 'r' ? 1 : 2]);
	if (!st)
		return;
	store_bind_int(st, 1, id);
	while (store_step(st) == STORE_ROW)
		api_add_str(tags, NULL, store_col_text(st, 0));
	store_stmt_done(st);
}

int query_tags_read(struct api_ctx *ctx, struct store_stmt *st, struct query_tags *out)
{
	*out = (struct query_tags){ 0 };
	if (!st)
		return api_db_error(ctx);
	size_t cap = 0, cap2 = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		out->ids = arena_grow(ctx->arena, out->ids, out->n, &cap, sizeof(*out->ids));
		out->names = arena_grow(ctx->arena, out->names, out->n, &cap2, sizeof(*out->names));
		out->ids[out->n] = store_col_int(st, 0);
		out->names[out->n++] = store_col_dup(st, ctx->arena, 1);
	}
	store_stmt_done(st);
	return rc < 0 ? api_db_error(ctx) : RC_OK;
}

int query_tags_of_revs(struct api_ctx *ctx, const int64_t *revids, size_t n, struct query_tags *out)
{
	*out = (struct query_tags){ 0 };
	if (!n)
		return RC_OK;
	/* The ids are written into the SQL: they are integers the module read from the database. */
	struct sbuf sql;
	sbuf_init(&sql, 1 << 20);
	sbuf_adds(&sql, "SELECT ct_rev_id, ctd_name FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
			" WHERE ct_rev_id IN (");
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sql, "%s%lld", i ? "," : "", (long long)revids[i]);
	sbuf_adds(&sql, ") ORDER BY ct_rev_id, ct_tag_id");
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	return query_tags_read(ctx, st, out);
}

void query_tags_add(struct api_node *node, const struct query_tags *t, int64_t id)
{
	struct api_node *tags = api_add_array(node, "tags", "tag");
	/* The first name of `id`: the ids ascend. */
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < t->n && t->ids[lo] == id; lo++)
		api_add_str(tags, NULL, t->names[lo]);
}

const char *query_ts_iso(struct arena *a, const char *ts)
{
	const char *iso = ts ? wiki_timestamp_iso(a, ts) : NULL;
	return iso ? iso : ts ? ts : "";
}

const char *query_page_model(const struct query_page *p)
{
	if (p->content_model && *p->content_model)
		return p->content_model;
	return wiki_default_model(p->ns, p->dbkey);
}
