/* SPDX-License-Identifier: MIT */
/*
 * links.c — internal links, as MediaWiki's Parser::handleInternalLinks2()
 * and LinkHolderArray handle them:
 *   - the text is split at "[[": each piece is "target|text]]trail" or
 *     not a link (then written back as it was);
 *   - interlanguage links and categories leave the text and go to the
 *     output; [[File:...]] becomes an image (media.c); self links,
 *     Media: links and always-known pages (special pages, files,
 *     interwiki) are rendered at once;
 *   - every other link becomes a holder "<!--LINK'" ns:N-->" with its
 *     text; after block levels all holders are coloured with one batch
 *     question to the host (page_info) and replaced by <a> elements:
 *     blue, redirect (mw-redirect) or red (class="new", action=edit&redlink=1).
 * The link trail (letters right after "]]", $linkTrail of English) joins
 * the link text.
 */
#include <stdlib.h>
#include <strings.h>

#include "wt_int.h"

/* Nested [[File:...|caption [[File:...]]]] captions parsed at most this deep (pathological input). */
#define MAX_CAPTION_DEPTH 16

/*
 * $wgLinkHolderBatchSize: when one pass over a text has made more
 * holders than this, the holders in the output so far are coloured and
 * replaced by their <a> elements before the next "[[" piece, as
 * MediaWiki does to bound memory. It shows: the passes that follow
 * (quotes, external and magic links) then see real <a> elements for the
 * early links and holders for the rest.
 */
#define LINK_HOLDER_BATCH 1000

