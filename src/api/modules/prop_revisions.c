/* SPDX-License-Identifier: MIT */
/*
 * prop_revisions.c — prop=revisions: revisions of the pages of the set.
 *
 * Three modes, as MediaWiki's ApiQueryRevisions:
 *   - latest: no enumeration parameter given → the current revision of
 *     every page (content limited to 50 pages per request, 500 with
 *     apihighlimits, continued by revision id);
 *   - revids: the set came from revids= → exactly those revisions;
 *   - enumeration: rvlimit, rvstart/rvend, rvstartid/rvendid,
 *     rvdir=newer, rvuser or rvexcludeuser given → the history of the one
 *     page of the set, continued by "timestamp|revid".
 * Without rvslots the content goes to the revision itself (the legacy
 * shape, with a deprecation warning); with rvslots it goes under
 * slots.<role>. parsedcomment and parsetree need the wikitext parser and
 * are not offered yet; neither are the deprecated expandtemplates,
 * generatexml, parse, diffto*, contentformat parameters.
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct rev_params {
	struct api_list prop;  /* rvprop */
	struct api_list slots; /* rvslots */
	long limit;            /* rvlimit */
	const char *section;   /* rvsection */
	long startid, endid;   /* rvstartid, rvendid (0 = absent) */
	const char *start;     /* rvstart, 14 digits */
	const char *end;       /* rvend, 14 digits */
	const char *dir;       /* rvdir */
	const char *user;      /* rvuser */
	const char *excludeuser; /* rvexcludeuser */
	const char *tag;       /* rvtag */
	const char *cont;      /* rvcontinue */
};

static const char *const prop_values[] = {
	"comment", "content", "contentmodel", "flags", "ids", "roles", "sha1", "size", "slotsha1",
	"slotsize", "tags", "timestamp", "user", "userid", NULL
};
static const char *const slot_values[] = { "main", NULL };
static const char *const dir_values[] = { "newer", "older", NULL };

