/* SPDX-License-Identifier: MIT */
/*
 * headings.c — what MediaWiki's Parser::finalizeHeadings() does to the
 * headings of a parse, and the post-cache transforms of
 * ParserOutput::getText() that go with them:
 *   - every <hN>...</hN> gets an id (the heading text without markup,
 *     escaped for the site's fragment mode, "_2", "_3" ... for repeats,
 *     compared without case) in <span class="mw-headline">, and a
 *     fallback <span id> when a second fragment mode is configured;
 *   - headings that came from wikitext (they carry the preprocessor's
 *     heading marker) get an edit-section placeholder, later made into
 *     the "[edit]" link, and are listed as sections (toclevel, number,
 *     index, byte offset in characters, anchor) for action=parse;
 *   - with four or more headings (or __FORCETOC__, __TOC__) and no
 *     __NOTOC__ the table of contents is built and placed before the
 *     first heading or where __TOC__ was.
 */
#include <stdio.h>
#include <strings.h>
#include <utf8proc.h>

#include "wt_int.h"
#include "wt_pf.h"

/* Where __TOC__ or the automatic TOC goes (Parser::TOC_PLACEHOLDER). */
#define TOC_PLACEHOLDER "<mw:tocplace></mw:tocplace>"

/* One <hN> element found in the text. */
struct hmatch {
	size_t start, end;   /* the whole element */
	int level;           /* N */
	struct str attrib;   /* attributes and the closing '>' of the start tag */
	struct str header;   /* the content */
};


/*
 * htmlspecialchars( $s, ENT_COMPAT ): & < > " escaped, ' kept, as
 * Linker::makeHeadline writes the ids of a heading.
 */
static void add_compat(struct wt_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			wt_buf_adds(b, "&amp;");
			break;
		case '<':
			wt_buf_adds(b, "&lt;");
			break;
		case '>':
			wt_buf_adds(b, "&gt;");
			break;
		case '"':
			wt_buf_adds(b, "&quot;");
			break;
		default:
			wt_buf_add(b, s, 1);
		}
	}
}

static bool ci_prefix(const char *p, size_t n, const char *w)
{
	size_t l = strlen(w);
	return n >= l && strncasecmp(p, w, l) == 0;
}

/* The next heading element at or after `from` (the regex of finalizeHeadings). */
static bool next_heading(struct str t, size_t from, struct hmatch *m)
{
	for (size_t i = from; i + 3 < t.len; i++) {
		const char *lt = memchr(t.p + i, '<', t.len - 3 - i);
		if (!lt)
			break;
		i = (size_t)(lt - t.p);
		if ((t.p[i + 1] != 'h' && t.p[i + 1] != 'H') || t.p[i + 2] < '1' || t.p[i + 2] > '6')
			continue;
		size_t a = i + 3, k = a;
		while (k < t.len && t.p[k] != '>' && t.p[k] != '\n')
			k++;
		if (k >= t.len || t.p[k] != '>')
			continue;
		size_t hs = k + 1;
		for (size_t j = hs; j + 4 < t.len + 1; j++) {
			if (t.p[j] != '<' || !ci_prefix(t.p + j, t.len - j, "</h") || j + 3 >= t.len || t.p[j + 3] < '1' ||
			    t.p[j + 3] > '6')
				continue;
			size_t e = j + 4;
			while (e < t.len && t.p[e] == ' ')
				e++;
			if (e < t.len && t.p[e] == '>') {
				m->start = i;
				m->end = e + 1;
				m->level = t.p[i + 2] - '0';
				m->attrib = (struct str){ t.p + a, hs - a };
				m->header = (struct str){ t.p + hs, j - hs };
				return true;
			}
		}
		return false;
	}
	return false;
}

/* The text without <style>/<script> elements (T198618). */
static struct str drop_style_script(struct wt_ctx *cx, struct str s)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, s.len + 1);
	for (size_t i = 0; i < s.len; i++) {
		const char *name = NULL;
		if (s.p[i] == '<' && ci_prefix(s.p + i + 1, s.len - i - 1, "style"))
			name = "style";
		else if (s.p[i] == '<' && ci_prefix(s.p + i + 1, s.len - i - 1, "script"))
			name = "script";
		if (name) {
			size_t k = i + 1 + strlen(name);
			bool ok = k < s.len && s.p[k] == '>';
			if (!ok && k < s.len && s.p[k] == ' ') {
				const char *gt = memchr(s.p + k, '>', s.len - k);
				ok = gt && gt[-1] != '/';
				if (ok)
					k = (size_t)(gt - s.p);
			}
			if (ok) {
				char close[16];
				snprintf(close, sizeof(close), "</%s>", name);
				for (size_t j = k; j + strlen(close) <= s.len; j++) {
					if (strncasecmp(s.p + j, close, strlen(close)) == 0) {
						i = j + strlen(close) - 1;
						name = NULL;
						break;
					}
				}
				if (!name)
					continue;
			}
		}
		wt_buf_addc(&b, s.p[i]);
	}
	return wt_buf_str(&b);
}

