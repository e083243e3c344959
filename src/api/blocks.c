/* SPDX-License-Identifier: MIT */
/*
 * blocks.c — blocks as the API shows and enforces them: the "blockinfo"
 * members (MediaWiki's ApiBlockInfoTrait), the blocked/autoblocked
 * errors (ApiBase::dieBlocked) and the checks every write module makes
 * before it changes anything (PermissionManager::checkUserBlock).
 *
 * The block of a request is looked up once (wiki_block_for_user()
 * caches it in the user) and only when a module asks, so reading
 * modules never pay for it.
 */
#include "api_int.h"

#include <stdio.h>
#include <time.h>

#include "../util/timestamp.h"
#include "../wiki/wiki.h"

/* English month names for the formatted timestamps. */
static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
				      "August", "September", "October", "November", "December" };

/*
 * A 14-digit timestamp as the wiki shows dates to users by default
 * (MediaWiki's English "dmy both" format, "H:i, j F Y"), in UTC.
 */
static const char *user_date(struct arena *a, const char *ts14)
{
	int64_t t;
	if (ts_from_mw(ts14, &t) != RC_OK)
		return ts14;
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return arena_printf(a, "%02d:%02d, %d %s %d", tm.tm_hour, tm.tm_min, tm.tm_mday, months[tm.tm_mon],
			    tm.tm_year + 1900);
}

void api_add_blockinfo(struct api_ctx *ctx, struct api_node *obj, const struct wiki_block *b)
{
	struct arena *a = ctx->arena;
	if (b->parts)
		api_add_null(obj, "blockid");
	else
		api_add_int(obj, "blockid", b->id);
	api_add_str(obj, "blockedby", b->by_name ? b->by_name : "");
	api_add_int(obj, "blockedbyid", b->by_id);
	const char *reason = b->reason ? b->reason : api_msg(ctx, "blockedtext-composite-reason", NULL);
	api_add_str(obj, "blockreason", reason);
	api_add_str(obj, "blockedtimestamp", wiki_timestamp_iso(a, b->timestamp));
	bool infinite = streq(b->expiry, "infinity");
	api_add_str(obj, "blockexpiry", infinite ? "infinite" : wiki_timestamp_iso(a, b->expiry));
	api_add_bool(obj, "blockpartial", !b->sitewide);
	api_add_bool(obj, "blocknocreate", b->create_account);
	api_add_bool(obj, "blockanononly", !b->hardblock);
	api_add_str(obj, "blockedtimestampformatted", user_date(a, b->timestamp));
	if (!infinite) {
		/* Expiries lie ahead, and MediaWiki words a time ahead as the full date. */
		api_add_str(obj, "blockexpiryformatted", user_date(a, b->expiry));
		api_add_str(obj, "blockexpiryrelative", user_date(a, b->expiry));
	}
}

int api_die_blocked(struct api_ctx *ctx, const struct wiki_block *b)
{
	if (b->type == WIKI_BLOCK_AUTO)
		api_error(ctx, "autoblocked", NULL);
	else if (!b->sitewide)
		api_error(ctx, "blocked", "apierror-blocked-partial");
	else
		api_error(ctx, "blocked", NULL);
	api_add_blockinfo(ctx, api_node_object(api_error_data(ctx), "blockinfo"), b);
	return RC_ERR;
}

const struct wiki_block *api_user_block(struct api_ctx *ctx)
{
	const struct wiki_block *b = NULL;
	if (wiki_block_for_user(ctx->store, ctx->arena, ctx->user, &b) != RC_OK) {
		api_db_error(ctx);
		return NULL;
	}
	return b;
}

int api_check_blocked(struct api_ctx *ctx, const char *right, const struct wiki_title *t)
{
	struct api_main *m = api_main_of(ctx);
	const struct wiki_block *b = api_user_block(ctx);
	if (m->errors)
		return RC_ERR;
	if (streq(right, "createaccount")) {
		b = api_account_creation_block(ctx);
		if (m->errors)
			return RC_ERR;
		return b ? api_die_blocked(ctx, b) : RC_OK;
	}
	if (!b)
		return RC_OK;
	int applies = wiki_block_applies_right(b, right);
	if (applies == 0)
		return RC_OK;
	if (applies == 1 || !t || wiki_block_applies_page(b, ctx->user, t->ns, t->dbkey))
		return api_die_blocked(ctx, b);
	return RC_OK;
}

const struct wiki_block *api_account_creation_block(struct api_ctx *ctx)
{
	const struct wiki_block *b = api_user_block(ctx);
	if (api_main_of(ctx)->errors)
		return NULL;
	const struct wiki_block *found = b && wiki_block_applies_right(b, "createaccount") == 1 ? b : NULL;
	/*
	 * T15611: an address blocked with nocreate stops account creation
	 * even for a logged-in user (anon-only blocks included), unless the
	 * user has ipblock-exempt.
	 */
	if (ctx->user->id && !wiki_user_can(ctx->user, "ipblock-exempt")) {
		const struct wiki_block *ipb = NULL;
		if (wiki_block_for_address(ctx->store, ctx->arena, ctx->req->remote_ip, &ipb) != RC_OK) {
			api_db_error(ctx);
			return NULL;
		}
		if (ipb && wiki_block_applies_right(ipb, "createaccount") == 1)
			found = ipb;
	}
	return found;
}

const char *api_block_message(struct api_ctx *ctx, const struct wiki_block *b, const char **code,
			      const char *const **params)
{
	struct arena *a = ctx->arena;
	const char *key = b->parts ? "blockedtext-composite" : b->type == WIKI_BLOCK_AUTO ? "autoblockedtext"
						       : !b->sitewide ? "blockedtext-partial" : "blockedtext";
	*code = b->type == WIKI_BLOCK_AUTO ? "autoblocked" : "blocked";
	/* BlockErrorFormatter's parameters: blocker link, reason, IP, blocker, id, expiry, target, time. */
	const char **p = arena_calloc(a, 9, sizeof(*p));
	p[0] = b->by_name && *b->by_name ? arena_printf(a, "[[User:%s|%s]]", b->by_name, b->by_name) : "";
	p[1] = b->reason ? b->reason : api_msg(ctx, "blockedtext-composite-reason", NULL);
	p[2] = ctx->req->remote_ip;
	p[3] = b->by_name ? b->by_name : "";
	p[4] = b->parts ? "" : arena_printf(a, "%lld", (long long)b->id);
	p[5] = streq(b->expiry, "infinity") ? "infinite" : user_date(a, b->expiry);
	p[6] = b->type == WIKI_BLOCK_AUTO ? arena_printf(a, "#%lld", (long long)b->id) : b->target ? b->target : "";
	p[7] = user_date(a, b->timestamp);
	*params = p;
	return key;
}

int api_check_sitewide_block(struct api_ctx *ctx)
{
	struct api_main *m = api_main_of(ctx);
	const struct wiki_block *b = api_user_block(ctx);
	if (m->errors)
		return RC_ERR;
	return b && b->sitewide ? api_die_blocked(ctx, b) : RC_OK;
}

void api_spread_block(struct api_ctx *ctx)
{
	const struct wiki_block *b = NULL;
	if (ctx->user->id <= 0 || wiki_block_of_account(ctx->store, ctx->arena, ctx->user->id, &b) != RC_OK || !b)
		return;
	wiki_block_autoblock(ctx->store, ctx->arena, b, ctx->req->remote_ip);
}
