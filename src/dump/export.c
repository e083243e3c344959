/* SPDX-License-Identifier: MIT */
/*
 * export.c — the XML dump writer: MediaWiki's export format, schema 0.10
 * or 0.11, byte for byte as MediaWiki 1.39's XmlDumpWriter lays it out
 * (element order, two-space indentation, "<tag />" for empty elements,
 * which characters are escaped where).
 *
 * An export is a cursor over a list of pages. dump_export_fill() writes
 * until the caller's buffer holds enough, remembering the page and the
 * last revision written; every call reads its rows afresh and finishes
 * its statements, so a streamed response can interleave with other
 * requests on the same connection and only one revision's text is in
 * memory at a time. Temporary strings of a call live in an arena made
 * and dropped by that call.
 *
 * Deleted parts of revisions (rev_deleted bits) are never written, for
 * any reader, as MediaWiki does: a hidden text becomes
 * <text ... deleted="deleted" /> with an empty <sha1/>, a hidden comment
 * or user <comment deleted="deleted" /> / <contributor deleted="deleted" />.
 */
#include "dump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/http.h"
#include "../store/store.h"
#include "../util/config.h"
#include "../util/timestamp.h"
#include "../wiki/wiki.h"

const char *const dump_schema_names[] = { "0.10", "0.11", NULL };

/* Revisions read per query while writing one page's history. */
#define REV_BATCH 64

/* rev_deleted bits (MediaWiki's RevisionRecord::DELETED_*). */
enum {
	REV_DELETED_TEXT = 1,    /* content hidden */
	REV_DELETED_COMMENT = 2, /* summary hidden */
	REV_DELETED_USER = 4,    /* author hidden */
};

/* One page to export. */
struct xpage {
	int ns;            /* namespace */
	const char *dbkey; /* title, '_' for spaces */
};

/* Where the writer is. */
enum xstate {
	X_HEADER, /* nothing written yet */
	X_PAGES,  /* writing pages[cur] */
	X_FOOTER, /* every page written; the closing tag is next */
	X_DONE,   /* complete */
};

struct dump_export {
	struct arena *arena;       /* the page list and options */
	struct dump_export_opts o; /* options (offset copied into arena) */
	struct xpage *pages;       /* pages in order */
	size_t n_pages;            /* entries in pages */
	size_t cap_pages;          /* allocated entries */
	enum xstate state;         /* see enum xstate */
	size_t cur;                /* index of the page being written */
	bool is_open;              /* <page> of pages[cur] has been written */
	int64_t page_id;           /* its page id */
	int64_t page_latest;       /* its page_latest */
	int64_t n_written;         /* revisions of it written so far (RANGE limit) */
	int64_t after_id;          /* cursor: last revision id written */
	char after_ts[15];         /* cursor (RANGE): its timestamp */
};

struct dump_export *dump_export_new(const struct dump_export_opts *o)
{
	struct dump_export *x = xcalloc(1, sizeof(*x));
	x->arena = arena_new();
	x->o = *o;
	x->o.offset = o->offset ? arena_strdup(x->arena, o->offset) : NULL;
	return x;
}

void dump_export_free(struct dump_export *x)
{
	if (!x)
		return;
	arena_free(x->arena);
	xfree(x);
}

void dump_export_add(struct dump_export *x, int ns, const char *dbkey)
{
	for (size_t i = 0; i < x->n_pages; i++)
		if (x->pages[i].ns == ns && streq(x->pages[i].dbkey, dbkey))
			return;
	x->pages = arena_grow(x->arena, x->pages, x->n_pages, &x->cap_pages, sizeof(*x->pages));
	x->pages[x->n_pages].ns = ns;
	x->pages[x->n_pages].dbkey = arena_strdup(x->arena, dbkey);
	x->n_pages++;
}

/*
 * Add the targets of `sql` (one `?` for the source page's namespace and
 * one for its title; rows are namespace, title) for every page listed
 * now, after them.
 */
static int add_targets(struct dump_export *x, struct store *st, const char *sql)
{
	size_t n = x->n_pages;
	int rc = RC_OK;
	for (size_t i = 0; i < n && rc == RC_OK; i++) {
		struct store_stmt *s = store_prepare(st, sql);
		store_bindv(s, "dt", x->pages[i].ns, x->pages[i].dbkey);
		int step;
		while ((step = store_step(s)) == STORE_ROW)
			dump_export_add(x, (int)store_col_int(s, 0), store_col_text(s, 1));
		if (step != STORE_DONE)
			rc = step;
		store_stmt_done(s);
	}
	return rc;
}

