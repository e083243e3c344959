/* SPDX-License-Identifier: MIT */
/*
 * query_int.h — shared by action=query (query.c) and the page set
 * (pageset.c): the page-set parameters, running submodules and
 * generators, and writing the pages into result.query.
 */
#ifndef QUERY_INT_H
#define QUERY_INT_H

#include "../api_int.h"

/* Page-set parameters of action=query. */
struct query_pageset_params {
	struct api_list titles;  /* titles= */
	struct api_list pageids; /* pageids= */
	struct api_list revids;  /* revids= */
	const char *generator;   /* generator= submodule name */
	bool redirects;          /* resolve redirects */
	bool converttitles;      /* convert titles to other variants */
	/*
	 * Not a parameter: action=query sets it when prop=revisions will read
	 * each page's latest revision, so the page lookups fetch that row too
	 * (query_page.latest_row), sparing a query per page.
	 */
	bool latest_rows;
	/*
	 * Not a parameter: the namespace of titles= entries without a
	 * prefix (action=imagerotate: File); 0, the main namespace, for the
	 * others.
	 */
	int default_ns;
};

/*
 * Spec entries for the page-set parameters of a params struct `stype`
 * whose member `sfield` is a struct query_pageset_params. Expands to
 * complete table entries including their trailing commas. `late` is
 * API_P_LATE for action modules whose page set MediaWiki reads inside
 * execute (after the POST, token and rights checks), else 0.
 */
#define QUERY_PAGESET_PARAMS(stype, sfield, late)                                                             \
	{ .name = "titles", .type = API_T_STRING, .flags = API_P_MULTI | API_P_NO_PREFIX | (late),            \
	  .offset = offsetof(stype, sfield.titles), .desc = "A list of titles to work on." },                 \
	{ .name = "pageids", .type = API_T_INT, .flags = API_P_MULTI | API_P_NO_PREFIX | (late),              \
	  .offset = offsetof(stype, sfield.pageids), .desc = "A list of page IDs to work on." },              \
	{ .name = "revids", .type = API_T_INT, .flags = API_P_MULTI | API_P_NO_PREFIX | (late),               \
	  .offset = offsetof(stype, sfield.revids),                                                           \
	  .desc = "A list of revision IDs to work on. Redirects are not resolved for them." },                \
	{ .name = "generator", .type = API_T_SUBMODULE, .flags = API_P_NO_PREFIX | API_P_UNCHECKED | (late),  \
	  .submodule_group = "generator", .submodule_prefix = "g",                                            \
	  .offset = offsetof(stype, sfield.generator),                                                        \
	  .desc = "Get the list of pages to work on by running this query module. Generator "                 \
		  "parameters take the prefix \"g\"." },                                                      \
	{ .name = "redirects", .type = API_T_BOOL, .flags = API_P_NO_PREFIX | (late),                         \
	  .offset = offsetof(stype, sfield.redirects),                                                        \
	  .desc = "Resolve redirects in titles, pageids and generated pages to their targets." },             \
	{ .name = "converttitles", .type = API_T_BOOL, .flags = API_P_NO_PREFIX | (late),                     \
	  .offset = offsetof(stype, sfield.converttitles),                                                    \
	  .desc = "Convert titles to other language variants where the content language has any. "            \
		  "This wiki's language has none, so titles stay as given." },

/*
 * Build the page set for this request: from titles/pageids/revids, or by
 * running the generator (unless `generator_done`). *out receives the set
 * (never NULL), *used_generator whether a generator ran. Returns RC_OK
 * or RC_ERR after api_error().
 */
int query_pageset_run(struct api_ctx *ctx, const struct query_pageset_params *pp, bool generator_done,
		      struct api_pageset **out, bool *used_generator);

/* ---------- the page set (pageset.c) ---------- */

/* What an entry of the page set is. */
enum query_page_kind {
	QUERY_PAGE_GOOD,       /* an existing page */
	QUERY_PAGE_MISSING,    /* a valid title with no page ("missing") */
	QUERY_PAGE_INVALID,    /* text that is not a title ("invalid") */
	QUERY_PAGE_SPECIAL,    /* Special: or Media: title ("special") */
	QUERY_PAGE_MISSING_ID, /* a page id with no page */
};

