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
 * True when `name` equals one of the '|'-separated synonyms. A synonym's
 * trailing ':' is not part of it (MediaWiki's setFunctionHook drops it);
 * `prefix` ('#' or 0) must start the synonym and is skipped there (a
 * function written with '#' whose alias is spelled "#LANGUAGE:").
 */
static bool synonym_match(const char *names, char prefix, const char *name, size_t len, bool case_sensitive)
{
	const char *s = names;
	while (*s) {
		const char *e = strchr(s, '|');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		const char *syn = s;
		if (n && syn[n - 1] == ':')
			n--;
		bool ok = true;
		if (prefix) {
			ok = n && syn[0] == prefix;
			syn++;
			n--;
		} else if (n && syn[0] == '#') {
			ok = false;
		}
		if (ok && n == len && (case_sensitive ? memcmp(syn, name, n) == 0 : strncasecmp(syn, name, n) == 0))
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
		bool match;
		if (defs[i].flags & WT_F_NO_HASH)
			match = synonym_match(defs[i].names, hash ? '#' : 0, name.p, name.len, defs[i].flags & WT_F_CASE);
		else
			match = hash && synonym_match(defs[i].names, 0, name.p, name.len, defs[i].flags & WT_F_CASE);
		if (match)
			return &regs[i];
	}
	return NULL;
}

const struct wt_reg *wt_reg_var(struct str name)
{
	for (size_t i = 0; defs[i].id; i++)
		if (defs[i].kind == WT_REG_VAR && synonym_match(defs[i].names, 0, name.p, name.len, defs[i].flags & WT_F_CASE))
			return &regs[i];
	return NULL;
}

const struct wt_reg *wt_reg_switch(struct str name)
{
	for (size_t i = 0; defs[i].id; i++)
		if (defs[i].kind == WT_REG_SWITCH &&
		    synonym_match(defs[i].names, 0, name.p, name.len, defs[i].flags & WT_F_CASE))
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

/*
 * The magic word ids that are no C identifiers: functions.def calls them
 * by a name and siteinfo shows MediaWiki's.
 */
static const char *magic_name(const char *id)
{
	if (streq(id, "excl"))
		return "!";
	if (streq(id, "equals"))
		return "=";
	return id;
}

bool wt_magic_word(size_t i, struct wt_magic *out)
{
	if (i >= ARRAY_SIZE(defs) - 1)
		return false;
	const struct def *d = &defs[i];
	out->name = magic_name(d->id);
	out->aliases = d->names;
	out->case_sensitive = d->flags & WT_F_CASE;
	out->is_function = d->kind == WT_REG_FUNC;
	out->is_variable = d->kind == WT_REG_VAR;
	out->is_switch = d->kind == WT_REG_SWITCH;
	return true;
}
