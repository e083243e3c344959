/* SPDX-License-Identifier: MIT */
/*
 * tag.c — action=tag: add change tags to, or take them off, existing
 * revisions, recent changes and log entries, as MediaWiki 1.39's ApiTag
 * with ChangeTags::updateTagsWithChecks().
 *
 * Each id is handled on its own (one result and one transaction per
 * id): its change is completed from the others' tables as MediaWiki's
 * updateTags() does (a revision's recent change and the log entry that
 * names it as associated revision, a recent change's revision or log
 * entry, a log entry's recent change and revision), the tags are added
 * and removed on the change_tag rows matching every id found, and a
 * tag/update log entry records it (target: the revision's page, else
 * Special:Log/<type> for a log entry, else Special:Tags; params revid,
 * logid, the lists and counts of what changed and the tags before).
 * The log entry is not published to recent changes, as in MediaWiki.
 * Only tags made with managetags and active may be added; tags the
 * software sets may not be removed.
 */
#include "pageact_int.h"

#include <stddef.h>
#include <string.h>

#include "../../store/store.h"

struct tag_params {
	struct api_list rcid;   /* recent change ids */
	struct api_list revid;  /* revision ids */
	struct api_list logid;  /* log ids */
	struct api_list add;    /* tags to add */
	struct api_list remove; /* tags to remove */
	const char *reason;     /* reason for the log entry */
	struct api_list tags;   /* change tags for the tag log entry itself */
};

static const struct api_param params[] = {
	{ .name = "rcid", .type = API_T_INT, .flags = API_P_MULTI, .offset = offsetof(struct tag_params, rcid),
	  .desc = "Recent change IDs to add tags to or remove them from." },
	{ .name = "revid", .type = API_T_INT, .flags = API_P_MULTI, .offset = offsetof(struct tag_params, revid),
	  .desc = "Revision IDs to add tags to or remove them from." },
	{ .name = "logid", .type = API_T_INT, .flags = API_P_MULTI, .offset = offsetof(struct tag_params, logid),
	  .desc = "Log entry IDs to add tags to or remove them from." },
	{ .name = "add", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_UNCHECKED, .values_fn = api_tag_values,
	  .offset = offsetof(struct tag_params, add),
	  .desc = "Tags to add. Only tags defined by hand (with managetags) and active can be added." },
	{ .name = "remove", .type = API_T_STRING, .flags = API_P_MULTI, .offset = offsetof(struct tag_params, remove),
	  .desc = "Tags to remove. Tags the software sets cannot be removed; any other tag can." },
	{ .name = "reason", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct tag_params, reason),
	  .desc = "Reason for the change, shown in the log." },
	PAGEACT_TAGS_PARAM(struct tag_params, tags, "the entry in the tag log"),
	{ 0 }
};

/* One change as updateTags() completes it. */
struct change {
	int64_t rc_id, rev_id, log_id; /* the ids found, 0 for none */
	struct wiki_pvalue revid_pv;   /* "4::revid" as MediaWiki stores it */
	struct wiki_pvalue logid_pv;   /* "5::logid" */
};

/* A PHP value for an id: the integer given by the client, or the text or false a lookup gave. */
static struct wiki_pvalue pv_given(int64_t id)
{
	return (struct wiki_pvalue){ .type = WIKI_PV_INT, .i = id };
}

static struct wiki_pvalue pv_found(struct arena *a, bool found, int64_t id)
{
	if (!found)
		return (struct wiki_pvalue){ .type = WIKI_PV_BOOL, .b = false };
	const char *s = arena_printf(a, "%lld", (long long)id);
	return (struct wiki_pvalue){ .type = WIKI_PV_STRING, .s = s, .len = strlen(s) };
}

/* A lookup of one id: RC_OK with *found, or RC_ERR for a database failure. */
static int lookup(struct store *st, bool *found, int64_t *out, const char *sql, int64_t arg)
{
	*out = 0;
	int rc = store_query_int(st, out, sql, "i", arg);
	*found = rc == RC_OK;
	return rc == RC_OK || rc == RC_NOTFOUND ? RC_OK : RC_ERR;
}

/* The log entry naming revision `rev` as its associated revision (log_search). */
#define LOG_OF_REV "SELECT ls_log_id FROM log_search WHERE ls_field = 'associated_rev_id' AND ls_value = ? LIMIT 1"
/* The revision log entry `log` names as associated revision. */
#define REV_OF_LOG \
	"SELECT CAST(ls_value AS INTEGER) FROM log_search WHERE ls_field = 'associated_rev_id' AND ls_log_id = ? LIMIT 1"

