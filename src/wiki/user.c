/* SPDX-License-Identifier: MIT */
/*
 * user.c — accounts behind the API: user-name rules, user and actor
 * rows, group memberships, the listing order of rights, preferences,
 * the password policy, bot passwords with their grants, and the login
 * throttle.
 *
 * Conventions (see wiki.h): user id 0 is anonymous; every account has
 * one actor row with actor_user = user_id; names are stored canonical
 * (spaces, first letter upper case). All facts about MediaWiki's
 * defaults (grant rights, password policy, default preferences) follow
 * MediaWiki 1.39's DefaultSettings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../store/store.h"
#include "../util/config.h"
#include "../util/sbuf.h"
#include "../util/timestamp.h"
#include "title.h"
#include "wiki.h"

/* ---------- timestamps ---------- */

void wiki_timestamp_now(char out[15])
{
	ts_format_mw(util_now(), out);
}

size_t wiki_timestamp_iso_to(const char *ts, char out[21])
{
	out[0] = '\0';
	if (!ts)
		return 0;
	/* Exactly 14 digits (the loop stops at the NUL of a shorter string). */
	for (size_t i = 0; i < 14; i++)
		if (ts[i] < '0' || ts[i] > '9')
			return 0;
	if (ts[14])
		return 0;
	ts_mw_to_iso(ts, out);
	out[20] = '\0';
	return 20;
}

const char *wiki_timestamp_iso(struct arena *a, const char *ts)
{
	char iso[21];
	return wiki_timestamp_iso_to(ts, iso) ? arena_strndup(a, iso, 20) : NULL;
}

/* ---------- user names ---------- */

/*
 * $wgReservedUsernames with the "msg:" entries resolved to their English
 * texts: names the software itself uses in logs, which nobody may take.
 */
static const char *const reserved_names[] = {
	"MediaWiki default", "Conversion script", "Maintenance script",
	"Template namespace initialisation script", "ScriptImporter", "Unknown user",
	"Redirect fixer", "MediaWiki message delivery", "Proxy blocker", "DNSBL",
	"Spambot cleanup", "MediaWiki automatic change", NULL
};

/* $wgInvalidUsernameCharacters: not allowed in new account names. */
#define INVALID_NAME_CHARS "@:>"

/* Decode one UTF-8 code point at *s (advancing it); invalid bytes give 0xFFFD. */
static uint32_t next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = *p++;
	int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (extra)
		c &= 0x3F >> extra;
	for (int i = 0; i < extra; i++) {
		if ((*p & 0xC0) != 0x80) {
			*s = p;
			return 0xFFFD;
		}
		c = (c << 6) | (*p++ & 0x3F);
	}
	*s = p;
	return c;
}

/*
 * Characters that look like nothing or like spaces and would make names
 * that cannot be told apart: C1 controls, no-break space, the general
 * punctuation spaces and marks, the ideographic space, private use.
 */
static bool has_troublemaker(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	while (*s) {
		uint32_t c = next_cp(&s);
		if ((c >= 0x80 && c <= 0x9F) || c == 0xA0 || (c >= 0x2000 && c <= 0x200F) ||
		    (c >= 0x2028 && c <= 0x202F) || c == 0x3000 || (c >= 0xE000 && c <= 0xF8FF))
			return true;
	}
	return false;
}

/* "1.2.3.4", "1.2.3.xxx" (old anonymised form) or an IPv6 address. */
static bool looks_like_ip(const char *name)
{
	int parts = 0;
	const char *p = name;
	for (;;) {
		int digits = 0;
		if (parts == 3 && strncmp(p, "xxx", 3) == 0 && p[3] == '\0')
			return true;
		while (*p >= '0' && *p <= '9' && digits < 4) {
			p++;
			digits++;
		}
		if (digits == 0 || digits > 3)
			break;
		parts++;
		if (parts == 4 && *p == '\0')
			return true;
		if (*p != '.' || parts == 4)
			break;
		p++;
	}
	return wiki_ip_is_address(name) && !strchr(name, '/');
}

/* UserNameUtils::isValid on a title-normalized name. */
static bool name_is_valid(struct arena *a, const char *name)
{
	if (!*name || looks_like_ip(name) || strchr(name, '/') || strlen(name) > WIKI_USER_NAME_MAX)
		return false;
	if (!streq(wiki_ucfirst(a, name), name))
		return false;
	/* The name must not read as another title (a namespace prefix, an interwiki). */
	struct wiki_title t;
	if (wiki_title_parse(a, name, WIKI_NS_MAIN, &t, NULL) != RC_OK || t.ns != WIKI_NS_MAIN ||
	    t.is_external || *t.fragment || !streq(t.prefixed, name))
		return false;
	return !has_troublemaker(name);
}

int wiki_user_name_canonical(struct arena *a, const char *name, enum wiki_name_rigor rigor,
			     const char **out)
{
	if (!name || strchr(name, '#'))
		return RC_INVALID;
	const char *n = wiki_ucfirst(a, name);
	struct wiki_title t;
	if (wiki_title_parse(a, n, WIKI_NS_USER, &t, NULL) != RC_OK || t.ns != WIKI_NS_USER ||
	    t.is_external || !*t.text)
		return RC_INVALID;
	n = t.text;
	if (!name_is_valid(a, n))
		return RC_INVALID;
	if (rigor >= WIKI_NAME_USABLE)
		for (const char *const *r = reserved_names; *r; r++)
			if (streq(*r, n))
				return RC_INVALID;
	if (rigor >= WIKI_NAME_CREATABLE && strpbrk(n, INVALID_NAME_CHARS))
		return RC_INVALID;
	*out = n;
	return RC_OK;
}

/* ---------- user rows and rights ---------- */

const char **wiki_user_implicit_groups(struct arena *a, const struct wiki_user *u)
{
	const char **g = arena_calloc(a, 4, sizeof(*g));
	size_t n = 0;
	g[n++] = "*";
	if (u->id > 0) {
		g[n++] = "user";
		/* $wgAutoConfirmAge and $wgAutoConfirmCount are 0: every account qualifies. */
		if (!u->is_temp)
			g[n++] = "autoconfirmed";
	}
	return g;
}

/* True when NULL-terminated `list` holds `s`. */
static bool list_has(const char *const *list, const char *s)
{
	if (!s)
		return false;
	/* Right names: most differ in the first byte, checked before strcmp(). */
	for (; list && *list; list++)
		if (**list == *s && strcmp(*list, s) == 0)
			return true;
	return false;
}

