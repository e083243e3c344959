/* SPDX-License-Identifier: MIT */
/*
 * block.c — action=block: block an account, an address or a range, or
 * change a block. MediaWiki's ApiBlock and BlockUser, with the newer
 * API the seeds describe: `id` changes one given block, `newblock` adds
 * a further block when $wgEnableMultiBlocks is on, and partial blocks
 * take action restrictions (upload, move, create).
 *
 * The checks run in MediaWiki's order: the block right, exactly one of
 * id/user/userid, noemail needs blockemail, hidename needs hideuser, a
 * blocked performer may only block themself or their blocker
 * (ipbblocked, ipbnounblockself), change tags, then the target (no such
 * user, range too wide), the expiry, the hidename and partial-block
 * rules, and the conflict with a block already there (alreadyblocked
 * unless reblock). The block, its log entry and the watchlist change
 * are one transaction.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"
#include "block_int.h"
#include "pageact_int.h"

struct block_params {
	long id;                      /* block to change */
	const char *user;             /* target: name, address, range or #userid */
	long userid;                  /* deprecated: target by user id */
	const char *expiry;           /* as given: relative, absolute or infinite */
	const char *reason;           /* reason */
	bool anononly;                /* address blocks: logged-in users are not affected */
	bool nocreate;                /* no account creation */
	bool autoblock;               /* block the addresses the account uses */
	bool noemail;                 /* no email to other users */
	bool hidename;                /* hide the account everywhere */
	bool allowusertalk;           /* the account may edit its own talk page */
	bool reblock;                 /* change the block already on the target */
	bool newblock;                /* add another block (multiblocks) */
	bool watchuser;               /* watch the target's user and talk pages */
	struct api_list tags;         /* change tags for the log entry */
	bool partial;                 /* block only from the restrictions below */
	struct api_list pagerestrictions;      /* partial: pages */
	struct api_list namespacerestrictions; /* partial: namespaces */
	struct api_list actionrestrictions;    /* partial: actions */
};

static const struct api_param params[] = {
	{ .name = "id", .type = API_T_INT, .offset = offsetof(struct block_params, id),
	  .desc = "The ID of a block to change. Give this, user or userid." },
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_CIDR | API_USER_ID,
	  .offset = offsetof(struct block_params, user),
	  .desc = "The user name, IP address or IP range to block; \"#\" and a number names a user by ID." },
	{ .name = "userid", .type = API_T_INT, .flags = API_P_DEPRECATED, .offset = offsetof(struct block_params, userid),
	  .desc = "The ID of the user to block. Use user=#ID instead." },
	{ .name = "expiry", .type = API_T_STRING, .dflt = "never", .offset = offsetof(struct block_params, expiry),
	  .desc = "When the block ends: relative (\"5 months\", \"2 weeks\"), a timestamp, or \"infinite\", "
		  "\"indefinite\", \"infinity\" or \"never\" for a block without end." },
	{ .name = "reason", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct block_params, reason),
	  .desc = "Reason for the block." },
	{ .name = "anononly", .type = API_T_BOOL, .offset = offsetof(struct block_params, anononly),
	  .desc = "For an IP address or range: block only edits made without logging in." },
	{ .name = "nocreate", .type = API_T_BOOL, .offset = offsetof(struct block_params, nocreate),
	  .desc = "Prevent account creation." },
	{ .name = "autoblock", .type = API_T_BOOL, .offset = offsetof(struct block_params, autoblock),
	  .desc = "Also block the IP address the user last edited from, and any address they try to edit "
		  "from while blocked." },
	{ .name = "noemail", .type = API_T_BOOL, .offset = offsetof(struct block_params, noemail),
	  .desc = "Prevent the user from sending email through the wiki (needs the blockemail right)." },
	{ .name = "hidename", .type = API_T_BOOL, .offset = offsetof(struct block_params, hidename),
	  .desc = "Hide the user name from logs and lists (needs the hideuser right)." },
	{ .name = "allowusertalk", .type = API_T_BOOL, .offset = offsetof(struct block_params, allowusertalk),
	  .desc = "Let the user edit their own talk page." },
	{ .name = "reblock", .type = API_T_BOOL, .offset = offsetof(struct block_params, reblock),
	  .desc = "If the user is already blocked, replace that block." },
	{ .name = "newblock", .type = API_T_BOOL, .offset = offsetof(struct block_params, newblock),
	  .desc = "Add a further block even when the user is already blocked (only where several blocks per "
		  "target are enabled)." },
	{ .name = "watchuser", .type = API_T_BOOL, .offset = offsetof(struct block_params, watchuser),
	  .desc = "Watch the user page and talk page of the user or IP address." },
	{ .name = "tags", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_UNCHECKED, .values_fn = api_tag_values,
	  .offset = offsetof(struct block_params, tags), .desc = "Change tags to apply to the entry in the block log." },
	{ .name = "partial", .type = API_T_BOOL, .offset = offsetof(struct block_params, partial),
	  .desc = "Block the user from the pages, namespaces and actions given below instead of the whole site." },
	{ .name = "pagerestrictions", .type = API_T_TITLE, .flags = API_P_MULTI | API_P_MUST_EXIST,
	  .multi_max = 10, .multi_max_high = 10, .offset = offsetof(struct block_params, pagerestrictions),
	  .desc = "With partial: the pages the user may not edit (at most 10)." },
	{ .name = "namespacerestrictions", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .offset = offsetof(struct block_params, namespacerestrictions),
	  .desc = "With partial: the namespaces the user may not edit in." },
	{ .name = "actionrestrictions", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "create", "move", "upload", NULL },
	  .offset = offsetof(struct block_params, actionrestrictions),
	  .desc = "With partial: the actions the user may not take." },
	{ 0 }
};

