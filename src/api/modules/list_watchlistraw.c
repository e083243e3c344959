/* SPDX-License-Identifier: MIT */
/*
 * list_watchlistraw.c — list=watchlistraw: the pages on a watchlist,
 * changed or not, in (namespace, title) order, from the watchlist table
 * alone. Continuation is "ns|title" of the next row.
 *
 * As in MediaWiki, the list is written at the top of the result
 * ("watchlistraw"), not under "query"; as a generator it yields the
 * titles, existing or not.
 */
#include <stddef.h>
#include <stdio.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct wr_params {
	const char *cont;      /* "ns|title" */
	struct api_list ns;    /* namespaces */
	long limit;            /* rows per batch */
	struct api_list prop;  /* changed */
	struct api_list show;  /* changed, !changed */
	const char *owner;     /* whose watchlist (with token) */
	const char *token;     /* the owner's watchlist token */
	const char *dir;       /* ascending | descending */
	const char *fromtitle; /* start at this title */
	const char *totitle;   /* stop at this title */
};

static const struct api_param params[] = {
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct wr_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct wr_params, ns), .desc = "Only pages in these namespaces." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct wr_params, limit), .desc = "How many pages to return per batch." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = (const char *const[]){ "changed", NULL },
	  .offset = offsetof(struct wr_params, prop),
	  .value_descs = (const char *const[]){ "changed=When the page changed since the owner last saw it.", NULL },
	  .desc = "Which extra properties to include." },
	{ .name = "show", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "!changed", "changed", NULL }, .offset = offsetof(struct wr_params, show),
	  .desc = "Only pages that changed since last seen (changed) or that did not (!changed)." },
	{ .name = "owner", .type = API_T_USER, .user_types = API_USER_NAME, .offset = offsetof(struct wr_params, owner),
	  .desc = "Read this user's watchlist instead of your own; needs token." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_SENSITIVE, .offset = offsetof(struct wr_params, token),
	  .desc = "The watchlist token the owner set in their preferences." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL }, .offset = offsetof(struct wr_params, dir),
	  .desc = "Direction of the listing." },
	{ .name = "fromtitle", .type = API_T_STRING, .offset = offsetof(struct wr_params, fromtitle),
	  .desc = "Start at this title (with namespace prefix)." },
	{ .name = "totitle", .type = API_T_STRING, .offset = offsetof(struct wr_params, totitle),
	  .desc = "Stop at this title (with namespace prefix)." },
	{ 0 }
};

/*
 * A title prefix as a (namespace, dbkey) bound, as MediaWiki reads
 * wrfromtitle: the text is parsed with a letter appended, so a partial
 * title ("Foo b") works, and that letter is taken off again.
 */
static int title_part(struct api_ctx *ctx, const char *text, int *ns, const char **dbkey)
{
	struct wiki_title t;
	const char *err;
	const char *probe = arena_printf(ctx->arena, "%sX", text);
	/* Nothing but the letter ("" or a bare "Talk:") and fragments are refused, as in MediaWiki. */
	if (wiki_title_parse(ctx->arena, probe, 0, &t, &err) != RC_OK || t.is_external || *t.fragment ||
	    streq(t.dbkey, "X"))
		return api_error(ctx, "invalidtitle", NULL, text);
	size_t n = strlen(t.dbkey);
	*ns = t.ns;
	*dbkey = arena_strndup(ctx->arena, t.dbkey, n ? n - 1 : 0);
	return RC_OK;
}

/* Parse "ns|title" into its parts; RC_ERR after badcontinue. */
static int parse_cont(struct api_ctx *ctx, const char *cont, int *ns, const char **dbkey)
{
	const char *bar = strchr(cont, '|');
	long long v;
	if (!bar || bar == cont || util_parse_ll(arena_strndup(ctx->arena, cont, (size_t)(bar - cont)), &v) != RC_OK ||
	    (cont[0] == '0' && bar - cont > 1) || cont[0] == '+' || strchr(bar + 1, '|') || v < INT_MIN ||
	    v > INT_MAX)
		return api_error(ctx, "badcontinue", NULL);
	*ns = (int)v;
	*dbkey = bar + 1;
	return RC_OK;
}

