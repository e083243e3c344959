/* SPDX-License-Identifier: MIT */
/*
 * cite.c — footnotes: the <ref> and <references> extension tags and the
 * reference list added at the end of a page, as MediaWiki 1.39's Cite
 * extension renders them (Cite.php, ReferenceStack.php and the
 * formatters).
 *
 * A <ref> keeps its content as wikitext and leaves a footnote mark
 * (<sup id="cite_ref-…">[n]</sup>); <references> renders the group's
 * list, whose items are wikitext built from format messages and parsed
 * like any text. Named refs are numbered once and counted on each use
 * (back-links a/b/c are written 2.0, 2.1 …); refs inside <references>
 * only define texts. Refs left over at the end of the parse get an
 * automatic list (the default group) or an error (other groups).
 *
 * The state of one parse (the "reference stack") lives in a parse slot.
 * Its groups are PHP arrays in MediaWiki: ordered maps whose keys are
 * ref names or automatic integers; here each group is an entry array in
 * insertion order with a hash index on names.
 *
 * Messages: the format messages give the markup clients see, so their
 * defaults are MediaWiki's formats; the error texts are wikid's own
 * wording under Cite's keys. A wiki may override any of them with a
 * MediaWiki: page (the host's message callback is asked first).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "wt_int.h"
#include "wt_pf.h"

/* ---------- Messages ---------- */

/* One message: its key and default text ($1 … are parameters). */
struct cite_message {
	const char *key;  /* message key */
	const char *text; /* default text */
};

/* Sorted by key for bsearch(). */
static const struct cite_message messages[] = {
	{ "cite-tracking-category-cite-error", "Pages with reference errors" },
	{ "cite_error", "Citation error: $1" },
	{ "cite_error_empty_references_define",
	  "The <code>&lt;ref&gt;</code> named \"$1\" inside <code>&lt;references&gt;</code> (group \"$2\") is empty." },
	{ "cite_error_group_refs_without_references",
	  "The group \"$1\" has <code>&lt;ref&gt;</code> tags, but no <code>&lt;references group=\"$1\"/&gt;</code> tag "
	  "lists them" },
	{ "cite_error_included_ref", "A <code>&lt;ref&gt;</code> tag is missing its closing <code>&lt;/ref&gt;</code>" },
	{ "cite_error_included_references", "A <code>&lt;references&gt;</code> tag is missing its closing tag" },
	{ "cite_error_no_link_label_group",
	  "There are not enough custom link labels for the group \"$1\"; add more in [[MediaWiki:$2]]." },
	{ "cite_error_ref_invalid_dir",
	  "The value <code>dir=\"$1\"</code> is not allowed: only <code>ltr</code> and <code>rtl</code> are" },
	{ "cite_error_ref_no_input", "A <code>&lt;ref&gt;</code> tag without a name needs some content" },
	{ "cite_error_ref_no_key", "This <code>&lt;ref&gt;</code> tag has neither content nor a usable name" },
	{ "cite_error_ref_numeric_key",
	  "A <code>&lt;ref&gt;</code> name cannot be a plain number; give the reference a descriptive name" },
	{ "cite_error_ref_too_many_keys",
	  "This <code>&lt;ref&gt;</code> tag has attributes that are unknown or cannot be used together" },
	{ "cite_error_references_duplicate_key",
	  "The <code>&lt;ref&gt;</code> name \"$1\" is given to different contents" },
	{ "cite_error_references_group_mismatch",
	  "A <code>&lt;ref&gt;</code> inside <code>&lt;references&gt;</code> names another group, \"$1\"." },
	{ "cite_error_references_invalid_parameters",
	  "The <code>&lt;references&gt;</code> tag has an attribute it does not accept" },
	{ "cite_error_references_missing_group",
	  "The <code>&lt;ref&gt;</code> named \"$2\" inside <code>&lt;references&gt;</code> is in the group \"$1\", "
	  "which the text before it never uses." },
	{ "cite_error_references_missing_key",
	  "The <code>&lt;ref&gt;</code> named \"$1\" inside <code>&lt;references&gt;</code> is never used in the text "
	  "before it." },
	{ "cite_error_references_no_backlink_label",
	  "There are not enough custom back-link labels; add more in "
	  "[[MediaWiki:Cite references link many format backlink labels]]." },
	{ "cite_error_references_no_key", "A <code>&lt;ref&gt;</code> inside <code>&lt;references&gt;</code> has no name." },
	{ "cite_error_references_no_text", "No text was given for the references named <code>$1</code>" },
	{ "cite_reference_link", "<sup id=\"$1\" class=\"reference\">[[#$2|&#91;$3&#93;]]</sup>" },
	{ "cite_reference_link_key_with_num", "$1_$2" },
	{ "cite_reference_link_prefix", "cite_ref-" },
	{ "cite_reference_link_suffix", "" },
	{ "cite_references_link_many", "<li id=\"$1\"$4><span class=\"mw-cite-backlink\">\xe2\x86\x91 $2</span> $3</li>" },
	{ "cite_references_link_many_and", "&#32;" },
	{ "cite_references_link_many_format", "<sup>[[#$1|$2]]</sup>" },
	{ "cite_references_link_many_sep", "&#32;" },
	{ "cite_references_link_one",
	  "<li id=\"$1\"$4><span class=\"mw-cite-backlink\">[[#$2|\xe2\x86\x91]]</span> $3</li>" },
	{ "cite_references_link_prefix", "cite_note-" },
	{ "cite_references_link_suffix", "" },
	{ "cite_references_no_link", "<p id=\"$1\">$2</p>" },
	{ "cite_section_preview_references", "References in this preview" },
	{ "cite_warning", "Citation warning: $1" },
	{ "cite_warning_sectionpreview_no_text",
	  "The <code>&lt;ref&gt;</code> named <code>$1</code> cannot be shown in this preview: it is defined outside this "
	  "section, or nowhere." },
};

static int cmp_message(const void *key, const void *elem)
{
	return strcmp(key, ((const struct cite_message *)elem)->key);
}

/*
 * MessageCache's clean-up of every message it returns: "&#32;" becomes a
 * space, "&nbsp;" and "&#160;" a no-break space, "&shy;" a soft hyphen.
 */
static const char *message_fixups(struct wt_ctx *cx, const char *s)
{
	const char *amp = strchr(s, '&');
	if (!amp)
		return s;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, strlen(s) + 1);
	const char *p = s;
	while (amp) {
		wt_buf_add(&b, p, (size_t)(amp - p));
		p = amp;
		if (!strncmp(p, "&#32;", 5)) {
			wt_buf_addc(&b, ' ');
			p += 5;
		} else if (!strncmp(p, "&nbsp;", 6)) {
			wt_buf_adds(&b, "\xc2\xa0");
			p += 6;
		} else if (!strncmp(p, "&#160;", 6)) {
			wt_buf_adds(&b, "\xc2\xa0");
			p += 6;
		} else if (!strncmp(p, "&shy;", 5)) {
			wt_buf_adds(&b, "\xc2\xad");
			p += 5;
		} else {
			wt_buf_addc(&b, *p++);
		}
		amp = strchr(p, '&');
	}
	wt_buf_adds(&b, p);
	return b.p;
}

