/* SPDX-License-Identifier: MIT */
/*
 * params.c — parameter validation driven only by a module's spec table
 * (struct api_param, see api.h). For each entry the raw request value is
 * looked up under the module's prefix, checked against the type, and
 * stored at `offset` in the module's params struct. Errors and warnings
 * use MediaWiki's codes and message keys (ParamValidator in 1.39):
 * badinteger, outofrange, badvalue, badtimestamp, badexpiry, baduser,
 * badupload, toomanyvalues, missingparam, mustpostparams; warnings
 * outofrange, unrecognizedvalues, unclearnowtimestamp, deprecation and
 * unrecognizedparams.
 */
#include "api_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>

#include "../store/store.h"
#include "../util/timestamp.h"
#include "../wiki/wiki.h"

/* Default multi-value limits ($wgAPIMaxMultiValues-like 50/500). */
#define MULTI_MAX 50
#define MULTI_MAX_HIGH 500

const struct http_param *api_param_lookup(struct api_ctx *ctx, const char *full_name)
{
	const struct http_request *req = ctx->req;
	for (size_t i = 0; i < req->n_params; i++)
		if (strcmp(req->params[i].name, full_name) == 0)
			return &req->params[i];
	return NULL;
}

const struct http_param *api_param_take(struct api_ctx *ctx, const char *full_name)
{
	const struct http_param *p = api_param_lookup(ctx, full_name);
	struct api_main *m = api_main_of(ctx);
	if (p && m->used)
		m->used[p - ctx->req->params] = true;
	return p;
}

/* `prefix` and `name` joined, in `a` (every parameter of every module asks: no printf). */
static const char *joined(struct arena *a, const char *prefix, const char *name)
{
	size_t np = strlen(prefix), nn = strlen(name);
	char *s = arena_alloc(a, np + nn + 1);
	memcpy(s, prefix, np);
	memcpy(s + np, name, nn + 1);
	return s;
}

/* Full (prefixed) name of a spec entry under `prefix`. */
static const char *full_name(struct api_ctx *ctx, const struct api_param *sp, const char *prefix)
{
	if (!prefix || !*prefix || (sp->flags & API_P_NO_PREFIX))
		return sp->name;
	return joined(ctx->arena, prefix, sp->name);
}

const char *api_param_name(struct api_ctx *ctx, const char *name)
{
	struct api_main *m = api_main_of(ctx);
	return m->prefix && *m->prefix ? joined(ctx->arena, m->prefix, name) : name;
}

const char *api_param_raw(struct api_ctx *ctx, const char *name)
{
	const struct http_param *p = api_param_lookup(ctx, api_param_name(ctx, name));
	return p ? p->value : NULL;
}

bool api_param_given(struct api_ctx *ctx, const char *name)
{
	return api_param_raw(ctx, name) != NULL;
}

/* Is the running module's parameter `name` set, as ApiBase::parameterNotEmpty sees it? */
static bool param_is_set(struct api_ctx *ctx, const struct api_param *sp)
{
	if (api_param_given(ctx, sp->name))
		return true;
	return sp->type != API_T_BOOL && sp->dflt != NULL;
}

/* The spec entry `name` of the running module, or NULL. */
static const struct api_param *spec_of(struct api_ctx *ctx, const char *name)
{
	for (const struct api_param *sp = ctx->module ? ctx->module->params : NULL; sp && sp->name; sp++)
		if (streq(sp->name, name))
			return sp;
	return NULL;
}

static bool in_names(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (streq(*names, name))
			return true;
	return false;
}

