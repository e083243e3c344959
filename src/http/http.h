/* SPDX-License-Identifier: MIT */
/*
 * http.h — the request and response the rest of wikid sees. Only
 * src/http/server.c talks to libmicrohttpd; it decodes the query string,
 * urlencoded and multipart bodies and cookies into `struct http_request`
 * (all memory in the request's arena) and sends `struct http_response`.
 *
 * Parameter text is valid UTF-8 in NFC after decoding: invalid sequences
 * become U+FFFD, as MediaWiki's WebRequest does. File parts of multipart
 * bodies keep their raw bytes.
 */
#ifndef HTTP_H
#define HTTP_H

#include "../util/arena.h"
#include "../util/sbuf.h"

/* One decoded parameter. */
struct http_param {
	const char *name;         /* NUL-terminated, NFC */
	const char *value;        /* NUL-terminated text; raw bytes for files */
	size_t len;               /* length of value in bytes */
	bool is_file;             /* multipart part with a filename */
	bool from_body;           /* came from the POST body, not the query string */
	const char *filename;     /* client's file name, or NULL */
	const char *content_type; /* part's Content-Type, or NULL */
	const char *raw;          /* the value as sent when cleaning changed it (not NFC, bad UTF-8), else NULL */
	size_t raw_len;           /* its length in bytes */
};

struct http_header {
	const char *name;  /* as sent (requests) or as set (responses) */
	const char *value; /* value */
};

struct http_request {
	struct arena *arena;         /* owns everything below; freed after the response */
	const char *method;          /* "GET", "POST", "HEAD", "OPTIONS", ... */
	const char *path;            /* URL path without the query string */
	struct http_param *params;   /* merged parameters: body entries win over query */
	size_t n_params;             /* entries in params */
	struct http_header *headers; /* request headers */
	size_t n_headers;            /* entries in headers */
	const char *remote_ip;       /* textual peer address */
	const char *decode_error;    /* message key when decoding broke a limit ("apierror-toobig"); params still usable */
	bool has_query_params;       /* query string carried at least one parameter */
	const char *body;            /* the raw request body (any content type), or NULL; owned by the server */
	size_t body_len;             /* its length in bytes */
};

/*
 * A body made piece by piece while it is sent (http_response.stream): each
 * call appends the next piece to `out` (at least one byte unless it is
 * done). Returns 1 when more follows, 0 when the body is complete, or a
 * negative RC_* to cut the response off. Runs in the connection's worker
 * thread, after the handler returned and the request arena is gone: the
 * state must own everything it needs.
 */
typedef int http_stream_fn(void *state, struct sbuf *out);

/* Release a stream's state once the response is sent or abandoned. */
typedef void http_stream_free_fn(void *state);

struct http_response {
	int status;                  /* HTTP status, default 200 */
	const char *content_type;    /* e.g. "application/json; charset=utf-8" */
	struct http_header *headers; /* extra headers, arena-allocated */
	size_t n_headers;            /* used entries */
	size_t cap_headers;          /* allocated entries */
	struct sbuf body;            /* owned by the response; freed by the server */
	bool no_body;                /* HEAD: headers only */
	http_stream_fn *stream;      /* when set, the body comes from it instead of `body` */
	void *stream_state;          /* its state, owned by the response from now on */
	http_stream_free_fn *stream_free; /* frees stream_state (also when not sent) */
};

/* Value of the first request header named `name` (case-insensitive), or NULL. */
const char *http_header_get(const struct http_request *req, const char *name);

/* Value of the cookie `name` from the Cookie header, or NULL (arena copy). */
const char *http_cookie_get(const struct http_request *req, const char *name);

/* The decoded parameter `name` (last one wins), or NULL when absent. */
const struct http_param *http_param_get(const struct http_request *req, const char *name);

/* Add a response header; name and value are copied into `arena`. */
void http_response_add_header(struct http_response *resp, struct arena *arena,
			      const char *name, const char *value);

/*
 * A route handler fills `resp` for `req`. The server has initialized resp
 * (status 200, empty body capped by the configured maximum response size).
 */
typedef void http_handler_fn(struct http_request *req, struct http_response *resp);

/* Server settings, filled from the configuration. */
struct http_options {
	const char *listen;        /* address to bind, e.g. "127.0.0.1" */
	int port;                  /* TCP port; 0 picks a free one */
	int threads;               /* worker threads */
	size_t max_body;           /* request body limit in bytes */
	size_t max_params;         /* parameter count limit */
	size_t max_value;          /* limit on one non-file parameter value, in bytes */
	http_handler_fn *api;      /* handler for /w/api.php */
	http_handler_fn *index;    /* handler for /w/index.php, or NULL for 404 */
};

struct http_server;

/*
 * Start serving in background threads. On success returns RC_OK and stores
 * the server; *port_out receives the bound port (useful with port 0).
 */
int http_server_start(const struct http_options *opt, struct http_server **out, int *port_out);

/* Version of the HTTP library, for siteinfo. */
const char *http_library_version(void);

/* Stop accepting, finish in-flight requests, free the server. NULL is a no-op. */
void http_server_stop(struct http_server *srv);

/*
 * Decode an application/x-www-form-urlencoded string into `req` params.
 * Exposed for the unit tests and the fuzzer; server.c uses it too.
 */
int http_parse_urlencoded(struct http_request *req, const char *s, size_t len,
			  bool from_body, size_t max_params, size_t max_value);

/* Decode a multipart/form-data body with the boundary from `content_type`. */
int http_parse_multipart(struct http_request *req, const char *body, size_t len,
			 const char *content_type, size_t max_params, size_t max_value);

#endif
