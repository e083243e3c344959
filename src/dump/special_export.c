/* SPDX-License-Identifier: MIT */
/*
 * special_export.c — Special:Export on /w/index.php: the form parameters
 * MediaWiki 1.39's SpecialExport reads, turned into a streamed dump.
 *
 * The rules, as MediaWiki has them with its default settings
 * ($wgExportAllowHistory on, $wgExportMaxHistory 0, $wgExportMaxLinkDepth
 * 0, listing contributors, namespaces and "export all" off):
 *   - a POST without a subpage reads `pages`, and is a full history
 *     export unless `curonly` is present; without `history` the form's
 *     `dir` (desc), `offset` (a timestamp) and `limit` choose a window of
 *     revisions by timestamp;
 *   - any other request (GET, or a subpage as in Special:Export/Title)
 *     exports the current revisions, or every revision with `history`;
 *     `pages` defaults to the subpage;
 *   - `templates` adds the pages the listed pages transclude;
 *   - `pagelink-depth` follows page links, only for users with
 *     override-export-depth (at most 5 levels);
 *   - `wpDownload` asks the browser to save the file;
 *   - with no pages at all, the form is answered instead.
 * A parameter counts as given when it is present, whatever its value
 * (MediaWiki's getCheck()).
 */
#include "dump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../http/http.h"
#include "../store/store.h"
#include "../util/config.h"
#include "../util/timestamp.h"
#include "../wiki/wiki.h"

/* Deepest page-link level even a user with override-export-depth gets (MediaWiki's cap). */
#define MAX_LINK_DEPTH 5

/* A request parameter's value, or NULL when absent. */
static const char *param(const struct http_request *req, const char *name)
{
	const struct http_param *p = http_param_get(req, name);
	return p && !p->is_file ? p->value : NULL;
}

/* The export form, for a request that names no pages. Our own wording. */
static void write_form(struct http_request *req, struct http_response *resp)
{
	resp->content_type = "text/html; charset=UTF-8";
	sbuf_addf(&resp->body,
		  "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>Export pages</title></head>\n"
		  "<body><h1>Export pages</h1>\n"
		  "<p>Write one title per line. The pages come back as an XML dump that another wiki can import.</p>\n"
		  "<form method=\"post\" action=\"%s/index.php?title=Special:Export\">\n"
		  "<textarea name=\"pages\" rows=\"10\" cols=\"60\"></textarea><br>\n"
		  "<label><input type=\"checkbox\" name=\"curonly\" value=\"1\" checked> "
		  "Only the current revision, not the whole history</label><br>\n"
		  "<label><input type=\"checkbox\" name=\"templates\" value=\"1\"> "
		  "Also the templates the pages use</label><br>\n"
		  "<label><input type=\"checkbox\" name=\"wpDownload\" value=\"1\" checked> "
		  "Save as a file</label><br>\n"
		  "<button type=\"submit\">Export</button>\n</form></body></html>\n",
		  config.lang, config.scriptpath);
	(void)req;
}

/* PHP's urlencode() of `s` (spaces as '+'), for the download file name. */
static char *php_urlencode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.') {
			*o++ = (char)*p;
		} else if (*p == ' ') {
			*o++ = '+';
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

void dump_special_export(struct http_request *req, struct http_response *resp, struct store *st,
			 const struct wiki_user *u, const char *subpage)
{
	struct arena *a = req->arena;
	bool is_post = streq(req->method, "POST");
	struct dump_export_opts o = { .schema = DUMP_SCHEMA_11, .history = DUMP_CURRENT };
	const char *pages;
	if (is_post && !*subpage) {
		pages = param(req, "pages");
		const char *offset = param(req, "offset"), *limit = param(req, "limit"), *dir = param(req, "dir");
		if (param(req, "curonly")) {
			o.history = DUMP_CURRENT;
		} else {
			o.history = DUMP_RANGE;
			int64_t t;
			long long n;
			if (!param(req, "history")) {
				if (limit && util_parse_ll(limit, &n) == RC_OK && n > 0)
					o.limit = (long)n;
				if (offset && *offset && ts_parse(offset, &t) == RC_OK) {
					char *mw = arena_alloc(a, 15);
					ts_format_mw(t, mw);
					o.offset = mw;
				}
				o.is_desc = dir && strcasecmp(dir, "desc") == 0;
			}
		}
	} else {
		pages = param(req, "pages");
		if (!pages)
			pages = subpage;
		o.history = param(req, "history") ? DUMP_FULL : DUMP_CURRENT;
	}
	if (!pages || !*pages) {
		write_form(req, resp);
		return;
	}

	struct dump_export *x = dump_export_new(&o);
	const char *p = pages;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		/* Each line trimmed as PHP's trim() does. */
		size_t b = 0, e = len;
		while (b < e && strchr(" \t\r\v", p[b]))
			b++;
		while (e > b && strchr(" \t\r\v", p[e - 1]))
			e--;
		char *line = arena_strndup(a, p + b, e - b);
		struct wiki_title t;
		const char *err;
		if (wiki_title_parse(a, line, 0, &t, &err) == RC_OK && !t.is_external && *t.dbkey &&
		    t.ns >= 0)
			dump_export_add(x, t.ns, t.dbkey);
		p += len + (nl ? 1 : 0);
	}
	int rc = RC_OK;
	if (param(req, "templates"))
		rc = dump_export_add_templates(x, st);
	const char *depth_s = param(req, "pagelink-depth");
	long long depth = 0;
	if (rc == RC_OK && depth_s && util_parse_ll(depth_s, &depth) == RC_OK && depth > 0 &&
	    wiki_user_can(u, "override-export-depth"))
		rc = dump_export_add_links(x, st, (int)MIN(depth, MAX_LINK_DEPTH));
	if (rc != RC_OK || !wiki_user_can(u, "read")) {
		/* No pages the user may read (or the lists could not be read): an empty dump. */
		dump_export_free(x);
		x = dump_export_new(&o);
	}

	resp->content_type = "application/xml; charset=utf-8";
	http_response_add_header(resp, a, "X-Robots-Tag", "noindex,nofollow");
	if (param(req, "wpDownload")) {
		char now[15];
		wiki_timestamp_now(now);
		const char *name = php_urlencode(a, arena_printf(a, "%s-%s.xml", config.sitename, now));
		http_response_add_header(resp, a, "Content-disposition", arena_printf(a, "attachment;filename=%s", name));
	}
	store_snapshot_end(st);
	dump_export_stream(resp, x);
}
