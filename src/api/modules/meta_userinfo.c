/* SPDX-License-Identifier: MIT */
/*
 * meta_userinfo.c — meta=userinfo: the requesting user. Always id and
 * name (and "anon" for anonymous users); uiprop adds the rest, in
 * MediaWiki 1.39's member order. Rate limits are empty because no
 * $wgRateLimits are configured; blockinfo describes the block that
 * applies to this request (account, address, range or autoblock).
 */
#include <stddef.h>
#include <stdlib.h>

#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

struct userinfo_params {
	struct api_list prop;     /* uiprop */
	const char *attachedwiki; /* uiattachedwiki */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_ALLOW_ALL,
	  .values = (const char *const[]){ "acceptlang", "blockinfo", "centralids", "changeablegroups",
					   "editcount", "email", "groupmemberships", "groups", "hasmsg",
					   "implicitgroups", "latestcontrib", "options", "ratelimits",
					   "realname", "registrationdate", "rights",
					   "theoreticalratelimits", "unreadcount", NULL },
	  .offset = offsetof(struct userinfo_params, prop), .desc = "What to report about each account." },
	{ .name = "attachedwiki", .type = API_T_STRING, .offset = offsetof(struct userinfo_params, attachedwiki),
	  .desc = "With uiprop=centralids, tell whether the user is attached to the wiki with this ID." },
	{ 0 }
};

/* The groups the user may change (changeablegroups), as UserGroupManager::getGroupsChangeableBy(). */
static void add_changeable(struct api_ctx *ctx, struct api_node *out)
{
	struct api_node *cg = api_add_object(out, "changeablegroups");
	struct wiki_changeable ch;
	wiki_groups_changeable(ctx->arena, ctx->user, &ch);
	const char **lists[] = { ch.add, ch.remove, ch.add_self, ch.remove_self };
	static const char *const keys[] = { "add", "remove", "add-self", "remove-self" };
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		struct api_node *l = api_add_array(cg, keys[k], "g");
		for (const char **g = lists[k]; *g; g++)
			api_add_str(l, NULL, *g);
	}
}

/* Accept-Language entries as [{q, "*": lang}], highest q first. */
static void add_acceptlang(struct api_ctx *ctx, struct api_node *out)
{
	struct api_node *list = api_add_array(out, "acceptlang", "lang");
	const char *h = http_header_get(ctx->req, "Accept-Language");
	while (h && *h) {
		while (*h == ' ' || *h == ',')
			h++;
		size_t n = strcspn(h, ",;");
		if (!n)
			break;
		char *lang = arena_strndup(ctx->arena, h, n);
		for (char *c = lang; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		h += n;
		double q = 1;
		if (*h == ';') {
			const char *qs = strstr(h, "q=");
			size_t end = strcspn(h, ",");
			if (qs && qs < h + end)
				q = strtod(qs + 2, NULL);
			h += end;
		}
		if (q <= 0)
			continue;
		struct api_node *e = api_add_object(list, NULL);
		api_add_float(e, "q", q);
		api_add_content(e, lang, strlen(lang));
	}
}

/*
 * The rate limits that apply to the user, {action: {kind: {hits,
 * seconds}}} (ApiQueryUserInfo::getRateLimits): none for an exempt user
 * unless `theoretical`. Typed so that an empty set stays an object ({}),
 * as MediaWiki's assoc array.
 */
static void add_ratelimits(struct api_ctx *ctx, struct api_node *out, const char *name, bool theoretical)
{
	struct api_node *o = api_add_object(out, name);
	api_node_set_type(o, API_ARR_KVP, NULL);
	struct wiki_ratelimit *l;
	size_t n = wiki_ratelimit_list(ctx->arena, ctx->user, theoretical, &l);
	struct api_node *act = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!i || !streq(l[i].action, l[i - 1].action))
			act = api_add_object(o, l[i].action);
		struct api_node *k = api_add_object(act, l[i].kind);
		api_add_int(k, "hits", l[i].hits);
		api_add_int(k, "seconds", l[i].seconds);
	}
}