void wiki_user_finish(struct arena *a, struct wiki_user *u, const char *const *grants)
{
	wiki_user_compute_rights(a, u);
	size_t n_all = 0;
	while (u->rights[n_all])
		n_all++;
	const char **ordered = arena_calloc(a, n_all + 1, sizeof(*ordered));
	size_t n = 0;
	/* Explicit groups first, then the implicit ones, as MediaWiki merges them. */
	const char **implicit = wiki_user_implicit_groups(a, u);
	for (int pass = 0; pass < 2; pass++) {
		const char **gl = pass == 0 ? u->groups : implicit;
		for (size_t i = 0; gl && gl[i]; i++) {
			const char **gr = wiki_group_rights(a, gl[i]);
			for (size_t j = 0; gr[j]; j++)
				if (list_has(u->rights, gr[j]) && !list_has(ordered, gr[j]))
					ordered[n++] = gr[j];
		}
	}
	for (size_t i = 0; i < n_all; i++)
		if (!list_has(ordered, u->rights[i]))
			ordered[n++] = u->rights[i];
	ordered[n] = NULL;
	if (u->bot_password) {
		/* A bot-password session has only what its grants allow. */
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			bool granted = false;
			for (size_t g = 0; grants && grants[g] && !granted; g++)
				granted = list_has(wiki_grant_rights(grants[g]), ordered[i]);
			if (granted)
				ordered[k++] = ordered[i];
		}
		ordered[k] = NULL;
	}
	u->rights = ordered;
}

int wiki_user_memberships(struct arena *a, struct store *st, int64_t uid,
			  struct wiki_group_membership **out, size_t *n)
{
	char now[15];
	wiki_timestamp_now(now);
	struct store_stmt *s = store_prepare(st, "SELECT ug_group, ug_expiry FROM user_groups WHERE ug_user = ?"
						 " AND (ug_expiry IS NULL OR ug_expiry > ?) ORDER BY ug_group");
	store_bindv(s, "it", uid, now);
	size_t cap = 8, cnt = 0;
	struct wiki_group_membership *v = arena_alloc(a, cap * sizeof(*v));
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		if (cnt == cap) {
			struct wiki_group_membership *nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, cap * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		v[cnt].group = store_col_dup(s, a, 0);
		v[cnt].expiry = store_col_dup(s, a, 1);
		cnt++;
	}
	*out = v;
	*n = cnt;
	return rc == STORE_DONE ? RC_OK : RC_ERR;
}

int wiki_user_load(struct arena *a, struct store *st, const char *name, int64_t id,
		   struct wiki_user **out)
{
	struct store_stmt *s = store_prepare(st, name
		? "SELECT u.user_id, u.user_name, u.user_editcount, u.user_registration, u.user_is_temp,"
		  " a.actor_id FROM \"user\" u LEFT JOIN actor a ON a.actor_user = u.user_id"
		  " WHERE u.user_name = ?"
		: "SELECT u.user_id, u.user_name, u.user_editcount, u.user_registration, u.user_is_temp,"
		  " a.actor_id FROM \"user\" u LEFT JOIN actor a ON a.actor_user = u.user_id"
		  " WHERE u.user_id = ?");
	if (name)
		store_bindv(s, "t", name);
	else
		store_bindv(s, "i", id);
	int rc = store_step(s);
	if (rc != STORE_ROW) {
		store_stmt_done(s);
		return rc == STORE_DONE ? RC_NOTFOUND : RC_ERR;
	}
	struct wiki_user *u = arena_calloc(a, 1, sizeof(*u));
	u->id = store_col_int(s, 0);
	u->name = store_col_dup(s, a, 1);
	u->editcount = store_col_int(s, 2);
	u->registration = store_col_dup(s, a, 3);
	u->is_temp = store_col_int(s, 4) != 0;
	u->actor_id = store_col_int(s, 5);
	store_stmt_done(s);
	struct wiki_group_membership *gm;
	size_t n;
	rc = wiki_user_memberships(a, st, u->id, &gm, &n);
	if (rc != RC_OK)
		return rc;
	u->groups = arena_calloc(a, n + 1, sizeof(*u->groups));
	for (size_t i = 0; i < n; i++)
		u->groups[i] = gm[i].group;
	wiki_user_finish(a, u, NULL);
	*out = u;
	return RC_OK;
}

int wiki_user_create(struct store *st, struct arena *a, const char *name, const char *password,
		     const char *email, const char *realname, int64_t *uid)
{
	const char *hash = "";
	int rc = RC_OK;
	if (password)
		rc = wiki_password_hash(a, password, &hash);
	if (rc != RC_OK)
		return rc;
	char now[15], token[33];
	unsigned char rnd[16];
	wiki_timestamp_now(now);
	util_random(rnd, sizeof(rnd));
	util_hex(rnd, sizeof(rnd), token);
	rc = store_begin(st);
	if (rc != RC_OK)
		return rc;
	rc = store_run(st,
		       "INSERT INTO \"user\" (user_name, user_real_name, user_password, user_newpassword,"
		       " user_email, user_touched, user_token, user_registration, user_editcount)"
		       " VALUES (?, ?, ?, '', ?, ?, ?, ?, 0)",
		       "ttttttt", name, realname ? realname : "", hash, email ? email : "", now, token, now);
	int64_t id = rc == RC_OK ? store_last_id(st) : 0;
	if (rc == RC_OK) {
		/* An actor row may exist already (imported edits under this name). Not remembered before the commit. */
		store_memo_added(st);
		int64_t actor = 0;
		rc = store_query_int(st, &actor, "SELECT actor_id FROM actor WHERE actor_name = ?", "t", name);
		if (rc == RC_OK)
			rc = store_run(st, "UPDATE actor SET actor_user = ? WHERE actor_id = ?", "ii", id, actor);
		else if (rc == RC_NOTFOUND)
			rc = store_run(st, "INSERT INTO actor (actor_user, actor_name) VALUES (?, ?)", "it", id, name);
	}
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE site_stats SET ss_users = COALESCE(ss_users, 0) + 1 WHERE ss_row_id = 1", "");
	if (rc == RC_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	if (rc == RC_OK)
		*uid = id;
	return rc;
}

int wiki_user_set_password(struct store *st, struct arena *a, int64_t uid, const char *password)
{
	const char *hash;
	if (wiki_password_hash(a, password, &hash) != RC_OK)
		return RC_ERR;
	char now[15];
	wiki_timestamp_now(now);
	int rc = store_begin(st);
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE \"user\" SET user_password = ?, user_password_expires = NULL, user_touched = ?,"
				   " user_newpassword = '', user_newpass_time = NULL WHERE user_id = ?", "tti", hash, now, uid);
	/* BotPassword::invalidateAllPasswordsForUser: a stored hash nothing matches. */
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE bot_passwords SET bp_password = '' WHERE bp_user = ?", "i", uid);
	if (rc == RC_OK)
		return store_commit(st) == RC_OK ? RC_OK : RC_ERR;
	store_rollback(st);
	return RC_ERR;
}

