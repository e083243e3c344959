/* SPDX-License-Identifier: MIT */
/*
 * import.c — writing what reader.c reads into the wiki, as MediaWiki
 * 1.39's WikiImporter and ImportableOldRevisionImporter do:
 *
 *   - titles: the source wiki's namespace names (from <siteinfo>) split
 *     the title; a namespace number below 100 that exists here is kept,
 *     else a local namespace of the same name, else the whole title goes
 *     to the main namespace; or every page goes to one target namespace,
 *     or becomes a subpage of a root page. Invalid titles, interwiki
 *     titles and titles that cannot be pages are skipped;
 *   - revisions keep their timestamp, comment, minor flag and author;
 *     the author is "prefix>Name" unless the name is not a usable user
 *     name (an IP, "Unknown user" prefixed when there is none) or, with
 *     assign_known_users, an account of that name exists here. Revision
 *     and page ids are new ones, never the source's;
 *   - a revision that the page already has (same timestamp and SHA-1) is
 *     skipped, which makes re-running an import harmless: the command
 *     line resumes an interrupted import this way;
 *   - the parent of a revision is the page's newest revision not younger
 *     than it; when its text is the same, the slot is inherited (same
 *     content row, same origin);
 *   - the page row follows the newest revision: a revision older than
 *     the page's latest is stored without becoming current;
 *   - site statistics count the revisions that became current, new
 *     pages, and the change of the page's article status;
 *   - through the API (not the command line) each page that received
 *     revisions gets MediaWiki's null revision by the importing user and
 *     an "import" log entry (upload or interwiki) published to recent
 *     changes.
 * The search index follows each page's current text. Link tables are
 * not written here: each page with a new current revision gets a
 * refreshLinks job, which the server's job runner does after an
 * action=import and the command line right after its import.
 *
 * Transactions: the API commits after each page; the command line
 * commits every batch_revisions revisions (at a page end), so an
 * interruption loses at most one batch, which the next run imports.
 *
 * On the command line a second thread reads the dump and prepares the
 * texts while this one writes (see "the reader thread" below).
 */
#include "dump.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../util/timestamp.h"
#include "../wiki/wiki.h"

/* Longest actor name (MediaWiki cuts "prefix>Name" to 255 bytes). */
#define ACTOR_NAME_MAX 255

/*
 * Authors remembered with their actor: dumps name the same few authors
 * again and again, and each lookup costs name checks and two queries.
 */
#define AUTHOR_CACHE 64

/* One remembered author. */
struct author {
	char *key;     /* 'u' or 'i' (user name or IP) then the name, as the dump has it (xmalloc'd); NULL: free */
	int64_t actor; /* its actor */
};

/* The page being imported. */
struct ipage {
	bool is_ok;             /* its revisions are imported */
	struct wiki_title t;    /* the local title */
	int64_t id;             /* page_id, 0 until created */
	bool existed;           /* the page was there before this import reached it */
	bool is_created;        /* this import made the page row */
	int64_t latest;         /* page_latest */
	char latest_ts[15];     /* its timestamp */
	int64_t latest_content; /* its main slot's content row, 0 when not known here */
	int64_t latest_origin;  /* that slot's origin */
	int64_t latest_model;   /* the content's model id */
	char latest_sha1[32];   /* the content's SHA-1 */
	bool was_countable;     /* an article before the import (site statistics) */
	bool is_countable;      /* an article with the current revision (known once one was imported) */
	int64_t n_seen;         /* revisions read for it */
	int64_t n_ok;           /* revisions stored */
	int64_t n_current;      /* revisions that became the current one */
};

struct importer {
	struct store *st;                  /* the database */
	const struct dump_import_opts *o;  /* options */
	struct arena *a;                   /* lives for the import: names, caches */
	struct arena *pa;                  /* lives for one page */
	struct arena *ra;                  /* lives for one revision */
	struct dump_import_stats *stats;   /* counters for the caller */
	/* The source wiki's namespaces, when <siteinfo> gave them. */
	bool has_siteinfo;                 /* a <siteinfo> was read */
	int *fns_ids;                      /* foreign namespace numbers */
	const char **fns_names;            /* their names */
	size_t n_fns;                      /* entries */
	struct ipage page;                 /* the current page */
	bool in_tx;                        /* a write transaction is open */
	int64_t tx_revs;                   /* revisions written in it */
	int64_t performer_actor;           /* API: the importing user's actor */
	struct author authors[AUTHOR_CACHE]; /* authors looked up, by what the dump names them */
	size_t next_author;                /* the entry the next new author replaces */
	char *cur_text;                    /* text of the page's current revision, when this import made it (xmalloc'd) */
	size_t cur_len, cur_cap;           /* its length, and bytes allocated */
	struct dump_source *src;           /* the dump (read here, or by the reader thread) */
	bool is_piped;                     /* the reader thread reads it (stats->pos comes with the events) */
	const char **err;                  /* where a fatal error's text goes */
	struct arena *err_arena;           /* ... allocated here */
};

/* ---------- titles ---------- */

/* The foreign namespace name of number `ns`, or NULL. */
static const char *foreign_ns_name(const struct importer *im, int ns)
{
	for (size_t i = 0; i < im->n_fns; i++)
		if (im->fns_ids[i] == ns)
			return im->fns_names[i];
	return NULL;
}

