/* SPDX-License-Identifier: MIT */
/*
 * login.c — action=login, MediaWiki's older two-step login, plus the
 * helpers the other account modules share (account_int.h).
 *
 * Flow, as MediaWiki 1.39's ApiLogin:
 *   - in a bot-password session: Aborted (log out first);
 *   - without lgtoken: NeedToken with a login token (a session is
 *     started) and a deprecation warning (get it from meta=tokens);
 *   - a token that does not match the session: WrongToken;
 *   - then one attempt (wiki_login_attempt): bot password "User@app"
 *     or the main account. Main-account logins work but warn that bot
 *     passwords are the supported way for API clients.
 * Success starts a new session (new id, cookies) and answers with the
 * user id and name; failures answer Failed with a reason message.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "account_int.h"

/* ---------- shared helpers ---------- */

void account_add_reason(struct api_ctx *ctx, struct api_node *parent, const char *name,
			const char *code, const char *key, const char *const *params)
{
	static const char *const none[] = { NULL };
	if (!params)
		params = none;
	enum api_errorformat ef = api_main_of(ctx)->errorformat;
	if (ef == API_EF_BC) {
		api_add_str(parent, name, api_msg(ctx, key, params));
		return;
	}
	struct api_node *o = api_add_object(parent, name);
	api_add_str(o, "code", code);
	api_add_message(ctx, o, ef, key, params);
}

void account_auth_message(struct api_ctx *ctx, struct api_node *node, const char *msgformat,
			  const char *code, const char *key, const char *const *params)
{
	static const char *const none[] = { NULL };
	if (!params)
		params = none;
	if (streq(msgformat, "raw"))
		api_add_message(ctx, api_add_object(node, "message"), API_EF_RAW, key, params);
	else if (!streq(msgformat, "none"))
		api_add_str(node, "message", api_msg(ctx, key, params));
	api_add_str(node, "messagecode", code);
}

void account_auth_fail(struct api_ctx *ctx, struct api_node *node, const char *msgformat,
		       const char *code, const char *key, const char *const *params)
{
	api_add_str(node, "status", "FAIL");
	account_auth_message(ctx, node, msgformat, code, key, params);
	api_add_bool(node, "canpreservestate", false);
}

/* What sessions.data holds for a login waiting for a new password: the prefix, then "<uid>:<name>". */
#define RESET_PREFIX "resetpass:"

int account_pending_reset(struct api_ctx *ctx, int64_t *uid, const char **name)
{
	char *data = NULL;
	if (wiki_session_data_get(ctx->store, ctx->arena, ctx->user->session_id, &data) != RC_OK || !data ||
	    strncmp(data, RESET_PREFIX, strlen(RESET_PREFIX)) != 0)
		return RC_NOTFOUND;
	char *id = data + strlen(RESET_PREFIX), *colon = strchr(id, ':');
	long long v;
	if (!colon)
		return RC_NOTFOUND;
	*colon = '\0';
	if (util_parse_ll(id, &v) != RC_OK || v <= 0)
		return RC_NOTFOUND;
	*uid = v;
	*name = colon + 1;
	return RC_OK;
}

int account_set_pending_reset(struct api_ctx *ctx, int64_t uid, const char *name)
{
	const char *data = uid ? arena_printf(ctx->arena, RESET_PREFIX "%lld:%s", (long long)uid, name) : NULL;
	return wiki_session_data_set(ctx->store, ctx->user->session_id, data);
}

const char *account_field(struct api_ctx *ctx, const char *name)
{
	const struct http_param *p = api_param_take(ctx, name);
	return p ? p->value : NULL;
}

const char *account_random_password(struct arena *a)
{
	/* PasswordFactory::generateRandomPasswordString's length, $wgMinimalPasswordLength 10. */
	enum { LEN = 10 };
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char raw[LEN];
	util_random(raw, sizeof(raw));
	char *out = arena_alloc(a, LEN + 1);
	for (size_t i = 0; i < LEN; i++)
		out[i] = alphabet[raw[i] % (sizeof(alphabet) - 1)];
	out[LEN] = '\0';
	return out;
}

bool account_url_ok(const char *url)
{
	if (!url)
		return false;
	if (url[0] == '/' && url[1] == '/')
		return url[2] != '\0';
	const char *p = url;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	return p > url && strncmp(p, "://", 3) == 0 && p[3] != '\0';
}

void account_add_status_msg(struct api_ctx *ctx, struct api_node *list, const char *code,
			    const char *key, long num)
{
	char buf[32];
	const char *params[2] = { NULL, NULL };
	if (num >= 0) {
		snprintf(buf, sizeof(buf), "%ld", num);
		params[0] = buf;
	}
	struct api_node *e = api_add_object(list, NULL);
	enum api_errorformat ef = api_main_of(ctx)->errorformat;
	if (ef == API_EF_BC) {
		api_add_str(e, "message", key);
		struct api_node *p = api_add_array(e, "params", "param");
		if (num >= 0)
			api_add_int(p, NULL, num);
		api_add_str(e, "code", code);
		api_add_str(e, "type", "error");
		return;
	}
	api_add_str(e, "code", code);
	if (ef == API_EF_RAW) {
		api_add_str(e, "key", key);
		struct api_node *p = api_add_array(e, "params", "param");
		if (num >= 0)
			api_add_int(p, NULL, num);
	} else if (ef != API_EF_NONE) {
		const char *t = api_msg(ctx, key, params);
		api_add_content_as(e, ef == API_EF_HTML ? "html" : "text", t, strlen(t));
	}
}

