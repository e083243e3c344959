/* SPDX-License-Identifier: MIT */
/*
 * mwdiff.c — the diff MediaWiki 1.39 shows: the same edit script as its
 * PHP DiffEngine produces (MediaWiki has no wikidiff2 by default), so that
 * tables of changes come out byte for byte as MediaWiki renders them. An
 * edit script here is a list of copy/add/delete/change operations over
 * token sequences (lines, or words for the inline highlighting).
 *
 * The algorithm, in MediaWiki's order (our own code throughout):
 *   1. Common leading and trailing tokens are equal.
 *   2. Of the rest, only tokens present on both sides can match: the
 *      others are dropped from the search (kept as changed) and the
 *      survivors searched as two shorter sequences.
 *   3. A longest common subsequence by Myers' O(ND) search for a
 *      "middle snake" (forward and backward at once), recursing on the
 *      parts before and after it, depth first and left first. The search
 *      gives up past a number of differences (all of them, or
 *      ceil((m+n)/2)^0.45 when m·n > 2,000,000) and then splits at the
 *      diagonal that got furthest, the middle one of the best.
 *   4. Runs of changes slide to join neighbouring runs and, failing
 *      that, to the end of equal stretches (GNU diff's shift_boundaries,
 *      with PHP's loose "==" between the compared tokens).
 *   5. Operations are read off the per-token "changed" flags.
 * Where MediaWiki's choices depend on details — the diagonal order, the
 * tie rules, its two V arrays kept across the recursion with PHP's null
 * for cells it never filled — they are kept, because another equally
 * short script would render differently.
 *
 * Bounds: besides MediaWiki's own limit on differences, one diff spends
 * at most MWD_MAX_STEPS steps; past that every further search takes the
 * fallback split at once (only huge, unrelated inputs ever get there,
 * and their result is still a valid edit script).
 */
#include "diff_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Token-count product above which the search gets its differences capped (DiffEngine's tooLong). */
#define MWD_TOO_LONG 2000000LL

/* Cap exponent: MediaWiki's powLimit (1.45) minus 1, computed as PHP does. */
#define MWD_POW (1.45 - 1.0)

/*
 * Steps (snake moves and diagonal visits) one diff may spend, about a
 * second: enough for any real page, a bound for hostile pairs.
 */
#define MWD_MAX_STEPS (1LL << 28)

/* A cell PHP never filled (outside array_fill's range): reads as null. */
#define PHP_NULL LLONG_MIN

static inline long long llmin(long long a, long long b)
{
	return a < b ? a : b;
}

static inline long long llmax(long long a, long long b)
{
	return a > b ? a : b;
}

/* The value of a cell in arithmetic (null counts as 0). */
static inline long long num(long long v)
{
	return v == PHP_NULL ? 0 : v;
}

/* PHP 8's `a < b` on integer cells: against null both sides compare as booleans. */
static inline bool php_lt(long long a, long long b)
{
	if (a == PHP_NULL || b == PHP_NULL)
		return !(a != PHP_NULL && a != 0) && (b != PHP_NULL && b != 0);
	return a < b;
}

/* One search: the two filtered sequences and the state MediaWiki keeps across its recursion. */
struct search {
	const uint32_t *from, *to; /* token ids of the sequences searched */
	long m, n;                 /* their lengths */
	char *removed, *added;     /* per token: not part of the common subsequence */
	long long *v0, *v1;        /* furthest points per diagonal, forward/backward (index + VPAD) */
	long long max_diff;        /* differences a search may explore */
	long long budget;          /* MWD_MAX_STEPS left */
	long snake[3];             /* x, y and length of the last middle snake found */
	long long (*best)[3];      /* most_progress(): x, y, progress of the best points */
	size_t best_cap;           /* room in best (more than there are diagonals) */
};

/* V arrays get this many cells below index 0 (MediaWiki reads index -1 at most). */
#define VPAD 4

static inline long long vget(const long long *v, long long i)
{
	return v[i + VPAD];
}

static inline void vset(long long *v, long long i, long long x)
{
	v[i + VPAD] = x;
}

/*
 * The fallback split: on the diagonals the search reached, the point that
 * got furthest (forward first; backward only if strictly further, and
 * then only backward ties count), the middle of the ties.
 */