/*
 * Title::makeTitleSafe(ns, text): `text` in namespace `ns` (the text may
 * not leave it: a prefix in it is part of the title only for ns 0, as
 * MediaWiki's makeName()+parse does). RC_OK or RC_INVALID.
 */
static int make_title(struct arena *a, int ns, const char *text, struct wiki_title *out)
{
	const char *err;
	const char *full = text;
	if (ns != 0) {
		const char *prefix = wiki_ns_text(ns);
		if (!prefix)
			return RC_INVALID;
		full = arena_printf(a, "%s:%s", prefix, text);
	}
	return wiki_title_parse(a, full, 0, out, &err);
}

/*
 * The local title of a page titled `title` in foreign namespace `ns`,
 * as MediaWiki's foreign-title and import-title factories make it.
 * RC_OK or RC_INVALID.
 */
static int local_title(struct importer *im, const char *title, int ns, struct wiki_title *out)
{
	struct arena *a = im->pa;
	const char *colon = strchr(title, ':');
	bool has_prefix = ns != 0 && colon;
	const char *page = has_prefix ? colon + 1 : title;
	const char *ns_name;
	if (im->has_siteinfo) {
		ns_name = foreign_ns_name(im, ns);
		if (!ns_name)
			ns_name = has_prefix ? arena_strndup(a, title, (size_t)(colon - title))
					     : arena_printf(a, "Ns%d", ns);
	} else {
		ns_name = has_prefix ? arena_strndup(a, title, (size_t)(colon - title)) : "";
	}
	const char *full = *ns_name ? arena_printf(a, "%s:%s", ns_name, page) : page;

	if (im->o->rootpage) {
		const char *err;
		return wiki_title_parse(a, arena_printf(a, "%s/%s", im->o->rootpage, full), 0, out, &err);
	}
	if (im->o->target_ns != DUMP_NO_NS)
		return make_title(a, im->o->target_ns, page, out);
	if (ns < 100 && wiki_ns_valid(ns) && ns >= 0)
		return make_title(a, ns, page, out);
	int local = *ns_name ? wiki_ns_from_name(ns_name, strlen(ns_name)) : WIKI_NS_NONE;
	if (local != WIKI_NS_NONE)
		return make_title(a, local, page, out);
	return make_title(a, 0, full, out);
}

/* May the importing user write this page (MediaWiki checks "edit" through the API)? */
static bool may_edit(const struct importer *im, const struct wiki_title *t)
{
	const struct wiki_user *u = im->o->performer;
	if (!u)
		return true;
	if (!wiki_user_can(u, "edit"))
		return false;
	const struct wiki_ns *ns = wiki_ns_get(t->ns);
	return !ns || !ns->protection || wiki_user_can(u, ns->protection);
}

/* ---------- transactions ---------- */

static int tx_open(struct importer *im)
{
	if (im->in_tx)
		return RC_OK;
	int rc = store_begin(im->st);
	if (rc == RC_OK) {
		im->in_tx = true;
		im->tx_revs = 0;
	}
	return rc;
}

static int tx_commit(struct importer *im)
{
	if (!im->in_tx)
		return RC_OK;
	im->in_tx = false;
	int rc = store_commit(im->st);
	if (rc == RC_OK)
		im->stats->n_pages_committed = im->stats->n_pages;
	return rc;
}

/* ---------- authors ---------- */

/*
 * The actor of a revision's author as MediaWiki's importer names it
 * (ExternalUserNames::applyPrefix, then the user of that name if any).
 */
