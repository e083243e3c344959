/* SPDX-License-Identifier: MIT */
/*
 * test_dump.c — XML dumps (src/dump) on a fresh database: the reader's
 * view of a dump (fields, attributes, siteinfo), plain/gzip/bzip2
 * sources, broken documents, the importer's titles, authors, parents
 * and page rows, re-running an import (nothing twice), and the export
 * writer's layout of hidden (rev_deleted) parts.
 */
#include <bzlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "../harness.h"
#include "dump/dump.h"
#include "store/store.h"
#include "util/config.h"
#include "wiki/wiki.h"

/* A scratch directory in the working directory (the repository when run by make test). */
static char dir[] = "wikid-test-dump-XXXXXX";

static const char dump1[] =
	"<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" version=\"0.11\" xml:lang=\"en\">\n"
	"  <siteinfo>\n    <sitename>Other</sitename>\n    <namespaces>\n"
	"      <namespace key=\"0\" case=\"first-letter\" />\n"
	"      <namespace key=\"1\" case=\"first-letter\">Diskussion</namespace>\n"
	"      <namespace key=\"100\" case=\"first-letter\">Portal</namespace>\n"
	"      <namespace key=\"102\" case=\"first-letter\">Elsewhere</namespace>\n"
	"    </namespaces>\n  </siteinfo>\n"
	"  <page>\n    <title>Alpha</title>\n    <ns>0</ns>\n    <id>7</id>\n"
	"    <revision>\n      <id>70</id>\n      <timestamp>2020-01-02T03:04:05Z</timestamp>\n"
	"      <contributor>\n        <username>Someone</username>\n        <id>3</id>\n      </contributor>\n"
	"      <comment>first &amp; &lt;one&gt;</comment>\n      <model>wikitext</model>\n"
	"      <format>text/x-wiki</format>\n"
	"      <text bytes=\"11\" xml:space=\"preserve\">Hello [[B]]</text>\n    </revision>\n"
	"    <revision>\n      <id>71</id>\n      <parentid>70</parentid>\n"
	"      <timestamp>2020-01-03T00:00:00Z</timestamp>\n"
	"      <contributor>\n        <ip>10.0.0.1</ip>\n      </contributor>\n      <minor/>\n"
	"      <text xml:space=\"preserve\"><![CDATA[Hello <again>]]></text>\n    </revision>\n"
	"  </page>\n"
	"  <page>\n    <title>Diskussion:Alpha</title>\n    <ns>1</ns>\n"
	"    <revision>\n      <timestamp>2020-01-01T00:00:00Z</timestamp>\n"
	"      <contributor deleted=\"deleted\" />\n      <comment deleted=\"deleted\" />\n"
	"      <text deleted=\"deleted\" />\n    </revision>\n  </page>\n"
	"  <page>\n    <title>Portal:Beta</title>\n    <ns>100</ns>\n"
	"    <revision>\n      <timestamp>2020-01-01T00:00:00Z</timestamp>\n"
	"      <contributor><username>Admin</username></contributor>\n"
	"      <text>portal</text>\n    </revision>\n  </page>\n"
	"  <page>\n    <title>Elsewhere:Gamma</title>\n    <ns>102</ns>\n"
	"    <revision>\n      <timestamp>2020-01-01T00:00:00Z</timestamp>\n"
	"      <text>gamma</text>\n    </revision>\n  </page>\n"
	"  <page>\n    <title>Bad|title</title>\n    <ns>0</ns>\n"
	"    <revision><text>never</text></revision>\n  </page>\n"
	"  <logitem>\n    <id>5</id>\n    <timestamp>2020-01-01T00:00:00Z</timestamp>\n"
	"    <contributor><username>Someone</username></contributor>\n    <type>block</type>\n"
	"    <action>block</action>\n    <logtitle>User:Vandal</logtitle>\n"
	"    <params xml:space=\"preserve\">a:0:{}</params>\n  </logitem>\n"
	"</mediawiki>\n";

/* ---------- the reader ---------- */

