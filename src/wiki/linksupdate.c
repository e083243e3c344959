/* SPDX-License-Identifier: MIT */
/*
 * linksupdate.c — the link tables of one page, made to say what the
 * parser found in its current revision (MediaWiki's LinksUpdate) or
 * emptied when the page goes away (LinksDeletionUpdate).
 *
 * Each table is diffed, not rewritten: the rows the page has now are
 * read, compared with the rows the parser output asks for, and only the
 * difference is deleted and inserted. That keeps cl_timestamp of the
 * categories a page stays in (list=categorymembers sorts by it) and
 * lets the category counts move only for categories really joined or
 * left. Everything runs inside the caller's write transaction.
 *
 * Row keys are compared as (n, a, b): a number and two strings, whatever
 * the table keys on (namespace and title for pagelinks; prefix and title
 * for iwlinks; name and value for page_props ...).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../parser/wt.h"
#include "../store/store.h"
#include "../util/sbuf.h"
#include "wiki.h"

/* One row's key. */
struct row {
	int64_t n;      /* namespace, or 0 when the table has none */
	const char *a;  /* first text column */
	const char *b;  /* second text column, "" when the table has one */
};

/* A growable list of keys in the arena. */
struct rows {
	struct row *v; /* the keys */
	size_t n;      /* entries in v */
	size_t cap;    /* allocated entries */
};

/* How a table is changed. Every statement takes the page id first. */
struct table {
	const char *del;    /* DELETE one row: page id, then the key columns per `key` */
	const char *key;    /* bind letters of the key columns after the page id: "it", "t" or "tt" */
};

enum {
	T_PAGELINKS,     /* pagelinks: (namespace, title) */
	T_TEMPLATELINKS, /* templatelinks: (namespace, title) */
	T_IMAGELINKS,    /* imagelinks: file name */
	T_EXTERNALLINKS, /* externallinks: URL (one row per index of it) */
	T_LANGLINKS,     /* langlinks: (language, title) */
	T_IWLINKS,       /* iwlinks: (prefix, title) */
	T_PAGE_PROPS,    /* page_props: (name, value) */
	T_CATEGORYLINKS, /* categorylinks: (category, sort key prefix) */
	T_COUNT          /* number of tables */
};

/*
 * The page's rows of every table in one query (one round trip on a
 * database server instead of eight): the table's T_ number, then the
 * key columns n, a, b of the row.
 */
#define READ_ALL                                                                                      \
	"SELECT 0, pl_namespace, pl_title, '' FROM pagelinks WHERE pl_from = ?1"                          \
	" UNION ALL SELECT 1, tl_namespace, tl_title, '' FROM templatelinks WHERE tl_from = ?1"           \
	" UNION ALL SELECT 2, 0, il_to, '' FROM imagelinks WHERE il_from = ?1"                            \
	" UNION ALL SELECT 3, 0, el_to, '' FROM externallinks WHERE el_from = ?1"                         \
	" UNION ALL SELECT 4, 0, ll_lang, ll_title FROM langlinks WHERE ll_from = ?1"                     \
	" UNION ALL SELECT 5, 0, iwl_prefix, iwl_title FROM iwlinks WHERE iwl_from = ?1"                  \
	" UNION ALL SELECT 6, 0, pp_propname, pp_value FROM page_props WHERE pp_page = ?1"                \
	" UNION ALL SELECT 7, 0, cl_to, cl_sortkey_prefix FROM categorylinks WHERE cl_from = ?1"

