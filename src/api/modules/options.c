/* SPDX-License-Identifier: MIT */
/*
 * options.c — action=options: change the current user's preferences.
 * Order as MediaWiki 1.39: reset (to defaults) first, then each
 * "name=value" of change, then optionname/optionvalue. Unknown names
 * draw a validation warning and are skipped, except "userjs-*", which
 * scripts may set freely. Only values that differ from the default are
 * stored (wiki_user_option_set()).
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

struct options_params {
	bool reset;               /* reset to defaults */
	struct api_list resetkinds; /* which kinds to reset */
	struct api_list change;   /* name=value list */
	const char *optionname;   /* single option name */
	const char *optionvalue;  /* its value */
	const char *token;        /* csrf token (checked by the dispatcher) */
};

static const struct api_param params[] = {
	{ .name = "reset", .type = API_T_BOOL, .offset = offsetof(struct options_params, reset),
	  .desc = "Reset preferences to the site defaults." },
	{ .name = "resetkinds", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "all",
	  .values = (const char *const[]){ "all", "registered", "registered-checkmatrix",
					   "registered-multiselect", "special", "unused", "userjs", NULL },
	  .offset = offsetof(struct options_params, resetkinds),
	  .desc = "Kinds of preferences that reset restores to their defaults." },
	{ .name = "change", .type = API_T_STRING, .flags = API_P_MULTI,
	  .offset = offsetof(struct options_params, change),
	  .desc = "List of changes, formatted name=value (e.g. skin=vector). A name without a value "
		  "resets the option to its default." },
	{ .name = "optionname", .type = API_T_STRING, .offset = offsetof(struct options_params, optionname),
	  .desc = "The name of the option to set to optionvalue." },
	{ .name = "optionvalue", .type = API_T_STRING, .offset = offsetof(struct options_params, optionvalue),
	  .desc = "The value for optionname; may contain pipe characters." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE | API_P_TOKEN,
	  .offset = offsetof(struct options_params, token),
	  .desc = "A \"csrf\" token from action=query&meta=tokens." },
	{ 0 }
};

/* Set one option, or warn when the name is not a preference. */
static int apply(struct api_ctx *ctx, const char *name, const char *value)
{
	/* watchlisttoken has no default but is a preference (list=watchlist's wlowner/wltoken). */
	bool known = wiki_user_option_default(name) != NULL || strncmp(name, "userjs-", 7) == 0 ||
		     streq(name, "watchlisttoken");
	if (!known) {
		api_warn(ctx, "validationfailed", "apiwarn-validationfailed", name,
			 api_msg(ctx, "apiwarn-validationfailed-badpref", NULL));
		return RC_OK;
	}
	return wiki_user_option_set(ctx->store, ctx->user->id, name, value);
}

static int exec_options(struct api_ctx *ctx, void *vp)
{
	struct options_params *p = vp;
	if (ctx->user->id == 0)
		return api_error(ctx, "notloggedin", "apierror-mustbeloggedin",
				 api_p_msg(ctx->arena, "action-editmyoptions", NULL, 0));
	if (!wiki_user_can(ctx->user, "editmyoptions"))
		return api_error(ctx, "permissiondenied", "apierror-permissiondenied-generic");
	if (!p->reset && !p->change.n && !p->optionname)
		return api_error(ctx, "nochanges", "apierror-nochanges");
	int rc = store_begin(ctx->store);
	if (rc == RC_OK && p->reset) {
		bool all = api_list_has(&p->resetkinds, "all");
		if (all)
			rc = store_run(ctx->store, "DELETE FROM user_properties WHERE up_user = ?", "i", ctx->user->id);
		else if (api_list_has(&p->resetkinds, "userjs"))
			rc = store_run(ctx->store, "DELETE FROM user_properties WHERE up_user = ?"
					   " AND up_property LIKE 'userjs-%'", "i", ctx->user->id);
		if (rc == RC_OK && !all && api_list_has(&p->resetkinds, "registered"))
			rc = store_run(ctx->store, "DELETE FROM user_properties WHERE up_user = ?"
					   " AND up_property NOT LIKE 'userjs-%'", "i", ctx->user->id);
	}
	for (size_t i = 0; rc == RC_OK && i < p->change.n; i++) {
		const char *c = p->change.v[i];
		const char *eq = strchr(c, '=');
		if (eq)
			rc = apply(ctx, arena_strndup(ctx->arena, c, (size_t)(eq - c)), eq + 1);
		else
			rc = apply(ctx, c, NULL);
	}
	if (rc == RC_OK && p->optionname)
		rc = apply(ctx, p->optionname, p->optionvalue);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	api_add_str(ctx->result, "options", "success");
	return RC_OK;
}

const struct api_module api_module_options = {
	.name = "options",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct options_params),
	.summary = "Set or reset preferences of the logged-in user.",
	.help = "Only options which are registered in core or in one of the installed extensions, "
		"or options with keys prefixed with \"userjs-\" (intended to be used by user "
		"scripts), can be set.",
	.examples = (const char *const[]){
		"action=options&reset=&token=123ABC", "Reset all preferences.",
		"action=options&change=skin=vector|hideminor=1&token=123ABC",
		"Set the skin and hideminor preferences.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Options", NULL },
	.exec = exec_options,
};