/*
 * One page of the set. Strings live in the request arena. Fake ids:
 * missing, invalid and special titles get -1, -2, ... in the order the
 * set meets them, as MediaWiki numbers them.
 */
struct revs_row;

struct query_page {
	enum query_page_kind kind;  /* see above */
	int64_t id;                 /* page_id; fake negative id; the asked id for MISSING_ID */
	int ns;                     /* namespace (not for INVALID / MISSING_ID) */
	const char *dbkey;          /* title without namespace, '_' for spaces ("" if none) */
	const char *title;          /* prefixed text with spaces; INVALID: the text as given */
	/* GOOD pages: the page row. */
	int64_t latest;             /* page_latest */
	int64_t len;                /* page_len */
	bool is_redirect;           /* page_is_redirect */
	bool is_new;                /* page_is_new */
	const char *touched;        /* page_touched, 14 digits */
	const char *content_model;  /* page_content_model, or NULL for the namespace default */
	const char *lang;           /* page_lang, or NULL for the content language */
	struct revs_row *latest_row; /* row of page_latest read with the page (revs_int.h), or NULL */
	/* Others. */
	bool special_missing;       /* SPECIAL: no such special page or file */
	const char *bad_key;        /* INVALID: title parser's message key */
	const char *bad_params[2];  /* INVALID: its parameters */
	int n_bad_params;           /* INVALID: 0..2 */
	int bad_num;                /* INVALID: title-invalid-too-long's byte limit */
	size_t seq;                 /* position in the output order of formatversion 1 */
	struct api_node *node;      /* result node, made by query_page_node() */
};

/* A revision asked for with revids=, and the page it belongs to. */
struct query_rev {
	int64_t revid;             /* the revision */
	struct query_page *page;   /* its page (GOOD) */
};

/* A revids= entry found in the archive (a deleted revision), for prop=deletedrevisions. */
struct query_deleted_rev {
	int64_t revid;       /* ar_rev_id */
	int ns;              /* ar_namespace: its page is in the set as this title */
	const char *dbkey;   /* ar_title */
};

/*
 * The set. Prop modules read it through query_pageset_current() and walk
 * pages[] (every kind; most props want only QUERY_PAGE_GOOD).
 */
struct api_pageset {
	struct query_page **pages;  /* every page, in the order they were added */
	size_t n_pages;             /* entries in pages */
	size_t cap_pages;           /* allocated entries */
	struct query_rev *revs;     /* revids= that exist, in request order */
	size_t n_revs;              /* entries in revs */
	bool from_revids;           /* the set was built from revids= */
	struct query_deleted_rev *deleted_revs; /* revids= in the archive (users with deletedhistory only) */
	size_t n_deleted_revs;      /* entries in deleted_revs */
	bool latest_rows;           /* page lookups read the latest revision's row too (latest_row) */
	int default_ns;             /* namespace of added text without a prefix (query_pageset_add_text()) */
	/* Private to pageset.c: */
	struct pageset_priv *priv;  /* lookup queue, indexes and the lists for output */
};

/* An empty set in the request arena. */
struct api_pageset *query_pageset_new(struct api_ctx *ctx);

/*
 * Generators add pages with these; nothing is read until the set is
 * resolved (after generate() returns), so adding is cheap. A page added
 * twice is kept once.
 *   add_title:  namespace and dbkey ('_' for spaces) of a title known to
 *               be valid (from the database); missing pages are reported
 *               as missing;
 *   add_text:   a title as a user typed it: parsed, normalized (reported
 *               under "normalized"), invalid/interwiki/special handled;
 *   add_pageid: a page id; unknown ids are reported as missing;
 *   add_revid:  a revision id: its page joins the set, prop=revisions
 *               shows that revision; unknown ids go to "badrevids".
 */
void query_pageset_add_title(struct api_ctx *ctx, struct api_pageset *ps, int ns, const char *dbkey);
void query_pageset_add_text(struct api_ctx *ctx, struct api_pageset *ps, const char *text);
void query_pageset_add_pageid(struct api_ctx *ctx, struct api_pageset *ps, int64_t id);
void query_pageset_add_revid(struct api_ctx *ctx, struct api_pageset *ps, int64_t revid);

