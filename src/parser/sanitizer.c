/* SPDX-License-Identifier: MIT */
/*
 * sanitizer.c — the HTML sanitizer of the wikitext parser: which tags
 * and attributes wikitext may write, and how ids, URLs, CSS and character
 * references are made safe. It decides what MediaWiki 1.39's Sanitizer
 * class decides; the contract of each function is in sanitizer.h.
 *
 * MediaWiki states most of these rules as PCRE patterns. Each is written
 * here as a byte scan that accepts exactly the same strings (the pattern
 * quirks that matter, like PHP's ASCII-only strtolower and the
 * Unicode-aware \s of /u patterns, are noted where they apply). All scans
 * are linear in their input.
 *
 * The one property that matters for security is checked by
 * fuzz/fuzz_sanitizer.c: no tag outside the allow-list, no on* attribute,
 * no javascript:/vbscript:/data: URL and no unescaped quote can come out
 * of wt_san_remove_html_tags(), whatever the input.
 */
#include "sanitizer.h"

#include <pthread.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "../util/charref.h"

/* ---------- Small helpers ---------- */

static bool is_ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ascii_alnum(unsigned char c)
{
	return is_ascii_alpha(c) || (c >= '0' && c <= '9');
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* PCRE's \s without the u flag: the ASCII whitespace characters. */
static bool is_pcre_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* PHP's trim() set: space, tab, newline, carriage return, NUL, vertical tab. */
static bool is_php_trim(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\v';
}

/* True when the whole view is made of PHP trim() characters. */
static bool is_blank(struct str s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!is_php_trim((unsigned char)s.p[i]))
			return false;
	return true;
}

/* Case-insensitive (ASCII) comparison of s[0..n) with the literal `lit`. */
static bool ascii_prefix_ci(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit);
	if (len < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((unsigned char)s[i]) != (unsigned char)lit[i])
			return false;
	return true;
}

/* Next code point of s[i..len); *n gets its length (1 for a bad byte, cp -1). */
static int32_t next_cp(const char *s, size_t len, size_t i, size_t *n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
	if (r <= 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)r;
	return cp;
}