/* Title::legalChars() plus '#' and '%': what a link target may hold. */
static bool link_char(unsigned char c)
{
	if (c >= 0x80)
		return true;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	/* The punctuation of " %!\"$&'()*,-./:;=?@\\^_`~+#", by byte. */
	static const bool punct[128] = {
		[' '] = 1, ['%'] = 1, ['!'] = 1, ['"'] = 1, ['$'] = 1, ['&'] = 1, ['\''] = 1, ['('] = 1,
		[')'] = 1, ['*'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, [':'] = 1, [';'] = 1,
		['='] = 1, ['?'] = 1, ['@'] = 1, ['\\'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['~'] = 1,
		['+'] = 1, ['#'] = 1,
	};
	return punct[c];
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Fill cx->proto_first and cx->proto_punct (once per parse). */
void wt_protocols_ready(struct wt_ctx *cx)
{
	if (cx->proto_ready)
		return;
	cx->proto_punct = true;
	cx->proto_letters_colon = true;
	for (size_t i = 0; i < cx->site->n_url_protocols; i++) {
		const char *pr = cx->site->url_protocols[i];
		cx->proto_first[(unsigned char)pr[0]] = true;
		if (strcmp(pr, "//") == 0)
			continue;
		if (!strchr(pr, ':'))
			cx->proto_punct = false;
		size_t l = 0;
		while (pr[l] >= 'a' && pr[l] <= 'z')
			l++;
		if (l == 0 || pr[l] != ':')
			cx->proto_letters_colon = false;
	}
	cx->proto_ready = true;
}

size_t wt_protocol_len(struct wt_ctx *cx, const char *p, size_t n)
{
	if (!n)
		return 0;
	/* The protocols are lower case: a first character that starts none is the common case. */
	char c0 = (char)((p[0] >= 'A' && p[0] <= 'Z') ? p[0] + 32 : p[0]);
	wt_protocols_ready(cx);
	if (!cx->proto_first[(unsigned char)c0])
		return 0;
	for (size_t i = 0; i < cx->site->n_url_protocols; i++) {
		const char *pr = cx->site->url_protocols[i];
		if (pr[0] != c0)
			continue;
		size_t l = 1;
		for (; pr[l] && l < n; l++) {
			char c = p[l];
			if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != pr[l])
				break;
		}
		if (!pr[l])
			return l;
	}
	return 0;
}

struct str wt_armor_links(struct wt_ctx *cx, struct str t)
{
	/* No protocol can start in text without a ':' or "//" (when every protocol is "//" or holds a ':'). */
	wt_protocols_ready(cx);
	if (cx->proto_punct && !memchr(t.p, ':', t.len) && !util_memmem(t.p, t.len, "//", 2))
		return t;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + 32);
	size_t start = 0;
	for (size_t i = 0; i < t.len; i++) {
		bool cur_word = is_word_char(t.p[i]);
		bool prev_word = i > 0 && is_word_char(t.p[i - 1]);
		if (cur_word == prev_word)
			continue;
		if (!wt_protocol_len(cx, t.p + i, t.len - i))
			continue;
		wt_buf_add(&b, t.p + start, i - start);
		wt_buf_adds(&b, WT_MARKER_PREFIX "NOPARSE");
		start = i;
	}
	wt_buf_add(&b, t.p + start, t.len - start);
	return wt_buf_str(&b);
}


/* The link's href: local or interwiki URL, with query and fragment (Title::getLinkURL). */
static void link_url(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, const char *query)
{
	if (t->interwiki[0]) {
		wt_buf_adds(b, wt_full_url(cx, t, query));
	} else if (!t->dbkey[0] && t->ns == 0 && t->has_fragment) {
		/* [[#frag]]: the fragment alone */
	} else {
		wt_buf_adds(b, wt_local_url(cx, t, query));
	}
	wt_fragment_url(cx, b, t);
}

/* An attribute with a plain text value. */
static void attr(struct wt_buf *b, const char *name, const char *value)
{
	wt_html_attr(b, str_c(name), str_c(value));
}

/*
 * The dbkey of special page title `t` with its canonical name
 * ("booksources/1" gives "BookSources/1", SpecialPageFactory::resolveAlias
 * of the part before the first '/'), or NULL when the wiki has no such
 * special page.
 */
static const char *special_canonical(struct wt_ctx *cx, const struct wt_title *t)
{
	if (!cx->host->special_page || t->interwiki[0])
		return NULL;
	const char *slash = strchr(t->dbkey, '/');
	size_t nl = slash ? (size_t)(slash - t->dbkey) : strlen(t->dbkey);
	if (!nl)
		return NULL;
	const char *canon = cx->host->special_page(cx->host->data, cx->a, arena_strndup(cx->a, t->dbkey, nl));
	if (!canon)
		return NULL;
	return slash ? wt_aprintf(cx->a, "%s%s", canon, slash) : canon;
}

void wt_link_known(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, struct str html, const char *cls,
		   const char *query)
{
	/* LinkRenderer::normalizeTarget: a special page is linked under its canonical name. */
	struct wt_title canon;
	const char *dbkey = t->ns == WT_NS_SPECIAL ? special_canonical(cx, t) : NULL;
	if (dbkey) {
		canon = *t;
		canon.dbkey = dbkey;
		t = &canon;
	}
	wt_buf_adds(b, "<a href=\"");
	struct wt_buf u;
	wt_buf_init(&u, cx->a, 64);
	link_url(cx, &u, t, query);
	wt_buf_add_html(b, u.p, u.len);
	wt_buf_addc(b, '"');
	struct wt_buf c;
	wt_buf_init(&c, cx->a, 16);
	if (t->interwiki[0])
		wt_buf_adds(&c, "extiw");
	if (cls && *cls) {
		if (c.len)
			wt_buf_addc(&c, ' ');
		wt_buf_adds(&c, cls);
	}
	if (c.len)
		attr(b, "class", c.p);
	const char *pt = wt_title_prefixed(cx->a, cx->site, t, false);
	if (*pt)
		attr(b, "title", pt);
	wt_buf_addc(b, '>');
	if (html.p)
		wt_buf_addstr(b, html);
	else if (*pt)
		wt_buf_add_html(b, pt, strlen(pt));
	else
		wt_buf_add_html(b, t->fragment, strlen(t->fragment));
	wt_buf_adds(b, "</a>");
}

void wt_link_broken(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, struct str html)
{
	struct wt_title nf = *t;
	nf.fragment = "";
	nf.has_fragment = false;
	wt_buf_adds(b, "<a href=\"");
	struct wt_buf u;
	wt_buf_init(&u, cx->a, 64);
	link_url(cx, &u, &nf, nf.ns == WT_NS_SPECIAL ? NULL : "action=edit&redlink=1");
	wt_buf_add_html(b, u.p, u.len);
	wt_buf_adds(b, "\" class=\"new\"");
	const char *pt = wt_title_prefixed(cx->a, cx->site, &nf, false);
	if (*pt)
		attr(b, "title", wt_msg(cx, "red-link-title", pt, NULL, NULL));
	wt_buf_addc(b, '>');
	if (html.p)
		wt_buf_addstr(b, html);
	else
		wt_buf_add_html(b, pt, strlen(pt));
	wt_buf_adds(b, "</a>");
}

/* Linker::makeSelfLinkObj */
static void self_link(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, struct str html, struct str trail)
{
	struct str inside, rest;
	wt_split_trail(cx, trail, &inside, &rest);
	wt_buf_adds(b, "<a class=\"mw-selflink selflink\">");
	if (html.len) {
		wt_buf_addstr(b, html);
	} else {
		const char *pt = wt_title_prefixed(cx->a, cx->site, t, false);
		wt_buf_add_html(b, pt, strlen(pt));
	}
	wt_buf_addstr(b, inside);
	wt_buf_adds(b, "</a>");
	wt_buf_addstr(b, rest);
}

/* Is the title always a blue link (Title::isAlwaysKnown)? */
static bool always_known(struct wt_ctx *cx, const struct wt_title *t)
{
	if (t->interwiki[0])
		return true;
	if (t->ns == WT_NS_FILE || t->ns == WT_NS_MEDIA) {
		struct wt_file f = { 0 };
		struct wt_title ft = *t;
		ft.ns = WT_NS_FILE;
		return cx->host->file && cx->host->file(cx->host->data, cx->a, &ft, &f) == RC_OK && f.exists;
	}
	if (t->ns == WT_NS_SPECIAL) {
		if (cx->host->special_page)
			return special_canonical(cx, t) != NULL;
		struct wt_page_info pi = { .title = t };
		if (cx->host->page_info)
			cx->host->page_info(cx->host->data, cx->a, &pi, 1);
		return pi.exists;
	}
	if (t->ns == 0)
		return t->dbkey[0] == '\0';
	return false;
}

/* Record the link for pagelinks (ParserOutput::addLink rules). */
static void record_link(struct wt_ctx *cx, const struct wt_title *t)
{
	if (t->interwiki[0]) {
		wt_out_iwlink(cx, t->interwiki, t->dbkey);
		return;
	}
	if (t->ns == WT_NS_SPECIAL || !t->dbkey[0])
		return;
	struct wt_title f = *t;
	if (f.ns == WT_NS_MEDIA)
		f.ns = WT_NS_FILE;
	wt_out_link(cx, &f);
}

/* A holder for a link coloured later (LinkHolderArray::makeHolder). */
static void make_holder(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, struct str text,
			struct str trail)
{
	struct str inside, rest;
	wt_split_trail(cx, trail, &inside, &rest);
	cx->holders = arena_grow(cx->a, cx->holders, cx->n_holders, &cx->cap_holders, sizeof(*cx->holders));
	struct wt_holder *h = &cx->holders[cx->n_holders];
	memset(h, 0, sizeof(*h));
	h->title = *t;
	h->pdbk = wt_title_prefixed(cx->a, cx->site, t, true);
	struct wt_buf tx;
	wt_buf_init(&tx, cx->a, text.len + inside.len + 1);
	wt_buf_addstr(&tx, text);
	wt_buf_addstr(&tx, inside);
	h->text = wt_buf_str(&tx);
	if (t->interwiki[0]) {
		wt_buf_addf(b, "<!--IWLINK'\" %zu-->", cx->n_holders);
	} else {
		/* "<!--LINK'\" NS:N-->", written without printf (one per internal link). */
		wt_buf_adds(b, "<!--LINK'\" ");
		wt_buf_addll(b, t->ns);
		wt_buf_addc(b, ':');
		wt_buf_addll(b, (long long)cx->n_holders);
		wt_buf_adds(b, "-->");
	}
	cx->n_holders++;
	wt_buf_addstr(b, rest);
}

/* makeKnownLinkHolder: a known link output at once, its URL armoured. */
static void known_link_now(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, struct str text,
			   struct str trail)
{
	struct str inside, rest;
	wt_split_trail(cx, trail, &inside, &rest);
	struct wt_buf tx;
	wt_buf_init(&tx, cx->a, text.len + inside.len + 16);
	if (!text.len) {
		const char *pt = wt_title_prefixed(cx->a, cx->site, t, false);
		wt_buf_add_html(&tx, pt, strlen(pt));
	} else {
		wt_buf_addstr(&tx, text);
	}
	wt_buf_addstr(&tx, inside);
	struct wt_buf l;
	wt_buf_init(&l, cx->a, tx.len + 128);
	wt_link_known(cx, &l, t, wt_buf_str(&tx), "", NULL);
	wt_buf_addstr(b, wt_armor_links(cx, wt_buf_str(&l)));
	wt_buf_addstr(b, rest);
}

/* Linker::makeMediaLinkFile */
static void media_link(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, struct str html)
{
	struct wt_title ft = *t;
	ft.ns = WT_NS_FILE;
	struct wt_file f = { 0 };
	if (cx->host->file)
		cx->host->file(cx->host->data, cx->a, &ft, &f);
	wt_out_image(cx, ft.dbkey);
	const char *text = wt_title_text(cx->a, t);
	struct wt_buf l;
	wt_buf_init(&l, cx->a, 128);
	wt_buf_adds(&l, "<a href=\"");
	if (f.exists) {
		wt_buf_add_html(&l, f.url, strlen(f.url));
	} else {
		const char *u = wt_upload_url(cx, &ft);
		wt_buf_add_html(&l, u, strlen(u));
	}
	wt_buf_adds(&l, f.exists ? "\" class=\"internal\"" : "\" class=\"new\"");
	attr(&l, "title", text);
	wt_buf_addc(&l, '>');
	if (html.len)
		wt_buf_addstr(&l, html);
	else
		wt_buf_adds(&l, text);
	wt_buf_adds(&l, "</a>");
	wt_buf_addstr(b, wt_armor_links(cx, wt_buf_str(&l)));
}

/* Iterator over the pieces of a text split at "[[" (StringUtils::explode). */
struct pieces {
	struct str s;   /* the whole text */
	size_t pos;     /* start of the next piece */
	bool done;      /* no more pieces */
};

static bool next_piece(struct pieces *it, struct str *out)
{
	if (it->done)
		return false;
	const char *f = it->pos <= it->s.len ? util_memmem(it->s.p + it->pos, it->s.len - it->pos, "[[", 2) : NULL;
	size_t end = f ? (size_t)(f - it->s.p) : it->s.len;
	*out = (struct str){ it->s.p + it->pos, end - it->pos };
	if (f)
		it->pos = end + 2;
	else
		it->done = true;
	return true;
}

struct str wt_url_decode_target(struct wt_ctx *cx, struct str t)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + 8);
	for (size_t i = 0; i < t.len; i++) {
		char c = t.p[i];
		if (c == '%' && i + 2 < t.len + 0 && strchr("0123456789abcdefABCDEF", t.p[i + 1]) && t.p[i + 1] &&
		    strchr("0123456789abcdefABCDEF", t.p[i + 2]) && t.p[i + 2]) {
			char h[3] = { t.p[i + 1], t.p[i + 2], 0 };
			c = (char)strtol(h, NULL, 16);
			i += 2;
		}
		if (c == '<')
			wt_buf_adds(&b, "&lt;");
		else if (c == '>')
			wt_buf_adds(&b, "&gt;");
		else
			wt_buf_addc(&b, c);
	}
	return wt_buf_str(&b);
}

