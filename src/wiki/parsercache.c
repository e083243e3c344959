/* SPDX-License-Identifier: MIT */
/*
 * parsercache.c — the parser cache: renderings of saved revisions kept in
 * memory, so that parsing a page again (action=parse&page=..., page
 * views) costs a lookup instead of a parse.
 *
 * An entry is keyed by revision id and the options that change the HTML
 * (edit-section links, TOC, wrapper, limit report, preview). It owns the
 * arena the parse was done in, so the struct wt_output it holds points
 * into memory of its own. Readers take a reference that the request's
 * arena drops when it is freed; an evicted entry is freed when its last
 * reader is done.
 *
 * Invalidation: a rendering depends on more than its revision (templates,
 * which links are blue). Every entry remembers the wiki's change mark
 * when it was made — the newest recent-changes row and the newest
 * revision, which every edit, creation, deletion, move, undeletion and
 * import advances — and is used only while the mark is unchanged. That
 * is coarser than MediaWiki's page_touched (any change drops every
 * entry), but never serves a stale page, and works the same for several
 * wikid nodes on one database. Entries also expire after their TTL (the
 * reduced one for time-dependent output).
 *
 * Bounds: at most CACHE_ENTRIES entries and CACHE_BYTES bytes of arenas;
 * the least recently used entry goes first.
 */
#include <pthread.h>
#include <string.h>

#include "../parser/wt.h"
#include "../store/store.h"
#include "../util/util.h"
#include "wiki.h"

/* Most renderings kept: a working set of popular pages, small enough for a linear LRU scan. */
#define CACHE_ENTRIES 512
/* Most bytes of arenas kept (a rendering of a long page takes a few MB of parser memory). */
#define CACHE_BYTES ((size_t)128 * 1024 * 1024)

/* One rendering. */
struct entry {
	int64_t rev_id;            /* revision rendered */
	unsigned opts;             /* OPT_* bits */
	int64_t mark_rc;           /* change mark when made: newest rc_id ... */
	int64_t mark_rev;          /* ... and newest rev_id */
	int64_t expires;           /* Unix time it stops being valid */
	uint64_t used;             /* LRU clock of the last use */
	int refs;                  /* 1 for the cache's own reference + readers */
	bool in_cache;             /* still in the table */
	size_t bytes;              /* arena_used() of its arena */
	struct arena *arena;       /* everything below lives here */
	struct wt_output out;      /* the rendering */
	struct wiki_render_report rep; /* its limit report facts */
};

