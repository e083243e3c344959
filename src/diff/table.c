/* SPDX-License-Identifier: MIT */
/*
 * table.c — the table of changes MediaWiki 1.39 shows for two texts
 * (DifferenceEngine → TextSlotDiffRenderer → TableDiffFormatter), row by
 * row and byte for byte.
 *
 * The texts are cut at "\n" (after "\r\n" became "\n"; a text ending in
 * "\n" has an empty last line) and diffed by lines (mwdiff.c). Changes
 * close together form blocks: a copy of at most four lines between two
 * changes stays inside a block, a longer one ends it, and each block
 * carries up to two lines of context on each side. A block opens with a
 * row of line numbers (where it starts on each side), then:
 *   context  both cells "diff-context", the old line's text;
 *   deleted  "diff-deletedline" with the line in <del class="diffchange">
 *            and an empty right side ("diff-side-added");
 *   added    the mirror image, <ins class="diffchange">;
 *   changed  old and new lines side by side, highlighted word by word
 *            (words.c), the shorter side padded with empty cells.
 * A non-empty cell's text is wrapped in <div> with its blanks made to
 * show (MediaWiki's escapeWhiteSpace); an empty one is <br/>. The marker
 * cells carry data-marker "−" (U+2212) and "+".
 */
#include "diff_int.h"

#include <string.h>

/* Lines of context before and after the changes of a block (TableDiffFormatter). */
#define CONTEXT 2

/* Cut `len` bytes at "\n" as PHP's explode() does (n + 1 pieces for n newlines), "\r\n" read as "\n". */
static struct str *explode_lines(struct arena *a, const char *s, size_t len, size_t *n)
{
	/* Without a "\r\n" the text is used in place; with one, a normalized copy. */
	if (len && memmem(s, len, "\r\n", 2)) {
		char *c = arena_alloc(a, len + 1);
		size_t k = 0;
		for (size_t i = 0; i < len; i++)
			if (!(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
				c[k++] = s[i];
		s = c;
		len = k;
	}
	size_t count = 1;
	for (size_t i = 0; i < len; i++)
		count += s[i] == '\n';
	struct str *lines = arena_alloc(a, count * sizeof(*lines));
	size_t k = 0, start = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			lines[k++] = (struct str){ s + start, i - start };
			start = i + 1;
		}
	}
	lines[k++] = (struct str){ s + start, len - start };
	*n = count;
	return lines;
}

/* Html::element()'s escaping of element text: only & and <. */
static void add_element_text(struct sbuf *sb, struct str s)
{
	size_t run = 0;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] != '&' && s.p[i] != '<')
			continue;
		sbuf_add(sb, s.p + run, i - run);
		sbuf_adds(sb, s.p[i] == '&' ? "&amp;" : "&lt;");
		run = i + 1;
	}
	sbuf_add(sb, s.p + run, s.len - run);
}

#define NBSP "\xc2\xa0"

/*
 * The HTML of a cell's content with its blanks made visible, as
 * escapeWhiteSpace(): a leading space becomes NBSP + space, a trailing
 * one space + NBSP, and then every pair of spaces (left to right, not
 * overlapping) NBSP + space.
 */
static void add_visible_blanks(struct sbuf *out, const char *html, size_t len)
{
	struct sbuf tmp;
	sbuf_init(&tmp, (len + 8) * 2);
	if (len && html[0] == ' ') {
		sbuf_adds(&tmp, NBSP " ");
		sbuf_add(&tmp, html + 1, len - 1);
	} else {
		sbuf_add(&tmp, html, len);
	}
	if (tmp.len && tmp.p[tmp.len - 1] == ' ') {
		tmp.len--;
		sbuf_adds(&tmp, " " NBSP);
	}
	const char *s = sbuf_cstr(&tmp);
	size_t run = 0;
	for (size_t k = 0; k + 1 < tmp.len; k++) {
		if (s[k] != ' ' || s[k + 1] != ' ')
			continue;
		sbuf_add(out, s + run, k - run);
		sbuf_adds(out, NBSP " ");
		k++;
		run = k + 1;
	}
	sbuf_add(out, s + run, tmp.len - run);
	sbuf_release(&tmp);
}

