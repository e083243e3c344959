/* SPDX-License-Identifier: MIT */
/*
 * test_render.c — the parser inside the wiki (wiki/parse.c) on a fresh
 * database: templates transcluded from saved pages (through a redirect),
 * their dependencies recorded, links coloured from the page table,
 * interface messages overridden by MediaWiki: pages, and the site
 * configuration built from config; the parser cache and its
 * invalidation by edits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "parser/wt.h"
#include "store/store.h"
#include "util/config.h"
#include "util/sbuf.h"
#include "wiki/wiki.h"

static char dir[] = "/tmp/wikid-test-render-XXXXXX";

/* Save `text` as the page `title` (a new revision by an anonymous user). */
static int64_t save(struct store *st, struct arena *a, const char *title, const char *text)
{
	struct wiki_title t;
	if (wiki_title_parse(a, title, 0, &t, NULL) != RC_OK) {
		OK(false, title);
		return 0;
	}
	struct wiki_page old;
	store_begin(st);
	wiki_page_load(st, a, t.ns, t.dbkey, &old);
	struct wiki_edit e = { 0 };
	e.title = &t;
	e.user = wiki_user_anon(a, "127.0.0.1");
	e.old = &old;
	e.text = text;
	e.len = strlen(text);
	e.model = "wikitext";
	e.summary = "test";
	INT_EQ(wiki_page_save(st, a, &e), RC_OK, title);
	store_commit(st);
	return e.rev_id;
}

static const char *render(struct store *st, struct arena *a, const char *title, const char *text,
			  struct wt_output *out)
{
	struct wiki_title t;
	wiki_title_parse(a, title, 0, &t, NULL);
	struct wiki_render_opts ro = { 0 };
	ro.title = &t;
	ro.no_limit_report = true;
	INT_EQ(wiki_render(st, a, &ro, text, strlen(text), out), RC_OK, "render");
	return out->html;
}

static bool has_template(const struct wt_output *o, int ns, const char *dbkey)
{
	for (size_t i = 0; i < o->n_templates; i++)
		if (o->templates[i].ns == ns && strcmp(o->templates[i].dbkey, dbkey) == 0)
			return true;
	return false;
}

static void test_templates(struct store *st, struct arena *a)
{
	save(st, a, "Template:Hello", "Hello {{{1|world}}}");
	save(st, a, "Template:Hi", "#REDIRECT [[Template:Hello]]");
	struct wt_output o;
	const char *html = render(st, a, "Page", "{{Hello|you}}; {{Hi}}; {{Nope}}", &o);
	OK(strstr(html, "Hello you; Hello world; ") != NULL, "templates expand, through a redirect");
	OK(strstr(html, "Template:Nope") != NULL, "a missing template is a link to it");
	OK(has_template(&o, 10, "Hello") && has_template(&o, 10, "Hi") && has_template(&o, 10, "Nope"),
	   "every template on the way is recorded");
}

static void test_links(struct store *st, struct arena *a)
{
	save(st, a, "Blue", "text");
	save(st, a, "Redirect here", "#REDIRECT [[Blue]]");
	struct wt_output o;
	const char *html = render(st, a, "Page", "[[Blue]] [[Red]] [[Redirect here]] [[Special:RecentChanges]]", &o);
	OK(strstr(html, "<a href=\"/w/index.php?title=Blue\" title=\"Blue\">Blue</a>") != NULL, "existing page: blue");
	OK(strstr(html, "class=\"new\"") != NULL && strstr(html, "redlink=1") != NULL, "missing page: red");
	OK(strstr(html, "class=\"mw-redirect\"") != NULL, "redirect: mw-redirect");
	OK(strstr(html, "title=\"Special:RecentChanges\">") != NULL, "special page exists");
	INT_EQ(o.n_links, 3, "three page links (special pages are not recorded)");
}

/*
 * More than 1000 holders in one pass ($wgLinkHolderBatchSize): the early
 * ones are replaced by <a> elements at the next "[[", so the free URL
 * after [[B]] inside the bracketed link's text is no longer skipped with
 * that link's text (as on MediaWiki 1.39, checked on the oracle).
 */
static void test_holder_batch(struct store *st, struct arena *a)
{
	for (int n = 999; n <= 1000; n++) {
		struct sbuf t;
		sbuf_init(&t, 8192);
		sbuf_adds(&t, "[http://a.org/x text [[B]] more http://b.org/y end] z ");
		for (int i = 0; i < n; i++)
			sbuf_adds(&t, "[[A]]");
		sbuf_adds(&t, "[[C]]");
		struct wt_output o;
		const char *html = render(st, a, "Page", t.p, &o);
		bool linked = strstr(html, "more <a rel=\"nofollow\" class=\"external free\" href=\"http://b.org/y\">") != NULL;
		OK(linked == (n == 1000), n == 1000 ? "1001 holders: the early ones are replaced at the next link"
						    : "1000 holders: all stay holders to the end");
		OK(strstr(html, "<!--") == NULL || strstr(html, "LINK'") == NULL, "no holder left in the output");
		sbuf_release(&t);
	}
}

