/* SPDX-License-Identifier: MIT */
/*
 * changecontentmodel.c — action=changecontentmodel: give an existing
 * page another content model, keeping its text, as MediaWiki 1.39's
 * ApiChangeContentModel with ContentModelChange: the page must exist;
 * the editcontentmodel right; then the permission to edit the page and
 * to change its model, judged with the old model and again with the new
 * one (a page becoming CSS in the MediaWiki namespace needs
 * editsitecss); change tags; the model must differ (nochanges) and the
 * text must be valid for it (JSON); the editcontentmodel rate limit.
 * The change is one write transaction: a revision with the same text
 * and the new model, summarised as the log entry's action plus the
 * client's summary, and a contentmodel/change log entry with the old
 * and new model.
 */
#include "pageact_int.h"

#include <jansson.h>
#include <stddef.h>
#include <string.h>

#include "../../store/store.h"

struct ccm_params {
	const char *title;    /* page to change */
	long pageid;          /* or its id */
	const char *summary;  /* edit summary and log reason */
	struct api_list tags; /* change tags for the revision and the log entry */
	const char *model;    /* the new content model */
	bool bot;             /* mark the edit as a bot edit (with the bot right) */
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct ccm_params, title),
	  .desc = "Title of the page whose content model to change. Give this or pageid." },
	{ .name = "pageid", .type = API_T_INT, .offset = offsetof(struct ccm_params, pageid),
	  .desc = "Page ID of the page. Give this or title." },
	{ .name = "summary", .type = API_T_STRING, .offset = offsetof(struct ccm_params, summary),
	  .desc = "Edit summary and log reason." },
	PAGEACT_TAGS_PARAM(struct ccm_params, tags, "the log entry and the revision"),
	{ .name = "model", .type = API_T_ENUM, .flags = API_P_REQUIRED,
	  .values = (const char *const[]){ "wikitext", "javascript", "json", "css", "text", NULL },
	  .offset = offsetof(struct ccm_params, model), .desc = "The content model the page gets." },
	{ .name = "bot", .type = API_T_BOOL, .offset = offsetof(struct ccm_params, bot),
	  .desc = "Mark the change as a bot edit (only for users with the bot right)." },
	{ 0 }
};