int wiki_user_set_temp_password(struct store *st, struct arena *a, int64_t uid, const char *password)
{
	const char *hash;
	if (wiki_password_hash(a, password, &hash) != RC_OK)
		return RC_ERR;
	char now[15];
	wiki_timestamp_now(now);
	int rc = store_begin(st);
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE \"user\" SET user_newpassword = ?, user_newpass_time = ? WHERE user_id = ?", "tti",
			       hash, now, uid);
	if (rc == RC_OK)
		return store_commit(st) == RC_OK ? RC_OK : RC_ERR;
	store_rollback(st);
	return RC_ERR;
}

int wiki_user_clear_temp_password(struct store *st, int64_t uid)
{
	/* A write transaction of its own, as wiki_user_set_password(). */
	int rc = store_begin(st);
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE \"user\" SET user_newpassword = '', user_newpass_time = NULL WHERE user_id = ?",
			       "i", uid);
	if (rc == RC_OK)
		return store_commit(st) == RC_OK ? RC_OK : RC_ERR;
	store_rollback(st);
	return RC_ERR;
}

int wiki_user_check_password(struct store *st, struct arena *a, const char *name,
			     const char *password, int64_t *uid, bool *by_temp)
{
	*by_temp = false;
	struct store_stmt *s = store_prepare(st, "SELECT user_id, user_password, user_newpassword, user_newpass_time"
						 " FROM \"user\" WHERE user_name = ?");
	store_bindv(s, "t", name);
	int rc = store_step(s);
	if (rc != STORE_ROW) {
		store_stmt_done(s);
		return rc == STORE_DONE ? RC_NOTFOUND : RC_ERR;
	}
	int64_t id = store_col_int(s, 0);
	char *hash = store_col_dup(s, a, 1);
	char *temp = store_col_dup(s, a, 2);
	char *temp_time = store_col_dup(s, a, 3);
	store_stmt_done(s);
	bool ok = wiki_password_verify(hash, password);
	/*
	 * The temporary password of a password reset, while it is fresh
	 * (TemporaryPasswordPrimaryAuthenticationProvider). The caller must
	 * have a new password chosen before the login completes.
	 */
	if (!ok && temp && *temp && temp_time && strlen(temp_time) == 14) {
		int64_t when;
		ok = ts_parse(temp_time, &when) == RC_OK && util_now() - when <= WIKI_TEMP_PASSWORD_TTL &&
		     wiki_password_verify(temp, password);
		*by_temp = ok;
	}
	if (!ok)
		return RC_INVALID;
	*uid = id;
	return RC_OK;
}

/* ---------- preferences ---------- */

/*
 * MediaWiki 1.39's default preferences in the order its API lists them
 * ($wgDefaultUserOptions, then the ones core computes: language,
 * variants, search namespaces).
 */
static const struct wiki_option_default default_options[] = {
	{ "ccmeonemails", "0", WIKI_OPT_INT },
	{ "date", "default", WIKI_OPT_STRING },
	{ "diffonly", "0", WIKI_OPT_INT },
	{ "disablemail", "0", WIKI_OPT_INT },
	{ "editfont", "monospace", WIKI_OPT_STRING },
	{ "editondblclick", "0", WIKI_OPT_INT },
	{ "editsectiononrightclick", "0", WIKI_OPT_INT },
	{ "email-allow-new-users", "1", WIKI_OPT_INT },
	{ "enotifminoredits", "0", WIKI_OPT_INT },
	{ "enotifrevealaddr", "0", WIKI_OPT_INT },
	{ "enotifusertalkpages", "1", WIKI_OPT_INT },
	{ "enotifwatchlistpages", "1", WIKI_OPT_INT },
	{ "extendwatchlist", "1", WIKI_OPT_INT },
	{ "fancysig", "0", WIKI_OPT_INT },
	{ "forceeditsummary", "0", WIKI_OPT_INT },
	{ "gender", "unknown", WIKI_OPT_STRING },
	{ "hideminor", "0", WIKI_OPT_INT },
	{ "hidepatrolled", "0", WIKI_OPT_INT },
	{ "hidecategorization", "1", WIKI_OPT_INT },
	{ "imagesize", "2", WIKI_OPT_INT },
	{ "minordefault", "0", WIKI_OPT_INT },
	{ "newpageshidepatrolled", "0", WIKI_OPT_INT },
	{ "nickname", "", WIKI_OPT_STRING },
	{ "pst-cssjs", "1", WIKI_OPT_INT },
	{ "norollbackdiff", "0", WIKI_OPT_INT },
	{ "previewonfirst", "0", WIKI_OPT_INT },
	{ "previewontop", "1", WIKI_OPT_INT },
	{ "rcdays", "7", WIKI_OPT_INT },
	{ "rcenhancedfilters-disable", "0", WIKI_OPT_INT },
	{ "rclimit", "50", WIKI_OPT_INT },
	{ "search-match-redirect", "1", WIKI_OPT_BOOL },
	{ "search-special-page", "Search", WIKI_OPT_STRING },
	{ "searchlimit", "20", WIKI_OPT_INT },
	{ "showhiddencats", "0", WIKI_OPT_INT },
	{ "shownumberswatching", "1", WIKI_OPT_INT },
	{ "showrollbackconfirmation", "0", WIKI_OPT_INT },
	{ "skin", "vector", WIKI_OPT_STRING },
	{ "thumbsize", "5", WIKI_OPT_INT },
	{ "underline", "2", WIKI_OPT_INT },
	{ "uselivepreview", "0", WIKI_OPT_INT },
	{ "usenewrc", "1", WIKI_OPT_INT },
	{ "watchcreations", "1", WIKI_OPT_INT },
	{ "watchdefault", "1", WIKI_OPT_INT },
	{ "watchdeletion", "0", WIKI_OPT_INT },
	{ "watchuploads", "1", WIKI_OPT_INT },
	{ "watchlistdays", "7", WIKI_OPT_INT },
	{ "watchlisthideanons", "0", WIKI_OPT_INT },
	{ "watchlisthidebots", "0", WIKI_OPT_INT },
	{ "watchlisthideliu", "0", WIKI_OPT_INT },
	{ "watchlisthideminor", "0", WIKI_OPT_INT },
	{ "watchlisthideown", "0", WIKI_OPT_INT },
	{ "watchlisthidepatrolled", "0", WIKI_OPT_INT },
	{ "watchlisthidecategorization", "1", WIKI_OPT_INT },
	{ "watchlistreloadautomatically", "0", WIKI_OPT_INT },
	{ "watchlistunwatchlinks", "0", WIKI_OPT_INT },
	{ "watchmoves", "0", WIKI_OPT_INT },
	{ "watchrollback", "0", WIKI_OPT_INT },
	{ "wlenhancedfilters-disable", "0", WIKI_OPT_INT },
	{ "wllimit", "250", WIKI_OPT_INT },
	{ "useeditwarning", "1", WIKI_OPT_INT },
	{ "prefershttps", "1", WIKI_OPT_INT },
	{ "requireemail", "0", WIKI_OPT_INT },
	{ "skin-responsive", "1", WIKI_OPT_INT },
	{ "timecorrection", "System|0", WIKI_OPT_STRING },
	{ "language", "en", WIKI_OPT_STRING },
	{ "variant", "en", WIKI_OPT_STRING },
	{ "variant-ban", "ban", WIKI_OPT_STRING },
	{ "variant-en", "en", WIKI_OPT_STRING },
	{ "variant-crh", "crh", WIKI_OPT_STRING },
	{ "variant-gan", "gan", WIKI_OPT_STRING },
	{ "variant-iu", "iu", WIKI_OPT_STRING },
	{ "variant-kk", "kk", WIKI_OPT_STRING },
	{ "variant-ku", "ku", WIKI_OPT_STRING },
	{ "variant-shi", "shi", WIKI_OPT_STRING },
	{ "variant-sr", "sr", WIKI_OPT_STRING },
	{ "variant-tg", "tg", WIKI_OPT_STRING },
	{ "variant-uz", "uz", WIKI_OPT_STRING },
	{ "variant-zh", "zh", WIKI_OPT_STRING },
	{ "searchNs0", "1", WIKI_OPT_INT },
	{ "searchNs1", "0", WIKI_OPT_INT },
	{ "searchNs2", "0", WIKI_OPT_INT },
	{ "searchNs3", "0", WIKI_OPT_INT },
	{ "searchNs4", "0", WIKI_OPT_INT },
	{ "searchNs5", "0", WIKI_OPT_INT },
	{ "searchNs6", "0", WIKI_OPT_INT },
	{ "searchNs7", "0", WIKI_OPT_INT },
	{ "searchNs8", "0", WIKI_OPT_INT },
	{ "searchNs9", "0", WIKI_OPT_INT },
	{ "searchNs10", "0", WIKI_OPT_INT },
	{ "searchNs11", "0", WIKI_OPT_INT },
	{ "searchNs12", "0", WIKI_OPT_INT },
	{ "searchNs13", "0", WIKI_OPT_INT },
	{ "searchNs14", "0", WIKI_OPT_INT },
	{ "searchNs15", "0", WIKI_OPT_INT },
};

