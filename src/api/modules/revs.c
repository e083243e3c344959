/* SPDX-License-Identifier: MIT */
/*
 * revs.c — one revision as prop=revisions and list=allrevisions write it:
 * ids, flags, user, timestamp, size, sha1, slots with their content
 * (or, without the slots parameter, the main slot's content on the
 * revision itself, MediaWiki's legacy shape), comment and tags, with
 * the parts hidden by revision deletion left out for those who may not
 * see them, and the deprecated diffto/difftotext diffs (as if MediaWiki
 * had them all cached: every revision gets its body, none "notcached").
 * Also the limit rule of both modules (content or a diff makes the limit
 * small).
 */
#include "revs_int.h"

#include <stdlib.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../diff/diff.h"
#include "../../parser/wt.h"
#include "../../wiki/wiki.h"

const char *const revs_prop_values[] = {
	"comment", "content", "contentmodel", "flags", "ids", "parsedcomment", "roles", "sha1", "size", "slotsha1",
	"slotsize", "tags", "timestamp", "user", "userid", "parsetree", NULL
};
const char *const revs_prop_deprecated[] = { "parsetree", NULL };
const char *const revs_prop_descs[] = {
	"comment=The edit summary.",
	"content=The content of each slot (see the slots parameter).",
	"contentmodel=The content model of each slot.",
	"flags=Revision flags (minor).",
	"ids=The revision ID and its parent's.",
	"parsedcomment=The edit summary as HTML, with its links and section arrows.",
	"roles=The slot roles the revision has.",
	"sha1=SHA-1 (base 16) of the revision.",
	"size=Length in bytes of the revision.",
	"slotsha1=SHA-1 (base 16) of each slot.",
	"slotsize=Length in bytes of each slot.",
	"tags=Tags of the revision.",
	"timestamp=When the revision was made.",
	"user=Who made the revision.",
	"userid=The user ID of who made the revision.",
	"parsetree=The preprocessor's XML parse tree of wikitext content (legacy shape only). Use "
	"action=expandtemplates or action=parse instead.",
	NULL
};
const char *const revs_slot_values[] = { "main", NULL };

/* Base-36 SHA-1 (31 digits) → 40 hex digits into `out` ("" when malformed). */
void query_sha1_b36_to_hex(const char *b36, char out[41])
{
	unsigned char num[20] = { 0 };
	out[0] = '\0';
	if (!*b36)
		return;
	for (const char *c = b36; *c; c++) {
		int d = (*c >= '0' && *c <= '9') ? *c - '0' : (*c >= 'a' && *c <= 'z') ? *c - 'a' + 10 : -1;
		if (d < 0)
			return;
		unsigned carry = (unsigned)d;
		for (int i = 19; i >= 0; i--) {
			unsigned v = num[i] * 36u + carry;
			num[i] = (unsigned char)(v & 0xff);
			carry = v >> 8;
		}
	}
	util_hex(num, 20, out);
	out[40] = '\0';
}

/*
 * The deprecated content transformations of the legacy shape
 * (ApiQueryRevisionsBase::extractDeprecatedContent): generatexml adds the
 * parse tree, expandtemplates and parse replace the content by its
 * expansion or its HTML (then without format and model). Wikitext only:
 * other content warns and is flagged; rvprop=parsetree adds the tree
 * without content. true when nothing more is written, false when the
 * plain content follows.
 */
