/* SPDX-License-Identifier: MIT */
/*
 * account_int.h — helpers shared by the account modules (login,
 * clientlogin, createaccount, validatepassword, users): messages in the
 * shapes MediaWiki's authentication API uses, and the AuthManager-style
 * response fields. Defined in login.c, except account_add_reset_requests()
 * (meta_authmanagerinfo.c, beside the other requests).
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

/* The "message" (in `msgformat`) and "messagecode" members of an AuthManager response. */
void account_auth_message(struct api_ctx *ctx, struct api_node *node, const char *msgformat,
			  const char *code, const char *key, const char *const *params);

/*
 * The login of this session that waits for a new password (the user
 * logged in with a reset's temporary password): RC_OK with the account's
 * `*uid` and `*name`, else RC_NOTFOUND. account_set_pending_reset()
 * records one (uid 0: forgets it).
 */
int account_pending_reset(struct api_ctx *ctx, int64_t *uid, const char **name);
int account_set_pending_reset(struct api_ctx *ctx, int64_t uid, const char *name);

/*
 * The requests (and with `merge` the merged fields) of a login waiting
 * for a new password, for account `account`, under `res`, as
 * clientlogin's UI answer and meta=authmanagerinfo&amirequestsfor=login-continue
 * list them.
 */
void account_add_reset_requests(struct api_ctx *ctx, struct api_node *res, bool merge, const char *fmt,
				const char *account);

/*
 * The value of the dynamic (request-field) parameter `name`, marking it
 * used so it draws no "unrecognized parameter" warning; NULL when absent.
 */
const char *account_field(struct api_ctx *ctx, const char *name);

/* A random temporary password of letters and digits (no look-alikes), in `a`. */
const char *account_random_password(struct arena *a);

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
