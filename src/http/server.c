/* SPDX-License-Identifier: MIT */
/*
 * server.c — the only file that includes libmicrohttpd. One daemon with
 * an epoll event loop and a pool of worker threads; each request gets an
 * arena, its body is collected up to the configured limit, then the route
 * handler (/w/api.php or /w/index.php) runs synchronously in the worker and
 * the response is queued. A handler may hand over a stream instead of a
 * body (http_response.stream): its pieces are made while the response is
 * sent, so a large body (an XML export) is never held in memory whole.
 *
 * Request decoding follows PHP/MediaWiki: the query string and an
 * urlencoded or multipart body are merged with body values winning;
 * text is cleaned to valid UTF-8 in NFC (invalid bytes and stray control
 * characters become U+FFFD) before anything else sees it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <utf8proc.h>
#include <zlib.h>

#include "../util/config.h"
#include "http.h"

/* Bodies smaller than this are not worth compressing. */
#define GZIP_MIN 1024

struct http_server {
	struct MHD_Daemon *d;       /* the daemon */
	struct http_options opt;    /* copy of the start options */
	char api_path[256];         /* e.g. "/w/api.php" */
	char index_path[256];       /* e.g. "/w/index.php" */
};

/*
 * Largest piece one call of a stream may append: a piece holds at most
 * one revision's text (2 MiB) with XML escaping, which can grow it five
 * times ("&" → "&amp;").
 */
#define STREAM_PIECE_MAX (64u << 20)

/* A streamed body between calls of the MHD content reader. */
struct stream_body {
	http_stream_fn *fn;           /* makes the next piece */
	void *state;                  /* its state, owned */
	http_stream_free_fn *free_fn; /* frees state */
	struct sbuf buf;              /* the current piece */
	size_t off;                   /* bytes of buf already sent */
	bool is_done;                 /* fn said the body is complete */
};

/* Per-connection-request state between MHD callbacks. */
struct pending {
	struct http_request req;    /* what the handler sees */
	struct sbuf body;           /* POST body collected so far */
	bool is_toobig;             /* body exceeded max_body */
	bool is_answered;           /* a response is queued */
};


/* ---------- text cleaning ---------- */

/*
 * Length of the valid UTF-8 sequence at s (at most `len` bytes) and its
 * code point, or 0 when the bytes there do not start a valid sequence
 * (overlong forms, surrogates and values above U+10FFFF are invalid).
 */
