/* SPDX-License-Identifier: MIT */
/*
 * merge.c — history merges, MediaWiki 1.39's MergeHistory: moving the
 * older revisions of one page (the source) into the history of another
 * (the destination), which must begin after them.
 *
 * The merge point: with a timestamp, the newest source revision at or
 * before it, and those revisions move; without one, the source's latest
 * revision, and every source revision up to the destination's first
 * moves. A merge point after the destination's first revision is an
 * overlap. A missing revision (no source revision at or before the
 * timestamp, an empty destination) counts as "now", as MediaWiki's
 * MWTimestamp(null) does. Timestamps are 14-digit strings, compared as
 * text.
 */
#include "wiki.h"

#include <string.h>

#include "../store/store.h"

/* Append refusal `key` (also its API code) with one parameter (or none) to the list at `*tail`. */
static struct wiki_refusal **refuse(struct arena *a, struct wiki_refusal **tail, const char *key, const char *param)
{
	struct wiki_refusal *r = arena_calloc(a, 1, sizeof(*r));
	r->code = key;
	r->key = key;
	r->params[0] = param;
	*tail = r;
	return &r->next;
}

/* `sql` (one text column, binds per `fmt`) into `out`; "now" when there is no row or it is NULL. */
static int ts_or_now(struct store *st, struct arena *a, char out[15], const char *sql, const char *fmt, int64_t id,
		     const char *ts)
{
	char *v = NULL;
	int rc = ts ? store_query_text(st, a, &v, sql, fmt, id, ts) : store_query_text(st, a, &v, sql, fmt, id);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	if (v && strlen(v) == 14)
		memcpy(out, v, 15);
	else
		wiki_timestamp_now(out);
	return RC_OK;
}

int wiki_merge_check(struct store *st, struct arena *a, struct wiki_merge *m, struct wiki_refusal **out)
{
	while (*out)
		out = &(*out)->next;
	int rc = ts_or_now(st, a, m->max, "SELECT MIN(rev_timestamp) FROM revision WHERE rev_page = ?", "i", m->dest_id,
			   NULL);
	if (rc == RC_OK && m->timestamp) {
		rc = ts_or_now(st, a, m->limit, "SELECT MAX(rev_timestamp) FROM revision WHERE rev_page = ?"
						" AND rev_timestamp <= ?", "it", m->source_id, m->timestamp);
		memcpy(m->insert, m->limit, 15);
	} else if (rc == RC_OK) {
		rc = ts_or_now(st, a, m->limit, "SELECT rev_timestamp FROM page JOIN revision ON rev_id = page_latest"
						" WHERE page_id = ?", "i", m->source_id, NULL);
		memcpy(m->insert, m->max, 15);
	}
	if (rc != RC_OK)
		return rc;
	if (!m->source_id)
		out = refuse(a, out, "mergehistory-fail-invalid-source", NULL);
	if (!m->dest_id)
		out = refuse(a, out, "mergehistory-fail-invalid-dest", NULL);
	if (m->source->ns == m->dest->ns && streq(m->source->dbkey, m->dest->dbkey))
		out = refuse(a, out, "mergehistory-fail-self-merge", NULL);
	if (strcmp(m->limit, m->max) > 0)
		out = refuse(a, out, "mergehistory-fail-timestamps-overlap", NULL);
	int64_t count = 0;
	/* Counting stops past the limit, as MediaWiki's selectRowCount with LIMIT does. */
	rc = store_query_int(st, &count, "SELECT COUNT(*) FROM (SELECT 1 FROM revision WHERE rev_page = ?"
					 " AND rev_timestamp <= ? LIMIT ?) AS r", "iti", m->source_id, m->insert,
			     (int64_t)WIKI_MERGE_MAX_REVISIONS + 1);
	if (rc != RC_OK)
		return rc;
	if (count > WIKI_MERGE_MAX_REVISIONS)
		refuse(a, out, "mergehistory-fail-toobig", arena_printf(a, "%d", WIKI_MERGE_MAX_REVISIONS));
	return RC_OK;
}

/*
 * The source page emptied by the merge gets a revision of `text` as its
 * latest (MergeHistory::updateSourcePage): parent the old latest, no
 * recent change and no edit count, as MediaWiki's insertRevisionOn().
 */
