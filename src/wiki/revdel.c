/* SPDX-License-Identifier: MIT */
/*
 * revdel.c — hiding parts of revisions, archived revisions and log
 * entries (MediaWiki's RevisionDeleter with RevDelList::setVisibility()):
 * each item's deletion bits (1 text or log action, 2 comment, 4 user,
 * 8 restricted = suppressed) change as asked, except where MediaWiki
 * refuses: nothing would change (a warning), the text of a page's
 * current revision, an item suppressed when the performer may not see
 * suppressed items, or "suppressed" alone without a hidden field (a
 * warning). The recent-changes rows of the items follow. One log entry
 * records the change: delete/revision or delete/event, suppress/...
 * when a suppression bit was involved (that log is private, so it gets
 * no recent-changes row); its ofield/nfield are the bits removed from
 * and added to any item, as MediaWiki's "virtual" bitfields. Files have
 * no versions in this wiki, so oldimage and filearchive items are always
 * missing. Everything inside the caller's write transaction.
 */
#include "wiki.h"

#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../util/sbuf.h"

/* The row query of each kind, for ids bound one by one in an IN list (%s), newest first as MediaWiki lists them. */
static const char *item_sql(enum wiki_revdel_kind kind)
{
	switch (kind) {
	case WIKI_RD_REVISION:
		return "SELECT rev_id, rev_deleted, rev_timestamp, rev_actor, page_latest = rev_id, '' FROM revision"
		       " JOIN page ON page_id = rev_page WHERE rev_page = ? AND rev_id IN (%s) ORDER BY rev_id DESC";
	case WIKI_RD_ARCHIVE:
		return "SELECT ar_rev_id, ar_deleted, ar_timestamp, ar_actor, 0, '' FROM archive WHERE ar_namespace = ?"
		       " AND ar_title = ? AND ar_timestamp IN (%s) ORDER BY ar_timestamp DESC";
	case WIKI_RD_LOGGING:
		return "SELECT log_id, log_deleted, log_timestamp, log_actor, 0, log_type FROM logging"
		       " WHERE log_id IN (%s) ORDER BY log_id DESC";
	case WIKI_RD_FILE:
		break;
	}
	return NULL;
}

/* True when `s` is a run of decimal digits. */
static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Read the items of rd->ids that exist into rd->items (list order); returns RC_OK or a store failure. */
static int load_items(struct store *st, struct arena *a, struct wiki_revdel *rd)
{
	rd->items = arena_calloc(a, rd->n_ids + 1, sizeof(*rd->items));
	rd->n_items = 0;
	const char *sql = item_sql(rd->kind);
	/* Ids that cannot name a row are simply missing. */
	size_t n_valid = 0;
	for (size_t i = 0; i < rd->n_ids; i++)
		n_valid += all_digits(rd->ids[i]);
	if (!sql || !n_valid)
		return RC_OK;
	struct sbuf marks;
	sbuf_init(&marks, 16 * rd->n_ids + 16);
	for (size_t i = 0; i < n_valid; i++)
		sbuf_adds(&marks, i ? ", ?" : "?");
	struct store_stmt *s = store_prepare(st, arena_printf(a, sql, sbuf_cstr(&marks)));
	sbuf_release(&marks);
	if (!s)
		return RC_ERR;
	int k = 1;
	if (rd->kind == WIKI_RD_REVISION) {
		store_bind_int(s, k++, rd->page_id);
	} else if (rd->kind == WIKI_RD_ARCHIVE) {
		store_bind_int(s, k++, rd->target->ns);
		store_bind_text(s, k++, rd->target->dbkey, strlen(rd->target->dbkey));
	}
	for (size_t i = 0; i < rd->n_ids; i++) {
		if (!all_digits(rd->ids[i]))
			continue;
		if (rd->kind == WIKI_RD_ARCHIVE)
			store_bind_text(s, k++, rd->ids[i], strlen(rd->ids[i]));
		else
			store_bind_int(s, k++, strtoll(rd->ids[i], NULL, 10));
	}
	int rc;
	while ((rc = store_step(s)) == STORE_ROW && rd->n_items < rd->n_ids) {
		struct wiki_revdel_item *it = &rd->items[rd->n_items++];
		it->row_id = store_col_int(s, 0);
		it->old_bits = (int)store_col_int(s, 1);
		it->ts = store_col_dup(s, a, 2);
		it->actor = store_col_int(s, 3);
		it->is_current = store_col_int(s, 4) != 0;
		it->log_type = store_col_dup(s, a, 5);
		it->id = rd->kind == WIKI_RD_ARCHIVE ? it->ts : arena_printf(a, "%lld", (long long)it->row_id);
		it->found = true;
	}
	store_stmt_done(s);
	return rc < 0 ? RC_ERR : RC_OK;
}

