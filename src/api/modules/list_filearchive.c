/* SPDX-License-Identifier: MIT */
/*
 * list=filearchive: the deleted files, as MediaWiki's ApiQueryFilearchive
 * lists them on a wiki whose uploads are disabled. wikid stores no files,
 * so none is ever deleted (its `filearchive` table is never written), and
 * after MediaWiki's checks, in MediaWiki's order, the listing is empty:
 *
 *   - description and parseddescription need deletedhistory, metadata
 *     deletedtext or undelete (permissiondenied);
 *   - the continuation is "name|timestamp|id": three fields, a timestamp
 *     and a whole number (MediaWiki fails with an internal error on a bad
 *     timestamp there; wikid calls it badcontinue);
 *   - from, to and prefix must be title parts;
 *   - sha1 and sha1base36 as list=allimages checks them.
 */
#include <stddef.h>
#include <string.h>

#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct filearchive_params {
	const char *from;       /* first name */
	const char *to;         /* last name */
	const char *prefix;     /* names starting with this */
	const char *dir;        /* ascending | descending */
	const char *sha1;       /* SHA-1 in hex */
	const char *sha1base36; /* SHA-1 in base 36 */
	struct api_list prop;   /* what to show */
	long limit;             /* files per batch */
	const char *cont;       /* continuation: "name|timestamp|id" */
};

static const char *const prop_values[] = {
	"archivename", "bitdepth", "description", "dimensions", "mediatype", "metadata", "mime",
	"parseddescription", "sha1", "size", "timestamp", "user", NULL
};

static const char *const prop_descs[] = {
	"archivename=The file name of the archived version, for versions other than the latest.",
	"bitdepth=The bit depth of the version.",
	"description=The upload summary of the version.",
	"dimensions=Alias of size.",
	"mediatype=The media type of the version.",
	"metadata=The metadata of the file format of the version.",
	"mime=The MIME type of the version.",
	"parseddescription=The upload summary as HTML.",
	"sha1=The SHA-1 hash of the version, in hex.",
	"size=The size of the version in bytes, and its height, width and page count where they apply.",
	"timestamp=When the version was uploaded.",
	"user=Who uploaded the version.",
	NULL
};

static const struct api_param params[] = {
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct filearchive_params, from),
	  .desc = "Start with this file name." },
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct filearchive_params, to),
	  .desc = "Stop after this file name." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct filearchive_params, prefix),
	  .desc = "Only file names that start with this text." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct filearchive_params, dir), .desc = "Order of the listing." },
	{ .name = "sha1", .type = API_T_STRING, .offset = offsetof(struct filearchive_params, sha1),
	  .desc = "Only files with this SHA-1 hash (hex). Wins over sha1base36." },
	{ .name = "sha1base36", .type = API_T_STRING, .offset = offsetof(struct filearchive_params, sha1base36),
	  .desc = "Only files with this SHA-1 hash in base 36, as MediaWiki stores it." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "timestamp", .values = prop_values,
	  .value_descs = prop_descs, .offset = offsetof(struct filearchive_params, prop),
	  .desc = "What to return for each deleted file version." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct filearchive_params, limit), .desc = "How many file versions to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct filearchive_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* The continuation "name|timestamp|id" is well formed. */
static bool good_continue(struct api_ctx *ctx, const char *cont)
{
	const char *a = strchr(cont, '|'), *b = a ? strchr(a + 1, '|') : NULL;
	if (!b || strchr(b + 1, '|'))
		return false;
	int64_t unix_time;
	if (ts_parse(arena_strndup(ctx->arena, a + 1, (size_t)(b - a - 1)), &unix_time) != RC_OK)
		return false;
	/* As (string)(int)$id === $id: canonical decimal digits only. */
	long long id;
	return util_parse_ll(b + 1, &id) == RC_OK && streq(arena_printf(ctx->arena, "%lld", id), b + 1);
}

static int exec_filearchive(struct api_ctx *ctx, void *vp)
{
	struct filearchive_params *p = vp;
	if ((api_list_has(&p->prop, "description") || api_list_has(&p->prop, "parseddescription")) &&
	    !wiki_user_can(ctx->user, "deletedhistory"))
		return api_error(ctx, "permissiondenied", "apierror-cantview-deleted-description");
	if (api_list_has(&p->prop, "metadata") && !wiki_user_can(ctx->user, "deletedtext") &&
	    !wiki_user_can(ctx->user, "undelete"))
		return api_error(ctx, "permissiondenied", "apierror-cantview-deleted-metadata");
	if (p->cont && !good_continue(ctx, p->cont))
		return api_error(ctx, "badcontinue", NULL);
	if (p->from && !query_title_part_key(ctx, p->from, WIKI_NS_FILE))
		return RC_ERR;
	if (p->to && !query_title_part_key(ctx, p->to, WIKI_NS_FILE))
		return RC_ERR;
	if (p->prefix && !query_title_part_key(ctx, p->prefix, WIKI_NS_FILE))
		return RC_ERR;
	if (query_check_sha1(ctx, p->sha1, p->sha1base36) != RC_OK)
		return RC_ERR;
	/* No deleted files: nothing to list. */
	api_add_array(api_query_node(ctx), "filearchive", "fa");
	return RC_OK;
}

const struct api_module api_module_list_filearchive = {
	.name = "filearchive",
	.group = API_G_LIST,
	.prefix = "fa",
	.params = params,
	.params_size = sizeof(struct filearchive_params),
	.summary = "List the deleted files, every version of each.",
	.examples = (const char *const[]){
		"action=query&list=filearchive", "Every deleted file.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Filearchive", NULL },
	.exec = exec_filearchive,
};
