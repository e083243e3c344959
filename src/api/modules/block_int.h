/* SPDX-License-Identifier: MIT */
/*
 * block_int.h — shared by action=block and action=unblock: the checks
 * both make before they touch a block. Defined in blockact.c.
 */
#ifndef BLOCK_INT_H
#define BLOCK_INT_H

#include "../api_int.h"

/*
 * "#N" as the name of user N (UserDef's "id" user type); "Unknown user"
 * when there is no such account, as MediaWiki answers. In the arena.
 */
const char *block_user_by_id(struct api_ctx *ctx, const char *hash_id);

/*
 * The name of account `id` (the deprecated userid parameter) into
 * `*name`: nosuchuserid when there is none. RC_OK or RC_ERR after
 * api_error().
 */
int block_userid_name(struct api_ctx *ctx, long id, const char **name);

/* The current time as 14 digits, in the arena. */
const char *block_now(struct api_ctx *ctx);

/*
 * BlockPermissionChecker::checkBlockPermissions(): a performer under a
 * sitewide block may only change their own block (when they placed it
 * or have unblockself: ipbnounblockself otherwise) or block the one who
 * blocked them; anything else is ipbblocked. `target_uid` is the
 * target's account, or -1 for address targets and block ids. With
 * `with_info` the error carries the performer's blockinfo (unblock).
 * RC_OK or RC_ERR after api_error().
 */
int block_performer_check(struct api_ctx *ctx, int64_t target_uid, bool with_info);

/*
 * $wgBlockCIDRLimit for range `range`: rangedisabled when range blocks
 * are off for its family, ip_range_toolarge when it is wider than the
 * limit. RC_OK or RC_ERR after api_error().
 */
int block_check_range(struct api_ctx *ctx, const char *range);

#endif
