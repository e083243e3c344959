/* SPDX-License-Identifier: MIT */
/*
 * action=imagerotate: rotate images, as MediaWiki's ApiImageRotate.
 * The page set parameters pick the files; titles= without a prefix are
 * File: titles. wikid stores no files (uploads are disabled), so every
 * title of the set fails as MediaWiki fails a title without a file: its
 * entry (id, ns, title, missing) says "result": "Failure" with the
 * error filedoesnotexist, in the request's errorformat as
 * ApiErrorFormatter::arrayFromStatus() writes it. Before them come the
 * entries of invalid and special titles, unknown page and revision ids
 * and interwiki titles. Tags are checked once the set is known, before
 * any title; rights would be checked per file, so never are.
 */
#include <stddef.h>

#include "../../wiki/wiki.h"
#include "query_int.h"

struct imagerotate_params {
	const char *rotation;           /* 90 | 180 | 270 */
	const char *cont;               /* continue (generator continuation) */
	struct api_list tags;           /* change tags */
	struct query_pageset_params ps; /* titles, pageids, revids, generator, redirects, converttitles */
};

static const struct api_param params[] = {
	{ .name = "rotation", .type = API_T_ENUM, .flags = API_P_REQUIRED,
	  .values = (const char *const[]){ "90", "180", "270", NULL },
	  .offset = offsetof(struct imagerotate_params, rotation), .desc = "Degrees to rotate the images clockwise." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct imagerotate_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "tags", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_UNCHECKED, .values_fn = api_tag_values,
	  .offset = offsetof(struct imagerotate_params, tags), .desc = "Change tags for the upload log entries." },
	QUERY_PAGESET_PARAMS(struct imagerotate_params, ps, API_P_LATE)
	{ 0 }
};

/* The errors array of one failed title: filedoesnotexist, as arrayFromStatus() gives it. */
static void add_no_file(struct api_ctx *ctx, struct api_node *e)
{
	enum api_errorformat ef = api_main_of(ctx)->errorformat;
	struct api_node *m = api_add_object(api_add_array(e, "errors", "error"), NULL);
	if (ef == API_EF_BC) {
		api_add_str(m, "message", "apierror-filedoesnotexist");
		api_add_array(m, "params", "param");
		api_add_str(m, "code", "filedoesnotexist");
		api_add_str(m, "type", "error");
		return;
	}
	api_add_str(m, "code", "filedoesnotexist");
	api_add_message(ctx, m, ef, "apierror-filedoesnotexist", (const char *const[]){ NULL });
}

static int exec_imagerotate(struct api_ctx *ctx, void *vp)
{
	struct imagerotate_params *p = vp;
	if (query_action_begin(ctx, p->cont, p) != RC_OK)
		return RC_ERR;
	p->ps.default_ns = WIKI_NS_FILE;
	struct api_pageset *ps;
	int rc = query_action_pageset(ctx, &p->ps, &ps);
	if (rc != RC_OK)
		return rc;
	if (api_check_tags(ctx, &p->tags) != RC_OK)
		return RC_ERR;
	api_add_bool(ctx->result, "batchcomplete", true);
	query_action_continue(ctx);
	size_t n;
	struct query_page **v = query_pageset_list_order(ctx, ps, &n);
	struct api_node *list = api_add_array(ctx->result, "imagerotate", "page");
	/* Invalid titles, special titles and unknown page ids; then unknown revids and interwiki titles. */
	for (size_t i = 0; i < n; i++)
		if (v[i]->kind != QUERY_PAGE_GOOD && v[i]->kind != QUERY_PAGE_MISSING)
			query_page_write_base(ctx, v[i], api_add_object(list, NULL));
	query_pageset_add_badrevid_items(ps, list);
	query_pageset_add_interwiki_items(ps, list);
	/* The titles, existing pages first as MediaWiki's page set holds them: none has a file. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			struct query_page *qp = v[i];
			if (qp->kind != (pass ? QUERY_PAGE_MISSING : QUERY_PAGE_GOOD))
				continue;
			struct api_node *e = api_add_object(list, NULL);
			api_add_int(e, "id", pass ? 0 : qp->id);
			api_add_int(e, "ns", qp->ns);
			api_add_str(e, "title", qp->title);
			if (pass)
				api_add_bool(e, "missing", true);
			api_add_str(e, "result", "Failure");
			add_no_file(ctx, e);
		}
	}
	return RC_OK;
}

const struct api_module api_module_imagerotate = {
	.name = "imagerotate",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct imagerotate_params),
	.summary = "Rotate one or more images.",
	.examples = (const char *const[]){
		"action=imagerotate&titles=File:Example.jpg&rotation=90&token=123ABC", "Rotate File:Example.jpg by 90 degrees.",
		"action=imagerotate&generator=categorymembers&gcmtitle=Category:Flip&gcmtype=file&rotation=180&token=123ABC",
		"Rotate every image in Category:Flip by 180 degrees.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Imagerotate", NULL },
	.exec = exec_imagerotate,
};
