/* SPDX-License-Identifier: MIT */
/*
 * compare.c — action=compare: the difference between two revisions, or
 * revisions and supplied text, as MediaWiki 1.39's table diff (diff.h's
 * diff_table()), with facts about both sides.
 *
 * Each side ("from", "to") is one of: a revision (fromrev), the latest
 * revision of a page (fromtitle, fromid), supplied text (fromslots with
 * fromtext-{slot}, or the deprecated fromtext), where supplied text may
 * replace a section of the revision given with it (fromsection-{slot}) or
 * the revision may be cut to a section (the deprecated fromsection). The
 * "to" side may instead be relative to the "from" revision: torelative=
 * prev, next or cur. As in MediaWiki's ApiComparePages a side has three
 * faces: the content diffed ("rev"), the revision it was given by
 * ("rel", for torelative and for prop=rel) and the revision whose facts
 * are reported ("vals", absent for supplied content).
 *
 * Deleted text is refused (missingcontent) unless the user may see it;
 * hidden users and comments are left out of the facts; revisions of
 * deleted pages are found in the archive by users with deletedtext or
 * undelete. The only slot is "main".
 */
#include <stddef.h>
#include <stdlib.h>

#include "../../diff/diff.h"
#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

/* The parameters of one side, in MediaWiki's order. */
struct side_params {
	const char *title;          /* fromtitle */
	long id;                    /* fromid */
	long rev;                   /* fromrev */
	struct api_list slots;      /* fromslots */
	struct api_list text_slot;  /* fromtext-{slot}, per slot */
	struct api_list section_slot; /* fromsection-{slot} */
	struct api_list format_slot; /* fromcontentformat-{slot} */
	struct api_list model_slot; /* fromcontentmodel-{slot} */
	bool pst;                   /* frompst */
	const char *text;           /* fromtext (deprecated) */
	const char *format;         /* fromcontentformat (deprecated) */
	const char *model;          /* fromcontentmodel (deprecated) */
	const char *section;        /* fromsection (deprecated) */
};

struct compare_params {
	struct side_params from;  /* from* */
	struct side_params to;    /* to* */
	const char *relative;     /* torelative */
	struct api_list prop;     /* prop */
	struct api_list slots;    /* slots */
};

static const char *const *model_values(struct api_ctx *ctx)
{
	return wiki_content_models;
}

static const char *const slot_roles[] = { "main", NULL };

#define SIDE_PARAMS(p, field, fromto)                                                                           \
	{ .name = p "title", .type = API_T_STRING, .offset = offsetof(struct compare_params, field.title),         \
	  .desc = "The page whose latest revision is the " fromto " side." },                                   \
	{ .name = p "id", .type = API_T_INT, .offset = offsetof(struct compare_params, field.id),                  \
	  .desc = "The page ID whose latest revision is the " fromto " side." },                                \
	{ .name = p "rev", .type = API_T_INT, .offset = offsetof(struct compare_params, field.rev),                \
	  .desc = "The revision that is the " fromto " side." },                                                \
	{ .name = p "slots", .type = API_T_ENUM, .flags = API_P_MULTI, .values = slot_roles,                       \
	  .offset = offsetof(struct compare_params, field.slots),                                               \
	  .desc = "Supply the content of these slots of the " fromto " side as text (the " p "text-{slot} "        \
		  "parameters) instead of taking them from a revision. A slot named without text is "             \
		  "removed." },                                                                                   \
	{ .name = p "text-{slot}", .type = API_T_TEXT, .flags = API_P_TEMPLATED,                                   \
	  .templatevars = "slot=" p "slots", .offset = offsetof(struct compare_params, field.text_slot),        \
	  .desc = "The text of the slot." },                                                                    \
	{ .name = p "section-{slot}", .type = API_T_STRING, .flags = API_P_TEMPLATED,                              \
	  .templatevars = "slot=" p "slots", .offset = offsetof(struct compare_params, field.section_slot),     \
	  .desc = "With a revision given too: the text replaces this section of that revision's slot." },     \
	{ .name = p "contentformat-{slot}", .type = API_T_ENUM, .flags = API_P_TEMPLATED,                          \
	  .values = wiki_content_formats, .templatevars = "slot=" p "slots",                                     \
	  .offset = offsetof(struct compare_params, field.format_slot),                                         \
	  .desc = "The serialization format of the slot's text." },                                             \
	{ .name = p "contentmodel-{slot}", .type = API_T_ENUM, .flags = API_P_TEMPLATED,                           \
	  .values_fn = model_values, .templatevars = "slot=" p "slots",                                          \
	  .offset = offsetof(struct compare_params, field.model_slot),                                          \
	  .desc = "The content model of the slot's text; when absent it is guessed from the other "           \
		  "parameters." },                                                                                \
	{ .name = p "pst", .type = API_T_BOOL, .offset = offsetof(struct compare_params, field.pst),               \
	  .desc = "Apply the pre-save transform to the supplied text." },                                       \
	{ .name = p "text", .type = API_T_TEXT, .flags = API_P_DEPRECATED,                                         \
	  .offset = offsetof(struct compare_params, field.text),                                                \
	  .desc = "Use " p "slots=main and " p "text-main instead." },                                          \
	{ .name = p "contentformat", .type = API_T_ENUM, .flags = API_P_DEPRECATED, .values = wiki_content_formats, \
	  .offset = offsetof(struct compare_params, field.format),                                              \
	  .desc = "Use " p "contentformat-main instead." },                                                     \
	{ .name = p "contentmodel", .type = API_T_ENUM, .flags = API_P_DEPRECATED, .values_fn = model_values,     \
	  .offset = offsetof(struct compare_params, field.model),                                               \
	  .desc = "Use " p "contentmodel-main instead." },                                                      \
	{ .name = p "section", .type = API_T_STRING, .flags = API_P_DEPRECATED,                                   \
	  .offset = offsetof(struct compare_params, field.section),                                             \
	  .desc = "Only this section of the " fromto " content." },

