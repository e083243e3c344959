/* SPDX-License-Identifier: MIT */
/*
 * fuzz_sanitizer.c — the HTML sanitizer and the tidy pass
 * (src/parser/sanitizer.c, tidy.c) on arbitrary wikitext, and the whole
 * parser (wt_parse: templates, links, images, galleries, Cite, tables,
 * indicators ... with a small in-memory wiki) whose output must be as
 * safe. The first byte picks what the rest is fed to: the tag filter of
 * the main pass followed by tidy, the whole parser, the table attribute
 * fixer for a few elements, the CSS check, or tidy alone on raw bytes
 * (which must come out balanced).
 *
 * The one property that matters is checked on every output: whatever a
 * user types, the HTML that comes out has
 *   - every '<' opening or closing a tag on the wikitext allow-list
 *     (never <script>, <style>, <a>, <img>, <iframe>, …);
 *   - inside a tag only  name="value"  pairs, with no '"' inside a
 *     value (nothing breaks out of an attribute; '<' and '>' may be
 *     there, as MediaWiki writes them in one case, see below);
 *   - no event-handler attribute (on…);
 *   - no href/src/poster value that a browser would read as a
 *     javascript:, vbscript: or data: URL (after decoding references and
 *     dropping the whitespace and controls browsers ignore);
 *   - no style value a browser would read as expression(), url(),
 *     image() or image-set().
 * The whole parser may also write the elements it makes itself (links,
 * images, the TOC's checkbox and label); their attributes are checked
 * the same way, and every URL of a srcset too.
 *
 * Tidy takes inline markup already as it would write it whole ("inert
 * spans"); every tidy output here, and the whole page for one mode
 * byte, is also checked against the same input with every tag through
 * the tree builder (wt_tidy_uncut(), the tidy_uncut parse option).
 */
#include "fuzz.h"
#include "fuzz_html.h"

#include <ctype.h>
#include <strings.h>

#include "parser/sanitizer.h"
#include "parser/wt.h"
#include "util/charref.h"
#include "util/sbuf.h"

/* The value as a browser reads it: references decoded, controls and spaces gone, lower case. */
static char *browser_url(struct arena *a, const char *v, size_t len)
{
	char *d = charref_decode(a, v, len, NULL);
	size_t n = 0;
	for (char *p = d; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7f)
			continue;
		d[n++] = (char)tolower(c);
	}
	d[n] = '\0';
	return d;
}

