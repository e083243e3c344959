/* SPDX-License-Identifier: MIT */
/*
 * list_deletedrevs.c — list=deletedrevs, deprecated since MediaWiki
 * 1.25 but still served, as 1.39's ApiQueryDeletedrevs: archived
 * revisions in one of three modes — of the titles of the page set (1),
 * by one user (2), or of one namespace (3, with from/to/prefix and
 * "unique" for one revision per title). Needs deletedhistory; content
 * needs deletedtext or undelete. Each title is an entry {revisions, ns,
 * title} (and the deprecated undelete token, for those who may
 * undelete); the revisions carry MediaWiki's own fields of this module
 * (len as text, the content under "text"), with the parts hidden by
 * revision deletion left out for users who may not see them.
 */
#include "revs_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

struct dr_params {
	const char *start;       /* 14-digit timestamp (modes 1, 2) */
	const char *end;         /* 14-digit timestamp (modes 1, 2) */
	const char *dir;         /* newer | older */
	const char *from;        /* first title (mode 3) */
	const char *to;          /* last title (mode 3) */
	const char *prefix;      /* title prefix (mode 3) */
	bool unique;             /* one revision per title (mode 3) */
	long ns;                 /* the namespace (mode 3) */
	const char *tag;         /* only revisions with this change tag */
	const char *user;        /* only this user's revisions */
	const char *excludeuser; /* leave out this user's revisions */
	struct api_list prop;    /* what to show */
	long limit;              /* revisions per batch */
	const char *cont;        /* the continuation */
};

static const struct api_param params[] = {
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct dr_params, start),
	  .info = "modes|1|2=In modes 1 and 2.",
	  .desc = "List revisions from this time on. Modes 1 and 2." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct dr_params, end),
	  .info = "modes|1|2=In modes 1 and 2.",
	  .desc = "List revisions up to this time. Modes 1 and 2." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older", .info = "modes|1|3=In modes 1 and 3.",
	  .values = (const char *const[]){ "newer", "older", NULL }, .offset = offsetof(struct dr_params, dir),
	  .desc = "In which direction to list. Modes 1 and 3.",
	  .value_descs = (const char *const[]){ "newer=Oldest first.", "older=Newest first.", NULL } },
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct dr_params, from), .info = "modes|3=In mode 3.",
	  .desc = "Start listing at this title. Mode 3." },
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct dr_params, to), .info = "modes|3=In mode 3.",
	  .desc = "Stop listing at this title. Mode 3." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct dr_params, prefix), .info = "modes|3=In mode 3.",
	  .desc = "Only titles that begin with this value. Mode 3." },
	{ .name = "unique", .type = API_T_BOOL, .offset = offsetof(struct dr_params, unique), .info = "modes|3=In mode 3.",
	  .desc = "Only one revision per title. Mode 3." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .dflt = "0", .offset = offsetof(struct dr_params, ns),
	  .info = "modes|3=In mode 3.", .desc = "Only titles in this namespace. Mode 3." },
	{ .name = "tag", .type = API_T_STRING, .offset = offsetof(struct dr_params, tag),
	  .desc = "Only revisions with this change tag." },
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct dr_params, user), .desc = "Only revisions made by this user." },
	{ .name = "excludeuser", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct dr_params, excludeuser), .desc = "Leave out revisions made by this user." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "user|comment",
	  .values = (const char *const[]){ "comment", "content", "len", "minor", "parentid", "parsedcomment", "revid",
					   "sha1", "tags", "user", "userid", "token", NULL },
	  .deprecated_values = (const char *const[]){ "token", NULL },
	  .value_descs = (const char *const[]){
		  "comment=The edit summary.",
		  "content=The content of the revision.",
		  "len=The length in bytes of the revision.",
		  "minor=Whether the revision is minor.",
		  "parentid=The revision ID of the revision before it on its page.",
		  "parsedcomment=The edit summary as HTML.",
		  "revid=The revision ID.",
		  "sha1=The SHA-1 (base 16) of the revision.",
		  "tags=The revision's change tags.",
		  "user=Who made the revision.",
		  "userid=The user ID of who made the revision.",
		  "token=Deprecated: the undelete token (get it from meta=tokens).",
		  NULL },
	  .offset = offsetof(struct dr_params, prop), .desc = "What to show about each revision." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct dr_params, limit), .desc = "How many revisions to list." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct dr_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* One archived revision read. */
