/* SPDX-License-Identifier: MIT */
/*
 * wt_int.h — the parser's private core, shared by the files of
 * src/parser only: the parse context, growable buffers, the strip state,
 * the preprocessor's node tree and frames, and the registries of parser
 * functions, variables, behaviour switches, extension tags and hooks.
 *
 * The pipeline follows MediaWiki's legacy Parser (Parser.php):
 *   preprocess (preprocess.c: text -> node tree, Preprocessor_Hash)
 *   -> expand (expand.c: frames, templates, arguments, functions, tags;
 *      extension output becomes strip markers)
 *   -> internalParse passes on the expanded text (parse.c and one file
 *      per pass: sanitizer, tables, hr, switches, headings, internal
 *      links, quotes, external and magic links, heading finalization)
 *   -> internalParseHalfParsed (block levels, link colouring, unstrip,
 *      tidy) -> output.
 * Every pass is a linear scan from one buffer into a new one; nothing
 * backtracks over the whole text, so hostile input stays linear.
 *
 * Registries: a parser function, variable, switch, tag or hook is one
 * line in functions.def, tags.def or hooks.def plus its callback in the
 * adder's own file; nothing else changes.
 */
#ifndef WT_INT_H
#define WT_INT_H

#include <stdarg.h>
#include <stdint.h>

#include "../util/sbuf.h"
#include "sanitizer.h"
#include "wt.h"

struct wt_ctx;
struct wt_frame;
struct wt_node;

/* ------------------------------------------------------------------ */
/* Growable arena buffers                                              */
/* ------------------------------------------------------------------ */

/*
 * Largest buffer the parser builds, in bytes. MediaWiki caps the page
 * at 2 MiB and expansion at 2 MiB more; markup adds a few times that.
 * Past it appends are dropped and `is_toobig` is set (the parse then
 * returns RC_TOOBIG).
 */
#define WT_BUF_MAX ((size_t)256 << 20)

/* A byte buffer in the parse's arena: grows by doubling, NUL-terminated. */
struct wt_buf {
	struct arena *a; /* arena the bytes come from */
	char *p;         /* bytes (NUL-terminated once anything was added) */
	size_t len;      /* bytes used */
	size_t cap;      /* bytes allocated */
	bool is_toobig;  /* an append passed WT_BUF_MAX and was dropped */
};

/* Start an empty buffer expecting about `hint` bytes. */
void wt_buf_init(struct wt_buf *b, struct arena *a, size_t hint);

/* Make room for `n` more bytes; false when that would pass WT_BUF_MAX. */
bool wt_buf_grow(struct wt_buf *b, size_t n);

/* Append bytes. */
static inline void wt_buf_add(struct wt_buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap && !wt_buf_grow(b, n))
		return;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Append one byte. */
