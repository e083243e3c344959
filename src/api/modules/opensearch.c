/* SPDX-License-Identifier: MIT */
/*
 * opensearch.c — action=opensearch: title suggestions in the OpenSearch
 * suggestions format, from the same prefix search as list=prefixsearch
 * (query_prefix_search() in list_prefixsearch.c), as MediaWiki 1.39's
 * ApiOpenSearch:
 *   - format=json (the default): ["text", [titles], [descriptions],
 *     [URLs]], descriptions empty; warnings cannot be shown in it and are
 *     dropped, or with warningsaserror turned into the error "warnings";
 *   - format=xml: <SearchSuggestion version="2.0" xmlns=...> with
 *     <Query> and a <Section> of <Item><Text/><Url/></Item>, warnings
 *     included; jsonfm and xmlfm are the same pretty-printed;
 *   - redirects=resolve lists a redirect's target in its place (each
 *     page once); that is the default for xml, return for json;
 *   - suggest is deprecated and has no effect.
 * The module writes the response itself, in the format it was asked for.
 */
#include "query_int.h"

#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"

struct opensearch_params {
	const char *search;   /* the start of the titles */
	struct api_list ns;   /* namespaces */
	long limit;           /* titles to return */
	bool suggest;         /* deprecated, no effect */
	const char *redirects; /* resolve, return or NULL (per format) */
	const char *format;   /* json, jsonfm, xml, xmlfm */
	bool warningsaserror; /* json: warnings become an error */
};

static const char *const redirect_values[] = { "return", "resolve", NULL };
static const char *const format_values[] = { "json", "jsonfm", "xml", "xmlfm", NULL };

static const struct api_param params[] = {
	{ .name = "search", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct opensearch_params, search), .desc = "The start of the titles to suggest." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL, .dflt = "0",
	  .offset = offsetof(struct opensearch_params, ns),
	  .desc = "Namespaces to search. A namespace prefix in the search text overrides this." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct opensearch_params, limit), .desc = "How many titles to return." },
	{ .name = "suggest", .type = API_T_BOOL, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct opensearch_params, suggest), .desc = "No longer has any effect." },
	{ .name = "redirects", .type = API_T_ENUM, .values = redirect_values,
	  .offset = offsetof(struct opensearch_params, redirects),
	  .desc = "What to do with redirects among the titles: list their targets instead (resolve) or list "
		  "them as they are (return). Without this, xml resolves and json returns them.",
	  .value_descs = (const char *const[]){
		  "resolve=List the page a redirect leads to instead of the redirect, each page once.",
		  "return=List redirects as they are.", NULL } },
	{ .name = "format", .type = API_T_ENUM, .values = format_values, .dflt = "json",
	  .offset = offsetof(struct opensearch_params, format), .desc = "The format of the output." },
	{ .name = "warningsaserror", .type = API_T_BOOL, .offset = offsetof(struct opensearch_params, warningsaserror),
	  .desc = "With format=json, answer with an error when there are warnings (the format cannot carry "
		  "them) instead of dropping them." },
	{ 0 }
};

/* One suggestion. */
struct item {
	int ns;            /* namespace */
	const char *dbkey; /* title */
};

/* The target of redirect page `id`, if it is a local page: RC_OK and *ns / *dbkey. */
static int redirect_of(struct api_ctx *ctx, int64_t id, int *ns, const char **dbkey)
{
	struct store_stmt *s = store_prepare(ctx->store, "SELECT rd_namespace, rd_title FROM redirect WHERE rd_from = ?"
							 " AND (rd_interwiki IS NULL OR rd_interwiki = '')");
	store_bind_int(s, 1, id);
	int rc = store_step(s) == STORE_ROW ? RC_OK : RC_NOTFOUND;
	if (rc == RC_OK) {
		*ns = (int)store_col_int(s, 0);
		*dbkey = store_col_dup(s, ctx->arena, 1);
	}
	store_stmt_done(s);
	return rc;
}

/* The "warnings" error of json with warningsaserror: the warnings as data, per module. */
static int warnings_error(struct api_ctx *ctx)
{
	struct api_main *m = api_main_of(ctx);
	const struct api_msgrec *w = m->warnings;
	api_error(ctx, "warnings", "apierror-opensearch-json-warnings");
	struct api_node *data = api_node_object(api_error_data(ctx), "warnings");
	for (; w; w = w->next) {
		struct api_node *mod = api_node_object(data, w->module);
		const char *text = api_msg(ctx, w->key, w->params);
		struct api_node *old = api_node_get(mod, "*");
		if (old)
			text = arena_printf(ctx->arena, "%s\n%s", old->v.str.s, text);
		api_node_remove(mod, "*");
		api_add_str(mod, "*", text);
	}
	/* They are in the error now, not beside it (MediaWiki's JSON printer takes them out). */
	m->warnings = NULL;
	return RC_ERR;
}

