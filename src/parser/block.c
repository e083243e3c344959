/* SPDX-License-Identifier: MIT */
/*
 * block.c — paragraphs, lists and indent-pre, as MediaWiki's
 * BlockLevelPass::doBlockLevels() decides them, line by line:
 *   - a line's prefix of * # : ; opens, continues or closes nested lists
 *     (";" term ":" definition split by findColonNoLinks);
 *   - lines that open or close block elements (table, h1-h6, pre, p,
 *     lists, td/th, tr, caption, dt/dd/li, center, blockquote, div, hr,
 *     aside, figure, mw:) end the paragraph and suppress p-wrapping;
 *   - a line starting with a space is preformatted (outside blocks);
 *   - other text is wrapped in <p>, blank lines separating paragraphs
 *     and a doubled blank line giving <p><br /></p>.
 * One pass over the lines; the state is a handful of flags and the list
 * prefix of the previous line.
 */
#include <strings.h>

#include "wt_int.h"

/* The pass's state (BlockLevelPass fields). */
struct bl {
	struct wt_buf *out;     /* output */
	bool dt_open;           /* a <dt> is open */
	bool in_pre;            /* inside a <pre> block */
	const char *last_para;  /* "" / "p" / "pre": the open paragraph element */
};

static void close_paragraph(struct bl *s, bool at_end)
{
	if (s->last_para[0]) {
		wt_buf_adds(s->out, "</");
		wt_buf_adds(s->out, s->last_para);
		wt_buf_addc(s->out, '>');
		if (!at_end)
			wt_buf_addc(s->out, '\n');
	}
	s->in_pre = false;
	s->last_para = "";
}

static void open_list(struct bl *s, char c)
{
	close_paragraph(s, false);
	if (c == '*') {
		wt_buf_adds(s->out, "<ul><li>");
	} else if (c == '#') {
		wt_buf_adds(s->out, "<ol><li>");
	} else if (c == ':') {
		wt_buf_adds(s->out, "<dl><dd>");
	} else {
		wt_buf_adds(s->out, "<dl><dt>");
		s->dt_open = true;
	}
}

static void next_item(struct bl *s, char c)
{
	if (c == '*' || c == '#') {
		wt_buf_adds(s->out, "</li>\n<li>");
		return;
	}
	wt_buf_adds(s->out, s->dt_open ? "</dt>\n" : "</dd>\n");
	if (c == ';') {
		s->dt_open = true;
		wt_buf_adds(s->out, "<dt>");
	} else {
		s->dt_open = false;
		wt_buf_adds(s->out, "<dd>");
	}
}

static void close_list(struct bl *s, char c)
{
	if (c == '*') {
		wt_buf_adds(s->out, "</li></ul>");
	} else if (c == '#') {
		wt_buf_adds(s->out, "</li></ol>");
	} else if (s->dt_open) {
		s->dt_open = false;
		wt_buf_adds(s->out, "</dt></dl>");
	} else {
		wt_buf_adds(s->out, "</dd></dl>");
	}
}

/* Position of the first ':', '<' or "-{" at or after `from`, or -1. */
static long find_interesting(struct str t, size_t from)
{
	for (size_t i = from; i < t.len; i++)
		if (t.p[i] == ':' || t.p[i] == '<' || (t.p[i] == '-' && i + 1 < t.len && t.p[i + 1] == '{'))
			return (long)i;
	return -1;
}

