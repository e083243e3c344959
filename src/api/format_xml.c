/* SPDX-License-Identifier: MIT */
/*
 * format_xml.c — format=xml (and xmlfm): the result tree as XML, rendered
 * like MediaWiki 1.39's ApiFormatXml. Rules, per object or list:
 *   - scalar members become attributes (true → "", false and null are
 *     left out) unless flagged API_N_SUBELEMENT / API_N_BC_SUBELEMENT,
 *     which makes them <key xml:space="preserve">text</key>;
 *   - the content value becomes the element's text with
 *     xml:space="preserve", or a <key> sub-element when the element also
 *     has children;
 *   - object and list members become child elements named by their key;
 *   - list items, and members whose key is an integer, become elements
 *     named by the container's `element` ("_v" by default); when the
 *     container is not a plain list they carry their key as _idx="...";
 *   - KVP and BCKVP containers become a list of <element name="key">value
 *     </element>, the attribute named by kvp_name ("_name" by default);
 *   - keys that are not XML names are encoded: "_" followed by the key
 *     with '.' and every character not allowed in a name written as
 *     ".HEX." (the code point in upper-case hex); the empty key is "_";
 *   - keys starting with '_' are metadata and skipped unless
 *     API_N_PRESERVE.
 * Keyed children come first, then the content sub-element, then the
 * indexed children. Pretty output (xmlfm) puts each element on its own
 * line, indented by two spaces per level.
 */
#include "format_int.h"

#include <stdio.h>

/* Writer state for one document. */
struct xw {
	struct sbuf *out; /* destination */
	bool is_pretty;   /* one element per line, indented */
};

/* ---------- names ---------- */

static bool is_name_start(unsigned c)
{
	return (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z') || (c >= 0xc0 && c <= 0xd6) ||
	       (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d) ||
	       (c >= 0x37f && c <= 0x1fff) || (c >= 0x200c && c <= 0x200d) || (c >= 0x2070 && c <= 0x218f) ||
	       (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfdcf) ||
	       (c >= 0xfdf0 && c <= 0xfffd) || (c >= 0x10000 && c <= 0xeffff);
}

static bool is_name_char(unsigned c)
{
	return is_name_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xb7 ||
	       (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040);
}

/* Decode one UTF-8 character; returns its length (1 for a stray byte). */
static size_t next_cp(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0];
	size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
	if (n == 1) {
		*cp = c;
		return 1;
	}
	unsigned v = c & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = c;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return n;
}

/* Write `key` as an element or attribute name, encoded when it is not one. */
static void put_name(struct sbuf *out, const char *key)
{
	const unsigned char *s = (const unsigned char *)key;
	if (!*s) {
		sbuf_addc(out, '_');
		return;
	}
	bool ok = true;
	unsigned cp;
	for (size_t i = 0; s[i] && ok;) {
		size_t n = next_cp(s + i, &cp);
		ok = i == 0 ? is_name_start(cp) : is_name_char(cp);
		i += n;
	}
	if (ok) {
		sbuf_adds(out, key);
		return;
	}
	sbuf_addc(out, '_');
	for (size_t i = 0; s[i];) {
		size_t n = next_cp(s + i, &cp);
		if (cp == '.' || !is_name_char(cp))
			sbuf_addf(out, ".%X.", cp);
		else
			sbuf_add(out, s + i, n);
		i += n;
	}
}

/* ---------- escaping ---------- */

/* Attribute value: markup characters and the whitespace an XML parser would fold. */
static void put_attr_value(struct sbuf *out, const char *p, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *esc = NULL;
		switch (p[i]) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&#039;"; break;
		case '\t': esc = "&#9;"; break;
		case '\n': esc = "&#10;"; break;
		case '\r': esc = "&#13;"; break;
		default: run++; continue;
		}
		sbuf_add(out, p + i - run, run);
		run = 0;
		sbuf_adds(out, esc);
	}
	sbuf_add(out, p + len - run, run);
}

/* Element text: only the markup characters. */
static void put_text(struct sbuf *out, const char *p, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *esc = NULL;
		switch (p[i]) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		default: run++; continue;
		}
		sbuf_add(out, p + i - run, run);
		run = 0;
		sbuf_adds(out, esc);
	}
	sbuf_add(out, p + len - run, run);
}