/* CSS as a browser reads it: references decoded, then CSS escapes, lower case. */
static char *browser_css(struct arena *a, const char *v, size_t len)
{
	char *d = charref_decode(a, v, len, NULL);
	char *o = arena_alloc(a, strlen(d) * 4 + 1);
	size_t n = 0;
	for (const char *p = d; *p;) {
		if (*p == '\\' && isxdigit((unsigned char)p[1])) {
			unsigned long cp = 0;
			int k = 0;
			for (p++; k < 6 && isxdigit((unsigned char)*p); k++, p++)
				cp = cp * 16 + (unsigned long)(isdigit((unsigned char)*p) ? *p - '0' : (tolower(*p) - 'a' + 10));
			if (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			n += charref_put_utf8(o + n, cp ? cp : 0xfffd);
		} else if (*p == '\\' && p[1]) {
			o[n++] = p[1];
			p += 2;
		} else {
			o[n++] = (char)tolower((unsigned char)*p);
			p++;
		}
	}
	o[n] = '\0';
	/* Comments do not join tokens in CSS; drop them so "ur/ * * /l(" is not a false alarm. */
	for (char *c; (c = strstr(o, "/*")) != NULL;) {
		char *e = strstr(c + 2, "*/");
		if (!e) {
			*c = '\0';
			break;
		}
		memset(c, ' ', (size_t)(e + 2 - c));
	}
	return o;
}

/* Check one attribute of an output tag. */
static void check_attr(struct arena *a, const char *name, size_t nlen, const char *v, size_t vlen, const char *html)
{
	char *nm = arena_strndup(a, name, nlen);
	FUZZ_CHECK(!(nlen >= 2 && tolower((unsigned char)nm[0]) == 'o' && tolower((unsigned char)nm[1]) == 'n'),
		   "event handler attribute %s in %s", nm, html);
	if (!strcmp(nm, "href") || !strcmp(nm, "src") || !strcmp(nm, "poster")) {
		char *u = browser_url(a, v, vlen);
		FUZZ_CHECK(strncmp(u, "javascript:", 11) && strncmp(u, "vbscript:", 9) && strncmp(u, "data:", 5),
			   "script URL in %s=\"%.*s\" in %s", nm, (int)vlen, v, html);
	}
	if (!strcmp(nm, "srcset")) {
		/* "URL 1.5x, URL 2x": each URL on its own. */
		char *d = charref_decode(a, v, vlen, NULL);
		for (char *u = d; *u;) {
			while (*u == ' ' || *u == ',')
				u++;
			size_t ul = strcspn(u, " ,");
			char *b = browser_url(a, u, ul);
			FUZZ_CHECK(strncmp(b, "javascript:", 11) && strncmp(b, "vbscript:", 9) && strncmp(b, "data:", 5),
				   "script URL in srcset \"%.*s\" in %s", (int)vlen, v, html);
			u += ul;
			while (*u && *u != ',')
				u++;
		}
	}
	if (!strcmp(nm, "style")) {
		char *c = browser_css(a, v, vlen);
		FUZZ_CHECK(!strstr(c, "expression") && !strstr(c, "url(") && !strstr(c, "image(") &&
				   !strstr(c, "image-set("),
			   "unsafe CSS \"%.*s\" in %s", (int)vlen, v, html);
	}
}

/* Tags tidy adds on its own: implied table sections and wrapper paragraphs. */
static bool tidy_tag(struct str name)
{
	return str_eq(name, "tbody") || str_eq(name, "p");
}

/* Checking the whole parser's output: it also writes links, images and the TOC toggle. */
static bool parser_mode;

/* Elements the parser makes itself (never from what a user typed). */
static bool parser_tag(struct str name)
{
	return parser_mode && (str_eq(name, "a") || str_eq(name, "img") || str_eq(name, "input") || str_eq(name, "label"));
}

/* Walk the output: text, and tags that must be well-formed and allowed. */
static void check_html(struct arena *a, const char *html, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (html[i] != '<') {
			FUZZ_CHECK(html[i] != '>', "unescaped '>' in text at %zu of %s", i, html);
			i++;
			continue;
		}
		i++;
		if (i < len && html[i] == '/')
			i++;
		size_t ns = i;
		while (i < len && (islower((unsigned char)html[i]) || isdigit((unsigned char)html[i])))
			i++;
		/*
		 * MediaWiki's own placeholders for edit-section links and the TOC,
		 * which stay in an indicator's HTML as MediaWiki leaves them there.
		 */
		bool placeholder = false;
		if (parser_mode && i - ns == 2 && !memcmp(html + ns, "mw", 2) && i < len && html[i] == ':') {
			size_t k = i + 1;
			while (k < len && islower((unsigned char)html[k]))
				k++;
			bool known = (k - i - 1 == 11 && !memcmp(html + i + 1, "editsection", 11)) ||
				     (k - i - 1 == 8 && !memcmp(html + i + 1, "tocplace", 8));
			FUZZ_CHECK(known, "unknown placeholder <mw:%.*s> in %s", (int)(k - i - 1), html + i + 1, html);
			i = k;
			ns = i;
			placeholder = true;
		}
		struct str name = { html + ns, i - ns };
		if (parser_mode && !name.len && len - i >= 3 && !memcmp(html + i, "!--", 3)) {
			/* A comment (the parser keeps none of the user's, but may write its own). */
			const char *e = memmem(html + i + 3, len - i - 3, "-->", 3);
			FUZZ_CHECK(e, "unterminated comment in %s", html);
			i = (size_t)(e - html) + 3;
			continue;
		}
		FUZZ_CHECK(placeholder || wt_san_is_allowed_tag(name) || tidy_tag(name) || parser_tag(name),
			   "tag <%.*s> is not allowed, in %s", (int)name.len, name.p, html);
		for (;;) {
			FUZZ_CHECK(i < len, "unterminated tag in %s", html);
			if (html[i] == '>') {
				i++;
				break;
			}
			if (html[i] == '/' && i + 1 < len && html[i + 1] == '>') {
				i += 2;
				break;
			}
			if (html[i] == ' ' && i + 2 < len && html[i + 1] == '/' && html[i + 2] == '>') {
				i += 3; /* tidy writes void elements as <br /> */
				break;
			}
			FUZZ_CHECK(html[i] == ' ', "junk in a tag at %zu of %s", i, html);
			i++;
			size_t as = i;
			while (i < len && html[i] != '=' && html[i] != ' ' && html[i] != '>' && html[i] != '"' && html[i] != '<')
				i++;
			FUZZ_CHECK(i > as && i + 1 < len && html[i] == '=' && html[i + 1] == '"',
				   "attribute without a quoted value at %zu of %s", as, html);
			size_t an = i - as;
			i += 2;
			size_t vs = i;
			/*
			 * '<' and '>' inside the quotes open nothing: MediaWiki itself
			 * splits ";term:def" at a colon of a free link's URL and writes
			 * </dt><dd> into its href (checked on the oracle); only '"'
			 * could leave the value.
			 */
			while (i < len && html[i] != '"')
				i++;
			FUZZ_CHECK(i < len, "unterminated attribute value in %s", html);
			check_attr(a, html + as, an, html + vs, i - vs, html);
			i++;
		}
	}
}

