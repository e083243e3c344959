/* SPDX-License-Identifier: MIT */
/*
 * title.c — MediaWiki's title rules: text → (interwiki, namespace, dbkey,
 * fragment), with the same normalisation, the same checks in the same
 * order and the same error message keys as MediaWiki 1.39's
 * Title::newFromTextThrow() / MediaWikiTitleCodec::splitTitleString(),
 * so that query.normalized, invalid titles and their invalidreason come
 * out as the oracle's. Also the title's URL (wfUrlencode() rules), the
 * IP address canonical form used for User: titles, and the case
 * helpers shared with namespace.c and interwiki.c (title.h).
 *
 * Everything a parse produces lives in the caller's arena; the module
 * state is only the read-only tables of namespace.c and interwiki.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/types.h>

#include <utf8proc.h>

#include "../util/charref.h"
#include "../util/config.h"
#include "../util/ipaddr.h"
#include "../util/sbuf.h"
#include "title.h"

/* ---------- case mapping ---------- */

/* A code point whose upper case is more than one code point. */
struct full_upper {
	uint32_t cp;    /* the lower-case code point */
	const char *up; /* its upper case, UTF-8 */
};

/*
 * Unicode's unconditional SpecialCasing upper-case mappings (Unicode 14,
 * as PHP 8.2's mb_strtoupper() uses them), sorted by code point. All
 * other characters map one-to-one, which utf8proc_toupper() gives.
 */
