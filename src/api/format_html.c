/* SPDX-License-Identifier: MIT */
/*
 * format_html.c — the page of the pretty-print formats (jsonfm, xmlfm,
 * phpfm, rawfm): a short header saying what the page is and linking to
 * the same request in the non-HTML format, then the formatted output in
 * <pre class="api-pretty-content">, escaped the way MediaWiki does it
 * (only '&' and '<'; quotes and '>' stay as they are).
 *
 * With wrappedhtml=1 the answer is instead a JSON object for scripts
 * that embed the page (MediaWiki's API sandbox): status, statustext,
 * html (just the <pre>), the ResourceLoader modules the page would
 * need, the result's "continue" member (or null) and "time".
 */
#include "format_int.h"

#include <stdio.h>

#include "../util/config.h"

int fmt_html_pre_escape(struct sbuf *out, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '&' && s[i] != '<') {
			run++;
			continue;
		}
		sbuf_add(out, s + i - run, run);
		run = 0;
		sbuf_adds(out, s[i] == '&' ? "&amp;" : "&lt;");
	}
	sbuf_add(out, s + len - run, run);
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}

/* Text for an attribute or element: the five HTML special characters. */
static void html_escape(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sbuf_adds(out, "&amp;"); break;
		case '<': sbuf_adds(out, "&lt;"); break;
		case '>': sbuf_adds(out, "&gt;"); break;
		case '"': sbuf_adds(out, "&quot;"); break;
		default: sbuf_addc(out, *s); break;
		}
	}
}

/* application/x-www-form-urlencoded, as PHP's urlencode() writes it. */
static void url_encode(struct sbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.') {
			sbuf_addc(out, (char)c);
		} else if (c == ' ') {
			sbuf_addc(out, '+');
		} else {
			char b[3] = { '%', hex[c >> 4], hex[c & 15] };
			sbuf_add(out, b, 3);
		}
	}
}

/*
 * The URL of this request with format=<plain> instead of the *fm format:
 * the query-string parameters in their order, format replaced in place or
 * appended. Written HTML-escaped for an href.
 */
static void plain_url(struct api_ctx *ctx, const char *plain, struct sbuf *out)
{
	struct sbuf url;
	sbuf_init(&url, out->max);
	sbuf_adds(&url, config.server ? config.server : "");
	sbuf_adds(&url, config.scriptpath ? config.scriptpath : "/w");
	sbuf_adds(&url, "/api.php?");
	bool has_format = false, first = true;
	const struct http_request *req = ctx ? ctx->req : NULL;
	for (size_t i = 0; req && i < req->n_params; i++) {
		const struct http_param *p = &req->params[i];
		/* POSTed values and uploads do not belong in a link. */
		if (p->from_body || p->is_file)
			continue;
		bool is_format = streq(p->name, "format");
		if (is_format && has_format)
			continue;
		if (!first)
			sbuf_addc(&url, '&');
		first = false;
		url_encode(&url, p->name);
		sbuf_addc(&url, '=');
		url_encode(&url, is_format ? plain : p->value);
		has_format |= is_format;
	}
	if (!has_format) {
		if (!first)
			sbuf_addc(&url, '&');
		sbuf_adds(&url, "format=");
		sbuf_adds(&url, plain);
	}
	html_escape(out, sbuf_cstr(&url));
	sbuf_release(&url);
}

/* Reason phrase of an HTTP status for wrappedhtml's "statustext". */
static const char *status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "";
	}
}

/* Copy the scalars and objects of `src` under `dst` (for "continue"). */
static void copy_members(struct api_node *dst, const struct api_node *src)
{
	for (const struct api_node *c = src->first; c; c = c->next) {
		switch (c->type) {
		case API_N_STRING: api_add_strn(dst, c->key, c->v.str.s, c->v.str.len); break;
		case API_N_INT: api_add_int(dst, c->key, c->v.i); break;
		case API_N_FLOAT: api_add_float(dst, c->key, c->v.d); break;
		case API_N_BOOL: api_add_bool(dst, c->key, c->v.b); break;
		case API_N_NULL: api_add_null(dst, c->key); break;
		case API_N_OBJECT: copy_members(api_add_object(dst, c->key), c); break;
		case API_N_ARRAY: copy_members(api_add_array(dst, c->key, c->element), c); break;
		case API_N_RAW: BUG("JSON text of list items in an HTML page");
		}
	}
}

