/* SPDX-License-Identifier: MIT */
/*
 * quotes.c — '' and ''' to <i> and <b>, line by line, as MediaWiki's
 * Parser::doQuotes() balances them: runs of 4 apostrophes give one
 * literal apostrophe and bold, runs over 5 give literal apostrophes and
 * bold italics; with an odd number of both bold and italic runs, one bold
 * run becomes an apostrophe plus italics (preferring one after a
 * single-letter word, then a multi-letter word, then a space); what is
 * still open at the end of the line is closed.
 */
#include "wt_int.h"

/* One run of apostrophes in a line. */
struct run {
	size_t pos;  /* offset of the run in the line */
	size_t len;  /* apostrophes in the run */
	int kind;    /* markup length after adjustment: 2, 3 or 5 */
	size_t lit;  /* leading apostrophes of the run that are text */
};

static void add_text(struct wt_buf *out, struct wt_buf *buffer, bool both, const char *p, size_t n)
{
	wt_buf_add(both ? buffer : out, p, n);
}

static void add_apostrophes(struct wt_buf *out, struct wt_buf *buffer, bool both, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wt_buf_addc(both ? buffer : out, '\'');
}

/* doQuotes on one line, appended to out. */
static void do_line(struct wt_ctx *cx, struct str line, struct wt_buf *out, struct run **runs, size_t *cap)
{
	size_t n = 0;
	for (size_t i = 0; i < line.len;) {
		const char *q = memchr(line.p + i, '\'', line.len - i);
		if (!q)
			break;
		i = (size_t)(q - line.p);
		if (i + 1 < line.len && line.p[i + 1] == '\'') {
			size_t j = i;
			while (j < line.len && line.p[j] == '\'')
				j++;
			*runs = arena_grow(cx->a, *runs, n, cap, sizeof(**runs));
			(*runs)[n++] = (struct run){ i, j - i, 0, 0 };
			i = j;
		} else {
			i++;
		}
	}
	if (!n) {
		wt_buf_addstr(out, line);
		return;
	}
	struct run *r = *runs;
	int numbold = 0, numitalics = 0;
	for (size_t k = 0; k < n; k++) {
		size_t len = r[k].len;
		if (len == 4) {
			r[k].lit = 1;
			len = 3;
		} else if (len > 5) {
			r[k].lit = len - 5;
			len = 5;
		}
		r[k].kind = (int)len;
		if (len == 2)
			numitalics++;
		else if (len == 3)
			numbold++;
		else if (len == 5)
			numitalics++, numbold++;
	}
	if (numbold % 2 == 1 && numitalics % 2 == 1) {
		long single = -1, multi = -1, space = -1;
		for (size_t k = 0; k < n; k++) {
			if (r[k].kind != 3)
				continue;
			/* The text before this run: the line since the previous run, plus its literal apostrophes. */
			size_t start = k ? r[k - 1].pos + r[k - 1].len : 0;
			size_t end = r[k].pos + r[k].lit;
			char x1 = end > start ? line.p[end - 1] : '\0';
			char x2 = end > start + 1 ? line.p[end - 2] : '\0';
			bool have1 = end > start, have2 = end > start + 1;
			if (have1 && x1 == ' ') {
				if (space == -1)
					space = (long)k;
			} else if (have2 && x2 == ' ') {
				single = (long)k;
				break;
			} else if (multi == -1) {
				multi = (long)k;
			}
		}
		long pick = single > -1 ? single : multi > -1 ? multi : space;
		if (pick > -1) {
			r[pick].kind = 2;
			r[pick].lit += 1;
		}
	}
	struct wt_buf buffer;
	wt_buf_init(&buffer, cx->a, 64);
	enum { S_NONE, S_I, S_B, S_BI, S_IB, S_BOTH } st = S_NONE;
	size_t prev = 0;
	for (size_t k = 0; k < n; k++) {
		add_text(out, &buffer, st == S_BOTH, line.p + prev, r[k].pos - prev);
		add_apostrophes(out, &buffer, st == S_BOTH, r[k].lit);
		prev = r[k].pos + r[k].len;
		int len = r[k].kind;
		if (len == 2) {
			if (st == S_I) {
				wt_buf_adds(out, "</i>");
				st = S_NONE;
			} else if (st == S_BI) {
				wt_buf_adds(out, "</i>");
				st = S_B;
			} else if (st == S_IB) {
				wt_buf_adds(out, "</b></i><b>");
				st = S_B;
			} else if (st == S_BOTH) {
				wt_buf_adds(out, "<b><i>");
				wt_buf_addstr(out, wt_buf_str(&buffer));
				wt_buf_adds(out, "</i>");
				st = S_B;
			} else {
				wt_buf_adds(out, "<i>");
				st = st == S_B ? S_BI : S_I;
			}
		} else if (len == 3) {
			if (st == S_B) {
				wt_buf_adds(out, "</b>");
				st = S_NONE;
			} else if (st == S_BI) {
				wt_buf_adds(out, "</i></b><i>");
				st = S_I;
			} else if (st == S_IB) {
				wt_buf_adds(out, "</b>");
				st = S_I;
			} else if (st == S_BOTH) {
				wt_buf_adds(out, "<i><b>");
				wt_buf_addstr(out, wt_buf_str(&buffer));
				wt_buf_adds(out, "</b>");
				st = S_I;
			} else {
				wt_buf_adds(out, "<b>");
				st = st == S_I ? S_IB : S_B;
			}
		} else {
			if (st == S_B) {
				wt_buf_adds(out, "</b><i>");
				st = S_I;
			} else if (st == S_I) {
				wt_buf_adds(out, "</i><b>");
				st = S_B;
			} else if (st == S_BI) {
				wt_buf_adds(out, "</i></b>");
				st = S_NONE;
			} else if (st == S_IB) {
				wt_buf_adds(out, "</b></i>");
				st = S_NONE;
			} else if (st == S_BOTH) {
				wt_buf_adds(out, "<i><b>");
				wt_buf_addstr(out, wt_buf_str(&buffer));
				wt_buf_adds(out, "</b></i>");
				st = S_NONE;
			} else {
				buffer.len = 0;
				buffer.p[0] = '\0';
				st = S_BOTH;
			}
		}
	}
	add_text(out, &buffer, st == S_BOTH, line.p + prev, line.len - prev);
	if (st == S_B || st == S_IB)
		wt_buf_adds(out, "</b>");
	if (st == S_I || st == S_BI || st == S_IB)
		wt_buf_adds(out, "</i>");
	if (st == S_BI)
		wt_buf_adds(out, "</b>");
	/*
	 * A line that ends in the "both" state: MediaWiki tests `$buffer` for
	 * PHP truth, so a buffer of just "0" is dropped with the quotes.
	 */
	if (st == S_BOTH && buffer.len && !(buffer.len == 1 && buffer.p[0] == '0')) {
		wt_buf_adds(out, "<b><i>");
		wt_buf_addstr(out, wt_buf_str(&buffer));
		wt_buf_adds(out, "</i></b>");
	}
}

