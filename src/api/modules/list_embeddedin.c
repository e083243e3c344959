/* SPDX-License-Identifier: MIT */
/*
 * list_embeddedin.c — list=embeddedin (and generator): the pages that
 * transclude one title (templatelinks), listed and continued as
 * list=backlinks lists links, without its redirect level
 * (query_backlinks_run() in list_backlinks.c).
 */
#include <stddef.h>

#include "query_int.h"

static const struct api_param params[] = { BACKLINKS_PARAMS, { 0 } };

static int exec_embeddedin(struct api_ctx *ctx, void *vp)
{
	return query_backlinks_run(ctx, vp, "tl", "embeddedin", "ei", NULL);
}

static int generate_embeddedin(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_backlinks_run(ctx, vp, "tl", "embeddedin", "ei", out);
}

const struct api_module api_module_list_embeddedin = {
	.name = "embeddedin",
	.group = API_G_LIST,
	.prefix = "ei",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_backlinks_params),
	.summary = "List the pages that transclude a given page.",
	.examples = (const char *const[]){
		"action=query&list=embeddedin&eititle=Template:Stub", "Pages transcluding Template:Stub.",
		"action=query&generator=embeddedin&geititle=Template:Stub&prop=info",
		"Information about the pages transcluding Template:Stub.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Embeddedin", NULL },
	.exec = exec_embeddedin,
	.generate = generate_embeddedin,
};