static inline void wt_buf_addc(struct wt_buf *b, char c)
{
	if (b->len + 2 > b->cap && !wt_buf_grow(b, 1))
		return;
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

/* Append a C string / a view. */
static inline void wt_buf_adds(struct wt_buf *b, const char *s)
{
	wt_buf_add(b, s, strlen(s));
}

static inline void wt_buf_addstr(struct wt_buf *b, struct str s)
{
	wt_buf_add(b, s.p, s.len);
}

/* Append `v` in decimal (no printf). */
static inline void wt_buf_addll(struct wt_buf *b, long long v)
{
	char d[UTIL_LL_CHARS];
	wt_buf_add(b, d, util_format_ll(v, d));
}

/*
 * Append printf-style text. The conversions the parser uses (%s, %.*s,
 * %c, %d, %i, %u, %x, %X with the 0 flag, a width or '*', and the l, ll
 * and z lengths) are formatted here; a format with anything else
 * goes to vsnprintf() whole. Same output as vsnprintf() either way.
 */
void wt_buf_addf(struct wt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wt_buf_vaddf(struct wt_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* arena_printf() through wt_buf_vaddf(): a NUL-terminated string in `a`. */
char *wt_aprintf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append `s` escaped for HTML text and attribute values (htmlspecialchars: & < > " '). */
void wt_buf_add_html(struct wt_buf *b, const char *s, size_t n);

/* The same with ENT_COMPAT: an apostrophe stays as it is (Linker's link texts). */
void wt_buf_add_html_compat(struct wt_buf *b, const char *s, size_t n);

/*
 * Html::expandAttributes for one attribute / a list: ` name="value"`
 * with & < > " ' and tab/newline/carriage return escaped, class/rel/
 * accesskey lists deduplicated, boolean attributes as name="".
 */
void wt_html_attr(struct wt_buf *b, struct str name, struct str value);
void wt_html_attrs(struct wt_buf *b, const struct wt_attrs *attrs);

/* The content as a view ("" when empty). */
static inline struct str wt_buf_str(const struct wt_buf *b)
{
	return (struct str){ b->p ? b->p : "", b->len };
}

/* ------------------------------------------------------------------ */
/* Strip state (StripState.php)                                        */
/* ------------------------------------------------------------------ */

/*
 * Strip markers stand for text the later passes must not touch: the
 * output of extension tags, <nowiki>, heading index markers. A marker is
 *   \x7f'"`UNIQ-<name>-<8 hex digits>-QINU`"'\x7f
 * (MediaWiki's Parser::MARKER_PREFIX / MARKER_SUFFIX); the hex digits
 * index the item in the strip state. "nowiki" items are restored late
 * (after block levels and link colouring); "general" items before tidy.
 */
#define WT_MARKER_PREFIX "\x7f'\"`UNIQ-"
#define WT_MARKER_SUFFIX "-QINU`\"'\x7f"
#define WT_MARKER_PREFIX_LEN 9
#define WT_MARKER_SUFFIX_LEN 9

/* Kinds of strip items. */
enum wt_strip_kind {
	WT_STRIP_GENERAL, /* restored before tidy (most extension output) */
	WT_STRIP_NOWIKI,  /* restored after link colouring (<nowiki>, <pre>) */
};

/* One stripped item. */
struct wt_strip_item {
	enum wt_strip_kind kind; /* which unstrip restores it */
	struct str text;         /* what the marker stands for */
};

/*
 * Unstrip limits (StripState defaults): markers inside restored text are
 * restored too, at most this deep, and at most this many bytes in all.
 */
#define WT_STRIP_DEPTH_LIMIT 20
#define WT_STRIP_SIZE_LIMIT 5000000

/* The strip state of one parse. */
struct wt_strip {
	struct wt_strip_item *items; /* by marker index */
	size_t n_items;              /* entries used */
	size_t cap;                  /* entries allocated */
	size_t expand_size;          /* bytes restored so far */
	int depth;                   /* current restore depth */
	int highest_depth;           /* deepest restore (limit report) */
};

/*
 * A new marker for `text` under `name` ("nowiki", "ref", ...): records
 * the item and returns the marker (in the arena).
 */
struct str wt_strip_add(struct wt_ctx *cx, enum wt_strip_kind kind, const char *name, struct str text);

/* wt_unstrip() of a text that holds a 0x7f byte. */
struct str wt_unstrip_markers(struct wt_ctx *cx, enum wt_strip_kind kind, struct str text);

/* `text` with markers of `kind` replaced by their items (recursively); most texts have none. */
static inline struct str wt_unstrip(struct wt_ctx *cx, enum wt_strip_kind kind, struct str text)
{
	return memchr(text.p, 0x7f, text.len) ? wt_unstrip_markers(cx, kind, text) : text;
}

/* Both kinds: general first, then nowiki (unstripBoth). */
struct str wt_unstrip_both(struct wt_ctx *cx, struct str text);

/* `text` without any marker (killMarkers). */
struct str wt_kill_markers(struct wt_ctx *cx, struct str text);

/*
 * Length of the strip marker at `p` (at most `n` bytes), or 0 when `p`
 * does not start one. `*index` gets the item index (-1 for heading
 * markers "-h-N-", whose number goes to `*index` negated minus one).
 */
size_t wt_marker_len(const char *p, size_t n, long *index);

/* ------------------------------------------------------------------ */
/* Preprocessor node tree (Preprocessor_Hash)                          */
/* ------------------------------------------------------------------ */

/* Node types; the names are those of MediaWiki's preprocessor XML. */
enum wt_ntype {
	WT_N_TEXT,       /* literal text (p, len) */
	WT_N_ROOT,       /* <root>: the whole document */
	WT_N_TEMPLATE,   /* <template>: {{title|parts}} */
	WT_N_TPLARG,     /* <tplarg>: {{{title|default}}} */
	WT_N_TITLE,      /* <title>: first part of a template or argument */
	WT_N_PART,       /* <part>: NAME [EQUALS] VALUE */
	WT_N_NAME,       /* <name>: argument name; n > 0 for a positional one */
	WT_N_VALUE,      /* <value>: argument value */
	WT_N_EQUALS,     /* <equals>: an '=' (p, len) */
	WT_N_COMMENT,    /* <comment>: the comment with its delimiters (p, len) */
	WT_N_IGNORE,     /* <ignore>: text ignored in this mode (p, len) */
	WT_N_EXT,        /* <ext>: extension tag, see ext */
	WT_N_H,          /* <h>: heading; n level, i index */
	WT_N_POSSIBLE_H, /* a heading inside braces: only a heading when expanded at the top */
};

/* An extension tag's pieces, as written (views into the source). */
struct wt_ext {
	struct str name;  /* tag name as written */
	struct str attr;  /* attribute text, with the leading space */
	struct str inner; /* content; inner.p NULL for <tag/> */
	struct str close; /* closing tag as written; close.p NULL when missing */
};

/* One node. Children form a singly linked list. */
struct wt_node {
	uint8_t type;             /* enum wt_ntype */
	bool line_start;          /* template/tplarg: starts a line (@lineStart) */
	int32_t n;                /* NAME: positional index (0 named); H: level */
	int32_t i;                /* H: heading index (@i) */
	struct wt_node *first;    /* first child */
	struct wt_node *last;     /* last child */
	struct wt_node *next;     /* next sibling */
	const char *p;            /* TEXT/COMMENT/IGNORE/EQUALS: the text */
	size_t len;               /* its length */
	struct wt_ext *ext;       /* EXT: the tag's pieces */
};

/* Preprocessor flags (Preprocessor::DOM_*). */
enum {
	WT_PP_FOR_INCLUSION = 1, /* parse as transcluded text (noinclude hidden, includeonly shown) */
};

/*
 * Build the node tree of `len` bytes of `text` (preprocessToObj). The
 * nodes point into `text`, which must outlive them. Returns the ROOT.
 * The extension tags are the built-in ones plus those `site` adds (NULL:
 * the built-in ones only).
 */
struct wt_node *wt_preprocess_tree(struct arena *a, const struct wt_site *site, const char *text, size_t len,
				   int flags);

/*
 * True when the tree of `len` bytes of `text` (not for inclusion) holds
 * text nodes only, which expand to the text itself: no '{', no heading
 * '=' at a line start, and no '<' that starts a comment ("<!") or a tag
 * the scanner knows (extension tags of `site`, noinclude, includeonly,
 * onlyinclude). Links ("[[...]]") and pipes stay text.
 */
bool wt_pp_plain_text(const struct wt_site *site, const char *text, size_t len);

/* Write `node` (and its subtree) as MediaWiki's preprocessor XML. */
void wt_node_xml(struct wt_buf *b, const struct wt_node *node);

/*
 * The pieces of a PART node: its name node, value node and positional
 * index (0 for named parts) (PPNode::splitArg).
 */
void wt_node_split_part(const struct wt_node *part, const struct wt_node **name, const struct wt_node **value,
			int *index);

/* ------------------------------------------------------------------ */
/* Frames and expansion (PPFrame_Hash, PPTemplateFrame_Hash)           */
/* ------------------------------------------------------------------ */

/* Expansion flags (PPFrame::*). */
enum {
	WT_X_NO_ARGS = 1,          /* leave {{{args}}} as written */
	WT_X_NO_TEMPLATES = 2,     /* leave {{templates}} as written */
	WT_X_STRIP_COMMENTS = 4,   /* drop comments */
	WT_X_NO_IGNORE = 8,        /* output <ignore> text */
	WT_X_RECOVER_COMMENTS = 16, /* keep comments literally */
	WT_X_NO_TAGS = 32,         /* leave extension tags as written */
	WT_X_PROCESS_NOWIKI = 64,  /* #tag: unwrap nowiki */
};

/* One argument of a template frame. */
struct wt_farg {
	const char *name;            /* name: "1", "2" ... for positional ones */
	size_t name_len;             /* bytes in name */
	bool is_numbered;            /* positional (value not trimmed) */
	const struct wt_node *value; /* VALUE node, expanded in the parent frame */
	struct str text;             /* value given as text (custom frames), p NULL otherwise */
	struct str cache;            /* expansion, once done */
	bool is_cached;              /* cache is valid */
};

/* A frame: the page itself (depth 0) or one template call. */
struct wt_frame {
	struct wt_frame *parent;  /* calling frame, NULL at the top */
	struct wt_title title;    /* the page this frame expands */
	const char *pdbk;         /* its prefixed dbkey (loop checks) */
	int depth;                /* 0 for the page */
	struct wt_farg *args;     /* arguments in order of appearance */
	size_t n_args;            /* entries in args */
	bool is_template;         /* a template frame (has arguments) */
	bool is_volatile;         /* output depends on time/user: not cached */
	int ttl;                  /* smallest TTL asked for, 0 for none */
};

/*
 * Expand `node` (and its siblings when `siblings`) in `frame` into `b`
 * (PPFrame::expand). Counts nodes and depth against the limits.
 */
void wt_expand_into(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_node *node, int flags,
		    struct wt_buf *b);

/* The expansion of `node` and its children as a new string (expand()). */
struct str wt_expand(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_node *node, int flags);

/*
 * extensionSubstitution: run extension tag `e` (or write it back as text
 * when the output type keeps tags) and return the strip marker standing
 * for its output. #tag calls it with pieces it built.
 */
struct str wt_ext_subst(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_ext *e, int flags);

/* Trim ASCII whitespace as PHP's trim() does (" \t\n\r\0\x0B"). */
struct str wt_trim(struct str s);

/* wfEscapeWikiText(): `text` with every wikitext-significant character as an entity. */
struct str wt_escape_wikitext(struct wt_ctx *cx, struct str text);

/*
 * The value of argument `name` in `frame` (getArgument): numbered ones
 * untrimmed, named ones trimmed. false when the frame has no such one.
 */
bool wt_frame_arg(struct wt_ctx *cx, struct wt_frame *frame, struct str name, struct str *value);

/*
 * A child frame for a template call with `parts` (PART nodes, NULL-safe),
 * of `title` (NULL: the parent's), whose prefixed dbkey `pdbk` the caller
 * may already have (NULL: made here).
 */
struct wt_frame *wt_frame_child(struct wt_ctx *cx, struct wt_frame *parent, const struct wt_node *parts,
				const struct wt_title *title, const char *pdbk);

/* Mark the frame (and its ancestors) volatile, or lower its TTL. */
void wt_frame_set_volatile(struct wt_frame *frame);
void wt_frame_set_ttl(struct wt_frame *frame, int ttl);

/*
 * Expand wikitext in a frame (replaceVariables / recursivePreprocess):
 * preprocess `text` (for inclusion when the frame is a template) and
 * expand it. The result keeps strip markers.
 */
struct str wt_replace_variables(struct wt_ctx *cx, struct wt_frame *frame, struct str text);

/*
 * The preprocessor tree (flags 0) of `text`. The first one a parse builds
 * (the page's own text) is kept and handed out again for the same bytes:
 * expansion and the heading offsets both read it, and expansion never
 * changes a tree.
 */
struct wt_node *wt_ctx_tree0(struct wt_ctx *cx, struct str text);

/*
 * recursiveTagParse: internalParse of `text` in `frame`; the result is
 * half-parsed HTML with strip markers (for extension tags whose content
 * is wikitext: the caller's output becomes a strip item).
 */
struct str wt_recursive_tag_parse(struct wt_ctx *cx, struct wt_frame *frame, struct str text);

/* recursiveTagParseFully: the same, then block levels, unstrip and tidy. */
struct str wt_recursive_tag_parse_fully(struct wt_ctx *cx, struct wt_frame *frame, struct str text);

/* ------------------------------------------------------------------ */
/* Registries                                                          */
/* ------------------------------------------------------------------ */

/* Flags of a registered function or variable. */
enum {
	WT_F_CASE = 1,       /* names match case-sensitively (magic word case flag 1) */
	WT_F_NO_HASH = 2,    /* {{name:...}} without '#' (SFH_NO_HASH) */
	WT_F_OBJECT_ARGS = 4, /* arguments given unexpanded (SFH_OBJECT_ARGS) */
};

/* Arguments of a parser function call. */
struct wt_args {
	size_t n;                       /* arguments, the one after the colon first */
	struct str *text;               /* expanded, trimmed text; filled lazily for OBJECT_ARGS */
	bool *has_text;                 /* text[i] is valid */
	const struct wt_node **part;    /* PART node of each argument (part[0] is NULL) */
};

/* The expanded, trimmed text of argument `i` (expanding it on first use). */
struct str wt_arg(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, size_t i);

/* What a parser function, variable or tag returns (braceSubstitution's result array). */
struct wt_result {
	struct str text;        /* the output */
	bool found;             /* false: not handled, {{...}} stays as written */
	bool is_html;           /* text is HTML: it becomes a general strip item */
	bool nowiki;            /* text is literal: a nowiki strip item */
	bool preprocess;        /* preprocess the text and expand it in a child frame (noparse false) */
	int pp_flags;           /* with preprocess: WT_PP_* flags */
};

/*
 * A parser function ({{#name:...}} or {{name:...}}): fill `res` (found
 * is preset true, text empty). Returns RC_OK; any other value is a bug.
 */
typedef int wt_func_fn(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res);

/* A variable ({{NAME}}): the value in `out`. RC_OK. */
typedef int wt_var_fn(struct wt_ctx *cx, struct wt_frame *frame, struct str *out);

/* An extension tag call. */
struct wt_tag_call {
	struct str name;         /* lower-case tag name */
	struct str content;      /* expanded content; content.p NULL for <tag/> */
	struct wt_attrs attrs;   /* decoded attributes (Sanitizer::decodeTagAttributes) */
	struct str attr_text;    /* attribute text as written */
};

/*
 * An extension tag (<name ...>content</name>): its HTML in res->text.
 * res->nowiki selects a nowiki strip item instead of a general one;
 * res->found false leaves the tag's text as it is (no marker). RC_OK.
 */
typedef int wt_tag_fn(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_tag_call *call,
		      struct wt_result *res);

/* Hook points. */
enum wt_hook_point {
	WT_HOOK_AFTER_PARSE,   /* ParserAfterParse: half-parsed page text, top level only */
};

/* A hook: may rewrite `text` (in the arena). RC_OK. */
typedef int wt_hook_fn(struct wt_ctx *cx, struct str *text);

/* The registries, built from the .def files. */
#define WT_FUNC(id, names, flags) wt_func_fn wt_pf_##id;
#define WT_VAR(id, names, flags) wt_var_fn wt_var_##id;
#define WT_SWITCH(id, names, flags)
#include "functions.def"
#undef WT_FUNC
#undef WT_VAR
#undef WT_SWITCH

#define WT_TAG(id, flags) wt_tag_fn wt_tag_##id;
#include "tags.def"
#undef WT_TAG

#define WT_HOOK(point, fn) wt_hook_fn fn;
#include "hooks.def"
#undef WT_HOOK

/* Behaviour switch ids (__NOTOC__ ...), in functions.def order: WT_SW_<id>. */
#define WT_FUNC(id, names, flags)
#define WT_VAR(id, names, flags)
#define WT_SWITCH(id, names, flags) WT_SW_##id,
enum wt_switch {
#include "functions.def"
	WT_N_SWITCHES /* count */
};
#undef WT_FUNC
#undef WT_VAR
#undef WT_SWITCH

/*
 * Record behaviour switches seen for the first time by one
 * handleDoubleUnderscore pass (`ids` in text order): page properties in
 * MediaWiki's order (case-insensitive words first) and the tracking
 * categories of __HIDDENCAT__, __NOINDEX__ and __INDEX__ (pf_vars.c).
 */
void wt_switches_record(struct wt_ctx *cx, const int *ids, size_t n);

/* Kinds of registered names. */
enum wt_reg_kind {
	WT_REG_FUNC,   /* parser function */
	WT_REG_VAR,    /* variable */
	WT_REG_SWITCH, /* behaviour switch */
};

/* One registered name, as the lookups return it. */
struct wt_reg {
	enum wt_reg_kind kind; /* what it is */
	const char *id;        /* magic word id ("if", "currentyear", "notoc") */
	int flags;             /* WT_F_* */
	wt_func_fn *func;      /* WT_REG_FUNC */
	wt_var_fn *var;        /* WT_REG_VAR */
	int sw;                /* WT_REG_SWITCH: enum wt_switch */
};

/*
 * The parser function called `name` (without '#' or ':'): `hash` tells
 * whether it was written with '#'. NULL when there is none. The English
 * synonyms and, when `site` (may be NULL) has another content language,
 * that language's and its fallbacks' (MediaWiki's Messages*.php).
 */
const struct wt_reg *wt_reg_func(const struct wt_site *site, struct str name, bool hash);

/* The variable called `name` exactly (case rules applied), or NULL; synonyms as wt_reg_func(). */
const struct wt_reg *wt_reg_var(const struct wt_site *site, struct str name);

/* The behaviour switch `name` ("__NOTOC__"), or NULL; synonyms as wt_reg_func(). */
const struct wt_reg *wt_reg_switch(const struct wt_site *site, struct str name);


/* The extension tag `name` (lower case), or NULL. */
wt_tag_fn *wt_reg_tag(struct str name);

/*
 * True when `name` (any case) is an extension tag (the strip list): a
 * built-in one, <html> when `site` has raw_html, or one of the site's
 * own. `site` may be NULL (built-in tags only).
 */
bool wt_is_ext_tag(const struct wt_site *site, const char *name, size_t len);

/* The site's own extension tag `name` (lower case), or NULL. */
const struct wt_ext_tag *wt_site_tag(const struct wt_site *site, struct str name);


/* Run every hook registered for `point` over `text`. */
void wt_run_hooks(struct wt_ctx *cx, enum wt_hook_point point, struct str *text);

/* ------------------------------------------------------------------ */
/* The parse context                                                    */
/* ------------------------------------------------------------------ */

/* Output types (Parser::OT_*). */
enum wt_ot {
	WT_OT_HTML,       /* parse to HTML */
	WT_OT_WIKI,       /* pre-save transform */
	WT_OT_PREPROCESS, /* expandtemplates */
	WT_OT_PLAIN,      /* plain text of messages */
};

/*
 * Start a parse of output type `ot` (Parser::startParse): options with
 * their defaults filled in, `out` cleared, the page's title and the root
 * frame. Everything in `a`.
 */
struct wt_ctx;
void wt_ctx_init(struct wt_ctx *cx, struct arena *a, const struct wt_site *site, const struct wt_host *host,
		 const struct wt_options *opt, struct wt_output *out, enum wt_ot ot);

/* A heading found during expansion (mHeadings): which page it came from. */
struct wt_heading_ref {
	const char *pdbk; /* prefixed dbkey of the page the heading is in */
	int index;        /* its heading index in that page */
};

/* A cached template: its text and tree, parsed once per parse. */
struct wt_tpl_cache {
	const char *pdbk;          /* prefixed dbkey asked for */
	struct wt_fetched fetched; /* what the host returned */
	const struct wt_node *tree; /* tree for inclusion, NULL until built */
	struct wt_tpl_cache *next; /* next in the hash chain */
	struct wt_tpl_cache *older; /* the entry made before this one (creation order, newest first) */
	int64_t prof_calls;        /* expansions of the template (the time report) */
	int64_t prof_us;           /* microseconds they took */
};

/*
 * The preprocessed tree (for inclusion) of template `pdbk` as the host
 * fetched it in `f`, from the trees shared between parses (tplcache.c),
 * built and added when it is not there yet. *text is set to the copy of
 * the text the tree points into. Both stay valid until the arena of `cx`
 * is freed; neither may be changed. NULL when the fetch cannot be cached
 * (no revision id, no text, U+007F in the text, a very long text): the
 * caller builds the tree itself.
 */
const struct wt_node *wt_tplcache_tree(struct wt_ctx *cx, const char *pdbk, const struct wt_fetched *f,
				       const char **text);

/* The parse's memo of sanitized attribute texts, made on first use. */
struct wt_san_memo *wt_ctx_san_memo(struct wt_ctx *cx);

/* Size of the template cache's hash table (a power of two). */
#define WT_TPL_BUCKETS 64

/* One extension's per-parse state (Cite's references ...). */
struct wt_slot {
	const char *key;      /* owner's name */
	void *p;              /* its state */
	struct wt_slot *next; /* next slot */
};

/* A link waiting to be coloured (LinkHolderArray). */
struct wt_holder {
	struct wt_title title;  /* target */
	const char *pdbk;       /* its prefixed dbkey */
	struct str text;        /* link text (HTML) */
	struct str query;       /* extra query */
	bool is_known;          /* always blue (special pages, self links handled earlier) */
	bool is_selflink;       /* a variant of the page's own title (LinkHolderArray::doVariants) */
	int64_t page_id;        /* filled by colouring */
	bool exists;            /* filled by colouring */
	bool is_redirect;       /* filled by colouring */
};

/* Everything one parse carries. */
struct wt_ctx {
	struct arena *a;                  /* everything is allocated here */
	const struct wt_site *site;       /* site configuration */
	const struct wt_host *host;       /* callbacks */
	struct wt_options opt;            /* options with defaults filled in */
	struct wt_output *out;            /* collected output */
	struct wt_title title;            /* the page being parsed */
	const char *title_pdbk;           /* its prefixed dbkey */
	enum wt_ot ot;                    /* what the parse produces */
	struct wt_strip strip;            /* strip state */
	struct wt_frame *root;            /* the page's frame */
	int64_t pp_node_count;            /* nodes expanded (limit max_pp_node_count) */
	int expansion_depth;              /* current expand() nesting */
	int highest_expansion_depth;      /* deepest nesting seen */
	size_t include_size_pre;          /* pre-expand include size */
	size_t include_size_post;         /* post-expand include size */
	size_t arg_size;                  /* template argument size */
	int expensive_count;              /* expensive parser functions called */
	int template_depth;               /* deepest template frame */
	struct wt_heading_ref *headings;  /* headings found by expansion */
	size_t n_headings;                /* entries */
	size_t cap_headings;              /* allocated */
	bool sw[WT_N_SWITCHES];           /* behaviour switches seen */
	bool show_toc;                    /* __TOC__ placement or enough headings */
	bool force_toc_position;          /* __TOC__ was given: the TOC goes there */
	struct str toc_html;              /* the table of contents, empty when there is none */
	bool toc_markup;                  /* a line of toc_html holds '<' or '>' (tidy must see it) */
	uint32_t marker_index;            /* next strip marker number */
	int link_id;                      /* numbered external links [1], [2] ... */
	struct wt_tpl_cache *tpl[WT_TPL_BUCKETS]; /* fetched templates */
	struct wt_tpl_cache *tpl_newest;  /* the last template fetched (list through `older`) */
	struct wt_holder *holders;        /* links waiting for colouring */
	size_t n_holders;                 /* entries */
	size_t cap_holders;               /* allocated */
	struct wt_slot *slots;            /* per-extension state (a list: slot pointers stay valid) */
	const char *defaultsort;          /* {{DEFAULTSORT:}} */
	bool is_toobig;                   /* a buffer passed WT_BUF_MAX */
	bool remove_comments;             /* preprocess: drop comments (ParserOptions::getRemoveComments) */
	struct wt_protocols protocols;    /* site->url_protocols for the sanitizer */
	bool proto_first[256];            /* bytes a URL protocol starts with (lower case), once proto_ready */
	bool proto_ready;                 /* proto_first and proto_punct are filled */
	bool proto_punct;                 /* every URL protocol is "//" or holds a ':', once proto_ready */
	bool proto_letters_colon;         /* every URL protocol but "//" is letters then ':', once proto_ready */
	const char *tree0_p;              /* text of the first tree wt_ctx_tree0() built (NULL: none) */
	size_t tree0_len;                 /* its length */
	struct wt_node *tree0;            /* that tree */
	struct wt_san_memo *san_memo;     /* attribute texts sanitized so far (wt_ctx_san_memo()) */
	uint64_t tpl_sig;                 /* the site's extension tags for the template tree cache, once tpl_sig_ready */
	bool tpl_sig_ready;               /* tpl_sig is computed */
	size_t cap_links, cap_templates, cap_images, cap_cats, cap_ext, cap_lang, cap_iw, cap_props,
		cap_sections, cap_ind, cap_mod, cap_modst, cap_warn; /* capacities of out's arrays */
	struct wt_lconv *lconv;           /* the language converter, NULL when the content language has no variants */
};

/* The slot for extension `key`'s state (NULL at first; the pointer stays valid). */
void **wt_slot(struct wt_ctx *cx, const char *key);

/* ------------------------------------------------------------------ */
/* Output recorders                                                    */
/* ------------------------------------------------------------------ */

/* Record an internal link (pagelinks), once per target. */
void wt_out_link(struct wt_ctx *cx, const struct wt_title *t);

/* Record a transclusion (templatelinks). */
void wt_out_template(struct wt_ctx *cx, const struct wt_title *t, int64_t page_id, int64_t rev_id);

/* Record a file use (imagelinks). */
void wt_out_image(struct wt_ctx *cx, const char *dbkey);

/* ------------------------------------------------------------------ */
/* Language variants (langconv.c)                                      */
/* ------------------------------------------------------------------ */

/*
 * The converter of the site's content language when it has variants
 * (zh, sr, gan, tg, and en with use_piglatin), for the variant the
 * options ask for (the main code when none or an invalid one); NULL for
 * every other language. Lives in the parse's arena.
 */
struct wt_lconv *wt_lconv_new(struct wt_ctx *cx);

/*
 * LanguageConverter::convert(): the HTML with its -{ }- rules applied and
 * its text converted into the target variant; rules of A/H/- flags stay
 * in the page's glossary for later calls (the TOC). The HTML itself when
 * there is no converter.
 */
struct str wt_lconv_convert(struct wt_ctx *cx, struct str html);

/*
 * LanguageConverter::markNoConversion(): the text in "-{R|...}-" so the
 * converter leaves it alone, unless it already holds rule markup.
 */
struct str wt_lconv_no_conversion(struct wt_ctx *cx, struct str text);

/* The text of a bracketed external link, protected when it starts with an absolute URL protocol. */
struct str wt_lconv_protect_url_text(struct wt_ctx *cx, struct str text);

/* The most variant titles wt_lconv_variant_titles() gives. */
#define WT_LCONV_MAXV 12

/*
 * LanguageConverter::autoConvertToAllVariants() of a title's text: the
 * title in each variant whose text differs from it (same namespace, no
 * fragment), in the language's variant order. 0 without a converter,
 * for interwiki titles, and for user pages in the languages whose
 * converter skips them. Strings in the arena.
 */
size_t wt_lconv_variant_titles(struct wt_ctx *cx, const struct wt_title *t, struct wt_title out[WT_LCONV_MAXV]);

/* The title the last convert's T rule gave (getConvRuleTitle), NULL when none. */
const char *wt_lconv_rule_title(const struct wt_ctx *cx);

/*
 * Sanitizer::removeSomeTags() for a page title: tags wikitext may not
 * write are escaped, attributes checked, references normalized and the
 * tags balanced. In the arena.
 */
const char *wt_title_html(struct wt_ctx *cx, struct str text);

/* Record a category with its sort key (a later one replaces the key). */
void wt_out_category(struct wt_ctx *cx, const char *dbkey, const char *sortkey);

/* Record an external link. */
void wt_out_extlink(struct wt_ctx *cx, const char *url);

/* Record an interlanguage link "prefix:Title" (first per prefix wins). */
void wt_out_langlink(struct wt_ctx *cx, const char *prefix, const char *link);

/* Record an interwiki link. */
void wt_out_iwlink(struct wt_ctx *cx, const char *prefix, const char *title);

/* Set a page property (a later value replaces an earlier one). */
void wt_out_prop(struct wt_ctx *cx, const char *name, const char *value);

/* Add a ResourceLoader module / style module (once each). */
void wt_out_module(struct wt_ctx *cx, const char *name);
void wt_out_module_style(struct wt_ctx *cx, const char *name);

/* Set an indicator. */
void wt_out_indicator(struct wt_ctx *cx, const char *name, const char *html);

/* Add a warning with up to three parameters (NULL-terminated). */
void wt_out_warning(struct wt_ctx *cx, const char *key, const char *p1, const char *p2, const char *p3);

/*
 * Add the tracking category whose name is interface message `msgkey`
 * (Parser::addTrackingCategory). Nothing when the message is missing
 * or "-".
 */
void wt_tracking_category(struct wt_ctx *cx, const char *msgkey);

/* ------------------------------------------------------------------ */
/* Messages, titles, links                                             */
/* ------------------------------------------------------------------ */

/*
 * Interface message `key` in the content language with $1..$3 replaced
 * by the parameters (NULL-terminated list). The key itself in
 * "⧼key⧽" form when the host has no such message.
 */
const char *wt_msg(struct wt_ctx *cx, const char *key, const char *p1, const char *p2, const char *p3);

/*
 * Message text `text` with $1 … $9 replaced by params[0 … n) (a NULL or
 * missing one leaves the '$' as written) and "$*" by every parameter as
 * the qqx pseudo-language lists them (": p1, p2"); Message::plain().
 */
const char *wt_msg_fill(struct wt_ctx *cx, const char *text, const char *const *params, size_t n);

/*
 * The same in the reader's interface language (the parse's user_lang):
 * what MediaWiki words for the reader rather than for the page, such as
 * the table of contents' title and the edit-section links.
 */
const char *wt_umsg(struct wt_ctx *cx, const char *key, const char *p1, const char *p2, const char *p3);

/* The site's URL protocols in the sanitizer's form. */
const struct wt_protocols *wt_site_protocols(struct wt_ctx *cx);

/*
 * A transcluded special page ({{Special:PrefixIndex/Foo|namespace=1}}):
 * true with its HTML in *html when `t` names one the parser can include
 * (specialpage.c), false to link it as MediaWiki links the others.
 */
bool wt_special_include(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_node *parts,
			const struct wt_title *t, struct str *html);

/*
 * Parser::normalizeSectionName (headings.c): `s` as the fragment of the
 * title "#s" (whitespace runs one space, none at the end); `s` itself when
 * that is no title. In the arena.
 */
struct str wt_normalize_section_name(struct wt_ctx *cx, struct str s);

/* Parse a title in this parse's site; RC_OK or RC_INVALID. */
int wt_ctx_title(struct wt_ctx *cx, struct str s, int default_ns, struct wt_title *out);

/*
 * wt_title_parse without decoding character references first
 * (TitleParser::splitTitleString, as Parser::normalizeSectionName uses it).
 */
int wt_title_split(struct arena *a, const struct wt_site *site, const char *text, size_t len, int default_ns,
		   struct wt_title *out);

/* Title::getText(): the dbkey with spaces, no namespace. In `a`. */
const char *wt_title_text(struct arena *a, const struct wt_title *t);

/* Title::getFullText(): prefixed text with "#fragment". In the arena. */
const char *wt_title_full_text(struct wt_ctx *cx, const struct wt_title *t);

/* Namespace entry of `id`, or NULL. */
const struct wt_namespace *wt_ns_get(const struct wt_site *site, int id);

/* The namespace named `name` (any case, '_' or ' '), or INT32_MIN. */
int wt_ns_lookup(const struct wt_site *site, const char *name, size_t len);

/* The interwiki entry for `prefix` (any case), or NULL. */
const struct wt_interwiki *wt_iw_lookup(const struct wt_site *site, const char *prefix, size_t len);

/* Local URL of a page: articlepath, or script?title=...&query when query is non-empty. */
const char *wt_local_url(struct wt_ctx *cx, const struct wt_title *t, const char *query);

/* Full URL (server + local URL, or the interwiki URL). */
const char *wt_full_url(struct wt_ctx *cx, const struct wt_title *t, const char *query);

/* wfUrlencode(): %XX except A-Z a-z 0-9 - _ . ; @ $ ! * ( ) , / ~ : and ' ' as '_' is the caller's. */
void wt_wfurlencode(struct wt_buf *b, const char *s, size_t n);

/*
 * An id or fragment in the site's primary fragment mode: escapeIdForLink
 * with `for_link`, else escapeIdForAttribute.
 */
void wt_anchor_encode(struct wt_ctx *cx, struct wt_buf *b, const char *s, size_t n, bool for_link);

/* Title::getFragmentForURL(): "#" and the encoded fragment, nothing without one. */
void wt_fragment_url(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t);

/* ------------------------------------------------------------------ */
/* Passes (one file each)                                              */
/* ------------------------------------------------------------------ */

/* internalParse over expanded text (parse.c). */
struct str wt_internal_parse(struct wt_ctx *cx, struct str text, bool is_main, struct wt_frame *frame);

/* internalParseHalfParsed (parse.c). */
struct str wt_half_parsed(struct wt_ctx *cx, struct str text, bool is_main, bool linestart);

/*
 * finalizeHeadings: ids, edit-section placeholders, sections and the TOC
 * (headings.c). `orig` is the wikitext the text came from.
 */
struct str wt_finalize_headings(struct wt_ctx *cx, struct str text, struct str orig, bool is_main);

/*
 * ParserOutput::getText's transforms: edit-section placeholders to links
 * (or removed), the TOC placeholder to the TOC (or removed); the result
 * is `before`, the transformed text and `after` (the wrapper element, put
 * on in the same copy; neither holds a placeholder).
 */
struct str wt_output_transform(struct wt_ctx *cx, struct str before, struct str text, struct str after, bool edit_links,
			       bool allow_toc);

/* The tidy pass (psan's wt_tidy in tidy.c) on `html`, French spaces armoured; the result in the arena. */
struct str wt_ctx_tidy(struct wt_ctx *cx, struct str html);

/* handleTables: {| ... |} to <table> (table.c). */
struct str wt_pass_tables(struct wt_ctx *cx, struct str text);

/* doAllQuotes: two and three apostrophes to <i> and <b>, line by line (quotes.c). */
struct str wt_pass_quotes(struct wt_ctx *cx, struct str text);

/* doQuotes on one piece of text taken as a single line (link texts). */
struct str wt_quotes_line(struct wt_ctx *cx, struct str text);

/* handleInternalLinks: [[...]] to links, holders, images, categories (links.c). */
struct str wt_pass_internal_links(struct wt_ctx *cx, struct str text);

/* Replace the link holders in `text` by coloured <a> elements (replaceLinkHolders). */
struct str wt_replace_link_holders(struct wt_ctx *cx, struct str text);

/* Replace the link holders in `text` by their link texts (replaceLinkHoldersText). */
struct str wt_link_holders_text(struct wt_ctx *cx, struct str text);

/* handleExternalLinks: [url text] (extlinks.c). */
struct str wt_pass_external_links(struct wt_ctx *cx, struct str text);

/*
 * Parser::getExternalLinkAttribs' rel for `url`: "nofollow" (unless the
 * domain is excepted), "noreferrer noopener" with a link target; empty
 * when none. In the arena (extlinks.c).
 */
struct str wt_extlink_rel(struct wt_ctx *cx, struct str url);

/* handleMagicLinks: free URLs, RFC, PMID, ISBN (extlinks.c). */
struct str wt_pass_magic_links(struct wt_ctx *cx, struct str text);

/* Parser::makeImage: the HTML of [[File:...|options]] (media.c). */
struct str wt_make_image(struct wt_ctx *cx, const struct wt_title *t, struct str options);

/* BadFileLookup::isBadFile for the page being parsed (media.c). */
bool wt_is_bad_file(struct wt_ctx *cx, const char *dbkey);

/* Linker::getUploadUrl: Special:Upload with wpDestFile for a missing file. */
const char *wt_upload_url(struct wt_ctx *cx, const struct wt_title *file);

/*
 * A blue link (LinkRenderer::makeKnownLink): href, class ("extiw" for
 * interwiki plus `cls`), title. `html` NULL gives the prefixed title.
 * `query` (NULL for none) goes into the URL.
 */
void wt_link_known(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, struct str html, const char *cls,
		   const char *query);

/* A red link (LinkRenderer::makeBrokenLink): action=edit&redlink=1, class "new". */
void wt_link_broken(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, struct str html);

/* Length of the URL protocol ($wgUrlProtocols, any case) at p, 0 when none. */
size_t wt_protocol_len(struct wt_ctx *cx, const char *p, size_t n);

/* Fill cx->proto_first, proto_punct and proto_letters_colon from the site's protocols (once per parse). */
void wt_protocols_ready(struct wt_ctx *cx);

/* Parser::armorLinks: a NOPARSE marker before every protocol at a word boundary. */
struct str wt_armor_links(struct wt_ctx *cx, struct str text);

/* rawurldecode, then < and > as entities (link targets with '%', Parser::handleInternalLinks2). */
struct str wt_url_decode_target(struct wt_ctx *cx, struct str t);

/*
 * Linker::normalizeSubpageLink against the page being parsed ("/sub",
 * "../sib"): the target to parse; sets *text when it was empty and the
 * link hides its slashes. The caller checks that the namespace has
 * subpages.
 */
struct str wt_subpage_link(struct wt_ctx *cx, struct str target, struct str *text);

/* Linker::splitTrail: the leading letters of `trail` (the content language's $linkTrail) and the rest (lang.c). */
void wt_split_trail(struct wt_ctx *cx, struct str trail, struct str *inside, struct str *rest);

/*
 * The link prefix at the end of `before` ($linkPrefixExtension: the run
 * of the content language's prefix letters right before "[["): its length
 * in bytes, 0 for languages without link prefixes (lang.c).
 */
size_t wt_link_prefix_len(struct wt_ctx *cx, struct str before);

/* {{grammar:case|word}} in the content language (lang.c): the word unchanged where it has no rules. */
struct str wt_lang_grammar(struct wt_ctx *cx, struct str word, struct str gcase);

/*
 * {{grammar:}} of a language whose MediaWiki class has its own
 * convertGrammar (grammar.c): true with the word in that case in `*out`
 * (in `a`, or `word` itself), false when `code` has no such class.
 */
bool wt_grammar_class(struct arena *a, const char *code, struct str word, struct str gcase, struct str *out);

/* The row of the site's content language in lang.c's table of digits and separators, -1 when it has none (English's). */
int wt_lang_index(const struct wt_site *site);


/* doBlockLevels (block.c). */
struct str wt_pass_block_levels(struct wt_ctx *cx, struct str text, bool linestart);


#endif
