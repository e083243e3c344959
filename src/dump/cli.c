/* SPDX-License-Identifier: MIT */
/*
 * cli.c — `wikid --data-dir DIR --import FILE`: a dump imported from the
 * command line, as MediaWiki's importDump.php does it (authors named
 * "imported>Name" unless an account of that name exists here, no log
 * entries, no null revisions), with what a big import needs:
 *   - the file may be plain XML, gzip or bzip2 (recognised by its first
 *     bytes), read as a stream: memory stays bounded whatever its size;
 *   - revisions are written in batches of IMPORT_BATCH per transaction,
 *     while a second thread reads and decompresses the file, parses the
 *     XML and hashes and compresses the texts (import.c);
 *   - on a terminal, a progress bar: share of the file read, pages and
 *     revisions per second, bytes, time left;
 *   - an interrupted import is resumed by running it again: revisions
 *     the wiki already has are skipped (same page, timestamp and SHA-1).
 * Link tables are built afterwards from the refreshLinks jobs the import
 * queues (main.c runs the job queue when the import has succeeded), also
 * on two threads (a renderer and a writer, jobs.c).
 */
#include "dump.h"

#include <stdio.h>

#include "../store/store.h"
#include "../util/progress.h"
#include "../wiki/wiki.h"

/*
 * Revisions per transaction. A commit costs an fsync, and a commit that
 * fills the WAL makes the checkpointer copy it into the database while
 * the next batch waits for the writer lock: ten thousand revisions (some
 * 25 MB of WAL for typical pages) make that rare; an interruption loses
 * at most one batch, which the next run imports.
 */
#define IMPORT_BATCH 10000

struct cli {
	struct dump_source *src;          /* the file */
	struct dump_import_stats *stats;  /* running counts */
	struct progress bar;              /* the progress bar */
};

/* Redraw the bar (when due, or now with `force`). */
static void draw(struct cli *c, bool force)
{
	char done[32], total[32], extra[96];
	progress_bytes((double)c->stats->pos, done, sizeof(done));
	progress_bytes((double)dump_source_size(c->src), total, sizeof(total));
	snprintf(extra, sizeof(extra), "%lld revisions  %s / %s", (long long)c->stats->n_revisions, done, total);
	progress_update(&c->bar, c->stats->pos, dump_source_size(c->src), c->stats->n_pages, extra, force);
}

static void on_report(void *arg, const struct wiki_title *t, int64_t n)
{
	(void)t;
	(void)n;
	draw(arg, false);
}

static void on_warn(void *arg, const char *msg)
{
	struct cli *c = arg;
	progress_break(&c->bar);
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
	struct cli c = { .src = src, .stats = &stats };
	progress_init(&c.bar, "pages");
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
	if (rc == RC_OK) {
		stats.pos = dump_source_pos(src); /* the whole file: the reader is done */
		draw(&c, true);
	}
	progress_break(&c.bar);
	double secs = progress_seconds(&c.bar);
	if (rc != RC_OK) {
		fprintf(stderr, "wikid: import of %s stopped: %s\n", path,
			err ? err : store_errmsg(store_thread()));
		fprintf(stderr, "wikid: %lld pages were imported before; run the import again to go on\n",
			(long long)stats.n_pages_committed);
	} else {
		char bytes[32];
		progress_bytes((double)stats.n_bytes, bytes, sizeof(bytes));
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