/* The text of message `key`: the wiki's own (MediaWiki: page) or the default; NULL when neither. */
/* Messages already looked up in this parse, by the address of their key (the keys are literals) and language. */
struct msg_memo {
	const char *key[32];  /* key strings */
	const char *lang[32]; /* the language asked for (the site's or the reader's code) */
	const char *text[32]; /* their msg_text_in() */
	size_t n;             /* entries used */
};

static const char *msg_text_in(struct wt_ctx *cx, const char *key, const char *lang)
{
	struct msg_memo **memo = (struct msg_memo **)wt_slot(cx, "cite:msg");
	if (!*memo)
		*memo = arena_calloc(cx->a, 1, sizeof(**memo));
	struct msg_memo *mm = *memo;
	for (size_t i = 0; i < mm->n; i++)
		if (mm->key[i] == key && mm->lang[i] == lang)
			return mm->text[i];
	const char *t = cx->host->message ? cx->host->message(cx->host->data, cx->a, key, lang) : NULL;
	if (!t) {
		const struct cite_message *m = bsearch(key, messages, ARRAY_SIZE(messages), sizeof(messages[0]), cmp_message);
		t = m ? m->text : NULL;
	}
	t = t ? message_fixups(cx, t) : NULL;
	if (mm->n < ARRAY_SIZE(mm->key)) {
		mm->key[mm->n] = key;
		mm->lang[mm->n] = lang;
		mm->text[mm->n++] = t;
	}
	return t;
}

/* In the content language: what the references themselves are made of. */
static const char *msg_text(struct wt_ctx *cx, const char *key)
{
	return msg_text_in(cx, key, cx->site->lang);
}

/*
 * Message `key` in `lang` with $1 … $n replaced by params[0 …]
 * (Message::plain()); "$*" is every parameter as the qqx pseudo-language
 * lists them.
 */
static const char *msg_in(struct wt_ctx *cx, const char *lang, const char *key, const char *const *params, size_t n)
{
	const char *t = msg_text_in(cx, key, lang);
	if (!t)
		return wt_aprintf(cx->a, "\xe2\xa7\xbc%s\xe2\xa7\xbd", key);
	return wt_msg_fill(cx, t, params, n);
}

static const char *msg(struct wt_ctx *cx, const char *key, const char *const *params, size_t n)
{
	return msg_in(cx, cx->site->lang, key, params, n);
}

#define MSG(cx, key, ...) msg((cx), (key), (const char *const[]){ __VA_ARGS__ }, \
			      sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

/* ---------- The reference stack ---------- */

/* One reference ($ref in ReferenceStack). */
struct cite_ref {
	const char *name;   /* name as given ("" counts as none, but is kept), NULL for none */
	long key;           /* global sequence number of the ref */
	int count;          /* uses minus one for named refs; -1 for unnamed ones */
	const char *dir;    /* dir attribute as given, NULL for none */
	const char *text;   /* content (wikitext), NULL when none yet */
	int number;         /* number in the group, 0 while unset */
	const char *follow; /* follow="…": the ref this one continues (no mark of its own) */
};

/* One entry of a group: a key of the PHP array and its ref. */
struct cite_entry {
	const char *name;     /* the key when it is a name, NULL for an automatic integer */
	long index;           /* the automatic integer key */
	struct cite_ref *ref; /* the ref */
	bool is_removed;      /* unset() by a rollback */
};

/* A group of refs: $refs[$group]. */
struct cite_group {
	const char *name;          /* group name ("" for the default group) */
	struct cite_entry *e;      /* entries in insertion order */
	size_t n, cap;             /* entries used, allocated */
	size_t live;               /* entries not removed */
	long next_index;           /* next automatic integer key */
	int ref_seq;               /* groupRefSequence */
	size_t *hash;              /* name index: entry position + 1, 0 for empty */
	size_t n_hash;             /* slots (a power of two, 0 when not built) */
	struct cite_group *next;   /* next group in order of creation */
};

/* One entry of the call stack (refCallStack): what a <ref> did, to undo it. */
struct cite_call {
	bool is_valid;          /* false for an invalid ref (pushInvalidRef) */
	int action;             /* CA_* */
	long key;               /* the ref's key */
	const char *group;      /* its group */
	const char *name;       /* its name or NULL */
	const char *text;       /* the text given, NULL for none */
	struct wt_attrs argv;   /* the attributes given */
};

/* What a push did (for rollbackRef). */
enum {
	CA_NEW,       /* a new entry */
	CA_ASSIGN,    /* text given to a named ref that had none */
	CA_INCREMENT, /* one more use of a named ref */
};

/* The state of Cite in one parse. */
struct cite {
	bool in_cite;               /* inside ref(): nested calls are refused */
	const char *in_group;       /* inside <references group=…>: its group, else NULL */
	struct cite_group *groups;  /* groups in order of creation */
	long ref_seq;               /* refSequence */
	struct cite_call *calls;    /* refCallStack */
	size_t n_calls, cap_calls;  /* entries used, allocated */
	const char **errors;        /* mReferencesErrors */
	size_t n_errors, cap_errors; /* entries used, allocated */
	struct wt_output *modules_out; /* the output that has Cite's modules already (NULL: none yet) */
};

static struct cite *cite_get(struct wt_ctx *cx)
{
	void **slot = wt_slot(cx, "cite");
	if (!*slot)
		*slot = arena_calloc(cx->a, 1, sizeof(struct cite));
	return *slot;
}

static uint64_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Rebuild the name index of `g` with room for its entries. */
static void group_rehash(struct wt_ctx *cx, struct cite_group *g)
{
	size_t n = 16;
	while (n < g->n * 2)
		n *= 2;
	g->hash = arena_calloc(cx->a, n, sizeof(*g->hash));
	g->n_hash = n;
	for (size_t i = 0; i < g->n; i++) {
		if (!g->e[i].name || g->e[i].is_removed)
			continue;
		size_t h = hash_name(g->e[i].name) & (n - 1);
		while (g->hash[h])
			h = (h + 1) & (n - 1);
		g->hash[h] = i + 1;
	}
}

/* The entry named `name` in `g`, or NULL. */
static struct cite_entry *group_find(struct cite_group *g, const char *name)
{
	if (!g || !name || !g->n_hash)
		return NULL;
	for (size_t h = hash_name(name) & (g->n_hash - 1); g->hash[h]; h = (h + 1) & (g->n_hash - 1)) {
		struct cite_entry *e = &g->e[g->hash[h] - 1];
		if (!e->is_removed && e->name && !strcmp(e->name, name))
			return e;
	}
	return NULL;
}