static int author_actor(struct importer *im, const struct dump_rev *r, int64_t *actor)
{
	struct arena *a = im->ra;
	const char *key = r->username ? arena_printf(a, "u%s", r->username)
			  : r->ip     ? arena_printf(a, "i%s", r->ip) : "";
	for (size_t i = 0; i < AUTHOR_CACHE && im->authors[i].key; i++)
		if (streq(im->authors[i].key, key)) {
			*actor = im->authors[i].actor;
			return RC_OK;
		}
	const char *name;
	if (r->username)
		name = r->username;
	else if (r->ip)
		name = r->ip;
	else
		name = NULL;
	const char *canon;
	if (!name) {
		name = arena_printf(a, "%s>Unknown user", im->o->user_prefix);
	} else if (r->username && wiki_user_name_canonical(a, name, WIKI_NAME_USABLE, &canon) == RC_OK) {
		int64_t uid = 0;
		bool known = im->o->assign_known_users &&
			     store_query_int(im->st, &uid, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t",
					     canon) == RC_OK;
		if (!known)
			name = arena_printf(a, "%s>%s", im->o->user_prefix, name);
	}
	if (strlen(name) > ACTOR_NAME_MAX) {
		/* Cut at a character boundary, as MediaWiki cuts the prefixed name. */
		size_t n = ACTOR_NAME_MAX;
		while (n && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
		name = arena_strndup(a, name, n);
	}
	/* A registered name (also an IP's or a reserved one's) means that user's actor. */
	int64_t uid = 0;
	const char *user_name = name;
	if (wiki_user_name_canonical(a, name, WIKI_NAME_VALID, &canon) == RC_OK)
		user_name = canon;
	int rc = store_query_int(im->st, &uid, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t", user_name);
	if (rc == RC_OK)
		rc = wiki_actor_id(im->st, uid, user_name, actor);
	else if (rc == RC_NOTFOUND)
		rc = wiki_actor_id(im->st, 0, name, actor);
	if (rc == RC_OK) {
		struct author *e = &im->authors[im->next_author];
		im->next_author = (im->next_author + 1) % AUTHOR_CACHE;
		xfree(e->key);
		e->key = xstrdup(key);
		e->actor = *actor;
	}
	return rc;
}

/* ---------- callbacks ---------- */

/* A fatal import error (the API answers it): the message in the error arena, RC_INVALID. */
static int fail(struct importer *im, const char *fmt, const char *arg)
{
	*im->err = arena_printf(im->err_arena, fmt, arg);
	return RC_INVALID;
}

/* A revision or page the command line skips, with a warning on stderr. */
static void warn(struct importer *im, const char *fmt, const char *arg)
{
	im->stats->n_warnings++;
	if (im->o->warn)
		im->o->warn(im->o->cb_arg, arena_printf(im->ra, fmt, arg));
}

static int on_siteinfo(void *h, const struct dump_siteinfo *si)
{
	struct importer *im = h;
	im->has_siteinfo = true;
	im->n_fns = si->n_ns;
	im->fns_ids = arena_calloc(im->a, si->n_ns + 1, sizeof(*im->fns_ids));
	im->fns_names = arena_calloc(im->a, si->n_ns + 1, sizeof(*im->fns_names));
	for (size_t i = 0; i < si->n_ns; i++) {
		im->fns_ids[i] = si->ns_ids[i];
		im->fns_names[i] = arena_strdup(im->a, si->ns_names[i]);
	}
	return RC_OK;
}

/* Load the existing page row of im->page.t, if any. */
static int load_page(struct importer *im)
{
	struct ipage *p = &im->page;
	struct store_stmt *s = store_prepare(im->st, "SELECT page_id, page_latest, rev_timestamp FROM page"
						     " LEFT JOIN revision ON rev_id = page_latest"
						     " WHERE page_namespace = ? AND page_title = ?");
	store_bindv(s, "dt", p->t.ns, p->t.dbkey);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		p->id = store_col_int(s, 0);
		p->latest = store_col_int(s, 1);
		snprintf(p->latest_ts, sizeof(p->latest_ts), "%s", store_col_text(s, 2));
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_OK;
	}
	store_stmt_done(s);
	p->existed = p->id != 0;
	if (rc != RC_OK || !p->latest)
		return rc;
	const char *text, *model;
	size_t len;
	rc = wiki_revision_text(im->st, im->pa, p->latest, &text, &len, &model);
	if (rc == RC_OK)
		p->was_countable = wiki_page_countable(im->pa, p->t.ns, model, text);
	return rc == RC_NOTFOUND ? RC_OK : rc;
}

static int on_page(void *h, const struct dump_page *dp)
{
	struct importer *im = h;
	arena_free(im->pa);
	im->pa = arena_new();
	memset(&im->page, 0, sizeof(im->page));
	struct ipage *p = &im->page;
	const char *title = dp->title ? dp->title : "";
	if (local_title(im, title, dp->ns, &p->t) != RC_OK || !*p->t.dbkey) {
		warn(im, "skipping \"%s\": not a valid title here", title);
		return DUMP_SKIP;
	}
	if (p->t.is_external) {
		warn(im, "skipping \"%s\": an interwiki title", title);
		return DUMP_SKIP;
	}
	if (p->t.ns < 0) {
		warn(im, "skipping \"%s\": no page can have this title", title);
		return DUMP_SKIP;
	}
	if (!may_edit(im, &p->t)) {
		warn(im, "skipping \"%s\": the importing user may not edit it", title);
		return DUMP_SKIP;
	}
	int rc = tx_open(im);
	if (rc == RC_OK)
		rc = load_page(im);
	p->is_ok = rc == RC_OK;
	return rc;
}

/* The content model of a revision: the dump's, else the title's default. */
static const char *rev_model(const struct importer *im, const struct dump_rev *r)
{
	if (r->model && *r->model)
		return r->model;
	return wiki_default_model(im->page.t.ns, im->page.t.dbkey);
}

/* Is `model` one this wiki can store (MediaWiki refuses unknown content models)? */
static bool known_model(const char *model)
{
	static const char *const models[] = { "wikitext", "javascript", "css", "json", "text", NULL };
	for (const char *const *m = models; *m; m++)
		if (streq(*m, model))
			return true;
	return false;
}

/* Create the page row of a page that does not exist yet (WikiPage::insertOn()). */
static int create_page(struct importer *im)
{
	char now[15];
	wiki_timestamp_now(now);
	int rc = wiki_page_insert(im->st, im->page.t.ns, im->page.t.dbkey, 0, now, &im->page.id);
	if (rc == RC_OK)
		im->page.is_created = true;
	return rc;
}

/*
 * Make revision `rev` (text `text`, model `model`) the page's current
 * one, as WikiPage::updateRevisionOn(): the page row (touched at the
 * revision's time) and the redirect row. The caller records the slot of
 * the new current revision in im->page.
 */
static int make_current(struct importer *im, int64_t rev, const char *ts, const char *text, size_t len,
			const char *model, bool is_new)
{
	struct ipage *p = &im->page;
	p->is_countable = wiki_page_countable(im->ra, p->t.ns, model, text);
	int rc = wiki_page_set_latest(im->st, im->ra, p->id, rev, text, len, model, is_new, ts);
	if (rc == RC_OK) {
		p->latest = rev;
		snprintf(p->latest_ts, sizeof(p->latest_ts), "%s", ts);
	}
	return rc;
}

/*
 * The page's newest revision not younger than `ts`: its id, main-slot
 * content row and origin, and the SHA-1 of that content. All 0 / "" when
 * there is none.
 */
static int previous_revision(struct importer *im, const char *ts, int64_t *id, int64_t *content, int64_t *origin,
			     char sha1[32], int64_t *model)
{
	*id = *content = *origin = *model = 0;
	sha1[0] = '\0';
	struct store_stmt *s = store_prepare(im->st, "SELECT rev_id, slot_content_id, slot_origin, content_sha1,"
						     " content_model FROM revision"
						     " JOIN slots ON slot_revision_id = rev_id AND slot_role_id = 1"
						     " JOIN content ON content_id = slot_content_id"
						     " WHERE rev_page = ? AND rev_timestamp <= ?"
						     " ORDER BY rev_timestamp DESC, rev_id DESC LIMIT 1");
	store_bindv(s, "it", im->page.id, ts);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		*id = store_col_int(s, 0);
		*content = store_col_int(s, 1);
		*origin = store_col_int(s, 2);
		snprintf(sha1, 32, "%s", store_col_text(s, 3));
		*model = store_col_int(s, 4);
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_OK;
	}
	store_stmt_done(s);
	return rc;
}