/* Complete change `c` for the id the client gave (`type` "rcid", "revid" or "logid"). */
static int complete(struct api_ctx *ctx, const char *type, int64_t id, struct change *c)
{
	struct store *st = ctx->store;
	struct arena *a = ctx->arena;
	bool found = false;
	int64_t v = 0;
	memset(c, 0, sizeof(*c));
	if (streq(type, "revid")) {
		c->rev_id = id;
		c->revid_pv = pv_given(id);
		if (lookup(st, &found, &c->rc_id, "SELECT rc_id FROM recentchanges WHERE rc_this_oldid = ?"
						   " ORDER BY rc_id LIMIT 1", id) != RC_OK)
			return RC_ERR;
		struct store_stmt *s = store_prepare(st, LOG_OF_REV);
		if (!s)
			return RC_ERR;
		store_bind_text(s, 1, arena_printf(a, "%lld", (long long)id), STORE_NTS);
		int step = store_step(s);
		if (step == STORE_ROW)
			c->log_id = store_col_int(s, 0);
		store_stmt_done(s);
		if (step < 0)
			return RC_ERR;
		c->logid_pv = pv_found(a, step == STORE_ROW, c->log_id);
		return RC_OK;
	}
	if (streq(type, "logid")) {
		c->log_id = id;
		c->logid_pv = pv_given(id);
		if (lookup(st, &found, &c->rc_id, "SELECT rc_id FROM logging JOIN recentchanges ON rc_logid = log_id"
						   " AND rc_timestamp = log_timestamp WHERE log_id = ? LIMIT 1", id) != RC_OK ||
		    lookup(st, &found, &c->rev_id, REV_OF_LOG, id) != RC_OK)
			return RC_ERR;
		c->revid_pv = pv_found(a, found, c->rev_id);
		return RC_OK;
	}
	/* A recent change: its log id and revision (MediaWiki keeps them as text; "0" counts as none). */
	c->rc_id = id;
	if (lookup(st, &found, &c->log_id, "SELECT COALESCE(rc_logid, 0) FROM recentchanges WHERE rc_id = ?", id) != RC_OK ||
	    lookup(st, &found, &c->rev_id, "SELECT COALESCE(rc_this_oldid, 0) FROM recentchanges WHERE rc_id = ?", id) !=
		    RC_OK)
		return RC_ERR;
	c->logid_pv = pv_found(a, true, c->log_id);
	c->revid_pv = pv_found(a, true, c->rev_id);
	if (c->log_id && !c->rev_id) {
		if (lookup(st, &found, &v, REV_OF_LOG, c->log_id) != RC_OK)
			return RC_ERR;
		c->rev_id = v;
		c->revid_pv = pv_found(a, found, v);
	} else if (!c->log_id && c->rev_id) {
		struct store_stmt *s = store_prepare(st, LOG_OF_REV);
		if (!s)
			return RC_ERR;
		store_bind_text(s, 1, arena_printf(a, "%lld", (long long)c->rev_id), STORE_NTS);
		int step = store_step(s);
		if (step == STORE_ROW)
			c->log_id = store_col_int(s, 0);
		store_stmt_done(s);
		if (step < 0)
			return RC_ERR;
		c->logid_pv = pv_found(a, step == STORE_ROW, c->log_id);
	}
	return RC_OK;
}

/* True when list `v` (`n` strings) holds `s`. */
static bool has(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (streq(v[i], s))
			return true;
	return false;
}

/* A PHP list of strings as a log parameter. */
static struct wiki_pvalue pv_list(struct arena *a, const char *key, const char *const *v, size_t n)
{
	struct wiki_pvalue *items = arena_calloc(a, n ? n : 1, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = arena_printf(a, "%zu", i), .key_is_int = true,
						 .s = v[i], .len = strlen(v[i]) };
	return (struct wiki_pvalue){ .type = WIKI_PV_ARRAY, .key = key, .items = items, .n_items = n };
}

