/* SPDX-License-Identifier: MIT */
/*
 * revs.c — one revision as prop=revisions and list=allrevisions write it:
 * ids, flags, user, timestamp, size, sha1, slots with their content
 * (or, without the slots parameter, the main slot's content on the
 * revision itself, MediaWiki's legacy shape), comment and tags, with
 * the parts hidden by revision deletion left out for those who may not
 * see them. Also the limit rule of both modules (content makes the
 * limit small).
 */
#include "revs_int.h"

#include <stdlib.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"

const char *const revs_prop_values[] = {
	"comment", "content", "contentmodel", "flags", "ids", "parsedcomment", "roles", "sha1", "size", "slotsha1",
	"slotsize", "tags", "timestamp", "user", "userid", NULL
};
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

/* Slot members of one revision: under slots.<role> or (legacy) on the revision. */
static int add_slots(struct revs_run *r, struct api_node *rev, int64_t revid, bool text_hidden,
		     const char *page_title)
{
	struct api_ctx *ctx = r->ctx;
	struct store_stmt *st = store_prepare(ctx->store,
		"SELECT role_name, content_size, content_sha1, model_name, content_id FROM slots"
		" JOIN slot_roles ON role_id = slot_role_id JOIN content ON content_id = slot_content_id"
		" JOIN content_models ON model_id = content_model WHERE slot_revision_id = ? ORDER BY role_id");
	store_bindv(st, "i", revid);
	struct api_node *slots = NULL;
	if (!r->legacy && r->need_slots)
		slots = api_add_object(rev, "slots");
	int step;
	/* Rows are copied before any further query: store_content_get() reuses statements. */
	struct slot_row {
		const char *role, *sha1, *model;
		int64_t size, content_id;
	} rows[8];
	size_t n = 0;
	while ((step = store_step(st)) == STORE_ROW && n < ARRAY_SIZE(rows)) {
		rows[n].role = store_col_dup(st, ctx->arena, 0);
		rows[n].size = store_col_int(st, 1);
		rows[n].sha1 = store_col_dup(st, ctx->arena, 2);
		rows[n].model = store_col_dup(st, ctx->arena, 3);
		rows[n].content_id = store_col_int(st, 4);
		n++;
	}
	store_stmt_done(st);
	if (step < 0)
		return api_db_error(ctx);
	if (r->f.roles) {
		/* roles come before slots in MediaWiki's output; move them there. */
		struct api_node *roles = api_add_array(rev, "roles", "role");
		for (size_t i = 0; i < n; i++)
			api_add_str(roles, NULL, rows[i].role);
		if (slots) {
			api_node_unlink(slots);
			slots->next = NULL;
			slots->parent = rev;
			if (rev->last)
				rev->last->next = slots;
			else
				rev->first = slots;
			rev->last = slots;
			rev->n_children++;
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
		if (r->f.slotsha1 && !api_node_get(sn, "sha1") && !api_node_get(sn, "sha1hidden")) {
			char hex[41];
			query_sha1_b36_to_hex(rows[i].sha1, hex);
			if (text_hidden)
				api_add_bool(sn, "sha1hidden", true);
			else
				api_add_str(sn, "sha1", hex);
		}
		if (r->f.model) {
			api_add_str(sn, "contentmodel", rows[i].model);
			if (r->f.content)
				api_add_str(sn, "contentformat", wiki_model_format(rows[i].model));
		}
		if (!r->f.content)
			continue;
		if (r->legacy && r->contentformat && !streq(r->contentformat, wiki_model_format(rows[i].model))) {
			api_warn(ctx, "badformat", "apierror-badformat", r->contentformat, rows[i].model, page_title);
			api_add_bool(sn, "badcontentformat", true);
			continue;
		}
		if (text_hidden) {
			api_add_bool(sn, "texthidden", true);
			continue;
		}
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

void revs_read_row(struct store_stmt *st, struct arena *a, struct revs_row *row)
{
	row->revid = store_col_int(st, 0);
	row->parent = store_col_int(st, 1);
	row->minor = store_col_int(st, 2) != 0;
	row->ts = store_col_dup(st, a, 3);
	row->size = store_col_int(st, 4);
	row->sha1 = store_col_dup(st, a, 5);
	row->deleted = store_col_int(st, 6);
	row->uname = store_col_dup(st, a, 7);
	row->uid = store_col_int(st, 8);
	row->comment = store_col_dup(st, a, 9);
	row->page = store_col_int(st, 10);
	row->page_ns = (int)store_col_int(st, 11);
	row->page_dbkey = store_col_dup(st, a, 12);
}

int revs_emit(struct revs_run *r, struct api_node *list, const struct revs_row *row)
{
	struct api_ctx *ctx = r->ctx;
	int64_t revid = row->revid, parent = row->parent, size = row->size, deleted = row->deleted, uid = row->uid;
	bool minor = row->minor;
	const char *ts = row->ts, *sha1 = row->sha1, *uname = row->uname, *comment = row->comment;
	int page_ns = row->page_ns;
	const char *page_dbkey = row->page_dbkey;

	/* rev_deleted bits: 1 text, 2 comment, 4 user, 8 suppressed. */
	bool can_see = wiki_user_can(ctx->user, (deleted & 8) ? "viewsuppressed" : "deletedhistory");
	bool text_hidden = (deleted & 1) && !can_see, comment_hidden = (deleted & 2) && !can_see,
	     user_hidden = (deleted & 4) && !can_see;

	struct api_node *rev = api_add_object(list, NULL);
	if (r->f.ids) {
		api_add_int(rev, "revid", revid);
		api_add_int(rev, "parentid", parent);
	}
	if (deleted & 1)
		api_add_bool(rev, "texthidden", true);
	if (deleted & 2)
		api_add_bool(rev, "commenthidden", true);
	if (deleted & 4)
		api_add_bool(rev, "userhidden", true);
	if (deleted & 8)
		api_add_bool(rev, "suppressed", true);
	if (r->f.flags)
		api_add_bool(rev, "minor", minor);
	if ((r->f.user || r->f.userid) && !user_hidden) {
		if (r->f.user)
			api_add_str(rev, "user", uname);
		if (!uid)
			api_add_bool(rev, "anon", true);
		if (r->f.userid)
			api_add_int(rev, "userid", uid);
	}
	if (r->f.timestamp)
		api_add_str(rev, "timestamp", query_ts_iso(ctx->arena, ts));
	if (r->f.size)
		api_add_int(rev, "size", size);
	if (r->f.sha1) {
		if (text_hidden) {
			api_add_bool(rev, "sha1hidden", true);
		} else {
			char hex[41];
			query_sha1_b36_to_hex(sha1, hex);
			api_add_str(rev, "sha1", hex);
		}
	}
	if (r->f.roles || r->need_slots) {
		struct wiki_title self;
		wiki_title_make(ctx->arena, page_ns, page_dbkey, &self);
		int rc = add_slots(r, rev, revid, text_hidden, self.prefixed);
		if (rc != RC_OK)
			return rc;
	}
	if (r->f.comment && !comment_hidden)
		api_add_str(rev, "comment", comment);
	if (r->f.parsedcomment && !comment_hidden) {
		struct wiki_title self;
		wiki_title_make(ctx->arena, page_ns, page_dbkey, &self);
		api_add_str(rev, "parsedcomment", wiki_comment_html(ctx->arena, ctx->store, comment, &self));
	}
	if (r->f.tags)
		query_add_tags(ctx, rev, 'v', revid);
	/* Legacy content goes last, after comment and tags, as MediaWiki writes it. */
	if (r->legacy && r->f.content) {
		struct api_node *c = NULL;
		for (struct api_node *k = rev->first; k; k = k->next)
			if (k->flags & API_N_CONTENT)
				c = k;
		if (c && c != rev->last) {
			api_node_unlink(c);
			c->next = NULL;
			c->parent = rev;
			rev->last->next = c;
			rev->last = c;
			rev->n_children++;
		}
	}
	return RC_OK;
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
	       const char *section, const char *contentformat)
{
	*r = (struct revs_run){ .ctx = ctx, .slots = slots, .section = -1, .section_param = section,
				.contentformat = contentformat };
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
	};
	r->legacy = !api_param_given(ctx, "slots");
	if (contentformat && !r->legacy)
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix-cannotusewith",
				 api_param_name(ctx, "contentformat"), api_param_name(ctx, "slots"));
	r->need_slots = r->f.content || r->f.model || r->f.slotsize || r->f.slotsha1;
	if (r->legacy && r->need_slots) {
		/* addDeprecation: the warning, its feature and the mailing-list pointer under "main". */
		const char *slots_name = api_param_name(ctx, "slots");
		api_warn(ctx, "deprecation", "apiwarn-deprecation-missingparam", slots_name);
		api_warn_feature(ctx, arena_printf(ctx->arena, "!%s", slots_name));
		api_warn_for(ctx, "main", "deprecation-help", "api-usage-mailinglist-ref");
	}
	/* MediaWiki reads any section value as a number, never rejecting one ("x" is 0). */
	if (section && r->f.content)
		wiki_section_id_lax(section, &r->section, &r->section_t);
	return RC_OK;
}

long revs_limit_max(const struct api_ctx *ctx, const struct revs_run *r)
{
	return r->f.content ? (ctx->has_highlimits ? CONTENT_LIMIT_HIGH : CONTENT_LIMIT)
			    : (ctx->has_highlimits ? REV_LIMIT_HIGH : REV_LIMIT);
}

long revs_limit(struct api_ctx *ctx, const struct revs_run *r, long parsed, long dflt)
{
	long max = revs_limit_max(ctx, r);
	const char *given = api_param_raw(ctx, "limit");
	if (!given)
		return dflt;
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
		api_add_int(d, "max", r->f.content ? CONTENT_LIMIT : REV_LIMIT);
		api_add_int(d, "highmax", r->f.content ? CONTENT_LIMIT_HIGH : REV_LIMIT_HIGH);
		return max;
	}
	return parsed;
}