/* wrappedhtml=1: the <pre> inside a JSON object. */
static int wrapped(struct api_ctx *ctx, const struct api_node *root, const char *pre, size_t len,
		   struct sbuf *out)
{
	int status = ctx && ctx->resp && ctx->resp->status ? ctx->resp->status : 200;
	struct api_node *w = api_result_new(root->res->arena, 0);
	api_add_int(w, "status", status);
	api_add_str(w, "statustext", status_text(status));
	api_add_strn(w, "html", pre, len);
	struct api_node *mods = api_add_array(w, "modules", NULL);
	api_add_str(mods, NULL, "mediawiki.apipretty");
	const struct api_node *cont = api_node_get(root, "continue");
	if (cont && cont->type == API_N_OBJECT)
		copy_members(api_add_object(w, "continue"), cont);
	else
		api_add_null(w, "continue");
	/* The page's build time; the formatter does not know when the request began. */
	api_add_int(w, "time", 0);
	struct api_format_opts jo = { .fv = 2, .name = "json" };
	return api_format_json(w, &jo, false, out);
}

int fmt_html_page(struct api_ctx *ctx, const struct api_node *root, const struct api_format_opts *o,
		  const char *fmt_label, const char *body, size_t len, struct sbuf *out)
{
	/* The <pre> is shared by both shapes; it obeys the same cap as `out`. */
	struct sbuf pre;
	sbuf_init(&pre, out->max);
	sbuf_adds(&pre, "<pre class=\"api-pretty-content\">");
	fmt_html_pre_escape(&pre, body, len);
	sbuf_adds(&pre, "</pre>");
	int rc = pre.is_toobig ? RC_TOOBIG : RC_OK;
	if (rc == RC_OK && o->wrappedhtml) {
		rc = wrapped(ctx, root, sbuf_cstr(&pre), pre.len, out);
		sbuf_release(&pre);
		return rc;
	}
	/*
	 * A plain page of our own (MediaWiki renders it through its skin):
	 * title, header paragraphs, then the <pre> that clients and tests look for.
	 */
	const char *script = config.scriptpath ? config.scriptpath : "/w";
	sbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"UTF-8\"/>\n"
		       "<title>MediaWiki API result - ");
	html_escape(out, config.sitename ? config.sitename : "wikid");
	sbuf_adds(out, "</title>\n<meta name=\"robots\" content=\"noindex,nofollow\"/>\n"
		       "<style>pre.api-pretty-content{white-space:pre-wrap;word-wrap:break-word}</style>\n"
		       "</head>\n<body class=\"mediawiki ltr\">\n<h1 id=\"firstHeading\">MediaWiki API result</h1>\n"
		       "<div class=\"api-pretty-header\">");
	if (fmt_label) {
		/* The plain format is the module name without "fm". */
		char plain[16];
		snprintf(plain, sizeof(plain), "%.*s", (int)(strlen(o->name) - 2), o->name);
		sbuf_addf(out,
			  "<p>You are looking at %s output laid out as an HTML page. It is meant for people "
			  "reading it while debugging; programs should not parse this page.</p>\n"
			  "<p>The <var>format</var> parameter chooses the output format. For the %s output "
			  "itself, use <a rel=\"nofollow\" class=\"external text\" href=\"",
			  fmt_label, fmt_label);
		plain_url(ctx, plain, out);
		sbuf_addf(out, "\"><kbd>format=%s</kbd></a>.</p>\n", plain);
	} else {
		sbuf_adds(out, "<p>This page shows the result tree as the server holds it, metadata included. "
			       "It exists for debugging only and is not a format for programs.</p>\n");
	}
	sbuf_addf(out,
		  "<p>Every module and parameter is described on the <a href=\"%s/api.php?action=help&amp;"
		  "modules=main\">API help page</a>; see also the <a href=\"https://www.mediawiki.org/wiki/"
		  "API\">API manual</a>.</p></div>",
		  script);
	sbuf_add(out, pre.p, pre.len);
	sbuf_adds(out, "\n</body>\n</html>\n");
	sbuf_release(&pre);
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}
