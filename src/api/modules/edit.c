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
 * made by the same user. Null edits (same text) write nothing and answer
 * "nochange".
 */
#include "../api_int.h"

#include <ctype.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stddef.h>
#include <stdio.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/timestamp.h"
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
	const char *md5;            /* MD5 of text (or prependtext+appendtext) */
	const char *prependtext;    /* text to add at the start */
	const char *appendtext;     /* text to add at the end */
	bool redirect;              /* edit the target of a redirect */
	const char *contentformat;  /* serialization format */
	const char *contentmodel;   /* content model of the new content */
};

static const char *const models[] = { "css", "javascript", "json", "text", "wikitext", NULL };
static const char *const formats[] = { "application/json", "text/css", "text/javascript", "text/plain",
				       "text/x-wiki", NULL };

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_TITLE, .offset = offsetof(struct edit_params, title),
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
	{ .name = "md5", .type = API_T_STRING, .offset = offsetof(struct edit_params, md5),
	  .desc = "MD5 hash of the text (or of prependtext and appendtext joined); the edit fails "
		  "when it does not match, which guards against damaged transfers." },
	{ .name = "prependtext", .type = API_T_TEXT, .offset = offsetof(struct edit_params, prependtext),
	  .desc = "Add this text at the start of the page (or section); overrides text." },
	{ .name = "appendtext", .type = API_T_TEXT, .offset = offsetof(struct edit_params, appendtext),
	  .desc = "Add this text at the end of the page (or section); overrides text." },
	{ .name = "redirect", .type = API_T_BOOL, .offset = offsetof(struct edit_params, redirect),
	  .desc = "When the page is a redirect, edit its target instead." },
	{ .name = "contentformat", .type = API_T_ENUM, .values = formats,
	  .offset = offsetof(struct edit_params, contentformat),
	  .desc = "Serialization format of the new content." },
	{ .name = "contentmodel", .type = API_T_ENUM, .values = models,
	  .offset = offsetof(struct edit_params, contentmodel), .desc = "The content model to save the text with." },
	{ 0 }
};

/* The page as read inside the save transaction. */
struct page_row {
	int64_t id;          /* page_id, 0 when the page does not exist */
	int64_t latest;      /* page_latest */
	int64_t len;         /* page_len */
	const char *model;   /* page_content_model */
	const char *text;    /* text of the latest revision */
	size_t text_len;     /* its length */
	const char *latest_ts; /* rev_timestamp of the latest revision */
	bool is_redirect;    /* page_is_redirect */
};

static int load_page(struct api_ctx *ctx, int ns, const char *dbkey, struct page_row *p)
{
	memset(p, 0, sizeof(*p));
	struct store_stmt *s = store_prepare(ctx->store,
		"SELECT page_id, page_latest, page_len, page_content_model, page_is_redirect, rev_timestamp"
		" FROM page LEFT JOIN revision ON rev_id = page_latest"
		" WHERE page_namespace = ? AND page_title = ?");
	if (!s)
		return RC_ERR;
	store_bindv(s, "dt", ns, dbkey);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		p->id = store_col_int(s, 0);
		p->latest = store_col_int(s, 1);
		p->len = store_col_int(s, 2);
		p->model = store_col_dup(s, ctx->arena, 3);
		p->is_redirect = store_col_int(s, 4) != 0;
		p->latest_ts = store_col_dup(s, ctx->arena, 5);
		rc = RC_OK;
	} else if (rc == STORE_DONE) {
		rc = RC_OK;
	}
	store_stmt_done(s);
	if (rc != RC_OK || !p->id)
		return rc;
	s = store_prepare(ctx->store, "SELECT slot_content_id FROM slots WHERE slot_revision_id = ?"
				      " ORDER BY slot_role_id LIMIT 1");
	if (!s)
		return RC_ERR;
	store_bindv(s, "i", p->latest);
	int64_t cid = 0;
	if (store_step(s) == STORE_ROW)
		cid = store_col_int(s, 0);
	store_stmt_done(s);
	if (!cid)
		return RC_ERR;
	return store_content_get(ctx->store, ctx->arena, cid, &p->text, &p->text_len, NULL);
}

