/* SPDX-License-Identifier: MIT */
/*
 * test_tidy.c — the tidy pass (src/parser/tidy.c): HTML5 tree building
 * with MediaWiki's paragraph wrapping and output format. Each case gives
 * the input and what MediaWiki 1.39's tidy (RemexHtml with
 * RemexCompatMunger, French spaces armoured) returns for it, taken from
 * the real one. Hostile inputs are checked to finish (by size, never by
 * timing) with balanced output.
 */
#include "../harness.h"

#include "parser/sanitizer.h"
#include "util/arena.h"
#include "util/sbuf.h"

/* One case: the input and MediaWiki's output. */
struct tidy_case {
	const char *fn;    /* always "tidy" (rows made like test_sanitizer's) */
	const char *in;    /* input HTML */
	const char *extra; /* unused */
	const char *want;  /* MediaWiki's output */
	const char *name;  /* what the case shows */
};

static const struct tidy_case cases[] = {
	{ "tidy", "plain text", "", "<p>plain text</p>", "bare text is wrapped in a paragraph" },
	{ "tidy", "<p>a</p><p></p>", "", "<p>a</p><p class=\"mw-empty-elt\"></p>", "an empty paragraph is marked" },
	{ "tidy", "<b>a<p>b</b>c</p>", "",
	  "<p><b>a</b></p><b></b><p><b>b</b>c</p>",
	  "misnested formatting: the adoption agency" },
	{ "tidy", "<table><tr><td>1<td>2</table>", "",
	  "<table><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
	  "implied tbody and cell end tags" },
	{ "tidy", "<table>x<tr><td>1</td></tr></table>", "",
	  "x<table><tbody><tr><td>1</td></tr></tbody></table>",
	  "text in a table is fostered before it" },
	{ "tidy", "<ul><li>a<li>b</ul>", "", "<ul><li>a</li><li>b</li></ul>", "list items close each other" },
	{ "tidy", "<ul><li></li></ul>", "", "<ul><li class=\"mw-empty-elt\"></li></ul>", "an empty list item is marked" },
	{ "tidy", "<div>a<span>b</div>c", "",
	  "<div>a<span>b</span></div><p>c</p>",
	  "an unclosed inline element ends with its block" },
	{ "tidy", "a<div>b</div>c", "", "<p>a</p><div>b</div><p>c</p>", "text around a block is wrapped" },
	{ "tidy", "<blockquote>a<p>b</p>c</blockquote>", "",
	  "<blockquote><p>a</p><p>b</p><p>c</p></blockquote>",
	  "blockquotes wrap their text" },
	{ "tidy", "<b>x<div>y</div>z</b>", "",
	  "<p><b>x</b></p><b><div>y</div></b><p><b>z</b></p>",
	  "a block inside a wrapped formatting element splits it" },
	{ "tidy", "<span>x<div>y</div>z</span>", "",
	  "<span>x<div>y</div>z</span>",
	  "an unsplittable inline element ends the wrapper" },
	{ "tidy", "<i>a</i>\n\n<i>b</i>", "", "<p><i>a</i>\n\n<i>b</i></p>", "whitespace between inline elements" },
	{ "tidy", "<pre>\nx</pre><pre>\n\nx</pre>", "", "<pre>x</pre><pre>\n\nx</pre>", "the first newline of a pre" },
	{ "tidy", "a : b ; c ! d ? e %", "", "<p>a&#160;: b&#160;; c&#160;! d&#160;? e&#160;%</p>", "French spaces" },
	{ "tidy", "a&nbsp;b&copy;c&bogus;d&e &#x41; &#0;", "",
	  "<p>a&#160;b&#169;c&amp;bogus;d&amp;e &#x41; &amp;#0;</p>",
	  "references are normalised" },
	{ "tidy", "x\xc2\xa0y", "", "<p>x&#160;y</p>", "a no-break space is written as a reference" },
	{ "tidy", "a \xe2\x80\x93 b \xe2\x86\x91 \xc3\xa9 \xe2\x80\xb9 c \xe2\x80\xba d \xc2\xab e \xc2\xbb x\xcc\xb8", "",
	  "<p>a \xe2\x80\x93 b \xe2\x86\x91 \xc3\xa9 \xe2\x80\xb9&#160;c&#160;\xe2\x80\xba d \xc2\xab&#160;e&#160;\xc2\xbb x&#x338;</p>",
	  "dashes, arrows and letters stay; guillemets get French spaces, U+0338 a reference" },
	{ "tidy", "<br><br/><hr><wbr>", "", "<p><br /><br /></p><hr /><wbr />", "void elements" },
	{ "tidy", "</p>", "", "<p class=\"mw-empty-elt\"></p>", "a stray end p gives an empty paragraph" },
	{ "tidy", "</br>", "", "<p><br /></p>", "an end br is a br" },
	{ "tidy", "<a href=\"x\">1<a href=\"y\">2</a>", "",
	  "<p><a href=\"x\">1</a><a href=\"y\">2</a></p>",
	  "nested links close the outer one" },
	{ "tidy", "<b><b><b><b><b>x</b></b></b></b></b>", "",
	  "<p><b><b><b><b><b>x</b></b></b></b></b></p>",
	  "Noah's Ark keeps three" },
	{ "tidy", "<table><caption>c</caption><tr><th>h</th></tr></table>", "",
	  "<table><caption>c</caption><tbody><tr><th>h</th></tr></tbody></table>",
	  "captions and header cells" },
	{ "tidy", "<dl><dt>a<dd>b<dt>c</dl>", "", "<dl><dt>a</dt><dd>b</dd><dt>c</dt></dl>", "definition lists" },
	{ "tidy", "<h2>a<h3>b</h2>", "", "<h2>a</h2><h3>b</h3>", "headings close headings" },
	{ "tidy", "<div title=\"a&quot;b\" class=x>y</div>", "",
	  "<div title=\"a&quot;b\" class=\"x\">y</div>",
	  "attribute values are quoted" },
	{ "tidy", "<style>a < b</style>", "", "<style>a < b</style>", "style contents are raw" },
	{ "tidy", "<tr><td>x</td></tr>", "", "<p>x</p>", "table parts outside a table are dropped" },
	{ "tidy", "<table><tr><td>a</td></tr><tr></tr></table>", "",
	  "<table><tbody><tr><td>a</td></tr><tr class=\"mw-empty-elt\"></tr></tbody></table>",
	  "an empty row is marked" },
	{ "tidy", "<ruby>a<rb>b<rt>c</ruby>", "", "<p><ruby>a<rb>b</rb><rt>c</rt></ruby></p>", "ruby" },
	{ "tidy", "<p>a<div>b</div>", "", "<p>a</p><div>b</div>", "a div closes the open paragraph" },
	{ "tidy", "<center>a</center>b", "", "<center>a</center><p>b</p>", "center is a block" },
	{ "tidy", "<!-- c -->x", "", "<!-- c --><p>x</p>", "comments are kept" },
	{ "tidy", "<s>a\n<p>b</p>\nc</s>", "",
	  "<p><s>a\n</s></p><s><p>b</p></s><p><s>\nc</s></p>",
	  "formatting around paragraphs" },
	{ "tidy", "<i>a<table><tr><td>b</td></tr></table>c</i>", "",
	  "<p><i>a</i></p><i><table><tbody><tr><td>b</td></tr></tbody></table></i><p><i>c</i></p>",
	  "a table inside formatting" },
	{ "tidy", "<small><p>a</p></small>", "", "<small><p>a</p></small>", "a block inside a formatting element at the top" },
	{ "tidy", "<table><tr><td><b>x</td><td>y</b></td></tr></table>", "",
	  "<table><tbody><tr><td><b>x</b></td><td>y</td></tr></tbody></table>",
	  "formatting does not leak across cells" },
	{ "tidy", "a<li>b", "", "<p>a</p><li>b</li>", "a list item without a list" },
	{ "tidy", "<font color=red>a<p>b</p>c</font>", "",
	  "<p><font color=\"red\">a</font></p><font color=\"red\"><p>b</p></font><p><font color=\"red\">c</font></p>",
	  "font around a paragraph" },
};

