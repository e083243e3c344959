/* SPDX-License-Identifier: MIT */
/*
 * meta_allmessages.c — meta=allmessages: the texts of interface messages,
 * here wikid's own message table (messages.def: MediaWiki's keys, our
 * English wording), in key order, as MediaWiki's ApiQueryAllMessages
 * lists its localisation cache.
 *
 * The built-in texts are two tables: the wiki's interface messages
 * (src/wiki/messages.c: the parser's labels, month and weekday names,
 * separators, ...) and the API's (messages.def), our English wording
 * for MediaWiki's keys. On top of them:
 *   - a wikitext page MediaWiki:Key replaces the text of "key" (in a
 *     language other than the content language, MediaWiki:Key/xx), as
 *     MediaWiki's MessageCache does; amcustomised selects by that, and
 *     amprop=default shows the built-in text where it differs;
 *   - amincludelocal adds the keys of MediaWiki: pages that are no
 *     built-in message (content language pages, not subpages);
 *   - the languages are English and "qqx", which shows every key as
 *     "(key)" or "(key: arg1, arg2)"; other valid codes fall back to
 *     English, as MediaWiki does for languages it has no texts for;
 *   - amenableparser runs each text, its arguments filled in, through
 *     the wikitext preprocessor (so "{{lc:ABC}}" in amargs becomes "abc"
 *     and {{SITENAME}} the site's name) as the page amtitle names
 *     ("API" by default); qqx texts too.
 * Keys are looked up as MediaWiki's MessageCache does: first letter made
 * lower-case, spaces as underscores (reported as "normalizedname").
 * Continuation ("amfrom") only happens when the result size cap is hit.
 */
#include "query_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../parser/wt.h"
#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"

struct allmessages_params {
	struct api_list messages; /* keys to show; "*" = the whole table */
	struct api_list prop;     /* "default" */
	bool enableparser;        /* expand the texts as wikitext */
	bool nocontent;           /* leave the texts out */
	bool includelocal;        /* add the keys of MediaWiki: pages */
	struct api_list args;     /* $1, $2, ... */
	const char *filter;       /* only keys containing this */
	const char *customised;   /* all | modified | unmodified */
	const char *lang;         /* language code; default the user's */
	const char *from;         /* first key to show */
	const char *to;           /* last key to show */
	const char *title;        /* the page the texts are expanded as */
	const char *prefix;       /* only keys starting with this */
};

static const struct api_param params[] = {
	{ .name = "messages", .type = API_T_STRING, .flags = API_P_MULTI, .dflt = "*",
	  .offset = offsetof(struct allmessages_params, messages),
	  .desc = "Which messages to show. \"*\" (the default) means all of them." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI,
	  .values = (const char *const[]){ "default", NULL },
	  .offset = offsetof(struct allmessages_params, prop),
	  .desc = "What else to show: \"default\" adds the built-in text of messages a wiki page has "
		  "changed." },
	{ .name = "enableparser", .type = API_T_BOOL, .offset = offsetof(struct allmessages_params, enableparser),
	  .desc = "Expand the texts as wikitext: templates, parser functions and magic words such as "
		  "{{SITENAME}}." },
	{ .name = "nocontent", .type = API_T_BOOL, .offset = offsetof(struct allmessages_params, nocontent),
	  .desc = "Leave the message texts out of the result." },
	{ .name = "includelocal", .type = API_T_BOOL,
	  .offset = offsetof(struct allmessages_params, includelocal),
	  .desc = "With ammessages=*, also list messages that exist only as pages in the MediaWiki namespace." },
	{ .name = "args", .type = API_T_STRING, .flags = API_P_MULTI | API_P_ALLOW_DUPLICATES,
	  .offset = offsetof(struct allmessages_params, args),
	  .desc = "Values to put into the messages for $1, $2 and so on." },
	{ .name = "filter", .type = API_T_STRING, .offset = offsetof(struct allmessages_params, filter),
	  .desc = "Only messages whose key contains this text." },
	{ .name = "customised", .type = API_T_ENUM, .dflt = "all",
	  .values = (const char *const[]){ "all", "modified", "unmodified", NULL },
	  .offset = offsetof(struct allmessages_params, customised),
	  .desc = "Only messages that a wiki page has changed, or only those it has not." },
	{ .name = "lang", .type = API_T_STRING, .offset = offsetof(struct allmessages_params, lang),
	  .desc = "The language of the texts; \"qqx\" shows the keys." },
	{ .name = "from", .type = API_T_STRING, .offset = offsetof(struct allmessages_params, from),
	  .desc = "Start with this message." },
	{ .name = "to", .type = API_T_STRING, .offset = offsetof(struct allmessages_params, to),
	  .desc = "Stop after this message." },
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct allmessages_params, title),
	  .desc = "With amenableparser, the page the texts are expanded as (\"API\" when not given)." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct allmessages_params, prefix),
	  .desc = "Only messages whose key starts with this text." },
	{ 0 }
};

