/* SPDX-License-Identifier: MIT */
/*
 * comment.c — rows of the `comment` table: edit summaries and log
 * reasons, stored once per distinct text and shared by revisions, log
 * entries and recent changes. A row is found by a 32-bit hash of its
 * text (FNV-1a, stored signed so it fits every backend's INTEGER) plus
 * the text itself, since different texts may share a hash.
 */
#include "wiki.h"

#include <string.h>

#include "../store/store.h"

/* FNV-1a over the bytes of `text`, as a signed 32-bit value. */
static int64_t comment_hash(const char *text)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		h = (h ^ *p) * 16777619u;
	return (int32_t)h;
}

/*
 * CommentStore's limit: a comment of more than 500 characters is cut to
 * 497, trailing whitespace dropped, and "..." added (the content
 * language's ellipsis), as Language::truncateForVisual(). Returns `text`
 * itself when it fits, else `buf` (at least COMMENT_BUF bytes).
 */
#define COMMENT_CHARS 500
#define COMMENT_BUF (4 * COMMENT_CHARS + 4)
static const char *comment_truncate(const char *text, char *buf)
{
	size_t chars = 0, cut = 0;
	for (const char *p = text; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		if (chars == COMMENT_CHARS - 3)
			cut = (size_t)(p - text);
		chars++;
	}
	if (chars <= COMMENT_CHARS)
		return text;
	while (cut && strchr(" \t\n\r\v", text[cut - 1]))
		cut--;
	memcpy(buf, text, cut);
	memcpy(buf + cut, "...", 4);
	return buf;
}

int wiki_comment_id(struct store *st, const char *text, int64_t *id)
{
	char buf[COMMENT_BUF];
	text = comment_truncate(text, buf);
	if (store_memo_get(st, STORE_MEMO_COMMENT, text, id))
		return RC_OK;
	int64_t hash = comment_hash(text);
	int rc = store_query_int(st, id, "SELECT comment_id FROM comment WHERE comment_hash = ?"
					 " AND comment_text = ? LIMIT 1", "it", hash, text);
	if (rc == RC_OK)
		store_memo_put(st, STORE_MEMO_COMMENT, text, *id);
	if (rc != RC_NOTFOUND)
		return rc;
	store_memo_added(st);
	rc = store_run(st, "INSERT INTO comment (comment_hash, comment_text) VALUES (?, ?)", "it", hash, text);
	if (rc == RC_OK)
		*id = store_last_id(st);
	return rc;
}
