/* SPDX-License-Identifier: MIT */
/*
 * fuzz_sanitizer.c — the HTML sanitizer and the tidy pass
 * (src/parser/sanitizer.c, tidy.c) on arbitrary wikitext. The first byte
 * picks what the rest is fed to: the tag filter of the main pass followed
 * by tidy (most inputs), the table attribute fixer for a few elements,
 * the CSS check, or tidy alone on raw bytes (which must come out
 * balanced).
 *
 * The one property that matters is checked on every output: whatever a
 * user types, the HTML that comes out has
 *   - every '<' opening or closing a tag on the wikitext allow-list
 *     (never <script>, <style>, <a>, <img>, <iframe>, …);
 *   - inside a tag only  name="value"  pairs, with no '"', '<' or '>'
 *     inside a value (nothing breaks out of an attribute);
 *   - no event-handler attribute (on…);
 *   - no href/src/poster value that a browser would read as a
 *     javascript:, vbscript: or data: URL (after decoding references and
 *     dropping the whitespace and controls browsers ignore);
 *   - no style value a browser would read as expression(), url(),
 *     image() or image-set().
 */
#include "fuzz.h"
#include "fuzz_html.h"

#include <ctype.h>
#include <strings.h>

#include "parser/sanitizer.h"
#include "util/charref.h"
#include "util/sbuf.h"

/* The value as a browser reads it: references decoded, controls and spaces gone, lower case. */
static char *browser_url(struct arena *a, const char *v, size_t len)
{
	char *d = charref_decode(a, v, len, NULL);
	size_t n = 0;
	for (char *p = d; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7f)
			continue;
		d[n++] = (char)tolower(c);
	}
	d[n] = '\0';
	return d;
}

