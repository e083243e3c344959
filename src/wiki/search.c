/* SPDX-License-Identifier: MIT */
/*
 * search.c — full-text search above the store's index (store/search.c):
 * the query language, result snippets, spelling suggestions, keeping the
 * index current and rebuilding it.
 *
 * Query language (case does not matter):
 *   word        pages with the word in title or text
 *   wor*        words starting with "wor"
 *   "a b c"     the words one after the other
 *   -word       pages without it (also -"a b", -wor*)
 *   intitle:x   x (a word, prefix or phrase) in the title
 *   incategory:Name, incategory:"Two words", incategory:A|B
 *               pages in category Name (either of A and B)
 * Everything else is a word; characters that are neither letters nor
 * digits separate words (the index tokenizes the same way).
 *
 * Snippets follow MediaWiki 1.39's database search (SearchHighlighter::
 * highlightSimple): the first two lines of the wikitext with a match,
 * up to 75 characters around it, HTML-escaped, every match wrapped in
 * <span class='searchmatch'>. Matches are MediaWiki's term patterns:
 * the lower-cased term between word boundaries (only at the start for
 * a prefix), compared without regard to ASCII case.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../store/store.h"
#include "../util/progress.h"
#include "../util/sbuf.h"
#include "wiki.h"

/* Lines of a snippet and characters of context around a match (MediaWiki's defaults). */
#define SNIPPET_LINES 2
#define SNIPPET_CONTEXT 75

/* Longest query text parsed (bytes); srsearch longer than this is cut. */
#define QUERY_MAX 4096

/* Words of the vocabulary read when looking for a spelling suggestion. */
#define SUGGEST_CANDIDATES 50000

/* ---------- parsing ---------- */

/* True for bytes that are part of words: ASCII letters and digits, and all of UTF-8 beyond ASCII. */
static bool is_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* True when `s` holds at least one word character. */
static bool has_word(const char *s)
{
	for (; *s; s++)
		if (is_word_byte((unsigned char)*s))
			return true;
	return false;
}

/* Lower-case copy of `len` bytes of `s` (ASCII; other bytes as they are). */
static char *lower(struct arena *a, const char *s, size_t len)
{
	char *out = arena_strndup(a, s, len);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

/* PCRE2 quoting of `s` as PHP's preg_quote() with '/' as the delimiter. */
static void quote_regex(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		if (strchr(".\\+*?[^]$(){}=!<>|:-#/", *s))
			sbuf_addc(out, '\\');
		sbuf_addc(out, *s);
	}
}

/* Add a term and, for positive ones, its highlighting pattern. */
static void add_term(struct arena *a, struct wiki_search *q, size_t *cap_t, size_t *cap_m,
		     const struct store_search_term *t)
{
	q->terms = arena_grow(a, q->terms, q->n_terms, cap_t, sizeof(*q->terms));
	q->terms[q->n_terms++] = *t;
	if (t->is_negated)
		return;
	struct sbuf re;
	sbuf_init(&re, QUERY_MAX * 2);
	sbuf_adds(&re, "\\b");
	quote_regex(&re, t->text);
	if (!t->is_prefix)
		sbuf_adds(&re, "\\b");
	q->marks = arena_grow(a, q->marks, q->n_marks, cap_m, sizeof(*q->marks));
	q->marks[q->n_marks++] = arena_strndup(a, sbuf_cstr(&re), re.len);
	sbuf_release(&re);
}

/* A category name as its dbkey: spaces as '_', first letter upper-case (titles of namespace 14). */
static const char *category_key(struct arena *a, const char *name)
{
	struct wiki_title t;
	const char *err;
	if (wiki_title_parse(a, name, WIKI_NS_CATEGORY, &t, &err) != RC_OK)
		return NULL;
	return t.dbkey;
}

