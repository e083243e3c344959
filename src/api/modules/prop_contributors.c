/* SPDX-License-Identifier: MIT */
/*
 * prop_contributors.c — prop=contributors: the registered users who
 * edited each existing page of the set (by user id), plus the number of
 * anonymous contributors ("anoncontributors"). Revisions whose user is
 * hidden do not count. pcgroup/pcexcludegroup filter on explicit group
 * membership, pcrights/pcexcluderights on explicit membership of the
 * groups that grant the rights (as MediaWiki: the implicit "user" and
 * "autoconfirmed" groups grant rights but never match).
 * Pages go in page id order and users in id order; pccontinue is
 * "pageid|userid".
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct contrib_params {
	struct api_list group;         /* pcgroup */
	struct api_list excludegroup;  /* pcexcludegroup */
	struct api_list rights;        /* pcrights */
	struct api_list excluderights; /* pcexcluderights */
	long limit;                    /* pclimit */
	const char *cont;              /* pccontinue */
};

/* Groups a client can filter on (the explicit ones, as MediaWiki lists them). */
static const char *const group_values[] = { "bot", "bureaucrat", "interface-admin", "suppress", "sysop", NULL };

/* Every right, for pcrights: computed from the rights table. */
static const char *const *rights_values(struct api_ctx *ctx)
{
	return wiki_rights_all();
}

