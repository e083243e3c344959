/* SPDX-License-Identifier: MIT */
/*
 * expand.c — expansion of the preprocessor tree in frames, as MediaWiki's
 * PPFrame_Hash::expand() with Parser::braceSubstitution(),
 * argSubstitution() and extensionSubstitution() do it.
 *
 * One expand call walks a tree with an explicit stack (no recursion on
 * the tree's depth). Templates, arguments and tags found on the way may
 * start nested expand calls; those are what MediaWiki counts: each call
 * is one "visited node" for max_pp_node_count and one level for
 * max_pp_expand_depth, so C recursion is bounded by the depth limit.
 *
 * A template, argument or not-found construct may return an "object":
 * a list of nodes expanded further in the calling frame. Such lists are
 * made of shallow copies of nodes (the tree itself is shared by every
 * use of a template and never changes).
 */
#include <stdio.h>
#include <strings.h>

#include "wt_int.h"
#include "wt_pf.h"

/* PPFrame::RECOVER_ORIG: everything as written (msgnw). */
#define WT_X_RECOVER_ORIG (WT_X_NO_ARGS | WT_X_NO_TEMPLATES | WT_X_NO_IGNORE | WT_X_RECOVER_COMMENTS | WT_X_NO_TAGS)

/* PHP trim()'s characters but NUL: space, tab, LF, CR, VT. */
static bool trim_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

struct str wt_trim(struct str s)
{
	while (s.len && trim_space(s.p[0]))
		s.p++, s.len--;
	while (s.len && (trim_space(s.p[s.len - 1]) || s.p[s.len - 1] == '\0'))
		s.len--;
	while (s.len && s.p[0] == '\0') {
		s.p++;
		s.len--;
	}
	return s;
}

static struct wt_node *mk_text(struct wt_ctx *cx, const char *p, size_t n)
{
	struct wt_node *t = arena_calloc(cx->a, 1, sizeof(*t));
	t->type = WT_N_TEXT;
	t->p = p;
	t->len = n;
	return t;
}

static struct wt_node *copy_node(struct wt_ctx *cx, const struct wt_node *n)
{
	struct wt_node *c = arena_alloc(cx->a, sizeof(*c));
	*c = *n;
	c->next = NULL;
	return c;
}

/* A node list being built. */
struct list {
	struct wt_node *first; /* first node */
	struct wt_node *last;  /* last node */
};

static void list_add(struct list *l, struct wt_node *n)
{
	n->next = NULL;
	if (l->last)
		l->last->next = n;
	else
		l->first = n;
	l->last = n;
}

/*
 * virtualBracketedImplode: open, the title (a node, or text when
 * `title_text` is set), then '|' and each part, then close.
 */
static struct wt_node *bracketed(struct wt_ctx *cx, const char *open, const char *close, const struct wt_node *title,
				 const struct str *title_text, const struct wt_node *parts)
{
	struct list l = { 0 };
	list_add(&l, mk_text(cx, open, strlen(open)));
	if (title_text)
		list_add(&l, mk_text(cx, title_text->p, title_text->len));
	else if (title)
		list_add(&l, copy_node(cx, title));
	for (const struct wt_node *p = parts; p; p = p->next) {
		if (p->type != WT_N_PART)
			continue;
		list_add(&l, mk_text(cx, "|", 1));
		list_add(&l, copy_node(cx, p));
	}
	list_add(&l, mk_text(cx, close, strlen(close)));
	return l.first;
}

/* An error span from interface message `key`. */
static struct str error_span(struct wt_ctx *cx, const char *key, const char *p1)
{
	const char *m = wt_msg(cx, key, p1, NULL, NULL);
	char *s = wt_aprintf(cx->a, "<span class=\"error\">%s</span>", m);
	return (struct str){ s, strlen(s) };
}

/* Parser::limitationWarn: a warning and a tracking category. */
static void limitation_warn(struct wt_ctx *cx, const char *type, long long cur, long long max)
{
	char c[32], m[32];
	snprintf(c, sizeof(c), "%lld", cur);
	snprintf(m, sizeof(m), "%lld", max);
	wt_out_warning(cx, wt_aprintf(cx->a, "%s-warning", type), c, m, NULL);
	wt_tracking_category(cx, wt_aprintf(cx->a, "%s-category", type));
}

/* ------------------------------------------------------------------ */
/* Frames                                                               */
/* ------------------------------------------------------------------ */

/*
 * The argument named `name`, numbered or not: a frame holds at most one of
 * each name (a later duplicate replaces the earlier one, whichever kind),
 * so MediaWiki's two lookups (numbered first, then named) find the same.
 */
static struct wt_farg *find_arg(struct wt_frame *f, const char *name, size_t len)
{
	for (size_t i = 0; i < f->n_args; i++)
		if (f->args[i].name_len == len && memcmp(f->args[i].name, name, len) == 0)
			return &f->args[i];
	return NULL;
}

static void remove_arg(struct wt_frame *f, struct wt_farg *a)
{
	size_t k = (size_t)(a - f->args);
	memmove(f->args + k, f->args + k + 1, (f->n_args - k - 1) * sizeof(*a));
	f->n_args--;
}

