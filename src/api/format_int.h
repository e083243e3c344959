/* SPDX-License-Identifier: MIT */
/*
 * format_int.h — private to the formatters (format*.c). The result tree
 * carries MediaWiki's ApiResult metadata (array types, content values,
 * BC booleans); JSON and PHP output first turn it into a "plain" tree
 * (format.c) in which every OBJECT is written as an object/associative
 * array and every ARRAY as a list, with the formatversion's
 * transformations already applied. XML walks the original tree itself
 * (format_xml.c) because its rules differ (attributes, _idx, armoured
 * key-value pairs).
 */
#ifndef FORMAT_INT_H
#define FORMAT_INT_H

#include "api_int.h"

/* Which of MediaWiki's result transformations a plain tree gets. */
enum fmt_mode {
	FMT_BC,  /* formatversion 1: "" booleans, "*" content, BC array types */
	FMT_V2,  /* formatversion 2: real booleans, content under its own key */
	FMT_RAW, /* rawfm: no transformation, metadata shown as "_type"... keys */
};

/*
 * Build the plain tree of `root` for `mode` in `a`. Scalar bytes are
 * shared with the original tree, nodes are new; the original is not
 * changed. Never returns NULL.
 */
struct api_node *fmt_plain(struct arena *a, const struct api_node *root, enum fmt_mode mode);

/*
 * Write a plain tree (fmt_plain()) as JSON into `out`: objects as
 * objects, lists as lists, no transformation (rawfm's writer; JSON output
 * writes the result tree directly, with the same bytes as this writes
 * for its plain tree). Returns RC_OK or RC_TOOBIG.
 */
int fmt_json_plain(const struct api_node *plain, bool is_utf8, bool pretty, struct sbuf *out);

/*
 * Append `len` bytes of `s` as a JSON string literal with json_encode's
 * escapes (non-ASCII escaped unless `is_utf8`), as format=json
 * writes every string. For struct api_rows.
 */
void fmt_json_string(struct sbuf *out, const char *s, size_t len, bool is_utf8);

/*
 * How many leading bytes of s[0..len) a JSON string holds as they are in
 * every mode: printable ASCII other than '"' and '\\'.
 */
size_t fmt_json_plain_len(const char *s, size_t len);

/*
 * Append the members of object `obj` as format=json (formatversion `fv`,
 * not pretty) writes them inside an object: "key":value pairs, a comma
 * before each unless *first (then cleared), metadata and formatversion
 * 1's false booleans left out. A content value is written in place in
 * formatversion 2; in 1 it is not written but left in *content, for the
 * end of the object. Plain trees of subtrees that need one go to `a`.
 * For struct api_rows.
 */
void fmt_json_members(struct sbuf *out, struct arena *a, const struct api_node *obj, bool is_utf8, int fv,
		      bool *first, const struct api_node **content);

/* Append member `c` under `key` as fmt_json_members() writes one. */
void fmt_json_member(struct sbuf *out, struct arena *a, const struct api_node *c, const char *key, bool is_utf8,
		     int fv, bool *first);

/*
 * True when `key` is what PHP would store as an integer array key: "0" or
 * an optional '-' and digits without a leading zero, within int64.
 * *out (may be NULL) receives the value.
 */
bool fmt_key_is_int(const char *key, long long *out);

/*
 * Write `d` as PHP does into `buf` (at least 48 bytes): the shortest text
 * that reads back to the same double when `digits` is 17 (json_encode,
 * serialize) or rounded to `digits` significant digits (PHP's string
 * conversion uses 14). `exp_char` is 'e' for JSON, 'E' for serialize and
 * strings. Non-finite values give "NAN", "INF", "-INF". Returns buf.
 */
char *fmt_php_float(double d, int digits, char exp_char, char *buf);

/* Append `s` with '&' and '<' escaped, as the *fm pages show output in <pre>. */
int fmt_html_pre_escape(struct sbuf *out, const char *s, size_t len);

/*
 * Wrap the already formatted `body` (the bytes of the non-HTML format)
 * into the pretty-print page of the *fm formats, or into the JSON object
 * of wrappedhtml=1. `root` is the result (for "continue"); `fmt_label`
 * names the format for the reader ("JSON", "XML", "PHP") and is NULL for
 * rawfm. Writes into `out`; returns RC_OK or RC_TOOBIG.
 */
int fmt_html_page(struct api_ctx *ctx, const struct api_node *root, const struct api_format_opts *o,
		  const char *fmt_label, const char *body, size_t len, struct sbuf *out);

#endif
