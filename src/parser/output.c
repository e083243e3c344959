/* SPDX-License-Identifier: MIT */
/*
 * output.c — what a parse collects besides the HTML (ParserOutput):
 * links, templates, files, categories, external, language and interwiki
 * links, page properties, modules, indicators and warnings, each kept in
 * order of first use without duplicates; interface messages with their
 * parameters; tracking categories; per-extension state slots.
 *
 * Duplicate checks go through one hash of "kind\x1fkey" strings per
 * parse, so a page with 10^5 links stays linear.
 */
#include <stdio.h>

#include <limits.h>

#include "wt_int.h"

/* Initial number of buckets of the duplicate index (grows by doubling at 3/4). */
#define SEEN_INITIAL 256

/* The duplicate index: open addressing over (key, value index). */
struct seen {
	const char **keys; /* key strings, NULL for empty buckets */
	size_t *vals;      /* index of the entry in its output array */
	size_t cap;        /* buckets (a power of two) */
	size_t n;          /* keys stored */
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct seen *seen_get(struct wt_ctx *cx)
{
	void **slot = wt_slot(cx, "output:seen");
	if (!*slot) {
		struct seen *s = arena_calloc(cx->a, 1, sizeof(*s));
		s->cap = SEEN_INITIAL;
		s->keys = arena_calloc(cx->a, s->cap, sizeof(*s->keys));
		s->vals = arena_calloc(cx->a, s->cap, sizeof(*s->vals));
		*slot = s;
	}
	return *slot;
}

static size_t *seen_find(struct seen *s, const char *key, bool *found)
{
	size_t len = strlen(key);
	size_t m = s->cap - 1;
	for (size_t i = (size_t)hash(key, len) & m;; i = (i + 1) & m) {
		if (!s->keys[i]) {
			*found = false;
			return &s->vals[i];
		}
		if (strcmp(s->keys[i], key) == 0) {
			*found = true;
			return &s->vals[i];
		}
	}
}

/*
 * The key of a seen entry in the parse's arena: `kind`, U+001F, then `ns`
 * and ':' unless ns is INT_MIN, then `a`, then ':' and `b` unless b is NULL
 * (written without printf: every link, template and category asks for one).
 */
static char *seen_key(struct wt_ctx *cx, char kind, int ns, const char *a, const char *b)
{
	char d[UTIL_LL_CHARS];
	size_t dl = ns == INT_MIN ? 0 : util_format_ll(ns, d);
	size_t al = strlen(a), bl = b ? strlen(b) : 0;
	char *k = arena_alloc(cx->a, 2 + dl + 1 + al + 1 + bl + 1);
	char *w = k;
	*w++ = kind;
	*w++ = '\x1f';
	if (ns != INT_MIN) {
		memcpy(w, d, dl);
		w += dl;
		*w++ = ':';
	}
	memcpy(w, a, al);
	w += al;
	if (b) {
		*w++ = ':';
		memcpy(w, b, bl);
		w += bl;
	}
	*w = '\0';
	return k;
}

/*
 * Look `key` up; when absent add it with value `val` and return false.
 * When present return true and its value in *old. The table keeps `key`,
 * which is the parse's (made by seen_key()).
 */
static bool seen_check(struct wt_ctx *cx, const char *key, size_t val, size_t *old)
{
	struct seen *s = seen_get(cx);
	bool found;
	size_t *v = seen_find(s, key, &found);
	if (found) {
		if (old)
			*old = *v;
		return true;
	}
	if ((s->n + 1) * 4 > s->cap * 3) {
		struct seen big = { arena_calloc(cx->a, s->cap * 2, sizeof(char *)),
				    arena_calloc(cx->a, s->cap * 2, sizeof(size_t)), s->cap * 2, s->n };
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->keys[i])
				continue;
			bool f;
			size_t *nv = seen_find(&big, s->keys[i], &f);
			big.keys[nv - big.vals] = s->keys[i];
			*nv = s->vals[i];
		}
		*s = big;
		v = seen_find(s, key, &found);
	}
	s->keys[v - s->vals] = key;
	*v = val;
	s->n++;
	return false;
}

#define GROW(cx, arr, n, cap) ((arr) = arena_grow((cx)->a, (arr), (n), &(cap), sizeof(*(arr))))

void wt_out_link(struct wt_ctx *cx, const struct wt_title *t)
{
	struct wt_output *o = cx->out;
	if (seen_check(cx, seen_key(cx, 'L', t->ns, t->dbkey, NULL), o->n_links, NULL))
		return;
	GROW(cx, o->links, o->n_links, cx->cap_links);
	o->links[o->n_links++] = (struct wt_link){ t->ns, t->dbkey, 0, 0 };
}

