/* SPDX-License-Identifier: MIT */
/*
 * prop_redirects.c — prop=redirects (and generator): the redirects to
 * the pages of the set (the redirect table), listed and continued as
 * prop=linkshere lists links (query_backlinksprop_run() in
 * prop_linkshere.c), with the target's fragment on request. Interwiki
 * redirects point elsewhere and are left out.
 */
#include <stddef.h>

#include "query_int.h"

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "pageid|title",
	  .values = (const char *const[]){ "fragment", "pageid", "title", NULL },
	  .offset = offsetof(struct query_backlinksprop_params, prop),
	  .value_descs = (const char *const[]){ "fragment=The section of the target the redirect points to, if any.",
						"pageid=The page ID of each redirect.",
						"title=The title and namespace ID of each redirect.", NULL },
	  .desc = "What to return for each redirect." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct query_backlinksprop_params, ns), .desc = "Only redirects in these namespaces." },
	{ .name = "show", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "!fragment", "fragment", NULL },
	  .offset = offsetof(struct query_backlinksprop_params, show),
	  .desc = "Only redirects to a section (fragment) or only the others (!fragment)." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct query_backlinksprop_params, limit), .desc = "How many redirects to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct query_backlinksprop_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

static int exec_redirects(struct api_ctx *ctx, void *vp)
{
	return query_backlinksprop_run(ctx, vp, "rd", "redirects", NULL);
}

static int generate_redirects(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_backlinksprop_run(ctx, vp, "rd", "redirects", out);
}

const struct api_module api_module_prop_redirects = {
	.name = "redirects",
	.group = API_G_PROP,
	.prefix = "rd",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_backlinksprop_params),
	.summary = "The redirects to the given pages.",
	.examples = (const char *const[]){
		"action=query&prop=redirects&titles=Main%20Page|MediaWiki", "Redirects to Main Page and MediaWiki.",
		"action=query&generator=redirects&titles=Main%20Page&prop=info",
		"Information about the redirects to Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Redirects", NULL },
	.exec = exec_redirects,
	.generate = generate_redirects,
};