int dump_export_add_templates(struct dump_export *x, struct store *st)
{
	return add_targets(x, st, "SELECT tl_namespace, tl_title FROM templatelinks JOIN page ON page_id = tl_from"
				  " WHERE page_namespace = ? AND page_title = ? ORDER BY tl_namespace, tl_title");
}

int dump_export_add_links(struct dump_export *x, struct store *st, int depth)
{
	int rc = RC_OK;
	for (int d = 0; d < depth && rc == RC_OK; d++)
		rc = add_targets(x, st, "SELECT pl_namespace, pl_title FROM pagelinks JOIN page ON page_id = pl_from"
					" WHERE page_namespace = ? AND page_title = ? ORDER BY pl_namespace, pl_title");
	return rc;
}

/* ---------- escaping ---------- */

/* Element text as htmlspecialchars(ENT_NOQUOTES): & < > only. */
static void add_text(struct sbuf *out, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		default: continue;
		}
		sbuf_add(out, s + start, i - start);
		sbuf_adds(out, rep);
		start = i + 1;
	}
	sbuf_add(out, s + start, len - start);
}

/*
 * An attribute value as MediaWiki's Sanitizer::encodeAttribute: & < > " '
 * escaped, and tab, CR and LF as character references so they survive
 * attribute-value normalization.
 */
static void add_attr(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sbuf_adds(out, "&amp;"); break;
		case '<': sbuf_adds(out, "&lt;"); break;
		case '>': sbuf_adds(out, "&gt;"); break;
		case '"': sbuf_adds(out, "&quot;"); break;
		case '\'': sbuf_adds(out, "&#039;"); break;
		case '\n': sbuf_adds(out, "&#10;"); break;
		case '\r': sbuf_adds(out, "&#13;"); break;
		case '\t': sbuf_adds(out, "&#9;"); break;
		default: sbuf_addc(out, *s);
		}
	}
}

/* `indent`<tag>text</tag>\n, or `indent`<tag />\n for empty text (Xml::element). */
static void add_elem(struct sbuf *out, const char *indent, const char *tag, const char *text)
{
	sbuf_adds(out, indent);
	sbuf_addc(out, '<');
	sbuf_adds(out, tag);
	if (!*text) {
		sbuf_adds(out, " />\n");
		return;
	}
	sbuf_addc(out, '>');
	add_text(out, text, strlen(text));
	sbuf_adds(out, "</");
	sbuf_adds(out, tag);
	sbuf_adds(out, ">\n");
}

/* The same for an integer. */
static void add_elem_int(struct sbuf *out, const char *indent, const char *tag, int64_t v)
{
	sbuf_addf(out, "%s<%s>%lld</%s>\n", indent, tag, (long long)v, tag);
}

/* ---------- the stream header ---------- */

/* <mediawiki ...> and <siteinfo>, as XmlDumpWriter::openStream(). */
static void write_header(const struct dump_export *x, struct arena *a, struct sbuf *out)
{
	const char *ver = dump_schema_names[x->o.schema];
	sbuf_addf(out,
		  "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-%s/\""
		  " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
		  " xsi:schemaLocation=\"http://www.mediawiki.org/xml/export-%s/"
		  " http://www.mediawiki.org/xml/export-%s.xsd\" version=\"%s\" xml:lang=\"",
		  ver, ver, ver, ver);
	add_attr(out, config.lang);
	sbuf_adds(out, "\">\n  <siteinfo>\n");
	add_elem(out, "    ", "sitename", config.sitename);
	add_elem(out, "    ", "dbname", config.sitename);
	struct wiki_title mp;
	const char *err;
	if (wiki_title_parse(a, config.mainpage, 0, &mp, &err) != RC_OK)
		wiki_title_make(a, 0, "Main_Page", &mp);
	add_elem(out, "    ", "base", wiki_title_url(a, &mp));
	add_elem(out, "    ", "generator", WIKI_GENERATOR);
	add_elem(out, "    ", "case", "first-letter");
	sbuf_adds(out, "    <namespaces>\n");
	size_t n;
	const struct wiki_ns *ns = wiki_ns_all(&n);
	for (size_t i = 0; i < n; i++) {
		sbuf_addf(out, "      <namespace key=\"%d\" case=\"%s\"", ns[i].id,
			  ns[i].is_capitalized ? "first-letter" : "case-sensitive");
		if (!*ns[i].name) {
			sbuf_adds(out, " />\n");
			continue;
		}
		sbuf_addc(out, '>');
		add_text(out, ns[i].name, strlen(ns[i].name));
		sbuf_adds(out, "</namespace>\n");
	}
	sbuf_adds(out, "    </namespaces>\n  </siteinfo>\n");
}

