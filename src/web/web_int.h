/* SPDX-License-Identifier: MIT */
/*
 * web_int.h — what the /w/index.php handlers share.
 */
#ifndef WEB_INT_H
#define WEB_INT_H

#include "web.h"

#include "../http/http.h"
#include "../store/store.h"
#include "../wiki/wiki.h"

/* An error page with `status` ("Bad Request" ...) and one sentence, the shape of MediaWiki's wfHttpError(). */
void web_http_error(struct http_response *resp, struct arena *a, int status, const char *reason, const char *text);

/* action=raw of page `t` (raw.c): its stored text, as MediaWiki's RawAction serves it. */
void web_raw(struct http_request *req, struct http_response *resp, struct store *st, const struct wiki_user *u,
	     const struct wiki_title *t);

#endif
