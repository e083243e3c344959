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

/*
 * Inputs for inert spans (inline markup taken whole, see tidy.c): in
 * every context and every way of missing the conditions, wt_tidy() must
 * give what the tree builder gives for each tag (wt_tidy_uncut()).
 */
static const char *const inert_inputs[] = {
	/* Headings as the parser writes them, in every context (block_unwrapped() and its refusals). */
	"<h2><span class=\"mw-headline\" id=\"A\">A</span><mw:editsection page=\"P\" section=\"1\">A</mw:editsection></h2>",
	"text<h2><span class=\"mw-headline\" id=\"B\">B</span><mw:editsection page=\"P\" section=\"2\">B</mw:editsection></h2>more",
	"<b>x<h2>y<mw:editsection page=\"P\" section=\"3\">y</mw:editsection></h2>z</b>",
	"<i>a<b>x</i><h3>y<mw:editsection page=\"P\" section=\"3\">y</mw:editsection></h3>z",
	"<ul><li>a<h3>b<mw:editsection page=\"P\" section=\"4\">b</mw:editsection></h3></li></ul>",
	"<p>a<h2>b</h2>c</p><h2>a<h3>b</h3></h2><h4></h4><h5> </h5>",
	"<table><tr><td><h2>x<mw:editsection page=\"a\">b</mw:editsection></h2></td></tr></table>",
	"<table><h2>x<mw:editsection page=\"a\">b</mw:editsection></h2><tr><td>c</td></tr></table>",
	"<h2><span><mw:x>y</mw:x></span></h2><h2><mw:x><b>y</b></mw:x><mw:y>z</mw:y></h2><h2><mw:x><p>q</p></mw:x></h2>",
	"<blockquote>a<h2>b<mw:editsection page=\"P\" section=\"5\">b</mw:editsection></h2>c</blockquote>",
	"<div><b>x<h2>y<mw:editsection page=\"P\" section=\"2\">y</mw:editsection></h2></b></div>",
	"<b>x<p>y</b><h2>z<mw:editsection page=\"P\">z</mw:editsection></h2>",
	"<a href=\"x\">1<h2>2</h2>3</a><span>s<h6>t</h6>u</span><h2 id=\"x\">v</h2><h2>a : b</h2>",
	"<em><table><u><h2>x<mw:e>y</mw:e></h2></u><d>",
	/* First rows: the implied tbody, then the row inert or not. */
	"<table>\n<tr>\n<th>a</th></tr>\n<tr>\n<td>b</td></tr></table>",
	"<table class=\"w\"><caption>c</caption>\n<tr><td>x</td></tr></table>",
	"<table> x <tr><td>y</td></tr></table><table><!-- c --><tr><td>y</td></tr></table>",
	"<table><tr><td>a<div>b</div></td></tr></table><table><tr>x<td>y</td></tr></table>",
	"<b><table><tr><td>1</td></tr></table></b><table><tr></tr></table><table><tr> </tr></table>",
	"<table><td>1</td></table><table><tr><td><table><tr><td>n</td></tr></table></td></tr></table>",
	"<p>a <a href=\"/w/x\" title=\"X\">X</a> b</p>",
	"a <a href=\"x\">y</a> b",
	"<b>x <a href=\"y\">z</a></b>",
	"<b>1<b>2<b>3<i>x</i><b class=\"q\">y</b><b>z</b></b></b></b>",
	"<a href=\"x\">1</a><a href=\"x\">2</a><a href=\"x\">3</a><a href=\"x\">4</a>",
	"<b>a<p>b <span>c</span></p></b>",
	"<p><b>x</p><span>y</span><b>z</b>",
	"<b><p>x</b><span>y</span>",
	"<table><tr><td><span class=\"x\">y</span> <i>z</i></td></tr></table>",
	"<table><caption><i>c</i> <span>d</span></caption><tr><td>x</td></tr></table>",
	"<table><span>x</span><tr><td>y</td></tr></table>",
	"<table><tr><span>x</span><td>y</td></tr></table>",
	"<span>a &amp; b &#91;1&#93; &lt;&gt;&quot; &nbsp; &#0091; &#x5b; &#0; &#1114112; &bogus; & x</span>",
	"<span title=\"a&amp;b\">x</span><span title=\"a&nbsp;b\">x</span><span title=\"a&#91;b\">x</span>",
	"<span title=\"a\xc2\xa0" "b\">x</span><span title=\"a\xc2\xa9" "b\">x</span>",
	"<span title=\"x\" title=\"y\">z</span><span TITLE=\"x\">y</span><SPAN>x</SPAN><span  title=\"x\">y</span>",
	"<span title='x'>y</span><span title=x>y</span><span title>y</span><span title=\"x\" >y</span><span/>x",
	"<span>a : b ; c</span> <span>\xc2\xab x \xc2\xbb</span> <span>x\xc2\xa0y x\xcc\xb8 \xe2\x80\x93</span>",
	"<sup id=\"cite_ref-1\" class=\"reference\"><a href=\"#cite_note-1\">&#91;1&#93;</a></sup>",
	"<span>x<div>y</div>z</span>",
	"<span><span><span><span><span><span><span><span><span><span><span><span><span><span><span><span>"
	"<span><span>x</span></span></span></span></span></span></span></span></span></span></span></span>"
	"</span></span></span></span></span></span>",
	"<blockquote><span>x</span> y</blockquote>",
	"<span>x</span > <span>y</ span> <span>z</span",
	"<a href=\"x\"><b>y</b></a> <b><a href=\"x\">y</a></b> <a href=\"x\">a<a href=\"y\">b</a></a>",
	"<i>a</b>b</i> <i>a<b>b</i>c</b>",
	"<span>x<!-- c -->y</span> <span>x<br>y</span> <span>x<br />y</span> <span>x<img src=\"y\">z</span>",
	"<pre><span>x</span></pre><pre>\n<span>x</span></pre><pre><span>\nx</span></pre>",
	"<li><span>x</span> <ul><li><small>y</small></li></ul>",
	"<span>x\r\ny\n</span>",
	"<span>x",
	"<span>x</spam>y</span>",
	"<font color=\"red\">a</font> <em><em>x</em></em> <tt><code>c</code></tt>",
	"<h2><span class=\"mw-headline\" id=\"A\">A</span></h2><span>b</span>",
	"<dl><dd><span>x</span></dd></dl>",
	"<b>x<span>y<div>z</div></span></b>",
	"<p><span>a</span><div>b</div></p>",
	"<div><span>a</span></div><span>b</span>",
	"<span>a<p>b</p></span>",
	"<s>x</s><strike>y</strike><u>z</u><big>w</big><strong>v</strong><small>q</small>",
	"<nobr>x</nobr> <nobr><span>x</span></nobr> <ruby>x<rt>y</rt></ruby> <rb>x</rb>",
	"<select><span>x</span></select> <textarea><span>x</span></textarea> <style><span>x</span></style>",
	"<b><i><u><s><tt><em><strong><small><big><code><font><a href=\"x\">deep</a></font></code></big></small>"
	"</strong></em></tt></s></u></i></b>",
	"<a href=\"x\"><span>1</span></a><a href=\"x\"><span>2</span></a><a href=\"x\">3</a>",
	"<table><tr><td><b>x</td><td><span>y</span></b></td></tr></table>",
	"<span class=\"a\"></span><p></p><span></span>",
	"x<span>y</span>\n\n<span>z</span>",
	"<table><tr><td>x</td><td><b>y</b></td></tr></table>",
	"<table>\n<tr>\n<td>a\n</td>\n<td>b\n</td></tr>\n<tr>\n<th scope=\"row\">h</th><td></td></tr></table>",
	"<table><tr><td>a<p>b</p></td><td>c<br />d</td></tr></table>",
	"<b><table><tr><td>x <i>y</i> <b>z</b></td></tr></table></b>",
	"<table><tr><td>x</td> y <td>z</td></tr></table>",
	"<table><td>x</td><th>y</th></table>",
	"<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>",
	"<table><tr><td><li>x</li></td><td><p>y</p></td></tr></table>",
	"<table><caption>c</caption><tr><td>x</td></tr><tr><td>b</td></tr></table><p>y</p>",
	"<ul><li>a</li><li></li><li> </li><li><span></span></li><li class=\"x\"></li></ul>",
	"<ul><li>a<li>b</ul> <ul><li>a<ul><li>b</li></ul></li></ul> <ol><li><p>x</p></li></ol>",
	"<p>a</p><p></p><p> </p><p><span>x</span></p><p class=\"y\"></p>",
	"<p><b>x</p><p>y</p><li>z</li>",
	"<b>x<p>y</p></b><p>a<p>b</p>",
	"<dl><dt>a</dt><dd>b</dd><dd></dd></dl><dl><dd>a<dd>b</dl><dl><dt>x<dd>y</dt></dl>",
	"a<li>b</li>c<blockquote><p>x</p></blockquote><li>x</li>",
	"<div><p>x</p></div><button><p>x</p></button><p><button>y</button></p>",
	"<h2>a</h2><p>b</p><h3><p>c</p></h3>",
	"<table>\n<tr>\n<td>a</td></tr>\n<tr class=\"r\">\n<th>b</th>\n<td>c <i>d</i>\n</td>\n</tr>\n<tr></tr><tr> </tr>"
	"<tr>x<td>y</td></tr><tr><td>1</td> 2 </tr><tr><td><p>z</p></td></tr><tr><div>q</div></tr></table>",
	"<table><thead><tr><th>h</th></tr></thead><tfoot><tr><td>f</td></tr></tfoot><tbody><tr><td>b</td></tr></tbody></table>",
	"<table><tr><td>a</td></tr><tr><td>b</td><tr><td>c</td></tr></table>",
	"<b><table><tr><td>a</td></tr><tr><td><b>x</b></td></tr></table></b>",
	"<table><tr><td>a</td></tr><!-- c --><tr><td>b<!-- d --></td></tr><tr>\0<td>n</td></tr></table>",
	"<abbr title=\"x\">y</abbr><cite>c</cite><q>q</q><var>v</var><kbd>k</kbd><samp>s</samp><bdi>b</bdi>"
	"<sub>1</sub><sup>2</sup><ins>i</ins><del>d</del><mark>m</mark><time>t</time><data value=\"1\">d</data>",
};