/* One side's two cells: marker ("" for none) and the cell of class `cls`. */
static void add_cells(struct sbuf *out, const char *marker, const char *cls, const char *html, size_t len)
{
	if (*marker)
		sbuf_addf(out, "<td class=\"diff-marker\" data-marker=\"%s\"></td>", marker);
	else
		sbuf_adds(out, "<td class=\"diff-marker\"></td>");
	sbuf_addf(out, "<td class=\"%s\">", cls);
	if (len) {
		sbuf_adds(out, "<div>");
		add_visible_blanks(out, html, len);
		sbuf_adds(out, "</div>");
	} else {
		sbuf_adds(out, "<br/>");
	}
	sbuf_adds(out, "</td>");
}

#define MARK_DEL "\xe2\x88\x92" /* U+2212 MINUS SIGN */
#define CLS_DEL "diff-deletedline diff-side-deleted"
#define CLS_ADD "diff-addedline diff-side-added"
#define EMPTY_DEL "<td colspan=\"2\" class=\"diff-side-deleted\"></td>"
#define EMPTY_ADD "<td colspan=\"2\" class=\"diff-side-added\"></td>"

/* The formatter's state: where rows go, scratch space for one cell. */
struct table {
	struct arena *a;    /* for the word diffs */
	struct sbuf *out;   /* the rows */
	struct sbuf cell;   /* one cell's HTML before its blanks are shown */
	diff_lineno_fn *lineno; /* line-number labels */
	void *ud;           /* for lineno */
};

static void row_context(struct table *t, struct str line)
{
	sbuf_clear(&t->cell);
	sbuf_add_html(&t->cell, line.p, line.len);
	sbuf_adds(t->out, "<tr>");
	add_cells(t->out, "", "diff-context diff-side-deleted", t->cell.p, t->cell.len);
	add_cells(t->out, "", "diff-context diff-side-added", t->cell.p, t->cell.len);
	sbuf_adds(t->out, "</tr>\n");
}

static void row_deleted(struct table *t, struct str line)
{
	sbuf_clear(&t->cell);
	sbuf_adds(&t->cell, "<del class=\"diffchange\">");
	add_element_text(&t->cell, line);
	sbuf_adds(&t->cell, "</del>");
	sbuf_adds(t->out, "<tr>");
	add_cells(t->out, MARK_DEL, CLS_DEL, t->cell.p, t->cell.len);
	sbuf_adds(t->out, EMPTY_ADD "</tr>\n");
}

static void row_added(struct table *t, struct str line)
{
	sbuf_clear(&t->cell);
	sbuf_adds(&t->cell, "<ins class=\"diffchange\">");
	add_element_text(&t->cell, line);
	sbuf_adds(&t->cell, "</ins>");
	sbuf_adds(t->out, "<tr>" EMPTY_DEL);
	add_cells(t->out, "+", CLS_ADD, t->cell.p, t->cell.len);
	sbuf_adds(t->out, "</tr>\n");
}

static void rows_changed(struct table *t, const struct str *old, size_t n_old, const struct str *new, size_t n_new)
{
	const char **del, **add;
	size_t n_del, n_add;
	diff_words(t->a, old, n_old, new, n_new, &del, &n_del, &add, &n_add);
	size_t n = n_del > n_add ? n_del : n_add;
	for (size_t i = 0; i < n; i++) {
		sbuf_adds(t->out, "<tr>");
		if (i < n_del)
			add_cells(t->out, MARK_DEL, CLS_DEL, del[i], strlen(del[i]));
		else
			sbuf_adds(t->out, EMPTY_DEL);
		if (i < n_add)
			add_cells(t->out, "+", CLS_ADD, add[i], strlen(add[i]));
		else
			sbuf_adds(t->out, EMPTY_ADD);
		sbuf_adds(t->out, "</tr>\n");
	}
}

