/* SPDX-License-Identifier: MIT */
/*
 * format_json.c — format=json (and jsonfm, rawfm): writes the result as
 * JSON byte for byte like MediaWiki 1.39, which uses PHP's json_encode,
 * applying the formatversion's transformations of the plain tree
 * (format.c) as it goes — a copy is made only of subtrees whose shape
 * needs PHP's array rules (see put_tree()):
 *   - '/' is not escaped, nor are '<', '>', '&' and '\'';
 *   - \b \f \n \r \t and \" \\ have short escapes, other controls \u00XX;
 *   - non-ASCII is \uXXXX (UTF-16, lowercase hex, surrogate pairs above
 *     U+FFFF) unless UTF-8 output is on: formatversion 1 with utf8=1,
 *     formatversion 2 unless ascii=1, and always for rawfm;
 *   - U+2028 and U+2029 are escaped even in UTF-8 output (they end lines
 *     in JavaScript);
 *   - pretty output (the *fm pages) indents by four spaces with ": "
 *     after keys, and writes empty containers as [] and {}.
 * A JSONP callback wraps the output as "/" "**" "/name(...)" after
 * dropping every character outside [][.'"_A-Za-z0-9] from the name.
 */
#include "format_int.h"

#include <stdio.h>

/* Writer state for one document. */
struct jw {
	struct sbuf *out; /* destination */
	bool is_utf8;     /* emit non-ASCII as UTF-8 instead of \u escapes */
	bool is_pretty;   /* indent like JSON_PRETTY_PRINT */
};

/* json_encode writes hexadecimal escapes in lower case. */
static const char hexd[] = "0123456789abcdef";

/* Append the six-byte escape \uXXXX for UTF-16 unit `cp`. */
static void put_u(struct sbuf *out, unsigned cp)
{
	char b[6] = { '\\', 'u', hexd[(cp >> 12) & 15], hexd[(cp >> 8) & 15], hexd[(cp >> 4) & 15],
		      hexd[cp & 15] };
	sbuf_add(out, b, sizeof(b));
}

/*
 * Decode one UTF-8 sequence at s[0..len); returns its length and sets
 * *cp, or returns 0 for an invalid byte (which the request decoder never
 * lets through; it is written as U+FFFD). Overlong forms, surrogates and
 * values past U+10FFFF are invalid too: written as they came, they made
 * the output invalid UTF-8 (found by fuzz_format).
 */
