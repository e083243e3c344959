/* SPDX-License-Identifier: MIT */
/*
 * arena.c — bump allocator over a chain of blocks. Small requests are cut
 * from the current block; a request larger than a quarter block gets a
 * block of its own so that it does not waste the tail of the current one.
 * Blocks double in size as an arena grows, up to BLOCK_MAX.
 */
#include "arena.h"

#include <stdio.h>

/* 16 KiB covers a typical small API request in one or two blocks. */
#define BLOCK_SIZE (16 * 1024)
/* Largest block a growing arena takes at once. */
#define BLOCK_MAX (256 * 1024)
#define ALIGN ARENA_ALIGN

_Static_assert(ARENA_SMALL_MAX == BLOCK_SIZE / 4, "arena.h's inline limit is a quarter block");

struct block {
	struct block *next; /* older block */
	size_t used;        /* bytes consumed in data[] (the current block's: see struct arena_tail) */
	size_t cap;         /* bytes available in data[] */
	_Alignas(ALIGN) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;  /* registered earlier */
	arena_cleanup_fn *fn;  /* what to call */
	void *data;            /* its argument */
};

struct arena {
	struct arena_tail tail;  /* the free part of head->data (first: arena_alloc() reads it inline) */
	struct block *head;      /* current block, where small allocations go */
	struct block *big;       /* blocks holding one large allocation each */
	struct cleanup *cleanups; /* most recent first */
	size_t total;            /* bytes handed out outside the current block */
};

/* Make `b` the current block. */
static void set_head(struct arena *a, struct block *b)
{
	a->head = b;
	a->tail.next = b->data + b->used;
	a->tail.end = b->data + b->cap;
}

static struct block *block_new(size_t cap)
{
	struct block *b = xmalloc(sizeof(*b) + cap);
	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = xcalloc(1, sizeof(*a));
	set_head(a, block_new(BLOCK_SIZE));
	return a;
}

static void free_chain(struct block *b)
{
	while (b) {
		struct block *next = b->next;
		xfree(b);
		b = next;
	}
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->data);
	free_chain(a->head);
	free_chain(a->big);
	xfree(a);
}

void *arena_alloc_slow(struct arena *a, size_t n)
{
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n)
		BUG("arena allocation size overflow");
	if (need > BLOCK_SIZE / 4) {
		struct block *b = block_new(need);
		b->next = a->big;
		a->big = b;
		b->used = need;
		a->total += need;
		return b->data;
	}
	if ((size_t)(a->tail.end - a->tail.next) < need) {
		/* Each new block twice the last, up to BLOCK_MAX: a large request (a parse) mallocs rarely. */
		struct block *h = a->head;
		h->used = (size_t)(a->tail.next - h->data);
		a->total += h->used;
		size_t cap = h->cap < BLOCK_MAX / 2 ? h->cap * 2 : BLOCK_MAX;
		struct block *b = block_new(cap);
		b->next = h;
		set_head(a, b);
	}
	void *p = a->tail.next;
	a->tail.next += need;
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		BUG("arena_calloc overflow");
	void *p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

void *arena_grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size)
{
	if (v && n < *cap)
		return v;
	size_t bigger = *cap ? *cap * 2 : 16;
	if (bigger < n + 1)
		bigger = n + 1;
	void *w = arena_calloc(a, bigger, size);
	if (v && n)
		memcpy(w, v, n * size);
	*cap = bigger;
	return w;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_strstr(struct arena *a, struct str s)
{
	return arena_strndup(a, s.p ? s.p : "", s.len);
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	/* Formatted straight into the free tail of the current block; measured first only when it does not fit. */
	size_t room = (size_t)(a->tail.end - a->tail.next);
	char *p = (char *)a->tail.next;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(p, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		BUG("bad format string %s", fmt);
	if ((size_t)n < room && (size_t)n + 1 <= BLOCK_SIZE / 4) {
		size_t need = ((size_t)n + 1 + ALIGN - 1) & ~(size_t)(ALIGN - 1);
		if (need > room)
			need = room;
		a->tail.next += need;
		return p;
	}
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void arena_on_cleanup(struct arena *a, arena_cleanup_fn *fn, void *data)
{
	struct cleanup *c = arena_alloc(a, sizeof(*c));
	c->fn = fn;
	c->data = data;
	c->next = a->cleanups;
	a->cleanups = c;
}

size_t arena_used(const struct arena *a)
{
	return a->total + (size_t)(a->tail.next - a->head->data);
}
