/* SPDX-License-Identifier: MIT */
/*
 * section.c — sections of wikitext as MediaWiki's Parser::extractSections()
 * and getFlatSectionInfo() find them: the <h> nodes at the top level of
 * the preprocessor's tree. Every tree node points into the text, so a
 * heading's position is the position of its first '='; a section is the
 * byte range from its heading to the next heading of the same or a
 * higher level (MediaWiki rebuilds the same text by expanding the nodes
 * as written).
 */
#include "wt_int.h"

/* Offset of a top-level heading node in the text. */
static size_t h_offset(const struct wt_node *h, const char *text)
{
	return (size_t)(h->first->p - text);
}

int wt_section_find(struct arena *a, const char *text, size_t len, long n, bool transcluded, size_t *start,
		    size_t *end)
{
	if (len == 0) {
		*start = *end = 0;
		return n == 0 ? RC_OK : RC_NOTFOUND;
	}
	struct wt_node *root = wt_preprocess_tree(a, NULL, text, len, transcluded ? WT_PP_FOR_INCLUSION : 0);
	const struct wt_node *node = root->first;
	int target;
	if (n == 0) {
		target = 1000;
		*start = 0;
	} else {
		while (node && !(node->type == WT_N_H && node->i == n))
			node = node->next;
		if (!node)
			return RC_NOTFOUND;
		target = node->n;
		*start = h_offset(node, text);
	}
	*end = len;
	for (; node; node = node->next) {
		if (node->type == WT_N_H && node->i != n && node->n <= target) {
			*end = h_offset(node, text);
			break;
		}
	}
	return RC_OK;
}

struct wt_heading *wt_section_list(struct arena *a, const char *text, size_t len, size_t *n)
{
	struct wt_node *root = wt_preprocess_tree(a, NULL, text, len, 0);
	struct wt_heading *hs = NULL;
	size_t cnt = 0, cap = 0;
	for (const struct wt_node *node = root->first; node; node = node->next) {
		if (node->type != WT_N_H)
			continue;
		size_t off = h_offset(node, text);
		const char *nl = memchr(text + off, '\n', len - off);
		hs = arena_grow(a, hs, cnt, &cap, sizeof(*hs));
		hs[cnt++] = (struct wt_heading){ node->i, node->n, off, nl ? (size_t)(nl - text) - off : len - off };
	}
	*n = cnt;
	return hs;
}
