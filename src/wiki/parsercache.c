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
#include "arenacache.h"
#include "wiki.h"

/* Most renderings kept: a working set of popular pages, small enough for a linear LRU scan. */
#define CACHE_ENTRIES 512
/* Most bytes of arenas kept (a rendering of a long page takes a few MB of parser memory). */
#define CACHE_BYTES ((size_t)128 * 1024 * 1024)

/* One rendering. */
struct entry {
	struct wiki_ac_entry ac;   /* table bookkeeping; ac.arena holds everything below */
	int64_t rev_id;            /* revision rendered */
	unsigned opts;             /* OPT_* bits */
	int64_t mark_rc;           /* change mark when made: newest rc_id ... */
	int64_t mark_rev;          /* ... and newest rev_id */
	int64_t expires;           /* Unix time it stops being valid */
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

static struct wiki_ac_entry *slots[CACHE_ENTRIES];
static struct wiki_ac cache = WIKI_AC_INIT(slots, CACHE_BYTES);

static unsigned key_opts(const struct wiki_render_opts *ro)
{
	return (ro->no_edit_section ? OPT_NO_EDIT_SECTION : 0) | (ro->no_toc ? OPT_NO_TOC : 0) |
	       (ro->no_wrap ? OPT_NO_WRAP : 0) | (ro->no_limit_report ? OPT_NO_LIMIT_REPORT : 0) |
	       (ro->is_preview ? OPT_PREVIEW : 0) | (ro->is_section_preview ? OPT_SECTION_PREVIEW : 0);
}

int wiki_change_mark(struct store *st, int64_t *rc, int64_t *rev)
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
	wiki_ac_lend(&e->ac, a);
	*out = e->out;
	if (rep)
		*rep = e->rep;
}

int wiki_render_cached(struct store *st, struct arena *a, const struct wiki_render_opts *ro, const char *text,
		       size_t len, struct wt_output *out, struct wiki_render_report *rep)
{
	int64_t mark_rc, mark_rev;
	if (ro->rev_id <= 0 || wiki_change_mark(st, &mark_rc, &mark_rev) != RC_OK)
		return wiki_render_report(st, a, ro, text, len, out, rep);
	unsigned opts = key_opts(ro);
	int64_t now = util_now();

	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		struct entry *e = (struct entry *)slots[i];
		if (!e || e->rev_id != ro->rev_id || e->opts != opts)
			continue;
		if (e->mark_rc != mark_rc || e->mark_rev != mark_rev || e->expires <= now) {
			wiki_ac_evict_locked(&cache, i);
			continue;
		}
		wiki_ac_hold_locked(&cache, &e->ac);
		pthread_mutex_unlock(&cache.lock);
		hand_out(a, e, out, rep);
		if (rep)
			rep->from_cache = true;
		return RC_OK;
	}
	pthread_mutex_unlock(&cache.lock);

	/* A miss: parse into an arena of the entry's own, outside the lock. */
	struct entry *e = wiki_ac_new(&cache, sizeof(*e));
	int rc = wiki_render_report(st, e->ac.arena, ro, text, len, &e->out, &e->rep);
	if (rc != RC_OK) {
		wiki_ac_unref(&e->ac);
		return wiki_render_report(st, a, ro, text, len, out, rep);
	}
	e->rev_id = ro->rev_id;
	e->opts = opts;
	e->mark_rc = mark_rc;
	e->mark_rev = mark_rev;
	e->expires = now + e->rep.ttl;
	pthread_mutex_lock(&cache.lock);
	wiki_ac_put_locked(&cache, &e->ac);
	pthread_mutex_unlock(&cache.lock);
	/* The maker's reference goes to the request. */
	hand_out(a, e, out, rep);
	return RC_OK;
}

void wiki_parser_cache_clear(void)
{
	wiki_ac_clear(&cache);
}