/* \p{L} or \p{N}: letters and numbers of any script. */
static bool is_letter_or_number(int32_t cp)
{
	if (cp < 0)
		return false;
	if (cp < 0x80)
		return is_ascii_alnum((unsigned char)cp);
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

/* \s of a /u pattern (PHP turns on Unicode properties): ASCII and Unicode spaces. */
static bool is_unicode_space(int32_t cp)
{
	if (cp < 0)
		return false;
	if (cp < 0x80)
		return is_pcre_space((unsigned char)cp);
	utf8proc_category_t c = utf8proc_category(cp);
	return cp == 0x85 || c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

/* True when the bytes are valid UTF-8 (PHP's escaping returns "" otherwise). */
static bool is_valid_utf8(struct str s)
{
	for (size_t i = 0; i < s.len;) {
		unsigned char c = (unsigned char)s.p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		if (next_cp(s.p, s.len, i, &n) < 0)
			return false;
		i += n;
	}
	return true;
}

/* The sbuf's state as a return code. */
static int sb_rc(const struct sbuf *sb)
{
	return sb->is_toobig ? RC_TOOBIG : RC_OK;
}

/* ---------- URL protocols ---------- */

/* MediaWiki 1.39's $wgUrlProtocols, in its order (matching is first-listed first). */
static const char *const default_protocol_list[] = {
	"bitcoin:", "ftp://",  "ftps://", "geo:", "git://", "gopher://", "http://",   "https://",	  "irc://", "ircs://",
	"magnet:",  "mailto:", "matrix:", "mms://", "news:", "nntp://", "redis://", "sftp://",	  "sip:",   "sips:",
	"sms:",	    "ssh://",  "svn://",  "tel:", "telnet://", "urn:",	   "worldwind://", "xmpp:", "//",
};

static const struct wt_protocols default_protocols = { default_protocol_list, ARRAY_SIZE(default_protocol_list) };

const struct wt_protocols *wt_san_default_protocols(void)
{
	return &default_protocols;
}

/*
 * Length of the first protocol (in list order) that s[0..len) starts
 * with, 0 when none. `ci`: compare ASCII letters case-insensitively.
 */
static size_t protocol_at(const struct wt_protocols *protos, const char *s, size_t len, bool ci)
{
	for (size_t k = 0; k < protos->n; k++) {
		const char *p = protos->v[k];
		size_t i = 0;
		for (; p[i] && i < len; i++) {
			unsigned char a = (unsigned char)s[i], b = (unsigned char)p[i];
			if (ci ? ascii_lower(a) != ascii_lower(b) : a != b)
				break;
		}
		if (i > 0 && !p[i])
			return i;
	}
	return 0;
}

/* ---------- Elements and the attributes each may carry ---------- */

/* Flags of an element in the table below. */
enum {
	EL_TAG = 1 << 0,         /* wikitext may write it as a tag ($htmlelements) */
	EL_SINGLE = 1 << 1,      /* may be self-closed ($htmlsingle) */
	EL_SINGLE_ONLY = 1 << 2, /* has no end tag ($htmlsingleonly) */
	EL_COMMON = 1 << 3,      /* takes the common attributes (id, class, style, ARIA, RDFa, microdata) */
};

/* One element: its flags and the attributes it allows beyond the common ones. */
struct element {
	const char *name;  /* lower case */
	unsigned flags;    /* EL_* */
	const char *extra; /* further attribute names, each surrounded by spaces */
};

#define TAGC (EL_TAG | EL_COMMON)
#define BLOCK " align "
#define TABLECELL " abbr axis headers scope rowspan colspan nowrap width height bgcolor align valign "

/*
 * Sorted by name (find_element() hashes them). The list of tags is the union of
 * MediaWiki's paired, single and nestable tag lists; the attributes are
 * its per-element allow-list (HTML 4.01 elements with HTML5, RDFa and
 * microdata additions). Elements without EL_TAG are only validated for
 * extension output (<a>, <img>, media, table sections, <math>).
 */
static const struct element elements[] = {
	{ "a", EL_COMMON, " href rel rev " },
	{ "abbr", TAGC, "" },
	{ "aside", EL_COMMON, "" },
	{ "audio", EL_COMMON, " controls preload width height " },
	{ "b", TAGC, "" },
	{ "bdi", TAGC, "" },
	{ "bdo", TAGC, "" },
	{ "big", TAGC, "" },
	{ "blockquote", TAGC, " cite " },
	{ "br", TAGC | EL_SINGLE | EL_SINGLE_ONLY, " clear " },
	{ "caption", TAGC, BLOCK },
	{ "center", TAGC, "" },
	{ "cite", TAGC, "" },
	{ "code", TAGC, "" },
	{ "col", EL_COMMON, " span " },
	{ "colgroup", EL_COMMON, " span " },
	{ "data", TAGC, " value " },
	{ "dd", TAGC | EL_SINGLE, "" },
	{ "del", TAGC, " cite datetime " },
	{ "dfn", TAGC, "" },
	{ "div", TAGC, BLOCK },
	{ "dl", TAGC, "" },
	{ "dt", TAGC | EL_SINGLE, "" },
	{ "em", TAGC, "" },
	{ "figcaption", EL_COMMON, "" },
	{ "figure", EL_COMMON, "" },
	{ "font", TAGC, " size color face " },
	{ "h1", TAGC, BLOCK },
	{ "h2", TAGC, BLOCK },
	{ "h3", TAGC, BLOCK },
	{ "h4", TAGC, BLOCK },
	{ "h5", TAGC, BLOCK },
	{ "h6", TAGC, BLOCK },
	{ "hr", TAGC | EL_SINGLE | EL_SINGLE_ONLY, " width " },
	{ "i", TAGC, "" },
	{ "img", EL_COMMON, " alt src width height srcset " },
	{ "ins", TAGC, " cite datetime " },
	{ "kbd", TAGC, "" },
	{ "li", TAGC | EL_SINGLE, " type value " },
	{ "link", EL_TAG | EL_SINGLE | EL_SINGLE_ONLY, " itemprop href title " },
	{ "mark", TAGC, "" },
	{ "math", 0, " class style id title " },
	{ "meta", EL_TAG | EL_SINGLE | EL_SINGLE_ONLY, " itemprop content " },
	{ "ol", TAGC, " type start reversed " },
	{ "p", TAGC, BLOCK },
	{ "pre", TAGC, " width " },
	{ "q", TAGC, " cite " },
	{ "rb", TAGC, "" },
	{ "rp", TAGC, "" },
	{ "rt", TAGC, "" },
	{ "rtc", TAGC, "" },
	{ "ruby", TAGC, "" },
	{ "s", TAGC, "" },
	{ "samp", TAGC, "" },
	{ "small", TAGC, "" },
	{ "source", EL_COMMON, " type src " },
	{ "span", TAGC, "" },
	{ "strike", TAGC, "" },
	{ "strong", TAGC, "" },
	{ "sub", TAGC, "" },
	{ "sup", TAGC, "" },
	{ "table", TAGC, " summary width border frame rules cellspacing cellpadding align bgcolor " },
	{ "tbody", EL_COMMON, "" },
	{ "td", TAGC, TABLECELL },
	{ "tfoot", EL_COMMON, "" },
	{ "th", TAGC, TABLECELL },
	{ "thead", EL_COMMON, "" },
	{ "time", TAGC, " datetime " },
	{ "tr", TAGC, " bgcolor align valign " },
	{ "track", EL_COMMON, " type src srclang kind label " },
	{ "tt", TAGC, "" },
	{ "u", TAGC, "" },
	{ "ul", TAGC, " type " },
	{ "var", TAGC, "" },
	{ "video", EL_COMMON, " poster controls preload width height " },
	{ "wbr", TAGC | EL_SINGLE | EL_SINGLE_ONLY, "" },
};

/* The common attributes, each surrounded by spaces. */
static const char common_attrs[] = " id class style lang dir title tabindex"
				   " aria-describedby aria-flowto aria-hidden aria-label aria-labelledby aria-owns role"
				   " about property resource datatype typeof"
				   " itemid itemprop itemref itemscope itemtype ";

/* Longest element name in the table ("blockquote", "figcaption"). */
#define ELEMENT_NAME_MAX 10

/*
 * The element names in an open-addressing hash table built once: a lookup
 * hashes at most ELEMENT_NAME_MAX bytes and nearly always compares once.
 */
#define ELEMENT_SLOTS 256u
static short element_slot[ELEMENT_SLOTS];      /* index into elements + 1, 0 when empty */
static unsigned char element_len[ARRAY_SIZE(elements)]; /* strlen of each name */
static pthread_once_t element_once = PTHREAD_ONCE_INIT;

static unsigned element_hash(const char *p, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h & (ELEMENT_SLOTS - 1);
}

static void element_build(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(elements); i++) {
		size_t n = strlen(elements[i].name);
		element_len[i] = (unsigned char)n;
		unsigned k = element_hash(elements[i].name, n);
		while (element_slot[k])
			k = (k + 1) & (ELEMENT_SLOTS - 1);
		element_slot[k] = (short)(i + 1);
	}
}

/* The table entry of `name` (lower case), or NULL. */
static const struct element *find_element(struct str name)
{
	if (name.len == 0 || name.len > ELEMENT_NAME_MAX)
		return NULL;
	pthread_once(&element_once, element_build);
	for (unsigned k = element_hash(name.p, name.len); element_slot[k]; k = (k + 1) & (ELEMENT_SLOTS - 1)) {
		size_t i = (size_t)element_slot[k] - 1;
		if (element_len[i] == name.len && memcmp(elements[i].name, name.p, name.len) == 0)
			return &elements[i];
	}
	return NULL;
}

bool wt_san_is_allowed_tag(struct str name)
{
	const struct element *e = find_element(name);
	return e && (e->flags & EL_TAG);
}

/* True when " name " occurs in the space-delimited `list`. */
static bool in_word_list(const char *list, struct str name)
{
	if (name.len == 0 || memchr(name.p, ' ', name.len))
		return false;
	for (const char *p = list; (p = strchr(p, ' ')) != NULL; p++) {
		if (p[1] == name.p[0] && strncmp(p + 1, name.p, name.len) == 0 && p[1 + name.len] == ' ')
			return true;
	}
	return false;
}

/* True when `e` allows the attribute `name`. */
static bool attr_allowed(const struct element *e, struct str name)
{
	if (!e)
		return false;
	if ((e->flags & EL_COMMON) && in_word_list(common_attrs, name))
		return true;
	return in_word_list(e->extra, name);
}

/* ---------- Comments ---------- */

struct str wt_san_remove_comments(struct arena *a, struct str text)
{
	const char *s = text.p;
	size_t len = text.len;
	if (len < 7 || !util_memmem(s, len, "<!--", 4))
		return text;
	/*
	 * MediaWiki loops "find the first <!--, remove it" over the whole
	 * string, so a removal can join text into a new "<!--". The output
	 * so far is kept in `o`; after a removal, an opener straddling the
	 * end of `o` and the rest of the input is looked for first.
	 */
	char *o = arena_alloc(a, len + 1);
	size_t ol = 0, i = 0;
	bool check_straddle = false;
	for (;;) {
		size_t t = 0; /* bytes of "<!--" already at the end of o */
		size_t start_in = 0;
		if (check_straddle) {
			for (size_t k = 3; k >= 1 && t == 0; k--) {
				if (ol >= k && memcmp(o + ol - k, "<!--", k) == 0 && len - i >= 4 - k &&
				    memcmp(s + i, &"<!--"[k], 4 - k) == 0)
					t = k;
			}
			check_straddle = false;
		}
		if (t == 0) {
			const char *hit = util_memmem(s + i, len - i, "<!--", 4);
			if (!hit)
				break;
			start_in = (size_t)(hit - s);
			memcpy(o + ol, s + i, start_in - i);
			ol += start_in - i;
			i = start_in;
		}
		size_t start = ol - t; /* the comment's start in o's terms */
		size_t from = i + (4 - t);
		const char *close = from <= len ? util_memmem(s + from, len - from, "-->", 3) : NULL;
		if (!close) {
			/* Unterminated: MediaWiki stops removing here. */
			break;
		}
		size_t end = (size_t)(close - s) + 3;
		/* Spaces before (in o) and after (in the input) the comment. */
		size_t sp = start > 0 ? start - 1 : 0;
		while (sp > 0 && o[sp] == ' ')
			sp--;
		size_t after = end;
		while (after < len && s[after] == ' ')
			after++;
		bool before_nl = start > 0 && o[sp] == '\n';
		if (before_nl && after < len && s[after] == '\n') {
			/* Keep one newline: the one before, spaces and the one after go. */
			ol = sp + 1;
			i = after + 1;
		} else {
			ol = start;
			i = end;
			check_straddle = true;
		}
	}
	memcpy(o + ol, s + i, len - i);
	ol += len - i;
	o[ol] = '\0';
	return (struct str){ o, ol };
}

/* ---------- Attributes: decoding ---------- */

void wt_attrs_set(struct arena *a, struct wt_attrs *attrs, struct str name, struct str value)
{
	for (size_t i = 0; i < attrs->n; i++) {
		if (attrs->v[i].name.len == name.len && memcmp(attrs->v[i].name.p, name.p, name.len) == 0) {
			attrs->v[i].value = value;
			return;
		}
	}
	attrs->v = arena_grow(a, attrs->v, attrs->n, &attrs->cap, sizeof(attrs->v[0]));
	attrs->v[attrs->n++] = (struct wt_attr){ name, value };
}

const struct str *wt_attrs_get(const struct wt_attrs *attrs, const char *name)
{
	for (size_t i = 0; i < attrs->n; i++)
		if (str_eq(attrs->v[i].name, name))
			return &attrs->v[i].value;
	return NULL;
}

/* An attribute's name and position, for sorting in attrs_dedupe(). */
struct attr_pos {
	struct str name; /* the attribute's name */
	size_t pos;      /* its index in the list */
};

/* By name, then by position. */
static int cmp_attr_pos(const void *x, const void *y)
{
	const struct attr_pos *a = x, *b = y;
	int c = memcmp(a->name.p, b->name.p, MIN(a->name.len, b->name.len));
	if (c == 0)
		c = a->name.len < b->name.len ? -1 : a->name.len > b->name.len;
	if (c == 0)
		c = a->pos < b->pos ? -1 : a->pos > b->pos;
	return c;
}

/*
 * Give `attrs` the PHP array semantics of wt_attrs_set() after appending
 * freely: each name keeps its first position and takes its last value.
 * Sorting keeps this O(n log n) for tags with many attributes.
 */
static void attrs_dedupe(struct arena *a, struct wt_attrs *attrs)
{
	size_t n = attrs->n;
	if (n < 2)
		return;
	struct attr_pos *ix = arena_alloc(a, n * sizeof(*ix));
	bool *drop = arena_calloc(a, n, sizeof(*drop));
	for (size_t i = 0; i < n; i++)
		ix[i] = (struct attr_pos){ attrs->v[i].name, i };
	qsort(ix, n, sizeof(*ix), cmp_attr_pos);
	for (size_t g = 0; g < n;) {
		size_t h = g + 1;
		while (h < n && ix[h].name.len == ix[g].name.len && memcmp(ix[h].name.p, ix[g].name.p, ix[g].name.len) == 0)
			h++;
		attrs->v[ix[g].pos].value = attrs->v[ix[h - 1].pos].value;
		for (size_t k = g + 1; k < h; k++)
			drop[ix[k].pos] = true;
		g = h;
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!drop[i])
			attrs->v[kept++] = attrs->v[i];
	attrs->n = kept;
}

/* The attribute regex's space class: tab, LF, FF, CR, space. */
static bool is_attr_space(unsigned char c)
{
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

/* An attribute name's characters must be [:_\p{L}\p{N}] then also '.' and '-'. */
static bool valid_attr_name(struct str n)
{
	for (size_t i = 0; i < n.len;) {
		size_t k;
		int32_t cp = next_cp(n.p, n.len, i, &k);
		bool ok = cp == ':' || cp == '_' || is_letter_or_number(cp) || (i > 0 && (cp == '.' || cp == '-'));
		if (!ok)
			return false;
		i += k;
	}
	return n.len > 0;
}

/* Collapse [\t\r\n ]+ to one space and trim PHP's trim() set; in `a`. */
static struct str collapse_ws(struct arena *a, struct str v)
{
	char *o = arena_alloc(a, v.len + 1);
	size_t n = 0;
	for (size_t i = 0; i < v.len; i++) {
		char c = v.p[i];
		if (c == '\t' || c == '\r' || c == '\n' || c == ' ') {
			if (n == 0 || o[n - 1] != ' ')
				o[n++] = ' ';
			continue;
		}
		o[n++] = c;
	}
	size_t b = 0;
	while (b < n && is_php_trim((unsigned char)o[b]))
		b++;
	while (n > b && is_php_trim((unsigned char)o[n - 1]))
		n--;
	o[n] = '\0';
	return (struct str){ o + b, n - b };
}

void wt_san_decode_attrs(struct arena *a, struct str text, struct wt_attrs *out)
{
	if (is_blank(text))
		return;
	const char *s = text.p;
	size_t len = text.len, i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		/* A name starts at anything but space, '/' and '>'; '=' may only come first. */
		if (is_attr_space(c) || c == '/' || c == '>') {
			i++;
			continue;
		}
		size_t ns = i++;
		while (i < len) {
			unsigned char d = (unsigned char)s[i];
			if (is_attr_space(d) || d == '/' || d == '>' || d == '=')
				break;
			i++;
		}
		struct str name = { s + ns, i - ns };
		struct str value = { "", 0 };
		/* Optional: spaces, '=', spaces, then the value. */
		size_t j = i;
		while (j < len && is_attr_space((unsigned char)s[j]))
			j++;
		if (j < len && s[j] == '=') {
			j++;
			while (j < len && is_attr_space((unsigned char)s[j]))
				j++;
			if (j < len && (s[j] == '"' || s[j] == '\'')) {
				char q = s[j];
				const char *close = memchr(s + j + 1, q, len - j - 1);
				size_t vend = close ? (size_t)(close - s) : len;
				value = (struct str){ s + j + 1, vend - j - 1 };
				i = close ? vend + 1 : len;
			} else {
				size_t vs = j;
				while (j < len && !is_attr_space((unsigned char)s[j]) && s[j] != '>')
					j++;
				value = (struct str){ s + vs, j - vs };
				i = j;
			}
		}
		char *lname = arena_alloc(a, name.len + 1);
		for (size_t k = 0; k < name.len; k++)
			lname[k] = (char)ascii_lower((unsigned char)name.p[k]);
		lname[name.len] = '\0';
		struct str lower = { lname, name.len };
		if (!valid_attr_name(lower))
			continue;
		value = collapse_ws(a, value);
		out->v = arena_grow(a, out->v, out->n, &out->cap, sizeof(out->v[0]));
		out->v[out->n++] = (struct wt_attr){ lower, wt_san_decode_charrefs(a, value) };
	}
	attrs_dedupe(a, out);
}

/* ---------- Attributes: validation ---------- */

/*
 * EVIL_URI_PATTERN: "javascript" or "vbscript" (any case) at the start,
 * after whitespace or after a CSS comment end and whitespace, followed by
 * a non-word character or the end.
 */
static bool is_evil_uri(struct str v)
{
	for (size_t p = 0; p < v.len; p++) {
		size_t n;
		if (ascii_prefix_ci(v.p + p, v.len - p, "javascript"))
			n = 10;
		else if (ascii_prefix_ci(v.p + p, v.len - p, "vbscript"))
			n = 8;
		else
			continue;
		bool before = p == 0 || is_pcre_space((unsigned char)v.p[p - 1]);
		if (!before) {
			size_t q = p;
			while (q > 0 && is_pcre_space((unsigned char)v.p[q - 1]))
				q--;
			before = q >= 2 && v.p[q - 2] == '*' && v.p[q - 1] == '/';
		}
		if (!before)
			continue;
		if (p + n == v.len)
			return true;
		unsigned char c = (unsigned char)v.p[p + n];
		if (!(is_ascii_alnum(c) || c == '_'))
			return true;
	}
	return false;
}

/* ^xmlns:[:A-Z_a-z-.0-9]+$ */
static bool is_xmlns_name(struct str n)
{
	if (n.len <= 6 || memcmp(n.p, "xmlns:", 6) != 0)
		return false;
	for (size_t i = 6; i < n.len; i++) {
		unsigned char c = (unsigned char)n.p[i];
		if (!(is_ascii_alnum(c) || c == ':' || c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

/* ^data-[^:= \t\r\n/>\0_＿]*$ on a name that already passed valid_attr_name(). */
static bool is_data_name(struct str n)
{
	if (n.len < 5 || !ascii_prefix_ci(n.p, n.len, "data-"))
		return false;
	for (size_t i = 5; i < n.len; i++)
		if (n.p[i] == ':' || n.p[i] == '_')
			return false;
	return true;
}

/* data-ooui*, data-mw*, data-parsoid*: names MediaWiki keeps for itself. */
static bool is_reserved_data_name(struct str n)
{
	return ascii_prefix_ci(n.p, n.len, "data-ooui") || ascii_prefix_ci(n.p, n.len, "data-mw") ||
	       ascii_prefix_ci(n.p, n.len, "data-parsoid");
}

/* A space-separated list of ids, each escaped as an id (html5). */
static struct str escape_id_list(struct arena *a, struct str v)
{
	char *o = arena_alloc(a, v.len + 1);
	size_t n = 0;
	for (size_t i = 0; i < v.len;) {
		while (i < v.len && is_pcre_space((unsigned char)v.p[i]))
			i++;
		size_t b = i;
		while (i < v.len && !is_pcre_space((unsigned char)v.p[i]))
			i++;
		if (i == b)
			break;
		struct str id = wt_san_escape_id(a, (struct str){ v.p + b, i - b }, WT_ID_HTML5);
		if (n)
			o[n++] = ' ';
		memcpy(o + n, id.p, id.len);
		n += id.len;
	}
	o[n] = '\0';
	return (struct str){ o, n };
}

/* ^(protocols)[^\s]+$ — case-sensitive, at least one non-space after. */
static bool is_allowed_href(struct str v, const struct wt_protocols *protos)
{
	size_t n = protocol_at(protos, v.p, v.len, false);
	if (n == 0 || n == v.len)
		return false;
	/* PCRE's $ also matches before a final newline, but \s excludes it. */
	for (size_t i = n; i < v.len; i++)
		if (is_pcre_space((unsigned char)v.p[i]))
			return false;
	return true;
}

void wt_san_validate_attrs(struct arena *a, struct str element, struct wt_attrs *attrs,
			   const struct wt_protocols *protos)
{
	if (!protos)
		protos = &default_protocols;
	const struct element *e = find_element(element);
	size_t kept = 0;
	bool has_itemscope = false;
	for (size_t i = 0; i < attrs->n; i++) {
		struct str name = attrs->v[i].name, value = attrs->v[i].value;
		if (is_xmlns_name(name)) {
			if (!is_evil_uri(value))
				attrs->v[kept++] = attrs->v[i];
			continue;
		}
		if ((!is_data_name(name) && !attr_allowed(e, name)) || is_reserved_data_name(name))
			continue;
		if (str_eq(name, "style"))
			value = wt_san_check_css(a, value);
		if (str_eq(name, "id"))
			value = wt_san_escape_id(a, value, WT_ID_HTML5);
		if (str_eq(name, "aria-describedby") || str_eq(name, "aria-flowto") || str_eq(name, "aria-labelledby") ||
		    str_eq(name, "aria-owns"))
			value = escape_id_list(a, value);
		if (str_eq(name, "rel") || str_eq(name, "rev") || str_eq(name, "about") || str_eq(name, "property") ||
		    str_eq(name, "resource") || str_eq(name, "datatype") || str_eq(name, "typeof") ||
		    str_eq(name, "itemid") || str_eq(name, "itemprop") || str_eq(name, "itemref") ||
		    str_eq(name, "itemscope") || str_eq(name, "itemtype")) {
			if (is_evil_uri(value))
				continue;
		}
		if ((str_eq(name, "href") || str_eq(name, "src") || str_eq(name, "poster")) &&
		    !is_allowed_href(value, protos))
			continue;
		if (str_eq(name, "tabindex") && !str_eq(value, "0"))
			continue;
		if (str_eq(name, "itemscope"))
			has_itemscope = true;
		attrs->v[kept].name = name;
		attrs->v[kept++].value = value;
	}
	attrs->n = kept;
	if (has_itemscope)
		return;
	/* itemtype, itemid and itemref mean nothing without itemscope. */
	kept = 0;
	for (size_t i = 0; i < attrs->n; i++) {
		struct str name = attrs->v[i].name;
		if (str_eq(name, "itemtype") || str_eq(name, "itemid") || str_eq(name, "itemref"))
			continue;
		attrs->v[kept++] = attrs->v[i];
	}
	attrs->n = kept;
}

/* ---------- Attributes: encoding ---------- */

int wt_san_encode_value(struct sbuf *out, struct str v)
{
	size_t run = 0;
	for (size_t i = 0; i < v.len; i++) {
		const char *rep;
		switch (v.p[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#039;"; break;
		case '\n': rep = "&#10;"; break;
		case '\r': rep = "&#13;"; break;
		case '\t': rep = "&#9;"; break;
		default: continue;
		}
		sbuf_add(out, v.p + run, i - run);
		sbuf_adds(out, rep);
		run = i + 1;
	}
	sbuf_add(out, v.p + run, v.len - run);
	return sb_rc(out);
}

int wt_san_safe_encode_value(struct sbuf *out, struct str v, const struct wt_protocols *protos)
{
	if (!protos)
		protos = &default_protocols;
	if (!is_valid_utf8(v))
		return sb_rc(out);
	size_t start = out->len;
	if (wt_san_encode_value(out, v) != RC_OK)
		return RC_TOOBIG;
	/*
	 * Second pass over the escaped text (as MediaWiki's strtr()): the
	 * characters and words later wikitext passes act on become references.
	 */
	size_t elen = out->len - start;
	/* Most values hold none of the characters this pass replaces: nothing to copy then. */
	static const bool maybe[256] = {
		['{'] = true, ['}'] = true, ['['] = true, [']'] = true, ['|'] = true, ['_'] = true,
		['I'] = true, ['R'] = true, ['P'] = true, [0xef] = true,
	};
	bool any = false;
	for (size_t i = 0; i < elen && !any; i++)
		any = maybe[(unsigned char)out->p[start + i]];
	char *enc = any ? xmalloc(elen + 1) : NULL;
	if (any) {
		memcpy(enc, out->p + start, elen);
		out->len = start;
		out->p[start] = '\0';
	}
	for (size_t i = 0; any && i < elen;) {
		const char *p = enc + i;
		size_t left = elen - i;
		const char *rep = NULL;
		size_t n = 1;
		switch (*p) {
		case '{': rep = "&#123;"; break;
		case '}': rep = "&#125;"; break;
		case '[': rep = "&#91;"; break;
		case ']': rep = "&#93;"; break;
		case '|': rep = "&#124;"; break;
		case '_': rep = "&#95;"; break;
		case 'I':
			if (left >= 4 && memcmp(p, "ISBN", 4) == 0)
				rep = "&#73;SBN", n = 4;
			break;
		case 'R':
			if (left >= 3 && memcmp(p, "RFC", 3) == 0)
				rep = "&#82;FC", n = 3;
			break;
		case 'P':
			if (left >= 4 && memcmp(p, "PMID", 4) == 0)
				rep = "&#80;MID", n = 4;
			break;
		case '\xef':
			/* U+FF3F FULLWIDTH LOW LINE, used in Japanese magic words. */
			if (left >= 3 && memcmp(p, "\xef\xbc\xbf", 3) == 0)
				rep = "&#xFF3F;", n = 3;
			break;
		default: break;
		}
		if (rep) {
			sbuf_adds(out, rep);
		} else {
			sbuf_addc(out, *p);
		}
		i += n;
	}
	xfree(enc);
	/*
	 * Third pass: the ':' of every URL protocol becomes "&#58;", so no
	 * free external link can start inside an attribute. Protocols are
	 * matched case-insensitively, leftmost first.
	 */
	if (out->is_toobig)
		return RC_TOOBIG;
	elen = out->len - start;
	if (!memchr(out->p + start, ':', elen))
		return RC_OK; /* only a protocol's ':' is ever replaced */
	enc = xmalloc(elen + 1);
	memcpy(enc, out->p + start, elen);
	out->len = start;
	out->p[start] = '\0';
	size_t run = 0;
	/*
	 * A protocol with a ':' can only match where its letters end at the
	 * next ':' of the text, so each ':' is tried against every protocol
	 * at the one place it could start; the leftmost start wins, the
	 * protocol listed first among those at the same start, and the scan
	 * goes on after the match, as matching left to right does. "//" has
	 * no ':' to replace and starts nothing else, so it is left out. A
	 * site with another protocol without ':' (or more than 64) gets the
	 * plain scan at every position instead.
	 */
	long off[64];
	bool simple = protos->n <= ARRAY_SIZE(off);
	for (size_t k = 0; simple && k < protos->n; k++) {
		const char *pr = protos->v[k];
		const char *colon = strchr(pr, ':');
		if (strcmp(pr, "//") == 0)
			off[k] = -1;
		else if (colon && pr[0] != ':')
			off[k] = colon - pr;
		else
			simple = false;
	}
	for (size_t i = 0; simple && i < elen;) {
		const char *colon = memchr(enc + i, ':', elen - i);
		if (!colon)
			break;
		size_t c = (size_t)(colon - enc);
		size_t best = SIZE_MAX, best_n = 0;
		for (size_t k = 0; k < protos->n; k++) {
			if (off[k] < 0 || (size_t)off[k] > c - i)
				continue;
			size_t j = c - (size_t)off[k];
			if (j >= best || ascii_lower((unsigned char)enc[j]) != ascii_lower((unsigned char)protos->v[k][0]))
				continue;
			const struct wt_protocols one = { &protos->v[k], 1 };
			size_t n = protocol_at(&one, enc + j, elen - j, true);
			if (n) {
				best = j;
				best_n = n;
			}
		}
		if (!best_n) {
			i = c + 1;
			continue;
		}
		sbuf_add(out, enc + run, c - run);
		sbuf_adds(out, "&#58;");
		run = c + 1;
		i = best + best_n;
	}
	for (size_t i = 0; !simple && i < elen;) {
		size_t n = protocol_at(protos, enc + i, elen - i, true);
		if (n == 0) {
			i++;
			continue;
		}
		const char *colon = memchr(enc + i, ':', n);
		if (colon) {
			size_t c = (size_t)(colon - enc);
			sbuf_add(out, enc + run, c - run);
			sbuf_adds(out, "&#58;");
			run = c + 1;
		}
		i += n;
	}
	sbuf_add(out, enc + run, elen - run);
	xfree(enc);
	return sb_rc(out);
}

int wt_san_encode_attrs(struct sbuf *out, const struct wt_attrs *attrs, const struct wt_protocols *protos)
{
	for (size_t i = 0; i < attrs->n; i++) {
		sbuf_addc(out, ' ');
		/* Names passed valid_attr_name(): nothing in them needs escaping. */
		sbuf_addstr(out, attrs->v[i].name);
		sbuf_add(out, "=\"", 2);
		wt_san_safe_encode_value(out, attrs->v[i].value, protos);
		sbuf_addc(out, '"');
	}
	return sb_rc(out);
}

/* ---------- Memo of sanitized attribute texts ---------- */

/*
 * One process-wide table, shared by every parse and guarded by a mutex:
 * the answers depend on nothing but the element, the text and the
 * protocol list, and the same attributes come back page after page
 * (infobox classes, citation spans, scope="row"). An answer is copied
 * out under the lock, so clearing the table never pulls memory from
 * under a reader.
 */

/* One remembered attribute text. */
struct memo_entry {
	uint32_t hash;       /* of element, text and protocol list (0: empty slot) */
	uint64_t sig;        /* the protocol list */
	struct str element;  /* element name (lower case) */
	struct str text;     /* attribute text as given */
	struct str out;      /* what the encoder appended for it */
};

struct wt_san_memo {
	const struct wt_protocols *protos; /* the protocols this parse uses */
	uint64_t sig;                      /* their signature (part of every key) */
};

/* First size of the table, in slots (a power of two). */
#define MEMO_SLOTS 1024
/* Texts longer than this are not remembered: long ones rarely repeat. */
#define MEMO_TEXT_MAX 512
/* Bytes of strings the table keeps before it starts again empty. */
#define MEMO_BYTES ((size_t)4 << 20)

static struct {
	pthread_mutex_t lock;   /* guards the rest */
	struct arena *a;        /* strings of the entries (NULL until first use) */
	struct memo_entry *e;   /* open-addressing table (xmalloc) */
	size_t n;               /* entries used */
	size_t cap;             /* slots */
} memo_table = { .lock = PTHREAD_MUTEX_INITIALIZER };

struct wt_san_memo *wt_san_memo_new(struct arena *a, const struct wt_protocols *protos)
{
	struct wt_san_memo *m = arena_calloc(a, 1, sizeof(*m));
	m->protos = protos ? protos : &default_protocols;
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < m->protos->n; i++) {
		for (const char *c = m->protos->v[i]; *c; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211u;
		h = (h ^ 0xffu) * 1099511628211u;
	}
	m->sig = h;
	return m;
}

static bool same_str(struct str x, struct str y)
{
	return x.len == y.len && memcmp(x.p, y.p, x.len) == 0;
}

static uint32_t memo_hash(uint64_t sig, struct str element, struct str text)
{
	uint32_t h = 2166136261u ^ (uint32_t)sig ^ (uint32_t)(sig >> 32);
	for (size_t i = 0; i < element.len; i++)
		h = (h ^ (unsigned char)element.p[i]) * 16777619u;
	h = (h ^ 0xffu) * 16777619u;
	for (size_t i = 0; i < text.len; i++)
		h = (h ^ (unsigned char)text.p[i]) * 16777619u;
	return h ? h : 1;
}

/* The slot of a key (lock held): its entry, or the empty slot it would take. */
static struct memo_entry *memo_slot(uint32_t h, uint64_t sig, struct str element, struct str text)
{
	for (size_t k = h & (memo_table.cap - 1);; k = (k + 1) & (memo_table.cap - 1)) {
		struct memo_entry *e = &memo_table.e[k];
		if (!e->hash || (e->hash == h && e->sig == sig && same_str(e->element, element) && same_str(e->text, text)))
			return e;
	}
}

/* Append the remembered answer for the key to `out`; false when there is none. */
static bool memo_get(uint32_t h, uint64_t sig, struct str element, struct str text, struct sbuf *out)
{
	bool found = false;
	pthread_mutex_lock(&memo_table.lock);
	if (memo_table.e) {
		struct memo_entry *e = memo_slot(h, sig, element, text);
		if (e->hash) {
			sbuf_addstr(out, e->out);
			found = true;
		}
	}
	pthread_mutex_unlock(&memo_table.lock);
	return found;
}

/* Remember that the key encodes as `len` bytes at `out` (copied). */
static void memo_put(uint32_t h, uint64_t sig, struct str element, struct str text, const char *out, size_t len)
{
	pthread_mutex_lock(&memo_table.lock);
	if (!memo_table.e || arena_used(memo_table.a) > MEMO_BYTES) {
		arena_free(memo_table.a);
		xfree(memo_table.e);
		memo_table.a = arena_new();
		memo_table.cap = MEMO_SLOTS;
		memo_table.e = xcalloc(memo_table.cap, sizeof(*memo_table.e));
		memo_table.n = 0;
	}
	if (2 * (memo_table.n + 1) > memo_table.cap) {
		struct memo_entry *old = memo_table.e;
		size_t old_cap = memo_table.cap;
		memo_table.cap *= 2;
		memo_table.e = xcalloc(memo_table.cap, sizeof(*memo_table.e));
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].hash)
				*memo_slot(old[i].hash, old[i].sig, old[i].element, old[i].text) = old[i];
		xfree(old);
	}
	struct memo_entry *e = memo_slot(h, sig, element, text);
	if (!e->hash) {
		e->hash = h;
		e->sig = sig;
		e->element = (struct str){ arena_strndup(memo_table.a, element.p, element.len), element.len };
		e->text = (struct str){ arena_strndup(memo_table.a, text.p, text.len), text.len };
		e->out = (struct str){ arena_strndup(memo_table.a, out, len), len };
		memo_table.n++;
	}
	pthread_mutex_unlock(&memo_table.lock);
}

/*
 * Decode, validate for `element` and encode `text` onto `out`, or write
 * what the memo holds for it. Returns RC_OK or RC_TOOBIG.
 */
static int fix_attrs_memo(struct arena *a, struct sbuf *out, struct str text, struct str element,
			  const struct wt_protocols *protos, struct wt_san_memo *memo)
{
	uint32_t h = 0;
	if (memo && memo->protos == protos && text.len <= MEMO_TEXT_MAX) {
		h = memo_hash(memo->sig, element, text);
		if (memo_get(h, memo->sig, element, text, out))
			return sb_rc(out);
	}
	struct wt_attrs attrs = { 0 };
	wt_san_decode_attrs(a, text, &attrs);
	wt_san_validate_attrs(a, element, &attrs, protos);
	size_t start = out->len;
	int rc = wt_san_encode_attrs(out, &attrs, protos);
	if (h && rc == RC_OK)
		memo_put(h, memo->sig, element, text, out->p ? out->p + start : "", out->len - start);
	return rc;
}

int wt_san_fix_attrs_memo(struct arena *a, struct sbuf *out, struct str text, struct str element,
			  const struct wt_protocols *protos, struct wt_san_memo *memo)
{
	if (is_blank(text))
		return sb_rc(out);
	return fix_attrs_memo(a, out, text, element, protos ? protos : &default_protocols, memo);
}

int wt_san_fix_attrs(struct arena *a, struct sbuf *out, struct str text, struct str element,
		     const struct wt_protocols *protos)
{
	return wt_san_fix_attrs_memo(a, out, text, element, protos, NULL);
}

/* ---------- CSS ---------- */

/*
 * One code point of a CSS escape as UTF-8. MediaWiki throws on a
 * surrogate or a number past U+10FFFF (the page fails to render); here it
 * becomes U+FFFD, which the control-character check then refuses.
 */
static size_t put_css_cp(char *o, uint32_t cp)
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)o);
}

static bool is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned hex_val(unsigned char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)(ascii_lower(c) - 'a' + 10);
}

