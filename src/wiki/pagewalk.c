/* SPDX-License-Identifier: MIT */
/*
 * pagewalk.c — one pass over every page of the wiki, for the command-line
 * rebuilds (--rebuild-links, --rebuild-search): pages in page id order,
 * a batch at a time, each batch read first and then written in one
 * transaction (one statement at a time on the connection), with a
 * progress bar on a terminal. Memory is one arena per batch.
 */
#include "../store/store.h"
#include "../util/progress.h"
#include "wiki.h"

int wiki_pages_each(struct store *st, size_t batch, struct progress *bar, wiki_page_fn *fn, void *data,
		    int64_t *done)
{
	int64_t total = 0, after = 0;
	*done = 0;
	store_query_int(st, &total, "SELECT COUNT(*) FROM page", "");
	int rc = RC_OK;
	while (rc == RC_OK) {
		struct arena *a = arena_new();
		struct wiki_page_ref *pages = arena_calloc(a, batch, sizeof(*pages));
		size_t n = 0;
		struct store_stmt *s = store_prepare(st, "SELECT page_id, page_namespace, page_title, page_latest FROM page"
							 " WHERE page_id > ? ORDER BY page_id LIMIT ?");
		store_bindv(s, "ii", after, (int64_t)batch);
		int step;
		while ((step = store_step(s)) == STORE_ROW) {
			pages[n].id = store_col_int(s, 0);
			pages[n].ns = (int)store_col_int(s, 1);
			pages[n].dbkey = store_col_dup(s, a, 2);
			pages[n].latest = store_col_int(s, 3);
			n++;
		}
		store_stmt_done(s);
		if (step != STORE_DONE)
			rc = step < 0 ? step : RC_ERR;
		if (rc == RC_OK && n == 0) {
			arena_free(a);
			break;
		}
		if (rc == RC_OK)
			rc = store_begin(st);
		for (size_t i = 0; i < n && rc == RC_OK; i++) {
			rc = fn(st, a, &pages[i], data);
			after = pages[i].id;
		}
		if (rc == RC_OK)
			rc = store_commit(st);
		else if (store_tx_depth(st))
			store_rollback(st);
		*done += (int64_t)n;
		progress_update(bar, (uint64_t)*done, (uint64_t)(total > *done ? total : *done), *done, NULL, false);
		arena_free(a);
	}
	progress_update(bar, (uint64_t)*done, (uint64_t)(total > *done ? total : *done), *done, NULL, true);
	progress_break(bar);
	return rc;
}
