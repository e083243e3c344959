/* SPDX-License-Identifier: MIT */
/*
 * setpagelanguage.c — action=setpagelanguage: give a page a language of
 * its own (page_lang), or take it back to the wiki's, as MediaWiki
 * 1.39's ApiSetPageLanguage with SpecialPageLanguage::changePageLanguage():
 * the pagelang right, an existing page (missingtitle), the right to
 * edit it, change tags, a real change (pagelang-unchanged-language),
 * then page_lang and a pagelang/pagelang log entry whose languages read
 * "xx[def]" for the wiki's default, in one write transaction. The
 * feature is off unless [wiki] page_language_use_db is set
 * ($wgPageLanguageUseDB); the module is registered either way and
 * answers pagelang-disabled while it is off, as MediaWiki's does.
 */
#include "pageact_int.h"

#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/config.h"

struct setpagelanguage_params {
	const char *title;    /* page to change */
	long pageid;          /* or its id */
	const char *lang;     /* language code, or "default" */
	const char *reason;   /* log reason */
	struct api_list tags; /* change tags for the log entry */
};

/*
 * Codes MediaWiki knows names for but ships no messages for (and so does
 * not count as SUPPORTED languages): no page can be set to them.
 */
static const char *const unsupported[] = {
	"aa", "als", "bat-smg", "be-x-old", "cho", "es-419", "fiu-vro", "ho", "hz", "kj", "mh", "mus", "ng", "no",
	"roa-rup", "shi-latn", "shi-tfng", "simple", "tly-cyrl", "uz-cyrl", "uz-latn", "zh-classical", "zh-min-nan",
	"zh-yue",
};

/* "default" and every supported language code, in code order ("default" among them), in the arena. */
static const char *const *lang_values(struct api_ctx *ctx)
{
	size_t n;
	const struct wiki_language *all = wiki_languages(&n);
	const char **v = arena_calloc(ctx->arena, n + 2, sizeof(*v));
	size_t k = 0;
	bool has_default = false;
	for (size_t i = 0; i < n; i++) {
		bool skip = false;
		for (size_t j = 0; j < ARRAY_SIZE(unsupported) && !skip; j++)
			skip = streq(unsupported[j], all[i].code);
		if (skip)
			continue;
		if (!has_default && strcmp(all[i].code, "default") > 0) {
			v[k++] = "default";
			has_default = true;
		}
		v[k++] = all[i].code;
	}
	if (!has_default)
		v[k++] = "default";
	return v;
}

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct setpagelanguage_params, title),
	  .desc = "Title of the page whose language to change. Give this or pageid." },
	{ .name = "pageid", .type = API_T_INT, .offset = offsetof(struct setpagelanguage_params, pageid),
	  .desc = "Page ID of the page. Give this or title." },
	{ .name = "lang", .type = API_T_ENUM, .flags = API_P_REQUIRED, .values_fn = lang_values,
	  .offset = offsetof(struct setpagelanguage_params, lang),
	  .desc = "Code of the language the page gets; \"default\" gives it the wiki's content language again." },
	{ .name = "reason", .type = API_T_STRING, .offset = offsetof(struct setpagelanguage_params, reason),
	  .desc = "Reason for the change." },
	PAGEACT_TAGS_PARAM(struct setpagelanguage_params, tags, "the log entry"),
	{ 0 }
};

static int exec_setpagelanguage(struct api_ctx *ctx, void *vp)
{
	struct setpagelanguage_params *p = vp;
	if (!config.page_language_use_db)
		return api_error(ctx, "pagelang-disabled", NULL);
	if (!wiki_user_can(ctx->user, "pagelang"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-pagelang", NULL, 0));
	struct wiki_title t;
	int64_t page_id = 0;
	if (pageact_target(ctx, p->title, api_param_given(ctx, "pageid"), p->pageid, &t, &page_id) != RC_OK)
		return RC_ERR;
	if (!page_id)
		return api_error(ctx, "missingtitle", NULL);
	if (pageact_permitted(ctx, "edit", &t) != RC_OK)
		return RC_ERR;
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;

	int rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	char *old = NULL;
	rc = store_query_text(ctx->store, ctx->arena, &old, "SELECT page_lang FROM page WHERE page_id = ?", "i", page_id);
	if (rc == RC_NOTFOUND) {
		store_rollback(ctx->store);
		return api_error(ctx, "missingtitle", NULL);
	}
	if (rc != RC_OK)
		return api_db_finish(ctx, rc);
	if (old && !*old)
		old = NULL;
	const char *want = streq(p->lang, "default") ? NULL : p->lang;
	if ((!want && !old) || (want && old && streq(want, old))) {
		store_rollback(ctx->store);
		if (!old)
			return api_error(ctx, "pagelang-unchanged-language", "pagelang-unchanged-language-default", t.prefixed);
		return api_error(ctx, "pagelang-unchanged-language", "pagelang-unchanged-language", t.prefixed, old);
	}
	const char *def = config.lang ? config.lang : "en";
	const char *log_old = old ? old : arena_printf(ctx->arena, "%s[def]", def);
	const char *log_new = want ? want : arena_printf(ctx->arena, "%s[def]", def);
	char now[15];
	wiki_timestamp_now(now);
	if (want)
		rc = store_run(ctx->store, "UPDATE page SET page_lang = ?, page_touched = ? WHERE page_id = ?", "tti", want,
			       now, page_id);
	else
		rc = store_run(ctx->store, "UPDATE page SET page_lang = NULL, page_touched = ? WHERE page_id = ?", "ti", now,
			       page_id);
	int64_t log_id = 0;
	if (rc == RC_OK) {
		struct wiki_pvalue items[2] = {
			{ .type = WIKI_PV_STRING, .key = "4::oldlanguage", .s = log_old, .len = strlen(log_old) },
			{ .type = WIKI_PV_STRING, .key = "5::newlanguage", .s = log_new, .len = strlen(log_new) },
		};
		struct wiki_pvalue lp = { .type = WIKI_PV_ARRAY, .items = items, .n_items = 2 };
		struct wiki_log_entry le = {
			.type = "pagelang", .action = "pagelang", .user_id = ctx->user->id, .user_name = ctx->user->name,
			.ns = t.ns, .dbkey = t.dbkey, .page_id = page_id, .comment = p->reason ? p->reason : "",
			.params = &lp, .tags = tags, .rc_autopatrol = wiki_user_can(ctx->user, "autopatrol"),
			.ip = ctx->user->ip,
		};
		rc = wiki_log_add(ctx->store, ctx->arena, &le, &log_id);
	}
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "setpagelanguage");
	api_add_str(res, "title", t.prefixed);
	api_add_str(res, "oldlanguage", log_old);
	api_add_str(res, "newlanguage", log_new);
	api_add_int(res, "logid", log_id);
	return RC_OK;
}

const struct api_module api_module_setpagelanguage = {
	.name = "setpagelanguage",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct setpagelanguage_params),
	.summary = "Change the language of a page.",
	.examples = (const char *const[]){
		"action=setpagelanguage&title=Main%20Page&lang=eu&token=123ABC",
		"Make the main page Basque.",
		"action=setpagelanguage&pageid=123&lang=default&token=123ABC",
		"Give page 123 the wiki's content language again.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:SetPageLanguage",
					   NULL },
	.exec = exec_setpagelanguage,
};