/* "<var>prefixed name</var>" items for a list parameter. */
static const char *var_list(struct api_ctx *ctx, const char **names, size_t n)
{
	const char **items = arena_calloc(ctx->arena, n + 1, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = arena_printf(ctx->arena, "<var>%s</var>", api_param_name(ctx, names[i]));
	return api_p_list(ctx->arena, "text", items, n);
}

/* The set parameters among `names`, in declaration order; returns their count. */
static size_t set_params(struct api_ctx *ctx, const char *const *names, const char ***out)
{
	size_t n_names = 0;
	while (names[n_names])
		n_names++;
	const char **set = arena_calloc(ctx->arena, n_names + 1, sizeof(*set));
	size_t n = 0;
	for (const struct api_param *sp = ctx->module ? ctx->module->params : NULL; sp && sp->name; sp++)
		if (in_names(names, sp->name) && param_is_set(ctx, sp))
			set[n++] = sp->name;
	/* Names the table does not declare (read by the module itself) count when sent. */
	for (size_t i = 0; i < n_names; i++)
		if (!spec_of(ctx, names[i]) && api_param_given(ctx, names[i]))
			set[n++] = names[i];
	*out = set;
	return n;
}

int api_error_param_mix(struct api_ctx *ctx, const char *const *names, size_t n)
{
	return api_error(ctx, "invalidparammix", "apierror-invalidparammix", var_list(ctx, (const char **)names, n),
			 api_p_int(ctx->arena, (long long)n));
}

int api_require_one_of(struct api_ctx *ctx, const char *const *names)
{
	const char **set;
	size_t n = set_params(ctx, names, &set);
	if (n > 1)
		return api_error_param_mix(ctx, set, n);
	if (n == 1)
		return RC_OK;
	size_t n_names = 0;
	while (names[n_names])
		n_names++;
	return api_error(ctx, "missingparam", "apierror-missingparam-one-of",
			 var_list(ctx, (const char **)names, n_names), api_p_int(ctx->arena, (long long)n_names));
}

int api_require_max_one(struct api_ctx *ctx, const char *const *names)
{
	const char **set;
	size_t n = set_params(ctx, names, &set);
	return n > 1 ? api_error_param_mix(ctx, set, n) : RC_OK;
}

int api_require_at_least_one(struct api_ctx *ctx, const char *const *names)
{
	const char **set;
	if (set_params(ctx, names, &set) > 0)
		return RC_OK;
	size_t n_names = 0;
	while (names[n_names])
		n_names++;
	return api_error(ctx, "missingparam", "apierror-missingparam-at-least-one-of",
			 var_list(ctx, (const char **)names, n_names), api_p_int(ctx->arena, (long long)n_names));
}

size_t api_split_multi(struct arena *a, const char *s, const char ***out)
{
	/* U+001F as the first character switches the separator to U+001F. */
	const char *sep = "|";
	size_t seplen = 1;
	if (strncmp(s, "\x1f", 1) == 0) {
		sep = "\x1f";
		s++;
	}
	size_t n = 1;
	for (const char *p = s; (p = strstr(p, sep)); p += seplen)
		n++;
	const char **v = arena_calloc(a, n + 1, sizeof(*v));
	size_t i = 0;
	const char *p = s;
	for (;;) {
		const char *e = strstr(p, sep);
		if (!e) {
			v[i++] = arena_strdup(a, p);
			break;
		}
		v[i++] = arena_strndup(a, p, (size_t)(e - p));
		p = e + seplen;
	}
	*out = v;
	return i;
}

static const char *num(struct arena *a, long long v)
{
	return arena_printf(a, "%lld", v);
}

/* ParamValidator's messages quote names and values as plaintext parameters. */
static const char *pt(struct api_ctx *ctx, const char *s)
{
	return api_p_plain(ctx->arena, s);
}

/* Parse an integer the way MediaWiki does: optional sign, digits only. */
static bool parse_int(const char *s, long *out)
{
	long long v;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!*p)
		return false;
	for (const char *q = p; *q; q++)
		if (!isdigit((unsigned char)*q))
			return false;
	/*
	 * Beyond 64 bits the value is not an integer at all (badinteger), as
	 * IntegerDef, which refuses what intval() could only saturate.
	 */
	if (util_parse_ll(s, &v) != RC_OK || v < LONG_MIN || v > LONG_MAX)
		return false;
	*out = (long)v;
	return true;
}

/* Out-of-range handling shared by INT and LIMIT: clamp and warn, or fail. */
static int range_check(struct api_ctx *ctx, const struct api_param *sp, const char *name, const char *raw,
		       long *v, bool has_min, long min, bool has_max, long max, bool enforce)
{
	if ((!has_min || *v >= min) && (!has_max || *v <= max))
		return RC_OK;
	const char *key = has_min && has_max ? "paramvalidator-outofrange-minmax"
			  : has_min ? "paramvalidator-outofrange-min" : "paramvalidator-outofrange-max";
	/* numParams(min ?? '', max ?? ''): an absent bound is an empty number. */
	static const char no_bound[] = "\xffn";
	const char *smin = has_min ? api_p_num(ctx->arena, min) : no_bound;
	const char *smax = has_max ? api_p_num(ctx->arena, max) : no_bound;
	/* MediaWiki adds the range: min, curmax (this user's), max, highmax; null when unbounded. */
	struct api_node *d;
	if (enforce) {
		api_error(ctx, "outofrange", key, pt(ctx, name), pt(ctx, raw), smin, smax);
		d = api_error_data(ctx);
	} else {
		api_warn(ctx, "outofrange", key, pt(ctx, name), pt(ctx, raw), smin, smax);
		d = api_warning_data(ctx);
	}
	if (has_min)
		api_add_int(d, "min", min);
	else
		api_add_null(d, "min");
	if (has_max) {
		api_add_int(d, "curmax", max);
		api_add_int(d, "max", sp->max);
		api_add_int(d, "highmax", sp->max_high ? sp->max_high : sp->max);
	} else {
		api_add_null(d, "curmax");
		api_add_null(d, "max");
		api_add_null(d, "highmax");
	}
	if (enforce)
		return RC_ERR;
	if (has_min && *v < min)
		*v = min;
	if (has_max && *v > max)
		*v = max;
	return RC_OK;
}

