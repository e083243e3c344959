/* SPDX-License-Identifier: MIT */
/*
 * preprocess.c — wikitext to the preprocessor's node tree, as MediaWiki's
 * Preprocessor_Hash::buildDomTreeArrayFromText() builds it, and the tree
 * as MediaWiki's preprocessor XML.
 *
 * One left-to-right scan with a stack of open constructs ("pieces"):
 * "{{" / "{{{" (templates and arguments), "[[" (only so that '|' inside a
 * link does not split a template argument), "-{" (language conversion,
 * likewise) and "\n=" (a possible heading, closed at the end of its
 * line). Each piece collects "parts" separated by '|'; the first '=' of a
 * later part splits name from value. A close that matches nothing, and
 * every piece still open at the end, turns back into literal text
 * (breakSyntax). Comments, extension tags (the strip list: nowiki, pre
 * and every registered tag), <noinclude>/<includeonly>/<onlyinclude> are
 * recognised at '<'.
 *
 * Every step moves the input position forward except a heading close,
 * which is followed by a heading open that does; searches for '>' and
 * for closing tags remember failures, so the scan is linear.
 */
#include <strings.h>

#include "wt_int.h"

/* A part of a piece: one '|'-separated piece of its content. */
struct part {
	struct wt_node *first; /* accumulated nodes */
	struct wt_node *last;  /* last of them */
	struct wt_node *eq;    /* the EQUALS node splitting name and value, or NULL */
	long comment_end;      /* end of the last comment in the part, -1 for none */
	long visual_end;       /* where the text before that comment ended */
	struct part *next;     /* the following part */
};

/* An open construct on the stack (PPDStackElement). */
struct piece {
	char open[3];         /* "{", "[", "-{" or "\n" */
	char close[3];        /* "}", "]", "}-" or "\n" */
	bool saved_dash;      /* a '-' before "{{" was held back ("-{{" case) */
	long start_pos;       /* headings: position of the first '=' */
	int count;            /* number of opening characters */
	bool line_start;      /* the construct starts a line */
	struct part *parts;   /* first part */
	struct part *cur;     /* last (current) part */
	int n_parts;          /* number of parts */
};

/* The scanner's state. */
struct pp {
	struct arena *a;        /* nodes come from here */
	const struct wt_site *site; /* its extension tags count too (NULL: built-in ones only) */
	const char *text;       /* input */
	size_t len;             /* its length */
	struct piece *stack;    /* open pieces */
	size_t n_stack;         /* entries used */
	size_t cap_stack;       /* entries allocated */
	struct part root;       /* top-level accumulator */
	const char **no_close;  /* tag names (as written) known to have no closing tag further on */
	size_t n_no_close;      /* entries used */
	size_t cap_no_close;    /* entries allocated */
};

