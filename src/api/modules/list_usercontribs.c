/* SPDX-License-Identifier: MIT */
/*
 * list_usercontribs.c — list=usercontribs: the revisions made by some
 * users, newest first by default, as MediaWiki's ApiQueryUserContribs.
 *
 * The users come from exactly one of ucuser (names or IPs), ucuserids,
 * ucuserprefix (every actor whose name starts with the text) or
 * uciprange (every IP actor in a CIDR range). The order and the
 * continuation depend on that, as in MediaWiki:
 *   - one user: by time; continue "timestamp|revid";
 *   - several names or ids: by actor, then time, all in one query;
 *     continue "actor|actorid|timestamp|revid";
 *   - a prefix or a range: user after user (by name, or by address for
 *     a range), each by time; continue "name|username|timestamp|revid".
 * Patrol flags (ucprop=patrolled, ucshow=[!]patrolled/autopatrolled)
 * come from recentchanges and need the patrol or patrolmarks right.
 * Revisions whose user is hidden are left out for those who may not see
 * it, so the list cannot reveal them.
 */
#include "query_int.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

/* Narrowest CIDR prefixes accepted by uciprange ($wgRangeContributionsCIDRLimit). */
#define CIDR_LIMIT_V4 16
#define CIDR_LIMIT_V6 32

struct uc_params {
	long limit;               /* rows per batch */
	const char *start;        /* 14-digit timestamp */
	const char *end;          /* 14-digit timestamp */
	const char *cont;         /* see the file comment */
	struct api_list user;     /* user names or IPs */
	struct api_list userids;  /* user ids */
	const char *userprefix;   /* names starting with this */
	const char *iprange;      /* IP addresses in this CIDR range */
	const char *dir;          /* newer | older */
	struct api_list ns;       /* namespaces */
	struct api_list prop;     /* what to show */
	struct api_list show;     /* flag filters */
	const char *tag;          /* only revisions with this change tag */
	bool toponly;             /* deprecated: only latest revisions */
};

static const char *const props[] = { "comment", "flags", "ids", "parsedcomment", "patrolled", "size", "sizediff",
				     "tags", "timestamp", "title", NULL };
static const char *const shows[] = { "!autopatrolled", "!minor", "!new", "!patrolled", "!top", "autopatrolled",
				     "minor", "new", "patrolled", "top", NULL };

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
	{ .name = "iprange", .type = API_T_STRING, .offset = offsetof(struct uc_params, iprange),
	  .desc = "List contributions of every IP address in this CIDR range (at most /16 for IPv4, /32 for "
		  "IPv6)." },
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
	{ .name = "tag", .type = API_T_STRING, .offset = offsetof(struct uc_params, tag),
	  .desc = "Only revisions with this change tag." },
	{ .name = "toponly", .type = API_T_BOOL, .flags = API_P_DEPRECATED, .offset = offsetof(struct uc_params, toponly),
	  .desc = "Only contributions that are the latest revision of their page." },
	{ 0 }
};

/* Columns of the revision query (run_batch()): the integers, then the texts. */
enum uc_col {
	UC_ID,         /* rev_id */
	UC_PAGE,       /* rev_page */
	UC_PARENT,     /* rev_parent_id */
	UC_MINOR,      /* rev_minor_edit */
	UC_LEN,        /* rev_len */
	UC_NS,         /* page_namespace */
	UC_LATEST,     /* page_latest */
	UC_ACTOR,      /* rev_actor */
	UC_COMMENT,    /* rev_comment_id */
	UC_PARENT_LEN, /* the parent's rev_len (ucprop=sizediff), else 0 */
	UC_PATROLLED,  /* rc_patrolled (with the patrol join), else 0 */
	UC_N_INTS,     /* integer columns before the texts */
	UC_TS = UC_N_INTS, /* rev_timestamp */
	UC_TITLE,      /* page_title */
};

/* How the rows are ordered and continued (see the file comment). */
enum uc_order {
	ORDER_TIME,  /* one user */
	ORDER_ACTOR, /* several users in one query */
	ORDER_NAME,  /* one user after the other */
};

