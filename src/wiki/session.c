/* SPDX-License-Identifier: MIT */
/*
 * session.c — who is making the request, from the session cookie.
 *
 * A session is a row of `sessions`: id (32 random hex digits, the cookie
 * value), user_id (0 for an anonymous session, which exists only so that
 * login and account-creation tokens have something to be bound to),
 * data ("bp:<app id>" for bot-password sessions, else NULL) and expiry.
 * Looking a request's user up is one indexed query joining the session
 * to its user and actor rows, plus one for the groups of logged-in users;
 * nothing is cached, so a logout or a group change takes effect on the
 * next request.
 *
 * Cookies are named as MediaWiki names them with $wgCookiePrefix
 * "wikid": wikid_session (normal sessions), wikid_BPsession (bot
 * passwords), and on login wikidUserID / wikidUserName, which clients
 * ignore but some scripts look at. All are HttpOnly, SameSite=Lax,
 * Path=/.
 */
#include <stdio.h>

#include "../http/http.h"
#include "../store/store.h"
#include "../util/timestamp.h"
#include "wiki.h"

/* $wgCookiePrefix: MediaWiki defaults it to the database name. */
#define COOKIE_PREFIX "wikid"

/* Hex digits of a session id (128 random bits). */
#define SESSION_ID_HEX 32

/*
 * Lifetimes: a login lasts 30 days ($wgCookieExpiration); an anonymous
 * session only has to outlive a login or sign-up form, so one day.
 */
#define LOGIN_LIFETIME (30 * 86400)
#define ANON_LIFETIME 86400

/* One session creation in this many also deletes expired rows. */
#define PRUNE_EVERY 64

const char *wiki_cookie_prefix(void)
{
	return COOKIE_PREFIX;
}

/* Is `s` a well-formed session id? Anything else is never looked up. */
static bool valid_id(const char *s)
{
	if (!s || strlen(s) != SESSION_ID_HEX)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* Add a Set-Cookie header; `max_age` < 0 deletes the cookie, 0 makes a session cookie. */
static void set_cookie(struct arena *a, struct http_response *resp, const char *name, const char *value,
		       int64_t max_age)
{
	const char *c;
	if (max_age < 0) {
		c = arena_printf(a, "%s%s=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0;"
				    " path=/; HttpOnly; SameSite=Lax", COOKIE_PREFIX, name);
	} else if (max_age == 0) {
		c = arena_printf(a, "%s%s=%s; path=/; HttpOnly; SameSite=Lax", COOKIE_PREFIX, name, value);
	} else {
		char exp[30];
		ts_format_http(util_now() + max_age, exp);
		c = arena_printf(a, "%s%s=%s; expires=%s; Max-Age=%lld; path=/; HttpOnly; SameSite=Lax",
				 COOKIE_PREFIX, name, value, exp, (long long)max_age);
	}
	http_response_add_header(resp, a, "Set-Cookie", c);
}

/* Cookie-safe form of a user name: everything but letters and digits as %XX. */
static const char *cookie_escape(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, 3 * strlen(s) + 1);
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_') {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
	return out;
}

struct wiki_user *wiki_session_user(struct arena *a, struct store *st, const struct http_request *req,
				    struct http_response *resp, bool anon_only)
{
	struct wiki_user *anon = wiki_user_anon(a, req->remote_ip);
	wiki_user_finish(a, anon, NULL);
	if (anon_only)
		return anon;
	const char *sid = http_cookie_get(req, COOKIE_PREFIX "_BPsession");
	if (!valid_id(sid))
		sid = http_cookie_get(req, COOKIE_PREFIX "_session");
	if (!valid_id(sid))
		return anon;
	char now[15];
	ts_format_mw(util_now(), now);
	struct store_stmt *s = store_prepare(st,
		"SELECT s.user_id, s.data, u.user_name, u.user_editcount, u.user_registration,"
		" u.user_is_temp, a.actor_id FROM sessions s"
		" LEFT JOIN \"user\" u ON u.user_id = s.user_id"
		" LEFT JOIN actor a ON a.actor_user = s.user_id"
		" WHERE s.id = ? AND s.expiry > ?");
	store_bindv(s, "tt", sid, now);
	if (store_step(s) != STORE_ROW) {
		store_stmt_done(s);
		return anon;
	}
	int64_t uid = store_col_int(s, 0);
	if (uid == 0 || store_col_is_null(s, 2)) {
		/* An anonymous session (or one whose account vanished). */
		store_stmt_done(s);
		anon->session_id = arena_strdup(a, sid);
		return anon;
	}
	struct wiki_user *u = arena_calloc(a, 1, sizeof(*u));
	u->id = uid;
	const char *data = store_col_text(s, 1);
	if (strncmp(data, "bp:", 3) == 0)
		u->bot_password = arena_strdup(a, data + 3);
	u->name = store_col_dup(s, a, 2);
	u->editcount = store_col_int(s, 3);
	u->registration = store_col_dup(s, a, 4);
	u->is_temp = store_col_int(s, 5) != 0;
	u->actor_id = store_col_int(s, 6);
	u->session_id = arena_strdup(a, sid);
	u->ip = anon->ip;
	store_stmt_done(s);

	struct wiki_group_membership *gm = NULL;
	size_t n = 0;
	if (wiki_user_memberships(a, st, uid, &gm, &n) != RC_OK)
		n = 0;
	u->groups = arena_calloc(a, n + 1, sizeof(*u->groups));
	for (size_t i = 0; i < n; i++)
		u->groups[i] = gm[i].group;
	const char **grants = u->bot_password ? wiki_botpassword_grants(st, a, uid, u->bot_password) : NULL;
	wiki_user_finish(a, u, grants);
	return u;
}

