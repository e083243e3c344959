/* SPDX-License-Identifier: MIT */
/*
 * extlinks.c — external links and magic links, as MediaWiki's
 * Parser::handleExternalLinks() and handleMagicLinks() make them:
 *   - "[url text]" with a known protocol: <a rel="nofollow" class=
 *     "external text" href=...>, numbered "[1]" when there is no text;
 *     a text that is an image URL becomes an <img>;
 *   - free URLs in the text ("http://..."), with trailing punctuation
 *     and entities for < > and no-break spaces left out of the URL;
 *   - "RFC 123", "PMID 123" and "ISBN ..." as 1.39 configures them.
 * Text inside <a>...</a> and inside tags is left alone. Both passes are
 * single left-to-right scans.
 */
#include <strings.h>
#include <utf8proc.h>

#include "wt_int.h"
#include "wt_pf.h"

/* Decode one UTF-8 code point at p (at most n bytes); its length (0 on error). */
static size_t cp_at(const char *p, size_t n, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)n, &c);
	if (l <= 0) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return (size_t)l;
}

/* \p{Zs}: Unicode space separators. */
static bool is_zs(int32_t c)
{
	return c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
	       c == 0x3000;
}

/* EXT_LINK_URL_CLASS: length of the URL character at p, 0 when it is not one. */
static size_t url_char(const char *p, size_t n)
{
	unsigned char c = (unsigned char)p[0];
	if (c < 0x80) {
		if (c <= 0x20 || c == 0x7f || c == '[' || c == ']' || c == '<' || c == '>' || c == '"')
			return 0;
		return 1;
	}
	int32_t cp;
	size_t l = cp_at(p, n, &cp);
	if (cp < 0)
		return 1;
	if (is_zs(cp) || cp == 0xFFFD)
		return 0;
	return l;
}

