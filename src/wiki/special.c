/* SPDX-License-Identifier: MIT */
/*
 * special.c — the names of MediaWiki's special pages (1.39 core), so that
 * Special: titles can be told apart as existing or not and written with
 * their canonical names, by the page set and by the link renderer, and so
 * that prefix search can suggest them.
 */
#include "wiki.h"

#include <string.h>

/*
 * One entry per special page: the canonical local name first, then the
 * aliases, '|'-separated.
 */
static const char *const special_pages[] = {
#include "special_pages.inc"
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

const char *wiki_special_canonical(const char *name, size_t len, size_t *canon_len)
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
