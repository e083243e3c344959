/* SPDX-License-Identifier: MIT */
/*
 * parse.c — the parser inside the wiki: the site configuration and the
 * host callbacks of src/parser/wt.h implemented against the store, and
 * wiki_render(), the one entry point the API and the save path call to
 * turn a page's wikitext into HTML plus the parser output collections.
 *
 * The site (struct wt_site) is built once from config and the namespace
 * and interwiki tables and is read-only afterwards. The host's state is
 * per parse, in the caller's arena: the store connection of the request
 * and nothing else, so a parse sees the database as its request does.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../parser/wt.h"
#include "../store/store.h"
#include "../util/config.h"
#include "../util/sbuf.h"
#include "../util/timestamp.h"
#include "wiki.h"

/* ---------- the site ---------- */

/* $wgUrlProtocols of MediaWiki 1.39 (DefaultSettings), the order kept. */
static const char *const url_protocols[] = {
	"bitcoin:", "ftp://", "ftps://", "geo:", "git://", "gopher://", "http://", "https://", "irc://", "ircs://",
	"magnet:", "mailto:", "matrix:", "mms://", "news:", "nntp://", "redis://", "sftp://", "sip:", "sips:", "sms:",
	"ssh://", "svn://", "tel:", "telnet://", "urn:", "worldwind://", "xmpp:", "//",
};

/* $wgNoFollowDomainExceptions, as siteinfo reports it. */
static const char *const nofollow_exceptions[] = { "mediawiki.org" };

static struct wt_site site;                 /* built once by build_site() */
static pthread_once_t site_once = PTHREAD_ONCE_INIT;

/* The host part of `server` ("http://h:8080" -> "h"), a heap copy. */
static char *server_host(const char *server)
{
	const char *h = strstr(server, "//");
	h = h ? h + 2 : server;
	size_t n = strcspn(h, ":/");
	return xstrndup(h, n);
}

/* Fill `site` from config and the wiki's tables. Runs once; the memory lives as long as the process. */
static void build_site(void)
{
	size_t n_ns, n_alias, n_iw;
	const struct wiki_ns *ns = wiki_ns_all(&n_ns);
	const struct wiki_ns_alias *alias = wiki_ns_aliases(&n_alias);
	const struct wiki_interwiki *iw = wiki_interwiki_all(&n_iw);

	struct wt_namespace *wns = xcalloc(n_ns, sizeof(*wns));
	for (size_t i = 0; i < n_ns; i++) {
		wns[i].id = ns[i].id;
		wns[i].name = ns[i].name;
		wns[i].canonical = ns[i].canonical;
		wns[i].is_capitalized = ns[i].is_capitalized;
		wns[i].has_subpages = ns[i].has_subpages;
		wns[i].is_content = ns[i].is_content;
		wns[i].is_nonincludable = ns[i].is_nonincludable;
	}
	struct wt_ns_alias *wal = xcalloc(n_alias ? n_alias : 1, sizeof(*wal));
	for (size_t i = 0; i < n_alias; i++) {
		wal[i].name = alias[i].alias;
		wal[i].id = alias[i].id;
	}
	struct wt_interwiki *wiw = xcalloc(n_iw ? n_iw : 1, sizeof(*wiw));
	for (size_t i = 0; i < n_iw; i++) {
		wiw[i].prefix = iw[i].prefix;
		wiw[i].url = iw[i].url;
		wiw[i].is_local = iw[i].is_local;
		wiw[i].is_trans = iw[i].is_trans;
		wiw[i].language = iw[i].language;
	}

	size_t sp = strlen(config.scriptpath);
	char *script = xmalloc(sp + sizeof("/index.php"));
	memcpy(script, config.scriptpath, sp);
	memcpy(script + sp, "/index.php", sizeof("/index.php"));
	char *stylepath = xmalloc(sp + sizeof("/skins"));
	memcpy(stylepath, config.scriptpath, sp);
	memcpy(stylepath + sp, "/skins", sizeof("/skins"));
	size_t sv = strlen(config.server);
	char *upload = xmalloc(sv + sp + sizeof("/images"));
	memcpy(upload, config.server, sv);
	memcpy(upload + sv, config.scriptpath, sp);
	memcpy(upload + sv + sp, "/images", sizeof("/images"));

	site.sitename = config.sitename;
	site.server = config.server;
	site.canonical_server = NULL;
	site.servername = server_host(config.server);
	site.scriptpath = config.scriptpath;
	site.script = script;
	site.articlepath = config.articlepath;
	site.stylepath = stylepath;
	site.lang = config.lang;
	site.localtimezone = config.timezone;
	site.version = WIKI_MW_VERSION;
	site.mainpage = config.mainpage;
	site.upload_url = upload;
	site.ns = wns;
	site.n_ns = n_ns;
	site.ns_aliases = wal;
	site.n_ns_aliases = n_alias;
	site.iw = wiw;
	site.n_iw = n_iw;
	site.local_interwikis = NULL;
	site.n_local_interwikis = 0;
	site.url_protocols = url_protocols;
	site.n_url_protocols = ARRAY_SIZE(url_protocols);
	site.nofollow_exceptions = nofollow_exceptions;
	site.n_nofollow_exceptions = ARRAY_SIZE(nofollow_exceptions);
	site.nofollow_links = true;
	site.external_link_target = NULL;
	site.allow_external_images = false;
	site.enable_uploads = true;
	site.raw_html = false;
	/* MediaWiki 1.39 as the oracle runs it: siteinfo's magiclinks are all false. */
	site.magic_isbn = site.magic_pmid = site.magic_rfc = false;
	/*
	 * $wgFragmentMode as MediaWiki 1.39 defaults it, [ 'html5', 'legacy' ]
	 * (the oracle's ids): HTML5 ids and link fragments, with the legacy
	 * id as an extra <span> before a heading whose ids differ.
	 */
	site.fragment_mode = WT_FRAG_HTML5;
	site.fragment_fallback = WT_FRAG_LEGACY;
	site.interwiki_magic = true;
	site.allow_display_title = true;
	site.restrict_display_title = true;
	site.max_toc_level = 999;
	/* The default user option thumbsize 5 of $wgThumbLimits (siteinfo's thumblimits). */
	site.thumb_width = 300;
	site.thumb_upright = 0.75;
}

