/* SPDX-License-Identifier: MIT */
/*
 * messages.c — the message table from messages.def (and any further
 * messages_*.def files listed below), sorted once at start-up for binary
 * search, the $n filler, and the typed message parameters (api_p_int,
 * api_p_num, api_p_plain, api_p_list, api_p_msg, api_p_keyed) that keep
 * MediaWiki's parameter types for errorformat=raw. Only English exists
 * today; "qqx" shows keys and is handled by api_msg().
 */
#include "api_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "../util/sbuf.h"

struct msg {
	const char *key;  /* MediaWiki message key */
	const char *text; /* our English text with $1.. */
};

static struct msg table[] = {
#define MSG(k, t) { (k), (t) },
#include "messages.def"
#if __has_include("messages_params.def")
#include "messages_params.def"
#endif
#undef MSG
};
static const char *keys[ARRAY_SIZE(table)];

static int cmp_msg(const void *a, const void *b)
{
	return strcmp(((const struct msg *)a)->key, ((const struct msg *)b)->key);
}

void api_messages_init(void)
{
	qsort(table, ARRAY_SIZE(table), sizeof(table[0]), cmp_msg);
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		if (i > 0 && strcmp(table[i - 1].key, table[i].key) == 0)
			BUG("duplicate message key %s", table[i].key);
		keys[i] = table[i].key;
	}
}

const char *api_msg_template(const char *key)
{
	size_t lo = 0, hi = ARRAY_SIZE(table);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(key, table[mid].key);
		if (c == 0)
			return table[mid].text;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *const *api_msg_keys(size_t *n)
{
	*n = ARRAY_SIZE(table);
	return keys;
}

/* ---------- typed parameters ---------- */

/*
 * Encoding: 0xFF, a type letter, then the payload. 0xFF and 0xFE never
 * occur in UTF-8, and request text is UTF-8, so a client cannot forge a
 * typed parameter.
 *   "\xFFi" digits              api_p_int
 *   "\xFFn" digits              api_p_num
 *   "\xFFp" inner               api_p_plain
 *   "\xFFk" digits "\xFD" inner api_p_keyed
 *   "\xFFl" type ("\xFE" item)* api_p_list (items hold no 0xFE)
 *   "\xFFm" key ("\xFE" param)* api_p_msg (likewise)
 */
#define P_MARK '\xff'
#define P_ITEM '\xfe'
#define P_KEY '\xfd'

const char *api_p_int(struct arena *a, long long n)
{
	return arena_printf(a, "%ci%lld", P_MARK, n);
}

const char *api_p_num(struct arena *a, long long n)
{
	return arena_printf(a, "%cn%lld", P_MARK, n);
}

const char *api_p_plain(struct arena *a, const char *s)
{
	return arena_printf(a, "%cp%s", P_MARK, s);
}

const char *api_p_keyed(struct arena *a, size_t index, const char *item)
{
	return arena_printf(a, "%ck%zu%c%s", P_MARK, index, P_KEY, item);
}

/* "\xFF", `kind`, `head`, then each item after 0xFE. */
static const char *joined(struct arena *a, char kind, const char *head, const char *const *items, size_t n)
{
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	sbuf_addc(&sb, P_MARK);
	sbuf_addc(&sb, kind);
	sbuf_adds(&sb, head);
	for (size_t i = 0; i < n; i++) {
		if (strchr(items[i], P_ITEM))
			BUG("items of list and message parameters cannot be lists");
		sbuf_addc(&sb, P_ITEM);
		sbuf_adds(&sb, items[i]);
	}
	const char *out = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return out;
}

const char *api_p_list(struct arena *a, const char *type, const char *const *items, size_t n)
{
	return joined(a, 'l', type, items, n);
}

const char *api_p_msg(struct arena *a, const char *key, const char *const *params, size_t n)
{
	return joined(a, 'm', key, params, n);
}

void api_p_decode(struct arena *a, const char *param, struct api_pval *out)
{
	memset(out, 0, sizeof(*out));
	out->type = API_PT_TEXT;
	out->inner = param;
	if (param[0] != P_MARK || !param[1])
		return;
	const char *body = param + 2;
	switch (param[1]) {
	case 'i':
	case 'n':
		out->type = param[1] == 'i' ? API_PT_INT : API_PT_NUM;
		out->n = strtoll(body, NULL, 10);
		return;
	case 'p':
		out->type = API_PT_PLAIN;
		out->inner = body;
		return;
	case 'k': {
		char *end;
		out->type = API_PT_KEYED;
		out->n = strtoll(body, &end, 10);
		out->inner = *end == P_KEY ? end + 1 : end;
		return;
	}
	case 'l':
	case 'm': {
		out->type = param[1] == 'l' ? API_PT_LIST : API_PT_MSG;
		const char *sep = strchr(body, P_ITEM);
		out->ltype = sep ? arena_strndup(a, body, (size_t)(sep - body)) : body;
		size_t n = 0;
		for (const char *q = sep; q; q = strchr(q + 1, P_ITEM))
			n++;
		out->items = arena_calloc(a, n + 1, sizeof(*out->items));
		for (const char *q = sep; q; q = strchr(q + 1, P_ITEM)) {
			const char *e = strchr(q + 1, P_ITEM);
			out->items[out->n_items++] = e ? arena_strndup(a, q + 1, (size_t)(e - q - 1)) : q + 1;
		}
		return;
	}
	default:
		return;
	}
}

/* Append the text of parameter `param` to `sb`. */
static void add_param_text(struct sbuf *sb, struct arena *a, const char *param)
{
	struct api_pval v;
	api_p_decode(a, param, &v);
	switch (v.type) {
	case API_PT_TEXT:
		sbuf_adds(sb, v.inner);
		break;
	case API_PT_INT:
		sbuf_addf(sb, "%lld", v.n);
		break;
	case API_PT_NUM: {
		/* English digit grouping: 1,234,567. */
		char digits[32];
		int len = snprintf(digits, sizeof(digits), "%lld", v.n);
		int start = digits[0] == '-';
		for (int i = 0; i < len; i++) {
			if (i > start && (len - i) % 3 == 0)
				sbuf_addc(sb, ',');
			sbuf_addc(sb, digits[i]);
		}
		break;
	}
	case API_PT_PLAIN:
	case API_PT_KEYED:
		add_param_text(sb, a, v.inner);
		break;
	case API_PT_MSG: {
		const char *tmpl = api_msg_template(v.ltype);
		sbuf_adds(sb, api_msg_fill(a, tmpl ? tmpl : v.ltype, v.items));
		break;
	}
	case API_PT_LIST: {
		const char *sep = streq(v.ltype, "semicolon") ? "; " : streq(v.ltype, "pipe") ? " | " : ", ";
		for (size_t i = 0; i < v.n_items; i++) {
			if (i > 0)
				sbuf_adds(sb, streq(v.ltype, "text") && i == v.n_items - 1 ? " and " : sep);
			add_param_text(sb, a, v.items[i]);
		}
		break;
	}
	}
}

const char *api_p_text(struct arena *a, const char *param)
{
	if (param[0] != P_MARK)
		return param;
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	add_param_text(&sb, a, param);
	const char *out = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return out;
}

const char *api_msg_fill(struct arena *a, const char *tmpl, const char *const *params)
{
	size_t n_params = 0;
	while (params && params[n_params])
		n_params++;
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '$' && p[1] >= '1' && p[1] <= '9') {
			size_t idx = (size_t)(p[1] - '1');
			if (idx < n_params)
				add_param_text(&sb, a, params[idx]);
			p++;
			continue;
		}
		sbuf_addc(&sb, *p);
	}
	const char *out = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return out;
}