int wiki_search_parse(struct arena *a, const char *query, bool title_only, struct wiki_search *q)
{
	memset(q, 0, sizeof(*q));
	size_t cap_t = 0, cap_m = 0, cap_c = 0, len = strlen(query);
	if (len > QUERY_MAX)
		len = QUERY_MAX;
	const char *p = query, *end = query + len;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (p >= end)
			break;
		struct store_search_term t = { .field = title_only ? STORE_SEARCH_TITLE : STORE_SEARCH_ANY };
		if (*p == '-' || *p == '!') {
			t.is_negated = true;
			p++;
		}
		bool is_category = false;
		if ((size_t)(end - p) > 8 && strncasecmp(p, "intitle:", 8) == 0) {
			t.field = STORE_SEARCH_TITLE;
			p += 8;
		} else if ((size_t)(end - p) > 11 && strncasecmp(p, "incategory:", 11) == 0) {
			is_category = true;
			p += 11;
		}
		const char *v;
		size_t vlen;
		if (*p == '"') {
			const char *close = memchr(p + 1, '"', (size_t)(end - p - 1));
			v = p + 1;
			vlen = close ? (size_t)(close - v) : (size_t)(end - v);
			p = close ? close + 1 : end;
			t.is_phrase = true;
		} else {
			v = p;
			while (p < end && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				p++;
			vlen = (size_t)(p - v);
		}
		if (p < end && *p == '*' && t.is_phrase) {
			p++;
			t.is_prefix = true;
		}
		if (is_category) {
			/* incategory:A|B — any of the categories; several incategory: terms all apply. */
			const char *names = arena_strndup(a, v, vlen);
			char *alt = NULL;
			for (const char *s = names; *s;) {
				const char *bar = strchr(s, '|');
				size_t n = bar ? (size_t)(bar - s) : strlen(s);
				const char *key = category_key(a, arena_strndup(a, s, n));
				if (key)
					alt = alt ? arena_printf(a, "%s|%s", alt, key) : arena_strdup(a, key);
				s += n + (bar ? 1 : 0);
			}
			if (alt && !t.is_negated) {
				q->categories = arena_grow(a, q->categories, q->n_categories, &cap_c,
							   sizeof(*q->categories));
				q->categories[q->n_categories++] = alt;
			}
			continue;
		}
		if (!t.is_phrase && vlen && v[vlen - 1] == '*') {
			t.is_prefix = true;
			vlen--;
		}
		char *text = lower(a, v, vlen);
		/* Phrase words are separated by single spaces, as the index sees them. */
		if (!has_word(text))
			continue;
		t.text = text;
		add_term(a, q, &cap_t, &cap_m, &t);
	}
	return RC_OK;
}

/* ---------- highlighting ---------- */

/* The alternation of the positive terms' patterns: "(?:a)|(?:b)". */
static const char *marks_pattern(struct arena *a, const struct wiki_search *q)
{
	struct sbuf re;
	sbuf_init(&re, QUERY_MAX * 4);
	for (size_t i = 0; i < q->n_marks; i++) {
		if (i)
			sbuf_addc(&re, '|');
		sbuf_adds(&re, q->marks[i]);
	}
	const char *out = arena_strndup(a, sbuf_cstr(&re), re.len);
	sbuf_release(&re);
	return out;
}

/* Compile `pattern` (ASCII case-insensitive, bytes); NULL when it does not compile. */
static pcre2_code *compile(const char *pattern)
{
	int err;
	PCRE2_SIZE off;
	return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &err, &off, NULL);
}

/* htmlspecialchars() of `len` bytes: & < > " ' as PHP 8 escapes them. */
static void add_escaped(struct sbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': sbuf_adds(out, "&amp;"); break;
		case '<': sbuf_adds(out, "&lt;"); break;
		case '>': sbuf_adds(out, "&gt;"); break;
		case '"': sbuf_adds(out, "&quot;"); break;
		case '\'': sbuf_adds(out, "&#039;"); break;
		default: sbuf_addc(out, s[i]);
		}
	}
}

/*
 * `text` escaped, with every match of `re` wrapped in the searchmatch
 * span, appended to `out`. Returns how many matches were wrapped.
 */
