/* SPDX-License-Identifier: MIT */
/*
 * rollback.c — reverting the latest run of edits of one user on a page,
 * as MediaWiki's RollbackPage: the page's latest revision must be by
 * that user (else "alreadyrolled"); the newest revision by anyone else
 * is the target (none: "onlyauthor"; its text or author hidden:
 * "notvisiblerev"); its text and content model are saved as a new
 * revision tagged mw-rollback, minor when the performer may make minor
 * edits, a bot edit when asked and allowed. The reverted edits' recent
 * changes become autopatrolled (MediaWiki's $wgUseRCPatrol is on) and,
 * with markbot, bot edits. A content model change is logged as
 * contentmodel/change. All inside the caller's write transaction.
 */
#include "wiki.h"

#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/sbuf.h"

/* rev_deleted bits (RevisionRecord::DELETED_*). */
enum { DEL_TEXT = 1, DEL_USER = 4 };

/* A cap on the filled summary; the comment store shortens what it keeps anyway. */
#define SUMMARY_MAX (64 * 1024)

/* One revision's author, timestamp and deletion bits. */
struct rb_rev {
	int64_t id;        /* rev_id, 0 when none */
	int64_t actor;     /* rev_actor */
	const char *user;  /* actor_name */
	const char *ts;    /* rev_timestamp, 14 digits */
	int64_t deleted;   /* rev_deleted */
};

/* Read the row of `sql` (rev_id, rev_actor, actor_name, rev_timestamp, rev_deleted) into *r. */
static int read_rev(struct store *st, struct arena *a, struct rb_rev *r, const char *sql, const char *types,
		    int64_t x, int64_t y)
{
	memset(r, 0, sizeof(*r));
	struct store_stmt *s = store_prepare(st, sql);
	if (!s)
		return RC_ERR;
	store_bindv(s, types, x, y);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		r->id = store_col_int(s, 0);
		r->actor = store_col_int(s, 1);
		r->user = store_col_dup(s, a, 2);
		r->ts = store_col_dup(s, a, 3);
		r->deleted = store_col_int(s, 4);
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_OK;
	}
	store_stmt_done(s);
	return rc;
}

#define REV_COLS "SELECT rev_id, rev_actor, actor_name, rev_timestamp, rev_deleted FROM revision" \
		 " JOIN actor ON actor_id = rev_actor"