static const struct full_upper full_upper[] = {
	{ 0x00df, "SS" },
	{ 0x0149, "\xca\xbcN" },
	{ 0x01f0, "J\xcc\x8c" },
	{ 0x0390, "\xce\x99\xcc\x88\xcc\x81" },
	{ 0x03b0, "\xce\xa5\xcc\x88\xcc\x81" },
	{ 0x0587, "\xd4\xb5\xd5\x92" },
	{ 0x1e96, "H\xcc\xb1" },
	{ 0x1e97, "T\xcc\x88" },
	{ 0x1e98, "W\xcc\x8a" },
	{ 0x1e99, "Y\xcc\x8a" },
	{ 0x1e9a, "A\xca\xbe" },
	{ 0x1f50, "\xce\xa5\xcc\x93" },
	{ 0x1f52, "\xce\xa5\xcc\x93\xcc\x80" },
	{ 0x1f54, "\xce\xa5\xcc\x93\xcc\x81" },
	{ 0x1f56, "\xce\xa5\xcc\x93\xcd\x82" },
	{ 0x1f80, "\xe1\xbc\x88\xce\x99" },
	{ 0x1f81, "\xe1\xbc\x89\xce\x99" },
	{ 0x1f82, "\xe1\xbc\x8a\xce\x99" },
	{ 0x1f83, "\xe1\xbc\x8b\xce\x99" },
	{ 0x1f84, "\xe1\xbc\x8c\xce\x99" },
	{ 0x1f85, "\xe1\xbc\x8d\xce\x99" },
	{ 0x1f86, "\xe1\xbc\x8e\xce\x99" },
	{ 0x1f87, "\xe1\xbc\x8f\xce\x99" },
	{ 0x1f88, "\xe1\xbc\x88\xce\x99" },
	{ 0x1f89, "\xe1\xbc\x89\xce\x99" },
	{ 0x1f8a, "\xe1\xbc\x8a\xce\x99" },
	{ 0x1f8b, "\xe1\xbc\x8b\xce\x99" },
	{ 0x1f8c, "\xe1\xbc\x8c\xce\x99" },
	{ 0x1f8d, "\xe1\xbc\x8d\xce\x99" },
	{ 0x1f8e, "\xe1\xbc\x8e\xce\x99" },
	{ 0x1f8f, "\xe1\xbc\x8f\xce\x99" },
	{ 0x1f90, "\xe1\xbc\xa8\xce\x99" },
	{ 0x1f91, "\xe1\xbc\xa9\xce\x99" },
	{ 0x1f92, "\xe1\xbc\xaa\xce\x99" },
	{ 0x1f93, "\xe1\xbc\xab\xce\x99" },
	{ 0x1f94, "\xe1\xbc\xac\xce\x99" },
	{ 0x1f95, "\xe1\xbc\xad\xce\x99" },
	{ 0x1f96, "\xe1\xbc\xae\xce\x99" },
	{ 0x1f97, "\xe1\xbc\xaf\xce\x99" },
	{ 0x1f98, "\xe1\xbc\xa8\xce\x99" },
	{ 0x1f99, "\xe1\xbc\xa9\xce\x99" },
	{ 0x1f9a, "\xe1\xbc\xaa\xce\x99" },
	{ 0x1f9b, "\xe1\xbc\xab\xce\x99" },
	{ 0x1f9c, "\xe1\xbc\xac\xce\x99" },
	{ 0x1f9d, "\xe1\xbc\xad\xce\x99" },
	{ 0x1f9e, "\xe1\xbc\xae\xce\x99" },
	{ 0x1f9f, "\xe1\xbc\xaf\xce\x99" },
	{ 0x1fa0, "\xe1\xbd\xa8\xce\x99" },
	{ 0x1fa1, "\xe1\xbd\xa9\xce\x99" },
	{ 0x1fa2, "\xe1\xbd\xaa\xce\x99" },
	{ 0x1fa3, "\xe1\xbd\xab\xce\x99" },
	{ 0x1fa4, "\xe1\xbd\xac\xce\x99" },
	{ 0x1fa5, "\xe1\xbd\xad\xce\x99" },
	{ 0x1fa6, "\xe1\xbd\xae\xce\x99" },
	{ 0x1fa7, "\xe1\xbd\xaf\xce\x99" },
	{ 0x1fa8, "\xe1\xbd\xa8\xce\x99" },
	{ 0x1fa9, "\xe1\xbd\xa9\xce\x99" },
	{ 0x1faa, "\xe1\xbd\xaa\xce\x99" },
	{ 0x1fab, "\xe1\xbd\xab\xce\x99" },
	{ 0x1fac, "\xe1\xbd\xac\xce\x99" },
	{ 0x1fad, "\xe1\xbd\xad\xce\x99" },
	{ 0x1fae, "\xe1\xbd\xae\xce\x99" },
	{ 0x1faf, "\xe1\xbd\xaf\xce\x99" },
	{ 0x1fb2, "\xe1\xbe\xba\xce\x99" },
	{ 0x1fb3, "\xce\x91\xce\x99" },
	{ 0x1fb4, "\xce\x86\xce\x99" },
	{ 0x1fb6, "\xce\x91\xcd\x82" },
	{ 0x1fb7, "\xce\x91\xcd\x82\xce\x99" },
	{ 0x1fbc, "\xce\x91\xce\x99" },
	{ 0x1fc2, "\xe1\xbf\x8a\xce\x99" },
	{ 0x1fc3, "\xce\x97\xce\x99" },
	{ 0x1fc4, "\xce\x89\xce\x99" },
	{ 0x1fc6, "\xce\x97\xcd\x82" },
	{ 0x1fc7, "\xce\x97\xcd\x82\xce\x99" },
	{ 0x1fcc, "\xce\x97\xce\x99" },
	{ 0x1fd2, "\xce\x99\xcc\x88\xcc\x80" },
	{ 0x1fd3, "\xce\x99\xcc\x88\xcc\x81" },
	{ 0x1fd6, "\xce\x99\xcd\x82" },
	{ 0x1fd7, "\xce\x99\xcc\x88\xcd\x82" },
	{ 0x1fe2, "\xce\xa5\xcc\x88\xcc\x80" },
	{ 0x1fe3, "\xce\xa5\xcc\x88\xcc\x81" },
	{ 0x1fe4, "\xce\xa1\xcc\x93" },
	{ 0x1fe6, "\xce\xa5\xcd\x82" },
	{ 0x1fe7, "\xce\xa5\xcc\x88\xcd\x82" },
	{ 0x1ff2, "\xe1\xbf\xba\xce\x99" },
	{ 0x1ff3, "\xce\xa9\xce\x99" },
	{ 0x1ff4, "\xce\x8f\xce\x99" },
	{ 0x1ff6, "\xce\xa9\xcd\x82" },
	{ 0x1ff7, "\xce\xa9\xcd\x82\xce\x99" },
	{ 0x1ffc, "\xce\xa9\xce\x99" },
	{ 0xfb00, "FF" },
	{ 0xfb01, "FI" },
	{ 0xfb02, "FL" },
	{ 0xfb03, "FFI" },
	{ 0xfb04, "FFL" },
	{ 0xfb05, "ST" },
	{ 0xfb06, "ST" },
	{ 0xfb13, "\xd5\x84\xd5\x86" },
	{ 0xfb14, "\xd5\x84\xd4\xb5" },
	{ 0xfb15, "\xd5\x84\xd4\xbb" },
	{ 0xfb16, "\xd5\x8e\xd5\x86" },
	{ 0xfb17, "\xd5\x84\xd4\xbd" },
};

/* Encode `cp` as UTF-8 into `out` (4 bytes room); returns the byte count. */
static size_t encode_cp(int32_t cp, char *out)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

/*
 * Decode one code point at `s` (`len` bytes left). Returns the bytes
 * used, or -1 for invalid UTF-8 (including surrogates and overlongs).
 */
