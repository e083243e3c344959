/* SPDX-License-Identifier: MIT */
/*
 * meta_languageinfo.c — meta=languageinfo: facts about the languages
 * wikid knows (language.c), as MediaWiki 1.39's ApiQueryLanguageinfo
 * answers without the CLDR extension: code, BCP 47 tag, direction,
 * autonym, name (the autonym too, as there are no translated language
 * names), fallback chain and variants (the language itself when it has
 * none). Languages come out sorted by code, as an object keyed by code;
 * codes that are not languages are left out with an unrecognizedvalues
 * warning, and "*" (alone) means every language. licontinue skips the
 * codes before it; every answer is complete, so none is ever asked for.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../wiki/wiki.h"
#include "../api_int.h"

struct languageinfo_params {
	struct api_list prop; /* liprop */
	struct api_list code; /* licode */
	const char *cont;     /* licontinue */
};

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .dflt = "code",
	  .values = (const char *const[]){ "autonym", "bcp47", "code", "dir", "fallbacks", "name", "variants", NULL },
	  .offset = offsetof(struct languageinfo_params, prop),
	  .desc = "What to tell of each language: its code, BCP 47 tag, writing direction, name in itself "
		  "(autonym), name in the user's language, fallback languages, variants." },
	{ .name = "code", .type = API_T_STRING, .flags = API_P_MULTI, .dflt = "*",
	  .offset = offsetof(struct languageinfo_params, code),
	  .desc = "The language codes to describe, or * for every language." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct languageinfo_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

static int cmp_lang(const void *x, const void *y)
{
	return strcmp((*(const struct wiki_language *const *)x)->code, (*(const struct wiki_language *const *)y)->code);
}

static int exec_languageinfo(struct api_ctx *ctx, void *vp)
{
	struct languageinfo_params *p = vp;
	size_t n_all;
	const struct wiki_language *all = wiki_languages(&n_all);
	const struct wiki_language **pick = arena_alloc(ctx->arena, (n_all + p->code.n + 1) * sizeof(*pick));
	size_t n = 0;
	if (p->code.n == 1 && strcmp(p->code.v[0], "*") == 0) {
		for (size_t i = 0; i < n_all; i++)
			pick[n++] = &all[i];
	} else {
		const char **bad = arena_alloc(ctx->arena, (p->code.n + 1) * sizeof(*bad));
		size_t n_bad = 0;
		for (size_t i = 0; i < p->code.n; i++) {
			const struct wiki_language *l = wiki_language_find(p->code.v[i]);
			if (l)
				pick[n++] = l;
			else
				bad[n_bad++] = p->code.v[i];
		}
		/* The module's own warning, as ApiQueryLanguageinfo adds it (not the parameter validator's). */
		if (n_bad)
			api_warn(ctx, "unrecognizedvalues", "apiwarn-unrecognizedvalues", api_param_name(ctx, "code"),
				 api_p_list(ctx->arena, "comma", bad, n_bad), api_p_int(ctx->arena, (long long)n_bad));
		qsort(pick, n, sizeof(*pick), cmp_lang);
	}
	bool f_code = api_list_has(&p->prop, "code"), f_bcp47 = api_list_has(&p->prop, "bcp47");
	bool f_dir = api_list_has(&p->prop, "dir"), f_autonym = api_list_has(&p->prop, "autonym");
	bool f_name = api_list_has(&p->prop, "name"), f_fallbacks = api_list_has(&p->prop, "fallbacks");
	bool f_variants = api_list_has(&p->prop, "variants");
	struct api_node *out = api_node_set_type(api_add_object(api_query_node(ctx), "languageinfo"), API_ARR_ASSOC,
						 NULL);
	for (size_t i = 0; i < n; i++) {
		const struct wiki_language *l = pick[i];
		if ((i && pick[i - 1] == l) || (p->cont && strcmp(l->code, p->cont) < 0))
			continue;
		struct api_node *e = api_add_object(out, l->code);
		if (f_code)
			api_add_str(e, "code", l->code);
		if (f_bcp47)
			api_add_str(e, "bcp47", l->bcp47);
		if (f_dir)
			api_add_str(e, "dir", l->rtl ? "rtl" : "ltr");
		if (f_autonym)
			api_add_str(e, "autonym", l->autonym);
		if (f_name)
			api_add_str(e, "name", l->autonym);
		if (f_fallbacks) {
			struct api_node *fb = api_add_array(e, "fallbacks", "fb");
			for (const char *const *f = l->fallbacks; f && *f; f++)
				api_add_str(fb, NULL, *f);
		}
		if (f_variants) {
			struct api_node *vl = api_add_array(e, "variants", "var");
			if (!l->variants)
				api_add_str(vl, NULL, l->code);
			for (const char *const *v = l->variants; v && *v; v++)
				api_add_str(vl, NULL, *v);
		}
	}
	return RC_OK;
}

const struct api_module api_module_meta_languageinfo = {
	.name = "languageinfo",
	.group = API_G_META,
	.prefix = "li",
	.params = params,
	.params_size = sizeof(struct languageinfo_params),
	.summary = "Describe the languages this wiki knows.",
	.examples = (const char *const[]){
		"action=query&meta=languageinfo", "The codes of every language.",
		"action=query&meta=languageinfo&liprop=name|autonym&licode=de",
		"The name of German, in the user's language and in German.",
		"action=query&meta=languageinfo&liprop=fallbacks|variants&licode=*",
		"The fallback languages and variants of every language.",
		"action=query&meta=languageinfo&liprop=bcp47|dir&licode=ar|he",
		"The BCP 47 tags and writing directions of Arabic and Hebrew.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Languageinfo", NULL },
	.exec = exec_languageinfo,
};
