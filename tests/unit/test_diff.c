/* SPDX-License-Identifier: MIT */
/*
 * test_diff.c — the line diff (shortest scripts, hunk shapes, random
 * texts checked by replaying the script), the three-way merge (clean
 * merges, conflicts, identical changes, missing final newlines), and
 * MediaWiki's diff engine (diff_mw: scripts that cover both sides, its
 * bailout, bounded work on hostile pairs; word splitting). Its output
 * against MediaWiki's own is test_diffcorpus.c.
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

/* Tokens of `s` split at spaces, as views into `s`. */
static struct str *tokens(struct arena *a, const char *s, size_t *n)
{
	size_t count = 1;
	for (const char *p = s; *p; p++)
		count += *p == ' ';
	struct str *t = arena_alloc(a, count * sizeof(*t));
	*n = 0;
	const char *start = s;
	for (const char *p = s;; p++) {
		if (*p == ' ' || !*p) {
			t[(*n)++] = (struct str){ start, (size_t)(p - start) };
			start = p + 1;
		}
		if (!*p)
			break;
	}
	return t;
}

/* diff_mw's script as text: "=2 -1 +1 ~1/2" (copy, delete, add, change old/new). */
static const char *script(struct arena *a, const char *from, const char *to)
{
	size_t nf, nt, n_ops;
	struct str *tf = tokens(a, from, &nf), *tt = tokens(a, to, &nt);
	struct diff_op *ops;
	if (diff_mw(a, tf, nf, tt, nt, 0, &ops, &n_ops) != RC_OK)
		return "(error)";
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	size_t x = 0, y = 0;
	for (size_t i = 0; i < n_ops; i++) {
		if (ops[i].a != x || ops[i].b != y)
			sbuf_adds(&sb, "(gap)");
		x += ops[i].n_a;
		y += ops[i].n_b;
		switch (ops[i].type) {
		case DIFF_OP_COPY: sbuf_addf(&sb, "%s=%zu", i ? " " : "", ops[i].n_a); break;
		case DIFF_OP_DELETE: sbuf_addf(&sb, "%s-%zu", i ? " " : "", ops[i].n_a); break;
		case DIFF_OP_ADD: sbuf_addf(&sb, "%s+%zu", i ? " " : "", ops[i].n_b); break;
		case DIFF_OP_CHANGE: sbuf_addf(&sb, "%s~%zu/%zu", i ? " " : "", ops[i].n_a, ops[i].n_b); break;
		}
	}
	if (x != nf || y != nt)
		sbuf_adds(&sb, "(short)");
	const char *out = arena_strdup(a, sbuf_cstr(&sb));
	sbuf_release(&sb);
	return out;
}

static void test_mw(void)
{
	struct arena *a = arena_new();
	STR_EQ(script(a, "a b c", "a b c"), "=3", "equal sequences are one copy");
	STR_EQ(script(a, "a b c", "a x c"), "=1 ~1/1 =1", "a replaced token is a change");
	STR_EQ(script(a, "a b c", "a c"), "=1 -1 =1", "a removed token");
	STR_EQ(script(a, "a c", "a b c"), "=1 +1 =1", "an added token");
	/* Runs of changes slide up over equal tokens (shift_boundaries), as the oracle shows. */
	STR_EQ(script(a, "x a a", "x a a a"), "=1 +1 =2", "an insertion among equal tokens slides up");
	/* PHP's loose "==": "1" and "01" count as equal when sliding, so the new "1" is the added one. */
	STR_EQ(script(a, "q 1 z", "q 1 01 z"), "=1 +1 =2", "numeric tokens compare loosely when sliding");
	STR_EQ(script(a, "q a z", "q a b z"), "=2 +1 =1", "others do not");
	/* The bailout: too much to search is RC_TOOBIG, as MediaWiki's ComplexityException. */
	size_t nf, nt, n_ops;
	struct str *tf = tokens(a, "a b c d e f g h", &nf), *tt = tokens(a, "h g f e d c b a", &nt);
	struct diff_op *ops;
	INT_EQ(diff_mw(a, tf, nf, tt, nt, 10, &ops, &n_ops), RC_TOOBIG, "the bailout refuses big searches");
	INT_EQ(diff_mw(a, tf, nf, tt, nt, 0, &ops, &n_ops), RC_OK, "no bailout: the diff is made");
	/*
	 * Hostile pair: two long sequences of few distinct, shuffled tokens
	 * (every token matches everywhere). The step budget bounds the work;
	 * the script must still cover both sides.
	 */
	unsigned seed = 7;
	struct sbuf s1, s2;
	sbuf_init(&s1, 8u << 20);
	sbuf_init(&s2, 8u << 20);
	for (int i = 0; i < 200000; i++) {
		sbuf_addf(&s1, "%s%c", i ? " " : "", 'a' + rand_r(&seed) % 3);
		sbuf_addf(&s2, "%s%c", i ? " " : "", 'a' + rand_r(&seed) % 3);
	}
	const char *sc = script(a, s1.p, s2.p);
	OK(!strstr(sc, "(gap)") && !strstr(sc, "(short)") && !streq(sc, "(error)"),
	   "a hostile pair still gets a script covering both sides");
	sbuf_release(&s1);
	sbuf_release(&s2);
	/* Word-level highlighting: words keep their trailing blank, non-ASCII runs are one word. */
	const char **oh, **nh;
	size_t no, nn;
	struct str ol[] = { { "Hello world", 11 } }, nl[] = { { "Hello there world", 17 }, { "", 0 } };
	diff_words(a, ol, 1, nl, 2, &oh, &no, &nh, &nn);
	OK(no == 1 && nn == 2, "word diff: one old line, two new lines");
	STR_EQ(oh[0], "Hello world", "unchanged words are plain");
	STR_EQ(nh[0], "Hello <ins class=\"diffchange diffchange-inline\">there </ins>world", "added words in <ins>");
	STR_EQ(nh[1], "\xc2\xa0", "an empty line shows as U+00A0");
	struct str cj[] = { { "\xe6\x97\xa5\xe6\x9c\xac<a>", 9 } }, cj2[] = { { "\xe6\x97\xa5\xe6\x9c\xac<b>", 9 } };
	diff_words(a, cj, 1, cj2, 1, &oh, &no, &nh, &nn);
	STR_EQ(oh[0], "\xe6\x97\xa5\xe6\x9c\xac&lt;<del class=\"diffchange diffchange-inline\">a</del>&gt;",
	       "CJK is one word; punctuation single bytes; escaped");
	arena_free(a);
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
	test_mw();

	/* The escaping the diff tables (and the parser) share: htmlspecialchars with ENT_QUOTES. */
	struct sbuf h;
	sbuf_init(&h, 1 << 10);
	sbuf_add_html(&h, "a&b<c>d\"e'f\xc3\xa9", 14);
	STR_EQ(sbuf_cstr(&h), "a&amp;b&lt;c&gt;d&quot;e&#039;f\xc3\xa9", "sbuf_add_html: & < > \" ' escaped, the rest kept");
	sbuf_clear(&h);
	sbuf_add_html(&h, "", 0);
	STR_EQ(sbuf_cstr(&h), "", "sbuf_add_html: nothing to escape in nothing");
	sbuf_release(&h);
	return harness_done();
}
