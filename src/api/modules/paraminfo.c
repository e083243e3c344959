/* SPDX-License-Identifier: MIT */
/*
 * paraminfo.c — action=paraminfo: the parameter specs of modules, read
 * from the same tables the validator uses, in MediaWiki's shape (names,
 * types or value lists, defaults, limits, multi-value limits, flags).
 */
#include "../api_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/config.h"

struct paraminfo_params {
	struct api_list modules;      /* module paths, "query+*" wildcards */
	const char *helpformat;       /* html, none, raw, wikitext */
	struct api_list querymodules; /* deprecated: query submodule names */
	const char *mainmodule;       /* deprecated: include main (any value PHP finds true) */
	const char *pagesetmodule;    /* deprecated: include the page set (likewise) */
	struct api_list formatmodules; /* deprecated: format module names */
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of every query submodule, sorted: the values of the deprecated querymodules. */
static const char *const *query_module_names(struct api_ctx *ctx)
{
	const struct api_module *subs[1024];
	size_t n = api_submodules_of(api_module_find(API_G_ACTION, "query"), subs, ARRAY_SIZE(subs));
	const char **names = arena_calloc(ctx->arena, n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = subs[i]->name;
	qsort(names, n, sizeof(*names), cmp_name);
	return names;
}

/* The format modules' names: a plain list of values in MediaWiki, not a submodule parameter. */
static const char *const *format_names(struct api_ctx *ctx)
{
	size_t n = 0;
	const struct api_module *const *mods = api_modules_of(API_G_FORMAT, &n);
	const char **v = arena_calloc(ctx->arena, n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = mods[i]->name;
	return v;
}

static const struct api_param params[] = {
	{ .name = "modules", .type = API_T_STRING, .flags = API_P_MULTI,
	  .offset = offsetof(struct paraminfo_params, modules),
	  .desc = "Module paths: action names, \"query+info\" style submodule paths; \"X+*\" "
		  "for every submodule of X, \"X+**\" for them and theirs, \"*\" and \"**\" "
		  "for those of main." },
	{ .name = "helpformat", .type = API_T_ENUM, .dflt = "none",
	  .values = (const char *const[]){ "html", "wikitext", "raw", "none", NULL },
	  .offset = offsetof(struct paraminfo_params, helpformat),
	  .desc = "How help texts are returned; \"none\" leaves them out." },
	{ .name = "querymodules", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_DEPRECATED,
	  .values_fn = query_module_names,
	  .offset = offsetof(struct paraminfo_params, querymodules),
	  .desc = "Query submodule names; use modules=query+name instead." },
	{ .name = "mainmodule", .type = API_T_STRING, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct paraminfo_params, mainmodule),
	  .desc = "Include the main module; use modules=main instead." },
	{ .name = "pagesetmodule", .type = API_T_STRING, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct paraminfo_params, pagesetmodule),
	  .desc = "Include the page set parameters." },
	{ .name = "formatmodules", .type = API_T_ENUM, .values_fn = format_names,
	  .flags = API_P_MULTI | API_P_DEPRECATED, .offset = offsetof(struct paraminfo_params, formatmodules),
	  .desc = "Format module names; use modules instead." },
	{ 0 }
};

/*
 * How PHP tests a string for truth: MediaWiki declares the deprecated
 * mainmodule and pagesetmodule as strings and only asks whether they are
 * true, so "" and "0" mean no.
 */
static bool php_true(const char *v)
{
	return v && *v && !streq(v, "0");
}

/* A default given as text, typed like MediaWiki shows it. */
static void add_default(struct api_node *e, const struct api_param *p)
{
	long long v;
	if (!p->dflt)
		return; /* booleans (false unless given) show no default, as MediaWiki */
	/* Numeric types show a single-number default as a number, multi-value ones too (psnamespace's 0). */
	if ((p->type == API_T_INT || p->type == API_T_LIMIT || p->type == API_T_NAMESPACE) &&
	    util_parse_ll(p->dflt, &v) == RC_OK)
		api_add_int(e, "default", v);
	else
		api_add_str(e, "default", p->dflt);
}

/* Help text rendered for helpformat (plain in every format but html). */
static void add_text(struct api_ctx *ctx, struct api_node *e, const char *key, const char *text,
		     const char *helpformat)
{
	if (streq(helpformat, "none") || !text)
		return;
	if (streq(helpformat, "raw")) {
		struct api_node *l = api_add_array(e, key, "msg");
		struct api_node *m = api_add_object(l, NULL);
		api_add_str(m, "key", "rawmessage");
		api_add_array(m, "params", "param");
		api_add_str(api_node_get(m, "params"), NULL, text);
		return;
	}
	if (streq(helpformat, "html"))
		api_add_strf(e, key, "<p>%s</p>", text);
	else
		api_add_str(e, key, text);
}

/* True when `v` is one of the NULL-ended `list`. */
static bool in_list(const char *v, const char *const *list)
{
	for (; list && *list; list++)
		if (streq(*list, v))
			return true;
	return false;
}

/*
 * PHP's natural order (SORT_NATURAL, as MediaWiki sorts enum values):
 * bytes, except that runs of digits compare as numbers ("90" before
 * "180"); leading zeros do not count.
 */
static int natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			const char *ea = a, *eb = b;
			while (*ea >= '0' && *ea <= '9')
				ea++;
			while (*eb >= '0' && *eb <= '9')
				eb++;
			while (ea - a > 1 && *a == '0')
				a++;
			while (eb - b > 1 && *b == '0')
				b++;
			if (ea - a != eb - b)
				return ea - a < eb - b ? -1 : 1;
			int c = memcmp(a, b, (size_t)(ea - a));
			if (c)
				return c;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

/* Where a value goes: 0 for the ordinary values, then 1 deprecated, 2 internal, 3 both. */
static int value_rank(const char *v, const char *const *deprecated, const char *const *internal)
{
	return (in_list(v, deprecated) ? 1 : 0) + (in_list(v, internal) ? 2 : 0);
}

/*
 * Sort `vals` in natural order, the values in `deprecated` and then those
 * in `internal` after all others, as MediaWiki lists them (insertion sort:
 * lists are short).
 */
static void sort_values(const char **vals, size_t n, const char *const *deprecated, const char *const *internal)
{
	for (size_t i = 1; i < n; i++) {
		const char *v = vals[i];
		int dv = value_rank(v, deprecated, internal);
		size_t j = i;
		while (j > 0) {
			int dp = value_rank(vals[j - 1], deprecated, internal);
			if (dp < dv || (dp == dv && natural_cmp(vals[j - 1], v) <= 0))
				break;
			vals[j] = vals[j - 1];
			j--;
		}
		vals[j] = v;
	}
}

/* The names among `vals` of the modules of group `group` that have `flag`, NULL-terminated. */
static const char *const *modules_with(struct api_ctx *ctx, const char **vals, size_t n, const char *group,
				       unsigned flag)
{
	const char **dep = arena_calloc(ctx->arena, n + 1, sizeof(*dep));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct api_module *m = api_module_find((enum api_group)api_group_from_name(group), vals[i]);
		if (m && (m->flags & flag))
			dep[k++] = vals[i];
	}
	return dep;
}