const struct wt_site *wiki_wt_site(void)
{
	pthread_once(&site_once, build_site);
	return &site;
}

void wiki_wt_title(const struct wiki_title *t, struct wt_title *out)
{
	memset(out, 0, sizeof(*out));
	out->ns = t->ns;
	out->dbkey = t->dbkey;
	out->interwiki = t->interwiki;
	out->fragment = t->fragment;
	out->has_fragment = t->fragment[0] != '\0';
	out->is_local_interwiki = t->is_local_interwiki;
}

/* ---------- the host ---------- */

/* An interface message the parse asked for already. */
struct host_msg {
	const char *key;   /* message key */
	const char *lang;  /* language asked for, NULL when none */
	const char *text;  /* its text, NULL when there is none */
};

/* Per-parse host state, in the parse's arena. */
struct host {
	struct store *st;      /* the request's connection */
	struct host_msg *msgs; /* messages read in this parse (a parse sees one state of the wiki) */
	size_t n_msgs;         /* entries in msgs */
	size_t cap_msgs;       /* allocated */
	int has_ns8;           /* the MediaWiki namespace has pages: 1 yes, 0 no, -1 not asked yet */
};

/* Page lookups go to the database in batches of this many titles (one cached statement). */
#define BATCH 32

/* The SQL of one batch: BATCH (namespace, title) pairs. Built once. */
static char batch_sql[BATCH * 48 + 160];
static pthread_once_t batch_once = PTHREAD_ONCE_INIT;

static void build_batch_sql(void)
{
	size_t o = (size_t)snprintf(batch_sql, sizeof(batch_sql),
				    "SELECT page_namespace, page_title, page_id, page_is_redirect, page_latest, page_len,"
				    " page_content_model FROM page WHERE ");
	for (int i = 0; i < BATCH; i++)
		o += (size_t)snprintf(batch_sql + o, sizeof(batch_sql) - o, "%s(page_namespace = ? AND page_title = ?)",
				      i ? " OR " : "");
}

static void host_page_info(void *data, struct arena *a, struct wt_page_info *pages, size_t n)
{
	struct host *h = data;
	(void)a;
	pthread_once(&batch_once, build_batch_sql);
	for (size_t i = 0; i < n; i++) {
		const struct wt_title *t = pages[i].title;
		if (t->ns == WIKI_NS_SPECIAL) {
			/* SpecialPageFactory::exists: the name before the first '/' (the rest is the subpage). */
			size_t cl;
			const char *slash = strchr(t->dbkey, '/');
			size_t nl = slash ? (size_t)(slash - t->dbkey) : strlen(t->dbkey);
			pages[i].exists = wiki_special_canonical(t->dbkey, nl, &cl) != NULL;
		}
	}
	for (size_t from = 0; from < n; from += BATCH) {
		size_t cnt = n - from < BATCH ? n - from : BATCH;
		struct store_stmt *s = store_prepare(h->st, batch_sql);
		if (!s)
			return;
		/* Unused pairs repeat the last title: the statement stays the same. */
		for (size_t k = 0; k < BATCH; k++) {
			const struct wt_title *t = pages[from + (k < cnt ? k : cnt - 1)].title;
			store_bind_int(s, (int)(2 * k + 1), t->ns);
			store_bind_text(s, (int)(2 * k + 2), t->dbkey, STORE_NTS);
		}
		while (store_step(s) == STORE_ROW) {
			int ns = (int)store_col_int(s, 0);
			const char *dbkey = store_col_text(s, 1);
			for (size_t k = from; k < from + cnt; k++) {
				struct wt_page_info *p = &pages[k];
				if (p->title->ns != ns || strcmp(p->title->dbkey, dbkey) != 0)
					continue;
				p->exists = true;
				p->page_id = store_col_int(s, 2);
				p->is_redirect = store_col_int(s, 3) != 0;
				p->latest = store_col_int(s, 4);
				p->length = store_col_int(s, 5);
				p->content_model = store_col_is_null(s, 6) ? wiki_default_model(ns, dbkey)
									   : store_col_dup(s, a, 6);
			}
		}
		store_stmt_done(s);
	}
}