/*
 * Generator data: the page (ns, dbkey), added before with add_title,
 * gets the member "index" in query.pages (list=prefixsearch and
 * list=search as generators rank their pages this way). With redirects=1
 * the target inherits the smallest index of the redirects leading to it.
 */
void query_pageset_set_index(struct api_pageset *ps, int ns, const char *dbkey, long index);

/*
 * Look up everything added so far (one cached point query per page) and,
 * when `redirects`, follow redirects (reported under "redirects") until
 * no new redirect appears. Returns RC_OK or RC_ERR after api_error().
 */
int query_pageset_resolve(struct api_ctx *ctx, struct api_pageset *ps, bool redirects);

/*
 * Build a set from titles/pageids/revids (no generator): the page-set
 * parameters outside action=query (action=purge). Checks "multisource".
 * Runs `pp->generator` too when given (with generator continuation going
 * through api_continue_set(), which needs a continue state: only
 * action=query provides one, so other callers must not offer generators
 * without calling query_continue_begin() first).
 */
int query_pageset_build(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_pageset **out);

/*
 * The revids= of `ps` that name no revision, in request order; `*n`
 * gets the count. For page lists that report them (action=watch).
 */
const int64_t *query_pageset_badrevids(const struct api_pageset *ps, size_t *n);

/*
 * The start of an action module with a page set, where MediaWiki makes
 * its continuation manager and page set: the `continue` value (`cont`)
 * must have the "a||b" form (badcontinue), then the page-set parameters
 * (API_P_LATE) are read into `vp`, the module's parameter struct. RC_OK,
 * or RC_ERR after the error.
 */
int query_action_begin(struct api_ctx *ctx, const char *cont, void *vp);

/*
 * The page set of an action outside action=query that takes the page-set
 * parameters (watch, setnotificationtimestamp): query_pageset_build()
 * with a continue state of its own, so a generator may run and continue.
 * query_action_continue() then writes result.continue as MediaWiki's
 * action modules do ({"gapcontinue": ..., "continue": "gapcontinue||"}),
 * nothing when the generator is done. (query.c)
 */
int query_action_pageset(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_pageset **out);
void query_action_continue(struct api_ctx *ctx);

/*
 * Append one {"revid", "missing"} item per unknown revid of `ps` to the
 * array `list`: for page lists that report them among their entries
 * (getInvalidTitlesAndRevisions: purge, watch, imagerotate).
 */
void query_pageset_add_badrevid_items(const struct api_pageset *ps, struct api_node *list);

/*
 * Append one {"title", "iw"} item per interwiki title of `ps` to the
 * array `list`, in request order: for page lists (action=watch) that
 * report them among the entries they could not act on.
 */
void query_pageset_add_interwiki_items(const struct api_pageset *ps, struct api_node *list);

/* The set the running prop module works on; never NULL inside action=query. */
struct api_pageset *query_pageset_current(struct api_ctx *ctx);

/*
 * The result object of page `p` under query.pages, where prop modules add
 * their members. The whole "pages" container is built on the first call,
 * in the output order of the formatversion, so later calls only return
 * the node.
 */
struct api_node *query_page_node(struct api_ctx *ctx, struct query_page *p);

/* The page of the current set with page id `id`, or NULL. */
struct query_page *query_pageset_find_id(struct api_pageset *ps, int64_t id);

/* What query_link_item() made of a row. */
enum query_link_row {
	QUERY_LINK_ITEM, /* *item is the row's new result object */
	QUERY_LINK_SKIP, /* nothing to write: go on with the next row */
	QUERY_LINK_STOP, /* done: continue was set */
};

/*
 * One row of a prop module that lists links per page (categories,
 * images, extlinks, iwlinks, langlinks) for page `from`, with the checks
 * in MediaWiki's order: a row past `limit` (rows counted in `*n`) stops
 * with continue=`cv`; a generator run adds `gen_dbkey` in namespace
 * `gen_ns` to `gen` and skips; a page outside the set is skipped; a full
 * result stops with continue=`cv`; else the page's list `key` (items
 * named `element`, made on first use) gets a new object, `*item`.
 */
enum query_link_row query_link_item(struct api_ctx *ctx, int64_t from, const char *cv, long *n, long limit,
				    struct api_pageset *gen, int gen_ns, const char *gen_dbkey, const char *key,
				    const char *element, struct api_node **item);

