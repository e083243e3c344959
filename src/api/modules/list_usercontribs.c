/* SPDX-License-Identifier: MIT */
/*
 * list_usercontribs.c — list=usercontribs: revisions made by the given
 * users (names, IPs or ids) or by names with a prefix, newest first by
 * default, one query joined to actor/page/comment with LIMIT n+1 and the
 * continuation "timestamp|revid".
 */
#include "query_int.h"

#include <stddef.h>
#include <stdio.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"

struct uc_params {
	long limit;               /* rows per batch */
	const char *start;        /* 14-digit timestamp */
	const char *end;          /* 14-digit timestamp */
	const char *cont;         /* "timestamp|revid" */
	struct api_list user;     /* user names or IPs */
	struct api_list userids;  /* user ids */
	const char *userprefix;   /* names starting with this */
	const char *dir;          /* newer | older */
	struct api_list ns;       /* namespaces */
	struct api_list prop;     /* what to show */
	struct api_list show;     /* minor/!minor/new/!new/top/!top */
	bool toponly;             /* only latest revisions */
};

static const char *const props[] = { "comment", "flags", "ids", "parsedcomment", "size", "sizediff", "timestamp",
				     "title", NULL };
static const char *const shows[] = { "!minor", "!new", "!top", "minor", "new", "top", NULL };

static const struct api_param params[] = {
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct uc_params, limit), .desc = "How many contributions to return." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct uc_params, start),
	  .desc = "List contributions from this time on (in the direction of dir)." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct uc_params, end),
	  .desc = "List contributions up to this time." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct uc_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "user", .type = API_T_USER, .flags = API_P_MULTI,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI,
	  .offset = offsetof(struct uc_params, user), .desc = "The users whose contributions to list." },
	{ .name = "userids", .type = API_T_INT, .flags = API_P_MULTI, .offset = offsetof(struct uc_params, userids),
	  .desc = "IDs of the users whose contributions to list." },
	{ .name = "userprefix", .type = API_T_STRING, .offset = offsetof(struct uc_params, userprefix),
	  .desc = "List contributions of every user whose name starts with this text." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older",
	  .values = (const char *const[]){ "newer", "older", NULL }, .offset = offsetof(struct uc_params, dir),
	  .desc = "Direction: \"older\" lists newest first, \"newer\" oldest first." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct uc_params, ns), .desc = "Only contributions in these namespaces." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = props,
	  .dflt = "ids|title|timestamp|comment|size|flags", .offset = offsetof(struct uc_params, prop),
	  .desc = "What to report about each contribution." },
	{ .name = "show", .type = API_T_ENUM, .flags = API_P_MULTI, .values = shows,
	  .offset = offsetof(struct uc_params, show),
	  .desc = "Only contributions meeting these criteria; \"!\" negates." },
	{ .name = "toponly", .type = API_T_BOOL, .flags = API_P_DEPRECATED, .offset = offsetof(struct uc_params, toponly),
	  .desc = "Only contributions that are the latest revision of their page." },
	{ 0 }
};

