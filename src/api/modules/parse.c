/* SPDX-License-Identifier: MIT */
/*
 * parse.c — action=parse, as MediaWiki 1.39's ApiParse: render wikitext
 * given as text (with a title it belongs to, "API" by default) or the
 * current text of a page (page, pageid, with redirects followed on
 * request) or of a revision (oldid), optionally one section of it, and
 * report what the parser collected. Which parts come back is chosen with
 * prop; the keys keep ApiParse's order and its formatversion 1 and 2
 * shapes ({"*": ...} content values, BCkvp properties and indicators,
 * links grouped by namespace as ParserOutput keeps them).
 */
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../parser/wt.h"
#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "../api.h"
#include "parse_int.h"

struct parse_params {
	const char *title;          /* title the text belongs to */
	const char *text;           /* wikitext to parse */
	long revid;                 /* REVISIONID of the text */
	const char *summary;        /* summary to render as parsedsummary */
	const char *page;           /* page to parse */
	long pageid;                /* page to parse, by id */
	long oldid;                 /* revision to parse */
	bool redirects;             /* follow a redirect page/pageid */
	struct api_list prop;       /* what to return */
	const char *wrapoutputclass; /* class of the wrapper div, "" for none */
	bool pst;                   /* pre-save transform the text before parsing it */
	bool onlypst;               /* only return the pre-save transformed text */
	bool effectivelanglinks;    /* deprecated: add language links of hooks (none here) */
	const char *section;        /* section number or "new" */
	const char *sectiontitle;   /* heading of a new section */
	bool disablepp;             /* deprecated disablelimitreport */
	bool disablelimitreport;    /* no limit report */
	bool disableeditsection;    /* no edit-section links */
	bool disablestylededuplication; /* TemplateStyles is not installed: nothing to deduplicate */
	bool showstrategykeys;      /* merge strategies in jsconfigvars (there are none) */
	bool generatexml;           /* deprecated prop=parsetree */
	bool preview;               /* parse in preview mode */
	bool sectionpreview;        /* parse in section preview mode */
	bool disabletoc;            /* no table of contents */
	const char *contentformat;  /* serialization format of text */
	const char *contentmodel;   /* content model of text */
	const char *useskin;        /* show the page as this skin would (its modules, the head) */
};

static const char *const prop_values[] = {
	"categories", "categorieshtml", "displaytitle", "encodedjsconfigvars", "externallinks", "headhtml", "images",
	"indicators", "iwlinks", "jsconfigvars", "langlinks", "limitreportdata", "limitreporthtml", "links", "modules",
	"parsetree", "parsewarnings", "parsewarningshtml", "properties", "revid", "sections", "subtitle", "templates",
	"text", "wikitext", "headitems", NULL,
};

static const char *const prop_deprecated[] = { "headitems", NULL };

/* The codes of api_skins[], as useskin takes them. */
static const char *const skin_codes[] = { "apioutput", "fallback", NULL };

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct parse_params, title),
	  .desc = "The title of the page the text belongs to. Without it, \"API\" is used. Goes with text." },
	{ .name = "text", .type = API_T_TEXT, .offset = offsetof(struct parse_params, text),
	  .desc = "The wikitext to parse. Use title or contentmodel to say what it is." },
	{ .name = "revid", .type = API_T_INT, .offset = offsetof(struct parse_params, revid),
	  .desc = "The revision ID that {{REVISIONID}} and similar variables show. Goes with text." },
	{ .name = "summary", .type = API_T_STRING, .offset = offsetof(struct parse_params, summary),
	  .desc = "An edit summary to render as HTML (parsedsummary)." },
	{ .name = "page", .type = API_T_STRING, .offset = offsetof(struct parse_params, page),
	  .desc = "Parse the current text of this page. Not with text or title." },
	{ .name = "pageid", .type = API_T_INT, .offset = offsetof(struct parse_params, pageid),
	  .desc = "Parse the current text of the page with this ID. Overrides page." },
	{ .name = "redirects", .type = API_T_BOOL, .offset = offsetof(struct parse_params, redirects),
	  .desc = "When page or pageid is a redirect, parse the page it leads to." },
	{ .name = "oldid", .type = API_T_INT, .offset = offsetof(struct parse_params, oldid),
	  .desc = "Parse this revision. Overrides page and pageid." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = prop_values,
	  .dflt = "text|langlinks|categories|links|templates|images|externallinks|sections|revid|displaytitle|iwlinks|"
		  "properties|parsewarnings",
	  .deprecated_values = prop_deprecated, .deprecated_msg = "apiwarn-deprecation-parse-headitems",
	  .offset = offsetof(struct parse_params, prop), .desc = "Which pieces of information to return.",
	  .value_descs = (const char *const[]){
		  "text=The HTML of the parsed wikitext.",
		  "langlinks=The interlanguage links.",
		  "categories=The categories, with their sort keys.",
		  "categorieshtml=The HTML of the category box of the page.",
		  "links=The internal links.",
		  "templates=The templates and other transcluded pages.",
		  "images=The files used.",
		  "externallinks=The external links.",
		  "sections=The sections (headings).",
		  "revid=The revision ID of the page parsed.",
		  "displaytitle=The title as displayed, as HTML.",
		  "iwlinks=The interwiki links.",
		  "properties=The page properties the parsed text sets.",
		  "parsewarnings=Warnings the parser gave.",
		  "wikitext=The wikitext that was parsed.",
		  "limitreportdata=The limit report as structured data.",
		  "parsetree=The preprocessor's XML parse tree of the wikitext.",
		  "indicators=The HTML of the page status indicators.",
		  "modules=The ResourceLoader modules the HTML needs.",
		  "jsconfigvars=The JavaScript configuration variables of the page.",
		  "encodedjsconfigvars=The same, as one JSON string.",
		  "limitreporthtml=The limit report as the HTML table of an edit preview.",
		  "parsewarningshtml=The parser's warnings as HTML.",
		  "subtitle=The HTML under the page title (links to the parent pages of a subpage).",
		  "headitems=The page's head items (none: nothing adds any). Use prop=modules and jsconfigvars.",
		  "headhtml=The HTML document of a view of the page up to and including its <body> tag.",
		  NULL } },
	{ .name = "wrapoutputclass", .type = API_T_STRING, .dflt = "mw-parser-output",
	  .offset = offsetof(struct parse_params, wrapoutputclass),
	  .desc = "The CSS class of the element the HTML is wrapped in; empty for no wrapper." },
	{ .name = "pst", .type = API_T_BOOL, .offset = offsetof(struct parse_params, pst),
	  .desc = "Apply the pre-save transform (signatures, subst:, the pipe trick) to the text before parsing it."
		  " Only with text." },
	{ .name = "onlypst", .type = API_T_BOOL, .offset = offsetof(struct parse_params, onlypst),
	  .desc = "Return the text after the pre-save transform and parse nothing. Only with text; prop=wikitext"
		  " adds the text as given." },
	{ .name = "effectivelanglinks", .type = API_T_BOOL, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct parse_params, effectivelanglinks),
	  .desc = "Add language links that extensions supply (no installed extension does)." },
	{ .name = "section", .type = API_T_STRING, .offset = offsetof(struct parse_params, section),
	  .desc = "Parse only this section (a number, or \"new\" for text as a new section)." },
	{ .name = "sectiontitle", .type = API_T_STRING, .offset = offsetof(struct parse_params, sectiontitle),
	  .desc = "The heading of the new section, with section=new." },
	{ .name = "disablepp", .type = API_T_BOOL, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct parse_params, disablepp), .desc = "Use disablelimitreport instead." },
	{ .name = "disablelimitreport", .type = API_T_BOOL, .offset = offsetof(struct parse_params, disablelimitreport),
	  .desc = "Leave the limit report out of the HTML." },
	{ .name = "disableeditsection", .type = API_T_BOOL,
	  .offset = offsetof(struct parse_params, disableeditsection), .desc = "Leave out the edit-section links." },
	{ .name = "disablestylededuplication", .type = API_T_BOOL,
	  .offset = offsetof(struct parse_params, disablestylededuplication),
	  .desc = "Do not merge repeated inline style sheets (TemplateStyles) into one." },
	{ .name = "showstrategykeys", .type = API_T_BOOL, .offset = offsetof(struct parse_params, showstrategykeys),
	  .desc = "Say in jsconfigvars how each variable is merged (the parser sets none)." },
	{ .name = "generatexml", .type = API_T_BOOL, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct parse_params, generatexml), .desc = "Use prop=parsetree instead." },
	{ .name = "preview", .type = API_T_BOOL, .offset = offsetof(struct parse_params, preview),
	  .desc = "Parse as an edit preview." },
	{ .name = "sectionpreview", .type = API_T_BOOL, .offset = offsetof(struct parse_params, sectionpreview),
	  .desc = "Parse as the preview of one section." },
	{ .name = "disabletoc", .type = API_T_BOOL, .offset = offsetof(struct parse_params, disabletoc),
	  .desc = "Leave out the table of contents." },
	{ .name = "useskin", .type = API_T_ENUM, .values = skin_codes, .offset = offsetof(struct parse_params, useskin),
	  .desc = "Show the page as this skin would: its modules and indicators as the skin loads them, and the"
		  " skin in headhtml." },
	{ .name = "contentformat", .type = API_T_ENUM, .values = wiki_content_formats,
	  .offset = offsetof(struct parse_params, contentformat),
	  .desc = "Serialization format of text; it must be the format of the content model." },
	{ .name = "contentmodel", .type = API_T_ENUM, .values = wiki_content_models,
	  .offset = offsetof(struct parse_params, contentmodel),
	  .desc = "Content model of text. Without it the model of title's page is used." },
	{ 0 }
};

