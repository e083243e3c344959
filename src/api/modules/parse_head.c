/* SPDX-License-Identifier: MIT */
/*
 * parse_head.c — the skins wikid has and what action=parse shows of
 * them: prop=headhtml (the page's HTML document up to and including
 * <body>, as OutputPage::headElement() writes it) and the modules and
 * indicators of "skin mode" (useskin).
 *
 * wikid has no skin extensions, so it has what a MediaWiki without any
 * has: its two core skins, "fallback" (the default) and "apioutput",
 * both marked unusable for readers' preferences. The head is the one a
 * page view would have: the mw.config variables of the page and user
 * (RLCONF, in OutputPage::getJSVars() order), the module states and
 * queue (RLSTATE, RLPAGEMODULES), the embedded user.options module with
 * the user's tokens, the style sheet request, the head links and the
 * <body> classes (Skin::getPageClasses()).
 *
 * The inline script is minified as ResourceLoader does it: its
 * statements stay on one line, and a line break is kept between two of
 * them only where the line would otherwise pass 1000 bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"
#include "parse_int.h"

const struct api_skin api_skins[] = {
	{ "fallback", "Fallback", true },
	{ "apioutput", "ApiOutput", false },
	{ NULL, NULL, false },
};

/* The JavaScript minifier's line limit (JavaScriptMinifier::$maxLineLength). */
#define JS_MAX_LINE 1000

/* The version the embedded user.options module is announced with. */
#define USER_OPTIONS_VERSION "12s5i"

/* A JSON string as ResourceLoader encodes it: UTF-8 kept, '/' kept, U+2028/9 escaped. */
static void js_str(struct sbuf *b, const char *s)
{
	sbuf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sbuf_adds(b, "\\\""); break;
		case '\\': sbuf_adds(b, "\\\\"); break;
		case '\b': sbuf_adds(b, "\\b"); break;
		case '\f': sbuf_adds(b, "\\f"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\r': sbuf_adds(b, "\\r"); break;
		case '\t': sbuf_adds(b, "\\t"); break;
		default:
			if (*p < 0x20)
				sbuf_addf(b, "\\u%04x", *p);
			else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
				sbuf_addf(b, "\\u%04x", p[2] == 0xa8 ? 0x2028 : 0x2029);
				p += 2;
			} else
				sbuf_addc(b, (char)*p);
		}
	}
	sbuf_addc(b, '"');
}

/* One "key":value member of an object being written (`first` tracks the comma). */
static void js_key(struct sbuf *b, bool *first, const char *key)
{
	if (!*first)
		sbuf_addc(b, ',');
	*first = false;
	js_str(b, key);
	sbuf_addc(b, ':');
}

static void js_str_array(struct sbuf *b, const char *const *v, size_t n)
{
	sbuf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_addc(b, ',');
		js_str(b, v[i]);
	}
	sbuf_addc(b, ']');
}

/* Sanitizer::escapeClass(): unsafe characters and runs of them to one '_', none at the end. */
static void escape_class(struct sbuf *b, const char *s)
{
	size_t start = b->len;
	bool first = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool bad = *p <= 0x20 || (*p < 0x80 && strchr("!\"#$%&'()*+,./:;<=>?@[\\]^`{|}~", *p)) ||
			   (first && (*p == '-' || (*p >= '0' && *p <= '9')));
		bool nbsp = p[0] == 0xc2 && p[1] == 0xa0;
		first = false;
		if (bad || nbsp || *p == '_') {
			if (b->len == start || b->p[b->len - 1] != '_')
				sbuf_addc(b, '_');
			if (nbsp)
				p++;
			continue;
		}
		sbuf_addc(b, (char)*p);
	}
	while (b->len > start && b->p[b->len - 1] == '_')
		b->len--;
	if (b->p)
		b->p[b->len] = '\0';
}

/* `s` with every `from` turned into `to`, in `a`. */
static const char *swap_char(struct arena *a, const char *s, char from, char to)
{
	char *c = arena_strdup(a, s);
	for (char *p = c; *p; p++)
		if (*p == from)
			*p = to;
	return c;
}

/* Is `name` a category marked __HIDDENCAT__? */
static bool category_hidden(struct api_ctx *ctx, const char *name)
{
	int64_t n = 0;
	store_query_int(ctx->store, &n, "SELECT COUNT(*) FROM page JOIN page_props ON pp_page = page_id"
					" WHERE page_namespace = 14 AND page_title = ? AND pp_propname = 'hiddencat'",
			"t", name);
	return n > 0;
}

