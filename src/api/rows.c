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
 *
 * The text of an item: each member is written as ,"key":value, the comma
 * first; when the item ends, the first member's comma becomes its '{'
 * (an item without a member is "[]", PHP's empty array). A member costs a
 * few dozen instructions: the key's text is copied from a table
 * (learnt once per list, looked up by the key's position in the item),
 * a string is checked and copied eight bytes at a time, and it is
 * escaped by format_json.c only when some byte needs it.
 */
#include "format_int.h"

#include "../util/sbuf.h"
#include "../util/timestamp.h"
#include "../wiki/wiki.h"

/* Bytes a key may hold to be written between quotes as it is (as api_node_set_key()'s API_N_KEY_PLAIN). */
static const bool plain_key_byte[256] = {
	[0x20] = 1, [0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7e] = 1,
};

static void release_json(void *data)
{
	sbuf_release(data);
}

/* Tree mode: the list gets nodes (the key tables are never used, so they are not cleared). */
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
	w->has_content = false;
	w->has_nodes = false;
	w->item_at = 0;
	w->expect = 0;
	w->first_size = 0;
	w->n_keys = 0;
	w->pos = 0;
	memset(w->at, 0, sizeof(w->at));
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
	memcpy(w->at, like->at, sizeof(w->at));
	w->n_keys = like->n_keys;
	/* Room for a few items like the other list's first, at once. */
	w->first_size = like->first_size;
	if (w->first_size)
		sbuf_reserve(w->json, w->first_size * 4);
}

/* Room for `n` more bytes of text: where to write them, or NULL past the cap (is_toobig is set then). */
static inline char *room(struct api_rows *w, size_t n)
{
	struct sbuf *sb = w->json;
	/* An empty buffer has cap 0, so this also covers p == NULL. */
	if (sb->cap - sb->len <= n) {
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
	w->has_nodes = false;
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
	/* Every member with its comma: the item's first comma becomes its '{' at the end. */
	bool first = false;
	fmt_json_members(w->json, w->res->arena, h, w->is_utf8, w->is_fv1 ? 1 : 2, &first, &w->content);
	h->first = h->last = NULL;
	h->n_children = 0;
}

/* Room the text of a key gets at least, so that it is copied in fixed-size moves (see put_key()). */
#define KEY_TEXT_MIN 24

/* Fill `e` for `key`: its length and the text ,"key": that starts its member. */
static void learn_key(struct api_rows *w, struct api_row_key *e, const char *key)
{
	size_t k = 0;
	bool plain = true;
	for (; key[k]; k++)
		plain &= plain_key_byte[(unsigned char)key[k]];
	e->key = key;
	e->klen = (unsigned)k;
	e->text = NULL;
	e->len = 0;
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
	e->text = text;
	e->len = (unsigned)t.len;
	sbuf_release(&t);
}

/* The entry of the key table for `key`, added when new. */
static const struct api_row_key *find_key(struct api_rows *w, const char *key)
{
	_Static_assert(ARRAY_SIZE(((struct api_rows *)0)->keys) == 32, "the hash below picks one of 32");
	size_t slot = (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL) >> 59);
	while (w->keys[slot].key && w->keys[slot].key != key)
		slot = (slot + 1) % 32;
	if (!w->keys[slot].key) {
		/* A new key; a table three quarters full starts again (a list has a few dozen keys at most). */
		if (++w->n_keys > 24) {
			memset(w->keys, 0, sizeof(w->keys));
			w->n_keys = 1;
			slot = (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL) >> 59);
		}
		learn_key(w, &w->keys[slot], key);
	}
	return &w->keys[slot];
}

/*
 * The key of the member at the current position of the item, `key`.
 * Items repeat their keys in the same order, so the key this position
 * had in the item before is tried first.
 */
static inline const struct api_row_key *member_key(struct api_rows *w, const char *key)
{
	unsigned pos = w->pos < ARRAY_SIZE(w->at) ? w->pos++ : (unsigned)ARRAY_SIZE(w->at) - 1;
	struct api_row_key *e = &w->at[pos];
	if (e->key != key)
		*e = *find_key(w, key);
	return e;
}

/* room() when the buffer must grow first. */
static char *room_slow(struct api_rows *w, size_t n)
{
	if (sbuf_reserve(w->json, n) != RC_OK)
		return NULL;
	return w->json->p + w->json->len;
}

/*
 * Start the member of key `e` in the text: its ,"key": with room for
 * `vmax` more bytes of its value after it. Returns where the value goes
 * (the text's length is not moved past the key yet: done() does that
 * after the value), or NULL when nothing is to be written: a metadata
 * key (leading '_'), which the formats leave out, or no room.
 */
static inline char *put_key(struct api_rows *w, const struct api_row_key *e, size_t vmax)
{
	/* Everything read before the first byte is written (a char store could alias any of it). */
	const char *text = e->text;
	size_t len = e->len;
	struct sbuf *sb = w->json;
	if (!text)
		return NULL;
	char *d;
	if (sb->cap - sb->len > len + KEY_TEXT_MIN + vmax)
		d = sb->p + sb->len;
	else if (!(d = room_slow(w, len + KEY_TEXT_MIN + vmax)))
		return NULL;
	/* A fixed-size copy (the text has KEY_TEXT_MIN bytes of room) instead of a call. */
	if (len <= KEY_TEXT_MIN)
		memcpy(d, text, KEY_TEXT_MIN);
	else
		memcpy(d, text, len);
	return d + len;
}

/* True when none of the 8 bytes of `x` needs escaping (as format_json.c's plain8()). */
static inline bool plain8(uint64_t x)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
	uint64_t quote = x ^ (ones * '"'), bslash = x ^ (ones * '\\');
	uint64_t bad = (x - ones * 0x20) | ((quote - ones) & ~quote) | ((bslash - ones) & ~bslash) | x;
	return (bad & high) == 0;
}

