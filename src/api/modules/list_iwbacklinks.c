/* SPDX-License-Identifier: MIT */
/*
 * list_iwbacklinks.c — list=iwbacklinks (and generator): the pages that
 * link to an interwiki prefix and title (iwlinks), listed and continued
 * as list=langbacklinks lists language links (query_xbacklinks_run() in
 * list_langbacklinks.c).
 */
#include <stddef.h>

#include "query_int.h"

static const struct api_param params[] = {
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct query_xbacklinks_params, key),
	  .desc = "Only links with this interwiki prefix." },
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct query_xbacklinks_params, title),
	  .desc = "Only links to this title; needs the prefix parameter." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct query_xbacklinks_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct query_xbacklinks_params, limit), .desc = "How many pages to return." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "",
	  .values = (const char *const[]){ "iwprefix", "iwtitle", NULL },
	  .value_descs = (const char *const[]){ "iwprefix=The interwiki prefix of the link.",
						"iwtitle=The title the link points to.", NULL },
	  .offset = offsetof(struct query_xbacklinks_params, prop), .desc = "What else to return for each page." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct query_xbacklinks_params, dir), .desc = "Order of the listing." },
	{ 0 }
};

static int exec_iwbacklinks(struct api_ctx *ctx, void *vp)
{
	return query_xbacklinks_run(ctx, vp, false, NULL);
}

static int generate_iwbacklinks(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return query_xbacklinks_run(ctx, vp, false, out);
}

const struct api_module api_module_list_iwbacklinks = {
	.name = "iwbacklinks",
	.group = API_G_LIST,
	.prefix = "iwbl",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct query_xbacklinks_params),
	.summary = "List the pages that link to a given interwiki link (all of them when none is given).",
	.examples = (const char *const[]){
		"action=query&list=iwbacklinks&iwbltitle=Test&iwblprefix=wikibooks",
		"Pages linking to the wikibooks page Test.",
		"action=query&generator=iwbacklinks&giwbltitle=Test&giwblprefix=wikibooks&prop=info",
		"Information about the pages linking to the wikibooks page Test.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Iwbacklinks", NULL },
	.exec = exec_iwbacklinks,
	.generate = generate_iwbacklinks,
};