struct wt_frame *wt_frame_child(struct wt_ctx *cx, struct wt_frame *parent, const struct wt_node *parts,
				const struct wt_title *title, const char *pdbk)
{
	struct wt_frame *f = arena_calloc(cx->a, 1, sizeof(*f));
	f->parent = parent;
	f->title = title ? *title : parent->title;
	f->pdbk = !title ? parent->pdbk : pdbk ? pdbk : wt_title_prefixed(cx->a, cx->site, title, true);
	f->depth = parent->depth + 1;
	f->is_template = true;
	if (f->depth > cx->template_depth)
		cx->template_depth = f->depth;
	size_t cap = 0;
	for (const struct wt_node *p = parts; p; p = p->next) {
		if (p->type != WT_N_PART)
			continue;
		const struct wt_node *name, *value;
		int index;
		wt_node_split_part(p, &name, &value, &index);
		struct str key;
		bool numbered = index > 0;
		if (numbered) {
			static const char digit[] = "0123456789";
			if (index < 10) {
				key = (struct str){ digit + index, 1 };
			} else {
				char *k = arena_alloc(cx->a, UTIL_LL_CHARS);
				key = (struct str){ k, util_format_ll(index, k) };
			}
		} else {
			key = wt_trim(wt_expand(cx, parent, name, WT_X_STRIP_COMMENTS));
		}
		struct wt_farg *dup = find_arg(f, key.p, key.len);
		if (dup) {
			const char *shown = wt_title_prefixed(cx->a, cx->site, &parent->title, false);
			const char *tt = wt_title_prefixed(cx->a, cx->site, &f->title, false);
			wt_out_warning(cx, "duplicate-args-warning", shown, tt, arena_strndup(cx->a, key.p, key.len));
			wt_tracking_category(cx, "duplicate-args-category");
			remove_arg(f, dup);
		}
		f->args = arena_grow(cx->a, f->args, f->n_args, &cap, sizeof(*f->args));
		struct wt_farg *a = &f->args[f->n_args++];
		memset(a, 0, sizeof(*a));
		a->name = key.p;
		a->name_len = key.len;
		a->is_numbered = numbered;
		a->value = value;
	}
	return f;
}

bool wt_frame_arg(struct wt_ctx *cx, struct wt_frame *frame, struct str name, struct str *value)
{
	if (!frame->is_template)
		return false;
	struct wt_farg *a = find_arg(frame, name.p, name.len);
	if (!a)
		return false;
	if (!a->is_cached) {
		struct str v = a->text.p ? a->text : wt_expand(cx, frame->parent, a->value, WT_X_STRIP_COMMENTS);
		a->cache = a->is_numbered ? v : wt_trim(v);
		a->is_cached = true;
	}
	*value = a->cache;
	return true;
}

void wt_frame_set_volatile(struct wt_frame *frame)
{
	for (; frame; frame = frame->parent)
		frame->is_volatile = true;
}

void wt_frame_set_ttl(struct wt_frame *frame, int ttl)
{
	for (; frame; frame = frame->parent)
		if (ttl > 0 && (frame->ttl == 0 || ttl < frame->ttl))
			frame->ttl = ttl;
}

/* ------------------------------------------------------------------ */
/* Templates                                                            */
/* ------------------------------------------------------------------ */

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* getTemplateDom: the tree of a template, fetched and parsed once per parse. */
static struct wt_tpl_cache *template_dom(struct wt_ctx *cx, const struct wt_title *t, const char *pdbk)
{
	uint32_t h = hash_str(pdbk) & (WT_TPL_BUCKETS - 1);
	for (struct wt_tpl_cache *c = cx->tpl[h]; c; c = c->next)
		if (strcmp(c->pdbk, pdbk) == 0)
			return c;
	struct wt_tpl_cache *c = arena_calloc(cx->a, 1, sizeof(*c));
	c->pdbk = pdbk;
	c->fetched.title = *t;
	if (cx->host->fetch && cx->host->fetch(cx->host->data, cx->a, t, &c->fetched) != RC_OK)
		c->fetched.text = NULL;
	if (!c->fetched.title.dbkey)
		c->fetched.title = *t;
	if (!c->fetched.text && cx->lconv) {
		/* Parser::braceSubstitution: a missing template may exist under its title in another variant. */
		struct wt_title vt[WT_LCONV_MAXV];
		size_t nv = wt_lconv_variant_titles(cx, t, vt);
		for (size_t v = 0; v < nv && !c->fetched.text; v++) {
			struct wt_fetched f = { 0 };
			f.title = vt[v];
			if (cx->host->fetch && cx->host->fetch(cx->host->data, cx->a, &vt[v], &f) == RC_OK && f.text) {
				if (!f.title.dbkey)
					f.title = vt[v];
				c->fetched = f;
			}
		}
	}
	if (!c->fetched.text && t->ns == WT_NS_MEDIAWIKI && !t->interwiki[0] && cx->host->message) {
		/*
		 * Parser::statelessFetchTemplate: a MediaWiki: page that does not
		 * exist transcludes the interface message of that name (the
		 * title's text with its first letter lower-cased, '_' for spaces,
		 * in the content language), when there is one.
		 */
		struct sbuf k;
		sbuf_init(&k, 4096);
		wt_case(&k, str_c(t->dbkey), WT_CASE_LCFIRST);
		const char *msg = cx->host->message(cx->host->data, cx->a, sbuf_cstr(&k), cx->site->lang);
		sbuf_release(&k);
		if (msg) {
			c->fetched.text = msg;
			c->fetched.len = strlen(msg);
		}
	}
	if (c->fetched.n_deps) {
		for (size_t i = 0; i < c->fetched.n_deps; i++) {
			const struct wt_title *d = &c->fetched.deps[i];
			bool is_final = d->ns == c->fetched.title.ns && strcmp(d->dbkey, c->fetched.title.dbkey) == 0;
			wt_out_template(cx, d, is_final ? c->fetched.page_id : 0, is_final ? c->fetched.rev_id : 0);
		}
	} else {
		wt_out_template(cx, t, c->fetched.page_id, c->fetched.rev_id);
	}
	const char *shared_text;
	if (c->fetched.text && (c->tree = wt_tplcache_tree(cx, pdbk, &c->fetched, &shared_text)) != NULL) {
		c->fetched.text = shared_text;
	} else if (c->fetched.text) {
		/* U+007F starts strip markers: none may come from page text. */
		char *txt = arena_strndup(cx->a, c->fetched.text, c->fetched.len);
		for (char *m = memchr(txt, 0x7f, c->fetched.len); m; m = memchr(m, 0x7f, c->fetched.len - (size_t)(m - txt)))
			*m = '?';
		c->fetched.text = txt;
		c->tree = wt_preprocess_tree(cx->a, cx->site, txt, c->fetched.len, WT_PP_FOR_INCLUSION);
	}
	c->next = cx->tpl[h];
	cx->tpl[h] = c;
	c->older = cx->tpl_newest;
	cx->tpl_newest = c;
	return c;
}