/* Content is heavy: at most this many revisions with content per request (MediaWiki's LIMIT_SML1/2). */
#define CONTENT_LIMIT 50
#define CONTENT_LIMIT_HIGH 500
/* Revisions without content per request (LIMIT_BIG1/2). */
#define REV_LIMIT 500
#define REV_LIMIT_HIGH 5000
/* Default rvlimit in enumeration mode. */
#define REV_LIMIT_DEFAULT 10

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = prop_values,
	  .dflt = "ids|timestamp|flags|comment|user", .offset = offsetof(struct rev_params, prop),
	  .desc = "What to report about each revision.",
	  .value_descs = (const char *const[]){
		  "comment=The edit summary.",
		  "content=The content of each slot (see rvslots).",
		  "contentmodel=The content model of each slot.",
		  "flags=Revision flags (minor).",
		  "ids=The revision ID and its parent's.",
		  "roles=The slot roles the revision has.",
		  "sha1=SHA-1 (base 16) of the revision.",
		  "size=Length in bytes of the revision.",
		  "slotsha1=SHA-1 (base 16) of each slot.",
		  "slotsize=Length in bytes of each slot.",
		  "tags=Tags of the revision.",
		  "timestamp=When the revision was made.",
		  "user=Who made the revision.",
		  "userid=The user ID of who made the revision.",
		  NULL } },
	{ .name = "slots", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_ALLOW_ALL, .values = slot_values,
	  .offset = offsetof(struct rev_params, slots),
	  .desc = "Which slots to return data for, when slot properties are requested. Without it the "
		  "main slot's data is returned in the deprecated legacy format." },
	{ .name = "limit", .type = API_T_LIMIT, .flags = API_P_HAS_MIN | API_P_HAS_MAX, .min = 1,
	  .max = REV_LIMIT, .max_high = REV_LIMIT_HIGH, .offset = offsetof(struct rev_params, limit),
	  .desc = "How many revisions to return (one page only). With content the limit is 50 "
		  "(500 with apihighlimits)." },
	{ .name = "section", .type = API_T_STRING, .offset = offsetof(struct rev_params, section),
	  .desc = "Only the content of the section with this number." },
	{ .name = "startid", .type = API_T_INT, .offset = offsetof(struct rev_params, startid),
	  .desc = "Start listing from this revision's timestamp (one page only)." },
	{ .name = "endid", .type = API_T_INT, .offset = offsetof(struct rev_params, endid),
	  .desc = "Stop listing at this revision's timestamp (one page only)." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct rev_params, start),
	  .desc = "From which revision timestamp to start listing (one page only)." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct rev_params, end),
	  .desc = "Until which revision timestamp to list (one page only)." },
	{ .name = "dir", .type = API_T_ENUM, .values = dir_values, .dflt = "older",
	  .offset = offsetof(struct rev_params, dir),
	  .desc = "In which direction to list (one page only).",
	  .value_descs = (const char *const[]){ "newer=Oldest first.", "older=Newest first.", NULL } },
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct rev_params, user), .desc = "Only revisions made by this user (one page only)." },
	{ .name = "excludeuser", .type = API_T_USER,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct rev_params, excludeuser),
	  .desc = "Leave out revisions made by this user (one page only)." },
	{ .name = "tag", .type = API_T_STRING, .offset = offsetof(struct rev_params, tag),
	  .desc = "Only revisions tagged with this tag." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct rev_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* Requested rvprop values. */
struct rev_fields {
	bool ids, flags, timestamp, user, userid, size, slotsize, sha1, slotsha1, model, comment, content, tags,
		roles;
};

/* Base-36 SHA-1 (31 digits) → 40 hex digits into `out` ("" when malformed). */
void query_sha1_b36_to_hex(const char *b36, char out[41])
{
	unsigned char num[20] = { 0 };
	out[0] = '\0';
	if (!*b36)
		return;
	for (const char *c = b36; *c; c++) {
		int d = (*c >= '0' && *c <= '9') ? *c - '0' : (*c >= 'a' && *c <= 'z') ? *c - 'a' + 10 : -1;
		if (d < 0)
			return;
		unsigned carry = (unsigned)d;
		for (int i = 19; i >= 0; i--) {
			unsigned v = num[i] * 36u + carry;
			num[i] = (unsigned char)(v & 0xff);
			carry = v >> 8;
		}
	}
	util_hex(num, 20, out);
	out[40] = '\0';
}

/* The content format MediaWiki names for a model's default serialization. */
static const char *model_format(const char *model)
{
	if (streq(model, "css"))
		return "text/css";
	if (streq(model, "javascript"))
		return "text/javascript";
	if (streq(model, "json"))
		return "application/json";
	if (streq(model, "text"))
		return "text/plain";
	return "text/x-wiki";
}

struct rev_run {
	struct api_ctx *ctx;        /* request */
	struct rev_params *rp;      /* parameters */
	struct rev_fields f;        /* rvprop */
	bool legacy;                /* no rvslots: content at revision level */
	long section;               /* rvsection, -1 when absent */
	bool section_t;             /* rvsection "T-N": the transcluded view */
	bool need_slots;            /* some slot data requested */
};

/* Slot members of one revision: under slots.<role> or (legacy) on the revision. */
static int add_slots(struct rev_run *r, struct api_node *rev, int64_t revid, bool text_hidden)
{
	struct api_ctx *ctx = r->ctx;
	struct store_stmt *st = store_prepare(ctx->store,
		"SELECT role_name, content_size, content_sha1, model_name, content_id FROM slots"
		" JOIN slot_roles ON role_id = slot_role_id JOIN content ON content_id = slot_content_id"
		" JOIN content_models ON model_id = content_model WHERE slot_revision_id = ? ORDER BY role_id");
	store_bindv(st, "i", revid);
	struct api_node *slots = NULL;
	if (!r->legacy && r->need_slots)
		slots = api_add_object(rev, "slots");
	int step;
	/* Rows are copied before any further query: store_content_get() reuses statements. */
	struct slot_row {
		const char *role, *sha1, *model;
		int64_t size, content_id;
	} rows[8];
	size_t n = 0;
	while ((step = store_step(st)) == STORE_ROW && n < ARRAY_SIZE(rows)) {
		rows[n].role = store_col_dup(st, ctx->arena, 0);
		rows[n].size = store_col_int(st, 1);
		rows[n].sha1 = store_col_dup(st, ctx->arena, 2);
		rows[n].model = store_col_dup(st, ctx->arena, 3);
		rows[n].content_id = store_col_int(st, 4);
		n++;
	}
	store_stmt_done(st);
	if (step < 0)
		return api_error(ctx, "internal_api_error_DBQueryError", "apierror-databaseerror", store_errmsg(ctx->store));
	if (r->f.roles) {
		/* roles come before slots in MediaWiki's output; move them there. */
		struct api_node *roles = api_add_array(rev, "roles", "role");
		for (size_t i = 0; i < n; i++)
			api_add_str(roles, NULL, rows[i].role);
		if (slots) {
			api_node_unlink(slots);
			slots->next = NULL;
			slots->parent = rev;
			if (rev->last)
				rev->last->next = slots;
			else
				rev->first = slots;
			rev->last = slots;
			rev->n_children++;
		}
	}
	for (size_t i = 0; i < n; i++) {
		bool is_main = streq(rows[i].role, "main");
		if (r->legacy && !is_main)
			continue;
		if (!r->legacy && !(api_list_has(&r->rp->slots, rows[i].role)))
			continue;
		struct api_node *sn = r->legacy ? rev : (slots ? api_add_object(slots, rows[i].role) : NULL);
		if (!sn)
			continue;
		if (!r->legacy && r->f.slotsize)
			api_add_int(sn, "size", rows[i].size);
		if (!r->legacy && r->f.slotsha1) {
			char hex[41];
			query_sha1_b36_to_hex(rows[i].sha1, hex);
			if (text_hidden)
				api_add_bool(sn, "sha1hidden", true);
			else
				api_add_str(sn, "sha1", hex);
		}
		if (r->f.model) {
			api_add_str(sn, "contentmodel", rows[i].model);
			if (r->f.content)
				api_add_str(sn, "contentformat", model_format(rows[i].model));
		}
		if (!r->f.content)
			continue;
		if (text_hidden) {
			api_add_bool(sn, "texthidden", true);
			continue;
		}
		const char *data;
		size_t len;
		int rc = store_content_get(ctx->store, ctx->arena, rows[i].content_id, &data, &len, NULL);
		if (rc != RC_OK)
			return api_error(ctx, "internal_api_error_DBQueryError", "apierror-databaseerror",
					 store_errmsg(ctx->store));
		if (r->section >= 0) {
			const char *sd;
			size_t sl;
			if (wiki_section_get(ctx->arena, data, len, r->section, r->section_t, &sd, &sl) != RC_OK) {
				api_add_bool(sn, "nosuchsection", true);
				continue;
			}
			data = sd;
			len = sl;
		}
		if (!r->f.model) {
			api_add_str(sn, "contentformat", model_format(rows[i].model));
			api_add_str(sn, "contentmodel", rows[i].model);
		}
		if (r->legacy)
			api_add_content(sn, data, len);
		else
			api_add_content_as(sn, "content", data, len);
	}
	return RC_OK;
}

#define REV_COLS                                                                                           \
	"rev_id, rev_parent_id, rev_minor_edit, rev_timestamp, rev_len, rev_sha1, rev_deleted, "               \
	"COALESCE(actor_name, ''), COALESCE(actor_user, 0), COALESCE(comment_text, ''), rev_page"
#define REV_JOINS " FROM revision LEFT JOIN actor ON actor_id = rev_actor LEFT JOIN comment ON comment_id = rev_comment_id"

/* One revision row (REV_COLS) into the page's "revisions" list. */
static int add_revision(struct rev_run *r, struct query_page *p, struct store_stmt *st)
{
	struct api_ctx *ctx = r->ctx;
	int64_t revid = store_col_int(st, 0), parent = store_col_int(st, 1);
	bool minor = store_col_int(st, 2) != 0;
	const char *ts = store_col_dup(st, ctx->arena, 3);
	int64_t size = store_col_int(st, 4);
	const char *sha1 = store_col_dup(st, ctx->arena, 5);
	int64_t deleted = store_col_int(st, 6);
	const char *uname = store_col_dup(st, ctx->arena, 7);
	int64_t uid = store_col_int(st, 8);
	const char *comment = store_col_dup(st, ctx->arena, 9);
	store_stmt_done(st);

	/* rev_deleted bits: 1 text, 2 comment, 4 user, 8 suppressed. */
	bool can_see = wiki_user_can(ctx->user, (deleted & 8) ? "viewsuppressed" : "deletedhistory");
	bool text_hidden = (deleted & 1) && !can_see, comment_hidden = (deleted & 2) && !can_see,
	     user_hidden = (deleted & 4) && !can_see;

	struct api_node *page = query_page_node(ctx, p);
	struct api_node *list = api_node_get(page, "revisions");
	if (!list)
		list = api_add_array(page, "revisions", "rev");
	struct api_node *rev = api_add_object(list, NULL);
	if (r->f.ids) {
		api_add_int(rev, "revid", revid);
		api_add_int(rev, "parentid", parent);
	}
	if (deleted & 1)
		api_add_bool(rev, "texthidden", true);
	if (deleted & 2)
		api_add_bool(rev, "commenthidden", true);
	if (deleted & 4)
		api_add_bool(rev, "userhidden", true);
	if (deleted & 8)
		api_add_bool(rev, "suppressed", true);
	if (r->f.flags)
		api_add_bool(rev, "minor", minor);
	if ((r->f.user || r->f.userid) && !user_hidden) {
		if (r->f.user)
			api_add_str(rev, "user", uname);
		if (!uid)
			api_add_bool(rev, "anon", true);
		if (r->f.userid)
			api_add_int(rev, "userid", uid);
	}
	if (r->f.timestamp)
		api_add_str(rev, "timestamp", query_ts_iso(ctx->arena, ts));
	if (r->f.size)
		api_add_int(rev, "size", size);
	if (r->f.sha1) {
		if (text_hidden) {
			api_add_bool(rev, "sha1hidden", true);
		} else {
			char hex[41];
			query_sha1_b36_to_hex(sha1, hex);
			api_add_str(rev, "sha1", hex);
		}
	}
	if (r->f.roles || r->need_slots) {
		int rc = add_slots(r, rev, revid, text_hidden);
		if (rc != RC_OK)
			return rc;
	}
	if (r->f.comment && !comment_hidden)
		api_add_str(rev, "comment", comment);
	if (r->f.tags) {
		struct api_node *tags = api_add_array(rev, "tags", "tag");
		struct store_stmt *ts_st = store_prepare(ctx->store,
			"SELECT ctd_name FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
			" WHERE ct_rev_id = ? ORDER BY ctd_name");
		store_bindv(ts_st, "i", revid);
		while (store_step(ts_st) == STORE_ROW)
			api_add_str(tags, NULL, store_col_text(ts_st, 0));
		store_stmt_done(ts_st);
	}
	/* Legacy content goes last, after comment and tags, as MediaWiki writes it. */
	if (r->legacy && r->f.content) {
		struct api_node *c = NULL;
		for (struct api_node *k = rev->first; k; k = k->next)
			if (k->flags & API_N_CONTENT)
				c = k;
		if (c && c != rev->last) {
			api_node_unlink(c);
			c->next = NULL;
			c->parent = rev;
			rev->last->next = c;
			rev->last = c;
			rev->n_children++;
		}
	}
	return RC_OK;
}

/* Read revision `revid` (REV_COLS) and add it. RC_NOTFOUND when gone. */
static int add_revid(struct rev_run *r, struct query_page *p, int64_t revid)
{
	struct store_stmt *st = store_prepare(r->ctx->store, "SELECT " REV_COLS REV_JOINS " WHERE rev_id = ?");
	store_bindv(st, "i", revid);
	int step = store_step(st);
	if (step != STORE_ROW) {
		store_stmt_done(st);
		return step < 0 ? api_error(r->ctx, "internal_api_error_DBQueryError", "apierror-databaseerror",
					    store_errmsg(r->ctx->store))
				: RC_OK;
	}
	return add_revision(r, p, st);
}

static int cmp_rev(const void *a, const void *b)
{
	const struct query_rev *x = a, *y = b;
	return x->revid < y->revid ? -1 : x->revid > y->revid;
}

static int cmp_latest(const void *a, const void *b)
{
	const struct query_page *x = *(struct query_page *const *)a, *y = *(struct query_page *const *)b;
	return x->latest < y->latest ? -1 : x->latest > y->latest;
}

/* Actor id of rvuser/rvexcludeuser text, 0 when nobody has that name ("#id" accepted). */
static int64_t actor_of(struct api_ctx *ctx, const char *name)
{
	int64_t id = 0;
	if (name[0] == '#')
		store_query_int(ctx->store, &id, "SELECT actor_id FROM actor WHERE actor_user = ?", "i",
				(int64_t)strtoll(name + 1, NULL, 10));
	else
		store_query_int(ctx->store, &id, "SELECT actor_id FROM actor WHERE actor_name = ?", "t", name);
	return id;
}

/* Enumeration mode: the history of page `p`. */
static int enumerate(struct rev_run *r, struct query_page *p, long limit)
{
	struct api_ctx *ctx = r->ctx;
	struct rev_params *rp = r->rp;
	bool newer = streq(rp->dir, "newer");
	const char *op_from = newer ? ">=" : "<=", *op_to = newer ? "<=" : ">=";
	const char *start = rp->start, *end = rp->end;
	int64_t start_id = 0, end_id = 0;
	/* rvstartid / rvendid stand for their revisions' timestamps (and ids, as tie-breakers). */
	if (rp->startid) {
		char *t = NULL;
		if (store_query_text(ctx->store, ctx->arena, &t, "SELECT rev_timestamp FROM revision WHERE rev_id = ?", "i",
				     (int64_t)rp->startid) != RC_OK)
			return api_error(ctx, "nosuchrevid", "apierror-nosuchrevid",
					 arena_printf(ctx->arena, "%ld", rp->startid));
		start = t;
		start_id = rp->startid;
	}
	if (rp->endid) {
		char *t = NULL;
		if (store_query_text(ctx->store, ctx->arena, &t, "SELECT rev_timestamp FROM revision WHERE rev_id = ?", "i",
				     (int64_t)rp->endid) != RC_OK)
			return api_error(ctx, "nosuchrevid", "apierror-nosuchrevid",
					 arena_printf(ctx->arena, "%ld", rp->endid));
		end = t;
		end_id = rp->endid;
	}
	const char *cont_ts = NULL;
	int64_t cont_id = 0;
	if (rp->cont) {
		const char *bar = strchr(rp->cont, '|');
		if (!bar || bar - rp->cont != 14)
			return api_error(ctx, "badcontinue", NULL);
		cont_ts = arena_strndup(ctx->arena, rp->cont, 14);
		long long v;
		if (util_parse_ll(bar + 1, &v) != RC_OK)
			return api_error(ctx, "badcontinue", NULL);
		cont_id = v;
	}
	int64_t user_actor = rp->user ? actor_of(ctx, rp->user) : 0;
	int64_t excl_actor = rp->excludeuser ? actor_of(ctx, rp->excludeuser) : 0;
	if (rp->user && !user_actor)
		return RC_OK; /* nobody by that name: no revisions */

	struct sbuf sql;
	sbuf_init(&sql, 4096);
	sbuf_adds(&sql, "SELECT " REV_COLS REV_JOINS " WHERE rev_page = ?");
	if (start)
		sbuf_addf(&sql, " AND (rev_timestamp %s ? OR (rev_timestamp = ? AND rev_id %s ?))", newer ? ">" : "<",
			  op_from);
	if (end)
		sbuf_addf(&sql, " AND (rev_timestamp %s ? OR (rev_timestamp = ? AND rev_id %s ?))", newer ? "<" : ">",
			  op_to);
	if (cont_ts)
		sbuf_addf(&sql, " AND (rev_timestamp %s ? OR (rev_timestamp = ? AND rev_id %s ?))", newer ? ">" : "<",
			  op_from);
	if (user_actor)
		sbuf_adds(&sql, " AND rev_actor = ?");
	if (excl_actor)
		sbuf_adds(&sql, " AND rev_actor <> ?");
	if (rp->tag)
		sbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				" WHERE ct_rev_id = rev_id AND ctd_name = ?)");
	sbuf_addf(&sql, " ORDER BY rev_timestamp %s, rev_id %s LIMIT ?", newer ? "ASC" : "DESC", newer ? "ASC" : "DESC");
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	int idx = 1;
	store_bind_int(st, idx++, p->id);
	if (start) {
		store_bind_text(st, idx++, start, STORE_NTS);
		store_bind_text(st, idx++, start, STORE_NTS);
		store_bind_int(st, idx++, start_id ? start_id : (newer ? 0 : INT64_MAX));
	}
	if (end) {
		store_bind_text(st, idx++, end, STORE_NTS);
		store_bind_text(st, idx++, end, STORE_NTS);
		store_bind_int(st, idx++, end_id ? end_id : (newer ? INT64_MAX : 0));
	}
	if (cont_ts) {
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_text(st, idx++, cont_ts, STORE_NTS);
		store_bind_int(st, idx++, cont_id);
	}
	if (user_actor)
		store_bind_int(st, idx++, user_actor);
	if (excl_actor)
		store_bind_int(st, idx++, excl_actor);
	if (rp->tag)
		store_bind_text(st, idx++, rp->tag, STORE_NTS);
	store_bind_int(st, idx++, limit + 1);
	/* Collect ids first: add_revision() runs other queries on this connection. */
	int64_t *ids = arena_alloc(ctx->arena, (size_t)(limit + 1) * sizeof(*ids));
	const char **tss = arena_alloc(ctx->arena, (size_t)(limit + 1) * sizeof(*tss));
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW && n <= limit) {
		ids[n] = store_col_int(st, 0);
		tss[n] = store_col_dup(st, ctx->arena, 3);
		n++;
	}
	store_stmt_done(st);
	if (step < 0)
		return api_error(ctx, "internal_api_error_DBQueryError", "apierror-databaseerror", store_errmsg(ctx->store));
	for (long i = 0; i < n; i++) {
		if (i == limit || (i > 0 && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%lld", tss[i], (long long)ids[i]));
			break;
		}
		int rc = add_revid(r, p, ids[i]);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

static int exec_revisions(struct api_ctx *ctx, void *vp)
{
	struct rev_params *rp = vp;
	struct api_pageset *ps = query_pageset_current(ctx);
	struct rev_run r = { .ctx = ctx, .rp = rp, .section = -1 };
	r.f = (struct rev_fields){
		.ids = api_list_has(&rp->prop, "ids"),
		.flags = api_list_has(&rp->prop, "flags"),
		.timestamp = api_list_has(&rp->prop, "timestamp"),
		.user = api_list_has(&rp->prop, "user"),
		.userid = api_list_has(&rp->prop, "userid"),
		.size = api_list_has(&rp->prop, "size"),
		.slotsize = api_list_has(&rp->prop, "slotsize"),
		.sha1 = api_list_has(&rp->prop, "sha1"),
		.slotsha1 = api_list_has(&rp->prop, "slotsha1"),
		.model = api_list_has(&rp->prop, "contentmodel"),
		.comment = api_list_has(&rp->prop, "comment"),
		.content = api_list_has(&rp->prop, "content"),
		.tags = api_list_has(&rp->prop, "tags"),
		.roles = api_list_has(&rp->prop, "roles"),
	};
	r.legacy = !api_param_given(ctx, "slots");
	r.need_slots = r.f.content || r.f.model || (!r.legacy && (r.f.slotsize || r.f.slotsha1));
	if (r.legacy && r.need_slots)
		api_warn(ctx, "deprecation", "apiwarn-deprecation-missingparam", "rvslots");

	bool enum_mode = api_param_given(ctx, "limit") || rp->startid || rp->endid ||
			 streq(rp->dir, "newer") || rp->start || rp->end || rp->user || rp->excludeuser;
	if (rp->startid && rp->start)
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix", "rvstartid|rvstart", "2");
	if (rp->endid && rp->end)
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix", "rvendid|rvend", "2");
	if (rp->user && rp->excludeuser)
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix", "rvuser|rvexcludeuser", "2");
	/* MediaWiki reads any rvsection as a number, never rejecting one ("x" is 0). */
	if (rp->section)
		wiki_section_id_lax(rp->section, &r.section, &r.section_t);

	size_t n_good = 0;
	struct query_page *only = NULL;
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD) {
			n_good++;
			only = ps->pages[i];
		}
	if (enum_mode && ps->from_revids)
		return api_error(ctx, "invalidparammix", "apierror-revisions-norevids", "rv");
	if (enum_mode && n_good > 1)
		return api_error(ctx, "invalidparammix", "apierror-revisions-singlepage", "rv");

	long max = r.f.content ? (ctx->has_highlimits ? CONTENT_LIMIT_HIGH : CONTENT_LIMIT)
			       : (ctx->has_highlimits ? REV_LIMIT_HIGH : REV_LIMIT);
	long limit;
	const char *given_limit = api_param_raw(ctx, "limit");
	if (given_limit && streq(given_limit, "max")) {
		limit = max;
		struct api_node *lim = api_node_object(ctx->result, "limits");
		api_add_int(lim, "revisions", limit);
	} else if (given_limit) {
		limit = rp->limit;
		if (limit > max) {
			api_warn(ctx, "outofrange", "paramvalidator-outofrange-minmax", "rvlimit", given_limit, "1",
				 arena_printf(ctx->arena, "%ld", max));
			limit = max;
		}
	} else {
		limit = enum_mode ? REV_LIMIT_DEFAULT : max;
	}

	if (enum_mode)
		return only ? enumerate(&r, only, limit) : RC_OK;

	long long from = 0;
	if (rp->cont && util_parse_ll(rp->cont, &from) != RC_OK)
		return api_error(ctx, "badcontinue", NULL);
	if (ps->from_revids) {
		struct query_rev *revs = arena_alloc(ctx->arena, (ps->n_revs ? ps->n_revs : 1) * sizeof(*revs));
		memcpy(revs, ps->revs, ps->n_revs * sizeof(*revs));
		qsort(revs, ps->n_revs, sizeof(*revs), cmp_rev);
		long done = 0;
		for (size_t i = 0; i < ps->n_revs; i++) {
			if (revs[i].revid < from)
				continue;
			if (done == limit || (done && api_result_full(ctx))) {
				api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%lld", (long long)revs[i].revid));
				break;
			}
			int rc = add_revid(&r, revs[i].page, revs[i].revid);
			if (rc != RC_OK)
				return rc;
			done++;
		}
		return RC_OK;
	}
	/* Latest revision of each page, in revision id order for the continuation. */
	struct query_page **v = arena_alloc(ctx->arena, (n_good ? n_good : 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD)
			v[n++] = ps->pages[i];
	qsort(v, n, sizeof(*v), cmp_latest);
	long done = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i]->latest < from)
			continue;
		if (done == limit || (done && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%lld", (long long)v[i]->latest));
			break;
		}
		int rc = add_revid(&r, v[i], v[i]->latest);
		if (rc != RC_OK)
			return rc;
		done++;
	}
	return RC_OK;
}

/* As a generator: the pages of the revisions the module would list (MediaWiki: revids become pages). */
static int generate_revisions(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	struct api_pageset *ps = query_pageset_current(ctx);
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD)
			query_pageset_add_revid(ctx, out, ps->pages[i]->latest);
	return RC_OK;
}

const struct api_module api_module_prop_revisions = {
	.name = "revisions",
	.group = API_G_PROP,
	.prefix = "rv",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct rev_params),
	.summary = "Revisions of the pages: their metadata and content.",
	.help = "May be used in several ways: the latest revision of each page of a list of titles or "
		"page IDs; the revisions given by revids; or, for one page, its history with the "
		"enumeration parameters (rvlimit, rvstart, rvend, rvstartid, rvendid, rvdir, rvuser, "
		"rvexcludeuser).",
	.examples = (const char *const[]){
		"action=query&prop=revisions&titles=API|Main%20Page&rvslots=*&rvprop=timestamp|user|comment|content",
		"Get data with content for the last revision of titles API and Main Page.",
		"action=query&prop=revisions&titles=Main%20Page&rvlimit=5&rvprop=timestamp|user|comment",
		"Get the last 5 revisions of Main Page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Revisions", NULL },
	.exec = exec_revisions,
	.generate = generate_revisions,
};