/* The account a page in the user namespaces is about (Skin::getRelevantUser), or NULL. */
static const char *relevant_user(struct api_ctx *ctx, const struct wiki_title *t)
{
	if (wiki_ns_subject(t->ns) != WIKI_NS_USER)
		return NULL;
	const char *slash = strchr(t->text, '/');
	const char *root = slash ? arena_strndup(ctx->arena, t->text, (size_t)(slash - t->text)) : t->text;
	if (wiki_ip_is_address(root))
		return root;
	struct wiki_user *u = NULL;
	if (wiki_user_load(ctx->arena, ctx->store, root, 0, &u) != RC_OK || !u->id)
		return NULL;
	/* A name hidden by a block stays unknown to those who may not see it. */
	const struct wiki_block *blk = NULL;
	if (wiki_block_for_user(ctx->store, ctx->arena, u, &blk) == RC_OK && blk && blk->hidden &&
	    !wiki_user_can(ctx->user, "hideuser"))
		return NULL;
	return u->name;
}

/* May the user probably edit `t` (PermissionManager's quick check)? */
static bool probably_can_edit(struct api_ctx *ctx, const struct wiki_title *t)
{
	struct wiki_refusal *r = NULL;
	if (t->ns < 0)
		return false;
	return wiki_perm_check(ctx->store, ctx->arena, ctx->user, "edit", t, NULL, WIKI_RIGOR_QUICK, true, &r) ==
		       RC_OK &&
	       !r;
}

/* The root page of `t`: the part before the first '/' where the namespace has subpages. */
static const char *root_text(struct arena *a, const struct wiki_title *t)
{
	const struct wiki_ns *ns = wiki_ns_get(t->ns);
	const char *slash = ns && ns->has_subpages ? strchr(t->text, '/') : NULL;
	return slash ? arena_strndup(a, t->text, (size_t)(slash - t->text)) : t->text;
}

/* What the page is in the database: id, latest revision, redirect flag. */
struct page_facts {
	int64_t id;
	int64_t latest;
	bool is_redirect;
};

static void load_page(struct api_ctx *ctx, const struct wiki_title *t, struct page_facts *pf)
{
	memset(pf, 0, sizeof(*pf));
	if (t->ns < 0)
		return;
	struct store_stmt *s = store_prepare(ctx->store, "SELECT page_id, page_latest, page_is_redirect FROM page"
							 " WHERE page_namespace = ? AND page_title = ?");
	if (!s)
		return;
	store_bindv(s, "dt", t->ns, t->dbkey);
	if (store_step(s) == STORE_ROW) {
		pf->id = store_col_int(s, 0);
		pf->latest = store_col_int(s, 1);
		pf->is_redirect = store_col_int(s, 2) != 0;
	}
	store_stmt_done(s);
}

/* The restriction levels of `type` on the page (wgRestrictionEdit etc.). */
static void add_restrictions(struct sbuf *b, const struct wiki_protection *pr, size_t n, const char *type)
{
	const char *levels[8];
	size_t nl = 0;
	for (size_t i = 0; i < n && nl < 8; i++)
		if (streq(pr[i].type, type) && *pr[i].level)
			levels[nl++] = pr[i].level;
	js_str_array(b, levels, nl);
}