static const char *host_message(void *data, struct arena *a, const char *key, const char *lang)
{
	struct host *h = data;
	/* Cite and the link code ask for the same few messages again and again: one query each per parse. */
	for (size_t i = 0; i < h->n_msgs; i++)
		if (strcmp(h->msgs[i].key, key) == 0 && (h->msgs[i].lang == lang ||
							 (h->msgs[i].lang && lang && strcmp(h->msgs[i].lang, lang) == 0)))
			return h->msgs[i].text;
	/* A wiki without MediaWiki: pages (most) answers every message from the defaults, after one query. */
	if (h->has_ns8 < 0) {
		int64_t one = 0;
		h->has_ns8 = store_query_int(h->st, &one, "SELECT 1 FROM page WHERE page_namespace = ? LIMIT 1", "d",
					     WIKI_NS_MEDIAWIKI) != RC_NOTFOUND;
	}
	const char *own = NULL, *text;
	if (lang && streq(lang, "qqx")) {
		/* The pseudo-language that shows each message's key and parameters, "(key: a, b)". */
		text = arena_printf(a, "(%s$*)", key);
	} else {
		/*
		 * Another language than the wiki's: its MediaWiki:Key/code page, else
		 * (no built-in translations) as in the wiki's language, where its
		 * fallbacks end.
		 */
		bool other = lang && !streq(lang, config.lang);
		if (h->has_ns8 && other)
			wiki_message_page(h->st, a, key, lang, &own);
		if (h->has_ns8 && !own)
			wiki_message_page(h->st, a, key, NULL, &own);
		text = own ? own : wiki_message_default(key);
	}
	h->msgs = arena_grow(a, h->msgs, h->n_msgs, &h->cap_msgs, sizeof(*h->msgs));
	h->msgs[h->n_msgs++] = (struct host_msg){ arena_strdup(a, key), lang ? arena_strdup(a, lang) : NULL, text };
	return text;
}

/* One page as fetch() reads it. */
struct fetched_page {
	int64_t id;        /* page_id, 0 when missing */
	int64_t latest;    /* page_latest */
	bool is_redirect;  /* page_is_redirect */
};

static int read_page(struct host *h, int ns, const char *dbkey, struct fetched_page *p)
{
	memset(p, 0, sizeof(*p));
	struct store_stmt *s = store_prepare(h->st, "SELECT page_id, page_latest, page_is_redirect FROM page"
						    " WHERE page_namespace = ? AND page_title = ?");
	if (!s)
		return RC_ERR;
	store_bindv(s, "dt", ns, dbkey);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		p->id = store_col_int(s, 0);
		p->latest = store_col_int(s, 1);
		p->is_redirect = store_col_int(s, 2) != 0;
	}
	store_stmt_done(s);
	return rc < 0 ? rc : RC_OK;
}

/* The local target of redirect page `id` from the redirect table. RC_NOTFOUND when there is none. */
static int read_redirect(struct host *h, struct arena *a, int64_t id, struct wt_title *out)
{
	struct store_stmt *s = store_prepare(h->st, "SELECT rd_namespace, rd_title FROM redirect"
						    " WHERE rd_from = ? AND (rd_interwiki IS NULL OR rd_interwiki = '')");
	if (!s)
		return RC_ERR;
	store_bindv(s, "i", id);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		memset(out, 0, sizeof(*out));
		out->ns = (int)store_col_int(s, 0);
		out->dbkey = store_col_dup(s, a, 1);
		out->interwiki = "";
		out->fragment = "";
		rc = out->dbkey && out->dbkey[0] ? RC_OK : RC_NOTFOUND;
	} else if (rc == STORE_DONE) {
		rc = RC_NOTFOUND;
	}
	store_stmt_done(s);
	return rc;
}

/*
 * Parser::fetchTemplateAndTitle: the current text of the page, following
 * up to two redirects; every title on the way is a dependency. A missing
 * page of the MediaWiki namespace transcludes its message default.
 */
static int host_fetch(void *data, struct arena *a, const struct wt_title *title, struct wt_fetched *out)
{
	struct host *h = data;
	memset(out, 0, sizeof(*out));
	struct wt_title t = *title;
	struct wt_title *deps = arena_alloc(a, 3 * sizeof(*deps));
	size_t nd = 0;
	int rc = RC_OK;
	for (int hop = 0; hop < 3; hop++) {
		deps[nd++] = t;
		out->title = t;
		struct fetched_page p;
		rc = read_page(h, t.ns, t.dbkey, &p);
		if (rc != RC_OK || p.id == 0) {
			if (rc == RC_OK && t.ns == WIKI_NS_MEDIAWIKI) {
				char *key = arena_strdup(a, t.dbkey);
				if (key[0] >= 'A' && key[0] <= 'Z')
					key[0] = (char)(key[0] - 'A' + 'a');
				const char *m = wiki_message_default(key);
				if (m) {
					out->text = m;
					out->len = strlen(m);
				}
			}
			break;
		}
		out->page_id = p.id;
		out->rev_id = p.latest;
		struct wt_title next = { 0 };
		if (hop < 2 && p.is_redirect && read_redirect(h, a, p.id, &next) == RC_OK) {
			t = next;
			continue;
		}
		const char *text;
		size_t len;
		const char *model = NULL;
		rc = wiki_revision_text(h->st, a, p.latest, &text, &len, &model);
		if (rc == RC_OK && (!model || strcmp(model, "wikitext") == 0 || strcmp(model, "text") == 0 ||
				    strcmp(model, "css") == 0 || strcmp(model, "javascript") == 0 ||
				    strcmp(model, "json") == 0)) {
			out->text = text;
			out->len = len;
		}
		break;
	}
	out->deps = deps;
	out->n_deps = nd;
	return rc == RC_NOTFOUND ? RC_OK : rc;
}

