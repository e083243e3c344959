/* SPDX-License-Identifier: MIT */
/*
 * revs_int.h — revision output shared by prop=revisions and
 * list=allrevisions (MediaWiki's ApiQueryRevisionsBase): which
 * properties were asked for, the effective limit, and one revision
 * object with its slots, as both modules write it.
 */
#ifndef REVS_INT_H
#define REVS_INT_H

#include "query_int.h"

#include <stddef.h>

#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"

/* Content is heavy: at most this many revisions with content per request (MediaWiki's LIMIT_SML1/2). */
#define CONTENT_LIMIT 50
#define CONTENT_LIMIT_HIGH 500
/* Revisions without content per request (LIMIT_BIG1/2). */
#define REV_LIMIT 500
#define REV_LIMIT_HIGH 5000

/* The prop values both modules offer (rvprop / arvprop). */
extern const char *const revs_prop_values[];
/* The deprecated ones among them (parsetree). */
extern const char *const revs_prop_deprecated[];
/* Their descriptions, for help. */
extern const char *const revs_prop_descs[];
/* Slot roles (rvslots / arvslots). */
extern const char *const revs_slot_values[];

/* The parameters both modules share beyond prop, slots and limit. */
struct revs_opts {
	bool expandtemplates;      /* deprecated expandtemplates: the content with templates expanded */
	bool generatexml;          /* deprecated generatexml: the preprocessor's XML tree of the content */
	bool parse;                /* deprecated parse: the content as HTML (one revision per request) */
	const char *section;       /* section: only this section's content */
	const char *diffto;        /* deprecated diffto: "prev", "next", "cur" or a revision id */
	const char *difftotext;    /* deprecated difftotext: diff against this text */
	bool difftotextpst;        /* deprecated difftotextpst: pre-save transform that text */
	const char *contentformat; /* deprecated contentformat (legacy shape only) */
};

/*
 * Entries of the parameter table shared by both modules, in MediaWiki's
 * order, for a params struct `stype` with the members prop, slots, limit
 * and opts (struct revs_opts); `limit_desc` describes the limit,
 * `limit_info` is its paraminfo note (or NULL).
 * Expands to complete entries including their trailing commas.
 */
#define REVS_PARAMS(stype, limit_desc, limit_info)                                                                     \
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = revs_prop_values,                  \
	  .deprecated_values = revs_prop_deprecated,                                                              \
	  .dflt = "ids|timestamp|flags|comment|user", .offset = offsetof(stype, prop),                            \
	  .desc = "What to report about each revision.", .value_descs = revs_prop_descs },                       \
	{ .name = "slots", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_ALLOW_ALL, .values = revs_slot_values, \
	  .offset = offsetof(stype, slots),                                                                       \
	  .desc = "Which slots to return data for, when slot properties are requested. Without it the "       \
		  "main slot's data is returned in the deprecated legacy format." },                            \
	{ .name = "limit", .type = API_T_LIMIT, .flags = API_P_HAS_MIN | API_P_HAS_MAX, .min = 1,               \
	  .max = REV_LIMIT, .max_high = REV_LIMIT_HIGH, .offset = offsetof(stype, limit), .desc = limit_desc,     \
	  .info = limit_info },                                                                                   \
	{ .name = "expandtemplates", .type = API_T_BOOL, .flags = API_P_DEPRECATED,                                 \
	  .offset = offsetof(stype, opts.expandtemplates),                                                        \
	  .desc = "Expand the templates of the content (with prop=content). Use action=expandtemplates "        \
		  "instead." },                                                                                   \
	{ .name = "generatexml", .type = API_T_BOOL, .flags = API_P_DEPRECATED,                                     \
	  .offset = offsetof(stype, opts.generatexml),                                                            \
	  .desc = "Add the preprocessor's XML parse tree of the content (with prop=content). Use "             \
		  "action=expandtemplates or action=parse instead." },                                             \
	{ .name = "parse", .type = API_T_BOOL, .flags = API_P_DEPRECATED, .offset = offsetof(stype, opts.parse),   \
	  .desc = "Give the content as HTML (with prop=content); only one revision is returned per request. "   \
		  "Use action=parse instead." },                                                                  \
	{ .name = "section", .type = API_T_STRING, .offset = offsetof(stype, opts.section),                       \
	  .desc = "Only the content of the section with this number." },                                       \
	{ .name = "diffto", .type = API_T_STRING, .flags = API_P_DEPRECATED, .offset = offsetof(stype, opts.diffto), \
	  .desc = "Diff each revision against this one: a revision ID, \"prev\", \"next\" or \"cur\". Use "      \
		  "action=compare instead." },                                                                    \
	{ .name = "difftotext", .type = API_T_STRING, .flags = API_P_DEPRECATED,                                      \
	  .offset = offsetof(stype, opts.difftotext),                                                             \
	  .desc = "Diff each revision against this text (overrides diffto). Use action=compare instead." },     \
	{ .name = "difftotextpst", .type = API_T_BOOL, .flags = API_P_DEPRECATED,                                   \
	  .offset = offsetof(stype, opts.difftotextpst),                                                          \
	  .desc = "Pre-save transform the text of difftotext first." },                                         \
	{ .name = "contentformat", .type = API_T_ENUM, .flags = API_P_DEPRECATED, .values = wiki_content_formats, \
	  .offset = offsetof(stype, opts.contentformat),                                                          \
	  .desc = "Serialization format for the content (legacy shape only; it must be the content model's "    \
		  "own format)." },