/* One request's state. */
struct uc_run {
	struct api_ctx *ctx;
	struct uc_params *p;
	bool older;                 /* dir=older */
	enum uc_order order;
	/* Parsed continuation: the user part (ORDER_ACTOR: actor id, ORDER_NAME: name) and the row. */
	const char *cont_user;
	int64_t cont_actor;
	char cont_ts[15];
	int64_t cont_id;
	bool has_cont;
	bool patrol_join;           /* join recentchanges for the patrol flags */
	bool patrol_filter;         /* ... with a filter on them (inner join) */
	struct api_rows rows;       /* writer of the result list */
	struct query_tags tags;     /* ucprop=tags: the tags of the current batch's rows */
	long count;                 /* rows added so far */
	bool done;                  /* limit or result size reached */
	/* ucprop, looked up once instead of for every row. */
	bool has_ids, has_title, has_timestamp, has_flags, has_comment, has_parsedcomment, has_patrolled,
	     has_size, has_sizediff, has_tags;
};

static bool show(const struct uc_run *r, const char *v)
{
	return api_list_has(&r->p->show, v) || (streq(v, "top") && r->p->toponly);
}

/*
 * Parse the continuation for this order. The user part is checked here;
 * MediaWiki accepts "name" or "actor" as the first part where it reads
 * the user, but the rows themselves must match the order.
 */
static int parse_cont(struct uc_run *r)
{
	struct api_ctx *ctx = r->ctx;
	const char *c = r->p->cont;
	if (!c)
		return RC_OK;
	const char **parts;
	size_t n = api_split_multi(ctx->arena, c, &parts);
	const char *ts, *id;
	if (r->order == ORDER_TIME) {
		if (n != 2)
			return api_error(ctx, "badcontinue", NULL);
		ts = parts[0];
		id = parts[1];
	} else {
		if (n != 4 || !streq(parts[0], r->order == ORDER_ACTOR ? "actor" : "name"))
			return api_error(ctx, "badcontinue", NULL);
		r->cont_user = parts[1];
		if (r->order == ORDER_ACTOR) {
			long long a;
			if (util_parse_ll(parts[1], &a) != RC_OK)
				return api_error(ctx, "badcontinue", NULL);
			r->cont_actor = a;
		}
		ts = parts[2];
		id = parts[3];
	}
	long long v;
	int64_t t;
	if (util_parse_ll(id, &v) != RC_OK || ts_parse(ts, &t) != RC_OK)
		return api_error(ctx, "badcontinue", NULL);
	r->cont_id = v;
	ts_format_mw(t, r->cont_ts);
	r->has_cont = true;
	return RC_OK;
}

/*
 * Add one row of the revision query (columns as enum uc_col says, `v` its
 * integers, `texts` its texts); RC_ERR when the actor or comment cannot
 * be read.
 */