/*
 * Write normalized, converted, redirects, interwiki and (with `badrevids`)
 * badrevids of `ps` into `parent` (query, or the result root for
 * action=purge, which lists unknown revids among its pages).
 */
void query_pageset_write_lists(struct api_ctx *ctx, struct api_pageset *ps, struct api_node *parent, bool iwurl,
			       bool badrevids);

/*
 * Base members of page `p` (pageid, ns, title, missing, invalid +
 * invalidreason, special) into the object `node`: for the entries of
 * action=purge and similar page lists.
 */
void query_page_write_base(struct api_ctx *ctx, const struct query_page *p, struct api_node *node);

/*
 * The pages of `ps` in MediaWiki's output order for page lists (purge,
 * watch): invalid, special, missing ids, missing titles, then good.
 * Returns an arena array; *n gets the count.
 */
struct query_page **query_pageset_list_order(struct api_ctx *ctx, struct api_pageset *ps, size_t *n);

/*
 * A 14-digit MediaWiki timestamp as ISO 8601 ("2001-01-15T14:56:00Z"),
 * in `a`; "infinity" and anything not 14 digits are returned unchanged.
 */
const char *query_ts_iso(struct arena *a, const char *ts);

/*
 * The content model of page `p`: its page_content_model, else the
 * default MediaWiki gives its title (css/javascript/json for .css/.js/
 * .json pages in the MediaWiki namespace and user subpages, else the
 * namespace default, else wikitext). Static or arena storage.
 */
const char *query_page_model(const struct query_page *p);

/* Make `ps` the set prop modules work on (query_pageset_current()). */
void query_pageset_set_current(struct api_ctx *ctx, struct api_pageset *ps);

/* Write normalized/converted/redirects/interwiki/pages (and pageids) into result.query. */
void query_pageset_output(struct api_ctx *ctx, struct api_pageset *ps, bool indexpageids, bool iwurl);

/*
 * For a generator run whose batch is not finished by the prop modules:
 * add the generator's original parameters to `cn` and their names,
 * '|'-separated, to `keys`.
 */
void query_generator_keys(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_node *cn,
			  struct sbuf *keys);

/*
 * api_continue_set() for a numeric value, which the continue object
 * carries as a number (list=prefixsearch's psoffset), as MediaWiki does.
 */
void query_continue_set_int(struct api_ctx *ctx, const char *name, long long value);

/* Run submodule `m` with parameter prefix `prefix`; as generator when gen_out. */
int query_run_module(struct api_ctx *ctx, const struct api_module *m, const char *prefix,
		     struct api_pageset *gen_out);

/*
 * Validate the parameters of submodule `m` (prefix `prefix`; as a
 * generator when `as_generator`) without running it, so they count as
 * used. Returns RC_OK or RC_ERR after api_error().
 */
int query_check_module(struct api_ctx *ctx, const struct api_module *m, const char *prefix, bool as_generator);

/* True while a generator is running (its continuation is tracked apart). */
bool query_generator_running(struct api_ctx *ctx);

/*
 * Whose watchlist list=watchlist / list=watchlistraw read (MediaWiki's
 * getWatchlistUser()): with both `owner` and `token`, the account named
 * `owner` if its "watchlisttoken" preference equals `token` (errors
 * bad_wlowner, bad_wltoken); otherwise the requesting user, who must be
 * logged in (notloggedin) and have viewmywatchlist. `*uid` gets the user
 * id. Returns RC_OK or RC_ERR after api_error(). (list_watchlist.c)
 */
int query_watchlist_owner(struct api_ctx *ctx, const char *owner, const char *token, int64_t *uid);

/*
 * The change tags of one revision, recent change or log entry as the array
 * "tags" of `node`, sorted by name. `which` says what `id` is:
 * 'v' a revision id, 'r' an rc_id, 'l' a log id.
 */
void query_add_tags(struct api_ctx *ctx, struct api_node *node, char which, int64_t id);

struct store_stmt;

/* The change tags of many rows, read by one query (query_tags_read()). */
struct query_tags {
	int64_t *ids;       /* the row id of each name, ascending */
	const char **names; /* the tag names, by row id, then as the query sorted them */
	size_t n;           /* names */
};

