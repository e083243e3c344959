/* SPDX-License-Identifier: MIT */
/*
 * schema.c — the numbered schema migrations, one script per backend.
 *
 * The tables follow MediaWiki 1.39's table model — the same table and
 * column names, so the Action API's ids and semantics carry over (page
 * ids, revision ids and parents, actors, comments, slots, log and
 * recent-changes rows) — with simplified types:
 *   - every string column is TEXT holding UTF-8 (MediaWiki uses
 *     VARBINARY/BLOB); titles are in database form (underscores);
 *   - every timestamp is TEXT, a 14-character "YYYYMMDDHHMMSS" in UTC;
 *     expiries are a timestamp or the word "infinity" as in MediaWiki;
 *   - ids are INTEGER PRIMARY KEY AUTOINCREMENT in SQLite so an id is
 *     never handed out twice, even after its row was deleted (a deleted
 *     revision keeps its id in `archive`).
 * Departures from 1.39, on purpose:
 *   - templatelinks keeps its pre-1.38 columns (tl_namespace, tl_title)
 *     instead of going through `linktarget`: one join fewer on every
 *     template lookup, same API results;
 *   - blocks use the 1.42 pair `block_target` + `block` instead of
 *     `ipblocks`, as the seeds describe the newer API;
 *   - `text` has two extra columns, old_sha1 (unique, for storing each
 *     distinct text once) and old_len (the uncompressed length);
 *   - rev_comment_id / rev_actor live in `revision` (1.40 layout, no
 *     *_temp tables); user has user_is_temp (temporary accounts);
 *   - `searchindex` is an FTS5 table; its rowid is the page id (si_page);
 *   - `sessions`, `wikid_meta` (key/value, e.g. the secret key),
 *     `wikid_limiter` (rate-limit counters) and `wikid_cspreport`
 *     (CSP violation reports) are wikid's own.
 * A migration, once released, is never edited: a change is a new number.
 * Write the SQLite script only: the PostgreSQL backend translates it
 * (pg_sql.c: types, AUTOINCREMENT, FTS5 tables). A [STORE_PG] script is
 * needed only for what the translation cannot express.
 */
#include "store_int.h"

/* ---------- 0001: the MediaWiki table model ---------- */

