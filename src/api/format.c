/* SPDX-License-Identifier: MIT */
/*
 * format.c — the formatter entry point and the transformations shared by
 * JSON and PHP output. api_format_write() picks the serializer for the
 * format module, sets the content type and Content-Disposition, and wraps
 * *fm output in the HTML page (format_html.c).
 *
 * The "plain" tree (fmt_plain) applies MediaWiki's ApiResult
 * transformations for one formatversion, so the serializers only have to
 * write objects, lists and scalars:
 *   fv1 ("BC"): true booleans become "", false ones vanish (unless
 *     API_N_KEEP_BOOL); the content value moves to key "*" at the end of
 *     its object; API_N_BC_SUBELEMENT scalars become {"*": value};
 *     BCARRAY/BCASSOC are lists when their keys are 0..n-1 and objects
 *     otherwise (PHP's untyped array rule); BCKVP becomes a list of
 *     {kvp_name: key, "*": value}.
 *   fv2: BCARRAY is a list, BCASSOC/KVP/BCKVP objects; nothing renamed.
 *   both: keys starting with '_' are metadata and dropped unless
 *     API_N_PRESERVE; an empty untyped object is written as a list, as
 *     PHP's json_encode does with an empty array (the root stays {}).
 *   raw (rawfm): nothing transformed; the metadata is shown as members
 *     "_type", "_element", "_content", ... after the data.
 */
#include "format_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../util/config.h"

/* ---------- small helpers ---------- */

bool fmt_key_is_int(const char *key, long long *out)
{
	const char *s = key;
	if (!s || !*s)
		return false;
	if (*s == '-')
		s++;
	/* "0" only alone; "-0", "01" and "" stay strings in PHP. */
	if (*s < '1' || *s > '9')
		return streq(key, "0") ? (out ? (*out = 0, true) : true) : false;
	unsigned long long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (v > (9223372036854775808ULL - d) / 10)
			return false;
		v = v * 10 + d;
	}
	bool neg = key[0] == '-';
	/* int64 range: up to 2^63-1, down to -2^63. */
	if (!neg && v > 9223372036854775807ULL)
		return false;
	if (out)
		*out = neg ? (long long)(0 - v) : (long long)v;
	return true;
}

/*
 * Significant digits of `d` (> 0, finite): the shortest that round-trip
 * when digits == 17, else exactly `digits` rounded with trailing zeros
 * removed. *decpt receives the position of the decimal point (value =
 * 0.DIGITS × 10^decpt, PHP's zend_dtoa convention).
 */
static void float_digits(double d, int digits, char *dig, int *decpt)
{
	char tmp[64];
	int prec = digits;
	if (digits == 17) {
		for (prec = 1; prec < 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, d);
			if (strtod(tmp, NULL) == d)
				break;
		}
	}
	snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, d);
	/* tmp is "D.DDDDe[+-]XX" (or "De[+-]XX" for one digit). */
	size_t n = 0;
	const char *p = tmp;
	for (; *p && *p != 'e'; p++)
		if (*p != '.')
			dig[n++] = *p;
	while (n > 1 && dig[n - 1] == '0')
		n--;
	dig[n] = '\0';
	*decpt = (int)strtol(p + 1, NULL, 10) + 1;
}

char *fmt_php_float(double d, int digits, char exp_char, char *buf)
{
	if (isnan(d)) {
		memcpy(buf, "NAN", 4);
		return buf;
	}
	if (isinf(d)) {
		memcpy(buf, d < 0 ? "-INF" : "INF", d < 0 ? 5 : 4);
		return buf;
	}
	char *o = buf;
	if (signbit(d)) {
		*o++ = '-';
		d = -d;
	}
	if (d == 0) {
		memcpy(o, "0", 2);
		return buf;
	}
	char dig[40];
	int decpt;
	float_digits(d, digits, dig, &decpt);
	/*
	 * PHP's zend_gcvt layout: exponential when the point would sit more
	 * than three places left of the digits or past `digits` places right.
	 */
	if (decpt < 0 ? decpt < -3 : decpt > digits) {
		int e = decpt - 1;
		*o++ = dig[0];
		*o++ = '.';
		if (dig[1])
			for (const char *s = dig + 1; *s; s++)
				*o++ = *s;
		else
			*o++ = '0';
		*o++ = exp_char;
		*o++ = e < 0 ? '-' : '+';
		snprintf(o, 12, "%d", e < 0 ? -e : e);
		return buf;
	}
	if (decpt <= 0) {
		*o++ = '0';
		*o++ = '.';
		for (int i = decpt; i < 0; i++)
			*o++ = '0';
		for (const char *s = dig; *s; s++)
			*o++ = *s;
		*o = '\0';
		return buf;
	}
	size_t n = strlen(dig);
	for (int i = 0; i < decpt; i++)
		*o++ = (size_t)i < n ? dig[i] : '0';
	if ((size_t)decpt < n) {
		*o++ = '.';
		for (size_t i = (size_t)decpt; i < n; i++)
			*o++ = dig[i];
	}
	*o = '\0';
	return buf;
}

