/* SPDX-License-Identifier: MIT */
/*
 * comment.c — an edit summary or log comment as HTML, as MediaWiki
 * 1.39's Linker::formatComment (CommentParser) makes it: not wikitext,
 * only escaped text with two constructs on top:
 *
 *   - section links: a C-style comment holding a section name becomes an
 *     arrow link to that section of the comment's page (to "#section"
 *     alone when the comment is shown on that page), wrapped in
 *     <span dir="auto"><span class="autocomment">, followed by the colon
 *     separator when text follows; brackets inside come out as
 *     references, so they start no link;
 *   - [[target]], [[target|text]] and [[target]]trail: blue, redirect,
 *     red and interwiki links as the parser colours them, Media: links
 *     to the file (or its upload page), "/subpage" links on pages with
 *     subpages. Text that is not a valid title stays as written.
 *
 * No external links, templates, formatting or HTML. The text is escaped
 * first (character references decoded, then everything escaped again, as
 * Sanitizer::escapeHtmlAllowEntities), so both steps work on escaped text
 * and never emit unescaped input. Existence questions go to the host in
 * one batch, as the parser's link colouring does.
 */
#include "wt_int.h"

#include "../util/charref.h"

/* A link of the comment waiting for its colour. */
struct clink {
	size_t at;            /* offset of its placeholder in the escaped text */
	struct wt_title title; /* target */
	struct str html;      /* link text (HTML) */
	bool is_media;        /* a Media: link (makeMediaLinkFile) */
};

/* The state of one comment. */
struct cstate {
	struct wt_ctx *cx;      /* parse context (site, host, title) */
	bool has_self;          /* the comment belongs to a page (cx->title) */
	bool same_page;         /* shown on that page: section links are "#..." */
	struct clink *links;    /* links in order */
	size_t n_links;         /* entries */
	size_t cap_links;       /* allocated */
};

/* PCRE's \s without /u: space, \t, \n, \v, \f, \r. */
static bool is_pcre_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* An interface message, or `def` when the host has none (English). */
static const char *msg_or(struct wt_ctx *cx, const char *key, const char *def)
{
	const char *m = cx->host->message ? cx->host->message(cx->host->data, cx->a, key, cx->site->lang) : NULL;
	return m ? m : def;
}

/*
 * Parser::guessSectionNameFromStrippedText without its '#': runs of
 * spaces and underscores made one space and trimmed, references decoded,
 * then escaped for a link.
 */
static struct str section_fragment(struct wt_ctx *cx, struct str s)
{
	struct wt_buf n;
	wt_buf_init(&n, cx->a, s.len + 1);
	bool pending = false;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == ' ' || s.p[i] == '_') {
			pending = n.len > 0;
			continue;
		}
		if (pending)
			wt_buf_addc(&n, ' ');
		pending = false;
		wt_buf_addc(&n, s.p[i]);
	}
	const char *dec = charref_decode(cx->a, n.p, n.len, NULL);
	struct wt_buf f;
	wt_buf_init(&f, cx->a, strlen(dec) + 8);
	wt_anchor_encode(cx, &f, dec, strlen(dec), true);
	return wt_buf_str(&f);
}

/* The section name with "[[:", "[[" and "]]" removed (links a user typed into it). */
static struct str strip_link_brackets(struct wt_ctx *cx, struct str s)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, s.len + 1);
	for (size_t i = 0; i < s.len;) {
		if (i + 3 <= s.len && memcmp(s.p + i, "[[:", 3) == 0) {
			i += 3;
		} else if (i + 2 <= s.len && (memcmp(s.p + i, "[[", 2) == 0 || memcmp(s.p + i, "]]", 2) == 0)) {
			i += 2;
		} else {
			wt_buf_addc(&b, s.p[i++]);
		}
	}
	return wt_buf_str(&b);
}

/* Append `s` with '[' and ']' as references. */
static void add_no_brackets(struct wt_buf *b, struct str s)
{
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == '[')
			wt_buf_adds(b, "&#91;");
		else if (s.p[i] == ']')
			wt_buf_adds(b, "&#93;");
		else
			wt_buf_addc(b, s.p[i]);
	}
}

