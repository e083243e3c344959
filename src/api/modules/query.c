/* SPDX-License-Identifier: MIT */
/*
 * query.c — action=query: runs the requested prop, list and meta
 * submodules and merges their continuation into MediaWiki's "continue"
 * protocol (or the old "query-continue" shape with rawcontinue).
 *
 * The continue protocol, as clients see it:
 *   - a submodule that has more to give calls api_continue_set(); its
 *     prefixed parameter goes into result.continue;
 *   - result.continue.continue = "<generator part>||<finished modules>":
 *     "-" when no generator is pending; the modules listed after "||"
 *     have finished and are skipped when the client sends the whole
 *     continue object back with its original parameters;
 *   - "batchcomplete" is set when no prop module left work for the
 *     current set of pages.
 * A "continue" value the client did not get from us is refused with
 * badcontinue.
 */
#include "../api_int.h"

#include <stddef.h>
#include <stdlib.h>

#include "../../dump/dump.h"
#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct query_params {
	struct api_list prop; /* prop submodules */
	struct api_list list; /* list submodules */
	struct api_list meta; /* meta submodules */
	bool indexpageids;    /* add query.pageids */
	bool export_;         /* add an XML dump of the pages (query.export) */
	bool exportnowrap;    /* answer with the XML dump alone */
	const char *exportschema; /* "0.10" or "0.11" */
	const char *iwurl;    /* (bool) full URLs for interwiki titles */
	const char *cont;     /* "continue" value sent back by the client */
	bool rawcontinue;     /* old query-continue shape */
	struct query_pageset_params ps; /* titles, pageids, revids, generator, ... */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_SUBMODULE, .submodule_group = "prop", .flags = API_P_MULTI,
	  .offset = offsetof(struct query_params, prop),
	  .desc = "Properties to get for the pages of the page set." },
	{ .name = "list", .type = API_T_SUBMODULE, .submodule_group = "list", .flags = API_P_MULTI,
	  .offset = offsetof(struct query_params, list), .desc = "Lists to get." },
	{ .name = "meta", .type = API_T_SUBMODULE, .submodule_group = "meta", .flags = API_P_MULTI,
	  .offset = offsetof(struct query_params, meta), .desc = "Metadata to get." },
	{ .name = "indexpageids", .type = API_T_BOOL, .offset = offsetof(struct query_params, indexpageids),
	  .desc = "Also list the page IDs of the result in query.pageids." },
	{ .name = "export", .type = API_T_BOOL, .offset = offsetof(struct query_params, export_),
	  .desc = "Export the current revisions of all given or generated pages as an XML dump." },
	{ .name = "exportnowrap", .type = API_T_BOOL, .offset = offsetof(struct query_params, exportnowrap),
	  .desc = "Answer with the XML dump alone (as a file), not wrapped in the API result. Only "
		  "with export." },
	{ .name = "exportschema", .type = API_T_ENUM, .values = dump_schema_names, .dflt = "0.11",
	  .offset = offsetof(struct query_params, exportschema),
	  .desc = "The version of the XML dump format to write. Only with export." },
	{ .name = "iwurl", .type = API_T_BOOL, .offset = offsetof(struct query_params, iwurl),
	  .desc = "Give the full URL of titles that point to other wikis." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct query_params, cont),
	  .desc = "Send back the \"continue\" object of the previous response, with all its members, to "
		  "get the next batch." },
	{ .name = "rawcontinue", .type = API_T_BOOL, .offset = offsetof(struct query_params, rawcontinue),
	  .desc = "Return continuation in the old \"query-continue\" shape instead." },
	QUERY_PAGESET_PARAMS(struct query_params, ps, 0)
	{ 0 }
};

/* One continuation parameter set by a submodule. */
struct cont_entry {
	const struct api_module *module; /* who set it */
	const char *name;                /* full parameter name, prefix included */
	const char *value;               /* value to send back */
	bool is_generator;               /* set by the generator module */
	bool is_base;                    /* api_continue_set_base(): only while props are pending */
	bool is_int;                     /* query_continue_set_int(): written as a JSON number */
	struct cont_entry *next;         /* next in order of setting */
};