static struct wt_node *node_new(struct arena *a, int type)
{
	struct wt_node *n = arena_alloc(a, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	return n;
}

static void append(struct part *acc, struct wt_node *n)
{
	n->next = NULL;
	if (acc->last)
		acc->last->next = n;
	else
		acc->first = n;
	acc->last = n;
}

/* Append a list of nodes (first..last, linked) to acc. */
static void append_list(struct part *acc, struct wt_node *first, struct wt_node *last)
{
	if (!first)
		return;
	if (acc->last)
		acc->last->next = first;
	else
		acc->first = first;
	acc->last = last;
}

/* addLiteral: text joins the previous text node when contiguous with it. */
static void add_literal(struct pp *pp, struct part *acc, const char *p, size_t n)
{
	if (!n)
		return;
	struct wt_node *last = acc->last;
	if (last && last->type == WT_N_TEXT && last->p + last->len == p) {
		last->len += n;
		return;
	}
	struct wt_node *t = node_new(pp->a, WT_N_TEXT);
	t->p = p;
	t->len = n;
	append(acc, t);
}

static struct part *part_new(struct pp *pp)
{
	struct part *p = arena_alloc(pp->a, sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->comment_end = -1;
	return p;
}

static struct part *accum(struct pp *pp)
{
	return pp->n_stack ? pp->stack[pp->n_stack - 1].cur : &pp->root;
}

static struct piece *top(struct pp *pp)
{
	return pp->n_stack ? &pp->stack[pp->n_stack - 1] : NULL;
}

static void push(struct pp *pp, const struct piece *pc)
{
	pp->stack = arena_grow(pp->a, pp->stack, pp->n_stack, &pp->cap_stack, sizeof(*pp->stack));
	pp->stack[pp->n_stack++] = *pc;
}

static void add_part(struct pp *pp, struct piece *pc)
{
	struct part *p = part_new(pp);
	pc->cur->next = p;
	pc->cur = p;
	pc->n_parts++;
}

/* The flags of the top piece (getFlags). */
static void flags(struct pp *pp, bool *find_pipe, bool *find_equals, bool *in_heading)
{
	struct piece *pc = top(pp);
	if (!pc) {
		*find_pipe = *find_equals = *in_heading = false;
		return;
	}
	bool pipe = pc->open[0] != '\n' && pc->open[0] != '[';
	*find_pipe = pipe;
	*find_equals = pipe && pc->n_parts > 1 && !pc->cur->eq;
	*in_heading = pc->open[0] == '\n';
}

/* Static strings for the literal text breakSyntax rebuilds. */
static const char pipe_str[] = "|";
static const char braces[] = "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{";
static const char brackets[] = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[";
static const char dash_str[] = "-";

/* Literal text of `count` opening characters of `open`, plus a held-back dash. */
static void add_opening(struct pp *pp, struct part *acc, const struct piece *pc, int count)
{
	if (pc->saved_dash)
		add_literal(pp, acc, dash_str, 1);
	const char *rep = pc->open[strlen(pc->open) - 1] == '[' ? brackets : braces;
	size_t olen = strlen(pc->open);
	if (olen == 2) {
		/* "-{": the dash once, the brace repeated. */
		add_literal(pp, acc, dash_str, 1);
		count -= 1;
	}
	while (count > 0) {
		int k = count > 32 ? 32 : count;
		add_literal(pp, acc, rep, (size_t)k);
		count -= k;
	}
}

/* breakSyntax: the piece as literal text followed by its parts' nodes. */
static void break_syntax(struct pp *pp, struct piece *pc, int opening, struct part *out)
{
	if (pc->open[0] == '\n') {
		if (pc->saved_dash)
			add_literal(pp, out, dash_str, 1);
		append_list(out, pc->parts->first, pc->parts->last);
		return;
	}
	add_opening(pp, out, pc, opening);
	bool first = true;
	for (struct part *p = pc->parts; p; p = p->next) {
		if (!first)
			add_literal(pp, out, pipe_str, 1);
		first = false;
		append_list(out, p->first, p->last);
	}
}

/* The rule of an opening: 1 for '{', 2 for '[', 3 for "-{". */
static int rule_min(const char *open)
{
	(void)open;
	return 2;
}

static int rule_max(const char *open)
{
	return open[0] == '{' ? 3 : 2;
}

/* PHP's strspn of one character, at most `max` bytes. */
static size_t span(const char *s, size_t len, size_t from, char c, size_t max)
{
	size_t n = 0;
	while (from + n < len && n < max && s[from + n] == c)
		n++;
	return n;
}

/* Count of " \t" bytes ending just before `pos`. */
static size_t ws_before(const char *s, size_t pos)
{
	size_t n = 0;
	while (n < pos && (s[pos - n - 1] == ' ' || s[pos - n - 1] == '\t'))
		n++;
	return n;
}

static size_t ws_after(const char *s, size_t len, size_t from)
{
	size_t n = 0;
	while (from + n < len && (s[from + n] == ' ' || s[from + n] == '\t'))
		n++;
	return n;
}

/* PCRE's \s without the u flag. */
static bool is_pcre_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool ieq(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x + 32);
		if (x != y)
			return false;
	}
	return true;
}

/* Find "</name\s*>" (any case) from `from`; its start and end, or false. */
static bool find_close(const char *s, size_t len, size_t from, const char *name, size_t nlen, size_t *start,
		       size_t *end)
{
	size_t i = from;
	while (i < len) {
		const char *lt = memchr(s + i, '<', len - i);
		if (!lt)
			return false;
		i = (size_t)(lt - s);
		if (i + 2 + nlen <= len && s[i + 1] == '/' && strncasecmp(s + i + 2, name, nlen) == 0) {
			size_t j = i + 2 + nlen;
			while (j < len && is_pcre_space(s[j]))
				j++;
			if (j < len && s[j] == '>') {
				*start = i;
				*end = j + 1;
				return true;
			}
		}
		i++;
	}
	return false;
}

static bool known_no_close(struct pp *pp, const char *name, size_t nlen)
{
	for (size_t k = 0; k < pp->n_no_close; k++)
		if (strlen(pp->no_close[k]) == nlen && memcmp(pp->no_close[k], name, nlen) == 0)
			return true;
	return false;
}

/*
 * The element name at text[from] (after '<') when it is one the scanner
 * knows in this mode, followed by whitespace, "/>" or ">". Sets *nlen.
 */
static bool element_name(const struct wt_site *site, const char *s, size_t len, size_t from, bool for_inclusion,
			 size_t *nlen)
{
	size_t j = from;
	if (j < len && s[j] == '/')
		j++;
	/* No known name is longer than this: a longer run cannot match (and scanning it would be quadratic). */
	size_t max = from + 64;
	while (j < len && j < max && !is_pcre_space(s[j]) && s[j] != '/' && s[j] != '>')
		j++;
	if (j == from || j >= len)
		return false;
	if (!(is_pcre_space(s[j]) || s[j] == '>' || (s[j] == '/' && j + 1 < len && s[j + 1] == '>')))
		return false;
	const char *n = s + from;
	size_t l = j - from;
	bool ok;
	if (n[0] == '/') {
		ok = for_inclusion ? ieq(n, l, "/includeonly")
				   : (ieq(n, l, "/noinclude") || ieq(n, l, "/onlyinclude"));
	} else if (for_inclusion) {
		ok = ieq(n, l, "includeonly") || ieq(n, l, "noinclude") || wt_is_ext_tag(site, n, l);
	} else {
		ok = ieq(n, l, "noinclude") || ieq(n, l, "onlyinclude") || ieq(n, l, "includeonly") ||
		     wt_is_ext_tag(site, n, l);
	}
	if (ok)
		*nlen = l;
	return ok;
}

bool wt_pp_plain_text(const struct wt_site *site, const char *text, size_t len)
{
	/* Rare bytes first, each with one memchr(): most texts that are not plain hold a brace. */
	if (memchr(text, '{', len) || (len && text[0] == '='))
		return false;
	for (const char *nl = memchr(text, '\n', len); nl; nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - text)))
		if (nl + 1 < text + len && nl[1] == '=')
			return false;
	for (const char *lt = memchr(text, '<', len); lt; lt = memchr(lt + 1, '<', len - (size_t)(lt + 1 - text))) {
		size_t i = (size_t)(lt - text), nlen;
		if ((i + 1 < len && text[i + 1] == '!') || element_name(site, text, len, i + 1, false, &nlen))
			return false;
	}
	return true;
}

