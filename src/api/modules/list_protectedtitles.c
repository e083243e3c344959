/* SPDX-License-Identifier: MIT */
/*
 * list_protectedtitles.c — list=protectedtitles (and its generator):
 * the titles protected against creation (the protected_titles table
 * action=protect fills for missing pages), as MediaWiki's
 * ApiQueryProtectedTitles: newest first (or oldest with ptdir=newer),
 * by namespace and level, between two times. Rows are ordered by
 * (pt_timestamp, pt_namespace, pt_title), and the continuation value is
 * those three joined by '|'. Expired rows are listed as MediaWiki does
 * (the protection code drops them when it next writes).
 */
#include "query_int.h"

#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

struct pt_params {
	struct api_list ns;    /* ptnamespace */
	struct api_list level; /* ptlevel */
	long limit;            /* ptlimit */
	const char *dir;       /* newer | older */
	const char *start;     /* 14 digits, or NULL */
	const char *end;       /* 14 digits, or NULL */
	struct api_list prop;  /* ptprop */
	const char *cont;      /* "timestamp|ns|dbkey" */
};

static const struct api_param params[] = {
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct pt_params, ns), .desc = "Only titles in these namespaces." },
	{ .name = "level", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "autoconfirmed", "sysop", NULL }, .offset = offsetof(struct pt_params, level),
	  .desc = "Only titles protected at these levels." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct pt_params, limit), .desc = "How many titles to list at most." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older", .values = (const char *const[]){ "newer", "older", NULL },
	  .offset = offsetof(struct pt_params, dir),
	  .value_descs = (const char *const[]){ "newer=Oldest first; ptstart must come before ptend.",
						"older=Newest first; ptstart must come after ptend.", NULL },
	  .desc = "In which direction to list." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct pt_params, start),
	  .desc = "The protection time to start listing from." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct pt_params, end),
	  .desc = "The protection time to stop listing at." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "timestamp|level",
	  .values = (const char *const[]){ "comment", "expiry", "level", "parsedcomment", "timestamp", "user",
					   "userid", NULL },
	  .offset = offsetof(struct pt_params, prop),
	  .value_descs = (const char *const[]){ "comment=The reason given for the protection.",
		  "expiry=When the protection ends.", "level=The level a user needs to create the page.",
		  "parsedcomment=The reason as HTML.", "timestamp=When the protection was set.",
		  "user=Who set it (with their user ID).", "userid=The user ID of who set it.", NULL },
	  .desc = "What to show of each title." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct pt_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/*
 * Split "timestamp|ns|dbkey" into its parts: `ts` gets the timestamp as
 * 14 digits. The namespace must be an integer as written (MediaWiki
 * compares (int) of it with the text). RC_OK or RC_INVALID.
 */
static int parse_cont(struct api_ctx *ctx, const char *cont, char ts[15], long *ns, const char **dbkey)
{
	const char *b1 = strchr(cont, '|');
	const char *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
	if (!b2 || strchr(b2 + 1, '|'))
		return RC_INVALID;
	long long n;
	if (util_parse_ll(arena_strndup(ctx->arena, b1 + 1, (size_t)(b2 - b1 - 1)), &n) != RC_OK)
		return RC_INVALID;
	int64_t when;
	if (ts_parse(arena_strndup(ctx->arena, cont, (size_t)(b1 - cont)), &when) != RC_OK)
		return RC_INVALID;
	ts_format_mw(when, ts);
	*ns = (long)n;
	*dbkey = b2 + 1;
	return RC_OK;
}