/* Insert a new session row for `uid`; `*id` gets its id (in `a`). */
static int session_create(struct arena *a, struct store *st, int64_t uid, const char *data,
			  int64_t lifetime, const char **id)
{
	unsigned char rnd[SESSION_ID_HEX / 2];
	char *hex = arena_alloc(a, SESSION_ID_HEX + 1);
	util_random(rnd, sizeof(rnd));
	util_hex(rnd, sizeof(rnd), hex);
	char now[15], exp[15];
	ts_format_mw(util_now(), now);
	ts_format_mw(util_now() + lifetime, exp);
	int rc = RC_OK;
	if (rnd[0] % PRUNE_EVERY == 0)
		rc = store_run(st, "DELETE FROM sessions WHERE expiry <= ?", "t", now);
	if (rc == RC_OK)
		rc = store_run(st, "INSERT INTO sessions (id, user_id, data, expiry, created) VALUES (?, ?, ?, ?, ?)",
			       "tittt", hex, uid, data, exp, now);
	*id = hex;
	return rc;
}

int wiki_session_ensure(struct arena *a, struct store *st, struct http_response *resp, struct wiki_user *u)
{
	if (u->session_id)
		return RC_OK;
	const char *id;
	/* In a transaction of its own: the request's read snapshot cannot write. */
	int rc = store_begin(st);
	if (rc == RC_OK)
		rc = session_create(a, st, 0, NULL, ANON_LIFETIME, &id);
	if (rc == RC_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	if (rc != RC_OK)
		return RC_ERR;
	u->session_id = id;
	set_cookie(a, resp, "_session", id, 0);
	return RC_OK;
}

int wiki_session_data_get(struct store *st, struct arena *a, const char *session_id, char **data)
{
	*data = NULL;
	if (!session_id)
		return RC_OK;
	int rc = store_query_text(st, a, data, "SELECT data FROM sessions WHERE id = ? AND user_id = 0", "t",
				  session_id);
	return rc == RC_NOTFOUND ? RC_OK : rc;
}

int wiki_session_data_set(struct store *st, const char *session_id, const char *data)
{
	int rc = store_begin(st);
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE sessions SET data = ? WHERE id = ? AND user_id = 0", "tt", data, session_id);
	if (rc == RC_OK)
		return store_commit(st);
	store_rollback(st);
	return RC_ERR;
}

int wiki_session_login(struct arena *a, struct store *st, const struct http_request *req,
		       struct http_response *resp, int64_t uid, const char *bp_app,
		       struct wiki_user **out)
{
	int rc = store_begin(st);
	if (rc != RC_OK)
		return RC_ERR;
	/* A new id on every login: a session id known before login is worth nothing after. */
	const char *old = http_cookie_get(req, COOKIE_PREFIX "_session");
	if (valid_id(old))
		rc = store_run(st, "DELETE FROM sessions WHERE id = ?", "t", old);
	old = http_cookie_get(req, COOKIE_PREFIX "_BPsession");
	if (rc == RC_OK && valid_id(old))
		rc = store_run(st, "DELETE FROM sessions WHERE id = ?", "t", old);
	const char *id = NULL;
	const char *data = bp_app ? arena_printf(a, "bp:%s", bp_app) : NULL;
	if (rc == RC_OK)
		rc = session_create(a, st, uid, data, LOGIN_LIFETIME, &id);
	if (rc == RC_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	if (rc != RC_OK)
		return RC_ERR;
	struct wiki_user *u;
	rc = wiki_user_load(a, st, NULL, uid, &u);
	if (rc != RC_OK)
		return RC_ERR;
	u->session_id = id;
	u->ip = req->remote_ip;
	if (bp_app) {
		u->bot_password = arena_strdup(a, bp_app);
		wiki_user_finish(a, u, wiki_botpassword_grants(st, a, uid, bp_app));
		set_cookie(a, resp, "_BPsession", id, 0);
	} else {
		set_cookie(a, resp, "_session", id, 0);
		set_cookie(a, resp, "UserID", arena_printf(a, "%lld", (long long)uid), LOGIN_LIFETIME);
		set_cookie(a, resp, "UserName", cookie_escape(a, u->name), LOGIN_LIFETIME);
	}
	*out = u;
	return RC_OK;
}

int wiki_session_logout(struct arena *a, struct store *st, struct http_response *resp,
			const struct wiki_user *u)
{
	int rc = RC_OK;
	if (u->session_id) {
		rc = store_begin(st);
		if (rc == RC_OK)
			rc = store_run(st, "DELETE FROM sessions WHERE id = ?", "t", u->session_id);
		if (rc == RC_OK)
			rc = store_commit(st);
		else
			store_rollback(st);
	}
	set_cookie(a, resp, u->bot_password ? "_BPsession" : "_session", NULL, -1);
	if (!u->bot_password) {
		set_cookie(a, resp, "UserID", NULL, -1);
		set_cookie(a, resp, "UserName", NULL, -1);
	}
	return rc == RC_OK ? RC_OK : RC_ERR;
}

long wiki_session_age(struct store *st, const char *session_id)
{
	struct arena *a = arena_new();
	char *created = NULL;
	int64_t t;
	long age = -1;
	if (session_id && store_query_text(st, a, &created, "SELECT created FROM sessions WHERE id = ?", "t",
					   session_id) == RC_OK && ts_from_mw(created, &t) == RC_OK)
		age = (long)(util_now() - t);
	arena_free(a);
	return age;
}