/* PCRE \w with Unicode properties: letters, numbers, underscore. */
static bool word_cp(int32_t c)
{
	if (c == '_')
		return true;
	if (c < 0)
		return false;
	utf8proc_category_t cat = utf8proc_category(c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* \w for an ASCII byte. */
/* ASCII letters, digits and '_' (PCRE's \w without the u flag). */
static const bool word_byte[256] = {
	['0'] = true, ['1'] = true, ['2'] = true, ['3'] = true, ['4'] = true, ['5'] = true, ['6'] = true,
	['7'] = true, ['8'] = true, ['9'] = true, ['_'] = true,
	['A'] = true, ['B'] = true, ['C'] = true, ['D'] = true, ['E'] = true, ['F'] = true, ['G'] = true,
	['H'] = true, ['I'] = true, ['J'] = true, ['K'] = true, ['L'] = true, ['M'] = true, ['N'] = true,
	['O'] = true, ['P'] = true, ['Q'] = true, ['R'] = true, ['S'] = true, ['T'] = true, ['U'] = true,
	['V'] = true, ['W'] = true, ['X'] = true, ['Y'] = true, ['Z'] = true,
	['a'] = true, ['b'] = true, ['c'] = true, ['d'] = true, ['e'] = true, ['f'] = true, ['g'] = true,
	['h'] = true, ['i'] = true, ['j'] = true, ['k'] = true, ['l'] = true, ['m'] = true, ['n'] = true,
	['o'] = true, ['p'] = true, ['q'] = true, ['r'] = true, ['s'] = true, ['t'] = true, ['u'] = true,
	['v'] = true, ['w'] = true, ['x'] = true, ['y'] = true, ['z'] = true,
};

static bool ascii_word(char c)
{
	return word_byte[(unsigned char)c];
}

/* Is the character ending just before `i` a word character? */
static bool word_before(struct str t, size_t i)
{
	if (!i)
		return false;
	if ((unsigned char)t.p[i - 1] < 0x80)
		return ascii_word(t.p[i - 1]);
	size_t k = i - 1;
	while (k > 0 && ((unsigned char)t.p[k] & 0xC0) == 0x80 && i - k < 4)
		k--;
	int32_t cp;
	cp_at(t.p + k, i - k, &cp);
	return word_cp(cp);
}

static bool word_at(struct str t, size_t i)
{
	if (i >= t.len)
		return false;
	if ((unsigned char)t.p[i] < 0x80)
		return ascii_word(t.p[i]);
	int32_t cp;
	cp_at(t.p + i, t.len - i, &cp);
	return word_cp(cp);
}

/* wfMatchesDomainList: the URL's host ends with one of the domains. */
static bool domain_listed(struct wt_ctx *cx, struct str url)
{
	const char *h = util_memmem(url.p, url.len, "//", 2);
	if (!h)
		return false;
	h += 2;
	size_t hl = 0;
	while (h + hl < url.p + url.len && h[hl] != '/' && h[hl] != '?' && h[hl] != '#' && h[hl] != ':' && h[hl])
		hl++;
	for (size_t i = 0; i < cx->site->n_nofollow_exceptions; i++) {
		const char *d = cx->site->nofollow_exceptions[i];
		size_t dl = strlen(d);
		/* wfMatchesDomainList compares the host as written: "MediaWiki.Org" is not "mediawiki.org". */
		if (dl <= hl && memcmp(h + hl - dl, d, dl) == 0 && (dl == hl || h[hl - dl - 1] == '.'))
			return true;
	}
	return false;
}

struct str wt_extlink_rel(struct wt_ctx *cx, struct str url)
{
	const char *target = cx->site->external_link_target;
	bool nofollow = cx->site->nofollow_links && !domain_listed(cx, url);
	struct wt_buf rel;
	wt_buf_init(&rel, cx->a, 32);
	if (nofollow)
		wt_buf_adds(&rel, "nofollow");
	if (target && *target && strcmp(target, "_self") && strcmp(target, "_parent") && strcmp(target, "_top")) {
		if (rel.len)
			wt_buf_addc(&rel, ' ');
		wt_buf_adds(&rel, "noreferrer noopener");
	}
	return wt_buf_str(&rel);
}

/* Linker::makeExternalLink with Parser::getExternalLinkAttribs. `text` is HTML unless `escape` (ENT_COMPAT). */
static void external_link(struct wt_ctx *cx, struct wt_buf *b, struct str url, struct str text, bool escape,
			  const char *linktype)
{
	const char *target = cx->site->external_link_target;
	bool magic = strncmp(linktype, "mw-magiclink", 12) == 0;
	wt_buf_adds(b, "<a");
	/*
	 * Magic links come without attributes of their own (makeExternalLink
	 * sets class, then rel); the others bring getExternalLinkAttribs'
	 * rel and target, which come before the class.
	 */
	if (magic) {
		wt_html_attr(b, STR_LIT("class"), str_c(wt_aprintf(cx->a, "external %s", linktype)));
		if (cx->site->nofollow_links && !domain_listed(cx, url))
			wt_html_attr(b, STR_LIT("rel"), STR_LIT("nofollow"));
		wt_html_attr(b, STR_LIT("href"), url);
		goto text;
	}
	if (target && *target)
		wt_html_attr(b, STR_LIT("target"), str_c(target));
	struct str rel = wt_extlink_rel(cx, url);
	if (rel.len)
		wt_html_attr(b, STR_LIT("rel"), rel);
	/* "external " and the link type, without printf (one per link). */
	size_t tl = strlen(linktype);
	char *cls = arena_alloc(cx->a, 9 + tl + 1);
	memcpy(cls, "external ", 9);
	memcpy(cls + 9, linktype, tl + 1);
	wt_html_attr(b, STR_LIT("class"), (struct str){ cls, 9 + tl });
	wt_html_attr(b, STR_LIT("href"), url);
text:
	wt_buf_addc(b, '>');
	if (escape)
		wt_buf_add_html_compat(b, text.p, text.len);
	else
		wt_buf_addstr(b, text);
	wt_buf_adds(b, "</a>");
}

/* EXT_IMAGE_REGEX: an http(s) URL of a .gif/.png/.jpg/.jpeg file. */
static bool is_image_url(struct str u)
{
	size_t p;
	if (u.len > 7 && strncmp(u.p, "http://", 7) == 0)
		p = 7;
	else if (u.len > 8 && strncmp(u.p, "https://", 8) == 0)
		p = 8;
	else
		return false;
	const char *slash = NULL;
	for (size_t i = p; i < u.len; i++) {
		size_t l = url_char(u.p + i, u.len - i);
		if (!l)
			return false;
		if (u.p[i] == '/')
			slash = u.p + i;
		i += l - 1;
	}
	if (!slash || slash == u.p + p)
		return false;
	const char *dot = NULL;
	for (const char *c = slash + 1; c < u.p + u.len; c++) {
		unsigned char ch = (unsigned char)*c;
		if (!(ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      strchr("_.,~%-+&;#*?!=()@", ch)))
			return false;
		if (ch == '.')
			dot = c;
	}
	if (!dot || dot == slash + 1)
		return false;
	size_t el = (size_t)(u.p + u.len - dot - 1);
	const char *e = dot + 1;
	return (el == 3 && (strncasecmp(e, "gif", 3) == 0 || strncasecmp(e, "png", 3) == 0 ||
			    strncasecmp(e, "jpg", 3) == 0)) ||
	       (el == 4 && strncasecmp(e, "jpeg", 4) == 0);
}

/* maybeMakeExternalImage: an <img> for an image URL, or an empty view. */
static struct str external_image(struct wt_ctx *cx, struct str url)
{
	if (!cx->site->allow_external_images || !is_image_url(url))
		return (struct str){ NULL, 0 };
	const char *base = url.p;
	for (size_t i = 0; i < url.len; i++)
		if (url.p[i] == '/')
			base = url.p + i + 1;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, url.len * 2 + 32);
	wt_buf_adds(&b, "<img");
	wt_html_attr(&b, STR_LIT("src"), url);
	wt_html_attr(&b, STR_LIT("alt"), (struct str){ base, (size_t)(url.p + url.len - base) });
	wt_buf_adds(&b, " />");
	return wt_buf_str(&b);
}

static struct str clean_url(struct wt_ctx *cx, struct str url)
{
	return wt_san_clean_url(cx->a, url);
}

/* Position of the first "&lt;" or "&gt;" in s, or s.len. */
static size_t first_ltgt(struct str s)
{
	for (size_t i = 0; i + 3 < s.len; i++)
		if (s.p[i] == '&' && (s.p[i + 1] == 'l' || s.p[i + 1] == 'g') && s.p[i + 2] == 't' && s.p[i + 3] == ';')
			return i;
	return s.len;
}

/*
 * Where the text of a bracketed link can end: the first ']', C0 control
 * other than the tab (EXT_LINK_TEXT_CLASS) or U+FFFD at or after `from`.
 * Every '[' of a page looks for it, so the pass keeps the last answer:
 * with no ']' further on, 10^5 openers would otherwise rescan the rest
 * of the page each (quadratic).
 */
struct stop_cache {
	size_t from; /* the scan started here */
	size_t stop; /* first stop at or after `from`, t.len when none */
	bool is_set; /* from and stop hold an answer */
};

/* The first stop at or after `s` (see struct stop_cache). */
static size_t text_stop(struct str t, size_t s, struct stop_cache *c)
{
	if (c->is_set && c->from <= s && s <= c->stop)
		return c->stop;
	size_t e = s;
	while (e < t.len) {
		unsigned char ch = (unsigned char)t.p[e];
		if (ch == ']' || ch <= 0x08 || (ch >= 0x0a && ch <= 0x1f))
			break;
		if (ch == 0xEF && e + 2 < t.len && (unsigned char)t.p[e + 1] == 0xBF && (unsigned char)t.p[e + 2] == 0xBD)
			break;
		e++;
	}
	c->from = s;
	c->stop = e;
	c->is_set = true;
	return e;
}

/* Length of a bracketed link "[proto..." at t[i], with the URL and text; 0 when none. */
static size_t bracketed(struct wt_ctx *cx, struct str t, size_t i, struct str *url, struct str *text,
			struct stop_cache *stops)
{
	size_t p = i + 1;
	size_t pl = wt_protocol_len(cx, t.p + p, t.len - p);
	if (!pl)
		return 0;
	size_t u = p + pl;
	/* EXT_LINK_ADDR: digits and dots, a bracketed IPv6 address, or one URL character. */
	size_t a0 = u;
	while (u < t.len && ((t.p[u] >= '0' && t.p[u] <= '9') || t.p[u] == '.'))
		u++;
	if (u == a0) {
		if (u < t.len && t.p[u] == '[') {
			size_t k = u + 1;
			while (k < t.len && (strchr("0123456789abcdefABCDEF:.", t.p[k]) && t.p[k]))
				k++;
			if (k > u + 1 && k < t.len && t.p[k] == ']')
				u = k + 1;
		}
		if (u == a0) {
			size_t l = u < t.len ? url_char(t.p + u, t.len - u) : 0;
			if (!l)
				return 0;
			u += l;
		}
	}
	for (;;) {
		size_t l = u < t.len ? url_char(t.p + u, t.len - u) : 0;
		if (!l)
			break;
		u += l;
	}
	*url = (struct str){ t.p + p, u - p };
	size_t s = u;
	for (;;) {
		int32_t cp;
		if (s >= t.len)
			break;
		size_t l = cp_at(t.p + s, t.len - s, &cp);
		if (!is_zs(cp))
			break;
		s += l;
	}
	size_t e = text_stop(t, s, stops);
	if (e >= t.len || t.p[e] != ']')
		return 0;
	*text = (struct str){ t.p + s, e - s };
	return e + 1 - i;
}

struct str wt_pass_external_links(struct wt_ctx *cx, struct str t)
{
	if (!memchr(t.p, '[', t.len))
		return t;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + t.len / 4 + 64);
	size_t i = 0, start = 0;
	struct stop_cache stops = { 0, 0, false };
	while (i < t.len) {
		const char *lb = memchr(t.p + i, '[', t.len - i);
		if (!lb)
			break;
		i = (size_t)(lb - t.p);
		struct str url, text;
		size_t ml = bracketed(cx, t, i, &url, &text, &stops);
		if (!ml) {
			i++;
			continue;
		}
		wt_buf_add(&b, t.p + start, i - start);
		i += ml;
		/* The trail: text up to the next bracketed link; only its letters join the link. */
		size_t cut = first_ltgt(url);
		if (cut < url.len) {
			struct str rest = { url.p + cut, url.len - cut };
			text = str_c(wt_aprintf(cx->a, "%.*s %.*s", (int)rest.len, rest.p, (int)text.len, text.p));
			url.len = cut;
		}
		struct str img = external_image(cx, text);
		if (img.p)
			text = img;
		const char *linktype = "text";
		struct str dtrail = { "", 0 };
		if (!text.len) {
			/* "[" . formatNum( ++autonumber ) . "]" in the content language. */
			struct sbuf nb;
			sbuf_init(&nb, 128);
			sbuf_addc(&nb, '[');
			wt_formatnum(&nb, str_c(wt_aprintf(cx->a, "%d", ++cx->link_id)), WT_FORMATNUM_GROUP,
				     wt_lang_index(cx->site));
			sbuf_addc(&nb, ']');
			text = str_c(arena_strndup(cx->a, nb.p, nb.len));
			sbuf_release(&nb);
			linktype = "autonumber";
		} else {
			struct str trail = { t.p + i, t.len - i }, rest;
			wt_split_trail(cx, trail, &dtrail, &rest);
			i += dtrail.len;
		}
		if (cx->lconv)
			text = wt_lconv_protect_url_text(cx, text);
		url = clean_url(cx, url);
		external_link(cx, &b, url, text, false, linktype);
		wt_buf_addstr(&b, dtrail);
		wt_out_extlink(cx, arena_strndup(cx->a, url.p, url.len));
		start = i;
	}
	if (!start)
		return t;
	wt_buf_add(&b, t.p + start, t.len - start);
	return wt_buf_str(&b);
}

