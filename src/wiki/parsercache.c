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
 * Invalidation: a rendering depends on more than its revision (the
 * templates it transcludes, whether the pages it links to exist or are
 * redirects). Its own link collections are what it depends on, as
 * MediaWiki's link tables are what its cache invalidation follows:
 * templates (with every redirect on the way), links (#ifexist targets
 * among them) and files. Every entry remembers the wiki's change mark
 * when it was made — the newest recent-changes row and the newest
 * revision, which every edit, creation, deletion, move, undeletion and
 * import advances. While the mark is unchanged the entry is valid at no
 * cost; when it has moved, the titles changed since (the recent-changes
 * rows and revisions after the entry's mark) are compared with the
 * entry's dependencies: none of them, and the entry is valid under the
 * new mark; one of them, and it is parsed again. Changes that may touch
 * any page count as touching every entry: moves, merges, imports and
 * page language changes (a page's own title may differ), interface
 * messages (MediaWiki: pages), and more than CHANGES_MAX changes at once.
 * So an entry is never served after a change it depends on, on one node
 * or several sharing one database. As in MediaWiki, counts (site
 * statistics, category sizes) shown by a page do not make it stale; the
 * entries also expire after their TTL (the reduced one for
 * time-dependent output).
 *
 * Bounds: at most CACHE_ENTRIES entries and CACHE_BYTES bytes of arenas;
 * the least recently used entry goes first.
 */
#include <pthread.h>
#include <string.h>

#include "../parser/wt.h"
#include "../store/store.h"
#include "../util/config.h"
#include "../util/util.h"
#include "arenacache.h"
#include "wiki.h"

/* Most renderings kept: a working set of popular pages, small enough for a linear LRU scan. */
#define CACHE_ENTRIES 512
/* Most bytes of arenas kept (a rendering of a long page takes a few MB of parser memory). */
#define CACHE_BYTES ((size_t)128 * 1024 * 1024)
/* Most changes compared with an entry's dependencies; more count as a change to every page. */
#define CHANGES_MAX 256

/* One rendering. */
struct entry {
	struct wiki_ac_entry ac;   /* table bookkeeping; ac.arena holds everything below */
	int64_t rev_id;            /* revision rendered */
	int ns;                    /* its page's namespace (-1 when not given) ... */
	const char *dbkey;         /* ... and title: a change to the page itself counts */
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

/* The titles changed after a change mark, or everything. */
struct changes {
	bool all;          /* a change that may touch any page, or too many */
	int *ns;           /* namespaces of the changed titles */
	const char **keys; /* their dbkeys */
	size_t n;          /* count */
};

/*
 * Log entries whose change is to their own title only: everything else
 * (moves, merges, imports, page language) may change what another title
 * shows or what a page is called.
 */
static bool log_is_local(const char *type)
{
	static const char *const local[] = { "block", "contentmodel", "create", "delete", "managetags", "newusers",
					     "patrol", "protect", "rights", "suppress", "tag", "upload", NULL };
	for (size_t i = 0; local[i]; i++)
		if (streq(type, local[i]))
			return true;
	return false;
}

/* Add the rows of `s` (namespace, title[, log type]) to `ch`. */
static int collect(struct store_stmt *s, struct arena *a, bool has_log, struct changes *ch, size_t *cap)
{
	int rc;
	while (!ch->all && (rc = store_step(s)) == STORE_ROW) {
		int ns = (int)store_col_int(s, 0);
		if (ch->n >= CHANGES_MAX || ns == WIKI_NS_MEDIAWIKI ||
		    (has_log && !store_col_is_null(s, 2) && !log_is_local(store_col_text(s, 2)))) {
			ch->all = true;
			break;
		}
		if (ch->n == *cap) {
			size_t c = *cap;
			ch->ns = arena_grow(a, ch->ns, ch->n, &c, sizeof(*ch->ns));
			ch->keys = arena_grow(a, ch->keys, ch->n, cap, sizeof(*ch->keys));
		}
		ch->ns[ch->n] = ns;
		ch->keys[ch->n++] = store_col_dup(s, a, 1);
	}
	store_stmt_done(s);
	return ch->all || rc == STORE_DONE ? RC_OK : RC_ERR;
}

/* What changed after mark (rc, rev): recent-changes rows and revisions (imports make no rows). */
static int changes_since(struct store *st, struct arena *a, int64_t rc, int64_t rev, struct changes *ch)
{
	memset(ch, 0, sizeof(*ch));
	size_t cap = 0;
	struct store_stmt *s = store_prepare(st, "SELECT rc_namespace, rc_title, rc_log_type FROM recentchanges"
						 " WHERE rc_id > ? ORDER BY rc_id LIMIT ?");
	if (!s)
		return RC_ERR;
	store_bindv(s, "ii", rc, (int64_t)CHANGES_MAX + 1);
	if (collect(s, a, true, ch, &cap) != RC_OK)
		return RC_ERR;
	if (ch->all)
		return RC_OK;
	s = store_prepare(st, "SELECT page_namespace, page_title FROM revision JOIN page ON page_id = rev_page"
			      " WHERE rev_id > ? ORDER BY rev_id LIMIT ?");
	if (!s)
		return RC_ERR;
	store_bindv(s, "ii", rev, (int64_t)CHANGES_MAX + 1);
	return collect(s, a, false, ch, &cap);
}

static bool in_links(const struct wt_link *l, size_t n, int ns, const char *dbkey)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].ns == ns && streq(l[i].dbkey, dbkey))
			return true;
	return false;
}