static int revision_write(struct importer *im, const struct dump_rev *r, const struct store_text *tx,
			  const char *model, const char ts[15]);

static int on_revision(void *h, const struct dump_page *dp, const struct dump_rev *r)
{
	(void)dp;
	struct importer *im = h;
	struct ipage *p = &im->page;
	if (!p->is_ok)
		return RC_OK;
	arena_free(im->ra);
	im->ra = arena_new();
	p->n_seen++;
	im->stats->n_revisions_read++;
	const char *model = rev_model(im, r);
	const char *title = p->t.prefixed;
	if (!r->has_text) {
		if (!im->o->is_cli)
			return fail(im, "a revision of \"%s\" has no text", title);
		warn(im, "skipping a revision of \"%s\": it has no text", title);
		return RC_OK;
	}
	if (r->is_toobig) {
		if (!im->o->is_cli)
			return fail(im, "a revision of \"%s\" is larger than the 2048 KiB a page may have", title);
		warn(im, "skipping a revision of \"%s\": larger than the 2048 KiB a page may have", title);
		return RC_OK;
	}
	if (!known_model(model)) {
		if (!im->o->is_cli)
			return fail(im, "a revision of \"%s\" has a content model this wiki does not know", title);
		warn(im, "skipping a revision of \"%s\": unknown content model", title);
		return RC_OK;
	}

	char ts[15];
	int64_t t;
	if (r->timestamp && ts_parse(r->timestamp, &t) == RC_OK)
		ts_format_mw(t, ts);
	else
		wiki_timestamp_now(ts);
	/* Hashed (and compressed) by the reader thread, or here. */
	struct store_text own;
	const struct store_text *tx = r->prepared;
	if (!tx) {
		store_text_prepare(&own, r->text, r->text_len);
		tx = &own;
	}
	int rc = revision_write(im, r, tx, model, ts);
	if (tx == &own)
		store_text_release(&own);
	return rc;
}