static const struct table tables[T_COUNT] = {
	[T_PAGELINKS] = { "DELETE FROM pagelinks WHERE pl_from = ? AND pl_namespace = ? AND pl_title = ?", "it" },
	[T_TEMPLATELINKS] = { "DELETE FROM templatelinks WHERE tl_from = ? AND tl_namespace = ? AND tl_title = ?", "it" },
	[T_IMAGELINKS] = { "DELETE FROM imagelinks WHERE il_from = ? AND il_to = ?", "t" },
	[T_EXTERNALLINKS] = { "DELETE FROM externallinks WHERE el_from = ? AND el_to = ?", "t" },
	[T_LANGLINKS] = { "DELETE FROM langlinks WHERE ll_from = ? AND ll_lang = ? AND ll_title = ?", "tt" },
	[T_IWLINKS] = { "DELETE FROM iwlinks WHERE iwl_from = ? AND iwl_prefix = ? AND iwl_title = ?", "tt" },
	[T_PAGE_PROPS] = { "DELETE FROM page_props WHERE pp_page = ? AND pp_propname = ? AND pp_value = ?", "tt" },
	[T_CATEGORYLINKS] = { "DELETE FROM categorylinks WHERE cl_from = ? AND cl_to = ? AND cl_sortkey_prefix = ?",
			      "tt" },
};

static void add(struct arena *a, struct rows *r, int64_t n, const char *ka, const char *kb)
{
	r->v = arena_grow(a, r->v, r->n + 1, &r->cap, sizeof(*r->v));
	r->v[r->n++] = (struct row){ n, ka ? ka : "", kb ? kb : "" };
}

static int cmp_row(const void *x, const void *y)
{
	const struct row *p = x, *q = y;
	if (p->n != q->n)
		return p->n < q->n ? -1 : 1;
	int c = strcmp(p->a, q->a);
	return c ? c : strcmp(p->b, q->b);
}

/* Sort `r` and drop repeated keys. */
static void sort_unique(struct rows *r)
{
	if (!r->n)
		return;
	qsort(r->v, r->n, sizeof(*r->v), cmp_row);
	size_t w = 1;
	for (size_t i = 1; i < r->n; i++)
		if (cmp_row(&r->v[i], &r->v[w - 1]))
			r->v[w++] = r->v[i];
	r->n = w;
}

/* The page's rows of every table (each sorted, unique) into `out[T_COUNT]`. */
static int read_rows(struct store *st, struct arena *a, int64_t page_id, struct rows *out)
{
	struct store_stmt *s = store_prepare(st, READ_ALL);
	if (!s)
		return RC_ERR;
	store_bindv(s, "i", page_id);
	int step;
	while ((step = store_step(s)) == STORE_ROW) {
		int64_t which = store_col_int(s, 0);
		if (which < 0 || which >= T_COUNT)
			continue;
		add(a, &out[which], store_col_int(s, 1), arena_strdup(a, store_col_text(s, 2)),
		    arena_strdup(a, store_col_text(s, 3)));
	}
	store_stmt_done(s);
	if (step < 0)
		return RC_ERR;
	for (int t = 0; t < T_COUNT; t++)
		sort_unique(&out[t]);
	return RC_OK;
}

/* Run `sql` with the page id and the key columns of `k` bound as `t->key` says. */
static int run_key(struct store *st, const char *sql, const char *key, int64_t page_id, const struct row *k)
{
	if (streq(key, "it"))
		return store_run(st, sql, "iit", page_id, k->n, k->a);
	if (streq(key, "t"))
		return store_run(st, sql, "it", page_id, k->a);
	return store_run(st, sql, "itt", page_id, k->a, k->b);
}

/*
 * Keys in `x` but not in `y` (both sorted) into `out`: with (old, new)
 * the rows to delete, with (new, old) the rows to insert.
 */
static void minus(struct arena *a, const struct rows *x, const struct rows *y, struct rows *out)
{
	size_t j = 0;
	for (size_t i = 0; i < x->n; i++) {
		while (j < y->n && cmp_row(&y->v[j], &x->v[i]) < 0)
			j++;
		if (j < y->n && !cmp_row(&y->v[j], &x->v[i]))
			continue;
		add(a, out, x->v[i].n, x->v[i].a, x->v[i].b);
	}
}

/* ---------- external link indexes ---------- */

