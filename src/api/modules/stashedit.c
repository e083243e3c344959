/* SPDX-License-Identifier: MIT */
/*
 * stashedit.c — action=stashedit: an editor sends the text it is about
 * to save ahead of the save (while the user writes a summary), and the
 * pre-save transform and the parse are done now and kept in the edit
 * stash (wiki/editstash.c); the action=edit that follows with the same
 * text by the same user takes them from there. As MediaWiki 1.39's
 * ApiStashEdit: the new text is the whole text or one section of the
 * base revision (baserevid, 0 for the latest), merged with the changes
 * made since the base when there are any ("editconflict" when they
 * overlap); the text is also kept under its SHA-1 (texthash), so that a
 * later request can name it with stashedtexthash instead of sending it.
 * Bots do not stash. The answer is the status and the text's hash.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../../diff/diff.h"
#include "../../store/store.h"
#include "../../wiki/wiki.h"
#include "../api.h"

struct stashedit_params {
	const char *title;           /* the page */
	const char *section;         /* section number, "new" or NULL for the whole text */
	const char *sectiontitle;    /* heading of a new section */
	const char *text;            /* the new text */
	const char *stashedtexthash; /* or the hash of a text stashed before */
	const char *summary;         /* edit summary */
	const char *contentmodel;    /* content model of the new text */
	const char *contentformat;   /* its serialization format */
	long baserevid;              /* revision the text is based on, 0 for the latest */
};

static const struct api_param params[] = {
	{ .name = "title", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct stashedit_params, title), .desc = "Title of the page being edited." },
	{ .name = "section", .type = API_T_STRING, .offset = offsetof(struct stashedit_params, section),
	  .desc = "Section number; 0 for the text before the first heading, \"new\" for a new section." },
	{ .name = "sectiontitle", .type = API_T_STRING, .offset = offsetof(struct stashedit_params, sectiontitle),
	  .desc = "Heading of a new section." },
	{ .name = "text", .type = API_T_TEXT, .offset = offsetof(struct stashedit_params, text),
	  .desc = "The new content of the page (or section)." },
	{ .name = "stashedtexthash", .type = API_T_STRING,
	  .offset = offsetof(struct stashedit_params, stashedtexthash),
	  .desc = "The hash (texthash) of a text stashed before, to use instead of text." },
	{ .name = "summary", .type = API_T_STRING, .dflt = "", .offset = offsetof(struct stashedit_params, summary),
	  .desc = "The edit summary." },
	{ .name = "contentmodel", .type = API_T_ENUM, .flags = API_P_REQUIRED, .values = wiki_content_models,
	  .offset = offsetof(struct stashedit_params, contentmodel), .desc = "Content model of the new content." },
	{ .name = "contentformat", .type = API_T_ENUM, .flags = API_P_REQUIRED, .values = wiki_content_formats,
	  .offset = offsetof(struct stashedit_params, contentformat),
	  .desc = "Serialization format of the new content." },
	{ .name = "baserevid", .type = API_T_INT, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct stashedit_params, baserevid),
	  .desc = "ID of the revision the edit is based on; 0 for the page's latest." },
	{ 0 }
};

/* Does content model `model` read format `format` (ContentHandler::isSupportedFormat)? */
static bool format_ok(const char *model, const char *format)
{
	if (streq(model, "unknown"))
		return streq(format, "unknown/unknown") || streq(format, "application/octet-stream");
	return streq(format, wiki_model_format(model));
}

/*
 * The page's text with `text` put in: the whole text, a section replaced
 * or a new section added (WikiPage::replaceSectionAtRev). A section that
 * cannot be replaced leaves the base text as it was, as MediaWiki's
 * parser does.
 */
static const char *with_section(struct api_ctx *ctx, const struct stashedit_params *p, const char *base,
				size_t base_len, const char *text, size_t *out_len)
{
	const char *r = text;
	if (p->section && *p->section && streq(p->section, "new")) {
		const char *h = p->sectiontitle && *p->sectiontitle ? p->sectiontitle : p->summary;
		r = arena_printf(ctx->arena, "%.*s%s%s%s", (int)base_len, base, base_len ? "\n\n" : "",
				 h && *h ? arena_printf(ctx->arena, "== %s ==\n\n", h) : "", text);
	} else if (p->section && *p->section) {
		long n;
		bool is_t;
		char *o;
		if (wiki_section_id(p->section, &n, &is_t) == RC_OK &&
		    wiki_section_replace(ctx->arena, base, base_len, n, is_t, text, strlen(text), &o, out_len) == RC_OK)
			return o;
		r = arena_strndup(ctx->arena, base, base_len);
	}
	*out_len = strlen(r);
	return r;
}