/* What is being parsed. */
struct source {
	struct wiki_title title; /* the page */
	int64_t page_id;         /* its id (0: missing) */
	int64_t rev_id;          /* the revision parsed, 0 for given text */
	bool rev_current;        /* rev_id is the page's current revision */
	const char *rev_user;    /* its author */
	const char *rev_ts;      /* its timestamp */
	const char *text;        /* the wikitext */
	size_t len;              /* its length */
	const char *model;       /* its content model */
	const char *redir_from[8]; /* the redirects followed, in order */
	const char *redir_to[8];   /* ... where each leads */
	const char *redir_frag[8]; /* ... and its fragment (NULL or "" for none) */
	int n_redirs;              /* redirects followed */
};

/* A revision row. */
static int load_revision(struct api_ctx *ctx, int64_t rev, struct source *s, int *deleted)
{
	struct arena *a = ctx->arena;
	struct store_stmt *st = store_prepare(ctx->store,
		"SELECT rev_page, rev_timestamp, rev_deleted, page_namespace, page_title, actor_name"
		" FROM revision JOIN page ON page_id = rev_page LEFT JOIN actor ON actor_id = rev_actor WHERE rev_id = ?");
	if (!st)
		return api_db_error(ctx);
	store_bindv(st, "i", rev);
	int rc = store_step(st);
	if (rc != STORE_ROW) {
		store_stmt_done(st);
		return rc == STORE_DONE ? RC_NOTFOUND : api_db_error(ctx);
	}
	s->page_id = store_col_int(st, 0);
	s->rev_ts = store_col_dup(st, a, 1);
	*deleted = (int)store_col_int(st, 2);
	int ns = (int)store_col_int(st, 3);
	char *dbkey = store_col_dup(st, a, 4);
	s->rev_user = store_col_dup(st, a, 5);
	store_stmt_done(st);
	wiki_title_make(a, ns, dbkey, &s->title);
	s->rev_id = rev;
	if (wiki_revision_text(ctx->store, a, rev, &s->text, &s->len, &s->model) != RC_OK)
		return api_db_error(ctx);
	return RC_OK;
}

/* The latest revision of page `id`, or RC_NOTFOUND. */
static int64_t latest_of(struct api_ctx *ctx, int64_t id)
{
	int64_t latest = 0;
	store_query_int(ctx->store, &latest, "SELECT page_latest FROM page WHERE page_id = ?", "i", id);
	return latest;
}

/*
 * Text parsed as revision `revid` (ApiParse): the title becomes that
 * revision's page, with the warning revwrongpage when `title_given`
 * named another. RC_OK, or RC_ERR after nosuchrevid.
 */
static int revid_title(struct api_ctx *ctx, long revid, bool title_given, struct wiki_title *t)
{
	struct arena *a = ctx->arena;
	struct store_stmt *st = store_prepare(ctx->store, "SELECT page_namespace, page_title FROM revision"
							  " JOIN page ON page_id = rev_page WHERE rev_id = ?");
	if (!st)
		return api_db_error(ctx);
	store_bindv(st, "i", (int64_t)revid);
	if (store_step(st) != STORE_ROW) {
		store_stmt_done(st);
		return api_error(ctx, "nosuchrevid", NULL, api_p_int(a, revid));
	}
	int ns = (int)store_col_int(st, 0);
	char *dbkey = store_col_dup(st, a, 1);
	store_stmt_done(st);
	if (title_given && (ns != t->ns || !streq(dbkey, t->dbkey)))
		api_warn(ctx, "revwrongpage", "apierror-revwrongpage", api_p_int(a, revid), t->prefixed);
	wiki_title_make(a, ns, dbkey, t);
	return RC_OK;
}

/* page/pageid/oldid: the revision to parse into `s`. RC_OK or RC_ERR after the error. */
static int stored_source(struct api_ctx *ctx, struct parse_params *p, struct source *s)
{
	struct arena *a = ctx->arena;
	int deleted = 0;
	if (api_param_given(ctx, "oldid")) {
		int rc = p->oldid > 0 ? load_revision(ctx, p->oldid, s, &deleted) : RC_NOTFOUND;
		if (rc == RC_NOTFOUND)
			return api_error(ctx, "nosuchrevid", NULL, api_p_int(a, p->oldid));
		if (rc != RC_OK)
			return rc;
		if ((deleted & 1) && !wiki_user_can(ctx->user, "deletedtext"))
			return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-deletedtext", NULL, 0));
		s->rev_current = s->rev_id == latest_of(ctx, s->page_id);
		return RC_OK;
	}
	int64_t id = 0;
	if (api_param_given(ctx, "pageid")) {
		id = p->pageid;
		int64_t ns = 0;
		char *dbkey = NULL;
		if (id <= 0 || store_query_text(ctx->store, a, &dbkey, "SELECT page_title FROM page WHERE page_id = ?", "i",
						id) != RC_OK)
			return api_error(ctx, "nosuchpageid", NULL, api_p_int(a, p->pageid));
		store_query_int(ctx->store, &ns, "SELECT page_namespace FROM page WHERE page_id = ?", "i", id);
		wiki_title_make(a, (int)ns, dbkey, &s->title);
	} else {
		if (wiki_title_parse(a, p->page, 0, &s->title, NULL) != RC_OK || s->title.is_external ||
		    s->title.ns < 0 || !s->title.dbkey[0])
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(a, p->page));
		store_query_int(ctx->store, &id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
				"dt", s->title.ns, s->title.dbkey);
	}
	/* ApiPageSet's redirect resolution: the whole chain, each hop once (a loop ends it). */
	while (id > 0 && p->redirects && s->n_redirs < (int)ARRAY_SIZE(s->redir_from)) {
		struct store_stmt *st = store_prepare(ctx->store,
			"SELECT rd_namespace, rd_title, rd_fragment FROM redirect JOIN page r ON r.page_id = rd_from"
			" WHERE rd_from = ? AND r.page_is_redirect = 1 AND (rd_interwiki IS NULL OR rd_interwiki = '')");
		store_bindv(st, "i", id);
		if (store_step(st) != STORE_ROW) {
			store_stmt_done(st);
			break;
		}
		int ns = (int)store_col_int(st, 0);
		char *dbkey = store_col_dup(st, a, 1);
		const char *frag = store_col_is_null(st, 2) ? NULL : store_col_dup(st, a, 2);
		store_stmt_done(st);
		struct wiki_title to;
		wiki_title_make(a, ns, dbkey, &to);
		bool seen = strcmp(to.prefixed, s->title.prefixed) == 0;
		for (int k = 0; k < s->n_redirs && !seen; k++)
			seen = strcmp(s->redir_from[k], to.prefixed) == 0;
		s->redir_from[s->n_redirs] = s->title.prefixed;
		s->redir_to[s->n_redirs] = to.prefixed;
		s->redir_frag[s->n_redirs++] = frag;
		if (seen)
			break;
		s->title = to;
		id = 0;
		store_query_int(ctx->store, &id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
				"dt", ns, dbkey);
	}
	if (id <= 0)
		return api_error(ctx, "missingtitle", NULL);
	int rc = load_revision(ctx, latest_of(ctx, id), s, &deleted);
	s->rev_current = rc == RC_OK;
	return rc == RC_OK ? RC_OK : rc == RC_NOTFOUND ? api_error(ctx, "missingtitle", NULL) : rc;
}