/*
 * True for what MediaWiki accepts as a language code: none of
 * : / \ & < > ' " and NUL, and nothing a title could not hold (the ASCII
 * title-invalid characters, "%XX" escapes, "&name;" references).
 */
static bool valid_lang_code(const char *code)
{
	for (const char *p = code; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f || strchr(":/\\&<>'\"#[]{}|", c))
			return false;
		if (c == '%' && p[1] && p[2] && strchr("0123456789abcdefABCDEF", p[1]) &&
		    strchr("0123456789abcdefABCDEF", p[2]))
			return false;
	}
	return true;
}

/* MediaWiki's MessageCache::normalizeKey(): first letter lower-case (ASCII here), '_' for spaces. */
static const char *normalize_key(struct arena *a, const char *key)
{
	char *k = arena_strdup(a, key);
	if (*k >= 'A' && *k <= 'Z')
		*k = (char)(*k - 'A' + 'a');
	for (char *p = k; *p; p++)
		if (*p == ' ')
			*p = '_';
	return k;
}

/*
 * `tmpl` with $1, $2, ... (any number of digits) replaced by `args`;
 * a placeholder without an argument stays as it is, as MediaWiki leaves
 * it. Arena string.
 */
static const char *fill_args(struct arena *a, const char *tmpl, const struct api_list *args)
{
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	for (const char *p = tmpl; *p;) {
		if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
			size_t n = strspn(p + 1, "0123456789");
			/* Long digit runs cannot name an argument; cap before converting. */
			size_t idx = 0;
			for (size_t i = 0; i < n && idx <= args->n; i++)
				idx = idx * 10 + (size_t)(p[1 + i] - '0');
			if (idx >= 1 && idx <= args->n) {
				sbuf_adds(&sb, args->v[idx - 1]);
				p += 1 + n;
				continue;
			}
		}
		sbuf_addc(&sb, *p++);
	}
	const char *out = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return out;
}

/* "(key)" or "(key: a, b)": every message in the qqx pseudo-language. */
static const char *qqx_text(struct arena *a, const char *key, const struct api_list *args)
{
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	sbuf_addf(&sb, "(%s", key);
	for (size_t i = 0; i < args->n; i++)
		sbuf_addf(&sb, "%s%s", i ? ", " : ": ", args->v[i]);
	sbuf_addc(&sb, ')');
	const char *out = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return out;
}

/* Local message pages: dbkeys of the MediaWiki namespace's wikitext pages, sorted by strcmp(). */
struct local_pages {
	const char **v; /* dbkeys */
	size_t n;       /* count */
};

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int load_local(struct api_ctx *ctx, struct local_pages *lp)
{
	struct store_stmt *s = store_prepare(ctx->store, "SELECT page_title FROM page WHERE page_namespace = ?"
							 " AND page_content_model = 'wikitext'");
	if (!s)
		return RC_ERR;
	store_bindv(s, "d", WIKI_NS_MEDIAWIKI);
	size_t cap = 0;
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		lp->v = arena_grow(ctx->arena, lp->v, lp->n, &cap, sizeof(*lp->v));
		lp->v[lp->n++] = arena_strdup(ctx->arena, store_col_text(s, 0));
	}
	store_stmt_done(s);
	if (rc != STORE_DONE)
		return RC_ERR;
	if (lp->n > 1)
		qsort(lp->v, lp->n, sizeof(*lp->v), cmp_str);
	return RC_OK;
}

