/* SPDX-License-Identifier: MIT */
/*
 * language.c — the languages wikid can name: MediaWiki's list of
 * language codes with their autonyms (the names of the languages in
 * themselves) and BCP 47 tags, and the variants of the languages that
 * have them. The data is languages.inc; the table is sorted by code, so
 * lookups search in halves. Read-only, static storage.
 */
#include <stdlib.h>

#include "wiki.h"

#include "languages.inc"

const struct wiki_language *wiki_languages(size_t *n)
{
	*n = ARRAY_SIZE(languages);
	return languages;
}

static int cmp_code(const void *key, const void *entry)
{
	return strcmp(key, ((const struct wiki_language *)entry)->code);
}

const struct wiki_language *wiki_language_find(const char *code)
{
	return bsearch(code, languages, ARRAY_SIZE(languages), sizeof(languages[0]), cmp_code);
}

const struct wiki_lang_variant *wiki_language_variants(size_t *n)
{
	*n = ARRAY_SIZE(variants);
	return variants;
}