const struct wiki_option_default *wiki_user_default_options(size_t *n)
{
	*n = ARRAY_SIZE(default_options);
	return default_options;
}

const struct wiki_option_default *wiki_user_option_default(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(default_options); i++)
		if (streq(default_options[i].name, name))
			return &default_options[i];
	return NULL;
}

int wiki_user_options_load(struct arena *a, struct store *st, int64_t uid, const char ***names,
			   const char ***values, size_t *n)
{
	int64_t cnt = 0;
	int rc = store_query_int(st, &cnt, "SELECT COUNT(*) FROM user_properties WHERE up_user = ?", "i", uid);
	if (rc != RC_OK)
		return RC_ERR;
	const char **nv = arena_calloc(a, (size_t)cnt + 1, sizeof(*nv));
	const char **vv = arena_calloc(a, (size_t)cnt + 1, sizeof(*vv));
	struct store_stmt *s = store_prepare(st, "SELECT up_property, up_value FROM user_properties"
						 " WHERE up_user = ? ORDER BY up_property");
	store_bindv(s, "i", uid);
	size_t k = 0;
	while (k < (size_t)cnt && (rc = store_step(s)) == STORE_ROW) {
		nv[k] = store_col_dup(s, a, 0);
		vv[k] = store_col_dup(s, a, 1);
		if (!vv[k])
			vv[k] = "";
		k++;
	}
	store_stmt_done(s);
	*names = nv;
	*values = vv;
	*n = k;
	return rc < 0 ? RC_ERR : RC_OK;
}

const char *wiki_user_option_get(struct store *st, struct arena *a, int64_t uid, const char *name)
{
	char *v = NULL;
	if (uid > 0 && store_query_text(st, a, &v, "SELECT up_value FROM user_properties WHERE up_user = ?"
						   " AND up_property = ?", "it", uid, name) == RC_OK)
		return v ? v : "";
	const struct wiki_option_default *d = wiki_user_option_default(name);
	return d ? d->value : NULL;
}

int wiki_user_option_set(struct store *st, int64_t uid, const char *name, const char *value)
{
	const struct wiki_option_default *d = wiki_user_option_default(name);
	if (!value || (d && streq(d->value, value)))
		return store_run(st, "DELETE FROM user_properties WHERE up_user = ? AND up_property = ?",
				 "it", uid, name);
	return store_run(st, "INSERT INTO user_properties (up_user, up_property, up_value) VALUES (?, ?, ?)"
			     " ON CONFLICT (up_user, up_property) DO UPDATE SET up_value = excluded.up_value",
			 "itt", uid, name, value);
}

/* ---------- password policy ---------- */

/* Groups whose members need passwords of at least 10 characters. */
static const char *const strong_groups[] = { "bureaucrat", "sysop", "interface-admin", "bot", NULL };

/* Well-known default credentials that must never work (PasswordCannotMatchDefaults). */
static const char *const default_logins[][2] = {
	{ "Useruser", "Passpass" }, { "Useruser1", "Passpass1" },
	{ "Apitestsysop", "testpass" }, { "Apitestuser", "testpass" },
};

/* $wgPasswordPolicy lengths. */
#define PW_MIN_LEN 1        /* MinimalPasswordLength for everyone */
#define PW_MIN_LEN_STRONG 10 /* MinimalPasswordLength for strong_groups */
#define PW_MAX_LEN 4096     /* MaximalPasswordLength */

/* Case-insensitive (ASCII) substring test. */
static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return true;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* Number of code points of UTF-8 `s` (mb_strlen). */
static size_t cp_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