static int add_row(struct uc_run *r, const char *const *texts, const int64_t *v)
{
	struct api_ctx *ctx = r->ctx;
	int64_t revid = v[UC_ID];
	const char *ts = texts[UC_TS - UC_N_INTS], *dbkey = texts[UC_TITLE - UC_N_INTS];
	struct api_rows *w = &r->rows;
	const char *uname = "";
	int64_t uid = 0;
	if (store_actor_get(ctx->store, v[UC_ACTOR], &uname, &uid) == RC_ERR)
		return RC_ERR;
	api_row_begin(w);
	api_row_int(w, "userid", uid);
	api_row_str(w, "user", uname);
	int ns = (int)v[UC_NS];
	if (r->has_ids) {
		api_row_int(w, "pageid", v[UC_PAGE]);
		api_row_int(w, "revid", revid);
		api_row_int(w, "parentid", v[UC_PARENT]);
	}
	if (r->has_title) {
		api_row_int(w, "ns", ns);
		api_row_title(w, "title", ns, dbkey);
	}
	if (r->has_timestamp)
		api_row_timestamp(w, "timestamp", ts);
	if (r->has_flags) {
		api_row_bool(w, "new", v[UC_PARENT] == 0);
		api_row_bool(w, "minor", v[UC_MINOR] != 0);
		api_row_bool(w, "top", v[UC_LATEST] == revid);
	}
	if (r->has_comment || r->has_parsedcomment) {
		const char *comment = "";
		size_t clen = 0;
		if (store_comment_get(ctx->store, v[UC_COMMENT], &comment, &clen) == RC_ERR) {
			api_row_end(w);
			return RC_ERR;
		}
		if (r->has_comment)
			api_row_strn(w, "comment", comment, clen);
		if (r->has_parsedcomment) {
			struct wiki_title t;
			wiki_title_make(ctx->arena, ns, dbkey, &t);
			api_row_str(w, "parsedcomment", wiki_comment_html(ctx->arena, ctx->store, comment, &t));
		}
	}
	if (r->has_patrolled) {
		int64_t pv = v[UC_PATROLLED];
		api_row_bool(w, "patrolled", pv != 0);
		api_row_bool(w, "autopatrolled", pv == 2);
	}
	if (r->has_size)
		api_row_int(w, "size", v[UC_LEN]);
	if (r->has_sizediff)
		api_row_int(w, "sizediff", v[UC_LEN] - v[UC_PARENT_LEN]);
	if (r->has_tags)
		query_tags_add(api_row_node(w), &r->tags, revid);
	api_row_end(w);
	return RC_OK;
}

/* The continuation value of the row of `texts` and `v`; NULL when its actor cannot be read. */
static const char *cont_value(struct uc_run *r, const char *const *texts, const int64_t *v)
{
	struct arena *a = r->ctx->arena;
	const char *ts = texts[UC_TS - UC_N_INTS];
	long long id = v[UC_ID];
	if (r->order == ORDER_ACTOR)
		return arena_printf(a, "actor|%lld|%s|%lld", (long long)v[UC_ACTOR], ts, id);
	if (r->order == ORDER_NAME) {
		const char *uname = "";
		int64_t uid;
		if (store_actor_get(r->ctx->store, v[UC_ACTOR], &uname, &uid) == RC_ERR)
			return NULL;
		return arena_printf(a, "name|%s|%s|%lld", uname, ts, id);
	}
	return arena_printf(a, "%s|%lld", ts, id);
}