/*
 * True when the item the client named `given` (rd->ids[i] once
 * normalized) was found. Timestamps are compared as the client wrote
 * them, as MediaWiki's list of missing items keeps them: a deleted
 * revision named by an ISO timestamp is changed and also reported
 * missing.
 */
static bool was_found(const struct wiki_revdel *rd, size_t i)
{
	const char *given = rd->given_ids ? rd->given_ids[i] : rd->ids[i];
	for (size_t k = 0; k < rd->n_items; k++)
		if (rd->items[k].found && all_digits(given) &&
		    (rd->kind == WIKI_RD_ARCHIVE ? streq(rd->items[k].id, given)
						 : rd->items[k].row_id == strtoll(given, NULL, 10)))
			return true;
	return false;
}

/* Store the new bits of `it` and of its recent-changes row. */
static int set_bits(struct store *st, const struct wiki_revdel *rd, const struct wiki_revdel_item *it)
{
	int rc;
	switch (rd->kind) {
	case WIKI_RD_REVISION:
		rc = store_run(st, "UPDATE revision SET rev_deleted = ? WHERE rev_id = ?", "ii", (int64_t)it->new_bits,
			       it->row_id);
		if (rc == RC_OK)
			rc = store_run(st, "UPDATE recentchanges SET rc_deleted = ? WHERE rc_this_oldid = ? AND rc_timestamp = ?",
				       "iit", (int64_t)it->new_bits, it->row_id, it->ts);
		return rc;
	case WIKI_RD_ARCHIVE:
		return store_run(st, "UPDATE archive SET ar_deleted = ? WHERE ar_namespace = ? AND ar_title = ?"
				     " AND ar_timestamp = ? AND ar_rev_id = ?", "idtti", (int64_t)it->new_bits,
				 rd->target->ns, rd->target->dbkey, it->ts, it->row_id);
	case WIKI_RD_LOGGING:
		rc = store_run(st, "UPDATE logging SET log_deleted = ? WHERE log_id = ?", "ii", (int64_t)it->new_bits,
			       it->row_id);
		if (rc == RC_OK)
			rc = store_run(st, "UPDATE recentchanges SET rc_deleted = ?, rc_patrolled = 2 WHERE rc_logid = ?"
					   " AND rc_timestamp = ?", "iit", (int64_t)it->new_bits, it->row_id, it->ts);
		return rc;
	case WIKI_RD_FILE:
		break;
	}
	return RC_OK;
}

/* May `u` see an item with deletion bits `bits` at all (userCan(DELETED_RESTRICTED))? */
static bool can_view(const struct wiki_user *u, int bits)
{
	return !(bits & WIKI_RD_SUPPRESSED) || wiki_user_can(u, "suppressrevision") || wiki_user_can(u, "viewsuppressed");
}