static int exec_userinfo(struct api_ctx *ctx, void *vp)
{
	struct userinfo_params *p = vp;
	struct wiki_user *u = ctx->user;
	struct api_node *out = api_add_object(api_query_node(ctx), "userinfo");
	const struct api_list *pr = &p->prop;
	api_add_int(out, "id", u->id);
	api_add_str(out, "name", u->name);
	if (u->id == 0)
		api_add_bool(out, "anon", true);
	if (u->is_temp)
		api_add_bool(out, "temp", true);
	if (api_list_has(pr, "blockinfo")) {
		const struct wiki_block *b = api_user_block(ctx);
		if (api_main_of(ctx)->errors)
			return RC_ERR;
		if (b)
			api_add_blockinfo(ctx, out, b);
	}
	if (api_list_has(pr, "hasmsg")) {
		int64_t one = 0;
		int rc = u->id ? store_query_int(ctx->store, &one, "SELECT 1 FROM user_newtalk WHERE user_id = ?", "i", u->id)
			       : store_query_int(ctx->store, &one, "SELECT 1 FROM user_newtalk WHERE user_ip = ?", "t", u->name);
		api_add_bool(out, "messages", rc == RC_OK);
	}
	const char **implicit = wiki_user_implicit_groups(ctx->arena, u);
	if (api_list_has(pr, "groups")) {
		struct api_node *l = api_add_array(out, "groups", "g");
		for (const char **g = u->groups; g && *g; g++)
			api_add_str(l, NULL, *g);
		for (const char **g = implicit; *g; g++)
			api_add_str(l, NULL, *g);
	}
	if (api_list_has(pr, "groupmemberships")) {
		struct api_node *l = api_add_array(out, "groupmemberships", "groupmembership");
		struct wiki_group_membership *gm = NULL;
		size_t n = 0;
		if (u->id)
			wiki_user_memberships(ctx->arena, ctx->store, u->id, &gm, &n);
		for (size_t i = 0; i < n; i++) {
			struct api_node *e = api_add_object(l, NULL);
			api_add_str(e, "group", gm[i].group);
			api_add_str(e, "expiry", gm[i].expiry ? wiki_timestamp_iso(ctx->arena, gm[i].expiry) : "infinity");
		}
	}
	if (api_list_has(pr, "implicitgroups")) {
		struct api_node *l = api_add_array(out, "implicitgroups", "g");
		for (const char **g = implicit; *g; g++)
			api_add_str(l, NULL, *g);
	}
	if (api_list_has(pr, "rights")) {
		struct api_node *l = api_add_array(out, "rights", "r");
		for (const char **r = u->rights; r && *r; r++)
			api_add_str(l, NULL, *r);
	}
	if (api_list_has(pr, "changeablegroups"))
		add_changeable(ctx, out);
	if (api_list_has(pr, "options")) {
		struct api_node *o = api_add_object(out, "options");
		const char **names = NULL, **values = NULL;
		size_t n_set = 0, n_def;
		if (u->id)
			wiki_user_options_load(ctx->arena, ctx->store, u->id, &names, &values, &n_set);
		const struct wiki_option_default *d = wiki_user_default_options(&n_def);
		for (size_t i = 0; i < n_def; i++) {
			const char *v = NULL;
			for (size_t j = 0; j < n_set && !v; j++)
				if (streq(names[j], d[i].name))
					v = values[j];
			long long iv;
			if (!v && d[i].type == WIKI_OPT_INT && util_parse_ll(d[i].value, &iv) == RC_OK)
				api_add_int(o, d[i].name, iv);
			else if (!v && d[i].type == WIKI_OPT_BOOL)
				api_add_bool(o, d[i].name, streq(d[i].value, "1"))->flags |= API_N_KEEP_BOOL;
			else
				api_add_str(o, d[i].name, v ? v : d[i].value);
		}
		/* Stored preferences that have no default (userjs-*). */
		for (size_t j = 0; j < n_set; j++)
			if (!wiki_user_option_default(names[j]))
				api_add_str(o, names[j], values[j]);
	}
	if (api_list_has(pr, "editcount") && u->id)
		api_add_int(out, "editcount", u->editcount);
	if (api_list_has(pr, "editcount") && !u->id)
		api_add_int(out, "editcount", 0);
	if (api_list_has(pr, "ratelimits"))
		add_ratelimits(ctx, out, "ratelimits", false);
	if (api_list_has(pr, "theoreticalratelimits"))
		add_ratelimits(ctx, out, "theoreticalratelimits", true);
	bool private_ok = wiki_user_can(u, "viewmyprivateinfo");
	char *realname = NULL, *email = NULL, *email_auth = NULL;
	if (u->id && private_ok) {
		store_query_text(ctx->store, ctx->arena, &realname, "SELECT user_real_name FROM \"user\" WHERE user_id = ?",
				 "i", u->id);
		store_query_text(ctx->store, ctx->arena, &email, "SELECT user_email FROM \"user\" WHERE user_id = ?", "i", u->id);
		store_query_text(ctx->store, ctx->arena, &email_auth, "SELECT user_email_authenticated FROM \"user\" WHERE user_id = ?", "i", u->id);
	}
	if (api_list_has(pr, "realname") && private_ok)
		api_add_str(out, "realname", realname ? realname : "");
	if (api_list_has(pr, "email") && private_ok) {
		api_add_str(out, "email", email ? email : "");
		if (email_auth)
			api_add_str(out, "emailauthenticated", wiki_timestamp_iso(ctx->arena, email_auth));
	}
	if (api_list_has(pr, "registrationdate") && u->id) {
		const char *iso = wiki_timestamp_iso(ctx->arena, u->registration);
		if (iso)
			api_add_str(out, "registrationdate", iso);
	}
	if (api_list_has(pr, "acceptlang"))
		add_acceptlang(ctx, out);
	if (api_list_has(pr, "unreadcount")) {
		int64_t n = 0;
		if (u->id)
			store_query_int(ctx->store, &n, "SELECT COUNT(*) FROM (SELECT 1 FROM watchlist WHERE wl_user = ?"
					" AND wl_notificationtimestamp IS NOT NULL LIMIT 1001) t", "i", u->id);
		/* MediaWiki stops counting at 1000 and reports "1000+". */
		if (n > 1000)
			api_add_str(out, "unreadcount", "1000+");
		else
			api_add_int(out, "unreadcount", n);
	}
	if (api_list_has(pr, "centralids")) {
		struct api_node *c = api_add_object(out, "centralids");
		api_add_int(c, "local", u->id);
		struct api_node *at = api_add_object(out, "attachedlocal");
		/* Anonymous: {"local": false}, which formatversion 1 writes as {}. */
		if (!u->id)
			api_node_set_type(at, API_ARR_KVP, NULL);
		api_add_bool(at, "local", u->id != 0);
	}
	if (api_list_has(pr, "latestcontrib") && u->actor_id) {
		char *ts = NULL;
		if (store_query_text(ctx->store, ctx->arena, &ts, "SELECT MAX(rev_timestamp) FROM revision WHERE rev_actor = ?",
				     "i", u->actor_id) == RC_OK && ts)
			api_add_str(out, "latestcontrib", wiki_timestamp_iso(ctx->arena, ts));
	}
	return RC_OK;
}

const struct api_module api_module_meta_userinfo = {
	.name = "userinfo",
	.group = API_G_META,
	.prefix = "ui",
	.flags = 0,
	.params = params,
	.params_size = sizeof(struct userinfo_params),
	.summary = "Describe the user making the request: groups, rights, preferences.",
	.examples = (const char *const[]){
		"action=query&meta=userinfo", "Describe the user making the request: groups, rights, preferences.",
		"action=query&meta=userinfo&uiprop=blockinfo|groups|rights|hasmsg",
		"More facts about the requesting user.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Userinfo", NULL },
	.exec = exec_userinfo,
};
