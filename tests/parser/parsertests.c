/* SPDX-License-Identifier: MIT */
/*
 * parsertests.c — the ./parsertests runner: reads MediaWiki's parser test
 * files (../shared/parser-tests/README.md describes the format) and our
 * own tests/parser/ files, runs each applicable test through wt_parse()
 * with an in-memory host (the articles of `!! article` blocks, the test
 * files, the interwiki table and messages of MediaWiki's test set-up,
 * ParserTestRunner.php), and compares the HTML.
 *
 *   ./parsertests [--verbose] [--filter REGEX] FILE...
 *   ./parsertests [--verbose] [--filter REGEX]     the ratchet: the shared
 *                                                  files and tests/parser/,
 *                                                  against tests/parser/baseline
 *
 * Output: one line per file and per section heading ("### Name" blocks),
 * failures by name with --verbose (and a diff of expected and actual),
 * and last "N passed, N failed, N skipped". A test applies when it has
 * an html, html/php or html/(star) section and is not disabled; others are
 * skipped. In ratchet mode the exit status is 0 when at least the
 * baseline's number passed, 1 when fewer, 77 when the shared files are
 * missing; with files it is 0 when nothing failed.
 *
 * Comparison: the output is unwrapped (no mw-parser-output div) and its
 * trailing whitespace is removed, as ParserTestRunner does, and so is
 * the expected text's (the newline that ends its section and any blank
 * line before it). Nothing else is normalized.
 */
#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/wt.h"
#include "util/arena.h"
#include "util/sbuf.h"
#include "wiki/wiki.h"

/* Where the shared test files and our own live, relative to the repository. */
#define SHARED_DIR "../shared/parser-tests"
#define OWN_DIR "tests/parser"
#define BASELINE_FILE "tests/parser/baseline"

/* Largest test file read, in bytes (the biggest upstream file is about 1 MiB). */
#define MAX_FILE (16u << 20)

/* ------------------------------------------------------------------ */
/* Reading test files                                                  */
/* ------------------------------------------------------------------ */

/* One `!! name` section of a block: its name (lower case) and content. */
struct section {
	char name[48];    /* section name, lower case */
	char *text;       /* content, without the final newline; may hold NULs */
	size_t len;       /* bytes of text */
};

/* A test or article block. */
struct block {
	struct section sec[16]; /* sections in order */
	int n;                  /* sections used */
	int line;               /* line of the block's first line */
	const char *heading;    /* the "### heading" the block is under */
};

/* The content of section `name` and its length in *len (NULs count), or NULL. */
static const char *sec_get_len(const struct block *b, const char *name, size_t *len)
{
	for (int i = 0; i < b->n; i++)
		if (strcmp(b->sec[i].name, name) == 0) {
			if (len)
				*len = b->sec[i].len;
			return b->sec[i].text;
		}
	return NULL;
}

static const char *sec_get(const struct block *b, const char *name)
{
	return sec_get_len(b, name, NULL);
}

/* Drop the newline that ends a section's content. */
static void sec_chop(struct section *s)
{
	if (s->len && s->text[s->len - 1] == '\n')
		s->text[--s->len] = '\0';
}