/* The token parameter of a NEEDS_TOKEN module, as ApiBase::getFinalParams() describes it. */
static void add_token(struct api_ctx *ctx, struct api_node *list, const struct api_module *m, const char *desc,
		      int index, const char *helpformat)
{
	struct api_node *t = api_add_object(list, NULL);
	api_add_int(t, "index", index);
	api_add_str(t, "name", "token");
	api_add_str(t, "type", "string");
	api_add_bool(t, "required", true);
	api_add_bool(t, "sensitive", true);
	api_add_bool(t, "multi", false);
	api_add_str(t, "tokentype", m->token_type ? m->token_type : "csrf");
	add_text(ctx, t, "description", desc, helpformat);
}

static void add_param(struct api_ctx *ctx, struct api_node *list, const struct api_param *p, int index,
		      const char *helpformat)
{
	struct api_node *e = api_add_object(list, NULL);
	api_add_int(e, "index", index);
	api_add_str(e, "name", p->name);
	const char *const *dep = p->deprecated_values, *const *internal = p->internal_values;
	if (p->type == API_T_ENUM || p->type == API_T_SUBMODULE) {
		/* The values: every submodule (generators: every prop and list module that is one), or the enum's. */
		size_t cap = 16, n_vals = 0;
		const char **vals = arena_alloc(ctx->arena, cap * sizeof(*vals));
		struct api_node *t = api_add_array(e, "type", "t");
		struct api_node *sm = p->type == API_T_SUBMODULE ? api_add_object(e, "submodules") : NULL;
		bool gen = p->type == API_T_SUBMODULE && streq(p->submodule_group, "generator");
		for (int pass = 0; pass < (gen ? 2 : 1); pass++) {
			size_t n = 0;
			const struct api_module *const *mods = NULL;
			const char *const *ev = NULL;
			if (gen)
				mods = api_modules_of(pass ? API_G_LIST : API_G_PROP, &n);
			else if (sm)
				mods = api_modules_of((enum api_group)api_group_from_name(p->submodule_group), &n);
			else
				for (ev = p->values_fn ? p->values_fn(ctx) : p->values; ev && ev[n]; n++)
					;
			for (size_t i = 0; i < n; i++) {
				if (gen && !(mods[i]->flags & API_M_GENERATOR))
					continue;
				if (n_vals + 1 > cap) {
					const char **grown = arena_alloc(ctx->arena, 2 * cap * sizeof(*vals));
					memcpy(grown, vals, n_vals * sizeof(*vals));
					vals = grown;
					cap *= 2;
				}
				vals[n_vals++] = mods ? mods[i]->name : ev[i];
			}
		}
		/* Deprecated and internal submodules are the parameter's deprecated and internal values. */
		if (sm && !gen) {
			dep = modules_with(ctx, vals, n_vals, p->submodule_group, API_M_DEPRECATED);
			internal = modules_with(ctx, vals, n_vals, p->submodule_group, API_M_INTERNAL);
		}
		/* MediaWiki lists the values sorted, the deprecated and internal ones after the others. */
		sort_values(vals, n_vals, dep, internal);
		for (size_t i = 0; i < n_vals; i++) {
			api_add_str(t, NULL, vals[i]);
			/* The map in the same order (a generator is a prop or a list module that is one). */
			const struct api_module *m = NULL;
			if (gen) {
				m = api_module_find(API_G_PROP, vals[i]);
				if (!m || !(m->flags & API_M_GENERATOR))
					m = api_module_find(API_G_LIST, vals[i]);
			} else if (sm) {
				m = api_module_find((enum api_group)api_group_from_name(p->submodule_group), vals[i]);
			}
			if (m)
				api_add_str(sm, m->name, api_module_path(m));
		}
		if (sm && p->submodule_prefix)
			api_add_str(e, "submoduleparamprefix", p->submodule_prefix);
	} else {
		api_add_str(e, "type", api_type_name(p->type));
	}
	api_add_bool(e, "required", p->flags & API_P_REQUIRED);
	if (p->flags & (API_P_SENSITIVE) || p->type == API_T_PASSWORD)
		api_add_bool(e, "sensitive", true);
	if (p->flags & API_P_DEPRECATED)
		api_add_bool(e, "deprecated", true);
	add_default(e, p);
	api_add_bool(e, "multi", p->flags & API_P_MULTI);
	if (p->flags & API_P_MULTI) {
		int lo = p->multi_max ? p->multi_max : 50, hi = p->multi_max_high ? p->multi_max_high : 500;
		api_add_int(e, "lowlimit", lo);
		api_add_int(e, "highlimit", hi);
		api_add_int(e, "limit", ctx->has_highlimits ? hi : lo);
		if (p->flags & API_P_ALLOW_ALL)
			api_add_str(e, "allspecifier", "*");
		if (p->flags & API_P_ALLOW_DUPLICATES)
			api_add_bool(e, "allowsduplicates", true);
	}
	if (p->type == API_T_LIMIT) {
		api_add_int(e, "min", p->min > 0 ? p->min : 1);
		api_add_int(e, "max", p->max);
		api_add_int(e, "highmax", p->max_high ? p->max_high : p->max);
	} else if (p->type == API_T_INT) {
		if (p->flags & API_P_HAS_MIN)
			api_add_int(e, "min", p->min);
		if (p->flags & API_P_HAS_MAX) {
			api_add_int(e, "max", p->max);
			if (p->max_high)
				api_add_int(e, "highmax", p->max_high);
		}
	} else if (p->type == API_T_USER) {
		static const struct {
			unsigned bit;
			const char *name;
		} st[] = { { API_USER_NAME, "name" }, { API_USER_IP, "ip" }, { API_USER_CIDR, "cidr" },
			   { API_USER_INTERWIKI, "interwiki" }, { API_USER_ID, "id" }, { API_USER_TEMP, "temp" } };
		unsigned types = p->user_types ? p->user_types : (API_USER_NAME | API_USER_IP);
		struct api_node *l = api_add_array(e, "subtypes", "t");
		for (size_t i = 0; i < ARRAY_SIZE(st); i++)
			if (types & st[i].bit)
				api_add_str(l, NULL, st[i].name);
	}
	if (p->type == API_T_NAMESPACE && (p->flags & API_P_EXTRA_NS)) {
		struct api_node *l = api_add_array(e, "extranamespaces", "ns");
		api_add_int(l, NULL, -2);
		api_add_int(l, NULL, -1);
	}
	if (p->type == API_T_TITLE)
		api_add_bool(e, "mustExist", (p->flags & API_P_MUST_EXIST) != 0);
	if (dep && *dep) {
		struct api_node *l = api_add_array(e, "deprecatedvalues", "v");
		for (const char *const *v = dep; *v; v++)
			api_add_str(l, NULL, *v);
	}
	if (internal && *internal) {
		struct api_node *l = api_add_array(e, "internalvalues", "v");
		for (const char *const *v = internal; *v; v++)
			api_add_str(l, NULL, *v);
	}
	if (p->templatevars) {
		struct api_node *tv = api_add_object(e, "templatevars");
		const char *eq = strchr(p->templatevars, '=');
		if (eq)
			api_add_str(tv, arena_strndup(ctx->arena, p->templatevars, (size_t)(eq - p->templatevars)),
				    eq + 1);
	}
	add_text(ctx, e, "description", p->desc, helpformat);
	if (p->info) {
		/* "name|value|...=text": the values are the message's parameters (numbers stay numbers). */
		const char *eq = strchr(p->info, '=');
		const char *head = eq ? arena_strndup(ctx->arena, p->info, (size_t)(eq - p->info)) : p->info;
		const char *bar = strchr(head, '|');
		struct api_node *l = api_add_array(e, "info", "i");
		struct api_node *i = api_add_object(l, NULL);
		api_add_str(i, "name", bar ? arena_strndup(ctx->arena, head, (size_t)(bar - head)) : head);
		if (bar) {
			struct api_node *vl = api_add_array(i, "values", "v");
			for (const char *v = bar + 1; v; v = strchr(v, '|') ? strchr(v, '|') + 1 : NULL) {
				const char *v_end = strchr(v, '|');
				const char *one = v_end ? arena_strndup(ctx->arena, v, (size_t)(v_end - v)) : v;
				long long num;
				if (util_parse_ll(one, &num) == RC_OK)
					api_add_int(vl, NULL, num);
				else
					api_add_str(vl, NULL, one);
			}
		}
		if (eq)
			add_text(ctx, i, "text", eq + 1, helpformat);
	}
}

