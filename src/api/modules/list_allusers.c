/* SPDX-License-Identifier: MIT */
/*
 * list_allusers.c — list=allusers: every registered user, by name
 * (bytewise, like MediaWiki's binary collation), filtered by name
 * range and prefix, group membership, rights, edits and recent
 * activity. Continuation is "aufrom" with the next name. Groups and
 * rights are listed implicit groups first, as MediaWiki does here
 * (list=users and meta=userinfo put explicit groups first).
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

struct allusers_params {
	const char *from;          /* aufrom */
	const char *to;            /* auto */
	const char *prefix;        /* auprefix */
	const char *dir;           /* audir */
	struct api_list group;     /* augroup */
	struct api_list excludegroup; /* auexcludegroup */
	struct api_list rights;    /* aurights */
	struct api_list prop;      /* auprop */
	long limit;                /* aulimit */
	bool witheditsonly;        /* auwitheditsonly */
	bool activeusers;          /* auactiveusers */
	const char *attachedwiki;  /* auattachedwiki */
};

/* Explicit groups for the enum (the implicit ones cannot be filtered on). */
static const char *const group_values[] = { "bot", "bureaucrat", "interface-admin", "suppress", "sysop", NULL };

static const char *const *rights_values(struct api_ctx *ctx)
{
	return wiki_rights_all();
}

static const struct api_param params[] = {
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct allusers_params, from),
	  .desc = "The user name to start enumerating from." },
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct allusers_params, to),
	  .desc = "The user name to stop enumerating at." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct allusers_params, prefix),
	  .desc = "Only accounts whose names start with this text." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "ascending",
	  .values = (const char *const[]){ "ascending", "descending", NULL },
	  .offset = offsetof(struct allusers_params, dir), .desc = "Direction to sort in." },
	{ .name = "group", .type = API_T_ENUM, .flags = API_P_MULTI, .values = group_values,
	  .offset = offsetof(struct allusers_params, group), .desc = "Only accounts that belong to one of these groups." },
	{ .name = "excludegroup", .type = API_T_ENUM, .flags = API_P_MULTI, .values = group_values,
	  .offset = offsetof(struct allusers_params, excludegroup),
	  .desc = "Leave out accounts that belong to one of these groups." },
	{ .name = "rights", .type = API_T_ENUM, .flags = API_P_MULTI, .values_fn = rights_values,
	  .offset = offsetof(struct allusers_params, rights),
	  .desc = "Only include users with the given rights. Rights granted by implicit or "
		  "auto-promoted groups like *, user or autoconfirmed do not count." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "blockinfo", "centralids", "editcount", "groups",
					   "implicitgroups", "registration", "rights", NULL },
	  .offset = offsetof(struct allusers_params, prop), .desc = "What to report about each account." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct allusers_params, limit), .desc = "How many total user names to return." },
	{ .name = "witheditsonly", .type = API_T_BOOL, .offset = offsetof(struct allusers_params, witheditsonly),
	  .desc = "Only accounts with at least one edit." },
	{ .name = "activeusers", .type = API_T_BOOL, .offset = offsetof(struct allusers_params, activeusers),
	  .desc = "Only list users active in the last 30 days." },
	{ .name = "attachedwiki", .type = API_T_STRING, .offset = offsetof(struct allusers_params, attachedwiki),
	  .desc = "With auprop=centralids, also indicate whether the user is attached with the wiki "
		  "identified by this ID." },
	{ 0 }
};

/* $wgActiveUserDays. */
#define ACTIVE_DAYS 30

/* Highest code point in UTF-8: appended to a prefix, it bounds every name with that prefix. */
#define MAX_CP_UTF8 "\xf4\x8f\xbf\xbf"

/* Name as MediaWiki's getCanonicalUserName for ranges: '_' → ' ', first letter upper. */
static const char *range_name(struct api_ctx *ctx, const char *s)
{
	const char *out;
	if (wiki_user_name_canonical(ctx->arena, s, WIKI_NAME_VALID, &out) == RC_OK)
		return out;
	char *c = arena_strdup(ctx->arena, s);
	for (char *q = c; *q; q++)
		if (*q == '_')
			*q = ' ';
	if (*c >= 'a' && *c <= 'z')
		*c = (char)(*c - 'a' + 'A');
	return c;
}

/* Append " AND [NOT] EXISTS (... ug_group IN (?...))" for `n` groups. */
static void group_clause(struct sbuf *sql, size_t n, bool negate)
{
	sbuf_addf(sql, " AND %sEXISTS (SELECT 1 FROM user_groups WHERE ug_user = user_id AND ug_group IN (",
		  negate ? "NOT " : "");
	for (size_t i = 0; i < n; i++)
		sbuf_adds(sql, i ? ", ?" : "?");
	sbuf_adds(sql, ") AND (ug_expiry IS NULL OR ug_expiry > ?))");
}