static int run(struct api_ctx *ctx, struct wr_params *p, struct api_pageset *gen)
{
	int64_t uid;
	if (query_watchlist_owner(ctx, p->owner, p->token, &uid) != RC_OK)
		return RC_ERR;
	bool ch = api_list_has(&p->show, "changed"), not_ch = api_list_has(&p->show, "!changed");
	if (ch && not_ch)
		return api_error(ctx, "show", "apierror-show");
	bool desc = streq(p->dir, "descending");

	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_adds(&sql, "SELECT wl_namespace, wl_title, wl_notificationtimestamp FROM watchlist WHERE wl_user = ?");
	/* (namespace, title) bounds in order: from, to, continue. */
	int b_ns[3];
	const char *b_key[3];
	const char *b_op[3];
	size_t nb = 0;
	int rc = RC_OK;
	if (p->fromtitle && (rc = title_part(ctx, p->fromtitle, &b_ns[nb], &b_key[nb])) == RC_OK)
		b_op[nb++] = desc ? "<" : ">";
	if (rc == RC_OK && p->totitle && (rc = title_part(ctx, p->totitle, &b_ns[nb], &b_key[nb])) == RC_OK)
		b_op[nb++] = desc ? ">" : "<";
	if (rc == RC_OK && p->cont && (rc = parse_cont(ctx, p->cont, &b_ns[nb], &b_key[nb])) == RC_OK)
		b_op[nb++] = desc ? "<" : ">";
	if (rc != RC_OK) {
		sbuf_release(&sql);
		return rc;
	}
	for (size_t i = 0; i < nb; i++)
		sbuf_addf(&sql, " AND (wl_namespace %s %d OR (wl_namespace = %d AND wl_title %s= ?))", b_op[i], b_ns[i],
			  b_ns[i], b_op[i]);
	if (p->ns.n) {
		sbuf_adds(&sql, " AND wl_namespace IN (");
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
		sbuf_adds(&sql, ")");
	}
	if (ch)
		sbuf_adds(&sql, " AND wl_notificationtimestamp IS NOT NULL");
	if (not_ch)
		sbuf_adds(&sql, " AND wl_notificationtimestamp IS NULL");
	sbuf_addf(&sql, " ORDER BY wl_namespace %s, wl_title %s LIMIT %ld", desc ? "DESC" : "ASC", desc ? "DESC" : "ASC",
		  p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	store_bind_int(st, 1, uid);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 2, b_key[i], STORE_NTS);

	bool f_changed = api_list_has(&p->prop, "changed");
	struct api_node *list = gen ? NULL : api_add_array(ctx->result, "watchlistraw", "wr");
	long n = 0;
	while ((rc = store_step(st)) == STORE_ROW) {
		int ns = (int)store_col_int(st, 0);
		const char *dbkey = store_col_text(st, 1);
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%d|%s", ns, dbkey));
			break;
		}
		if (gen) {
			query_pageset_add_title(ctx, gen, ns, dbkey);
			continue;
		}
		struct wiki_title t;
		wiki_title_make(ctx->arena, ns, dbkey, &t);
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "ns", ns);
		api_add_str(e, "title", t.prefixed);
		if (f_changed && !store_col_is_null(st, 2))
			api_add_str(e, "changed", wiki_timestamp_iso(ctx->arena, store_col_text(st, 2)));
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	return RC_OK;
}

static int exec_wr(struct api_ctx *ctx, void *vp)
{
	return run(ctx, vp, NULL);
}

static int generate_wr(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, out);
}

const struct api_module api_module_list_watchlistraw = {
	.name = "watchlistraw",
	.group = API_G_LIST,
	.prefix = "wr",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct wr_params),
	.summary = "List every page on the current user's watchlist.",
	.examples = (const char *const[]){
		"action=query&list=watchlistraw", "The pages on your watchlist.",
		"action=query&generator=watchlistraw&gwrshow=changed&prop=info",
		"Page information for the watched pages that changed since you last saw them.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Watchlistraw", NULL },
	.exec = exec_wr,
	.generate = generate_wr,
};
