/* SPDX-License-Identifier: MIT */
/*
 * test_section.c — the section splitter (src/wiki/section.c): which
 * ranges the sections of a text are, and that hostile texts are split in
 * linear time. Inputs like 2 MiB of "{{" or of unclosed "<nowiki>" used
 * to make every position search to the end of the text (found while
 * fuzzing; minutes of CPU per request before the fix).
 */
#include "../harness.h"

#include "util/arena.h"
#include "wiki/wiki.h"

/* Section `n` of `text` read back, or NULL when there is none; in `a`. */
static const char *section(struct arena *a, const char *text, long n, bool transcluded)
{
	const char *out;
	size_t len;
	if (wiki_section_get(a, text, strlen(text), n, transcluded, &out, &len) != RC_OK)
		return NULL;
	return arena_strndup(a, out, len);
}

static void test_ranges(struct arena *a)
{
	const char *t = "intro\n== A ==\na\n=== A1 ===\na1\n== B ==\nb\n";
	STR_EQ(section(a, t, 0, false), "intro", "section 0 is the text before the first heading");
	STR_EQ(section(a, t, 1, false), "== A ==\na\n=== A1 ===\na1", "a section runs to the next heading of its level");
	STR_EQ(section(a, t, 2, false), "=== A1 ===\na1", "a subsection");
	STR_EQ(section(a, t, 3, false), "== B ==\nb", "the last section runs to the end");
	OK(section(a, t, 4, false) == NULL, "no section 4");

	t = "x\n{{tpl|\n== In ==\n}}\n<nowiki>\n== No ==\n</nowiki>\n== Out ==\ny";
	OK(section(a, t, 1, false) == NULL, "a heading inside a template call cannot be read");
	STR_EQ(section(a, t, 2, false), "== Out ==\ny", "a heading inside <nowiki> is not counted");
	t = "{{a\n== H ==\nb";
	STR_EQ(section(a, t, 1, false), "== H ==\nb", "an unclosed {{ is text");
	t = "<nowiki>\n== H ==\nb";
	STR_EQ(section(a, t, 1, false), "== H ==\nb", "an unclosed <nowiki> is text");
	t = "<noinclude>\n== N ==\n</noinclude>\n== S ==\ns";
	STR_EQ(section(a, t, 1, true), "== S ==\ns", "the transcluded view skips <noinclude>");
	STR_EQ(section(a, t, 2, false), "== S ==\ns", "the read view counts it");

	/*
	 * An unclosed comment runs to the end of the text, and the heading it
	 * follows closes only there: on the text's last characters, so a
	 * final newline (which reading a section trims) decides it. The
	 * oracle (MediaWiki 1.39) splits both texts the same way.
	 */
	t = "==a====a==<!--\t\n==c==\n";
	OK(section(a, t, 1, false) == NULL, "an unclosed comment then a newline at the end: no heading");
	STR_EQ(section(a, t, 0, false), "==a====a==<!--\t\n==c==", "so it is all section 0");
	t = "==a====a==<!--\t\n==c==";
	STR_EQ(section(a, t, 1, false), t, "without the final newline the first line is a heading");
	STR_EQ(section(a, t, 0, false), "", "and section 0 is empty");
}

/*
 * Split a text of `unit` repeated to 2 MiB (plus `tail`): no heading is
 * found. The old quadratic scan took minutes on these; tests never time
 * anything (bench/ does), but a regression shows as a suite that hangs.
 */
static void check_linear(struct arena *a, const char *unit, const char *tail, const char *name)
{
	size_t ul = strlen(unit), tl = strlen(tail), n = (2u << 20) / ul;
	char *t = arena_alloc(a, n * ul + tl + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(t + i * ul, unit, ul);
	memcpy(t + n * ul, tail, tl + 1);
	size_t s, e;
	OK(wiki_section_find(a, t, n * ul + tl, 1, false, &s, &e) != RC_OK, name);
}

int main(void)
{
	struct arena *a = arena_new();
	test_ranges(a);
	check_linear(a, "{{", "", "2 MiB of {{ without }}");
	check_linear(a, "{{", "}}", "2 MiB of {{ with one }} at the end");
	check_linear(a, "<nowiki>", "", "2 MiB of unclosed <nowiki>");
	check_linear(a, "<nowiki ", ">", "2 MiB of <nowiki with one > at the end");
	check_linear(a, "<pre>x", "", "2 MiB of unclosed <pre>");
	arena_free(a);
	return harness_done();
}