void wiki_password_policy(struct arena *a, const char *name, const char *const *groups,
			  const char *password, struct wiki_pw_problem **out, size_t *n)
{
	struct wiki_pw_problem *v = arena_calloc(a, 8, sizeof(*v));
	size_t k = 0;
	size_t len = cp_len(password);
	long min = PW_MIN_LEN;
	for (const char *const *g = groups; g && *g; g++)
		if (list_has(strong_groups, *g))
			min = PW_MIN_LEN_STRONG;
	/* Too short for the group: a suggestion to change; empty: unusable. */
	if ((long)len < min)
		v[k++] = (struct wiki_pw_problem){ "passwordtooshort", min, len == 0 };
	if (name && *password && contains_ci(name, password))
		v[k++] = (struct wiki_pw_problem){ "password-substring-username-match", -1, false };
	for (size_t i = 0; name && i < ARRAY_SIZE(default_logins); i++)
		if (streq(name, default_logins[i][0]) && streq(password, default_logins[i][1]))
			v[k++] = (struct wiki_pw_problem){ "password-login-forbidden", -1, false };
	if (len > PW_MAX_LEN)
		v[k++] = (struct wiki_pw_problem){ "passwordtoolong", PW_MAX_LEN, true };
	if (wiki_commonpw_has(password))
		v[k++] = (struct wiki_pw_problem){ "passwordincommonlist", -1, false };
	*out = v;
	*n = k;
}

/* ---------- grants ---------- */

struct grant {
	const char *name;           /* grant name */
	const char *const *rights;  /* rights it allows, NULL-terminated */
};

/* The rights every editing grant carries (MediaWiki's "edit" bundle). */
#define EDIT_RIGHTS "edit", "minoredit", "applychangetags", "changetags", "editcontentmodel"

#define R(...) ((const char *const[]){ __VA_ARGS__, NULL })
/* $wgGrantPermissions of MediaWiki 1.39 core. */
static const struct grant grants[] = {
	{ "basic", R("autocreateaccount", "autoconfirmed", "autopatrol", "editsemiprotected",
		     "ipblock-exempt", "nominornewtalk", "patrolmarks", "purge", "read",
		     "unwatchedpages", "writeapi") },
	{ "highvolume", R("bot", "apihighlimits", "noratelimit", "markbotedits") },
	{ "import", R("import", "importupload") },
	{ "editpage", R(EDIT_RIGHTS) },
	{ "editprotected", R(EDIT_RIGHTS, "editprotected") },
	{ "editmycssjs", R(EDIT_RIGHTS, "editmyusercss", "editmyuserjson", "editmyuserjs") },
	{ "editmyoptions", R("editmyoptions", "editmyuserjson") },
	{ "editinterface", R(EDIT_RIGHTS, "editinterface", "edituserjson", "editsitejson") },
	{ "editsiteconfig", R(EDIT_RIGHTS, "editinterface", "edituserjson", "editsitejson",
			      "editusercss", "edituserjs", "editsitecss", "editsitejs") },
	{ "createeditmovepage", R(EDIT_RIGHTS, "createpage", "createtalk", "delete-redirect", "move",
				  "move-rootuserpages", "move-subpages", "move-categorypages",
				  "suppressredirect") },
	{ "uploadfile", R("upload", "reupload-own") },
	{ "uploadeditmovefile", R("upload", "reupload-own", "reupload", "reupload-shared",
				  "upload_by_url", "movefile", "suppressredirect") },
	{ "patrol", R("patrol") },
	{ "rollback", R("rollback") },
	{ "blockusers", R("block", "blockemail") },
	{ "viewdeleted", R("browsearchive", "deletedhistory", "deletedtext") },
	{ "viewrestrictedlogs", R("suppressionlog") },
	{ "delete", R(EDIT_RIGHTS, "browsearchive", "deletedhistory", "deletedtext", "delete",
		      "bigdelete", "deletelogentry", "deleterevision", "undelete") },
	{ "oversight", R("suppressrevision", "viewsuppressed", "hideuser") },
	{ "protect", R(EDIT_RIGHTS, "editprotected", "protect") },
	{ "viewmywatchlist", R("viewmywatchlist") },
	{ "editmywatchlist", R("editmywatchlist") },
	{ "sendemail", R("sendemail") },
	{ "createaccount", R("createaccount") },
	{ "privateinfo", R("viewmyprivateinfo") },
	{ "mergehistory", R("mergehistory") },
};
#undef R

static const char *const grant_names[] = {
	"basic", "highvolume", "import", "editpage", "editprotected", "editmycssjs", "editmyoptions",
	"editinterface", "editsiteconfig", "createeditmovepage", "uploadfile", "uploadeditmovefile",
	"patrol", "rollback", "blockusers", "viewdeleted", "viewrestrictedlogs", "delete",
	"oversight", "protect", "viewmywatchlist", "editmywatchlist", "sendemail", "createaccount",
	"privateinfo", "mergehistory", NULL
};

const char *const *wiki_grants_all(void)
{
	return grant_names;
}

const char *const *wiki_grant_rights(const char *grant)
{
	for (size_t i = 0; i < ARRAY_SIZE(grants); i++)
		if (streq(grants[i].name, grant))
			return grants[i].rights;
	return NULL;
}

/* ---------- bot passwords ---------- */

/* BotPassword::APPID_MAXLENGTH. */
#define APPID_MAX 32

/* IP restrictions of a new bot password: everything, as the special page's default. */
#define BP_RESTRICTIONS_ALL "{\"IPAddresses\":[\"0.0.0.0/0\",\"::/0\"]}"

/* A fresh bot password: WIKI_BOTPASSWORD_LEN characters of base 32 ("0-9a-v"). */
static void random_botpassword(char out[WIKI_BOTPASSWORD_LEN + 1])
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuv";
	unsigned char b[WIKI_BOTPASSWORD_LEN];
	util_random(b, sizeof(b));
	for (size_t i = 0; i < sizeof(b); i++)
		out[i] = digits[b[i] & 31];
	out[WIKI_BOTPASSWORD_LEN] = '\0';
}

