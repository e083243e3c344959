/* SPDX-License-Identifier: MIT */
/*
 * revisiondelete.c — action=revisiondelete: hide or show the text,
 * summary and author of revisions, deleted revisions and log entries,
 * as MediaWiki's ApiRevisionDelete: the deleterevision right
 * (deletelogentry for log entries), no block at all, suppress=yes
 * needing suppressrevision, hide and show not naming the same field,
 * and the target: a revision's own page, Special:Log for log entries,
 * else the target= title (needtarget without one). wiki_revdel_apply()
 * does the change; the answer lists each item with its status, the
 * messages MediaWiki gives it (warnings for no change, errors for the
 * rest) and the item as the performer now sees it.
 */
#include "pageact_int.h"
#include "log_int.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/timestamp.h"

struct revdel_params {
	const char *type;      /* revision | archive | oldimage | filearchive | logging */
	const char *target;    /* page the items belong to */
	struct api_list ids;   /* item ids */
	struct api_list hide;  /* fields to hide */
	struct api_list show;  /* fields to show */
	const char *suppress;  /* yes | no | nochange */
	const char *reason;    /* reason for the log entry */
	struct api_list tags;  /* change tags for the log entry */
};

static const char *const fields[] = { "comment", "content", "user", NULL };

static const struct api_param params[] = {
	{ .name = "type", .type = API_T_ENUM, .flags = API_P_REQUIRED,
	  .values = (const char *const[]){ "revision", "archive", "oldimage", "filearchive", "logging", NULL },
	  .offset = offsetof(struct revdel_params, type), .desc = "What kind of items to change." },
	{ .name = "target", .type = API_T_STRING, .offset = offsetof(struct revdel_params, target),
	  .desc = "The page the items belong to, where the type needs one." },
	{ .name = "ids", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_MULTI,
	  .offset = offsetof(struct revdel_params, ids),
	  .desc = "IDs of the items: revision IDs, timestamps of deleted revisions, or log IDs." },
	{ .name = "hide", .type = API_T_ENUM, .flags = API_P_MULTI, .values = fields,
	  .offset = offsetof(struct revdel_params, hide), .desc = "The fields to hide on every item." },
	{ .name = "show", .type = API_T_ENUM, .flags = API_P_MULTI, .values = fields,
	  .offset = offsetof(struct revdel_params, show), .desc = "The fields to show again on every item." },
	{ .name = "suppress", .type = API_T_ENUM, .dflt = "nochange",
	  .values = (const char *const[]){ "no", "nochange", "yes", NULL },
	  .offset = offsetof(struct revdel_params, suppress),
	  .desc = "Whether to hide the items from administrators too (needs the suppressrevision right)." },
	{ .name = "reason", .type = API_T_STRING, .offset = offsetof(struct revdel_params, reason),
	  .desc = "Reason for the change." },
	PAGEACT_TAGS_PARAM(struct revdel_params, tags, "the log entry"),
	{ 0 }
};

/* May the performer see a field `field` of an item with bits `bits` (RevisionRecord::userCanBitfield)? */
static bool field_visible(struct api_ctx *ctx, int bits, int field, bool is_log)
{
	if (!(bits & field))
		return true;
	if (bits & WIKI_RD_SUPPRESSED)
		return wiki_user_can(ctx->user, "suppressrevision") || wiki_user_can(ctx->user, "viewsuppressed");
	return wiki_user_can(ctx->user, field == WIKI_RD_TEXT && !is_log ? "deletedtext" : "deletedhistory");
}

/* Add `id` as a number when it is one (PHP's array keys), else as text. */
static void add_id(struct api_node *parent, const char *key, const char *id)
{
	long long n;
	if (util_parse_ll(id, &n) == RC_OK && n >= 0)
		api_add_int(parent, key, n);
	else
		api_add_str(parent, key, id);
}