static struct wt_node *text_node(struct arena *a, int type, const char *p, size_t n)
{
	struct wt_node *t = node_new(a, type);
	t->p = p;
	t->len = n;
	return t;
}

/* Finish a '}}'/']]' close of the top piece; see the 'close' branch of MediaWiki's scanner. */
static void close_piece(struct pp *pp, size_t *ip, const char *cur, size_t cur_len)
{
	const char *text = pp->text;
	size_t i = *ip;
	struct piece *pc = top(pp);
	int max_count = pc->count;
	if (strcmp(pc->close, "}-") == 0 && cur_len == 1 && cur[0] == '}')
		max_count--;
	int count = cur_len > 1 ? (int)cur_len : (int)span(text, pp->len, i, cur[0], (size_t)max_count);
	int matching;
	int rmax = rule_max(pc->open);
	if (count > rmax) {
		matching = rmax;
	} else {
		matching = count;
		/* Names exist for 2 and 3 ('{') or 2 (others). */
		while (matching > 0 && !(matching == 2 || (matching == 3 && pc->open[0] == '{')))
			matching--;
	}
	if (matching <= 0) {
		add_literal(pp, accum(pp), text + i, (size_t)count);
		*ip = i + (size_t)count;
		return;
	}
	struct piece saved = *pc;
	struct part element = { 0 };
	element.comment_end = -1;
	if (pc->open[0] != '{') {
		/* "[[" and "-{": no element, just literal text. */
		break_syntax(pp, pc, matching, &element);
		add_literal(pp, &element, text + i, (size_t)matching);
	} else {
		struct wt_node *el = node_new(pp->a, matching == 2 ? WT_N_TEMPLATE : WT_N_TPLARG);
		if (max_count == matching && pc->line_start && !pc->saved_dash)
			el->line_start = true;
		struct wt_node *title = node_new(pp->a, WT_N_TITLE);
		title->first = pc->parts->first;
		title->last = pc->parts->last;
		struct part kids = { 0 };
		append(&kids, title);
		int arg_index = 1;
		for (struct part *p = pc->parts->next; p; p = p->next) {
			struct wt_node *pn = node_new(pp->a, WT_N_PART);
			struct wt_node *name = node_new(pp->a, WT_N_NAME);
			struct wt_node *value = node_new(pp->a, WT_N_VALUE);
			if (p->eq) {
				/* Nodes before the EQUALS node form the name, after it the value. */
				struct wt_node *prev = NULL;
				for (struct wt_node *k = p->first; k != p->eq; k = k->next)
					prev = k;
				if (prev) {
					name->first = p->first;
					name->last = prev;
					prev->next = NULL;
				}
				value->first = p->eq->next;
				value->last = p->eq->next ? p->last : NULL;
				struct part pk = { 0 };
				append(&pk, name);
				append(&pk, p->eq);
				append(&pk, value);
				pn->first = pk.first;
				pn->last = pk.last;
			} else {
				name->n = arg_index++;
				value->first = p->first;
				value->last = p->last;
				name->next = value;
				pn->first = name;
				pn->last = value;
			}
			append(&kids, pn);
		}
		el->first = kids.first;
		el->last = kids.last;
		append(&element, el);
	}
	i += (size_t)matching;
	pp->n_stack--;
	if (matching < saved.count) {
		saved.parts = saved.cur = part_new(pp);
		saved.n_parts = 1;
		saved.count -= matching;
		if (saved.count >= rule_min(saved.open)) {
			push(pp, &saved);
		} else if (saved.count == 1 && saved.open[0] == '{' && saved.saved_dash) {
			saved.saved_dash = false;
			memcpy(saved.open, "-{", 3);
			memcpy(saved.close, "}-", 3);
			saved.count = 2;
			push(pp, &saved);
		} else {
			add_opening(pp, accum(pp), &saved, saved.count);
		}
	} else if (saved.saved_dash) {
		add_literal(pp, accum(pp), dash_str, 1);
	}
	append_list(accum(pp), element.first, element.last);
	*ip = i;
}