const char *api_msg(struct api_ctx *ctx, const char *key, const char *const *params)
{
	if (ctx->uselang && streq(ctx->uselang, "qqx")) {
		/* qqx: "(key: p1, p2)" shows the key and parameters instead of text. */
		struct sbuf sb;
		sbuf_init(&sb, SIZE_MAX / 2);
		sbuf_addf(&sb, "(%s", key);
		for (size_t i = 0; params && params[i]; i++) {
			sbuf_adds(&sb, i ? ", " : ": ");
			add_param_text(&sb, ctx->arena, params[i]);
		}
		sbuf_addc(&sb, ')');
		const char *out = arena_strndup(ctx->arena, sbuf_cstr(&sb), sb.len);
		sbuf_release(&sb);
		return out;
	}
	const char *tmpl = api_msg_template(key);
	if (!tmpl)
		return api_msg_fill(ctx->arena, "\u29fc$1\u29fd", (const char *[]){ key, NULL });
	return api_msg_fill(ctx->arena, tmpl, params);
}

const char *api_html_escape(struct arena *a, const char *s)
{
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	for (; *s; s++) {
		switch (*s) {
		case '<': sbuf_adds(&sb, "&lt;"); break;
		case '>': sbuf_adds(&sb, "&gt;"); break;
		case '&': sbuf_adds(&sb, "&amp;"); break;
		case '"': sbuf_adds(&sb, "&quot;"); break;
		default: sbuf_addc(&sb, *s); break;
		}
	}
	const char *out = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return out;
}