/* Run the listing: into `list` (exec) or into `gen` (generator). */
static int run(struct api_ctx *ctx, struct pt_params *p, struct api_node *list, struct api_pageset *gen)
{
	bool newer = streq(p->dir, "newer");
	const char *op = newer ? ">" : "<";
	bool f_ts = api_list_has(&p->prop, "timestamp"), f_user = api_list_has(&p->prop, "user");
	bool f_userid = api_list_has(&p->prop, "userid"), f_comment = api_list_has(&p->prop, "comment");
	bool f_parsed = api_list_has(&p->prop, "parsedcomment"), f_expiry = api_list_has(&p->prop, "expiry");
	bool f_level = api_list_has(&p->prop, "level");
	char cts[15];
	long cns = 0;
	const char *ckey = NULL;
	if (p->cont && parse_cont(ctx, p->cont, cts, &cns, &ckey) != RC_OK)
		return api_error(ctx, "badcontinue", NULL);

	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_adds(&sql, "SELECT pt_namespace, pt_title, pt_timestamp, pt_user, pt_expiry, pt_create_perm,"
			" comment_text, user_name FROM protected_titles"
			" LEFT JOIN comment ON comment_id = pt_reason_id LEFT JOIN \"user\" ON user_id = pt_user WHERE 1 = 1");
	const char *binds[8];
	size_t nb = 0;
	/* The start bound is the first row listed, the end bound the last, whichever the direction. */
	if (p->start) {
		sbuf_addf(&sql, " AND pt_timestamp %s= ?", newer ? ">" : "<");
		binds[nb++] = p->start;
	}
	if (p->end) {
		sbuf_addf(&sql, " AND pt_timestamp %s= ?", newer ? "<" : ">");
		binds[nb++] = p->end;
	}
	if (p->ns.n) {
		sbuf_adds(&sql, " AND pt_namespace IN (");
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
		sbuf_adds(&sql, ")");
	}
	if (p->level.n) {
		/* Values come from the enum above: safe to write into the SQL. */
		sbuf_adds(&sql, " AND pt_create_perm IN (");
		for (size_t i = 0; i < p->level.n; i++)
			sbuf_addf(&sql, "%s'%s'", i ? "," : "", p->level.v[i]);
		sbuf_adds(&sql, ")");
	}
	if (ckey) {
		sbuf_addf(&sql, " AND (pt_timestamp %s ? OR (pt_timestamp = ? AND (pt_namespace %s %ld OR"
				" (pt_namespace = %ld AND pt_title %s= ?))))", op, op, cns, cns, op);
		binds[nb++] = cts;
		binds[nb++] = cts;
		binds[nb++] = ckey;
	}
	const char *ord = newer ? "ASC" : "DESC";
	sbuf_addf(&sql, " ORDER BY pt_timestamp %s, pt_namespace %s, pt_title %s LIMIT %ld", ord, ord, ord,
		  p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 1, binds[i], STORE_NTS);

	long n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int ns = (int)store_col_int(st, 0);
		const char *dbkey = store_col_text(st, 1), *ts = store_col_text(st, 2);
		if (++n > p->limit || (list && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%d|%s", ts, ns, dbkey));
			break;
		}
		if (gen) {
			query_pageset_add_title(ctx, gen, ns, dbkey);
			continue;
		}
		struct wiki_title t;
		wiki_title_make(ctx->arena, ns, dbkey, &t);
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "ns", t.ns);
		api_add_str(e, "title", t.prefixed);
		if (f_ts)
			api_add_str(e, "timestamp", wiki_timestamp_iso(ctx->arena, ts));
		if (f_user && !store_col_is_null(st, 7))
			api_add_str(e, "user", store_col_text(st, 7));
		if (f_user || f_userid)
			api_add_int(e, "userid", store_col_int(st, 3));
		if (f_comment)
			api_add_str(e, "comment", store_col_text(st, 6));
		if (f_parsed)
			api_add_str(e, "parsedcomment", wiki_comment_html(ctx->arena, ctx->store, store_col_text(st, 6), &t));
		if (f_expiry) {
			const char *ex = store_col_text(st, 4);
			api_add_str(e, "expiry", streq(ex, WIKI_INFINITY) ? "infinity" : wiki_timestamp_iso(ctx->arena, ex));
		}
		if (f_level)
			api_add_str(e, "level", store_col_text(st, 5));
	}
	store_stmt_done(st);
	return rc < 0 ? api_db_error(ctx) : RC_OK;
}

static int exec_protectedtitles(struct api_ctx *ctx, void *vp)
{
	struct api_node *list = api_add_array(api_query_node(ctx), "protectedtitles", "pt");
	return run(ctx, vp, list, NULL);
}

static int generate_protectedtitles(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, NULL, out);
}

const struct api_module api_module_list_protectedtitles = {
	.name = "protectedtitles",
	.group = API_G_LIST,
	.prefix = "pt",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct pt_params),
	.summary = "List the titles protected against creation.",
	.examples = (const char *const[]){
		"action=query&list=protectedtitles", "Protected titles, newest first.",
		"action=query&generator=protectedtitles&gptnamespace=0&prop=linkshere",
		"Links to the protected titles of the main namespace.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Protectedtitles",
					   NULL },
	.exec = exec_protectedtitles,
	.generate = generate_protectedtitles,
};
