/* SPDX-License-Identifier: MIT */
/*
 * list=mystashedfiles: the uploads the current user keeps in the upload
 * stash, as MediaWiki's ApiQueryMyStashedFiles lists them. Uploads are
 * disabled on wikid, so nothing is ever stashed (the `uploadstash` table
 * is never written): after MediaWiki's checks — a logged-in user
 * (stashnotloggedin), a continuation of one whole number in canonical
 * form — the listing is empty.
 */
#include <stddef.h>
#include <string.h>

#include "../../wiki/wiki.h"
#include "query_int.h"

struct mystashedfiles_params {
	struct api_list prop; /* size | type */
	long limit;           /* uploads per batch */
	const char *cont;     /* continuation: the stash id to resume at */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "",
	  .values = (const char *const[]){ "size", "type", NULL },
	  .value_descs = (const char *const[]){
		"size=The size of the file in bytes, and its width, height and bit depth.",
		"type=The MIME type and media type of the file.", NULL },
	  .offset = offsetof(struct mystashedfiles_params, prop), .desc = "What to return for each upload." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct mystashedfiles_params, limit), .desc = "How many uploads to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct mystashedfiles_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

static int exec_mystashedfiles(struct api_ctx *ctx, void *vp)
{
	struct mystashedfiles_params *p = vp;
	if (!ctx->user->id)
		return api_error(ctx, "stashnotloggedin", "apierror-mustbeloggedin-uploadstash");
	if (p->cont) {
		/* As strval((int)$cont) === $cont: one field, canonical decimal. */
		long long id;
		if (util_parse_ll(p->cont, &id) != RC_OK || !streq(arena_printf(ctx->arena, "%lld", id), p->cont))
			return api_error(ctx, "badcontinue", NULL);
	}
	/* Nothing is ever stashed. */
	api_add_array(api_query_node(ctx), "mystashedfiles", "file");
	return RC_OK;
}

const struct api_module api_module_list_mystashedfiles = {
	.name = "mystashedfiles",
	.group = API_G_LIST,
	.prefix = "msf",
	.params = params,
	.params_size = sizeof(struct mystashedfiles_params),
	.summary = "List the files you keep in the upload stash.",
	.examples = (const char *const[]){
		"action=query&list=mystashedfiles&msfprop=size", "The file keys, sizes and dimensions of your stashed files.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Mystashedfiles", NULL },
	.exec = exec_mystashedfiles,
};