static bool has_marker(struct str s)
{
	return memchr(s.p, 0x7f, s.len) != NULL;
}

static struct str links2(struct wt_ctx *cx, struct str s, int depth, size_t *left);

struct str wt_subpage_link(struct wt_ctx *cx, struct str target, struct str *text)
{
	const char *hash = memchr(target.p, '#', target.len);
	struct str suffix = { "", 0 };
	if (hash) {
		suffix = (struct str){ hash, target.len - (size_t)(hash - target.p) };
		target.len = (size_t)(hash - target.p);
	}
	target = wt_trim(target);
	const char *ctxt = wt_title_prefixed(cx->a, cx->site, &cx->title, false);
	if (target.len && target.p[0] == '/') {
		size_t e = target.len;
		while (e > 1 && target.p[e - 1] == '/')
			e--;
		struct str noslash;
		if (e < target.len) {
			noslash = (struct str){ target.p + 1, e - 1 };
			target = noslash;
		} else {
			noslash = (struct str){ target.p + 1, target.len - 1 };
		}
		struct str trimmed = wt_trim(noslash);
		if (!text->len)
			*text = str_c(wt_aprintf(cx->a, "%.*s%.*s", (int)target.len, target.p, (int)suffix.len, suffix.p));
		return str_c(wt_aprintf(cx->a, "%s/%.*s%.*s", ctxt, (int)trimmed.len, trimmed.p, (int)suffix.len,
					  suffix.p));
	}
	int dots = 0;
	struct str rest = target;
	while (rest.len >= 3 && memcmp(rest.p, "../", 3) == 0) {
		dots++;
		rest.p += 3;
		rest.len -= 3;
	}
	if (!dots)
		return (struct str){ target.p, target.len + suffix.len };
	size_t clen = strlen(ctxt);
	int slashes = 0;
	for (size_t i = 0; i < clen; i++)
		slashes += ctxt[i] == '/';
	if (slashes + 1 <= dots)
		return (struct str){ target.p, target.len + suffix.len };
	size_t cut = clen;
	for (int d = 0; d < dots; d++) {
		while (cut > 0 && ctxt[cut - 1] != '/')
			cut--;
		cut--;
	}
	if (rest.len && rest.p[rest.len - 1] == '/') {
		while (rest.len && rest.p[rest.len - 1] == '/')
			rest.len--;
		if (!text->len)
			*text = str_c(wt_aprintf(cx->a, "%.*s%.*s", (int)rest.len, rest.p, (int)suffix.len, suffix.p));
	}
	rest = wt_trim(rest);
	return str_c(wt_aprintf(cx->a, "%.*s%s%.*s%.*s", (int)cut, ctxt, rest.len ? "/" : "", (int)rest.len, rest.p,
				  (int)suffix.len, suffix.p));
}

