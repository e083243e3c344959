/* SPDX-License-Identifier: MIT */
/*
 * tidy.c — the last pass of the wikitext parser: the HTML the earlier
 * passes produced (tags already filtered by the sanitizer, but not
 * balanced) is parsed into a tree with the HTML5 tree construction
 * algorithm and written back out, as MediaWiki 1.39 does with RemexHtml
 * (MWTidy, RemexDriver). Three parts, in the order the text flows:
 *
 *   tokenizer   HTML5 tokenization in the fragment context <body>, with
 *               character references left as written (MediaWiki's
 *               'ignoreCharRefs'), NULs kept, no input preprocessing.
 *   builder     the tree construction modes the body of a document can
 *               reach (in body, text, in table and its sub-modes, in
 *               select), with the adoption agency, foster parenting, the
 *               active formatting list and Noah's Ark clause.
 *   munger      MediaWiki's RemexCompatMunger between builder and tree:
 *               bare text and inline elements at the top level and in
 *               <blockquote> are wrapped in paragraphs ("p-wrapping"),
 *               splitting or undoing wrappers around blocks exactly as it
 *               does.
 *
 * The tree is then serialized as RemexCompatFormatter writes it: empty
 * <li>/<p>/<tr> get class="mw-empty-elt", void elements end in " />",
 * text gets French spaces armoured and character references normalised.
 *
 * Not implemented because wikitext and our extension tags cannot produce
 * them: foreign content (<math>/<svg> are treated as HTML elements),
 * <template> contents, framesets, and the escape states of script data
 * (a <script> body ends at the first "</script").
 *
 * Everything lives in the caller's arena. Work is linear in the input:
 * scope checks use per-name and per-barrier chains instead of walking
 * the stack, the Noah's Ark clause a hash of the element's key, and the
 * serializer an explicit stack (no recursion on nesting depth).
 */
#include "sanitizer.h"

#include "../util/charref.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

/* ---------- Element names ---------- */

/* Properties of the element names the algorithms single out. */
enum {
	F_SPECIAL = 1 << 0,   /* HTML5 "special" category */
	F_VOID = 1 << 1,      /* serialized without end tag, as " />" */
	F_RAW = 1 << 2,       /* text inside is written unescaped (raw text elements) */
	F_PRELF = 1 << 3,     /* a leading newline in the contents is doubled on output */
	F_INLINE = 1 << 4,    /* the munger's inline elements (get p-wrapped) */
	F_META = 1 << 5,      /* the munger's metadata elements (neither wrap nor break wrapping) */
	F_SPLIT = 1 << 6,     /* the munger's formatting elements (splittable) */
	F_IMPLIED = 1 << 7,   /* "generate implied end tags" pops these */
	F_EMPTYELT = 1 << 8,  /* marked class="mw-empty-elt" when empty without attributes */
	F_HEADING = 1 << 9,   /* h1 … h6 */
	F_FORMAT = 1 << 10,   /* the tree builder's formatting elements (AFE) */
	B_DEFAULT = 1 << 11,  /* barrier of the default scope */
	B_LIST = 1 << 12,     /* barrier of list item scope */
	B_BUTTON = 1 << 13,   /* barrier of button scope */
	B_TABLE = 1 << 14,    /* barrier of table scope */
	B_NOSELECT = 1 << 15, /* not a barrier of select scope (option, optgroup) */
};

/* Barriers of every scope. */
#define B_ALL (B_DEFAULT | B_LIST | B_BUTTON | B_TABLE)
/* Barriers of every scope but table scope. */
#define B_NONTABLE (B_DEFAULT | B_LIST | B_BUTTON)

/*
 * X(id, name, flags): the names the tree builder, munger or formatter
 * treat specially, sorted by name (looked up with bsearch()).
 */
#define TAG_LIST(X)                                                   \
	X(A, "a", F_INLINE | F_SPLIT | F_FORMAT)                      \
	X(ABBR, "abbr", F_INLINE)                                     \
	X(ACRONYM, "acronym", F_INLINE)                               \
	X(ADDRESS, "address", F_SPECIAL)                              \
	X(APPLET, "applet", F_SPECIAL | F_INLINE | B_NONTABLE)        \
	X(AREA, "area", F_SPECIAL | F_VOID)                           \
	X(ARTICLE, "article", F_SPECIAL)                              \
	X(ASIDE, "aside", F_SPECIAL)                                  \
	X(AUDIO, "audio", F_INLINE)                                   \
	X(B, "b", F_INLINE | F_SPLIT | F_FORMAT)                      \
	X(BASE, "base", F_SPECIAL | F_VOID)                           \
	X(BASEFONT, "basefont", F_SPECIAL | F_VOID | F_INLINE)        \
	X(BDI, "bdi", F_INLINE)                                       \
	X(BDO, "bdo", F_INLINE)                                       \
	X(BGSOUND, "bgsound", F_SPECIAL | F_VOID)                     \
	X(BIG, "big", F_INLINE | F_SPLIT | F_FORMAT)                  \
	X(BLOCKQUOTE, "blockquote", F_SPECIAL)                        \
	X(BODY, "body", F_SPECIAL)                                    \
	X(BR, "br", F_SPECIAL | F_VOID | F_INLINE)                    \
	X(BUTTON, "button", F_SPECIAL | F_INLINE | B_BUTTON)          \
	X(CAPTION, "caption", F_SPECIAL | B_NONTABLE)                 \
	X(CENTER, "center", F_SPECIAL)                                \
	X(CITE, "cite", F_INLINE)                                     \
	X(CODE, "code", F_INLINE | F_SPLIT | F_FORMAT)                \
	X(COL, "col", F_SPECIAL | F_VOID)                             \
	X(COLGROUP, "colgroup", F_SPECIAL)                            \
	X(DATA, "data", F_INLINE)                                     \
	X(DD, "dd", F_SPECIAL | F_IMPLIED)                            \
	X(DEL, "del", F_INLINE)                                       \
	X(DETAILS, "details", F_SPECIAL)                              \
	X(DFN, "dfn", F_INLINE)                                       \
	X(DIR, "dir", F_SPECIAL)                                      \
	X(DIV, "div", F_SPECIAL)                                      \
	X(DL, "dl", F_SPECIAL)                                        \
	X(DT, "dt", F_SPECIAL | F_IMPLIED)                            \
	X(EM, "em", F_INLINE | F_SPLIT | F_FORMAT)                    \
	X(EMBED, "embed", F_SPECIAL | F_VOID)                         \
	X(FIELDSET, "fieldset", F_SPECIAL)                            \
	X(FIGCAPTION, "figcaption", F_SPECIAL)                        \
	X(FIGURE, "figure", F_SPECIAL)                                \
	X(FONT, "font", F_INLINE | F_SPLIT | F_FORMAT)                \
	X(FOOTER, "footer", F_SPECIAL)                                \
	X(FORM, "form", F_SPECIAL)                                    \
	X(FRAME, "frame", F_SPECIAL | F_VOID)                         \
	X(FRAMESET, "frameset", F_SPECIAL)                            \
	X(H1, "h1", F_SPECIAL | F_HEADING)                            \
	X(H2, "h2", F_SPECIAL | F_HEADING)                            \
	X(H3, "h3", F_SPECIAL | F_HEADING)                            \
	X(H4, "h4", F_SPECIAL | F_HEADING)                            \
	X(H5, "h5", F_SPECIAL | F_HEADING)                            \
	X(H6, "h6", F_SPECIAL | F_HEADING)                            \
	X(HEAD, "head", F_SPECIAL)                                    \
	X(HEADER, "header", F_SPECIAL)                                \
	X(HR, "hr", F_SPECIAL | F_VOID)                               \
	X(HTML, "html", F_SPECIAL | B_ALL)                            \
	X(I, "i", F_INLINE | F_SPLIT | F_FORMAT)                      \
	X(IFRAME, "iframe", F_SPECIAL | F_RAW | F_INLINE)             \
	X(IMAGE, "image", 0)                                          \
	X(IMG, "img", F_SPECIAL | F_VOID | F_INLINE)                  \
	X(INPUT, "input", F_SPECIAL | F_VOID | F_INLINE)              \
	X(INS, "ins", F_INLINE)                                       \
	X(KBD, "kbd", F_INLINE)                                       \
	X(KEYGEN, "keygen", F_VOID)                                   \
	X(LABEL, "label", F_INLINE)                                   \
	X(LEGEND, "legend", F_INLINE)                                 \
	X(LI, "li", F_SPECIAL | F_IMPLIED | F_EMPTYELT)               \
	X(LINK, "link", F_SPECIAL | F_VOID | F_META)                  \
	X(LISTING, "listing", F_SPECIAL | F_PRELF)                    \
	X(MAIN, "main", F_SPECIAL)                                    \
	X(MAP, "map", F_INLINE)                                       \
	X(MARK, "mark", F_INLINE)                                     \
	X(MARQUEE, "marquee", F_SPECIAL | B_NONTABLE)                 \
	X(MENU, "menu", F_SPECIAL)                                    \
	X(MENUITEM, "menuitem", F_SPECIAL | F_VOID)                   \
	X(META, "meta", F_SPECIAL | F_VOID | F_META)                  \
	X(NAV, "nav", F_SPECIAL)                                      \
	X(NOBR, "nobr", F_SPLIT | F_FORMAT)                           \
	X(NOEMBED, "noembed", F_SPECIAL | F_RAW)                      \
	X(NOFRAMES, "noframes", F_SPECIAL | F_RAW)                    \
	X(NOSCRIPT, "noscript", F_SPECIAL | F_RAW)                    \
	X(OBJECT, "object", F_SPECIAL | F_INLINE | B_NONTABLE)        \
	X(OL, "ol", F_SPECIAL | B_LIST)                               \
	X(OPTGROUP, "optgroup", F_IMPLIED | B_NOSELECT)               \
	X(OPTION, "option", F_IMPLIED | B_NOSELECT)                   \
	X(P, "p", F_SPECIAL | F_IMPLIED | F_EMPTYELT)                 \
	X(PARAM, "param", F_SPECIAL | F_VOID | F_INLINE)              \
	X(PLAINTEXT, "plaintext", F_SPECIAL | F_RAW)                  \
	X(PRE, "pre", F_SPECIAL | F_PRELF)                            \
	X(Q, "q", F_INLINE)                                           \
	X(RB, "rb", F_INLINE | F_IMPLIED)                             \
	X(RBC, "rbc", F_INLINE)                                       \
	X(RP, "rp", F_INLINE | F_IMPLIED)                             \
	X(RT, "rt", F_INLINE | F_IMPLIED)                             \
	X(RTC, "rtc", F_INLINE | F_IMPLIED)                           \
	X(RUBY, "ruby", F_INLINE)                                     \
	X(S, "s", F_INLINE | F_SPLIT | F_FORMAT)                      \
	X(SAMP, "samp", F_INLINE)                                     \
	X(SCRIPT, "script", F_SPECIAL | F_RAW | F_META)               \
	X(SECTION, "section", F_SPECIAL)                              \
	X(SELECT, "select", F_SPECIAL | F_INLINE)                     \
	X(SMALL, "small", F_INLINE | F_SPLIT | F_FORMAT)              \
	X(SOURCE, "source", F_SPECIAL | F_VOID)                       \
	X(SPAN, "span", F_INLINE)                                     \
	X(STRIKE, "strike", F_INLINE | F_SPLIT | F_FORMAT)            \
	X(STRONG, "strong", F_INLINE | F_SPLIT | F_FORMAT)            \
	X(STYLE, "style", F_SPECIAL | F_RAW | F_META)                 \
	X(SUB, "sub", F_INLINE)                                       \
	X(SUMMARY, "summary", F_SPECIAL)                              \
	X(SUP, "sup", F_INLINE)                                       \
	X(TABLE, "table", F_SPECIAL | B_ALL)                          \
	X(TBODY, "tbody", F_SPECIAL)                                  \
	X(TD, "td", F_SPECIAL | B_NONTABLE)                           \
	X(TEMPLATE, "template", F_SPECIAL | B_ALL)                    \
	X(TEXTAREA, "textarea", F_SPECIAL | F_PRELF | F_INLINE)       \
	X(TFOOT, "tfoot", F_SPECIAL)                                  \
	X(TH, "th", F_SPECIAL | B_NONTABLE)                           \
	X(THEAD, "thead", F_SPECIAL)                                  \
	X(TIME, "time", F_INLINE)                                     \
	X(TITLE, "title", F_SPECIAL)                                  \
	X(TR, "tr", F_SPECIAL | F_EMPTYELT)                           \
	X(TRACK, "track", F_SPECIAL | F_VOID)                         \
	X(TT, "tt", F_INLINE | F_SPLIT | F_FORMAT)                    \
	X(U, "u", F_INLINE | F_SPLIT | F_FORMAT)                      \
	X(UL, "ul", F_SPECIAL | B_LIST)                               \
	X(VAR, "var", F_INLINE)                                       \
	X(VIDEO, "video", F_INLINE)                                   \
	X(WBR, "wbr", F_SPECIAL | F_VOID)                             \
	X(XMP, "xmp", F_SPECIAL | F_RAW)

#define TAG_ENUM(id, name, flags) T_##id,
/* Known element names; T_OTHER for the rest. */
enum tag_id { TAG_LIST(TAG_ENUM) T_COUNT, T_OTHER = T_COUNT, T_PWRAP };
#undef TAG_ENUM

/* One known name and its flags. */
struct tag_info {
	const char *name; /* lower case */
	unsigned flags;   /* F_* and B_* */
};

#define TAG_INFO(id, name, flags) { name, flags },
static const struct tag_info tag_info[] = { TAG_LIST(TAG_INFO) };
#undef TAG_INFO

/*
 * Element names in an open-addressing hash table built once: a lookup is
 * one hash of at most 10 bytes and, nearly always, one comparison.
 */
#define TAG_SLOTS 512u
static signed char tag_len[T_COUNT];          /* strlen of each name */
static short tag_slot[TAG_SLOTS];             /* tag id + 1, 0 when empty */
static pthread_once_t tag_once = PTHREAD_ONCE_INIT;