/* The revisions of the actors `actors` (n of them), up to the remaining limit. */
static int run_batch(struct uc_run *r, const int64_t *actors, size_t n)
{
	struct api_ctx *ctx = r->ctx;
	struct uc_params *p = r->p;
	const char *op = r->older ? "<" : ">", *dir = r->older ? "DESC" : "ASC";
	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	/*
	 * The parent's size is read only when asked for: a lookup per row.
	 * Actor names and summaries come from the connection's cache
	 * (store_actor_get(), store_comment_get()); the revision columns are
	 * all in the rev_actor_timestamp index.
	 */
	sbuf_addf(&sql, "SELECT rev_id, rev_page, rev_parent_id, rev_minor_edit, rev_len, page_namespace, page_latest,"
			" rev_actor, rev_comment_id, %s, %s, rev_timestamp, page_title",
		  r->has_sizediff ? "(SELECT pr.rev_len FROM revision pr WHERE pr.rev_id = revision.rev_parent_id)"
				  : "0",
		  r->patrol_join ? "COALESCE(rc_patrolled, 0)" : "0");
	/* Where the query's FROM starts: ucprop=tags selects the same rows' tags with it. */
	size_t from_at = sql.len;
	sbuf_addf(&sql, " FROM revision JOIN page ON page_id = rev_page%s WHERE rev_actor IN (",
		  !r->patrol_join     ? ""
		  : r->patrol_filter ? " JOIN recentchanges ON rc_this_oldid = rev_id"
				      : " LEFT JOIN recentchanges ON rc_this_oldid = rev_id");
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sql, "%s%lld", i ? "," : "", (long long)actors[i]);
	sbuf_addc(&sql, ')');
	/* Bound text values, in order. */
	const char *bt[8];
	size_t nb = 0;
	/* Users come one by one from the continuation's user on (ORDER_NAME): only that one is cut. */
	bool cut = r->has_cont;
	if (cut && r->order == ORDER_NAME) {
		const char *uname = "";
		int64_t uid;
		if (store_actor_get(ctx->store, actors[0], &uname, &uid) == RC_ERR) {
			sbuf_release(&sql);
			return api_db_error(ctx);
		}
		cut = streq(uname, r->cont_user);
	}
	if (cut) {
		if (r->order == ORDER_ACTOR)
			sbuf_addf(&sql, " AND (rev_actor %s %lld OR (rev_actor = %lld AND", op, (long long)r->cont_actor,
				  (long long)r->cont_actor);
		sbuf_addf(&sql, "%s (rev_timestamp %s ? OR (rev_timestamp = ? AND rev_id %s= %lld))",
			  r->order == ORDER_ACTOR ? "" : " AND", op, op, (long long)r->cont_id);
		bt[nb++] = r->cont_ts;
		bt[nb++] = r->cont_ts;
		if (r->order == ORDER_ACTOR)
			sbuf_adds(&sql, "))");
	}
	const char *lo = r->older ? p->end : p->start, *hi = r->older ? p->start : p->end;
	if (lo) {
		sbuf_adds(&sql, " AND rev_timestamp >= ?");
		bt[nb++] = lo;
	}
	if (hi) {
		sbuf_adds(&sql, " AND rev_timestamp <= ?");
		bt[nb++] = hi;
	}
	if (p->ns.n) {
		sbuf_adds(&sql, " AND page_namespace IN (");
		for (size_t i = 0; i < p->ns.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->ns.iv[i]);
		sbuf_addc(&sql, ')');
	}
	static const struct {
		const char *show;
		const char *cond;
	} conds[] = {
		{ "top", " AND rev_id = page_latest" }, { "!top", " AND rev_id != page_latest" },
		{ "minor", " AND rev_minor_edit != 0" }, { "!minor", " AND rev_minor_edit = 0" },
		{ "new", " AND rev_parent_id = 0" }, { "!new", " AND rev_parent_id != 0" },
		{ "patrolled", " AND rc_patrolled != 0" }, { "!patrolled", " AND rc_patrolled = 0" },
		{ "autopatrolled", " AND rc_patrolled = 2" }, { "!autopatrolled", " AND rc_patrolled != 2" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(conds); i++)
		if (show(r, conds[i].show))
			sbuf_adds(&sql, conds[i].cond);
	if (p->tag) {
		sbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				" WHERE ct_rev_id = rev_id AND ctd_name = ?)");
		bt[nb++] = p->tag;
	}
	/* Revisions whose user is hidden from this reader are not listed under that user. */
	if (!wiki_user_can(ctx->user, "deletedhistory"))
		sbuf_adds(&sql, " AND (rev_deleted & 4) = 0");
	else if (!wiki_user_can(ctx->user, "suppressrevision") && !wiki_user_can(ctx->user, "viewsuppressed"))
		sbuf_adds(&sql, " AND (rev_deleted & 12) != 12");
	sbuf_adds(&sql, " ORDER BY ");
	if (n > 1)
		sbuf_addf(&sql, "rev_actor %s, ", dir);
	sbuf_addf(&sql, "rev_timestamp %s, rev_id %s LIMIT %ld", dir, dir, p->limit - r->count + 1);
	/* ucprop=tags: the tags of every row the query selects, in one query before it (no query per row). */
	if (r->has_tags) {
		struct sbuf tsql;
		sbuf_init(&tsql, 1 << 16);
		sbuf_addf(&tsql, "SELECT ct_rev_id, ctd_name FROM change_tag JOIN change_tag_def ON ctd_id = ct_tag_id"
				 " WHERE ct_rev_id IN (SELECT rev_id%s) ORDER BY ct_rev_id, ct_tag_id",
			  sbuf_cstr(&sql) + from_at);
		struct store_stmt *ts = store_prepare(ctx->store, sbuf_cstr(&tsql));
		sbuf_release(&tsql);
		for (size_t i = 0; ts && i < nb; i++)
			store_bind_text(ts, (int)i + 1, bt[i], STORE_NTS);
		if (query_tags_read(ctx, ts, &r->tags) != RC_OK) {
			sbuf_release(&sql);
			return RC_ERR;
		}
	}
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 1, bt[i], STORE_NTS);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t v[UC_N_INTS];
		const char *texts[2];
		store_col_row(st, UC_N_INTS, v, 2, texts);
		if (++r->count > p->limit || (r->count > 1 && api_result_full(ctx))) {
			const char *cont = cont_value(r, texts, v);
			if (!cont) {
				rc = RC_ERR;
				break;
			}
			api_continue_set(ctx, "continue", cont);
			r->done = true;
			break;
		}
		if (add_row(r, texts, v) != RC_OK) {
			rc = RC_ERR;
			break;
		}
	}
	store_stmt_done(st);
	return rc < 0 ? api_db_error(ctx) : RC_OK;
}

