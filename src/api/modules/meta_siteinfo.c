/* SPDX-License-Identifier: MIT */
/*
 * meta_siteinfo.c — action=query&meta=siteinfo: facts about the wiki, in
 * MediaWiki's shapes (formatversion 1 and 2). Everything reported is what
 * wikid really has: its configuration, namespace and interwiki tables,
 * rights, statistics from site_stats, its linked libraries. Names of
 * magic words, special pages and parser functions are MediaWiki's
 * identifiers (siteinfo_names.inc), which clients match on.
 */
#include "../api_int.h"

#include <openssl/opensslv.h>
#include <stddef.h>
#include <stdio.h>
#include <strings.h>
#include <utf8proc.h>
#include <zlib.h>

#include "../../parser/wt.h"
#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"
#include "parse_int.h"

#include "siteinfo_names.inc"

struct siteinfo_params {
	struct api_list prop;     /* what to report */
	const char *filteriw;     /* "local" or "!local" */
	bool showalldb;           /* every replica in dbrepllag */
	bool numberingroup;       /* member counts in usergroups */
	const char *inlanguagecode; /* language for language names */
};

static const char *const props[] = {
	"general", "namespaces", "namespacealiases", "specialpagealiases", "magicwords",
	"interwikimap", "dbrepllag", "statistics", "usergroups", "libraries", "extensions",
	"fileextensions", "rightsinfo", "restrictions", "languages", "languagevariants", "skins",
	"extensiontags", "functionhooks", "showhooks", "variables", "protocols", "defaultoptions",
	"uploaddialog", NULL
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = props, .dflt = "general",
	  .offset = offsetof(struct siteinfo_params, prop),
	  .value_descs = (const char *const[]){
		  "general=Overall facts: name, server, paths, version, limits.",
		  "namespaces=Every namespace with its names and properties.",
		  "namespacealiases=Extra names of namespaces.",
		  "specialpagealiases=Names of the special pages.",
		  "magicwords=Magic words and their aliases.",
		  "interwikimap=Interwiki prefixes and their URLs.",
		  "dbrepllag=Database replication lag.",
		  "statistics=Counts of pages, edits, users.",
		  "usergroups=Groups with their rights.",
		  "libraries=Libraries wikid is built with.",
		  "extensions=Installed extensions.",
		  "fileextensions=File types that may be uploaded.",
		  "rightsinfo=Licence of the wiki's content.",
		  "restrictions=Protection types and levels.",
		  "languages=Languages the wiki knows.",
		  "languagevariants=Language variants.",
		  "skins=Available skins.",
		  "extensiontags=Tags such as <pre> the parser knows.",
		  "functionhooks=Parser functions.",
		  "showhooks=Hooks and their subscribers.",
		  "variables=Variable magic words.",
		  "protocols=Protocols allowed in external links.",
		  "defaultoptions=Default user preferences.",
		  "uploaddialog=Settings of the upload dialog.",
		  NULL },
	  .desc = "Which information to get." },
	{ .name = "filteriw", .type = API_T_ENUM, .values = (const char *const[]){ "local", "!local", NULL },
	  .offset = offsetof(struct siteinfo_params, filteriw),
	  .desc = "List only local or only non-local interwiki prefixes." },
	{ .name = "showalldb", .type = API_T_BOOL, .offset = offsetof(struct siteinfo_params, showalldb),
	  .desc = "List the lag of every database server, not only the most lagged." },
	{ .name = "numberingroup", .type = API_T_BOOL, .offset = offsetof(struct siteinfo_params, numberingroup),
	  .desc = "Add the number of members to each user group." },
	{ .name = "inlanguagecode", .type = API_T_STRING, .offset = offsetof(struct siteinfo_params, inlanguagecode),
	  .desc = "Language code for the names of languages." },
	{ 0 }
};

/* A list of strings; `element` names the items in XML (NULL: "_v"). */
static void add_str_list(struct api_node *parent, const char *key, const char *element, const char *const *items)
{
	struct api_node *l = api_add_array(parent, key, element);
	for (; items && *items; items++)
		api_add_str(l, NULL, *items);
}