static ssize_t decode_cp(const char *s, size_t len, int32_t *cp)
{
	return utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, cp);
}

int wiki_fold_lower(const char *s, size_t len, char *buf, size_t cap, bool spaces)
{
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		ssize_t n = decode_cp(s + i, len - i, &cp);
		if (n <= 0)
			return -1;
		i += (size_t)n;
		if (spaces && cp == '_')
			cp = ' ';
		else if (cp < 0x80)
			cp = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
		else if (cp != 0x130)
			cp = utf8proc_tolower(cp);
		if (o + 4 >= cap)
			return -1;
		o += encode_cp(cp, buf + o);
	}
	buf[o] = '\0';
	return (int)o;
}

static int cmp_full_upper(const void *key, const void *elem)
{
	uint32_t cp = *(const uint32_t *)key;
	const struct full_upper *f = elem;
	return cp < f->cp ? -1 : cp > f->cp;
}

const char *wiki_ucfirst(struct arena *a, const char *s)
{
	size_t l;
	const char *first = util_turkic_first(config.lang, s, strnlen(s, 2), true, &l);
	if (first)
		return arena_printf(a, "%s%s", first, s + l);
	unsigned char c = (unsigned char)s[0];
	/* Below '`': upper-case letters, digits and punctuation stay. */
	if (c < 0x60)
		return s;
	if (c < 0x80) {
		if (c < 'a' || c > 'z')
			return s;
		char *r = arena_strdup(a, s);
		r[0] = (char)(c - 32);
		return r;
	}
	int32_t cp;
	size_t len = strlen(s);
	ssize_t n = decode_cp(s, len, &cp);
	if (n <= 0)
		return s;
	char up[32];
	size_t up_len;
	uint32_t key = (uint32_t)cp;
	const struct full_upper *f = bsearch(&key, full_upper, ARRAY_SIZE(full_upper),
					     sizeof(full_upper[0]), cmp_full_upper);
	if (f) {
		up_len = strlen(f->up);
		memcpy(up, f->up, up_len);
	} else {
		int32_t u = utf8proc_toupper(cp);
		if (u == cp)
			return s;
		up_len = encode_cp(u, up);
	}
	char *r = arena_alloc(a, up_len + len - (size_t)n + 1);
	memcpy(r, up, up_len);
	memcpy(r + up_len, s + n, len - (size_t)n + 1);
	return r;
}

const char *wiki_uc(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	/*
	 * A full mapping turns a character of two bytes or more into at most
	 * three characters of up to three bytes: never more than 4.5 times.
	 */
	char *r = arena_alloc(a, len * 5 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			r[o++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
			i++;
			continue;
		}
		int32_t cp;
		ssize_t n = decode_cp(s + i, len - i, &cp);
		if (n <= 0)
			return s; /* not UTF-8: left as it is */
		i += (size_t)n;
		uint32_t key = (uint32_t)cp;
		const struct full_upper *f = bsearch(&key, full_upper, ARRAY_SIZE(full_upper),
						     sizeof(full_upper[0]), cmp_full_upper);
		if (f) {
			size_t m = strlen(f->up);
			memcpy(r + o, f->up, m);
			o += m;
		} else {
			o += encode_cp(utf8proc_toupper(cp), r + o);
		}
	}
	r[o] = '\0';
	return r;
}

/* ---------- wikitext escaping for message parameters ---------- */

/* One replacement of wfEscapeWikiText()'s table. */
struct esc {
	const char *from; /* text to find; "\n" stands for start of text too */
	const char *to;   /* what replaces it */
};

/*
 * The replacements, longest first where one key starts another (the
 * first match in this order is the longest at a position, as PHP's
 * strtr() picks). Magic links (ISBN, RFC, PMID) are off in MediaWiki's
 * defaults, so their "ISBN " entries are absent.
 */
static const struct esc esc_table[] = {
	{ "\n----", "\n&#45;---" }, { "\r----", "\r&#45;---" },
	{ "://", "&#58;//" },
	{ "\n#", "\n&#35;" }, { "\r#", "\r&#35;" }, { "\n*", "\n&#42;" }, { "\r*", "\r&#42;" },
	{ "\n:", "\n&#58;" }, { "\r:", "\r&#58;" }, { "\n ", "\n&#32;" }, { "\r ", "\r&#32;" },
	{ "\n\n", "\n&#10;" }, { "\r\n", "&#13;\n" }, { "\n\r", "\n&#13;" }, { "\r\r", "\r&#13;" },
	{ "\n\t", "\n&#9;" }, { "\r\t", "\r&#9;" },
	{ "__", "_&#95;" },
	{ "\"", "&#34;" }, { "&", "&#38;" }, { "'", "&#39;" }, { "<", "&#60;" }, { "=", "&#61;" },
	{ ">", "&#62;" }, { "[", "&#91;" }, { "]", "&#93;" }, { "{", "&#123;" }, { "|", "&#124;" },
	{ "}", "&#125;" }, { ";", "&#59;" },
};

