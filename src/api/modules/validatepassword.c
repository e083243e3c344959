/* SPDX-License-Identifier: MIT */
/*
 * validatepassword.c — action=validatepassword: check a password
 * against the password policy for the current user, or for an account
 * about to be created (user, which must not exist yet). validity is
 * Good (no complaint), Change (usable, but the policy advises a
 * change) or Invalid (unusable); validitymessages lists the complaints.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "account_int.h"

struct validatepassword_params {
	const char *password; /* the password */
	const char *user;     /* account to be created, or NULL for the current user */
	const char *email;    /* its email (account creation checks) */
	const char *realname; /* its real name */
};

static const struct api_param params[] = {
	{ .name = "password", .type = API_T_PASSWORD, .flags = API_P_REQUIRED | API_P_SENSITIVE,
	  .offset = offsetof(struct validatepassword_params, password), .desc = "Password to validate." },
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_ID,
	  .offset = offsetof(struct validatepassword_params, user),
	  .desc = "User name, for testing account creation. The user must not exist." },
	{ .name = "email", .type = API_T_STRING, .offset = offsetof(struct validatepassword_params, email),
	  .desc = "Email address, for testing account creation." },
	{ .name = "realname", .type = API_T_STRING, .offset = offsetof(struct validatepassword_params, realname),
	  .desc = "Real name, for testing account creation." },
	{ 0 }
};

static int exec_validatepassword(struct api_ctx *ctx, void *vp)
{
	struct validatepassword_params *p = vp;
	const char *name = ctx->user->name;
	const char *const *groups = ctx->user->groups;
	if (p->user) {
		const char *canon;
		/* As MediaWiki: a name an account could be created with (UserRigorOptions::RIGOR_CREATABLE). */
		if (wiki_user_name_canonical(ctx->arena, p->user, WIKI_NAME_CREATABLE, &canon) != RC_OK)
			return api_error(ctx, "baduser_user", "apierror-baduser", "user",
					 wiki_escape_wikitext(ctx->arena, p->user));
		int64_t id;
		if (store_query_int(ctx->store, &id, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t",
				    canon) == RC_OK)
			return api_error(ctx, "userexists", "userexists");
		name = canon;
		groups = NULL;
	}
	struct wiki_pw_problem *pr;
	size_t n;
	wiki_password_policy(ctx->arena, name, groups, p->password, &pr, &n);
	bool fatal = false;
	for (size_t i = 0; i < n; i++)
		fatal = fatal || pr[i].fatal;
	struct api_node *out = api_add_object(ctx->result, "validatepassword");
	api_add_str(out, "validity", fatal ? "Invalid" : n ? "Change" : "Good");
	if (n) {
		struct api_node *list = api_add_array(out, "validitymessages", "message");
		for (size_t i = 0; i < n; i++)
			account_add_status_msg(ctx, list, pr[i].key, pr[i].key, pr[i].param);
	}
	return RC_OK;
}

const struct api_module api_module_validatepassword = {
	.name = "validatepassword",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST,
	.params = params,
	.params_size = sizeof(struct validatepassword_params),
	.summary = "Check a candidate password against the password rules of this wiki.",
	.help = "Validity is \"Good\" if the password is acceptable, \"Change\" if it may be used "
		"for login but should be changed, or \"Invalid\" if it is not usable.",
	.examples = (const char *const[]){
		"action=validatepassword&password=foobar", "Check the password foobar for the requesting user.",
		"action=validatepassword&password=querty&user=Example",
		"Check the password qwerty for a new account named Example.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Validatepassword", NULL },
	.exec = exec_validatepassword,
};