struct str wt_quotes_line(struct wt_ctx *cx, struct str text)
{
	if (!util_memmem(text.p, text.len, "''", 2))
		return text;
	struct wt_buf out;
	wt_buf_init(&out, cx->a, text.len + 16);
	struct run *runs = NULL;
	size_t cap = 0;
	do_line(cx, text, &out, &runs, &cap);
	return wt_buf_str(&out);
}

struct str wt_pass_quotes(struct wt_ctx *cx, struct str text)
{
	if (!util_memmem(text.p, text.len, "''", 2))
		return text;
	struct wt_buf out;
	wt_buf_init(&out, cx->a, text.len + text.len / 8 + 16);
	struct run *runs = NULL;
	size_t cap = 0;
	size_t pos = 0;
	for (;;) {
		/*
		 * A line without "''" comes out as it is: copy everything up to
		 * the line that holds the next one in one piece (the backward
		 * scan to its start covers text do_line() reads anyway).
		 */
		const char *qq = util_memmem(text.p + pos, text.len - pos, "''", 2);
		if (!qq) {
			wt_buf_add(&out, text.p + pos, text.len - pos);
			break;
		}
		size_t ls = (size_t)(qq - text.p);
		while (ls > pos && text.p[ls - 1] != '\n')
			ls--;
		wt_buf_add(&out, text.p + pos, ls - pos);
		const char *nl = memchr(text.p + ls, '\n', text.len - ls);
		size_t end = nl ? (size_t)(nl - text.p) : text.len;
		do_line(cx, (struct str){ text.p + ls, end - ls }, &out, &runs, &cap);
		if (!nl)
			break;
		wt_buf_addc(&out, '\n');
		pos = end + 1;
	}
	if (out.is_toobig)
		cx->is_toobig = true;
	return wt_buf_str(&out);
}