static int exec_uc(struct api_ctx *ctx, void *vp)
{
	struct uc_params *p = vp;
	int given = (p->user.n > 0) + (p->userids.n > 0) + (p->userprefix != NULL);
	if (given == 0)
		return api_error(ctx, "missingparam", "apierror-missingparam-atleastone-of",
				 "ucuser, ucuserids, ucuserprefix", "3");
	if (given > 1)
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix", "ucuser, ucuserids, ucuserprefix",
				 "3");
	bool older = streq(p->dir, "older");
	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_adds(&sql, "SELECT rev_id, rev_timestamp, rev_page, rev_parent_id, rev_minor_edit, rev_len,"
			" page_namespace, page_title, page_latest, actor_name, COALESCE(actor_user, 0), comment_text,"
			" (SELECT p.rev_len FROM revision p WHERE p.rev_id = revision.rev_parent_id)"
			" FROM revision JOIN actor ON actor_id = rev_actor JOIN page ON page_id = rev_page"
			" JOIN comment ON comment_id = rev_comment_id WHERE ");
	const char *tb[8 + 500 * 2];
	int64_t ib[8 + 500 * 2];
	char kind[8 + 500 * 2];
	size_t nb = 0;
	if (p->user.n) {
		sbuf_adds(&sql, "actor_name IN (");
		for (size_t i = 0; i < p->user.n; i++) {
			sbuf_adds(&sql, i ? ",?" : "?");
			kind[nb] = 't';
			tb[nb++] = p->user.v[i];
		}
		sbuf_adds(&sql, ")");
	} else if (p->userids.n) {
		sbuf_adds(&sql, "actor_user IN (");
		for (size_t i = 0; i < p->userids.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->userids.iv[i]);
		sbuf_adds(&sql, ")");
	} else {
		struct wiki_title t;
		const char *err;
		const char *pre = wiki_title_parse(ctx->arena, p->userprefix, 2, &t, &err) == RC_OK ? t.text
												   : p->userprefix;
		sbuf_adds(&sql, "actor_name >= ? AND actor_name < ?");
		kind[nb] = 't';
		tb[nb++] = pre;
		kind[nb] = 't';
		tb[nb++] = arena_printf(ctx->arena, "%s\xf4\x8f\xbf\xbf", pre);
	}
	const char *lo = older ? p->end : p->start, *hi = older ? p->start : p->end;
	if (lo) {
		sbuf_adds(&sql, " AND rev_timestamp >= ?");
		kind[nb] = 't';
		tb[nb++] = lo;
	}
	if (hi) {
		sbuf_adds(&sql, " AND rev_timestamp <= ?");
		kind[nb] = 't';
		tb[nb++] = hi;
	}
	if (p->cont) {
		const char *bar = strchr(p->cont, '|');
		long long id;
		if (!bar || bar - p->cont != 14 || util_parse_ll(bar + 1, &id) != RC_OK) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		const char *ts = arena_strndup(ctx->arena, p->cont, 14);
		sbuf_adds(&sql, older ? " AND (rev_timestamp < ? OR (rev_timestamp = ? AND rev_id <= ?))"
				      : " AND (rev_timestamp > ? OR (rev_timestamp = ? AND rev_id >= ?))");
		kind[nb] = 't';
		tb[nb++] = ts;
		kind[nb] = 't';
		tb[nb++] = ts;
		kind[nb] = 'i';
		ib[nb++] = id;
	}
	if (p->ns.n) {
		sbuf_adds(&sql, " AND page_namespace IN (");
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
		sbuf_adds(&sql, ")");
	}
	if (p->toponly || api_list_has(&p->show, "top"))
		sbuf_adds(&sql, " AND rev_id = page_latest");
	if (api_list_has(&p->show, "!top"))
		sbuf_adds(&sql, " AND rev_id != page_latest");
	if (api_list_has(&p->show, "minor"))
		sbuf_adds(&sql, " AND rev_minor_edit != 0");
	if (api_list_has(&p->show, "!minor"))
		sbuf_adds(&sql, " AND rev_minor_edit = 0");
	if (api_list_has(&p->show, "new"))
		sbuf_adds(&sql, " AND rev_parent_id = 0");
	if (api_list_has(&p->show, "!new"))
		sbuf_adds(&sql, " AND rev_parent_id != 0");
	sbuf_addf(&sql, " ORDER BY rev_timestamp %s, rev_id %s LIMIT %ld", older ? "DESC" : "ASC",
		  older ? "DESC" : "ASC", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < nb; i++) {
		if (kind[i] == 't')
			store_bind_text(st, (int)i + 1, tb[i], STORE_NTS);
		else
			store_bind_int(st, (int)i + 1, ib[i]);
	}
	bool f_ids = api_list_has(&p->prop, "ids"), f_title = api_list_has(&p->prop, "title");
	bool f_ts = api_list_has(&p->prop, "timestamp"), f_comment = api_list_has(&p->prop, "comment");
	bool f_size = api_list_has(&p->prop, "size"), f_diff = api_list_has(&p->prop, "sizediff");
	bool f_parsed = api_list_has(&p->prop, "parsedcomment");
	bool f_flags = api_list_has(&p->prop, "flags");
	struct api_node *list = api_add_array(api_query_node(ctx), "usercontribs", "item");
	long n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t revid = store_col_int(st, 0);
		const char *ts = store_col_text(st, 1);
		if (++n > p->limit || api_result_full(ctx)) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%lld", ts, (long long)revid));
			break;
		}
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "userid", store_col_int(st, 10));
		api_add_str(e, "user", store_col_text(st, 9));
		if (f_ids) {
			api_add_int(e, "pageid", store_col_int(st, 2));
			api_add_int(e, "revid", revid);
			api_add_int(e, "parentid", store_col_int(st, 3));
		}
		if (f_title) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, (int)store_col_int(st, 6), store_col_text(st, 7), &t);
			api_add_int(e, "ns", t.ns);
			api_add_str(e, "title", t.prefixed);
		}
		if (f_ts)
			api_add_str(e, "timestamp", wiki_timestamp_iso(ctx->arena, ts));
		if (f_flags) {
			api_add_bool(e, "new", store_col_int(st, 3) == 0);
			api_add_bool(e, "minor", store_col_int(st, 4) != 0);
			api_add_bool(e, "top", store_col_int(st, 8) == revid);
		}
		if (f_comment)
			api_add_str(e, "comment", store_col_text(st, 11));
		if (f_parsed) {
			struct wiki_title self;
			wiki_title_make(ctx->arena, (int)store_col_int(st, 6), store_col_text(st, 7), &self);
			api_add_str(e, "parsedcomment", wiki_comment_html(ctx->arena, ctx->store, store_col_text(st, 11), &self));
		}
		if (f_size)
			api_add_int(e, "size", store_col_int(st, 5));
		if (f_diff)
			api_add_int(e, "sizediff", store_col_int(st, 5) - store_col_int(st, 12));
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	return RC_OK;
}

const struct api_module api_module_list_usercontribs = {
	.name = "usercontribs",
	.group = API_G_LIST,
	.prefix = "uc",
	.params = params,
	.params_size = sizeof(struct uc_params),
	.summary = "List the edits made by some users.",
	.examples = (const char *const[]){
		"action=query&list=usercontribs&ucuser=Example", "Edits of the user Example.",
		"action=query&list=usercontribs&ucuserprefix=192.0.2.", "Edits from addresses starting with 192.0.2.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Usercontribs", NULL },
	.exec = exec_uc,
};
