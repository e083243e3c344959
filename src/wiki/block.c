/* SPDX-License-Identifier: MIT */
/*
 * block.c — blocks: reading them, deciding whether one applies to a
 * request, placing, changing and removing them, and autoblocks.
 *
 * Storage is the 1.42 pair of tables: `block_target` holds what is
 * blocked (bt_user/bt_user_text for an account, bt_address for an
 * address, a range or an autoblocked address; bt_range_start/end and
 * bt_ip_hex are the address forms of ip.c) and `block` one row per block
 * on it, with partial-block restrictions in `ipblocks_restrictions`.
 * Without $wgEnableMultiBlocks there is at most one block per target,
 * as in 1.39; with it, `newblock` adds more.
 *
 * Which blocks apply to a request (MediaWiki's BlockManager and
 * DatabaseBlock::newLoad): those on the account, and unless the user has
 * ipblock-exempt those on the address, on ranges holding it and its
 * autoblocks; registered users skip the anon-only ones, and an
 * autoblock is dropped when its parent block is found too. Expired
 * blocks never apply; they are purged when a new block is placed.
 *
 * Autoblocks (DatabaseBlock::doAutoblock): when an account blocked with
 * autoblock tries to edit, or is blocked while it has recent edits, the
 * address it used gets a block of its own for config.autoblock_expiry
 * seconds, copying the parent's flags; its target is never shown.
 */
#include <stdio.h>

#include "../store/store.h"
#include "../util/config.h"
#include "../util/timestamp.h"
#include "wiki.h"

static const char *const block_actions[] = { "upload", "move", "create", NULL };

const char *const *wiki_block_actions(void)
{
	return block_actions;
}

/* Columns every block read selects, in the order row_to_block() reads them. */
#define BLOCK_COLS                                                                                        \
	"bl_id, bl_target, bt_address, bt_user, bt_user_text, bt_auto, bt_range_start, bt_range_end,"    \
	" bl_by_actor, ba.actor_name, ba.actor_user, c.comment_text, bl_timestamp, bl_anon_only,"         \
	" bl_create_account, bl_enable_autoblock, bl_expiry, bl_deleted, bl_block_email,"                 \
	" bl_allow_usertalk, bl_parent_block_id, bl_sitewide"
#define BLOCK_FROM                                                                                        \
	" FROM block JOIN block_target ON bt_id = bl_target JOIN actor ba ON ba.actor_id = bl_by_actor"   \
	" JOIN comment c ON c.comment_id = bl_reason_id"

static struct wiki_block *row_to_block(struct store_stmt *s, struct arena *a)
{
	struct wiki_block *b = arena_calloc(a, 1, sizeof(*b));
	b->id = store_col_int(s, 0);
	b->target_id = store_col_int(s, 1);
	bool is_auto = store_col_int(s, 5) != 0;
	if (!store_col_is_null(s, 3)) {
		b->type = WIKI_BLOCK_USER;
		b->user_id = store_col_int(s, 3);
		b->target = store_col_dup(s, a, 4);
	} else {
		b->target = store_col_dup(s, a, 2);
		b->type = is_auto ? WIKI_BLOCK_AUTO : strchr(b->target, '/') ? WIKI_BLOCK_RANGE : WIKI_BLOCK_IP;
	}
	b->by_actor = store_col_int(s, 8);
	b->by_name = store_col_dup(s, a, 9);
	b->by_id = store_col_int(s, 10);
	b->reason = store_col_dup(s, a, 11);
	b->timestamp = store_col_dup(s, a, 12);
	/* Accounts are always hard-blocked; only address blocks may be anon-only. */
	b->hardblock = b->type == WIKI_BLOCK_USER || store_col_int(s, 13) == 0;
	b->create_account = store_col_int(s, 14) != 0;
	b->autoblock = b->type == WIKI_BLOCK_USER && store_col_int(s, 15) != 0;
	b->expiry = store_col_dup(s, a, 16);
	b->hidden = store_col_int(s, 17) != 0;
	b->email = store_col_int(s, 18) != 0;
	b->allow_usertalk = store_col_int(s, 19) != 0;
	b->parent_id = store_col_int(s, 20);
	b->sitewide = store_col_int(s, 21) != 0;
	return b;
}

/* Load the restrictions of the partial blocks among `v` (page titles joined in). */
static int load_restrictions(struct store *st, struct arena *a, struct wiki_block **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct wiki_block *b = v[i];
		if (b->sitewide)
			continue;
		struct store_stmt *s = store_prepare(st, "SELECT ir_type, ir_value, page_namespace, page_title"
							 " FROM ipblocks_restrictions LEFT JOIN page ON ir_type = 1"
							 " AND page_id = ir_value WHERE ir_ipb_id = ?"
							 " ORDER BY ir_type, ir_value");
		store_bindv(s, "i", b->id);
		size_t cap = 0;
		int rc;
		while ((rc = store_step(s)) == STORE_ROW) {
			b->restrictions = arena_grow(a, b->restrictions, b->n_restrictions, &cap, sizeof(*b->restrictions));
			struct wiki_block_restriction *r = &b->restrictions[b->n_restrictions++];
			r->type = (int)store_col_int(s, 0);
			r->value = store_col_int(s, 1);
			r->ns = (int)store_col_int(s, 2);
			r->dbkey = store_col_dup(s, a, 3);
		}
		if (rc != STORE_DONE)
			return rc;
	}
	return RC_OK;
}

