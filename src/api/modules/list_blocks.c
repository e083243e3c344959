/* SPDX-License-Identifier: MIT */
/*
 * list_blocks.c — list=blocks: the blocks in force, newest first (or
 * oldest with bkdir=newer), as MediaWiki's ApiQueryBlocks: by id, by
 * target (bkusers: exact accounts, addresses, ranges), by an address or
 * range they cover (bkip), by kind (bkshow), between two times.
 * Autoblocks never show their address. Blocks that hide a user are left
 * out for readers without hideuser. Continuation is "timestamp|id".
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

struct blocks_params {
	const char *start;     /* bkstart: 14 digits */
	const char *end;       /* bkend */
	const char *dir;       /* newer | older */
	struct api_list ids;   /* bkids */
	struct api_list users; /* bkusers */
	const char *ip;        /* bkip */
	long limit;            /* bklimit */
	struct api_list prop;  /* bkprop */
	struct api_list show;  /* bkshow */
	const char *cont;      /* bkcontinue */
};

static const char *const props[] = { "by", "byid", "expiry", "flags", "id", "range", "reason", "restrictions",
				     "timestamp", "user", "userid", NULL };
static const char *const shows[] = { "!account", "!ip", "!range", "!temp", "account", "ip", "range", "temp", NULL };

static const struct api_param params[] = {
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct blocks_params, start),
	  .desc = "The timestamp to start listing from." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct blocks_params, end),
	  .desc = "The timestamp to stop listing at." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older", .values = (const char *const[]){ "newer", "older", NULL },
	  .offset = offsetof(struct blocks_params, dir),
	  .value_descs = (const char *const[]){ "newer=Oldest first; bkstart must come before bkend.",
						"older=Newest first; bkstart must come after bkend.", NULL },
	  .desc = "In which direction to list." },
	{ .name = "ids", .type = API_T_INT, .flags = API_P_MULTI, .offset = offsetof(struct blocks_params, ids),
	  .desc = "Only these block IDs." },
	{ .name = "users", .type = API_T_USER, .flags = API_P_MULTI,
	  .user_types = API_USER_NAME | API_USER_IP | API_USER_CIDR, .offset = offsetof(struct blocks_params, users),
	  .desc = "Only blocks on these users, IP addresses or ranges (exactly; no ranges holding them)." },
	{ .name = "ip", .type = API_T_STRING, .offset = offsetof(struct blocks_params, ip),
	  .desc = "Only blocks that cover this IP address or CIDR range, range blocks included. Ranges wider "
		  "than /16 (IPv4) or /19 (IPv6) are refused. Cannot be combined with bkusers." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct blocks_params, limit), .desc = "How many blocks to list at most." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = props,
	  .dflt = "id|user|by|timestamp|expiry|reason|flags", .offset = offsetof(struct blocks_params, prop),
	  .value_descs = (const char *const[]){
		  "id=The ID of the block.", "user=The user name, address or range blocked.",
		  "userid=The ID of the blocked user.", "by=Who placed the block.", "byid=Their user ID.",
		  "timestamp=When the block was placed.", "expiry=When it ends.", "reason=The reason given.",
		  "range=The first and last address a range block covers.",
		  "flags=The block's options: automatic, anononly, nocreate, autoblock, noemail, hidden, "
		  "allowusertalk, partial.",
		  "restrictions=For partial blocks: the pages, namespaces and actions covered.", NULL },
	  .desc = "What to show of each block." },
	{ .name = "show", .type = API_T_ENUM, .flags = API_P_MULTI, .values = shows,
	  .offset = offsetof(struct blocks_params, show),
	  .desc = "Only blocks of these kinds: on accounts, single addresses, ranges, or temporary ones (with "
		  "an expiry); \"!\" turns a kind around." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct blocks_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* Bound values of the query, in order. */
struct binds {
	char kind[64];      /* 't' text, 'i' integer */
	const char *s[64];  /* texts */
	int64_t i[64];      /* integers */
	size_t n;           /* count */
};

static void bind_t(struct binds *b, const char *s)
{
	if (b->n < ARRAY_SIZE(b->kind)) {
		b->kind[b->n] = 't';
		b->s[b->n++] = s;
	}
}

static void bind_i(struct binds *b, int64_t v)
{
	if (b->n < ARRAY_SIZE(b->kind)) {
		b->kind[b->n] = 'i';
		b->i[b->n++] = v;
	}
}

/* bkip: the range condition, or an error (param_ip, cidrtoobroad). */
static int ip_clause(struct api_ctx *ctx, const char *ip, struct sbuf *sql, struct binds *b)
{
	const char *start, *end;
	int prefix;
	int bits = wiki_ip_range(ctx->arena, ip, &start, &end, &prefix);
	if (bits <= 0)
		return api_error(ctx, "param_ip", "apierror-badip");
	int limit = bits == 32 ? config.block_cidr_v4 : config.block_cidr_v6;
	if (limit < 0 || limit > bits)
		limit = bits;
	if (strchr(ip, '/') && prefix < limit)
		return api_error(ctx, "cidrtoobroad", NULL, bits == 32 ? "IPv4" : "IPv6", api_p_int(ctx->arena, limit));
	/* Every range holding the address starts with its first `limit` bits (the index bound). */
	const char *lo = arena_strndup(ctx->arena, start, (bits == 128 ? 3 : 0) + (size_t)limit / 4);
	sbuf_adds(sql, " AND bt_range_start >= ? AND bt_range_start <= ? AND bt_range_end >= ? AND bt_auto = 0");
	bind_t(b, lo);
	bind_t(b, start);
	bind_t(b, end);
	return RC_OK;
}

/* Add the restrictions of partial block `id` as MediaWiki lists them. */
static int add_restrictions(struct api_ctx *ctx, struct api_node *e, int64_t id, bool sitewide)
{
	struct api_node *r = api_add_array(e, "restrictions", NULL);
	if (sitewide)
		return RC_OK;
	struct store_stmt *s = store_prepare(ctx->store, "SELECT ir_type, ir_value, page_namespace, page_title"
							 " FROM ipblocks_restrictions LEFT JOIN page ON ir_type = 1"
							 " AND page_id = ir_value WHERE ir_ipb_id = ? ORDER BY ir_type, ir_value");
	store_bindv(s, "i", id);
	struct api_node *lists[4] = { NULL };
	static const char *const keys[] = { NULL, "pages", "namespaces", "actions" };
	static const char *const elems[] = { NULL, "page", "ns", "action" };
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		int type = (int)store_col_int(s, 0);
		int64_t value = store_col_int(s, 1);
		if (type < 1 || type > 3)
			continue;
		if (!lists[type]) {
			/* The restrictions object only when there are some (an empty list otherwise). */
			if (r->type == API_N_ARRAY) {
				api_node_unlink(r);
				r = api_add_object(e, "restrictions");
			}
			lists[type] = api_add_array(r, keys[type], elems[type]);
		}
		if (type == WIKI_BLOCK_R_PAGE) {
			struct api_node *pg = api_add_object(lists[type], NULL);
			api_add_int(pg, "id", value);
			if (!store_col_is_null(s, 3)) {
				struct wiki_title t;
				wiki_title_make(ctx->arena, (int)store_col_int(s, 2), store_col_text(s, 3), &t);
				api_add_int(pg, "ns", t.ns);
				api_add_str(pg, "title", t.prefixed);
			}
		} else if (type == WIKI_BLOCK_R_NS) {
			api_add_int(lists[type], NULL, value);
		} else {
			const char *const *acts = wiki_block_actions();
			if (value >= 1 && value <= 3)
				api_add_str(lists[type], NULL, acts[value - 1]);
		}
	}
	store_stmt_done(s);
	return rc == STORE_DONE ? RC_OK : api_db_error(ctx);
}

