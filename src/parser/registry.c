/* SPDX-License-Identifier: MIT */
/*
 * registry.c — the tables built from functions.def, tags.def and
 * hooks.def, and their lookups: parser functions by the name before the
 * colon (with '#' unless WT_F_NO_HASH), variables by their whole name,
 * behaviour switches, extension tags. Case-insensitive names compare
 * after ASCII lower-casing, as MediaWiki's MagicWord does for the
 * English synonyms.
 */
#include <strings.h>

#include "wt_int.h"

/* One line of functions.def. */
struct def {
	enum wt_reg_kind kind; /* what it is */
	const char *id;        /* magic word id */
	const char *names;     /* '|'-separated synonyms */
	int flags;             /* WT_F_* */
	wt_func_fn *func;      /* function callback */
	wt_var_fn *var;        /* variable callback */
	int sw;                /* switch id */
};

static const struct def defs[] = {
#define WT_FUNC(id, names, flags) { WT_REG_FUNC, #id, names, flags, wt_pf_##id, NULL, 0 },
#define WT_VAR(id, names, flags) { WT_REG_VAR, #id, names, flags, NULL, wt_var_##id, 0 },
#define WT_SWITCH(id, names, flags) { WT_REG_SWITCH, #id, names, flags, NULL, NULL, WT_SW_##id },
#include "functions.def"
#undef WT_FUNC
#undef WT_VAR
#undef WT_SWITCH
	{ WT_REG_FUNC, NULL, NULL, 0, NULL, NULL, 0 },
};

/* The registered entries as the lookups hand them out (same order as defs). */
static const struct wt_reg regs[] = {
#define WT_FUNC(id, names, flags) { WT_REG_FUNC, #id, flags, wt_pf_##id, NULL, 0 },
#define WT_VAR(id, names, flags) { WT_REG_VAR, #id, flags, NULL, wt_var_##id, 0 },
#define WT_SWITCH(id, names, flags) { WT_REG_SWITCH, #id, flags, NULL, NULL, WT_SW_##id },
#include "functions.def"
#undef WT_FUNC
#undef WT_VAR
#undef WT_SWITCH
	{ WT_REG_FUNC, NULL, 0, NULL, NULL, 0 },
};

/* One line of tags.def. */
struct tagdef {
	const char *name; /* lower-case tag name */
	wt_tag_fn *fn;    /* callback */
};

static const struct tagdef tags[] = {
#define WT_TAG(id, flags) { #id, wt_tag_##id },
#include "tags.def"
#undef WT_TAG
	{ NULL, NULL },
};

static const char *const tag_names[] = {
#define WT_TAG(id, flags) #id,
#include "tags.def"
#undef WT_TAG
	NULL,
};

/* One line of hooks.def. */
struct hookdef {
	enum wt_hook_point point; /* when it runs */
	wt_hook_fn *fn;           /* what runs */
};

static const struct hookdef hooks[] = {
#define WT_HOOK(point, fn) { point, fn },
#include "hooks.def"
#undef WT_HOOK
	{ WT_HOOK_AFTER_PARSE, NULL },
};

/*
 * True when `name` equals one of the '|'-separated synonyms; `skip_hash`
 * ignores a leading '#' in `name` (checked by the caller).
 */
static bool synonym_match(const char *names, const char *name, size_t len, bool case_sensitive)
{
	const char *s = names;
	while (*s) {
		const char *e = strchr(s, '|');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == len && (case_sensitive ? memcmp(s, name, n) == 0 : strncasecmp(s, name, n) == 0))
			return true;
		if (!e)
			break;
		s = e + 1;
	}
	return false;
}

const struct wt_reg *wt_reg_func(struct str name, bool hash)
{
	for (size_t i = 0; defs[i].id; i++) {
		if (defs[i].kind != WT_REG_FUNC)
			continue;
		bool wants_hash = !(defs[i].flags & WT_F_NO_HASH);
		if (wants_hash != hash)
			continue;
		if (synonym_match(defs[i].names, name.p, name.len, defs[i].flags & WT_F_CASE))
			return &regs[i];
	}
	return NULL;
}

const struct wt_reg *wt_reg_var(struct str name)
{
	for (size_t i = 0; defs[i].id; i++)
		if (defs[i].kind == WT_REG_VAR && synonym_match(defs[i].names, name.p, name.len, defs[i].flags & WT_F_CASE))
			return &regs[i];
	return NULL;
}

const struct wt_reg *wt_reg_switch(struct str name)
{
	for (size_t i = 0; defs[i].id; i++)
		if (defs[i].kind == WT_REG_SWITCH &&
		    synonym_match(defs[i].names, name.p, name.len, defs[i].flags & WT_F_CASE))
			return &regs[i];
	return NULL;
}

wt_tag_fn *wt_reg_tag(struct str name)
{
	for (size_t i = 0; tags[i].name; i++)
		if (strlen(tags[i].name) == name.len && memcmp(tags[i].name, name.p, name.len) == 0)
			return tags[i].fn;
	return NULL;
}

bool wt_is_ext_tag(const struct wt_site *site, const char *name, size_t len)
{
	for (size_t i = 0; tags[i].name; i++)
		if (strlen(tags[i].name) == len && strncasecmp(tags[i].name, name, len) == 0)
			return true;
	if (!site)
		return false;
	if (site->raw_html && len == 4 && strncasecmp(name, "html", 4) == 0)
		return true;
	for (size_t i = 0; i < site->n_ext_tags; i++)
		if (strlen(site->ext_tags[i].name) == len && strncasecmp(site->ext_tags[i].name, name, len) == 0)
			return true;
	return false;
}

const struct wt_ext_tag *wt_site_tag(const struct wt_site *site, struct str name)
{
	for (size_t i = 0; site && i < site->n_ext_tags; i++)
		if (strlen(site->ext_tags[i].name) == name.len && memcmp(site->ext_tags[i].name, name.p, name.len) == 0)
			return &site->ext_tags[i];
	return NULL;
}

const char *const *wt_ext_tag_names(void)
{
	return tag_names;
}

void wt_run_hooks(struct wt_ctx *cx, enum wt_hook_point point, struct str *text)
{
	for (size_t i = 0; hooks[i].fn; i++)
		if (hooks[i].point == point)
			hooks[i].fn(cx, text);
}
