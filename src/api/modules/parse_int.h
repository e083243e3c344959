/* SPDX-License-Identifier: MIT */
/*
 * parse_int.h — output shared by action=parse and action=expandtemplates
 * (defined in parse.c).
 */
#ifndef PARSE_INT_H
#define PARSE_INT_H

#include "../../parser/wt.h"
#include "../api.h"


/* A skin wikid has (siteinfo skins, parse useskin). */
struct api_skin {
	const char *code;  /* "fallback" */
	const char *name;  /* its display name */
	bool is_default;   /* the default skin */
};

/* The skins: MediaWiki's two core ones, both unusable as a reader's choice; ends with a NULL code. */
extern const struct api_skin api_skins[];

/*
 * MediaWiki's internal name of the special page called `name` (`len`
 * bytes, any of its aliases, ASCII case ignored): "Recentchanges" for
 * "RecentChanges". NULL when there is none. Static (meta_siteinfo.c).
 */
const char *api_special_realname(const char *name, size_t len);

/* The modules of a page in skin mode: the parser output's, then the skin's and OutputPage's own. */
struct parse_modules {
	const char **modules; /* modules (scripts) */
	size_t n_modules;
	const char **styles;  /* style-only modules */
	size_t n_styles;
};

/*
 * Add the modules, modulescripts, modulestyles, jsconfigvars and
 * encodedjsconfigvars props that `prop` asks for from the parser output
 * `o` (or, with `skin`, the modules a skin loaded) to `r`, and warn
 * moduleswithoutvars as MediaWiki does.
 */
void parse_add_modules(struct api_ctx *ctx, struct api_node *r, const struct api_list *prop, const struct wt_output *o,
		       const struct parse_modules *skin);

/*
 * The modules OutputPage holds for the parser output `o` once a skin
 * loaded its own (ApiParse with useskin): `has_toc` adds mediawiki.toc,
 * a registered user with the watch rights on a page `t` that can exist
 * mediawiki.page.watch.ajax. `with_client`: the head was built
 * (prop=headhtml), which adds OutputPage's user and site modules.
 */
void parse_skin_modules(struct api_ctx *ctx, const struct wt_output *o, const struct wiki_title *t, bool has_toc,
			bool with_client, struct parse_modules *out);

/*
 * prop=headhtml: the HTML document of a view of `t` rendered as `o`
 * (content model `model`) with skin `skin`, from <!DOCTYPE> through
 * <body ...>. `skin_modules`: useskin loaded the skin's modules. In the
 * request's arena.
 */
const char *parse_head_html(struct api_ctx *ctx, const char *skin, bool skin_modules, const struct wiki_title *t,
			    const struct wt_output *o, const char *model);

#endif
