/* SPDX-License-Identifier: MIT */
/*
 * password.c — password hashing for user_password and bp_password.
 *
 * Hashes use MediaWiki's stored layout for PBKDF2 (its Pbkdf2Password
 * type), so a user table copied between wikid and MediaWiki keeps working:
 *
 *   :pbkdf2:<algo>:<iterations>:<length>:<base64 salt>:<base64 hash>
 *
 * where the hash is PBKDF2-HMAC-<algo>(password, raw salt bytes,
 * iterations, length bytes) and both fields are standard base64 with
 * padding. New hashes use sha512, WIKI_PBKDF2_ITERATIONS and a 16-byte
 * random salt. Verification accepts the same layout with sha1/sha256/
 * sha384/sha512 and bounded parameters, and rejects every other format
 * (MediaWiki's legacy ":A:"/":B:" MD5 types included).
 */
#include <stdio.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "wiki.h"

/*
 * Bounds on stored parameters accepted by wiki_password_verify(). The
 * iteration cap keeps a crafted row from costing unbounded CPU per login
 * attempt (MediaWiki's own default is 30000); the length cap is twice
 * SHA-512's output, more than any real configuration uses.
 */
#define PBKDF2_MAX_ITERATIONS 1000000
#define PBKDF2_MAX_LEN 128
/* Salts longer than this are not something we or MediaWiki ever write. */
#define PBKDF2_MAX_SALT 256

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard base64 with padding of `n` bytes into `out` (4*ceil(n/3)+1 bytes). */
static void b64_encode(const unsigned char *in, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = b64_alphabet[(v >> 18) & 63];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? b64_alphabet[v & 63] : '=';
	}
	out[o] = '\0';
}

/* Value of one base64 digit, or -1. */
static int b64_digit(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decode `len` characters of padded base64 into `out` (room for `cap`
 * bytes). Returns the byte count, or -1 for malformed input or overflow.
 */
static long b64_decode(const char *in, size_t len, unsigned char *out, size_t cap)
{
	if (len == 0 || len % 4 != 0)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < len; i += 4) {
		int d[4];
		int pad = 0;
		for (int k = 0; k < 4; k++) {
			char c = in[i + k];
			/* '=' only in the last one or two places of the last group. */
			if (c == '=' && i + 4 == len && k >= 2) {
				d[k] = 0;
				pad++;
				continue;
			}
			if (pad)
				return -1;
			d[k] = b64_digit(c);
			if (d[k] < 0)
				return -1;
		}
		unsigned v = (unsigned)d[0] << 18 | (unsigned)d[1] << 12 | (unsigned)d[2] << 6 |
			     (unsigned)d[3];
		size_t n = 3 - (size_t)pad;
		if (o + n > cap)
			return -1;
		out[o++] = (unsigned char)(v >> 16);
		if (n > 1)
			out[o++] = (unsigned char)(v >> 8);
		if (n > 2)
			out[o++] = (unsigned char)v;
	}
	return (long)o;
}

/* The OpenSSL digest for a MediaWiki algorithm name, or NULL. */
static const EVP_MD *digest_by_name(const char *name, size_t len)
{
	static const struct {
		const char *name;            /* as in the stored hash */
		const EVP_MD *(*md)(void);   /* OpenSSL constructor */
	} algos[] = {
		{ "sha1", EVP_sha1 },
		{ "sha256", EVP_sha256 },
		{ "sha384", EVP_sha384 },
		{ "sha512", EVP_sha512 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(algos); i++)
		if (strlen(algos[i].name) == len && memcmp(algos[i].name, name, len) == 0)
			return algos[i].md();
	return NULL;
}

int wiki_password_hash_salt(struct arena *a, const char *password, const unsigned char *salt,
			    size_t salt_len, const char **out)
{
	unsigned char hash[WIKI_PBKDF2_LEN];
	if (salt_len == 0 || salt_len > PBKDF2_MAX_SALT)
		return RC_INVALID;
	if (!PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)salt_len,
			       WIKI_PBKDF2_ITERATIONS, EVP_sha512(), sizeof(hash), hash))
		return RC_ERR;
	char salt64[4 * ((PBKDF2_MAX_SALT + 2) / 3) + 1];
	char hash64[4 * ((WIKI_PBKDF2_LEN + 2) / 3) + 1];
	b64_encode(salt, salt_len, salt64);
	b64_encode(hash, sizeof(hash), hash64);
	*out = arena_printf(a, ":pbkdf2:sha512:%d:%d:%s:%s", WIKI_PBKDF2_ITERATIONS,
			    WIKI_PBKDF2_LEN, salt64, hash64);
	OPENSSL_cleanse(hash, sizeof(hash));
	return RC_OK;
}

int wiki_password_hash(struct arena *a, const char *password, const char **out)
{
	unsigned char salt[WIKI_PBKDF2_SALT];
	util_random(salt, sizeof(salt));
	return wiki_password_hash_salt(a, password, salt, sizeof(salt), out);
}

/*
 * Next ':'-separated field of a stored hash: sets *field and *len and returns
 * the position after the separator, or NULL when no ':' follows and
 * `last` is false.
 */
static const char *next_field(const char *p, bool last, const char **field, size_t *len)
{
	const char *end = strchr(p, ':');
	if (last) {
		if (end)
			return NULL;
		*field = p;
		*len = strlen(p);
		return p + *len;
	}
	if (!end)
		return NULL;
	*field = p;
	*len = (size_t)(end - p);
	return end + 1;
}

/* Parse a decimal field within [1, max]; -1 when malformed or out of range. */
static long field_number(const char *p, size_t len, long max)
{
	if (len == 0 || len > 9)
		return -1;
	long v = 0;
	for (size_t i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v >= 1 && v <= max ? v : -1;
}

bool wiki_password_verify(const char *stored, const char *password)
{
	if (!stored || !password || strncmp(stored, ":pbkdf2:", 8) != 0)
		return false;
	const char *f[5];
	size_t n[5];
	const char *p = stored + 8;
	for (int i = 0; i < 5 && p; i++)
		p = next_field(p, i == 4, &f[i], &n[i]);
	if (!p)
		return false;

	const EVP_MD *md = digest_by_name(f[0], n[0]);
	long iterations = field_number(f[1], n[1], PBKDF2_MAX_ITERATIONS);
	long len = field_number(f[2], n[2], PBKDF2_MAX_LEN);
	if (!md || iterations < 0 || len < 0)
		return false;

	unsigned char salt[PBKDF2_MAX_SALT];
	unsigned char want[PBKDF2_MAX_LEN + 3]; /* +3: decoding works in whole groups */
	unsigned char got[PBKDF2_MAX_LEN];
	long salt_len = b64_decode(f[3], n[3], salt, sizeof(salt));
	long want_len = b64_decode(f[4], n[4], want, sizeof(want));
	if (salt_len <= 0 || want_len != len)
		return false;
	if (!PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)salt_len,
			       (int)iterations, md, (int)len, got))
		return false;
	bool same = CRYPTO_memcmp(got, want, (size_t)len) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return same;
}