int wiki_botpassword_create(struct store *st, struct arena *a, const char *user, const char *app_id,
			    const char *grant_list, const char **password)
{
	if (!app_id || !*app_id || strlen(app_id) > APPID_MAX || strpbrk(app_id, "@|\"\\"))
		return RC_INVALID;
	/* Grants as a JSON array, "basic" first and always. */
	struct sbuf js;
	sbuf_init(&js, 4096);
	sbuf_adds(&js, "[\"basic\"");
	const char *p = grant_list ? grant_list : "";
	int rc = RC_OK;
	while (*p && rc == RC_OK) {
		size_t n = strcspn(p, "|, ");
		if (n) {
			char *g = arena_strndup(a, p, n);
			if (!wiki_grant_rights(g))
				rc = RC_INVALID;
			else if (!streq(g, "basic"))
				sbuf_addf(&js, ",\"%s\"", g);
		}
		p += n;
		if (*p)
			p++;
	}
	sbuf_addc(&js, ']');
	const char *grants_json = arena_strdup(a, sbuf_cstr(&js));
	sbuf_release(&js);
	if (rc != RC_OK)
		return rc;
	int64_t uid = 0;
	rc = store_query_int(st, &uid, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t", user);
	if (rc != RC_OK)
		return rc;
	char *pw = arena_alloc(a, WIKI_BOTPASSWORD_LEN + 1);
	random_botpassword(pw);
	const char *hash;
	rc = wiki_password_hash(a, pw, &hash);
	char token[33];
	unsigned char rnd[16];
	util_random(rnd, sizeof(rnd));
	util_hex(rnd, sizeof(rnd), token);
	if (rc == RC_OK)
		rc = store_begin(st);
	if (rc != RC_OK)
		return rc;
	rc = store_run(st, "DELETE FROM bot_passwords WHERE bp_user = ? AND bp_app_id = ?", "it", uid, app_id);
	if (rc == RC_OK)
		rc = store_run(st, "INSERT INTO bot_passwords (bp_user, bp_app_id, bp_password, bp_token,"
				   " bp_restrictions, bp_grants) VALUES (?, ?, ?, ?, ?, ?)",
			       "itttts", uid, app_id, hash, token, BP_RESTRICTIONS_ALL, str_c(grants_json));
	if (rc == RC_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	if (rc == RC_OK)
		*password = pw;
	return rc;
}

/* Parse a JSON array of plain strings ("[\"basic\",\"editpage\"]") into a NULL-terminated list. */
static const char **parse_grants(struct arena *a, const char *json)
{
	size_t cap = 1;
	for (const char *p = json; *p; p++)
		cap += *p == ',';
	const char **v = arena_calloc(a, cap + 1, sizeof(*v));
	size_t n = 0;
	const char *p = json;
	while ((p = strchr(p, '"')) != NULL && n < cap) {
		const char *e = strchr(p + 1, '"');
		if (!e)
			break;
		v[n++] = arena_strndup(a, p + 1, (size_t)(e - p - 1));
		p = e + 1;
	}
	return v;
}

const char **wiki_botpassword_grants(struct store *st, struct arena *a, int64_t uid, const char *app_id)
{
	char *json = NULL;
	if (store_query_text(st, a, &json, "SELECT bp_grants FROM bot_passwords WHERE bp_user = ? AND bp_app_id = ?",
			     "it", uid, app_id) != RC_OK || !json)
		return NULL;
	return parse_grants(a, json);
}

int wiki_botpassword_check(struct store *st, struct arena *a, const char *user, const char *app_id,
			   const char *password, int64_t *uid, const char ***grants_out)
{
	struct store_stmt *s = store_prepare(st, "SELECT b.bp_user, b.bp_password, b.bp_grants FROM bot_passwords b"
						 " JOIN \"user\" u ON u.user_id = b.bp_user"
						 " WHERE u.user_name = ? AND b.bp_app_id = ?");
	store_bindv(s, "tt", user, app_id);
	int rc = store_step(s);
	if (rc != STORE_ROW) {
		store_stmt_done(s);
		return rc == STORE_DONE ? RC_NOTFOUND : RC_ERR;
	}
	int64_t id = store_col_int(s, 0);
	char *hash = store_col_dup(s, a, 1);
	char *json = store_col_dup(s, a, 2);
	store_stmt_done(s);
	if (!wiki_password_verify(hash, password))
		return RC_INVALID;
	*uid = id;
	*grants_out = parse_grants(a, json ? json : "");
	return RC_OK;
}

int wiki_botpassword_cli(const char *user, const char *app_id, const char *grant_list)
{
	struct arena *a = arena_new();
	struct store *st = store_thread();
	const char *name = NULL, *pw = NULL;
	int rc = wiki_user_name_canonical(a, user, WIKI_NAME_VALID, &name);
	if (rc == RC_OK)
		rc = wiki_botpassword_create(st, a, name, app_id, grant_list, &pw);
	int status = 0;
	if (rc == RC_OK) {
		printf("%s@%s %s\n", name, app_id, pw);
	} else {
		if (rc == RC_NOTFOUND)
			fprintf(stderr, "wikid: no account named \"%s\"\n", user);
		else if (rc == RC_INVALID)
			fprintf(stderr, "wikid: bad user name, app id (1-%d characters, no @) or grant;"
					" grants: basic highvolume editpage createeditmovepage ...\n", APPID_MAX);
		else
			fprintf(stderr, "wikid: cannot store the bot password: %s\n", store_errmsg(st));
		status = 1;
	}
	store_thread_close();
	arena_free(a);
	return status;
}

/* ---------- login throttle ---------- */

/*
 * $wgPasswordAttemptThrottle defaults: 5 failures per 5 minutes and 150
 * per 48 hours, both counted per (IP address, user name). Counters live
 * in objectcache so every worker (and every node) sees them.
 */
static const struct {
	int count;   /* failures allowed in the window */
	int seconds; /* window length */
} throttles[] = { { 5, 300 }, { 150, 172800 } };

/* The objectcache key of throttle `i` for (ip, name), in `buf`. */
static void throttle_key(char *buf, size_t cap, size_t i, const char *ip, const char *name)
{
	snprintf(buf, cap, "wikid:throttle:%zu:%s:%s", i, ip ? ip : "", name ? name : "");
}

int wiki_login_throttle_check(struct store *st, const char *ip, const char *name, int64_t *wait)
{
	char now[15];
	wiki_timestamp_now(now);
	for (size_t i = 0; i < ARRAY_SIZE(throttles); i++) {
		char key[600];
		throttle_key(key, sizeof(key), i, ip, name);
		struct store_stmt *s = store_prepare(st, "SELECT value, exptime FROM objectcache"
							 " WHERE keyname = ? AND exptime > ?");
		store_bindv(s, "tt", key, now);
		if (store_step(s) == STORE_ROW) {
			long long cnt = 0;
			util_parse_ll(store_col_text(s, 0), &cnt);
			const char *exp = store_col_text(s, 1);
			struct tm tm = { 0 };
			sscanf(exp, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			       &tm.tm_min, &tm.tm_sec);
			tm.tm_year -= 1900;
			tm.tm_mon -= 1;
			int64_t left = (int64_t)timegm(&tm) - util_now();
			store_stmt_done(s);
			if (cnt >= throttles[i].count) {
				*wait = left > 0 ? left : 1;
				return RC_BUSY;
			}
		} else {
			store_stmt_done(s);
		}
	}
	return RC_OK;
}

void wiki_login_throttle_hit(struct store *st, const char *ip, const char *name)
{
	char now[15];
	wiki_timestamp_now(now);
	if (store_begin(st) != RC_OK)
		return;
	int rc = RC_OK;
	for (size_t i = 0; i < ARRAY_SIZE(throttles) && rc == RC_OK; i++) {
		char key[600], exp[15];
		throttle_key(key, sizeof(key), i, ip, name);
		ts_format_mw(util_now() + throttles[i].seconds, exp);
		/* An expired counter starts again at 1 with a new window. */
		rc = store_run(st, "DELETE FROM objectcache WHERE keyname = ? AND exptime <= ?", "tt", key, now);
		/*
		 * The count is read and written back rather than incremented in
		 * SQL: value is a blob column, and blobs have no arithmetic in
		 * PostgreSQL. The write transaction keeps other writers out.
		 */
		struct store_stmt *q = rc == RC_OK ? store_prepare(st, "SELECT value FROM objectcache WHERE keyname = ?")
						   : NULL;
		long long cnt = 0;
		store_bind_text(q, 1, key, STORE_NTS);
		if (store_step(q) == STORE_ROW)
			util_parse_ll(store_col_text(q, 0), &cnt);
		store_stmt_done(q);
		char val[24];
		snprintf(val, sizeof(val), "%lld", cnt + 1);
		if (rc == RC_OK)
			rc = store_run(st, "INSERT INTO objectcache (keyname, value, exptime) VALUES (?, ?, ?)"
					   " ON CONFLICT (keyname) DO UPDATE SET value = excluded.value",
				       "ttt", key, val, exp);
	}
	if (rc == RC_OK)
		store_commit(st);
	else
		store_rollback(st);
}

void wiki_login_throttle_clear(struct store *st, const char *ip, const char *name)
{
	if (store_begin(st) != RC_OK)
		return;
	int rc = RC_OK;
	for (size_t i = 0; i < ARRAY_SIZE(throttles) && rc == RC_OK; i++) {
		char key[600];
		throttle_key(key, sizeof(key), i, ip, name);
		rc = store_run(st, "DELETE FROM objectcache WHERE keyname = ?", "t", key);
	}
	if (rc == RC_OK)
		store_commit(st);
	else
		store_rollback(st);
}

/* ---------- one login attempt ---------- */

/* A bot password as MediaWiki generates them: 32 or more of [0-9a-w]. */
static bool looks_like_botpassword(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'w')))
			return false;
	return n >= WIKI_BOTPASSWORD_LEN;
}