/*
 * URL schemes without "//" among MediaWiki's default $wgUrlProtocols:
 * "scheme:" after a word boundary gets its colon escaped so the text
 * cannot become an external link.
 */
static const char *const colon_schemes[] = {
	"bitcoin", "geo", "magnet", "mailto", "matrix", "news", "sip", "sips", "sms", "tel", "urn", "xmpp",
};

static bool is_word_byte(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* See wiki.h. */
const char *wiki_escape_wikitext(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	/* "\n" + text, so the line-start rules apply at the start too. */
	char *in = arena_alloc(a, len + 2);
	in[0] = '\n';
	memcpy(in + 1, s, len + 1);
	/* Each byte becomes at most 6 ("{" → "&#123;"). */
	char *mid = arena_alloc(a, (len + 1) * 6 + 1);
	size_t m = 0;
	for (size_t i = 0; i < len + 1;) {
		size_t k;
		for (k = 0; k < ARRAY_SIZE(esc_table); k++) {
			size_t fl = strlen(esc_table[k].from);
			if (strncmp(in + i, esc_table[k].from, fl) == 0) {
				size_t tl = strlen(esc_table[k].to);
				memcpy(mid + m, esc_table[k].to, tl);
				m += tl;
				i += fl;
				break;
			}
		}
		if (k == ARRAY_SIZE(esc_table))
			mid[m++] = in[i++];
	}
	mid[m] = '\0';
	/* Drop the added "\n" (whatever it turned into keeps its first byte). */
	const char *t = mid + 1;
	size_t tlen = m - 1;
	/* Each ':' may become "&#58;" (5 bytes). */
	char *out = arena_alloc(a, tlen * 5 + 1);
	size_t o = 0;
	for (size_t i = 0; i < tlen;) {
		bool hit = false;
		if (i == 0 || !is_word_byte((unsigned char)t[i - 1])) {
			for (size_t k = 0; k < ARRAY_SIZE(colon_schemes); k++) {
				size_t sl = strlen(colon_schemes[k]);
				if (i + sl < tlen && strncasecmp(t + i, colon_schemes[k], sl) == 0 &&
				    t[i + sl] == ':') {
					memcpy(out + o, t + i, sl);
					o += sl;
					memcpy(out + o, "&#58;", 5);
					o += 5;
					i += sl + 1;
					hit = true;
					break;
				}
			}
		}
		if (!hit)
			out[o++] = t[i++];
	}
	out[o] = '\0';
	return out;
}

/* ---------- IP addresses (IPUtils rules, in util/ipaddr.c) ---------- */

bool wiki_ip_is_address(const char *s)
{
	return util_ip_is_address(s);
}

char *wiki_ip_sanitize(struct arena *a, const char *s)
{
	return util_ip_sanitize(a, s);
}

/* ---------- the parser ---------- */

/* Bidi controls MediaWiki removes from titles: LRM, RLM, LRE..RLO. */
static bool is_bidi(int32_t cp)
{
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e);
}