static const char *const toc_tags[] = { "span", "sup", "sub", "bdi", "i", "b", "s", "strike", "q", NULL };

/* Is "<" + s an allowed TOC tag ("/?name" then '>' or ' ' ... '>'), its length to '>' in *len? */
static bool allowed_tag(struct str s, size_t i, size_t *name_end)
{
	size_t k = i + 1;
	if (k < s.len && s.p[k] == '/')
		k++;
	for (int t = 0; toc_tags[t]; t++) {
		size_t l = strlen(toc_tags[t]);
		if (s.len - k < l || memcmp(s.p + k, toc_tags[t], l) != 0)
			continue;
		size_t e = k + l;
		if (e < s.len && s.p[e] == '>') {
			*name_end = e;
			return true;
		}
		if (e < s.len && s.p[e] == ' ' && memchr(s.p + e, '>', s.len - e)) {
			*name_end = e;
			return true;
		}
	}
	return false;
}

/* The TOC line: tags other than a few inline ones removed, attributes dropped (span dir kept). */
static struct str toc_line(struct wt_ctx *cx, struct str s)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, s.len + 1);
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] != '<') {
			wt_buf_addc(&b, s.p[i]);
			continue;
		}
		size_t ne;
		if (allowed_tag(s, i, &ne)) {
			const char *gt = memchr(s.p + ne, '>', s.len - ne);
			size_t close = (size_t)(gt - s.p);
			/* Second regex: keep <span dir="rtl|ltr">, else only the name (q keeps its attributes). */
			size_t k = i + 1 + (s.p[i + 1] == '/');
			bool is_q = s.p[k] == 'q' && (k + 1 == ne);
			if (is_q) {
				wt_buf_add(&b, s.p + i, close + 1 - i);
				i = close;
				continue;
			}
			wt_buf_add(&b, s.p + i, ne - i);
			bool span = ne - k == 4 && memcmp(s.p + k, "span", 4) == 0;
			if (span) {
				static const char *const dirs[] = { " dir=\"rtl\"", " dir=\"ltr\"" };
				for (int d = 0; d < 2; d++) {
					size_t dl = strlen(dirs[d]);
					if (s.len - ne >= dl && memcmp(s.p + ne, dirs[d], dl) == 0 &&
					    (ne + dl == close || s.p[ne + dl] == ' ')) {
						wt_buf_add(&b, dirs[d], dl);
						break;
					}
				}
			}
			wt_buf_addc(&b, '>');
			i = close;
			continue;
		}
		/* Any other tag on this line: dropped up to its '>'. */
		size_t j = i + 1;
		while (j < s.len && s.p[j] != '>' && s.p[j] != '\n')
			j++;
		if (j < s.len && s.p[j] == '>') {
			i = j;
			continue;
		}
		wt_buf_addc(&b, s.p[i]);
	}
	struct str r = wt_buf_str(&b);
	/* "<span></span>" left from anchors like <span id="x"></span> goes. */
	struct wt_buf c;
	wt_buf_init(&c, cx->a, r.len + 1);
	for (size_t i = 0; i < r.len; i++) {
		if (r.len - i >= 13 && memcmp(r.p + i, "<span></span>", 13) == 0) {
			i += 12;
			continue;
		}
		wt_buf_addc(&c, r.p[i]);
	}
	return wt_trim(wt_buf_str(&c));
}

/* preg_replace('/<.*?>/', '') : tags on one line removed. */
static struct str strip_tags_line(struct wt_ctx *cx, struct str s)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, s.len + 1);
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == '<') {
			size_t j = i + 1;
			while (j < s.len && s.p[j] != '>' && s.p[j] != '\n')
				j++;
			if (j < s.len && s.p[j] == '>') {
				i = j;
				continue;
			}
		}
		wt_buf_addc(&b, s.p[i]);
	}
	return wt_buf_str(&b);
}