static int exec_blocks(struct api_ctx *ctx, void *vp)
{
	struct blocks_params *p = vp;
	if (api_require_max_one(ctx, (const char *const[]){ "users", "ip", NULL }) != RC_OK)
		return RC_ERR;
	const struct api_list *pr = &p->prop;
	bool f_id = api_list_has(pr, "id"), f_user = api_list_has(pr, "user"), f_userid = api_list_has(pr, "userid");
	bool f_by = api_list_has(pr, "by"), f_byid = api_list_has(pr, "byid"), f_ts = api_list_has(pr, "timestamp");
	bool f_exp = api_list_has(pr, "expiry"), f_reason = api_list_has(pr, "reason");
	bool f_range = api_list_has(pr, "range"), f_flags = api_list_has(pr, "flags");
	bool f_restr = api_list_has(pr, "restrictions");
	bool newer = streq(p->dir, "newer");
	const struct api_list *sh = &p->show;

	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	struct binds b = { .n = 0 };
	sbuf_adds(&sql, "SELECT bl_id, bl_timestamp, bt_address, bt_user, bt_user_text, bt_auto, ba.actor_name,"
			" ba.actor_user, bl_expiry, c.comment_text, bt_range_start, bt_range_end, bl_anon_only,"
			" bl_create_account, bl_enable_autoblock, bl_block_email, bl_deleted, bl_allow_usertalk,"
			" bl_sitewide FROM block JOIN block_target ON bt_id = bl_target"
			" JOIN actor ba ON ba.actor_id = bl_by_actor JOIN comment c ON c.comment_id = bl_reason_id"
			" WHERE bl_expiry > ?");
	char now[15];
	ts_format_mw(util_now(), now);
	bind_t(&b, now);
	if (p->start) {
		sbuf_adds(&sql, newer ? " AND bl_timestamp >= ?" : " AND bl_timestamp <= ?");
		bind_t(&b, p->start);
	}
	if (p->end) {
		sbuf_adds(&sql, newer ? " AND bl_timestamp <= ?" : " AND bl_timestamp >= ?");
		bind_t(&b, p->end);
	}
	if (p->cont) {
		const char *bar = strchr(p->cont, '|');
		long long cid;
		if (!bar || util_parse_ll(bar + 1, &cid) != RC_OK || cid < 0) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		int64_t ct;
		const char *cts = arena_strndup(ctx->arena, p->cont, (size_t)(bar - p->cont));
		if (ts_parse(cts, &ct) != RC_OK) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		char *mw = arena_alloc(ctx->arena, 15);
		ts_format_mw(ct, mw);
		sbuf_adds(&sql, newer ? " AND (bl_timestamp > ? OR (bl_timestamp = ? AND bl_id >= ?))"
				      : " AND (bl_timestamp < ? OR (bl_timestamp = ? AND bl_id <= ?))");
		bind_t(&b, mw);
		bind_t(&b, mw);
		bind_i(&b, cid);
	}
	if (p->ids.n) {
		sbuf_adds(&sql, " AND bl_id IN (");
		for (size_t i = 0; i < p->ids.n && i < 50; i++) {
			sbuf_adds(&sql, i ? ", ?" : "?");
			bind_i(&b, p->ids.iv[i]);
		}
		sbuf_adds(&sql, ")");
	}
	if (p->users.n) {
		/* Exact targets; autoblocks are never found by address. */
		sbuf_adds(&sql, " AND bt_auto = 0 AND (bt_user_text IN (");
		for (size_t i = 0; i < p->users.n && i < 25; i++) {
			sbuf_adds(&sql, i ? ", ?" : "?");
			bind_t(&b, p->users.v[i]);
		}
		sbuf_adds(&sql, ") OR bt_address IN (");
		for (size_t i = 0; i < p->users.n && i < 25; i++) {
			sbuf_adds(&sql, i ? ", ?" : "?");
			bind_t(&b, wiki_ip_sanitize_range(ctx->arena, p->users.v[i]));
		}
		sbuf_adds(&sql, "))");
	}
	if (p->ip && ip_clause(ctx, p->ip, &sql, &b) != RC_OK) {
		sbuf_release(&sql);
		return RC_ERR;
	}
	/* As MediaWiki: show's conflicts after the continuation and the address are read. */
	if ((api_list_has(sh, "account") && api_list_has(sh, "!account")) ||
	    (api_list_has(sh, "ip") && api_list_has(sh, "!ip")) ||
	    (api_list_has(sh, "range") && api_list_has(sh, "!range")) ||
	    (api_list_has(sh, "temp") && api_list_has(sh, "!temp"))) {
		sbuf_release(&sql);
		return api_error(ctx, "show", "apierror-show");
	}
	if (api_list_has(sh, "account"))
		sbuf_adds(&sql, " AND bt_user IS NOT NULL");
	if (api_list_has(sh, "!account"))
		sbuf_adds(&sql, " AND bt_user IS NULL");
	if (api_list_has(sh, "ip"))
		sbuf_adds(&sql, " AND bt_user IS NULL AND bt_range_end = bt_range_start");
	if (api_list_has(sh, "!ip"))
		sbuf_adds(&sql, " AND (bt_user IS NOT NULL OR bt_range_end > bt_range_start)");
	if (api_list_has(sh, "temp"))
		sbuf_adds(&sql, " AND bl_expiry != 'infinity'");
	if (api_list_has(sh, "!temp"))
		sbuf_adds(&sql, " AND bl_expiry = 'infinity'");
	if (api_list_has(sh, "range"))
		sbuf_adds(&sql, " AND bt_range_end > bt_range_start");
	if (api_list_has(sh, "!range"))
		sbuf_adds(&sql, " AND (bt_user IS NOT NULL OR bt_range_end = bt_range_start)");
	if (!wiki_user_can(ctx->user, "hideuser"))
		sbuf_adds(&sql, " AND bl_deleted = 0");
	sbuf_adds(&sql, newer ? " ORDER BY bl_timestamp, bl_id LIMIT ?" : " ORDER BY bl_timestamp DESC, bl_id DESC LIMIT ?");
	bind_i(&b, p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	for (size_t i = 0; i < b.n; i++) {
		if (b.kind[i] == 't')
			store_bind_text(st, (int)i + 1, b.s[i], STORE_NTS);
		else
			store_bind_int(st, (int)i + 1, b.i[i]);
	}

	/* Read every row first: the restrictions need statements of their own. */
	struct row {
		int64_t id, user, byid;
		const char *ts, *address, *user_text, *by, *expiry, *reason, *rstart, *rend;
		bool is_auto, anon_only, nocreate, autoblock, noemail, hidden, usertalk, sitewide;
	};
	struct row *rows = arena_calloc(ctx->arena, (size_t)p->limit + 1, sizeof(*rows));
	size_t n = 0;
	int rc = STORE_DONE;
	while (n < (size_t)p->limit + 1 && (rc = store_step(st)) == STORE_ROW) {
		struct row *r = &rows[n++];
		r->id = store_col_int(st, 0);
		r->ts = store_col_dup(st, ctx->arena, 1);
		r->address = store_col_dup(st, ctx->arena, 2);
		r->user = store_col_int(st, 3);
		r->user_text = store_col_dup(st, ctx->arena, 4);
		r->is_auto = store_col_int(st, 5) != 0;
		r->by = store_col_dup(st, ctx->arena, 6);
		r->byid = store_col_int(st, 7);
		r->expiry = store_col_dup(st, ctx->arena, 8);
		r->reason = store_col_dup(st, ctx->arena, 9);
		r->rstart = store_col_dup(st, ctx->arena, 10);
		r->rend = store_col_dup(st, ctx->arena, 11);
		r->anon_only = store_col_int(st, 12) != 0;
		r->nocreate = store_col_int(st, 13) != 0;
		r->autoblock = store_col_int(st, 14) != 0;
		r->noemail = store_col_int(st, 15) != 0;
		r->hidden = store_col_int(st, 16) != 0;
		r->usertalk = store_col_int(st, 17) != 0;
		r->sitewide = store_col_int(st, 18) != 0;
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);

	struct api_node *list = api_add_array(api_query_node(ctx), "blocks", "block");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		if (i == (size_t)p->limit || api_result_full(ctx)) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%lld", r->ts, (long long)r->id));
			break;
		}
		struct api_node *e = api_node_set_type(api_add_object(list, NULL), API_ARR_ASSOC, NULL);
		if (f_id)
			api_add_int(e, "id", r->id);
		if (f_user && !r->is_auto)
			api_add_str(e, "user", r->user_text ? r->user_text : r->address);
		if (f_userid && !r->is_auto)
			api_add_int(e, "userid", r->user);
		if (f_by)
			api_add_str(e, "by", r->by);
		if (f_byid)
			api_add_int(e, "byid", r->byid);
		if (f_ts)
			api_add_str(e, "timestamp", wiki_timestamp_iso(ctx->arena, r->ts));
		if (f_exp)
			api_add_str(e, "expiry", streq(r->expiry, "infinity") ? "infinity"
										: wiki_timestamp_iso(ctx->arena, r->expiry));
		if (f_reason)
			api_add_str(e, "reason", r->reason);
		if (f_range && !r->is_auto) {
			/* IPUtils::formatHex of the stored range; accounts have none, which reads as 0.0.0.0. */
			api_add_str(e, "rangestart", wiki_ip_from_hex(ctx->arena, r->rstart ? r->rstart : ""));
			api_add_str(e, "rangeend", wiki_ip_from_hex(ctx->arena, r->rend ? r->rend : ""));
		}
		if (f_flags) {
			api_add_bool(e, "automatic", r->is_auto);
			api_add_bool(e, "anononly", r->anon_only);
			api_add_bool(e, "nocreate", r->nocreate);
			api_add_bool(e, "autoblock", r->autoblock);
			api_add_bool(e, "noemail", r->noemail);
			api_add_bool(e, "hidden", r->hidden);
			api_add_bool(e, "allowusertalk", r->usertalk);
			api_add_bool(e, "partial", !r->sitewide);
		}
		if (f_restr && add_restrictions(ctx, e, r->id, r->sitewide) != RC_OK)
			return RC_ERR;
	}
	return RC_OK;
}

const struct api_module api_module_list_blocks = {
	.name = "blocks",
	.group = API_G_LIST,
	.prefix = "bk",
	.flags = 0,
	.params = params,
	.params_size = sizeof(struct blocks_params),
	.summary = "List all blocked users and IP addresses.",
	.examples = (const char *const[]){
		"action=query&list=blocks", "List blocks.",
		"action=query&list=blocks&bkusers=Alice|Bob", "List the blocks on the users Alice and Bob.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Blocks", NULL },
	.exec = exec_blocks,
};
