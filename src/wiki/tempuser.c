/* SPDX-License-Identifier: MIT */
/*
 * tempuser.c — temporary accounts ($wgAutoCreateTempUser), off unless
 * [site] temp_accounts = true. When on, an anonymous edit creates an
 * account named "~YEAR-N" (MediaWiki's "~$1" pattern with a per-year
 * serial), logs the editor's session into it and saves the edit as that
 * account, so an IP address is never published. action=acquiretempusername
 * reserves the next name ahead of time and keeps it in the anonymous
 * session ("temp:<name>" in sessions.data); the account, when it is
 * created, takes that name.
 *
 * Serials come from user_autocreate_serial (one row per year, shard 0),
 * incremented in the caller's transaction, so two sessions never get the
 * same name. Names starting with "~" are reserved while the feature is on:
 * nobody can register one.
 */
#include "wiki.h"

#include <string.h>
#include <time.h>

#include "../store/store.h"
#include "../util/config.h"

/* What sessions.data holds for a stashed name. */
#define STASH_PREFIX "temp:"

bool wiki_temp_enabled(void)
{
	return config.temp_accounts;
}

bool wiki_temp_is_reserved(const char *name)
{
	return config.temp_accounts && name && name[0] == '~';
}

/* The next serial of this year, "~YEAR-N", in `a`. */
static int next_name(struct store *st, struct arena *a, const char **out)
{
	time_t now = (time_t)util_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	int64_t year = tm.tm_year + 1900, value = 0;
	int rc = store_begin(st);
	if (rc == RC_OK)
		rc = store_run(st,
			       "INSERT INTO user_autocreate_serial (uas_shard, uas_year, uas_value) VALUES (0, ?, 1)"
			       " ON CONFLICT (uas_shard, uas_year) DO UPDATE SET uas_value = user_autocreate_serial.uas_value + 1",
			       "i", year);
	if (rc == RC_OK)
		rc = store_query_int(st, &value,
				     "SELECT uas_value FROM user_autocreate_serial WHERE uas_shard = 0 AND uas_year = ?", "i",
				     year);
	if (rc == RC_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	if (rc != RC_OK)
		return RC_ERR;
	*out = arena_printf(a, "~%lld-%lld", (long long)year, (long long)value);
	return RC_OK;
}

int wiki_temp_acquire(struct store *st, struct arena *a, const char *session_id, const char **name)
{
	char *data = NULL;
	if (wiki_session_data_get(st, a, session_id, &data) == RC_OK && data &&
	    strncmp(data, STASH_PREFIX, strlen(STASH_PREFIX)) == 0) {
		*name = data + strlen(STASH_PREFIX);
		return RC_OK;
	}
	if (next_name(st, a, name) != RC_OK)
		return RC_ERR;
	if (!session_id)
		return RC_OK;
	return wiki_session_data_set(st, session_id, arena_printf(a, STASH_PREFIX "%s", *name));
}

int wiki_temp_create(struct store *st, struct arena *a, const struct http_request *req, struct http_response *resp,
		     const struct wiki_user *anon, struct wiki_user **out)
{
	const char *name;
	int64_t uid = 0;
	int rc = wiki_temp_acquire(st, a, anon->session_id, &name);
	if (rc != RC_OK)
		return RC_ERR;
	rc = wiki_user_create(st, a, name, NULL, NULL, NULL, &uid);
	if (rc == RC_CONFLICT) {
		/* The stashed name was taken meanwhile (another session of the same browser): take a fresh one. */
		if (next_name(st, a, &name) != RC_OK)
			return RC_ERR;
		rc = wiki_user_create(st, a, name, NULL, NULL, NULL, &uid);
	}
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE \"user\" SET user_is_temp = 1 WHERE user_id = ?", "i", uid);
	if (rc != RC_OK)
		return RC_ERR;
	rc = wiki_session_login(a, st, req, resp, uid, NULL, out);
	if (rc == RC_OK)
		(*out)->ip = anon->ip;
	return rc;
}
