/* SPDX-License-Identifier: MIT */
/*
 * managetags.c — action=managetags: create, delete, activate or
 * deactivate a change tag, as MediaWiki 1.39's ApiManageTags with
 * ChangeTags::*TagWithChecks(). Tags users may add by hand are the
 * ones created here and active (change_tag_def.ctd_user_defined = 1);
 * deactivating one keeps it only while changes carry it. Every operation
 * is logged in the managetags log (target Special:Tags, params 4::tag,
 * and 5::count, the changes that carried it, for delete) and published
 * to recent changes.
 */
#include "pageact_int.h"

#include <stddef.h>
#include <string.h>

#include "../../store/store.h"

/* ChangeTags::MAX_DELETE_USES: a tag on more changes may not be deleted. */
#define MAX_DELETE_USES 5000

struct managetags_params {
	const char *operation; /* create | delete | activate | deactivate */
	const char *tag;       /* the tag's name */
	const char *reason;    /* reason for the log entry */
	bool ignorewarnings;   /* go on despite warnings */
	struct api_list tags;  /* change tags for the log entry */
};

static const struct api_param params[] = {
	{ .name = "operation", .type = API_T_ENUM, .flags = API_P_REQUIRED,
	  .values = (const char *const[]){ "create", "delete", "activate", "deactivate", NULL },
	  .offset = offsetof(struct managetags_params, operation),
	  .desc = "What to do: create a new tag for manual use, delete a tag from the database and every change, "
		  "activate a tag so users may apply it, or deactivate it." },
	{ .name = "tag", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct managetags_params, tag),
	  .desc = "The tag to create, delete, activate or deactivate. A tag to create must not exist yet; a tag "
		  "to delete must exist; a tag to activate must exist and not be defined by the software; a tag "
		  "to deactivate must be active and defined by hand." },
	{ .name = "reason", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct managetags_params, reason),
	  .desc = "A reason for the change, shown in the log." },
	{ .name = "ignorewarnings", .type = API_T_BOOL, .offset = offsetof(struct managetags_params, ignorewarnings),
	  .desc = "Carry out the operation even when it raises warnings." },
	PAGEACT_TAGS_PARAM(struct managetags_params, tags, "the entry in the tag management log"),
	{ 0 }
};

/* ChangeTags::canCreateTag() after the rights and block checks. */
static int check_create(struct api_ctx *ctx, const char *tag, const struct wiki_tag_state *st)
{
	if (strpbrk(tag, ",|/"))
		return api_error(ctx, "tags-create-invalid-chars", "tags-create-invalid-chars");
	struct wiki_title t;
	const char *msg = arena_printf(ctx->arena, "Tag-%s-description", tag);
	if (wiki_title_parse(ctx->arena, msg, WIKI_NS_MEDIAWIKI, &t, NULL) != RC_OK || t.ns != WIKI_NS_MEDIAWIKI)
		return api_error(ctx, "tags-create-invalid-title-chars", "tags-create-invalid-title-chars");
	if (st->exists || wiki_tag_software(tag))
		return api_error(ctx, "tags-create-already-exists", "tags-create-already-exists", tag);
	return RC_OK;
}

/* The checks of canActivateTag(), canDeactivateTag() and canDeleteTag() after the rights and block. */
static int check_operation(struct api_ctx *ctx, const char *op, const char *tag, const struct wiki_tag_state *st)
{
	bool defined = st->user_defined || wiki_tag_software(tag);
	if (streq(op, "create"))
		return check_create(ctx, tag, st);
	if (streq(op, "activate")) {
		if (defined)
			return api_error(ctx, "tags-activate-not-allowed", "tags-activate-not-allowed", tag);
		if (!st->exists)
			return api_error(ctx, "tags-activate-not-found", "tags-activate-not-found", tag);
		return RC_OK;
	}
	if (streq(op, "deactivate")) {
		if (!st->user_defined)
			return api_error(ctx, "tags-deactivate-not-allowed", "tags-deactivate-not-allowed", tag);
		return RC_OK;
	}
	if (!defined && !st->exists)
		return api_error(ctx, "tags-delete-not-found", "tags-delete-not-found", tag);
	if (st->count > MAX_DELETE_USES)
		return api_error(ctx, "tags-delete-too-many-uses", "tags-delete-too-many-uses", tag,
				 api_p_int(ctx->arena, MAX_DELETE_USES));
	if (wiki_tag_software(tag))
		return api_error(ctx, "tags-delete-not-allowed", "tags-delete-not-allowed");
	return RC_OK;
}