/* True when the frame chain already expands `pdbk` (PPFrame::loopCheck). */
static bool is_loop(struct wt_frame *frame, const char *pdbk)
{
	for (struct wt_frame *f = frame; f && f->is_template; f = f->parent)
		if (strcmp(f->pdbk, pdbk) == 0)
			return true;
	return false;
}

/*
 * Case-insensitive prefix match and removal (MagicWord::matchStartAndRemove)
 * of the lower-case literal `word`: a first byte that differs (ASCII case
 * aside) ends it before strncasecmp().
 */
#define match_start(s, word) match_start_n((s), (word), sizeof(word) - 1)

static inline bool match_start_n(struct str *s, const char *word, size_t n)
{
	if (s->len < n || (s->p[0] | 0x20) != word[0] || strncasecmp(s->p, word, n) != 0)
		return false;
	s->p += n;
	s->len -= n;
	return true;
}

/* Linker::normalizeSubpageLink for template names: "/x" and "../x". */
static struct str subpage_target(struct wt_ctx *cx, struct str target, bool *changed)
{
	*changed = false;
	const struct wt_namespace *ns = wt_ns_get(cx->site, cx->title.ns);
	if (!ns || !ns->has_subpages)
		return target;
	const char *hash = memchr(target.p, '#', target.len);
	struct str suffix = { "", 0 };
	if (hash) {
		suffix = (struct str){ hash, target.len - (size_t)(hash - target.p) };
		target.len = (size_t)(hash - target.p);
	}
	target = wt_trim(target);
	const char *ctx_text = wt_title_prefixed(cx->a, cx->site, &cx->title, false);
	if (target.len && target.p[0] == '/') {
		size_t e = target.len;
		while (e > 1 && target.p[e - 1] == '/')
			e--;
		struct str noslash = e < target.len ? (struct str){ target.p + 1, e - 1 }
						    : (struct str){ target.p + 1, target.len - 1 };
		noslash = wt_trim(noslash);
		char *r = wt_aprintf(cx->a, "%s/%.*s%.*s", ctx_text, (int)noslash.len, noslash.p, (int)suffix.len,
				       suffix.p);
		*changed = true;
		return (struct str){ r, strlen(r) };
	}
	int dots = 0;
	struct str rest = target;
	while (rest.len >= 3 && memcmp(rest.p, "../", 3) == 0) {
		dots++;
		rest.p += 3;
		rest.len -= 3;
	}
	if (!dots)
		return target;
	size_t clen = strlen(ctx_text);
	int slashes = 0;
	for (size_t i = 0; i < clen; i++)
		slashes += ctx_text[i] == '/';
	if (slashes + 1 <= dots)
		return target;
	size_t cut = clen;
	for (int d = 0; d < dots; d++) {
		while (cut > 0 && ctx_text[cut - 1] != '/')
			cut--;
		cut--;
	}
	while (rest.len && rest.p[rest.len - 1] == '/')
		rest.len--;
	rest = wt_trim(rest);
	char *r = wt_aprintf(cx->a, "%.*s%s%.*s%.*s", (int)cut, ctx_text, rest.len ? "/" : "", (int)rest.len, rest.p,
			       (int)suffix.len, suffix.p);
	*changed = true;
	return (struct str){ r, strlen(r) };
}

/* The result of a substitution: text, or a node list to expand in the calling frame. */
struct subst {
	struct str text;         /* text result */
	struct wt_node *object;  /* node list result, or NULL */
};

/* Arguments of a parser function call (callParserFunction). */
static struct wt_args *make_args(struct wt_ctx *cx, struct wt_frame *frame, struct str first, const struct wt_node *parts,
				 int flags)
{
	size_t n = 1;
	for (const struct wt_node *p = parts; p; p = p->next)
		n += p->type == WT_N_PART;
	/* One zeroed block: the struct, then its three arrays (the larger alignments first). */
	struct wt_args *args = arena_calloc(
		cx->a, 1, sizeof(*args) + n * (sizeof(*args->text) + sizeof(*args->part) + sizeof(*args->has_text)));
	args->n = n;
	args->text = (struct str *)(args + 1);
	args->part = (const struct wt_node **)(args->text + n);
	args->has_text = (bool *)(args->part + n);
	args->text[0] = first;
	args->has_text[0] = true;
	size_t i = 1;
	for (const struct wt_node *p = parts; p; p = p->next)
		if (p->type == WT_N_PART)
			args->part[i++] = p;
	if (!(flags & WT_F_OBJECT_ARGS))
		for (i = 1; i < n; i++)
			wt_arg(cx, frame, args, i);
	return args;
}

