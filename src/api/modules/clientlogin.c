/* SPDX-License-Identifier: MIT */
/*
 * clientlogin.c — action=clientlogin, the AuthManager-style login for
 * interactive clients. wikid has one authentication provider (the
 * local password): the request carries the "username" and "password"
 * fields; the answer is PASS with the user name, or FAIL with a message.
 * A login with the temporary password of a reset has a second step, as
 * MediaWiki's ResetPasswordSecondaryAuthenticationProvider makes it: the
 * answer is UI asking for a new password ("password" and "retype"), the
 * session remembers the login, and logincontinue with the new password
 * sets it and completes the login (a mismatch or a password the policy
 * refuses asks again, with that message).
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
	  .values = (const char *const[]){ "html", "wikitext", "raw", "none", NULL },
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
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE | API_P_TOKEN,
	  .offset = offsetof(struct clientlogin_params, token),
	  .desc = "A login token from action=query&meta=tokens&type=login." },
	{ 0 }
};

/* Answer UI: the login of `name` needs a new password; `key` (with `param`, or none) says why. */
static void ask_new_password(struct api_ctx *ctx, struct api_node *out, const struct clientlogin_params *p,
			     const char *fmt, const char *name, const char *key, const char *param)
{
	api_add_str(out, "status", "UI");
	account_add_reset_requests(ctx, out, p->mergefields, fmt, name);
	account_auth_message(ctx, out, fmt, key, key, param ? (const char *[]){ param, NULL } : NULL);
}

/* Log the session into `uid` and answer PASS. */
static int pass(struct api_ctx *ctx, struct api_node *out, int64_t uid)
{
	struct wiki_user *u;
	if (wiki_session_login(ctx->arena, ctx->store, ctx->req, ctx->resp, uid, NULL, &u) != RC_OK)
		return api_db_error(ctx);
	ctx->user = u;
	api_add_str(out, "status", "PASS");
	api_add_str(out, "username", u->name);
	return RC_OK;
}

/* logincontinue: the new password of a login made with a temporary password, else nothing in progress. */
static int continue_login(struct api_ctx *ctx, struct api_node *out, const struct clientlogin_params *p,
			  const char *fmt)
{
	int64_t uid;
	const char *name;
	if (account_pending_reset(ctx, &uid, &name) != RC_OK) {
		account_auth_fail(ctx, out, fmt, "authmanager-authn-not-in-progress",
				  "authmanager-authn-not-in-progress", NULL);
		return RC_OK;
	}
	const char *password = account_field(ctx, "password");
	const char *retype = account_field(ctx, "retype");
	/* Without both fields the request is not there: the same question again. */
	if (!password || !*password || !retype || !*retype) {
		ask_new_password(ctx, out, p, fmt, name, "resetpass-temp-emailed", NULL);
		return RC_OK;
	}
	if (!streq(password, retype)) {
		ask_new_password(ctx, out, p, fmt, name, "badretype", NULL);
		return RC_OK;
	}
	struct wiki_user *target;
	int rc = wiki_user_load(ctx->arena, ctx->store, NULL, uid, &target);
	if (rc == RC_NOTFOUND) {
		account_set_pending_reset(ctx, 0, NULL);
		account_auth_fail(ctx, out, fmt, "authmanager-authn-not-in-progress",
				  "authmanager-authn-not-in-progress", NULL);
		return RC_OK;
	}
	if (rc != RC_OK)
		return api_db_error(ctx);
	struct wiki_pw_problem *pr;
	size_t n;
	wiki_password_policy(ctx->arena, target->name, target->groups, password, &pr, &n);
	if (n) {
		ask_new_password(ctx, out, p, fmt, name, pr[0].key,
				 pr[0].param >= 0 ? arena_printf(ctx->arena, "%ld", pr[0].param) : NULL);
		return RC_OK;
	}
	/* Setting the password drops the temporary one. */
	if (wiki_user_set_password(ctx->store, ctx->arena, uid, password) != RC_OK ||
	    account_set_pending_reset(ctx, 0, NULL) != RC_OK)
		return api_db_error(ctx);
	return pass(ctx, out, uid);
}

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
	if (p->cont)
		return continue_login(ctx, out, p, fmt);
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
	if (fail) {
		/* A reset's temporary password: the session keeps the login until a new password is chosen. */
		const char *canon = name;
		wiki_user_name_canonical(ctx->arena, name, WIKI_NAME_USABLE, &canon);
		if (wiki_session_ensure(ctx->arena, ctx->store, ctx->resp, ctx->user) != RC_OK ||
		    account_set_pending_reset(ctx, uid, canon) != RC_OK)
			return api_db_error(ctx);
		ask_new_password(ctx, out, p, fmt, canon, fail, NULL);
		return RC_OK;
	}
	return pass(ctx, out, uid);
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
		"status is PASS (logged in, with \"username\"), FAIL (with \"message\" and "
		"\"messagecode\"), or UI after a login with a temporary password: send the new "
		"password as \"password\" and \"retype\" with logincontinue=1 to finish.",
	.examples = (const char *const[]){
		"action=clientlogin&username=Example&password=ExamplePassword&"
		"loginreturnurl=http://example.org/&logintoken=123ABC",
		"Log in as user Example with password ExamplePassword.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Login", NULL },
	.exec = exec_clientlogin,
};