/* findColonNoLinks: the ':' splitting "; term : definition", outside tags and -{ }-. */
static long find_colon(struct str t)
{
	long m = find_interesting(t, 0);
	if (m < 0)
		return -1;
	if (t.p[m] == ':')
		return m;
	enum { TEXT, TAG, TAGSTART, CLOSETAG, TAGSLASH, COMMENT, COMMENTDASH, COMMENTDASHDASH, LC } state = TEXT;
	int lt = 0, lc = 0;
	for (size_t i = (size_t)m; i < t.len; i++) {
		char c = t.p[i];
		switch (state) {
		case TEXT:
			if (c == '<') {
				state = TAGSTART;
			} else if (c == ':') {
				if (lt == 0)
					return (long)i;
			} else {
				long k = find_interesting(t, i);
				if (k < 0)
					return -1;
				if (t.p[k] == '-') {
					state = LC;
					lc++;
					i = (size_t)k + 1;
				} else {
					i = (size_t)k - 1;
				}
			}
			break;
		case LC: {
			long k = -1;
			bool open = false;
			for (size_t j = i; j + 1 < t.len; j++) {
				if (t.p[j] == '-' && t.p[j + 1] == '{') {
					k = (long)j;
					open = true;
					break;
				}
				if (t.p[j] == '}' && t.p[j + 1] == '-') {
					k = (long)j;
					break;
				}
			}
			if (k < 0)
				return -1;
			i = (size_t)k + 1;
			if (open) {
				lc++;
			} else if (--lc == 0) {
				state = TEXT;
			}
			break;
		}
		case TAG:
			if (c == '>') {
				lt++;
				state = TEXT;
			} else if (c == '/') {
				state = TAGSLASH;
			}
			break;
		case TAGSTART:
			state = c == '/' ? CLOSETAG : c == '!' ? COMMENT : c == '>' ? TEXT : TAG;
			break;
		case CLOSETAG:
			if (c == '>') {
				if (lt > 0)
					lt--;
				state = TEXT;
			}
			break;
		case TAGSLASH:
			state = c == '>' ? TEXT : TAG;
			break;
		case COMMENT:
			if (c == '-')
				state = COMMENTDASH;
			break;
		case COMMENTDASH:
			state = c == '-' ? COMMENTDASHDASH : COMMENT;
			break;
		case COMMENTDASHDASH:
			state = c == '>' ? TEXT : COMMENT;
			break;
		}
	}
	return -1;
}

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       (unsigned char)c >= 0x80;
}

/*
 * The tag names BlockLevelPass looks for, with the side they count on:
 * its "open" pattern (table, h1-h6, pre, p, ul, ol, dl without a slash,
 * td and th with one, tr caption dt dd li either way) and its "close"
 * pattern (table … dl with a slash, td and th without, center blockquote
 * div hr mw: aside figure either way).
 */
enum {
	K_NONE,              /* none of the names */
	K_OPEN_NOSLASH,      /* open without '/', close with it */
	K_OPEN_SLASH,        /* open with '/', close without it */
	K_OPEN,              /* open either way */
	K_CLOSE,             /* close either way */
};

/* The K_* of lower-case name `w` (`wl` bytes, at least one). */
static int block_kind(const char *w, size_t wl)
{
	switch (wl) {
	case 1:
		return w[0] == 'p' ? K_OPEN_NOSLASH : K_NONE;
	case 2:
		switch (w[0]) {
		case 'h':
			return w[1] >= '1' && w[1] <= '6' ? K_OPEN_NOSLASH : w[1] == 'r' ? K_CLOSE : K_NONE;
		case 'u':
		case 'o':
			return w[1] == 'l' ? K_OPEN_NOSLASH : K_NONE;
		case 'd':
			return w[1] == 'l' ? K_OPEN_NOSLASH : w[1] == 't' || w[1] == 'd' ? K_OPEN : K_NONE;
		case 't':
			return w[1] == 'd' || w[1] == 'h' ? K_OPEN_SLASH : w[1] == 'r' ? K_OPEN : K_NONE;
		case 'l':
			return w[1] == 'i' ? K_OPEN : K_NONE;
		default:
			return K_NONE;
		}
	case 3:
		return memcmp(w, "pre", 3) == 0 ? K_OPEN_NOSLASH : memcmp(w, "div", 3) == 0 ? K_CLOSE : K_NONE;
	case 5:
		return memcmp(w, "table", 5) == 0 ? K_OPEN_NOSLASH : memcmp(w, "aside", 5) == 0 ? K_CLOSE : K_NONE;
	case 6:
		return memcmp(w, "center", 6) == 0 || memcmp(w, "figure", 6) == 0 ? K_CLOSE : K_NONE;
	case 7:
		return memcmp(w, "caption", 7) == 0 ? K_OPEN : K_NONE;
	case 10:
		return memcmp(w, "blockquote", 10) == 0 ? K_CLOSE : K_NONE;
	default:
		return K_NONE;
	}
}

