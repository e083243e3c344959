/* SPDX-License-Identifier: MIT */
/*
 * list_users.c — list=users: information about named users or user ids.
 * Order as MediaWiki 1.39: names that are not valid user names come
 * first ("invalid"), then every valid name (or id) in the order asked,
 * existing ones with their data and the others as "missing" (with
 * cancreate/cancreateerror when asked).
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "account_int.h"

struct users_params {
	struct api_list prop;     /* usprop */
	const char *attachedwiki; /* usattachedwiki */
	struct api_list users;    /* ususers */
	struct api_list userids;  /* ususerids */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "blockinfo", "cancreate", "centralids", "editcount", "emailable",
					   "gender", "groupmemberships", "groups", "implicitgroups",
					   "registration", "rights", NULL },
	  .offset = offsetof(struct users_params, prop), .desc = "What to report about each account." },
	{ .name = "attachedwiki", .type = API_T_STRING, .offset = offsetof(struct users_params, attachedwiki),
	  .desc = "With usprop=centralids, tell whether the user is attached to the wiki with this ID." },
	{ .name = "users", .type = API_T_STRING, .flags = API_P_MULTI, .offset = offsetof(struct users_params, users),
	  .desc = "Names of the accounts to look up." },
	{ .name = "userids", .type = API_T_INT, .flags = API_P_MULTI, .offset = offsetof(struct users_params, userids),
	  .desc = "IDs of the accounts to look up." },
	{ 0 }
};

/*
 * One existing user's entry, with `b` the block on the account (NULL
 * when none); the caller has left out hidden accounts the reader may not
 * see.
 */
static void add_user(struct api_ctx *ctx, struct api_node *list, const struct api_list *pr,
		     struct wiki_user *u, const struct wiki_block *b)
{
	struct api_node *e = api_add_object(list, NULL);
	api_add_int(e, "userid", u->id);
	api_add_str(e, "name", u->name);
	if (api_list_has(pr, "editcount"))
		api_add_int(e, "editcount", u->editcount);
	if (api_list_has(pr, "registration")) {
		const char *iso = wiki_timestamp_iso(ctx->arena, u->registration);
		if (iso)
			api_add_str(e, "registration", iso);
		else
			api_add_null(e, "registration");
	}
	const char **implicit = wiki_user_implicit_groups(ctx->arena, u);
	if (api_list_has(pr, "groups")) {
		struct api_node *l = api_add_array(e, "groups", "g");
		for (const char **g = u->groups; *g; g++)
			api_add_str(l, NULL, *g);
		for (const char **g = implicit; *g; g++)
			api_add_str(l, NULL, *g);
	}
	if (api_list_has(pr, "groupmemberships")) {
		struct api_node *l = api_add_array(e, "groupmemberships", "groupmembership");
		struct wiki_group_membership *gm;
		size_t n;
		if (wiki_user_memberships(ctx->arena, ctx->store, u->id, &gm, &n) == RC_OK)
			for (size_t i = 0; i < n; i++) {
				struct api_node *m = api_add_object(l, NULL);
				api_add_str(m, "group", gm[i].group);
				api_add_str(m, "expiry", gm[i].expiry ? wiki_timestamp_iso(ctx->arena, gm[i].expiry)
								      : "infinity");
			}
	}
	if (api_list_has(pr, "implicitgroups")) {
		struct api_node *l = api_add_array(e, "implicitgroups", "g");
		for (const char **g = implicit; *g; g++)
			api_add_str(l, NULL, *g);
	}
	if (api_list_has(pr, "rights")) {
		struct api_node *l = api_add_array(e, "rights", "r");
		for (const char **r = u->rights; *r; r++)
			api_add_str(l, NULL, *r);
	}
	if (b && b->hidden)
		api_add_bool(e, "hidden", true);
	if (b && api_list_has(pr, "blockinfo"))
		api_add_blockinfo(ctx, e, b);
	if (api_list_has(pr, "emailable")) {
		/* User::canReceiveEmail(): a confirmed address and email from others not switched off. */
		const char *addr, *off = NULL;
		if (wiki_user_email_confirmed(ctx->store, ctx->arena, u->id, &addr))
			off = wiki_user_option_get(ctx->store, ctx->arena, u->id, "disablemail");
		api_add_bool(e, "emailable", off && (!*off || streq(off, "0")));
	}
	if (api_list_has(pr, "gender")) {
		char *g = NULL;
		store_query_text(ctx->store, ctx->arena, &g, "SELECT up_value FROM user_properties"
				 " WHERE up_user = ? AND up_property = 'gender'", "i", u->id);
		api_add_str(e, "gender", g && (streq(g, "male") || streq(g, "female")) ? g : "unknown");
	}
	if (api_list_has(pr, "centralids")) {
		api_add_int(api_add_object(e, "centralids"), "local", u->id);
		api_add_bool(api_add_object(e, "attachedlocal"), "local", true);
	}
}

