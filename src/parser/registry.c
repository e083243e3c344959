/* SPDX-License-Identifier: MIT */
/*
 * registry.c — the tables built from functions.def, tags.def and
 * hooks.def, and their lookups: parser functions by the name before the
 * colon (with '#' unless WT_F_NO_HASH), variables by their whole name,
 * behaviour switches, extension tags. Case-insensitive names compare
 * after ASCII lower-casing, as MediaWiki's MagicWord does for the
 * English synonyms.
 */
#include <pthread.h>
#include <stdlib.h>
#include <strings.h>

#include "wt_int.h"
#include "wt_pf.h"

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
 * The synonyms of functions.def in a hash table, built once: a lookup
 * hashes the ASCII-lower-cased name and walks one short chain instead of
 * comparing every synonym of every line. A synonym's trailing ':' is not
 * part of it (MediaWiki's setFunctionHook drops it). Among the entries
 * that match, the line that comes first in functions.def wins, as a scan
 * of the list in order would decide.
 */

/* How an entry is found. */
enum syn_kind {
	SYN_FUNC_PLAIN, /* a function written without '#' (WT_F_NO_HASH, synonym without '#') */
	SYN_FUNC_HASH,  /* a function written with '#' */
	SYN_VAR,        /* a variable */
	SYN_SWITCH,     /* a behaviour switch */
};

/* One synonym in the table. */
struct syn {
	const char *name;    /* the synonym as spelled (without '#' and ':') */
	size_t len;          /* its bytes */
	enum syn_kind kind;  /* how it is found */
	bool case_sensitive; /* compared byte for byte */
	unsigned idx;        /* line of defs */
	int next;            /* next entry of the chain, -1 at the end */
};

/* Buckets of the table (a power of two, well above the number of synonyms). */
#define SYN_BUCKETS 2048u
/* Most synonyms the table holds. */
#define SYN_MAX 1024u
/* Longest synonym in bytes; longer names match nothing. */
#define SYN_LEN_MAX 64u

static struct syn syns[SYN_MAX];            /* the entries */
static int syn_head[SYN_BUCKETS];           /* first entry of each bucket, -1 when empty */
static pthread_once_t syn_once = PTHREAD_ONCE_INIT;

static inline char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* FNV-1a of the ASCII-lower-cased bytes. */
static unsigned syn_hash(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)ascii_lower(s[i])) * 16777619u;
	return h & (SYN_BUCKETS - 1);
}

static void syn_add(const char *name, size_t len, enum syn_kind kind, bool cs, unsigned idx)
{
	static unsigned n_syns;
	if (n_syns >= SYN_MAX || len > SYN_LEN_MAX)
		abort(); /* functions.def outgrew the table: raise SYN_MAX or SYN_LEN_MAX */
	unsigned b = syn_hash(name, len);
	syns[n_syns] = (struct syn){ name, len, kind, cs, idx, syn_head[b] };
	syn_head[b] = (int)n_syns++;
}

static void syn_build(void)
{
	for (unsigned b = 0; b < SYN_BUCKETS; b++)
		syn_head[b] = -1;
	for (unsigned i = 0; defs[i].id; i++) {
		const struct def *d = &defs[i];
		bool cs = d->flags & WT_F_CASE;
		for (const char *s = d->names; *s;) {
			const char *e = strchr(s, '|');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			const char *syn = s;
			if (n && syn[n - 1] == ':')
				n--;
			bool hashed = n && syn[0] == '#';
			if (d->kind == WT_REG_FUNC && (d->flags & WT_F_NO_HASH))
				syn_add(syn + hashed, n - hashed, hashed ? SYN_FUNC_HASH : SYN_FUNC_PLAIN, cs, i);
			else if (!hashed)
				syn_add(syn, n, d->kind == WT_REG_FUNC ? SYN_FUNC_HASH
						: d->kind == WT_REG_VAR ? SYN_VAR : SYN_SWITCH, cs, i);
			if (!e)
				break;
			s = e + 1;
		}
	}
}

