/* SPDX-License-Identifier: MIT */
/*
 * comment_html.c — an edit summary or log comment as the HTML MediaWiki
 * shows for it ("parsedcomment" in the API). Comments are not wikitext:
 * only two constructs are recognised, on top of escaping everything:
 *
 *   - "/ * section * /" (written without the spaces) is an autocomment:
 *     an arrow link to that section of the page the comment belongs to,
 *     wrapped in <span dir="auto"><span class="autocomment">, followed by
 *     ": " when more text follows;
 *   - [[target]], [[target|text]] and [[target]]trail are links: blue to
 *     existing pages (class mw-redirect for redirects), red (class new,
 *     an edit URL) to missing ones, extiw to interwiki targets, and
 *     Media: targets to the file's upload page. Text that is not a valid
 *     title stays as it was written.
 *
 * The text is escaped first (character references are decoded and the
 * result escaped again, as Sanitizer::escapeHtmlAllowEntities), so both
 * constructs work on escaped text and never emit unescaped input.
 */
#include "wiki.h"

#include <string.h>

#include "../store/store.h"
#include "../util/charref.h"
#include "../util/config.h"
#include "../util/sbuf.h"

/* Text after a missing page's name in its link's title attribute (MediaWiki's rendering). */
#define RED_LINK_SUFFIX " (page does not exist)"

