/* SPDX-License-Identifier: MIT */
/*
 * help.c — action=help: an HTML page describing modules, generated from
 * the spec tables (the same ones the validator and paraminfo read). As in
 * MediaWiki the page is sent as text/html whatever the format, unless
 * wrap=1 asks for it inside a normal API result ({"help": {"mime",
 * "help"}}).
 */
#include "../api_int.h"

#include <stddef.h>
#include <stdio.h>

#include "../../util/config.h"

struct help_params {
	struct api_list modules;  /* module paths to describe */
	bool submodules;          /* also list submodules */
	bool recursivesubmodules; /* describe submodules, recursively */
	bool wrap;                /* return inside an API result */
	bool toc;                 /* table of contents */
};

static const struct api_param params[] = {
	{ .name = "modules", .type = API_T_STRING, .flags = API_P_MULTI, .dflt = "main",
	  .offset = offsetof(struct help_params, modules),
	  .desc = "Modules to describe (values of action and format, \"main\", or paths such as "
		  "\"query+info\"); \"query+*\" for every submodule of query." },
	{ .name = "submodules", .type = API_T_BOOL, .offset = offsetof(struct help_params, submodules),
	  .desc = "Also describe the submodules of the named modules." },
	{ .name = "recursivesubmodules", .type = API_T_BOOL,
	  .offset = offsetof(struct help_params, recursivesubmodules),
	  .desc = "Describe the submodules too, and theirs, all the way down." },
	{ .name = "wrap", .type = API_T_BOOL, .offset = offsetof(struct help_params, wrap),
	  .desc = "Return the HTML inside a normal API response instead of as a page." },
	{ .name = "toc", .type = API_T_BOOL, .offset = offsetof(struct help_params, toc),
	  .desc = "Start the page with a table of contents." },
	{ 0 }
};

static void esc(struct sbuf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': sbuf_adds(out, "&lt;"); break;
		case '>': sbuf_adds(out, "&gt;"); break;
		case '&': sbuf_adds(out, "&amp;"); break;
		case '"': sbuf_adds(out, "&quot;"); break;
		default: sbuf_addc(out, *s);
		}
	}
}

static const char *type_text(const struct api_param *p)
{
	switch (p->type) {
	case API_T_STRING: return "string";
	case API_T_TEXT: return "text";
	case API_T_INT: return "integer";
	case API_T_LIMIT: return "integer or max";
	case API_T_BOOL: return "boolean (present means true)";
	case API_T_TIMESTAMP: return "timestamp (ISO 8601, 14 digits, and other forms)";
	case API_T_EXPIRY: return "expiry (relative like \"1 week\", a timestamp, or \"infinite\")";
	case API_T_NAMESPACE: return "namespace number";
	case API_T_TITLE: return "page title";
	case API_T_USER: return "user name";
	case API_T_PASSWORD: return "password";
	case API_T_UPLOAD: return "file upload (multipart/form-data)";
	case API_T_RAW: return "raw text";
	case API_T_ENUM:
	case API_T_SUBMODULE: return NULL;
	}
	return "string";
}