/* Module `m` described as a new object of `list` (an array), or as its member `key` when given. */
static void add_module_as(struct api_ctx *ctx, struct api_node *list, const char *key, const struct api_module *m,
			  const char *helpformat)
{
	struct api_node *e = api_add_object(list, key);
	api_add_str(e, "name", m->name);
	api_add_str(e, "classname", m->name);
	api_add_str(e, "path", api_module_path(m));
	if (m->group != API_G_MAIN)
		api_add_str(e, "group", m->group == API_G_ACTION ? "action" : api_group_name(m->group));
	api_add_str(e, "prefix", m->prefix ? m->prefix : "");
	api_add_str(e, "source", m->source ? m->source : "MediaWiki");
	api_add_str(e, "sourcename", m->source ? m->source : "MediaWiki");
	api_add_str(e, "licensetag", "GPL-2.0-or-later");
	api_add_strf(e, "licenselink", "%s%s/index.php?title=Special:Version/License/MediaWiki",
		     config.server, config.scriptpath);
	if (!(m->flags & API_M_NO_READ) || m->group == API_G_FORMAT)
		api_add_bool(e, "readrights", true);
	if (m->flags & API_M_WRITE)
		api_add_bool(e, "writerights", true);
	if (m->flags & API_M_MUST_POST)
		api_add_bool(e, "mustbeposted", true);
	if (m->flags & API_M_GENERATOR)
		api_add_bool(e, "generator", true);
	if (m->flags & API_M_INTERNAL)
		api_add_bool(e, "internal", true);
	if (m->flags & API_M_DEPRECATED)
		api_add_bool(e, "deprecated", true);
	struct api_node *urls = api_add_array(e, "helpurls", "helpurl");
	for (const char *const *u = m->helpurls; u && *u; u++)
		api_add_str(urls, NULL, *u);
	add_text(ctx, e, "description", m->summary, helpformat);
	if (!streq(helpformat, "none") && m->examples) {
		struct api_node *ex = api_add_array(e, "examples", "example");
		for (const char *const *x = m->examples; x[0] && x[1]; x += 2) {
			struct api_node *xe = api_add_object(ex, NULL);
			api_add_str(xe, "query", arena_printf(ctx->arena, "api.php?%s", x[0]));
			add_text(ctx, xe, "description", x[1], helpformat);
		}
	}
	if (m->dynamic_params) {
		if (streq(helpformat, "none"))
			api_add_bool(e, "dynamicparameters", true);
		else
			add_text(ctx, e, "dynamicparameters", m->dynamic_params, helpformat);
	}
	/* One count over all parameters, templated ones included (ApiParamInfo's index). */
	struct api_node *pl = api_add_array(e, "parameters", "param");
	struct api_node *tp = api_add_array(e, "templatedparameters", "param");
	int index = 1;
	bool token_listed = false;
	for (const struct api_param *p = m->params; p && p->name; p++) {
		if (p->flags & API_P_TOKEN) {
			add_token(ctx, pl, m, p->desc, index++, helpformat);
			token_listed = true;
		} else {
			add_param(ctx, (p->flags & API_P_TEMPLATED) ? tp : pl, p, index++, helpformat);
		}
	}
	/* Where the module does not declare it, MediaWiki adds the token after the others. */
	if ((m->flags & API_M_NEEDS_TOKEN) && !token_listed)
		add_token(ctx, pl, m, "A token from action=query&meta=tokens.", index, helpformat);
}