/* The same for 4 bytes. */
static inline bool plain4(uint32_t x)
{
	const uint32_t ones = 0x01010101u, high = 0x80808080u;
	uint32_t quote = x ^ (ones * '"'), bslash = x ^ (ones * '\\');
	uint32_t bad = (x - ones * 0x20) | ((quote - ones) & ~quote) | ((bslash - ones) & ~bslash) | x;
	return (bad & high) == 0;
}

/* Bytes a JSON string holds as they are: printable ASCII but '"' and '\\' (as format_json.c's json_plain[]). */
static const bool json_plain[256] = {
	[0x20] = 1, [0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7e] = 1, [0x7f] = 1,
};

/* 0x01 in each byte of `x` that is `c`, 0 in the others (exact: no borrow crosses bytes). */
static inline uint64_t bytes_eq(uint64_t x, unsigned char c)
{
	const uint64_t low7 = UINT64_C(0x7f7f7f7f7f7f7f7f);
	uint64_t y = x ^ (UINT64_C(0x0101010101010101) * c);
	return (~(((y & low7) + low7) | y | low7)) >> 7;
}

/*
 * Copy s[0..len) to `d` when a JSON string holds every byte as it is,
 * with each '_' made a space when `is_title`. Returns the end of the
 * copy, or NULL (with some bytes written) when a byte needs escaping or
 * is not ASCII. `d` has room for `len` bytes.
 */
/* Inlined where it is used, for the constant `is_title` and so that the fast paths call nothing. */
static inline __attribute__((always_inline)) char *put_plain(char *d, const char *s, size_t len, bool is_title)
{
	/* '_' ^ ' ': the bits that make an underscore a space. */
	const uint64_t to_space = '_' ^ ' ';
	if (len >= 8) {
		uint64_t x;
		size_t i = 0;
		for (; i + 8 <= len; i += 8) {
			memcpy(&x, s + i, 8);
			if (!plain8(x))
				return NULL;
			if (is_title)
				x ^= bytes_eq(x, '_') * to_space;
			memcpy(d + i, &x, 8);
		}
		if (i < len) {
			/* The last eight bytes, overlapping what was copied (spaces are not underscores). */
			memcpy(&x, s + len - 8, 8);
			if (!plain8(x))
				return NULL;
			if (is_title)
				x ^= bytes_eq(x, '_') * to_space;
			memcpy(d + len - 8, &x, 8);
		}
		return d + len;
	}
	if (len >= 4) {
		/* The first and the last four bytes, overlapping. */
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		if (!plain4(a) || !plain4(b))
			return NULL;
		if (is_title) {
			a ^= (uint32_t)(bytes_eq(a, '_') * to_space);
			b ^= (uint32_t)(bytes_eq(b, '_') * to_space);
		}
		memcpy(d, &a, 4);
		memcpy(d + len - 4, &b, 4);
		return d + len;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!json_plain[c])
			return NULL;
		d[i] = (char)(is_title && c == '_' ? ' ' : c);
	}
	return d + len;
}