static const char m0001_sqlite[] =
	/* Pages: one row per existing page; page_latest is its current revision. */
	"CREATE TABLE page ("
	" page_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" page_namespace INTEGER NOT NULL,"
	" page_title TEXT NOT NULL,"
	" page_is_redirect INTEGER NOT NULL DEFAULT 0,"
	" page_is_new INTEGER NOT NULL DEFAULT 0,"
	/* page_random: uniform in [0, 1), for list=random. */
	" page_random REAL NOT NULL,"
	/* page_touched: last change or purge; invalidates caches. */
	" page_touched TEXT NOT NULL,"
	" page_links_updated TEXT DEFAULT NULL,"
	/* page_latest: rev_id of the current revision; page_len its byte size. */
	" page_latest INTEGER NOT NULL,"
	" page_len INTEGER NOT NULL,"
	" page_content_model TEXT DEFAULT NULL,"
	" page_lang TEXT DEFAULT NULL);\n"
	"CREATE UNIQUE INDEX page_name_title ON page (page_namespace, page_title);\n"
	"CREATE INDEX page_random ON page (page_random);\n"
	"CREATE INDEX page_len ON page (page_len);\n"
	"CREATE INDEX page_redirect_namespace_len ON page (page_is_redirect, page_namespace, page_len);\n"

	/* Revisions: metadata only; the text is reached through slots → content. */
	"CREATE TABLE revision ("
	" rev_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" rev_page INTEGER NOT NULL,"
	" rev_comment_id INTEGER NOT NULL DEFAULT 0,"
	" rev_actor INTEGER NOT NULL DEFAULT 0,"
	" rev_timestamp TEXT NOT NULL,"
	" rev_minor_edit INTEGER NOT NULL DEFAULT 0,"
	/* rev_deleted bits: 1 text, 2 comment, 4 user, 8 restricted to suppressors. */
	" rev_deleted INTEGER NOT NULL DEFAULT 0,"
	" rev_len INTEGER DEFAULT NULL,"
	/* rev_parent_id: previous revision of the page, 0 for the first. */
	" rev_parent_id INTEGER DEFAULT NULL,"
	" rev_sha1 TEXT NOT NULL DEFAULT '');\n"
	/* rev_sha1 (above): base-36 SHA-1 of the text, 31 digits. */
	"CREATE INDEX rev_timestamp ON revision (rev_timestamp);\n"
	"CREATE INDEX rev_page_timestamp ON revision (rev_page, rev_timestamp);\n"
	"CREATE INDEX rev_actor_timestamp ON revision (rev_actor, rev_timestamp, rev_id);\n"
	"CREATE INDEX rev_page_actor_timestamp ON revision (rev_page, rev_actor, rev_timestamp);\n"

	/* Multi-content revisions: revision × role → content. */
	"CREATE TABLE slots ("
	" slot_revision_id INTEGER NOT NULL,"
	" slot_role_id INTEGER NOT NULL,"
	" slot_content_id INTEGER NOT NULL,"
	/* slot_origin: the revision that introduced this slot's content. */
	" slot_origin INTEGER NOT NULL,"
	" PRIMARY KEY (slot_revision_id, slot_role_id));\n"
	"CREATE INDEX slot_revision_origin_role ON slots (slot_revision_id, slot_origin, slot_role_id);\n"
	"CREATE TABLE slot_roles ("
	" role_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" role_name TEXT NOT NULL);\n"
	"CREATE UNIQUE INDEX role_name ON slot_roles (role_name);\n"
	"CREATE TABLE content_models ("
	" model_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" model_name TEXT NOT NULL);\n"
	"CREATE UNIQUE INDEX model_name ON content_models (model_name);\n"
	/* content_sha1 is base-36 SHA-1; content_address "tt:<old_id>". */
	"CREATE TABLE content ("
	" content_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" content_size INTEGER NOT NULL,"
	" content_sha1 TEXT NOT NULL,"
	" content_model INTEGER NOT NULL,"
	" content_address TEXT NOT NULL);\n"
	"CREATE INDEX content_sha1_model ON content (content_sha1, content_model);\n"
	/* Blob store: old_flags "utf-8" or "utf-8,gzip" (raw deflate). */
	"CREATE TABLE text ("
	" old_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" old_text BLOB NOT NULL,"
	" old_flags TEXT NOT NULL,"
	" old_sha1 TEXT NOT NULL,"
	" old_len INTEGER NOT NULL);\n"
	"CREATE UNIQUE INDEX old_sha1 ON text (old_sha1);\n"

	/* Edit summaries and log reasons, shared by hash. */
	"CREATE TABLE comment ("
	" comment_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	/* comment_hash: a 32-bit hash of the text, to find a reusable row. */
	" comment_hash INTEGER NOT NULL,"
	" comment_text TEXT NOT NULL,"
	" comment_data TEXT DEFAULT NULL);\n"
	"CREATE INDEX comment_hash ON comment (comment_hash);\n"

	/* Who did it: accounts (actor_user set) and IPs (actor_user NULL). */
	"CREATE TABLE actor ("
	" actor_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" actor_user INTEGER DEFAULT NULL,"
	" actor_name TEXT NOT NULL);\n"
	"CREATE UNIQUE INDEX actor_user ON actor (actor_user);\n"
	"CREATE UNIQUE INDEX actor_name ON actor (actor_name);\n"

	/* Accounts. Quote the table name: "user" is reserved in PostgreSQL. */
	"CREATE TABLE \"user\" ("
	" user_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" user_name TEXT NOT NULL DEFAULT '',"
	" user_real_name TEXT NOT NULL DEFAULT '',"
	" user_password TEXT NOT NULL DEFAULT '',"
	" user_newpassword TEXT NOT NULL DEFAULT '',"
	" user_newpass_time TEXT DEFAULT NULL,"
	" user_email TEXT NOT NULL DEFAULT '',"
	/* user_touched: bumped on any change that should invalidate caches. */
	" user_touched TEXT NOT NULL,"
	/* user_token: 32 hex digits; changing it logs out every session. */
	" user_token TEXT NOT NULL DEFAULT '',"
	" user_email_authenticated TEXT DEFAULT NULL,"
	" user_email_token TEXT DEFAULT NULL,"
	" user_email_token_expires TEXT DEFAULT NULL,"
	" user_registration TEXT DEFAULT NULL,"
	" user_editcount INTEGER DEFAULT NULL,"
	" user_password_expires TEXT DEFAULT NULL,"
	" user_is_temp INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE UNIQUE INDEX user_name ON \"user\" (user_name);\n"
	"CREATE INDEX user_email_token ON \"user\" (user_email_token);\n"
	"CREATE INDEX user_email ON \"user\" (user_email);\n"
	"CREATE TABLE user_groups ("
	" ug_user INTEGER NOT NULL DEFAULT 0,"
	" ug_group TEXT NOT NULL DEFAULT '',"
	/* ug_expiry: NULL for a permanent membership. */
	" ug_expiry TEXT DEFAULT NULL,"
	" PRIMARY KEY (ug_user, ug_group));\n"
	"CREATE INDEX ug_group ON user_groups (ug_group);\n"
	"CREATE INDEX ug_expiry ON user_groups (ug_expiry);\n"
	"CREATE TABLE user_former_groups ("
	" ufg_user INTEGER NOT NULL DEFAULT 0,"
	" ufg_group TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (ufg_user, ufg_group));\n"
	"CREATE TABLE user_properties ("
	" up_user INTEGER NOT NULL,"
	" up_property TEXT NOT NULL,"
	" up_value TEXT DEFAULT NULL,"
	" PRIMARY KEY (up_user, up_property));\n"
	"CREATE INDEX up_property ON user_properties (up_property);\n"
	"CREATE TABLE user_newtalk ("
	" user_id INTEGER NOT NULL DEFAULT 0,"
	" user_ip TEXT NOT NULL DEFAULT '',"
	" user_last_timestamp TEXT DEFAULT NULL);\n"
	"CREATE INDEX un_user_id ON user_newtalk (user_id);\n"
	"CREATE INDEX un_user_ip ON user_newtalk (user_ip);\n"
	/* Serial numbers for temporary account names, per shard and year. */
	"CREATE TABLE user_autocreate_serial ("
	" uas_shard INTEGER NOT NULL,"
	" uas_year INTEGER NOT NULL,"
	" uas_value INTEGER NOT NULL,"
	" PRIMARY KEY (uas_shard, uas_year));\n"
	"CREATE TABLE bot_passwords ("
	" bp_user INTEGER NOT NULL,"
	" bp_app_id TEXT NOT NULL,"
	" bp_password TEXT NOT NULL,"
	" bp_token TEXT NOT NULL DEFAULT '',"
	" bp_restrictions TEXT NOT NULL,"
	" bp_grants TEXT NOT NULL,"
	" PRIMARY KEY (bp_user, bp_app_id));\n"

	/* Recent changes: rc_type 0 edit, 1 new, 3 log, 5 external, 6 categorize. */
	"CREATE TABLE recentchanges ("
	" rc_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" rc_timestamp TEXT NOT NULL,"
	" rc_actor INTEGER NOT NULL,"
	" rc_namespace INTEGER NOT NULL DEFAULT 0,"
	" rc_title TEXT NOT NULL DEFAULT '',"
	" rc_comment_id INTEGER NOT NULL,"
	" rc_minor INTEGER NOT NULL DEFAULT 0,"
	" rc_bot INTEGER NOT NULL DEFAULT 0,"
	" rc_new INTEGER NOT NULL DEFAULT 0,"
	" rc_cur_id INTEGER NOT NULL DEFAULT 0,"
	" rc_this_oldid INTEGER NOT NULL DEFAULT 0,"
	" rc_last_oldid INTEGER NOT NULL DEFAULT 0,"
	" rc_type INTEGER NOT NULL DEFAULT 0,"
	/* rc_source: 'mw.edit', 'mw.new', 'mw.log', 'mw.categorize', ... */
	" rc_source TEXT NOT NULL DEFAULT '',"
	/* rc_patrolled: 0 unpatrolled, 1 patrolled, 2 autopatrolled. */
	" rc_patrolled INTEGER NOT NULL DEFAULT 0,"
	" rc_ip TEXT NOT NULL DEFAULT '',"
	" rc_old_len INTEGER DEFAULT NULL,"
	" rc_new_len INTEGER DEFAULT NULL,"
	" rc_deleted INTEGER NOT NULL DEFAULT 0,"
	" rc_logid INTEGER NOT NULL DEFAULT 0,"
	" rc_log_type TEXT DEFAULT NULL,"
	" rc_log_action TEXT DEFAULT NULL,"
	" rc_params TEXT DEFAULT NULL);\n"
	"CREATE INDEX rc_timestamp ON recentchanges (rc_timestamp);\n"
	"CREATE INDEX rc_namespace_title_timestamp ON recentchanges (rc_namespace, rc_title, rc_timestamp);\n"
	"CREATE INDEX rc_cur_id ON recentchanges (rc_cur_id);\n"
	"CREATE INDEX rc_new_name_timestamp ON recentchanges (rc_new, rc_namespace, rc_timestamp);\n"
	"CREATE INDEX rc_ip ON recentchanges (rc_ip);\n"
	"CREATE INDEX rc_ns_actor ON recentchanges (rc_namespace, rc_actor);\n"
	"CREATE INDEX rc_actor ON recentchanges (rc_actor, rc_timestamp);\n"
	"CREATE INDEX rc_name_type_patrolled_timestamp ON recentchanges"
	" (rc_namespace, rc_type, rc_patrolled, rc_timestamp);\n"
	"CREATE INDEX rc_this_oldid ON recentchanges (rc_this_oldid);\n"

	/* Logs; log_params is MediaWiki's serialized parameter blob. */
	"CREATE TABLE logging ("
	" log_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" log_type TEXT NOT NULL DEFAULT '',"
	" log_action TEXT NOT NULL DEFAULT '',"
	" log_timestamp TEXT NOT NULL DEFAULT '19700101000000',"
	" log_actor INTEGER NOT NULL,"
	" log_namespace INTEGER NOT NULL DEFAULT 0,"
	" log_title TEXT NOT NULL DEFAULT '',"
	" log_page INTEGER DEFAULT NULL,"
	" log_comment_id INTEGER NOT NULL,"
	" log_params TEXT NOT NULL,"
	" log_deleted INTEGER NOT NULL DEFAULT 0);\n"
	/* log_deleted (above): bits 1 action, 2 comment, 4 performer, 8 suppressed. */
	"CREATE INDEX log_type_time ON logging (log_type, log_timestamp);\n"
	"CREATE INDEX log_actor_time ON logging (log_actor, log_timestamp);\n"
	"CREATE INDEX log_page_time ON logging (log_namespace, log_title, log_timestamp);\n"
	"CREATE INDEX log_times ON logging (log_timestamp);\n"
	"CREATE INDEX log_actor_type_time ON logging (log_actor, log_type, log_timestamp);\n"
	"CREATE INDEX log_page_id_time ON logging (log_page, log_timestamp);\n"
	"CREATE INDEX log_type_action ON logging (log_type, log_action, log_timestamp);\n"
	"CREATE TABLE log_search ("
	" ls_field TEXT NOT NULL,"
	" ls_value TEXT NOT NULL,"
	" ls_log_id INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (ls_field, ls_value, ls_log_id));\n"
	"CREATE INDEX ls_log_id ON log_search (ls_log_id);\n"

	/* Watchlists; an expiring watch has a watchlist_expiry row. */
	"CREATE TABLE watchlist ("
	" wl_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" wl_user INTEGER NOT NULL,"
	" wl_namespace INTEGER NOT NULL DEFAULT 0,"
	" wl_title TEXT NOT NULL DEFAULT '',"
	" wl_notificationtimestamp TEXT DEFAULT NULL);\n"
	/* wl_notificationtimestamp (above): first unseen change, NULL when seen. */
	"CREATE UNIQUE INDEX wl_user ON watchlist (wl_user, wl_namespace, wl_title);\n"
	"CREATE INDEX wl_namespace_title ON watchlist (wl_namespace, wl_title);\n"
	"CREATE INDEX wl_user_notificationtimestamp ON watchlist (wl_user, wl_notificationtimestamp);\n"
	"CREATE TABLE watchlist_expiry ("
	" we_item INTEGER PRIMARY KEY,"
	" we_expiry TEXT NOT NULL);\n"
	"CREATE INDEX we_expiry ON watchlist_expiry (we_expiry);\n"

	/* Page properties, protection, create-protection. */
	"CREATE TABLE page_props ("
	" pp_page INTEGER NOT NULL,"
	" pp_propname TEXT NOT NULL,"
	" pp_value TEXT NOT NULL,"
	" pp_sortkey REAL DEFAULT NULL,"
	" PRIMARY KEY (pp_page, pp_propname));\n"
	"CREATE UNIQUE INDEX pp_propname_page ON page_props (pp_propname, pp_page);\n"
	"CREATE UNIQUE INDEX pp_propname_sortkey_page ON page_props (pp_propname, pp_sortkey, pp_page);\n"
	"CREATE TABLE page_restrictions ("
	" pr_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" pr_page INTEGER NOT NULL,"
	" pr_type TEXT NOT NULL,"
	" pr_level TEXT NOT NULL,"
	/* pr_cascade: protection extends to transcluded pages. */
	" pr_cascade INTEGER NOT NULL,"
	" pr_expiry TEXT DEFAULT NULL);\n"
	/* pr_expiry (above): 14-digit timestamp or 'infinity'. */
	"CREATE UNIQUE INDEX pr_pagetype ON page_restrictions (pr_page, pr_type);\n"
	"CREATE INDEX pr_typelevel ON page_restrictions (pr_type, pr_level);\n"
	"CREATE INDEX pr_level ON page_restrictions (pr_level);\n"
	"CREATE INDEX pr_cascade ON page_restrictions (pr_cascade);\n"
	"CREATE TABLE protected_titles ("
	" pt_namespace INTEGER NOT NULL,"
	" pt_title TEXT NOT NULL,"
	" pt_user INTEGER NOT NULL,"
	" pt_reason_id INTEGER NOT NULL,"
	" pt_timestamp TEXT NOT NULL,"
	" pt_expiry TEXT NOT NULL,"
	" pt_create_perm TEXT NOT NULL,"
	" PRIMARY KEY (pt_namespace, pt_title));\n"
	"CREATE INDEX pt_timestamp ON protected_titles (pt_timestamp);\n"

	/* Change tags on revisions, log entries and recent changes. */
	"CREATE TABLE change_tag ("
	" ct_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" ct_rc_id INTEGER DEFAULT NULL,"
	" ct_log_id INTEGER DEFAULT NULL,"
	" ct_rev_id INTEGER DEFAULT NULL,"
	" ct_params TEXT DEFAULT NULL,"
	" ct_tag_id INTEGER NOT NULL);\n"
	"CREATE UNIQUE INDEX ct_rc_tag_id ON change_tag (ct_rc_id, ct_tag_id);\n"
	"CREATE UNIQUE INDEX ct_log_tag_id ON change_tag (ct_log_id, ct_tag_id);\n"
	"CREATE UNIQUE INDEX ct_rev_tag_id ON change_tag (ct_rev_id, ct_tag_id);\n"
	"CREATE INDEX ct_tag_id_id ON change_tag (ct_tag_id, ct_rc_id, ct_rev_id, ct_log_id);\n"
	"CREATE TABLE change_tag_def ("
	" ctd_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" ctd_name TEXT NOT NULL,"
	" ctd_user_defined INTEGER NOT NULL,"
	" ctd_count INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE UNIQUE INDEX ctd_name ON change_tag_def (ctd_name);\n"
	"CREATE INDEX ctd_count ON change_tag_def (ctd_count);\n"
	"CREATE INDEX ctd_user_defined ON change_tag_def (ctd_user_defined);\n"

	/* Link tables, filled from the parser's output. */
	"CREATE TABLE redirect ("
	" rd_from INTEGER PRIMARY KEY,"
	" rd_namespace INTEGER NOT NULL DEFAULT 0,"
	" rd_title TEXT NOT NULL DEFAULT '',"
	" rd_interwiki TEXT DEFAULT NULL,"
	" rd_fragment TEXT DEFAULT NULL);\n"
	"CREATE INDEX rd_ns_title ON redirect (rd_namespace, rd_title, rd_from);\n"
	"CREATE TABLE pagelinks ("
	" pl_from INTEGER NOT NULL DEFAULT 0,"
	" pl_namespace INTEGER NOT NULL DEFAULT 0,"
	" pl_title TEXT NOT NULL DEFAULT '',"
	" pl_from_namespace INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (pl_from, pl_namespace, pl_title));\n"
	"CREATE INDEX pl_namespace ON pagelinks (pl_namespace, pl_title, pl_from);\n"
	"CREATE INDEX pl_backlinks_namespace ON pagelinks"
	" (pl_from_namespace, pl_namespace, pl_title, pl_from);\n"
	"CREATE TABLE templatelinks ("
	" tl_from INTEGER NOT NULL DEFAULT 0,"
	" tl_namespace INTEGER NOT NULL DEFAULT 0,"
	" tl_title TEXT NOT NULL DEFAULT '',"
	" tl_from_namespace INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (tl_from, tl_namespace, tl_title));\n"
	"CREATE INDEX tl_namespace ON templatelinks (tl_namespace, tl_title, tl_from);\n"
	"CREATE INDEX tl_backlinks_namespace ON templatelinks"
	" (tl_from_namespace, tl_namespace, tl_title, tl_from);\n"
	"CREATE TABLE imagelinks ("
	" il_from INTEGER NOT NULL DEFAULT 0,"
	" il_to TEXT NOT NULL DEFAULT '',"
	" il_from_namespace INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (il_from, il_to));\n"
	"CREATE INDEX il_to ON imagelinks (il_to, il_from);\n"
	"CREATE INDEX il_backlinks_namespace ON imagelinks (il_from_namespace, il_to, il_from);\n"
	"CREATE TABLE categorylinks ("
	" cl_from INTEGER NOT NULL DEFAULT 0,"
	" cl_to TEXT NOT NULL DEFAULT '',"
	" cl_sortkey TEXT NOT NULL DEFAULT '',"
	" cl_sortkey_prefix TEXT NOT NULL DEFAULT '',"
	" cl_timestamp TEXT NOT NULL,"
	" cl_collation TEXT NOT NULL DEFAULT '',"
	/* cl_type: 'page', 'subcat' or 'file'; cl_sortkey is the collated key. */
	" cl_type TEXT NOT NULL DEFAULT 'page',"
	" PRIMARY KEY (cl_from, cl_to));\n"
	"CREATE INDEX cl_sortkey ON categorylinks (cl_to, cl_type, cl_sortkey, cl_from);\n"
	"CREATE INDEX cl_timestamp ON categorylinks (cl_to, cl_timestamp);\n"
	"CREATE INDEX cl_collation_ext ON categorylinks (cl_collation, cl_to, cl_type, cl_from);\n"
	"CREATE TABLE category ("
	" cat_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" cat_title TEXT NOT NULL,"
	" cat_pages INTEGER NOT NULL DEFAULT 0,"
	" cat_subcats INTEGER NOT NULL DEFAULT 0,"
	" cat_files INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE UNIQUE INDEX cat_title ON category (cat_title);\n"
	"CREATE INDEX cat_pages ON category (cat_pages);\n"
	"CREATE TABLE externallinks ("
	" el_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" el_from INTEGER NOT NULL DEFAULT 0,"
	" el_to TEXT NOT NULL,"
	/* el_index: URL with the host reversed (http://com.example.www./path). */
	" el_index TEXT NOT NULL,"
	" el_index_60 TEXT NOT NULL);\n"
	"CREATE INDEX el_from ON externallinks (el_from, el_to);\n"
	"CREATE INDEX el_to ON externallinks (el_to, el_from);\n"
	"CREATE INDEX el_index ON externallinks (el_index);\n"
	"CREATE INDEX el_index_60 ON externallinks (el_index_60, el_id);\n"
	"CREATE INDEX el_from_index_60 ON externallinks (el_from, el_index_60, el_id);\n"
	"CREATE TABLE langlinks ("
	" ll_from INTEGER NOT NULL DEFAULT 0,"
	" ll_lang TEXT NOT NULL DEFAULT '',"
	" ll_title TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (ll_from, ll_lang));\n"
	"CREATE INDEX ll_lang ON langlinks (ll_lang, ll_title);\n"
	"CREATE TABLE iwlinks ("
	" iwl_from INTEGER NOT NULL DEFAULT 0,"
	" iwl_prefix TEXT NOT NULL DEFAULT '',"
	" iwl_title TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (iwl_from, iwl_prefix, iwl_title));\n"
	"CREATE INDEX iwl_prefix_title_from ON iwlinks (iwl_prefix, iwl_title, iwl_from);\n"
	"CREATE INDEX iwl_prefix_from_title ON iwlinks (iwl_prefix, iwl_from, iwl_title);\n"

	/* Interwiki prefixes. */
	"CREATE TABLE interwiki ("
	" iw_prefix TEXT PRIMARY KEY,"
	" iw_url TEXT NOT NULL,"
	" iw_api TEXT NOT NULL DEFAULT '',"
	" iw_wikiid TEXT NOT NULL DEFAULT '',"
	" iw_local INTEGER NOT NULL DEFAULT 0,"
	" iw_trans INTEGER NOT NULL DEFAULT 0);\n"

	/* Key/value cache with expiry (exptime is a 14-character timestamp). */
	"CREATE TABLE objectcache ("
	" keyname TEXT PRIMARY KEY,"
	" value BLOB DEFAULT NULL,"
	" exptime TEXT NOT NULL,"
	" modtoken TEXT NOT NULL DEFAULT '00000000000000000',"
	" flags INTEGER DEFAULT NULL);\n"
	"CREATE INDEX exptime ON objectcache (exptime);\n"

	/* Login sessions (wikid's own); id is the cookie value's hash or the value. */
	"CREATE TABLE sessions ("
	" id TEXT PRIMARY KEY,"
	" user_id INTEGER NOT NULL DEFAULT 0,"
	" token TEXT NOT NULL DEFAULT '',"
	" data BLOB DEFAULT NULL,"
	" expiry TEXT NOT NULL,"
	" created TEXT NOT NULL);\n"
	"CREATE INDEX sessions_expiry ON sessions (expiry);\n"
	"CREATE INDEX sessions_user ON sessions (user_id);\n"

	/* Deferred work, run by the background job thread. */
	"CREATE TABLE job ("
	" job_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" job_cmd TEXT NOT NULL DEFAULT '',"
	" job_namespace INTEGER NOT NULL,"
	" job_title TEXT NOT NULL,"
	" job_timestamp TEXT DEFAULT NULL,"
	" job_params TEXT NOT NULL,"
	" job_random INTEGER NOT NULL DEFAULT 0,"
	" job_attempts INTEGER NOT NULL DEFAULT 0,"
	/* job_token: set while a runner has claimed the job, '' when free. */
	" job_token TEXT NOT NULL DEFAULT '',"
	" job_token_timestamp TEXT DEFAULT NULL,"
	" job_sha1 TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX job_sha1 ON job (job_sha1);\n"
	"CREATE INDEX job_cmd_token ON job (job_cmd, job_token, job_random);\n"
	"CREATE INDEX job_cmd_token_id ON job (job_cmd, job_token, job_id);\n"
	"CREATE INDEX job_cmd ON job (job_cmd, job_namespace, job_title, job_params);\n"
	"CREATE INDEX job_timestamp ON job (job_timestamp);\n"

	/* Deleted revisions; their slots stay in `slots` under ar_rev_id. */
	"CREATE TABLE archive ("
	" ar_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" ar_namespace INTEGER NOT NULL DEFAULT 0,"
	" ar_title TEXT NOT NULL DEFAULT '',"
	" ar_comment_id INTEGER NOT NULL,"
	" ar_actor INTEGER NOT NULL,"
	" ar_timestamp TEXT NOT NULL,"
	" ar_minor_edit INTEGER NOT NULL DEFAULT 0,"
	" ar_rev_id INTEGER NOT NULL,"
	" ar_deleted INTEGER NOT NULL DEFAULT 0,"
	" ar_len INTEGER DEFAULT NULL,"
	" ar_page_id INTEGER DEFAULT NULL,"
	" ar_parent_id INTEGER DEFAULT NULL,"
	" ar_sha1 TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX ar_name_title_timestamp ON archive (ar_namespace, ar_title, ar_timestamp);\n"
	"CREATE INDEX ar_actor_timestamp ON archive (ar_actor, ar_timestamp);\n"
	"CREATE UNIQUE INDEX ar_revid_uniq ON archive (ar_rev_id);\n"

	/* IP edits, for range contributions (ipc_hex is the IP in hex). */
	"CREATE TABLE ip_changes ("
	" ipc_rev_id INTEGER PRIMARY KEY,"
	" ipc_rev_timestamp TEXT NOT NULL,"
	" ipc_hex TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX ipc_rev_timestamp ON ip_changes (ipc_rev_timestamp);\n"
	"CREATE INDEX ipc_hex_time ON ip_changes (ipc_hex, ipc_rev_timestamp);\n"

	/* Blocks (1.42 layout): who/what is blocked, then each block on it. */
	"CREATE TABLE block_target ("
	" bt_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" bt_address TEXT DEFAULT NULL,"
	" bt_user INTEGER DEFAULT NULL,"
	" bt_user_text TEXT DEFAULT NULL,"
	" bt_auto INTEGER NOT NULL DEFAULT 0,"
	" bt_range_start TEXT DEFAULT NULL,"
	" bt_range_end TEXT DEFAULT NULL,"
	/* bt_ip_hex / bt_range_*: the IP or range in hex, for range lookups. */
	" bt_ip_hex TEXT DEFAULT NULL,"
	" bt_count INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE INDEX bt_address ON block_target (bt_address, bt_auto);\n"
	"CREATE INDEX bt_ip_user_text ON block_target (bt_ip_hex, bt_user_text);\n"
	"CREATE INDEX bt_range ON block_target (bt_range_start, bt_range_end);\n"
	"CREATE INDEX bt_user ON block_target (bt_user);\n"
	"CREATE TABLE block ("
	" bl_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" bl_target INTEGER NOT NULL,"
	" bl_by_actor INTEGER NOT NULL,"
	" bl_reason_id INTEGER NOT NULL,"
	" bl_timestamp TEXT NOT NULL,"
	" bl_anon_only INTEGER NOT NULL DEFAULT 0,"
	" bl_create_account INTEGER NOT NULL DEFAULT 1,"
	" bl_enable_autoblock INTEGER NOT NULL DEFAULT 1,"
	" bl_expiry TEXT NOT NULL,"
	" bl_deleted INTEGER NOT NULL DEFAULT 0,"
	" bl_block_email INTEGER NOT NULL DEFAULT 0,"
	" bl_allow_usertalk INTEGER NOT NULL DEFAULT 0,"
	" bl_parent_block_id INTEGER DEFAULT NULL,"
	" bl_sitewide INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE INDEX bl_timestamp ON block (bl_timestamp);\n"
	"CREATE INDEX bl_target ON block (bl_target);\n"
	"CREATE INDEX bl_expiry ON block (bl_expiry);\n"
	"CREATE INDEX bl_parent_block_id ON block (bl_parent_block_id);\n"
	/* Partial blocks: ir_type 1 page, 2 namespace, 3 action; ir_ipb_id is bl_id. */
	"CREATE TABLE ipblocks_restrictions ("
	" ir_ipb_id INTEGER NOT NULL,"
	" ir_type INTEGER NOT NULL,"
	" ir_value INTEGER NOT NULL,"
	" PRIMARY KEY (ir_ipb_id, ir_type, ir_value));\n"
	"CREATE INDEX ir_type_value ON ipblocks_restrictions (ir_type, ir_value);\n"

	/* Files: current versions, old versions, deleted versions, upload stash. */
	"CREATE TABLE image ("
	" img_name TEXT PRIMARY KEY,"
	" img_size INTEGER NOT NULL DEFAULT 0,"
	" img_width INTEGER NOT NULL DEFAULT 0,"
	" img_height INTEGER NOT NULL DEFAULT 0,"
	" img_metadata BLOB NOT NULL,"
	" img_bits INTEGER NOT NULL DEFAULT 0,"
	" img_media_type TEXT DEFAULT NULL,"
	" img_major_mime TEXT NOT NULL DEFAULT 'unknown',"
	" img_minor_mime TEXT NOT NULL DEFAULT 'unknown',"
	" img_description_id INTEGER NOT NULL,"
	" img_actor INTEGER NOT NULL,"
	" img_timestamp TEXT NOT NULL,"
	" img_sha1 TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX img_actor_timestamp ON image (img_actor, img_timestamp);\n"
	"CREATE INDEX img_size ON image (img_size);\n"
	"CREATE INDEX img_timestamp ON image (img_timestamp);\n"
	"CREATE INDEX img_sha1 ON image (img_sha1);\n"
	"CREATE INDEX img_media_mime ON image (img_media_type, img_major_mime, img_minor_mime);\n"
	"CREATE TABLE oldimage ("
	" oi_name TEXT NOT NULL DEFAULT '',"
	" oi_archive_name TEXT NOT NULL DEFAULT '',"
	" oi_size INTEGER NOT NULL DEFAULT 0,"
	" oi_width INTEGER NOT NULL DEFAULT 0,"
	" oi_height INTEGER NOT NULL DEFAULT 0,"
	" oi_bits INTEGER NOT NULL DEFAULT 0,"
	" oi_description_id INTEGER NOT NULL,"
	" oi_actor INTEGER NOT NULL,"
	" oi_timestamp TEXT NOT NULL,"
	" oi_metadata BLOB NOT NULL,"
	" oi_media_type TEXT DEFAULT NULL,"
	" oi_major_mime TEXT NOT NULL DEFAULT 'unknown',"
	" oi_minor_mime TEXT NOT NULL DEFAULT 'unknown',"
	" oi_deleted INTEGER NOT NULL DEFAULT 0,"
	" oi_sha1 TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX oi_actor_timestamp ON oldimage (oi_actor, oi_timestamp);\n"
	"CREATE INDEX oi_name_timestamp ON oldimage (oi_name, oi_timestamp);\n"
	"CREATE INDEX oi_name_archive_name ON oldimage (oi_name, oi_archive_name);\n"
	"CREATE INDEX oi_sha1 ON oldimage (oi_sha1);\n"
	"CREATE INDEX oi_timestamp ON oldimage (oi_timestamp);\n"
	"CREATE TABLE filearchive ("
	" fa_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" fa_name TEXT NOT NULL DEFAULT '',"
	" fa_archive_name TEXT DEFAULT '',"
	" fa_storage_group TEXT DEFAULT NULL,"
	" fa_storage_key TEXT DEFAULT '',"
	" fa_deleted_user INTEGER DEFAULT NULL,"
	" fa_deleted_timestamp TEXT DEFAULT NULL,"
	" fa_deleted_reason_id INTEGER NOT NULL,"
	" fa_size INTEGER DEFAULT 0,"
	" fa_width INTEGER DEFAULT 0,"
	" fa_height INTEGER DEFAULT 0,"
	" fa_metadata BLOB DEFAULT NULL,"
	" fa_bits INTEGER DEFAULT 0,"
	" fa_media_type TEXT DEFAULT NULL,"
	" fa_major_mime TEXT DEFAULT 'unknown',"
	" fa_minor_mime TEXT DEFAULT 'unknown',"
	" fa_description_id INTEGER NOT NULL,"
	" fa_actor INTEGER NOT NULL,"
	" fa_timestamp TEXT DEFAULT NULL,"
	" fa_deleted INTEGER NOT NULL DEFAULT 0,"
	" fa_sha1 TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX fa_name ON filearchive (fa_name, fa_timestamp);\n"
	"CREATE INDEX fa_storage_group ON filearchive (fa_storage_group, fa_storage_key);\n"
	"CREATE INDEX fa_deleted_timestamp ON filearchive (fa_deleted_timestamp);\n"
	"CREATE INDEX fa_actor_timestamp ON filearchive (fa_actor, fa_timestamp);\n"
	"CREATE INDEX fa_sha1 ON filearchive (fa_sha1);\n"
	"CREATE TABLE uploadstash ("
	" us_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" us_user INTEGER NOT NULL,"
	" us_key TEXT NOT NULL,"
	" us_orig_path TEXT NOT NULL,"
	" us_path TEXT NOT NULL,"
	" us_source_type TEXT DEFAULT NULL,"
	" us_timestamp TEXT NOT NULL,"
	" us_status TEXT NOT NULL,"
	" us_chunk_inx INTEGER DEFAULT NULL,"
	" us_props BLOB DEFAULT NULL,"
	" us_size INTEGER NOT NULL,"
	" us_sha1 TEXT NOT NULL,"
	" us_mime TEXT DEFAULT NULL,"
	" us_media_type TEXT DEFAULT NULL,"
	" us_image_width INTEGER DEFAULT NULL,"
	" us_image_height INTEGER DEFAULT NULL,"
	" us_image_bits INTEGER DEFAULT NULL);\n"
	"CREATE INDEX us_user ON uploadstash (us_user);\n"
	"CREATE UNIQUE INDEX us_key ON uploadstash (us_key);\n"
	"CREATE INDEX us_timestamp ON uploadstash (us_timestamp);\n"

	/* Site statistics: one row, ss_row_id = 1. */
	"CREATE TABLE site_stats ("
	" ss_row_id INTEGER PRIMARY KEY,"
	" ss_total_edits INTEGER DEFAULT NULL,"
	" ss_good_articles INTEGER DEFAULT NULL,"
	" ss_total_pages INTEGER DEFAULT NULL,"
	" ss_users INTEGER DEFAULT NULL,"
	" ss_active_users INTEGER DEFAULT NULL,"
	" ss_images INTEGER DEFAULT NULL);\n"

	/* Full-text search: rowid = si_page; unicode61 folds case and diacritics. */
	"CREATE VIRTUAL TABLE searchindex USING fts5("
	" si_title, si_text, tokenize = 'unicode61 remove_diacritics 2');\n"

	/* wikid's own settings kept in the database (secret key, install state). */
	"CREATE TABLE wikid_meta ("
	" name TEXT PRIMARY KEY,"
	" value TEXT NOT NULL);\n";