/* What the reader callbacks saw, as text lines. */
struct seen {
	struct sbuf log; /* one line per callback */
};

static int r_siteinfo(void *h, const struct dump_siteinfo *si)
{
	struct seen *s = h;
	sbuf_addf(&s->log, "siteinfo %zu", si->n_ns);
	for (size_t i = 0; i < si->n_ns; i++)
		sbuf_addf(&s->log, " %d=%s", si->ns_ids[i], si->ns_names[i]);
	sbuf_addc(&s->log, '\n');
	return RC_OK;
}

static int r_page(void *h, const struct dump_page *p)
{
	struct seen *s = h;
	sbuf_addf(&s->log, "page %s ns=%d id=%lld\n", p->title ? p->title : "(null)", p->ns, (long long)p->id);
	return RC_OK;
}

static int r_revision(void *h, const struct dump_page *p, const struct dump_rev *r)
{
	struct seen *s = h;
	sbuf_addf(&s->log, "rev %lld parent=%lld ts=%s user=%s ip=%s uid=%lld minor=%d comment=%s cdel=%d udel=%d"
			   " model=%s text=[%s] tdel=%d\n",
		  (long long)r->id, (long long)r->parent_id, r->timestamp ? r->timestamp : "-",
		  r->username ? r->username : "-", r->ip ? r->ip : "-", (long long)r->user_id, r->is_minor,
		  r->comment ? r->comment : "-", r->comment_deleted, r->contributor_deleted,
		  r->model ? r->model : "-", r->text ? r->text : "-", r->text_deleted);
	(void)p;
	return RC_OK;
}

static int r_page_end(void *h, const struct dump_page *p)
{
	struct seen *s = h;
	sbuf_addf(&s->log, "end %s\n", p->title);
	return RC_OK;
}

static int r_logitem(void *h, const struct dump_logitem *li)
{
	struct seen *s = h;
	sbuf_addf(&s->log, "log %s/%s %s %s by %s\n", li->type, li->action, li->logtitle, li->params, li->username);
	return RC_OK;
}

static const struct dump_reader_ops seen_ops = {
	.siteinfo = r_siteinfo, .page = r_page, .revision = r_revision, .page_end = r_page_end, .logitem = r_logitem,
};

/* Read `len` bytes of XML; returns the callback log (in `a`) or the error prefixed "ERR ". */
static const char *read_all(struct arena *a, const char *xml, size_t len)
{
	struct seen s;
	sbuf_init(&s.log, 1 << 20);
	struct dump_source *src = dump_source_mem(xml, len);
	const char *err = NULL;
	int rc = dump_read(src, &seen_ops, &s, a, &err);
	dump_source_free(src);
	const char *out = rc == RC_OK ? arena_strdup(a, sbuf_cstr(&s.log)) : arena_printf(a, "ERR %d %s", rc, err);
	sbuf_release(&s.log);
	return out;
}