/* ---------- the plain tree ---------- */

/* A fresh node in `a` copying `src`'s scalar value (no children, no links). */
static struct api_node *clone_scalar(struct arena *a, const struct api_node *src)
{
	struct api_node *n = arena_calloc(a, 1, sizeof(*n));
	n->type = src->type;
	n->flags = src->flags;
	n->res = src->res;
	n->v = src->v;
	return n;
}

static struct api_node *new_node(struct arena *a, enum api_node_type type, struct api_result *res)
{
	struct api_node *n = arena_calloc(a, 1, sizeof(*n));
	n->type = type;
	n->res = res;
	return n;
}

static struct api_node *new_str(struct arena *a, struct api_result *res, const char *s)
{
	struct api_node *n = new_node(a, API_N_STRING, res);
	n->v.str.s = s;
	n->v.str.len = strlen(s);
	return n;
}

/* Append `child` to `parent` under `key` (NULL for list items). */
static void link_child(struct api_node *parent, const char *key, struct api_node *child)
{
	api_node_set_key(child, key);
	api_node_append(parent, child);
}

/* Is `c` a metadata member that the non-raw outputs drop? */
static bool is_metadata(const struct api_node *c)
{
	return (c->flags & (API_N_KEY_META | API_N_PRESERVE)) == API_N_KEY_META;
}

/*
 * PHP's key for each member of `n`, in order: the member's key (integer
 * when it looks like one) or the next free integer index. Written as
 * text into keys[] (arena strings). Returns true when the keys are
 * exactly 0, 1, ..., n-1, i.e. PHP would treat the array as a list.
 */
static bool php_keys(struct arena *a, struct api_node *n, const char **keys)
{
	long long next = 0, v;
	bool seq = true;
	size_t i = 0;
	for (struct api_node *c = n->first; c; c = c->next, i++) {
		if (c->key && !fmt_key_is_int(c->key, &v)) {
			keys[i] = c->key;
			seq = false;
			continue;
		}
		if (!c->key) {
			v = next;
			char num[UTIL_LL_CHARS];
			util_format_ll(v, num);
			keys[i] = arena_strdup(a, num);
		} else {
			keys[i] = c->key;
		}
		if (v != (long long)i)
			seq = false;
		if (v >= next)
			next = v + 1;
	}
	return seq;
}

static const char *const type_names[] = {
	[API_ARR_DEFAULT] = "default", [API_ARR_BCARRAY] = "BCarray", [API_ARR_BCASSOC] = "BCassoc",
	[API_ARR_KVP] = "kvp", [API_ARR_BCKVP] = "BCkvp", [API_ARR_ASSOC] = "assoc",
};

static struct api_node *plain(struct arena *a, const struct api_node *n, enum fmt_mode mode);

/* rawfm: a list of the keys of the members of `n` carrying `flag`. */
static void raw_flag_list(struct arena *a, const struct api_node *n, struct api_node *out, const char *name,
			  unsigned flag)
{
	struct api_node *l = NULL;
	for (struct api_node *c = n->first; c; c = c->next) {
		if (!c->key || !(c->flags & flag))
			continue;
		if (flag == API_N_KEEP_BOOL && c->type != API_N_BOOL)
			continue;
		if (!l) {
			l = new_node(a, API_N_ARRAY, n->res);
			link_child(out, name, l);
		}
		link_child(l, NULL, new_str(a, n->res, c->key));
	}
}