static size_t decode_one(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t n;
	uint32_t min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/*
 * Characters that never change under NFC and never combine with the
 * character before them (NFC_QC=Yes, canonical combining class 0): all
 * of U+0000-U+02FF, basic Greek and Cyrillic letters, and the general
 * punctuation, super- and subscripts and currency signs of
 * U+2002-U+20CF (dashes, quotes, bullets), the minus sign, simple arrows
 * and mathematical angle brackets. Precomposed letters are NFC's own
 * form. Not listed (so normalized): combining marks, singletons such
 * as U+2000, U+2001, U+2126 or U+2329, and everything else.
 */
static bool nfc_stable(uint32_t cp)
{
	return cp < 0x300 || (cp >= 0x391 && cp <= 0x3C9) || (cp >= 0x400 && cp <= 0x482) ||
	       (cp >= 0x48A && cp <= 0x4FF) || (cp >= 0x2002 && cp <= 0x20CF) || cp == 0x2212 ||
	       (cp >= 0x2190 && cp <= 0x2199) || (cp >= 0x27E6 && cp <= 0x27EF);
}

/*
 * Valid UTF-8 in NFC, as MediaWiki's request cleanup produces: invalid
 * bytes, C0 controls other than tab/LF/CR, and the non-characters
 * U+FFFE/U+FFFF become U+FFFD. U+001F survives: it is the API's
 * alternative multi-value separator. Pure ASCII takes a fast path.
 */
static char *clean_text(struct arena *a, const char *s, size_t len, size_t *out_len)
{
	bool is_ascii = true, needs_fix = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			is_ascii = false;
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1f)
			needs_fix = true;
	}
	if (is_ascii && !needs_fix) {
		*out_len = len;
		return arena_strndup(a, s, len);
	}
	/*
	 * Valid UTF-8 with nothing to replace, made only of characters that
	 * are NFC_QC=Yes with combining class 0 (nfc_stable()), is NFC
	 * already: the normalizer would return it unchanged.
	 */
	if (!needs_fix) {
		const unsigned char *v = (const unsigned char *)s;
		bool simple = true;
		for (size_t i = 0; i < len && simple;) {
			uint32_t cp;
			size_t n = v[i] < 0x80 ? 1 : decode_one(v + i, len - i, &cp);
			simple = n && (n == 1 || nfc_stable(cp));
			i += n ? n : 1;
		}
		if (simple) {
			*out_len = len;
			return arena_strndup(a, s, len);
		}
	}
	struct sbuf sb;
	sbuf_init(&sb, len * 3 + 16);
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = decode_one(u + i, len - i, &cp);
		bool bad = n == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' && cp != 0x1f) ||
			   cp == 0xFFFE || cp == 0xFFFF;
		if (bad) {
			sbuf_add(&sb, "\xEF\xBF\xBD", 3);
			i += n ? n : 1;
		} else {
			sbuf_add(&sb, s + i, n);
			i += n;
		}
	}
	char *out;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t nlen = is_ascii ? -1
		: utf8proc_map((const utf8proc_uint8_t *)sbuf_cstr(&sb), (utf8proc_ssize_t)sb.len, &nfc,
			       UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (nlen >= 0) {
		out = arena_strndup(a, (const char *)nfc, (size_t)nlen);
		*out_len = (size_t)nlen;
	} else {
		out = arena_strndup(a, sbuf_cstr(&sb), sb.len);
		*out_len = sb.len;
	}
	xfree(nfc);
	sbuf_release(&sb);
	return out;
}