/* Escape `len` bytes of `s` for HTML text and attribute values into `sb`. */
static void escape(struct sbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': sbuf_adds(sb, "&amp;"); break;
		case '<': sbuf_adds(sb, "&lt;"); break;
		case '>': sbuf_adds(sb, "&gt;"); break;
		case '"': sbuf_adds(sb, "&quot;"); break;
		case '\'': sbuf_adds(sb, "&#039;"); break;
		default: sbuf_addc(sb, s[i]); break;
		}
	}
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * Append fragment `s` as a link anchor: spaces become '_', and '%' before
 * two hex digits becomes "%25" (MediaWiki's html5 anchors), `rounds`
 * times over — section links of autocomments get it twice.
 */
static void add_anchor(struct arena *a, struct sbuf *sb, const char *s, int rounds)
{
	const char *cur = s;
	for (int r = 0; r < rounds; r++) {
		struct sbuf t;
		sbuf_init(&t, SIZE_MAX / 2);
		for (const char *p = cur; *p; p++) {
			if (*p == ' ')
				sbuf_addc(&t, '_');
			else if (*p == '%' && is_hex(p[1]) && is_hex(p[2]))
				sbuf_adds(&t, "%25");
			else
				sbuf_addc(&t, *p);
		}
		cur = arena_strdup(a, sbuf_cstr(&t));
		sbuf_release(&t);
	}
	sbuf_adds(sb, cur);
}

/* The local URL path of `t` with an extra query `query` (may be NULL). */
static void add_local_url(struct arena *a, struct sbuf *sb, const struct wiki_title *t, const char *query)
{
	if (!query) {
		sbuf_adds(sb, wiki_title_local_url(a, t));
		return;
	}
	sbuf_addf(sb, "%s/index.php?title=%s&amp;%s", config.scriptpath, wiki_urlencode(a, t->prefixed_dbkey),
		  query);
}

/* One page row: does it exist, and is it a redirect. */
static bool page_exists(struct store *st, const struct wiki_title *t, bool *redirect)
{
	int64_t r = 0;
	if (!st)
		return false;
	if (store_query_int(st, &r, "SELECT page_is_redirect FROM page WHERE page_namespace = ? AND page_title = ?",
			    "it", (int64_t)t->ns, t->dbkey) != RC_OK)
		return false;
	*redirect = r != 0;
	return true;
}

/*
 * Append <a …>text</a> for link target `t` (parsed), showing `text`
 * (already escaped).
 */
static void add_link(struct arena *a, struct store *st, struct sbuf *sb, const struct wiki_title *t,
		     const char *text)
{
	if (t->is_external) {
		sbuf_adds(sb, "<a href=\"");
		escape(sb, wiki_title_url(a, t), strlen(wiki_title_url(a, t)));
		sbuf_adds(sb, "\" class=\"extiw\" title=\"");
		escape(sb, t->prefixed, strlen(t->prefixed));
		sbuf_addf(sb, "\">%s</a>", text);
		return;
	}
	if (t->ns == WIKI_NS_MEDIA) {
		/* No uploads yet, so every file is missing: the link offers the upload. */
		struct wiki_title up;
		wiki_title_make(a, WIKI_NS_SPECIAL, "Upload", &up);
		sbuf_adds(sb, "<a href=\"");
		add_local_url(a, sb, &up, arena_printf(a, "wpDestFile=%s", wiki_urlencode(a, t->dbkey)));
		sbuf_adds(sb, "\" class=\"new\" title=\"");
		escape(sb, t->text, strlen(t->text));
		sbuf_addf(sb, "\">%s</a>", text);
		return;
	}
	const struct wiki_title *page = t;
	bool exists = true, redirect = false;
	if (t->ns == WIKI_NS_SPECIAL) {
		const char *slash = strchr(t->dbkey, '/');
		size_t n = slash ? (size_t)(slash - t->dbkey) : strlen(t->dbkey), cn;
		const char *e = wiki_special_canonical(t->dbkey, n, &cn);
		exists = e != NULL;
		if (e) {
			/* LinkRenderer::normalizeTarget: linked under the page's canonical name. */
			struct wiki_title *canon = arena_alloc(a, sizeof(*canon));
			wiki_title_make(a, WIKI_NS_SPECIAL, arena_printf(a, "%.*s%s", (int)cn, e, slash ? slash : ""), canon);
			page = canon;
		}
	} else {
		exists = page_exists(st, page, &redirect);
	}
	sbuf_adds(sb, "<a href=\"");
	if (exists || t->ns == WIKI_NS_SPECIAL)
		add_local_url(a, sb, page, NULL);
	else
		add_local_url(a, sb, page, "action=edit&amp;redlink=1");
	if (exists && *t->fragment) {
		sbuf_addc(sb, '#');
		struct sbuf frag;
		sbuf_init(&frag, SIZE_MAX / 2);
		escape(&frag, t->fragment, strlen(t->fragment));
		add_anchor(a, sb, sbuf_cstr(&frag), 1);
		sbuf_release(&frag);
	}
	sbuf_addc(sb, '"');
	if (!exists)
		sbuf_adds(sb, " class=\"new\"");
	else if (redirect)
		sbuf_adds(sb, " class=\"mw-redirect\"");
	sbuf_adds(sb, " title=\"");
	escape(sb, page->prefixed, strlen(page->prefixed));
	if (!exists)
		sbuf_adds(sb, RED_LINK_SUFFIX);
	sbuf_addf(sb, "\">%s</a>", text);
}

/*
 * Length of a [[…]] link at `s` (which starts with "[["), or 0 when the
 * text there is not one. Sets the target and the optional text (after
 * '|'; *text_len 0 when absent or empty).
 */
static size_t scan_link(const char *s, const char **target, size_t *target_len, const char **text,
			size_t *text_len)
{
	const char *p = s + 2;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
		p++;
	if (*p == ':')
		p++;
	*target = p;
	while (*p && *p != ']' && *p != '|')
		p++;
	*target_len = (size_t)(p - *target);
	if (!*target_len)
		return 0;
	*text = NULL;
	*text_len = 0;
	if (*p == '|') {
		*text = ++p;
		/* Any characters but "]]": a single ']' may appear when something else follows it. */
		while (*p && !(p[0] == ']' && p[1] == ']')) {
			if (p[0] == ']' && !p[1])
				return 0;
			p++;
		}
		*text_len = (size_t)(p - *text);
	}
	if (p[0] != ']' || p[1] != ']')
		return 0;
	return (size_t)(p + 2 - s);
}

/* Turn the [[links]] of escaped text `s` into HTML, appended to `out`. */
static void format_links(struct arena *a, struct store *st, struct sbuf *out, const char *s,
			 const struct wiki_title *self)
{
	while (*s) {
		const char *open = strstr(s, "[[");
		if (!open) {
			sbuf_adds(out, s);
			return;
		}
		sbuf_add(out, s, (size_t)(open - s));
		const char *target, *text;
		size_t tlen, xlen;
		size_t n = scan_link(open, &target, &tlen, &text, &xlen);
		const char *target_s = n ? arena_strndup(a, target, tlen) : NULL;
		struct wiki_title t;
		/* "#fragment" links to a section of the comment's own page. */
		if (n && target_s[0] == '#')
			target_s = self ? arena_printf(a, "%s%s", self->prefixed, target_s) : NULL;
		if (!target_s || wiki_title_parse(a, target_s, 0, &t, NULL) != RC_OK || (!*t.dbkey && !t.is_external)) {
			/* Not a link: keep "[" and look again from the next character. */
			sbuf_addc(out, '[');
			s = open + 1;
			continue;
		}
		if (target[0] == '#')
			target_s = arena_strndup(a, target, tlen);
		/* The link trail: lower-case ASCII letters right after "]]" join the link text. */
		const char *end = open + n, *trail = end;
		while (*trail >= 'a' && *trail <= 'z')
			trail++;
		const char *shown = xlen ? arena_strndup(a, text, xlen) : target_s;
		shown = arena_printf(a, "%s%.*s", shown, (int)(trail - end), end);
		add_link(a, st, out, &t, shown);
		s = trail;
	}
}

/* The anchor MediaWiki derives from autocomment text: link brackets dropped, space/underscore runs collapsed. */
static const char *section_anchor(struct arena *a, const char *auto_text)
{
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	const char *p = auto_text;
	bool pending_space = false;
	while (*p) {
		if (!strncmp(p, "[[:", 3)) {
			p += 3;
			continue;
		}
		if (!strncmp(p, "[[", 2) || !strncmp(p, "]]", 2)) {
			p += 2;
			continue;
		}
		if (*p == ' ' || *p == '_') {
			pending_space = sb.len > 0;
			p++;
			continue;
		}
		if (pending_space)
			sbuf_addc(&sb, ' ');
		pending_space = false;
		sbuf_addc(&sb, *p++);
	}
	const char *r = arena_strdup(a, sbuf_cstr(&sb));
	sbuf_release(&sb);
	return r;
}

/* Turn the autocomments of escaped text `s` into HTML, appended to `out`. */
static void format_autocomments(struct arena *a, struct sbuf *out, const char *s, const struct wiki_title *self)
{
	int open_spans = 0;
	while (*s) {
		const char *c = strstr(s, "/*");
		const char *close = c ? strstr(c + 2, "*/") : NULL;
		if (!close) {
			sbuf_adds(out, s);
			break;
		}
		/* A comment line ends an autocomment's search: its text never spans a newline. */
		const char *nl = memchr(c, '\n', (size_t)(close - c));
		if (nl) {
			sbuf_add(out, s, (size_t)(nl + 1 - s));
			s = nl + 1;
			continue;
		}
		sbuf_add(out, s, (size_t)(c - s));
		/* Text before an autocomment needs no separator in English; text after gets ": ". */
		bool has_after = close[2] != '\0';
		const char *t0 = c + 2, *t1 = close;
		while (t0 < t1 && (*t0 == ' ' || *t0 == '\t'))
			t0++;
		while (t1 > t0 && (t1[-1] == ' ' || t1[-1] == '\t'))
			t1--;
		const char *auto_text = arena_strndup(a, t0, (size_t)(t1 - t0));
		struct sbuf inner;
		sbuf_init(&inner, SIZE_MAX / 2);
		const char *anchor = section_anchor(a, auto_text);
		if (self && *anchor) {
			sbuf_adds(&inner, "<a href=\"");
			sbuf_adds(&inner, wiki_title_local_url(a, self));
			sbuf_addc(&inner, '#');
			add_anchor(a, &inner, anchor, 2);
			sbuf_adds(&inner, "\" title=\"");
			escape(&inner, self->prefixed, strlen(self->prefixed));
			/* An arrow and a left-to-right mark, then the text with its link brackets shown as text. */
			sbuf_adds(&inner, "\">\xE2\x86\x92\xE2\x80\x8E");
			for (const char *p = auto_text; *p;) {
				if (!strncmp(p, "[[", 2)) {
					sbuf_adds(&inner, "&#91;&#91;");
					p += 2;
				} else if (!strncmp(p, "]]", 2)) {
					sbuf_adds(&inner, "&#93;&#93;");
					p += 2;
				} else {
					sbuf_addc(&inner, *p++);
				}
			}
			sbuf_adds(&inner, "</a>");
		} else {
			sbuf_adds(&inner, auto_text);
		}
		if (has_after)
			sbuf_adds(&inner, ": ");
		if (inner.len) {
			sbuf_adds(out, "<span dir=\"auto\"><span class=\"autocomment\">");
			sbuf_add(out, inner.p, inner.len);
			sbuf_adds(out, "</span>");
			open_spans++;
		}
		sbuf_release(&inner);
		s = close + 2;
	}
	while (open_spans-- > 0)
		sbuf_adds(out, "</span>");
}

const char *wiki_comment_html(struct arena *a, struct store *st, const char *comment, const struct wiki_title *page)
{
	size_t len = strlen(comment);
	const char *decoded = charref_decode(a, comment, len, NULL);
	struct sbuf esc, auto_out, out;
	sbuf_init(&esc, SIZE_MAX / 2);
	escape(&esc, decoded, strlen(decoded));
	sbuf_init(&auto_out, SIZE_MAX / 2);
	format_autocomments(a, &auto_out, sbuf_cstr(&esc), page);
	sbuf_release(&esc);
	sbuf_init(&out, SIZE_MAX / 2);
	format_links(a, st, &out, sbuf_cstr(&auto_out), page);
	sbuf_release(&auto_out);
	const char *r = arena_strdup(a, sbuf_cstr(&out));
	sbuf_release(&out);
	return r;
}