static const struct api_param params[] = {
	SIDE_PARAMS("from", from, "first")
	{ .name = "totitle", .type = API_T_STRING, .offset = offsetof(struct compare_params, to.title),
	  .desc = "The page whose latest revision is the second side." },
	{ .name = "toid", .type = API_T_INT, .offset = offsetof(struct compare_params, to.id),
	  .desc = "The page ID whose latest revision is the second side." },
	{ .name = "torev", .type = API_T_INT, .offset = offsetof(struct compare_params, to.rev),
	  .desc = "The revision that is the second side." },
	{ .name = "torelative", .type = API_T_ENUM, .values = (const char *const[]){ "prev", "next", "cur", NULL },
	  .offset = offsetof(struct compare_params, relative),
	  .value_descs = (const char *const[]){
		  "cur=The latest revision of the first side's page.",
		  "next=The revision after the first side's.",
		  "prev=The revision before the first side's (which then becomes the second side).",
		  NULL },
	  .desc = "A revision relative to the first side's revision; the other to* parameters are ignored." },
	{ .name = "toslots", .type = API_T_ENUM, .flags = API_P_MULTI, .values = slot_roles,
	  .offset = offsetof(struct compare_params, to.slots),
	  .desc = "Supply the content of these slots of the second side as text (the totext-{slot} parameters) "
		  "instead of taking them from a revision. A slot named without text is removed." },
	{ .name = "totext-{slot}", .type = API_T_TEXT, .flags = API_P_TEMPLATED, .templatevars = "slot=toslots",
	  .offset = offsetof(struct compare_params, to.text_slot), .desc = "The text of the slot." },
	{ .name = "tosection-{slot}", .type = API_T_STRING, .flags = API_P_TEMPLATED, .templatevars = "slot=toslots",
	  .offset = offsetof(struct compare_params, to.section_slot),
	  .desc = "With a revision given too: the text replaces this section of that revision's slot." },
	{ .name = "tocontentformat-{slot}", .type = API_T_ENUM, .flags = API_P_TEMPLATED, .values = wiki_content_formats,
	  .templatevars = "slot=toslots", .offset = offsetof(struct compare_params, to.format_slot),
	  .desc = "The serialization format of the slot's text." },
	{ .name = "tocontentmodel-{slot}", .type = API_T_ENUM, .flags = API_P_TEMPLATED, .values_fn = model_values,
	  .templatevars = "slot=toslots", .offset = offsetof(struct compare_params, to.model_slot),
	  .desc = "The content model of the slot's text; when absent it is guessed from the other parameters." },
	{ .name = "topst", .type = API_T_BOOL, .offset = offsetof(struct compare_params, to.pst),
	  .desc = "Apply the pre-save transform to the supplied text." },
	{ .name = "totext", .type = API_T_TEXT, .flags = API_P_DEPRECATED, .offset = offsetof(struct compare_params, to.text),
	  .desc = "Use toslots=main and totext-main instead." },
	{ .name = "tocontentformat", .type = API_T_ENUM, .flags = API_P_DEPRECATED, .values = wiki_content_formats,
	  .offset = offsetof(struct compare_params, to.format), .desc = "Use tocontentformat-main instead." },
	{ .name = "tocontentmodel", .type = API_T_ENUM, .flags = API_P_DEPRECATED, .values_fn = model_values,
	  .offset = offsetof(struct compare_params, to.model), .desc = "Use tocontentmodel-main instead." },
	{ .name = "tosection", .type = API_T_STRING, .flags = API_P_DEPRECATED,
	  .offset = offsetof(struct compare_params, to.section), .desc = "Only this section of the second content." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "diff|ids|title",
	  .values = (const char *const[]){ "comment", "diff", "diffsize", "ids", "parsedcomment", "rel", "size",
					   "timestamp", "title", "user", NULL },
	  .offset = offsetof(struct compare_params, prop),
	  .value_descs = (const char *const[]){
		  "diff=The diff as HTML table rows.",
		  "diffsize=The size of that HTML, in bytes.",
		  "rel=The revisions before the first side and after the second, if any.",
		  "ids=The page and revision IDs of both sides.",
		  "title=The page titles of both sides.",
		  "user=Who made the revisions (name and ID).",
		  "comment=The edit summaries.",
		  "parsedcomment=The edit summaries as HTML.",
		  "size=The sizes of the revisions.",
		  "timestamp=When the revisions were made.",
		  NULL },
	  .desc = "What to report." },
	{ .name = "slots", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_ALLOW_ALL, .values = slot_roles,
	  .offset = offsetof(struct compare_params, slots),
	  .desc = "Give the diff of each of these slots separately (under \"bodies\") instead of one diff of "
		  "all of them." },
	{ 0 }
};

