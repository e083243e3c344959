/* SPDX-License-Identifier: MIT */
/*
 * list_allredirects.c — list=allredirects (and generator): every
 * redirect target of a namespace (the redirect table), listed and
 * continued as list=alllinks lists links (query_alllinks_run() in
 * list_alllinks.c), with the fragment and interwiki prefix on request.
 */
#include <stddef.h>

#include "query_int.h"

static const char *const prop_values[] = { "fragment", "ids", "interwiki", "title", NULL };
static const char *const prop_descs[] = {
	"fragment=The section the redirect points to, if any (not with unique).",
	"ids=The page ID of the redirect (not with unique).",
	"interwiki=The interwiki prefix of the target, if any (not with unique).",
	"title=The title of the target.", NULL
};
static const struct api_param params[] = { ALLLINKS_PARAMS("0", prop_values, prop_descs) };

static int exec_allredirects(struct api_ctx *ctx, void *vp)
{
	return query_alllinks_run(ctx, vp, "rd", "allredirects", "r", NULL);
}

static int generate_allredirects(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_alllinks_run(ctx, vp, "rd", "allredirects", "r", out);
}

const struct api_module api_module_list_allredirects = {
	.name = "allredirects",
	.group = API_G_LIST,
	.prefix = "ar",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_alllinks_params),
	.summary = "List every redirect target of a namespace, in title order.",
	.examples = (const char *const[]){
		"action=query&list=allredirects&arfrom=B&arprop=ids|title",
		"Redirect targets from the letter B on, with the redirects' page IDs.",
		"action=query&generator=allredirects&garunique=&prop=info", "Information about the redirect targets.",
		"action=query&generator=allredirects&prop=info", "Information about the redirects.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Allredirects", NULL },
	.exec = exec_allredirects,
	.generate = generate_allredirects,
};
