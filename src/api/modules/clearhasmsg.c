/* SPDX-License-Identifier: MIT */
/*
 * clearhasmsg.c — action=clearhasmsg: clear the "you have new messages"
 * flag (user_newtalk) of the current user, or of the IP address for an
 * anonymous user.
 */
#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

static int exec_clearhasmsg(struct api_ctx *ctx, void *vp)
{
	int rc = store_begin(ctx->store);
	if (rc == RC_OK)
		rc = ctx->user->id
			? store_run(ctx->store, "DELETE FROM user_newtalk WHERE user_id = ?", "i", ctx->user->id)
			: store_run(ctx->store, "DELETE FROM user_newtalk WHERE user_ip = ?", "t", ctx->user->name);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	api_add_str(ctx->result, "clearhasmsg", "success");
	return RC_OK;
}

const struct api_module api_module_clearhasmsg = {
	.name = "clearhasmsg",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE,
	.summary = "Mark the new-talk-message notice of the current user as seen.",
	.examples = (const char *const[]){
		"action=clearhasmsg", "Mark the talk-page notice of the current user as seen.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Clearhasmsg", NULL },
	.exec = exec_clearhasmsg,
};