/* Allowed values of an ENUM or SUBMODULE spec, NULL-terminated. */
static const char *const *enum_values(struct api_ctx *ctx, const struct api_param *sp)
{
	if (sp->type == API_T_ENUM)
		return sp->values_fn ? sp->values_fn(ctx) : sp->values;
	size_t n = 0, total = 0;
	const struct api_module *const *mods;
	const char **out;
	if (streq(sp->submodule_group, "generator")) {
		size_t np, nl;
		const struct api_module *const *pm = api_modules_of(API_G_PROP, &np);
		const struct api_module *const *lm = api_modules_of(API_G_LIST, &nl);
		out = arena_calloc(ctx->arena, np + nl + 1, sizeof(*out));
		for (size_t i = 0; i < np; i++)
			if (pm[i]->flags & API_M_GENERATOR)
				out[total++] = pm[i]->name;
		for (size_t i = 0; i < nl; i++)
			if (lm[i]->flags & API_M_GENERATOR)
				out[total++] = lm[i]->name;
		return out;
	}
	int g = api_group_from_name(sp->submodule_group);
	if (g < 0)
		BUG("unknown submodule group %s", sp->submodule_group);
	mods = api_modules_of((enum api_group)g, &n);
	out = arena_calloc(ctx->arena, n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[total++] = mods[i]->name;
	return out;
}

/*
 * The actions in the order MediaWiki registers them (ApiMain's module
 * list), which is the order its badvalue error lists them in; actions not
 * named here follow in name order.
 */
static const char *const mw_action_order[] = {
	"login", "clientlogin", "logout", "createaccount", "linkaccount", "unlinkaccount",
	"changeauthenticationdata", "removeauthenticationdata", "resetpassword", "query",
	"expandtemplates", "parse", "stashedit", "opensearch", "feedcontributions", "feedrecentchanges",
	"feedwatchlist", "help", "paraminfo", "rsd", "compare", "checktoken", "cspreport", "validatepassword",
	"purge", "setnotificationtimestamp", "rollback", "delete", "undelete", "protect", "block", "unblock",
	"move", "edit", "upload", "filerevert", "emailuser", "watch", "patrol", "import", "clearhasmsg",
	"userrights", "options", "imagerotate", "revisiondelete", "managetags", "tag", "mergehistory",
	"setpagelanguage", "changecontentmodel",
};

static size_t action_rank(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(mw_action_order); i++)
		if (streq(mw_action_order[i], name))
			return i;
	return ARRAY_SIZE(mw_action_order);
}