/* ---------- 0002: fixed rows every wiki starts with ---------- */

static const char m0002_sqlite[] =
	/* The main slot is role 1, as in every MediaWiki install. */
	"INSERT INTO slot_roles (role_id, role_name) VALUES (1, 'main');\n"
	/* The content models core knows, in a fixed order so ids are stable. */
	"INSERT INTO content_models (model_id, model_name) VALUES"
	" (1, 'wikitext'), (2, 'javascript'), (3, 'css'), (4, 'json'), (5, 'text');\n"
	"INSERT INTO site_stats (ss_row_id, ss_total_edits, ss_good_articles, ss_total_pages,"
	" ss_users, ss_active_users, ss_images) VALUES (1, 0, 0, 0, 0, 0, 0);\n";

/* ---------- 0003: rate-limit counters ---------- */

static const char m0003_sqlite[] =
	/*
	 * $wgRateLimits counters (wiki/ratelimit.c), one row per action,
	 * limit kind, entity and time window; wl_expiry is the window's end,
	 * after which the row is dead and purged.
	 */
	"CREATE TABLE wikid_limiter ("
	" wl_key TEXT PRIMARY KEY,"
	" wl_count INTEGER NOT NULL,"
	" wl_expiry TEXT NOT NULL);\n"
	"CREATE INDEX wl_expiry ON wikid_limiter (wl_expiry);\n";

