/* SPDX-License-Identifier: MIT */
/*
 * prop=stashimageinfo: information about uploads in the upload stash,
 * by file key, as MediaWiki's ApiQueryStashImageInfo gives it. Uploads
 * are disabled on wikid, so nothing is ever stashed: after MediaWiki's
 * checks — a logged-in user (notloggedin), at least one of filekey and
 * sessionkey (filekey wins) — the first key is looked up as
 * UploadStash::getFile() does: a key not of the form
 * /^[\w\-\.]+\.\w*$/ is uploadstash-bad-path-bad-format, any other is
 * uploadstash-file-not-found.
 */
#include <stddef.h>
#include <string.h>

#include "../../wiki/wiki.h"
#include "query_int.h"

struct stashimageinfo_params {
	struct api_list filekey;    /* stash keys */
	struct api_list sessionkey; /* deprecated alias of filekey */
	struct api_list prop;       /* what to show */
	long urlwidth;              /* thumbnail width, -1 for none */
	long urlheight;             /* thumbnail height, -1 for none */
	const char *urlparam;       /* handler-specific thumbnail parameters */
};

static const char *const prop_values[] = {
	"badfile", "bitdepth", "canonicaltitle", "commonmetadata", "dimensions", "extmetadata", "metadata", "mime",
	"sha1", "size", "thumbmime", "timestamp", "url", NULL
};

static const char *const prop_descs[] = {
	"badfile=Whether the file is on the bad image list.",
	"bitdepth=The bit depth of the file.",
	"canonicaltitle=The canonical title of the file.",
	"commonmetadata=Metadata of the file format that is common to several formats.",
	"dimensions=Alias of size.",
	"extmetadata=Extended metadata gathered from several sources, as HTML.",
	"metadata=The metadata of the file format (Exif and the like).",
	"mime=The MIME type of the file.",
	"sha1=The SHA-1 hash of the file, in hex.",
	"size=The size of the file in bytes, and its height, width and page count where they apply.",
	"thumbmime=The MIME type of the thumbnail (needs url and urlwidth).",
	"timestamp=When the file was stashed.",
	"url=The URL of the file.",
	NULL
};

static const struct api_param params[] = {
	{ .name = "filekey", .type = API_T_STRING, .flags = API_P_MULTI,
	  .offset = offsetof(struct stashimageinfo_params, filekey),
	  .desc = "The keys of earlier uploads kept in the stash." },
	{ .name = "sessionkey", .type = API_T_STRING, .flags = API_P_MULTI | API_P_DEPRECATED,
	  .offset = offsetof(struct stashimageinfo_params, sessionkey), .desc = "Same as filekey, kept for old clients." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "timestamp|url", .values = prop_values,
	  .value_descs = prop_descs, .offset = offsetof(struct stashimageinfo_params, prop),
	  .desc = "What to return for each file." },
	{ .name = "urlwidth", .type = API_T_INT, .dflt = "-1", .offset = offsetof(struct stashimageinfo_params, urlwidth),
	  .desc = "With prop=url, also give the URL of a thumbnail this wide." },
	{ .name = "urlheight", .type = API_T_INT, .dflt = "-1",
	  .offset = offsetof(struct stashimageinfo_params, urlheight), .desc = "Like urlwidth, for the height." },
	{ .name = "urlparam", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct stashimageinfo_params, urlparam),
	  .desc = "A parameter string of the media handler for the thumbnail, as \"page15-50px\"." },
	{ 0 }
};

static bool is_word(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* UploadStash::KEY_FORMAT_REGEX: [\w.-] throughout, a '.' after the first character, only \w after the last. */
static bool key_format_ok(const char *key)
{
	const char *dot = strrchr(key, '.');
	if (!dot || dot == key)
		return false;
	for (const char *q = key; *q; q++)
		if (!is_word(*q) && *q != '.' && (*q != '-' || q > dot))
			return false;
	return true;
}

static int exec_stashimageinfo(struct api_ctx *ctx, void *vp)
{
	struct stashimageinfo_params *p = vp;
	if (!ctx->user->id)
		return api_error(ctx, "notloggedin", "apierror-mustbeloggedin-uploadstash");
	if (api_require_at_least_one(ctx, (const char *const[]){ "filekey", "sessionkey", NULL }) != RC_OK)
		return RC_ERR;
	const struct api_list *keys = p->filekey.n ? &p->filekey : &p->sessionkey;
	if (!keys->n)
		return RC_OK;
	/* Nothing is ever stashed: the first key fails. */
	const char *key = keys->v[0];
	if (!key_format_ok(key))
		return api_error(ctx, "uploadstash-bad-path-bad-format", "uploadstash-bad-path-bad-format", key);
	return api_error(ctx, "uploadstash-file-not-found", "uploadstash-file-not-found", key);
}

const struct api_module api_module_prop_stashimageinfo = {
	.name = "stashimageinfo",
	.group = API_G_PROP,
	.prefix = "sii",
	.params = params,
	.params_size = sizeof(struct stashimageinfo_params),
	.summary = "Information about files in the upload stash.",
	.examples = (const char *const[]){
		"action=query&prop=stashimageinfo&siifilekey=124sd34rsdf567",
		"Information about a stashed file.",
		"action=query&prop=stashimageinfo&siifilekey=b34edoe3|bceffd4&siiurlwidth=120&siiprop=url",
		"Thumbnails of two stashed files.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Stashimageinfo", NULL },
	.exec = exec_stashimageinfo,
};