/* badvalue with MediaWiki's parameters: name, value, the allowed values (a text list), their count. */
static int bad_enum(struct api_ctx *ctx, const struct api_param *sp, const char *name, const char *v)
{
	const char *const *values = enum_values(ctx, sp);
	size_t n = 0;
	while (values && values[n])
		n++;
	bool is_action = sp->type == API_T_SUBMODULE && streq(sp->submodule_group, "action");
	const char **sorted = arena_calloc(ctx->arena, n + 1, sizeof(*sorted));
	for (size_t i = 0; i < n; i++) {
		size_t at = i;
		for (; is_action && at > 0 && action_rank(values[i]) < action_rank(sorted[at - 1]); at--)
			sorted[at] = sorted[at - 1];
		sorted[at] = values[i];
	}
	const char **items = arena_calloc(ctx->arena, n + 1, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = pt(ctx, sorted[i]);
	return api_error(ctx, "badvalue", "paramvalidator-badvalue-enumnotmulti", pt(ctx, name), pt(ctx, v),
			 api_p_list(ctx->arena, "text", items, n), api_p_num(ctx->arena, (long long)n));
}

/* badvalue for a namespace: the allowed values are the namespace numbers. */
static int bad_namespace(struct api_ctx *ctx, const struct api_param *sp, const char *name, const char *v)
{
	size_t n_all, n = 0;
	const struct wiki_ns *all = wiki_ns_all(&n_all);
	const char **items = arena_calloc(ctx->arena, n_all + 1, sizeof(*items));
	for (size_t i = 0; i < n_all; i++)
		if (all[i].id >= 0 || (sp->flags & API_P_EXTRA_NS))
			items[n++] = pt(ctx, api_p_int(ctx->arena, all[i].id));
	return api_error(ctx, "badvalue", "paramvalidator-badvalue-enumnotmulti", pt(ctx, name), pt(ctx, v),
			 api_p_list(ctx->arena, "text", items, n), api_p_num(ctx->arena, (long long)n));
}

static bool in_list(const char *const *values, const char *v)
{
	for (; values && *values; values++)
		if (strcmp(*values, v) == 0)
			return true;
	return false;
}

/* Is `s` an IPv4 or IPv6 address, optionally with a /prefix? */
static bool is_ip(const char *s, bool allow_range)
{
	const char *slash = strchr(s, '/');
	if (slash && !allow_range)
		return false;
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n > 45)
		return false;
	char buf[64];
	memcpy(buf, s, n);
	buf[n] = '\0';
	bool v6 = strchr(buf, ':') != NULL;
	if (v6) {
		for (char *p = buf; *p; p++)
			if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
				return false;
	} else {
		int dots = 0;
		for (char *p = buf; *p; p++) {
			if (*p == '.')
				dots++;
			else if (!isdigit((unsigned char)*p))
				return false;
		}
		if (dots != 3)
			return false;
	}
	if (slash) {
		long bits;
		if (!parse_int(slash + 1, &bits) || bits < 0 || bits > (v6 ? 128 : 32))
			return false;
	}
	return true;
}

/* Normalize a user value per the spec's user_types; NULL when invalid. */
static const char *check_user(struct api_ctx *ctx, const struct api_param *sp, const char *v)
{
	unsigned types = sp->user_types ? sp->user_types : (API_USER_NAME | API_USER_IP);
	if (v[0] == '#' && (types & API_USER_ID)) {
		long id;
		return parse_int(v + 1, &id) && id > 0 ? v : NULL;
	}
	if (strchr(v, '>') && (types & API_USER_INTERWIKI))
		return v;
	if (is_ip(v, false))
		return (types & API_USER_IP) ? arena_strdup(ctx->arena, v) : NULL;
	if (is_ip(v, true))
		return (types & API_USER_CIDR) ? arena_strdup(ctx->arena, v) : NULL;
	if (!(types & (API_USER_NAME | API_USER_TEMP)))
		return NULL;
	/* A user name is the text of a valid title in the User namespace, without '/'. */
	struct wiki_title t;
	const char *err;
	if (strchr(v, '/') || strchr(v, '#') ||
	    wiki_title_parse(ctx->arena, v, 2, &t, &err) != RC_OK || t.ns != 2 || t.interwiki[0])
		return NULL;
	return t.text;
}

/*
 * A title that must name an existing page (TitleDef with
 * PARAM_MUST_EXIST): badtitle, missingtitle, else *out is the prefixed
 * text.
 */
static int check_existing_title(struct api_ctx *ctx, const char *name, const char *v, const char **out)
{
	struct wiki_title t;
	const char *err;
	if (wiki_title_parse(ctx->arena, v, WIKI_NS_MAIN, &t, &err) != RC_OK || t.is_external || !*t.dbkey)
		return api_error(ctx, "badtitle", "paramvalidator-badtitle", pt(ctx, name), pt(ctx, v));
	int64_t id = 0;
	int rc = t.ns < 0 ? RC_NOTFOUND
			  : store_query_int(ctx->store, &id, "SELECT page_id FROM page WHERE page_namespace = ? AND page_title = ?",
					    "dt", t.ns, t.dbkey);
	if (rc == RC_NOTFOUND)
		return api_error(ctx, "missingtitle", "paramvalidator-missingtitle", pt(ctx, name), pt(ctx, v));
	if (rc != RC_OK)
		return api_db_error(ctx);
	*out = t.prefixed;
	return RC_OK;
}

