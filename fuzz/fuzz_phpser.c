/* SPDX-License-Identifier: MIT */
/*
 * fuzz_phpser.c — PHP unserialize (src/wiki/phpser.c), the reader of
 * log_params and rc_params blobs, on arbitrary bytes. What it accepts
 * must serialize to a blob that reads back to a value serializing to the
 * same bytes: serialize() is a fixed point after one round. The writer
 * returns a C string, so the round trip is only checked for input
 * without NUL bytes.
 */
#include "fuzz.h"

#include "wiki/wiki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct wiki_pvalue v, again;
	/* The reader takes a length, so the bytes go in as they are, NULs included. */
	if (wiki_php_unserialize(a, (const char *)data, size, &v) == RC_OK && !memchr(data, '\0', size)) {
		char *once = wiki_php_serialize(a, &v);
		FUZZ_CHECK(wiki_php_unserialize(a, once, strlen(once), &again) == RC_OK,
			   "serialize() wrote \"%s\", which does not read back", once);
		char *twice = wiki_php_serialize(a, &again);
		FUZZ_CHECK(streq(once, twice), "\"%s\" serializes again as \"%s\"", once, twice);
	}
	arena_free(a);
	return 0;
}