static int exec_allusers(struct api_ctx *ctx, void *vp)
{
	struct allusers_params *p = vp;
	bool desc = streq(p->dir, "descending");
	/* Groups that grant the asked rights, added to the group filter. */
	const char **groups = arena_calloc(ctx->arena, p->group.n + 16, sizeof(*groups));
	size_t n_groups = 0;
	for (size_t i = 0; i < p->group.n; i++)
		groups[n_groups++] = p->group.v[i];
	if (p->rights.n) {
		size_t n_granting = 0;
		for (const char *const *g = group_values; *g; g++) {
			const char **gr = wiki_group_rights(ctx->arena, *g);
			bool has = false;
			for (size_t i = 0; i < p->rights.n && !has; i++)
				for (size_t j = 0; gr[j] && !has; j++)
					has = streq(gr[j], p->rights.v[i]);
			if (has) {
				groups[n_groups++] = *g;
				n_granting++;
			}
		}
		/* As MediaWiki: no group grants them, nothing to look for. */
		if (n_granting == 0) {
			api_add_array(api_query_node(ctx), "allusers", "u");
			return RC_OK;
		}
	}
	/* The rights' groups count as augroup here, as MediaWiki merges them first. */
	if ((n_groups || api_param_given(ctx, "group")) && api_param_given(ctx, "excludegroup"))
		return api_error_param_mix(ctx, (const char *const[]){ "group", "excludegroup" }, 2);
	char now[15], active_since[15];
	wiki_timestamp_now(now);
	ts_format_mw(util_now() - ACTIVE_DAYS * 86400, active_since);
	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_adds(&sql, "SELECT user_id, user_name, user_editcount, user_registration, user_is_temp");
	if (p->activeusers)
		sbuf_adds(&sql, ", (SELECT COUNT(*) FROM recentchanges JOIN actor ON actor_id = rc_actor"
				" WHERE actor_user = user_id AND rc_type NOT IN (5, 6) AND rc_timestamp >= ?)");
	sbuf_adds(&sql, " FROM \"user\" WHERE 1 = 1");
	const char *from = p->from ? range_name(ctx, p->from) : NULL;
	const char *to = p->to ? range_name(ctx, p->to) : NULL;
	const char *prefix = p->prefix ? range_name(ctx, p->prefix) : NULL;
	if (from)
		sbuf_adds(&sql, desc ? " AND user_name <= ?" : " AND user_name >= ?");
	if (to)
		sbuf_adds(&sql, desc ? " AND user_name >= ?" : " AND user_name <= ?");
	if (prefix)
		sbuf_adds(&sql, " AND user_name >= ? AND user_name < ?");
	if (n_groups)
		group_clause(&sql, n_groups, false);
	if (p->excludegroup.n)
		group_clause(&sql, p->excludegroup.n, true);
	if (p->witheditsonly)
		sbuf_adds(&sql, " AND user_editcount > 0");
	/* Accounts hidden by a block are not listed for readers without hideuser. */
	bool see_hidden = wiki_user_can(ctx->user, "hideuser");
	if (!see_hidden)
		sbuf_adds(&sql, " AND NOT EXISTS (SELECT 1 FROM block JOIN block_target ON bt_id = bl_target"
				" WHERE bt_user = user_id AND bl_deleted = 1 AND bl_expiry > ?)");
	if (p->activeusers)
		sbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM recentchanges JOIN actor ON actor_id = rc_actor"
				" WHERE actor_user = user_id AND rc_type NOT IN (5, 6) AND rc_timestamp >= ?)");
	sbuf_adds(&sql, desc ? " ORDER BY user_name DESC LIMIT ?" : " ORDER BY user_name LIMIT ?");
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	int idx = 1;
	if (p->activeusers)
		store_bind_text(st, idx++, active_since, STORE_NTS);
	if (from)
		store_bind_text(st, idx++, from, STORE_NTS);
	if (to)
		store_bind_text(st, idx++, to, STORE_NTS);
	if (prefix) {
		store_bind_text(st, idx++, prefix, STORE_NTS);
		store_bind_text(st, idx++, arena_printf(ctx->arena, "%s" MAX_CP_UTF8, prefix), STORE_NTS);
	}
	for (size_t i = 0; i < n_groups; i++)
		store_bind_text(st, idx++, groups[i], STORE_NTS);
	if (n_groups)
		store_bind_text(st, idx++, now, STORE_NTS);
	for (size_t i = 0; i < p->excludegroup.n; i++)
		store_bind_text(st, idx++, p->excludegroup.v[i], STORE_NTS);
	if (p->excludegroup.n)
		store_bind_text(st, idx++, now, STORE_NTS);
	if (!see_hidden)
		store_bind_text(st, idx++, now, STORE_NTS);
	if (p->activeusers)
		store_bind_text(st, idx++, active_since, STORE_NTS);
	store_bind_int(st, idx++, p->limit + 1);

	/* Read the rows first: loading groups per user runs other statements. */
	struct row {
		struct wiki_user u;  /* id, name, editcount, registration */
		int64_t recent;      /* recentactions */
	};
	struct row *rows = arena_calloc(ctx->arena, (size_t)p->limit + 1, sizeof(*rows));
	size_t n = 0;
	int rc = STORE_DONE;
	while (n < (size_t)p->limit + 1 && (rc = store_step(st)) == STORE_ROW) {
		rows[n].u.id = store_col_int(st, 0);
		rows[n].u.name = store_col_dup(st, ctx->arena, 1);
		rows[n].u.editcount = store_col_int(st, 2);
		rows[n].u.registration = store_col_dup(st, ctx->arena, 3);
		rows[n].u.is_temp = store_col_int(st, 4) != 0;
		if (p->activeusers)
			rows[n].recent = store_col_int(st, 5);
		n++;
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	struct api_node *list = api_add_array(api_query_node(ctx), "allusers", "u");
	const struct api_list *pr = &p->prop;
	bool need_groups = api_list_has(pr, "groups") || api_list_has(pr, "rights");
	for (size_t i = 0; i < n; i++) {
		struct wiki_user *u = &rows[i].u;
		if (i == (size_t)p->limit || api_result_full(ctx)) {
			api_continue_set(ctx, "from", u->name);
			break;
		}
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "userid", u->id);
		api_add_str(e, "name", u->name);
		if (api_list_has(pr, "centralids")) {
			api_add_int(api_add_object(e, "centralids"), "local", u->id);
			api_add_bool(api_add_object(e, "attachedlocal"), "local", true);
		}
		bool f_block = api_list_has(pr, "blockinfo");
		if (f_block || see_hidden) {
			const struct wiki_block *b = NULL;
			if (wiki_block_of_account(ctx->store, ctx->arena, u->id, &b) != RC_OK)
				return api_db_error(ctx);
			if (b && f_block)
				api_add_blockinfo(ctx, e, b);
			if (b && b->hidden)
				api_add_bool(e, "hidden", true);
		}
		if (api_list_has(pr, "editcount"))
			api_add_int(e, "editcount", u->editcount);
		if (api_list_has(pr, "registration")) {
			const char *iso = wiki_timestamp_iso(ctx->arena, u->registration);
			api_add_str(e, "registration", iso ? iso : "");
		}
		const char **implicit = wiki_user_implicit_groups(ctx->arena, u);
		if (need_groups) {
			struct wiki_group_membership *gm;
			size_t ng = 0;
			wiki_user_memberships(ctx->arena, ctx->store, u->id, &gm, &ng);
			u->groups = arena_calloc(ctx->arena, ng + 1, sizeof(*u->groups));
			for (size_t j = 0; j < ng; j++)
				u->groups[j] = gm[j].group;
		}
		if (api_list_has(pr, "groups")) {
			struct api_node *l = api_add_array(e, "groups", "g");
			for (const char **g = implicit; *g; g++)
				api_add_str(l, NULL, *g);
			for (const char **g = u->groups; *g; g++)
				api_add_str(l, NULL, *g);
		}
		if (api_list_has(pr, "implicitgroups")) {
			struct api_node *l = api_add_array(e, "implicitgroups", "g");
			for (const char **g = implicit; *g; g++)
				api_add_str(l, NULL, *g);
		}
		if (api_list_has(pr, "rights")) {
			wiki_user_compute_rights(ctx->arena, u);
			struct api_node *l = api_add_array(e, "rights", "r");
			/* Per group, implicit first, in each group's own order; no repeats. */
			const char **seen = arena_calloc(ctx->arena, 512, sizeof(*seen));
			size_t n_seen = 0;
			for (int pass = 0; pass < 2; pass++) {
				const char **gl = pass == 0 ? implicit : u->groups;
				for (size_t g = 0; gl[g]; g++) {
					const char **gr = wiki_group_rights(ctx->arena, gl[g]);
					for (size_t j = 0; gr[j] && n_seen < 511; j++) {
						bool dup = false;
						for (size_t k = 0; k < n_seen && !dup; k++)
							dup = streq(seen[k], gr[j]);
						if (!dup && wiki_user_can(u, gr[j])) {
							seen[n_seen++] = gr[j];
							api_add_str(l, NULL, gr[j]);
						}
					}
				}
			}
		}
		if (p->activeusers)
			api_add_int(e, "recentactions", rows[i].recent);
	}
	return RC_OK;
}

const struct api_module api_module_list_allusers = {
	.name = "allusers",
	.group = API_G_LIST,
	.prefix = "au",
	.flags = 0,
	.params = params,
	.params_size = sizeof(struct allusers_params),
	.summary = "List the registered accounts, in name order.",
	.examples = (const char *const[]){
		"action=query&list=allusers&aufrom=Y", "Accounts from the letter Y onwards.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Allusers", NULL },
	.exec = exec_allusers,
};
