/* SPDX-License-Identifier: MIT */
/*
 * cli.c — `wikid --data-dir DIR --import FILE`: a dump imported from the
 * command line, as MediaWiki's importDump.php does it (authors named
 * "imported>Name" unless an account of that name exists here, no log
 * entries, no null revisions), with what a big import needs:
 *   - the file may be plain XML, gzip or bzip2 (recognised by its first
 *     bytes), read as a stream: memory stays bounded whatever its size;
 *   - revisions are written in batches of IMPORT_BATCH per transaction;
 *   - on a terminal, a progress bar: share of the file read, pages and
 *     revisions per second, bytes, time left;
 *   - an interrupted import is resumed by running it again: revisions
 *     the wiki already has are skipped (same page, timestamp and SHA-1).
 * Link tables are left for --rebuild-links.
 */
#include "dump.h"

#include <stdio.h>
#include <unistd.h>

#include "../store/store.h"
#include "../wiki/wiki.h"

/*
 * Revisions per transaction. A commit costs an fsync, and a commit that
 * fills the WAL makes the checkpointer copy it into the database while
 * the next batch waits for the writer lock: ten thousand revisions (some
 * 25 MB of WAL for typical pages) make that rare; an interruption loses
 * at most one batch, which the next run imports.
 */
#define IMPORT_BATCH 10000

/* Redraw the progress bar at most this often (microseconds). */
#define PROGRESS_EVERY_US 250000

/* Width of the bar in characters. */
#define BAR_WIDTH 24

struct cli {
	struct dump_source *src;          /* the file */
	struct dump_import_stats *stats;  /* running counts */
	int64_t start_us;                 /* when the import began */
	int64_t last_draw_us;             /* when the bar was drawn last */
	bool is_tty;                      /* stderr is a terminal */
	bool bar_shown;                   /* a bar is on the current line */
};

/* `n` bytes as "12.3 MB". */
static void human_bytes(double n, char *out, size_t cap)
{
	const char *units[] = { "B", "kB", "MB", "GB", "TB" };
	size_t u = 0;
	while (n >= 1000 && u + 1 < ARRAY_SIZE(units)) {
		n /= 1000;
		u++;
	}
	snprintf(out, cap, u ? "%.1f %s" : "%.0f %s", n, units[u]);
}

/* Draw the bar now (a terminal only). */
static void draw(struct cli *c)
{
	uint64_t size = dump_source_size(c->src), pos = dump_source_pos(c->src);
	double secs = (double)(util_mono_us() - c->start_us) / 1e6;
	double frac = size ? (double)pos / (double)size : 0;
	if (frac > 1)
		frac = 1;
	int fill = (int)(frac * BAR_WIDTH);
	char bar[BAR_WIDTH + 1];
	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	char done[32], total[32], eta[32] = "--";
	human_bytes((double)pos, done, sizeof(done));
	human_bytes((double)size, total, sizeof(total));
	if (frac > 0.001 && secs > 1) {
		long left = (long)(secs / frac - secs);
		snprintf(eta, sizeof(eta), "%ld:%02ld", left / 60, left % 60);
	}
	double pps = secs > 0 ? (double)c->stats->n_pages / secs : 0;
	fprintf(stderr, "\r[%s] %3d%%  %lld pages  %.0f pages/s  %lld revisions  %s / %s  ETA %s  ", bar,
		(int)(frac * 100), (long long)c->stats->n_pages, pps, (long long)c->stats->n_revisions, done, total,
		eta);
	fflush(stderr);
	c->bar_shown = true;
	c->last_draw_us = util_mono_us();
}

static void on_report(void *arg, const struct wiki_title *t, int64_t n)
{
	struct cli *c = arg;
	(void)t;
	(void)n;
	if (c->is_tty && util_mono_us() - c->last_draw_us >= PROGRESS_EVERY_US)
		draw(c);
}

static void on_warn(void *arg, const char *msg)
{
	struct cli *c = arg;
	if (c->bar_shown) {
		fputc('\n', stderr);
		c->bar_shown = false;
	}
	fprintf(stderr, "wikid: %s\n", msg);
}

int dump_import_cli(const char *path)
{
	const char *err = NULL;
	struct dump_source *src = dump_source_file(path, &err);
	if (!src) {
		fprintf(stderr, "wikid: cannot read %s: %s\n", path, err);
		return 1;
	}
	struct dump_import_stats stats;
	struct cli c = { .src = src, .stats = &stats, .start_us = util_mono_us(), .is_tty = isatty(2) == 1 };
	struct dump_import_opts o = {
		.user_prefix = "imported",
		.assign_known_users = true,
		.target_ns = DUMP_NO_NS,
		.is_cli = true,
		.batch_revisions = IMPORT_BATCH,
		.report = on_report,
		.warn = on_warn,
		.cb_arg = &c,
	};
	struct arena *a = arena_new();
	int rc = dump_import(store_thread(), src, &o, &stats, a, &err);
	if (c.is_tty && rc == RC_OK)
		draw(&c);
	if (c.bar_shown)
		fputc('\n', stderr);
	double secs = (double)(util_mono_us() - c.start_us) / 1e6;
	if (rc != RC_OK) {
		fprintf(stderr, "wikid: import of %s stopped: %s\n", path,
			err ? err : store_errmsg(store_thread()));
		fprintf(stderr, "wikid: %lld pages were imported before; run the import again to go on\n",
			(long long)stats.n_pages);
	} else {
		char bytes[32];
		human_bytes((double)stats.n_bytes, bytes, sizeof(bytes));
		printf("wikid: imported %lld pages, %lld revisions (%s of text)", (long long)stats.n_pages,
		       (long long)stats.n_revisions, bytes);
		if (stats.n_logitems)
			printf(", %lld log entries", (long long)stats.n_logitems);
		printf(" in %.1f s: %.0f pages/s", secs, secs > 0 ? (double)stats.n_pages / secs : 0);
		if (stats.n_revisions_skipped)
			printf("; %lld revisions were there already", (long long)stats.n_revisions_skipped);
		if (stats.n_warnings)
			printf("; %lld skipped (see above)", (long long)stats.n_warnings);
		printf("\n");
	}
	arena_free(a);
	dump_source_free(src);
	return rc == RC_OK ? 0 : 1;
}
