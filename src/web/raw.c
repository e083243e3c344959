/* SPDX-License-Identifier: MIT */
/*
 * raw.c — /w/index.php?title=T&action=raw: a page's source as it is
 * stored, for scripts, bots and the wiki's own CSS/JS pages, as
 * MediaWiki's RawAction serves it.
 *
 * What is sent: the main slot's text of the current revision, or of
 * `oldid` (any revision id, whatever page it belongs to), or of the one
 * after or before it (`direction=next|prev`; `cur` is the current); one
 * section with `section=N`; templates expanded with `templates=expand`.
 * No such page, revision or section, hidden text or a `slot` other than
 * "main" give no text: 404 for wikitext, an empty 200 for CSS, JS and
 * JSON (browsers asking for a user's missing common.js). The type is
 * `ctype` when it is one MediaWiki allows (legacy `gen=js|css` too),
 * else text/x-wiki; JavaScript is only served from pages that cannot be
 * edited by everybody (the MediaWiki namespace, a user's own .js
 * subpage, pages edit-protected at sysop level), and a user's CSS/JS/JSON
 * subpage only when that user exists. Caching: Cache-Control with
 * `maxage` (default 18000, $wgCdnMaxAge) and `smaxage` (default 0, or
 * 300 for CSS/JS/JSON, $wgForcedRawSMaxage), private for logged-in
 * users; Last-modified from the revision; If-Modified-Since no older
 * than the page's last change (or the user's, when logged in) answers
 * 304.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../http/http.h"
#include "../parser/wt.h"
#include "../store/store.h"
#include "../util/timestamp.h"
#include "../wiki/wiki.h"

/* $wgCdnMaxAge: the default max-age. */
#define RAW_MAXAGE 18000
/* $wgForcedRawSMaxage: s-maxage of CSS, JS and JSON. */
#define RAW_CODE_SMAXAGE 300

/* The content types a request may ask for (RawAction's list). */
static const char *const ctypes[] = { "text/x-wiki", "text/javascript", "text/css", "application/x-zope-edit",
				      "application/json", NULL };

static const char *param(const struct http_request *req, const char *name)
{
	const struct http_param *p = http_param_get(req, name);
	return p && !p->is_file ? p->value : NULL;
}

static const char *content_type(const struct http_request *req)
{
	const char *ct = param(req, "ctype");
	if (!ct || !*ct) {
		const char *gen = param(req, "gen");
		ct = gen && streq(gen, "js") ? "text/javascript" : gen && streq(gen, "css") ? "text/css" : NULL;
	}
	for (size_t i = 0; ct && ctypes[i]; i++)
		if (streq(ct, ctypes[i]))
			return ctypes[i];
	return "text/x-wiki";
}

/* WebRequest::getIntOrNull: a value of digits with an optional '-', else none. */
static bool int_or_null(const char *v, long *out)
{
	if (!v || !*v)
		return false;
	const char *p = v + (*v == '-');
	if (!*p || strspn(p, "0123456789") != strlen(p))
		return false;
	*out = strtol(v, NULL, 10);
	return true;
}

/* "Thu, 03 Dec 2026 04:03:10 GMT" of a 14-digit timestamp, in `a`. */
static const char *http_date(struct arena *a, const char *mw14)
{
	int64_t t = 0;
	ts_from_mw(mw14, &t);
	char buf[30];
	ts_format_http(t, buf);
	return arena_strdup(a, buf);
}

/* A user's JS/CSS/JSON subpage (Title::isUserConfigPage): User:Name/....js, .css or .json. */
static const char *user_config_kind(const struct wiki_title *t, const char *model)
{
	if (t->ns != WIKI_NS_USER || !strchr(t->dbkey, '/'))
		return NULL;
	if (streq(model, "javascript") || streq(model, "css") || streq(model, "json"))
		return model;
	return NULL;
}

