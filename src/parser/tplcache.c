/* SPDX-License-Identifier: MIT */
/*
 * tplcache.c — preprocessed template trees shared between parses, as
 * MediaWiki keeps the DOM of a fetched template in its preprocessor
 * cache instead of building it again for every page that uses it.
 *
 * One process-wide table maps (prefixed dbkey, extension tag set) to the
 * latest tree built for that template: its revision id, a copy of the
 * text the tree points into, and the tree, all in an arena of the entry's
 * own. An entry answers a fetch only when the revision id, the length and
 * the bytes of the text are all the same, so an edited template (a new
 * revision) is preprocessed again and replaces the old entry, and a host
 * whose revision ids do not identify the text (test hosts) still gets the
 * right tree. Trees are never changed after they are built; parses read
 * them without the lock.
 *
 * Entries are reference-counted: the table holds one reference, and each
 * parse that uses an entry holds one until its arena is freed. The table
 * keeps at most WT_TPLCACHE_BYTES of them and drops the least recently
 * used first; a dropped entry is freed when its last parse ends.
 */
#include <pthread.h>

#include "wt_int.h"

/*
 * Memory the table may hold, in bytes of entry arenas: a template's tree
 * takes about ten times its text, so this keeps a few thousand typical
 * templates.
 */
#define WT_TPLCACHE_BYTES ((size_t)64 << 20)

/* Templates longer than this are not kept: one of them would crowd out the rest. */
#define WT_TPLCACHE_MAX_TEXT ((size_t)1 << 20)

/* Buckets of the table (a power of two). */
#define WT_TPLCACHE_BUCKETS 1024

/* Bytes charged for an entry beyond what its arena handed out (the arena's first block). */
#define WT_TPLCACHE_OVERHEAD ((size_t)16 << 10)

/* One cached tree. */
struct tc_entry {
	char *pdbk;               /* prefixed dbkey (xmalloc) */
	uint64_t sig;             /* extension tag set the tree was built with */
	uint32_t hash;            /* hash of pdbk and sig */
	int64_t rev_id;           /* revision the text came from */
	const char *text;         /* copy of the text (in `a`) */
	size_t len;               /* its length */
	struct wt_node *tree;     /* the tree for inclusion (in `a`) */
	struct arena *a;          /* everything of the entry */
	size_t bytes;             /* memory charged to the table */
	int refs;                 /* the table's reference plus one per parse using it */
	struct tc_entry *next;    /* next in the bucket */
	struct tc_entry *lru_prev; /* more recently used neighbour */
	struct tc_entry *lru_next; /* less recently used neighbour */
};

/* The table; every field is guarded by `lock`. */
static struct {
	pthread_mutex_t lock;                         /* guards the table */
	struct tc_entry *buckets[WT_TPLCACHE_BUCKETS]; /* chains */
	struct tc_entry *lru_head;                     /* most recently used */
	struct tc_entry *lru_tail;                     /* least recently used */
	size_t bytes;                                  /* charged memory of entries in the table */
} tc = { .lock = PTHREAD_MUTEX_INITIALIZER };