static void general(struct api_ctx *ctx, struct api_node *q)
{
	struct api_node *g = api_add_object(q, "general");
	const char *script = arena_printf(ctx->arena, "%s/index.php", config.scriptpath);
	const char *host = strstr(config.server, "://");
	host = host ? host + 3 : config.server;
	const char *colon = strchr(host, ':');
	char iso[21];
	ts_format_iso(util_now(), iso);

	api_add_str(g, "mainpage", config.mainpage);
	struct wiki_title mt;
	const char *err;
	if (wiki_title_parse(ctx->arena, config.mainpage, 0, &mt, &err) == RC_OK)
		api_add_str(g, "base", wiki_title_url(ctx->arena, &mt));
	api_add_str(g, "sitename", config.sitename);
	api_add_bool(g, "mainpageisdomainroot", false);
	api_add_strf(g, "logo", "%s%s/resources/assets/wiki.png", config.server, config.scriptpath);
	api_add_str(g, "generator", WIKI_GENERATOR);
	api_add_str(g, "dbtype", store_backend_name(ctx->store));
	api_add_str(g, "dbversion", store_backend_version(ctx->store));
	api_add_bool(g, "imagewhitelistenabled", false);
	api_add_bool(g, "langconversion", true);
	api_add_bool(g, "linkconversion", true);
	api_add_bool(g, "titleconversion", true);
	api_add_str(g, "linkprefixcharset", "");
	api_add_str(g, "linkprefix", "");
	api_add_str(g, "linktrail", "/^([a-z]+)(.*)$/sD");
	api_add_str(g, "legaltitlechars", " %!\"$&'()*,\\-.\\/0-9:;=?@A-Z\\\\^_`a-z~\\x80-\\xFF+");
	api_add_str(g, "invalidusernamechars", "@:>");
	api_add_bool(g, "allunicodefixes", false);
	api_add_bool(g, "fixarabicunicode", true);
	api_add_bool(g, "fixmalayalamunicode", true);
	api_add_str(g, "case", "first-letter");
	api_add_str(g, "lang", config.lang);
	api_add_array(g, "fallback", "lang");
	api_add_bool(g, "rtl", false);
	api_add_str(g, "fallback8bitEncoding", "windows-1252");
	api_add_bool(g, "readonly", config.read_only);
	if (config.read_only)
		api_add_str(g, "readonlyreason", config.read_only_reason ? config.read_only_reason : "");
	api_add_bool(g, "writeapi", true);
	api_add_int(g, "maxarticlesize", 2097152);
	api_add_str(g, "timezone", config.timezone);
	api_add_int(g, "timeoffset", 0);
	api_add_str(g, "articlepath", config.articlepath);
	api_add_str(g, "scriptpath", config.scriptpath);
	api_add_str(g, "script", script);
	/* One of the booleans MediaWiki keeps as false in formatversion 1 (META_BC_BOOLS). */
	api_add_bool(g, "variantarticlepath", false)->flags |= API_N_KEEP_BOOL;
	api_add_str(g, "server", config.server);
	api_add_str(g, "servername", colon ? arena_strndup(ctx->arena, host, (size_t)(colon - host)) : host);
	api_add_str(g, "wikiid", config.sitename);
	api_add_str(g, "time", iso);
	api_add_bool(g, "misermode", false);
	api_add_bool(g, "uploadsenabled", false);
	api_add_int(g, "maxuploadsize", 104857600);
	api_add_int(g, "minuploadchunksize", 1024);
	struct api_node *go = api_add_object(g, "galleryoptions");
	api_add_int(go, "imagesPerRow", 0);
	api_add_int(go, "imageWidth", 120);
	api_add_int(go, "imageHeight", 120);
	/* Configuration booleans: "" in formatversion 1 like any other true. */
	api_add_bool(go, "captionLength", true);
	api_add_bool(go, "showBytes", true);
	api_add_bool(go, "showDimensions", true);
	api_add_str(go, "mode", "traditional");
	static const int thumbs[] = { 120, 150, 180, 200, 250, 300 };
	/* BCassoc: a list in formatversion 1, an object keyed "0".."5" in 2; items <limit> in XML. */
	struct api_node *tl = api_node_set_element(api_node_set_type(api_add_object(g, "thumblimits"),
								   API_ARR_BCASSOC, NULL), "limit");
	for (size_t i = 0; i < ARRAY_SIZE(thumbs); i++)
		api_add_int(tl, arena_printf(ctx->arena, "%zu", i), thumbs[i]);
	static const int sizes[][2] = { { 320, 240 }, { 640, 480 }, { 800, 600 },
					{ 1024, 768 }, { 1280, 1024 }, { 2560, 2048 } };
	struct api_node *il = api_node_set_element(api_node_set_type(api_add_object(g, "imagelimits"),
								   API_ARR_BCASSOC, NULL), "limit");
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct api_node *s = api_add_object(il, arena_printf(ctx->arena, "%zu", i));
		api_add_int(s, "width", sizes[i][0]);
		api_add_int(s, "height", sizes[i][1]);
	}
	api_add_strf(g, "favicon", "%s/favicon.ico", config.server);
	api_add_str(g, "centralidlookupprovider", "local");
	add_str_list(g, "allcentralidlookupproviders", NULL, (const char *const[]){ "local", NULL });
	api_add_bool(g, "interwikimagic", true);
	struct api_node *ml = api_add_object(g, "magiclinks");
	/* False booleans vanish in formatversion 1, leaving [] as MediaWiki's empty PHP array. */
	api_add_bool(ml, "ISBN", false);
	api_add_bool(ml, "PMID", false);
	api_add_bool(ml, "RFC", false);
	api_add_str(g, "categorycollation", "uppercase");
	api_add_bool(g, "nofollowlinks", true);
	api_add_array(g, "nofollownsexceptions", "ns");
	add_str_list(g, "nofollowdomainexceptions", NULL, (const char *const[]){ "mediawiki.org", NULL });
	api_add_bool(g, "externallinktarget", false);
}

