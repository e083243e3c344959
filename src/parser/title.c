/* SPDX-License-Identifier: MIT */
/*
 * title.c — titles as the parser sees them, against the site
 * configuration it was given (struct wt_site): MediaWiki's
 * MediaWikiTitleCodec::splitTitleString() (namespace and interwiki
 * prefixes, whitespace, fragment, the illegal-character and length
 * checks, first-letter case), the prefixed forms, and the URLs of
 * titles (wfUrlencode, $wgArticlePath, interwiki URLs).
 *
 * Namespace and interwiki names compare as MediaWiki's Language::lc()
 * does: Unicode lower case, with '_' and ' ' the same.
 */
#include <stdlib.h>
#include <utf8proc.h>

#include "../util/ipaddr.h"
#include "wt_int.h"
#include "wt_pf.h"

/* Longest namespace or interwiki name considered, in bytes. */
#define NAME_MAX_BYTES 256

/* Lower-case `s` into buf ('_' as ' '); -1 when it does not fit or is not UTF-8. */
static int fold(const char *s, size_t len, char *buf, size_t cap)
{
	size_t o = 0;
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			/* ASCII: what utf8proc's iterate, tolower and encode give, without them. */
			if (o + 4 >= cap)
				return -1;
			buf[o++] = (char)(c == '_' ? ' ' : c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return -1;
		i += (size_t)n;
		if (cp == '_')
			cp = ' ';
		cp = utf8proc_tolower(cp);
		if (o + 4 >= cap)
			return -1;
		o += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf + o);
	}
	buf[o] = '\0';
	return (int)o;
}

static bool name_is(const char *folded, int flen, const char *name)
{
	char buf[NAME_MAX_BYTES + 8];
	if (!name)
		return false;
	/*
	 * An ASCII prefix of the name folds byte for byte; most names are all
	 * ASCII and differ from the folded text early, without fold().
	 */
	size_t i = 0;
	for (; name[i] && (unsigned char)name[i] < 0x80; i++) {
		char c = name[i] == '_' ? ' ' : name[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if ((int)i >= flen || folded[i] != c)
			return false;
	}
	if (!name[i])
		return (int)i == flen;
	int n = fold(name, strlen(name), buf, sizeof(buf));
	return n == flen && memcmp(buf, folded, (size_t)n) == 0;
}

const struct wt_namespace *wt_ns_get(const struct wt_site *site, int id)
{
	for (size_t i = 0; i < site->n_ns; i++)
		if (site->ns[i].id == id)
			return &site->ns[i];
	return NULL;
}

/*
 * name_is()'s first step, inline: true when `name` cannot be the folded
 * text because its first byte is ASCII and folds to another byte (most
 * names of the table differ there).
 */
static inline bool first_differs(const char *folded, int flen, const char *name)
{
	if (!name)
		return true;
	unsigned char c = (unsigned char)name[0];
	if (c >= 0x80)
		return false;
	if (c == '_')
		c = ' ';
	else if (c >= 'A' && c <= 'Z')
		c = (unsigned char)(c + 32);
	return flen == 0 ? c != 0 : (unsigned char)folded[0] != c;
}

int wt_ns_lookup(const struct wt_site *site, const char *name, size_t len)
{
	char folded[NAME_MAX_BYTES + 8];
	if (len == 0 || len > NAME_MAX_BYTES)
		return INT32_MIN;
	int flen = fold(name, len, folded, sizeof(folded));
	if (flen < 0)
		return INT32_MIN;
	for (size_t i = 0; i < site->n_ns; i++) {
		if (site->ns[i].id == 0)
			continue;
		if ((!first_differs(folded, flen, site->ns[i].name) && name_is(folded, flen, site->ns[i].name)) ||
		    (!first_differs(folded, flen, site->ns[i].canonical) && name_is(folded, flen, site->ns[i].canonical)))
			return site->ns[i].id;
	}
	for (size_t i = 0; i < site->n_ns_aliases; i++)
		if (!first_differs(folded, flen, site->ns_aliases[i].name) && name_is(folded, flen, site->ns_aliases[i].name))
			return site->ns_aliases[i].id;
	return INT32_MIN;
}

const struct wt_interwiki *wt_iw_lookup(const struct wt_site *site, const char *prefix, size_t len)
{
	char folded[NAME_MAX_BYTES + 8];
	if (len == 0 || len > NAME_MAX_BYTES)
		return NULL;
	int flen = fold(prefix, len, folded, sizeof(folded));
	if (flen < 0)
		return NULL;
	for (size_t i = 0; i < site->n_iw; i++)
		if (!first_differs(folded, flen, site->iw[i].prefix) && name_is(folded, flen, site->iw[i].prefix))
			return &site->iw[i];
	return NULL;
}

/* Length of the whitespace character at s (the title's space class), 0 if none. */
static size_t title_space(const unsigned char *s, size_t n)
{
	if (s[0] == ' ' || s[0] == '_')
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n < 3)
		return 0;
	uint32_t cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	if ((s[0] & 0xF0) != 0xE0)
		return 0;
	if (cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000)
		return 3;
	return 0;
}

