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