static void add_module(struct api_ctx *ctx, struct api_node *list, const struct api_module *m,
		       const char *helpformat)
{
	add_module_as(ctx, list, NULL, m, helpformat);
}

/*
 * Paths of the submodules of `m` sorted by name (and theirs after each,
 * when `recursive`), as ApiParamInfo lists "X+*" and "X+**". Appends to
 * `out`; returns the new count.
 */
static size_t list_submodules(struct api_ctx *ctx, const struct api_module *m, bool recursive, const char **out,
			      size_t n, size_t cap)
{
	const struct api_module **subs = arena_calloc(ctx->arena, cap, sizeof(*subs));
	size_t n_subs = api_submodules_of(m, subs, cap);
	const char **names = arena_calloc(ctx->arena, n_subs + 1, sizeof(*names));
	for (size_t i = 0; i < n_subs; i++)
		names[i] = subs[i]->name;
	qsort(names, n_subs, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n_subs && n < cap; i++) {
		const char *path = m->group == API_G_MAIN ? names[i] : arena_printf(ctx->arena, "%s+%s",
											 api_module_path(m), names[i]);
		out[n++] = path;
		const struct api_module *sub = api_module_from_path(ctx, path, true);
		if (recursive && sub)
			n = list_submodules(ctx, sub, true, out, n, cap);
	}
	return n;
}