/* Append `n` bytes and a newline to a section's content. */
static void sec_append_line(struct section *s, const char *p, size_t n)
{
	s->text = xrealloc(s->text, s->len + n + 2);
	memcpy(s->text + s->len, p, n);
	s->len += n;
	s->text[s->len++] = '\n';
	s->text[s->len] = '\0';
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = xmalloc(MAX_FILE + 1);
	size_t n = fread(buf, 1, MAX_FILE, f);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* ------------------------------------------------------------------ */
/* The test environment (ParserTestRunner::staticSetup)                */
/* ------------------------------------------------------------------ */

static const struct wt_namespace namespaces[] = {
	{ -2, "Media", NULL, true, false, false, false },
	{ -1, "Special", NULL, true, false, false, false },
	{ 0, "", NULL, true, false, true, false },
	{ 1, "Talk", NULL, true, true, false, false },
	{ 2, "User", NULL, true, true, false, false },
	{ 3, "User talk", NULL, true, true, false, false },
	{ 4, "TestWiki", "Project", true, true, false, false },
	{ 5, "TestWiki talk", "Project talk", true, true, false, false },
	{ 6, "File", NULL, true, false, false, false },
	{ 7, "File talk", NULL, true, true, false, false },
	{ 8, "MediaWiki", NULL, true, false, false, false },
	{ 9, "MediaWiki talk", NULL, true, true, false, false },
	{ 10, "Template", NULL, true, true, false, false },
	{ 11, "Template talk", NULL, true, true, false, false },
	{ 12, "Help", NULL, true, true, false, false },
	{ 13, "Help talk", NULL, true, true, false, false },
	{ 14, "Category", NULL, true, true, false, false },
	{ 15, "Category talk", NULL, true, true, false, false },
	{ 100, "MemoryAlpha", NULL, true, false, false, false },
	{ 101, "MemoryAlpha talk", NULL, true, true, false, false },
};

static const struct wt_ns_alias ns_aliases[] = {
	{ "Image", 6 },
	{ "Image talk", 7 },
	{ "Project", 4 },
	{ "Project talk", 5 },
};

static const struct wt_interwiki interwikis[] = {
	{ "local", "http://doesnt.matter.org/$1", false, false, NULL },
	{ "wikipedia", "http://en.wikipedia.org/wiki/$1", false, false, NULL },
	{ "meatball", "http://www.usemod.com/cgi-bin/mb.pl?$1", false, false, NULL },
	{ "memoryalpha", "http://www.memory-alpha.org/en/index.php/$1", false, false, NULL },
	{ "zh", "http://zh.wikipedia.org/wiki/$1", true, false, "中文" },
	{ "es", "http://es.wikipedia.org/wiki/$1", true, false, "español" },
	{ "fr", "http://fr.wikipedia.org/wiki/$1", true, false, "français" },
	{ "ru", "http://ru.wikipedia.org/wiki/$1", true, false, "русский" },
	{ "mi", "http://mi.wikipedia.org/wiki/$1", true, false, "Māori" },
	{ "mul", "http://wikisource.org/wiki/$1", true, false, "mul" },
	{ "en", "http://en.wikipedia.org/wiki/$1", true, false, "English" },
	{ "stats", "https://stats.wikimedia.org/$1", true, false, NULL },
	{ "gerrit", "https://gerrit.wikimedia.org/$1", true, false, NULL },
	{ "wikinvest", "https://meta.wikimedia.org/wiki/Interwiki_map/discontinued#Wikinvest", true, false, NULL },
};

static const char *const local_iw[] = { "local", "mi" };

static const char *const protocols[] = {
	"bitcoin:", "ftp://", "ftps://", "geo:", "git://", "gopher://", "http://", "https://", "irc://", "ircs://",
	"magnet:", "mailto:", "matrix:", "mms://", "news:", "nntp://", "redis://", "sftp://", "sip:", "sips:", "sms:",
	"ssh://", "svn://", "tel:", "telnet://", "urn:", "worldwind://", "xmpp:", "//",
};

static const char *const nofollow_exceptions[] = { "no-nofollow.org" };

static void site_defaults(struct wt_site *s)
{
	memset(s, 0, sizeof(*s));
	s->sitename = "MediaWiki";
	s->server = "http://example.org";
	s->servername = "example.org";
	s->scriptpath = "";
	s->script = "/index.php";
	s->articlepath = "/wiki/$1";
	s->stylepath = "/skins";
	s->lang = "en";
	s->mainpage = "Main Page";
	s->upload_url = "http://example.com/images";
	s->ns = namespaces;
	s->n_ns = sizeof(namespaces) / sizeof(namespaces[0]);
	s->ns_aliases = ns_aliases;
	s->n_ns_aliases = sizeof(ns_aliases) / sizeof(ns_aliases[0]);
	s->iw = interwikis;
	s->n_iw = sizeof(interwikis) / sizeof(interwikis[0]);
	s->local_interwikis = local_iw;
	s->n_local_interwikis = 2;
	s->url_protocols = protocols;
	s->n_url_protocols = sizeof(protocols) / sizeof(protocols[0]);
	s->nofollow_exceptions = nofollow_exceptions;
	s->n_nofollow_exceptions = 1;
	s->nofollow_links = true;
	s->allow_external_images = true;
	s->enable_uploads = true;
	s->magic_isbn = s->magic_pmid = s->magic_rfc = true;
	s->fragment_mode = WT_FRAG_LEGACY;
	s->fragment_fallback = WT_FRAG_NONE;
	s->interwiki_magic = true;
	s->max_toc_level = 999;
	s->allow_display_title = true; /* $wgAllowDisplayTitle's default */
	s->thumb_width = 180;
	s->thumb_upright = 0.75;
}

/* ------------------------------------------------------------------ */
/* The host                                                            */
/* ------------------------------------------------------------------ */

/* An article of the current file. */
struct article {
	char *pdbk;   /* prefixed dbkey, with the English namespace names */
	int ns;       /* namespace */
	char *dbkey;  /* title without namespace */
	char *text;   /* wikitext */
	int64_t id;   /* page id */
};

/* The host's state: the articles known now. */
struct testhost {
	struct article *art;      /* articles */
	size_t n;                 /* count */
	size_t cap;               /* allocated */
	const struct wt_site *site; /* the site in use */
	char *static_tag;         /* what <statictag> holds, NULL when empty */
};

static const struct article *find_article(struct testhost *h, struct arena *a, const struct wt_title *t)
{
	/* By namespace number: a test's content language names namespaces its own way. */
	(void)a;
	if (t->interwiki[0])
		return NULL;
	for (size_t i = 0; i < h->n; i++)
		if (h->art[i].ns == t->ns && strcmp(h->art[i].dbkey, t->dbkey) == 0)
			return &h->art[i];
	return NULL;
}

/* A test file registered by ParserTestRunner::setupUploads. */
struct testfile {
	const char *name;      /* dbkey */
	int width, height;     /* pixels */
	const char *mime;      /* MIME type */
	const char *media;     /* media type */
	const char *hash;      /* hash path "3/3a" */
	int64_t size;          /* bytes */
	int pages;             /* pages of a document */
};

static const struct testfile files[] = {
	{ "Foobar.jpg", 1941, 220, "image/jpeg", "BITMAP", "3/3a", 7881, 0 },
	{ "Thumb.png", 135, 135, "image/png", "BITMAP", "e/ea", 22589, 0 },
	{ "Foobar.svg", 240, 180, "image/svg+xml", "DRAWING", "f/ff", 12345, 0 },
	{ "Bad.jpg", 320, 240, "image/jpeg", "BITMAP", "0/09", 12345, 0 },
	{ "Video.ogv", 320, 240, "application/ogg", "VIDEO", "0/00", 12345, 0 },
	{ "Audio.oga", 0, 0, "application/ogg", "AUDIO", "4/41", 12345, 0 },
	{ "LoremIpsum.djvu", 2480, 3508, "image/vnd.djvu", "OFFICE", "5/5f", 3249, 5 },
};

static bool is_redirect_text(const char *t, const char **target, size_t *tlen)
{
	while (*t == ' ' || *t == '\n')
		t++;
	if (strncasecmp(t, "#REDIRECT", 9) != 0)
		return false;
	const char *l = strstr(t, "[[");
	if (!l)
		return false;
	const char *e = strstr(l, "]]");
	if (!e)
		return false;
	const char *bar = memchr(l + 2, '|', (size_t)(e - l - 2));
	*target = l + 2;
	*tlen = (size_t)((bar ? bar : e) - l - 2);
	return true;
}

static void host_page_info(void *data, struct arena *a, struct wt_page_info *pages, size_t n)
{
	struct testhost *h = data;
	for (size_t i = 0; i < n; i++) {
		const struct wt_title *t = pages[i].title;
		if (t->ns == -1) {
			size_t cl;
			const char *slash = strchr(t->dbkey, '/');
			size_t nl = slash ? (size_t)(slash - t->dbkey) : strlen(t->dbkey);
			pages[i].exists = wiki_special_canonical(t->dbkey, nl, &cl) != NULL;
			continue;
		}
		if (t->ns == 6) {
			for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++)
				if (strcmp(files[k].name, t->dbkey) == 0)
					pages[i].exists = true;
		}
		const struct article *art = find_article(h, a, t);
		if (art) {
			const char *tg;
			size_t tl;
			pages[i].exists = true;
			pages[i].page_id = art->id;
			pages[i].latest = art->id;
			pages[i].length = (int64_t)strlen(art->text);
			pages[i].is_redirect = is_redirect_text(art->text, &tg, &tl);
			pages[i].content_model = "wikitext";
		}
	}
}

static int host_fetch(void *data, struct arena *a, const struct wt_title *title, struct wt_fetched *out)
{
	struct testhost *h = data;
	memset(out, 0, sizeof(*out));
	struct wt_title t = *title;
	struct wt_title *deps = arena_alloc(a, 3 * sizeof(*deps));
	size_t nd = 0;
	for (int hop = 0; hop < 3; hop++) {
		deps[nd++] = t;
		out->title = t;
		const struct article *art = find_article(h, a, &t);
		if (!art) {
			out->text = NULL;
			break;
		}
		out->page_id = art->id;
		out->rev_id = art->id;
		const char *tg;
		size_t tl;
		struct wt_title next;
		if (hop < 2 && is_redirect_text(art->text, &tg, &tl) &&
		    wt_title_parse(a, h->site, tg, tl, 0, &next) == 0) {
			t = next;
			continue;
		}
		out->text = art->text;
		out->len = strlen(art->text);
		break;
	}
	out->deps = deps;
	out->n_deps = nd;
	return 0;
}