/* on_revision() past its checks: `r` with its text prepared in `tx`, model `model`, timestamp `ts`. */
static int revision_write(struct importer *im, const struct dump_rev *r, const struct store_text *tx,
			  const char *model, const char ts[15])
{
	struct ipage *p = &im->page;
	const char *sha1 = tx->sha1;
	int rc = RC_OK;
	if (p->id) {
		/* The same revision (timestamp and text) is not imported twice. */
		int64_t one;
		rc = store_query_int(im->st, &one, "SELECT 1 FROM revision WHERE rev_page = ? AND rev_timestamp = ?"
						   " AND rev_sha1 = ? LIMIT 1", "itt", p->id, ts, sha1);
		if (rc == RC_OK) {
			im->stats->n_revisions_skipped++;
			return RC_OK;
		}
		if (rc != RC_NOTFOUND)
			return rc;
		rc = RC_OK;
	} else {
		rc = create_page(im);
	}

	int64_t parent = 0, prev_content = 0, prev_origin = 0, prev_model = 0, content = 0, model_id = 0;
	int64_t comment = 0, actor = 0;
	char prev_sha1[32] = "";
	bool is_newest = strcmp(ts, p->latest_ts) >= 0;
	if (rc == RC_OK && is_newest && (!p->latest || p->latest_content)) {
		/* The usual case, revisions oldest first: the parent is the current revision, known here. */
		parent = p->latest;
		prev_content = p->latest_content;
		prev_origin = p->latest_origin;
		prev_model = p->latest_model;
		snprintf(prev_sha1, sizeof(prev_sha1), "%s", p->latest_sha1);
	} else if (rc == RC_OK) {
		rc = previous_revision(im, ts, &parent, &prev_content, &prev_origin, prev_sha1, &prev_model);
	}
	if (rc == RC_OK)
		rc = store_model_id(im->st, model, &model_id);
	bool inherit = parent && prev_model == model_id && streq(prev_sha1, sha1);
	if (rc == RC_OK && inherit)
		content = prev_content;
	else if (rc == RC_OK)
		rc = store_content_put_text(im->st, model, tx, &content);
	if (rc == RC_OK)
		rc = wiki_comment_id(im->st, r->comment ? r->comment : "", &comment);
	if (rc == RC_OK)
		rc = author_actor(im, r, &actor);
	int64_t rev = 0;
	if (rc == RC_OK) {
		rc = store_run(im->st, "INSERT INTO revision (rev_page, rev_comment_id, rev_actor, rev_timestamp,"
				       " rev_minor_edit, rev_deleted, rev_len, rev_parent_id, rev_sha1)"
				       " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
			       "iiitiiit", p->id, comment, actor, ts, (int64_t)r->is_minor, (int64_t)r->text_len,
			       parent, sha1);
		rev = store_last_id(im->st);
	}
	if (rc == RC_OK)
		rc = store_run(im->st, "INSERT INTO slots (slot_revision_id, slot_role_id, slot_content_id, slot_origin)"
				       " VALUES (?, 1, ?, ?)", "iii", rev, content, inherit ? prev_origin : rev);
	/* It becomes current unless the page has a newer revision. */
	if (rc == RC_OK && is_newest) {
		rc = make_current(im, rev, ts, r->text, r->text_len, model, p->latest == 0);
		p->latest_content = content;
		p->latest_origin = inherit ? prev_origin : rev;
		p->latest_model = model_id;
		snprintf(p->latest_sha1, sizeof(p->latest_sha1), "%s", sha1);
		p->n_current++;
		/* Kept for the search index at the page's end. */
		if (r->text_len + 1 > im->cur_cap) {
			im->cur_cap = r->text_len + 1;
			im->cur_text = xrealloc(im->cur_text, im->cur_cap);
		}
		memcpy(im->cur_text, r->text, r->text_len + 1);
		im->cur_len = r->text_len;
	}
	if (rc != RC_OK)
		return rc;
	p->n_ok++;
	im->stats->n_revisions++;
	im->stats->n_bytes += r->text_len;
	im->tx_revs++;
	return RC_OK;
}

/*
 * Through the API: the null revision MediaWiki's ImportReporter adds (a
 * minor revision by the importing user with the page's current content
 * and a summary saying what was imported) and the import log entry.
 */
static int log_import(struct importer *im)
{
	struct ipage *p = &im->page;
	struct arena *a = im->pa;
	const struct dump_import_opts *o = im->o;
	int64_t n = p->n_ok;
	const char *detail = o->iw_source
		? arena_printf(a, "%lld revision%s imported from [[:%s:%s]]", (long long)n, n == 1 ? "" : "s",
			       o->iw_source, p->t.prefixed)
		: arena_printf(a, "%lld revision%s imported", (long long)n, n == 1 ? "" : "s");
	if (o->summary && *o->summary)
		detail = arena_printf(a, "%s: %s", detail, o->summary);
	int64_t comment = 0, len = 0, content = 0, origin = 0, null_rev = 0;
	const char *sha1 = NULL;
	char now[15];
	wiki_timestamp_now(now);
	int rc = wiki_comment_id(im->st, detail, &comment);
	if (rc == RC_OK && !im->performer_actor)
		rc = wiki_actor_id(im->st, o->performer->id, o->performer->name, &im->performer_actor);
	if (rc == RC_OK) {
		struct store_stmt *s = store_prepare(im->st, "SELECT rev_len, rev_sha1, slot_content_id, slot_origin"
							     " FROM revision JOIN slots ON slot_revision_id = rev_id"
							     " AND slot_role_id = 1 WHERE rev_id = ?");
		store_bind_int(s, 1, p->latest);
		rc = store_step(s);
		if (rc == STORE_ROW) {
			len = store_col_int(s, 0);
			sha1 = store_col_dup(s, a, 1);
			content = store_col_int(s, 2);
			origin = store_col_int(s, 3);
			rc = RC_OK;
		} else if (rc == STORE_DONE) {
			rc = RC_NOTFOUND;
		}
		store_stmt_done(s);
	}
	if (rc == RC_OK) {
		rc = store_run(im->st, "INSERT INTO revision (rev_page, rev_comment_id, rev_actor, rev_timestamp,"
				       " rev_minor_edit, rev_deleted, rev_len, rev_parent_id, rev_sha1)"
				       " VALUES (?, ?, ?, ?, 1, 0, ?, ?, ?)",
			       "iiitiit", p->id, comment, im->performer_actor, now, len, p->latest, sha1);
		null_rev = store_last_id(im->st);
	}
	if (rc == RC_OK)
		rc = store_run(im->st, "INSERT INTO slots (slot_revision_id, slot_role_id, slot_content_id, slot_origin)"
				       " VALUES (?, 1, ?, ?)", "iii", null_rev, content, origin);
	if (rc == RC_OK)
		rc = store_run(im->st, "UPDATE page SET page_latest = ?, page_touched = ?, page_is_new = 0"
				       " WHERE page_id = ?", "iti", null_rev, now, p->id);
	if (rc != RC_OK)
		return rc;
	p->latest = null_rev;

	struct wiki_pvalue items[2] = {
		{ .type = WIKI_PV_INT, .key = "4:number:count", .i = n },
		{ .type = WIKI_PV_STRING, .key = "5:title-link:interwiki" },
	};
	if (o->iw_source) {
		items[1].s = arena_printf(a, "%s:%s", o->iw_source, p->t.prefixed);
		items[1].len = strlen(items[1].s);
	}
	struct wiki_pvalue params = { .type = WIKI_PV_ARRAY, .items = items, .n_items = o->iw_source ? 2 : 1 };
	struct wiki_log_entry le = {
		.type = "import", .action = o->iw_source ? "interwiki" : "upload",
		.user_id = o->performer->id, .user_name = o->performer->name, .actor_id = im->performer_actor,
		.ns = p->t.ns, .dbkey = p->t.dbkey, .page_id = p->id, .comment = o->summary ? o->summary : "",
		.params = &params, .timestamp = now, .assoc_rev_id = null_rev, .tags = o->tags,
		.rc_autopatrol = wiki_user_can(o->performer, "autopatrol"),
		.ip = o->performer->id ? NULL : o->performer->name,
	};
	return wiki_log_add(im->st, a, &le, NULL);
}