static unsigned tag_hash(const char *p, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

static void tag_build(void)
{
	for (int t = 0; t < T_COUNT; t++) {
		size_t n = strlen(tag_info[t].name);
		tag_len[t] = (signed char)n;
		unsigned k = tag_hash(tag_info[t].name, n) & (TAG_SLOTS - 1);
		while (tag_slot[k])
			k = (k + 1) & (TAG_SLOTS - 1);
		tag_slot[k] = (short)(t + 1);
	}
}

/* The id of a lower-case element name (tidy() has built the table). */
static int tag_lookup(struct str name)
{
	if (name.len == 0 || name.len > 10)
		return T_OTHER;
	for (unsigned k = tag_hash(name.p, name.len) & (TAG_SLOTS - 1); tag_slot[k]; k = (k + 1) & (TAG_SLOTS - 1)) {
		int t = tag_slot[k] - 1;
		if ((size_t)tag_len[t] != name.len)
			continue;
		const char *tn = tag_info[t].name;
		size_t i = 0;
		while (i < name.len && tn[i] == name.p[i])
			i++;
		if (i == name.len)
			return t;
	}
	return T_OTHER;
}

/* Flags of a tag id (none for T_OTHER and the p-wrapper). */
static unsigned tag_flags(int tag)
{
	return tag < T_COUNT ? tag_info[tag].flags : 0;
}

/* ---------- The tree ---------- */

/* One attribute as the tokenizer read it. */
struct tattr {
	struct str name;  /* lower case */
	struct str value; /* raw, character references untouched */
};

/*
 * A node: element or text. The tree builder's Element, the serializer's
 * node and the munger's data are one object here; MediaWiki keeps them
 * apart but links them one to one.
 */
struct tnode {
	struct tnode *parent, *first, *last, *prev, *next; /* the tree */
	bool is_text;           /* a text node (already escaped for output) */
	bool is_comment;        /* a comment (text holds its contents) */
	bool is_marker;         /* an AFE marker or bookmark, never in the tree */
	bool is_void;           /* inserted as a void element */
	bool is_raw;            /* an inert span (see inert_span()): `text` is its whole markup, written as is */
	int tag;                /* T_* */
	const char *text;       /* text and comment nodes: the output bytes (input or arena) */
	size_t len;             /* their length */
	size_t cap;             /* bytes allocated at `text` when it is ours, 0 while it points into the input */
	/* Text nodes end here (they are allocated only this far: TEXT_NODE_SIZE). */
	struct str name;        /* element name, lower case */
	struct tattr *attrs;    /* attributes in order, first of each name kept */
	size_t n_attrs;         /* count */
	/* tree builder */
	long sidx;              /* index in the stack of open elements, -1 when not on it */
	struct tnode *afe_prev; /* active formatting list neighbours */
	struct tnode *afe_next; /* (next) */
	uint64_t noah;          /* hash of name and sorted attributes (Noah's Ark key) */
	struct tnode *noah_next; /* next element in the same Noah bucket */
	unsigned long noah_seq; /* order in which elements were counted */
	int noah_level;         /* markers before it when it was counted */
	bool in_afe;            /* on the active formatting list */
	bool in_noah;           /* counted by the Noah's Ark clause */
	/* munger (RemexMungerData) */
	bool needs_pwrap;       /* body/blockquote/html: bare inline content gets wrapped */
	bool is_pwrapper;       /* a wrapper paragraph the munger made */
	bool is_splittable;     /* a formatting element the munger may clone */
	int nonblank;           /* non-blank children (text or elements) */
	struct tnode *ancestor_p;    /* the wrapper paragraph this is inside, if any */
	struct tnode *wrap_base;     /* the body/blockquote whose wrapping applies */
	struct tnode *child_p;       /* the open wrapper under this node, where inserts go */
	struct tnode *current_clone; /* the clone that replaced this one after a split */
};

/* Bytes of a text or comment node: the fields before `name`. */
#define TEXT_NODE_SIZE offsetof(struct tnode, name)

/*
 * Scope types of the stack of open elements, and two more chains of the
 * same kind: the topmost special element (where "any other end tag"
 * stops looking) and the topmost special element other than address, div
 * and p (where <li>, <dd> and <dt> stop looking for one to close).
 */
enum { SC_DEFAULT, SC_LIST, SC_BUTTON, SC_TABLE, SC_SELECT, SC_SPECIAL, SC_SPECIAL_LI, SC_COUNT };

/* Insertion modes (the ones a <body> fragment can reach). */
enum mode {
	M_IN_BODY,            /* "in body" */
	M_TEXT,               /* "text": inside a raw text or RCDATA element */
	M_IN_TABLE,           /* "in table" */
	M_IN_TABLE_TEXT,      /* "in table text": character runs pending */
	M_IN_CAPTION,         /* "in caption" */
	M_IN_COLUMN_GROUP,    /* "in column group" */
	M_IN_TABLE_BODY,      /* "in table body" */
	M_IN_ROW,             /* "in row" */
	M_IN_CELL,            /* "in cell" */
	M_IN_SELECT,          /* "in select" */
	M_IN_SELECT_IN_TABLE, /* "in select in table" */
	M_IN_PRE,             /* RemexHtml's mode after <pre>/<listing>: drops one leading newline */
	M_IN_TEXTAREA,        /* the same after <textarea> */
};
/* Tokenizer states the tree builder can switch to. */
enum tok_state { TS_DATA, TS_RCDATA, TS_RAWTEXT, TS_SCRIPT, TS_PLAINTEXT };

/* Where a node goes, relative to a reference node. */
enum prep { P_UNDER, P_BEFORE, P_ROOT };

/* One pending run of table text (in table text mode). */
struct pending_text {
	const char *p; /* bytes */
	size_t len;    /* count */
};

/* One slot of the stack of open elements, with the chains that make scope checks O(1). */
struct stack_slot {
	struct tnode *el;           /* the element */
	long prev_same;             /* slot of the next lower open element with the same tag, -1 */
	long prev_barrier[SC_COUNT]; /* previous barrier slot of each scope this element bars */
};

/* The tree builder with its munger and serializer state. */
struct tb {
	struct arena *a;           /* everything lives here */
	bool french;               /* armour French spaces in text */
	struct tnode *root;        /* the serializer's root */
	struct tnode *html;        /* the fragment's <html> element */
	struct stack_slot *stack;  /* stack of open elements */
	size_t n_stack, cap_stack; /* its size and allocation */
	long last_idx[T_COUNT];    /* topmost stack index of each known tag, -1 */
	long barrier[SC_COUNT];    /* topmost barrier index of each scope, -1 */
	struct tnode *afe_head;    /* active formatting list */
	struct tnode *afe_tail;    /* (tail) */
	enum mode mode;            /* current insertion mode */
	enum mode orig_mode;       /* saved mode for text/table text/pre */
	bool has_orig;             /* orig_mode is set */
	bool foster;               /* foster parenting is on */
	struct tnode *form;        /* the form element pointer */
	struct pending_text *pend; /* pending table character tokens */
	size_t n_pend, cap_pend;   /* their count and allocation */
	struct tnode **noah;       /* Noah's Ark buckets of AFE elements, by key hash */
	size_t n_noah;             /* bucket count (a power of two) */
	size_t noah_count;         /* elements in the buckets */
	int afe_level;             /* markers on the active formatting list */
	unsigned long noah_seq;    /* next sequence number */
	enum tok_state tok;        /* tokenizer state requested by the builder */
	struct str end_tag;        /* the appropriate end tag for raw text states */
	bool inert;                /* take inert spans whole (see inert_span()) */
	bool no_munger;            /* no RemexCompatMunger: nothing is wrapped in <p> (removeSomeTags) */
};

/* A text (or comment) node: only the fields text nodes use are allocated. */
static struct tnode *text_new(struct tb *tb)
{
	struct tnode *n = arena_calloc(tb->a, 1, TEXT_NODE_SIZE);
	n->tag = T_OTHER;
	n->is_text = true;
	return n;
}

static struct tnode *node_new(struct tb *tb, int tag, struct str name)
{
	struct tnode *n = arena_calloc(tb->a, 1, sizeof(*n));
	n->tag = tag;
	n->name = name;
	n->sidx = -1;
	return n;
}

/* A new element `name`, whose id `tag` the caller has looked up. */
static struct tnode *elem_new(struct tb *tb, int tag, struct str name, struct tattr *attrs, size_t n_attrs)
{
	struct tnode *n = node_new(tb, tag, name);
	n->attrs = attrs;
	n->n_attrs = n_attrs;
	return n;
}

/* ---------- Serializer: the tree itself ---------- */

static void tree_append(struct tnode *parent, struct tnode *n)
{
	n->parent = parent;
	n->next = NULL;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
}

static void tree_insert_before(struct tnode *ref, struct tnode *n)
{
	struct tnode *parent = ref->parent;
	n->parent = parent;
	n->next = ref;
	n->prev = ref->prev;
	if (ref->prev)
		ref->prev->next = n;
	else
		parent->first = n;
	ref->prev = n;
}

/* Take `n` out of its parent, leaving an empty text node in its place (MediaWiki leaves ''). */
static void tree_detach(struct tb *tb, struct tnode *n)
{
	struct tnode *parent = n->parent;
	if (!parent)
		return;
	struct tnode *t = text_new(tb);
	t->parent = parent;
	t->prev = n->prev;
	t->next = n->next;
	if (n->prev)
		n->prev->next = t;
	else
		parent->first = t;
	if (n->next)
		n->next->prev = t;
	else
		parent->last = t;
	n->parent = n->prev = n->next = NULL;
}

/* Append bytes to a text node (its first bytes may still point into the input). */
static void text_add(struct tb *tb, struct tnode *t, const char *p, size_t len)
{
	if (len == 0)
		return;
	if (t->len == 0 && t->cap == 0) {
		t->text = p;
		t->len = len;
		return;
	}
	if (t->len + len > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		while (cap < t->len + len)
			cap *= 2;
		char *np = arena_alloc(tb->a, cap);
		memcpy(np, t->text, t->len);
		t->text = np;
		t->cap = cap;
	}
	memcpy((char *)t->text + t->len, p, len);
	t->len += len;
}

/*
 * RemexCompatFormatter::characters(): text for `parent` as it will be
 * written. Inside raw text elements it stays as is; elsewhere '<', '>',
 * U+00A0 and U+0338 are escaped, French spaces armoured, and character
 * references normalised. In tb's arena.
 */
static struct str format_text(struct tb *tb, struct tnode *parent, const char *p, size_t len)
{
	if (tag_flags(parent->tag) & F_RAW)
		return (struct str){ p, len };
	/* Most text needs nothing: no markup characters, references, NBSP, U+0338 or French spaces. */
	/*
	 * 1: needs work; 2: a space (French spacing may need work); 3: ASCII
	 * punctuation French spacing looks at; 4: the first byte of a
	 * character wt_san_tidy_special() may find (NBSP, U+0338, guillemets).
	 */
	static const unsigned char flag[256] = {
		['<'] = 1, ['>'] = 1, ['&'] = 1, [0xc2] = 4, [0xcc] = 4, [0xe2] = 4, [' '] = 2,
		['?'] = 3, [':'] = 3, [';'] = 3, ['!'] = 3, ['%'] = 3, ['\0'] = 3,
	};
	bool plain = true;
	const unsigned char *u = (const unsigned char *)p;
	for (size_t i = 0; i < len; i++) {
		unsigned char f = flag[u[i]];
		if (!f)
			continue;
		if (f == 1 || (f == 2 && tb->french && i + 1 < len && flag[u[i + 1]] == 3) ||
		    (f == 4 && wt_san_tidy_special(p + i, len - i))) {
			plain = false;
			break;
		}
	}
	if (plain)
		return (struct str){ p, len };
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep = NULL;
		size_t n = 1;
		unsigned char c = (unsigned char)p[i];
		if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c == 0xc2 && i + 1 < len && (unsigned char)p[i + 1] == 0xa0)
			rep = "&#160;", n = 2;
		else if (c == 0xcc && i + 1 < len && (unsigned char)p[i + 1] == 0xb8)
			rep = "&#x338;", n = 2;
		if (!rep)
			continue;
		sbuf_add(&sb, p + run, i - run);
		sbuf_adds(&sb, rep);
		i += n - 1;
		run = i + 1;
	}
	sbuf_add(&sb, p + run, len - run);
	struct str esc = { sbuf_cstr(&sb), sb.len };
	struct sbuf sb2;
	sbuf_init(&sb2, SIZE_MAX / 2);
	if (tb->french) {
		wt_san_armor_french_spaces(&sb2, esc, STR_LIT("&#160;"));
		sbuf_release(&sb);
		sb = sb2;
		sbuf_init(&sb2, SIZE_MAX / 2);
		esc = (struct str){ sbuf_cstr(&sb), sb.len };
	}
	wt_san_normalize_charrefs(&sb2, esc);
	struct str r = { arena_strndup(tb->a, sbuf_cstr(&sb2), sb2.len), sb2.len };
	sbuf_release(&sb);
	sbuf_release(&sb2);
	return r;
}

/* The serializer's characters(): text under or before a node, merged into a preceding text node. */
static void ser_characters(struct tb *tb, enum prep prep, struct tnode *ref, const char *p, size_t len)
{
	struct tnode *parent = prep == P_ROOT ? tb->root : prep == P_BEFORE ? ref->parent : ref;
	struct str enc = format_text(tb, parent, p, len);
	if (prep == P_BEFORE) {
		struct tnode *t = text_new(tb);
		text_add(tb, t, enc.p, enc.len);
		tree_insert_before(ref, t);
		return;
	}
	struct tnode *last = parent->last;
	if (last && last->is_text && !last->is_comment) {
		text_add(tb, last, enc.p, enc.len);
		return;
	}
	struct tnode *t = text_new(tb);
	text_add(tb, t, enc.p, enc.len);
	tree_append(parent, t);
}

/* The serializer's insertElement(): place (or move) an element. */
static void ser_insert_element(struct tb *tb, enum prep prep, struct tnode *ref, struct tnode *el, bool is_void)
{
	if (el->parent)
		tree_detach(tb, el);
	else
		el->is_void = is_void;
	if (prep == P_ROOT)
		tree_append(tb->root, el);
	else if (prep == P_BEFORE)
		tree_insert_before(ref, el);
	else
		tree_append(ref, el);
}

/* ---------- Munger (RemexCompatMunger) ---------- */

/*
 * Where an insertion relative to `ref` really goes: under the clone that
 * replaced `ref` after a split, or under its open wrapper paragraph.
 * Returns the parent; *new_ref gets the node to pass on.
 */
static struct tnode *m_parent_for_insert(struct tb *tb, enum prep prep, struct tnode *ref, struct tnode **new_ref)
{
	if (prep == P_ROOT) {
		*new_ref = NULL;
		return tb->root;
	}
	if (prep == P_BEFORE) {
		*new_ref = ref;
		return ref->parent;
	}
	if (ref->current_clone) {
		struct tnode *orig = ref;
		while (ref->current_clone)
			ref = ref->current_clone;
		orig->current_clone = ref;
	} else if (ref->child_p) {
		ref = ref->child_p;
	}
	*new_ref = ref;
	return ref;
}

static struct tnode *m_insert_pwrapper(struct tb *tb, struct tnode *parent)
{
	struct tnode *pw = node_new(tb, T_PWRAP, STR_LIT("mw:p-wrap"));
	ser_insert_element(tb, P_UNDER, parent, pw, false);
	pw->is_pwrapper = true;
	pw->wrap_base = parent;
	parent->child_p = pw;
	return pw;
}

static void m_insert_element(struct tb *tb, enum prep prep, struct tnode *ref, struct tnode *el, bool is_void);

/* Clone the splittable elements between `parent` and the wrap base (or wrapper); returns the new parent. */
static struct tnode *m_split_tag_stack(struct tb *tb, struct tnode *parent, bool inline_)
{
	struct tnode *wrap_base = parent->wrap_base;
	struct tnode *pwrap = parent->ancestor_p;
	struct tnode *clone_end = pwrap ? pwrap : wrap_base;
	/* The nodes from `parent` up to (not including) clone_end, innermost first. */
	size_t n = 0, cap = 0, n_rm = 0, cap_rm = 0;
	struct tnode **nodes = NULL, **removable = NULL;
	for (struct tnode *node = parent; node && node != clone_end;) {
		struct tnode *next_parent = node->parent;
		if (!next_parent || next_parent == tb->root)
			break; /* MediaWiki throws here ("did not find end of clone range") */
		nodes = arena_grow(tb->a, nodes, n, &cap, sizeof(*nodes));
		nodes[n++] = node;
		if (node->nonblank == 0) {
			removable = arena_grow(tb->a, removable, n_rm, &cap_rm, sizeof(*removable));
			removable[n_rm++] = node;
			next_parent->nonblank--;
		}
		node = next_parent;
	}
	struct tnode *node;
	if (inline_) {
		pwrap = m_insert_pwrapper(tb, wrap_base);
		node = pwrap;
	} else {
		if (pwrap)
			wrap_base->child_p = NULL;
		pwrap = NULL;
		node = wrap_base;
	}
	for (size_t i = n; i-- > 0;) {
		struct tnode *old = nodes[i];
		struct tnode *node_parent = node;
		struct tnode *el = node_new(tb, old->tag, old->name);
		el->attrs = old->attrs;
		el->n_attrs = old->n_attrs;
		ser_insert_element(tb, P_UNDER, node_parent, el, false);
		old->current_clone = el;
		el->ancestor_p = pwrap;
		el->is_splittable = true;
		el->wrap_base = wrap_base;
		el->is_pwrapper = old->is_pwrapper;
		node_parent->nonblank++;
		node = el;
	}
	for (size_t i = 0; i < n_rm; i++) {
		struct tnode *r = removable[i];
		if (r->parent) {
			/* The serializer leaves '' where the node was. */
			tree_detach(tb, r);
		}
	}
	return node;
}