/* RLCONF: OutputPage::getJSVars() for the page `t` and the request's user. */
static void write_config(struct api_ctx *ctx, struct sbuf *b, const struct wiki_title *t, const struct wt_output *o,
			 const char *model, bool editable)
{
	struct arena *a = ctx->arena;
	const struct wiki_user *u = ctx->user;
	struct page_facts pf;
	load_page(ctx, t, &pf);
	bool first = true;
	sbuf_addc(b, '{');
	js_key(b, &first, "wgBreakFrames");
	sbuf_adds(b, "true");
	js_key(b, &first, "wgSeparatorTransformTable");
	sbuf_adds(b, "[\"\",\"\"]");
	js_key(b, &first, "wgDigitTransformTable");
	sbuf_adds(b, "[\"\",\"\"]");
	js_key(b, &first, "wgDefaultDateFormat");
	js_str(b, "dmy");
	js_key(b, &first, "wgMonthNames");
	static const char *const months[] = { "", "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	js_str_array(b, months, 13);
	js_key(b, &first, "wgRequestId");
	unsigned char rnd[12];
	char rid[25];
	util_random(rnd, sizeof(rnd));
	util_hex(rnd, sizeof(rnd), rid);
	js_str(b, rid);
	js_key(b, &first, "wgCSPNonce");
	sbuf_adds(b, "false");

	const struct wiki_ns *ns = wiki_ns_get(t->ns);
	const char *canonical = ns ? ns->canonical : "";
	js_key(b, &first, "wgCanonicalNamespace");
	js_str(b, swap_char(a, canonical, ' ', '_'));
	js_key(b, &first, "wgCanonicalSpecialPageName");
	const char *special = NULL;
	if (t->ns == WIKI_NS_SPECIAL)
		special = api_special_realname(t->dbkey, strcspn(t->dbkey, "/"));
	/* false off the special namespace, null for a special page that does not exist. */
	if (special)
		js_str(b, special);
	else
		sbuf_adds(b, t->ns == WIKI_NS_SPECIAL ? "null" : "false");
	js_key(b, &first, "wgNamespaceNumber");
	sbuf_addf(b, "%d", t->ns);
	js_key(b, &first, "wgPageName");
	js_str(b, t->prefixed_dbkey);
	js_key(b, &first, "wgTitle");
	js_str(b, t->text);
	js_key(b, &first, "wgCurRevisionId");
	sbuf_addf(b, "%lld", (long long)pf.latest);
	js_key(b, &first, "wgRevisionId");
	sbuf_adds(b, "0");
	js_key(b, &first, "wgArticleId");
	sbuf_addf(b, "%lld", (long long)pf.id);
	js_key(b, &first, "wgIsArticle");
	sbuf_adds(b, "true");
	js_key(b, &first, "wgIsRedirect");
	sbuf_adds(b, pf.is_redirect ? "true" : "false");
	js_key(b, &first, "wgAction");
	js_str(b, "view");
	js_key(b, &first, "wgUserName");
	if (u->id)
		js_str(b, u->name);
	else
		sbuf_adds(b, "null");
	js_key(b, &first, "wgUserGroups");
	sbuf_addc(b, '[');
	bool gfirst = true;
	for (const char **g = u->groups; g && *g; g++) {
		sbuf_adds(b, gfirst ? "" : ",");
		js_str(b, *g);
		gfirst = false;
	}
	for (const char **g = wiki_user_implicit_groups(a, u); *g; g++) {
		sbuf_adds(b, gfirst ? "" : ",");
		js_str(b, *g);
		gfirst = false;
	}
	sbuf_addc(b, ']');
	/* OutputPage keeps hidden categories before the others. */
	js_key(b, &first, "wgCategories");
	sbuf_addc(b, '[');
	bool cfirst = true;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < o->n_categories; i++) {
			const char *name = o->categories[i].name;
			bool dup = false;
			for (size_t k = 0; k < i && !dup; k++)
				dup = streq(o->categories[k].name, name);
			if (dup || category_hidden(ctx, name) != (pass == 0))
				continue;
			sbuf_adds(b, cfirst ? "" : ",");
			js_str(b, swap_char(a, name, '_', ' '));
			cfirst = false;
		}
	}
	sbuf_addc(b, ']');
	js_key(b, &first, "wgPageContentLanguage");
	js_str(b, config.lang);
	js_key(b, &first, "wgPageContentModel");
	js_str(b, model ? model : "wikitext");
	js_key(b, &first, "wgRelevantPageName");
	js_str(b, t->prefixed_dbkey);
	js_key(b, &first, "wgRelevantArticleId");
	sbuf_addf(b, "%lld", (long long)pf.id);
	if (u->id) {
		js_key(b, &first, "wgUserId");
		sbuf_addf(b, "%lld", (long long)u->id);
		js_key(b, &first, "wgUserEditCount");
		sbuf_addf(b, "%lld", (long long)u->editcount);
		js_key(b, &first, "wgUserRegistration");
		int64_t reg;
		if (u->registration && ts_from_mw(u->registration, &reg) == RC_OK)
			sbuf_addf(b, "%lld", (long long)reg * 1000);
		else
			sbuf_adds(b, "null");
	}
	js_key(b, &first, "wgIsProbablyEditable");
	sbuf_adds(b, editable ? "true" : "false");
	js_key(b, &first, "wgRelevantPageIsProbablyEditable");
	sbuf_adds(b, editable ? "true" : "false");
	if (t->ns >= 0) {
		struct wiki_protection *pr = NULL;
		size_t npr = 0;
		wiki_protect_load(ctx->store, a, pf.id, t->ns, t->dbkey, &pr, &npr);
		if (pf.id) {
			js_key(b, &first, "wgRestrictionEdit");
			add_restrictions(b, pr, npr, "edit");
			js_key(b, &first, "wgRestrictionMove");
			add_restrictions(b, pr, npr, "move");
			if (t->ns == WIKI_NS_FILE) {
				js_key(b, &first, "wgRestrictionUpload");
				add_restrictions(b, pr, npr, "upload");
			}
		} else {
			js_key(b, &first, "wgRestrictionCreate");
			add_restrictions(b, pr, npr, "create");
		}
	}
	struct wiki_title mp;
	if (wiki_title_parse(a, config.mainpage, 0, &mp, NULL) == RC_OK && mp.ns == t->ns && streq(mp.dbkey, t->dbkey)) {
		js_key(b, &first, "wgIsMainPage");
		sbuf_adds(b, "true");
	}
	const char *ru = relevant_user(ctx, t);
	if (ru) {
		js_key(b, &first, "wgRelevantUserName");
		js_str(b, ru);
	}
	sbuf_addc(b, '}');
}

