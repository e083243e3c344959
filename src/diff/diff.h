/* SPDX-License-Identifier: MIT */
/*
 * diff.h — the diff engine: line diffs of two texts (Myers' O(ND)
 * algorithm in linear space, myers.c) and the three-way merge built on
 * them (merge3.c), used by undo and by edit-conflict resolution; and the
 * diffs people read, as MediaWiki shows them: its DiffEngine's edit
 * scripts (mwdiff.c), the word-level highlighting inside changed lines
 * (words.c) and the table of changes (table.c).
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
#include "../util/sbuf.h"
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

/* ---------- the diffs MediaWiki shows ---------- */

/* What one operation of an edit script does. */
enum diff_op_type {
	DIFF_OP_COPY,   /* equal tokens on both sides */
	DIFF_OP_ADD,    /* tokens only on the new side */
	DIFF_OP_DELETE, /* tokens only on the old side */
	DIFF_OP_CHANGE, /* old tokens replaced by new ones */
};

/* One operation: old tokens [a, a + n_a) and new tokens [b, b + n_b). */
struct diff_op {
	enum diff_op_type type; /* see above */
	size_t a;               /* first old token */
	size_t n_a;             /* old tokens (0 for ADD) */
	size_t b;               /* first new token */
	size_t n_b;             /* new tokens (0 for DELETE) */
};

/*
 * The edit script MediaWiki 1.39's DiffEngine makes from the token
 * sequence `from` to `to` (tokens compared byte for byte), into *ops (an
 * arena array) and *n_ops, covering both sequences in order. `bailout` > 0
 * caps the work: when the tokens left to search after the common ends
 * and the one-sided tokens are gone number more than `bailout` when
 * multiplied, nothing is computed and RC_TOOBIG is returned (MediaWiki's
 * ComplexityException); else RC_OK. Time is bounded whatever the input.
 */
int diff_mw(struct arena *a, const struct str *from, size_t n_from, const struct str *to, size_t n_to,
	    long long bailout, struct diff_op **ops, size_t *n_ops);

/*
 * The word-level highlighting of a changed block, as MediaWiki's
 * WordLevelDiff renders it: old lines `from` and new lines `to` (without
 * their newlines) are cut into words, diffed, and written back as lines
 * of HTML (escaped, changed words in <del>/<ins> with class "diffchange
 * diffchange-inline", an empty line as U+00A0). The lines go to *old_html
 * and *new_html (arena arrays of NUL-terminated strings), their counts to
 * *n_old and *n_new.
 */
void diff_words(struct arena *a, const struct str *from, size_t n_from, const struct str *to, size_t n_to,
		const char ***old_html, size_t *n_old, const char ***new_html, size_t *n_new);

/*
 * Writes a block's line-number label ("Line 12:") for line `line` (from
 * 1) into `out`; `ud` is the caller's. MediaWiki localises the label.
 */
typedef void diff_lineno_fn(struct sbuf *out, size_t line, void *ud);

/*
 * The rows of MediaWiki's table diff (TableDiffFormatter, two lines of
 * context, "\r\n" read as "\n") from `old` to `new`, appended to `out`:
 * per block of changes a line-number row (labels by `lineno`), then
 * context, deleted, added and changed rows. Nothing for equal texts.
 * Returns RC_OK, or RC_TOOBIG when `out` reached its cap.
 */
int diff_table(struct arena *a, const char *old, size_t old_len, const char *new, size_t new_len,
	       diff_lineno_fn *lineno, void *ud, struct sbuf *out);

#endif