/* rtrim of the output buffer (for categories and language links, T2087). */
static void rtrim_buf(struct wt_buf *b)
{
	while (b->len && strchr(" \t\n\r\v", b->p[b->len - 1]) && b->p[b->len - 1])
		b->len--;
	b->p[b->len] = '\0';
}

static struct str replace_holders(struct wt_ctx *cx, struct str text, bool text_only);

/*
 * The links of `s` made into holders, images, categories...; *left is
 * the count of internal-link holders made and not replaced yet (what
 * LinkHolderArray::merge() adds to the caller's batch).
 */
static struct str links2(struct wt_ctx *cx, struct str s, int depth, size_t *left)
{
	*left = 0;
	if (!util_memmem(s.p, s.len, "[[", 2))
		return s;
	size_t batch = 0; /* holders in this pass's batch (LinkHolderArray::$size) */
	size_t internal = 0; /* of which internal links (not interwiki) */
	size_t nested;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, s.len + s.len / 4 + 64);
	struct pieces it = { s, 0, false };
	struct str line;
	next_piece(&it, &line);
	wt_buf_addstr(&b, line);
	const struct wt_namespace *cur_ns = wt_ns_get(cx->site, cx->title.ns);
	bool use_subpages = cur_ns && cur_ns->has_subpages;
	bool nottalk = !(cx->title.ns >= 0 && (cx->title.ns & 1));
	while (next_piece(&it, &line)) {
		if (batch > LINK_HOLDER_BATCH) {
			struct str done = replace_holders(cx, wt_buf_str(&b), false);
			if (done.p != b.p) {
				wt_buf_init(&b, cx->a, done.len + (s.len - (size_t)(line.p - s.p)) + 64);
				wt_buf_addstr(&b, done);
			}
			batch = internal = 0;
		}
		size_t j = 0;
		while (j < line.len && link_char((unsigned char)line.p[j]))
			j++;
		struct str target = { line.p, j }, text = { "", 0 }, trail = { "", 0 };
		bool might_be_img = false, ok = false;
		if (j > 0) {
			if (line.len - j >= 2 && line.p[j] == ']' && line.p[j + 1] == ']') {
				trail = (struct str){ line.p + j + 2, line.len - j - 2 };
				ok = true;
			} else if (j < line.len && line.p[j] == '|') {
				const char *e = line.len >= j + 2 ? util_memmem(line.p + j + 2, line.len - j - 2, "]]", 2) : NULL;
				if (e) {
					text = (struct str){ line.p + j + 1, (size_t)(e - line.p) - j - 1 };
					trail = (struct str){ e + 2, line.len - (size_t)(e + 2 - line.p) };
					ok = true;
				} else {
					text = (struct str){ line.p + j + 1, line.len - j - 1 };
					might_be_img = true;
					ok = true;
				}
			}
		}
		if (!ok) {
			wt_buf_adds(&b, "[[");
			wt_buf_addstr(&b, line);
			continue;
		}
		if (!might_be_img && text.len && trail.len && trail.p[0] == ']' && memchr(text.p, '[', text.len)) {
			/* [[File:x|[http://e desc]]] : the extra ']' belongs to the text (T1500). */
			text.len++;
			trail.p++;
			trail.len--;
		}
		if (memchr(target.p, '%', target.len))
			target = wt_url_decode_target(cx, target);
		struct str orig = target;
		while (orig.len && orig.p[0] == ' ')
			orig.p++, orig.len--;
		if (wt_protocol_len(cx, orig.p, orig.len)) {
			wt_buf_adds(&b, "[[");
			wt_buf_addstr(&b, line);
			continue;
		}
		struct str link = use_subpages ? wt_subpage_link(cx, orig, &text) : orig;
		struct wt_title nt;
		if (has_marker(link) || wt_ctx_title(cx, link, 0, &nt) != RC_OK) {
			wt_buf_adds(&b, "[[");
			wt_buf_addstr(&b, line);
			continue;
		}
		bool noforce = !(orig.len && orig.p[0] == ':');
		if (might_be_img) {
			if (nt.ns == WT_NS_FILE && noforce) {
				bool found = false;
				struct wt_buf tx;
				wt_buf_init(&tx, cx->a, text.len + 64);
				wt_buf_addstr(&tx, text);
				struct str next;
				while (next_piece(&it, &next)) {
					const char *c1 = util_memmem(next.p, next.len, "]]", 2);
					const char *c2 = NULL;
					if (c1)
						c2 = util_memmem(c1 + 2, next.len - (size_t)(c1 + 2 - next.p), "]]", 2);
					if (c2) {
						found = true;
						wt_buf_adds(&tx, "[[");
						wt_buf_add(&tx, next.p, (size_t)(c1 - next.p));
						wt_buf_adds(&tx, "]]");
						wt_buf_add(&tx, c1 + 2, (size_t)(c2 - c1 - 2));
						trail = (struct str){ c2 + 2, next.len - (size_t)(c2 + 2 - next.p) };
						break;
					} else if (c1) {
						wt_buf_adds(&tx, "[[");
						wt_buf_add(&tx, next.p, (size_t)(c1 - next.p));
						wt_buf_adds(&tx, "]]");
						wt_buf_add(&tx, c1 + 2, next.len - (size_t)(c1 + 2 - next.p));
					} else {
						wt_buf_adds(&tx, "[[");
						wt_buf_addstr(&tx, next);
						break;
					}
				}
				text = wt_buf_str(&tx);
				if (!found) {
					wt_buf_adds(&b, "[[");
					wt_buf_addstr(&b, link);
					wt_buf_addc(&b, '|');
					if (depth < MAX_CAPTION_DEPTH) {
						wt_buf_addstr(&b, links2(cx, text, depth + 1, &nested));
						batch += nested;
						internal += nested;
					} else {
						wt_buf_addstr(&b, text);
					}
					continue;
				}
			} else {
				wt_buf_adds(&b, "[[");
				wt_buf_addstr(&b, link);
				wt_buf_addc(&b, '|');
				wt_buf_addstr(&b, text);
				continue;
			}
		}
		bool wasblank = text.len == 0;
		if (wasblank) {
			text = link;
			if (!noforce && text.len) {
				text.p++;
				text.len--;
			}
		} else {
			text = wt_quotes_line(cx, text);
		}
		if (noforce && !nt.is_local_interwiki) {
			const struct wt_interwiki *iw = nt.interwiki[0] ? wt_iw_lookup(cx->site, nt.interwiki,
											strlen(nt.interwiki))
									 : NULL;
			if (iw && cx->site->interwiki_magic && nottalk && iw->language) {
				wt_out_langlink(cx, nt.interwiki, wt_title_full_text(cx, &nt));
				rtrim_buf(&b);
				wt_buf_addstr(&b, trail);
				continue;
			}
			if (nt.ns == WT_NS_FILE && !nt.interwiki[0] && !wt_is_bad_file(cx, nt.dbkey)) {
				struct str caption = { "", 0 };
				if (!wasblank) {
					caption = wt_pass_external_links(cx, text);
					if (depth < MAX_CAPTION_DEPTH) {
						caption = links2(cx, caption, depth + 1, &nested);
						batch += nested;
						internal += nested;
					}
				}
				wt_buf_addstr(&b, wt_armor_links(cx, wt_make_image(cx, &nt, caption)));
				wt_buf_addstr(&b, trail);
				continue;
			}
			if (nt.ns == WT_NS_CATEGORY && !nt.interwiki[0]) {
				rtrim_buf(&b);
				wt_buf_addstr(&b, trail);
				struct str key = wasblank ? str_c(cx->defaultsort ? cx->defaultsort : "") : text;
				key = wt_san_decode_charrefs(cx->a, key);
				char *k = arena_strndup(cx->a, key.p, key.len);
				size_t o = 0;
				for (size_t i = 0; k[i]; i++)
					if (k[i] != '\n')
						k[o++] = k[i];
				k[o] = '\0';
				wt_out_category(cx, nt.dbkey, k);
				continue;
			}
		}
		/* $linkPrefixExtension: the letters right before "[[" join the link's text. */
		size_t pl = wt_link_prefix_len(cx, wt_buf_str(&b));
		if (pl) {
			struct wt_buf pt;
			wt_buf_init(&pt, cx->a, pl + text.len + 1);
			wt_buf_add(&pt, b.p + b.len - pl, pl);
			wt_buf_addstr(&pt, text);
			text = wt_buf_str(&pt);
			b.len -= pl;
			b.p[b.len] = '\0';
		}
		if (nt.ns != WT_NS_SPECIAL && !nt.interwiki[0] && !nt.has_fragment && nt.ns == cx->title.ns &&
		    strcmp(nt.dbkey, cx->title.dbkey) == 0) {
			self_link(cx, &b, &nt, text, trail);
			continue;
		}
		if (nt.ns == WT_NS_MEDIA) {
			/* The prefix stays in front of a media link. */
			if (pl) {
				b.len += pl;
				text.p += pl;
				text.len -= pl;
			}
			media_link(cx, &b, &nt, text);
			wt_buf_addstr(&b, trail);
			continue;
		}
		if (!nt.interwiki[0] && always_known(cx, &nt)) {
			record_link(cx, &nt);
			known_link_now(cx, &b, &nt, text, trail);
			continue;
		}
		make_holder(cx, &b, &nt, text, trail);
		batch++;
		internal += !nt.interwiki[0];
	}
	if (b.is_toobig)
		cx->is_toobig = true;
	*left = internal;
	return wt_buf_str(&b);
}