/* Append one statement of the inline script, breaking the line where the minifier would. */
static void js_statement(struct sbuf *b, size_t *line, const char *name, const char *value, size_t vlen)
{
	if (*line + strlen(name) > JS_MAX_LINE) {
		sbuf_addc(b, '\n');
		*line = 0;
	}
	size_t before = b->len;
	sbuf_adds(b, name);
	sbuf_addc(b, '=');
	sbuf_add(b, value, vlen);
	sbuf_addc(b, ';');
	*line += b->len - before;
}

/* The style modules the page loads with a <link>: the request's, without the exempt ones. */
static bool is_exempt_style(const char *m)
{
	return streq(m, "site.styles") || streq(m, "noscript") || streq(m, "user.styles");
}

/* "a|b" of load.php's modules= for `mods`, sorted as ResourceLoader sorts them, '|' written %7C. */
static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

void parse_skin_modules(struct api_ctx *ctx, const struct wt_output *o, const struct wiki_title *t, bool has_toc,
			bool with_client, struct parse_modules *out)
{
	struct arena *a = ctx->arena;
	size_t cap = o->n_modules + 8;
	out->modules = arena_calloc(a, cap, sizeof(*out->modules));
	out->n_modules = 0;
	for (size_t i = 0; i < o->n_modules; i++)
		out->modules[out->n_modules++] = o->modules[i];
	out->modules[out->n_modules++] = "site";
	out->modules[out->n_modules++] = "mediawiki.page.ready";
	if (has_toc)
		out->modules[out->n_modules++] = "mediawiki.toc";
	if (t->ns >= 0 && ctx->user->id && wiki_user_can(ctx->user, "writeapi") && wiki_user_can(ctx->user, "viewmywatchlist") &&
	    wiki_user_can(ctx->user, "editmywatchlist"))
		out->modules[out->n_modules++] = "mediawiki.page.watch.ajax";
	if (with_client) {
		out->modules[out->n_modules++] = "user";
		out->modules[out->n_modules++] = "user.options";
	}
	cap = o->n_module_styles + 5;
	out->styles = arena_calloc(a, cap, sizeof(*out->styles));
	out->n_styles = 0;
	for (size_t i = 0; i < o->n_module_styles; i++)
		out->styles[out->n_styles++] = o->module_styles[i];
	out->styles[out->n_styles++] = "mediawiki.skinning.interface";
	if (with_client) {
		out->styles[out->n_styles++] = "site.styles";
		out->styles[out->n_styles++] = "noscript";
		out->styles[out->n_styles++] = "user.styles";
	}
}

