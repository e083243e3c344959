/* SPDX-License-Identifier: MIT */
/*
 * meta_authmanagerinfo.c — meta=authmanagerinfo: what the
 * authentication API can do and which requests (with their fields) an
 * action takes, as MediaWiki 1.39's ApiQueryAuthManagerInfo answers for
 * a wiki with its default providers: the password provider (login,
 * create, change), the temporary password (its removal, and for a
 * logged-in creator on a wiki that sends mail, accounts created with a
 * mailed password), remember-me for
 * login, and the username, user data and creation reason requests of
 * account creation. No provider links accounts, so link, link-continue
 * and unlink take no request; login-continue has one only while the
 * session's login waits for a new password (after a login with a reset's
 * temporary password, see clientlogin.c), create-continue none. Labels and help texts are messages written in
 * amimessageformat; amimergerequestfields merges the fields as
 * AuthenticationRequest::mergeFieldInfo() does.
 */
#include "account_int.h"

#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"

/* Seconds after a login in which security-sensitive operations need no new login ($wgReauthenticateTime). */
#define REAUTH_SECONDS 300

/* Days a remembered login lasts ($wgExtendedLoginCookieExpiration), the remember-me label's parameter. */
#define REMEMBER_DAYS 180

struct ami_params {
	const char *sso;       /* amisecuritysensitiveoperation */
	const char *requests;  /* amirequestsfor */
	bool merge;            /* amimergerequestfields */
	const char *msgformat; /* amimessageformat */
};

static const struct api_param params[] = {
	{ .name = "securitysensitiveoperation", .type = API_T_STRING, .offset = offsetof(struct ami_params, sso),
	  .desc = "Whether the user could do this security-sensitive operation now, without logging in again." },
	{ .name = "requestsfor", .type = API_T_ENUM,
	  .values = (const char *const[]){ "login", "login-continue", "create", "create-continue", "link",
					      "link-continue", "change", "remove", "unlink", NULL },
	  .offset = offsetof(struct ami_params, requests),
	  .desc = "List the authentication requests this action takes, with their fields." },
	{ .name = "mergerequestfields", .type = API_T_BOOL, .offset = offsetof(struct ami_params, merge),
	  .desc = "Give the fields of all requests once, merged, instead of per request." },
	{ .name = "messageformat", .type = API_T_ENUM, .dflt = "wikitext",
	  .values = (const char *const[]){ "html", "wikitext", "raw", "none", NULL },
	  .offset = offsetof(struct ami_params, msgformat), .desc = "How to write messages (labels, help texts)." },
	{ 0 }
};

/* AuthenticationRequest::$required. */
enum req_need {
	NEED_OPTIONAL, /* "optional" */
	NEED_REQUIRED, /* "required" */
	NEED_PRIMARY,  /* "primary-required": one of the primary requests must be filled */
};

/* One field of a request (getFieldInfo()). */
struct field {
	const char *name;  /* field name, the parameter clients send */
	const char *type;  /* "string", "password", "checkbox" */
	const char *label; /* message key of the label */
	const char *help;  /* message key of the help text */
	bool optional;     /* may be left out */
	bool sensitive;    /* a secret (passwords) */
};

static const struct field f_username = { "username", "string", "userlogin-yourname", "authmanager-username-help",
					 false, false };
static const struct field f_password = { "password", "password", "userlogin-yourpassword",
					 "authmanager-password-help", false, true };
static const struct field f_retype = { "retype", "password", "yourpasswordagain", "authmanager-retype-help", false,
				       true };
static const struct field f_newpassword = { "password", "password", "newpassword", "authmanager-password-help",
					    false, true };
static const struct field f_retypenew = { "retype", "password", "retypenew", "authmanager-retype-help", false,
					  true };
static const struct field f_remember = { "rememberMe", "checkbox", "userlogin-remembermypassword",
					 "authmanager-userlogin-remembermypassword-help", true, false };
static const struct field f_email = { "email", "string", "authmanager-email-label", "authmanager-email-help", true,
				      false };
static const struct field f_realname = { "realname", "string", "authmanager-realname-label",
					 "authmanager-realname-help", true, false };
static const struct field f_reason = { "reason", "string", "createacct-reason", "createacct-reason-help", false,
				       false };
