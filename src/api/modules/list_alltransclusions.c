/* SPDX-License-Identifier: MIT */
/*
 * list_alltransclusions.c — list=alltransclusions (and generator): every
 * transcluded title of a namespace (templatelinks), listed and continued
 * as list=alllinks lists links (query_alllinks_run() in list_alllinks.c).
 */
#include <stddef.h>

#include "query_int.h"

static const char *const prop_values[] = { "ids", "title", NULL };
static const char *const prop_descs[] = {
	"ids=The page ID of the page that transcludes the title (not with unique).",
	"title=The transcluded title.", NULL
};
static const struct api_param params[] = { ALLLINKS_PARAMS("10", prop_values, prop_descs) };

static int exec_alltransclusions(struct api_ctx *ctx, void *vp)
{
	return query_alllinks_run(ctx, vp, "tl", "alltransclusions", "t", NULL);
}

static int generate_alltransclusions(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_alllinks_run(ctx, vp, "tl", "alltransclusions", "t", out);
}

const struct api_module api_module_list_alltransclusions = {
	.name = "alltransclusions",
	.group = API_G_LIST,
	.prefix = "at",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_alllinks_params),
	.summary = "List every transcluded title of a namespace, in title order.",
	.examples = (const char *const[]){
		"action=query&list=alltransclusions&atunique=&atfrom=B", "Transcluded titles from the letter B on, each once.",
		"action=query&generator=alltransclusions&gatunique=&prop=info",
		"Information about the transcluded titles.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Alltransclusions", NULL },
	.exec = exec_alltransclusions,
	.generate = generate_alltransclusions,
};
