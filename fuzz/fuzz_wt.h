/* SPDX-License-Identifier: MIT */
/*
 * fuzz_wt.h — what the wikitext fuzz targets (parser, preprocessor)
 * share: an input split into a page and its templates, an in-memory
 * wt_host that serves them, and small expansion limits.
 *
 * Input layout: one byte of flags (the target reads its bits), then the
 * page text; a NUL byte starts the text of Template:A, the next one
 * Template:B, and so on up to FUZZ_WT_TEMPLATES pages. Every other title
 * is missing. The site is the wiki's own (wiki_wt_site, built from the
 * default configuration), so namespaces, interwiki prefixes and URL
 * protocols are the real ones.
 */
#ifndef FUZZ_WT_H
#define FUZZ_WT_H

#include "fuzz.h"

#include "parser/wt.h"
#include "util/config.h"
#include "wiki/wiki.h"

/* Templates an input can define (Template:A ... Template:D). */
#define FUZZ_WT_TEMPLATES 4

/*
 * Limits of a fuzzed parse: small enough that a template bomb stops
 * quickly, large enough that every limit is reached by some input.
 */
#define FUZZ_WT_INCLUDE_SIZE (64u << 10)
#define FUZZ_WT_NODE_COUNT 20000

/* One fuzz input cut into its page and its templates. */
struct fuzz_wt {
	unsigned flags;                          /* the first byte */
	struct str page;                         /* the page text */
	struct str tpl[FUZZ_WT_TEMPLATES];       /* Template:A..D, p NULL when absent */
	size_t total;                            /* bytes of page and templates */
};

/* Cut `data` (at least one byte) into a struct fuzz_wt; the views point into `data`. */
static inline void fuzz_wt_split(const uint8_t *data, size_t size, struct fuzz_wt *in)
{
	memset(in, 0, sizeof(*in));
	in->flags = data[0];
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	const char *nul = memchr(p, '\0', (size_t)(end - p));
	in->page = (struct str){ p, (size_t)((nul ? nul : end) - p) };
	for (int k = 0; nul && k < FUZZ_WT_TEMPLATES; k++) {
		p = nul + 1;
		nul = memchr(p, '\0', (size_t)(end - p));
		in->tpl[k] = (struct str){ p, (size_t)((nul ? nul : end) - p) };
	}
	in->total = size;
}

/* The template `t` names, or NULL: Template:A..D of the input. */
static inline const struct str *fuzz_wt_template(const struct fuzz_wt *in, const struct wt_title *t)
{
	if (t->ns != WT_NS_TEMPLATE || t->interwiki[0] || strlen(t->dbkey) != 1)
		return NULL;
	int k = t->dbkey[0] - 'A';
	return k >= 0 && k < FUZZ_WT_TEMPLATES && in->tpl[k].p ? &in->tpl[k] : NULL;
}

/* wt_host page_info: the input's templates exist, nothing else does. */
static inline void fuzz_wt_page_info(void *data, struct arena *a, struct wt_page_info *pages, size_t n)
{
	(void)a;
	for (size_t i = 0; i < n; i++) {
		const struct str *s = fuzz_wt_template(data, pages[i].title);
		pages[i].exists = s != NULL;
		pages[i].page_id = s ? pages[i].title->dbkey[0] - 'A' + 1 : 0;
		pages[i].latest = pages[i].page_id;
		pages[i].length = s ? (int64_t)s->len : 0;
		pages[i].content_model = s ? "wikitext" : NULL;
	}
}

/* wt_host fetch: a template's text, copied into the arena. */
static inline int fuzz_wt_fetch(void *data, struct arena *a, const struct wt_title *title, struct wt_fetched *out)
{
	memset(out, 0, sizeof(*out));
	out->title = *title;
	const struct str *s = fuzz_wt_template(data, title);
	if (!s)
		return RC_OK;
	out->text = arena_strndup(a, s->p, s->len);
	out->len = s->len;
	out->page_id = title->dbkey[0] - 'A' + 1;
	out->rev_id = out->page_id;
	return RC_OK;
}

/* wt_host message: the wiki's default texts. */
static inline const char *fuzz_wt_message(void *data, struct arena *a, const char *key, const char *lang)
{
	(void)data;
	(void)a;
	(void)lang;
	return wiki_message_default(key);
}

/* The host of an input, the wiki's site and options with the fuzz limits. */
static inline const struct wt_site *fuzz_wt_setup(struct fuzz_wt *in, struct wt_host *host, struct wt_options *opt)
{
	static bool configured;
	if (!configured) {
		config_defaults();
		config_finish();
		configured = true;
	}
	memset(host, 0, sizeof(*host));
	host->data = in;
	host->page_info = fuzz_wt_page_info;
	host->fetch = fuzz_wt_fetch;
	host->message = fuzz_wt_message;
	memset(opt, 0, sizeof(*opt));
	opt->title = "Fuzz page";
	opt->rev_id = 1;
	opt->now = 1700000000;
	opt->rev_size = -1;
	opt->limits.max_include_size = FUZZ_WT_INCLUDE_SIZE;
	opt->limits.max_pp_node_count = FUZZ_WT_NODE_COUNT;
	return wiki_wt_site();
}

#endif