/* The tag log entry's target: the revision's page, the log entry's type log, or Special:Tags. */
static int log_target(struct api_ctx *ctx, const struct change *c, struct wiki_log_entry *e)
{
	e->ns = WIKI_NS_SPECIAL;
	e->dbkey = "Tags";
	if (c->rev_id) {
		struct store_stmt *s = store_prepare(ctx->store, "SELECT page_namespace, page_title, page_id FROM revision"
								 " JOIN page ON page_id = rev_page WHERE rev_id = ?");
		if (!s)
			return RC_ERR;
		store_bindv(s, "i", c->rev_id);
		int step = store_step(s);
		if (step == STORE_ROW) {
			e->ns = (int)store_col_int(s, 0);
			e->dbkey = store_col_dup(s, ctx->arena, 1);
			e->page_id = store_col_int(s, 2);
		}
		store_stmt_done(s);
		return step < 0 ? RC_ERR : RC_OK;
	}
	if (c->log_id) {
		char *type = NULL;
		int rc = store_query_text(ctx->store, ctx->arena, &type, "SELECT log_type FROM logging WHERE log_id = ?", "i",
					  c->log_id);
		if (rc == RC_OK)
			e->dbkey = arena_printf(ctx->arena, "Log/%s", type);
		else if (rc != RC_NOTFOUND)
			return RC_ERR;
		if (rc == RC_NOTFOUND)
			e->dbkey = "Log";
	}
	return RC_OK;
}

/* What one id's update did. */
struct outcome {
	const char **added, **removed; /* tags added and removed, in the order asked */
	size_t n_added, n_removed;     /* their counts */
	int64_t log_id;                /* the tag log entry, 0 when nothing changed */
};

/* updateTags() and the log entry, inside the open transaction. */
static int update(struct api_ctx *ctx, const struct tag_params *p, const char *const *log_tags, const struct change *c,
		  struct outcome *o)
{
	struct arena *a = ctx->arena;
	const char **prev;
	size_t n_prev;
	int rc = wiki_tag_names(ctx->store, a, c->rc_id, c->rev_id, c->log_id, &prev, &n_prev);
	if (rc != RC_OK)
		return rc;
	o->added = arena_calloc(a, p->add.n + 1, sizeof(*o->added));
	o->removed = arena_calloc(a, p->remove.n + 1, sizeof(*o->removed));
	for (size_t i = 0; i < p->add.n; i++)
		if (*p->add.v[i] && !has(prev, n_prev, p->add.v[i]) && !has(o->added, o->n_added, p->add.v[i]))
			o->added[o->n_added++] = p->add.v[i];
	/* Only tags the change has (before, or now added) can be removed. */
	for (size_t i = 0; i < p->remove.n; i++) {
		const char *t = p->remove.v[i];
		if (*t && (has(prev, n_prev, t) || has(o->added, o->n_added, t)) && !has(o->removed, o->n_removed, t))
			o->removed[o->n_removed++] = t;
	}
	/* A tag both added and removed leaves the change as it was. */
	size_t net_add = 0;
	for (size_t i = 0; i < o->n_added; i++)
		net_add += !has(o->removed, o->n_removed, o->added[i]);
	size_t net_remove = 0;
	for (size_t i = 0; i < o->n_removed; i++)
		net_remove += has(prev, n_prev, o->removed[i]);
	if (!net_add && !net_remove) {
		o->n_added = o->n_removed = 0;
		return RC_OK;
	}
	for (size_t i = 0; rc == RC_OK && i < o->n_added; i++)
		rc = wiki_tag_attach(ctx->store, o->added[i], c->rc_id, c->rev_id, c->log_id);
	for (size_t i = 0; rc == RC_OK && i < o->n_removed; i++)
		rc = wiki_tag_detach(ctx->store, o->removed[i], c->rc_id, c->rev_id, c->log_id);
	if (rc != RC_OK)
		return rc;

	struct wiki_pvalue items[7];
	items[0] = c->revid_pv;
	items[0].key = "4::revid";
	items[1] = c->logid_pv;
	items[1].key = "5::logid";
	items[2] = pv_list(a, "6:list:tagsAdded", o->added, o->n_added);
	items[3] = (struct wiki_pvalue){ .type = WIKI_PV_INT, .key = "7:number:tagsAddedCount", .i = (int64_t)o->n_added };
	items[4] = pv_list(a, "8:list:tagsRemoved", o->removed, o->n_removed);
	items[5] = (struct wiki_pvalue){ .type = WIKI_PV_INT, .key = "9:number:tagsRemovedCount",
					 .i = (int64_t)o->n_removed };
	items[6] = pv_list(a, "initialTags", prev, n_prev);
	struct wiki_pvalue plist = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 7 };
	struct wiki_log_entry e = {
		.type = "tag",
		.action = "update",
		.user_id = ctx->user->id,
		.user_name = ctx->user->name,
		.actor_id = ctx->user->actor_id,
		.comment = p->reason,
		.params = &plist,
		.tags = log_tags,
		.no_rc = true,
		.ip = ctx->req->remote_ip,
	};
	rc = log_target(ctx, c, &e);
	if (rc == RC_OK)
		rc = wiki_log_add(ctx->store, a, &e, &o->log_id);
	/* The tags changed, as the entry's relations (log_search "Tag"). */
	for (size_t k = 0; rc == RC_OK && k < o->n_added + o->n_removed; k++)
		rc = store_run(ctx->store, "INSERT INTO log_search (ls_field, ls_value, ls_log_id) VALUES ('Tag', ?, ?)",
			       "ti", k < o->n_added ? o->added[k] : o->removed[k - o->n_added], o->log_id);
	return rc;
}

