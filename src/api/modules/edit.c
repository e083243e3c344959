/* SPDX-License-Identifier: MIT */
/*
 * edit.c — action=edit: create and edit pages. The save is one write
 * transaction (BEGIN IMMEDIATE): content (stored once per distinct text),
 * comment, actor, revision, slot, page row, redirect row, recent-changes
 * row, edit count and site statistics; the API answers only after the
 * commit, so an acknowledged edit survives a crash.
 *
 * Edit conflicts follow MediaWiki: a basetimestamp/baserevid older than
 * the page's latest revision is a conflict unless every newer revision was
 * made by the same user. Null edits (same text) write no revision and
 * answer "nochange".
 *
 * The watchlist follows watchlist= (default: the user's watchdefault and
 * watchcreations preferences) in the same transaction, null edits
 * included; "watched" is reported whenever the page is to be watched,
 * even for anonymous users, who have no watchlist, as MediaWiki does.
 */
#include "pageact_int.h"

#include <ctype.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stddef.h>
#include <stdio.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../diff/diff.h"
#include "../../wiki/wiki.h"

struct edit_params {
	const char *title;          /* page to edit */
	long pageid;                /* or its id */
	const char *section;        /* section number or "new" */
	const char *sectiontitle;   /* heading of a new section */
	const char *text;           /* new text */
	const char *summary;        /* edit summary */
	bool minor;                 /* mark minor */
	bool notminor;              /* do not mark minor */
	bool bot;                   /* mark as a bot edit (needs the bot right) */
	long baserevid;             /* revision the edit is based on */
	const char *basetimestamp;  /* timestamp of that revision */
	const char *starttimestamp; /* when the client started editing */
	bool recreate;              /* ignore deletion since starttimestamp */
	bool createonly;            /* fail if the page exists */
	bool nocreate;              /* fail if it does not */
	bool watch;                 /* deprecated: watch the page */
	bool unwatch;               /* deprecated: stop watching it */
	const char *watchlist;      /* nochange | preferences | unwatch | watch */
	const char *md5;            /* MD5 of text (or prependtext+appendtext) */
	const char *prependtext;    /* text to add at the start */
	const char *appendtext;     /* text to add at the end */
	bool redirect;              /* edit the target of a redirect */
	const char *contentformat;  /* serialization format */
	const char *contentmodel;   /* content model of the new content */
	struct api_list tags;       /* change tags to apply */
	long undo;                  /* revision to undo */
	long undoafter;             /* undo every revision after this one */
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct edit_params, title),
	  .desc = "Title of the page to edit. Give this or pageid." },
	{ .name = "pageid", .type = API_T_INT, .offset = offsetof(struct edit_params, pageid),
	  .desc = "Page ID of the page to edit. Give this or title." },
	{ .name = "section", .type = API_T_STRING, .offset = offsetof(struct edit_params, section),
	  .desc = "Section to edit: 0 for the text before the first heading, a number for a "
		  "section, \"new\" to add a section." },
	{ .name = "sectiontitle", .type = API_T_STRING, .offset = offsetof(struct edit_params, sectiontitle),
	  .desc = "Heading of the new section when section=new." },
	{ .name = "text", .type = API_T_TEXT, .offset = offsetof(struct edit_params, text),
	  .desc = "The new content of the page (or section)." },
	{ .name = "summary", .type = API_T_STRING, .offset = offsetof(struct edit_params, summary),
	  .desc = "Edit summary; with section=new and no sectiontitle also the section heading." },
	PAGEACT_TAGS_PARAM(struct edit_params, tags, "the revision"),
	{ .name = "minor", .type = API_T_BOOL, .offset = offsetof(struct edit_params, minor),
	  .desc = "Mark the edit as minor." },
	{ .name = "notminor", .type = API_T_BOOL, .offset = offsetof(struct edit_params, notminor),
	  .desc = "Do not mark the edit as minor." },
	{ .name = "bot", .type = API_T_BOOL, .offset = offsetof(struct edit_params, bot),
	  .desc = "Mark the edit as a bot edit (needs the bot right)." },
	{ .name = "baserevid", .type = API_T_INT, .offset = offsetof(struct edit_params, baserevid),
	  .desc = "ID of the revision the edit is based on, to detect edit conflicts." },
	{ .name = "basetimestamp", .type = API_T_TIMESTAMP, .offset = offsetof(struct edit_params, basetimestamp),
	  .desc = "Timestamp of the revision the edit is based on, to detect edit conflicts." },
	{ .name = "starttimestamp", .type = API_T_TIMESTAMP,
	  .offset = offsetof(struct edit_params, starttimestamp),
	  .desc = "When the editing started, to detect a deletion in the meantime." },
	{ .name = "recreate", .type = API_T_BOOL, .offset = offsetof(struct edit_params, recreate),
	  .desc = "Save even if the page was deleted in the meantime." },
	{ .name = "createonly", .type = API_T_BOOL, .offset = offsetof(struct edit_params, createonly),
	  .desc = "Do not edit the page if it exists already." },
	{ .name = "nocreate", .type = API_T_BOOL, .offset = offsetof(struct edit_params, nocreate),
	  .desc = "Fail if the page does not exist." },
	{ .name = "watch", .type = API_T_BOOL, .flags = API_P_DEPRECATED, .offset = offsetof(struct edit_params, watch),
	  .desc = "Add the page to your watchlist. Use watchlist=watch instead." },
	{ .name = "unwatch", .type = API_T_BOOL, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct edit_params, unwatch),
	  .desc = "Take the page off your watchlist. Use watchlist=unwatch instead." },
	{ .name = "watchlist", .type = API_T_ENUM, .dflt = "preferences",
	  .values = (const char *const[]){ "watch", "unwatch", "preferences", "nochange", NULL },
	  .offset = offsetof(struct edit_params, watchlist),
	  .value_descs = (const char *const[]){
		"nochange=Leave the watchlist as it is.",
		"preferences=Follow your preferences (watch pages you edit or create, by default); bots keep "
		"the watchlist as it is.",
		"unwatch=Take the page off your watchlist.", "watch=Add the page to your watchlist.", NULL },
	  .desc = "Whether to add the page to your watchlist, take it off, or neither." },
	{ .name = "md5", .type = API_T_STRING, .offset = offsetof(struct edit_params, md5),
	  .desc = "MD5 hash of the text (or of prependtext and appendtext joined); the edit fails "
		  "when it does not match, which guards against damaged transfers." },
	{ .name = "prependtext", .type = API_T_TEXT, .offset = offsetof(struct edit_params, prependtext),
	  .desc = "Add this text at the start of the page (or section); overrides text." },
	{ .name = "appendtext", .type = API_T_TEXT, .offset = offsetof(struct edit_params, appendtext),
	  .desc = "Add this text at the end of the page (or section); overrides text." },
	{ .name = "undo", .type = API_T_INT, .flags = API_P_HAS_MIN | API_P_ENFORCE_RANGE, .min = 0,
	  .offset = offsetof(struct edit_params, undo),
	  .desc = "Undo this revision: its change is taken back from the current text. Replaces "
		  "text, prependtext and appendtext." },
	{ .name = "undoafter", .type = API_T_INT, .flags = API_P_HAS_MIN | API_P_ENFORCE_RANGE, .min = 0,
	  .offset = offsetof(struct edit_params, undoafter),
	  .desc = "With undo: take back every revision from undo down to the one after this." },
	{ .name = "redirect", .type = API_T_BOOL, .offset = offsetof(struct edit_params, redirect),
	  .desc = "When the page is a redirect, edit its target instead." },
	{ .name = "contentformat", .type = API_T_ENUM, .values = wiki_content_formats,
	  .offset = offsetof(struct edit_params, contentformat),
	  .desc = "Serialization format of the new content." },
	{ .name = "contentmodel", .type = API_T_ENUM, .values = wiki_content_models,
	  .offset = offsetof(struct edit_params, contentmodel), .desc = "The content model to save the text with." },
	{ 0 }
};

