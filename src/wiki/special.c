/* SPDX-License-Identifier: MIT */
/*
 * special.c — the names of MediaWiki's special pages (1.39 core), so that
 * Special: titles can be told apart as existing or not and written with
 * their canonical names, by the page set and by the link renderer, and so
 * that prefix search can suggest them. In another content language
 * (config.lang) a special page is also found by that language's names
 * and its fallbacks' ($specialPageAliases), and the first of them is its
 * local name, as SpecialPageFactory::getLocalNameFor gives it.
 */
#include "wiki.h"

#include <string.h>

#include "../util/config.h"
#include "title.h"

/*
 * One entry per special page: the canonical local name first, then the
 * aliases, '|'-separated.
 */
static const char *const special_pages[] = {
#include "special_pages.inc"
};

/* One language's names of one special page. */
struct special_alias {
	const char *code;    /* language code */
	const char *english; /* the page's English (canonical) name */
	const char *names;   /* its names there, '|'-separated, '_' for spaces; the first is the local name */
};

static const struct special_alias special_aliases[] = {
#include "special_aliases.inc"
};

/* `len` bytes of `a` equal NUL-terminated `b`, ignoring ASCII case. */
static bool ieq(const char *a, size_t len, const char *b)
{
	size_t i = 0;
	for (; i < len && b[i]; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return i == len && !b[i];
}

const char *const *wiki_special_pages(size_t *n)
{
	*n = ARRAY_SIZE(special_pages);
	return special_pages;
}

/* `len` bytes of `a` equal `b` (`blen` bytes) with Unicode case folded, '_' and ' ' alike. */
static bool fold_eq(const char *a, size_t len, const char *b, size_t blen)
{
	char fa[256], fb[256];
	if (len >= sizeof(fa) / 3 || blen >= sizeof(fb) / 3)
		return false;
	int la = wiki_fold_lower(a, len, fa, sizeof(fa), true), lb = wiki_fold_lower(b, blen, fb, sizeof(fb), true);
	return la >= 0 && la == lb && memcmp(fa, fb, (size_t)la) == 0;
}

/* The first row of special_aliases of language `code`, or the end. */
static size_t alias_first(const char *code)
{
	size_t lo = 0, hi = ARRAY_SIZE(special_aliases);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(special_aliases[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The names of the page with English name `english` (`elen` bytes) in
 * the content language or its nearest fallback that has any, or NULL.
 * With `name` given, instead the names of the language row (any page) that
 * lists `name`, and *english_out the page's English name.
 */
static const char *local_names(const char *english, size_t elen, const char *name, size_t len, const char **english_out)
{
	if (!config.lang || !config.lang[0] || strcmp(config.lang, "en") == 0)
		return NULL;
	const struct wiki_language *l = wiki_language_find(config.lang);
	const char *chain[16];
	size_t n = 0;
	chain[n++] = config.lang;
	for (size_t i = 0; l && l->fallbacks && l->fallbacks[i] && n < ARRAY_SIZE(chain); i++)
		if (strcmp(l->fallbacks[i], "en") != 0)
			chain[n++] = l->fallbacks[i];
	for (size_t c = 0; c < n; c++) {
		for (size_t k = alias_first(chain[c]); k < ARRAY_SIZE(special_aliases); k++) {
			const struct special_alias *r = &special_aliases[k];
			if (strcmp(r->code, chain[c]) != 0)
				break;
			if (!name) {
				if (strlen(r->english) == elen && ieq(english, elen, r->english))
					return r->names;
				continue;
			}
			for (const char *s = r->names;;) {
				const char *bar = strchr(s, '|');
				size_t sl = bar ? (size_t)(bar - s) : strlen(s);
				if (fold_eq(name, len, s, sl)) {
					*english_out = r->english;
					return r->names;
				}
				if (!bar)
					break;
				s = bar + 1;
			}
		}
	}
	return NULL;
}

/* The English entry of special_pages whose canonical name is `english`, or NULL. */
static const char *english_entry(const char *english)
{
	size_t el = strlen(english);
	for (size_t i = 0; i < ARRAY_SIZE(special_pages); i++) {
		const char *bar = strchr(special_pages[i], '|');
		size_t n = bar ? (size_t)(bar - special_pages[i]) : strlen(special_pages[i]);
		if (n == el && memcmp(special_pages[i], english, el) == 0)
			return special_pages[i];
	}
	return NULL;
}

static const char *english_canonical(const char *name, size_t len, size_t *canon_len);

const char *wiki_special_canonical(const char *name, size_t len, size_t *canon_len)
{
	const char *english = NULL;
	const char *e = english_canonical(name, len, canon_len);
	if (!e) {
		/* a name of the content language */
		const char *names = local_names(NULL, 0, name, len, &english);
		if (!names || !english_entry(english))
			return NULL;
		/* the local name is the nearest language's, which may not be the one the name came from */
		names = local_names(english, strlen(english), NULL, 0, NULL);
		const char *bar = strchr(names, '|');
		*canon_len = bar ? (size_t)(bar - names) : strlen(names);
		return names;
	}
	/* an English name: the page's local name is the content language's first, when it has one */
	const char *names = local_names(e, *canon_len, NULL, 0, NULL);
	if (names) {
		const char *bar = strchr(names, '|');
		*canon_len = bar ? (size_t)(bar - names) : strlen(names);
		return names;
	}
	return e;
}

/* The English entry of special page `name` (English names and aliases), its first name's length in *canon_len. */
static const char *english_canonical(const char *name, size_t len, size_t *canon_len)
{
	for (size_t i = 0; i < ARRAY_SIZE(special_pages); i++) {
		const char *e = special_pages[i];
		const char *start = e;
		for (;;) {
			const char *bar = strchr(start, '|');
			size_t n = bar ? (size_t)(bar - start) : strlen(start);
			char one[128];
			if (n < sizeof(one)) {
				memcpy(one, start, n);
				one[n] = '\0';
				if (ieq(name, len, one)) {
					const char *first_bar = strchr(e, '|');
					*canon_len = first_bar ? (size_t)(first_bar - e) : strlen(e);
					return e;
				}
			}
			if (!bar)
				break;
			start = bar + 1;
		}
	}
	return NULL;
}