/*
 * Which patterns the tag name at t.p[at] (after '<' and `slash`) matches.
 * MediaWiki's patterns are a name followed by a word boundary. Every name
 * but "mw:" is made of word characters, so it must be the whole run of
 * word characters there (`w`, lower-cased, `wl` bytes, at least one);
 * "mw:" needs a word character after its colon.
 */
static void name_matches(struct str t, size_t at, const char *w, size_t wl, bool slash, bool *open_m, bool *close_m)
{
	if (wl == 2 && w[0] == 'm' && w[1] == 'w') {
		if (at + 3 < t.len && t.p[at + 2] == ':' && is_word(t.p[at + 3]))
			*close_m = true;
		return;
	}
	switch (block_kind(w, wl)) {
	case K_OPEN_NOSLASH:
		*(slash ? close_m : open_m) = true;
		break;
	case K_OPEN_SLASH:
		*(slash ? open_m : close_m) = true;
		break;
	case K_OPEN:
		*open_m = true;
		break;
	case K_CLOSE:
		*close_m = true;
		break;
	default:
		break;
	}
}

/* Bytes (lower case) the names start with. */
static const bool name_first[256] = {
	['a'] = true, ['b'] = true, ['c'] = true, ['d'] = true, ['f'] = true, ['h'] = true,
	['l'] = true, ['m'] = true, ['o'] = true, ['p'] = true, ['t'] = true, ['u'] = true,
};

/*
 * The "<pre" and "</pre" of a line and its tag_match(), in one scan
 * from '<' to '<' that ends when all four are known.
 */
static void scan_line(struct str t, bool *pre_open, bool *pre_close, bool *open_m, bool *close_m)
{
	const char *p = t.p, *end = t.p + t.len;
	while (!(*pre_open && *pre_close && *open_m && *close_m) && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		const char *q = p + 1;
		bool slash = q < end && *q == '/';
		q += slash;
		if (end - q >= 3 && (q[0] | 0x20) == 'p' && (q[1] | 0x20) == 'r' && (q[2] | 0x20) == 'e') {
			if (slash)
				*pre_close = true;
			else
				*pre_open = true;
		}
		if (q >= end)
			break;
		unsigned char c0 = (unsigned char)*q;
		if (!(*open_m && *close_m) && name_first[c0 >= 'A' && c0 <= 'Z' ? c0 + 32 : c0]) {
			size_t at = (size_t)(q - t.p);
			char w[11];
			size_t wl = 0;
			while (at + wl < t.len && is_word(t.p[at + wl]) && wl < sizeof(w)) {
				char c = t.p[at + wl];
				w[wl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			}
			if (wl > 0 && wl < sizeof(w))
				name_matches(t, at, w, wl, slash, open_m, close_m);
		}
		p++;
	}
}

/* Does `t` hold "<pre" (*open) and "</pre" (*close), ASCII case ignored? scan_line() with the tags known. */
static void find_pre(struct str t, bool *open, bool *close)
{
	bool open_m = true, close_m = true;
	scan_line(t, open, close, &open_m, &close_m);
}

static bool is_trim_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\v';
}

static bool all_space(struct str t)
{
	for (size_t i = 0; i < t.len; i++)
		if (!is_trim_space(t.p[i]))
			return false;
	return true;
}

