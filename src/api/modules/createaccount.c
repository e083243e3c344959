/* SPDX-License-Identifier: MIT */
/*
 * createaccount.c — action=createaccount, AuthManager-style account
 * creation in one step. The request carries the fields "username",
 * "password", "retype" and optionally "email" and "realname". Checks,
 * in MediaWiki 1.39's order: the createaccount right, blocks with
 * nocreate (on the creator or the address), a creatable name
 * (invaliduser), a free name (userexists), matching passwords
 * (badretype), then the password policy, where any complaint fails the
 * creation. Success answers PASS with the canonical name; the creator
 * is not logged in as the new account (as in MediaWiki's API). The
 * account and its "newusers" log entry are written in one transaction.
 *
 * A logged-in creator may instead set the field "mailpassword" (when the
 * wiki sends mail): the account gets no password of its own but a
 * temporary one, mailed to the "email" given (noemailcreate without a
 * valid one), and the log action is "byemail"; the first login with it
 * asks for a new password (clientlogin.c), as MediaWiki's
 * TemporaryPasswordPrimaryAuthenticationProvider.
 */
#include <stddef.h>
#include <stdio.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "account_int.h"

struct createaccount_params {
	struct api_list requests; /* createrequests */
	const char *msgformat;    /* createmessageformat */
	bool mergefields;         /* createmergerequestfields */
	bool preservestate;       /* createpreservestate */
	const char *returnurl;    /* createreturnurl */
	bool cont;                /* createcontinue */
	const char *token;        /* createtoken */
};

static const struct api_param params[] = {
	{ .name = "requests", .type = API_T_STRING, .flags = API_P_MULTI,
	  .offset = offsetof(struct createaccount_params, requests),
	  .desc = "Only use these authentication requests (ids from "
		  "action=query&meta=authmanagerinfo&amirequestsfor=create)." },
	{ .name = "messageformat", .type = API_T_ENUM, .dflt = "wikitext",
	  .values = (const char *const[]){ "html", "wikitext", "raw", "none", NULL },
	  .offset = offsetof(struct createaccount_params, msgformat), .desc = "Format of the messages returned." },
	{ .name = "mergerequestfields", .type = API_T_BOOL,
	  .offset = offsetof(struct createaccount_params, mergefields),
	  .desc = "Merge the field information of all authentication requests into one list." },
	{ .name = "preservestate", .type = API_T_BOOL,
	  .offset = offsetof(struct createaccount_params, preservestate),
	  .desc = "Keep the state of an earlier failed login attempt, if possible." },
	{ .name = "returnurl", .type = API_T_STRING,
	  .offset = offsetof(struct createaccount_params, returnurl),
	  .desc = "Where third-party authentication flows return to. Either this or "
		  "createcontinue is required." },
	{ .name = "continue", .type = API_T_BOOL, .offset = offsetof(struct createaccount_params, cont),
	  .desc = "Continue a creation that answered UI or REDIRECT. Either this or createreturnurl "
		  "is required." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE | API_P_TOKEN,
	  .offset = offsetof(struct createaccount_params, token),
	  .desc = "A createaccount token from action=query&meta=tokens&type=createaccount." },
	{ 0 }
};

/*
 * The newusers log entry, published to recent changes: "create" with the
 * new account as performer when an anonymous visitor registers, "create2"
 * with the creator as performer when a logged-in user makes the account,
 * "byemail" when its password was mailed (MediaWiki's "autocreate" has no
 * path here). Params: 4::userid, the new user's id.
 */
static int log_creation(struct api_ctx *ctx, const char *name, int64_t uid, const char *reason, bool by_email)
{
	bool by_other = ctx->user->id != 0;
	struct wiki_pvalue userid = { .type = WIKI_PV_INT, .key = "4::userid", .i = uid };
	struct wiki_pvalue plist = { .type = WIKI_PV_ARRAY, .items = &userid, .n_items = 1 };
	const char *dbkey = arena_strdup(ctx->arena, name);
	for (char *c = (char *)dbkey; *c; c++)
		if (*c == ' ')
			*c = '_';
	struct wiki_log_entry e = {
		.type = "newusers",
		.action = by_email ? "byemail" : by_other ? "create2" : "create",
		.user_id = by_other ? ctx->user->id : uid,
		.user_name = by_other ? ctx->user->name : name,
		.actor_id = by_other ? ctx->user->actor_id : 0,
		.ns = WIKI_NS_USER,
		.dbkey = dbkey,
		.comment = reason,
		.params = &plist,
		.rc_bot = by_other && wiki_user_can(ctx->user, "bot"),
		.rc_autopatrol = by_other && wiki_user_can(ctx->user, "autopatrol"),
		.ip = ctx->req->remote_ip,
	};
	return wiki_log_add(ctx->store, ctx->arena, &e, NULL);
}

