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

#include <pthread.h>
#include <stdint.h>
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

/*
 * The default tables as bit sets over all_rights[], made once: a user's
 * rights are computed on every request (an anonymous one's twice), and
 * comparing names group by group cost a tenth of a page read's CPU.
 * Config overrides are applied on top at each use (rights_mask()), so the
 * sets never go stale.
 */
#define N_RIGHTS (ARRAY_SIZE(all_rights) - 1)
#define MASK_WORDS ((N_RIGHTS + 63) / 64)
/* Rights defaults[] lists per group, at most. */
#define MAX_GROUP_RIGHTS 64

/* A set of rights: bit i stands for all_rights[i]. */
struct rights_mask {
	uint64_t w[MASK_WORDS]; /* the bits */
};

static pthread_once_t masks_once = PTHREAD_ONCE_INIT;
static struct rights_mask default_mask[ARRAY_SIZE(defaults)];
/* Index into all_rights[] of each right defaults[g] lists, in its order; -1 past the end. */
static int default_index[ARRAY_SIZE(defaults)][MAX_GROUP_RIGHTS + 1];

/* Index of `right` in all_rights[], or -1. */
static int right_index(const char *right)
{
	for (size_t i = 0; i < N_RIGHTS; i++)
		if (streq(all_rights[i], right))
			return (int)i;
	return -1;
}

static void masks_build(void)
{
	for (size_t g = 0; g < ARRAY_SIZE(defaults); g++) {
		size_t k = 0;
		for (const char *const *r = defaults[g].rights; *r; r++) {
			int i = right_index(*r);
			if (i < 0)
				BUG("rights.c: default right %s of %s missing from all_rights", *r, defaults[g].group);
			if (k == MAX_GROUP_RIGHTS)
				BUG("rights.c: group %s lists more than MAX_GROUP_RIGHTS rights", defaults[g].group);
			default_mask[g].w[i / 64] |= UINT64_C(1) << (i % 64);
			default_index[g][k++] = i;
		}
		default_index[g][k] = -1;
	}
}

static bool mask_has(const struct rights_mask *m, size_t i)
{
	return m->w[i / 64] >> (i % 64) & 1;
}

/* Index into defaults[] of `group`, or -1 for a group only the config file (or nobody) knows. */
static int default_group(const char *group)
{
	for (size_t g = 0; g < ARRAY_SIZE(defaults); g++)
		if (streq(defaults[g].group, group))
			return (int)g;
	return -1;
}

/* What `group` grants among all_rights[]: the defaults with the config overrides in file order. */
static struct rights_mask rights_mask(const char *group)
{
	pthread_once(&masks_once, masks_build);
	struct rights_mask m = { { 0 } };
	int g = default_group(group);
	if (g >= 0)
		m = default_mask[g];
	for (size_t i = 0; i < config.n_rights; i++) {
		const struct config_group_right *cr = &config.rights[i];
		if (!streq(cr->group, group))
			continue;
		int r = right_index(cr->right);
		if (r < 0)
			continue;
		if (cr->granted)
			m.w[r / 64] |= UINT64_C(1) << (r % 64);
		else
			m.w[r / 64] &= ~(UINT64_C(1) << (r % 64));
	}
	return m;
}

const char **wiki_group_rights(struct arena *a, const char *group)
{
	size_t n = 0;
	const char **out = arena_calloc(a, ARRAY_SIZE(all_rights) + config.n_rights + 1, sizeof(*out));
	/* Keep MediaWiki's listing order: the group's default order first. */
	struct rights_mask m = rights_mask(group);
	int g = default_group(group);
	for (size_t k = 0; g >= 0 && default_index[g][k] >= 0; k++)
		if (mask_has(&m, (size_t)default_index[g][k]))
			out[n++] = defaults[g].rights[k];
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
	struct rights_mask m = { { 0 } };
	for (size_t i = 0; i < n_implicit; i++) {
		struct rights_mask gm = rights_mask(implicit[i]);
		for (size_t w = 0; w < MASK_WORDS; w++)
			m.w[w] |= gm.w[w];
	}
	for (const char **g = u->groups; g && *g; g++) {
		struct rights_mask gm = rights_mask(*g);
		for (size_t w = 0; w < MASK_WORDS; w++)
			m.w[w] |= gm.w[w];
	}
	for (size_t i = 0; i < N_RIGHTS; i++)
		if (mask_has(&m, i))
			out[n++] = all_rights[i];
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