static int on_page_end(void *h, const struct dump_page *dp)
{
	struct importer *im = h;
	struct ipage *p = &im->page;
	(void)dp;
	if (!p->is_ok)
		return RC_OK;
	int rc = RC_OK;
	if (p->n_ok) {
		/* Without a newer revision imported, the page keeps its article status. */
		bool now_countable = p->n_current ? p->is_countable : p->was_countable;
		rc = store_run(im->st, "UPDATE site_stats SET ss_total_edits = ss_total_edits + ?,"
				       " ss_total_pages = ss_total_pages + ?,"
				       " ss_good_articles = COALESCE(ss_good_articles, 0) + ? WHERE ss_row_id = 1",
			       "iii", p->n_current, (int64_t)p->is_created,
			       (int64_t)now_countable - (int64_t)p->was_countable);
		/* The search index follows the page's current text. */
		if (rc == RC_OK && p->n_current)
			rc = wiki_search_index(im->st, im->pa, p->id, p->t.ns, p->t.dbkey, im->cur_text, im->cur_len);
		/*
		 * The link tables of a page with a new current revision, and of
		 * the pages using it, are rebuilt by jobs (which the command line
		 * runs right after its import).
		 */
		if (rc == RC_OK && p->n_current)
			rc = wiki_job_push(im->st, "refreshLinks", p->t.ns, p->t.dbkey, NULL);
		if (rc == RC_OK && p->n_current)
			rc = wiki_jobs_title_changed(im->st, p->t.ns, p->t.dbkey,
						     p->is_created ? WIKI_JOBS_CREATE : WIKI_JOBS_EDIT);
		if (rc == RC_OK && im->o->performer)
			rc = log_import(im);
		if (rc == RC_OK)
			im->stats->n_pages++;
	}
	if (!im->is_piped)
		im->stats->pos = dump_source_pos(im->src);
	if (rc == RC_OK && im->o->report)
		im->o->report(im->o->cb_arg, &p->t, p->n_ok);
	if (rc == RC_OK && (!im->o->is_cli || im->tx_revs >= im->o->batch_revisions))
		rc = tx_commit(im);
	return rc;
}

static int on_logitem(void *h, const struct dump_logitem *li)
{
	struct importer *im = h;
	arena_free(im->ra);
	im->ra = arena_new();
	struct arena *a = im->ra;
	struct wiki_title t;
	const char *err;
	if (!li->logtitle || wiki_title_parse(a, li->logtitle, 0, &t, &err) != RC_OK || !li->type || !li->action)
		return RC_OK;
	char ts[15];
	int64_t tt;
	if (li->timestamp && ts_parse(li->timestamp, &tt) == RC_OK)
		ts_format_mw(tt, ts);
	else
		wiki_timestamp_now(ts);
	const char *params = li->params ? li->params : "";
	int rc = tx_open(im);
	int64_t one;
	if (rc == RC_OK)
		rc = store_query_int(im->st, &one, "SELECT 1 FROM logging WHERE log_type = ? AND log_action = ?"
						   " AND log_timestamp = ? AND log_namespace = ? AND log_title = ?"
						   " AND log_params = ? LIMIT 1",
				     "tttdtt", li->type, li->action, ts, t.ns, t.dbkey, params);
	if (rc == RC_OK)
		return RC_OK;
	if (rc != RC_NOTFOUND)
		return rc;
	struct dump_rev who = { .username = li->username, .ip = li->ip };
	int64_t actor = 0, comment = 0;
	rc = author_actor(im, &who, &actor);
	if (rc == RC_OK)
		rc = wiki_comment_id(im->st, li->comment ? li->comment : "", &comment);
	if (rc == RC_OK)
		rc = store_run(im->st, "INSERT INTO logging (log_type, log_action, log_timestamp, log_actor,"
				       " log_namespace, log_title, log_comment_id, log_params, log_deleted)"
				       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
			       "tttidtit", li->type, li->action, ts, actor, t.ns, t.dbkey, comment, params);
	if (rc == RC_OK)
		im->stats->n_logitems++;
	return rc;
}

static const struct dump_reader_ops import_ops = {
	.siteinfo = on_siteinfo,
	.page = on_page,
	.revision = on_revision,
	.page_end = on_page_end,
	.logitem = on_logitem,
};

