/* SPDX-License-Identifier: MIT */
/*
 * dump.h — XML dumps in MediaWiki's export format (schema 0.10 and 0.11):
 * writing them (export.c) for action=query&export and Special:Export
 * (special_export.c), reading them (reader.c) and importing what is read
 * (import.c) for action=import and the command line (cli.c).
 *
 * Both directions stream. An export is a cursor that writes the next
 * piece of XML each time it is asked, so a whole wiki with its history
 * never sits in memory; an import reads the file with libxml2's
 * xmlTextReader one revision at a time.
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
struct store_text;
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

/* ---------- reading (reader.c) ---------- */

/* Set up libxml2; call once at start-up, before threads. */
void dump_init(void);

/*
 * Where a dump's bytes come from. A file is opened as bzip2 or gzip by
 * its first bytes (anything else is read as it is); a buffer is read in
 * place and must outlive the source.
 */
struct dump_source;

/* A source over `len` bytes at `p` (borrowed). Free it with dump_source_free(). */
struct dump_source *dump_source_mem(const char *p, size_t len);

/* A source over the file `path`, or NULL with `*err` (static text) set. */
struct dump_source *dump_source_file(const char *path, const char **err);

/* Close the source. NULL is a no-op. */
void dump_source_free(struct dump_source *s);

/* Size of the file or buffer in bytes (compressed for compressed files; 0 when unknown). */
uint64_t dump_source_size(const struct dump_source *s);

/* Bytes of the file or buffer consumed so far, on the same scale as dump_source_size(). */
uint64_t dump_source_pos(const struct dump_source *s);

/* Longest revision text kept: MediaWiki's $wgMaxArticleSize (2 MiB), plus one byte to tell. */
#define DUMP_TEXT_MAX (2048 * 1024 + 1)

/* Namespaces of <siteinfo> kept (a wiki has a few dozen). */
#define DUMP_MAX_NAMESPACES 512

/* <siteinfo>: the source wiki's namespaces. Strings valid during the callback. */
struct dump_siteinfo {
	int ns_ids[DUMP_MAX_NAMESPACES];            /* key="" of each <namespace> */
	const char *ns_names[DUMP_MAX_NAMESPACES];  /* its name ("" for main) */
	size_t n_ns;                                /* entries used */
};

/* A <page> as read up to its first <revision>. Strings valid until its end. */
struct dump_page {
	const char *title;    /* <title>, as the source wiki writes it; NULL when missing */
	int ns;               /* <ns>, 0 when missing */
	int64_t id;           /* <id> on the source wiki */
	const char *redirect; /* <redirect title=""/>, or NULL */
};

/* One <revision>. Strings valid during the revision callback only. */
struct dump_rev {
	int64_t id;                /* <id> on the source wiki, 0 when missing */
	int64_t parent_id;         /* <parentid>, 0 when missing */
	const char *timestamp;     /* <timestamp> text, or NULL */
	const char *comment;       /* <comment>, or NULL when missing */
	bool comment_deleted;      /* <comment deleted="deleted"> */
	bool is_minor;             /* <minor/> */
	bool has_contributor;      /* a <contributor> element was there */
	bool contributor_deleted;  /* <contributor deleted="deleted"> */
	const char *username;      /* <username>, or NULL */
	const char *ip;            /* <ip>, or NULL */
	int64_t user_id;           /* <id> of the contributor on the source wiki */
	const char *model;         /* <model>, or NULL */
	const char *format;        /* <format>, or NULL */
	const char *sha1;          /* <sha1>, or NULL */
	bool has_text;             /* a <text> element was there */
	bool text_deleted;         /* <text deleted="deleted"> */
	bool is_toobig;            /* the text was longer than DUMP_TEXT_MAX - 1: it is cut */
	const char *text;          /* the text, NUL-terminated */
	size_t text_len;           /* its length */
	const struct store_text *prepared; /* the text hashed and compressed ahead (import.c's reader thread), or NULL */
};

/* One <logitem>. Strings valid during the callback only; absent fields are NULL. */
struct dump_logitem {
	const char *type;      /* <type> */
	const char *action;    /* <action> */
	const char *timestamp; /* <timestamp> */
	const char *logtitle;  /* <logtitle> */
	const char *params;    /* <params> (serialized as the source stored them) */
	const char *comment;   /* <comment> */
	const char *username;  /* <contributor><username> */
	const char *ip;        /* <contributor><ip> */
};

