/* SPDX-License-Identifier: MIT */
/*
 * list_imageusage.c — list=imageusage (and generator): the pages that
 * use one file (imagelinks), listed and continued as list=backlinks
 * lists links, redirect level included (query_backlinks_run() in
 * list_backlinks.c). The title must be a File: title.
 */
#include <stddef.h>

#include "query_int.h"

static const struct api_param params[] = {
	BACKLINKS_PARAMS,
	{ .name = "redirect", .type = API_T_BOOL, .offset = offsetof(struct query_backlinks_params, redirect),
	  .desc = "For the redirects among the pages that use the file, also list the pages that use a file "
		  "of the redirect's name. The limit applies to each of the two levels." },
	{ 0 }
};

static int exec_imageusage(struct api_ctx *ctx, void *vp)
{
	return query_backlinks_run(ctx, vp, "il", "imageusage", "iu", NULL);
}

static int generate_imageusage(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_backlinks_run(ctx, vp, "il", "imageusage", "iu", out);
}

const struct api_module api_module_list_imageusage = {
	.name = "imageusage",
	.group = API_G_LIST,
	.prefix = "iu",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_backlinks_params),
	.summary = "List the pages that use a given file.",
	.examples = (const char *const[]){
		"action=query&list=imageusage&iutitle=File:Example.jpg", "Pages using File:Example.jpg.",
		"action=query&generator=imageusage&giutitle=File:Example.jpg&prop=info",
		"Information about the pages using File:Example.jpg.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Imageusage", NULL },
	.exec = exec_imageusage,
	.generate = generate_imageusage,
};