/* True when a revision of page `id` from `ts` on was made by another actor (RevisionStore::userWasLastToEdit negated). */
static bool others_edited_since(struct api_ctx *ctx, int64_t page, const char *ts, int64_t actor)
{
	int64_t n = 0;
	store_query_int(ctx->store, &n,
			"SELECT COUNT(*) FROM revision WHERE rev_page = ? AND rev_timestamp >= ? AND rev_actor != ?",
			"iti", page, ts, actor);
	return n > 0;
}

static bool md5_matches(const char *text, const char *hex)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char out[2 * EVP_MAX_MD_SIZE + 1];
	EVP_Digest(text, strlen(text), d, &n, EVP_md5(), NULL);
	util_hex(d, n, out);
	return strcasecmp(out, hex) == 0;
}

/*
 * The heading text as a section link knows it: links shown as their
 * text ("[[a|b]]" is "b", "[[a]]" is "a", "[http://x y]" is "y"), as
 * MediaWiki strips a heading for the summary of a new section.
 */
static const char *strip_links(struct api_ctx *ctx, const char *s)
{
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	while (*s) {
		const char *close;
		if (s[0] == '[' && s[1] == '[' && (close = strstr(s + 2, "]]"))) {
			const char *bar = memchr(s + 2, '|', (size_t)(close - s - 2));
			const char *from = bar ? bar + 1 : s + 2;
			sbuf_add(&sb, from, (size_t)(close - from));
			s = close + 2;
		} else if (s[0] == '[' && (close = strchr(s + 1, ']')) && strstr(s + 1, "://") &&
			   strstr(s + 1, "://") < close) {
			const char *sp = memchr(s + 1, ' ', (size_t)(close - s - 1));
			const char *from = sp ? sp + 1 : s + 1;
			sbuf_add(&sb, from, (size_t)(close - from));
			s = close + 1;
		} else {
			sbuf_addc(&sb, *s++);
		}
	}
	const char *r = arena_strdup(ctx->arena, sbuf_cstr(&sb));
	sbuf_release(&sb);
	return r;
}