struct api_continue {
	struct cont_entry *entries;       /* set during this request */
	const char *prefix;               /* prefix of the running submodule */
	bool in_generator;                /* the generator is running */
	const char *const *skip;          /* modules the client says are finished */
	size_t n_skip;                    /* entries in skip */
	bool generator_done;              /* client's continue began with "-" */
	struct api_node *query;           /* result.query, created lazily */
};

static void continue_add(struct api_ctx *ctx, const char *name, const char *value, bool is_base)
{
	struct api_continue *c = api_main_of(ctx)->cont;
	if (!c)
		BUG("api_continue_set outside action=query");
	struct cont_entry *e = arena_calloc(ctx->arena, 1, sizeof(*e));
	e->module = ctx->module;
	e->name = arena_printf(ctx->arena, "%s%s", c->prefix ? c->prefix : "", name);
	e->value = arena_strdup(ctx->arena, value);
	e->is_generator = c->in_generator;
	e->is_base = is_base;
	struct cont_entry **tail = &c->entries;
	while (*tail)
		tail = &(*tail)->next;
	*tail = e;
}

void api_continue_set(struct api_ctx *ctx, const char *name, const char *value)
{
	continue_add(ctx, name, value, false);
}

void api_continue_set_base(struct api_ctx *ctx, const char *name, const char *value)
{
	if (!query_generator_running(ctx))
		BUG("api_continue_set_base outside a generator");
	continue_add(ctx, name, value, true);
}

void query_continue_set_int(struct api_ctx *ctx, const char *name, long long value)
{
	continue_add(ctx, name, arena_printf(ctx->arena, "%lld", value), false);
	struct cont_entry *e = api_main_of(ctx)->cont->entries;
	while (e->next)
		e = e->next;
	e->is_int = true;
}

/* Write entry `e` into the continue object `obj`, as a number when it is one. */
static void add_value(struct api_node *obj, const struct cont_entry *e)
{
	if (e->is_int)
		api_add_int(obj, e->name, strtoll(e->value, NULL, 10));
	else
		api_add_str(obj, e->name, e->value);
}

struct api_node *api_query_node(struct api_ctx *ctx)
{
	struct api_continue *c = api_main_of(ctx)->cont;
	if (!c)
		BUG("api_query_node outside action=query");
	if (!c->query)
		c->query = api_node_object(ctx->result, "query");
	return c->query;
}

bool query_generator_running(struct api_ctx *ctx)
{
	struct api_continue *c = api_main_of(ctx)->cont;
	return c && c->in_generator;
}

/* Is module `m` listed as finished in the client's continue value? */
static bool is_skipped(const struct api_continue *c, const struct api_module *m)
{
	for (size_t i = 0; i < c->n_skip; i++)
		if (streq(c->skip[i], m->name))
			return true;
	return false;
}

/* Parse the client's "continue" value. Returns RC_OK or RC_ERR (badcontinue). */
static int parse_continue(struct api_ctx *ctx, struct api_continue *c, const char *v)
{
	/* Exactly two parts, as MediaWiki's explode('||'). */
	const char *sep = strstr(v, "||");
	if (!sep || strstr(sep + 2, "||")) {
		/* ApiContinuationManager raises it for the main module, not for query. */
		struct api_main *m = api_main_of(ctx);
		const char *path = m->module_path;
		m->module_path = "main";
		api_error(ctx, "badcontinue", NULL);
		m->module_path = path;
		return RC_ERR;
	}
	c->generator_done = sep - v == 1 && v[0] == '-';
	const char **skip;
	c->n_skip = *(sep + 2) ? api_split_multi(ctx->arena, sep + 2, &skip) : 0;
	c->skip = c->n_skip ? skip : NULL;
	return RC_OK;
}

