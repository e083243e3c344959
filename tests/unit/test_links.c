/* SPDX-License-Identifier: MIT */
/*
 * test_links.c — the link-table writer (wiki_links_update): rows follow
 * the parser output from revision to revision, unchanged rows are kept
 * (cl_timestamp), category counts move only for categories joined or
 * left, an emptied category loses its row unless its page exists,
 * wiki_links_clear() empties everything; sort keys in the "uppercase"
 * collation and external link indexes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "parser/wt.h"
#include "store/store.h"
#include "wiki/wiki.h"

static char dir[] = "/tmp/wikid-test-links-XXXXXX";

static int64_t count(struct store *st, const char *sql)
{
	int64_t n = -1;
	store_query_int(st, &n, sql, "");
	return n;
}

static const char *text(struct store *st, struct arena *a, const char *sql)
{
	char *s = NULL;
	if (store_query_text(st, a, &s, sql, "") != RC_OK)
		return "(none)";
	return s ? s : "(null)";
}

static void test_sortkey_and_index(struct arena *a)
{
	STR_EQ(wiki_uc(a, "straße ǆ é"), "STRASSE Ǆ É", "uc: full mappings");
	STR_EQ(wiki_category_sortkey(a, "Foo bar", ""), "FOO BAR", "sort key of the title");
	STR_EQ(wiki_category_sortkey(a, "Foo bar", "x\ty"), "X Y\nFOO BAR", "prefix, line feed, title");
	const char *idx[2];
	INT_EQ(wiki_extlink_indexes(a, "http://www.Example.org/a?b#c", idx), 1, "one index");
	STR_EQ(idx[0], "http://org.example.www./a?b#c", "host reversed, lower-cased");
	INT_EQ(wiki_extlink_indexes(a, "https://user:pw@example.org:8080", idx), 1, "one index");
	STR_EQ(idx[0], "https://org.example.:8080/", "credentials left out, port kept, path /");
	INT_EQ(wiki_extlink_indexes(a, "//example.org/x", idx), 2, "protocol-relative: two");
	STR_EQ(idx[0], "http://org.example./x", "http form");
	STR_EQ(idx[1], "https://org.example./x", "https form");
	INT_EQ(wiki_extlink_indexes(a, "mailto:me@mail.example.org", idx), 1, "mailto");
	STR_EQ(idx[0], "mailto:org.example.mail.@me", "mailto: domain reversed before the local part, no slash");
	INT_EQ(wiki_extlink_indexes(a, "news:comp.lang", idx), 1, "news");
	STR_EQ(idx[0], "news:lang.comp.", "news: host reversed, no slash");
	INT_EQ(wiki_extlink_indexes(a, "http://192.168.0.1/", idx), 1, "IPv4");
	STR_EQ(idx[0], "http://V4.192.168.0.1./", "IPv4 marked");
	INT_EQ(wiki_extlink_indexes(a, "nothing", idx), 0, "no scheme: no index");
	INT_EQ(wiki_extlink_indexes(a, "http://User:Admin", idx), 0, "a port without digits: no index");
	INT_EQ(wiki_extlink_indexes(a, "http://a:65536/", idx), 0, "a port past 65535: no index");
	INT_EQ(wiki_extlink_indexes(a, "http://a:000080/", idx), 0, "a port of six characters: no index");
	INT_EQ(wiki_extlink_indexes(a, "http://a:00080/x", idx), 1, "leading zeros");
	STR_EQ(idx[0], "http://a.:80/x", "the port as a number");
	INT_EQ(wiki_extlink_indexes(a, "http://a:/x", idx), 1, "empty port");
	STR_EQ(idx[0], "http://a./x", "an empty port is left out");
	INT_EQ(wiki_extlink_indexes(a, "http://[::1]:80/", idx), 1, "IPv6 with a port");
	INT_EQ(wiki_extlink_indexes(a, "http://2001-01-01T00:00:00Z", idx), 1, "the port after the last ':'");
	STR_EQ(idx[0] + strlen(idx[0]) - 3, ":0/", "its leading digits");
}

static void test_update(struct arena *a)
{
	struct store *st = store_open(dir);
	OK(st != NULL, "open database");
	if (!st)
		return;
	INT_EQ(store_migrate(st), RC_OK, "migrate");
	int64_t page = 0, cat_page = 0;
	INT_EQ(wiki_page_insert(st, 0, "Foo_bar", 0, "20240101000000", &page), RC_OK, "page");
	INT_EQ(wiki_page_insert(st, 14, "Kept", 0, "20240101000000", &cat_page), RC_OK, "category page");

	struct wt_link links[] = { { 0, "Alpha", 0, 0 }, { 2, "Bob", 0, 0 }, { 0, "Alpha", 0, 0 } };
	struct wt_link tpl[] = { { 10, "Box", 0, 0 } };
	struct wt_link img[] = { { 6, "Pic.png", 0, 0 } };
	struct wt_category cats[] = { { "Gone", "" }, { "Kept", "" }, { "Sorted", "s" } };
	const char *ext[] = { "//example.org/x", "http://a.example/" };
	const char *ll[] = { "fr:Le titre", "de:Titel", "fr:Second" };
	struct wt_iwlink iw[] = { { "wikipedia", "Foo" } };
	struct wt_prop props[] = { { "notoc", "" }, { "defaultsort", "Z" } };
	struct wt_output out = {
		.links = links, .n_links = 3, .templates = tpl, .n_templates = 1, .images = img, .n_images = 1,
		.categories = cats, .n_categories = 3, .extlinks = ext, .n_extlinks = 2, .langlinks = ll,
		.n_langlinks = 3, .iwlinks = iw, .n_iwlinks = 1, .props = props, .n_props = 2,
	};
	INT_EQ(store_begin(st), RC_OK, "begin");
	INT_EQ(wiki_links_update(st, a, page, 0, "Foo_bar", &out, "20240101000000"), RC_OK, "first update");
	INT_EQ(store_commit(st), RC_OK, "commit");
	INT_EQ(count(st, "SELECT COUNT(*) FROM pagelinks"), 2, "pagelinks: duplicates once");
	INT_EQ(count(st, "SELECT COUNT(*) FROM templatelinks WHERE tl_namespace = 10 AND tl_title = 'Box'"), 1,
	       "templatelinks");
	INT_EQ(count(st, "SELECT COUNT(*) FROM imagelinks WHERE il_to = 'Pic.png'"), 1, "imagelinks");
	INT_EQ(count(st, "SELECT COUNT(*) FROM externallinks"), 3, "externallinks: two rows for //");
	INT_EQ(count(st, "SELECT COUNT(*) FROM langlinks"), 2, "langlinks: first link per language");
	STR_EQ(text(st, a, "SELECT ll_title FROM langlinks WHERE ll_lang = 'fr'"), "Le titre", "first fr link kept");
	INT_EQ(count(st, "SELECT COUNT(*) FROM iwlinks"), 1, "iwlinks");
	INT_EQ(count(st, "SELECT COUNT(*) FROM page_props"), 2, "page_props");
	INT_EQ(count(st, "SELECT COUNT(*) FROM categorylinks"), 3, "categorylinks");
	STR_EQ(text(st, a, "SELECT cl_sortkey FROM categorylinks WHERE cl_to = 'Sorted'"), "S\nFOO BAR",
	       "sort key with prefix");
	STR_EQ(text(st, a, "SELECT cl_type FROM categorylinks WHERE cl_to = 'Gone'"), "page", "cl_type");
	INT_EQ(count(st, "SELECT SUM(cat_pages) FROM category"), 3, "three categories counted");
	STR_EQ(text(st, a, "SELECT page_links_updated FROM page WHERE page_title = 'Foo_bar'"), "20240101000000",
	       "page_links_updated");

	/* Second revision: Gone and Kept left, Sorted re-keyed, New joined. */
	struct wt_category cats2[] = { { "Sorted", "t" }, { "New", "" } };
	struct wt_link links2[] = { { 0, "Alpha", 0, 0 } };
	const char *ll2[] = { "fr:Autre" };
	out.categories = cats2;
	out.n_categories = 2;
	out.links = links2;
	out.n_links = 1;
	out.langlinks = ll2;
	out.n_langlinks = 1;
	out.n_extlinks = 1;
	out.n_props = 0;
	INT_EQ(wiki_links_update(st, a, page, 0, "Foo_bar", &out, "20240102000000"), RC_OK, "second update");
	INT_EQ(count(st, "SELECT COUNT(*) FROM pagelinks"), 1, "Bob dropped");
	INT_EQ(count(st, "SELECT COUNT(*) FROM externallinks"), 2, "one URL left, two indexes");
	STR_EQ(text(st, a, "SELECT ll_title FROM langlinks"), "Autre", "langlink retitled");
	INT_EQ(count(st, "SELECT COUNT(*) FROM page_props"), 0, "props gone");
	STR_EQ(text(st, a, "SELECT cl_sortkey_prefix FROM categorylinks WHERE cl_to = 'Sorted'"), "t", "new prefix");
	INT_EQ(count(st, "SELECT cat_pages FROM category WHERE cat_title = 'Sorted'"), 1, "re-keyed: counted once");
	INT_EQ(count(st, "SELECT cat_pages FROM category WHERE cat_title = 'New'"), 1, "joined");
	INT_EQ(count(st, "SELECT COUNT(*) FROM category WHERE cat_title = 'Gone'"), 0, "empty, no page: row gone");
	INT_EQ(count(st, "SELECT cat_pages FROM category WHERE cat_title = 'Kept'"), 0, "empty with a page: row kept");

	/* A third parse with the same output changes nothing, the timestamps stay. */
	INT_EQ(wiki_links_update(st, a, page, 0, "Foo_bar", &out, "20240103000000"), RC_OK, "same again");
	STR_EQ(text(st, a, "SELECT cl_timestamp FROM categorylinks WHERE cl_to = 'New'"), "20240102000000",
	       "unchanged row keeps its timestamp");

	/* A subcategory counts in cat_subcats. */
	struct wt_category sub[] = { { "New", "" } };
	struct wt_output so = { .categories = sub, .n_categories = 1 };
	INT_EQ(wiki_links_update(st, a, cat_page, 14, "Kept", &so, "20240104000000"), RC_OK, "category page");
	INT_EQ(count(st, "SELECT cat_subcats FROM category WHERE cat_title = 'New'"), 1, "subcat counted");
	STR_EQ(text(st, a, "SELECT cl_type FROM categorylinks WHERE cl_from = (SELECT page_id FROM page"
			   " WHERE page_namespace = 14)"), "subcat", "cl_type subcat");

	INT_EQ(wiki_links_clear(st, a, page, 0), RC_OK, "clear");
	INT_EQ(count(st, "SELECT COUNT(*) FROM pagelinks") + count(st, "SELECT COUNT(*) FROM externallinks") +
		       count(st, "SELECT COUNT(*) FROM langlinks") + count(st, "SELECT COUNT(*) FROM templatelinks"),
	       0, "cleared");
	INT_EQ(count(st, "SELECT cat_pages FROM category WHERE cat_title = 'New'"), 1, "the subcat stays counted");
	INT_EQ(count(st, "SELECT COUNT(*) FROM category WHERE cat_title = 'Sorted'"), 0, "Sorted emptied, gone");
	store_close(st);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	struct arena *a = arena_new();
	test_sortkey_and_index(a);
	test_update(a);
	arena_free(a);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return harness_done();
}