/* Parser::normalizeSectionName: the fragment of the title "#text". */
struct str wt_normalize_section_name(struct wt_ctx *cx, struct str s)
{
	/*
	 * For ASCII text the title's rules only make runs of spaces and '_'
	 * one space and drop them at the end (no namespace or interwiki
	 * prefix starts with '#'): text without '_', double or trailing
	 * spaces comes back as it is.
	 */
	bool plain = true;
	for (size_t i = 0; i < s.len && plain; i++) {
		unsigned char c = (unsigned char)s.p[i];
		plain = c < 0x80 && c != '_' && (c != ' ' || (i + 1 < s.len && s.p[i + 1] != ' '));
	}
	if (plain)
		return s;
	char *h = wt_aprintf(cx->a, "#%.*s", (int)s.len, s.p);
	struct wt_title t;
	if (wt_title_split(cx->a, cx->site, h, strlen(h), 0, &t) != RC_OK)
		return s;
	return str_c(t.fragment);
}

static enum wt_id_mode id_mode(enum wt_fragment_mode m)
{
	return m == WT_FRAG_LEGACY ? WT_ID_LEGACY : WT_ID_HTML5;
}

/* Lower-case ASCII copy (PHP strtolower) for the uniqueness keys. */
static char *lower(struct arena *a, struct str s)
{
	char *r = arena_strndup(a, s.p, s.len);
	for (char *c = r; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	return r;
}

/*
 * The set of ids used so far (Parser's $refers): a hash set in the arena,
 * so that a page of 10^5 headings stays linear. Each entry also keeps
 * the last suffix handed out for it as a base: the set only grows, so the
 * smallest free "_N" never goes down and the next search starts there
 * (MediaWiki counts up from 2 every time, which is quadratic in the
 * number of equal headings).
 */
struct ref_slot {
	const char *key; /* a used id, lower case; NULL for a free slot */
	int last;        /* the last N of "key_N" given out, 1 when none */
};

struct refers {
	struct ref_slot *slots; /* open addressing, linear probing */
	size_t cap;             /* slots, a power of two (0 before the first add) */
	size_t n;               /* used slots */
};

/* FNV-1a of a NUL-terminated key. */
static size_t ref_hash(const char *k)
{
	uint64_t h = 14695981039346656037u;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211u;
	return (size_t)h;
}

/* The slot of `k`: its entry, or the free slot where it would go; NULL while the set is empty. */
static struct ref_slot *ref_slot(const struct refers *r, const char *k)
{
	if (!r->cap)
		return NULL;
	for (size_t i = ref_hash(k) & (r->cap - 1);; i = (i + 1) & (r->cap - 1))
		if (!r->slots[i].key || strcmp(r->slots[i].key, k) == 0)
			return &r->slots[i];
}

/* Add `k` (not in the set); returns its entry. */
static struct ref_slot *refers_add(struct wt_ctx *cx, struct refers *r, const char *k)
{
	if (2 * (r->n + 1) > r->cap) {
		struct refers g = { arena_calloc(cx->a, r->cap ? 2 * r->cap : 64, sizeof(struct ref_slot)),
				    r->cap ? 2 * r->cap : 64, r->n };
		for (size_t i = 0; i < r->cap; i++)
			if (r->slots[i].key)
				*ref_slot(&g, r->slots[i].key) = r->slots[i];
		*r = g;
	}
	struct ref_slot *s = ref_slot(r, k);
	s->key = k;
	s->last = 1;
	r->n++;
	return s;
}

/* A free suffix "_N" for `key` (N from 2), recorded. Returns N, or 0 when `key` itself was free. */
static int unique(struct wt_ctx *cx, struct refers *r, const char *key)
{
	struct ref_slot *base = ref_slot(r, key);
	if (!base || !base->key) {
		refers_add(cx, r, key);
		return 0;
	}
	for (int i = base->last + 1;; i++) {
		char *k = wt_aprintf(cx->a, "%s_%d", key, i);
		struct ref_slot *s = ref_slot(r, k);
		if (!s->key) {
			refers_add(cx, r, k);
			/* The table may have grown: find the base again. */
			ref_slot(r, key)->last = i;
			return i;
		}
	}
}

/* Code points in s[0..n) (mb_strlen). */
static int64_t cp_count(const char *s, size_t n)
{
	/* Bytes minus continuation bytes (10xxxxxx), eight at a time. */
	int64_t c = (int64_t)n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t cont = x & ~(x << 1) & 0x8080808080808080ULL;
		c -= (int64_t)(((cont >> 7) * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		c -= ((unsigned char)s[i] & 0xC0) == 0x80;
	return c;
}

struct str wt_finalize_headings(struct wt_ctx *cx, struct str text, struct str orig, bool is_main)
{
	struct hmatch *ms = NULL;
	size_t n = 0, cap = 0;
	struct hmatch m;
	for (size_t from = 0; next_heading(text, from, &m); from = m.end) {
		ms = arena_grow(cx->a, ms, n, &cap, sizeof(*ms));
		ms[n++] = m;
	}
	bool maybe_edit = !cx->sw[WT_SW_noeditsection];
	bool enough = cx->show_toc && (n >= 4 || cx->force_toc_position);
	if (cx->sw[WT_SW_forcetoc]) {
		cx->show_toc = true;
		enough = true;
	}
	if (!n)
		return text;
	int max_toc = cx->site->max_toc_level ? cx->site->max_toc_level : 999;
	struct wt_buf toc;
	wt_buf_init(&toc, cx->a, 256);
	int level = 0, prevlevel = 0, toclevel = 0, prevtoclevel = 0, num_visible = 0;
	int sublevel[8] = { 0 }, levelcount[8] = { 0 };
	struct refers refers = { NULL, 0, 0 };
	struct str *heads = arena_calloc(cx->a, n, sizeof(*heads));
	/* The page's top-level headings with their offsets, for byte offsets. */
	struct wt_node *root = is_main ? wt_ctx_tree0(cx, orig) : NULL;
	const struct wt_node *node = root ? root->first : NULL;
	int64_t byte_off = 0;
	const char *node_scan_from = orig.p;
	struct str self_page = { NULL, 0 };
	for (size_t h = 0; h < n; h++) {
		struct str headline = ms[h].header;
		bool is_template = false;
		const char *title_text = NULL;
		int section_index = -1;
		long idx;
		size_t ml = headline.len ? wt_marker_len(headline.p, headline.len, &idx) : 0;
		if (ml && idx < 0 && idx != LONG_MIN) {
			size_t serial = (size_t)(-idx - 1);
			if (serial < cx->n_headings) {
				title_text = cx->headings[serial].pdbk;
				section_index = cx->headings[serial].index;
				is_template = strcmp(title_text, cx->title_pdbk) != 0;
			}
			headline.p += ml;
			headline.len -= ml;
			while (headline.len && strchr(" \t\n\r\f\v", headline.p[0]) && headline.p[0])
				headline.p++, headline.len--;
		}
		if (toclevel)
			prevlevel = level;
		level = ms[h].level;
		if (level > prevlevel) {
			toclevel++;
			if (toclevel < 8)
				sublevel[toclevel] = 0;
			if (toclevel < max_toc) {
				prevtoclevel = toclevel;
				wt_buf_adds(&toc, "\n<ul>\n");
				num_visible++;
			}
		} else if (level < prevlevel && toclevel > 1) {
			int i;
			for (i = toclevel; i > 0; i--) {
				int lc = i < 8 ? levelcount[i] : 0;
				if (lc == level) {
					toclevel = i;
					break;
				} else if (lc < level) {
					toclevel = i + 1;
					break;
				}
			}
			if (i == 0)
				toclevel = 1;
			if (toclevel < max_toc) {
				if (prevtoclevel < max_toc) {
					wt_buf_adds(&toc, "</li>\n");
					for (int k = 0; k < prevtoclevel - toclevel; k++)
						wt_buf_adds(&toc, "</ul>\n</li>\n");
					prevtoclevel = toclevel;
				} else {
					wt_buf_adds(&toc, "</li>\n");
				}
			}
		} else if (toclevel < max_toc) {
			wt_buf_adds(&toc, "</li>\n");
		}
		if (toclevel < 8)
			levelcount[toclevel] = level;
		if (toclevel < 8)
			sublevel[toclevel]++;
		struct wt_buf numbering;
		wt_buf_init(&numbering, cx->a, 16);
		for (int i = 1; i <= toclevel && i < 8; i++) {
			if (sublevel[i]) {
				if (numbering.len)
					wt_buf_addc(&numbering, '.');
				wt_buf_addll(&numbering, sublevel[i]);
			}
		}
		struct str safe = wt_link_holders_text(cx, headline);
		safe = wt_unstrip_both(cx, safe);
		safe = drop_style_script(cx, safe);
		struct str tocline = toc_line(cx, safe);
		safe = strip_tags_line(cx, safe);
		safe = wt_san_normalize_section_ws(cx->a, safe);
		struct str hint = safe;
		safe = wt_san_decode_charrefs(cx->a, safe);
		safe = wt_normalize_section_name(cx, safe);
		enum wt_id_mode primary = id_mode(cx->site->fragment_mode);
		struct str fallback = { NULL, 0 };
		if (cx->site->fragment_fallback != WT_FRAG_NONE)
			fallback = wt_san_escape_id(cx->a, safe, id_mode(cx->site->fragment_fallback));
		struct str link_anchor = wt_san_escape_id_link(cx->a, safe, primary);
		struct str anchor = wt_san_escape_id(cx->a, safe, primary);
		if (fallback.p && fallback.len == anchor.len && memcmp(fallback.p, anchor.p, anchor.len) == 0)
			fallback.p = NULL;
		int dup = unique(cx, &refers, lower(cx->a, anchor));
		const char *anchor_s = dup ? wt_aprintf(cx->a, "%.*s_%d", (int)anchor.len, anchor.p, dup)
					   : arena_strndup(cx->a, anchor.p, anchor.len);
		const char *link_anchor_s = dup ? wt_aprintf(cx->a, "%.*s_%d", (int)link_anchor.len, link_anchor.p, dup)
						: arena_strndup(cx->a, link_anchor.p, link_anchor.len);
		const char *fallback_s = NULL;
		if (fallback.p) {
			int fd = unique(cx, &refers, lower(cx->a, fallback));
			fallback_s = fd ? wt_aprintf(cx->a, "%.*s_%d", (int)fallback.len, fallback.p, fd)
					: arena_strndup(cx->a, fallback.p, fallback.len);
		} else if (!ref_slot(&refers, "0") || !ref_slot(&refers, "0")->key) {
			/*
			 * MediaWiki records the missing fallback's key, false, which
			 * PHP makes the array key 0: the same as the id "0", so a later
			 * heading "0" is "0_2" once any heading had no own fallback.
			 */
			refers_add(cx, &refers, "0");
		}
		if (enough && toclevel < max_toc) {
			wt_buf_adds(&toc, "<li class=\"toclevel-");
			wt_buf_addll(&toc, toclevel);
			if (section_index >= 0 && !is_template) {
				wt_buf_adds(&toc, " tocsection-");
				wt_buf_addll(&toc, section_index);
			}
			wt_buf_adds(&toc, "\"><a");
			size_t al = strlen(link_anchor_s);
			char *href = arena_alloc(cx->a, al + 2);
			href[0] = '#';
			memcpy(href + 1, link_anchor_s, al + 1);
			wt_html_attr(&toc, STR_LIT("href"), (struct str){ href, al + 1 });
			wt_buf_adds(&toc, "><span class=\"tocnumber\">");
			wt_buf_add_html(&toc, numbering.p, numbering.len);
			wt_buf_adds(&toc, "</span> <span class=\"toctext\">");
			wt_buf_addstr(&toc, tocline);
			wt_buf_adds(&toc, "</span></a>");
			if (memchr(tocline.p, '<', tocline.len) || memchr(tocline.p, '>', tocline.len))
				cx->toc_markup = true;
		}
		bool no_offset = is_template || section_index < 0;
		int64_t off = -1;
		if (!no_offset && root) {
			while (node && !(node->type == WT_N_H && node->i == section_index)) {
				node = node->next;
			}
			if (node) {
				const char *at = node->first->p;
				byte_off += cp_count(node_scan_from, (size_t)(at - node_scan_from));
				node_scan_from = at;
				off = byte_off;
			}
		}
		if (is_main) {
			struct wt_output *o = cx->out;
			o->sections = arena_grow(cx->a, o->sections, o->n_sections, &cx->cap_sections, sizeof(*o->sections));
			struct wt_section *sec = &o->sections[o->n_sections++];
			sec->toclevel = toclevel;
			sec->level = level;
			sec->line = arena_strndup(cx->a, tocline.p, tocline.len);
			sec->number = numbering.p;
			sec->index = "";
			if (section_index >= 0) {
				/* "T-" for a template's section, then the number (no printf: one per heading). */
				struct wt_buf ib;
				wt_buf_init(&ib, cx->a, 16);
				if (is_template)
					wt_buf_adds(&ib, "T-");
				wt_buf_addll(&ib, section_index);
				sec->index = ib.p;
			}
			sec->fromtitle = title_text;
			sec->byteoffset = off;
			sec->anchor = anchor_s;
			sec->linkanchor = link_anchor_s;
		}
		struct wt_buf hb;
		wt_buf_init(&hb, cx->a, headline.len + 256);
		wt_buf_adds(&hb, "<h");
		wt_buf_addll(&hb, level);
		wt_buf_addstr(&hb, ms[h].attrib);
		if (fallback_s && strcmp(fallback_s, anchor_s) != 0) {
			wt_buf_adds(&hb, "<span id=\"");
			add_compat(&hb, fallback_s);
			wt_buf_adds(&hb, "\"></span>");
		}
		wt_buf_adds(&hb, "<span class=\"mw-headline\" id=\"");
		add_compat(&hb, anchor_s);
		wt_buf_adds(&hb, "\">");
		wt_buf_addstr(&hb, headline);
		wt_buf_adds(&hb, "</span>");
		if (maybe_edit && section_index >= 0) {
			wt_buf_adds(&hb, "<mw:editsection page=\"");
			if (is_template) {
				wt_buf_add_html(&hb, title_text, strlen(title_text));
			} else {
				/* The page's own title, escaped once per page. */
				if (!self_page.p) {
					const char *page = wt_title_prefixed(cx->a, cx->site, &cx->title, false);
					struct wt_buf pb;
					wt_buf_init(&pb, cx->a, strlen(page) + 16);
					wt_buf_add_html(&pb, page, strlen(page));
					self_page = (struct str){ pb.p ? pb.p : "", pb.len };
				}
				wt_buf_addstr(&hb, self_page);
			}
			wt_buf_adds(&hb, "\" section=\"");
			wt_buf_adds(&hb, is_template ? "T-" : "");
			wt_buf_addll(&hb, section_index);
			wt_buf_adds(&hb, "\">");
			wt_buf_addstr(&hb, hint);
			wt_buf_adds(&hb, "</mw:editsection>");
		}
		wt_buf_adds(&hb, "</h");
		wt_buf_addll(&hb, level);
		wt_buf_addc(&hb, '>');
		heads[h] = wt_buf_str(&hb);
	}
	/*
	 * disabletoc (opt.no_toc) is ParserOutput::getText's allowTOC: the
	 * TOC is made and its sections listed, and only the output transform
	 * leaves it out (the line it would stand on stays).
	 */
	if (num_visible < 1)
		enough = false;
	if (enough) {
		if (prevtoclevel > 0 && prevtoclevel < max_toc) {
			wt_buf_adds(&toc, "</li>\n");
			for (int k = 0; k < prevtoclevel - 1; k++)
				wt_buf_adds(&toc, "</ul>\n</li>\n");
		}
		struct wt_buf list;
		wt_buf_init(&list, cx->a, toc.len + 512);
		wt_buf_adds(&list, "<div id=\"toc\" class=\"toc\" role=\"navigation\" aria-labelledby=\"mw-toc-heading\">"
				   "<input type=\"checkbox\" role=\"button\" id=\"toctogglecheckbox\" class=\"toctogglecheckbox\" "
				   "style=\"display:none\" /><div class=\"toctitle\" lang=\"");
		wt_buf_adds(&list, cx->opt.user_lang);
		wt_buf_adds(&list, wt_language_is_rtl(str_c(cx->opt.user_lang)) ? "\" dir=\"rtl\"" : "\" dir=\"ltr\"");
		wt_buf_adds(&list, "><h2 id=\"mw-toc-heading\">");
		const char *title = wt_umsg(cx, "toc", NULL, NULL, NULL);
		wt_buf_add_html(&list, title, strlen(title));
		wt_buf_adds(&list, "</h2><span class=\"toctogglespan\"><label class=\"toctogglelabel\" for=\"toctogglecheckbox\">"
				   "</label></span></div>");
		wt_buf_addstr(&list, wt_buf_str(&toc));
		wt_buf_adds(&list, "</ul>\n</div>\n");
		cx->toc_html = wt_buf_str(&list);
		cx->out->has_toc = true;
	}
	/* Put the new headings in place of the old. */
	struct wt_buf out;
	wt_buf_init(&out, cx->a, text.len * 2 + 256);
	size_t prev = 0;
	for (size_t h = 0; h < n; h++) {
		wt_buf_add(&out, text.p + prev, ms[h].start - prev);
		if (h == 0 && enough && is_main && !cx->force_toc_position)
			wt_buf_adds(&out, TOC_PLACEHOLDER "\n");
		wt_buf_addstr(&out, heads[h]);
		prev = ms[h].end;
	}
	wt_buf_add(&out, text.p + prev, text.len - prev);
	return wt_buf_str(&out);
}

/*
 * The first `from` (fl bytes) in p[0..len), or NULL. A needle that starts
 * with '<', which HTML is full of, is found faster by the C library's
 * memmem(); one whose first byte is rare in page text (U+0338's 0xcc) by
 * util_memmem()'s memchr() on that byte, many times faster there.
 */
static const char *find(const char *p, size_t len, const char *from, size_t fl)
{
	return from[0] == '<' ? memmem(p, len, from, fl) : util_memmem(p, len, from, fl);
}

/* Replace every occurrence of `from` in `t` by `to`. */
static struct str replace_all(struct wt_ctx *cx, struct str t, const char *from, struct str to)
{
	size_t fl = strlen(from);
	if (!find(t.p, t.len, from, fl))
		return t;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + to.len + 16);
	size_t start = 0;
	for (;;) {
		const char *f = find(t.p + start, t.len - start, from, fl);
		if (!f)
			break;
		wt_buf_add(&b, t.p + start, (size_t)(f - t.p) - start);
		wt_buf_addstr(&b, to);
		start = (size_t)(f - t.p) + fl;
	}
	wt_buf_add(&b, t.p + start, t.len - start);
	return wt_buf_str(&b);
}

/* The page of the last edit link: every heading of a page names the same one. */
struct edit_page {
	struct str page; /* its text as written in the placeholder (empty: none yet) */
	int rc;          /* what reading it gave */
	struct wt_title t; /* the title */
	const char *href; /* its edit URL up to the section number, HTML-escaped (NULL: not made yet) */
	const char *label; /* the link text, the "editsection" message HTML-escaped (NULL: not made yet) */
};

/* One "<mw:editsection page=.. section=..>hint</mw:editsection>" made into the [edit] link. */
static void edit_link(struct wt_ctx *cx, struct wt_buf *b, struct edit_page *last, struct str page, struct str section,
		      struct str hint)
{
	if (!last->page.p || last->page.len != page.len || memcmp(last->page.p, page.p, page.len) != 0) {
		last->page = page;
		last->rc = wt_ctx_title(cx, wt_san_decode_charrefs(cx->a, page), 0, &last->t);
		last->href = NULL;
	}
	if (last->rc != RC_OK)
		return;
	struct str sec = wt_san_decode_charrefs(cx->a, section);
	struct str h = wt_san_decode_charrefs(cx->a, hint);
	wt_buf_adds(b, "<span class=\"mw-editsection\"><span class=\"mw-editsection-bracket\">[</span><a");
	if (!last->href) {
		/*
		 * The query ends the URL: the attribute up to the section
		 * number is the same for every heading (without its closing
		 * quote). The number, URL-encoded, needs no escaping.
		 */
		const char *u = wt_local_url(cx, &last->t, "action=edit&section=");
		struct wt_buf hb;
		wt_buf_init(&hb, cx->a, strlen(u) + 16);
		wt_html_attr(&hb, STR_LIT("href"), str_c(u));
		hb.p[--hb.len] = '\0';
		last->href = hb.p;
	}
	wt_buf_adds(b, last->href);
	struct wt_buf q;
	wt_buf_init(&q, cx->a, 16);
	wt_wfurlencode(&q, sec.p, sec.len);
	wt_buf_add_html(b, q.p, q.len);
	wt_buf_addc(b, '"');
	const char *hint_text = wt_umsg(cx, "editsectionhint", arena_strndup(cx->a, h.p, h.len), NULL, NULL);
	wt_html_attr(b, STR_LIT("title"), str_c(hint_text));
	wt_buf_addc(b, '>');
	if (!last->label) {
		const char *e = wt_umsg(cx, "editsection", NULL, NULL, NULL);
		struct wt_buf lb;
		wt_buf_init(&lb, cx->a, strlen(e) + 16);
		wt_buf_add_html(&lb, e, strlen(e));
		last->label = lb.p ? lb.p : "";
	}
	wt_buf_adds(b, last->label);
	wt_buf_adds(b, "</a><span class=\"mw-editsection-bracket\">]</span></span>");
}

/*
 * Is the TOC already as tidy would write it? Its tags are our own and
 * balanced; tidy changes only text it escapes or reformats ('<', '>',
 * character references, U+00A0, U+0338, French spaces) and attribute
 * values with references in them. So: no markup in the TOC lines, no
 * '&' anywhere, no U+00A0, U+0338 or guillemets French spacing looks
 * at, no NUL, and no space before French punctuation.
 */
static bool toc_is_tidy(const struct wt_ctx *cx)
{
	if (cx->toc_markup)
		return false;
	/*
	 * The TOC is a NUL-terminated buffer of mostly plain bytes: strcspn()
	 * jumps to each byte that may matter ('&', French punctuation, the
	 * first byte of a character wt_san_tidy_special() may find), and a
	 * NUL before the end is itself one tidy changes. French punctuation
	 * counts only after a space.
	 */
	const char *s = cx->toc_html.p;
	size_t len = cx->toc_html.len;
	for (size_t i = 0;;) {
		i += strcspn(s + i, "&?:;!%\xc2\xcc\xe2");
		if (i >= len)
			return true;
		switch (s[i]) {
		case '&':
		case '\0':
			return false;
		case '?':
		case ':':
		case ';':
		case '!':
		case '%':
			if (i > 0 && s[i - 1] == ' ')
				return false;
			break;
		default:
			if (wt_san_tidy_special(s + i, len - i))
				return false;
			break;
		}
		i++;
	}
}

struct str wt_output_transform(struct wt_ctx *cx, struct str before, struct str text, struct str after, bool edit_links,
			       bool allow_toc)
{
	static const char open[] = "<mw:editsection page=\"";
	if (memmem(text.p, text.len, open, sizeof(open) - 1)) {
		struct wt_buf b;
		wt_buf_init(&b, cx->a, before.len + text.len + after.len + 1024);
		wt_buf_addstr(&b, before);
		size_t start = 0;
		struct edit_page last = { { NULL, 0 }, RC_OK, { 0 }, NULL, NULL };
		for (;;) {
			const char *f = memmem(text.p + start, text.len - start, open, sizeof(open) - 1);
			if (!f)
				break;
			size_t ps = (size_t)(f - text.p) + sizeof(open) - 1;
			/* The rest of the placeholder is near: util_memmem() finds it without the C library's set-up. */
			const char *pe = util_memmem(text.p + ps, text.len - ps, "\" section=\"", 11);
			const char *se = pe ? util_memmem(pe + 11, text.len - (size_t)(pe + 11 - text.p), "\">", 2) : NULL;
			const char *ce = NULL;
			if (se)
				ce = util_memmem(se + 2, text.len - (size_t)(se + 2 - text.p), "</mw:editsection>", 17);
			if (!ce) {
				wt_buf_add(&b, text.p + start, ps - start);
				start = ps;
				continue;
			}
			wt_buf_add(&b, text.p + start, (size_t)(f - text.p) - start);
			if (edit_links)
				edit_link(cx, &b, &last, (struct str){ text.p + ps, (size_t)(pe - text.p) - ps },
					  (struct str){ pe + 11, (size_t)(se - pe - 11) },
					  (struct str){ se + 2, (size_t)(ce - se - 2) });
			start = (size_t)(ce - text.p) + 17;
		}
		wt_buf_add(&b, text.p + start, text.len - start);
		wt_buf_addstr(&b, after);
		if (b.is_toobig)
			cx->is_toobig = true;
		text = wt_buf_str(&b);
	} else {
		/* A copy even without a wrapper: the page's HTML is NUL-terminated for the caller (tidy's is not). */
		struct wt_buf b;
		wt_buf_init(&b, cx->a, before.len + text.len + after.len);
		wt_buf_addstr(&b, before);
		wt_buf_addstr(&b, text);
		wt_buf_addstr(&b, after);
		if (b.is_toobig)
			cx->is_toobig = true;
		text = wt_buf_str(&b);
	}
	struct str toc = { "", 0 };
	if (allow_toc && cx->toc_html.len) {
		if (cx->lconv && !cx->sw[WT_SW_nocontentconvert] && !cx->opt.interface_message)
			/* The TOC in the variant, with the rules the page defined (ParserOutput::getText). */
			toc = wt_ctx_tidy(cx, wt_lconv_convert(cx, cx->toc_html));
		else
			toc = toc_is_tidy(cx) ? cx->toc_html : wt_ctx_tidy(cx, cx->toc_html);
	}
	text = replace_all(cx, text, TOC_PLACEHOLDER, toc);
	/*
	 * Last, as getText() ends: a combining long solidus overlay (U+0338)
	 * still written raw, in an attribute value (tidy has escaped those in
	 * text), becomes "&#x338;", so that NFC cannot join it with the '>'
	 * or '"' before it (Sanitizer::escapeCombiningChar, T387130).
	 */
	return replace_all(cx, text, "\xcc\xb8", STR_LIT("&#x338;"));
}