/* Run one submodule: fill its parameters under `prefix`, then exec or generate. */
/* query_run_module() and query_check_module(): run `m` only when `exec`. */
static int run_sub(struct api_ctx *ctx, const struct api_module *m, const char *prefix, struct api_pageset *gen_out,
		   bool as_generator, bool exec)
{
	struct api_main *main = api_main_of(ctx);
	struct api_continue *c = main->cont;
	const struct api_module *saved_mod = ctx->module;
	const char *saved_path = main->module_path;
	const char *saved_prefix = c->prefix;
	const char *saved_param_prefix = main->prefix;
	void *p = m->params_size ? arena_calloc(ctx->arena, 1, m->params_size) : NULL;
	int rc;

	ctx->module = m;
	main->module_path = api_module_path(m);
	c->prefix = prefix;
	c->in_generator = as_generator;
	/* A deprecated submodule says so itself, with its own message, as MediaWiki's do (ApiQuery adds nothing). */
	rc = api_params_fill(ctx, m, prefix, p);
	if (rc == RC_OK && exec)
		rc = gen_out ? m->generate(ctx, p, gen_out) : m->exec(ctx, p);
	c->in_generator = false;
	c->prefix = saved_prefix;
	main->prefix = saved_param_prefix;
	ctx->module = saved_mod;
	main->module_path = saved_path;
	return rc;
}

int query_run_module(struct api_ctx *ctx, const struct api_module *m, const char *prefix,
		     struct api_pageset *gen_out)
{
	return run_sub(ctx, m, prefix, gen_out, gen_out != NULL, true);
}

int query_check_module(struct api_ctx *ctx, const struct api_module *m, const char *prefix, bool as_generator)
{
	return run_sub(ctx, m, prefix, NULL, as_generator, false);
}

/* Write result.continue (or query-continue) and batchcomplete. */
static void output_continue(struct api_ctx *ctx, struct api_continue *c, const struct query_params *qp,
			    const struct api_module *const *ran, size_t n_ran, bool used_generator)
{
	struct api_node *root = ctx->result;
	bool prop_pending = false, other_pending = false, gen_pending = false, has_base = false;
	for (struct cont_entry *e = c->entries; e; e = e->next) {
		if (e->is_base)
			has_base = true;
		else if (e->is_generator)
			gen_pending = true;
		else if (e->module->group == API_G_PROP)
			prop_pending = true;
		else
			other_pending = true;
	}
	if (qp->rawcontinue) {
		if (!prop_pending && !gen_pending && !other_pending)
			return;
		struct api_node *qc = api_add_object(root, "query-continue");
		for (struct cont_entry *e = c->entries; e; e = e->next) {
			if (e->is_base)
				continue;
			struct api_node *mn = api_node_object(qc, e->module->name);
			add_value(mn, e);
		}
		if (has_base) {
			struct api_node *qn = api_add_object(root, "query-noncontinue");
			for (struct cont_entry *e = c->entries; e; e = e->next)
				if (e->is_base)
					api_add_str(api_node_object(qn, e->module->name), e->name, e->value);
		}
		return;
	}
	if (!prop_pending)
		api_add_bool(root, "batchcomplete", true);
	if (!prop_pending && !gen_pending && !other_pending)
		return;
	struct api_node *cn = api_add_object(root, "continue");
	/* Non-generator entries first, as MediaWiki lists them. */
	for (struct cont_entry *e = c->entries; e; e = e->next)
		if (!e->is_generator)
			add_value(cn, e);
	struct sbuf gen;
	sbuf_init(&gen, 4096);
	if (prop_pending) {
		/*
		 * Props still working on this batch of generated pages: the
		 * generator must produce the same batch again, so its own
		 * continuation is held back and its original parameters stay,
		 * after the parameters that pin its starting point.
		 */
		for (struct cont_entry *e = c->entries; e; e = e->next) {
			if (!e->is_base)
				continue;
			add_value(cn, e);
			if (gen.len)
				sbuf_addc(&gen, '|');
			sbuf_adds(&gen, e->name);
		}
		query_generator_keys(ctx, &qp->ps, cn, &gen);
	} else if (gen_pending) {
		for (struct cont_entry *e = c->entries; e; e = e->next) {
			if (!e->is_generator || e->is_base)
				continue;
			add_value(cn, e);
			if (gen.len)
				sbuf_addc(&gen, '|');
			sbuf_adds(&gen, e->name);
		}
	}
	/*
	 * "-" says no generator work is left; while props are pending the
	 * part lists the generator's held-back keys, empty without a
	 * generator ("||"), as MediaWiki sends.
	 */
	if (!gen.len && !prop_pending)
		sbuf_addc(&gen, '-');
	sbuf_adds(&gen, "||");
	/* Finished = ran (or skipped before) and left nothing to continue. */
	bool first = true;
	for (size_t i = 0; i < n_ran; i++) {
		bool pending = false;
		for (struct cont_entry *e = c->entries; e; e = e->next)
			if (e->module == ran[i] && !e->is_generator && !e->is_base)
				pending = true;
		/* Props run again on the generator's next batch, so they are not finished. */
		if (pending || (gen_pending && ran[i]->group == API_G_PROP))
			continue;
		if (!first)
			sbuf_addc(&gen, '|');
		sbuf_adds(&gen, ran[i]->name);
		first = false;
	}
	(void)other_pending;
	api_add_str(cn, "continue", sbuf_cstr(&gen));
	sbuf_release(&gen);
}