/* Characters that count as a space in titles (collapsed to one '_'). */
static bool is_title_space(int32_t cp)
{
	return cp == ' ' || cp == '_' || cp == 0xa0 || cp == 0x1680 || cp == 0x180e ||
	       (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
	       cp == 0x205f || cp == 0x3000;
}

/*
 * MediaWiki's UtfNormal cleanUp() on text that had references decoded:
 * invalid UTF-8, C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF
 * become U+FFFD; then NFC. Returns a new string in `a`.
 */
static char *clean_nfc(struct arena *a, const char *s, size_t len)
{
	/* Replacement can triple a byte (one bad byte → 3-byte U+FFFD). */
	char *c = arena_alloc(a, len * 3 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		ssize_t n = decode_cp(s + i, len - i, &cp);
		if (n <= 0) {
			cp = 0xfffd;
			n = 1;
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xfffe ||
			   cp == 0xffff) {
			cp = 0xfffd;
		}
		o += encode_cp(cp, c + o);
		i += (size_t)n;
	}
	c[o] = '\0';
	utf8proc_ssize_t n_cp = utf8proc_decompose((const utf8proc_uint8_t *)c, (utf8proc_ssize_t)o, NULL, 0,
						   UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n_cp < 0)
		return c;
	utf8proc_int32_t *buf = arena_alloc(a, ((size_t)n_cp + 1) * sizeof(*buf));
	n_cp = utf8proc_decompose((const utf8proc_uint8_t *)c, (utf8proc_ssize_t)o, buf, n_cp,
				  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n_cp < 0)
		return c;
	n_cp = utf8proc_reencode(buf, n_cp, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n_cp < 0)
		return c;
	return (char *)buf;
}

/*
 * MediaWiki's namespace-prefix pattern "^(.+?)_*:_*(.*)$" on `s`:
 * the prefix runs up to the first ':' after the first byte, less the
 * underscores just before it; the rest starts after the ':' and the
 * underscores after it. As in PCRE without /s, neither part may contain a
 * newline, except that one newline at the very end is left out of the
 * rest. Returns false when the pattern does not match.
 */
static bool split_prefix(const char *s, size_t len, size_t *pre_len, size_t *rest_off, size_t *rest_len)
{
	if (len < 2)
		return false;
	const char *colon = memchr(s + 1, ':', len - 1);
	if (!colon)
		return false;
	size_t c = (size_t)(colon - s);
	size_t p = c;
	while (p > 1 && s[p - 1] == '_')
		p--;
	if (memchr(s, '\n', p))
		return false;
	size_t r = c + 1;
	while (r < len && s[r] == '_')
		r++;
	size_t end = len;
	if (end > r && s[end - 1] == '\n')
		end--;
	if (memchr(s + r, '\n', end - r))
		return false;
	*pre_len = p;
	*rest_off = r;
	*rest_len = end - r;
	return true;
}

/* Bytes legal in titles ($wgLegalTitleChars): everything but controls, DEL and #<>[]{|}. */
static bool is_legal_byte(unsigned char c)
{
	if (c >= 0x80)
		return true;
	if (c < 0x20 || c == 0x7f)
		return false;
	return !strchr("#<>[]{|}", c);
}

static bool is_hex(unsigned char c)
{
	return isxdigit(c) != 0;
}

/*
 * The first forbidden sequence in `s`, as MediaWiki's title-invalid
 * pattern finds it: an illegal byte, "%XX", "&name;", "&#NNN;" or
 * "&#xHHH;" (lower-case x: "&#X" was decoded earlier). Returns its
 * position and length, or false when there is none.
 */
static bool find_forbidden(const char *s, size_t len, size_t *at, size_t *n)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!is_legal_byte(c)) {
			*at = i;
			*n = 1;
			return true;
		}
		if (c == '%' && i + 2 < len && is_hex((unsigned char)s[i + 1]) &&
		    is_hex((unsigned char)s[i + 2])) {
			*at = i;
			*n = 3;
			return true;
		}
		if (c != '&')
			continue;
		size_t j = i + 1;
		while (j < len && ((unsigned char)s[j] >= 0x80 || isalnum((unsigned char)s[j])))
			j++;
		if (j > i + 1 && j < len && s[j] == ';') {
			*at = i;
			*n = j + 1 - i;
			return true;
		}
		if (i + 1 < len && s[i + 1] == '#') {
			bool hex = i + 2 < len && s[i + 2] == 'x';
			size_t k = i + (hex ? 3 : 2), start = k;
			while (k < len && (hex ? is_hex((unsigned char)s[k]) : isdigit((unsigned char)s[k])))
				k++;
			if (k > start && k < len && s[k] == ';') {
				*at = i;
				*n = k + 1 - i;
				return true;
			}
		}
	}
	return false;
}

/* True for dbkeys that look like relative paths ("./", "/../", ".."). */
static bool is_relative(const char *s, size_t len)
{
	if (!memchr(s, '.', len))
		return false;
	if ((len == 1 && s[0] == '.') || (len == 2 && memcmp(s, "..", 2) == 0))
		return true;
	if ((len >= 2 && memcmp(s, "./", 2) == 0) || (len >= 3 && memcmp(s, "../", 3) == 0))
		return true;
	if (memmem(s, len, "/./", 3) || memmem(s, len, "/../", 4))
		return true;
	if ((len >= 2 && memcmp(s + len - 2, "/.", 2) == 0) || (len >= 3 && memcmp(s + len - 3, "/..", 3) == 0))
		return true;
	return false;
}

/* Copy of `s` with every `from` byte turned into `to`, in `a`. */
static char *tr(struct arena *a, const char *s, size_t len, char from, char to)
{
	char *r = arena_strndup(a, s, len);
	for (size_t i = 0; i < len; i++)
		if (r[i] == from)
			r[i] = to;
	return r;
}

/*
 * Record a failed parse in `out`: the message key, then its parameters:
 * `extra` when not NULL, then the text being parsed (`src`, `len` bytes,
 * after reference decoding) with '_' for ' ', escaped as MediaWiki
 * quotes it. The quoting is done here, only for failures, since it costs
 * several copies of the text.
 */