/* An id's error in the shape ApiErrorFormatter::formatMessage() gives it: code plus the message. */
static void item_message(struct api_ctx *ctx, struct api_node *item, const char *code, const char *key,
			 const char *const *mparams)
{
	enum api_errorformat ef = api_main_of(ctx)->errorformat;
	api_add_str(item, "code", code);
	if (ef == API_EF_BC)
		api_add_str(item, "info", api_msg(ctx, key, mparams));
	else
		api_add_message(ctx, item, ef, key, mparams);
}

/* status "failure" with the errors of the refused update (arrayFromStatus()). */
static void item_failure(struct api_ctx *ctx, struct api_node *item, const char *key, const char *list, size_t n)
{
	enum api_errorformat ef = api_main_of(ctx)->errorformat;
	api_add_str(item, "status", "failure");
	struct api_node *errs = api_add_array(item, "errors", ef == API_EF_BC ? "error" : NULL);
	struct api_node *e = api_add_object(errs, NULL);
	if (ef == API_EF_BC) {
		api_add_str(e, "message", key);
		struct api_node *pl = api_add_array(e, "params", "param");
		api_add_str(pl, NULL, list);
		api_add_int(pl, NULL, (int64_t)n);
		api_add_str(e, "code", key);
		api_add_str(e, "type", "error");
	} else {
		api_add_str(e, "code", key);
		api_add_message(ctx, e, ef, key, (const char *const[]){ list, api_p_int(ctx->arena, (long long)n), NULL });
	}
}

/* Does the id exist? Its page (for a partial block) into `ns`/`dbkey` when it has one. */
static int find_id(struct api_ctx *ctx, const char *type, int64_t id, bool *exists, int *ns, char **dbkey)
{
	*exists = false;
	*dbkey = NULL;
	const char *sql = streq(type, "rcid") ? "SELECT rc_namespace, rc_title FROM recentchanges WHERE rc_id = ?"
			  : streq(type, "revid") ? "SELECT page_namespace, page_title FROM revision JOIN page"
						   " ON page_id = rev_page WHERE rev_id = ?"
						 : "SELECT 0, NULL FROM logging WHERE log_id = ?";
	struct store_stmt *s = store_prepare(ctx->store, sql);
	if (!s)
		return RC_ERR;
	store_bindv(s, "i", id);
	int step = store_step(s);
	if (step == STORE_ROW) {
		*exists = true;
		*ns = (int)store_col_int(s, 0);
		if (!streq(type, "logid"))
			*dbkey = store_col_dup(s, ctx->arena, 1);
	}
	store_stmt_done(s);
	return step < 0 ? RC_ERR : RC_OK;
}

/* The tags of `v` as a comma-separated list (Language::commaList()). */
static const char *comma_list(struct arena *a, const char *const *v, size_t n)
{
	const char *s = n ? v[0] : "";
	for (size_t i = 1; i < n; i++)
		s = arena_printf(a, "%s, %s", s, v[i]);
	return s;
}