static void most_progress(struct search *s, long long M, long long N, long long limit, long long out[2])
{
	long long delta = N - M;
	long long fstart = (M & 1) == (limit & 1) ? llmax(-M, -limit) : llmax(1 - M, -limit);
	long long fend = llmin(N, limit);
	long long bstart = (N & 1) == (limit & 1) ? llmax(-N, -limit) : llmax(1 - N, -limit);
	long long bend = -llmin(M, limit);
	long long(*best)[3] = s->best;
	size_t cap = s->best_cap, n_best = 0;
	best[0][0] = best[0][1] = best[0][2] = 0;
	bool forward = true;
	for (long long k = fstart; k <= fend; k += 2) {
		long long x = num(vget(s->v0, limit + k)), y = x - k;
		if (x > N || y > M)
			continue;
		long long p = x + y;
		if (p > best[0][2]) {
			n_best = 0;
			best[0][0] = x, best[0][1] = y, best[0][2] = p;
		} else if (p == best[0][2] && n_best + 1 < cap) {
			n_best++;
			best[n_best][0] = x, best[n_best][1] = y, best[n_best][2] = p;
		}
	}
	for (long long k = bstart; k <= bend; k += 2) {
		long long x = num(vget(s->v1, limit + k)), y = x - k - delta;
		if (x < 0 || y < 0)
			continue;
		long long p = N - x + M - y;
		if (p > best[0][2]) {
			n_best = 0;
			forward = false;
			best[0][0] = x, best[0][1] = y, best[0][2] = p;
		} else if (p == best[0][2] && !forward && n_best + 1 < cap) {
			n_best++;
			best[n_best][0] = x, best[n_best][1] = y, best[n_best][2] = p;
		}
	}
	out[0] = best[n_best / 2][0];
	out[1] = best[n_best / 2][1];
}

/*
 * The middle snake of from[b1..t1] against to[b2..t2] (inclusive, both
 * non-empty) into s->snake; returns the length of the shortest edit
 * script found (2d or 2d-1), or 5 after the fallback split (MediaWiki's
 * stand-in for "more than one"), or 0 when the step budget ran out: then
 * the whole range stays changed.
 */
static long middle_snake(struct search *s, long b1, long t1, long b2, long t2)
{
	const uint32_t *from = s->from, *to = s->to;
	long long *V0 = s->v0, *V1 = s->v1;
	long long N = t1 - b1 + 1, M = t2 - b2 + 1;
	long long delta = N - M;
	long long maxabsx = N + b1, maxabsy = M + b2;
	long long limit = llmin(s->max_diff, (N + M + 1) / 2);
	int fwd_odd = (int)(M & 1), bwd_odd = (int)(N & 1);
	long long fstart = -M, fend = N, bstart = -N, bend = M;
	bool odd = (delta & 1) != 0;

	vset(V0, limit + 1, 0);
	vset(V1, limit - 1, N);
	for (long long d = 0; d <= limit; d++) {
		if (s->budget <= 0) {
			s->snake[0] = b1;
			s->snake[1] = b2;
			s->snake[2] = 0;
			return 0;
		}
		s->budget -= 2 * d + 2;
		/* Forward: the furthest x on each diagonal k = x - y. */
		long long kfrom = llmax(fwd_odd + fstart, -d), kto = llmin(fend, d);
		fwd_odd = 1 - fwd_odd;
		for (long long k = kfrom; k <= kto; k += 2) {
			long long x;
			if (k == -d || (k < d && php_lt(vget(V0, limit - 1 + k), vget(V0, limit + 1 + k))))
				x = num(vget(V0, limit + 1 + k));
			else
				x = num(vget(V0, limit - 1 + k)) + 1;
			long long absx = x + b1, absy = x - k + b2;
			s->snake[0] = (long)absx;
			s->snake[1] = (long)absy;
			while (absx < maxabsx && absy < maxabsy && from[absx] == to[absy])
				absx++, absy++;
			s->budget -= absx - s->snake[0];
			x = absx - b1;
			s->snake[2] = (long)(absx - s->snake[0]);
			vset(V0, limit + k, x);
			if (odd && k >= delta - d + 1 && k <= delta + d - 1 && !php_lt(x, vget(V1, limit + k - delta)))
				return (long)(2 * d - 1);
			/* Diagonals that left the grid need no more searching. */
			if (x >= N && fend > k - 1)
				fend = k - 1;
			else if (absy - b2 >= M) {
				fstart = k + 1;
				fwd_odd = 0;
			}
		}
		/* Backward: x counted from the end, on diagonals k = x - y - delta. */
		kfrom = llmax(bwd_odd + bstart, -d);
		kto = llmin(bend, d);
		bwd_odd = 1 - bwd_odd;
		for (long long k = kfrom; k <= kto; k += 2) {
			long long x;
			if (k == d || (k != -d && php_lt(vget(V1, limit - 1 + k), vget(V1, limit + 1 + k))))
				x = num(vget(V1, limit - 1 + k));
			else
				x = num(vget(V1, limit + 1 + k)) - 1;
			long long y = x - k - delta, run = 0;
			while (x > 0 && y > 0 && from[x + b1 - 1] == to[y + b2 - 1])
				x--, y--, run++;
			s->budget -= run;
			vset(V1, limit + k, x);
			if (!odd && k >= -delta - d && k <= d - delta && !php_lt(vget(V0, limit + k + delta), x)) {
				s->snake[0] = (long)(b1 + x);
				s->snake[1] = (long)(b2 + y);
				s->snake[2] = (long)run;
				return (long)(2 * d);
			}
			if (x <= 0) {
				bstart = k + 1;
				bwd_odd = 0;
			} else if (y <= 0 && bend > k - 1) {
				bend = k - 1;
			}
		}
	}
	long long at[2];
	most_progress(s, M, N, limit, at);
	s->snake[0] = (long)(b1 + at[0]);
	s->snake[1] = (long)(b2 + at[1]);
	s->snake[2] = 0;
	return 5;
}