/* Describe the modules `paths` name ("*", "X+*" and "X+**" list submodules) under `key` of `pi`. */
static void add_paths(struct api_ctx *ctx, struct api_node *pi, const char *key, const struct api_list *paths,
		      const char *helpformat)
{
	/* Every module at most a few times over; 4096 is far above the number of registered modules. */
	enum { CAP = 4096 };
	const char **all = arena_calloc(ctx->arena, CAP, sizeof(*all));
	size_t n = 0;
	for (size_t i = 0; i < paths->n && n < CAP; i++) {
		const char *path = paths->v[i];
		if (streq(path, "*") || streq(path, "**"))
			path = arena_printf(ctx->arena, "main+%s", path);
		size_t len = strlen(path);
		bool recursive = len >= 3 && (streq(path + len - 3, "+**") || streq(path + len - 3, " **"));
		bool subs = recursive || (len >= 2 && (streq(path + len - 2, "+*") || streq(path + len - 2, " *")));
		if (!subs) {
			all[n++] = path;
			continue;
		}
		const char *parent = arena_strndup(ctx->arena, path, len - (recursive ? 3 : 2));
		const struct api_module *m = api_module_from_path(ctx, parent, true);
		if (!m)
			continue;
		size_t before = n;
		n = list_submodules(ctx, m, recursive, all, n, CAP);
		if (n == before)
			api_warn(ctx, "badmodule", "apierror-badmodule-nosubmodules", parent);
	}
	struct api_node *list = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct api_module *m = api_module_from_path(ctx, all[i], true);
		if (!m)
			continue;
		if (!list)
			list = api_add_array(pi, key, "module");
		add_module(ctx, list, m, helpformat);
	}
}