struct str wt_pass_internal_links(struct wt_ctx *cx, struct str text)
{
	size_t left;
	return links2(cx, text, 0, &left);
}

/* Colour every holder not coloured yet, with one question to the host. */
/*
 * LinkHolderArray::doVariants: a red link whose title in another variant
 * is the page itself becomes a self link; one whose title in another
 * variant exists links there (the first variant that exists wins).
 * `idx` lists the `n` holders just coloured.
 */
static void colour_variants(struct wt_ctx *cx, const size_t *idx, size_t n)
{
	struct wt_page_info *pi = arena_calloc(cx->a, n * WT_LCONV_MAXV + 1, sizeof(*pi));
	struct wt_title *vt = arena_calloc(cx->a, n * WT_LCONV_MAXV + 1, sizeof(*vt));
	size_t *owner = arena_calloc(cx->a, n * WT_LCONV_MAXV + 1, sizeof(*owner));
	size_t m = 0;
	for (size_t k = 0; k < n; k++) {
		struct wt_holder *h = &cx->holders[idx[k]];
		if (h->exists || h->title.ns == WT_NS_SPECIAL)
			continue;
		size_t nv = wt_lconv_variant_titles(cx, &h->title, vt + m);
		for (size_t v = 0; v < nv; v++) {
			const struct wt_title *t = &vt[m + v];
			if (!h->title.has_fragment && t->ns == cx->title.ns && strcmp(t->dbkey, cx->title.dbkey) == 0) {
				h->is_selflink = true;
				nv = 0;
				break;
			}
		}
		for (size_t v = 0; v < nv; v++) {
			pi[m].title = &vt[m];
			owner[m++] = idx[k];
		}
	}
	if (!m || !cx->host->page_info)
		return;
	cx->host->page_info(cx->host->data, cx->a, pi, m);
	for (size_t j = 0; j < m; j++) {
		struct wt_holder *h = &cx->holders[owner[j]];
		if (!pi[j].exists || h->exists)
			continue;
		h->title.dbkey = vt[j].dbkey;
		h->title.fragment = "";
		h->title.has_fragment = false;
		h->pdbk = wt_title_prefixed(cx->a, cx->site, &h->title, true);
		h->exists = true;
		h->is_redirect = pi[j].is_redirect;
		h->page_id = pi[j].page_id;
	}
}

