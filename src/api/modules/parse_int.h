/* SPDX-License-Identifier: MIT */
/*
 * parse_int.h — output shared by action=parse and action=expandtemplates
 * (defined in parse.c).
 */
#ifndef PARSE_INT_H
#define PARSE_INT_H

#include "../../parser/wt.h"
#include "../api.h"

/*
 * Add the modules, modulescripts, modulestyles, jsconfigvars and
 * encodedjsconfigvars props that `prop` asks for from the parser output
 * `o` to `r`, and warn moduleswithoutvars as MediaWiki does.
 */
void parse_add_modules(struct api_ctx *ctx, struct api_node *r, const struct api_list *prop, const struct wt_output *o);

#endif