struct str wt_arg(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, size_t i)
{
	if (i >= args->n)
		return (struct str){ "", 0 };
	if (!args->has_text[i]) {
		args->text[i] = wt_trim(wt_expand(cx, frame, args->part[i], 0));
		args->has_text[i] = true;
	}
	return args->text[i];
}

/* wfEscapeWikiText. */
static struct str escape_wikitext(struct wt_ctx *cx, struct str in)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, in.len + 16);
	/* Work on "\n" + text so that line-start rules apply at the start. */
	struct wt_buf src;
	wt_buf_init(&src, cx->a, in.len + 2);
	wt_buf_addc(&src, '\n');
	wt_buf_addstr(&src, in);
	const char *s = src.p;
	size_t n = src.len;
	for (size_t i = 0; i < n;) {
		char c = s[i];
		char d = i + 1 < n ? s[i + 1] : '\0';
		if (c == '\n' || c == '\r') {
			const char *rep = NULL;
			size_t used = 2;
			if (d == '#')
				rep = "&#35;";
			else if (d == '*')
				rep = "&#42;";
			else if (d == ':')
				rep = "&#58;";
			else if (d == ' ')
				rep = "&#32;";
			else if (d == '\t')
				rep = "&#9;";
			else if (d == '-' && i + 4 < n && memcmp(s + i + 1, "----", 4) == 0) {
				rep = "&#45;---";
				used = 5;
			} else if (c == '\n' && d == '\n')
				rep = "&#10;";
			else if (c == '\n' && d == '\r')
				rep = "&#13;";
			else if (c == '\r' && d == '\r')
				rep = "&#13;";
			if (c == '\r' && d == '\n') {
				wt_buf_adds(&b, "&#13;\n");
				i += 2;
				continue;
			}
			if (rep) {
				wt_buf_addc(&b, c);
				wt_buf_adds(&b, rep);
				i += used;
				continue;
			}
			wt_buf_addc(&b, c);
			i++;
			continue;
		}
		const char *rep = NULL;
		size_t used = 1;
		switch (c) {
		case '"':
			rep = "&#34;";
			break;
		case '&':
			rep = "&#38;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '<':
			rep = "&#60;";
			break;
		case '=':
			rep = "&#61;";
			break;
		case '>':
			rep = "&#62;";
			break;
		case '[':
			rep = "&#91;";
			break;
		case ']':
			rep = "&#93;";
			break;
		case '{':
			rep = "&#123;";
			break;
		case '|':
			rep = "&#124;";
			break;
		case '}':
			rep = "&#125;";
			break;
		case ';':
			rep = "&#59;";
			break;
		case '_':
			if (d == '_') {
				rep = "_&#95;";
				used = 2;
			}
			break;
		case ':':
			if (i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/') {
				rep = "&#58;//";
				used = 3;
			}
			break;
		default:
			break;
		}
		if (!rep) {
			static const char *const magic[] = { "ISBN", "RFC", "PMID" };
			const bool on[] = { cx->site->magic_isbn, cx->site->magic_rfc, cx->site->magic_pmid };
			for (int m = 0; m < 3 && !rep; m++) {
				size_t ml = strlen(magic[m]);
				if (on[m] && i + ml < n && memcmp(s + i, magic[m], ml) == 0 &&
				    strchr(" \t\r\n\f", s[i + ml])) {
					wt_buf_add(&b, s + i, ml);
					char sp = s[i + ml];
					wt_buf_adds(&b, sp == ' ' ? "&#32;" : sp == '\t' ? "&#9;" : sp == '\r' ? "&#13;"
									      : sp == '\n' ? "&#10;" : "&#12;");
					i += ml + 1;
					rep = "";
				}
			}
			if (rep)
				continue;
		}
		if (rep) {
			wt_buf_adds(&b, rep);
			i += used;
		} else {
			wt_buf_addc(&b, c);
			i++;
		}
	}
	/* Drop the leading newline, then protocols without "//": "mailto:" -> "mailto&#58;". */
	struct str r = { b.p + 1, b.len - 1 };
	struct wt_buf o;
	wt_buf_init(&o, cx->a, r.len + 8);
	for (size_t i = 0; i < r.len; i++) {
		bool done = false;
		char pc = i ? r.p[i - 1] : ' ';
		bool boundary = !((pc >= 'a' && pc <= 'z') || (pc >= 'A' && pc <= 'Z') || (pc >= '0' && pc <= '9') || pc == '_');
		for (size_t k = 0; boundary && k < cx->site->n_url_protocols && !done; k++) {
			const char *pr = cx->site->url_protocols[k];
			size_t pl = strlen(pr);
			if (pl < 2 || pr[pl - 1] != ':')
				continue;
			if (i + pl <= r.len && strncasecmp(r.p + i, pr, pl - 1) == 0 && r.p[i + pl - 1] == ':') {
				wt_buf_add(&o, r.p + i, pl - 1);
				wt_buf_adds(&o, "&#58;");
				i += pl - 1;
				done = true;
			}
		}
		if (!done)
			wt_buf_addc(&o, r.p[i]);
	}
	return wt_buf_str(&o);
}

/* True when text starts like a block: "{|", ':', ';', '#', '*' (T2529). */
static bool starts_block(struct str t)
{
	if (!t.len)
		return false;
	char c = t.p[0];
	return c == ':' || c == ';' || c == '#' || c == '*' || (c == '{' && t.len > 1 && t.p[1] == '|');
}

