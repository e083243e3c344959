/* SPDX-License-Identifier: MIT */
/*
 * test_pathological.c — hostile pages through the whole parser
 * (wt_parse): 10^5 quotes, brackets, table cells, list levels, nested
 * elements, headings, unclosed braces, and template bombs. Each must
 * finish (a quadratic pass on 10^5 units would not, within the suite's
 * patience) with output and memory linear in the input, which is checked
 * with sizes, never with timers: the HTML is at most a constant factor
 * of the input, and the arena of an input twice as long holds at most
 * about twice as much.
 *
 * The host is in memory: Template:A..D are the templates of a case, the
 * site is the wiki's own (built from the default configuration).
 */
#include "../harness.h"

#include <stdio.h>

#include "parser/wt.h"
#include "util/arena.h"
#include "util/config.h"
#include "wiki/wiki.h"

/* Units in each hostile input (the 10^5). */
#define UNITS 100000

/* HTML bytes per input byte at most (a heading line grows the most: edit link and TOC line). */
#define GROWTH 512

/* The templates of the running case: Template:A..D, NULL when absent. */
static const char *templates[4];

static const char *template_of(const struct wt_title *t)
{
	if (t->ns != WT_NS_TEMPLATE || strlen(t->dbkey) != 1 || t->dbkey[0] < 'A' || t->dbkey[0] > 'D')
		return NULL;
	return templates[t->dbkey[0] - 'A'];
}

static void page_info(void *data, struct arena *a, struct wt_page_info *pages, size_t n)
{
	(void)data;
	(void)a;
	for (size_t i = 0; i < n; i++) {
		const char *s = template_of(pages[i].title);
		pages[i].exists = s != NULL;
		pages[i].page_id = s ? 1 : 0;
		pages[i].latest = pages[i].page_id;
		pages[i].content_model = s ? "wikitext" : NULL;
	}
}

static int fetch(void *data, struct arena *a, const struct wt_title *t, struct wt_fetched *out)
{
	(void)data;
	memset(out, 0, sizeof(*out));
	out->title = *t;
	const char *s = template_of(t);
	if (s) {
		out->text = arena_strdup(a, s);
		out->len = strlen(s);
		out->page_id = out->rev_id = 1;
	}
	return RC_OK;
}

static const char *message(void *data, struct arena *a, const char *key, const char *lang)
{
	(void)data;
	(void)a;
	(void)lang;
	return wiki_message_default(key);
}

/* `head`, `n` copies of `unit`, then `tail`, in `a`. */
static char *build(struct arena *a, const char *head, const char *unit, size_t n, const char *tail, size_t *len)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *t = arena_alloc(a, hl + ul * n + tl + 1);
	memcpy(t, head, hl);
	for (size_t i = 0; i < n; i++)
		memcpy(t + hl + i * ul, unit, ul);
	memcpy(t + hl + ul * n, tail, tl + 1);
	*len = hl + ul * n + tl;
	return t;
}

/* Parse `n` units in a fresh arena; the HTML length and the arena's size. */
static void parse_units(const char *head, const char *unit, size_t n, const char *tail, size_t *in_len,
			size_t *html_len, size_t *used)
{
	struct wt_host host;
	memset(&host, 0, sizeof(host));
	host.page_info = page_info;
	host.fetch = fetch;
	host.message = message;
	struct wt_options opt;
	memset(&opt, 0, sizeof(opt));
	opt.title = "Hostile";
	opt.now = 1700000000;
	opt.rev_size = -1;
	struct arena *a = arena_new();
	char *t = build(a, head, unit, n, tail, in_len);
	size_t before = arena_used(a);
	struct wt_output out;
	int rc = wt_parse(a, wiki_wt_site(), &host, &opt, t, *in_len, &out);
	*html_len = rc == RC_OK ? out.html_len : 0;
	*used = arena_used(a) - before;
	arena_free(a);
}

/* With an argument, only the cases whose name contains it run. */
static const char *only;

