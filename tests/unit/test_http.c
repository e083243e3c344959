/* SPDX-License-Identifier: MIT */
/*
 * test_http.c — request decoding: urlencoded and multipart bodies, the
 * body-wins merge, UTF-8 cleanup and NFC, limits, cookies and headers.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../harness.h"
#include "http/http.h"
#include "util/config.h"

static struct http_request *new_req(void)
{
	struct arena *a = arena_new();
	struct http_request *r = arena_calloc(a, 1, sizeof(*r));
	r->arena = a;
	return r;
}

static const char *val(struct http_request *r, const char *name)
{
	const struct http_param *p = http_param_get(r, name);
	return p ? p->value : NULL;
}

static void answer_toobig(struct http_request *req, struct http_response *resp)
{
	resp->content_type = "text/plain";
	sbuf_adds(&resp->body, req->decode_error ? req->decode_error : "read");
}

/*
 * A POST announcing a body over the limit is answered at once, before the
 * body arrives, so a client cannot hold a worker by promising gigabytes.
 */
static void check_announced_toobig(void)
{
	config_defaults();
	struct http_options opt = { .listen = "127.0.0.1", .threads = 2, .max_body = 1000,
				    .max_params = 100, .max_value = 1000, .api = answer_toobig };
	struct http_server *srv;
	int port = 0;
	if (http_server_start(&opt, &srv, &port) != RC_OK) {
		OK(0, "test server starts");
		return;
	}
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval tv = { .tv_sec = 20 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	OK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0, "connect to test server");
	char path[64];
	snprintf(path, sizeof(path), "%s/api.php", config.scriptpath);
	char head[512];
	int n = snprintf(head, sizeof(head),
			 "POST %s HTTP/1.1\r\nHost: x\r\n"
			 "Content-Type: application/x-www-form-urlencoded\r\n"
			 "Content-Length: 200000000\r\n\r\naction=query", path);
	OK(write(fd, head, (size_t)n) == n, "request head sent");
	char got[4096];
	size_t len = 0;
	ssize_t k;
	while (len < sizeof(got) - 1 && (k = read(fd, got + len, sizeof(got) - 1 - len)) > 0)
		len += (size_t)k;
	got[len] = 0;
	OK(strstr(got, "apierror-toobig") != NULL, "announced oversized body refused unread");
	close(fd);
	http_server_stop(srv);
}