static int exec_paraminfo(struct api_ctx *ctx, void *vp)
{
	struct paraminfo_params *p = vp;
	struct api_node *pi = api_add_object(ctx->result, "paraminfo");
	api_add_str(pi, "helpformat", p->helpformat);
	/* Each of the deprecated parameters answers under its own key, as MediaWiki. */
	add_paths(ctx, pi, "modules", &p->modules, p->helpformat);
	if (p->querymodules.n) {
		struct api_list qm = { .n = p->querymodules.n };
		qm.v = arena_calloc(ctx->arena, qm.n + 1, sizeof(*qm.v));
		for (size_t i = 0; i < qm.n; i++)
			qm.v[i] = arena_printf(ctx->arena, "query+%s", p->querymodules.v[i]);
		add_paths(ctx, pi, "querymodules", &qm, p->helpformat);
	}
	if (php_true(p->mainmodule))
		add_module_as(ctx, pi, "mainmodule", api_main_module(), p->helpformat);
	if (php_true(p->pagesetmodule)) {
		struct api_node *e = api_add_object(pi, "pagesetmodule");
		api_add_str(e, "classname", "ApiPageSet");
		api_add_str(e, "prefix", "");
		api_add_str(e, "source", "MediaWiki");
		api_add_str(e, "sourcename", "MediaWiki");
		api_add_str(e, "licensetag", "GPL-2.0-or-later");
		api_add_strf(e, "licenselink", "%s%s/index.php?title=Special:Version/License/MediaWiki",
			     config.server, config.scriptpath);
		api_add_bool(e, "readrights", true);
		api_add_array(e, "helpurls", "helpurl");
		struct api_node *pl = api_add_array(e, "parameters", "param");
		const struct api_module *q = api_module_find(API_G_ACTION, "query");
		int index = 1;
		static const char *const ps[] = { "titles", "pageids", "revids", "generator", "redirects",
						  "converttitles", NULL };
		for (const struct api_param *sp = q->params; sp->name; sp++)
			for (const char *const *n = ps; *n; n++)
				if (streq(*n, sp->name))
					add_param(ctx, pl, sp, index++, p->helpformat);
		api_add_array(e, "templatedparameters", "param");
	}
	if (p->formatmodules.n) {
		struct api_node *list = api_add_array(pi, "formatmodules", "module");
		for (size_t i = 0; i < p->formatmodules.n; i++)
			add_module(ctx, list, api_module_find(API_G_FORMAT, p->formatmodules.v[i]), p->helpformat);
	}
	return RC_OK;
}

const struct api_module api_module_paraminfo = {
	.name = "paraminfo",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_NO_READ,
	.params = params,
	.params_size = sizeof(struct paraminfo_params),
	.summary = "Describe API modules: their parameters, types, defaults and limits.",
	.examples = (const char *const[]){
		"action=paraminfo&modules=parse|phpfm|query+allpages|query+siteinfo",
		"Describe action=parse, format=phpfm and two query submodules.",
		"action=paraminfo&modules=query+*",
		"Describe every query submodule.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Parameter_information", NULL },
	.exec = exec_paraminfo,
};