/* A block: the line-number row, then each operation's rows. Line numbers count from 1. */
static void block(struct table *t, size_t xbeg, size_t ybeg, const struct diff_op *ops, size_t n_ops,
		  const struct str *old, const struct str *new, size_t lead, size_t trail)
{
	sbuf_addf(t->out, "<tr><td colspan=\"2\" class=\"diff-lineno\" id=\"mw-diff-left-l%zu\">", xbeg);
	t->lineno(t->out, xbeg, t->ud);
	sbuf_adds(t->out, "</td>\n<td colspan=\"2\" class=\"diff-lineno\">");
	t->lineno(t->out, ybeg, t->ud);
	sbuf_adds(t->out, "</td></tr>\n");
	for (size_t i = 0; i < n_ops; i++) {
		const struct diff_op *op = &ops[i];
		/* The first and last copies are cut to the leading and trailing context. */
		size_t a = op->a, n = op->n_a;
		if (op->type == DIFF_OP_COPY && i == 0 && lead < n) {
			a += n - lead;
			n = lead;
		}
		if (op->type == DIFF_OP_COPY && i == n_ops - 1 && trail < n)
			n = trail;
		switch (op->type) {
		case DIFF_OP_COPY:
			for (size_t k = 0; k < n; k++)
				row_context(t, old[a + k]);
			break;
		case DIFF_OP_DELETE:
			for (size_t k = 0; k < op->n_a; k++)
				row_deleted(t, old[op->a + k]);
			break;
		case DIFF_OP_ADD:
			for (size_t k = 0; k < op->n_b; k++)
				row_added(t, new[op->b + k]);
			break;
		case DIFF_OP_CHANGE:
			rows_changed(t, old + op->a, op->n_a, new + op->b, op->n_b);
			break;
		}
	}
}

int diff_table(struct arena *a, const char *old, size_t old_len, const char *new, size_t new_len,
	       diff_lineno_fn *lineno, void *ud, struct sbuf *out)
{
	size_t n_old, n_new, n_ops;
	struct str *ol = explode_lines(a, old, old_len, &n_old);
	struct str *nl = explode_lines(a, new, new_len, &n_new);
	struct diff_op *ops;
	diff_mw(a, ol, n_old, nl, n_new, 0, &ops, &n_ops);

	struct table t = { .a = a, .out = out, .lineno = lineno, .ud = ud };
	sbuf_init(&t.cell, out->max);
	/*
	 * DiffFormatter::format(): a block starts at a change, taking up to
	 * CONTEXT lines of the copy before it; a copy of more than 2·CONTEXT
	 * lines ends the block after CONTEXT lines of it.
	 */
	size_t first = 0, lead = 0, x0 = 0, y0 = 0;
	bool open = false;
	for (size_t i = 0; i < n_ops; i++) {
		const struct diff_op *op = &ops[i];
		if (op->type == DIFF_OP_COPY) {
			if (open && op->n_a > 2 * CONTEXT) {
				block(&t, x0, y0, ops + first, i - first + 1, ol, nl, lead, CONTEXT);
				open = false;
			}
			continue;
		}
		if (!open) {
			open = true;
			bool has_copy = i > 0 && ops[i - 1].type == DIFF_OP_COPY;
			lead = has_copy ? (ops[i - 1].n_a < CONTEXT ? ops[i - 1].n_a : CONTEXT) : 0;
			first = lead ? i - 1 : i;
			x0 = op->a - lead + 1;
			y0 = op->b - lead + 1;
		}
	}
	if (open)
		block(&t, x0, y0, ops + first, n_ops - first, ol, nl, lead, SIZE_MAX);
	sbuf_release(&t.cell);
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}
