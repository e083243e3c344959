/* SPDX-License-Identifier: MIT */
/*
 * fuzz_html.h — an HTML balance check shared by the fuzz targets whose
 * output went through tidy (sanitizer, parser): every start tag has its
 * end tag, no end tag comes before its start tag, comments and attribute
 * values are terminated, raw text elements are closed.
 */
#ifndef FUZZ_HTML_H
#define FUZZ_HTML_H

#include <strings.h>

#include "fuzz.h"

/* Elements whose contents tidy writes as raw text (no tags inside). */
static inline bool raw_text_element(const char *name, size_t n)
{
	static const char *const raw[] = { "style", "script", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext" };
	for (size_t k = 0; k < ARRAY_SIZE(raw); k++)
		if (strlen(raw[k]) == n && !strncmp(raw[k], name, n))
			return true;
	return false;
}

/*
 * Every start tag has its end tag, and no end tag comes before its start
 * tag. Attribute values are double-quoted (they may hold '>'), and the
 * contents of raw text elements are skipped.
 */
static inline void check_balanced(const char *html, size_t len)
{
	long depth = 0;
	for (size_t i = 0; i < len; i++) {
		if (html[i] != '<')
			continue;
		if (len - i >= 4 && !memcmp(html + i, "<!--", 4)) {
			const char *e = memmem(html + i + 4, len - i - 4, "-->", 3);
			FUZZ_CHECK(e, "unterminated comment in %s", html);
			i = (size_t)(e - html) + 2;
			continue;
		}
		size_t ns = i + 1 + (html[i + 1] == '/'), ne = ns;
		while (ne < len && html[ne] != ' ' && html[ne] != '>' && html[ne] != '/')
			ne++;
		/* Attributes: ' name="value"', the name anything up to '=' (its first byte may be '='). */
		size_t g = ne;
		while (g < len && html[g] == ' ' && html[i + 1] != '/' && html[i + 1] != '!') {
			if (g + 2 < len && html[g + 1] == '/' && html[g + 2] == '>')
				break;
			size_t e = g + 2;
			while (e < len && html[e] != '=')
				e++;
			FUZZ_CHECK(e + 1 < len && html[e + 1] == '"', "attribute without a quoted value at %zu of %s", g, html);
			const char *q = memchr(html + e + 2, '"', len - e - 2);
			FUZZ_CHECK(q, "unterminated attribute value at %zu of %s", g, html);
			g = (size_t)(q - html) + 1;
		}
		while (g < len && html[g] != '>')
			g++;
		FUZZ_CHECK(g < len, "unterminated tag in %s", html);
		if (html[i + 1] == '/')
			depth--;
		else if (html[i + 1] != '!' && html[g - 1] != '/')
			depth++;
		FUZZ_CHECK(depth >= 0, "end tag without start tag at %zu in %s", i, html);
		i = g;
		if (html[ns - 1] != '/' && html[g - 1] != '/' && raw_text_element(html + ns, ne - ns)) {
			/* Skip to this element's end tag. */
			size_t k = g + 1;
			size_t nl = ne - ns;
			while (k + 2 + nl < len &&
			       !(html[k] == '<' && html[k + 1] == '/' && !strncasecmp(html + k + 2, html + ns, nl) &&
				 html[k + 2 + nl] && strchr("\t\n\f />", html[k + 2 + nl])))
				k++;
			FUZZ_CHECK(k + 2 + nl < len, "raw text element not closed in %s", html);
			i = k - 1;
		}
	}
	FUZZ_CHECK(depth == 0, "%ld unclosed elements in %s", depth, html);
}

#endif
