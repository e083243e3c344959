/* SPDX-License-Identifier: MIT */
/*
 * namespace.c — the namespace table: MediaWiki's eighteen built-in
 * namespaces (-2 Media … 15 Category talk) with their canonical names,
 * the project namespace named after config.sitename, the aliases
 * ("Image" for File, "Project" for the project namespace), and the
 * per-namespace flags meta=siteinfo reports.
 *
 * In another content language (config.lang) the local names are that
 * language's ($namespaceNames of its Messages*.php, which the parser
 * knows: wt_lang_ns_name) and its $namespaceAliases join the aliases;
 * the English canonical names keep working.
 *
 * The table is built once from config (on first use, under pthread_once)
 * and read-only afterwards. Name lookups fold case as MediaWiki's
 * Language::getNsIndex() does: the whole prefix is lower-cased, so
 * "USER TALK" names User talk just like "user_talk".
 */
#include <pthread.h>

#include "../parser/wt.h"
#include "../util/config.h"
#include "title.h"

/*
 * The built-in namespaces in id order. Subpages follow MediaWiki's
 * default $wgNamespacesWithSubpages (every talk namespace, User, Project,
 * MediaWiki, Template, Help); only the main namespace is a content
 * namespace; MediaWiki: needs "editinterface" ($wgNamespaceProtection).
 * The project entries get their names from the site name in build().
 */
static struct wiki_ns table[] = {
	{ WIKI_NS_MEDIA, "Media", "Media", false, false, true, false, NULL, NULL },
	{ WIKI_NS_SPECIAL, "Special", "Special", false, false, true, false, NULL, NULL },
	{ WIKI_NS_MAIN, "", "", false, true, true, false, NULL, NULL },
	{ WIKI_NS_TALK, "Talk", "Talk", true, false, true, false, NULL, NULL },
	{ WIKI_NS_USER, "User", "User", true, false, true, false, NULL, NULL },
	{ WIKI_NS_USER_TALK, "User talk", "User talk", true, false, true, false, NULL, NULL },
	{ WIKI_NS_PROJECT, "Project", "Project", true, false, true, false, NULL, NULL },
	{ WIKI_NS_PROJECT_TALK, "Project talk", "Project talk", true, false, true, false, NULL, NULL },
	{ WIKI_NS_FILE, "File", "File", false, false, true, false, NULL, NULL },
	{ WIKI_NS_FILE_TALK, "File talk", "File talk", true, false, true, false, NULL, NULL },
	{ WIKI_NS_MEDIAWIKI, "MediaWiki", "MediaWiki", true, false, true, false, "editinterface", NULL },
	{ WIKI_NS_MEDIAWIKI_TALK, "MediaWiki talk", "MediaWiki talk", true, false, true, false, NULL, NULL },
	{ WIKI_NS_TEMPLATE, "Template", "Template", true, false, true, false, NULL, NULL },
	{ WIKI_NS_TEMPLATE_TALK, "Template talk", "Template talk", true, false, true, false, NULL, NULL },
	{ WIKI_NS_HELP, "Help", "Help", true, false, true, false, NULL, NULL },
	{ WIKI_NS_HELP_TALK, "Help talk", "Help talk", true, false, true, false, NULL, NULL },
	{ WIKI_NS_CATEGORY, "Category", "Category", false, false, true, false, NULL, NULL },
	{ WIKI_NS_CATEGORY_TALK, "Category talk", "Category talk", true, false, true, false, NULL, NULL },
};

/* Offset of namespace 0 in table[]: ids run from -2 without gaps. */
#define TABLE_BASE 2

/* Extra names ($wgNamespaceAliases defaults), as siteinfo lists them. */
static const struct wiki_ns_alias aliases[] = {
	{ "Image", WIKI_NS_FILE },
	{ "Image talk", WIKI_NS_FILE_TALK },
};

/* One lower-cased name (spaces, not underscores) and the namespace it names. */
struct key {
	const char *name; /* folded name */
	int id;           /* namespace */
};

/*
 * Every name a prefix may match, folded: canonical names (which include
 * "project" and "project talk"), the aliases, and the two local project
 * names added by build(). Canonical and local names are the same for
 * every other namespace in English.
 */
static struct key *keys;
static size_t n_keys;

/* The aliases in use: aliases[] and, in another language, its own (heap, rebuilt with the table). */
static struct wiki_ns_alias *all_aliases;
static size_t n_all_aliases;

/* Heap copies of folded local names and aliases; freed on a rebuild. */
static char **folds;
static size_t n_folds;

/* Heap copies behind the project entries; replaced on a rebuild. */
static char *project_name, *project_talk_name, *project_fold, *project_talk_fold;

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Folded copy of `s` on the heap (long-lived); names that fail to fold are kept as they are. */
static char *fold_dup(const char *s)
{
	size_t len = strlen(s);
	size_t cap = len * 3 + 1;
	char *buf = xmalloc(cap);
	if (wiki_fold_lower(s, len, buf, cap, true) < 0) {
		xfree(buf);
		return xstrdup(s);
	}
	return buf;
}