/* The dbkey of the page of normalized key `norm` (+ "/" + `lang` when given), in `a`. */
static const char *page_dbkey(struct arena *a, const char *norm, const char *lang)
{
	char *k = lang ? arena_printf(a, "%s/%s", norm, lang) : arena_strdup(a, norm);
	if (*k >= 'a' && *k <= 'z')
		*k = (char)(*k - 'a' + 'A');
	return k;
}

static bool local_has(const struct local_pages *lp, const char *dbkey)
{
	return lp->n && bsearch(&dbkey, lp->v, lp->n, sizeof(*lp->v), cmp_str);
}

/*
 * Every key for "*", sorted: both built-in tables and, with
 * amincludelocal, the keys of content-language message pages (the
 * page's dbkey, first letter lower-case, as MediaWiki lists them).
 */
static const char **all_keys(struct api_ctx *ctx, const struct local_pages *lp, bool local, size_t *n_out)
{
	size_t n_api, n_wiki = wiki_message_count();
	const char *const *api = api_msg_keys(&n_api);
	size_t n = n_api + n_wiki + (local ? lp->n : 0), k = 0;
	const char **keys = arena_alloc(ctx->arena, (n + 1) * sizeof(*keys));
	for (size_t i = 0; i < n_api; i++)
		keys[k++] = api[i];
	for (size_t i = 0; i < n_wiki; i++)
		keys[k++] = wiki_message_key(i);
	for (size_t i = 0; local && i < lp->n; i++)
		if (!strchr(lp->v[i], '/'))
			keys[k++] = normalize_key(ctx->arena, lp->v[i]);
	qsort(keys, k, sizeof(*keys), cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (u == 0 || strcmp(keys[u - 1], keys[i]) != 0)
			keys[u++] = keys[i];
	*n_out = u;
	return keys;
}

/*
 * The keys to show, in order: all keys (sorted) for "*", else the list
 * as given; then amprefix keeps the first run of keys with the prefix
 * (the run, not every match, as MediaWiki's loop over a sorted list
 * does) and amfilter keeps keys containing its text.
 */
static const char **select_keys(struct api_ctx *ctx, const struct allmessages_params *p,
				const struct local_pages *lp, size_t *n_out)
{
	const char *const *src;
	size_t n;
	if (api_list_has(&p->messages, "*")) {
		src = all_keys(ctx, lp, p->includelocal, &n);
	} else {
		src = p->messages.v;
		n = p->messages.n;
	}
	const char **keys = arena_alloc(ctx->arena, (n + 1) * sizeof(*keys));
	size_t k = 0;
	bool in_run = false;
	for (size_t i = 0; i < n; i++) {
		if (p->prefix) {
			bool has = strncmp(src[i], p->prefix, strlen(p->prefix)) == 0;
			if (!has && in_run)
				break;
			in_run = has;
			if (!has)
				continue;
		}
		if (p->filter && !strstr(src[i], p->filter))
			continue;
		keys[k++] = src[i];
	}
	*n_out = k;
	return keys;
}

/* The built-in text of normalized key `norm`, or NULL. */
static const char *builtin(const char *norm)
{
	const char *t = wiki_message_default(norm);
	return t ? t : api_msg_template(norm);
}

static int exec_allmessages(struct api_ctx *ctx, void *vp)
{
	struct allmessages_params *p = vp;
	const char *lang = ctx->uselang;
	if (p->lang) {
		if (!valid_lang_code(p->lang))
			return api_error(ctx, "invalidlang", "apierror-invalidlang",
					 arena_printf(ctx->arena, "%slang", api_main_of(ctx)->prefix));
		lang = p->lang;
	}
	bool qqx = lang && streq(lang, "qqx");
	/* Pages of another language than the content language are subpages "Key/xx". */
	const char *page_lang = lang && !streq(lang, config.lang) ? lang : NULL;
	struct wiki_title t;
	struct wiki_render_opts ro = { .title = &t, .user = ctx->user };
	if (p->enableparser) {
		const char *err;
		if (wiki_title_parse(ctx->arena, p->title ? p->title : "API", 0, &t, &err) != RC_OK || *t.interwiki)
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->title));
	}
	struct local_pages lp = { 0 };
	if (load_local(ctx, &lp) != RC_OK)
		return api_db_error(ctx);
	struct api_node *list = api_add_array(api_query_node(ctx), "allmessages", "message");
	bool filter = !streq(p->customised, "all"), want_modified = streq(p->customised, "modified");
	bool want_default = api_list_has(&p->prop, "default");

	size_t n;
	const char **keys = select_keys(ctx, p, &lp, &n);
	bool skipping = p->from != NULL;
	for (size_t i = 0; i < n; i++) {
		const char *key = keys[i];
		if (skipping && streq(key, p->from))
			skipping = false;
		if (p->to && strcmp(key, p->to) > 0)
			break;
		if (skipping)
			continue;
		const char *norm = normalize_key(ctx->arena, key);
		bool customised = !qqx && local_has(&lp, page_dbkey(ctx->arena, norm, page_lang));
		if (filter && customised != want_modified)
			continue;
		if (api_result_full(ctx)) {
			api_continue_set(ctx, "from", key);
			break;
		}
		struct api_node *e = api_add_object(list, NULL);
		api_add_str(e, "name", key);
		api_add_str(e, "normalizedname", norm);
		if (filter && customised)
			api_add_bool(e, "customised", true);
		const char *dflt = qqx ? NULL : builtin(norm);
		const char *own = NULL;
		if (customised) {
			int rc = wiki_message_page(ctx->store, ctx->arena, norm, page_lang, &own);
			if (rc != RC_OK && rc != RC_NOTFOUND)
				return api_db_error(ctx);
		}
		if (!qqx && !own && !dflt) {
			api_add_bool(e, "missing", true);
			continue;
		}
		const char *text = qqx ? qqx_text(ctx->arena, key, &p->args) : fill_args(ctx->arena, own ? own : dflt, &p->args);
		size_t len = strlen(text);
		if (p->enableparser) {
			struct wt_output o;
			memset(&o, 0, sizeof(o));
			int rc = wiki_expand(ctx->store, ctx->arena, &ro, false, text, len, &text, &len, &o);
			if (rc == RC_TOOBIG)
				return api_error(ctx, "toobig", NULL, api_p_int(ctx->arena, WIKI_MAX_ARTICLE_BYTES));
			if (rc != RC_OK)
				return api_db_error(ctx);
		}
		if (!p->nocontent)
			api_add_content(e, text, len);
		/* The built-in text, where it is not what was shown (MediaWiki compares it without arguments). */
		if (want_default && !qqx) {
			if (!dflt)
				api_add_bool(e, "defaultmissing", true);
			else if (strlen(dflt) != len || memcmp(dflt, text, len) != 0)
				api_add_str(e, "default", dflt);
		}
	}
	return RC_OK;
}

const struct api_module api_module_meta_allmessages = {
	.name = "allmessages",
	.group = API_G_META,
	.prefix = "am",
	.params = params,
	.params_size = sizeof(struct allmessages_params),
	.summary = "Show the texts of this wiki's interface messages.",
	.examples = (const char *const[]){
		"action=query&meta=allmessages&amprefix=apierror-", "Messages whose key starts with \"apierror-\".",
		"action=query&meta=allmessages&ammessages=apierror-missingparam&amargs=title",
		"One message with \"title\" put in for $1.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Allmessages",
					   NULL },
	.exec = exec_allmessages,
};
