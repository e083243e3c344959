/* SPDX-License-Identifier: MIT */
/*
 * blockact.c — the checks action=block and action=unblock share
 * (block_int.h): target by user id, the blocked performer rule and
 * range limits.
 */
#include "block_int.h"

#include <stdio.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

const char *block_user_by_id(struct api_ctx *ctx, const char *hash_id)
{
	long long id;
	char *name = NULL;
	if (util_parse_ll(hash_id + 1, &id) != RC_OK ||
	    store_query_text(ctx->store, ctx->arena, &name, "SELECT user_name FROM \"user\" WHERE user_id = ?", "i",
			     (int64_t)id) != RC_OK)
		return "Unknown user";
	return name;
}

int block_userid_name(struct api_ctx *ctx, long id, const char **name)
{
	char *n = NULL;
	int rc = store_query_text(ctx->store, ctx->arena, &n, "SELECT user_name FROM \"user\" WHERE user_id = ?", "i",
				  (int64_t)id);
	if (rc == RC_NOTFOUND)
		return api_error(ctx, "nosuchuserid", NULL, api_p_int(ctx->arena, id));
	if (rc != RC_OK)
		return api_db_error(ctx);
	*name = n;
	return RC_OK;
}

const char *block_now(struct api_ctx *ctx)
{
	char *now = arena_alloc(ctx->arena, 15);
	ts_format_mw(util_now(), now);
	return now;
}

int block_performer_check(struct api_ctx *ctx, int64_t target_uid, bool with_info)
{
	const struct wiki_block *b = api_user_block(ctx);
	if (api_main_of(ctx)->errors)
		return RC_ERR;
	if (!b || !b->sitewide)
		return RC_OK;
	const char *code = "ipbblocked";
	if (target_uid > 0 && target_uid == ctx->user->id) {
		/* Changing one's own block: fine for the one who placed it, or with unblockself. */
		if ((!b->parts && b->by_id == ctx->user->id) || wiki_user_can(ctx->user, "unblockself"))
			return RC_OK;
		code = "ipbnounblockself";
	} else if (target_uid > 0 && !b->parts && b->by_id == target_uid) {
		/* T150826: a blocked admin may always block the admin who blocked them. */
		return RC_OK;
	}
	api_error(ctx, code, code);
	if (with_info)
		api_add_blockinfo(ctx, api_node_object(api_error_data(ctx), "blockinfo"), b);
	return RC_ERR;
}

int block_check_range(struct api_ctx *ctx, const char *range)
{
	int prefix = 0;
	int bits = wiki_ip_range(ctx->arena, range, NULL, NULL, &prefix);
	if (bits <= 0)
		return api_error(ctx, "invalidrange", "ip_range_invalid");
	int limit = bits == 32 ? config.block_cidr_v4 : config.block_cidr_v6;
	if (limit >= bits)
		return api_error(ctx, "rangedisabled", "range_block_disabled");
	if (prefix < limit)
		return api_error(ctx, "ip_range_toolarge", "ip_range_toolarge", api_p_int(ctx->arena, limit));
	return RC_OK;
}