/*
 * Decode CSS escapes (CSS 2 grammar, appendix D): a backslash before a
 * newline is a line continuation, before 1-6 hex digits (and one optional
 * whitespace) a code point, before anything else that character. A
 * decoded newline, quote, apostrophe or backslash is written back as a
 * clean escape ("\a ", "\22 ", "\27 ", "\5c ").
 */
static struct str css_decode_escapes(struct arena *a, struct str v)
{
	/* Each "\X" (2 bytes) gives at most 4; hex escapes never grow. */
	char *o = arena_alloc(a, v.len * 2 + 1);
	size_t n = 0;
	for (size_t i = 0; i < v.len;) {
		if (v.p[i] != '\\') {
			o[n++] = v.p[i++];
			continue;
		}
		i++;
		char buf[8];
		size_t bl;
		if (i < v.len && (v.p[i] == '\n' || v.p[i] == '\r' || v.p[i] == '\f')) {
			i += (v.p[i] == '\r' && i + 1 < v.len && v.p[i + 1] == '\n') ? 2 : 1;
			continue;
		} else if (i < v.len && is_hex((unsigned char)v.p[i])) {
			uint32_t cp = 0;
			size_t k = 0;
			while (k < 6 && i < v.len && is_hex((unsigned char)v.p[i])) {
				cp = cp * 16 + hex_val((unsigned char)v.p[i]);
				i++, k++;
			}
			if (i < v.len && (v.p[i] == ' ' || v.p[i] == '\t' || v.p[i] == '\r' || v.p[i] == '\n' ||
					  v.p[i] == '\f'))
				i++;
			bl = put_css_cp(buf, cp);
		} else if (i < v.len) {
			size_t k;
			next_cp(v.p, v.len, i, &k);
			memcpy(buf, v.p + i, k);
			bl = k;
			i += k;
		} else {
			buf[0] = '\\';
			bl = 1;
		}
		if (bl == 1 && (buf[0] == '\n' || buf[0] == '"' || buf[0] == '\'' || buf[0] == '\\')) {
			static const char digits[] = "0123456789abcdef";
			unsigned c = (unsigned char)buf[0];
			o[n++] = '\\';
			if (c >= 16)
				o[n++] = digits[c >> 4];
			o[n++] = digits[c & 15];
			o[n++] = ' ';
			continue;
		}
		memcpy(o + n, buf, bl);
		n += bl;
	}
	o[n] = '\0';
	return (struct str){ o, n };
}