/* One hostile input: parses, bounded output, memory linear (2n units take at most 2.5 times n's). */
static void hostile(const char *name, const char *head, const char *unit, const char *tail)
{
	size_t len1, html1, used1, len2, html2, used2;
	if (only && !strstr(name, only))
		return;
	fprintf(stderr, "# %s\n", name);
	parse_units(head, unit, UNITS / 2, tail, &len1, &html1, &used1);
	parse_units(head, unit, UNITS, tail, &len2, &html2, &used2);
	char nm[256];
	snprintf(nm, sizeof(nm), "%s: %zu bytes of HTML from %zu", name, html2, len2);
	OK(html2 > 0 && html2 <= GROWTH * len2 + 4096, nm);
	snprintf(nm, sizeof(nm), "%s: memory %zu for 10^5 units, %zu for half", name, used2, used1);
	OK(used2 <= used1 * 5 / 2 + (1u << 20), nm);
}

static void test_inline(void)
{
	hostile("quotes", "", "''", "\n");
	hostile("bold italic runs", "", "'''''a", "\n");
	hostile("quotes on lines", "", "'''a''\n", "");
	hostile("link openers", "", "[[", "");
	hostile("link openers with pipes", "", "[[a|", "");
	hostile("link closers", "", "]]", "");
	hostile("nested links", "", "[[a|", "]]");
	hostile("external link openers", "", "[http://example.org ", "");
	hostile("single brackets", "", "[", "]");
	hostile("free URLs", "", "http://example.org/a ", "");
	hostile("entities", "", "&amp;&#x41;&bogus;", "");
}

static void test_blocks(void)
{
	hostile("table cells", "{|\n|a", "||b", "\n|}");
	hostile("table rows", "{|\n", "|-\n|a\n", "|}");
	hostile("unclosed tables", "", "{|\n", "");
	hostile("nested tables", "", "{|\n|\n", "");
	hostile("list depth", "", "*", "x\n");
	hostile("list lines", "", "*#:;a\n", "");
	hostile("definition terms", "", ";a:b", "\n");
	hostile("headings", "", "=a=\n", "");
	hostile("pre lines", "", " a\n", "");
	hostile("nested divs", "", "<div>", "");
	hostile("nested spans", "", "<span>", "x");
	hostile("misnested formatting", "", "<b><i>", "x");
	hostile("table tags", "", "<table><tr><td>", "");
}

static void test_preprocessor(void)
{
	hostile("unclosed templates", "", "{{", "");
	hostile("unclosed arguments", "", "{{{", "");
	hostile("template pipes", "{{a", "|", "}}");
	hostile("comments", "", "<!--a-->", "");
	hostile("unclosed comments", "", "<!--", "");
	hostile("nowiki", "", "<nowiki>a</nowiki>", "");
	hostile("nested template calls", "", "{{A|", "");
	/* Template bombs: each level calls the next ten times; the include size limit stops them. */
	templates[0] = "{{B}}{{B}}{{B}}{{B}}{{B}}{{B}}{{B}}{{B}}{{B}}{{B}}";
	templates[1] = "{{C}}{{C}}{{C}}{{C}}{{C}}{{C}}{{C}}{{C}}{{C}}{{C}}";
	templates[2] = "{{D}}{{D}}{{D}}{{D}}{{D}}{{D}}{{D}}{{D}}{{D}}{{D}}";
	templates[3] = "0123456789012345678901234567890123456789";
	size_t len, html, used;
	parse_units("", "{{A}}", 100, "", &len, &html, &used);
	OK(html > 0 && html <= (3u << 20), "template bomb: the include size limit (2 MiB) bounds the HTML");
	templates[3] = "{{{1}}}{{{1}}}{{{1}}}{{{1}}}";
	templates[2] = "{{D|{{{1}}}{{{1}}}{{{1}}}{{{1}}}}}";
	templates[1] = "{{C|{{{1}}}{{{1}}}{{{1}}}{{{1}}}}}";
	templates[0] = "{{B|{{{1}}}{{{1}}}{{{1}}}{{{1}}}}}";
	parse_units("", "{{A|xxxxxxxxxx}}", 1000, "", &len, &html, &used);
	OK(html > 0 && html <= (3u << 20), "argument bomb: bounded HTML");
	templates[0] = "{{A}}";
	parse_units("", "{{A}}", 1000, "", &len, &html, &used);
	OK(html > 0 && html <= GROWTH * len, "template loops: bounded HTML");
	memset(templates, 0, sizeof(templates));
}

int main(int argc, char **argv)
{
	only = argc > 1 ? argv[1] : NULL;
	config_defaults();
	config_finish();
	test_inline();
	test_blocks();
	test_preprocessor();
	return harness_done();
}