/* ---------- 0004: Content Security Policy reports ---------- */

static const char m0004_sqlite[] =
	/*
	 * Reports browsers sent to action=cspreport (api/modules/cspreport.c),
	 * newest last; the module keeps the latest 1000. csp_report is the
	 * body as received (at most 8192 bytes); the other columns are the
	 * report's main fields, for reading them without parsing JSON.
	 */
	"CREATE TABLE wikid_cspreport ("
	" csp_id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" csp_timestamp TEXT NOT NULL,"
	" csp_source TEXT NOT NULL DEFAULT '',"
	" csp_reportonly INTEGER NOT NULL DEFAULT 0,"
	" csp_document_uri TEXT NOT NULL DEFAULT '',"
	" csp_violated_directive TEXT NOT NULL DEFAULT '',"
	" csp_blocked_uri TEXT NOT NULL DEFAULT '',"
	" csp_user_agent TEXT NOT NULL DEFAULT '',"
	" csp_report TEXT NOT NULL DEFAULT '');\n";

/* ---------- 0005: PostgreSQL indexes in SQLite's order ---------- */

/*
 * An SQLite index ends with the rowid, which is the id of these tables
 * (rc_id, rev_id, log_id), so `ORDER BY x_timestamp, x_id` walks an
 * index on the timestamp alone. A PostgreSQL index holds only its
 * columns: with many rows of one second (bots, imports, the benchmark's
 * edits) the lists sorted every matching row, and list=recentchanges got
 * slower as the table grew. The id is appended where it is the order's
 * tie-break; SQLite has nothing to do.
 */