/* "Ns:Text" with the local namespace name, as XmlDumpWriter::canonicalTitle(). */
static const char *canonical_title(struct arena *a, int ns, const char *dbkey)
{
	const char *prefix = wiki_ns_text(ns);
	char *text = arena_strdup(a, dbkey);
	for (char *c = text; *c; c++)
		if (*c == '_')
			*c = ' ';
	return prefix && *prefix ? arena_printf(a, "%s:%s", prefix, text) : text;
}

/* ---------- pages ---------- */

/*
 * Look up pages[cur] and write its <page> opening (title, ns, id,
 * redirect). Returns RC_OK, RC_NOTFOUND when the page does not exist,
 * or a store failure.
 */
static int open_page(struct dump_export *x, struct store *st, struct arena *a, struct sbuf *out)
{
	const struct xpage *p = &x->pages[x->cur];
	struct store_stmt *s = store_prepare(st, "SELECT page_id, page_latest, page_is_redirect, rd_namespace, rd_title,"
						 " rd_interwiki FROM page LEFT JOIN redirect ON rd_from = page_id"
						 " WHERE page_namespace = ? AND page_title = ?");
	store_bindv(s, "dt", p->ns, p->dbkey);
	int rc = store_step(s);
	if (rc != STORE_ROW) {
		store_stmt_done(s);
		return rc == STORE_DONE ? RC_NOTFOUND : rc;
	}
	x->page_id = store_col_int(s, 0);
	x->page_latest = store_col_int(s, 1);
	bool is_redirect = store_col_int(s, 2) != 0 && !store_col_is_null(s, 3);
	int rd_ns = (int)store_col_int(s, 3);
	const char *rd_title = store_col_dup(s, a, 4);
	const char *rd_iw = store_col_dup(s, a, 5);
	store_stmt_done(s);

	sbuf_adds(out, "  <page>\n");
	add_elem(out, "    ", "title", canonical_title(a, p->ns, p->dbkey));
	add_elem_int(out, "    ", "ns", p->ns);
	add_elem_int(out, "    ", "id", x->page_id);
	if (is_redirect && rd_ns != WIKI_NS_SPECIAL) {
		const char *target = canonical_title(a, rd_ns, rd_title);
		if (rd_iw && *rd_iw)
			target = arena_printf(a, "%s:%s", rd_iw, target);
		sbuf_adds(out, "    <redirect title=\"");
		add_attr(out, target);
		sbuf_adds(out, "\" />\n");
	}
	x->is_open = true;
	x->n_written = 0;
	x->after_id = 0;
	if (x->o.history == DUMP_RANGE) {
		/* The cursor starts at the offset; '~' sorts after every timestamp. */
		const char *start = x->o.offset ? x->o.offset : x->o.is_desc ? "~" : "";
		snprintf(x->after_ts, sizeof(x->after_ts), "%s", start);
		x->after_id = x->o.offset ? (x->o.is_desc ? 0 : INT64_MAX) : 0;
	}
	return RC_OK;
}

/* Columns of the revision query, in the order write_revision() reads them. */
#define REV_COLUMNS                                                                             \
	"SELECT rev_id, rev_parent_id, rev_timestamp, rev_minor_edit, rev_deleted, rev_sha1,"       \
	" actor_user, actor_name, comment_text, slot_origin, content_size, content_sha1,"          \
	" model_name, content_address FROM revision"                                              \
	" JOIN actor ON actor_id = rev_actor JOIN comment ON comment_id = rev_comment_id"          \
	" JOIN slots ON slot_revision_id = rev_id AND slot_role_id = 1"                            \
	" JOIN content ON content_id = slot_content_id JOIN content_models ON model_id = content_model"

/* One revision row as read by the query. */
struct xrev {
	int64_t id;          /* rev_id */
	int64_t parent;      /* rev_parent_id */
	const char *ts;      /* rev_timestamp, 14 digits */
	bool is_minor;       /* rev_minor_edit */
	int deleted;         /* rev_deleted bits */
	const char *sha1;    /* rev_sha1 */
	int64_t user_id;     /* actor_user, 0 for none */
	const char *user;    /* actor_name */
	const char *comment; /* comment_text */
	int64_t origin;      /* slot_origin */
	int64_t size;        /* content_size */
	const char *c_sha1;  /* content_sha1 */
	const char *model;   /* model_name */
	int64_t blob;        /* old_id from content_address "tt:N", 0 when not a text address */
};