/* Append an entry to `g` (name NULL: the next automatic key). */
static struct cite_entry *group_add(struct wt_ctx *cx, struct cite_group *g, const char *name, struct cite_ref *ref)
{
	g->e = arena_grow(cx->a, g->e, g->n, &g->cap, sizeof(*g->e));
	struct cite_entry *e = &g->e[g->n++];
	e->name = name;
	e->index = name ? 0 : g->next_index++;
	e->ref = ref;
	e->is_removed = false;
	g->live++;
	if (name) {
		if (g->n * 2 > g->n_hash) {
			group_rehash(cx, g);
		} else {
			size_t h = hash_name(name) & (g->n_hash - 1);
			while (g->hash[h])
				h = (h + 1) & (g->n_hash - 1);
			g->hash[h] = g->n;
		}
	}
	return e;
}

static struct cite_group *group_get(struct cite *c, const char *name)
{
	for (struct cite_group *g = c->groups; g; g = g->next)
		if (!strcmp(g->name, name))
			return g;
	return NULL;
}

/* The group, created (at the end of the order) when missing. */
static struct cite_group *group_make(struct wt_ctx *cx, struct cite *c, const char *name)
{
	struct cite_group *g = group_get(c, name);
	if (g)
		return g;
	g = arena_calloc(cx->a, 1, sizeof(*g));
	g->name = name;
	struct cite_group **pp = &c->groups;
	while (*pp)
		pp = &(*pp)->next;
	*pp = g;
	return g;
}

/* popGroup(): take the group out (its refs go with it). */
static struct cite_group *group_pop(struct cite *c, const char *name)
{
	for (struct cite_group **pp = &c->groups; *pp; pp = &(*pp)->next) {
		if (!strcmp((*pp)->name, name)) {
			struct cite_group *g = *pp;
			*pp = g->next;
			g->next = NULL;
			return g;
		}
	}
	return NULL;
}

/* hasGroup(): the group exists and is not empty. */
static bool group_has(struct cite *c, const char *name)
{
	struct cite_group *g = group_get(c, name);
	return g && g->live > 0;
}

/* appendText(): add to the text of the ref named `name` (an entry is made when there is none). */
static void append_text(struct wt_ctx *cx, struct cite *c, const char *group, const char *name, const char *text)
{
	struct cite_group *g = group_make(cx, c, group);
	struct cite_entry *e = group_find(g, name);
	if (!e) {
		struct cite_ref *r = arena_calloc(cx->a, 1, sizeof(*r));
		e = group_add(cx, g, name, r);
	}
	if (e->ref->text)
		e->ref->text = wt_aprintf(cx->a, "%s%s", e->ref->text, text);
	else
		e->ref->text = text;
}

static void push_call(struct wt_ctx *cx, struct cite *c, struct cite_call call)
{
	c->calls = arena_grow(cx->a, c->calls, c->n_calls, &c->cap_calls, sizeof(*c->calls));
	c->calls[c->n_calls++] = call;
}

/* ---------- Errors ---------- */

/*
 * ErrorReporter: the message wrapped as "Citation error: …" (or warning)
 * in <span class="error mw-ext-cite-error" lang=… dir=…>; errors add the
 * tracking category. `parse`: the text is parsed (halfParsed) rather
 * than left as wikitext (plain).
 */
static const char *report(struct wt_ctx *cx, bool parse, const char *key, const char *const *params, size_t n)
{
	/* The type and id: "cite_error_ref_no_key" -> "error", "ref_no_key". */
	const char *rest = key + 5; /* after "cite_" */
	bool is_warning = !strncmp(rest, "warning", 7);
	const char *type = is_warning ? "warning" : "error";
	const char *id = rest + strlen(type) + 1;
	/* Errors are worded in the reader's language, as ErrorReporter does; their category in the wiki's. */
	const char *inner = msg_in(cx, cx->opt.user_lang, key, params, n);
	const char *wrapped = msg_in(cx, cx->opt.user_lang, is_warning ? "cite_warning" : "cite_error",
				     (const char *const[]){ inner }, 1);
	if (!is_warning) {
		/* Parser::addTrackingCategory with Cite's category. */
		const char *cat = msg_text(cx, "cite-tracking-category-cite-error");
		struct wt_title t;
		if (cat && *cat && strcmp(cat, "-") != 0 &&
		    wt_ctx_title(cx, str_c(cat), WT_NS_CATEGORY, &t) == RC_OK && t.ns == WT_NS_CATEGORY &&
		    !t.interwiki[0])
			wt_out_category(cx, t.dbkey, cx->defaultsort ? cx->defaultsort : "");
	}
	struct str body = str_c(wrapped);
	if (parse)
		body = wt_recursive_tag_parse(cx, NULL, body);
	const char *lang = cx->opt.user_lang ? cx->opt.user_lang : "en";
	struct wt_buf b;
	wt_buf_init(&b, cx->a, body.len + 128);
	wt_buf_adds(&b, "<span class=\"");
	wt_buf_adds(&b, type);
	wt_buf_adds(&b, " mw-ext-cite-");
	wt_buf_adds(&b, type);
	if (is_warning) {
		wt_buf_adds(&b, " mw-ext-cite-warning-");
		struct str cls = wt_san_escape_class(cx->a, str_c(id));
		wt_buf_add_html(&b, cls.p, cls.len);
	}
	wt_buf_adds(&b, "\" lang=\"");
	wt_buf_add_html(&b, lang, strlen(lang));
	wt_buf_adds(&b, "\" dir=\"");
	wt_buf_adds(&b, wt_language_is_rtl(str_c(lang)) ? "rtl" : "ltr");
	wt_buf_adds(&b, "\">");
	wt_buf_addstr(&b, body);
	wt_buf_adds(&b, "</span>");
	return b.p;
}

#define HALF_PARSED(cx, key, ...) report((cx), true, (key), (const char *const[]){ __VA_ARGS__ }, \
					 sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
#define PLAIN(cx, key, ...) report((cx), false, (key), (const char *const[]){ __VA_ARGS__ }, \
				   sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

/*
 * Sanitizer::safeEncodeAttribute as a C string in the arena. Keys and
 * labels are mostly ASCII letters, digits, spaces, '-', '.' and '_': the
 * encoder leaves all of those but '_' (written "&#95;") and the magic
 * link words, so such a string is written here directly.
 */
static const char *safe_attr(struct wt_ctx *cx, const char *s)
{
	size_t n = 0, unders = 0;
	for (; s[n]; n++) {
		char c = s[n];
		if (c == '_')
			unders++;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
			   c == '-' || c == '.'))
			break;
	}
	if (!s[n] && !strstr(s, "ISBN") && !strstr(s, "RFC") && !strstr(s, "PMID")) {
		if (!unders)
			return s;
		char *r = arena_alloc(cx->a, n + 4 * unders + 1), *o = r;
		for (const char *p = s; *p; p++) {
			if (*p == '_') {
				memcpy(o, "&#95;", 5);
				o += 5;
			} else {
				*o++ = *p;
			}
		}
		*o = '\0';
		return r;
	}
	struct sbuf sb;
	sbuf_init(&sb, WT_BUF_MAX);
	wt_san_safe_encode_value(&sb, str_c(s), wt_site_protocols(cx));
	const char *r = arena_strndup(cx->a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return r;
}

/* ---------- Anchors ---------- */

