/* SPDX-License-Identifier: MIT */
/*
 * api.h — what API modules see: the declarative parameter and module
 * specs, the per-request context, the result tree and the error/warning
 * calls. A module is a spec table plus an exec function (see HACKING.md):
 *
 *   struct edit_params { const char *title; const char *text; bool minor; };
 *   static const struct api_param params[] = {
 *       { .name = "title", .type = API_T_TITLE,
 *         .offset = offsetof(struct edit_params, title), .desc = "..." },
 *       ...
 *       { 0 }
 *   };
 *   const struct api_module api_module_edit = { .name = "edit", ... };
 *
 * The dispatcher (dispatch.c) validates every request against the table
 * (params.c) and fills the typed params struct before exec() runs; help
 * and paraminfo read the same table, so documentation cannot drift.
 *
 * Pipeline: http → api_handle_request() → main params → module lookup →
 * params → policy (POST, token, rights) → exec → result tree → formatter.
 */
#ifndef API_H
#define API_H

#include <stdarg.h>
#include <stdio.h>

#include "../http/http.h"
#include "../util/arena.h"

struct api_ctx;
struct api_node;
struct api_pageset;
struct store;
struct wiki_user;

/* ---------- parameter specs ---------- */

/*
 * Parameter types, as paraminfo names them. The C type of the params
 * struct field each one fills (single value / API_P_MULTI):
 *   STRING TEXT TITLE USER PASSWORD ENUM SUBMODULE RAW  const char *   / struct api_list
 *   TIMESTAMP  const char * (14-digit "YYYYMMDDHHMMSS") / struct api_list
 *   EXPIRY     const char * ("infinity" or 14 digits)   / struct api_list
 *   INT LIMIT NAMESPACE  long                            / struct api_list (iv[] filled)
 *   BOOL       bool
 *   UPLOAD     const struct http_param *
 * An absent parameter without a default leaves NULL / 0 / false.
 */
enum api_type {
	API_T_STRING,    /* "string": one line of text */
	API_T_TEXT,      /* "text": multi-line text */
	API_T_INT,       /* "integer" */
	API_T_LIMIT,     /* "limit": integer or "max" */
	API_T_BOOL,      /* "boolean": presence means true */
	API_T_TIMESTAMP, /* "timestamp": any MediaWiki timestamp form */
	API_T_EXPIRY,    /* "expiry": relative, absolute, or infinite */
	API_T_NAMESPACE, /* "namespace": a namespace number */
	API_T_TITLE,     /* "title": a page title (syntax checked by modules) */
	API_T_USER,      /* "user": name, IP, range or #id per user_types */
	API_T_ENUM,      /* array of values in paraminfo */
	API_T_SUBMODULE, /* enum of the registered modules of a group */
	API_T_PASSWORD,  /* "password": sensitive, never echoed */
	API_T_UPLOAD,    /* "upload": a multipart file part */
	API_T_RAW,       /* "raw": passed through untouched */
};

/* Parameter flags. */
enum {
	API_P_REQUIRED = 1 << 0,         /* missing → missingparam */
	API_P_MULTI = 1 << 1,            /* '|' or U+001F separated list */
	API_P_SENSITIVE = 1 << 2,        /* never logged; warn if in query string */
	API_P_DEPRECATED = 1 << 3,       /* using it warns */
	API_P_ALLOW_ALL = 1 << 4,        /* MULTI: "*" selects every value */
	API_P_ENFORCE_RANGE = 1 << 5,    /* out of range is an error, not a clamp */
	API_P_ALLOW_DUPLICATES = 1 << 6, /* MULTI: keep repeated values */
	API_P_HAS_MIN = 1 << 7,          /* INT: `min` is meaningful */
	API_P_HAS_MAX = 1 << 8,          /* INT: `max` (and `max_high`) meaningful */
	API_P_TEMPLATED = 1 << 9,        /* name holds {var} placeholders */
	API_P_HELP_ONLY = 1 << 10,       /* documented but filled by the module itself */
	API_P_NO_PREFIX = 1 << 11,       /* not prefixed even in a prefixed module */
	API_P_UNCHECKED = 1 << 12,       /* ENUM: any value passes; the module checks (tags → badtags) */
	API_P_EXTRA_NS = 1 << 13,        /* NAMESPACE: -2 (Media) and -1 (Special) are allowed too */
	API_P_MUST_EXIST = 1 << 14,      /* TITLE: checked (badtitle, missingtitle) and normalized to the prefixed text */
	API_P_TOKEN = 1 << 15,           /* the NEEDS_TOKEN module's token, declared where MediaWiki lists it */
	API_P_LATE = 1 << 16,            /* filled when the module calls api_params_fill_late() */
};