static bool transform_content(struct revs_run *r, struct api_node *sn, const char *model, const char *data, size_t len,
			      const char *page_title)
{
	struct api_ctx *ctx = r->ctx;
	struct arena *a = ctx->arena;
	bool wikitext = !model || streq(model, "wikitext");
	const char *name = wiki_escape_wikitext(a, page_title);
	if (r->f.parsetree || (r->f.content && r->generatexml)) {
		if (wikitext) {
			size_t xl = 0;
			const char *xml = wt_parsetree_xml(a, data, len, false, &xl);
			api_add_strn(sn, "parsetree", xml, xl);
		} else {
			api_add_bool(sn, "badcontentformatforparsetree", true);
			api_warn(ctx, "parsetree-notwikitext", "apierror-parsetree-notwikitext-title", name, model);
		}
	}
	if (!r->f.content || (!r->expandtemplates && !r->parse))
		return !r->f.content;
	if (!wikitext && !r->parse) {
		api_warn(ctx, "templateexpansion-notwikitext", "apierror-templateexpansion-notwikitext", name, model);
		api_add_bool(sn, "badcontentformat", true);
		return true;
	}
	if (!wikitext)
		return false;
	const struct revs_row *row = r->row;
	struct wiki_title t;
	wiki_title_make(a, row->page_ns, row->page_dbkey, &t);
	struct wiki_render_opts ro = { 0 };
	ro.title = &t;
	ro.page_id = row->page;
	ro.rev_id = row->revid;
	ro.rev_user = row->uname;
	ro.rev_timestamp = row->ts;
	ro.rev_size = row->size;
	ro.user = ctx->user;
	ro.user_lang = ctx->uselang;
	ro.no_limit_report = true;
	struct wt_output o;
	memset(&o, 0, sizeof(o));
	const char *out = NULL;
	size_t ol = 0;
	int rc;
	if (r->parse) {
		rc = wiki_render(ctx->store, a, &ro, data, len, &o);
		out = o.html;
		ol = o.html_len;
	} else {
		rc = wiki_expand(ctx->store, a, &ro, false, data, len, &out, &ol, &o);
	}
	if (rc != RC_OK || !out)
		return false;
	api_add_content(sn, out, ol);
	return true;
}

/* Slot members of one revision: under slots.<role> or (legacy) on the revision. */
static int add_slots(struct revs_run *r, struct api_node *rev, int64_t revid, bool text_deleted, bool text_hidden,
		     const char *page_title)
{
	struct api_ctx *ctx = r->ctx;
	struct api_node *slots = NULL;
	if (!r->legacy && r->need_slots)
		slots = api_add_object(rev, "slots");
	struct store_slot rows[8];
	size_t n;
	if (store_slots_get(ctx->store, ctx->arena, revid, rows, ARRAY_SIZE(rows), &n) != RC_OK)
		return api_db_error(ctx);
	if (r->f.roles) {
		/* roles come before slots in MediaWiki's output; move them there. */
		struct api_node *roles = api_add_array(rev, "roles", "role");
		for (size_t i = 0; i < n; i++)
			api_add_str(roles, NULL, rows[i].role);
		if (slots) {
			api_node_unlink(slots);
			api_node_append(rev, slots);
		}
	}
	for (size_t i = 0; i < n; i++) {
		bool is_main = streq(rows[i].role, "main");
		if (r->legacy && !is_main)
			continue;
		if (!r->legacy && !(api_list_has(&*r->slots, rows[i].role)))
			continue;
		struct api_node *sn = r->legacy ? rev : (slots ? api_add_object(slots, rows[i].role) : NULL);
		if (!sn)
			continue;
		/*
		 * In the legacy shape the main slot's size and sha1 join the
		 * revision's members, where the revision's own (size, sha1
		 * props) win, as PHP's array "+" keeps the first.
		 */
		if (r->f.slotsize && !api_node_get(sn, "size"))
			api_add_int(sn, "size", rows[i].size);
		if (r->f.slotsha1) {
			char hex[41];
			query_sha1_b36_to_hex(rows[i].sha1, hex);
			if (text_deleted && !api_node_get(sn, "sha1hidden"))
				api_add_bool(sn, "sha1hidden", true);
			if (!text_hidden && !api_node_get(sn, "sha1"))
				api_add_str(sn, "sha1", hex);
		}
		if (r->f.model) {
			api_add_str(sn, "contentmodel", rows[i].model);
			if (r->f.content)
				api_add_str(sn, "contentformat", wiki_model_format(rows[i].model));
		}
		if (!r->fetch_content)
			continue;
		bool bad_format = r->f.content && r->legacy && r->contentformat &&
				  !streq(r->contentformat, wiki_model_format(rows[i].model));
		if (bad_format) {
			api_warn(ctx, "badformat", "apierror-badformat", r->contentformat, rows[i].model, page_title);
			api_add_bool(sn, "badcontentformat", true);
		}
		/* Hidden text is flagged whenever content is read, and left out for who may not see it. */
		if (text_deleted && !bad_format && !api_node_get(sn, "texthidden"))
			api_add_bool(sn, "texthidden", true);
		if (text_hidden)
			continue;
		const char *data;
		size_t len;
		int rc = store_content_get(ctx->store, ctx->arena, rows[i].content_id, &data, &len, NULL);
		if (rc != RC_OK)
			return api_db_error(ctx);
		if (r->section >= 0) {
			const char *sd;
			size_t sl;
			if (wiki_section_get(ctx->arena, data, len, r->section, r->section_t, &sd, &sl) != RC_OK) {
				/* The legacy shape has no place for the flag: MediaWiki fails the request. */
				if (r->legacy)
					return api_error(ctx, "nosuchsection", "apierror-nosuchsection-what", r->section_param,
							 api_p_msg(ctx->arena, "revid",
								   (const char *[]){ api_p_int(ctx->arena, revid) }, 1));
				api_add_bool(sn, "nosuchsection", true);
				continue;
			}
			data = sd;
			len = sl;
		}
		/* The main slot's content (section cut) is what diffto and difftotext diff. */
		if (is_main) {
			r->main_text = data;
			r->main_len = len;
			r->main_model = rows[i].model;
		}
		if (bad_format)
			continue;
		if (r->legacy && is_main && (r->f.parsetree || (r->f.content && (r->generatexml || r->expandtemplates ||
										   r->parse)))) {
			if (transform_content(r, sn, rows[i].model, data, len, page_title))
				continue;
		}
		if (!r->f.content)
			continue;
		/* Content brings its model and format: the legacy shape names the format first. */
		if (!r->f.model && r->legacy) {
			api_add_str(sn, "contentformat", wiki_model_format(rows[i].model));
			api_add_str(sn, "contentmodel", rows[i].model);
		} else if (!r->f.model) {
			api_add_str(sn, "contentmodel", rows[i].model);
			api_add_str(sn, "contentformat", wiki_model_format(rows[i].model));
		}
		if (r->legacy)
			api_add_content(sn, data, len);
		else
			api_add_content_as(sn, "content", data, len);
	}
	return RC_OK;
}