/* Validate one scalar value `v` of type sp->type. *out is set to the normalized text. */
static int check_value(struct api_ctx *ctx, const struct api_param *sp, const char *name, const char *v,
		       const char **out, long *iv, bool is_multi)
{
	int64_t t;
	bool inf;
	*out = v;
	switch (sp->type) {
	case API_T_INT:
		if (!parse_int(v, iv))
			return api_error(ctx, "badinteger", "paramvalidator-badinteger", pt(ctx, name), pt(ctx, v));
		return range_check(ctx, sp, name, v, iv, sp->flags & API_P_HAS_MIN, sp->min,
				   sp->flags & API_P_HAS_MAX, ctx->has_highlimits && sp->max_high ? sp->max_high : sp->max,
				   sp->flags & API_P_ENFORCE_RANGE);
	case API_T_LIMIT: {
		long max = ctx->has_highlimits && sp->max_high ? sp->max_high : sp->max;
		if (streq(v, "max")) {
			*iv = max;
			struct api_node *lim = api_node_object(ctx->result, "limits");
			api_add_int(lim, ctx->module ? ctx->module->name : name, max);
			return RC_OK;
		}
		if (!parse_int(v, iv))
			return api_error(ctx, "badinteger", "paramvalidator-badinteger", pt(ctx, name), pt(ctx, v));
		return range_check(ctx, sp, name, v, iv, true, sp->min > 0 ? sp->min : 1, true, max, false);
	}
	case API_T_NAMESPACE: {
		if (!parse_int(v, iv) || !wiki_ns_valid((int)*iv) || (*iv < 0 && !(sp->flags & API_P_EXTRA_NS))) {
			if (is_multi)
				return RC_NOTFOUND;
			return bad_namespace(ctx, sp, name, v);
		}
		return RC_OK;
	}
	case API_T_TIMESTAMP:
		if (!*v || streq(v, "0")) {
			api_warn(ctx, "unclearnowtimestamp", "paramvalidator-unclearnowtimestamp", pt(ctx, name), pt(ctx, v));
			t = util_now();
		} else if (ts_parse(v, &t) != RC_OK) {
			return api_error(ctx, "badtimestamp", "paramvalidator-badtimestamp", pt(ctx, name), pt(ctx, v));
		}
		char *mw = arena_alloc(ctx->arena, 15);
		ts_format_mw(t, mw);
		*out = mw;
		return RC_OK;
	case API_T_EXPIRY:
		if (ts_parse_expiry(v, util_now(), &t, &inf) != RC_OK)
			return api_error(ctx, "badexpiry", "paramvalidator-badexpiry", pt(ctx, name), pt(ctx, v));
		if (inf) {
			*out = "infinity";
			return RC_OK;
		}
		if (t < util_now())
			return api_error(ctx, "badexpiry-past", "paramvalidator-badexpiry-past", pt(ctx, name), pt(ctx, v));
		mw = arena_alloc(ctx->arena, 15);
		ts_format_mw(t, mw);
		*out = mw;
		return RC_OK;
	case API_T_USER: {
		const char *u = check_user(ctx, sp, v);
		if (!u)
			return api_error(ctx, "baduser", "paramvalidator-baduser", pt(ctx, name), pt(ctx, v));
		*out = u;
		return RC_OK;
	}
	case API_T_ENUM:
	case API_T_SUBMODULE:
		if (sp->flags & API_P_UNCHECKED)
			return RC_OK;
		if (!in_list(enum_values(ctx, sp), v)) {
			if (is_multi)
				return RC_NOTFOUND;
			return bad_enum(ctx, sp, name, v);
		}
		if (in_list(sp->deprecated_values, v)) {
			if (sp->deprecated_msg)
				api_warn(ctx, "deprecation", sp->deprecated_msg);
			else
				api_warn(ctx, "deprecation", "paramvalidator-deprecated-value", pt(ctx, name), pt(ctx, v));
			api_warn_feature(ctx, arena_printf(ctx->arena, "%s=%s", name, v));
			api_warn_for(ctx, "main", "deprecation-help", "api-usage-mailinglist-ref");
		}
		return RC_OK;
	case API_T_TITLE: {
		if (sp->flags & API_P_MUST_EXIST)
			return check_existing_title(ctx, name, v, out);
		/* TitleDef: any valid local or interwiki title. */
		struct wiki_title tt;
		const char *terr;
		if (wiki_title_parse(ctx->arena, v, WIKI_NS_MAIN, &tt, &terr) != RC_OK || (!*tt.dbkey && !tt.is_external))
			return api_error(ctx, "badtitle", "paramvalidator-badtitle", pt(ctx, name), pt(ctx, v));
		return RC_OK;
	}
	case API_T_STRING:
	case API_T_TEXT:
	case API_T_PASSWORD:
	case API_T_RAW:
	case API_T_BOOL:
	case API_T_UPLOAD:
		return RC_OK;
	}
	return RC_OK;
}