/* ---------- revisions ---------- */

/* A stored revision (or one of a deleted page, from the archive). */
struct crev {
	int64_t id;          /* rev_id */
	int64_t page;        /* page id (ar_page_id for archived ones; 0 if none) */
	int ns;              /* the page's namespace */
	const char *dbkey;   /* and title */
	const char *ts;      /* timestamp, 14 digits */
	int64_t size;        /* rev_len */
	int deleted;         /* rev_deleted bits: 1 text, 2 comment, 4 user, 8 suppressed */
	const char *user;    /* actor name */
	int64_t userid;      /* its user id, 0 for anonymous */
	const char *comment; /* edit summary */
	bool archived;       /* from the archive (a deleted page) */
};

/* One side: what is diffed and which revisions stand behind it. */
struct side {
	const struct crev *rel;  /* the revision given (latest of a title, fromrev...), or NULL */
	const struct crev *vals; /* the revision reported, or NULL */
	const struct crev *rev;  /* the revision diffed as it is, or NULL for changed content */
	bool has_main;           /* a main slot exists */
	const char *text;        /* its text */
	size_t len;              /* its length */
	const char *model;       /* its content model */
};

#define REV_SELECT                                                                                           \
	"SELECT rev_id, rev_page, page_namespace, page_title, rev_timestamp, rev_len, rev_deleted,"           \
	" COALESCE(actor_name, ''), COALESCE(actor_user, 0), COALESCE(comment_text, '')"                      \
	" FROM revision JOIN page ON page_id = rev_page LEFT JOIN actor ON actor_id = rev_actor"               \
	" LEFT JOIN comment ON comment_id = rev_comment_id"

/* Read the current row of a REV_SELECT-shaped statement. */
static struct crev *read_rev(struct api_ctx *ctx, struct store_stmt *st, bool archived)
{
	struct crev *r = arena_calloc(ctx->arena, 1, sizeof(*r));
	r->id = store_col_int(st, 0);
	r->page = store_col_int(st, 1);
	r->ns = (int)store_col_int(st, 2);
	r->dbkey = store_col_dup(st, ctx->arena, 3);
	r->ts = store_col_dup(st, ctx->arena, 4);
	r->size = store_col_int(st, 5);
	r->deleted = (int)store_col_int(st, 6);
	r->user = store_col_dup(st, ctx->arena, 7);
	r->userid = store_col_int(st, 8);
	r->comment = store_col_dup(st, ctx->arena, 9);
	r->archived = archived;
	return r;
}