/* ---------- the deprecated diffto and difftotext ---------- */

/* The page's latest revision, 0 when none. */
static int64_t latest_rev(struct api_ctx *ctx, const struct wiki_title *t)
{
	int64_t id = 0;
	store_query_int(ctx->store, &id, "SELECT page_latest FROM page WHERE page_namespace = ? AND page_title = ?",
			"dt", t->ns, t->dbkey);
	return id;
}

/* Revision `id`'s neighbour on its page: the one before (dir < 0) or after; 0 when none. */
static int64_t neighbour_rev(struct api_ctx *ctx, int64_t id, int dir)
{
	int64_t out = 0;
	store_query_int(ctx->store, &out,
			dir < 0 ? "SELECT b.rev_id FROM revision a JOIN revision b ON b.rev_page = a.rev_page"
				  " WHERE a.rev_id = ? AND (b.rev_timestamp < a.rev_timestamp OR"
				  " (b.rev_timestamp = a.rev_timestamp AND b.rev_id < a.rev_id))"
				  " ORDER BY b.rev_timestamp DESC, b.rev_id DESC LIMIT 1"
				: "SELECT b.rev_id FROM revision a JOIN revision b ON b.rev_page = a.rev_page"
				  " WHERE a.rev_id = ? AND (b.rev_timestamp > a.rev_timestamp OR"
				  " (b.rev_timestamp = a.rev_timestamp AND b.rev_id > a.rev_id))"
				  " ORDER BY b.rev_timestamp ASC, b.rev_id ASC LIMIT 1",
			"i", id);
	return out;
}

/*
 * The text of revision `id` for a diff, if it exists and the user may
 * see it: RC_OK, or RC_NOTFOUND (MediaWiki's getDiffBody() then answers
 * false).
 */
static int diff_side(struct api_ctx *ctx, int64_t id, const char **text, size_t *len)
{
	int64_t deleted = 0;
	if (store_query_int(ctx->store, &deleted, "SELECT rev_deleted FROM revision WHERE rev_id = ?", "i", id) != RC_OK)
		return RC_NOTFOUND;
	if ((deleted & 1) && !wiki_user_can(ctx->user, (deleted & 8) ? "viewsuppressed" : "deletedtext"))
		return RC_NOTFOUND;
	if (wiki_revision_text(ctx->store, ctx->arena, id, text, len, NULL) != RC_OK) {
		*text = "";
		*len = 0;
	}
	return RC_OK;
}