static const char m0005_sqlite[] = "-- SQLite indexes end with the rowid already\n";

static const char m0005_pg[] =
	"DROP INDEX rc_timestamp;\n"
	"CREATE INDEX rc_timestamp ON recentchanges (rc_timestamp, rc_id);\n"
	"DROP INDEX rev_timestamp;\n"
	"CREATE INDEX rev_timestamp ON revision (rev_timestamp, rev_id);\n"
	"DROP INDEX rev_page_timestamp;\n"
	"CREATE INDEX rev_page_timestamp ON revision (rev_page, rev_timestamp, rev_id);\n"
	"DROP INDEX log_times;\n"
	"CREATE INDEX log_times ON logging (log_timestamp, log_id);\n";

/* ---------- 0006: covering indexes for the long lists ---------- */

/*
 * list=recentchanges, list=allrevisions and list=usercontribs walk these
 * indexes in time order and read hundreds of rows per request. With the
 * columns those lists show in the index itself, each row comes from the
 * index entry alone, without a lookup of the table row (SQLite: the
 * bench's rc500 from 4.87M to 4.26M instructions per request, uc500 from
 * 4.35M to 3.77M, arv500 from 4.09M to 3.62M, callgrind). The id comes
 * right after the timestamp, so `ORDER BY x_timestamp, x_id` still walks
 * the index. rev_sha1 (31 bytes) is left out: it is read only for
 * rvprop/arvprop=sha1. On PostgreSQL the extra columns are INCLUDEd:
 * the keys stay (timestamp, id) as migration 5 made them.
 */