void wt_out_template(struct wt_ctx *cx, const struct wt_title *t, int64_t page_id, int64_t rev_id)
{
	struct wt_output *o = cx->out;
	if (seen_check(cx, seen_key(cx, 'T', t->ns, t->dbkey, NULL), o->n_templates, NULL))
		return;
	GROW(cx, o->templates, o->n_templates, cx->cap_templates);
	o->templates[o->n_templates++] = (struct wt_link){ t->ns, t->dbkey, page_id, rev_id };
}

void wt_out_image(struct wt_ctx *cx, const char *dbkey)
{
	struct wt_output *o = cx->out;
	if (seen_check(cx, seen_key(cx, 'I', INT_MIN, dbkey, NULL), o->n_images, NULL))
		return;
	GROW(cx, o->images, o->n_images, cx->cap_images);
	o->images[o->n_images++] = (struct wt_link){ WT_NS_FILE, dbkey, 0, 0 };
}

void wt_out_category(struct wt_ctx *cx, const char *dbkey, const char *sortkey)
{
	struct wt_output *o = cx->out;
	size_t old;
	if (seen_check(cx, seen_key(cx, 'C', INT_MIN, dbkey, NULL), o->n_categories, &old)) {
		o->categories[old].sortkey = sortkey;
		return;
	}
	GROW(cx, o->categories, o->n_categories, cx->cap_cats);
	o->categories[o->n_categories++] = (struct wt_category){ dbkey, sortkey };
}

void wt_out_extlink(struct wt_ctx *cx, const char *url)
{
	struct wt_output *o = cx->out;
	if (seen_check(cx, seen_key(cx, 'E', INT_MIN, url, NULL), o->n_extlinks, NULL))
		return;
	GROW(cx, o->extlinks, o->n_extlinks, cx->cap_ext);
	o->extlinks[o->n_extlinks++] = url;
}

void wt_out_langlink(struct wt_ctx *cx, const char *prefix, const char *link)
{
	struct wt_output *o = cx->out;
	if (seen_check(cx, seen_key(cx, 'G', INT_MIN, prefix, NULL), o->n_langlinks, NULL))
		return;
	GROW(cx, o->langlinks, o->n_langlinks, cx->cap_lang);
	o->langlinks[o->n_langlinks++] = link;
}

void wt_out_iwlink(struct wt_ctx *cx, const char *prefix, const char *title)
{
	struct wt_output *o = cx->out;
	if (seen_check(cx, seen_key(cx, 'W', INT_MIN, prefix, title), o->n_iwlinks, NULL))
		return;
	GROW(cx, o->iwlinks, o->n_iwlinks, cx->cap_iw);
	o->iwlinks[o->n_iwlinks++] = (struct wt_iwlink){ prefix, title };
}

void wt_out_prop(struct wt_ctx *cx, const char *name, const char *value)
{
	struct wt_output *o = cx->out;
	size_t old;
	if (seen_check(cx, seen_key(cx, 'P', INT_MIN, name, NULL), o->n_props, &old)) {
		o->props[old].value = value;
		return;
	}
	GROW(cx, o->props, o->n_props, cx->cap_props);
	o->props[o->n_props++] = (struct wt_prop){ name, value };
}

void wt_out_module(struct wt_ctx *cx, const char *name)
{
	struct wt_output *o = cx->out;
	if (seen_check(cx, seen_key(cx, 'M', INT_MIN, name, NULL), o->n_modules, NULL))
		return;
	GROW(cx, o->modules, o->n_modules, cx->cap_mod);
	o->modules[o->n_modules++] = name;
}

void wt_out_module_style(struct wt_ctx *cx, const char *name)
{
	struct wt_output *o = cx->out;
	if (seen_check(cx, seen_key(cx, 'S', INT_MIN, name, NULL), o->n_module_styles, NULL))
		return;
	GROW(cx, o->module_styles, o->n_module_styles, cx->cap_modst);
	o->module_styles[o->n_module_styles++] = name;
}

void wt_out_indicator(struct wt_ctx *cx, const char *name, const char *html)
{
	struct wt_output *o = cx->out;
	size_t old;
	if (seen_check(cx, seen_key(cx, 'N', INT_MIN, name, NULL), o->n_indicators, &old)) {
		o->indicators[old].html = html;
		return;
	}
	GROW(cx, o->indicators, o->n_indicators, cx->cap_ind);
	o->indicators[o->n_indicators++] = (struct wt_indicator){ name, html };
}

void wt_out_warning(struct wt_ctx *cx, const char *key, const char *p1, const char *p2, const char *p3)
{
	struct wt_output *o = cx->out;
	GROW(cx, o->warnings, o->n_warnings, cx->cap_warn);
	o->warnings[o->n_warnings++] = (struct wt_warning){ key, { p1, p1 ? p2 : NULL, p1 && p2 ? p3 : NULL } };
}