/* HTML escaping of text for attribute and element content (htmlspecialchars). */
static const char *html_escape(struct arena *a, const char *s)
{
	struct sbuf b;
	sbuf_init(&b, SIZE_MAX / 2);
	for (; *s; s++) {
		switch (*s) {
		case '&': sbuf_adds(&b, "&amp;"); break;
		case '<': sbuf_adds(&b, "&lt;"); break;
		case '>': sbuf_adds(&b, "&gt;"); break;
		case '"': sbuf_adds(&b, "&quot;"); break;
		case '\'': sbuf_adds(&b, "&#039;"); break;
		default: sbuf_addc(&b, *s);
		}
	}
	char *r = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return r;
}

/* The default display title: namespace, separator and main part in their spans (Title's HTML form). */
static const char *display_title(struct arena *a, const struct wiki_title *t)
{
	const char *main = html_escape(a, t->text);
	if (t->ns == 0)
		return arena_printf(a, "<span class=\"mw-page-title-main\">%s</span>", main);
	return arena_printf(a, "<span class=\"mw-page-title-namespace\">%s</span><span class=\"mw-page-title-separator\">"
			       ":</span><span class=\"mw-page-title-main\">%s</span>",
			    html_escape(a, wiki_ns_text(t->ns)), main);
}

/* The HTML with the wrapper's class changed (or the wrapper taken off for ""). */
static const char *rewrap(struct arena *a, const char *html, size_t *len, const char *cls)
{
	static const char open[] = "<div class=\"mw-parser-output\">";
	size_t ol = sizeof(open) - 1;
	if (strcmp(cls, "mw-parser-output") == 0 || *len < ol + 6 || memcmp(html, open, ol) != 0)
		return html;
	if (!*cls) {
		*len -= ol + 6;
		return arena_strndup(a, html + ol, *len);
	}
	char *r = arena_printf(a, "<div class=\"%s\">%s", html_escape(a, cls), html + ol);
	*len = strlen(r);
	return r;
}

/* A message of the parser with $1.. filled (parse warnings). */
static const char *parser_msg(struct arena *a, const struct wt_warning *w)
{
	const char *t = wiki_message_default(w->key);
	if (!t)
		return w->key;
	struct sbuf b;
	sbuf_init(&b, SIZE_MAX / 2);
	for (const char *s = t; *s; s++) {
		if (s[0] == '$' && s[1] >= '1' && s[1] <= '3' && w->params[s[1] - '1']) {
			sbuf_adds(&b, w->params[s[1] - '1']);
			s++;
		} else {
			sbuf_addc(&b, *s);
		}
	}
	char *r = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return r;
}

/*
 * The modules, modulescripts, modulestyles, jsconfigvars and
 * encodedjsconfigvars props of parse and expandtemplates, with the
 * moduleswithoutvars warning. Nothing the parser does sets JavaScript
 * configuration variables, so those two are always empty.
 */
void parse_add_modules(struct api_ctx *ctx, struct api_node *r, const struct api_list *prop, const struct wt_output *o,
		       const struct parse_modules *skin)
{
	if (api_list_has(prop, "modules")) {
		struct api_node *m = api_add_array(r, "modules", "module");
		const char *const *mods = skin ? skin->modules : o->modules;
		size_t n = skin ? skin->n_modules : o->n_modules;
		for (size_t i = 0; i < n; i++)
			api_add_str(m, NULL, mods[i]);
		api_add_array(r, "modulescripts", "module");
		m = api_add_array(r, "modulestyles", "module");
		mods = skin ? skin->styles : o->module_styles;
		n = skin ? skin->n_styles : o->n_module_styles;
		for (size_t i = 0; i < n; i++)
			api_add_str(m, NULL, mods[i]);
	}
	if (api_list_has(prop, "jsconfigvars"))
		api_node_set_type(api_add_object(r, "jsconfigvars"), API_ARR_ASSOC, NULL);
	if (api_list_has(prop, "encodedjsconfigvars"))
		api_add_str(r, "encodedjsconfigvars", "[]");
	if (api_list_has(prop, "modules") && !api_list_has(prop, "jsconfigvars") &&
	    !api_list_has(prop, "encodedjsconfigvars"))
		api_warn(ctx, "moduleswithoutvars", NULL);
}

/* Indicators by name, as OutputPage sorts them. */
static int cmp_indicator(const void *x, const void *y)
{
	return strcmp((*(const struct wt_indicator *const *)x)->name, (*(const struct wt_indicator *const *)y)->name);
}

/* Links grouped by namespace in the order their namespaces first appear (ParserOutput's [ns][dbkey] arrays). */
static void add_links(struct api_ctx *ctx, struct api_node *parent, const char *key, const struct wt_link *l, size_t n,
		      bool look_up)
{
	struct arena *a = ctx->arena;
	struct api_node *arr = api_add_array(parent, key, "pl");
	bool *exists = arena_calloc(a, n + 1, sizeof(*exists));
	if (look_up && n) {
		struct wt_host host;
		wiki_wt_host(ctx->store, a, &host);
		struct wt_page_info *pi = arena_calloc(a, n, sizeof(*pi));
		struct wt_title *tt = arena_calloc(a, n, sizeof(*tt));
		for (size_t i = 0; i < n; i++) {
			tt[i].ns = l[i].ns;
			tt[i].dbkey = l[i].dbkey;
			tt[i].interwiki = tt[i].fragment = "";
			pi[i].title = &tt[i];
		}
		host.page_info(host.data, a, pi, n);
		for (size_t i = 0; i < n; i++)
			exists[i] = pi[i].exists;
	} else {
		for (size_t i = 0; i < n; i++)
			exists[i] = l[i].page_id > 0;
	}
	bool *done = arena_calloc(a, n + 1, sizeof(*done));
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		for (size_t j = i; j < n; j++) {
			if (done[j] || l[j].ns != l[i].ns)
				continue;
			done[j] = true;
			struct wiki_title t;
			wiki_title_make(a, l[j].ns, l[j].dbkey, &t);
			struct api_node *e = api_add_object(arr, NULL);
			api_add_int(e, "ns", l[j].ns);
			api_add_content_as(e, "title", t.prefixed, strlen(t.prefixed));
			api_add_bool(e, "exists", exists[j]);
		}
	}
}