/* AnchorFormatter::normalizeKey: escapeIdForLink, runs of '_' as one, safeEncodeAttribute (normalize_key() remembers it). */
static const char *normalize_key_uncached(struct wt_ctx *cx, const char *key)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, strlen(key) + 16);
	wt_anchor_encode(cx, &b, key, strlen(key), true);
	char *s = b.p ? b.p : arena_strdup(cx->a, "");
	size_t n = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '_' && n > 0 && s[n - 1] == '_')
			continue;
		s[n++] = s[i];
	}
	s[n] = '\0';
	return safe_attr(cx, s);
}

/* normalize_key()'s answers in this parse: the list asks again for the keys its refs asked for. */
struct key_memo {
	struct key_entry {
		const char *in;          /* the key as given */
		const char *out;         /* its normal form */
		struct key_entry *next;  /* next in the bucket */
	} *bucket[64];                   /* chains by a hash of `in` */
};

static const char *normalize_key(struct wt_ctx *cx, const char *key)
{
	struct key_memo **memo = (struct key_memo **)wt_slot(cx, "cite:keys");
	if (!*memo)
		*memo = arena_calloc(cx->a, 1, sizeof(**memo));
	uint32_t h = 2166136261u;
	for (const char *c = key; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	struct key_entry **head = &(*memo)->bucket[h % ARRAY_SIZE((*memo)->bucket)];
	for (struct key_entry *e = *head; e; e = e->next)
		if (strcmp(e->in, key) == 0)
			return e->out;
	struct key_entry *e = arena_alloc(cx->a, sizeof(*e));
	e->in = key;
	e->out = normalize_key_uncached(cx, key);
	e->next = *head;
	*head = e;
	return e->out;
}

/* a, b and c joined, in the parse's arena (no printf: two per footnote). */
static char *cat3(struct wt_ctx *cx, const char *a, const char *b, const char *c)
{
	size_t al = strlen(a), bl = strlen(b), cl = strlen(c);
	char *r = arena_alloc(cx->a, al + bl + cl + 1);
	memcpy(r, a, al);
	memcpy(r + al, b, bl);
	memcpy(r + al + bl, c, cl + 1);
	return r;
}

/*
 * `a` (NULL: nothing) and `asep` (0: nothing), then `x` in decimal, then
 * `sep` and `y` in decimal unless sep is 0: the keys and labels footnotes
 * and lists make ("12", "name-12", "12-3"), in the arena, without printf.
 */
static char *num_key(struct wt_ctx *cx, const char *a, char asep, long long x, char sep, long long y)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, (a ? strlen(a) : 0) + 2 * UTIL_LL_CHARS);
	if (a)
		wt_buf_adds(&b, a);
	if (asep)
		wt_buf_addc(&b, asep);
	wt_buf_addll(&b, x);
	if (sep) {
		wt_buf_addc(&b, sep);
		wt_buf_addll(&b, y);
	}
	return b.p;
}

/* AnchorFormatter::refKey: "cite_ref-" key (with "_num" when given). */
static const char *ref_key(struct wt_ctx *cx, const char *key, const char *num)
{
	if (num)
		key = MSG(cx, "cite_reference_link_key_with_num", key, num);
	return normalize_key(cx, cat3(cx, msg_text(cx, "cite_reference_link_prefix"), key,
				      msg_text(cx, "cite_reference_link_suffix")));
}

/* AnchorFormatter::getReferencesKey: "cite_note-" key. */
static const char *references_key(struct wt_ctx *cx, const char *key)
{
	return normalize_key(cx, cat3(cx, msg_text(cx, "cite_references_link_prefix"), key,
				      msg_text(cx, "cite_references_link_suffix")));
}

/* ---------- <ref> ---------- */

/* PHP's ctype_digit(): non-empty and all ASCII digits. */
static bool is_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* PHP truthiness of an attribute value: set, not "" and not "0". */
static bool truthy(const char *s)
{
	return s && *s && strcmp(s, "0") != 0;
}