static int add_marked(struct sbuf *out, pcre2_code *re, pcre2_match_data *md, const char *text, size_t len)
{
	struct sbuf esc;
	sbuf_init(&esc, len * 6 + 16);
	add_escaped(&esc, text, len);
	const char *s = sbuf_cstr(&esc);
	size_t n = esc.len, at = 0;
	int count = 0;
	while (at <= n && pcre2_match(re, (PCRE2_SPTR)s, n, at, 0, md, NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		if (ov[1] == ov[0]) {
			/* An empty match: keep the byte and move on. */
			if (ov[0] >= n)
				break;
			sbuf_add(out, s + at, ov[0] + 1 - at);
			at = ov[0] + 1;
			continue;
		}
		sbuf_add(out, s + at, ov[0] - at);
		sbuf_adds(out, "<span class='searchmatch'>");
		sbuf_add(out, s + ov[0], ov[1] - ov[0]);
		sbuf_adds(out, "</span>");
		at = ov[1];
		count++;
	}
	if (at < n)
		sbuf_add(out, s + at, n - at);
	sbuf_release(&esc);
	return count;
}

/* Characters in `len` bytes of UTF-8 (bytes that do not continue a character). */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Byte offset of character `k` of `s` (len bytes). */
static size_t utf8_offset(const char *s, size_t len, size_t k)
{
	size_t i = 0;
	for (size_t c = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (c == k)
				return i;
			c++;
		}
	}
	return len;
}

/* PHP's trim character set. */
static bool is_php_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\v';
}

/* MediaWiki's ellipsis ("…"), used by its truncateForVisual(). */
#define ELLIPSIS "\xe2\x80\xa6"

/*
 * Language::truncateForVisual() with adjustLength false: at most
 * SNIPPET_CONTEXT characters of `s`, from its end when `from_end`, with
 * the ellipsis on the cut side (and the whitespace there trimmed) — only
 * when that makes the text shorter. Appended to `out`.
 */
static void add_truncated(struct sbuf *out, const char *s, size_t len, bool from_end)
{
	size_t chars = utf8_chars(s, len);
	if (chars <= SNIPPET_CONTEXT) {
		sbuf_add(out, s, len);
		return;
	}
	struct sbuf t;
	sbuf_init(&t, len + 8);
	if (from_end) {
		size_t off = utf8_offset(s, len, chars - SNIPPET_CONTEXT);
		while (off < len && is_php_space(s[off]))
			off++;
		sbuf_adds(&t, ELLIPSIS);
		sbuf_add(&t, s + off, len - off);
	} else {
		size_t cut = utf8_offset(s, len, SNIPPET_CONTEXT);
		while (cut && is_php_space(s[cut - 1]))
			cut--;
		sbuf_add(&t, s, cut);
		sbuf_adds(&t, ELLIPSIS);
	}
	if (utf8_chars(sbuf_cstr(&t), t.len) < chars)
		sbuf_add(out, sbuf_cstr(&t), t.len);
	else
		sbuf_add(out, s, len);
	sbuf_release(&t);
}