/*
 * The member of key `e` (already taken from the item's positions) with
 * the string value[0..len) that may need escapes or cleaning: bad UTF-8,
 * controls and text not in NFC are cleaned as the tree's strings are.
 */
static void put_str_slow(struct api_rows *w, const struct api_row_key *e, const char *value, size_t len)
{
	size_t plain = fmt_json_plain_len(value, len);
	size_t i = plain;
	/* ASCII but the C0 controls api_utf8_clean() replaces needs no cleaning */
	for (unsigned char c; i < len && (c = (unsigned char)value[i]) < 0x80 &&
			      (c >= 0x20 || c == '\t' || c == '\n' || c == '\r');)
		i++;
	if (i < len)
		value = api_utf8_clean(w->res->arena, value, len, &len);
	w->res->size += e->klen + len;
	char *d = put_key(w, e, 0);
	if (!d)
		return;
	done(w, d);
	fmt_json_string(w->json, value, len, w->is_utf8);
}

void api_rows_expect(struct api_rows *w, long items)
{
	w->expect = items;
}

void api_row_begin(struct api_rows *w)
{
	if (!w->json) {
		w->item = api_add_object(w->list, NULL);
		if (w->assoc)
			api_node_set_type(w->item, API_ARR_ASSOC, NULL);
		return;
	}
	if (!w->raw) {
		w->raw = arena_calloc(w->res->arena, 1, sizeof(*w->raw));
		w->raw->type = API_N_RAW;
		w->raw->res = w->res;
		w->raw->v.raw = w->json;
		api_node_append(w->list, w->raw);
	}
	char *d = room(w, 3);
	if (d) {
		if (w->json->len)
			*d++ = ',';
		w->item_at = (size_t)(d - w->json->p);
		done(w, d);
	}
	w->has_content = false;
	w->pos = 0;
}

/*
 * The fast path of a member, which calls nothing: the key at this
 * position is the one the item before had there, its text fits
 * KEY_TEXT_MIN bytes, and there is room for it and `vmax` more bytes.
 * Returns where the value goes (after the key's text, copied), or NULL
 * when the general path must be taken; then nothing has changed but
 * bytes past the end of the text. fast_done() finishes the member.
 */
static inline char *fast_key(struct api_rows *w, const char *key, size_t vmax)
{
	struct sbuf *sb = w->json;
	unsigned pos = w->pos;
	if (!sb || w->has_nodes || pos >= ARRAY_SIZE(w->at))
		return NULL;
	const struct api_row_key *e = &w->at[pos];
	const char *text = e->text;
	size_t len = e->len;
	if (e->key != key || !text || len > KEY_TEXT_MIN || sb->cap - sb->len <= KEY_TEXT_MIN + vmax)
		return NULL;
	char *d = sb->p + sb->len;
	memcpy(d, text, KEY_TEXT_MIN);
	return d + len;
}

/* The member of the fast path ends at `end`: the text and the result (by the key and `vsize`) grow. */
static inline void fast_done(struct api_rows *w, char *end, size_t vsize)
{
	const struct api_row_key *e = &w->at[w->pos++];
	w->res->size += e->klen + vsize;
	w->json->len = (size_t)(end - w->json->p);
	*end = '\0';
}

/*
 * The general paths of the members: the tree, members of api_row_node()
 * to write first, a key new at this position, a long or metadata key, a
 * buffer to grow, a string to escape. Not inlined, so that the fast
 * paths save no registers.
 */