static const char *host_user_gender(void *data, struct arena *a, const char *name)
{
	struct host *h = data;
	int64_t uid = 0;
	const char *canon = NULL;
	if (wiki_user_name_canonical(a, name, WIKI_NAME_VALID, &canon) != RC_OK || !canon)
		return "unknown";
	if (store_query_int(h->st, &uid, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t", canon) != RC_OK)
		return "unknown";
	const char *g = wiki_user_option_get(h->st, a, uid, "gender");
	return g && (strcmp(g, "male") == 0 || strcmp(g, "female") == 0) ? g : "unknown";
}

static int host_category_counts(void *data, const char *dbkey, int64_t *all, int64_t *pages, int64_t *subcats,
				int64_t *files)
{
	struct host *h = data;
	struct store_stmt *s = store_prepare(h->st, "SELECT cat_pages, cat_subcats, cat_files FROM category"
						    " WHERE cat_title = ?");
	if (!s)
		return RC_ERR;
	store_bindv(s, "t", dbkey);
	int rc = store_step(s);
	int64_t p = 0, c = 0, f = 0;
	if (rc == STORE_ROW) {
		p = store_col_int(s, 0);
		c = store_col_int(s, 1);
		f = store_col_int(s, 2);
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_NOTFOUND;
	}
	store_stmt_done(s);
	/* cat_pages counts every member, as in MediaWiki; "pages" is what is neither subcategory nor file. */
	if (all)
		*all = p;
	if (pages)
		*pages = p - c - f;
	if (subcats)
		*subcats = c;
	if (files)
		*files = f;
	return rc;
}

static int64_t host_site_stat(void *data, const char *what)
{
	struct host *h = data;
	int64_t v = 0;
	/* SiteStats::numberingroup(): memberships that have not expired ("admins" is the sysop group). */
	const char *group = strncmp(what, "group:", 6) == 0 ? what + 6 : strcmp(what, "admins") == 0 ? "sysop" : NULL;
	if (group) {
		char now[15];
		wiki_timestamp_now(now);
		store_query_int(h->st, &v,
				"SELECT COUNT(*) FROM user_groups WHERE ug_group = ? AND (ug_expiry IS NULL OR ug_expiry >= ?)",
				"tt", group, now);
		return v;
	}
	static const char *const sql[][2] = {
		{ "activeusers", "SELECT COUNT(DISTINCT rc_actor) FROM recentchanges" },
		{ "articles", "SELECT ss_good_articles FROM site_stats WHERE ss_row_id = 1" },
		{ "edits", "SELECT COUNT(*) FROM revision" },
		{ "files", "SELECT COUNT(*) FROM image" },
		{ "pages", "SELECT COUNT(*) FROM page" },
		{ "users", "SELECT COUNT(*) FROM \"user\"" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		if (strcmp(sql[i][0], what) != 0)
			continue;
		store_query_int(h->st, &v, sql[i][1], "");
		return v;
	}
	return 0;
}

static void host_protection(void *data, struct arena *a, const struct wt_title *title, const char *action,
			    const char **level, const char **expiry)
{
	struct host *h = data;
	*level = "";
	*expiry = "";
	struct fetched_page p;
	if (read_page(h, title->ns, title->dbkey, &p) != RC_OK)
		return;
	/*
	 * The actions that apply (RestrictionStore::listApplicableRestrictionTypes
	 * over the default $wgRestrictionTypes): an existing page has edit and
	 * move, and upload when it is a file; a missing title has only create.
	 * Any other action gives "" for both; an applicable one is unprotected
	 * ("", "infinity") unless a row says otherwise.
	 */
	bool applies = p.id ? strcmp(action, "edit") == 0 || strcmp(action, "move") == 0 ||
				      (strcmp(action, "upload") == 0 && title->ns == WT_NS_FILE)
			    : strcmp(action, "create") == 0;
	if (!applies)
		return;
	*expiry = "infinity";
	struct wiki_protection *pr;
	size_t n = 0;
	if (wiki_protect_load(h->st, a, p.id, title->ns, title->dbkey, &pr, &n) != RC_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(pr[i].type, action) == 0) {
			*level = pr[i].level;
			*expiry = pr[i].expiry;
			return;
		}
	}
}

static const char *host_special_page(void *data, struct arena *a, const char *name)
{
	(void)data;
	size_t cl;
	const char *e = wiki_special_canonical(name, strlen(name), &cl);
	return e ? arena_strndup(a, e, cl) : NULL;
}

static int host_revision(void *data, struct arena *a, int64_t rev_id, const char **user, const char **timestamp)
{
	struct host *h = data;
	struct store_stmt *s = store_prepare(h->st, "SELECT actor_name, rev_timestamp FROM revision"
						    " LEFT JOIN actor ON actor_id = rev_actor WHERE rev_id = ?");
	if (!s)
		return RC_ERR;
	store_bindv(s, "i", rev_id);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		*user = store_col_is_null(s, 0) ? "" : store_col_dup(s, a, 0);
		*timestamp = store_col_dup(s, a, 1);
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_NOTFOUND;
	}
	store_stmt_done(s);
	return rc;
}

/* RestrictionStore::getCascadeProtectionSources: each protecting page once, in page id order. */
static const char *host_cascading_sources(void *data, struct arena *a, const struct wt_title *title)
{
	struct host *h = data;
	struct wiki_cascade *c;
	size_t n = 0;
	if (wiki_protect_cascade_sources(h->st, a, title->ns, title->dbkey, &c, &n) != RC_OK)
		return "";
	struct sbuf b;
	sbuf_init(&b, SIZE_MAX / 2);
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = c[k].ns == c[i].ns && strcmp(c[k].dbkey, c[i].dbkey) == 0;
		if (seen)
			continue;
		struct wiki_title t;
		wiki_title_make(a, c[i].ns, c[i].dbkey, &t);
		if (b.len)
			sbuf_addc(&b, '|');
		sbuf_adds(&b, t.prefixed);
	}
	char *r = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return r;
}