struct dr_row {
	struct revs_row rev; /* the row's fields */
	int64_t ar_id;       /* its archive row */
	bool has_parent;     /* ar_parent_id is set */
};

/* What is shown. */
struct dr_fields {
	bool parentid, revid, user, userid, comment, parsedcomment, minor, len, sha1, content, token, tags;
	struct query_tags tag_rows; /* prop=tags: the listed revisions' tags, read by one query */
};

/* May the user see a part hidden by `field` of a revision with `bits` (RevisionRecord::userCanBitfield())? */
static bool can_see(const struct wiki_user *u, int64_t bits, int64_t field)
{
	if (!(bits & field))
		return true;
	if (bits & 8)
		return wiki_user_can(u, "suppressrevision") || wiki_user_can(u, "viewsuppressed");
	return wiki_user_can(u, field == 1 ? "deletedtext" : "deletedhistory");
}

/* One revision object as ApiQueryDeletedrevs writes it. */
static int add_rev(struct api_ctx *ctx, struct api_node *list, const struct dr_fields *f, const struct dr_row *row)
{
	const struct revs_row *r = &row->rev;
	struct api_node *e = api_add_object(list, NULL);
	bool any_hidden = false;
	api_add_str(e, "timestamp", query_ts_iso(ctx->arena, r->ts));
	if (f->revid)
		api_add_int(e, "revid", r->revid);
	if (f->parentid && row->has_parent)
		api_add_int(e, "parentid", r->parent);
	if (f->user || f->userid) {
		if (r->deleted & 4) {
			api_add_bool(e, "userhidden", true);
			any_hidden = true;
		}
		if (can_see(ctx->user, r->deleted, 4)) {
			if (f->user)
				api_add_str(e, "user", r->uname);
			if (f->userid)
				api_add_int(e, "userid", r->uid);
		}
	}
	if (f->comment || f->parsedcomment) {
		if (r->deleted & 2) {
			api_add_bool(e, "commenthidden", true);
			any_hidden = true;
		}
		if (can_see(ctx->user, r->deleted, 2)) {
			if (f->comment)
				api_add_str(e, "comment", r->comment);
			if (f->parsedcomment) {
				struct wiki_title self;
				wiki_title_make(ctx->arena, r->page_ns, r->page_dbkey, &self);
				api_add_str(e, "parsedcomment", wiki_comment_html(ctx->arena, ctx->store, r->comment, &self));
			}
		}
	}
	if (f->minor)
		api_add_bool(e, "minor", r->minor);
	/* MediaWiki gives the database's text here. */
	if (f->len)
		api_add_str(e, "len", arena_printf(ctx->arena, "%lld", (long long)r->size));
	if (f->sha1) {
		if (r->deleted & 1) {
			api_add_bool(e, "sha1hidden", true);
			any_hidden = true;
		}
		if (can_see(ctx->user, r->deleted, 1)) {
			char hex[41];
			query_sha1_b36_to_hex(r->sha1, hex);
			api_add_str(e, "sha1", hex);
		}
	}
	if (f->content) {
		if (r->deleted & 1) {
			api_add_bool(e, "texthidden", true);
			any_hidden = true;
		}
		if (can_see(ctx->user, r->deleted, 1)) {
			const char *text = "";
			size_t len = 0;
			if (wiki_revision_text(ctx->store, ctx->arena, r->revid, &text, &len, NULL) != RC_OK) {
				text = "";
				len = 0;
			}
			api_add_content_as(e, "text", text, len);
		}
	}
	if (f->tags)
		query_tags_add(e, &f->tag_rows, r->revid);
	if (any_hidden && (r->deleted & 8))
		api_add_bool(e, "suppressed", true);
	return RC_OK;
}