static void test_reader(struct arena *a)
{
	const char *log = read_all(a, dump1, sizeof(dump1) - 1);
	STR_EQ(log,
	       "siteinfo 4 0= 1=Diskussion 100=Portal 102=Elsewhere\n"
	       "page Alpha ns=0 id=7\n"
	       "rev 70 parent=0 ts=2020-01-02T03:04:05Z user=Someone ip=- uid=3 minor=0 comment=first & <one> cdel=0 "
	       "udel=0 model=wikitext text=[Hello [[B]]] tdel=0\n"
	       "rev 71 parent=70 ts=2020-01-03T00:00:00Z user=- ip=10.0.0.1 uid=0 minor=1 comment=- cdel=0 udel=0 "
	       "model=- text=[Hello <again>] tdel=0\n"
	       "end Alpha\n"
	       "page Diskussion:Alpha ns=1 id=0\n"
	       "rev 0 parent=0 ts=2020-01-01T00:00:00Z user=- ip=- uid=0 minor=0 comment= cdel=1 udel=1 model=- "
	       "text=[] tdel=1\n"
	       "end Diskussion:Alpha\n"
	       "page Portal:Beta ns=100 id=0\n"
	       "rev 0 parent=0 ts=2020-01-01T00:00:00Z user=Admin ip=- uid=0 minor=0 comment=- cdel=0 udel=0 model=- "
	       "text=[portal] tdel=0\n"
	       "end Portal:Beta\n"
	       "page Elsewhere:Gamma ns=102 id=0\n"
	       "rev 0 parent=0 ts=2020-01-01T00:00:00Z user=- ip=- uid=0 minor=0 comment=- cdel=0 udel=0 model=- "
	       "text=[gamma] tdel=0\n"
	       "end Elsewhere:Gamma\n"
	       "page Bad|title ns=0 id=0\n"
	       "rev 0 parent=0 ts=- user=- ip=- uid=0 minor=0 comment=- cdel=0 udel=0 model=- text=[never] tdel=0\n"
	       "end Bad|title\n"
	       "log block/block User:Vandal a:0:{} by Someone\n",
	       "every field of the dump reaches the callbacks");

	log = read_all(a, "", 0);
	OK(strncmp(log, "ERR -6 ", 7) == 0, "an empty upload is not a dump");
	log = read_all(a, "<foo/>", 6);
	STR_EQ(log, "ERR -6 the document starts with <foo>, not with <mediawiki>", "another root element");
	static const char broken[] = "<mediawiki><page><title>X</title>\n<revision><text>a</txet>";
	log = read_all(a, broken, sizeof(broken) - 1);
	OK(strncmp(log, "ERR -6 XML error at line 2: ", 28) == 0, "a malformed document names the line");
	static const char cut[] = "<mediawiki><page><title>X</title><revision><text>abc";
	log = read_all(a, cut, sizeof(cut) - 1);
	OK(strncmp(log, "ERR -6 ", 7) == 0, "a document cut short");
	static const char ent[] = "<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
				  "<mediawiki><page><title>X&x;</title><revision><text>t</text></revision></page>"
				  "</mediawiki>";
	log = read_all(a, ent, sizeof(ent) - 1);
	OK(!strstr(log, "root:"), "external entities are never loaded");
	static const char empty[] = "<mediawiki/>";
	STR_EQ(read_all(a, empty, sizeof(empty) - 1), "", "an empty dump");
}

/* Write `len` bytes to `path` plain, gzip or bzip2 ('p', 'g', 'b'). */
static void write_file(const char *path, const char *data, size_t len, char kind)
{
	if (kind == 'g') {
		gzFile g = gzopen(path, "wb");
		gzwrite(g, data, (unsigned)len);
		gzclose(g);
		return;
	}
	FILE *f = fopen(path, "wb");
	if (kind == 'b') {
		/* Two bzip2 streams one after the other, as multistream dumps are. */
		int err;
		size_t half = len / 2;
		for (int i = 0; i < 2; i++) {
			BZFILE *b = BZ2_bzWriteOpen(&err, f, 9, 0, 0);
			BZ2_bzWrite(&err, b, (void *)(data + (i ? half : 0)), (int)(i ? len - half : half));
			BZ2_bzWriteClose(&err, b, 0, NULL, NULL);
		}
	} else {
		fwrite(data, 1, len, f);
	}
	fclose(f);
}

static void test_sources(struct arena *a)
{
	const char *want = read_all(a, dump1, sizeof(dump1) - 1);
	const char kinds[] = "pgb";
	for (size_t k = 0; k < 3; k++) {
		char *path = arena_printf(a, "%s/dump.%c", dir, kinds[k]);
		write_file(path, dump1, sizeof(dump1) - 1, kinds[k]);
		const char *err = NULL;
		struct dump_source *src = dump_source_file(path, &err);
		OK(src != NULL, arena_printf(a, "open the %c file", kinds[k]));
		if (!src)
			continue;
		struct seen s;
		sbuf_init(&s.log, 1 << 20);
		INT_EQ(dump_read(src, &seen_ops, &s, a, &err), RC_OK, arena_printf(a, "read the %c file", kinds[k]));
		STR_EQ(sbuf_cstr(&s.log), want, arena_printf(a, "the %c file reads like the buffer", kinds[k]));
		OK(dump_source_pos(src) == dump_source_size(src) && dump_source_size(src) > 0,
		   "the whole file was consumed");
		sbuf_release(&s.log);
		dump_source_free(src);
	}
	const char *err = NULL;
	OK(dump_source_file(arena_printf(a, "%s/nonexistent", dir), &err) == NULL && err, "a missing file");
}

