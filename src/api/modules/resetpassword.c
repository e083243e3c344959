/* SPDX-License-Identifier: MIT */
/*
 * resetpassword.c — action=resetpassword: mail a temporary password to
 * an account, named by user name or by email address, as MediaWiki
 * 1.39's ApiResetPassword with PasswordReset and the temporary password
 * provider ($wgPasswordResetRoutes with both routes on, as on the
 * oracle). Who may ask: email on ([mail] enable), the
 * editmyprivateinfo right, no block that stops account creation
 * (blocked-mailpassword). What is revealed: nothing — an unknown user,
 * an account without an address, an invalid or unknown address, and
 * the mailpassword rate limit all answer success as a real reset does;
 * only asking with neither a name nor an address is an error
 * (passwordreset-nodata), and asking again within 24 hours of the last
 * reset (throttled-mailpassword). Each account found gets a fresh
 * temporary password (wiki_user_set_temp_password(), good for a week)
 * by mail (wiki_mail_send(): SMTP or the spool directory).
 */
#include "pageact_int.h"

#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/timestamp.h"
#include "account_int.h"

/* Hours before another reset of the same account ($wgPasswordReminderResendTime). */
#define RESEND_HOURS 24

/* Accounts one address may reach; more are not mailed. */
#define MAX_ACCOUNTS 50

struct resetpassword_params {
	const char *user;  /* account name */
	const char *email; /* or its address */
};

static const struct api_param params[] = {
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME,
	  .offset = offsetof(struct resetpassword_params, user), .desc = "The user whose password to reset." },
	{ .name = "email", .type = API_T_STRING, .offset = offsetof(struct resetpassword_params, email),
	  .desc = "The email address of the user whose password to reset." },
	{ 0 }
};

/* One account to mail. */
struct target {
	int64_t id;          /* user_id */
	const char *name;    /* user_name */
	const char *email;   /* user_email */
	const char *newpass; /* user_newpass_time, or NULL */
};

/* The accounts named by `sql` (bound to `key`): up to MAX_ACCOUNTS into `out`; returns the count, -1 on failure. */
static long find(struct api_ctx *ctx, const char *sql, const char *key, struct target *out)
{
	struct store_stmt *s = store_prepare(ctx->store, sql);
	store_bindv(s, "t", key);
	long n = 0;
	int rc;
	while ((rc = store_step(s)) == STORE_ROW && n < MAX_ACCOUNTS) {
		out[n].id = store_col_int(s, 0);
		out[n].name = store_col_dup(s, ctx->arena, 1);
		out[n].email = store_col_dup(s, ctx->arena, 2);
		out[n].newpass = store_col_dup(s, ctx->arena, 3);
		n++;
	}
	store_stmt_done(s);
	return rc < 0 ? -1 : n;
}

/* Mail `t` its temporary password `pw`; who asked is `caller` (a name, or the address of an anonymous user). */
static int send(struct api_ctx *ctx, const struct target *t, const char *pw, const char *caller, bool anon)
{
	const char *site = config.sitename ? config.sitename : "wikid";
	const char *body = arena_printf(ctx->arena,
		"%s%s asked for a new password for the account \"%s\" on %s.\n\n"
		"Temporary password: %s\n\n"
		"It works for %d days. Log in with it and choose a password of your own. If you did not ask for "
		"this, or remember your password again, ignore this message: your password has not changed.\n",
		anon ? "Someone at the address " : "The user ", caller, t->name, site, pw, WIKI_TEMP_PASSWORD_TTL / 86400);
	struct wiki_mail m = {
		.to = { .addr = t->email, .name = t->name },
		.from = { .addr = wiki_mail_sender(ctx->arena), .name = site },
		.subject = arena_printf(ctx->arena, "Your temporary password for %s", site),
		.body = body,
	};
	const char *err = NULL;
	if (wiki_mail_send(ctx->arena, &m, &err) != RC_OK)
		return api_error(ctx, "mailerror", "mailerror", err ? err : "");
	return RC_OK;
}