int wiki_login_attempt(struct store *st, struct arena *a, const char *ip, const char *name,
		       const char *password, bool allow_botpassword, int64_t *uid, const char **bp_app,
		       const char **fail_key, int64_t *wait)
{
	*bp_app = NULL;
	*fail_key = "authmanager-authn-no-primary";
	if (!name || !*name || !password || !*password)
		return RC_INVALID;
	const char *user = name, *app = NULL, *pw = password;
	if (allow_botpassword) {
		/* BotPassword::canonicalizeLoginData: "User@app", or "app@password" as password. */
		const char *at = strrchr(name, '@');
		const char *pat = strrchr(password, '@');
		if (at) {
			user = arena_strndup(a, name, (size_t)(at - name));
			app = at + 1;
		} else if (pat && strlen(password) >= WIKI_BOTPASSWORD_LEN && looks_like_botpassword(pat + 1)) {
			app = arena_strndup(a, password, (size_t)(pat - password));
			pw = pat + 1;
		}
	}
	const char *canon;
	if (wiki_user_name_canonical(a, user, app ? WIKI_NAME_VALID : WIKI_NAME_USABLE, &canon) != RC_OK) {
		/* Without a usable name only a bot-password attempt counts as a wrong password. */
		if (app)
			*fail_key = "wrongpassword";
		return RC_INVALID;
	}
	if (wiki_login_throttle_check(st, ip, canon, wait) != RC_OK) {
		*fail_key = "login-throttled";
		return RC_INVALID;
	}
	int rc;
	bool by_temp = false;
	if (app) {
		const char **grants_unused;
		rc = wiki_botpassword_check(st, a, canon, app, pw, uid, &grants_unused);
	} else {
		rc = wiki_user_check_password(st, a, canon, pw, uid, &by_temp);
	}
	if (rc == RC_OK) {
		wiki_login_throttle_clear(st, ip, canon);
		*bp_app = app ? arena_strdup(a, app) : NULL;
		*fail_key = by_temp ? "resetpass-temp-emailed" : NULL;
		return RC_OK;
	}
	wiki_login_throttle_hit(st, ip, canon);
	*fail_key = "wrongpassword";
	return RC_INVALID;
}

/* ---------- changing group memberships (action=userrights) ---------- */

/* Index of `s` in NULL-terminated `list`, or -1. */
static long list_index(const char *const *list, const char *s)
{
	for (long i = 0; list && list[i]; i++)
		if (streq(list[i], s))
			return i;
	return -1;
}

/* A rights-log metadata list: per group {"expiry": ts} or null (RightsLogFormatter's input). */
static struct wiki_pvalue *metadata(struct arena *a, const char *key, const char *const *expiries, size_t n)
{
	struct wiki_pvalue *v = arena_calloc(a, 1, sizeof(*v));
	*v = (struct wiki_pvalue){ .type = WIKI_PV_ARRAY, .key = key, .items = arena_calloc(a, n + 1, sizeof(*v->items)) };
	for (size_t i = 0; i < n; i++) {
		struct wiki_pvalue *m = &v->items[v->n_items++];
		m->key = arena_printf(a, "%zu", i);
		m->key_is_int = true;
		struct wiki_pvalue *e = arena_calloc(a, 1, sizeof(*e));
		if (expiries[i])
			*e = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = "expiry", .s = expiries[i], .len = 14 };
		else
			*e = (struct wiki_pvalue){ .type = WIKI_PV_NULL, .key = "expiry" };
		m->type = WIKI_PV_ARRAY;
		m->items = e;
		m->n_items = 1;
	}
	return v;
}

/* A PHP list of strings under `key`. */
static struct wiki_pvalue *str_list(struct arena *a, const char *key, const char *const *items, size_t n)
{
	struct wiki_pvalue *v = arena_calloc(a, 1, sizeof(*v));
	*v = (struct wiki_pvalue){ .type = WIKI_PV_ARRAY, .key = key, .items = arena_calloc(a, n + 1, sizeof(*v->items)) };
	for (size_t i = 0; i < n; i++)
		v->items[v->n_items++] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = arena_printf(a, "%zu", i),
								.key_is_int = true, .s = items[i], .len = strlen(items[i]) };
	return v;
}

