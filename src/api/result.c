/* SPDX-License-Identifier: MIT */
/*
 * result.c — the arena-backed result tree (see api.h). Nodes are never
 * freed one by one; removing a member only unlinks it. Scalar bytes are
 * counted against the result's soft cap so list modules can stop and
 * hand out a continuation (MediaWiki's $wgAPIMaxResultSize).
 */
#include "api.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <utf8proc.h>

#include "api_int.h"

struct api_node *api_result_new(struct arena *arena, size_t max_size)
{
	struct api_result *res = arena_calloc(arena, 1, sizeof(*res));
	res->arena = arena;
	res->max_size = max_size;
	struct api_node *root = arena_calloc(arena, 1, sizeof(*root));
	root->type = API_N_OBJECT;
	root->res = res;
	return root;
}

void api_node_set_key(struct api_node *node, const char *key)
{
	/* Bytes a JSON or XML writer copies into a key as they are. */
	static const bool plain_byte[256] = {
		[0x20] = 1, [0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7e] = 1,
	};
	node->key = key;
	node->flags &= ~(unsigned)(API_N_KEY_META | API_N_KEY_PLAIN);
	node->key_len = 0;
	if (!key)
		return;
	size_t len = strlen(key), i = 0;
	while (i < len && plain_byte[(unsigned char)key[i]])
		i++;
	node->key_len = (unsigned)len;
	node->flags |= (i == len ? API_N_KEY_PLAIN : 0) | (key[0] == '_' ? API_N_KEY_META : 0);
}

/*
 * Append a new node of `type` under `parent` with `key`. Every field is
 * set here rather than by zeroing the node first: long lists add tens of
 * thousands of nodes per request.
 */
static struct api_node *add(struct api_node *parent, const char *key, enum api_node_type type)
{
	if (parent->type != API_N_OBJECT && parent->type != API_N_ARRAY)
		BUG("adding '%s' to a scalar node", key ? key : "(item)");
	struct api_node *n = arena_alloc(parent->res->arena, sizeof(*n));
	*n = (struct api_node){ .type = type, .res = parent->res, .parent = parent };
	/* A key's length and flags, from the cache when this address was seen in this request. */
	struct api_result *res = parent->res;
	_Static_assert(ARRAY_SIZE(((struct api_result *)0)->key_cache) == 128, "the hash below picks one of 128");
	size_t slot = (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL) >> 57);
	if (key && res->key_cache[slot].key == key) {
		n->key = key;
		n->key_len = res->key_cache[slot].len;
		n->flags = res->key_cache[slot].flags;
	} else {
		api_node_set_key(n, key);
		res->key_cache[slot].key = key;
		res->key_cache[slot].len = n->key_len;
		res->key_cache[slot].flags = n->flags;
	}
	api_node_append(parent, n);
	parent->res->size += n->key_len;
	return n;
}

void api_node_append(struct api_node *parent, struct api_node *child)
{
	child->parent = parent;
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
	parent->n_children++;
	if (!child->key)
		parent->flags |= API_N_HAS_KEYLESS;
}

void api_node_prepend(struct api_node *parent, struct api_node *child)
{
	child->parent = parent;
	child->next = parent->first;
	parent->first = child;
	if (!parent->last)
		parent->last = child;
	parent->n_children++;
	if (!child->key)
		parent->flags |= API_N_HAS_KEYLESS;
}

struct api_node *api_add_object(struct api_node *parent, const char *key)
{
	return add(parent, key, API_N_OBJECT);
}

struct api_node *api_add_array(struct api_node *parent, const char *key, const char *element)
{
	struct api_node *n = add(parent, key, API_N_ARRAY);
	n->element = element;
	return n;
}

/* Length of the valid UTF-8 sequence at s[0..len) with its code point in *cp, or 0 when it is not one. */
static size_t utf8_seq(const char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
	*cp = c;
	return n > 0 ? (size_t)n : 0;
}

/*
 * One bit per BMP code point from U+0300 on: set when a text holding it
 * may not be in NFC as it stands (NFC_QC No or Maybe, or a combining
 * class that asks for reordering): a combining mark, a character that can
 * be the second of a composition (Hangul vowels and trailing consonants
 * among them), or one whose NFC is another text (singletons such as
 * U+212B, composition exclusions). Built once from utf8proc's tables.
 */