static __attribute__((noinline)) void strn_slow(struct api_rows *w, const char *key, const char *value, size_t len)
{
	if (!w->json) {
		api_add_strn(w->item, key, value, len);
		return;
	}
	if (w->has_nodes)
		flush(w);
	if (!value) {
		value = "";
		len = 0;
	}
	const struct api_row_key *e = member_key(w, key);
	if (e->text) {
		char *d = put_key(w, e, len + 2);
		if (d) {
			*d++ = '"';
			char *end = put_plain(d, value, len, false);
			if (end) {
				*end++ = '"';
				done(w, end);
				w->res->size += e->klen + len;
				return;
			}
		}
	}
	put_str_slow(w, e, value, len);
}

void api_row_strn(struct api_rows *w, const char *key, const char *value, size_t len)
{
	char *d;
	if (value && len <= 256 && (d = fast_key(w, key, len + 2))) {
		*d++ = '"';
		char *end = put_plain(d, value, len, false);
		if (end) {
			*end++ = '"';
			fast_done(w, end, len);
			return;
		}
	}
	strn_slow(w, key, value, len);
}

void api_row_str(struct api_rows *w, const char *key, const char *value)
{
	api_row_strn(w, key, value, value ? strlen(value) : 0);
}

static __attribute__((noinline)) void title_slow(struct api_rows *w, const char *key, int ns, const char *dbkey)
{
	if (!w->json || ns != 0 || !dbkey) {
		api_row_str(w, key, wiki_title_prefixed(w->res->arena, ns, dbkey));
		return;
	}
	/* The main namespace: the title is the key with spaces for underscores, made while it is copied. */
	if (w->has_nodes)
		flush(w);
	size_t len = strlen(dbkey);
	const struct api_row_key *e = member_key(w, key);
	if (e->text) {
		char *d = put_key(w, e, len + 2);
		if (d) {
			*d++ = '"';
			char *end = put_plain(d, dbkey, len, true);
			if (end) {
				*end++ = '"';
				done(w, end);
				w->res->size += e->klen + len;
				return;
			}
		}
	}
	put_str_slow(w, e, wiki_title_prefixed(w->res->arena, 0, dbkey), len);
}

void api_row_title(struct api_rows *w, const char *key, int ns, const char *dbkey)
{
	if (ns == 0 && dbkey) {
		size_t len = strlen(dbkey);
		char *d;
		if (len <= 256 && (d = fast_key(w, key, len + 2))) {
			*d++ = '"';
			char *end = put_plain(d, dbkey, len, true);
			if (end) {
				*end++ = '"';
				fast_done(w, end, len);
				return;
			}
		}
	}
	title_slow(w, key, ns, dbkey);
}

/* True when the 8 bytes of `x` are all ASCII digits. */
static inline bool digits8(uint64_t x)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
	/* A byte under '0' borrows (and so sets a high bit), one over '9' carries into its high bit. */
	return (((x - ones * '0') | (x + ones * (0x80 - 0x3a)) | x) & high) == 0;
}

/* Write `ts`, 14 digits, as "YYYY-MM-DDTHH:MM:SSZ" in quotes at `d`; returns the end. */
static inline char *put_iso(char *d, const char *ts)
{
	d[0] = '"';
	ts_mw_to_iso(ts, d + 1);
	d[21] = '"';
	return d + 22;
}

static __attribute__((noinline)) void timestamp_slow(struct api_rows *w, const char *key, const char *ts, bool is_ts)
{
	if (!w->json || !is_ts) {
		const char *iso = is_ts ? wiki_timestamp_iso(w->res->arena, ts) : NULL;
		api_row_str(w, key, iso ? iso : ts);
		return;
	}
	if (w->has_nodes)
		flush(w);
	const struct api_row_key *e = member_key(w, key);
	w->res->size += e->klen + 20;
	char *d = put_key(w, e, 22);
	if (d)
		done(w, put_iso(d, ts));
}

void api_row_timestamp(struct api_rows *w, const char *key, const char *ts)
{
	uint64_t a, b;
	/* Exactly 14 digits: bytes 0-7 and 6-13 (read only once the NUL is known to be at 14). */
	bool is_ts = ts && strnlen(ts, 15) == 14 &&
		     (memcpy(&a, ts, 8), memcpy(&b, ts + 6, 8), digits8(a) && digits8(b));
	char *d;
	if (is_ts && (d = fast_key(w, key, 22))) {
		fast_done(w, put_iso(d, ts), 20);
		return;
	}
	timestamp_slow(w, key, ts, is_ts);
}