/* Returned by dump_reader_ops.page to skip the page's revisions. */
#define DUMP_SKIP 1

/*
 * What dump_read() calls. Each returns RC_OK to go on; any other value
 * (page: DUMP_SKIP excepted) stops the read and is returned by it.
 * `page` runs at the page's first <revision>, `page_end` after its last
 * (only for pages `page` accepted). NULL members are not called, except
 * page and revision, which are required.
 */
struct dump_reader_ops {
	int (*siteinfo)(void *h, const struct dump_siteinfo *si);
	int (*page)(void *h, const struct dump_page *p);
	int (*revision)(void *h, const struct dump_page *p, const struct dump_rev *r);
	int (*page_end)(void *h, const struct dump_page *p);
	int (*logitem)(void *h, const struct dump_logitem *li);
};

/*
 * Walk the dump in `src`, calling `ops` with `h`. Returns RC_OK, a
 * callback's code, or RC_INVALID for a document that is not a dump or
 * not well-formed XML (then `*err`, in `a`, says why and where).
 */
int dump_read(struct dump_source *src, const struct dump_reader_ops *ops, void *h, struct arena *a,
	      const char **err);

/* ---------- importing (import.c) ---------- */

/* dump_import_opts.target_ns when pages keep their own namespace. */
#define DUMP_NO_NS (-1000)

struct wiki_title;

/* How to import; see import.c for what MediaWiki behaviour each follows. */
struct dump_import_opts {
	const char *user_prefix;            /* authors become "user_prefix>Name" ("imported" on the command line) */
	bool assign_known_users;            /* authors with an account here keep their name */
	int target_ns;                      /* namespace of every imported page, or DUMP_NO_NS */
	const char *rootpage;               /* prefixed title every page becomes a subpage of, or NULL */
	const struct wiki_user *performer;  /* API: the importing user (edit check, null revisions, log); NULL: none */
	const char *summary;                /* API: reason of the log entries */
	const char *const *tags;            /* API: change tags of the log entries, NULL-terminated, or NULL */
	const char *iw_source;              /* API: interwiki prefix of an interwiki import ("interwiki" log), or NULL */
	bool is_cli;                        /* command line: bad revisions are skipped with a warning, not fatal */
	int64_t batch_revisions;            /* command line: revisions per transaction (0: commit per page) */
	/* A page has been read: its local title and how many revisions it received. May be NULL. */
	void (*report)(void *arg, const struct wiki_title *t, int64_t n_revisions);
	/* Something was skipped (command line): a sentence saying what. May be NULL. */
	void (*warn)(void *arg, const char *msg);
	void *cb_arg;                       /* argument of report and warn */
};

/* What an import did. */
struct dump_import_stats {
	int64_t n_pages;             /* pages that received revisions */
	int64_t n_pages_committed;   /* of those, the ones committed (what stays after a failure) */
	int64_t n_revisions;         /* revisions stored */
	int64_t n_revisions_read;    /* revisions read from pages being imported */
	int64_t n_revisions_skipped; /* revisions the wiki had already */
	int64_t n_bytes;             /* bytes of text stored */
	int64_t n_warnings;          /* things skipped */
	int64_t n_logitems;          /* log entries stored */
	uint64_t pos;                /* bytes of the source read when the last page ended (a progress bar's) */
};

/*
 * Import the dump in `src` into the database `st` with options `o`,
 * filling `stats`. Returns RC_OK; RC_INVALID when the document is not a
 * dump or an imported revision is unusable (API only), with `*err` (in
 * `a`) saying why; or a store failure. Pages committed before a failure
 * stay imported; the failing page's changes are rolled back.
 */
int dump_import(struct store *st, struct dump_source *src, const struct dump_import_opts *o,
		struct dump_import_stats *stats, struct arena *a, const char **err);

/*
 * `wikid --import FILE` (cli.c): import the dump in `path` (XML, .gz or
 * .bz2) into the configured data directory (wiki_init() has run) as
 * MediaWiki's importDump.php would, with a progress bar on a terminal.
 * Returns the process exit status.
 */
int dump_import_cli(const char *path);

#endif