/* The change and its managetags log entry, in one transaction. */
static int write_operation(struct api_ctx *ctx, const struct managetags_params *p, const char *const *tags,
			   int64_t count, int64_t *log_id)
{
	const char *op = p->operation;
	int rc = streq(op, "create") || streq(op, "activate") ? wiki_tag_define(ctx->store, p->tag)
		 : streq(op, "deactivate")                    ? wiki_tag_undefine(ctx->store, p->tag)
								  : wiki_tag_delete(ctx->store, p->tag);
	if (rc != RC_OK)
		return rc;
	struct wiki_pvalue items[2] = {
		{ .type = WIKI_PV_STRING, .key = "4::tag", .s = p->tag, .len = strlen(p->tag) },
		{ .type = WIKI_PV_INT, .key = "5::count", .i = count },
	};
	struct wiki_pvalue plist = { .type = WIKI_PV_ARRAY, .items = items, .n_items = streq(op, "delete") ? 2 : 1 };
	struct wiki_log_entry e = {
		.type = "managetags",
		.action = op,
		.user_id = ctx->user->id,
		.user_name = ctx->user->name,
		.actor_id = ctx->user->actor_id,
		.ns = WIKI_NS_SPECIAL,
		.dbkey = "Tags",
		.comment = p->reason,
		.params = &plist,
		.tags = tags,
		.rc_bot = wiki_user_can(ctx->user, "bot"),
		.rc_autopatrol = wiki_user_can(ctx->user, "autopatrol"),
		.ip = ctx->req->remote_ip,
	};
	return wiki_log_add(ctx->store, ctx->arena, &e, log_id);
}

static int exec_managetags(struct api_ctx *ctx, void *vp)
{
	struct managetags_params *p = vp;
	/* ApiManageTags asks for deletechangetags whenever managechangetags is there, for every operation. */
	if (!streq(p->operation, "delete") && !wiki_user_can(ctx->user, "managechangetags"))
		return api_error(ctx, "permissiondenied", "tags-manage-no-permission");
	if (!wiki_user_can(ctx->user, "deletechangetags"))
		return api_error(ctx, "permissiondenied", "tags-delete-no-permission");
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;
	const struct wiki_block *b = api_user_block(ctx);
	if (api_main_of(ctx)->errors)
		return RC_ERR;
	if (b)
		return api_error(ctx, "tags-manage-blocked", "tags-manage-blocked", ctx->user->name);
	struct wiki_tag_state st;
	if (wiki_tag_state(ctx->store, p->tag, &st) != RC_OK)
		return api_db_error(ctx);
	if (check_operation(ctx, p->operation, p->tag, &st) != RC_OK)
		return RC_ERR;
	int64_t log_id = 0;
	int rc = store_begin(ctx->store);
	if (rc != RC_OK)
		return api_db_error(ctx);
	if (api_db_finish(ctx, write_operation(ctx, p, tags, st.count, &log_id)) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "managetags");
	api_add_str(res, "operation", p->operation);
	api_add_str(res, "tag", p->tag);
	api_add_bool(res, "success", true);
	api_add_int(res, "logid", log_id);
	return RC_OK;
}

const struct api_module api_module_managetags = {
	.name = "managetags",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct managetags_params),
	.summary = "Perform management tasks relating to change tags.",
	.examples = (const char *const[]){
		"action=managetags&operation=create&tag=spam&reason=For+use+in+edit+patrolling&token=123ABC",
		"Create a tag named spam with the reason For use in edit patrolling.",
		"action=managetags&operation=delete&tag=vandlaism&reason=Misspelt&token=123ABC",
		"Delete the vandlaism tag with the reason Misspelt.",
		"action=managetags&operation=activate&tag=spam&reason=For+use+in+edit+patrolling&token=123ABC",
		"Activate a tag named spam with the reason For use in edit patrolling.",
		"action=managetags&operation=deactivate&tag=spam&reason=No+longer+required&token=123ABC",
		"Deactivate a tag named spam with the reason No longer required.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Tag_management", NULL },
	.exec = exec_managetags,
};