/* The text of revision `rev` and its model into *text, *len and *model. RC_OK or RC_NOTFOUND. */
static int rev_text(struct api_ctx *ctx, int64_t rev, const char **text, size_t *len, const char **model)
{
	*model = NULL;
	if (wiki_revision_text(ctx->store, ctx->arena, rev, text, len, model) != RC_OK)
		return RC_NOTFOUND;
	if (!*model)
		*model = "wikitext";
	return RC_OK;
}

static int exec_stashedit(struct api_ctx *ctx, void *vp)
{
	struct stashedit_params *p = vp;
	if (wiki_user_can(ctx->user, "bot"))
		return api_error(ctx, "botsnotsupported", NULL);
	struct wiki_title t;
	const char *err = NULL;
	if (wiki_title_parse(ctx->arena, p->title, 0, &t, &err) != RC_OK || t.is_external || !*t.dbkey)
		return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->title));
	if (t.ns < 0)
		return api_error(ctx, "pagecannotexist", NULL);
	if (!format_ok(p->contentmodel, p->contentformat))
		return api_error(ctx, "badmodelformat", "apierror-badformat-generic", p->contentformat,
				 p->contentmodel);
	if (api_require_one_of(ctx, (const char *const[]){ "stashedtexthash", "text", NULL }) != RC_OK)
		return RC_ERR;

	/* The text, with newlines and trailing space as the edit will have them, and its hash. */
	const char *text;
	size_t len;
	char hash[41];
	if (p->stashedtexthash) {
		text = wiki_edit_stash_text_get(ctx->arena, p->stashedtexthash, &len);
		if (!text)
			return api_error(ctx, "missingtext", "apierror-stashedit-missingtext");
		snprintf(hash, sizeof(hash), "%s", p->stashedtexthash);
	} else {
		text = wiki_text_normalize(ctx->arena, p->text, strlen(p->text), &len);
		wiki_sha1_hex(text, len, hash);
	}

	struct wiki_page pg;
	if (wiki_page_load(ctx->store, ctx->arena, t.ns, t.dbkey, &pg) != RC_OK)
		return api_db_error(ctx);
	const char *content = text;
	size_t content_len = len;
	const char *status = NULL;
	if (pg.id) {
		/* The base: baserevid of this page, or its latest revision for 0. */
		int64_t base = p->baserevid > 0 ? p->baserevid : pg.latest, base_page = 0;
		if (p->baserevid > 0)
			store_query_int(ctx->store, &base_page, "SELECT rev_page FROM revision WHERE rev_id = ?", "i", base);
		if (p->baserevid > 0 && base_page != pg.id)
			return api_error(ctx, "nosuchrevid", NULL, api_p_int(ctx->arena, p->baserevid));
		const char *bt, *bm;
		size_t bl;
		if (rev_text(ctx, base, &bt, &bl, &bm) != RC_OK)
			return api_error(ctx, "nosuchrevid", NULL, api_p_int(ctx->arena, base));
		content = with_section(ctx, p, bt, bl, text, &content_len);
		if (base != pg.latest) {
			/* Edits since the base: merge them with this one, as the save would. */
			const char *cm = pg.model ? pg.model : "wikitext";
			if (!streq(bm, cm) || !streq(p->contentmodel, bm))
				return api_error(ctx, "contentmodel-mismatch", NULL, cm, bm);
			char *merged;
			size_t ml;
			if (diff_merge3(ctx->arena, bt, bl, pg.text, pg.text_len, content, content_len, &merged, &ml) !=
			    RC_OK)
				status = "editconflict";
			content = merged;
			content_len = ml;
		}
	}
	struct api_node *res = api_add_object(ctx->result, "stashedit");
	if (status) {
		api_add_str(res, "status", status);
		return RC_OK;
	}
	content = wiki_text_normalize(ctx->arena, content, content_len, &content_len);

	if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "stashedit", 1)) {
		/* Over the limit: nothing is stashed; a hash the client gave stays valid. */
		api_add_str(res, "status", "ratelimited");
		if (p->stashedtexthash)
			api_add_str(res, "texthash", hash);
		return RC_OK;
	}
	if (wiki_edit_stash(ctx->store, &t, pg.id, ctx->user, p->contentmodel, content, content_len, &status) != RC_OK)
		return api_db_error(ctx);
	wiki_edit_stash_text_put(hash, text, len);
	api_add_str(res, "status", status);
	api_add_str(res, "texthash", hash);
	return RC_OK;
}

const struct api_module api_module_stashedit = {
	.name = "stashedit",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN | API_M_INTERNAL,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct stashedit_params),
	.summary = "Prepare an edit ahead of saving it: the text is transformed and parsed now, and the edit "
		   "that follows with the same text by the same user reuses that work.",
	.examples = (const char *const[]){
		"action=stashedit&title=Sandbox&text=Draft%20text&contentmodel=wikitext&contentformat=text/x-wiki"
		"&baserevid=0&token=123ABC",
		"Prepare the save of a new text of Sandbox.",
		NULL },
	.exec = exec_stashedit,
};
