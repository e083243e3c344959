/* SPDX-License-Identifier: MIT */
/*
 * token.c — CSRF and login tokens, shaped like MediaWiki's
 * (MediaWiki\Session\Token): 32 hex digits of a keyed hash, the
 * generation time as hex Unix seconds, then the suffix "+\" (which
 * proves the client did not mangle '+' and '\' on the way).
 *
 * Our hash is HMAC-SHA256 keyed with wiki_secret_key() over
 * "<session id>|<type>|<time>", cut to 128 bits so the token has the same
 * length as MediaWiki's. A token is only as good as its session: logging
 * out deletes the session and with it every token made for it.
 *
 * Anonymous users without a login session get the constant "+\" for the
 * edit-style types, as MediaWiki gives them; a real secret there would
 * only tie the token to a cookie anyone can get. Login and account
 * creation tokens always need a session (wiki_session_ensure()).
 */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "wiki.h"

/* Hex digits of the hash part: 128 bits, MediaWiki's token length. */
#define HASH_HEX 32

/* The anonymous token and the suffix of every token. */
#define ANON_TOKEN "+\\"

static const char *const token_types[] = {
	"createaccount", "csrf", "login", "patrol", "rollback", "userrights", "watch", NULL
};

const char *const *wiki_token_types(void)
{
	return token_types;
}

/* Types that need a session even for anonymous users. */
static bool needs_session(const char *type)
{
	return streq(type, "login") || streq(type, "createaccount");
}

/* The hash part for (session, type, time) into `out` (HASH_HEX + 1 bytes). */
static void token_hash(const char *session, const char *type, int64_t t, char out[HASH_HEX + 1])
{
	char msg[256];
	int len = snprintf(msg, sizeof(msg), "%s|%s|%lld", session, type, (long long)t);
	if (len < 0 || (size_t)len >= sizeof(msg))
		BUG("token message too long");
	const char *key = wiki_secret_key();
	if (!key)
		BUG("token requested before wiki_init()");
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	if (!HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, (size_t)len, mac, &mac_len))
		BUG("HMAC failed");
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	util_hex(mac, mac_len, hex);
	memcpy(out, hex, HASH_HEX);
	out[HASH_HEX] = '\0';
}

/* Is a real (session-bound) token used for this user and type? */
static bool uses_secret(const struct wiki_user *u, const char *type)
{
	return u->id != 0 || needs_session(type);
}

const char *wiki_token_make(struct arena *a, const struct wiki_user *u, const char *type, int64_t now)
{
	if (!uses_secret(u, type))
		return ANON_TOKEN;
	if (!u->session_id)
		return NULL;
	char hash[HASH_HEX + 1];
	token_hash(u->session_id, type, now, hash);
	return arena_printf(a, "%s%llx" ANON_TOKEN, hash, (unsigned long long)now);
}

enum wiki_token_status wiki_token_check(const struct wiki_user *u, const char *type, const char *token,
					int64_t maxage, int64_t *generated)
{
	if (generated)
		*generated = -1;
	if (!token)
		return WIKI_TOKEN_INVALID;
	if (!uses_secret(u, type))
		return streq(token, ANON_TOKEN) ? WIKI_TOKEN_VALID : WIKI_TOKEN_INVALID;
	size_t len = strlen(token);
	/* hash + at least one hex digit of time + suffix; times fit in 16 digits. */
	if (!u->session_id || len < HASH_HEX + 1 + 2 || len > HASH_HEX + 16 + 2 ||
	    memcmp(token + len - 2, ANON_TOKEN, 2) != 0)
		return WIKI_TOKEN_INVALID;
	char tbuf[17];
	size_t tlen = len - 2 - HASH_HEX;
	memcpy(tbuf, token + HASH_HEX, tlen);
	tbuf[tlen] = '\0';
	for (size_t i = 0; i < tlen; i++)
		if (!((tbuf[i] >= '0' && tbuf[i] <= '9') || (tbuf[i] >= 'a' && tbuf[i] <= 'f')))
			return WIKI_TOKEN_INVALID;
	int64_t t = (int64_t)strtoull(tbuf, NULL, 16);
	char hash[HASH_HEX + 1];
	token_hash(u->session_id, type, t, hash);
	/* Constant time: the comparison must not tell how many digits were right. */
	if (CRYPTO_memcmp(hash, token, HASH_HEX) != 0)
		return WIKI_TOKEN_INVALID;
	if (generated)
		*generated = t;
	if (maxage >= 0 && util_now() - t > maxage)
		return WIKI_TOKEN_EXPIRED;
	return WIKI_TOKEN_VALID;
}