static void colour(struct wt_ctx *cx)
{
	size_t n = 0;
	for (size_t i = 0; i < cx->n_holders; i++)
		n += !cx->holders[i].is_known && !cx->holders[i].title.interwiki[0];
	if (!n)
		return;
	struct wt_page_info *pi = arena_calloc(cx->a, n, sizeof(*pi));
	size_t *idx = arena_calloc(cx->a, n, sizeof(*idx));
	size_t k = 0;
	for (size_t i = 0; i < cx->n_holders; i++) {
		struct wt_holder *h = &cx->holders[i];
		if (h->is_known || h->title.interwiki[0])
			continue;
		pi[k].title = &h->title;
		idx[k++] = i;
	}
	if (cx->host->page_info)
		cx->host->page_info(cx->host->data, cx->a, pi, n);
	for (k = 0; k < n; k++) {
		struct wt_holder *h = &cx->holders[idx[k]];
		h->is_known = true; /* coloured */
		h->exists = pi[k].exists;
		h->is_redirect = pi[k].is_redirect;
		h->page_id = pi[k].page_id;
	}
	if (cx->lconv)
		colour_variants(cx, idx, n);
}

/* The replacement for holder `i`. */
static void holder_html(struct wt_ctx *cx, struct wt_buf *b, size_t i)
{
	struct wt_holder *h = &cx->holders[i];
	struct str text = h->text.len ? h->text : (struct str){ NULL, 0 };
	if (h->title.interwiki[0]) {
		wt_out_iwlink(cx, h->title.interwiki, h->title.dbkey);
		wt_link_known(cx, b, &h->title, text, "", NULL);
		return;
	}
	if (h->is_selflink) {
		self_link(cx, b, &h->title, text, (struct str){ "", 0 });
		return;
	}
	if (h->title.ns != WT_NS_SPECIAL && h->exists) {
		record_link(cx, &h->title);
		wt_link_known(cx, b, &h->title, text, h->is_redirect ? "mw-redirect" : "", NULL);
		return;
	}
	record_link(cx, &h->title);
	wt_link_broken(cx, b, &h->title, text);
}