static const struct field f_mailpassword = { "mailpassword", "checkbox", "createaccountmail",
					     "createaccountmail-help", false, false };

/* One authentication request. */
struct request {
	const char *id;               /* getUniqueId(): the PHP class name */
	enum req_need need;           /* see enum req_need */
	const char *provider;         /* message key naming the provider, or NULL: the id itself */
	bool account_is_user;         /* describeCredentials() names the user's account (else the id, or none) */
	const struct field *fields[4]; /* NULL-terminated */
};

#define ID_PASSWORD "MediaWiki\\Auth\\PasswordAuthenticationRequest"
#define ID_TEMP "MediaWiki\\Auth\\TemporaryPasswordAuthenticationRequest"

static const struct request r_login_password = { ID_PASSWORD, NEED_PRIMARY, "authmanager-provider-password", true,
						 { &f_username, &f_password, NULL } };
static const struct request r_remember = { "MediaWiki\\Auth\\RememberMeAuthenticationRequest", NEED_OPTIONAL, NULL,
					   false, { &f_remember, NULL } };
static const struct request r_create_password = { ID_PASSWORD, NEED_PRIMARY, "authmanager-provider-password", false,
						  { &f_username, &f_password, &f_retype, NULL } };
static const struct request r_username = { "MediaWiki\\Auth\\UsernameAuthenticationRequest", NEED_REQUIRED, NULL,
					   false, { &f_username, NULL } };
static const struct request r_userdata = { "MediaWiki\\Auth\\UserDataAuthenticationRequest", NEED_REQUIRED, NULL,
					   false, { &f_email, &f_realname, NULL } };
static const struct request r_reason = { "MediaWiki\\Auth\\CreationReasonAuthenticationRequest", NEED_OPTIONAL, NULL,
					 false, { &f_reason, NULL } };
static const struct request r_change_password = { ID_PASSWORD, NEED_PRIMARY, "authmanager-provider-password", true,
						  { &f_newpassword, &f_retypenew, NULL } };
static const struct request r_remove_temp = { ID_TEMP, NEED_PRIMARY, "authmanager-provider-temporarypassword", true,
					      { &f_mailpassword, NULL } };
/* A logged-in creator's alternative to a password: a temporary one, mailed to the new account's address. */
static const struct request r_create_temp = { ID_TEMP, NEED_PRIMARY, "authmanager-provider-temporarypassword", false,
					      { &f_mailpassword, NULL } };
/* What a login made with a reset's temporary password needs before it completes: a new password. */
static const struct request r_reset_password = { ID_PASSWORD, NEED_REQUIRED, "authmanager-provider-password", true,
						 { &f_newpassword, &f_retypenew, NULL } };

/* The requests of `action` for the requesting user, into `out` (room for 8); returns the count. */
static size_t requests_for(struct api_ctx *ctx, const char *action, const struct request **out)
{
	size_t n = 0;
	if (streq(action, "login")) {
		out[n++] = &r_login_password;
		out[n++] = &r_remember;
	} else if (streq(action, "create")) {
		if (ctx->user->id && config.enable_email)
			out[n++] = &r_create_temp;
		out[n++] = &r_create_password;
		out[n++] = &r_username;
		out[n++] = &r_userdata;
		/* A logged-in user creating an account for someone else may give a reason for the log. */
		if (ctx->user->id)
			out[n++] = &r_reason;
	} else if (streq(action, "change")) {
		out[n++] = &r_change_password;
	} else if (streq(action, "remove")) {
		out[n++] = &r_remove_temp;
	} else if (streq(action, "login-continue")) {
		int64_t uid;
		const char *name;
		if (account_pending_reset(ctx, &uid, &name) == RC_OK)
			out[n++] = &r_reset_password;
	}
	return n;
}

/*
 * Write message `key` (one parameter `param`, or none when NULL; a
 * typed one is kept typed) as member `name` of `obj` in `fmt`, as
 * ApiAuthManagerHelper::formatMessage() does.
 */