/* Option bits of the key. */
enum {
	OPT_NO_EDIT_SECTION = 1 << 0, /* no edit-section links */
	OPT_NO_TOC = 1 << 1,          /* no table of contents */
	OPT_NO_WRAP = 1 << 2,         /* no wrapper div */
	OPT_NO_LIMIT_REPORT = 1 << 3, /* no limit report comment */
	OPT_PREVIEW = 1 << 4,         /* preview */
	OPT_SECTION_PREVIEW = 1 << 5, /* section preview */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table[CACHE_ENTRIES]; /* slots, NULL when free */
static size_t total_bytes;                 /* sum of the entries' bytes */
static uint64_t clock_now;                 /* LRU clock */

static unsigned key_opts(const struct wiki_render_opts *ro)
{
	return (ro->no_edit_section ? OPT_NO_EDIT_SECTION : 0) | (ro->no_toc ? OPT_NO_TOC : 0) |
	       (ro->no_wrap ? OPT_NO_WRAP : 0) | (ro->no_limit_report ? OPT_NO_LIMIT_REPORT : 0) |
	       (ro->is_preview ? OPT_PREVIEW : 0) | (ro->is_section_preview ? OPT_SECTION_PREVIEW : 0);
}

/* Drop one reference (under the lock); the last one frees the entry. */
static void unref_locked(struct entry *e)
{
	if (--e->refs > 0)
		return;
	arena_free(e->arena);
	xfree(e);
}

/* The request's arena is done with the entry. */
static void release(void *data)
{
	pthread_mutex_lock(&lock);
	unref_locked(data);
	pthread_mutex_unlock(&lock);
}

/* Take slot `i` out of the table (under the lock). */
static void evict_locked(size_t i)
{
	struct entry *e = table[i];
	table[i] = NULL;
	e->in_cache = false;
	total_bytes -= e->bytes;
	unref_locked(e);
}

/* The wiki's change mark (see the file comment). RC_OK or the store's failure. */
static int change_mark(struct store *st, int64_t *rc, int64_t *rev)
{
	*rc = *rev = 0;
	struct store_stmt *s = store_prepare(st, "SELECT (SELECT COALESCE(MAX(rc_id), 0) FROM recentchanges),"
						 " (SELECT COALESCE(MAX(rev_id), 0) FROM revision)");
	if (!s)
		return RC_ERR;
	int r = store_step(s);
	if (r == STORE_ROW) {
		*rc = store_col_int(s, 0);
		*rev = store_col_int(s, 1);
	}
	store_stmt_done(s);
	return r == STORE_ROW ? RC_OK : RC_ERR;
}

/* Hand entry `e` (referenced for the caller) to the request: copy its output, drop the reference with `a`. */
static void hand_out(struct arena *a, struct entry *e, struct wt_output *out, struct wiki_render_report *rep)
{
	arena_on_cleanup(a, release, e);
	*out = e->out;
	if (rep)
		*rep = e->rep;
}

int wiki_render_cached(struct store *st, struct arena *a, const struct wiki_render_opts *ro, const char *text,
		       size_t len, struct wt_output *out, struct wiki_render_report *rep)
{
	int64_t mark_rc, mark_rev;
	if (ro->rev_id <= 0 || change_mark(st, &mark_rc, &mark_rev) != RC_OK)
		return wiki_render_report(st, a, ro, text, len, out, rep);
	unsigned opts = key_opts(ro);
	int64_t now = util_now();

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		struct entry *e = table[i];
		if (!e || e->rev_id != ro->rev_id || e->opts != opts)
			continue;
		if (e->mark_rc != mark_rc || e->mark_rev != mark_rev || e->expires <= now) {
			evict_locked(i);
			continue;
		}
		e->used = ++clock_now;
		e->refs++;
		pthread_mutex_unlock(&lock);
		hand_out(a, e, out, rep);
		if (rep)
			rep->from_cache = true;
		return RC_OK;
	}
	pthread_mutex_unlock(&lock);

	/* A miss: parse into an arena of the entry's own, outside the lock. */
	struct entry *e = xcalloc(1, sizeof(*e));
	e->arena = arena_new();
	int rc = wiki_render_report(st, e->arena, ro, text, len, &e->out, &e->rep);
	if (rc != RC_OK) {
		arena_free(e->arena);
		xfree(e);
		return wiki_render_report(st, a, ro, text, len, out, rep);
	}
	e->rev_id = ro->rev_id;
	e->opts = opts;
	e->mark_rc = mark_rc;
	e->mark_rev = mark_rev;
	e->expires = now + e->rep.ttl;
	e->bytes = arena_used(e->arena);
	e->refs = 1; /* the caller's */

	pthread_mutex_lock(&lock);
	if (e->bytes <= CACHE_BYTES / 4) {
		/* Room: a free slot, else the least recently used; then bytes. */
		size_t slot = CACHE_ENTRIES;
		for (size_t i = 0; i < CACHE_ENTRIES && slot == CACHE_ENTRIES; i++)
			if (!table[i])
				slot = i;
		while (slot == CACHE_ENTRIES || total_bytes + e->bytes > CACHE_BYTES) {
			size_t old = CACHE_ENTRIES;
			for (size_t i = 0; i < CACHE_ENTRIES; i++)
				if (table[i] && (old == CACHE_ENTRIES || table[i]->used < table[old]->used))
					old = i;
			if (old == CACHE_ENTRIES)
				break;
			evict_locked(old);
			if (slot == CACHE_ENTRIES)
				slot = old;
		}
		if (slot < CACHE_ENTRIES && total_bytes + e->bytes <= CACHE_BYTES) {
			e->used = ++clock_now;
			e->in_cache = true;
			e->refs++;
			table[slot] = e;
			total_bytes += e->bytes;
		}
	}
	pthread_mutex_unlock(&lock);
	hand_out(a, e, out, rep);
	return RC_OK;
}

void wiki_parser_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < CACHE_ENTRIES; i++)
		if (table[i])
			evict_locked(i);
	pthread_mutex_unlock(&lock);
}