/* PCRE's \s: the ASCII whitespace preg_split('/\s+/') splits on. */
static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* PCRE's \w without the u flag: ASCII letters, digits and '_'. */
static bool is_word_byte(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* trim() of PHP is blank. */
static bool is_blank_text(const char *s)
{
	return !s || wt_trim(str_c(s)).len == 0;
}

/*
 * Does the ref's text contain an unclosed <ref> or <references>?
 * MediaWiki first drops complete elements (<x …>…</x>, shortest match)
 * and comments, then looks for an opening tag in what is left.
 */
static bool has_included_ref(struct wt_ctx *cx, const char *text)
{
	size_t len = strlen(text);
	struct wt_buf b;
	wt_buf_init(&b, cx->a, len + 1);
	for (size_t i = 0; i < len;) {
		if (text[i] == '<' && len - i >= 4 && !strncmp(text + i, "<!--", 4)) {
			const char *e = strstr(text + i + 4, "-->");
			if (e) {
				i = (size_t)(e - text) + 3;
				continue;
			}
		}
		if (text[i] == '<') {
			/* <(\w++)[^>]*+>.*?</\1\s*> (\w is ASCII: the pattern has no u flag) */
			size_t ns = i + 1, ne = ns;
			while (ne < len && is_word_byte(text[ne]))
				ne++;
			const char *gt = ne > ns ? strchr(text + ne, '>') : NULL;
			if (gt) {
				size_t nl = ne - ns;
				const char *close = NULL;
				for (const char *p = gt + 1; (p = strstr(p, "</")) != NULL; p++) {
					if (!strncmp(p + 2, text + ns, nl)) {
						const char *q = p + 2 + nl;
						while (is_space(*q))
							q++;
						if (*q == '>') {
							close = q;
							break;
						}
					}
				}
				if (close) {
					i = (size_t)(close - text) + 1;
					continue;
				}
			}
		}
		wt_buf_addc(&b, text[i]);
		i++;
	}
	/* <ref(erences)?\b[^>]*+> , any case */
	const char *s = b.p ? b.p : "";
	for (const char *p = s; (p = strchr(p, '<')) != NULL; p++) {
		if (strncasecmp(p + 1, "ref", 3) != 0)
			continue;
		const char *q = p + 4;
		if (!strncasecmp(q, "erences", 7))
			q += 7;
		if (is_word_byte(*q))
			continue; /* no word boundary */
		if (strchr(q, '>'))
			return true;
	}
	return false;
}

/* The value of attribute `name` as a C string, or NULL when it was not given. */
static const char *attr_get(struct wt_ctx *cx, const struct wt_attrs *a, const char *name)
{
	const struct str *v = wt_attrs_get(a, name);
	return v ? arena_strndup(cx->a, v->p, v->len) : NULL;
}

/* parseArguments(): true when every attribute is one of `allowed` (NULL-terminated). */
static bool only_allowed(const struct wt_attrs *a, const char *const *allowed)
{
	for (size_t i = 0; i < a->n; i++) {
		bool ok = false;
		for (const char *const *k = allowed; *k && !ok; k++)
			ok = str_eq(a->v[i].name, *k);
		if (!ok)
			return false;
	}
	return true;
}

/* An error found while checking a ref: its message key and parameters. */
struct cite_err {
	const char *key;       /* NULL: no error */
	const char *params[2]; /* parameters */
	size_t n;              /* how many */
};

static void set_err(struct cite_err *e, const char *key, const char *p1, const char *p2)
{
	if (e->key)
		return; /* the first error is the one reported */
	e->key = key;
	e->params[0] = p1;
	e->params[1] = p2;
	e->n = p2 ? 2 : p1 ? 1 : 0;
}

/* Cite::validateRef (extends is refused: book referencing is off, as in MediaWiki's default). */
static void validate_ref(struct wt_ctx *cx, struct cite *c, const char *text, const char *group, const char *name,
			 const char *extends, const char *follow, const char *dir, struct cite_err *err)
{
	if (is_digits(name) || is_digits(extends) || is_digits(follow)) {
		set_err(err, "cite_error_ref_numeric_key", NULL, NULL);
		return;
	}
	if (truthy(extends)) {
		set_err(err, "cite_error_ref_too_many_keys", NULL, NULL);
		return;
	}
	if (truthy(follow) && (truthy(name) || truthy(extends))) {
		set_err(err, "cite_error_ref_too_many_keys", NULL, NULL);
		return;
	}
	if (dir && strcasecmp(dir, "ltr") != 0 && strcasecmp(dir, "rtl") != 0) {
		set_err(err, "cite_error_ref_invalid_dir", dir, NULL);
		return;
	}
	if (!c->in_group) {
		if (!truthy(name)) {
			if (!text) {
				set_err(err, "cite_error_ref_no_key", NULL, NULL);
				return;
			}
			if (is_blank_text(text)) {
				set_err(err, "cite_error_ref_no_input", NULL, NULL);
				return;
			}
		}
		if (text && has_included_ref(cx, text))
			set_err(err, "cite_error_included_ref", NULL, NULL);
		return;
	}
	if (strcmp(group, c->in_group) != 0) {
		set_err(err, "cite_error_references_group_mismatch", safe_attr(cx, group), NULL);
		return;
	}
	if (!truthy(name)) {
		set_err(err, "cite_error_references_no_key", NULL, NULL);
		return;
	}
	if (is_blank_text(text)) {
		set_err(err, "cite_error_empty_references_define", safe_attr(cx, name), safe_attr(cx, group));
		return;
	}
	if (!cx->opt.is_section_preview) {
		if (!group_has(c, group)) {
			set_err(err, "cite_error_references_missing_group", safe_attr(cx, group), safe_attr(cx, name));
			return;
		}
		if (!group_find(group_get(c, group), name))
			set_err(err, "cite_error_references_missing_key", safe_attr(cx, name), NULL);
	}
}

/* Leading-and-trailing-whitespace-insensitive? No: MediaWiki compares the unstripped texts exactly. */
static bool same_text(struct wt_ctx *cx, const char *a, const char *b)
{
	struct str x = wt_unstrip_both(cx, str_c(a)), y = wt_unstrip_both(cx, str_c(b));
	return x.len == y.len && memcmp(x.p, y.p, x.len) == 0;
}

/* ReferenceStack::pushRef: record a ref; NULL for a follow="…" ref (which gets no mark). */
static struct cite_ref *push_ref(struct wt_ctx *cx, struct cite *c, const char *text, const struct wt_attrs *argv,
				 const char *group, const char *name, const char *follow, const char *dir)
{
	struct cite_group *g = group_make(cx, c, group);
	struct cite_ref *ref = arena_calloc(cx->a, 1, sizeof(*ref));
	ref->count = truthy(name) ? 0 : -1;
	ref->dir = dir;
	ref->key = ++c->ref_seq;
	ref->name = name;
	ref->text = text;
	struct cite_call call = { true, CA_NEW, ref->key, group, name, text, *argv };
	if (truthy(follow)) {
		if (!group_find(g, follow)) {
			ref->follow = follow;
			group_add(cx, g, NULL, ref);
			push_call(cx, c, call);
		} else if (text) {
			append_text(cx, c, group, follow, wt_aprintf(cx->a, " %s", text));
			c->ref_seq--;
		}
		return NULL;
	}
	struct cite_entry *e = truthy(name) ? group_find(g, name) : NULL;
	if (!truthy(name)) {
		group_add(cx, g, NULL, ref);
	} else if (!e) {
		group_add(cx, g, name, ref);
	} else {
		ref = e->ref;
		ref->count++;
		c->ref_seq--;
		if (!ref->text && text) {
			ref->text = text;
			ref->dir = dir;
			call.action = CA_ASSIGN;
		} else {
			if (text && !same_text(cx, text, ref->text))
				ref->text = wt_aprintf(cx->a, "%s %s", ref->text,
							 PLAIN(cx, "cite_error_references_duplicate_key", name));
			call.action = CA_INCREMENT;
		}
	}
	if (!ref->number)
		ref->number = ++g->ref_seq;
	call.key = ref->key;
	push_call(cx, c, call);
	return ref;
}

/* ReferenceStack::rollbackRef: undo one recorded push. */
static void rollback_ref(struct wt_ctx *cx, struct cite *c, const struct cite_call *call)
{
	struct cite_group *g = group_get(c, call->group);
	if (!g || g->live == 0)
		return; /* MediaWiki throws ("unknown group"): nothing sensible to undo */
	struct cite_entry *e = NULL;
	if (truthy(call->name)) {
		e = group_find(g, call->name);
	} else {
		for (size_t i = 0; i < g->n && !e; i++)
			if (!g->e[i].is_removed && g->e[i].ref->key == call->key)
				e = &g->e[i];
	}
	if (!e || e->ref->key != call->key)
		return; /* MediaWiki throws (a corrupt stack): nothing sensible to undo */
	switch (call->action) {
	case CA_NEW:
		e->is_removed = true;
		g->live--;
		if (g->live == 0)
			group_pop(c, call->group);
		else
			g->ref_seq--;
		break;
	case CA_ASSIGN:
		e->ref->text = NULL;
		e->ref->count--;
		break;
	default:
		e->ref->count--;
		break;
	}
}


/*
 * Word `n` (1-based) of `t` split at runs of whitespace, as
 * preg_split('/\s+/') splits (a leading run gives an empty first word);
 * NULL when there are fewer words.
 */
static const char *nth_word(struct wt_ctx *cx, const char *t, long n)
{
	long k = 0;
	for (const char *p = t;;) {
		const char *e = p;
		while (*e && !is_space(*e))
			e++;
		if (++k == n)
			return arena_strndup(cx->a, p, (size_t)(e - p));
		if (!*e)
			return NULL;
		while (*e && is_space(*e))
			e++;
		p = e;
	}
}

/* FootnoteMarkFormatter::getLinkLabel: a custom label of the group, or NULL. */
/* The label messages of the groups already asked for in this parse (every ref asks for its group's). */
struct label_memo {
	const char *group[8]; /* group names */
	const char *key[8];   /* their message keys */
	const char *text[8];  /* the message, NULL when the wiki has none */
	size_t n;             /* entries used */
};

static const char *link_label(struct wt_ctx *cx, const char *group, int number)
{
	struct label_memo **memo = (struct label_memo **)wt_slot(cx, "cite:labels");
	if (!*memo)
		*memo = arena_calloc(cx->a, 1, sizeof(**memo));
	struct label_memo *lm = *memo;
	size_t k = 0;
	while (k < lm->n && strcmp(lm->group[k], group) != 0)
		k++;
	const char *key, *t;
	if (k < lm->n) {
		key = lm->key[k];
		t = lm->text[k];
	} else {
		key = wt_aprintf(cx->a, "cite_link_label_group-%s", group);
		t = cx->host->message ? cx->host->message(cx->host->data, cx->a, key, cx->site->lang) : NULL;
		if (lm->n < ARRAY_SIZE(lm->group)) {
			lm->group[lm->n] = group;
			lm->key[lm->n] = key;
			lm->text[lm->n++] = t;
		}
	}
	if (!t || !*t || !strcmp(t, "-"))
		return NULL;
	const char *w = nth_word(cx, message_fixups(cx, t), number);
	return w ? w : PLAIN(cx, "cite_error_no_link_label_group", group, key);
}

/*
 * An anchor key as normalize_key() writes it that parses as itself: ASCII
 * letters, digits, '-' and '.', and '_' written "&#95;". Sets *plain_len
 * (when not NULL) to its length with each "&#95;" counted as one '_'.
 */
static bool quick_key(const char *s, size_t *plain_len)
{
	size_t n = 0;
	if (!*s)
		return false;
	while (*s) {
		char c = *s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.') {
			s++;
		} else if (strncmp(s, "&#95;", 5) == 0) {
			s += 5;
		} else {
			return false;
		}
		n++;
	}
	if (plain_len)
		*plain_len = n;
	return true;
}