/* Move the child of the wrapper that contains `node` after the wrapper: the wrapper ends there. */
static void m_disable_pwrapper(struct tb *tb, struct tnode *node)
{
	struct tnode *pwrap = node->ancestor_p;
	struct tnode *new_parent = pwrap->parent;
	if (!new_parent || new_parent->last != pwrap)
		return; /* fostering or something: MediaWiki gives up too */
	struct tnode *victim, *next_parent = node;
	do {
		victim = next_parent;
		victim->ancestor_p = NULL;
		next_parent = victim->parent;
	} while (next_parent && next_parent != pwrap);
	/*
	 * `node` was moved out of the wrapper after it got its ancestor_p (the
	 * adoption agency fosters a block out of one): the climb went past the
	 * tree's root, which must not be put under the wrapper's parent (a cycle
	 * the serializer never leaves). The stale pointers are cleared above.
	 */
	if (next_parent != pwrap)
		return;
	ser_insert_element(tb, P_UNDER, new_parent, victim, false);
	pwrap->nonblank--;
	new_parent->child_p = NULL;
}

static void m_insert_element(struct tb *tb, enum prep prep, struct tnode *ref, struct tnode *el, bool is_void)
{
	struct tnode *new_ref;
	struct tnode *parent = m_parent_for_insert(tb, prep, ref, &new_ref);
	unsigned f = tag_flags(el->tag);
	bool inline_ = f & F_INLINE;
	bool under = prep == P_UNDER;
	if (f & F_META) {
		/* metadata: allowed in inline and block context alike */
	} else if (under && parent->is_pwrapper && !inline_) {
		/* B/b: a block under a wrapper closes the wrapper. */
		parent = parent->parent;
		parent->child_p = NULL;
		new_ref = ref;
	} else if (under && parent->is_splittable && (parent->ancestor_p != NULL) != inline_) {
		/* CS/b, DS/i: split the formatting elements. */
		new_ref = m_split_tag_stack(tb, new_ref, inline_);
		parent = new_ref;
	} else if (under && parent->needs_pwrap && inline_) {
		/* A/i: inline at the top level gets a wrapper. */
		new_ref = m_insert_pwrapper(tb, new_ref);
		parent = new_ref;
	} else if (parent->ancestor_p && !inline_) {
		/* CU/b: a block inside a wrapper that cannot be split: end the wrapper. */
		m_disable_pwrapper(tb, parent);
	}
	parent->nonblank++;
	ser_insert_element(tb, prep, new_ref, el, is_void);
	if ((parent->is_pwrapper || parent->is_splittable) && (f & F_SPLIT))
		el->is_splittable = true;
	if (parent->is_pwrapper)
		el->ancestor_p = parent;
	else if (parent->ancestor_p)
		el->ancestor_p = parent->ancestor_p;
	if (parent->wrap_base)
		el->wrap_base = parent->wrap_base;
	else if (parent->needs_pwrap)
		el->wrap_base = parent;
	if ((el->tag == T_BODY || el->tag == T_BLOCKQUOTE || el->tag == T_HTML) && !tb->no_munger)
		el->needs_pwrap = true;
}

static bool is_blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!(p[i] == '\t' || p[i] == '\n' || p[i] == '\f' || p[i] == '\r' || p[i] == ' '))
			return false;
	return true;
}

static void m_characters(struct tb *tb, enum prep prep, struct tnode *ref, const char *p, size_t len)
{
	bool blank = is_blank(p, len);
	struct tnode *new_ref;
	struct tnode *parent = m_parent_for_insert(tb, prep, ref, &new_ref);
	if (prep == P_UNDER) {
		if (parent->needs_pwrap && !blank) {
			new_ref = m_insert_pwrapper(tb, new_ref);
			parent = new_ref;
		} else if (parent->is_splittable && !parent->ancestor_p) {
			new_ref = m_split_tag_stack(tb, new_ref, true);
			parent = new_ref;
		}
	}
	if (!blank)
		parent->nonblank++;
	ser_characters(tb, prep, new_ref, p, len);
}

static void m_end_tag(struct tb *tb, struct tnode *el)
{
	if (el->child_p) {
		struct tnode *pw = el->child_p;
		m_end_tag(tb, pw);
	}
	/* The serializer writes the element out here; this one writes the whole tree at the end. */
	el->child_p = NULL;
}

/* The munger's reparentChildren(): the children of `el` move under `new_parent`, which goes under `el`. */
static void m_reparent_children(struct tb *tb, struct tnode *el, struct tnode *new_parent)
{
	if (el->child_p) {
		m_reparent_children(tb, el->child_p, new_parent);
		return;
	}
	struct tnode *first = el->first, *last = el->last;
	el->first = el->last = NULL;
	m_insert_element(tb, P_UNDER, el, new_parent, false);
	/* new_parent takes the old children (its own are none: it is new). */
	for (struct tnode *c = first; c; c = c->next)
		c->parent = new_parent;
	new_parent->first = first;
	new_parent->last = last;
}

static void m_comment(struct tb *tb, enum prep prep, struct tnode *ref, const char *p, size_t len)
{
	struct tnode *new_ref;
	struct tnode *parent = m_parent_for_insert(tb, prep, ref, &new_ref);
	struct tnode *c = text_new(tb);
	c->is_comment = true;
	text_add(tb, c, "<!--", 4);
	text_add(tb, c, p, len);
	text_add(tb, c, "-->", 3);
	if (prep == P_BEFORE)
		tree_insert_before(new_ref, c);
	else
		tree_append(parent, c);
}


/* ---------- Tree builder: the stack of open elements ---------- */

/* Scope types an element bars (CachingStack::getScopeTypesToStack). */
static unsigned barred_scopes(const struct tnode *el)
{
	unsigned f = tag_flags(el->tag), m = 0;
	if (f & B_DEFAULT)
		m |= 1u << SC_DEFAULT;
	if (f & B_LIST)
		m |= 1u << SC_LIST;
	if (f & B_BUTTON)
		m |= 1u << SC_BUTTON;
	if (f & B_TABLE)
		m |= 1u << SC_TABLE;
	if (!(f & B_NOSELECT))
		m |= 1u << SC_SELECT;
	if (f & F_SPECIAL) {
		m |= 1u << SC_SPECIAL;
		if (el->tag != T_ADDRESS && el->tag != T_DIV && el->tag != T_P)
			m |= 1u << SC_SPECIAL_LI;
	}
	return m;
}

/* barred_scopes() of every tag id (T_OTHER and T_PWRAP included), built once. */
static unsigned scope_mask[T_PWRAP + 1];
static pthread_once_t scope_once = PTHREAD_ONCE_INIT;

static void scope_build(void)
{
	for (int t = 0; t <= T_PWRAP; t++) {
		struct tnode n = { 0 };
		n.tag = t;
		scope_mask[t] = barred_scopes(&n);
	}
}

/* barred_scopes() through the table. */
static unsigned scopes_of(const struct tnode *el)
{
	pthread_once(&scope_once, scope_build);
	return el->tag >= 0 && el->tag <= T_PWRAP ? scope_mask[el->tag] : barred_scopes(el);
}

static void stack_push(struct tb *tb, struct tnode *el)
{
	if (tb->n_stack >= tb->cap_stack)
		tb->stack = arena_grow(tb->a, tb->stack, tb->n_stack, &tb->cap_stack, sizeof(*tb->stack));
	long i = (long)tb->n_stack;
	struct stack_slot *slot = &tb->stack[tb->n_stack++];
	slot->el = el;
	el->sidx = i;
	for (unsigned m = scopes_of(el); m; m &= m - 1) {
		int s = __builtin_ctz(m);
		slot->prev_barrier[s] = tb->barrier[s];
		tb->barrier[s] = i;
	}
	if (el->tag < T_COUNT) {
		slot->prev_same = tb->last_idx[el->tag];
		tb->last_idx[el->tag] = i;
	}
}

static struct tnode *stack_pop(struct tb *tb)
{
	if (tb->n_stack == 0)
		return NULL;
	struct stack_slot *slot = &tb->stack[--tb->n_stack];
	struct tnode *el = slot->el;
	for (unsigned m = scopes_of(el); m; m &= m - 1) {
		int s = __builtin_ctz(m);
		tb->barrier[s] = slot->prev_barrier[s];
	}
	if (el->tag < T_COUNT)
		tb->last_idx[el->tag] = slot->prev_same;
	el->sidx = -1;
	return el;
}

static struct tnode *current(struct tb *tb)
{
	return tb->n_stack ? tb->stack[tb->n_stack - 1].el : NULL;
}

/* Put `el` where `old` is on the stack (same tag: the chains stay valid). */
static void stack_replace(struct tb *tb, struct tnode *old, struct tnode *el)
{
	long i = old->sidx;
	tb->stack[i].el = el;
	el->sidx = i;
	old->sidx = -1;
}

/* Remove `el` from the middle of the stack (pop down to it, push the rest back). */
static void stack_remove(struct tb *tb, struct tnode *el)
{
	long idx = el->sidx;
	if (idx < 0)
		return;
	size_t n = tb->n_stack - (size_t)idx - 1;
	struct tnode **tmp = arena_alloc(tb->a, (n + 1) * sizeof(*tmp));
	for (size_t k = 0; k < n; k++)
		tmp[k] = stack_pop(tb);
	stack_pop(tb);
	for (size_t k = n; k-- > 0;)
		stack_push(tb, tmp[k]);
}

/* Is an element with tag `tag` in `scope`? (HTML5 "has an element in … scope".) */
static bool in_scope(struct tb *tb, int tag, int scope)
{
	long i = tb->last_idx[tag];
	return i >= 0 && i >= tb->barrier[scope];
}

static bool element_in_scope(struct tb *tb, struct tnode *el)
{
	return el->sidx >= 0 && el->sidx >= tb->barrier[SC_DEFAULT];
}

/* Same element name: known tags by id, others by name. */
static bool is_named(const struct tnode *el, int tag, struct str name)
{
	if (el->is_marker)
		return false;
	if (tag != T_OTHER)
		return el->tag == tag;
	return el->tag == T_OTHER && el->name.len == name.len && memcmp(el->name.p, name.p, name.len) == 0;
}

static bool cur_is(struct tb *tb, int tag)
{
	struct tnode *c = current(tb);
	return c && c->tag == tag;
}

/* ---------- Tree builder: active formatting elements ---------- */

/* The Noah's Ark key: name and attributes, sorted by name (FNV-1a over both). */
/* A hash of s[0..n), eight bytes at a time (only equal keys need equal hashes). */
static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h ^ n;
}

static uint64_t noah_key(const struct tnode *el)
{
	uint64_t h = hash_bytes(1469598103934665603ULL, el->name.p, el->name.len);
	/* Order-independent over attributes: sum of per-attribute hashes. */
	uint64_t sum = 0;
	for (size_t k = 0; k < el->n_attrs; k++) {
		uint64_t a = hash_bytes(14695981039346656037ULL, el->attrs[k].name.p, el->attrs[k].name.len);
		a = hash_bytes(a, el->attrs[k].value.p, el->attrs[k].value.len);
		sum += a * 0x9e3779b97f4a7c15ULL;
	}
	return h ^ sum ^ el->n_attrs;
}

/* Exactly the same name and attribute set (the key MediaWiki compares). */
static bool same_key(const struct tnode *a, const struct tnode *b)
{
	if (a->noah != b->noah || a->n_attrs != b->n_attrs || a->name.len != b->name.len ||
	    memcmp(a->name.p, b->name.p, a->name.len) != 0)
		return false;
	for (size_t i = 0; i < a->n_attrs; i++) {
		bool found = false;
		for (size_t j = 0; j < b->n_attrs && !found; j++) {
			const struct tattr *x = &a->attrs[i], *y = &b->attrs[j];
			found = x->name.len == y->name.len && memcmp(x->name.p, y->name.p, x->name.len) == 0 &&
				x->value.len == y->value.len && memcmp(x->value.p, y->value.p, x->value.len) == 0;
		}
		if (!found)
			return false;
	}
	return true;
}

/* The bucket of a key at a marker level: only equal keys at one level are ever compared. */
static size_t noah_bucket(const struct tb *tb, uint64_t key, int level)
{
	return (size_t)((key ^ ((uint64_t)(unsigned)level * 0x9e3779b97f4a7c15ULL)) & (tb->n_noah - 1));
}

/* Count `el` (its key el->noah already set) for the Noah's Ark clause at the current marker level. */
static void noah_add(struct tb *tb, struct tnode *el)
{
	if (tb->noah_count + 1 > tb->n_noah) {
		/* Grow to keep buckets short; rehash every counted element. */
		size_t n = tb->n_noah ? tb->n_noah * 2 : 16;
		struct tnode **nb = arena_calloc(tb->a, n, sizeof(*nb));
		for (size_t b = 0; b < tb->n_noah; b++) {
			for (struct tnode *e = tb->noah[b], *next; e; e = next) {
				next = e->noah_next;
				size_t k = (size_t)((e->noah ^ ((uint64_t)(unsigned)e->noah_level * 0x9e3779b97f4a7c15ULL)) &
						    (n - 1));
				e->noah_next = nb[k];
				nb[k] = e;
			}
		}
		tb->noah = nb;
		tb->n_noah = n;
	}
	el->noah_level = tb->afe_level;
	el->noah_seq = tb->noah_seq++;
	el->in_noah = true;
	struct tnode **b = &tb->noah[noah_bucket(tb, el->noah, el->noah_level)];
	el->noah_next = *b;
	*b = el;
	tb->noah_count++;
}

static void noah_remove(struct tb *tb, struct tnode *el)
{
	if (!el->in_noah)
		return;
	for (struct tnode **pp = &tb->noah[noah_bucket(tb, el->noah, el->noah_level)]; *pp; pp = &(*pp)->noah_next) {
		if (*pp == el) {
			*pp = el->noah_next;
			break;
		}
	}
	el->noah_next = NULL;
	el->in_noah = false;
	tb->noah_count--;
}

static void afe_unlink(struct tb *tb, struct tnode *e)
{
	if (e->afe_prev)
		e->afe_prev->afe_next = e->afe_next;
	else
		tb->afe_head = e->afe_next;
	if (e->afe_next)
		e->afe_next->afe_prev = e->afe_prev;
	else
		tb->afe_tail = e->afe_prev;
	e->afe_prev = e->afe_next = NULL;
	e->in_afe = false;
}

static void afe_append(struct tb *tb, struct tnode *e)
{
	e->afe_prev = tb->afe_tail;
	e->afe_next = NULL;
	if (tb->afe_tail)
		tb->afe_tail->afe_next = e;
	else
		tb->afe_head = e;
	tb->afe_tail = e;
	e->in_afe = true;
}

static void afe_remove(struct tb *tb, struct tnode *e)
{
	if (!e->in_afe)
		return;
	afe_unlink(tb, e);
	if (!e->is_marker)
		noah_remove(tb, e);
}