/* SPACE_NOT_NL at t[i]: tab, &nbsp;, &#160; forms, \p{Zs}; its length or 0. */
static size_t space_not_nl(struct str t, size_t i)
{
	if (i >= t.len)
		return 0;
	if (t.p[i] == '\t')
		return 1;
	if (t.p[i] == '&') {
		if (t.len - i >= 6 && memcmp(t.p + i, "&nbsp;", 6) == 0)
			return 6;
		size_t k = i + 1;
		if (k < t.len && t.p[k] == '#') {
			k++;
			bool hex = k < t.len && (t.p[k] == 'x' || t.p[k] == 'X');
			if (hex)
				k++;
			while (k < t.len && t.p[k] == '0')
				k++;
			if (hex) {
				if (t.len - k >= 3 && (t.p[k] == 'a' || t.p[k] == 'A') && t.p[k + 1] == '0' && t.p[k + 2] == ';')
					return k + 3 - i;
			} else if (t.len - k >= 4 && memcmp(t.p + k, "160;", 4) == 0) {
				return k + 4 - i;
			}
		}
		return 0;
	}
	int32_t cp;
	size_t l = cp_at(t.p + i, t.len - i, &cp);
	return is_zs(cp) ? l : 0;
}

/* One or more SPACE_NOT_NL (possessive); 0 when none. */
static size_t spaces(struct str t, size_t i)
{
	size_t k = i, l;
	while ((l = space_not_nl(t, k)))
		k += l;
	return k - i;
}