/* Kinds of user values an API_T_USER parameter accepts (user_types). */
enum {
	API_USER_NAME = 1 << 0,      /* "name": a registered or registrable name */
	API_USER_IP = 1 << 1,        /* "ip": an IPv4/IPv6 address */
	API_USER_CIDR = 1 << 2,      /* "cidr": an IP range */
	API_USER_ID = 1 << 3,        /* "id": "#123" */
	API_USER_INTERWIKI = 1 << 4, /* "interwiki": "prefix>Name" */
	API_USER_TEMP = 1 << 5,      /* "temp": temporary account names */
};

/* Dynamic enum values (tags, content models): NULL-terminated, arena-owned. */
typedef const char *const *api_values_fn(struct api_ctx *ctx);

struct api_param {
	const char *name;                     /* without the module prefix */
	enum api_type type;                   /* see enum api_type */
	unsigned flags;                       /* API_P_* */
	size_t offset;                        /* offsetof into the params struct */
	const char *dflt;                     /* default as text, or NULL */
	long min, max, max_high;              /* INT/LIMIT range; max_high with apihighlimits */
	const char *const *values;            /* ENUM: NULL-terminated allowed values */
	const char *const *deprecated_values; /* ENUM: values that warn when used */
	const char *deprecated_msg;           /* ENUM: their warning's key (no params), NULL: the generic one */
	const char *const *internal_values;   /* ENUM: values hidden from help */
	api_values_fn *values_fn;             /* ENUM: values computed per request */
	const char *submodule_group;          /* SUBMODULE: "prop", "list", "meta", "action", "format" */
	const char *submodule_prefix;         /* SUBMODULE: e.g. "g" for generator */
	unsigned user_types;                  /* USER: API_USER_* (0 = name|ip) */
	int multi_max;                        /* MULTI: value count limit (0 = 50) */
	int multi_max_high;                   /* MULTI: with apihighlimits (0 = 500) */
	const char *templatevars;             /* TEMPLATED: "var=param,var2=param2" */
	const char *desc;                     /* help text, our own words */
	const char *const *value_descs;       /* ENUM: "value=description" lines, optional */
	const char *info;                     /* "name|value|...=text": a note paraminfo lists under "info", or NULL */
};

/* A decoded multi-value parameter. */
struct api_list {
	size_t n;        /* number of values */
	const char **v;  /* values, arena-owned */
	long *iv;        /* INT/LIMIT/NAMESPACE: numeric values, else NULL */
};

/* True when `list` holds `value`. */
bool api_list_has(const struct api_list *list, const char *value);

/* ---------- module specs ---------- */

enum api_group {
	API_G_MAIN,   /* the main module itself */
	API_G_ACTION, /* action=... */
	API_G_PROP,   /* query prop=... */
	API_G_LIST,   /* query list=... */
	API_G_META,   /* query meta=... */
	API_G_FORMAT, /* format=... */
};

/* Module flags. */
enum {
	API_M_MUST_POST = 1 << 0,   /* GET → mustbeposted */
	API_M_WRITE = 1 << 1,       /* changes data: needs writeapi, not in read-only mode */
	API_M_NEEDS_TOKEN = 1 << 2, /* `token` parameter checked against token_type */
	API_M_INTERNAL = 1 << 3,    /* hidden from the action list in help */
	API_M_DEPRECATED = 1 << 4,  /* warns when used */
	API_M_NO_READ = 1 << 5,     /* usable without the `read` right (login, help...) */
	API_M_GENERATOR = 1 << 6,   /* query submodule usable as generator */
	API_M_RAW_OUTPUT = 1 << 7,  /* module writes the HTTP body itself */
	API_M_FEED = 1 << 8,        /* writes a feed, which cannot carry an error: see below */
};
/*
 * An API_M_FEED module's errors from its own run (not those of its
 * parameters, checked before) go out in the default format, jsonfm,
 * whatever `format` asked for, as MediaWiki's feed printer hands them on.
 */

