/* SPDX-License-Identifier: MIT */
/*
 * expandtemplates.c — action=expandtemplates, as MediaWiki 1.39's
 * ApiExpandTemplates: expand templates, parser functions and variables
 * in the given wikitext (Parser::preprocess through wiki_expand()) as if
 * it were the page `title` (or the page of revision `revid`), and return
 * what prop asks for: the preprocessor's XML parse tree (made before
 * expansion, so it comes first), categories and page properties set on
 * the way, whether the result is volatile and how long it stays valid,
 * the wikitext, and the (empty) module and JavaScript variable lists.
 * Without prop, the deprecated legacy shape: {"*": wikitext}, and with
 * generatexml the parse tree at the top of the result.
 */
#include <stddef.h>
#include <string.h>

#include "../../parser/wt.h"
#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "../api.h"
#include "parse_int.h"

struct expandtemplates_params {
	const char *title;      /* the page the text belongs to */
	const char *text;       /* the wikitext */
	long revid;             /* revision for {{REVISIONID}} and the page */
	struct api_list prop;   /* what to return; none given: the legacy shape */
	bool includecomments;   /* keep <!-- --> */
	bool showstrategykeys;  /* jsconfigvars merge strategies (there are no variables) */
	bool generatexml;       /* deprecated: the parse tree too */
};

static const char *const prop_values[] = {
	"categories", "encodedjsconfigvars", "jsconfigvars", "modules", "parsetree", "properties", "ttl",
	"volatile", "wikitext", NULL,
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct expandtemplates_params, title),
	  .desc = "The title of the page the text belongs to ({{PAGENAME}} and friends). Default: \"API\"." },
	{ .name = "text", .type = API_T_TEXT, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct expandtemplates_params, text), .desc = "The wikitext to expand." },
	{ .name = "revid", .type = API_T_INT, .offset = offsetof(struct expandtemplates_params, revid),
	  .desc = "The revision the text is taken to be, for {{REVISIONID}} and similar variables." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = prop_values,
	  .offset = offsetof(struct expandtemplates_params, prop),
	  .desc = "Which pieces of information to return. Without it, the deprecated legacy format is used.",
	  .value_descs = (const char *const[]){
		  "wikitext=The expanded wikitext.",
		  "categories=Categories the expansion added that the wikitext does not show.",
		  "properties=Page properties set by the expanded magic words.",
		  "volatile=Whether the expansion depends on the time or the reader and should not be reused.",
		  "ttl=How many seconds the expansion stays valid, when that is less than usual.",
		  "modules=The ResourceLoader modules parser functions asked for.",
		  "jsconfigvars=The JavaScript configuration variables of the expansion.",
		  "encodedjsconfigvars=The same, as one JSON string.",
		  "parsetree=The preprocessor's XML parse tree of the input.",
		  NULL } },
	{ .name = "includecomments", .type = API_T_BOOL,
	  .offset = offsetof(struct expandtemplates_params, includecomments),
	  .desc = "Keep HTML comments in the output." },
	{ .name = "showstrategykeys", .type = API_T_BOOL,
	  .offset = offsetof(struct expandtemplates_params, showstrategykeys),
	  .desc = "Show how JavaScript configuration variables are merged (in jsconfigvars)." },
	{ .name = "generatexml", .type = API_T_BOOL, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct expandtemplates_params, generatexml), .desc = "Use prop=parsetree instead." },
	{ 0 }
};