/* Messages this parse already asked the host for, by the address of their key and language. */
struct host_msg_memo {
	const char *key[16];  /* key strings (nearly always literals; an arena key is never rewritten) */
	const char *lang[16]; /* the language asked for (the site's or the reader's code, same pointer per parse) */
	const char *text[16]; /* what the host answered (NULL: no such message) */
	size_t n;             /* entries used */
};

/*
 * The host's text of message `key` in language `lang`, NULL when it has
 * none; asked once per parse, key and language (every heading wants
 * "editsection" and "editsectionhint"). A key at a new address is only
 * asked again.
 */
static const char *host_msg(struct wt_ctx *cx, const char *key, const char *lang)
{
	if (!cx->host->message)
		return NULL;
	struct host_msg_memo **memo = (struct host_msg_memo **)wt_slot(cx, "output:msg");
	if (!*memo)
		*memo = arena_calloc(cx->a, 1, sizeof(**memo));
	struct host_msg_memo *mm = *memo;
	for (size_t i = 0; i < mm->n; i++)
		if (mm->key[i] == key && mm->lang[i] == lang)
			return mm->text[i];
	const char *t = cx->host->message(cx->host->data, cx->a, key, lang);
	if (mm->n < ARRAY_SIZE(mm->key)) {
		mm->key[mm->n] = key;
		mm->lang[mm->n] = lang;
		mm->text[mm->n++] = t;
	}
	return t;
}

void wt_tracking_category(struct wt_ctx *cx, const char *msgkey)
{
	const char *name = host_msg(cx, msgkey, cx->site->lang);
	if (!name || !*name || strcmp(name, "-") == 0)
		return;
	struct wt_title t;
	if (wt_ctx_title(cx, str_c(name), WT_NS_CATEGORY, &t) != RC_OK || t.ns != WT_NS_CATEGORY || t.interwiki[0])
		return;
	wt_out_category(cx, t.dbkey, cx->defaultsort ? cx->defaultsort : "");
}

const char *wt_msg_fill(struct wt_ctx *cx, const char *text, const char *const *params, size_t n)
{
	if (!strchr(text, '$'))
		return text;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, strlen(text) + 64);
	/* From '$' to '$': the text between goes in whole. */
	const char *s = text;
	for (const char *d; (d = strchr(s, '$')) != NULL;) {
		wt_buf_add(&b, s, (size_t)(d - s));
		if (d[1] == '*') {
			/* Every parameter, as the qqx pseudo-language shows them: "(key: p1, p2)". */
			for (size_t i = 0, k = 0; i < n; i++) {
				if (!params[i])
					continue;
				wt_buf_adds(&b, k++ ? ", " : ": ");
				wt_buf_adds(&b, params[i]);
			}
			s = d + 2;
		} else if (d[1] >= '1' && d[1] <= '9' && (size_t)(d[1] - '1') < n && params[d[1] - '1']) {
			wt_buf_adds(&b, params[d[1] - '1']);
			s = d + 2;
		} else {
			wt_buf_addc(&b, '$');
			s = d + 1;
		}
	}
	wt_buf_adds(&b, s);
	return b.p;
}

/* Message `key` in language `lang` with its parameters filled in (wt_msg(), wt_umsg()). */
static const char *msg_in(struct wt_ctx *cx, const char *lang, const char *key, const char *p1, const char *p2,
			  const char *p3)
{
	const char *text = host_msg(cx, key, lang);
	if (!text)
		return wt_aprintf(cx->a, "\xe2\xa7\xbc%s\xe2\xa7\xbd", key);
	return wt_msg_fill(cx, text, (const char *const[]){ p1, p2, p3 }, 3);
}

const char *wt_msg(struct wt_ctx *cx, const char *key, const char *p1, const char *p2, const char *p3)
{
	return msg_in(cx, cx->site->lang, key, p1, p2, p3);
}

const char *wt_umsg(struct wt_ctx *cx, const char *key, const char *p1, const char *p2, const char *p3)
{
	return msg_in(cx, cx->opt.user_lang, key, p1, p2, p3);
}

void **wt_slot(struct wt_ctx *cx, const char *key)
{
	/* Callers pass literals: the same pointer is nearly always the same key. */
	for (struct wt_slot *s = cx->slots; s; s = s->next)
		if (s->key == key)
			return &s->p;
	for (struct wt_slot *s = cx->slots; s; s = s->next)
		if (strcmp(s->key, key) == 0)
			return &s->p;
	struct wt_slot *s = arena_calloc(cx->a, 1, sizeof(*s));
	s->key = key;
	s->next = cx->slots;
	cx->slots = s;
	return &s->p;
}