/* True when `h` is a dotted IPv4 address (four runs of 1-3 digits). */
static bool is_ipv4(const char *h, size_t n)
{
	int parts = 0, digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (h[i] >= '0' && h[i] <= '9') {
			if (++digits > 3)
				return false;
		} else if (h[i] == '.' && digits) {
			parts++;
			digits = 0;
		} else {
			return false;
		}
	}
	return parts == 3 && digits;
}

/* Host `h` (`n` bytes) in index form into `sb`: lower-cased, labels reversed, a dot after the last. */
static void add_host(struct arena *a, struct sbuf *sb, const char *h, size_t n)
{
	char *low = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++)
		low[i] = (h[i] >= 'A' && h[i] <= 'Z') ? (char)(h[i] + 32) : h[i];
	low[n] = '\0';
	if (n && low[n - 1] == '.')
		n--; /* "example.org." names the same host as "example.org" */
	if (is_ipv4(low, n) || (n && low[0] == '[')) {
		sbuf_addf(sb, "%s.%.*s.", low[0] == '[' ? "V6" : "V4", (int)n, low);
		return;
	}
	size_t end = n;
	while (end > 0) {
		size_t start = end;
		while (start > 0 && low[start - 1] != '.')
			start--;
		sbuf_add(sb, low + start, end - start);
		sbuf_addc(sb, '.');
		end = start ? start - 1 : 0;
		if (!start)
			break;
	}
}

/*
 * Append the port of text `p` (`n` bytes after the ':') as the number
 * PHP's parse_url() reads: at most 5 characters, leading digits up to
 * 65535, nothing for an empty port. False for a URL parse_url() refuses.
 */
static bool add_port(struct sbuf *sb, const char *p, size_t n)
{
	if (!n)
		return true;
	if (n > 5)
		return false;
	char buf[6];
	memcpy(buf, p, n);
	buf[n] = 0;
	char *end;
	long port = strtol(buf, &end, 10);
	if (end == buf || port < 0 || port > 65535)
		return false;
	sbuf_addf(sb, ":%ld", port);
	return true;
}

int wiki_extlink_indexes(struct arena *a, const char *url, const char *out[2])
{
	out[0] = out[1] = NULL;
	const char *scheme_end;
	const char *delim;
	bool relative = url[0] == '/' && url[1] == '/';
	if (relative) {
		scheme_end = url;
		delim = "//";
	} else {
		const char *colon = strchr(url, ':');
		if (!colon || colon == url)
			return 0;
		scheme_end = colon;
		delim = colon[1] == '/' && colon[2] == '/' ? "://" : ":";
	}
	const char *host = relative ? url + 2 : scheme_end + strlen(delim);
	/* The authority runs to the first '/', '?' or '#'; user:password@ is left out. */
	size_t alen = strcspn(host, "/?#");
	const char *rest = host + alen;
	const char *at = memchr(host, '@', alen);
	bool mailto = !relative && (size_t)(scheme_end - url) == 6 && !strncasecmp(url, "mailto", 6);
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	if (!relative)
		sbuf_add(&sb, url, (size_t)(scheme_end - url));
	sbuf_adds(&sb, delim);
	if (mailto) {
		/* mailto:local@domain → mailto:niamod.@local */
		const char *m = at ? at + 1 : host + alen;
		if (at)
			add_host(a, &sb, m, (size_t)(host + alen - m));
		sbuf_addc(&sb, '@');
		sbuf_add(&sb, host, at ? (size_t)(at - host) : alen);
	} else {
		const char *h = at ? at + 1 : host;
		size_t hlen = (size_t)(host + alen - h);
		/* A port stays after the reversed host. */
		const char *port = NULL;
		if (h[0] != '[') {
			port = memrchr(h, ':', hlen); /* parse_url() takes the last ':' */
		} else {
			const char *close = memchr(h, ']', hlen);
			if (close && close + 1 < h + hlen && close[1] == ':')
				port = close + 1;
		}
		add_host(a, &sb, h, port ? (size_t)(port - h) : hlen);
		if (port && !add_port(&sb, port + 1, (size_t)(h + hlen - port - 1))) {
			sbuf_release(&sb);
			return 0;
		}
	}
	/* An empty path becomes "/" only after "//": "mailto:org.example.@me" and "news:lang.comp." have none. */
	if (*rest != '/' && strstr(delim, "//"))
		sbuf_addc(&sb, '/');
	sbuf_adds(&sb, rest);
	if (relative) {
		out[0] = arena_printf(a, "http:%s", sbuf_cstr(&sb));
		out[1] = arena_printf(a, "https:%s", sbuf_cstr(&sb));
	} else {
		out[0] = arena_strdup(a, sbuf_cstr(&sb));
	}
	sbuf_release(&sb);
	return relative ? 2 : 1;
}

