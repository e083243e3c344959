/* SPDX-License-Identifier: MIT */
/*
 * tidy.c — the last step of every parse in MediaWiki 1.39: the HTML is
 * run through an HTML5 parser (RemexHtml: tokenizer and tree builder, as
 * a fragment in <body>) with MediaWiki's RemexCompatMunger, and the tree
 * is written back (RemexCompatFormatter). This balances tags, moves
 * misplaced table content out of tables (foster parenting), repairs
 * misnested formatting (the adoption agency), wraps inline content at
 * the top level and in <blockquote> in <p> (splitting formatting
 * elements around blocks), marks empty <li>/<p>/<tr> with
 * class="mw-empty-elt", and writes text with MediaWiki's escaping
 * (&lt; &gt; &#160;, character references normalized, French spaces
 * armoured).
 *
 * Differences from a browser, as in RemexHtml with MediaWiki's options:
 * character references are not decoded (text is kept as written),
 * NUL bytes are kept, no <head>/<body> is created, SVG/MathML are
 * treated as ordinary elements (the sanitizer never lets them through).
 *
 * Limits: the tree is written without recursion; every step of the
 * tree builder is bounded by the depth of the open-element stack.
 */
#include <strings.h>

#include "wt_int.h"

/* Node types. */
enum { T_ELEMENT, T_TEXT, T_COMMENT };

/* An attribute of an element. */
struct tattr {
	struct str name;  /* lower-case name */
	struct str value; /* value as written (entities kept) */
};

/* A node of the tree, with RemexCompatMunger's data. */
struct tnode {
	int type;                 /* T_* */
	const char *name;         /* element name, lower case */
	struct tattr *attrs;      /* attributes */
	size_t n_attrs;           /* count */
	struct tnode *parent;     /* parent node, NULL for the root */
	struct tnode **kids;      /* children */
	size_t n_kids;            /* count */
	size_t cap_kids;          /* allocated */
	struct wt_buf text;       /* T_TEXT: formatted text; T_COMMENT: the comment */
	bool is_void;             /* a void element */
	/* RemexMungerData */
	bool needs_p;             /* inline content here gets a <p> wrapper */
	bool is_pwrap;            /* this is a "mw:p-wrap" element */
	bool splittable;          /* a formatting element inside a wrapper */
	struct tnode *ancestor_p; /* the p-wrapper this node is in */
	struct tnode *wrap_base;  /* the node whose wrapper contains this one */
	struct tnode *child_p;    /* the open p-wrapper child */
	struct tnode *clone;      /* the current clone of this element (after a split) */
	long nonblank;            /* non-blank children inserted */
	/* tree builder */
	bool on_stack;            /* on the stack of open elements */
	bool in_afe;              /* in the list of active formatting elements */
};

/* An entry of the list of active formatting elements (NULL element: a marker). */
struct afe {
	struct tnode *el; /* the element, NULL for a marker */
};

/* Insertion modes used for a body fragment. */
enum mode {
	M_BODY,            /* in body */
	M_TABLE,           /* in table */
	M_TABLE_TEXT,      /* in table text (characters pending) */
	M_CAPTION,         /* in caption */
	M_COLGROUP,        /* in column group */
	M_TBODY,           /* in table body */
	M_ROW,             /* in row */
	M_CELL,            /* in cell */
	M_SELECT,          /* in select */
	M_SELECT_IN_TABLE, /* in select in table */
};

/* Where to insert: under a node, or before it (foster parenting). */
enum { P_UNDER, P_BEFORE };

/* The parser's state. */
struct tb {
	struct wt_ctx *cx;           /* arena, strings */
	struct tnode *root;          /* the fragment's root (the "html" element) */
	struct tnode **stack;        /* open elements; stack[0] is root */
	size_t n_stack;              /* depth */
	size_t cap_stack;            /* allocated */
	struct afe *afe;             /* active formatting elements */
	size_t n_afe;                /* count */
	size_t cap_afe;              /* allocated */
	enum mode mode;              /* current insertion mode */
	enum mode orig_mode;         /* mode to return to after table text */
	bool foster;                 /* foster parenting on */
	struct str *pending;         /* pending table characters */
	size_t n_pending;            /* count */
	size_t cap_pending;          /* allocated */
	bool skip_lf;                /* drop a newline right after <pre>/<listing>/<textarea> */
	struct tnode *form;          /* the open form element */
};

/* ------------------------------------------------------------------ */
/* Element classes                                                      */
/* ------------------------------------------------------------------ */