/* The text of a kept false boolean: empty, but told apart from "" by address. */
static const char kept_false[] = "";

/*
 * Text of scalar `n` as MediaWiki writes it in element content: booleans
 * as "true"/"false", or "1"/"" when kept as booleans (API_N_KEEP_BOOL);
 * floats like PHP's string conversion. NULL for null. `buf` holds >= 64.
 */
static const char *scalar_text(const struct api_node *n, char *buf, size_t *len)
{
	const char *s = buf;
	switch (n->type) {
	case API_N_STRING:
		*len = n->v.str.len;
		return n->v.str.s;
	case API_N_INT:
		snprintf(buf, 64, "%lld", n->v.i);
		break;
	case API_N_FLOAT:
		fmt_php_float(n->v.d, 14, 'E', buf);
		break;
	case API_N_BOOL:
		if (n->flags & API_N_KEEP_BOOL)
			s = n->v.b ? "1" : kept_false;
		else
			s = n->v.b ? "true" : "false";
		break;
	case API_N_NULL:
	case API_N_OBJECT:
	case API_N_ARRAY:
		*len = 0;
		return NULL;
	case API_N_RAW:
		BUG("JSON text of list items in XML output");
	}
	*len = strlen(s);
	return s;
}

/* ---------- elements ---------- */

/* One attribute (or the element's text) before it is written. */
struct xattr {
	const char *name;          /* raw key, encoded on output; NULL = literal `lit` */
	const char *lit;           /* literal attribute name ("_idx", "xml:space", "xmlns") */
	const struct api_node *n;  /* scalar value, or NULL with `text` */
	const char *text;          /* literal value when n is NULL */
};

static void indent(struct xw *w, int depth)
{
	if (!w->is_pretty)
		return;
	sbuf_addc(w->out, '\n');
	for (int i = 0; i < depth; i++)
		sbuf_add(w->out, "  ", 2);
}

static void put_attrs(struct xw *w, const struct xattr *a, size_t n)
{
	char buf[64];
	for (size_t i = 0; i < n; i++) {
		sbuf_addc(w->out, ' ');
		if (a[i].name)
			put_name(w->out, a[i].name);
		else
			sbuf_adds(w->out, a[i].lit);
		sbuf_adds(w->out, "=\"");
		if (a[i].n && a[i].n->type == API_N_BOOL) {
			/* Only true booleans get here; their attribute is empty. */
		} else if (a[i].n) {
			size_t len;
			const char *t = scalar_text(a[i].n, buf, &len);
			put_attr_value(w->out, t, len);
		} else {
			put_attr_value(w->out, a[i].text, strlen(a[i].text));
		}
		sbuf_addc(w->out, '"');
	}
}

/* <name attrs>text</name>, or <name attrs /> when the text is empty or absent. */
static void put_leaf(struct xw *w, int depth, const char *name, const char *lit_name, const struct xattr *a,
		     size_t n_attrs, const char *text, size_t len)
{
	indent(w, depth);
	sbuf_addc(w->out, '<');
	if (name)
		put_name(w->out, name);
	else
		sbuf_adds(w->out, lit_name);
	put_attrs(w, a, n_attrs);
	if (!text || !len) {
		/* A kept false boolean is an empty string but not a short tag (PHP's false !== ''). */
		sbuf_adds(w->out, text == kept_false ? "></" : " />");
		if (text == kept_false) {
			if (name)
				put_name(w->out, name);
			else
				sbuf_adds(w->out, lit_name);
			sbuf_addc(w->out, '>');
		}
		return;
	}
	sbuf_addc(w->out, '>');
	put_text(w->out, text, len);
	sbuf_adds(w->out, "</");
	if (name)
		put_name(w->out, name);
	else
		sbuf_adds(w->out, lit_name);
	sbuf_addc(w->out, '>');
}

/* A scalar written as <name attrs>value</name> (list items, _idx). */
static void put_scalar_element(struct xw *w, int depth, const char *name, const char *lit_name,
			       const char *idx, const struct api_node *n)
{
	char buf[64];
	size_t len;
	const char *t = scalar_text(n, buf, &len);
	struct xattr a = { .lit = "_idx", .text = idx };
	put_leaf(w, depth, name, lit_name, &a, idx ? 1 : 0, t, len);
}

