/* SPDX-License-Identifier: MIT */
/*
 * title.h — private to src/wiki: the case helpers shared by the title
 * parser (title.c), the namespace table (namespace.c) and the interwiki
 * map (interwiki.c). The public title API is in wiki.h.
 */
#ifndef WIKI_TITLE_H
#define WIKI_TITLE_H

#include "wiki.h"

/*
 * Longest name (namespace name, interwiki prefix) the folded lookups
 * consider, in bytes of input. A prefix longer than this cannot name
 * anything in the tables, so the lookups answer "none" without folding.
 */
#define WIKI_FOLD_MAX 256

/*
 * Lower-case the `len` bytes of UTF-8 `s` into `buf` (`cap` bytes, NUL
 * added) as MediaWiki's Language::lc() does for lookups (full Unicode
 * lower-casing; U+0130 is kept as it is, since its full lower case is two
 * characters that no table name contains). With `spaces`, '_' becomes ' '.
 * Returns the length written, or -1 for invalid UTF-8 or a result that
 * does not fit.
 */
int wiki_fold_lower(const char *s, size_t len, char *buf, size_t cap, bool spaces);

/*
 * `s` with its first character upper-cased as Language::ucfirst() does:
 * bytes below 0x60 unchanged, ASCII a-z by ASCII rules, anything else by
 * full Unicode upper-casing of the first code point ("ß" gives "SS").
 * Returns `s` itself when nothing changes, else a new string in `a`.
 */
const char *wiki_ucfirst(struct arena *a, const char *s);

#endif