/* Fill the project names from config.sitename and the lookup keys. */
static void build(void)
{
	const char *site = config.sitename && *config.sitename ? config.sitename : "Project";
	char *name = xstrdup(site);
	for (char *p = name; *p; p++)
		if (*p == '_')
			*p = ' ';
	size_t len = strlen(name);
	/* MediaWiki's English talk name for the project namespace is "$1_talk". */
	char *talk = xmalloc(len + sizeof(" talk"));
	memcpy(talk, name, len);
	memcpy(talk + len, " talk", sizeof(" talk"));

	xfree(project_name);
	xfree(project_talk_name);
	xfree(project_fold);
	xfree(project_talk_fold);
	project_name = name;
	project_talk_name = talk;
	project_fold = fold_dup(name);
	project_talk_fold = fold_dup(talk);
	table[TABLE_BASE + WIKI_NS_PROJECT].name = project_name;
	table[TABLE_BASE + WIKI_NS_PROJECT_TALK].name = project_talk_name;

	/* The content language, NULL for English: its names and aliases. */
	const char *lang = config.lang && config.lang[0] && strcmp(config.lang, "en") != 0 ? config.lang : NULL;
	size_t n_local_aliases = 0;
	int unused;
	while (lang && wt_lang_ns_alias(lang, n_local_aliases, &unused))
		n_local_aliases++;
	for (size_t i = 0; i < n_folds; i++)
		xfree(folds[i]);
	xfree(folds);
	xfree(keys);
	xfree(all_aliases);
	size_t most = 2 * ARRAY_SIZE(table) + ARRAY_SIZE(aliases) + n_local_aliases + 2;
	keys = xcalloc(most, sizeof(*keys));
	folds = xcalloc(most, sizeof(*folds));
	n_folds = 0;
	all_aliases = xcalloc(ARRAY_SIZE(aliases) + n_local_aliases + 1, sizeof(*all_aliases));

	/* Canonical names: ASCII, so lower-casing byte by byte is the fold. */
	static char canon_fold[ARRAY_SIZE(table)][32];
	n_keys = 0;
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		const char *c = table[i].canonical;
		size_t j = 0;
		for (; c[j] && j + 1 < sizeof(canon_fold[i]); j++)
			canon_fold[i][j] = (char)((c[j] >= 'A' && c[j] <= 'Z') ? c[j] + 32 : c[j]);
		canon_fold[i][j] = '\0';
		keys[n_keys++] = (struct key){ canon_fold[i], table[i].id };
	}
	/* Local names of the content language (the project namespaces keep the site name). */
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		int id = table[i].id;
		const char *local = lang && id != WIKI_NS_MAIN && id != WIKI_NS_PROJECT && id != WIKI_NS_PROJECT_TALK
					    ? wt_lang_ns_name(lang, id)
					    : NULL;
		if (id != WIKI_NS_PROJECT && id != WIKI_NS_PROJECT_TALK)
			table[i].name = local ? local : table[i].canonical;
		if (local) {
			folds[n_folds] = fold_dup(local);
			keys[n_keys++] = (struct key){ folds[n_folds++], id };
		}
	}
	keys[n_keys++] = (struct key){ project_fold, WIKI_NS_PROJECT };
	keys[n_keys++] = (struct key){ project_talk_fold, WIKI_NS_PROJECT_TALK };
	/* The aliases: English's, then the content language's. */
	n_all_aliases = 0;
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		all_aliases[n_all_aliases++] = aliases[i];
	for (size_t i = 0; i < n_local_aliases; i++) {
		int id;
		const char *al = wt_lang_ns_alias(lang, i, &id);
		if (al && id >= WIKI_NS_MEDIA && id <= WIKI_NS_CATEGORY_TALK)
			all_aliases[n_all_aliases++] = (struct wiki_ns_alias){ al, id };
	}
	for (size_t i = 0; i < n_all_aliases; i++) {
		folds[n_folds] = fold_dup(all_aliases[i].alias);
		keys[n_keys++] = (struct key){ folds[n_folds++], all_aliases[i].id };
	}
}

static void ensure(void)
{
	pthread_once(&once, build);
}

void wiki_ns_init(void)
{
	ensure();
	build();
}

const struct wiki_ns *wiki_ns_get(int id)
{
	ensure();
	if (id < WIKI_NS_MEDIA || id > WIKI_NS_CATEGORY_TALK)
		return NULL;
	return &table[id + TABLE_BASE];
}

bool wiki_ns_valid(int id)
{
	return wiki_ns_get(id) != NULL;
}

const struct wiki_ns *wiki_ns_all(size_t *n)
{
	ensure();
	*n = ARRAY_SIZE(table);
	return table;
}

const struct wiki_ns_alias *wiki_ns_aliases(size_t *n)
{
	ensure();
	*n = n_all_aliases;
	return all_aliases;
}

int wiki_ns_from_name(const char *name, size_t len)
{
	char buf[WIKI_FOLD_MAX * 3 + 1];
	ensure();
	if (len > WIKI_FOLD_MAX)
		return WIKI_NS_NONE;
	int n = wiki_fold_lower(name, len, buf, sizeof(buf), true);
	if (n < 0)
		return WIKI_NS_NONE;
	for (size_t i = 0; i < n_keys; i++)
		if (strcmp(keys[i].name, buf) == 0)
			return keys[i].id;
	return WIKI_NS_NONE;
}

int wiki_ns_talk(int id)
{
	if (id < 0 || !wiki_ns_valid(id | 1))
		return WIKI_NS_NONE;
	return id | 1;
}

int wiki_ns_subject(int id)
{
	if (id < 0)
		return id;
	return id & ~1;
}

bool wiki_ns_is_talk(int id)
{
	return id > 0 && (id & 1);
}

const char *wiki_ns_text(int id)
{
	const struct wiki_ns *ns = wiki_ns_get(id);
	return ns ? ns->name : NULL;
}
