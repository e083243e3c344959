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

#include "../../wiki/wiki.h"

/* Content is heavy: at most this many revisions with content per request (MediaWiki's LIMIT_SML1/2). */
#define CONTENT_LIMIT 50
#define CONTENT_LIMIT_HIGH 500
/* Revisions without content per request (LIMIT_BIG1/2). */
#define REV_LIMIT 500
#define REV_LIMIT_HIGH 5000

/* The prop values both modules offer (rvprop / arvprop). */
extern const char *const revs_prop_values[];
/* Their descriptions, for help. */
extern const char *const revs_prop_descs[];
/* Slot roles (rvslots / arvslots). */
extern const char *const revs_slot_values[];

/* The parameters both modules share beyond prop, slots and limit. */
struct revs_opts {
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
	  .dflt = "ids|timestamp|flags|comment|user", .offset = offsetof(stype, prop),                            \
	  .desc = "What to report about each revision.", .value_descs = revs_prop_descs },                       \
	{ .name = "slots", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_ALLOW_ALL, .values = revs_slot_values, \
	  .offset = offsetof(stype, slots),                                                                       \
	  .desc = "Which slots to return data for, when slot properties are requested. Without it the "       \
		  "main slot's data is returned in the deprecated legacy format." },                            \
	{ .name = "limit", .type = API_T_LIMIT, .flags = API_P_HAS_MIN | API_P_HAS_MAX, .min = 1,               \
	  .max = REV_LIMIT, .max_high = REV_LIMIT_HIGH, .offset = offsetof(stype, limit), .desc = limit_desc,     \
	  .info = limit_info },                                                                                   \
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
		content, tags, roles;
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
};

/*
 * Fill `r` from the module's prop and slots parameters and the shared
 * options (and warn when slot data is asked for without the slots
 * parameter). Returns RC_ERR after api_error() when contentformat, diffto
 * or difftotext come with slots (MediaWiki refuses them), for a bad
 * diffto, or when diffto names no revision; a diffto revision the user
 * may not see only warns and turns the diff off.
 */
int revs_setup(struct api_ctx *ctx, struct revs_run *r, const struct api_list *prop, const struct api_list *slots,
	       const struct revs_opts *opts);

/*
 * The effective limit: `dflt` when the limit parameter was not given,
 * else the given one, lowered (with an outofrange warning) to what the
 * request may have — 50/500 with content, 500/5000 without. "max"
 * reports the chosen value under limits.<module name>.
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
 * Add revision `row` to `list` as revs_add() does (slots, content and
 * tags are read then, when asked for). Returns RC_OK or RC_ERR after
 * api_error().
 */
int revs_emit(struct revs_run *r, struct api_node *list, const struct revs_row *row);

/* Actor id of a user parameter's value ("#id" accepted), 0 when nobody has it. */
int64_t revs_actor_of(struct api_ctx *ctx, const char *name);

#endif