/*
 * The characters the scan may stop at: openings, '<', line ends, and
 * every character of a closing ("}", "]", "}-", "\n"), '|' and '='.
 * Anything else is literal text whatever the state.
 */
static const bool maybe_special[256] = {
	['['] = true, ['{'] = true, ['<'] = true, ['\n'] = true, ['-'] = true,
	[']'] = true, ['}'] = true, ['|'] = true, ['='] = true,
};

struct wt_node *wt_preprocess_tree(struct arena *a, const struct wt_site *site, const char *text, size_t len,
				   int flags_in)
{
	struct pp pp_s;
	struct pp *pp = &pp_s;
	memset(pp, 0, sizeof(*pp));
	pp->a = a;
	pp->site = site;
	pp->text = text;
	pp->len = len;
	pp->root.comment_end = -1;
	bool for_inclusion = flags_in & WT_PP_FOR_INCLUSION;
	bool enable_onlyinclude = false;
	if (for_inclusion && util_memmem(text, len, "<onlyinclude>", 13) && util_memmem(text, len, "</onlyinclude>", 14))
		enable_onlyinclude = true;

	size_t i = 0;
	bool find_equals = false, find_pipe = false, in_heading = false;
	int heading_index = 1;
	bool no_more_gt = false;
	bool find_onlyinclude = enable_onlyinclude;
	bool fake_line_start = true;

	for (;;) {
		if (find_onlyinclude) {
			const char *st = i < len ? util_memmem(text + i, len - i, "<onlyinclude>", 13) : NULL;
			if (!st) {
				append(accum(pp), text_node(a, WT_N_IGNORE, text + i, len - i));
				break;
			}
			size_t tag_end = (size_t)(st - text) + 13;
			append(accum(pp), text_node(a, WT_N_IGNORE, text + i, tag_end - i));
			i = tag_end;
			find_onlyinclude = false;
		}

		enum { F_LINE_START, F_LINE_END, F_PIPE, F_EQUALS, F_ANGLE, F_CLOSE, F_OPEN } found;
		const char *cur = "";
		size_t cur_len = 0;
		if (fake_line_start) {
			found = F_LINE_START;
		} else {
			struct piece *pc = top(pp);
			const char *closing = pc ? pc->close : "";
			/* Scan the literal run up to the next character of interest. */
			size_t j = i;
			while (j < len) {
				/* Four plain bytes at a time: most of a page is text between the special ones. */
				const unsigned char *u = (const unsigned char *)text + j;
				if (len - j >= 4 &&
				    !(maybe_special[u[0]] | maybe_special[u[1]] | maybe_special[u[2]] | maybe_special[u[3]])) {
					j += 4;
					continue;
				}
				char c = text[j];
				if (!maybe_special[(unsigned char)c]) {
					j++;
					continue;
				}
				/* A '-' matters only as the start of "-{" (or a closing's '-', below). */
				if (c == '[' || c == '{' || c == '<' || c == '\n' ||
				    (c == '-' && j + 1 < len && text[j + 1] == '{') ||
				    (closing[0] && (c == closing[0] || (closing[1] && c == closing[1]))) ||
				    (find_pipe && c == '|') || (find_equals && c == '='))
					break;
				j++;
			}
			if (j > i) {
				add_literal(pp, accum(pp), text + i, j - i);
				i = j;
			}
			if (i >= len) {
				if (closing[0] == '\n') {
					found = F_LINE_END;
				} else {
					break;
				}
			} else {
				char c = text[i];
				char c2 = i + 1 < len ? text[i + 1] : '\0';
				size_t clen = closing[0] ? (closing[1] ? 2 : 1) : 0; /* closings are at most 2 bytes */
				if (c == '|') {
					found = F_PIPE;
				} else if (c == '=') {
					found = F_EQUALS;
				} else if (c == '<') {
					found = F_ANGLE;
				} else if (c == '\n') {
					found = in_heading ? F_LINE_END : F_LINE_START;
					cur = "\n";
					cur_len = 1;
				} else if (clen == 2 && c == closing[0] && c2 == closing[1]) {
					found = F_CLOSE;
					cur = closing;
					cur_len = 2;
				} else if (clen == 1 && c == closing[0]) {
					found = F_CLOSE;
					cur = text + i;
					cur_len = 1;
				} else if (c == '-' && c2 == '{') {
					found = F_OPEN;
					cur = "-{";
					cur_len = 2;
				} else if (c == '{' || c == '[') {
					found = F_OPEN;
					cur = text + i;
					cur_len = 1;
				} else {
					/* A '-' or a closing character that matches nothing. */
					if (c == '-' || c == '}')
						add_literal(pp, accum(pp), text + i, 1);
					i++;
					continue;
				}
			}
		}

		if (found == F_ANGLE) {
			if (enable_onlyinclude && len - i >= 14 && memcmp(text + i, "</onlyinclude>", 14) == 0) {
				find_onlyinclude = true;
				continue;
			}
			size_t nlen = 0;
			bool is_comment = false;
			if (!element_name(pp->site, text, len, i + 1, for_inclusion, &nlen)) {
				if (len - i >= 4 && memcmp(text + i + 1, "!--", 3) == 0) {
					is_comment = true;
				} else {
					add_literal(pp, accum(pp), text + i, 1);
					i++;
					continue;
				}
			}
			if (is_comment) {
				const char *e = len >= i + 4 ? util_memmem(text + i + 4, len - i - 4, "-->", 3) : NULL;
				if (!e) {
					append(accum(pp), text_node(a, WT_N_COMMENT, text + i, len - i));
					i = len;
					continue;
				}
				size_t end_pos = (size_t)(e - text);
				size_t ws_start = i ? i - ws_before(text, i) : 0;
				size_t ws_end = end_pos + 2 + ws_after(text, len, end_pos + 3);
				/* Following comments separated by spaces only. */
				size_t n_com = 1;
				size_t last_start = ws_start, last_end = ws_end;
				size_t first_start = ws_start, first_end = ws_end;
				struct { size_t s, e; } *coms = NULL;
				size_t cap_coms = 0;
				/*
				 * The run only matters when it may eat its line, which
				 * needs a newline before it; MediaWiki scans it for every
				 * comment, which is quadratic in a run of 10^5 comments.
				 */
				bool may_eat = ws_start > 0 && text[ws_start - 1] == '\n';
				while (may_eat && ws_end + 5 <= len && memcmp(text + ws_end + 1, "<!--", 4) == 0) {
					const char *c3 = ws_end + 5 <= len
							 ? util_memmem(text + ws_end + 4, len - ws_end - 4, "-->", 3)
							 : NULL;
					if (!c3)
						break;
					size_t c = (size_t)(c3 - text);
					c = c + 2 + ws_after(text, len, c + 3);
					if (!coms) {
						coms = arena_grow(a, coms, 0, &cap_coms, sizeof(*coms));
						coms[0].s = first_start;
						coms[0].e = first_end;
					}
					coms = arena_grow(a, coms, n_com, &cap_coms, sizeof(*coms));
					coms[n_com].s = ws_end + 1;
					coms[n_com].e = c;
					n_com++;
					last_start = ws_end + 1;
					last_end = c;
					ws_end = c;
				}
				size_t start_pos;
				if (ws_start > 0 && text[ws_start - 1] == '\n' && ws_end + 1 < len && text[ws_end + 1] == '\n') {
					/* Eat the line: drop the spaces before the first comment. */
					size_t ws_len = i - ws_start;
					struct wt_node *lastn = accum(pp)->last;
					if (ws_len > 0 && lastn && lastn->type == WT_N_TEXT && lastn->len >= ws_len &&
					    ws_before(lastn->p + lastn->len - ws_len, ws_len) == ws_len)
						lastn->len -= ws_len;
					for (size_t k = 0; k + 1 < n_com; k++)
						append(accum(pp), text_node(a, WT_N_COMMENT, text + coms[k].s,
									    coms[k].e + 1 - coms[k].s));
					start_pos = last_start;
					end_pos = last_end + 1;
					fake_line_start = true;
				} else {
					start_pos = i;
					end_pos += 2;
				}
				struct piece *pc = top(pp);
				if (pc) {
					struct part *part = pc->cur;
					if (!(part->comment_end >= 0 && (size_t)part->comment_end + 1 == ws_start))
						part->visual_end = (long)ws_start;
					part->comment_end = (long)end_pos;
				}
				i = end_pos + 1;
				append(accum(pp), text_node(a, WT_N_COMMENT, text + start_pos, end_pos - start_pos + 1));
				continue;
			}
			const char *name = text + i + 1;
			size_t attr_start = i + nlen + 1;
			const char *gt = NULL;
			if (!no_more_gt && attr_start < len)
				gt = memchr(text + attr_start, '>', len - attr_start);
			if (!gt) {
				no_more_gt = true;
				add_literal(pp, accum(pp), text + i, 1);
				i++;
				continue;
			}
			size_t tag_end = (size_t)(gt - text);
			bool is_ignored_tag = for_inclusion ? (ieq(name, nlen, "includeonly") || ieq(name, nlen, "/includeonly"))
							    : (ieq(name, nlen, "noinclude") || ieq(name, nlen, "/noinclude") ||
							       ieq(name, nlen, "onlyinclude") || ieq(name, nlen, "/onlyinclude"));
			if (is_ignored_tag) {
				append(accum(pp), text_node(a, WT_N_IGNORE, text + i, tag_end - i + 1));
				i = tag_end + 1;
				continue;
			}
			size_t tag_start = i;
			size_t attr_end;
			struct str inner = { NULL, 0 }, close = { NULL, 0 };
			if (text[tag_end - 1] == '/') {
				attr_end = tag_end - 1;
				i = tag_end + 1;
			} else {
				attr_end = tag_end;
				size_t cs, ce;
				if (!known_no_close(pp, name, nlen) && find_close(text, len, tag_end + 1, name, nlen, &cs, &ce)) {
					inner = (struct str){ text + tag_end + 1, cs - tag_end - 1 };
					close = (struct str){ text + cs, ce - cs };
					i = ce;
				} else {
					bool allow_missing = (nlen == 11 && memcmp(name, "includeonly", 11) == 0) ||
							     (nlen == 9 && memcmp(name, "noinclude", 9) == 0) ||
							     (nlen == 11 && memcmp(name, "onlyinclude", 11) == 0);
					if (allow_missing) {
						inner = (struct str){ text + tag_end + 1, len - tag_end - 1 };
						i = len;
					} else {
						i = tag_end + 1;
						add_literal(pp, accum(pp), text + tag_start, tag_end + 1 - tag_start);
						pp->no_close = arena_grow(a, pp->no_close, pp->n_no_close, &pp->cap_no_close,
									  sizeof(*pp->no_close));
						pp->no_close[pp->n_no_close++] = arena_strndup(a, name, nlen);
						continue;
					}
				}
			}
			bool is_ignored_element = for_inclusion ? ieq(name, nlen, "noinclude") : ieq(name, nlen, "includeonly");
			if (is_ignored_element) {
				append(accum(pp), text_node(a, WT_N_IGNORE, text + tag_start, i - tag_start));
				continue;
			}
			struct wt_node *ext = node_new(a, WT_N_EXT);
			ext->ext = arena_alloc(a, sizeof(*ext->ext));
			ext->ext->name = (struct str){ name, nlen };
			ext->ext->attr = attr_end <= attr_start ? (struct str){ "", 0 }
								: (struct str){ text + attr_start, attr_end - attr_start };
			ext->ext->inner = inner;
			ext->ext->close = close;
			append(accum(pp), ext);
		} else if (found == F_LINE_START) {
			if (fake_line_start) {
				fake_line_start = false;
			} else {
				add_literal(pp, accum(pp), text + i, 1);
				i++;
			}
			size_t count = span(text, len, i, '=', 6);
			if (count == 1 && find_equals) {
				/* Looks like a name/value separator: leave it to the '=' handler. */
			} else if (count > 0) {
				struct piece pc = { 0 };
				memcpy(pc.open, "\n", 2);
				memcpy(pc.close, "\n", 2);
				pc.parts = pc.cur = part_new(pp);
				pc.n_parts = 1;
				add_literal(pp, pc.parts, text + i, count);
				pc.start_pos = (long)i;
				pc.count = (int)count;
				push(pp, &pc);
				flags(pp, &find_pipe, &find_equals, &in_heading);
				i += count;
			}
		} else if (found == F_LINE_END) {
			struct piece *pc = top(pp);
			struct part *part = pc->cur;
			size_t search_start = i - ws_before(text, i);
			if (part->comment_end >= 0 && search_start >= 1 && search_start - 1 == (size_t)part->comment_end) {
				search_start = (size_t)part->visual_end;
				search_start -= ws_before(text, search_start);
			}
			int count = pc->count;
			size_t eq_len = 0;
			while (eq_len < search_start && text[search_start - eq_len - 1] == '=')
				eq_len++;
			struct part element = { 0 };
			if (eq_len > 0) {
				if (search_start - eq_len == (size_t)pc->start_pos) {
					/* A line of '=' only: the heading regex /={count}(.+)={count}/ decides. */
					count = (int)(eq_len < 3 ? 0 : MIN(6, (eq_len - 1) / 2));
				} else {
					count = (int)MIN(eq_len, (size_t)count);
				}
				if (count > 0) {
					struct wt_node *h = node_new(a, WT_N_POSSIBLE_H);
					h->n = count;
					h->i = heading_index++;
					h->first = pc->parts->first;
					h->last = pc->parts->last;
					append(&element, h);
				} else {
					element.first = pc->parts->first;
					element.last = pc->parts->last;
				}
			} else {
				element.first = pc->parts->first;
				element.last = pc->parts->last;
			}
			pp->n_stack--;
			flags(pp, &find_pipe, &find_equals, &in_heading);
			append_list(accum(pp), element.first, element.last);
			/* The input position stays: this newline may open the next heading. */
		} else if (found == F_OPEN) {
			size_t count;
			if (cur_len > 1)
				count = span(text, len, i + 1, '{', SIZE_MAX) + 1;
			else
				count = span(text, len, i, cur[0], SIZE_MAX);
			bool saved_dash = false;
			bool line_start = i > 0 && text[i - 1] == '\n';
			const char *open = cur_len > 1 ? "-{" : (cur[0] == '{' ? "{" : "[");
			if (cur_len > 1 && count > cur_len) {
				/* "-{{": the rightmost "{{" wins. */
				saved_dash = true;
				i++;
				open = "{";
				count--;
			}
			if (count >= 2) {
				struct piece pc = { 0 };
				memcpy(pc.open, open, strlen(open) + 1);
				memcpy(pc.close, open[0] == '[' ? "]" : (open[0] == '-' ? "}-" : "}"),
				       open[0] == '-' ? 3 : 2);
				pc.saved_dash = saved_dash;
				pc.count = count > INT32_MAX ? INT32_MAX : (int)count;
				pc.line_start = line_start;
				pc.parts = pc.cur = part_new(pp);
				pc.n_parts = 1;
				push(pp, &pc);
				flags(pp, &find_pipe, &find_equals, &in_heading);
			} else {
				if (saved_dash)
					add_literal(pp, accum(pp), dash_str, 1);
				add_literal(pp, accum(pp), text + i, count);
			}
			i += count;
		} else if (found == F_CLOSE) {
			close_piece(pp, &i, cur, cur_len);
			flags(pp, &find_pipe, &find_equals, &in_heading);
		} else if (found == F_PIPE) {
			find_equals = true;
			add_part(pp, top(pp));
			i++;
		} else if (found == F_EQUALS) {
			find_equals = false;
			struct wt_node *eq = text_node(a, WT_N_EQUALS, text + i, 1);
			append(accum(pp), eq);
			top(pp)->cur->eq = eq;
			i++;
		}
	}

	/* Whatever is still open becomes literal text. */
	for (size_t k = 0; k < pp->n_stack; k++)
		break_syntax(pp, &pp->stack[k], pp->stack[k].count, &pp->root);

	struct wt_node *root = node_new(a, WT_N_ROOT);
	for (struct wt_node *n = pp->root.first; n; n = n->next)
		if (n->type == WT_N_POSSIBLE_H)
			n->type = WT_N_H;
	root->first = pp->root.first;
	root->last = pp->root.last;
	return root;
}

