/* SPDX-License-Identifier: MIT */
/*
 * words.c — the word-level highlighting inside a changed block, as
 * MediaWiki 1.39's WordLevelDiff and WordAccumulator make it.
 *
 * Words: each line is cut, byte by byte, into tokens of one of three
 * kinds — a run of blanks (space, tab, VT, FF, CR), a run of "word" bytes
 * (ASCII letters, digits, '_' and every byte ≥ 0x80, so a run of non-ASCII
 * text such as CJK is one word), or any other single byte — each followed
 * by at most one blank that rides along. The diff compares tokens without
 * that blank and shows them with it. Between lines a "\n" token stands
 * for the line break.
 *
 * Output: the old words and the new words are written back as lines of
 * HTML, each run of changed words in one <del> or <ins> with class
 * "diffchange diffchange-inline", everything escaped as PHP's
 * htmlspecialchars() does, an empty line as U+00A0 so it shows.
 *
 * When the words are too many to diff (MediaWiki's bailout: 40,000,000
 * for the product of the searched lengths, about 6,000 × 6,000 words)
 * MediaWiki shows the block as one change, and in doing so keeps only as
 * many words from the start of each side as the side has lines (it slices
 * the word list by the line count). That is reproduced as it is.
 */
#include "diff_int.h"

#include <string.h>

/* WordLevelDiff's bailout complexity. */
#define WORDS_BAILOUT 40000000LL

/* Upper bound of one side's HTML (a page is at most a few MiB; escaping grows it at most sixfold). */
#define WORDS_HTML_MAX (256u << 20)

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}

/* The tokens of some lines: as shown (with their blank) and as compared. */
struct words {
	struct str *shown;    /* token with its trailing blank */
	struct str *compared; /* token alone */
	size_t n;             /* token count */
};

/* Cut `lines` into tokens, a "\n" token between lines. */
static void split(struct arena *a, const struct str *lines, size_t n_lines, struct words *w)
{
	size_t cap = n_lines;
	for (size_t i = 0; i < n_lines; i++)
		cap += lines[i].len;
	w->shown = arena_alloc(a, (cap + 1) * sizeof(*w->shown));
	w->compared = arena_alloc(a, (cap + 1) * sizeof(*w->compared));
	w->n = 0;
	static const struct str newline = { "\n", 1 };
	for (size_t i = 0; i < n_lines; i++) {
		if (i > 0) {
			w->shown[w->n] = w->compared[w->n] = newline;
			w->n++;
		}
		const unsigned char *p = (const unsigned char *)lines[i].p;
		size_t len = lines[i].len, at = 0;
		while (at < len) {
			size_t start = at;
			if (is_blank(p[at])) {
				while (at < len && is_blank(p[at]))
					at++;
			} else if (is_word(p[at])) {
				while (at < len && is_word(p[at]))
					at++;
			} else {
				at++;
			}
			size_t end = at;
			if (at < len && is_blank(p[at]))
				at++;
			w->compared[w->n] = (struct str){ (const char *)p + start, end - start };
			w->shown[w->n] = (struct str){ (const char *)p + start, at - start };
			w->n++;
		}
	}
}

/* Tags of the accumulator's groups. */
enum tag {
	TAG_NONE, /* unchanged words */
	TAG_DEL,  /* removed words */
	TAG_INS,  /* added words */
	TAG_DONE, /* the end */
};

/* The words of one side gathered into HTML lines. */
struct acc {
	struct arena *a;     /* where the lines go */
	struct sbuf line;    /* the line being built */
	struct sbuf group;   /* the words of the current tag, unescaped */
	enum tag tag;        /* tag of `group` */
	const char **lines;  /* finished lines */
	size_t n, cap;       /* their count and room */
};

static void flush_group(struct acc *c, enum tag next)
{
	if (c->group.len) {
		if (c->tag == TAG_INS || c->tag == TAG_DEL)
			sbuf_adds(&c->line, c->tag == TAG_INS ? "<ins class=\"diffchange diffchange-inline\">"
							      : "<del class=\"diffchange diffchange-inline\">");
		sbuf_add_html(&c->line, c->group.p, c->group.len);
		if (c->tag == TAG_INS || c->tag == TAG_DEL)
			sbuf_adds(&c->line, c->tag == TAG_INS ? "</ins>" : "</del>");
	}
	sbuf_clear(&c->group);
	c->tag = next;
}

static void flush_line(struct acc *c, enum tag next)
{
	flush_group(c, next);
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		const char **grown = arena_alloc(c->a, c->cap * sizeof(*grown));
		if (c->n)
			memcpy(grown, c->lines, c->n * sizeof(*grown));
		c->lines = grown;
	}
	/* An empty line would not show: U+00A0 stands in. */
	c->lines[c->n++] = c->line.len ? arena_strndup(c->a, sbuf_cstr(&c->line), c->line.len) : "\xc2\xa0";
	sbuf_clear(&c->line);
}

static void add_words(struct acc *c, const struct str *words, size_t n, enum tag tag)
{
	if (tag != c->tag)
		flush_group(c, tag);
	for (size_t i = 0; i < n; i++) {
		struct str w = words[i];
		if (!w.len)
			continue;
		if (w.p[0] == '\n') {
			flush_line(c, tag);
			w.p++;
			w.len--;
		}
		sbuf_add(&c->group, w.p, w.len);
	}
}

void diff_words(struct arena *a, const struct str *from, size_t n_from, const struct str *to, size_t n_to,
		const char ***old_html, size_t *n_old, const char ***new_html, size_t *n_new)
{
	struct words wf, wt;
	split(a, from, n_from, &wf);
	split(a, to, n_to, &wt);
	struct diff_op *ops;
	size_t n_ops;
	if (diff_mw(a, wf.compared, wf.n, wt.compared, wt.n, WORDS_BAILOUT, &ops, &n_ops) != RC_OK) {
		/* Too many words: one change, each side cut to as many words as it has lines (as MediaWiki). */
		ops = arena_alloc(a, sizeof(*ops));
		ops[0] = (struct diff_op){ DIFF_OP_CHANGE, 0, n_from < wf.n ? n_from : wf.n, 0, n_to < wt.n ? n_to : wt.n };
		n_ops = 1;
	}
	struct acc old = { .a = a, .tag = TAG_NONE }, new = { .a = a, .tag = TAG_NONE };
	sbuf_init(&old.line, WORDS_HTML_MAX);
	sbuf_init(&old.group, WORDS_HTML_MAX);
	sbuf_init(&new.line, WORDS_HTML_MAX);
	sbuf_init(&new.group, WORDS_HTML_MAX);
	for (size_t i = 0; i < n_ops; i++) {
		const struct diff_op *op = &ops[i];
		if (op->type == DIFF_OP_COPY) {
			add_words(&old, wf.shown + op->a, op->n_a, TAG_NONE);
			add_words(&new, wt.shown + op->b, op->n_b, TAG_NONE);
			continue;
		}
		if (op->n_a)
			add_words(&old, wf.shown + op->a, op->n_a, TAG_DEL);
		if (op->n_b)
			add_words(&new, wt.shown + op->b, op->n_b, TAG_INS);
	}
	flush_line(&old, TAG_DONE);
	flush_line(&new, TAG_DONE);
	sbuf_release(&old.line);
	sbuf_release(&old.group);
	sbuf_release(&new.line);
	sbuf_release(&new.group);
	*old_html = old.lines;
	*n_old = old.n;
	*new_html = new.lines;
	*n_new = new.n;
}
