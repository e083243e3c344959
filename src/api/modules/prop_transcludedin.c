/* SPDX-License-Identifier: MIT */
/*
 * prop_transcludedin.c — prop=transcludedin: the pages that transclude
 * the pages of the set (templatelinks), listed and continued as
 * prop=linkshere lists links (query_backlinksprop_run() in
 * prop_linkshere.c).
 */
#include <stddef.h>

#include "query_int.h"

static const struct api_param params[] = { BACKLINKSPROP_PARAMS };

static int exec_transcludedin(struct api_ctx *ctx, void *vp)
{
	return query_backlinksprop_run(ctx, vp, "tl", "transcludedin", NULL);
}

static int generate_transcludedin(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_backlinksprop_run(ctx, vp, "tl", "transcludedin", out);
}

const struct api_module api_module_prop_transcludedin = {
	.name = "transcludedin",
	.group = API_G_PROP,
	.prefix = "ti",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_backlinksprop_params),
	.summary = "The pages that transclude the given pages.",
	.examples = (const char *const[]){
		"action=query&prop=transcludedin&titles=Template:Stub", "Pages that transclude Template:Stub.",
		"action=query&generator=transcludedin&titles=Template:Stub&prop=info",
		"Information about the pages that transclude Template:Stub.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Transcludedin", NULL },
	.exec = exec_transcludedin,
	.generate = generate_transcludedin,
};