/* ---- a small wiki for the whole parser ---- */

static const struct wt_namespace namespaces[] = {
	{ -2, "Media", NULL, true, false, false, false },    { -1, "Special", NULL, true, false, false, false },
	{ 0, "", NULL, true, false, true, false },           { 1, "Talk", NULL, true, true, false, false },
	{ 2, "User", NULL, true, true, false, false },       { 4, "Project", NULL, true, true, false, false },
	{ 6, "File", NULL, true, false, false, false },      { 8, "MediaWiki", NULL, true, false, false, false },
	{ 10, "Template", NULL, true, true, false, false },  { 12, "Help", NULL, true, true, false, false },
	{ 14, "Category", NULL, true, true, false, false },
};
static const struct wt_ns_alias ns_aliases[] = { { "Image", 6 } };
static const struct wt_interwiki interwikis[] = {
	{ "wikipedia", "https://en.wikipedia.org/wiki/$1", false, false, NULL },
	{ "fr", "https://fr.wikipedia.org/wiki/$1", false, false, "Français" },
	{ "js", "javascript:alert($1)", false, false, NULL },
};
static const char *const protocols[] = { "http://", "https://", "ftp://", "mailto:", "irc://", "news:", "//" };

/* The site: MediaWiki's defaults with uploads, magic links and an interwiki with a bad URL. */
static void fuzz_site(struct wt_site *s)
{
	memset(s, 0, sizeof(*s));
	s->sitename = "Fuzz";
	s->server = "http://example.org";
	s->servername = "example.org";
	s->scriptpath = "/w";
	s->script = "/w/index.php";
	s->articlepath = "/wiki/$1";
	s->stylepath = "/w/skins";
	s->lang = "en";
	s->mainpage = "Main Page";
	s->upload_url = "http://example.org/images";
	s->ns = namespaces;
	s->n_ns = ARRAY_SIZE(namespaces);
	s->ns_aliases = ns_aliases;
	s->n_ns_aliases = ARRAY_SIZE(ns_aliases);
	s->iw = interwikis;
	s->n_iw = ARRAY_SIZE(interwikis);
	s->url_protocols = protocols;
	s->n_url_protocols = ARRAY_SIZE(protocols);
	s->nofollow_links = true;
	s->allow_external_images = true;
	s->enable_uploads = true;
	s->magic_isbn = s->magic_pmid = s->magic_rfc = true;
	s->fragment_mode = WT_FRAG_HTML5;
	s->fragment_fallback = WT_FRAG_LEGACY;
	s->interwiki_magic = true;
	s->allow_display_title = true;
	s->restrict_display_title = true;
	s->max_toc_level = 999;
	s->allow_display_title = true;
	s->thumb_width = 220;
	s->thumb_upright = 0.75;
}

