/* SPDX-License-Identifier: MIT */
/*
 * messages.c — the message table from messages.def (and any further
 * messages_*.def files listed below), sorted once at start-up for binary
 * search, and the $n filler. Only English exists today; "qqx" shows keys
 * and is handled by api_msg().
 */
#include "api_int.h"

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
				sbuf_adds(&sb, params[idx]);
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
		for (size_t i = 0; params && params[i]; i++)
			sbuf_addf(&sb, "%s%s", i ? ", " : ": ", params[i]);
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
