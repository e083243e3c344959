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

/* ---------- start-up state (wiki.c) ---------- */

/*
 * The HMAC key for tokens: config.secret_key when set, else a random
 * 32-byte key (64 hex digits) made on the first start and kept in the
 * database (table wikid_meta). Static; NULL before wiki_init().
 *
 * Account conventions the rest of wiki/ relies on: user id 0 means
 * anonymous; an anonymous editor is an `actor` row with actor_user NULL
 * and actor_name the IP address; every account has exactly one actor
 * row with actor_user = user_id.
 */
const char *wiki_secret_key(void);

/* ---------- passwords (password.c) ---------- */

/*
 * PBKDF2 work factor for new hashes: MediaWiki's default for its pbkdf2
 * type, so our hashes cost the same as theirs (about 15-30 ms per login
 * on one core). Raising it only affects hashes made afterwards; stored
 * hashes carry their own count.
 */
#define WIKI_PBKDF2_ITERATIONS 30000
/* Bytes of derived key (MediaWiki's default length, one SHA-512 block). */
#define WIKI_PBKDF2_LEN 64
/* Bytes of random salt per hash (as MediaWiki). */
#define WIKI_PBKDF2_SALT 16

/*
 * Hash `password` for user_password / bp_password in MediaWiki's layout
 * ":pbkdf2:sha512:30000:64:<base64 salt>:<base64 hash>" with a fresh
 * random salt. `*out` is allocated in `a`. Returns RC_OK or RC_ERR.
 */
int wiki_password_hash(struct arena *a, const char *password, const char **out);

/*
 * The same with a given salt of `salt_len` bytes (1..256); for tests and
 * for reproducing a known hash. Returns RC_OK, RC_INVALID or RC_ERR.
 */
int wiki_password_hash_salt(struct arena *a, const char *password, const unsigned char *salt,
			    size_t salt_len, const char **out);

/*
 * True when `password` matches the stored hash `stored`. Accepts the
 * ":pbkdf2:" layout with sha1/sha256/sha384/sha512, bounded iteration
 * count and length; any other or malformed value (including "" for an
 * account without a password, and NULL) gives false. The comparison is
 * constant-time.
 */
bool wiki_password_verify(const char *stored, const char *password);

#endif
