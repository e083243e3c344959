/* SPDX-License-Identifier: MIT */
/*
 * prop_fileusage.c — prop=fileusage (and generator): the pages that use
 * the File: pages of the set (imagelinks), listed and continued as
 * prop=linkshere lists links (query_backlinksprop_run() in
 * prop_linkshere.c). Titles of other namespaces get nothing.
 */
#include <stddef.h>

#include "query_int.h"

static const struct api_param params[] = { BACKLINKSPROP_PARAMS };

static int exec_fileusage(struct api_ctx *ctx, void *vp)
{
	return query_backlinksprop_run(ctx, vp, "il", "fileusage", NULL);
}

static int generate_fileusage(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_backlinksprop_run(ctx, vp, "il", "fileusage", out);
}

const struct api_module api_module_prop_fileusage = {
	.name = "fileusage",
	.group = API_G_PROP,
	.prefix = "fu",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_backlinksprop_params),
	.summary = "The pages that use the given files.",
	.examples = (const char *const[]){
		"action=query&prop=fileusage&titles=File:Example.jpg", "Pages that use File:Example.jpg.",
		"action=query&generator=fileusage&titles=File:Example.jpg&prop=info",
		"Information about the pages that use File:Example.jpg.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Fileusage", NULL },
	.exec = exec_fileusage,
	.generate = generate_fileusage,
};