/* doSectionLinks: every "/ * name * /" of escaped text `s` (written without the spaces). */
static struct str section_links(struct cstate *st, struct str s)
{
	struct wt_ctx *cx = st->cx;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, s.len + 64);
	size_t open_spans = 0, pos = 0;
	while (pos < s.len) {
		const char *c = util_memmem(s.p + pos, s.len - pos, "/*", 2);
		if (!c)
			break;
		size_t start = (size_t)(c - s.p);
		size_t i = start + 2;
		while (i < s.len && is_pcre_space(s.p[i]))
			i++;
		const char *close = i <= s.len ? util_memmem(s.p + i, s.len - i, "*/", 2) : NULL;
		if (!close)
			break;
		size_t end = (size_t)(close - s.p);
		size_t tend = end;
		while (tend > i && is_pcre_space(s.p[tend - 1]))
			tend--;
		struct str name = { s.p + i, tend - i };
		bool pre = start > 0, post = end + 2 < s.len;
		wt_buf_add(&b, s.p + pos, start - pos);

		struct wt_buf auto_html;
		wt_buf_init(&auto_html, cx->a, name.len + 128);
		bool linked = false;
		if (st->has_self) {
			struct str frag = section_fragment(cx, strip_link_brackets(cx, name));
			if (frag.len) {
				struct wt_title t;
				if (st->same_page) {
					memset(&t, 0, sizeof(t));
					t.dbkey = t.interwiki = "";
				} else {
					t = cx->title;
				}
				t.fragment = frag.p;
				t.has_fragment = true;
				struct wt_buf text;
				wt_buf_init(&text, cx->a, name.len + 16);
				/* The arrow and a left-to-right mark (Language::getArrow, getDirMark). */
				wt_buf_adds(&text, "\xe2\x86\x92\xe2\x80\x8e");
				wt_buf_addstr(&text, name);
				wt_link_known(cx, &auto_html, &t, wt_buf_str(&text), "", NULL);
				linked = true;
			}
		}
		if (!linked)
			wt_buf_addstr(&auto_html, name);
		if (post)
			wt_buf_adds(&auto_html, msg_or(cx, "colon-separator", ": "));
		if (pre)
			wt_buf_adds(&b, msg_or(cx, "autocomment-prefix", ""));
		if (auto_html.len) {
			wt_buf_adds(&b, "<span dir=\"auto\"><span class=\"autocomment\">");
			add_no_brackets(&b, wt_buf_str(&auto_html));
			wt_buf_adds(&b, "</span>");
			open_spans++;
		}
		pos = end + 2;
	}
	wt_buf_add(&b, s.p + pos, s.len - pos);
	while (open_spans--)
		wt_buf_adds(&b, "</span>");
	return wt_buf_str(&b);
}

/*
 * The link regex of doWikiLinks at s.p[i] ("[["): target (no '[', ']' or
 * '|'), optional "|text" ending at the first "]]", "]]". Returns the
 * offset after "]]", or 0 when there is no link here.
 */
static size_t match_link(struct str s, size_t i, struct str *target, struct str *text, bool *has_text)
{
	size_t p = i + 2;
	while (p < s.len && is_pcre_space(s.p[p]))
		p++;
	if (p < s.len && s.p[p] == ':')
		p++;
	size_t ts = p;
	while (p < s.len && s.p[p] != '[' && s.p[p] != ']' && s.p[p] != '|')
		p++;
	if (p == ts)
		return 0;
	*target = (struct str){ s.p + ts, p - ts };
	*has_text = false;
	*text = (struct str){ "", 0 };
	if (p < s.len && s.p[p] == '|') {
		size_t xs = ++p;
		/* ((?:]?[^\]])*+): an optional ']' and one other character, repeated. */
		for (;;) {
			size_t q = p;
			if (q < s.len && s.p[q] == ']')
				q++;
			if (q < s.len && s.p[q] != ']')
				p = q + 1;
			else
				break;
		}
		*text = (struct str){ s.p + xs, p - xs };
		*has_text = true;
	}
	if (p + 2 > s.len || s.p[p] != ']' || s.p[p + 1] != ']')
		return 0;
	return p + 2;
}

/* Remember a link: its HTML goes in at the current end of `b` once the links are coloured. */
static void add_link(struct cstate *st, struct wt_buf *b, const struct wt_title *t, struct str html, bool media)
{
	st->links = arena_grow(st->cx->a, st->links, st->n_links, &st->cap_links, sizeof(*st->links));
	struct clink *l = &st->links[st->n_links++];
	l->at = b->len;
	l->title = *t;
	l->html = html;
	l->is_media = media;
}

/* Is `target` "Media:..." (the canonical or the local name, any case)? Sets the rest. */
static bool media_prefix(struct wt_ctx *cx, struct str target, struct str *rest)
{
	const struct wt_namespace *ns = wt_ns_get(cx->site, WT_NS_MEDIA);
	const char *names[2] = { "Media", ns && ns->name ? ns->name : "Media" };
	for (int k = 0; k < 2; k++) {
		size_t n = strlen(names[k]);
		if (target.len > n && target.p[n] == ':' && strncasecmp(target.p, names[k], n) == 0) {
			*rest = (struct str){ target.p + n + 1, target.len - n - 1 };
			return true;
		}
	}
	return false;
}

