/* SPDX-License-Identifier: MIT */
/*
 * watch.c — watchlists: which pages a user watches, and when each
 * watched page last changed without the user having seen it.
 *
 * Rows follow MediaWiki's watchlist table: one row per (user, namespace,
 * title), the subject page and its talk page always watched and
 * unwatched together. wl_notificationtimestamp is NULL while the user
 * has seen the page; an edit by someone else sets it to the edit's time
 * for every watcher who had it NULL ($wgShowUpdatedMarker, on by
 * default), so it marks the first change not yet seen. There are no
 * expiring watches ($wgWatchlistExpiry is off), so watchlist_expiry is
 * never written.
 *
 * The writers here open no transaction: call them inside the caller's
 * store_begin() ... store_commit(), which also ends the request's read
 * snapshot (a write inside the snapshot could fail on a busy database).
 */
#include "wiki.h"

#include "../store/store.h"

bool wiki_watch_is_watchable(int ns)
{
	return ns >= 0 && wiki_ns_valid(ns);
}

/* The subject and talk namespaces of `ns` into pair[0], pair[1]; returns how many (1 or 2). */
static int ns_pair(int ns, int pair[2])
{
	pair[0] = wiki_ns_subject(ns);
	pair[1] = wiki_ns_talk(ns);
	return pair[1] == WIKI_NS_NONE || pair[1] == pair[0] ? 1 : 2;
}

int wiki_watch_add(struct store *st, int64_t uid, int ns, const char *dbkey)
{
	int pair[2];
	int n = ns_pair(ns, pair), rc = RC_OK;
	/* An existing row keeps its notification timestamp, as MediaWiki's INSERT IGNORE does. */
	for (int i = 0; i < n && rc == RC_OK; i++)
		rc = store_run(st, "INSERT INTO watchlist (wl_user, wl_namespace, wl_title, wl_notificationtimestamp)"
				   " VALUES (?, ?, ?, NULL) ON CONFLICT (wl_user, wl_namespace, wl_title) DO NOTHING",
			       "idt", uid, pair[i], dbkey);
	return rc;
}

int wiki_watch_remove(struct store *st, int64_t uid, int ns, const char *dbkey)
{
	int pair[2];
	int n = ns_pair(ns, pair), rc = RC_OK;
	for (int i = 0; i < n && rc == RC_OK; i++)
		rc = store_run(st, "DELETE FROM watchlist WHERE wl_user = ? AND wl_namespace = ? AND wl_title = ?",
			       "idt", uid, pair[i], dbkey);
	return rc;
}

int wiki_watch_get(struct store *st, struct arena *a, int64_t uid, int ns, const char *dbkey, const char **notif)
{
	struct store_stmt *s = store_prepare(st, "SELECT wl_notificationtimestamp FROM watchlist"
						 " WHERE wl_user = ? AND wl_namespace = ? AND wl_title = ?");
	store_bindv(s, "idt", uid, ns, dbkey);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		if (notif)
			*notif = store_col_dup(s, a, 0);
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_NOTFOUND;
	}
	store_stmt_done(s);
	return rc;
}

bool wiki_watch_is_watched(struct store *st, int64_t uid, int ns, const char *dbkey)
{
	if (uid <= 0)
		return false;
	int64_t n = 0;
	store_query_int(st, &n, "SELECT COUNT(*) FROM watchlist WHERE wl_user = ? AND wl_namespace = ? AND wl_title = ?",
			"idt", uid, ns, dbkey);
	return n > 0;
}

int64_t wiki_watch_count(struct store *st, int ns, const char *dbkey)
{
	int64_t n = 0;
	store_query_int(st, &n, "SELECT COUNT(*) FROM watchlist WHERE wl_namespace = ? AND wl_title = ?", "dt", ns,
			dbkey);
	return n;
}

int wiki_watch_set_notification(struct store *st, int64_t uid, int ns, const char *dbkey, const char *ts)
{
	return store_run(st, "UPDATE watchlist SET wl_notificationtimestamp = ?"
			     " WHERE wl_user = ? AND wl_namespace = ? AND wl_title = ?",
			 "tidt", ts, uid, ns, dbkey);
}

int wiki_watch_set_notification_all(struct store *st, int64_t uid, const char *ts)
{
	/*
	 * As MediaWiki's ClearWatchlistNotificationsJob: rows already marked
	 * by a change after this moment keep their mark, so a reset never
	 * hides a change it did not cover.
	 */
	char now[15];
	wiki_timestamp_now(now);
	return store_run(st, "UPDATE watchlist SET wl_notificationtimestamp = ? WHERE wl_user = ?"
			     " AND (wl_notificationtimestamp IS NULL OR wl_notificationtimestamp < ?)",
			 "tit", ts, uid, now);
}

int wiki_watch_page_changed(struct store *st, int64_t editor_uid, int ns, const char *dbkey, const char *ts)
{
	return store_run_later(st, "UPDATE watchlist SET wl_notificationtimestamp = ? WHERE wl_namespace = ?"
			     " AND wl_title = ? AND wl_user != ? AND wl_notificationtimestamp IS NULL",
			 "tdti", ts, ns, dbkey, editor_uid);
}