/* ISBN body at i: (97[89] spdash?)? ([0-9] spdash?){9} [0-9Xx] \b; its length or 0. */
static size_t isbn_body(struct str t, size_t i, bool prefix)
{
	size_t k = i;
	if (prefix) {
		if (t.len - k < 3 || t.p[k] != '9' || t.p[k + 1] != '7' || (t.p[k + 2] != '8' && t.p[k + 2] != '9'))
			return 0;
		k += 3;
		size_t sd = k < t.len && t.p[k] == '-' ? 1 : space_not_nl(t, k);
		/* The optional separator: try with it, then without. */
		if (sd) {
			size_t r = isbn_body(t, k + sd, false);
			if (r)
				return k + sd + r - i;
		}
		size_t r = isbn_body(t, k, false);
		return r ? k + r - i : 0;
	}
	/* Nine digits each followed by an optional separator, then the check digit; backtracking over separators. */
	size_t pos[10];
	int d = 0;
	size_t cur = k;
	while (d < 9) {
		if (cur >= t.len || t.p[cur] < '0' || t.p[cur] > '9')
			return 0;
		cur++;
		size_t sd = cur < t.len && t.p[cur] == '-' ? 1 : space_not_nl(t, cur);
		pos[d++] = cur;
		cur += sd;
	}
	(void)pos;
	if (cur < t.len && ((t.p[cur] >= '0' && t.p[cur] <= '9') || t.p[cur] == 'X' || t.p[cur] == 'x') &&
	    !word_at(t, cur + 1))
		return cur + 1 - k;
	return 0;
}