/* Run a REV_SELECT-shaped query; *out is NULL when there is no row. RC_ERR after a database error. */
static int query_rev(struct api_ctx *ctx, const char *sql, bool archived, struct crev **out, const char *fmt, ...)
{
	*out = NULL;
	struct store_stmt *st = store_prepare(ctx->store, sql);
	if (!st)
		return api_db_error(ctx);
	va_list ap;
	va_start(ap, fmt);
	store_vbindv(st, fmt, ap);
	va_end(ap);
	int step = store_step(st);
	if (step == STORE_ROW)
		*out = read_rev(ctx, st, archived);
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

/* Revision `id`, or (for users who may see deleted revisions) the archived one; *out NULL when none. */
static int load_rev(struct api_ctx *ctx, int64_t id, struct crev **out)
{
	int rc = query_rev(ctx, REV_SELECT " WHERE rev_id = ?", false, out, "i", id);
	if (rc != RC_OK || *out)
		return rc;
	if (!wiki_user_can(ctx->user, "deletedtext") && !wiki_user_can(ctx->user, "undelete"))
		return RC_OK;
	return query_rev(ctx,
			 "SELECT ar_rev_id, COALESCE(ar_page_id, 0), ar_namespace, ar_title, ar_timestamp,"
			 " COALESCE(ar_len, 0), ar_deleted, COALESCE(actor_name, ''), COALESCE(actor_user, 0),"
			 " COALESCE(comment_text, '') FROM archive LEFT JOIN actor ON actor_id = ar_actor"
			 " LEFT JOIN comment ON comment_id = ar_comment_id WHERE ar_rev_id = ?",
			 true, out, "i", id);
}

/* The revision before (dir < 0) or after `r` on its page, by timestamp then id; NULL when none. */
static int neighbour(struct api_ctx *ctx, const struct crev *r, int dir, struct crev **out)
{
	if (dir < 0)
		return query_rev(ctx, REV_SELECT " WHERE rev_page = ? AND (rev_timestamp < ? OR"
						 " (rev_timestamp = ? AND rev_id < ?))"
						 " ORDER BY rev_timestamp DESC, rev_id DESC LIMIT 1",
				 false, out, "itti", r->page, r->ts, r->ts, r->id);
	return query_rev(ctx, REV_SELECT " WHERE rev_page = ? AND (rev_timestamp > ? OR"
					 " (rev_timestamp = ? AND rev_id > ?))"
					 " ORDER BY rev_timestamp ASC, rev_id ASC LIMIT 1",
			 false, out, "itti", r->page, r->ts, r->ts, r->id);
}

/* The latest revision of page ns:dbkey; NULL when the page has none. */
static int latest_of(struct api_ctx *ctx, int ns, const char *dbkey, struct crev **out)
{
	return query_rev(ctx, REV_SELECT " WHERE rev_id = (SELECT page_latest FROM page WHERE page_namespace = ?"
					 " AND page_title = ?)",
			 false, out, "dt", ns, dbkey);
}

/* The content model of revision `id`'s main slot, or NULL. */
static const char *rev_model(struct api_ctx *ctx, int64_t id)
{
	char *model = NULL;
	if (store_query_text(ctx->store, ctx->arena, &model,
			     "SELECT model_name FROM slots JOIN content ON content_id = slot_content_id"
			     " JOIN content_models ON model_id = content_model WHERE slot_revision_id = ?"
			     " ORDER BY slot_role_id LIMIT 1", "i", id) != RC_OK)
		return NULL;
	return model;
}

/* May the user see the parts of `r` hidden by `bit` (RevisionRecord::userCanBitfield)? */
static bool can_see(struct api_ctx *ctx, const struct crev *r, int bit)
{
	if (!(r->deleted & bit))
		return true;
	if (r->deleted & 8)
		return wiki_user_can(ctx->user, "suppressrevision") || wiki_user_can(ctx->user, "viewsuppressed");
	return wiki_user_can(ctx->user, bit == 1 ? "deletedtext" : "deletedhistory");
}

/* The main slot of `r` into the side: text, length, model. */
static int load_text(struct api_ctx *ctx, const struct crev *r, struct side *s)
{
	int rc = wiki_revision_text(ctx->store, ctx->arena, r->id, &s->text, &s->len, &s->model);
	if (rc == RC_NOTFOUND) {
		/* No main slot stored: an empty wikitext page, as a missing slot diffs. */
		s->text = "";
		s->len = 0;
		s->model = wiki_default_model(r->ns, r->dbkey);
		return RC_OK;
	}
	s->has_main = rc == RC_OK;
	return rc == RC_OK ? RC_OK : api_db_error(ctx);
}

/* A request id as MediaWiki puts in internal errors: 24 hex digits. */
static const char *request_id(struct api_ctx *ctx)
{
	unsigned char raw[12];
	char hex[25];
	util_random(raw, sizeof(raw));
	util_hex(raw, sizeof(raw), hex);
	hex[24] = '\0';
	return arena_strdup(ctx->arena, hex);
}

/* ---------- one side from its parameters ---------- */

/* The title named by <prefix>title, or the page of <prefix>id, for guesses; false when neither works. */
static bool title_of_params(struct api_ctx *ctx, const struct side_params *sp, const char *prefix,
			    struct wiki_title *t)
{
	const char *err;
	if (sp->title && wiki_title_parse(ctx->arena, sp->title, 0, t, &err) == RC_OK && !t->is_external)
		return true;
	if (api_param_given(ctx, arena_printf(ctx->arena, "%sid", prefix))) {
		char *key = NULL;
		int64_t ns = 0;
		if (store_query_int(ctx->store, &ns, "SELECT page_namespace FROM page WHERE page_id = ?", "i",
				    (int64_t)sp->id) == RC_OK &&
		    store_query_text(ctx->store, ctx->arena, &key, "SELECT page_title FROM page WHERE page_id = ?", "i",
				     (int64_t)sp->id) == RC_OK) {
			wiki_title_make(ctx->arena, (int)ns, key, t);
			return true;
		}
	}
	return false;
}

/* ApiComparePages::guessTitle(): from fromrev, fromtitle, fromid, then the same of "to". */
static bool guess_title(struct api_ctx *ctx, const struct compare_params *p, struct wiki_title *t)
{
	const struct side_params *sides[] = { &p->from, &p->to };
	const char *prefixes[] = { "from", "to" };
	for (int i = 0; i < 2; i++) {
		if (api_param_given(ctx, arena_printf(ctx->arena, "%srev", prefixes[i]))) {
			struct crev *r = NULL;
			if (load_rev(ctx, sides[i]->rev, &r) == RC_OK && r) {
				wiki_title_make(ctx->arena, r->ns, r->dbkey, t);
				return true;
			}
		}
		if (title_of_params(ctx, sides[i], prefixes[i], t))
			return true;
	}
	return false;
}

/* The content model of page `t`: its own when it exists, else the default for the title. */
static const char *title_model(struct api_ctx *ctx, const struct wiki_title *t)
{
	char *model = NULL;
	if (store_query_text(ctx->store, ctx->arena, &model,
			     "SELECT page_content_model FROM page WHERE page_namespace = ? AND page_title = ?", "dt",
			     t->ns, t->dbkey) == RC_OK && model && *model)
		return model;
	return wiki_default_model(t->ns, t->dbkey);
}

/* ApiComparePages::guessModel() for the main slot. */
static const char *guess_model(struct api_ctx *ctx, const struct compare_params *p)
{
	const struct side_params *sides[] = { &p->from, &p->to };
	const char *prefixes[] = { "from", "to" };
	for (int i = 0; i < 2; i++) {
		struct crev *r = NULL;
		const char *model;
		if (api_param_given(ctx, arena_printf(ctx->arena, "%srev", prefixes[i])) &&
		    load_rev(ctx, sides[i]->rev, &r) == RC_OK && r && (model = rev_model(ctx, r->id)))
			return model;
	}
	struct wiki_title t;
	if (guess_title(ctx, p, &t))
		return wiki_default_model(t.ns, t.dbkey);
	for (int i = 0; i < 2; i++) {
		const char *m = sides[i]->model_slot.n ? sides[i]->model_slot.v[0] : NULL;
		if (m)
			return m;
	}
	for (int i = 0; i < 2; i++)
		if (sides[i]->model)
			return sides[i]->model;
	return NULL;
}

/* A section id as the parser reads it: the number after the last '-' ("x" is 0, "T-2" is 2). */
static long lax_section(const char *s, bool *transcluded)
{
	long n;
	wiki_section_id_lax(s, &n, transcluded);
	return n;
}

/* The supplied main-slot text of a side (ApiComparePages' "supplied content" path). */
static int supplied_content(struct api_ctx *ctx, const struct compare_params *p, const struct side_params *sp,
			    const char *prefix, const struct crev *rev, struct wiki_title *title, bool has_title,
			    struct side *s)
{
	for (size_t i = 0; i < sp->slots.n; i++) {
		/* Only "main" exists; text for it comes from the deprecated parameter or the templated one. */
		const char *role = sp->slots.v[i];
		const char *text = sp->text ? sp->text : sp->text_slot.v[i];
		if (!text)
			return api_error(ctx, arena_printf(ctx->arena, "compare-maintextrequired"), NULL, prefix);
		const char *model = sp->text ? sp->model : sp->model_slot.v[i];
		const char *format = sp->text ? sp->format : sp->format_slot.v[i];
		const char *section = sp->text ? NULL : sp->section_slot.v[i];
		if (!model && rev)
			model = rev_model(ctx, rev->id);
		if (!model && has_title)
			model = title_model(ctx, title);
		if (!model)
			model = guess_model(ctx, p);
		if (!model) {
			model = "wikitext";
			api_warn(ctx, "compare-nocontentmodel", NULL, model);
		}
		if (format && !streq(format, wiki_model_format(model))) {
			/* MediaWiki fails here with an uncaught exception; its error is what clients see. */
			return api_error(ctx, "internal_api_error_MWException", "apierror-exceptioncaught",
					 request_id(ctx), arena_printf(ctx->arena,
									   "Format %s is not supported for content model %s",
									   format, model));
		}
		size_t len = strlen(text);
		if (sp->pst) {
			if (!has_title)
				return api_error(ctx, "compare-no-title", NULL);
			/* The content's line ends and trailing space, then the save's transform (signatures, subst:, ...). */
			text = wiki_text_normalize(ctx->arena, text, len, &len);
			if (wiki_pst(ctx->store, ctx->arena, title, model, ctx->user, text, len, &text, &len, NULL) != RC_OK)
				return api_error(ctx, "contenttoobig", NULL,
						 api_p_int(ctx->arena, WIKI_MAX_ARTICLE_BYTES / 1024));
		}
		if (section && *section) {
			if (!rev)
				return api_error(ctx, arena_printf(ctx->arena, "compare-no%srevision", prefix), NULL);
			if (!can_see(ctx, rev, 1))
				return api_error(ctx, "missingcontent", "apierror-missingcontent-revid-role",
						 api_p_int(ctx->arena, rev->id), wiki_escape_wikitext(ctx->arena, role));
			struct side old = { 0 };
			if (load_text(ctx, rev, &old) != RC_OK)
				return RC_ERR;
			if (!streq(old.model, "wikitext"))
				return api_error(ctx, "sectionsnotsupported", NULL, model);
			/* Replacing a section with content of another model fails. */
			if (!streq(model, old.model))
				return api_error(ctx, "sectionreplacefailed", NULL);
			if (streq(section, "new")) {
				/* A new section of no title: the text after a blank line. */
				bool blank = true;
				for (size_t k = 0; k < old.len && blank; k++)
					blank = old.text[k] == ' ' || old.text[k] == '\t' || old.text[k] == '\n' ||
						old.text[k] == '\r';
				if (!blank)
					text = arena_printf(ctx->arena, "%.*s\n\n%s", (int)old.len, old.text, text);
				len = strlen(text);
			} else {
				bool tr;
				long n = lax_section(section, &tr);
				char *out;
				size_t out_len;
				if (wiki_section_replace(ctx->arena, old.text, old.len, n, tr, text, len, &out, &out_len) ==
				    RC_OK) {
					text = out;
					len = out_len;
				} else {
					/* No such section: the revision's text stays as it is. */
					text = old.text;
					len = old.len;
				}
			}
		}
		if (streq(role, "main") && sp->section) {
			bool tr;
			const char *sec;
			size_t sec_len;
			if (wiki_section_get(ctx->arena, text, len, lax_section(sp->section, &tr), tr, &sec, &sec_len) !=
			    RC_OK)
				return api_error(ctx, arena_printf(ctx->arena, "nosuch%ssection", prefix),
						 arena_printf(ctx->arena, "apierror-compare-nosuch%ssection", prefix),
						 wiki_escape_wikitext(ctx->arena, sp->section));
			text = arena_strndup(ctx->arena, sec, sec_len);
			len = sec_len;
		}
		s->text = text;
		s->len = len;
		s->model = model;
		s->has_main = true;
	}
	return RC_OK;
}

/* ApiComparePages::getDiffRevision(): the side `prefix` from its parameters. */
static int get_side(struct api_ctx *ctx, const struct compare_params *p, const struct side_params *sp,
		    const char *prefix, struct side *s)
{
	memset(s, 0, sizeof(*s));
	const char *n_text = arena_printf(ctx->arena, "%stext", prefix);
	const char *n_slots = arena_printf(ctx->arena, "%sslots", prefix);
	const char *n_section = arena_printf(ctx->arena, "%ssection", prefix);
	if (api_require_max_one(ctx, (const char *const[]){ n_text, n_slots, NULL }) != RC_OK ||
	    api_require_max_one(ctx, (const char *const[]){ n_section, n_slots, NULL }) != RC_OK)
		return RC_ERR;
	struct side_params eff = *sp;
	if (sp->text) {
		/* The deprecated form is the main slot alone. */
		static const char *const main_only[] = { "main", NULL };
		eff.slots = (struct api_list){ .n = 1, .v = (const char **)main_only };
	}
	bool supplied = sp->text || api_param_given(ctx, n_slots);

	struct wiki_title title;
	bool has_title = false;
	struct crev *rev = NULL;
	int64_t rev_id = 0;
	bool want_rev = false;
	if (api_param_given(ctx, arena_printf(ctx->arena, "%srev", prefix))) {
		rev_id = sp->rev;
		want_rev = true;
	} else if (sp->title || api_param_given(ctx, arena_printf(ctx->arena, "%sid", prefix))) {
		if (sp->title) {
			const char *err;
			if (wiki_title_parse(ctx->arena, sp->title, 0, &title, &err) != RC_OK || title.is_external)
				return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, sp->title));
		} else if (!title_of_params(ctx, sp, prefix, &title)) {
			return api_error(ctx, "nosuchpageid", NULL, api_p_int(ctx->arena, sp->id));
		}
		has_title = true;
		struct crev *latest = NULL;
		if (latest_of(ctx, title.ns, title.dbkey, &latest) != RC_OK)
			return RC_ERR;
		if (latest) {
			rev_id = latest->id;
			want_rev = true;
		} else if (!supplied) {
			int64_t exists = 0;
			store_query_int(ctx->store, &exists, "SELECT page_id FROM page WHERE page_namespace = ? AND"
					" page_title = ?", "dt", title.ns, title.dbkey);
			if (exists)
				return api_error(ctx, "nosuchrevid", "apierror-missingrev-title",
						 wiki_escape_wikitext(ctx->arena, title.prefixed));
			return api_error(ctx, "missingtitle", "apierror-missingtitle-byname",
					 wiki_escape_wikitext(ctx->arena, title.prefixed));
		}
	}
	if (want_rev) {
		if (load_rev(ctx, rev_id, &rev) != RC_OK)
			return RC_ERR;
		if (!rev)
			return api_error(ctx, "nosuchrevid", NULL, api_p_int(ctx->arena, rev_id));
		wiki_title_make(ctx->arena, rev->ns, rev->dbkey, &title);
		has_title = true;
		s->rel = rev;
		if (!supplied) {
			s->vals = rev;
			if (load_text(ctx, rev, s) != RC_OK)
				return RC_ERR;
			if (!sp->section) {
				s->rev = rev;
				return RC_OK;
			}
			/* The deprecated section: that section of the revision, as new content. */
			if (!can_see(ctx, rev, 1))
				return api_error(ctx, "missingcontent", "apierror-missingcontent-revid-role",
						 api_p_int(ctx->arena, rev->id), "main");
			bool tr;
			const char *sec;
			size_t sec_len;
			if (wiki_section_get(ctx->arena, s->text, s->len, lax_section(sp->section, &tr), tr, &sec,
					     &sec_len) != RC_OK)
				return api_error(ctx, arena_printf(ctx->arena, "nosuch%ssection", prefix),
						 arena_printf(ctx->arena, "apierror-compare-nosuch%ssection", prefix),
						 wiki_escape_wikitext(ctx->arena, sp->section));
			s->text = arena_strndup(ctx->arena, sec, sec_len);
			s->len = sec_len;
			return RC_OK;
		}
	}
	/* Supplied content, over the revision's if there is one. */
	if (!has_title)
		has_title = guess_title(ctx, p, &title);
	if (rev && load_text(ctx, rev, s) != RC_OK)
		return RC_ERR;
	return supplied_content(ctx, p, &eff, prefix, rev, &title, has_title, s);
}

