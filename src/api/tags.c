/* SPDX-License-Identifier: MIT */
/*
 * tags.c — the `tags` parameter of modules that let a client add change
 * tags to what they write (edit, import): MediaWiki's
 * ChangeTags::canAddTagsAccompanyingChange(). A tag may be added by
 * hand only when it is defined, active and user-defined; none can be
 * defined yet, so any tag is refused with badtags, listing them.
 */
#include "api.h"

const char *const api_no_tags[] = { NULL };

int api_check_tags(struct api_ctx *ctx, const struct api_list *tags)
{
	if (!tags->n)
		return RC_OK;
	const char *list = tags->v[0];
	for (size_t i = 1; i < tags->n; i++)
		list = arena_printf(ctx->arena, "%s, %s", list, tags->v[i]);
	if (tags->n == 1)
		api_error(ctx, "badtags", "tags-apply-not-allowed-one", list);
	else
		api_error(ctx, "badtags", "tags-apply-not-allowed-multi", list, api_p_int(ctx->arena, (long long)tags->n));
	struct api_node *d = api_add_array(api_error_data(ctx), "disallowedtags", "t");
	for (size_t i = 0; i < tags->n; i++)
		api_add_str(d, NULL, tags->v[i]);
	return RC_ERR;
}