static int host_file(void *data, struct arena *a, const struct wt_title *title, struct wt_file *out)
{
	(void)data;
	memset(out, 0, sizeof(*out));
	for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		const struct testfile *f = &files[k];
		if (strcmp(f->name, title->dbkey) != 0)
			continue;
		out->exists = true;
		out->width = f->width;
		out->height = f->height;
		out->mime = f->mime;
		out->media_type = f->media;
		out->url = arena_printf(a, "http://example.com/images/%s/%s", f->hash, f->name);
		out->thumb_base = arena_printf(a, "http://example.com/images/thumb/%s/%s", f->hash, f->name);
		out->size = f->size;
		out->n_pages = f->pages;
		out->timestamp = "20010115123500";
		return 0;
	}
	return 0;
}

/* Site statistics: the runner's files are uploaded; it counts nothing else. */
static int64_t host_site_stat(void *data, const char *what)
{
	(void)data;
	return strcmp(what, "files") == 0 ? (int64_t)ARRAY_SIZE(files) : 0;
}

/* ParserTestRunner's BadImage hook: Bad.jpg is bad everywhere. */
static bool host_bad_file(void *data, const char *dbkey, const struct wt_title *page)
{
	(void)data;
	(void)page;
	return strcmp(dbkey, "Bad.jpg") == 0;
}

/* The wiki's special pages (MediaWiki 1.39 core), as SpecialPageFactory resolves them. */
static const char *host_special_page(void *data, struct arena *a, const char *name)
{
	(void)data;
	size_t cl;
	const char *e = wiki_special_canonical(name, strlen(name), &cl);
	return e ? arena_strndup(a, e, cl) : NULL;
}

static int cmp_listed(const void *x, const void *y)
{
	return strcmp(((const struct wt_listed_page *)x)->dbkey, ((const struct wt_listed_page *)y)->dbkey);
}

/* The articles of namespace `ns` for Special:AllPages and Special:PrefixIndex, as the wiki lists pages. */
static int host_list_pages(void *data, struct arena *a, int ns, const char *from, const char *to, const char *prefix,
			   bool no_redirects, size_t limit, struct wt_listed_page **out, size_t *n)
{
	struct testhost *h = data;
	struct wt_listed_page *rows = arena_calloc(a, h->n + 1, sizeof(*rows));
	size_t k = 0;
	for (size_t i = 0; i < h->n; i++) {
		struct wt_title t;
		const char *target;
		size_t tl;
		if (wt_title_parse(a, h->site, h->art[i].pdbk, strlen(h->art[i].pdbk), 0, &t) != 0 || t.ns != ns)
			continue;
		if ((from && strcmp(t.dbkey, from) < 0) || (to && strcmp(t.dbkey, to) > 0) ||
		    (prefix && strncmp(t.dbkey, prefix, strlen(prefix)) != 0))
			continue;
		bool redirect = is_redirect_text(h->art[i].text, &target, &tl);
		if (redirect && no_redirects)
			continue;
		rows[k].dbkey = t.dbkey;
		rows[k].is_redirect = redirect;
		k++;
	}
	qsort(rows, k, sizeof(*rows), cmp_listed);
	*out = rows;
	*n = k < limit ? k : limit;
	return RC_OK;
}

/* English interface messages the test expectations contain (MediaWiki's en.json). */
static const char *const messages[][2] = {
	{ "toc", "Contents" },
	{ "editsection", "edit" },
	{ "editsectionhint", "Edit section: $1" },
	{ "red-link-title", "$1 (page does not exist)" },
	{ "parser-template-loop-warning", "Template loop detected: [[$1]]" },
	{ "parser-template-recursion-depth-warning", "Template recursion depth limit exceeded ($1)" },
	{ "parser-node-count-exceeded-text", "Node-count limit exceeded" },
	{ "parser-expansion-depth-exceeded-text", "Expansion depth limit exceeded" },
	{ "parser-invalid-tag-extension", "Invalid tag extension name: " },
	{ "parser-unstrip-loop-warning", "Parser unstrip loop detected" },
	{ "unstrip-depth-warning", "Exceeded recursion depth limit ($1)" },
	{ "unstrip-size-warning", "Exceeded unstrip size limit ($1)" },
	{ "post-expand-template-inclusion-comment", "WARNING: template omitted, post-expand include size too large" },
	{ "post-expand-template-argument-comment", "WARNING: argument omitted, expansion size too large" },
	{ "template-loop-category", "Pages with template loops" },
	{ "duplicate-args-category", "Pages using duplicate arguments in template calls" },
	{ "expensive-parserfunction-category", "Pages with too many expensive parser function calls" },
	{ "post-expand-template-inclusion-category", "Pages where template include size is exceeded" },
	{ "post-expand-template-argument-category", "Pages containing omitted template arguments" },
	{ "node-count-exceeded-category", "Pages where node count is exceeded" },
	{ "expansion-depth-exceeded-category", "Pages where expansion depth is exceeded" },
	{ "broken-file-category", "Pages with broken file links" },
	{ "hidden-category-category", "Hidden categories" },
	{ "thumbnail-more", "Enlarge" },
	{ "signature-anon", "[[Special:Contributions/$1|$2]]" },
	{ "youhavenewmessages", "You have $1 ($2)." },
	{ "mainpage", "Main Page" },
	{ "history_short", "History" },
	{ "ok", "OK" },
	{ "nbytes", "$1 bytes" },
	{ "rfcurl", "https://tools.ietf.org/html/rfc$1" },
	{ "pubmedurl", "//www.ncbi.nlm.nih.gov/pubmed/$1?dopt=Abstract" },
	/* Ours, as src/wiki/parse.c has it (tests/parser/indicator.txt). */
	{ "invalid-indicator-name", "<strong>Error:</strong> a page status indicator needs a non-empty <code>name</code>." },
	{ "converter-manual-rule-error", "This manual language conversion rule has an error" },
	{ "language-converter-depth-warning", "Language conversion rules nested deeper than the limit ($1)" },
	{ "invalid-langconvert-attrs", "<strong>Error:</strong> <code>from</code> and <code>to</code> of a langconvert tag must both be BCP 47 codes of convertible variants of one language." },
	{ "duplicate-displaytitle",
	  "<strong>Warning:</strong> the display title \"$2\" replaces the earlier display title \"$1\"." },
};

/* The few messages the expectations of other content languages show (their Messages files' texts). */
static const char *const lang_messages[][3] = {
	{ "ar", "red-link-title", "$1 (الصفحة غير موجودة)" },
	{ "ca", "red-link-title", "$1 (encara no existeix)" },
	{ "de", "thumbnail-more", "vergrößern" },
	{ "es", "thumbnail-more", "Aumentar" },
	{ "kaa", "red-link-title", "$1 (bet ele jaratılmaǵan)" },
	{ "ln", "red-link-title", "$1 (lonkásá  ezalí tɛ̂)" },
	{ "tr", "red-link-title", "$1 (sayfa mevcut değil)" },
	{ "sr", "editsection", "уреди" },
	{ "sr", "editsectionhint", "Уредите одељак „$1”" },
	{ "sr", "thumbnail-more", "Повећајте" },
	{ "zh", "thumbnail-more", "放大" },
};