/* Actor ids of the rows of `sql`, whose parameters are the `n_args` texts `args`. */
static int actor_ids(struct api_ctx *ctx, const char *sql, const char *const *args, size_t n_args, int64_t **out,
		     size_t *n)
{
	struct store_stmt *st = store_prepare(ctx->store, sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < n_args; i++)
		store_bind_text(st, (int)i + 1, args[i], STORE_NTS);
	size_t cap = 0;
	*out = arena_grow(ctx->arena, NULL, 0, &cap, sizeof(**out)); /* never NULL, even with no rows */
	*n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		*out = arena_grow(ctx->arena, *out, *n, &cap, sizeof(**out));
		(*out)[(*n)++] = store_col_int(st, 0);
	}
	store_stmt_done(st);
	return rc < 0 ? api_db_error(ctx) : RC_OK;
}

/* An IP address as bytes (4 or 16) with its family; false when `s` is not one. */
static bool parse_ip(const char *s, unsigned char bytes[16], int *family)
{
	if (inet_pton(AF_INET, s, bytes) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, bytes) == 1) {
		*family = AF_INET6;
		return true;
	}
	return false;
}

/* An IP actor inside the range, with its address for sorting. */
struct ip_actor {
	unsigned char bytes[16];
	const char *name;
	int64_t actor;
};

static int cmp_ip(const void *a, const void *b)
{
	const struct ip_actor *x = a, *y = b;
	return memcmp(x->bytes, y->bytes, 16);
}

/*
 * The actors of uciprange, sorted by address in the listing direction
 * and starting at the continuation's address. Errors as MediaWiki:
 * invalidiprange, cidrtoobroad.
 */
/* uciprange's network into net, *family and *bits; RC_ERR after invalidiprange or cidrtoobroad. */
static int read_range(struct api_ctx *ctx, const char *range, unsigned char net[16], int *family, long long *bits)
{
	const char *slash = strchr(range, '/');
	if (!slash || !parse_ip(arena_strndup(ctx->arena, range, (size_t)(slash - range)), net, family) ||
	    util_parse_ll(slash + 1, bits) != RC_OK || *bits < 0 || *bits > (*family == AF_INET ? 32 : 128))
		return api_error(ctx, "invalidiprange", NULL, range);
	int limit = *family == AF_INET ? CIDR_LIMIT_V4 : CIDR_LIMIT_V6;
	if (*bits < limit)
		return api_error(ctx, "cidrtoobroad", NULL, *family == AF_INET ? "IPv4" : "IPv6",
				 api_p_int(ctx->arena, limit));
	return RC_OK;
}