static int source_revision(struct store *st, struct arena *a, struct wiki_merge *m, const char *model,
			   const char *text, const char *comment)
{
	size_t len = strlen(text);
	int64_t actor = 0, cid = 0, content = 0, role = 0, latest = 0;
	int rc = wiki_actor_id(st, m->user->id, m->user->name, &actor);
	if (rc == RC_OK)
		rc = wiki_comment_id(st, comment, &cid);
	if (rc == RC_OK)
		rc = store_content_put(st, model, text, len, &content);
	if (rc == RC_OK)
		rc = store_role_id(st, "main", &role);
	if (rc == RC_OK)
		rc = store_query_int(st, &latest, "SELECT page_latest FROM page WHERE page_id = ?", "i", m->source_id);
	if (rc != RC_OK)
		return rc;
	char now[15], sha1[32];
	wiki_timestamp_now(now);
	store_sha1_base36(text, len, sha1);
	rc = store_run(st, "INSERT INTO revision (rev_page, rev_comment_id, rev_actor, rev_timestamp, rev_minor_edit,"
			   " rev_deleted, rev_len, rev_parent_id, rev_sha1) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?)",
		       "iiitiit", m->source_id, cid, actor, now, (int64_t)len, latest, sha1);
	int64_t rev = store_last_id(st);
	if (rc == RC_OK)
		rc = store_run(st, "INSERT INTO slots (slot_revision_id, slot_role_id, slot_content_id, slot_origin)"
				   " VALUES (?, ?, ?, ?)", "iiii", rev, role, content, rev);
	if (rc == RC_OK)
		rc = wiki_page_set_latest(st, a, m->source_id, rev, text, len, model, false, now);
	if (rc == RC_OK)
		rc = wiki_search_index(st, a, m->source_id, m->source->ns, m->source->dbkey, text, len);
	if (rc == RC_OK)
		rc = wiki_links_refresh(st, a, m->source, m->source_id, rev, text, len, model, now, now);
	return rc;
}

/* Everyone watching the source (or its talk page) watches the destination's page too. */
static int copy_watchers(struct store *st, struct wiki_merge *m)
{
	int rc = RC_OK;
	for (int talk = 0; talk < 2 && rc == RC_OK; talk++) {
		int64_t from_ns = (m->source->ns & ~1) + talk, to_ns = (m->dest->ns & ~1) + talk;
		rc = store_run(st, "INSERT INTO watchlist (wl_user, wl_namespace, wl_title, wl_notificationtimestamp)"
				   " SELECT wl_user, ?, ?, wl_notificationtimestamp FROM watchlist"
				   " WHERE wl_namespace = ? AND wl_title = ?"
				   " ON CONFLICT (wl_user, wl_namespace, wl_title) DO NOTHING",
			       "itit", to_ns, m->dest->dbkey, from_ns, m->source->dbkey);
	}
	return rc;
}

int wiki_merge_history(struct store *st, struct arena *a, struct wiki_merge *m)
{
	int rc = store_run(st, "UPDATE revision SET rev_page = ? WHERE rev_page = ? AND rev_timestamp <= ?", "iit",
			   m->dest_id, m->source_id, m->insert);
	if (rc != RC_OK)
		return rc;
	m->merged = store_changes(st);
	if (m->merged < 1)
		return RC_NOTFOUND;
	int64_t left = 0;
	rc = store_query_int(st, &left, "SELECT COUNT(*) FROM revision WHERE rev_page = ?", "i", m->source_id);
	if (rc != RC_OK)
		return rc;
	const char *reason = m->reason ? m->reason : "";
	if (!left) {
		/* The emptied source: the generated comment is both the revision's and the log's reason. */
		reason = arena_printf(a, "History of [[:%s]] merged into [[:%s]]%s%s", m->source->prefixed,
				      m->dest->prefixed, *reason ? ": " : "", reason);
		char *stored = NULL;
		rc = store_query_text(st, a, &stored, "SELECT page_content_model FROM page WHERE page_id = ?", "i",
				      m->source_id);
		if (rc != RC_OK)
			return rc;
		const char *model = stored && *stored ? stored : wiki_default_model(m->source->ns, m->source->dbkey);
		const char *redirect = wiki_redirect_text(a, model, m->dest);
		rc = source_revision(st, a, m, model, redirect ? redirect : "", reason);
		if (rc == RC_OK && !redirect) {
			/* A model without redirects cannot keep a page whose history went elsewhere. */
			struct wiki_delete d = {
				.title = m->source, .user = m->user,
				.reason = "The page's history was merged into another page, and its content model has no"
					  " redirects",
			};
			rc = wiki_page_delete(st, a, &d);
		}
	}
	if (rc == RC_OK)
		rc = copy_watchers(st, m);
	if (rc != RC_OK)
		return rc;
	struct wiki_pvalue items[2] = {
		{ .type = WIKI_PV_STRING, .key = "4::dest", .s = m->dest->prefixed, .len = strlen(m->dest->prefixed) },
		{ .type = WIKI_PV_STRING, .key = "5::mergepoint", .s = m->limit, .len = strlen(m->limit) },
	};
	struct wiki_pvalue lp = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 2 };
	struct wiki_log_entry le = {
		.type = "merge", .action = "merge", .user_id = m->user->id, .user_name = m->user->name,
		.ns = m->source->ns, .dbkey = m->source->dbkey, .page_id = m->source_id, .comment = reason,
		.params = &lp, .rc_autopatrol = wiki_user_can(m->user, "autopatrol"), .ip = m->user->ip,
	};
	return wiki_log_add(st, a, &le, &m->log_id);
}