/* braceSubstitution. */
static struct subst brace_subst(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_node *tpl)
{
	struct subst res = { { "", 0 }, NULL };
	const struct wt_node *title_node = NULL;
	const struct wt_node *parts = NULL;
	for (const struct wt_node *k = tpl->first; k; k = k->next) {
		if (k->type == WT_N_TITLE)
			title_node = k;
		else if (k->type == WT_N_PART && !parts)
			parts = k;
	}
	size_t n_parts = 0;
	for (const struct wt_node *p = parts; p; p = p->next)
		n_parts += p->type == WT_N_PART;

	bool found = false, nowiki = false, is_html = false, is_child_obj = false, is_local_obj = false;
	struct str text = { "", 0 };
	struct wt_node *obj = NULL;
	const struct wt_node *child_tree = NULL;
	struct wt_title title;
	bool have_title = false;
	struct wt_tpl_cache *prof = NULL; /* the template timed for the report */
	int64_t prof_t0 = 0;             /* when its fetch began */
	const char *title_text = NULL;
	const char *final_pdbk = NULL; /* the prefixed dbkey of the title transcluded, once known */

	struct str with_spaces = wt_expand(cx, frame, title_node, 0);
	struct str part1 = wt_trim(with_spaces);
	struct str original = part1;

	/* subst: and safesubst: */
	struct str p1 = part1;
	int subst = match_start(&p1, "subst:") ? 1 : match_start(&p1, "safesubst:") ? 2 : 0;
	if (subst)
		part1 = p1;
	bool literal = cx->ot == WT_OT_WIKI ? subst == 0 : subst == 1;
	if (literal) {
		obj = bracketed(cx, "{{", "}}", NULL, &with_spaces, parts);
		is_local_obj = true;
		found = true;
	}

	/* Variables */
	if (!found && n_parts == 0) {
		const struct wt_reg *r = wt_reg_var(cx->site, part1);
		if (r) {
			struct str v = { "", 0 };
			void **cache = wt_slot(cx, r->id);
			if (*cache) {
				v = *(struct str *)*cache;
			} else {
				r->var(cx, frame, &v);
				struct str *keep = arena_alloc(cx->a, sizeof(*keep));
				*keep = v;
				*cache = keep;
			}
			text = v;
			found = true;
		}
	}

	/* msgnw:, msg:, raw: */
	if (!found) {
		if (match_start(&part1, "msgnw:"))
			nowiki = true;
		else
			match_start(&part1, "msg:");
		match_start(&part1, "raw:");
	}

	/* Parser functions */
	if (!found) {
		const char *colon = memchr(part1.p, ':', part1.len);
		if (colon) {
			struct str fname = { part1.p, (size_t)(colon - part1.p) };
			bool hash = fname.len && fname.p[0] == '#';
			struct str bare = hash ? (struct str){ fname.p + 1, fname.len - 1 } : fname;
			const struct wt_reg *r = wt_reg_func(cx->site, bare, hash);
			if (r) {
				struct str first = wt_trim((struct str){ colon + 1, part1.len - (size_t)(colon + 1 - part1.p) });
				struct wt_args *args = make_args(cx, frame, first, parts, r->flags);
				struct wt_result fr = { { "", 0 }, true, false, false, false, 0 };
				r->func(cx, frame, args, &fr);
				found = fr.found;
				text = fr.text;
				nowiki = fr.nowiki;
				is_html = fr.is_html;
				if (fr.preprocess) {
					child_tree = wt_preprocess_tree(cx->a, cx->site, text.p, text.len, fr.pp_flags);
					is_child_obj = true;
				}
			}
		}
	}

	/* Templates */
	if (!found) {
		int ns = WT_NS_TEMPLATE;
		bool changed;
		struct str rel = subpage_target(cx, part1, &changed);
		if (changed) {
			part1 = rel;
			ns = cx->title.ns;
		}
		if (wt_ctx_title(cx, part1, ns, &title) == RC_OK) {
			have_title = true;
			title_text = wt_title_prefixed(cx->a, cx->site, &title, false);
			if (frame->depth >= cx->opt.limits.max_template_depth) {
				found = true;
				char lim[16];
				snprintf(lim, sizeof(lim), "%d", cx->opt.limits.max_template_depth);
				text = error_span(cx, "parser-template-recursion-depth-warning", lim);
			}
		}
	}
	if (!found && have_title) {
		if (!title.interwiki[0]) {
			const struct wt_namespace *nsd = wt_ns_get(cx->site, title.ns);
			if (title.ns == WT_NS_SPECIAL && cx->ot == WT_OT_HTML &&
			    wt_special_include(cx, frame, parts, &title, &text)) {
				/* An includable special page: its HTML, as a general strip item. */
				found = true;
				is_html = true;
			} else if (title.ns == WT_NS_SPECIAL || title.ns == WT_NS_MEDIA || (nsd && nsd->is_nonincludable)) {
				/* Not transcluded: MediaWiki links to it below. */
			} else {
				const char *pdbk = wt_title_prefixed(cx->a, cx->site, &title, true);
				prof_t0 = util_mono_us();
				struct wt_tpl_cache *c = template_dom(cx, &title, pdbk);
				prof = c;
				if (c->fetched.text) {
					found = true;
					is_child_obj = true;
					child_tree = c->tree;
					title = c->fetched.title;
				}
			}
			if (!found && (cx->ot == WT_OT_HTML || cx->ot == WT_OT_PREPROCESS)) {
				char *l = wt_aprintf(cx->a, "[[:%s]]", title_text);
				text = (struct str){ l, strlen(l) };
				found = true;
			}
		}
		final_pdbk = wt_title_prefixed(cx->a, cx->site, &title, true);
		if (is_loop(frame, final_pdbk)) {
			found = true;
			is_child_obj = false;
			text = error_span(cx, "parser-template-loop-warning", title_text);
			wt_tracking_category(cx, "template-loop-category");
			wt_out_warning(cx, "template-loop-warning", title_text, NULL, NULL);
		}
	}

