/* SPDX-License-Identifier: MIT */
/*
 * page.c — the save path of pages: read a page with its latest text,
 * and write a new revision with everything MediaWiki writes beside it
 * (content, comment, actor, slot, page row, redirect row, recent-changes
 * row, change tags, edit count, site statistics, the creation log, the
 * search index) and
 * the notification timestamps of the page's other watchers.
 *
 * Callers own the transaction: wiki_page_load() and wiki_page_save() run
 * inside the caller's store_begin() … store_commit(), so one edit is one
 * atomic, durable write. MediaWiki's automatic edit summaries and change
 * tags (new/changed/removed redirect, blanking, replacing) are decided
 * here, with our own wording for the summaries.
 */
#include "wiki.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../parser/wt.h"
#include "../store/store.h"
#include "../util/config.h"
#include "title.h"

/* Bytes of a comment; automatic summaries quote the text within this. */
#define COMMENT_MAX 500

/* Most localized synonyms of #REDIRECT looked at (a language and its fallbacks have a few). */
#define REDIRECT_SYNONYMS_MAX 16

size_t wiki_redirect_word(const char *p, size_t avail)
{
	if (avail >= 9 && strncasecmp(p, "#REDIRECT", 9) == 0)
		return 9;
	const char *syn[REDIRECT_SYNONYMS_MAX];
	bool cs[REDIRECT_SYNONYMS_MAX];
	size_t n = wt_magic_synonyms(config.lang, "redirect", syn, cs, REDIRECT_SYNONYMS_MAX);
	size_t best = 0; /* the longest synonym that matches wins, as MagicWord's regex orders them */
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(syn[i]);
		if (len <= best || len > avail || strnlen(p, len) < len)
			continue;
		if (strncmp(p, syn[i], len) == 0) {
			best = len;
			continue;
		}
		char a[256], b[256];
		int la = wiki_fold_lower(p, len, a, sizeof(a), false), lb = wiki_fold_lower(syn[i], len, b, sizeof(b), false);
		if (la >= 0 && la == lb && memcmp(a, b, (size_t)la) == 0)
			best = len;
	}
	return best;
}

const char *wiki_redirect_target(struct arena *a, const char *text)
{
	const char *p = text;
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	size_t skip = wiki_redirect_word(p, strlen(p));
	if (!skip)
		return NULL;
	p += skip;
	while (*p == ' ' || *p == '\t' || *p == ':')
		p++;
	if (p[0] != '[' || p[1] != '[')
		return NULL;
	p += 2;
	const char *e = strstr(p, "]]");
	if (!e)
		return NULL;
	const char *bar = memchr(p, '|', (size_t)(e - p));
	const char *nl = memchr(p, '\n', (size_t)(e - p));
	if (nl || (bar ? bar : e) == p)
		return NULL;
	return arena_strndup(a, p, (size_t)((bar ? bar : e) - p));
}

int wiki_revision_text(struct store *st, struct arena *a, int64_t rev, const char **text, size_t *len,
		       const char **model)
{
	return store_rev_text(st, a, rev, text, len, model);
}

int wiki_page_load(struct store *st, struct arena *a, int ns, const char *dbkey, struct wiki_page *p)
{
	memset(p, 0, sizeof(*p));
	p->ns = ns;
	p->dbkey = dbkey;
	p->text = "";
	/* The latest revision's text in the same query: one round trip to a database server, not two. */
	struct store_stmt *s = store_prepare(st,
		"SELECT page_id, page_latest, page_len, page_content_model, page_is_redirect, rev_timestamp, "
		STORE_REV_TEXT_COLS " FROM page LEFT JOIN revision ON rev_id = page_latest"
		STORE_REV_TEXT_JOINS("page_latest") " WHERE page_namespace = ? AND page_title = ?");
	if (!s)
		return RC_ERR;
	store_bindv(s, "dt", ns, dbkey);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		p->id = store_col_int(s, 0);
		p->latest = store_col_int(s, 1);
		p->len = store_col_int(s, 2);
		p->model = store_col_dup(s, a, 3);
		p->is_redirect = store_col_int(s, 4) != 0;
		p->latest_ts = store_col_dup(s, a, 5);
		rc = p->id ? store_rev_text_row(st, s, 6, a, &p->text, &p->text_len, NULL) : RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_OK;
	}
	store_stmt_done(s);
	return rc;
}

