/* SPDX-License-Identifier: MIT */
/*
 * docs.c — docs/modules.md, generated from the module registry (`make
 * docs`): one table of every module, then one table of parameters per
 * module. Reads the same spec tables as the validator, so the document
 * cannot drift from behaviour.
 */
#include "api_int.h"

/* Markdown table cells must not contain raw '|' or newlines. */
static void cell(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

static void flags(FILE *f, unsigned fl)
{
	const char *sep = "";
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ API_M_MUST_POST, "POST" }, { API_M_WRITE, "write" }, { API_M_NEEDS_TOKEN, "token" },
		{ API_M_INTERNAL, "internal" }, { API_M_DEPRECATED, "deprecated" },
		{ API_M_GENERATOR, "generator" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (fl & names[i].bit) {
			fprintf(f, "%s%s", sep, names[i].name);
			sep = ", ";
		}
	}
}

static void module_params(FILE *f, const struct api_module *m)
{
	fprintf(f, "\n### %s\n\n", api_module_path(m));
	cell(f, m->summary);
	fputs("\n\n", f);
	if (!m->params || !m->params->name) {
		fputs("No parameters.\n", f);
		return;
	}
	fputs("| Parameter | Type | Default | Multi | Description |\n|---|---|---|---|---|\n", f);
	for (const struct api_param *p = m->params; p->name; p++) {
		fprintf(f, "| %s%s | %s", (p->flags & API_P_NO_PREFIX) ? "" : m->prefix, p->name, api_type_name(p->type));
		if (p->type == API_T_ENUM && p->values) {
			fputs(": ", f);
			for (const char *const *v = p->values; *v; v++)
				fprintf(f, "%s%s", v == p->values ? "" : ", ", *v);
		} else if (p->type == API_T_SUBMODULE) {
			fprintf(f, " (%s)", p->submodule_group);
		} else if (p->type == API_T_LIMIT) {
			fprintf(f, " (max %ld, %ld with apihighlimits)", p->max, p->max_high);
		}
		fputs(" | ", f);
		cell(f, p->dflt ? p->dflt : "");
		fprintf(f, " | %s | ", (p->flags & API_P_MULTI) ? "yes" : "");
		if (p->flags & API_P_REQUIRED)
			fputs("**Required.** ", f);
		if (p->flags & API_P_DEPRECATED)
			fputs("*Deprecated.* ", f);
		cell(f, p->desc);
		fputs(" |\n", f);
	}
}

int api_docs_markdown(FILE *f)
{
	static const enum api_group groups[] = { API_G_MAIN, API_G_ACTION, API_G_PROP, API_G_LIST,
						 API_G_META, API_G_FORMAT };
	fputs("# Supported API modules\n\n"
	      "Generated from the module registry by `make docs`; do not edit by hand.\n\n"
	      "| Module | Group | Flags | Summary |\n|---|---|---|---|\n", f);
	for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
		size_t n;
		const struct api_module *const *mods = api_modules_of(groups[g], &n);
		for (size_t i = 0; i < n; i++) {
			fprintf(f, "| [%s](#%s) | %s | ", api_module_path(mods[i]), api_module_path(mods[i]),
				api_group_name(groups[g]));
			flags(f, mods[i]->flags);
			fputs(" | ", f);
			cell(f, mods[i]->summary);
			fputs(" |\n", f);
		}
	}
	fputs("\n## Parameters\n", f);
	for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
		size_t n;
		const struct api_module *const *mods = api_modules_of(groups[g], &n);
		for (size_t i = 0; i < n; i++)
			module_params(f, mods[i]);
	}
	return ferror(f) ? RC_ERR : RC_OK;
}
