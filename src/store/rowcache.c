/* SPDX-License-Identifier: MIT */
/*
 * rowcache.c — per-connection caches of rows that never change once
 * committed: a content row with its text (by content_id) and the slots
 * of a revision (by rev_id). MediaWiki caches the same immutable data
 * (BlobStore's revision-text cache, RevisionStore's slot rows). A read of
 * a page's current text then costs the database the page and revision
 * lookups only, which matters most on a database server, where every
 * query is a round trip.
 *
 * Invariants that make the caches correct on every node of a cluster
 * without any invalidation:
 *   - slots, content and text rows are never updated or deleted (page
 *     deletion keeps them, keyed by the archived revision id);
 *   - ids come from AUTOINCREMENT / sequences, so a committed id is never
 *     given to another row;
 *   - only rows read outside a write transaction (st->tx_depth == 0), i.e.
 *     committed rows, are cached: a row inserted in a transaction that
 *     rolls back can have its id reused (SQLite rolls its sequence back);
 *   - an empty slot list is never cached (the revision may not be
 *     committed yet).
 * Each cache is direct-mapped and bounded (see the limits below); it lives
 * in struct store, which one worker thread owns, so there is no locking.
 */
#include <stdio.h>
#include <stdlib.h>

#include "store_int.h"

/* Content rows cached per connection; a small number covers the hot pages of a wiki. */
#define CONTENT_ENTRIES 32
/* Longer texts are not cached: 32 × 128 KiB bounds a connection's cache at 4 MiB. */
#define CONTENT_MAX_BYTES (128 * 1024)
/* Revisions whose slot lists are cached per connection. */
#define SLOT_ENTRIES 64
/* Slots of one revision (MediaWiki 1.39 defines main plus a handful of extension roles). */
#define SLOTS_PER_REV 8

/* One cached content row. */
struct content_entry {
	int64_t id;      /* content_id; 0 = empty */
	char *model;     /* content model name (owned) */
	char *data;      /* the text, NUL-terminated (owned) */
	size_t len;      /* bytes in data */
};

/* The cached slot list of one revision. */
struct slots_entry {
	int64_t rev;                             /* rev_id; 0 = empty */
	size_t n;                                /* slots in s */
	struct store_slot s[SLOTS_PER_REV];      /* strings owned by the entry */
};

/* Both caches of one connection (st->cache). */
struct store_cache {
	struct content_entry content[CONTENT_ENTRIES]; /* direct-mapped by id */
	struct slots_entry slots[SLOT_ENTRIES];        /* direct-mapped by rev_id */
};

/* The connection's cache, made on first use. */
static struct store_cache *cache_of(struct store *st)
{
	if (!st->cache)
		st->cache = xcalloc(1, sizeof(*st->cache));
	return st->cache;
}

static void content_clear(struct content_entry *e)
{
	xfree(e->model);
	xfree(e->data);
	*e = (struct content_entry){ 0 };
}

static void slots_clear(struct slots_entry *e)
{
	for (size_t i = 0; i < e->n; i++) {
		xfree((char *)e->s[i].role);
		xfree((char *)e->s[i].model);
		xfree((char *)e->s[i].sha1);
	}
	*e = (struct slots_entry){ 0 };
}

void store_cache_free(struct store *st)
{
	if (!st->cache)
		return;
	for (size_t i = 0; i < CONTENT_ENTRIES; i++)
		content_clear(&st->cache->content[i]);
	for (size_t i = 0; i < SLOT_ENTRIES; i++)
		slots_clear(&st->cache->slots[i]);
	xfree(st->cache);
	st->cache = NULL;
}

bool store_cache_content_get(struct store *st, struct arena *a, int64_t id, const char **data, size_t *len,
			     const char **model)
{
	if (!st->cache || id <= 0)
		return false;
	const struct content_entry *e = &st->cache->content[(uint64_t)id % CONTENT_ENTRIES];
	if (e->id != id)
		return false;
	char *copy = arena_alloc(a, e->len + 1);
	memcpy(copy, e->data, e->len + 1);
	*data = copy;
	*len = e->len;
	if (model)
		*model = arena_strdup(a, e->model);
	return true;
}

void store_cache_content_put(struct store *st, int64_t id, const char *data, size_t len, const char *model)
{
	if (st->tx_depth > 0 || id <= 0 || len > CONTENT_MAX_BYTES)
		return;
	struct content_entry *e = &cache_of(st)->content[(uint64_t)id % CONTENT_ENTRIES];
	content_clear(e);
	e->id = id;
	e->model = xstrdup(model);
	e->data = xmalloc(len + 1);
	memcpy(e->data, data, len);
	e->data[len] = '\0';
	e->len = len;
}

/* Copy the entry's slots into `out` (strings into `a`). */
static size_t slots_copy(struct arena *a, const struct slots_entry *e, struct store_slot *out, size_t cap)
{
	size_t n = e->n < cap ? e->n : cap;
	for (size_t i = 0; i < n; i++) {
		out[i] = e->s[i];
		out[i].role = arena_strdup(a, e->s[i].role);
		out[i].model = arena_strdup(a, e->s[i].model);
		out[i].sha1 = arena_strdup(a, e->s[i].sha1);
	}
	return n;
}

/*
 * The slots in role order, as MediaWiki lists them, with the content row's
 * size, hash and model: one query, then cached.
 */
int store_slots_get(struct store *st, struct arena *a, int64_t rev_id, struct store_slot *out, size_t cap,
		    size_t *n)
{
	*n = 0;
	if (st->cache && rev_id > 0) {
		const struct slots_entry *e = &st->cache->slots[(uint64_t)rev_id % SLOT_ENTRIES];
		if (e->rev == rev_id) {
			*n = slots_copy(a, e, out, cap);
			return RC_OK;
		}
	}
	struct store_stmt *stmt = store_prepare(st,
		"SELECT role_name, content_size, content_sha1, model_name, content_id FROM slots"
		" JOIN slot_roles ON role_id = slot_role_id JOIN content ON content_id = slot_content_id"
		" JOIN content_models ON model_id = content_model WHERE slot_revision_id = ? ORDER BY role_id");
	if (!stmt)
		return RC_ERR;
	store_bind_int(stmt, 1, rev_id);
	int rc;
	struct slots_entry fresh = { 0 };
	bool complete = true;
	while ((rc = store_step(stmt)) == STORE_ROW) {
		if (fresh.n == SLOTS_PER_REV) {
			complete = false;
			continue;
		}
		struct store_slot *s = &fresh.s[fresh.n++];
		s->role = xstrdup(store_col_text(stmt, 0));
		s->size = store_col_int(stmt, 1);
		s->sha1 = xstrdup(store_col_text(stmt, 2));
		s->model = xstrdup(store_col_text(stmt, 3));
		s->content_id = store_col_int(stmt, 4);
	}
	store_stmt_done(stmt);
	if (rc != STORE_DONE) {
		slots_clear(&fresh);
		return rc;
	}
	*n = slots_copy(a, &fresh, out, cap);
	if (fresh.n == 0 || !complete || st->tx_depth > 0 || rev_id <= 0) {
		slots_clear(&fresh);
		return RC_OK;
	}
	struct slots_entry *e = &cache_of(st)->slots[(uint64_t)rev_id % SLOT_ENTRIES];
	slots_clear(e);
	*e = fresh;
	e->rev = rev_id;
	return RC_OK;
}
