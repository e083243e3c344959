/* SPDX-License-Identifier: MIT */
/*
 * index.c — /w/index.php: the request's session and read snapshot, then
 * the page its `title` names. Special pages are matched by their
 * canonical name or any alias, in any case of the first letter, with an
 * optional "/subpage" as MediaWiki passes it on ($par).
 */
#include "web_int.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../dump/dump.h"
#include "../http/http.h"
#include "../store/store.h"
#include "../util/config.h"
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

void web_http_error(struct http_response *resp, struct arena *a, int status, const char *reason, const char *text)
{
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	sbuf_adds(&resp->body, arena_printf(a, "<!DOCTYPE html><html><head><title>%s</title></head><body><h1>%s</h1>"
					       "<p>%s</p></body></html>", reason, reason, text));
}

/* PHP's truthiness of a request value: "" and "0" are false. */
static bool php_true(const char *v)
{
	return *v && !streq(v, "0");
}

/* PHP's (int) of a request value: the leading decimal integer, 0 when there is none. */
static long php_int(const char *v)
{
	long n = strtol(v, NULL, 10);
	return n < 0 ? 0 : n;
}

/* `s` form-encoded as PHP's urlencode() does (letters, digits and "-_." kept, space as '+'). */
static void php_urlencode(struct sbuf *out, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' ||
		    *c == '_' || *c == '.')
			sbuf_addc(out, (char)*c);
		else if (*c == ' ')
			sbuf_addc(out, '+');
		else
			sbuf_addf(out, "%%%02X", *c);
	}
}

/* A JSON string literal of `s` into `out`. */
static void json_string(struct sbuf *out, const char *s)
{
	sbuf_addc(out, '"');
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			sbuf_addf(out, "\\%c", *c);
		else if (*c < 0x20)
			sbuf_addf(out, "\\u%04x", *c);
		else
			sbuf_addc(out, (char)*c);
	}
	sbuf_addc(out, '"');
}

/* The parameters Special:RunJobs reads, in sorted order: the signature covers those present but itself. */
static const char *const runjobs_params[] = { "async", "maxjobs", "maxtime", "sigexpiry", "signature",
					      "stats", "tasks", "title", "type" };

/*
 * Special:RunJobs, MediaWiki's endpoint for job-runner services: a POST
 * whose fields (`tasks`, `maxjobs`, `maxtime`, `type`, `async`, `stats`,
 * `sigexpiry` and the `title` itself) are signed with HMAC-SHA1 under the
 * wiki's secret key — the hex digest of the fields present, sorted by
 * name and form-encoded, in `signature` — and valid until `sigexpiry`
 * (Unix time). As SpecialRunJobs does: 423 on a read-only wiki, 400 for
 * a GET, missing fields, or a wrong or expired signature; then with
 * `async` (the default) 202 and the jobs run in the background, else the
 * jobs run at once and the answer is "Done" or, with `stats`, JSON with
 * the jobs run, why the run stopped (`reached`), `backoffs`, `elapsed`
 * (ms) and `memory`.
 */