/* A scalar written as a sub-element: <name xml:space="preserve">value</name>. */
static void put_sub_scalar(struct xw *w, int depth, const char *name, const struct api_node *n)
{
	char buf[64];
	size_t len;
	const char *t = scalar_text(n, buf, &len);
	struct xattr a = { .lit = "xml:space", .text = "preserve" };
	put_leaf(w, depth, name, NULL, &a, t ? 1 : 0, t, len);
}

static bool is_container(const struct api_node *n)
{
	return n->type == API_N_OBJECT || n->type == API_N_ARRAY;
}

static void put_container(struct xw *w, int depth, const char *name, const char *lit_name, const char *idx,
			  const struct api_node *n, const char *xmlns);

/* How the members of a container are keyed in XML. */
struct xkeys {
	const char **key; /* per member: text of its PHP key */
	bool *is_int;     /* per member: the key is an integer (an indexed element) */
	bool show_idx;    /* indexed elements carry _idx */
};

/* Work out each member's PHP key and whether indexed items show _idx. */
static void resolve_keys(const struct api_node *n, struct arena *a, struct xkeys *k)
{
	k->key = arena_calloc(a, n->n_children + 1, sizeof(*k->key));
	k->is_int = arena_calloc(a, n->n_children + 1, sizeof(*k->is_int));
	bool is_list = n->type == API_N_ARRAY && n->atype == API_ARR_DEFAULT;
	long long next = 0, v;
	bool seq = true;
	size_t i = 0, pos = 0;
	for (const struct api_node *c = n->first; c; c = c->next, i++) {
		if ((c->flags & (API_N_KEY_META | API_N_PRESERVE)) == API_N_KEY_META)
			continue;
		if (is_list) {
			k->key[i] = arena_printf(a, "%zu", pos++);
			k->is_int[i] = true;
			continue;
		}
		if (c->key && !fmt_key_is_int(c->key, &v)) {
			k->key[i] = c->key;
			seq = false;
			pos++;
			continue;
		}
		if (!c->key)
			v = next;
		k->key[i] = c->key ? c->key : arena_printf(a, "%lld", v);
		k->is_int[i] = true;
		if (v != (long long)pos)
			seq = false;
		if (v >= next)
			next = v + 1;
		pos++;
	}
	/* BCASSOC stays associative in XML; untyped and BCARRAY follow PHP's list rule. */
	k->show_idx = !is_list && (n->atype == API_ARR_BCASSOC || !seq);
}

/* A KVP/BCKVP container: a list of <element kvp_name="key">value</element>. */
static void put_kvp_items(struct xw *w, int depth, const struct api_node *n, struct arena *a)
{
	struct xkeys k;
	resolve_keys(n, a, &k);
	const char *el = n->element ? n->element : "_v";
	const char *attr = n->kvp_name ? n->kvp_name : "_name";
	size_t i = 0;
	for (const struct api_node *c = n->first; c; c = c->next, i++) {
		if (!k.key[i])
			continue;
		struct xattr at[2] = { { .name = attr, .text = k.key[i] }, { .lit = "xml:space", .text = "preserve" } };
		if (!is_container(c)) {
			char buf[64];
			size_t len;
			const char *t = scalar_text(c, buf, &len);
			put_leaf(w, depth, el, NULL, at, t ? 2 : 1, t, len);
			continue;
		}
		/* A structured value is written inside the item without its own element. */
		indent(w, depth);
		sbuf_addc(w->out, '<');
		put_name(w->out, el);
		put_attrs(w, at, 1);
		sbuf_addc(w->out, '>');
		put_container(w, depth, NULL, NULL, NULL, c, NULL);
		indent(w, depth);
		sbuf_adds(w->out, "</");
		put_name(w->out, el);
		sbuf_addc(w->out, '>');
	}
}

/*
 * Write container `n` as element `name` (or `lit_name`, written as is).
 * With neither, only its members are written, every scalar as a
 * sub-element (MediaWiki's rendering of a nameless value). `idx` adds
 * _idx, `xmlns` the namespace attribute (root only).
 */