static bool in_list(const char *name, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

static const char *const special[] = {
	"address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br",
	"button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "embed",
	"fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
	"head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link", "listing", "main",
	"marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext",
	"pre", "script", "section", "select", "source", "style", "summary", "table", "tbody", "td", "template",
	"textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp", NULL,
};

static const char *const void_elements[] = { "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame",
					     "hr", "img", "input", "keygen", "link", "menuitem", "meta", "param",
					     "source", "track", "wbr", NULL };

static const char *const raw_text[] = { "style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext",
					"noscript", NULL };

static const char *const only_inline[] = {
	"a", "abbr", "acronym", "applet", "b", "basefont", "bdo", "big", "br", "button", "cite", "code", "del", "dfn",
	"em", "font", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "map", "object", "param", "q",
	"rb", "rbc", "rp", "rt", "rtc", "ruby", "s", "samp", "select", "small", "span", "strike", "strong", "sub", "sup",
	"textarea", "tt", "u", "var", "video", "audio", "bdi", "data", "time", "mark", NULL,
};

static const char *const metadata[] = { "style", "script", "link", "meta", NULL };

static const char *const munger_formatting[] = { "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small",
						 "strike", "strong", "tt", "u", NULL };

static const char *const implied_end[] = { "dd", "dt", "li", "option", "optgroup", "p", "rb", "rp", "rt", "rtc",
					   NULL };

static const char *const headings[] = { "h1", "h2", "h3", "h4", "h5", "h6", NULL };

/* ------------------------------------------------------------------ */
/* The tree (RemexHtml's Serializer and RemexCompatMunger)             */
/* ------------------------------------------------------------------ */

static struct tnode *node_new(struct tb *tb, int type, const char *name)
{
	struct tnode *n = arena_calloc(tb->cx->a, 1, sizeof(*n));
	n->type = type;
	n->name = name;
	return n;
}

static size_t kid_index(const struct tnode *parent, const struct tnode *kid)
{
	for (size_t i = parent->n_kids; i-- > 0;)
		if (parent->kids[i] == kid)
			return i;
	return SIZE_MAX;
}

static void detach(struct tnode *n)
{
	struct tnode *p = n->parent;
	if (!p)
		return;
	size_t i = kid_index(p, n);
	if (i != SIZE_MAX) {
		memmove(p->kids + i, p->kids + i + 1, (p->n_kids - i - 1) * sizeof(*p->kids));
		p->n_kids--;
	}
	n->parent = NULL;
}

/* Insert `n` under `parent` (at the end) or before `ref` (in ref's parent). */
static void raw_insert(struct tb *tb, struct tnode *parent, struct tnode *ref, struct tnode *n)
{
	detach(n);
	if (ref) {
		parent = ref->parent;
		size_t i = kid_index(parent, ref);
		parent->kids = arena_grow(tb->cx->a, parent->kids, parent->n_kids, &parent->cap_kids, sizeof(*parent->kids));
		memmove(parent->kids + i + 1, parent->kids + i, (parent->n_kids - i) * sizeof(*parent->kids));
		parent->kids[i] = n;
		parent->n_kids++;
	} else {
		parent->kids = arena_grow(tb->cx->a, parent->kids, parent->n_kids, &parent->cap_kids, sizeof(*parent->kids));
		parent->kids[parent->n_kids++] = n;
	}
	n->parent = parent;
}

static bool is_blank(struct str t)
{
	for (size_t i = 0; i < t.len; i++)
		if (!strchr("\t\n\f\r ", t.p[i]) || !t.p[i])
			return false;
	return true;
}

/* RemexCompatFormatter::characters: the text as it will be written under `parent`. */
static void format_text(struct tb *tb, struct wt_buf *b, const struct tnode *parent, struct str t)
{
	if (parent->type == T_ELEMENT && in_list(parent->name, raw_text)) {
		wt_buf_addstr(b, t);
		return;
	}
	struct wt_buf e;
	wt_buf_init(&e, tb->cx->a, t.len + 16);
	for (size_t i = 0; i < t.len; i++) {
		unsigned char c = (unsigned char)t.p[i];
		if (c == '<')
			wt_buf_adds(&e, "&lt;");
		else if (c == '>')
			wt_buf_adds(&e, "&gt;");
		else if (c == 0xC2 && i + 1 < t.len && (unsigned char)t.p[i + 1] == 0xA0) {
			wt_buf_adds(&e, "&#160;");
			i++;
		} else if (c == 0xCC && i + 1 < t.len && (unsigned char)t.p[i + 1] == 0xB8) {
			wt_buf_adds(&e, "&#x338;");
			i++;
		} else {
			wt_buf_addc(&e, (char)c);
		}
	}
	struct sbuf s1, s2;
	sbuf_init(&s1, WT_BUF_MAX);
	sbuf_init(&s2, WT_BUF_MAX);
	wt_san_armor_french_spaces(&s1, wt_buf_str(&e), STR_LIT("&#160;"));
	wt_san_normalize_charrefs(&s2, (struct str){ sbuf_cstr(&s1), s1.len });
	wt_buf_add(b, sbuf_cstr(&s2), s2.len);
	sbuf_release(&s1);
	sbuf_release(&s2);
}

/* Serializer::characters: append to the last text child, or a new text node. */
static void ser_characters(struct tb *tb, int prep, struct tnode *ref, struct str t)
{
	struct tnode *parent = prep == P_BEFORE ? ref->parent : ref;
	if (prep == P_BEFORE) {
		size_t i = kid_index(parent, ref);
		if (i > 0 && parent->kids[i - 1]->type == T_TEXT) {
			format_text(tb, &parent->kids[i - 1]->text, parent, t);
			return;
		}
		struct tnode *tn = node_new(tb, T_TEXT, NULL);
		wt_buf_init(&tn->text, tb->cx->a, t.len + 8);
		format_text(tb, &tn->text, parent, t);
		raw_insert(tb, parent, ref, tn);
		return;
	}
	if (parent->n_kids && parent->kids[parent->n_kids - 1]->type == T_TEXT) {
		format_text(tb, &parent->kids[parent->n_kids - 1]->text, parent, t);
		return;
	}
	struct tnode *tn = node_new(tb, T_TEXT, NULL);
	wt_buf_init(&tn->text, tb->cx->a, t.len + 8);
	format_text(tb, &tn->text, parent, t);
	raw_insert(tb, parent, NULL, tn);
}

/* RemexCompatMunger::getParentForInsert. */
static void parent_for_insert(struct tnode *ref, int prep, struct tnode **parent, struct tnode **newref)
{
	if (prep == P_BEFORE) {
		*parent = ref->parent;
		*newref = ref;
		return;
	}
	if (ref->clone) {
		struct tnode *orig = ref;
		while (ref->clone)
			ref = ref->clone;
		orig->clone = ref;
	} else if (ref->child_p) {
		ref = ref->child_p;
	}
	*parent = ref;
	*newref = ref;
}

static struct tnode *insert_pwrapper(struct tb *tb, struct tnode *parent)
{
	struct tnode *p = node_new(tb, T_ELEMENT, "mw:p-wrap");
	raw_insert(tb, parent, NULL, p);
	p->is_pwrap = true;
	p->wrap_base = parent;
	parent->child_p = p;
	return p;
}

static struct tnode *split_tag_stack(struct tb *tb, struct tnode *parent, bool inl);

/* The munger's characters(). */
static void m_characters(struct tb *tb, int prep, struct tnode *ref, struct str t)
{
	bool blank = is_blank(t);
	struct tnode *parent, *r;
	parent_for_insert(ref, prep, &parent, &r);
	if (prep == P_UNDER) {
		if (parent->needs_p && !blank) {
			r = insert_pwrapper(tb, r);
			parent = r;
		} else if (parent->splittable && !parent->ancestor_p) {
			r = split_tag_stack(tb, r, true);
			parent = r;
		}
	}
	if (!blank)
		parent->nonblank++;
	ser_characters(tb, prep, r, t);
}

/* RemexCompatMunger::disablePWrapper */
static void disable_pwrapper(struct tb *tb, struct tnode *node)
{
	struct tnode *pw = node->ancestor_p;
	struct tnode *np = pw->parent;
	if (!np || !np->n_kids || np->kids[np->n_kids - 1] != pw)
		return;
	struct tnode *next = node, *victim;
	do {
		victim = next;
		victim->ancestor_p = NULL;
		next = victim->parent;
	} while (next && next != pw);
	raw_insert(tb, np, NULL, victim);
	pw->nonblank--;
	np->child_p = NULL;
}

/* The munger's insertElement() for a new or moved element. */
static void m_insert_element(struct tb *tb, int prep, struct tnode *ref, struct tnode *el)
{
	struct tnode *parent, *newref;
	parent_for_insert(ref, prep, &parent, &newref);
	const char *name = el->name;
	bool inl = in_list(name, only_inline);
	bool under = prep == P_UNDER;
	if (in_list(name, metadata)) {
		/* metadata goes anywhere */
	} else if (under && parent->is_pwrap && !inl) {
		/* A block in a p-wrapper: the wrapper ends, the block goes next to it. */
		parent = parent->parent;
		parent->child_p = NULL;
		newref = ref;
	} else if (under && parent->splittable && (parent->ancestor_p != NULL) != inl) {
		newref = split_tag_stack(tb, newref, inl);
		parent = newref;
	} else if (under && parent->needs_p && inl) {
		newref = insert_pwrapper(tb, newref);
		parent = newref;
	} else if (parent->ancestor_p && !inl) {
		disable_pwrapper(tb, parent);
	}
	parent->nonblank++;
	if (prep == P_BEFORE)
		raw_insert(tb, NULL, newref, el);
	else
		raw_insert(tb, newref, NULL, el);
	if ((parent->is_pwrap || parent->splittable) && in_list(name, munger_formatting))
		el->splittable = true;
	if (parent->is_pwrap)
		el->ancestor_p = parent;
	else if (parent->ancestor_p)
		el->ancestor_p = parent->ancestor_p;
	if (parent->wrap_base)
		el->wrap_base = parent->wrap_base;
	else if (parent->needs_p)
		el->wrap_base = parent;
	if (strcmp(name, "body") == 0 || strcmp(name, "blockquote") == 0 || strcmp(name, "html") == 0)
		el->needs_p = true;
}

/* RemexCompatMunger::splitTagStack */
static struct tnode *split_tag_stack(struct tb *tb, struct tnode *parent, bool inl)
{
	struct tnode *wrap_base = parent->wrap_base;
	struct tnode *pwrap = parent->ancestor_p;
	struct tnode *clone_end = pwrap ? pwrap : wrap_base;
	struct tnode **nodes = NULL;
	size_t n = 0, cap = 0;
	struct tnode **removable = NULL;
	size_t nr = 0, capr = 0;
	struct tnode *node = parent;
	while (node && node != clone_end) {
		struct tnode *next = node->parent;
		if (!next || next == tb->root) {
			if (!next)
				break;
		}
		nodes = arena_grow(tb->cx->a, nodes, n, &cap, sizeof(*nodes));
		nodes[n++] = node;
		if (node->nonblank == 0) {
			removable = arena_grow(tb->cx->a, removable, nr, &capr, sizeof(*removable));
			removable[nr++] = node;
			next->nonblank--;
		}
		node = next;
	}
	if (inl) {
		pwrap = insert_pwrapper(tb, wrap_base);
		node = pwrap;
	} else {
		if (pwrap)
			wrap_base->child_p = NULL;
		pwrap = NULL;
		node = wrap_base;
	}
	for (size_t i = n; i-- > 0;) {
		struct tnode *old = nodes[i];
		struct tnode *np = node;
		struct tnode *c = node_new(tb, T_ELEMENT, old->name);
		c->attrs = old->attrs;
		c->n_attrs = old->n_attrs;
		raw_insert(tb, np, NULL, c);
		old->clone = c;
		c->ancestor_p = pwrap;
		c->splittable = true;
		c->wrap_base = wrap_base;
		c->is_pwrap = old->is_pwrap;
		np->nonblank++;
		node = c;
	}
	for (size_t i = 0; i < nr; i++)
		detach(removable[i]);
	return node;
}

/* The munger's endTag(): the open p-wrapper of an element ends with it. */
static void m_end_tag(struct tnode *el)
{
	el->child_p = NULL;
	el->clone = NULL;
}

/* The munger's reparentChildren(): el's children go under new_parent, which goes under el. */
static void m_reparent(struct tb *tb, struct tnode *el, struct tnode *new_parent)
{
	if (el->child_p) {
		m_reparent(tb, el->child_p, new_parent);
		return;
	}
	struct tnode **kids = el->kids;
	size_t nk = el->n_kids, ck = el->cap_kids;
	el->kids = NULL;
	el->n_kids = el->cap_kids = 0;
	m_insert_element(tb, P_UNDER, el, new_parent);
	for (size_t i = 0; i < nk; i++)
		kids[i]->parent = new_parent;
	/* The new parent had no children yet: it takes the whole list. */
	new_parent->kids = kids;
	new_parent->n_kids = nk;
	new_parent->cap_kids = ck;
}

/* ------------------------------------------------------------------ */
/* Tree builder                                                         */
/* ------------------------------------------------------------------ */

static struct tnode *current(struct tb *tb)
{
	return tb->stack[tb->n_stack - 1];
}

static bool cur_is(struct tb *tb, const char *name)
{
	return strcmp(current(tb)->name, name) == 0;
}

static void push(struct tb *tb, struct tnode *n)
{
	tb->stack = arena_grow(tb->cx->a, tb->stack, tb->n_stack, &tb->cap_stack, sizeof(*tb->stack));
	tb->stack[tb->n_stack++] = n;
	n->on_stack = true;
}

static struct tnode *pop(struct tb *tb)
{
	if (tb->n_stack <= 1)
		return NULL;
	struct tnode *n = tb->stack[--tb->n_stack];
	n->on_stack = false;
	m_end_tag(n);
	return n;
}

/* Appropriate place for inserting (with foster parenting). */
static void place(struct tb *tb, struct tnode *target, int *prep, struct tnode **ref)
{
	if (!target)
		target = current(tb);
	*prep = P_UNDER;
	*ref = target;
	if (!tb->foster)
		return;
	static const char *const triggers[] = { "table", "tbody", "tfoot", "thead", "tr", NULL };
	if (!in_list(target->name, triggers))
		return;
	for (size_t i = tb->n_stack; i-- > 0;) {
		struct tnode *n = tb->stack[i];
		if (strcmp(n->name, "table") == 0 && i >= 1) {
			*prep = P_BEFORE;
			*ref = n;
			return;
		}
		if (strcmp(n->name, "template") == 0 || i == 0) {
			*ref = n;
			return;
		}
	}
}

static void insert_chars(struct tb *tb, struct str t)
{
	int prep;
	struct tnode *ref;
	place(tb, NULL, &prep, &ref);
	m_characters(tb, prep, ref, t);
}

static struct tnode *insert_element(struct tb *tb, const char *name, struct tattr *attrs, size_t n_attrs,
				    bool is_void)
{
	int prep;
	struct tnode *ref;
	place(tb, NULL, &prep, &ref);
	struct tnode *el = node_new(tb, T_ELEMENT, name);
	el->attrs = attrs;
	el->n_attrs = n_attrs;
	el->is_void = is_void;
	m_insert_element(tb, prep, ref, el);
	if (!is_void)
		push(tb, el);
	return el;
}

static void insert_comment(struct tb *tb, struct str t)
{
	int prep;
	struct tnode *ref;
	place(tb, NULL, &prep, &ref);
	struct tnode *parent, *r;
	parent_for_insert(ref, prep, &parent, &r);
	struct tnode *c = node_new(tb, T_COMMENT, NULL);
	wt_buf_init(&c->text, tb->cx->a, t.len + 1);
	wt_buf_addstr(&c->text, t);
	if (prep == P_BEFORE)
		raw_insert(tb, NULL, r, c);
	else
		raw_insert(tb, r, NULL, c);
}

/* Scopes. */
enum scope { S_DEFAULT, S_LIST, S_BUTTON, S_TABLE, S_SELECT };

static bool scope_stop(const char *name, enum scope s)
{
	static const char *const base[] = { "applet", "caption", "html", "table", "td", "th", "marquee", "object",
					    "template", NULL };
	switch (s) {
	case S_TABLE:
		return !strcmp(name, "html") || !strcmp(name, "table") || !strcmp(name, "template");
	case S_SELECT:
		return strcmp(name, "optgroup") && strcmp(name, "option");
	case S_LIST:
		if (!strcmp(name, "ol") || !strcmp(name, "ul"))
			return true;
		break;
	case S_BUTTON:
		if (!strcmp(name, "button"))
			return true;
		break;
	default:
		break;
	}
	return in_list(name, base);
}

static bool in_scope(struct tb *tb, const char *name, enum scope s)
{
	for (size_t i = tb->n_stack; i-- > 0;) {
		const char *n = tb->stack[i]->name;
		if (!strcmp(n, name))
			return true;
		if (scope_stop(n, s))
			return false;
	}
	return false;
}

static bool el_in_scope(struct tb *tb, struct tnode *el)
{
	for (size_t i = tb->n_stack; i-- > 0;) {
		if (tb->stack[i] == el)
			return true;
		if (scope_stop(tb->stack[i]->name, S_DEFAULT))
			return false;
	}
	return false;
}

static bool heading_in_scope(struct tb *tb)
{
	for (size_t i = tb->n_stack; i-- > 0;) {
		const char *n = tb->stack[i]->name;
		if (in_list(n, headings))
			return true;
		if (scope_stop(n, S_DEFAULT))
			return false;
	}
	return false;
}

static void gen_implied(struct tb *tb, const char *except)
{
	while (tb->n_stack > 1 && (!except || !cur_is(tb, except)) && in_list(current(tb)->name, implied_end))
		pop(tb);
}

static void pop_until_name(struct tb *tb, const char *name)
{
	while (tb->n_stack > 1) {
		struct tnode *n = pop(tb);
		if (!n || !strcmp(n->name, name))
			break;
	}
}

static void pop_until_el(struct tb *tb, struct tnode *el)
{
	while (tb->n_stack > 1) {
		struct tnode *n = pop(tb);
		if (!n || n == el)
			break;
	}
}

static void gen_implied_and_pop(struct tb *tb, const char *name)
{
	gen_implied(tb, name);
	pop_until_name(tb, name);
}

static void close_p_button(struct tb *tb)
{
	if (in_scope(tb, "p", S_BUTTON))
		gen_implied_and_pop(tb, "p");
}

static void clear_back(struct tb *tb, const char *const *names)
{
	while (tb->n_stack > 1 && !in_list(current(tb)->name, names))
		pop(tb);
}

/* Active formatting elements. */
static void afe_push_raw(struct tb *tb, struct tnode *el)
{
	tb->afe = arena_grow(tb->cx->a, tb->afe, tb->n_afe, &tb->cap_afe, sizeof(*tb->afe));
	tb->afe[tb->n_afe++].el = el;
	if (el)
		el->in_afe = true;
}

static bool same_attrs(const struct tnode *a, const struct tnode *b)
{
	if (a->n_attrs != b->n_attrs)
		return false;
	for (size_t i = 0; i < a->n_attrs; i++) {
		bool found = false;
		for (size_t j = 0; j < b->n_attrs && !found; j++)
			found = a->attrs[i].name.len == b->attrs[j].name.len &&
				memcmp(a->attrs[i].name.p, b->attrs[j].name.p, a->attrs[i].name.len) == 0 &&
				a->attrs[i].value.len == b->attrs[j].value.len &&
				memcmp(a->attrs[i].value.p, b->attrs[j].value.p, a->attrs[i].value.len) == 0;
		if (!found)
			return false;
	}
	return true;
}

static void afe_remove_at(struct tb *tb, size_t i)
{
	if (tb->afe[i].el)
		tb->afe[i].el->in_afe = false;
	memmove(tb->afe + i, tb->afe + i + 1, (tb->n_afe - i - 1) * sizeof(*tb->afe));
	tb->n_afe--;
}

static size_t afe_index(struct tb *tb, struct tnode *el)
{
	for (size_t i = tb->n_afe; i-- > 0;)
		if (tb->afe[i].el == el)
			return i;
	return SIZE_MAX;
}

/* Push with the Noah's Ark clause: at most three equal entries after the last marker. */
static void afe_push(struct tb *tb, struct tnode *el)
{
	size_t count = 0, earliest = SIZE_MAX;
	for (size_t i = tb->n_afe; i-- > 0;) {
		struct tnode *e = tb->afe[i].el;
		if (!e)
			break;
		if (!strcmp(e->name, el->name) && same_attrs(e, el)) {
			count++;
			earliest = i;
		}
	}
	if (count >= 3)
		afe_remove_at(tb, earliest);
	afe_push_raw(tb, el);
}

static void afe_clear_to_marker(struct tb *tb)
{
	while (tb->n_afe) {
		struct tnode *e = tb->afe[--tb->n_afe].el;
		if (!e)
			break;
		e->in_afe = false;
	}
}

static struct tnode *afe_find(struct tb *tb, const char *name)
{
	for (size_t i = tb->n_afe; i-- > 0;) {
		struct tnode *e = tb->afe[i].el;
		if (!e)
			return NULL;
		if (!strcmp(e->name, name))
			return e;
	}
	return NULL;
}

static void reconstruct_afe(struct tb *tb)
{
	if (!tb->n_afe)
		return;
	struct tnode *last = tb->afe[tb->n_afe - 1].el;
	if (!last || last->on_stack)
		return;
	size_t i = tb->n_afe - 1;
	while (i > 0) {
		struct tnode *e = tb->afe[i - 1].el;
		if (!e || e->on_stack)
			break;
		i--;
	}
	for (; i < tb->n_afe; i++) {
		struct tnode *old = tb->afe[i].el;
		struct tnode *nw = insert_element(tb, old->name, old->attrs, old->n_attrs, false);
		old->in_afe = false;
		tb->afe[i].el = nw;
		nw->in_afe = true;
	}
}

static bool is_special(const char *name)
{
	return in_list(name, special);
}

static void any_other_end(struct tb *tb, const char *name)
{
	for (size_t i = tb->n_stack; i-- > 1;) {
		struct tnode *n = tb->stack[i];
		if (!strcmp(n->name, name)) {
			gen_implied(tb, name);
			while (tb->n_stack > i)
				pop(tb);
			return;
		}
		if (is_special(n->name))
			return;
	}
}

static size_t stack_index(struct tb *tb, struct tnode *el)
{
	for (size_t i = tb->n_stack; i-- > 0;)
		if (tb->stack[i] == el)
			return i;
	return SIZE_MAX;
}

/* The adoption agency algorithm (as RemexHtml runs it). */
static void adoption_agency(struct tb *tb, const char *subject)
{
	if (cur_is(tb, subject) && !current(tb)->in_afe) {
		pop(tb);
		return;
	}
	for (int outer = 0; outer < 8; outer++) {
		struct tnode *fmt = afe_find(tb, subject);
		if (!fmt) {
			any_other_end(tb, subject);
			return;
		}
		size_t fi = stack_index(tb, fmt);
		if (fi == SIZE_MAX) {
			afe_remove_at(tb, afe_index(tb, fmt));
			return;
		}
		if (!el_in_scope(tb, fmt))
			return;
		struct tnode *furthest = NULL;
		size_t fbi = 0;
		for (size_t i = fi + 1; i < tb->n_stack; i++) {
			if (is_special(tb->stack[i]->name)) {
				furthest = tb->stack[i];
				fbi = i;
				break;
			}
		}
		if (!furthest) {
			pop_until_el(tb, fmt);
			afe_remove_at(tb, afe_index(tb, fmt));
			return;
		}
		struct tnode *ancestor = tb->stack[fi - 1];
		/* The bookmark is an index into the AFE list, kept just after its element. */
		size_t bookmark = afe_index(tb, fmt) + 1;
		struct tnode *last = furthest;
		size_t ni = fbi;
		bool *removal = arena_calloc(tb->cx->a, tb->n_stack, sizeof(bool));
		struct ins {
			struct tnode *parent; /* insert under this */
			struct tnode *child;  /* this node */
		} *ins = NULL;
		size_t n_ins = 0, cap_ins = 0;
		for (int inner = 1;; inner++) {
			struct tnode *node = tb->stack[--ni];
			if (node == fmt)
				break;
			bool is_afe = node->in_afe;
			if (inner > 3 && is_afe) {
				size_t ai = afe_index(tb, node);
				afe_remove_at(tb, ai);
				if (ai < bookmark)
					bookmark--;
				is_afe = false;
			}
			if (!is_afe) {
				removal[ni] = true;
				continue;
			}
			struct tnode *nw = node_new(tb, T_ELEMENT, node->name);
			nw->attrs = node->attrs;
			nw->n_attrs = node->n_attrs;
			size_t ai = afe_index(tb, node);
			tb->afe[ai].el = nw;
			node->in_afe = false;
			nw->in_afe = true;
			tb->stack[ni] = nw;
			nw->on_stack = true;
			node->on_stack = false;
			if (last == furthest)
				bookmark = ai + 1;
			ins = arena_grow(tb->cx->a, ins, n_ins, &cap_ins, sizeof(*ins));
			ins[n_ins++] = (struct ins){ nw, last };
			last = nw;
		}
		int prep;
		struct tnode *ref;
		place(tb, ancestor, &prep, &ref);
		/* Insert from the top down: the ancestor takes the last node, each new node its child. */
		m_insert_element(tb, prep, ref, last);
		for (size_t i = n_ins; i-- > 0;)
			m_insert_element(tb, P_UNDER, ins[i].parent, ins[i].child);
		struct tnode *nw2 = node_new(tb, T_ELEMENT, fmt->name);
		nw2->attrs = fmt->attrs;
		nw2->n_attrs = fmt->n_attrs;
		m_reparent(tb, furthest, nw2);
		size_t fa = afe_index(tb, fmt);
		if (fa < bookmark)
			bookmark--;
		afe_remove_at(tb, fa);
		/* The new element takes the bookmark's place. */
		tb->afe = arena_grow(tb->cx->a, tb->afe, tb->n_afe, &tb->cap_afe, sizeof(*tb->afe));
		if (bookmark > tb->n_afe)
			bookmark = tb->n_afe;
		memmove(tb->afe + bookmark + 1, tb->afe + bookmark, (tb->n_afe - bookmark) * sizeof(*tb->afe));
		tb->afe[bookmark].el = nw2;
		tb->n_afe++;
		nw2->in_afe = true;
		/* Stack: remove fmt and the removed nodes; nw2 goes right after furthest. */
		struct tnode **temp = arena_alloc(tb->cx->a, (tb->n_stack + 1) * sizeof(*temp));
		size_t nt = 0;
		size_t index;
		for (index = tb->n_stack - 1; index > fbi; index--)
			temp[nt++] = tb->stack[index];
		temp[nt++] = nw2;
		nw2->on_stack = true;
		for (; index > fi; index--) {
			struct tnode *e = tb->stack[index];
			if (removal[index]) {
				e->on_stack = false;
				m_end_tag(e);
			} else {
				temp[nt++] = e;
			}
		}
		fmt->on_stack = false;
		m_end_tag(fmt);
		tb->n_stack = fi;
		for (size_t k = nt; k-- > 0;)
			tb->stack[tb->n_stack++] = temp[k];
	}
}

/* The tag being processed. */
struct tag {
	const char *name;     /* lower case */
	struct tattr *attrs;  /* attributes */
	size_t n_attrs;       /* count */
	bool self_closing;    /* written as <x/> */
	bool is_end;          /* an end tag */
};

static void body_start(struct tb *tb, struct tag *t);
static void body_end(struct tb *tb, const char *name);
static void process_start(struct tb *tb, struct tag *t);
static void process_end(struct tb *tb, const char *name);
static void process_chars(struct tb *tb, struct str s);

static void reset_mode(struct tb *tb)
{
	for (size_t i = tb->n_stack; i-- > 0;) {
		const char *n = i == 0 ? "body" : tb->stack[i]->name;
		bool last = i == 0;
		if (!strcmp(n, "select")) {
			tb->mode = M_SELECT;
			for (size_t k = i; k-- > 1;)
				if (!strcmp(tb->stack[k]->name, "table")) {
					tb->mode = M_SELECT_IN_TABLE;
					break;
				}
			return;
		}
		if ((!strcmp(n, "td") || !strcmp(n, "th")) && !last) {
			tb->mode = M_CELL;
			return;
		}
		if (!strcmp(n, "tr")) {
			tb->mode = M_ROW;
			return;
		}
		if (!strcmp(n, "tbody") || !strcmp(n, "thead") || !strcmp(n, "tfoot")) {
			tb->mode = M_TBODY;
			return;
		}
		if (!strcmp(n, "caption")) {
			tb->mode = M_CAPTION;
			return;
		}
		if (!strcmp(n, "colgroup")) {
			tb->mode = M_COLGROUP;
			return;
		}
		if (!strcmp(n, "table")) {
			tb->mode = M_TABLE;
			return;
		}
		if (!strcmp(n, "body") || last) {
			tb->mode = M_BODY;
			return;
		}
	}
	tb->mode = M_BODY;
}

static struct tag plain(const char *name)
{
	return (struct tag){ name, NULL, 0, false, false };
}

static bool attr_is(const struct tag *t, const char *name, const char *value)
{
	for (size_t i = 0; i < t->n_attrs; i++)
		if (str_eq(t->attrs[i].name, name))
			return t->attrs[i].value.len == strlen(value) &&
			       strncasecmp(t->attrs[i].value.p, value, strlen(value)) == 0;
	return false;
}

/* "in body" characters. */
static void body_chars(struct tb *tb, struct str s)
{
	if (!s.len)
		return;
	reconstruct_afe(tb);
	insert_chars(tb, s);
}

static void body_start(struct tb *tb, struct tag *t)
{
	const char *n = t->name;
	static const char *const closes_p[] = { "address", "article", "aside", "blockquote", "center", "details",
						"dir", "div", "dl", "fieldset", "figcaption", "figure", "footer",
						"header", "main", "menu", "nav", "ol", "p", "section", "summary", "ul",
						"hgroup", NULL };
	static const char *const fmt[] = { "b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong",
					   "tt", "u", NULL };
	static const char *const voids[] = { "area", "br", "embed", "img", "keygen", "wbr", NULL };
	static const char *const head_like[] = { "base", "basefont", "bgsound", "link", "meta", NULL };
	static const char *const table_parts[] = { "caption", "col", "colgroup", "frame", "head", "tbody", "td",
						   "tfoot", "th", "thead", "tr", NULL };
	bool is_void = false, new_afe = false;
	if (!strcmp(n, "html") || !strcmp(n, "body") || !strcmp(n, "frameset")) {
		return; /* the fragment has no html/body element of its own to merge into */
	} else if (in_list(n, head_like)) {
		insert_element(tb, n, t->attrs, t->n_attrs, true);
		return;
	} else if (in_list(n, closes_p)) {
		close_p_button(tb);
	} else if (in_list(n, headings)) {
		close_p_button(tb);
		if (in_list(current(tb)->name, headings))
			pop(tb);
	} else if (!strcmp(n, "pre") || !strcmp(n, "listing")) {
		close_p_button(tb);
		insert_element(tb, n, t->attrs, t->n_attrs, false);
		tb->skip_lf = true;
		return;
	} else if (!strcmp(n, "form")) {
		if (tb->form)
			return;
		close_p_button(tb);
		tb->form = insert_element(tb, n, t->attrs, t->n_attrs, false);
		return;
	} else if (!strcmp(n, "li") || !strcmp(n, "dd") || !strcmp(n, "dt")) {
		bool li = !strcmp(n, "li");
		for (size_t i = tb->n_stack; i-- > 0;) {
			const char *sn = tb->stack[i]->name;
			if (li ? !strcmp(sn, "li") : (!strcmp(sn, "dd") || !strcmp(sn, "dt"))) {
				gen_implied_and_pop(tb, sn);
				break;
			}
			if (is_special(sn) && strcmp(sn, "address") && strcmp(sn, "div") && strcmp(sn, "p"))
				break;
		}
		close_p_button(tb);
	} else if (!strcmp(n, "plaintext")) {
		close_p_button(tb);
	} else if (!strcmp(n, "button")) {
		if (in_scope(tb, "button", S_DEFAULT)) {
			gen_implied(tb, NULL);
			pop_until_name(tb, "button");
		}
		reconstruct_afe(tb);
	} else if (!strcmp(n, "a")) {
		struct tnode *a = afe_find(tb, "a");
		if (a) {
			adoption_agency(tb, "a");
			size_t ai = afe_index(tb, a);
			if (ai != SIZE_MAX)
				afe_remove_at(tb, ai);
			size_t si = stack_index(tb, a);
			if (si != SIZE_MAX) {
				memmove(tb->stack + si, tb->stack + si + 1, (tb->n_stack - si - 1) * sizeof(*tb->stack));
				tb->n_stack--;
				a->on_stack = false;
			}
		}
		reconstruct_afe(tb);
		new_afe = true;
	} else if (in_list(n, fmt)) {
		reconstruct_afe(tb);
		new_afe = true;
	} else if (!strcmp(n, "nobr")) {
		reconstruct_afe(tb);
		if (in_scope(tb, "nobr", S_DEFAULT)) {
			adoption_agency(tb, "nobr");
			reconstruct_afe(tb);
		}
		new_afe = true;
	} else if (!strcmp(n, "applet") || !strcmp(n, "marquee") || !strcmp(n, "object")) {
		reconstruct_afe(tb);
		insert_element(tb, n, t->attrs, t->n_attrs, false);
		afe_push_raw(tb, NULL);
		return;
	} else if (!strcmp(n, "table")) {
		close_p_button(tb);
		insert_element(tb, n, t->attrs, t->n_attrs, false);
		tb->mode = M_TABLE;
		return;
	} else if (in_list(n, voids) || !strcmp(n, "input")) {
		reconstruct_afe(tb);
		is_void = true;
	} else if (!strcmp(n, "menuitem") || !strcmp(n, "param") || !strcmp(n, "source") || !strcmp(n, "track")) {
		is_void = true;
	} else if (!strcmp(n, "hr")) {
		close_p_button(tb);
		is_void = true;
	} else if (!strcmp(n, "image")) {
		t->name = "img";
		body_start(tb, t);
		return;
	} else if (!strcmp(n, "textarea")) {
		insert_element(tb, n, t->attrs, t->n_attrs, false);
		tb->skip_lf = true;
		return;
	} else if (!strcmp(n, "xmp")) {
		close_p_button(tb);
		reconstruct_afe(tb);
	} else if (!strcmp(n, "select")) {
		reconstruct_afe(tb);
		insert_element(tb, n, t->attrs, t->n_attrs, false);
		tb->mode = (tb->mode == M_TABLE || tb->mode == M_CAPTION || tb->mode == M_TBODY || tb->mode == M_ROW ||
			    tb->mode == M_CELL)
				   ? M_SELECT_IN_TABLE
				   : M_SELECT;
		return;
	} else if (!strcmp(n, "optgroup") || !strcmp(n, "option")) {
		if (cur_is(tb, "option"))
			pop(tb);
		reconstruct_afe(tb);
	} else if (!strcmp(n, "rb") || !strcmp(n, "rtc")) {
		if (in_scope(tb, "ruby", S_DEFAULT))
			gen_implied(tb, NULL);
	} else if (!strcmp(n, "rp") || !strcmp(n, "rt")) {
		if (in_scope(tb, "ruby", S_DEFAULT))
			gen_implied(tb, "rtc");
	} else if (in_list(n, table_parts)) {
		return;
	} else if (!strcmp(n, "noscript") || !strcmp(n, "noembed") || !strcmp(n, "iframe") ||
		   !strcmp(n, "style") || !strcmp(n, "script") || !strcmp(n, "title") || !strcmp(n, "noframes") ||
		   !strcmp(n, "template")) {
		/* raw text elements are inserted as they are; the tokenizer reads their text */
	} else {
		reconstruct_afe(tb);
	}
	struct tnode *el = insert_element(tb, t->name, t->attrs, t->n_attrs, is_void);
	if (new_afe)
		afe_push(tb, el);
}

static void body_end(struct tb *tb, const char *n)
{
	static const char *const block[] = { "address", "article", "aside", "blockquote", "button", "center",
					     "details", "dir", "div", "dl", "fieldset", "figcaption", "figure",
					     "footer", "header", "listing", "main", "menu", "nav", "ol", "pre",
					     "section", "summary", "ul", "hgroup", NULL };
	static const char *const fmt[] = { "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small",
					   "strike", "strong", "tt", "u", NULL };
	if (!strcmp(n, "body") || !strcmp(n, "html")) {
		return;
	} else if (in_list(n, block)) {
		if (!in_scope(tb, n, S_DEFAULT))
			return;
		gen_implied_and_pop(tb, n);
	} else if (!strcmp(n, "form")) {
		struct tnode *f = tb->form;
		tb->form = NULL;
		if (!f || !el_in_scope(tb, f))
			return;
		gen_implied(tb, NULL);
		if (current(tb) == f) {
			pop(tb);
		} else {
			size_t si = stack_index(tb, f);
			memmove(tb->stack + si, tb->stack + si + 1, (tb->n_stack - si - 1) * sizeof(*tb->stack));
			tb->n_stack--;
			f->on_stack = false;
		}
	} else if (!strcmp(n, "p")) {
		if (!in_scope(tb, "p", S_BUTTON)) {
			insert_element(tb, "p", NULL, 0, false);
			pop(tb);
			return;
		}
		gen_implied_and_pop(tb, "p");
	} else if (!strcmp(n, "li")) {
		if (!in_scope(tb, "li", S_LIST))
			return;
		gen_implied_and_pop(tb, "li");
	} else if (!strcmp(n, "dd") || !strcmp(n, "dt")) {
		if (!in_scope(tb, n, S_DEFAULT))
			return;
		gen_implied_and_pop(tb, n);
	} else if (in_list(n, headings)) {
		if (!heading_in_scope(tb))
			return;
		gen_implied(tb, NULL);
		while (tb->n_stack > 1) {
			struct tnode *e = pop(tb);
			if (!e || in_list(e->name, headings))
				break;
		}
	} else if (in_list(n, fmt)) {
		adoption_agency(tb, n);
	} else if (!strcmp(n, "applet") || !strcmp(n, "marquee") || !strcmp(n, "object")) {
		if (!in_scope(tb, n, S_DEFAULT))
			return;
		gen_implied(tb, NULL);
		pop_until_name(tb, n);
		afe_clear_to_marker(tb);
	} else if (!strcmp(n, "br")) {
		struct tag t = plain("br");
		body_start(tb, &t);
	} else {
		any_other_end(tb, n);
	}
}

static const char *const table_ctx[] = { "table", "template", "html", NULL };
static const char *const tbody_ctx[] = { "tbody", "tfoot", "thead", "template", "html", NULL };
static const char *const row_ctx[] = { "tr", "template", "html", NULL };

static void table_start(struct tb *tb, struct tag *t)
{
	const char *n = t->name;
	if (!strcmp(n, "caption")) {
		clear_back(tb, table_ctx);
		afe_push_raw(tb, NULL);
		insert_element(tb, n, t->attrs, t->n_attrs, false);
		tb->mode = M_CAPTION;
	} else if (!strcmp(n, "colgroup")) {
		clear_back(tb, table_ctx);
		insert_element(tb, n, t->attrs, t->n_attrs, false);
		tb->mode = M_COLGROUP;
	} else if (!strcmp(n, "col")) {
		clear_back(tb, table_ctx);
		insert_element(tb, "colgroup", NULL, 0, false);
		tb->mode = M_COLGROUP;
		process_start(tb, t);
	} else if (!strcmp(n, "tbody") || !strcmp(n, "tfoot") || !strcmp(n, "thead")) {
		clear_back(tb, table_ctx);
		insert_element(tb, n, t->attrs, t->n_attrs, false);
		tb->mode = M_TBODY;
	} else if (!strcmp(n, "td") || !strcmp(n, "th") || !strcmp(n, "tr")) {
		clear_back(tb, table_ctx);
		insert_element(tb, "tbody", NULL, 0, false);
		tb->mode = M_TBODY;
		process_start(tb, t);
	} else if (!strcmp(n, "table")) {
		if (!in_scope(tb, "table", S_TABLE))
			return;
		pop_until_name(tb, "table");
		reset_mode(tb);
		process_start(tb, t);
	} else if (!strcmp(n, "style") || !strcmp(n, "script") || !strcmp(n, "template")) {
		insert_element(tb, n, t->attrs, t->n_attrs, false);
	} else if (!strcmp(n, "input") && attr_is(t, "type", "hidden")) {
		insert_element(tb, n, t->attrs, t->n_attrs, true);
	} else if (!strcmp(n, "form")) {
		if (tb->form)
			return;
		tb->form = insert_element(tb, n, t->attrs, t->n_attrs, true);
	} else {
		tb->foster = true;
		body_start(tb, t);
		tb->foster = false;
	}
}

static void table_end(struct tb *tb, const char *n)
{
	static const char *const ignore[] = { "body", "caption", "col", "colgroup", "html", "tbody", "td", "tfoot",
					      "th", "thead", "tr", NULL };
	if (!strcmp(n, "table")) {
		if (!in_scope(tb, "table", S_TABLE))
			return;
		pop_until_name(tb, "table");
		reset_mode(tb);
	} else if (in_list(n, ignore)) {
		return;
	} else {
		tb->foster = true;
		body_end(tb, n);
		tb->foster = false;
	}
}

static void table_chars(struct tb *tb, struct str s)
{
	static const char *const ok[] = { "table", "tbody", "tfoot", "thead", "tr", NULL };
	if (in_list(current(tb)->name, ok)) {
		tb->n_pending = 0;
		tb->orig_mode = tb->mode;
		tb->mode = M_TABLE_TEXT;
		process_chars(tb, s);
		return;
	}
	tb->foster = true;
	body_chars(tb, s);
	tb->foster = false;
}

/* Leave "in table text": the pending characters go in (fostered unless all blank). */
static void flush_table_text(struct tb *tb)
{
	bool blank = true;
	for (size_t i = 0; i < tb->n_pending; i++)
		if (!is_blank(tb->pending[i]))
			blank = false;
	tb->mode = tb->orig_mode;
	if (blank) {
		for (size_t i = 0; i < tb->n_pending; i++)
			insert_chars(tb, tb->pending[i]);
	} else {
		tb->foster = true;
		for (size_t i = 0; i < tb->n_pending; i++)
			body_chars(tb, tb->pending[i]);
		tb->foster = false;
	}
	tb->n_pending = 0;
}

static bool cell_in_scope(struct tb *tb)
{
	return in_scope(tb, "td", S_TABLE) || in_scope(tb, "th", S_TABLE);
}

static void close_cell(struct tb *tb)
{
	gen_implied(tb, NULL);
	while (tb->n_stack > 1) {
		struct tnode *e = pop(tb);
		if (!e || !strcmp(e->name, "td") || !strcmp(e->name, "th"))
			break;
	}
	afe_clear_to_marker(tb);
	tb->mode = M_ROW;
}

static void process_start(struct tb *tb, struct tag *t)
{
	const char *n = t->name;
	switch (tb->mode) {
	case M_TABLE_TEXT:
		flush_table_text(tb);
		process_start(tb, t);
		return;
	case M_BODY:
		body_start(tb, t);
		return;
	case M_TABLE:
		table_start(tb, t);
		return;
	case M_CAPTION: {
		static const char *const c[] = { "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead",
						 "tr", NULL };
		if (in_list(n, c)) {
			if (!in_scope(tb, "caption", S_TABLE))
				return;
			pop_until_name(tb, "caption");
			afe_clear_to_marker(tb);
			tb->mode = M_TABLE;
			process_start(tb, t);
			return;
		}
		body_start(tb, t);
		return;
	}
	case M_COLGROUP:
		if (!strcmp(n, "col")) {
			insert_element(tb, n, t->attrs, t->n_attrs, true);
			return;
		}
		if (!cur_is(tb, "colgroup"))
			return;
		pop(tb);
		tb->mode = M_TABLE;
		process_start(tb, t);
		return;
	case M_TBODY:
		if (!strcmp(n, "tr")) {
			clear_back(tb, tbody_ctx);
			insert_element(tb, n, t->attrs, t->n_attrs, false);
			tb->mode = M_ROW;
		} else if (!strcmp(n, "th") || !strcmp(n, "td")) {
			clear_back(tb, tbody_ctx);
			insert_element(tb, "tr", NULL, 0, false);
			tb->mode = M_ROW;
			process_start(tb, t);
		} else if (!strcmp(n, "caption") || !strcmp(n, "col") || !strcmp(n, "colgroup") || !strcmp(n, "tbody") ||
			   !strcmp(n, "tfoot") || !strcmp(n, "thead")) {
			if (!in_scope(tb, "tbody", S_TABLE) && !in_scope(tb, "thead", S_TABLE) &&
			    !in_scope(tb, "tfoot", S_TABLE))
				return;
			clear_back(tb, tbody_ctx);
			pop(tb);
			tb->mode = M_TABLE;
			process_start(tb, t);
		} else {
			table_start(tb, t);
		}
		return;
	case M_ROW:
		if (!strcmp(n, "th") || !strcmp(n, "td")) {
			clear_back(tb, row_ctx);
			insert_element(tb, n, t->attrs, t->n_attrs, false);
			tb->mode = M_CELL;
			afe_push_raw(tb, NULL);
		} else if (!strcmp(n, "caption") || !strcmp(n, "col") || !strcmp(n, "colgroup") || !strcmp(n, "tbody") ||
			   !strcmp(n, "tfoot") || !strcmp(n, "thead") || !strcmp(n, "tr")) {
			if (!in_scope(tb, "tr", S_TABLE))
				return;
			clear_back(tb, row_ctx);
			pop(tb);
			tb->mode = M_TBODY;
			process_start(tb, t);
		} else {
			table_start(tb, t);
		}
		return;
	case M_CELL: {
		static const char *const c[] = { "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead",
						 "tr", NULL };
		if (in_list(n, c)) {
			if (!cell_in_scope(tb))
				return;
			close_cell(tb);
			process_start(tb, t);
			return;
		}
		body_start(tb, t);
		return;
	}
	case M_SELECT:
	case M_SELECT_IN_TABLE: {
		static const char *const tparts[] = { "caption", "table", "tbody", "tfoot", "thead", "tr", "td", "th",
						      NULL };
		if (tb->mode == M_SELECT_IN_TABLE && in_list(n, tparts)) {
			pop_until_name(tb, "select");
			reset_mode(tb);
			process_start(tb, t);
			return;
		}
		if (!strcmp(n, "option")) {
			if (cur_is(tb, "option"))
				pop(tb);
			insert_element(tb, n, t->attrs, t->n_attrs, false);
		} else if (!strcmp(n, "optgroup")) {
			if (cur_is(tb, "option"))
				pop(tb);
			if (cur_is(tb, "optgroup"))
				pop(tb);
			insert_element(tb, n, t->attrs, t->n_attrs, false);
		} else if (!strcmp(n, "select") || !strcmp(n, "input") || !strcmp(n, "keygen") ||
			   !strcmp(n, "textarea")) {
			if (!in_scope(tb, "select", S_SELECT))
				return;
			pop_until_name(tb, "select");
			reset_mode(tb);
			if (strcmp(n, "select"))
				process_start(tb, t);
		} else if (!strcmp(n, "script") || !strcmp(n, "template")) {
			insert_element(tb, n, t->attrs, t->n_attrs, false);
		}
		return;
	}
	}
}

static void process_end(struct tb *tb, const char *n)
{
	switch (tb->mode) {
	case M_TABLE_TEXT:
		flush_table_text(tb);
		process_end(tb, n);
		return;
	case M_BODY:
		body_end(tb, n);
		return;
	case M_TABLE:
		table_end(tb, n);
		return;
	case M_CAPTION:
		if (!strcmp(n, "caption") || !strcmp(n, "table")) {
			if (!in_scope(tb, "caption", S_TABLE))
				return;
			gen_implied(tb, NULL);
			pop_until_name(tb, "caption");
			afe_clear_to_marker(tb);
			tb->mode = M_TABLE;
			if (!strcmp(n, "table"))
				process_end(tb, n);
			return;
		}
		{
			static const char *const ig[] = { "body", "col", "colgroup", "html", "tbody", "td", "tfoot", "th",
							  "thead", "tr", NULL };
			if (in_list(n, ig))
				return;
		}
		body_end(tb, n);
		return;
	case M_COLGROUP:
		if (!strcmp(n, "colgroup")) {
			if (!cur_is(tb, "colgroup"))
				return;
			pop(tb);
			tb->mode = M_TABLE;
			return;
		}
		if (!strcmp(n, "col"))
			return;
		if (!cur_is(tb, "colgroup"))
			return;
		pop(tb);
		tb->mode = M_TABLE;
		process_end(tb, n);
		return;
	case M_TBODY:
		if (!strcmp(n, "tbody") || !strcmp(n, "tfoot") || !strcmp(n, "thead")) {
			if (!in_scope(tb, n, S_TABLE))
				return;
			clear_back(tb, tbody_ctx);
			pop(tb);
			tb->mode = M_TABLE;
			return;
		}
		if (!strcmp(n, "table")) {
			if (!in_scope(tb, "tbody", S_TABLE) && !in_scope(tb, "thead", S_TABLE) &&
			    !in_scope(tb, "tfoot", S_TABLE))
				return;
			clear_back(tb, tbody_ctx);
			pop(tb);
			tb->mode = M_TABLE;
			process_end(tb, n);
			return;
		}
		{
			static const char *const ig[] = { "body", "caption", "col", "colgroup", "html", "td", "th", "tr",
							  NULL };
			if (in_list(n, ig))
				return;
		}
		table_end(tb, n);
		return;
	case M_ROW:
		if (!strcmp(n, "tr")) {
			if (!in_scope(tb, "tr", S_TABLE))
				return;
			clear_back(tb, row_ctx);
			pop(tb);
			tb->mode = M_TBODY;
			return;
		}
		if (!strcmp(n, "table")) {
			if (!in_scope(tb, "tr", S_TABLE))
				return;
			clear_back(tb, row_ctx);
			pop(tb);
			tb->mode = M_TBODY;
			process_end(tb, n);
			return;
		}
		if (!strcmp(n, "tbody") || !strcmp(n, "tfoot") || !strcmp(n, "thead")) {
			if (!in_scope(tb, n, S_TABLE) || !in_scope(tb, "tr", S_TABLE))
				return;
			clear_back(tb, row_ctx);
			pop(tb);
			tb->mode = M_TBODY;
			process_end(tb, n);
			return;
		}
		{
			static const char *const ig[] = { "body", "caption", "col", "colgroup", "html", "td", "th", NULL };
			if (in_list(n, ig))
				return;
		}
		table_end(tb, n);
		return;
	case M_CELL:
		if (!strcmp(n, "td") || !strcmp(n, "th")) {
			if (!in_scope(tb, n, S_TABLE))
				return;
			gen_implied(tb, NULL);
			pop_until_name(tb, n);
			afe_clear_to_marker(tb);
			tb->mode = M_ROW;
			return;
		}
		if (!strcmp(n, "body") || !strcmp(n, "caption") || !strcmp(n, "col") || !strcmp(n, "colgroup") ||
		    !strcmp(n, "html"))
			return;
		if (!strcmp(n, "table") || !strcmp(n, "tbody") || !strcmp(n, "tfoot") || !strcmp(n, "thead") ||
		    !strcmp(n, "tr")) {
			if (!in_scope(tb, n, S_TABLE))
				return;
			close_cell(tb);
			process_end(tb, n);
			return;
		}
		body_end(tb, n);
		return;
	case M_SELECT:
	case M_SELECT_IN_TABLE: {
		static const char *const tparts[] = { "caption", "table", "tbody", "tfoot", "thead", "tr", "td", "th",
						      NULL };
		if (tb->mode == M_SELECT_IN_TABLE && in_list(n, tparts)) {
			if (!in_scope(tb, n, S_TABLE))
				return;
			pop_until_name(tb, "select");
			reset_mode(tb);
			process_end(tb, n);
			return;
		}
		if (!strcmp(n, "optgroup")) {
			if (cur_is(tb, "option") && tb->n_stack > 2 && !strcmp(tb->stack[tb->n_stack - 2]->name, "optgroup"))
				pop(tb);
			if (cur_is(tb, "optgroup"))
				pop(tb);
		} else if (!strcmp(n, "option")) {
			if (cur_is(tb, "option"))
				pop(tb);
		} else if (!strcmp(n, "select")) {
			if (!in_scope(tb, "select", S_SELECT))
				return;
			pop_until_name(tb, "select");
			reset_mode(tb);
		}
		return;
	}
	}
}

static void process_chars(struct tb *tb, struct str s)
{
	if (!s.len)
		return;
	if (tb->skip_lf) {
		tb->skip_lf = false;
		if (s.p[0] == '\n') {
			s.p++;
			s.len--;
			if (!s.len)
				return;
		}
	}
	switch (tb->mode) {
	case M_BODY:
	case M_CAPTION:
	case M_CELL:
		body_chars(tb, s);
		return;
	case M_TABLE:
	case M_TBODY:
	case M_ROW:
		table_chars(tb, s);
		return;
	case M_TABLE_TEXT:
		tb->pending = arena_grow(tb->cx->a, tb->pending, tb->n_pending, &tb->cap_pending, sizeof(*tb->pending));
		tb->pending[tb->n_pending++] = s;
		return;
	case M_COLGROUP: {
		size_t ws = 0;
		while (ws < s.len && strchr("\t\n\f\r ", s.p[ws]) && s.p[ws])
			ws++;
		if (ws)
			insert_chars(tb, (struct str){ s.p, ws });
		if (ws == s.len)
			return;
		if (!cur_is(tb, "colgroup"))
			return;
		pop(tb);
		tb->mode = M_TABLE;
		process_chars(tb, (struct str){ s.p + ws, s.len - ws });
		return;
	}
	case M_SELECT:
	case M_SELECT_IN_TABLE:
		insert_chars(tb, s);
		return;
	}
}

static void process_comment(struct tb *tb, struct str s)
{
	if (tb->mode == M_TABLE_TEXT)
		flush_table_text(tb);
	tb->skip_lf = false;
	insert_comment(tb, s);
}

/* ------------------------------------------------------------------ */
/* Tokenizer                                                            */
/* ------------------------------------------------------------------ */

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Lower-case copy of a name (ASCII). */
static const char *lc(struct tb *tb, const char *p, size_t n)
{
	char *r = arena_strndup(tb->cx->a, p, n);
	for (char *c = r; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	return r;
}

/* Read a tag at s[i] ('<' then a letter, or "</" then a letter); its end, or 0 at EOF. */
static size_t read_tag(struct tb *tb, struct str s, size_t i, struct tag *t)
{
	size_t k = i + 1;
	t->is_end = s.p[k] == '/';
	if (t->is_end)
		k++;
	size_t ns = k;
	while (k < s.len && !is_ws(s.p[k]) && s.p[k] != '/' && s.p[k] != '>')
		k++;
	t->name = lc(tb, s.p + ns, k - ns);
	t->attrs = NULL;
	t->n_attrs = 0;
	t->self_closing = false;
	size_t cap = 0;
	for (;;) {
		while (k < s.len && (is_ws(s.p[k]) || (s.p[k] == '/' && !(k + 1 < s.len && s.p[k + 1] == '>'))))
			k++;
		if (k >= s.len)
			return 0;
		if (s.p[k] == '>')
			return k + 1;
		if (s.p[k] == '/' && k + 1 < s.len && s.p[k + 1] == '>') {
			t->self_closing = true;
			return k + 2;
		}
		size_t as = k;
		k++; /* the first character may be '=' */
		while (k < s.len && !is_ws(s.p[k]) && s.p[k] != '/' && s.p[k] != '>' && s.p[k] != '=')
			k++;
		struct str an = { lc(tb, s.p + as, k - as), k - as };
		while (k < s.len && is_ws(s.p[k]))
			k++;
		struct str av = { "", 0 };
		if (k < s.len && s.p[k] == '=') {
			k++;
			while (k < s.len && is_ws(s.p[k]))
				k++;
			if (k >= s.len)
				return 0;
			if (s.p[k] == '"' || s.p[k] == '\'') {
				char q = s.p[k];
				const char *e = memchr(s.p + k + 1, q, s.len - k - 1);
				if (!e)
					return 0;
				av = (struct str){ s.p + k + 1, (size_t)(e - s.p) - k - 1 };
				k = (size_t)(e - s.p) + 1;
			} else {
				size_t vs = k;
				while (k < s.len && !is_ws(s.p[k]) && s.p[k] != '>')
					k++;
				av = (struct str){ s.p + vs, k - vs };
			}
		}
		if (t->is_end)
			continue;
		bool dup = false;
		for (size_t a = 0; a < t->n_attrs && !dup; a++)
			dup = str_eq(t->attrs[a].name, an.p);
		if (!dup) {
			t->attrs = arena_grow(tb->cx->a, t->attrs, t->n_attrs, &cap, sizeof(*t->attrs));
			t->attrs[t->n_attrs++] = (struct tattr){ an, av };
		}
	}
}

/* The end of raw text for element `name` starting at i: the next "</name" + [\t\n\f />]. */
static size_t raw_end(struct str s, size_t i, const char *name)
{
	size_t nl = strlen(name);
	for (size_t k = i; k + 2 + nl <= s.len; k++) {
		if (s.p[k] != '<' || s.p[k + 1] != '/' || strncasecmp(s.p + k + 2, name, nl) != 0)
			continue;
		char c = k + 2 + nl < s.len ? s.p[k + 2 + nl] : '\0';
		if (is_ws(c) || c == '/' || c == '>')
			return k;
	}
	return s.len;
}

static void run(struct tb *tb, struct str s)
{
	size_t i = 0, text_start = 0;
	while (i < s.len) {
		const char *lt = memchr(s.p + i, '<', s.len - i);
		if (!lt) {
			i = s.len;
			break;
		}
		i = (size_t)(lt - s.p);
		char c1 = i + 1 < s.len ? s.p[i + 1] : '\0';
		char c2 = i + 2 < s.len ? s.p[i + 2] : '\0';
		if (is_alpha(c1) || (c1 == '/' && is_alpha(c2))) {
			struct tag t;
			size_t e = read_tag(tb, s, i, &t);
			if (!e) {
				/* EOF inside a tag: the tag is dropped. */
				process_chars(tb, (struct str){ s.p + text_start, i - text_start });
				text_start = i = s.len;
				break;
			}
			process_chars(tb, (struct str){ s.p + text_start, i - text_start });
			if (t.is_end) {
				tb->skip_lf = false;
				process_end(tb, t.name);
			} else {
				tb->skip_lf = false;
				process_start(tb, &t);
				static const char *const raw[] = { "style", "script", "xmp", "iframe", "noembed", "noframes",
								   "noscript", "textarea", "title", "plaintext", NULL };
				if (in_list(t.name, raw) && !t.self_closing) {
					size_t re = !strcmp(t.name, "plaintext") ? s.len : raw_end(s, e, t.name);
					bool lf = !strcmp(t.name, "textarea");
					struct str body = { s.p + e, re - e };
					if (lf && body.len && body.p[0] == '\n') {
						body.p++;
						body.len--;
					}
					tb->skip_lf = false;
					if (body.len && cur_is(tb, t.name))
						ser_characters(tb, P_UNDER, current(tb), body);
					if (cur_is(tb, t.name)) {
						pop(tb);
					}
					/* Skip the end tag itself. */
					e = re;
					if (re < s.len) {
						const char *gt = memchr(s.p + re, '>', s.len - re);
						e = gt ? (size_t)(gt - s.p) + 1 : s.len;
					}
				}
			}
			i = text_start = e;
			continue;
		}
		if (c1 == '!' && i + 3 < s.len && s.p[i + 2] == '-' && s.p[i + 3] == '-') {
			process_chars(tb, (struct str){ s.p + text_start, i - text_start });
			size_t cs = i + 4;
			size_t ce, e;
			if (cs < s.len && s.p[cs] == '>') {
				ce = cs;
				e = cs + 1;
			} else if (cs + 1 < s.len && s.p[cs] == '-' && s.p[cs + 1] == '>') {
				ce = cs;
				e = cs + 2;
			} else {
				const char *f = memmem(s.p + cs, s.len - cs, "-->", 3);
				ce = f ? (size_t)(f - s.p) : s.len;
				e = f ? ce + 3 : s.len;
			}
			process_comment(tb, (struct str){ s.p + cs, ce - cs });
			i = text_start = e;
			continue;
		}
		if (c1 == '!' || c1 == '?' || (c1 == '/' && c2 != '>' && c2 != '\0')) {
			/* Bogus comment up to '>'. */
			process_chars(tb, (struct str){ s.p + text_start, i - text_start });
			size_t cs = i + (c1 == '?' ? 1 : 2);
			const char *gt = memchr(s.p + cs, '>', s.len - cs);
			size_t ce = gt ? (size_t)(gt - s.p) : s.len;
			if (!(c1 == '!' && s.len - i >= 9 && strncasecmp(s.p + i + 2, "doctype", 7) == 0))
				process_comment(tb, (struct str){ s.p + cs, ce - cs });
			i = text_start = gt ? ce + 1 : s.len;
			continue;
		}
		if (c1 == '/' && c2 == '>') {
			process_chars(tb, (struct str){ s.p + text_start, i - text_start });
			i = text_start = i + 3;
			continue;
		}
		i++;
	}
	process_chars(tb, (struct str){ s.p + text_start, s.len - text_start });
	if (tb->mode == M_TABLE_TEXT)
		flush_table_text(tb);
	while (tb->n_stack > 1)
		pop(tb);
}

/* ------------------------------------------------------------------ */
/* Writing (RemexCompatFormatter)                                      */
/* ------------------------------------------------------------------ */

static bool blank_buf(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr("\t\n\f\r ", p[i]) || !p[i])
			return false;
	return true;
}

/* Write the attribute value with " and no-break spaces escaped, then normalized references. */
static void write_attr_value(struct tb *tb, struct wt_buf *b, struct str v)
{
	struct wt_buf e;
	wt_buf_init(&e, tb->cx->a, v.len + 8);
	for (size_t i = 0; i < v.len; i++) {
		unsigned char c = (unsigned char)v.p[i];
		if (c == '"')
			wt_buf_adds(&e, "&quot;");
		else if (c == 0xC2 && i + 1 < v.len && (unsigned char)v.p[i + 1] == 0xA0) {
			wt_buf_adds(&e, "&#160;");
			i++;
		} else
			wt_buf_addc(&e, (char)c);
	}
	struct sbuf s;
	sbuf_init(&s, WT_BUF_MAX);
	wt_san_normalize_charrefs(&s, wt_buf_str(&e));
	wt_buf_add(b, sbuf_cstr(&s), s.len);
	sbuf_release(&s);
}

/* A frame of the writer's explicit stack. */
struct wframe {
	const struct tnode *n; /* element being written */
	size_t next;           /* next child */
	size_t start;          /* where its contents begin in the output */
};

/* Wrap the contents written since `start` as the element requires. */
static void close_element(struct tb *tb, struct wt_buf *b, const struct tnode *n, size_t start)
{
	struct wt_buf head;
	wt_buf_init(&head, tb->cx->a, 64);
	size_t clen = b->len - start;
	if (n->is_pwrap) {
		if (!n->nonblank)
			return;
		wt_buf_adds(&head, "<p>");
	} else {
		bool marked = (!strcmp(n->name, "li") || !strcmp(n->name, "p") || !strcmp(n->name, "tr")) &&
			      !n->n_attrs && blank_buf(b->p + start, clen);
		wt_buf_addc(&head, '<');
		wt_buf_adds(&head, n->name);
		if (marked)
			wt_buf_adds(&head, " class=\"mw-empty-elt\"");
		for (size_t i = 0; i < n->n_attrs; i++) {
			wt_buf_addc(&head, ' ');
			wt_buf_addstr(&head, n->attrs[i].name);
			wt_buf_adds(&head, "=\"");
			write_attr_value(tb, &head, n->attrs[i].value);
			wt_buf_addc(&head, '"');
		}
		if (in_list(n->name, void_elements)) {
			wt_buf_adds(&head, " />");
			/* Void elements have no contents. */
			b->len = start;
			wt_buf_addstr(b, wt_buf_str(&head));
			return;
		}
		wt_buf_addc(&head, '>');
		bool lf = (!strcmp(n->name, "pre") || !strcmp(n->name, "textarea") || !strcmp(n->name, "listing")) && clen &&
			  b->p[start] == '\n';
		if (lf)
			wt_buf_addc(&head, '\n');
	}
	/* Move the contents right by the length of the start tag. */
	if (!wt_buf_grow(b, head.len))
		return;
	memmove(b->p + start + head.len, b->p + start, clen);
	memcpy(b->p + start, head.p, head.len);
	b->len += head.len;
	b->p[b->len] = '\0';
	if (n->is_pwrap)
		wt_buf_adds(b, "</p>");
	else {
		wt_buf_adds(b, "</");
		wt_buf_adds(b, n->name);
		wt_buf_addc(b, '>');
	}
}

static void write_tree(struct tb *tb, struct wt_buf *b, const struct tnode *root)
{
	struct wframe *st = NULL;
	size_t n = 0, cap = 0;
	st = arena_grow(tb->cx->a, st, n, &cap, sizeof(*st));
	st[n++] = (struct wframe){ root, 0, b->len };
	while (n) {
		struct wframe *f = &st[n - 1];
		if (f->next >= f->n->n_kids) {
			if (f->n != root)
				close_element(tb, b, f->n, f->start);
			n--;
			continue;
		}
		const struct tnode *k = f->n->kids[f->next++];
		if (k->type == T_TEXT) {
			wt_buf_addstr(b, wt_buf_str(&k->text));
		} else if (k->type == T_COMMENT) {
			wt_buf_adds(b, "<!--");
			wt_buf_addstr(b, wt_buf_str(&k->text));
			wt_buf_adds(b, "-->");
		} else {
			st = arena_grow(tb->cx->a, st, n, &cap, sizeof(*st));
			st[n++] = (struct wframe){ k, 0, b->len };
		}
	}
}

struct str wt_tidy(struct wt_ctx *cx, struct str html)
{
	struct tb tb_s;
	struct tb *tb = &tb_s;
	memset(tb, 0, sizeof(*tb));
	tb->cx = cx;
	/* The serializer's root holds the fragment's html element, whose children are the output. */
	struct tnode *doc = node_new(tb, T_ELEMENT, "");
	doc->needs_p = true;
	tb->root = node_new(tb, T_ELEMENT, "html");
	raw_insert(tb, doc, NULL, tb->root);
	doc->nonblank++;
	tb->root->wrap_base = doc;
	tb->root->needs_p = true;
	push(tb, tb->root);
	tb->mode = M_BODY;
	run(tb, html);
	struct wt_buf b;
	wt_buf_init(&b, cx->a, html.len + html.len / 4 + 64);
	write_tree(tb, &b, tb->root);
	if (b.is_toobig)
		cx->is_toobig = true;
	return wt_buf_str(&b);
}
