/* SPDX-License-Identifier: MIT */
/*
 * dispatch.c — the main module: one request from decoded HTTP parameters
 * to a formatted response. Order of work, after MediaWiki's ApiMain:
 *
 *   CORS (origin) → format selection → main parameters → errorformat and
 *   languages → maxlag → the requesting user → assert/assertuser →
 *   module lookup → module parameters → policy (POST, rights, read-only,
 *   token) → exec → unused-parameter warnings → requestid, curtimestamp,
 *   servedby, responselanginfo → errors/warnings into the tree → format
 *   → cache and CORS headers.
 *
 * Errors never leave partial module output behind: when a module fails,
 * its result is discarded and only the error (plus warnings) is sent.
 * Every error response carries the MediaWiki-API-Error header and is
 * never cacheable.
 */
#include "api_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../store/store.h"
#include "../util/charref.h"
#include "../util/config.h"
#include "../util/timestamp.h"
#include "../wiki/wiki.h"

/* The main module's parameters. */
struct main_params {
	const char *action;      /* module to run */
	const char *format;      /* output format */
	long maxlag;             /* seconds of replica lag the client tolerates */
	long smaxage;            /* s-maxage for shared caches */
	long maxage;             /* max-age for clients */
	const char *assert_;     /* anon | user | bot */
	const char *assertuser;  /* expected user name */
	const char *requestid;   /* echoed back */
	bool servedby;           /* add the host name */
	bool curtimestamp;       /* add the current time */
	bool responselanginfo;   /* add uselang and errorlang */
	const char *origin;      /* CORS origin */
	const char *uselang;     /* user interface language */
	const char *variant;     /* language variant */
	const char *errorformat; /* how to render errors and warnings */
	const char *errorlang;   /* language of errors and warnings */
	bool errorsuselocal;     /* use local message overrides */
};

static const struct api_param main_params_spec[] = {
	{ .name = "action", .type = API_T_SUBMODULE, .submodule_group = "action", .dflt = "help",
	  .offset = offsetof(struct main_params, action), .desc = "The action to perform." },
	{ .name = "format", .type = API_T_SUBMODULE, .submodule_group = "format", .dflt = "jsonfm",
	  .offset = offsetof(struct main_params, format), .desc = "The format of the output." },
	{ .name = "maxlag", .type = API_T_INT, .offset = offsetof(struct main_params, maxlag),
	  .desc = "The most database replication lag, in seconds, the client accepts. When the "
		  "lag is larger the request fails with the error \"maxlag\" and a Retry-After "
		  "header; polite bots send maxlag=5." },
	{ .name = "smaxage", .type = API_T_INT, .dflt = "0",
	  .offset = offsetof(struct main_params, smaxage),
	  .desc = "Sets the s-maxage value of Cache-Control, in seconds: how long shared caches "
		  "may keep the response. Errors are never cached." },
	{ .name = "maxage", .type = API_T_INT, .dflt = "0",
	  .offset = offsetof(struct main_params, maxage),
	  .desc = "Sets the max-age value of Cache-Control, in seconds: how long the client may "
		  "keep the response. Errors are never cached." },
	{ .name = "assert", .type = API_T_ENUM, .values = (const char *const[]){ "anon", "bot", "user", NULL },
	  .offset = offsetof(struct main_params, assert_),
	  .desc = "Fail unless the request is made anonymously (anon), by a logged-in user "
		  "(user) or by a user with the bot right (bot)." },
	{ .name = "assertuser", .type = API_T_USER, .user_types = API_USER_NAME,
	  .offset = offsetof(struct main_params, assertuser),
	  .desc = "Fail unless the request is made by this user." },
	{ .name = "requestid", .type = API_T_STRING, .offset = offsetof(struct main_params, requestid),
	  .desc = "Any value given here is echoed in the response, to match replies to requests." },
	{ .name = "servedby", .type = API_T_BOOL, .offset = offsetof(struct main_params, servedby),
	  .desc = "Add the name of the host that served the request to the result." },
	{ .name = "curtimestamp", .type = API_T_BOOL, .offset = offsetof(struct main_params, curtimestamp),
	  .desc = "Add the current time to the result." },
	{ .name = "responselanginfo", .type = API_T_BOOL,
	  .offset = offsetof(struct main_params, responselanginfo),
	  .desc = "Add the languages used for uselang and errorlang to the result." },
	{ .name = "origin", .type = API_T_STRING, .offset = offsetof(struct main_params, origin),
	  .desc = "For cross-origin requests from a browser: the value of the Origin header, "
		  "exactly, or \"*\" for an anonymous request from any origin. A value that does "
		  "not match the Origin header is refused with HTTP 403. Must be in the query "
		  "string, also for POST requests, so preflight requests carry it." },
	{ .name = "uselang", .type = API_T_STRING, .dflt = "user", .offset = offsetof(struct main_params, uselang),
	  .desc = "Language for translated messages: a language code, \"user\" for the user's "
		  "preference, \"content\" for the wiki's language, or \"qqx\" to show message "
		  "keys." },
	{ .name = "variant", .type = API_T_STRING, .offset = offsetof(struct main_params, variant),
	  .desc = "Language variant for the output, where the language has variants." },
	{ .name = "errorformat", .type = API_T_ENUM, .dflt = "bc",
	  .values = (const char *const[]){ "bc", "html", "none", "plaintext", "raw", "wikitext", NULL },
	  .offset = offsetof(struct main_params, errorformat),
	  .value_descs = (const char *const[]){
		  "plaintext=Message text as plain text, markup removed.",
		  "wikitext=Message text as unparsed wikitext.",
		  "html=Message text as HTML.",
		  "raw=The message key and its parameters.",
		  "none=Only the error codes.",
		  "bc=The shape used before MediaWiki 1.29; errorlang and errorsuselocal are ignored.",
		  NULL },
	  .desc = "How errors and warnings are written." },
	{ .name = "errorlang", .type = API_T_STRING, .dflt = "uselang",
	  .offset = offsetof(struct main_params, errorlang),
	  .desc = "Language for errors and warnings: a language code, \"content\" or \"uselang\" "
		  "(the value of uselang)." },
	{ .name = "errorsuselocal", .type = API_T_BOOL, .offset = offsetof(struct main_params, errorsuselocal),
	  .desc = "Use the wiki's locally customized messages for errors and warnings." },
	{ 0 }
};

