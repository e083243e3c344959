/* SPDX-License-Identifier: MIT */
/*
 * arenacache.h — the machinery the in-memory caches of renderings share
 * (the parser cache, parsercache.c, and the edit stash, editstash.c): a
 * bounded table of entries that each own an arena, with references so
 * that a request can keep using an entry that is evicted meanwhile.
 *
 * A cache module embeds struct wiki_ac_entry as the first member of its
 * entries and keeps its own keys and validity rules; it scans the table
 * under the cache's lock. An entry starts with one reference, its
 * maker's; the table takes one of its own; wiki_ac_lend() hands a
 * reference to a request, whose arena drops it when it is freed. The
 * last reference frees the entry and its arena.
 */
#ifndef ARENACACHE_H
#define ARENACACHE_H

#include <pthread.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/util.h"

struct wiki_ac;

/* The part of an entry the table manages. */
struct wiki_ac_entry {
	struct wiki_ac *cache; /* the table it is (or was) in */
	struct arena *arena;   /* the entry's memory: the module's data lives here */
	size_t bytes;          /* arena_used() when it was put in */
	uint64_t used;         /* the table's clock at its last use: the least recently used goes first */
	int refs;              /* the table's reference while in it, plus its users' */
};

/* A table; define one with WIKI_AC_INIT over a static array of slots. */
struct wiki_ac {
	pthread_mutex_t lock;         /* guards everything here and the entries' refs */
	struct wiki_ac_entry **slots; /* NULL when free */
	size_t n_slots;               /* their number */
	size_t max_bytes;             /* most bytes of arenas kept */
	size_t total_bytes;           /* bytes of the entries in the table */
	uint64_t clock;               /* use counter */
};

#define WIKI_AC_INIT(slots_array, max) \
	{ PTHREAD_MUTEX_INITIALIZER, (slots_array), ARRAY_SIZE(slots_array), (max), 0, 0 }

/* A new entry of `size` bytes (zeroed, at least the header) with an arena of its own and one reference. */
void *wiki_ac_new(struct wiki_ac *c, size_t size);

/* Drop one reference (with the lock held); the last frees the entry. */
void wiki_ac_unref_locked(struct wiki_ac_entry *e);

/* Drop one reference (taking the lock). */
void wiki_ac_unref(struct wiki_ac_entry *e);

/* Take slot `i`'s entry out of the table (with the lock held). */
void wiki_ac_evict_locked(struct wiki_ac *c, size_t i);

/* A reference for a user of the entry found in the table, which counts as its latest use (lock held). */
void wiki_ac_hold_locked(struct wiki_ac *c, struct wiki_ac_entry *e);

/*
 * Put `e` in the table (with the lock held), evicting the least recently
 * used entries for a slot and its bytes; the table takes a reference of
 * its own. An entry bigger than a quarter of the table stays out.
 */
void wiki_ac_put_locked(struct wiki_ac *c, struct wiki_ac_entry *e);

/* Give one reference of the caller's to request arena `a`, which drops it when it is freed. */
void wiki_ac_lend(struct wiki_ac_entry *e, struct arena *a);

/* Empty the table. */
void wiki_ac_clear(struct wiki_ac *c);

#endif