static void add_categories(struct api_ctx *ctx, struct api_node *parent, const struct wt_output *o)
{
	struct api_node *arr = api_add_array(parent, "categories", "cl");
	for (size_t i = 0; i < o->n_categories; i++) {
		const struct wt_category *c = &o->categories[i];
		struct api_node *e = api_add_object(arr, NULL);
		api_add_str(e, "sortkey", c->sortkey);
		api_add_content_as(e, "category", c->name, strlen(c->name));
		int64_t id = 0, hidden = 0;
		store_query_int(ctx->store, &id, "SELECT page_id FROM page WHERE page_namespace = 14 AND page_title = ?", "t",
				c->name);
		if (id > 0)
			store_query_int(ctx->store, &hidden, "SELECT COUNT(*) FROM page_props WHERE pp_page = ?"
							     " AND pp_propname = 'hiddencat'", "i", id);
		if (id <= 0)
			api_add_bool(e, "missing", true);
		else if (hidden)
			api_add_bool(e, "hidden", true);
	}
}

/* A content value: {"*": s} in formatversion 1, the string in 2. */
static void add_content(struct api_node *parent, const char *key, const char *s, size_t len)
{
	api_add_strn(parent, key, s, len)->flags |= API_N_BC_SUBELEMENT;
}

/*
 * Labels of the category box, as MediaWiki shows them (the messages
 * pagecategories and hidden-categories), followed by colon-separator; in
 * the qqx pseudo-language their keys.
 */
static const char *catbox_label(struct api_ctx *ctx, bool hidden, size_t n)
{
	if (streq(ctx->uselang, "qqx"))
		return arena_printf(ctx->arena, "(%s: %zu)", hidden ? "hidden-categories" : "pagecategories", n);
	if (hidden)
		return n == 1 ? "Hidden category" : "Hidden categories";
	return n == 1 ? "Category" : "Categories";
}

/*
 * prop=categorieshtml: the category box of the page (Skin::getCategories):
 * the normal categories after a link to Special:Categories, the hidden
 * ones in a box of their own that the page hides unless the reader
 * shows hidden categories or the page is a category.
 */
