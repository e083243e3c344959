/* SPDX-License-Identifier: MIT */
/*
 * tags.c — the `tags` parameter of modules that let a client add change
 * tags to what they write (edit, import, delete, protect, ...):
 * MediaWiki's ChangeTags::canAddTagsAccompanyingChange(). A tag may be
 * added by hand only when it was defined with action=managetags and is
 * active (change_tag_def.ctd_user_defined = 1), and only by a user with
 * the applychangetags right.
 */
#include "api.h"

#include "../store/store.h"
#include "../wiki/wiki.h"

const char *const *api_tag_values(struct api_ctx *ctx)
{
	const char **v = NULL;
	size_t n = 0, cap = 0;
	struct store_stmt *s = store_prepare(ctx->store, "SELECT ctd_name FROM change_tag_def WHERE ctd_user_defined = 1"
							 " ORDER BY ctd_name");
	while (store_step(s) == STORE_ROW) {
		v = arena_grow(ctx->arena, v, n + 2, &cap, sizeof(*v));
		v[n++] = store_col_dup(s, ctx->arena, 0);
	}
	store_stmt_done(s);
	if (!v)
		v = arena_calloc(ctx->arena, 1, sizeof(*v));
	v[n] = NULL;
	return v;
}

const char *const *api_defined_tag_values(struct api_ctx *ctx)
{
	const char *const *sw = wiki_tag_software_list();
	size_t n_sw = 0;
	while (sw[n_sw])
		n_sw++;
	const char **v = NULL;
	size_t n = 0, cap = 0;
	/* The user-defined ones (a software tag is never one: managetags refuses their names). */
	struct store_stmt *s = store_prepare(ctx->store, "SELECT ctd_name FROM change_tag_def WHERE ctd_user_defined = 1"
							 " ORDER BY ctd_name");
	while (store_step(s) == STORE_ROW) {
		v = arena_grow(ctx->arena, v, n + n_sw + 1, &cap, sizeof(*v));
		v[n++] = store_col_dup(s, ctx->arena, 0);
	}
	store_stmt_done(s);
	v = arena_grow(ctx->arena, v, n + n_sw + 1, &cap, sizeof(*v));
	for (size_t i = 0; i < n_sw; i++)
		v[n++] = sw[i];
	v[n] = NULL;
	return v;
}

int api_check_tags(struct api_ctx *ctx, const struct api_list *tags)
{
	if (!tags->n)
		return RC_OK;
	if (!wiki_user_can(ctx->user, "applychangetags"))
		return api_error(ctx, "tags-apply-no-permission", "tags-apply-no-permission");
	return api_check_tag_values(ctx, tags);
}

int api_check_tag_values(struct api_ctx *ctx, const struct api_list *tags)
{
	const char **bad = arena_calloc(ctx->arena, tags->n + 1, sizeof(*bad));
	size_t n_bad = 0;
	for (size_t i = 0; i < tags->n; i++)
		if (!wiki_tag_applicable(ctx->store, tags->v[i]))
			bad[n_bad++] = tags->v[i];
	if (!n_bad)
		return RC_OK;
	const char *list = bad[0];
	for (size_t i = 1; i < n_bad; i++)
		list = arena_printf(ctx->arena, "%s, %s", list, bad[i]);
	/* Both messages take the count too, as MediaWiki's restrictedTagError(). */
	api_error(ctx, "badtags", n_bad == 1 ? "tags-apply-not-allowed-one" : "tags-apply-not-allowed-multi", list,
		  api_p_int(ctx->arena, (long long)n_bad));
	struct api_node *d = api_add_array(api_error_data(ctx), "disallowedtags", "t");
	for (size_t i = 0; i < n_bad; i++)
		api_add_str(d, NULL, bad[i]);
	return RC_ERR;
}