static void namespaces(struct api_ctx *ctx, struct api_node *q)
{
	struct api_node *ns = api_node_set_element(api_add_object(q, "namespaces"), "ns");
	size_t n;
	const struct wiki_ns *all = wiki_ns_all(&n);
	for (size_t i = 0; i < n; i++) {
		const struct wiki_ns *w = &all[i];
		struct api_node *e = api_add_object(ns, arena_printf(ctx->arena, "%d", w->id));
		api_add_int(e, "id", w->id);
		api_add_str(e, "case", w->is_capitalized ? "first-letter" : "case-sensitive");
		api_add_content_as(e, "name", w->name, strlen(w->name));
		api_add_bool(e, "subpages", w->has_subpages);
		if (w->id != 0)
			api_add_str(e, "canonical", w->canonical);
		api_add_bool(e, "content", w->is_content);
		api_add_bool(e, "nonincludable", w->is_nonincludable);
		if (w->protection)
			api_add_str(e, "namespaceprotection", w->protection);
		if (w->default_model)
			api_add_str(e, "defaultcontentmodel", w->default_model);
	}
}

static void namespacealiases(struct api_ctx *ctx, struct api_node *q)
{
	struct api_node *l = api_add_array(q, "namespacealiases", "ns");
	size_t n;
	const struct wiki_ns_alias *al = wiki_ns_aliases(&n);
	for (size_t i = 0; i < n; i++) {
		struct api_node *e = api_add_object(l, NULL);
		api_add_int(e, "id", al[i].id);
		api_add_content_as(e, "alias", al[i].alias, strlen(al[i].alias));
	}
}

static void interwikimap(struct api_ctx *ctx, struct api_node *q, const char *filter)
{
	struct api_node *l = api_add_array(q, "interwikimap", "iw");
	size_t n;
	const struct wiki_interwiki *iw = wiki_interwiki_all(&n);
	for (size_t i = 0; i < n; i++) {
		if (filter && (streq(filter, "local") ? !iw[i].is_local : iw[i].is_local))
			continue;
		struct api_node *e = api_add_object(l, NULL);
		api_add_str(e, "prefix", iw[i].prefix);
		/* Only true flags are set, as MediaWiki does: formatversion 2 has no false "local". */
		if (iw[i].is_local)
			api_add_bool(e, "local", true);
		if (iw[i].is_trans)
			api_add_bool(e, "trans", true);
		if (iw[i].language)
			api_add_str(e, "language", iw[i].language);
		api_add_str(e, "url", iw[i].url);
		api_add_bool(e, "protorel", strncmp(iw[i].url, "//", 2) == 0);
		if (iw[i].api && *iw[i].api)
			api_add_str(e, "api", iw[i].api);
		if (iw[i].wikiid && *iw[i].wikiid)
			api_add_str(e, "wikiid", iw[i].wikiid);
	}
}

