/* SPDX-License-Identifier: MIT */
/*
 * prop=imageinfo: the file versions of the File: pages of the set, as
 * MediaWiki's ApiQueryImageInfo gives them on a wiki whose uploads are
 * disabled. wikid stores no files: the `image` and `oldimage` tables
 * stay empty, so every File: title of the set (existing description
 * page or not) is a title without a file, and MediaWiki answers such a
 * title in one of two ways:
 *
 *   - usually with `"imagerepository": ""` on the page and nothing more;
 *   - when iiprop asks for uploadwarning or badfile (the two props that
 *     describe a file that is not there yet), with imagerepository "",
 *     badfile (false: the wiki keeps no bad image list), and one
 *     imageinfo item holding what a missing file has: html (the upload
 *     warning: a note when the description page exists, else empty),
 *     canonicaltitle, descriptionurl (and descriptionshorturl for an
 *     existing page) and `filemissing`. A missing file has no
 *     timestamp, and MediaWiki compares that absence with iiend as a
 *     time before every other, so with iiend the item is left out.
 *
 * The titles are handled in dbkey order; iicontinue ("dbkey|timestamp",
 * exactly two fields) skips those before its title. A thumbnail request
 * (iiurlwidth, iiurlheight) has no file to scale; with iiurlparam, each
 * such title warns that it has no media handler, as MediaWiki does.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"
#include "query_int.h"

struct imageinfo_params {
	struct api_list prop;            /* what to show */
	long limit;                      /* file versions per file */
	const char *start;               /* newest version to list */
	const char *end;                 /* oldest version to list */
	long urlwidth;                   /* thumbnail width, -1 for none */
	long urlheight;                  /* thumbnail height, -1 for none */
	const char *metadataversion;     /* metadata format version */
	const char *extmetadatalanguage; /* language of extmetadata */
	bool extmetadatamultilang;       /* extmetadata in every language */
	struct api_list extmetadatafilter; /* extmetadata keys to keep */
	const char *urlparam;            /* handler-specific thumbnail parameter string */
	const char *badfilecontexttitle; /* page the bad file list is checked for */
	const char *cont;                /* continuation: "dbkey|timestamp" */
	bool localonly;                  /* the local repository only */
};

static const char *const prop_values[] = {
	"archivename", "badfile", "bitdepth", "canonicaltitle", "comment", "commonmetadata", "dimensions",
	"extmetadata", "mediatype", "metadata", "mime", "parsedcomment", "sha1", "size", "thumbmime",
	"timestamp", "uploadwarning", "url", "user", "userid", NULL
};

static const char *const prop_descs[] = {
	"archivename=The file name of an archived (older) version.",
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
	"thumbmime=The MIME type of the thumbnail (needs url and urlwidth).",
	"timestamp=When the version was uploaded.",
	"uploadwarning=The HTML of the warning an upload of this name would get (for Special:Upload).",
	"url=The URLs of the file and its description page.",
	"user=Who uploaded the version.",
	"userid=The user ID of who uploaded the version.",
	NULL
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "timestamp|user", .values = prop_values,
	  .value_descs = prop_descs, .offset = offsetof(struct imageinfo_params, prop),
	  .desc = "What to return for each file version." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "1", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct imageinfo_params, limit), .desc = "How many file versions to return per file." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct imageinfo_params, start),
	  .desc = "The newest version to list." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct imageinfo_params, end),
	  .desc = "The oldest version to list." },
	{ .name = "urlwidth", .type = API_T_INT, .dflt = "-1", .offset = offsetof(struct imageinfo_params, urlwidth),
	  .desc = "With prop=url, also give the URL of a thumbnail this wide. At most 50 thumbnails are made per "
		  "request; the rest continue." },
	{ .name = "urlheight", .type = API_T_INT, .dflt = "-1", .offset = offsetof(struct imageinfo_params, urlheight),
	  .desc = "Like urlwidth, for the height." },
	{ .name = "metadataversion", .type = API_T_STRING, .dflt = "1",
	  .offset = offsetof(struct imageinfo_params, metadataversion),
	  .desc = "The version of the metadata format: \"latest\", or 1 for the old one." },
	{ .name = "extmetadatalanguage", .type = API_T_STRING, .dflt = "en",
	  .offset = offsetof(struct imageinfo_params, extmetadatalanguage),
	  .desc = "The language of extmetadata, when it has several." },
	{ .name = "extmetadatamultilang", .type = API_T_BOOL,
	  .offset = offsetof(struct imageinfo_params, extmetadatamultilang),
	  .desc = "Give extmetadata in every language it has." },
	{ .name = "extmetadatafilter", .type = API_T_STRING, .flags = API_P_MULTI,
	  .offset = offsetof(struct imageinfo_params, extmetadatafilter),
	  .desc = "Only these keys of extmetadata." },
	{ .name = "urlparam", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct imageinfo_params, urlparam),
	  .desc = "A parameter string of the media handler for the thumbnail, as \"page15-50px\"." },
	{ .name = "badfilecontexttitle", .type = API_T_STRING,
	  .offset = offsetof(struct imageinfo_params, badfilecontexttitle),
	  .desc = "The page for which prop=badfile is checked." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct imageinfo_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "localonly", .type = API_T_BOOL, .offset = offsetof(struct imageinfo_params, localonly),
	  .desc = "Only files of the local repository." },
	{ 0 }
};

