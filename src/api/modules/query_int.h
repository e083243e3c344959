/* SPDX-License-Identifier: MIT */
/*
 * query_int.h — shared by action=query (query.c) and the page set
 * (pageset.c): the page-set parameters, running submodules and
 * generators, and writing the pages into result.query.
 */
#ifndef QUERY_INT_H
#define QUERY_INT_H

#include "../api_int.h"

/* Page-set parameters of action=query. */
struct query_pageset_params {
	struct api_list titles;  /* titles= */
	struct api_list pageids; /* pageids= */
	struct api_list revids;  /* revids= */
	const char *generator;   /* generator= submodule name */
	bool redirects;          /* resolve redirects */
	bool converttitles;      /* convert titles to other variants */
};

/*
 * Spec entries for the page-set parameters of a params struct `type`
 * whose member `field` is a struct query_pageset_params. Expands to
 * complete table entries including their trailing commas.
 */
#define QUERY_PAGESET_PARAMS(type, field) /* page-set parameters: see pageset.c */

/*
 * Build the page set for this request: from titles/pageids/revids, or by
 * running the generator (unless `generator_done`). *out receives the set
 * (never NULL), *used_generator whether a generator ran. Returns RC_OK
 * or RC_ERR after api_error().
 */
int query_pageset_run(struct api_ctx *ctx, const struct query_pageset_params *pp, bool generator_done,
		      struct api_pageset **out, bool *used_generator);

/* Make `ps` the set prop modules work on (query_pageset_current()). */
void query_pageset_set_current(struct api_ctx *ctx, struct api_pageset *ps);

/* Write normalized/converted/redirects/interwiki/pages (and pageids) into result.query. */
void query_pageset_output(struct api_ctx *ctx, struct api_pageset *ps, bool indexpageids, bool iwurl);

/*
 * For a generator run whose batch is not finished by the prop modules:
 * add the generator's original parameters to `cn` and their names,
 * '|'-separated, to `keys`.
 */
void query_generator_keys(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_node *cn,
			  struct sbuf *keys);

/* Run submodule `m` with parameter prefix `prefix`; as generator when gen_out. */
int query_run_module(struct api_ctx *ctx, const struct api_module *m, const char *prefix,
		     struct api_pageset *gen_out);

/* True while a generator is running (its continuation is tracked apart). */
bool query_generator_running(struct api_ctx *ctx);

#endif