struct api_module {
	const char *name;                   /* e.g. "edit", "revisions" */
	enum api_group group;               /* where it is reached from */
	const char *prefix;                 /* parameter prefix, "" for none */
	unsigned flags;                     /* API_M_* */
	const char *token_type;             /* NEEDS_TOKEN: "csrf", "login", ... */
	const struct api_param *params;     /* terminated by an entry with name NULL */
	size_t params_size;                 /* sizeof the params struct */
	const char *summary;                /* one sentence for lists */
	const char *help;                   /* longer help text, or NULL */
	const char *const *examples;        /* pairs: query string, description; NULL-terminated */
	const char *const *helpurls;        /* documentation links, NULL-terminated or NULL */
	const char *source;                 /* "MediaWiki" unless an extension's */
	const char *dynamic_params;         /* help on parameters the module reads beyond its table, or NULL */
	/*
	 * Run the module. `params` is the filled params struct (or NULL when
	 * params_size is 0). Returns RC_OK, or RC_ERR after api_error().
	 */
	int (*exec)(struct api_ctx *ctx, void *params);
	/*
	 * Query submodules with API_M_GENERATOR: produce pages into `out`
	 * instead of results. Returns like exec.
	 */
	int (*generate)(struct api_ctx *ctx, void *params, struct api_pageset *out);
	/*
	 * NEEDS_TOKEN modules with a web form's token as a second chance
	 * (ApiBase::getWebUITokenSalt): called when the token does not
	 * match, before badtoken, with the filled params; it may report the
	 * errors MediaWiki meets while working out that form's salt (RC_ERR).
	 * wikid has no web forms, so RC_OK means badtoken. NULL for none.
	 */
	int (*token_mismatch)(struct api_ctx *ctx, void *params);
};

/* Registry lookups (registry.c). */
const struct api_module *api_module_find(enum api_group group, const char *name);
/* All modules of a group in name order; *n receives the count. */
const struct api_module *const *api_modules_of(enum api_group group, size_t *n);
/* The main module spec (main parameters). */
const struct api_module *api_main_module(void);
/* "query+revisions" style path of a module. Static storage. */
const char *api_module_path(const struct api_module *m);
/* Group by name: "action", "prop", ...; returns -1 when unknown. */
int api_group_from_name(const char *name);
const char *api_group_name(enum api_group g);

/* ---------- request context ---------- */

struct api_ctx {
	struct arena *arena;             /* request arena: allocate everything here */
	struct http_request *req;        /* the HTTP request */
	struct http_response *resp;      /* for modules that set cookies/headers */
	struct store *store;             /* this worker's database connection */
	struct wiki_user *user;          /* the requesting user (anonymous if not logged in) */
	const struct api_module *module; /* module being run */
	struct api_node *result;         /* root of the result tree */
	int formatversion;               /* 1 or 2 */
	bool is_post;                    /* request came as POST */
	bool has_highlimits;             /* user has apihighlimits */
	const char *uselang;             /* resolved language code ("en", "qqx") */
	void *main;                      /* dispatcher state (api_int.h) */
};

/*
 * Parameter value by unprefixed name, as the client sent it, or NULL when
 * absent. For modules that need to know whether a defaulted parameter was
 * given explicitly.
 */
const char *api_param_raw(struct api_ctx *ctx, const char *name);
/* True when the client sent the parameter (prefixed name resolved). */
bool api_param_given(struct api_ctx *ctx, const char *name);
/*
 * ApiBase's parameter-set checks over unprefixed parameter names of the
 * running module (`names` NULL-terminated). A parameter counts as set when
 * the client sent it (even empty) or it has a default, as MediaWiki tests
 * the extracted values; a boolean only when sent. Each returns RC_OK or
 * RC_ERR after the error MediaWiki gives: exactly one set (invalidparammix
 * / missingparam with apierror-missingparam-one-of), at most one set
 * (invalidparammix), at least one set (missingparam with
 * apierror-missingparam-at-least-one-of). The parameters are named as
 * "<var>name</var>" in a text list, the set ones in declaration order.
 */
int api_require_one_of(struct api_ctx *ctx, const char *const *names);
int api_require_max_one(struct api_ctx *ctx, const char *const *names);
int api_require_at_least_one(struct api_ctx *ctx, const char *const *names);
/* The invalidparammix those give for the `n` parameters `names` that may not go together. */
int api_error_param_mix(struct api_ctx *ctx, const char *const *names, size_t n);

/* The name the client uses for parameter `name` of the running module ("rvlimit", "grvlimit"). */
const char *api_param_name(struct api_ctx *ctx, const char *name);

/* ---------- errors and warnings ---------- */