static int fail(struct arena *a, struct wiki_title *out, const char *key, const char *extra,
		const char *src, size_t len)
{
	out->err_key = key;
	out->n_err_params = 0;
	if (extra)
		out->err_params[out->n_err_params++] = extra;
	if (src)
		out->err_params[out->n_err_params++] = wiki_escape_wikitext(a, tr(a, src, len, ' ', '_'));
	return RC_INVALID;
}

/* The concatenation of three strings, in `a` (no printf: this is on every parse). */
static char *cat3(struct arena *a, const char *x, const char *y, const char *z)
{
	size_t lx = strlen(x), ly = strlen(y), lz = strlen(z);
	char *r = arena_alloc(a, lx + ly + lz + 1);
	memcpy(r, x, lx);
	memcpy(r + lx, y, ly);
	memcpy(r + lx + ly, z, lz + 1);
	return r;
}

/*
 * The namespace part of a prefixed title, with the ':' ("" for main).
 * Interwiki titles use canonical names (the other wiki's may differ);
 * unknown namespaces get MediaWiki's "Special:Badtitle/NS<id>" marker.
 */
static const char *ns_prefix(struct arena *a, int ns, bool external)
{
	if (ns == 0)
		return "";
	const struct wiki_ns *n = wiki_ns_get(ns);
	if (!n)
		return arena_printf(a, "%s:Badtitle/NS%d:", wiki_ns_text(WIKI_NS_SPECIAL), ns);
	return cat3(a, external ? n->canonical : n->name, ":", "");
}

/* Fill the derived strings of `out` from ns, dbkey, interwiki. */
static void fill_forms(struct arena *a, struct wiki_title *out)
{
	size_t len = strlen(out->dbkey);
	/* The strings are never written to, so equal forms share one copy (list modules make thousands). */
	out->text = memchr(out->dbkey, '_', len) ? tr(a, out->dbkey, len, '_', ' ') : out->dbkey;
	if (out->ns == 0 && !out->is_external) {
		out->prefixed = out->text;
		out->prefixed_dbkey = out->dbkey;
		return;
	}
	const char *nsp = ns_prefix(a, out->ns, out->is_external);
	const char *iwp = out->is_external ? cat3(a, out->interwiki, ":", "") : "";
	out->prefixed = cat3(a, iwp, nsp, out->text);
	char *nsd = tr(a, nsp, strlen(nsp), ' ', '_');
	out->prefixed_dbkey = cat3(a, iwp, nsd, out->dbkey);
}

