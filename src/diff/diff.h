/* SPDX-License-Identifier: MIT */
/*
 * diff.h — the diff engine: line diffs of two texts (Myers' O(ND)
 * algorithm in linear space, myers.c) and the three-way merge built on
 * them (merge3.c), used by undo and by edit-conflict resolution.
 *
 * A diff is a list of hunks, each a changed region: lines [a, a + n_a)
 * of the old text replaced by lines [b, b + n_b) of the new one; lines
 * outside every hunk are equal. A "line" includes its '\n' (the last one
 * may lack it). Everything is allocated from the caller's arena.
 */
#ifndef DIFF_H
#define DIFF_H

#include <stddef.h>

#include "../util/arena.h"
#include "../util/util.h"

/* One changed region, in line numbers counted from 0. */
struct diff_hunk {
	size_t a;   /* first old line */
	size_t n_a; /* old lines removed (0 for a pure insertion) */
	size_t b;   /* first new line */
	size_t n_b; /* new lines added (0 for a pure deletion) */
};

/* A text cut into lines: borrowed views into the caller's text. */
struct diff_text {
	struct str *lines; /* the lines, each with its '\n' */
	size_t n;          /* line count */
};

/* Cut `len` bytes of `s` into lines (views into `s`, array in `a`). */
void diff_text_split(struct arena *a, const char *s, size_t len, struct diff_text *out);

/*
 * The hunks turning `old` into `new`, in order, into *hunks (arena
 * array, NULL when the texts are equal) and their count into *n_hunks.
 * The result is a shortest edit script except for inputs so different
 * that the search would cost more than DIFF_MAX_COST steps per split;
 * those still get a correct, if longer, script.
 */
void diff_lines(struct arena *a, const struct diff_text *old, const struct diff_text *new,
		struct diff_hunk **hunks, size_t *n_hunks);

/*
 * Three-way merge: apply the changes from `base` to `theirs` onto `mine`.
 * Succeeds with the merged text in *out (arena, NUL-terminated, length in
 * *out_len) and returns RC_OK; returns RC_CONFLICT when both sides
 * changed the same or adjacent lines differently (nothing is written).
 */
int diff_merge3(struct arena *a, const char *base, size_t base_len, const char *mine, size_t mine_len,
		const char *theirs, size_t theirs_len, char **out, size_t *out_len);

#endif