/* ---------- action=login ---------- */

struct login_params {
	const char *name;     /* lgname */
	const char *password; /* lgpassword */
	const char *domain;   /* lgdomain (external authentication; unused here) */
	const char *token;    /* lgtoken */
};

static const struct api_param params[] = {
	{ .name = "name", .type = API_T_STRING, .offset = offsetof(struct login_params, name),
	  .desc = "User name. For a bot password, \"User@appname\"." },
	{ .name = "password", .type = API_T_PASSWORD, .flags = API_P_SENSITIVE,
	  .offset = offsetof(struct login_params, password), .desc = "Password." },
	{ .name = "domain", .type = API_T_STRING, .offset = offsetof(struct login_params, domain),
	  .desc = "Domain, for wikis that authenticate against an external directory. This wiki "
		  "has none, so the value is ignored." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_SENSITIVE,
	  .offset = offsetof(struct login_params, token),
	  .desc = "A login token from action=query&meta=tokens&type=login." },
	{ 0 }
};

/* Add a deprecation warning plus the mailing-list pointer MediaWiki adds under "main". */
static void deprecation(struct api_ctx *ctx, const char *key)
{
	api_warn(ctx, "deprecation", key);
	api_warn_for(ctx, "main", "deprecation-help", "api-usage-mailinglist-ref");
}

/* "5 minutes" style text for a throttle wait. */
static const char *wait_text(struct arena *a, int64_t s)
{
	if (s >= 7200)
		return arena_printf(a, "%lld hours", (long long)((s + 3599) / 3600));
	if (s >= 120)
		return arena_printf(a, "%lld minutes", (long long)((s + 59) / 60));
	return arena_printf(a, "%lld seconds", (long long)s);
}

static int exec_login(struct api_ctx *ctx, void *vp)
{
	struct login_params *p = vp;
	struct api_node *out = api_add_object(ctx->result, "login");
	if (ctx->user->bot_password) {
		api_add_str(out, "result", "Aborted");
		account_add_reason(ctx, out, "reason", "api-login-fail-badsessionprovider",
				   "api-login-fail-badsessionprovider",
				   (const char *[]){ "MediaWiki\\Session\\BotPasswordSessionProvider sessions", NULL });
		return RC_OK;
	}
	if (!p->token) {
		if (wiki_session_ensure(ctx->arena, ctx->store, ctx->resp, ctx->user) != RC_OK)
			return api_db_error(ctx);
		deprecation(ctx, "apiwarn-deprecation-login-token");
		api_add_str(out, "result", "NeedToken");
		api_add_str(out, "token", wiki_token_make(ctx->arena, ctx->user, "login", util_now()));
		return RC_OK;
	}
	if (!ctx->user->session_id) {
		/* A token but no session: the cookie got lost (MediaWiki starts a session here). */
		if (wiki_session_ensure(ctx->arena, ctx->store, ctx->resp, ctx->user) != RC_OK)
			return api_db_error(ctx);
		api_add_str(out, "result", "Failed");
		account_add_reason(ctx, out, "reason", "sessionlost", "authpage-cannot-login-continue", NULL);
		return RC_OK;
	}
	if (wiki_token_check(ctx->user, "login", p->token, -1, NULL) != WIKI_TOKEN_VALID) {
		api_add_str(out, "result", "WrongToken");
		return RC_OK;
	}
	int64_t uid = 0, wait = 0;
	const char *bp_app = NULL, *fail = NULL;
	int rc = wiki_login_attempt(ctx->store, ctx->arena, ctx->req->remote_ip, p->name, p->password,
				    true, &uid, &bp_app, &fail, &wait);
	if (rc != RC_OK) {
		api_add_str(out, "result", "Failed");
		if (streq(fail, "login-throttled"))
			account_add_reason(ctx, out, "reason", fail, fail,
					   (const char *[]){ wait_text(ctx->arena, wait), NULL });
		else
			account_add_reason(ctx, out, "reason", fail, fail, NULL);
		return RC_OK;
	}
	if (fail) {
		/* A reset's temporary password: a new one must be chosen first, which only clientlogin can ask for. */
		api_add_str(out, "result", "Aborted");
		account_add_reason(ctx, out, "reason", "api-login-fail-aborted", "api-login-fail-aborted", NULL);
		return RC_OK;
	}
	struct wiki_user *u;
	if (wiki_session_login(ctx->arena, ctx->store, ctx->req, ctx->resp, uid, bp_app, &u) != RC_OK)
		return api_db_error(ctx);
	ctx->user = u;
	if (!bp_app)
		deprecation(ctx, "apiwarn-deprecation-login-botpw");
	api_add_str(out, "result", "Success");
	api_add_int(out, "lguserid", u->id);
	api_add_str(out, "lgusername", u->name);
	return RC_OK;
}

const struct api_module api_module_login = {
	.name = "login",
	.group = API_G_ACTION,
	.prefix = "lg",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NO_READ,
	.params = params,
	.params_size = sizeof(struct login_params),
	.summary = "Start a logged-in session (best with a bot password) and receive its cookies.",
	.help = "Meant for bot passwords (\"User@appname\"); logging in with the main account's "
		"password works too but is deprecated. Interactive clients should use "
		"action=clientlogin. First get a token with action=query&meta=tokens&type=login.",
	.examples = (const char *const[]){
		"action=login&lgname=user&lgpassword=password&lgtoken=123ABC",
		"Log in with a login token.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Login", NULL },
	.exec = exec_login,
};