/* Bidi marks dropped from titles: U+200E, U+200F, U+202A..U+202E. */
static size_t bidi_mark(const unsigned char *s, size_t n)
{
	if (n < 3 || s[0] != 0xE2 || s[1] != 0x80)
		return 0;
	if (s[2] == 0x8E || s[2] == 0x8F || (s[2] >= 0xAA && s[2] <= 0xAE))
		return 3;
	return 0;
}

/* $wgLegalTitleChars: space %!"$&'()*,-./0-9:;=?@A-Z\^_`a-z~ and bytes >= 0x80, '+'. */
static bool legal_char(unsigned char c)
{
	if (c >= 0x80)
		return true;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	/* The punctuation of " %!\"$&'()*,-./:;=?@\\^_`~+", by byte. */
	static const bool punct[128] = {
		[' '] = 1, ['%'] = 1, ['!'] = 1, ['"'] = 1, ['$'] = 1, ['&'] = 1, ['\''] = 1, ['('] = 1,
		[')'] = 1, ['*'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, [':'] = 1, [';'] = 1,
		['='] = 1, ['?'] = 1, ['@'] = 1, ['\\'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['~'] = 1,
		['+'] = 1,
	};
	return punct[c];
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The title-invalid regex of MediaWiki: illegal bytes, %XX, &name; */
static bool has_invalid(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!legal_char(c))
			return true;
		if (c == '%' && i + 2 < n + 0 && is_hex(s[i + 1]) && is_hex(s[i + 2]))
			return true;
		if (c == '&') {
			size_t j = i + 1;
			while (j < n && (((unsigned char)s[j] >= 0x80) || (s[j] >= 'a' && s[j] <= 'z') ||
					 (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')))
				j++;
			if (j > i + 1 && j < n && s[j] == ';')
				return true;
		}
	}
	return false;
}

/* Language::ucfirst for the content language `lang`: the first code point upper-cased. */
static const char *ucfirst(struct arena *a, const char *lang, const char *s, size_t n)
{
	size_t l;
	const char *first = util_turkic_first(lang, s, n, true, &l);
	if (first)
		return arena_printf(a, "%s%.*s", first, (int)(n - l), s + l);
	if (!n || (unsigned char)s[0] < 0x61)
		return arena_strndup(a, s, n);
	if ((unsigned char)s[0] < 0x80) {
		char *r = arena_strndup(a, s, n);
		if (r[0] >= 'a' && r[0] <= 'z')
			r[0] = (char)(r[0] - 32);
		return r;
	}
	/* Language::ucfirst maps the first letter as mb_strtoupper does, fully: "ß" is "SS", "ﬁ" is "FI" */
	struct sbuf sb;
	sbuf_init(&sb, n + 16);
	wt_case(&sb, (struct str){ s, n }, WT_CASE_UCFIRST);
	char *r = arena_strndup(a, sb.p, sb.len);
	sbuf_release(&sb);
	return r;
}

/* Split "prefix_*:_*rest" at the first colon; false when there is none. */
static bool split_prefix(const char *s, size_t n, size_t *plen, size_t *rest)
{
	const char *c = n > 1 ? memchr(s + 1, ':', n - 1) : NULL;
	if (!c)
		return false;
	size_t k = (size_t)(c - s);
	for (size_t j = 0; j < k; j++)
		if (s[j] == '\n')
			return false;
	size_t e = k;
	while (e > 1 && s[e - 1] == '_')
		e--;
	size_t r = k + 1;
	while (r < n && s[r] == '_')
		r++;
	for (size_t j = r; j < n; j++)
		if (s[j] == '\n' && j + 1 != n)
			return false;
	*plen = e;
	*rest = r;
	return true;
}

static bool is_local_iw(const struct wt_site *site, const char *p, size_t n)
{
	for (size_t i = 0; i < site->n_local_interwikis; i++) {
		const char *l = site->local_interwikis[i];
		if (strlen(l) == n && strncasecmp(l, p, n) == 0)
			return true;
	}
	return false;
}

/* Title::newFromText (decode: character references decoded first) or splitTitleString (not). */
static int title_parse(struct arena *a, const struct wt_site *site, const char *text, size_t len, int default_ns,
		       struct wt_title *out, bool decode)
{
	memset(out, 0, sizeof(*out));
	out->interwiki = "";
	out->fragment = "";
	out->dbkey = "";
	out->ns = default_ns;
	/* NUL is no title character (a link target's "%00" decodes to one); the steps below read C strings. */
	if (memchr(text, '\0', len))
		return RC_INVALID;
	if (decode && memchr(text, '&', len)) {
		/* Sanitizer::decodeCharReferencesAndNormalize */
		struct str d = wt_san_decode_charrefs(a, (struct str){ text, len });
		bool ascii = true;
		for (size_t i = 0; i < d.len && ascii; i++)
			ascii = (unsigned char)d.p[i] < 0x80;
		utf8proc_uint8_t *nfc = NULL;
		/* ASCII is NFC already. */
		utf8proc_ssize_t nl = ascii ? -1
					    : utf8proc_map((const utf8proc_uint8_t *)d.p, (utf8proc_ssize_t)d.len, &nfc,
							   UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		if (nl >= 0) {
			text = arena_strndup(a, (const char *)nfc, (size_t)nl);
			len = (size_t)nl;
		} else {
			text = d.p;
			len = d.len;
		}
		xfree(nfc);
	}
	/* Spaces to '_', bidi marks out, whitespace runs to one '_'. */
	char *k = arena_alloc(a, len + 1);
	size_t n = 0;
	const unsigned char *u = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		size_t w = bidi_mark(u + i, len - i);
		if (w) {
			i += w;
			continue;
		}
		w = title_space(u + i, len - i);
		if (w) {
			if (!n || k[n - 1] != '_')
				k[n++] = '_';
			i += w;
			continue;
		}
		k[n++] = text[i++];
	}
	size_t s = 0;
	while (s < n && k[s] == '_')
		s++;
	while (n > s && k[n - 1] == '_')
		n--;
	char *key = k + s;
	n -= s;
	if (n >= 3 && util_memmem(key, n, "\xEF\xBF\xBD", 3))
		return RC_INVALID;
	if (n && key[0] == ':') {
		out->ns = 0;
		key++;
		n--;
		while (n && key[0] == '_') {
			key++;
			n--;
		}
	}
	if (!n)
		return RC_INVALID;
	for (;;) {
		size_t plen, rest;
		if (!split_prefix(key, n, &plen, &rest))
			break;
		int ns = wt_ns_lookup(site, key, plen);
		if (ns != INT32_MIN) {
			out->ns = ns;
			key += rest;
			n -= rest;
			size_t p2, r2;
			if (ns == WT_NS_TALK && split_prefix(key, n, &p2, &r2) &&
			    ((wt_ns_lookup(site, key, p2) != INT32_MIN && wt_ns_lookup(site, key, p2) != 0) ||
			     wt_iw_lookup(site, key, p2)))
				return RC_INVALID;
		} else if (wt_iw_lookup(site, key, plen)) {
			char *iw = arena_strndup(a, key, plen);
			for (char *c = iw; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c + 32);
			key += rest;
			n -= rest;
			if (is_local_iw(site, iw, plen)) {
				out->is_local_interwiki = true;
				if (!n) {
					/* An empty link to this wiki is its main page. */
					const char *mp = site->mainpage ? site->mainpage : "Main Page";
					return wt_title_parse(a, site, mp, strlen(mp), 0, out);
				}
				continue;
			}
			out->interwiki = iw;
			if (n && key[0] == ':') {
				out->ns = 0;
				key++;
				n--;
				while (n && key[0] == '_') {
					key++;
					n--;
				}
			}
		}
		break;
	}
	const char *hash = memchr(key, '#', n);
	if (hash) {
		size_t flen = n - (size_t)(hash - key) - 1;
		char *f = arena_strndup(a, hash + 1, flen);
		for (char *c = f; *c; c++)
			if (*c == '_')
				*c = ' ';
		out->fragment = f;
		/* Title::hasFragment(): an empty fragment ("Foo#") is none */
		out->has_fragment = flen > 0;
		n = (size_t)(hash - key);
		while (n && key[n - 1] == '_')
			n--;
	}
	if (has_invalid(key, n))
		return RC_INVALID;
	if (memchr(key, '.', n)) {
		if ((n == 1 && key[0] == '.') || (n == 2 && key[0] == '.' && key[1] == '.') ||
		    (n >= 2 && memcmp(key, "./", 2) == 0) || (n >= 3 && memcmp(key, "../", 3) == 0) ||
		    util_memmem(key, n, "/./", 3) || util_memmem(key, n, "/../", 4) ||
		    (n >= 2 && memcmp(key + n - 2, "/.", 2) == 0) ||
		    (n >= 3 && memcmp(key + n - 3, "/..", 3) == 0))
			return RC_INVALID;
	}
	if (n >= 3 && util_memmem(key, n, "~~~", 3))
		return RC_INVALID;
	if (n > (out->ns == WT_NS_SPECIAL ? 512u : 255u))
		return RC_INVALID;
	const struct wt_namespace *nsd = wt_ns_get(site, out->ns);
	if (!out->interwiki[0] && nsd && nsd->is_capitalized)
		out->dbkey = ucfirst(a, site->lang, key, n);
	else
		out->dbkey = arena_strndup(a, key, n);
	if (!n && !out->interwiki[0] && out->ns != 0)
		return RC_INVALID;
	/* User pages of addresses take the canonical form: "2001:db8::1" is 2001:DB8:0:0:0:0:0:1, "::" is valid */
	if (out->ns == WT_NS_USER || out->ns == WT_NS_USER_TALK)
		out->dbkey = util_ip_sanitize(a, out->dbkey);
	if (out->dbkey[0] == ':')
		return RC_INVALID;
	return RC_OK;
}

int wt_title_parse(struct arena *a, const struct wt_site *site, const char *text, size_t len, int default_ns,
		   struct wt_title *out)
{
	return title_parse(a, site, text, len, default_ns, out, true);
}

int wt_title_split(struct arena *a, const struct wt_site *site, const char *text, size_t len, int default_ns,
		   struct wt_title *out)
{
	return title_parse(a, site, text, len, default_ns, out, false);
}

const char *wt_title_prefixed(struct arena *a, const struct wt_site *site, const struct wt_title *t, bool dbkey)
{
	const struct wt_namespace *ns = wt_ns_get(site, t->ns);
	const char *nsname = ns ? ns->name : "";
	if (t->interwiki[0] && t->ns != 0 && ns && ns->canonical)
		nsname = ns->canonical;
	size_t il = strlen(t->interwiki), nl = strlen(nsname), dl = strlen(t->dbkey);
	char *r = arena_alloc(a, il + 1 + nl + 1 + dl + 1);
	char *o = r;
	memcpy(o, t->interwiki, il);
	o += il;
	if (il)
		*o++ = ':';
	memcpy(o, nsname, nl);
	o += nl;
	if (nl)
		*o++ = ':';
	memcpy(o, t->dbkey, dl);
	o[dl] = '\0';
	char from = dbkey ? ' ' : '_', to = dbkey ? '_' : ' ';
	for (char *c = strchr(r, from); c; c = strchr(c + 1, from))
		*c = to;
	return r;
}

const struct wt_protocols *wt_site_protocols(struct wt_ctx *cx)
{
	if (!cx->protocols.v) {
		cx->protocols.v = cx->site->url_protocols;
		cx->protocols.n = cx->site->n_url_protocols;
	}
	return &cx->protocols;
}

struct wt_san_memo *wt_ctx_san_memo(struct wt_ctx *cx)
{
	if (!cx->san_memo)
		cx->san_memo = wt_san_memo_new(cx->a, wt_site_protocols(cx));
	return cx->san_memo;
}

const char *wt_title_text(struct arena *a, const struct wt_title *t)
{
	char *r = arena_strdup(a, t->dbkey);
	for (char *c = strchr(r, '_'); c; c = strchr(c + 1, '_'))
		*c = ' ';
	return r;
}

const char *wt_title_full_text(struct wt_ctx *cx, const struct wt_title *t)
{
	const char *p = wt_title_prefixed(cx->a, cx->site, t, false);
	if (!t->has_fragment)
		return p;
	return wt_aprintf(cx->a, "%s#%s", p, t->fragment);
}

int wt_ctx_title(struct wt_ctx *cx, struct str s, int default_ns, struct wt_title *out)
{
	return wt_title_parse(cx->a, cx->site, s.p, s.len, default_ns, out);
}

void wt_wfurlencode(struct wt_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-_.;@$!*(),/~:", c)) {
			if (c)
				wt_buf_addc(b, (char)c);
			else
				wt_buf_adds(b, "%00");
		} else if (c == ' ') {
			wt_buf_addc(b, '+');
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			wt_buf_add(b, e, 3);
		}
	}
}

const char *wt_local_url(struct wt_ctx *cx, const struct wt_title *t, const char *query)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, 64);
	const char *pdbk = wt_title_prefixed(cx->a, cx->site, t, true);
	if (query && *query) {
		wt_buf_adds(&b, cx->site->script);
		wt_buf_adds(&b, "?title=");
		wt_wfurlencode(&b, pdbk, strlen(pdbk));
		wt_buf_addc(&b, '&');
		wt_buf_adds(&b, query);
		return b.p;
	}
	const char *ap = cx->site->articlepath;
	const char *d = strstr(ap, "$1");
	if (!d) {
		wt_buf_adds(&b, ap);
		return b.p;
	}
	wt_buf_add(&b, ap, (size_t)(d - ap));
	wt_wfurlencode(&b, pdbk, strlen(pdbk));
	wt_buf_adds(&b, d + 2);
	return b.p;
}

