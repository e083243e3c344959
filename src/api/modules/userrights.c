/* SPDX-License-Identifier: MIT */
/*
 * userrights.c — action=userrights: add users to groups (with
 * expiries) and remove them, as MediaWiki's ApiUserrights and
 * UserrightsPage. Who may change which group comes from the userrights
 * right or the [groups] configuration ($wgAddGroups and friends);
 * groups the performer may not change are left alone without an error,
 * and the answer lists what was really added and removed. A performer
 * without the userrights right who is blocked sitewide is refused.
 * The change and its "rights" log entry are one transaction.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"
#include "pageact_int.h"

struct userrights_params {
	const char *user;       /* target: name or #id */
	long userid;            /* deprecated: target by id */
	struct api_list add;    /* groups to add */
	struct api_list expiry; /* per added group, or one for all */
	struct api_list remove; /* groups to remove */
	const char *reason;     /* log reason */
	const char *token;      /* checked by the dispatcher; declared before tags as MediaWiki lists it */
	struct api_list tags;   /* change tags for the log entry */
};

static const char *const *group_values(struct api_ctx *ctx)
{
	/* Listed sorted, as MediaWiki's enum values are. */
	static const char *const sorted[] = { "bot", "bureaucrat", "interface-admin", "suppress", "sysop", NULL };
	return sorted;
}

static const struct api_param params[] = {
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_ID,
	  .offset = offsetof(struct userrights_params, user), .desc = "The user whose groups to change." },
	{ .name = "userid", .type = API_T_INT, .flags = API_P_DEPRECATED, .offset = offsetof(struct userrights_params, userid),
	  .desc = "The ID of the user whose groups to change. Use user=#ID instead." },
	{ .name = "add", .type = API_T_ENUM, .flags = API_P_MULTI, .values_fn = group_values,
	  .offset = offsetof(struct userrights_params, add), .desc = "Put the user in these groups." },
	{ .name = "expiry", .type = API_T_STRING, .flags = API_P_MULTI | API_P_ALLOW_DUPLICATES, .dflt = "infinite",
	  .offset = offsetof(struct userrights_params, expiry),
	  .desc = "When the memberships end: one expiry for every added group, or one per group in the order of "
		  "add. Relative (\"1 month\"), a timestamp, or \"infinite\" for none." },
	{ .name = "remove", .type = API_T_ENUM, .flags = API_P_MULTI, .values_fn = group_values,
	  .offset = offsetof(struct userrights_params, remove), .desc = "Take the user out of these groups." },
	{ .name = "reason", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct userrights_params, reason),
	  .desc = "Reason for the change." },
	{ .name = "token", .type = API_T_STRING, .flags = API_P_REQUIRED | API_P_SENSITIVE | API_P_TOKEN,
	  .offset = offsetof(struct userrights_params, token), .desc = "A userrights token from action=query&meta=tokens." },
	{ .name = "tags", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_UNCHECKED, .values_fn = api_tag_values,
	  .offset = offsetof(struct userrights_params, tags), .desc = "Change tags to apply to the entry in the rights log." },
	{ 0 }
};

/*
 * UserrightsPage::fetchUser(): "#id" (invaliduser when there is no such
 * account), else a valid name of an existing account (nosuchuser); a
 * hidden account counts as missing without hideuser.
 */
static int fetch_user(struct api_ctx *ctx, const struct userrights_params *p, struct wiki_user **out)
{
	const char *name = p->user;
	long long id = p->userid;
	bool by_id = !name || name[0] == '#';
	if (name && name[0] == '#' && util_parse_ll(name + 1, &id) != RC_OK)
		id = 0;
	int rc = by_id ? wiki_user_load(ctx->arena, ctx->store, NULL, id, out)
		       : wiki_user_load(ctx->arena, ctx->store, name, 0, out);
	if (rc == RC_NOTFOUND)
		return by_id ? api_error(ctx, "invaliduser", "noname") : api_error(ctx, "nosuchuser", "nosuchusershort", name);
	if (rc != RC_OK)
		return api_db_error(ctx);
	const struct wiki_block *b = NULL;
	if (wiki_block_of_account(ctx->store, ctx->arena, (*out)->id, &b) != RC_OK)
		return api_db_error(ctx);
	if (b && b->hidden && !wiki_user_can(ctx->user, "hideuser"))
		return api_error(ctx, "nosuchuser", "nosuchusershort", name ? name : (*out)->name);
	return RC_OK;
}