static const struct api_param params[] = {
	{ .name = "group", .type = API_T_ENUM, .flags = API_P_MULTI, .values = group_values,
	  .offset = offsetof(struct contrib_params, group), .desc = "Only accounts that belong to one of these groups." },
	{ .name = "excludegroup", .type = API_T_ENUM, .flags = API_P_MULTI, .values = group_values,
	  .offset = offsetof(struct contrib_params, excludegroup),
	  .desc = "Leave out accounts that belong to one of these groups." },
	{ .name = "rights", .type = API_T_ENUM, .flags = API_P_MULTI, .values_fn = rights_values,
	  .offset = offsetof(struct contrib_params, rights), .desc = "Only include users having the given rights." },
	{ .name = "excluderights", .type = API_T_ENUM, .flags = API_P_MULTI, .values_fn = rights_values,
	  .offset = offsetof(struct contrib_params, excluderights), .desc = "Exclude users having the given rights." },
	{ .name = "limit", .type = API_T_LIMIT, .flags = API_P_HAS_MIN | API_P_HAS_MAX, .dflt = "10", .min = 1,
	  .max = 500, .max_high = 5000, .offset = offsetof(struct contrib_params, limit),
	  .desc = "Most contributors to list per batch." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct contrib_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

static int cmp_id(const void *a, const void *b)
{
	const struct query_page *x = *(struct query_page *const *)a, *y = *(struct query_page *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Explicit groups of user `uid` (NULL-terminated, arena). */
static const char **groups_of(struct api_ctx *ctx, int64_t uid)
{
	struct store_stmt *st = store_prepare(ctx->store, "SELECT ug_group FROM user_groups WHERE ug_user = ?"
							  " AND (ug_expiry IS NULL OR ug_expiry > ?)");
	time_t t = time(NULL);
	struct tm tm;
	char ts[16];
	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y%m%d%H%M%S", &tm);
	store_bindv(st, "it", uid, ts);
	size_t n = 0, cap = 8;
	const char **v = arena_calloc(ctx->arena, cap + 1, sizeof(*v));
	while (store_step(st) == STORE_ROW) {
		if (n == cap) {
			const char **nv = arena_calloc(ctx->arena, cap * 2 + 1, sizeof(*nv));
			memcpy(nv, v, n * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		v[n++] = store_col_dup(st, ctx->arena, 0);
	}
	store_stmt_done(st);
	return v;
}

/*
 * The groups the filter names (pcgroup/pcexcludegroup, or the groups
 * granting any of pcrights/pcexcluderights), NULL-terminated, and whether
 * they exclude; NULL when there is no filter. Groups include implicit ones
 * ("user", "autoconfirmed") that MediaWiki lists as granting a right, but
 * those never match: as in MediaWiki, only explicit memberships
 * (user_groups rows) count.
 */
static const char **filter_groups(struct api_ctx *ctx, const struct contrib_params *cp, bool *exclude)
{
	const struct api_list *groups = cp->group.n ? &cp->group : cp->excludegroup.n ? &cp->excludegroup : NULL;
	const struct api_list *rights = cp->rights.n ? &cp->rights : cp->excluderights.n ? &cp->excluderights : NULL;
	*exclude = cp->excludegroup.n || cp->excluderights.n;
	if (groups) {
		const char **v = arena_calloc(ctx->arena, groups->n + 1, sizeof(*v));
		memcpy(v, groups->v, groups->n * sizeof(*v));
		return v;
	}
	if (!rights)
		return NULL;
	size_t n_all = 0;
	for (const char *const *g = wiki_groups_all(); *g; g++)
		n_all++;
	const char **v = arena_calloc(ctx->arena, n_all + 1, sizeof(*v));
	size_t n = 0;
	for (const char *const *g = wiki_groups_all(); *g; g++) {
		const char **gr = wiki_group_rights(ctx->arena, *g);
		bool grants = false;
		for (size_t i = 0; gr && gr[i] && !grants; i++)
			grants = api_list_has(rights, gr[i]);
		if (grants)
			v[n++] = *g;
	}
	return v;
}

/* Does account `uid` pass the group or rights filter (`limit`, see filter_groups())? */
static bool passes(struct api_ctx *ctx, const char *const *limit, bool exclude, int64_t uid)
{
	if (!limit)
		return true;
	bool in = false;
	for (const char **g = groups_of(ctx, uid); *g && !in; g++)
		for (const char *const *l = limit; *l && !in; l++)
			in = streq(*g, *l);
	return exclude ? !in : in;
}

static int exec_contributors(struct api_ctx *ctx, void *vp)
{
	struct contrib_params *cp = vp;
	struct api_pageset *ps = query_pageset_current(ctx);
	if (api_require_max_one(ctx, (const char *const[]){ "group", "excludegroup", "rights", "excluderights", NULL }) !=
	    RC_OK)
		return RC_ERR;
	bool exclude;
	const char *const *limit = filter_groups(ctx, cp, &exclude);
	long long cont_page = LLONG_MIN, cont_user = 0;
	if (cp->cont) {
		const char *bar = strchr(cp->cont, '|');
		if (!bar || util_parse_ll(arena_strndup(ctx->arena, cp->cont, (size_t)(bar - cp->cont)), &cont_page) != RC_OK ||
		    util_parse_ll(bar + 1, &cont_user) != RC_OK)
			return api_error(ctx, "badcontinue", NULL);
	}
	struct query_page **v = arena_alloc(ctx->arena, (ps->n_pages ? ps->n_pages : 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD)
			v[n++] = ps->pages[i];
	qsort(v, n, sizeof(*v), cmp_id);
	long budget = cp->limit > 0 ? cp->limit : 10;
	for (size_t i = 0; i < n; i++) {
		struct query_page *p = v[i];
		if (p->id < cont_page)
			continue;
		int64_t min_user = p->id == cont_page ? cont_user : 0;
		/* Anonymous contributors are counted once, with the page's first batch. */
		if (p->id != cont_page) {
			int64_t anon = 0;
			store_query_int(ctx->store, &anon,
					"SELECT COUNT(DISTINCT rev_actor) FROM revision JOIN actor ON actor_id = rev_actor"
					" WHERE rev_page = ? AND actor_user IS NULL AND (rev_deleted & 4) = 0",
					"i", p->id);
			if (anon)
				api_add_int(query_page_node(ctx, p), "anoncontributors", anon);
		}
		struct store_stmt *st = store_prepare(ctx->store,
			"SELECT DISTINCT actor_user, actor_name FROM revision JOIN actor ON actor_id = rev_actor"
			" WHERE rev_page = ? AND actor_user IS NOT NULL AND actor_user >= ? AND (rev_deleted & 4) = 0"
			" ORDER BY actor_user");
		store_bindv(st, "ii", p->id, min_user);
		/* Copy the rows first: the filters run their own queries. */
		size_t nu = 0, cap = 16;
		int64_t *ids = arena_alloc(ctx->arena, cap * sizeof(*ids));
		const char **names = arena_alloc(ctx->arena, cap * sizeof(*names));
		while (store_step(st) == STORE_ROW) {
			if (nu == cap) {
				int64_t *ni = arena_alloc(ctx->arena, cap * 2 * sizeof(*ni));
				const char **nn = arena_alloc(ctx->arena, cap * 2 * sizeof(*nn));
				memcpy(ni, ids, nu * sizeof(*ids));
				memcpy(nn, names, nu * sizeof(*names));
				ids = ni;
				names = nn;
				cap *= 2;
			}
			ids[nu] = store_col_int(st, 0);
			names[nu] = store_col_dup(st, ctx->arena, 1);
			nu++;
		}
		store_stmt_done(st);
		struct api_node *list = NULL;
		for (size_t k = 0; k < nu; k++) {
			if (!passes(ctx, limit, exclude, ids[k]))
				continue;
			if (budget == 0) {
				api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%lld|%lld", (long long)p->id,
									       (long long)ids[k]));
				return RC_OK;
			}
			if (!list)
				list = api_add_array(query_page_node(ctx, p), "contributors", "user");
			struct api_node *e = api_add_object(list, NULL);
			api_add_int(e, "userid", ids[k]);
			api_add_str(e, "name", names[k]);
			budget--;
		}
	}
	return RC_OK;
}

const struct api_module api_module_prop_contributors = {
	.name = "contributors",
	.group = API_G_PROP,
	.prefix = "pc",
	.params = params,
	.params_size = sizeof(struct contrib_params),
	.summary = "Accounts that edited each page, plus how many anonymous editors did.",
	.examples = (const char *const[]){
		"action=query&prop=contributors&titles=Main_Page", "Show contributors to the page Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Contributors", NULL },
	.exec = exec_contributors,
};