/* ---------- the answer ---------- */

/* setVals(): the facts of revision `r` under `prefix` ("from", "to"). */
static void add_vals(struct api_ctx *ctx, struct api_node *out, const char *prefix, const struct crev *r,
		     const struct api_list *prop)
{
	struct arena *a = ctx->arena;
	struct wiki_title t;
	wiki_title_make(a, r->ns, r->dbkey, &t);
	if (api_list_has(prop, "ids")) {
		/* The title's page now: for a deleted page 0, or the page made since under that title. */
		int64_t page = r->page;
		if (r->archived) {
			page = 0;
			store_query_int(ctx->store, &page, "SELECT page_id FROM page WHERE page_namespace = ? AND"
					" page_title = ?", "dt", r->ns, r->dbkey);
		}
		api_add_int(out, arena_printf(a, "%sid", prefix), page);
		api_add_int(out, arena_printf(a, "%srevid", prefix), r->id);
	}
	if (api_list_has(prop, "title")) {
		api_add_int(out, arena_printf(a, "%sns", prefix), t.ns);
		api_add_str(out, arena_printf(a, "%stitle", prefix), t.prefixed);
	}
	if (api_list_has(prop, "size"))
		api_add_int(out, arena_printf(a, "%ssize", prefix), r->size);
	if (api_list_has(prop, "timestamp"))
		api_add_str(out, arena_printf(a, "%stimestamp", prefix), wiki_timestamp_iso(a, r->ts));
	if (r->deleted & 1)
		api_add_bool(out, arena_printf(a, "%stexthidden", prefix), true);
	if (r->deleted & 4)
		api_add_bool(out, arena_printf(a, "%suserhidden", prefix), true);
	if (api_list_has(prop, "user") && can_see(ctx, r, 4)) {
		api_add_str(out, arena_printf(a, "%suser", prefix), r->user);
		api_add_int(out, arena_printf(a, "%suserid", prefix), r->userid);
	}
	if (r->deleted & 2)
		api_add_bool(out, arena_printf(a, "%scommenthidden", prefix), true);
	if ((api_list_has(prop, "comment") || api_list_has(prop, "parsedcomment")) && can_see(ctx, r, 2)) {
		if (api_list_has(prop, "comment"))
			api_add_str(out, arena_printf(a, "%scomment", prefix), r->comment);
		/* MediaWiki adds the parsed comment whenever either prop is asked for. */
		api_add_str(out, arena_printf(a, "%sparsedcomment", prefix),
			    wiki_comment_html(a, ctx->store, r->comment, &t));
	}
	if ((r->deleted & 7) && (r->deleted & 8))
		api_add_bool(out, arena_printf(a, "%ssuppressed", prefix), true);
	if (r->archived)
		api_add_bool(out, arena_printf(a, "%sarchive", prefix), true);
}

