/* SPDX-License-Identifier: MIT */
/*
 * log.c — writing log entries (MediaWiki's ManualLogEntry::insert() and
 * publish()) and the tables of log types and actions core knows.
 *
 * One entry is a `logging` row; its parameters are a PHP-serialized
 * array whose keys follow MediaWiki's "N:type:name" convention
 * ("4::userid", "5::noredir", "4:title:target"): N is the old
 * positional index used by log messages, type says how to format the
 * value, name is the key the API shows. Published entries also get a
 * `recentchanges` row of type RC_LOG (3) carrying the same blob in
 * rc_params, so list=recentchanges can show logparams without a join.
 * Everything runs inside the caller's write transaction: an entry is
 * committed together with the change it records, or not at all.
 */
#include "wiki.h"

#include "../store/store.h"
#include "../util/config.h"
#include "../util/timestamp.h"

/* rc_type of log rows (MediaWiki's RC_LOG). */
#define RC_TYPE_LOG 3

/* rc_patrolled values. */
enum { PRC_UNPATROLLED = 0, PRC_AUTOPATROLLED = 2 };

/*
 * Core's log types ($wgLogTypes) and "type/action" pairs ($wgLogActions +
 * $wgLogActionsHandler keys), sorted; "" stands for "any" in letype. The
 * page language log exists only with $wgPageLanguageUseDB on: the lists
 * come with and without it, from the same two halves.
 */
#define LOG_TYPES_BEFORE_PAGELANG \
	"", "block", "contentmodel", "create", "delete", "import", "managetags", "merge", "move", "newusers",
#define LOG_TYPES_AFTER_PAGELANG "patrol", "protect", "rights", "suppress", "tag", "upload",
#define LOG_ACTIONS_BEFORE_PAGELANG \
	"block/block", "block/reblock", "block/unblock", \
	"contentmodel/change", "contentmodel/new", \
	"create/create", \
	"delete/delete", "delete/delete_redir", "delete/delete_redir2", "delete/event", "delete/restore", \
	"delete/revision", \
	"import/interwiki", "import/upload", \
	"managetags/activate", "managetags/create", "managetags/deactivate", "managetags/delete", \
	"merge/merge", \
	"move/move", "move/move_redir", \
	"newusers/autocreate", "newusers/byemail", "newusers/create", "newusers/create2", "newusers/newusers",
#define LOG_ACTIONS_AFTER_PAGELANG \
	"patrol/autopatrol", "patrol/patrol", \
	"protect/modify", "protect/move_prot", "protect/protect", "protect/unprotect", \
	"rights/autopromote", "rights/rights", \
	"suppress/block", "suppress/delete", "suppress/event", "suppress/reblock", "suppress/revision", \
	"tag/update", \
	"upload/overwrite", "upload/revert", "upload/upload",

static const char *const log_types[] = { LOG_TYPES_BEFORE_PAGELANG LOG_TYPES_AFTER_PAGELANG NULL };
static const char *const log_types_pagelang[] = { LOG_TYPES_BEFORE_PAGELANG "pagelang", LOG_TYPES_AFTER_PAGELANG NULL };
static const char *const log_actions[] = { LOG_ACTIONS_BEFORE_PAGELANG LOG_ACTIONS_AFTER_PAGELANG NULL };
static const char *const log_actions_pagelang[] = {
	LOG_ACTIONS_BEFORE_PAGELANG "pagelang/pagelang", LOG_ACTIONS_AFTER_PAGELANG NULL
};

const char *const *wiki_log_types(void)
{
	return config.page_language_use_db ? log_types_pagelang : log_types;
}

const char *const *wiki_log_actions(void)
{
	return config.page_language_use_db ? log_actions_pagelang : log_actions;
}

const char *wiki_log_restriction(const char *type)
{
	/* $wgLogRestrictions of a default install: only the suppression log is private. */
	return streq(type, "suppress") ? "suppressionlog" : NULL;
}

int wiki_log_add(struct store *st, struct arena *a, const struct wiki_log_entry *e, int64_t *log_id)
{
	char now[15];
	const char *ts = e->timestamp;
	if (!ts) {
		ts_format_mw(util_now(), now);
		ts = now;
	}
	const char *blob = "a:0:{}";
	if (e->params)
		blob = wiki_php_serialize(a, e->params);
	int64_t actor = e->actor_id, cid = 0, id = 0, rcid = 0;
	int rc = RC_OK;
	if (!actor)
		rc = wiki_actor_id(st, e->user_id, e->user_name, &actor);
	if (rc == RC_OK)
		rc = wiki_comment_id(st, e->comment ? e->comment : "", &cid);
	if (rc == RC_OK) {
		struct store_stmt *s = store_prepare(st,
			"INSERT INTO logging (log_type, log_action, log_timestamp, log_actor, log_namespace, log_title,"
			" log_page, log_comment_id, log_params, log_deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		store_bindv(s, "tttidtiitd", e->type, e->action, ts, actor, e->ns, e->dbkey ? e->dbkey : "",
			    e->page_id, cid, blob, e->deleted);
		int r = store_step(s);
		rc = r == STORE_DONE ? RC_OK : r;
		if (rc == RC_OK)
			id = store_last_id(st);
	}
	/* ManualLogEntry keeps the associated revision in log_search, where the API reads it. */
	if (rc == RC_OK && e->assoc_rev_id)
		rc = store_run(st, "INSERT INTO log_search (ls_field, ls_value, ls_log_id) VALUES"
				   " ('associated_rev_id', ?, ?)", "ti",
			       arena_printf(a, "%lld", (long long)e->assoc_rev_id), id);
	if (rc == RC_OK && !e->no_rc) {
		/*
		 * RecentChange::newLogEntry(): log rows are patrolled unless the
		 * type is patrollable (only uploads in core) and the performer
		 * lacks autopatrol; lengths are NULL, the revision is the
		 * associated one.
		 */
		bool patrolled = !streq(e->type, "upload") || e->rc_autopatrol;
		struct store_stmt *s = store_prepare(st,
			"INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_namespace, rc_title, rc_comment_id,"
			" rc_minor, rc_bot, rc_new, rc_cur_id, rc_this_oldid, rc_last_oldid, rc_type, rc_source,"
			" rc_patrolled, rc_ip, rc_old_len, rc_new_len, rc_deleted, rc_logid, rc_log_type,"
			" rc_log_action, rc_params)"
			" VALUES (?, ?, ?, ?, ?, 0, ?, 0, ?, ?, 0, ?, 'mw.log', ?, ?, NULL, NULL, ?, ?, ?, ?, ?)");
		store_bindv(s, "tidtiiiiddtdittt", ts, actor, e->ns, e->dbkey ? e->dbkey : "", cid,
			    (int64_t)e->rc_bot, e->page_id, e->assoc_rev_id, RC_TYPE_LOG,
			    patrolled ? PRC_AUTOPATROLLED : PRC_UNPATROLLED, e->ip ? e->ip : "", e->deleted, id,
			    e->type, e->action, blob);
		int r = store_step(s);
		rc = r == STORE_DONE ? RC_OK : r;
		if (rc == RC_OK)
			rcid = store_last_id(st);
		/* A published log entry is a change of its target page for that page's watchers too. */
		if (rc == RC_OK && e->dbkey)
			rc = wiki_watch_page_changed(st, e->user_id, e->ns, e->dbkey, ts);
	}
	for (size_t i = 0; rc == RC_OK && e->tags && e->tags[i]; i++)
		rc = wiki_tag_apply(st, e->tags[i], rcid, 0, id);
	if (rc == RC_OK && log_id)
		*log_id = id;
	return rc;
}