/* Linker::makeExternalLink for RFC/PMID and the BookSources link for ISBN. */
static size_t magic_word(struct wt_ctx *cx, struct str t, size_t i, struct wt_buf *b)
{
	if (word_before(t, i))
		return 0;
	bool rfc = t.len - i >= 3 && memcmp(t.p + i, "RFC", 3) == 0;
	bool pmid = !rfc && t.len - i >= 4 && memcmp(t.p + i, "PMID", 4) == 0;
	bool isbn = !rfc && !pmid && t.len - i >= 4 && memcmp(t.p + i, "ISBN", 4) == 0;
	if (!rfc && !pmid && !isbn)
		return 0;
	size_t k = i + (rfc ? 3 : 4);
	size_t sp = spaces(t, k);
	if (!sp)
		return 0;
	k += sp;
	if (rfc || pmid) {
		size_t d = k;
		while (d < t.len && t.p[d] >= '0' && t.p[d] <= '9')
			d++;
		if (d == k || word_at(t, d))
			return 0;
		if ((rfc && !cx->site->magic_rfc) || (pmid && !cx->site->magic_pmid))
			return 0;
		char *id = arena_strndup(cx->a, t.p + k, d - k);
		const char *url = wt_msg(cx, rfc ? "rfcurl" : "pubmedurl", id, NULL, NULL);
		wt_tracking_category(cx, rfc ? "magiclink-tracking-rfc" : "magiclink-tracking-pmid");
		external_link(cx, b, str_c(url), str_c(wt_aprintf(cx->a, "%s %s", rfc ? "RFC" : "PMID", id)), true,
			      rfc ? "mw-magiclink-rfc" : "mw-magiclink-pmid");
		return d - i;
	}
	if (!cx->site->magic_isbn)
		return 0;
	size_t l = isbn_body(t, k, true);
	if (!l)
		l = isbn_body(t, k, false);
	if (!l)
		return 0;
	struct str raw = { t.p + k, l };
	struct wt_buf ib, num;
	wt_buf_init(&ib, cx->a, l + 1);
	wt_buf_init(&num, cx->a, l + 1);
	for (size_t j = 0; j < raw.len;) {
		size_t s = space_not_nl(raw, j);
		if (s && raw.p[j] != '-') {
			wt_buf_addc(&ib, ' ');
			j += s;
			continue;
		}
		char c = raw.p[j++];
		wt_buf_addc(&ib, c);
		if (c != '-' && c != ' ')
			wt_buf_addc(&num, c == 'x' ? 'X' : c);
	}
	wt_tracking_category(cx, "magiclink-tracking-isbn");
	struct wt_title bs;
	const char *target = wt_aprintf(cx->a, "Special:BookSources/%s", num.p);
	if (wt_ctx_title(cx, str_c(target), 0, &bs) != RC_OK)
		return 0;
	wt_buf_adds(b, "<a href=\"");
	const char *u = wt_local_url(cx, &bs, NULL);
	wt_buf_add_html(b, u, strlen(u));
	wt_buf_adds(b, "\" class=\"internal mw-magiclink-isbn\">ISBN ");
	wt_buf_add_html(b, ib.p, ib.len);
	wt_buf_adds(b, "</a>");
	return k + l - i;
}

