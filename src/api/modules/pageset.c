/* SPDX-License-Identifier: MIT */
/*
 * pageset.c — the set of pages action=query works on. Pages do not exist
 * in the database yet, so the set is always empty and nothing is written
 * for it; titles, pageids, revids and generators arrive with the storage
 * of pages.
 */
#include "query_int.h"

struct api_pageset {
	size_t n_pages; /* pages in the set */
};

int query_pageset_run(struct api_ctx *ctx, const struct query_pageset_params *pp, bool generator_done,
		      struct api_pageset **out, bool *used_generator)
{
	*out = arena_calloc(ctx->arena, 1, sizeof(**out));
	*used_generator = false;
	return RC_OK;
}

void query_pageset_set_current(struct api_ctx *ctx, struct api_pageset *ps)
{
}

void query_pageset_output(struct api_ctx *ctx, struct api_pageset *ps, bool indexpageids, bool iwurl)
{
}

void query_generator_keys(struct api_ctx *ctx, const struct query_pageset_params *pp, struct api_node *cn,
			  struct sbuf *keys)
{
}