/*
 * The summary of a section=new edit: the given summary when there is
 * also a sectiontitle; otherwise, when a heading came from sectiontitle
 * or from the summary, an autocomment naming it.
 */
static const char *new_section_summary(struct api_ctx *ctx, const struct edit_params *p)
{
	bool has_title = p->sectiontitle && *p->sectiontitle, has_summary = p->summary && *p->summary;
	if (has_title && has_summary)
		return p->summary;
	if (!has_title && !has_summary)
		return "";
	return arena_printf(ctx->arena, "/* %s */ section added",
			    strip_links(ctx, has_title ? p->sectiontitle : p->summary));
}

/*
 * May the user save `t` (MediaWiki checks the edit action, which for a
 * missing page includes creating it)? `page_id` is the page as the edit's
 * transaction read it (0: missing); `model` is the content model the
 * page will have, which decides whether it is a CSS/JS/JSON page.
 */
static int check_rights(struct api_ctx *ctx, const struct wiki_title *t, int64_t page_id, const char *model)
{
	struct wiki_refusal *r = NULL;
	if (wiki_perm_check_page(ctx->store, ctx->arena, ctx->user, "edit", t, page_id, model, WIKI_RIGOR_FULL, false,
				 &r) != RC_OK)
		return api_db_error(ctx);
	return r ? pageact_refuse(ctx, r) : RC_OK;
}

/* One edit request as it goes through the steps below. */
struct edit_run {
	struct api_ctx *ctx;      /* request */
	struct edit_params *p;    /* parameters */
	struct wiki_title t;      /* the page edited */
	struct wiki_page pg;      /* the page as loaded in the transaction */
	const char *body;         /* text= (or the undo result) */
	const char *summary;      /* summary, "" for the automatic one */
	long section;             /* section number, -1 for none, -2 for "new" */
	bool section_t;           /* "T-N" */
	bool undo;                /* the text comes from undo */
	bool refused;             /* a permission or block check said no */
	const struct wt_output *rendered; /* the rendering found in the edit stash, or NULL */
};

/* The page named by title= or pageid= into r->t. */
static int resolve_title(struct edit_run *r)
{
	struct api_ctx *ctx = r->ctx;
	struct edit_params *p = r->p;
	const char *err = NULL;
	if (p->title) {
		if (wiki_title_parse(ctx->arena, p->title, 0, &r->t, &err) != RC_OK || r->t.is_external ||
		    !*r->t.dbkey)
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->title));
		return RC_OK;
	}
	char *pt = NULL;
	if (store_query_text(ctx->store, ctx->arena, &pt,
			     "SELECT page_namespace || ':' || page_title FROM page WHERE page_id = ?", "i",
			     (int64_t)p->pageid) != RC_OK)
		return api_error(ctx, "nosuchpageid", NULL, api_p_int(ctx->arena, p->pageid));
	char *colon = strchr(pt, ':');
	*colon = '\0';
	wiki_title_make(ctx->arena, (int)strtol(pt, NULL, 10), colon + 1, &r->t);
	return RC_OK;
}

/* Was the page deleted after the client started editing (starttimestamp)? */
static bool deleted_since(struct api_ctx *ctx, const struct wiki_title *t, const char *start)
{
	int64_t n = 0;
	store_query_int(ctx->store, &n,
			"SELECT COUNT(*) FROM logging WHERE log_namespace = ? AND log_title = ?"
			" AND log_type = 'delete' AND log_action = 'delete' AND log_timestamp >= ?",
			"dtt", t->ns, t->dbkey, start);
	return n > 0;
}

/* Does revision `rev` exist (with visible text), and on which page? */
static int64_t rev_page(struct api_ctx *ctx, int64_t rev)
{
	int64_t page = 0;
	if (rev <= 0 || store_query_int(ctx->store, &page, "SELECT rev_page FROM revision WHERE rev_id = ?"
							   " AND (rev_deleted & 1) = 0", "i", rev) != RC_OK)
		return 0;
	return page;
}

/*
 * undo/undoafter: the text with the undone revisions taken back, into
 * r->body, and MediaWiki's automatic summary when exactly one revision
 * is undone and no summary was given.
 */
