/* SPDX-License-Identifier: MIT */
/*
 * registry.c — the module table built from modules/modules.def. Each
 * group's modules are kept sorted by name so lookups are a binary search
 * and help/paraminfo list them in MediaWiki's (alphabetical) order. Built
 * once by api_init() and read-only afterwards.
 */
#include "api_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "../wiki/wiki.h"

#define API_MODULE(sym) extern const struct api_module api_module_##sym;
#include "modules/modules.def"
#undef API_MODULE

static const struct api_module *const all[] = {
#define API_MODULE(sym) &api_module_##sym,
#include "modules/modules.def"
#undef API_MODULE
};

/* Groups in enum order; API_G_MAIN is the main module alone. */
#define N_GROUPS (API_G_FORMAT + 1)
static const struct api_module *by_group[N_GROUPS][ARRAY_SIZE(all)];
static size_t n_by_group[N_GROUPS];
static char paths[ARRAY_SIZE(all)][64];

static const char *const group_names[N_GROUPS] = {
	[API_G_MAIN] = "main", [API_G_ACTION] = "action", [API_G_PROP] = "prop",
	[API_G_LIST] = "list", [API_G_META] = "meta", [API_G_FORMAT] = "format",
};

static int cmp_module(const void *a, const void *b)
{
	const struct api_module *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

void api_registry_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		const struct api_module *m = all[i];
		by_group[m->group][n_by_group[m->group]++] = m;
		if (m->group == API_G_PROP || m->group == API_G_LIST || m->group == API_G_META)
			snprintf(paths[i], sizeof(paths[i]), "query+%s", m->name);
		else
			snprintf(paths[i], sizeof(paths[i]), "%s", m->name);
	}
	for (int g = 0; g < N_GROUPS; g++)
		qsort(by_group[g], n_by_group[g], sizeof(by_group[g][0]), cmp_module);
	by_group[API_G_MAIN][0] = api_main_module();
	n_by_group[API_G_MAIN] = 1;
}

const struct api_module *api_module_find(enum api_group group, const char *name)
{
	size_t lo = 0, hi = n_by_group[group];
	if (!name)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, by_group[group][mid]->name);
		if (c == 0)
			return by_group[group][mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct api_module *const *api_modules_of(enum api_group group, size_t *n)
{
	*n = n_by_group[group];
	return by_group[group];
}

const char *api_module_path(const struct api_module *m)
{
	if (m->group == API_G_MAIN)
		return "main";
	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (all[i] == m)
			return paths[i];
	BUG("module %s is not registered", m->name);
}

int api_group_from_name(const char *name)
{
	for (int g = 0; g < N_GROUPS; g++)
		if (streq(name, group_names[g]))
			return g;
	return -1;
}

const char *api_group_name(enum api_group g)
{
	return group_names[g];
}

const char *api_type_name(enum api_type t)
{
	static const char *const names[] = {
		[API_T_STRING] = "string", [API_T_TEXT] = "text", [API_T_INT] = "integer",
		[API_T_LIMIT] = "limit", [API_T_BOOL] = "boolean", [API_T_TIMESTAMP] = "timestamp",
		[API_T_EXPIRY] = "expiry", [API_T_NAMESPACE] = "namespace", [API_T_TITLE] = "title",
		[API_T_USER] = "user", [API_T_ENUM] = "enum", [API_T_SUBMODULE] = "submodule",
		[API_T_PASSWORD] = "password", [API_T_UPLOAD] = "upload", [API_T_RAW] = "raw",
	};
	return names[t];
}

/* Main and query are the modules with submodules. */
static bool has_submodules(const struct api_module *m)
{
	return m->group == API_G_MAIN || (m->group == API_G_ACTION && streq(m->name, "query"));
}

size_t api_submodules_of(const struct api_module *m, const struct api_module **out, size_t cap)
{
	enum api_group gs[3];
	size_t ng = 0, n = 0;
	if (!has_submodules(m))
		return 0;
	if (m->group == API_G_MAIN) {
		gs[ng++] = API_G_ACTION;
		gs[ng++] = API_G_FORMAT;
	} else {
		gs[ng++] = API_G_PROP;
		gs[ng++] = API_G_LIST;
		gs[ng++] = API_G_META;
	}
	for (size_t g = 0; g < ng; g++)
		for (size_t i = 0; i < n_by_group[gs[g]] && n < cap; i++)
			out[n++] = by_group[gs[g]][i];
	return n;
}

/* The submodule `name` of `m`, or NULL. */
static const struct api_module *submodule(const struct api_module *m, const char *name)
{
	const struct api_module *found = NULL;
	if (m->group == API_G_MAIN) {
		found = api_module_find(API_G_ACTION, name);
		if (!found)
			found = api_module_find(API_G_FORMAT, name);
	} else if (has_submodules(m)) {
		found = api_module_find(API_G_PROP, name);
		if (!found)
			found = api_module_find(API_G_LIST, name);
		if (!found)
			found = api_module_find(API_G_META, name);
	}
	return found;
}

const struct api_module *api_module_from_path(struct api_ctx *ctx, const char *path, bool as_warning)
{
	const struct api_module *m = api_main_module();
	if (streq(path, "main"))
		return m;
	/* A '+' typed into a URL arrives as a space: without any '+', spaces separate. */
	if (!strchr(path, '+') && strchr(path, ' ')) {
		char *copy = arena_strdup(ctx->arena, path);
		for (char *s = copy; *s; s++)
			if (*s == ' ')
				*s = '+';
		path = copy;
	}
	const char *key = NULL, *p1 = NULL, *p2 = NULL;
	for (const char *part = path;;) {
		const char *plus = strchr(part, '+');
		const char *name = plus ? arena_strndup(ctx->arena, part, (size_t)(plus - part)) : part;
		if (!has_submodules(m)) {
			key = "apierror-badmodule-nosubmodules";
			p1 = arena_strndup(ctx->arena, path, (size_t)(part - path - 1));
			break;
		}
		const struct api_module *sub = submodule(m, name);
		if (!sub) {
			key = "apierror-badmodule-badsubmodule";
			p1 = part == path ? "main" : arena_strndup(ctx->arena, path, (size_t)(part - path - 1));
			p2 = wiki_escape_wikitext(ctx->arena, name);
			break;
		}
		m = sub;
		if (!plus)
			return m;
		part = plus + 1;
	}
	if (as_warning)
		api_warn(ctx, "badmodule", key, p1, p2);
	else
		api_error(ctx, "badmodule", key, p1, p2);
	return NULL;
}