const char *parse_head_html(struct api_ctx *ctx, const char *skin, bool skin_modules, const struct wiki_title *t,
			    const struct wt_output *o, const char *model)
{
	struct arena *a = ctx->arena;
	const char *sitename = config.sitename;
	/* The modules as OutputPage holds them: the skin's only when useskin loaded them. */
	struct parse_modules pm;
	if (skin_modules)
		parse_skin_modules(ctx, o, t, o->has_toc, true, &pm);
	else {
		pm.modules = arena_calloc(a, o->n_modules + 2, sizeof(*pm.modules));
		pm.n_modules = 0;
		for (size_t i = 0; i < o->n_modules; i++)
			pm.modules[pm.n_modules++] = o->modules[i];
		pm.modules[pm.n_modules++] = "user";
		pm.modules[pm.n_modules++] = "user.options";
		pm.styles = arena_calloc(a, o->n_module_styles + 3, sizeof(*pm.styles));
		pm.n_styles = 0;
		for (size_t i = 0; i < o->n_module_styles; i++)
			pm.styles[pm.n_styles++] = o->module_styles[i];
		pm.styles[pm.n_styles++] = "site.styles";
		pm.styles[pm.n_styles++] = "noscript";
		pm.styles[pm.n_styles++] = "user.styles";
	}
	/* The style modules loaded by <link> (once each), and the general modules (RLPAGEMODULES). */
	const char **links = arena_calloc(a, pm.n_styles + 1, sizeof(*links));
	size_t n_links = 0;
	for (size_t i = 0; i < pm.n_styles; i++) {
		bool dup = is_exempt_style(pm.styles[i]);
		for (size_t k = 0; k < n_links && !dup; k++)
			dup = streq(links[k], pm.styles[i]);
		if (!dup)
			links[n_links++] = pm.styles[i];
	}
	const char **general = arena_calloc(a, pm.n_modules + 1, sizeof(*general));
	size_t n_general = 0;
	for (size_t i = 0; i < pm.n_modules; i++) {
		const char *m = pm.modules[i];
		bool dup = streq(m, "user") || streq(m, "user.options");
		for (size_t k = 0; k < n_general && !dup; k++)
			dup = streq(general[k], m);
		if (!dup)
			general[n_general++] = m;
	}
	const char *skin_param = streq(skin, "fallback") ? "" : arena_printf(a, "&amp;skin=%s", skin);

	struct sbuf b, v;
	sbuf_init(&b, SIZE_MAX / 2);
	sbuf_init(&v, SIZE_MAX / 2);
	sbuf_addf(&b, "<!DOCTYPE html>\n<html class=\"client-nojs\" lang=\"%s\" dir=\"ltr\">\n<head>\n"
		      "<meta charset=\"UTF-8\"/>\n<title> - ",
		  config.lang);
	sbuf_add_html(&b, sitename, strlen(sitename));
	sbuf_adds(&b, "</title>\n<script>");

	/* The inline script: class switch, RLCONF, RLSTATE, RLPAGEMODULES. */
	size_t line = 0;
	const char *cls = "document.documentElement.className=\"client-js\";";
	sbuf_adds(&b, cls);
	line = strlen(cls);
	bool editable = probably_can_edit(ctx, t);
	write_config(ctx, &v, t, o, model, editable);
	js_statement(&b, &line, "RLCONF", v.p, v.len);
	sbuf_clear(&v);
	sbuf_adds(&v, "{\"site.styles\":\"ready\",\"user.styles\":\"ready\",\"user\":\"ready\",\"user.options\":\"loading\"");
	for (size_t i = 0; i < n_links; i++) {
		sbuf_addc(&v, ',');
		js_str(&v, links[i]);
		sbuf_adds(&v, ":\"ready\"");
	}
	sbuf_addc(&v, '}');
	js_statement(&b, &line, "RLSTATE", v.p, v.len);
	if (n_general) {
		sbuf_clear(&v);
		js_str_array(&v, general, n_general);
		js_statement(&b, &line, "RLPAGEMODULES", v.p, v.len);
	}
	sbuf_adds(&b, "</script>\n");

	/* The embedded user.options module: the user's tokens (anonymous ones are "+\"). */
	sbuf_adds(&b, "<script>(RLQ=window.RLQ||[]).push(function(){mw.loader.implement(\"user.options@"
		      USER_OPTIONS_VERSION "\",function($,jQuery,require,module){mw.user.tokens.set({");
	static const char *const token_names[][2] = { { "patrolToken", "patrol" }, { "watchToken", "watch" },
						      { "csrfToken", "csrf" } };
	for (size_t i = 0; i < 3; i++) {
		sbuf_addf(&b, "%s\"%s\":", i ? "," : "", token_names[i][0]);
		js_str(&b, ctx->user->id ? wiki_token_make(a, ctx->user, token_names[i][1], util_now()) : "+\\");
	}
	sbuf_adds(&b, "});});});</script>\n");

	if (n_links) {
		qsort(links, n_links, sizeof(*links), cmp_str);
		sbuf_adds(&b, "<link rel=\"stylesheet\" href=\"");
		sbuf_add_html(&b, config.scriptpath, strlen(config.scriptpath));
		sbuf_addf(&b, "/load.php?lang=%s&amp;modules=", config.lang);
		for (size_t i = 0; i < n_links; i++) {
			if (i)
				sbuf_adds(&b, "%7C");
			sbuf_add_html(&b, links[i], strlen(links[i]));
		}
		sbuf_addf(&b, "&amp;only=styles%s\"/>\n", skin_param);
	}
	sbuf_addf(&b, "<script async=\"\" src=\"%s/load.php?lang=%s&amp;modules=startup&amp;only=scripts&amp;raw=1%s\">"
		      "</script>\n",
		  config.scriptpath, config.lang, skin_param);

	/* Head links (OutputPage::getHeadLinksArray). */
	sbuf_adds(&b, "<meta name=\"generator\" content=\"" WIKI_GENERATOR "\"/>\n"
		      "<meta name=\"format-detection\" content=\"telephone=no\"/>\n");
	if (editable) {
		sbuf_adds(&b, "<link rel=\"alternate\" type=\"application/x-wiki\" title=\"Edit this page\" href=\"");
		const char *url = arena_printf(a, "%s/index.php?title=%s&action=edit", config.scriptpath,
					       wiki_urlencode(a, t->prefixed_dbkey));
		sbuf_add_html(&b, url, strlen(url));
		sbuf_adds(&b, "\"/>\n");
	}
	sbuf_adds(&b, "<link rel=\"icon\" href=\"/favicon.ico\"/>\n");
	sbuf_addf(&b, "<link rel=\"search\" type=\"application/opensearchdescription+xml\" href=\"%s/opensearch_desc.php\""
		      " title=\"",
		  config.scriptpath);
	sbuf_add_html(&b, sitename, strlen(sitename));
	sbuf_addf(&b, " search (%s)\"/>\n", config.lang);
	sbuf_addf(&b, "<link rel=\"EditURI\" type=\"application/rsd+xml\" href=\"%s%s/api.php?action=rsd\"/>\n",
		  config.server, config.scriptpath);
	sbuf_addf(&b, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
	sbuf_add_html(&b, sitename, strlen(sitename));
	sbuf_addf(&b, ": recent changes (Atom)\" href=\"%s/api.php?action=feedrecentchanges&amp;feedformat=atom\"/>\n",
		  config.scriptpath);
	sbuf_adds(&b, "</head>\n");

	/* <body> with OutputPage's and Skin::getPageClasses()'s classes. */
	sbuf_addf(&b, "<body class=\"mediawiki ltr sitedir-ltr mw-hide-empty-elt ns-%d ", t->ns);
	if (t->ns == WIKI_NS_SPECIAL) {
		const char *c = api_special_realname(t->dbkey, strcspn(t->dbkey, "/"));
		sbuf_adds(&b, "ns-special ");
		if (c)
			escape_class(&b, arena_printf(a, "mw-special-%s", c));
		else
			sbuf_adds(&b, "mw-invalidspecialpage");
	} else {
		sbuf_adds(&b, wiki_ns_is_talk(t->ns) ? "ns-talk" : "ns-subject");
		if (editable)
			sbuf_adds(&b, " mw-editable");
	}
	sbuf_addc(&b, ' ');
	escape_class(&b, arena_printf(a, "page-%s", t->prefixed));
	sbuf_addc(&b, ' ');
	const char *nsname = wiki_ns_text(t->ns);
	const char *root = root_text(a, t);
	escape_class(&b, nsname && *nsname ? arena_printf(a, "rootpage-%s:%s", nsname, root)
					   : arena_printf(a, "rootpage-%s", root));
	sbuf_addf(&b, " skin-%s action-view\">", skin);
	const char *out = arena_strndup(a, b.p, b.len);
	sbuf_release(&b);
	sbuf_release(&v);
	return out;
}