/* The label of a block's line numbers, in the request's language. */
static void diff_lineno(struct sbuf *out, size_t line, void *ud)
{
	struct api_ctx *ctx = ud;
	sbuf_adds(out, api_msg(ctx, "lineno", (const char *[]){ api_p_num(ctx->arena, (long long)line), NULL }));
}

/* Largest diff body of one revision. */
#define DIFF_BODY_MAX (256u << 20)

/* The diff table of `old` against `new` as the body of `d`. */
static int add_body(struct api_ctx *ctx, struct api_node *d, const char *old, size_t old_len, const char *new,
		    size_t new_len)
{
	struct sbuf out;
	sbuf_init(&out, DIFF_BODY_MAX);
	int rc = diff_table(ctx->arena, old, old_len, new, new_len, diff_lineno, ctx, &out);
	if (rc == RC_OK)
		api_add_content_as(d, "body", sbuf_cstr(&out), out.len);
	sbuf_release(&out);
	return rc == RC_OK ? RC_OK : api_error(ctx, "toobig", NULL, api_p_num(ctx->arena, DIFF_BODY_MAX));
}

/*
 * The "diff" member of revision `revid` (page `self`, its content in
 * r->main_text): against difftotext, or against the revision diffto
 * names, with "from" and "to" as MediaWiki's DifferenceEngine reports
 * them (false for a missing previous revision, 0 for the current one).
 */
static int add_diff(struct revs_run *r, struct api_node *rev, int64_t revid, const struct wiki_title *self)
{
	struct api_ctx *ctx = r->ctx;
	struct api_node *d = api_add_object(rev, "diff");
	if (r->difftotext) {
		char *model = NULL;
		store_query_text(ctx->store, ctx->arena, &model, "SELECT page_content_model FROM page WHERE"
				 " page_namespace = ? AND page_title = ?", "dt", self->ns, self->dbkey);
		if (!model || !*model)
			model = (char *)wiki_default_model(self->ns, self->dbkey);
		if (r->contentformat && !streq(r->contentformat, wiki_model_format(model))) {
			api_warn(ctx, "badformat", "apierror-badformat", r->contentformat, model,
				 wiki_escape_wikitext(ctx->arena, self->prefixed));
			api_add_bool(d, "badcontentformat", true);
			return RC_OK;
		}
		size_t len = strlen(r->difftotext);
		const char *text = r->difftotext;
		/* The content's line ends and trailing space, then the save's transform as this page. */
		if (r->difftotextpst) {
			text = wiki_text_normalize(ctx->arena, text, len, &len);
			if (wiki_pst(ctx->store, ctx->arena, self, model, ctx->user, text, len, &text, &len, NULL) != RC_OK)
				return api_error(ctx, "contenttoobig", NULL,
						 api_p_int(ctx->arena, WIKI_MAX_ARTICLE_BYTES / 1024));
		}
		return add_body(ctx, d, r->main_text, r->main_len, text, len);
	}
	/* DifferenceEngine(old = this revision, new = diffto) after mapDiffPrevNext(). */
	int64_t from = revid, to;
	bool from_missing = false;
	if (streq(r->diffto, "prev")) {
		to = revid;
		from = neighbour_rev(ctx, revid, -1);
		from_missing = from == 0;
	} else if (streq(r->diffto, "next")) {
		to = neighbour_rev(ctx, revid, 1);
	} else {
		to = strtoll(r->diffto, NULL, 10);
	}
	if (from_missing)
		api_add_bool(d, "from", false);
	else
		api_add_int(d, "from", from);
	api_add_int(d, "to", to);
	/* getDiffBody(): 0 is the page's current revision; no previous one is an empty diff. */
	int64_t new_id = to ? to : latest_rev(ctx, self);
	const char *old_text, *new_text;
	size_t old_len, new_len;
	if (!new_id || diff_side(ctx, new_id, &new_text, &new_len) != RC_OK) {
		api_add_bool(d, "body", false);
		return RC_OK;
	}
	if (from_missing || from == new_id) {
		api_add_content_as(d, "body", "", 0);
		return RC_OK;
	}
	if (diff_side(ctx, from, &old_text, &old_len) != RC_OK) {
		api_add_bool(d, "body", false);
		return RC_OK;
	}
	return add_body(ctx, d, old_text, old_len, new_text, new_len);
}

