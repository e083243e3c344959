/* SPDX-License-Identifier: MIT */
/*
 * tokens.c — the `token` parameter of write modules. Without sessions
 * every client is anonymous, and MediaWiki's token for anonymous users
 * is the fixed string "+\" for every type.
 */
#include "api_int.h"

#include "../wiki/wiki.h"

int api_token_check(struct api_ctx *ctx, const struct api_module *m)
{
	const struct http_param *p = api_param_lookup(ctx, "token");
	if (!p)
		return api_error(ctx, "missingparam", NULL, "token");
	if (!streq(p->value, "+\\"))
		return api_error(ctx, "badtoken", NULL);
	return RC_OK;
}