static const struct api_module main_module = {
	.name = "main",
	.group = API_G_MAIN,
	.prefix = "",
	.flags = API_M_NO_READ,
	.params = main_params_spec,
	.params_size = sizeof(struct main_params),
	.summary = "wikid's implementation of the MediaWiki Action API.",
	.examples = (const char *const[]){
		"action=help", "Show the help of the main module.",
		"action=help&recursivesubmodules=1", "All help on one page.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Main_page", NULL },
};

const struct api_module *api_main_module(void)
{
	return &main_module;
}

void api_init(void)
{
	api_messages_init();
	api_registry_init();
}

/* ---------- errors and warnings ---------- */

/* Record a message; `key_and_params` = { key or NULL, params..., NULL }. */
static struct api_msgrec *record(struct api_ctx *ctx, const char *path, const char *code,
				 const char *prefix, const char *const *key_and_params)
{
	struct api_main *m = api_main_of(ctx);
	struct api_msgrec *r = arena_calloc(ctx->arena, 1, sizeof(*r));
	r->code = arena_strdup(ctx->arena, code);
	r->key = key_and_params[0] ? arena_strdup(ctx->arena, key_and_params[0])
				   : arena_printf(ctx->arena, "%s%s", prefix, code);
	size_t n = 0;
	while (key_and_params[1 + n])
		n++;
	const char **params = arena_calloc(ctx->arena, n + 1, sizeof(*params));
	for (size_t i = 0; i < n; i++)
		params[i] = arena_strdup(ctx->arena, key_and_params[1 + i]);
	r->params = params;
	r->module = arena_strdup(ctx->arena, path ? path : (m->module_path ? m->module_path : "main"));
	return r;
}

int api_error_v(struct api_ctx *ctx, const char *code, const char *const *key_and_params)
{
	struct api_main *m = api_main_of(ctx);
	struct api_msgrec *r = record(ctx, NULL, code, "apierror-", key_and_params);
	struct api_msgrec **tail = &m->errors;
	while (*tail)
		tail = &(*tail)->next;
	*tail = r;
	return RC_ERR;
}

void api_error_added_v(struct api_ctx *ctx, const char *code, const char *const *key_and_params)
{
	api_error_v(ctx, code, key_and_params);
	struct api_msgrec *r = api_main_of(ctx)->errors;
	while (r->next)
		r = r->next;
	r->added = true;
}

/*
 * The errors a response shows: errorformat=bc holds one, the first not
 * added by api_error_added() (as MediaWiki's reset of the result keeps
 * only the "errors" list, which bc does not have); the others list all.
 */
static bool error_shown(const struct api_main *m, const struct api_msgrec *r)
{
	return m->errorformat != API_EF_BC || !r->added;
}

/* A lost database connection is MediaWiki's DBConnectionError, anything else a DBQueryError. */
static const char *db_error_code(struct store *st)
{
	return store_disconnected(st) ? "internal_api_error_DBConnectionError" : "internal_api_error_DBQueryError";
}

/* MediaWiki adds the exception's class to an internal error. */
static void add_error_class(struct api_ctx *ctx, const char *code)
{
	api_add_str(api_error_data(ctx), "errorclass", streq(code, "internal_api_error_DBConnectionError")
								 ? "Wikimedia\\Rdbms\\DBConnectionError"
								 : "Wikimedia\\Rdbms\\DBQueryError");
}

int api_db_error(struct api_ctx *ctx)
{
	const char *code = db_error_code(ctx->store);
	int rc = api_error(ctx, code, "apierror-databaseerror", store_errmsg(ctx->store));
	add_error_class(ctx, code);
	return rc;
}

int api_db_finish(struct api_ctx *ctx, int rc)
{
	if (rc == RC_OK)
		rc = store_commit(ctx->store);
	if (rc == RC_OK)
		return RC_OK;
	/* Keep the message: rolling back may overwrite it. */
	const char *msg = arena_strdup(ctx->arena, store_errmsg(ctx->store));
	const char *code = db_error_code(ctx->store);
	if (store_tx_depth(ctx->store))
		store_rollback(ctx->store);
	rc = api_error(ctx, code, "apierror-databaseerror", msg);
	add_error_class(ctx, code);
	return rc;
}

struct api_node *api_error_data(struct api_ctx *ctx)
{
	struct api_main *m = api_main_of(ctx);
	if (!m->error_data)
		m->error_data = api_result_new(ctx->arena, 0);
	return m->error_data;
}

/*
 * MediaWiki creates the result's "warnings" member on top of what the
 * result holds when the first warning arrives: members added on top
 * later (batchcomplete, continue) come before it, data added later after
 * it. The member is placed now and filled by api_emit_warnings().
 */
static void hold_warnings_place(struct api_ctx *ctx)
{
	struct api_main *m = api_main_of(ctx);
	if (m->warnings_node || !ctx->result)
		return;
	struct api_node *n = m->errorformat == API_EF_BC ? api_add_object(ctx->result, "warnings")
							 : api_add_array(ctx->result, "warnings", "warning");
	api_node_unlink(n);
	api_node_prepend(ctx->result, n);
	m->warnings_node = n;
}