/* Run the prepared block query `s` into `*out`/`*n` with restrictions. */
static int collect(struct store *st, struct store_stmt *s, struct arena *a, struct wiki_block ***out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		(*out)[(*n)++] = row_to_block(s, a);
	}
	if (rc != STORE_DONE)
		return rc;
	return load_restrictions(st, a, *out, *n);
}

int wiki_block_get(struct store *st, struct arena *a, int64_t id, struct wiki_block **out)
{
	struct store_stmt *s = store_prepare(st, "SELECT " BLOCK_COLS BLOCK_FROM " WHERE bl_id = ?");
	store_bindv(s, "i", id);
	struct wiki_block **v;
	size_t n;
	int rc = collect(st, s, a, &v, &n);
	if (rc != RC_OK)
		return rc;
	if (!n)
		return RC_NOTFOUND;
	*out = v[0];
	return RC_OK;
}

int wiki_block_list_target(struct store *st, struct arena *a, int64_t user_id, const char *address,
			   struct wiki_block ***out, size_t *n)
{
	char now[15];
	ts_format_mw(util_now(), now);
	struct store_stmt *s;
	if (user_id) {
		s = store_prepare(st, "SELECT " BLOCK_COLS BLOCK_FROM
				      " WHERE bt_user = ? AND bl_expiry > ? ORDER BY bl_timestamp DESC, bl_id DESC");
		store_bindv(s, "it", user_id, now);
	} else {
		s = store_prepare(st, "SELECT " BLOCK_COLS BLOCK_FROM " WHERE bt_address = ? AND bt_auto = 0"
				      " AND bt_user IS NULL AND bl_expiry > ? ORDER BY bl_timestamp DESC, bl_id DESC");
		store_bindv(s, "tt", address, now);
	}
	return collect(st, s, a, out, n);
}

