/* SPDX-License-Identifier: MIT */
/*
 * myers.c — line diff by Myers' O(ND) algorithm, linear-space variant:
 * find the "middle snake" of the edit graph by searching from both ends
 * at once, then recurse on the two halves (E. W. Myers, "An O(ND)
 * Difference Algorithm and Its Variations", 1986).
 *
 * Before the search, lines are interned to integers so comparing two
 * lines is one integer compare, and every recursion first strips the
 * common prefix and suffix of its range. Each side gets a "changed"
 * flag per line (as xdiff's rchg); hunks are read off those flags.
 *
 * Cost limits: a split that needs more than DIFF_MAX_COST rounds gives up
 * on optimality and cuts both ranges in the middle, and so does every
 * split once the whole diff has spent DIFF_MAX_STEPS diagonal steps. The
 * result stays a valid edit script; only huge, unrelated texts ever hit
 * the limits.
 */
#include "diff_int.h"

#include <stdint.h>
#include <string.h>

/* Rounds of the middle-snake search before a split takes the midpoint. */
#define DIFF_MAX_COST 4096

/*
 * Diagonal steps for one whole diff (a second or two at most). Without
 * it two unrelated 2 MiB texts (300,000 distinct lines each) took over 20
 * seconds, as every level of the recursion paid DIFF_MAX_COST² per split.
 */
#define DIFF_MAX_STEPS (1L << 28)

void diff_text_split(struct arena *a, const char *s, size_t len, struct diff_text *out)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	if (len && s[len - 1] != '\n')
		n++;
	out->lines = n ? arena_calloc(a, n, sizeof(*out->lines)) : NULL;
	out->n = n;
	size_t k = 0, start = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			out->lines[k++] = (struct str){ s + start, i + 1 - start };
			start = i + 1;
		}
	}
	if (start < len)
		out->lines[k++] = (struct str){ s + start, len - start };
}

/* ---------- interning ---------- */

static uint64_t line_hash(struct str l)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < l.len; i++)
		h = (h ^ (unsigned char)l.p[i]) * 1099511628211ull;
	return h;
}

void diff_intern_init(struct arena *a, struct diff_intern *t, size_t n_tokens)
{
	t->cap = 16;
	while (t->cap < 2 * n_tokens)
		t->cap *= 2;
	t->keys = arena_calloc(a, t->cap, sizeof(*t->keys));
	t->ids = arena_calloc(a, t->cap, sizeof(*t->ids));
	t->next = 0;
}

uint32_t diff_intern(struct diff_intern *t, struct str l)
{
	size_t i = (size_t)line_hash(l) & (t->cap - 1);
	/* Empty tokens need a non-NULL pointer to mark their slot taken. */
	if (!l.p)
		l.p = "";
	while (t->keys[i].p) {
		if (t->keys[i].len == l.len && memcmp(t->keys[i].p, l.p, l.len) == 0)
			return t->ids[i];
		i = (i + 1) & (t->cap - 1);
	}
	t->keys[i] = l;
	t->ids[i] = t->next;
	return t->next++;
}

/* ---------- the search ---------- */

/* The state of one diff: both sequences as ids, their flags, work arrays. */
struct env {
	const uint32_t *a, *b; /* line ids of old and new */
	char *ca, *cb;         /* per line: changed */
	long *vf, *vb;         /* furthest x per diagonal, forward and backward */
	long budget;           /* diagonal steps left (DIFF_MAX_STEPS) */
};

/*
 * Find a point (*xm, *ym) on a shortest edit path from (a0, b0) to
 * (a1, b1), both ranges non-empty and with no common prefix or suffix.
 */