void api_warn_v(struct api_ctx *ctx, const char *path, const char *code, const char *const *key_and_params)
{
	struct api_main *m = api_main_of(ctx);
	struct api_msgrec *r = record(ctx, path, code, "apiwarn-", key_and_params);
	/* The same warning twice for one module is reported once. */
	for (struct api_msgrec *w = m->warnings; w; w = w->next) {
		if (!streq(w->key, r->key) || !streq(w->module, r->module))
			continue;
		bool same = true;
		for (size_t i = 0; same && (w->params[i] || r->params[i]); i++)
			same = w->params[i] && r->params[i] && streq(w->params[i], r->params[i]);
		if (same) {
			m->last_was_repeat = true;
			return;
		}
	}
	struct api_msgrec **tail = &m->warnings;
	while (*tail)
		tail = &(*tail)->next;
	*tail = r;
	m->last_warning = r;
	m->last_was_repeat = false;
	hold_warnings_place(ctx);
}

struct api_node *api_warning_data(struct api_ctx *ctx)
{
	struct api_main *m = api_main_of(ctx);
	/* A repeated warning was reported once, with its data: what is added now goes nowhere. */
	if (m->last_was_repeat)
		return api_result_new(ctx->arena, 0);
	if (!m->last_warning)
		BUG("api_warning_data() without a warning");
	if (!m->last_warning->data)
		m->last_warning->data = api_result_new(ctx->arena, 0);
	return m->last_warning->data;
}

void api_warn_feature(struct api_ctx *ctx, const char *what)
{
	if (!ctx->module)
		return;
	const struct api_module *mod = ctx->module;
	const char *where;
	switch (mod->group) {
	case API_G_PROP:
	case API_G_LIST:
	case API_G_META:
		where = arena_printf(ctx->arena, "action=query&%s=%s", api_group_name(mod->group), mod->name);
		break;
	case API_G_FORMAT:
		where = arena_printf(ctx->arena, "format=%s", mod->name);
		break;
	default:
		where = arena_printf(ctx->arena, "action=%s", mod->name);
		break;
	}
	api_node_remove(api_warning_data(ctx), "feature");
	api_add_str(api_warning_data(ctx), "feature", arena_printf(ctx->arena, "%s&%s", where, what));
}

/* Last component of a module path, the name the bc format uses. */
static const char *path_name(const char *path)
{
	const char *plus = strrchr(path, '+');
	return plus ? plus + 1 : path;
}

static const char *docref(struct api_ctx *ctx)
{
	const char *url = arena_printf(ctx->arena, "%s%s/api.php", config.server ? config.server : "",
				       config.scriptpath);
	return arena_printf(ctx->arena, "%s %s", api_msg(ctx, "api-usage-docref", (const char *[]){ url, NULL }),
			    api_msg(ctx, "api-usage-mailinglist-ref", NULL));
}

/* Text of a recorded message in the error language. */
/*
 * A message as plain text (errorformat bc and plaintext): the character
 * references that escape wikitext in its parameters (&#124; for '|')
 * decoded, as MediaWiki strips a message's markup.
 */
static const char *plain_text(struct api_ctx *ctx, const char *text)
{
	if (!strchr(text, '&'))
		return text;
	return charref_decode(ctx->arena, text, strlen(text), NULL);
}

static const char *rec_text(struct api_ctx *ctx, const struct api_msgrec *r)
{
	return plain_text(ctx, api_msg(ctx, r->key, r->params));
}


/*
 * One message parameter for errorformat=raw, typed as MediaWiki sends it
 * (see api_p_int() and friends): text stays a string, api_p_int a bare
 * number, api_p_num {"num": n}, api_p_plain {"plaintext": v} and
 * api_p_list {"list": [...], "type": t} (an object keyed by the items'
 * indexes when they were given with api_p_keyed and do not count 0, 1..)
 * and api_p_msg {"message": {"key": k, "params": [...]}}.
 */
static void add_raw_param(struct api_node *parent, const char *key, const char *param)
{
	struct arena *a = parent->res->arena;
	struct api_pval v;
	api_p_decode(a, param, &v);
	switch (v.type) {
	case API_PT_TEXT:
		api_add_str(parent, key, v.inner);
		break;
	case API_PT_INT:
		api_add_int(parent, key, v.n);
		break;
	case API_PT_NUM:
		api_add_int(api_add_object(parent, key), "num", v.n);
		break;
	case API_PT_PLAIN:
		add_raw_param(api_add_object(parent, key), "plaintext", v.inner);
		break;
	case API_PT_KEYED:
		add_raw_param(parent, key, v.inner);
		break;
	case API_PT_MSG: {
		struct api_node *m = api_add_object(api_add_object(parent, key), "message");
		api_add_str(m, "key", v.ltype);
		struct api_node *params = api_add_array(m, "params", "param");
		for (size_t i = 0; i < v.n_items; i++)
			add_raw_param(params, NULL, v.items[i]);
		break;
	}
	case API_PT_LIST: {
		struct api_node *o = api_add_object(parent, key);
		bool keyed = false;
		struct api_pval *iv = arena_calloc(a, v.n_items + 1, sizeof(*iv));
		for (size_t i = 0; i < v.n_items; i++) {
			api_p_decode(a, v.items[i], &iv[i]);
			keyed |= iv[i].type == API_PT_KEYED && iv[i].n != (long long)i;
		}
		struct api_node *l = keyed ? api_add_object(o, "list") : api_add_array(o, "list", NULL);
		for (size_t i = 0; i < v.n_items; i++)
			add_raw_param(l, keyed ? arena_printf(a, "%lld", iv[i].n) : NULL, v.items[i]);
		api_add_str(o, "type", v.ltype);
		break;
	}
	}
}

void api_add_message(struct api_ctx *ctx, struct api_node *obj, enum api_errorformat ef, const char *key,
		     const char *const *params)
{
	switch (ef) {
	case API_EF_PLAINTEXT:
	case API_EF_WIKITEXT: {
		const char *t = api_msg(ctx, key, params);
		if (ef == API_EF_PLAINTEXT)
			t = plain_text(ctx, t);
		api_add_content_as(obj, "text", t, strlen(t));
		break;
	}
	case API_EF_HTML: {
		const char *t = api_html_escape(ctx->arena, plain_text(ctx, api_msg(ctx, key, params)));
		api_add_content_as(obj, "html", t, strlen(t));
		break;
	}
	case API_EF_RAW: {
		api_add_str(obj, "key", key);
		struct api_node *pl = api_add_array(obj, "params", "param");
		for (size_t i = 0; params && params[i]; i++)
			add_raw_param(pl, NULL, params[i]);
		break;
	}
	case API_EF_NONE:
	case API_EF_BC:
		break;
	}
}

