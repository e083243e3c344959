/* SPDX-License-Identifier: MIT */
/*
 * account_int.h — helpers shared by the account modules (login,
 * clientlogin, createaccount, validatepassword, users): messages in the
 * shapes MediaWiki's authentication API uses, and the AuthManager-style
 * response fields. Defined in login.c.
 */
#ifndef ACCOUNT_INT_H
#define ACCOUNT_INT_H

#include "../api_int.h"

/*
 * Add message `key` (params NULL-terminated, may be NULL) under `name` of
 * `parent` as the request's errorformat shapes a message: bc → the text;
 * raw → {code, key, params}; plaintext/wikitext → {code, text};
 * html → {code, html}; none → {code}. `code` is the message's API code.
 */
void account_add_reason(struct api_ctx *ctx, struct api_node *parent, const char *name,
			const char *code, const char *key, const char *const *params);

/*
 * Fill an AuthManager FAIL response into `node`: status "FAIL",
 * "message" in `msgformat` (wikitext/html: text, raw: {key, params},
 * none: absent), "messagecode", and canpreservestate false.
 */
void account_auth_fail(struct api_ctx *ctx, struct api_node *node, const char *msgformat,
		       const char *code, const char *key, const char *const *params);

/*
 * The value of the dynamic (request-field) parameter `name`, marking it
 * used so it draws no "unrecognized parameter" warning; NULL when absent.
 */
const char *account_field(struct api_ctx *ctx, const char *name);

/* True when `url` is an absolute or protocol-relative URL (loginreturnurl). */
bool account_url_ok(const char *url);

/*
 * A validity message entry of validatepassword/users (cancreateerror):
 * bc → {message, params, code, type: "error"}; raw → {code, key,
 * params}; other formats → {code, text|html}. `num` ≥ 0 adds it as
 * the one (numeric) parameter.
 */
void account_add_status_msg(struct api_ctx *ctx, struct api_node *list, const char *code,
			    const char *key, long num);

#endif
