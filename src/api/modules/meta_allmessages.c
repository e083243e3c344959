/* SPDX-License-Identifier: MIT */
/*
 * meta_allmessages.c — meta=allmessages: the texts of interface messages,
 * here wikid's own message table (messages.def: MediaWiki's keys, our
 * English wording), in key order, as MediaWiki's ApiQueryAllMessages
 * lists its localisation cache.
 *
 * What the table makes true, and the module therefore reports:
 *   - the languages are English and "qqx", which shows every key as
 *     "(key)" or "(key: arg1, arg2)"; other valid codes fall back to
 *     English, as MediaWiki does for languages it has no texts for;
 *   - no message is customised by a MediaWiki: page, so amcustomised=
 *     modified lists nothing, amprop=default never adds "default", and
 *     amincludelocal adds no keys;
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
#include <string.h>

#include "../../parser/wt.h"
#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"

struct allmessages_params {
	struct api_list messages; /* keys to show; "*" = the whole table */
	struct api_list prop;     /* "default" */
	bool enableparser;        /* expand the texts as wikitext */
	bool nocontent;           /* leave the texts out */
	bool includelocal;        /* add MediaWiki: pages' keys (there are none here) */
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
	  .desc = "With ammessages=*, also list messages that exist only as pages in the MediaWiki namespace. "
		  "This wiki takes no message texts from pages, so there are none to add." },
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

/*
 * The keys to show, in order: the table (sorted) for "*", else the list
 * as given; then amprefix keeps the first run of keys with the prefix
 * (the run, not every match, as MediaWiki's loop over a sorted list
 * does) and amfilter keeps keys containing its text.
 */
static const char **select_keys(struct api_ctx *ctx, const struct allmessages_params *p, size_t *n_out)
{
	const char *const *src;
	size_t n;
	if (api_list_has(&p->messages, "*")) {
		src = api_msg_keys(&n);
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
	struct wiki_title t;
	struct wiki_render_opts ro = { .title = &t, .user = ctx->user };
	if (p->enableparser) {
		const char *err;
		if (wiki_title_parse(ctx->arena, p->title ? p->title : "API", 0, &t, &err) != RC_OK || *t.interwiki)
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->title));
	}
	struct api_node *list = api_add_array(api_query_node(ctx), "allmessages", "message");
	/* No message is customised here: "modified" selects nothing. */
	if (streq(p->customised, "modified"))
		return RC_OK;

	size_t n;
	const char **keys = select_keys(ctx, p, &n);
	bool skipping = p->from != NULL;
	for (size_t i = 0; i < n; i++) {
		const char *key = keys[i];
		if (skipping && streq(key, p->from))
			skipping = false;
		if (p->to && strcmp(key, p->to) > 0)
			break;
		if (skipping)
			continue;
		if (api_result_full(ctx)) {
			api_continue_set(ctx, "from", key);
			break;
		}
		const char *norm = normalize_key(ctx->arena, key);
		struct api_node *e = api_add_object(list, NULL);
		api_add_str(e, "name", key);
		api_add_str(e, "normalizedname", norm);
		const char *tmpl = qqx ? NULL : api_msg_template(norm);
		if (!qqx && !tmpl) {
			api_add_bool(e, "missing", true);
			continue;
		}
		if (!p->nocontent) {
			const char *text = qqx ? qqx_text(ctx->arena, key, &p->args) : fill_args(ctx->arena, tmpl, &p->args);
			size_t len = strlen(text);
			struct wt_output o;
			memset(&o, 0, sizeof(o));
			int rc = p->enableparser ? wiki_expand(ctx->store, ctx->arena, &ro, false, text, len, &text, &len, &o)
						 : RC_OK;
			if (rc == RC_TOOBIG)
				return api_error(ctx, "toobig", NULL, api_p_int(ctx->arena, WIKI_MAX_ARTICLE_BYTES));
			if (rc != RC_OK)
				return api_db_error(ctx);
			api_add_content(e, text, len);
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
