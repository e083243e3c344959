/* SPDX-License-Identifier: MIT */
/*
 * progress.c — the command-line progress bar (see progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

/* Redraw at most this often (microseconds). */
#define REDRAW_US 250000

void progress_init(struct progress *p, const char *unit)
{
	p->unit = unit;
	p->start_us = util_mono_us();
	p->last_us = 0;
	p->is_tty = isatty(2) == 1;
	p->is_shown = false;
}

double progress_seconds(const struct progress *p)
{
	return (double)(util_mono_us() - p->start_us) / 1e6;
}

void progress_bytes(double n, char *out, size_t cap)
{
	const char *units[] = { "B", "kB", "MB", "GB", "TB" };
	size_t u = 0;
	while (n >= 1000 && u + 1 < ARRAY_SIZE(units)) {
		n /= 1000;
		u++;
	}
	snprintf(out, cap, u ? "%.1f %s" : "%.0f %s", n, units[u]);
}

void progress_update(struct progress *p, uint64_t done, uint64_t total, int64_t count, const char *extra,
		     bool force)
{
	int64_t now = util_mono_us();
	if (!p->is_tty || (!force && now - p->last_us < REDRAW_US))
		return;
	double secs = (double)(now - p->start_us) / 1e6;
	double frac = total ? (double)done / (double)total : 0;
	if (frac > 1)
		frac = 1;
	char bar[PROGRESS_BAR_WIDTH + 1];
	for (int i = 0; i < PROGRESS_BAR_WIDTH; i++)
		bar[i] = i < (int)(frac * PROGRESS_BAR_WIDTH) ? '#' : '.';
	bar[PROGRESS_BAR_WIDTH] = '\0';
	char eta[32] = "--";
	if (frac > 0.001 && secs > 1) {
		long left = (long)(secs / frac - secs);
		snprintf(eta, sizeof(eta), "%ld:%02ld", left / 60, left % 60);
	}
	fprintf(stderr, "\r[%s] %3d%%  %lld %s  %.0f %s/s  %s%sETA %s  ", bar, (int)(frac * 100), (long long)count,
		p->unit, secs > 0 ? (double)count / secs : 0, p->unit, extra ? extra : "", extra ? "  " : "", eta);
	fflush(stderr);
	p->is_shown = true;
	p->last_us = now;
}

void progress_break(struct progress *p)
{
	if (p->is_shown)
		fputc('\n', stderr);
	p->is_shown = false;
}