/* A list parameter as a result array of strings, or null when it was not given (as MediaWiki). */
static void add_list(struct api_node *res, const char *key, const struct api_list *l, bool as_int)
{
	if (!l->n) {
		api_add_null(res, key);
		return;
	}
	struct api_node *arr = api_add_array(res, key, NULL);
	for (size_t i = 0; i < l->n; i++) {
		if (as_int)
			api_add_int(arr, NULL, l->iv[i]);
		else
			api_add_str(arr, NULL, l->v[i]);
	}
}

/* The partial-block restrictions of the request, page ids looked up. */
static int restrictions(struct api_ctx *ctx, const struct block_params *p, struct wiki_block_restriction **out,
			size_t *n)
{
	size_t total = p->pagerestrictions.n + p->namespacerestrictions.n + p->actionrestrictions.n, k = 0;
	struct wiki_block_restriction *r = arena_calloc(ctx->arena, total + 1, sizeof(*r));
	for (size_t i = 0; i < p->pagerestrictions.n; i++) {
		struct wiki_title t;
		const char *err;
		int64_t id = 0;
		if (wiki_title_parse(ctx->arena, p->pagerestrictions.v[i], 0, &t, &err) != RC_OK)
			continue;
		int rc = store_query_int(ctx->store, &id, "SELECT page_id FROM page WHERE page_namespace = ?"
							  " AND page_title = ?", "dt", t.ns, t.dbkey);
		if (rc == RC_NOTFOUND)
			return api_error(ctx, "cant-block-nonexistent-page", "cant-block-nonexistent-page",
					 p->pagerestrictions.v[i]);
		if (rc != RC_OK)
			return api_db_error(ctx);
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = r[j].value == id;
		if (!dup)
			r[k++] = (struct wiki_block_restriction){ WIKI_BLOCK_R_PAGE, id, t.ns, t.dbkey };
	}
	for (size_t i = 0; i < p->namespacerestrictions.n; i++)
		r[k++] = (struct wiki_block_restriction){ .type = WIKI_BLOCK_R_NS, .value = p->namespacerestrictions.iv[i] };
	const char *const *actions = wiki_block_actions();
	for (size_t i = 0; i < p->actionrestrictions.n; i++)
		for (size_t j = 0; actions[j]; j++)
			if (streq(actions[j], p->actionrestrictions.v[i]))
				r[k++] = (struct wiki_block_restriction){ .type = WIKI_BLOCK_R_ACTION, .value = (int64_t)j + 1 };
	*out = r;
	*n = k;
	return RC_OK;
}

/* The target of the request: type, canonical name, account id. Errors as MediaWiki. */
static int find_target(struct api_ctx *ctx, const struct block_params *p, enum wiki_block_type *type,
		       const char **name, int64_t *uid)
{
	const char *text = p->user;
	if (!p->user) {
		if (block_userid_name(ctx, p->userid, &text) != RC_OK)
			return RC_ERR;
	} else if (text[0] == '#') {
		text = block_user_by_id(ctx, text);
	}
	if (wiki_block_parse_target(ctx->store, ctx->arena, text, type, name, uid) != RC_OK || *type == WIKI_BLOCK_AUTO)
		return api_error(ctx, "invalidip", "badipaddress");
	return RC_OK;
}