/* ---------- the update ---------- */

/* cl_type of a member in namespace `ns`. */
static const char *category_type(int ns)
{
	return ns == WIKI_NS_CATEGORY ? "subcat" : ns == WIKI_NS_FILE ? "file" : "page";
}

const char *wiki_category_sortkey(struct arena *a, const char *title_text, const char *prefix)
{
	if (!prefix || !*prefix)
		return wiki_uc(a, title_text);
	/* Line feeds and tabs of the prefix become spaces: only the separator may sort that low. */
	char *p = arena_strdup(a, prefix);
	for (char *q = p; *q; q++)
		if (*q == '\n' || *q == '\t')
			*q = ' ';
	return wiki_uc(a, arena_printf(a, "%s\n%s", p, title_text));
}

/* Insert row `k` of table `which` for page `page_id`. */
static int insert_row(struct store *st, struct arena *a, int which, int64_t page_id, int ns, const char *title_text,
		      const struct row *k, const char *now)
{
	switch (which) {
	case T_PAGELINKS:
		return store_run(st, "INSERT INTO pagelinks (pl_from, pl_namespace, pl_title, pl_from_namespace)"
				     " VALUES (?, ?, ?, ?)", "iitd", page_id, k->n, k->a, ns);
	case T_TEMPLATELINKS:
		return store_run(st, "INSERT INTO templatelinks (tl_from, tl_namespace, tl_title, tl_from_namespace)"
				     " VALUES (?, ?, ?, ?)", "iitd", page_id, k->n, k->a, ns);
	case T_IMAGELINKS:
		return store_run(st, "INSERT INTO imagelinks (il_from, il_to, il_from_namespace) VALUES (?, ?, ?)",
				 "itd", page_id, k->a, ns);
	case T_EXTERNALLINKS: {
		const char *idx[2];
		int n = wiki_extlink_indexes(a, k->a, idx);
		int rc = RC_OK;
		for (int i = 0; rc == RC_OK && i < n; i++) {
			size_t n60 = strlen(idx[i]) > 60 ? 60 : strlen(idx[i]);
			rc = store_run(st, "INSERT INTO externallinks (el_from, el_to, el_index, el_index_60)"
					   " VALUES (?, ?, ?, ?)", "itts", page_id, k->a, idx[i],
				       (struct str){ idx[i], n60 });
		}
		return rc;
	}
	case T_LANGLINKS:
		return store_run(st, "INSERT INTO langlinks (ll_from, ll_lang, ll_title) VALUES (?, ?, ?)", "itt",
				 page_id, k->a, k->b);
	case T_IWLINKS:
		return store_run(st, "INSERT INTO iwlinks (iwl_from, iwl_prefix, iwl_title) VALUES (?, ?, ?)", "itt",
				 page_id, k->a, k->b);
	case T_PAGE_PROPS:
		return store_run(st, "INSERT INTO page_props (pp_page, pp_propname, pp_value) VALUES (?, ?, ?)", "itt",
				 page_id, k->a, k->b);
	default:
		return store_run(st, "INSERT INTO categorylinks (cl_from, cl_to, cl_sortkey, cl_sortkey_prefix,"
				     " cl_timestamp, cl_collation, cl_type) VALUES (?, ?, ?, ?, ?, 'uppercase', ?)",
				 "itttt" "t", page_id, k->a, wiki_category_sortkey(a, title_text, k->b), k->b, now,
				 category_type(ns));
	}
}

