/* SPDX-License-Identifier: MIT */
/*
 * list_categorymembers.c — list=categorymembers (and generator): the
 * pages in one category (categorylinks), as MediaWiki's
 * ApiQueryCategoryMembers lists them.
 *
 * By sort key (the default), one query per member type in the order the
 * types were asked for (page, subcat, file), each ordered by cl_sortkey
 * then cl_from, until the limit is reached; the continuation is
 * "type|hex sortkey|from" and skips the types already done. The range
 * may start or end at a sort key given as text, as hex, or as the prefix
 * a page would be sorted under. By timestamp, one query ordered by
 * cl_timestamp then cl_from, between start and end, continuing with
 * "timestamp|from".
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct catmembers_params {
	const char *title;          /* the category */
	long pageid;                /* or its page id */
	struct api_list prop;       /* ids|title|sortkey|sortkeyprefix|type|timestamp */
	struct api_list ns;         /* only members in these namespaces */
	struct api_list type;       /* page|subcat|file */
	const char *cont;           /* continuation */
	long limit;                 /* members per batch */
	const char *sort;           /* sortkey | timestamp */
	const char *dir;            /* asc/ascending/newer | desc/descending/older */
	const char *start, *end;    /* timestamps (sort=timestamp) */
	const char *starthex, *endhex;       /* sort keys in hex */
	const char *startprefix, *endprefix; /* sort key prefixes */
	const char *startkey, *endkey;       /* raw sort keys */
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct catmembers_params, title),
	  .desc = "The category to list (with its namespace prefix). Either this or pageid is needed." },
	{ .name = "pageid", .type = API_T_INT, .offset = offsetof(struct catmembers_params, pageid),
	  .desc = "The page ID of the category to list. Either this or title is needed." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "ids|title",
	  .values = (const char *const[]){ "ids", "sortkey", "sortkeyprefix", "timestamp", "title", "type", NULL },
	  .offset = offsetof(struct catmembers_params, prop),
	  .value_descs = (const char *const[]){
		  "ids=The page ID.", "title=The title and namespace ID.",
		  "sortkey=The sort key, in hexadecimal (the value to order by).",
		  "sortkeyprefix=The sort key prefix: the readable part of the sort key.",
		  "type=What the member is: page, subcat or file.", "timestamp=When it was put in the category.",
		  NULL },
	  .desc = "What to add for each member." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct catmembers_params, ns), .desc = "Only members in these namespaces." },
	{ .name = "type", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "page|subcat|file",
	  .values = (const char *const[]){ "file", "page", "subcat", NULL },
	  .offset = offsetof(struct catmembers_params, type),
	  .desc = "Which kinds of members to list. Ignored when sorting by timestamp." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct catmembers_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct catmembers_params, limit), .desc = "How many members to return." },
	{ .name = "sort", .type = API_T_ENUM, .dflt = "sortkey",
	  .values = (const char *const[]){ "sortkey", "timestamp", NULL },
	  .offset = offsetof(struct catmembers_params, sort), .desc = "What to order by." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "asc", "desc", "ascending", "descending", "newer", "older", NULL },
	  .offset = offsetof(struct catmembers_params, dir), .desc = "Order of the listing." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct catmembers_params, start),
	  .desc = "With sort=timestamp: the timestamp to start at." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct catmembers_params, end),
	  .desc = "With sort=timestamp: the timestamp to end at." },
	{ .name = "starthexsortkey", .type = API_T_STRING, .offset = offsetof(struct catmembers_params, starthex),
	  .desc = "With sort=sortkey: the sort key to start at, in hexadecimal as cmprop=sortkey gives it." },
	{ .name = "endhexsortkey", .type = API_T_STRING, .offset = offsetof(struct catmembers_params, endhex),
	  .desc = "With sort=sortkey: the sort key to end at, in hexadecimal." },
	{ .name = "startsortkeyprefix", .type = API_T_STRING, .offset = offsetof(struct catmembers_params, startprefix),
	  .desc = "With sort=sortkey: start at the members sorted under this prefix. Overrides starthexsortkey." },
	{ .name = "endsortkeyprefix", .type = API_T_STRING, .offset = offsetof(struct catmembers_params, endprefix),
	  .desc = "With sort=sortkey: end before the members sorted under this prefix (those sorted exactly under "
		  "it are left out). Overrides endhexsortkey." },
	{ .name = "startsortkey", .type = API_T_STRING, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct catmembers_params, startkey), .desc = "Use starthexsortkey instead." },
	{ .name = "endsortkey", .type = API_T_STRING, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct catmembers_params, endkey), .desc = "Use endhexsortkey instead." },
	{ 0 }
};