const char *wt_full_url(struct wt_ctx *cx, const struct wt_title *t, const char *query)
{
	if (t->interwiki[0]) {
		const struct wt_interwiki *iw = wt_iw_lookup(cx->site, t->interwiki, strlen(t->interwiki));
		struct wt_buf b;
		wt_buf_init(&b, cx->a, 64);
		struct wt_title local = *t;
		local.interwiki = "";
		const char *pdbk = wt_title_prefixed(cx->a, cx->site, &local, true);
		const char *url = iw ? iw->url : "";
		const char *d = strstr(url, "$1");
		if (d) {
			wt_buf_add(&b, url, (size_t)(d - url));
			wt_wfurlencode(&b, pdbk, strlen(pdbk));
			wt_buf_adds(&b, d + 2);
		} else {
			wt_buf_adds(&b, url);
		}
		if (query && *query) {
			wt_buf_addc(&b, strchr(b.p, '?') ? '&' : '?');
			wt_buf_adds(&b, query);
		}
		/* wfExpandUrl reassembles the URL, and an empty query loses its '?'. */
		if (b.len && b.p[b.len - 1] == '?')
			b.p[--b.len] = '\0';
		return b.p;
	}
	return wt_aprintf(cx->a, "%s%s", cx->site->server, wt_local_url(cx, t, query));
}