/* makeFreeExternalLink for the URL t[i..i+len), `post` bytes after the protocol. */
static void free_link(struct wt_ctx *cx, struct wt_buf *b, struct str url, size_t post)
{
	struct str trail = { "", 0 };
	for (size_t k = 0; k < url.len; k++) {
		if (url.p[k] != '&')
			continue;
		static const char *const ends[] = { "&lt;", "&gt;", "&nbsp;", NULL };
		bool cut = false;
		for (int e = 0; ends[e] && !cut; e++)
			cut = url.len - k >= strlen(ends[e]) && memcmp(url.p + k, ends[e], strlen(ends[e])) == 0;
		if (!cut && k + 2 < url.len && url.p[k + 1] == '#') {
			size_t j = k + 2;
			bool hex = url.p[j] == 'x';
			if (hex)
				j++;
			while (j < url.len && url.p[j] == '0')
				j++;
			if (hex)
				cut = url.len - j >= 3 && ((url.p[j] == '3' && strchr("CcEe", url.p[j + 1]) && url.p[j + 1]) ||
							   ((url.p[j] == 'A' || url.p[j] == 'a') && url.p[j + 1] == '0')) &&
				      url.p[j + 2] == ';';
			else
				cut = (url.len - j >= 3 &&
				       (memcmp(url.p + j, "60;", 3) == 0 || memcmp(url.p + j, "62;", 3) == 0)) ||
				      (url.len - j >= 4 && memcmp(url.p + j, "160;", 4) == 0);
		}
		if (cut) {
			trail = (struct str){ url.p + k, url.len - k };
			url.len = k;
			break;
		}
	}
	/*
	 * Parser::makeFreeExternalLink's $sep is the PHP single-quoted
	 * ',;\.:!?': the backslash is one of the characters cut too.
	 */
	const char *sep = memchr(url.p, '(', url.len) ? ",;\\.:!?" : ",;\\.:!?)";
	size_t n = 0;
	while (n < url.len && strchr(sep, url.p[url.len - 1 - n]))
		n++;
	if (n && url.p[url.len - n] == ';') {
		/* Keep a trailing entity whole: &name; &#123; &#x1f; */
		size_t e = url.len - n;
		size_t k = e;
		while (k > 0 && ((url.p[k - 1] >= 'a' && url.p[k - 1] <= 'z') || (url.p[k - 1] >= 'A' && url.p[k - 1] <= 'Z') ||
				 (url.p[k - 1] >= '0' && url.p[k - 1] <= '9')))
			k--;
		if (k < e && k > 0) {
			bool ent = false;
			if (url.p[k - 1] == '&') {
				ent = true;
				for (size_t j = k; j < e && ent; j++)
					ent = (url.p[j] >= 'a' && url.p[j] <= 'z') || (url.p[j] >= 'A' && url.p[j] <= 'Z');
			} else if (url.p[k - 1] == '#' && k > 1 && url.p[k - 2] == '&' && (url.p[k] == 'x' || url.p[k] == 'X')) {
				ent = k + 1 < e;
				for (size_t j = k + 1; j < e && ent; j++)
					ent = strchr("0123456789abcdefABCDEF", url.p[j]) && url.p[j];
			} else if (url.p[k - 1] == '#' && k > 1 && url.p[k - 2] == '&') {
				ent = true;
				for (size_t j = k; j < e && ent; j++)
					ent = url.p[j] >= '0' && url.p[j] <= '9';
			}
			if (ent)
				n--;
		}
	}
	if (n) {
		trail = str_c(wt_aprintf(cx->a, "%.*s%.*s", (int)n, url.p + url.len - n, (int)trail.len, trail.p));
		url.len -= n;
	}
	if (trail.len >= post) {
		wt_buf_addstr(b, url);
		wt_buf_addstr(b, trail);
		return;
	}
	url = clean_url(cx, url);
	struct str img = external_image(cx, url);
	if (img.p) {
		wt_buf_addstr(b, img);
	} else {
		external_link(cx, b, url, cx->lconv ? wt_lconv_no_conversion(cx, url) : url, true, "free");
		wt_out_extlink(cx, arena_strndup(cx->a, url.p, url.len));
	}
	wt_buf_addstr(b, trail);
}