/* rawfm: the container as stored, metadata appended as members. */
static struct api_node *plain_raw(struct arena *a, const struct api_node *n)
{
	const struct api_node *content = NULL;
	for (struct api_node *c = n->first; c; c = c->next)
		if (c->flags & API_N_CONTENT)
			content = c;
	bool has_meta = !n->parent || n->atype != API_ARR_DEFAULT || n->element || n->kvp_name || content;
	for (struct api_node *c = n->first; c && !has_meta; c = c->next)
		has_meta = c->key && (c->flags & (API_N_KEEP_BOOL | API_N_SUBELEMENT | API_N_BC_SUBELEMENT |
						  API_N_PRESERVE));
	/* Without metadata a list stays a list, and so does an empty object (PHP's []). */
	bool is_list = !has_meta && (n->type == API_N_ARRAY || !n->first);
	struct api_node *out = new_node(a, is_list ? API_N_ARRAY : API_N_OBJECT, n->res);
	const char **keys = arena_calloc(a, n->n_children + 1, sizeof(*keys));
	php_keys(a, (struct api_node *)n, keys);
	size_t i = 0;
	for (struct api_node *c = n->first; c; c = c->next, i++)
		link_child(out, is_list ? NULL : keys[i], plain(a, c, FMT_RAW));
	if (is_list)
		return out;
	if (!n->parent || n->atype != API_ARR_DEFAULT)
		link_child(out, "_type",
			   new_str(a, n->res, n->atype == API_ARR_DEFAULT ? "assoc" : type_names[n->atype]));
	if (n->kvp_name)
		link_child(out, "_kvpkeyname", new_str(a, n->res, n->kvp_name));
	if (n->element)
		link_child(out, "_element", new_str(a, n->res, n->element));
	if (content)
		link_child(out, "_content", new_str(a, n->res, content->key ? content->key : "*"));
	raw_flag_list(a, n, out, "_BC_subelements", API_N_BC_SUBELEMENT);
	raw_flag_list(a, n, out, "_subelements", API_N_SUBELEMENT);
	raw_flag_list(a, n, out, "_BC_bools", API_N_KEEP_BOOL);
	raw_flag_list(a, n, out, "_preservekeys", API_N_PRESERVE);
	return out;
}

/*
 * The members of container `n` after the member-level transformations of
 * `mode` (booleans, content, sub-elements, metadata), as a new container
 * of the same type whose members keep their original keys.
 */
static struct api_node *plain_members(struct arena *a, const struct api_node *n, enum fmt_mode mode)
{
	struct api_node *out = new_node(a, n->type, n->res);
	struct api_node *content = NULL;
	for (struct api_node *c = n->first; c; c = c->next) {
		if (is_metadata(c))
			continue;
		struct api_node *v;
		if (mode == FMT_BC && c->type == API_N_BOOL && !(c->flags & API_N_KEEP_BOOL)) {
			if (!c->v.b)
				continue;
			v = new_str(a, n->res, "");
		} else {
			v = plain(a, c, mode);
		}
		if (mode == FMT_BC && (c->flags & API_N_CONTENT)) {
			content = v;
			continue;
		}
		if (mode == FMT_BC && (c->flags & API_N_BC_SUBELEMENT) && c->type != API_N_OBJECT &&
		    c->type != API_N_ARRAY) {
			struct api_node *w = new_node(a, API_N_OBJECT, n->res);
			link_child(w, "*", v);
			v = w;
		}
		link_child(out, c->key, v);
	}
	if (content)
		link_child(out, "*", content);
	return out;
}

/* Turn `m` (members with original keys) into a list: keys dropped. */
static struct api_node *as_list(struct api_node *m)
{
	m->type = API_N_ARRAY;
	for (struct api_node *c = m->first; c; c = c->next)
		c->key = NULL;
	return m;
}

/* Turn `m` into an object keyed by PHP's keys (items without keys get indexes). */
static struct api_node *as_object(struct arena *a, struct api_node *m)
{
	const char **keys = arena_calloc(a, m->n_children + 1, sizeof(*keys));
	php_keys(a, m, keys);
	size_t i = 0;
	for (struct api_node *c = m->first; c; c = c->next, i++)
		c->key = keys[i];
	m->type = API_N_OBJECT;
	return m;
}

/* PHP's rule for an untyped array: a list when keyed 0..n-1, else an object. */
static struct api_node *as_default(struct arena *a, struct api_node *m)
{
	const char **keys = arena_calloc(a, m->n_children + 1, sizeof(*keys));
	if (php_keys(a, m, keys))
		return as_list(m);
	return as_object(a, m);
}

/* fv1 BCKVP: a list of {kvp_name: key, "*": value}. */
static struct api_node *as_bckvp(struct arena *a, struct api_node *m, const char *kvp_name)
{
	const char **keys = arena_calloc(a, m->n_children + 1, sizeof(*keys));
	php_keys(a, m, keys);
	struct api_node *out = new_node(a, API_N_ARRAY, m->res);
	size_t i = 0;
	for (struct api_node *c = m->first; c; i++) {
		struct api_node *next = c->next;
		struct api_node *item = new_node(a, API_N_OBJECT, m->res);
		link_child(item, kvp_name ? kvp_name : "_name", new_str(a, m->res, keys[i]));
		link_child(item, "*", c);
		link_child(out, NULL, item);
		c = next;
	}
	return out;
}