/* A footnote label that parses as itself: lower-case ASCII letters and digits, single spaces between words. */
static bool quick_label(const char *s)
{
	if (!*s || *s == ' ')
		return false;
	for (; *s; s++) {
		char c = *s;
		if (c == ' ' && (s[1] == ' ' || s[1] == '\0'))
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '))
			return false;
	}
	return true;
}

/* The footnote mark message as this file defines it (what the quick path below writes). */
static const char default_reference_link[] = "<sup id=\"$1\" class=\"reference\">[[#$2|&#91;$3&#93;]]</sup>";

/*
 * The footnote mark without a recursive parse, for the common case: the
 * wiki keeps the default message and the keys and label are plain
 * (quick_key(), quick_label()). The parse of that text is known: the
 * <sup> keeps its attributes as written, the fragment link [[#note|...]]
 * becomes <a href="#note"> with the key's "&#95;" decoded, and the
 * label stays; it visits two nodes (the text and the <sup>'s attribute
 * text, each as the plain-text path of wt_replace_variables() counts it)
 * and records nothing. {NULL, 0} when the case does not apply.
 */
static struct str quick_link_ref(struct wt_ctx *cx, const char *id, const char *note, const char *label)
{
	const char *m = msg_text(cx, "cite_reference_link");
	size_t note_len;
	if (!m || strcmp(m, default_reference_link) != 0 || !quick_key(id, NULL) || !quick_key(note, &note_len) ||
	    !quick_label(label) || !cx->tree0 || cx->pp_node_count + 1 >= cx->opt.limits.max_pp_node_count ||
	    cx->expansion_depth > cx->opt.limits.max_pp_expand_depth)
		return (struct str){ NULL, 0 };
	cx->pp_node_count += 2;
	if (cx->expansion_depth + 1 > cx->highest_expansion_depth)
		cx->highest_expansion_depth = cx->expansion_depth + 1;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, strlen(id) + note_len + strlen(label) + 80);
	wt_buf_adds(&b, "<sup id=\"");
	wt_buf_adds(&b, id);
	wt_buf_adds(&b, "\" class=\"reference\"><a href=\"#");
	for (const char *s = note; *s;) {
		if (*s == '&') {
			wt_buf_addc(&b, '_');
			s += 5;
		} else {
			wt_buf_addc(&b, *s++);
		}
	}
	wt_buf_adds(&b, "\">&#91;");
	wt_buf_adds(&b, label);
	wt_buf_adds(&b, "&#93;</a></sup>");
	return wt_buf_str(&b);
}

/* FootnoteMarkFormatter::linkRef: the footnote mark, parsed. */
static struct str link_ref(struct wt_ctx *cx, const char *group, const struct cite_ref *ref)
{
	const char *label = link_label(cx, group, ref->number);
	if (!label) {
		label = num_key(cx, NULL, 0, ref->number, 0, 0);
		if (*group)
			label = wt_aprintf(cx->a, "%s %s", group, label);
	}
	const char *key = ref->name ? ref->name : num_key(cx, NULL, 0, ref->key, 0, 0);
	const char *count = truthy(ref->name) ? num_key(cx, NULL, 0, ref->key, '-', ref->count) : NULL;
	const char *id = ref_key(cx, key, count);
	const char *note = references_key(cx, truthy(ref->name) ? num_key(cx, key, '-', ref->key, 0, 0) : key);
	const char *lab = safe_attr(cx, label);
	struct str fast = quick_link_ref(cx, id, note, lab);
	if (fast.p)
		return fast;
	return wt_recursive_tag_parse(cx, NULL, str_c(MSG(cx, "cite_reference_link", id, note, lab)));
}

/* Cite::guardedRef: the output of one <ref>. */
static const char *guarded_ref(struct wt_ctx *cx, struct cite *c, const char *text, const struct wt_attrs *argv)
{
	if (wt_attrs_get(argv, "extends"))
		wt_out_prop(cx, "ref-extends", "");
	static const char *const allowed[] = { "group", "name", "extends", "follow", "dir", NULL };
	struct cite_err err = { 0 };
	if (!only_allowed(argv, allowed))
		set_err(&err, "cite_error_ref_too_many_keys", NULL, NULL);
	const char *group = attr_get(cx, argv, "group");
	const char *name = attr_get(cx, argv, "name");
	const char *extends = attr_get(cx, argv, "extends");
	const char *follow = attr_get(cx, argv, "follow");
	const char *dir = attr_get(cx, argv, "dir");
	if (!group)
		group = c->in_group ? c->in_group : "";
	/* Both checks run; MediaWiki keeps every error, and inside <references> reports them all. */
	struct cite_err err2 = { 0 };
	validate_ref(cx, c, text, group, name, extends, follow, dir, &err2);
	if (c->in_group && (err.key || err2.key)) {
		const struct cite_err *list[2] = { &err, &err2 };
		for (int k = 0; k < 2; k++) {
			if (!list[k]->key)
				continue;
			c->errors = arena_grow(cx->a, c->errors, c->n_errors, &c->cap_errors, sizeof(*c->errors));
			c->errors[c->n_errors++] = report(cx, true, list[k]->key, list[k]->params, list[k]->n);
		}
		return "";
	}
	if (text && is_blank_text(text))
		text = NULL;
	if (c->in_group) {
		if (!text)
			return "";
		struct cite_entry *e = group_find(group_get(c, group), name);
		if (!e || !e->ref->text)
			append_text(cx, c, group, name, text);
		else if (strcmp(e->ref->text, text) != 0)
			append_text(cx, c, group, name,
				    wt_aprintf(cx->a, " %s", PLAIN(cx, "cite_error_references_duplicate_key", name)));
		return "";
	}
	if (err.key || err2.key) {
		const struct cite_err *e = err.key ? &err : &err2;
		push_call(cx, c, (struct cite_call){ .is_valid = false });
		return report(cx, true, e->key, e->params, e->n);
	}
	struct cite_ref *ref = push_ref(cx, c, text, argv, group, name, follow, dir);
	if (!ref)
		return "";
	return link_ref(cx, group, ref).p;
}