/* One matched [[...]] (doWikiLinks' callback): the link's placeholder, or false to keep the text. */
static bool wiki_link(struct cstate *st, struct wt_buf *b, struct str target, struct str text, bool has_text,
		      struct str after, size_t *trail_used)
{
	struct wt_ctx *cx = st->cx;
	*trail_used = 0;
	if (memchr(target.p, '%', target.len))
		target = wt_url_decode_target(cx, target);
	struct str shown = has_text && text.len ? text : target;
	struct str rest;
	if (media_prefix(cx, target, &rest)) {
		/* makeTitleValueSafe( NS_FILE, rest ): the rest must be a title of its own. */
		const char *dec = charref_decode(cx->a, rest.p, rest.len, NULL);
		struct wt_title t;
		if (wt_title_parse(cx->a, cx->site, dec, strlen(dec), WT_NS_FILE, &t) != RC_OK || !t.dbkey[0] ||
		    t.interwiki[0])
			return false;
		t.ns = WT_NS_FILE;
		add_link(st, b, &t, shown, true);
		return true;
	}
	if (target.len && target.p[0] == ':') {
		target.p++;
		target.len--;
	}
	if (!target.len)
		return false;
	struct str inside, tail;
	wt_split_trail(cx, after, &inside, &tail);
	struct str link_text = shown;
	if (st->has_self) {
		const struct wt_namespace *ns = wt_ns_get(cx->site, cx->title.ns);
		if (ns && ns->has_subpages)
			target = wt_subpage_link(cx, target, &link_text);
	}
	const char *dec = charref_decode(cx->a, target.p, target.len, NULL);
	struct wt_title t;
	if (wt_title_parse(cx->a, cx->site, dec, strlen(dec), 0, &t) != RC_OK)
		return false;
	if (!t.dbkey[0] && !t.interwiki[0] && t.ns == 0 && st->has_self && !st->same_page) {
		/* [[#frag]]: the comment's own page. */
		const char *frag = t.fragment;
		bool hf = t.has_fragment;
		t = cx->title;
		t.fragment = frag;
		t.has_fragment = hf;
	}
	struct wt_buf h;
	wt_buf_init(&h, cx->a, link_text.len + inside.len + 1);
	wt_buf_addstr(&h, link_text);
	wt_buf_addstr(&h, inside);
	add_link(st, b, &t, wt_buf_str(&h), false);
	*trail_used = inside.len;
	return true;
}

/* doWikiLinks over `s`: matched links become placeholders in `b`. */
static void wiki_links(struct cstate *st, struct wt_buf *b, struct str s)
{
	size_t pos = 0;
	for (size_t i = 0; i + 1 < s.len;) {
		if (s.p[i] != '[' || s.p[i + 1] != '[') {
			i++;
			continue;
		}
		struct str target, text;
		bool has_text;
		size_t end = match_link(s, i, &target, &text, &has_text);
		if (!end) {
			i++;
			continue;
		}
		/* The trail is the text up to the next '['. */
		size_t next = end;
		while (next < s.len && s.p[next] != '[')
			next++;
		struct str after = { s.p + end, next - end };
		size_t used;
		wt_buf_add(b, s.p + pos, i - pos);
		if (wiki_link(st, b, target, text, has_text, after, &used)) {
			pos = end + used;
		} else {
			pos = i;
		}
		i = next;
	}
	wt_buf_add(b, s.p + pos, s.len - pos);
}

/* Linker::makeMediaLinkFile: the file itself, or its upload page when missing. */
static void media_html(struct wt_ctx *cx, struct wt_buf *b, const struct clink *l)
{
	struct wt_file f = { 0 };
	if (cx->host->file)
		cx->host->file(cx->host->data, cx->a, &l->title, &f);
	const char *url = f.exists ? f.url : wt_upload_url(cx, &l->title);
	wt_buf_adds(b, "<a href=\"");
	wt_buf_add_html(b, url, strlen(url));
	wt_buf_adds(b, f.exists ? "\" class=\"internal\" title=\"" : "\" class=\"new\" title=\"");
	const char *alt = wt_title_text(cx->a, &l->title);
	wt_buf_add_html(b, alt, strlen(alt));
	wt_buf_adds(b, "\">");
	wt_buf_addstr(b, l->html);
	wt_buf_adds(b, "</a>");
}