const char *wiki_search_snippet(struct arena *a, const struct wiki_search *q, const char *text)
{
	if (!q->n_marks)
		return "";
	const char *terms = marks_pattern(a, q);
	pcre2_code *line_re = compile(arena_printf(a, "(.*)(%s)(.{0,%d})", terms, SNIPPET_CONTEXT + 1));
	pcre2_code *term_re = compile(arena_printf(a, "(%s)", terms));
	if (!line_re || !term_re) {
		pcre2_code_free(line_re);
		pcre2_code_free(term_re);
		return "";
	}
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(line_re, NULL);
	pcre2_match_data *md2 = pcre2_match_data_create_from_pattern(term_re, NULL);
	struct sbuf out, line;
	sbuf_init(&out, 1 << 20);
	sbuf_init(&line, 1 << 20);
	int lines = SNIPPET_LINES;
	for (const char *p = text; lines > 0;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (pcre2_match(line_re, (PCRE2_SPTR)p, len, 0, 0, md, NULL) > 0) {
			lines--;
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			sbuf_clear(&line);
			add_truncated(&line, p + ov[2], ov[3] - ov[2], true);
			sbuf_add(&line, p + ov[4], ov[5] - ov[4]);
			add_truncated(&line, p + ov[6], ov[7] - ov[6], false);
			add_marked(&out, term_re, md2, sbuf_cstr(&line), line.len);
			sbuf_addc(&out, '\n');
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	pcre2_match_data_free(md);
	pcre2_match_data_free(md2);
	pcre2_code_free(line_re);
	pcre2_code_free(term_re);
	const char *s = arena_strndup(a, sbuf_cstr(&out), out.len);
	sbuf_release(&out);
	sbuf_release(&line);
	return s;
}

const char *wiki_search_highlight(struct arena *a, const struct wiki_search *q, const char *text)
{
	if (!q->n_marks)
		return "";
	pcre2_code *re = compile(arena_printf(a, "(%s)", marks_pattern(a, q)));
	if (!re)
		return "";
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	struct sbuf out;
	sbuf_init(&out, 1 << 20);
	int n = add_marked(&out, re, md, text, strlen(text));
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	const char *s = n ? arena_strndup(a, sbuf_cstr(&out), out.len) : "";
	sbuf_release(&out);
	return s;
}

bool wiki_search_section(struct arena *a, const struct wiki_search *q, const char *text, const char **title,
			 const char **snippet)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		/* A heading: "=" ... "=" on a line of its own, at least one on each side. */
		size_t b = 0, e = len;
		while (e > 0 && (p[e - 1] == ' ' || p[e - 1] == '\t' || p[e - 1] == '\r'))
			e--;
		size_t lead = 0, trail = 0;
		while (lead < e && p[lead] == '=')
			lead++;
		while (trail < e - lead && p[e - 1 - trail] == '=')
			trail++;
		if (lead && trail && lead + trail < e) {
			size_t level = MIN(lead, trail);
			b = level;
			e -= level;
			while (b < e && (p[b] == ' ' || p[b] == '\t'))
				b++;
			while (e > b && (p[e - 1] == ' ' || p[e - 1] == '\t'))
				e--;
			const char *h = arena_strndup(a, p + b, e - b);
			const char *marked = wiki_search_highlight(a, q, h);
			if (*marked) {
				*title = h;
				*snippet = marked;
				return true;
			}
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return false;
}

const char *wiki_search_category_snippet(struct arena *a, const struct wiki_search *q, const char *text)
{
	for (const char *p = strstr(text, "[["); p; p = strstr(p + 2, "[[")) {
		const char *colon = strchr(p + 2, ':'), *close = strstr(p + 2, "]]");
		if (!colon || !close || colon > close)
			continue;
		if (wiki_ns_from_name(p + 2, (size_t)(colon - p - 2)) != WIKI_NS_CATEGORY)
			continue;
		const char *name = colon + 1, *bar = memchr(name, '|', (size_t)(close - name));
		const char *cat = arena_strndup(a, name, (size_t)((bar ? bar : close) - name));
		const char *marked = wiki_search_highlight(a, q, cat);
		if (*marked)
			return marked;
	}
	return "";
}

long wiki_search_wordcount(const char *text)
{
	/*
	 * PHP's str_word_count(): runs of ASCII letters, ' and -; a leading '
	 * or - of the whole text and a trailing - of the whole text are not
	 * counted as word characters.
	 */
	const unsigned char *p = (const unsigned char *)text, *e = p + strlen(text);
	if (p < e && (*p == '\'' || *p == '-'))
		p++;
	if (e > p && e[-1] == '-')
		e--;
	long n = 0;
	while (p < e) {
		const unsigned char *s = p;
		while (p < e && (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || *p == '\'' || *p == '-'))
			p++;
		if (p > s)
			n++;
		p++;
	}
	return n;
}

/* ---------- spelling suggestions ---------- */

/*
 * Optimal string alignment distance (edits: insert, delete, substitute,
 * swap two neighbours) between byte strings, or `limit` + 1 as soon as
 * it exceeds `limit`. Words are short: at most 64 bytes are compared.
 */
static int edit_distance(const char *x, const char *y, int limit)
{
	int n = (int)strlen(x), m = (int)strlen(y);
	if (n > 64 || m > 64 || abs(n - m) > limit)
		return limit + 1;
	int d[65][65];
	for (int i = 0; i <= n; i++)
		d[i][0] = i;
	for (int j = 0; j <= m; j++)
		d[0][j] = j;
	for (int i = 1; i <= n; i++) {
		int row_min = limit + 1;
		for (int j = 1; j <= m; j++) {
			int cost = x[i - 1] != y[j - 1];
			int v = MIN(MIN(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
				v = MIN(v, d[i - 2][j - 2] + 1);
			d[i][j] = v;
			row_min = MIN(row_min, v);
		}
		if (row_min > limit)
			return limit + 1;
	}
	return d[n][m];
}

/*
 * The best replacement for a word the index does not have: among the
 * index's words with the same first character, the nearest (at most one
 * edit for words of up to four letters, two for longer ones), the one on
 * most pages breaking ties. NULL when there is none, or when the word
 * itself is in the index.
 */
static const char *suggest_word(struct store *st, struct arena *a, const char *word)
{
	size_t first = 1;
	while (word[first] && ((unsigned char)word[first] & 0xC0) == 0x80)
		first++;
	char *from = arena_strndup(a, word, first);
	char *to = arena_strdup(a, from);
	to[first - 1] = (char)(to[first - 1] + 1);
	const char **words;
	int64_t *pages;
	size_t n;
	if (store_search_words(st, a, from, to, SUGGEST_CANDIDATES, &words, &pages, &n) != RC_OK)
		return NULL;
	int limit = strlen(word) <= 4 ? 1 : 2;
	const char *best = NULL;
	int best_d = limit + 1;
	int64_t best_pages = 0;
	for (size_t i = 0; i < n; i++) {
		if (streq(words[i], word))
			return NULL;
		int d = edit_distance(word, words[i], limit);
		if (d < best_d || (d == best_d && best && pages[i] > best_pages)) {
			best = words[i];
			best_d = d;
			best_pages = pages[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

int wiki_search_suggest(struct store *st, struct arena *a, const char *query, const char **suggestion,
			const char **snippet)
{
	*suggestion = *snippet = NULL;
	struct sbuf s, h;
	sbuf_init(&s, QUERY_MAX * 2);
	sbuf_init(&h, QUERY_MAX * 4);
	bool changed = false;
	/* Word by word: plain words are checked, everything else is kept as it is. */
	for (const char *p = query; *p;) {
		size_t sp = strspn(p, " \t\r\n");
		if (sp) {
			sbuf_addc(&s, ' ');
			sbuf_addc(&h, ' ');
			p += sp;
			continue;
		}
		size_t len = strcspn(p, " \t\r\n");
		char *w = lower(a, p, len);
		bool plain = true;
		for (const char *c = w; *c; c++)
			plain &= is_word_byte((unsigned char)*c);
		const char *fix = plain && strlen(w) > 1 ? suggest_word(st, a, w) : NULL;
		if (fix) {
			changed = true;
			sbuf_adds(&s, fix);
			sbuf_adds(&h, "<em>");
			add_escaped(&h, fix, strlen(fix));
			sbuf_adds(&h, "</em>");
		} else {
			sbuf_add(&s, p, len);
			add_escaped(&h, p, len);
		}
		p += len;
	}
	if (changed) {
		*suggestion = arena_strndup(a, sbuf_cstr(&s), s.len);
		*snippet = arena_strndup(a, sbuf_cstr(&h), h.len);
	}
	sbuf_release(&s);
	sbuf_release(&h);
	return RC_OK;
}

/* ---------- keeping the index current ---------- */

int wiki_search_index(struct store *st, struct arena *a, int64_t page_id, int ns, const char *dbkey,
		      const char *text, size_t len)
{
	struct wiki_title t;
	wiki_title_make(a, ns, dbkey, &t);
	return store_search_update(st, page_id, t.text, text, len);
}

/* Pages re-indexed per transaction by the rebuild. */
#define REBUILD_BATCH 500

static int reindex_page(struct store *st, struct arena *a, const struct wiki_page_ref *p, void *data)
{
	(void)data;
	const char *text;
	size_t len;
	int rc = wiki_revision_text(st, a, p->latest, &text, &len, NULL);
	if (rc == RC_NOTFOUND)
		return RC_OK;
	return rc == RC_OK ? wiki_search_index(st, a, p->id, p->ns, p->dbkey, text, len) : rc;
}

int wiki_search_rebuild_cli(void)
{
	struct store *st = store_thread();
	struct progress bar;
	progress_init(&bar, "pages");
	int64_t done = 0;
	int rc = store_begin(st);
	if (rc == RC_OK)
		rc = store_search_clear(st);
	if (rc == RC_OK)
		rc = store_commit(st);
	if (rc == RC_OK)
		rc = wiki_pages_each(st, REBUILD_BATCH, &bar, reindex_page, NULL, &done);
	if (rc != RC_OK) {
		fprintf(stderr, "wikid: rebuilding the search index stopped: %s\n", store_errmsg(st));
		return 1;
	}
	printf("wikid: search index rebuilt: %lld pages in %.1f s\n", (long long)done, progress_seconds(&bar));
	return 0;
}