static uint64_t nfc_attn[0x10000 / 64];
static pthread_once_t nfc_attn_once = PTHREAD_ONCE_INIT;

static bool nfc_attn_compute(int32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	if (p->combining_class || p->comp_exclusion || (p->comb_index != UINT16_MAX && (p->comb_index & 0x8000)))
		return true;
	if ((cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11a8 && cp <= 0x11c2))
		return true; /* composed with a Hangul syllable algorithmically */
	if (p->decomp_type == 0 && p->decomp_seqindex != UINT16_MAX) {
		/* a canonical decomposition: NFC keeps only primary composites */
		utf8proc_uint8_t in[4], *out = NULL;
		utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
		utf8proc_ssize_t m = utf8proc_map(in, n, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		bool same = m == n && memcmp(in, out, (size_t)n) == 0;
		xfree(out);
		return !same;
	}
	return false;
}

static void nfc_attn_build(void)
{
	for (int32_t cp = 0x300; cp < 0x10000; cp++)
		if (!(cp >= 0xd800 && cp <= 0xdfff) && nfc_attn_compute(cp))
			nfc_attn[cp / 64] |= 1ULL << (cp % 64);
}

/* True when a text holding `cp` may change under NFC (see nfc_attn). */
static bool nfc_attention(int32_t cp)
{
	if (cp < 0x300)
		return false;
	if (cp >= 0x10000)
		return nfc_attn_compute(cp);
	pthread_once(&nfc_attn_once, nfc_attn_build);
	return (nfc_attn[cp / 64] >> (cp % 64)) & 1;
}

/* C0 controls other than tab, LF and CR: what UtfNormal's cleanUp() replaces. */
static bool is_bad_control(int32_t c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

/*
 * Copy `len` bytes of `s` into `a` as MediaWiki's ApiResult cleans values
 * (Language::normalize, UtfNormal\Validator::cleanUp): each byte that does
 * not start a valid UTF-8 sequence (overlong forms and surrogates
 * included), each C0 control but tab, LF and CR, and U+FFFE and U+FFFF
 * become U+FFFD, and the text is put in NFC, so no output format can be
 * made invalid by the data (found by fuzz_format) and a decomposed
 * character the parser decoded from references ("e&#x301;" in an
 * attribute) is composed as on MediaWiki. Sets *out_len.
 */
char *api_utf8_clean(struct arena *a, const char *s, size_t len, size_t *out_len)
{
	size_t i = 0, n;
	int32_t cp;
	bool nfc = false;
	for (; i < len; i += n) {
		/* ASCII with no byte below 0x20 goes eight bytes at a time (tab, LF and CR one by one below). */
		uint64_t word;
		if (i + 8 <= len) {
			memcpy(&word, s + i, 8);
			if (!((word | ((word - 0x2020202020202020ULL) & ~word)) & 0x8080808080808080ULL)) {
				n = 8;
				continue;
			}
		}
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (is_bad_control(c))
				break;
			n = 1;
			continue;
		}
		n = utf8_seq(s + i, len - i, &cp);
		if (!n || cp == 0xfffe || cp == 0xffff)
			break;
		if (!nfc && nfc_attention(cp))
			nfc = true;
	}
	*out_len = len;
	if (i == len && !nfc)
		return arena_strndup(a, s, len);
	/* A bad byte (1) becomes 3 bytes. */
	char *c = arena_alloc(a, len * 3 + 1);
	size_t o = i;
	memcpy(c, s, i);
	while (i < len) {
		n = (unsigned char)s[i] < 0x80 ? 1 : utf8_seq(s + i, len - i, &cp);
		if (n == 1)
			cp = (unsigned char)s[i];
		if (n && !is_bad_control(cp) && cp != 0xfffe && cp != 0xffff) {
			if (!nfc && nfc_attention(cp))
				nfc = true;
			memcpy(c + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(c + o, "\xef\xbf\xbd", 3);
			o += 3;
			i += n ? n : 1;
		}
	}
	c[o] = '\0';
	*out_len = o;
	if (nfc) {
		utf8proc_uint8_t *m = NULL;
		utf8proc_ssize_t ml = utf8proc_map((const utf8proc_uint8_t *)c, (utf8proc_ssize_t)o, &m,
						   UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		if (ml >= 0) {
			c = arena_strndup(a, (const char *)m, (size_t)ml);
			*out_len = (size_t)ml;
		}
		xfree(m);
	}
	return c;
}

struct api_node *api_add_strn(struct api_node *parent, const char *key, const char *value, size_t len)
{
	struct api_node *n = add(parent, key, API_N_STRING);
	n->v.str.s = api_utf8_clean(parent->res->arena, value ? value : "", value ? len : 0, &n->v.str.len);
	parent->res->size += n->v.str.len;
	return n;
}

struct api_node *api_add_str(struct api_node *parent, const char *key, const char *value)
{
	return api_add_strn(parent, key, value, value ? strlen(value) : 0);
}

struct api_node *api_add_strf(struct api_node *parent, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(parent->res->arena, fmt, ap);
	va_end(ap);
	return api_add_str(parent, key, s);
}

struct api_node *api_add_int(struct api_node *parent, const char *key, long long value)
{
	struct api_node *n = add(parent, key, API_N_INT);
	n->v.i = value;
	parent->res->size += 8;
	return n;
}

struct api_node *api_add_float(struct api_node *parent, const char *key, double value)
{
	struct api_node *n = add(parent, key, API_N_FLOAT);
	n->v.d = value;
	parent->res->size += 8;
	return n;
}

struct api_node *api_add_bool(struct api_node *parent, const char *key, bool value)
{
	struct api_node *n = add(parent, key, API_N_BOOL);
	n->v.b = value;
	parent->res->size += 1;
	return n;
}

struct api_node *api_add_null(struct api_node *parent, const char *key)
{
	return add(parent, key, API_N_NULL);
}

struct api_node *api_add_content_as(struct api_node *parent, const char *key, const char *value,
				    size_t len)
{
	for (struct api_node *c = parent->first; c; c = c->next) {
		if (c->flags & API_N_CONTENT) {
			api_node_unlink(c);
			break;
		}
	}
	struct api_node *n = api_add_strn(parent, key, value, len);
	n->flags |= API_N_CONTENT;
	return n;
}

struct api_node *api_add_content(struct api_node *parent, const char *value, size_t len)
{
	return api_add_content_as(parent, "content", value, len);
}

struct api_node *api_node_get(const struct api_node *parent, const char *key)
{
	if (!parent || (parent->type != API_N_OBJECT && parent->type != API_N_ARRAY))
		return NULL;
	for (struct api_node *c = parent->first; c; c = c->next)
		if (c->key && strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

struct api_node *api_node_object(struct api_node *parent, const char *key)
{
	struct api_node *n = api_node_get(parent, key);
	if (n && (n->type == API_N_OBJECT || n->type == API_N_ARRAY))
		return n;
	if (n)
		api_node_unlink(n);
	return api_add_object(parent, key);
}

void api_node_unlink(struct api_node *child)
{
	struct api_node *parent = child->parent;
	if (!parent)
		return;
	struct api_node *prev = NULL;
	for (struct api_node *c = parent->first; c; prev = c, c = c->next) {
		if (c != child)
			continue;
		if (prev)
			prev->next = c->next;
		else
			parent->first = c->next;
		if (parent->last == c)
			parent->last = prev;
		parent->n_children--;
		break;
	}
	child->parent = NULL;
	child->next = NULL;
}

void api_node_remove(struct api_node *parent, const char *key)
{
	struct api_node *n = api_node_get(parent, key);
	if (n)
		api_node_unlink(n);
}

struct api_node *api_node_set_type(struct api_node *node, enum api_array_type t, const char *kvp_name)
{
	node->atype = t;
	node->kvp_name = kvp_name;
	return node;
}

struct api_node *api_node_set_element(struct api_node *node, const char *element)
{
	node->element = element;
	return node;
}

bool api_result_full(const struct api_ctx *ctx)
{
	const struct api_result *res = ctx->result->res;
	return res->max_size && res->size > res->max_size;
}

bool api_list_has(const struct api_list *list, const char *value)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i], value) == 0)
			return true;
	return false;
}