/* Requested properties. */
struct revs_fields {
	bool ids, flags, timestamp, user, userid, size, slotsize, sha1, slotsha1, model, comment, parsedcomment,
		content, tags, roles, parsetree;
};

/* One request's revision output settings. */
struct revs_run {
	struct api_ctx *ctx;           /* request */
	const struct api_list *slots;  /* slots parameter values */
	struct revs_fields f;          /* prop */
	bool legacy;                   /* no slots parameter: content at revision level */
	const char *section_param;     /* section parameter as given, NULL when absent */
	long section;                  /* section parameter, -1 when absent */
	bool section_t;                /* section "T-N": the transcluded view */
	bool need_slots;               /* some slot data (or a diff) requested */
	bool fetch_content;            /* content is read: for prop=content or a diff (the small limit) */
	const char *contentformat;     /* deprecated contentformat parameter (legacy shape only), or NULL */
	const char *diffto;            /* "prev", "next", "0" (cur) or a revision id; NULL for none */
	const char *difftotext;        /* diff against this text instead; NULL for none */
	bool difftotextpst;            /* pre-save transform difftotext */
	const char *main_text;         /* per revision: the main slot's content read (section cut), or NULL */
	size_t main_len;               /* its length */
	const char *main_model;        /* its content model */
	bool expandtemplates;          /* deprecated expandtemplates (content only) */
	bool generatexml;              /* deprecated generatexml (content only) */
	bool parse;                    /* deprecated parse (content only): the limit is 1 */
	const struct revs_row *row;    /* the revision being written (revs_emit) */
	const struct query_tags *tags; /* the listed revisions' tags read by one query, or NULL: a query per revision */
};

/*
 * Fill `r` from the module's prop and slots parameters and the shared
 * options. Returns RC_ERR after api_error() when contentformat, diffto
 * or difftotext come with slots (MediaWiki refuses them), for a bad
 * diffto, or when diffto names no revision; a diffto revision the user
 * may not see only warns and turns the diff off.
 */
int revs_setup(struct api_ctx *ctx, struct revs_run *r, const struct api_list *prop, const struct api_list *slots,
	       const struct revs_opts *opts);

/*
 * The effective limit: `dflt` when the limit parameter was not given
 * (1 with the deprecated parse),
 * else the given one, lowered (with an outofrange warning) to what the
 * request may have — 50/500 with content (1 with parse), 500/5000 without. "max"
 * reports the chosen value under limits.<module name>. Then the
 * warning that the legacy shape (no slots parameter) is deprecated, when
 * slot data is asked for that way: call it once, after revs_setup().
 */
long revs_limit(struct api_ctx *ctx, const struct revs_run *r, long parsed, long dflt);

/* The most revisions the request may have: 50/500 with content, 500/5000 without. */
long revs_limit_max(const struct api_ctx *ctx, const struct revs_run *r);

/*
 * Append revision `revid` as an object to the array `list`. Nothing is
 * added when the revision does not exist. Returns RC_OK or RC_ERR after
 * api_error().
 */
int revs_add(struct revs_run *r, struct api_node *list, int64_t revid);

/*
 * The columns and joins revs_read_row() reads, for modules that select
 * many revisions in one query ("SELECT " REVS_COLS REVS_JOINS " WHERE ...").
 */
#define REVS_COLS                                                                                          \
	"rev_id, rev_parent_id, rev_minor_edit, rev_timestamp, rev_len, rev_sha1, rev_deleted, "               \
	"COALESCE(actor_name, ''), COALESCE(actor_user, 0), COALESCE(comment_text, ''), rev_page, "           \
	"page_namespace, page_title"
#define REVS_JOINS                                                                                         \
	" FROM revision LEFT JOIN actor ON actor_id = rev_actor LEFT JOIN comment ON comment_id = rev_comment_id" \
	" JOIN page ON page_id = rev_page"

/*
 * The same columns read from `archive` (deleted revisions), for
 * revs_read_row(), plus ar_id as column 13; the page id is that of a
 * page now at the title (0 when none), as MediaWiki's getArticleID().
 */