/* ^\s*\/\*[^*\/]*\*\/\s*$ : the value is one comment and nothing else. */
static bool is_single_comment(struct str v)
{
	size_t i = 0, e = v.len;
	while (i < e && is_pcre_space((unsigned char)v.p[i]))
		i++;
	/* PCRE's $ may match before a final newline, which \s* takes anyway. */
	while (e > i && is_pcre_space((unsigned char)v.p[e - 1]))
		e--;
	if (e - i < 4 || v.p[i] != '/' || v.p[i + 1] != '*' || v.p[e - 2] != '*' || v.p[e - 1] != '/')
		return false;
	for (size_t k = i + 2; k < e - 2; k++)
		if (v.p[k] == '*' || v.p[k] == '/')
			return false;
	return true;
}

/*
 * Replace each comment by a space (StringUtils::delimiterReplace with
 * "/ *" and "* /"), then cut everything from an unclosed "/ *" on.
 */
static struct str css_strip_comments(struct arena *a, struct str v)
{
	char *o = arena_alloc(a, v.len + 1);
	size_t n = 0, i = 0;
	while (i < v.len) {
		size_t k = i;
		while (k + 1 < v.len && !((v.p[k] == '/' && v.p[k + 1] == '*') || (v.p[k] == '*' && v.p[k + 1] == '/')))
			k++;
		if (k + 1 >= v.len)
			break;
		if (v.p[k] == '*') {
			/* A stray comment end is text. */
			memcpy(o + n, v.p + i, k + 2 - i);
			n += k + 2 - i;
			i = k + 2;
			continue;
		}
		const char *close = k + 2 <= v.len ? util_memmem(v.p + k + 2, v.len - k - 2, "*/", 2) : NULL;
		if (!close)
			break; /* unclosed: kept here, cut off below */
		memcpy(o + n, v.p + i, k - i);
		n += k - i;
		o[n++] = ' ';
		i = (size_t)(close - v.p) + 2;
	}
	memcpy(o + n, v.p + i, v.len - i);
	n += v.len - i;
	o[n] = '\0';
	/* A "/ *" left over (as in "/ * /") starts an unclosed comment. */
	const char *open = util_memmem(o, n, "/*", 2);
	if (open)
		n = (size_t)(open - o);
	o[n] = '\0';
	return (struct str){ o, n };
}