const char *const *api_refusal_params(struct api_ctx *ctx, const struct wiki_refusal *r)
{
	const char **p = arena_calloc(ctx->arena, ARRAY_SIZE(r->params), sizeof(*p));
	for (size_t i = 0; i + 1 < ARRAY_SIZE(r->params) && r->params[i]; i++) {
		/* Counts MediaWiki passes as PHP ints: of groups (badaccess-groups) and of pages. */
		bool is_count = (i == 1 && streq(r->key, "badaccess-groups")) ||
				(i == 0 && (streq(r->key, "cascadeprotected") || streq(r->key, "movepage-max-pages")));
		p[i] = is_count ? api_p_int(ctx->arena, strtoll(r->params[i], NULL, 10)) : r->params[i];
	}
	return p;
}

const char *api_badaccess(struct api_ctx *ctx, const char *right, const char *params[3])
{
	struct wiki_refusal *r = wiki_perm_missing_right(ctx->arena, right);
	const char *const *typed = api_refusal_params(ctx, r);
	for (size_t i = 0; i < 3; i++)
		params[i] = typed[i];
	return r->key;
}

/* One entry of the "errors"/"warnings" arrays of the newer errorformats. */
static void add_msg_entry(struct api_ctx *ctx, struct api_node *list, const struct api_msgrec *r,
			  struct api_node *data)
{
	struct api_main *m = api_main_of(ctx);
	struct api_node *e = api_add_object(list, NULL);
	api_add_str(e, "code", r->code);
	api_add_message(ctx, e, m->errorformat, r->key, r->params);
	if (data && data->first) {
		struct api_node *d = api_add_object(e, "data");
		for (struct api_node *c = data->first; c;) {
			struct api_node *next = c->next;
			api_node_unlink(c);
			api_node_append(d, c);
			c = next;
		}
	}
	api_add_str(e, "module", r->module);
}

/* Move the members of `from` (an object) into `to`. */
static void move_members(struct api_node *from, struct api_node *to)
{
	while (from && from->first) {
		struct api_node *c = from->first;
		api_node_unlink(c);
		api_node_append(to, c);
	}
}

/* Write the recorded warnings into the result tree. */
void api_emit_warnings(struct api_ctx *ctx, struct api_node *root)
{
	struct api_main *m = api_main_of(ctx);
	if (!m->warnings)
		return;
	/* The place held in the module's result, else at the end of another root (errors, rsd, opensearch). */
	struct api_node *held = root == ctx->result && m->warnings_node && m->warnings_node->parent == root
					? m->warnings_node
					: NULL;
	if (m->errorformat == API_EF_BC) {
		struct api_node *w = held ? held : api_node_object(root, "warnings");
		/*
		 * Group per module; several warnings of a module join with
		 * newlines. Each module's member goes on top when created, so
		 * the module warned last comes first.
		 */
		for (struct api_msgrec *r = m->warnings; r; r = r->next) {
			const char *name = path_name(r->module);
			struct api_node *mod = api_node_get(w, name);
			if (mod)
				continue;
			struct sbuf sb;
			sbuf_init(&sb, SIZE_MAX / 2);
			for (struct api_msgrec *s = r; s; s = s->next) {
				if (!streq(path_name(s->module), name))
					continue;
				if (sb.len)
					sbuf_addc(&sb, '\n');
				sbuf_adds(&sb, rec_text(ctx, s));
			}
			mod = api_add_object(w, name);
			api_node_unlink(mod);
			api_node_prepend(w, mod);
			api_add_content_as(mod, "warnings", sbuf_cstr(&sb), sb.len);
			sbuf_release(&sb);
		}
		return;
	}
	struct api_node *list = held ? held : api_add_array(root, "warnings", "warning");
	for (struct api_msgrec *r = m->warnings; r; r = r->next)
		add_msg_entry(ctx, list, r, r->data);
}

/* Host name for servedby. */
static const char *hostname(struct arena *a)
{
	char host[256] = "localhost";
	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	return arena_strdup(a, host);
}

void api_db_lag(struct api_ctx *ctx, const char **host, int *lag)
{
	struct store_lag lags[STORE_REPLICAS_MAX];
	size_t n = store_replication_lag(lags, ARRAY_SIZE(lags));
	/* As MediaWiki's load balancer: -1 without replicas; replicas that are down do not count. */
	double max = -1;
	*host = "";
	for (size_t i = 0; i < n; i++) {
		if (lags[i].lag > max) {
			max = lags[i].lag;
			*host = arena_strdup(ctx->arena, lags[i].host);
		}
	}
	*lag = (int)max;
}

/*
 * maxlag: refuse the request when the most lagged replica is further
 * behind than the client accepts (ApiMain::checkMaxLag), with the lag in
 * X-Database-Lag and a Retry-After of at least 5 seconds.
 */
static int check_maxlag(struct api_ctx *ctx, const struct main_params *mp)
{
	if (!api_param_given(ctx, "maxlag"))
		return RC_OK;
	long maxlag = mp->maxlag;
	const char *host;
	int lag;
	api_db_lag(ctx, &host, &lag);
	if (lag <= maxlag)
		return RC_OK;
	struct arena *a = ctx->arena;
	char lag_s[32];
	snprintf(lag_s, sizeof(lag_s), "%d", lag);
	int rc = config.show_hostnames ? api_error(ctx, "maxlag", NULL, api_p_int(a, lag), host)
				       : api_error(ctx, "maxlag", "apierror-maxlag-generic", api_p_int(a, lag));
	struct api_node *d = api_error_data(ctx);
	/* MediaWiki names the server in the data even when host names are hidden in the text. */
	api_add_str(d, "host", host);
	api_add_int(d, "lag", lag);
	api_add_str(d, "type", "db");
	http_response_add_header(ctx->resp, a, "Retry-After", arena_printf(a, "%ld", maxlag > 5 ? maxlag : 5));
	http_response_add_header(ctx->resp, a, "X-Database-Lag", lag_s);
	return rc;
}

