/* SPDX-License-Identifier: MIT */
/*
 * prop=duplicatefiles (and generator): the files with the same content
 * (SHA-1) as the files of the set, as MediaWiki's ApiQueryDuplicateFiles
 * lists them on a wiki whose uploads are disabled. wikid stores no
 * files, so no title of the set has a file and none has duplicates:
 * after MediaWiki's one check, made only when the set holds a File:
 * title (a continuation "file|duplicate" of exactly two fields), there
 * is nothing to list or generate.
 */
#include <stddef.h>
#include <string.h>

#include "../../wiki/wiki.h"
#include "query_int.h"

struct duplicatefiles_params {
	long limit;       /* duplicates per batch */
	const char *cont; /* continuation: "file|duplicate" */
	const char *dir;  /* ascending | descending */
	bool localonly;   /* the local repository only */
};

static const struct api_param params[] = {
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct duplicatefiles_params, limit), .desc = "How many duplicates to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct duplicatefiles_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct duplicatefiles_params, dir), .desc = "Order of the listing." },
	{ .name = "localonly", .type = API_T_BOOL, .offset = offsetof(struct duplicatefiles_params, localonly),
	  .desc = "Only files of the local repository." },
	{ 0 }
};

static int run(struct api_ctx *ctx, struct duplicatefiles_params *p)
{
	struct api_pageset *ps = query_pageset_current(ctx);
	bool any_file = false;
	for (size_t i = 0; i < ps->n_pages && !any_file; i++) {
		const struct query_page *qp = ps->pages[i];
		any_file = (qp->kind == QUERY_PAGE_GOOD || qp->kind == QUERY_PAGE_MISSING) && qp->ns == WIKI_NS_FILE;
	}
	if (!any_file || !p->cont)
		return RC_OK;
	const char *bar = strchr(p->cont, '|');
	if (!bar || strchr(bar + 1, '|'))
		return api_error(ctx, "badcontinue", NULL);
	return RC_OK;
}

static int exec_duplicatefiles(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp);
}

static int generate_duplicatefiles(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp);
}

const struct api_module api_module_prop_duplicatefiles = {
	.name = "duplicatefiles",
	.group = API_G_PROP,
	.prefix = "df",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct duplicatefiles_params),
	.summary = "List the files that have the same content as the given files.",
	.examples = (const char *const[]){
		"action=query&titles=File:Albert_Einstein_Head.jpg&prop=duplicatefiles",
		"The duplicates of File:Albert Einstein Head.jpg.",
		"action=query&generator=allimages&prop=duplicatefiles", "Duplicates of every file.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Duplicatefiles", NULL },
	.exec = exec_duplicatefiles,
	.generate = generate_duplicatefiles,
};
