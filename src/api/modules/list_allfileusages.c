/* SPDX-License-Identifier: MIT */
/*
 * list_allfileusages.c — list=allfileusages (and generator): every used
 * file name (imagelinks), listed and continued as list=alllinks lists
 * links (query_alllinks_run() in list_alllinks.c). The targets are
 * always File: titles, so there is no namespace parameter.
 */
#include <stddef.h>

#include "query_int.h"

static const char *const prop_values[] = { "ids", "title", NULL };
static const char *const prop_descs[] = {
	"ids=The page ID of the page that uses the file (not with unique).",
	"title=The title of the file.", NULL
};
static const struct api_param params[] = { ALLLINKS_PARAMS_HEAD(prop_values, prop_descs), ALLLINKS_PARAMS_TAIL };

static int exec_allfileusages(struct api_ctx *ctx, void *vp)
{
	return query_alllinks_run(ctx, vp, "il", "allfileusages", "f", NULL);
}

static int generate_allfileusages(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_alllinks_run(ctx, vp, "il", "allfileusages", "f", out);
}

const struct api_module api_module_list_allfileusages = {
	.name = "allfileusages",
	.group = API_G_LIST,
	.prefix = "af",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_alllinks_params),
	.summary = "List every used file name, in title order, including files that do not exist.",
	.examples = (const char *const[]){
		"action=query&list=allfileusages&afunique=&affrom=B", "Used file names from the letter B on, each once.",
		"action=query&generator=allfileusages&gafunique=&prop=info", "Information about the used files.",
		"action=query&list=allfileusages&afprop=ids|title", "Used file names with the pages that use them.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Allfileusages", NULL },
	.exec = exec_allfileusages,
	.generate = generate_allfileusages,
};