static int exec_deletedrevs(struct api_ctx *ctx, void *vp)
{
	struct dr_params *p = vp;
	if (!wiki_user_can(ctx->user, "deletedhistory"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-deletedhistory", NULL, 0));
	/* addDeprecation(): the warning with its feature, and the pointer to the announcements list. */
	api_warn(ctx, "deprecation", "apiwarn-deprecation-deletedrevs");
	api_node_remove(api_warning_data(ctx), "feature");
	api_add_str(api_warning_data(ctx), "feature", "action=query&list=deletedrevs");
	api_warn_for(ctx, "main", "deprecation-help", "api-usage-mailinglist-ref");

	struct dr_fields f = {
		.parentid = api_list_has(&p->prop, "parentid"), .revid = api_list_has(&p->prop, "revid"),
		.user = api_list_has(&p->prop, "user"), .userid = api_list_has(&p->prop, "userid"),
		.comment = api_list_has(&p->prop, "comment"), .parsedcomment = api_list_has(&p->prop, "parsedcomment"),
		.minor = api_list_has(&p->prop, "minor"), .len = api_list_has(&p->prop, "len"),
		.sha1 = api_list_has(&p->prop, "sha1"), .content = api_list_has(&p->prop, "content"),
		.token = api_list_has(&p->prop, "token") && wiki_user_can(ctx->user, "undelete"),
		.tags = api_list_has(&p->prop, "tags"),
	};
	/* Mode 1 with titles, 2 with a user, else 3. */
	struct api_pageset *ps = query_pageset_current(ctx);
	size_t n_titles = 0;
	for (size_t i = 0; i < ps->n_pages; i++)
		n_titles += ps->pages[i]->kind == QUERY_PAGE_GOOD || ps->pages[i]->kind == QUERY_PAGE_MISSING;
	int mode = n_titles ? 1 : p->user ? 2 : 3;
	if (mode != 3) {
		const char *names[] = { "from", "to", "prefix" };
		const bool given[] = { p->from != NULL, p->to != NULL, p->prefix != NULL };
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (given[i])
				return api_error(ctx, "badparams", "apierror-deletedrevs-param-not-1-2", names[i]);
	} else {
		const char *names[] = { "start", "end" };
		const bool given[] = { p->start != NULL, p->end != NULL };
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (given[i])
				return api_error(ctx, "badparams", "apierror-deletedrevs-param-not-3", names[i]);
	}
	if (p->user && p->excludeuser)
		return api_error(ctx, "badparams", "apierror-deletedrevs-user-excludeuser");
	if (f.content && !wiki_user_can(ctx->user, "deletedtext") && !wiki_user_can(ctx->user, "undelete"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-deletedtext", NULL, 0));
	struct revs_run lr = { .ctx = ctx, .fetch_content = f.content };
	long limit = revs_limit(ctx, &lr, p->limit, 10);
	bool newer = streq(p->dir, "newer");
	const char *op = newer ? ">" : "<", *ord = newer ? "ASC" : "DESC";

	/* The continuation: "ns|title|timestamp|ar_id", or "timestamp|ar_id" in mode 2. */
	const char *parts[4] = { 0 };
	size_t lens[4] = { 0 }, n_parts = 0;
	char cont_ts[15] = "";
	long long c_ns = 0, c_id = 0;
	if (p->cont) {
		n_parts = revs_cont_split(p->cont, parts, lens);
		if (!n_parts)
			return api_error(ctx, "badcontinue", NULL);
		int64_t t;
		if (n_parts != (mode == 2 ? 2u : 4u) || (mode != 2 && !revs_cont_int(parts[0], lens[0], &c_ns)) ||
		    !revs_cont_int(parts[n_parts - 1], lens[n_parts - 1], &c_id) ||
		    ts_parse(arena_strndup(ctx->arena, parts[n_parts - 2], lens[n_parts - 2]), &t) != RC_OK)
			return api_error(ctx, "badcontinue", NULL);
		ts_format_mw(t, cont_ts);
	}
	const char *from = NULL, *to = NULL, *prefix = NULL;
	if (mode == 3 && p->from && !(from = revs_part_key(ctx, p->from, (int)p->ns)))
		return RC_ERR;
	if (mode == 3 && p->to && !(to = revs_part_key(ctx, p->to, (int)p->ns)))
		return RC_ERR;
	if (mode == 3 && p->prefix && !(prefix = revs_part_key(ctx, p->prefix, (int)p->ns)))
		return RC_ERR;
	int64_t user_actor = p->user ? revs_actor_of(ctx, p->user) : 0;
	int64_t excl_actor = p->excludeuser ? revs_actor_of(ctx, p->excludeuser) : 0;
	struct api_node *list = api_add_array(api_query_node(ctx), "deletedrevs", "page");
	if (p->user && !user_actor)
		return RC_OK;

	struct sbuf sql;
	sbuf_init(&sql, 1 << 20);
	sbuf_adds(&sql, "SELECT " REVS_AR_COLS ", ar_parent_id IS NOT NULL" REVS_AR_JOINS " WHERE 1 = 1");
	if (mode == 1) {
		sbuf_adds(&sql, " AND (");
		size_t k = 0;
		for (size_t i = 0; i < ps->n_pages; i++) {
			const struct query_page *pg = ps->pages[i];
			if (pg->kind == QUERY_PAGE_GOOD || pg->kind == QUERY_PAGE_MISSING)
				sbuf_addf(&sql, "%s(ar_namespace = %d AND ar_title = ?)", k++ ? " OR " : "", pg->ns);
		}
		sbuf_addc(&sql, ')');
	} else if (mode == 3) {
		sbuf_addf(&sql, " AND ar_namespace = %ld", p->ns);
		if (from)
			sbuf_addf(&sql, " AND ar_title %s ?", newer ? ">=" : "<=");
		if (to)
			sbuf_addf(&sql, " AND ar_title %s ?", newer ? "<=" : ">=");
		/* Range scan on the prefix: [prefix, prefix + U+10FFFF). */
		if (prefix)
			sbuf_adds(&sql, " AND ar_title >= ? AND ar_title < ?");
		if (p->unique)
			sbuf_adds(&sql, " AND ar_id IN (SELECT MAX(ar_id) FROM archive GROUP BY ar_namespace, ar_title)");
	}
	if (p->tag)
		sbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				" WHERE ct_rev_id = ar_rev_id AND ctd_name = ?)");
	if (user_actor)
		sbuf_adds(&sql, " AND ar_actor = ?");
	if (excl_actor)
		sbuf_adds(&sql, " AND ar_actor <> ?");
	if (user_actor || excl_actor)
		revs_deleted_user_paranoia(ctx, &sql);
	if (p->cont && mode == 2)
		sbuf_addf(&sql, " AND (ar_timestamp %s ? OR (ar_timestamp = ? AND ar_id %s= ?))", op, op);
	else if (p->cont)
		sbuf_addf(&sql, " AND (ar_namespace %s ? OR (ar_namespace = ? AND (ar_title %s ? OR (ar_title = ? AND"
				" (ar_timestamp %s ? OR (ar_timestamp = ? AND ar_id %s= ?))))))", op, op, op, op);
	if (mode != 3 && p->start)
		sbuf_addf(&sql, " AND ar_timestamp %s ?", newer ? ">=" : "<=");
	if (mode != 3 && p->end)
		sbuf_addf(&sql, " AND ar_timestamp %s ?", newer ? "<=" : ">=");
	if (mode == 1)
		sbuf_addf(&sql, " ORDER BY ar_namespace %s, ar_title %s, ar_timestamp %s, ar_id %s", ord, ord, ord, ord);
	else if (mode == 2)
		sbuf_addf(&sql, " ORDER BY ar_timestamp %s, ar_id %s", ord, ord);
	else
		sbuf_addf(&sql, " ORDER BY ar_title %s, ar_timestamp %s, ar_id %s", ord, ord, ord);
	sbuf_addf(&sql, " LIMIT %ld", limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int idx = 1;
	for (size_t i = 0; mode == 1 && i < ps->n_pages; i++) {
		const struct query_page *pg = ps->pages[i];
		if (pg->kind == QUERY_PAGE_GOOD || pg->kind == QUERY_PAGE_MISSING)
			store_bind_text(st, idx++, pg->dbkey, STORE_NTS);
	}
	if (from)
		store_bind_text(st, idx++, from, STORE_NTS);
	if (to)
		store_bind_text(st, idx++, to, STORE_NTS);
	if (prefix) {
		store_bind_text(st, idx++, prefix, STORE_NTS);
		store_bind_text(st, idx++, arena_printf(ctx->arena, "%s\xf4\x8f\xbf\xbf", prefix), STORE_NTS);
	}
	if (p->tag)
		store_bind_text(st, idx++, p->tag, STORE_NTS);
	if (user_actor)
		store_bind_int(st, idx++, user_actor);
	if (excl_actor)
		store_bind_int(st, idx++, excl_actor);
	if (p->cont && mode == 2) {
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_int(st, idx++, c_id);
	} else if (p->cont) {
		const char *title = arena_strndup(ctx->arena, parts[1], lens[1]);
		store_bind_int(st, idx++, c_ns);
		store_bind_int(st, idx++, c_ns);
		store_bind_text(st, idx++, title, STORE_NTS);
		store_bind_text(st, idx++, title, STORE_NTS);
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_int(st, idx++, c_id);
	}
	if (mode != 3 && p->start)
		store_bind_text(st, idx++, p->start, STORE_NTS);
	if (mode != 3 && p->end)
		store_bind_text(st, idx++, p->end, STORE_NTS);
	struct dr_row *rows = arena_alloc(ctx->arena, (size_t)(limit + 1) * sizeof(*rows));
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW && n <= limit) {
		revs_read_row(st, ctx->arena, &rows[n].rev);
		rows[n].ar_id = store_col_int(st, 13);
		rows[n].has_parent = store_col_int(st, 14) != 0;
		n++;
	}
	store_stmt_done(st);
	if (step < 0)
		return api_db_error(ctx);

	if (f.tags) {
		int64_t *revids = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof(*revids));
		for (long i = 0; i < n; i++)
			revids[i] = rows[i].rev.revid;
		if (query_tags_of_revs(ctx, revids, (size_t)n, &f.tag_rows) != RC_OK)
			return RC_ERR;
	}
	const char *token = f.token ? wiki_token_make(ctx->arena, ctx->user, "csrf", util_now()) : NULL;
	struct api_node **seen_list = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof(*seen_list));
	long *seen_row = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof(*seen_row));
	long n_seen = 0;
	for (long i = 0; i < n; i++) {
		if (i == limit || (i > 0 && api_result_full(ctx))) {
			const struct dr_row *r = &rows[i];
			api_continue_set(ctx, "continue",
					 mode == 2 ? arena_printf(ctx->arena, "%s|%lld", r->rev.ts, (long long)r->ar_id)
						   : arena_printf(ctx->arena, "%d|%s|%s|%lld", r->rev.page_ns, r->rev.page_dbkey,
								  r->rev.ts, (long long)r->ar_id));
			break;
		}
		struct api_node *revs = NULL;
		for (long k = 0; k < n_seen && !revs; k++)
			if (rows[seen_row[k]].rev.page_ns == rows[i].rev.page_ns &&
			    streq(rows[seen_row[k]].rev.page_dbkey, rows[i].rev.page_dbkey))
				revs = seen_list[k];
		if (!revs) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, rows[i].rev.page_ns, rows[i].rev.page_dbkey, &t);
			struct api_node *e = api_add_object(list, NULL);
			revs = api_add_array(e, "revisions", "rev");
			api_add_int(e, "ns", t.ns);
			api_add_str(e, "title", t.prefixed);
			if (token)
				api_add_str(e, "token", token);
			seen_row[n_seen] = i;
			seen_list[n_seen++] = revs;
		}
		if (add_rev(ctx, revs, &f, &rows[i]) != RC_OK)
			return RC_ERR;
	}
	return RC_OK;
}

