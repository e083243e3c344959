/* SPDX-License-Identifier: MIT */
/*
 * wiki.h — the wiki's own logic behind the API: start-up of the data
 * directory, titles and namespaces, pages and revisions, users, sessions
 * and rights, logs and recent changes. Modules reach the database only
 * through these functions and store.h.
 */
#ifndef WIKI_H
#define WIKI_H

#include "../util/arena.h"
#include "../util/util.h"

/*
 * Open the data directory named in `config`: database, migrations, secret
 * key, and on a fresh directory the Admin account (its password printed
 * once as "admin password: <password>"). Returns RC_OK or RC_ERR with a
 * message on stderr.
 */
int wiki_init(void);

/* Close what wiki_init() opened. */
void wiki_shutdown(void);

struct store;
struct http_request;
struct http_response;

/* ---------- sessions (session.c) ---------- */

/*
 * The user the request acts as, from its session cookie. `anon_only`
 * (CORS origin=*) ignores cookies. Never NULL: anonymous when there is no
 * valid session. May refresh cookies on `resp`.
 */
struct wiki_user *wiki_session_user(struct arena *a, struct store *st, const struct http_request *req,
				    struct http_response *resp, bool anon_only);

/* ---------- users and rights (rights.c) ---------- */

/*
 * The user a request acts as. Anonymous users have id 0 and their IP
 * address as name. Built per request in the request arena.
 */
struct wiki_user {
	int64_t id;               /* user_id, 0 for anonymous */
	const char *name;         /* user name, or IP for anonymous */
	int64_t actor_id;         /* actor row, 0 when none exists yet */
	const char **groups;      /* explicit groups (user_groups), NULL-terminated */
	const char **rights;      /* effective rights, NULL-terminated */
	int64_t editcount;        /* user_editcount */
	const char *registration; /* 14-digit timestamp or NULL */
	const char *session_id;   /* session the request carries, or NULL */
	const char *bot_password; /* app id when logged in with a bot password */
	bool is_temp;             /* temporary account */
};

/* An anonymous user for `ip`, with the rights of group "*". */
struct wiki_user *wiki_user_anon(struct arena *a, const char *ip);

/*
 * Fill u->rights from the groups: implicit "*", "user" for accounts,
 * "autoconfirmed" by age and edit count, plus u->groups; then config
 * overrides. Call after setting id, groups, editcount, registration.
 */
void wiki_user_compute_rights(struct arena *a, struct wiki_user *u);

/* True when `u` has `right`. */
bool wiki_user_can(const struct wiki_user *u, const char *right);

/* Rights of one group (NULL-terminated, static or arena) for siteinfo/usergroups. */
const char **wiki_group_rights(struct arena *a, const char *group);

/* Every known group name, NULL-terminated (static). */
const char *const *wiki_groups_all(void);

/* Every known right name, NULL-terminated (static). */
const char *const *wiki_rights_all(void);

#endif
