/* SPDX-License-Identifier: MIT */
/*
 * session.c — who is making the request. Until accounts and login exist
 * there is no way to obtain a session, so every request is anonymous and
 * acts with the rights of group "*".
 */
#include "wiki.h"

#include "../http/http.h"

struct wiki_user *wiki_session_user(struct arena *a, struct store *st, const struct http_request *req,
				    struct http_response *resp, bool anon_only)
{
	return wiki_user_anon(a, req->remote_ip);
}