/* Pages of a namespace in title order for the transcluded listings (Special:AllPages, Special:PrefixIndex). */
static int host_list_pages(void *data, struct arena *a, int ns, const char *from, const char *to, const char *prefix,
			   bool no_redirects, size_t limit, struct wt_listed_page **out, size_t *n)
{
	struct host *h = data;
	*out = NULL;
	*n = 0;
	struct sbuf sql;
	sbuf_init(&sql, 1024);
	sbuf_adds(&sql, "SELECT page_title, page_is_redirect FROM page WHERE page_namespace = ? AND page_title >= ?");
	const char *binds[3];
	size_t nb = 0;
	if (to) {
		sbuf_adds(&sql, " AND page_title <= ?");
		binds[nb++] = to;
	}
	if (prefix && *prefix) {
		/* A range scan on the prefix: [prefix, prefix + U+10FFFF). */
		sbuf_adds(&sql, " AND page_title >= ? AND page_title < ?");
		binds[nb++] = prefix;
		binds[nb++] = arena_printf(a, "%s\xf4\x8f\xbf\xbf", prefix);
	}
	if (no_redirects)
		sbuf_adds(&sql, " AND page_is_redirect = 0");
	sbuf_adds(&sql, " ORDER BY page_title LIMIT ?");
	struct store_stmt *s = store_prepare(h->st, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!s)
		return RC_ERR;
	store_bind_int(s, 1, ns);
	store_bind_text(s, 2, from ? from : "", from ? strlen(from) : 0);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(s, (int)i + 3, binds[i], strlen(binds[i]));
	store_bind_int(s, (int)nb + 3, (int64_t)limit);
	struct wt_listed_page *rows = arena_calloc(a, limit + 1, sizeof(*rows));
	size_t k = 0;
	int rc;
	while ((rc = store_step(s)) == STORE_ROW && k < limit) {
		rows[k].dbkey = store_col_dup(s, a, 0);
		rows[k].is_redirect = store_col_int(s, 1) != 0;
		k++;
	}
	store_stmt_done(s);
	if (rc != STORE_DONE && rc != STORE_ROW)
		return RC_ERR;
	*out = rows;
	*n = k;
	return RC_OK;
}

void wiki_wt_host(struct store *st, struct arena *a, struct wt_host *out)
{
	struct host *h = arena_calloc(a, 1, sizeof(*h));
	h->st = st;
	/* Without a store (the comment formatter's fuzz test) messages come from the defaults alone. */
	h->has_ns8 = st ? -1 : 0;
	memset(out, 0, sizeof(*out));
	out->data = h;
	out->page_info = host_page_info;
	out->fetch = host_fetch;
	out->file = NULL; /* no file repository yet: every file is missing */
	out->message = host_message;
	out->user_gender = host_user_gender;
	out->category_counts = host_category_counts;
	out->site_stat = host_site_stat;
	out->protection = host_protection;
	out->special_page = host_special_page;
	out->revision = host_revision;
	out->cascading_sources = host_cascading_sources;
	out->list_pages = host_list_pages;
}

/* ---------- entry points ---------- */

