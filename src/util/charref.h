/* SPDX-License-Identifier: MIT */
/*
 * charref.h — HTML character references as MediaWiki's Sanitizer reads
 * them in wikitext: "&name;" (an HTML5 name, the ';' required), "&#NNN;"
 * and "&#xHHH;". One scanner recognises the syntax; decoding (titles,
 * edit summaries, attribute values) and the wikitext sanitizer's
 * normalisation are built on it.
 */
#ifndef CHARREF_H
#define CHARREF_H

#include "util.h"
#include "sbuf.h"

struct arena;

/* What charref_scan() found. */
enum charref_kind {
	CHARREF_NAMED = 1, /* &name; (known or not: see `text`) */
	CHARREF_DECIMAL,   /* &#NNN; */
	CHARREF_HEX,       /* &#xHHH; or &#XHHH; */
};

/* One reference recognised at the start of a text. */
struct charref {
	enum charref_kind kind; /* which form */
	size_t len;             /* bytes from '&' through ';' */
	struct str name;        /* NAMED: the name between '&' and ';' */
	const char *text;       /* NAMED: its UTF-8 text, NULL when HTML5 has no such name */
	uint64_t cp;            /* DECIMAL/HEX: the code point (huge numbers saturate, stay invalid) */
};

/*
 * Recognise a reference at s[0] (which should be '&') within `len` bytes,
 * as MediaWiki's pattern does: a named reference is tried first, then a
 * numeric one. Fills `ref` and returns its length, or 0 when s[0] starts
 * no reference (a bare '&').
 */
size_t charref_scan(const char *s, size_t len, struct charref *ref);

/*
 * Decode "&name;", "&#NNN;" and "&#xHHH;" in the `len` bytes of `s` as
 * MediaWiki's Sanitizer::decodeCharReferences(): HTML5 named references
 * (with ';' only), numeric ones outside XML's allowed characters become
 * U+FFFD, unknown names and bare '&' stay. Returns a new string in `a`;
 * `*n_refs` (if not NULL) gets how many '&' were seen, which is what
 * decides whether MediaWiki normalizes the result afterwards.
 */
char *charref_decode(struct arena *a, const char *s, size_t len, size_t *n_refs);

/*
 * The UTF-8 text of the HTML5 named reference `name` (without '&' and ';',
 * case-sensitive), or NULL when there is none. The Hebrew and Arabic
 * spellings of "rlm" that MediaWiki accepts are included. Static storage.
 */
const char *charref_named(const char *name, size_t len);

/*
 * True for the code points a reference may stand for in both HTML5 and
 * XML (Sanitizer::validateCodepoint): tab, newline, printable ASCII and
 * everything from U+00A0 except surrogates, U+FFFE and U+FFFF.
 */
bool charref_valid_codepoint(uint64_t cp);

/*
 * Write `cp` as UTF-8 into `out` (room for 4 bytes), or U+FFFD when it is
 * not a valid code point by charref_valid_codepoint(); returns the length.
 */
size_t charref_put_utf8(char *out, uint64_t cp);

/*
 * Append to `out` the `len` bytes of `s` with their references decoded as
 * an HTML5 tokenizer decodes them in text (RemexHtml with errors
 * ignored), which is not how the Sanitizer does: the ';' may be missing
 * after a number and after the legacy names ("&copy", "&amp"), the
 * longest legacy name a run of letters begins with is taken ("&notit;"
 * is the "not" sign and "it;"), leading zeros do not count, and
 * numbers map as the HTML5 standard says (U+FFFD for NUL, surrogates and
 * too-large ones, Windows-1252 for most of U+0080..U+009F, other controls
 * as they are). MediaWiki's own "rlm" aliases are not known here.
 */
void charref_decode_html5(struct sbuf *out, const char *s, size_t len);

/*
 * True when charref_decode_html5() would read s[0] == '&' (within `len`
 * bytes) as a legacy name without its ';' ("&copy 2020", "&ampx"): the
 * '&'s Parser::stripAltText() escapes before stripping tags, because
 * wikitext has always wanted the ';'.
 */
bool charref_html5_legacy_at(const char *s, size_t len);

#endif