static const char *host_message(void *data, struct arena *a, const char *key, const char *lang)
{
	for (size_t i = 0; lang && i < ARRAY_SIZE(lang_messages); i++)
		if (strcmp(lang_messages[i][0], lang) == 0 && strcmp(lang_messages[i][1], key) == 0)
			return lang_messages[i][2];
	/* MessageCache: a page MediaWiki:Key overrides the message. */
	struct testhost *h = data;
	if (h && h->site && key[0]) {
		struct wt_title t;
		if (wt_title_parse(a, h->site, key, strlen(key), 8, &t) == 0 && t.ns == 8) {
			const struct article *art = find_article(h, a, &t);
			if (art)
				return art->text;
		}
	}
	for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
		if (strcmp(messages[i][0], key) == 0)
			return messages[i][1];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The extension tags of ParserTestParserHook                          */
/* ------------------------------------------------------------------ */

/* PHP's var_export() of a string: single quotes, with ' and \ escaped. */
static void export_str(struct sbuf *b, const char *s, size_t n)
{
	sbuf_addc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			sbuf_addc(b, '\\');
		sbuf_addc(b, s[i]);
	}
	sbuf_addc(b, '\'');
}

/* var_export() of the attribute array: keys that are canonical integers lose their quotes, as PHP's do. */
static void export_attrs(struct sbuf *b, const struct str *attrs, size_t n)
{
	sbuf_adds(b, "array (\n");
	for (size_t i = 0; i < n; i++) {
		struct str k = attrs[2 * i];
		bool is_int = k.len && k.len < 19 && strspn(k.p, "0123456789") >= k.len && (k.p[0] != '0' || k.len == 1);
		sbuf_adds(b, "  ");
		if (is_int)
			sbuf_add(b, k.p, k.len);
		else
			export_str(b, k.p, k.len);
		sbuf_adds(b, " => ");
		export_str(b, attrs[2 * i + 1].p, attrs[2 * i + 1].len);
		sbuf_adds(b, ",\n");
	}
	sbuf_addc(b, ')');
}

/* <tag> and <tåg> (dumpHook): the content and the attributes, var_export()ed inside <pre>. */
static const char *tag_dump(void *data, struct arena *a, const char *content, size_t content_len,
			    const struct str *attrs, size_t n_attrs)
{
	(void)data;
	struct sbuf b;
	sbuf_init(&b, MAX_FILE);
	sbuf_adds(&b, "<pre>\n");
	if (content)
		export_str(&b, content, content_len);
	else
		sbuf_adds(&b, "NULL");
	sbuf_addc(&b, '\n');
	export_attrs(&b, attrs, n_attrs);
	sbuf_adds(&b, "\n</pre>");
	char *r = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return r;
}

/* Html::openElement's attributes: ' name="value"' with the value escaped. */
static void html_attrs(struct sbuf *b, const struct str *attrs, size_t n_attrs)
{
	for (size_t i = 0; i < n_attrs; i++) {
		sbuf_addf(b, " %.*s=\"", (int)attrs[2 * i].len, attrs[2 * i].p);
		for (size_t k = 0; k < attrs[2 * i + 1].len; k++) {
			char c = attrs[2 * i + 1].p[k];
			if (c == '&')
				sbuf_adds(b, "&amp;");
			else if (c == '"')
				sbuf_adds(b, "&quot;");
			else if (c == '<')
				sbuf_adds(b, "&lt;");
			else
				sbuf_addc(b, c);
		}
		sbuf_addc(b, '"');
	}
}

/*
 * The styletag option's <style> hook (ParserTestRunner): Html::inlineStyle
 * of the content as written, with the tag's attributes.
 */
static const char *tag_style(void *data, struct arena *a, const char *content, size_t content_len,
			     const struct str *attrs, size_t n_attrs)
{
	(void)data;
	struct sbuf b;
	sbuf_init(&b, MAX_FILE);
	sbuf_adds(&b, "<style");
	html_attrs(&b, attrs, n_attrs);
	sbuf_addc(&b, '>');
	if (content)
		sbuf_add(&b, content, content_len);
	sbuf_adds(&b, "</style>");
	const char *r = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return r;
}

/* The styletag option's <link> hook: Html::element( 'link', attributes ). */
static const char *tag_link(void *data, struct arena *a, const char *content, size_t content_len,
			    const struct str *attrs, size_t n_attrs)
{
	(void)data;
	(void)content;
	(void)content_len;
	struct sbuf b;
	sbuf_init(&b, MAX_FILE);
	sbuf_adds(&b, "<link");
	html_attrs(&b, attrs, n_attrs);
	sbuf_adds(&b, " />");
	const char *r = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return r;
}

/* <asidetag> (the runner's asideTagHook): a fixed <aside> element, whatever the tag holds. */
static const char *tag_aside(void *data, struct arena *a, const char *content, size_t content_len,
			     const struct str *attrs, size_t n_attrs)
{
	(void)data;
	(void)a;
	(void)content;
	(void)content_len;
	(void)attrs;
	(void)n_attrs;
	return "<aside>Some aside content</aside>";
}

/*
 * <statictag> (staticTagHook): <statictag>x</statictag> keeps x and shows
 * nothing, <statictag action=flush/> shows what was kept; any other use
 * explains itself.
 */
static const char *tag_static(void *data, struct arena *a, const char *content, size_t content_len,
			      const struct str *attrs, size_t n_attrs)
{
	struct testhost *h = data;
	if (n_attrs == 0) {
		xfree(h->static_tag);
		h->static_tag = content ? xstrndup(content, content_len) : NULL;
		return "";
	}
	if (n_attrs == 1 && !content && str_eq(attrs[0], "action") && str_eq(attrs[1], "flush")) {
		const char *r = arena_strdup(a, h->static_tag ? h->static_tag : "");
		xfree(h->static_tag);
		h->static_tag = NULL;
		return r;
	}
	struct sbuf b;
	sbuf_init(&b, MAX_FILE);
	sbuf_adds(&b, "\nCall this extension as <statictag>string</statictag> or as <statictag action=flush/>, "
		      "not in any other way.\ntext: ");
	if (content)
		export_str(&b, content, content_len);
	else
		sbuf_adds(&b, "NULL");
	sbuf_adds(&b, "\nargv: ");
	export_attrs(&b, attrs, n_attrs);
	sbuf_addc(&b, '\n');
	char *r = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return r;
}

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

/* One option: name and raw value (quotes and [[ ]] removed), NULL when bare. */
struct opt {
	char name[64]; /* lower case */
	char *value;   /* value, or NULL */
};