static void put_container(struct xw *w, int depth, const char *name, const char *lit_name, const char *idx,
			  const struct api_node *n, const char *xmlns)
{
	struct arena *a = n->res->arena;
	bool is_named = name || lit_name;
	int cdepth = is_named ? depth + 1 : depth;
	bool is_kvp = n->atype == API_ARR_KVP || n->atype == API_ARR_BCKVP;
	struct xkeys k = { 0 };
	if (!is_kvp)
		resolve_keys(n, a, &k);

	/* Split the members: attributes, content, keyed children, indexed children. */
	struct xattr *attrs = arena_calloc(a, n->n_children + 4, sizeof(*attrs));
	size_t n_attrs = 0, n_subs = 0, n_indexed = 0;
	const struct api_node *content = NULL;
	if (idx)
		attrs[n_attrs++] = (struct xattr){ .lit = "_idx", .text = idx };
	size_t i = 0;
	for (const struct api_node *c = n->first; c && !is_kvp; c = c->next, i++) {
		if (!k.key[i])
			continue;
		if (c->flags & API_N_CONTENT) {
			content = c;
		} else if (k.is_int[i]) {
			n_indexed++;
		} else if (is_container(c) || (c->flags & (API_N_SUBELEMENT | API_N_BC_SUBELEMENT)) || !is_named) {
			n_subs++;
		} else if (c->type == API_N_BOOL) {
			if (c->v.b)
				attrs[n_attrs++] = (struct xattr){ .name = c->key, .n = c };
		} else if (c->type != API_N_NULL) {
			attrs[n_attrs++] = (struct xattr){ .name = c->key, .n = c };
		}
	}
	if (is_kvp)
		n_indexed = n->n_children;
	if (xmlns)
		attrs[n_attrs++] = (struct xattr){ .lit = "xmlns", .text = xmlns };
	bool content_is_sub = content && (n_subs || n_indexed);
	char buf[64];
	size_t len = 0;
	const char *text = content && !content_is_sub ? scalar_text(content, buf, &len) : NULL;
	if (content && !content_is_sub && !is_container(content))
		attrs[n_attrs++] = (struct xattr){ .lit = "xml:space", .text = "preserve" };

	if (is_named && !n_subs && !n_indexed && !content_is_sub) {
		put_leaf(w, depth, name, lit_name, attrs, n_attrs, text, len);
		return;
	}
	if (is_named) {
		indent(w, depth);
		sbuf_addc(w->out, '<');
		if (name)
			put_name(w->out, name);
		else
			sbuf_adds(w->out, lit_name);
		put_attrs(w, attrs, n_attrs);
		sbuf_addc(w->out, '>');
	}
	if (is_kvp) {
		put_kvp_items(w, cdepth, n, a);
	} else {
		/* Keyed children, then the content, then the indexed children. */
		i = 0;
		for (const struct api_node *c = n->first; c; c = c->next, i++) {
			if (!k.key[i] || (c->flags & API_N_CONTENT) || k.is_int[i])
				continue;
			if (is_container(c))
				put_container(w, cdepth, c->key, NULL, NULL, c, NULL);
			else if ((c->flags & (API_N_SUBELEMENT | API_N_BC_SUBELEMENT)) || !is_named)
				put_sub_scalar(w, cdepth, c->key, c);
		}
		if (content_is_sub)
			put_sub_scalar(w, cdepth, content->key ? content->key : "*", content);
		const char *el = n->element ? n->element : "_v";
		i = 0;
		for (const struct api_node *c = n->first; c; c = c->next, i++) {
			if (!k.key[i] || (c->flags & API_N_CONTENT) || !k.is_int[i])
				continue;
			const char *ix = k.show_idx ? k.key[i] : NULL;
			if (is_container(c))
				put_container(w, cdepth, el, NULL, ix, c, NULL);
			else
				put_scalar_element(w, cdepth, el, NULL, ix, c);
		}
	}
	if (is_named) {
		indent(w, depth);
		sbuf_adds(w->out, "</");
		if (name)
			put_name(w->out, name);
		else
			sbuf_adds(w->out, lit_name);
		sbuf_addc(w->out, '>');
	}
}

int api_format_xml(struct api_node *root, const struct api_format_opts *o, bool pretty, struct sbuf *out)
{
	struct xw w = { .out = out, .is_pretty = pretty };
	sbuf_adds(out, "<?xml version=\"1.0\"?>");
	put_container(&w, 0, NULL, o->xml_root ? o->xml_root : "api", NULL, root,
		      o->includexmlnamespace ? "http://www.mediawiki.org/xml/api/" : NULL);
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}