void revs_read_version(struct store_stmt *st, int col, struct arena *a, struct revs_row *row)
{
	row->revid = store_col_int(st, col);
	row->parent = store_col_int(st, col + 1);
	row->minor = store_col_int(st, col + 2) != 0;
	row->ts = store_col_dup(st, a, col + 3);
	row->size = store_col_int(st, col + 4);
	row->sha1 = store_col_dup(st, a, col + 5);
	row->deleted = store_col_int(st, col + 6);
}

void revs_read_row_at(struct store_stmt *st, int col, struct arena *a, struct revs_row *row)
{
	revs_read_version(st, col, a, row);
	row->uname = store_col_dup(st, a, col + 7);
	row->uid = store_col_int(st, col + 8);
	row->comment = store_col_dup(st, a, col + 9);
	row->page = store_col_int(st, col + 10);
	row->page_ns = (int)store_col_int(st, col + 11);
	row->page_dbkey = store_col_dup(st, a, col + 12);
}

void revs_read_row_ref(struct store_stmt *st, struct revs_row *row)
{
	/* REVS_COLS has no NULL text: the columns are NOT NULL or COALESCEd. */
	row->revid = store_col_int(st, 0);
	row->parent = store_col_int(st, 1);
	row->minor = store_col_int(st, 2) != 0;
	row->ts = store_col_text(st, 3);
	row->size = store_col_int(st, 4);
	row->sha1 = store_col_text(st, 5);
	row->deleted = store_col_int(st, 6);
	row->uname = store_col_text(st, 7);
	row->uid = store_col_int(st, 8);
	row->comment = store_col_text(st, 9);
	row->page = store_col_int(st, 10);
	row->page_ns = (int)store_col_int(st, 11);
	row->page_dbkey = store_col_text(st, 12);
}

void revs_read_row(struct store_stmt *st, struct arena *a, struct revs_row *row)
{
	revs_read_row_at(st, 0, a, row);
}

int revs_emit_rows(struct revs_run *r, struct api_rows *w, const struct revs_row *row)
{
	struct api_ctx *ctx = r->ctx;
	int64_t revid = row->revid, parent = row->parent, size = row->size, deleted = row->deleted, uid = row->uid;
	bool minor = row->minor;
	const char *ts = row->ts, *sha1 = row->sha1, *uname = row->uname, *comment = row->comment;
	int page_ns = row->page_ns;
	const char *page_dbkey = row->page_dbkey;

	/*
	 * rev_deleted bits: 1 text, 2 comment, 4 user, 8 suppressed. A
	 * hidden field is flagged when it is asked for, and its value left
	 * out for who may not see it (RevisionRecord::userCanBitfield()):
	 * suppressed ones need suppressrevision or viewsuppressed, hidden
	 * text deletedtext, the rest deletedhistory.
	 */
	bool text_hidden = (deleted & 1) && !revs_can_see(ctx->user, deleted, 1),
	     comment_hidden = (deleted & 2) && !revs_can_see(ctx->user, deleted, 2),
	     user_hidden = (deleted & 4) && !revs_can_see(ctx->user, deleted, 4);
	bool any_hidden = false;

	r->row = row;
	api_row_begin(w);
	if (r->f.ids) {
		api_row_int(w, "revid", revid);
		api_row_int(w, "parentid", parent);
	}
	if (r->f.flags)
		api_row_bool(w, "minor", minor);
	if ((r->f.user || r->f.userid) && (deleted & 4)) {
		api_row_bool(w, "userhidden", true);
		any_hidden = true;
	}
	if ((r->f.user || r->f.userid) && !user_hidden) {
		if (r->f.user)
			api_row_str(w, "user", uname);
		if (!uid)
			api_row_bool(w, "anon", true);
		if (r->f.userid)
			api_row_int(w, "userid", uid);
	}
	if (r->f.timestamp)
		api_row_timestamp(w, "timestamp", ts);
	if (r->f.size)
		api_row_int(w, "size", size);
	if (r->f.sha1) {
		if (deleted & 1) {
			api_row_bool(w, "sha1hidden", true);
			any_hidden = true;
		}
		if (!text_hidden) {
			char hex[41];
			query_sha1_b36_to_hex(sha1, hex);
			api_row_str(w, "sha1", hex);
		}
	}
	if (r->f.roles || r->need_slots) {
		struct wiki_title self;
		wiki_title_make(ctx->arena, page_ns, page_dbkey, &self);
		r->main_text = NULL;
		if ((r->f.slotsha1 || r->fetch_content) && (deleted & 1))
			any_hidden = true;
		int rc = add_slots(r, api_row_node(w), revid, (deleted & 1) != 0, text_hidden, self.prefixed);
		if (rc == RC_OK && r->main_text && (r->diffto || r->difftotext))
			rc = add_diff(r, api_row_node(w), revid, &self);
		if (rc != RC_OK) {
			api_row_end(w);
			return rc;
		}
	}
	if ((r->f.comment || r->f.parsedcomment) && (deleted & 2)) {
		api_row_bool(w, "commenthidden", true);
		any_hidden = true;
	}
	if (r->f.comment && !comment_hidden)
		api_row_str(w, "comment", comment);
	if (r->f.parsedcomment && !comment_hidden) {
		struct wiki_title self;
		wiki_title_make(ctx->arena, page_ns, page_dbkey, &self);
		api_row_str(w, "parsedcomment", wiki_comment_html(ctx->arena, ctx->store, comment, &self));
	}
	if (r->f.tags && r->tags)
		query_tags_add(api_row_node(w), r->tags, revid);
	else if (r->f.tags)
		query_add_tags(ctx, api_row_node(w), 'v', revid);
	if (any_hidden && (deleted & 8))
		api_row_bool(w, "suppressed", true);
	api_row_end(w);
	return RC_OK;
}