static int cmp_dbkey(const void *a, const void *b)
{
	const struct query_page *x = *(struct query_page *const *)a, *y = *(struct query_page *const *)b;
	return strcmp(x->dbkey, y->dbkey);
}

/* The upload warning's HTML for a title without a file: a note when its description page exists. */
static const char *upload_warning(struct api_ctx *ctx, const struct query_page *qp)
{
	if (qp->kind != QUERY_PAGE_GOOD)
		return "";
	const char *link = arena_printf(ctx->arena, "<strong><a class=\"mw-selflink selflink\">%s</a></strong>",
					api_html_escape(ctx->arena, qp->title));
	return arena_printf(ctx->arena, "<p>%s</p>", api_msg(ctx, "filepageexists", (const char *const[]){ link, NULL }));
}

static int exec_imageinfo(struct api_ctx *ctx, void *vp)
{
	struct imageinfo_params *p = vp;
	if (p->badfilecontexttitle) {
		struct wiki_title t;
		const char *err;
		if (wiki_title_parse(ctx->arena, p->badfilecontexttitle, 0, &t, &err) != RC_OK || *t.interwiki)
			return api_error(ctx, "invalid-title", "apierror-bad-badfilecontexttitle", "ii");
	}
	struct api_pageset *ps = query_pageset_current(ctx);
	struct query_page **files = arena_alloc(ctx->arena, (ps->n_pages + 1) * sizeof(*files));
	size_t n = 0;
	for (size_t i = 0; i < ps->n_pages; i++) {
		struct query_page *qp = ps->pages[i];
		if ((qp->kind == QUERY_PAGE_GOOD || qp->kind == QUERY_PAGE_MISSING) && qp->ns == WIKI_NS_FILE)
			files[n++] = qp;
	}
	if (!n)
		return RC_OK;
	qsort(files, n, sizeof(*files), cmp_dbkey);
	const char *from = NULL;
	if (p->cont) {
		const char *bar = strchr(p->cont, '|');
		if (!bar || strchr(bar + 1, '|'))
			return api_error(ctx, "badcontinue", NULL);
		from = arena_strndup(ctx->arena, p->cont, (size_t)(bar - p->cont));
	}
	bool describe = api_list_has(&p->prop, "uploadwarning") || api_list_has(&p->prop, "badfile");
	bool scale = p->urlwidth != -1 || p->urlheight != -1 || *p->urlparam;
	for (size_t i = 0; i < n; i++) {
		struct query_page *qp = files[i];
		if (from && strcmp(qp->dbkey, from) < 0)
			continue;
		struct api_node *page = query_page_node(ctx, qp);
		api_add_str(page, "imagerepository", "");
		if (!describe)
			continue;
		if (api_list_has(&p->prop, "badfile"))
			api_add_bool(page, "badfile", false);
		if (scale && *p->urlparam)
			api_warn(ctx, "nothumb-noimagehandler", NULL, wiki_escape_wikitext(ctx->arena, qp->dbkey));
		if (p->end)
			continue;
		struct api_node *info = api_add_object(api_add_array(page, "imageinfo", "ii"), NULL);
		if (api_list_has(&p->prop, "uploadwarning"))
			api_add_str(info, "html", upload_warning(ctx, qp));
		if (api_list_has(&p->prop, "canonicaltitle"))
			api_add_str(info, "canonicaltitle", qp->title);
		if (api_list_has(&p->prop, "url")) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, qp->ns, qp->dbkey, &t);
			api_add_str(info, "descriptionurl", wiki_title_url(ctx->arena, &t));
			if (qp->kind == QUERY_PAGE_GOOD)
				api_add_strf(info, "descriptionshorturl", "%s%s/index.php?curid=%lld",
					     config.server ? config.server : "", config.scriptpath ? config.scriptpath : "",
					     (long long)qp->id);
		}
		api_add_bool(info, "filemissing", true);
	}
	return RC_OK;
}

const struct api_module api_module_prop_imageinfo = {
	.name = "imageinfo",
	.group = API_G_PROP,
	.prefix = "ii",
	.params = params,
	.params_size = sizeof(struct imageinfo_params),
	.summary = "The file versions of the given files, and what is known of them.",
	.examples = (const char *const[]){
		"action=query&titles=File:Albert%20Einstein%20Head.jpg&prop=imageinfo",
		"The current version of File:Albert Einstein Head.jpg.",
		"action=query&titles=File:Test.jpg&prop=imageinfo&iilimit=50&iiend=2007-12-31T23:59:59Z&iiprop=timestamp"
		"|user|url",
		"The versions of File:Test.jpg uploaded in 2008 and later.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Imageinfo", NULL },
	.exec = exec_imageinfo,
};