static void describe_param(struct api_ctx *ctx, struct sbuf *out, const struct api_module *m,
			   const struct api_param *p)
{
	sbuf_adds(out, "<dt>");
	esc(out, (p->flags & API_P_NO_PREFIX) ? "" : m->prefix);
	esc(out, p->name);
	sbuf_adds(out, "</dt><dd><p>");
	esc(out, p->desc);
	sbuf_adds(out, "</p>");
	/* What each value means, where the table says (MediaWiki's paramvalue messages). */
	if (p->value_descs && p->value_descs[0]) {
		sbuf_adds(out, "<dl>");
		for (const char *const *v = p->value_descs; *v; v++) {
			const char *eq = strchr(*v, '=');
			if (!eq)
				continue;
			sbuf_adds(out, "<dt>");
			esc(out, arena_strndup(ctx->arena, *v, (size_t)(eq - *v)));
			sbuf_adds(out, "</dt><dd>");
			esc(out, eq + 1);
			sbuf_adds(out, "</dd>");
		}
		sbuf_adds(out, "</dl>");
	}
	if (p->flags & API_P_REQUIRED)
		sbuf_adds(out, "<p>This parameter is required.</p>");
	if (p->flags & API_P_DEPRECATED)
		sbuf_adds(out, "<p>This parameter is deprecated.</p>");
	const char *t = type_text(p);
	if (t) {
		sbuf_adds(out, "<p>Type: ");
		esc(out, t);
		sbuf_adds(out, "</p>");
	} else {
		sbuf_adds(out, (p->flags & API_P_MULTI) ? "<p>Values (separate with | or U+001F): "
							 : "<p>One of: ");
		const char *const *vals = p->type == API_T_ENUM ? (p->values_fn ? p->values_fn(ctx) : p->values)
								 : NULL;
		if (p->type == API_T_SUBMODULE) {
			size_t n;
			int g = api_group_from_name(p->submodule_group);
			if (g >= 0) {
				const struct api_module *const *mods = api_modules_of((enum api_group)g, &n);
				for (size_t i = 0; i < n; i++) {
					sbuf_addf(out, "%s<a href=\"#%s\">", i ? ", " : "", api_module_path(mods[i]));
					esc(out, mods[i]->name);
					sbuf_adds(out, "</a>");
				}
			} else {
				sbuf_adds(out, "the prop and list modules that can act as generators");
			}
		}
		for (size_t i = 0; vals && vals[i]; i++) {
			sbuf_adds(out, i ? ", " : "");
			esc(out, vals[i]);
		}
		sbuf_adds(out, "</p>");
	}
	if (p->flags & API_P_MULTI) {
		sbuf_addf(out, "<p>At most %d values (%d for clients with higher limits).</p>",
			  p->multi_max ? p->multi_max : 50, p->multi_max_high ? p->multi_max_high : 500);
		if (p->flags & API_P_ALLOW_ALL)
			sbuf_adds(out, "<p>Send <kbd>*</kbd> for all values.</p>");
	}
	if (p->type == API_T_LIMIT)
		sbuf_addf(out, "<p>From %ld to %ld (%ld with higher limits), or <kbd>max</kbd>.</p>",
			  p->min > 0 ? p->min : 1, p->max, p->max_high ? p->max_high : p->max);
	else if (p->type == API_T_INT && (p->flags & (API_P_HAS_MIN | API_P_HAS_MAX))) {
		sbuf_adds(out, "<p>Allowed range:");
		if (p->flags & API_P_HAS_MIN)
			sbuf_addf(out, " at least %ld", p->min);
		if (p->flags & API_P_HAS_MAX)
			sbuf_addf(out, " at most %ld", p->max);
		sbuf_adds(out, ".</p>");
	}
	if (p->dflt) {
		sbuf_adds(out, "<p>Default: <kbd>");
		esc(out, p->dflt);
		sbuf_adds(out, "</kbd></p>");
	}
	sbuf_adds(out, "</dd>");
}

static void describe_module(struct api_ctx *ctx, struct sbuf *out, const struct api_module *m)
{
	const char *path = api_module_path(m);
	sbuf_addf(out, "<div class=\"apihelp-module\"><h2 id=\"%s\">", path);
	esc(out, m->group == API_G_MAIN ? "Main module" : path);
	sbuf_adds(out, "</h2><p>");
	esc(out, m->summary);
	sbuf_adds(out, "</p>");
	if (m->help) {
		sbuf_adds(out, "<p>");
		esc(out, m->help);
		sbuf_adds(out, "</p>");
	}
	sbuf_adds(out, "<ul class=\"apihelp-flags\">");
	if (m->flags & API_M_DEPRECATED)
		sbuf_adds(out, "<li>Deprecated: this module will go away; avoid it.</li>");
	if (m->flags & API_M_INTERNAL)
		sbuf_adds(out, "<li>This module is internal and may change without notice.</li>");
	if (!(m->flags & API_M_NO_READ))
		sbuf_adds(out, "<li>It needs the right to read the wiki.</li>");
	if (m->flags & API_M_WRITE)
		sbuf_adds(out, "<li>It changes the wiki, so it needs the right to write through the API.</li>");
	if (m->flags & API_M_MUST_POST)
		sbuf_adds(out, "<li>It accepts POST requests only.</li>");
	if (m->flags & API_M_GENERATOR)
		sbuf_adds(out, "<li>It can be used as a generator.</li>");
	sbuf_adds(out, "<li>Source: MediaWiki-compatible core (wikid)</li></ul>");
	if (m->params && m->params->name) {
		sbuf_adds(out, "<h3>Parameters</h3><dl>");
		bool token_listed = false;
		for (const struct api_param *p = m->params; p->name; p++) {
			describe_param(ctx, out, m, p);
			token_listed |= (p->flags & API_P_TOKEN) != 0;
		}
		if ((m->flags & API_M_NEEDS_TOKEN) && !token_listed)
			sbuf_addf(out, "<dt>%stoken</dt><dd><p>A \"%s\" token from "
				  "action=query&amp;meta=tokens.</p><p>This parameter is required.</p></dd>",
				  "", m->token_type ? m->token_type : "csrf");
		sbuf_adds(out, "</dl>");
	}
	if (m->examples && m->examples[0]) {
		sbuf_adds(out, "<h3>Examples</h3><dl>");
		for (const char *const *x = m->examples; x[0] && x[1]; x += 2) {
			sbuf_adds(out, "<dt>");
			esc(out, x[1]);
			sbuf_adds(out, "</dt><dd><a href=\"");
			esc(out, config.scriptpath);
			sbuf_adds(out, "/api.php?");
			esc(out, x[0]);
			sbuf_adds(out, "\">api.php?");
			esc(out, x[0]);
			sbuf_adds(out, "</a></dd>");
		}
		sbuf_adds(out, "</dl>");
	}
	sbuf_adds(out, "</div>");
}