/*
 * The account `name` (or id `id` when `name` is NULL) with its block,
 * as far as the reader may see it: an account hidden by a block counts
 * as missing without the hideuser right. RC_OK, RC_NOTFOUND or RC_ERR.
 */
static int load_visible(struct api_ctx *ctx, const char *name, int64_t id, struct wiki_user **u,
			const struct wiki_block **b)
{
	int rc = wiki_user_load(ctx->arena, ctx->store, name, id, u);
	if (rc == RC_OK)
		rc = wiki_block_of_account(ctx->store, ctx->arena, (*u)->id, b);
	if (rc == RC_OK && *b && (*b)->hidden && !wiki_user_can(ctx->user, "hideuser"))
		return RC_NOTFOUND;
	return rc;
}

static int exec_users(struct api_ctx *ctx, void *vp)
{
	struct users_params *p = vp;
	if (api_require_max_one(ctx, (const char *const[]){ "userids", "users", NULL }) != RC_OK)
		return RC_ERR;
	struct api_node *list = api_add_array(api_query_node(ctx), "users", "user");
	const struct api_list *pr = &p->prop;
	size_t n = p->users.n;
	const char **canon = arena_calloc(ctx->arena, n + 1, sizeof(*canon));
	/* Invalid names first, as MediaWiki reports them while reading the list. */
	for (size_t i = 0; i < n; i++) {
		if (wiki_user_name_canonical(ctx->arena, p->users.v[i], WIKI_NAME_VALID, &canon[i]) == RC_OK)
			continue;
		canon[i] = NULL;
		struct api_node *e = api_add_object(list, NULL);
		api_add_str(e, "name", p->users.v[i]);
		api_add_bool(e, "invalid", true);
	}
	for (size_t i = 0; i < n; i++) {
		if (!canon[i])
			continue;
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = canon[j] && streq(canon[j], canon[i]);
		if (dup)
			continue;
		struct wiki_user *u;
		const struct wiki_block *b = NULL;
		int rc = load_visible(ctx, canon[i], 0, &u, &b);
		if (rc == RC_OK) {
			add_user(ctx, list, pr, u, b);
			continue;
		}
		if (rc != RC_NOTFOUND)
			return api_db_error(ctx);
		struct api_node *e = api_add_object(list, NULL);
		api_add_str(e, "name", canon[i]);
		api_add_bool(e, "missing", true);
		if (api_list_has(pr, "cancreate")) {
			const char *c;
			if (wiki_user_name_canonical(ctx->arena, canon[i], WIKI_NAME_CREATABLE, &c) == RC_OK) {
				api_add_bool(e, "cancreate", true);
			} else {
				struct api_node *l = api_add_array(e, "cancreateerror", "error");
				account_add_status_msg(ctx, l, "invaliduser", "noname", -1);
			}
		}
	}
	for (size_t i = 0; i < p->userids.n; i++) {
		struct wiki_user *u;
		const struct wiki_block *b = NULL;
		int rc = load_visible(ctx, NULL, p->userids.iv[i], &u, &b);
		if (rc == RC_OK) {
			add_user(ctx, list, pr, u, b);
		} else if (rc != RC_NOTFOUND) {
			return api_db_error(ctx);
		} else {
			struct api_node *e = api_add_object(list, NULL);
			api_add_int(e, "userid", p->userids.iv[i]);
			api_add_bool(e, "missing", true);
		}
	}
	return RC_OK;
}

const struct api_module api_module_list_users = {
	.name = "users",
	.group = API_G_LIST,
	.prefix = "us",
	.flags = 0,
	.params = params,
	.params_size = sizeof(struct users_params),
	.summary = "Look up facts about the named accounts.",
	.examples = (const char *const[]){
		"action=query&list=users&ususers=Example|Example2&usprop=groups|editcount|gender",
		"Return information for users Example and Example2.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Users", NULL },
	.exec = exec_users,
};
