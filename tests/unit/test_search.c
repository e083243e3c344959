/* SPDX-License-Identifier: MIT */
/*
 * test_search.c — the search layer (wiki/search.c) without a database:
 * query parsing (words, phrases, prefixes, exclusion, intitle:,
 * incategory:), MediaWiki's snippets (lines, context and ellipses,
 * escaping, marks), highlighting of titles, headings and categories,
 * and PHP's word count.
 */
#include <stdio.h>

#include "../harness.h"
#include "store/store.h"
#include "util/config.h"
#include "wiki/wiki.h"

static void test_parse(struct arena *a)
{
	struct wiki_search q;
	wiki_search_parse(a, "Fox \"Brown Dog\" dom* -cat intitle:beta incategory:Big_cats|Small -\"x y\"", false, &q);
	INT_EQ(q.n_terms, 6, "six terms");
	STR_EQ(q.terms[0].text, "fox", "a word, lower-cased");
	OK(q.terms[1].is_phrase && streq(q.terms[1].text, "brown dog"), "a phrase");
	OK(q.terms[2].is_prefix && streq(q.terms[2].text, "dom"), "a prefix");
	OK(q.terms[3].is_negated && streq(q.terms[3].text, "cat"), "an excluded word");
	OK(q.terms[4].field == STORE_SEARCH_TITLE && streq(q.terms[4].text, "beta"), "intitle:");
	OK(q.terms[5].is_negated && q.terms[5].is_phrase, "an excluded phrase");
	INT_EQ(q.n_categories, 1, "one category condition");
	STR_EQ(q.categories[0], "Big_cats|Small", "incategory: with alternatives, as dbkeys");
	INT_EQ(q.n_marks, 4, "marks for the positive terms only");
	STR_EQ(q.marks[2], "\\bdom", "a prefix is marked from a word start");
	wiki_search_parse(a, "... -- * \"\"", false, &q);
	INT_EQ(q.n_terms, 0, "punctuation alone is no term");
	wiki_search_parse(a, "word", true, &q);
	OK(q.terms[0].field == STORE_SEARCH_TITLE, "title-only search");
}

static void test_snippets(struct arena *a)
{
	struct wiki_search q;
	wiki_search_parse(a, "fox", false, &q);
	STR_EQ(wiki_search_snippet(a, &q, "a\nThe Fox & <b>fox</b>'s den.\nno\nfox again\nfox third"),
	       "The <span class='searchmatch'>Fox</span> &amp; &lt;b&gt;<span class='searchmatch'>fox</span>&lt;/b&gt;&#039;s den.\n"
	       "<span class='searchmatch'>fox</span> again\n",
	       "two lines, escaped, every match marked without regard to case");
	STR_EQ(wiki_search_snippet(a, &q, "The Fox here"), "The <span class='searchmatch'>Fox</span> here\n",
	       "ASCII case is ignored");
	STR_EQ(wiki_search_snippet(a, &q, "foxes and firefox"), "", "whole words only");
	const char *pre = "0123456789012345678901234567890123456789012345678901234567890123456789012345678 end";
	char *text = arena_printf(a, "%s fox %s", pre, pre);
	const char *s = wiki_search_snippet(a, &q, text);
	OK(strncmp(s, "\xe2\x80\xa6", 3) == 0, "long context before: cut with an ellipsis");
	OK(strstr(s, "<span class='searchmatch'>fox</span> 0123") != NULL, "the match is kept");
	/* After the match MediaWiki keeps 76 bytes; cutting that to 75 and an ellipsis would not be shorter. */
	OK(strstr(s, "</span> 012345678901234567890123456789012345678901234567890123456789012345678901234\n"),
	   "context after: 76 bytes, no ellipsis");
	wiki_search_parse(a, "\"brown dog\" dom*", false, &q);
	STR_EQ(wiki_search_snippet(a, &q, "A domestic brown dog."),
	       "A <span class='searchmatch'>dom</span>estic <span class='searchmatch'>brown dog</span>.\n",
	       "phrases and prefixes are marked");
	wiki_search_parse(a, "", false, &q);
	STR_EQ(wiki_search_snippet(a, &q, "text"), "", "no terms, no snippet");
}

static void test_highlight(struct arena *a)
{
	struct wiki_search q;
	wiki_search_parse(a, "habitat cats", false, &q);
	STR_EQ(wiki_search_highlight(a, &q, "Cats & dogs"), "<span class='searchmatch'>Cats</span> &amp; dogs",
	       "a title with a match");
	STR_EQ(wiki_search_highlight(a, &q, "Dogs"), "", "a title without one");
	const char *title = NULL, *snip = NULL;
	OK(wiki_search_section(a, &q, "Intro\n== History ==\nx\n=== Their habitat ===\n", &title, &snip),
	   "a heading with a match");
	STR_EQ(title, "Their habitat", "its text");
	STR_EQ(snip, "Their <span class='searchmatch'>habitat</span>", "marked");
	OK(!wiki_search_section(a, &q, "Habitat in text\n== Other ==", &title, &snip), "text lines are no headings");
	STR_EQ(wiki_search_category_snippet(a, &q, "x [[Category:Big cats|sort]] [[Category:Dogs]]"),
	       "Big <span class='searchmatch'>cats</span>", "a category with a match");
	STR_EQ(wiki_search_category_snippet(a, &q, "[[cats]] [[Category:Dogs]]"), "", "links are no categories");
}

static void test_wordcount(void)
{
	INT_EQ(wiki_search_wordcount("Short page about a fox."), 5, "five words");
	INT_EQ(wiki_search_wordcount("it's well-known"), 2, "' and - inside words");
	INT_EQ(wiki_search_wordcount("a1b2 3"), 2, "digits separate words");
	INT_EQ(wiki_search_wordcount("-x- y-"), 2, "leading - and trailing - of the text are not counted");
	INT_EQ(wiki_search_wordcount("Zürich"), 2, "only ASCII letters are letters");
	INT_EQ(wiki_search_wordcount(""), 0, "empty");
}

int main(void)
{
	config_defaults();
	struct arena *a = arena_new();
	test_parse(a);
	test_snippets(a);
	test_highlight(a);
	test_wordcount();
	arena_free(a);
	return harness_done();
}
