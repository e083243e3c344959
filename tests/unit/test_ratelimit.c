/* SPDX-License-Identifier: MIT */
/*
 * test_ratelimit.c — $wgRateLimits (wiki/ratelimit.c) without HTTP:
 * which counters apply to anonymous users, newbies, accounts and group
 * members, the address and subnet counters shared between them, the
 * sliding window (the clock is moved, not waited for), refused attempts
 * not counted, peeking, exemption by right and by address, can_bypass,
 * limits removed or added by the configuration, and the list shown by
 * meta=userinfo&uiprop=ratelimits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "store/store.h"
#include "util/config.h"
#include "wiki/wiki.h"

static struct arena *A;
static struct store *S;

/* A user as a request would see it: `id` 0 for anonymous, `rights` and `groups` NULL-terminated. */
static struct wiki_user *user(int64_t id, const char *ip, const char **rights, const char **groups)
{
	struct wiki_user *u = wiki_user_anon(A, ip);
	if (id) {
		u->id = id;
		u->name = arena_printf(A, "User %lld", (long long)id);
		u->rights = rights;
		u->groups = groups;
	}
	return u;
}

/* One [ratelimits] entry, as the ini file would add it (seconds 0: "none"). */
static void set_limit(const char *action, const char *kind, int hits, int seconds)
{
	config.ratelimits = xrealloc(config.ratelimits, (config.n_ratelimits + 1) * sizeof(*config.ratelimits));
	config.ratelimits[config.n_ratelimits++] = (struct config_rate_limit){
		.action = xstrdup(action), .kind = xstrdup(kind), .hits = hits, .seconds = seconds };
}

/* Forget every counter and configured limit; the clock at `t`. */
static void reset(int64_t t)
{
	store_run(S, "DELETE FROM wikid_limiter", "");
	for (size_t i = 0; i < config.n_ratelimits; i++) {
		xfree(config.ratelimits[i].action);
		xfree(config.ratelimits[i].kind);
	}
	xfree(config.ratelimits);
	config.ratelimits = NULL;
	config.n_ratelimits = 0;
	config_set(&config.ratelimit_excluded_ips, "");
	util_set_fake_time(t);
}

/* How many of `n` attempts of `action` by `u` pass. */
static int passes(struct wiki_user *u, const char *action, int n)
{
	int ok = 0;
	for (int i = 0; i < n; i++)
		ok += !wiki_ratelimit_hit(S, A, u, action, 1);
	return ok;
}

static const char *newbie_rights[] = { "edit", "read", NULL };
static const char *user_rights[] = { "edit", "read", "autoconfirmed", NULL };
static const char *sysop_rights[] = { "edit", "read", "autoconfirmed", "noratelimit", NULL };

/* T0 is even, so that the 2-second buckets of a 60-second window start on it. */
#define T0 1700000000

static void test_window(void)
{
	reset(T0);
	struct wiki_user *anon = user(0, "192.0.2.7", NULL, NULL);
	INT_EQ(passes(anon, "edit", 10), 8, "anonymous: 8 edits a minute (edit.ip)");
	INT_EQ(passes(user(0, "192.0.2.8", NULL, NULL), "edit", 1), 1, "another address has its own counter");
	util_set_fake_time(T0 + 30);
	OK(wiki_ratelimit_hit(S, A, anon, "edit", 1), "still limited half a window later");
	/* The bucket of the 8 edits is half inside the window: it counts 4. */
	util_set_fake_time(T0 + 61);
	INT_EQ(passes(anon, "edit", 5), 4, "refused attempts did not count; the old bucket weighs half");
	util_set_fake_time(T0 + 200);
	INT_EQ(passes(anon, "edit", 9), 8, "a window later everything is free again");
	OK(!wiki_ratelimit_hit(S, A, anon, "no-such-action", 1), "an action without limits is never limited");
	OK(!wiki_ratelimit_hit(S, A, anon, "move", 1), "anonymous users have no move limit by default");
}