static uint32_t tc_hash(const char *pdbk, uint64_t sig)
{
	uint32_t h = 2166136261u ^ (uint32_t)sig ^ (uint32_t)(sig >> 32);
	for (const char *s = pdbk; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static void entry_free(struct tc_entry *e)
{
	arena_free(e->a);
	xfree(e->pdbk);
	xfree(e);
}

static void lru_unlink(struct tc_entry *e)
{
	if (e->lru_prev)
		e->lru_prev->lru_next = e->lru_next;
	else
		tc.lru_head = e->lru_next;
	if (e->lru_next)
		e->lru_next->lru_prev = e->lru_prev;
	else
		tc.lru_tail = e->lru_prev;
	e->lru_prev = e->lru_next = NULL;
}

static void lru_push(struct tc_entry *e)
{
	e->lru_prev = NULL;
	e->lru_next = tc.lru_head;
	if (tc.lru_head)
		tc.lru_head->lru_prev = e;
	else
		tc.lru_tail = e;
	tc.lru_head = e;
}

/* Take `e` out of the table (lock held); true when that dropped its last reference. */
static bool table_remove(struct tc_entry *e)
{
	struct tc_entry **pp = &tc.buckets[e->hash & (WT_TPLCACHE_BUCKETS - 1)];
	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	e->next = NULL;
	lru_unlink(e);
	tc.bytes -= e->bytes;
	return --e->refs == 0;
}

/* Arena cleanup of a parse: drop its reference. */
static void entry_release(void *data)
{
	struct tc_entry *e = data;
	pthread_mutex_lock(&tc.lock);
	bool last = --e->refs == 0;
	pthread_mutex_unlock(&tc.lock);
	if (last)
		entry_free(e);
}

/* The extension tags that change how text is preprocessed, as one number. */
static uint64_t site_sig(const struct wt_site *site)
{
	uint64_t h = 14695981039346656037u;
	if (!site)
		return h;
	h = (h ^ (site->raw_html ? 1u : 2u)) * 1099511628211u;
	for (size_t i = 0; i < site->n_ext_tags; i++) {
		for (const char *s = site->ext_tags[i].name; *s; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211u;
		h = (h ^ 0xffu) * 1099511628211u;
	}
	return h;
}

/* Hand `e` to the parse of `cx` (a reference is already counted for it). */
static const struct wt_node *hand_out(struct wt_ctx *cx, struct tc_entry *e, const char **text)
{
	arena_on_cleanup(cx->a, entry_release, e);
	*text = e->text;
	return e->tree;
}

const struct wt_node *wt_tplcache_tree(struct wt_ctx *cx, const char *pdbk, const struct wt_fetched *f,
				       const char **text)
{
	if (f->rev_id <= 0 || !f->text || f->len > WT_TPLCACHE_MAX_TEXT || memchr(f->text, 0x7f, f->len))
		return NULL;
	if (!cx->tpl_sig_ready) {
		cx->tpl_sig = site_sig(cx->site);
		cx->tpl_sig_ready = true;
	}
	uint64_t sig = cx->tpl_sig;
	uint32_t h = tc_hash(pdbk, sig);
	pthread_mutex_lock(&tc.lock);
	for (struct tc_entry *e = tc.buckets[h & (WT_TPLCACHE_BUCKETS - 1)]; e; e = e->next) {
		if (e->hash != h || e->sig != sig || strcmp(e->pdbk, pdbk) != 0)
			continue;
		if (e->rev_id == f->rev_id && e->len == f->len && memcmp(e->text, f->text, f->len) == 0) {
			e->refs++;
			lru_unlink(e);
			lru_push(e);
			pthread_mutex_unlock(&tc.lock);
			return hand_out(cx, e, text);
		}
		break;
	}
	pthread_mutex_unlock(&tc.lock);

	/* Not there (or another revision): build it outside the lock. */
	struct tc_entry *e = xcalloc(1, sizeof(*e));
	e->pdbk = xstrdup(pdbk);
	e->sig = sig;
	e->hash = h;
	e->rev_id = f->rev_id;
	e->len = f->len;
	e->a = arena_new();
	e->text = arena_strndup(e->a, f->text, f->len);
	e->tree = wt_preprocess_tree(e->a, cx->site, e->text, e->len, WT_PP_FOR_INCLUSION);
	e->bytes = arena_used(e->a) + WT_TPLCACHE_OVERHEAD;
	e->refs = 2;

	struct tc_entry *dead[8];
	size_t n_dead = 0;
	pthread_mutex_lock(&tc.lock);
	struct tc_entry **bucket = &tc.buckets[h & (WT_TPLCACHE_BUCKETS - 1)];
	for (struct tc_entry *o = *bucket; o; o = o->next) {
		if (o->hash == h && o->sig == sig && strcmp(o->pdbk, pdbk) == 0) {
			if (table_remove(o))
				dead[n_dead++] = o;
			break;
		}
	}
	e->next = *bucket;
	*bucket = e;
	lru_push(e);
	tc.bytes += e->bytes;
	/* Keep within the budget; the new entry itself stays (the parse needs it anyway). */
	while (tc.bytes > WT_TPLCACHE_BYTES && tc.lru_tail != e && n_dead < ARRAY_SIZE(dead)) {
		struct tc_entry *o = tc.lru_tail;
		if (table_remove(o))
			dead[n_dead++] = o;
	}
	pthread_mutex_unlock(&tc.lock);
	for (size_t i = 0; i < n_dead; i++)
		entry_free(dead[i]);
	return hand_out(cx, e, text);
}