void wt_node_split_part(const struct wt_node *part, const struct wt_node **name, const struct wt_node **value,
			int *index)
{
	*name = *value = NULL;
	*index = 0;
	for (const struct wt_node *k = part->first; k; k = k->next) {
		if (k->type == WT_N_NAME) {
			*name = k;
			*index = k->n;
		} else if (k->type == WT_N_VALUE) {
			*value = k;
		}
	}
}

/* ------------------------------------------------------------------ */
/* XML                                                                 */
/* ------------------------------------------------------------------ */

/* htmlspecialchars with ENT_COMPAT: & < > " (not '). */
static void xml_text(struct wt_buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		default:
			continue;
		}
		wt_buf_add(b, s + start, i - start);
		wt_buf_adds(b, rep);
		start = i + 1;
	}
	wt_buf_add(b, s + start, n - start);
}

static const char *const type_names[] = {
	[WT_N_TEXT] = "", [WT_N_ROOT] = "root", [WT_N_TEMPLATE] = "template", [WT_N_TPLARG] = "tplarg",
	[WT_N_TITLE] = "title", [WT_N_PART] = "part", [WT_N_NAME] = "name", [WT_N_VALUE] = "value",
	[WT_N_EQUALS] = "equals", [WT_N_COMMENT] = "comment", [WT_N_IGNORE] = "ignore", [WT_N_EXT] = "ext",
	[WT_N_H] = "h", [WT_N_POSSIBLE_H] = "possible-h",
};

