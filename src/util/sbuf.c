/* SPDX-License-Identifier: MIT */
/*
 * sbuf.c — growable buffer; capacity doubles, never past `max` + 1.
 */
#include "sbuf.h"

#include <stdio.h>

void sbuf_init(struct sbuf *sb, size_t max)
{
	sb->p = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->max = max;
	sb->is_toobig = false;
}

void sbuf_release(struct sbuf *sb)
{
	xfree(sb->p);
	sbuf_init(sb, sb->max);
}

void sbuf_clear(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->p)
		sb->p[0] = '\0';
}

char *sbuf_detach(struct sbuf *sb, size_t *len)
{
	char *p = sb->p ? sb->p : xstrdup("");
	if (len)
		*len = sb->len;
	sbuf_init(sb, sb->max);
	return p;
}

/* Make room for `n` more bytes plus the NUL. */
static int grow(struct sbuf *sb, size_t n)
{
	if (n > sb->max || sb->len > sb->max - n) {
		sb->is_toobig = true;
		return RC_TOOBIG;
	}
	size_t need = sb->len + n + 1;
	if (need <= sb->cap)
		return RC_OK;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > sb->max + 1)
		cap = sb->max + 1;
	sb->p = xrealloc(sb->p, cap);
	sb->cap = cap;
	return RC_OK;
}

int sbuf_reserve(struct sbuf *sb, size_t n)
{
	return grow(sb, n);
}

int sbuf_add(struct sbuf *sb, const void *p, size_t n)
{
	/* Fast path: room already there (cap never exceeds max + 1, so max holds too). */
	if (sb->p && n < sb->cap - sb->len) {
		memcpy(sb->p + sb->len, p, n);
		sb->len += n;
		sb->p[sb->len] = '\0';
		return RC_OK;
	}
	int rc = grow(sb, n);
	if (rc != RC_OK)
		return rc;
	if (n)
		memcpy(sb->p + sb->len, p, n);
	sb->len += n;
	sb->p[sb->len] = '\0';
	return RC_OK;
}

int sbuf_add_html(struct sbuf *sb, const char *p, size_t n)
{
	size_t run = 0;
	int rc = RC_OK;
	for (size_t i = 0; i < n && rc == RC_OK; i++) {
		const char *rep;
		switch (p[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#039;"; break;
		default: continue;
		}
		rc = sbuf_add(sb, p + run, i - run);
		if (rc == RC_OK)
			rc = sbuf_adds(sb, rep);
		run = i + 1;
	}
	return rc == RC_OK ? sbuf_add(sb, p + run, n - run) : rc;
}

int sbuf_adds(struct sbuf *sb, const char *s)
{
	return sbuf_add(sb, s, strlen(s));
}

int sbuf_addstr(struct sbuf *sb, struct str s)
{
	return sbuf_add(sb, s.p, s.len);
}

int sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		BUG("bad format string %s", fmt);
	int rc = grow(sb, (size_t)n);
	if (rc != RC_OK)
		return rc;
	vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return RC_OK;
}

int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}