/* ---------- the importer ---------- */

static int64_t count(struct store *st, const char *sql)
{
	int64_t n = -1;
	store_query_int(st, &n, sql, "");
	return n;
}

static const char *text_of(struct store *st, struct arena *a, const char *sql)
{
	char *s = NULL;
	store_query_text(st, a, &s, sql, "");
	return s;
}

/* Import `xml` with `o`; returns the rc, stats in *stats. */
static int import(struct store *st, struct arena *a, const char *xml, const struct dump_import_opts *o,
		  struct dump_import_stats *stats)
{
	struct dump_source *src = dump_source_mem(xml, strlen(xml));
	const char *err = NULL;
	int rc = dump_import(st, src, o, stats, a, &err);
	dump_source_free(src);
	return rc;
}

static void test_import(struct store *st, struct arena *a)
{
	int64_t uid;
	INT_EQ(wiki_user_create(st, a, "Admin", NULL, NULL, NULL, &uid), RC_OK, "a local account Admin");
	struct dump_import_opts o = {
		.user_prefix = "other", .assign_known_users = true, .target_ns = DUMP_NO_NS, .is_cli = true,
		.batch_revisions = 2,
	};
	struct dump_import_stats stats;
	INT_EQ(import(st, a, dump1, &o, &stats), RC_OK, "import");
	INT_EQ(stats.n_pages, 4, "four pages (the invalid title is skipped)");
	INT_EQ(stats.n_revisions, 5, "five revisions");
	INT_EQ(stats.n_logitems, 1, "one log entry");
	INT_EQ(stats.n_warnings, 1, "one warning, for the invalid title");

	STR_EQ(text_of(st, a, "SELECT group_concat(page_namespace || ':' || page_title, ' ') FROM"
			      " (SELECT * FROM page ORDER BY page_id)"),
	       "0:Alpha 1:Alpha 0:Portal:Beta 0:Elsewhere:Gamma",
	       "titles: known namespace numbers kept, others into the main namespace with their prefix");
	STR_EQ(text_of(st, a, "SELECT group_concat(actor_name, '|') FROM (SELECT actor_name FROM revision"
			      " JOIN actor ON actor_id = rev_actor ORDER BY rev_id)"),
	       "other>Someone|10.0.0.1|other>Unknown user|Admin|other>Unknown user",
	       "authors: prefixed, IPs as they are, known accounts kept, none as Unknown user");
	INT_EQ(count(st, "SELECT actor_user FROM actor WHERE actor_name = 'Admin'"), uid, "Admin's own actor");
	STR_EQ(text_of(st, a, "SELECT group_concat(rev_timestamp || '/' || rev_parent_id || '/' || rev_minor_edit"
			      " || '/' || rev_len, ' ') FROM (SELECT * FROM revision ORDER BY rev_id)"),
	       "20200102030405/0/0/11 20200103000000/1/1/13 20200101000000/0/0/0 20200101000000/0/0/6"
	       " 20200101000000/0/0/5",
	       "timestamps, parents, minor flags and sizes");
	STR_EQ(text_of(st, a, "SELECT comment_text FROM revision JOIN comment ON comment_id = rev_comment_id"
			      " WHERE rev_id = 1"), "first & <one>", "the comment");
	STR_EQ(text_of(st, a, "SELECT page_latest || '/' || page_len || '/' || page_is_new || '/' || page_touched"
			      " FROM page WHERE page_id = 1"), "2/13/0/20200103000000",
	       "the page row follows its newest revision");
	INT_EQ(count(st, "SELECT ss_total_pages FROM site_stats"), 4, "site statistics: pages");
	INT_EQ(count(st, "SELECT ss_total_edits FROM site_stats"), 5, "site statistics: edits");
	INT_EQ(count(st, "SELECT COUNT(*) FROM logging WHERE log_type = 'block'"), 1, "the log item");
	INT_EQ(count(st, "SELECT COUNT(*) FROM recentchanges"), 0, "the command line publishes nothing");

	INT_EQ(import(st, a, dump1, &o, &stats), RC_OK, "import again");
	INT_EQ(stats.n_revisions, 0, "nothing is imported twice");
	INT_EQ(stats.n_revisions_skipped, 5, "every revision is recognised");
	INT_EQ(stats.n_logitems, 0, "nor the log item");
	INT_EQ(count(st, "SELECT COUNT(*) FROM revision"), 5, "still five revisions");

	/* An older revision arriving later: stored, parent chain kept, not current. */
	static const char older[] =
		"<mediawiki><page><title>Alpha</title><ns>0</ns>"
		"<revision><timestamp>2020-01-02T12:00:00Z</timestamp><text>Between</text></revision>"
		"<revision><timestamp>2019-01-01T00:00:00Z</timestamp><text>Oldest</text></revision>"
		"</page></mediawiki>";
	INT_EQ(import(st, a, older, &o, &stats), RC_OK, "import older revisions");
	STR_EQ(text_of(st, a, "SELECT group_concat(rev_id || '<' || rev_parent_id, ' ') FROM"
			      " (SELECT * FROM revision WHERE rev_page = 1 ORDER BY rev_id)"),
	       "1<0 2<1 6<1 7<0", "each parent is the newest revision not younger");
	INT_EQ(count(st, "SELECT page_latest FROM page WHERE page_id = 1"), 2, "the newest stays current");

	/* Target namespace and root page. */
	static const char one[] = "<mediawiki><page><title>Talk:Delta</title><ns>1</ns><revision>"
				  "<timestamp>2020-01-01T00:00:00Z</timestamp><text>d</text></revision></page>"
				  "</mediawiki>";
	o.target_ns = WIKI_NS_HELP;
	INT_EQ(import(st, a, one, &o, &stats), RC_OK, "import into a namespace");
	INT_EQ(count(st, "SELECT COUNT(*) FROM page WHERE page_namespace = 12 AND page_title = 'Delta'"), 1,
	       "the page is Help:Delta");
	o.target_ns = DUMP_NO_NS;
	o.rootpage = "User:Root";
	INT_EQ(import(st, a, one, &o, &stats), RC_OK, "import under a root page");
	INT_EQ(count(st, "SELECT COUNT(*) FROM page WHERE page_namespace = 2 AND page_title = 'Root/Talk:Delta'"), 1,
	       "the page is User:Root/Talk:Delta");
	o.rootpage = NULL;

	/* A revision too big is skipped on the command line, fatal through the API. */
	struct sbuf big;
	sbuf_init(&big, 8u << 20);
	sbuf_adds(&big, "<mediawiki><page><title>Huge</title><revision><text>");
	for (size_t i = 0; i < DUMP_TEXT_MAX + 10; i++)
		sbuf_addc(&big, 'x');
	sbuf_adds(&big, "</text></revision><revision><timestamp>2020-01-01T00:00:00Z</timestamp><text>small</text>"
			"</revision></page></mediawiki>");
	INT_EQ(import(st, a, sbuf_cstr(&big), &o, &stats), RC_OK, "the command line goes on");
	INT_EQ(stats.n_revisions, 1, "with the small revision only");
	o.is_cli = false;
	INT_EQ(import(st, a, sbuf_cstr(&big), &o, &stats), RC_INVALID, "the API stops");
	o.is_cli = true;
	sbuf_release(&big);
}