/* The label of a block's line numbers: "Line 1,234:". */
static void lineno(struct sbuf *out, size_t line, void *ud)
{
	struct api_ctx *ctx = ud;
	sbuf_adds(out, api_msg(ctx, "lineno", (const char *[]){ api_p_num(ctx->arena, (long long)line), NULL }));
}

/* Largest diff body: far above what two 2 MiB pages give. */
#define BODY_MAX (256u << 20)

/*
 * The diff body of the main slot, as DifferenceEngine::getDiffBody(): ""
 * for one stored revision against itself, else the table rows.
 */
static int diff_body(struct api_ctx *ctx, const struct side *from, const struct side *to, const char **body,
		     size_t *len)
{
	if (from->rev && to->rev && from->rev->id == to->rev->id) {
		*body = "";
		*len = 0;
		return RC_OK;
	}
	struct sbuf out;
	sbuf_init(&out, BODY_MAX);
	int rc = diff_table(ctx->arena, from->has_main ? from->text : "", from->has_main ? from->len : 0,
			    to->has_main ? to->text : "", to->has_main ? to->len : 0, lineno, ctx, &out);
	*body = arena_strndup(ctx->arena, sbuf_cstr(&out), out.len);
	*len = out.len;
	sbuf_release(&out);
	return rc == RC_OK ? RC_OK : api_error(ctx, "toobig", NULL, api_p_num(ctx->arena, BODY_MAX));
}