static int exec_opensearch(struct api_ctx *ctx, void *vp)
{
	struct opensearch_params *p = vp;
	if (!*p->search)
		return api_error(ctx, "missingparam", "paramvalidator-missingparam", "search");
	size_t flen = strlen(p->format);
	bool is_xml = p->format[0] == 'x', is_fm = flen > 2 && streq(p->format + flen - 2, "fm");
	bool resolve = p->redirects ? streq(p->redirects, "resolve") : is_xml;
	long *ns = p->ns.iv;
	size_t n_ns = p->ns.n;
	if (api_list_has(&p->ns, "*")) {
		size_t n_all;
		const struct wiki_ns *all = wiki_ns_all(&n_all);
		ns = arena_calloc(ctx->arena, n_all, sizeof(*ns));
		n_ns = 0;
		for (size_t i = 0; i < n_all; i++)
			if (all[i].id >= 0)
				ns[n_ns++] = all[i].id;
	}
	struct query_prefix_hits h;
	if (query_prefix_search(ctx, p->search, ns, n_ns, p->limit, 0, &h) != RC_OK)
		return RC_ERR;
	struct item *items = arena_calloc(ctx->arena, h.n + 1, sizeof(*items));
	size_t n = 0;
	for (size_t i = 0; i < h.n; i++) {
		struct item it = { h.v[i].ns, h.v[i].dbkey };
		if (resolve && h.v[i].is_redirect)
			redirect_of(ctx, h.v[i].id, &it.ns, &it.dbkey);
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++)
			seen = items[j].ns == it.ns && streq(items[j].dbkey, it.dbkey);
		if (!seen)
			items[n++] = it;
	}

	api_params_warn_unused(ctx);
	if (!is_xml && p->warningsaserror && api_main_of(ctx)->warnings)
		return warnings_error(ctx);

	struct api_node *root = api_result_new(ctx->arena, SIZE_MAX);
	struct api_format_opts o = *api_main_of(ctx)->fo;
	o.name = p->format;
	o.is_fm = is_fm;
	if (is_xml) {
		o.xml_root = "SearchSuggestion";
		api_add_str(root, "version", "2.0");
		api_add_str(root, "xmlns", "http://opensearch.org/searchsuggest2");
		api_emit_warnings(ctx, root);
		api_add_str(root, "Query", p->search)->flags |= API_N_SUBELEMENT;
		struct api_node *section = api_add_array(root, "Section", "Item");
		for (size_t i = 0; i < n; i++) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, items[i].ns, items[i].dbkey, &t);
			struct api_node *e = api_add_object(section, NULL);
			api_add_str(e, "Text", t.prefixed)->flags |= API_N_SUBELEMENT;
			api_add_str(e, "Url", wiki_title_url(ctx->arena, &t))->flags |= API_N_SUBELEMENT;
		}
	} else {
		root->type = API_N_ARRAY;
		api_add_str(root, NULL, p->search);
		struct api_node *terms = api_add_array(root, NULL, NULL);
		struct api_node *descs = api_add_array(root, NULL, NULL);
		struct api_node *urls = api_add_array(root, NULL, NULL);
		for (size_t i = 0; i < n; i++) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, items[i].ns, items[i].dbkey, &t);
			api_add_str(terms, NULL, t.prefixed);
			api_add_str(descs, NULL, "");
			api_add_str(urls, NULL, wiki_title_url(ctx->arena, &t));
		}
	}
	const char *ctype = NULL;
	if (api_format_write(ctx, root, &o, &ctx->resp->body, &ctype) != RC_OK)
		return api_error(ctx, "toobig", NULL, api_p_num(ctx->arena, (long long)ctx->resp->body.max));
	/* Suggestions change slowly: MediaWiki lets caches keep them ($wgSearchSuggestCacheExpiry, 20 minutes). */
	api_cache_public(ctx, 1200);
	ctx->resp->content_type = ctype;
	return RC_OK;
}

const struct api_module api_module_opensearch = {
	.name = "opensearch",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_RAW_OUTPUT,
	.params = params,
	.params_size = sizeof(struct opensearch_params),
	.summary = "Suggest page titles that start with a text, in the OpenSearch suggestions format.",
	.help = "This is what browsers and search boxes call while the user types. The titles are those of "
		"list=prefixsearch.",
	.examples = (const char *const[]){
		"action=opensearch&search=Te", "Titles that start with \"Te\".",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Opensearch", NULL },
	.exec = exec_opensearch,
};
