/* SPDX-License-Identifier: MIT */
/*
 * list_search.c — list=search (and generator=search): full-text search
 * over the index that every edit and import keeps current
 * (wiki/search.c, store/search.c).
 *
 * As MediaWiki 1.39 with its database search:
 *   - srwhat=text searches titles and texts, srwhat=title titles only;
 *     without srwhat the title search runs (MediaWiki's order: title
 *     search first, text only for engines without one);
 *   - srwhat=nearmatch finds the one page whose title is the text as
 *     typed or with its letter case changed, without searchinfo;
 *   - snippets are MediaWiki's (two lines of wikitext around the
 *     matches, <span class='searchmatch'>);
 *   - sroffset continues while more hits exist.
 * Beyond MediaWiki's database search: hits are ranked (BM25, title
 * matches weighted; srqiprofile=empty drops the title weight), phrases,
 * prefixes, exclusion, intitle: and incategory: work (see the query
 * language in wiki/search.c), titlesnippet/sectiontitle/sectionsnippet/
 * categorysnippet carry the matches found there, a query without
 * hits gets a spelling suggestion — with srenablerewrites it is run
 * instead and reported as rewrittenquery — and srsort offers
 * CirrusSearch's orders besides relevance (first and last edit, natural
 * title order, incoming links, random, user_random; see store.h).
 */
#include "query_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"

struct search_params {
	const char *search;     /* the query */
	struct api_list ns;     /* namespaces searched */
	long limit;             /* hits per batch */
	long offset;            /* hits skipped (continuation) */
	const char *what;       /* title, text, nearmatch, or NULL */
	struct api_list info;   /* searchinfo wanted */
	struct api_list prop;   /* properties of each hit */
	bool interwiki;         /* interwiki results (this wiki has none to offer) */
	bool enablerewrites;    /* run the suggestion when nothing is found */
	const char *sort;       /* the order of the hits (sort_values) */
	const char *qiprofile;  /* query-independent ranking profile */
};

static const char *const what_values[] = { "title", "text", "nearmatch", NULL };
static const char *const info_values[] = { "rewrittenquery", "suggestion", "totalhits", NULL };
static const char *const prop_values[] = { "categorysnippet", "extensiondata", "isfilematch", "redirectsnippet",
					   "redirecttitle", "sectionsnippet", "sectiontitle", "size", "snippet",
					   "timestamp", "titlesnippet", "wordcount", "hasrelated", "score", NULL };
static const char *const prop_deprecated[] = { "hasrelated", "score", NULL };
/* MediaWiki's database search offers relevance only; the others are CirrusSearch's, in its order. */
static const char *const sort_values[] = { "create_timestamp_asc", "create_timestamp_desc", "incoming_links_asc",
					   "incoming_links_desc", "just_match", "last_edit_asc", "last_edit_desc",
					   "none", "random", "relevance", "title_natural_asc", "title_natural_desc",
					   "user_random", NULL };
/* The store's order of each value of sort_values, by index. */
static const enum store_search_sort sort_orders[] = {
	STORE_SEARCH_CREATE_ASC,   STORE_SEARCH_CREATE_DESC,	   STORE_SEARCH_INCOMING_ASC,
	STORE_SEARCH_INCOMING_DESC, STORE_SEARCH_JUST_MATCH,	   STORE_SEARCH_LAST_EDIT_ASC,
	STORE_SEARCH_LAST_EDIT_DESC, STORE_SEARCH_NONE,	   STORE_SEARCH_RANDOM,
	STORE_SEARCH_RELEVANCE,	   STORE_SEARCH_TITLE_NATURAL_ASC, STORE_SEARCH_TITLE_NATURAL_DESC,
	STORE_SEARCH_SEEDED,
};
_Static_assert(ARRAY_SIZE(sort_values) == ARRAY_SIZE(sort_orders) + 1, "one order per srsort value");
static const char *const qiprofile_values[] = { "classic", "empty", "engine_autoselect", NULL };