/* Every statistic in one query (one round trip to a database server instead of eight). */
static void statistics(struct api_ctx *ctx, struct api_node *q)
{
	static const char *const keys[] = { "pages", "articles", "edits", "images", "users", "activeusers", "admins",
					    "jobs" };
	struct api_node *s = api_add_object(q, "statistics");
	struct store_stmt *st = store_prepare(ctx->store,
		"SELECT (SELECT COUNT(*) FROM page),"
		" (SELECT ss_good_articles FROM site_stats WHERE ss_row_id = 1),"
		" (SELECT COUNT(*) FROM revision), (SELECT COUNT(*) FROM image), (SELECT COUNT(*) FROM \"user\"),"
		" (SELECT COUNT(DISTINCT rc_actor) FROM recentchanges),"
		" (SELECT COUNT(*) FROM user_groups WHERE ug_group = 'sysop'),"
		" (SELECT COUNT(*) FROM job WHERE job_token = '' AND job_attempts < 3)");
	bool row = store_step(st) == STORE_ROW;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		api_add_int(s, keys[i], row ? store_col_int(st, (int)i) : 0);
	store_stmt_done(st);
}

/* Groups a group may add or remove, after MediaWiki's defaults: bureaucrats manage the rest. */
static void usergroups(struct api_ctx *ctx, struct api_node *q, bool numbers)
{
	struct api_node *l = api_add_array(q, "usergroups", "group");
	char now[15];
	ts_format_mw(util_now(), now);
	for (const char *const *g = wiki_groups_all(); *g; g++) {
		struct api_node *e = api_add_object(l, NULL);
		api_add_str(e, "name", *g);
		/*
		 * Member counts as SiteStats has them: every account for "user",
		 * unexpired memberships for explicit groups, and none for "*"
		 * and the automatic "autoconfirmed", which have no members.
		 */
		if (numbers && streq(*g, "user")) {
			int64_t n = 0;
			store_query_int(ctx->store, &n, "SELECT COUNT(*) FROM \"user\"", "");
			api_add_int(e, "number", n);
		} else if (numbers && !streq(*g, "*") && !streq(*g, "autoconfirmed")) {
			int64_t n = 0;
			store_query_int(ctx->store, &n, "SELECT COUNT(*) FROM user_groups WHERE ug_group = ?"
					" AND (ug_expiry IS NULL OR ug_expiry >= ?)", "tt", *g, now);
			api_add_int(e, "number", n);
		}
		const char **rights = wiki_group_rights(ctx->arena, *g);
		add_str_list(e, "rights", "permission", rights);
		/* Only what [groups] ($wgAddGroups and friends) grants the group itself, and only when not empty. */
		struct wiki_changeable ch;
		wiki_groups_changeable_by_group(ctx->arena, *g, &ch);
		const char **lists[] = { ch.add, ch.remove, ch.add_self, ch.remove_self };
		static const char *const keys[] = { "add", "remove", "add-self", "remove-self" };
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
			if (lists[k][0])
				add_str_list(e, keys[k], "group", lists[k]);
	}
}

/*
 * siprop=extensions: the extensions the parser carries, with the credits
 * MediaWiki's registration gives them, in the order the oracle loads them
 * (ParserFunctions: {{#if:}}, {{#expr:}}, {{#time:}} and the rest; Cite:
 * <ref> and <references>). ParserFunctions has a version and no credits
 * page.
 */
static void extensions(struct api_ctx *ctx, struct api_node *q)
{
	struct api_node *l = api_add_array(q, "extensions", "ext");
	struct api_node *e = api_add_object(l, NULL);
	api_add_str(e, "type", "parserhook");
	api_add_str(e, "name", "ParserFunctions");
	api_add_str(e, "descriptionmsg", "pfunc_desc");
	api_add_str(e, "author", "Tim Starling, Robert Rohde, Ross McClure, Juraj Simlovic");
	api_add_str(e, "url", "https://www.mediawiki.org/wiki/Extension:ParserFunctions");
	api_add_str(e, "version", "1.6.1");
	api_add_str(e, "license-name", "GPL-2.0-or-later");
	api_add_strf(e, "license", "%s/index.php?title=Special:Version/License/ParserFunctions", config.scriptpath);
	e = api_add_object(l, NULL);
	api_add_str(e, "type", "parserhook");
	api_add_str(e, "name", "Cite");
	api_add_str(e, "descriptionmsg", "cite-desc");
	api_add_str(e, "author", "\xc3\x86var Arnfj\xc3\xb6r\xc3\xb0 Bjarmason, Andrew Garrett, Brion Vibber, Ed Sanders, "
				 "Marius Hoch, Steve Sanbeg, Trevor Parscal, ...");
	api_add_str(e, "url", "https://www.mediawiki.org/wiki/Extension:Cite");
	api_add_str(e, "license-name", "GPL-2.0-or-later");
	api_add_strf(e, "license", "%s/index.php?title=Special:Version/License/Cite", config.scriptpath);
	api_add_strf(e, "credits", "%s/index.php?title=Special:Version/Credits/Cite", config.scriptpath);
}

