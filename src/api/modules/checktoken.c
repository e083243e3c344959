/* SPDX-License-Identifier: MIT */
/*
 * checktoken.c — action=checktoken: is a token valid for this session?
 * "generated" is the time written into the token, whenever the token
 * has one (also for invalid tokens), as MediaWiki reports it.
 */
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include "../../wiki/wiki.h"
#include "../api_int.h"

struct checktoken_params {
	const char *type;  /* token type */
	const char *token; /* the token */
	long maxtokenage;  /* seconds; absent = no limit */
};

static const struct api_param params[] = {
	{ .name = "type", .type = API_T_ENUM, .flags = API_P_REQUIRED,
	  .values = (const char *const[]){ "createaccount", "csrf", "login", "patrol", "rollback",
					   "userrights", "watch", NULL },
	  .offset = offsetof(struct checktoken_params, type), .desc = "Type of the token to check." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE,
	  .offset = offsetof(struct checktoken_params, token), .desc = "The token to check." },
	{ .name = "maxtokenage", .type = API_T_INT, .offset = offsetof(struct checktoken_params, maxtokenage),
	  .desc = "Largest allowed age of the token, in seconds." },
	{ 0 }
};

/* The hex time inside a token ("<32 hex><time hex>+\"), or -1. */
static int64_t token_time(const char *t)
{
	size_t len = strlen(t);
	if (len < 32 + 1 + 2 || len > 32 + 16 + 2 || strcmp(t + len - 2, "+\\") != 0)
		return -1;
	int64_t v = 0;
	for (size_t i = 32; i < len - 2; i++) {
		char c = t[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static int exec_checktoken(struct api_ctx *ctx, void *vp)
{
	struct checktoken_params *p = vp;
	int64_t maxage = api_param_given(ctx, "maxtokenage") ? p->maxtokenage : -1;
	enum wiki_token_status s = wiki_token_check(ctx->user, p->type, p->token, maxage, NULL);
	struct api_node *out = api_add_object(ctx->result, "checktoken");
	api_add_str(out, "result", s == WIKI_TOKEN_VALID ? "valid" : s == WIKI_TOKEN_EXPIRED ? "expired" : "invalid");
	int64_t t = token_time(p->token);
	if (t >= 0) {
		char ts[15];
		time_t tt = (time_t)t;
		struct tm tm;
		gmtime_r(&tt, &tm);
		strftime(ts, sizeof(ts), "%Y%m%d%H%M%S", &tm);
		api_add_str(out, "generated", wiki_timestamp_iso(ctx->arena, ts));
	}
	return RC_OK;
}

const struct api_module api_module_checktoken = {
	.name = "checktoken",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = 0,
	.params = params,
	.params_size = sizeof(struct checktoken_params),
	.summary = "Tell whether a token from meta=tokens is still good for this session.",
	.examples = (const char *const[]){
		"action=checktoken&type=csrf&token=123ABC", "Check whether a csrf token is valid.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Checktoken", NULL },
	.exec = exec_checktoken,
};