static int apply_undo(struct edit_run *r)
{
	struct api_ctx *ctx = r->ctx;
	struct edit_params *p = r->p;
	int64_t undo = p->undo, after = p->undoafter;
	if (after > 0 && undo < after) {
		int64_t x = undo;
		undo = after;
		after = x;
	}
	int64_t undo_page = rev_page(ctx, undo);
	if (!undo_page)
		return api_error(ctx, "nosuchrevid", NULL, api_p_int(ctx->arena, undo));
	if (!p->undoafter)
		store_query_int(ctx->store, &after, "SELECT rev_parent_id FROM revision WHERE rev_id = ?", "i", undo);
	int64_t after_page = rev_page(ctx, after);
	if (!after_page)
		return api_error(ctx, "nosuchrevid", NULL, api_p_int(ctx->arena, p->undoafter));
	if (undo_page != r->pg.id)
		return api_error(ctx, "revwrongpage", NULL, api_p_int(ctx->arena, undo), r->t.prefixed);
	if (after_page != r->pg.id)
		return api_error(ctx, "revwrongpage", NULL, api_p_int(ctx->arena, after), r->t.prefixed);
	const char *ut, *at;
	size_t ul, al;
	if (wiki_revision_text(ctx->store, ctx->arena, undo, &ut, &ul, NULL) != RC_OK ||
	    wiki_revision_text(ctx->store, ctx->arena, after, &at, &al, NULL) != RC_OK)
		return api_db_error(ctx);
	char *merged;
	size_t ml;
	if (ul == r->pg.text_len && memcmp(ut, r->pg.text, ul) == 0) {
		/* Undoing up to the latest revision: the older text comes back as it was. */
		r->body = at;
	} else if (diff_merge3(ctx->arena, ut, ul, r->pg.text, r->pg.text_len, at, al, &merged, &ml) == RC_OK) {
		r->body = merged;
	} else {
		return api_error(ctx, "undofailure", "undo-failure");
	}
	r->undo = true;
	if (!p->summary) {
		/* Only when one revision is undone: the next one after undoafter is undo itself. */
		int64_t next = 0;
		store_query_int(ctx->store, &next, "SELECT MIN(rev_id) FROM revision WHERE rev_page = ? AND rev_id > ?",
				"ii", r->pg.id, after);
		char *who = NULL;
		if (next == undo &&
		    store_query_text(ctx->store, ctx->arena, &who, "SELECT actor_name FROM revision JOIN actor"
						 " ON actor_id = rev_actor WHERE rev_id = ?", "i", undo) == RC_OK)
			r->summary = arena_printf(ctx->arena,
						  "Reverted revision %lld by [[Special:Contributions/%s|%s]]"
						  " ([[User talk:%s|talk]])", (long long)undo, who, who, who);
	}
	return RC_OK;
}

/*
 * The new full text from `old` (the page text the edit applies to): the
 * whole text, a section replaced, a new section, or text prepended or
 * appended. Into *out (arena) and *out_len.
 */
static int compose(struct edit_run *r, const char *old, size_t old_len, bool exists, const char **out,
		   size_t *out_len)
{
	struct api_ctx *ctx = r->ctx;
	struct edit_params *p = r->p;
	const char *pre = p->prependtext ? p->prependtext : "";
	const char *app = p->appendtext ? p->appendtext : "";
	bool pend = !r->undo && (p->prependtext || p->appendtext);
	if (r->section == -2) {
		/* A new section: a heading from sectiontitle (or the summary), then the text. */
		const char *heading = p->sectiontitle ? p->sectiontitle : p->summary;
		const char *body = pend ? arena_printf(ctx->arena, "%s%s", pre, app) : r->body;
		const char *head = heading && *heading ? arena_printf(ctx->arena, "== %s ==\n\n", heading) : "";
		*out = arena_printf(ctx->arena, "%.*s%s%s%s", (int)old_len, old, old_len ? "\n\n" : "", head, body);
		*out_len = strlen(*out);
		return RC_OK;
	}
	if (r->section >= 0) {
		const char *cur = "";
		size_t cur_len = 0;
		if (exists && wiki_section_get(ctx->arena, old, old_len, r->section, r->section_t, &cur, &cur_len) !=
				      RC_OK)
			return api_error(ctx, "nosuchsection", NULL, p->section);
		if (!exists && r->section != 0)
			return api_error(ctx, "nosuchsection", NULL, p->section);
		const char *repl = pend ? arena_printf(ctx->arena, "%s%.*s%s", pre, (int)cur_len, cur, app) : r->body;
		if (!exists) {
			*out = repl;
			*out_len = strlen(repl);
			return RC_OK;
		}
		char *o;
		if (wiki_section_replace(ctx->arena, old, old_len, r->section, r->section_t, repl, strlen(repl), &o,
					 out_len) != RC_OK)
			return api_error(ctx, "nosuchsection", NULL, p->section);
		*out = o;
		return RC_OK;
	}
	*out = pend ? arena_printf(ctx->arena, "%s%.*s%s", pre, (int)old_len, old, app) : r->body;
	*out_len = strlen(*out);
	return RC_OK;
}

