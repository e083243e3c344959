/* SPDX-License-Identifier: MIT */
/*
 * list_tags.c — list=tags: every change tag the wiki knows, as
 * MediaWiki 1.39's ApiQueryTags. The tags are the union of those made
 * with action=managetags (change_tag_def.ctd_user_defined = 1), those
 * the software defines itself (wiki_tag_software_list()) and every tag
 * with a change_tag_def row (tags in use, with their hit count), sorted
 * by name (byte order) and continued by the name of the first tag not
 * shown. The software's tags report source "extension" (MediaWiki's
 * own name for it in 1.39), the hand-made ones "manual".
 */
#include "query_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"

struct tags_params {
	const char *cont;     /* continue: the first tag name to list */
	long limit;           /* tags per batch */
	struct api_list prop; /* what to show about each tag */
};

static const struct api_param params[] = {
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct tags_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct tags_params, limit), .desc = "How many tags to list." },
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "",
	  .values = (const char *const[]){ "active", "defined", "description", "displayname", "hitcount", "source",
					   NULL },
	  .value_descs = (const char *const[]){
		  "active=Whether the tag may still be applied.",
		  "defined=Whether the tag is defined (by hand or by the software).",
		  "description=The tag's description, as wikitext.",
		  "displayname=The tag's name as the wiki shows it, as HTML; false when it is hidden.",
		  "hitcount=How many revisions, log entries and recent changes carry the tag.",
		  "source=Who defines the tag: \"extension\" for the software, \"manual\" for tags made by hand.",
		  NULL },
	  .offset = offsetof(struct tags_params, prop), .desc = "What to show about each tag." },
	{ 0 }
};

/* One tag of the listing. */
struct tag_row {
	const char *name; /* ctd_name or the software's name */
	int64_t count;    /* ctd_count, 0 without a row */
	bool manual;      /* made with managetags and active */
	bool software;    /* defined by the software */
};

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct tag_row *)a)->name, ((const struct tag_row *)b)->name);
}

/* `s` with the HTML special characters escaped, in `a`. */
static const char *html_escape(struct arena *a, const char *s)
{
	struct sbuf b;
	sbuf_init(&b, strlen(s) * 6 + 1);
	for (const char *c = s; *c; c++) {
		switch (*c) {
		case '&': sbuf_adds(&b, "&amp;"); break;
		case '<': sbuf_adds(&b, "&lt;"); break;
		case '>': sbuf_adds(&b, "&gt;"); break;
		case '"': sbuf_adds(&b, "&quot;"); break;
		case '\'': sbuf_adds(&b, "&#039;"); break;
		default: sbuf_addc(&b, *c); break;
		}
	}
	const char *out = arena_strdup(a, sbuf_cstr(&b));
	sbuf_release(&b);
	return out;
}

/* Every tag: the change_tag_def rows, then the software's tags that have none. */
static int read_rows(struct api_ctx *ctx, struct tag_row **out, size_t *n_out)
{
	struct tag_row *rows = NULL;
	size_t n = 0, cap = 0;
	struct store_stmt *s = store_prepare(ctx->store, "SELECT ctd_name, ctd_count, ctd_user_defined FROM change_tag_def");
	if (!s)
		return api_db_error(ctx);
	int step;
	while ((step = store_step(s)) == STORE_ROW) {
		rows = arena_grow(ctx->arena, rows, n + 1, &cap, sizeof(*rows));
		rows[n].name = store_col_dup(s, ctx->arena, 0);
		rows[n].count = store_col_int(s, 1);
		rows[n].manual = store_col_int(s, 2) != 0;
		rows[n].software = wiki_tag_software(rows[n].name);
		n++;
	}
	store_stmt_done(s);
	if (step < 0)
		return api_db_error(ctx);
	for (const char *const *sw = wiki_tag_software_list(); *sw; sw++) {
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = streq(rows[i].name, *sw);
		if (seen)
			continue;
		rows = arena_grow(ctx->arena, rows, n + 1, &cap, sizeof(*rows));
		rows[n++] = (struct tag_row){ .name = *sw, .software = true };
	}
	if (n)
		qsort(rows, n, sizeof(*rows), cmp_row);
	*out = rows;
	*n_out = n;
	return RC_OK;
}

/* One tag's entry with the asked-for properties. */
static void add_tag(struct api_ctx *ctx, struct api_node *list, const struct tags_params *p, const struct tag_row *t)
{
	struct api_node *e = api_add_object(list, NULL);
	api_add_str(e, "name", t->name);
	if (api_list_has(&p->prop, "displayname")) {
		const char *key = arena_printf(ctx->arena, "tag-%s", t->name);
		if (api_msg_template(key))
			api_add_str(e, "displayname", html_escape(ctx->arena, api_msg(ctx, key, NULL)));
		else
			api_add_str(e, "displayname", html_escape(ctx->arena, t->name));
	}
	if (api_list_has(&p->prop, "description")) {
		const char *key = arena_printf(ctx->arena, "tag-%s-description", t->name);
		api_add_str(e, "description", api_msg_template(key) ? api_msg(ctx, key, NULL) : "");
	}
	if (api_list_has(&p->prop, "hitcount"))
		api_add_int(e, "hitcount", t->count);
	if (api_list_has(&p->prop, "defined"))
		api_add_bool(e, "defined", t->software || t->manual);
	if (api_list_has(&p->prop, "source")) {
		struct api_node *src = api_add_array(e, "source", NULL);
		if (t->software)
			api_add_str(src, NULL, "extension");
		if (t->manual)
			api_add_str(src, NULL, "manual");
	}
	/* Every software tag of MediaWiki core is active ($wgSoftwareTags). */
	if (api_list_has(&p->prop, "active"))
		api_add_bool(e, "active", t->software || t->manual);
}

static int exec_tags(struct api_ctx *ctx, void *vp)
{
	struct tags_params *p = vp;
	struct tag_row *rows = NULL;
	size_t n = 0;
	if (read_rows(ctx, &rows, &n) != RC_OK)
		return RC_ERR;
	struct api_node *list = api_add_array(api_query_node(ctx), "tags", "tag");
	long shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (p->cont && strcmp(rows[i].name, p->cont) < 0)
			continue;
		if (shown == p->limit || (shown > 0 && api_result_full(ctx))) {
			api_continue_set(ctx, "continue", rows[i].name);
			break;
		}
		add_tag(ctx, list, p, &rows[i]);
		shown++;
	}
	return RC_OK;
}

const struct api_module api_module_list_tags = {
	.name = "tags",
	.group = API_G_LIST,
	.prefix = "tg",
	.params = params,
	.params_size = sizeof(struct tags_params),
	.summary = "List change tags.",
	.examples = (const char *const[]){
		"action=query&list=tags&tgprop=displayname|description|hitcount|defined",
		"List the tags with their names as shown, descriptions, hit counts and whether they are defined.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Tags", NULL },
	.exec = exec_tags,
};
