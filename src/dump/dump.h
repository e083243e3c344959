/* SPDX-License-Identifier: MIT */
/*
 * dump.h — XML dumps in MediaWiki's export format (schema 0.10 and 0.11):
 * writing them (export.c) for action=query&export and Special:Export
 * (special_export.c).
 *
 * An export streams: it is a cursor that writes the next piece of XML
 * each time it is asked, so a whole wiki with its history never sits in
 * memory.
 */
#ifndef DUMP_H
#define DUMP_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/sbuf.h"
#include "../util/util.h"

struct http_request;
struct http_response;
struct store;
struct wiki_user;

/* ---------- export (export.c) ---------- */

/* The schema versions MediaWiki 1.39 writes ($wgXmlDumpSchemaVersion 0.11 is the default). */
enum dump_schema {
	DUMP_SCHEMA_10, /* "0.10": no <origin>, no sha1 attribute on <text> */
	DUMP_SCHEMA_11, /* "0.11": the current version */
};

/* The schema values exportschema accepts, NULL-terminated, oldest first. */
extern const char *const dump_schema_names[];

/* Which revisions of each page an export writes (MediaWiki's WikiExporter modes). */
enum dump_history {
	DUMP_CURRENT, /* the latest revision only */
	DUMP_FULL,    /* every revision, by revision id */
	DUMP_RANGE,   /* by timestamp from an offset, at most `limit` (Special:Export's POST form) */
};

/* How to export; copied by dump_export_new(). */
struct dump_export_opts {
	enum dump_schema schema;   /* output schema */
	enum dump_history history; /* which revisions */
	bool is_desc;              /* RANGE: newest first */
	const char *offset;        /* RANGE: 14-digit timestamp to start after, or NULL */
	long limit;                /* RANGE: most revisions per page; 0 for all */
};

/* An export in progress: the page list and where the writer is. */
struct dump_export;

/* A new export with options `o`. Free it with dump_export_free(). */
struct dump_export *dump_export_new(const struct dump_export_opts *o);

/* Release the export. NULL is a no-op. */
void dump_export_free(struct dump_export *x);

/*
 * Append page ns:dbkey ('_' for spaces) to the pages to export; pages
 * that do not exist when the writer reaches them are left out, as are
 * pages added twice.
 */
void dump_export_add(struct dump_export *x, int ns, const char *dbkey);

/*
 * Write the next part of the dump into `out` (appending): the opening
 * <mediawiki> element and <siteinfo> first, then pages and revisions,
 * then the closing tag, reading from `st`. Stops once `out` holds at
 * least `want` bytes (one revision is never split). Statements are
 * finished before it returns, so the connection may serve other work
 * between calls. Returns 1 when more follows, 0 when the dump is
 * complete, or a store failure.
 */
int dump_export_fill(struct dump_export *x, struct store *st, struct sbuf *out, size_t want);

/* The whole export into `out`: dump_export_fill() until it is done. */
int dump_export_all(struct dump_export *x, struct store *st, struct sbuf *out);

/*
 * Make `x` the body of `resp`, written while the response is sent (in
 * 64 KiB pieces, each read through the sending thread's connection in
 * a snapshot of its own). `resp` takes `x` over and frees it. The
 * caller should end its own read snapshot first, so that it is not held
 * open for as long as the client takes to read the dump.
 */
void dump_export_stream(struct http_response *resp, struct dump_export *x);

/*
 * Pages that the pages of `x` (added so far) transclude, by the
 * templatelinks table, added after them (Special:Export's "templates").
 */
int dump_export_add_templates(struct dump_export *x, struct store *st);

/*
 * Pages that the pages of `x` link to, `depth` levels deep, by the
 * pagelinks table (Special:Export's "pagelink-depth").
 */
int dump_export_add_links(struct dump_export *x, struct store *st, int depth);

/*
 * The handler of Special:Export on /w/index.php: `title` is the title
 * parameter's special page part ("Export" or "Export/Page"). Reads the
 * form parameters (pages, curonly, history, templates, dir, offset,
 * limit, pagelink-depth, wpDownload) as MediaWiki does and streams the
 * dump, or answers the form when no pages are given. `u` is the
 * requesting user (pages it cannot read are left out).
 */
void dump_special_export(struct http_request *req, struct http_response *resp, struct store *st,
			 const struct wiki_user *u, const char *subpage);

#endif