#define REVS_AR_COLS                                                                                       \
	"ar_rev_id, COALESCE(ar_parent_id, 0), ar_minor_edit, ar_timestamp, COALESCE(ar_len, 0), ar_sha1, "      \
	"ar_deleted, COALESCE(actor_name, ''), COALESCE(actor_user, 0), COALESCE(comment_text, ''), "          \
	"COALESCE(page_id, 0), ar_namespace, ar_title, ar_id"
#define REVS_AR_JOINS                                                                                      \
	" FROM archive LEFT JOIN actor ON actor_id = ar_actor LEFT JOIN comment ON comment_id = ar_comment_id"   \
	" LEFT JOIN page ON page_namespace = ar_namespace AND page_title = ar_title"

/*
 * The extra rights reading deleted revisions needs (MediaWiki's
 * ApiQueryDeletedRevisions and ApiQueryAllDeletedRevisions): comments
 * only with deletedhistory, content (or a diff) only with deletedtext or
 * undelete; else RC_ERR after the permissiondenied error.
 */
int revs_check_deleted_rights(struct api_ctx *ctx, const struct revs_run *r);

/*
 * " AND ..." leaving out, when a user filter is given, archived
 * revisions whose author is hidden from the requesting user (so hidden
 * names cannot be probed), as MediaWiki's T19342 check: appended to
 * `sql`.
 */
void revs_deleted_user_paranoia(struct api_ctx *ctx, struct sbuf *sql);

/*
 * Split the continuation `cont` at '|' into at most 4 parts (pointers
 * into `cont` and their lengths); the count, or 0 when there are more
 * than 4. Shared by the deleted-revision modules.
 */
size_t revs_cont_split(const char *cont, const char *parts[4], size_t lens[4]);

/* True when the `len` bytes at `s` are an integer written canonically (as "%lld" writes it), into `*out`. */
bool revs_cont_int(const char *s, size_t len, long long *out);

/*
 * A from/to/prefix title part as the start of a dbkey in namespace `ns`
 * (titlePartToKey() of the deleted-revision modules: another namespace's
 * prefix is kept in the key), in the request arena; NULL after the error
 * invalidtitle.
 */
const char *revs_part_key(struct api_ctx *ctx, const char *text, int ns);

struct store_stmt;

/* One revision as REVS_COLS reads it. Strings in the request arena. */
struct revs_row {
	int64_t revid;          /* rev_id */
	int64_t parent;         /* rev_parent_id */
	bool minor;             /* rev_minor_edit */
	const char *ts;         /* rev_timestamp, 14 digits */
	int64_t size;           /* rev_len */
	const char *sha1;       /* rev_sha1, base 36 */
	int64_t deleted;        /* rev_deleted bits */
	const char *uname;      /* the author's name */
	int64_t uid;            /* the author's user id, 0 for none */
	const char *comment;    /* the summary */
	int64_t page;           /* rev_page */
	int page_ns;            /* its namespace */
	const char *page_dbkey; /* its title */
};

/* Read the current row of `st` (REVS_COLS) into `row`, strings copied into `a`. */
void revs_read_row(struct store_stmt *st, struct arena *a, struct revs_row *row);
/*
 * The same without copies: the strings are the statement's, valid until
 * its next step. For a module that writes each row as it reads it.
 */
void revs_read_row_ref(struct store_stmt *st, struct revs_row *row);
/* The same for REVS_COLS starting at column `col` of a wider row. */
void revs_read_row_at(struct store_stmt *st, int col, struct arena *a, struct revs_row *row);
/*
 * The revision's own first seven columns of REVS_COLS (id, parent, minor,
 * timestamp, size, sha1, deleted) from column `col`; strings in `a`.
 * revs_read_row_at() and the page set's latest-revision read share it.
 */
void revs_read_version(struct store_stmt *st, int col, struct arena *a, struct revs_row *row);

/*
 * Add revision `row` to `list` as revs_add() does (slots, content and
 * tags are read then, when asked for). Returns RC_OK or RC_ERR after
 * api_error().
 */
int revs_emit(struct revs_run *r, struct api_node *list, const struct revs_row *row);
/* The same as the next item of the list writer `w` (list=allrevisions' revisions under each page). */
int revs_emit_rows(struct revs_run *r, struct api_rows *w, const struct revs_row *row);

/*
 * May `u` see the part `field` (1 text, 2 comment, 4 user) of a
 * revision with rev_deleted `bits`? (RevisionRecord::userCanBitfield())
 */
bool revs_can_see(const struct wiki_user *u, int64_t bits, int64_t field);

/* Actor id of a user parameter's value ("#id" accepted), 0 when nobody has it. */
int64_t revs_actor_of(struct api_ctx *ctx, const char *name);

#endif
