/* SPDX-License-Identifier: MIT */
/*
 * newtalk.c — the "you have new messages" flag (user_newtalk), as
 * MediaWiki's TalkPageNotificationManager keeps it: an edit to the talk
 * page of an account or IP address by someone else sets it (unless it
 * is a minor edit by a user with nominornewtalk); the owner clears it
 * (action=clearhasmsg), and deleting the talk page clears it too.
 * Accounts are keyed by user_id, IP addresses by user_ip.
 */
#include "wiki.h"

#include <string.h>

#include "../store/store.h"

/* The account id for `name`, 0 for an IP address; RC_NOTFOUND for a name nobody has. */
static int owner_of(struct store *st, struct arena *a, const char *name, int64_t *uid)
{
	*uid = 0;
	if (wiki_ip_is_address(name))
		return RC_OK;
	return store_query_int(st, uid, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t", name);
}

int wiki_newtalk_on_edit(struct store *st, struct arena *a, const struct wiki_title *t, const struct wiki_user *editor,
			 bool minor, int64_t rev_id)
{
	if (t->ns != WIKI_NS_USER_TALK || strchr(t->dbkey, '/') || streq(t->text, editor->name))
		return RC_OK;
	if (minor && wiki_user_can(editor, "nominornewtalk"))
		return RC_OK;
	int64_t uid = 0;
	int rc = owner_of(st, a, t->text, &uid);
	if (rc == RC_NOTFOUND)
		return RC_OK; /* nobody to tell */
	if (rc != RC_OK)
		return rc;
	/* user_last_timestamp: the revision before this one, the last the owner could have seen. */
	char *prev = NULL;
	store_query_text(st, a, &prev, "SELECT p.rev_timestamp FROM revision r JOIN revision p"
				       " ON p.rev_id = r.rev_parent_id WHERE r.rev_id = ?", "i", rev_id);
	int64_t one = 0;
	rc = uid ? store_query_int(st, &one, "SELECT 1 FROM user_newtalk WHERE user_id = ?", "i", uid)
		 : store_query_int(st, &one, "SELECT 1 FROM user_newtalk WHERE user_ip = ?", "t", t->text);
	if (rc == RC_OK)
		return RC_OK; /* already flagged */
	if (rc != RC_NOTFOUND)
		return rc;
	return store_run(st, "INSERT INTO user_newtalk (user_id, user_ip, user_last_timestamp) VALUES (?, ?, ?)", "itt",
			 uid, uid ? "" : t->text, prev);
}

int wiki_newtalk_clear_name(struct store *st, struct arena *a, const char *name)
{
	int64_t uid = 0;
	int rc = owner_of(st, a, name, &uid);
	if (rc == RC_NOTFOUND)
		return RC_OK;
	if (rc != RC_OK)
		return rc;
	return uid ? store_run(st, "DELETE FROM user_newtalk WHERE user_id = ?", "i", uid)
		   : store_run(st, "DELETE FROM user_newtalk WHERE user_ip = ?", "t", name);
}