static void add_categories_html(struct api_ctx *ctx, struct api_node *r, const struct wt_output *o,
				const struct wiki_title *t)
{
	struct arena *a = ctx->arena;
	struct sbuf normal, hidden;
	sbuf_init(&normal, SIZE_MAX / 2);
	sbuf_init(&hidden, SIZE_MAX / 2);
	size_t n_normal = 0, n_hidden = 0;
	for (size_t i = 0; i < o->n_categories; i++) {
		const char *name = o->categories[i].name;
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(o->categories[k].name, name) == 0;
		if (dup)
			continue;
		int64_t id = 0, is_hidden = 0;
		store_query_int(ctx->store, &id, "SELECT page_id FROM page WHERE page_namespace = 14 AND page_title = ?", "t",
				name);
		if (id > 0)
			store_query_int(ctx->store, &is_hidden, "SELECT COUNT(*) FROM page_props WHERE pp_page = ?"
								 " AND pp_propname = 'hiddencat'", "i", id);
		struct wiki_title ct;
		wiki_title_make(a, WIKI_NS_CATEGORY, name, &ct);
		const char *link = wiki_comment_html(a, ctx->store, arena_printf(a, "[[:%s|%s]]", ct.prefixed, ct.text), t);
		struct sbuf *b = is_hidden ? &hidden : &normal;
		sbuf_addf(b, "<li>%s</li>", link);
		if (is_hidden)
			n_hidden++;
		else
			n_normal++;
	}
	bool show_hidden = t->ns == WIKI_NS_CATEGORY;
	const char *pref = ctx->user && ctx->user->id
				   ? wiki_user_option_get(ctx->store, a, ctx->user->id, "showhiddencats") : NULL;
	bool user_shows = pref && *pref && strcmp(pref, "0") != 0;
	const char *colon = streq(ctx->uselang, "qqx") ? "(colon-separator)" : ": ";
	struct sbuf b;
	sbuf_init(&b, SIZE_MAX / 2);
	sbuf_addf(&b, "<div id=\"catlinks\" class=\"catlinks%s\" data-mw=\"interface\">",
		  !n_normal && !(n_hidden && (show_hidden || user_shows)) ? " catlinks-allhidden" : "");
	if (n_normal) {
		const char *special = wiki_comment_html(a, ctx->store, arena_printf(a, "[[Special:Categories|%s]]",
									 catbox_label(ctx, false, n_normal)), t);
		sbuf_addf(&b, "<div id=\"mw-normal-catlinks\" class=\"mw-normal-catlinks\">%s%s<ul>%s</ul></div>", special,
			  colon, sbuf_cstr(&normal));
	}
	if (n_hidden)
		sbuf_addf(&b, "<div id=\"mw-hidden-catlinks\" class=\"mw-hidden-catlinks %s\">%s%s<ul>%s</ul></div>",
			  user_shows ? "mw-hidden-cats-user-shown" : show_hidden ? "mw-hidden-cats-ns-shown"
										 : "mw-hidden-cats-hidden",
			  catbox_label(ctx, true, n_hidden), colon, sbuf_cstr(&hidden));
	sbuf_adds(&b, "</div>");
	add_content(r, "categorieshtml", sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	sbuf_release(&normal);
	sbuf_release(&hidden);
}

/*
 * prop=subtitle: Skin::prepareSubtitle without its container: for a
 * subpage in a namespace with subpages, "< " and links to each parent
 * page that exists (the text of a missing level joins the next link).
 */
static void add_subtitle(struct api_ctx *ctx, struct api_node *r, const struct wiki_title *t)
{
	struct arena *a = ctx->arena;
	const struct wiki_ns *ns = wiki_ns_get(t->ns);
	struct sbuf b;
	sbuf_init(&b, SIZE_MAX / 2);
	const char *full = t->prefixed;
	const char *last = strrchr(full, '/');
	if (ns && ns->has_subpages && last) {
		size_t start = 0, count = 0;
		for (const char *sl = strchr(full, '/'); sl && sl <= last; sl = strchr(sl + 1, '/')) {
			size_t upto = (size_t)(sl - full);
			char *growing = arena_strndup(a, full, upto);
			struct wiki_title pt;
			int64_t id = 0, redirect = 0;
			if (wiki_title_parse(a, growing, 0, &pt, NULL) == RC_OK && !pt.is_external && pt.ns >= 0 &&
			    pt.dbkey[0]) {
				store_query_int(ctx->store, &id, "SELECT page_id FROM page WHERE page_namespace = ?"
								 " AND page_title = ?", "dt", pt.ns, pt.dbkey);
				if (id > 0)
					store_query_int(ctx->store, &redirect, "SELECT page_is_redirect FROM page"
									       " WHERE page_id = ?", "i", id);
			}
			if (id <= 0)
				continue;
			sbuf_adds(&b, count++ ? " | " : "&lt; ");
			sbuf_addf(&b, "<a href=\"%s\"%s title=\"%s\">%s</a>", html_escape(a, wiki_title_local_url(a, &pt)),
				  redirect ? " class=\"mw-redirect\"" : "", html_escape(a, pt.prefixed),
				  html_escape(a, arena_strndup(a, full + start, upto - start)));
			start = upto + 1;
		}
	}
	const char *html = b.len ? arena_printf(a, "<span class=\"subpages\">%s</span>", sbuf_cstr(&b)) : "";
	api_add_str(r, "subtitle", html);
	sbuf_release(&b);
}

/* `n` with thousands separators (1,000,000). */
static const char *group_digits(struct arena *a, long long n)
{
	char d[32];
	int len = snprintf(d, sizeof(d), "%lld", n < 0 ? -n : n);
	char out[48];
	size_t o = 0;
	if (n < 0)
		out[o++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = d[i];
	}
	out[o] = '\0';
	return arena_strdup(a, out);
}

/* The rows of the HTML limit report: key, label (MediaWiki's), whether the values are bytes. */
static const struct {
	const char *key;   /* limitreportdata name */
	const char *label; /* row heading */
	bool bytes;        /* the values are sizes in bytes */
} limit_rows[] = {
	{ "limitreport-ppvisitednodes", "Preprocessor visited node count", false },
	{ "limitreport-postexpandincludesize", "Post-expand include size", true },
	{ "limitreport-templateargumentsize", "Template argument size", true },
	{ "limitreport-expansiondepth", "Highest expansion depth", false },
	{ "limitreport-expensivefunctioncount", "Expensive parser function count", false },
	{ "limitreport-unstrip-depth", "Unstrip recursion depth", false },
	{ "limitreport-unstrip-size", "Unstrip post-expand size", true },
};

/* One time row: "0.002 seconds". */
static void time_row(struct sbuf *b, const char *label, double secs)
{
	sbuf_addf(b, "<tr><th>%s</th><td>%.3f %s</td></tr>", label, secs,
		  secs >= 0.9995 && secs < 1.0005 ? "second" : "seconds");
}

/* prop=limitreporthtml: the limit report as the table of an edit preview (EditPage::getPreviewLimitReport). */
static void add_limitreport_html(struct api_ctx *ctx, struct api_node *r, const struct wt_output *o,
				 const struct wiki_render_report *rep, bool has_report)
{
	struct arena *a = ctx->arena;
	if (!has_report) {
		add_content(r, "limitreporthtml", "", 0);
		return;
	}
	struct sbuf b;
	sbuf_init(&b, SIZE_MAX / 2);
	sbuf_adds(&b, "<div class=\"mw-limitReportExplanation\"><p>Parser profiling data:\n</p></div>"
		      "<div class=\"preview-limit-report-wrapper\"><table class=\"preview-limit-report wikitable\"><tbody>");
	time_row(&b, "CPU time usage", rep->cpu);
	time_row(&b, "Real time usage", rep->wall);
	for (size_t i = 0; i < o->n_limits; i++) {
		for (size_t k = 0; k < ARRAY_SIZE(limit_rows); k++) {
			if (strcmp(limit_rows[k].key, o->limits[i].key) != 0)
				continue;
			sbuf_addf(&b, "<tr><th>%s</th><td>%s/%s%s</td></tr>", limit_rows[k].label,
				  group_digits(a, (long long)o->limits[i].value), group_digits(a, (long long)o->limits[i].limit),
				  !limit_rows[k].bytes ? "" : o->limits[i].limit == 1 ? " byte" : " bytes");
		}
	}
	sbuf_adds(&b, "</tbody></table></div>");
	add_content(r, "limitreporthtml", sbuf_cstr(&b), b.len);
	sbuf_release(&b);
}

/*
 * prop=parsewarningshtml: each warning parsed as wikitext, the outer
 * paragraph taken off (Message::parse of the warning).
 */
static void add_warnings_html(struct api_ctx *ctx, struct api_node *r, const struct wt_output *o,
			      const struct wiki_title *t)
{
	struct arena *a = ctx->arena;
	struct api_node *arr = api_add_array(r, "parsewarningshtml", "pw");
	for (size_t i = 0; i < o->n_warnings; i++) {
		const char *w = parser_msg(a, &o->warnings[i]);
		struct wiki_render_opts ro = { 0 };
		ro.title = t;
		ro.user = ctx->user;
		ro.user_lang = ctx->uselang;
		ro.no_wrap = true;
		ro.no_limit_report = true;
		ro.no_edit_section = true;
		struct wt_output wo;
		memset(&wo, 0, sizeof(wo));
		const char *html = w;
		size_t hl = strlen(w);
		if (wiki_render(ctx->store, a, &ro, w, strlen(w), &wo) == RC_OK) {
			html = wo.html;
			hl = wo.html_len;
		}
		/* Parser::stripOuterParagraph: one <p>...</p> around everything goes. */
		while (hl && html[hl - 1] == '\n')
			hl--;
		if (hl >= 7 && strncmp(html, "<p>", 3) == 0 && strncmp(html + hl - 4, "</p>", 4) == 0) {
			const char *inner = html + 3;
			size_t il = hl - 7;
			if (il && inner[il - 1] == '\n')
				il--;
			const char *close = NULL;
			for (size_t k = 0; k + 4 <= il && !close; k++)
				if (memcmp(inner + k, "</p>", 4) == 0)
					close = inner + k;
			if (!close) {
				html = inner;
				hl = il;
			}
		}
		api_add_strn(arr, NULL, html, hl);
	}
}

static void add_sections(struct api_node *parent, const struct wt_output *o)
{
	struct api_node *arr = api_add_array(parent, "sections", "s");
	for (size_t i = 0; i < o->n_sections; i++) {
		const struct wt_section *s = &o->sections[i];
		struct api_node *e = api_add_object(arr, NULL);
		api_add_int(e, "toclevel", s->toclevel);
		api_add_strf(e, "level", "%d", s->level);
		api_add_str(e, "line", s->line);
		api_add_str(e, "number", s->number);
		api_add_str(e, "index", s->index);
		if (s->fromtitle)
			api_add_str(e, "fromtitle", s->fromtitle);
		else
			api_add_bool(e, "fromtitle", false)->flags |= API_N_KEEP_BOOL;
		if (s->byteoffset >= 0)
			api_add_int(e, "byteoffset", s->byteoffset);
		else
			api_add_null(e, "byteoffset");
		api_add_str(e, "anchor", s->anchor);
	}
}

/* "prefix:Title" of a language or interwiki link, split; the URL from the interwiki map. */
static const char *iw_url(struct arena *a, const char *prefix, const char *title)
{
	const struct wiki_interwiki *iw = wiki_interwiki_find(prefix, strlen(prefix));
	if (!iw)
		return "";
	const char *d = strstr(iw->url, "$1");
	char *enc = wiki_urlencode(a, title);
	for (char *c = enc; *c; c++)
		if (*c == ' ')
			*c = '_';
	if (!d)
		return iw->url;
	return arena_printf(a, "%.*s%s%s", (int)(d - iw->url), iw->url, enc, d + 2);
}

static void add_langlinks(struct api_ctx *ctx, struct api_node *parent, const struct wt_output *o)
{
	struct arena *a = ctx->arena;
	struct api_node *arr = api_add_array(parent, "langlinks", "ll");
	for (size_t i = 0; i < o->n_langlinks; i++) {
		const char *ll = o->langlinks[i];
		const char *colon = strchr(ll, ':');
		if (!colon)
			continue;
		const char *lang = arena_strndup(a, ll, (size_t)(colon - ll));
		const char *title = colon + 1;
		struct api_node *e = api_add_object(arr, NULL);
		api_add_str(e, "lang", lang);
		api_add_str(e, "url", iw_url(a, lang, title));
		const struct wiki_language *l = wiki_language_find(lang);
		if (l) {
			api_add_str(e, "langname", l->autonym);
			api_add_str(e, "autonym", l->autonym);
		}
		const char *shown = arena_strdup(a, title);
		for (char *c = (char *)shown; *c; c++)
			if (*c == '_')
				*c = ' ';
		api_add_content_as(e, "title", shown, strlen(shown));
	}
}

static void add_iwlinks(struct api_ctx *ctx, struct api_node *parent, const struct wt_output *o)
{
	struct arena *a = ctx->arena;
	struct api_node *arr = api_add_array(parent, "iwlinks", "iw");
	for (size_t i = 0; i < o->n_iwlinks; i++) {
		const struct wt_iwlink *l = &o->iwlinks[i];
		struct api_node *e = api_add_object(arr, NULL);
		api_add_str(e, "prefix", l->prefix);
		api_add_str(e, "url", iw_url(a, l->prefix, l->title));
		char *t = arena_printf(a, "%s:%s", l->prefix, l->title);
		for (char *c = t; *c; c++)
			if (*c == '_')
				*c = ' ';
		api_add_content_as(e, "title", t, strlen(t));
	}
}

static void add_limitreport(struct api_ctx *ctx, struct api_node *parent, const struct wt_output *o,
			    const struct wiki_render_report *rep)
{
	struct arena *a = ctx->arena;
	struct api_node *arr = api_add_array(parent, "limitreportdata", "lr");
	struct api_node *e = api_add_object(arr, NULL);
	api_add_str(e, "name", "limitreport-cputime");
	api_add_strf(e, "0", "%.3f", rep->cpu);
	e = api_add_object(arr, NULL);
	api_add_str(e, "name", "limitreport-walltime");
	api_add_strf(e, "0", "%.3f", rep->wall);
	for (size_t i = 0; i < o->n_limits; i++) {
		e = api_add_object(arr, NULL);
		api_add_str(e, "name", o->limits[i].key);
		api_add_int(e, "0", o->limits[i].value);
		if (o->limits[i].limit >= 0)
			api_add_int(e, "1", o->limits[i].limit);
	}
	e = api_add_object(arr, NULL);
	api_add_str(e, "name", "limitreport-timingprofile");
	const char **lines;
	size_t nl = wiki_timing_profile(a, o, rep->wall, &lines);
	for (size_t i = 0; i < nl; i++)
		api_add_str(e, arena_printf(a, "%zu", i), lines[i]);
	e = api_add_object(arr, NULL);
	api_add_str(e, "name", "cachereport-timestamp");
	api_add_str(e, "0", rep->cached);
	e = api_add_object(arr, NULL);
	api_add_str(e, "name", "cachereport-ttl");
	api_add_int(e, "0", rep->ttl);
	e = api_add_object(arr, NULL);
	api_add_str(e, "name", "cachereport-transientcontent");
	api_add_bool(e, "0", false);
}

/* The summary (or the new section's default one) as HTML: parsedsummary. */
static void add_summary(struct api_ctx *ctx, struct api_node *r, const struct parse_params *p, bool is_new,
			const struct wiki_title *t)
{
	struct arena *a = ctx->arena;
	const char *sum = p->summary;
	if (!sum || !*sum)
		sum = is_new && p->sectiontitle ? arena_printf(a, "/* %s */ section added", p->sectiontitle) : "";
	const char *h = wiki_comment_html(a, ctx->store, sum, t);
	add_content(r, "parsedsummary", h, strlen(h));
}

/* Append `s` (`n` bytes) escaped for HTML text as the parser's serializer leaves it: & and < only. */
static void text_escape(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '&')
			sbuf_adds(b, "&amp;");
		else if (s[i] == '<')
			sbuf_adds(b, "&lt;");
		else
			sbuf_addc(b, s[i]);
	}
}

