/* SPDX-License-Identifier: MIT */
/*
 * fuzz_section.c — the section splitter (src/wiki/section.c) on arbitrary
 * wikitext. Input: one byte of flags (bit 0: the transcluded view), one
 * byte giving how many sections to visit, then the text; bytes after the
 * first NUL of the text are the replacement for wiki_section_replace().
 * The text before the NUL also goes to both section-id readers and to
 * the redirect reader.
 *
 * Invariants: a found section is a range inside the text that starts at
 * a line beginning with '=' (section 0 at offset 0); a section read
 * back after being replaced by its own text is unchanged, unless the text
 * has a '\v' or '\r' (reading trims them like PHP's rtrim() while a
 * heading line may not end in them) or ends inside an unclosed comment,
 * <includeonly>, <noinclude> or <onlyinclude> (the heading before it
 * closes at the end of the text, where the trimmed newline decided it):
 * MediaWiki splits those the same way; replacement keeps the text before
 * the section.
 */
#include <strings.h>

#include "fuzz.h"

#include "wiki/wiki.h"

/* memmem() ignoring ASCII case. */
static const char *find_ci(const char *h, size_t hl, const char *n)
{
	size_t nl = strlen(n);
	for (size_t i = 0; nl <= hl && i <= hl - nl; i++)
		if (strncasecmp(h + i, n, nl) == 0)
			return h + i;
	return NULL;
}

/*
 * Does `open` occur with no `close` after its last occurrence? The close
 * is looked for after the whole opener, as the preprocessor does: "<!-->"
 * opens a comment that "-->" inside it does not close. A closing tag
 * (`tag` set) is "</name" with only white space before its '>', so
 * "</noincludex>" closes nothing.
 */
static bool unclosed(const char *t, size_t len, const char *open, const char *close, bool tag)
{
	const char *last = NULL;
	for (const char *p = t; (p = find_ci(p, len - (size_t)(p - t), open)); p++)
		last = p;
	if (!last)
		return false;
	const char *end = t + len;
	for (const char *p = last + strlen(open); (p = find_ci(p, (size_t)(end - p), close)); p++) {
		if (!tag)
			return false;
		const char *q = p + strlen(close);
		while (q < end && *q && strchr(" \t\n\r\f", *q))
			q++;
		if (q < end && *q == '>')
			return false;
	}
	return true;
}

/*
 * Does the text end inside something that runs to its end when unclosed
 * (a comment, <includeonly>, <noinclude>, <onlyinclude>)? A heading before
 * it closes only at the end of the text (the preprocessor's past-the-end
 * run), on the text's last characters.
 */
static bool runs_to_end(const char *t, size_t len)
{
	return unclosed(t, len, "<!--", "-->", false) || unclosed(t, len, "<includeonly", "</includeonly", true) ||
	       unclosed(t, len, "<noinclude", "</noinclude", true) ||
	       unclosed(t, len, "<onlyinclude", "</onlyinclude", true);
}

/* Check one section `n` of `t` (len bytes) and its replacement by `repl`. */
static void visit(struct arena *a, const char *t, size_t len, long n, bool tr, const char *repl, size_t repl_len)
{
	size_t s, e;
	if (wiki_section_find(a, t, len, n, tr, &s, &e) != RC_OK)
		return;
	FUZZ_CHECK(s <= e && e <= len, "section %ld is [%zu, %zu) of %zu bytes", n, s, e, len);
	if (n == 0)
		FUZZ_CHECK(s == 0, "section 0 starts at %zu", s);
	else
		FUZZ_CHECK(t[s] == '=' && (s == 0 || t[s - 1] == '\n'), "section %ld starts mid-line at %zu", n, s);

	const char *body;
	size_t body_len;
	FUZZ_CHECK(wiki_section_get(a, t, len, n, tr, &body, &body_len) == RC_OK, "get fails after find");
	FUZZ_CHECK(body == t + s && body_len <= e - s, "get gives %zu bytes of [%zu, %zu)", body_len, s, e);

	char *out;
	size_t out_len;
	FUZZ_CHECK(wiki_section_replace(a, t, len, n, tr, repl, repl_len, &out, &out_len) == RC_OK,
		   "replace fails after find");
	FUZZ_CHECK(out[out_len] == '\0', "replacement not terminated");
	FUZZ_CHECK(memcmp(out, t, MIN(s, out_len)) == 0, "replacement changed the text before section %ld", n);

	/* Putting a section's own text back leaves that section as it was. */
	if (memchr(t, '\v', len) || memchr(t, '\r', len) || runs_to_end(t, len))
		return;
	FUZZ_CHECK(wiki_section_replace(a, t, len, n, tr, body, body_len, &out, &out_len) == RC_OK,
		   "self-replace fails");
	const char *again;
	size_t again_len;
	FUZZ_CHECK(wiki_section_get(a, out, out_len, n, tr, &again, &again_len) == RC_OK,
		   "section %ld vanished after being replaced by itself", n);
	FUZZ_CHECK(again_len == body_len && memcmp(again, body, body_len) == 0,
		   "section %ld changed after being replaced by itself", n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	bool tr = data[0] & 1;
	long visits = data[1] % 32;
	const char *t = (const char *)data + 2;
	size_t len = size - 2;
	const char *nul = memchr(t, '\0', len);
	const char *repl = nul ? nul + 1 : "";
	size_t repl_len = nul ? (size_t)(t + len - repl) : 0;
	if (nul)
		len = (size_t)(nul - t);

	struct arena *a = arena_new();
	/* The splitter takes a length; give it an exact-size copy so ASan sees overreads. */
	char *text = xmalloc(len ? len : 1);
	memcpy(text, t, len);
	for (long n = 0; n <= visits; n++)
		visit(a, text, len, n, tr, repl, repl_len);
	visit(a, text, len, -1, tr, repl, repl_len);

	const char *id = arena_strndup(a, t, len);
	long n;
	bool transcluded;
	if (wiki_section_id(id, &n, &transcluded) == RC_OK)
		FUZZ_CHECK(n >= 0, "section id \"%s\" gives %ld", id, n);
	wiki_section_id_lax(id, &n, &transcluded);
	/* The same text as a page: its redirect target, read on every save. */
	wiki_redirect_target(a, id);
	xfree(text);
	arena_free(a);
	return 0;
}