static void libraries(struct api_ctx *ctx, struct api_node *q)
{
	struct api_node *l = api_add_array(q, "libraries", "library");
	struct {
		const char *name;
		const char *version;
	} libs[] = {
		{ store_backend_name(ctx->store), store_backend_version(ctx->store) },
		{ "libmicrohttpd", http_library_version() },
		{ "openssl", OPENSSL_VERSION_TEXT },
		{ "utf8proc", utf8proc_version() },
		{ "zlib", zlibVersion() },
	};
	for (size_t i = 0; i < ARRAY_SIZE(libs); i++) {
		struct api_node *e = api_add_object(l, NULL);
		api_add_str(e, "name", libs[i].name);
		api_add_str(e, "version", libs[i].version);
	}
}

static void restrictions(struct api_node *q)
{
	struct api_node *r = api_add_object(q, "restrictions");
	add_str_list(r, "types", "type", (const char *const[]){ "create", "edit", "move", "upload", NULL });
	add_str_list(r, "levels", "level", (const char *const[]){ "", "autoconfirmed", "sysop", NULL });
	add_str_list(r, "cascadinglevels", "level", (const char *const[]){ "sysop", NULL });
	add_str_list(r, "semiprotectedlevels", "level", (const char *const[]){ "autoconfirmed", NULL });
}

static void defaultoptions(struct api_node *q)
{
	struct api_node *o = api_add_object(q, "defaultoptions");
	size_t n;
	const struct wiki_option_default *d = wiki_user_default_options(&n);
	for (size_t i = 0; i < n; i++) {
		long long v;
		if (d[i].type == WIKI_OPT_INT && util_parse_ll(d[i].value, &v) == RC_OK)
			api_add_int(o, d[i].name, v);
		else if (d[i].type == WIKI_OPT_BOOL)
			api_add_bool(o, d[i].name, streq(d[i].value, "1") || streq(d[i].value, "true"))->flags |=
				API_N_KEEP_BOOL;
		else
			api_add_str(o, d[i].name, d[i].value);
	}
}

/* Does the parser's registry have magic word `name` as a function ('f'), a variable ('v') or at all (0)? */
static bool registered(const char *name, char kind)
{
	struct wt_magic m;
	for (size_t i = 0; wt_magic_word(i, &m); i++) {
		if (!streq(m.name, name))
			continue;
		if (!kind || (kind == 'f' && m.is_function) || (kind == 'v' && m.is_variable))
			return true;
	}
	return false;
}

static bool in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (streq(*list, name))
			return true;
	return false;
}

/*
 * MediaWiki's lists in its order, but only what wikid's parser really
 * has: functions and variables from the registry, extension tags from
 * the tag registry; the other magic words (image options, redirect,
 * subst and the like) are handled outside the registry and stay.
 */
static void add_registered(struct api_node *q, const char *key, const char *element, const char *const *items,
			   char kind)
{
	struct api_node *l = api_add_array(q, key, element);
	for (; *items; items++)
		if (registered(*items, kind))
			api_add_str(l, NULL, *items);
}

static void add_tags(struct api_node *q)
{
	struct api_node *l = api_add_array(q, "extensiontags", "t");
	const char *const *have = wt_ext_tag_names();
	for (size_t i = 0; extensiontags[i]; i++) {
		const char *t = extensiontags[i];
		size_t n = strlen(t);
		for (size_t k = 0; have[k]; k++)
			if (strlen(have[k]) == n - 2 && strncmp(have[k], t + 1, n - 2) == 0)
				api_add_str(l, NULL, t);
	}
}