static int exec_compare(struct api_ctx *ctx, void *vp)
{
	struct compare_params *p = vp;
	if (api_require_at_least_one(ctx, (const char *const[]){ "fromtitle", "fromid", "fromrev", "fromtext",
								  "fromslots", NULL }) != RC_OK ||
	    api_require_at_least_one(ctx, (const char *const[]){ "totitle", "toid", "torev", "totext", "torelative",
								  "toslots", NULL }) != RC_OK)
		return RC_ERR;

	struct side from, to;
	if (get_side(ctx, p, &p->from, "from", &from) != RC_OK)
		return RC_ERR;
	if (p->relative) {
		if (!from.rel)
			return api_error(ctx, "compare-relative-to-nothing", NULL);
		if (!streq(p->relative, "cur") && from.rel->archived)
			return api_error(ctx, "compare-relative-to-deleted", NULL, p->relative);
		memset(&to, 0, sizeof(to));
		struct wiki_title rt;
		wiki_title_make(ctx->arena, from.rel->ns, from.rel->dbkey, &rt);
		if (streq(p->relative, "prev")) {
			/* The given side becomes "to"; "from" is the revision before it. */
			to = from;
			struct crev *prev = NULL;
			if (neighbour(ctx, to.rel, -1, &prev) != RC_OK)
				return RC_ERR;
			memset(&from, 0, sizeof(from));
			from.rel = from.vals = from.rev = prev;
			if (prev) {
				if (load_text(ctx, prev, &from) != RC_OK)
					return RC_ERR;
			} else {
				api_warn(ctx, "compare-no-prev", NULL, wiki_escape_wikitext(ctx->arena, rt.prefixed),
					 api_p_int(ctx->arena, to.rel->id));
				/* An empty revision of the same content model stands in. */
				struct side cur = { 0 };
				if (load_text(ctx, to.rel, &cur) != RC_OK)
					return RC_ERR;
				from.has_main = true;
				from.text = "";
				from.model = cur.model;
			}
		} else if (streq(p->relative, "next")) {
			struct crev *next = NULL;
			if (neighbour(ctx, from.rel, 1, &next) != RC_OK)
				return RC_ERR;
			to.rel = to.vals = to.rev = next;
			if (next) {
				if (load_text(ctx, next, &to) != RC_OK)
					return RC_ERR;
			} else {
				api_warn(ctx, "compare-no-next", NULL, wiki_escape_wikitext(ctx->arena, rt.prefixed),
					 api_p_int(ctx->arena, from.rel->id));
				/* As the web interface: "next" of the latest is no change (a copy, not the revision). */
				if (load_text(ctx, from.rel, &to) != RC_OK)
					return RC_ERR;
				to.rel = to.vals = to.rev = NULL;
			}
		} else {
			struct crev *cur = NULL;
			if (latest_of(ctx, from.rel->ns, from.rel->dbkey, &cur) != RC_OK)
				return RC_ERR;
			if (!cur)
				return api_error(ctx, "nosuchrevid", "apierror-missingrev-title",
						 wiki_escape_wikitext(ctx->arena, rt.prefixed));
			to.rel = to.vals = to.rev = cur;
			if (load_text(ctx, cur, &to) != RC_OK)
				return RC_ERR;
		}
	} else if (get_side(ctx, p, &p->to, "to", &to) != RC_OK) {
		return RC_ERR;
	}

	/* Deleted text only for those who may see it. */
	const struct crev *fr = from.rev ? from.rev : from.rel, *tr = to.rev ? to.rev : to.rel;
	if (fr && !can_see(ctx, fr, 1))
		return api_error(ctx, "missingcontent", "apierror-missingcontent-revid", api_p_int(ctx->arena, fr->id));
	if (tr && !can_see(ctx, tr, 1))
		return api_error(ctx, "missingcontent", "apierror-missingcontent-revid", api_p_int(ctx->arena, tr->id));

	const char *body = NULL;
	size_t body_len = 0;
	bool want_body = api_list_has(&p->prop, "diff") || api_list_has(&p->prop, "diffsize");
	if ((want_body || p->slots.n) && diff_body(ctx, &from, &to, &body, &body_len) != RC_OK)
		return RC_ERR;

	struct api_node *out = api_add_object(ctx->result, "compare");
	if (from.vals)
		add_vals(ctx, out, "from", from.vals, &p->prop);
	if (to.vals)
		add_vals(ctx, out, "to", to.vals, &p->prop);
	if (api_list_has(&p->prop, "rel")) {
		struct crev *r = NULL;
		if (from.rev && neighbour(ctx, from.rev, -1, &r) == RC_OK && r)
			api_add_int(out, "prev", r->id);
		r = NULL;
		if (to.rev && neighbour(ctx, to.rev, 1, &r) == RC_OK && r)
			api_add_int(out, "next", r->id);
	}
	if (api_list_has(&p->prop, "diffsize"))
		api_add_int(out, "diffsize", p->slots.n && !body_len ? 0 : (long long)body_len);
	if (api_list_has(&p->prop, "diff")) {
		if (p->slots.n) {
			/* Per slot; an empty diff is false, as getDiffBodyForRole() gives it. */
			struct api_node *bodies = api_node_set_type(api_add_object(out, "bodies"), API_ARR_KVP, "diff");
			for (size_t i = 0; i < p->slots.n; i++) {
				if (body_len)
					api_add_strn(bodies, p->slots.v[i], body, body_len);
				else
					api_add_bool(bodies, p->slots.v[i], false);
			}
		} else {
			api_add_content_as(out, "body", body, body_len);
		}
	}
	return RC_OK;
}

const struct api_module api_module_compare = {
	.name = "compare",
	.group = API_G_ACTION,
	.prefix = "",
	.params = params,
	.params_size = sizeof(struct compare_params),
	.summary = "Get the difference between two pages, revisions or texts.",
	.help = "Give a revision, a page title or ID, or text for both the \"from\" and the \"to\" side; the "
		"answer is the diff as HTML table rows, as the wiki shows it, with facts about both sides.",
	.examples = (const char *const[]){
		"action=compare&fromrev=1&torev=2", "Diff revisions 1 and 2.",
		"action=compare&fromrev=2&torelative=prev", "Diff revision 2 against the one before it.",
		"action=compare&fromtitle=Main_Page&toslots=main&totext-main=Hello", "Diff the main page against a text.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Compare", NULL },
	.exec = exec_compare,
};