int revs_emit(struct revs_run *r, struct api_node *list, const struct revs_row *row)
{
	struct api_rows w;
	api_rows_start_for(&w, list, NULL);
	return revs_emit_rows(r, &w, row);
}

bool revs_can_see(const struct wiki_user *u, int64_t bits, int64_t field)
{
	if (!(bits & field))
		return true;
	if (bits & 8)
		return wiki_user_can(u, "suppressrevision") || wiki_user_can(u, "viewsuppressed");
	return wiki_user_can(u, field == 1 ? "deletedtext" : "deletedhistory");
}

int64_t revs_actor_of(struct api_ctx *ctx, const char *name)
{
	int64_t id = 0;
	if (name[0] == '#')
		store_query_int(ctx->store, &id, "SELECT actor_id FROM actor WHERE actor_user = ?", "i",
				(int64_t)strtoll(name + 1, NULL, 10));
	else
		store_query_int(ctx->store, &id, "SELECT actor_id FROM actor WHERE actor_name = ?", "t", name);
	return id;
}

int revs_add(struct revs_run *r, struct api_node *list, int64_t revid)
{
	struct store_stmt *st = store_prepare(r->ctx->store, "SELECT " REVS_COLS REVS_JOINS " WHERE rev_id = ?");
	store_bindv(st, "i", revid);
	int step = store_step(st);
	if (step != STORE_ROW) {
		store_stmt_done(st);
		return step < 0 ? api_db_error(r->ctx) : RC_OK;
	}
	struct revs_row row;
	revs_read_row(st, r->ctx->arena, &row);
	store_stmt_done(st);
	return revs_emit(r, list, &row);
}

