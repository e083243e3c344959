/* SPDX-License-Identifier: MIT */
/*
 * acquiretempusername.c — action=acquiretempusername: reserve the name
 * of the temporary account an anonymous edit of this session would
 * create (wiki/tempuser.c) and keep it in the session; asked again, it
 * answers the same name. The account itself is made by the first edit.
 */
#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

static int exec_acquiretempusername(struct api_ctx *ctx, void *vp)
{
	if (!wiki_temp_enabled())
		return api_error(ctx, "tempuserdisabled", NULL);
	if (ctx->user->id)
		return api_error(ctx, "alreadyregistered", NULL);
	if (!wiki_user_can(ctx->user, "createaccount"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-createaccount", NULL, 0));
	const char *name;
	if (wiki_session_ensure(ctx->arena, ctx->store, ctx->resp, ctx->user) != RC_OK)
		return api_db_error(ctx);
	int rc = store_begin(ctx->store);
	if (rc == RC_OK)
		rc = wiki_temp_acquire(ctx->store, ctx->arena, ctx->user->session_id, &name);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	api_add_str(ctx->result, "acquiretempusername", name);
	return RC_OK;
}

const struct api_module api_module_acquiretempusername = {
	.name = "acquiretempusername",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE,
	.summary = "Reserve the name of the temporary account an anonymous edit from this session would create, "
		   "and keep it in the session. Asked again, it gives the same name. Only when temporary accounts are "
		   "enabled and the user is not logged in.",
	.examples = (const char *const[]){
		"action=acquiretempusername", "Reserve a temporary account name for this session.",
		NULL },
	.exec = exec_acquiretempusername,
};