static __attribute__((noinline)) void int_slow(struct api_rows *w, const char *key, long long value)
{
	if (!w->json) {
		api_add_int(w->item, key, value);
		return;
	}
	if (w->has_nodes)
		flush(w);
	const struct api_row_key *e = member_key(w, key);
	w->res->size += e->klen + 8;
	char *d = put_key(w, e, UTIL_LL_CHARS);
	if (d)
		done(w, util_put_ll(d, value));
}

void api_row_int(struct api_rows *w, const char *key, long long value)
{
	char *d = fast_key(w, key, UTIL_LL_CHARS);
	if (d)
		fast_done(w, util_put_ll(d, value), 8);
	else
		int_slow(w, key, value);
}

static __attribute__((noinline)) void bool_slow(struct api_rows *w, const char *key, bool value)
{
	if (!w->json) {
		api_add_bool(w->item, key, value);
		return;
	}
	if (w->has_nodes)
		flush(w);
	const struct api_row_key *e = member_key(w, key);
	w->res->size += e->klen + 1;
	/* formatversion 1: true is "", false is left out. */
	if (w->is_fv1 && !value)
		return;
	char *d = put_key(w, e, 5);
	if (d) {
		const char *v = w->is_fv1 ? "\"\"" : value ? "true" : "false";
		size_t n = w->is_fv1 ? 2 : value ? 4 : 5;
		memcpy(d, v, n);
		done(w, d + n);
	}
}

void api_row_bool(struct api_rows *w, const char *key, bool value)
{
	unsigned pos = w->pos;
	if (w->json && w->is_fv1 && !value && !w->has_nodes && pos < ARRAY_SIZE(w->at) && w->at[pos].key == key) {
		/* formatversion 1 leaves false out: the result grows all the same. */
		w->pos = pos + 1;
		w->res->size += w->at[pos].klen + 1;
		return;
	}
	char *d = fast_key(w, key, 5);
	if (!d) {
		bool_slow(w, key, value);
		return;
	}
	/* "" in formatversion 1 (true), else true or false; five bytes of room. */
	if (w->is_fv1) {
		memcpy(d, "\"\"", 2);
		d += 2;
	} else if (value) {
		memcpy(d, "true", 4);
		d += 4;
	} else {
		memcpy(d, "false", 5);
		d += 5;
	}
	fast_done(w, d, 1);
}

struct api_node *api_row_node(struct api_rows *w)
{
	w->has_nodes = w->json != NULL;
	return w->item;
}

void api_row_end(struct api_rows *w)
{
	if (!w->json)
		return;
	if (w->has_nodes)
		flush(w);
	if (w->content) {
		bool first = false;
		fmt_json_member(w->json, w->res->arena, w->content, "*", w->is_utf8, 1, &first);
		w->content = NULL;
	}
	char *d = room(w, 2);
	if (!d)
		return;
	if (w->json->len > w->item_at) {
		/* The first member's comma opens the item. */
		w->json->p[w->item_at] = '{';
		*d++ = '}';
	} else if (w->assoc) {
		*d++ = '{';
		*d++ = '}';
	} else {
		/* No member to show: PHP's empty array, as the tree's empty object is written. */
		*d++ = '[';
		*d++ = ']';
	}
	done(w, d);
	/* With the comma before it. */
	w->res->text_size += w->json->len - w->item_at + 1;
	if (w->item_at == 0) {
		/*
		 * The first item: room for the expected rest at its size plus a
		 * quarter, at once; without an expectation (the lists inside the
		 * items of another) for 16 such items, instead of a buffer that
		 * doubles from 64 bytes.
		 */
		size_t item = w->json->len - w->item_at + 1;
		w->first_size = item;
		size_t n = w->expect > 1 ? (size_t)w->expect + (size_t)w->expect / 4 : 16;
		if (n < (SIZE_MAX / 2) / item)
			sbuf_reserve(w->json, item * n);
	}
}