/* ---------- the reader thread (command line) ---------- */

/*
 * On the command line the dump is read by a second thread: it inflates
 * the file, parses the XML, and hashes and deflates each text
 * (store_text_prepare()), while this thread writes what it read before.
 * What it read travels as events, copied into an arena each, through a
 * ring of PIPE_EVENTS holding at most PIPE_BYTES of texts (a single
 * bigger event still passes, alone): memory stays bounded whatever the
 * dump. The writer handles the events in order with the same callbacks
 * as a read on its own thread, so the result is the same; the reader
 * reads the revisions of pages the writer skips too, and they are
 * ignored as then.
 */
#define PIPE_EVENTS 256
#define PIPE_BYTES ((size_t)8 << 20)

enum ev_kind { EV_SITEINFO, EV_PAGE, EV_REVISION, EV_PAGE_END, EV_LOGITEM, EV_END };

/* One callback of the reader, with copies of its arguments. */
struct ev {
	enum ev_kind kind;
	struct arena *a;           /* the copies */
	size_t bytes;              /* texts held, charged against PIPE_BYTES */
	uint64_t pos;              /* bytes of the source read by then */
	struct dump_siteinfo *si;  /* EV_SITEINFO */
	struct dump_page page;     /* EV_PAGE (and the page of the revisions and page ends) */
	struct dump_rev rev;       /* EV_REVISION */
	struct store_text text;    /* ... its text prepared */
	struct dump_logitem li;    /* EV_LOGITEM */
	int rc;                    /* EV_END: what dump_read() returned */
	const char *err;           /* ... and its message */
};

/* The ring between the reader (adds at head + n) and the writer (takes at head). */
struct pipe {
	pthread_mutex_t lock;
	pthread_cond_t space;      /* the reader: room freed, or abort */
	pthread_cond_t ready;      /* the writer: an event added */
	struct ev ev[PIPE_EVENTS];
	size_t head, n;            /* oldest event, events queued */
	size_t bytes;              /* their bytes */
	bool abort;                /* the writer stopped: the reader ends */
	struct dump_source *src;   /* the dump */
};

/* The next free event, once there is room; NULL when the writer stopped. */
static struct ev *ev_reserve(struct pipe *p)
{
	pthread_mutex_lock(&p->lock);
	while (!p->abort && (p->n == PIPE_EVENTS || (p->n && p->bytes >= PIPE_BYTES)))
		pthread_cond_wait(&p->space, &p->lock);
	struct ev *e = p->abort ? NULL : &p->ev[(p->head + p->n) % PIPE_EVENTS];
	pthread_mutex_unlock(&p->lock);
	if (e) {
		memset(e, 0, sizeof(*e));
		e->a = arena_new();
	}
	return e;
}

/* Hand `e` (from ev_reserve()) to the writer. */
static int ev_push(struct pipe *p, struct ev *e, enum ev_kind kind, size_t bytes)
{
	e->kind = kind;
	e->bytes = bytes;
	e->pos = dump_source_pos(p->src);
	pthread_mutex_lock(&p->lock);
	p->n++;
	p->bytes += bytes;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->lock);
	return RC_OK;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* A copy of page `dp` in `a`. */
static void copy_page(struct arena *a, const struct dump_page *dp, struct dump_page *out)
{
	*out = *dp;
	out->title = dup_or_null(a, dp->title);
	out->redirect = dup_or_null(a, dp->redirect);
}

static int pipe_siteinfo(void *h, const struct dump_siteinfo *si)
{
	struct pipe *p = h;
	struct ev *e = ev_reserve(p);
	if (!e)
		return RC_ERR;
	e->si = arena_alloc(e->a, sizeof(*e->si));
	*e->si = *si;
	for (size_t i = 0; i < si->n_ns; i++)
		e->si->ns_names[i] = dup_or_null(e->a, si->ns_names[i]);
	return ev_push(p, e, EV_SITEINFO, 0);
}

/* A page's start or end (`kind`), with a copy of the page. */
static int pipe_page_event(struct pipe *p, const struct dump_page *dp, enum ev_kind kind)
{
	struct ev *e = ev_reserve(p);
	if (!e)
		return RC_ERR;
	copy_page(e->a, dp, &e->page);
	return ev_push(p, e, kind, 0);
}

static int pipe_page(void *h, const struct dump_page *dp)
{
	return pipe_page_event(h, dp, EV_PAGE);
}

static int pipe_revision(void *h, const struct dump_page *dp, const struct dump_rev *r)
{
	struct pipe *p = h;
	(void)dp;
	struct ev *e = ev_reserve(p);
	if (!e)
		return RC_ERR;
	struct arena *a = e->a;
	e->rev = *r;
	e->rev.timestamp = dup_or_null(a, r->timestamp);
	e->rev.comment = dup_or_null(a, r->comment);
	e->rev.username = dup_or_null(a, r->username);
	e->rev.ip = dup_or_null(a, r->ip);
	e->rev.model = dup_or_null(a, r->model);
	e->rev.format = dup_or_null(a, r->format);
	e->rev.sha1 = dup_or_null(a, r->sha1);
	size_t bytes = 0;
	if (r->text) {
		char *text = arena_alloc(a, r->text_len + 1);
		memcpy(text, r->text, r->text_len);
		text[r->text_len] = '\0';
		e->rev.text = text;
		bytes += r->text_len;
	}
	/* What the writer would do first, done here: the texts it will store. */
	if (r->has_text && !r->is_toobig && r->text) {
		store_text_prepare(&e->text, e->rev.text, r->text_len);
		e->rev.prepared = &e->text;
		bytes += e->text.zcap;
	}
	return ev_push(p, e, EV_REVISION, bytes);
}