/*
 * Chronology protection (MediaWiki's ChronologyProtector): after a
 * request that wrote, the client gets the primary's WAL position in the
 * cookie cpPosIndex ("position@unixtime"), and for CHRONOLOGY_TTL seconds
 * its reads go to a replica only once that replica has replayed it.
 */
#define CHRONOLOGY_TTL 10

/* The write position the client's cookie asks replicas to have replayed; 0 when none. */
static uint64_t chronology_position(const struct http_request *req)
{
	const char *c = http_cookie_get(req, "cpPosIndex");
	unsigned long long pos;
	long long t;
	if (!c || sscanf(c, "%llu@%lld", &pos, &t) != 2 || util_now() - t > CHRONOLOGY_TTL)
		return 0;
	return (uint64_t)pos;
}

/* Replace the result with the error response for the recorded errors. */
static struct api_node *error_result(struct api_ctx *ctx, const struct main_params *mp)
{
	struct api_main *m = api_main_of(ctx);
	struct api_node *root = api_result_new(ctx->arena, 0);
	const char *ref = docref(ctx);
	if (m->errorformat == API_EF_BC) {
		struct api_msgrec *r = m->errors;
		while (r->next && !error_shown(m, r))
			r = r->next;
		struct api_node *e = api_add_object(root, "error");
		api_add_str(e, "code", r->code);
		api_add_str(e, "info", rec_text(ctx, r));
		move_members(m->error_data, e);
		api_add_content_as(e, "docref", ref, strlen(ref));
	} else {
		struct api_node *list = api_add_array(root, "errors", "error");
		for (struct api_msgrec *r = m->errors; r; r = r->next)
			add_msg_entry(ctx, list, r, r == m->errors ? m->error_data : NULL);
		api_add_content_as(root, "docref", ref, strlen(ref));
	}
	api_emit_warnings(ctx, root);
	if (mp && mp->servedby && config.show_hostnames)
		api_add_str(root, "servedby", hostname(ctx->arena));
	return root;
}

/* ---------- CORS ---------- */

/* Is `origin` allowed credentialed cross-site access by the config? */
static bool origin_allowed(const char *origin)
{
	const char *list = config.cors_origins;
	size_t olen = strlen(origin);
	/* "https://example.org" matches an entry "example.org" or "*" or "*.org". */
	const char *host = strstr(origin, "://");
	host = host ? host + 3 : origin;
	size_t hlen = strlen(host);
	while (list && *list) {
		while (*list == ' ')
			list++;
		const char *end = list;
		while (*end && *end != ' ')
			end++;
		size_t n = (size_t)(end - list);
		if (n == 1 && *list == '*')
			return true;
		if ((n == olen && memcmp(list, origin, n) == 0) || (n == hlen && memcmp(list, host, n) == 0))
			return true;
		if (n > 1 && list[0] == '*' && hlen >= n - 1 && memcmp(host + hlen - (n - 1), list + 1, n - 1) == 0)
			return true;
		list = end;
	}
	return false;
}

/*
 * MediaWiki's CORS rules. Returns false when the request must be refused
 * with 403 (origin parameter not among the Origin header's values).
 * Sets *is_anon_cors for origin=*, which makes the request anonymous.
 */
static bool handle_cors(struct api_ctx *ctx, const char *origin, bool *is_anon_cors)
{
	struct http_response *resp = ctx->resp;
	*is_anon_cors = false;
	if (!origin)
		return true;
	const char *hdr = http_header_get(ctx->req, "Origin");
	bool preflight = streq(ctx->req->method, "OPTIONS") &&
			 http_header_get(ctx->req, "Access-Control-Request-Method");
	if (streq(origin, "*")) {
		*is_anon_cors = true;
		http_response_add_header(resp, ctx->arena, "Access-Control-Allow-Origin", "*");
		http_response_add_header(resp, ctx->arena, "Access-Control-Allow-Credentials", "false");
	} else {
		bool found = false;
		if (hdr) {
			/* The header may carry several space-separated origins. */
			const char *p = hdr;
			size_t olen = strlen(origin);
			while (*p && !found) {
				while (*p == ' ' || *p == '\t')
					p++;
				const char *e = p;
				while (*e && *e != ' ' && *e != '\t')
					e++;
				found = (size_t)(e - p) == olen && memcmp(p, origin, olen) == 0;
				p = e;
			}
		}
		if (!found)
			return false;
		if (!origin_allowed(origin))
			return true;
		http_response_add_header(resp, ctx->arena, "Access-Control-Allow-Origin", origin);
		http_response_add_header(resp, ctx->arena, "Access-Control-Allow-Credentials", "true");
		http_response_add_header(resp, ctx->arena, "Vary", "Origin");
	}
	if (preflight) {
		const char *req_headers = http_header_get(ctx->req, "Access-Control-Request-Headers");
		http_response_add_header(resp, ctx->arena, "Access-Control-Allow-Headers",
					 req_headers && strcasestr(req_headers, "api-user-agent")
						 ? "Api-User-Agent" : "Api-User-Agent");
		http_response_add_header(resp, ctx->arena, "Access-Control-Allow-Methods", "POST, GET, HEAD");
	} else {
		http_response_add_header(resp, ctx->arena, "Access-Control-Expose-Headers",
					 "MediaWiki-API-Error, Retry-After, X-Database-Lag, MediaWiki-Login-Suppressed");
	}
	return true;
}

/* ---------- the request ---------- */

/* Is `v` one of the enum values of the spec entry `name`? */
static bool in_values(const struct api_param *spec, const char *name, const char *v)
{
	for (; spec->name; spec++)
		if (streq(spec->name, name))
			for (const char *const *p = spec->values; p && *p; p++)
				if (streq(*p, v))
					return true;
	return false;
}