/*
 * Read the rows of `st` (prepared and bound: the row id, then a tag name,
 * ordered by the row id, then by the tag id) into `out`, in the request arena,
 * and finish `st`. A list module then writes each row's tags with
 * query_tags_add() instead of running query_add_tags()' query per row.
 * RC_OK, or RC_ERR after api_db_error().
 */
int query_tags_read(struct api_ctx *ctx, struct store_stmt *st, struct query_tags *out);

/*
 * Read the change tags of the revisions `revids` (`n` of them, in any
 * order, duplicates allowed) into `out` with one query, as
 * query_tags_read() does; for a list module that has read its rows
 * before writing them (the deleted-revision lists). `n` == 0 reads
 * nothing. RC_OK, or RC_ERR after api_db_error().
 */
int query_tags_of_revs(struct api_ctx *ctx, const int64_t *revids, size_t n, struct query_tags *out);

/* Add the tags `t` has for row `id` as query_add_tags() does: the array "tags" of `node`. */
void query_tags_add(struct api_node *node, const struct query_tags *t, int64_t id);

/* One title found by the prefix search. */
struct query_prefix_hit {
	int ns;              /* namespace */
	const char *dbkey;   /* title, '_' for spaces */
	const char *title;   /* prefixed text */
	int64_t id;          /* page_id; 0 for special pages */
	bool is_redirect;    /* page_is_redirect */
};

/* The titles of one batch of the prefix search. */
struct query_prefix_hits {
	struct query_prefix_hit *v; /* found titles, in output order */
	size_t n;                   /* entries in v */
	size_t cap;                 /* allocated entries */
	bool has_more;              /* another batch exists */
	int64_t extra;              /* page_id of the row read beyond the limit, 0 if none */
};

/*
 * MediaWiki's completion search with its default database backend, as
 * list=prefixsearch and action=opensearch use it (list_prefixsearch.c):
 * titles in namespaces `ns` (`n_ns` of them; none means the main one)
 * that start with `search`, a namespace prefix in the text overriding
 * them, Special: searching special page names; batch `offset` ..
 * `offset` + `limit`, an exact match first on the first batch. Fills
 * `*out` (in the request arena). Returns RC_OK or RC_ERR after api_error().
 */
int query_prefix_search(struct api_ctx *ctx, const char *search, const long *ns, size_t n_ns, long limit,
			long offset, struct query_prefix_hits *out);

/* The rctype name of rc_type `t` (edit, new, log, external, categorize). */
const char *query_rc_type_name(int t);

/* Append " AND (rc_type = … OR …)" for the rctype names in `types` to `sql` (none given: nothing matches). */
void query_rc_types_sql(struct sbuf *sql, const struct api_list *types);

/* MediaWiki's base-36 SHA-1 (rev_sha1) as 40 hex digits into `out`. */
void query_sha1_b36_to_hex(const char *b36, char out[41]);

/* ---------- prop=links and prop=templates (prop_links.c) ---------- */

/* Parameters of prop=links and prop=templates (MediaWiki's ApiQueryLinks). */
struct query_linkprop_params {
	struct api_list ns;     /* namespace: only targets in these */
	long limit;             /* titles per batch */
	const char *cont;       /* continue: "from|namespace|title" */
	struct api_list titles; /* titles / templates: only these targets */
	const char *dir;        /* ascending | descending */
};

/*
 * Their parameter table (entries and terminator), with `listname` the
 * name of the target filter ("titles" or "templates").
 */
#define LINKPROP_PARAMS(listname)                                                                           \
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL | API_P_EXTRA_NS, \
	  .offset = offsetof(struct query_linkprop_params, ns), .desc = "Only titles in these namespaces." },   \
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,          \
	  .offset = offsetof(struct query_linkprop_params, limit), .desc = "How many titles to return." },       \
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct query_linkprop_params, cont),     \
	  .desc = "When more results are available, use this to continue." },                                \
	{ .name = listname, .type = API_T_STRING, .flags = API_P_MULTI,                                         \
	  .offset = offsetof(struct query_linkprop_params, titles),                                             \
	  .desc = "Only these titles. Useful to check whether pages link to or use them." },                 \
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",                                               \
	  .values = (const char *const[]){ "ascending", "descending", NULL },                                   \
	  .offset = offsetof(struct query_linkprop_params, dir), .desc = "Order of the listing." },            \
	{ 0 }