/*
 * Record an error with MediaWiki error code `code` and message `key`
 * (NULL → "apierror-<code>"), followed by the message's $1, $2, ...
 * parameters as strings. Always returns RC_ERR, so modules write
 *     return api_error(ctx, "missingtitle", NULL);
 */
#define api_error(ctx, code, ...) \
	api_error_v((ctx), (code), (const char *[]){ __VA_ARGS__, NULL })
int api_error_v(struct api_ctx *ctx, const char *code, const char *const *key_and_params);

/*
 * Record an error that a failed operation's status put into the result
 * before the module gives up with api_error() (MediaWiki's
 * addMessagesFromStatus() followed by dieWithError()): the newer
 * errorformats list it before the final error, and the
 * MediaWiki-API-Error header names it too; errorformat=bc, which holds
 * one error, shows only the final one. Returns nothing: an api_error()
 * must follow.
 */
#define api_error_added(ctx, code, ...) \
	api_error_added_v((ctx), (code), (const char *[]){ __VA_ARGS__, NULL })
void api_error_added_v(struct api_ctx *ctx, const char *code, const char *const *key_and_params);

/*
 * The error for a failed database operation (internal_api_error_DBQueryError
 * with the store's message). Always returns RC_ERR.
 */
int api_db_error(struct api_ctx *ctx);

/*
 * The most lagged read replica: its name ("" when there is none) into
 * *host (arena copy) and its lag in whole seconds into *lag, -1 without
 * replicas, as MediaWiki's LoadBalancer::getMaxLag() reports them.
 */
void api_db_lag(struct api_ctx *ctx, const char **host, int *lag);

/*
 * End the module's write transaction: commit when `rc` is RC_OK, else
 * (or when the commit fails) roll back and report the database error.
 * Returns RC_OK or RC_ERR. Not for errors the module reported itself:
 * those roll back with store_rollback() and return their own error.
 */
int api_db_finish(struct api_ctx *ctx, int rc);

/*
 * Extra members for the error object (e.g. maxlag's "host" and "lag").
 * Valid after api_error(); returns the node to add to.
 */
struct api_node *api_error_data(struct api_ctx *ctx);

/*
 * Add a warning for the running module, with code `code` and message
 * `key` (NULL → "apiwarn-<code>") plus string parameters.
 */
#define api_warn(ctx, code, ...) \
	api_warn_v((ctx), NULL, (code), (const char *[]){ __VA_ARGS__, NULL })
/* Same, for an explicit module path ("main", "query+revisions"). */
#define api_warn_for(ctx, path, code, ...) \
	api_warn_v((ctx), (path), (code), (const char *[]){ __VA_ARGS__, NULL })
void api_warn_v(struct api_ctx *ctx, const char *path, const char *code,
		const char *const *key_and_params);

/*
 * Typed message parameters. A message parameter is text unless made by
 * one of these, which wrap a value so that errorformat=raw shows it typed
 * as MediaWiki does (a PHP int, Message::numParam, plaintextParam,
 * listParam) and the message text formats it. The results are arena
 * strings that start with the byte 0xFF, which never occurs in the UTF-8
 * text of a request, and can be passed wherever a parameter goes.
 */
/* A bare number: raw shows 5. */
const char *api_p_int(struct arena *a, long long n);
/* A formatted number: raw shows {"num": 5}, text "1,234". */
const char *api_p_num(struct arena *a, long long n);
/* Text shown verbatim: raw shows {"plaintext": s}; `s` may be typed (api_p_int). */
const char *api_p_plain(struct arena *a, const char *s);
/*
 * A list: raw shows {"list": [items], "type": type}; the text joins the
 * items by `type`: "comma" (a, b), "semicolon" (a; b), "pipe" (a | b) or
 * "text" (a, b and c). Items may be typed but not lists themselves.
 */
const char *api_p_list(struct arena *a, const char *type, const char *const *items, size_t n);
/*
 * Another message as a parameter: raw shows {"message": {"key": key,
 * "params": [...]}}, the text is that message's. Its parameters may be
 * typed but not lists.
 */
const char *api_p_msg(struct arena *a, const char *key, const char *const *params, size_t n);
/*
 * A list item with an explicit index: a list whose items are not
 * numbered 0, 1, 2... shows as an object keyed by the indexes in raw (as
 * PHP's array_diff() leaves them).
 */
const char *api_p_keyed(struct arena *a, size_t index, const char *item);

/*
 * Extra members for the warning recorded last (outofrange's range, a
 * deprecation's feature): the newer errorformats write them as the
 * warning's "data". Returns the node to add to.
 */