static const struct api_param params[] = {
	{ .name = "search", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct search_params, search),
	  .desc = "What to search for: words, \"phrases\", prefixes (wor*), -excluded words, intitle:word and "
		  "incategory:Name." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL, .dflt = "0",
	  .offset = offsetof(struct search_params, ns), .desc = "Search only in these namespaces." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct search_params, limit), .desc = "How many pages to return." },
	{ .name = "offset", .type = API_T_INT, .dflt = "0", .offset = offsetof(struct search_params, offset),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "what", .type = API_T_ENUM, .values = what_values, .offset = offsetof(struct search_params, what),
	  .desc = "Which kind of search: in titles, in titles and texts, or the one page whose title is the "
		  "search text. Titles are searched when this is not given.",
	  .value_descs = (const char *const[]){
		  "nearmatch=The page whose title is the search text, also with its letter case changed.",
		  "text=Search titles and page texts.",
		  "title=Search page titles.", NULL } },
	{ .name = "info", .type = API_T_ENUM, .flags = API_P_MULTI, .values = info_values,
	  .dflt = "totalhits|suggestion|rewrittenquery", .offset = offsetof(struct search_params, info),
	  .desc = "Which facts about the search to return.",
	  .value_descs = (const char *const[]){
		  "rewrittenquery=The query that ran instead, when srenablerewrites replaced one without hits.",
		  "suggestion=A spelling suggestion, for a query without hits.",
		  "totalhits=How many pages match.", NULL } },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = prop_values,
	  .deprecated_values = prop_deprecated, .dflt = "size|wordcount|timestamp|snippet",
	  .offset = offsetof(struct search_params, prop), .desc = "Which properties of each page to return.",
	  .value_descs = (const char *const[]){
		  "categorysnippet=A category of the page that matches, with the matches marked.",
		  "extensiondata=Data extensions add (none on this wiki).",
		  "isfilematch=Whether the match is in a file's content (never: files are not searched).",
		  "redirectsnippet=A redirect title that matches, marked (redirects are found as pages themselves).",
		  "redirecttitle=The redirect that matched (redirects are found as pages themselves).",
		  "sectionsnippet=The section heading that matches, with the matches marked.",
		  "sectiontitle=The section heading that matches.",
		  "size=The size of the page in bytes.",
		  "snippet=Lines of the page text around the matches, with the matches marked.",
		  "timestamp=When the page was last edited.",
		  "titlesnippet=The title with the matches marked.",
		  "wordcount=The number of words in the page.",
		  "hasrelated=Deprecated; has no effect.",
		  "score=Deprecated; has no effect.", NULL } },
	{ .name = "interwiki", .type = API_T_BOOL, .offset = offsetof(struct search_params, interwiki),
	  .desc = "Include results from other wikis where the search engine offers them (this one has none)." },
	{ .name = "enablerewrites", .type = API_T_BOOL, .offset = offsetof(struct search_params, enablerewrites),
	  .desc = "When the query finds nothing, run the spelling suggestion instead and report it as "
		  "rewrittenquery." },
	{ .name = "sort", .type = API_T_ENUM, .values = sort_values, .dflt = "relevance",
	  .offset = offsetof(struct search_params, sort), .desc = "The order of the results.",
	  .value_descs = (const char *const[]){
		  "create_timestamp_asc=The oldest pages (by their first revision) first.",
		  "create_timestamp_desc=The newest pages (by their first revision) first.",
		  "incoming_links_asc=The pages other pages link to least first.",
		  "incoming_links_desc=The pages other pages link to most first.",
		  "just_match=Best matches first, by the words alone (the same as relevance here).",
		  "last_edit_asc=The pages edited longest ago first.",
		  "last_edit_desc=The pages edited most recently first.",
		  "none=In the order of the page IDs.",
		  "random=In a random order, new each time.",
		  "relevance=Best matches first.",
		  "title_natural_asc=By title, numbers in them by their value.",
		  "title_natural_desc=By title backwards, numbers in them by their value.",
		  "user_random=In a random order that stays the same for the same user.", NULL } },
	{ .name = "qiprofile", .type = API_T_ENUM, .values = qiprofile_values, .dflt = "engine_autoselect",
	  .offset = offsetof(struct search_params, qiprofile),
	  .desc = "How matches are weighted, beyond the words themselves.",
	  .value_descs = (const char *const[]){
		  "classic=Matches in the title count ten times as much as matches in the text.",
		  "empty=Matches count the same wherever they are.",
		  "engine_autoselect=The default: classic.", NULL } },
	{ 0 }
};

/* How much a title match outweighs a text match, for the classic profile. */
#define TITLE_WEIGHT 10.0