/* Resolve errorformat, uselang and errorlang from the main parameters. */
static void setup_languages(struct api_ctx *ctx, const struct main_params *mp)
{
	struct api_main *m = api_main_of(ctx);
	static const struct {
		const char *name;
		enum api_errorformat ef;
	} efs[] = {
		{ "bc", API_EF_BC }, { "plaintext", API_EF_PLAINTEXT }, { "wikitext", API_EF_WIKITEXT },
		{ "html", API_EF_HTML }, { "raw", API_EF_RAW }, { "none", API_EF_NONE },
	};
	for (size_t i = 0; i < ARRAY_SIZE(efs); i++)
		if (streq(mp->errorformat, efs[i].name))
			m->errorformat = efs[i].ef;
	const char *lang = mp->uselang ? mp->uselang : "user";
	if (streq(lang, "user") || streq(lang, "content") || !*lang)
		lang = config.lang;
	ctx->uselang = lang;
	const char *el = mp->errorlang ? mp->errorlang : "uselang";
	if (streq(el, "uselang"))
		el = lang;
	else if (streq(el, "content"))
		el = config.lang;
	/* bc errors are always in the content language, as in MediaWiki. */
	m->errorlang = m->errorformat == API_EF_BC ? config.lang : el;
}

/* Policy checks before a module runs. Returns RC_OK or RC_ERR after api_error(). */
static int check_policy(struct api_ctx *ctx, const struct api_module *mod)
{
	if (!(mod->flags & API_M_NO_READ) && !wiki_user_can(ctx->user, "read"))
		return api_error(ctx, "readapidenied", NULL);
	if (mod->flags & API_M_WRITE) {
		if (!wiki_user_can(ctx->user, "writeapi"))
			return api_error(ctx, "writeapidenied", NULL);
		if (config.read_only)
			return api_error(ctx, "readonly", NULL,
					 config.read_only_reason ? config.read_only_reason : "");
	}
	return RC_OK;
}


bool api_cache_public(struct api_ctx *ctx, int seconds)
{
	/*
	 * With uselang=user (the default) the answer may be in the user's
	 * language, so MediaWiki keeps it private for a logged-in user
	 * ('anon-public-user-private'): no shared caching, no Expires.
	 */
	const struct http_param *ul = http_param_get(ctx->req, "uselang");
	if ((!ul || streq(ul->value, "user")) && ctx->user->id != 0) {
		http_response_add_header(ctx->resp, ctx->arena, "Cache-Control",
					 arena_printf(ctx->arena, "private, must-revalidate, max-age=%d", seconds));
		return false;
	}
	http_response_add_header(ctx->resp, ctx->arena, "Cache-Control",
				 arena_printf(ctx->arena, "max-age=%d, s-maxage=%d, public", seconds, seconds));
	char date[30];
	ts_format_http(util_now() + seconds, date);
	http_response_add_header(ctx->resp, ctx->arena, "Expires", arena_strdup(ctx->arena, date));
	return true;
}

/* Add the Cache-Control header for a successful response. */
static void cache_headers(struct api_ctx *ctx, const struct main_params *mp, bool is_error)
{
	const char *cc;
	if (is_error || (mp->smaxage <= 0 && mp->maxage <= 0) || ctx->user->id != 0)
		cc = "private, must-revalidate, max-age=0";
	else
		cc = arena_printf(ctx->arena, "s-maxage=%ld, max-age=%ld, public", mp->smaxage, mp->maxage);
	http_response_add_header(ctx->resp, ctx->arena, "Cache-Control", cc);
}

/* The newest recorded error (m->errors must not be empty). */
static struct api_msgrec *last_error(struct api_main *m)
{
	struct api_msgrec *e = m->errors;
	while (e->next)
		e = e->next;
	return e;
}

/* Take error `e` out of the recorded errors. */
static void drop_error(struct api_main *m, struct api_msgrec *e)
{
	for (struct api_msgrec **pp = &m->errors; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			return;
		}
	}
}

/*
 * A bad parameter of the output format (formatversion=3): MediaWiki
 * finds it only when printing, after the module ran (and after the
 * unused parameters were reported). The printer then fails on the error
 * it was to print as well, so ApiMain says so under "main"
 * (errorprinterfailed), adds the bad parameter as the format's own
 * warning and prints with the format's defaults. The error shown is the
 * module's own when it failed, else the format's.
 */
static void format_failed(struct api_ctx *ctx)
{
	struct api_main *m = api_main_of(ctx);
	if (!m->format_error)
		return;
	const char *path = m->module_path;
	m->module_path = "main";
	api_warn(ctx, "errorprinterfailed", "apiwarn-errorprinterfailed");
	m->module_path = path;
	struct api_msgrec *w = arena_calloc(ctx->arena, 1, sizeof(*w));
	*w = *m->format_error;
	w->next = NULL;
	struct api_msgrec **tail = &m->warnings;
	while (*tail)
		tail = &(*tail)->next;
	*tail = w;
	if (m->errors != m->format_error || m->format_error->next)
		drop_error(m, m->format_error);
}

/* The format options for `format`, falling back to jsonfm when unknown. */
static int setup_format(struct api_ctx *ctx, const char *format, struct api_format_opts *fo)
{
	const struct api_module *fm = api_module_find(API_G_FORMAT, format);
	memset(fo, 0, sizeof(*fo));
	if (!fm)
		fm = api_module_find(API_G_FORMAT, "jsonfm");
	fo->name = fm->name;
	fo->is_fm = strlen(fm->name) > 2 && streq(fm->name + strlen(fm->name) - 2, "fm");
	struct api_main *m = api_main_of(ctx);
	m->module_path = "main";
	int rc = api_params_fill(ctx, fm, "", fo);
	if (rc != RC_OK && m->errors && m->format_error) {
		/* Again for the fallback format of a failed feed: already reported once. */
		drop_error(m, last_error(m));
	} else if (rc != RC_OK && m->errors) {
		/* Reported when the answer is printed (format_failed()). */
		struct api_msgrec *e = last_error(m);
		e->module = fm->name;   /* the printer's own parameter */
		m->format_error = e;
	}
	if (!fo->formatversion)
		fo->formatversion = "1";
	fo->fv = streq(fo->formatversion, "1") ? 1 : 2;
	ctx->formatversion = fo->fv;
	return rc;
}

