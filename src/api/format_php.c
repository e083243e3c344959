/* SPDX-License-Identifier: MIT */
/*
 * format_php.c — format=php (and phpfm): the plain tree (format.c) in
 * PHP's serialize() format, as MediaWiki 1.39 sends it:
 *   a:N:{key value ...}   objects and lists (lists keyed 0..N-1)
 *   i:N;                  integers, and keys that PHP stores as integers
 *   s:LEN:"bytes";        strings; LEN counts bytes, nothing is escaped
 *   d:REPR;               floats (shortest round-trip form, "1.0E+25")
 *   b:1; b:0;  N;         booleans and null
 */
#include "format_int.h"

#include <stdio.h>

static void put_str(struct sbuf *out, const char *s, size_t len)
{
	sbuf_addf(out, "s:%zu:\"", len);
	sbuf_add(out, s, len);
	sbuf_adds(out, "\";");
}

/* An array key: integer-looking keys are integers in PHP arrays. */
static void put_key(struct sbuf *out, const char *key)
{
	long long v;
	if (fmt_key_is_int(key, &v))
		sbuf_addf(out, "i:%lld;", v);
	else
		put_str(out, key, strlen(key));
}

static void put_value(struct sbuf *out, const struct api_node *n)
{
	char buf[64];
	switch (n->type) {
	case API_N_OBJECT:
	case API_N_ARRAY: {
		sbuf_addf(out, "a:%zu:{", n->n_children);
		long long i = 0;
		for (const struct api_node *c = n->first; c; c = c->next, i++) {
			if (n->type == API_N_OBJECT && c->key)
				put_key(out, c->key);
			else
				sbuf_addf(out, "i:%lld;", i);
			put_value(out, c);
		}
		sbuf_addc(out, '}');
		break;
	}
	case API_N_STRING:
		put_str(out, n->v.str.s, n->v.str.len);
		break;
	case API_N_INT:
		sbuf_addf(out, "i:%lld;", n->v.i);
		break;
	case API_N_FLOAT:
		sbuf_addf(out, "d:%s;", fmt_php_float(n->v.d, 17, 'E', buf));
		break;
	case API_N_BOOL:
		sbuf_adds(out, n->v.b ? "b:1;" : "b:0;");
		break;
	case API_N_NULL:
		sbuf_adds(out, "N;");
		break;
	case API_N_RAW:
		BUG("JSON text of list items in PHP output");
	}
}

int api_format_php(struct api_node *root, const struct api_format_opts *o, struct sbuf *out)
{
	struct api_node *p = fmt_plain(root->res->arena, root, o->fv >= 2 ? FMT_V2 : FMT_BC);
	put_value(out, p);
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}