int wiki_revdel_apply(struct store *st, struct arena *a, struct wiki_revdel *rd)
{
	int rc = load_items(st, a, rd);
	if (rc != RC_OK)
		return rc;
	int virt_new = 0, virt_old = 0;
	bool suppress_log = false;
	size_t n_done = 0;
	struct wiki_pvalue *ids = arena_calloc(a, rd->n_items + 1, sizeof(*ids));
	int64_t *actors = arena_calloc(a, rd->n_items + 1, sizeof(*actors));
	for (size_t i = 0; i < rd->n_items; i++) {
		struct wiki_revdel_item *it = &rd->items[i];
		it->new_bits = (it->old_bits | rd->set_bits) & ~rd->clear_bits;
		bool hidden_type = rd->kind == WIKI_RD_LOGGING && streq(it->log_type, "suppress") &&
				   !wiki_user_can(rd->user, "suppressionlog");
		if (it->new_bits == it->old_bits)
			it->status = WIKI_RDS_NOCHANGE;
		else if (it->is_current && (it->new_bits & WIKI_RD_TEXT))
			it->status = WIKI_RDS_HIDECURRENT;
		else if (!can_view(rd->user, it->old_bits) || hidden_type)
			it->status = it->new_bits ? WIKI_RDS_NOACCESS_MODIFY : WIKI_RDS_NOACCESS_SHOW;
		else if (it->new_bits == WIKI_RD_SUPPRESSED)
			it->status = WIKI_RDS_ONLYRESTRICTED;
		else
			it->status = WIKI_RDS_DONE;
		if (it->status != WIKI_RDS_DONE)
			continue;
		rc = set_bits(st, rd, it);
		if (rc != RC_OK)
			return rc;
		if ((it->old_bits | it->new_bits) & WIKI_RD_SUPPRESSED)
			suppress_log = true;
		virt_new |= (it->old_bits ^ it->new_bits) & it->new_bits;
		virt_old |= (it->old_bits ^ it->new_bits) & it->old_bits;
		ids[n_done] = rd->kind == WIKI_RD_ARCHIVE
			? (struct wiki_pvalue){ .type = WIKI_PV_STRING, .s = it->id, .len = strlen(it->id) }
			: (struct wiki_pvalue){ .type = WIKI_PV_INT, .i = it->row_id };
		ids[n_done].key = arena_printf(a, "%zu", n_done);
		ids[n_done].key_is_int = true;
		actors[n_done++] = it->actor;
	}
	/* The ids nobody found, in the order given. */
	for (size_t i = 0; i < rd->n_ids; i++) {
		const char *given = rd->given_ids ? rd->given_ids[i] : rd->ids[i];
		if (was_found(rd, i))
			continue;
		bool dup = false;
		for (size_t j = 0; j < rd->n_items && !dup; j++)
			dup = !rd->items[j].found && streq(rd->items[j].id, given);
		if (dup)
			continue;
		struct wiki_revdel_item *it = &rd->items[rd->n_items++];
		it->id = given;
		it->status = WIKI_RDS_MISSING;
	}
	if (!n_done)
		return RC_OK;

	const char *action = rd->kind == WIKI_RD_LOGGING ? "event" : "revision";
	struct wiki_pvalue items[4] = {
		{ .type = WIKI_PV_STRING, .key = "4::type", .s = rd->type_name, .len = strlen(rd->type_name) },
		{ .type = WIKI_PV_ARRAY, .key = "5::ids", .items = ids, .n_items = n_done },
		{ .type = WIKI_PV_INT, .key = "6::ofield", .i = virt_old },
		{ .type = WIKI_PV_INT, .key = "7::nfield", .i = virt_new },
	};
	struct wiki_pvalue params = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 4 };
	struct wiki_log_entry le = {
		.type = suppress_log ? "suppress" : "delete", .action = action, .user_id = rd->user->id,
		.user_name = rd->user->name, .ns = rd->target->ns, .dbkey = rd->target->dbkey, .page_id = rd->page_id,
		.comment = rd->reason, .params = &params, .tags = rd->tags, .no_rc = suppress_log,
		.rc_autopatrol = wiki_user_can(rd->user, "autopatrol"), .ip = rd->user->ip,
	};
	rc = wiki_log_add(st, a, &le, &rd->log_id);
	/* The relations MediaWiki keeps for finding these entries: the items' ids and their authors. */
	const char *field = rd->kind == WIKI_RD_REVISION ? "rev_id" : rd->kind == WIKI_RD_ARCHIVE ? "ar_timestamp" : "log_id";
	for (size_t i = 0; rc == RC_OK && i < n_done; i++) {
		const char *v = ids[i].type == WIKI_PV_STRING ? ids[i].s : arena_printf(a, "%lld", (long long)ids[i].i);
		rc = store_run(st, "INSERT INTO log_search (ls_field, ls_value, ls_log_id) VALUES (?, ?, ?)"
				   " ON CONFLICT DO NOTHING", "tti", field, v, rd->log_id);
		if (rc == RC_OK)
			rc = store_run(st, "INSERT INTO log_search (ls_field, ls_value, ls_log_id) VALUES (?, ?, ?)"
					   " ON CONFLICT DO NOTHING", "tti", "target_author_actor",
				       arena_printf(a, "%lld", (long long)actors[i]), rd->log_id);
	}
	return rc;
}