/* A free URL at t[i] (protocol without "//" relative ones); its length and the part after the protocol. */
static size_t free_url(struct wt_ctx *cx, struct str t, size_t i, size_t *post)
{
	size_t pl = 0;
	char c0 = (char)((t.p[i] >= 'A' && t.p[i] <= 'Z') ? t.p[i] + 32 : t.p[i]);
	for (size_t k = 0; k < cx->site->n_url_protocols; k++) {
		const char *pr = cx->site->url_protocols[k];
		if (pr[0] != c0 || strcmp(pr, "//") == 0)
			continue; /* the protocols are lower case; most text starts none */
		/* The rest of the protocol, ASCII case ignored (the protocols are lower case). */
		size_t l = 1;
		for (; pr[l] && i + l < t.len; l++) {
			char c = t.p[i + l];
			if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != pr[l])
				break;
		}
		if (!pr[l]) {
			pl = l;
			break;
		}
	}
	if (!pl)
		return 0;
	size_t u = i + pl, a0 = u;
	while (u < t.len && ((t.p[u] >= '0' && t.p[u] <= '9') || t.p[u] == '.'))
		u++;
	if (u == a0) {
		if (u < t.len && t.p[u] == '[') {
			size_t k = u + 1;
			while (k < t.len && strchr("0123456789abcdefABCDEF:.", t.p[k]) && t.p[k])
				k++;
			if (k > u + 1 && k < t.len && t.p[k] == ']')
				u = k + 1;
		}
		if (u == a0) {
			size_t l = u < t.len ? url_char(t.p + u, t.len - u) : 0;
			if (!l)
				return 0;
			u += l;
		}
	}
	for (;;) {
		size_t l = u < t.len ? url_char(t.p + u, t.len - u) : 0;
		if (!l)
			break;
		u += l;
	}
	*post = u - i - pl;
	return u - i;
}

/*
 * The next `needle` at or after `from` and before `end` (the end of the
 * line), remembered: a line of 10^5 '<' without '>' or "</a>" would
 * otherwise be searched to its end once per '<' (quadratic).
 */
struct next_cache {
	size_t from; /* the search started here */
	size_t at;   /* where the needle is, `end` when it is not there */
	bool is_set; /* from and at hold an answer */
};

static size_t next_in_line(struct str t, size_t from, size_t end, const char *needle, size_t nlen,
			   struct next_cache *c)
{
	if (c->is_set && c->from <= from && from <= c->at && c->at <= end)
		return c->at;
	const char *f = util_memmem(t.p + from, end - from, needle, nlen);
	c->from = from;
	c->at = f ? (size_t)(f - t.p) : end;
	c->is_set = true;
	return c->at;
}

