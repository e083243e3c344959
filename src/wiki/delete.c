/* SPDX-License-Identifier: MIT */
/*
 * delete.c — deleting and restoring pages, MediaWiki's DeletePage and
 * UndeletePage, each inside the caller's one write transaction.
 *
 * Deleting moves every revision of the page into `archive` (ar_rev_id
 * and ar_page_id keep the revision and page ids, so undeletion gives
 * them back; the slots and content rows stay where they are, keyed by
 * the revision id), removes the page row and everything derived from
 * the page (link tables with their category counts, restrictions, the
 * redirect row, search index entry, the page's non-log recent changes),
 * adjusts the site statistics and writes the delete (or suppress) log
 * entry. Watchlists and log entries stay, as in MediaWiki.
 *
 * Restoring moves archived revisions (all, or those with the given
 * timestamps) back into `revision` under their old ids, recreating the
 * page with its old id when that id is free; when the page exists the
 * revisions join its history and the newest one becomes current only
 * if it is newer than the page's latest. Revisions whose id was taken
 * meanwhile stay archived. A delete/restore log entry counts them.
 */
#include "wiki.h"

#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/sbuf.h"

/* Bytes of page text quoted in an automatic deletion reason (as MediaWiki's getTextForSummary(150)). */
#define REASON_QUOTE_MAX 150
/* Longest automatic deletion reason, in bytes (MediaWiki truncates it to 255). */
#define REASON_MAX 255

/* `s` cut to at most `max` bytes at a character boundary, newlines as spaces, in `a`. */
static char *quote_text(struct arena *a, const char *s, size_t max)
{
	size_t len = strlen(s);
	bool cut = len > max;
	if (cut) {
		len = max;
		while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	char *q = arena_strndup(a, s, len);
	for (char *c = q; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	return cut ? arena_printf(a, "%s...", q) : q;
}

int wiki_delete_auto_reason(struct store *st, struct arena *a, int64_t page_id, const char **reason)
{
	*reason = NULL;
	int64_t latest = 0, parent = 0;
	int rc = store_query_int(st, &latest, "SELECT page_latest FROM page WHERE page_id = ?", "i", page_id);
	if (rc != RC_OK)
		return rc;
	const char *text;
	size_t len;
	rc = wiki_revision_text(st, a, latest, &text, &len, NULL);
	if (rc != RC_OK)
		return rc;
	bool blank = false;
	/* A blanked page is described by what it held before. */
	if (len == 0 &&
	    store_query_int(st, &parent, "SELECT COALESCE(rev_parent_id, 0) FROM revision WHERE rev_id = ?", "i",
			    latest) == RC_OK && parent &&
	    wiki_revision_text(st, a, parent, &text, &len, NULL) == RC_OK)
		blank = true;
	/* The only author, when the first 20 visible revisions have one. */
	const char *only = NULL;
	bool several = false;
	struct store_stmt *s = store_prepare(st, "SELECT actor_name FROM revision JOIN actor ON actor_id = rev_actor"
						 " WHERE rev_page = ? AND (rev_deleted & 4) = 0 LIMIT 20");
	store_bindv(s, "i", page_id);
	while ((rc = store_step(s)) == STORE_ROW) {
		const char *name = store_col_text(s, 0);
		if (!only)
			only = arena_strdup(a, name);
		else if (!streq(only, name))
			several = true;
	}
	store_stmt_done(s);
	if (rc < 0)
		return rc;
	const char *q = quote_text(a, text, REASON_QUOTE_MAX);
	const char *r;
	if (blank)
		r = arena_printf(a, "Content before blanking was: \"%s\"", q);
	else if (only && !several)
		r = arena_printf(a, "Content was: \"%s\" (the only editor: [[Special:Contributions/%s|%s]])", q, only, only);
	else
		r = arena_printf(a, "Content was: \"%s\"", q);
	*reason = quote_text(a, r, REASON_MAX);
	return RC_OK;
}

int wiki_page_delete(struct store *st, struct arena *a, struct wiki_delete *d)
{
	const struct wiki_title *t = d->title;
	struct wiki_page pg;
	int rc = wiki_page_load(st, a, t->ns, t->dbkey, &pg);
	if (rc != RC_OK)
		return rc;
	if (!pg.id)
		return RC_NOTFOUND;
	d->page_id = pg.id;
	char now[15];
	wiki_timestamp_now(now);

	/* Every revision into the archive, oldest first, then out of `revision`. */
	int64_t bits = d->suppress ? 15 : -1;
	rc = store_run(st, "INSERT INTO archive (ar_namespace, ar_title, ar_comment_id, ar_actor, ar_timestamp,"
			   " ar_minor_edit, ar_rev_id, ar_deleted, ar_len, ar_page_id, ar_parent_id, ar_sha1)"
			   " SELECT ?, ?, rev_comment_id, rev_actor, rev_timestamp, rev_minor_edit, rev_id,"
			   " CASE WHEN ? >= 0 THEN ? ELSE rev_deleted END, rev_len, rev_page, rev_parent_id, rev_sha1"
			   " FROM revision WHERE rev_page = ? ORDER BY rev_timestamp, rev_id",
		       "dtiii", t->ns, t->dbkey, bits, bits, pg.id);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM revision WHERE rev_page = ?", "i", pg.id);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM ip_changes WHERE ipc_rev_id IN (SELECT ar_rev_id FROM archive"
				   " WHERE ar_page_id = ?)", "i", pg.id);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM page WHERE page_id = ?", "i", pg.id);
	/* Everything derived from the page goes with it. */
	if (rc == RC_OK)
		rc = wiki_links_clear(st, a, pg.id, t->ns);
	/* Pages using or linking to it follow through the job queue. */
	if (rc == RC_OK)
		rc = wiki_jobs_title_changed(st, t->ns, t->dbkey, WIKI_JOBS_DELETE);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM page_restrictions WHERE pr_page = ?", "i", pg.id);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM redirect WHERE rd_from = ?", "i", pg.id);
	if (rc == RC_OK)
		rc = store_search_delete(st, pg.id);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM recentchanges WHERE rc_type != 3 AND ((rc_namespace = ? AND rc_title = ?)"
				   " OR rc_cur_id = ?)", "dti", t->ns, t->dbkey, pg.id);
	/* A deleted user talk page has no new messages to announce. */
	if (rc == RC_OK && t->ns == WIKI_NS_USER_TALK)
		rc = wiki_newtalk_clear_name(st, a, t->text);
	if (rc == RC_OK) {
		bool was = wiki_page_countable(a, t->ns, pg.model ? pg.model : "wikitext", pg.text);
		rc = store_run(st, "UPDATE site_stats SET ss_total_edits = ss_total_edits + 1,"
				   " ss_total_pages = ss_total_pages - 1,"
				   " ss_good_articles = COALESCE(ss_good_articles, 0) - ? WHERE ss_row_id = 1",
			       "i", (int64_t)was);
	}
	if (rc != RC_OK)
		return rc;
	struct wiki_log_entry le = {
		.type = d->suppress ? "suppress" : "delete",
		.action = d->log_action ? d->log_action : "delete",
		.user_id = d->user->id, .user_name = d->user->name, .ns = t->ns, .dbkey = t->dbkey,
		.page_id = pg.id, .comment = d->reason, .timestamp = now, .tags = d->tags,
		.params = d->log_params,
	};
	return wiki_log_add(st, a, &le, &d->log_id);
}