static void magic(struct api_node *q)
{
	struct api_node *l = api_add_array(q, "magicwords", "magicword");
	for (size_t i = 0; i < ARRAY_SIZE(magicwords); i++) {
		const char *name = magicwords[i].name;
		if ((in_list(functionhooks, name) || in_list(variables, name)) && !registered(name, 0))
			continue;
		struct api_node *e = api_add_object(l, NULL);
		api_add_str(e, "name", magicwords[i].name);
		add_str_list(e, "aliases", "alias", magicwords[i].aliases);
		api_add_bool(e, "case-sensitive", magicwords[i].is_case_sensitive);
	}
}

static void specialpages(struct api_node *q)
{
	struct api_node *l = api_add_array(q, "specialpagealiases", "specialpage");
	for (size_t i = 0; i < ARRAY_SIZE(special_aliases); i++) {
		struct api_node *e = api_add_object(l, NULL);
		api_add_str(e, "realname", special_aliases[i].realname);
		add_str_list(e, "aliases", "alias", special_aliases[i].aliases);
	}
}

const char *api_special_realname(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(special_aliases); i++)
		for (size_t k = 0; special_aliases[i].aliases[k]; k++) {
			const char *al = special_aliases[i].aliases[k];
			if (strlen(al) == len && strncasecmp(al, name, len) == 0)
				return special_aliases[i].realname;
		}
	return NULL;
}

/* Every language MediaWiki knows, with its autonym (inlanguagecode changes nothing without CLDR). */
static void languages(struct api_node *q)
{
	struct api_node *l = api_add_array(q, "languages", "lang");
	size_t n;
	const struct wiki_language *all = wiki_languages(&n);
	for (size_t i = 0; i < n; i++) {
		struct api_node *e = api_add_object(l, NULL);
		api_add_str(e, "code", all[i].code);
		api_add_str(e, "bcp47", all[i].bcp47);
		api_add_content_as(e, "name", all[i].autonym, strlen(all[i].autonym));
	}
}

/* Languages with variants: {lang: {variant: {fallbacks: [...]}}}, KVP "code" in XML. */
static void languagevariants(struct api_node *q)
{
	struct api_node *lv = api_node_set_element(api_node_set_type(api_add_object(q, "languagevariants"),
								      API_ARR_KVP, "code"), "lang");
	size_t n;
	const struct wiki_lang_variant *all = wiki_language_variants(&n);
	struct api_node *lang = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!lang || !streq(lang->key, all[i].lang))
			lang = api_node_set_element(api_node_set_type(api_add_object(lv, all[i].lang), API_ARR_KVP,
								      "code"), "variant");
		struct api_node *v = api_add_object(lang, all[i].variant);
		add_str_list(v, "fallbacks", "variant", all[i].fallbacks);
	}
}

static void uploaddialog(struct api_node *q)
{
	struct api_node *u = api_add_object(q, "uploaddialog");
	/* $wgUploadDialog's booleans: true is "" and false vanishes in formatversion 1. */
	struct api_node *fields = api_add_object(u, "fields");
	api_add_bool(fields, "description", true);
	api_add_bool(fields, "date", false);
	api_add_bool(fields, "categories", false);
	struct api_node *lm = api_add_object(u, "licensemessages");
	api_add_str(lm, "local", "generic-local");
	api_add_str(lm, "foreign", "generic-foreign");
	struct api_node *c = api_add_object(u, "comment");
	api_add_str(c, "local", "");
	api_add_str(c, "foreign", "");
	struct api_node *f = api_add_object(u, "format");
	api_add_str(f, "filepage", "$DESCRIPTION");
	api_add_str(f, "description", "$TEXT");
	api_add_str(f, "ownwork", "");
	api_add_str(f, "license", "");
	api_add_str(f, "uncategorized", "");
}

/*
 * The lag of the most lagged replica (-1 without replicas), or with
 * showalldb every server's, the primary first with lag 0 — which needs
 * host names to be shown ($wgShowHostnames).
 */
static int dbrepllag(struct api_ctx *ctx, struct api_node *q, bool showall)
{
	if (showall && !config.show_hostnames)
		return api_error(ctx, "includeAllDenied", "apierror-siteinfo-includealldenied");
	struct api_node *l = api_add_array(q, "dbrepllag", "db");
	if (!showall) {
		const char *host;
		int lag;
		api_db_lag(ctx, &host, &lag);
		struct api_node *e = api_add_object(l, NULL);
		api_add_str(e, "host", config.show_hostnames ? host : "");
		api_add_int(e, "lag", lag);
		return RC_OK;
	}
	struct api_node *e = api_add_object(l, NULL);
	api_add_str(e, "host", store_primary_host());
	api_add_int(e, "lag", 0);
	struct store_lag lags[STORE_REPLICAS_MAX];
	size_t n = store_replication_lag(lags, ARRAY_SIZE(lags));
	for (size_t i = 0; i < n; i++) {
		e = api_add_object(l, NULL);
		api_add_str(e, "host", lags[i].host);
		api_add_int(e, "lag", (int)lags[i].lag);
	}
	return RC_OK;
}