static int range_actors(struct uc_run *r, struct ip_actor **out, size_t *n)
{
	struct api_ctx *ctx = r->ctx;
	unsigned char net[16] = { 0 };
	int family;
	long long bits;
	if (read_range(ctx, r->p->iprange, net, &family, &bits) != RC_OK)
		return RC_ERR;
	struct store_stmt *st = store_prepare(ctx->store, "SELECT actor_id, actor_name FROM actor WHERE actor_user IS NULL");
	if (!st)
		return api_db_error(ctx);
	size_t cap = 0;
	*out = arena_grow(ctx->arena, NULL, 0, &cap, sizeof(**out)); /* never NULL, even with no rows */
	*n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		struct ip_actor ia = { .bytes = { 0 } };
		int f;
		ia.name = store_col_dup(st, ctx->arena, 1);
		if (!parse_ip(ia.name, ia.bytes, &f) || f != family)
			continue;
		bool inside = true;
		for (long long b = 0; b < bits && inside; b++) {
			int mask = 0x80 >> (b % 8);
			inside = (ia.bytes[b / 8] & mask) == (net[b / 8] & mask);
		}
		if (!inside)
			continue;
		*out = arena_grow(ctx->arena, *out, *n, &cap, sizeof(**out));
		ia.actor = store_col_int(st, 0);
		(*out)[(*n)++] = ia;
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	qsort(*out, *n, sizeof(**out), cmp_ip);
	if (r->older)
		for (size_t i = 0; i < *n / 2; i++) {
			struct ip_actor t = (*out)[i];
			(*out)[i] = (*out)[*n - 1 - i];
			(*out)[*n - 1 - i] = t;
		}
	if (r->has_cont) {
		unsigned char from[16] = { 0 };
		int f;
		if (!parse_ip(r->cont_user, from, &f) || f != family)
			return api_error(ctx, "badcontinue", NULL);
		size_t skip = 0;
		while (skip < *n && (r->older ? memcmp((*out)[skip].bytes, from, 16) > 0
					      : memcmp((*out)[skip].bytes, from, 16) < 0))
			skip++;
		*out += skip;
		*n -= skip;
	}
	return RC_OK;
}