static int parse_options(const char *s, struct opt *o, int max)
{
	int n = 0;
	if (!s)
		return 0;
	while (*s && n < max) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		const char *ns = s;
		while (*s && *s != '=' && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		size_t nl = (size_t)(s - ns) < sizeof(o[n].name) - 1 ? (size_t)(s - ns) : sizeof(o[n].name) - 1;
		memcpy(o[n].name, ns, nl);
		o[n].name[nl] = '\0';
		for (char *c = o[n].name; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
		o[n].value = NULL;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '=') {
			s++;
			while (*s == ' ' || *s == '\t')
				s++;
			const char *vs = s;
			const char *ve;
			/* Values: "quoted", [[link]], {json}, or up to whitespace; a list separated by ','. */
			for (;;) {
				if (*s == '"') {
					const char *e = strchr(s + 1, '"');
					s = e ? e + 1 : s + strlen(s);
				} else if (s[0] == '[' && s[1] == '[') {
					const char *e = strstr(s, "]]");
					s = e ? e + 2 : s + strlen(s);
				} else if (*s == '{') {
					int depth = 0;
					do {
						if (*s == '{')
							depth++;
						else if (*s == '}')
							depth--;
						s++;
					} while (*s && depth);
				} else {
					while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != ',')
						s++;
				}
				if (*s == ',') {
					s++;
					continue;
				}
				break;
			}
			ve = s;
			char *v = xstrndup(vs, (size_t)(ve - vs));
			size_t vl = strlen(v);
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"' && !strchr(v + 1, ',')) {
				memmove(v, v + 1, vl - 2);
				v[vl - 2] = '\0';
			} else if (vl >= 4 && v[0] == '[' && v[1] == '[' && v[vl - 1] == ']' && v[vl - 2] == ']') {
				memmove(v, v + 2, vl - 4);
				v[vl - 4] = '\0';
			}
			o[n].value = v;
		}
		n++;
	}
	return n;
}

/* Free the values parse_options() allocated. */
static void opts_free(struct opt *o, int n)
{
	for (int i = 0; i < n; i++) {
		xfree(o[i].value);
		o[i].value = NULL;
	}
}

static const struct opt *opt_get(const struct opt *o, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(o[i].name, name) == 0)
			return &o[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Running                                                             */
/* ------------------------------------------------------------------ */

/* Counters of a file or a section. */
struct tally {
	int pass, fail, skip; /* counts */
};

static bool verbose;
static regex_t filter;
static bool has_filter;

static void show_diff(const char *exp, const char *got)
{
	printf("    --- expected\n%s\n    --- actual\n%s\n    ---\n", exp, got);
}

/* Strip the trailing whitespace of s in place (preg_replace('/\s+$/', '')). */
static void rtrim(char *s)
{
	size_t n = strlen(s);
	while (n && strchr(" \t\n\r\f\v", s[n - 1]))
		s[--n] = '\0';
}

/* Apply one `!! config` line to the site. */
static void apply_config(struct wt_site *s, const char *line)
{
	const char *eq = strchr(line, '=');
	if (!eq)
		return;
	size_t kl = (size_t)(eq - line);
	const char *v = eq + 1;
	if (kl == 14 && strncmp(line, "wgFragmentMode", 14) == 0) {
		const char *h = strstr(v, "html5"), *l = strstr(v, "legacy");
		if (h && (!l || h < l)) {
			s->fragment_mode = WT_FRAG_HTML5;
			s->fragment_fallback = l ? WT_FRAG_LEGACY : WT_FRAG_NONE;
		} else if (l) {
			s->fragment_mode = WT_FRAG_LEGACY;
			s->fragment_fallback = h ? WT_FRAG_HTML5 : WT_FRAG_NONE;
		}
	} else if (strncmp(line, "wgAllowDisplayTitle", kl) == 0 && kl == 19) {
		s->allow_display_title = strncmp(v, "true", 4) == 0;
	} else if (strncmp(line, "wgRestrictDisplayTitle", kl) == 0 && kl == 22) {
		s->restrict_display_title = strncmp(v, "true", 4) == 0;
	} else if (strncmp(line, "wgExternalLinkTarget", kl) == 0 && kl == 20) {
		/* One value per test, as the tests set it: a quoted string. */
		static char target[64];
		snprintf(target, sizeof(target), "%s", v + (*v == '"'));
		char *q = strchr(target, '"');
		if (q)
			*q = '\0';
		s->external_link_target = target;
	} else if (strncmp(line, "wgNoFollowDomainExceptions", kl) == 0 && kl == 26) {
		/* One domain, as the tests set it: a quoted string. */
		static char domain[256];
		static const char *list[1] = { domain };
		snprintf(domain, sizeof(domain), "%s", v + (*v == '"'));
		char *q = strchr(domain, '"');
		if (q)
			*q = '\0';
		s->nofollow_exceptions = list;
		s->n_nofollow_exceptions = 1;
	} else if (strncmp(line, "wgNoFollowLinks", kl) == 0 && kl == 15) {
		s->nofollow_links = strncmp(v, "true", 4) == 0;
	} else if (strncmp(line, "wgUsePigLatinVariant", kl) == 0 && kl == 20) {
		s->use_piglatin = strncmp(v, "true", 4) == 0;
	} else if (strncmp(line, "wgInterwikiMagic", kl) == 0 && kl == 16) {
		s->interwiki_magic = strncmp(v, "true", 4) == 0;
	}
}

static bool opt_true(const struct opt *o)
{
	return o && o->value && (strcmp(o->value, "true") == 0 || strcmp(o->value, "1") == 0);
}

/* htmlspecialchars() of `n` bytes of text. */
static void html_text(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': sbuf_adds(b, "&amp;"); break;
		case '<': sbuf_adds(b, "&lt;"); break;
		case '>': sbuf_adds(b, "&gt;"); break;
		case '"': sbuf_adds(b, "&quot;"); break;
		case '\'': sbuf_adds(b, "&#039;"); break;
		default: sbuf_addc(b, s[i]);
		}
	}
}

