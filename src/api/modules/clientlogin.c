/* SPDX-License-Identifier: MIT */
/*
 * clientlogin.c — action=clientlogin, the AuthManager-style login for
 * interactive clients. wikid has one authentication provider (the
 * local password), so the flow has a single step: the request carries
 * the "username" and "password" fields; the answer is PASS with the
 * user name, or FAIL with a message. Multi-step continuation
 * (logincontinue) therefore never has anything in progress.
 * The loginreturnurl/logincontinue requirement, the token check and the
 * field names follow MediaWiki 1.39's ApiClientLogin.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "account_int.h"

struct clientlogin_params {
	struct api_list requests; /* loginrequests */
	const char *msgformat;    /* loginmessageformat */
	bool mergefields;         /* loginmergerequestfields */
	bool preservestate;       /* loginpreservestate */
	const char *returnurl;    /* loginreturnurl */
	bool cont;                /* logincontinue */
	const char *token;        /* logintoken */
};

static const struct api_param params[] = {
	{ .name = "requests", .type = API_T_STRING, .flags = API_P_MULTI,
	  .offset = offsetof(struct clientlogin_params, requests),
	  .desc = "Only use these authentication requests (ids from "
		  "action=query&meta=authmanagerinfo&amirequestsfor=login)." },
	{ .name = "messageformat", .type = API_T_ENUM, .dflt = "wikitext",
	  .values = (const char *const[]){ "html", "none", "raw", "wikitext", NULL },
	  .offset = offsetof(struct clientlogin_params, msgformat), .desc = "Format of the messages returned." },
	{ .name = "mergerequestfields", .type = API_T_BOOL,
	  .offset = offsetof(struct clientlogin_params, mergefields),
	  .desc = "Merge the field information of all authentication requests into one list." },
	{ .name = "preservestate", .type = API_T_BOOL,
	  .offset = offsetof(struct clientlogin_params, preservestate),
	  .desc = "Keep the state of an earlier failed attempt, if possible." },
	{ .name = "returnurl", .type = API_T_STRING,
	  .offset = offsetof(struct clientlogin_params, returnurl),
	  .desc = "Where third-party authentication flows return to. Either this or "
		  "logincontinue is required." },
	{ .name = "continue", .type = API_T_BOOL, .offset = offsetof(struct clientlogin_params, cont),
	  .desc = "Continue a login that answered UI or REDIRECT. Either this or loginreturnurl is "
		  "required." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE,
	  .offset = offsetof(struct clientlogin_params, token),
	  .desc = "A login token from action=query&meta=tokens&type=login." },
	{ 0 }
};

static int exec_clientlogin(struct api_ctx *ctx, void *vp)
{
	struct clientlogin_params *p = vp;
	if (api_require_at_least_one(ctx, (const char *const[]){ "continue", "returnurl", NULL }) != RC_OK)
		return RC_ERR;
	if (p->returnurl && !account_url_ok(p->returnurl))
		return api_error(ctx, "badurl_loginreturnurl", "apierror-badurl", "loginreturnurl",
				 p->returnurl);
	struct api_node *out = api_add_object(ctx->result, "clientlogin");
	const char *fmt = p->msgformat ? p->msgformat : "wikitext";
	if (p->cont) {
		account_auth_fail(ctx, out, fmt, "authmanager-authn-not-in-progress",
				  "authmanager-authn-not-in-progress", NULL);
		return RC_OK;
	}
	const char *name = account_field(ctx, "username");
	const char *password = account_field(ctx, "password");
	/* The remember-me request meta=authmanagerinfo offers: taken, with no effect (sessions keep their length). */
	(void)account_field(ctx, "rememberMe");
	int64_t uid = 0, wait = 0;
	const char *bp = NULL, *fail = NULL;
	if (wiki_login_attempt(ctx->store, ctx->arena, ctx->req->remote_ip, name, password, false, &uid,
			       &bp, &fail, &wait) != RC_OK) {
		const char *w = arena_printf(ctx->arena, "%lld seconds", (long long)wait);
		account_auth_fail(ctx, out, fmt, fail, fail,
				  streq(fail, "login-throttled") ? (const char *[]){ w, NULL } : NULL);
		return RC_OK;
	}
	struct wiki_user *u;
	if (wiki_session_login(ctx->arena, ctx->store, ctx->req, ctx->resp, uid, NULL, &u) != RC_OK)
		return api_db_error(ctx);
	ctx->user = u;
	api_add_str(out, "status", "PASS");
	api_add_str(out, "username", u->name);
	return RC_OK;
}

const struct api_module api_module_clientlogin = {
	.name = "clientlogin",
	.group = API_G_ACTION,
	.prefix = "login",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN | API_M_NO_READ,
	.dynamic_params = "The login form's fields come as further parameters named after the fields: "
			  "username and password (and rememberMe).",
	.token_type = "login",
	.params = params,
	.params_size = sizeof(struct clientlogin_params),
	.summary = "Log in through the step-by-step authentication flow that interactive clients use.",
	.help = "Send the fields \"username\" and \"password\" with the request. The answer's "
		"status is PASS (logged in, with \"username\") or FAIL (with \"message\" and "
		"\"messagecode\").",
	.examples = (const char *const[]){
		"action=clientlogin&username=Example&password=ExamplePassword&"
		"loginreturnurl=http://example.org/&logintoken=123ABC",
		"Log in as user Example with password ExamplePassword.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Login", NULL },
	.exec = exec_clientlogin,
};