/*
 * The text the client based the edit on (baserevid, else the revision
 * at basetimestamp), or NULL when it gave neither or it cannot be found.
 */
static int64_t base_revision(struct edit_run *r)
{
	struct api_ctx *ctx = r->ctx;
	int64_t rev = 0;
	if (r->p->baserevid > 0)
		return r->p->baserevid;
	if (r->p->basetimestamp)
		store_query_int(ctx->store, &rev, "SELECT rev_id FROM revision WHERE rev_page = ? AND rev_timestamp = ?"
						  " ORDER BY rev_id DESC LIMIT 1",
				"it", r->pg.id, r->p->basetimestamp);
	return rev;
}

/*
 * EditPage's UserRateLimitConstraint: the edit counts against "edit",
 * the link updates it will cause are checked (not counted) against
 * "linkpurge", and a change of content model counts against
 * "editcontentmodel" too. The counts join the edit's transaction, so an
 * attempt that fails later (a conflict, a size limit) is not counted.
 */
static bool rate_limited(struct edit_run *r, const char *model)
{
	struct api_ctx *ctx = r->ctx;
	const char *current = r->pg.id && r->pg.model ? r->pg.model : wiki_default_model(r->t.ns, r->t.dbkey);
	return wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "edit", 1) ||
	       wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "linkpurge", 0) ||
	       (!streq(model, current) && wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "editcontentmodel", 1));
}

/*
 * Does the page have section `s` as ApiEditPage asks the content for it
 * (the parser reads any id laxly: the number after the last '-', "x"
 * and "" being 0)? The empty text of a missing page has only section 0.
 */
static bool has_section(struct edit_run *r, const char *s)
{
	long n;
	bool t;
	const char *out;
	size_t out_len;
	wiki_section_id_lax(s, &n, &t);
	if (!r->pg.id || !r->pg.text_len)
		return n == 0;
	return wiki_section_get(r->ctx->arena, r->pg.text, r->pg.text_len, n, t, &out, &out_len) == RC_OK;
}

/*
 * The edit's checks and composition inside the transaction, in
 * ApiEditPage's order: the content handler (no-direct-editing, the
 * format), createonly/nocreate, permissions and blocks, the section an
 * append goes to, undo, md5, the section= value, the change tags
 * (into *tags); then EditPage's own: rate limits, deletion since the
 * start, conflicts, size. *text gets the final text.
 */
