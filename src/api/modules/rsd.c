/* SPDX-License-Identifier: MIT */
/*
 * rsd.c — action=rsd: the Really Simple Discovery document that tells
 * blog clients where the API is. As MediaWiki's ApiRsd it is always XML,
 * whatever format= says, with <rsd> as the root element; warnings (an
 * unrecognized parameter) go inside it as in any XML result. The only API
 * listed is wikid's own, with its documentation link and OAuth off.
 */
#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

static int exec_rsd(struct api_ctx *ctx, void *vp)
{
	(void)vp;
	api_params_warn_unused(ctx);

	struct api_node *root = api_result_new(ctx->arena, SIZE_MAX);
	api_add_str(root, "version", "1.0");
	api_add_str(root, "xmlns", "http://archipelago.phrasewise.com/rsd");
	api_emit_warnings(ctx, root);

	struct api_node *service = api_add_object(root, "service");
	struct api_node *apis = api_add_array(service, "apis", "api");
	struct api_node *api = api_add_object(apis, NULL);
	api_add_str(api, "name", "MediaWiki");
	api_add_str(api, "preferred", "true");
	api_add_strf(api, "apiLink", "%s%s/api.php", config.server, config.scriptpath);
	api_add_str(api, "blogID", "");
	/* A list whose content value (docs) is written before its <setting> items. */
	struct api_node *settings = api_add_array(api, "settings", "setting");
	static const char docs[] = "https://www.mediawiki.org/wiki/Special:MyLanguage/API";
	api_add_content_as(settings, "docs", docs, sizeof(docs) - 1);
	struct api_node *oauth = api_add_object(settings, NULL);
	api_add_str(oauth, "name", "OAuth");
	api_add_content_as(oauth, "value", "false", 5);
	api_add_str(service, "engineName", "MediaWiki")->flags |= API_N_SUBELEMENT;
	api_add_str(service, "engineLink", "https://www.mediawiki.org/")->flags |= API_N_SUBELEMENT;
	struct wiki_title mp;
	const char *err = NULL;
	const char *home = config.server;
	if (wiki_title_parse(ctx->arena, config.mainpage, 0, &mp, &err) == RC_OK)
		home = wiki_title_url(ctx->arena, &mp);
	api_add_str(service, "homePageLink", home)->flags |= API_N_SUBELEMENT;

	struct api_format_opts o = *api_main_of(ctx)->fo;
	o.name = "xml";
	o.is_fm = false;
	o.xml_root = "rsd";
	o.xslt = NULL;
	o.includexmlnamespace = false;
	const char *ctype = NULL;
	if (api_format_write(ctx, root, &o, &ctx->resp->body, &ctype) != RC_OK)
		return api_error(ctx, "toobig", NULL, api_p_num(ctx->arena, (long long)ctx->resp->body.max));
	ctx->resp->content_type = "application/rsd+xml; charset=utf-8";
	http_response_add_header(ctx->resp, ctx->arena, "Content-Disposition", "inline; filename=api-result.xml");
	return RC_OK;
}

const struct api_module api_module_rsd = {
	.name = "rsd",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_RAW_OUTPUT | API_M_NO_READ,
	.summary = "Export an RSD (Really Simple Discovery) document describing where the API is.",
	.examples = (const char *const[]){
		"action=rsd", "The RSD document of this wiki.",
		NULL },
	.exec = exec_rsd,
};