int wiki_title_parse(struct arena *a, const char *text, int default_ns, struct wiki_title *out,
		     const char **err_key)
{
	memset(out, 0, sizeof(*out));
	int rc = RC_OK;
	out->ns = default_ns;
	out->interwiki = "";
	out->fragment = "";
	if (!text) {
		rc = fail(a, out, "title-invalid-empty", NULL, NULL, 0);
		goto out;
	}
	size_t len = strlen(text);

	/* 1. Character references, then (if there was any '&') clean-up and NFC. */
	const char *src = text;
	if (memchr(text, '&', len)) {
		size_t n_refs = 0;
		char *dec = charref_decode(a, text, len, &n_refs);
		src = n_refs ? clean_nfc(a, dec, strlen(dec)) : dec;
		len = strlen(src);
	}
	/* 2. Bidi marks out, spaces and underscores collapsed and trimmed. */
	char *key = arena_alloc(a, len + 1);
	size_t k = 0;
	bool pending_space = false, has_fffd = false;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		ssize_t n = decode_cp(src + i, len - i, &cp);
		if (n <= 0) {
			rc = fail(a, out, "title-invalid-utf8", NULL, src, len);
			goto out;
		}
		if (is_bidi(cp)) {
			i += (size_t)n;
			continue;
		}
		if (is_title_space(cp)) {
			pending_space = true;
			i += (size_t)n;
			continue;
		}
		if (pending_space && k > 0)
			key[k++] = '_';
		pending_space = false;
		has_fffd |= cp == 0xfffd;
		memcpy(key + k, src + i, (size_t)n);
		k += (size_t)n;
		i += (size_t)n;
	}
	key[k] = '\0';
	if (has_fffd) {
		rc = fail(a, out, "title-invalid-utf8", NULL, src, len);
		goto out;
	}
	const char *dbkey = key;
	size_t dlen = k;

	/* 3. A leading ':' means the main namespace, whatever the default. */
	if (dlen > 0 && dbkey[0] == ':') {
		out->ns = WIKI_NS_MAIN;
		dbkey++;
		dlen--;
		while (dlen > 0 && dbkey[0] == '_')
			dbkey++, dlen--;
		while (dlen > 0 && dbkey[dlen - 1] == '_')
			dlen--;
	}
	if (dlen == 0) {
		rc = fail(a, out, "title-invalid-empty", NULL, src, len);
		goto out;
	}

	/* 4. Namespace or interwiki prefix. */
	size_t pre_len, rest_off, rest_len;
	if (split_prefix(dbkey, dlen, &pre_len, &rest_off, &rest_len)) {
		int ns = wiki_ns_from_name(dbkey, pre_len);
		const struct wiki_interwiki *iw = NULL;
		if (ns != WIKI_NS_NONE) {
			const char *rest = dbkey + rest_off;
			out->ns = ns;
			/* "Talk:File:X" and "Talk:iw:X" name nothing: reject them. */
			size_t p2, o2, l2;
			if (ns == WIKI_NS_TALK && split_prefix(rest, rest_len, &p2, &o2, &l2)) {
				int ns2 = wiki_ns_from_name(rest, p2);
				if ((ns2 != WIKI_NS_NONE && ns2 != WIKI_NS_MAIN) ||
				    wiki_interwiki_find(rest, p2)) {
					rc = fail(a, out, "title-invalid-talk-namespace", NULL, src, len);
					goto out;
				}
			}
			dbkey = rest;
			dlen = rest_len;
		} else if ((iw = wiki_interwiki_find(dbkey, pre_len)) != NULL) {
			out->interwiki = iw->prefix;
			out->is_external = true;
			dbkey += rest_off;
			dlen = rest_len;
			/* "iw::Foo": the colon resets the namespace, as at the start. */
			if (dlen > 0 && dbkey[0] == ':') {
				out->ns = WIKI_NS_MAIN;
				dbkey++;
				dlen--;
				while (dlen > 0 && dbkey[0] == '_')
					dbkey++, dlen--;
				while (dlen > 0 && dbkey[dlen - 1] == '_')
					dlen--;
			}
		}
	}

	/* 5. The fragment: after the first '#', with spaces. */
	const char *hash = memchr(dbkey, '#', dlen);
	if (hash) {
		size_t off = (size_t)(hash - dbkey);
		out->fragment = tr(a, hash + 1, dlen - off - 1, '_', ' ');
		dlen = off;
		while (dlen > 0 && dbkey[dlen - 1] == '_')
			dlen--;
	}

	/* 6. The checks, in MediaWiki's order. */
	size_t at, n_bad;
	if (find_forbidden(dbkey, dlen, &at, &n_bad)) {
		rc = fail(a, out, "title-invalid-characters", arena_strndup(a, dbkey + at, n_bad), src, len);
		goto out;
	}
	if (is_relative(dbkey, dlen)) {
		rc = fail(a, out, "title-invalid-relative", NULL, src, len);
		goto out;
	}
	if (memmem(dbkey, dlen, "~~~", 3)) {
		rc = fail(a, out, "title-invalid-magic-tilde", NULL, src, len);
		goto out;
	}
	int max = out->ns != WIKI_NS_SPECIAL ? WIKI_TITLE_MAX_BYTES : WIKI_TITLE_MAX_BYTES_SPECIAL;
	if (dlen > (size_t)max) {
		out->err_num = max;
		rc = fail(a, out, "title-invalid-too-long", arena_printf(a, "%d", max), src, len);
		goto out;
	}
	const char *final = arena_strndup(a, dbkey, dlen);
	out->user_case_dbkey = final;
	/* First letter upper case, except for interwiki titles (the other wiki may care). */
	if (!out->is_external && dlen > 0) {
		const struct wiki_ns *nsd = wiki_ns_get(out->ns);
		if (!nsd || nsd->is_capitalized)
			final = wiki_ucfirst(a, final);
	}
	/* A namespace alone is not a title; "" is only fine as "#frag" or "iw:". */
	if (dlen == 0 && !out->is_external && out->ns != WIKI_NS_MAIN) {
		rc = fail(a, out, "title-invalid-empty", NULL, src, len);
		goto out;
	}
	/* One canonical spelling per IP address for User:/User talk: pages. */
	if (dlen > 0 && (out->ns == WIKI_NS_USER || out->ns == WIKI_NS_USER_TALK))
		final = wiki_ip_sanitize(a, final);
	if (final[0] == ':') {
		rc = fail(a, out, "title-invalid-leading-colon", NULL, src, len);
		goto out;
	}
	out->dbkey = final;
	fill_forms(a, out);

out:
	if (rc != RC_OK) {
		out->dbkey = out->text = out->prefixed = out->prefixed_dbkey = "";
		out->user_case_dbkey = "";
		if (err_key)
			*err_key = out->err_key;
	} else if (err_key) {
		*err_key = NULL;
	}
	return rc;
}