/* jansson's dump callback: append to the sbuf. */
static int json_to_sbuf(const char *buf, size_t size, void *data)
{
	sbuf_add(data, buf, size);
	return 0;
}

/* A JSON scalar as FormatJson::encode writes it (unescaped slashes and Unicode; floats in PHP's shortest form). */
static void json_scalar(struct sbuf *b, json_t *v)
{
	if (json_is_real(v)) {
		double d = json_real_value(v);
		char buf[40];
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(buf, sizeof(buf), "%.*g", prec, d);
			if (strtod(buf, NULL) == d)
				break;
		}
		sbuf_adds(b, buf);
		if (!strpbrk(buf, ".eEn"))
			sbuf_adds(b, ".0");
		return;
	}
	struct sbuf t;
	sbuf_init(&t, SIZE_MAX / 2);
	json_dump_callback(v, json_to_sbuf, &t, JSON_ENCODE_ANY);
	text_escape(b, sbuf_cstr(&t), t.len);
	sbuf_release(&t);
}

static void json_table(struct sbuf *b, json_t *v, int depth);

/* JsonContent::valueCell: a nested table for objects and arrays, else the value. */
static void json_cell(struct sbuf *b, json_t *v, int depth)
{
	if (json_is_object(v) || json_is_array(v)) {
		sbuf_adds(b, "<td><table class=\"mw-json\"><tbody>");
		json_table(b, v, depth + 1);
		sbuf_adds(b, "</tbody></table></td>");
		return;
	}
	sbuf_adds(b, "<td class=\"mw-json-value\">");
	json_scalar(b, v);
	sbuf_adds(b, "</td>");
}

/* The rows of an object (key headings) or an array, these joined by newlines (JsonContent::objectTable, arrayTable). */
static void json_table(struct sbuf *b, json_t *v, int depth)
{
	if (depth > 512) /* jansson's own nesting limit is lower: this is never reached */
		return;
	size_t n = 0;
	if (json_is_object(v)) {
		const char *key;
		json_t *val;
		json_object_foreach(v, key, val) {
			n++;
			sbuf_adds(b, "<tr><th><span>");
			text_escape(b, key, strlen(key));
			sbuf_adds(b, "</span></th>");
			json_cell(b, val, depth);
			sbuf_adds(b, "</tr>");
		}
	} else {
		size_t i;
		json_t *val;
		json_array_foreach(v, i, val) {
			if (n++)
				sbuf_addc(b, '\n');
			sbuf_adds(b, "<tr>");
			json_cell(b, val, depth);
			sbuf_adds(b, "</tr>");
		}
	}
	if (!n)
		sbuf_addf(b, "<tr><td class=\"mw-json-empty\">%s</td></tr>",
			  json_is_object(v) ? "Empty object" : "Empty array");
}

/*
 * The rendering of content that is not wikitext, as its content handler
 * makes it: css and javascript as a code block (with the limit report of
 * a parse of nothing), text escaped, json as nested tables; any other
 * model as an error box. *has_report is false when no parse ran (no
 * limit report data then).
 */
static int render_other(struct api_ctx *ctx, const char *model, const struct wiki_render_opts *ro, const char *text,
			size_t len, struct wt_output *o, struct wiki_render_report *rep, bool *has_report)
{
	struct arena *a = ctx->arena;
	static const char open[] = "<div class=\"mw-parser-output\">";
	struct sbuf b;
	sbuf_init(&b, SIZE_MAX / 2);
	*has_report = false;
	if (streq(model, "css") || streq(model, "javascript")) {
		/* $wgTextModelsToParse: parsed as wikitext for its links; the code block replaces the HTML. */
		int rc = wiki_render_report(ctx->store, a, ro, text, len, o, rep);
		if (rc != RC_OK) {
			sbuf_release(&b);
			return rc;
		}
		*has_report = true;
		sbuf_adds(&b, open);
		sbuf_addf(&b, "<pre class=\"mw-code mw-%s\" dir=\"ltr\">\n", streq(model, "css") ? "css" : "js");
		text_escape(&b, text, len);
		sbuf_adds(&b, "\n</pre>\n");
		const char *report = o->html ? strstr(o->html, "\n<!-- \nNewPP limit report\n") : NULL;
		if (report && o->html_len >= 6)
			sbuf_add(&b, report, (size_t)(o->html + o->html_len - 6 - report));
		sbuf_adds(&b, "</div>");
	} else {
		memset(o, 0, sizeof(*o));
		sbuf_adds(&b, open);
		if (streq(model, "text")) {
			sbuf_adds(&b, html_escape(a, arena_strndup(a, text, len)));
		} else if (streq(model, "json")) {
			json_error_t jerr;
			json_t *j = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
			if (j) {
				sbuf_adds(&b, "<table class=\"mw-json\"><tbody>");
				if (json_is_array(j)) {
					/* An array at the root is boxed: a table of one row holding it. */
					sbuf_adds(&b, "<tr>");
					json_cell(&b, j, 0);
					sbuf_adds(&b, "</tr>");
				} else if (json_is_object(j)) {
					json_table(&b, j, 0);
				} else {
					sbuf_adds(&b, "<tr>");
					json_cell(&b, j, 0);
					sbuf_adds(&b, "</tr>");
				}
				sbuf_adds(&b, "</tbody></table>");
				json_decref(j);
				o->module_styles = arena_alloc(a, sizeof(*o->module_styles));
				o->module_styles[0] = "mediawiki.content.json";
				o->n_module_styles = 1;
			} else {
				sbuf_addf(&b, "The text is not valid JSON: %s", html_escape(a, jerr.text));
			}
		} else {
			sbuf_addf(&b, "<div class=\"error\"><strong>Warning:</strong> this wiki cannot show content of the"
				      " model %s.</div>", html_escape(a, model));
		}
		sbuf_adds(&b, "</div>");
	}
	o->html_len = b.len;
	o->html = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return RC_OK;
}

