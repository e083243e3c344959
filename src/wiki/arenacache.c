/* SPDX-License-Identifier: MIT */
/*
 * arenacache.c — bounded tables of arena-owning, referenced entries for
 * the parser cache and the edit stash (see arenacache.h).
 */
#include "arenacache.h"

void *wiki_ac_new(struct wiki_ac *c, size_t size)
{
	struct wiki_ac_entry *e = xcalloc(1, size < sizeof(*e) ? sizeof(*e) : size);
	e->cache = c;
	e->arena = arena_new();
	e->refs = 1;
	return e;
}

void wiki_ac_unref_locked(struct wiki_ac_entry *e)
{
	if (--e->refs > 0)
		return;
	arena_free(e->arena);
	xfree(e);
}

void wiki_ac_unref(struct wiki_ac_entry *e)
{
	struct wiki_ac *c = e->cache;
	pthread_mutex_lock(&c->lock);
	wiki_ac_unref_locked(e);
	pthread_mutex_unlock(&c->lock);
}

void wiki_ac_evict_locked(struct wiki_ac *c, size_t i)
{
	struct wiki_ac_entry *e = c->slots[i];
	c->slots[i] = NULL;
	c->total_bytes -= e->bytes;
	wiki_ac_unref_locked(e);
}

void wiki_ac_hold_locked(struct wiki_ac *c, struct wiki_ac_entry *e)
{
	e->used = ++c->clock;
	e->refs++;
}

void wiki_ac_put_locked(struct wiki_ac *c, struct wiki_ac_entry *e)
{
	e->bytes = arena_used(e->arena);
	if (e->bytes > c->max_bytes / 4)
		return;
	size_t none = c->n_slots, slot = none;
	for (size_t i = 0; i < c->n_slots && slot == none; i++)
		if (!c->slots[i])
			slot = i;
	/* Full, by count or by bytes: the least recently used entries go first. */
	while (slot == none || c->total_bytes + e->bytes > c->max_bytes) {
		size_t old = none;
		for (size_t i = 0; i < c->n_slots; i++)
			if (c->slots[i] && (old == none || c->slots[i]->used < c->slots[old]->used))
				old = i;
		if (old == none)
			break;
		wiki_ac_evict_locked(c, old);
		if (slot == none)
			slot = old;
	}
	if (slot == none || c->total_bytes + e->bytes > c->max_bytes)
		return;
	e->used = ++c->clock;
	e->refs++;
	c->slots[slot] = e;
	c->total_bytes += e->bytes;
}

/* arena_on_cleanup() callback: the request is done with the entry. */
static void release(void *data)
{
	wiki_ac_unref(data);
}

void wiki_ac_lend(struct wiki_ac_entry *e, struct arena *a)
{
	arena_on_cleanup(a, release, e);
}

void wiki_ac_clear(struct wiki_ac *c)
{
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->n_slots; i++)
		if (c->slots[i])
			wiki_ac_evict_locked(c, i);
	pthread_mutex_unlock(&c->lock);
}