/* Run one test block; returns 1 pass, 0 fail, -1 skip. */
static int run_test(struct testhost *h, const struct block *b, const char *name)
{
	const char *expected = sec_get(b, "html/php");
	if (!expected)
		expected = sec_get(b, "html/*");
	if (!expected)
		expected = sec_get(b, "html");
	size_t input_len = 0;
	const char *input = sec_get_len(b, "wikitext", &input_len);
	struct opt o[64];
	int no = parse_options(sec_get(b, "options"), o, 64);
	if (!expected || !input || opt_get(o, no, "disabled") ||
	    (has_filter && regexec(&filter, name, 0, NULL, 0) != 0)) {
		opts_free(o, no);
		return -1;
	}

	struct wt_site site;
	site_defaults(&site);
	const struct opt *op;
	long long num;
	if ((op = opt_get(o, no, "thumbsize")) && op->value && util_parse_ll(op->value, &num) == 0)
		site.thumb_width = (int)num;
	if ((op = opt_get(o, no, "wgmaxtoclevel")) && op->value && util_parse_ll(op->value, &num) == 0)
		site.max_toc_level = (int)num;
	if ((op = opt_get(o, no, "wgallowexternalimages")))
		site.allow_external_images = opt_true(op);
	if ((op = opt_get(o, no, "wgenableuploads")))
		site.enable_uploads = opt_true(op);
	if ((op = opt_get(o, no, "externallinktarget")) && op->value)
		site.external_link_target = op->value; /* ParserOptions::setExternalLinkTarget */
	if ((op = opt_get(o, no, "wgrawhtml")))
		site.raw_html = opt_true(op);
	if ((op = opt_get(o, no, "wgenablemagiclinks")) && op->value) {
		if (strstr(op->value, "\"ISBN\":false"))
			site.magic_isbn = false;
		if (strstr(op->value, "\"PMID\":false"))
			site.magic_pmid = false;
		if (strstr(op->value, "\"RFC\":false"))
			site.magic_rfc = false;
	}
	struct wt_namespace ns_copy[sizeof(namespaces) / sizeof(namespaces[0])];
	memcpy(ns_copy, namespaces, sizeof(ns_copy));
	bool subpage = opt_get(o, no, "subpage") != NULL;
	/* wgNonincludableNamespaces=N: namespace N is never transcluded. */
	long long nonincl = -1000;
	if ((op = opt_get(o, no, "wgnonincludablenamespaces")) && op->value)
		util_parse_ll(op->value, &nonincl);
	for (size_t i = 0; i < sizeof(ns_copy) / sizeof(ns_copy[0]); i++) {
		ns_copy[i].has_subpages = subpage;
		ns_copy[i].is_nonincludable = ns_copy[i].id == nonincl;
	}
	site.ns = ns_copy;
	const char *config = sec_get(b, "config");
	if (config) {
		char *c = xstrdup(config);
		for (char *l = c; l && *l;) {
			char *e = strchr(l, '\n');
			if (e)
				*e = '\0';
			apply_config(&site, l);
			l = e ? e + 1 : NULL;
		}
		xfree(c);
	}
	struct wt_ext_tag test_tags[] = {
		{ "tag", h, tag_dump },
		{ "t\xc3\xa5g", h, tag_dump },
		{ "statictag", h, tag_static },
		{ "asidetag", h, tag_aside },
	};
	struct wt_ext_tag style_tags[] = {
		{ "tag", h, tag_dump },
		{ "t\xc3\xa5g", h, tag_dump },
		{ "statictag", h, tag_static },
		{ "asidetag", h, tag_aside },
		{ "style", h, tag_style },
		{ "link", h, tag_link },
	};
	bool styletag = opt_get(o, no, "styletag") != NULL;
	site.ext_tags = styletag ? style_tags : test_tags;
	site.n_ext_tags = styletag ? ARRAY_SIZE(style_tags) : ARRAY_SIZE(test_tags);
	xfree(h->static_tag);
	h->static_tag = NULL;
	h->site = &site;

	struct wt_host host = { h, host_page_info, host_fetch, host_file, host_message, NULL, NULL, host_site_stat,
				 NULL, host_bad_file, host_special_page, NULL, NULL, host_list_pages };
	struct wt_options opts;
	memset(&opts, 0, sizeof(opts));
	opts.title = "Parser test";
	if ((op = opt_get(o, no, "title")) && op->value)
		opts.title = op->value;
	opts.rev_id = 1337;
	opts.now = 123;
	opts.rev_size = -1;
	if (opt_get(o, no, "lastsavedrevision")) {
		/* The page's saved current revision: id 1337, page 187, by the runner's user, at the fake time. */
		opts.rev_current = true;
		opts.rev_user = "127.0.0.1";
		opts.page_id = 187;
	} else {
		/* MediaWiki's runner answers the page's current revision with the unsaved one it parses. */
		opts.unsaved_current = true;
	}
	opts.no_wrap = opt_get(o, no, "wrap") == NULL;
	opts.no_toc = opt_get(o, no, "notoc") != NULL;
	if ((op = opt_get(o, no, "maxincludesize")) && op->value && util_parse_ll(op->value, &num) == 0)
		opts.limits.max_include_size = (size_t)num;
	if ((op = opt_get(o, no, "maxtemplatedepth")) && op->value && util_parse_ll(op->value, &num) == 0)
		opts.limits.max_template_depth = (int)num;

	struct arena *a = arena_new();
	char *got = NULL;
	/*
	 * Skipped, with the reason --verbose prints: what wikid does not have,
	 * the new media markup ($wgParserEnableLegacyMediaDOM=false, not
	 * 1.39's default). Other content languages run with the language's
	 * code in the site and the variant option as $wgDefaultLanguageVariant.
	 */
	const char *skip = NULL;
	const char *cfg = sec_get(b, "config");
	const struct opt *lang = opt_get(o, no, "language");
	if (cfg && strstr(cfg, "wgParserEnableLegacyMediaDOM=false"))
		skip = "the new media markup (wgParserEnableLegacyMediaDOM=false)";
	if ((op = opt_get(o, no, "variant")) && op->value)
		opts.variant = op->value;
	if (skip) {
		if (verbose)
			printf("  SKIP %s (%s)\n", name, skip);
		arena_free(a);
		opts_free(o, no);
		return -1;
	}
	if (lang && lang->value) {
		/* The language's namespace names, the English ones staying canonical. */
		site.lang = lang->value;
		for (size_t i = 0; i < ARRAY_SIZE(ns_copy); i++) {
			const char *local = wt_lang_ns_name(site.lang, ns_copy[i].id);
			if (local) {
				ns_copy[i].canonical = ns_copy[i].name;
				ns_copy[i].name = local;
			}
		}
	}
	if (opt_get(o, no, "pst")) {
		/* Parser::preSaveTransform, signed by the runner's anonymous user. */
		struct wt_signer who = { "127.0.0.1", false, NULL, false };
		const char *res;
		size_t rl;
		bool is_signed = false;
		struct wt_output out;
		memset(&out, 0, sizeof(out));
		wt_pst(a, &site, &host, &opts, &who, input, input_len, &res, &rl, &is_signed);
		got = xstrndup(res, rl);
		if (opt_get(o, no, "showflags")) {
			rtrim(got);
			size_t need = strlen(got) + 32;
			char *g2 = xmalloc(need);
			snprintf(g2, need, "%s\nflags=%s", got, is_signed ? "user-signature" : "");
			xfree(got);
			got = g2;
		}
	} else if (opt_get(o, no, "preload")) {
		/* Parser::getPreloadText. */
		const char *res;
		size_t rl;
		wt_preload(a, &site, &host, &opts, input, input_len, &res, &rl);
		got = xstrndup(res, rl);
	} else if (opt_get(o, no, "comment")) {
		/* Linker::formatComment( input, title, local ). */
		const char *res;
		size_t rl;
		wt_comment_html(a, &site, &host, opts.title, opt_get(o, no, "local") != NULL, input, input_len, &res, &rl);
		got = xstrndup(res, rl);
	} else if (opt_get(o, no, "msg")) {
		/* Parser::transformMsg: the preprocessor alone, as an interface message. */
		struct wt_pp_options pp = { false, false };
		const char *res;
		size_t rl;
		struct wt_output out;
		memset(&out, 0, sizeof(out));
		wt_preprocess(a, &site, &host, &opts, &pp, input, input_len, &res, &rl, &out);
		got = xstrndup(res, rl);
	} else if ((op = opt_get(o, no, "section")) && op->value) {
		bool t = strncmp(op->value, "T-", 2) == 0;
		long n = strtol(op->value + (t ? 2 : 0), NULL, 10);
		size_t st, en;
		if (wt_section_find(a, input, input_len, n, t, &st, &en) == 0) {
			got = xstrndup(input + st, en - st);
		} else {
			got = xstrdup("");
		}
	} else if ((op = opt_get(o, no, "replace")) && op->value) {
		const char *comma = strchr(op->value, ',');
		long n = strtol(op->value, NULL, 10);
		const char *repl = comma ? comma + 1 : "";
		char *r = xstrdup(repl);
		size_t rl = strlen(r);
		if (rl >= 2 && r[0] == '"' && r[rl - 1] == '"') {
			memmove(r, r + 1, rl - 2);
			r[rl - 2] = '\0';
		}
		size_t st, en;
		size_t il = input_len;
		if (wt_section_find(a, input, il, n, false, &st, &en) == 0) {
			size_t need = il + strlen(r) + 4;
			got = xmalloc(need);
			snprintf(got, need, "%.*s%s%s%s", (int)st, input, r, r[0] ? "\n\n" : "", input + en);
		} else {
			got = xstrdup(input);
		}
		xfree(r);
	} else {
		struct wt_output out;
		wt_parse(a, &site, &host, &opts, input, input_len, &out);
		if (opt_get(o, no, "cat")) {
			struct sbuf sb;
			sbuf_init(&sb, MAX_FILE);
			for (size_t i = 0; i < out.n_categories; i++)
				sbuf_addf(&sb, "%scat=%s sort=%s", i ? "\n" : "", out.categories[i].name,
					  out.categories[i].sortkey);
			got = xstrdup(sbuf_cstr(&sb));
			sbuf_release(&sb);
		} else if (opt_get(o, no, "ill")) {
			struct sbuf sb;
			sbuf_init(&sb, MAX_FILE);
			for (size_t i = 0; i < out.n_langlinks; i++)
				sbuf_addf(&sb, "%s%s", i ? " " : "", out.langlinks[i]);
			got = xstrdup(sbuf_cstr(&sb));
			sbuf_release(&sb);
		} else {
			got = xstrndup(out.html, out.html_len);
			if (opt_get(o, no, "showindicators")) {
				/* ParserTestRunner: "name=html" lines before the page. */
				struct sbuf sb;
				sbuf_init(&sb, MAX_FILE);
				for (size_t i = 0; i < out.n_indicators; i++)
					sbuf_addf(&sb, "%s=%s\n", out.indicators[i].name, out.indicators[i].html);
				sbuf_addf(&sb, "%s", got);
				xfree(got);
				got = xstrdup(sbuf_cstr(&sb));
				sbuf_release(&sb);
			}
			if (opt_get(o, no, "showtitle")) {
				/*
				 * ParserOutput::getTitleText: the display title, else the
				 * title's HTML form (Parser::parse sets it in spans).
				 */
				const char *tt = out.title_text;
				struct wt_title pt;
				struct arena *ta = arena_new();
				if (!tt && wt_title_parse(ta, &site, opts.title, strlen(opts.title), 0, &pt) == 0) {
					const char *full = wt_title_prefixed(ta, &site, &pt, false);
					const char *colon = pt.ns ? strchr(full, ':') : NULL;
					struct sbuf tb;
					sbuf_init(&tb, MAX_FILE);
					if (colon) {
						sbuf_adds(&tb, "<span class=\"mw-page-title-namespace\">");
						html_text(&tb, full, (size_t)(colon - full));
						sbuf_adds(&tb, "</span><span class=\"mw-page-title-separator\">:</span>");
					}
					sbuf_adds(&tb, "<span class=\"mw-page-title-main\">");
					html_text(&tb, colon ? colon + 1 : full, strlen(colon ? colon + 1 : full));
					sbuf_adds(&tb, "</span>");
					tt = arena_strndup(a, sbuf_cstr(&tb), tb.len);
					sbuf_release(&tb);
				}
				arena_free(ta);
				if (!tt)
					tt = opts.title;
				size_t need = strlen(tt) + strlen(got) + 2;
				char *g2 = xmalloc(need);
				snprintf(g2, need, "%s\n%s", tt, got);
				xfree(got);
				got = g2;
			}
			if (opt_get(o, no, "showflags")) {
				/* ParserOutput's flags by name, sorted as PHP's sort() does. */
				bool newsection = false;
				for (size_t i = 0; i < out.n_props; i++)
					newsection |= strcmp(out.props[i].name, "newsectionlink") == 0;
				const char *names[8];
				size_t nn = 0;
				if (newsection)
					names[nn++] = "mw-NewSection";
				if (out.has_toc)
					names[nn++] = "show-toc";
				static const struct {
					unsigned bit;
					const char *name;
				} flag_names[] = {
					{ WT_FLAG_VARY_PAGE_ID, "vary-page-id" },
					{ WT_FLAG_VARY_REVISION_ID, "vary-revision-id" },
					{ WT_FLAG_VARY_REVISION_SHA1, "vary-revision-sha1" },
					{ WT_FLAG_VARY_REVISION_TIMESTAMP, "vary-revision-timestamp" },
					{ WT_FLAG_VARY_USER, "vary-user" },
				};
				for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++)
					if (out.flags & flag_names[i].bit)
						names[nn++] = flag_names[i].name;
				struct sbuf fb;
				sbuf_init(&fb, MAX_FILE);
				for (size_t i = 0; i < nn; i++)
					sbuf_addf(&fb, "%s%s", i ? ", " : "", names[i]);
				const char *flags = sbuf_cstr(&fb);
				rtrim(got);
				size_t need = strlen(got) + strlen(flags) + 8;
				char *g2 = xmalloc(need);
				snprintf(g2, need, "%s\nflags=%s", got, flags);
				sbuf_release(&fb);
				xfree(got);
				got = g2;
			}
		}
	}
	arena_free(a);
	rtrim(got);
	/* Trailing whitespace of the expected text counts no more than ours. */
	size_t el = strlen(expected);
	while (el && strchr(" \t\n\r\f\v", expected[el - 1]))
		el--;
	int rc = strlen(got) == el && strncmp(got, expected, el) == 0;
	if (!rc && verbose) {
		printf("  FAIL %s\n", name);
		show_diff(expected, got);
	}
	xfree(got);
	opts_free(o, no);
	return rc;
}