static void afe_insert_marker(struct tb *tb)
{
	struct tnode *m = node_new(tb, T_OTHER, (struct str){ "", 0 });
	m->is_marker = true;
	afe_append(tb, m);
	tb->afe_level++;
}

/* Push a formatting element, first dropping the earliest of three identical ones (Noah's Ark). */
static void afe_push(struct tb *tb, struct tnode *el)
{
	el->noah = noah_key(el);
	if (tb->n_noah) {
		size_t count = 0;
		struct tnode *earliest = NULL;
		for (struct tnode *e = tb->noah[noah_bucket(tb, el->noah, tb->afe_level)]; e; e = e->noah_next) {
			if (e->noah_level != tb->afe_level || !same_key(e, el))
				continue;
			count++;
			if (!earliest || e->noah_seq < earliest->noah_seq)
				earliest = e;
		}
		if (count >= 3)
			afe_remove(tb, earliest);
	}
	noah_add(tb, el);
	afe_append(tb, el);
}

static void afe_clear_to_marker(struct tb *tb)
{
	while (tb->afe_tail) {
		struct tnode *e = tb->afe_tail;
		afe_remove(tb, e);
		if (e->is_marker) {
			tb->afe_level--;
			return;
		}
	}
	tb->afe_level = 0;
}

/* The last element named `tag` after the last marker, or NULL. */
static struct tnode *afe_find(struct tb *tb, int tag, struct str name)
{
	for (struct tnode *e = tb->afe_tail; e && !e->is_marker; e = e->afe_prev)
		if (is_named(e, tag, name))
			return e;
	return NULL;
}

/* `b` takes the place of `a` in the list. */
static void afe_replace(struct tb *tb, struct tnode *a, struct tnode *b)
{
	b->afe_prev = a->afe_prev;
	b->afe_next = a->afe_next;
	if (a->afe_prev)
		a->afe_prev->afe_next = b;
	else
		tb->afe_head = b;
	if (a->afe_next)
		a->afe_next->afe_prev = b;
	else
		tb->afe_tail = b;
	a->afe_prev = a->afe_next = NULL;
	a->in_afe = false;
	b->in_afe = true;
	if (!a->is_marker)
		noah_remove(tb, a);
	if (!b->is_marker) {
		b->noah = noah_key(b);
		noah_add(tb, b);
	}
}

static void afe_insert_after(struct tb *tb, struct tnode *a, struct tnode *b)
{
	b->afe_prev = a;
	b->afe_next = a->afe_next;
	if (a->afe_next)
		a->afe_next->afe_prev = b;
	else
		tb->afe_tail = b;
	a->afe_next = b;
	b->in_afe = true;
	if (!b->is_marker) {
		b->noah = noah_key(b);
		noah_add(tb, b);
	}
}

/* ---------- Tree builder: insertion ---------- */

/* A start tag from the tokenizer. */
struct tok_tag {
	struct str name;     /* lower case */
	int tag;             /* its T_* id */
	struct tattr *attrs; /* attributes, duplicates already dropped */
	size_t n_attrs;      /* count */
	bool self_close;     /* written as <x/> (acknowledged only by void elements) */
};

/* The appropriate place for inserting a node, with foster parenting (HTML5 13.2.6.1). */
static enum prep appropriate_place(struct tb *tb, struct tnode *target, struct tnode **ref)
{
	if (!target)
		target = current(tb);
	if (!target) {
		*ref = NULL;
		return P_ROOT;
	}
	int t = target->tag;
	if (!tb->foster || !(t == T_TABLE || t == T_TBODY || t == T_TFOOT || t == T_THEAD || t == T_TR)) {
		*ref = target;
		return P_UNDER;
	}
	struct tnode *node = NULL;
	for (long i = (long)tb->n_stack - 1; i >= 0; i--) {
		node = tb->stack[i].el;
		if (node->tag == T_TABLE && i >= 1) {
			*ref = node;
			return P_BEFORE;
		}
		if (node->tag == T_TEMPLATE) {
			*ref = node;
			return P_UNDER;
		}
	}
	*ref = node;
	return P_UNDER;
}

static void insert_characters(struct tb *tb, const char *p, size_t len)
{
	struct tnode *ref;
	enum prep prep = appropriate_place(tb, NULL, &ref);
	m_characters(tb, prep, ref, p, len);
}

static struct tnode *insert_element(struct tb *tb, int tag, struct str name, struct tattr *attrs, size_t n_attrs,
				   bool is_void)
{
	struct tnode *ref;
	enum prep prep = appropriate_place(tb, NULL, &ref);
	struct tnode *el = elem_new(tb, tag, name, attrs, n_attrs);
	m_insert_element(tb, prep, ref, el, is_void);
	if (!is_void)
		stack_push(tb, el);
	return el;
}

static struct tnode *insert_tag(struct tb *tb, const struct tok_tag *t, bool is_void)
{
	return insert_element(tb, t->tag, t->name, t->attrs, t->n_attrs, is_void);
}

static struct tnode *pop(struct tb *tb)
{
	struct tnode *el = stack_pop(tb);
	if (el)
		m_end_tag(tb, el);
	return el;
}

/* Pop implied end tags (dd dt li option optgroup p rb rp rt rtc), except `except`. */
static void generate_implied(struct tb *tb, int except)
{
	struct tnode *c;
	while ((c = current(tb)) && c->tag != except && (tag_flags(c->tag) & F_IMPLIED))
		pop(tb);
}

static void pop_until_tag(struct tb *tb, int tag)
{
	struct tnode *el;
	while ((el = pop(tb)) && el->tag != tag)
		;
}

static void pop_until_element(struct tb *tb, struct tnode *target)
{
	struct tnode *el;
	while ((el = pop(tb)) && el != target)
		;
}

static void generate_implied_and_pop(struct tb *tb, int tag)
{
	generate_implied(tb, tag);
	pop_until_tag(tb, tag);
}

static void close_p_in_button_scope(struct tb *tb)
{
	if (in_scope(tb, T_P, SC_BUTTON))
		generate_implied_and_pop(tb, T_P);
}

/* Pop until the current node is one of `tags` (a T_* list ended by -1). */
static void clear_stack_back(struct tb *tb, const int *tags)
{
	for (struct tnode *c; (c = current(tb)) != NULL; pop(tb)) {
		for (const int *t = tags; *t >= 0; t++)
			if (c->tag == *t)
				return;
	}
}

static const int table_context[] = { T_TABLE, T_TEMPLATE, T_HTML, -1 };
static const int table_body_context[] = { T_TBODY, T_TFOOT, T_THEAD, T_TEMPLATE, T_HTML, -1 };
static const int table_row_context[] = { T_TR, T_TEMPLATE, T_HTML, -1 };

static void reconstruct_afe(struct tb *tb)
{
	struct tnode *entry = tb->afe_tail;
	if (!entry || entry->is_marker || entry->sidx >= 0)
		return;
	bool found = false;
	while (entry->afe_prev) {
		entry = entry->afe_prev;
		if (entry->is_marker || entry->sidx >= 0) {
			found = true;
			break;
		}
	}
	if (found)
		entry = entry->afe_next;
	do {
		struct tnode *el = insert_element(tb, entry->tag, entry->name, entry->attrs, entry->n_attrs, false);
		afe_replace(tb, entry, el);
		entry = el->afe_next;
	} while (entry);
}

static void any_other_end_tag(struct tb *tb, int tag, struct str name)
{
	long i;
	if (tag != T_OTHER) {
		/* The topmost element of that name, unless a special element is above it. */
		i = tb->last_idx[tag];
		if (i < 0 || i < tb->barrier[SC_SPECIAL])
			return;
	} else {
		for (i = (long)tb->n_stack - 1; i >= 0; i--) {
			struct tnode *node = tb->stack[i].el;
			if (is_named(node, tag, name))
				break;
			if (tag_flags(node->tag) & F_SPECIAL)
				return;
		}
		if (i < 0)
			return;
	}
	generate_implied(tb, tag == T_OTHER ? -1 : tag);
	while ((long)tb->n_stack - 1 > i)
		pop(tb);
	pop(tb);
}

/* One pending insertion of the adoption agency. */
struct aaa_ins {
	enum prep prep;    /* where */
	struct tnode *ref; /* relative to */
	struct tnode *el;  /* what */
};

/* The adoption agency algorithm (HTML5 13.2.6.4.7), as RemexHtml runs it. */
static void adoption_agency(struct tb *tb, int tag, struct str name)
{
	struct tnode *cur = current(tb);
	if (cur && is_named(cur, tag, name) && !cur->in_afe) {
		pop(tb);
		return;
	}
	for (int outer = 0; outer < 8; outer++) {
		struct tnode *fmt = afe_find(tb, tag, name);
		if (!fmt) {
			any_other_end_tag(tb, tag, name);
			return;
		}
		if (fmt->sidx < 0) {
			afe_remove(tb, fmt);
			return;
		}
		if (!element_in_scope(tb, fmt))
			return;
		long fmt_idx = fmt->sidx;
		struct tnode *furthest = NULL;
		long fbi = -1;
		for (long i = fmt_idx + 1; i < (long)tb->n_stack; i++) {
			if (tag_flags(tb->stack[i].el->tag) & F_SPECIAL) {
				furthest = tb->stack[i].el;
				fbi = i;
				break;
			}
		}
		if (!furthest) {
			pop_until_element(tb, fmt);
			afe_remove(tb, fmt);
			return;
		}
		struct tnode *ancestor = tb->stack[fmt_idx - 1].el;
		struct tnode *bookmark = node_new(tb, T_OTHER, (struct str){ "", 0 });
		bookmark->is_marker = true;
		afe_insert_after(tb, fmt, bookmark);
		struct tnode *last = furthest;
		long node_idx = fbi;
		bool *removal = arena_calloc(tb->a, tb->n_stack, sizeof(bool));
		size_t n_ins = 0, cap_ins = 0;
		struct aaa_ins *ins = NULL;
		for (int inner = 1;; inner++) {
			struct tnode *node = tb->stack[--node_idx].el;
			if (node == fmt)
				break;
			bool is_afe = node->in_afe;
			if (inner > 3 && is_afe) {
				afe_remove(tb, node);
				is_afe = false;
			}
			if (!is_afe) {
				removal[node_idx] = true;
				continue;
			}
			struct tnode *el = elem_new(tb, node->tag, node->name, node->attrs, node->n_attrs);
			afe_replace(tb, node, el);
			stack_replace(tb, node, el);
			node = el;
			if (last == furthest) {
				afe_remove(tb, bookmark);
				afe_insert_after(tb, el, bookmark);
			}
			ins = arena_grow(tb->a, ins, n_ins, &cap_ins, sizeof(*ins));
			ins[n_ins++] = (struct aaa_ins){ P_UNDER, node, last };
			last = node;
		}
		struct tnode *ref;
		enum prep prep = appropriate_place(tb, ancestor, &ref);
		ins = arena_grow(tb->a, ins, n_ins, &cap_ins, sizeof(*ins));
		ins[n_ins++] = (struct aaa_ins){ prep, ref, last };
		for (size_t i = n_ins; i-- > 0;)
			m_insert_element(tb, ins[i].prep, ins[i].ref, ins[i].el, false);
		struct tnode *el2 = elem_new(tb, fmt->tag, fmt->name, fmt->attrs, fmt->n_attrs);
		m_reparent_children(tb, furthest, el2);
		afe_remove(tb, fmt);
		afe_replace(tb, bookmark, el2);
		/* Stack surgery: fmt goes, el2 goes right above the furthest block. */
		size_t n_tmp = 0;
		struct tnode **tmp = arena_alloc(tb->a, (tb->n_stack + 1) * sizeof(*tmp));
		long index;
		for (index = (long)tb->n_stack - 1; index > fbi; index--)
			tmp[n_tmp++] = stack_pop(tb);
		tmp[n_tmp++] = el2;
		for (; index > fmt_idx; index--) {
			struct tnode *e = stack_pop(tb);
			if (removal[index])
				m_end_tag(tb, e);
			else
				tmp[n_tmp++] = e;
		}
		m_end_tag(tb, stack_pop(tb));
		for (size_t k = n_tmp; k-- > 0;)
			stack_push(tb, tmp[k]);
	}
}

/* ---------- Tree builder: insertion modes ---------- */

static void process_chars(struct tb *tb, enum mode mode, const char *p, size_t len);
static void process_start(struct tb *tb, enum mode mode, struct tok_tag *t);
static void process_end(struct tb *tb, enum mode mode, int tag, struct str name);
static void process_eof(struct tb *tb, enum mode mode);

static void switch_and_save(struct tb *tb, enum mode m)
{
	tb->orig_mode = tb->mode;
	tb->has_orig = true;
	tb->mode = m;
}

static enum mode restore_mode(struct tb *tb)
{
	tb->mode = tb->has_orig ? tb->orig_mode : M_IN_BODY;
	tb->has_orig = false;
	return tb->mode;
}

static bool is_table_mode(enum mode m)
{
	return m == M_IN_TABLE || m == M_IN_CAPTION || m == M_IN_TABLE_BODY || m == M_IN_ROW || m == M_IN_CELL;
}

/* "Reset the insertion mode appropriately", in the fragment context <body>. */
static enum mode reset_mode(struct tb *tb)
{
	for (long i = (long)tb->n_stack - 1; i >= 0; i--) {
		struct tnode *node = tb->stack[i].el;
		bool last = i == 0;
		if (last)
			break; /* the context element, <body> */
		switch (node->tag) {
		case T_SELECT:
			for (long k = i - 1; k >= 1; k--) {
				if (tb->stack[k].el->tag == T_TEMPLATE)
					return tb->mode = M_IN_SELECT;
				if (tb->stack[k].el->tag == T_TABLE)
					return tb->mode = M_IN_SELECT_IN_TABLE;
			}
			return tb->mode = M_IN_SELECT;
		case T_TD:
		case T_TH:
			return tb->mode = M_IN_CELL;
		case T_TR:
			return tb->mode = M_IN_ROW;
		case T_TBODY:
		case T_THEAD:
		case T_TFOOT:
			return tb->mode = M_IN_TABLE_BODY;
		case T_CAPTION:
			return tb->mode = M_IN_CAPTION;
		case T_COLGROUP:
			return tb->mode = M_IN_COLUMN_GROUP;
		case T_TABLE:
			return tb->mode = M_IN_TABLE;
		case T_BODY:
			return tb->mode = M_IN_BODY;
		default:
			break;
		}
	}
	return tb->mode = M_IN_BODY;
}

static void set_tokenizer(struct tb *tb, enum tok_state s, struct str name)
{
	tb->tok = s;
	tb->end_tag = name;
}

/* Start tags that "in head" handles, met in the body. */
static void in_head_start(struct tb *tb, struct tok_tag *t)
{
	switch (t->tag) {
	case T_BASE:
	case T_BASEFONT:
	case T_BGSOUND:
	case T_LINK:
	case T_META:
		insert_tag(tb, t, true);
		return;
	case T_TITLE:
		insert_tag(tb, t, false);
		set_tokenizer(tb, TS_RCDATA, t->name);
		switch_and_save(tb, M_TEXT);
		return;
	case T_NOFRAMES:
	case T_STYLE:
		insert_tag(tb, t, false);
		set_tokenizer(tb, TS_RAWTEXT, t->name);
		switch_and_save(tb, M_TEXT);
		return;
	case T_SCRIPT:
		insert_tag(tb, t, false);
		set_tokenizer(tb, TS_SCRIPT, t->name);
		switch_and_save(tb, M_TEXT);
		return;
	default:
		/* <template>: its contents are kept as ordinary children (see the file comment). */
		insert_tag(tb, t, false);
		afe_insert_marker(tb);
		return;
	}
}

