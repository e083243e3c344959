/* SPDX-License-Identifier: MIT */
/*
 * list_random.c — list=random (and generator=random): pages in a random
 * order. Every page carries page_random, a uniform number in [0, 1) drawn
 * when it is created (wiki/page.c); we draw a fresh number `rand` and walk
 * the page_random index upwards from it, wrapping around to 0 once the top
 * is reached, as MediaWiki's ApiQueryRandom does. Rows are ordered by
 * (page_random, page_id) so ties are walked deterministically.
 *
 * Continuation is MediaWiki's "rand|start|startid|wrapped": the batch's
 * `rand`, the page_random and page_id of the next row, and 1 once the walk
 * has wrapped (the range is then [start, rand) instead of [start, 1)).
 * As a generator the module also hands query.c the value that rebuilds
 * the current batch, for requests whose prop modules continue.
 */
#include "query_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"

struct random_params {
	struct api_list ns;      /* namespaces; none = every namespace */
	const char *filterredir; /* all | nonredirects | redirects */
	bool redirect;           /* deprecated: same as filterredir=redirects */
	long limit;              /* pages per batch */
	const char *cont;        /* continuation "rand|start|startid|wrapped" */
};

static const struct api_param params[] = {
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct random_params, ns), .desc = "Only pick pages from these namespaces." },
	{ .name = "filterredir", .type = API_T_ENUM, .dflt = "nonredirects",
	  .values = (const char *const[]){ "all", "redirects", "nonredirects", NULL },
	  .offset = offsetof(struct random_params, filterredir), .desc = "Which pages may be picked." },
	{ .name = "redirect", .type = API_T_BOOL, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct random_params, redirect),
	  .desc = "Pick redirects instead of other pages; use filterredir=redirects." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "1", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct random_params, limit), .desc = "How many random pages to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct random_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* Where one query of the walk starts and stops. */
struct walk {
	bool has_start;   /* lower bound given */
	double start;     /* page_random of the first row */
	int64_t start_id; /* with start: first page_id among rows of exactly `start`; 0 = any */
	bool has_end;     /* upper bound given (after the wrap) */
	double end;       /* page_random stays below this */
};

/*
 * A page_random value as text that strtod() reads back to the same
 * double: the stored values are multiples of 2^-32, whose exact decimal
 * form has at most 32 digits after the point. Trailing zeros are cut.
 */
static const char *random_text(struct arena *a, double v)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%.32f", v);
	size_t n = strlen(buf);
	while (n > 2 && buf[n - 1] == '0' && buf[n - 2] != '.')
		n--;
	return arena_strndup(a, buf, n);
}

/* A fresh starting point: "0." and 12 random digits, as MediaWiki's wfRandom(). */
static const char *draw_rand(struct arena *a)
{
	uint64_t r;
	util_random(&r, sizeof(r));
	/* 10^12 values, so the text always has exactly 12 digits. */
	return arena_printf(a, "0.%012llu", (unsigned long long)(r % 1000000000000ULL));
}

/* True when `s` has MediaWiki's shape for a random value: "0." then digits. */
static bool is_rand_text(const char *s)
{
	return s[0] == '0' && s[1] == '.' && s[2] && strspn(s + 2, "0123456789") == strlen(s + 2);
}

/*
 * Run one query of the walk for up to `limit` rows. Rows go into `list`
 * or `gen`; when more rows exist, *cont receives "start|startid" of the
 * next one. Returns the number of rows still wanted, or -1 after
 * api_error().
 */
static long walk_once(struct api_ctx *ctx, const struct random_params *p, struct api_node *list,
		      struct api_pageset *gen, long limit, const struct walk *w, const char **cont)
{
	bool redirects = p->redirect || streq(p->filterredir, "redirects");
	bool show_redirect = !redirects && !streq(p->filterredir, "nonredirects") && list;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 14);
	sbuf_adds(&sql, "SELECT page_id, page_random, page_namespace, page_title, page_is_redirect"
			" FROM page WHERE 1 = 1");
	/* No namespaces (none given, or none recognized) means every namespace, as in MediaWiki. */
	for (size_t i = 0; i < p->ns.n; i++)
		sbuf_addf(&sql, i ? ",%ld" : " AND page_namespace IN (%ld", p->ns.iv[i]);
	if (p->ns.n)
		sbuf_adds(&sql, ")");
	if (redirects)
		sbuf_adds(&sql, " AND page_is_redirect = 1");
	else if (streq(p->filterredir, "nonredirects"))
		sbuf_adds(&sql, " AND page_is_redirect = 0");
	if (w->has_start && w->start_id > 0)
		sbuf_adds(&sql, " AND (page_random = ?1 AND page_id >= ?2 OR page_random > ?1)");
	else if (w->has_start)
		sbuf_adds(&sql, " AND page_random >= ?1");
	if (w->has_end)
		sbuf_adds(&sql, " AND page_random < ?3");
	sbuf_addf(&sql, " ORDER BY page_random, page_id LIMIT %ld", limit + 1);

	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st) {
		api_db_error(ctx);
		return -1;
	}
	if (w->has_start) {
		store_bind_double(st, 1, w->start);
		if (w->start_id > 0)
			store_bind_int(st, 2, w->start_id);
	}
	if (w->has_end)
		store_bind_double(st, 3, w->end);
	long count = 0;
	int rc;
	*cont = NULL;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t id = store_col_int(st, 0);
		if (count++ >= limit || (list && api_result_full(ctx))) {
			*cont = arena_printf(ctx->arena, "%s|%lld", random_text(ctx->arena, store_col_double(st, 1)),
					     (long long)id);
			break;
		}
		if (gen) {
			query_pageset_add_pageid(ctx, gen, id);
			continue;
		}
		struct wiki_title t;
		wiki_title_make(ctx->arena, (int)store_col_int(st, 2), store_col_text(st, 3), &t);
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "id", id);
		api_add_int(e, "ns", t.ns);
		api_add_str(e, "title", t.prefixed);
		if (show_redirect)
			api_add_bool(e, "redirect", store_col_int(st, 4) != 0);
	}
	store_stmt_done(st);
	if (rc < 0) {
		api_db_error(ctx);
		return -1;
	}
	return *cont ? 0 : limit - count;
}

