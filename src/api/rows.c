/* SPDX-License-Identifier: MIT */
/*
 * rows.c — struct api_rows (see api.h): the items of a long list written
 * as format=json text while the module reads its rows, instead of a
 * result node per value that the formatter walks afterwards. A list of
 * 500 changes is about 8000 values; as nodes each cost an allocation, a
 * key lookup and a second pass. The text goes into one buffer hung under
 * the list as an API_N_RAW node, which format_json.c copies as it is.
 *
 * Invariants: the bytes are those put_tree() in format_json.c writes for
 * the same calls made with api_add_*() (strings cleaned of bad UTF-8 as
 * result.c does, the same escapes, formatversion 1's booleans), and the
 * result's size grows by what api_add_*() would add, so continuation
 * happens at the same item. Every other format, and the pretty-printed
 * ones, get the ordinary tree.
 */
#include "format_int.h"

#include "../util/sbuf.h"

/* Bytes a key may hold to be written between quotes as it is (as api_node_set_key()'s API_N_KEY_PLAIN). */
static const bool plain_key_byte[256] = {
	[0x20] = 1, [0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7e] = 1,
};

static void release_json(void *data)
{
	sbuf_release(data);
}

/* Tree mode: the list gets nodes (the key table is never used, so it is not cleared). */
static void start_tree(struct api_rows *w, struct api_node *list)
{
	w->list = list;
	w->res = list->res;
	w->item = NULL;
	w->raw = NULL;
	w->json = NULL;
	w->content = NULL;
}

/* JSON mode for the empty plain list `list`: a text buffer, its cleanup, the holder of api_row_node()'s members. */
static void start_json(struct api_rows *w, struct api_node *list, bool is_fv1, bool is_utf8)
{
	start_tree(w, list);
	w->is_fv1 = is_fv1;
	w->is_utf8 = is_utf8;
	w->has_member = false;
	w->item_at = 0;
	w->expect = 0;
	w->n_keys = 0;
	w->pos = 0;
	memset(w->seq, 0, sizeof(w->seq));
	memset(w->keys, 0, sizeof(w->keys));
	struct arena *a = list->res->arena;
	w->json = arena_alloc(a, sizeof(*w->json));
	/* The answer's own cap (the HTTP body's): text past it could not be sent anyway. */
	sbuf_init(w->json, list->res->max_size ? list->res->max_size * 4 + (1u << 20) : SIZE_MAX / 4);
	arena_on_cleanup(a, release_json, w->json);
	w->item = arena_calloc(a, 1, sizeof(*w->item));
	w->item->type = API_N_OBJECT;
	w->item->res = list->res;
	w->item->parent = list;
}

/* Can the items of `list` be written as text? Only those of an empty plain list. */
static bool is_plain_empty_list(const struct api_node *list)
{
	return list->type == API_N_ARRAY && list->atype == API_ARR_DEFAULT && !list->first;
}

void api_rows_start_for(struct api_rows *w, struct api_node *list, const struct api_format_opts *fo)
{
	if (fo && fo->name && streq(fo->name, "json") && !fo->is_fm && is_plain_empty_list(list))
		start_json(w, list, fo->fv < 2, fo->fv >= 2 ? !fo->ascii : fo->utf8);
	else
		start_tree(w, list);
}

void api_rows_start(struct api_ctx *ctx, struct api_rows *w, struct api_node *list)
{
	api_rows_start_for(w, list, ctx->main ? api_main_of(ctx)->fo : NULL);
}

void api_rows_start_like(struct api_rows *w, struct api_node *list, const struct api_rows *like)
{
	if (!like->json || !is_plain_empty_list(list)) {
		start_tree(w, list);
		return;
	}
	start_json(w, list, like->is_fv1, like->is_utf8);
	/* The keys it has learnt, with their texts (arena strings that outlive both). */
	memcpy(w->keys, like->keys, sizeof(w->keys));
	memcpy(w->seq, like->seq, sizeof(w->seq));
	w->n_keys = like->n_keys;
}

/* Room for `n` more bytes of text: where to write them, or NULL past the cap (is_toobig is set then). */
static inline char *room(struct api_rows *w, size_t n)
{
	struct sbuf *sb = w->json;
	if (!sb->p || sb->cap - sb->len <= n) {
		if (sbuf_reserve(sb, n) != RC_OK)
			return NULL;
	}
	return sb->p + sb->len;
}

/* Close the text at `end` (from room()). */
static inline void done(struct api_rows *w, char *end)
{
	w->json->len = (size_t)(end - w->json->p);
	*end = '\0';
}

/*
 * Write the members api_row_node() collected since the last call, and
 * forget them. formatversion 1 writes a content value last, as "*": it
 * waits in w->content for api_row_end().
 */