static void in_body_chars(struct tb *tb, const char *p, size_t len)
{
	reconstruct_afe(tb);
	insert_characters(tb, p, len);
}

static void in_body_start(struct tb *tb, struct tok_tag *t)
{
	bool is_void = false, new_afe = false;
	int tokstate = -1;
	int text_mode = -1, mode = -1;
	switch (t->tag) {
	case T_HTML:
	case T_BODY:
	case T_FRAMESET:
		/* Merged into the fragment's virtual <html>, or ignored: nothing changes. */
		return;
	case T_BASE:
	case T_BASEFONT:
	case T_BGSOUND:
	case T_LINK:
	case T_META:
	case T_NOFRAMES:
	case T_SCRIPT:
	case T_STYLE:
	case T_TEMPLATE:
	case T_TITLE:
		in_head_start(tb, t);
		return;
	case T_ADDRESS:
	case T_ARTICLE:
	case T_ASIDE:
	case T_BLOCKQUOTE:
	case T_CENTER:
	case T_DETAILS:
	case T_DIR:
	case T_DIV:
	case T_DL:
	case T_FIELDSET:
	case T_FIGCAPTION:
	case T_FIGURE:
	case T_FOOTER:
	case T_HEADER:
	case T_MAIN:
	case T_MENU:
	case T_NAV:
	case T_OL:
	case T_P:
	case T_SECTION:
	case T_SUMMARY:
	case T_UL:
		close_p_in_button_scope(tb);
		break;
	case T_H1:
	case T_H2:
	case T_H3:
	case T_H4:
	case T_H5:
	case T_H6:
		close_p_in_button_scope(tb);
		if (tag_flags(current(tb)->tag) & F_HEADING)
			pop(tb);
		break;
	case T_PRE:
	case T_LISTING:
		close_p_in_button_scope(tb);
		text_mode = M_IN_PRE;
		break;
	case T_FORM:
		if (tb->form)
			return;
		close_p_in_button_scope(tb);
		tb->form = insert_tag(tb, t, false);
		return;
	case T_LI:
	case T_DD:
	case T_DT: {
		/*
		 * Walking down the stack, the first special element other than
		 * address, div and p decides: the item to close, or the end of
		 * the search.
		 */
		long i = tb->barrier[SC_SPECIAL_LI];
		if (i >= 0) {
			int nt = tb->stack[i].el->tag;
			bool match = t->tag == T_LI ? nt == T_LI : (nt == T_DD || nt == T_DT);
			if (match)
				generate_implied_and_pop(tb, nt);
		}
		close_p_in_button_scope(tb);
		break;
	}
	case T_PLAINTEXT:
		close_p_in_button_scope(tb);
		tokstate = TS_PLAINTEXT;
		break;
	case T_BUTTON:
		if (in_scope(tb, T_BUTTON, SC_DEFAULT)) {
			generate_implied(tb, -1);
			pop_until_tag(tb, T_BUTTON);
		}
		reconstruct_afe(tb);
		break;
	case T_A: {
		struct tnode *el = afe_find(tb, T_A, t->name);
		if (el) {
			adoption_agency(tb, T_A, t->name);
			afe_remove(tb, el);
			if (el->sidx >= 0)
				stack_remove(tb, el);
		}
		reconstruct_afe(tb);
		new_afe = true;
		break;
	}
	case T_B:
	case T_BIG:
	case T_CODE:
	case T_EM:
	case T_FONT:
	case T_I:
	case T_S:
	case T_SMALL:
	case T_STRIKE:
	case T_STRONG:
	case T_TT:
	case T_U:
		reconstruct_afe(tb);
		new_afe = true;
		break;
	case T_NOBR:
		reconstruct_afe(tb);
		if (in_scope(tb, T_NOBR, SC_DEFAULT)) {
			adoption_agency(tb, T_NOBR, t->name);
			reconstruct_afe(tb);
		}
		new_afe = true;
		break;
	case T_APPLET:
	case T_MARQUEE:
	case T_OBJECT:
		reconstruct_afe(tb);
		afe_insert_marker(tb);
		break;
	case T_TABLE:
		close_p_in_button_scope(tb);
		mode = M_IN_TABLE;
		break;
	case T_AREA:
	case T_BR:
	case T_EMBED:
	case T_IMG:
	case T_KEYGEN:
	case T_WBR:
	case T_INPUT:
		reconstruct_afe(tb);
		is_void = true;
		break;
	case T_MENUITEM:
	case T_PARAM:
	case T_SOURCE:
	case T_TRACK:
		is_void = true;
		break;
	case T_HR:
		close_p_in_button_scope(tb);
		is_void = true;
		break;
	case T_IMAGE: {
		struct tok_tag img = *t;
		img.name = STR_LIT("img");
		img.tag = T_IMG;
		in_body_start(tb, &img);
		return;
	}
	case T_TEXTAREA:
		tokstate = TS_RCDATA;
		text_mode = M_IN_TEXTAREA;
		break;
	case T_XMP:
		close_p_in_button_scope(tb);
		reconstruct_afe(tb);
		tokstate = TS_RAWTEXT;
		text_mode = M_TEXT;
		break;
	case T_IFRAME:
	case T_NOSCRIPT:
	case T_NOEMBED:
		tokstate = TS_RAWTEXT;
		text_mode = M_TEXT;
		break;
	case T_SELECT:
		reconstruct_afe(tb);
		mode = is_table_mode(tb->mode) ? M_IN_SELECT_IN_TABLE : M_IN_SELECT;
		break;
	case T_OPTGROUP:
	case T_OPTION:
		if (cur_is(tb, T_OPTION))
			pop(tb);
		reconstruct_afe(tb);
		break;
	case T_RB:
	case T_RTC:
		if (in_scope(tb, T_RUBY, SC_DEFAULT))
			generate_implied(tb, -1);
		break;
	case T_RP:
	case T_RT:
		if (in_scope(tb, T_RUBY, SC_DEFAULT))
			generate_implied(tb, T_RTC);
		break;
	case T_CAPTION:
	case T_COL:
	case T_COLGROUP:
	case T_FRAME:
	case T_HEAD:
	case T_TBODY:
	case T_TD:
	case T_TFOOT:
	case T_TH:
	case T_THEAD:
	case T_TR:
		return;
	default:
		reconstruct_afe(tb);
		break;
	}
	struct tnode *el = insert_tag(tb, t, is_void);
	if (new_afe)
		afe_push(tb, el);
	if (tokstate >= 0)
		set_tokenizer(tb, (enum tok_state)tokstate, t->name);
	if (mode >= 0)
		tb->mode = (enum mode)mode;
	else if (text_mode >= 0)
		switch_and_save(tb, (enum mode)text_mode);
}

static void in_body_end(struct tb *tb, int tag, struct str name)
{
	switch (tag) {
	case T_TEMPLATE:
	case T_BODY:
	case T_HTML:
		/* No <template> or <body> is ever open in the fragment. */
		return;
	case T_ADDRESS:
	case T_ARTICLE:
	case T_ASIDE:
	case T_BLOCKQUOTE:
	case T_BUTTON:
	case T_CENTER:
	case T_DETAILS:
	case T_DIR:
	case T_DIV:
	case T_DL:
	case T_FIELDSET:
	case T_FIGCAPTION:
	case T_FIGURE:
	case T_FOOTER:
	case T_HEADER:
	case T_LISTING:
	case T_MAIN:
	case T_MENU:
	case T_NAV:
	case T_OL:
	case T_PRE:
	case T_SECTION:
	case T_SUMMARY:
	case T_UL:
		if (!in_scope(tb, tag, SC_DEFAULT))
			return;
		generate_implied_and_pop(tb, tag);
		return;
	case T_FORM: {
		struct tnode *node = tb->form;
		tb->form = NULL;
		if (!node || !element_in_scope(tb, node))
			return;
		generate_implied(tb, -1);
		if (current(tb) == node)
			pop(tb);
		else
			stack_remove(tb, node);
		return;
	}
	case T_P:
		if (!in_scope(tb, T_P, SC_BUTTON)) {
			insert_element(tb, T_P, STR_LIT("p"), NULL, 0, false);
			pop(tb);
			return;
		}
		generate_implied_and_pop(tb, T_P);
		return;
	case T_LI:
		if (!in_scope(tb, T_LI, SC_LIST))
			return;
		generate_implied_and_pop(tb, T_LI);
		return;
	case T_DD:
	case T_DT:
		if (!in_scope(tb, tag, SC_DEFAULT))
			return;
		generate_implied_and_pop(tb, tag);
		return;
	case T_H1:
	case T_H2:
	case T_H3:
	case T_H4:
	case T_H5:
	case T_H6: {
		bool any = false;
		for (int h = T_H1; h <= T_H6; h++)
			any = any || in_scope(tb, h, SC_DEFAULT);
		if (!any)
			return;
		generate_implied(tb, -1);
		struct tnode *el;
		while ((el = pop(tb)) && !(tag_flags(el->tag) & F_HEADING))
			;
		return;
	}
	case T_A:
	case T_B:
	case T_BIG:
	case T_CODE:
	case T_EM:
	case T_FONT:
	case T_I:
	case T_NOBR:
	case T_S:
	case T_SMALL:
	case T_STRIKE:
	case T_STRONG:
	case T_TT:
	case T_U:
		adoption_agency(tb, tag, name);
		return;
	case T_APPLET:
	case T_MARQUEE:
	case T_OBJECT:
		if (!in_scope(tb, tag, SC_DEFAULT))
			return;
		generate_implied(tb, -1);
		pop_until_tag(tb, tag);
		afe_clear_to_marker(tb);
		return;
	case T_BR: {
		struct tok_tag br = { STR_LIT("br"), T_BR, NULL, 0, false };
		in_body_start(tb, &br);
		return;
	}
	default:
		any_other_end_tag(tb, tag, name);
		return;
	}
}

static void in_table_chars(struct tb *tb, const char *p, size_t len)
{
	int c = current(tb)->tag;
	if (c == T_TABLE || c == T_TBODY || c == T_TFOOT || c == T_THEAD || c == T_TR) {
		tb->n_pend = 0;
		switch_and_save(tb, M_IN_TABLE_TEXT);
		process_chars(tb, M_IN_TABLE_TEXT, p, len);
		return;
	}
	tb->foster = true;
	in_body_chars(tb, p, len);
	tb->foster = false;
}

static void in_table_start(struct tb *tb, struct tok_tag *t)
{
	switch (t->tag) {
	case T_CAPTION:
		clear_stack_back(tb, table_context);
		afe_insert_marker(tb);
		tb->mode = M_IN_CAPTION;
		insert_tag(tb, t, false);
		return;
	case T_COLGROUP:
		clear_stack_back(tb, table_context);
		tb->mode = M_IN_COLUMN_GROUP;
		insert_tag(tb, t, false);
		return;
	case T_COL:
		clear_stack_back(tb, table_context);
		insert_element(tb, T_COLGROUP, STR_LIT("colgroup"), NULL, 0, false);
		tb->mode = M_IN_COLUMN_GROUP;
		process_start(tb, M_IN_COLUMN_GROUP, t);
		return;
	case T_TBODY:
	case T_TFOOT:
	case T_THEAD:
		clear_stack_back(tb, table_context);
		insert_tag(tb, t, false);
		tb->mode = M_IN_TABLE_BODY;
		return;
	case T_TD:
	case T_TH:
	case T_TR:
		clear_stack_back(tb, table_context);
		insert_element(tb, T_TBODY, STR_LIT("tbody"), NULL, 0, false);
		tb->mode = M_IN_TABLE_BODY;
		process_start(tb, M_IN_TABLE_BODY, t);
		return;
	case T_TABLE:
		if (!in_scope(tb, T_TABLE, SC_TABLE))
			return;
		pop_until_tag(tb, T_TABLE);
		process_start(tb, reset_mode(tb), t);
		return;
	case T_STYLE:
	case T_SCRIPT:
	case T_TEMPLATE:
		in_head_start(tb, t);
		return;
	case T_FORM:
		if (tb->form)
			return;
		tb->form = insert_tag(tb, t, true);
		return;
	case T_INPUT: {
		bool hidden = false;
		for (size_t i = 0; i < t->n_attrs; i++)
			if (str_eq(t->attrs[i].name, "type") && t->attrs[i].value.len == 6 &&
			    strncasecmp(t->attrs[i].value.p, "hidden", 6) == 0)
				hidden = true;
		if (hidden) {
			insert_tag(tb, t, true);
			return;
		}
	}
		/* fall through */
	default:
		tb->foster = true;
		in_body_start(tb, t);
		tb->foster = false;
		return;
	}
}

static void in_table_end(struct tb *tb, int tag, struct str name)
{
	switch (tag) {
	case T_TABLE:
		if (!in_scope(tb, T_TABLE, SC_TABLE))
			return;
		pop_until_tag(tb, T_TABLE);
		reset_mode(tb);
		return;
	case T_BODY:
	case T_CAPTION:
	case T_COL:
	case T_COLGROUP:
	case T_HTML:
	case T_TBODY:
	case T_TD:
	case T_TFOOT:
	case T_TH:
	case T_THEAD:
	case T_TR:
	case T_TEMPLATE:
		return;
	default:
		tb->foster = true;
		in_body_end(tb, tag, name);
		tb->foster = false;
		return;
	}
}

/* In table text: the pending runs go in as they are, or all fostered if any is not blank. */
static void flush_table_text(struct tb *tb)
{
	bool all_space = true;
	for (size_t i = 0; i < tb->n_pend && all_space; i++)
		all_space = is_blank(tb->pend[i].p, tb->pend[i].len);
	size_t n = tb->n_pend;
	tb->n_pend = 0;
	if (all_space) {
		for (size_t i = 0; i < n; i++)
			insert_characters(tb, tb->pend[i].p, tb->pend[i].len);
	} else {
		tb->foster = true;
		for (size_t i = 0; i < n; i++)
			in_body_chars(tb, tb->pend[i].p, tb->pend[i].len);
		tb->foster = false;
	}
	restore_mode(tb);
}

static void close_the_cell(struct tb *tb)
{
	generate_implied(tb, -1);
	afe_clear_to_marker(tb);
	tb->mode = M_IN_ROW;
}

static bool any_in_table_scope(struct tb *tb, int a, int b, int c)
{
	return in_scope(tb, a, SC_TABLE) || (b >= 0 && in_scope(tb, b, SC_TABLE)) || (c >= 0 && in_scope(tb, c, SC_TABLE));
}

/* Leading whitespace of a run, for the modes that split it off. */
static size_t blank_prefix(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len && (p[i] == '\t' || p[i] == '\n' || p[i] == '\f' || p[i] == '\r' || p[i] == ' '))
		i++;
	return i;
}

static void process_chars(struct tb *tb, enum mode mode, const char *p, size_t len)
{
	switch (mode) {
	case M_IN_BODY:
	case M_IN_CELL:
	case M_IN_CAPTION:
		in_body_chars(tb, p, len);
		return;
	case M_TEXT:
	case M_IN_SELECT:
	case M_IN_SELECT_IN_TABLE:
		insert_characters(tb, p, len);
		return;
	case M_IN_TABLE:
	case M_IN_TABLE_BODY:
	case M_IN_ROW:
		in_table_chars(tb, p, len);
		return;
	case M_IN_TABLE_TEXT:
		tb->pend = arena_grow(tb->a, tb->pend, tb->n_pend, &tb->cap_pend, sizeof(*tb->pend));
		tb->pend[tb->n_pend++] = (struct pending_text){ p, len };
		return;
	case M_IN_COLUMN_GROUP: {
		size_t k = blank_prefix(p, len);
		if (k)
			insert_characters(tb, p, k);
		if (k == len)
			return;
		if (!cur_is(tb, T_COLGROUP))
			return;
		pop(tb);
		tb->mode = M_IN_TABLE;
		process_chars(tb, M_IN_TABLE, p + k, len - k);
		return;
	}
	case M_IN_PRE:
	case M_IN_TEXTAREA:
		if (len > 0 && p[0] == '\n')
			p++, len--;
		if (mode == M_IN_PRE)
			restore_mode(tb);
		else
			tb->mode = M_TEXT;
		if (len)
			process_chars(tb, tb->mode, p, len);
		return;
	}
}