/* One message of an item's status, as ApiErrorFormatter::arrayFromStatus() writes it. */
static void add_status_msg(struct api_ctx *ctx, struct api_node *list, const char *key, const char *type,
			   const struct wiki_revdel_item *it)
{
	enum api_errorformat ef = api_main_of(ctx)->errorformat;
	struct api_node *e = api_add_object(list, NULL);
	const char *date = "", *time = "";
	int y, mo, d, h, mi;
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	if (it->ts && sscanf(it->ts, "%4d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi) == 5 && mo >= 1 && mo <= 12) {
		date = arena_printf(ctx->arena, "%d %s %d", d, months[mo - 1], y);
		time = arena_printf(ctx->arena, "%02d:%02d", h, mi);
	}
	bool by_id = it->status == WIKI_RDS_MISSING;
	if (ef == API_EF_BC) {
		api_add_str(e, "message", key);
		struct api_node *pl = api_add_array(e, "params", "param");
		if (by_id) {
			add_id(pl, NULL, it->id);
		} else {
			api_add_str(pl, NULL, date);
			api_add_str(pl, NULL, time);
		}
		api_add_str(e, "code", key);
		api_add_str(e, "type", type);
	} else {
		api_add_str(e, "code", key);
		const char *p[3] = { by_id ? api_p_plain(ctx->arena, it->id) : api_p_plain(ctx->arena, date),
				     by_id ? NULL : api_p_plain(ctx->arena, time), NULL };
		api_add_message(ctx, e, ef, key, p);
	}
}

/* The item's row as the performer now sees it (getApiData() of MediaWiki's RevDel items). */
static int add_item_data(struct api_ctx *ctx, struct api_node *e, enum wiki_revdel_kind kind,
			 const struct wiki_revdel_item *it)
{
	bool is_log = kind == WIKI_RD_LOGGING;
	struct store_stmt *s = store_prepare(ctx->store, is_log
		? "SELECT log_id, log_timestamp, log_deleted, COALESCE(actor_user, 0), actor_name, comment_text,"
		  " log_type, log_action, log_params FROM logging JOIN actor ON actor_id = log_actor"
		  " JOIN comment ON comment_id = log_comment_id WHERE log_id = ?"
		: kind == WIKI_RD_ARCHIVE
		? "SELECT ar_rev_id, ar_timestamp, ar_deleted, COALESCE(actor_user, 0), actor_name, comment_text, '', '', ''"
		  " FROM archive JOIN actor ON actor_id = ar_actor JOIN comment ON comment_id = ar_comment_id"
		  " WHERE ar_rev_id = ?"
		: "SELECT rev_id, rev_timestamp, rev_deleted, COALESCE(actor_user, 0), actor_name, comment_text, '', '', ''"
		  " FROM revision JOIN actor ON actor_id = rev_actor JOIN comment ON comment_id = rev_comment_id"
		  " WHERE rev_id = ?");
	if (!s)
		return RC_ERR;
	store_bindv(s, "i", it->row_id);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		int bits = (int)store_col_int(s, 2);
		if (is_log) {
			api_add_str(e, "type", store_col_text(s, 6));
			api_add_str(e, "action", store_col_text(s, 7));
		} else {
			api_add_str(e, "timestamp", wiki_timestamp_iso(ctx->arena, store_col_text(s, 1)));
		}
		api_add_bool(e, "userhidden", bits & WIKI_RD_USER);
		api_add_bool(e, "commenthidden", bits & WIKI_RD_COMMENT);
		api_add_bool(e, is_log ? "actionhidden" : "texthidden", bits & WIKI_RD_TEXT);
		if (is_log && field_visible(ctx, bits, WIKI_RD_TEXT, true)) {
			const char *blob = store_col_text(s, 8);
			log_params_add(ctx, e, "params", store_col_text(s, 6), store_col_text(s, 7), store_col_text(s, 1),
				       blob, blob ? strlen(blob) : 0);
		}
		if (field_visible(ctx, bits, WIKI_RD_USER, is_log)) {
			api_add_int(e, "userid", store_col_int(s, 3));
			api_add_str(e, "user", store_col_text(s, 4));
		}
		if (field_visible(ctx, bits, WIKI_RD_COMMENT, is_log))
			api_add_str(e, "comment", store_col_text(s, 5) ? store_col_text(s, 5) : "");
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_OK;
	}
	store_stmt_done(s);
	return rc < 0 ? RC_ERR : RC_OK;
}