const struct api_module api_module_list_deletedrevs = {
	.name = "deletedrevs",
	.group = API_G_LIST,
	.prefix = "dr",
	.flags = API_M_DEPRECATED,
	.params = params,
	.params_size = sizeof(struct dr_params),
	.summary = "List deleted revisions.",
	.help = "Works in three modes: 1) the deleted revisions of the given titles, sorted by timestamp; "
		"2) the deleted contributions of one user, sorted by timestamp; 3) all deleted revisions of one "
		"namespace, sorted by title and timestamp. Deprecated: use prop=deletedrevisions or "
		"list=alldeletedrevisions.",
	.examples = (const char *const[]){
		"action=query&list=deletedrevs&titles=Main%20Page|Talk:Main%20Page&drprop=user|comment|content",
		"The last deleted revisions of Main Page and its talk page, with content (mode 1).",
		"action=query&list=deletedrevs&druser=Bob&drlimit=50",
		"The last 50 deleted contributions of Bob (mode 2).",
		"action=query&list=deletedrevs&drdir=newer&drlimit=50",
		"The first 50 deleted revisions in the main namespace (mode 3).",
		"action=query&list=deletedrevs&drdir=newer&drlimit=50&drnamespace=1&drunique=",
		"The first 50 deleted talk pages (mode 3).",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Deletedrevs", NULL },
	.exec = exec_deletedrevs,
};
