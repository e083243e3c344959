/* SPDX-License-Identifier: MIT */
/*
 * action=filerevert: put an older version of a file back as the current
 * one, as MediaWiki's ApiFileRevert. wikid stores no files (uploads are
 * disabled, and the `image` and `oldimage` tables are never written), so
 * after the checks made before the module runs (parameters, POST, CSRF
 * token, write rights) the module checks the file name as MediaWiki
 * does — Title::makeTitleSafe(NS_FILE, filename): invalidtitle when it
 * is no title — and then finds no file of that name: missingtitle,
 * before any rights or the archive name are looked at.
 */
#include <stddef.h>

#include "../../wiki/wiki.h"
#include "../api_int.h"

struct filerevert_params {
	const char *filename;    /* the file, without "File:" */
	const char *comment;     /* upload summary */
	const char *archivename; /* the version to restore */
};

static const struct api_param params[] = {
	{ .name = "filename", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct filerevert_params, filename), .desc = "The file, without the File: prefix." },
	{ .name = "comment", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct filerevert_params, comment),
	  .desc = "The upload summary." },
	{ .name = "archivename", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct filerevert_params, archivename),
	  .desc = "The archive name of the version to restore (as prop=imageinfo&iiprop=archivename gives it)." },
	{ 0 }
};

static int exec_filerevert(struct api_ctx *ctx, void *vp)
{
	struct filerevert_params *p = vp;
	/* As makeTitleSafe(): the text is a title of the File: namespace itself, never of another. */
	const char *nsname = wiki_ns_text(WIKI_NS_FILE);
	struct wiki_title t;
	const char *err;
	if (wiki_title_parse(ctx->arena, arena_printf(ctx->arena, "%s:%s", nsname, p->filename), 0, &t, &err) != RC_OK ||
	    t.ns != WIKI_NS_FILE || *t.interwiki || *t.fragment)
		return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->filename));
	/* No file of that name: none is ever stored. */
	return api_error(ctx, "missingtitle", NULL);
}

const struct api_module api_module_filerevert = {
	.name = "filerevert",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct filerevert_params),
	.summary = "Revert a file to an older version.",
	.examples = (const char *const[]){
		"action=filerevert&filename=Wiki.png&comment=Revert&archivename=20110305152740!Wiki.png&token=123ABC",
		"Revert Wiki.png to its version of 2011-03-05T15:27:40Z.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Filerevert", NULL },
	.exec = exec_filerevert,
};