/* Does the account named by the root of user page `t` exist? */
static bool root_user_exists(struct store *st, struct arena *a, const struct wiki_title *t)
{
	const char *slash = strchr(t->text, '/');
	const char *name = arena_strndup(a, t->text, slash ? (size_t)(slash - t->text) : strlen(t->text));
	int64_t id = 0;
	return store_query_int(st, &id, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t", name) == RC_OK;
}

/* Is the page edit-protected at a level only administrators pass (sysop or editprotected)? */
static bool admin_protected(struct store *st, struct arena *a, const struct wiki_page *p)
{
	struct wiki_protection *pr;
	size_t n = 0;
	if (!p->id || wiki_protect_load(st, a, p->id, p->ns, p->dbkey, &pr, &n) != RC_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (streq(pr[i].type, "edit") && (streq(pr[i].level, "sysop") || streq(pr[i].level, "editprotected")))
			return true;
	return false;
}

/*
 * OutputPage::checkLastModified: true (and a 304 made) when the request's
 * If-Modified-Since is no older than the page's page_touched and, for a
 * logged-in user, their user_touched.
 */
static bool not_modified(const struct http_request *req, struct http_response *resp, struct store *st,
			 struct arena *a, const struct wiki_user *u, int64_t page_id)
{
	const char *ims = http_header_get(req, "If-Modified-Since");
	int64_t since = 0;
	if (!ims || !page_id || ts_parse(ims, &since) != RC_OK)
		return false;
	char *touched = NULL;
	if (store_query_text(st, a, &touched, "SELECT page_touched FROM page WHERE page_id = ?", "i", page_id) !=
		    RC_OK || !touched)
		return false;
	const char *newest = touched;
	char *user_touched = NULL;
	if (u->id && store_query_text(st, a, &user_touched, "SELECT user_touched FROM \"user\" WHERE user_id = ?",
				      "i", u->id) == RC_OK && user_touched && strcmp(user_touched, newest) > 0)
		newest = user_touched;
	int64_t modified = 0;
	if (ts_from_mw(newest, &modified) != RC_OK || since < modified)
		return false;
	resp->status = 304;
	resp->no_body = true;
	http_response_add_header(resp, a, "Cache-Control", "private, must-revalidate, max-age=0");
	http_response_add_header(resp, a, "Last-Modified", http_date(a, newest));
	return true;
}

/* The revision id to show: oldid as asked, moved by `direction`; 0 for the current one, -1 for none. */
static int64_t wanted_revision(const struct http_request *req, struct store *st, const struct wiki_page *p)
{
	const char *ov = param(req, "oldid");
	int64_t oldid = ov ? strtoll(ov, NULL, 10) : 0;
	const char *dir = param(req, "direction");
	if (!dir)
		return oldid;
	bool next = streq(dir, "next"), prev = streq(dir, "prev");
	if (streq(dir, "cur"))
		return 0;
	if (!next && !prev)
		return oldid;
	if (next && !oldid)
		return -1;
	if (prev && !oldid)
		oldid = p->latest;
	struct store_stmt *s = store_prepare(
		st, next ? "SELECT n.rev_id FROM revision r JOIN revision n ON n.rev_page = r.rev_page"
			   " AND (n.rev_timestamp > r.rev_timestamp OR (n.rev_timestamp = r.rev_timestamp"
			   " AND n.rev_id > r.rev_id)) WHERE r.rev_id = ? ORDER BY n.rev_timestamp, n.rev_id LIMIT 1"
			 : "SELECT n.rev_id FROM revision r JOIN revision n ON n.rev_page = r.rev_page"
			   " AND (n.rev_timestamp < r.rev_timestamp OR (n.rev_timestamp = r.rev_timestamp"
			   " AND n.rev_id < r.rev_id)) WHERE r.rev_id = ?"
			   " ORDER BY n.rev_timestamp DESC, n.rev_id DESC LIMIT 1");
	if (!s)
		return -1;
	store_bindv(s, "i", oldid);
	int64_t id = store_step(s) == STORE_ROW ? store_col_int(s, 0) : -1;
	store_stmt_done(s);
	return id;
}

/*
 * The text to send (RawAction::getRawText), NULL for none; sets
 * Last-modified when a revision is found.
 */
static const char *raw_text(const struct http_request *req, struct http_response *resp, struct store *st,
			    struct arena *a, const struct wiki_title *t, const struct wiki_page *p, size_t *len)
{
	int64_t rev = wanted_revision(req, st, p);
	if (rev == 0)
		rev = p->latest;
	if (rev <= 0)
		return NULL;
	const char *ts = NULL;
	int64_t deleted = 0;
	struct store_stmt *s = store_prepare(st, "SELECT rev_timestamp, rev_deleted FROM revision WHERE rev_id = ?");
	if (!s)
		return NULL;
	store_bindv(s, "i", rev);
	if (store_step(s) == STORE_ROW) {
		ts = store_col_dup(s, a, 0);
		deleted = store_col_int(s, 1);
	}
	store_stmt_done(s);
	if (!ts)
		return NULL;
	http_response_add_header(resp, a, "Last-modified", http_date(a, ts));
	const char *slot = param(req, "slot");
	if ((slot && *slot && !streq(slot, "main")) || (deleted & WIKI_REV_DELETED_TEXT))
		return NULL;
	const char *text;
	const char *model = NULL;
	if (wiki_revision_text(st, a, rev, &text, len, &model) != RC_OK)
		return NULL;
	long section;
	if (int_or_null(param(req, "section"), &section)) {
		/* Only wikitext has sections. */
		if ((model && !streq(model, "wikitext")) ||
		    wiki_section_get(a, text, *len, section, false, &text, len) != RC_OK)
			return NULL;
	}
	const char *tpl = param(req, "templates");
	if (*len && tpl && streq(tpl, "expand")) {
		struct wiki_render_opts ro = { .title = t, .page_id = p->id, .rev_id = rev };
		struct wt_output o;
		memset(&o, 0, sizeof(o));
		const char *res;
		size_t res_len;
		if (wiki_expand(st, a, &ro, false, text, *len, &res, &res_len, &o) == RC_OK) {
			text = res;
			*len = res_len;
		}
	}
	return text;
}

void web_raw(struct http_request *req, struct http_response *resp, struct store *st, const struct wiki_user *u,
	     const struct wiki_title *t)
{
	struct arena *a = req->arena;
	if (!wiki_user_can(u, "read")) {
		web_http_error(resp, a, 403, "Forbidden", "Reading this wiki needs an account: log in first.");
		return;
	}
	struct wiki_page p;
	if (wiki_page_load(st, a, t->ns, t->dbkey, &p) != RC_OK) {
		web_http_error(resp, a, 500, "Internal Server Error", "The database could not be read.");
		return;
	}
	if (not_modified(req, resp, st, a, u, p.id))
		return;

	const char *ctype = content_type(req);
	bool code = streq(ctype, "text/css") || streq(ctype, "application/json") || streq(ctype, "text/javascript");
	long maxage = RAW_MAXAGE, smaxage = code ? RAW_CODE_SMAXAGE : 0, v;
	const char *mv = param(req, "maxage");
	if (mv)
		maxage = strtol(mv, NULL, 10);
	if (int_or_null(param(req, "smaxage"), &v))
		smaxage = v;
	http_response_add_header(resp, a, "Vary", "Accept-Encoding, Cookie");
	http_response_add_header(resp, a, "Cache-Control",
				 arena_printf(a, "%s, s-maxage=%ld, max-age=%ld", u->id ? "private" : "public",
					      smaxage, maxage));
	http_response_add_header(resp, a, "X-Content-Type-Options", "nosniff");

	const char *model = p.id && p.model ? p.model : wiki_default_model(t->ns, t->dbkey);
	if (user_config_kind(t, model) && !streq(ctype, "text/x-wiki") && !root_user_exists(st, a, t)) {
		web_http_error(resp, a, 403, "Forbidden",
			       "This user script or style page belongs to no registered account, so it is not served.");
		return;
	}
	if (streq(ctype, "text/javascript") && !(t->ns == WIKI_NS_USER && streq(model, "javascript") &&
						 strchr(t->dbkey, '/')) &&
	    t->ns != WIKI_NS_MEDIAWIKI && !admin_protected(st, a, &p)) {
		web_http_error(resp, a, 403, "Forbidden",
			       "JavaScript is only served from pages that not everybody can edit.");
		return;
	}

	size_t len = 0;
	const char *text = raw_text(req, resp, st, a, t, &p, &len);
	resp->status = text || !streq(ctype, "text/x-wiki") ? 200 : 404;
	resp->content_type = arena_printf(a, "%s; charset=UTF-8", ctype);
	if (text)
		sbuf_add(&resp->body, text, len);
}
