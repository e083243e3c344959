/* SPDX-License-Identifier: MIT */
/*
 * rights.c — groups and rights after MediaWiki's $wgGroupPermissions
 * defaults (1.39), with [rights] overrides from wikid.ini applied on top.
 * Effective rights of a user = union of the rights of "*", "user" (any
 * account), "autoconfirmed" (account old and active enough) and its
 * explicit groups. The tables are facts about MediaWiki's default
 * configuration, so clients that check rights see what they expect.
 */
#include "wiki.h"

#include <stdio.h>
#include <time.h>

#include "../util/config.h"

struct group_rights {
	const char *group;          /* group name */
	const char *const *rights;  /* NULL-terminated */
};

#define R(...) ((const char *const[]){ __VA_ARGS__, NULL })
static const struct group_rights defaults[] = {
	{ "*", R("createaccount", "read", "edit", "createpage", "createtalk", "writeapi",
		 "viewmywatchlist", "editmywatchlist", "viewmyprivateinfo", "editmyprivateinfo",
		 "editmyoptions") },
	{ "user", R("move", "move-subpages", "move-rootuserpages", "move-categorypages", "movefile",
		    "read", "edit", "createpage", "createtalk", "writeapi", "upload", "reupload",
		    "reupload-shared", "minoredit", "editmyusercss", "editmyuserjson", "editmyuserjs",
		    "editmyuserjsredirect", "purge", "sendemail", "applychangetags", "changetags",
		    "editcontentmodel") },
	{ "autoconfirmed", R("autoconfirmed", "editsemiprotected") },
	{ "bot", R("bot", "autoconfirmed", "editsemiprotected", "nominornewtalk", "autopatrol",
		   "suppressredirect", "apihighlimits", "writeapi") },
	{ "sysop", R("block", "createaccount", "delete", "bigdelete", "deletedhistory", "deletedtext",
		     "undelete", "editinterface", "editsitejson", "edituserjson", "import",
		     "importupload", "move", "move-subpages", "move-rootuserpages",
		     "move-categorypages", "patrol", "autopatrol", "protect", "editprotected",
		     "rollback", "upload", "reupload", "reupload-shared", "unwatchedpages",
		     "autoconfirmed", "editsemiprotected", "ipblock-exempt", "blockemail",
		     "markbotedits", "apihighlimits", "browsearchive", "noratelimit", "movefile",
		     "unblockself", "suppressredirect", "mergehistory", "managechangetags",
		     "deletechangetags") },
	{ "interface-admin", R("editinterface", "editsitecss", "editsitejson", "editsitejs",
			       "editusercss", "edituserjson", "edituserjs") },
	{ "bureaucrat", R("userrights", "noratelimit") },
	{ "suppress", R("hideuser", "suppressrevision", "viewsuppressed", "suppressionlog",
			"deleterevision", "deletelogentry") },
};
#undef R

static const char *const group_names[] = {
	"*", "user", "autoconfirmed", "bot", "sysop", "interface-admin", "bureaucrat", "suppress", NULL
};

/* Every right MediaWiki core defines ($wgAvailableRights and the defaults). */
static const char *const all_rights[] = {
	"apihighlimits", "applychangetags", "autoconfirmed", "autocreateaccount", "autopatrol",
	"bigdelete", "block", "blockemail", "bot", "browsearchive", "changetags", "createaccount",
	"createpage", "createtalk", "delete", "delete-redirect", "deletechangetags", "deletedhistory", "deletedtext",
	"deletelogentry", "deleterevision", "edit", "editcontentmodel", "editinterface",
	"editmyoptions", "editmyprivateinfo", "editmyusercss", "editmyuserjs", "editmyuserjsredirect",
	"editmyuserjson", "editmywatchlist", "editprotected", "editsemiprotected", "editsitecss",
	"editsitejs", "editsitejson", "editusercss", "edituserjs", "edituserjson", "hideuser",
	"import", "importupload", "ipblock-exempt", "managechangetags", "markbotedits",
	"mergehistory", "minoredit", "move", "move-categorypages", "move-rootuserpages",
	"move-subpages", "movefile", "nominornewtalk", "noratelimit", "override-export-depth",
	"pagelang", "patrol", "patrolmarks", "protect", "purge", "read", "reupload",
	"reupload-own", "reupload-shared", "rollback", "sendemail", "siteadmin",
	"suppressionlog", "suppressredirect", "suppressrevision", "unblockself", "undelete",
	"unwatchedpages", "upload", "upload_by_url", "userrights", "userrights-interwiki",
	"viewmyprivateinfo", "viewmywatchlist", "viewsuppressed", "writeapi", NULL
};

