/* SPDX-License-Identifier: MIT */
/*
 * table.c — wikitext tables, as MediaWiki's Parser::handleTables()
 * (doTableStuff) builds them line by line:
 *   {| attrs       <table attrs> (":{|" indents it in <dl><dd>)
 *   |+ caption     <caption>
 *   |- attrs       a new row (<tr attrs> opened by its first cell)
 *   | a || b       data cells, "attrs | content" for cell attributes
 *   ! a !! b       header cells ("||" also separates them)
 *   |}             closes cells, row and table
 * Attributes go through the sanitizer (fixTagAttributes). Nested tables
 * keep one state per open table on a stack.
 */
#include "wt_int.h"

/* The state of one open table. */
struct tbl {
	bool td;              /* a cell (or caption) is open */
	const char *last_tag; /* "td", "th", "caption" or "" */
	bool tr;              /* a row is open */
	struct str tr_attrs;  /* attributes for the next <tr> */
	bool opened_tr;       /* the table has had a row */
};

static bool is_trim(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\v';
}

static struct str trim(struct str s)
{
	while (s.len && is_trim(s.p[0]))
		s.p++, s.len--;
	while (s.len && is_trim(s.p[s.len - 1]))
		s.len--;
	return s;
}

/* Sanitizer::fixTagAttributes on unstripped text. */
static struct str fix_attrs(struct wt_ctx *cx, struct str text, const char *element)
{
	text = wt_unstrip_both(cx, text);
	struct sbuf sb;
	sbuf_init(&sb, WT_BUF_MAX);
	wt_san_fix_attrs_memo(cx->a, &sb, text, str_c(element), wt_site_protocols(cx), wt_ctx_san_memo(cx));
	struct str r = { arena_strndup(cx->a, sbuf_cstr(&sb), sb.len), sb.len };
	sbuf_release(&sb);
	return r;
}

/*
 * StringUtils::replaceMarkup("!!", "||"): every "!!" outside <...> (a '<'
 * with its matching '>', nested pairs counted; a '<' never closed is text).
 */
static struct str bangs_to_bars(struct wt_ctx *cx, struct str s)
{
	if (!util_memmem(s.p, s.len, "!!", 2))
		return s;
	char *o = arena_strndup(cx->a, s.p, s.len);
	for (size_t i = 0; i < s.len; i++) {
		if (o[i] == '<') {
			int depth = 1;
			size_t j = i + 1;
			for (; j < s.len && depth; j++) {
				if (o[j] == '<')
					depth++;
				else if (o[j] == '>')
					depth--;
			}
			if (!depth) {
				i = j - 1;
				continue;
			}
			/* Never closed: the rest is plain text. */
		}
		if (o[i] == '!' && i + 1 < s.len && o[i + 1] == '!') {
			o[i] = o[i + 1] = '|';
			i++;
		}
	}
	return (struct str){ o, s.len };
}