struct api_node *api_warning_data(struct api_ctx *ctx);

/* Message text for `key` in the context's language, $n filled. Arena string. */
const char *api_msg(struct api_ctx *ctx, const char *key, const char *const *params);

/* ---------- blocks (blocks.c) ---------- */

struct wiki_block;
struct wiki_title;

/*
 * The block that applies to the requesting user (looked up once per
 * request), or NULL when there is none. On a database failure the error
 * is recorded and NULL returned.
 */
const struct wiki_block *api_user_block(struct api_ctx *ctx);

/*
 * The check every write makes after its rights checks
 * (PermissionManager::checkUserBlock): refuse with "blocked" or
 * "autoblocked" and the blockinfo data when the requesting user is
 * blocked from MediaWiki right `right` ("edit", "create", "move",
 * "upload", "createaccount", "sendemail", ...) on page `t` (NULL for
 * rights that are not about one page). Partial blocks refuse only on
 * their pages and namespaces and for their actions; a sitewide block
 * with allowusertalk lets the user edit their own talk page. Returns
 * RC_OK or RC_ERR after api_error(). Modules call it with the rights
 * MediaWiki checks for them, after their own permission errors, so
 * errors come in MediaWiki's order.
 */
int api_check_blocked(struct api_ctx *ctx, const char *right, const struct wiki_title *t);

/*
 * The block that stops the requesting user from creating an account
 * (PermissionManager's createaccount rule): their own block with
 * nocreate, or for a registered user without ipblock-exempt any block
 * with nocreate on the request's address. NULL when none (or after a
 * recorded database error).
 */
const struct wiki_block *api_account_creation_block(struct api_ctx *ctx);

/*
 * The message MediaWiki's BlockErrorFormatter gives block `b`
 * ("blockedtext", "blockedtext-partial", "autoblockedtext",
 * "blockedtext-composite"), with its API code in `*code` and its eight
 * parameters (blocker link, reason, IP, blocker, id, expiry, target,
 * time) in `*params` (in the arena). For responses that carry a message
 * instead of an error (createaccount, emailuser).
 */
const char *api_block_message(struct api_ctx *ctx, const struct wiki_block *b, const char **code,
			      const char *const **params);

/*
 * Refuse when the requesting user has a sitewide block, as the modules
 * that fail early do (purge, tag, undelete, userrights). RC_OK or
 * RC_ERR after api_error().
 */
int api_check_sitewide_block(struct api_ctx *ctx);

/*
 * Record MediaWiki's error for block `b` (ApiBase::dieBlocked):
 * "autoblocked" for autoblocks, else "blocked" (with the partial-block
 * message for partial blocks), carrying data.blockinfo. Returns RC_ERR.
 */
int api_die_blocked(struct api_ctx *ctx, const struct wiki_block *b);

/*
 * Add the members MediaWiki's ApiBlockInfoTrait gives a block (blockid,
 * blockedby, blockedbyid, blockreason, blockedtimestamp, blockexpiry,
 * blockpartial, blocknocreate, blockanononly and the formatted times)
 * to object `obj`.
 */
void api_add_blockinfo(struct api_ctx *ctx, struct api_node *obj, const struct wiki_block *b);

/*
 * User::spreadAnyEditBlock(): when a registered user whose account is
 * blocked with autoblock was refused a write, autoblock the address the
 * request came from. Call after the refusing transaction was rolled
 * back. Failures are ignored (the refusal stands either way).
 */
void api_spread_block(struct api_ctx *ctx);

/* ---------- change tags (tags.c) ---------- */

/*
 * The values a `tags` parameter offers (API_T_ENUM with API_P_MULTI |
 * API_P_UNCHECKED, as its values_fn): the tags that may be added by
 * hand, those defined with managetags and active. In the arena.
 */
const char *const *api_tag_values(struct api_ctx *ctx);

/*
 * Every defined tag, as ChangeTags::listDefinedTags(): those defined
 * with managetags (not deactivated) and those the software applies itself
 * (wiki_tag_software_list()), for a filter parameter such as
 * feedcontributions' tagfilter (its values_fn). In the arena.
 */
const char *const *api_defined_tag_values(struct api_ctx *ctx);

/*
 * Check the tags a client asks to add to its change, as
 * ChangeTags::canAddTagsAccompanyingChange(): RC_OK when there are none
 * or the user has applychangetags (else tags-apply-no-permission) and
 * every one may be added by hand; else RC_ERR after the badtags error
 * (with data.disallowedtags listing the others).
 */
