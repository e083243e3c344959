/* SPDX-License-Identifier: MIT */
/*
 * meta=filerepoinfo: the file repositories of the wiki, as MediaWiki's
 * ApiQueryFileRepoInfo describes them. wikid has one, the local
 * repository, with no foreign ones; it is described from the
 * configuration as MediaWiki's defaults make it ($wgUploadPath under the
 * script path, thumbnails below it, $wgFavicon "/favicon.ico" made
 * absolute), and canUpload is false: uploads are disabled (siteinfo's
 * uploadsenabled). The members come in MediaWiki's order, whatever the
 * order of friprop.
 */
#include <stddef.h>

#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct filerepoinfo_params {
	struct api_list prop; /* the members to show */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .dflt = "canUpload|displayname|favicon|initialCapital|local|name|rootUrl|scriptDirUrl|thumbUrl|url",
	  .values = (const char *const[]){ "canUpload", "displayname", "favicon", "initialCapital", "local", "name",
					   "rootUrl", "scriptDirUrl", "thumbUrl", "url", NULL },
	  .offset = offsetof(struct filerepoinfo_params, prop),
	  .desc = "Which properties of the repositories to show (the values differ between wikis)." },
	{ 0 }
};

static int exec_filerepoinfo(struct api_ctx *ctx, void *vp)
{
	struct filerepoinfo_params *p = vp;
	const char *script = config.scriptpath ? config.scriptpath : "";
	const char *upload = arena_printf(ctx->arena, "%s/images", script);
	const struct wiki_ns *file_ns = wiki_ns_get(WIKI_NS_FILE);
	struct api_node *repos = api_add_array(api_query_node(ctx), "repos", "repo");
	struct api_node *r = api_node_set_type(api_add_object(repos, NULL), API_ARR_ASSOC, NULL);
	if (api_list_has(&p->prop, "name"))
		api_add_str(r, "name", "local");
	if (api_list_has(&p->prop, "displayname"))
		api_add_str(r, "displayname", config.sitename ? config.sitename : "");
	if (api_list_has(&p->prop, "rootUrl"))
		api_add_str(r, "rootUrl", upload);
	if (api_list_has(&p->prop, "local"))
		api_add_bool(r, "local", true);
	if (api_list_has(&p->prop, "url"))
		api_add_str(r, "url", upload);
	if (api_list_has(&p->prop, "thumbUrl"))
		api_add_strf(r, "thumbUrl", "%s/thumb", upload);
	if (api_list_has(&p->prop, "initialCapital"))
		api_add_bool(r, "initialCapital", !file_ns || file_ns->is_capitalized);
	if (api_list_has(&p->prop, "scriptDirUrl"))
		api_add_str(r, "scriptDirUrl", script);
	if (api_list_has(&p->prop, "favicon"))
		api_add_strf(r, "favicon", "%s/favicon.ico", config.server ? config.server : "");
	if (api_list_has(&p->prop, "canUpload"))
		api_add_bool(r, "canUpload", false);
	return RC_OK;
}

const struct api_module api_module_meta_filerepoinfo = {
	.name = "filerepoinfo",
	.group = API_G_META,
	.prefix = "fri",
	.params = params,
	.params_size = sizeof(struct filerepoinfo_params),
	.summary = "Describe the file repositories of the wiki.",
	.examples = (const char *const[]){
		"action=query&meta=filerepoinfo&friprop=name|displayname",
		"The names and display names of the file repositories.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Filerepoinfo", NULL },
	.exec = exec_filerepoinfo,
};
