/* SPDX-License-Identifier: MIT */
/*
 * test_block.c — IP addresses and ranges (ip.c) and the block model
 * (block.c) without HTTP: hex forms and ranges as IPUtils has them, the
 * client address behind trusted proxies, placing blocks, which blocks
 * apply to which request (account, address, range, anon-only,
 * ipblock-exempt, composite), partial-block rules, autoblocks, reblocks,
 * removal, and expiries passing (the clock is moved, not waited for).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "store/store.h"
#include "util/config.h"
#include "util/timestamp.h"
#include "wiki/wiki.h"

static struct arena *A;

static void test_ip(void)
{
	STR_EQ(wiki_ip_hex(A, "192.0.2.5"), "C0000205", "IPv4 hex");
	STR_EQ(wiki_ip_hex(A, "010.0.0.1"), "0A000001", "leading zeros are decimal");
	STR_EQ(wiki_ip_hex(A, "2001:db8::1"), "v6-20010DB8000000000000000000000001", "IPv6 hex");
	OK(wiki_ip_hex(A, "1.2.3.0/24") == NULL, "a range has no single hex form");
	OK(wiki_ip_hex(A, "Foo") == NULL, "not an address");
	const char *s, *e;
	int prefix;
	INT_EQ(wiki_ip_range(A, "1.2.3.4/24", &s, &e, &prefix), 32, "IPv4 range");
	STR_EQ(s, "01020300", "range start");
	STR_EQ(e, "010203FF", "range end");
	INT_EQ(prefix, 24, "prefix");
	INT_EQ(wiki_ip_range(A, "2001:db8::/32", &s, &e, &prefix), 128, "IPv6 range");
	STR_EQ(e, "v6-20010DB8FFFFFFFFFFFFFFFFFFFFFFFF", "IPv6 range end");
	INT_EQ(wiki_ip_range(A, "1.2.3.4/33", &s, &e, &prefix), RC_INVALID, "prefix too long");
	STR_EQ(wiki_ip_sanitize_range(A, "1.2.3.4/24"), "1.2.3.0/24", "network address of a range");
	STR_EQ(wiki_ip_sanitize_range(A, "2001:db8::1/64"), "2001:DB8:0:0:0:0:0:0/64", "IPv6 network address");
	STR_EQ(wiki_ip_from_hex(A, ""), "0.0.0.0", "formatHex of nothing");
	STR_EQ(wiki_ip_from_hex(A, "C0000205"), "192.0.2.5", "back from hex");
	OK(wiki_ip_in_range(A, "1.2.3.99", "1.2.3.0/24"), "in range");
	OK(!wiki_ip_in_range(A, "1.2.4.1", "1.2.3.0/24"), "outside the range");
	OK(!wiki_ip_in_range(A, "::1", "1.2.3.0/24"), "other family");
	STR_EQ(wiki_ip_client(A, "127.0.0.1", "10.0.0.5", ""), "127.0.0.1", "no trusted proxy: the peer");
	STR_EQ(wiki_ip_client(A, "127.0.0.1", "10.0.0.5", "127.0.0.1"), "10.0.0.5", "trusted proxy: forwarded address");
	STR_EQ(wiki_ip_client(A, "127.0.0.1", "192.0.2.9, 10.0.0.5", "127.0.0.1 10.0.0.0/8"), "192.0.2.9",
	       "a chain of trusted proxies is walked");
	STR_EQ(wiki_ip_client(A, "127.0.0.1", "192.0.2.9, 10.0.0.5", "127.0.0.1"), "10.0.0.5",
	       "an untrusted hop stops the walk");
	STR_EQ(wiki_ip_client(A, "127.0.0.1", "garbage", "127.0.0.1"), "127.0.0.1", "malformed header ignored");
	STR_EQ(wiki_ip_client(A, "192.0.2.1", "10.0.0.5", "127.0.0.1"), "192.0.2.1", "peer not trusted");
}

/* A user of the wiki as a request would see it, from `ip`. */
static struct wiki_user *user_at(struct store *st, const char *name, const char *ip)
{
	struct wiki_user *u;
	if (!name)
		return wiki_user_anon(A, ip);
	if (wiki_user_load(A, st, name, 0, &u) != RC_OK)
		return NULL;
	u->ip = ip;
	return u;
}

/* Place a sitewide block with `spec` tweaks in one transaction; returns its id. */
static int64_t place(struct store *st, struct wiki_block_spec *s)
{
	int64_t id = 0;
	if (store_begin(st) != RC_OK)
		return 0;
	if (wiki_block_place(st, A, s, NULL, &id) != RC_OK) {
		store_rollback(st);
		return 0;
	}
	return store_commit(st) == RC_OK ? id : 0;
}