/* Fill a multi-value parameter into a struct api_list. */
static int fill_multi(struct api_ctx *ctx, const struct api_param *sp, const char *name, const char *raw,
		      struct api_list *list)
{
	const char **vals;
	size_t n = *raw ? api_split_multi(ctx->arena, raw, &vals) : 0;
	int limit = sp->multi_max ? sp->multi_max : MULTI_MAX;
	int limit_high = sp->multi_max_high ? sp->multi_max_high : MULTI_MAX_HIGH;
	int max = ctx->has_highlimits ? limit_high : limit;
	bool is_enum = sp->type == API_T_ENUM || sp->type == API_T_SUBMODULE || sp->type == API_T_NAMESPACE;

	/* "*" selects all values where the spec allows it. */
	if (n == 1 && streq(vals[0], "*") && (sp->flags & API_P_ALLOW_ALL)) {
		if (sp->type == API_T_NAMESPACE) {
			size_t nn = 0;
			const struct wiki_ns *all = wiki_ns_all(&nn);
			list->v = arena_calloc(ctx->arena, nn + 1, sizeof(*list->v));
			list->iv = arena_calloc(ctx->arena, nn + 1, sizeof(*list->iv));
			for (size_t i = 0; i < nn; i++) {
				/* "*" means the real namespaces, not the virtual ones (-1, -2). */
				if (all[i].id < 0)
					continue;
				list->v[list->n] = num(ctx->arena, all[i].id);
				list->iv[list->n++] = all[i].id;
			}
			return RC_OK;
		}
		const char *const *all = enum_values(ctx, sp);
		size_t na = 0;
		while (all[na])
			na++;
		list->v = arena_calloc(ctx->arena, na + 1, sizeof(*list->v));
		for (size_t i = 0; i < na; i++)
			list->v[i] = all[i];
		list->n = na;
		return RC_OK;
	}
	if ((int)n > max) {
		api_error(ctx, "toomanyvalues", "paramvalidator-toomanyvalues", pt(ctx, name), api_p_num(ctx->arena, max));
		struct api_node *d = api_error_data(ctx);
		api_add_int(d, "limit", max);
		api_add_int(d, "lowlimit", limit);
		api_add_int(d, "highlimit", limit_high);
		return RC_ERR;
	}
	list->v = arena_calloc(ctx->arena, n + 1, sizeof(*list->v));
	list->iv = arena_calloc(ctx->arena, n + 1, sizeof(*list->iv));
	const char **bad = arena_calloc(ctx->arena, n + 1, sizeof(*bad));
	size_t n_bad = 0;
	for (size_t i = 0; i < n; i++) {
		const char *outv;
		long iv = 0;
		int rc = check_value(ctx, sp, name, vals[i], &outv, &iv, true);
		if (rc == RC_NOTFOUND && is_enum) {
			bad[n_bad++] = vals[i];
			continue;
		}
		if (rc != RC_OK)
			return rc;
		bool dup = false;
		if (!(sp->flags & API_P_ALLOW_DUPLICATES))
			for (size_t j = 0; j < list->n && !dup; j++)
				dup = strcmp(list->v[j], outv) == 0;
		if (dup)
			continue;
		list->iv[list->n] = iv;
		list->v[list->n++] = outv;
	}
	if (n_bad) {
		const char **shown = arena_calloc(ctx->arena, n_bad + 1, sizeof(*shown));
		for (size_t i = 0; i < n_bad; i++)
			shown[i] = pt(ctx, bad[i]);
		api_warn(ctx, "unrecognizedvalues", "paramvalidator-unrecognizedvalues", pt(ctx, name), pt(ctx, raw),
			 api_p_list(ctx->arena, "comma", shown, n_bad), api_p_num(ctx->arena, (long long)n_bad));
		/* The newer errorformats also carry the values themselves, as data.values. */
		struct api_node *v = api_add_array(api_warning_data(ctx), "values", NULL);
		for (size_t i = 0; i < n_bad; i++)
			api_add_str(v, NULL, bad[i]);
	}
	return RC_OK;
}

/* Store a value of a single-valued spec at its offset. */
static void store_single(void *out, const struct api_param *sp, const char *v, long iv)
{
	char *field = (char *)out + sp->offset;
	switch (sp->type) {
	case API_T_INT:
	case API_T_LIMIT:
	case API_T_NAMESPACE:
		memcpy(field, &iv, sizeof(iv));
		break;
	case API_T_BOOL: {
		bool b = v != NULL;
		memcpy(field, &b, sizeof(b));
		break;
	}
	case API_T_UPLOAD:
		BUG("upload stored elsewhere");
	default:
		memcpy(field, &v, sizeof(v));
		break;
	}
}

/*
 * Templated parameters ("{fruit}-quantity" with templatevars
 * "fruit=fruits"): for each value of the named multi parameter, the
 * expanded parameter is read; the field is a struct api_list of those
 * values in the same order (NULL where absent).
 */