int wiki_user_change_groups(struct store *st, struct arena *a, struct wiki_rights_change *c)
{
	char now[15];
	wiki_timestamp_now(now);
	/* UserGroupManager::purgeExpired(): expired memberships go before anything is compared. */
	int rc = store_run(st, "DELETE FROM user_groups WHERE ug_user = ? AND ug_expiry IS NOT NULL AND ug_expiry < ?",
			   "it", c->target_id, now);
	struct wiki_group_membership *gm = NULL;
	size_t n_old = 0;
	if (rc == RC_OK)
		rc = wiki_user_memberships(a, st, c->target_id, &gm, &n_old);
	if (rc != RC_OK)
		return rc;
	size_t n_all = 1;
	for (size_t i = 0; c->add && c->add[i]; i++)
		n_all++;
	for (size_t i = 0; c->remove && c->remove[i]; i++)
		n_all++;
	const char **old_g = arena_calloc(a, n_old + 1, sizeof(*old_g));
	const char **old_e = arena_calloc(a, n_old + 1, sizeof(*old_e));
	for (size_t i = 0; i < n_old; i++) {
		old_g[i] = gm[i].group;
		old_e[i] = gm[i].expiry;
	}
	struct wiki_changeable ch;
	wiki_groups_changeable(a, c->by, &ch);
	bool self = c->by->id == c->target_id;
	const char **added = arena_calloc(a, n_all, sizeof(*added));
	const char **removed = arena_calloc(a, n_all, sizeof(*removed));
	size_t n_added = 0, n_removed = 0;
	for (size_t i = 0; c->remove && c->remove[i] && n_removed + 1 < n_all; i++) {
		const char *g = c->remove[i];
		bool may = list_has(ch.remove, g) || (self && list_has(ch.remove_self, g));
		if (may && list_index(old_g, g) >= 0 && list_index(removed, g) < 0)
			removed[n_removed++] = g;
	}
	for (size_t i = 0; c->add && c->add[i] && n_added + 1 < n_all; i++) {
		const char *g = c->add[i], *exp = c->add_expiry ? c->add_expiry[i] : NULL;
		bool may = list_has(ch.add, g) || (self && list_has(ch.add_self, g));
		bool removable = list_has(ch.remove, g) || (self && list_has(ch.remove_self, g));
		long cur = list_index(old_g, g);
		if (!may || list_index(added, g) >= 0)
			continue;
		/* A membership one could not remove is not shortened either. */
		if (cur >= 0 && !removable && strcmp(old_e[cur] ? old_e[cur] : "infinity", exp ? exp : "infinity") > 0)
			continue;
		/* Re-adding with the same expiry changes nothing. */
		if (cur >= 0 && list_index(removed, g) < 0 &&
		    ((!old_e[cur] && !exp) || (old_e[cur] && exp && streq(old_e[cur], exp))))
			continue;
		added[n_added++] = g;
	}
	for (size_t i = 0; rc == RC_OK && i < n_removed; i++)
		rc = store_run(st, "DELETE FROM user_groups WHERE ug_user = ? AND ug_group = ?", "it", c->target_id, removed[i]);
	for (size_t i = 0; rc == RC_OK && i < n_added; i++) {
		long k = list_index(c->add, added[i]);
		const char *exp = c->add_expiry && k >= 0 ? c->add_expiry[k] : NULL;
		rc = store_run(st, "INSERT INTO user_groups (ug_user, ug_group, ug_expiry) VALUES (?, ?, ?)"
				   " ON CONFLICT (ug_user, ug_group) DO UPDATE SET ug_expiry = excluded.ug_expiry",
			       "itt", c->target_id, added[i], exp);
		if (rc == RC_OK)
			rc = store_run(st, "DELETE FROM user_former_groups WHERE ufg_user = ? AND ufg_group = ?", "it",
				       c->target_id, added[i]);
	}
	/* MediaWiki remembers removed groups (user_former_groups) so autopromotion does not re-add them. */
	for (size_t i = 0; rc == RC_OK && i < n_removed; i++)
		rc = store_run(st, "INSERT INTO user_former_groups (ufg_user, ufg_group) VALUES (?, ?)"
				   " ON CONFLICT (ufg_user, ufg_group) DO NOTHING", "it", c->target_id, removed[i]);
	c->added = added;
	c->removed = removed;
	if (rc != RC_OK || (!n_added && !n_removed))
		return rc;

	/* New groups: the old ones without the removed, then the added (array_merge + array_unique). */
	const char **new_g = arena_calloc(a, n_old + n_added + 1, sizeof(*new_g));
	const char **new_e = arena_calloc(a, n_old + n_added + 1, sizeof(*new_e));
	size_t n_new = 0;
	for (size_t i = 0; i < n_old; i++) {
		if (list_index(removed, old_g[i]) >= 0)
			continue;
		long k = list_index(added, old_g[i]) >= 0 ? list_index(c->add, old_g[i]) : -1;
		new_g[n_new] = old_g[i];
		new_e[n_new++] = k >= 0 ? (c->add_expiry ? c->add_expiry[k] : NULL) : old_e[i];
	}
	for (size_t i = 0; i < n_added; i++) {
		if (list_index(new_g, added[i]) >= 0)
			continue;
		long k = list_index(c->add, added[i]);
		new_g[n_new] = added[i];
		new_e[n_new++] = c->add_expiry && k >= 0 ? c->add_expiry[k] : NULL;
	}
	struct wiki_pvalue *params = arena_calloc(a, 1, sizeof(*params));
	*params = (struct wiki_pvalue){ .type = WIKI_PV_ARRAY, .items = arena_calloc(a, 4, sizeof(*params->items)) };
	params->items[0] = *str_list(a, "4::oldgroups", old_g, n_old);
	params->items[1] = *str_list(a, "5::newgroups", new_g, n_new);
	params->items[2] = *metadata(a, "oldmetadata", old_e, n_old);
	params->items[3] = *metadata(a, "newmetadata", new_e, n_new);
	params->n_items = 4;
	const char *dbkey = arena_strdup(a, c->target_name);
	for (char *p = (char *)dbkey; *p; p++)
		if (*p == ' ')
			*p = '_';
	int64_t page = 0;
	store_query_int(st, &page, "SELECT page_id FROM page WHERE page_namespace = 2 AND page_title = ?", "t", dbkey);
	struct wiki_log_entry e = {
		.type = "rights", .action = "rights", .user_id = c->by->id, .user_name = c->by->name,
		.actor_id = c->by->actor_id, .ns = WIKI_NS_USER, .dbkey = dbkey, .page_id = page,
		.comment = c->reason, .params = params, .tags = c->tags, .ip = c->ip,
	};
	rc = wiki_log_add(st, a, &e, NULL);
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE \"user\" SET user_touched = ? WHERE user_id = ?", "ti", now, c->target_id);
	return rc;
}
