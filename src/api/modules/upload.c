/* SPDX-License-Identifier: MIT */
/*
 * action=upload: upload a file, as MediaWiki's ApiUpload. Uploads are
 * disabled on wikid ($wgEnableUploads = false; siteinfo says
 * uploadsenabled: false), so, as MediaWiki does on such a wiki, every
 * request that passes the checks made before the module runs — POST,
 * the parameters (all of them, as MediaWiki validates them with the
 * token), the CSRF token, the write rights — is answered with the error
 * uploaddisabled.
 */
#include <stddef.h>

#include "../../wiki/wiki.h"
#include "../api_int.h"

struct upload_params {
	const char *filename;          /* target file name */
	const char *comment;           /* upload summary */
	struct api_list tags;          /* change tags */
	const char *text;              /* text of a new description page */
	bool watch;                    /* deprecated: watch the page */
	const char *watchlist;         /* nochange | preferences | watch */
	bool ignorewarnings;           /* upload despite warnings */
	const struct http_param *file; /* the file, as a multipart part */
	const char *url;               /* or a URL to fetch it from */
	const char *filekey;           /* or a stashed upload */
	const char *sessionkey;        /* deprecated filekey */
	bool stash;                    /* stash the upload instead */
	long filesize;                 /* chunked: the whole file's size */
	long offset;                   /* chunked: this chunk's offset */
	const struct http_param *chunk; /* chunked: this chunk */
	bool async;                    /* run the slow parts in the job queue */
	bool checkstatus;              /* only report the status of filekey */
};

static const struct api_param params[] = {
	{ .name = "filename", .type = API_T_STRING, .offset = offsetof(struct upload_params, filename),
	  .desc = "The name the file gets (without \"File:\")." },
	{ .name = "comment", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct upload_params, comment),
	  .desc = "The upload summary; also the text of a new description page when text is not given." },
	{ .name = "tags", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_UNCHECKED, .values_fn = api_tag_values,
	  .offset = offsetof(struct upload_params, tags),
	  .desc = "Change tags for the upload log entry and the page revision." },
	{ .name = "text", .type = API_T_TEXT, .offset = offsetof(struct upload_params, text),
	  .desc = "The text of a new description page." },
	{ .name = "watch", .type = API_T_BOOL, .flags = API_P_DEPRECATED, .offset = offsetof(struct upload_params, watch),
	  .desc = "Watch the page. Use watchlist=watch instead." },
	{ .name = "watchlist", .type = API_T_ENUM, .dflt = "preferences",
	  .values = (const char *const[]){ "watch", "preferences", "nochange", NULL },
	  .offset = offsetof(struct upload_params, watchlist),
	  .value_descs = (const char *const[]){
		"nochange=Leave the watchlist as it is.",
		"preferences=Follow your preferences (bots keep the watchlist as it is).",
		"watch=Add the page to your watchlist.", NULL },
	  .desc = "Whether to add the file's page to your watchlist." },
	{ .name = "ignorewarnings", .type = API_T_BOOL, .offset = offsetof(struct upload_params, ignorewarnings),
	  .desc = "Upload even when there are warnings." },
	{ .name = "file", .type = API_T_UPLOAD, .offset = offsetof(struct upload_params, file),
	  .desc = "The file, sent as a multipart file part." },
	{ .name = "url", .type = API_T_STRING, .offset = offsetof(struct upload_params, url),
	  .desc = "The URL to fetch the file from." },
	{ .name = "filekey", .type = API_T_STRING, .offset = offsetof(struct upload_params, filekey),
	  .desc = "The key of an earlier upload kept in the stash." },
	{ .name = "sessionkey", .type = API_T_STRING, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct upload_params, sessionkey), .desc = "Same as filekey, kept for old clients." },
	{ .name = "stash", .type = API_T_BOOL, .offset = offsetof(struct upload_params, stash),
	  .desc = "Keep the file in the stash instead of publishing it." },
	{ .name = "filesize", .type = API_T_INT, .flags = API_P_HAS_MIN | API_P_HAS_MAX, .min = 0, .max = 104857600,
	  .offset = offsetof(struct upload_params, filesize), .desc = "The size of the whole file, for chunked uploads." },
	{ .name = "offset", .type = API_T_INT, .flags = API_P_HAS_MIN, .min = 0,
	  .offset = offsetof(struct upload_params, offset), .desc = "Where the chunk starts in the file, in bytes." },
	{ .name = "chunk", .type = API_T_UPLOAD, .offset = offsetof(struct upload_params, chunk),
	  .desc = "One chunk of the file, sent as a multipart file part." },
	{ .name = "async", .type = API_T_BOOL, .offset = offsetof(struct upload_params, async),
	  .desc = "Do the slow file operations in the job queue where possible." },
	{ .name = "checkstatus", .type = API_T_BOOL, .offset = offsetof(struct upload_params, checkstatus),
	  .desc = "Only report the status of the upload with the given filekey." },
	{ 0 }
};

static int exec_upload(struct api_ctx *ctx, void *vp)
{
	return api_error(ctx, "uploaddisabled", "uploaddisabled");
}

const struct api_module api_module_upload = {
	.name = "upload",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct upload_params),
	.summary = "Upload a file, or report on an upload in progress. Uploads are disabled on this wiki.",
	.help = "Uploads are disabled on this wiki, so every upload is refused with the error uploaddisabled.",
	.examples = (const char *const[]){
		"action=upload&filename=Wiki.png&url=http%3A//upload.wikimedia.org/wikipedia/en/b/bc/Wiki.png&token=123ABC",
		"Upload from a URL.",
		"action=upload&filename=Wiki.png&filekey=filekey&ignorewarnings=1&token=123ABC",
		"Finish an upload that failed on a warning.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Upload", NULL },
	.exec = exec_upload,
};
