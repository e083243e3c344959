/* SPDX-License-Identifier: MIT */
/*
 * diff_int.h — what the files of src/diff share and nothing else sees:
 * the table that interns tokens (lines or words) to small integers, so
 * that comparing two tokens is one integer compare.
 */
#ifndef DIFF_INT_H
#define DIFF_INT_H

#include <stdint.h>

#include "diff.h"

/* An open-addressing table from token text to a dense id (0, 1, 2...). */
struct diff_intern {
	struct str *keys; /* slot → token, p == NULL when free */
	uint32_t *ids;    /* slot → id */
	size_t cap;       /* slots, a power of two, at least twice the tokens */
	uint32_t next;    /* next id to hand out */
};

/* A table in `a` with room for `n_tokens` distinct tokens. */
void diff_intern_init(struct arena *a, struct diff_intern *t, size_t n_tokens);

/* The id of `s` (the same for equal bytes), handing out a new one for new text. */
uint32_t diff_intern(struct diff_intern *t, struct str s);

#endif