/* T186965: a line of nothing but <style>...</style> and <link> tags. */
static bool only_style_link(struct str t)
{
	size_t i = 0;
	bool any = false;
	while (i < t.len) {
		if (t.len - i >= 6 && strncasecmp(t.p + i, "<style", 6) == 0 && (i + 6 == t.len || !is_word(t.p[i + 6]))) {
			const char *gt = memchr(t.p + i, '>', t.len - i);
			if (!gt)
				return false;
			size_t j = (size_t)(gt - t.p) + 1;
			size_t k = j;
			while (k + 8 <= t.len && strncasecmp(t.p + k, "</style>", 8) != 0)
				k++;
			if (k + 8 > t.len)
				return false;
			i = k + 8;
		} else if (t.len - i >= 5 && strncasecmp(t.p + i, "<link", 5) == 0 &&
			   (i + 5 == t.len || !is_word(t.p[i + 5]))) {
			const char *gt = memchr(t.p + i, '>', t.len - i);
			if (!gt)
				return false;
			i = (size_t)(gt - t.p) + 1;
		} else {
			return false;
		}
		while (i < t.len && strchr(" \t\n\r\f\v", t.p[i]))
			i++;
		any = true;
	}
	return any;
}

/* The last <blockquote> or </blockquote> of the line decides (is it open?). */
static void scan_blockquote(struct str t, bool *in_bq)
{
	for (size_t i = 0; i + 11 < t.len + 1; i++) {
		const char *lt = memchr(t.p + i, '<', t.len - i);
		if (!lt)
			break;
		i = (size_t)(lt - t.p);
		if (i + 11 >= t.len + 1)
			break;
		size_t j = i + 1;
		bool close = j < t.len && t.p[j] == '/';
		if (close)
			j++;
		if (j + 10 < t.len + 0 && (t.p[j] | 0x20) == 'b' && strncasecmp(t.p + j, "blockquote", 10) == 0 &&
		    strchr(" \t\n\r\f\v>", t.p[j + 10]) && t.p[j + 10])
			*in_bq = !close;
	}
}