static int exec_parse(struct api_ctx *ctx, void *vp)
{
	struct parse_params *p = vp;
	struct arena *a = ctx->arena;
	const struct api_list *prop = &p->prop;
	/* As MediaWiki: text, title and revid go together, but none with a stored page. */
	if (api_require_max_one(ctx, (const char *const[]){ "page", "pageid", "oldid", "text", NULL }) != RC_OK ||
	    api_require_max_one(ctx, (const char *const[]){ "page", "pageid", "oldid", "title", NULL }) != RC_OK ||
	    api_require_max_one(ctx, (const char *const[]){ "page", "pageid", "oldid", "revid", NULL }) != RC_OK)
		return RC_ERR;
	const char *stored = p->page ? "page" : api_param_given(ctx, "pageid") ? "pageid"
				: api_param_given(ctx, "oldid") ? "oldid" : NULL;

	bool is_new = p->section && strcmp(p->section, "new") == 0;
	long section = -1;
	bool transcluded = false;
	if (p->section && !is_new && wiki_section_id(p->section, &section, &transcluded) != RC_OK)
		return api_error(ctx, "invalidsection", NULL);

	struct source s;
	memset(&s, 0, sizeof(s));
	if (stored) {
		if (stored_source(ctx, p, &s) != RC_OK)
			return RC_ERR;
	} else {
		const char *title = p->title ? p->title : "API";
		bool title_given = p->title != NULL, has_revid = api_param_given(ctx, "revid");
		if (wiki_title_parse(a, title, 0, &s.title, NULL) != RC_OK || s.title.is_external)
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(a, title));
		if (has_revid && revid_title(ctx, p->revid, title_given, &s.title) != RC_OK)
			return RC_ERR;
		title_given |= has_revid;
		if (s.title.ns >= 0)
			store_query_int(ctx->store, &s.page_id, "SELECT page_id FROM page WHERE page_namespace = ? AND"
					" page_title = ?", "dt", s.title.ns, s.title.dbkey);
		if (!p->text && title_given && (prop->n || p->generatexml))
			api_warn(ctx, has_revid ? "parse-revidwithouttext" : "parse-titlewithouttext", NULL);
		/* ContentHandler::makeContent: the model given, else the title's (wikitext without a title). */
		s.model = p->contentmodel;
		if (!s.model && p->text && !title_given) {
			s.model = "wikitext";
			api_warn(ctx, "parse-nocontentmodel", NULL, s.model);
		}
		if (!s.model && s.page_id > 0)
			store_query_text(ctx->store, a, (char **)&s.model, "SELECT page_content_model FROM page"
									   " WHERE page_id = ?", "i", s.page_id);
		if (!s.model || !*s.model)
			s.model = s.title.ns >= 0 ? wiki_default_model(s.title.ns, s.title.dbkey) : "wikitext";
		if (p->contentformat && strcmp(p->contentformat, wiki_model_format(s.model)) != 0)
			return api_error(ctx, "badformat-generic", NULL, p->contentformat, s.model);
		/*
		 * The text as sent: ApiParse makes its content without the
		 * pre-save transform's line-end and trailing-space cleanup
		 * (pst=1 does that), so a final newline or a CR reaches the parser.
		 */
		s.text = p->text ? p->text : "";
		s.len = strlen(s.text);
		s.rev_id = has_revid ? p->revid : 0;
	}
	bool is_wikitext = !s.model || streq(s.model, "wikitext");

	const char *text = s.text;
	size_t len = s.len;
	if (section >= 0 && !is_wikitext)
		return api_error(ctx, "nosuchsection", "apierror-sectionsnotsupported-what", s.title.prefixed);
	if (section >= 0) {
		const char *sec;
		size_t sl;
		if (wiki_section_get(a, text, len, section, transcluded, &sec, &sl) != RC_OK)
			return api_error(ctx, "nosuchsection", "apierror-nosuchsection-what",
					 arena_printf(a, "%s%ld", transcluded ? "T-" : "", section), s.title.prefixed);
		text = sec;
		len = sl;
	} else if (is_new && p->sectiontitle && *p->sectiontitle) {
		char *t = arena_printf(a, "== %s ==\n\n%s", p->sectiontitle, text);
		text = t;
		len = strlen(t);
	}

	/* The pre-save transform of given text (ApiParse::getPstContent); pages are parsed as stored. */
	const char *pst = NULL;
	size_t pst_len = 0;
	bool is_signed = false;
	if (!stored && (p->pst || p->onlypst)) {
		if (wiki_pst(ctx->store, a, &s.title, s.model, ctx->user, text, len, &pst, &pst_len, &is_signed) != RC_OK)
			return api_error(ctx, "toobig", NULL, api_p_int(a, WIKI_MAX_ARTICLE_BYTES));
	}
	if (pst && p->onlypst) {
		struct api_node *r = api_add_object(ctx->result, "parse");
		add_content(r, "text", pst, pst_len);
		if (api_list_has(prop, "wikitext"))
			add_content(r, "wikitext", text, len);
		if (p->summary || (is_new && p->sectiontitle))
			add_summary(ctx, r, p, is_new, &s.title);
		return RC_OK;
	}
	const char *orig = text;
	size_t orig_len = len;
	if (pst) {
		text = pst;
		len = pst_len;
	}

	struct wiki_render_opts ro = { 0 };
	ro.title = &s.title;
	ro.user_signature = is_signed;
	ro.page_id = s.page_id;
	ro.rev_id = s.rev_id;
	ro.rev_current = s.rev_current;
	ro.rev_user = s.rev_user;
	ro.rev_timestamp = s.rev_ts;
	ro.user = ctx->user;
	ro.user_lang = ctx->uselang;
	ro.is_preview = p->preview || p->sectionpreview;
	ro.is_section_preview = p->sectionpreview;
	ro.no_edit_section = p->disableeditsection;
	ro.no_toc = p->disabletoc;
	ro.no_limit_report = p->disablelimitreport || p->disablepp;
	bool need_parse = false;
	static const char *const parse_props[] = { "text", "langlinks", "categories", "links", "templates", "images",
						  "externallinks", "sections", "parsewarnings", "displaytitle",
						  "modules", "jsconfigvars", "encodedjsconfigvars", "indicators",
						  "iwlinks", "properties", "limitreportdata", "categorieshtml",
						  "limitreporthtml", "parsewarningshtml", "headhtml", NULL };
	for (size_t i = 0; parse_props[i]; i++)
		need_parse |= api_list_has(prop, parse_props[i]);
	struct wt_output o;
	memset(&o, 0, sizeof(o));
	struct wiki_render_report rep = { 0 };
	bool has_report = true;
	if (need_parse) {
		/* A whole saved revision comes from the parser cache. */
		int rc = !is_wikitext ? render_other(ctx, s.model, &ro, text, len, &o, &rep, &has_report)
			 : stored && section < 0 ? wiki_render_cached(ctx->store, a, &ro, text, len, &o, &rep)
						 : wiki_render_report(ctx->store, a, &ro, text, len, &o, &rep);
		if (rc == RC_TOOBIG)
			return api_error(ctx, "toobig", NULL, api_p_int(a, WIKI_MAX_ARTICLE_BYTES));
		if (rc != RC_OK)
			return api_db_error(ctx);
	}

	struct api_node *r = api_add_object(ctx->result, "parse");
	api_add_str(r, "title", s.title.prefixed);
	api_add_int(r, "pageid", s.page_id);
	if (api_list_has(prop, "revid") && stored)
		api_add_int(r, "revid", s.rev_id);
	/* With redirects and a page (not a revision) the list is there even when empty, as ApiParse does. */
	if (s.n_redirs || (p->redirects && (p->page || api_param_given(ctx, "pageid")) && !api_param_given(ctx, "oldid"))) {
		struct api_node *rd = api_add_array(r, "redirects", "r");
		for (int k = 0; k < s.n_redirs; k++) {
			struct api_node *e = api_add_object(rd, NULL);
			api_add_str(e, "from", s.redir_from[k]);
			api_add_str(e, "to", s.redir_to[k]);
			if (s.redir_frag[k] && *s.redir_frag[k])
				api_add_str(e, "tofragment", s.redir_frag[k]);
		}
	}
	if (api_list_has(prop, "text")) {
		size_t hl = o.html_len;
		const char *html = rewrap(a, o.html, &hl, p->wrapoutputclass);
		add_content(r, "text", html, hl);
	}
	if (p->summary || (is_new && p->sectiontitle))
		add_summary(ctx, r, p, is_new, &s.title);
	if (api_list_has(prop, "langlinks"))
		add_langlinks(ctx, r, &o);
	if (api_list_has(prop, "categories"))
		add_categories(ctx, r, &o);
	if (api_list_has(prop, "categorieshtml"))
		add_categories_html(ctx, r, &o, &s.title);
	if (api_list_has(prop, "links"))
		add_links(ctx, r, "links", o.links, o.n_links, true);
	if (api_list_has(prop, "templates"))
		add_links(ctx, r, "templates", o.templates, o.n_templates, false);
	if (api_list_has(prop, "images")) {
		struct api_node *arr = api_add_array(r, "images", "img");
		for (size_t i = 0; i < o.n_images; i++)
			api_add_str(arr, NULL, o.images[i].dbkey);
	}
	if (api_list_has(prop, "externallinks")) {
		struct api_node *arr = api_add_array(r, "externallinks", "el");
		for (size_t i = 0; i < o.n_extlinks; i++)
			api_add_str(arr, NULL, o.extlinks[i]);
	}
	if (api_list_has(prop, "sections")) {
		add_sections(r, &o);
		api_add_bool(r, "showtoc", o.has_toc);
	}
	if (api_list_has(prop, "parsewarnings")) {
		struct api_node *arr = api_add_array(r, "parsewarnings", "pw");
		for (size_t i = 0; i < o.n_warnings; i++)
			api_add_str(arr, NULL, parser_msg(a, &o.warnings[i]));
	}
	if (api_list_has(prop, "parsewarningshtml"))
		add_warnings_html(ctx, r, &o, &s.title);
	if (api_list_has(prop, "displaytitle")) {
		/* Without a parse (text, json) there is no display title: the title's text, escaped. */
		const char *dt = o.displaytitle ? o.displaytitle
			       : has_report ? display_title(a, &s.title) : html_escape(a, s.title.prefixed);
		api_add_str(r, "displaytitle", dt);
	}
	if (api_list_has(prop, "subtitle"))
		add_subtitle(ctx, r, &s.title);
	if (api_list_has(prop, "headitems"))
		api_add_array(r, "headitems", "hi");
	if (api_list_has(prop, "headhtml")) {
		const char *skin = p->useskin;
		for (size_t i = 0; !skin && api_skins[i].code; i++)
			if (api_skins[i].is_default)
				skin = api_skins[i].code;
		const char *head = parse_head_html(ctx, skin, p->useskin != NULL, &s.title, &o, s.model);
		add_content(r, "headhtml", head, strlen(head));
	}
	/* A skin (useskin) adds its own modules, and shows the indicators sorted by name, each in a wrapper. */
	struct parse_modules pm;
	if (p->useskin)
		parse_skin_modules(ctx, &o, &s.title, o.has_toc, api_list_has(prop, "headhtml"), &pm);
	parse_add_modules(ctx, r, prop, &o, p->useskin ? &pm : NULL);
	if (api_list_has(prop, "indicators")) {
		struct api_node *ind = api_node_set_type(api_add_object(r, "indicators"), API_ARR_BCKVP, "name");
		const struct wt_indicator **order = arena_calloc(a, o.n_indicators + 1, sizeof(*order));
		for (size_t i = 0; i < o.n_indicators; i++)
			order[i] = &o.indicators[i];
		if (p->useskin)
			qsort(order, o.n_indicators, sizeof(*order), cmp_indicator);
		for (size_t i = 0; i < o.n_indicators; i++)
			api_add_str(ind, order[i]->name,
				    p->useskin ? arena_printf(a, "<div class=\"mw-parser-output\">%s</div>", order[i]->html)
					       : order[i]->html);
	}
	if (api_list_has(prop, "iwlinks"))
		add_iwlinks(ctx, r, &o);
	if (api_list_has(prop, "wikitext")) {
		add_content(r, "wikitext", orig, orig_len);
		if (pst)
			add_content(r, "psttext", pst, pst_len);
	}
	if (api_list_has(prop, "properties")) {
		struct api_node *pp = api_node_set_type(api_add_object(r, "properties"), API_ARR_BCKVP, "name");
		for (size_t i = 0; i < o.n_props; i++)
			api_add_str(pp, o.props[i].name, o.props[i].value);
	}
	if (api_list_has(prop, "limitreportdata")) {
		if (has_report)
			add_limitreport(ctx, r, &o, &rep);
		else
			api_add_array(r, "limitreportdata", "lr");
	}
	if (api_list_has(prop, "limitreporthtml"))
		add_limitreport_html(ctx, r, &o, &rep, has_report);
	if (api_list_has(prop, "parsetree") || p->generatexml) {
		if (!is_wikitext)
			return api_error(ctx, "notwikitext", "apierror-parsetree-notwikitext");
		size_t xl = 0;
		const char *xml = wt_parsetree_xml(a, orig, orig_len, false, &xl);
		add_content(r, "parsetree", xml, xl);
	}
	return RC_OK;
}

const struct api_module api_module_parse = {
	.name = "parse",
	.group = API_G_ACTION,
	.prefix = "",
	.params = params,
	.params_size = sizeof(struct parse_params),
	.summary = "Parse wikitext, a page or a revision, and return the HTML and what the parser found in it.",
	.examples = (const char *const[]){
		"action=parse&page=Project:Sandbox", "Parse a page.",
		"action=parse&text={{Project:Sandbox}}&title=Project:Sandbox", "Parse wikitext.",
		"action=parse&text={{PAGENAME}}&title=Test", "Parse wikitext as if it were the page Test.",
		"action=parse&summary=Some+[[link]]&prop=", "Parse an edit summary.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Parsing_wikitext",
					   NULL },
	.exec = exec_parse,
};
