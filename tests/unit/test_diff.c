/* SPDX-License-Identifier: MIT */
/*
 * test_diff.c — the line diff (shortest scripts, hunk shapes, random
 * texts checked by replaying the script) and the three-way merge (clean
 * merges, conflicts, identical changes, missing final newlines).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "diff/diff.h"
#include "util/sbuf.h"

/* Replay the hunks on `old` and compare with `new`; returns the edit cost. */
static size_t replay(struct arena *a, const char *old, const char *new, const char *name)
{
	struct diff_text to, tn;
	diff_text_split(a, old, strlen(old), &to);
	diff_text_split(a, new, strlen(new), &tn);
	struct diff_hunk *h;
	size_t n, cost = 0, pos = 0;
	diff_lines(a, &to, &tn, &h, &n);
	struct sbuf sb;
	sbuf_init(&sb, 1u << 20);
	for (size_t i = 0; i < n; i++) {
		for (; pos < h[i].a; pos++)
			sbuf_addstr(&sb, to.lines[pos]);
		for (size_t k = 0; k < h[i].n_b; k++)
			sbuf_addstr(&sb, tn.lines[h[i].b + k]);
		pos += h[i].n_a;
		cost += h[i].n_a + h[i].n_b;
	}
	for (; pos < to.n; pos++)
		sbuf_addstr(&sb, to.lines[pos]);
	STR_EQ(sbuf_cstr(&sb), new, name);
	sbuf_release(&sb);
	return cost;
}

static void merges_to(const char *base, const char *mine, const char *theirs, const char *want)
{
	struct arena *a = arena_new();
	char *out = NULL;
	size_t len = 0;
	int rc = diff_merge3(a, base, strlen(base), mine, strlen(mine), theirs, strlen(theirs), &out, &len);
	INT_EQ(rc, want ? RC_OK : RC_CONFLICT, want ? "merges" : "conflicts");
	if (want && rc == RC_OK)
		STR_EQ(out, want, "merged text");
	arena_free(a);
}

/* A random text of `n` lines over a small alphabet, so lines repeat. */
static char *random_text(struct arena *a, unsigned *seed, int n)
{
	char *s = arena_alloc(a, (size_t)n * 3 + 1), *p = s;
	for (int i = 0; i < n; i++) {
		*p++ = (char)('a' + rand_r(seed) % 5);
		*p++ = '\n';
	}
	*p = '\0';
	return s;
}

int main(void)
{
	struct arena *a = arena_new();
	INT_EQ(replay(a, "", "", "empty"), 0, "empty cost");
	INT_EQ(replay(a, "a\nb\nc\n", "a\nb\nc\n", "equal"), 0, "equal cost");
	INT_EQ(replay(a, "a\nb\nc\n", "a\nx\nc\n", "change"), 2, "change cost");
	INT_EQ(replay(a, "a\nb\nc\n", "a\nc\n", "delete"), 1, "delete cost");
	INT_EQ(replay(a, "a\nc", "a\nb\nc", "insert"), 1, "insert cost");
	INT_EQ(replay(a, "", "x\ny", "from empty"), 2, "from empty cost");
	INT_EQ(replay(a, "x\ny", "", "to empty"), 2, "to empty cost");
	/* abcabba → cbabac is the paper's example: D = 5. */
	INT_EQ(replay(a, "a\nb\nc\na\nb\nb\na\n", "c\nb\na\nb\na\nc\n", "myers"), 5, "myers cost");
	unsigned seed = 7;
	for (int i = 0; i < 200; i++) {
		char *x = random_text(a, &seed, rand_r(&seed) % 40);
		char *y = random_text(a, &seed, rand_r(&seed) % 40);
		replay(a, x, y, "random");
	}
	/* Big unrelated texts stay fast and correct past the cost limit. */
	char *big1 = random_text(a, &seed, 20000), *big2 = random_text(a, &seed, 20000);
	replay(a, big1, big2, "big");
	/*
	 * Two unrelated 2 MiB texts of distinct lines: the whole diff has a
	 * step budget (DIFF_MAX_STEPS). Without it this took over 20 s; now
	 * about 2 s. Tests time nothing (bench/ does); a regression shows as
	 * a slow suite.
	 */
	struct sbuf s1, s2;
	sbuf_init(&s1, 8u << 20);
	sbuf_init(&s2, 8u << 20);
	for (int i = 0; i < 300000; i++) {
		sbuf_addf(&s1, "a%d\n", i);
		sbuf_addf(&s2, "b%d\n", i);
	}
	struct diff_text t1, t2;
	struct diff_hunk *hh;
	size_t nh;
	diff_text_split(a, s1.p, s1.len, &t1);
	diff_text_split(a, s2.p, s2.len, &t2);
	diff_lines(a, &t1, &t2, &hh, &nh);
	OK(nh == 1 && hh[0].n_a == 300000 && hh[0].n_b == 300000, "huge unrelated texts: one hunk of everything");
	sbuf_release(&s1);
	sbuf_release(&s2);
	arena_free(a);

	merges_to("a\nb\nc\nd\ne", "A\nb\nc\nd\ne", "a\nb\nc\nd\nE", "A\nb\nc\nd\nE");
	merges_to("a\nb\nc", "a\nb\nc\nd", "x\nb\nc", "x\nb\nc\nd");
	merges_to("a\nb\nc", "a\nB\nc", "a\nB\nc", "a\nB\nc");
	merges_to("a\nb\nc", "a\nB\nc", "a\nX\nc", NULL);
	merges_to("a\nb\nc\nd", "a\nB\nc\nd", "a\nb\nC\nd", NULL);
	merges_to("line1\n\nline2\n\nline3 changed", "line1 changed\n\nline2\n\nline3 changed",
		  "line1 changed\n\nline2\n\nline3", "line1 changed\n\nline2\n\nline3");
	merges_to("line1 changed\n\nline2\n\nline3", "line1 changed\n\nline2\n\nline3 changed",
		  "line1\n\nline2\n\nline3", "line1\n\nline2\n\nline3 changed");
	merges_to("", "", "new", "new");
	return harness_done();
}