/* An element with only text content; empty text gives <name/>. */
static void xml_leaf(struct wt_buf *b, const char *name, const char *p, size_t n)
{
	if (!n) {
		wt_buf_addf(b, "<%s/>", name);
		return;
	}
	wt_buf_addf(b, "<%s>", name);
	xml_text(b, p, n);
	wt_buf_addf(b, "</%s>", name);
}

/* True when the node writes no inner content. */
static bool xml_empty(const struct wt_node *n)
{
	for (const struct wt_node *k = n->first; k; k = k->next) {
		if (k->type == WT_N_TEXT) {
			if (k->len)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

/*
 * The tree is written with an explicit stack of the nodes being closed,
 * so a deeply nested tree (10^5 nested braces) needs no deep recursion.
 */
void wt_node_xml(struct wt_buf *b, const struct wt_node *root)
{
	const struct wt_node **stack = NULL;
	size_t n_stack = 0, cap = 0;
	const struct wt_node *n = root;
	for (;;) {
		while (n) {
			const char *name = type_names[n->type];
			switch (n->type) {
			case WT_N_TEXT:
				xml_text(b, n->p, n->len);
				break;
			case WT_N_EQUALS:
			case WT_N_COMMENT:
			case WT_N_IGNORE:
				xml_leaf(b, name, n->p, n->len);
				break;
			case WT_N_EXT:
				wt_buf_adds(b, "<ext>");
				xml_leaf(b, "name", n->ext->name.p, n->ext->name.len);
				xml_leaf(b, "attr", n->ext->attr.p, n->ext->attr.len);
				if (n->ext->inner.p)
					xml_leaf(b, "inner", n->ext->inner.p, n->ext->inner.len);
				if (n->ext->close.p)
					xml_leaf(b, "close", n->ext->close.p, n->ext->close.len);
				wt_buf_adds(b, "</ext>");
				break;
			default:
				wt_buf_addc(b, '<');
				wt_buf_adds(b, name);
				if ((n->type == WT_N_TEMPLATE || n->type == WT_N_TPLARG) && n->line_start)
					wt_buf_adds(b, " lineStart=\"1\"");
				if (n->type == WT_N_H || n->type == WT_N_POSSIBLE_H)
					wt_buf_addf(b, " level=\"%d\" i=\"%d\"", n->n, n->i);
				if (n->type == WT_N_NAME && n->n > 0)
					wt_buf_addf(b, " index=\"%d\"", n->n);
				if (xml_empty(n)) {
					wt_buf_adds(b, "/>");
					break;
				}
				wt_buf_addc(b, '>');
				stack = arena_grow(b->a, stack, n_stack, &cap, sizeof(*stack));
				stack[n_stack++] = n;
				n = n->first;
				continue;
			}
			if (n == root)
				return;
			n = n->next;
		}
		if (!n_stack)
			return;
		const struct wt_node *up = stack[--n_stack];
		wt_buf_addf(b, "</%s>", type_names[up->type]);
		if (up == root)
			return;
		n = up->next;
	}
}

const char *wt_parsetree_xml(struct arena *a, const char *text, size_t len, bool for_inclusion, size_t *xml_len)
{
	struct wt_node *root = wt_preprocess_tree(a, NULL, text, len, for_inclusion ? WT_PP_FOR_INCLUSION : 0);
	struct wt_buf b;
	wt_buf_init(&b, a, len + len / 2 + 64);
	wt_node_xml(&b, root);
	if (xml_len)
		*xml_len = b.len;
	return b.p;
}