void wiki_wt_options(struct arena *a, const struct wiki_render_opts *ro, struct wt_options *out)
{
	memset(out, 0, sizeof(*out));
	out->title = ro->title ? ro->title->prefixed : NULL;
	out->page_id = ro->page_id;
	out->rev_id = ro->rev_id;
	out->rev_current = ro->rev_current && ro->rev_id > 0;
	out->rev_user = ro->rev_user;
	int64_t t = 0;
	if (ro->rev_timestamp && ts_from_mw(ro->rev_timestamp, &t) == RC_OK)
		out->rev_timestamp = t;
	out->rev_size = ro->rev_size > 0 ? ro->rev_size : -1;
	out->now = util_now();
	out->user = ro->user ? ro->user->name : NULL;
	out->user_lang = ro->user_lang;
	out->is_preview = ro->is_preview;
	out->unsaved_current = ro->is_preview && !ro->rev_id;
	out->is_section_preview = ro->is_section_preview;
	out->no_edit_section = ro->no_edit_section;
	out->no_toc = ro->no_toc;
	out->no_wrap = ro->no_wrap;
	out->no_limit_report = ro->no_limit_report;
	(void)a;
}

/* CPU time of this thread in seconds. */
static double thread_cpu(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Labels of the limit report lines, in Parser::makeLimitReport's order. */
static const char *const limit_labels[][2] = {
	{ "limitreport-ppvisitednodes", "Preprocessor visited node count: %lld/%lld\n" },
	{ "limitreport-postexpandincludesize", "Post\xe2\x80\x90" "expand include size: %lld/%lld bytes\n" },
	{ "limitreport-templateargumentsize", "Template argument size: %lld/%lld bytes\n" },
	{ "limitreport-expansiondepth", "Highest expansion depth: %lld/%lld\n" },
	{ "limitreport-expensivefunctioncount", "Expensive parser function count: %lld/%lld\n" },
	{ "limitreport-unstrip-depth", "Unstrip recursion depth: %lld/%lld\n" },
	{ "limitreport-unstrip-size", "Unstrip post\xe2\x80\x90" "expand size: %lld/%lld bytes\n" },
};

size_t wiki_timing_profile(struct arena *a, const struct wt_output *out, double wall, const char ***lines)
{
	/* Parser::makeLimitReport: the ten slowest entries, "-total" (the whole parse) among them. */
	size_t n = out->n_profile + 1;
	struct wt_profile *p = arena_alloc(a, n * sizeof(*p));
	if (out->n_profile)
		memcpy(p, out->profile, out->n_profile * sizeof(*p));
	int64_t total = (int64_t)(wall * 1e6 + 0.5);
	for (size_t i = 0; i < out->n_profile; i++)
		if (p[i].us > total)
			total = p[i].us;
	p[n - 1] = (struct wt_profile){ .name = "-total", .calls = 1, .us = total };
	/* Most time first; ties keep their order (PHP's stable uasort): an insertion sort. */
	for (size_t i = 1; i < n; i++) {
		struct wt_profile v = p[i];
		size_t k = i;
		for (; k > 0 && p[k - 1].us < v.us; k--)
			p[k] = p[k - 1];
		p[k] = v;
	}
	size_t shown = n < 10 ? n : 10;
	const char **l = arena_alloc(a, shown * sizeof(*l));
	for (size_t i = 0; i < shown; i++) {
		struct sbuf name;
		sbuf_init(&name, SIZE_MAX / 2);
		for (const char *c = p[i].name; *c; c++) {
			switch (*c) {
			case '&': sbuf_adds(&name, "&amp;"); break;
			case '<': sbuf_adds(&name, "&lt;"); break;
			case '>': sbuf_adds(&name, "&gt;"); break;
			case '"': sbuf_adds(&name, "&quot;"); break;
			case '\'': sbuf_adds(&name, "&#039;"); break;
			default: sbuf_addc(&name, *c);
			}
		}
		double pct = total > 0 ? 100.0 * (double)p[i].us / (double)total : 100.0;
		l[i] = arena_printf(a, "%6.2f%% %8.3f %6lld %s", pct, (double)p[i].us / 1000.0, (long long)p[i].calls,
				    sbuf_cstr(&name));
		sbuf_release(&name);
	}
	*lines = l;
	return shown;
}

/* The NewPP limit report comment of `out` and `rep` (ParserOutput's limit report as HTML comments). */
static void limit_comment(struct sbuf *b, const struct wt_output *out, const struct wiki_render_report *rep,
			  bool signed_text)
{
	sbuf_adds(b, "\n<!-- \nNewPP limit report\n");
	sbuf_addf(b, "Cached time: %s\nCache expiry: %d\nReduced expiry: %s\nComplications: [%s]\n", rep->cached,
		  rep->ttl, rep->ttl < WIKI_PARSER_CACHE_TTL ? "true" : "false",
		  signed_text ? "user\xe2\x80\x90signature" : "");
	sbuf_addf(b, "CPU time usage: %.3f seconds\nReal time usage: %.3f seconds\n", rep->cpu, rep->wall);
	for (size_t i = 0; i < out->n_limits; i++) {
		for (size_t k = 0; k < ARRAY_SIZE(limit_labels); k++)
			if (strcmp(limit_labels[k][0], out->limits[i].key) == 0)
				sbuf_addf(b, limit_labels[k][1], (long long)out->limits[i].value,
					  (long long)out->limits[i].limit);
	}
	sbuf_adds(b, "-->\n<!--\nTransclusion expansion time report (%,ms,calls,template)\n");
	const char **lines;
	struct arena *scratch = arena_new();
	size_t n = wiki_timing_profile(scratch, out, rep->wall, &lines);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(b, "%s\n", lines[i]);
	arena_free(scratch);
	sbuf_adds(b, "-->\n");
}

/* The value of hex digit `c`, or -1. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* PHP's \s: the whitespace a regular expression skips. */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * WikitextContent::getRedirectTargetAndText: text opening with
 * "#REDIRECT" (after leading whitespace) and a link on the same line is a
 * redirect to that link's target; the rest (after the link and the
 * whitespace behind it) is rendered below the redirect's header. false
 * when the text is no redirect or the target no valid redirect target.
 */