/* CSS as a browser reads it: references decoded, then CSS escapes, lower case. */
static char *browser_css(struct arena *a, const char *v, size_t len)
{
	char *d = charref_decode(a, v, len, NULL);
	char *o = arena_alloc(a, strlen(d) * 4 + 1);
	size_t n = 0;
	for (const char *p = d; *p;) {
		if (*p == '\\' && isxdigit((unsigned char)p[1])) {
			unsigned long cp = 0;
			int k = 0;
			for (p++; k < 6 && isxdigit((unsigned char)*p); k++, p++)
				cp = cp * 16 + (unsigned long)(isdigit((unsigned char)*p) ? *p - '0' : (tolower(*p) - 'a' + 10));
			if (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			n += charref_put_utf8(o + n, cp ? cp : 0xfffd);
		} else if (*p == '\\' && p[1]) {
			o[n++] = p[1];
			p += 2;
		} else {
			o[n++] = (char)tolower((unsigned char)*p);
			p++;
		}
	}
	o[n] = '\0';
	/* Comments do not join tokens in CSS; drop them so "ur/ * * /l(" is not a false alarm. */
	for (char *c; (c = strstr(o, "/*")) != NULL;) {
		char *e = strstr(c + 2, "*/");
		if (!e) {
			*c = '\0';
			break;
		}
		memset(c, ' ', (size_t)(e + 2 - c));
	}
	return o;
}

/* Check one attribute of an output tag. */
static void check_attr(struct arena *a, const char *name, size_t nlen, const char *v, size_t vlen, const char *html)
{
	char *nm = arena_strndup(a, name, nlen);
	FUZZ_CHECK(!(nlen >= 2 && tolower((unsigned char)nm[0]) == 'o' && tolower((unsigned char)nm[1]) == 'n'),
		   "event handler attribute %s in %s", nm, html);
	if (!strcmp(nm, "href") || !strcmp(nm, "src") || !strcmp(nm, "poster")) {
		char *u = browser_url(a, v, vlen);
		FUZZ_CHECK(strncmp(u, "javascript:", 11) && strncmp(u, "vbscript:", 9) && strncmp(u, "data:", 5),
			   "script URL in %s=\"%.*s\" in %s", nm, (int)vlen, v, html);
	}
	if (!strcmp(nm, "style")) {
		char *c = browser_css(a, v, vlen);
		FUZZ_CHECK(!strstr(c, "expression") && !strstr(c, "url(") && !strstr(c, "image(") &&
				   !strstr(c, "image-set("),
			   "unsafe CSS \"%.*s\" in %s", (int)vlen, v, html);
	}
}

/* Tags tidy adds on its own: implied table sections and wrapper paragraphs. */
static bool tidy_tag(struct str name)
{
	return str_eq(name, "tbody") || str_eq(name, "p");
}

/* Walk the output: text, and tags that must be well-formed and allowed. */
static void check_html(struct arena *a, const char *html, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (html[i] != '<') {
			FUZZ_CHECK(html[i] != '>', "unescaped '>' in text at %zu of %s", i, html);
			i++;
			continue;
		}
		i++;
		if (i < len && html[i] == '/')
			i++;
		size_t ns = i;
		while (i < len && (islower((unsigned char)html[i]) || isdigit((unsigned char)html[i])))
			i++;
		struct str name = { html + ns, i - ns };
		FUZZ_CHECK(wt_san_is_allowed_tag(name) || tidy_tag(name), "tag <%.*s> is not allowed, in %s", (int)name.len,
			   name.p, html);
		for (;;) {
			FUZZ_CHECK(i < len, "unterminated tag in %s", html);
			if (html[i] == '>') {
				i++;
				break;
			}
			if (html[i] == '/' && i + 1 < len && html[i + 1] == '>') {
				i += 2;
				break;
			}
			if (html[i] == ' ' && i + 2 < len && html[i + 1] == '/' && html[i + 2] == '>') {
				i += 3; /* tidy writes void elements as <br /> */
				break;
			}
			FUZZ_CHECK(html[i] == ' ', "junk in a tag at %zu of %s", i, html);
			i++;
			size_t as = i;
			while (i < len && html[i] != '=' && html[i] != ' ' && html[i] != '>' && html[i] != '"' && html[i] != '<')
				i++;
			FUZZ_CHECK(i > as && i + 1 < len && html[i] == '=' && html[i + 1] == '"',
				   "attribute without a quoted value at %zu of %s", as, html);
			size_t an = i - as;
			i += 2;
			size_t vs = i;
			while (i < len && html[i] != '"') {
				FUZZ_CHECK(html[i] != '<' && html[i] != '>', "'%c' inside an attribute value of %s", html[i],
					   html);
				i++;
			}
			FUZZ_CHECK(i < len, "unterminated attribute value in %s", html);
			check_attr(a, html + as, an, html + vs, i - vs, html);
			i++;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	struct arena *a = arena_new();
	struct str in = { (const char *)data + 1, size - 1 };
	struct sbuf sb;
	sbuf_init(&sb, 64u << 20);
	static const char *const elements[] = { "table", "tr", "td", "th", "div", "span", "a", "link" };
	switch (data[0] % 8) {
	case 0: {
		/* The attributes of one element, written inside a tag of it. */
		const char *el = elements[(data[0] >> 3) % ARRAY_SIZE(elements)];
		if (!strcmp(el, "a") || !strcmp(el, "link"))
			el = "span"; /* not wikitext tags, but their attributes are still checked below */
		sbuf_addf(&sb, "<%s", el);
		wt_san_fix_attrs(a, &sb, in, str_c(elements[(data[0] >> 3) % ARRAY_SIZE(elements)]), NULL);
		sbuf_adds(&sb, ">");
		check_html(a, sbuf_cstr(&sb), sb.len);
		break;
	}
	case 1: {
		struct str css = wt_san_check_css(a, in);
		sbuf_adds(&sb, "<span style=\"");
		wt_san_safe_encode_value(&sb, css, NULL);
		sbuf_adds(&sb, "\">");
		check_html(a, sbuf_cstr(&sb), sb.len);
		break;
	}
	case 2:
		/* Tidy alone, on anything: it must not crash and must balance. */
		wt_tidy(a, &sb, in, true);
		check_balanced(sbuf_cstr(&sb), sb.len);
		break;
	default:
		if (wt_san_remove_html_tags(a, &sb, in, NULL, NULL, NULL) == RC_OK) {
			check_html(a, sbuf_cstr(&sb), sb.len);
			struct sbuf tidied;
			sbuf_init(&tidied, 64u << 20);
			wt_tidy(a, &tidied, (struct str){ sbuf_cstr(&sb), sb.len }, true);
			check_html(a, sbuf_cstr(&tidied), tidied.len);
			check_balanced(sbuf_cstr(&tidied), tidied.len);
			sbuf_release(&tidied);
		}
		break;
	}
	sbuf_release(&sb);
	arena_free(a);
	return 0;
}