int main(void)
{
	check_announced_toobig();

	struct http_request *r = new_req();
	const char *q = "action=query&titles=Main+Page%7CFoo&empty=&flag&%ZZ=bad%2";
	INT_EQ(http_parse_urlencoded(r, q, strlen(q), false, 100, 1000), RC_OK, "urlencoded parses");
	STR_EQ(val(r, "action"), "query", "plain value");
	STR_EQ(val(r, "titles"), "Main Page|Foo", "plus and percent decoding");
	STR_EQ(val(r, "empty"), "", "empty value");
	STR_EQ(val(r, "flag"), "", "name without =");
	STR_EQ(val(r, "%ZZ"), "bad%2", "invalid escapes stay literal");
	OK(r->has_query_params, "query params noted");

	const char *body = "titles=Body&text=x";
	http_parse_urlencoded(r, body, strlen(body), true, 100, 1000);
	STR_EQ(val(r, "titles"), "Body", "body wins over query");
	OK(http_param_get(r, "titles")->from_body, "from_body set");
	const char *again = "titles=Query2";
	http_parse_urlencoded(r, again, strlen(again), false, 100, 1000);
	STR_EQ(val(r, "titles"), "Body", "a later query value does not beat the body");
	arena_free(r->arena);

	r = new_req();
	const char *bad = "a=%C3%28&b=e%CC%81&c=%01x&d=%1Fa%1Fb&e=%F4%90%80%80";
	http_parse_urlencoded(r, bad, strlen(bad), false, 100, 1000);
	STR_EQ(val(r, "a"), "\xEF\xBF\xBD(", "invalid UTF-8 becomes U+FFFD");
	STR_EQ(val(r, "b"), "\xC3\xA9", "NFC composes e + combining acute");
	STR_EQ(val(r, "c"), "\xEF\xBF\xBDx", "control characters become U+FFFD");
	STR_EQ(val(r, "d"), "\x1f" "a\x1f" "b", "U+001F survives (multi-value separator)");
	STR_EQ(val(r, "e"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "above U+10FFFF is invalid");
	arena_free(r->arena);

	/* Text already NFC skips the normalizer (dashes, Greek); the rest is still normalized. */
	r = new_req();
	const char *nfc = "a=x%E2%80%93y%CE%B8&b=%E2%80%93e%CC%81&c=%E2%80%80&d=%E2%84%A6";
	http_parse_urlencoded(r, nfc, strlen(nfc), false, 100, 1000);
	STR_EQ(val(r, "a"), "x\xE2\x80\x93y\xCE\xB8", "en dash and theta kept as they are");
	STR_EQ(val(r, "b"), "\xE2\x80\x93\xC3\xA9", "a combining mark after a dash is still composed");
	STR_EQ(val(r, "c"), "\xE2\x80\x82", "U+2000 (a singleton) becomes U+2002");
	STR_EQ(val(r, "d"), "\xCE\xA9", "U+2126 OHM SIGN becomes U+03A9");
	arena_free(r->arena);

	r = new_req();
	const char *many = "a=1&b=2&c=3&d=4";
	INT_EQ(http_parse_urlencoded(r, many, strlen(many), false, 3, 1000), RC_TOOBIG, "too many params");
	OK(r->decode_error != NULL, "decode_error set for too many params");
	arena_free(r->arena);
	r = new_req();
	const char *longv = "a=0123456789";
	INT_EQ(http_parse_urlencoded(r, longv, strlen(longv), false, 10, 5), RC_TOOBIG, "value too long");
	arena_free(r->arena);

	r = new_req();
	const char *mp = "--XyZ\r\n"
			 "Content-Disposition: form-data; name=\"action\"\r\n\r\n"
			 "upload\r\n"
			 "--XyZ\r\n"
			 "Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
			 "Content-Type: image/png\r\n\r\n"
			 "\x89PNG\x00\xff\r\n"
			 "--XyZ--\r\n";
	/* The body holds a NUL byte, so find its end by the closing boundary. */
	size_t mplen = 0;
	while (!(mp[mplen] == '-' && strncmp(mp + mplen, "--XyZ--", 7) == 0))
		mplen++;
	mplen += 9;
	INT_EQ(http_parse_multipart(r, mp, mplen, "multipart/form-data; boundary=XyZ", 100, 1000), RC_OK,
	       "multipart parses");
	STR_EQ(val(r, "action"), "upload", "multipart field");
	const struct http_param *f = http_param_get(r, "file");
	OK(f && f->is_file, "file part");
	INT_EQ(f ? (long long)f->len : -1, 6, "file bytes kept raw, NUL included");
	STR_EQ(f ? f->filename : NULL, "a.png", "file name");
	STR_EQ(f ? f->content_type : NULL, "image/png", "file content type");
	INT_EQ(http_parse_multipart(r, mp, mplen, "multipart/form-data", 100, 1000), RC_INVALID,
	       "multipart without boundary");
	arena_free(r->arena);

	r = new_req();
	struct http_header h[] = { { "Cookie", "a=1; wikid_session=abc; b=2" }, { "X-Test", "yes" } };
	r->headers = h;
	r->n_headers = 2;
	STR_EQ(http_cookie_get(r, "wikid_session"), "abc", "cookie lookup");
	OK(http_cookie_get(r, "missing") == NULL, "missing cookie");
	STR_EQ(http_header_get(r, "x-test"), "yes", "header lookup ignores case");
	arena_free(r->arena);
	return harness_done();
}