/* The name of a content model as MediaWiki's content-model-* messages show it. */
static const char *model_name(const char *model)
{
	static const char *const names[][2] = {
		{ "wikitext", "wikitext" }, { "text", "plain text" }, { "css", "CSS" },
		{ "javascript", "JavaScript" }, { "json", "JSON" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (streq(names[i][0], model))
			return names[i][1];
	return model;
}

/*
 * ContentModelChange::authorizeChange(): editcontentmodel and edit on
 * the page as it is, then both on the page with the new model; every
 * refusal once, in that order, and then the user's block.
 */
static int permitted(struct api_ctx *ctx, const struct wiki_title *t, const char *old_model, const char *new_model)
{
	struct wiki_refusal *all = NULL, **tail = &all;
	const char *const checks[][2] = {
		{ "editcontentmodel", old_model }, { "edit", old_model },
		{ "editcontentmodel", new_model }, { "edit", new_model },
	};
	for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
		struct wiki_refusal *r = NULL;
		if (wiki_perm_check(ctx->store, ctx->arena, ctx->user, checks[i][0], t, checks[i][1], WIKI_RIGOR_FULL,
				    false, &r) != RC_OK)
			return api_db_error(ctx);
		*tail = r;
		while (*tail)
			tail = &(*tail)->next;
	}
	if (all)
		return pageact_refuse(ctx, all);
	return api_check_blocked(ctx, "edit", t);
}

static int exec_changecontentmodel(struct api_ctx *ctx, void *vp)
{
	struct ccm_params *p = vp;
	struct wiki_title t;
	int64_t page_id = 0;
	if (pageact_target(ctx, p->title, api_param_given(ctx, "pageid"), p->pageid, &t, &page_id) != RC_OK)
		return RC_ERR;
	if (!page_id)
		return api_error(ctx, "changecontentmodel-missingtitle", NULL);
	if (!wiki_user_can(ctx->user, "editcontentmodel"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-editcontentmodel", NULL, 0));

	struct wiki_page pg;
	if (wiki_page_load(ctx->store, ctx->arena, t.ns, t.dbkey, &pg) != RC_OK)
		return api_db_error(ctx);
	const char *old_model = pg.model && *pg.model ? pg.model : wiki_default_model(t.ns, t.dbkey);
	if (permitted(ctx, &t, old_model, p->model) != RC_OK)
		return RC_ERR;
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;

	int rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	/* The page as it is now, inside the transaction that changes it. */
	rc = wiki_page_load(ctx->store, ctx->arena, t.ns, t.dbkey, &pg);
	if (rc != RC_OK)
		return api_db_finish(ctx, rc);
	if (!pg.id) {
		store_rollback(ctx->store);
		return api_error(ctx, "changecontentmodel-missingtitle", NULL);
	}
	old_model = pg.model && *pg.model ? pg.model : wiki_default_model(t.ns, t.dbkey);
	if (streq(old_model, p->model)) {
		store_rollback(ctx->store);
		return api_error(ctx, "nochanges", NULL);
	}
	if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "editcontentmodel", 1)) {
		store_rollback(ctx->store);
		return api_error(ctx, "ratelimited", NULL);
	}
	if (streq(p->model, "json")) {
		/* The save refuses JSON content that does not parse (JsonContent::isValid). */
		json_error_t jerr;
		json_t *j = json_loadb(pg.text, pg.text_len, JSON_DECODE_ANY, &jerr);
		if (!j) {
			store_rollback(ctx->store);
			return api_error(ctx, "invalid-json-data", "invalid-json-data",
					 api_p_msg(ctx->arena, "json-error-syntax", NULL, 0));
		}
		json_decref(j);
	}

	const char *summary = p->summary ? p->summary : "";
	const char *comment = arena_printf(ctx->arena, "Content model of [[%s]] changed from \"%s\" to \"%s\" by %s%s%s",
					   t.prefixed, model_name(old_model), model_name(p->model), ctx->user->name,
					   *summary ? ": " : "", summary);
	struct wiki_edit e = {
		.title = &t, .user = ctx->user, .old = &pg, .text = pg.text, .len = pg.text_len, .model = p->model,
		.summary = comment, .bot = p->bot && wiki_user_can(ctx->user, "bot"), .tags = tags,
	};
	rc = wiki_page_save(ctx->store, ctx->arena, &e);
	int64_t log_id = 0;
	if (rc == RC_OK) {
		struct wiki_pvalue items[2] = {
			{ .type = WIKI_PV_STRING, .key = "4::oldmodel", .s = old_model, .len = strlen(old_model) },
			{ .type = WIKI_PV_STRING, .key = "5::newmodel", .s = p->model, .len = strlen(p->model) },
		};
		struct wiki_pvalue lp = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 2 };
		struct wiki_log_entry le = {
			.type = "contentmodel", .action = "change", .user_id = ctx->user->id, .user_name = ctx->user->name,
			.ns = t.ns, .dbkey = t.dbkey, .page_id = e.page_id, .comment = summary, .params = &lp, .tags = tags,
			.rc_autopatrol = wiki_user_can(ctx->user, "autopatrol"), .ip = ctx->user->ip,
		};
		rc = wiki_log_add(ctx->store, ctx->arena, &le, &log_id);
	}
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "changecontentmodel");
	api_add_str(res, "result", "Success");
	api_add_str(res, "title", t.prefixed);
	api_add_int(res, "pageid", e.page_id);
	api_add_str(res, "contentmodel", p->model);
	api_add_int(res, "logid", log_id);
	api_add_int(res, "revid", e.rev_id);
	return RC_OK;
}

const struct api_module api_module_changecontentmodel = {
	.name = "changecontentmodel",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct ccm_params),
	.summary = "Change the content model of a page.",
	.examples = (const char *const[]){
		"action=changecontentmodel&title=Main%20Page&model=text&token=123ABC",
		"Make the main page plain text.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/Help:ChangeContentModel",
					   NULL },
	.exec = exec_changecontentmodel,
};