/*
 * `fmt` with its one "%s" filled by `text` with newlines as spaces, cut
 * at a character boundary (marked "...") so the whole fits COMMENT_MAX.
 */
static const char *quote_cut(struct arena *a, const char *fmt, const char *text)
{
	size_t room = COMMENT_MAX - (strlen(fmt) - 2), len = strlen(text);
	bool cut = len > room;
	if (cut) {
		len = room - 3;
		while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	char *q = arena_strndup(a, text, len);
	for (char *c = q; *c; c++)
		if (*c == '\n')
			*c = ' ';
	return arena_printf(a, fmt, cut ? arena_printf(a, "%s...", q) : q);
}

/*
 * The automatic summary of an edit from `old` (NULL or no id for a new
 * page) to `text`, as MediaWiki chooses it: redirect changes first, then
 * new page, blanking, and replacing most of a short result. "" when none
 * applies.
 */
static const char *auto_summary(struct arena *a, const struct wiki_page *old, const char *text, size_t len,
				const char *model)
{
	bool wt = streq(model, "wikitext");
	const char *ot = old && old->id && old->is_redirect ? wiki_redirect_target(a, old->text) : NULL;
	const char *nt = wt ? wiki_redirect_target(a, text) : NULL;
	if (nt && (!ot || !streq(ot, nt)))
		return ot ? arena_printf(a, "Redirect target changed from [[%s]] to [[%s]]", ot, nt)
			  : arena_printf(a, "Redirect to [[%s]]", nt);
	if (ot && !nt)
		return arena_printf(a, "No longer a redirect to [[%s]]", ot);
	if (!old || !old->id)
		return len ? quote_cut(a, "New page: \"%s\"", text) : "New empty page";
	if (old->text_len && !len)
		return "Removed all content";
	if (old->text_len > 10 * len && len < 500)
		return quote_cut(a, "All content replaced by \"%s\"", text);
	return "";
}

/*
 * The software change tag of the same edit, or NULL, in the order of
 * MediaWiki's ContentHandler::getChangeType(), which differs from the
 * summary's: blanking first, then redirect changes, nothing for a new
 * page, replacing most of the content (at any size), and last a change
 * of content model.
 */
static const char *auto_tag(struct arena *a, const struct wiki_page *old, const char *text, size_t len,
			    const char *model)
{
	bool exists = old && old->id;
	const char *ot = exists && old->is_redirect ? wiki_redirect_target(a, old->text) : NULL;
	const char *nt = streq(model, "wikitext") ? wiki_redirect_target(a, text) : NULL;
	if (exists && old->text_len && !len)
		return "mw-blank";
	if (nt && !ot)
		return "mw-new-redirect";
	if (nt && !streq(ot, nt))
		return "mw-changed-redirect-target";
	if (!nt && ot)
		return "mw-removed-redirect";
	if (!exists)
		return NULL;
	if (old->text_len > 10 * len)
		return "mw-replace";
	if (old->model && !streq(old->model, model))
		return "mw-contentmodelchange";
	return NULL;
}

/* A uniform random number in [0, 1) for page_random (list=random). */
static double page_random(void)
{
	unsigned char rb[4];
	util_random(rb, sizeof(rb));
	return (double)((uint32_t)rb[0] << 24 | (uint32_t)rb[1] << 16 | (uint32_t)rb[2] << 8 | rb[3]) / 4294967296.0;
}

int wiki_page_insert(struct store *st, int ns, const char *dbkey, int64_t want_id, const char *now, int64_t *page_id)
{
	int rc;
	if (want_id > 0)
		rc = store_run(st, "INSERT INTO page (page_id, page_namespace, page_title, page_is_redirect, page_is_new,"
				   " page_random, page_touched, page_latest, page_len) VALUES (?, ?, ?, 0, 1, ?, ?, 0, 0)",
			       "idtft", want_id, ns, dbkey, page_random(), now);
	else
		rc = store_run(st, "INSERT INTO page (page_namespace, page_title, page_is_redirect, page_is_new,"
				   " page_random, page_touched, page_latest, page_len) VALUES (?, ?, 0, 1, ?, ?, 0, 0)",
			       "dtft", ns, dbkey, page_random(), now);
	if (rc == RC_OK)
		*page_id = store_last_id(st);
	return rc;
}

int wiki_page_set_latest(struct store *st, struct arena *a, int64_t page_id, int64_t rev_id, const char *text,
			 size_t len, const char *model, bool is_new, const char *now)
{
	const char *rtarget = streq(model, "wikitext") ? wiki_redirect_target(a, text) : NULL;
	int rc = store_run_later(st, "UPDATE page SET page_latest = ?, page_len = ?, page_touched = ?, page_is_new = ?,"
			       " page_is_redirect = ?, page_content_model = ? WHERE page_id = ?",
			   "iitiiti", rev_id, (int64_t)len, now, (int64_t)is_new, (int64_t)(rtarget != NULL), model,
			   page_id);
	struct wiki_title rt;
	const char *err;
	if (rc == RC_OK && rtarget && wiki_title_parse(a, rtarget, 0, &rt, &err) == RC_OK)
		rc = store_run_later(st, "INSERT INTO redirect (rd_from, rd_namespace, rd_title, rd_interwiki, rd_fragment)"
				   " VALUES (?, ?, ?, ?, ?) ON CONFLICT (rd_from) DO UPDATE SET"
				   " rd_namespace = excluded.rd_namespace, rd_title = excluded.rd_title,"
				   " rd_interwiki = excluded.rd_interwiki, rd_fragment = excluded.rd_fragment",
			       "idttt", page_id, rt.ns, rt.dbkey, rt.interwiki, rt.fragment);
	else if (rc == RC_OK)
		rc = store_run_later(st, "DELETE FROM redirect WHERE rd_from = ?", "i", page_id);
	return rc;
}

bool wiki_page_countable(struct arena *a, int ns, const char *model, const char *text)
{
	return ns == WIKI_NS_MAIN && streq(model, "wikitext") && strstr(text, "[[") != NULL &&
	       !wiki_redirect_target(a, text);
}

/* True when `s` ends with `suffix` and has something before it. */
static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && memcmp(s + n - m, suffix, m) == 0;
}