int revs_setup(struct api_ctx *ctx, struct revs_run *r, const struct api_list *prop, const struct api_list *slots,
	       const struct revs_opts *opts)
{
	*r = (struct revs_run){ .ctx = ctx, .slots = slots, .section = -1, .section_param = opts->section,
				.contentformat = opts->contentformat };
	r->f = (struct revs_fields){
		.ids = api_list_has(prop, "ids"),
		.flags = api_list_has(prop, "flags"),
		.timestamp = api_list_has(prop, "timestamp"),
		.user = api_list_has(prop, "user"),
		.userid = api_list_has(prop, "userid"),
		.size = api_list_has(prop, "size"),
		.slotsize = api_list_has(prop, "slotsize"),
		.sha1 = api_list_has(prop, "sha1"),
		.slotsha1 = api_list_has(prop, "slotsha1"),
		.model = api_list_has(prop, "contentmodel"),
		.comment = api_list_has(prop, "comment"),
		.parsedcomment = api_list_has(prop, "parsedcomment"),
		.content = api_list_has(prop, "content"),
		.tags = api_list_has(prop, "tags"),
		.roles = api_list_has(prop, "roles"),
		.parsetree = api_list_has(prop, "parsetree"),
	};
	r->legacy = !api_param_given(ctx, "slots");
	/* The deprecated parameters only work in the legacy shape. */
	if (!r->legacy) {
		const char *deprecated[] = { "expandtemplates", "generatexml", "parse", "diffto", "difftotext",
					     "difftotextpst", "contentformat" };
		const bool given[] = { opts->expandtemplates, opts->generatexml, opts->parse, opts->diffto != NULL,
				       opts->difftotext != NULL, opts->difftotextpst, opts->contentformat != NULL };
		for (size_t i = 0; i < ARRAY_SIZE(deprecated); i++)
			if (given[i])
				return api_error(ctx, "invalidparammix", "apierror-invalidparammix-cannotusewith",
						 api_param_name(ctx, deprecated[i]), api_param_name(ctx, "slots"));
		if (r->f.parsetree)
			return api_error(ctx, "invalidparammix", "apierror-invalidparammix-cannotusewith",
					 arena_printf(ctx->arena, "%s=parsetree", api_param_name(ctx, "prop")),
					 api_param_name(ctx, "slots"));
	}
	if (opts->difftotext) {
		r->difftotext = opts->difftotext;
		r->difftotextpst = opts->difftotextpst;
	} else if (opts->diffto) {
		const char *d = streq(opts->diffto, "cur") ? "0" : opts->diffto;
		bool digits = *d != '\0';
		for (const char *c = d; *c && digits; c++)
			digits = *c >= '0' && *c <= '9';
		if (!digits && !streq(d, "prev") && !streq(d, "next"))
			return api_error(ctx, "diffto", "apierror-baddiffto", api_main_of(ctx)->prefix);
		r->diffto = d;
		long long id;
		if (digits && util_parse_ll(d, &id) == RC_OK && id != 0) {
			/* The revision must exist; one the user may not see turns the diff off. */
			int64_t deleted = 0;
			if (store_query_int(ctx->store, &deleted, "SELECT rev_deleted FROM revision WHERE rev_id = ?", "i",
					    (int64_t)id) != RC_OK)
				return api_error(ctx, "nosuchrevid", NULL, d);
			if ((deleted & 1) &&
			    !wiki_user_can(ctx->user, (deleted & 8) ? "viewsuppressed" : "deletedtext")) {
				api_warn(ctx, "difftohidden", NULL, api_p_int(ctx->arena, id));
				r->diffto = NULL;
			}
		}
	}
	r->fetch_content = r->f.content || r->diffto || r->difftotext || r->f.parsetree;
	if (r->fetch_content) {
		r->expandtemplates = opts->expandtemplates;
		r->generatexml = opts->generatexml;
		r->parse = opts->parse;
	}
	r->need_slots = r->fetch_content || r->f.model || r->f.slotsize || r->f.slotsha1;
	/* MediaWiki reads any section value as a number, never rejecting one ("x" is 0). */
	if (opts->section && r->fetch_content)
		wiki_section_id_lax(opts->section, &r->section, &r->section_t);
	return RC_OK;
}

long revs_limit_max(const struct api_ctx *ctx, const struct revs_run *r)
{
	if (r->parse)
		return 1;
	return r->fetch_content ? (ctx->has_highlimits ? CONTENT_LIMIT_HIGH : CONTENT_LIMIT)
				: (ctx->has_highlimits ? REV_LIMIT_HIGH : REV_LIMIT);
}

