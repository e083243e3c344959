/* SPDX-License-Identifier: MIT */
/*
 * sbuf.h — owned, growable byte buffer with a hard size cap (after curl's
 * dynbuf and cmark's strbuf). The content is always NUL-terminated. Going
 * over the cap is an ordinary error: the append returns RC_TOOBIG, leaves
 * the buffer as it was, and sets `is_toobig` so a caller may check once at
 * the end instead of after each append.
 */
#ifndef SBUF_H
#define SBUF_H

#include <stdarg.h>

#include "util.h"

struct sbuf {
	char *p;        /* bytes, NUL-terminated; NULL until the first append */
	size_t len;     /* bytes used, excluding the NUL */
	size_t cap;     /* bytes allocated */
	size_t max;     /* hard limit on len */
	bool is_toobig; /* an append was refused because of max */
};

/* Start an empty buffer that may grow to `max` bytes. */
void sbuf_init(struct sbuf *sb, size_t max);

/* Free the bytes and leave an empty buffer with the same max. */
void sbuf_release(struct sbuf *sb);

/* Forget the content but keep the memory. */
void sbuf_clear(struct sbuf *sb);

/* Hand the bytes to the caller (free with xfree); the buffer becomes empty. */
char *sbuf_detach(struct sbuf *sb, size_t *len);

/*
 * Make room for `n` more bytes now, so that appending them later does not
 * reallocate. RC_TOOBIG (and nothing changes) when that would pass max.
 */
int sbuf_reserve(struct sbuf *sb, size_t n);

/*
 * Append `n` bytes, a C string, one byte, a view, or printf-style text.
 * Each returns RC_OK, or RC_TOOBIG (nothing appended) past `max`.
 */
int sbuf_add(struct sbuf *sb, const void *p, size_t n);
int sbuf_adds(struct sbuf *sb, const char *s);
int sbuf_addstr(struct sbuf *sb, struct str s);
int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One byte; inline, as the serializers call it for every bracket and comma. */
static inline int sbuf_addc(struct sbuf *sb, char c)
{
	if (sb->p && sb->len + 1 < sb->cap) {
		sb->p[sb->len++] = c;
		sb->p[sb->len] = '\0';
		return RC_OK;
	}
	return sbuf_add(sb, &c, 1);
}
int sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap);

/* Append `n` bytes of `p` with & < > " ' escaped, as PHP's htmlspecialchars() with ENT_QUOTES. */
int sbuf_add_html(struct sbuf *sb, const char *p, size_t n);

/* The content as a C string ("" when empty). */
static inline const char *sbuf_cstr(const struct sbuf *sb)
{
	return sb->p ? sb->p : "";
}

#endif