static size_t utf8_decode(const unsigned char *s, size_t len, unsigned *cp)
{
	unsigned c = s[0];
	size_t n;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	static const unsigned min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 }; /* shortest form per length */
	if (c < min_cp[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Bytes a JSON string holds as they are: printable ASCII but '"' and '\\'. */
static const bool json_plain[256] = {
	[0x20] = 1, [0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7e] = 1, [0x7f] = 1,
};

/*
 * Write a JSON string literal. Plain ASCII is copied in runs; everything
 * else goes through the escaping rules in the file header.
 */
/*
 * True when none of the 8 bytes of `x` needs escaping (a control
 * character, '"', '\\' or a byte of a multi-byte UTF-8 sequence).
 */
static bool plain8(uint64_t x)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
	uint64_t quote = x ^ (ones * '"'), bslash = x ^ (ones * '\\');
	uint64_t bad = (x - ones * 0x20) | ((quote - ones) & ~quote) | ((bslash - ones) & ~bslash) | x;
	return (bad & high) == 0;
}

size_t fmt_json_plain_len(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	uint64_t x;
	for (; i + 8 <= len; i += 8) {
		memcpy(&x, s + i, 8);
		if (!plain8(x))
			break;
	}
	/* Whole words were plain: the last (overlapping) word settles the tail. */
	if (len >= 8 && i + 8 > len && (memcpy(&x, s + len - 8, 8), plain8(x)))
		return len;
	while (i < len && json_plain[s[i]])
		i++;
	return i;
}

/*
 * Append the verbatim run before an escape, and a two-byte escape, in
 * place when the buffer has room (a text with a line break every few
 * dozen bytes would otherwise pay two calls per line).
 */
static inline void add_run(struct sbuf *out, const unsigned char *p, size_t n)
{
	if (out->p && out->len + n < out->cap) {
		memcpy(out->p + out->len, p, n);
		out->len += n;
		out->p[out->len] = '\0';
	} else {
		sbuf_add(out, p, n);
	}
}

static inline void add_escaped(struct sbuf *out, const char *esc)
{
	if (out->p && out->len + 2 < out->cap) {
		out->p[out->len] = esc[0];
		out->p[out->len + 1] = esc[1];
		out->len += 2;
		out->p[out->len] = '\0';
	} else {
		sbuf_add(out, esc, 2);
	}
}

static void put_string(struct jw *w, const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	struct sbuf *out = w->out;
	/* Room for the text and a few escapes up front; more grows as needed. */
	if (!out->p || out->cap - out->len <= len + 64)
		sbuf_reserve(out, len + 64);
	sbuf_addc(out, '"');
	size_t run = 0; /* bytes at s[i - run .. i) still to copy verbatim */
	for (size_t i = 0; i < len;) {
		uint64_t x;
		if (len - i >= 8 && (memcpy(&x, s + i, 8), plain8(x))) {
			run += 8;
			i += 8;
			continue;
		}
		unsigned char c = s[i];
		const char *esc = NULL;
		if (json_plain[c]) {
			run++;
			i++;
			continue;
		}
		add_run(out, s + i - run, run);
		run = 0;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: break;
		}
		if (esc) {
			add_escaped(out, esc);
			i++;
			continue;
		}
		if (c < 0x20) {
			put_u(out, c);
			i++;
			continue;
		}
		unsigned cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (w->is_utf8)
				sbuf_adds(out, "\xef\xbf\xbd");
			else
				put_u(out, 0xfffd);
			i++;
			continue;
		}
		if (cp == 0x2028 || cp == 0x2029)
			put_u(out, cp);
		else if (w->is_utf8)
			sbuf_add(out, s + i, n);
		else if (cp >= 0x10000) {
			put_u(out, 0xd800 + ((cp - 0x10000) >> 10));
			put_u(out, 0xdc00 + ((cp - 0x10000) & 0x3ff));
		} else {
			put_u(out, cp);
		}
		i += n;
	}
	sbuf_add(out, s + len - run, run);
	sbuf_addc(out, '"');
}

/* Pretty output: a line break and four spaces per level; nothing otherwise. */
static void newline(struct jw *w, int depth)
{
	if (!w->is_pretty)
		return;
	sbuf_addc(w->out, '\n');
	for (int i = 0; i < depth; i++)
		sbuf_add(w->out, "    ", 4);
}

/* Write node `n` of the plain tree (objects, lists, scalars) at nesting `depth`. */
static void put_value(struct jw *w, const struct api_node *n, int depth)
{
	char buf[64];
	switch (n->type) {
	case API_N_OBJECT:
	case API_N_ARRAY: {
		bool is_obj = n->type == API_N_OBJECT;
		sbuf_addc(w->out, is_obj ? '{' : '[');
		if (!n->first) {
			sbuf_addc(w->out, is_obj ? '}' : ']');
			break;
		}
		for (const struct api_node *c = n->first; c; c = c->next) {
			newline(w, depth + 1);
			if (is_obj) {
				const char *k = c->key ? c->key : "";
				put_string(w, k, strlen(k));
				if (w->is_pretty)
					sbuf_add(w->out, ": ", 2);
				else
					sbuf_addc(w->out, ':');
			}
			put_value(w, c, depth + 1);
			if (c->next)
				sbuf_addc(w->out, ',');
		}
		newline(w, depth);
		sbuf_addc(w->out, is_obj ? '}' : ']');
		break;
	}
	case API_N_STRING:
		put_string(w, n->v.str.s, n->v.str.len);
		break;
	case API_N_INT:
		sbuf_add(w->out, buf, util_format_ll(n->v.i, buf));
		break;
	case API_N_FLOAT:
		/* JSON has no NaN or infinity; MediaWiki never stores them. */
		if (n->v.d != n->v.d || n->v.d - n->v.d != 0)
			sbuf_addc(w->out, '0');
		else
			sbuf_adds(w->out, fmt_php_float(n->v.d, 17, 'e', buf));
		break;
	case API_N_BOOL:
		sbuf_adds(w->out, n->v.b ? "true" : "false");
		break;
	case API_N_NULL:
		sbuf_adds(w->out, "null");
		break;
	case API_N_RAW:
		/* Items struct api_rows wrote for this very output (format=json, not pretty). */
		sbuf_add(w->out, n->v.raw->p ? n->v.raw->p : "", n->v.raw->len);
		if (n->v.raw->is_toobig)
			w->out->is_toobig = true;
		break;
	}
}

