/* SPDX-License-Identifier: MIT */
/*
 * import.c — action=import: import an uploaded XML dump (src/dump does
 * the reading and writing), as MediaWiki 1.39's ApiImport:
 *   - `xml` needs the importupload right and `interwikiprefix` (authors
 *     become "prefix>Name" unless assignknownusers finds a local account
 *     of that name);
 *   - importing from another wiki (`interwikisource`) needs sources in
 *     $wgImportSources, and this wiki has none: every value is refused,
 *     as MediaWiki refuses them with its default settings;
 *   - `namespace` puts every page into one namespace, `rootpage` makes
 *     them subpages of a page (one of the two at most);
 *   - every page that received revisions gets a null revision and an
 *     import/upload log entry (with `summary` as the reason and `tags`).
 * The result lists each page read with the revisions it received.
 */
#include <stddef.h>
#include <string.h>

#include "../../dump/dump.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

struct import_params {
	const char *summary;             /* log reason */
	const struct http_param *xml;    /* the uploaded dump */
	const char *interwikiprefix;     /* author prefix for uploads */
	const char *interwikisource;     /* wiki to import from (none configured) */
	const char *interwikipage;       /* page of that wiki */
	bool fullhistory;                /* interwiki: all revisions */
	bool templates;                  /* interwiki: also the templates */
	long ns;                         /* target namespace */
	bool assignknownusers;           /* keep names of local accounts */
	const char *rootpage;            /* make pages subpages of this page */
	struct api_list tags;            /* tags of the log entries */
};

/* $wgImportSources: none, so interwikisource accepts no value. */
static const char *const no_sources[] = { NULL };

static const struct api_param params[] = {
	{ .name = "summary", .type = API_T_STRING, .offset = offsetof(struct import_params, summary),
	  .desc = "The reason for the import, kept in the import log." },
	{ .name = "xml", .type = API_T_UPLOAD, .offset = offsetof(struct import_params, xml),
	  .desc = "The XML dump to import, as an uploaded file." },
	{ .name = "interwikiprefix", .type = API_T_STRING, .offset = offsetof(struct import_params, interwikiprefix),
	  .desc = "For uploaded dumps: the prefix put before the names of the dump's authors "
		  "(\"prefix>Name\"), usually the interwiki prefix of the wiki the dump comes from. Required "
		  "with xml." },
	{ .name = "interwikisource", .type = API_T_ENUM, .values = no_sources,
	  .offset = offsetof(struct import_params, interwikisource),
	  .desc = "For imports from another wiki: the wiki to import from. This wiki has no import sources "
		  "configured, so no value is accepted." },
	{ .name = "interwikipage", .type = API_T_STRING, .offset = offsetof(struct import_params, interwikipage),
	  .desc = "For imports from another wiki: the page to import." },
	{ .name = "fullhistory", .type = API_T_BOOL, .offset = offsetof(struct import_params, fullhistory),
	  .desc = "For imports from another wiki: import every revision, not only the current one." },
	{ .name = "templates", .type = API_T_BOOL, .offset = offsetof(struct import_params, templates),
	  .desc = "For imports from another wiki: import the templates the page uses too." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .offset = offsetof(struct import_params, ns),
	  .desc = "Import every page into this namespace. Cannot be combined with rootpage." },
	{ .name = "assignknownusers", .type = API_T_BOOL, .offset = offsetof(struct import_params, assignknownusers),
	  .desc = "Credit revisions to the local account of the same name, where one exists." },
	{ .name = "rootpage", .type = API_T_STRING, .offset = offsetof(struct import_params, rootpage),
	  .desc = "Import every page as a subpage of this page. Cannot be combined with namespace." },
	{ .name = "tags", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_UNCHECKED, .values_fn = api_tag_values,
	  .offset = offsetof(struct import_params, tags),
	  .desc = "Change tags to add to the entries in the import log and to the null revisions." },
	{ 0 }
};

/* Where the per-page results go. */
struct import_run {
	struct api_ctx *ctx;   /* the request */
	struct api_node *list; /* result.import */
};

/* One page read: {"ns", "title", "revisions"} in the result. */
static void report(void *arg, const struct wiki_title *t, int64_t n)
{
	struct import_run *run = arg;
	struct api_node *e = api_add_object(run->list, NULL);
	api_add_int(e, "ns", t->ns);
	api_add_str(e, "title", t->prefixed);
	api_add_int(e, "revisions", n);
}