/* The rows `out` asks for in table `which`, sorted and unique. */
static void wanted_rows(struct arena *a, int which, const struct wt_output *out, struct rows *r)
{
	switch (which) {
	case T_PAGELINKS:
		for (size_t i = 0; i < out->n_links; i++)
			add(a, r, out->links[i].ns, out->links[i].dbkey, "");
		break;
	case T_TEMPLATELINKS:
		for (size_t i = 0; i < out->n_templates; i++)
			add(a, r, out->templates[i].ns, out->templates[i].dbkey, "");
		break;
	case T_IMAGELINKS:
		for (size_t i = 0; i < out->n_images; i++)
			add(a, r, 0, out->images[i].dbkey, "");
		break;
	case T_EXTERNALLINKS:
		for (size_t i = 0; i < out->n_extlinks; i++)
			add(a, r, 0, out->extlinks[i], "");
		break;
	case T_LANGLINKS:
		/* "prefix:Title": one link per language, the first kept (ParserOutput keeps the first). */
		for (size_t i = 0; i < out->n_langlinks; i++) {
			const char *l = out->langlinks[i];
			const char *colon = strchr(l, ':');
			if (!colon)
				continue;
			const char *lang = arena_printf(a, "%.*s", (int)(colon - l), l);
			bool seen = false;
			for (size_t j = 0; j < r->n && !seen; j++)
				seen = streq(r->v[j].a, lang);
			if (!seen)
				add(a, r, 0, lang, colon + 1);
		}
		break;
	case T_IWLINKS:
		for (size_t i = 0; i < out->n_iwlinks; i++)
			add(a, r, 0, out->iwlinks[i].prefix, out->iwlinks[i].title);
		break;
	case T_PAGE_PROPS:
		for (size_t i = 0; i < out->n_props; i++)
			add(a, r, 0, out->props[i].name, out->props[i].value);
		break;
	default:
		for (size_t i = 0; i < out->n_categories; i++)
			add(a, r, 0, out->categories[i].name, out->categories[i].sortkey);
		break;
	}
	sort_unique(r);
}

/* True when `r` holds a key whose `a` is `name`. */
static bool has_name(const struct rows *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (streq(r->v[i].a, name))
			return true;
	return false;
}

/*
 * Category counts after the page (namespace `ns`) joined the categories
 * of `added` and left those of `removed` (names only: a changed sort key
 * is neither). An emptied category keeps its row only while its page
 * exists, as Category::refreshCounts decides.
 */
static int category_counts(struct store *st, int ns, const struct rows *added, const struct rows *removed)
{
	int64_t sub = ns == WIKI_NS_CATEGORY, file = ns == WIKI_NS_FILE;
	int rc = RC_OK;
	for (size_t i = 0; rc == RC_OK && i < added->n; i++) {
		if (i && streq(added->v[i].a, added->v[i - 1].a))
			continue;
		rc = store_run(st, "INSERT INTO category (cat_title, cat_pages, cat_subcats, cat_files) VALUES (?, 1, ?, ?)"
				   " ON CONFLICT (cat_title) DO UPDATE SET cat_pages = category.cat_pages + 1,"
				   " cat_subcats = category.cat_subcats + excluded.cat_subcats,"
				   " cat_files = category.cat_files + excluded.cat_files", "tii", added->v[i].a, sub, file);
	}
	for (size_t i = 0; rc == RC_OK && i < removed->n; i++) {
		const char *name = removed->v[i].a;
		if (i && streq(name, removed->v[i - 1].a))
			continue;
		rc = store_run(st, "UPDATE category SET cat_pages = cat_pages - 1, cat_subcats = cat_subcats - ?,"
				   " cat_files = cat_files - ? WHERE cat_title = ? AND cat_pages > 0", "iit", sub, file, name);
		if (rc == RC_OK)
			rc = store_run(st, "DELETE FROM category WHERE cat_title = ?1"
					   " AND NOT EXISTS (SELECT 1 FROM categorylinks WHERE cl_to = ?1)"
					   " AND NOT EXISTS (SELECT 1 FROM page WHERE page_namespace = 14 AND page_title = ?1)",
				       "t", name);
	}
	return rc;
}