static void test_kinds(void)
{
	reset(T0);
	struct wiki_user *anon = user(0, "192.0.2.9", NULL, NULL);
	struct wiki_user *newbie = user(5, "192.0.2.9", newbie_rights, NULL);
	struct wiki_user *account = user(6, "192.0.2.9", user_rights, NULL);
	INT_EQ(passes(anon, "edit", 8), 8, "anonymous edits from an address");
	OK(wiki_ratelimit_hit(S, A, newbie, "edit", 1), "a newbie shares the address's counter (edit.ip)");
	INT_EQ(passes(account, "edit", 10), 10, "an autoconfirmed account does not (edit.user: 90)");
	INT_EQ(passes(newbie, "move", 3), 2, "a newbie may move 2 pages in two minutes (move.newbie)");
	INT_EQ(passes(account, "move", 9), 8, "an account 8 a minute (move.user)");
	INT_EQ(passes(user(7, "192.0.2.10", newbie_rights, NULL), "move", 3), 2, "newbie counters are per account");

	/* Peeking reads without counting. */
	reset(T0);
	for (int i = 0; i < 100; i++)
		wiki_ratelimit_hit(S, A, anon, "edit", 0);
	INT_EQ(passes(anon, "edit", 9), 8, "peeks are not counted");
	OK(wiki_ratelimit_hit(S, A, anon, "edit", 0), "a peek sees the limit reached");

	/* Subnets and the limits of everybody from one address. */
	reset(T0);
	set_limit("edit", "subnet", 2, 60);
	set_limit("edit", "anon", 4, 60);
	OK(!wiki_ratelimit_hit(S, A, user(0, "198.51.100.1", NULL, NULL), "edit", 1), "subnet 1/2");
	OK(!wiki_ratelimit_hit(S, A, user(0, "198.51.100.2", NULL, NULL), "edit", 1), "subnet 2/2");
	OK(wiki_ratelimit_hit(S, A, user(0, "198.51.100.3", NULL, NULL), "edit", 1), "the /24 is used up");
	OK(!wiki_ratelimit_hit(S, A, user(0, "198.51.101.3", NULL, NULL), "edit", 1),
	   "another /24; anon 3/4 (the refused one was not counted)");
	OK(!wiki_ratelimit_hit(S, A, user(0, "2001:db8::1", NULL, NULL), "edit", 1), "IPv6: its /64; anon 4/4");
	OK(wiki_ratelimit_hit(S, A, user(0, "2001:db8:1::1", NULL, NULL), "edit", 1),
	   "all anonymous users together are used up (edit.anon)");
	reset(T0);
	set_limit("edit", "ip-all", 1, 60);
	/* RateLimiter applies ip-all to an account only when it allows more per second than the account's own. */
	INT_EQ(passes(account, "edit", 3), 3, "ip-all stricter than edit.user: not applied to accounts");
	reset(T0);
	set_limit("edit", "ip-all", 1, 60);
	set_limit("edit", "user", 1, 120);
	OK(!wiki_ratelimit_hit(S, A, user(20, "192.0.2.40", user_rights, NULL), "edit", 1), "ip-all 1/1");
	OK(wiki_ratelimit_hit(S, A, user(21, "192.0.2.40", user_rights, NULL), "edit", 1),
	   "ip-all more generous than edit.user: applies, to every account from the address");
}

static void test_groups_and_config(void)
{
	const char *bots[] = { "bot", NULL };
	reset(T0);
	set_limit("edit", "user", 2, 60);
	set_limit("edit", "bot", 3, 60);
	set_limit("edit", "sysop", 1, 60);
	INT_EQ(passes(user(8, "192.0.2.20", user_rights, NULL), "edit", 4), 2, "edit.user configured to 2");
	INT_EQ(passes(user(9, "192.0.2.20", user_rights, bots), "edit", 4), 3, "a more generous group limit wins");
	const char *both[] = { "bot", "sysop", NULL };
	INT_EQ(passes(user(10, "192.0.2.20", user_rights, both), "edit", 4), 3, "the most generous of the groups");

	reset(T0);
	set_limit("edit", "ip", 0, 0);
	INT_EQ(passes(user(0, "192.0.2.21", NULL, NULL), "edit", 20), 20, "edit.ip = none removes the default");

	reset(T0);
	config_set(&config.ratelimit_excluded_ips, "10.0.0.1, 192.0.2.0/28");
	INT_EQ(passes(user(0, "192.0.2.5", NULL, NULL), "edit", 20), 20, "an excluded address is exempt");
	INT_EQ(passes(user(0, "192.0.2.17", NULL, NULL), "edit", 20), 8, "outside the excluded range");
	struct wiki_user *sysop = user(11, "192.0.2.22", sysop_rights, NULL);
	INT_EQ(passes(sysop, "move", 20), 20, "noratelimit is exempt");
	set_limit("move", "&can-bypass", 0, 0);
	INT_EQ(passes(sysop, "move", 20), 8, "can_bypass = false limits noratelimit too");

	reset(T0);
	config.ratelimit_defaults = false;
	INT_EQ(passes(user(0, "192.0.2.23", NULL, NULL), "edit", 20), 20, "defaults = false: no limits");
	set_limit("frobnicate", "ip", 1, 10);
	INT_EQ(passes(user(0, "192.0.2.23", NULL, NULL), "frobnicate", 3), 1, "an action of the configuration's own");
	config.ratelimit_defaults = true;
}