/* Run every test of one file; add to `total`. */
static void run_file(const char *path, struct tally *total)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		fprintf(stderr, "parsertests: cannot read %s\n", path);
		total->fail++;
		return;
	}
	struct testhost h = { 0 };
	struct tally file = { 0 }, sect = { 0 };
	const char *heading = "(start)";
	const char *prev_line_hashes = NULL;
	struct block b;
	memset(&b, 0, sizeof(b));
	bool in_block = false;
	int cur = -1;
	char *line = text;
	char *end = text + len;
	int lineno = 0;
	int64_t next_id = 1;
	/* Lines are byte ranges: test texts may hold NULs and other control characters. */
	while (line && line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t line_len = nl ? (size_t)(nl - line) : (size_t)(end - line);
		if (nl)
			*nl = '\0';
		lineno++;
		if (line[0] == '!' && line[1] == '!') {
			char *nm = line + 2;
			while (*nm == ' ')
				nm++;
			char name[48];
			size_t k = 0;
			while (nm[k] && nm[k] != ' ' && k < sizeof(name) - 1) {
				name[k] = (char)((nm[k] >= 'A' && nm[k] <= 'Z') ? nm[k] + 32 : nm[k]);
				k++;
			}
			name[k] = '\0';
			if (strcmp(name, "test") == 0 || strcmp(name, "article") == 0 || strcmp(name, "hooks") == 0 ||
			    strcmp(name, "functionhooks") == 0) {
				memset(&b, 0, sizeof(b));
				in_block = true;
				b.line = lineno;
			}
			if (strcmp(name, "end") == 0 || strcmp(name, "endarticle") == 0 || strcmp(name, "endhooks") == 0 ||
			    strcmp(name, "endfunctionhooks") == 0) {
				if (cur >= 0)
					sec_chop(&b.sec[cur]);
				if (strcmp(name, "endarticle") == 0 && sec_get(&b, "article") && sec_get(&b, "text")) {
					struct arena *a = arena_new();
					struct wt_site site;
					site_defaults(&site);
					char *title = xstrdup(sec_get(&b, "article"));
					rtrim(title);
					struct wt_title t;
					if (wt_title_parse(a, &site, title, strlen(title), 0, &t) == 0) {
						h.art = xrealloc(h.art, (h.n + 1) * sizeof(*h.art));
						h.art[h.n].pdbk = xstrdup(wt_title_prefixed(a, &site, &t, true));
						h.art[h.n].ns = t.ns;
						h.art[h.n].dbkey = xstrdup(t.dbkey);
						size_t al = 0;
						const char *at = sec_get_len(&b, "text", &al);
						h.art[h.n].text = xstrndup(at, al);
						h.art[h.n].id = next_id++;
						h.n++;
					}
					xfree(title);
					arena_free(a);
				} else if (strcmp(name, "end") == 0 && sec_get(&b, "test")) {
					char *tname = xstrdup(sec_get(&b, "test"));
					rtrim(tname);
					int r = run_test(&h, &b, tname);
					struct tally *ts[2] = { &file, &sect };
					for (int i = 0; i < 2; i++) {
						if (r > 0)
							ts[i]->pass++;
						else if (r == 0)
							ts[i]->fail++;
						else
							ts[i]->skip++;
					}
					xfree(tname);
				}
				for (int i = 0; i < b.n; i++)
					xfree(b.sec[i].text);
				memset(&b, 0, sizeof(b));
				in_block = false;
				cur = -1;
			} else if (in_block && b.n < 16) {
				cur = b.n++;
				memcpy(b.sec[cur].name, name, sizeof(name));
				const char *rest = nm + k;
				while (*rest == ' ')
					rest++;
				b.sec[cur].text = xstrdup("");
				b.sec[cur].len = 0;
				/* "!! test name" on one line is not the format; keep the rest as content. */
				if (*rest)
					sec_append_line(&b.sec[cur], rest, (size_t)(line + line_len - rest));
				if (cur > 0)
					sec_chop(&b.sec[cur - 1]);
			}
		} else if (in_block && cur >= 0) {
			sec_append_line(&b.sec[cur], line, line_len);
		} else if (!in_block && strncmp(line, "###", 3) == 0) {
			const char *t = line + 3;
			while (*t == ' ')
				t++;
			if (*t && prev_line_hashes) {
				if (sect.pass + sect.fail)
					printf("  %-50.50s %d passed, %d failed, %d skipped\n", heading, sect.pass, sect.fail,
					       sect.skip);
				memset(&sect, 0, sizeof(sect));
				heading = t;
			}
		}
		prev_line_hashes = (!in_block && strcmp(line, "###") == 0) ? line : NULL;
		line = nl ? nl + 1 : NULL;
	}
	if (sect.pass + sect.fail)
		printf("  %-50.50s %d passed, %d failed, %d skipped\n", heading, sect.pass, sect.fail, sect.skip);
	printf("%s: %d passed, %d failed, %d skipped\n", path, file.pass, file.fail, file.skip);
	total->pass += file.pass;
	total->fail += file.fail;
	total->skip += file.skip;
	for (size_t i = 0; i < h.n; i++) {
		xfree(h.art[i].pdbk);
		xfree(h.art[i].dbkey);
		xfree(h.art[i].text);
	}
	xfree(h.art);
	xfree(text);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The .txt files of a directory, sorted; *n gets the count. */