/* A range of both sequences still to search (inclusive bounds). */
struct range {
	long b1, t1, b2, t2; /* from[b1..t1] against to[b2..t2] */
};

/*
 * The common subsequence of from[b1..t1] and to[b2..t2]: tokens in it get
 * their removed/added flags cleared. Depth first, left part first, as
 * MediaWiki's recursion, because the V arrays carry over between searches.
 */
static void lcs(struct arena *a, struct search *s, long b1, long t1, long b2, long t2)
{
	size_t cap = 64, n = 0;
	struct range *stack = arena_alloc(a, cap * sizeof(*stack));
	stack[n++] = (struct range){ b1, t1, b2, t2 };
	while (n) {
		struct range r = stack[--n];
		if (r.b1 > r.t1 || r.b2 > r.t2)
			continue;
		long d = middle_snake(s, r.b1, r.t1, r.b2, r.t2);
		long sx = s->snake[0], sy = s->snake[1], len = s->snake[2];
		for (long i = 0; i < len; i++)
			s->removed[sx + i] = s->added[sy + i] = 0;
		if (d > 1) {
			if (n + 2 > cap) {
				struct range *grown = arena_alloc(a, 2 * cap * sizeof(*grown));
				memcpy(grown, stack, n * sizeof(*stack));
				stack = grown;
				cap *= 2;
			}
			stack[n++] = (struct range){ sx + len, r.t1, sy + len, r.t2 };
			stack[n++] = (struct range){ r.b1, sx - 1, r.b2, sy - 1 };
		} else if (d == 1) {
			/* One token apart: what precedes the snake is equal too. */
			long max = sx - r.b1 < sy - r.b2 ? sx - r.b1 : sy - r.b2;
			for (long i = 0; i < max; i++)
				s->removed[r.b1 + i] = s->added[r.b2 + i] = 0;
		}
	}
}

/* ---------- PHP's loose string comparison (shiftBoundaries' "==") ---------- */

/* Is `s` a PHP 8 numeric string? *is_int says whether it has no '.' or exponent. */
static bool php_numeric(struct str s, bool *is_int)
{
	size_t i = 0, n = s.len;
	const char *p = s.p;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' || p[i] == '\v' || p[i] == '\f'))
		i++;
	if (i < n && (p[i] == '+' || p[i] == '-'))
		i++;
	size_t digits = 0;
	*is_int = true;
	while (i < n && p[i] >= '0' && p[i] <= '9')
		i++, digits++;
	if (i < n && p[i] == '.') {
		*is_int = false;
		i++;
		while (i < n && p[i] >= '0' && p[i] <= '9')
			i++, digits++;
	}
	if (!digits)
		return false;
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		size_t j = i + 1;
		if (j < n && (p[j] == '+' || p[j] == '-'))
			j++;
		if (j < n && p[j] >= '0' && p[j] <= '9') {
			*is_int = false;
			while (j < n && p[j] >= '0' && p[j] <= '9')
				j++;
			i = j;
		}
	}
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' || p[i] == '\v' || p[i] == '\f'))
		i++;
	return i == n;
}