static struct api_node *plain(struct arena *a, const struct api_node *n, enum fmt_mode mode)
{
	if (n->type != API_N_OBJECT && n->type != API_N_ARRAY)
		return clone_scalar(a, n);
	if (mode == FMT_RAW)
		return plain_raw(a, n);
	struct api_node *m = plain_members(a, n, mode);
	switch (n->atype) {
	case API_ARR_DEFAULT:
		if (n->type == API_N_ARRAY)
			return as_list(m);
		/* An empty untyped array is [] in PHP's JSON; the root is always an object. */
		return (m->first || !n->parent) ? as_object(a, m) : as_list(m);
	case API_ARR_BCARRAY:
		return mode == FMT_BC ? as_default(a, m) : as_list(m);
	case API_ARR_BCASSOC:
		return mode == FMT_BC ? as_default(a, m) : as_object(a, m);
	case API_ARR_KVP:
	case API_ARR_ASSOC:
		return as_object(a, m);
	case API_ARR_BCKVP:
		return mode == FMT_BC ? as_bckvp(a, m, n->kvp_name) : as_object(a, m);
	}
	return m;
}

struct api_node *fmt_plain(struct arena *a, const struct api_node *root, enum fmt_mode mode)
{
	struct api_node *p = plain(a, root, mode);
	p->key = root->key;
	return p;
}

/* ---------- entry point ---------- */

/* Static facts per format module. */
struct fmt_info {
	const char *name;      /* format module name */
	const char *label;     /* format name for the *fm page header, NULL for rawfm */
	const char *ctype;     /* content type of the non-HTML output */
	const char *extension; /* Content-Disposition file name extension */
};

static const struct fmt_info infos[] = {
	{ "json", "JSON", "application/json; charset=utf-8", "json" },
	{ "jsonfm", "JSON", "application/json; charset=utf-8", "json" },
	{ "xml", "XML", "text/xml; charset=utf-8", "xml" },
	{ "xmlfm", "XML", "text/xml; charset=utf-8", "xml" },
	{ "php", "PHP", "application/vnd.php.serialized; charset=utf-8", "php" },
	{ "phpfm", "PHP", "application/vnd.php.serialized; charset=utf-8", "php" },
	{ "rawfm", NULL, "application/json; charset=utf-8", "json" },
	{ "none", NULL, "text/plain; charset=utf-8", "txt" },
};

int api_format_write(struct api_ctx *ctx, struct api_node *root, const struct api_format_opts *o,
		     struct sbuf *out, const char **content_type)
{
	const struct fmt_info *fi = &infos[0];
	for (size_t i = 0; i < ARRAY_SIZE(infos); i++)
		if (o->name && streq(infos[i].name, o->name))
			fi = &infos[i];
	const char *ext = fi->extension;
	int rc = RC_OK;
	/*
	 * The scalars' size plus room for keys and punctuation, and the list
	 * items already written as text: usually one allocation for the whole body.
	 */
	if (root->res)
		sbuf_reserve(out, root->res->size + root->res->size / 2 + root->res->text_size + 4096);

	if (streq(fi->name, "none")) {
		*content_type = fi->ctype;
	} else if (!o->is_fm) {
		if (fi->name[0] == 'x')
			rc = api_format_xml(root, o, false, out);
		else if (fi->name[0] == 'p')
			rc = api_format_php(root, o, out);
		else
			rc = api_format_json(root, o, false, out);
		*content_type = fi->ctype;
		if (fi->name[0] == 'j' && o->callback) {
			*content_type = "text/javascript; charset=utf-8";
			ext = "js";
		}
	} else {
		/* The formatted text first, into a buffer with the same cap. */
		struct sbuf body;
		sbuf_init(&body, out->max);
		if (fi->name[0] == 'x')
			rc = api_format_xml(root, o, true, &body);
		else if (fi->name[0] == 'p')
			rc = api_format_php(root, o, &body);
		else
			rc = api_format_json(root, o, true, &body);
		if (rc == RC_OK)
			rc = fmt_html_page(ctx, root, o, fi->label, sbuf_cstr(&body), body.len, out);
		sbuf_release(&body);
		if (o->wrappedhtml) {
			*content_type = "text/mediawiki-api-prettyprint-wrapped; charset=utf-8";
			ext = "wrapped.json";
		} else {
			*content_type = "text/html; charset=UTF-8";
			ext = "html";
		}
	}
	if (rc == RC_OK && out->is_toobig)
		rc = RC_TOOBIG;
	if (ctx && ctx->resp && ctx->arena) {
		const char *sep = streq(ext, "wrapped.json") ? "-" : ".";
		http_response_add_header(ctx->resp, ctx->arena, "Content-Disposition",
					 arena_printf(ctx->arena, "inline; filename=api-result%s%s", sep, ext));
	}
	return rc;
}
