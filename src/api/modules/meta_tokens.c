/* SPDX-License-Identifier: MIT */
/*
 * meta_tokens.c — meta=tokens: tokens for data-modifying actions, as
 * "<type>token" members of query.tokens in the order asked for. Login
 * and createaccount tokens start an anonymous session when there is
 * none (the token needs something to be bound to), as MediaWiki does.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

struct tokens_params {
	struct api_list type; /* token types */
};

static const struct api_param params[] = {
	{ .name = "type", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_ALLOW_ALL, .dflt = "csrf",
	  .values = (const char *const[]){ "createaccount", "csrf", "login", "patrol", "rollback",
					   "userrights", "watch", NULL },
	  .offset = offsetof(struct tokens_params, type), .desc = "The kinds of token wanted." },
	{ 0 }
};

static int exec_tokens(struct api_ctx *ctx, void *vp)
{
	struct tokens_params *p = vp;
	struct api_node *out = api_node_object(api_query_node(ctx), "tokens");
	/* MediaWiki marks it assoc, so no token at all is {} (kvp only changes XML, and it is empty). */
	if (p->type.n == 0)
		api_node_set_type(out, API_ARR_KVP, NULL);
	int64_t now = util_now();
	for (size_t i = 0; i < p->type.n; i++) {
		const char *type = p->type.v[i];
		const char *tok = wiki_token_make(ctx->arena, ctx->user, type, now);
		if (!tok) {
			if (wiki_session_ensure(ctx->arena, ctx->store, ctx->resp, ctx->user) != RC_OK)
				return api_db_error(ctx);
			tok = wiki_token_make(ctx->arena, ctx->user, type, now);
		}
		api_add_str(out, arena_printf(ctx->arena, "%stoken", type), tok);
	}
	return RC_OK;
}

const struct api_module api_module_meta_tokens = {
	.name = "tokens",
	.group = API_G_META,
	.prefix = "",
	.flags = API_M_NO_READ,
	.params = params,
	.params_size = sizeof(struct tokens_params),
	.summary = "Fetch the tokens that write requests must carry.",
	.examples = (const char *const[]){
		"action=query&meta=tokens", "Fetch a csrf token (what you get by default).",
		"action=query&meta=tokens&type=watch|patrol", "Fetch a watch token and a patrol token together.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Tokens", NULL },
	.exec = exec_tokens,
};