/* The first line of defs with a synonym of kind `kind` equal to `name`, or NULL. */
static const struct wt_reg *syn_find(const char *name, size_t len, enum syn_kind kind)
{
	if (len > SYN_LEN_MAX)
		return NULL;
	pthread_once(&syn_once, syn_build);
	const struct syn *best = NULL;
	for (int k = syn_head[syn_hash(name, len)]; k >= 0; k = syns[k].next) {
		const struct syn *e = &syns[k];
		if (e->kind != kind || e->len != len || (best && best->idx < e->idx))
			continue;
		if (e->case_sensitive ? memcmp(e->name, name, len) == 0 : strncasecmp(e->name, name, len) == 0)
			best = e;
	}
	return best ? &regs[best->idx] : NULL;
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
	/* The first letter first (OR 0x20 folds ASCII case; equal bytes stay equal): most names fail there. */
	unsigned char c0 = len ? (unsigned char)name[0] | 0x20 : 0;
	for (size_t i = 0; tags[i].name; i++)
		if (((unsigned char)tags[i].name[0] | 0x20) == c0 && strlen(tags[i].name) == len &&
		    strncasecmp(tags[i].name, name, len) == 0)
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

/*
 * Localized synonyms (magicwords.inc): a content language other than
 * English has its own synonyms and those of its fallback languages
 * besides English's, as MediaWiki's localisation cache merges them. They
 * are looked at only when English's have no match, one language's slice
 * of the sorted table at a time.
 */

/* A language and its fallbacks before English. */
struct mw_fallback {
	const char *code;  /* language code */
	const char *chain; /* fallback codes, comma-separated */
};

/* One localized synonym. */
struct mw_synonym {
	const char *code;    /* language code */
	const char *id;      /* magic word id ("notoc", "img_thumbnail", "pagename") */
	const char *synonym; /* as MediaWiki spells it (functions may end in ':' or start with '#') */
	bool case_sensitive; /* the language's case flag of the word */
};

#include "magicwords.inc"

/* The first synonym of language `code` (len bytes) in mw_synonyms, or its end when it has none. */
static size_t mw_first(const char *code, size_t len)
{
	size_t lo = 0, hi = ARRAY_SIZE(mw_synonyms);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *c = mw_synonyms[mid].code;
		int d = strncmp(c, code, len);
		if (d < 0 || (d == 0 && c[len] != '\0'))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does `name` equal `syn` (both without '#' and ':'), case-insensitively as MagicWord's /iu regex unless `cs`? */
static bool mw_same(struct str name, const char *syn, size_t syn_len, bool cs)
{
	if (cs || (name.len == syn_len && memcmp(name.p, syn, syn_len) == 0))
		return name.len == syn_len && memcmp(name.p, syn, syn_len) == 0;
	struct sbuf a, b;
	sbuf_init(&a, 4 * name.len + 16);
	sbuf_init(&b, 4 * syn_len + 16);
	wt_case(&a, name, WT_CASE_LOWER);
	wt_case(&b, (struct str){ syn, syn_len }, WT_CASE_LOWER);
	bool same = a.len == b.len && memcmp(sbuf_cstr(&a), sbuf_cstr(&b), a.len) == 0;
	sbuf_release(&a);
	sbuf_release(&b);
	return same;
}

/* The entry of functions.def with magic word id `id` and kind `kind`, or NULL. */
static const struct wt_reg *mw_reg(const char *id, enum syn_kind kind)
{
	enum wt_reg_kind want = kind == SYN_VAR ? WT_REG_VAR : kind == SYN_SWITCH ? WT_REG_SWITCH : WT_REG_FUNC;
	/* an id may have a line of each kind ({{PAGENAME}} and {{PAGENAME:x}}) */
	for (unsigned i = 0; defs[i].id; i++)
		if (defs[i].kind == want && strcmp(magic_name(defs[i].id), id) == 0)
			return &regs[i];
	return NULL;
}

/* Look for `name` among the synonyms of one language. */
static const struct wt_reg *mw_find_in(const char *code, size_t code_len, struct str name, enum syn_kind kind)
{
	for (size_t k = mw_first(code, code_len); k < ARRAY_SIZE(mw_synonyms); k++) {
		const struct mw_synonym *m = &mw_synonyms[k];
		if (strncmp(m->code, code, code_len) != 0 || m->code[code_len] != '\0')
			break;
		const char *syn = m->synonym;
		size_t n = strlen(syn);
		if (n && syn[n - 1] == ':')
			n--;
		bool hashed = n && syn[0] == '#';
		const struct wt_reg *r = NULL;
		if (kind == SYN_FUNC_HASH || kind == SYN_FUNC_PLAIN) {
			/* a function: with '#' unless it is written without (SFH_NO_HASH) and the synonym has none */
			if (!mw_same(name, syn + hashed, n - hashed, m->case_sensitive))
				continue;
			r = mw_reg(m->id, kind);
			if (!r)
				continue;
			bool plain = (r->flags & WT_F_NO_HASH) && !hashed;
			if (plain != (kind == SYN_FUNC_PLAIN))
				continue;
			return r;
		}
		if (hashed || !mw_same(name, syn, n, m->case_sensitive))
			continue;
		r = mw_reg(m->id, kind);
		if (r)
			return r;
	}
	return NULL;
}

/* The fallback chain of language `code` before English ("" when it has none). */
static const char *mw_chain(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(mw_fallbacks); i++)
		if (strcmp(mw_fallbacks[i].code, code) == 0)
			return mw_fallbacks[i].chain;
	return "";
}

size_t wt_magic_synonyms(const char *lang, const char *id, const char **out, bool *cs, size_t max)
{
	size_t n = 0;
	if (!lang || !lang[0] || strcmp(lang, "en") == 0)
		return 0;
	const char *chain = mw_chain(lang);
	/* the language itself, then each fallback */
	for (const char *c = lang, *next = chain; c;) {
		const char *e = c == lang ? NULL : strchr(c, ',');
		size_t len = c == lang ? strlen(c) : e ? (size_t)(e - c) : strlen(c);
		for (size_t k = mw_first(c, len); k < ARRAY_SIZE(mw_synonyms) && n < max; k++) {
			const struct mw_synonym *m = &mw_synonyms[k];
			if (strncmp(m->code, c, len) != 0 || m->code[len] != '\0')
				break;
			if (strcmp(m->id, id) == 0) {
				out[n] = m->synonym;
				cs[n++] = m->case_sensitive;
			}
		}
		if (c == lang)
			c = *next ? next : NULL;
		else
			c = e ? e + 1 : NULL;
	}
	return n;
}

/* `name` among the localized synonyms of the site's language and its fallbacks, or NULL. */
static const struct wt_reg *mw_find(const struct wt_site *site, struct str name, enum syn_kind kind)
{
	if (!site || !site->lang || !site->lang[0] || strcmp(site->lang, "en") == 0 || !name.len)
		return NULL;
	const struct wt_reg *r = mw_find_in(site->lang, strlen(site->lang), name, kind);
	for (const char *c = mw_chain(site->lang); *c && !r;) {
		const char *e = strchr(c, ',');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		r = mw_find_in(c, n, name, kind);
		c += n + (e != NULL);
	}
	return r;
}

const struct wt_reg *wt_reg_func(const struct wt_site *site, struct str name, bool hash)
{
	enum syn_kind kind = hash ? SYN_FUNC_HASH : SYN_FUNC_PLAIN;
	const struct wt_reg *r = syn_find(name.p, name.len, kind);
	return r ? r : mw_find(site, name, kind);
}

const struct wt_reg *wt_reg_var(const struct wt_site *site, struct str name)
{
	const struct wt_reg *r = syn_find(name.p, name.len, SYN_VAR);
	return r ? r : mw_find(site, name, SYN_VAR);
}

const struct wt_reg *wt_reg_switch(const struct wt_site *site, struct str name)
{
	const struct wt_reg *r = syn_find(name.p, name.len, SYN_SWITCH);
	return r ? r : mw_find(site, name, SYN_SWITCH);
}