/* A metadata member: a key starting with '_' that is not marked as data. */
static bool is_meta(const struct api_node *c)
{
	return (c->flags & (API_N_KEY_META | API_N_PRESERVE)) == API_N_KEY_META;
}

/* A boolean formatversion 1 leaves out (false, not kept as a boolean). */
static bool bc_dropped(const struct api_node *c, enum fmt_mode mode)
{
	return mode == FMT_BC && c->type == API_N_BOOL && !(c->flags & API_N_KEEP_BOOL) && !c->v.b;
}

static void put_tree(struct jw *w, struct arena *a, const struct api_node *n, int depth, enum fmt_mode mode);

/* One member `c` of a container written by put_tree(), under `key` when the container is an object. */
static void put_member(struct jw *w, struct arena *a, const struct api_node *c, const char *key, bool is_obj,
		       bool *first, int depth, enum fmt_mode mode)
{
	if (!*first)
		sbuf_addc(w->out, ',');
	*first = false;
	newline(w, depth + 1);
	struct sbuf *o = w->out;
	size_t kn = c->key_len + 3;
	if (is_obj && key == c->key && (c->flags & API_N_KEY_PLAIN) && !w->is_pretty && o->p && kn < o->cap - o->len) {
		/* The common case: a key that needs no escaping, written with its quotes and colon at once. */
		char *d = o->p + o->len;
		d[0] = '"';
		memcpy(d + 1, key, c->key_len);
		d[c->key_len + 1] = '"';
		d[c->key_len + 2] = ':';
		d[kn] = '\0';
		o->len += kn;
	} else if (is_obj) {
		put_string(w, key, strlen(key));
		if (w->is_pretty)
			sbuf_add(w->out, ": ", 2);
		else
			sbuf_addc(w->out, ':');
	}
	bool is_scalar = c->type != API_N_OBJECT && c->type != API_N_ARRAY;
	bool wrap = mode == FMT_BC && (c->flags & API_N_BC_SUBELEMENT) && is_scalar && !(c->flags & API_N_CONTENT);
	if (wrap) {
		/* fv1: a sub-element scalar is wrapped as {"*": value}. */
		sbuf_addc(w->out, '{');
		newline(w, depth + 2);
		sbuf_adds(w->out, w->is_pretty ? "\"*\": " : "\"*\":");
	}
	if (mode == FMT_BC && c->type == API_N_BOOL && !(c->flags & API_N_KEEP_BOOL))
		sbuf_add(w->out, "\"\"", 2); /* fv1: a true boolean is the empty string */
	else if (is_scalar)
		put_value(w, c, depth + (wrap ? 2 : 1));
	else
		put_tree(w, a, c, depth + (wrap ? 2 : 1), mode);
	if (wrap) {
		newline(w, depth + 1);
		sbuf_addc(w->out, '}');
	}
}

/*
 * Write container or scalar `n` of the result tree for `mode` directly,
 * without building the plain tree (fmt_plain()): the output is the same
 * bytes put_value() writes for fmt_plain()'s copy. Only containers whose
 * shape does not depend on PHP's array rules are written this way (lists;
 * objects whose members all have keys); the others (fv1's BC array
 * types, key-less object members) get the plain tree of that subtree.
 * Long result lists are mostly simple objects, so they are written
 * without a copy.
 */
