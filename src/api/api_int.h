/* SPDX-License-Identifier: MIT */
/*
 * api_int.h — private to src/api: dispatcher state, the message table,
 * parameter validation entry points and the formatter interface. Modules
 * under src/api/modules/ may include it for the framework modules (help,
 * paraminfo, query) that need more than api.h offers.
 */
#ifndef API_INT_H
#define API_INT_H

#include "api.h"

/* errorformat values. */
enum api_errorformat {
	API_EF_BC,        /* pre-1.29 shape: error.code/info, warnings.<module>.* */
	API_EF_PLAINTEXT, /* errors/warnings arrays, text as plain text */
	API_EF_WIKITEXT,  /* ... text as wikitext */
	API_EF_HTML,      /* ... text as HTML */
	API_EF_RAW,       /* ... key + params instead of text */
	API_EF_NONE,      /* ... code (and module) only */
};

/* One recorded error or warning. */
struct api_msgrec {
	const char *code;          /* API code, e.g. "missingtitle" */
	const char *key;           /* message key, e.g. "apierror-missingtitle" */
	const char *const *params; /* NULL-terminated string parameters */
	const char *module;        /* module path, e.g. "main", "query+info" */
	struct api_node *data;     /* warnings: the "data" members (api_warning_data()), or NULL */
	struct api_msgrec *next;   /* next in order of recording */
	bool added;                /* errors: from api_error_added(), which errorformat=bc drops */
};

/* Continuation state of one query request (query.c). */
struct api_continue;
struct api_format_opts;

struct api_main {
	enum api_errorformat errorformat; /* how errors/warnings render */
	const char *errorlang;            /* language for error texts */
	struct api_msgrec *errors;        /* recorded errors, oldest first */
	struct api_msgrec *format_error;  /* the output format's own parameter error (in errors), or NULL */
	struct api_msgrec *warnings;      /* recorded warnings, oldest first */
	struct api_msgrec *last_warning;  /* the one api_warn_v() recorded last */
	struct api_node *warnings_node;   /* the result's "warnings" member, placed at the first warning */
	bool last_was_repeat;             /* api_warn_v() last dropped a repeat of an earlier warning */
	struct api_node *error_data;      /* extra members for the (first) error */
	const char *module_path;          /* path of the running module */
	const char *prefix;               /* parameter prefix of the running module */
	bool *used;                       /* per req->params entry: consumed by a spec */
	struct api_continue *cont;        /* query continuation, or NULL */
	int http_status;                  /* status to send for an error, 0 = default */
	const struct api_format_opts *fo; /* the request's output format, for modules that write their own */
	const char *url_secrets;          /* sensitive parameters found in the URL, ", "-joined, or NULL */
	int n_url_secrets;                /* their count */
};

static inline struct api_main *api_main_of(struct api_ctx *ctx)
{
	return (struct api_main *)ctx->main;
}

/*
 * Mark the warning recorded last as a deprecation of `what` (a parameter
 * name, or "name=value" for a deprecated value) of the running module:
 * the newer errorformats then carry data.feature as MediaWiki writes it,
 * "action=watch&title" or "action=query&list=watchlist&wlfoo". (dispatch.c)
 */
void api_warn_feature(struct api_ctx *ctx, const char *what);

/*
 * Add the recorded warnings to `root` in the request's errorformat
 * ("warnings": {module: {"*": text}} in bc, a list otherwise). The
 * dispatcher does this for every result; modules that write their own
 * output (action=opensearch) call it for theirs. (dispatch.c)
 */
void api_emit_warnings(struct api_ctx *ctx, struct api_node *root);

/*
 * Add message `key` with `params` (NULL-terminated) to the object `obj` as
 * errorformat `ef` writes a message: plaintext and wikitext as "text",
 * html as "html" (content values), raw as "key" and the typed "params";
 * bc and none add nothing. For messages outside the errors and warnings
 * (prop=info's testactions details, login reasons). (dispatch.c)
 */
void api_add_message(struct api_ctx *ctx, struct api_node *obj, enum api_errorformat ef, const char *key,
		     const char *const *params);