int api_check_tags(struct api_ctx *ctx, const struct api_list *tags);

/*
 * The value check of a tags-typed parameter alone (MediaWiki's TagsDef,
 * which asks no rights): RC_OK when every one of `tags` may be added by
 * hand, else RC_ERR after the badtags error as api_check_tags() gives it.
 */
int api_check_tag_values(struct api_ctx *ctx, const struct api_list *tags);

/* ---------- result tree ---------- */

/*
 * The result is a tree of objects, arrays and scalars in the request
 * arena, with the metadata MediaWiki's ApiResult carries so that every
 * formatter and both formatversions render it right:
 *   - array type (API_ARR_*): list vs. object, and the "BC" types whose
 *     shape differs between formatversion 1 and 2;
 *   - the XML element name of list items (_element);
 *   - content values (the "*" key in formatversion 1, the node's own
 *     key — "content", "text", "docref"... — in 2, element text in XML);
 *   - booleans, which formatversion 1 writes as "" (true) or omits
 *     (false) unless marked API_N_KEEP_BOOL.
 * Keys must outlive the request (literals or arena strings); scalar
 * values are copied.
 */
enum api_node_type {
	API_N_OBJECT, /* members with keys */
	API_N_ARRAY,  /* items; see enum api_array_type */
	API_N_STRING, /* UTF-8 text */
	API_N_INT,    /* 64-bit integer */
	API_N_FLOAT,  /* double */
	API_N_BOOL,   /* true/false */
	API_N_NULL,   /* JSON null */
	API_N_RAW,    /* list items already written as JSON text (struct api_rows, JSON output only) */
};

enum api_array_type {
	API_ARR_DEFAULT,  /* OBJECT → assoc, ARRAY → list */
	API_ARR_BCARRAY,  /* fv1: object keyed by child keys; fv2: list */
	API_ARR_BCASSOC,  /* fv1: list; fv2: object */
	API_ARR_KVP,      /* object; XML: list of elements with a name attribute */
	API_ARR_BCKVP,    /* fv1: list of {name: key, "*": value}; fv2: object */
	API_ARR_ASSOC,    /* always an object, {} when empty (MediaWiki's "assoc" type) */
};

/* Node flags. */
enum {
	API_N_CONTENT = 1 << 0,    /* string is the parent's content value */
	API_N_KEEP_BOOL = 1 << 1,  /* fv1 keeps this boolean as a boolean */
	API_N_SUBELEMENT = 1 << 2, /* XML: write as a sub-element, not an attribute */
	API_N_PRESERVE = 1 << 3,   /* key starting with '_' is data, not metadata */
	API_N_BC_SUBELEMENT = 1 << 4, /* fv1 JSON/PHP: wrapped as {"*": value}; XML: sub-element */
	/* Set by api_node_set_key() from the key itself, for the output formats: */
	API_N_KEY_META = 1 << 5,  /* key starts with '_' (metadata unless API_N_PRESERVE) */
	API_N_KEY_PLAIN = 1 << 6, /* key is printable ASCII without '"' or '\\' */
	API_N_HAS_KEYLESS = 1 << 7, /* container: a child without a key was linked in */
};

struct sbuf;

struct api_node {
	enum api_node_type type;   /* see above */
	unsigned flags;            /* API_N_* */
	const char *key;           /* member name; for array items, the BC key or NULL */
	struct api_node *next;     /* next sibling */
	struct api_node *first;    /* first child (OBJECT/ARRAY) */
	struct api_node *last;     /* last child, for O(1) append */
	struct api_node *parent;   /* container, NULL at the root */
	size_t n_children;         /* children count */
	enum api_array_type atype; /* OBJECT/ARRAY shape */
	unsigned key_len;          /* strlen(key), 0 without a key */
	const char *element;       /* XML name for list items (default "_v") */
	const char *kvp_name;      /* KVP/BCKVP: attribute/key holding the name */
	struct api_result *res;    /* owning result (arena, size accounting) */
	union {
		struct {
			const char *s; /* STRING bytes, NUL-terminated */
			size_t len;    /* STRING length */
		} str;
		long long i;           /* INT */
		double d;              /* FLOAT */
		bool b;                /* BOOL */
		const struct sbuf *raw; /* RAW: the items' JSON text, comma-separated */
	} v;
};