struct str wt_pass_tables(struct wt_ctx *cx, struct str text)
{
	if (!util_memmem(text.p, text.len, "{|", 2))
		return text;
	struct wt_buf out;
	wt_buf_init(&out, cx->a, text.len + text.len / 4 + 64);
	struct tbl *st = NULL;
	size_t n = 0, cap = 0;
	size_t indent = 0;
	size_t pos = 0;
	for (;;) {
		if (!n) {
			/*
			 * Outside a table only a line with "{|" can change: the
			 * lines before the next one go out as they are, in one
			 * piece (each with its newline, as the loop writes them).
			 */
			const char *ob = util_memmem(text.p + pos, text.len - pos, "{|", 2);
			if (!ob) {
				wt_buf_add(&out, text.p + pos, text.len - pos);
				wt_buf_addc(&out, '\n');
				break;
			}
			size_t ls = (size_t)(ob - text.p);
			while (ls > pos && text.p[ls - 1] != '\n')
				ls--;
			wt_buf_add(&out, text.p + pos, ls - pos);
			pos = ls;
		}
		const char *nl = memchr(text.p + pos, '\n', text.len - pos);
		size_t end = nl ? (size_t)(nl - text.p) : text.len;
		struct str out_line = { text.p + pos, end - pos };
		struct str line = trim(out_line);
		/* A replaced line is written straight into `out`, from here. */
		size_t line_start = out.len;
		bool replaced = false;
		if (line.len) {
			size_t c = 0;
			while (c < line.len && line.p[c] == ':')
				c++;
			size_t k = c;
			while (k < line.len && (line.p[k] == ' ' || (line.p[k] >= '\t' && line.p[k] <= '\r')))
				k++;
			if (line.len - k >= 2 && line.p[k] == '{' && line.p[k + 1] == '|') {
				indent = c;
				struct str attrs = fix_attrs(cx, (struct str){ line.p + k + 2, line.len - k - 2 }, "table");
				for (size_t i = 0; i < indent; i++)
					wt_buf_adds(&out, "<dl><dd>");
				wt_buf_adds(&out, "<table");
				wt_buf_addstr(&out, attrs);
				wt_buf_addc(&out, '>');
				st = arena_grow(cx->a, st, n, &cap, sizeof(*st));
				st[n++] = (struct tbl){ false, "", false, { "", 0 }, false };
				replaced = true;
			} else if (!n) {
				/* not in a table */
			} else if (line.len >= 2 && line.p[0] == '|' && line.p[1] == '}') {
				struct tbl t = st[--n];
				if (t.td) {
					wt_buf_adds(&out, "</");
					wt_buf_adds(&out, t.last_tag);
					wt_buf_addc(&out, '>');
				}
				if (t.tr)
					wt_buf_adds(&out, "</tr>");
				if (!t.opened_tr)
					wt_buf_adds(&out, "<tr><td></td></tr>");
				wt_buf_adds(&out, "</table>");
				wt_buf_add(&out, line.p + 2, line.len - 2);
				if (indent > 0) {
					while (out.len > line_start && is_trim(out.p[out.len - 1]))
						out.len--;
					out.p[out.len] = '\0';
					for (size_t i = 0; i < indent; i++)
						wt_buf_adds(&out, "</dd></dl>");
				}
				replaced = true;
			} else if (line.len >= 2 && line.p[0] == '|' && line.p[1] == '-') {
				size_t d = 1;
				while (d < line.len && line.p[d] == '-')
					d++;
				struct tbl *t = &st[n - 1];
				t->tr_attrs = fix_attrs(cx, (struct str){ line.p + d, line.len - d }, "tr");
				if (t->td) {
					wt_buf_adds(&out, "</");
					wt_buf_adds(&out, t->last_tag);
					wt_buf_addc(&out, '>');
				}
				if (t->tr)
					wt_buf_adds(&out, "</tr>");
				t->opened_tr = true;
				t->tr = false;
				t->td = false;
				t->last_tag = "";
				replaced = true;
			} else if (line.p[0] == '|' || line.p[0] == '!') {
				char first = line.p[0];
				struct str rest;
				if (line.len >= 2 && line.p[0] == '|' && line.p[1] == '+') {
					first = '+';
					rest = (struct str){ line.p + 2, line.len - 2 };
				} else {
					rest = (struct str){ line.p + 1, line.len - 1 };
				}
				if (first == '!')
					rest = bangs_to_bars(cx, rest);
				struct tbl *t = &st[n - 1];
				size_t cs = 0;
				for (;;) {
					const char *bars =
						cs <= rest.len ? util_memmem(rest.p + cs, rest.len - cs, "||", 2) : NULL;
					size_t ce = bars ? (size_t)(bars - rest.p) : rest.len;
					struct str cell = { rest.p + cs, ce - cs };
					/* The open cell's end, then (outside a caption) the row's start if none is open. */
					if (t->td) {
						wt_buf_adds(&out, "</");
						wt_buf_adds(&out, t->last_tag);
						wt_buf_adds(&out, ">\n");
					}
					if (first != '+') {
						if (!t->tr) {
							wt_buf_adds(&out, "<tr");
							wt_buf_addstr(&out, t->tr_attrs);
							wt_buf_adds(&out, ">\n");
						}
						t->tr = true;
						t->tr_attrs = (struct str){ "", 0 };
						t->opened_tr = true;
					}
					const char *tag = first == '|' ? "td" : first == '!' ? "th" : "caption";
					t->last_tag = tag;
					const char *bar = memchr(cell.p, '|', cell.len);
					struct str data0 = bar ? (struct str){ cell.p, (size_t)(bar - cell.p) } : cell;
					bool link_like = util_memmem(data0.p, data0.len, "[[", 2) ||
							 util_memmem(data0.p, data0.len, "-{", 2);
					if (link_like || !bar) {
						wt_buf_addc(&out, '<');
						wt_buf_adds(&out, tag);
						wt_buf_addc(&out, '>');
						wt_buf_addstr(&out, trim(cell));
					} else {
						struct str attrs = fix_attrs(cx, data0, tag);
						wt_buf_addc(&out, '<');
						wt_buf_adds(&out, tag);
						wt_buf_addstr(&out, attrs);
						wt_buf_addc(&out, '>');
						wt_buf_addstr(&out, trim((struct str){ bar + 1, cell.len - data0.len - 1 }));
					}
					t->td = true;
					if (!bars)
						break;
					cs = ce + 2;
				}
				replaced = true;
			}
		}
		if (!replaced)
			wt_buf_addstr(&out, out_line);
		wt_buf_addc(&out, '\n');
		if (!nl)
			break;
		pos = end + 1;
	}
	while (n) {
		struct tbl t = st[--n];
		if (t.td)
			wt_buf_adds(&out, "</td>\n");
		if (t.tr)
			wt_buf_adds(&out, "</tr>\n");
		if (!t.opened_tr)
			wt_buf_adds(&out, "<tr><td></td></tr>\n");
		wt_buf_adds(&out, "</table>\n");
	}
	if (out.len && out.p[out.len - 1] == '\n')
		out.p[--out.len] = '\0';
	if (strcmp(out.p, "<table>\n<tr><td></td></tr>\n</table>") == 0)
		return (struct str){ "", 0 };
	if (out.is_toobig)
		cx->is_toobig = true;
	return wt_buf_str(&out);
}
