/* SPDX-License-Identifier: MIT */
/*
 * patrol.c — marking recent changes as patrolled, as MediaWiki's
 * RecentChange::doMarkPatrolled() and PatrolLog: rc_patrolled goes from
 * 0 to 1 and a patrol/patrol log entry records it (published nowhere
 * else: MediaWiki sends it only to the feeds, so it has no
 * recent-changes row). Automatic patrol is rc_patrolled = 2, set when
 * the change is saved (page.c, log.c) and never logged (T184485).
 */
#include "wiki.h"

#include <string.h>

#include "../store/store.h"

int wiki_rc_load(struct store *st, struct arena *a, int64_t rc_id, int64_t rev_id, struct wiki_rc *out)
{
	memset(out, 0, sizeof(*out));
	/* A revision's row is its edit or creation; a log row may share rc_this_oldid (a null revision). */
	struct store_stmt *s = store_prepare(st, rc_id > 0
		? "SELECT rc_id, rc_namespace, rc_title, rc_cur_id, rc_this_oldid, rc_last_oldid, rc_type, rc_patrolled,"
		  " actor_name FROM recentchanges JOIN actor ON actor_id = rc_actor WHERE rc_id = ?"
		: "SELECT rc_id, rc_namespace, rc_title, rc_cur_id, rc_this_oldid, rc_last_oldid, rc_type, rc_patrolled,"
		  " actor_name FROM recentchanges JOIN actor ON actor_id = rc_actor WHERE rc_this_oldid = ?"
		  " AND rc_type IN (0, 1) ORDER BY rc_id LIMIT 1");
	if (!s)
		return RC_ERR;
	store_bindv(s, "i", rc_id > 0 ? rc_id : rev_id);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		out->id = store_col_int(s, 0);
		out->ns = (int)store_col_int(s, 1);
		out->dbkey = store_col_dup(s, a, 2);
		out->page_id = store_col_int(s, 3);
		out->this_oldid = store_col_int(s, 4);
		out->last_oldid = store_col_int(s, 5);
		out->type = (int)store_col_int(s, 6);
		out->patrolled = (int)store_col_int(s, 7);
		out->user = store_col_dup(s, a, 8);
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_OK;
	}
	store_stmt_done(s);
	return rc;
}

int wiki_rc_patrol(struct store *st, struct arena *a, const struct wiki_rc *rc, const struct wiki_user *user,
		   const char *const *tags)
{
	/* Read again inside the transaction: another request may have patrolled it since. */
	int64_t patrolled = 0;
	int r = store_query_int(st, &patrolled, "SELECT rc_patrolled FROM recentchanges WHERE rc_id = ?", "i", rc->id);
	if (r == RC_NOTFOUND || (r == RC_OK && patrolled))
		return RC_OK;
	if (r != RC_OK)
		return r;
	r = store_run(st, "UPDATE recentchanges SET rc_patrolled = 1 WHERE rc_id = ?", "i", rc->id);
	if (r != RC_OK)
		return r;
	/* PatrolLog::buildParams(): the ids as the row's text, auto as an integer. */
	const char *cur = arena_printf(a, "%lld", (long long)rc->this_oldid);
	const char *prev = arena_printf(a, "%lld", (long long)rc->last_oldid);
	struct wiki_pvalue items[3] = {
		{ .type = WIKI_PV_STRING, .key = "4::curid", .s = cur, .len = strlen(cur) },
		{ .type = WIKI_PV_STRING, .key = "5::previd", .s = prev, .len = strlen(prev) },
		{ .type = WIKI_PV_INT, .key = "6::auto", .i = 0 },
	};
	struct wiki_pvalue params = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 3 };
	struct wiki_log_entry le = {
		.type = "patrol", .action = "patrol", .user_id = user->id, .user_name = user->name,
		.ns = rc->ns, .dbkey = rc->dbkey, .page_id = rc->page_id, .params = &params, .tags = tags,
		.no_rc = true,
	};
	return wiki_log_add(st, a, &le, NULL);
}