int wt_tag_ref(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_tag_call *call, struct wt_result *res)
{
	struct cite *c = cite_get(cx);
	const char *text = call->content.p ? arena_strndup(cx->a, call->content.p, call->content.len) : NULL;
	if (c->in_cite) {
		struct wt_buf b;
		wt_buf_init(&b, cx->a, 64);
		const char *lit = wt_aprintf(cx->a, "<ref>%s</ref>", text ? text : "");
		wt_buf_add_html(&b, lit, strlen(lit));
		res->text = wt_buf_str(&b);
		return RC_OK;
	}
	c->in_cite = true;
	const char *out = guarded_ref(cx, c, text, &call->attrs);
	c->in_cite = false;
	if (c->modules_out != cx->out) {
		/* Once per output: adding them again would change nothing. */
		wt_out_module(cx, "ext.cite.ux-enhancements");
		wt_out_module_style(cx, "ext.cite.styles");
		c->modules_out = cx->out;
	}
	wt_frame_set_volatile(frame);
	res->text = str_c(out);
	return RC_OK;
}

/* ---------- <references> ---------- */

/* One entry of a list being formatted, with its key as MediaWiki's array has it. */
struct list_item {
	const char *key;       /* the array key as text: the name, or the automatic integer */
	struct cite_ref *ref;  /* the ref */
	size_t pos;            /* position in the group (uasort is stable) */
};

static int cmp_item(const void *x, const void *y)
{
	const struct list_item *a = x, *b = y;
	if (a->ref->number != b->ref->number)
		return a->ref->number < b->ref->number ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* ReferencesFormatter::referenceText. */
static const char *reference_text(struct wt_ctx *cx, const char *key, const char *text)
{
	if (!text)
		return PLAIN(cx, cx->opt.is_section_preview ? "cite_warning_sectionpreview_no_text"
							    : "cite_error_references_no_text",
			     key);
	struct str t = str_c(text);
	while (t.len && t.p[t.len - 1] == '\n')
		t.len--;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + 40);
	wt_buf_adds(&b, "<span class=\"reference-text\">");
	wt_buf_addstr(&b, t);
	wt_buf_adds(&b, "</span>\n");
	return b.p;
}

/*
 * The back-link label of use `i` of `count`: "2.0", "2.1" … (zero-padded
 * to the width of count), with the content language's separator and
 * digits ("2,0" in German).
 */
static const char *numeric_backlink(struct wt_ctx *cx, int number, int i, int count)
{
	char digits[UTIL_LL_CHARS];
	int width = (int)util_format_ll(count, digits);
	const char *label = wt_aprintf(cx->a, "%d.%0*d", number, width, i);
	int row = wt_lang_index(cx->site);
	if (row < 0)
		return label;
	struct sbuf b;
	sbuf_init(&b, 64);
	wt_lang_localize_num(&b, str_c(label), row, true);
	const char *out = arena_strndup(cx->a, b.p, b.len);
	sbuf_release(&b);
	return out;
}

/* The default back-link labels a … z, aa … zz. */
#define BACKLINK_LABELS (26 + 26 * 26)

/*
 * The alternate label of use `i` (a, b, … zz, or the wiki's own list);
 * past the last one MediaWiki's error text (which also adds the tracking
 * category, even when the format does not show the label).
 */
static const char *alternate_backlink(struct wt_ctx *cx, int i)
{
	const char *key = "cite_references_link_many_format_backlink_labels";
	const char *own = cx->host->message ? cx->host->message(cx->host->data, cx->a, key, cx->site->lang) : NULL;
	const char *w = NULL;
	if (own)
		w = nth_word(cx, message_fixups(cx, own), i + 1);
	else if (i < 26)
		w = arena_strndup(cx->a, &"abcdefghijklmnopqrstuvwxyz"[i], 1);
	else if (i < BACKLINK_LABELS)
		w = wt_aprintf(cx->a, "%c%c", 'a' + (i - 26) / 26, 'a' + (i - 26) % 26);
	return w ? w : PLAIN(cx, "cite_error_references_no_backlink_label", NULL);
}