/*
 * The confirmation mail of a new address (User::sendConfirmationMail,
 * sent by EmailNotificationSecondaryAuthenticationProvider): links to
 * Special:ConfirmEmail/TOKEN and Special:InvalidateEmail/TOKEN. Sent
 * after the commit; a transport failure does not undo the account, as
 * in MediaWiki (the address then stays unconfirmed).
 */
static void send_confirmation(struct api_ctx *ctx, const char *name, const char *email, const char *token,
			      const char *expires)
{
	struct wiki_title t;
	wiki_title_make(ctx->arena, WIKI_NS_SPECIAL, arena_printf(ctx->arena, "ConfirmEmail/%s", token), &t);
	const char *confirm = wiki_title_url(ctx->arena, &t);
	wiki_title_make(ctx->arena, WIKI_NS_SPECIAL, arena_printf(ctx->arena, "InvalidateEmail/%s", token), &t);
	const char *cancel = wiki_title_url(ctx->arena, &t);
	const char *when = wiki_timestamp_iso(ctx->arena, expires);
	struct wiki_mail m = {
		.to = { email, name },
		.from = { wiki_mail_sender(ctx->arena), config.sitename },
		.subject = api_msg(ctx, "confirmemail_subject", (const char *const[]){ config.sitename, NULL }),
		.body = api_msg(ctx, "confirmemail_body",
				(const char *const[]){ ctx->user->ip ? ctx->user->ip : "", name, confirm, when, cancel,
						       config.sitename, NULL }),
	};
	const char *why;
	if (wiki_mail_send(ctx->arena, &m, &why) != RC_OK)
		fprintf(stderr, "wikid: the confirmation mail to %s could not be sent: %s\n", email, why);
}

/* Mail the new account `name` its temporary password `pw` at `email` (after the commit, as the confirmation). */
static void send_password(struct api_ctx *ctx, const char *name, const char *email, const char *pw)
{
	const char *site = config.sitename ? config.sitename : "wikid";
	struct wiki_mail m = {
		.to = { email, name },
		.from = { wiki_mail_sender(ctx->arena), site },
		.subject = arena_printf(ctx->arena, "Your new account on %s", site),
		.body = arena_printf(ctx->arena,
				     "The user %s created the account \"%s\" on %s for you.\n\n"
				     "Temporary password: %s\n\n"
				     "It works for %d days. Log in with it and choose a password of your own.\n",
				     ctx->user->name, name, site, pw, WIKI_TEMP_PASSWORD_TTL / 86400),
	};
	const char *why;
	if (wiki_mail_send(ctx->arena, &m, &why) != RC_OK)
		fprintf(stderr, "wikid: the password mail to %s could not be sent: %s\n", email, why);
}