/* Export page ns:dbkey with its history into a string in `a`. */
static const char *export_page(struct store *st, struct arena *a, int ns, const char *dbkey, enum dump_schema v)
{
	struct dump_export_opts eo = { .schema = v, .history = DUMP_FULL };
	struct dump_export *x = dump_export_new(&eo);
	dump_export_add(x, ns, dbkey);
	struct sbuf out;
	sbuf_init(&out, 1 << 20);
	int rc = dump_export_all(x, st, &out);
	dump_export_free(x);
	const char *s = rc == RC_OK ? arena_strdup(a, sbuf_cstr(&out)) : "";
	sbuf_release(&out);
	const char *page = strstr(s, "  <page>");
	return page ? page : s;
}

static void test_export(struct store *st, struct arena *a)
{
	/* Hide text, comment and author of Alpha's second revision. */
	store_run(st, "UPDATE revision SET rev_deleted = 7 WHERE rev_id = 2", "");
	const char *x = export_page(st, a, 0, "Alpha", DUMP_SCHEMA_11);
	const char *first = strstr(x, "<id>1</id>"), *last = strstr(x, "<id>7</id>");
	OK(first && last && first < last, "revisions come in id order");
	OK(last && strstr(last, "      <contributor>\n        <username>other&gt;Unknown user</username>\n"
				"        <id>0</id>\n      </contributor>\n      <origin>7</origin>\n"),
	   "an author without an account: username and id 0");
	const char *r2 = strstr(x, "    <revision>\n      <id>2</id>");
	OK(r2 != NULL, "revision 2 is there");
	const char *want2 =
		"    <revision>\n      <id>2</id>\n      <parentid>1</parentid>\n"
		"      <timestamp>2020-01-03T00:00:00Z</timestamp>\n      <contributor deleted=\"deleted\" />\n"
		"      <minor/>\n      <comment deleted=\"deleted\" />\n      <origin>2</origin>\n"
		"      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
		"      <text bytes=\"13\" sha1=\"";
	OK(r2 && strncmp(r2, want2, strlen(want2)) == 0, "hidden author and comment");
	const char *stub = r2 ? strstr(r2, "\" deleted=\"deleted\" />\n      <sha1/>\n    </revision>\n") : NULL;
	OK(stub != NULL, "hidden text: a stub with deleted=\"deleted\" and an empty sha1");
	const char *r1 = strstr(x, "    <revision>\n      <id>1</id>");
	OK(r1 && strstr(r1, "<comment>first &amp; &lt;one&gt;</comment>\n"), "comments are escaped");
	OK(r1 && strstr(r1, "xml:space=\"preserve\">Hello [[B]]</text>\n"), "text");

	x = export_page(st, a, 1, "Alpha", DUMP_SCHEMA_10);
	OK(strstr(x, "      <contributor>\n        <username>other&gt;Unknown user</username>\n") != NULL,
	   "a deleted contributor in the dump becomes Unknown user");
	OK(strstr(x, "<format>text/x-wiki</format>\n      <text bytes=\"0\" xml:space=\"preserve\" />\n"
		     "      <sha1>phoiac9h4m842xq45sp7s6u21eteeq1</sha1>") != NULL,
	   "schema 0.10: empty text, no sha1 attribute, no origin");

	store_run(st, "INSERT INTO redirect (rd_from, rd_namespace, rd_title) VALUES (3, 4, 'Target''s \"page\"')", "");
	store_run(st, "UPDATE page SET page_is_redirect = 1 WHERE page_id = 3", "");
	x = export_page(st, a, 0, "Portal:Beta", DUMP_SCHEMA_11);
	OK(strstr(x, "    <redirect title=\"wikid:Target&#039;s &quot;page&quot;\" />\n") != NULL,
	   "the redirect target, as an escaped attribute");
	x = export_page(st, a, 0, "Nonexistent", DUMP_SCHEMA_11);
	OK(strstr(x, "<page>") == NULL && strstr(x, "</mediawiki>\n"), "a missing page is left out");
}