void wiki_title_make(struct arena *a, int ns, const char *dbkey, struct wiki_title *out)
{
	memset(out, 0, sizeof(*out));
	out->ns = ns;
	out->dbkey = arena_strdup(a, dbkey ? dbkey : "");
	out->user_case_dbkey = out->dbkey;
	out->fragment = "";
	out->interwiki = "";
	fill_forms(a, out);
}

const char *wiki_title_prefixed(struct arena *a, int ns, const char *dbkey)
{
	if (!dbkey)
		dbkey = "";
	if (ns == 0) {
		size_t len = strlen(dbkey);
		return memchr(dbkey, '_', len) ? tr(a, dbkey, len, '_', ' ') : dbkey;
	}
	struct wiki_title t;
	wiki_title_make(a, ns, dbkey, &t);
	return t.prefixed;
}

/* ---------- URLs ---------- */

/* Bytes wfUrlencode() leaves as they are. */
static bool url_keeps(unsigned char c)
{
	return isalnum(c) || (c && strchr("-_.;@$!*(),/~:", c));
}

char *wiki_urlencode(struct arena *a, const char *s)
{
	static const char hexd[] = "0123456789ABCDEF";
	size_t len = strlen(s);
	char *out = arena_alloc(a, len * 3 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && url_keeps(c)) {
			out[o++] = (char)c;
		} else if (c == ' ') {
			out[o++] = '+';
		} else {
			out[o++] = '%';
			out[o++] = hexd[c >> 4];
			out[o++] = hexd[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

/*
 * A fragment in MediaWiki's "legacy" anchor form ($wgFragmentMode's
 * first entry by default, and $wgExternalInterwikiFragmentMode): spaces
 * to '_', PHP urlencode(), then "%3A" back to ':' and every other '%'
 * to '.'.
 */
static const char *legacy_anchor(struct arena *a, const char *frag)
{
	static const char hexd[] = "0123456789ABCDEF";
	size_t len = strlen(frag);
	char *out = arena_alloc(a, len * 3 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)frag[i];
		if (c == ' ')
			c = '_';
		if (c < 0x80 && (isalnum(c) || c == '-' || c == '_' || c == '.')) {
			out[o++] = (char)c;
		} else if (c == ':') {
			out[o++] = ':';
		} else {
			out[o++] = '.';
			out[o++] = hexd[c >> 4];
			out[o++] = hexd[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

/* `pattern` with every "$1" replaced by `value`, in `a`. */
static const char *subst_1(struct arena *a, const char *pattern, const char *value)
{
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	for (const char *p = pattern; *p;) {
		if (p[0] == '$' && p[1] == '1') {
			sbuf_adds(&sb, value);
			p += 2;
		} else {
			sbuf_addc(&sb, *p++);
		}
	}
	char *r = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return r;
}

/* wfExpandUrl(): "//host" gets the server's scheme, "/path" the server. */
static const char *expand_url(struct arena *a, const char *url)
{
	const char *server = config.server ? config.server : "";
	if (url[0] == '/' && url[1] == '/') {
		const char *colon = strstr(server, "//");
		size_t n = colon ? (size_t)(colon - server) : 0;
		return arena_printf(a, "%.*s%s", (int)n, n ? server : "", url);
	}
	if (url[0] == '/')
		return arena_printf(a, "%s%s", server, url);
	return url;
}

const char *wiki_title_local_url(struct arena *a, const struct wiki_title *t)
{
	const char *path = config.articlepath ? config.articlepath : "/w/index.php?title=$1";
	return subst_1(a, path, wiki_urlencode(a, t->prefixed_dbkey));
}

const char *wiki_title_url(struct arena *a, const struct wiki_title *t)
{
	const char *url;
	if (t->is_external) {
		const struct wiki_interwiki *iw = wiki_interwiki_find(t->interwiki, strlen(t->interwiki));
		const char *nsp = ns_prefix(a, t->ns, true);
		const char *name = arena_printf(a, "%s%s", nsp, t->dbkey);
		url = iw ? subst_1(a, iw->url, wiki_urlencode(a, name)) : wiki_urlencode(a, name);
	} else {
		url = wiki_title_local_url(a, t);
	}
	if (t->fragment && *t->fragment)
		url = arena_printf(a, "%s#%s", url, legacy_anchor(a, t->fragment));
	return expand_url(a, url);
}

int wiki_title_key_cmp(const struct wiki_title *x, const struct wiki_title *y)
{
	int c = strcmp(x->interwiki ? x->interwiki : "", y->interwiki ? y->interwiki : "");
	if (c != 0)
		return c;
	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return strcmp(x->dbkey, y->dbkey);
}

bool wiki_title_is_subpage(const struct wiki_title *t)
{
	const struct wiki_ns *ns = wiki_ns_get(t->ns);
	return !t->is_external && ns && ns->has_subpages && strchr(t->dbkey, '/') != NULL;
}