/*
 * The good pages of the current set as a comma-separated id list for
 * SQL (in the request arena), `*n_good` their count; NULL when none.
 */
const char *query_good_ids(struct api_ctx *ctx, size_t *n_good);

/*
 * Run prop=links (`tp` "pl") or prop=templates ("tl") over the current
 * set: the targets under each page's `key` array with XML element
 * `elem`, or into `gen` when running as a generator. RC_OK or RC_ERR.
 */
int query_linkprop_run(struct api_ctx *ctx, struct query_linkprop_params *p, const char *tp, const char *key,
		       const char *elem, struct api_pageset *gen);

/* Lower-case hex of the `len` bytes at `s` (binary sort keys as the API shows them), in `a`. (prop_categories.c) */
const char *query_hex(struct arena *a, const char *s, size_t len);

/* ---------- the link tables (list_alllinks.c) ---------- */

/*
 * The columns of one link table. imagelinks has no target namespace
 * column: every target is a File: title (`ns` NULL, `fixed_ns` 6).
 */
struct query_linktable {
	const char *table;   /* table name */
	const char *from;    /* source page id column */
	const char *from_ns; /* source namespace column; NULL when the table has none (redirect) */
	const char *ns;      /* target namespace column, or NULL */
	const char *title;   /* target title column */
	int fixed_ns;        /* the target namespace when `ns` is NULL */
};

/*
 * The link table of prefix `tp`: "pl" pagelinks, "tl" templatelinks,
 * "il" imagelinks, "rd" redirect. Static storage.
 */
const struct query_linktable *query_linktable(const char *tp);

/* ---------- the file modules (list_allimages.c) ---------- */

/*
 * MediaWiki's checks of the sha1 and sha1base36 parameters of
 * list=allimages and list=filearchive (either may be NULL): sha1, when
 * given, must be 40 hex digits (invalidsha1hash), else sha1base36 31
 * base-36 digits (invalidsha1base36hash); any case. RC_OK or RC_ERR.
 */
int query_check_sha1(struct api_ctx *ctx, const char *sha1, const char *sha1base36);

/* ---------- prop=linkshere and prop=transcludedin (prop_linkshere.c) ---------- */

/* Parameters of prop=linkshere and prop=transcludedin (ApiQueryBacklinksprop). */
struct query_backlinksprop_params {
	struct api_list prop; /* pageid | title | redirect */
	struct api_list ns;   /* only sources in these namespaces */
	struct api_list show; /* redirect | !redirect */
	long limit;           /* sources per batch */
	const char *cont;     /* continuation: the varying sort columns, '|'-separated */
};

/* Their parameter table (entries and terminator). */
#define BACKLINKSPROP_PARAMS                                                                                \
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "pageid|title|redirect",           \
	  .values = (const char *const[]){ "pageid", "redirect", "title", NULL },                                \
	  .offset = offsetof(struct query_backlinksprop_params, prop),                                           \
	  .value_descs = (const char *const[]){ "pageid=The page ID of each page.",                              \
						"redirect=Mark the pages that are redirects.",                  \
						"title=The title and namespace ID of each page.", NULL },      \
	  .desc = "What to return for each page." },                                                          \
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,               \
	  .offset = offsetof(struct query_backlinksprop_params, ns), .desc = "Only pages in these namespaces." }, \
	{ .name = "show", .type = API_T_ENUM, .flags = API_P_MULTI,                                             \
	  .values = (const char *const[]){ "!redirect", "redirect", NULL },                                     \
	  .offset = offsetof(struct query_backlinksprop_params, show),                                           \
	  .desc = "Only redirects (redirect) or only other pages (!redirect)." },                            \
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,          \
	  .offset = offsetof(struct query_backlinksprop_params, limit), .desc = "How many pages to return." },  \
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct query_backlinksprop_params, cont), \
	  .desc = "When more results are available, use this to continue." },                                \
	{ 0 }

/*
 * Run prop=linkshere (`tp` "pl"), prop=transcludedin ("tl"),
 * prop=fileusage ("il", File: targets only) or prop=redirects ("rd") over the
 * current set: the sources under each target's `key` array, or into
 * `gen` as a generator. RC_OK or RC_ERR.
 */