static char **list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	*n = 0;
	if (!d)
		return NULL;
	char **v = NULL;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
			continue;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		size_t need = strlen(dir) + l + 2;
		v[*n] = xmalloc(need);
		snprintf(v[*n], need, "%s/%s", dir, e->d_name);
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

int main(int argc, char **argv)
{
	int first = 1;
	while (first < argc && argv[first][0] == '-') {
		if (strcmp(argv[first], "--verbose") == 0 || strcmp(argv[first], "-v") == 0) {
			verbose = true;
			first++;
		} else if (strcmp(argv[first], "--filter") == 0 && first + 1 < argc) {
			if (regcomp(&filter, argv[first + 1], REG_EXTENDED | REG_NOSUB) != 0) {
				fprintf(stderr, "parsertests: bad --filter regex\n");
				return 2;
			}
			has_filter = true;
			first += 2;
		} else {
			fprintf(stderr, "usage: parsertests [--verbose] [--filter REGEX] [FILE...]\n");
			return 2;
		}
	}
	struct tally total = { 0 };
	if (first < argc) {
		for (int i = first; i < argc; i++)
			run_file(argv[i], &total);
		printf("%d passed, %d failed, %d skipped\n", total.pass, total.fail, total.skip);
		return total.fail ? 1 : 0;
	}
	size_t ns, no;
	char **shared = list_dir(SHARED_DIR, &ns);
	char **own = list_dir(OWN_DIR, &no);
	if (!ns) {
		printf("0 passed, 0 failed, 0 skipped (no %s)\n", SHARED_DIR);
		return 77;
	}
	for (size_t i = 0; i < ns; i++)
		run_file(shared[i], &total);
	for (size_t i = 0; i < no; i++)
		run_file(own[i], &total);
	for (size_t i = 0; i < ns; i++)
		xfree(shared[i]);
	for (size_t i = 0; i < no; i++)
		xfree(own[i]);
	xfree(shared);
	xfree(own);
	size_t bl;
	char *base = read_file(BASELINE_FILE, &bl);
	long want = base ? strtol(base, NULL, 10) : 0;
	xfree(base);
	if (has_filter) {
		printf("%d passed, %d failed, %d skipped\n", total.pass, total.fail, total.skip);
		return 0;
	}
	if (total.pass < want)
		printf("parsertests: %d passed is below the baseline of %ld (%s)\n", total.pass, want, BASELINE_FILE);
	else if (total.pass > want)
		printf("parsertests: %d passed, above the baseline of %ld: raise %s\n", total.pass, want, BASELINE_FILE);
	printf("%d passed, %d failed, %d skipped\n", total.pass, total.fail, total.skip);
	return total.pass < want ? 1 : 0;
}
