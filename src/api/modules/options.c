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
#include <stdlib.h>

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

/*
 * The fields of the preferences form whose values MediaWiki's HTMLForm
 * checks (a select, or a number with bounds); the other preferences
 * take any value. The skin is left out: the skins installed differ
 * between wikis.
 */
struct pref_check {
	const char *name;           /* preference */
	const char *const *values;  /* a select's values, or NULL for a number */
	bool is_float;              /* a float field (else an integer one) */
	double min, max;            /* a number's bounds */
};

static const char *const gender_values[] = { "male", "female", "unknown", NULL };
static const char *const date_values[] = { "default", "mdy", "dmy", "ymd", "ISO 8601", NULL };
static const char *const underline_values[] = { "0", "1", "2", NULL };
static const char *const editfont_values[] = { "monospace", "sans-serif", "serif", NULL };
/* Indexes into $wgImageLimits and $wgThumbLimits (six sizes each by default). */
static const char *const size_values[] = { "0", "1", "2", "3", "4", "5", NULL };

static const struct pref_check pref_checks[] = {
	{ "gender", gender_values, false, 0, 0 },
	{ "date", date_values, false, 0, 0 },
	{ "underline", underline_values, false, 0, 0 },
	{ "editfont", editfont_values, false, 0, 0 },
	{ "imagesize", size_values, false, 0, 0 },
	{ "thumbsize", size_values, false, 0, 0 },
	{ "rcdays", NULL, true, 1.0 / 24, 90 },
	{ "watchlistdays", NULL, true, 0, 90 },
	{ "rclimit", NULL, false, 1, 1000 },
	{ "wllimit", NULL, false, 1, 1000 },
	{ "searchlimit", NULL, false, 1, 500 },
};

/* MediaWiki's fixed limit on a preference's stored value (UserOptionsManager::MAX_BYTES_OPTION_VALUE). */
#define OPTION_VALUE_MAX 65530
/* A signature (nickname) may have at most this many characters ($wgMaxSigChars). */
#define SIGNATURE_MAX_CHARS 255

/* Why `value` is not a valid `name` (a message, as HTMLForm words it), or NULL when it is. */
static const char *pref_invalid(struct api_ctx *ctx, const char *name, const char *value)
{
	if (streq(name, "language"))
		return wiki_language_find(value) ? NULL : api_p_msg(ctx->arena, "htmlform-select-badoption", NULL, 0);
	if (streq(name, "nickname")) {
		size_t chars = 0;
		for (const char *c = value; *c; c++)
			chars += ((unsigned char)*c & 0xC0) != 0x80;
		return chars > SIGNATURE_MAX_CHARS
			? api_msg(ctx, "badsiglength", (const char *const[]){ "255", NULL }) : NULL; /* a text, as MediaWiki */
	}
	for (size_t i = 0; i < ARRAY_SIZE(pref_checks); i++) {
		const struct pref_check *c = &pref_checks[i];
		if (!streq(c->name, name))
			continue;
		if (c->values) {
			for (size_t k = 0; c->values[k]; k++)
				if (streq(c->values[k], value))
					return NULL;
			return api_p_msg(ctx->arena, "htmlform-select-badoption", NULL, 0);
		}
		char *end;
		double v = strtod(value, &end);
		bool whole = c->is_float || (v == (double)(long long)v && !strpbrk(value, ".eE"));
		/* HTMLIntField is a HTMLFloatField that also wants a whole number. */
		if (end == value || *end)
			return api_p_msg(ctx->arena, "htmlform-float-invalid", NULL, 0);
		if (!whole)
			return api_p_msg(ctx->arena, "htmlform-int-invalid", NULL, 0);
		double b = v < c->min ? c->min : c->max;
		/* A whole bound is a bare number in raw errorformat; rcdays' 1/24 is written out. */
		const char *bound = b == (double)(long long)b ? api_p_int(ctx->arena, (long long)b)
							  : arena_printf(ctx->arena, "%.17g", b);
		if (v < c->min || v > c->max)
			return api_p_msg(ctx->arena, v < c->min ? "htmlform-int-toolow" : "htmlform-int-toohigh",
					 (const char *const[]){ bound }, 1);
		return NULL;
	}
	return NULL;
}

/* Set one option, or warn when the name is not a preference or the value not valid for it. */
static int apply(struct api_ctx *ctx, const char *name, const char *value)
{
	const char *why = NULL;
	/* watchlisttoken has no default but is a preference (list=watchlist's wlowner/wltoken). */
	bool userjs = strncmp(name, "userjs-", 7) == 0;
	if (streq(name, "realname") || streq(name, "emailaddress"))
		why = api_p_msg(ctx->arena, "apiwarn-validationfailed-cannotset", NULL, 0);
	else if (!userjs && !wiki_user_option_default(name) && !streq(name, "watchlisttoken"))
		why = api_p_msg(ctx->arena, "apiwarn-validationfailed-badpref", NULL, 0);
	else if (userjs && strlen(name) > 255)
		why = api_p_msg(ctx->arena, "apiwarn-validationfailed-keytoolong",
				(const char *const[]){ api_p_num(ctx->arena, 255) }, 1);
	else if (userjs && name[strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")])
		why = api_p_msg(ctx->arena, "apiwarn-validationfailed-badchars", NULL, 0);
	else if (value && !userjs)
		why = pref_invalid(ctx, name, value);
	if (!why && value && strlen(value) > OPTION_VALUE_MAX)
		why = api_p_msg(ctx->arena, "apiwarn-validationfailed-valuetoolong",
				(const char *const[]){ api_p_num(ctx->arena, OPTION_VALUE_MAX) }, 1);
	if (why) {
		api_warn(ctx, "validationfailed", "apiwarn-validationfailed", wiki_escape_wikitext(ctx->arena, name), why);
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
	/*
	 * The changes by name, as the keys of a PHP array: a name given
	 * again takes the later value at the earlier place, and optionname
	 * comes last (or replaces a change of the same name).
	 */
	size_t n = 0, cap = p->change.n + 1;
	const char **names = arena_calloc(ctx->arena, cap, sizeof(*names));
	const char **values = arena_calloc(ctx->arena, cap, sizeof(*values));
	for (size_t i = 0; i < cap; i++) {
		const char *name, *value;
		if (i < p->change.n) {
			const char *c = p->change.v[i];
			const char *eq = strchr(c, '=');
			name = eq ? arena_strndup(ctx->arena, c, (size_t)(eq - c)) : c;
			value = eq ? eq + 1 : NULL;
		} else if (p->optionname) {
			name = p->optionname;
			value = p->optionvalue;
		} else {
			break;
		}
		size_t k = 0;
		while (k < n && !streq(names[k], name))
			k++;
		if (k == n)
			names[n++] = name;
		values[k] = value;
	}
	for (size_t i = 0; rc == RC_OK && i < n; i++)
		rc = apply(ctx, names[i], values[i]);
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
