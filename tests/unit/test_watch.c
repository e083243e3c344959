/* SPDX-License-Identifier: MIT */
/*
 * test_watch.c — the watchlist layer (wiki/watch.c) on a fresh database:
 * a page and its talk page watched and unwatched together, existing rows
 * keeping their notification timestamp, watcher counts, notification
 * timestamps set per page, for the whole list, and by another user's
 * change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "store/store.h"
#include "wiki/wiki.h"

static char dir[] = "/tmp/wikid-test-watch-XXXXXX";

static int64_t rows(struct store *st, int64_t uid)
{
	int64_t n = -1;
	store_query_int(st, &n, "SELECT COUNT(*) FROM watchlist WHERE wl_user = ?", "i", uid);
	return n;
}

static void test_add_remove(struct store *st, struct arena *a)
{
	OK(wiki_watch_is_watchable(0) && wiki_watch_is_watchable(3), "main and user talk are watchable");
	OK(!wiki_watch_is_watchable(-1) && !wiki_watch_is_watchable(-2), "special and media are not");

	INT_EQ(wiki_watch_add(st, 7, 0, "Foo"), RC_OK, "watch Foo");
	INT_EQ(rows(st, 7), 2, "Foo and Talk:Foo are rows");
	OK(wiki_watch_is_watched(st, 7, 0, "Foo") && wiki_watch_is_watched(st, 7, 1, "Foo"), "both watched");
	OK(!wiki_watch_is_watched(st, 0, 0, "Foo"), "anonymous users watch nothing");

	INT_EQ(wiki_watch_add(st, 7, 3, "Bar"), RC_OK, "watching a talk page");
	OK(wiki_watch_is_watched(st, 7, 2, "Bar"), "... watches its subject page too");
	INT_EQ(rows(st, 7), 4, "four rows");

	INT_EQ(wiki_watch_set_notification(st, 7, 0, "Foo", "20200101000000"), RC_OK, "mark Foo");
	INT_EQ(wiki_watch_add(st, 7, 0, "Foo"), RC_OK, "watch Foo again");
	const char *notif = NULL;
	INT_EQ(wiki_watch_get(st, a, 7, 0, "Foo", &notif), RC_OK, "Foo watched");
	STR_EQ(notif, "20200101000000", "re-watching keeps the notification timestamp");
	INT_EQ(wiki_watch_get(st, a, 7, 0, "Nope", &notif), RC_NOTFOUND, "unwatched page");

	INT_EQ(wiki_watch_remove(st, 7, 1, "Foo"), RC_OK, "unwatch Talk:Foo");
	OK(!wiki_watch_is_watched(st, 7, 0, "Foo"), "the subject page goes too");
	INT_EQ(rows(st, 7), 2, "two rows left");
}

static void test_notifications(struct store *st, struct arena *a)
{
	wiki_watch_add(st, 1, 0, "Page");
	wiki_watch_add(st, 2, 0, "Page");
	wiki_watch_add(st, 3, 0, "Page");
	INT_EQ(wiki_watch_count(st, 0, "Page"), 3, "three watchers");
	INT_EQ(wiki_watch_count(st, 1, "Page"), 3, "three on the talk page");
	wiki_watch_set_notification(st, 3, 0, "Page", "20190101000000");

	INT_EQ(wiki_watch_page_changed(st, 1, 0, "Page", "20240101000000"), RC_OK, "user 1 edits");
	const char *n1 = NULL, *n2 = NULL, *n3 = NULL;
	wiki_watch_get(st, a, 1, 0, "Page", &n1);
	wiki_watch_get(st, a, 2, 0, "Page", &n2);
	wiki_watch_get(st, a, 3, 0, "Page", &n3);
	OK(n1 == NULL, "the editor's own row stays seen");
	STR_EQ(n2, "20240101000000", "another watcher gets the edit's time");
	STR_EQ(n3, "20190101000000", "an older unseen change keeps its time");
	wiki_watch_get(st, a, 2, 1, "Page", &n2);
	OK(n2 == NULL, "the talk page row is another page");

	INT_EQ(wiki_watch_set_notification(st, 2, 0, "Page", NULL), RC_OK, "user 2 has seen it");
	wiki_watch_get(st, a, 2, 0, "Page", &n2);
	OK(n2 == NULL, "cleared");
	INT_EQ(wiki_watch_set_notification(st, 2, 0, "Unwatched", "20240101000000"), RC_OK, "no row, no error");
	INT_EQ(wiki_watch_get(st, a, 2, 0, "Unwatched", NULL), RC_NOTFOUND, "and no row made");

	INT_EQ(wiki_watch_set_notification_all(st, 3, "20230101000000"), RC_OK, "whole list of user 3");
	wiki_watch_get(st, a, 3, 0, "Page", &n3);
	STR_EQ(n3, "20230101000000", "subject row");
	wiki_watch_get(st, a, 3, 1, "Page", &n3);
	STR_EQ(n3, "20230101000000", "talk row");
	wiki_watch_set_notification(st, 3, 0, "Page", "29990101000000");
	INT_EQ(wiki_watch_set_notification_all(st, 3, NULL), RC_OK, "mark everything seen");
	wiki_watch_get(st, a, 3, 0, "Page", &n3);
	STR_EQ(n3, "29990101000000", "a change newer than the reset keeps its mark");
	wiki_watch_get(st, a, 3, 1, "Page", &n3);
	OK(n3 == NULL, "the rest is seen");
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	struct arena *a = arena_new();
	struct store *st = store_open(dir);
	OK(st != NULL, "open");
	INT_EQ(store_migrate(st), RC_OK, "migrate");
	test_add_remove(st, a);
	test_notifications(st, a);
	store_close(st);
	arena_free(a);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return harness_done();
}