static void process_start(struct tb *tb, enum mode mode, struct tok_tag *t)
{
	switch (mode) {
	case M_IN_BODY:
		in_body_start(tb, t);
		return;
	case M_TEXT:
		/* The tokenizer is in a text state: no tags come. */
		return;
	case M_IN_PRE:
		process_start(tb, restore_mode(tb), t);
		return;
	case M_IN_TEXTAREA:
		tb->mode = M_TEXT;
		return;
	case M_IN_TABLE:
		in_table_start(tb, t);
		return;
	case M_IN_TABLE_TEXT:
		flush_table_text(tb);
		process_start(tb, tb->mode, t);
		return;
	case M_IN_CAPTION:
		switch (t->tag) {
		case T_CAPTION:
		case T_COL:
		case T_COLGROUP:
		case T_TBODY:
		case T_TD:
		case T_TFOOT:
		case T_TH:
		case T_THEAD:
		case T_TR:
			if (!in_scope(tb, T_CAPTION, SC_TABLE))
				return;
			pop_until_tag(tb, T_CAPTION);
			afe_clear_to_marker(tb);
			tb->mode = M_IN_TABLE;
			process_start(tb, M_IN_TABLE, t);
			return;
		default:
			in_body_start(tb, t);
			return;
		}
	case M_IN_COLUMN_GROUP:
		if (t->tag == T_HTML)
			return;
		if (t->tag == T_COL) {
			insert_tag(tb, t, true);
			return;
		}
		if (t->tag == T_TEMPLATE) {
			in_head_start(tb, t);
			return;
		}
		if (!cur_is(tb, T_COLGROUP))
			return;
		pop(tb);
		tb->mode = M_IN_TABLE;
		process_start(tb, M_IN_TABLE, t);
		return;
	case M_IN_TABLE_BODY:
		switch (t->tag) {
		case T_TR:
			clear_stack_back(tb, table_body_context);
			insert_tag(tb, t, false);
			tb->mode = M_IN_ROW;
			return;
		case T_TH:
		case T_TD:
			clear_stack_back(tb, table_body_context);
			insert_element(tb, T_TR, STR_LIT("tr"), NULL, 0, false);
			tb->mode = M_IN_ROW;
			process_start(tb, M_IN_ROW, t);
			return;
		case T_CAPTION:
		case T_COL:
		case T_COLGROUP:
		case T_TBODY:
		case T_TFOOT:
		case T_THEAD:
			if (!any_in_table_scope(tb, T_TBODY, T_THEAD, T_TFOOT))
				return;
			clear_stack_back(tb, table_body_context);
			pop(tb);
			tb->mode = M_IN_TABLE;
			process_start(tb, M_IN_TABLE, t);
			return;
		default:
			in_table_start(tb, t);
			return;
		}
	case M_IN_ROW:
		switch (t->tag) {
		case T_TH:
		case T_TD:
			clear_stack_back(tb, table_row_context);
			insert_tag(tb, t, false);
			tb->mode = M_IN_CELL;
			afe_insert_marker(tb);
			return;
		case T_CAPTION:
		case T_COL:
		case T_COLGROUP:
		case T_TBODY:
		case T_TFOOT:
		case T_THEAD:
		case T_TR:
			if (!in_scope(tb, T_TR, SC_TABLE))
				return;
			clear_stack_back(tb, table_row_context);
			pop(tb);
			tb->mode = M_IN_TABLE_BODY;
			process_start(tb, M_IN_TABLE_BODY, t);
			return;
		default:
			in_table_start(tb, t);
			return;
		}
	case M_IN_CELL:
		switch (t->tag) {
		case T_CAPTION:
		case T_COL:
		case T_COLGROUP:
		case T_TBODY:
		case T_TD:
		case T_TFOOT:
		case T_TH:
		case T_THEAD:
		case T_TR:
			if (!in_scope(tb, T_TD, SC_TABLE) && !in_scope(tb, T_TH, SC_TABLE))
				return;
			close_the_cell(tb);
			process_start(tb, tb->mode, t);
			return;
		default:
			in_body_start(tb, t);
			return;
		}
	case M_IN_SELECT:
	case M_IN_SELECT_IN_TABLE:
		if (mode == M_IN_SELECT_IN_TABLE) {
			switch (t->tag) {
			case T_CAPTION:
			case T_TABLE:
			case T_TBODY:
			case T_TFOOT:
			case T_THEAD:
			case T_TR:
			case T_TD:
			case T_TH:
				pop_until_tag(tb, T_SELECT);
				process_start(tb, reset_mode(tb), t);
				return;
			default:
				break;
			}
		}
		switch (t->tag) {
		case T_HTML:
			return;
		case T_OPTION:
			if (cur_is(tb, T_OPTION))
				pop(tb);
			insert_tag(tb, t, false);
			return;
		case T_OPTGROUP:
			if (cur_is(tb, T_OPTION))
				pop(tb);
			if (cur_is(tb, T_OPTGROUP))
				pop(tb);
			insert_tag(tb, t, false);
			return;
		case T_SELECT:
			if (!in_scope(tb, T_SELECT, SC_SELECT))
				return;
			pop_until_tag(tb, T_SELECT);
			reset_mode(tb);
			return;
		case T_INPUT:
		case T_KEYGEN:
		case T_TEXTAREA:
			if (!in_scope(tb, T_SELECT, SC_SELECT))
				return;
			pop_until_tag(tb, T_SELECT);
			process_start(tb, reset_mode(tb), t);
			return;
		case T_SCRIPT:
		case T_TEMPLATE:
			in_head_start(tb, t);
			return;
		default:
			return;
		}
	}
}

static void process_end(struct tb *tb, enum mode mode, int tag, struct str name)
{
	switch (mode) {
	case M_IN_BODY:
		in_body_end(tb, tag, name);
		return;
	case M_TEXT:
		pop(tb);
		restore_mode(tb);
		return;
	case M_IN_PRE:
		process_end(tb, restore_mode(tb), tag, name);
		return;
	case M_IN_TEXTAREA:
		tb->mode = M_TEXT;
		process_end(tb, M_TEXT, tag, name);
		return;
	case M_IN_TABLE:
		in_table_end(tb, tag, name);
		return;
	case M_IN_TABLE_TEXT:
		flush_table_text(tb);
		process_end(tb, tb->mode, tag, name);
		return;
	case M_IN_CAPTION:
		switch (tag) {
		case T_CAPTION:
		case T_TABLE:
			if (!in_scope(tb, T_CAPTION, SC_TABLE))
				return;
			generate_implied(tb, -1);
			pop_until_tag(tb, T_CAPTION);
			afe_clear_to_marker(tb);
			tb->mode = M_IN_TABLE;
			if (tag == T_TABLE)
				process_end(tb, M_IN_TABLE, tag, name);
			return;
		case T_BODY:
		case T_COL:
		case T_COLGROUP:
		case T_HTML:
		case T_TBODY:
		case T_TD:
		case T_TFOOT:
		case T_TH:
		case T_THEAD:
		case T_TR:
			return;
		default:
			in_body_end(tb, tag, name);
			return;
		}
	case M_IN_COLUMN_GROUP:
		if (tag == T_COLGROUP) {
			if (!cur_is(tb, T_COLGROUP))
				return;
			pop(tb);
			tb->mode = M_IN_TABLE;
			return;
		}
		if (tag == T_COL || tag == T_TEMPLATE)
			return;
		if (!cur_is(tb, T_COLGROUP))
			return;
		pop(tb);
		tb->mode = M_IN_TABLE;
		process_end(tb, M_IN_TABLE, tag, name);
		return;
	case M_IN_TABLE_BODY:
		switch (tag) {
		case T_TBODY:
		case T_TFOOT:
		case T_THEAD:
			if (!in_scope(tb, tag, SC_TABLE))
				return;
			clear_stack_back(tb, table_body_context);
			pop(tb);
			tb->mode = M_IN_TABLE;
			return;
		case T_TABLE:
			if (!any_in_table_scope(tb, T_TBODY, T_THEAD, T_TFOOT))
				return;
			clear_stack_back(tb, table_body_context);
			pop(tb);
			tb->mode = M_IN_TABLE;
			process_end(tb, M_IN_TABLE, tag, name);
			return;
		case T_BODY:
		case T_CAPTION:
		case T_COL:
		case T_COLGROUP:
		case T_HTML:
		case T_TD:
		case T_TH:
		case T_TR:
			return;
		default:
			in_table_end(tb, tag, name);
			return;
		}
	case M_IN_ROW:
		switch (tag) {
		case T_TR:
			if (!in_scope(tb, T_TR, SC_TABLE))
				return;
			clear_stack_back(tb, table_row_context);
			pop(tb);
			tb->mode = M_IN_TABLE_BODY;
			return;
		case T_TABLE:
			if (!in_scope(tb, T_TR, SC_TABLE))
				return;
			clear_stack_back(tb, table_row_context);
			pop(tb);
			tb->mode = M_IN_TABLE_BODY;
			process_end(tb, M_IN_TABLE_BODY, tag, name);
			return;
		case T_TBODY:
		case T_TFOOT:
		case T_THEAD:
			if (!in_scope(tb, tag, SC_TABLE))
				return;
			if (!in_scope(tb, T_TR, SC_TABLE))
				return;
			clear_stack_back(tb, table_row_context);
			pop(tb);
			tb->mode = M_IN_TABLE_BODY;
			process_end(tb, M_IN_TABLE_BODY, tag, name);
			return;
		case T_BODY:
		case T_CAPTION:
		case T_COL:
		case T_COLGROUP:
		case T_HTML:
		case T_TD:
		case T_TH:
			return;
		default:
			in_table_end(tb, tag, name);
			return;
		}
	case M_IN_CELL:
		switch (tag) {
		case T_TD:
		case T_TH:
			if (!in_scope(tb, tag, SC_TABLE))
				return;
			generate_implied(tb, -1);
			pop_until_tag(tb, tag);
			afe_clear_to_marker(tb);
			tb->mode = M_IN_ROW;
			return;
		case T_BODY:
		case T_CAPTION:
		case T_COL:
		case T_COLGROUP:
		case T_HTML:
			return;
		case T_TABLE:
		case T_TBODY:
		case T_TFOOT:
		case T_THEAD:
		case T_TR:
			if (!in_scope(tb, tag, SC_TABLE))
				return;
			close_the_cell(tb);
			process_end(tb, tb->mode, tag, name);
			return;
		default:
			in_body_end(tb, tag, name);
			return;
		}
	case M_IN_SELECT:
	case M_IN_SELECT_IN_TABLE:
		if (mode == M_IN_SELECT_IN_TABLE) {
			switch (tag) {
			case T_CAPTION:
			case T_TABLE:
			case T_TBODY:
			case T_TFOOT:
			case T_THEAD:
			case T_TR:
			case T_TD:
			case T_TH:
				if (!in_scope(tb, tag, SC_TABLE))
					return;
				pop_until_tag(tb, T_SELECT);
				process_end(tb, reset_mode(tb), tag, name);
				return;
			default:
				break;
			}
		}
		switch (tag) {
		case T_OPTGROUP:
			if (cur_is(tb, T_OPTION) && tb->n_stack >= 2 && tb->stack[tb->n_stack - 2].el->tag == T_OPTGROUP)
				pop(tb);
			if (cur_is(tb, T_OPTGROUP))
				pop(tb);
			return;
		case T_OPTION:
			if (cur_is(tb, T_OPTION))
				pop(tb);
			return;
		case T_SELECT:
			if (!in_scope(tb, T_SELECT, SC_SELECT))
				return;
			pop_until_tag(tb, T_SELECT);
			reset_mode(tb);
			return;
		default:
			return;
		}
	}
}

/* End of input: close everything (the fragment's <html> is not written). */
static void process_eof(struct tb *tb, enum mode mode)
{
	if (mode == M_IN_TABLE_TEXT) {
		flush_table_text(tb);
		process_eof(tb, tb->mode);
		return;
	}
	if (mode == M_TEXT) {
		pop(tb);
		process_eof(tb, restore_mode(tb));
		return;
	}
	while (tb->n_stack) {
		struct tnode *el = stack_pop(tb);
		if (el != tb->html)
			m_end_tag(tb, el);
	}
}

static void process_comment(struct tb *tb, const char *p, size_t len)
{
	if (tb->mode == M_IN_TABLE_TEXT)
		flush_table_text(tb);
	else if (tb->mode == M_IN_PRE)
		restore_mode(tb);
	else if (tb->mode == M_IN_TEXTAREA)
		tb->mode = M_TEXT;
	struct tnode *ref;
	enum prep prep = appropriate_place(tb, NULL, &ref);
	m_comment(tb, prep, ref, p, len);
}

static void process_doctype(struct tb *tb)
{
	/* Ignored in a body, but it still ends pending table text or a <pre>'s first line. */
	if (tb->mode == M_IN_TABLE_TEXT)
		flush_table_text(tb);
	else if (tb->mode == M_IN_PRE)
		restore_mode(tb);
	else if (tb->mode == M_IN_TEXTAREA)
		tb->mode = M_TEXT;
}

/* ---------- Tokenizer ---------- */

static bool is_tok_space(char c)
{
	return c == '\t' || c == '\n' || c == '\f' || c == ' ';
}

/* Bytes that end a tag name: the tokenizer's spaces, '/' and '>'. */
static const bool ends_name[256] = {
	['\t'] = true, ['\n'] = true, ['\f'] = true, [' '] = true, ['/'] = true, ['>'] = true,
};

static void emit_chars(struct tb *tb, const char *p, size_t len)
{
	if (len)
		process_chars(tb, tb->mode, p, len);
}

/*
 * Attributes from s[*pos] to the closing '>' (RemexHtml's consumeAttribs):
 * names lower-cased, the first of a repeated name kept, values as written.
 */