/* wt_tidy() and wt_tidy_uncut() give the same for in[0..len). */
static void same_uncut(struct arena *a, const char *in, size_t len, bool french, const char *name)
{
	struct sbuf fast, slow;
	sbuf_init(&fast, 1u << 20);
	sbuf_init(&slow, 1u << 20);
	wt_tidy(a, &fast, (struct str){ in, len }, french);
	wt_tidy_uncut(a, &slow, (struct str){ in, len }, french);
	STR_EQ(sbuf_cstr(&fast), sbuf_cstr(&slow), name);
	sbuf_release(&fast);
	sbuf_release(&slow);
}

static void test_inert(struct arena *a)
{
	for (int french = 0; french < 2; french++) {
		const char *fs = french ? ", French spaces" : "";
		for (size_t i = 0; i < ARRAY_SIZE(inert_inputs); i++)
			same_uncut(a, inert_inputs[i], strlen(inert_inputs[i]), french,
				   arena_printf(a, "inert spans: input %zu as without them%s", i, fs));
		for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
			same_uncut(a, cases[i].in, strlen(cases[i].in), french,
				   arena_printf(a, "inert spans: %s, as without them%s", cases[i].name, fs));
		static const char nul[] = "<span>a\0b</span> <span>\0 ?</span>";
		same_uncut(a, nul, sizeof(nul) - 1, french, arena_printf(a, "inert spans: NULs, as without them%s", fs));
	}
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
		"<span>x", "<span><a href=\"x\">y</a>", "<span>x</span>", "<b><span>x</span><i>",
	};
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		struct arena *a = arena_new();
		const char *out = tidy(a, repeat(a, units[i], 1u << 19));
		OK(out && *out && balanced(out), units[i]);
		arena_free(a);
	}
}