/* Does the rendering of `e` depend on one of the changed titles? */
static bool depends_on(const struct entry *e, const struct changes *ch)
{
	if (ch->all)
		return true;
	const struct wt_output *o = &e->out;
	for (size_t i = 0; i < ch->n; i++) {
		int ns = ch->ns[i];
		const char *k = ch->keys[i];
		if ((e->ns == ns && streq(e->dbkey, k)) || in_links(o->templates, o->n_templates, ns, k) ||
		    in_links(o->links, o->n_links, ns, k) || in_links(o->images, o->n_images, ns, k))
			return true;
	}
	return false;
}

/* Take `e` out of the table if it is still there (lock held). */
static void evict_entry_locked(struct entry *e)
{
	for (size_t i = 0; i < CACHE_ENTRIES; i++)
		if (slots[i] == &e->ac) {
			wiki_ac_evict_locked(&cache, i);
			return;
		}
}

int wiki_render_cached(struct store *st, struct arena *a, const struct wiki_render_opts *ro, const char *text,
		       size_t len, struct wt_output *out, struct wiki_render_report *rep)
{
	int64_t mark_rc, mark_rev;
	/* The cache holds renderings for readers of the wiki's language only; others are rendered afresh. */
	bool other_lang = ro->user_lang && strcmp(ro->user_lang, config.lang) != 0;
	if (ro->rev_id <= 0 || other_lang || wiki_change_mark(st, &mark_rc, &mark_rev) != RC_OK)
		return wiki_render_report(st, a, ro, text, len, out, rep);
	unsigned opts = key_opts(ro);
	int64_t now = util_now();

	/* Look up the entry; one made under an older mark is checked against the changes since, outside the lock. */
	struct entry *old = NULL;
	int64_t old_rc = 0, old_rev = 0;
	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		struct entry *e = (struct entry *)slots[i];
		if (!e || e->rev_id != ro->rev_id || e->opts != opts)
			continue;
		if (e->expires <= now) {
			wiki_ac_evict_locked(&cache, i);
			continue;
		}
		wiki_ac_hold_locked(&cache, &e->ac);
		if (e->mark_rc == mark_rc && e->mark_rev == mark_rev) {
			pthread_mutex_unlock(&cache.lock);
			hand_out(a, e, out, rep);
			if (rep)
				rep->from_cache = true;
			return RC_OK;
		}
		old = e;
		old_rc = e->mark_rc;
		old_rev = e->mark_rev;
		break;
	}
	pthread_mutex_unlock(&cache.lock);
	if (old) {
		struct changes ch;
		bool valid = changes_since(st, a, old_rc, old_rev, &ch) == RC_OK && !depends_on(old, &ch);
		pthread_mutex_lock(&cache.lock);
		if (valid && old->mark_rc == old_rc && old->mark_rev == old_rev) {
			old->mark_rc = mark_rc;
			old->mark_rev = mark_rev;
		}
		if (!valid)
			evict_entry_locked(old);
		pthread_mutex_unlock(&cache.lock);
		if (valid) {
			hand_out(a, old, out, rep);
			if (rep)
				rep->from_cache = true;
			return RC_OK;
		}
		wiki_ac_unref(&old->ac);
	}

	/* A miss: parse into an arena of the entry's own, outside the lock. */
	struct entry *e = wiki_ac_new(&cache, sizeof(*e));
	int rc = wiki_render_report(st, e->ac.arena, ro, text, len, &e->out, &e->rep);
	if (rc != RC_OK) {
		wiki_ac_unref(&e->ac);
		return wiki_render_report(st, a, ro, text, len, out, rep);
	}
	e->rev_id = ro->rev_id;
	e->ns = ro->title ? ro->title->ns : -1;
	e->dbkey = ro->title ? arena_strdup(e->ac.arena, ro->title->dbkey) : "";
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