static void put_tree(struct jw *w, struct arena *a, const struct api_node *n, int depth, enum fmt_mode mode)
{
	if (n->type != API_N_OBJECT && n->type != API_N_ARRAY) {
		put_value(w, n, depth);
		return;
	}
	/* Keyless members matter only when visible; a stale flag only costs the slower path. */
	bool has_visible = false, has_keyless = false;
	for (const struct api_node *c = n->first; c; c = c->next) {
		if (is_meta(c) || bc_dropped(c, mode))
			continue;
		has_visible = true;
		has_keyless = n->flags & API_N_HAS_KEYLESS;
		break;
	}
	bool is_obj, simple = true;
	switch (n->atype) {
	case API_ARR_DEFAULT:
		/* An empty untyped object is PHP's empty array, [] (the root stays {}). */
		is_obj = n->type == API_N_OBJECT && (has_visible || !n->parent);
		break;
	case API_ARR_BCARRAY:
		is_obj = false;
		simple = mode != FMT_BC;
		break;
	case API_ARR_BCASSOC:
	case API_ARR_BCKVP:
		is_obj = true;
		simple = mode != FMT_BC;
		break;
	default: /* KVP, ASSOC */
		is_obj = true;
		break;
	}
	if (!simple || (is_obj && has_keyless)) {
		put_value(w, fmt_plain(a, n, mode), depth);
		return;
	}
	sbuf_addc(w->out, is_obj ? '{' : '[');
	if (!has_visible) {
		sbuf_addc(w->out, is_obj ? '}' : ']');
		return;
	}
	bool first = true;
	const struct api_node *content = NULL;
	for (const struct api_node *c = n->first; c; c = c->next) {
		if (is_meta(c) || bc_dropped(c, mode))
			continue;
		if (mode == FMT_BC && (c->flags & API_N_CONTENT))
			content = c; /* fv1 writes the content value last, as "*" */
		else
			put_member(w, a, c, c->key, is_obj, &first, depth, mode);
	}
	if (content)
		put_member(w, a, content, "*", is_obj, &first, depth, mode);
	newline(w, depth);
	sbuf_addc(w->out, is_obj ? '}' : ']');
}

void fmt_json_string(struct sbuf *out, const char *s, size_t len, bool is_utf8)
{
	struct jw w = { .out = out, .is_utf8 = is_utf8 };
	put_string(&w, s, len);
}

void fmt_json_members(struct sbuf *out, struct arena *a, const struct api_node *obj, bool is_utf8, int fv,
		      bool *first, const struct api_node **content)
{
	struct jw w = { .out = out, .is_utf8 = is_utf8 };
	enum fmt_mode mode = fv >= 2 ? FMT_V2 : FMT_BC;
	for (const struct api_node *c = obj->first; c; c = c->next) {
		if (is_meta(c) || bc_dropped(c, mode))
			continue;
		if (mode == FMT_BC && (c->flags & API_N_CONTENT))
			*content = c;
		else
			put_member(&w, a, c, c->key, true, first, 0, mode);
	}
}

void fmt_json_member(struct sbuf *out, struct arena *a, const struct api_node *c, const char *key, bool is_utf8,
		     int fv, bool *first)
{
	struct jw w = { .out = out, .is_utf8 = is_utf8 };
	put_member(&w, a, c, key, true, first, 0, fv >= 2 ? FMT_V2 : FMT_BC);
}

int fmt_json_plain(const struct api_node *plain, bool is_utf8, bool pretty, struct sbuf *out)
{
	struct jw w = { .out = out, .is_utf8 = is_utf8, .is_pretty = pretty };
	put_value(&w, plain, 0);
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}

/* The callback name with every character MediaWiki does not allow removed. */
static void put_callback(struct sbuf *out, const char *cb)
{
	for (const char *p = cb; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '.' || c == '[' || c == ']' || c == '\'' || c == '"';
		if (ok)
			sbuf_addc(out, c);
	}
}

int api_format_json(struct api_node *root, const struct api_format_opts *o, bool pretty, struct sbuf *out)
{
	bool is_raw = o->name && streq(o->name, "rawfm");
	enum fmt_mode mode = is_raw ? FMT_RAW : (o->fv >= 2 ? FMT_V2 : FMT_BC);
	struct jw w = {
		.out = out,
		.is_utf8 = is_raw || (o->fv >= 2 ? !o->ascii : o->utf8),
		.is_pretty = pretty,
	};
	/* rawfm has no callback parameter; an empty callback still wraps. */
	bool has_cb = o->callback && !is_raw;
	if (has_cb) {
		sbuf_adds(out, "/**/");
		put_callback(out, o->callback);
		sbuf_addc(out, '(');
	}
	/* Plain trees of what needs one live in the result's arena, like the result itself. */
	if (is_raw)
		fmt_json_plain(fmt_plain(root->res->arena, root, mode), w.is_utf8, pretty, out);
	else
		put_tree(&w, root->res->arena, root, 0, mode);
	if (has_cb)
		sbuf_addc(out, ')');
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}