static void add_msg(struct api_ctx *ctx, struct api_node *obj, const char *name, const char *fmt, const char *key,
		    const char *param)
{
	const char *mp[2] = { param, NULL };
	if (streq(fmt, "none"))
		return;
	if (streq(fmt, "raw")) {
		struct api_node *m = api_add_object(obj, name);
		api_add_message(ctx, m, API_EF_RAW, key, mp);
		return;
	}
	const char *text = api_msg(ctx, key, mp);
	api_add_str(obj, name, streq(fmt, "html") ? api_html_escape(ctx->arena, text) : text);
}

/*
 * A "$1" message: the plain text `text`, which MediaWiki wraps as a
 * message so that raw shows {"key": "$1", "params": [text]} (null for
 * no text) and the other formats show the text itself ("" for none).
 */
static void add_plain(struct api_ctx *ctx, struct api_node *obj, const char *name, const char *fmt, const char *text)
{
	if (streq(fmt, "none"))
		return;
	if (streq(fmt, "raw")) {
		struct api_node *m = api_add_object(obj, name);
		api_add_str(m, "key", "$1");
		struct api_node *pl = api_add_array(m, "params", "param");
		if (text)
			api_add_str(pl, NULL, text);
		else
			api_add_null(pl, NULL);
		return;
	}
	api_add_str(obj, name, !text ? "" : streq(fmt, "html") ? api_html_escape(ctx->arena, text) : text);
}

/* One field as formatFields() writes it; `optional` and `sensitive` as decided by the caller. */
static void add_field(struct api_ctx *ctx, struct api_node *fields, const struct field *f, const char *fmt,
		      bool optional, bool sensitive)
{
	struct api_node *o = api_add_object(fields, f->name);
	api_add_str(o, "type", f->type);
	const char *lparam = streq(f->name, "rememberMe") ? api_p_num(ctx->arena, REMEMBER_DAYS) : NULL;
	add_msg(ctx, o, "label", fmt, f->label, lparam);
	add_msg(ctx, o, "help", fmt, f->help, NULL);
	api_add_bool(o, "optional", optional);
	api_add_bool(o, "sensitive", sensitive);
}

/* Is `name` a field every primary-required request of `reqs` requires (mergeFieldInfo's shared set)? */
static bool shared_primary(const struct request *const *reqs, size_t n, const char *name)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (reqs[i]->need != NEED_PRIMARY)
			continue;
		any = true;
		bool has = false;
		for (const struct field *const *f = reqs[i]->fields; *f; f++)
			has = has || (streq((*f)->name, name) && !(*f)->optional);
		if (!has)
			return false;
	}
	return any;
}

/* The fields of all requests merged (AuthenticationRequest::mergeFieldInfo()) into object `out`. */
static void add_merged(struct api_ctx *ctx, struct api_node *out, const struct request *const *reqs, size_t n,
		       const char *fmt)
{
	const struct field *seen[16];
	bool optional[16], sensitive[16];
	size_t n_seen = 0;
	for (size_t i = 0; i < n; i++) {
		for (const struct field *const *f = reqs[i]->fields; *f; f++) {
			bool opt = reqs[i]->need == NEED_OPTIONAL ||
				   (reqs[i]->need == NEED_PRIMARY && !shared_primary(reqs, n, (*f)->name)) || (*f)->optional;
			size_t j = 0;
			while (j < n_seen && !streq(seen[j]->name, (*f)->name))
				j++;
			if (j == n_seen) {
				if (n_seen == ARRAY_SIZE(seen))
					continue;
				seen[n_seen] = *f;
				optional[n_seen] = opt;
				sensitive[n_seen++] = (*f)->sensitive;
			} else {
				/* Label and help come from the first request; optional only when optional everywhere. */
				optional[j] = optional[j] && opt;
				sensitive[j] = sensitive[j] || (*f)->sensitive;
			}
		}
	}
	for (size_t j = 0; j < n_seen; j++)
		add_field(ctx, out, seen[j], fmt, optional[j], sensitive[j]);
}

/*
 * The "requests" list of `reqs` (and with `merge`, their merged "fields")
 * under `res`, as ApiAuthManagerHelper::formatRequests() writes them;
 * `account` is the account the user's own requests describe (NULL: none).
 */
