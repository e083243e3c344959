/* SPDX-License-Identifier: MIT */
/*
 * logout.c — action=logout: end the session. The session row goes, so
 * every token made for it stops working, and the cookies are cleared.
 * The answer is an empty object, as MediaWiki's.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

struct logout_params {
	const char *token; /* csrf token (checked by the dispatcher) */
};

static const struct api_param params[] = {
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE | API_P_TOKEN,
	  .offset = offsetof(struct logout_params, token),
	  .desc = "A \"csrf\" token from action=query&meta=tokens." },
	{ 0 }
};

static int exec_logout(struct api_ctx *ctx, void *vp)
{
	if (wiki_session_logout(ctx->arena, ctx->store, ctx->resp, ctx->user) != RC_OK)
		return api_db_error(ctx);
	ctx->user = wiki_user_anon(ctx->arena, ctx->req->remote_ip);
	return RC_OK;
}

const struct api_module api_module_logout = {
	.name = "logout",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_NEEDS_TOKEN | API_M_NO_READ,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct logout_params),
	.summary = "End the current session and forget its data.",
	.examples = (const char *const[]){
		"action=logout&token=123ABC", "Log the current user out.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Logout", NULL },
	.exec = exec_logout,
};