/*
 * The refusal of an action that needs `right`, as MediaWiki words it:
 * "badaccess-groups" with params[0] the groups that have the right (links
 * to their project pages, ", "-joined) and params[1] their count, or
 * "badaccess-group0" when no group has it (params[0] NULL). `params` has
 * room for 3 and ends NULL-terminated. Returns the key. (dispatch.c)
 */
const char *api_badaccess(struct api_ctx *ctx, const char *right, const char *params[3]);

struct wiki_refusal;

/*
 * The message parameters of a permission refusal (wiki_perm_check()),
 * NULL-terminated in the arena, with the counts MediaWiki passes as
 * numbers typed as such (api_p_int) for errorformat=raw. (dispatch.c)
 */
const char *const *api_refusal_params(struct api_ctx *ctx, const struct wiki_refusal *r);

/*
 * Copy `len` bytes of `s` into `a` as the result keeps string values
 * (UtfNormal's cleanUp): every byte that does not start a valid UTF-8
 * sequence, C0 controls but tab, LF and CR, and U+FFFE/U+FFFF become
 * U+FFFD, and the text is put in NFC. Sets *out_len. (result.c)
 */
char *api_utf8_clean(struct arena *a, const char *s, size_t len, size_t *out_len);

/*
 * api_rows_start() for output format `fo` (NULL: the tree): the items
 * become JSON text only for format=json. (rows.c)
 */
void api_rows_start_for(struct api_rows *w, struct api_node *list, const struct api_format_opts *fo);

/* ---------- messages (messages.c, messages.def) ---------- */

/* Sort and check the message table; called by api_init(). */
void api_messages_init(void);

/* English text of `key` with $1.. placeholders, or NULL when unknown. */
const char *api_msg_template(const char *key);
/* Fill $1.. in `tmpl` with `params`. Arena string. */
const char *api_msg_fill(struct arena *a, const char *tmpl, const char *const *params);
/* What a message parameter is (see api_p_int() and friends in api.h). */
enum api_ptype {
	API_PT_TEXT,  /* plain text, the default */
	API_PT_INT,   /* api_p_int */
	API_PT_NUM,   /* api_p_num */
	API_PT_PLAIN, /* api_p_plain */
	API_PT_LIST,  /* api_p_list */
	API_PT_KEYED, /* api_p_keyed */
	API_PT_MSG,   /* api_p_msg */
};

/* A message parameter taken apart by api_p_decode(). */
struct api_pval {
	enum api_ptype type; /* see above */
	long long n;         /* INT, NUM: the number; KEYED: the index */
	const char *inner;   /* PLAIN, KEYED: the wrapped parameter; TEXT: the text */
	const char *ltype;   /* LIST: "comma", "text", ...; MSG: the message key */
	const char **items;  /* LIST: the items; MSG: the parameters (NULL-terminated, arena) */
	size_t n_items;      /* LIST, MSG: their count */
};

/* Take apart a message parameter; lists' items are split into `a`. */
void api_p_decode(struct arena *a, const char *param, struct api_pval *out);
/* The text a message shows for a parameter, in `a` (the parameter itself when untyped). */
const char *api_p_text(struct arena *a, const char *param);
/* `s` with <, >, & and " escaped for HTML, in `a` (html errorformat, display titles). */
const char *api_html_escape(struct arena *a, const char *s);

/* Every message key, sorted; *n receives the count (allmessages). */
const char *const *api_msg_keys(size_t *n);

/* ---------- parameters (params.c) ---------- */

/*
 * Validate the request's parameters against module `m`'s spec table with
 * `prefix` (the module's own prefix, or a generator's "g" + prefix) and
 * fill `out` (m->params_size bytes, zeroed by the caller). Marks the
 * parameters it consumed in the main state. Returns RC_OK, or RC_ERR
 * after api_error().
 */
int api_params_fill(struct api_ctx *ctx, const struct api_module *m, const char *prefix, void *out);

/*
 * Fill the API_P_LATE parameters of the running action module into
 * `out` (its parameter struct), which api_params_fill() left alone:
 * a module calls it where MediaWiki reads them (its page set, inside
 * execute). Returns RC_OK, or RC_ERR after api_error().
 */
int api_params_fill_late(struct api_ctx *ctx, void *out);

/* The raw value of request parameter `full_name` (prefix included), or NULL. */
const struct http_param *api_param_lookup(struct api_ctx *ctx, const char *full_name);