static void consume_attrs(struct tb *tb, const char *s, size_t len, size_t *pos, struct tattr **out, size_t *n_out)
{
	size_t p = *pos, n = 0, cap = 0;
	struct tattr *attrs = NULL;
	for (;;) {
		size_t q = p;
		while (q < len && is_tok_space(s[q]))
			q++;
		if (q >= len || s[q] == '>' || (s[q] == '/' && q + 1 < len && s[q + 1] == '>'))
			break;
		if (s[q] == '/') {
			p = q + 1;
			continue;
		}
		size_t ns = q++;
		while (q < len && !is_tok_space(s[q]) && s[q] != '=' && s[q] != '/' && s[q] != '>')
			q++;
		struct str name = { s + ns, q - ns };
		while (q < len && is_tok_space(s[q]))
			q++;
		struct str value = { "", 0 };
		if (q < len && s[q] == '=') {
			q++;
			while (q < len && is_tok_space(s[q]))
				q++;
			if (q < len && (s[q] == '"' || s[q] == '\'')) {
				char quote = s[q];
				const char *close = memchr(s + q + 1, quote, len - q - 1);
				size_t e = close ? (size_t)(close - s) : len;
				value = (struct str){ s + q + 1, e - q - 1 };
				q = close ? e + 1 : len;
			} else {
				size_t vs = q;
				while (q < len && !is_tok_space(s[q]) && s[q] != '>')
					q++;
				value = (struct str){ s + vs, q - vs };
			}
		}
		p = q;
		/* Names are nearly always lower case already: then they stay in the input. */
		const char *lname = name.p;
		for (size_t k = 0; k < name.len; k++) {
			if (name.p[k] >= 'A' && name.p[k] <= 'Z') {
				char *l = arena_alloc(tb->a, name.len + 1);
				for (size_t j = 0; j < name.len; j++) {
					char c = name.p[j];
					l[j] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
				}
				l[name.len] = '\0';
				lname = l;
				break;
			}
		}
		bool dup = false;
		for (size_t k = 0; k < n && !dup; k++)
			dup = attrs[k].name.len == name.len && memcmp(attrs[k].name.p, lname, name.len) == 0;
		if (dup)
			continue;
		if (!attrs) {
			/* Most tags have a few attributes: room for four, without arena_grow()'s sixteen cleared. */
			cap = 4;
			attrs = arena_alloc(tb->a, cap * sizeof(*attrs));
		} else if (n == cap) {
			attrs = arena_grow(tb->a, attrs, n, &cap, sizeof(*attrs));
		}
		attrs[n++] = (struct tattr){ { lname, name.len }, value };
	}
	while (p < len && is_tok_space(s[p]))
		p++;
	*pos = p;
	*out = attrs;
	*n_out = n;
}

/*
 * A tag starting at s[start] ('<'), its name at s[ns..ne). Emits the tag
 * and returns the position after it, or `len` when the input ends inside
 * the tag (which then is dropped, as HTML5 does).
 */
static size_t tag_token(struct tb *tb, const char *s, size_t len, size_t ne, struct str lname, bool is_end)
{
	size_t p = ne;
	struct tattr *attrs = NULL;
	size_t n_attrs = 0;
	bool self_close = false;
	if (p < len && s[p] == '>') {
		p++;
	} else {
		consume_attrs(tb, s, len, &p, &attrs, &n_attrs);
		if (p >= len)
			return len;
		if (s[p] == '/' && p + 1 < len && s[p + 1] == '>') {
			self_close = true;
			p += 2;
		} else {
			p++;
		}
	}
	int tag = tag_lookup(lname);
	if (is_end) {
		process_end(tb, tb->mode, tag, lname);
	} else {
		struct tok_tag t = { lname, tag, attrs, n_attrs, self_close };
		process_start(tb, tb->mode, &t);
	}
	return p;
}

static bool ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The lower-cased tag name at s[*p…] (up to whitespace, '/' or '>'); *p moves past it. */
static struct str tag_name(struct tb *tb, const char *s, size_t len, size_t *p)
{
	size_t ns = *p, q = ns;
	bool lower = true;
	while (q < len && !ends_name[(unsigned char)s[q]]) {
		if (s[q] >= 'A' && s[q] <= 'Z')
			lower = false;
		q++;
	}
	*p = q;
	if (lower)
		return (struct str){ s + ns, q - ns };
	char *l = arena_alloc(tb->a, q - ns + 1);
	for (size_t k = ns; k < q; k++)
		l[k - ns] = s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] + 32) : s[k];
	l[q - ns] = '\0';
	return (struct str){ l, q - ns };
}

/* ---------- Inert spans ---------- */

/*
 * Most of what tidy reads is markup the parser wrote itself, already as
 * tidy writes it: <a href="...">text</a>, <span ...>, <sup>, table cells
 * and list items of plain text and such inline markup. Where the tree
 * builder would just insert such an element, its contents and pop it
 * again, the whole span up to its end tag becomes one node that the
 * serializer writes back as it came (an "inert span"), without tokens,
 * elements or text nodes. A span qualifies when, from the state the
 * builder is in at its start tag:
 *
 *   - its first element starts with no step but an insertion (and the
 *     reconstruction of the formatting list before an inline one), see
 *     inert_start(): an inline element, list or definition item or
 *     paragraph in a mode that uses the "in body" rules, closing nothing;
 *     a cell right under the open row, a row right under the open table
 *     body (holding only such cells and whitespace);
 *   - every element inside is an inline one the "in body" rules insert
 *     with no special step (span, sup, a, b, i, ...: F_INLINE and none of
 *     the special, raw, void, implied-end or p-like flags), and every
 *     formatting one has no namesake open inside the span nor on the
 *     active formatting list after its last marker (so no <a> clause, no
 *     Noah's Ark and an adoption agency that just pops);
 *   - an element written with class="mw-empty-elt" when empty has
 *     contents;
 *   - the tags are balanced, written as the serializer writes them
 *     (lower-case names, ` name="value"` with distinct names, no '/'),
 *     nested at most INERT_DEPTH deep;
 *   - text and attribute values are what the serializer would write for
 *     them: nothing to escape, no French spacing, references only in the
 *     normal forms (&amp; &lt; &gt; &quot; and canonical decimal ones).
 *
 * Then the builder's only work at the start tag is (for an inline
 * element) reconstructing the active formatting elements and inserting
 * the element: the munger places the inert node exactly where the
 * element would go (wrapping, splitting), and what is inside it can
 * neither wrap nor split, as its parent is then an inline element under
 * a wrapper, or an element under no wrapper at all. At the end tag the
 * builder pops it, leaving the stack, the formatting list (a cell's
 * marker included) and the mode as they were. Anything else is
 * tokenized as usual. A failed check costs a
 * scan of at most the bytes up to the failure, and a byte is scanned by
 * at most INERT_DEPTH + 1 spans (those that enclose it): linear.
 */
enum { INERT_DEPTH = 16 };

/* Is `tag` an element the span may hold? */
static bool inert_tag(int tag)
{
	unsigned f = tag_flags(tag);
	return (f & F_INLINE) && !(f & (F_SPECIAL | F_RAW | F_VOID | F_EMPTYELT | F_IMPLIED | F_PRELF | F_META));
}

/* Is an element named like `tag` on the active formatting list after its last marker? */
static bool afe_has_after_marker(const struct tb *tb, int tag)
{
	for (const struct tnode *e = tb->afe_tail; e && !e->is_marker; e = e->afe_prev)
		if (e->tag == tag)
			return true;
	return false;
}

/* Length of the reference at s[0] ('&') when normalising leaves it as it is, else 0. */
static size_t normal_ref(const char *s, size_t n)
{
	static const char *const named[] = { "&amp;", "&lt;", "&gt;", "&quot;" };
	for (size_t k = 0; k < ARRAY_SIZE(named); k++) {
		size_t l = strlen(named[k]);
		if (n >= l && memcmp(s, named[k], l) == 0)
			return l;
	}
	if (n < 4 || s[1] != '#' || s[2] < '1' || s[2] > '9')
		return 0;
	uint32_t cp = 0;
	size_t i = 2;
	while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9')
		cp = cp * 10 + (uint32_t)(s[i++] - '0');
	if (i >= n || s[i] != ';' || !charref_valid_codepoint(cp))
		return 0;
	return i + 1;
}

/* Would format_text() give back text[0..len) unchanged? */
static bool inert_text(const struct tb *tb, const char *p, size_t len)
{
	/*
	 * format_text()'s classes: 1 escaped, 3 French punctuation (after a
	 * space), 4 maybe special. Spaces themselves are looked at only from
	 * the punctuation after them, so runs of letters, digits and spaces
	 * are skipped four bytes at a time.
	 */
	static const unsigned char flag[256] = {
		['<'] = 1, ['>'] = 1, ['&'] = 1, [0xc2] = 4, [0xcc] = 4, [0xe2] = 4,
		['?'] = 3, [':'] = 3, [';'] = 3, ['!'] = 3, ['%'] = 3, ['\0'] = 3,
	};
	const unsigned char *u = (const unsigned char *)p;
	for (size_t i = 0; i < len;) {
		if (len - i >= 4 && !(flag[u[i]] | flag[u[i + 1]] | flag[u[i + 2]] | flag[u[i + 3]])) {
			i += 4;
			continue;
		}
		unsigned char f = flag[u[i]];
		if (f == 1) {
			size_t r = p[i] == '&' ? normal_ref(p + i, len - i) : 0;
			if (!r)
				return false;
			i += r;
			continue;
		}
		if ((f == 3 && tb->french && i > 0 && u[i - 1] == ' ') || (f == 4 && wt_san_tidy_special(p + i, len - i)))
			return false;
		i++;
	}
	return true;
}