/*
 * A block fostered out of a paragraph wrapper by the adoption agency keeps
 * the wrapper as its ancestor; a block inserted under it later must not
 * move the tree's root under the wrapper's parent (the tree became a cycle
 * and the serializer never returned).
 */
static void test_moved_out_of_wrapper(void)
{
	static const char *const ins[] = {
		"<em><table><u><button></u><d>",
		"<b><table><i><button></i><div>x</div>y",
		"<em><table><u><button></u><d><em><table><u><button></u><d>",
	};
	for (size_t i = 0; i < ARRAY_SIZE(ins); i++) {
		struct arena *a = arena_new();
		const char *out = tidy(a, ins[i]);
		OK(out && balanced(out), arena_printf(a, "moved out of its wrapper: %s ends balanced", ins[i]));
		same_uncut(a, ins[i], strlen(ins[i]), true,
			   arena_printf(a, "moved out of its wrapper: %s as without inert spans", ins[i]));
		arena_free(a);
	}
	struct arena *a = arena_new();
	STR_EQ(tidy(a, ins[0]), "<em><button><u></u><d></d></button><table></table></em><p><em><u></u></em></p>",
	       "moved out of its wrapper: the block stays where the adoption agency put it");
	arena_free(a);
}

int main(void)
{
	struct arena *a = arena_new();
	test_cases(a);
	test_inert(a);
	arena_free(a);
	test_hostile();
	test_moved_out_of_wrapper();
	return harness_done();
}