int query_backlinksprop_run(struct api_ctx *ctx, struct query_backlinksprop_params *p, const char *tp,
			    const char *key, struct api_pageset *gen);

/* ---------- list=backlinks and list=embeddedin (list_backlinks.c) ---------- */

/* Parameters of list=backlinks and list=embeddedin (ApiQueryBacklinks). */
struct query_backlinks_params {
	const char *title;       /* the target */
	long pageid;             /* or its page id */
	const char *cont;        /* continuation */
	struct api_list ns;      /* only sources in these namespaces */
	const char *dir;         /* ascending | descending */
	const char *filterredir; /* all | redirects | nonredirects */
	long limit;              /* sources per batch (per level with redirect) */
	bool redirect;           /* backlinks and imageusage: list the links to redirects too */
};

/* Their shared parameter table entries (no terminator: backlinks adds "redirect"). */
#define BACKLINKS_PARAMS                                                                                     \
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct query_backlinks_params, title),        \
	  .desc = "The title to search for. Either this or pageid is needed." },                             \
	{ .name = "pageid", .type = API_T_INT, .offset = offsetof(struct query_backlinks_params, pageid),       \
	  .desc = "The page ID to search for. Either this or title is needed." },                            \
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct query_backlinks_params, cont),    \
	  .desc = "When more results are available, use this to continue." },                                \
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,               \
	  .offset = offsetof(struct query_backlinks_params, ns), .desc = "Only pages in these namespaces." },   \
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",                                               \
	  .values = (const char *const[]){ "ascending", "descending", NULL },                                   \
	  .offset = offsetof(struct query_backlinks_params, dir), .desc = "Order of the listing." },            \
	{ .name = "filterredir", .type = API_T_ENUM, .dflt = "all",                                            \
	  .values = (const char *const[]){ "all", "redirects", "nonredirects", NULL },                          \
	  .offset = offsetof(struct query_backlinks_params, filterredir),                                        \
	  .desc = "Which pages to list: all, only redirects, or only the others." },                          \
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,          \
	  .offset = offsetof(struct query_backlinks_params, limit), .desc = "How many pages to return." }

/*
 * Run list=backlinks (`tp` "pl"), list=embeddedin ("tl") or
 * list=imageusage ("il", a File: title only): the result
 * array `listname` with XML element `elem`, or pages into `gen`.
 * RC_OK or RC_ERR.
 */
int query_backlinks_run(struct api_ctx *ctx, struct query_backlinks_params *p, const char *tp, const char *listname,
			const char *elem, struct api_pageset *gen);

/* ---------- list=alllinks, alltransclusions, allredirects (list_alllinks.c) ---------- */

/* Parameters of the three (MediaWiki's ApiQueryAllLinks). */
struct query_alllinks_params {
	const char *cont;     /* continue: "title|from", or the title with unique */
	const char *from;     /* first title */
	const char *to;       /* last title */
	const char *prefix;   /* titles starting with this */
	bool unique;          /* each title once */
	struct api_list prop; /* ids | title (| fragment | interwiki for redirects) */
	long ns;              /* the targets' namespace */
	long limit;           /* rows per batch */
	const char *dir;      /* ascending | descending */
};

/*
 * Their parameter table (entries and terminator): `ns_dflt` the default
 * namespace as text, `pvalues`/`pdescs` the prop values and their
 * descriptions (NULL-terminated arrays of the including file).
 */
#define ALLLINKS_PARAMS_HEAD(pvalues, pdescs)                                                                \
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct query_alllinks_params, cont),     \
	  .desc = "When more results are available, use this to continue." },                                \
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct query_alllinks_params, from),         \
	  .desc = "Start with this title." },                                                                 \
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct query_alllinks_params, to),             \
	  .desc = "Stop after this title." },                                                                 \
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct query_alllinks_params, prefix),     \
	  .desc = "Only titles that start with this text." },                                                 \
	{ .name = "unique", .type = API_T_BOOL, .offset = offsetof(struct query_alllinks_params, unique),      \
	  .desc = "List each title once. As a generator, give the titles rather than the pages that "       \
		  "hold them." },                                                                             \
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "title", .values = pvalues,        \
	  .value_descs = pdescs, .offset = offsetof(struct query_alllinks_params, prop),                       \
	  .desc = "What to return for each entry." }

