/* SPDX-License-Identifier: MIT */
/*
 * test_parser.c — the wikitext parser's pieces (src/parser): the
 * preprocessor tree as MediaWiki's XML (expected strings taken from
 * MediaWiki 1.39's action=expandtemplates&prop=parsetree), sections,
 * and hostile inputs that must stay linear (checked by finishing, with
 * sizes, never timers). Whole-page rendering is covered by
 * ./parsertests and tests/parser/.
 */
#include "../harness.h"

#include "parser/wt.h"
#include "util/arena.h"

static void xml(struct arena *a, const char *in, bool incl, const char *want, const char *name)
{
	STR_EQ(wt_parsetree_xml(a, in, strlen(in), incl, NULL), want, name);
}

static void test_tree(struct arena *a)
{
	xml(a, "{{foo|a|b=c}}", false,
	    "<root><template><title>foo</title><part><name index=\"1\"/><value>a</value></part>"
	    "<part><name>b</name><equals>=</equals><value>c</value></part></template></root>",
	    "template with positional and named arguments");
	xml(a, "== h ==\nx<!-- c -->\n{{{1|d}}}", false,
	    "<root><h level=\"2\" i=\"1\">== h ==</h>\nx<comment>&lt;!-- c --&gt;</comment>\n"
	    "<tplarg lineStart=\"1\"><title>1</title><part><name index=\"1\"/><value>d</value></part></tplarg></root>",
	    "heading, comment, argument at a line start");
	xml(a, "<pre>x</pre><nowiki>y</nowiki>", false,
	    "<root><ext><name>pre</name><attr/><inner>x</inner><close>&lt;/pre&gt;</close></ext>"
	    "<ext><name>nowiki</name><attr/><inner>y</inner><close>&lt;/nowiki&gt;</close></ext></root>",
	    "extension tags");
	xml(a, "{{a|[[b|c]]}}", false,
	    "<root><template><title>a</title><part><name index=\"1\"/><value>[[b|c]]</value></part></template></root>",
	    "a pipe inside a link does not split the argument");
	xml(a, "{{{{{x}}}}}", false, "<root><template><title><tplarg><title>x</title></tplarg></title></template></root>",
	    "five braces: an argument inside a template");
	xml(a, "-{a|b}-", false, "<root>-{a|b}-</root>", "language conversion braces stay text");
	xml(a, "a<noinclude>b</noinclude>c<includeonly>d</includeonly>", false,
	    "<root>a<ignore>&lt;noinclude&gt;</ignore>b<ignore>&lt;/noinclude&gt;</ignore>c"
	    "<ignore>&lt;includeonly&gt;d&lt;/includeonly&gt;</ignore></root>",
	    "page view: noinclude tags ignored, includeonly content hidden");
	xml(a, "a<noinclude>b</noinclude>c<includeonly>d</includeonly>", true,
	    "<root>a<ignore>&lt;noinclude&gt;b&lt;/noinclude&gt;</ignore>c<ignore>&lt;includeonly&gt;</ignore>d"
	    "<ignore>&lt;/includeonly&gt;</ignore></root>",
	    "transcluded view: noinclude hidden, includeonly tags ignored");
	xml(a, "{{a|b", false, "<root>{{a|b</root>", "an unclosed template is text");
	xml(a, "", false, "<root/>", "empty input");
}

static void test_sections(struct arena *a)
{
	const char *t = "intro\n== A ==\na\n=== A1 ===\na1\n== B ==\nb\n";
	size_t s, e;
	OK(wt_section_find(a, t, strlen(t), 2, false, &s, &e) == RC_OK && s == 16 && e == 30, "section 2 range");
	size_t n;
	struct wt_heading *h = wt_section_list(a, t, strlen(t), &n);
	OK(n == 3 && h[0].level == 2 && h[1].level == 3 && h[2].offset == 30, "heading list");
	t = "<!--\n== no ==\n-->\n== yes ==\n";
	OK(wt_section_find(a, t, strlen(t), 1, false, &s, &e) == RC_OK && s == 18, "a heading in a comment is not one");
}

/* A text of `unit` repeated to about `size` bytes, in `a`. */
static char *repeat(struct arena *a, const char *unit, size_t size, size_t *len)
{
	size_t ul = strlen(unit), n = size / ul;
	char *t = arena_alloc(a, n * ul + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(t + i * ul, unit, ul);
	t[n * ul] = '\0';
	*len = n * ul;
	return t;
}

static void test_hostile(struct arena *a)
{
	static const char *const units[] = { "{{", "[[", "{{{", "<pre>", "<!--", "{{a|", "}}", "-{", "\n=", "<ref" };
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t len;
		char *t = repeat(a, units[i], 1u << 20, &len);
		size_t xl = 0;
		const char *x = wt_parsetree_xml(a, t, len, false, &xl);
		OK(x && xl >= len, units[i]);
	}
	/* Deep nesting: 10^5 nested templates serialize without deep recursion. */
	struct arena *b = arena_new();
	size_t n = 100000;
	char *t = arena_alloc(b, 4 * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(t + 2 * i, "{{", 2);
	for (size_t i = 0; i < n; i++)
		memcpy(t + 2 * n + 2 * i, "}}", 2);
	size_t xl = 0;
	OK(wt_parsetree_xml(b, t, 4 * n, false, &xl) && xl > 4 * n, "10^5 nested templates");
	arena_free(b);
}

/* util_memmem(), the search the passes use: the same answers as memmem(). */
static void test_memmem(void)
{
	static const char *const hay[] = { "", "a", "[[", "x[[y", "[x[[", "[[[", "ab<!--c-->", "<!-<!--", "aaaab" };
	static const char *const needles[] = { "[[", "<!--", "-->", "ab", "b", "aab", "x", "" };
	bool same = true;
	for (size_t h = 0; h < sizeof(hay) / sizeof(hay[0]); h++) {
		for (size_t n = 0; n < sizeof(needles) / sizeof(needles[0]); n++) {
			size_t hl = strlen(hay[h]), nl = strlen(needles[n]);
			for (size_t from = 0; from <= hl; from++)
				same = same && util_memmem(hay[h] + from, hl - from, needles[n], nl) ==
						       memmem(hay[h] + from, hl - from, needles[n], nl);
		}
	}
	OK(same, "util_memmem finds what memmem finds");
	OK(util_memmem("abc", 2, "bc", 2) == NULL, "util_memmem stays inside the haystack");
}

int main(void)
{
	struct arena *a = arena_new();
	test_memmem();
	test_tree(a);
	test_sections(a);
	test_hostile(a);
	arena_free(a);
	return harness_done();
}