static int exec_resetpassword(struct api_ctx *ctx, void *vp)
{
	struct resetpassword_params *p = vp;
	/* PasswordReset::isAllowed(). */
	if (!config.enable_email)
		return api_error(ctx, "passwordreset-emaildisabled", "passwordreset-emaildisabled");
	if (!wiki_user_can(ctx->user, "editmyprivateinfo"))
		return api_error(ctx, "badaccess", "badaccess");
	const struct wiki_block *b = api_user_block(ctx);
	if (api_main_of(ctx)->errors)
		return RC_ERR;
	if (b && b->create_account)
		return api_error(ctx, "blocked-mailpassword", "blocked-mailpassword");

	struct api_node *res = api_add_object(ctx->result, "resetpassword");
	/* Over the rate limit: answered as if done, so that the limit reveals nothing. */
	if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "mailpassword", 1)) {
		api_add_str(res, "status", "success");
		return RC_OK;
	}
	struct target *found = arena_calloc(ctx->arena, MAX_ACCOUNTS, sizeof(*found));
	long n;
	const char *cols = "SELECT user_id, user_name, user_email, user_newpass_time FROM \"user\"";
	if (p->user && *p->user) {
		const char *canon;
		if (wiki_user_name_canonical(ctx->arena, p->user, WIKI_NAME_VALID, &canon) != RC_OK)
			return api_error(ctx, "invaliduser", "noname");
		n = find(ctx, arena_printf(ctx->arena, "%s WHERE user_name = ?", cols), canon, found);
	} else if (p->email && *p->email) {
		if (!wiki_email_valid(p->email)) {
			api_add_str(res, "status", "success");
			return RC_OK;
		}
		n = find(ctx, arena_printf(ctx->arena, "%s WHERE user_email = ? ORDER BY user_id", cols), p->email, found);
	} else {
		api_node_unlink(res);
		return api_error(ctx, "passwordreset-nodata", "passwordreset-nodata");
	}
	if (n < 0)
		return api_db_error(ctx);
	/* Unknown accounts and accounts without an address: nothing to tell (MediaWiki's T238961). */
	if (n == 0 || !found[0].email || !*found[0].email) {
		api_add_str(res, "status", "success");
		return RC_OK;
	}
	int64_t now = util_now();
	for (long i = 0; i < n; i++) {
		int64_t last;
		if (found[i].newpass && ts_parse(found[i].newpass, &last) == RC_OK && now < last + RESEND_HOURS * 3600) {
			api_node_unlink(res);
			return api_error(ctx, "throttled-mailpassword", "throttled-mailpassword",
					 api_p_int(ctx->arena, RESEND_HOURS));
		}
	}
	bool anon = !ctx->user->id;
	const char *caller = anon ? (ctx->user->ip ? ctx->user->ip : ctx->user->name) : ctx->user->name;
	for (long i = 0; i < n; i++) {
		const char *pw = account_random_password(ctx->arena);
		if (wiki_user_set_temp_password(ctx->store, ctx->arena, found[i].id, pw) != RC_OK) {
			api_node_unlink(res);
			return api_db_error(ctx);
		}
		if (send(ctx, &found[i], pw, caller, anon) != RC_OK) {
			api_node_unlink(res);
			return RC_ERR;
		}
	}
	api_add_str(res, "status", "success");
	return RC_OK;
}

const struct api_module api_module_resetpassword = {
	.name = "resetpassword",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct resetpassword_params),
	.summary = "Send a temporary password to a user by email.",
	.examples = (const char *const[]){
		"action=resetpassword&user=Example&token=123ABC", "Send a temporary password to the user Example.",
		"action=resetpassword&user=user@example.com&token=123ABC",
		"Send a temporary password to every user with the address user@example.com.",
		NULL },
	.helpurls = (const char *const[]){
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:Manage_authentication_data", NULL },
	.exec = exec_resetpassword,
};
