/* SPDX-License-Identifier: MIT */
/*
 * rowcache.c — per-connection caches of rows that never change once
 * committed: a content row with its text (by content_id), the slots of a
 * revision (by rev_id), a comment's text (by comment_id) and an actor's
 * name and user (by actor_id). MediaWiki caches the same immutable data
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
 *     committed yet);
 *   - comment rows are never updated or deleted; an actor's name never
 *     changes, and its user only from none to an account, when an
 *     account is made for a name that has edits already (imported ones):
 *     an actor without a user is cached only when its name can never be
 *     an account's (an IP address, or an imported "prefix>name").
 * Each cache is direct-mapped and bounded (see the limits below); it lives
 * in struct store, which one worker thread owns, so there is no locking.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* Content rows cached per connection; a small number covers the hot pages of a wiki. */
#define CONTENT_ENTRIES 32
/* Longer texts are not cached: 32 × 128 KiB bounds a connection's cache at 4 MiB. */
#define CONTENT_MAX_BYTES (128 * 1024)
/* Revisions whose slot lists are cached per connection. */
#define SLOT_ENTRIES 64
/* Slots of one revision (MediaWiki 1.39 defines main plus a handful of extension roles). */
#define SLOTS_PER_REV 8

/* Comment texts cached per connection (a few list pages of distinct summaries). */
#define COMMENT_ENTRIES 4096
/* Longer comments are not cached: 4096 × 1 KiB bounds the comment cache at 4 MiB. */
#define COMMENT_MAX_BYTES 1024
/* Actors cached per connection. */
#define ACTOR_ENTRIES 1024

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

/* One cached comment row, or an actor row (`text` is its name, `user` its actor_user, 0 for none). */
struct text_entry {
	int64_t id;      /* comment_id or actor_id; 0 = empty */
	char *text;      /* comment_text or actor_name, NUL-terminated (owned) */
	size_t len;      /* bytes in text */
	int64_t user;    /* actor_user (actors only) */
};

/* Entries of the id memo (store_memo_get()), direct-mapped by a hash of kind and key. */
#define MEMO_ENTRIES 64
/* Longest key the memo keeps. */
#define MEMO_MAX_KEY 1024

/* One remembered id (store_memo_put()). */
struct memo_entry {
	int64_t id;      /* the row's id; 0 = empty */
	int kind;        /* enum store_memo */
	char *key;       /* the key, NUL-terminated (owned) */
};

/* The caches of one connection (st->cache). */
struct store_cache {
	struct memo_entry memo[MEMO_ENTRIES];          /* ids by key (store_memo_get()) */
	struct content_entry content[CONTENT_ENTRIES]; /* direct-mapped by id */
	struct slots_entry slots[SLOT_ENTRIES];        /* direct-mapped by rev_id */
	struct text_entry *comments;                   /* COMMENT_ENTRIES, direct-mapped by id; NULL until used */
	struct text_entry *actors;                     /* ACTOR_ENTRIES, direct-mapped by id; NULL until used */
	struct text_entry comment_scratch;             /* the last comment read that could not be cached */
	struct text_entry actor_scratch;               /* the last actor read that could not be cached */
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

static void text_clear(struct text_entry *e)
{
	xfree(e->text);
	*e = (struct text_entry){ 0 };
}

/* Free a table of `n` text entries (NULL is a no-op). */
static void texts_free(struct text_entry *t, size_t n)
{
	if (!t)
		return;
	for (size_t i = 0; i < n; i++)
		text_clear(&t[i]);
	xfree(t);
}

void store_cache_free(struct store *st)
{
	if (!st->cache)
		return;
	for (size_t i = 0; i < CONTENT_ENTRIES; i++)
		content_clear(&st->cache->content[i]);
	for (size_t i = 0; i < SLOT_ENTRIES; i++)
		slots_clear(&st->cache->slots[i]);
	texts_free(st->cache->comments, COMMENT_ENTRIES);
	texts_free(st->cache->actors, ACTOR_ENTRIES);
	for (size_t i = 0; i < MEMO_ENTRIES; i++)
		xfree(st->cache->memo[i].key);
	text_clear(&st->cache->comment_scratch);
	text_clear(&st->cache->actor_scratch);
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

/* The memo slot of kind and key (FNV-1a). */
static size_t memo_slot(enum store_memo kind, const char *key)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)kind;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)(h % MEMO_ENTRIES);
}