/* A result tree's bookkeeping. */
struct api_result {
	struct arena *arena; /* where nodes live */
	size_t size;         /* bytes of scalar data added so far */
	size_t text_size;    /* bytes of list items written as JSON text (struct api_rows) */
	size_t max_size;     /* soft cap; api_result_full() reports reaching it */
	/* Keys seen lately, by address: list rows repeat the same few keys thousands of times. */
	struct {
		const char *key;
		unsigned len, flags;
	} key_cache[128];
};

/* Make an empty root object for a new result. */
struct api_node *api_result_new(struct arena *arena, size_t max_size);

/* Add members to an OBJECT (or items to an ARRAY when key is NULL). */
struct api_node *api_add_object(struct api_node *parent, const char *key);
struct api_node *api_add_array(struct api_node *parent, const char *key, const char *element);
struct api_node *api_add_str(struct api_node *parent, const char *key, const char *value);
struct api_node *api_add_strn(struct api_node *parent, const char *key, const char *value, size_t len);
struct api_node *api_add_int(struct api_node *parent, const char *key, long long value);
struct api_node *api_add_float(struct api_node *parent, const char *key, double value);
struct api_node *api_add_bool(struct api_node *parent, const char *key, bool value);
struct api_node *api_add_null(struct api_node *parent, const char *key);
/*
 * Set the content value of an object: written under "*" in formatversion
 * 1, under its own key in formatversion 2 ("content" for api_add_content,
 * `key` for api_add_content_as), and as element text in XML. An object
 * has at most one content value; setting another replaces it.
 */
struct api_node *api_add_content(struct api_node *parent, const char *value, size_t len);
struct api_node *api_add_content_as(struct api_node *parent, const char *key, const char *value,
				    size_t len);