const char *wiki_default_model(int ns, const char *dbkey)
{
	const struct wiki_ns *n = wiki_ns_get(ns);
	if (n && n->default_model)
		return n->default_model;
	/* Site pages and user subpages ending in .css/.js/.json hold code. */
	if (ns == WIKI_NS_MEDIAWIKI || (ns == WIKI_NS_USER && strchr(dbkey, '/'))) {
		if (ends_with(dbkey, ".css"))
			return "css";
		if (ends_with(dbkey, ".js"))
			return "javascript";
		if (ends_with(dbkey, ".json"))
			return "json";
	}
	return "wikitext";
}

int wiki_page_save(struct store *st, struct arena *a, struct wiki_edit *e)
{
	const struct wiki_page *old = e->old;
	bool is_new = !old->id;
	const char *summary = e->summary ? e->summary : "";
	const char *tag = auto_tag(a, old, e->text, e->len, e->model);
	if (!*summary && !e->no_autosummary)
		summary = auto_summary(a, old, e->text, e->len, e->model);

	int64_t actor = e->actor, cid = 0, content = 0, role = 0, page = old->id, rev = 0;
	bool minor = e->minor && !is_new;
	int rc = actor ? RC_OK : wiki_actor_id(st, e->user->id, e->user->name, &actor);
	if (rc == RC_OK)
		rc = wiki_comment_id(st, summary, &cid);
	if (rc == RC_OK)
		rc = store_content_put(st, e->model, e->text, e->len, &content);
	if (rc == RC_OK)
		rc = store_role_id(st, "main", &role);
	if (rc != RC_OK)
		return rc;

	wiki_timestamp_now(e->timestamp);
	const char *now = e->timestamp;
	char sha1[32];
	store_sha1_base36(e->text, e->len, sha1);
	if (is_new)
		rc = wiki_page_insert(st, e->title->ns, e->title->dbkey, 0, now, &page);
	if (rc == RC_OK) {
		rc = store_run(st,
			       "INSERT INTO revision (rev_page, rev_comment_id, rev_actor, rev_timestamp,"
			       " rev_minor_edit, rev_deleted, rev_len, rev_parent_id, rev_sha1)"
			       " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
			       "iiitiiit", page, cid, actor, now, (int64_t)minor, (int64_t)e->len, old->latest, sha1);
		rev = store_last_id(st);
	}
	if (rc == RC_OK)
		rc = store_run_later(st, "INSERT INTO slots (slot_revision_id, slot_role_id, slot_content_id,"
					 " slot_origin) VALUES (?, ?, ?, ?)", "iiii", rev, role, content, rev);
	if (rc == RC_OK)
		rc = wiki_page_set_latest(st, a, page, rev, e->text, e->len, e->model, is_new, now);
	bool autopatrol = wiki_user_can(e->user, "autopatrol");
	int64_t rc_id = 0;
	if (rc == RC_OK && !e->no_rc) {
		rc = store_run(st,
			       "INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_namespace, rc_title,"
			       " rc_comment_id, rc_minor, rc_bot, rc_new, rc_cur_id, rc_this_oldid, rc_last_oldid,"
			       " rc_type, rc_source, rc_patrolled, rc_ip, rc_old_len, rc_new_len)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       "tidtiiiiiiiitdtii", now, actor, e->title->ns, e->title->dbkey, cid, (int64_t)minor,
			       (int64_t)e->bot, (int64_t)is_new, page, rev, old->latest, (int64_t)(is_new ? 1 : 0),
			       is_new ? "mw.new" : "mw.edit", autopatrol ? 2 : 0,
			       e->user->ip ? e->user->ip : e->user->id ? "" : e->user->name,
			       (int64_t)old->text_len, (int64_t)e->len);
		rc_id = store_last_id(st);
	}
	/* Other watchers who had seen the page now have a change to see ($wgShowUpdatedMarker). */
	if (rc == RC_OK && !e->no_rc)
		rc = wiki_watch_page_changed(st, e->user->id, e->title->ns, e->title->dbkey, now);
	if (rc == RC_OK)
		rc = wiki_newtalk_on_edit(st, a, e->title, e->user, minor, rev);
	int64_t log_id = 0;
	if (rc == RC_OK && is_new && !e->no_creation_log) {
		/* MediaWiki logs every page creation ("create" log), without a recent-changes row of its own. */
		struct wiki_log_entry le = {
			.type = "create", .action = "create", .user_id = e->user->id, .user_name = e->user->name,
			.actor_id = actor, .ns = e->title->ns, .dbkey = e->title->dbkey, .page_id = page,
			.comment = summary, .timestamp = now, .no_rc = true, .assoc_rev_id = rev,
		};
		rc = wiki_log_add(st, a, &le, &log_id);
	}
	/*
	 * The edit's tags. ChangeTags finds the creation log entry through its
	 * associated revision, so on a new page the same rows carry the log id
	 * too and list=logevents shows the tags (mw-new-redirect...) as well.
	 */
	if (rc == RC_OK && tag)
		rc = wiki_tag_apply(st, tag, rc_id, rev, log_id);
	for (size_t i = 0; rc == RC_OK && e->tags && e->tags[i]; i++)
		if (!tag || !streq(e->tags[i], tag))
			rc = wiki_tag_apply(st, e->tags[i], rc_id, rev, log_id);
	if (rc == RC_OK && e->user->id)
		rc = store_run_later(st, "UPDATE \"user\" SET user_editcount = COALESCE(user_editcount, 0) + 1"
					 " WHERE user_id = ?", "i", e->user->id);
	if (rc == RC_OK) {
		bool was = !is_new && wiki_page_countable(a, e->title->ns, old->model ? old->model : e->model, old->text);
		bool now_counts = wiki_page_countable(a, e->title->ns, e->model, e->text);
		rc = store_run_later(st, "UPDATE site_stats SET ss_total_edits = ss_total_edits + 1,"
					 " ss_total_pages = ss_total_pages + ?,"
					 " ss_good_articles = COALESCE(ss_good_articles, 0) + ? WHERE ss_row_id = 1",
				     "ii", (int64_t)is_new, (int64_t)now_counts - (int64_t)was);
	}
	/* The search index and the link tables follow the page in the same transaction. */
	if (rc == RC_OK)
		rc = wiki_search_index(st, a, page, e->title->ns, e->title->dbkey, e->text, e->len);
	if (rc == RC_OK && !e->no_links && e->rendered)
		rc = wiki_links_update(st, a, page, e->title->ns, e->title->dbkey, e->rendered, now);
	else if (rc == RC_OK && !e->no_links)
		rc = wiki_links_refresh(st, a, e->title, page, rev, e->text, e->len, e->model, now, now);
	/* Pages using or linking to this one follow through the job queue. */
	if (rc == RC_OK && !e->no_links)
		rc = wiki_jobs_title_changed(st, e->title->ns, e->title->dbkey, is_new ? WIKI_JOBS_CREATE : WIKI_JOBS_EDIT);
	e->page_id = page;
	e->rev_id = rev;
	e->rc_id = rc_id;
	return rc;
}