int wiki_block_parse_target(struct store *st, struct arena *a, const char *text, enum wiki_block_type *type,
			    const char **name, int64_t *user_id)
{
	*user_id = 0;
	if (!text)
		return RC_INVALID;
	while (*text == ' ')
		text++;
	size_t len = strlen(text);
	while (len && text[len - 1] == ' ')
		len--;
	const char *t = arena_strndup(a, text, len);
	if (wiki_ip_is_address(t)) {
		bool range = strchr(t, '/') != NULL;
		*type = range ? WIKI_BLOCK_RANGE : WIKI_BLOCK_IP;
		*name = range ? wiki_ip_sanitize_range(a, t) : wiki_ip_sanitize(a, t);
		return RC_OK;
	}
	/* An old subpage ("Name/x") stands for the user behind it. */
	const char *slash = strchr(t, '/');
	if (slash)
		t = arena_strndup(a, t, (size_t)(slash - t));
	if (t[0] == '#' && t[1]) {
		long long v;
		if (util_parse_ll(t + 1, &v) == RC_OK && v >= 0 && t[1] != '-' && t[1] != '+') {
			*type = WIKI_BLOCK_AUTO;
			*name = t + 1;
			return RC_OK;
		}
	}
	const char *canon;
	if (wiki_user_name_canonical(a, t, WIKI_NAME_VALID, &canon) != RC_OK)
		return RC_INVALID;
	*type = WIKI_BLOCK_USER;
	*name = canon;
	int64_t uid = 0;
	int rc = store_query_int(st, &uid, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t", canon);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	*user_id = uid;
	return RC_OK;
}

/* ---------- which block applies ---------- */

/*
 * The blocks that cover `ip`: on it exactly, on a range holding it, and
 * its autoblocks. Any range block that holds the address starts with
 * the address's first cidr-limit bits, which bounds the index scan as
 * MediaWiki's LIKE prefix does.
 */
static int blocks_on_address(struct store *st, struct arena *a, const char *ip, const char *now, bool anon,
			     struct wiki_block ***out, size_t *n)
{
	const char *hex = wiki_ip_hex(a, ip);
	if (!hex) {
		*out = NULL;
		*n = 0;
		return RC_OK;
	}
	bool v6 = hex[0] == 'v';
	int limit = v6 ? config.block_cidr_v6 : config.block_cidr_v4;
	int max = v6 ? 128 : 32;
	if (limit < 0 || limit > max)
		limit = max;
	size_t keep = (v6 ? 3 : 0) + (size_t)limit / 4;
	const char *prefix = arena_strndup(a, hex, keep);
	struct store_stmt *s = store_prepare(st, anon
		? "SELECT " BLOCK_COLS BLOCK_FROM " WHERE bt_range_start >= ? AND bt_range_start <= ?"
		  " AND bt_range_end >= ? AND bt_user IS NULL AND bl_expiry > ? ORDER BY bl_id"
		: "SELECT " BLOCK_COLS BLOCK_FROM " WHERE bt_range_start >= ? AND bt_range_start <= ?"
		  " AND bt_range_end >= ? AND bt_user IS NULL AND bl_expiry > ? AND bl_anon_only = 0 ORDER BY bl_id");
	store_bindv(s, "tttt", prefix, hex, hex, now);
	return collect(st, s, a, out, n);
}

/* Fold several blocks into one, as MediaWiki's CompositeBlock does. */
static const struct wiki_block *composite(struct arena *a, const struct wiki_block **v, size_t n, const char *now)
{
	if (n == 1)
		return v[0];
	struct wiki_block *c = arena_calloc(a, 1, sizeof(*c));
	c->parts = v;
	c->n_parts = n;
	c->by_name = "";
	c->timestamp = arena_strdup(a, now);
	c->expiry = "";
	for (size_t i = 0; i < n; i++) {
		const struct wiki_block *b = v[i];
		c->hardblock |= b->hardblock;
		c->sitewide |= b->sitewide;
		c->email |= b->email;
		c->create_account |= b->create_account;
		c->hidden |= b->hidden;
		/* One part that forbids the own talk page is enough. */
		c->allow_usertalk = i == 0 ? b->allow_usertalk : c->allow_usertalk && b->allow_usertalk;
		/* The latest expiry; "infinity" sorts after every timestamp. */
		if (strcmp(b->expiry, c->expiry) > 0)
			c->expiry = b->expiry;
	}
	return c;
}

int wiki_block_for_user(struct store *st, struct arena *a, struct wiki_user *u, const struct wiki_block **out)
{
	if (u->block_loaded) {
		*out = u->block;
		return RC_OK;
	}
	char now[15];
	ts_format_mw(util_now(), now);
	struct wiki_block **acc = NULL, **addr = NULL;
	size_t n_acc = 0, n_addr = 0;
	int rc = RC_OK;
	if (u->id > 0) {
		struct store_stmt *s = store_prepare(st, "SELECT " BLOCK_COLS BLOCK_FROM
							 " WHERE bt_user = ? AND bl_expiry > ? ORDER BY bl_id");
		store_bindv(s, "it", u->id, now);
		rc = collect(st, s, a, &acc, &n_acc);
	}
	const char *ip = u->ip ? u->ip : (u->id ? NULL : u->name);
	if (rc == RC_OK && ip && !wiki_user_can(u, "ipblock-exempt"))
		rc = blocks_on_address(st, a, ip, now, u->id == 0, &addr, &n_addr);
	if (rc != RC_OK)
		return rc;
	const struct wiki_block **all = arena_calloc(a, n_acc + n_addr + 1, sizeof(*all));
	size_t n = 0;
	for (size_t i = 0; i < n_acc; i++)
		all[n++] = acc[i];
	for (size_t i = 0; i < n_addr; i++)
		if (addr[i]->type != WIKI_BLOCK_AUTO)
			all[n++] = addr[i];
	/* An autoblock whose parent applies anyway adds nothing. */
	size_t n_manual = n;
	for (size_t i = 0; i < n_addr; i++) {
		if (addr[i]->type != WIKI_BLOCK_AUTO)
			continue;
		bool dup = false;
		for (size_t j = 0; j < n_manual && !dup; j++)
			dup = all[j]->id == addr[i]->parent_id;
		if (!dup)
			all[n++] = addr[i];
	}
	u->block = n ? composite(a, all, n, now) : NULL;
	u->block_loaded = true;
	*out = u->block;
	return RC_OK;
}

int wiki_block_for_address(struct store *st, struct arena *a, const char *ip, const struct wiki_block **out)
{
	char now[15];
	ts_format_mw(util_now(), now);
	struct wiki_block **v;
	size_t n;
	int rc = blocks_on_address(st, a, ip, now, true, &v, &n);
	if (rc != RC_OK)
		return rc;
	*out = n ? composite(a, (const struct wiki_block **)v, n, now) : NULL;
	return RC_OK;
}

int wiki_block_of_account(struct store *st, struct arena *a, int64_t uid, const struct wiki_block **out)
{
	struct wiki_block **v;
	size_t n;
	int rc = wiki_block_list_target(st, a, uid, NULL, &v, &n);
	*out = rc == RC_OK && n ? v[0] : NULL;
	return rc;
}

/* The restriction of `b` of `type` with `value`, or NULL. */
static const struct wiki_block_restriction *find_restriction(const struct wiki_block *b, int type, int64_t value)
{
	for (size_t i = 0; i < b->n_restrictions; i++)
		if (b->restrictions[i].type == type && b->restrictions[i].value == value)
			return &b->restrictions[i];
	return NULL;
}

int wiki_block_applies_right(const struct wiki_block *b, const char *right)
{
	if (b->parts) {
		/* A composite decides as its strictest part; "depends" beats "never". */
		int res = 0;
		for (size_t i = 0; i < b->n_parts; i++) {
			int r = wiki_block_applies_right(b->parts[i], right);
			if (r == 1)
				return 1;
			if (r == -1)
				res = -1;
		}
		return res;
	}
	int res = -1;
	if (streq(right, "createaccount"))
		res = b->create_account;
	else if (streq(right, "sendemail"))
		res = b->email;
	else if (streq(right, "upload"))
		res = b->sitewide;
	else if (streq(right, "read") || streq(right, "purge"))
		res = 0;
	if (res != 1 && !b->sitewide) {
		for (size_t i = 0; block_actions[i]; i++)
			if (streq(block_actions[i], right) && find_restriction(b, WIKI_BLOCK_R_ACTION, (int64_t)i + 1))
				return 1;
	}
	return res;
}

/* Is page ns:dbkey one of the page restrictions of `b`? (Pages are kept by id; a deleted page matches nothing.) */
static bool has_page(const struct wiki_block *b, int ns, const char *dbkey)
{
	for (size_t i = 0; i < b->n_restrictions; i++) {
		const struct wiki_block_restriction *r = &b->restrictions[i];
		if (r->type == WIKI_BLOCK_R_PAGE && r->dbkey && r->ns == ns && streq(r->dbkey, dbkey))
			return true;
	}
	return false;
}

/* AbstractBlock::appliesToTitle for one (non-composite) block. */
static bool covers_title(const struct wiki_block *b, int ns, const char *dbkey)
{
	return b->sitewide || (ns >= 0 && find_restriction(b, WIKI_BLOCK_R_NS, ns)) || has_page(b, ns, dbkey);
}

/* AbstractBlock::appliesToUsertalk for one (non-composite) block. */
static bool covers_own_talk(const struct wiki_block *b, const char *dbkey)
{
	if (!b->sitewide) {
		if (has_page(b, WIKI_NS_USER_TALK, dbkey))
			return true;
		if (!find_restriction(b, WIKI_BLOCK_R_NS, WIKI_NS_USER_TALK))
			return false;
	}
	if (!config.block_allows_ut_edit)
		return true;
	return !b->allow_usertalk;
}

bool wiki_block_applies_page(const struct wiki_block *b, const struct wiki_user *u, int ns, const char *dbkey)
{
	size_t n = b->parts ? b->n_parts : 1;
	/* A hidden account is blocked from every page (User::isHidden()). */
	for (size_t i = 0; i < n; i++) {
		const struct wiki_block *p = b->parts ? b->parts[i] : b;
		if (p->hidden && p->type == WIKI_BLOCK_USER)
			return true;
	}
	bool own_talk = false;
	if (ns == WIKI_NS_USER_TALK && u && u->name) {
		own_talk = true;
		for (size_t i = 0; u->name[i] || dbkey[i]; i++) {
			char c = u->name[i] == ' ' ? '_' : u->name[i];
			if (c != dbkey[i]) {
				own_talk = false;
				break;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct wiki_block *p = b->parts ? b->parts[i] : b;
		if (own_talk ? covers_own_talk(p, dbkey) : covers_title(p, ns, dbkey))
			return true;
	}
	return false;
}

/* ---------- placing and removing ---------- */

bool wiki_block_equals(const struct wiki_block *b, const struct wiki_block_spec *s)
{
	if (b->type != s->type || !streq(b->target, s->target) || b->hardblock != (s->hardblock || s->type == WIKI_BLOCK_USER) ||
	    b->create_account != s->create_account || !streq(b->expiry, s->expiry) ||
	    b->autoblock != (s->autoblock && s->type == WIKI_BLOCK_USER) || b->hidden != s->hidden ||
	    b->email != s->email || b->allow_usertalk != s->allow_usertalk || !streq(b->reason, s->reason) ||
	    b->sitewide != s->sitewide || b->n_restrictions != s->n_restrictions)
		return false;
	for (size_t i = 0; i < s->n_restrictions; i++)
		if (!find_restriction(b, s->restrictions[i].type, s->restrictions[i].value))
			return false;
	return true;
}

/* The block_target row for the spec's target, made when missing. */
static int target_row(struct store *st, struct arena *a, enum wiki_block_type type, const char *target,
		      int64_t user_id, bool is_auto, int64_t *id)
{
	int rc;
	if (type == WIKI_BLOCK_USER)
		rc = store_query_int(st, id, "SELECT bt_id FROM block_target WHERE bt_user = ?", "i", user_id);
	else
		rc = store_query_int(st, id, "SELECT bt_id FROM block_target WHERE bt_address = ? AND bt_auto = ?"
					     " AND bt_user IS NULL", "ti", target, (int64_t)is_auto);
	if (rc != RC_NOTFOUND)
		return rc;
	if (type == WIKI_BLOCK_USER)
		return store_run(st, "INSERT INTO block_target (bt_user, bt_user_text, bt_auto, bt_count)"
				     " VALUES (?, ?, 0, 0)", "it", user_id, target) == RC_OK
			       ? (*id = store_last_id(st), RC_OK) : RC_ERR;
	const char *start, *end;
	if (wiki_ip_range(a, target, &start, &end, NULL) <= 0)
		return RC_INVALID;
	rc = store_run(st, "INSERT INTO block_target (bt_address, bt_auto, bt_range_start, bt_range_end, bt_ip_hex,"
			   " bt_count) VALUES (?, ?, ?, ?, ?, 0)", "tittt", target, (int64_t)is_auto, start, end,
		       type == WIKI_BLOCK_RANGE ? NULL : start);
	if (rc == RC_OK)
		*id = store_last_id(st);
	return rc;
}

/* Write the restrictions of block `id` (replacing any). */
static int write_restrictions(struct store *st, int64_t id, const struct wiki_block_restriction *r, size_t n)
{
	int rc = store_run(st, "DELETE FROM ipblocks_restrictions WHERE ir_ipb_id = ?", "i", id);
	for (size_t i = 0; rc == RC_OK && i < n; i++)
		rc = store_run(st, "INSERT INTO ipblocks_restrictions (ir_ipb_id, ir_type, ir_value) VALUES (?, ?, ?)"
				   " ON CONFLICT (ir_ipb_id, ir_type, ir_value) DO NOTHING", "idi", id, r[i].type, r[i].value);
	return rc;
}

/* Recount block_target.bt_count and drop targets left without blocks. */
static int recount_target(struct store *st, int64_t target_id)
{
	int rc = store_run(st, "UPDATE block_target SET bt_count = (SELECT COUNT(*) FROM block WHERE bl_target = ?)"
			       " WHERE bt_id = ?", "ii", target_id, target_id);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM block_target WHERE bt_id = ? AND bt_count = 0", "i", target_id);
	return rc;
}

/* Delete block `id` with its restrictions and recount its target. */
static int delete_one(struct store *st, int64_t id, int64_t target_id)
{
	int rc = store_run(st, "DELETE FROM ipblocks_restrictions WHERE ir_ipb_id = ?", "i", id);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM block WHERE bl_id = ?", "i", id);
	if (rc == RC_OK)
		rc = recount_target(st, target_id);
	return rc;
}

/* Delete every block the prepared, bound SELECT `s` of (bl_id, bl_target) returns. */
static int delete_selected(struct store *st, struct arena *a, struct store_stmt *s)
{
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		ids = arena_grow(a, ids, n, &cap, 2 * sizeof(*ids));
		ids[2 * n] = store_col_int(s, 0);
		ids[2 * n + 1] = store_col_int(s, 1);
		n++;
	}
	if (rc != STORE_DONE)
		return rc;
	rc = RC_OK;
	for (size_t i = 0; rc == RC_OK && i < n; i++)
		rc = delete_one(st, ids[2 * i], ids[2 * i + 1]);
	return rc;
}

/* Delete the autoblocks of block `parent`. */
static int delete_children(struct store *st, struct arena *a, int64_t parent)
{
	struct store_stmt *s = store_prepare(st, "SELECT bl_id, bl_target FROM block WHERE bl_parent_block_id = ?");
	store_bindv(s, "i", parent);
	return delete_selected(st, a, s);
}

/* DatabaseBlockStore::purgeExpiredBlocks(): expired blocks and their restrictions go. */
static int purge_expired(struct store *st, struct arena *a, const char *now)
{
	struct store_stmt *s = store_prepare(st, "SELECT bl_id, bl_target FROM block WHERE bl_expiry <= ?");
	store_bindv(s, "t", now);
	return delete_selected(st, a, s);
}

/*
 * RevisionDeleteUser::suppressUserName()/unsuppressUserName(): set or
 * clear "user hidden, suppressed" (4 | 8) on everything the account did.
 */
static int suppress_name(struct store *st, int64_t user_id, bool hide)
{
	int64_t actor = 0;
	int rc = wiki_actor_id(st, user_id, NULL, &actor);
	if (rc == RC_NOTFOUND)
		return RC_OK;
	static const char *const hide_sql[] = {
		"UPDATE revision SET rev_deleted = rev_deleted | 12 WHERE rev_actor = ?",
		"UPDATE archive SET ar_deleted = ar_deleted | 12 WHERE ar_actor = ?",
		"UPDATE logging SET log_deleted = log_deleted | 12 WHERE log_actor = ?",
		"UPDATE recentchanges SET rc_deleted = rc_deleted | 12 WHERE rc_actor = ?",
	};
	static const char *const show_sql[] = {
		"UPDATE revision SET rev_deleted = rev_deleted & ~12 WHERE rev_actor = ?",
		"UPDATE archive SET ar_deleted = ar_deleted & ~12 WHERE ar_actor = ?",
		"UPDATE logging SET log_deleted = log_deleted & ~12 WHERE log_actor = ?",
		"UPDATE recentchanges SET rc_deleted = rc_deleted & ~12 WHERE rc_actor = ?",
	};
	for (size_t i = 0; rc == RC_OK && i < ARRAY_SIZE(hide_sql); i++)
		rc = store_run(st, hide ? hide_sql[i] : show_sql[i], "i", actor);
	return rc;
}

/* A WIKI_PV_ARRAY with room for `cap` members. */
static struct wiki_pvalue *pv_array(struct arena *a, size_t cap)
{
	struct wiki_pvalue *v = arena_calloc(a, 1, sizeof(*v));
	v->type = WIKI_PV_ARRAY;
	v->items = arena_calloc(a, cap ? cap : 1, sizeof(*v->items));
	return v;
}

/* Append a member to array `arr` (string key `key`, or the next integer key when NULL). */
static struct wiki_pvalue *pv_add(struct arena *a, struct wiki_pvalue *arr, const char *key)
{
	struct wiki_pvalue *m = &arr->items[arr->n_items];
	if (key) {
		m->key = key;
	} else {
		m->key = arena_printf(a, "%zu", arr->n_items);
		m->key_is_int = true;
	}
	arr->n_items++;
	return m;
}

static void pv_str(struct wiki_pvalue *m, const char *s)
{
	m->type = WIKI_PV_STRING;
	m->s = s;
	m->len = strlen(s);
}

/* BlockUser::blockLogFlags(). */
static const char *log_flags(struct arena *a, const struct wiki_block_spec *s)
{
	const char *f[6];
	size_t n = 0;
	if (s->type != WIKI_BLOCK_USER && !s->hardblock)
		f[n++] = "anononly";
	if (s->create_account)
		f[n++] = "nocreate";
	if (s->type == WIKI_BLOCK_USER && !s->autoblock)
		f[n++] = "noautoblock";
	if (s->email)
		f[n++] = "noemail";
	if (config.block_allows_ut_edit && !s->allow_usertalk)
		f[n++] = "nousertalk";
	if (s->hidden)
		f[n++] = "hiddenname";
	const char *out = "";
	for (size_t i = 0; i < n; i++)
		out = i ? arena_printf(a, "%s,%s", out, f[i]) : f[i];
	return out;
}

/* BlockUser::constructLogParams(). */
static struct wiki_pvalue *log_params(struct arena *a, const struct wiki_block_spec *s)
{
	struct wiki_pvalue *p = pv_array(a, 4);
	pv_str(pv_add(a, p, "5::duration"), s->raw_expiry);
	pv_str(pv_add(a, p, "6::flags"), log_flags(a, s));
	struct wiki_pvalue *sw = pv_add(a, p, "sitewide");
	sw->type = WIKI_PV_BOOL;
	sw->b = s->sitewide;
	if (s->sitewide || !s->n_restrictions)
		return p;
	size_t n_kind[4] = { 0 };
	for (size_t i = 0; i < s->n_restrictions; i++)
		n_kind[s->restrictions[i].type & 3]++;
	struct wiki_pvalue *r = pv_add(a, p, "7::restrictions");
	r->type = WIKI_PV_ARRAY;
	r->items = arena_calloc(a, 3, sizeof(*r->items));
	static const char *const kinds[] = { NULL, "pages", "namespaces", "actions" };
	for (int k = 1; k <= 3; k++) {
		if (!n_kind[k])
			continue;
		struct wiki_pvalue *list = pv_add(a, r, kinds[k]);
		list->type = WIKI_PV_ARRAY;
		list->items = arena_calloc(a, n_kind[k], sizeof(*list->items));
		for (size_t i = 0; i < s->n_restrictions; i++) {
			const struct wiki_block_restriction *x = &s->restrictions[i];
			if (x->type != k)
				continue;
			struct wiki_pvalue *m = pv_add(a, list, NULL);
			if (k == WIKI_BLOCK_R_PAGE) {
				struct wiki_title t;
				wiki_title_make(a, x->ns, x->dbkey ? x->dbkey : "", &t);
				pv_str(m, t.prefixed);
			} else if (k == WIKI_BLOCK_R_NS) {
				m->type = WIKI_PV_INT;
				m->i = x->value;
			} else {
				pv_str(m, block_actions[x->value - 1]);
			}
		}
	}
	return p;
}

/* Write a block log entry with the ipb_id relation; `target` is the User: title text. */
static int block_log(struct store *st, struct arena *a, const char *type, const char *action, const struct wiki_user *by,
		     const char *target, const char *reason, const struct wiki_pvalue *params, const char *const *tags,
		     const char *ip, int64_t block_id)
{
	const char *dbkey = arena_strdup(a, target);
	for (char *c = (char *)dbkey; *c; c++)
		if (*c == ' ')
			*c = '_';
	int64_t page = 0;
	int rc = store_query_int(st, &page, "SELECT page_id FROM page WHERE page_namespace = 2 AND page_title = ?",
				 "t", dbkey);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	struct wiki_log_entry e = {
		.type = type, .action = action, .user_id = by->id, .user_name = by->name, .actor_id = by->actor_id,
		.ns = WIKI_NS_USER, .dbkey = dbkey, .page_id = page, .comment = reason, .params = params,
		.tags = tags, .ip = ip,
		/* The suppression log is private; its entries stay out of recent changes. */
		.no_rc = streq(type, "suppress"),
	};
	int64_t log_id = 0;
	rc = wiki_log_add(st, a, &e, &log_id);
	if (rc == RC_OK)
		rc = store_run(st, "INSERT INTO log_search (ls_field, ls_value, ls_log_id) VALUES ('ipb_id', ?, ?)"
				   " ON CONFLICT (ls_field, ls_value, ls_log_id) DO NOTHING", "ti",
			       arena_printf(a, "%lld", (long long)block_id), log_id);
	return rc;
}

/* The address account `uid` last edited from, as recent changes recorded it; NULL when none. */
static const char *last_ip(struct store *st, struct arena *a, int64_t uid)
{
	char *ip = NULL;
	if (store_query_text(st, a, &ip, "SELECT rc_ip FROM recentchanges JOIN actor ON actor_id = rc_actor"
					 " WHERE actor_user = ? AND rc_ip != '' ORDER BY rc_timestamp DESC, rc_id DESC"
					 " LIMIT 1", "i", uid) != RC_OK)
		return NULL;
	return ip;
}

/* doAutoblock() inside an open transaction. */
static int autoblock_in_tx(struct store *st, struct arena *a, const struct wiki_block *parent, const char *ip,
			   const char *now)
{
	if (!parent->autoblock || parent->type != WIKI_BLOCK_USER || !wiki_ip_hex(a, ip) || strchr(ip, '/'))
		return RC_OK;
	ip = wiki_ip_sanitize(a, ip);
	/* An address with a block of its own keeps it; an autoblock of it is renewed. */
	struct store_stmt *s = store_prepare(st, "SELECT bl_id, bt_auto, bl_timestamp FROM block JOIN block_target"
						 " ON bt_id = bl_target WHERE bt_address = ? AND bt_user IS NULL"
						 " AND bl_expiry > ? ORDER BY bt_auto, bl_id LIMIT 1");
	store_bindv(s, "tt", ip, now);
	int r = store_step(s);
	if (r == STORE_ROW) {
		int64_t id = store_col_int(s, 0);
		bool is_auto = store_col_int(s, 1) != 0;
		int64_t placed = 0;
		ts_from_mw(store_col_text(s, 2), &placed);
		store_stmt_done(s);
		int64_t parent_exp = 0;
		bool parent_inf = streq(parent->expiry, "infinity");
		if (!parent_inf)
			ts_from_mw(parent->expiry, &parent_exp);
		if (is_auto && (parent_inf || parent_exp > placed + config.autoblock_expiry)) {
			char exp[15];
			ts_format_mw(util_now() + config.autoblock_expiry, exp);
			return store_run(st, "UPDATE block SET bl_timestamp = ?, bl_expiry = ? WHERE bl_id = ?", "tti", now,
					 exp, id);
		}
		return RC_OK;
	}
	if (r != STORE_DONE)
		return r;
	char exp[15];
	ts_format_mw(util_now() + config.autoblock_expiry, exp);
	const char *expiry = exp;
	if (!streq(parent->expiry, "infinity") && strcmp(parent->expiry, exp) < 0)
		expiry = parent->expiry;
	int64_t target = 0, cid = 0;
	int rc = target_row(st, a, WIKI_BLOCK_IP, ip, 0, true, &target);
	/* The reason names the parent block's target; the API shows only the id of an autoblock. */
	if (rc == RC_OK)
		rc = wiki_comment_id(st, arena_printf(a, "Automatic block: this address was used a short time ago by"
							 " [[User:%s|%s]], who is blocked (\"%s\").",
						      parent->target, parent->target, parent->reason), &cid);
	if (rc == RC_OK)
		rc = store_run(st, "INSERT INTO block (bl_target, bl_by_actor, bl_reason_id, bl_timestamp, bl_anon_only,"
				   " bl_create_account, bl_enable_autoblock, bl_expiry, bl_deleted, bl_block_email,"
				   " bl_allow_usertalk, bl_parent_block_id, bl_sitewide)"
				   " VALUES (?, ?, ?, ?, 0, ?, 0, ?, ?, 0, ?, ?, ?)",
			       "iiititiiii", target, parent->by_actor, cid, now, (int64_t)parent->create_account, expiry,
			       (int64_t)parent->hidden, (int64_t)parent->allow_usertalk, parent->id,
			       (int64_t)parent->sitewide);
	int64_t id = rc == RC_OK ? store_last_id(st) : 0;
	if (rc == RC_OK)
		rc = write_restrictions(st, id, parent->restrictions, parent->n_restrictions);
	if (rc == RC_OK)
		rc = recount_target(st, target);
	return rc;
}

int wiki_block_autoblock(struct store *st, struct arena *a, const struct wiki_block *parent, const char *ip)
{
	if (!parent->autoblock)
		return RC_OK;
	char now[15];
	ts_format_mw(util_now(), now);
	int rc = store_begin(st);
	if (rc != RC_OK)
		return rc;
	rc = autoblock_in_tx(st, a, parent, ip, now);
	if (rc == RC_OK)
		return store_commit(st);
	store_rollback(st);
	return rc;
}

int wiki_block_place(struct store *st, struct arena *a, const struct wiki_block_spec *s, const struct wiki_block *prior,
		     int64_t *id)
{
	char now[15];
	ts_format_mw(util_now(), now);
	bool autoblock = s->autoblock && s->type == WIKI_BLOCK_USER;
	bool hardblock = s->hardblock || s->type == WIKI_BLOCK_USER;
	int64_t cid = 0, target = 0, bid = 0;
	int rc = wiki_comment_id(st, s->reason ? s->reason : "", &cid);
	if (rc == RC_OK && !prior)
		rc = purge_expired(st, a, now);
	if (rc == RC_OK && !prior)
		rc = target_row(st, a, s->type, s->target, s->user_id, false, &target);
	if (rc == RC_OK && !prior) {
		rc = store_run(st, "INSERT INTO block (bl_target, bl_by_actor, bl_reason_id, bl_timestamp, bl_anon_only,"
				   " bl_create_account, bl_enable_autoblock, bl_expiry, bl_deleted, bl_block_email,"
				   " bl_allow_usertalk, bl_parent_block_id, bl_sitewide)"
				   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
			       "iiitiiitiiii", target, s->by->actor_id, cid, now, (int64_t)!hardblock,
			       (int64_t)s->create_account, (int64_t)autoblock, s->expiry, (int64_t)s->hidden,
			       (int64_t)s->email, (int64_t)s->allow_usertalk, (int64_t)s->sitewide);
		bid = rc == RC_OK ? store_last_id(st) : 0;
		if (rc == RC_OK)
			rc = recount_target(st, target);
	} else if (rc == RC_OK) {
		bid = prior->id;
		rc = store_run(st, "UPDATE block SET bl_by_actor = ?, bl_reason_id = ?, bl_timestamp = ?, bl_anon_only = ?,"
				   " bl_create_account = ?, bl_enable_autoblock = ?, bl_expiry = ?, bl_deleted = ?,"
				   " bl_block_email = ?, bl_allow_usertalk = ?, bl_sitewide = ? WHERE bl_id = ?",
			       "iitiiitiiiii", s->by->actor_id, cid, now, (int64_t)!hardblock, (int64_t)s->create_account,
			       (int64_t)autoblock, s->expiry, (int64_t)s->hidden, (int64_t)s->email,
			       (int64_t)s->allow_usertalk, (int64_t)s->sitewide, bid);
		/* Autoblocks follow their parent (T50813), or go when it stops autoblocking. */
		if (rc == RC_OK && autoblock)
			rc = store_run(st, "UPDATE block SET bl_by_actor = ?,"
					   " bl_create_account = ?, bl_deleted = ?, bl_allow_usertalk = ?, bl_sitewide = ?"
					   " WHERE bl_parent_block_id = ?", "iiiiii", s->by->actor_id,
				       (int64_t)s->create_account, (int64_t)s->hidden, (int64_t)s->allow_usertalk,
				       (int64_t)s->sitewide, bid);
		else if (rc == RC_OK)
			rc = delete_children(st, a, bid);
		if (rc == RC_OK && autoblock) {
			struct store_stmt *q = store_prepare(st, "SELECT bl_id FROM block WHERE bl_parent_block_id = ?");
			store_bindv(q, "i", bid);
			int64_t *kids = NULL;
			size_t nk = 0, cap = 0;
			int r;
			while ((r = store_step(q)) == STORE_ROW) {
				kids = arena_grow(a, kids, nk, &cap, sizeof(*kids));
				kids[nk++] = store_col_int(q, 0);
			}
			rc = r == STORE_DONE ? RC_OK : r;
			for (size_t i = 0; rc == RC_OK && i < nk; i++)
				rc = write_restrictions(st, kids[i], s->restrictions, s->n_restrictions);
		}
	}
	if (rc == RC_OK)
		rc = write_restrictions(st, bid, s->sitewide ? NULL : s->restrictions, s->sitewide ? 0 : s->n_restrictions);
	if (rc == RC_OK && s->type == WIKI_BLOCK_USER && (s->hidden || (prior && prior->hidden)))
		rc = suppress_name(st, s->user_id, s->hidden);
	if (rc == RC_OK)
		rc = block_log(st, a, s->hidden ? "suppress" : "block", prior ? "reblock" : "block", s->by, s->target,
			       s->reason, log_params(a, s), s->tags, s->ip, bid);
	/* Retroactive autoblock of the address the account last edited from ($wgPutIPinRC). */
	if (rc == RC_OK && autoblock) {
		struct wiki_block *placed;
		rc = wiki_block_get(st, a, bid, &placed);
		const char *ip = rc == RC_OK ? last_ip(st, a, s->user_id) : NULL;
		if (ip)
			rc = autoblock_in_tx(st, a, placed, ip, now);
	}
	if (rc == RC_OK && id)
		*id = bid;
	return rc;
}

int wiki_block_remove(struct store *st, struct arena *a, const struct wiki_block *b, const struct wiki_user *by,
		      const char *reason, const char *const *tags, const char *ip)
{
	int rc = delete_children(st, a, b->id);
	if (rc == RC_OK)
		rc = delete_one(st, b->id, b->target_id);
	if (rc == RC_OK && b->hidden && b->type == WIKI_BLOCK_USER)
		rc = suppress_name(st, b->user_id, false);
	const char *target = b->type == WIKI_BLOCK_AUTO ? arena_printf(a, "#%lld", (long long)b->id) : b->target;
	if (rc == RC_OK)
		rc = block_log(st, a, "block", "unblock", by, target, reason, NULL, tags, ip, b->id);
	return rc;
}