static const char m0006_sqlite[] =
	"DROP INDEX rc_timestamp;\n"
	"CREATE INDEX rc_timestamp ON recentchanges (rc_timestamp, rc_id, rc_namespace, rc_title, rc_cur_id,"
	" rc_this_oldid, rc_last_oldid, rc_type, rc_minor, rc_bot, rc_new, rc_patrolled, rc_old_len, rc_new_len,"
	" rc_actor, rc_comment_id, rc_deleted);\n"
	"DROP INDEX rev_timestamp;\n"
	"CREATE INDEX rev_timestamp ON revision (rev_timestamp, rev_id, rev_page, rev_actor, rev_comment_id,"
	" rev_parent_id, rev_minor_edit, rev_len, rev_deleted);\n"
	"DROP INDEX rev_actor_timestamp;\n"
	"CREATE INDEX rev_actor_timestamp ON revision (rev_actor, rev_timestamp, rev_id, rev_page, rev_comment_id,"
	" rev_parent_id, rev_minor_edit, rev_len, rev_deleted);\n";

static const char m0006_pg[] =
	"DROP INDEX rc_timestamp;\n"
	"CREATE INDEX rc_timestamp ON recentchanges (rc_timestamp, rc_id) INCLUDE (rc_namespace, rc_title, rc_cur_id,"
	" rc_this_oldid, rc_last_oldid, rc_type, rc_minor, rc_bot, rc_new, rc_patrolled, rc_old_len, rc_new_len,"
	" rc_actor, rc_comment_id, rc_deleted);\n"
	"DROP INDEX rev_timestamp;\n"
	"CREATE INDEX rev_timestamp ON revision (rev_timestamp, rev_id) INCLUDE (rev_page, rev_actor, rev_comment_id,"
	" rev_parent_id, rev_minor_edit, rev_len, rev_deleted);\n"
	"DROP INDEX rev_actor_timestamp;\n"
	"CREATE INDEX rev_actor_timestamp ON revision (rev_actor, rev_timestamp, rev_id) INCLUDE (rev_page,"
	" rev_comment_id, rev_parent_id, rev_minor_edit, rev_len, rev_deleted);\n";