/*
 * An import cut short (a dump file that ends inside a page, as a download
 * stopped halfway) keeps the batches committed before the cut, counts only
 * those as imported, and a second run of the whole dump imports the rest
 * and skips what is in: the command line's resumable import.
 */
static void test_resume(struct store *st, struct arena *a)
{
	static const char whole[] =
		"<mediawiki>"
		"<page><title>Resume one</title><revision><timestamp>2021-01-01T00:00:00Z</timestamp>"
		"<text>one</text></revision></page>"
		"<page><title>Resume two</title><revision><timestamp>2021-01-02T00:00:00Z</timestamp>"
		"<text>two</text></revision><revision><timestamp>2021-01-03T00:00:00Z</timestamp>"
		"<text>two again</text></revision></page>"
		"<page><title>Resume three</title><revision><timestamp>2021-01-04T00:00:00Z</timestamp>"
		"<text>three</text></revision></page>"
		"</mediawiki>";
	const char *cut = strstr(whole, "<page><title>Resume three");
	char *part = arena_strndup(a, whole, (size_t)(cut - whole) + 40);
	struct dump_import_opts o = {
		.user_prefix = "other", .assign_known_users = true, .target_ns = DUMP_NO_NS, .is_cli = true,
		.batch_revisions = 1,
	};
	struct dump_import_stats stats;
	OK(import(st, a, part, &o, &stats) != RC_OK, "a dump cut inside a page stops the import");
	INT_EQ(stats.n_pages_committed, 2, "the two pages before the cut are committed");
	INT_EQ(count(st, "SELECT COUNT(*) FROM revision JOIN page ON page_id = rev_page WHERE page_title LIKE 'Resume_%'"),
	       3, "with their three revisions, and nothing of the page cut");
	INT_EQ(import(st, a, whole, &o, &stats), RC_OK, "the whole dump again");
	INT_EQ(stats.n_revisions, 1, "imports only the revision that was missing");
	INT_EQ(stats.n_revisions_skipped, 3, "and recognises the three it had");
	INT_EQ(count(st, "SELECT COUNT(*) FROM revision JOIN page ON page_id = rev_page WHERE page_title LIKE 'Resume_%'"),
	       4, "every revision once");
	INT_EQ(count(st, "SELECT COUNT(*) FROM page WHERE page_title = 'Resume_three' AND page_latest > 0"), 1,
	       "the last page is complete");

	/* The imported pages are in the search index; srsort's last-edit orders use their revisions' times. */
	struct store_search_term term = { .text = "resume", .field = STORE_SEARCH_TITLE };
	struct store_search q = { .terms = &term, .n_terms = 1, .title_weight = 1, .limit = 10,
				  .sort = STORE_SEARCH_LAST_EDIT_DESC };
	struct store_search_hit *hits;
	size_t n;
	INT_EQ(store_search_run(st, a, &q, &hits, &n, NULL), RC_OK, "search the imported pages");
	STR_EQ(n == 3 ? arena_printf(a, "%s %s %s", hits[0].dbkey, hits[1].dbkey, hits[2].dbkey) : "",
	       "Resume_three Resume_two Resume_one", "last edit, newest first");
	q.sort = STORE_SEARCH_LAST_EDIT_ASC;
	q.limit = 2;
	q.offset = 1;
	INT_EQ(store_search_run(st, a, &q, &hits, &n, NULL), RC_OK, "search again");
	STR_EQ(n == 2 ? arena_printf(a, "%s %s", hits[0].dbkey, hits[1].dbkey) : "", "Resume_two Resume_three",
	       "last edit, oldest first, from the second hit");
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	config_defaults();
	dump_init();
	struct arena *a = arena_new();
	test_reader(a);
	test_sources(a);
	struct store *st = store_open(dir);
	OK(st != NULL, "open");
	INT_EQ(store_migrate(st), RC_OK, "migrate");
	test_import(st, a);
	test_resume(st, a);
	test_export(st, a);
	store_close(st);
	arena_free(a);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return harness_done();
}