/* Read the current row of `s` (REV_COLUMNS) into `r`, strings in `a`. */
static void read_rev(struct store_stmt *s, struct arena *a, struct xrev *r)
{
	r->id = store_col_int(s, 0);
	r->parent = store_col_int(s, 1);
	r->ts = store_col_dup(s, a, 2);
	r->is_minor = store_col_int(s, 3) != 0;
	r->deleted = (int)store_col_int(s, 4);
	r->sha1 = store_col_dup(s, a, 5);
	r->user_id = store_col_int(s, 6);
	r->user = store_col_dup(s, a, 7);
	r->comment = store_col_dup(s, a, 8);
	r->origin = store_col_int(s, 9);
	r->size = store_col_int(s, 10);
	r->c_sha1 = store_col_dup(s, a, 11);
	r->model = store_col_dup(s, a, 12);
	const char *addr = store_col_text(s, 13);
	r->blob = strncmp(addr, "tt:", 3) == 0 ? strtoll(addr + 3, NULL, 10) : 0;
}

/* <contributor> as XmlDumpWriter::writeContributor(): a name and id, or an IP. */
static void write_contributor(struct sbuf *out, int64_t id, const char *name)
{
	sbuf_adds(out, "      <contributor>\n");
	if (id || !wiki_ip_is_address(name) || strchr(name, '/')) {
		add_elem(out, "        ", "username", name);
		add_elem_int(out, "        ", "id", id);
	} else {
		add_elem(out, "        ", "ip", name);
	}
	sbuf_adds(out, "      </contributor>\n");
}

/* One <revision> element; the text is read from `st` unless it is hidden. */
static int write_revision(const struct dump_export *x, struct store *st, struct arena *a, const struct xrev *r,
			  struct sbuf *out)
{
	bool v11 = x->o.schema >= DUMP_SCHEMA_11;
	char iso[21];
	int64_t t = 0;
	ts_from_mw(r->ts, &t);
	ts_format_iso(t, iso);

	sbuf_adds(out, "    <revision>\n");
	add_elem_int(out, "      ", "id", r->id);
	if (r->parent)
		add_elem_int(out, "      ", "parentid", r->parent);
	add_elem(out, "      ", "timestamp", iso);
	if (r->deleted & REV_DELETED_USER)
		sbuf_adds(out, "      <contributor deleted=\"deleted\" />\n");
	else
		write_contributor(out, r->user_id, r->user);
	if (r->is_minor)
		sbuf_adds(out, "      <minor/>\n");
	if (r->deleted & REV_DELETED_COMMENT)
		sbuf_adds(out, "      <comment deleted=\"deleted\" />\n");
	else if (*r->comment)
		add_elem(out, "      ", "comment", r->comment);
	if (v11)
		add_elem_int(out, "      ", "origin", r->origin);
	add_elem(out, "      ", "model", r->model);
	add_elem(out, "      ", "format", wiki_model_format(r->model));

	const char *text = "";
	size_t len = 0;
	bool hidden = (r->deleted & REV_DELETED_TEXT) != 0;
	if (!hidden && r->blob) {
		int rc = store_blob_get(st, a, r->blob, &text, &len);
		if (rc != RC_OK && rc != RC_NOTFOUND)
			return rc;
	}
	sbuf_addf(out, "      <text bytes=\"%lld\"", (long long)(hidden ? r->size : (int64_t)len));
	if (v11) {
		sbuf_adds(out, " sha1=\"");
		add_attr(out, r->c_sha1);
		sbuf_addc(out, '"');
	}
	if (hidden) {
		sbuf_adds(out, " deleted=\"deleted\" />\n      <sha1/>\n    </revision>\n");
		return RC_OK;
	}
	sbuf_adds(out, " xml:space=\"preserve\"");
	if (len) {
		sbuf_addc(out, '>');
		add_text(out, text, len);
		sbuf_adds(out, "</text>\n");
	} else {
		sbuf_adds(out, " />\n");
	}
	add_elem(out, "      ", "sha1", r->sha1);
	sbuf_adds(out, "    </revision>\n");
	return RC_OK;
}

/*
 * Write the next batch of revisions of the open page, stopping early
 * once `out` holds `goal` bytes. Sets *page_done when the page has no
 * more. Returns RC_OK or a store failure.
 */