static void flush(struct api_rows *w)
{
	struct api_node *h = w->item;
	if (!h->first)
		return;
	if (h->flags & API_N_HAS_KEYLESS)
		BUG("a list item member without a key");
	/* The tree replaces an earlier content value; text already written cannot be. */
	for (const struct api_node *c = h->first; c; c = c->next) {
		if (!(c->flags & API_N_CONTENT))
			continue;
		if (w->has_content)
			BUG("a second content value in one list item");
		w->has_content = true;
	}
	bool first = !w->has_member;
	fmt_json_members(w->json, w->res->arena, h, w->is_utf8, w->is_fv1 ? 1 : 2, &first, &w->content);
	w->has_member = !first;
	h->first = h->last = NULL;
	h->n_children = 0;
}

/* Room the text of a key gets at least, so that it is copied in fixed-size moves (see put_key()). */
#define KEY_TEXT_MIN 24

/* Fill entry `slot` of the key table for `key`: its length and the text ,"key": that starts its member. */
static void learn_key(struct api_rows *w, size_t slot, const char *key)
{
	size_t k = 0;
	bool plain = true;
	for (; key[k]; k++)
		plain &= plain_key_byte[(unsigned char)key[k]];
	w->keys[slot].key = key;
	w->keys[slot].klen = (unsigned)k;
	w->keys[slot].text = NULL;
	w->keys[slot].len = 0;
	if (key[0] == '_')
		return; /* metadata: the formats leave it out */
	struct sbuf t;
	sbuf_init(&t, SIZE_MAX / 4);
	sbuf_addc(&t, ',');
	if (plain) {
		sbuf_addc(&t, '"');
		sbuf_add(&t, key, k);
		sbuf_addc(&t, '"');
	} else {
		fmt_json_string(&t, key, k, w->is_utf8);
	}
	sbuf_addc(&t, ':');
	char *text = arena_alloc(w->res->arena, t.len + KEY_TEXT_MIN);
	memcpy(text, t.p, t.len);
	w->keys[slot].text = text;
	w->keys[slot].len = (unsigned)t.len;
	sbuf_release(&t);
}

/* The entry of the key table for `key`, added when new. */
static size_t find_key(struct api_rows *w, const char *key)
{
	_Static_assert(ARRAY_SIZE(((struct api_rows *)0)->keys) == 32, "the hash below picks one of 32");
	size_t slot = (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL) >> 59);
	while (w->keys[slot].key && w->keys[slot].key != key)
		slot = (slot + 1) % 32;
	if (!w->keys[slot].key) {
		/* A new key; a table three quarters full starts again (a list has a few dozen keys at most). */
		if (++w->n_keys > 24) {
			memset(w->keys, 0, sizeof(w->keys));
			memset(w->seq, 0, sizeof(w->seq));
			w->n_keys = 1;
			slot = (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL) >> 59);
		}
		learn_key(w, slot, key);
	}
	return slot;
}

/*
 * The entry of the key table for `key`, the member at the current
 * position of the item. Items repeat their keys in the same order, so the
 * entry the key at this position had in the item before is tried first.
 */
static inline size_t key_slot(struct api_rows *w, const char *key)
{
	size_t pos = w->pos < ARRAY_SIZE(w->seq) ? w->pos++ : ARRAY_SIZE(w->seq) - 1;
	size_t slot = w->seq[pos];
	if (w->keys[slot].key != key) {
		slot = find_key(w, key);
		w->seq[pos] = (unsigned char)slot;
	}
	return slot;
}

/*
 * Start member `key` (length *klen on return) in the text: the comma,
 * the quoted key and the colon, with room for `vmax` more bytes of its
 * value after them. Returns where the value goes (the text's length is
 * not moved past the key yet: done() does that after the value), or NULL
 * when nothing is to be written: a metadata key (leading '_'), which the
 * formats leave out, or no room.
 */
static inline char *put_key_room(struct api_rows *w, const char *key, size_t vmax, size_t *klen)
{
	size_t slot = key_slot(w, key);
	*klen = w->keys[slot].klen;
	const char *text = w->keys[slot].text;
	if (!text)
		return NULL;
	/* The comma only between members. */
	size_t skip = !w->has_member, n = w->keys[slot].len - skip;
	char *d = room(w, (n > KEY_TEXT_MIN ? n : KEY_TEXT_MIN) + vmax);
	if (!d)
		return NULL;
	if (n <= KEY_TEXT_MIN) {
		/* Three word moves (the text has KEY_TEXT_MIN bytes of room) instead of a call. */
		uint64_t x[3];
		memcpy(x, text + skip, sizeof(x));
		memcpy(d, x, sizeof(x));
	} else {
		memcpy(d, text + skip, n);
	}
	w->has_member = true;
	return d + n;
}