/* Pages whose title starts with 'E' exist; File:Bad.jpg is on the bad image list. */
static void fuzz_page_info(void *data, struct arena *a, struct wt_page_info *pages, size_t n)
{
	(void)data;
	(void)a;
	for (size_t i = 0; i < n; i++) {
		pages[i].exists = pages[i].title->dbkey[0] == 'E';
		pages[i].page_id = pages[i].exists ? 1 : 0;
		pages[i].is_redirect = pages[i].exists && pages[i].title->dbkey[1] == 'R';
		pages[i].content_model = pages[i].exists ? "wikitext" : NULL;
	}
}

/* Template:T takes arguments into attributes and links; other pages are missing. */
static int fuzz_fetch(void *data, struct arena *a, const struct wt_title *title, struct wt_fetched *out)
{
	(void)data;
	(void)a;
	memset(out, 0, sizeof(*out));
	out->title = *title;
	if (title->ns == WT_NS_TEMPLATE && !strcmp(title->dbkey, "T")) {
		static const char text[] = "<span style=\"{{{style|}}}\" title=\"{{{1|}}}\">[[{{{2|E}}}|{{{1|}}}]]</span>"
					   "[{{{3|http://example.org}}} x]<ref name=\"{{{1|}}}\">{{{2|}}}</ref>";
		out->text = text;
		out->len = sizeof(text) - 1;
		out->page_id = out->rev_id = 2;
	}
	return RC_OK;
}