static int fill_templated(struct api_ctx *ctx, const struct api_param *sp, const char *prefix, void *out)
{
	const char *tv = sp->templatevars;
	const char *eq = tv ? strchr(tv, '=') : NULL;
	if (!eq)
		BUG("templated parameter %s without templatevars", sp->name);
	char *var = arena_printf(ctx->arena, "{%.*s}", (int)(eq - tv), tv);
	const char *src_name = eq + 1;
	const char *src_full = prefix && *prefix ? arena_printf(ctx->arena, "%s%s", prefix, src_name) : src_name;
	const struct http_param *src = api_param_lookup(ctx, src_full);
	struct api_list *list = (struct api_list *)((char *)out + sp->offset);
	memset(list, 0, sizeof(*list));
	if (!src || !*src->value)
		return RC_OK;
	const char **vals;
	size_t n = api_split_multi(ctx->arena, src->value, &vals);
	list->v = arena_calloc(ctx->arena, n + 1, sizeof(*list->v));
	const char *at = strstr(sp->name, var);
	if (!at)
		BUG("templated parameter %s lacks %s", sp->name, var);
	for (size_t i = 0; i < n; i++) {
		const char *expanded = arena_printf(ctx->arena, "%s%.*s%s%s", prefix ? prefix : "",
						    (int)(at - sp->name), sp->name, vals[i], at + strlen(var));
		const struct http_param *p = api_param_take(ctx, expanded);
		list->v[list->n++] = p ? p->value : NULL;
	}
	return RC_OK;
}

/* Fill the parameters of `m` that are API_P_LATE (`late`) or not. */
static int fill_one(struct api_ctx *ctx, const struct api_module *m, const struct api_param *sp, const char *prefix,
		    void *out);

/*
 * Validate every parameter of `m`, as ApiBase::extractRequestParams():
 * a parameter that fails does not stop the others, whose warnings
 * (unrecognized values, deprecation, limits) still count; the first
 * failure in the table's order is the error, later ones are dropped.
 */
static int fill_params(struct api_ctx *ctx, const struct api_module *m, const char *prefix, void *out, bool late)
{
	struct api_main *main = api_main_of(ctx);
	int rc = RC_OK;
	for (const struct api_param *sp = m->params; sp && sp->name; sp++) {
		if ((sp->flags & API_P_HELP_ONLY) || late != ((sp->flags & API_P_LATE) != 0))
			continue;
		struct api_msgrec *mark = main->errors;
		while (mark && mark->next)
			mark = mark->next;
		/* After the first failure, a later one's error data (disallowedtags...) is dropped with it. */
		struct api_node *data = main->error_data;
		if (rc != RC_OK)
			main->error_data = NULL;
		int r = sp->flags & API_P_TEMPLATED ? fill_templated(ctx, sp, prefix, out) : fill_one(ctx, m, sp, prefix, out);
		if (rc != RC_OK)
			main->error_data = data;
		if (r == RC_OK)
			continue;
		if (rc == RC_OK) {
			rc = r;
		} else if (mark) {
			mark->next = NULL;
		} else {
			main->errors = NULL;
		}
	}
	return rc;
}

