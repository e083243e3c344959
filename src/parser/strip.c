/* SPDX-License-Identifier: MIT */
/*
 * strip.c — the strip state (MediaWiki's StripState): text that later
 * passes must leave alone is replaced by a marker and put back at the
 * end. Markers are
 *   \x7f'"`UNIQ--<name>-<8 upper-case hex digits>-QINU`"'\x7f
 * and the hex number is the item's index here, so restoring is a scan
 * for \x7f plus an array lookup. Heading markers "-h-<n>-" stand for
 * nothing (general items with empty text, as in MediaWiki).
 *
 * Restored text may hold markers itself; they are restored too, at most
 * WT_STRIP_DEPTH_LIMIT deep and WT_STRIP_SIZE_LIMIT bytes in all, and a
 * marker inside its own text is a loop (an error span, like MediaWiki).
 */
#include <limits.h>
#include <stdio.h>

#include "wt_int.h"

struct str wt_strip_add(struct wt_ctx *cx, enum wt_strip_kind kind, const char *name, struct str text)
{
	cx->strip.items = arena_grow(cx->a, cx->strip.items, cx->strip.n_items, &cx->strip.cap,
				     sizeof(*cx->strip.items));
	size_t idx = cx->strip.n_items++;
	cx->strip.items[idx].kind = kind;
	cx->strip.items[idx].text = text;
	/* WT_MARKER_PREFIX "-%s-%08zX" WT_MARKER_SUFFIX, written without printf (one per tag and nowiki). */
	char hex[2 * sizeof(size_t)];
	size_t nh = 0;
	for (size_t v = idx; v || nh < 8; v >>= 4)
		hex[sizeof(hex) - ++nh] = "0123456789ABCDEF"[v & 15];
	size_t nl = strlen(name);
	size_t len = WT_MARKER_PREFIX_LEN + 1 + nl + 1 + nh + WT_MARKER_SUFFIX_LEN;
	char *m = arena_alloc(cx->a, len + 1);
	char *w = m;
	memcpy(w, WT_MARKER_PREFIX "-", WT_MARKER_PREFIX_LEN + 1);
	w += WT_MARKER_PREFIX_LEN + 1;
	memcpy(w, name, nl);
	w += nl;
	*w++ = '-';
	memcpy(w, hex + sizeof(hex) - nh, nh);
	w += nh;
	memcpy(w, WT_MARKER_SUFFIX, WT_MARKER_SUFFIX_LEN + 1);
	return (struct str){ m, len };
}