static int prepare(struct edit_run *r, int64_t actor, const char **text, size_t *len, const char *const **tags)
{
	struct api_ctx *ctx = r->ctx;
	struct edit_params *p = r->p;
	bool exists = r->pg.id != 0;
	const char *model = r->p->contentmodel ? r->p->contentmodel
			    : exists && r->pg.model ? r->pg.model : wiki_default_model(r->t.ns, r->t.dbkey);
	/* Content of an unknown model has no handler that could edit it (undo may still restore it). */
	if (streq(model, "unknown") && p->undo <= 0)
		return api_error(ctx, "no-direct-editing", "apierror-no-direct-editing", model, r->t.prefixed_dbkey);
	if (p->contentformat && !streq(p->contentformat, wiki_model_format(model)))
		return api_error(ctx, "badformat", "apierror-badformat", p->contentformat, model, r->t.prefixed_dbkey);
	if (exists && p->createonly)
		return api_error(ctx, "articleexists", NULL);
	if (!exists && p->nocreate)
		return api_error(ctx, "missingtitle", NULL);
	int rc = check_rights(ctx, &r->t, r->pg.id, model);
	/* Blocks come last among MediaWiki's permission checks, for editing and then for creating. */
	if (rc == RC_OK)
		rc = api_check_blocked(ctx, "edit", &r->t);
	if (rc == RC_OK && !exists)
		rc = api_check_blocked(ctx, "create", &r->t);
	r->refused = rc != RC_OK;
	if (rc != RC_OK)
		return rc;
	bool pend = p->prependtext || p->appendtext;
	/* Text added to a section: only wikitext has sections, and the section must be there. */
	bool sections = streq(model, "wikitext");
	if (pend && p->section && !sections)
		return api_error(ctx, "sectionsnotsupported", NULL, model);
	if (pend && p->section && r->section != -2 && !has_section(r, p->section))
		return api_error(ctx, "nosuchsection", NULL, wiki_escape_wikitext(ctx->arena, p->section));
	if (p->undo > 0 && apply_undo(r) != RC_OK)
		return RC_ERR;
	/* md5 covers text= as sent (not an undo's result), or prependtext and appendtext joined. */
	if (p->md5) {
		const char *what = pend ? arena_printf(ctx->arena, "%s%s", p->prependtext ? p->prependtext : "",
						       p->appendtext ? p->appendtext : "")
					: p->text ? p->text : "";
		if (!md5_matches(what, p->md5))
			return api_error(ctx, "badmd5", NULL);
	}
	if (p->section && r->section != -2) {
		if (wiki_section_id(p->section, &r->section, &r->section_t) != RC_OK)
			return api_error(ctx, "invalidsection", NULL);
		if (!streq(p->section, "0") && (!exists || !sections || !has_section(r, p->section)))
			return api_error(ctx, "nosuchsection", NULL, p->section);
	}
	if (pageact_tags(ctx, &p->tags, tags) != RC_OK)
		return RC_ERR;
	if (rate_limited(r, model))
		rc = api_error(ctx, "ratelimited", NULL);
	if (rc == RC_OK && !exists && p->starttimestamp && !p->recreate && deleted_since(ctx, &r->t, p->starttimestamp))
		rc = api_error(ctx, "pagedeleted", NULL);
	if (rc != RC_OK)
		return rc;

	const char *composed;
	size_t composed_len;
	rc = compose(r, r->pg.text, r->pg.text_len, exists, &composed, &composed_len);
	/*
	 * Edit conflict, as EditPage: the base (basetimestamp, else
	 * baserevid) is not the latest revision. A new section never
	 * conflicts; a whole-page edit by an account does not when nobody
	 * else saved since basetimestamp. Otherwise the edit, made on the
	 * base text (the revision with exactly that timestamp or id), is
	 * merged with the changes since, line by line; no base, or
	 * overlapping changes, is a conflict.
	 */
	bool conflict = rc == RC_OK && exists && !r->undo &&
			((p->basetimestamp && r->pg.latest_ts && strcmp(p->basetimestamp, r->pg.latest_ts) != 0) ||
			 (p->baserevid > 0 && p->baserevid != r->pg.latest));
	if (conflict && (r->section == -2 ||
			 (r->section == -1 && p->basetimestamp && ctx->user->id &&
			  !others_edited_since(ctx, r->pg.id, p->basetimestamp, actor))))
		conflict = false;
	if (conflict) {
		int64_t base = base_revision(r);
		const char *bt, *mine;
		size_t bl, mine_len;
		char *merged;
		size_t ml;
		if (!base || wiki_revision_text(ctx->store, ctx->arena, base, &bt, &bl, NULL) != RC_OK ||
		    compose(r, bt, bl, true, &mine, &mine_len) != RC_OK ||
		    diff_merge3(ctx->arena, bt, bl, r->pg.text, r->pg.text_len, mine, mine_len, &merged, &ml) != RC_OK)
			return api_error(ctx, "editconflict", NULL);
		composed = merged;
		composed_len = ml;
	}
	if (rc != RC_OK)
		return rc;
	/* A new section of an existing page needs text (EditPage's MissingCommentConstraint). */
	if (exists && r->section == -2) {
		const char *body = pend ? arena_printf(ctx->arena, "%s%s", p->prependtext ? p->prependtext : "",
						       p->appendtext ? p->appendtext : "")
					: r->body;
		size_t n = strlen(body);
		while (n && strchr(" \t\n\r\v", body[n - 1]))
			n--;
		if (!n)
			return api_error(ctx, "missingcommenttext", "missingcommenttext");
	}
	if (composed_len > WIKI_MAX_ARTICLE_BYTES)
		return api_error(ctx, "contenttoobig", NULL, api_p_int(ctx->arena, WIKI_MAX_ARTICLE_BYTES / 1024));
	*text = wiki_text_normalize(ctx->arena, composed, composed_len, len);
	/*
	 * The pre-save transform of the whole new text (signatures, subst:,
	 * the pipe trick), unless action=stashedit did it (and the parse)
	 * for this text already.
	 */
	if (!wiki_edit_stash_get(ctx->store, ctx->arena, &r->t, ctx->user, model, *text, *len, text, len, &r->rendered) &&
	    wiki_pst(ctx->store, ctx->arena, &r->t, model, ctx->user, *text, *len, text, len, NULL) != RC_OK)
		return api_error(ctx, "contenttoobig", NULL, api_p_int(ctx->arena, WIKI_MAX_ARTICLE_BYTES / 1024));
	if (*len > WIKI_MAX_ARTICLE_BYTES)
		return api_error(ctx, "contenttoobig", NULL, api_p_int(ctx->arena, WIKI_MAX_ARTICLE_BYTES / 1024));
	return RC_OK;
}