/* ---------- 0007: the flag columns of the long lists are small ---------- */

/*
 * MediaWiki declares these columns tinyint unsigned (0..255), and wikid
 * writes only such values (types, booleans, revision-deletion bits,
 * patrol states). On PostgreSQL a CHECK makes it a guarantee, so the
 * backend may fetch several of them as one integer, 8 bits each
 * (pg_sql.c): the server prints one value instead of up to seven, for
 * each of the hundreds of rows of list=recentchanges, list=usercontribs
 * and list=allrevisions. SQLite reads each column in place and has
 * nothing to gain.
 */
static const char m0007_sqlite[] = "-- SQLite reads each column in place: nothing to pack\n";

static const char m0007_pg[] =
	"ALTER TABLE recentchanges ADD CONSTRAINT rc_small_columns CHECK (rc_type BETWEEN 0 AND 255"
	" AND rc_minor BETWEEN 0 AND 255 AND rc_bot BETWEEN 0 AND 255 AND rc_new BETWEEN 0 AND 255"
	" AND rc_patrolled BETWEEN 0 AND 255 AND rc_deleted BETWEEN 0 AND 255);\n"
	"ALTER TABLE revision ADD CONSTRAINT rev_small_columns CHECK (rev_minor_edit BETWEEN 0 AND 255"
	" AND rev_deleted BETWEEN 0 AND 255);\n";