static int exec_block(struct api_ctx *ctx, void *vp)
{
	struct block_params *p = vp;
	if (!wiki_user_can(ctx->user, "block"))
		return api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-block", NULL, 0));
	if (api_require_one_of(ctx, (const char *const[]){ "id", "user", "userid", NULL }) != RC_OK)
		return RC_ERR;
	if (api_param_given(ctx, "id") && (p->newblock || p->reblock))
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix-cannotusewith", "id",
				 p->newblock ? "newblock" : "reblock");

	/* The block to change, or the target of a new one. */
	struct wiki_block *prior = NULL;
	enum wiki_block_type type;
	const char *name;
	int64_t uid = 0;
	if (api_param_given(ctx, "id")) {
		int rc = wiki_block_get(ctx->store, ctx->arena, p->id, &prior);
		if (rc == RC_NOTFOUND || (rc == RC_OK && strcmp(prior->expiry, "infinity") != 0 &&
					  strcmp(prior->expiry, block_now(ctx)) <= 0))
			return api_error(ctx, "nosuchblockid", NULL, api_p_int(ctx->arena, p->id));
		if (rc != RC_OK)
			return api_db_error(ctx);
		if (prior->type == WIKI_BLOCK_AUTO)
			return api_error(ctx, "modify-autoblock", NULL);
		type = prior->type;
		name = prior->target;
		uid = prior->user_id;
	} else if (find_target(ctx, p, &type, &name, &uid) != RC_OK) {
		return RC_ERR;
	}
	bool is_user = type == WIKI_BLOCK_USER;
	bool hidename = p->hidename && is_user;
	if (p->noemail && !(config.enable_user_email && wiki_user_can(ctx->user, "blockemail")))
		return api_error(ctx, "cantblock-email", NULL);

	/* Blocks already on the target, for the conflict rules and the hidden-user check. */
	struct wiki_block **existing = NULL;
	size_t n_existing = 0;
	if (!prior && wiki_block_list_target(ctx->store, ctx->arena, is_user ? uid : 0, name, &existing, &n_existing) !=
			      RC_OK)
		return api_db_error(ctx);
	bool was_hidden = prior ? prior->hidden : false;
	for (size_t i = 0; i < n_existing; i++)
		was_hidden |= existing[i]->hidden;
	if ((hidename || was_hidden) && !wiki_user_can(ctx->user, "hideuser"))
		return was_hidden ? api_error(ctx, "cant-see-hidden-user", "cant-see-hidden-user")
				  : api_error(ctx, "permissiondenied", NULL, api_p_msg(ctx->arena, "action-block", NULL, 0));
	if (block_performer_check(ctx, is_user ? uid : -1, false) != RC_OK)
		return RC_ERR;
	const char *const *tags;
	if (pageact_tags(ctx, &p->tags, &tags) != RC_OK)
		return RC_ERR;
	struct wiki_block_restriction *restr = NULL;
	size_t n_restr = 0;
	if (p->partial && restrictions(ctx, p, &restr, &n_restr) != RC_OK)
		return RC_ERR;

	/* BlockUtils::validateTarget(). */
	if (is_user && !uid)
		return api_error(ctx, "nosuchuser", "nosuchusershort", name);
	if (type == WIKI_BLOCK_RANGE && block_check_range(ctx, name) != RC_OK)
		return RC_ERR;

	/* Whether the own talk page can be blocked, as BlockUser decides it. */
	bool sitewide = !(p->partial || n_restr);
	bool ns_talk = false;
	for (size_t i = 0; i < n_restr; i++)
		ns_talk |= restr[i].type == WIKI_BLOCK_R_NS && restr[i].value == WIKI_NS_USER_TALK;
	bool talk_blocked;
	if (sitewide || ns_talk) {
		talk_blocked = !config.block_allows_ut_edit || !p->allowusertalk;
	} else {
		if (!p->allowusertalk)
			return api_error(ctx, "ipb-prevent-user-talk-edit", "ipb-prevent-user-talk-edit");
		talk_blocked = false;
	}

	/* Expiry: BlockUser::parseExpiryInput() and its checks. */
	int64_t t;
	bool inf;
	if (!*p->expiry || strlen(p->expiry) > 50 || ts_parse_expiry(p->expiry, util_now(), &t, &inf) != RC_OK)
		return api_error(ctx, "invalidexpiry", "ipb_expiry_invalid");
	char exp[15];
	if (!inf) {
		ts_format_mw(t, exp);
		if (t < util_now())
			return api_error(ctx, "ipb_expiry_old", "ipb_expiry_old");
	}
	if (hidename) {
		if (!sitewide)
			return api_error(ctx, "ipb_hide_partial", "ipb_hide_partial");
		if (!inf)
			return api_error(ctx, "ipb_expiry_temp", "ipb_expiry_temp");
		int64_t edits = 0;
		store_query_int(ctx->store, &edits, "SELECT COALESCE(user_editcount, 0) FROM \"user\" WHERE user_id = ?", "i",
				uid);
		if (config.hideuser_contrib_limit >= 0 && edits > config.hideuser_contrib_limit)
			return api_error(ctx, "ipb_hide_invalid", "ipb_hide_invalid",
					 api_p_num(ctx->arena, config.hideuser_contrib_limit));
	}
	if (!sitewide && !n_restr && !p->noemail && !p->nocreate && !talk_blocked)
		return api_error(ctx, "ipb-empty-block", "ipb-empty-block");

	struct wiki_block_spec spec = {
		.type = type, .target = name, .user_id = uid, .by = ctx->user, .reason = p->reason,
		.expiry = inf ? "infinity" : exp,
		.raw_expiry = inf ? "infinity" : p->expiry,
		.hardblock = !p->anononly, .create_account = p->nocreate, .autoblock = p->autoblock,
		.email = p->noemail, .allow_usertalk = !talk_blocked, .hidden = hidename, .sitewide = sitewide,
		.restrictions = restr, .n_restrictions = n_restr, .tags = tags, .ip = ctx->req->remote_ip,
	};

	/* The conflict with blocks already there (BlockUser::placeBlockInternal). */
	if (!prior && n_existing) {
		bool add = p->newblock && config.multiblocks;
		for (size_t i = 0; add && i < n_existing; i++)
			if (wiki_block_equals(existing[i], &spec))
				return api_error(ctx, "alreadyblocked", "ipb_already_blocked", name);
		if (!add) {
			if (n_existing > 1)
				return api_error(ctx, "ambiguous-block", NULL);
			if (!p->reblock || wiki_block_equals(existing[0], &spec))
				return api_error(ctx, "alreadyblocked", "ipb_already_blocked", name);
			prior = existing[0];
		}
	} else if (prior && wiki_block_equals(prior, &spec)) {
		return api_error(ctx, "alreadyblocked", "ipb_already_blocked", name);
	}

	int64_t id = 0;
	if (store_begin(ctx->store) != RC_OK)
		return api_db_error(ctx);
	int rc = wiki_block_place(ctx->store, ctx->arena, &spec, prior, &id);
	if (rc == RC_OK && p->watchuser && type != WIKI_BLOCK_RANGE && ctx->user->id) {
		struct wiki_title up;
		wiki_title_make(ctx->arena, WIKI_NS_USER, name, &up);
		rc = wiki_watch_add(ctx->store, ctx->user->id, WIKI_NS_USER, up.dbkey);
	}
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;

	struct api_node *res = api_add_object(ctx->result, "block");
	api_add_str(res, "user", name);
	api_add_int(res, "userID", uid);
	api_add_str(res, "expiry", inf ? "infinite" : wiki_timestamp_iso(ctx->arena, exp));
	api_add_int(res, "id", id);
	api_add_str(res, "reason", p->reason);
	api_add_bool(res, "anononly", p->anononly);
	api_add_bool(res, "nocreate", p->nocreate);
	api_add_bool(res, "autoblock", p->autoblock);
	api_add_bool(res, "noemail", p->noemail);
	api_add_bool(res, "hidename", hidename);
	api_add_bool(res, "allowusertalk", p->allowusertalk);
	api_add_bool(res, "watchuser", p->watchuser);
	api_add_bool(res, "partial", p->partial);
	add_list(res, "pagerestrictions", &p->pagerestrictions, false);
	add_list(res, "namespacerestrictions", &p->namespacerestrictions, true);
	add_list(res, "actionrestrictions", &p->actionrestrictions, false);
	return RC_OK;
}

const struct api_module api_module_block = {
	.name = "block",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct block_params),
	.summary = "Block a user, an IP address or an IP range.",
	.examples = (const char *const[]){
		"action=block&user=192.0.2.5&expiry=3%20days&reason=First%20strike&token=123ABC",
		"Block the IP address 192.0.2.5 for three days with a reason.",
		"action=block&user=Vandal&expiry=never&reason=Vandalism&nocreate=&autoblock=&noemail=&token=123ABC",
		"Block the user Vandal without end, and keep them from creating accounts and sending email.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Block", NULL },
	.exec = exec_block,
};
