/* SPDX-License-Identifier: MIT */
/*
 * authdata.c — managing a logged-in account's authentication data, as
 * MediaWiki 1.39's ApiChangeAuthenticationData, ApiRemoveAuthenticationData
 * (action=removeauthenticationdata and action=unlinkaccount) and
 * ApiLinkAccount do with the providers wikid has: the local password
 * (MediaWiki\Auth\PasswordAuthenticationRequest, changed with the fields
 * password and retype), the temporary password
 * (MediaWiki\Auth\TemporaryPasswordAuthenticationRequest, which can be
 * removed) and no account-linking provider at all, so linking always
 * fails with userlogin-cannot-link and nothing can be unlinked.
 *
 * Changing credentials and linking are security-sensitive operations:
 * a session logged in more than REAUTH_SECONDS ago must log in again
 * (reauthenticate), except bot-password sessions, which cannot, and are
 * let through as MediaWiki's default allows.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "account_int.h"

/* $wgReauthenticateTime's default: seconds a login counts as recent. */
#define REAUTH_SECONDS 300

/* Request ids (AuthenticationRequest::getUniqueId()) of the providers. */
#define REQ_PASSWORD "MediaWiki\\Auth\\PasswordAuthenticationRequest"
#define REQ_TEMP_PASSWORD "MediaWiki\\Auth\\TemporaryPasswordAuthenticationRequest"

/* ApiAuthManagerHelper::securitySensitiveOperation: RC_OK or the reauthenticate error. */
static int security_sensitive(struct api_ctx *ctx)
{
	if (ctx->user->bot_password)
		return RC_OK;
	long age = wiki_session_age(ctx->store, ctx->user->session_id);
	if (age < 0 || age > REAUTH_SECONDS)
		return api_error(ctx, "reauthenticate", "apierror-reauthenticate");
	return RC_OK;
}

/* ---------- action=changeauthenticationdata ---------- */

struct changeauth_params {
	const char *request; /* changeauthrequest */
	const char *token;   /* changeauthtoken */
};

static const struct api_param change_params[] = {
	{ .name = "request", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct changeauth_params, request),
	  .desc = "The authentication request to use: an id from "
		  "action=query&meta=authmanagerinfo&amirequestsfor=change." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE | API_P_TOKEN,
	  .offset = offsetof(struct changeauth_params, token),
	  .desc = "A CSRF token from action=query&meta=tokens." },
	{ 0 }
};

static int exec_changeauth(struct api_ctx *ctx, void *vp)
{
	struct changeauth_params *p = vp;
	if (ctx->user->id == 0)
		return api_error(ctx, "notloggedin", "apierror-mustbeloggedin-changeauthenticationdata");
	if (security_sensitive(ctx) != RC_OK)
		return RC_ERR;
	/* The request loads only with both of its required fields given and not empty. */
	const char *password = account_field(ctx, "password");
	const char *retype = account_field(ctx, "retype");
	if (!streq(p->request, REQ_PASSWORD) || !password || !*password || !retype || !*retype)
		return api_error(ctx, "badrequest", "apierror-changeauth-norequest");
	if (!streq(password, retype))
		return api_error(ctx, "badretype", "badretype");
	struct wiki_pw_problem *pr;
	size_t n;
	wiki_password_policy(ctx->arena, ctx->user->name, ctx->user->groups, password, &pr, &n);
	if (n) {
		if (pr[0].param >= 0)
			return api_error(ctx, pr[0].key, pr[0].key, arena_printf(ctx->arena, "%ld", pr[0].param));
		return api_error(ctx, pr[0].key, pr[0].key);
	}
	if (wiki_user_set_password(ctx->store, ctx->arena, ctx->user->id, password) != RC_OK)
		return api_db_error(ctx);
	api_add_str(api_add_object(ctx->result, "changeauthenticationdata"), "status", "success");
	return RC_OK;
}

const struct api_module api_module_changeauthenticationdata = {
	.name = "changeauthenticationdata",
	.group = API_G_ACTION,
	.prefix = "changeauth",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.dynamic_params = "The fields of the chosen request come as further parameters named after them: "
			  "password and retype for the password request.",
	.token_type = "csrf",
	.params = change_params,
	.params_size = sizeof(struct changeauth_params),
	.summary = "Change the authentication data of the current user, such as the password.",
	.examples = (const char *const[]){
		"action=changeauthenticationdata&changeauthrequest=MediaWiki%5CAuth%5CPasswordAuthenticationRequest"
		"&password=ExamplePassword&retype=ExamplePassword&changeauthtoken=123ABC",
		"Change the current user's password to ExamplePassword.",
		NULL },
	.helpurls = (const char *const[]){
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:Manage_authentication_data", NULL },
	.exec = exec_changeauth,
};

/* ---------- action=removeauthenticationdata, action=unlinkaccount ---------- */

struct removeauth_params {
	const char *request; /* request id */
	const char *token;   /* csrf token */
};

static const struct api_param remove_params[] = {
	{ .name = "request", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct removeauth_params, request),
	  .desc = "The authentication request to use: an id from "
		  "action=query&meta=authmanagerinfo with amirequestsfor=remove (or unlink)." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE | API_P_TOKEN,
	  .offset = offsetof(struct removeauth_params, token),
	  .desc = "A CSRF token from action=query&meta=tokens." },
	{ 0 }
};