/* ---------- 0008: the checks of migration 7, cheaper to run ---------- */

/*
 * PostgreSQL reads a CHECK's expression from its stored text and
 * prepares it for every INSERT or UPDATE statement it runs on the table:
 * migration 7's twelve comparisons cost about 150K instructions per
 * INSERT into recentchanges (callgrind), half an edit's row there. The
 * same condition as one expression: the columns OR'ed, no bit from 8 up
 * (a negative value has them all): about 58K.
 */
static const char m0008_sqlite[] = "-- nothing checked on SQLite (migration 7)\n";

static const char m0008_pg[] =
	"ALTER TABLE recentchanges DROP CONSTRAINT rc_small_columns;\n"
	"ALTER TABLE recentchanges ADD CONSTRAINT rc_small_columns"
	" CHECK ((rc_type | rc_minor | rc_bot | rc_new | rc_patrolled | rc_deleted) >> 8 = 0);\n"
	"ALTER TABLE revision DROP CONSTRAINT rev_small_columns;\n"
	"ALTER TABLE revision ADD CONSTRAINT rev_small_columns CHECK ((rev_minor_edit | rev_deleted) >> 8 = 0);\n";

/* ---------- 0009: the id columns of the long lists fit in 32 bits ---------- */

/*
 * MediaWiki declares ids int unsigned (0..4294967295): the ids, pages,
 * revisions, actors and comments a row of recentchanges or revision
 * names. On PostgreSQL a CHECK makes it a guarantee, so the backend may
 * fetch two of them as one integer, 32 bits each (pg_sql.c): the server
 * prints one value instead of two for each of the hundreds of rows of
 * list=recentchanges, list=usercontribs and list=allrevisions. The CHECK
 * is added to the one of migration 8 rather than beside it: PostgreSQL
 * prepares every CHECK of a table for each INSERT or UPDATE statement,
 * and one expression costs less than two. Nothing to do on SQLite.
 */
static const char m0009_sqlite[] = "-- SQLite reads each column in place: nothing to pack\n";

static const char m0009_pg[] =
	"ALTER TABLE recentchanges DROP CONSTRAINT rc_small_columns;\n"
	"ALTER TABLE recentchanges ADD CONSTRAINT rc_packed_columns"
	" CHECK ((rc_type | rc_minor | rc_bot | rc_new | rc_patrolled | rc_deleted) >> 8 = 0"
	" AND (rc_id | rc_cur_id | rc_this_oldid | rc_last_oldid | rc_actor | rc_comment_id) >> 32 = 0);\n"
	"ALTER TABLE revision DROP CONSTRAINT rev_small_columns;\n"
	"ALTER TABLE revision ADD CONSTRAINT rev_packed_columns CHECK ((rev_minor_edit | rev_deleted) >> 8 = 0"
	" AND (rev_id | rev_page | rev_actor | rev_comment_id) >> 32 = 0);\n";

const struct store_migration store_migrations[] = {
	{ 1, "mediawiki table model", { [STORE_SQLITE] = m0001_sqlite } },
	{ 2, "name tables and site_stats row", { [STORE_SQLITE] = m0002_sqlite } },
	{ 3, "rate-limit counters", { [STORE_SQLITE] = m0003_sqlite } },
	{ 4, "content security policy reports", { [STORE_SQLITE] = m0004_sqlite } },
	{ 5, "timestamp indexes end with the id on PostgreSQL",
	  { [STORE_SQLITE] = m0005_sqlite, [STORE_PG] = m0005_pg } },
	{ 6, "covering indexes for the long lists", { [STORE_SQLITE] = m0006_sqlite, [STORE_PG] = m0006_pg } },
	{ 7, "small flag columns checked on PostgreSQL", { [STORE_SQLITE] = m0007_sqlite, [STORE_PG] = m0007_pg } },
	{ 8, "cheaper checks of the small flag columns", { [STORE_SQLITE] = m0008_sqlite, [STORE_PG] = m0008_pg } },
	{ 9, "id columns of the long lists checked on PostgreSQL",
	  { [STORE_SQLITE] = m0009_sqlite, [STORE_PG] = m0009_pg } },
};

const size_t store_n_migrations = ARRAY_SIZE(store_migrations);