/* A token that does not match: MediaWiki reads the target user for the web form's salt first. */
static int token_mismatch(struct api_ctx *ctx, void *vp)
{
	struct wiki_user *target;
	if (api_require_one_of(ctx, (const char *const[]){ "user", "userid", NULL }) != RC_OK)
		return RC_ERR;
	return fetch_user(ctx, vp, &target);
}

static int exec_userrights(struct api_ctx *ctx, void *vp)
{
	struct userrights_params *p = vp;
	/* Blocked performers need the full userrights right (as Special:UserRights). */
	if (!wiki_user_can(ctx->user, "userrights") && api_check_sitewide_block(ctx) != RC_OK)
		return RC_ERR;

	/* One expiry per added group, or one for all. */
	size_t n_add = p->add.n;
	const char **exp = arena_calloc(ctx->arena, n_add + 1, sizeof(*exp));
	if (n_add && p->expiry.n != n_add && p->expiry.n != 1)
		return api_error(ctx, "toofewexpiries", NULL, api_p_int(ctx->arena, (long long)p->expiry.n),
				 api_p_int(ctx->arena, (long long)n_add));
	for (size_t i = 0; i < n_add; i++) {
		const char *v = p->expiry.v[p->expiry.n == 1 ? 0 : i];
		int64_t t;
		bool inf;
		if (ts_parse_expiry(v, util_now(), &t, &inf) != RC_OK)
			return api_error(ctx, "invalidexpiry", NULL, v);
		if (inf)
			continue;
		if (t < util_now())
			return api_error(ctx, "pastexpiry", NULL, v);
		char *mw = arena_alloc(ctx->arena, 15);
		ts_format_mw(t, mw);
		exp[i] = mw;
	}
	if (api_require_one_of(ctx, (const char *const[]){ "user", "userid", NULL }) != RC_OK)
		return RC_ERR;
	struct wiki_user *target;
	if (fetch_user(ctx, p, &target) != RC_OK)
		return RC_ERR;
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;

	const char **add = arena_calloc(ctx->arena, n_add + 1, sizeof(*add));
	for (size_t i = 0; i < n_add; i++)
		add[i] = p->add.v[i];
	const char **remove = arena_calloc(ctx->arena, p->remove.n + 1, sizeof(*remove));
	for (size_t i = 0; i < p->remove.n; i++)
		remove[i] = p->remove.v[i];
	struct wiki_rights_change c = {
		.by = ctx->user, .target_id = target->id, .target_name = target->name, .add = add, .add_expiry = exp,
		.remove = remove, .reason = p->reason, .tags = tags, .ip = ctx->req->remote_ip,
	};
	if (store_begin(ctx->store) != RC_OK)
		return api_db_error(ctx);
	int rc = wiki_user_change_groups(ctx->store, ctx->arena, &c);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "userrights");
	api_add_str(res, "user", target->name);
	api_add_int(res, "userid", target->id);
	struct api_node *l = api_add_array(res, "added", "group");
	for (size_t i = 0; c.added[i]; i++)
		api_add_str(l, NULL, c.added[i]);
	l = api_add_array(res, "removed", "group");
	for (size_t i = 0; c.removed[i]; i++)
		api_add_str(l, NULL, c.removed[i]);
	return RC_OK;
}

const struct api_module api_module_userrights = {
	.name = "userrights",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "userrights",
	.token_mismatch = token_mismatch,
	.params = params,
	.params_size = sizeof(struct userrights_params),
	.summary = "Change a user's group memberships.",
	.examples = (const char *const[]){
		"action=userrights&user=FooBot&add=bot&remove=sysop|bureaucrat&token=123ABC",
		"Add the user FooBot to the bot group, and take them out of sysop and bureaucrat.",
		"action=userrights&userid=123&add=bot&remove=sysop|bureaucrat&token=123ABC",
		"The same for the user with ID 123.",
		"action=userrights&user=SometimeSysop&add=sysop&expiry=1%20month&token=123ABC",
		"Make SometimeSysop a sysop for one month.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:User_group_membership",
					   NULL },
	.exec = exec_userrights,
};