	if (!found) {
		if (prof) {
			prof->prof_calls++;
			prof->prof_us += util_mono_us() - prof_t0;
		}
		res.object = bracketed(cx, "{{", "}}", NULL, &with_spaces, parts);
		return res;
	}

	if (is_child_obj) {
		struct wt_frame *nf = wt_frame_child(cx, frame, parts, have_title ? &title : NULL, final_pdbk);
		text = wt_expand(cx, nf, child_tree, nowiki ? WT_X_RECOVER_ORIG : 0);
		if (nf->is_volatile)
			wt_frame_set_volatile(frame);
		if (nf->ttl)
			wt_frame_set_ttl(frame, nf->ttl);
	}
	if (prof) {
		/* The time report counts the template's fetch and expansion (scopedProfileIn). */
		prof->prof_calls++;
		prof->prof_us += util_mono_us() - prof_t0;
	}
	if (is_local_obj && nowiki) {
		struct wt_node holder = { 0 };
		holder.type = WT_N_ROOT;
		holder.first = obj;
		text = wt_expand(cx, frame, &holder, WT_X_RECOVER_ORIG);
		is_local_obj = false;
		obj = NULL;
	}
	bool is_text = !is_local_obj;
	if (is_html) {
		text = wt_strip_add(cx, WT_STRIP_GENERAL, "item", text);
	} else if (nowiki && (cx->ot == WT_OT_HTML || cx->ot == WT_OT_PREPROCESS)) {
		text = escape_wikitext(cx, text);
	} else if (is_text && !tpl->line_start && starts_block(text)) {
		char *t = arena_alloc(cx->a, text.len + 2);
		t[0] = '\n';
		memcpy(t + 1, text.p, text.len);
		t[text.len + 1] = '\0';
		text = (struct str){ t, text.len + 1 };
	}
	if (is_text) {
		if (cx->include_size_post + text.len > cx->opt.limits.max_include_size) {
			const char *shown = title_text;
			if (!shown) {
				struct str o = original;
				if (o.len && o.p[0] == ':')
					o.p++, o.len--;
				shown = arena_strndup(cx->a, o.p, o.len);
			}
			struct str warn = wt_strip_add(
				cx, WT_STRIP_GENERAL, "item",
				str_c(wt_aprintf(cx->a, "<!-- %s -->",
						   wt_msg(cx, "post-expand-template-inclusion-comment", NULL, NULL, NULL))));
			char *l = wt_aprintf(cx->a, "[[:%s]]%.*s", shown, (int)warn.len, warn.p);
			text = (struct str){ l, strlen(l) };
			limitation_warn(cx, "post-expand-template-inclusion", 0, 0);
		} else {
			cx->include_size_post += text.len;
		}
	}
	if (is_local_obj) {
		res.object = obj;
		return res;
	}
	res.text = text;
	return res;
}

/* argSubstitution. */
static struct subst arg_subst(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_node *tpl)
{
	struct subst res = { { "", 0 }, NULL };
	const struct wt_node *title_node = NULL, *parts = NULL;
	for (const struct wt_node *k = tpl->first; k; k = k->next) {
		if (k->type == WT_N_TITLE)
			title_node = k;
		else if (k->type == WT_N_PART && !parts)
			parts = k;
	}
	struct str with_spaces = wt_expand(cx, frame, title_node, 0);
	struct str name = wt_trim(with_spaces);
	struct str text;
	bool have = wt_frame_arg(cx, frame, name, &text);
	struct wt_node *object = NULL;
	if (!have && parts &&
	    (cx->ot == WT_OT_HTML || cx->ot == WT_OT_PREPROCESS || (cx->ot == WT_OT_WIKI && frame->is_template))) {
		/* The default: the first part's children, expanded here. */
		object = parts->first;
	}
	size_t tlen = have ? text.len : 0;
	bool error = false;
	if (cx->arg_size + tlen > cx->opt.limits.max_include_size) {
		error = true;
		limitation_warn(cx, "post-expand-template-argument", 0, 0);
	} else {
		cx->arg_size += tlen;
	}
	if (!have && !object)
		object = bracketed(cx, "{{{", "}}}", NULL, &with_spaces, parts);
	if (object) {
		res.object = object;
		return res;
	}
	if (error) {
		const char *m = wt_msg(cx, "post-expand-template-argument-comment", NULL, NULL, NULL);
		text = str_c(wt_aprintf(cx->a, "%.*s<!-- %s -->", (int)text.len, text.p, m));
	}
	res.text = text;
	return res;
}

/* ------------------------------------------------------------------ */
/* Extension tags                                                       */
/* ------------------------------------------------------------------ */