/* Parse "<!--LINK'" ns:N-->" or "<!--IWLINK'" N-->" at p; its length and holder index, or 0. */
static size_t holder_at(const char *p, size_t n, size_t *index)
{
	size_t k;
	if (n >= 11 && memcmp(p, "<!--LINK'\" ", 11) == 0) {
		k = 11;
		if (k < n && p[k] == '-')
			k++;
		while (k < n && p[k] >= '0' && p[k] <= '9')
			k++;
		if (k >= n || p[k] != ':')
			return 0;
		k++;
	} else if (n >= 13 && memcmp(p, "<!--IWLINK'\" ", 13) == 0) {
		k = 13;
	} else {
		return 0;
	}
	size_t v = 0, s = k;
	while (k < n && p[k] >= '0' && p[k] <= '9' && k - s < 12)
		v = v * 10 + (size_t)(p[k++] - '0');
	if (k == s || n - k < 3 || memcmp(p + k, "-->", 3) != 0)
		return 0;
	*index = v;
	return k + 3;
}

static struct str replace_holders(struct wt_ctx *cx, struct str text, bool text_only)
{
	if (!cx->n_holders || !util_memmem(text.p, text.len, "<!--", 4))
		return text;
	if (!text_only)
		colour(cx);
	struct wt_buf b;
	wt_buf_init(&b, cx->a, text.len + text.len / 2 + 64);
	size_t start = 0;
	for (size_t i = 0; i + 4 < text.len; i++) {
		const char *lt = memchr(text.p + i, '<', text.len - 4 - i);
		if (!lt)
			break;
		i = (size_t)(lt - text.p);
		if (text.p[i + 1] != '!')
			continue;
		size_t idx, l = holder_at(text.p + i, text.len - i, &idx);
		if (!l || idx >= cx->n_holders)
			continue;
		wt_buf_add(&b, text.p + start, i - start);
		if (text_only)
			wt_buf_addstr(&b, cx->holders[idx].text);
		else
			holder_html(cx, &b, idx);
		start = i + l;
		i += l - 1;
	}
	wt_buf_add(&b, text.p + start, text.len - start);
	return wt_buf_str(&b);
}

struct str wt_replace_link_holders(struct wt_ctx *cx, struct str text)
{
	return replace_holders(cx, text, false);
}

struct str wt_link_holders_text(struct wt_ctx *cx, struct str text)
{
	return replace_holders(cx, text, true);
}