bool wiki_archive_has(struct store *st, int ns, const char *dbkey)
{
	int64_t one = 0;
	return store_query_int(st, &one, "SELECT 1 FROM archive WHERE ar_namespace = ? AND ar_title = ? LIMIT 1",
			       "dt", ns, dbkey) == RC_OK;
}

/* One archived revision being restored. */
struct arrow {
	int64_t ar_id;     /* archive row */
	int64_t rev_id;    /* ar_rev_id */
	int64_t page_id;   /* ar_page_id */
	const char *ts;    /* ar_timestamp */
	int64_t deleted;   /* ar_deleted */
	bool restorable;   /* its revision id is free */
};

/* True when timestamp `ts` is among the `n` 14-digit `only` (none given: every one). */
static bool wanted(const char *ts, const char *const *only, size_t n)
{
	if (!n)
		return true;
	for (size_t i = 0; i < n; i++)
		if (streq(only[i], ts))
			return true;
	return false;
}

int wiki_page_undelete(struct store *st, struct arena *a, struct wiki_undelete *u)
{
	const struct wiki_title *t = u->title;
	u->restored = 0;
	u->failed = 0;
	u->log_id = 0;
	/* The archived revisions asked for, oldest first, and whether their ids are free. */
	struct arrow *rows = NULL;
	size_t n = 0, cap = 0;
	struct store_stmt *s = store_prepare(st, "SELECT ar_id, ar_rev_id, COALESCE(ar_page_id, 0), ar_timestamp,"
						 " ar_deleted, rev_id IS NULL FROM archive LEFT JOIN revision"
						 " ON rev_id = ar_rev_id WHERE ar_namespace = ? AND ar_title = ?"
						 " ORDER BY ar_timestamp, ar_id");
	store_bindv(s, "dt", t->ns, t->dbkey);
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		const char *ts = store_col_text(s, 3);
		if (!wanted(ts, u->timestamps, u->n_timestamps))
			continue;
		rows = arena_grow(a, rows, n + 1, &cap, sizeof(*rows));
		rows[n] = (struct arrow){
			.ar_id = store_col_int(s, 0), .rev_id = store_col_int(s, 1), .page_id = store_col_int(s, 2),
			.ts = arena_strdup(a, ts), .deleted = store_col_int(s, 4), .restorable = store_col_int(s, 5) != 0,
		};
		/* Two archive rows with one revision id: only the first may have it back. */
		for (size_t i = 0; i < n && rows[n].restorable; i++)
			if (rows[i].rev_id == rows[n].rev_id)
				rows[n].restorable = false;
		n++;
	}
	store_stmt_done(s);
	if (rc < 0)
		return rc;
	if (!n)
		return RC_NOTFOUND;
	struct arrow *last = NULL;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].restorable)
			last = &rows[i];
		else
			u->failed++;
	}
	if (!last)
		return RC_OK;

	/* The page: as it is, or created again (with its old id when that is free). */
	struct wiki_page pg;
	rc = wiki_page_load(st, a, t->ns, t->dbkey, &pg);
	if (rc != RC_OK)
		return rc;
	bool created = !pg.id, make_current = created || strcmp(last->ts, pg.latest_ts ? pg.latest_ts : "") > 0;
	if (make_current && !u->unsuppress && (last->deleted & WIKI_REV_DELETED_TEXT))
		return RC_INVALID; /* the text of the new current revision would be hidden */
	int64_t page_id = pg.id;
	char now[15];
	wiki_timestamp_now(now);
	if (created) {
		/* The old page id when it is free, as MediaWiki's insertOn() tries first. */
		int64_t taken = 0;
		bool free_id = last->page_id > 0 &&
			       store_query_int(st, &taken, "SELECT 1 FROM page WHERE page_id = ?", "i", last->page_id) ==
				       RC_NOTFOUND;
		rc = wiki_page_insert(st, t->ns, t->dbkey, free_id ? last->page_id : 0, now, &page_id);
	}
	u->page_id = page_id;
	for (size_t i = 0; rc == RC_OK && i < n; i++) {
		if (!rows[i].restorable)
			continue;
		rc = store_run(st, "INSERT INTO revision (rev_id, rev_page, rev_comment_id, rev_actor, rev_timestamp,"
				   " rev_minor_edit, rev_deleted, rev_len, rev_parent_id, rev_sha1)"
				   " SELECT ar_rev_id, ?, ar_comment_id, ar_actor, ar_timestamp, ar_minor_edit,"
				   " CASE WHEN ? THEN 0 ELSE ar_deleted END, ar_len, ar_parent_id, ar_sha1"
				   " FROM archive WHERE ar_id = ?", "iii", page_id, (int64_t)u->unsuppress, rows[i].ar_id);
		if (rc == RC_OK)
			rc = store_run(st, "DELETE FROM archive WHERE ar_id = ?", "i", rows[i].ar_id);
		if (rc == RC_OK)
			u->restored++;
	}
	if (rc == RC_OK && make_current) {
		const char *text = "", *model = NULL;
		size_t len = 0;
		rc = wiki_revision_text(st, a, last->rev_id, &text, &len, &model);
		if (rc == RC_OK)
			rc = wiki_page_set_latest(st, a, page_id, last->rev_id, text, len, model ? model : "wikitext",
						  created, now);
		if (rc == RC_OK)
			rc = wiki_links_refresh(st, a, t, page_id, last->rev_id, text, len, model, last->ts, now);
		if (rc == RC_OK)
			rc = wiki_jobs_title_changed(st, t->ns, t->dbkey, created ? WIKI_JOBS_CREATE : WIKI_JOBS_EDIT);
		/* The search index has the page again, with its current text. */
		if (rc == RC_OK)
			rc = wiki_search_index(st, a, page_id, t->ns, t->dbkey, text, len);
		/* The site's counts: one more page (when created) and its article status. */
		if (rc == RC_OK) {
			bool was = !created && wiki_page_countable(a, t->ns, pg.model ? pg.model : "wikitext", pg.text);
			bool is = wiki_page_countable(a, t->ns, model ? model : "wikitext", text);
			rc = store_run(st, "UPDATE site_stats SET ss_total_edits = ss_total_edits + 1,"
					   " ss_total_pages = ss_total_pages + ?,"
					   " ss_good_articles = COALESCE(ss_good_articles, 0) + ? WHERE ss_row_id = 1",
				       "ii", (int64_t)created, (int64_t)is - (int64_t)was);
		}
	}
	if (rc != RC_OK || !u->restored || !u->log)
		return rc;
	/* delete/restore with the count of what came back (MediaWiki's ":assoc:count"). */
	struct wiki_pvalue counts[2] = {
		{ .type = WIKI_PV_INT, .key = "revisions", .i = u->restored },
		{ .type = WIKI_PV_INT, .key = "files", .i = 0 },
	};
	struct wiki_pvalue item = { .type = WIKI_PV_ARRAY, .key = ":assoc:count", .items = counts, .n_items = 2 };
	struct wiki_pvalue params = { .type = WIKI_PV_ARRAY, .items = &item, .n_items = 1 };
	struct wiki_log_entry le = {
		.type = "delete", .action = "restore", .user_id = u->user->id, .user_name = u->user->name,
		.ns = t->ns, .dbkey = t->dbkey, .page_id = page_id, .comment = u->reason, .timestamp = now,
		.tags = u->tags, .params = &params,
	};
	return wiki_log_add(st, a, &le, &u->log_id);
}