/* The entries after the namespace (and the terminator). */
#define ALLLINKS_PARAMS_TAIL                                                                                  \
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,          \
	  .offset = offsetof(struct query_alllinks_params, limit), .desc = "How many entries to return." },    \
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",                                               \
	  .values = (const char *const[]){ "ascending", "descending", NULL },                                   \
	  .offset = offsetof(struct query_alllinks_params, dir), .desc = "Order of the listing." },            \
	{ 0 }

/*
 * Their parameter table (entries and terminator): `ns_dflt` the default
 * namespace as text, `pvalues`/`pdescs` the prop values and their
 * descriptions (NULL-terminated arrays of the including file).
 * list=allfileusages has no namespace: ALLLINKS_PARAMS_HEAD and _TAIL.
 */
#define ALLLINKS_PARAMS(ns_dflt, pvalues, pdescs)                                                             \
	ALLLINKS_PARAMS_HEAD(pvalues, pdescs),                                                                \
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_EXTRA_NS, .dflt = ns_dflt,              \
	  .offset = offsetof(struct query_alllinks_params, ns), .desc = "The namespace to list." },           \
	ALLLINKS_PARAMS_TAIL

/*
 * MediaWiki's titlePartToKey(): the text `part` (from=, to=, prefix=) as
 * the start of a dbkey in namespace `ns`, in the request arena; NULL
 * after the error invalidtitle when it is no title there (bad
 * characters, a fragment, another namespace's or an interwiki prefix).
 */
const char *query_title_part_key(struct api_ctx *ctx, const char *part, int ns);

/*
 * Run list=alllinks (`tp` "pl"), list=alltransclusions ("tl"),
 * list=allfileusages ("il", namespace File: whatever `p->ns` says) or
 * list=allredirects ("rd"): the result array `listname` with XML
 * element `elem`, or pages into `gen`. RC_OK or RC_ERR.
 */
int query_alllinks_run(struct api_ctx *ctx, struct query_alllinks_params *p, const char *tp, const char *listname,
		       const char *elem, struct api_pageset *gen);

/*
 * The full URL of the interwiki or interlanguage title "prefix:title",
 * in the request arena; NULL when that is no title. (prop_iwlinks.c)
 */
const char *query_prefixed_url(struct api_ctx *ctx, const char *prefix, const char *title);

/* ---------- list=langbacklinks and list=iwbacklinks (list_langbacklinks.c) ---------- */

/* Parameters of the two (ApiQueryLangBacklinks, ApiQueryIWBacklinks). */
struct query_xbacklinks_params {
	const char *key;      /* lang / prefix: only links with this one */
	const char *title;    /* with key: only links to this title */
	const char *cont;     /* continuation: "key|title|from" */
	long limit;           /* pages per batch */
	struct api_list prop; /* lllang|lltitle / iwprefix|iwtitle */
	const char *dir;      /* ascending | descending */
};

/*
 * Run list=langbacklinks (`lang` true: langlinks) or list=iwbacklinks
 * (iwlinks): the result array, or pages into `gen`. RC_OK or RC_ERR.
 */
int query_xbacklinks_run(struct api_ctx *ctx, struct query_xbacklinks_params *p, bool lang, struct api_pageset *gen);

/* ---------- external link filters (prop_extlinks.c) ---------- */

struct sbuf;

/* The protocol names elprotocol and euprotocol offer ($wgUrlProtocols without "//"), "" first. */
extern const char *const query_url_protocols[];

/*
 * Append to `sql` the condition on externallinks that a protocol name
 * (`protocol`, "" or NULL for any) and a query (host and path without
 * the protocol, a leading "*." for every subdomain; NULL or "" for
 * none) select, as LinkFilter builds it; its text values go to
 * binds[*nb...] (at most 2). Without either, a protocol-relative link
 * matches through its http: row only. RC_OK, or RC_ERR after the error
 * badquery.
 */
int query_extlink_filter(struct api_ctx *ctx, struct sbuf *sql, const char *protocol, const char *query,
			 const char **binds, size_t *nb);

/* A protocol-relative `url` with the scheme of the canonical server (in `a`); others unchanged. */
const char *query_expand_url(struct arena *a, const char *url);

#endif
