/* SPDX-License-Identifier: MIT */
/*
 * tokens.c — the token check the dispatcher runs for API_M_NEEDS_TOKEN
 * modules, in MediaWiki's order: the token parameter must be present and
 * not empty (missingparam), must come in the POST body and not the query string
 * (mustpostparams: a token in a URL ends up in logs and Referer headers),
 * and must match the session (badtoken). The token itself is made and
 * checked by wiki/token.c.
 */
#include "api_int.h"

#include "../wiki/wiki.h"

int api_token_check(struct api_ctx *ctx, const struct api_module *m, void *params)
{
	const char *name = arena_printf(ctx->arena, "%stoken", m->prefix ? m->prefix : "");
	const struct http_param *p = api_param_take(ctx, name);
	/* A required string: an empty one is as missing (StringDef). */
	if (!p)
		return api_error(ctx, "missingparam", "paramvalidator-missingparam", api_p_plain(ctx->arena, name));
	if (!*p->value)
		return api_error(ctx, "missingparam", "paramvalidator-missingparam", api_p_plain(ctx->arena, name),
				 api_p_plain(ctx->arena, ""));
	/* The token is consumed here, not by the module's spec table: no "unused" warning for it. */
	struct api_main *mm = api_main_of(ctx);
	if (mm->used)
		mm->used[p - ctx->req->params] = true;
	if (!p->from_body)
		return api_error(ctx, "mustpostparams", NULL, name, api_p_int(ctx->arena, 1));
	const char *type = m->token_type ? m->token_type : "csrf";
	if (wiki_token_check(ctx->user, type, p->value, -1, NULL) != WIKI_TOKEN_VALID) {
		if (m->token_mismatch && m->token_mismatch(ctx, params) != RC_OK)
			return RC_ERR;
		return api_error(ctx, "badtoken", NULL);
	}
	return RC_OK;
}