/* Both modules: only the temporary password can be removed, and nothing is linked. */
static int remove_common(struct api_ctx *ctx, const char *request, bool unlink)
{
	if (ctx->user->id == 0)
		return api_error(ctx, "notloggedin", "apierror-mustbeloggedin-removeauth");
	if (security_sensitive(ctx) != RC_OK)
		return RC_ERR;
	if (unlink || !streq(request, REQ_TEMP_PASSWORD))
		return api_error(ctx, "badrequest", "apierror-changeauth-norequest");
	if (wiki_user_clear_temp_password(ctx->store, ctx->user->id) != RC_OK)
		return api_db_error(ctx);
	api_add_str(api_add_object(ctx->result, "removeauthenticationdata"), "status", "success");
	return RC_OK;
}

static int exec_removeauth(struct api_ctx *ctx, void *vp)
{
	return remove_common(ctx, ((struct removeauth_params *)vp)->request, false);
}

static int exec_unlink(struct api_ctx *ctx, void *vp)
{
	return remove_common(ctx, ((struct removeauth_params *)vp)->request, true);
}

const struct api_module api_module_removeauthenticationdata = {
	.name = "removeauthenticationdata",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = remove_params,
	.params_size = sizeof(struct removeauth_params),
	.summary = "Remove authentication data of the current user.",
	.examples = (const char *const[]){
		"action=removeauthenticationdata&request=MediaWiki%5CAuth%5CTemporaryPasswordAuthenticationRequest"
		"&token=123ABC",
		"Remove the current user's temporary password.",
		NULL },
	.helpurls = (const char *const[]){
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:Manage_authentication_data", NULL },
	.exec = exec_removeauth,
};

const struct api_module api_module_unlinkaccount = {
	.name = "unlinkaccount",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = remove_params,
	.params_size = sizeof(struct removeauth_params),
	.summary = "Remove a linked third-party account from the current user.",
	.help = "This wiki has no provider of linked accounts, so there is never anything to remove.",
	.examples = (const char *const[]){
		"action=unlinkaccount&request=FooAuthenticationRequest&token=123ABC",
		"Try to remove the link of the current user to the account of FooAuthenticationRequest.",
		NULL },
	.helpurls = (const char *const[]){
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:Manage_authentication_data", NULL },
	.exec = exec_unlink,
};

/* ---------- action=linkaccount ---------- */

struct linkaccount_params {
	struct api_list requests; /* linkrequests */
	const char *msgformat;    /* linkmessageformat */
	bool mergefields;         /* linkmergerequestfields */
	const char *returnurl;    /* linkreturnurl */
	bool cont;                /* linkcontinue */
	const char *token;        /* linktoken */
};

static const struct api_param link_params[] = {
	{ .name = "requests", .type = API_T_STRING, .flags = API_P_MULTI,
	  .offset = offsetof(struct linkaccount_params, requests),
	  .desc = "Only use these authentication requests (ids from "
		  "action=query&meta=authmanagerinfo&amirequestsfor=link)." },
	{ .name = "messageformat", .type = API_T_ENUM, .dflt = "wikitext",
	  .values = (const char *const[]){ "html", "wikitext", "raw", "none", NULL },
	  .offset = offsetof(struct linkaccount_params, msgformat), .desc = "Format of the messages returned." },
	{ .name = "mergerequestfields", .type = API_T_BOOL,
	  .offset = offsetof(struct linkaccount_params, mergefields),
	  .desc = "Merge the field information of all authentication requests into one list." },
	{ .name = "returnurl", .type = API_T_STRING, .offset = offsetof(struct linkaccount_params, returnurl),
	  .desc = "Where third-party authentication flows return to. Either this or linkcontinue is "
		  "required." },
	{ .name = "continue", .type = API_T_BOOL, .offset = offsetof(struct linkaccount_params, cont),
	  .desc = "Continue a link that answered UI or REDIRECT. Either this or linkreturnurl is "
		  "required." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE | API_P_TOKEN,
	  .offset = offsetof(struct linkaccount_params, token),
	  .desc = "A CSRF token from action=query&meta=tokens." },
	{ 0 }
};

static int exec_linkaccount(struct api_ctx *ctx, void *vp)
{
	struct linkaccount_params *p = vp;
	if (ctx->user->id == 0)
		return api_error(ctx, "notloggedin", "apierror-mustbeloggedin-linkaccounts");
	if (api_require_at_least_one(ctx, (const char *const[]){ "continue", "returnurl", NULL }) != RC_OK)
		return RC_ERR;
	if (p->returnurl && !account_url_ok(p->returnurl))
		return api_error(ctx, "badurl_linkreturnurl", "apierror-badurl", "linkreturnurl", p->returnurl);
	if (security_sensitive(ctx) != RC_OK)
		return RC_ERR;
	struct api_node *out = api_add_object(ctx->result, "linkaccount");
	account_auth_fail(ctx, out, p->msgformat ? p->msgformat : "wikitext", "userlogin-cannot-link",
			  "userlogin-cannot-link", NULL);
	return RC_OK;
}

const struct api_module api_module_linkaccount = {
	.name = "linkaccount",
	.group = API_G_ACTION,
	.prefix = "link",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN | API_M_NO_READ,
	.dynamic_params = "The fields of the chosen requests would come as further parameters; this wiki "
			  "has no provider of linked accounts, so there are none.",
	.token_type = "csrf",
	.params = link_params,
	.params_size = sizeof(struct linkaccount_params),
	.summary = "Link an account of a third-party provider to the current user.",
	.help = "This wiki has no provider of linked accounts: the answer is always FAIL with "
		"messagecode userlogin-cannot-link.",
	.examples = (const char *const[]){
		"action=linkaccount&provider=Example&linkreturnurl=http://example.org/&linktoken=123ABC",
		"Start linking an account from Example.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Linkaccount", NULL },
	.exec = exec_linkaccount,
};