/*
 * $wgAutoConfirmAge and $wgAutoConfirmCount: MediaWiki's defaults are 0
 * seconds and 0 edits, so every account is autoconfirmed at once.
 */
#define AUTOCONFIRM_AGE 0
#define AUTOCONFIRM_COUNT 0

const char *const *wiki_groups_all(void)
{
	return group_names;
}

const char *const *wiki_rights_all(void)
{
	return all_rights;
}

/* streq() for the hot loops below: most names differ in their first byte, compared without a call. */
static inline bool name_eq(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

/* Does the group grant the right, defaults plus config overrides? */
static bool group_grants(const char *group, const char *right)
{
	bool granted = false;
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++) {
		if (!name_eq(defaults[i].group, group))
			continue;
		for (const char *const *r = defaults[i].rights; *r; r++)
			if (name_eq(*r, right))
				granted = true;
	}
	for (size_t i = 0; i < config.n_rights; i++)
		if (streq(config.rights[i].group, group) && streq(config.rights[i].right, right))
			granted = config.rights[i].granted;
	return granted;
}

const char **wiki_group_rights(struct arena *a, const char *group)
{
	size_t n = 0;
	const char **out = arena_calloc(a, ARRAY_SIZE(all_rights) + config.n_rights + 1, sizeof(*out));
	/* Keep MediaWiki's listing order: the group's default order first. */
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++)
		if (streq(defaults[i].group, group))
			for (const char *const *r = defaults[i].rights; *r; r++)
				if (group_grants(group, *r))
					out[n++] = *r;
	for (size_t i = 0; i < config.n_rights; i++) {
		const struct config_group_right *cr = &config.rights[i];
		if (!streq(cr->group, group) || !cr->granted)
			continue;
		bool seen = false;
		for (size_t j = 0; j < n; j++)
			seen = seen || streq(out[j], cr->right);
		if (!seen)
			out[n++] = cr->right;
	}
	out[n] = NULL;
	return out;
}

/*
 * Seconds since a 14-digit registration timestamp. Accounts from before
 * MediaWiki recorded registration (NULL) count as old.
 */