/* Sanitizer::normalizeCss(). */
static struct str css_normalize(struct arena *a, struct str v)
{
	v = wt_san_decode_charrefs(a, v);
	v = css_decode_escapes(a, v);
	if (!is_single_comment(v))
		v = css_strip_comments(a, v);
	return v;
}

/* Skip PCRE \s (ASCII) from i. */
static size_t skip_space(struct str v, size_t i)
{
	while (i < v.len && is_pcre_space((unsigned char)v.p[i]))
		i++;
	return i;
}

/* True when s[j] is whitespace or ',' and "url" (any case) follows it. */
static bool is_url_sep(struct str v, size_t j)
{
	unsigned char b = (unsigned char)v.p[j];
	return (is_pcre_space(b) || b == ',') && ascii_prefix_ci(v.p + j + 1, v.len - j - 1, "url");
}

/* True when the CSS holds one of the constructs MediaWiki refuses. */
static bool css_is_insecure(struct str v)
{
	/* Keywords followed by optional space and then a ':' or '('. */
	static const struct {
		const char *word;
		char next; /* required after optional whitespace; 0: none */
	} rules[] = {
		{ "expression", 0 },   { "filter", ':' },     { "accelerator", ':' }, { "-o-link", ':' },
		{ "-o-link-source", ':' }, { "-o-replace", ':' }, { "url", '(' },	{ "image", '(' },
		{ "image-set", '(' },
	};
	/*
	 * For attr\s*\([^)]+[\s,]+url: the next ')' and the next "[\s,]url"
	 * at or after a position, cached because the queries only move right
	 * (so a text of many "attr(" stays linear).
	 */
	size_t next_paren = 0, next_sep = 0;
	bool have_paren = false, have_sep = false;
	for (size_t p = 0; p < v.len; p++) {
		/* Every keyword, "attr" too, starts with one of these. */
		unsigned char c0 = ascii_lower((unsigned char)v.p[p]);
		if (c0 != 'e' && c0 != 'f' && c0 != 'a' && c0 != '-' && c0 != 'u' && c0 != 'i')
			continue;
		for (size_t r = 0; r < ARRAY_SIZE(rules); r++) {
			if (!ascii_prefix_ci(v.p + p, v.len - p, rules[r].word))
				continue;
			if (!rules[r].next)
				return true;
			size_t k = skip_space(v, p + strlen(rules[r].word));
			if (k < v.len && v.p[k] == rules[r].next)
				return true;
		}
		if (!ascii_prefix_ci(v.p + p, v.len - p, "attr"))
			continue;
		size_t k = skip_space(v, p + 4);
		if (k >= v.len || v.p[k] != '(')
			continue;
		/* Some j >= k + 2 with a separator before "url", and no ')' in k+1 … j. */
		if (!have_paren || next_paren < k + 1) {
			next_paren = MAX(next_paren, k + 1);
			while (next_paren < v.len && v.p[next_paren] != ')')
				next_paren++;
			have_paren = true;
		}
		if (!have_sep || next_sep < k + 2) {
			next_sep = MAX(next_sep, k + 2);
			while (next_sep < v.len && !is_url_sep(v, next_sep))
				next_sep++;
			have_sep = true;
		}
		if (next_sep < v.len && next_sep < next_paren)
			return true;
	}
	return false;
}