/* The sanitizer's id mode for a fragment mode. */
static enum wt_id_mode id_mode(enum wt_fragment_mode m)
{
	return m == WT_FRAG_LEGACY ? WT_ID_LEGACY : WT_ID_HTML5;
}

void wt_anchor_encode(struct wt_ctx *cx, struct wt_buf *b, const char *s, size_t n, bool for_link)
{
	struct str id = { s, n };
	struct str r = for_link ? wt_san_escape_id_link(cx->a, id, id_mode(cx->site->fragment_mode))
				: wt_san_escape_id(cx->a, id, id_mode(cx->site->fragment_mode));
	wt_buf_addstr(b, r);
}

void wt_fragment_url(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t)
{
	if (!t->has_fragment)
		return;
	wt_buf_addc(b, '#');
	const struct wt_interwiki *iw = t->interwiki[0] ? wt_iw_lookup(cx->site, t->interwiki, strlen(t->interwiki)) : NULL;
	struct str f = str_c(t->fragment);
	if (iw && !iw->is_local)
		wt_buf_addstr(b, wt_san_escape_id_link(cx->a, f, WT_ID_LEGACY));
	else
		wt_buf_addstr(b, wt_san_escape_id_link(cx->a, f, id_mode(cx->site->fragment_mode)));
}