static int64_t registration_age(const char *ts)
{
	struct tm tm = { 0 };
	if (!ts || strlen(ts) != 14 || sscanf(ts, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
					      &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return INT64_MAX;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return util_now() - (int64_t)timegm(&tm);
}

struct wiki_user *wiki_user_anon(struct arena *a, const char *ip)
{
	struct wiki_user *u = arena_calloc(a, 1, sizeof(*u));
	u->name = arena_strdup(a, ip ? ip : "127.0.0.1");
	u->ip = u->name;
	u->groups = arena_calloc(a, 1, sizeof(*u->groups));
	wiki_user_compute_rights(a, u);
	return u;
}

void wiki_user_compute_rights(struct arena *a, struct wiki_user *u)
{
	const char *implicit[4];
	size_t n_implicit = 0, n = 0;
	implicit[n_implicit++] = "*";
	if (u->id > 0) {
		implicit[n_implicit++] = "user";
		int64_t age = registration_age(u->registration);
		if (age >= AUTOCONFIRM_AGE && u->editcount >= AUTOCONFIRM_COUNT && !u->is_temp)
			implicit[n_implicit++] = "autoconfirmed";
	}
	const char **out = arena_calloc(a, ARRAY_SIZE(all_rights) + config.n_rights + 1, sizeof(*out));
	for (const char *const *r = all_rights; *r; r++) {
		bool has = false;
		for (size_t i = 0; i < n_implicit && !has; i++)
			has = group_grants(implicit[i], *r);
		for (const char **g = u->groups; g && *g && !has; g++)
			has = group_grants(*g, *r);
		if (has)
			out[n++] = *r;
	}
	/* Rights that exist only in the config file. */
	for (size_t i = 0; i < config.n_rights; i++) {
		const struct config_group_right *cr = &config.rights[i];
		bool member = false, seen = false;
		for (size_t j = 0; j < n_implicit; j++)
			member = member || streq(implicit[j], cr->group);
		for (const char **g = u->groups; g && *g; g++)
			member = member || streq(*g, cr->group);
		for (size_t j = 0; j < n; j++)
			seen = seen || streq(out[j], cr->right);
		if (member && cr->granted && !seen)
			out[n++] = cr->right;
	}
	out[n] = NULL;
	u->rights = out;
}

bool wiki_user_can(const struct wiki_user *u, const char *right)
{
	for (const char **r = u->rights; r && *r; r++)
		if (streq(*r, right))
			return true;
	return false;
}

/* ---------- who may change which groups ---------- */

static const char *const explicit_groups[] = { "bot", "sysop", "interface-admin", "bureaucrat", "suppress", NULL };

const char *const *wiki_groups_explicit(void)
{
	return explicit_groups;
}

/* True when NULL-terminated `list` holds `s`. */
static bool has(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (streq(*list, s))
			return true;
	return false;
}

/* Append to `*list` (capacity: every explicit group) the groups of config value `v` not there yet. */
static void add_config_groups(const char **list, const char *v)
{
	size_t n = 0;
	while (list[n])
		n++;
	for (const char *const *g = explicit_groups; *g; g++) {
		bool wanted = streq(v, "true");
		for (const char *p = v; !wanted && *p;) {
			size_t len = strcspn(p, "|, ");
			wanted = len == strlen(*g) && strncmp(p, *g, len) == 0;
			p += len;
			while (*p == '|' || *p == ',' || *p == ' ')
				p++;
		}
		if (wanted && !has(list, *g))
			list[n++] = *g;
	}
	list[n] = NULL;
}

/* The [groups] entries of `group` merged into `out` (UserGroupManager::expandChangeableGroupConfig). */
static void merge_group_config(const char *group, struct wiki_changeable *out)
{
	for (size_t i = 0; i < config.n_group_changes; i++) {
		const struct config_group_change *c = &config.group_changes[i];
		if (!streq(c->group, group))
			continue;
		const char **l = streq(c->kind, "add") ? out->add : streq(c->kind, "remove") ? out->remove
							 : streq(c->kind, "add-self") ? out->add_self : out->remove_self;
		add_config_groups(l, c->value);
	}
}

static void changeable_init(struct arena *a, struct wiki_changeable *out)
{
	size_t n = ARRAY_SIZE(explicit_groups);
	out->add = arena_calloc(a, n, sizeof(*out->add));
	out->remove = arena_calloc(a, n, sizeof(*out->remove));
	out->add_self = arena_calloc(a, n, sizeof(*out->add_self));
	out->remove_self = arena_calloc(a, n, sizeof(*out->remove_self));
}

void wiki_groups_changeable_by_group(struct arena *a, const char *group, struct wiki_changeable *out)
{
	changeable_init(a, out);
	merge_group_config(group, out);
}

void wiki_groups_changeable(struct arena *a, const struct wiki_user *who, struct wiki_changeable *out)
{
	changeable_init(a, out);
	if (wiki_user_can(who, "userrights")) {
		/* The userrights right changes every group (MediaWiki's old meaning of the right). */
		for (size_t i = 0; explicit_groups[i]; i++)
			out->add[i] = out->remove[i] = explicit_groups[i];
		return;
	}
	/* Every effective group of the user counts, the implicit ones too. */
	const char **implicit = wiki_user_implicit_groups(a, who);
	for (size_t i = 0; implicit[i]; i++)
		merge_group_config(implicit[i], out);
	for (size_t i = 0; who->groups && who->groups[i]; i++)
		merge_group_config(who->groups[i], out);
}