/* The search of this request, as it runs. */
struct run {
	struct api_ctx *ctx;          /* the request */
	struct search_params *p;      /* parameters */
	struct wiki_search q;         /* the parsed query */
	struct store_search_hit *hits; /* pages of this batch */
	size_t n_hits;                /* entries in hits */
	int64_t total;                /* pages matching */
	bool has_total;               /* total applies (not for nearmatch) */
	const char *suggestion;       /* spelling suggestion, or NULL */
	const char *suggestion_html;  /* the same with changes marked */
	const char *rewritten;        /* the query that ran instead, or NULL */
	const char **ts;              /* srprop=timestamp: each hit's latest revision time, 14 digits */
};

/* The store's order for srsort value `v`. */
static enum store_search_sort sort_order(const char *v)
{
	for (size_t i = 0; sort_values[i]; i++)
		if (streq(sort_values[i], v))
			return sort_orders[i];
	return STORE_SEARCH_RELEVANCE;
}

/* What fixes user_random's order: the user's name (an address for anonymous users), hashed (FNV-1a). */
static uint32_t user_seed(struct api_ctx *ctx)
{
	uint32_t h = 2166136261u;
	for (const char *c = ctx->user && ctx->user->name ? ctx->user->name : ""; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	return h;
}

/* Run the parsed query with the request's namespaces, limit and offset. */
static int run_query(struct run *r, const char *text)
{
	struct search_params *p = r->p;
	bool title_only = !p->what || streq(p->what, "title");
	wiki_search_parse(r->ctx->arena, text, title_only, &r->q);
	int *ns = NULL;
	if (!api_list_has(&p->ns, "*")) {
		ns = arena_calloc(r->ctx->arena, p->ns.n + 1, sizeof(*ns));
		for (size_t i = 0; i < p->ns.n; i++)
			ns[i] = (int)p->ns.iv[i];
	}
	struct store_search sq = {
		.terms = r->q.terms,
		.n_terms = r->q.n_terms,
		.namespaces = ns,
		.n_namespaces = ns ? p->ns.n : 0,
		.categories = r->q.categories,
		.n_categories = r->q.n_categories,
		.title_weight = streq(p->qiprofile, "empty") ? 1.0 : TITLE_WEIGHT,
		.sort = sort_order(p->sort),
		.seed = user_seed(r->ctx),
		.limit = p->limit,
		.offset = p->offset,
	};
	r->has_total = true;
	if (store_search_run(r->ctx->store, r->ctx->arena, &sq, &r->hits, &r->n_hits, &r->total) != RC_OK)
		return api_db_error(r->ctx);
	return RC_OK;
}

/* ASCII case variants of `s`: 'l' lower, 'u' upper, 'w' words capitalized, 'b' also after word breaks. */
static char *recase(struct arena *a, const char *s, char how)
{
	char *out = arena_strdup(a, s);
	bool start = true;
	for (char *c = out; *c; c++) {
		bool letter = ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z');
		if (how == 'u' || ((how == 'w' || how == 'b') && start))
			*c = letter ? (char)(*c & ~0x20) : *c;
		else if (how == 'l')
			*c = letter ? (char)(*c | 0x20) : *c;
		start = how == 'w' ? *c == ' ' : !((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z') &&
						  !(*c >= '0' && *c <= '9') && (unsigned char)*c < 0x80;
	}
	return out;
}

/*
 * MediaWiki's SearchNearMatcher: the first existing page among the text
 * as typed, lower-cased, with capitalized words, upper-cased and
 * capitalized after every word break; a text in quotes is tried without
 * them. Namespaces are not filtered (MediaWiki's near match ignores
 * them); at most one hit.
 */
static int run_nearmatch(struct run *r, const char *text)
{
	struct api_ctx *ctx = r->ctx;
	r->has_total = false;
	if (!*text || *text == '#')
		return RC_OK;
	size_t len = strlen(text);
	if (len > 2 && text[0] == '"' && text[len - 1] == '"' && !memchr(text + 1, '"', len - 2))
		return run_nearmatch(r, arena_strndup(ctx->arena, text + 1, len - 2));
	const char *forms[] = { text, recase(ctx->arena, text, 'l'), recase(ctx->arena, text, 'w'),
				recase(ctx->arena, text, 'u'), recase(ctx->arena, text, 'b') };
	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		struct wiki_title t;
		const char *err;
		if (wiki_title_parse(ctx->arena, forms[i], 0, &t, &err) != RC_OK) {
			if (i == 0)
				return RC_OK;
			continue;
		}
		if (t.is_external || t.ns < 0)
			return RC_OK;
		struct store_stmt *s = store_prepare(ctx->store, "SELECT page_id, page_is_redirect, page_latest FROM page"
								 " WHERE page_namespace = ? AND page_title = ?");
		store_bindv(s, "dt", t.ns, t.dbkey);
		if (store_step(s) == STORE_ROW) {
			r->hits = arena_calloc(ctx->arena, 1, sizeof(*r->hits));
			r->hits[0] = (struct store_search_hit){ store_col_int(s, 0), t.ns, t.dbkey, store_col_int(s, 1) != 0,
							       store_col_int(s, 2) };
			r->n_hits = 1;
		}
		store_stmt_done(s);
		if (r->n_hits)
			break;
	}
	return RC_OK;
}

/* Index of revision `id` in the sorted ids[0..n), or -1. */
static long find_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] == id)
			return (long)mid;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The time of every hit's latest revision into r->ts, in one query for
 * the batch instead of one per hit (NULL where the revision is missing).
 */