static int pipe_page_end(void *h, const struct dump_page *dp)
{
	return pipe_page_event(h, dp, EV_PAGE_END);
}

static int pipe_logitem(void *h, const struct dump_logitem *li)
{
	struct pipe *p = h;
	struct ev *e = ev_reserve(p);
	if (!e)
		return RC_ERR;
	struct arena *a = e->a;
	e->li = (struct dump_logitem){
		.type = dup_or_null(a, li->type), .action = dup_or_null(a, li->action),
		.timestamp = dup_or_null(a, li->timestamp), .logtitle = dup_or_null(a, li->logtitle),
		.params = dup_or_null(a, li->params), .comment = dup_or_null(a, li->comment),
		.username = dup_or_null(a, li->username), .ip = dup_or_null(a, li->ip),
	};
	return ev_push(p, e, EV_LOGITEM, 0);
}

static const struct dump_reader_ops pipe_ops = {
	.siteinfo = pipe_siteinfo,
	.page = pipe_page,
	.revision = pipe_revision,
	.page_end = pipe_page_end,
	.logitem = pipe_logitem,
};

static void *reader_main(void *arg)
{
	struct pipe *p = arg;
	struct arena *a = arena_new();
	const char *err = NULL;
	int rc = dump_read(p->src, &pipe_ops, p, a, &err);
	struct ev *e = ev_reserve(p);
	if (e) {
		e->rc = rc;
		e->err = dup_or_null(e->a, err);
		ev_push(p, e, EV_END, 0);
	}
	arena_free(a);
	return NULL;
}

/* Free event `e` (its copies and prepared text). */
static void ev_free(struct ev *e)
{
	store_text_release(&e->text);
	arena_free(e->a);
	e->a = NULL;
}

/* The writer's half: what the reader thread read, through the import callbacks. As dump_read(). */
static int read_piped(struct importer *im, struct arena *a, const char **err)
{
	struct pipe *p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->space, NULL);
	pthread_cond_init(&p->ready, NULL);
	p->src = im->src;
	pthread_t th;
	if (pthread_create(&th, NULL, reader_main, p) != 0) {
		xfree(p);
		return dump_read(im->src, &import_ops, im, a, err);
	}
	im->is_piped = true;
	int rc = RC_OK;
	bool end = false;
	while (!end && rc == RC_OK) {
		pthread_mutex_lock(&p->lock);
		while (p->n == 0)
			pthread_cond_wait(&p->ready, &p->lock);
		struct ev *e = &p->ev[p->head];
		pthread_mutex_unlock(&p->lock);
		im->stats->pos = e->pos;
		switch (e->kind) {
		case EV_SITEINFO:
			rc = on_siteinfo(im, e->si);
			break;
		case EV_PAGE:
			rc = on_page(im, &e->page);
			if (rc == DUMP_SKIP)
				rc = RC_OK; /* its revisions come anyway: on_revision() ignores them */
			break;
		case EV_REVISION:
			rc = on_revision(im, &e->page, &e->rev);
			break;
		case EV_PAGE_END:
			rc = on_page_end(im, &e->page);
			break;
		case EV_LOGITEM:
			rc = on_logitem(im, &e->li);
			break;
		case EV_END:
			rc = e->rc;
			*err = e->err ? arena_strdup(a, e->err) : NULL;
			end = true;
			break;
		}
		size_t bytes = e->bytes;
		ev_free(e);
		pthread_mutex_lock(&p->lock);
		p->head = (p->head + 1) % PIPE_EVENTS;
		p->n--;
		p->bytes -= bytes;
		pthread_cond_signal(&p->space);
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_lock(&p->lock);
	p->abort = true;
	pthread_cond_signal(&p->space);
	pthread_mutex_unlock(&p->lock);
	pthread_join(th, NULL);
	for (size_t i = 0; i < p->n; i++)
		ev_free(&p->ev[(p->head + i) % PIPE_EVENTS]);
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->space);
	pthread_mutex_destroy(&p->lock);
	xfree(p);
	return rc;
}

int dump_import(struct store *st, struct dump_source *src, const struct dump_import_opts *o,
		struct dump_import_stats *stats, struct arena *a, const char **err)
{
	struct importer im = { .st = st, .o = o, .stats = stats, .err = err, .err_arena = a, .src = src };
	memset(stats, 0, sizeof(*stats));
	*err = NULL;
	im.a = arena_new();
	im.pa = arena_new();
	im.ra = arena_new();
	int rc = o->is_cli ? read_piped(&im, a, err) : dump_read(src, &import_ops, &im, a, err);
	if (rc == RC_OK)
		rc = tx_commit(&im);
	else if (im.in_tx)
		store_rollback(st);
	for (size_t i = 0; i < AUTHOR_CACHE; i++)
		xfree(im.authors[i].key);
	xfree(im.cur_text);
	arena_free(im.ra);
	arena_free(im.pa);
	arena_free(im.a);
	return rc;
}
