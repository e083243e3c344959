/* SPDX-License-Identifier: MIT */
/*
 * prop_templates.c — prop=templates: the pages transcluded by the pages
 * of the set (templatelinks), listed and continued as prop=links lists
 * links (query_linkprop_run() in prop_links.c).
 */
#include <stddef.h>

#include "query_int.h"

static const struct api_param params[] = { LINKPROP_PARAMS("templates") };

static int exec_templates(struct api_ctx *ctx, void *vp)
{
	return query_linkprop_run(ctx, vp, "tl", "templates", "tl", NULL);
}

static int generate_templates(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_linkprop_run(ctx, vp, "tl", "templates", "tl", out);
}

const struct api_module api_module_prop_templates = {
	.name = "templates",
	.group = API_G_PROP,
	.prefix = "tl",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_linkprop_params),
	.summary = "The pages that the given pages transclude.",
	.examples = (const char *const[]){
		"action=query&prop=templates&titles=Main%20Page", "Pages transcluded on the page Main Page.",
		"action=query&generator=templates&titles=Main%20Page&prop=info",
		"Information about the pages the page Main Page transcludes.",
		"action=query&prop=templates&titles=Main%20Page&tlnamespace=2|10",
		"Pages of the User and Template namespaces transcluded on Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Templates", NULL },
	.exec = exec_templates,
	.generate = generate_templates,
};
