/* SPDX-License-Identifier: MIT */
/*
 * list=allimages (and generator): every file of the wiki, by name or by
 * upload time, as MediaWiki's ApiQueryAllImages lists them on a wiki
 * whose uploads are disabled. wikid stores no files (its `image` table
 * is never written), so after MediaWiki's checks, in MediaWiki's order,
 * the listing is empty:
 *
 *   - as a generator with redirects=1: invalidparammix;
 *   - sort=name refuses start, end, user (in that order) and a
 *     filterbots other than all, naming sort=timestamp; its continuation
 *     is one field; from, to and prefix must be title parts;
 *   - sort=timestamp refuses from, to and prefix, naming sort=name, and
 *     user with filterbots; its continuation is two fields;
 *   - sha1 must be 40 hex digits (any case), else sha1base36 31 base-36
 *     digits (query_check_sha1(), shared with list=filearchive).
 */
#include <stddef.h>
#include <string.h>

#include "../../util/util.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"
#include "query_int.h"

struct allimages_params {
	const char *sort;        /* name | timestamp */
	const char *dir;         /* ascending | descending | newer | older */
	const char *from;        /* first name (sort=name) */
	const char *to;          /* last name (sort=name) */
	const char *cont;        /* continuation */
	const char *start;       /* first timestamp (sort=timestamp) */
	const char *end;         /* last timestamp (sort=timestamp) */
	struct api_list prop;    /* what to show */
	const char *prefix;      /* names starting with this (sort=name) */
	long minsize;            /* smallest size in bytes */
	long maxsize;            /* largest size in bytes */
	const char *sha1;        /* SHA-1 in hex */
	const char *sha1base36;  /* SHA-1 in base 36 */
	const char *user;        /* uploader (sort=timestamp) */
	const char *filterbots;  /* all | bots | nobots (sort=timestamp) */
	struct api_list mime;    /* MIME types */
	long limit;              /* files per batch */
};

static const char *const prop_values[] = {
	"badfile", "bitdepth", "canonicaltitle", "comment", "commonmetadata", "dimensions", "extmetadata",
	"mediatype", "metadata", "mime", "parsedcomment", "sha1", "size", "timestamp", "url", "user", "userid", NULL
};

static const char *const prop_descs[] = {
	"badfile=Whether the file is on the bad image list.",
	"bitdepth=The bit depth of the file.",
	"canonicaltitle=The canonical title of the file.",
	"comment=The upload summary.",
	"commonmetadata=Metadata of the file format that is common to several formats.",
	"dimensions=Alias of size.",
	"extmetadata=Extended metadata gathered from several sources, as HTML.",
	"mediatype=The media type of the file.",
	"metadata=The metadata of the file format (Exif and the like).",
	"mime=The MIME type of the file.",
	"parsedcomment=The upload summary as HTML.",
	"sha1=The SHA-1 hash of the file, in hex.",
	"size=The size of the file in bytes, and its height, width and page count where they apply.",
	"timestamp=When the file was uploaded.",
	"url=The URLs of the file and its description page.",
	"user=Who uploaded the latest version.",
	"userid=The user ID of who uploaded the latest version.",
	NULL
};

static const struct api_param params[] = {
	{ .name = "sort", .type = API_T_ENUM, .dflt = "name",
	  .values = (const char *const[]){ "name", "timestamp", NULL },
	  .offset = offsetof(struct allimages_params, sort), .desc = "What to sort by." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", "newer", "older", NULL },
	  .offset = offsetof(struct allimages_params, dir), .desc = "Order of the listing." },
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct allimages_params, from),
	  .desc = "Start with this file name (sort=name only)." },
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct allimages_params, to),
	  .desc = "Stop after this file name (sort=name only)." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct allimages_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct allimages_params, start),
	  .desc = "Start with files uploaded at this time (sort=timestamp only)." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct allimages_params, end),
	  .desc = "Stop after files uploaded at this time (sort=timestamp only)." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "timestamp|url", .values = prop_values,
	  .value_descs = prop_descs, .offset = offsetof(struct allimages_params, prop),
	  .desc = "What to return for each file." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct allimages_params, prefix),
	  .desc = "Only file names that start with this text (sort=name only)." },
	{ .name = "minsize", .type = API_T_INT, .offset = offsetof(struct allimages_params, minsize),
	  .desc = "Only files of at least this many bytes." },
	{ .name = "maxsize", .type = API_T_INT, .offset = offsetof(struct allimages_params, maxsize),
	  .desc = "Only files of at most this many bytes." },
	{ .name = "sha1", .type = API_T_STRING, .offset = offsetof(struct allimages_params, sha1),
	  .desc = "Only files with this SHA-1 hash (hex). Wins over sha1base36." },
	{ .name = "sha1base36", .type = API_T_STRING, .offset = offsetof(struct allimages_params, sha1base36),
	  .desc = "Only files with this SHA-1 hash in base 36, as MediaWiki stores it." },
	{ .name = "user", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct allimages_params, user),
	  .desc = "Only files whose latest version this user uploaded (sort=timestamp only; not with filterbots)." },
	{ .name = "filterbots", .type = API_T_ENUM, .dflt = "all",
	  .values = (const char *const[]){ "all", "bots", "nobots", NULL },
	  .offset = offsetof(struct allimages_params, filterbots),
	  .desc = "Whether to list files uploaded by bots (sort=timestamp only; not with user)." },
	{ .name = "mime", .type = API_T_STRING, .flags = API_P_MULTI, .offset = offsetof(struct allimages_params, mime),
	  .desc = "Only files of these MIME types, as image/jpeg." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct allimages_params, limit), .desc = "How many files to return." },
	{ 0 }
};