static void test_list(void)
{
	reset(T0);
	struct wiki_ratelimit *l;
	size_t n = wiki_ratelimit_list(A, user(0, "192.0.2.30", NULL, NULL), false, &l);
	OK(n > 0, "anonymous users have limits");
	STR_EQ(l[0].action, "edit", "first action");
	STR_EQ(l[0].kind, "ip", "edit.ip");
	INT_EQ(l[0].hits, 8, "hits");
	INT_EQ(l[0].seconds, 60, "seconds");
	const char *nb[] = { "bot", NULL };
	n = wiki_ratelimit_list(A, user(12, "192.0.2.30", newbie_rights, nb), false, &l);
	OK(n >= 3, "a newbie has edit.user, edit.ip and edit.newbie");
	STR_EQ(l[0].kind, "user", "categories in order: user first");
	STR_EQ(l[1].kind, "ip", "then ip");
	STR_EQ(l[2].kind, "newbie", "then newbie");
	INT_EQ(wiki_ratelimit_list(A, user(13, "192.0.2.30", sysop_rights, NULL), false, &l), 0, "exempt: none");
	OK(wiki_ratelimit_list(A, user(13, "192.0.2.30", sysop_rights, NULL), true, &l) > 0,
	   "theoretical limits ignore the exemption");
	set_limit("edit", "user", 0, 0);
	n = wiki_ratelimit_list(A, user(14, "192.0.2.30", user_rights, NULL), false, &l);
	OK(n > 0 && !streq(l[0].action, "edit"), "a removed limit is not listed");
}

/* [ratelimits] in wikid.ini: limits, none, can_bypass, defaults, excluded_ips; bad values refused. */
static void test_config(const char *dir)
{
	reset(T0);
	char path[128];
	snprintf(path, sizeof(path), "%s/rl.ini", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fputs("[ratelimits]\nedit.sysop = 500/60\nedit.ip = none\nmove.can_bypass = false\n"
	      "excluded_ips = 10.1.0.0/16\n", f);
	fclose(f);
	if (!OK(config_load(path, true) == RC_OK, "a [ratelimits] section loads"))
		return;
	INT_EQ((int)config.n_ratelimits, 3, "three entries");
	STR_EQ(config.ratelimits[0].kind, "sysop", "ACTION.GROUP");
	INT_EQ(config.ratelimits[0].hits, 500, "hits");
	INT_EQ(config.ratelimits[0].seconds, 60, "seconds");
	INT_EQ(config.ratelimits[1].seconds, 0, "none");
	STR_EQ(config.ratelimits[2].kind, "&can-bypass", "can_bypass");
	INT_EQ(config.ratelimits[2].hits, 0, "can_bypass = false");
	STR_EQ(config.ratelimit_excluded_ips, "10.1.0.0/16", "excluded_ips");
	f = fopen(path, "w");
	if (!f)
		return;
	fputs("[ratelimits]\nedit.ip = 8 per minute\n", f);
	fclose(f);
	OK(config_load(path, true) != RC_OK, "a value that is not HITS/SECONDS is refused");
}

int main(void)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "%s/wikid-test-ratelimit-XXXXXX", P_tmpdir);
	if (!mkdtemp(dir))
		return 1;
	config_defaults();
	config_set(&config.data_dir, dir);
	config_set(&config.admin_password, "admin-pass-for-tests");
	A = arena_new();
	if (!OK(wiki_init() == RC_OK, "wiki_init"))
		return harness_done();
	S = store_thread();
	test_window();
	test_kinds();
	test_groups_and_config();
	test_list();
	test_config(dir);
	reset(0);
	arena_free(A);
	wiki_shutdown();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