/* Tidy `in`; the result is in `a`. */
static const char *tidy(struct arena *a, const char *in)
{
	struct sbuf sb;
	sbuf_init(&sb, 1u << 28);
	wt_tidy(a, &sb, str_c(in), true);
	const char *r = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return r;
}

static void test_cases(struct arena *a)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		STR_EQ(tidy(a, cases[i].in), cases[i].want, cases[i].name);
	struct sbuf sb;
	sbuf_init(&sb, 1u << 20);
	wt_tidy(a, &sb, STR_LIT("a : b"), false);
	STR_EQ(sbuf_cstr(&sb), "<p>a : b</p>", "French spaces only when asked for");
	sbuf_release(&sb);
}

/* Every start tag of the output has its end tag (void elements end in "/>"). */
static bool balanced(const char *html)
{
	long depth = 0;
	for (const char *p = html; (p = strchr(p, '<')) != NULL; p++) {
		const char *gt = strchr(p, '>');
		if (!gt)
			return false;
		if (p[1] == '/')
			depth--;
		else if (p[1] != '!' && gt[-1] != '/')
			depth++;
		if (depth < 0)
			return false;
		p = gt;
	}
	return depth == 0;
}

/* `unit` repeated to about `total` bytes, in `a`. */
static const char *repeat(struct arena *a, const char *unit, size_t total)
{
	size_t ul = strlen(unit), n = total / ul;
	char *t = arena_alloc(a, n * ul + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(t + i * ul, unit, ul);
	t[n * ul] = '\0';
	return t;
}

/*
 * Inputs that are quadratic for a naive tree builder (each start tag
 * scanning the whole stack or the whole formatting list). These finish;
 * a regression shows as a suite that hangs.
 */
static void test_hostile(void)
{
	static const char *const units[] = {
		"<div>", "<b>", "<table>", "<a>x", "<b>x<p>", "<li>", "<table><td>x<b>", "<span>x</div>",
		"<b class=\"1\"><b class=\"2\"><b class=\"3\"><b class=\"4\">", "<blockquote>x", "<i><b>x</i></b>",
	};
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		struct arena *a = arena_new();
		const char *out = tidy(a, repeat(a, units[i], 1u << 19));
		OK(out && *out && balanced(out), units[i]);
		arena_free(a);
	}
}

int main(void)
{
	struct arena *a = arena_new();
	test_cases(a);
	arena_free(a);
	test_hostile();
	return harness_done();
}