static void add_requests(struct api_ctx *ctx, struct api_node *res, const struct request *const *reqs, size_t n,
			 bool merge, const char *fmt, const char *account)
{
	struct api_node *list = api_add_array(res, "requests", NULL);
	for (size_t i = 0; i < n; i++) {
		const struct request *r = reqs[i];
		struct api_node *e = api_add_object(list, NULL);
		api_add_str(e, "id", r->id);
		api_node_set_type(api_add_object(e, "metadata"), API_ARR_ASSOC, NULL);
		api_add_str(e, "required", r->need == NEED_OPTIONAL ? "optional" : r->need == NEED_REQUIRED ? "required"
											  : "primary-required");
		if (r->provider)
			add_msg(ctx, e, "provider", fmt, r->provider, NULL);
		else
			add_plain(ctx, e, "provider", fmt, r->id);
		add_plain(ctx, e, "account", fmt, r->account_is_user ? account : r->provider ? NULL : r->id);
		if (merge)
			continue;
		struct api_node *fields = api_node_set_type(api_add_object(e, "fields"), API_ARR_ASSOC, NULL);
		for (const struct field *const *f = r->fields; *f; f++)
			add_field(ctx, fields, *f, fmt, (*f)->optional, (*f)->sensitive);
	}
	if (merge)
		add_merged(ctx, api_node_set_type(api_add_object(res, "fields"), API_ARR_ASSOC, NULL), reqs, n, fmt);
}

void account_add_reset_requests(struct api_ctx *ctx, struct api_node *res, bool merge, const char *fmt,
				const char *account)
{
	const struct request *r = &r_reset_password;
	add_requests(ctx, res, &r, 1, merge, fmt, account);
}

/* AuthManager::securitySensitiveOperationStatus() for the requesting session. */
static const char *sso_status(struct api_ctx *ctx)
{
	if (!ctx->user->id)
		return "reauth"; /* not logged in: logging in would help */
	/* A session that cannot log in again passes ($wgAllowSecuritySensitiveOperationIfCannotReauthenticate). */
	if (ctx->user->bot_password)
		return "ok";
	long age = wiki_session_age(ctx->store, ctx->user->session_id);
	return age < 0 || age > REAUTH_SECONDS ? "reauth" : "ok";
}

static int exec_authmanagerinfo(struct api_ctx *ctx, void *vp)
{
	struct ami_params *p = vp;
	struct api_node *res = api_add_object(api_query_node(ctx), "authmanagerinfo");
	/* A bot-password session cannot change its user, so it cannot log in. */
	api_add_bool(res, "canauthenticatenow", !ctx->user->bot_password);
	api_add_bool(res, "cancreateaccounts", true);
	api_add_bool(res, "canlinkaccounts", false);
	if (p->sso)
		api_add_str(res, "securitysensitiveoperationstatus", sso_status(ctx));
	if (!p->requests)
		return RC_OK;
	api_add_bool(res, "haspreservedstate", false);
	api_add_bool(res, "hasprimarypreservedstate", false);
	api_add_str(res, "preservedusername", "");
	const struct request *reqs[8];
	size_t n = requests_for(ctx, p->requests, reqs);
	const char *account = ctx->user->id ? ctx->user->name : NULL;
	if (streq(p->requests, "login-continue")) {
		int64_t uid;
		account_pending_reset(ctx, &uid, &account);
	}
	add_requests(ctx, res, reqs, n, p->merge, p->msgformat, account);
	return RC_OK;
}

const struct api_module api_module_meta_authmanagerinfo = {
	.name = "authmanagerinfo",
	.group = API_G_META,
	.prefix = "ami",
	.flags = API_M_NO_READ,
	.params = params,
	.params_size = sizeof(struct ami_params),
	.summary = "Find out what the authentication API offers: whether one can log in or create accounts now, "
		   "and the requests each action takes.",
	.examples = (const char *const[]){
		"action=query&meta=authmanagerinfo&amirequestsfor=login", "The requests a login takes.",
		"action=query&meta=authmanagerinfo&amirequestsfor=login&amimergerequestfields=1",
		"The requests a login takes, with their fields merged.",
		"action=query&meta=authmanagerinfo&amisecuritysensitiveoperation=foo",
		"Whether the operation \"foo\" needs a new login.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Authmanagerinfo", NULL },
	.exec = exec_authmanagerinfo,
};