/* The same, marking the parameter as used (no "unused parameter" warning for it). */
const struct http_param *api_param_take(struct api_ctx *ctx, const char *full_name);

/*
 * Split a multi-value string on '|' (or on U+001F when it starts with
 * U+001F). Returns the number of values; *out is arena-allocated.
 */
size_t api_split_multi(struct arena *a, const char *s, const char ***out);

/* Emit "unrecognizedparams" for every request parameter nobody consumed. */
void api_params_warn_unused(struct api_ctx *ctx);

/* ---------- formatters (format_*.c) ---------- */

/* Options of the format modules; also the params struct of format modules. */
struct api_format_opts {
	const char *callback;     /* json: JSONP function name */
	bool utf8;                /* json fv1: emit UTF-8 instead of \u escapes */
	bool ascii;               /* json fv2: escape everything non-ASCII */
	const char *formatversion; /* "1", "2", "latest" */
	const char *xslt;         /* xml: stylesheet title */
	bool includexmlnamespace; /* xml: add the xmlns attribute */
	bool wrappedhtml;         /* *fm: return HTML wrapped in JSON */
	const char *xml_root;     /* xml: root element name, NULL for "api" (opensearch: "SearchSuggestion") */
	/* Filled by the dispatcher, not parameters: */
	int fv;                   /* resolved formatversion, 1 or 2 */
	bool is_fm;               /* pretty-printed HTML page */
	const char *name;         /* format module name */
	bool is_error;            /* the result is an error response */
};

/*
 * Write `root` in format `o->name` into `out` and set *content_type.
 * Returns RC_OK, or RC_TOOBIG when `out` hit its cap.
 */
int api_format_write(struct api_ctx *ctx, struct api_node *root, const struct api_format_opts *o,
		     struct sbuf *out, const char **content_type);

/* Serializers, one per file; `pretty` indents for the *fm formats. */
int api_format_json(struct api_node *root, const struct api_format_opts *o, bool pretty, struct sbuf *out);
int api_format_xml(struct api_node *root, const struct api_format_opts *o, bool pretty, struct sbuf *out);
int api_format_php(struct api_node *root, const struct api_format_opts *o, struct sbuf *out);

/* paraminfo's name of a parameter type ("integer", "limit", ...; "enum" for value lists). */
const char *api_type_name(enum api_type t);

/* Build the sorted module table (registry.c); called by api_init(). */
void api_registry_init(void);

/*
 * The submodules of `m` (main: the actions, then the formats; query: prop,
 * list, meta modules), each group in name order, into `out` (at most
 * `cap`). Returns the count; 0 for a module without submodules.
 */
size_t api_submodules_of(const struct api_module *m, const struct api_module **out, size_t cap);

/*
 * The module `path` names, resolved as ApiBase::getModuleFromPath does:
 * "main", or parts joined by "+" each naming a submodule of the one
 * before ("edit", "json", "query+info"; a path without "+" may use spaces
 * instead, as a "+" typed into a URL arrives). When there is none, records
 * badmodule (apierror-badmodule-badsubmodule with the parent's path and
 * the unknown name, or apierror-badmodule-nosubmodules with the path of a
 * module that has none) as an error, or as a warning of the running
 * module when `as_warning`, and returns NULL.
 */
const struct api_module *api_module_from_path(struct api_ctx *ctx, const char *path, bool as_warning);

/* ---------- tokens (tokens.c) ---------- */

/*
 * Check the `token` parameter of module `m` (API_M_NEEDS_TOKEN) against
 * the session: missing → missingparam, wrong → badtoken. Marks the
 * parameter used. Returns RC_OK or RC_ERR after api_error().
 */
int api_token_check(struct api_ctx *ctx, const struct api_module *m, void *params);

/* ---------- help (help.c) ---------- */

/*
 * HTML help for the modules `paths` name ("main", "edit", "query+info"),
 * with their submodules when `recursive`. Returns RC_OK, RC_TOOBIG when
 * `out` fills up, or RC_ERR after a badmodule error for a path that names
 * no module.
 */
int api_help_html(struct api_ctx *ctx, const char *const *paths, size_t n, bool recursive,
		  bool toc, struct sbuf *out);

#endif