/* extensionSubstitution. */
struct str wt_ext_subst(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_ext *e, int flags)
{
	struct str name = e->name;
	struct str attr = e->attr;
	struct str content = { NULL, 0 };
	if (e->inner.p)
		content = e->inner;
	char *lower = arena_strndup(cx->a, name.p, name.len);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	bool is_nowiki = strcmp(lower, "nowiki") == 0;
	enum wt_strip_kind kind = is_nowiki ? WT_STRIP_NOWIKI : WT_STRIP_GENERAL;
	struct str output;
	if (cx->ot == WT_OT_HTML || ((flags & WT_X_PROCESS_NOWIKI) && is_nowiki)) {
		struct wt_tag_call call = { { lower, name.len }, content, { NULL, 0, 0 }, attr };
		wt_san_decode_attrs(cx->a, attr, &call.attrs);
		wt_tag_fn *fn = wt_reg_tag(call.name);
		const struct wt_ext_tag *own = fn ? NULL : wt_site_tag(cx->site, call.name);
		struct wt_result r = { { "", 0 }, true, false, false, false, 0 };
		if (!fn && cx->site->raw_html && strcmp(lower, "html") == 0) {
			/* CoreTagHooks::html: the content goes out as written, in a nowiki item. */
			output = content.p ? content : (struct str){ "", 0 };
			kind = WT_STRIP_NOWIKI;
		} else if (own) {
			const struct str *pairs = arena_alloc(cx->a, (call.attrs.n * 2 + 1) * sizeof(*pairs));
			struct str *w = (struct str *)pairs;
			for (size_t k = 0; k < call.attrs.n; k++) {
				w[2 * k] = call.attrs.v[k].name;
				w[2 * k + 1] = call.attrs.v[k].value;
			}
			const char *html = own->render(own->data, cx->a, content.p, content.len, pairs, call.attrs.n);
			output = str_c(html ? html : "");
		} else if (fn) {
			fn(cx, frame, &call, &r);
			output = r.text;
			if (r.nowiki)
				kind = WT_STRIP_NOWIKI;
			if (!r.found)
				return output;
		} else {
			struct wt_buf b;
			wt_buf_init(&b, cx->a, 64);
			wt_buf_adds(&b, "<span class=\"error\">");
			wt_buf_adds(&b, wt_msg(cx, "parser-invalid-tag-extension", NULL, NULL, NULL));
			wt_buf_add_html(&b, lower, name.len);
			wt_buf_adds(&b, "</span>");
			output = wt_buf_str(&b);
		}
	} else {
		struct wt_buf b;
		wt_buf_init(&b, cx->a, name.len + attr.len + content.len + e->close.len + 8);
		wt_buf_addc(&b, '<');
		wt_buf_addstr(&b, name);
		wt_buf_addstr(&b, attr);
		if (!content.p) {
			wt_buf_adds(&b, "/>");
		} else {
			wt_buf_addc(&b, '>');
			wt_buf_addstr(&b, content);
			if (e->close.p)
				wt_buf_addstr(&b, e->close);
		}
		output = wt_buf_str(&b);
	}
	char *mname = arena_strndup(cx->a, name.p, name.len);
	return wt_strip_add(cx, kind, mname, output);
}

/* ------------------------------------------------------------------ */
/* The walk                                                             */
/* ------------------------------------------------------------------ */

/* The explicit stack of one expand call: the next node of each open list. */
struct walk {
	const struct wt_node **next; /* next sibling to visit at each level */
	size_t n;                    /* levels */
	size_t cap;                  /* allocated */
	const struct wt_node *small[8]; /* the first levels, before `next` moves to the arena */
};

static void push(struct wt_ctx *cx, struct walk *w, const struct wt_node *first)
{
	if (!first)
		return;
	if (w->n == w->cap)
		w->next = arena_grow(cx->a, w->next, w->n, &w->cap, sizeof(*w->next));
	w->next[w->n++] = first;
}

static void visit(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_node *n, int flags, struct wt_buf *b,
		  struct walk *w)
{
	switch (n->type) {
	case WT_N_TEXT:
	case WT_N_EQUALS:
		wt_buf_add(b, n->p, n->len);
		return;
	case WT_N_TEMPLATE: {
		if (flags & WT_X_NO_TEMPLATES) {
			const struct wt_node *t = NULL, *parts = NULL;
			for (const struct wt_node *k = n->first; k; k = k->next) {
				if (k->type == WT_N_TITLE)
					t = k;
				else if (k->type == WT_N_PART && !parts)
					parts = k;
			}
			push(cx, w, bracketed(cx, "{{", "}}", t, NULL, parts));
			return;
		}
		struct subst s = brace_subst(cx, frame, n);
		if (s.object)
			push(cx, w, s.object);
		else
			wt_buf_addstr(b, s.text);
		return;
	}
	case WT_N_TPLARG: {
		if (flags & WT_X_NO_ARGS) {
			const struct wt_node *t = NULL, *parts = NULL;
			for (const struct wt_node *k = n->first; k; k = k->next) {
				if (k->type == WT_N_TITLE)
					t = k;
				else if (k->type == WT_N_PART && !parts)
					parts = k;
			}
			push(cx, w, bracketed(cx, "{{{", "}}}", t, NULL, parts));
			return;
		}
		struct subst s = arg_subst(cx, frame, n);
		if (s.object)
			push(cx, w, s.object);
		else
			wt_buf_addstr(b, s.text);
		return;
	}
	case WT_N_COMMENT:
		if ((cx->ot == WT_OT_HTML || (cx->ot == WT_OT_PREPROCESS && cx->remove_comments) ||
		     (flags & WT_X_STRIP_COMMENTS)) &&
		    !(flags & WT_X_RECOVER_COMMENTS))
			return;
		if (cx->ot == WT_OT_WIKI && !(flags & WT_X_RECOVER_COMMENTS)) {
			wt_buf_addstr(b, wt_strip_add(cx, WT_STRIP_GENERAL, "item", (struct str){ n->p, n->len }));
			return;
		}
		wt_buf_add(b, n->p, n->len);
		return;
	case WT_N_IGNORE:
		if ((!frame->is_template && cx->ot == WT_OT_WIKI) || (flags & WT_X_NO_IGNORE))
			wt_buf_add(b, n->p, n->len);
		return;
	case WT_N_EXT:
		if (flags & WT_X_NO_TAGS) {
			wt_buf_addc(b, '<');
			wt_buf_addstr(b, n->ext->name);
			wt_buf_addstr(b, n->ext->attr);
			if (n->ext->inner.p) {
				wt_buf_addc(b, '>');
				wt_buf_addstr(b, n->ext->inner);
				if (n->ext->close.p)
					wt_buf_addstr(b, n->ext->close);
			} else {
				wt_buf_adds(b, "/>");
			}
			return;
		}
		wt_buf_addstr(b, wt_ext_subst(cx, frame, n->ext, flags));
		return;
	case WT_N_H:
		if (cx->ot == WT_OT_HTML) {
			struct str s = wt_expand(cx, frame, n, flags);
			cx->headings = arena_grow(cx->a, cx->headings, cx->n_headings, &cx->cap_headings,
						  sizeof(*cx->headings));
			cx->headings[cx->n_headings] = (struct wt_heading_ref){ frame->pdbk, n->i };
			size_t lvl = (size_t)n->n < s.len ? (size_t)n->n : s.len;
			wt_buf_add(b, s.p, lvl);
			/* WT_MARKER_PREFIX "-h-%zu-" WT_MARKER_SUFFIX, without printf. */
			wt_buf_adds(b, WT_MARKER_PREFIX "-h-");
			wt_buf_addll(b, (long long)cx->n_headings);
			wt_buf_adds(b, "-" WT_MARKER_SUFFIX);
			cx->n_headings++;
			wt_buf_add(b, s.p + lvl, s.len - lvl);
			return;
		}
		push(cx, w, n->first);
		return;
	default:
		push(cx, w, n->first);
		return;
	}
}