/* ---------- request decoding ---------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode (and '+' → space when `plus`) into an arena string. */
static char *url_decode(struct arena *a, const char *s, size_t len, size_t *out_len, bool plus)
{
	char *out = arena_alloc(a, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			out[n++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (plus && s[i] == '+') {
			out[n++] = ' ';
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	*out_len = n;
	return out;
}

/*
 * Add or replace parameter `name`: a later body value replaces an earlier
 * one of the same name (PHP's $_REQUEST order: POST over GET), and within
 * one source the last value wins.
 */
static int add_param(struct http_request *req, const struct http_param *p, size_t max_params)
{
	for (size_t i = 0; i < req->n_params; i++) {
		if (strcmp(req->params[i].name, p->name) == 0) {
			if (p->from_body || !req->params[i].from_body)
				req->params[i] = *p;
			return RC_OK;
		}
	}
	if (req->n_params >= max_params) {
		req->decode_error = "apierror-toomanyparams";
		return RC_TOOBIG;
	}
	if (req->n_params % 16 == 0) {
		struct http_param *np = arena_alloc(req->arena, (req->n_params + 16) * sizeof(*np));
		if (req->n_params)
			memcpy(np, req->params, req->n_params * sizeof(*np));
		req->params = np;
	}
	req->params[req->n_params++] = *p;
	if (!p->from_body)
		req->has_query_params = true;
	return RC_OK;
}

/* Clean a decoded text value (UTF-8 + NFC) and add it. */
static int add_text_param(struct http_request *req, const char *name, size_t name_len, const char *value,
			  size_t value_len, bool from_body, size_t max_params, size_t max_value)
{
	struct http_param p = { 0 };
	size_t n;
	if (value_len > max_value) {
		req->decode_error = "apierror-valuetoolong";
		return RC_TOOBIG;
	}
	p.name = clean_text(req->arena, name, name_len, &n);
	if (!*p.name)
		return RC_OK;
	p.value = clean_text(req->arena, value, value_len, &p.len);
	if (p.len != value_len || memcmp(p.value, value, value_len) != 0) {
		p.raw = arena_strndup(req->arena, value, value_len);
		p.raw_len = value_len;
	}
	p.from_body = from_body;
	return add_param(req, &p, max_params);
}

int http_parse_urlencoded(struct http_request *req, const char *s, size_t len, bool from_body,
			  size_t max_params, size_t max_value)
{
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && s[i] != '&')
			i++;
		const char *pair = s + start;
		size_t plen = i - start;
		i++;
		if (plen == 0)
			continue;
		const char *eq = memchr(pair, '=', plen);
		size_t nlen = eq ? (size_t)(eq - pair) : plen;
		size_t dn, dv;
		char *name = url_decode(req->arena, pair, nlen, &dn, true);
		char *value = eq ? url_decode(req->arena, eq + 1, plen - nlen - 1, &dv, true) : (dv = 0, "");
		int rc = add_text_param(req, name, dn, value, dv, from_body, max_params, max_value);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

/* Find `needle` in the first `len` bytes of `hay`. */
static const char *memmem_s(const char *hay, size_t len, const char *needle, size_t nlen)
{
	return memmem(hay, len, needle, nlen);
}

/* Value of `attr` (e.g. name="x") in a header value, arena copy, or NULL. */
static char *header_attr(struct arena *a, const char *h, size_t hlen, const char *attr)
{
	size_t alen = strlen(attr);
	for (size_t i = 0; i + alen < hlen; i++) {
		if ((i == 0 || h[i - 1] == ' ' || h[i - 1] == ';' || h[i - 1] == '\t') &&
		    strncasecmp(h + i, attr, alen) == 0 && h[i + alen] == '=') {
			const char *v = h + i + alen + 1;
			size_t rest = hlen - (size_t)(v - h);
			if (rest && *v == '"') {
				const char *end = memchr(v + 1, '"', rest - 1);
				if (!end)
					return NULL;
				return arena_strndup(a, v + 1, (size_t)(end - v - 1));
			}
			size_t n = 0;
			while (n < rest && v[n] != ';' && v[n] != ' ' && v[n] != '\r')
				n++;
			return arena_strndup(a, v, n);
		}
	}
	return NULL;
}

int http_parse_multipart(struct http_request *req, const char *body, size_t len, const char *content_type,
			 size_t max_params, size_t max_value)
{
	char *b = header_attr(req->arena, content_type, strlen(content_type), "boundary");
	if (!b || !*b)
		return RC_INVALID;
	char *delim = arena_printf(req->arena, "--%s", b);
	size_t dlen = strlen(delim);
	const char *p = memmem_s(body, len, delim, dlen);
	const char *end = body + len;
	while (p) {
		p += dlen;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			p += 2;
		const char *hdr_end = memmem_s(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hdr_end)
			return RC_INVALID;
		const char *data = hdr_end + 4;
		const char *next = memmem_s(data, (size_t)(end - data), delim, dlen);
		if (!next)
			return RC_INVALID;
		size_t data_len = (size_t)(next - data);
		if (data_len >= 2 && next[-2] == '\r' && next[-1] == '\n')
			data_len -= 2;
		/* Headers of the part, line by line. */
		char *name = NULL, *filename = NULL, *ptype = NULL;
		for (const char *h = p; h < hdr_end;) {
			const char *eol = memmem_s(h, (size_t)(hdr_end + 2 - h), "\r\n", 2);
			size_t hl = eol ? (size_t)(eol - h) : (size_t)(hdr_end - h);
			if (hl > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
				name = header_attr(req->arena, h + 20, hl - 20, "name");
				filename = header_attr(req->arena, h + 20, hl - 20, "filename");
			} else if (hl > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
				const char *v = h + 13;
				while (*v == ' ')
					v++;
				ptype = arena_strndup(req->arena, v, hl - (size_t)(v - h));
			}
			h += hl + 2;
		}
		if (name) {
			int rc;
			if (filename) {
				struct http_param fp = { 0 };
				size_t n;
				fp.name = clean_text(req->arena, name, strlen(name), &n);
				fp.value = arena_strndup(req->arena, data, data_len);
				fp.len = data_len;
				fp.is_file = true;
				fp.from_body = true;
				fp.filename = clean_text(req->arena, filename, strlen(filename), &n);
				fp.content_type = ptype;
				rc = add_param(req, &fp, max_params);
			} else {
				rc = add_text_param(req, name, strlen(name), data, data_len, true, max_params,
						    max_value);
			}
			if (rc != RC_OK)
				return rc;
		}
		p = next;
	}
	return RC_OK;
}

const char *http_header_get(const struct http_request *req, const char *name)
{
	for (size_t i = 0; i < req->n_headers; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

const char *http_cookie_get(const struct http_request *req, const char *name)
{
	size_t nlen = strlen(name);
	for (size_t i = 0; i < req->n_headers; i++) {
		if (strcasecmp(req->headers[i].name, "Cookie") != 0)
			continue;
		const char *p = req->headers[i].value;
		while (*p) {
			while (*p == ' ' || *p == ';')
				p++;
			const char *eq = strchr(p, '=');
			const char *semi = strchr(p, ';');
			if (!semi)
				semi = p + strlen(p);
			if (eq && eq < semi && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0)
				return arena_strndup(req->arena, eq + 1, (size_t)(semi - eq - 1));
			p = semi;
		}
	}
	return NULL;
}

const struct http_param *http_param_get(const struct http_request *req, const char *name)
{
	for (size_t i = 0; i < req->n_params; i++)
		if (strcmp(req->params[i].name, name) == 0)
			return &req->params[i];
	return NULL;
}

void http_response_add_header(struct http_response *resp, struct arena *arena, const char *name,
			      const char *value)
{
	if (resp->n_headers == resp->cap_headers) {
		size_t cap = resp->cap_headers ? resp->cap_headers * 2 : 16;
		struct http_header *h = arena_alloc(arena, cap * sizeof(*h));
		if (resp->n_headers)
			memcpy(h, resp->headers, resp->n_headers * sizeof(*h));
		resp->headers = h;
		resp->cap_headers = cap;
	}
	resp->headers[resp->n_headers].name = arena_strdup(arena, name);
	resp->headers[resp->n_headers].value = arena_strdup(arena, value);
	resp->n_headers++;
}

/* MHD_OPTION_UNESCAPE_CALLBACK: keep query arguments raw; we decode them. */
static size_t keep_raw(void *cls, struct MHD_Connection *c, char *s)
{
	return strlen(s);
}

struct query_walk {
	struct http_request *req;        /* where params go */
	const struct http_options *opt;  /* limits */
};

static enum MHD_Result add_query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query_walk *w = cls;
	size_t kn, vn;
	char *k = url_decode(w->req->arena, key, strlen(key), &kn, true);
	char *v = value ? url_decode(w->req->arena, value, strlen(value), &vn, true) : (vn = 0, "");
	add_text_param(w->req, k, kn, v, vn, false, w->opt->max_params, w->opt->max_value);
	return MHD_YES;
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct http_request *req = cls;
	if (req->n_headers % 16 == 0) {
		struct http_header *h = arena_alloc(req->arena, (req->n_headers + 16) * sizeof(*h));
		if (req->n_headers)
			memcpy(h, req->headers, req->n_headers * sizeof(*h));
		req->headers = h;
	}
	req->headers[req->n_headers].name = arena_strdup(req->arena, key);
	req->headers[req->n_headers].value = arena_strdup(req->arena, value ? value : "");
	req->n_headers++;
	return MHD_YES;
}

/* Gzip `in` into a fresh malloc'd buffer; returns NULL when it does not pay. */
static char *gzip(const char *in, size_t len, size_t *out_len)
{
	z_stream zs = { 0 };
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&zs, len);
	char *out = xmalloc(cap);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = (unsigned char *)out;
	zs.avail_out = (uInt)cap;
	int zrc = deflate(&zs, Z_FINISH);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	if (zrc != Z_STREAM_END || *out_len >= len) {
		xfree(out);
		return NULL;
	}
	return out;
}

static bool accepts_gzip(const struct http_request *req)
{
	const char *ae = http_header_get(req, "Accept-Encoding");
	return ae && strstr(ae, "gzip");
}

/* MHD content reader: hand out the pieces of a streamed body. */
static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream_body *sb = cls;
	(void)pos;
	while (sb->off == sb->buf.len) {
		if (sb->is_done)
			return MHD_CONTENT_READER_END_OF_STREAM;
		sbuf_clear(&sb->buf);
		sb->off = 0;
		int rc = sb->fn(sb->state, &sb->buf);
		if (rc < 0 || sb->buf.is_toobig)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		if (rc == 0)
			sb->is_done = true;
	}
	size_t n = MIN(max, sb->buf.len - sb->off);
	memcpy(out, sb->buf.p + sb->off, n);
	sb->off += n;
	return (ssize_t)n;
}

/* MHD: the streamed response is gone (sent, or the client left). */
static void stream_free(void *cls)
{
	struct stream_body *sb = cls;
	if (sb->free_fn)
		sb->free_fn(sb->state);
	sbuf_release(&sb->buf);
	xfree(sb);
}

/* The MHD response for a streamed body; takes over resp->stream_state. */
static struct MHD_Response *stream_response(struct http_response *resp)
{
	struct stream_body *sb = xcalloc(1, sizeof(*sb));
	sb->fn = resp->stream;
	sb->state = resp->stream_state;
	sb->free_fn = resp->stream_free;
	sbuf_init(&sb->buf, STREAM_PIECE_MAX);
	resp->stream = NULL;
	resp->stream_state = NULL;
	/* 64 KiB: MHD's copy buffer per call of stream_read(). */
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read,
								  sb, stream_free);
	if (!r)
		stream_free(sb);
	return r;
}

/* Drop a stream the response will not send (HEAD, errors). */
static void stream_drop(struct http_response *resp)
{
	if (resp->stream && resp->stream_free)
		resp->stream_free(resp->stream_state);
	resp->stream = NULL;
	resp->stream_state = NULL;
}

/* Build the MHD response from `resp` and queue it. */
static enum MHD_Result send_response(struct MHD_Connection *conn, struct http_request *req,
				     struct http_response *resp)
{
	if (resp->stream) {
		struct MHD_Response *r = stream_response(resp);
		if (!r)
			return MHD_NO;
		if (resp->content_type)
			MHD_add_response_header(r, "Content-Type", resp->content_type);
		for (size_t i = 0; i < resp->n_headers; i++)
			MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
		enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
		MHD_destroy_response(r);
		return ret;
	}
	size_t len = resp->body.len;
	char *body = sbuf_detach(&resp->body, &len);
	bool zipped = false;
	if (len >= GZIP_MIN && accepts_gzip(req)) {
		size_t zlen;
		char *z = gzip(body, len, &zlen);
		if (z) {
			xfree(body);
			body = z;
			len = zlen;
			zipped = true;
		}
	}
	struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(len, body, xfree);
	if (!r) {
		xfree(body);
		return MHD_NO;
	}
	if (resp->content_type)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	for (size_t i = 0; i < resp->n_headers; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	if (zipped)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	if (len >= GZIP_MIN || zipped)
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Fill req->remote_ip from the connection. */
static void set_remote_ip(struct MHD_Connection *conn, struct http_request *req)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "127.0.0.1";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof(buf));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, sizeof(buf));
	}
	req->remote_ip = arena_strdup(req->arena, buf);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size,
				  void **con_cls)
{
	struct http_server *srv = cls;
	struct pending *p = *con_cls;
	if (!p) {
		struct arena *a = arena_new();
		p = arena_calloc(a, 1, sizeof(*p));
		p->req.arena = a;
		p->req.method = arena_strdup(a, method);
		p->req.path = arena_strdup(a, url);
		sbuf_init(&p->body, srv->opt.max_body);
		*con_cls = p;
		/*
		 * A body announced as larger than the limit is answered at once,
		 * unread: MHD closes the connection after the response.
		 */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		char *end;
		errno = 0;
		unsigned long long n = cl ? strtoull(cl, &end, 10) : 0;
		if (!cl || errno || end == cl || n <= srv->opt.max_body)
			return MHD_YES;
		p->is_toobig = true;
	} else if (*upload_size) {
		if (!p->is_toobig && sbuf_add(&p->body, upload_data, *upload_size) != RC_OK)
			p->is_toobig = true;
		*upload_size = 0;
		return MHD_YES;
	} else if (p->is_answered) {
		return MHD_YES;
	}
	p->is_answered = true;

	struct http_request *req = &p->req;
	struct http_response resp = { .status = 200 };
	sbuf_init(&resp.body, config.max_result * 4 + (1u << 20));
	MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header, req);
	set_remote_ip(conn, req);

	http_handler_fn *handler = streq(req->path, srv->api_path) ? srv->opt.api
		: streq(req->path, srv->index_path) ? srv->opt.index : NULL;
	if (!handler) {
		resp.status = 404;
		resp.content_type = "text/plain; charset=utf-8";
		sbuf_adds(&resp.body, "Not found.\n");
	} else {
		/* Query arguments arrive raw (keep_raw); decode them like the body. */
		struct query_walk w = { req, &srv->opt };
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_query_arg, &w);
		if (p->is_toobig)
			req->decode_error = "apierror-toobig";
		const char *ct = http_header_get(req, "Content-Type");
		/* The body as sent, for handlers that read other content types (CSP reports). */
		if (!p->is_toobig && p->body.len) {
			req->body = sbuf_cstr(&p->body);
			req->body_len = p->body.len;
		}
		if (!p->is_toobig && p->body.len && ct) {
			if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
				http_parse_urlencoded(req, sbuf_cstr(&p->body), p->body.len, true,
						      srv->opt.max_params, srv->opt.max_value);
			else if (strncasecmp(ct, "multipart/form-data", 19) == 0)
				http_parse_multipart(req, sbuf_cstr(&p->body), p->body.len, ct,
						     srv->opt.max_params, srv->opt.max_value);
		}
		handler(req, &resp);
	}
	if (resp.no_body) {
		sbuf_clear(&resp.body);
		stream_drop(&resp);
	}
	enum MHD_Result ret = send_response(conn, req, &resp);
	sbuf_release(&resp.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct pending *p = *con_cls;
	if (!p)
		return;
	sbuf_release(&p->body);
	arena_free(p->req.arena);
	*con_cls = NULL;
}

