/* SPDX-License-Identifier: MIT */
/*
 * fuzz_format.c — the result tree (src/api/result.c) and the output
 * formats (format_json.c, format_xml.c, format_php.c). The input is a
 * little program that builds a tree: each step is an opcode byte, then
 * length-prefixed strings (one length byte) or 8 raw bytes for numbers.
 * Values may be any bytes: the result tree turns what is not UTF-8 into
 * U+FFFD, whatever path it came by. Keys that are not UTF-8 are skipped:
 * keys are chosen by the code (names, ids, titles), never raw input.
 *
 * The tree is written in formatversion 1 and 2 as JSON (plain, pretty,
 * ASCII-only and UTF-8), XML and PHP. Invariants: the JSON parses (with
 * jansson), the XML is valid UTF-8, and the PHP serialization reads back
 * with the project's own reader (phpser.c).
 */
#include "fuzz.h"

#include <jansson.h>
#include <utf8proc.h>

#include "api/api_int.h"
#include "util/sbuf.h"
#include "wiki/wiki.h"

/* Nesting of objects and arrays the program may open; deeper opens are ignored. */
#define MAX_DEPTH 16

/* The program being read. */
struct prog {
	const uint8_t *p;   /* next byte */
	const uint8_t *end; /* one past the last */
	struct arena *a;    /* where strings go */
};

/* True when the `len` bytes of `s` are valid UTF-8. */
static bool is_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/* A length-prefixed string in the arena, or NULL at the end. */
static const char *take_str(struct prog *pr, size_t *len)
{
	if (pr->p >= pr->end)
		return NULL;
	size_t want = *pr->p++;
	size_t n = MIN(want, (size_t)(pr->end - pr->p));
	const char *s = arena_strndup(pr->a, (const char *)pr->p, n);
	pr->p += n;
	if (len)
		*len = n;
	return s;
}

/* A length-prefixed name (key, element, kvp name): NULL unless valid UTF-8. */
static const char *take_name(struct prog *pr)
{
	const char *s = take_str(pr, NULL);
	return s && is_utf8(s, strlen(s)) ? s : NULL;
}

/* 8 bytes as a number (fewer at the end are zero-padded). */
static uint64_t take_u64(struct prog *pr)
{
	uint64_t v = 0;
	size_t n = MIN((size_t)8, (size_t)(pr->end - pr->p));
	memcpy(&v, pr->p, n);
	pr->p += n;
	return v;
}

/* Run the program; returns the root. */
static struct api_node *build(struct prog *pr)
{
	struct api_node *root = api_result_new(pr->a, 1 << 20);
	struct api_node *stack[MAX_DEPTH] = { root };
	int top = 0;
	while (pr->p < pr->end) {
		unsigned op = *pr->p++ % 12;
		struct api_node *cur = stack[top];
		bool in_array = cur->type == API_N_ARRAY;
		const char *key = in_array ? NULL : take_name(pr);
		if (!in_array && !key)
			continue;
		const char *s;
		size_t len;
		uint64_t u;
		double d;
		switch (op) {
		case 0:
			if ((s = take_str(pr, &len)))
				api_add_strn(cur, key, s, len);
			break;
		case 1:
		case 2:
			if (top + 1 < MAX_DEPTH)
				stack[++top] = op == 1 ? api_add_object(cur, key) : api_add_array(cur, key, take_name(pr));
			break;
		case 3:
			if (top > 0)
				top--;
			break;
		case 4:
			api_add_int(cur, key, (long long)take_u64(pr));
			break;
		case 5:
			u = take_u64(pr);
			memcpy(&d, &u, sizeof(d));
			api_add_float(cur, key, d);
			break;
		case 6:
			u = take_u64(pr);
			api_add_bool(cur, key, u & 1)->flags |= (u & 2) ? API_N_KEEP_BOOL : 0;
			break;
		case 7:
			api_add_null(cur, key);
			break;
		case 8:
			if (!in_array && (s = take_str(pr, &len)))
				api_add_content(cur, s, len);
			break;
		case 9:
			if (cur != root)
				api_node_set_type(cur, (enum api_array_type)(take_u64(pr) % 6), take_name(pr));
			break;
		case 10:
			if (!in_array && key)
				api_node_remove(cur, key);
			break;
		default:
			u = take_u64(pr);
			if ((s = take_str(pr, &len)))
				api_add_strn(cur, key, s, len)->flags |= (unsigned)(u & 31);
			break;
		}
	}
	return root;
}

/* Write `root` as JSON with `o` and check that it parses. */
static void check_json(struct api_node *root, const struct api_format_opts *o, bool pretty)
{
	struct sbuf sb;
	sbuf_init(&sb, 1 << 26);
	api_format_json(root, o, pretty, &sb);
	json_error_t err;
	json_t *j = json_loadb(sbuf_cstr(&sb), sb.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	FUZZ_CHECK(j != NULL, "fv%d%s JSON does not parse (%s at %d): %.300s", o->fv, o->ascii ? " ascii" : "",
		   err.text, err.position, sbuf_cstr(&sb));
	json_decref(j);
	sbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct prog pr = { .p = data, .end = data + size, .a = a };
	struct api_node *root = build(&pr);
	for (int fv = 1; fv <= 2; fv++) {
		struct api_format_opts o = { .fv = fv, .name = "json", .utf8 = true };
		check_json(root, &o, false);
		o.utf8 = false;
		o.ascii = true;
		check_json(root, &o, true);

		struct sbuf sb;
		sbuf_init(&sb, 1 << 26);
		o.name = "xml";
		api_format_xml(root, &o, fv == 2, &sb);
		FUZZ_CHECK(is_utf8(sb.p ? sb.p : "", sb.len), "fv%d XML output is not UTF-8: %.300s", fv, sbuf_cstr(&sb));
		sbuf_clear(&sb);
		o.name = "php";
		api_format_php(root, &o, &sb);
		struct wiki_pvalue v;
		FUZZ_CHECK(wiki_php_unserialize(a, sbuf_cstr(&sb), sb.len, &v) == RC_OK,
			   "fv%d PHP output does not unserialize: %.300s", fv, sbuf_cstr(&sb));
		sbuf_release(&sb);
	}
	arena_free(a);
	return 0;
}
