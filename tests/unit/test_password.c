/* SPDX-License-Identifier: MIT */
/*
 * test_password.c — PBKDF2 password hashes in MediaWiki's stored layout:
 * round trip, wrong passwords, tampered hashes, rejected formats, and
 * known vectors. The vectors were computed independently with Python's
 * hashlib.pbkdf2_hmac; the first is the hash MediaWiki 1.39 (the oracle)
 * stored for its Admin account, so it also proves the layout matches.
 */
#include "../harness.h"

#include "wiki/wiki.h"

/* MediaWiki 1.39's stored hash of "oracle-admin-pass-123". */
static const char oracle_hash[] =
	":pbkdf2:sha512:30000:64:x8fwnZ+GTGDs5UtW1d3iVg==:hF9MdPiTHMwoYwX8NQjGX+pjN3XbefGu"
	"K0OiqHv8oYatN5yH7g2Ig+Zm7b+jdVTKx3gy2AutvhbCT+q/Rh9HnQ==";

/* hashlib.pbkdf2_hmac('sha512', b'', b'wikid-test-salt!', 30000, 64) in our layout. */
static const char empty_hash[] =
	":pbkdf2:sha512:30000:64:d2lraWQtdGVzdC1zYWx0IQ==:wLh7Ye1O6lbVZRGnOOfOCVPiRG3wBvvXJ4eA8n0u"
	"aEtX2Sfo70jrp/0atGSq41f9dcaAVi1StP4DhoEio7S3pQ==";

int main(void)
{
	struct arena *a = arena_new();
	const char *h1 = NULL, *h2 = NULL;

	/* Round trip. */
	INT_EQ(wiki_password_hash(a, "correct horse battery", &h1), RC_OK, "hash succeeds");
	OK(h1 && strncmp(h1, ":pbkdf2:sha512:30000:64:", 24) == 0, "layout prefix");
	OK(wiki_password_verify(h1, "correct horse battery"), "right password verifies");
	OK(!wiki_password_verify(h1, "correct horse batterz"), "wrong password fails");
	OK(!wiki_password_verify(h1, ""), "empty password fails");
	INT_EQ(wiki_password_hash(a, "correct horse battery", &h2), RC_OK, "second hash");
	OK(h2 && !streq(h1, h2), "random salt: two hashes differ");
	OK(wiki_password_verify(h2, "correct horse battery"), "second hash verifies");

	/* Known vectors. */
	OK(wiki_password_verify(oracle_hash, "oracle-admin-pass-123"), "MediaWiki hash verifies");
	OK(!wiki_password_verify(oracle_hash, "oracle-admin-pass-124"), "MediaWiki hash, wrong pw");
	static const unsigned char oracle_salt[] = { 0xc7, 0xc7, 0xf0, 0x9d, 0x9f, 0x86, 0x4c, 0x60,
						     0xec, 0xe5, 0x4b, 0x56, 0xd5, 0xdd, 0xe2, 0x56 };
	const char *h3 = NULL;
	INT_EQ(wiki_password_hash_salt(a, "oracle-admin-pass-123", oracle_salt, sizeof(oracle_salt),
				       &h3), RC_OK, "hash with fixed salt");
	STR_EQ(h3, oracle_hash, "fixed salt reproduces MediaWiki's stored hash");
	const char *h4 = NULL;
	wiki_password_hash_salt(a, "", (const unsigned char *)"wikid-test-salt!", 16, &h4);
	STR_EQ(h4, empty_hash, "empty password vector (hashlib)");
	OK(wiki_password_verify(empty_hash, ""), "empty password vector verifies");
	OK(wiki_password_verify(":pbkdf2:sha256:1000:32:d2lraWQtdGVzdC1zYWx0IQ==:"
				"dYWDWo/uT4SVG6ELErWRqMASx95m+nBMP49phPt9F6U=",
				"p\xc3\xa4ssw\xc3\xb6rd"), "sha256 vector with UTF-8 password");
	OK(wiki_password_verify(":pbkdf2:sha1:1:20:AAEC:skpBptdxEAY2hVDrin5QIDWJY1o=", "abc"),
	   "sha1 vector, salt with NUL byte");

	/* Tampering with any field breaks verification. */
	char t[sizeof(oracle_hash)];
	memcpy(t, oracle_hash, sizeof(t));
	t[sizeof(t) - 4] = t[sizeof(t) - 4] == 'A' ? 'B' : 'A';
	OK(!wiki_password_verify(t, "oracle-admin-pass-123"), "tampered hash fails");
	memcpy(t, oracle_hash, sizeof(t));
	t[25] = t[25] == 'A' ? 'B' : 'A';
	OK(!wiki_password_verify(t, "oracle-admin-pass-123"), "tampered salt fails");
	memcpy(t, oracle_hash, sizeof(t));
	t[19] = '1'; /* 30000 -> 30001 */
	OK(!wiki_password_verify(t, "oracle-admin-pass-123"), "tampered iterations fail");
	memcpy(t, oracle_hash, sizeof(t));
	memcpy(t + 8, "sha256", 6);
	OK(!wiki_password_verify(t, "oracle-admin-pass-123"), "tampered algorithm fails");

	/* Formats and parameters that must be rejected. */
	OK(!wiki_password_verify(NULL, "x"), "NULL stored value");
	OK(!wiki_password_verify("", ""), "empty stored value (no password set)");
	OK(!wiki_password_verify(":B:1234:5f4dcc3b5aa765d61d8327deb882cf99", "password"),
	   "legacy :B: type rejected");
	OK(!wiki_password_verify(":pbkdf2:md5:1000:16:AAEC:AAAAAAAAAAAAAAAAAAAAAA==", "x"),
	   "unknown digest rejected");
	OK(!wiki_password_verify(":pbkdf2:sha1:0:20:AAEC:skpBptdxEAY2hVDrin5QIDWJY1o=", "abc"),
	   "zero iterations rejected");
	OK(!wiki_password_verify(":pbkdf2:sha1:99999999:20:AAEC:skpBptdxEAY2hVDrin5QIDWJY1o=",
				 "abc"), "excessive iterations rejected");
	OK(!wiki_password_verify(":pbkdf2:sha1:1:21:AAEC:skpBptdxEAY2hVDrin5QIDWJY1o=", "abc"),
	   "length field not matching the hash");
	OK(!wiki_password_verify(":pbkdf2:sha1:1:20:AA!C:skpBptdxEAY2hVDrin5QIDWJY1o=", "abc"),
	   "bad base64 salt");
	OK(!wiki_password_verify(":pbkdf2:sha1:1:20:AAEC:skpBptdxEAY2hVDrin5QIDWJY1o", "abc"),
	   "unpadded base64 hash");
	OK(!wiki_password_verify(":pbkdf2:sha1:1:20:AAEC:skpBptdxEAY2hVDrin5QIDWJY1o=:x", "abc"),
	   "extra field");
	OK(!wiki_password_verify(":pbkdf2:sha1:1:20:AAEC", "abc"), "missing fields");
	OK(!wiki_password_verify(":pbkdf2:sha1:+1:20:AAEC:skpBptdxEAY2hVDrin5QIDWJY1o=", "abc"),
	   "signed number rejected");

	arena_free(a);
	return harness_done();
}