static int read_timestamps(struct run *r)
{
	struct api_ctx *ctx = r->ctx;
	r->ts = arena_calloc(ctx->arena, r->n_hits + 1, sizeof(*r->ts));
	if (!r->n_hits)
		return RC_OK;
	int64_t *ids = arena_alloc(ctx->arena, r->n_hits * sizeof(*ids));
	const char **ts = arena_calloc(ctx->arena, r->n_hits, sizeof(*ts));
	struct sbuf sql;
	sbuf_init(&sql, 1 << 20);
	sbuf_adds(&sql, "SELECT rev_id, rev_timestamp FROM revision WHERE rev_id IN (");
	for (size_t i = 0; i < r->n_hits; i++) {
		ids[i] = r->hits[i].latest;
		sbuf_addf(&sql, "%s%lld", i ? "," : "", (long long)ids[i]);
	}
	sbuf_addc(&sql, ')');
	qsort(ids, r->n_hits, sizeof(*ids), cmp_id);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		long k = find_id(ids, r->n_hits, store_col_int(st, 0));
		if (k >= 0)
			ts[k] = store_col_dup(st, ctx->arena, 1);
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	for (size_t i = 0; i < r->n_hits; i++) {
		long k = find_id(ids, r->n_hits, r->hits[i].latest);
		r->ts[i] = k >= 0 ? ts[k] : NULL;
	}
	return RC_OK;
}

/* Hit `i` as MediaWiki writes it, the next item of `w`: title info, then the asked-for properties. */
static void add_hit(struct run *r, struct api_rows *w, size_t i)
{
	struct api_ctx *ctx = r->ctx;
	struct search_params *p = r->p;
	const struct store_search_hit *h = &r->hits[i];
	struct wiki_title t;
	wiki_title_make(ctx->arena, h->ns, h->dbkey, &t);
	api_row_begin(w);
	api_row_int(w, "ns", h->ns);
	api_row_str(w, "title", t.prefixed);
	api_row_int(w, "pageid", h->page_id);
	const char *text = "";
	size_t len = 0;
	wiki_revision_text(ctx->store, ctx->arena, h->latest, &text, &len, NULL);
	if (api_list_has(&p->prop, "size"))
		api_row_int(w, "size", (long long)len);
	if (api_list_has(&p->prop, "wordcount"))
		api_row_int(w, "wordcount", wiki_search_wordcount(text));
	if (api_list_has(&p->prop, "snippet"))
		api_row_str(w, "snippet", wiki_search_snippet(ctx->arena, &r->q, text));
	if (api_list_has(&p->prop, "timestamp"))
		api_row_str(w, "timestamp", query_ts_iso(ctx->arena, r->ts[i]));
	if (api_list_has(&p->prop, "titlesnippet"))
		api_row_str(w, "titlesnippet", wiki_search_highlight(ctx->arena, &r->q, t.text));
	if (api_list_has(&p->prop, "categorysnippet"))
		api_row_str(w, "categorysnippet", wiki_search_category_snippet(ctx->arena, &r->q, text));
	const char *section, *section_html;
	if ((api_list_has(&p->prop, "sectiontitle") || api_list_has(&p->prop, "sectionsnippet")) &&
	    wiki_search_section(ctx->arena, &r->q, text, &section, &section_html)) {
		if (api_list_has(&p->prop, "sectiontitle"))
			api_row_str(w, "sectiontitle", section);
		if (api_list_has(&p->prop, "sectionsnippet"))
			api_row_str(w, "sectionsnippet", section_html);
	}
	if (api_list_has(&p->prop, "isfilematch"))
		api_row_bool(w, "isfilematch", false);
	api_row_end(w);
}

