/* SPDX-License-Identifier: MIT */
/*
 * fuzz_http.c — the request decoders of src/http/server.c, the first code
 * every request reaches: urlencoded query strings and bodies, multipart
 * bodies and the Cookie header. Input: one byte choosing the decoder
 * (0: query string, 1: urlencoded body, 2: multipart, whose Content-Type
 * is the text up to the first newline, 3: Cookie header), then the bytes.
 *
 * Invariants (http.h): at most max_params parameters; every name and
 * every non-file value is valid UTF-8 in NFC, NUL-terminated, and `len`
 * matches the value; lookups of every decoded name find a parameter.
 */
#include "fuzz.h"

#include <utf8proc.h>

#include "http/http.h"

/* Small limits, so the fuzzer reaches the over-limit paths too. */
#define MAX_PARAMS 32
#define MAX_VALUE 256

/* True when the `len` bytes of `s` are valid UTF-8 in NFC. */
static bool is_nfc(const char *s, size_t len)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return false;
		i += (size_t)n;
	}
	if (memchr(s, '\0', len))
		return true; /* utf8proc_NFC() stops at a NUL; "%00" is a legal value */
	utf8proc_uint8_t *nfc = utf8proc_NFC(u);
	bool same = nfc && strcmp((const char *)nfc, s) == 0;
	xfree(nfc); /* utf8proc allocates with malloc() */
	return same;
}

static void check_params(const struct http_request *req)
{
	FUZZ_CHECK(req->n_params <= MAX_PARAMS, "%zu parameters", req->n_params);
	for (size_t i = 0; i < req->n_params; i++) {
		const struct http_param *p = &req->params[i];
		FUZZ_CHECK(p->name && p->value, "parameter %zu has a NULL name or value", i);
		FUZZ_CHECK(p->value[p->len] == '\0', "value of %s not terminated at its length", p->name);
		FUZZ_CHECK(is_nfc(p->name, strlen(p->name)), "name %zu is not NFC UTF-8", i);
		if (!p->is_file)
			FUZZ_CHECK(is_nfc(p->value, p->len), "value of %s is not NFC UTF-8", p->name);
		FUZZ_CHECK(http_param_get(req, p->name) != NULL, "%s is not found by name", p->name);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct arena *a = arena_new();
	struct http_request req = { .arena = a, .method = "POST", .path = "/w/api.php" };
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	/* The decoders take a length; an exact-size copy lets ASan see any overread. */
	char *copy = xmalloc(len ? len : 1);
	memcpy(copy, body, len);
	switch (data[0] % 4) {
	case 0:
	case 1:
		http_parse_urlencoded(&req, copy, len, data[0] % 4 == 1, MAX_PARAMS, MAX_VALUE);
		break;
	case 2: {
		const char *nl = memchr(body, '\n', len);
		size_t ct_len = nl ? (size_t)(nl - body) : len;
		const char *ct = arena_strndup(a, body, ct_len);
		size_t off = nl ? ct_len + 1 : len;
		http_parse_multipart(&req, copy + off, len - off, ct, MAX_PARAMS, MAX_VALUE);
		break;
	}
	default: {
		struct http_header h = { "Cookie", fuzz_cstr(a, data + 1, size - 1) };
		req.headers = &h;
		req.n_headers = 1;
		http_cookie_get(&req, "wikid_session");
		http_cookie_get(&req, "");
		req.headers = NULL;
		req.n_headers = 0;
		break;
	}
	}
	check_params(&req);
	xfree(copy);
	arena_free(a);
	return 0;
}