static bool redirect_split(struct arena *a, const char *text, size_t len, struct wiki_title *target, size_t *rest)
{
	size_t i = 0;
	while (i < len && (is_space(text[i]) || text[i] == '\0'))
		i++;
	size_t word = wiki_redirect_word(text + i, len - i);
	if (!word)
		return false;
	i += word;
	while (i < len && is_space(text[i]))
		i++;
	if (i < len && text[i] == ':')
		i++;
	while (i < len && is_space(text[i]))
		i++;
	if (len - i < 2 || text[i] != '[' || text[i + 1] != '[')
		return false;
	i += 2;
	/* The first "]]" on the line closes the link; the target ends at a '|' before it. */
	size_t close = i;
	while (close + 1 < len && text[close] != '\n' && !(text[close] == ']' && text[close + 1] == ']'))
		close++;
	if (close + 1 >= len || text[close] != ']')
		return false;
	const char *bar = memchr(text + i, '|', close - i);
	size_t tl = (bar ? (size_t)(bar - (text + i)) : close - i);
	char *name = arena_strndup(a, text + i, tl);
	if (strchr(name, '%')) {
		/* rawurldecode of the name without leading colons, as links are decoded. */
		char *n = name;
		while (*n == ':')
			n++;
		char *o = name;
		for (; *n; n++) {
			int hi, lo;
			if (n[0] == '%' && (hi = hex_value(n[1])) >= 0 && (lo = hex_value(n[2])) >= 0) {
				*o++ = (char)(hi * 16 + lo);
				n += 2;
			} else {
				*o++ = *n;
			}
		}
		*o = '\0';
	}
	if (wiki_title_parse(a, name, 0, target, NULL) != RC_OK || (!target->is_external && !target->dbkey[0]))
		return false;
	if (target->ns == WIKI_NS_SPECIAL && !target->is_external) {
		size_t cl;
		const char *e = wiki_special_canonical(target->dbkey, strlen(target->dbkey), &cl);
		if (e && cl == 10 && strncmp(e, "UserLogout", 10) == 0)
			return false;
	}
	i = close + 2;
	while (i < len && is_space(text[i]))
		i++;
	*rest = i;
	return true;
}

/*
 * Article::getRedirectHeaderHtml: "Redirect to:" and a link to the
 * target (its full text with the fragment; redirect=no when the target
 * redirects again) before the rendered rest; the target is a link of the
 * page and the header's style module is needed.
 */
static void add_redirect_header(struct store *st, struct arena *a, const struct wiki_render_opts *ro,
				const struct wiki_title *t, struct wt_output *out)
{
	const char *full = t->fragment[0] ? arena_printf(a, "%s#%s", t->prefixed, t->fragment) : t->prefixed;
	const char *link = wiki_comment_html(a, st, arena_printf(a, "[[:%s|%s]]", full, full), ro->title);
	int64_t redirect = 0;
	if (!t->is_external)
		store_query_int(st, &redirect, "SELECT page_is_redirect FROM page WHERE page_namespace = ? AND"
					       " page_title = ?", "dt", t->ns, t->dbkey);
	if (redirect) {
		/* The link opens the redirect itself: the query goes before the fragment. */
		const char *href = strstr(link, "href=\"");
		if (href) {
			href += 6;
			const char *end = href + strcspn(href, "#\"");
			link = arena_printf(a, "%.*s&amp;redirect=no%s", (int)(end - link), link, end);
		}
	}
	const char *label = wiki_message_default("redirectto");
	const char *header = arena_printf(a, "<div class=\"redirectMsg\"><p>%s</p><ul class=\"redirectText\"><li>%s</li>"
					     "</ul></div>", label, link);
	static const char open[] = "<div class=\"mw-parser-output\">";
	size_t ol = !ro->no_wrap && out->html_len >= sizeof(open) - 1 && memcmp(out->html, open, sizeof(open) - 1) == 0
			    ? sizeof(open) - 1 : 0;
	char *html = arena_printf(a, "%.*s%s%s", (int)ol, out->html, header, out->html + ol);
	out->html = html;
	out->html_len = strlen(html);
	if (!t->is_external) {
		bool have = false;
		for (size_t i = 0; i < out->n_links && !have; i++)
			have = out->links[i].ns == t->ns && strcmp(out->links[i].dbkey, t->dbkey) == 0;
		if (!have) {
			struct wt_link *l = arena_alloc(a, (out->n_links + 1) * sizeof(*l));
			if (out->n_links)
				memcpy(l, out->links, out->n_links * sizeof(*l));
			memset(&l[out->n_links], 0, sizeof(*l));
			l[out->n_links].ns = t->ns;
			l[out->n_links].dbkey = t->dbkey;
			out->links = l;
			out->n_links++;
		}
	}
	const char **ms = arena_alloc(a, (out->n_module_styles + 1) * sizeof(*ms));
	if (out->n_module_styles)
		memcpy(ms, out->module_styles, out->n_module_styles * sizeof(*ms));
	ms[out->n_module_styles++] = "mediawiki.action.view.redirectPage";
	out->module_styles = ms;
}

