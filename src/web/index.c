/* SPDX-License-Identifier: MIT */
/*
 * index.c — /w/index.php: the request's session and read snapshot, then
 * the page its `title` names. Special pages are matched by their
 * canonical name or any alias, in any case of the first letter, with an
 * optional "/subpage" as MediaWiki passes it on ($par).
 */
#include "web.h"

#include <string.h>

#include "../dump/dump.h"
#include "../http/http.h"
#include "../store/store.h"
#include "../wiki/wiki.h"

static void release_store(void *st)
{
	store_idle(st);
}

/* A plain-text answer with `status`. */
static void plain(struct http_response *resp, int status, const char *text)
{
	resp->status = status;
	resp->content_type = "text/plain; charset=utf-8";
	sbuf_adds(&resp->body, text);
}

/*
 * Special:ConfirmEmail/TOKEN and Special:InvalidateEmail/TOKEN, the links
 * of the confirmation mail: confirm (or cancel) the address the token was
 * made for. The token is the whole proof, so no login is needed.
 */
static void confirm_email(struct http_response *resp, struct store *st, struct arena *a, const char *token, bool cancel)
{
	const char *name = NULL;
	int rc = store_begin(st);
	if (rc == RC_OK) {
		rc = wiki_email_confirm_token(st, a, token, cancel, &name);
		if (rc == RC_OK)
			rc = store_commit(st);
		else
			store_rollback(st);
	}
	if (rc == RC_NOTFOUND)
		plain(resp, 404, "This confirmation code is not valid: it is wrong, was used already or has expired.\n");
	else if (rc != RC_OK)
		plain(resp, 500, "The database could not be reached; try the link again later.\n");
	else
		plain(resp, 200, arena_printf(a, cancel ? "The email address of the account \"%s\" is no longer confirmed.\n"
						: "The email address of the account \"%s\" is confirmed.\n", name));
}

void web_handle_index(struct http_request *req, struct http_response *resp)
{
	struct arena *a = req->arena;
	struct store *st = store_thread();
	store_snapshot(st);
	arena_on_cleanup(a, release_store, st);
	struct wiki_user *u = wiki_session_user(a, st, req, resp, false);

	const struct http_param *tp = http_param_get(req, "title");
	struct wiki_title t;
	const char *err;
	if (!tp || wiki_title_parse(a, tp->value, 0, &t, &err) != RC_OK || t.ns != WIKI_NS_SPECIAL) {
		plain(resp, 404, "wikid has no web page for this address; its API is at api.php.\n");
		return;
	}
	const char *slash = strchr(t.dbkey, '/');
	size_t name_len = slash ? (size_t)(slash - t.dbkey) : strlen(t.dbkey), canon_len = 0;
	const char *canon = wiki_special_canonical(t.dbkey, name_len, &canon_len);
	if (canon && canon_len == 6 && strncmp(canon, "Export", 6) == 0) {
		/* The subpage with spaces, as a title list of one. */
		char *sub = arena_strdup(a, slash ? slash + 1 : "");
		for (char *c = sub; *c; c++)
			if (*c == '_')
				*c = ' ';
		dump_special_export(req, resp, st, u, sub);
		return;
	}
	bool confirm = canon && canon_len == 12 && strncmp(canon, "ConfirmEmail", 12) == 0;
	bool cancel = canon && canon_len == 15 && strncmp(canon, "InvalidateEmail", 15) == 0;
	if (confirm || cancel) {
		confirm_email(resp, st, a, slash ? slash + 1 : "", cancel);
		return;
	}
	plain(resp, 404, "wikid has no web page for this special page; its API is at api.php.\n");
}
