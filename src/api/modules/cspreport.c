/* SPDX-License-Identifier: MIT */
/*
 * cspreport.c — action=cspreport: where browsers send Content Security
 * Policy violation reports (the report-uri of the wiki's CSP header). As
 * MediaWiki's ApiCSPReport: POST only; the body itself is the report, a
 * JSON object with a "csp-report" member, sent as application/csp-report
 * or application/json (exactly) and at most 8192 bytes; any other body is refused
 * with cspreport-<reason> and HTTP status 400. MediaWiki writes the report to its log; wikid
 * keeps it in wikid_cspreport (migration 4), where an administrator can
 * read it, at most CSP_KEEP reports (the oldest go first) so that a
 * flood cannot fill the disk. Reporting counts against the "cspreport"
 * rate limit ([ratelimits] cspreport.ip = HITS/SECONDS, or another kind
 * of actor: anon, user, ip-all ...; none by default, as in MediaWiki).
 */
#include <jansson.h>
#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"
#include "../api_int.h"

/* ApiCSPReport::MAX_POST_SIZE: a larger body is not a report. */
#define CSP_MAX_BODY 8192

/* Reports kept; each is at most CSP_MAX_BODY bytes, so the table stays under 10 MB. */
#define CSP_KEEP 1000

struct cspreport_params {
	bool reportonly;    /* the report came from a Content-Security-Policy-Report-Only header */
	const char *source; /* which policy sent it ("internal" by default) */
};

static const struct api_param params[] = {
	{ .name = "reportonly", .type = API_T_BOOL, .offset = offsetof(struct cspreport_params, reportonly),
	  .desc = "Mark the report as coming from a report-only policy, not an enforced one." },
	{ .name = "source", .type = API_T_STRING, .dflt = "internal",
	  .offset = offsetof(struct cspreport_params, source),
	  .desc = "What generated the policy the report is about." },
	{ 0 }
};

/* Refuse the report: error code "cspreport-<why>", HTTP status 400 (ApiCSPReport::error). */
static int refuse(struct api_ctx *ctx, const char *why)
{
	api_main_of(ctx)->http_status = 400;
	return api_error(ctx, arena_printf(ctx->arena, "cspreport-%s", why), "apierror-csp-report",
			 api_p_plain(ctx->arena, why));
}

/* The string member `key` of object `o`, or "". */
static const char *member(json_t *o, const char *key)
{
	json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
	return json_is_string(v) ? json_string_value(v) : "";
}

static int exec_cspreport(struct api_ctx *ctx, void *vp)
{
	struct cspreport_params *p = vp;
	const char *ct = http_header_get(ctx->req, "Content-Type");
	/* As ApiCSPReport, the type must be exactly one of the two, without parameters. */
	if (!ct || (!streq(ct, "application/csp-report") && !streq(ct, "application/json")))
		return refuse(ctx, "wrongformat");
	if (ctx->req->body_len > CSP_MAX_BODY)
		return refuse(ctx, "toobig");

	json_error_t jerr;
	json_t *j = json_loadb(ctx->req->body ? ctx->req->body : "", ctx->req->body_len, JSON_DECODE_ANY, &jerr);
	if (!j)
		return refuse(ctx, json_error_code(&jerr) == json_error_invalid_utf8 ? "json-error-utf8"
										      : "json-error-syntax");
	json_t *report = json_is_object(j) ? json_object_get(j, "csp-report") : NULL;
	if (!report) {
		json_decref(j);
		return refuse(ctx, "missingkey");
	}
	const char *doc = arena_strdup(ctx->arena, member(report, "document-uri"));
	const char *directive = arena_strdup(ctx->arena, member(report, "violated-directive"));
	const char *blocked = arena_strdup(ctx->arena, member(report, "blocked-uri"));
	json_decref(j);

	if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "cspreport", 1))
		return api_error(ctx, "ratelimited", NULL);

	char now[15];
	ts_format_mw(util_now(), now);
	const char *agent = http_header_get(ctx->req, "User-Agent");
	int rc = store_begin(ctx->store);
	if (rc == RC_OK)
		rc = store_run(ctx->store,
			       "INSERT INTO wikid_cspreport (csp_timestamp, csp_source, csp_reportonly, csp_document_uri,"
			       " csp_violated_directive, csp_blocked_uri, csp_user_agent, csp_report)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ttitttts", now, p->source, (int64_t)p->reportonly,
			       doc, directive, blocked, agent ? agent : "",
			       (struct str){ ctx->req->body ? ctx->req->body : "", ctx->req->body_len });
	if (rc == RC_OK)
		rc = store_run(ctx->store,
			       "DELETE FROM wikid_cspreport WHERE csp_id <= (SELECT MAX(csp_id) FROM wikid_cspreport) - ?",
			       "i", (int64_t)CSP_KEEP);
	if (api_db_finish(ctx, rc) != RC_OK)
		return RC_ERR;
	api_add_str(ctx->result, "cspreport", "success");
	return RC_OK;
}

const struct api_module api_module_cspreport = {
	.name = "cspreport",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_INTERNAL | API_M_NO_READ,
	.params = params,
	.params_size = sizeof(struct cspreport_params),
	.summary = "Receive a Content Security Policy violation report from a browser.",
	.help = "Browsers call this themselves; the report is the request body, in JSON.",
	.examples = (const char *const[]){
		"action=cspreport&reportonly=1", "A report from a report-only policy (POST the report as the body).",
		NULL },
	.exec = exec_cspreport,
};