struct str wt_pass_block_levels(struct wt_ctx *cx, struct str text, bool linestart)
{
	struct wt_buf out;
	wt_buf_init(&out, cx->a, text.len + text.len / 4 + 64);
	struct bl s = { &out, false, false, "" };
	char *last_prefix = arena_alloc(cx->a, 1);
	last_prefix[0] = '\0';
	size_t last_prefix_len = 0;
	char *prefix = NULL;
	char *prefix2 = NULL;
	size_t prefix_len = 0;
	bool in_block_elem = false;
	const char *pending_p = NULL;
	bool in_blockquote = false;
	size_t pos = 0;
	bool first = true;
	for (;;) {
		if (!first && pos > text.len)
			break;
		const char *nl = pos < text.len ? memchr(text.p + pos, '\n', text.len - pos) : NULL;
		size_t end = nl ? (size_t)(nl - text.p) : text.len;
		struct str line = { text.p + pos, end - pos };
		bool not_last = nl != NULL;
		pos = end + 1;
		first = false;
		if (!linestart) {
			wt_buf_addstr(&out, line);
			linestart = true;
			if (!not_last)
				break;
			continue;
		}
		bool pre_close = false, pre_open = false, open_m = false, close_m = false;
		size_t pl = 0;
		if (!s.in_pre)
			while (pl < line.len &&
			       (line.p[pl] == '*' || line.p[pl] == '#' || line.p[pl] == ':' || line.p[pl] == ';'))
				pl++;
		/* Without a prefix the text is the whole line: one scan answers the tag tests too. */
		if (pl == 0)
			scan_line(line, &pre_open, &pre_close, &open_m, &close_m);
		else
			find_pre(line, &pre_open, &pre_close);
		struct str t;
		if (!s.in_pre) {
			prefix_len = pl;
			if (prefix_len) {
				prefix = arena_strndup(cx->a, line.p, prefix_len);
				char *p2 = arena_strndup(cx->a, line.p, prefix_len);
				for (char *c = p2; *c; c++)
					if (*c == ';')
						*c = ':';
				prefix2 = p2;
			} else {
				prefix = prefix2 = "";
			}
			t = (struct str){ line.p + prefix_len, line.len - prefix_len };
			s.in_pre = pre_open;
		} else {
			prefix_len = 0;
			prefix = prefix2 = "";
			t = line;
		}
		if (prefix_len && strcmp(last_prefix, prefix2) == 0) {
			next_item(&s, prefix[prefix_len - 1]);
			pending_p = NULL;
			if (prefix[prefix_len - 1] == ';') {
				long colon = find_colon(t);
				if (colon >= 0) {
					wt_buf_addstr(&out, wt_trim((struct str){ t.p, (size_t)colon }));
					next_item(&s, ':');
					t = (struct str){ t.p + colon + 1, t.len - (size_t)colon - 1 };
				}
			}
		} else if (prefix_len || last_prefix_len) {
			size_t common = 0;
			while (common < prefix_len && common < last_prefix_len && prefix[common] == last_prefix[common])
				common++;
			pending_p = NULL;
			while (common < last_prefix_len) {
				close_list(&s, last_prefix[last_prefix_len - 1]);
				last_prefix_len--;
			}
			if (prefix_len <= common && common > 0)
				next_item(&s, prefix[common - 1]);
			if (s.dt_open && common > 0 && prefix[common - 1] == ':')
				next_item(&s, ':');
			if (last_prefix[0] && prefix_len > common)
				wt_buf_addc(&out, '\n');
			while (prefix_len > common) {
				char c = prefix[common];
				open_list(&s, c);
				if (c == ';') {
					long colon = find_colon(t);
					if (colon >= 0) {
						wt_buf_addstr(&out, wt_trim((struct str){ t.p, (size_t)colon }));
						next_item(&s, ':');
						t = (struct str){ t.p + colon + 1, t.len - (size_t)colon - 1 };
					}
				}
				common++;
			}
			if (!prefix_len && last_prefix[0])
				wt_buf_addc(&out, '\n');
			last_prefix = prefix2;
			last_prefix_len = prefix_len;
		}
		if (prefix_len == 0) {
			if (open_m || close_m) {
				pending_p = NULL;
				if (!s.in_pre || pre_open)
					close_paragraph(&s, false);
				if (pre_open && !pre_close)
					s.in_pre = true;
				scan_blockquote(t, &in_blockquote);
				in_block_elem = !close_m;
			} else if (!in_block_elem && !s.in_pre) {
				if (t.len && t.p[0] == ' ' && (strcmp(s.last_para, "pre") == 0 || !all_space(t)) &&
				    !in_blockquote) {
					if (strcmp(s.last_para, "pre") != 0) {
						pending_p = NULL;
						close_paragraph(&s, false);
						wt_buf_adds(&out, "<pre>");
						s.last_para = "pre";
					}
					t.p++;
					t.len--;
				} else if (only_style_link(t)) {
					if (pending_p) {
						close_paragraph(&s, false);
						pending_p = NULL;
					}
				} else if (all_space(t)) {
					if (pending_p) {
						wt_buf_adds(&out, pending_p);
						wt_buf_adds(&out, "<br />");
						pending_p = NULL;
						s.last_para = "p";
					} else if (strcmp(s.last_para, "p") != 0) {
						close_paragraph(&s, false);
						pending_p = "<p>";
					} else {
						pending_p = "</p><p>";
					}
				} else if (pending_p) {
					wt_buf_adds(&out, pending_p);
					pending_p = NULL;
					s.last_para = "p";
				} else if (strcmp(s.last_para, "p") != 0) {
					close_paragraph(&s, false);
					wt_buf_adds(&out, "<p>");
					s.last_para = "p";
				}
			}
		}
		if (pre_close && s.in_pre)
			s.in_pre = false;
		if (!pending_p) {
			if (prefix_len == 0) {
				wt_buf_addstr(&out, t);
				if (not_last || s.last_para[0])
					wt_buf_addc(&out, '\n');
			} else {
				wt_buf_addstr(&out, wt_trim(t));
			}
		}
		if (!not_last)
			break;
	}
	while (prefix_len) {
		close_list(&s, prefix2[prefix_len - 1]);
		prefix_len--;
		if (!prefix_len && s.last_para[0])
			wt_buf_addc(&out, '\n');
	}
	close_paragraph(&s, true);
	if (out.is_toobig)
		cx->is_toobig = true;
	return wt_buf_str(&out);
}
