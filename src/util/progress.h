/* SPDX-License-Identifier: MIT */
/*
 * progress.h — a progress bar on stderr for long command-line jobs
 * (--import, --rebuild-search): share done, items per second, counts,
 * time left. Drawn only when stderr is a terminal, at most a few times
 * a second; a job that prints other lines calls progress_break() first.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdint.h>

#include "util.h"

/* Width of the bar in characters. */
#define PROGRESS_BAR_WIDTH 24

struct progress {
	const char *unit;      /* what is counted, plural: "pages" */
	int64_t start_us;      /* when the job began (util_mono_us) */
	int64_t last_us;       /* when the bar was drawn last */
	bool is_tty;           /* stderr is a terminal */
	bool is_shown;         /* a bar is on the current line */
};

/* Start a bar counting `unit` (a static string). */
void progress_init(struct progress *p, const char *unit);

/*
 * Redraw when due (or now with `force`): `done` of `total` (0 when
 * unknown) of the work, `count` items so far, `extra` (may be NULL) a
 * short text after the counts.
 */
void progress_update(struct progress *p, uint64_t done, uint64_t total, int64_t count, const char *extra,
		     bool force);

/* End the bar's line, so other output starts on a line of its own. */
void progress_break(struct progress *p);

/* Seconds since progress_init(). */
double progress_seconds(const struct progress *p);

/* `n` bytes as "12.3 MB" into `out`. */
void progress_bytes(double n, char *out, size_t cap);

#endif