/*
 * rootpage as MediaWiki's setTargetRootPage() takes it: trailing slashes
 * dropped, a local title in a namespace with subpages. `*out` gets its
 * prefixed text. RC_OK or RC_ERR after the error.
 */
static int check_rootpage(struct api_ctx *ctx, const char *rootpage, const char **out)
{
	size_t n = strlen(rootpage);
	while (n && rootpage[n - 1] == '/')
		n--;
	struct wiki_title t;
	const char *err;
	if (wiki_title_parse(ctx->arena, arena_strndup(ctx->arena, rootpage, n), 0, &t, &err) != RC_OK ||
	    t.is_external || !*t.dbkey)
		return api_error(ctx, "import-rootpage-invalid", "import-rootpage-invalid");
	const struct wiki_ns *ns = wiki_ns_get(t.ns);
	if (!ns || !ns->has_subpages)
		return api_error(ctx, "import-rootpage-nosubpage", "import-rootpage-nosubpage",
				 t.ns == WIKI_NS_MAIN ? "(Main)" : wiki_ns_text(t.ns));
	*out = t.prefixed;
	return RC_OK;
}

static int exec_import(struct api_ctx *ctx, void *vp)
{
	struct import_params *p = vp;
	if (api_param_given(ctx, "namespace") && api_param_given(ctx, "rootpage"))
		return api_error(ctx, "invalidparammix", "apierror-invalidparammix", "namespace, rootpage", "2");
	if (!wiki_user_can(ctx->user, "importupload"))
		return api_error(ctx, "cantimport-upload", NULL);
	/* MediaWiki drops trailing ":" and ">" from the prefix. */
	char *prefix = arena_strdup(ctx->arena, p->interwikiprefix ? p->interwikiprefix : "");
	size_t n = strlen(prefix);
	while (n && (prefix[n - 1] == ':' || prefix[n - 1] == '>'))
		prefix[--n] = '\0';
	if (!p->interwikiprefix || !*p->interwikiprefix)
		return api_error(ctx, "nointerwikiprefix", "apierror-missingparam", "interwikiprefix");
	if (!p->xml || !p->xml->filename || !*p->xml->filename)
		return api_error(ctx, "nofile", "importnofile");
	if (api_check_tags(ctx, &p->tags) != RC_OK)
		return RC_ERR;
	const char *rootpage = NULL;
	if (p->rootpage && *p->rootpage && check_rootpage(ctx, p->rootpage, &rootpage) != RC_OK)
		return RC_ERR;

	struct import_run run = { .ctx = ctx };
	run.list = api_add_array(ctx->result, "import", "page");
	const char **tags = NULL;
	if (p->tags.n) {
		tags = arena_calloc(ctx->arena, p->tags.n + 1, sizeof(*tags));
		memcpy(tags, p->tags.v, p->tags.n * sizeof(*tags));
	}
	struct dump_import_opts o = {
		.user_prefix = prefix,
		.assign_known_users = p->assignknownusers,
		.target_ns = api_param_given(ctx, "namespace") ? (int)p->ns : DUMP_NO_NS,
		.rootpage = rootpage,
		.performer = ctx->user,
		.summary = p->summary,
		.tags = tags,
		.report = report,
		.cb_arg = &run,
	};
	struct dump_source *src = dump_source_mem(p->xml->value, p->xml->len);
	struct dump_import_stats stats;
	const char *err = NULL;
	int rc = dump_import(ctx->store, src, &o, &stats, ctx->arena, &err);
	dump_source_free(src);
	if (rc == RC_OK)
		return RC_OK;
	if (err) {
		api_node_remove(ctx->result, "import");
		return api_error(ctx, "import-unknownerror", NULL, err);
	}
	return api_db_error(ctx);
}

const struct api_module api_module_import = {
	.name = "import",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct import_params),
	.summary = "Import pages from an XML dump of another wiki.",
	.help = "Revisions keep their timestamps, comments and authors. Each page that received revisions "
		"gets a revision noting the import and an entry in the import log.",
	.examples = (const char *const[]){
		"action=import&xml=dump.xml&interwikiprefix=en&summary=Moving+pages&token=123ABC",
		"Import the pages of dump.xml (sent as a multipart file upload), naming authors \"en>Name\".",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Import", NULL },
	.exec = exec_import,
};
