/* SPDX-License-Identifier: MIT */
/*
 * phpser.c — PHP's serialize() format, which MediaWiki uses for
 * log_params and rc_params (LogEntryBase::makeParamBlob). Only the
 * scalar and array forms occur there:
 *
 *   N;   b:1;   i:-5;   d:0.5;   s:3:"abc";   a:2:{i:0;s:1:"x";s:1:"k";b:0;}
 *
 * String lengths count bytes. Array keys are integers or strings; PHP
 * turns a string key that is a canonical decimal integer ("5", "-3",
 * not "05") into an integer key, and the writer does the same so that a
 * blob we write is byte-identical to MediaWiki's for the same array.
 */
#include "wiki.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../util/sbuf.h"

/* Longest blob we write: log parameters are small; the cap only stops runaway input. */
#define PHPSER_MAX (16u << 20)

/* True when `k` is what PHP would store as an integer key. */
static bool int_key(const char *k, long long *out)
{
	const char *p = k;
	if (*p == '-')
		p++;
	if (!*p || (*p == '0' && (p[1] || p != k)) || strlen(p) > 18)
		return false;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	return util_parse_ll(k, out) == RC_OK;
}

static void put_string(struct sbuf *b, const char *s, size_t len)
{
	sbuf_addf(b, "s:%zu:\"", len);
	sbuf_add(b, s, len);
	sbuf_adds(b, "\";");
}

static void put_value(struct sbuf *b, const struct wiki_pvalue *v)
{
	switch (v->type) {
	case WIKI_PV_NULL:
		sbuf_adds(b, "N;");
		break;
	case WIKI_PV_BOOL:
		sbuf_adds(b, v->b ? "b:1;" : "b:0;");
		break;
	case WIKI_PV_INT:
		sbuf_addf(b, "i:%lld;", (long long)v->i);
		break;
	case WIKI_PV_FLOAT: {
		if (isnan(v->d)) {
			sbuf_adds(b, "d:NAN;");
			break;
		}
		if (isinf(v->d)) {
			sbuf_adds(b, v->d < 0 ? "d:-INF;" : "d:INF;");
			break;
		}
		/* PHP ≥ 7.1 writes the shortest text that reads back as the same double. */
		char num[40];
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(num, sizeof(num), "%.*G", prec, v->d);
			if (strtod(num, NULL) == v->d)
				break;
		}
		sbuf_addf(b, "d:%s;", num);
		break;
	}
	case WIKI_PV_STRING:
		put_string(b, v->s ? v->s : "", v->s ? v->len : 0);
		break;
	case WIKI_PV_ARRAY:
		sbuf_addf(b, "a:%zu:{", v->n_items);
		for (size_t i = 0; i < v->n_items; i++) {
			const struct wiki_pvalue *m = &v->items[i];
			const char *k = m->key ? m->key : "";
			long long ik;
			if (int_key(k, &ik))
				sbuf_addf(b, "i:%lld;", ik);
			else
				put_string(b, k, strlen(k));
			put_value(b, m);
		}
		sbuf_adds(b, "}");
		break;
	}
}

char *wiki_php_serialize(struct arena *a, const struct wiki_pvalue *v)
{
	struct sbuf b;
	sbuf_init(&b, PHPSER_MAX);
	put_value(&b, v);
	char *out = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return out;
}

/* ---------- reader ---------- */

/* Reader state: the input and the position. */
struct reader {
	struct arena *a; /* where nodes go */
	const char *p;   /* next byte */
	const char *end; /* one past the input */
};

/* Expect the literal `lit` at the position and step over it. */
static bool lit(struct reader *r, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, lit, n) != 0)
		return false;
	r->p += n;
	return true;
}

/* The text up to (not including) `stop`, stepping past `stop`. */
static bool until(struct reader *r, char stop, const char **s, size_t *len)
{
	const char *q = memchr(r->p, stop, (size_t)(r->end - r->p));
	if (!q)
		return false;
	*s = r->p;
	*len = (size_t)(q - r->p);
	r->p = q + 1;
	return true;
}