static void split(struct env *e, long a0, long a1, long b0, long b1, long *xm, long *ym)
{
	long n = a1 - a0, m = b1 - b0;
	long max_d = (n + m + 1) / 2;
	long off = max_d + 1;
	long len = 2 * max_d + 3;
	long delta = n - m;
	bool front = (delta & 1) != 0;
	long k1lo = 0, k1hi = 0, k2lo = 0, k2hi = 0;

	for (long i = 0; i < len; i++)
		e->vf[i] = e->vb[i] = -1;
	e->vf[off + 1] = 0;
	e->vb[off + 1] = 0;
	for (long d = 0; d < max_d; d++) {
		if (d > DIFF_MAX_COST || e->budget <= 0)
			break;
		e->budget -= 2 * d + 2;
		/* Forward: x counted from a0 on diagonal k = x - y. */
		for (long k = -d + k1lo; k <= d - k1hi; k += 2) {
			long ko = off + k;
			long x = (k == -d || (k != d && e->vf[ko - 1] < e->vf[ko + 1])) ? e->vf[ko + 1]
											  : e->vf[ko - 1] + 1;
			long y = x - k;
			while (x < n && y < m && e->a[a0 + x] == e->b[b0 + y])
				x++, y++;
			e->vf[ko] = x;
			if (x > n) {
				k1hi += 2;
			} else if (y > m) {
				k1lo += 2;
			} else if (front) {
				long k2o = off + delta - k;
				if (k2o >= 0 && k2o < len && e->vb[k2o] != -1 && x >= n - e->vb[k2o]) {
					*xm = a0 + x;
					*ym = b0 + y;
					return;
				}
			}
		}
		/* Backward: x counted from a1 towards a0. */
		for (long k = -d + k2lo; k <= d - k2hi; k += 2) {
			long ko = off + k;
			long x = (k == -d || (k != d && e->vb[ko - 1] < e->vb[ko + 1])) ? e->vb[ko + 1]
											  : e->vb[ko - 1] + 1;
			long y = x - k;
			while (x < n && y < m && e->a[a1 - 1 - x] == e->b[b1 - 1 - y])
				x++, y++;
			e->vb[ko] = x;
			if (x > n) {
				k2hi += 2;
			} else if (y > m) {
				k2lo += 2;
			} else if (!front) {
				long k1o = off + delta - k;
				if (k1o >= 0 && k1o < len && e->vf[k1o] != -1) {
					long x1 = e->vf[k1o];
					long y1 = x1 - (k1o - off);
					if (x1 >= n - x) {
						*xm = a0 + x1;
						*ym = b0 + y1;
						return;
					}
				}
			}
		}
	}
	/* Too costly (or no overlap found): any split point gives a valid script. */
	*xm = a0 + n / 2;
	*ym = b0 + m / 2;
}

/* Mark the changed lines between (a0, b0) and (a1, b1). */
static void compare(struct env *e, long a0, long a1, long b0, long b1)
{
	while (a0 < a1 && b0 < b1 && e->a[a0] == e->b[b0])
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && e->a[a1 - 1] == e->b[b1 - 1])
		a1--, b1--;
	if (a0 == a1) {
		memset(e->cb + b0, 1, (size_t)(b1 - b0));
		return;
	}
	if (b0 == b1) {
		memset(e->ca + a0, 1, (size_t)(a1 - a0));
		return;
	}
	long xm, ym;
	split(e, a0, a1, b0, b1, &xm, &ym);
	if ((xm == a0 && ym == b0) || (xm == a1 && ym == b1)) {
		/* No progress possible (the midpoint fallback on a 1-line side): all changed. */
		memset(e->ca + a0, 1, (size_t)(a1 - a0));
		memset(e->cb + b0, 1, (size_t)(b1 - b0));
		return;
	}
	compare(e, a0, xm, b0, ym);
	compare(e, xm, a1, ym, b1);
}

void diff_lines(struct arena *a, const struct diff_text *old, const struct diff_text *new,
		struct diff_hunk **hunks, size_t *n_hunks)
{
	size_t na = old->n, nb = new->n;
	struct diff_intern t;
	diff_intern_init(a, &t, na + nb);
	uint32_t *ia = arena_calloc(a, na + 1, sizeof(*ia));
	uint32_t *ib = arena_calloc(a, nb + 1, sizeof(*ib));
	for (size_t i = 0; i < na; i++)
		ia[i] = diff_intern(&t, old->lines[i]);
	for (size_t i = 0; i < nb; i++)
		ib[i] = diff_intern(&t, new->lines[i]);

	struct env e = { .a = ia, .b = ib, .budget = DIFF_MAX_STEPS };
	e.ca = arena_calloc(a, na + 1, 1);
	e.cb = arena_calloc(a, nb + 1, 1);
	size_t vlen = na + nb + 4;
	e.vf = arena_calloc(a, vlen, sizeof(long));
	e.vb = arena_calloc(a, vlen, sizeof(long));
	compare(&e, 0, (long)na, 0, (long)nb);

	/* Read the hunks off the flags: walk both sides in step over equal lines. */
	size_t cap = 0, n = 0;
	struct diff_hunk *out = NULL;
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		if (i < na && j < nb && !e.ca[i] && !e.cb[j]) {
			i++, j++;
			continue;
		}
		struct diff_hunk h = { .a = i, .b = j };
		while (i < na && e.ca[i])
			i++;
		while (j < nb && e.cb[j])
			j++;
		h.n_a = i - h.a;
		h.n_b = j - h.b;
		if (!h.n_a && !h.n_b)
			BUG("diff: unpaired equal lines at %zu/%zu", i, j);
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			struct diff_hunk *grown = arena_alloc(a, cap * sizeof(*grown));
			if (n)
				memcpy(grown, out, n * sizeof(*out));
			out = grown;
		}
		out[n++] = h;
	}
	*hunks = out;
	*n_hunks = n;
}