static int exec_uc(struct api_ctx *ctx, void *vp)
{
	struct uc_params *p = vp;
	struct uc_run r = { .ctx = ctx, .p = p, .older = streq(p->dir, "older") };
	r.has_ids = api_list_has(&p->prop, "ids");
	r.has_title = api_list_has(&p->prop, "title");
	r.has_timestamp = api_list_has(&p->prop, "timestamp");
	r.has_flags = api_list_has(&p->prop, "flags");
	r.has_comment = api_list_has(&p->prop, "comment");
	r.has_parsedcomment = api_list_has(&p->prop, "parsedcomment");
	r.has_patrolled = api_list_has(&p->prop, "patrolled");
	r.has_size = api_list_has(&p->prop, "size");
	r.has_sizediff = api_list_has(&p->prop, "sizediff");
	r.has_tags = api_list_has(&p->prop, "tags");
	if (api_require_one_of(ctx, (const char *const[]){ "userprefix", "userids", "iprange", "user", NULL }) !=
	    RC_OK)
		return RC_ERR;
	int64_t *actors = NULL;
	size_t n_actors = 0;
	struct ip_actor *ips = NULL;
	size_t n_ips = 0;
	const char *sort = r.older ? "DESC" : "ASC";
	if (api_param_given(ctx, "userids")) {
		if (!p->userids.n)
			return api_error(ctx, arena_printf(ctx->arena, "paramempty_%s", api_param_name(ctx, "userids")),
					 "apierror-paramempty", api_param_name(ctx, "userids"));
		for (size_t i = 0; i < p->userids.n; i++)
			if (p->userids.iv[i] <= 0)
				return api_error(ctx, "invaliduserid", NULL, p->userids.v[i]);
		r.order = p->userids.n > 1 ? ORDER_ACTOR : ORDER_TIME;
	} else if (api_param_given(ctx, "user")) {
		if (!p->user.n)
			return api_error(ctx, arena_printf(ctx->arena, "paramempty_%s", api_param_name(ctx, "user")),
					 "apierror-paramempty", api_param_name(ctx, "user"));
		r.order = p->user.n > 1 ? ORDER_ACTOR : ORDER_TIME;
	} else {
		r.order = ORDER_NAME;
	}
	/* As MediaWiki: the range is checked before the continuation is read. */
	unsigned char net[16] = { 0 };
	int family;
	long long bits;
	if (p->iprange && read_range(ctx, p->iprange, net, &family, &bits) != RC_OK)
		return RC_ERR;
	if (parse_cont(&r) != RC_OK)
		return RC_ERR;
	if (p->userids.n) {
		struct sbuf sql;
		sbuf_init(&sql, 1 << 16);
		sbuf_adds(&sql, "SELECT actor_id FROM actor WHERE actor_user IN (");
		for (size_t i = 0; i < p->userids.n; i++)
			sbuf_addf(&sql, "%s%ld", i ? "," : "", p->userids.iv[i]);
		sbuf_addc(&sql, ')');
		int rc = actor_ids(ctx, sbuf_cstr(&sql), NULL, 0, &actors, &n_actors);
		sbuf_release(&sql);
		if (rc != RC_OK)
			return RC_ERR;
	} else if (p->user.n) {
		struct sbuf sql;
		sbuf_init(&sql, 1 << 16);
		sbuf_adds(&sql, "SELECT actor_id FROM actor WHERE actor_name IN (");
		for (size_t i = 0; i < p->user.n; i++)
			sbuf_adds(&sql, i ? ",?" : "?");
		sbuf_addc(&sql, ')');
		int rc = actor_ids(ctx, sbuf_cstr(&sql), p->user.v, p->user.n, &actors, &n_actors);
		sbuf_release(&sql);
		if (rc != RC_OK)
			return RC_ERR;
	} else if (p->iprange) {
		if (range_actors(&r, &ips, &n_ips) != RC_OK)
			return RC_ERR;
	} else {
		/* Every actor whose name starts with the prefix as given (no normalization), by name. */
		const char *sql = r.has_cont
			? arena_printf(ctx->arena, "SELECT actor_id FROM actor WHERE substr(actor_name, 1, length(?1)) = ?1"
						   " AND actor_name %s= ?2 ORDER BY actor_name %s",
				       r.older ? "<" : ">", sort)
			: arena_printf(ctx->arena, "SELECT actor_id FROM actor WHERE substr(actor_name, 1, length(?1)) = ?1"
						   " ORDER BY actor_name %s",
				       sort);
		const char *args[] = { p->userprefix, r.cont_user };
		if (actor_ids(ctx, sql, args, r.has_cont ? 2 : 1, &actors, &n_actors) != RC_OK)
			return RC_ERR;
	}

	static const char *const pairs[][2] = { { "minor", "!minor" }, { "patrolled", "!patrolled" },
						{ "autopatrolled", "!autopatrolled" }, { "autopatrolled", "!patrolled" },
						{ "top", "!top" }, { "new", "!new" } };
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		if (show(&r, pairs[i][0]) && show(&r, pairs[i][1]))
			return api_error(ctx, "show", "apierror-show");
	r.patrol_filter = show(&r, "patrolled") || show(&r, "!patrolled") || show(&r, "autopatrolled") ||
			  show(&r, "!autopatrolled");
	r.patrol_join = r.patrol_filter || api_list_has(&p->prop, "patrolled");
	if (r.patrol_join && !wiki_user_can(ctx->user, "patrol") && !wiki_user_can(ctx->user, "patrolmarks"))
		return api_error(ctx, "permissiondenied", "apierror-permissiondenied-patrolflag");

	api_rows_start(ctx, &r.rows, api_add_array(api_query_node(ctx), "usercontribs", "item"));
	api_rows_expect(&r.rows, p->limit);
	if (r.order != ORDER_NAME)
		return n_actors ? run_batch(&r, actors, n_actors) : RC_OK;
	/* One user after the other; only the first keeps the continuation's row position. */
	size_t total = p->iprange ? n_ips : n_actors;
	for (size_t i = 0; i < total && !r.done; i++) {
		int64_t a = p->iprange ? ips[i].actor : actors[i];
		if (run_batch(&r, &a, 1) != RC_OK)
			return RC_ERR;
	}
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