static int exec_createaccount(struct api_ctx *ctx, void *vp)
{
	struct createaccount_params *p = vp;
	if (api_require_at_least_one(ctx, (const char *const[]){ "continue", "returnurl", NULL }) != RC_OK)
		return RC_ERR;
	if (p->returnurl && !account_url_ok(p->returnurl))
		return api_error(ctx, "badurl_createreturnurl", "apierror-badurl", "createreturnurl",
				 p->returnurl);
	struct api_node *out = api_add_object(ctx->result, "createaccount");
	const char *fmt = p->msgformat ? p->msgformat : "wikitext";
	if (p->cont) {
		account_auth_fail(ctx, out, fmt, "authmanager-create-not-in-progress",
				  "authmanager-create-not-in-progress", NULL);
		return RC_OK;
	}
	const char *name = account_field(ctx, "username");
	const char *password = account_field(ctx, "password");
	const char *retype = account_field(ctx, "retype");
	const char *email = account_field(ctx, "email");
	const char *realname = account_field(ctx, "realname");
	/* The temporary-password request exists for a logged-in creator on a wiki that sends mail. */
	const char *mailpassword = ctx->user->id && config.enable_email ? account_field(ctx, "mailpassword") : NULL;
	bool by_email = mailpassword && *mailpassword;
	if (!wiki_user_can(ctx->user, "createaccount")) {
		const char *why[3];
		const char *key = api_badaccess(ctx, "createaccount", why);
		account_auth_fail(ctx, out, fmt, key, key, why);
		return RC_OK;
	}
	const struct wiki_block *b = api_account_creation_block(ctx);
	if (api_main_of(ctx)->errors)
		return RC_ERR;
	if (b) {
		const char *code;
		const char *const *bp;
		const char *key = api_block_message(ctx, b, &code, &bp);
		account_auth_fail(ctx, out, fmt, code, key, bp);
		return RC_OK;
	}
	const char *canon;
	/* Names of the temporary-account form are reserved for them while they are on. */
	if (!name || wiki_user_name_canonical(ctx->arena, name, WIKI_NAME_CREATABLE, &canon) != RC_OK ||
	    wiki_temp_is_reserved(canon)) {
		account_auth_fail(ctx, out, fmt, "invaliduser", "noname", NULL);
		return RC_OK;
	}
	int64_t existing;
	if (store_query_int(ctx->store, &existing, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t",
			    canon) == RC_OK) {
		account_auth_fail(ctx, out, fmt, "userexists", "userexists", NULL);
		return RC_OK;
	}
	if (by_email && (!email || !wiki_email_valid(email))) {
		account_auth_fail(ctx, out, fmt, "noemailcreate", "noemailcreate", NULL);
		return RC_OK;
	}
	if (!by_email && !password) {
		account_auth_fail(ctx, out, fmt, "authmanager-create-no-primary",
				  "authmanager-create-no-primary", NULL);
		return RC_OK;
	}
	if (!by_email && retype && !streq(retype, password)) {
		account_auth_fail(ctx, out, fmt, "badretype", "badretype", NULL);
		return RC_OK;
	}
	struct wiki_pw_problem *pr;
	size_t n_pr = 0;
	if (!by_email)
		wiki_password_policy(ctx->arena, canon, NULL, password, &pr, &n_pr);
	if (n_pr) {
		char num[32];
		snprintf(num, sizeof(num), "%ld", pr[0].param);
		account_auth_fail(ctx, out, fmt, pr[0].key, pr[0].key,
				  pr[0].param >= 0 ? (const char *[]){ num, NULL } : NULL);
		return RC_OK;
	}
	/* MediaWiki offers the "reason" field only to a logged-in creator. */
	const char *reason = ctx->user->id ? account_field(ctx, "reason") : NULL;
	int64_t uid;
	const char *temp = by_email ? account_random_password(ctx->arena) : NULL;
	int rc = store_begin(ctx->store);
	if (rc == RC_OK)
		rc = wiki_user_create(ctx->store, ctx->arena, canon, by_email ? NULL : password, email, realname, &uid);
	if (rc == RC_OK && temp)
		rc = wiki_user_set_temp_password(ctx->store, ctx->arena, uid, temp);
	if (rc == RC_OK) {
		/* A new account watches its own user page and user talk page, as in MediaWiki. */
		char *key = arena_strdup(ctx->arena, canon);
		for (char *c = key; *c; c++)
			if (*c == ' ')
				*c = '_';
		rc = wiki_watch_add(ctx->store, uid, WIKI_NS_USER, key);
	}
	if (rc == RC_OK)
		rc = log_creation(ctx, canon, uid, reason, by_email);
	const char *token = NULL, *expires = NULL;
	/*
	 * MediaWiki 1.39 keeps an address it cannot use as it is, without a
	 * confirmation mail; a mailed password is the only mail ("no-email").
	 */
	if (rc == RC_OK && !by_email && email && wiki_email_valid(email) && config.enable_email &&
	    config.email_authentication)
		rc = wiki_email_confirm_start(ctx->store, ctx->arena, uid, &token, &expires);
	if (rc == RC_OK)
		rc = store_commit(ctx->store);
	else if (store_tx_depth(ctx->store))
		store_rollback(ctx->store);
	if (rc == RC_CONFLICT) {
		account_auth_fail(ctx, out, fmt, "userexists", "userexists", NULL);
		return RC_OK;
	}
	if (rc != RC_OK)
		return api_db_error(ctx);
	if (temp)
		send_password(ctx, canon, email, temp);
	if (token)
		send_confirmation(ctx, canon, email, token, expires);
	api_add_str(out, "status", "PASS");
	api_add_str(out, "username", canon);
	return RC_OK;
}

const struct api_module api_module_createaccount = {
	.name = "createaccount",
	.group = API_G_ACTION,
	.prefix = "create",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN | API_M_NO_READ,
	.dynamic_params = "The account form's fields come as further parameters named after the fields: "
			  "username, password, retype, and optionally email, realname and reason.",
	.token_type = "createaccount",
	.params = params,
	.params_size = sizeof(struct createaccount_params),
	.summary = "Register an account for a new user.",
	.help = "Send the fields \"username\", \"password\" and \"retype\" (and optionally "
		"\"email\" and \"realname\") with the request. The answer's status is PASS (with "
		"\"username\") or FAIL (with \"message\" and \"messagecode\").",
	.examples = (const char *const[]){
		"action=createaccount&username=Example&password=ExamplePassword&retype=ExamplePassword&"
		"createreturnurl=http://example.org/&createtoken=123ABC",
		"Start the process of creating user Example with password ExamplePassword.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Account_creation", NULL },
	.exec = exec_createaccount,
};
