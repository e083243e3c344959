/* SPDX-License-Identifier: MIT */
/*
 * arena.h — per-request memory pool with cleanup callbacks (after nginx's
 * ngx_pool_t). Everything built while serving one request is allocated
 * here and released together by arena_free(); nothing in an arena is freed
 * individually. Non-memory resources register a cleanup that runs first,
 * in reverse order of registration.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "util.h"

struct arena;

typedef void arena_cleanup_fn(void *data);

/* Make an empty arena. Free it with arena_free(). */
struct arena *arena_new(void);

/* Run the cleanups, then release every block. arena_free(NULL) is a no-op. */
void arena_free(struct arena *a);

/*
 * The free tail of an arena's current block. It is the first member of
 * struct arena (arena.c), so that arena_alloc() cuts a small request from
 * it inline; nothing but arena.h and arena.c reads it.
 */
struct arena_tail {
	unsigned char *next; /* first free byte, ARENA_ALIGN-aligned */
	unsigned char *end;  /* end of the current block */
};

/* Alignment of every allocation. */
#define ARENA_ALIGN 16
/* Largest request cut from the current block; larger ones get a block of their own (arena.c). */
#define ARENA_SMALL_MAX 4096

/* arena_alloc() when the current block has no room (or `n` is large): a new block. */
void *arena_alloc_slow(struct arena *a, size_t n);

/* `n` bytes aligned for any type, uninitialized; lives until arena_free(). */
static inline void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_tail *t = (struct arena_tail *)a;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n <= ARENA_SMALL_MAX && need <= (size_t)(t->end - t->next)) {
		void *p = t->next;
		t->next += need;
		return p;
	}
	return arena_alloc_slow(a, n);
}

/* Like arena_alloc() but zero-filled; `n * size` is overflow-checked. */
void *arena_calloc(struct arena *a, size_t n, size_t size);

/*
 * Room for one more element in the growable array `v` of `n` elements
 * of `size` bytes with capacity *cap: `v` itself when it has room, else
 * a copy with twice the capacity (16 at first; *cap updated). The old
 * copy stays in the arena until arena_free().
 */
void *arena_grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size);

/* Copies of strings, NUL-terminated, owned by the arena. NULL gives NULL. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strstr(struct arena *a, struct str s);

/* printf into a fresh arena string. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Call fn(data) when the arena is freed, before its memory goes. */
void arena_on_cleanup(struct arena *a, arena_cleanup_fn *fn, void *data);

/* Bytes handed out so far (for limits and tests). */
size_t arena_used(const struct arena *a);

#endif