/* True when `s` is `n` characters of which `ok` accepts each. */
static bool all_of(const char *s, size_t n, bool (*ok)(char c))
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!ok(s[i]))
			return false;
	return true;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_base36(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int query_check_sha1(struct api_ctx *ctx, const char *sha1, const char *sha1base36)
{
	if (sha1)
		return all_of(sha1, 40, is_hex) ? RC_OK : api_error(ctx, "invalidsha1hash", NULL);
	if (sha1base36 && !all_of(sha1base36, 31, is_base36))
		return api_error(ctx, "invalidsha1base36hash", NULL);
	return RC_OK;
}

/*
 * The "must be used with" error for parameter `name`, naming sort=`sort`.
 * MediaWiki names the parameters with the module's own prefix, "ai",
 * also when it runs as the generator (whose parameters are "gai...").
 */
static int needs_sort(struct api_ctx *ctx, const char *name, const char *sort)
{
	const char *pfx = "ai";
	return api_error(ctx, "invalidparammix", "apierror-invalidparammix-mustusewith",
			 arena_printf(ctx->arena, "%s%s", pfx, name), arena_printf(ctx->arena, "%ssort=%s", pfx, sort));
}

static int run(struct api_ctx *ctx, struct allimages_params *p, struct api_pageset *gen)
{
	if (gen && api_param_lookup(ctx, "redirects"))
		return api_error(ctx, "invalidparammix", "apierror-allimages-redirect");
	size_t n_cont = 0;
	if (p->cont) {
		n_cont = 1;
		for (const char *q = p->cont; *q; q++)
			n_cont += *q == '|';
	}
	if (streq(p->sort, "name")) {
		if (p->start)
			return needs_sort(ctx, "start", "timestamp");
		if (p->end)
			return needs_sort(ctx, "end", "timestamp");
		if (p->user)
			return needs_sort(ctx, "user", "timestamp");
		if (!streq(p->filterbots, "all"))
			return needs_sort(ctx, "filterbots", "timestamp");
		if (p->cont && n_cont != 1)
			return api_error(ctx, "badcontinue", NULL);
		if (p->from && !query_title_part_key(ctx, p->from, WIKI_NS_FILE))
			return RC_ERR;
		if (p->to && !query_title_part_key(ctx, p->to, WIKI_NS_FILE))
			return RC_ERR;
		if (p->prefix && !query_title_part_key(ctx, p->prefix, WIKI_NS_FILE))
			return RC_ERR;
	} else {
		if (p->from)
			return needs_sort(ctx, "from", "name");
		if (p->to)
			return needs_sort(ctx, "to", "name");
		if (p->prefix)
			return needs_sort(ctx, "prefix", "name");
		if (p->user && !streq(p->filterbots, "all")) {
			const char *pfx = "ai";
			return api_error(ctx, "invalidparammix-cannotusewith", "apierror-invalidparammix-cannotusewith",
					 arena_printf(ctx->arena, "%suser", pfx), arena_printf(ctx->arena, "%sfilterbots", pfx));
		}
		if (p->cont && n_cont != 2)
			return api_error(ctx, "badcontinue", NULL);
	}
	if (query_check_sha1(ctx, p->sha1, p->sha1base36) != RC_OK)
		return RC_ERR;
	/* No files: nothing to list or generate. */
	if (!gen)
		api_add_array(api_query_node(ctx), "allimages", "img");
	return RC_OK;
}

static int exec_allimages(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp, NULL);
}

static int generate_allimages(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, out);
}

const struct api_module api_module_list_allimages = {
	.name = "allimages",
	.group = API_G_LIST,
	.prefix = "ai",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct allimages_params),
	.summary = "List every file of the wiki, by name or by upload time.",
	.examples = (const char *const[]){
		"action=query&list=allimages&aifrom=B", "Files from the letter B on.",
		"action=query&list=allimages&aiprop=user|timestamp|url&aisort=timestamp&aidir=older",
		"The latest uploads, like Special:ListFiles.",
		"action=query&list=allimages&aimime=image/png|image/gif", "Files of type image/png or image/gif.",
		"action=query&generator=allimages&gailimit=4&gaifrom=T&prop=imageinfo",
		"Information about four files from the letter T on.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Allimages", NULL },
	.exec = exec_allimages,
	.generate = generate_allimages,
};