struct str wt_san_check_css(struct arena *a, struct str css)
{
	struct str v = css_normalize(a, css);
	for (size_t i = 0; i < v.len; i++) {
		unsigned char c = (unsigned char)v.p[i];
		if (c <= 0x08 || c == 0x0b || (c >= 0x0e && c <= 0x1f) || c == 0x7f)
			return STR_LIT("/* invalid control char */");
		if (c == 0xef && i + 2 < v.len && (unsigned char)v.p[i + 1] == 0xbf && (unsigned char)v.p[i + 2] == 0xbd)
			return STR_LIT("/* invalid control char */");
	}
	if (css_is_insecure(v))
		return STR_LIT("/* insecure input */");
	return v;
}

/* ---------- Ids, anchors, classes ---------- */

/* Maximum length of an id in code points (MediaWiki's defence against griefers). */
#define ID_MAX_CODEPOINTS 1024

struct str wt_san_escape_id(struct arena *a, struct str id, enum wt_id_mode mode)
{
	/*
	 * Truncate to ID_MAX_CODEPOINTS code points (mb_substr counts bad bytes
	 * as one); a code point takes at least a byte, so a shorter id is whole.
	 */
	if (id.len > ID_MAX_CODEPOINTS) {
		size_t cps = 0, end = 0;
		while (end < id.len && cps < ID_MAX_CODEPOINTS) {
			size_t k;
			next_cp(id.p, id.len, end, &k);
			end += k;
			cps++;
		}
		id.len = end;
	}
	if (mode == WT_ID_HTML5) {
		char *o = arena_alloc(a, id.len + 1);
		for (size_t i = 0; i < id.len; i++) {
			char c = id.p[i];
			o[i] = (c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ') ? '_' : c;
		}
		o[id.len] = '\0';
		return (struct str){ o, id.len };
	}
	/* legacy: urlencode() with ' ' as '_', then "%3A" back to ':' and '%' to '.'. */
	static const char hexd[] = "0123456789ABCDEF";
	char *o = arena_alloc(a, id.len * 3 + 1);
	size_t n = 0;
	for (size_t i = 0; i < id.len; i++) {
		unsigned char c = (unsigned char)id.p[i];
		if (c == ' ')
			c = '_';
		if (is_ascii_alnum(c) || c == '-' || c == '_' || c == '.') {
			o[n++] = (char)c;
		} else if (c == ':') {
			o[n++] = ':';
		} else {
			o[n++] = '.';
			o[n++] = hexd[c >> 4];
			o[n++] = hexd[c & 15];
		}
	}
	o[n] = '\0';
	return (struct str){ o, n };
}

struct str wt_san_escape_id_link(struct arena *a, struct str id, enum wt_id_mode mode)
{
	struct str e = wt_san_escape_id(a, id, mode);
	if (mode != WT_ID_HTML5 || !memchr(e.p, '%', e.len))
		return e;
	/* "%XX" would be decoded by the browser: escape its '%' once more. */
	char *o = arena_alloc(a, e.len * 3 + 1);
	size_t n = 0;
	for (size_t i = 0; i < e.len; i++) {
		o[n++] = e.p[i];
		if (e.p[i] == '%' && i + 2 < e.len && is_hex((unsigned char)e.p[i + 1]) &&
		    is_hex((unsigned char)e.p[i + 2])) {
			o[n++] = '2';
			o[n++] = '5';
		}
	}
	o[n] = '\0';
	return (struct str){ o, n };
}

struct str wt_san_escape_class(struct arena *a, struct str cls)
{
	static const char ugly[] = "!\"#$%&'()*+,./:;<=>?@[]^`{|}~";
	char *o = arena_alloc(a, cls.len + 1);
	size_t n = 0;
	for (size_t i = 0; i < cls.len; i++) {
		unsigned char c = (unsigned char)cls.p[i];
		bool bad = c <= 0x20 || (c && strchr(ugly, c)) || (i == 0 && ((c >= '0' && c <= '9') || c == '-'));
		if (!bad && c == 0xc2 && i + 1 < cls.len && (unsigned char)cls.p[i + 1] == 0xa0) {
			/* U+00A0 NO-BREAK SPACE */
			bad = true;
			i++;
		}
		if (bad)
			c = '_';
		if (c == '_' && n > 0 && o[n - 1] == '_')
			continue;
		o[n++] = (char)c;
	}
	while (n > 0 && o[n - 1] == '_')
		n--;
	o[n] = '\0';
	return (struct str){ o, n };
}

struct str wt_san_normalize_section_ws(struct arena *a, struct str text)
{
	char *o = arena_alloc(a, text.len + 1);
	size_t n = 0;
	for (size_t i = 0; i < text.len; i++) {
		char c = text.p[i];
		if (c == ' ' || c == '_') {
			if (n == 0 || o[n - 1] != ' ')
				o[n++] = ' ';
			continue;
		}
		o[n++] = c;
	}
	size_t b = 0;
	while (b < n && is_php_trim((unsigned char)o[b]))
		b++;
	while (n > b && is_php_trim((unsigned char)o[n - 1]))
		n--;
	o[n] = '\0';
	return (struct str){ o + b, n - b };
}

/* ---------- Character references ---------- */

/* Elements RemexStripTagHandler puts a space for (its list of block-level tags, and br). */
static bool strip_block_tag(const char *name, size_t len)
{
	static const char *const names[] = {
		"address", "article", "aside", "blockquote", "br", "canvas", "dd", "div", "dl", "dt",
		"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
		"h6", "header", "hgroup", "hr", "li", "main", "nav", "noscript", "ol", "output",
		"p", "pre", "section", "table", "td", "tfoot", "th", "tr", "ul", "video",
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && strncasecmp(names[i], name, len) == 0)
			return true;
	return false;
}

/*
 * The end of the tag whose name starts at html[i] (just past "<" or "</"),
 * as the tokenizer's tag states read it: attribute values in quotes may
 * hold '>'. Returns the index just past the '>', or SIZE_MAX when the
 * input ends inside the tag (the tokenizer then emits nothing for it).
 * *name_len gets the length of the name.
 */
static size_t strip_tag_end(struct str html, size_t i, size_t *name_len)
{
	size_t n = i;
	while (n < html.len && !strchr(" \t\n\f\r/>", html.p[n]))
		n++;
	*name_len = n - i;
	while (n < html.len) {
		char c = html.p[n];
		if (c == '>')
			return n + 1;
		if (strchr(" \t\n\f\r/", c)) {
			n++;
			continue;
		}
		/* an attribute name (a '=' first is part of it), then maybe a value */
		n++;
		while (n < html.len && !strchr(" \t\n\f\r/>=", html.p[n]))
			n++;
		while (n < html.len && strchr(" \t\n\f\r", html.p[n]))
			n++;
		if (n < html.len && html.p[n] == '=') {
			n++;
			while (n < html.len && strchr(" \t\n\f\r", html.p[n]))
				n++;
			if (n < html.len && (html.p[n] == '"' || html.p[n] == '\'')) {
				const char *q = memchr(html.p + n + 1, html.p[n], html.len - n - 1);
				if (!q)
					return SIZE_MAX;
				n = (size_t)(q - html.p) + 1;
			} else {
				while (n < html.len && !strchr(" \t\n\f\r>", html.p[n]))
					n++;
			}
		}
	}
	return SIZE_MAX;
}

static bool ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct str wt_san_strip_all_tags(struct arena *a, struct str html)
{
	struct sbuf text;
	/* a tag's space replaces at least three of its bytes; a reference grows by a fifth at most ("&nGt;") */
	sbuf_init(&text, html.len * 2 + 1);
	bool hidden = false; /* inside <style> or <script>: text is left out */
	size_t run = 0;      /* start of the text not yet copied */
	for (size_t i = 0; i < html.len;) {
		if (html.p[i] != '<') {
			i++;
			continue;
		}
		if (!hidden)
			charref_decode_html5(&text, html.p + run, i - run);
		size_t end, name_len = 0;
		const char *name = NULL;
		if (i + 1 < html.len && ascii_alpha(html.p[i + 1])) {
			name = html.p + i + 1;
			end = strip_tag_end(html, i + 1, &name_len);
		} else if (i + 2 < html.len && html.p[i + 1] == '/' && ascii_alpha(html.p[i + 2])) {
			name = html.p + i + 2;
			end = strip_tag_end(html, i + 2, &name_len);
		} else if (i + 3 < html.len && memcmp(html.p + i, "<!--", 4) == 0) {
			/* a comment ends at "-->"; "<!-->" and "<!--->" are empty ones */
			if (i + 4 < html.len && html.p[i + 4] == '>') {
				end = i + 5;
			} else if (i + 5 < html.len && html.p[i + 4] == '-' && html.p[i + 5] == '>') {
				end = i + 6;
			} else {
				const char *c = memmem(html.p + i + 4, html.len - i - 4, "-->", 3);
				end = c ? (size_t)(c - html.p) + 3 : html.len;
			}
		} else if (i + 1 < html.len && (html.p[i + 1] == '!' || html.p[i + 1] == '?' || html.p[i + 1] == '/')) {
			/* a bogus comment, or "</>" which is nothing */
			const char *g = memchr(html.p + i + 1, '>', html.len - i - 1);
			end = g ? (size_t)(g - html.p) + 1 : html.len;
		} else {
			/* a '<' that opens nothing is text */
			run = i;
			i++;
			continue;
		}
		if (end == SIZE_MAX) {
			/* the input ends inside a tag: nothing more */
			run = end = html.len;
			break;
		}
		if (name) {
			if ((name_len == 5 && strncasecmp(name, "style", 5) == 0) ||
			    (name_len == 6 && strncasecmp(name, "script", 6) == 0))
				hidden = name[-1] != '/';
			if (strip_block_tag(name, name_len))
				sbuf_addc(&text, ' ');
		}
		i = run = end;
	}
	if (!hidden && run < html.len)
		charref_decode_html5(&text, html.p + run, html.len - run);
	struct str d = { sbuf_cstr(&text), text.len };
	/* Sanitizer::normalizeWhitespace: each run of space, tab, CR, LF one space; trimmed */
	char *o = arena_alloc(a, d.len + 1);
	size_t n = 0;
	for (size_t k = 0; k < d.len; k++) {
		bool ws = d.p[k] == ' ' || d.p[k] == '\t' || d.p[k] == '\r' || d.p[k] == '\n';
		if (ws && (n == 0 || o[n - 1] == ' '))
			continue;
		o[n++] = ws ? ' ' : d.p[k];
	}
	while (n > 0 && o[n - 1] == ' ')
		n--;
	o[n] = '\0';
	sbuf_release(&text);
	return (struct str){ o, n };
}

struct str wt_san_decode_charrefs(struct arena *a, struct str text)
{
	if (!memchr(text.p, '&', text.len))
		return text;
	char *d = charref_decode(a, text.p, text.len, NULL);
	return (struct str){ d, strlen(d) };
}

/* "&#N;" (decimal) or "&#xN;" (lower-case hex) for code point `cp`, without printf. */
static void add_numeric_ref(struct sbuf *out, uint32_t cp, bool hex)
{
	char d[16];
	size_t k = sizeof(d);
	d[--k] = ';';
	do {
		d[--k] = "0123456789abcdef"[hex ? cp % 16 : cp % 10];
		cp = hex ? cp / 16 : cp / 10;
	} while (cp);
	if (hex)
		d[--k] = 'x';
	d[--k] = '#';
	d[--k] = '&';
	sbuf_add(out, d + k, sizeof(d) - k);
}

int wt_san_normalize_charrefs(struct sbuf *out, struct str text)
{
	const char *s = text.p;
	size_t len = text.len, i = 0;
	while (i < len) {
		const char *amp = memchr(s + i, '&', len - i);
		size_t run = amp ? (size_t)(amp - (s + i)) : len - i;
		sbuf_add(out, s + i, run);
		i += run;
		if (i == len)
			break;
		struct charref ref;
		size_t n = charref_scan(s + i, len - i, &ref);
		if (n == 0) {
			sbuf_adds(out, "&amp;");
			i++;
			continue;
		}
		if (ref.kind == CHARREF_NAMED) {
			struct str nm = ref.name;
			if (str_eq(nm, "\xd7\xa8\xd7\x9c\xd7\x9e") || str_eq(nm, "\xd8\xb1\xd9\x84\xd9\x85")) {
				/* The Hebrew and Arabic spellings of "rlm" MediaWiki accepts. */
				sbuf_adds(out, "&rlm;");
			} else if (str_eq(nm, "lt") || str_eq(nm, "gt") || str_eq(nm, "amp") || str_eq(nm, "quot")) {
				sbuf_add(out, s + i, n);
			} else if (ref.text) {
				/* Each code point of the translation as a decimal reference. */
				const char *t = ref.text;
				size_t tl = strlen(t);
				for (size_t k = 0; k < tl;) {
					size_t cl;
					int32_t cp = next_cp(t, tl, k, &cl);
					if (cp < 0)
						sbuf_addf(out, "&#%d;", (int)cp);
					else
						add_numeric_ref(out, (uint32_t)cp, false);
					k += cl;
				}
			} else {
				sbuf_adds(out, "&amp;");
				sbuf_add(out, s + i + 1, n - 1);
			}
		} else if (!charref_valid_codepoint(ref.cp)) {
			sbuf_adds(out, "&amp;");
			sbuf_add(out, s + i + 1, n - 1);
		} else if (ref.kind == CHARREF_DECIMAL) {
			add_numeric_ref(out, (uint32_t)ref.cp, false);
		} else {
			add_numeric_ref(out, (uint32_t)ref.cp, true);
		}
		i += n;
	}
	return sb_rc(out);
}

/* ---------- URLs ---------- */

/* Code points the host part loses: whitespace and what IDNs ignore (RFC 8264, 9.13). */
static bool is_idn_ignored(int32_t cp)
{
	if (is_unicode_space(cp))
		return true;
	return cp == 0xad || cp == 0x34f || cp == 0x61c || (cp >= 0x115f && cp <= 0x1160) ||
	       (cp >= 0x17b4 && cp <= 0x17b5) || (cp >= 0x180b && cp <= 0x180e) || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0x3164 ||
	       (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff || cp == 0xffa0 || (cp >= 0xfff0 && cp <= 0xfff8) ||
	       (cp >= 0x1bca0 && cp <= 0x1bca3) || (cp >= 0x1d173 && cp <= 0x1d17a) || (cp >= 0xe0000 && cp <= 0xe0fff);
}

struct str wt_san_clean_url(struct arena *a, struct str url)
{
	struct str d = wt_san_decode_charrefs(a, url);
	/* Percent-encode what may not appear raw (urlencode(): ' ' is '+'). */
	char *o = arena_alloc(a, d.len * 3 + 1);
	size_t n = 0;
	static const char hexd[] = "0123456789ABCDEF";
	for (size_t i = 0; i < d.len; i++) {
		unsigned char c = (unsigned char)d.p[i];
		if (c == ' ') {
			o[n++] = '+';
		} else if (c < 0x20 || c == 0x7f || c == '[' || c == ']' || c == '<' || c == '>' || c == '"' || c == '|') {
			o[n++] = '%';
			o[n++] = hexd[c >> 4];
			o[n++] = hexd[c & 15];
		} else {
			o[n++] = (char)c;
		}
	}
	o[n] = '\0';
	/* ^([^:]+:)(//[^/]+)?(.*)$ — only when there is a ':' with something before it. */
	const char *colon = memchr(o, ':', n);
	if (!colon || colon == o)
		return (struct str){ o, n };
	size_t hs = (size_t)(colon - o) + 1;
	if (n - hs < 3 || o[hs] != '/' || o[hs + 1] != '/' || o[hs + 2] == '/')
		return (struct str){ o, n };
	size_t he = hs + 2;
	while (he < n && o[he] != '/')
		he++;
	/* Strip ignorable characters from the host part "//host". */
	char *r = arena_alloc(a, n + 1);
	memcpy(r, o, hs);
	size_t m = hs;
	for (size_t i = hs; i < he;) {
		/* ASCII is never ignorable here: the spaces and controls were percent-encoded above. */
		if ((unsigned char)o[i] < 0x80) {
			r[m++] = o[i++];
			continue;
		}
		size_t k;
		int32_t cp = next_cp(o, he, i, &k);
		if (!is_idn_ignored(cp)) {
			memcpy(r + m, o + i, k);
			m += k;
		}
		i += k;
	}
	/* "//%5B…%5D" (an IPv6 address, bracket-encoded above) gets its brackets back. */
	size_t host0 = hs;
	if (m - host0 > 8 && memcmp(r + host0, "//%5B", 5) == 0) {
		const char *close = NULL;
		for (size_t i = host0 + 5; i + 3 <= m; i++) {
			if (memcmp(r + i, "%5D", 3) == 0) {
				close = r + i;
				break;
			}
			char c = r[i];
			if (!(is_hex((unsigned char)c) || c == ':' || c == '.'))
				break;
		}
		if (close && close > r + host0 + 5) {
			size_t tail = (size_t)(close - r) + 3;
			bool port_ok = tail == m;
			if (!port_ok && r[tail] == ':') {
				port_ok = tail + 1 < m;
				for (size_t i = tail + 1; i < m; i++)
					if (r[i] < '0' || r[i] > '9')
						port_ok = false;
			}
			if (port_ok) {
				size_t addr = (size_t)(close - (r + host0 + 5));
				/* Room for the path appended below as well. */
				char *t = arena_alloc(a, m + (n - he) + 1);
				size_t q = 0;
				memcpy(t, r, host0 + 2);
				q = host0 + 2;
				t[q++] = '[';
				memcpy(t + q, r + host0 + 5, addr);
				q += addr;
				t[q++] = ']';
				memcpy(t + q, close + 3, m - tail);
				q += m - tail;
				r = t;
				m = q;
			}
		}
	}
	memcpy(r + m, o + he, n - he);
	m += n - he;
	r[m] = '\0';
	return (struct str){ r, m };
}

/* ---------- French spaces ---------- */

/* True when a word character (\w of a /u pattern: letter, number, '_') starts s[i..]. */
static bool word_char_at(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return false;
	size_t k;
	int32_t cp = next_cp(s, len, i, &k);
	return cp == '_' || is_letter_or_number(cp);
}

/* Length of a French-space trigger (? : ; ! % » ›) at s[i..], or 0. */
static size_t french_punct_at(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	char c = s[i];
	if (c == '?' || c == ':' || c == ';' || c == '!' || c == '%')
		return 1;
	if (len - i >= 2 && memcmp(s + i, "\xc2\xbb", 2) == 0)
		return 2;
	if (len - i >= 3 && memcmp(s + i, "\xe2\x80\xba", 3) == 0)
		return 3;
	return 0;
}

int wt_san_armor_french_spaces(struct sbuf *out, struct str text, struct str space)
{
	const char *s = text.p;
	size_t len = text.len;
	/*
	 * MediaWiki applies two patterns in turn: a space before the
	 * punctuation (not followed by a word character), then a space after
	 * an opening guillemet. The second sees the first one's output, but
	 * the first only replaces spaces, which the second needs, so one
	 * pass over the input gives the same result when `space` is not a
	 * plain space.
	 */
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != ' ')
			continue;
		bool armor = false;
		size_t pl = french_punct_at(s, len, i + 1);
		if (pl && !word_char_at(s, len, i + 1 + pl))
			armor = true;
		if (!armor && i >= 2 && memcmp(s + i - 2, "\xc2\xab", 2) == 0)
			armor = true;
		if (!armor && i >= 3 && memcmp(s + i - 3, "\xe2\x80\xb9", 3) == 0)
			armor = true;
		if (!armor)
			continue;
		sbuf_add(out, s + run, i - run);
		sbuf_addstr(out, space);
		run = i + 1;
	}
	sbuf_add(out, s + run, len - run);
	return sb_rc(out);
}