/* In MediaWiki's registration order, which its badvalue errors list (paraminfo sorts them). */
const char *const wiki_content_models[] = { "wikitext", "javascript", "json", "css", "text", "unknown", NULL };

const char *wiki_text_normalize(struct arena *a, const char *s, size_t len, size_t *out_len)
{
	char *o = arena_alloc(a, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			o[n++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else {
			o[n++] = s[i];
		}
	}
	/* PHP's rtrim(): space, tab, newline, CR (already newlines), NUL and vertical tab. */
	while (n && (o[n - 1] == ' ' || o[n - 1] == '\t' || o[n - 1] == '\n' || o[n - 1] == '\v' || o[n - 1] == '\0'))
		n--;
	o[n] = '\0';
	*out_len = n;
	return o;
}

/* As the models: MediaWiki's order. */
const char *const wiki_content_formats[] = {
	"text/x-wiki", "text/javascript", "application/json", "text/css", "text/plain",
	"application/octet-stream", "application/unknown", "application/x-binary", "text/unknown", "unknown/unknown", NULL
};

const char *wiki_model_format(const char *model)
{
	if (streq(model, "css"))
		return "text/css";
	if (streq(model, "javascript"))
		return "text/javascript";
	if (streq(model, "json"))
		return "application/json";
	if (streq(model, "text"))
		return "text/plain";
	return "text/x-wiki";
}

int wiki_revision_null(struct store *st, struct arena *a, int64_t page_id, const struct wiki_user *user,
		       const char *comment, bool minor, int64_t *rev_id, int64_t *parent_id)
{
	int64_t latest = 0, len = 0, actor = 0, cid = 0;
	char *sha1 = NULL;
	int rc = store_query_int(st, &latest, "SELECT page_latest FROM page WHERE page_id = ?", "i", page_id);
	if (rc == RC_OK)
		rc = store_query_int(st, &len, "SELECT COALESCE(rev_len, 0) FROM revision WHERE rev_id = ?", "i", latest);
	if (rc == RC_OK)
		rc = store_query_text(st, a, &sha1, "SELECT rev_sha1 FROM revision WHERE rev_id = ?", "i", latest);
	if (rc == RC_OK)
		rc = wiki_actor_id(st, user->id, user->name, &actor);
	if (rc == RC_OK)
		rc = wiki_comment_id(st, comment, &cid);
	if (rc != RC_OK)
		return rc;
	char now[15];
	wiki_timestamp_now(now);
	rc = store_run(st, "INSERT INTO revision (rev_page, rev_comment_id, rev_actor, rev_timestamp, rev_minor_edit,"
			   " rev_deleted, rev_len, rev_parent_id, rev_sha1) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
		       "iiitiiit", page_id, cid, actor, now, (int64_t)minor, len, latest, sha1 ? sha1 : "");
	int64_t rev = store_last_id(st);
	/* The same content: the slots point at the previous revision's content rows and origins. */
	if (rc == RC_OK)
		rc = store_run(st, "INSERT INTO slots (slot_revision_id, slot_role_id, slot_content_id, slot_origin)"
				   " SELECT ?, slot_role_id, slot_content_id, slot_origin FROM slots"
				   " WHERE slot_revision_id = ?", "ii", rev, latest);
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE page SET page_latest = ?, page_touched = ?, page_is_new = 0 WHERE page_id = ?",
			       "iti", rev, now, page_id);
	if (rc == RC_OK) {
		*rev_id = rev;
		if (parent_id)
			*parent_id = latest;
	}
	return rc;
}