/* The page of the first existing revision among `ids` (RevDelRevisionList::suggestTarget()); RC_NOTFOUND when none. */
static int revision_page(struct api_ctx *ctx, const struct api_list *ids, struct wiki_title *t)
{
	long long id;
	if (!ids->n || util_parse_ll(ids->v[0], &id) != RC_OK)
		return RC_NOTFOUND;
	struct store_stmt *s = store_prepare(ctx->store, "SELECT page_namespace, page_title FROM revision"
							  " JOIN page ON page_id = rev_page WHERE rev_id = ?");
	if (!s)
		return RC_ERR;
	store_bindv(s, "i", (int64_t)id);
	int rc = store_step(s);
	if (rc == STORE_ROW)
		wiki_title_make(ctx->arena, (int)store_col_int(s, 0), store_col_text(s, 1), t);
	store_stmt_done(s);
	return rc == STORE_ROW ? RC_OK : rc == STORE_DONE ? RC_NOTFOUND : RC_ERR;
}

/* The one log type of the entries `ids` name, "" when they name none or several; NULL on a store failure. */
static const char *log_type_of(struct api_ctx *ctx, const struct api_list *ids)
{
	const char *type = NULL;
	for (size_t i = 0; i < ids->n; i++) {
		long long id;
		char *t = NULL;
		if (util_parse_ll(ids->v[i], &id) != RC_OK)
			continue;
		int rc = store_query_text(ctx->store, ctx->arena, &t, "SELECT log_type FROM logging WHERE log_id = ?", "i",
					  (int64_t)id);
		if (rc == RC_NOTFOUND)
			continue;
		if (rc != RC_OK)
			return NULL;
		if (type && !streq(type, t))
			return "";
		type = t;
	}
	return type ? type : "";
}