/* The same, the key alone: false when nothing is to be written. */
static inline bool put_key(struct api_rows *w, const char *key, size_t *klen)
{
	char *d = put_key_room(w, key, 0, klen);
	if (!d)
		return false;
	done(w, d);
	return true;
}

void api_rows_expect(struct api_rows *w, long items)
{
	w->expect = items;
}

void api_row_begin(struct api_rows *w)
{
	if (!w->json) {
		w->item = api_add_object(w->list, NULL);
		return;
	}
	if (!w->raw) {
		w->raw = arena_calloc(w->res->arena, 1, sizeof(*w->raw));
		w->raw->type = API_N_RAW;
		w->raw->res = w->res;
		w->raw->v.raw = w->json;
		api_node_append(w->list, w->raw);
	}
	char *d = room(w, 2);
	if (d) {
		if (w->json->len)
			*d++ = ',';
		w->item_at = (size_t)(d - w->json->p);
		*d++ = '{';
		done(w, d);
	}
	w->has_member = false;
	w->has_content = false;
	w->pos = 0;
}

void api_row_strn(struct api_rows *w, const char *key, const char *value, size_t len)
{
	if (!w->json) {
		api_add_strn(w->item, key, value, len);
		return;
	}
	if (w->item->first)
		flush(w);
	if (!value) {
		value = "";
		len = 0;
	}
	size_t plain = fmt_json_plain_len(value, len);
	if (plain < len) {
		/* Bad UTF-8 is cleaned as the tree's strings are; escapes alone need no copy. */
		size_t i = plain;
		while (i < len && !((unsigned char)value[i] & 0x80))
			i++;
		if (i < len)
			value = api_utf8_clean(w->res->arena, value, len, &len);
	}
	size_t klen;
	if (plain == len) {
		/* The usual case: nothing to escape; the key and the value in one reservation. */
		char *d = put_key_room(w, key, len + 2, &klen);
		w->res->size += klen + len;
		if (!d)
			return;
		*d++ = '"';
		memcpy(d, value, len);
		d += len;
		*d++ = '"';
		done(w, d);
		return;
	}
	bool is_written = put_key(w, key, &klen);
	w->res->size += klen + len;
	if (is_written)
		fmt_json_string(w->json, value, len, w->is_utf8);
}

void api_row_str(struct api_rows *w, const char *key, const char *value)
{
	api_row_strn(w, key, value, value ? strlen(value) : 0);
}

void api_row_int(struct api_rows *w, const char *key, long long value)
{
	if (!w->json) {
		api_add_int(w->item, key, value);
		return;
	}
	if (w->item->first)
		flush(w);
	size_t klen;
	char *d = put_key_room(w, key, UTIL_LL_CHARS, &klen);
	w->res->size += klen + 8;
	if (d)
		done(w, d + util_format_ll(value, d));
}

void api_row_bool(struct api_rows *w, const char *key, bool value)
{
	if (!w->json) {
		api_add_bool(w->item, key, value);
		return;
	}
	if (w->item->first)
		flush(w);
	/* formatversion 1: true is "", false is left out. */
	if (w->is_fv1 && !value) {
		w->res->size += w->keys[key_slot(w, key)].klen + 1;
		return;
	}
	size_t klen;
	char *d = put_key_room(w, key, 5, &klen);
	w->res->size += klen + 1;
	if (d) {
		const char *v = w->is_fv1 ? "\"\"" : value ? "true" : "false";
		size_t n = w->is_fv1 ? 2 : value ? 4 : 5;
		memcpy(d, v, n);
		done(w, d + n);
	}
}

struct api_node *api_row_node(struct api_rows *w)
{
	return w->item;
}

void api_row_end(struct api_rows *w)
{
	if (!w->json)
		return;
	flush(w);
	if (w->content) {
		bool first = !w->has_member;
		fmt_json_member(w->json, w->res->arena, w->content, "*", w->is_utf8, 1, &first);
		w->has_member = !first;
		w->content = NULL;
	}
	char *d = room(w, 1);
	if (!d)
		return;
	if (w->has_member) {
		*d++ = '}';
	} else {
		/* No member to show: PHP's empty array, as the tree's empty object is written. */
		w->json->p[w->item_at] = '[';
		*d++ = ']';
	}
	done(w, d);
	/* With the comma before it. */
	w->res->text_size += w->json->len - w->item_at + 1;
	if (w->expect > 1 && w->item_at == 0) {
		/* The first item: room for the expected rest at its size plus a quarter, at once. */
		size_t item = w->json->len - w->item_at + 1;
		if ((size_t)w->expect < (SIZE_MAX / 2) / item)
			sbuf_reserve(w->json, item * (size_t)w->expect + item * (size_t)w->expect / 4);
	}
}