int http_server_start(const struct http_options *opt, struct http_server **out, int *port_out)
{
	struct http_server *srv = xcalloc(1, sizeof(*srv));
	srv->opt = *opt;
	snprintf(srv->api_path, sizeof(srv->api_path), "%s/api.php", config.scriptpath);
	snprintf(srv->index_path, sizeof(srv->index_path), "%s/index.php", config.scriptpath);

	struct sockaddr_storage ss = { 0 };
	/*
	 * poll(), not epoll: with epoll every pool thread waits on the shared
	 * listening socket and one of them tends to accept a whole burst of
	 * new connections, leaving the other cores idle for as long as those
	 * keep-alive connections last (measured: throughput halving at random,
	 * 8 connections on 2 cores). With poll() the accepts spread over the
	 * threads. Connection counts per thread are small, so poll()'s
	 * per-call cost does not matter.
	 */
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	if (strchr(opt->listen, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)opt->port);
		if (inet_pton(AF_INET6, opt->listen, &s6->sin6_addr) != 1)
			goto fail;
		flags |= MHD_USE_IPv6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)opt->port);
		if (inet_pton(AF_INET, opt->listen, &s4->sin_addr) != 1)
			goto fail;
	}
	srv->d = MHD_start_daemon(flags, (uint16_t)opt->port, NULL, NULL, on_request, srv,
				  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				  MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(opt->threads > 1 ? opt->threads : 1),
				  MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
				  MHD_OPTION_UNESCAPE_CALLBACK, keep_raw, NULL,
				  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
				  MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
				  MHD_OPTION_END);
	if (!srv->d)
		goto fail;
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
	*port_out = di ? di->port : opt->port;
	*out = srv;
	return RC_OK;
fail:
	xfree(srv);
	return RC_ERR;
}

const char *http_library_version(void)
{
	return MHD_get_version();
}

void http_server_stop(struct http_server *srv)
{
	if (!srv)
		return;
	MHD_stop_daemon(srv->d);
	xfree(srv);
}