/* One parameter of fill_params(): RC_OK, or RC_ERR after api_error(). */
static int fill_one(struct api_ctx *ctx, const struct api_module *m, const struct api_param *sp, const char *prefix,
		    void *out)
{
	struct api_main *main = api_main_of(ctx);
	int rc = RC_OK;
	const char *name = full_name(ctx, sp, prefix);
	const struct http_param *p = api_param_take(ctx, name);
	const char *raw = p ? p->value : NULL;

	/*
	 * Modules that must be posted refuse secrets in the URL, but as
	 * their own first step (requirePostedParameters), after
	 * mustbeposted: the dispatcher reports what is noted here.
	 */
	if (p && (m->flags & API_M_MUST_POST) && (sp->flags & API_P_SENSITIVE || sp->type == API_T_PASSWORD) &&
	    !p->from_body) {
		main->url_secrets = main->url_secrets ? arena_printf(ctx->arena, "%s, %s", main->url_secrets, name)
						      : name;
		main->n_url_secrets++;
	}
	/* The request's bytes were not clean NFC text: the module reads the cleaned value, and says so. */
	if (p && p->raw && !p->is_file)
		api_warn(ctx, "badutf8", "apiwarn-badutf8", pt(ctx, name));
	/* As MediaWiki: the parameter and its value, plus the mailing-list pointer under "main". */
	if (p && (sp->flags & API_P_DEPRECATED)) {
		api_warn(ctx, "deprecation", "paramvalidator-param-deprecated", pt(ctx, name), pt(ctx, raw));
		api_warn_feature(ctx, name);
		api_warn_for(ctx, "main", "deprecation-help", "api-usage-mailinglist-ref");
	}
	if (sp->type == API_T_UPLOAD) {
		if (p && !p->is_file)
			return api_error(ctx, "badupload", "paramvalidator-badupload-notupload", pt(ctx, name),
					 pt(ctx, raw));
		const struct http_param *up = p;
		memcpy((char *)out + sp->offset, &up, sizeof(up));
		return RC_OK;
	}
	if (sp->type == API_T_BOOL) {
		store_single(out, sp, raw, 0);
		return RC_OK;
	}
	if (!raw) {
		if (sp->flags & API_P_REQUIRED)
			return api_error(ctx, "missingparam", "paramvalidator-missingparam", pt(ctx, name));
		raw = sp->dflt;
		if (!raw)
			return RC_OK;
	}
	/* StringDef: a required string, text or password may not be empty either. */
	if (!*raw && (sp->flags & API_P_REQUIRED) && !(sp->flags & API_P_MULTI) &&
	    (sp->type == API_T_STRING || sp->type == API_T_TEXT || sp->type == API_T_PASSWORD))
		return api_error(ctx, "missingparam", "paramvalidator-missingparam", pt(ctx, name), pt(ctx, raw));
	if (sp->flags & API_P_MULTI) {
		struct api_list *list = (struct api_list *)((char *)out + sp->offset);
		rc = fill_multi(ctx, sp, name, raw, list);
		/* TagsDef: tags that cannot be added fail here, in the parameters' order (badtags). */
		if (rc == RC_OK && sp->values_fn == api_tag_values)
			rc = api_check_tag_values(ctx, list);
		return rc;
	}
	const char *v;
	long iv = 0;
	rc = check_value(ctx, sp, name, raw, &v, &iv, false);
	if (rc == RC_OK)
		store_single(out, sp, v, iv);
	return rc;
}

int api_params_fill(struct api_ctx *ctx, const struct api_module *m, const char *prefix, void *out)
{
	/* Stays set while the module runs, for api_param_raw(); query.c restores it. */
	api_main_of(ctx)->prefix = prefix;
	return fill_params(ctx, m, prefix, out, false);
}

int api_params_fill_late(struct api_ctx *ctx, void *out)
{
	return fill_params(ctx, ctx->module, api_main_of(ctx)->prefix, out, true);
}

/*
 * Position of request parameter `i` among the names PHP's WebRequest
 * lists: body parameters first, then query-string ones the body does not
 * repeat, each name once at its first place. MediaWiki's list of unused
 * parameters keeps these positions (array_diff), so raw errorformat shows
 * them as the list's keys.
 */
static size_t php_position(const struct http_request *req, size_t i)
{
	const struct http_param *pi = &req->params[i];
	size_t pos = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t j = 0; j < req->n_params; j++) {
			const struct http_param *pj = &req->params[j];
			if (pj->from_body != (pass == 0))
				continue;
			bool seen = false;
			for (size_t k = 0; k < req->n_params && !seen; k++) {
				const struct http_param *pk = &req->params[k];
				bool earlier = pk->from_body == pj->from_body ? k < j : pk->from_body;
				seen = earlier && streq(pk->name, pj->name);
			}
			if (seen)
				continue;
			if (streq(pj->name, pi->name))
				return pos;
			pos++;
		}
	}
	return pos;
}

void api_params_warn_unused(struct api_ctx *ctx)
{
	struct api_main *m = api_main_of(ctx);
	const struct http_request *req = ctx->req;
	const char **names = arena_calloc(ctx->arena, req->n_params + 1, sizeof(*names));
	size_t *pos = arena_calloc(ctx->arena, req->n_params + 1, sizeof(*pos));
	size_t n = 0;
	for (size_t i = 0; i < req->n_params; i++) {
		if (m->used[i])
			continue;
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !m->used[j] && streq(req->params[j].name, req->params[i].name);
		if (dup)
			continue;
		/* Insert in PHP's order (few parameters: insertion sort). */
		size_t at = n++, p = php_position(req, i);
		for (; at > 0 && pos[at - 1] > p; at--) {
			pos[at] = pos[at - 1];
			names[at] = names[at - 1];
		}
		pos[at] = p;
		names[at] = api_p_keyed(ctx->arena, p, req->params[i].name);
	}
	if (n)
		api_warn_for(ctx, "main", "unrecognizedparams", "apierror-unrecognizedparams",
			     api_p_list(ctx->arena, "comma", names, n), api_p_int(ctx->arena, (long long)n));
}