bool store_memo_get(struct store *st, enum store_memo kind, const char *key, int64_t *id)
{
	if (!st->cache)
		return false;
	const struct memo_entry *e = &st->cache->memo[memo_slot(kind, key)];
	if (!e->id || e->kind != (int)kind || !streq(e->key, key))
		return false;
	*id = e->id;
	return true;
}

void store_memo_put(struct store *st, enum store_memo kind, const char *key, int64_t id)
{
	if (st->names_added || id <= 0 || strlen(key) > MEMO_MAX_KEY)
		return;
	struct memo_entry *e = &cache_of(st)->memo[memo_slot(kind, key)];
	xfree(e->key);
	e->key = xstrdup(key);
	e->kind = (int)kind;
	e->id = id;
}

void store_memo_added(struct store *st)
{
	if (st->tx_depth > 0)
		st->names_added = true;
}

bool store_cache_slots_known(const struct store *st, int64_t rev_id)
{
	return st->cache && rev_id > 0 && st->cache->slots[(uint64_t)rev_id % SLOT_ENTRIES].rev == rev_id;
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

/*
 * Read one row of `sql` (bound to `id`: a text and, optionally, an
 * integer) into `e` (its old text freed). RC_OK, RC_NOTFOUND or the failure.
 */
static int text_read(struct store *st, const char *sql, int64_t id, struct text_entry *e)
{
	struct store_stmt *stmt = store_prepare(st, sql);
	if (!stmt)
		return RC_ERR;
	store_bind_int(stmt, 1, id);
	int rc = store_step(stmt);
	if (rc == STORE_ROW) {
		const char *t = store_col_text(stmt, 0);
		size_t len = store_col_len(stmt, 0);
		text_clear(e);
		e->id = id;
		e->text = xmalloc(len + 1);
		memcpy(e->text, t ? t : "", len);
		e->text[len] = '\0';
		e->len = len;
		e->user = store_col_int(stmt, 1);
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_NOTFOUND;
	}
	store_stmt_done(stmt);
	return rc;
}

/* The table of `n` entries at *t, made on first use. */
static struct text_entry *texts_of(struct text_entry **t, size_t n)
{
	if (!*t)
		*t = xcalloc(n, sizeof(**t));
	return *t;
}

int store_comment_get(struct store *st, int64_t id, const char **text, size_t *len)
{
	struct store_cache *c = cache_of(st);
	struct text_entry *e = &texts_of(&c->comments, COMMENT_ENTRIES)[(uint64_t)id % COMMENT_ENTRIES];
	if (id <= 0 || e->id != id) {
		struct text_entry fresh = { 0 };
		int rc = text_read(st, "SELECT comment_text, 0 FROM comment WHERE comment_id = ?", id, &fresh);
		if (rc != RC_OK)
			return rc;
		if (st->tx_depth > 0 || id <= 0 || fresh.len > COMMENT_MAX_BYTES)
			e = &c->comment_scratch;
		text_clear(e);
		*e = fresh;
	}
	*text = e->text;
	*len = e->len;
	return RC_OK;
}

/* Can an actor named `name` without a user never get one (an IP address, an imported name)? */
static bool is_userless_name(const char *name)
{
	unsigned char addr[16];
	return strchr(name, '>') || inet_pton(AF_INET, name, addr) == 1 || inet_pton(AF_INET6, name, addr) == 1;
}

int store_actor_get(struct store *st, int64_t id, const char **name, int64_t *user)
{
	struct store_cache *c = cache_of(st);
	struct text_entry *e = &texts_of(&c->actors, ACTOR_ENTRIES)[(uint64_t)id % ACTOR_ENTRIES];
	if (id <= 0 || e->id != id) {
		struct text_entry fresh = { 0 };
		int rc = text_read(st, "SELECT actor_name, COALESCE(actor_user, 0) FROM actor WHERE actor_id = ?", id,
				   &fresh);
		if (rc != RC_OK)
			return rc;
		if (st->tx_depth > 0 || id <= 0 || (!fresh.user && !is_userless_name(fresh.text)))
			e = &c->actor_scratch;
		text_clear(e);
		*e = fresh;
	}
	*name = e->text;
	*user = e->user;
	return RC_OK;
}