static int run(struct api_ctx *ctx, struct search_params *p, struct api_pageset *gen)
{
	struct run r = { .ctx = ctx, .p = p };
	if (!*p->search)
		return api_error(ctx, "missingparam", "paramvalidator-missingparam",
				 arena_printf(ctx->arena, "%ssearch", api_main_of(ctx)->prefix));
	/* As a generator, prop and info default to nothing (MediaWiki's generator defaults). */
	if (gen && !api_param_given(ctx, "prop"))
		p->prop.n = 0;
	if (gen && !api_param_given(ctx, "info"))
		p->info.n = 0;
	int rc = p->what && streq(p->what, "nearmatch") ? run_nearmatch(&r, p->search) : run_query(&r, p->search);
	if (rc != RC_OK)
		return rc;
	bool wants_suggestion = api_list_has(&p->info, "suggestion") || p->enablerewrites;
	if (r.has_total && r.total == 0 && wants_suggestion && r.q.n_marks) {
		if (wiki_search_suggest(ctx->store, ctx->arena, p->search, &r.suggestion, &r.suggestion_html) != RC_OK)
			return api_db_error(ctx);
		if (r.suggestion && p->enablerewrites) {
			struct run again = { .ctx = ctx, .p = p };
			if (run_query(&again, r.suggestion) != RC_OK)
				return RC_ERR;
			if (again.total) {
				again.rewritten = r.suggestion;
				again.suggestion_html = r.suggestion_html;
				r = again;
			}
		}
	}

	struct api_node *q = api_query_node(ctx);
	if (r.has_total && api_list_has(&p->info, "totalhits"))
		api_add_int(api_node_object(q, "searchinfo"), "totalhits", r.total);
	if (r.suggestion && !r.rewritten && api_list_has(&p->info, "suggestion")) {
		struct api_node *si = api_node_object(q, "searchinfo");
		api_add_str(si, "suggestion", r.suggestion);
		api_add_str(si, "suggestionsnippet", r.suggestion_html);
	}
	if (r.rewritten && api_list_has(&p->info, "rewrittenquery")) {
		struct api_node *si = api_node_object(q, "searchinfo");
		api_add_str(si, "rewrittenquery", r.rewritten);
		api_add_str(si, "rewrittenquerysnippet", r.suggestion_html);
	}
	if (r.has_total && r.total > p->offset + p->limit)
		query_continue_set_int(ctx, "offset", p->offset + p->limit);

	struct api_node *list = gen ? NULL : api_add_array(q, "search", "p");
	struct api_rows w;
	if (list) {
		api_rows_start(ctx, &w, list);
		if (api_list_has(&p->prop, "timestamp") && read_timestamps(&r) != RC_OK)
			return RC_ERR;
	}
	for (size_t i = 0; i < r.n_hits; i++) {
		const struct store_search_hit *h = &r.hits[i];
		if (gen) {
			query_pageset_add_title(ctx, gen, h->ns, h->dbkey);
			query_pageset_set_index(gen, h->ns, h->dbkey, (long)i + 1 + p->offset);
			continue;
		}
		if (api_result_full(ctx)) {
			query_continue_set_int(ctx, "offset", p->offset + (long long)i);
			break;
		}
		add_hit(&r, &w, i);
	}
	return RC_OK;
}

static int exec_search(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp, NULL);
}

static int generate_search(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, out);
}

const struct api_module api_module_list_search = {
	.name = "search",
	.group = API_G_LIST,
	.prefix = "sr",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct search_params),
	.summary = "Search the wiki's titles and page texts.",
	.help = "Results are ranked by relevance, matches in titles weighing more. A query without hits gets "
		"a spelling suggestion.",
	.examples = (const char *const[]){
		"action=query&list=search&srsearch=meaning", "Search titles for \"meaning\".",
		"action=query&list=search&srwhat=text&srsearch=meaning", "Search page texts for \"meaning\".",
		"action=query&generator=search&gsrsearch=meaning&prop=info",
		"Get page information about the pages found for \"meaning\".",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Search", NULL },
	.exec = exec_search,
	.generate = generate_search,
};