static int write_revisions(struct dump_export *x, struct store *st, struct arena *a, struct sbuf *out,
			   size_t goal, bool *page_done)
{
	struct store_stmt *s;
	int64_t batch = REV_BATCH;
	if (x->o.history == DUMP_RANGE && x->o.limit > 0)
		batch = MIN(batch, x->o.limit - x->n_written);
	if (x->o.history == DUMP_CURRENT) {
		s = store_prepare(st, REV_COLUMNS " WHERE rev_id = ? AND rev_page = ?");
		store_bindv(s, "ii", x->page_latest, x->page_id);
		batch = 1;
	} else if (x->o.history == DUMP_FULL) {
		s = store_prepare(st, REV_COLUMNS " WHERE rev_page = ? AND rev_id > ? ORDER BY rev_id LIMIT ?");
		store_bindv(s, "iii", x->page_id, x->after_id, batch);
	} else if (x->o.is_desc) {
		s = store_prepare(st, REV_COLUMNS " WHERE rev_page = ? AND (rev_timestamp < ? OR"
						  " (rev_timestamp = ? AND rev_id < ?))"
						  " ORDER BY rev_timestamp DESC, rev_id DESC LIMIT ?");
		store_bindv(s, "ittii", x->page_id, x->after_ts, x->after_ts,
			    x->after_id ? x->after_id : INT64_MAX, batch);
	} else {
		s = store_prepare(st, REV_COLUMNS " WHERE rev_page = ? AND (rev_timestamp > ? OR"
						  " (rev_timestamp = ? AND rev_id > ?))"
						  " ORDER BY rev_timestamp, rev_id LIMIT ?");
		store_bindv(s, "ittii", x->page_id, x->after_ts, x->after_ts, x->after_id, batch);
	}
	/* Read the batch first: texts come from other statements on the same connection. */
	struct xrev *revs = arena_calloc(a, (size_t)batch, sizeof(*revs));
	int64_t n = 0;
	int rc = STORE_DONE;
	while (n < batch && (rc = store_step(s)) == STORE_ROW)
		read_rev(s, a, &revs[n++]);
	store_stmt_done(s);
	if (n < batch && rc != STORE_DONE)
		return rc;
	rc = RC_OK;
	int64_t written = 0;
	while (written < n && rc == RC_OK) {
		rc = write_revision(x, st, a, &revs[written], out);
		x->after_id = revs[written].id;
		snprintf(x->after_ts, sizeof(x->after_ts), "%s", revs[written].ts);
		x->n_written++;
		written++;
		if (out->len >= goal)
			break;
	}
	bool limit_hit = x->o.history == DUMP_RANGE && x->o.limit > 0 && x->n_written >= x->o.limit;
	*page_done = written == n && (n < batch || x->o.history == DUMP_CURRENT || limit_hit);
	return rc;
}

int dump_export_fill(struct dump_export *x, struct store *st, struct sbuf *out, size_t want)
{
	struct arena *a = arena_new();
	int rc = RC_OK;
	size_t goal = out->len + want;
	while (rc == RC_OK && x->state != X_DONE && out->len < goal) {
		switch (x->state) {
		case X_HEADER:
			write_header(x, a, out);
			x->state = x->n_pages ? X_PAGES : X_FOOTER;
			break;
		case X_PAGES:
			if (!x->is_open) {
				rc = open_page(x, st, a, out);
				if (rc == RC_NOTFOUND) {
					rc = RC_OK;
					if (++x->cur == x->n_pages)
						x->state = X_FOOTER;
				}
				break;
			}
			bool page_done = false;
			rc = write_revisions(x, st, a, out, goal, &page_done);
			if (rc == RC_OK && page_done) {
				sbuf_adds(out, "  </page>\n");
				x->is_open = false;
				if (++x->cur == x->n_pages)
					x->state = X_FOOTER;
			}
			break;
		case X_FOOTER:
			sbuf_adds(out, "</mediawiki>\n");
			x->state = X_DONE;
			break;
		case X_DONE:
			break;
		}
	}
	arena_free(a);
	if (rc == RC_OK && out->is_toobig)
		rc = RC_TOOBIG;
	if (rc != RC_OK)
		return rc;
	return x->state == X_DONE ? 0 : 1;
}

int dump_export_all(struct dump_export *x, struct store *st, struct sbuf *out)
{
	int rc;
	/* 1 MiB per call: the arena of a call is dropped between calls. */
	while ((rc = dump_export_fill(x, st, out, 1u << 20)) == 1)
		;
	return rc;
}

/* One piece of a streamed export, through the sending thread's own connection. */
static int stream_fill(void *state, struct sbuf *out)
{
	struct store *st = store_thread();
	store_snapshot(st);
	/* 64 KiB pieces: about one network write each. */
	int rc = dump_export_fill(state, st, out, 64 * 1024);
	store_snapshot_end(st);
	return rc;
}

static void stream_free(void *state)
{
	dump_export_free(state);
}

void dump_export_stream(struct http_response *resp, struct dump_export *x)
{
	resp->stream = stream_fill;
	resp->stream_state = x;
	resp->stream_free = stream_free;
}