/* True when any revision of page `id` newer than `ts` was made by another actor. */
static bool others_edited_since(struct api_ctx *ctx, int64_t page, const char *ts, int64_t actor)
{
	int64_t n = 0;
	store_query_int(ctx->store, &n,
			"SELECT COUNT(*) FROM revision WHERE rev_page = ? AND rev_timestamp > ? AND rev_actor != ?",
			"iti", page, ts, actor);
	return n > 0;
}

/* Same, with the base given as a revision id. */
static bool others_edited_after_rev(struct api_ctx *ctx, int64_t page, int64_t rev, int64_t actor)
{
	int64_t n = 0;
	store_query_int(ctx->store, &n,
			"SELECT COUNT(*) FROM revision WHERE rev_page = ? AND rev_id > ? AND rev_actor != ?",
			"iii", page, rev, actor);
	return n > 0;
}

/*
 * Section boundaries of wikitext: a heading is a line "=...=" (1 to 6
 * signs, the same count both sides) outside comments, <nowiki> and <pre>.
 * Section 0 is the text before the first heading. Returns the byte range
 * of section `n` (heading included) in *start and *end, or RC_NOTFOUND.
 */
static int find_section(const char *t, size_t len, long n, size_t *start, size_t *end)
{
	long count = 0;
	int level = 0;
	bool found = n == 0;
	*start = 0;
	*end = len;
	bool in_skip = false;
	const char *skip_end = NULL;
	for (size_t i = 0; i < len;) {
		size_t eol = i;
		while (eol < len && t[eol] != '\n')
			eol++;
		/* Track <!-- -->, <nowiki>, <pre> regions crossing lines. */
		const char *line = t + i;
		size_t ll = eol - i;
		if (!in_skip && ll >= 2 && line[0] == '=' && line[ll - 1 - (line[ll - 1] == '\r')] == '=') {
			int lv = 0, rv = 0;
			size_t e = ll;
			while (e > 0 && (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '\r'))
				e--;
			while (lv < 6 && (size_t)lv < e && line[lv] == '=')
				lv++;
			while (rv < 6 && (size_t)rv < e && line[e - 1 - rv] == '=')
				rv++;
			int l = MIN(lv, rv);
			if (l > 0 && (size_t)(2 * l) < e) {
				count++;
				if (found && (n == 0 || l <= level)) {
					*end = i;
					return RC_OK;
				}
				if (count == n) {
					found = true;
					level = l;
					*start = i;
				}
			}
		}
		for (size_t k = i; k < eol; k++) {
			if (!in_skip) {
				if (strncmp(t + k, "<!--", 4) == 0)
					in_skip = true, skip_end = "-->";
				else if (strncasecmp(t + k, "<nowiki>", 8) == 0)
					in_skip = true, skip_end = "</nowiki>";
				else if (strncasecmp(t + k, "<pre>", 5) == 0 || strncasecmp(t + k, "<pre ", 5) == 0)
					in_skip = true, skip_end = "</pre>";
			} else if (strncasecmp(t + k, skip_end, strlen(skip_end)) == 0) {
				in_skip = false;
			}
		}
		i = eol + 1;
	}
	return found ? RC_OK : RC_NOTFOUND;
}

/* Redirect target of wikitext "#REDIRECT [[Target]]", arena string, or NULL. */
static const char *redirect_target(struct arena *a, const char *text)
{
	const char *p = text;
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (strncasecmp(p, "#REDIRECT", 9) != 0)
		return NULL;
	p += 9;
	while (*p == ' ' || *p == '\t' || *p == ':')
		p++;
	if (p[0] != '[' || p[1] != '[')
		return NULL;
	p += 2;
	const char *e = strstr(p, "]]");
	const char *bar = memchr(p, '|', e ? (size_t)(e - p) : 0);
	if (!e)
		return NULL;
	return arena_strndup(a, p, (size_t)((bar ? bar : e) - p));
}