/* ReferencesFormatter::formatListItem. */
static const char *list_item(struct wt_ctx *cx, const struct list_item *it)
{
	const struct cite_ref *r = it->ref;
	const char *text = reference_text(cx, it->key, r->text);
	const char *extra = "";
	if (r->dir) {
		struct wt_buf b;
		wt_buf_init(&b, cx->a, 32);
		char *d = arena_strdup(cx->a, r->dir);
		for (char *p = d; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		wt_html_attr(&b, STR_LIT("class"), str_c(wt_aprintf(cx->a, "mw-cite-dir-%s", d)));
		extra = b.p;
	}
	if (r->follow)
		return MSG(cx, "cite_references_no_link", references_key(cx, r->follow), text);
	if (r->count < 1) {
		const char *id, *backlink;
		if (r->count < 0) {
			id = num_key(cx, NULL, 0, r->key, 0, 0);
			backlink = ref_key(cx, id, NULL);
		} else {
			id = num_key(cx, it->key, '-', r->key, 0, 0);
			backlink = ref_key(cx, it->key, num_key(cx, NULL, 0, r->key, '-', r->count));
		}
		return MSG(cx, "cite_references_link_one", references_key(cx, id), backlink, text, extra);
	}
	struct wt_buf links;
	wt_buf_init(&links, cx->a, 64 * (size_t)(r->count + 1));
	const char *sep = msg_text(cx, "cite_references_link_many_sep");
	const char *and = msg_text(cx, "cite_references_link_many_and");
	for (int i = 0; i <= r->count; i++) {
		const char *one = MSG(cx, "cite_references_link_many_format",
				      ref_key(cx, it->key, num_key(cx, NULL, 0, r->key, '-', i)),
				      numeric_backlink(cx, r->number, i, r->count), alternate_backlink(cx, i));
		if (i > 0)
			wt_buf_adds(&links, i == r->count ? (and ? and : "") : (sep ? sep : ""));
		wt_buf_adds(&links, one);
	}
	return MSG(cx, "cite_references_link_many", references_key(cx, num_key(cx, it->key, '-', r->key, 0, 0)),
		   links.p, text, extra);
}

/* ReferencesFormatter::formatReferences: the list of a popped group as half-parsed HTML ("" when empty). */
static const char *format_references(struct wt_ctx *cx, struct cite_group *g, bool responsive)
{
	if (!g || g->live == 0)
		return "";
	size_t n = 0;
	struct list_item *items = arena_alloc(cx->a, g->live * sizeof(*items));
	for (size_t i = 0; i < g->n; i++) {
		if (g->e[i].is_removed)
			continue;
		const char *key = g->e[i].name ? g->e[i].name : num_key(cx, NULL, 0, g->e[i].index, 0, 0);
		items[n] = (struct list_item){ key, g->e[i].ref, i };
		n++;
	}
	qsort(items, n, sizeof(*items), cmp_item);
	struct wt_buf w;
	wt_buf_init(&w, cx->a, 256 * n);
	wt_buf_adds(&w, "<ol class=\"references\">\n");
	for (size_t i = 0; i < n; i++) {
		wt_buf_adds(&w, list_item(cx, &items[i]));
		wt_buf_addc(&w, '\n');
	}
	wt_buf_adds(&w, "</ol>");
	struct str html = wt_recursive_tag_parse(cx, NULL, wt_buf_str(&w));
	while (html.len && html.p[html.len - 1] == '\n')
		html.len--;
	if (!responsive)
		return arena_strndup(cx->a, html.p, html.len);
	/* More than ten references get columns. */
	return wt_aprintf(cx->a, "<div class=\"mw-references-wrap%s\">%.*s</div>", n > 10 ? " mw-references-columns" : "",
			    (int)html.len, html.p);
}

/* Count the strip markers of tag `name` in `text` (MARKER_PREFIX "-name-"). */
static size_t count_markers(struct wt_ctx *cx, struct str text, const char *name)
{
	const char *needle = wt_aprintf(cx->a, "%s-%s-", WT_MARKER_PREFIX, name);
	size_t nl = strlen(needle), n = 0;
	for (const char *p = text.p, *end = text.p + text.len; p < end;) {
		const char *f = util_memmem(p, (size_t)(end - p), needle, nl);
		if (!f)
			break;
		n++;
		p = f + nl;
	}
	return n;
}

/* Cite::guardedReferences: the output of one <references>. */
static const char *guarded_references(struct wt_ctx *cx, struct cite *c, const char *text, const struct wt_attrs *argv)
{
	static const char *const allowed[] = { "group", "responsive", NULL };
	bool args_ok = only_allowed(argv, allowed);
	const char *group = attr_get(cx, argv, "group");
	const char *responsive = attr_get(cx, argv, "responsive");
	c->in_group = group ? group : "";
	if (text && !is_blank_text(text)) {
		struct str t = str_c(text);
		if (count_markers(cx, t, "references"))
			return HALF_PARSED(cx, "cite_error_included_references", NULL);
		/*
		 * Refs already made from this text (via {{#tag:references}}) are
		 * undone and redone as definitions of the list.
		 */
		size_t count = count_markers(cx, t, "ref");
		size_t n_redo = 0;
		struct cite_call *redo = arena_alloc(cx->a, (count + 1) * sizeof(*redo));
		while (count-- > 0 && c->n_calls > 0) {
			struct cite_call call = c->calls[--c->n_calls];
			if (!call.is_valid)
				continue;
			rollback_ref(cx, c, &call);
			redo[n_redo++] = call;
		}
		c->n_calls = 0;
		for (size_t i = n_redo; i-- > 0;)
			guarded_ref(cx, c, redo[i].text, &redo[i].argv);
		wt_recursive_tag_parse(cx, NULL, t);
	}
	if (!args_ok)
		return HALF_PARSED(cx, "cite_error_references_invalid_parameters", NULL);
	bool resp = responsive ? strcmp(responsive, "0") != 0 : true;
	const char *s = format_references(cx, group_pop(c, c->in_group), resp);
	if (c->n_errors) {
		struct wt_buf b;
		wt_buf_init(&b, cx->a, 256);
		wt_buf_adds(&b, s);
		wt_buf_addc(&b, '\n');
		for (size_t i = 0; i < c->n_errors; i++) {
			if (i)
				wt_buf_adds(&b, "<br />\n");
			wt_buf_adds(&b, c->errors[i]);
		}
		c->n_errors = 0;
		s = b.p;
	}
	return s;
}

int wt_tag_references(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_tag_call *call,
		      struct wt_result *res)
{
	struct cite *c = cite_get(cx);
	const char *text = call->content.p ? arena_strndup(cx->a, call->content.p, call->content.len) : NULL;
	if (c->in_cite || c->in_group) {
		const char *lit = text ? wt_aprintf(cx->a, "<references>%s</references>", text) : "<references/>";
		struct wt_buf b;
		wt_buf_init(&b, cx->a, 64);
		wt_buf_add_html(&b, lit, strlen(lit));
		res->text = wt_buf_str(&b);
		return RC_OK;
	}
	const char *out = guarded_references(cx, c, text, &call->attrs);
	c->in_group = NULL;
	wt_frame_set_volatile(frame);
	res->text = str_c(out);
	return RC_OK;
}

/*
 * ParserAfterParse: the refs no <references> listed. The default group
 * gets its list at the end of the page; other groups an error each
 * (in a section preview every group gets a list, under a heading).
 */
int wt_cite_after_parse(struct wt_ctx *cx, struct str *text)
{
	void **slot = wt_slot(cx, "cite");
	struct cite *c = *slot;
	if (!c)
		return RC_OK;
	bool preview = cx->opt.is_section_preview;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, 256);
	/* The groups as they stand now; lists made below may create new ones, which MediaWiki ignores. */
	size_t n = 0;
	for (struct cite_group *g = c->groups; g; g = g->next)
		n++;
	const char **names = arena_alloc(cx->a, (n + 1) * sizeof(*names));
	n = 0;
	for (struct cite_group *g = c->groups; g; g = g->next)
		if (g->live > 0)
			names[n++] = g->name;
	for (size_t i = 0; i < n; i++) {
		if (!*names[i] || preview) {
			wt_buf_adds(&b, format_references(cx, group_pop(c, names[i]), true));
		} else {
			wt_buf_adds(&b, "<br />");
			wt_buf_adds(&b, HALF_PARSED(cx, "cite_error_group_refs_without_references", safe_attr(cx, names[i])));
		}
	}
	if (b.len == 0)
		return RC_OK;
	struct str s = wt_buf_str(&b);
	if (preview) {
		struct wt_buf h;
		wt_buf_init(&h, cx->a, s.len + 256);
		wt_buf_adds(&h, "<div class=\"mw-ext-cite-cite_section_preview_references\">");
		const char *head = msg_text(cx, "cite_section_preview_references");
		if (head && *head && strcmp(head, "-") != 0) {
			wt_buf_adds(&h, "<h2 id=\"mw-ext-cite-cite_section_preview_references_header\">");
			wt_buf_add_html(&h, head, strlen(head));
			wt_buf_adds(&h, "</h2>");
		}
		wt_buf_addstr(&h, s);
		wt_buf_adds(&h, "</div>");
		s = wt_buf_str(&h);
	}
	*text = str_c(wt_aprintf(cx->a, "%.*s\n%.*s", (int)text->len, text->p, (int)s.len, s.p));
	return RC_OK;
}