/* The number a numeric string holds: an integer when it is one and fits, else a double. */
static void php_number(struct str s, bool is_int, long long *iv, double *dv, bool *as_int)
{
	char buf[128];
	size_t len = s.len < sizeof(buf) - 1 ? s.len : sizeof(buf) - 1;
	memcpy(buf, s.p, len);
	buf[len] = '\0';
	*as_int = false;
	if (is_int && s.len < sizeof(buf) - 1) {
		char *end;
		errno = 0;
		long long v = strtoll(buf, &end, 10);
		if (errno == 0) {
			*iv = v;
			*as_int = true;
			return;
		}
	}
	*dv = strtod(buf, NULL);
}

/* PHP 8's `a == b` for two strings: numerically when both are numeric, else byte for byte. */
static bool php_loose_eq(struct str a, struct str b)
{
	if (a.len == b.len && memcmp(a.p, b.p, a.len) == 0)
		return true;
	bool ia, ib;
	if (!php_numeric(a, &ia) || !php_numeric(b, &ib))
		return false;
	long long xa = 0, xb = 0;
	double da = 0, db = 0;
	bool ai, bi;
	php_number(a, ia, &xa, &da, &ai);
	php_number(b, ib, &xb, &db, &bi);
	if (ai && bi)
		return xa == xb;
	return (ai ? (double)xa : da) == (bi ? (double)xb : db);
}

/*
 * Slide runs of changes (GNU diffutils' shift_boundaries, as MediaWiki has
 * it): each run of changed tokens moves back while the token before it
 * equals its last one, merging with earlier runs; then forward while its
 * first token equals the one after it, merging with later runs; finally
 * back to where it lines up with a run of changes on the other side, if
 * it passed one.
 */
static void shift_boundaries(const struct str *lines, char *changed, long len, const char *other, long other_len)
{
	long i = 0, j = 0;
	for (;;) {
		/* Find the next run; j keeps pace on the other side. */
		while (j < other_len && other[j])
			j++;
		while (i < len && !changed[i]) {
			i++;
			j++;
			while (j < other_len && other[j])
				j++;
		}
		if (i == len)
			break;
		long start = i;
		while (++i < len && changed[i])
			;
		long runlength, corresponding;
		do {
			runlength = i - start;
			while (start > 0 && php_loose_eq(lines[start - 1], lines[i - 1])) {
				changed[--start] = 1;
				changed[--i] = 0;
				while (start > 0 && changed[start - 1])
					start--;
				while (other[--j])
					;
			}
			corresponding = j < other_len ? i : len;
			while (i < len && php_loose_eq(lines[start], lines[i])) {
				changed[start++] = 0;
				changed[i++] = 1;
				while (i < len && changed[i])
					i++;
				j++;
				if (j < other_len && other[j]) {
					corresponding = i;
					while (j < other_len && other[j])
						j++;
				}
			}
		} while (runlength != i - start);
		while (corresponding < i) {
			changed[--start] = 1;
			changed[--i] = 0;
			while (other[--j])
				;
		}
	}
}

/* ---------- the whole diff ---------- */