static int exec_siteinfo(struct api_ctx *ctx, void *vp)
{
	struct siteinfo_params *p = vp;
	for (size_t i = 0; i < p->prop.n; i++) {
		const char *w = p->prop.v[i];
		struct api_node *q = api_query_node(ctx);
		if (streq(w, "general"))
			general(ctx, q);
		else if (streq(w, "namespaces"))
			namespaces(ctx, q);
		else if (streq(w, "namespacealiases"))
			namespacealiases(ctx, q);
		else if (streq(w, "specialpagealiases"))
			specialpages(q);
		else if (streq(w, "magicwords"))
			magic(q);
		else if (streq(w, "interwikimap"))
			interwikimap(ctx, q, p->filteriw);
		else if (streq(w, "dbrepllag")) {
			if (dbrepllag(ctx, q, p->showalldb) != RC_OK)
				return RC_ERR;
		} else if (streq(w, "statistics"))
			statistics(ctx, q);
		else if (streq(w, "usergroups"))
			usergroups(ctx, q, p->numberingroup);
		else if (streq(w, "libraries"))
			libraries(ctx, q);
		else if (streq(w, "extensions"))
			extensions(ctx, q);
		else if (streq(w, "fileextensions")) {
			struct api_node *l = api_add_array(q, "fileextensions", "fe");
			static const char *const exts[] = { "png", "gif", "jpg", "jpeg", "webp" };
			for (size_t k = 0; k < ARRAY_SIZE(exts); k++)
				api_add_str(api_add_object(l, NULL), "ext", exts[k]);
		} else if (streq(w, "rightsinfo")) {
			struct api_node *r = api_add_object(q, "rightsinfo");
			api_add_str(r, "url", "");
			api_add_str(r, "text", "");
		} else if (streq(w, "restrictions"))
			restrictions(q);
		else if (streq(w, "languages"))
			languages(q);
		else if (streq(w, "languagevariants"))
			languagevariants(q);
		else if (streq(w, "skins")) {
			/* Each skin wikid has; neither core skin is a reader's choice (unusable). */
			struct api_node *l = api_add_array(q, "skins", "skin");
			for (size_t k = 0; api_skins[k].code; k++) {
				struct api_node *e = api_add_object(l, NULL);
				api_add_str(e, "code", api_skins[k].code);
				api_add_content_as(e, "name", api_skins[k].name, strlen(api_skins[k].name));
				if (api_skins[k].is_default)
					api_add_bool(e, "default", true);
				api_add_bool(e, "unusable", true);
			}
		}
		else if (streq(w, "extensiontags"))
			add_tags(q);
		else if (streq(w, "functionhooks"))
			add_registered(q, "functionhooks", "h", functionhooks, 'f');
		else if (streq(w, "showhooks"))
			api_add_array(q, "showhooks", "hook");
		else if (streq(w, "variables"))
			add_registered(q, "variables", "v", variables, 'v');
		else if (streq(w, "protocols"))
			add_str_list(q, "protocols", "p", protocols);
		else if (streq(w, "defaultoptions"))
			defaultoptions(q);
		else if (streq(w, "uploaddialog"))
			uploaddialog(q);
	}
	return RC_OK;
}

const struct api_module api_module_meta_siteinfo = {
	.name = "siteinfo",
	.group = API_G_META,
	.prefix = "si",
	.params = params,
	.params_size = sizeof(struct siteinfo_params),
	.summary = "Get information about the wiki: configuration, namespaces, rights, statistics.",
	.examples = (const char *const[]){
		"action=query&meta=siteinfo&siprop=general|namespaces|namespacealiases|statistics",
		"Get site information.",
		"action=query&meta=siteinfo&siprop=interwikimap&sifilteriw=local",
		"List the local interwiki prefixes.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Siteinfo", NULL },
	.exec = exec_siteinfo,
};