static int exec_revisiondelete(struct api_ctx *ctx, void *vp)
{
	struct revdel_params *p = vp;
	struct wiki_revdel rd = { .type_name = p->type, .user = ctx->user, .reason = p->reason ? p->reason : "" };
	rd.kind = streq(p->type, "revision") ? WIKI_RD_REVISION
		  : streq(p->type, "archive") ? WIKI_RD_ARCHIVE
		  : streq(p->type, "logging") ? WIKI_RD_LOGGING
					      : WIKI_RD_FILE;
	bool is_log = rd.kind == WIKI_RD_LOGGING;
	if (!wiki_user_can(ctx->user, is_log ? "deletelogentry" : "deleterevision"))
		return api_error(ctx, "permissiondenied", NULL,
				 api_p_msg(ctx->arena, is_log ? "action-deletelogentry" : "action-deleterevision", NULL, 0));
	const struct wiki_block *b = api_user_block(ctx);
	if (b)
		return api_die_blocked(ctx, b);
	if (!p->ids.n)
		return api_error(ctx, "paramempty_ids", "apierror-paramempty", api_p_plain(ctx->arena, "ids"));
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;
	rd.tags = tags;
	for (size_t i = 0; i < p->hide.n; i++)
		if (api_list_has(&p->show, p->hide.v[i]))
			return api_error(ctx, "badparams", "apierror-revdel-mutuallyexclusive");
	if (!p->hide.n && !p->show.n)
		return api_error(ctx, "badparams", "apierror-revdel-paramneeded");
	static const struct { const char *name; int bit; } map[] = {
		{ "content", WIKI_RD_TEXT }, { "comment", WIKI_RD_COMMENT }, { "user", WIKI_RD_USER },
	};
	for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
		if (api_list_has(&p->hide, map[i].name))
			rd.set_bits |= map[i].bit;
		else if (api_list_has(&p->show, map[i].name))
			rd.clear_bits |= map[i].bit;
	}
	if (streq(p->suppress, "yes")) {
		if (!wiki_user_can(ctx->user, "suppressrevision"))
			return api_error(ctx, "permissiondenied", NULL,
					 api_p_msg(ctx->arena, "action-suppressrevision", NULL, 0));
		rd.set_bits |= WIKI_RD_SUPPRESSED;
	} else if (streq(p->suppress, "no")) {
		rd.clear_bits |= WIKI_RD_SUPPRESSED;
	}

	/* The target: a revision's own page, Special:Log for log entries, else target=. */
	struct wiki_title t;
	bool have = false;
	const char *err;
	if (p->target && wiki_title_parse(ctx->arena, p->target, 0, &t, &err) == RC_OK && !t.is_external && *t.dbkey)
		have = true;
	if (is_log) {
		/* Special:Log, or Special:Log/TYPE when every id names an entry of one type (RevDelLogList::suggestTarget()). */
		const char *sub = log_type_of(ctx, &p->ids);
		if (!sub)
			return api_db_error(ctx);
		wiki_title_make(ctx->arena, WIKI_NS_SPECIAL, *sub ? arena_printf(ctx->arena, "Log/%s", sub) : "Log", &t);
		have = true;
	} else if (rd.kind == WIKI_RD_REVISION) {
		struct wiki_title rt;
		int rc = revision_page(ctx, &p->ids, &rt);
		if (rc == RC_ERR)
			return api_db_error(ctx);
		if (rc == RC_OK) {
			t = rt;
			have = true;
		}
	}
	if (!have)
		return api_error(ctx, "needtarget", "apierror-revdel-needtarget");
	if (!is_log && api_check_blocked(ctx, "deleterevision", &t) != RC_OK)
		return RC_ERR;
	rd.target = &t;
	rd.ids = p->ids.v;
	rd.n_ids = p->ids.n;
	if (rd.kind == WIKI_RD_ARCHIVE) {
		/* Deleted revisions are named by their timestamps, in any form MediaWiki reads. */
		const char **norm = arena_calloc(ctx->arena, p->ids.n + 1, sizeof(*norm));
		for (size_t i = 0; i < p->ids.n; i++) {
			int64_t when;
			char *mw = arena_alloc(ctx->arena, 15);
			if (ts_parse(p->ids.v[i], &when) == RC_OK) {
				ts_format_mw(when, mw);
				norm[i] = mw;
			} else {
				norm[i] = p->ids.v[i];
			}
		}
		rd.ids = norm;
		rd.given_ids = p->ids.v;
	}
	if (t.ns >= 0 && store_query_int(ctx->store, &rd.page_id, "SELECT page_id FROM page WHERE page_namespace = ?"
								     " AND page_title = ?", "dt", t.ns, t.dbkey) == RC_ERR)
		return api_db_error(ctx);
	int rc = store_begin(ctx->store);
	if (rc == RC_OK)
		rc = wiki_revdel_apply(ctx->store, ctx->arena, &rd);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;

	struct api_node *res = api_add_object(ctx->result, "revisiondelete");
	api_add_str(res, "status", "Success");
	api_add_str(res, "target", t.prefixed);
	struct api_node *items = api_add_array(res, "items", "i");
	static const struct { enum wiki_rd_status st; const char *key; bool warning; } msgs[] = {
		{ WIKI_RDS_NOCHANGE, "revdelete-no-change", true },
		{ WIKI_RDS_HIDECURRENT, "revdelete-hide-current", false },
		{ WIKI_RDS_NOACCESS_SHOW, "revdelete-show-no-access", false },
		{ WIKI_RDS_NOACCESS_MODIFY, "revdelete-modify-no-access", false },
		{ WIKI_RDS_ONLYRESTRICTED, "revdelete-only-restricted", true },
		{ WIKI_RDS_MISSING, "revdelete-modify-missing", false },
	};
	for (size_t i = 0; i < rd.n_items; i++) {
		const struct wiki_revdel_item *it = &rd.items[i];
		struct api_node *e = api_add_object(items, NULL);
		/* Only a missing item fails; the others' errors leave their status good (Status::error()). */
		api_add_str(e, "status", it->status == WIKI_RDS_MISSING ? "Fail" : "Success");
		for (size_t k = 0; k < ARRAY_SIZE(msgs); k++) {
			if (msgs[k].st != it->status)
				continue;
			struct api_node *errs = api_add_array(e, "errors", "error");
			struct api_node *warns = api_add_array(e, "warnings", "warning");
			add_status_msg(ctx, msgs[k].warning ? warns : errs, msgs[k].key, msgs[k].warning ? "warning" : "error",
				       it);
		}
		add_id(e, "id", it->id);
		if (it->found && add_item_data(ctx, e, rd.kind, it) != RC_OK)
			return api_db_error(ctx);
	}
	return RC_OK;
}

const struct api_module api_module_revisiondelete = {
	.name = "revisiondelete",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct revdel_params),
	.summary = "Hide or show the text, summary or author of revisions and log entries.",
	.examples = (const char *const[]){
		"action=revisiondelete&target=Main%20Page&type=revision&ids=12345&hide=content&token=123ABC",
		"Hide the text of revision 12345 of Main Page.",
		"action=revisiondelete&type=logging&ids=67890&hide=content|comment|user&reason=BLP%20violation&token=123ABC",
		"Hide everything of log entry 67890 with the reason \"BLP violation\".",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Revisiondelete", NULL },
	.exec = exec_revisiondelete,
};