void wt_expand_into(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_node *node, int flags,
		    struct wt_buf *b)
{
	if (!node)
		return;
	if (++cx->pp_node_count > cx->opt.limits.max_pp_node_count) {
		limitation_warn(cx, "node-count-exceeded", cx->pp_node_count, cx->opt.limits.max_pp_node_count);
		wt_buf_addstr(b, error_span(cx, "parser-node-count-exceeded-text", NULL));
		return;
	}
	if (cx->expansion_depth > cx->opt.limits.max_pp_expand_depth) {
		limitation_warn(cx, "expansion-depth-exceeded", cx->expansion_depth, cx->opt.limits.max_pp_expand_depth);
		wt_buf_addstr(b, error_span(cx, "parser-expansion-depth-exceeded-text", NULL));
		return;
	}
	cx->expansion_depth++;
	if (cx->expansion_depth > cx->highest_expansion_depth)
		cx->highest_expansion_depth = cx->expansion_depth;
	struct walk w;
	w.next = w.small;
	w.n = 0;
	w.cap = ARRAY_SIZE(w.small);
	if (node->type == WT_N_H)
		push(cx, &w, node->first);
	else
		visit(cx, frame, node, flags, b, &w);
	while (w.n) {
		const struct wt_node *cur = w.next[w.n - 1];
		if (!cur) {
			w.n--;
			continue;
		}
		w.next[w.n - 1] = cur->next;
		/* Text, the most common node, here rather than through visit()'s big frame (same output). */
		if (cur->type == WT_N_TEXT || cur->type == WT_N_EQUALS)
			wt_buf_add(b, cur->p, cur->len);
		else
			visit(cx, frame, cur, flags, b, &w);
	}
	cx->expansion_depth--;
	if (b->is_toobig)
		cx->is_toobig = true;
}

struct str wt_expand(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_node *node, int flags)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, 64);
	wt_expand_into(cx, frame, node, flags, &b);
	return wt_buf_str(&b);
}

/*
 * Is `t` text the preprocessor leaves as one literal run? Nothing opens a
 * template, argument or language rule ('{'), a tag or comment ('<'), or a
 * heading ('=' at a line start, the start included).
 */
struct str wt_replace_variables(struct wt_ctx *cx, struct wt_frame *frame, struct str text)
{
	if (text.len < 1 || text.len > cx->opt.limits.max_include_size)
		return text;
	if (!frame)
		frame = cx->root;
	/*
	 * Most attribute strings the sanitizer sends here are plain text, and
	 * so are Cite's footnote marks: their tree is text nodes only, and
	 * expanding it gives the text back. Count the one visited node and
	 * expansion level wt_expand_into() would, and copy the text as it
	 * would. The page's own text (the first call) still builds its tree,
	 * which wt_ctx_tree0() keeps for the headings.
	 */
	if (cx->tree0 && cx->pp_node_count < cx->opt.limits.max_pp_node_count &&
	    cx->expansion_depth <= cx->opt.limits.max_pp_expand_depth && wt_pp_plain_text(cx->site, text.p, text.len)) {
		cx->pp_node_count++;
		if (cx->expansion_depth + 1 > cx->highest_expansion_depth)
			cx->highest_expansion_depth = cx->expansion_depth + 1;
		return (struct str){ arena_strndup(cx->a, text.p, text.len), text.len };
	}
	return wt_expand(cx, frame, wt_ctx_tree0(cx, text), 0);
}

struct wt_node *wt_ctx_tree0(struct wt_ctx *cx, struct str text)
{
	if (cx->tree0 && cx->tree0_p == text.p && cx->tree0_len == text.len)
		return cx->tree0;
	struct wt_node *t = wt_preprocess_tree(cx->a, cx->site, text.p, text.len, 0);
	if (!cx->tree0) {
		/* The first is the page's own text; nested parses (refs ...) come later and are not kept. */
		cx->tree0 = t;
		cx->tree0_p = text.p;
		cx->tree0_len = text.len;
	}
	return t;
}

struct str wt_escape_wikitext(struct wt_ctx *cx, struct str text)
{
	return escape_wikitext(cx, text);
}