/*
 * Check and split the client's continuation into `w`, *rand and *start
 * (the text of the lower bound). Returns
 * RC_OK or RC_ERR after badcontinue.
 */
static int parse_cont(struct api_ctx *ctx, const char *v, struct walk *w, const char **rand,
		      const char **start)
{
	char *s = arena_strdup(ctx->arena, v);
	char *part[4];
	size_t n = 0;
	for (char *q = s; n < 4; n++) {
		part[n] = q;
		q = strchr(q, '|');
		if (!q)
			break;
		*q++ = '\0';
	}
	if (n != 3 || strchr(part[3], '|'))
		return api_error(ctx, "badcontinue", NULL);
	char *endp;
	long long id = strtoll(part[2], &endp, 10);
	/* The id must read back exactly as sent ("01" and "+1" are refused). */
	bool id_ok = *part[2] && !*endp && streq(arena_printf(ctx->arena, "%lld", id), part[2]);
	if (!is_rand_text(part[0]) || !is_rand_text(part[1]) || !id_ok ||
	    (!streq(part[3], "0") && !streq(part[3], "1")))
		return api_error(ctx, "badcontinue", NULL);
	*rand = part[0];
	*start = part[1];
	w->has_start = true;
	w->start = strtod(part[1], NULL);
	w->start_id = id;
	w->has_end = streq(part[3], "1");
	w->end = strtod(part[0], NULL);
	return RC_OK;
}

/* The walk: from `rand` (or the continuation) up, then from 0 up to `rand`. */
static int run(struct api_ctx *ctx, struct random_params *p, struct api_node *list, struct api_pageset *gen)
{
	/* filterredir always has a value (its default): only one the client sent conflicts. */
	if (api_param_given(ctx, "filterredir") &&
	    api_require_max_one(ctx, (const char *const[]){ "filterredir", "redirect", NULL }) != RC_OK)
		return RC_ERR;

	struct walk w = { 0 };
	const char *rand = NULL, *start = NULL;
	if (p->cont) {
		if (parse_cont(ctx, p->cont, &w, &rand, &start) != RC_OK)
			return RC_ERR;
	} else {
		rand = start = draw_rand(ctx->arena);
		w.has_start = true;
		w.start = strtod(rand, NULL);
	}
	if (gen) {
		/* What rebuilds this very batch: the walk's state as it began. */
		api_continue_set_base(ctx, "continue",
				      arena_printf(ctx->arena, "%s|%s|%lld|%d", rand, start, (long long)w.start_id,
						   w.has_end));
	}

	const char *cont;
	long left = walk_once(ctx, p, list, gen, p->limit, &w, &cont);
	if (left < 0)
		return RC_ERR;
	if (!w.has_end && !cont) {
		/*
		 * Wrap around to the bottom of the range. Like MediaWiki this
		 * runs even when nothing more is wanted, so that a page below
		 * `rand` still yields a continuation.
		 */
		w = (struct walk){ .has_end = true, .end = strtod(rand, NULL) };
		if (walk_once(ctx, p, list, gen, left, &w, &cont) < 0)
			return RC_ERR;
	}
	if (cont)
		api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%s|%d", rand, cont, w.has_end));
	return RC_OK;
}

static int exec_random(struct api_ctx *ctx, void *vp)
{
	struct api_node *list = api_add_array(api_query_node(ctx), "random", "page");
	return run(ctx, vp, list, NULL);
}

static int generate_random(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, NULL, out);
}

const struct api_module api_module_list_random = {
	.name = "random",
	.group = API_G_LIST,
	.prefix = "rn",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct random_params),
	.summary = "Pick pages at random.",
	.help = "The pages come in a fixed order: each page gets a random number when it is created, and "
		"the list walks those numbers from a random starting point. The first page is random; the "
		"ones after it are simply the next in that order.",
	.examples = (const char *const[]){
		"action=query&list=random&rnnamespace=0&rnlimit=2", "Two random pages from the main namespace.",
		"action=query&generator=random&grnnamespace=0&grnlimit=2&prop=info",
		"Basic facts about two random pages from the main namespace.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Random", NULL },
	.exec = exec_random,
	.generate = generate_random,
};
