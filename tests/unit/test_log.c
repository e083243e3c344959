/* SPDX-License-Identifier: MIT */
/*
 * test_log.c — PHP serialize()/unserialize() of log parameters (byte
 * forms MediaWiki writes, malformed input refused) and wiki_log_add():
 * the logging row, the published recentchanges row, tags, and an entry
 * kept out of recent changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "store/store.h"
#include "wiki/wiki.h"

static char dir[] = "/tmp/wikid-test-log-XXXXXX";

static int64_t count(struct store *st, const char *sql)
{
	int64_t n = -1;
	store_query_int(st, &n, sql, "");
	return n;
}

static void test_serialize(struct arena *a)
{
	struct wiki_pvalue items[6] = {
		{ .type = WIKI_PV_INT, .key = "4::userid", .i = 42 },
		{ .type = WIKI_PV_STRING, .key = "5::name", .s = "Zoë", .len = 4 },
		{ .type = WIKI_PV_BOOL, .key = "noredir", .b = true },
		{ .type = WIKI_PV_NULL, .key = "7" },
		{ .type = WIKI_PV_FLOAT, .key = "f", .d = 0.5 },
		{ .type = WIKI_PV_ARRAY, .key = "list" },
	};
	struct wiki_pvalue root = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 6 };
	const char *want = "a:6:{s:9:\"4::userid\";i:42;s:7:\"5::name\";s:4:\"Zoë\";s:7:\"noredir\";b:1;"
			   "i:7;N;s:1:\"f\";d:0.5;s:4:\"list\";a:0:{}}";
	const char *got = wiki_php_serialize(a, &root);
	STR_EQ(got, want, "serialize: numeric string key becomes an integer key, lengths in bytes");

	struct wiki_pvalue back;
	INT_EQ(wiki_php_unserialize(a, got, strlen(got), &back), RC_OK, "unserialize what we wrote");
	INT_EQ(back.n_items, 6, "six members");
	STR_EQ(back.items[0].key, "4::userid", "string key");
	INT_EQ(back.items[0].i, 42, "int value");
	STR_EQ(back.items[1].s, "Zoë", "string value");
	INT_EQ(back.items[3].key_is_int, 1, "integer key marked");
	STR_EQ(back.items[3].key, "7", "integer key text");
	OK(back.items[4].d == 0.5, "float value");
	STR_EQ(wiki_php_serialize(a, &back), want, "round trip is byte-identical");

	struct wiki_pvalue v;
	static const char *const bad[] = {
		"", "a:1:{}", "a:1:{s:1:\"x\";}", "s:5:\"abc\";", "i:;", "b:2;", "a:0:{}x", "x:1;",
		"a:99999999999:{", "s:-1:\"\";", "d:abc;",
		/* A length near LLONG_MAX overflowed the bounds check (fuzz_phpser). */
		"s:9223372036854775807:\"x\";", "a:1:{s:9223372036854775806:\"x\";N;}", NULL
	};
	for (size_t i = 0; bad[i]; i++)
		INT_EQ(wiki_php_unserialize(a, bad[i], strlen(bad[i]), &v), RC_INVALID, bad[i]);
	/* Nesting past the limit is refused rather than recursing without bound. */
	char deep[4 * (WIKI_PHP_MAX_DEPTH + 2) * 12];
	size_t n = 0;
	for (int i = 0; i < WIKI_PHP_MAX_DEPTH + 2; i++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "a:1:{i:0;");
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "N;");
	for (int i = 0; i < WIKI_PHP_MAX_DEPTH + 2; i++)
		deep[n++] = '}';
	INT_EQ(wiki_php_unserialize(a, deep, n, &v), RC_INVALID, "too deep");
}

static void test_log_add(struct arena *a)
{
	struct store *st = store_open(dir);
	OK(st != NULL, "open database");
	if (!st)
		return;
	INT_EQ(store_migrate(st), RC_OK, "migrate");
	int64_t uid = 0;
	INT_EQ(wiki_user_create(st, a, "Logger", NULL, NULL, NULL, &uid), RC_OK, "create user");

	struct wiki_pvalue id = { .type = WIKI_PV_INT, .key = "4::userid", .i = uid };
	struct wiki_pvalue params = { .type = WIKI_PV_ARRAY, .items = &id, .n_items = 1 };
	const char *tags[] = { "mytag", NULL };
	struct wiki_log_entry e = {
		.type = "newusers", .action = "create", .user_id = uid, .user_name = "Logger",
		.ns = WIKI_NS_USER, .dbkey = "Logger", .comment = "why", .params = &params,
		.timestamp = "20240102030405", .tags = tags, .ip = "127.0.0.1",
	};
	int64_t log_id = 0;
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(wiki_log_add(st, a, &e, &log_id), RC_OK, "add a published entry");
	INT_EQ(store_commit(st), RC_OK, "commit");
	OK(log_id > 0, "log id returned");
	char *blob = NULL;
	store_query_text(st, a, &blob, "SELECT log_params FROM logging WHERE log_id = ?", "i", log_id);
	STR_EQ(blob, arena_printf(a, "a:1:{s:9:\"4::userid\";i:%lld;}", (long long)uid), "log_params blob");
	INT_EQ(count(st, "SELECT COUNT(*) FROM recentchanges WHERE rc_type = 3 AND rc_source = 'mw.log'"
			 " AND rc_log_type = 'newusers' AND rc_patrolled = 2 AND rc_old_len IS NULL"),
	       1, "recentchanges row of type RC_LOG, autopatrolled");
	INT_EQ(count(st, "SELECT COUNT(*) FROM recentchanges r JOIN logging l ON l.log_id = r.rc_logid"
			 " WHERE r.rc_params = l.log_params AND r.rc_comment_id = l.log_comment_id"),
	       1, "same params and comment in both rows");
	INT_EQ(count(st, "SELECT COUNT(*) FROM change_tag WHERE ct_log_id IS NOT NULL AND ct_rc_id IS NOT NULL"),
	       1, "one change_tag row carries both ids");
	INT_EQ(count(st, "SELECT ctd_count FROM change_tag_def WHERE ctd_name = 'mytag'"), 1, "tag counted");

	/* Page creations are logged without a recent-changes row; no params gives a:0:{}. */
	struct wiki_log_entry c = {
		.type = "create", .action = "create", .user_name = "10.0.0.1", .ns = 0, .dbkey = "Page",
		.page_id = 7, .no_rc = true, .assoc_rev_id = 9,
	};
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(wiki_log_add(st, a, &c, &log_id), RC_OK, "add an unpublished entry by an IP");
	INT_EQ(store_commit(st), RC_OK, "commit");
	INT_EQ(count(st, "SELECT COUNT(*) FROM recentchanges"), 1, "no new recentchanges row");
	INT_EQ(count(st, "SELECT COUNT(*) FROM logging WHERE log_params = 'a:0:{}' AND log_page = 7"), 1,
	       "empty params blob, log_page");
	INT_EQ(count(st, "SELECT COUNT(*) FROM actor WHERE actor_name = '10.0.0.1' AND actor_user IS NULL"), 1,
	       "IP actor created");
	INT_EQ(count(st, "SELECT COUNT(*) FROM log_search WHERE ls_field = 'associated_rev_id' AND ls_value = '9'"),
	       1, "associated revision in log_search");
	store_close(st);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	struct arena *a = arena_new();
	test_serialize(a);
	test_log_add(a);
	arena_free(a);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return harness_done();
}