static int exec_edit(struct api_ctx *ctx, void *vp)
{
	struct edit_params *p = vp;
	struct edit_run r = { .ctx = ctx, .p = p, .section = -1 };
	int rc;

	/* As ApiEditPage: something to save first, then the page. */
	if (api_require_at_least_one(ctx, (const char *const[]){ "text", "appendtext", "prependtext", "undo", NULL }) !=
		    RC_OK ||
	    api_require_one_of(ctx, (const char *const[]){ "title", "pageid", NULL }) != RC_OK)
		return RC_ERR;
	/* The section's other forms are checked where ApiEditPage checks them, in prepare(). */
	if (p->section && streq(p->section, "new"))
		r.section = -2;
	const char *const *tags = NULL;
	rc = resolve_title(&r);
	if (rc != RC_OK)
		return rc;
	if (r.t.ns < 0)
		return api_error(ctx, "pagecannotexist", NULL);
	if (p->bot && !wiki_user_can(ctx->user, "bot"))
		p->bot = false;
	r.body = p->text ? p->text : "";
	r.summary = p->summary ? p->summary : "";
	if (r.section == -2)
		r.summary = new_section_summary(ctx, p);

	rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	rc = wiki_page_load(ctx->store, ctx->arena, r.t.ns, r.t.dbkey, &r.pg);
	/* redirect= only adds to the target; it needs text to add (ApiEditPage checks it first). */
	if (rc == RC_OK && p->redirect && !p->prependtext && !p->appendtext && r.section != -2) {
		store_rollback(ctx->store);
		return api_error(ctx, "redirect-appendonly", NULL);
	}
	const char *redirected_from = NULL;
	if (rc == RC_OK && r.pg.id && p->redirect && r.pg.is_redirect) {
		const char *target = wiki_redirect_target(ctx->arena, r.pg.text);
		struct wiki_title rt;
		const char *err;
		if (target && wiki_title_parse(ctx->arena, target, 0, &rt, &err) == RC_OK && !rt.is_external &&
		    rt.ns >= 0) {
			redirected_from = r.t.prefixed;
			r.t = rt;
			rc = wiki_page_load(ctx->store, ctx->arena, r.t.ns, r.t.dbkey, &r.pg);
		}
	}
	int64_t actor = 0;
	if (rc == RC_OK)
		rc = wiki_actor_id(ctx->store, ctx->user->id, ctx->user->name, &actor);
	if (rc != RC_OK)
		return api_db_finish(ctx, rc);
	const char *text = NULL;
	size_t len = 0;
	rc = prepare(&r, actor, &text, &len, &tags);
	if (rc != RC_OK) {
		store_rollback(ctx->store);
		/* A blocked user refused an edit spreads an autoblock to this address (checkTitleUserPermissions). */
		if (r.refused)
			api_spread_block(ctx);
		return rc;
	}
	/* The deprecated watch/unwatch win over watchlist=, as in MediaWiki. */
	const char *watchlist = p->watch ? "watch" : p->unwatch ? "unwatch" : p->watchlist;
	bool watch = pageact_watch_value(ctx, watchlist, &r.t, r.pg.id != 0, NULL);
	rc = pageact_set_watch(ctx, watch, &r.t);
	if (rc != RC_OK)
		return api_db_finish(ctx, rc);
	const char *model = p->contentmodel;
	if (!model)
		model = r.pg.id && r.pg.model ? r.pg.model : wiki_default_model(r.t.ns, r.t.dbkey);
	if (streq(model, "json")) {
		json_error_t jerr;
		json_t *j = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
		if (!j) {
			store_rollback(ctx->store);
			return api_error(ctx, "invalid-json-data", "invalid-json-data",
					 api_p_msg(ctx->arena, "json-error-syntax", NULL, 0));
		}
		json_decref(j);
	}
	/* Where redirect= led, before the edit's own result (as ApiEditPage adds it). */
	if (redirected_from) {
		struct api_node *rd = api_add_object(ctx->result, "redirects");
		api_add_str(rd, "from", redirected_from);
		api_add_str(rd, "to", r.t.prefixed);
	}
	struct api_node *res = api_add_object(ctx->result, "edit");
	if (r.pg.id && len == r.pg.text_len && memcmp(text, r.pg.text, len) == 0 &&
	    (!p->contentmodel || !r.pg.model || streq(model, r.pg.model))) {
		/* Null edit: no revision is written, only the watchlist change. */
		if (api_db_finish(ctx, RC_OK) != RC_OK)
			return RC_ERR;
		api_add_str(res, "result", "Success");
		api_add_int(res, "pageid", r.pg.id);
		api_add_str(res, "title", r.t.prefixed);
		api_add_str(res, "contentmodel", model);
		api_add_bool(res, "nochange", true);
		if (watch)
			api_add_bool(res, "watched", true);
		return RC_OK;
	}
	/* With temporary accounts on, an anonymous edit is saved by the editor's new temporary account. */
	bool temp_created = false;
	if (!ctx->user->id && wiki_temp_enabled()) {
		struct wiki_user *tu;
		rc = wiki_temp_create(ctx->store, ctx->arena, ctx->req, ctx->resp, ctx->user, &tu);
		if (rc != RC_OK)
			return api_db_finish(ctx, rc);
		ctx->user = tu;
		temp_created = true;
		rc = pageact_set_watch(ctx, watch, &r.t);
		if (rc != RC_OK)
			return api_db_finish(ctx, rc);
	}
	/* An undo carries mw-undo besides the client's tags. */
	const char **all_tags = arena_calloc(ctx->arena, p->tags.n + 2, sizeof(*all_tags));
	size_t n_tags = 0;
	for (size_t i = 0; tags && tags[i]; i++)
		all_tags[n_tags++] = tags[i];
	if (r.undo)
		all_tags[n_tags++] = "mw-undo";
	/*
	 * minor wins over notminor; without either the user's minordefault
	 * preference decides (as ApiEditPage). Minor edits need the minoredit
	 * right; without it the edit is saved as a normal one.
	 */
	bool minor = p->minor;
	if (!minor && !p->notminor) {
		const char *md = wiki_user_option_get(ctx->store, ctx->arena, ctx->user->id, "minordefault");
		minor = md && *md && !streq(md, "0");
	}
	minor = minor && wiki_user_can(ctx->user, "minoredit");
	/* The actor read above, unless the edit is now a new temporary account's. */
	struct wiki_edit e = {
		.title = &r.t, .user = ctx->user, .actor = temp_created ? 0 : actor, .old = &r.pg, .text = text,
		.len = len, .model = model,
		.summary = r.summary, .minor = minor, .bot = p->bot, .tags = all_tags, .rendered = r.rendered,
	};
	rc = wiki_page_save(ctx->store, ctx->arena, &e);
	if (rc == RC_OK && r.pg.id && r.pg.model && !streq(model, r.pg.model)) {
		/* An existing page's model changed: EditPage logs it (contentmodel/change) with the client's summary. */
		struct wiki_pvalue items[2] = {
			{ .type = WIKI_PV_STRING, .key = "4::oldmodel", .s = r.pg.model, .len = strlen(r.pg.model) },
			{ .type = WIKI_PV_STRING, .key = "5::newmodel", .s = model, .len = strlen(model) },
		};
		struct wiki_pvalue lp = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 2 };
		struct wiki_log_entry le = {
			.type = "contentmodel", .action = "change", .user_id = ctx->user->id, .user_name = ctx->user->name,
			.ns = r.t.ns, .dbkey = r.t.dbkey, .page_id = e.page_id, .comment = p->summary ? p->summary : "",
			.params = &lp, .tags = tags, .rc_autopatrol = wiki_user_can(ctx->user, "autopatrol"),
			.ip = ctx->user->ip,
		};
		rc = wiki_log_add(ctx->store, ctx->arena, &le, NULL);
	}
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	api_add_str(res, "result", "Success");
	api_add_int(res, "pageid", e.page_id);
	api_add_str(res, "title", r.t.prefixed);
	api_add_str(res, "contentmodel", model);
	if (!r.pg.id)
		api_add_bool(res, "new", true);
	api_add_int(res, "oldrevid", r.pg.latest);
	api_add_int(res, "newrevid", e.rev_id);
	api_add_str(res, "newtimestamp", wiki_timestamp_iso(ctx->arena, e.timestamp));
	if (watch)
		api_add_bool(res, "watched", true);
	if (temp_created) {
		api_add_bool(res, "tempusercreated", true);
		api_add_str(res, "tempusercreatedredirect", wiki_title_url(ctx->arena, &r.t));
	}
	return RC_OK;
}

const struct api_module api_module_edit = {
	.name = "edit",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct edit_params),
	.summary = "Save a new version of a page, or create the page.",
	.examples = (const char *const[]){
		"action=edit&title=Test&summary=test%20summary&text=article%20content&baserevid=1234567"
		"&basetimestamp=2007-08-24T12:34:54Z&token=123ABC",
		"Edit a page.",
		"action=edit&title=Test&summary=NOTOC&minor=&prependtext=__NOTOC__%0A&basetimestamp=2007-08-24T12:34:54Z"
		"&token=123ABC",
		"Put __NOTOC__ at the start of a page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Edit", NULL },
	.exec = exec_edit,
};