/* The limit of revs_limit(), before the legacy-shape warning. */
static long limit_value(struct api_ctx *ctx, const struct revs_run *r, long parsed, long dflt)
{
	long max = revs_limit_max(ctx, r);
	const char *given = api_param_raw(ctx, "limit");
	if (!given)
		return r->parse ? 1 : dflt; /* parsing sets an unset limit to 1 */
	if (streq(given, "max")) {
		/* The parameter decoder reported the plain maximum; the real one may be smaller. */
		struct api_node *lim = api_node_object(ctx->result, "limits");
		struct api_node *n = api_node_get(lim, ctx->module->name);
		if (n)
			n->v.i = max;
		else
			api_add_int(lim, ctx->module->name, max);
		return max;
	}
	if (parsed > max) {
		/* Validated a second time against the smaller range, as the value the first check left. */
		api_warn(ctx, "outofrange", "paramvalidator-outofrange-minmax",
			 api_p_plain(ctx->arena, api_param_name(ctx, "limit")),
			 api_p_plain(ctx->arena, arena_printf(ctx->arena, "%ld", parsed)), api_p_num(ctx->arena, 1),
			 api_p_num(ctx->arena, max));
		struct api_node *d = api_warning_data(ctx);
		api_add_int(d, "min", 1);
		api_add_int(d, "curmax", max);
		api_add_int(d, "max", r->parse ? 1 : r->fetch_content ? CONTENT_LIMIT : REV_LIMIT);
		api_add_int(d, "highmax", r->parse ? 1 : r->fetch_content ? CONTENT_LIMIT_HIGH : REV_LIMIT_HIGH);
		return max;
	}
	return parsed;
}

int revs_check_deleted_rights(struct api_ctx *ctx, const struct revs_run *r)
{
	if ((r->f.comment || r->f.parsedcomment) && !wiki_user_can(ctx->user, "deletedhistory"))
		return api_error(ctx, "permissiondenied", "apierror-cantview-deleted-comment");
	if (r->fetch_content && !wiki_user_can(ctx->user, "deletedtext") && !wiki_user_can(ctx->user, "undelete"))
		return api_error(ctx, "permissiondenied", "apierror-cantview-deleted-revision-content");
	return RC_OK;
}

void revs_deleted_user_paranoia(struct api_ctx *ctx, struct sbuf *sql)
{
	if (!wiki_user_can(ctx->user, "deletedhistory"))
		sbuf_adds(sql, " AND (ar_deleted & 4) <> 4");
	else if (!wiki_user_can(ctx->user, "suppressrevision") && !wiki_user_can(ctx->user, "viewsuppressed"))
		sbuf_adds(sql, " AND (ar_deleted & 12) <> 12");
}

long revs_limit(struct api_ctx *ctx, const struct revs_run *r, long parsed, long dflt)
{
	long limit = limit_value(ctx, r, parsed, dflt);
	if (r->legacy && r->need_slots) {
		/*
		 * addDeprecation, after the limit's own warning as MediaWiki
		 * orders them: the warning, its feature and the mailing-list
		 * pointer under "main".
		 */
		const char *slots_name = api_param_name(ctx, "slots");
		api_warn(ctx, "deprecation", "apiwarn-deprecation-missingparam", slots_name);
		api_warn_feature(ctx, arena_printf(ctx->arena, "!%s", slots_name));
		api_warn_for(ctx, "main", "deprecation-help", "api-usage-mailinglist-ref");
	}
	return limit;
}

size_t revs_cont_split(const char *cont, const char *parts[4], size_t lens[4])
{
	size_t n = 0;
	for (const char *c = cont;; c++) {
		if (n == 4)
			return 0;
		const char *bar = strchr(c, '|');
		parts[n] = c;
		lens[n] = bar ? (size_t)(bar - c) : strlen(c);
		n++;
		if (!bar)
			return n;
		c = bar;
	}
}

bool revs_cont_int(const char *s, size_t len, long long *out)
{
	char buf[32], back[32];
	if (!len || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (util_parse_ll(buf, out) != RC_OK)
		return false;
	snprintf(back, sizeof(back), "%lld", *out);
	return streq(buf, back);
}

const char *revs_part_key(struct api_ctx *ctx, const char *text, int ns)
{
	struct wiki_title t;
	const char *err;
	if (wiki_title_parse(ctx->arena, arena_printf(ctx->arena, "%sx", text), ns, &t, &err) != RC_OK) {
		api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, text));
		return NULL;
	}
	const char *key = t.ns == ns ? t.dbkey : t.prefixed_dbkey;
	return arena_strndup(ctx->arena, key, strlen(key) - 1);
}