/* The block id applying to `u`, 0 for none, -1 for a composite. */
static int64_t applies(struct store *st, struct wiki_user *u)
{
	const struct wiki_block *b = NULL;
	u->block_loaded = false;
	if (wiki_block_for_user(st, A, u, &b) != RC_OK)
		return -2;
	return !b ? 0 : b->parts ? -1 : b->id;
}

static void test_blocks(struct store *st)
{
	int64_t uid;
	INT_EQ(wiki_user_create(st, A, "Blocked", "Blocked-pass-1", NULL, NULL, &uid), RC_OK, "create user");
	struct wiki_user *admin = user_at(st, "Admin", "127.0.0.1");
	struct wiki_user *u = user_at(st, "Blocked", "192.0.2.10");

	/* An account block. */
	struct wiki_block_spec s = { .type = WIKI_BLOCK_USER, .target = "Blocked", .user_id = uid, .by = admin,
				     .reason = "test", .expiry = "infinity", .raw_expiry = "infinity", .hardblock = true,
				     .autoblock = true, .sitewide = true, .ip = "127.0.0.1" };
	int64_t bid = place(st, &s);
	OK(bid > 0, "block placed");
	INT_EQ(applies(st, u), bid, "the account's block applies");
	INT_EQ(applies(st, user_at(st, NULL, "192.0.2.10")), 0, "not to anonymous users of its address");
	const struct wiki_block *b = u->block;
	INT_EQ(wiki_block_applies_right(b, "edit"), -1, "edit depends on the page");
	INT_EQ(wiki_block_applies_right(b, "upload"), 1, "sitewide blocks stop uploads");
	INT_EQ(wiki_block_applies_right(b, "createaccount"), 0, "no nocreate");
	OK(wiki_block_applies_page(b, u, 0, "Anything"), "every page");
	OK(wiki_block_applies_page(b, u, 3, "Blocked"), "own talk page without allowusertalk");
	struct wiki_block **v;
	size_t n;
	INT_EQ(wiki_block_list_target(st, A, uid, NULL, &v, &n), RC_OK, "list on target");
	INT_EQ(n, 1, "one block");
	OK(wiki_block_equals(v[0], &s), "equal to its spec");

	/* Autoblock of the address the user tried to edit from. */
	INT_EQ(wiki_block_autoblock(st, A, v[0], "192.0.2.10"), RC_OK, "autoblock");
	struct wiki_user *anon = user_at(st, NULL, "192.0.2.10");
	int64_t aid = applies(st, anon);
	OK(aid > 0 && aid != bid, "the autoblock applies to the address");
	OK(anon->block->type == WIKI_BLOCK_AUTO && anon->block->parent_id == bid, "autoblock of the block");
	INT_EQ(applies(st, u), bid, "the user sees the parent block, not both");
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(wiki_block_remove(st, A, anon->block, admin, "", NULL, "127.0.0.1"), RC_OK, "remove the autoblock");
	INT_EQ(store_commit(st), RC_OK, "commit");
	char *title = NULL;
	store_query_text(st, A, &title, "SELECT log_title FROM logging WHERE log_action = 'unblock'"
			 " ORDER BY log_id DESC LIMIT 1", "");
	STR_EQ(title, arena_printf(A, "#%lld", (long long)aid), "an autoblock's unblock names User:#id, not the address");
	INT_EQ(applies(st, anon), 0, "autoblock gone");
	INT_EQ(wiki_block_autoblock(st, A, v[0], "192.0.2.10"), RC_OK, "autoblock again");
	OK(applies(st, anon) > 0, "autoblocked again");

	/* Reblock with allowusertalk and without autoblock: the autoblock goes. */
	s.allow_usertalk = true;
	s.autoblock = false;
	OK(!wiki_block_equals(v[0], &s), "changed spec differs");
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(wiki_block_place(st, A, &s, v[0], NULL), RC_OK, "reblock");
	INT_EQ(store_commit(st), RC_OK, "commit");
	INT_EQ(applies(st, anon), 0, "autoblock removed with autoblocking");
	INT_EQ(applies(st, u), bid, "same block id after a reblock");
	OK(!wiki_block_applies_page(u->block, u, 3, "Blocked"), "own talk page allowed");
	OK(wiki_block_applies_page(u->block, u, 3, "Other"), "other talk pages not");

	/* An anon-only address block and a range block. */
	struct wiki_block_spec ipb = { .type = WIKI_BLOCK_IP, .target = "192.0.2.10", .by = admin, .reason = "",
				       .expiry = "infinity", .raw_expiry = "infinity", .hardblock = false,
				       .create_account = true, .sitewide = true };
	int64_t ipid = place(st, &ipb);
	INT_EQ(applies(st, anon), ipid, "anon-only block applies to anonymous users");
	INT_EQ(applies(st, u), bid, "but not to the logged-in user there");
	const struct wiki_block *ab = NULL;
	INT_EQ(wiki_block_for_address(st, A, "192.0.2.10", &ab), RC_OK, "address lookup");
	OK(ab && ab->id == ipid && wiki_block_applies_right(ab, "createaccount") == 1, "nocreate on the address");
	char exp[15];
	ts_format_mw(util_now() + 3600, exp);
	struct wiki_block_spec rb = { .type = WIKI_BLOCK_RANGE, .target = "192.0.2.0/24", .by = admin, .reason = "",
				      .expiry = exp, .raw_expiry = "1 hour", .hardblock = true, .sitewide = true };
	int64_t rid = place(st, &rb);
	INT_EQ(applies(st, u), -1, "account block and range block: composite");
	struct wiki_user *other = user_at(st, NULL, "192.0.2.77");
	INT_EQ(applies(st, other), rid, "the range covers other addresses");
	INT_EQ(applies(st, user_at(st, NULL, "192.0.3.1")), 0, "but not outside it");
	INT_EQ(applies(st, user_at(st, "Admin", "192.0.2.77")), 0, "ipblock-exempt skips address blocks");

	/* Expiry: an hour later the range block no longer applies. */
	util_set_fake_time(util_now() + 3601);
	INT_EQ(applies(st, other), 0, "expired range block applies no more");
	INT_EQ(wiki_block_list_target(st, A, 0, "192.0.2.0/24", &v, &n), RC_OK, "list expired");
	INT_EQ(n, 0, "expired blocks are not listed");
	util_set_fake_time(0);

	/* Partial block: pages, namespaces, actions. */
	struct wiki_block_restriction r[] = {
		{ .type = WIKI_BLOCK_R_NS, .value = 10 },
		{ .type = WIKI_BLOCK_R_ACTION, .value = 2 },
	};
	INT_EQ(wiki_user_create(st, A, "Partial", "Partial-pass-1", NULL, NULL, &uid), RC_OK, "create user 2");
	struct wiki_user *pu = user_at(st, "Partial", "198.51.100.1");
	struct wiki_block_spec ps = { .type = WIKI_BLOCK_USER, .target = "Partial", .user_id = uid, .by = admin,
				      .reason = "", .expiry = "infinity", .raw_expiry = "infinity", .hardblock = true,
				      .allow_usertalk = true, .restrictions = r, .n_restrictions = 2 };
	int64_t pid = place(st, &ps);
	INT_EQ(applies(st, pu), pid, "partial block applies");
	OK(!wiki_block_applies_page(pu->block, pu, 0, "Main_Page"), "not to other pages");
	OK(wiki_block_applies_page(pu->block, pu, 10, "Foo"), "to its namespace");
	INT_EQ(wiki_block_applies_right(pu->block, "move"), 1, "its action");
	INT_EQ(wiki_block_applies_right(pu->block, "upload"), 0, "partial blocks without an upload restriction allow uploads");

	/* Removal. */
	INT_EQ(wiki_block_list_target(st, A, uid, NULL, &v, &n), RC_OK, "list partial");
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(wiki_block_remove(st, A, v[0], admin, "done", NULL, "127.0.0.1"), RC_OK, "remove");
	INT_EQ(store_commit(st), RC_OK, "commit");
	INT_EQ(applies(st, pu), 0, "removed block applies no more");
	int64_t logs = 0;
	store_query_int(st, &logs, "SELECT COUNT(*) FROM logging WHERE log_type = 'block'", "");
	INT_EQ(logs, 7, "every block, reblock and unblock logged");
}

int main(void)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "%s/wikid-test-block-XXXXXX", P_tmpdir);
	if (!mkdtemp(dir))
		return 1;
	config_defaults();
	config_set(&config.data_dir, dir);
	config_set(&config.admin_password, "admin-pass-for-tests");
	A = arena_new();
	test_ip();
	if (!OK(wiki_init() == RC_OK, "wiki_init"))
		return harness_done();
	struct store *st = store_thread();
	test_blocks(st);
	arena_free(A);
	wiki_shutdown();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