int wiki_render_report(struct store *st, struct arena *a, const struct wiki_render_opts *ro, const char *text,
		       size_t len, struct wt_output *out, struct wiki_render_report *rep)
{
	struct wiki_title redirect;
	size_t skip = 0;
	bool is_redirect = redirect_split(a, text, len, &redirect, &skip);
	if (is_redirect) {
		text += skip;
		len -= skip;
	}
	struct wt_host host;
	struct wt_options opt;
	wiki_wt_host(st, a, &host);
	wiki_wt_options(a, ro, &opt);
	double cpu0 = thread_cpu();
	int64_t wall0 = util_mono_us();
	int rc = wt_parse(a, wiki_wt_site(), &host, &opt, text, len, out);
	struct wiki_render_report r = { 0 };
	r.cpu = thread_cpu() - cpu0;
	r.wall = (double)(util_mono_us() - wall0) / 1e6;
	ts_format_mw(opt.now, r.cached);
	/* A transcluded special page makes the output valid for no time (cache expiry 0). */
	r.ttl = out->ttl > 0 && out->ttl < WIKI_PARSER_CACHE_TTL ? out->ttl : WIKI_PARSER_CACHE_TTL;
	if (out->uncacheable)
		r.ttl = 0;
	if (rep)
		*rep = r;
	if (rc == RC_OK && is_redirect)
		add_redirect_header(st, a, ro, &redirect, out);
	if (rc != RC_OK || ro->no_limit_report)
		return rc;
	/* The comment goes inside the wrapper, before its closing tag, as MediaWiki places it. */
	struct sbuf b;
	sbuf_init(&b, out->html_len + 4096);
	size_t body = out->html_len;
	bool wrapped = !ro->no_wrap && body >= 6 && memcmp(out->html + body - 6, "</div>", 6) == 0;
	if (wrapped)
		body -= 6;
	sbuf_add(&b, out->html, body);
	limit_comment(&b, out, &r, ro->user_signature);
	if (wrapped)
		sbuf_adds(&b, "</div>");
	out->html = arena_strndup(a, sbuf_cstr(&b), b.len);
	out->html_len = b.len;
	sbuf_release(&b);
	return RC_OK;
}

int wiki_render(struct store *st, struct arena *a, const struct wiki_render_opts *ro, const char *text, size_t len,
		struct wt_output *out)
{
	return wiki_render_report(st, a, ro, text, len, out, NULL);
}

int wiki_expand(struct store *st, struct arena *a, const struct wiki_render_opts *ro, bool keep_comments,
		const char *text, size_t len, const char **res, size_t *res_len, struct wt_output *out)
{
	struct wt_host host;
	struct wt_options opt;
	wiki_wt_host(st, a, &host);
	wiki_wt_options(a, ro, &opt);
	struct wt_pp_options pp = { .keep_comments = keep_comments, .for_inclusion = false };
	return wt_preprocess(a, wiki_wt_site(), &host, &opt, &pp, text, len, res, res_len, out);
}

/* A boolean preference as PHP reads it: "", "0" and none are false. */
static bool option_on(const char *v)
{
	return v && *v && strcmp(v, "0") != 0;
}

int wiki_pst(struct store *st, struct arena *a, const struct wiki_title *title, const char *model,
	     const struct wiki_user *user, const char *text, size_t len, const char **res, size_t *res_len,
	     bool *is_signed)
{
	int64_t uid = user ? user->id : 0;
	if (is_signed)
		*is_signed = false;
	if (model && strcmp(model, "wikitext") != 0 && strcmp(model, "css") != 0 && strcmp(model, "javascript") != 0) {
		*res = text;
		*res_len = len;
		return RC_OK;
	}
	struct wt_host host;
	struct wt_options opt;
	struct wiki_render_opts ro = { .title = title, .user = user };
	wiki_wt_host(st, a, &host);
	wiki_wt_options(a, &ro, &opt);
	struct wt_signer who = {
		.name = user && user->name ? user->name : "",
		.registered = uid > 0,
		.nickname = uid > 0 ? wiki_user_option_get(st, a, uid, "nickname") : NULL,
		.fancysig = uid > 0 && option_on(wiki_user_option_get(st, a, uid, "fancysig")),
	};
	return wt_pst(a, wiki_wt_site(), &host, &opt, &who, text, len, res, res_len, is_signed);
}