/* Files: a bitmap, an SVG, a paged DjVu document and a bad image; the rest are missing. */
static int fuzz_file(void *data, struct arena *a, const struct wt_title *title, struct wt_file *out)
{
	(void)data;
	memset(out, 0, sizeof(*out));
	static const struct {
		const char *name; /* dbkey */
		int w, h, pages;  /* size and pages */
		const char *mime; /* MIME type */
	} files[] = {
		{ "Foo.jpg", 1941, 220, 0, "image/jpeg" },
		{ "Vec.svg", 240, 180, 0, "image/svg+xml" },
		{ "Doc.djvu", 2480, 3508, 5, "image/vnd.djvu" },
		{ "Bad.jpg", 320, 240, 0, "image/jpeg" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		if (strcmp(files[i].name, title->dbkey))
			continue;
		out->exists = true;
		out->width = files[i].w;
		out->height = files[i].h;
		out->n_pages = files[i].pages;
		out->mime = files[i].mime;
		out->media_type = "BITMAP";
		out->url = arena_printf(a, "http://example.org/images/a/ab/%s", files[i].name);
		out->thumb_base = arena_printf(a, "http://example.org/images/thumb/a/ab/%s", files[i].name);
		out->size = 1000;
		out->timestamp = "20010115123500";
	}
	return RC_OK;
}

static bool fuzz_bad_file(void *data, const char *dbkey, const struct wt_title *page)
{
	(void)data;
	(void)page;
	return !strcmp(dbkey, "Bad.jpg");
}

/* The whole parser on `in`; its HTML must be as safe as the sanitizer's. */
static void whole_parser(struct arena *a, struct str in, bool compare_uncut)
{
	static struct wt_site site;
	if (!site.sitename)
		fuzz_site(&site);
	struct wt_host host;
	memset(&host, 0, sizeof(host));
	host.page_info = fuzz_page_info;
	host.fetch = fuzz_fetch;
	host.file = fuzz_file;
	host.bad_file = fuzz_bad_file;
	struct wt_options opt;
	memset(&opt, 0, sizeof(opt));
	opt.title = "Fuzz page";
	opt.now = 1000000000;
	opt.rev_size = -1;
	opt.no_limit_report = true;
	/* Small limits keep each input fast; the limits' own paths are exercised too. */
	opt.limits.max_include_size = 64 * 1024;
	opt.limits.max_pp_node_count = 20000;
	struct wt_output out;
	if (wt_parse(a, &site, &host, &opt, in.p, in.len, &out) != RC_OK)
		return;
	if (compare_uncut) {
		/* Tidy's inert spans change nothing: the same page with every tag through the tree builder. */
		struct wt_output slow;
		opt.tidy_uncut = true;
		FUZZ_CHECK(wt_parse(a, &site, &host, &opt, in.p, in.len, &slow) == RC_OK, "uncut parse failed");
		FUZZ_CHECK(slow.html_len == out.html_len && memcmp(slow.html, out.html, out.html_len) == 0,
			   "inert spans changed the page:\n%.*s\n----- without:\n%.*s", (int)out.html_len, out.html,
			   (int)slow.html_len, slow.html);
	}
	parser_mode = true;
	check_html(a, out.html, out.html_len);
	check_balanced(out.html, out.html_len);
	for (size_t i = 0; i < out.n_indicators; i++)
		check_html(a, out.indicators[i].html, strlen(out.indicators[i].html));
	parser_mode = false;
}

/*
 * Tidy's inert spans change nothing: `html` tidied with every tag through
 * the tree builder gives `fast` (what wt_tidy() made of it with French
 * spaces), and the two agree without French spaces too when `plain`.
 */
static void same_uncut(struct arena *a, struct str html, struct sbuf fast, bool plain)
{
	struct sbuf slow;
	sbuf_init(&slow, 64u << 20);
	wt_tidy_uncut(a, &slow, html, true);
	FUZZ_CHECK(slow.len == fast.len && memcmp(sbuf_cstr(&slow), sbuf_cstr(&fast), fast.len) == 0,
		   "inert spans changed the output:\n%s\n----- without:\n%s", sbuf_cstr(&fast), sbuf_cstr(&slow));
	sbuf_release(&slow);
	if (!plain)
		return;
	struct sbuf f2, s2;
	sbuf_init(&f2, 64u << 20);
	sbuf_init(&s2, 64u << 20);
	wt_tidy(a, &f2, html, false);
	wt_tidy_uncut(a, &s2, html, false);
	FUZZ_CHECK(f2.len == s2.len && memcmp(sbuf_cstr(&f2), sbuf_cstr(&s2), f2.len) == 0,
		   "inert spans changed the output without French spaces:\n%s\n----- without:\n%s", sbuf_cstr(&f2),
		   sbuf_cstr(&s2));
	sbuf_release(&f2);
	sbuf_release(&s2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	struct arena *a = arena_new();
	struct str in = { (const char *)data + 1, size - 1 };
	struct sbuf sb;
	sbuf_init(&sb, 64u << 20);
	static const char *const elements[] = { "table", "tr", "td", "th", "div", "span", "a", "link" };
	switch (data[0] % 8) {
	case 0: {
		/* The attributes of one element, written inside a tag of it. */
		const char *el = elements[(data[0] >> 3) % ARRAY_SIZE(elements)];
		if (!strcmp(el, "a") || !strcmp(el, "link"))
			el = "span"; /* not wikitext tags, but their attributes are still checked below */
		sbuf_addf(&sb, "<%s", el);
		wt_san_fix_attrs(a, &sb, in, str_c(elements[(data[0] >> 3) % ARRAY_SIZE(elements)]), NULL);
		sbuf_adds(&sb, ">");
		check_html(a, sbuf_cstr(&sb), sb.len);
		break;
	}
	case 1: {
		struct str css = wt_san_check_css(a, in);
		sbuf_adds(&sb, "<span style=\"");
		wt_san_safe_encode_value(&sb, css, NULL);
		sbuf_adds(&sb, "\">");
		check_html(a, sbuf_cstr(&sb), sb.len);
		break;
	}
	case 6:
	case 7:
		whole_parser(a, in, data[0] % 8 == 7);
		break;
	case 2:
		/* Tidy alone, on anything: it must not crash and must balance. */
		wt_tidy(a, &sb, in, true);
		check_balanced(sbuf_cstr(&sb), sb.len);
		same_uncut(a, in, sb, data[0] & 8);
		break;
	default:
		if (wt_san_remove_html_tags(a, &sb, in, NULL, NULL, NULL) == RC_OK) {
			check_html(a, sbuf_cstr(&sb), sb.len);
			struct sbuf tidied;
			sbuf_init(&tidied, 64u << 20);
			struct str html = { arena_strndup(a, sbuf_cstr(&sb), sb.len), sb.len };
			wt_tidy(a, &tidied, html, true);
			check_html(a, sbuf_cstr(&tidied), tidied.len);
			check_balanced(sbuf_cstr(&tidied), tidied.len);
			same_uncut(a, html, tidied, true);
			sbuf_release(&tidied);
		}
		break;
	}
	sbuf_release(&sb);
	arena_free(a);
	return 0;
}