/* A 14-digit timestamp as the content language writes a date and time: "19:07, 2 December 2026". */
static const char *human_time(struct arena *a, const char *ts)
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	int y, mo, d, h, mi;
	if (!ts || sscanf(ts, "%4d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi) != 5 || mo < 1 || mo > 12)
		return "";
	return arena_printf(a, "%02d:%02d, %d %s %d", h, mi, d, months[mo - 1], y);
}

/*
 * `tmpl` with $1..$6 replaced by `args` (RawMessage's plain
 * substitution: a missing argument leaves the $n as it is), trimmed of
 * spaces at both ends as the summary is.
 */
static const char *fill_summary(struct arena *a, const char *tmpl, const char *const args[6])
{
	struct sbuf b;
	sbuf_init(&b, SUMMARY_MAX);
	for (const char *p = tmpl; *p; p++) {
		if (*p == '$' && p[1] >= '1' && p[1] <= '6' && args[p[1] - '1']) {
			sbuf_adds(&b, args[p[1] - '1']);
			p++;
		} else {
			sbuf_addc(&b, *p);
		}
	}
	const char *s = sbuf_cstr(&b);
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	char *out = arena_strndup(a, s, n);
	sbuf_release(&b);
	return out;
}

int wiki_page_rollback(struct store *st, struct arena *a, struct wiki_rollback *rb)
{
	rb->outcome = WIKI_RB_DONE;
	struct wiki_page pg;
	int rc = wiki_page_load(st, a, rb->title->ns, rb->title->dbkey, &pg);
	if (rc != RC_OK)
		return rc;
	if (!pg.id) {
		rb->outcome = WIKI_RB_MISSING;
		return RC_OK;
	}
	rb->page_id = pg.id;
	struct rb_rev cur, target;
	rc = read_rev(st, a, &cur, REV_COLS " WHERE rev_id = ?", "i", pg.latest, 0);
	if (rc != RC_OK)
		return rc;
	rb->old_rev = cur.id;
	rb->current_user = cur.deleted & DEL_USER ? "" : cur.user;
	if (!cur.id || !streq(cur.user, rb->by)) {
		rb->outcome = WIKI_RB_ALREADYROLLED;
		return RC_OK;
	}
	/* The last revision by someone else: newest first, as MediaWiki orders by timestamp then id. */
	rc = read_rev(st, a, &target, REV_COLS " WHERE rev_page = ? AND rev_actor != ?"
			 " ORDER BY rev_timestamp DESC, rev_id DESC LIMIT 1", "ii", pg.id, cur.actor);
	if (rc != RC_OK)
		return rc;
	if (!target.id) {
		rb->outcome = WIKI_RB_ONLYAUTHOR;
		return RC_OK;
	}
	if (target.deleted & (DEL_TEXT | DEL_USER)) {
		rb->outcome = WIKI_RB_NOTVISIBLE;
		return RC_OK;
	}
	rb->last_rev = target.id;
	const char *text, *model;
	size_t len;
	rc = wiki_revision_text(st, a, target.id, &text, &len, &model);
	if (rc != RC_OK)
		return rc;
	if (!model)
		model = wiki_default_model(rb->title->ns, rb->title->dbkey);

	const char *tmpl = rb->summary && *rb->summary ? rb->summary
			   : cur.deleted & DEL_USER        ? rb->msg_nouser
							   : rb->msg_revert;
	const char *args[6] = {
		target.deleted & DEL_USER ? NULL : target.user, cur.deleted & DEL_USER ? NULL : cur.user,
		arena_printf(a, "%lld", (long long)target.id), human_time(a, target.ts),
		arena_printf(a, "%lld", (long long)cur.id), human_time(a, cur.ts),
	};
	rb->summary_out = fill_summary(a, tmpl, args);

	/*
	 * The reverted edits: patrolled (autopatrolled) and, with markbot,
	 * bot edits. MediaWiki does this even when the save then fails.
	 * Those after the target by time, or by revision id for edits made
	 * within the target's second.
	 */
	rc = store_run(st, rb->bot ? "UPDATE recentchanges SET rc_patrolled = 2, rc_bot = 1 WHERE rc_cur_id = ?"
				     " AND (rc_timestamp > ? OR rc_this_oldid > ?) AND rc_actor = ?"
				   : "UPDATE recentchanges SET rc_patrolled = 2 WHERE rc_cur_id = ?"
				     " AND (rc_timestamp > ? OR rc_this_oldid > ?) AND rc_actor = ?",
		       "itii", pg.id, target.ts, target.id, cur.actor);
	if (rc != RC_OK)
		return rc;
	const char *cur_model = pg.model ? pg.model : wiki_default_model(rb->title->ns, rb->title->dbkey);
	if (len == pg.text_len && memcmp(text, pg.text, len) == 0 && streq(model, cur_model)) {
		/* Nothing to save: the page already reads as the target revision. */
		rb->outcome = WIKI_RB_ALREADYROLLED;
		return RC_OK;
	}

	size_t n_tags = 0;
	while (rb->tags && rb->tags[n_tags])
		n_tags++;
	const char **tags = arena_calloc(a, n_tags + 2, sizeof(*tags));
	for (size_t i = 0; i < n_tags; i++)
		tags[i] = rb->tags[i];
	tags[n_tags] = "mw-rollback";
	struct wiki_edit e = {
		.title = rb->title, .user = rb->user, .old = &pg, .text = text, .len = len, .model = model,
		.summary = rb->summary_out, .minor = wiki_user_can(rb->user, "minoredit"), .bot = rb->bot,
		.tags = tags, .no_autosummary = true,
	};
	rc = wiki_page_save(st, a, &e);
	if (rc != RC_OK)
		return rc;
	rb->new_rev = e.rev_id;
	if (!streq(model, cur_model)) {
		struct wiki_pvalue items[2] = {
			{ .type = WIKI_PV_STRING, .key = "4::oldmodel", .s = cur_model, .len = strlen(cur_model) },
			{ .type = WIKI_PV_STRING, .key = "5::newmodel", .s = model, .len = strlen(model) },
		};
		struct wiki_pvalue params = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 2 };
		struct wiki_log_entry le = {
			.type = "contentmodel", .action = "change", .user_id = rb->user->id, .user_name = rb->user->name,
			.ns = rb->title->ns, .dbkey = rb->title->dbkey, .page_id = pg.id, .comment = rb->summary_out,
			.params = &params, .rc_autopatrol = wiki_user_can(rb->user, "autopatrol"),
			.ip = rb->user->ip,
		};
		rc = wiki_log_add(st, a, &le, NULL);
	}
	return rc;
}