/* printf-formatted string member. */
struct api_node *api_add_strf(struct api_node *parent, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The child `key` of an object, or NULL. */
struct api_node *api_node_get(const struct api_node *parent, const char *key);
/* The child object `key`, created (empty) when missing. */
struct api_node *api_node_object(struct api_node *parent, const char *key);
/* Remove the child `key` if present. */
void api_node_remove(struct api_node *parent, const char *key);
/* Detach `child` from its parent. */
void api_node_unlink(struct api_node *child);
/* Move `child` (unlinked) to the end, or the front, of container `parent`. */
void api_node_append(struct api_node *parent, struct api_node *child);
void api_node_prepend(struct api_node *parent, struct api_node *child);
/* Give `node` the member name `key` (NULL for list items), with its length and API_N_KEY_* flags. */
void api_node_set_key(struct api_node *node, const char *key);

/* Set array shape / XML item element. Return the node for chaining. */
struct api_node *api_node_set_type(struct api_node *node, enum api_array_type t, const char *kvp_name);
struct api_node *api_node_set_element(struct api_node *node, const char *element);

/* True when the result has grown past its cap: stop adding and continue. */
bool api_result_full(const struct api_ctx *ctx);

/*
 * Long lists, item by item (list=recentchanges, usercontribs, ...): the
 * items of `list` are written straight into JSON text when the request's
 * output is format=json, without a result node per value, and added to
 * the tree as usual for every other format. The output is byte for byte
 * what the tree would give, and the result size grows by the same
 * amounts, so api_result_full() stops a list at the same item.
 *
 *     struct api_rows w;
 *     api_rows_start(ctx, &w, list);
 *     while (...) {
 *             api_row_begin(&w);
 *             api_row_int(&w, "pageid", id);
 *             query_add_tags(ctx, api_row_node(&w), ...);
 *             api_row_end(&w);
 *     }
 *
 * `list` must be an empty list (api_add_array()) that nothing else adds
 * to. Members are written in the order of the calls. Keys follow the
 * rules of api_add_*(): literals or arena strings.
 */
/* A key of a list item member as struct api_rows writes it. */
struct api_row_key {
	const char *key;  /* the key's address */
	const char *text; /* ,"key": (escaped when needed), NULL for a metadata key */
	unsigned len;     /* bytes of text */
	unsigned klen;    /* strlen(key) */
};

struct api_rows {
	struct api_node *list;  /* the list the items go to */
	struct api_node *item;  /* tree: the current item; JSON: holder of api_row_node()'s members */
	struct api_node *raw;   /* JSON: the API_N_RAW node of the list, NULL before the first item */
	struct sbuf *json;      /* JSON: the items' text; NULL when writing the tree */
	const struct api_node *content; /* JSON, formatversion 1: the item's content value, written last */
	struct api_result *res; /* the result, for its size */
	bool is_fv1;            /* JSON: formatversion 1 (booleans "" or left out) */
	bool is_utf8;           /* JSON: non-ASCII written as UTF-8, not escaped */
	bool has_content;       /* JSON: the current item has its content value */
	bool has_nodes;         /* JSON: api_row_node() was called since its members were last written */
	bool assoc;             /* items typed "assoc": an item without members is {}, not [] (set after start) */
	size_t item_at;         /* JSON: offset of the current item's text (its '{' once it has a member) */
	long expect;            /* JSON: items the module expects to write (api_rows_expect()), 0 unknown */
	size_t first_size;      /* JSON: bytes of the first item's text, 0 before it ends */
	unsigned n_keys; /* JSON: entries of keys[] in use */
	unsigned pos;    /* JSON: members of the current item so far */
	/* JSON: the key the member at each position had last time (items repeat their keys in order). */
	struct api_row_key at[32];
	/* JSON: the keys met so far, by address (open addressing), each with its text ready to copy. */
	struct api_row_key keys[32];
};

/* Start writing the items of the empty list `list` (see above). */
void api_rows_start(struct api_ctx *ctx, struct api_rows *w, struct api_node *list);
/*
 * The same for a list inside an item of another list (written as a tree
 * or text like `like`, which lends the keys it has learnt): a list of
 * revisions under each page, for instance. Each list has its own text.
 */
void api_rows_start_like(struct api_rows *w, struct api_node *list, const struct api_rows *like);
/*
 * Say that about `items` items will follow (a module's limit), so that
 * the text buffer is sized once from the first item instead of growing
 * step by step. Optional.
 */
void api_rows_expect(struct api_rows *w, long items);
/* Begin the next item (an object). */
void api_row_begin(struct api_rows *w);
/* Members of the current item, as api_add_strn/str/int/bool. NULL strings are "". */
void api_row_strn(struct api_rows *w, const char *key, const char *value, size_t len);
void api_row_str(struct api_rows *w, const char *key, const char *value);
void api_row_int(struct api_rows *w, const char *key, long long value);
void api_row_bool(struct api_rows *w, const char *key, bool value);
/* The prefixed title of page `dbkey` in namespace `ns`, as api_row_str() of wiki_title_prefixed(). */
void api_row_title(struct api_rows *w, const char *key, int ns, const char *dbkey);
/*
 * The 14-digit timestamp `ts` in ISO 8601 ("2026-12-03T09:33:40Z"), as
 * api_row_str() of wiki_timestamp_iso(); anything else (NULL is "") as it is.
 */
void api_row_timestamp(struct api_rows *w, const char *key, const char *ts);
/*
 * An object to add further members of the current item to with api_add_*()
 * (arrays, objects, flagged values, a content value): they take their
 * place after the members written before this call (a content value
 * last, in formatversion 1; one per item). Valid until the next
 * api_row_*() call on `w`. Not for members without a key.
 */
struct api_node *api_row_node(struct api_rows *w);
/* End the current item. */
void api_row_end(struct api_rows *w);

/* ---------- query framework (query.c) ---------- */

/*
 * Record a continuation parameter for the running query submodule: the
 * client resends `<prefix><name>=value` to get the next batch. Generators
 * use the same call; query.c sorts out the "continue" protocol.
 */
void api_continue_set(struct api_ctx *ctx, const char *name, const char *value);

/*
 * For a generator: a parameter that pins where the generator starts, sent
 * back only while prop modules still work on the batch (so the batch is
 * made again the same way); MediaWiki's "generator non-continue" data.
 */
void api_continue_set_base(struct api_ctx *ctx, const char *name, const char *value);

/* The node under query where a list or meta module adds its result ("query.<key>"). */
struct api_node *api_query_node(struct api_ctx *ctx);

/* ---------- dispatch ---------- */

/*
 * For a module that writes its own body (API_M_RAW_OUTPUT): let every
 * cache keep the answer for `seconds`, as MediaWiki's setCacheMode('public')
 * with setCacheMaxAge() — Cache-Control and an Expires date that far ahead;
 * for a logged-in user asking in their own language, private caches only
 * (and no Expires). True when the answer was made public.
 */
bool api_cache_public(struct api_ctx *ctx, int seconds);

/* The /w/api.php handler installed into the HTTP server. */
void api_handle_request(struct http_request *req, struct http_response *resp);

/* Build the registry; call once at start-up before serving. */
void api_init(void);

/* Write docs/modules.md (every module and parameter) to `f`. */
int api_docs_markdown(FILE *f);

#endif