int diff_mw(struct arena *a, const struct str *from, size_t n_from, const struct str *to, size_t n_to,
	    long long bailout, struct diff_op **ops, size_t *n_ops)
{
	long m = (long)n_from, n = (long)n_to;
	char *removed = arena_alloc(a, (size_t)m + 1), *added = arena_alloc(a, (size_t)n + 1);
	memset(removed, 1, (size_t)m + 1);
	memset(added, 1, (size_t)n + 1);

	struct diff_intern t;
	diff_intern_init(a, &t, (size_t)(m + n));
	uint32_t *fid = arena_alloc(a, ((size_t)m + 1) * sizeof(*fid));
	uint32_t *tid = arena_alloc(a, ((size_t)n + 1) * sizeof(*tid));
	for (long i = 0; i < m; i++)
		fid[i] = diff_intern(&t, from[i]);
	for (long i = 0; i < n; i++)
		tid[i] = diff_intern(&t, to[i]);

	/* 1. Common ends. */
	long pre = 0;
	while (pre < m && pre < n && fid[pre] == tid[pre]) {
		removed[pre] = added[pre] = 0;
		pre++;
	}
	long suf = 0;
	while (pre + suf < m && pre + suf < n && fid[m - 1 - suf] == tid[n - 1 - suf]) {
		removed[m - 1 - suf] = added[n - 1 - suf] = 0;
		suf++;
	}

	/* 2. Of the middles, only tokens present on both sides take part. */
	char *in_from = arena_calloc(a, t.next + 1, 1), *in_both = arena_calloc(a, t.next + 1, 1);
	for (long i = pre; i < m - suf; i++)
		in_from[fid[i]] = 1;
	long fm = 0, fn = 0;
	uint32_t *sf = arena_alloc(a, ((size_t)(m - suf - pre) + 1) * sizeof(*sf));
	uint32_t *st = arena_alloc(a, ((size_t)(n - suf - pre) + 1) * sizeof(*st));
	long *fmap = arena_alloc(a, ((size_t)(m - suf - pre) + 1) * sizeof(*fmap));
	long *tmap = arena_alloc(a, ((size_t)(n - suf - pre) + 1) * sizeof(*tmap));
	for (long i = pre; i < n - suf; i++) {
		if (!in_from[tid[i]])
			continue;
		in_both[tid[i]] = 1;
		tmap[fn] = i;
		st[fn++] = tid[i];
	}
	for (long i = pre; i < m - suf; i++) {
		if (!in_both[fid[i]])
			continue;
		fmap[fm] = i;
		sf[fm++] = fid[i];
	}
	if (bailout > 0 && (long long)fm * fn > bailout)
		return RC_TOOBIG;

	/* 3. The common subsequence of what is left. */
	if (fm > 0 && fn > 0) {
		struct search s = { .from = sf, .to = st, .m = fm, .n = fn, .budget = MWD_MAX_STEPS };
		s.removed = arena_alloc(a, (size_t)fm);
		s.added = arena_alloc(a, (size_t)fn);
		memset(s.removed, 1, (size_t)fm);
		memset(s.added, 1, (size_t)fn);
		double md = ceil((double)(fm + fn) / 2.0);
		if ((long long)fm * fn > MWD_TOO_LONG)
			md = floor(pow(md, MWD_POW));
		s.max_diff = (long long)md;
		s.best_cap = (size_t)(fm + fn) / 2 + 8;
		s.best = arena_alloc(a, s.best_cap * sizeof(*s.best));
		/* PHP's array_fill(0, m + n + 1, 0): cells outside are null until written. */
		size_t vlen = (size_t)(fm + fn + 1) + 2 * VPAD + 4;
		s.v0 = arena_alloc(a, vlen * sizeof(*s.v0));
		s.v1 = arena_alloc(a, vlen * sizeof(*s.v1));
		for (size_t i = 0; i < vlen; i++) {
			bool in = i >= VPAD && i < VPAD + (size_t)(fm + fn + 1);
			s.v0[i] = s.v1[i] = in ? 0 : PHP_NULL;
		}
		long fwd = 0, max = fm < fn ? fm : fn;
		while (fwd < max && sf[fwd] == st[fwd]) {
			s.removed[fwd] = s.added[fwd] = 0;
			fwd++;
		}
		long back1 = fm - 1, back2 = fn - 1;
		while (back1 >= fwd && back2 >= fwd && sf[back1] == st[back2]) {
			s.removed[back1--] = 0;
			s.added[back2--] = 0;
		}
		lcs(a, &s, fwd, back1, fwd, back2);
		for (long i = 0; i < fm; i++)
			if (!s.removed[i])
				removed[fmap[i]] = 0;
		for (long i = 0; i < fn; i++)
			if (!s.added[i])
				added[tmap[i]] = 0;
	}

	/* 4. Slide the runs of changes, on each side against the other. */
	shift_boundaries(from, removed, m, added, n);
	shift_boundaries(to, added, n, removed, m);

	/* 5. The operations. */
	size_t cap = 16, count = 0;
	struct diff_op *out = arena_alloc(a, cap * sizeof(*out));
	long x = 0, y = 0;
	while (x < m || y < n) {
		if (count + 2 > cap) {
			struct diff_op *grown = arena_alloc(a, 2 * cap * sizeof(*grown));
			memcpy(grown, out, count * sizeof(*out));
			out = grown;
			cap *= 2;
		}
		long x0 = x, y0 = y;
		while (x < m && y < n && !removed[x] && !added[y])
			x++, y++;
		if (x > x0)
			out[count++] = (struct diff_op){ DIFF_OP_COPY, (size_t)x0, (size_t)(x - x0), (size_t)y0,
							  (size_t)(y - y0) };
		x0 = x, y0 = y;
		while (x < m && removed[x])
			x++;
		while (y < n && added[y])
			y++;
		if (x > x0 || y > y0) {
			enum diff_op_type type = x > x0 && y > y0 ? DIFF_OP_CHANGE : x > x0 ? DIFF_OP_DELETE : DIFF_OP_ADD;
			out[count++] = (struct diff_op){ type, (size_t)x0, (size_t)(x - x0), (size_t)y0, (size_t)(y - y0) };
		}
	}
	*ops = out;
	*n_ops = count;
	return RC_OK;
}
