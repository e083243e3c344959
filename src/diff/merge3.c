/* SPDX-License-Identifier: MIT */
/*
 * merge3.c — three-way merge of line-based texts, as diff3 does it for
 * MediaWiki's undo and edit-conflict merging: diff the common base
 * against each side, then walk both hunk lists in base order. Hunks of
 * the two sides that overlap or touch (share a boundary line) conflict,
 * unless they make exactly the same change; every other hunk is applied
 * to the base.
 */
#include "diff.h"

#include <string.h>

#include "../util/sbuf.h"

/* Largest merged text, in bytes: the page size limit with room to spare. */
#define MERGE_MAX (16u << 20)

/* True when hunks x and y (of different sides) touch or overlap in the base. */
static bool overlap(const struct diff_hunk *x, const struct diff_hunk *y)
{
	return x->a <= y->a + y->n_a && y->a <= x->a + x->n_a;
}

/* True when both hunks replace the same base lines with the same text. */
static bool same_change(const struct diff_hunk *x, const struct diff_text *tx, const struct diff_hunk *y,
			const struct diff_text *ty)
{
	if (x->a != y->a || x->n_a != y->n_a || x->n_b != y->n_b)
		return false;
	for (size_t i = 0; i < x->n_b; i++) {
		struct str l = tx->lines[x->b + i], r = ty->lines[y->b + i];
		if (l.len != r.len || memcmp(l.p, r.p, l.len) != 0)
			return false;
	}
	return true;
}

static void add_lines(struct sbuf *sb, const struct diff_text *t, size_t from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sbuf_addstr(sb, t->lines[from + i]);
}

/* diff_text_split() of `s` with a '\n' added when it does not end in one. */
static void split_terminated(struct arena *a, const char *s, size_t len, struct diff_text *t)
{
	if (len && s[len - 1] != '\n') {
		char *c = arena_alloc(a, len + 1);
		memcpy(c, s, len);
		c[len] = '\n';
		s = c;
		len++;
	}
	diff_text_split(a, s, len, t);
}

int diff_merge3(struct arena *a, const char *base, size_t base_len, const char *mine, size_t mine_len,
		const char *theirs, size_t theirs_len, char **out, size_t *out_len)
{
	/*
	 * Every text gets a final '\n', so that a line added after the last
	 * one is an insertion rather than a change of that last line.
	 */
	struct diff_text tb, tm, tt;
	bool had_nl = mine_len && mine[mine_len - 1] == '\n';
	split_terminated(a, base, base_len, &tb);
	split_terminated(a, mine, mine_len, &tm);
	split_terminated(a, theirs, theirs_len, &tt);
	struct diff_hunk *hm, *ht;
	size_t nm, nt;
	diff_lines(a, &tb, &tm, &hm, &nm);
	diff_lines(a, &tb, &tt, &ht, &nt);

	struct sbuf sb;
	sbuf_init(&sb, MERGE_MAX);
	size_t pos = 0, im = 0, it = 0;
	int rc = RC_OK;
	while (im < nm || it < nt) {
		const struct diff_hunk *h;
		const struct diff_text *src;
		if (im < nm && it < nt && overlap(&hm[im], &ht[it])) {
			if (!same_change(&hm[im], &tm, &ht[it], &tt)) {
				rc = RC_CONFLICT;
				break;
			}
			h = &hm[im++], src = &tm;
			it++;
		} else if (it >= nt || (im < nm && hm[im].a < ht[it].a)) {
			h = &hm[im++], src = &tm;
		} else {
			h = &ht[it++], src = &tt;
		}
		add_lines(&sb, &tb, pos, h->a - pos);
		add_lines(&sb, src, h->b, h->n_b);
		pos = h->a + h->n_a;
	}
	if (rc == RC_OK) {
		add_lines(&sb, &tb, pos, tb.n - pos);
		if (sb.is_toobig)
			rc = RC_TOOBIG;
	}
	if (rc == RC_OK && !had_nl && sb.len && sb.p[sb.len - 1] == '\n')
		sb.len--;
	if (rc == RC_OK) {
		*out = arena_strndup(a, sbuf_cstr(&sb), sb.len);
		*out_len = sb.len;
	}
	sbuf_release(&sb);
	return rc;
}
