/* SPDX-License-Identifier: MIT */
/*
 * test_rights.c — changing group memberships without HTTP: who may
 * change which group (the userrights right, the [groups] configuration
 * with add, remove, add-self and remove-self), UserrightsPage's rules
 * (only held groups are removed, an unremovable membership is never
 * shortened, an unchanged one is not re-added), the rights log entry,
 * and memberships that expire (the clock is moved, not waited for).
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

/* The account `name` as loaded now. */
static struct wiki_user *load(struct store *st, const char *name)
{
	struct wiki_user *u = NULL;
	wiki_user_load(A, st, name, 0, &u);
	return u;
}

/* Change `target`'s groups as `by`; returns "added|...;removed|..." for easy checks. */
static const char *change(struct store *st, struct wiki_user *by, const char *target, const char *const *add,
			  const char *const *exp, const char *const *remove)
{
	struct wiki_user *t = load(st, target);
	struct wiki_rights_change c = { .by = by, .target_id = t->id, .target_name = t->name, .add = add,
					.add_expiry = exp, .remove = remove, .reason = "" };
	if (store_begin(st) != RC_OK || wiki_user_change_groups(st, A, &c) != RC_OK || store_commit(st) != RC_OK)
		return "(error)";
	const char *out = "";
	for (size_t i = 0; c.added[i]; i++)
		out = arena_printf(A, "%s+%s", out, c.added[i]);
	for (size_t i = 0; c.removed[i]; i++)
		out = arena_printf(A, "%s-%s", out, c.removed[i]);
	return out;
}

#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_changeable(struct store *st)
{
	struct wiki_user *admin = load(st, "Admin");
	struct wiki_changeable ch;
	wiki_groups_changeable(A, admin, &ch);
	STR_EQ(ch.add[0], "bot", "userrights: every explicit group");
	OK(ch.add[4] && !ch.add[5] && !ch.add_self[0], "five groups, nothing for self");
	wiki_groups_changeable_by_group(A, "bureaucrat", &ch);
	OK(!ch.add[0] && !ch.remove[0], "no [groups] configuration: nothing per group");

	/* [groups] sysop.add = bot, sysop.remove-self = sysop, user.add-self = true */
	struct config_group_change gc[] = {
		{ "sysop", "add", "bot" }, { "sysop", "remove-self", "sysop" }, { "user", "add-self", "true" },
	};
	config.group_changes = gc;
	config.n_group_changes = ARRAY_SIZE(gc);
	int64_t uid;
	INT_EQ(wiki_user_create(st, A, "Changer", "Changer-pass-1", NULL, NULL, &uid), RC_OK, "create");
	INT_EQ(wiki_user_create(st, A, "Target", "Target-pass-1", NULL, NULL, &uid), RC_OK, "create target");
	struct wiki_user *changer = load(st, "Changer");
	wiki_groups_changeable(A, changer, &ch);
	OK(!ch.add[0] && ch.add_self[4], "a plain user may add every group to themself");
	STR_EQ(change(st, changer, "Target", L("bot"), NULL, NULL), "", "but not to others");
	STR_EQ(change(st, changer, "Changer", L("sysop"), NULL, NULL), "+sysop", "to themself");
	changer = load(st, "Changer");
	wiki_groups_changeable(A, changer, &ch);
	STR_EQ(ch.add[0], "bot", "as sysop: may add bot");
	OK(!ch.add[1] && !ch.remove[0], "and nothing else to others");
	STR_EQ(ch.remove_self[0], "sysop", "may remove sysop from self");
	wiki_groups_changeable_by_group(A, "sysop", &ch);
	OK(streq(ch.add[0], "bot") && streq(ch.remove_self[0], "sysop"), "per group for siteinfo");
	STR_EQ(change(st, changer, "Target", L("bot", "sysop"), NULL, NULL), "+bot", "only the allowed group");
	STR_EQ(change(st, changer, "Target", NULL, NULL, L("bot")), "", "may not remove from others");
	char later[15];
	ts_format_mw(util_now() + 3600, later);
	STR_EQ(change(st, changer, "Target", L("bot"), (const char *[]){ later, NULL }, NULL), "",
	       "an unremovable membership is not shortened");
	STR_EQ(change(st, changer, "Target", L("bot"), NULL, NULL), "", "unchanged: not re-added");
	STR_EQ(change(st, changer, "Changer", NULL, NULL, L("sysop", "bot")), "-sysop", "removing from self");
	config.group_changes = NULL;
	config.n_group_changes = 0;

	/* Expiries: a membership ending in an hour is gone an hour later, without any job. */
	STR_EQ(change(st, admin, "Target", L("sysop"), (const char *[]){ later, NULL }, NULL), "+sysop", "temporary sysop");
	struct wiki_user *t = load(st, "Target");
	OK(wiki_user_can(t, "block"), "has the group's rights");
	util_set_fake_time(util_now() + 3601);
	t = load(st, "Target");
	OK(!wiki_user_can(t, "block"), "expired: rights gone");
	OK(streq(t->groups[0], "bot") && !t->groups[1], "expired membership not listed");
	util_set_fake_time(0);

	int64_t logs = 0;
	store_query_int(st, &logs, "SELECT COUNT(*) FROM logging WHERE log_type = 'rights'", "");
	INT_EQ(logs, 4, "a log entry per change that changed something");
	char *params = NULL;
	store_query_text(st, A, &params, "SELECT log_params FROM logging WHERE log_type = 'rights' ORDER BY log_id LIMIT 1",
			 "");
	STR_EQ(params, "a:4:{s:12:\"4::oldgroups\";a:0:{}s:12:\"5::newgroups\";a:1:{i:0;s:5:\"sysop\";}"
		       "s:11:\"oldmetadata\";a:0:{}s:11:\"newmetadata\";a:1:{i:0;a:1:{s:6:\"expiry\";N;}}}",
	       "log parameters as MediaWiki stores them");
}

int main(void)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "%s/wikid-test-rights-XXXXXX", P_tmpdir);
	if (!mkdtemp(dir))
		return 1;
	config_defaults();
	config_set(&config.data_dir, dir);
	config_set(&config.admin_password, "admin-pass-for-tests");
	A = arena_new();
	if (!OK(wiki_init() == RC_OK, "wiki_init"))
		return harness_done();
	test_changeable(store_thread());
	arena_free(A);
	wiki_shutdown();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