/* Move the member `key` of `obj` to the front, as MediaWiki orders its result. */
static void move_first(struct api_node *obj, const char *key)
{
	struct api_node *n = api_node_get(obj, key);
	if (!n || obj->first == n)
		return;
	api_node_unlink(n);
	api_node_prepend(obj, n);
}

/* Order of exported pages: MediaWiki reads them by title, or by id for pageids=. */
static int export_cmp_title(const void *a, const void *b)
{
	const struct query_page *x = *(const struct query_page *const *)a, *y = *(const struct query_page *const *)b;
	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return strcmp(x->dbkey, y->dbkey);
}

static int export_cmp_id(const void *a, const void *b)
{
	const struct query_page *x = *(const struct query_page *const *)a, *y = *(const struct query_page *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * export / exportnowrap: the current revisions of the good pages of `ps`
 * the user may read, as query.export (formatversion 1 {"*": xml}) or, with
 * exportnowrap, as the response body itself.
 */
static int do_export(struct api_ctx *ctx, const struct query_params *qp, struct api_pageset *ps)
{
	struct dump_export_opts o = {
		.schema = streq(qp->exportschema, "0.10") ? DUMP_SCHEMA_10 : DUMP_SCHEMA_11,
		.history = DUMP_CURRENT,
	};
	struct dump_export *x = dump_export_new(&o);
	struct query_page **good = arena_calloc(ctx->arena, ps->n_pages + 1, sizeof(*good));
	size_t n = 0;
	for (size_t i = 0; i < ps->n_pages; i++)
		if (ps->pages[i]->kind == QUERY_PAGE_GOOD)
			good[n++] = ps->pages[i];
	qsort(good, n, sizeof(*good), qp->ps.pageids.n ? export_cmp_id : export_cmp_title);
	for (size_t i = 0; i < n && wiki_user_can(ctx->user, "read"); i++)
		dump_export_add(x, good[i]->ns, good[i]->dbkey);
	if (qp->exportnowrap) {
		/* The dump is read outside this request's snapshot, piece by piece. */
		store_snapshot_end(ctx->store);
		ctx->resp->content_type = "text/xml; charset=utf-8";
		http_response_add_header(ctx->resp, ctx->arena, "Content-Disposition", "inline; filename=export.xml");
		dump_export_stream(ctx->resp, x);
		return RC_OK;
	}
	/* The wrapped dump is part of the result, which is sent whole: as large as a response may be. */
	size_t cap = config.max_result * 4;
	struct sbuf xml;
	sbuf_init(&xml, cap);
	int rc = dump_export_all(x, ctx->store, &xml);
	dump_export_free(x);
	if (rc == RC_OK) {
		struct api_node *e = api_add_strn(api_query_node(ctx), "export", sbuf_cstr(&xml), xml.len);
		e->flags |= API_N_BC_SUBELEMENT;
	}
	sbuf_release(&xml);
	if (rc == RC_TOOBIG)
		return api_error(ctx, "toobig", "apierror-export-toobig", arena_printf(ctx->arena, "%zu", cap));
	return rc == RC_OK ? RC_OK : api_db_error(ctx);
}

static int exec_query(struct api_ctx *ctx, void *vp)
{
	struct query_params *qp = vp;
	struct api_main *main = api_main_of(ctx);
	struct api_continue *c = arena_calloc(ctx->arena, 1, sizeof(*c));
	const struct api_module *ran[3 * 64];
	size_t n_ran = 0;
	int rc = RC_OK;

	main->cont = c;
	if (qp->cont && *qp->cont)
		rc = parse_continue(ctx, c, qp->cont);
	if (rc != RC_OK)
		return rc;

	/* Page set: titles/pageids/revids or a generator, then the prop modules on it. */
	struct api_pageset *ps = NULL;
	bool used_generator = false;
	qp->ps.latest_rows = api_list_has(&qp->prop, "revisions");
	rc = query_pageset_run(ctx, &qp->ps, c->generator_done, &ps, &used_generator);
	if (rc != RC_OK)
		return rc;

	const struct api_list *groups[] = { &qp->prop, &qp->list, &qp->meta };
	const enum api_group gids[] = { API_G_PROP, API_G_LIST, API_G_META };
	for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
		for (size_t i = 0; i < groups[g]->n; i++) {
			const struct api_module *m = api_module_find(gids[g], groups[g]->v[i]);
			if (!m)
				BUG("validated submodule %s missing", groups[g]->v[i]);
			if (n_ran < ARRAY_SIZE(ran))
				ran[n_ran++] = m;
			/*
			 * ApiContinuationManager: a module the continue value lists as
			 * done, and every prop module once the page set is done ("-"),
			 * does not run, but its parameters are still read: a bad one
			 * fails and none warns as unused.
			 */
			if (is_skipped(c, m) || (c->generator_done && gids[g] == API_G_PROP)) {
				rc = query_check_module(ctx, m, m->prefix, false);
				if (rc != RC_OK)
					return rc;
				continue;
			}
			/* list=deletedrevs reads the page set too (its mode 1). */
			if (gids[g] != API_G_META)
				query_pageset_set_current(ctx, ps);
			rc = query_run_module(ctx, m, m->prefix, NULL);
			if (rc != RC_OK)
				return rc;
		}
	}
	query_pageset_output(ctx, ps, qp->indexpageids, qp->iwurl != NULL);
	output_continue(ctx, c, qp, ran, n_ran, used_generator);
	move_first(ctx->result, "continue");
	move_first(ctx->result, "batchcomplete");
	return qp->export_ ? do_export(ctx, qp, ps) : RC_OK;
}

int query_action_begin(struct api_ctx *ctx, const char *cont, void *vp)
{
	struct api_continue c = { 0 };
	if (cont && *cont && parse_continue(ctx, &c, cont) != RC_OK)
		return RC_ERR;
	return api_params_fill_late(ctx, vp);
}

int query_action_pageset(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_pageset **out)
{
	api_main_of(ctx)->cont = arena_calloc(ctx->arena, 1, sizeof(struct api_continue));
	return query_pageset_build(ctx, pp, out);
}

void query_action_continue(struct api_ctx *ctx)
{
	struct api_continue *c = api_main_of(ctx)->cont;
	if (!c || !c->entries)
		return;
	struct api_node *cn = api_add_object(ctx->result, "continue");
	struct sbuf keys;
	sbuf_init(&keys, 4096);
	for (struct cont_entry *e = c->entries; e; e = e->next) {
		api_add_str(cn, e->name, e->value);
		if (keys.len)
			sbuf_addc(&keys, '|');
		sbuf_adds(&keys, e->name);
	}
	/* Only the generator continues here: its keys, then no finished modules. */
	sbuf_adds(&keys, "||");
	api_add_str(cn, "continue", sbuf_cstr(&keys));
	sbuf_release(&keys);
}

const struct api_module api_module_query = {
	.name = "query",
	.group = API_G_ACTION,
	.prefix = "",
	/* With export&exportnowrap the module writes the response itself. */
	.flags = API_M_RAW_OUTPUT,
	.params = params,
	.params_size = sizeof(struct query_params),
	.summary = "Read data from the wiki: properties of pages, lists and metadata.",
	.help = "All data modifications first have to go through this module to get a token, via "
		"meta=tokens. Several prop, list and meta submodules can be combined in one request.",
	.examples = (const char *const[]){
		"action=query&prop=revisions&meta=siteinfo&titles=Main%20Page&rvprop=user|comment&continue=",
		"Get site information and the latest revision of Main Page.",
		"action=query&generator=allpages&gapprefix=API/&prop=revisions&continue=",
		"Get revisions of pages starting with API/.",
		NULL },
	.helpurls = (const char *const[]){
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:Query",
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:Meta",
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:Properties",
		"https://www.mediawiki.org/wiki/Special:MyLanguage/API:Lists",
		NULL },
	.exec = exec_query,
};