static void test_messages(struct store *st, struct arena *a)
{
	STR_EQ(wiki_message_default("toc"), "Contents", "default message");
	OK(wiki_message_default("no-such-message") == NULL, "unknown message");
	STR_EQ(wiki_message_default("mainpage"), config.mainpage, "mainpage is the configured main page");
	bool sorted = true;
	for (size_t i = 1; i < wiki_message_count(); i++)
		sorted = sorted && strcmp(wiki_message_key(i - 1), wiki_message_key(i)) < 0;
	OK(sorted, "the built-in table is sorted without duplicates (bsearch)");
	OK(wiki_message_key(wiki_message_count()) == NULL, "past the end: NULL");
	save(st, a, "MediaWiki:Editsection", "change");
	struct wt_output o;
	const char *html = render(st, a, "Page", "== A ==\ntext", &o);
	OK(strstr(html, ">change</a>") != NULL, "MediaWiki: page overrides the default");
}

/* Render revision `rev` of `title` through the parser cache in a fresh arena; true when it came from the cache. */
static bool cached(struct store *st, const char *title, int64_t rev, const char *text, const char *want)
{
	struct arena *a = arena_new();
	struct wiki_title t;
	wiki_title_parse(a, title, 0, &t, NULL);
	struct wiki_render_opts ro = { 0 };
	ro.title = &t;
	ro.rev_id = rev;
	ro.no_limit_report = true;
	struct wt_output o;
	struct wiki_render_report rep;
	INT_EQ(wiki_render_cached(st, a, &ro, text, strlen(text), &o, &rep), RC_OK, "cached render");
	OK(strstr(o.html, want) != NULL, want);
	bool hit = rep.from_cache;
	arena_free(a);
	return hit;
}

static void test_cache(struct store *st, struct arena *a)
{
	const char *text = "{{PapiCacheTpl}} [[PapiCacheLink]]";
	int64_t rev = save(st, a, "PapiCache", text);
	save(st, a, "Template:PapiCacheTpl", "one");
	OK(!cached(st, "PapiCache", rev, text, "one"), "first rendering: a miss");
	OK(cached(st, "PapiCache", rev, text, "one"), "second: from the cache");
	save(st, a, "Template:PapiCacheTpl", "two");
	OK(!cached(st, "PapiCache", rev, text, "two"), "a template edit invalidates it");
	OK(cached(st, "PapiCache", rev, text, "two"), "and the new rendering is cached");
	save(st, a, "PapiCacheElsewhere", "an edit the page does not depend on");
	OK(cached(st, "PapiCache", rev, text, "two"), "an unrelated edit keeps it");
	OK(cached(st, "PapiCache", rev, text, "two"), "valid under the new change mark");
	INT_EQ(store_run(st, "INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_comment_id, rc_namespace, rc_title,"
			     " rc_type, rc_source, rc_log_type, rc_log_action) VALUES ('20260101000000', 1, 1, 0,"
			     " 'PapiCacheMoved', 3, 'mw.log', 'move', 'move')", ""),
	       RC_OK, "a move log row");
	OK(!cached(st, "PapiCache", rev, text, "two"), "a move may rename anything: parsed again");
	save(st, a, "MediaWiki:PapiCacheMessage", "x");
	OK(!cached(st, "PapiCache", rev, text, "two"), "an interface message edit: parsed again");
	OK(cached(st, "PapiCache", rev, text, "two"), "then cached");
	save(st, a, "PapiCacheLink", "now blue");
	OK(!cached(st, "PapiCache", rev, text, "title=\"PapiCacheLink\""), "a new linked page invalidates it");
	wiki_parser_cache_clear();
	OK(!cached(st, "PapiCache", rev, text, "two"), "cleared");
}

static void test_site(void)
{
	const struct wt_site *s = wiki_wt_site();
	STR_EQ(s->sitename, config.sitename, "sitename from config");
	STR_EQ(s->script, "/w/index.php", "script path");
	OK(s->n_ns >= 16 && s->n_iw > 0, "namespaces and interwiki map");
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	config_defaults();
	config_finish();
	struct arena *a = arena_new();
	struct store *st = store_open(dir);
	OK(st != NULL, "open");
	INT_EQ(store_migrate(st), RC_OK, "migrate");
	test_site();
	test_templates(st, a);
	test_links(st, a);
	test_holder_batch(st, a);
	test_messages(st, a);
	test_cache(st, a);
	store_close(st);
	arena_free(a);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return harness_done();
}
