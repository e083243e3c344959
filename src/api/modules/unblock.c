/* SPDX-License-Identifier: MIT */
/*
 * unblock.c — action=unblock: remove a block, named by its id or by the
 * user, address or range it is on (MediaWiki's ApiUnblock and
 * UnblockUser). Removing a block removes its autoblocks, shows a hidden
 * name again and writes "block/unblock" to the log, in one transaction.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "block_int.h"
#include "pageact_int.h"

struct unblock_params {
	long id;              /* block id (also of autoblocks) */
	const char *user;     /* user, address, range or #userid */
	long userid;          /* deprecated: user by id */
	const char *reason;   /* reason */
	struct api_list tags; /* change tags for the log entry */
};

static const struct api_param params[] = {
	{ .name = "id", .type = API_T_INT, .offset = offsetof(struct unblock_params, id),
	  .desc = "ID of the block to remove (list=blocks shows it). Give this, user or userid." },
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_CIDR | API_USER_ID,
	  .offset = offsetof(struct unblock_params, user),
	  .desc = "The user name, IP address or IP range to unblock; \"#\" and a number names a user by ID." },
	{ .name = "userid", .type = API_T_INT, .flags = API_P_DEPRECATED, .offset = offsetof(struct unblock_params, userid),
	  .desc = "The ID of the user to unblock. Use user=#ID instead." },
	{ .name = "reason", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct unblock_params, reason),
	  .desc = "Reason for the unblock." },
	{ .name = "tags", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_UNCHECKED, .values_fn = api_tag_values,
	  .offset = offsetof(struct unblock_params, tags), .desc = "Change tags to apply to the entry in the block log." },
	{ 0 }
};

static int exec_unblock(struct api_ctx *ctx, void *vp)
{
	struct unblock_params *p = vp;
	bool id_given = api_param_given(ctx, "id");
	if (api_require_one_of(ctx, (const char *const[]){ "id", "user", "userid", NULL }) != RC_OK)
		return RC_ERR;
	if (!wiki_user_can(ctx->user, "block"))
		return api_error(ctx, "permissiondenied", "apierror-permissiondenied-unblock");
	const char *target = p->user;
	if (api_param_given(ctx, "userid")) {
		if (block_userid_name(ctx, p->userid, &target) != RC_OK)
			return RC_ERR;
	} else if (target && target[0] == '#') {
		target = block_user_by_id(ctx, target);
	}
	if (id_given)
		target = arena_printf(ctx->arena, "#%ld", p->id);

	enum wiki_block_type type;
	const char *name;
	int64_t uid = 0;
	if (wiki_block_parse_target(ctx->store, ctx->arena, target, &type, &name, &uid) != RC_OK) {
		type = WIKI_BLOCK_USER;
		name = target;
	}
	if (block_performer_check(ctx, type == WIKI_BLOCK_USER ? uid : -1, true) != RC_OK)
		return RC_ERR;

	/* UnblockUser: the block on the target (by id, or placed exactly on it). */
	struct wiki_block *b = NULL;
	if (type == WIKI_BLOCK_AUTO) {
		long long id = 0;
		util_parse_ll(name, &id);
		int rc = wiki_block_get(ctx->store, ctx->arena, id, &b);
		if (rc != RC_OK && rc != RC_NOTFOUND)
			return api_db_error(ctx);
		if (b && !streq(b->expiry, "infinity") && strcmp(b->expiry, block_now(ctx)) <= 0)
			b = NULL;
	} else if (type != WIKI_BLOCK_USER || uid) {
		struct wiki_block **v;
		size_t n;
		if (wiki_block_list_target(ctx->store, ctx->arena, uid, name, &v, &n) != RC_OK)
			return api_db_error(ctx);
		if (n > 1)
			return api_error(ctx, "ipb_cant_unblock_multiple_blocks", "ipb_cant_unblock_multiple_blocks",
					 api_p_num(ctx->arena, (long long)n));
		b = n ? v[0] : NULL;
	}
	if (b && b->hidden && !wiki_user_can(ctx->user, "hideuser"))
		return api_error(ctx, "unblock-hideuser", "unblock-hideuser");
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;
	if (!b)
		return api_error(ctx, "cantunblock", "ipb_cant_unblock", type == WIKI_BLOCK_AUTO ? target : name);

	if (store_begin(ctx->store) != RC_OK)
		return api_db_error(ctx);
	int rc = wiki_block_remove(ctx->store, ctx->arena, b, ctx->user, p->reason, tags, ctx->req->remote_ip);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	struct api_node *res = api_add_object(ctx->result, "unblock");
	api_add_int(res, "id", b->id);
	api_add_str(res, "user", b->type == WIKI_BLOCK_AUTO ? "" : b->target);
	api_add_int(res, "userid", b->user_id);
	api_add_str(res, "reason", p->reason);
	return RC_OK;
}

const struct api_module api_module_unblock = {
	.name = "unblock",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct unblock_params),
	.summary = "Remove a block from a user, an IP address or an IP range.",
	.examples = (const char *const[]){
		"action=unblock&id=105", "Remove the block with ID 105.",
		"action=unblock&user=Bob&reason=Sorry%20Bob", "Unblock the user Bob, with a reason.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Block", NULL },
	.exec = exec_unblock,
};