static void release_store(void *st)
{
	store_idle(st);
}

/* requestid, curtimestamp and the response languages, when asked for. */
static void add_requested_fields(struct api_ctx *ctx, struct api_node *root, const struct main_params *mp)
{
	if (mp->requestid)
		api_add_str(root, "requestid", mp->requestid);
	if (mp->curtimestamp) {
		char iso[32];
		ts_format_iso(util_now(), iso);
		api_add_str(root, "curtimestamp", iso);
	}
	if (mp->responselanginfo) {
		api_add_str(root, "uselang", ctx->uselang);
		api_add_str(root, "errorlang", api_main_of(ctx)->errorlang);
	}
}

void api_handle_request(struct http_request *req, struct http_response *resp)
{
	struct arena *a = req->arena;
	struct api_ctx *ctx = arena_calloc(a, 1, sizeof(*ctx));
	struct api_main *m = arena_calloc(a, 1, sizeof(*m));
	struct main_params mp = { 0 };
	struct api_format_opts fo;
	bool is_anon_cors = false;
	int rc = RC_OK;

	ctx->arena = a;
	ctx->req = req;
	ctx->resp = resp;
	ctx->main = m;
	ctx->is_post = streq(req->method, "POST");
	ctx->formatversion = 1;
	ctx->uselang = config.lang;
	ctx->result = api_result_new(a, config.max_result);
	m->used = arena_calloc(a, req->n_params + 1, sizeof(bool));
	m->module_path = "main";
	m->errorlang = config.lang;

	/* CORS comes first: a mismatching origin gets a bare 403. */
	const struct http_param *origin = http_param_get(req, "origin");
	if (!handle_cors(ctx, origin ? origin->value : NULL, &is_anon_cors)) {
		/* MediaWiki sets no content type here, so PHP's default (text/html) goes out. */
		resp->status = 403;
		resp->content_type = "text/html; charset=UTF-8";
		http_response_add_header(resp, a, "X-Content-Type-Options", "nosniff");
		http_response_add_header(resp, a, "Cache-Control", "no-cache");
		sbuf_adds(&resp->body, "'origin' parameter does not match Origin header\n");
		return;
	}
	if (streq(req->method, "OPTIONS")) {
		resp->content_type = "text/html; charset=utf-8";
		return;
	}

	/* The format is needed to report any later error, so it goes first. */
	const struct http_param *fp = http_param_get(req, "format");
	setup_format(ctx, fp ? fp->value : "jsonfm", &fo);
	m->fo = &fo;
	if (fo.xslt)
		api_warn_for(ctx, fo.name, "xslt-disabled", NULL);
	/* JSONP responses are readable by any site: never act as a logged-in user. */
	if (fo.callback) {
		is_anon_cors = true;
		http_response_add_header(resp, a, "MediaWiki-Login-Suppressed", "true");
	} else if (is_anon_cors) {
		http_response_add_header(resp, a, "MediaWiki-Login-Suppressed", "true");
	}
	http_response_add_header(resp, a, "X-Content-Type-Options", "nosniff");
	http_response_add_header(resp, a, "X-Frame-Options", "DENY");

	/*
	 * One read snapshot per request (cheap point reads); store_idle()
	 * at the end resets statements and rolls back anything left open.
	 */
	/* The client's address: behind a trusted proxy, the one it forwarded for ($wgCdnServers). */
	req->remote_ip = wiki_ip_client(a, req->remote_ip, http_header_get(req, "X-Forwarded-For"),
					config.trusted_proxies);
	ctx->store = store_thread();
	store_snapshot(ctx->store);
	arena_on_cleanup(a, release_store, ctx->store);
	ctx->user = wiki_session_user(a, ctx->store, req, resp, is_anon_cors);
	ctx->has_highlimits = wiki_user_can(ctx->user, "apihighlimits");

	/*
	 * How to report errors must be known before anything can fail, so
	 * errorformat, uselang, errorlang and requestid are read ahead of the
	 * full validation (which checks them again).
	 */
	const char *const early[] = { "errorformat", "uselang", "errorlang", "requestid" };
	const char **slots[] = { &mp.errorformat, &mp.uselang, &mp.errorlang, &mp.requestid };
	for (size_t i = 0; i < ARRAY_SIZE(early); i++) {
		const struct http_param *ep = http_param_get(req, early[i]);
		*slots[i] = ep ? ep->value : NULL;
	}
	mp.curtimestamp = http_param_get(req, "curtimestamp") != NULL;
	mp.responselanginfo = http_param_get(req, "responselanginfo") != NULL;
	if (!mp.errorformat || !in_values(main_params_spec, "errorformat", mp.errorformat))
		mp.errorformat = "bc";
	setup_languages(ctx, &mp);
	if (req->decode_error) {
		/* The limit that was broken is the message's $1. */
		size_t limit = streq(req->decode_error, "apierror-toomanyparams") ? config.max_params
			       : streq(req->decode_error, "apierror-valuetoolong") ? config.max_value
										  : config.max_body;
		rc = api_error(ctx, "toobig", req->decode_error, api_p_num(a, (long long)limit));
	}
	if (rc == RC_OK)
		rc = api_params_fill(ctx, &main_module, "", &mp);
	if (!mp.errorformat)
		mp.errorformat = "bc";
	setup_languages(ctx, &mp);
	if (rc == RC_OK && mp.assert_) {
		bool is_user = ctx->user->id != 0;
		if (streq(mp.assert_, "anon") && is_user)
			rc = api_error(ctx, "assertanonfailed", NULL);
		else if (streq(mp.assert_, "user") && !is_user)
			rc = api_error(ctx, "assertuserfailed", NULL);
		else if (streq(mp.assert_, "bot") && !wiki_user_can(ctx->user, "bot"))
			rc = api_error(ctx, "assertbotfailed", NULL);
	}
	if (rc == RC_OK && mp.assertuser && !streq(mp.assertuser, ctx->user->name))
		rc = api_error(ctx, "assertnameduserfailed", NULL, mp.assertuser);

	/* ApiMain adds them before the module runs: the module's data comes after them. */
	add_requested_fields(ctx, ctx->result, &mp);
	if (mp.servedby && config.show_hostnames)
		api_add_str(ctx->result, "servedby", hostname(a));

	const struct api_module *mod = NULL;
	void *params = NULL;
	if (rc == RC_OK) {
		mod = api_module_find(API_G_ACTION, mp.action);
		if (!mod)
			BUG("validated action %s has no module", mp.action);
		ctx->module = mod;
		m->module_path = api_module_path(mod);
		if (mod->params_size)
			params = arena_calloc(a, 1, mod->params_size);
		/*
		 * ApiMain's order: the module's parameters (a missing token is a
		 * missing parameter), the token (mustpostparams, badtoken), the
		 * rights and read-only mode, maxlag, then POST.
		 */
		rc = api_params_fill(ctx, mod, mod->prefix, params);
		if (rc == RC_OK && (mod->flags & API_M_NEEDS_TOKEN))
			rc = api_token_check(ctx, mod, params);
		if (rc == RC_OK)
			rc = check_policy(ctx, mod);
		if (rc == RC_OK)
			rc = check_maxlag(ctx, &mp);
		if (rc == RC_OK && (mod->flags & API_M_MUST_POST) && !ctx->is_post) {
			/* ApiMain reports this one itself, under "main". */
			m->module_path = "main";
			rc = api_error(ctx, "mustbeposted", NULL, api_module_path(mod));
		}
		const char *ctype = ctx->is_post ? http_header_get(req, "Content-Type") : NULL;
		if (rc == RC_OK && ctx->is_post && (!ctype || !*ctype)) {
			/* ApiMain: a POST without a Content-Type header is deprecated (it is not decoded reliably). */
			const char *path = m->module_path;
			m->module_path = "main";
			api_warn(ctx, "deprecation", "apiwarn-deprecation-post-without-content-type");
			api_add_str(api_warning_data(ctx), "feature", "post-without-content-type");
			api_warn(ctx, "deprecation-help", "api-usage-mailinglist-ref");
			m->module_path = path;
		}
		if (rc == RC_OK && m->url_secrets)
			rc = api_error(ctx, "mustpostparams", NULL, m->url_secrets, api_p_int(a, m->n_url_secrets));
		if (rc == RC_OK && (mod->flags & API_M_DEPRECATED))
			api_warn(ctx, "deprecation", "apiwarn-deprecation-module", m->module_path);
		/* Reads that tolerate lag: modules that neither write nor must be posted. */
		if (rc == RC_OK && !(mod->flags & (API_M_WRITE | API_M_MUST_POST)))
			store_use_replica(ctx->store, chronology_position(req));
		if (rc == RC_OK) {
			rc = mod->exec(ctx, params);
			if (rc != RC_OK && (mod->flags & API_M_FEED))
				setup_format(ctx, "jsonfm", &fo);
		}
		uint64_t pos = store_write_position(ctx->store);
		if (pos)
			http_response_add_header(resp, a, "Set-Cookie",
						 arena_printf(a, "cpPosIndex=%llu@%lld; Max-Age=%d; path=/; HttpOnly;"
							      " SameSite=Lax", (unsigned long long)pos,
							      (long long)util_now(), CHRONOLOGY_TTL));
		m->module_path = "main";
	}
	/* A module that wrote the HTTP body itself is done. */
	if (rc == RC_OK && mod && (mod->flags & API_M_RAW_OUTPUT) && resp->content_type)
		return;
	/* The HTML pretty-printers are pages for people: never cached (not for modules that write their own body). */
	if (fo.is_fm) {
		http_response_add_header(resp, a, "Content-language", config.lang);
		http_response_add_header(resp, a, "Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
	}

	/*
	 * As MediaWiki, unused parameters are reported after a module ran to
	 * the end, not beside an error; a bad format parameter is found only
	 * later, when printing (format_failed()), so it does not count here.
	 */
	if (rc == RC_OK && (!m->errors || (m->errors == m->format_error && !m->errors->next)))
		api_params_warn_unused(ctx);

	format_failed(ctx);
	struct api_node *root;
	bool is_error = m->errors != NULL;
	if (is_error) {
		root = error_result(ctx, &mp);
		/* The codes of every error shown, as MediaWiki joins them. */
		const char *codes = NULL;
		for (struct api_msgrec *r = m->errors; r; r = r->next) {
			if (error_shown(m, r) || (!r->next && !codes))
				codes = codes ? arena_printf(a, "%s, %s", codes, r->code) : r->code;
		}
		http_response_add_header(resp, a, "MediaWiki-API-Error", codes);
		if (m->http_status)
			resp->status = m->http_status;
		add_requested_fields(ctx, root, &mp);
	} else {
		root = ctx->result;
		api_emit_warnings(ctx, root);
	}
	cache_headers(ctx, &mp, is_error);

	fo.is_error = is_error;
	const char *ctype = "application/json; charset=utf-8";
	if (api_format_write(ctx, root, &fo, &resp->body, &ctype) != RC_OK) {
		/* Too large to send: say so in the smallest possible answer. */
		sbuf_clear(&resp->body);
		resp->body.is_toobig = false;
		resp->status = 500;
		ctype = "text/plain; charset=utf-8";
		sbuf_adds(&resp->body, "The response was too large to send.\n");
	}
	resp->content_type = ctype;
	if (streq(req->method, "HEAD"))
		resp->no_body = true;
}
