/* SPDX-License-Identifier: MIT */
/*
 * fuzz_diff.c — the line diff and the three-way merge (src/diff/) on
 * arbitrary texts. Input: up to three texts separated by NUL bytes, used
 * as base, mine and theirs.
 *
 * Invariants: the hunks of diff_lines() are in order, inside both texts,
 * and turn the old text into the new one line by line; merging a change
 * against an unchanged side gives that change (up to the final newline,
 * which the merge takes from "mine"), and two identical changes merge
 * cleanly.
 */
#include "fuzz.h"

#include "diff/diff.h"

/* One of the texts: an exact-size heap copy, so ASan sees any overread. */
struct text {
	char *p;    /* bytes (xmalloc, at least 1 byte) */
	size_t len; /* length */
};

/* Check the hunks that turn `x` into `y`. */
static void check_diff(struct arena *a, const struct text *x, const struct text *y)
{
	struct diff_text tx, ty;
	struct diff_hunk *h;
	size_t n;
	diff_text_split(a, x->p, x->len, &tx);
	diff_text_split(a, y->p, y->len, &ty);
	diff_lines(a, &tx, &ty, &h, &n);
	size_t ia = 0, ib = 0;
	for (size_t k = 0; k <= n; k++) {
		/* Lines before hunk k (or after the last one) are equal on both sides. */
		size_t to_a = k < n ? h[k].a : tx.n;
		size_t to_b = k < n ? h[k].b : ty.n;
		FUZZ_CHECK(to_a >= ia && to_b >= ib && to_a - ia == to_b - ib, "hunk %zu: bad position", k);
		for (; ia < to_a; ia++, ib++)
			FUZZ_CHECK(tx.lines[ia].len == ty.lines[ib].len &&
					   memcmp(tx.lines[ia].p, ty.lines[ib].p, tx.lines[ia].len) == 0,
				   "lines %zu/%zu outside every hunk differ", ia, ib);
		if (k == n)
			break;
		FUZZ_CHECK(h[k].n_a || h[k].n_b, "empty hunk %zu", k);
		FUZZ_CHECK(h[k].a + h[k].n_a <= tx.n && h[k].b + h[k].n_b <= ty.n, "hunk %zu out of range", k);
		ia += h[k].n_a;
		ib += h[k].n_b;
	}
	FUZZ_CHECK(ia == tx.n && ib == ty.n, "hunks do not cover the texts");
	if (x->len == y->len && memcmp(x->p, y->p, x->len) == 0)
		FUZZ_CHECK(n == 0, "equal texts give %zu hunks", n);
}

/* `got` equals `want`, allowing one '\n' more or less at the end. */
static bool same_text(const char *got, size_t got_len, const struct text *want)
{
	if (got_len == want->len)
		return memcmp(got, want->p, got_len) == 0;
	if (got_len + 1 == want->len)
		return want->p[got_len] == '\n' && memcmp(got, want->p, got_len) == 0;
	if (got_len == want->len + 1)
		return got[want->len] == '\n' && memcmp(got, want->p, want->len) == 0;
	return false;
}

/* Merge and return RC_OK/RC_CONFLICT; the merged text in *out. */
static int merge(struct arena *a, const struct text *b, const struct text *m, const struct text *t, char **out,
		 size_t *out_len)
{
	int rc = diff_merge3(a, b->p, b->len, m->p, m->len, t->p, t->len, out, out_len);
	FUZZ_CHECK(rc == RC_OK || rc == RC_CONFLICT, "merge returned %d", rc);
	if (rc == RC_OK)
		FUZZ_CHECK((*out)[*out_len] == '\0', "merged text not terminated");
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text t[3];
	const uint8_t *p = data, *end = data + size;
	for (int i = 0; i < 3; i++) {
		const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
		const uint8_t *stop = nul && i < 2 ? nul : end;
		t[i].len = (size_t)(stop - p);
		t[i].p = xmalloc(t[i].len ? t[i].len : 1);
		memcpy(t[i].p, p, t[i].len);
		p = stop < end ? stop + 1 : end;
	}
	const struct text *base = &t[0], *mine = &t[1], *theirs = &t[2];
	struct arena *a = arena_new();
	char *out;
	size_t out_len;

	check_diff(a, base, mine);
	check_diff(a, mine, theirs);
	merge(a, base, mine, theirs, &out, &out_len);
	FUZZ_CHECK(merge(a, base, base, theirs, &out, &out_len) == RC_OK, "change against no change conflicts");
	FUZZ_CHECK(same_text(out, out_len, theirs), "merging theirs onto the base lost their change");
	FUZZ_CHECK(merge(a, base, mine, base, &out, &out_len) == RC_OK, "no change against a change conflicts");
	FUZZ_CHECK(same_text(out, out_len, mine), "merging nothing onto mine changed it");
	FUZZ_CHECK(merge(a, base, mine, mine, &out, &out_len) == RC_OK, "identical changes conflict");
	FUZZ_CHECK(same_text(out, out_len, mine), "identical changes merge to something else");

	arena_free(a);
	for (int i = 0; i < 3; i++)
		xfree(t[i].p);
	return 0;
}
