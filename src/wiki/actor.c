/* SPDX-License-Identifier: MIT */
/*
 * actor.c — rows of the `actor` table, MediaWiki's "who did it": every
 * account has exactly one (made by wiki_user_create()), and an
 * anonymous performer gets one named after its IP address the first
 * time it edits or is logged.
 */
#include "wiki.h"

#include "../store/store.h"

int wiki_actor_id(struct store *st, int64_t user_id, const char *name, int64_t *id)
{
	/* An account's actor and an address's actor never change once committed: remembered per connection. */
	if (user_id > 0) {
		char key[24];
		snprintf(key, sizeof(key), "%lld", (long long)user_id);
		if (store_memo_get(st, STORE_MEMO_USER_ACTOR, key, id))
			return RC_OK;
		int rc = store_query_int(st, id, "SELECT actor_id FROM actor WHERE actor_user = ?", "i", user_id);
		if (rc == RC_OK)
			store_memo_put(st, STORE_MEMO_USER_ACTOR, key, *id);
		return rc;
	}
	if (store_memo_get(st, STORE_MEMO_ANON_ACTOR, name, id))
		return RC_OK;
	int rc = store_query_int(st, id, "SELECT actor_id FROM actor WHERE actor_name = ?", "t", name);
	if (rc == RC_OK)
		store_memo_put(st, STORE_MEMO_ANON_ACTOR, name, *id);
	if (rc != RC_NOTFOUND)
		return rc;
	store_memo_added(st);
	rc = store_run(st, "INSERT INTO actor (actor_user, actor_name) VALUES (NULL, ?)", "t", name);
	if (rc == RC_OK)
		*id = store_last_id(st);
	return rc;
}