/* A signed decimal integer terminated by `stop`. */
static bool read_int(struct reader *r, char stop, long long *out)
{
	const char *s;
	size_t len;
	if (!until(r, stop, &s, &len) || !len || len > 20)
		return false;
	char buf[24];
	memcpy(buf, s, len);
	buf[len] = '\0';
	return util_parse_ll(buf, out) == RC_OK;
}

static bool read_value(struct reader *r, struct wiki_pvalue *v, int depth);

/* The body of s:LEN:"...", after "s:". */
static bool read_string(struct reader *r, const char **s, size_t *len)
{
	long long n;
	/* n is compared with what is left minus 2, as n + 2 could overflow (fuzz_phpser). */
	if (!read_int(r, ':', &n) || n < 0 || !lit(r, "\"") || n > (long long)(r->end - r->p) - 2)
		return false;
	*s = arena_strndup(r->a, r->p, (size_t)n);
	*len = (size_t)n;
	r->p += n;
	return lit(r, "\";");
}

static bool read_array(struct reader *r, struct wiki_pvalue *v, int depth)
{
	long long n;
	/* Each member takes at least 8 bytes ("i:0;N;" + more): bounds n by the input. */
	if (!read_int(r, ':', &n) || n < 0 || n > (long long)(r->end - r->p) || !lit(r, "{"))
		return false;
	v->type = WIKI_PV_ARRAY;
	v->n_items = (size_t)n;
	v->items = n ? arena_calloc(r->a, (size_t)n, sizeof(*v->items)) : NULL;
	for (long long i = 0; i < n; i++) {
		struct wiki_pvalue *m = &v->items[i];
		if (lit(r, "i:")) {
			long long k;
			if (!read_int(r, ';', &k))
				return false;
			m->key = arena_printf(r->a, "%lld", k);
			m->key_is_int = true;
		} else if (lit(r, "s:")) {
			size_t kl;
			if (!read_string(r, &m->key, &kl))
				return false;
		} else {
			return false;
		}
		const char *key = m->key;
		bool is_int = m->key_is_int;
		if (!read_value(r, m, depth + 1))
			return false;
		m->key = key;
		m->key_is_int = is_int;
	}
	return lit(r, "}");
}

static bool read_value(struct reader *r, struct wiki_pvalue *v, int depth)
{
	if (depth > WIKI_PHP_MAX_DEPTH)
		return false;
	memset(v, 0, sizeof(*v));
	if (lit(r, "N;")) {
		v->type = WIKI_PV_NULL;
		return true;
	}
	if (lit(r, "b:")) {
		long long b;
		v->type = WIKI_PV_BOOL;
		if (!read_int(r, ';', &b) || (b != 0 && b != 1))
			return false;
		v->b = b != 0;
		return true;
	}
	if (lit(r, "i:")) {
		long long i;
		v->type = WIKI_PV_INT;
		if (!read_int(r, ';', &i))
			return false;
		v->i = i;
		return true;
	}
	if (lit(r, "d:")) {
		const char *s;
		size_t len;
		if (!until(r, ';', &s, &len) || !len || len > 64)
			return false;
		char buf[72];
		memcpy(buf, s, len);
		buf[len] = '\0';
		v->type = WIKI_PV_FLOAT;
		if (streq(buf, "NAN"))
			v->d = NAN;
		else if (streq(buf, "INF"))
			v->d = INFINITY;
		else if (streq(buf, "-INF"))
			v->d = -INFINITY;
		else {
			char *e;
			errno = 0;
			v->d = strtod(buf, &e);
			if (*e)
				return false;
		}
		return true;
	}
	if (lit(r, "s:")) {
		v->type = WIKI_PV_STRING;
		return read_string(r, &v->s, &v->len);
	}
	if (lit(r, "a:"))
		return read_array(r, v, depth);
	return false;
}

int wiki_php_unserialize(struct arena *a, const char *s, size_t len, struct wiki_pvalue *out)
{
	struct reader r = { .a = a, .p = s, .end = s + len };
	if (!read_value(&r, out, 0) || r.p != r.end)
		return RC_INVALID;
	return RC_OK;
}