/* One id's entry of the result (ApiTag::processIndividual()). */
static int process(struct api_ctx *ctx, struct api_node *list, const struct tag_params *p, const char *const *log_tags,
		   const char *type, int64_t id)
{
	struct api_node *item = api_add_object(list, NULL);
	api_add_int(item, type, id);
	bool exists;
	int ns = 0;
	char *dbkey;
	if (find_id(ctx, type, id, &exists, &ns, &dbkey) != RC_OK)
		return api_db_error(ctx);
	const struct wiki_block *b = dbkey ? api_user_block(ctx) : NULL;
	if (api_main_of(ctx)->errors)
		return RC_ERR;
	if (exists && b && wiki_block_applies_page(b, ctx->user, ns, dbkey)) {
		api_add_str(item, "status", "error");
		item_message(ctx, item, "blocked", "apierror-blocked", (const char *const[]){ NULL });
		struct api_node *data = api_main_of(ctx)->errorformat == API_EF_BC ? item : api_add_object(item, "data");
		api_add_blockinfo(ctx, api_add_object(data, "blockinfo"), b);
		return RC_OK;
	}
	if (!exists) {
		api_add_str(item, "status", "error");
		item_message(ctx, item, arena_printf(ctx->arena, "nosuch%s", type),
			     arena_printf(ctx->arena, "apierror-nosuch%s", type),
			     (const char *const[]){ api_p_int(ctx->arena, id), NULL });
		return RC_OK;
	}
	/* canUpdateTags(): the software's tags stay. */
	const char **sw = arena_calloc(ctx->arena, p->remove.n + 1, sizeof(*sw));
	size_t n_sw = 0;
	for (size_t i = 0; i < p->remove.n; i++)
		if (wiki_tag_software(p->remove.v[i]) && !has(sw, n_sw, p->remove.v[i]))
			sw[n_sw++] = p->remove.v[i];
	if ((p->add.n || p->remove.n) && n_sw) {
		item_failure(ctx, item, n_sw > 1 ? "tags-update-remove-not-allowed-multi" : "tags-update-remove-not-allowed-one",
			     comma_list(ctx->arena, sw, n_sw), n_sw);
		return RC_OK;
	}
	if (!p->add.n && !p->remove.n) {
		api_add_str(item, "status", "success");
		api_add_bool(item, "noop", true);
		return RC_OK;
	}
	if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "changetag", 1)) {
		api_add_str(item, "status", "skipped");
		return RC_OK;
	}
	struct change c;
	struct outcome o = { 0 };
	if (store_begin(ctx->store) != RC_OK)
		return api_db_error(ctx);
	int rc = complete(ctx, type, id, &c);
	if (rc == RC_OK)
		rc = update(ctx, p, log_tags, &c, &o);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	api_add_str(item, "status", "success");
	if (!o.log_id) {
		api_add_bool(item, "noop", true);
		return RC_OK;
	}
	api_add_int(item, "actionlogid", o.log_id);
	struct api_node *added = api_add_array(item, "added", "t");
	for (size_t i = 0; i < o.n_added; i++)
		api_add_str(added, NULL, o.added[i]);
	struct api_node *removed = api_add_array(item, "removed", "t");
	for (size_t i = 0; i < o.n_removed; i++)
		api_add_str(removed, NULL, o.removed[i]);
	return RC_OK;
}

static int exec_tag(struct api_ctx *ctx, void *vp)
{
	struct tag_params *p = vp;
	/* The tags-typed parameters are checked with the others, before any right. */
	if (api_check_tag_values(ctx, &p->add) != RC_OK || api_check_tag_values(ctx, &p->tags) != RC_OK)
		return RC_ERR;
	if (!wiki_user_can(ctx->user, "changetags"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-changetags", NULL, 0));
	if (api_check_sitewide_block(ctx) != RC_OK)
		return RC_ERR;
	const char *const *log_tags;
	if (pageact_tags(ctx, &p->tags, &log_tags) != RC_OK)
		return RC_ERR;
	if (api_require_at_least_one(ctx, (const char *const[]){ "revid", "rcid", "logid", NULL }) != RC_OK)
		return RC_ERR;
	struct api_node *list = api_add_array(ctx->result, "tag", "result");
	const struct api_list *lists[] = { &p->revid, &p->rcid, &p->logid };
	static const char *const types[] = { "revid", "rcid", "logid" };
	for (size_t k = 0; k < ARRAY_SIZE(lists); k++)
		for (size_t i = 0; i < lists[k]->n; i++)
			if (process(ctx, list, p, log_tags, types[k], lists[k]->iv[i]) != RC_OK)
				return RC_ERR;
	return RC_OK;
}

const struct api_module api_module_tag = {
	.name = "tag",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct tag_params),
	.summary = "Add or remove change tags on individual revisions or log entries.",
	.examples = (const char *const[]){
		"action=tag&revid=123&add=vandalism&token=123ABC",
		"Add the vandalism tag to revision ID 123 without giving a reason.",
		"action=tag&logid=123&remove=spam&reason=Wrongly+applied&token=123ABC",
		"Remove the spam tag from log entry ID 123 with the reason Wrongly applied.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Tag", NULL },
	.exec = exec_tag,
};