/* ---------- Tags ---------- */

/* The characters that end a tag name in ELEMENT_BITS_REGEX: [\t\n\v />\0] (\v: LF VT FF CR NEL). */
static bool ends_tag_name(unsigned char c)
{
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x85 || c == ' ' ||
	       c == '/' || c == '>' || c == '\0';
}

/* Append s with every '>' written as "&gt;". */
static void add_escaping_gt(struct sbuf *out, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *gt = memchr(s + i, '>', len - i);
		if (!gt)
			break;
		i = (size_t)(gt - s);
		sbuf_add(out, s + run, i - run);
		sbuf_add(out, "&gt;", 4);
		run = i + 1;
	}
	sbuf_add(out, s + run, len - run);
}

/*
 * One piece after a '<' (up to the next '<'): write it back as a tag if
 * it is an allowed one, and return true; false leaves it to the caller
 * to escape.
 */
static bool emit_tag(struct arena *a, struct sbuf *out, const char *x, size_t len, const struct wt_protocols *protos,
		     wt_san_attr_fn *cb, void *cb_data, struct wt_san_memo *memo)
{
	size_t p = 0;
	bool slash = false;
	if (p < len && x[p] == '/') {
		slash = true;
		p++;
	}
	if (p >= len || !is_ascii_alpha((unsigned char)x[p]))
		return false;
	size_t ns = p;
	while (p < len && !ends_tag_name((unsigned char)x[p]))
		p++;
	size_t ne = p;
	const char *gt = memchr(x + p, '>', len - p);
	if (!gt)
		return false;
	size_t g = (size_t)(gt - x);
	bool self_close = g > ne && x[g - 1] == '/';
	struct str params = { x + ne, (self_close ? g - 1 : g) - ne };
	if (ne - ns > ELEMENT_NAME_MAX)
		return false;
	char tbuf[ELEMENT_NAME_MAX + 1];
	for (size_t k = ns; k < ne; k++)
		tbuf[k - ns] = (char)ascii_lower((unsigned char)x[k]);
	tbuf[ne - ns] = '\0';
	struct str t = { tbuf, ne - ns };
	const struct element *e = find_element(t);
	if (!e || !(e->flags & EL_TAG))
		return false;
	if (cb)
		cb(cb_data, &params);
	if (self_close && !(e->flags & (EL_SINGLE | EL_SINGLE_ONLY)))
		self_close = false;
	/* <meta> and <link> are only for microdata: itemprop, and content or href. */
	bool microdata = str_eq(t, "meta") || str_eq(t, "link");
	struct wt_attrs attrs = { 0 };
	if (microdata) {
		if (!is_blank(params))
			wt_san_decode_attrs(a, params, &attrs);
		if (!wt_attrs_get(&attrs, "itemprop"))
			return false;
		if (str_eq(t, "meta") && !wt_attrs_get(&attrs, "content"))
			return false;
		if (str_eq(t, "link") && !wt_attrs_get(&attrs, "href"))
			return false;
		wt_san_validate_attrs(a, t, &attrs, protos);
	}
	sbuf_addc(out, '<');
	if (slash)
		sbuf_addc(out, '/');
	sbuf_addstr(out, t);
	if (microdata)
		wt_san_encode_attrs(out, &attrs, protos);
	else if (!is_blank(params))
		fix_attrs_memo(a, out, params, t, protos, memo);
	if (self_close && !(e->flags & EL_SINGLE_ONLY)) {
		/* "<li/>": an empty element, as wiki authors mean it. */
		sbuf_add(out, "></", 3);
		sbuf_addstr(out, t);
		sbuf_addc(out, '>');
	} else {
		sbuf_adds(out, self_close ? "/>" : ">");
	}
	add_escaping_gt(out, x + g + 1, len - g - 1);
	return true;
}

int wt_san_remove_html_tags(struct arena *a, struct sbuf *out, struct str text, const struct wt_protocols *protos,
			    wt_san_attr_fn *cb, void *cb_data)
{
	return wt_san_remove_html_tags_memo(a, out, text, protos, cb, cb_data, NULL);
}

int wt_san_remove_html_tags_memo(struct arena *a, struct sbuf *out, struct str text, const struct wt_protocols *protos,
				 wt_san_attr_fn *cb, void *cb_data, struct wt_san_memo *memo)
{
	if (!protos)
		protos = &default_protocols;
	text = wt_san_remove_comments(a, text);
	const char *s = text.p, *end = s + text.len;
	const char *lt = memchr(s, '<', text.len);
	add_escaping_gt(out, s, (size_t)((lt ? lt : end) - s));
	while (lt) {
		const char *x = lt + 1;
		lt = memchr(x, '<', (size_t)(end - x));
		size_t len = (size_t)((lt ? lt : end) - x);
		if (!emit_tag(a, out, x, len, protos, cb, cb_data, memo)) {
			sbuf_add(out, "&lt;", 4);
			add_escaping_gt(out, x, len);
		}
		if (out->is_toobig)
			return RC_TOOBIG;
	}
	return sb_rc(out);
}