/* Characters MediaWiki's marker regex excludes from the key. */
static bool is_key_char(unsigned char c)
{
	return c != 0x7f && c != '<' && c != '>' && c != '&' && c != '\'' && c != '"';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

size_t wt_marker_len(const char *p, size_t n, long *index)
{
	if (n < WT_MARKER_PREFIX_LEN + WT_MARKER_SUFFIX_LEN + 1 ||
	    memcmp(p, WT_MARKER_PREFIX, WT_MARKER_PREFIX_LEN) != 0)
		return 0;
	/*
	 * MediaWiki's key is [^\x7f<>&'"]+ followed by the suffix. The
	 * suffix starts with "-QINU`", which are key characters too: the run
	 * of key characters must end right after it (the regex backtracks).
	 */
	size_t run = WT_MARKER_PREFIX_LEN;
	while (run < n && is_key_char((unsigned char)p[run]))
		run++;
	size_t k = run >= WT_MARKER_PREFIX_LEN + 6 ? run - 6 : WT_MARKER_PREFIX_LEN;
	if (k == WT_MARKER_PREFIX_LEN || n - k < WT_MARKER_SUFFIX_LEN ||
	    memcmp(p + k, WT_MARKER_SUFFIX, WT_MARKER_SUFFIX_LEN) != 0)
		return 0;
	const char *key = p + WT_MARKER_PREFIX_LEN;
	size_t klen = k - WT_MARKER_PREFIX_LEN;
	*index = LONG_MIN;
	if (klen >= 4 && memcmp(key, "-h-", 3) == 0 && key[klen - 1] == '-') {
		long v = 0;
		size_t j = 3;
		for (; j < klen - 1 && key[j] >= '0' && key[j] <= '9' && v < 100000000; j++)
			v = v * 10 + (key[j] - '0');
		if (j == klen - 1 && j > 3)
			*index = -v - 1;
	} else if (klen >= 10 && key[klen - 9] == '-') {
		long v = 0;
		size_t j = klen - 8;
		for (; j < klen; j++) {
			int h = hexval(key[j]);
			if (h < 0)
				break;
			v = v * 16 + h;
		}
		if (j == klen)
			*index = v;
	}
	return k + WT_MARKER_SUFFIX_LEN;
}

/* An error span with interface message `key` (StripState::getWarning). */
static void add_warning(struct wt_ctx *cx, struct wt_buf *b, const char *key, long max)
{
	char num[32];
	snprintf(num, sizeof(num), "%ld", max);
	wt_buf_adds(b, "<span class=\"error\">");
	wt_buf_adds(b, wt_msg(cx, key, num, NULL, NULL));
	wt_buf_adds(b, "</span>");
}

/* Items being restored right now, for the loop check. */
static bool *active_items(struct wt_ctx *cx)
{
	void **slot = wt_slot(cx, "strip:active");
	return *slot;
}

static void unstrip_into(struct wt_ctx *cx, enum wt_strip_kind kind, struct str text, struct wt_buf *b)
{
	size_t start = 0;
	for (size_t i = 0; i < text.len; i++) {
		const char *m = memchr(text.p + i, 0x7f, text.len - i);
		if (!m)
			break;
		i = (size_t)(m - text.p);
		long idx;
		size_t mlen = wt_marker_len(text.p + i, text.len - i, &idx);
		if (!mlen)
			continue;
		bool heading = idx < 0 && idx != LONG_MIN;
		bool ours = idx >= 0 && (size_t)idx < cx->strip.n_items && cx->strip.items[idx].kind == kind;
		if (!(ours || (heading && kind == WT_STRIP_GENERAL))) {
			i += mlen - 1;
			continue;
		}
		wt_buf_add(b, text.p + start, i - start);
		start = i + mlen;
		i += mlen - 1;
		if (heading)
			continue;
		bool *active = active_items(cx);
		struct wt_strip *st = &cx->strip;
		if (active[idx]) {
			wt_buf_adds(b, "<span class=\"error\">");
			wt_buf_adds(b, wt_msg(cx, "parser-unstrip-loop-warning", NULL, NULL, NULL));
			wt_buf_adds(b, "</span>");
			continue;
		}
		if (st->depth > st->highest_depth)
			st->highest_depth = st->depth;
		if (st->depth >= WT_STRIP_DEPTH_LIMIT) {
			wt_out_warning(cx, "unstrip-depth-warning", "20", NULL, NULL);
			add_warning(cx, b, "unstrip-depth-warning", WT_STRIP_DEPTH_LIMIT);
			continue;
		}
		struct str item = st->items[idx].text;
		st->expand_size += item.len;
		if (st->expand_size > WT_STRIP_SIZE_LIMIT) {
			add_warning(cx, b, "unstrip-size-warning", WT_STRIP_SIZE_LIMIT);
			continue;
		}
		if (!memchr(item.p, 0x7f, item.len)) {
			wt_buf_addstr(b, item);
			continue;
		}
		active[idx] = true;
		st->depth++;
		unstrip_into(cx, kind, item, b);
		st->depth--;
		active[idx] = false;
	}
	wt_buf_add(b, text.p + start, text.len - start);
}

struct str wt_unstrip_markers(struct wt_ctx *cx, enum wt_strip_kind kind, struct str text)
{
	/* The loop guard, sized for every item (unstripping adds none). */
	*wt_slot(cx, "strip:active") = arena_calloc(cx->a, cx->strip.n_items + 1, sizeof(bool));
	struct wt_buf b;
	wt_buf_init(&b, cx->a, text.len + 64);
	unstrip_into(cx, kind, text, &b);
	if (b.is_toobig)
		cx->is_toobig = true;
	return wt_buf_str(&b);
}

struct str wt_unstrip_both(struct wt_ctx *cx, struct str text)
{
	text = wt_unstrip(cx, WT_STRIP_GENERAL, text);
	return wt_unstrip(cx, WT_STRIP_NOWIKI, text);
}

struct str wt_kill_markers(struct wt_ctx *cx, struct str text)
{
	if (!memchr(text.p, 0x7f, text.len))
		return text;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, text.len);
	size_t start = 0;
	for (size_t i = 0; i < text.len; i++) {
		const char *m = memchr(text.p + i, 0x7f, text.len - i);
		if (!m)
			break;
		i = (size_t)(m - text.p);
		long idx;
		size_t mlen = wt_marker_len(text.p + i, text.len - i, &idx);
		if (!mlen)
			continue;
		wt_buf_add(&b, text.p + start, i - start);
		start = i + mlen;
		i += mlen - 1;
	}
	wt_buf_add(&b, text.p + start, text.len - start);
	return wt_buf_str(&b);
}