int wiki_links_update(struct store *st, struct arena *a, int64_t page_id, int ns, const char *dbkey,
		      const struct wt_output *out, const char *now)
{
	static const struct wt_output none;
	if (!out)
		out = &none;
	/* The page's title as text (spaces), the default of every sort key. */
	char *text = arena_strdup(a, dbkey);
	for (char *p = text; *p; p++)
		if (*p == '_')
			*p = ' ';
	struct rows had[T_COUNT] = { { 0 } };
	int rc = read_rows(st, a, page_id, had);
	for (int which = 0; rc == RC_OK && which < T_COUNT; which++) {
		const struct table *t = &tables[which];
		struct rows have = had[which], want = { 0 }, del = { 0 }, ins = { 0 };
		wanted_rows(a, which, out, &want);
		minus(a, &have, &want, &del);
		minus(a, &want, &have, &ins);
		for (size_t i = 0; rc == RC_OK && i < del.n; i++)
			rc = run_key(st, t->del, t->key, page_id, &del.v[i]);
		for (size_t i = 0; rc == RC_OK && i < ins.n; i++)
			rc = insert_row(st, a, which, page_id, ns, text, &ins.v[i], now);
		if (rc == RC_OK && which == T_CATEGORYLINKS) {
			/* Only names joined or left move the counts; a new sort key is neither. */
			struct rows joined = { 0 }, left = { 0 };
			for (size_t i = 0; i < ins.n; i++)
				if (!has_name(&have, ins.v[i].a))
					add(a, &joined, 0, ins.v[i].a, "");
			for (size_t i = 0; i < del.n; i++)
				if (!has_name(&want, del.v[i].a))
					add(a, &left, 0, del.v[i].a, "");
			rc = category_counts(st, ns, &joined, &left);
		}
	}
	if (rc == RC_OK && out != &none)
		rc = store_run_later(st, "UPDATE page SET page_links_updated = ? WHERE page_id = ?", "ti", now, page_id);
	return rc;
}

int wiki_links_clear(struct store *st, struct arena *a, int64_t page_id, int ns)
{
	char now[15];
	wiki_timestamp_now(now);
	return wiki_links_update(st, a, page_id, ns, "", NULL, now);
}

int wiki_links_render(struct store *st, struct arena *a, const struct wiki_title *t, int64_t page_id, int64_t rev_id,
		      const char *text, size_t len, const char *model, const char *rev_ts, struct wt_output *out)
{
	memset(out, 0, sizeof(*out));
	if (model && !streq(model, "wikitext"))
		return RC_OK; /* other content models have no links: their rows, if any, go */
	struct wiki_render_opts ro = { .title = t, .page_id = page_id, .rev_id = rev_id, .rev_current = true,
				       .rev_timestamp = rev_ts, .rev_size = (int64_t)len, .no_limit_report = true };
	return wiki_render(st, a, &ro, text, len, out);
}

int wiki_links_refresh(struct store *st, struct arena *a, const struct wiki_title *t, int64_t page_id, int64_t rev_id,
		       const char *text, size_t len, const char *model, const char *rev_ts, const char *now)
{
	struct wt_output out;
	int rc = wiki_links_render(st, a, t, page_id, rev_id, text, len, model, rev_ts, &out);
	if (rc == RC_TOOBIG)
		return RC_OK; /* a text past the parser's caps: its rows stay as they were */
	if (rc != RC_OK)
		return rc;
	return wiki_links_update(st, a, page_id, t->ns, t->dbkey, &out, now);
}