/* Characters of attribute names the span accepts (those the tokenizer leaves as they are). */
static const bool inert_attr_char[256] = {
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
	['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
	['9'] = 1, ['-'] = 1, ['_'] = 1, [':'] = 1, ['.'] = 1,
};

/* The attributes and '>' of a start tag from s[*pos] (after its name), as write_open() writes them. */
static bool inert_attrs(const char *s, size_t len, size_t *pos)
{
	struct str names[8];
	size_t n = 0, q = *pos;
	for (;;) {
		if (q >= len)
			return false;
		if (s[q] == '>') {
			*pos = q + 1;
			return true;
		}
		if (s[q] != ' ' || n == ARRAY_SIZE(names))
			return false;
		size_t ns = ++q;
		while (q < len && inert_attr_char[(unsigned char)s[q]])
			q++;
		if (q == ns || s[ns] < 'a' || s[ns] > 'z' || len - q < 2 || s[q] != '=' || s[q + 1] != '"')
			return false;
		struct str nm = { s + ns, q - ns };
		for (size_t k = 0; k < n; k++)
			if (names[k].len == nm.len && memcmp(names[k].p, nm.p, nm.len) == 0)
				return false;
		names[n++] = nm;
		q += 2;
		const char *close = memchr(s + q, '"', len - q);
		if (!close)
			return false;
		size_t ve = (size_t)(close - s);
		/* write_attr_value(): '&' starts a reference to normalise, U+00A0 is escaped. */
		for (size_t k = q; k < ve;) {
			const char *amp = memchr(s + k, '&', ve - k);
			size_t stop = amp ? (size_t)(amp - s) : ve;
			for (const char *c2 = memchr(s + k, 0xc2, stop - k); c2;
			     c2 = memchr(c2 + 1, 0xc2, stop - (size_t)(c2 + 1 - s)))
				if ((size_t)(c2 - s) + 1 < ve && (unsigned char)c2[1] == 0xa0)
					return false;
			if (!amp)
				break;
			size_t r = normal_ref(amp, ve - stop);
			if (!r)
				return false;
			k = stop + r;
		}
		q = ve + 1;
	}
}

/* Would reconstructing the active formatting elements do nothing? */
static bool afe_quiet(const struct tb *tb)
{
	const struct tnode *e = tb->afe_tail;
	return !e || e->is_marker || e->sidx >= 0;
}

/*
 * Would a block element inserted now have no wrapper paragraph as its
 * ancestor (ancestor_p)? m_insert_element()'s cases for a block: under a
 * wrapper it goes to the wrapper's parent, under a formatting element
 * inside a wrapper it goes under a clone outside it; under an element
 * that is itself inside a wrapper it ends the wrapper, which MediaWiki may
 * give up doing, and that case is left to the tree builder. A block then
 * holds its children (a heading's edit-section placeholder, a block too)
 * without the munger doing anything for them.
 */
static bool block_unwrapped(struct tb *tb)
{
	struct tnode *ref;
	enum prep prep = appropriate_place(tb, NULL, &ref);
	if (prep != P_UNDER)
		return prep == P_ROOT;
	struct tnode *parent = m_parent_for_insert(tb, prep, ref, &ref);
	if (parent->is_pwrapper)
		return !parent->parent->ancestor_p;
	return (parent->is_splittable && parent->ancestor_p) || !parent->ancestor_p;
}

/* How a span's first element is started (inert_start()). */
struct inert_top {
	bool reconstruct; /* the builder reconstructs the formatting elements before inserting it */
	bool fresh_afe;   /* it puts a marker on the formatting list (a cell): no namesakes to look for */
	bool need_text;   /* empty, it would be written with class="mw-empty-elt": the span needs contents */
};

/*
 * Can an element `tag` start an inert span in the builder's state? Inline
 * elements in the modes that use the "in body" rules; list items,
 * definition items and paragraphs there too when they close nothing
 * (no open item of theirs, no paragraph in button scope) and the
 * formatting list is quiet (their contents would reconstruct it); cells
 * right under the open row; rows right under the open table body.
 */
static bool inert_start(struct tb *tb, int tag, struct inert_top *top)
{
	*top = (struct inert_top){ false, false, false };
	bool body = (tb->mode == M_IN_BODY || tb->mode == M_IN_CELL || tb->mode == M_IN_CAPTION) && !tb->foster;
	const struct tnode *cur = tb->n_stack ? tb->stack[tb->n_stack - 1].el : NULL;
	switch (tag) {
	case T_TD:
	case T_TH:
		top->fresh_afe = true;
		return tb->mode == M_IN_ROW && !tb->foster && cur && cur->tag == T_TR;
	case T_TR:
		/* A row of such cells (and whitespace) right under the open table body. */
		top->fresh_afe = true;
		top->need_text = true;
		return tb->mode == M_IN_TABLE_BODY && !tb->foster && cur &&
		       (cur->tag == T_TBODY || cur->tag == T_THEAD || cur->tag == T_TFOOT);
	case T_LI:
	case T_DD:
	case T_DT: {
		if (!body || !afe_quiet(tb) || in_scope(tb, T_P, SC_BUTTON))
			return false;
		long i = tb->barrier[SC_SPECIAL_LI];
		if (i >= 0) {
			int nt = tb->stack[i].el->tag;
			if (tag == T_LI ? nt == T_LI : (nt == T_DD || nt == T_DT))
				return false;
		}
		top->need_text = tag == T_LI;
		return true;
	}
	case T_P:
		top->need_text = true;
		return body && afe_quiet(tb) && !in_scope(tb, T_P, SC_BUTTON);
	case T_H1:
	case T_H2:
	case T_H3:
	case T_H4:
	case T_H5:
	case T_H6:
		/* A heading that closes nothing (no paragraph in button scope, no open heading right above). */
		return body && afe_quiet(tb) && !in_scope(tb, T_P, SC_BUTTON) && cur &&
		       !(tag_flags(cur->tag) & F_HEADING) && block_unwrapped(tb);
	default:
		top->reconstruct = true;
		return body && inert_tag(tag) && !((tag_flags(tag) & F_FORMAT) && afe_has_after_marker(tb, tag));
	}
}

/*
 * The inert span whose start tag (of element `tag`, started as `top`
 * says) has its name end at s[name_end]: the position after its end tag,
 * or 0 when it does not qualify.
 */
static size_t inert_span(const struct tb *tb, const char *s, size_t len, size_t name_end, int tag,
			 const struct inert_top *top)
{
	int open[INERT_DEPTH];
	struct str other = { NULL, 0 }; /* the name of an open T_OTHER element (only right under a heading) */
	size_t depth = 0, q = name_end;
	bool contents = false;
	if (!inert_attrs(s, len, &q))
		return 0;
	open[depth++] = tag;
	for (;;) {
		const char *lt = memchr(s + q, '<', len - q);
		if (!lt)
			return 0;
		size_t te = (size_t)(lt - s);
		if (te > q) {
			bool blank = is_blank(s + q, te - q);
			/* In a row only whitespace stays put (other text is fostered out of the table). */
			if ((open[depth - 1] == T_TR && !blank) || !inert_text(tb, s + q, te - q))
				return 0;
			contents = contents || !blank;
		}
		q = te;
		if (len - q < 3)
			return 0;
		if (s[q + 1] == '/') {
			int t = open[depth - 1];
			const char *nm = t == T_OTHER ? other.p : tag_info[t].name;
			size_t nl = t == T_OTHER ? other.len : (size_t)tag_len[t];
			if (len - q < nl + 3 || memcmp(s + q + 2, nm, nl) != 0 || s[q + 2 + nl] != '>')
				return 0;
			q += nl + 3;
			if (--depth == 0)
				return contents || !top->need_text ? q : 0;
			continue;
		}
		size_t ns = q + 1, ne = ns;
		while (ne < len && ((s[ne] >= 'a' && s[ne] <= 'z') || (s[ne] >= '0' && s[ne] <= ':')))
			ne++;
		if (ne == ns || s[ns] > 'z' || s[ns] < 'a' || ne >= len || (s[ne] != ' ' && s[ne] != '>') ||
		    depth == INERT_DEPTH)
			return 0;
		int t = tag_lookup((struct str){ s + ns, ne - ns });
		if (t == T_OTHER) {
			/*
			 * An element of no known name (mw:editsection) is a block to the
			 * munger: only right under a heading, which block_unwrapped() let
			 * start, where nothing happens for it.
			 */
			if (depth != 1 || !(tag_flags(open[0]) & F_HEADING))
				return 0;
			other = (struct str){ s + ns, ne - ns };
		} else if (open[depth - 1] == T_TR ? t != T_TD && t != T_TH : !inert_tag(t)) {
			return 0;
		}
		if (tag_flags(t) & F_FORMAT) {
			for (size_t k = 0; k < depth; k++)
				if (open[k] == t)
					return 0;
			if (!top->fresh_afe && afe_has_after_marker(tb, t))
				return 0;
		}
		q = ne;
		if (!inert_attrs(s, len, &q))
			return 0;
		open[depth++] = t;
		contents = true;
	}
}

/*
 * The start tag at s[start] with its lower-case name s[start+1..name_end)
 * as an inert span, if it is one: the builder's steps for it, and the
 * position after it (0: tokenize it as usual).
 */
static size_t try_inert(struct tb *tb, const char *s, size_t len, size_t start, size_t name_end)
{
	/* Pending table text goes first, whatever the tag (process_start() in "in table text"). */
	if (tb->mode == M_IN_TABLE_TEXT)
		flush_table_text(tb);
	struct str name = { s + start + 1, name_end - start - 1 };
	int tag = tag_lookup(name);
	if (tag == T_TR && tb->mode == M_IN_TABLE && !tb->foster && current(tb) && current(tb)->tag == T_TABLE) {
		/*
		 * A table's first row: the builder's steps "in table" (the stack is
		 * already back to the table), the implied tbody, then the row "in
		 * table body", whether or not it turns out inert.
		 */
		insert_element(tb, T_TBODY, STR_LIT("tbody"), NULL, 0, false);
		tb->mode = M_IN_TABLE_BODY;
	}
	struct inert_top top;
	if (!inert_start(tb, tag, &top))
		return 0;
	size_t end = inert_span(tb, s, len, name_end, tag, &top);
	if (!end)
		return 0;
	/* The builder's steps: maybe reconstruct, then insert (and pop at the end tag). */
	if (top.reconstruct)
		reconstruct_afe(tb);
	struct tnode *raw = node_new(tb, tag, name);
	raw->is_raw = true;
	raw->text = s + start;
	raw->len = end - start;
	struct tnode *ref;
	enum prep prep = appropriate_place(tb, NULL, &ref);
	m_insert_element(tb, prep, ref, raw, true);
	return end;
}

/* The data state from `pos`: text and markup up to the first state change. Returns the new position. */
static size_t data_state(struct tb *tb, const char *s, size_t len, size_t pos)
{
	size_t text_start = pos;
	while (pos < len) {
		const char *lt = memchr(s + pos, '<', len - pos);
		if (!lt)
			break;
		size_t i = (size_t)(lt - s);
		char c1 = i + 1 < len ? s[i + 1] : '\0';
		if (c1 == '/' && i + 2 < len && ascii_alpha(s[i + 2])) {
			emit_chars(tb, s + text_start, i - text_start);
			size_t p = i + 2;
			struct str name = tag_name(tb, s, len, &p);
			return tag_token(tb, s, len, p, name, true);
		}
		if (ascii_alpha(c1)) {
			emit_chars(tb, s + text_start, i - text_start);
			size_t p = i + 1;
			struct str name = tag_name(tb, s, len, &p);
			if (tb->inert && name.p == s + i + 1) {
				size_t e = try_inert(tb, s, len, i, p);
				if (e)
					return e;
			}
			return tag_token(tb, s, len, p, name, false);
		}
		if (c1 == '!' && len - i >= 4 && s[i + 2] == '-' && s[i + 3] == '-') {
			emit_chars(tb, s + text_start, i - text_start);
			size_t cs = i + 4;
			if (len - i >= 5 && s[i + 4] == '>') {
				process_comment(tb, "", 0);
				return i + 5;
			}
			if (len - i >= 6 && s[i + 4] == '-' && s[i + 5] == '>') {
				process_comment(tb, "", 0);
				return i + 6;
			}
			/* Contents run to the first "-->" or "--!>"; at the end a partial close is dropped. */
			for (size_t k = cs; k + 2 < len; k++) {
				if (s[k] != '-' || s[k + 1] != '-')
					continue;
				if (s[k + 2] == '>') {
					process_comment(tb, s + cs, k - cs);
					return k + 3;
				}
				if (s[k + 2] == '!' && k + 3 < len && s[k + 3] == '>') {
					process_comment(tb, s + cs, k - cs);
					return k + 4;
				}
			}
			size_t ce = len;
			if (ce - cs >= 3 && memcmp(s + ce - 3, "--!", 3) == 0)
				ce -= 3;
			else if (ce - cs >= 2 && memcmp(s + ce - 2, "--", 2) == 0)
				ce -= 2;
			else if (ce - cs >= 1 && s[ce - 1] == '-')
				ce -= 1;
			process_comment(tb, s + cs, ce - cs);
			return len;
		}
		if (c1 == '!' && len - i >= 9 && strncasecmp(s + i + 2, "DOCTYPE", 7) == 0) {
			emit_chars(tb, s + text_start, i - text_start);
			const char *gt = memchr(s + i, '>', len - i);
			process_doctype(tb);
			return gt ? (size_t)(gt - s) + 1 : len;
		}
		if (c1 == '!' || c1 == '?' || c1 == '/') {
			emit_chars(tb, s + text_start, i - text_start);
			if (c1 == '/' && i + 2 == len) {
				/* "</" at the very end is text. */
				emit_chars(tb, s + i, 2);
				return len;
			}
			const char *gt = memchr(s + i + 1, '>', len - i - 1);
			size_t end = gt ? (size_t)(gt - s) : len;
			if (c1 == '/' && end == i + 2)
				return end + 1; /* "</>": no token at all */
			size_t cs = c1 == '?' ? i + 1 : i + 2;
			process_comment(tb, s + cs, end - cs);
			return gt ? end + 1 : len;
		}
		pos = i + 1;
	}
	emit_chars(tb, s + text_start, len - text_start);
	return len;
}

/* RCDATA, RAWTEXT and script data: text up to the appropriate end tag. */
static size_t text_state(struct tb *tb, const char *s, size_t len, size_t pos)
{
	struct str name = tb->end_tag;
	for (size_t i = pos; i + 2 + name.len < len; i++) {
		if (s[i] != '<' || s[i + 1] != '/' || strncasecmp(s + i + 2, name.p, name.len) != 0)
			continue;
		char after = s[i + 2 + name.len];
		if (!(is_tok_space(after) || after == '/' || after == '>'))
			continue;
		emit_chars(tb, s + pos, i - pos);
		tb->tok = TS_DATA;
		return tag_token(tb, s, len, i + 2 + name.len, name, true);
	}
	emit_chars(tb, s + pos, len - pos);
	return len;
}

static void tokenize(struct tb *tb, const char *s, size_t len)
{
	size_t pos = 0;
	while (pos < len) {
		switch (tb->tok) {
		case TS_DATA:
			pos = data_state(tb, s, len, pos);
			break;
		case TS_RCDATA:
		case TS_RAWTEXT:
		case TS_SCRIPT:
			pos = text_state(tb, s, len, pos);
			break;
		case TS_PLAINTEXT:
			emit_chars(tb, s + pos, len - pos);
			pos = len;
			break;
		}
	}
	process_eof(tb, tb->mode);
}

/* ---------- Serializer: writing the tree ---------- */

/* Attribute value as RemexCompatFormatter writes it: '"' and U+00A0 escaped, references normalised. */
/*
 * Appends of the serializer: sbuf_add()'s fast path inline (wt_tidy()
 * reserves about the input's size, so the room is nearly always there),
 * the function itself otherwise.
 */
static inline void put(struct sbuf *o, const char *p, size_t n)
{
	if (o->p && n < o->cap - o->len) {
		memcpy(o->p + o->len, p, n);
		o->len += n;
		o->p[o->len] = '\0';
	} else {
		sbuf_add(o, p, n);
	}
}

static inline void put_c(struct sbuf *o, char c)
{
	put(o, &c, 1);
}

static inline void put_str(struct sbuf *o, struct str s)
{
	put(o, s.p, s.len);
}

static void write_attr_value(struct sbuf *out, struct str v)
{
	/* Most values hold no '"', NBSP or reference: written as they are. */
	static const bool special[256] = { ['"'] = true, ['&'] = true, [0xc2] = true };
	bool plain = true;
	for (size_t i = 0; i < v.len; i++) {
		if (special[(unsigned char)v.p[i]]) {
			plain = false;
			break;
		}
	}
	if (plain) {
		put(out, v.p, v.len);
		return;
	}
	struct sbuf tmp;
	sbuf_init(&tmp, SIZE_MAX / 2);
	size_t run = 0;
	for (size_t i = 0; i < v.len; i++) {
		const char *rep = NULL;
		size_t n = 1;
		if (v.p[i] == '"')
			rep = "&quot;";
		else if ((unsigned char)v.p[i] == 0xc2 && i + 1 < v.len && (unsigned char)v.p[i + 1] == 0xa0)
			rep = "&#160;", n = 2;
		if (!rep)
			continue;
		sbuf_add(&tmp, v.p + run, i - run);
		sbuf_adds(&tmp, rep);
		i += n - 1;
		run = i + 1;
	}
	sbuf_add(&tmp, v.p + run, v.len - run);
	wt_san_normalize_charrefs(out, (struct str){ sbuf_cstr(&tmp), tmp.len });
	sbuf_release(&tmp);
}

/* Is everything `n` contains, as written, whitespace (for mw-empty-elt)? */
static bool contents_blank(const struct tnode *n)
{
	for (const struct tnode *c = n->first; c; c = c->next) {
		if (c->is_comment)
			return false;
		if (c->is_text) {
			if (!is_blank(c->text, c->len))
				return false;
			continue;
		}
		if (!(c->is_pwrapper && c->nonblank == 0) || !contents_blank(c))
			return false;
	}
	return true;
}

/* The first byte `n`'s contents are written with ('\0' when empty). */
static char contents_first(const struct tnode *n)
{
	for (const struct tnode *c = n->first; c; c = c->next) {
		if (c->is_text) {
			if (c->len)
				return c->text[0];
			continue;
		}
		if (c->is_pwrapper && c->nonblank == 0) {
			char f = contents_first(c);
			if (f)
				return f;
			continue;
		}
		return '<';
	}
	return '\0';
}

static void write_open(struct sbuf *out, const struct tnode *el)
{
	if (el->is_pwrapper) {
		if (el->nonblank)
			put(out, "<p>", 3);
		return;
	}
	unsigned f = tag_flags(el->tag);
	put_c(out, '<');
	put_str(out, el->name);
	if ((f & F_EMPTYELT) && el->n_attrs == 0 && contents_blank(el)) {
		static const char empty_elt[] = " class=\"mw-empty-elt\">";
		put(out, empty_elt, sizeof(empty_elt) - 1);
		return;
	}
	for (size_t i = 0; i < el->n_attrs; i++) {
		put_c(out, ' ');
		put_str(out, el->attrs[i].name);
		put(out, "=\"", 2);
		write_attr_value(out, el->attrs[i].value);
		put_c(out, '"');
	}
	if (f & F_VOID) {
		put(out, " />", 3);
		return;
	}
	put_c(out, '>');
	if ((f & F_PRELF) && contents_first(el) == '\n')
		put_c(out, '\n');
}

static void write_close(struct sbuf *out, const struct tnode *el)
{
	if (el->is_pwrapper) {
		if (el->nonblank)
			put(out, "</p>", 4);
		return;
	}
	put(out, "</", 2);
	put_str(out, el->name);
	put_c(out, '>');
}

/* One open element being written and the next child to write. */
struct ser_frame {
	const struct tnode *el;    /* the element */
	const struct tnode *child; /* next child, NULL when done */
};

static void serialize(struct tb *tb, struct sbuf *out)
{
	size_t n = 0, cap = 0;
	struct ser_frame *st = NULL;
	st = arena_grow(tb->a, st, n, &cap, sizeof(*st));
	st[n++] = (struct ser_frame){ tb->html, tb->html->first };
	while (n) {
		struct ser_frame *f = &st[n - 1];
		const struct tnode *c = f->child;
		if (!c) {
			if (f->el != tb->html)
				write_close(out, f->el);
			n--;
			continue;
		}
		f->child = c->next;
		if (c->is_text || c->is_raw) {
			if (c->len)
				put(out, c->text, c->len);
			continue;
		}
		write_open(out, c);
		if (tag_flags(c->tag) & F_VOID)
			continue;
		if (n == cap)
			st = arena_grow(tb->a, st, n, &cap, sizeof(*st));
		st[n++] = (struct ser_frame){ c, c->first };
	}
}

static int tidy(struct arena *a, struct sbuf *out, struct str html, bool french_spaces, bool inert, bool munger)
{
	pthread_once(&tag_once, tag_build);
	struct tb tb = { 0 };
	tb.a = a;
	tb.french = french_spaces;
	tb.inert = inert;
	tb.no_munger = !munger;
	for (int i = 0; i < T_COUNT; i++)
		tb.last_idx[i] = -1;
	for (int s = 0; s < SC_COUNT; s++)
		tb.barrier[s] = -1;
	/* The serializer's root, wrapped in paragraphs like a body; then the fragment's <html>. */
	tb.root = node_new(&tb, T_OTHER, (struct str){ "", 0 });
	tb.root->needs_pwrap = munger;
	tb.html = elem_new(&tb, T_HTML, STR_LIT("html"), NULL, 0);
	m_insert_element(&tb, P_ROOT, NULL, tb.html, false);
	stack_push(&tb, tb.html);
	tb.mode = M_IN_BODY;
	tokenize(&tb, html.p, html.len);
	/* The output is about the input's size: room for it at once, not a dozen reallocations. */
	size_t want = html.len + html.len / 4 + 64;
	if (want <= out->max - out->len)
		sbuf_reserve(out, want);
	serialize(&tb, out);
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}

int wt_tidy(struct arena *a, struct sbuf *out, struct str html, bool french_spaces)
{
	return tidy(a, out, html, french_spaces, true, true);
}

int wt_tidy_uncut(struct arena *a, struct sbuf *out, struct str html, bool french_spaces)
{
	return tidy(a, out, html, french_spaces, false, true);
}

int wt_tidy_balance(struct arena *a, struct sbuf *out, struct str html)
{
	return tidy(a, out, html, false, true, false);
}