/* Find or create the comment row for `text`. */
static int comment_id(struct api_ctx *ctx, const char *text, int64_t *id)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		h = (h ^ *p) * 16777619u;
	int64_t hash = (int32_t)h;
	int rc = store_query_int(ctx->store, id, "SELECT comment_id FROM comment WHERE comment_hash = ?"
						 " AND comment_text = ? LIMIT 1", "it", hash, text);
	if (rc != RC_NOTFOUND)
		return rc;
	rc = store_run(ctx->store, "INSERT INTO comment (comment_hash, comment_text) VALUES (?, ?)", "it", hash,
		       text);
	*id = store_last_id(ctx->store);
	return rc;
}

/* The actor of the editing user, created for anonymous editors on first edit. */
static int actor_id(struct api_ctx *ctx, int64_t *id)
{
	if (ctx->user->actor_id) {
		*id = ctx->user->actor_id;
		return RC_OK;
	}
	int rc = store_query_int(ctx->store, id, "SELECT actor_id FROM actor WHERE actor_name = ?", "t",
				 ctx->user->name);
	if (rc != RC_NOTFOUND)
		return rc;
	rc = store_run(ctx->store, "INSERT INTO actor (actor_user, actor_name) VALUES (NULL, ?)", "t",
		       ctx->user->name);
	*id = store_last_id(ctx->store);
	return rc;
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
 * Content model of a new page without contentmodel=: MediaWiki gives .css,
 * .js and .json pages in the User and MediaWiki namespaces their code
 * models, and wikitext to everything else.
 */
static const char *default_model(const struct wiki_title *t)
{
	if (t->ns == 2 || t->ns == 8) {
		size_t n = strlen(t->dbkey);
		if (n > 4 && streq(t->dbkey + n - 4, ".css"))
			return "css";
		if (n > 3 && streq(t->dbkey + n - 3, ".js"))
			return "javascript";
		if (n > 5 && streq(t->dbkey + n - 5, ".json"))
			return "json";
	}
	return "wikitext";
}

/* Does saving need a right the user lacks? Sets the MediaWiki error. */
static int check_rights(struct api_ctx *ctx, const struct wiki_title *t, bool exists)
{
	if (!wiki_user_can(ctx->user, "edit"))
		return api_error(ctx, "permissiondenied", NULL, "edit pages");
	const struct wiki_ns *ns = wiki_ns_get(t->ns);
	if (ns && ns->protection && !wiki_user_can(ctx->user, ns->protection))
		return api_error(ctx, "protectednamespace-interface", NULL);
	if (!exists) {
		const char *right = wiki_ns_is_talk(t->ns) ? "createtalk" : "createpage";
		if (!wiki_user_can(ctx->user, right))
			return api_error(ctx, ctx->user->id ? "cantcreate" : "cantcreate-anon", NULL);
	}
	return RC_OK;
}

static int exec_edit(struct api_ctx *ctx, void *vp)
{
	struct edit_params *p = vp;
	struct wiki_title t;
	const char *err = NULL;
	char now[15];
	int rc;

	if (!!p->title == api_param_given(ctx, "pageid"))
		return p->title ? api_error(ctx, "invalidparammix", "apierror-invalidparammix-cannotusewith",
					    "title", "pageid")
				: api_error(ctx, "missingparam", "apierror-missingparam-one-of", "title, pageid", "2");
	if (!p->text && !p->appendtext && !p->prependtext)
		return api_error(ctx, "missingparam", "apierror-missingparam-one-of",
				 "text, appendtext, prependtext", "3");
	if (p->title) {
		if (wiki_title_parse(ctx->arena, p->title, 0, &t, &err) != RC_OK || t.is_external || !*t.dbkey)
			return api_error(ctx, "invalidtitle", NULL, p->title);
	} else {
		char *pt = NULL;
		if (store_query_text(ctx->store, ctx->arena, &pt,
				     "SELECT page_namespace || ':' || page_title FROM page WHERE page_id = ?", "i",
				     (int64_t)p->pageid) != RC_OK)
			return api_error(ctx, "nosuchpageid", NULL, arena_printf(ctx->arena, "%ld", p->pageid));
		char *colon = strchr(pt, ':');
		*colon = '\0';
		wiki_title_make(ctx->arena, (int)strtol(pt, NULL, 10), colon + 1, &t);
	}
	if (t.ns < 0)
		return api_error(ctx, "noedit-specialpage", "apierror-noedit-specialpage");
	if (p->bot && !wiki_user_can(ctx->user, "bot"))
		p->bot = false;
	const char *summary = p->summary ? p->summary : "";
	const char *model = p->contentmodel;

	rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_error(ctx, "databaseerror", "apierror-databaseerror", store_errmsg(ctx->store));

	struct page_row pg;
	rc = load_page(ctx, t.ns, t.dbkey, &pg);
	if (rc == RC_OK && pg.id && p->redirect && pg.is_redirect) {
		const char *target = redirect_target(ctx->arena, pg.text);
		struct wiki_title rt;
		if (target && wiki_title_parse(ctx->arena, target, 0, &rt, &err) == RC_OK && !rt.is_external) {
			t = rt;
			rc = load_page(ctx, t.ns, t.dbkey, &pg);
		}
	}
	if (rc != RC_OK) {
		store_rollback(ctx->store);
		return api_error(ctx, "databaseerror", "apierror-databaseerror", store_errmsg(ctx->store));
	}
	rc = check_rights(ctx, &t, pg.id != 0);
	if (rc == RC_OK && pg.id && p->createonly)
		rc = api_error(ctx, "articleexists", NULL);
	if (rc == RC_OK && !pg.id && p->nocreate)
		rc = api_error(ctx, "missingtitle", NULL);
	if (rc == RC_OK && p->contentmodel && streq(p->contentmodel, "json") && p->text) {
		/* JSON must parse: objects, arrays, scalars; checked by a small validator. */
		json_error_t jerr;
		json_t *j = json_loads(p->text, JSON_DECODE_ANY, &jerr);
		if (j)
			json_decref(j);
		else
			rc = api_error(ctx, "invalid-json-data", "apierror-invalid-json-data");
	}
	int64_t actor = 0;
	if (rc == RC_OK)
		rc = actor_id(ctx, &actor) == RC_OK ? RC_OK
			: api_error(ctx, "databaseerror", "apierror-databaseerror", store_errmsg(ctx->store));
	/* Edit conflict: the base is older than the latest revision, by someone else. */
	if (rc == RC_OK && pg.id &&
	    ((p->basetimestamp && pg.latest_ts && strcmp(p->basetimestamp, pg.latest_ts) < 0 &&
	      others_edited_since(ctx, pg.id, p->basetimestamp, actor)) ||
	     (p->baserevid > 0 && p->baserevid < pg.latest && others_edited_after_rev(ctx, pg.id, p->baserevid, actor))))
		rc = api_error(ctx, "editconflict", NULL);
	if (rc != RC_OK) {
		store_rollback(ctx->store);
		return rc;
	}

	/* The new text: whole page or one section, with prepend/append. */
	const char *old = pg.id ? pg.text : "";
	size_t old_len = pg.id ? pg.text_len : 0;
	struct sbuf nt;
	sbuf_init(&nt, 2u << 20);
	const char *body = p->text ? p->text : "";
	if (p->prependtext || p->appendtext) {
		if (p->md5) {
			const char *joined = arena_printf(ctx->arena, "%s%s", p->prependtext ? p->prependtext : "",
							  p->appendtext ? p->appendtext : "");
			if (!md5_matches(joined, p->md5))
				rc = api_error(ctx, "badmd5", NULL);
		}
	} else if (p->md5 && !md5_matches(body, p->md5)) {
		rc = api_error(ctx, "badmd5", NULL);
	}
	if (rc == RC_OK && p->section && streq(p->section, "new")) {
		const char *heading = p->sectiontitle ? p->sectiontitle : p->summary;
		if (!pg.id && !heading)
			heading = NULL;
		sbuf_add(&nt, old, old_len);
		if (old_len)
			sbuf_adds(&nt, "\n\n");
		if (heading && *heading)
			sbuf_addf(&nt, "== %s ==\n\n", heading);
		sbuf_adds(&nt, body);
		if (!p->summary && heading)
			summary = arena_printf(ctx->arena, "/* %s */ new section", heading);
	} else if (rc == RC_OK && p->section) {
		long n;
		char *endp;
		n = strtol(p->section, &endp, 10);
		size_t s0, s1;
		if (!*p->section || *endp || n < 0)
			rc = api_error(ctx, "invalidsection", NULL);
		else if (!pg.id || find_section(old, old_len, n, &s0, &s1) != RC_OK)
			rc = api_error(ctx, "nosuchsection", NULL, p->section);
		else {
			sbuf_add(&nt, old, s0);
			if (p->prependtext)
				sbuf_adds(&nt, p->prependtext);
			if (p->prependtext || p->appendtext)
				sbuf_add(&nt, old + s0, s1 - s0);
			else
				sbuf_adds(&nt, body);
			if (p->appendtext)
				sbuf_adds(&nt, p->appendtext);
			/* Keep the line break that separated this section from the next. */
			if (s1 < old_len && nt.len && nt.p[nt.len - 1] != '\n' && !(p->prependtext || p->appendtext))
				sbuf_addc(&nt, '\n');
			sbuf_add(&nt, old + s1, old_len - s1);
		}
	} else if (rc == RC_OK) {
		if (p->prependtext || p->appendtext) {
			if (p->prependtext)
				sbuf_adds(&nt, p->prependtext);
			sbuf_add(&nt, old, old_len);
			if (p->appendtext)
				sbuf_adds(&nt, p->appendtext);
		} else {
			sbuf_adds(&nt, body);
		}
	}
	if (rc == RC_OK && nt.is_toobig)
		rc = api_error(ctx, "contenttoobig", NULL, "2048");
	if (rc != RC_OK) {
		sbuf_release(&nt);
		store_rollback(ctx->store);
		return rc;
	}
	/* MediaWiki trims trailing whitespace of the whole text when saving. */
	while (nt.len && isspace((unsigned char)nt.p[nt.len - 1]))
		nt.p[--nt.len] = '\0';
	const char *text = arena_strndup(ctx->arena, sbuf_cstr(&nt), nt.len);
	size_t len = nt.len;
	sbuf_release(&nt);
	if (!model)
		model = pg.id && pg.model ? pg.model : default_model(&t);

	struct api_node *res = api_add_object(ctx->result, "edit");
	if (pg.id && len == old_len && memcmp(text, old, len) == 0) {
		/* Null edit: nothing is written. */
		store_rollback(ctx->store);
		api_add_str(res, "result", "Success");
		api_add_int(res, "pageid", pg.id);
		api_add_str(res, "title", t.prefixed);
		api_add_str(res, "contentmodel", model);
		api_add_bool(res, "nochange", true);
		return RC_OK;
	}

	ts_format_mw(util_now(), now);
	char sha1[32];
	store_sha1_base36(text, len, sha1);
	int64_t cid = 0, content = 0, rev = 0, page = pg.id, role = 0;
	rc = comment_id(ctx, summary, &cid);
	if (rc == RC_OK)
		rc = store_content_put(ctx->store, model, text, len, &content);
	if (rc == RC_OK)
		rc = store_role_id(ctx->store, "main", &role);
	double rnd = 0;
	unsigned char rb[4];
	util_random(rb, sizeof(rb));
	rnd = (double)((uint32_t)rb[0] << 24 | (uint32_t)rb[1] << 16 | (uint32_t)rb[2] << 8 | rb[3]) / 4294967296.0;
	const char *rtarget = streq(model, "wikitext") ? redirect_target(ctx->arena, text) : NULL;
	if (rc == RC_OK && !page) {
		rc = store_run(ctx->store,
			       "INSERT INTO page (page_namespace, page_title, page_is_redirect, page_is_new,"
			       " page_random, page_touched, page_latest, page_len, page_content_model)"
			       " VALUES (?, ?, ?, 1, ?, ?, 0, ?, ?)",
			       "dtiftit", t.ns, t.dbkey, (int64_t)(rtarget != NULL), rnd, now, (int64_t)len, model);
		page = store_last_id(ctx->store);
	}
	if (rc == RC_OK) {
		rc = store_run(ctx->store,
			       "INSERT INTO revision (rev_page, rev_comment_id, rev_actor, rev_timestamp,"
			       " rev_minor_edit, rev_deleted, rev_len, rev_parent_id, rev_sha1)"
			       " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
			       "iiitiiit", page, cid, actor, now, (int64_t)(p->minor && pg.id && !p->notminor),
			       (int64_t)len, pg.latest, sha1);
		rev = store_last_id(ctx->store);
	}
	if (rc == RC_OK)
		rc = store_run(ctx->store, "INSERT INTO slots (slot_revision_id, slot_role_id, slot_content_id,"
					   " slot_origin) VALUES (?, ?, ?, ?)", "iiii", rev, role, content, rev);
	if (rc == RC_OK)
		rc = store_run(ctx->store,
			       "UPDATE page SET page_latest = ?, page_len = ?, page_touched = ?, page_is_new = ?,"
			       " page_is_redirect = ?, page_content_model = ? WHERE page_id = ?",
			       "iitiiti", rev, (int64_t)len, now, (int64_t)(pg.id == 0), (int64_t)(rtarget != NULL),
			       model, page);
	if (rc == RC_OK) {
		struct wiki_title rt;
		if (rtarget && wiki_title_parse(ctx->arena, rtarget, 0, &rt, &err) == RC_OK)
			rc = store_run(ctx->store,
				       "INSERT INTO redirect (rd_from, rd_namespace, rd_title, rd_interwiki, rd_fragment)"
				       " VALUES (?, ?, ?, ?, ?) ON CONFLICT (rd_from) DO UPDATE SET"
				       " rd_namespace = excluded.rd_namespace, rd_title = excluded.rd_title,"
				       " rd_interwiki = excluded.rd_interwiki, rd_fragment = excluded.rd_fragment",
				       "idttt", page, rt.ns, rt.dbkey, rt.interwiki, rt.fragment);
		else
			rc = store_run(ctx->store, "DELETE FROM redirect WHERE rd_from = ?", "i", page);
	}
	bool autopatrol = wiki_user_can(ctx->user, "autopatrol");
	if (rc == RC_OK)
		rc = store_run(ctx->store,
			       "INSERT INTO recentchanges (rc_timestamp, rc_actor, rc_namespace, rc_title,"
			       " rc_comment_id, rc_minor, rc_bot, rc_new, rc_cur_id, rc_this_oldid, rc_last_oldid,"
			       " rc_type, rc_source, rc_patrolled, rc_ip, rc_old_len, rc_new_len)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       "tidtiiiiiiiitdtii", now, actor, t.ns, t.dbkey, cid,
			       (int64_t)(p->minor && pg.id && !p->notminor), (int64_t)p->bot, (int64_t)(pg.id == 0),
			       page, rev, pg.latest, (int64_t)(pg.id ? 0 : 1), pg.id ? "mw.edit" : "mw.new",
			       autopatrol ? 2 : 0, ctx->user->id ? "" : ctx->user->name, (int64_t)old_len,
			       (int64_t)len);
	if (rc == RC_OK && ctx->user->id)
		rc = store_run(ctx->store, "UPDATE \"user\" SET user_editcount = COALESCE(user_editcount, 0) + 1"
					   " WHERE user_id = ?", "i", ctx->user->id);
	if (rc == RC_OK)
		rc = store_run(ctx->store, "UPDATE site_stats SET ss_total_edits = ss_total_edits + 1,"
					   " ss_total_pages = ss_total_pages + ? WHERE ss_row_id = 1",
			       "i", (int64_t)(pg.id == 0));
	if (rc == RC_OK)
		rc = store_commit(ctx->store);
	if (rc != RC_OK) {
		const char *msg = arena_strdup(ctx->arena, store_errmsg(ctx->store));
		store_rollback(ctx->store);
		return api_error(ctx, "databaseerror", "apierror-databaseerror", msg);
	}
	char iso[21];
	ts_format_iso(util_now(), iso);
	api_add_str(res, "result", "Success");
	api_add_int(res, "pageid", page);
	api_add_str(res, "title", t.prefixed);
	api_add_str(res, "contentmodel", model);
	if (!pg.id)
		api_add_bool(res, "new", true);
	api_add_int(res, "oldrevid", pg.latest);
	api_add_int(res, "newrevid", rev);
	api_add_str(res, "newtimestamp", wiki_timestamp_iso(ctx->arena, now));
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