static int exec_expandtemplates(struct api_ctx *ctx, void *vp)
{
	struct expandtemplates_params *p = vp;
	struct arena *a = ctx->arena;
	if (api_require_max_one(ctx, (const char *const[]){ "prop", "generatexml", NULL }) != RC_OK)
		return RC_ERR;
	bool legacy = !api_param_given(ctx, "prop");
	const struct api_list *prop = &p->prop;
	if (legacy) {
		api_warn(ctx, "deprecation", "apiwarn-deprecation-missingparam", "prop");
		api_warn_for(ctx, "main", "deprecation-help", "api-usage-mailinglist-ref");
	}
	const char *title = p->title ? p->title : "API";
	struct wiki_title t;
	if (wiki_title_parse(a, title, 0, &t, NULL) != RC_OK || t.is_external)
		return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(a, title));

	struct wiki_render_opts ro = { 0 };
	if (api_param_given(ctx, "revid")) {
		int64_t ns = 0;
		char *dbkey = NULL;
		if (p->revid <= 0 ||
		    store_query_text(ctx->store, a, &dbkey, "SELECT page_title FROM revision JOIN page ON page_id = rev_page"
							    " WHERE rev_id = ?", "i", (int64_t)p->revid) != RC_OK)
			return api_error(ctx, "nosuchrevid", NULL, api_p_int(a, p->revid));
		store_query_int(ctx->store, &ns, "SELECT page_namespace FROM revision JOIN page ON page_id = rev_page"
						 " WHERE rev_id = ?", "i", (int64_t)p->revid);
		struct wiki_title rt;
		wiki_title_make(a, (int)ns, dbkey, &rt);
		if (p->title && (rt.ns != t.ns || strcmp(rt.dbkey, t.dbkey) != 0))
			api_warn(ctx, "revwrongpage", "apierror-revwrongpage", api_p_int(a, p->revid),
				 wiki_escape_wikitext(a, t.prefixed));
		t = rt;
		ro.rev_id = p->revid;
	}
	if (t.ns >= 0)
		store_query_int(ctx->store, &ro.page_id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
				"dt", t.ns, t.dbkey);
	ro.title = &t;
	ro.user = ctx->user;
	ro.user_lang = ctx->uselang;

	/* The text as sent, as ApiExpandTemplates passes it to the preprocessor (no trimming). */
	const char *text = p->text;
	size_t len = strlen(text);
	struct api_node *r = api_add_object(ctx->result, "expandtemplates");
	if (p->generatexml || api_list_has(prop, "parsetree")) {
		size_t xl = 0;
		const char *xml = wt_parsetree_xml(a, text, len, false, &xl);
		/* The old way puts it at the top of the result. */
		api_add_strn(legacy ? ctx->result : r, "parsetree", xml, xl)->flags |=
			legacy ? API_N_BC_SUBELEMENT : API_N_SUBELEMENT;
	}
	bool expand = legacy;
	for (size_t i = 0; i < prop->n; i++)
		expand |= strcmp(prop->v[i], "parsetree") != 0;
	if (!expand)
		return RC_OK;
	const char *res;
	size_t res_len;
	struct wt_output o;
	memset(&o, 0, sizeof(o));
	int rc = wiki_expand(ctx->store, a, &ro, p->includecomments, text, len, &res, &res_len, &o);
	if (rc == RC_TOOBIG)
		return api_error(ctx, "toobig", NULL, api_p_int(a, WIKI_MAX_ARTICLE_BYTES));
	if (rc != RC_OK)
		return api_db_error(ctx);
	if (legacy) {
		api_add_content_as(r, "wikitext", res, res_len);
		return RC_OK;
	}
	if (api_list_has(prop, "categories") && o.n_categories) {
		struct api_node *arr = api_add_array(r, "categories", "category");
		for (size_t i = 0; i < o.n_categories; i++) {
			struct api_node *e = api_add_object(arr, NULL);
			api_add_str(e, "sortkey", o.categories[i].sortkey);
			api_add_content_as(e, "category", o.categories[i].name, strlen(o.categories[i].name));
		}
	}
	if (api_list_has(prop, "properties") && o.n_props) {
		struct api_node *pp = api_node_set_type(api_add_object(r, "properties"), API_ARR_BCKVP, "name");
		for (size_t i = 0; i < o.n_props; i++)
			api_add_str(pp, o.props[i].name, o.props[i].value);
	}
	if (api_list_has(prop, "volatile"))
		api_add_bool(r, "volatile", o.is_volatile);
	if (api_list_has(prop, "ttl") && o.ttl > 0)
		api_add_int(r, "ttl", o.ttl);
	if (api_list_has(prop, "wikitext"))
		api_add_strn(r, "wikitext", res, res_len)->flags |= API_N_SUBELEMENT;
	parse_add_modules(ctx, r, prop, &o, NULL);
	return RC_OK;
}

const struct api_module api_module_expandtemplates = {
	.name = "expandtemplates",
	.group = API_G_ACTION,
	.prefix = "",
	.params = params,
	.params_size = sizeof(struct expandtemplates_params),
	.summary = "Expand every template, parser function and variable in wikitext.",
	.examples = (const char *const[]){
		"action=expandtemplates&text={{Project:Sandbox}}&prop=wikitext", "Expand the wikitext {{Project:Sandbox}}.",
		NULL },
	.helpurls = (const char *const[]){
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:Expandtemplates", NULL },
	.exec = exec_expandtemplates,
};