int api_help_html(struct api_ctx *ctx, const char *const *paths, size_t n, bool recursive, bool toc,
		  struct sbuf *out)
{
	/* Every module at most once; 1024 is far above the number of registered modules. */
	enum { CAP = 1024 };
	const struct api_module **mods = arena_calloc(ctx->arena, CAP, sizeof(*mods));
	size_t nm = 0;
	for (size_t i = 0; i < n && nm < CAP; i++) {
		const struct api_module *m = api_module_from_path(ctx, paths[i], false);
		if (!m)
			return RC_ERR;
		mods[nm++] = m;
	}
	for (size_t i = 0; recursive && i < nm; i++)
		nm += api_submodules_of(mods[i], mods + nm, CAP - nm);

	sbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\"><head><meta charset=\"UTF-8\"/>"
		       "<title>API help - ");
	esc(out, config.sitename);
	sbuf_adds(out, "</title></head><body><h1>API help</h1>"
		       "<p>This page is generated from the module definitions of this wiki's API, which "
		       "follows the MediaWiki Action API.</p>");
	if (toc) {
		sbuf_adds(out, "<div id=\"toc\"><h2>Contents</h2><ul>");
		for (size_t i = 0; i < nm; i++)
			sbuf_addf(out, "<li><a href=\"#%s\">%s</a></li>", api_module_path(mods[i]),
				  api_module_path(mods[i]));
		sbuf_adds(out, "</ul></div>");
	}
	for (size_t i = 0; i < nm; i++)
		describe_module(ctx, out, mods[i]);
	sbuf_adds(out, "</body></html>\n");
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}

static int exec_help(struct api_ctx *ctx, void *vp)
{
	struct help_params *p = vp;
	struct sbuf html;
	sbuf_init(&html, 64u << 20);
	int rc = api_help_html(ctx, p->modules.v, p->modules.n, p->recursivesubmodules || p->submodules,
			       p->toc, &html);
	if (rc == RC_OK && p->wrap) {
		struct api_node *h = api_add_object(ctx->result, "help");
		api_add_str(h, "mime", "text/html");
		api_add_strn(h, "help", sbuf_cstr(&html), html.len);
	} else if (rc == RC_OK) {
		sbuf_add(&ctx->resp->body, html.p ? html.p : "", html.len);
		ctx->resp->content_type = "text/html; charset=utf-8";
		http_response_add_header(ctx->resp, ctx->arena, "Content-Disposition",
					 "inline; filename=api-help.html");
	}
	sbuf_release(&html);
	if (rc == RC_TOOBIG)
		return api_error(ctx, "toobig", NULL, api_p_num(ctx->arena, 64LL << 20));
	return rc;
}

const struct api_module api_module_help = {
	.name = "help",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_NO_READ | API_M_RAW_OUTPUT,
	.params = params,
	.params_size = sizeof(struct help_params),
	.summary = "Show documentation of API modules as an HTML page.",
	.examples = (const char *const[]){
		"action=help", "Help of the main module.",
		"action=help&modules=query&submodules=1", "Help of action=query and its submodules.",
		"action=help&recursivesubmodules=1", "All help on one page.",
		"action=help&modules=help", "Help of the help module.",
		"action=help&modules=query+info|query+categorymembers", "Help of two query submodules.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Main_page", NULL },
	.exec = exec_help,
};