/* The canonical name of a special page title, or NULL when the wiki has none. */
static const char *special_name(struct wt_ctx *cx, const struct wt_title *t)
{
	if (!cx->host->special_page)
		return NULL;
	const char *slash = strchr(t->dbkey, '/');
	size_t nl = slash ? (size_t)(slash - t->dbkey) : strlen(t->dbkey);
	if (!nl)
		return NULL;
	return cx->host->special_page(cx->host->data, cx->a, arena_strndup(cx->a, t->dbkey, nl));
}

/* Colour the links with one question to the host and write the final HTML. */
static struct str finalize(struct cstate *st, struct str text)
{
	struct wt_ctx *cx = st->cx;
	size_t n = 0;
	struct wt_page_info *pi = arena_calloc(cx->a, st->n_links + 1, sizeof(*pi));
	size_t *idx = arena_calloc(cx->a, st->n_links + 1, sizeof(*idx));
	for (size_t i = 0; i < st->n_links; i++) {
		const struct clink *l = &st->links[i];
		if (l->is_media || l->title.interwiki[0] || l->title.ns < 0 || !l->title.dbkey[0])
			continue;
		pi[n].title = &l->title;
		idx[n++] = i;
	}
	if (n && cx->host->page_info)
		cx->host->page_info(cx->host->data, cx->a, pi, n);
	struct wt_buf b;
	wt_buf_init(&b, cx->a, text.len + st->n_links * 128 + 1);
	size_t pos = 0, k = 0;
	for (size_t i = 0; i < st->n_links; i++) {
		const struct clink *l = &st->links[i];
		wt_buf_add(&b, text.p + pos, l->at - pos);
		pos = l->at;
		const struct wt_page_info *info = k < n && idx[k] == i ? &pi[k++] : NULL;
		if (l->is_media) {
			media_html(cx, &b, l);
		} else if (l->title.interwiki[0] || (!l->title.dbkey[0] && l->title.ns == 0)) {
			wt_link_known(cx, &b, &l->title, l->html, "", NULL);
		} else if (l->title.ns == WT_NS_SPECIAL) {
			if (special_name(cx, &l->title))
				wt_link_known(cx, &b, &l->title, l->html, "", NULL);
			else
				wt_link_broken(cx, &b, &l->title, l->html);
		} else if (info && info->exists) {
			wt_link_known(cx, &b, &l->title, l->html, info->is_redirect ? "mw-redirect" : "", NULL);
		} else if (l->title.ns == WT_NS_FILE && cx->host->file) {
			struct wt_file f = { 0 };
			cx->host->file(cx->host->data, cx->a, &l->title, &f);
			if (f.exists)
				wt_link_known(cx, &b, &l->title, l->html, "", NULL);
			else
				wt_link_broken(cx, &b, &l->title, l->html);
		} else {
			wt_link_broken(cx, &b, &l->title, l->html);
		}
	}
	wt_buf_add(&b, text.p + pos, text.len - pos);
	return wt_buf_str(&b);
}

int wt_comment_html(struct arena *a, const struct wt_site *site, const struct wt_host *host, const char *title,
		    bool same_page, const char *comment, size_t len, const char **html, size_t *html_len)
{
	struct wt_ctx cx;
	struct wt_output out;
	struct wt_options opt;
	memset(&opt, 0, sizeof(opt));
	opt.title = title;
	opt.now = 1; /* no clock: nothing here depends on the time */
	wt_ctx_init(&cx, a, site, host, &opt, &out, WT_OT_HTML);
	struct cstate st = { &cx, title != NULL, same_page, NULL, 0, 0 };

	/* Newlines become spaces; references decoded, then everything escaped (escapeHtmlAllowEntities). */
	len = strnlen(comment, len);
	char *flat = arena_strndup(a, comment, len);
	for (size_t i = 0; i < len; i++)
		if (flat[i] == '\n')
			flat[i] = ' ';
	const char *dec = charref_decode(a, flat, len, NULL);
	struct wt_buf esc;
	wt_buf_init(&esc, a, strlen(dec) + 16);
	wt_buf_add_html(&esc, dec, strlen(dec));

	struct str s = section_links(&st, wt_buf_str(&esc));
	struct wt_buf lb;
	wt_buf_init(&lb, a, s.len + 1);
	wiki_links(&st, &lb, s);
	struct str r = finalize(&st, wt_buf_str(&lb));
	*html = r.p;
	*html_len = r.len;
	return cx.is_toobig ? RC_TOOBIG : RC_OK;
}