static void run_jobs(struct http_request *req, struct http_response *resp, struct store *st, struct arena *a)
{
	if (config.read_only) {
		web_http_error(resp, a, 423, "Locked", "The wiki is read-only now, so no jobs are run.");
		return;
	}
	if (!streq(req->method, "POST")) {
		web_http_error(resp, a, 400, "Bad Request", "Special:RunJobs only answers POST requests.");
		return;
	}
	const char *vals[ARRAY_SIZE(runjobs_params)];
	for (size_t i = 0; i < ARRAY_SIZE(runjobs_params); i++) {
		const struct http_param *p = http_param_get(req, runjobs_params[i]);
		vals[i] = p && !p->is_file ? p->value : NULL;
	}
	/* vals[] by name. */
	const char *async = vals[0], *maxjobs = vals[1], *maxtime = vals[2], *sigexpiry = vals[3],
		   *signature = vals[4], *stats = vals[5], *tasks = vals[6], *title = vals[7], *type = vals[8];
	struct sbuf missing;
	sbuf_init(&missing, 256);
	const char *required[] = { "title", "tasks", "signature", "sigexpiry" };
	const char *given[] = { title, tasks, signature, sigexpiry };
	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		if (!given[i])
			sbuf_addf(&missing, "%s%s", missing.len ? ", " : "", required[i]);
	if (missing.len) {
		web_http_error(resp, a, 400, "Bad Request", arena_printf(a, "These fields are required but missing: %s",
								     missing.p));
		sbuf_release(&missing);
		return;
	}
	sbuf_release(&missing);

	struct sbuf q;
	sbuf_init(&q, 64 * 1024);
	for (size_t i = 0; i < ARRAY_SIZE(runjobs_params); i++) {
		if (!vals[i] || streq(runjobs_params[i], "signature"))
			continue;
		if (q.len)
			sbuf_addc(&q, '&');
		sbuf_adds(&q, runjobs_params[i]);
		sbuf_addc(&q, '=');
		php_urlencode(&q, vals[i]);
	}
	const char *key = wiki_secret_key();
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1] = "";
	if (key && HMAC(EVP_sha1(), key, (int)strlen(key), (const unsigned char *)(q.p ? q.p : ""), q.len, mac, &mac_len))
		util_hex(mac, mac_len, hex);
	sbuf_release(&q);
	bool verified = *hex && strlen(signature) == strlen(hex) && CRYPTO_memcmp(signature, hex, strlen(hex)) == 0;
	char *end;
	double expiry = strtod(sigexpiry, &end);
	if (!verified || end == sigexpiry || *end || expiry < (double)time(NULL)) {
		web_http_error(resp, a, 400, "Bad Request", "The signature is wrong or has expired.");
		return;
	}

	struct wiki_jobs_limits lim = {
		.type = type && *type ? type : NULL,
		.max_jobs = maxjobs && php_int(maxjobs) ? php_int(maxjobs) : 1,
		.max_time = maxtime && php_int(maxtime) ? (double)php_int(maxtime) : 30,
	};
	store_snapshot_end(st);
	if (!async || php_true(async)) {
		/* Accepted: the client may hang up; the background runner does the work. */
		resp->status = 202;
		resp->content_type = "text/plain; charset=utf-8";
		if (wiki_jobs_run_async(&lim))
			return;
	}
	struct wiki_jobs_report rep;
	wiki_jobs_run(st, a, &lim, &rep);
	if (async && !php_true(async) && stats && php_true(stats)) {
		resp->content_type = "application/json";
		struct sbuf *b = &resp->body;
		sbuf_adds(b, "{\n    \"jobs\": [");
		for (size_t i = 0; i < rep.n_jobs; i++) {
			const struct wiki_jobs_done *d = &rep.jobs[i];
			sbuf_adds(b, i ? ",\n        {\n            \"type\": " : "\n        {\n            \"type\": ");
			json_string(b, d->type);
			sbuf_addf(b, ",\n            \"status\": \"%s\",\n            \"error\": ", d->ok ? "ok" : "failed");
			if (d->error)
				json_string(b, d->error);
			else
				sbuf_adds(b, "null");
			sbuf_addf(b, ",\n            \"time\": %lld\n        }", (long long)d->time_ms);
		}
		sbuf_adds(b, rep.n_jobs ? "\n    ],\n" : "],\n");
		sbuf_addf(b, "    \"reached\": \"%s\",\n    \"backoffs\": [],\n    \"elapsed\": %lld,\n"
			     "    \"memory\": %lld\n}", rep.reached, (long long)rep.elapsed_ms, (long long)rep.memory);
		return;
	}
	if (resp->status != 202) {
		resp->content_type = "text/plain; charset=utf-8";
		sbuf_adds(&resp->body, "Done\n");
	}
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
	const struct http_param *ap = http_param_get(req, "action");
	bool raw = ap && !ap->is_file && streq(ap->value, "raw");
	bool parsed = tp && wiki_title_parse(a, tp->value, 0, &t, &err) == RC_OK && !*t.interwiki;
	if (raw && !parsed) {
		web_http_error(resp, a, 404, "Bad title", "The requested page title is empty or not valid.");
		return;
	}
	if (raw && t.ns >= 0) {
		web_raw(req, resp, st, u, &t);
		return;
	}
	if (!parsed || t.ns != WIKI_NS_SPECIAL) {
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
	if (canon && canon_len == 7 && strncmp(canon, "RunJobs", 7) == 0) {
		run_jobs(req, resp, st, a);
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