/* Decode hex `h` into `*out` (in `a`); false when it is not an even run of hex digits. */
static bool unhex(struct arena *a, const char *h, struct str *out)
{
	size_t n = strlen(h);
	if (n % 2)
		return false;
	char *r = arena_alloc(a, n / 2 + 1);
	for (size_t i = 0; i < n; i += 2) {
		int v = 0;
		for (int k = 0; k < 2; k++) {
			char c = h[i + (size_t)k];
			int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
							 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (d < 0)
				return false;
			v = v * 16 + d;
		}
		r[i / 2] = (char)v;
	}
	r[n / 2] = '\0';
	*out = (struct str){ r, n / 2 };
	return true;
}

/* Bytes of the UTF-8 character (no NUL, no surrogate, no overlong form) at s[0..n), or 0 when it is not one. */
static size_t utf8_char_len(const unsigned char *s, size_t n)
{
	if (!n || !s[0])
		return 0;
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
						  : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	if (!len || n < len)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || (s[0] == 0xf0 && s[1] < 0x90) ||
	    (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return len;
}

/* The UTF-8 bytes of code point `c` into `out` (4 bytes); their number. */
static size_t utf8_put(unsigned long c, unsigned char *out)
{
	if (c < 0x80) {
		out[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (unsigned char)(0xc0 | (c >> 6));
		out[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (unsigned char)(0xe0 | (c >> 12));
		out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | (c >> 18));
	out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

/* memcmp() order of `a` (`an` bytes) and `b` (`bn`), a proper prefix first. */
static int bytes_cmp(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

/*
 * A sort key given in hex may hold any bytes, but the stored keys are
 * UTF-8 text without NUL, which PostgreSQL cannot even be sent otherwise.
 * For such a key k (not valid UTF-8, or with a NUL) this gives the
 * smallest valid text above it, *key: every stored key s is then >= k
 * exactly when s >= *key, never equal to k, and < k exactly when
 * s < *key; key->p NULL when no text is above k. That text keeps the
 * longest run of whole characters of k it can, then has the smallest
 * character whose bytes order after the rest of k (UTF-8 bytes order as
 * code points do, so a binary search finds it); when no character does,
 * the last kept character is the rest instead. False when k is valid:
 * compare with k itself.
 */
static bool key_ceiling(struct arena *a, const struct str *k, struct str *key)
{
	const unsigned char *s = (const unsigned char *)k->p;
	size_t i = 0, len;
	while (i < k->len && (len = utf8_char_len(s + i, k->len - i)))
		i += len;
	if (i == k->len)
		return false;
	unsigned char enc[4];
	for (;;) {
		unsigned long lo = 1, hi = 0x10ffff;
		if (bytes_cmp(enc, utf8_put(hi, enc), s + i, k->len - i) > 0) {
			/*
			 * The smallest character whose bytes order after s[i..],
			 * searched by its place among the characters (the
			 * surrogates D800..DFFF are none).
			 */
			lo = 1;
			hi = 0x10ffff - 0x800;
			while (lo < hi) {
				unsigned long mid = lo + (hi - lo) / 2;
				if (bytes_cmp(enc, utf8_put(mid < 0xd800 ? mid : mid + 0x800, enc), s + i, k->len - i) > 0)
					hi = mid;
				else
					lo = mid + 1;
			}
			char *r = arena_alloc(a, i + 5);
			memcpy(r, s, i);
			len = utf8_put(lo < 0xd800 ? lo : lo + 0x800, (unsigned char *)r + i);
			r[i + len] = '\0';
			*key = (struct str){ r, i + len };
			return true;
		}
		if (!i) {
			*key = (struct str){ NULL, 0 };
			return true;
		}
		/* Nothing orders after this rest: the whole character before it must grow. */
		do
			i--;
		while (i && (s[i] & 0xc0) == 0x80);
	}
}

/*
 * " AND cl_sortkey OP ?" for a range end or a continuation (`op` one of
 * >= <= > <; `from` >= 0: ties on the key continue at that page id),
 * with the key to bind appended to keys[*nk]. A key that no stored key
 * can equal (key_ceiling()) is compared with the text above it instead.
 */
static void key_cond(struct arena *a, struct sbuf *sql, const char *op, const struct str *k, long long from,
		     const struct str **keys, size_t *nk)
{
	struct str c;
	if (!key_ceiling(a, k, &c)) {
		if (from < 0) {
			sbuf_addf(sql, " AND cl_sortkey %s ?", op);
			keys[(*nk)++] = k;
		} else {
			sbuf_addf(sql, " AND (cl_sortkey %s ? OR (cl_sortkey = ? AND cl_from %s= %lld))", op, op, from);
			keys[(*nk)++] = k;
			keys[(*nk)++] = k;
		}
		return;
	}
	/* Stored keys above k are those >= c; those below are those < c. */
	bool above = op[0] == '>';
	if (!c.p) {
		if (above)
			sbuf_adds(sql, " AND 1 = 0");
		return;
	}
	struct str *copy = arena_alloc(a, sizeof(*copy));
	*copy = c;
	sbuf_addf(sql, " AND cl_sortkey %s ?", above ? ">=" : "<");
	keys[(*nk)++] = copy;
}

/* One end of the sort key range: from a prefix, hex or raw key; `ok` false for bad hex. */
static const struct str *range_key(struct api_ctx *ctx, const char *prefix, const char *hex, const char *raw,
				   struct str *buf, bool *ok)
{
	*ok = true;
	if (prefix) {
		const char *k = wiki_uc(ctx->arena, prefix);
		*buf = str_c(k);
		return buf;
	}
	if (hex) {
		*ok = unhex(ctx->arena, hex, buf);
		return buf;
	}
	if (raw) {
		*buf = str_c(raw);
		return buf;
	}
	return NULL;
}

/* The category's dbkey from title or pageid, or NULL after the error. */
static const char *category_of(struct api_ctx *ctx, struct catmembers_params *p)
{
	if (api_require_one_of(ctx, (const char *const[]){ "title", "pageid", NULL }) != RC_OK)
		return NULL;
	struct wiki_title t;
	if (p->title) {
		const char *err;
		if (wiki_title_parse(ctx->arena, p->title, 0, &t, &err) != RC_OK) {
			api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->title));
			return NULL;
		}
	} else {
		char *ns_title = NULL;
		int64_t ns = 0;
		if (store_query_int(ctx->store, &ns, "SELECT page_namespace FROM page WHERE page_id = ?", "i",
				    (int64_t)p->pageid) != RC_OK ||
		    store_query_text(ctx->store, ctx->arena, &ns_title, "SELECT page_title FROM page WHERE page_id = ?",
				     "i", (int64_t)p->pageid) != RC_OK || !ns_title) {
			api_error(ctx, "nosuchpageid", NULL, api_p_int(ctx->arena, p->pageid));
			return NULL;
		}
		wiki_title_make(ctx->arena, (int)ns, ns_title, &t);
	}
	if (t.ns != WIKI_NS_CATEGORY || *t.interwiki) {
		api_error(ctx, "invalidcategory", NULL);
		return NULL;
	}
	return t.dbkey;
}

/* Add one member row of `st` (from, ns, title, sortkey, prefix, type, timestamp) to `list` or `gen`. */
static void emit(struct api_ctx *ctx, struct catmembers_params *p, struct store_stmt *st, struct api_node *list,
		 struct api_pageset *gen)
{
	int64_t from = store_col_int(st, 0);
	if (gen) {
		query_pageset_add_pageid(ctx, gen, from);
		return;
	}
	/* {} when empty, as MediaWiki types these items assoc. */
	struct api_node *e = api_node_set_type(api_add_object(list, NULL), API_ARR_ASSOC, NULL);
	if (api_list_has(&p->prop, "ids"))
		api_add_int(e, "pageid", from);
	if (api_list_has(&p->prop, "title")) {
		struct wiki_title t;
		wiki_title_make(ctx->arena, (int)store_col_int(st, 1), store_col_text(st, 2), &t);
		api_add_int(e, "ns", t.ns);
		api_add_str(e, "title", t.prefixed);
	}
	if (api_list_has(&p->prop, "sortkey"))
		api_add_str(e, "sortkey", query_hex(ctx->arena, store_col_text(st, 3), (size_t)store_col_len(st, 3)));
	if (api_list_has(&p->prop, "sortkeyprefix"))
		api_add_str(e, "sortkeyprefix", store_col_text(st, 4));
	if (api_list_has(&p->prop, "type"))
		api_add_str(e, "type", store_col_text(st, 5));
	if (api_list_has(&p->prop, "timestamp"))
		api_add_str(e, "timestamp", query_ts_iso(ctx->arena, store_col_text(st, 6)));
}

/* Namespace filter of `p` as " AND page_namespace IN (...)" into `sql`. */
static void ns_filter(struct sbuf *sql, const struct catmembers_params *p)
{
	if (!p->ns.n)
		return;
	sbuf_adds(sql, " AND page_namespace IN (");
	for (size_t i = 0; i < p->ns.n; i++)
		sbuf_addf(sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
	sbuf_adds(sql, ")");
}

static const char select_cols[] = "SELECT cl_from, page_namespace, page_title, cl_sortkey, cl_sortkey_prefix,"
				  " cl_type, cl_timestamp FROM categorylinks JOIN page ON page_id = cl_from WHERE cl_to = ?";

static int by_timestamp(struct api_ctx *ctx, struct catmembers_params *p, const char *cat, bool newer,
			struct api_node *list, struct api_pageset *gen)
{
	const char *op = newer ? ">" : "<";
	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_adds(&sql, select_cols);
	ns_filter(&sql, p);
	const char *binds[4];
	size_t nb = 0;
	if (p->start) {
		sbuf_addf(&sql, " AND cl_timestamp %s= ?", op);
		binds[nb++] = p->start;
	}
	if (p->end) {
		sbuf_addf(&sql, " AND cl_timestamp %s= ?", newer ? "<" : ">");
		binds[nb++] = p->end;
	}
	if (p->cont) {
		const char *bar = strchr(p->cont, '|');
		long long from;
		if (!bar || bar - p->cont != 14 || util_parse_ll(bar + 1, &from) != RC_OK) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		binds[nb++] = arena_strndup(ctx->arena, p->cont, 14);
		binds[nb] = binds[nb - 1];
		nb++;
		sbuf_addf(&sql, " AND (cl_timestamp %s ? OR (cl_timestamp = ? AND cl_from %s= %lld))", op, op, from);
	}
	const char *dir = newer ? "" : " DESC";
	sbuf_addf(&sql, " ORDER BY cl_timestamp%s, cl_from%s LIMIT %ld", dir, dir, p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	store_bind_text(st, 1, cat, STORE_NTS);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 2, binds[i], STORE_NTS);
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%lld", store_col_text(st, 6),
								       (long long)store_col_int(st, 0)));
			break;
		}
		emit(ctx, p, st, list, gen);
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

static int by_sortkey(struct api_ctx *ctx, struct catmembers_params *p, const char *cat, bool newer,
		      struct api_node *list, struct api_pageset *gen)
{
	const char *op = newer ? ">" : "<";
	const char *const *types = p->type.v;
	size_t n_types = p->type.n;
	struct str cont_key = { 0 }, start_buf, end_buf;
	const struct str *start = NULL, *end = NULL;
	long long cont_from = 0;
	bool has_cont = p->cont && *p->cont && !streq(p->cont, "0");
	/*
	 * MediaWiki tests the value for PHP truth here: "" and "0" are no
	 * continuation. A type not asked for keeps every type (array_search
	 * gives false, array_slice reads it as 0), and the page id is cast
	 * with (int), so only the parts count and the hex sort key can fail.
	 */
	if (has_cont) {
		const char *b1 = strchr(p->cont, '|');
		const char *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
		size_t skip = 0;
		const char *type = b1 ? arena_strndup(ctx->arena, p->cont, (size_t)(b1 - p->cont)) : "";
		while (skip < n_types && !streq(types[skip], type))
			skip++;
		if (skip == n_types)
			skip = 0;
		if (!b2 || !unhex(ctx->arena, arena_strndup(ctx->arena, b1 + 1, (size_t)(b2 - b1 - 1)), &cont_key))
			return api_error(ctx, "badcontinue", NULL);
		cont_from = strtoll(b2 + 1, NULL, 10);
		types += skip;
		n_types -= skip;
	} else {
		bool ok;
		start = range_key(ctx, p->startprefix, p->starthex, p->startkey, &start_buf, &ok);
		if (!ok)
			return api_error(ctx, arena_printf(ctx->arena, "badvalue_%s", api_param_name(ctx, "starthexsortkey")),
					 "apierror-badparameter", api_param_name(ctx, "starthexsortkey"));
		end = range_key(ctx, p->endprefix, p->endhex, p->endkey, &end_buf, &ok);
		if (!ok)
			return api_error(ctx, arena_printf(ctx->arena, "badvalue_%s", api_param_name(ctx, "endhexsortkey")),
					 "apierror-badparameter", api_param_name(ctx, "endhexsortkey"));
	}
	long n = 0;
	for (size_t ti = 0; ti < n_types; ti++) {
		struct sbuf sql;
		sbuf_init(&sql, 1 << 16);
		sbuf_adds(&sql, select_cols);
		sbuf_adds(&sql, " AND cl_type = ?");
		ns_filter(&sql, p);
		const struct str *keys[4];
		size_t nk = 0;
		if (has_cont && ti == 0)
			key_cond(ctx->arena, &sql, op, &cont_key, cont_from < 0 ? 0 : cont_from, keys, &nk);
		if (start)
			key_cond(ctx->arena, &sql, newer ? ">=" : "<=", start, -1, keys, &nk);
		if (end)
			key_cond(ctx->arena, &sql, newer ? "<=" : ">=", end, -1, keys, &nk);
		const char *dir = newer ? "" : " DESC";
		sbuf_addf(&sql, " ORDER BY cl_sortkey%s, cl_from%s LIMIT %ld", dir, dir, p->limit + 1 - n);
		struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
		sbuf_release(&sql);
		if (!st)
			return api_db_error(ctx);
		store_bind_text(st, 1, cat, STORE_NTS);
		store_bind_text(st, 2, types[ti], STORE_NTS);
		for (size_t i = 0; i < nk; i++)
			store_bind_text(st, (int)i + 3, keys[i]->p, keys[i]->len);
		int step;
		bool stop = false;
		while ((step = store_step(st)) == STORE_ROW) {
			if (++n > p->limit || (list && api_result_full(ctx))) {
				api_continue_set(ctx, "continue",
						 arena_printf(ctx->arena, "%s|%s|%lld", store_col_text(st, 5),
							      query_hex(ctx->arena, store_col_text(st, 3),
									(size_t)store_col_len(st, 3)),
							      (long long)store_col_int(st, 0)));
				stop = true;
				break;
			}
			emit(ctx, p, st, list, gen);
		}
		store_stmt_done(st);
		if (step < 0)
			return api_db_error(ctx);
		if (stop)
			break;
	}
	return RC_OK;
}

static int run(struct api_ctx *ctx, struct catmembers_params *p, struct api_node *list, struct api_pageset *gen)
{
	const char *cat = category_of(ctx, p);
	if (!cat)
		return RC_ERR;
	bool newer = streq(p->dir, "asc") || streq(p->dir, "ascending") || streq(p->dir, "newer");
	if (streq(p->sort, "timestamp"))
		return by_timestamp(ctx, p, cat, newer, list, gen);
	return by_sortkey(ctx, p, cat, newer, list, gen);
}

static int exec_categorymembers(struct api_ctx *ctx, void *vp)
{
	struct api_node *list = api_add_array(api_query_node(ctx), "categorymembers", "cm");
	return run(ctx, vp, list, NULL);
}

static int generate_categorymembers(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, NULL, out);
}

const struct api_module api_module_list_categorymembers = {
	.name = "categorymembers",
	.group = API_G_LIST,
	.prefix = "cm",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct catmembers_params),
	.summary = "List the pages in a category.",
	.examples = (const char *const[]){
		"action=query&list=categorymembers&cmtitle=Category:Physics",
		"The first ten pages in Category:Physics.",
		"action=query&generator=categorymembers&gcmtitle=Category:Physics&prop=info",
		"Information about the first ten pages in Category:Physics.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Categorymembers", NULL },
	.exec = exec_categorymembers,
	.generate = generate_categorymembers,
};