struct str wt_pass_magic_links(struct wt_ctx *cx, struct str t)
{
	struct wt_buf b; /* the output, made at the first change (most texts have none) */
	bool have_b = false;
	size_t start = 0;
	size_t line_end = 0;
	bool have_line = false;
	struct next_cache close_a = { 0, 0, false }, gt = { 0, 0, false };
	/*
	 * First letters of the protocols (lower case): a word starting with
	 * none is no free URL. When every protocol but "//" is letters and a
	 * ':' (as MediaWiki's are), a free URL can only start a word that
	 * runs up to a ':'. Both are worked out at the first word that needs
	 * them (most recursive parses of short texts never do).
	 */
	const bool *proto_first = cx->proto_first; /* filled by wt_protocols_ready() */
	bool letters_colon = true, protos_known = false;
	/*
	 * With ISBN, RFC and PMID links all off (MediaWiki's default) and
	 * every protocol letters and a ':', only two places can change the
	 * text: a '<' (tags are skipped) and a word that runs up to a ':'
	 * (a free URL). The scan then jumps between the next '<' and the
	 * next ':' (memchr, positions kept until passed) instead of walking
	 * every word; what it visits and decides is what the walk below
	 * would, as no other word has an effect.
	 */
	bool jump = !cx->site->magic_isbn && !cx->site->magic_pmid && !cx->site->magic_rfc;
	size_t lt_at = 0, colon_at = 0; /* next '<' and ':' at or after i (t.len: none) */
	bool lt_set = false, colon_set = false;
	for (size_t i = 0; i < t.len;) {
		char c = t.p[i];
		if (jump && c != '<' && !protos_known) {
			wt_protocols_ready(cx);
			letters_colon = cx->proto_letters_colon;
			protos_known = true;
			jump = letters_colon;
		}
		if (jump && c != '<') {
			if (!lt_set || lt_at < i) {
				const char *f = memchr(t.p + i, '<', t.len - i);
				lt_at = f ? (size_t)(f - t.p) : t.len;
				lt_set = true;
			}
			if (!colon_set || colon_at < i) {
				const char *f = memchr(t.p + i, ':', t.len - i);
				colon_at = f ? (size_t)(f - t.p) : t.len;
				colon_set = true;
			}
			if (lt_at < colon_at) {
				i = lt_at;
				continue;
			}
			if (colon_at >= t.len)
				break;
			size_t q = colon_at, w = q;
			while (w > i && ascii_word(t.p[w - 1]))
				w--;
			i = q + 1;
			char wc = t.p[w];
			if (w == q || !((wc >= 'a' && wc <= 'z') || (wc >= 'A' && wc <= 'Z')) || word_before(t, w))
				continue;
			size_t post = 0;
			size_t ul = proto_first[(unsigned char)(wc | 0x20)] ? free_url(cx, t, w, &post) : 0;
			if (ul) {
				if (!have_b) {
					wt_buf_init(&b, cx->a, t.len + t.len / 8 + 64);
					have_b = true;
				}
				wt_buf_add(&b, t.p + start, w - start);
				free_link(cx, &b, (struct str){ t.p + w, ul }, post);
				i = w + ul;
				start = i;
			}
			continue;
		}
		if (c == '<') {
			/* <a ...>...</a> and <...> on one line are skipped. */
			if (!have_line || i > line_end) {
				const char *nl = memchr(t.p + i, '\n', t.len - i);
				line_end = nl ? (size_t)(nl - t.p) : t.len;
				have_line = true;
			}
			if (line_end - i >= 3 && (t.p[i + 1] == 'a') && strchr(" \t\r\n>", t.p[i + 2]) && t.p[i + 2]) {
				size_t e = next_in_line(t, i, line_end, "</a>", 4, &close_a);
				if (e < line_end) {
					i = e + 4;
					continue;
				}
			}
			size_t g = next_in_line(t, i, line_end, ">", 1, &gt);
			if (g < line_end) {
				i = g + 1;
				continue;
			}
			i++;
			continue;
		}
		bool candidate = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		if (!candidate) {
			i++;
			continue;
		}
		/*
		 * At an ASCII letter (a word character) a boundary means no word
		 * character before it. Inside a word, the ASCII word characters
		 * that follow are no boundary either: skip them all.
		 */
		if (word_before(t, i)) {
			while (i < t.len && ascii_word(t.p[i]))
				i++;
			continue;
		}
		size_t e = i + 1;
		while (e < t.len && ascii_word(t.p[e]))
			e++;
		if (!protos_known) {
			wt_protocols_ready(cx);
			letters_colon = cx->proto_letters_colon;
			protos_known = true;
		}
		size_t post = 0;
		bool maybe_url = proto_first[(unsigned char)(c | 0x20)] && (!letters_colon || (e < t.len && t.p[e] == ':'));
		size_t ul = maybe_url ? free_url(cx, t, i, &post) : 0;
		if (ul) {
			if (!have_b) {
				wt_buf_init(&b, cx->a, t.len + t.len / 8 + 64);
				have_b = true;
			}
			wt_buf_add(&b, t.p + start, i - start);
			free_link(cx, &b, (struct str){ t.p + i, ul }, post);
			i += ul;
			start = i;
			continue;
		}
		if (c == 'R' || c == 'P' || c == 'I') {
			struct wt_buf m;
			wt_buf_init(&m, cx->a, 128);
			size_t ml = magic_word(cx, t, i, &m);
			if (ml) {
				if (!have_b) {
					wt_buf_init(&b, cx->a, t.len + t.len / 8 + 64);
					have_b = true;
				}
				wt_buf_add(&b, t.p + start, i - start);
				wt_buf_addstr(&b, wt_buf_str(&m));
				i += ml;
				start = i;
				continue;
			}
		}
		/* The rest of this word holds no boundary. */
		i = e;
	}
	if (!start)
		return t;
	wt_buf_add(&b, t.p + start, t.len - start);
	return wt_buf_str(&b);
}
