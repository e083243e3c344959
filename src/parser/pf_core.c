/* SPDX-License-Identifier: MIT */
/*
 * pf_core.c — MediaWiki's core parser functions (CoreParserFunctions,
 * 1.39) as registered in functions.def: namespaces, URLs, case, numbers,
 * plural/gender/grammar, the site statistics, padding, anchors, the
 * pagename family with a title argument, page size and protection,
 * #language, #formatdate, int: and #tag.
 *
 * The text work lives in pftext.c (wt_pf.h); this file reads the
 * arguments, asks the host what only the wiki knows, and counts the
 * expensive calls as MediaWiki does.
 */
#include "pf_int.h"
#include "sanitizer.h"
#include "../util/timestamp.h"

#include <ctype.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* ---- helpers ------------------------------------------------------------------ */

/* A transformation applied to text between strip markers. */
typedef void text_fn(struct sbuf *out, struct str s, const void *arg);

/*
 * Parser::markerSkipCallback: `fn` on every stretch of `s` between strip
 * markers; the markers are copied as they are.
 */
static struct str marker_skip(struct wt_ctx *cx, struct str s, text_fn *fn, const void *arg)
{
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	size_t start = 0;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] != 0x7f)
			continue;
		long idx;
		size_t mlen = wt_marker_len(s.p + i, s.len - i, &idx);
		if (!mlen)
			continue;
		fn(&sb, (struct str){ s.p + start, i - start }, arg);
		sbuf_add(&sb, s.p + i, mlen);
		start = i + mlen;
		i += mlen - 1;
	}
	fn(&sb, (struct str){ s.p + start, s.len - start }, arg);
	return wt_pf_take(cx, &sb);
}

static struct str arg(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, size_t i)
{
	return wt_arg(cx, frame, args, i);
}

/* The argument is exactly one of the case-insensitive '|'-separated words. */
static bool is_word(struct str s, const char *words)
{
	for (const char *w = words; *w;) {
		const char *e = strchr(w, '|');
		size_t n = e ? (size_t)(e - w) : strlen(w);
		if (n == s.len && strncasecmp(w, s.p, n) == 0)
			return true;
		if (!e)
			break;
		w = e + 1;
	}
	return false;
}

/* CoreParserFunctions::formatRaw: the number grouped, or as it is with "R". */
static struct str format_raw(struct wt_ctx *cx, int64_t num, struct str raw)
{
	char digits[UTIL_LL_CHARS];
	util_format_ll(num, digits);
	if (raw.len == 1 && raw.p[0] == 'R')
		return str_c(arena_strdup(cx->a, digits));
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_formatnum(&sb, str_c(digits), WT_FORMATNUM_GROUP, wt_lang_index(cx->site));
	return wt_pf_take(cx, &sb);
}

const char *wt_pf_ns_text(struct wt_ctx *cx, int ns)
{
	const struct wt_namespace *n = wt_ns_get(cx->site, ns);
	return n ? n->name : NULL;
}

struct str wt_pf_urlform(struct wt_ctx *cx, const char *s)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, strlen(s) + 8);
	char *u = arena_strdup(cx->a, s);
	for (char *c = u; *c; c++)
		if (*c == ' ')
			*c = '_';
	wt_wfurlencode(&b, u, strlen(u));
	return wt_buf_str(&b);
}

/* ---- namespaces ------------------------------------------------------------------- */

/*
 * The namespace {{ns:}} names: a number, or a name or alias in any case.
 * An empty name is the main namespace's (Language::getNsIndex finds ""
 * among the canonical names), so {{ns:}} is "" rather than a template.
 */
static bool ns_index(struct wt_ctx *cx, struct str s, int *ns)
{
	double d;
	long long iv = wt_php_intval(s);
	if (iv || (wt_php_numeric(s, &d) && d == 0) || s.len == 0) {
		*ns = (int)iv;
		return true;
	}
	char *name = arena_strndup(cx->a, s.p, s.len);
	for (char *c = name; *c; c++)
		if (*c == ' ')
			*c = '_';
	int id = wt_ns_lookup(cx->site, name, s.len);
	if (id == INT32_MIN)
		return false;
	*ns = id;
	return true;
}

/* {{ns:4}}, {{ns:project}}: the namespace's local name ("" when there is none). */
int wt_pf_ns(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	int ns;
	if (!ns_index(cx, args->text[0], &ns)) {
		res->found = false;
		return RC_OK;
	}
	const char *name = wt_pf_ns_text(cx, ns);
	res->text = str_c(name ? name : "");
	return RC_OK;
}

/* {{nse:}}: {{ns:}} in URL form. */
int wt_pf_nse(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	int ns;
	if (!ns_index(cx, args->text[0], &ns)) {
		res->found = false;
		return RC_OK;
	}
	const char *name = wt_pf_ns_text(cx, ns);
	res->text = wt_pf_urlform(cx, name ? name : "");
	return RC_OK;
}

/* ---- case and encodings -------------------------------------------------------------- */

static void url_fn(struct sbuf *out, struct str s, int mode)
{
	wt_url_encode(out, s, (enum wt_urlencode_mode)mode);
}

/* {{urlencode:text|QUERY|PATH|WIKI}}: strip markers are dropped first. */
int wt_pf_urlencode(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str how = arg(cx, frame, args, 1);
	enum wt_urlencode_mode mode = WT_URLENCODE_QUERY;
	if (is_word(how, "PATH"))
		mode = WT_URLENCODE_PATH;
	else if (is_word(how, "WIKI"))
		mode = WT_URLENCODE_WIKI;
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	url_fn(&sb, wt_kill_markers(cx, args->text[0]), (int)mode);
	res->text = wt_pf_take(cx, &sb);
	return RC_OK;
}

static void case_fn(struct sbuf *out, struct str s, const void *op)
{
	wt_case(out, s, *(const enum wt_case_op *)op);
}

/* The case functions: lc and uc skip strip markers, lcfirst and ucfirst see the whole text. */
static int case_func(struct wt_ctx *cx, struct wt_args *args, struct wt_result *res, enum wt_case_op op)
{
	if (op == WT_CASE_LOWER || op == WT_CASE_UPPER) {
		res->text = marker_skip(cx, args->text[0], case_fn, &op);
		return RC_OK;
	}
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	struct str s = args->text[0];
	size_t l;
	const char *first = util_turkic_first(cx->site->lang, s.p, s.len, op == WT_CASE_UCFIRST, &l);
	if (first) {
		sbuf_adds(&sb, first);
		sbuf_add(&sb, s.p + l, s.len - l);
	} else {
		wt_case(&sb, s, op);
	}
	res->text = wt_pf_take(cx, &sb);
	return RC_OK;
}

/* {{lc:}}. */
int wt_pf_lc(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return case_func(cx, args, res, WT_CASE_LOWER);
}

/* {{uc:}}. */
int wt_pf_uc(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return case_func(cx, args, res, WT_CASE_UPPER);
}

/* {{lcfirst:}}. */
int wt_pf_lcfirst(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return case_func(cx, args, res, WT_CASE_LCFIRST);
}

/* {{ucfirst:}}. */
int wt_pf_ucfirst(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return case_func(cx, args, res, WT_CASE_UCFIRST);
}

/* ---- URLs ------------------------------------------------------------------------------ */

/* Kinds of {{...url:}}. */
enum url_kind {
	URL_LOCAL,     /* getLocalURL */
	URL_FULL,      /* getFullURL */
	URL_CANONICAL, /* getCanonicalURL */
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decoding as PHP's urldecode ('+' is a space). */
static struct str url_decode(struct wt_ctx *cx, struct str s)
{
	char *o = arena_alloc(cx->a, s.len + 1);
	size_t n = 0;
	for (size_t i = 0; i < s.len; i++) {
		int hi, lo;
		if (s.p[i] == '+') {
			o[n++] = ' ';
		} else if (s.p[i] == '%' && i + 2 < s.len && (hi = hexval(s.p[i + 1])) >= 0 &&
			   (lo = hexval(s.p[i + 2])) >= 0) {
			o[n++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			o[n++] = s.p[i];
		}
	}
	o[n] = '\0';
	return (struct str){ o, n };
}

/* CoreParserFunctions::urlFunction; `escape` gives the E form (htmlspecialchars without '). */
static int url_func(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res,
		    enum url_kind kind, bool escape)
{
	struct wt_title t;
	struct str s = args->text[0];
	if (!wt_pf_title(cx, s, WT_NS_MAIN, &t)) {
		/* Title::newFromURL( urldecode( s ) ): split without decoding references ("&#65;" is "&" and a fragment) */
		struct str d = url_decode(cx, s);
		if (!d.len || wt_title_split(cx->a, cx->site, d.p, d.len, WT_NS_MAIN, &t) != RC_OK) {
			res->found = false;
			return RC_OK;
		}
	}
	if (t.ns == WT_NS_MEDIA)
		t.ns = WT_NS_FILE;
	const char *query = args->n > 1 ? arena_strstr(cx->a, arg(cx, frame, args, 1)) : NULL;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, 128);
	if (kind == URL_LOCAL && !t.interwiki[0]) {
		wt_buf_adds(&b, wt_local_url(cx, &t, query));
	} else if (kind == URL_CANONICAL && !t.interwiki[0]) {
		const char *server = cx->site->canonical_server ? cx->site->canonical_server : cx->site->server;
		wt_buf_adds(&b, server);
		wt_buf_adds(&b, wt_local_url(cx, &t, query));
		wt_fragment_url(cx, &b, &t);
	} else {
		wt_buf_adds(&b, wt_full_url(cx, &t, query));
		if (kind != URL_LOCAL)
			wt_fragment_url(cx, &b, &t);
	}
	if (escape) {
		struct wt_buf e;
		wt_buf_init(&e, cx->a, b.len + 16);
		for (size_t i = 0; i < b.len; i++) {
			switch (b.p[i]) {
			case '&': wt_buf_adds(&e, "&amp;"); break;
			case '<': wt_buf_adds(&e, "&lt;"); break;
			case '>': wt_buf_adds(&e, "&gt;"); break;
			case '"': wt_buf_adds(&e, "&quot;"); break;
			default: wt_buf_addc(&e, b.p[i]); break;
			}
		}
		res->text = wt_buf_str(&e);
	} else {
		res->text = wt_buf_str(&b);
	}
	return RC_OK;
}

/* {{localurl:title|query}}. */
int wt_pf_localurl(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return url_func(cx, frame, args, res, URL_LOCAL, false);
}

/* {{localurle:}}. */
int wt_pf_localurle(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return url_func(cx, frame, args, res, URL_LOCAL, true);
}

/* {{fullurl:title|query}}. */
int wt_pf_fullurl(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return url_func(cx, frame, args, res, URL_FULL, false);
}

/* {{fullurle:}}. */
int wt_pf_fullurle(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return url_func(cx, frame, args, res, URL_FULL, true);
}

/* {{canonicalurl:title|query}}. */
int wt_pf_canonicalurl(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return url_func(cx, frame, args, res, URL_CANONICAL, false);
}

/* {{canonicalurle:}}. */
int wt_pf_canonicalurle(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return url_func(cx, frame, args, res, URL_CANONICAL, true);
}

/* ---- numbers and language ---------------------------------------------------------------- */

/* How {{formatnum:}} formats: the mode and the content language's number row. */
struct formatnum_how {
	enum wt_formatnum_mode mode;
	int row;
};

static void formatnum_fn(struct sbuf *out, struct str s, const void *how)
{
	const struct formatnum_how *h = how;
	wt_formatnum(out, s, h->mode, h->row);
}

/* {{formatnum:number|R}}, {{formatnum:number|NOSEP}}. */
int wt_pf_formatnum(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str how = arg(cx, frame, args, 1);
	struct formatnum_how h = { WT_FORMATNUM_GROUP, wt_lang_index(cx->site) };
	if (how.len == 1 && how.p[0] == 'R')
		h.mode = WT_FORMATNUM_RAW;
	else if (is_word(how, "NOSEP"))
		h.mode = WT_FORMATNUM_NOSEP;
	res->text = marker_skip(cx, args->text[0], formatnum_fn, &h);
	return RC_OK;
}

/* {{grammar:case|word}}: the word without markers in the content language's case (English has none). */
int wt_pf_grammar(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	res->text = wt_lang_grammar(cx, wt_kill_markers(cx, arg(cx, frame, args, 1)), args->text[0]);
	return RC_OK;
}

/* {{gender:user|male|female|other}}. */
int wt_pf_gender(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	size_t n_forms = args->n - 1;
	if (n_forms == 0)
		return RC_OK;
	if (n_forms == 1) {
		res->text = arg(cx, frame, args, 1);
		return RC_OK;
	}
	struct str user = args->text[0];
	const char *gender = "unknown";
	struct wt_title t;
	const char *name = NULL;
	if (wt_pf_title(cx, user, WT_NS_USER, &t) && t.ns == WT_NS_USER && !t.interwiki[0])
		name = wt_title_text(cx->a, &t);
	else if (user.len)
		name = arena_strstr(cx->a, user);
	if (!name && cx->opt.interface_message)
		name = cx->opt.user;
	if (name && *name && !strchr(name, '/') && cx->host->user_gender)
		gender = cx->host->user_gender(cx->host->data, cx->a, name);
	size_t pick = streq(gender, "male") ? 1 : streq(gender, "female") ? 2 : n_forms >= 3 ? 3 : 1;
	if (pick > n_forms)
		pick = n_forms;
	res->text = arg(cx, frame, args, pick);
	return RC_OK;
}

/* {{plural:number|one|other|N=explicit}}. */
int wt_pf_plural(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	size_t n = args->n - 1;
	struct str *forms = arena_calloc(cx->a, n ? n : 1, sizeof(*forms));
	for (size_t i = 0; i < n; i++)
		forms[i] = arg(cx, frame, args, i + 1);
	res->text = wt_plural(args->text[0], forms, n, cx->site->lang ? cx->site->lang : "en");
	return RC_OK;
}

/* {{bidi:text}}. */
int wt_pf_bidi(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_bidi(&sb, args->text[0]);
	res->text = wt_pf_take(cx, &sb);
	return RC_OK;
}

/* A site statistic from the host (0 without one). */
static int64_t stat(struct wt_ctx *cx, const char *what)
{
	return cx->host->site_stat ? cx->host->site_stat(cx->host->data, what) : 0;
}

/* The {{NUMBEROF...:R}} functions: `what` is the host's statistic. */
static int stat_func(struct wt_ctx *cx, struct wt_args *args, struct wt_result *res, const char *what)
{
	res->text = format_raw(cx, stat(cx, what), args->text[0]);
	return RC_OK;
}

/* {{NUMBEROFPAGES:R}}. */
int wt_pf_numberofpages(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return stat_func(cx, args, res, "pages");
}

/* {{NUMBEROFUSERS:R}}. */
int wt_pf_numberofusers(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return stat_func(cx, args, res, "users");
}

/* {{NUMBEROFACTIVEUSERS:R}}. */
int wt_pf_numberofactiveusers(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return stat_func(cx, args, res, "activeusers");
}

/* {{NUMBEROFARTICLES:R}}. */
int wt_pf_numberofarticles(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return stat_func(cx, args, res, "articles");
}

/* {{NUMBEROFFILES:R}}. */
int wt_pf_numberoffiles(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return stat_func(cx, args, res, "files");
}

/* {{NUMBEROFADMINS:R}}. */
int wt_pf_numberofadmins(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return stat_func(cx, args, res, "admins");
}

/* {{NUMBEROFEDITS:R}}. */
int wt_pf_numberofedits(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return stat_func(cx, args, res, "edits");
}

/* {{NUMBERINGROUP:group|R}}: the host's "group:<name>" statistic, the name lower-cased. */
int wt_pf_numberingroup(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	char *what = wt_aprintf(cx->a, "group:%.*s", (int)args->text[0].len, args->text[0].p);
	for (char *c = what; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	res->text = format_raw(cx, stat(cx, what), arg(cx, frame, args, 1));
	return RC_OK;
}

/* {{#language:code}}: the language's own name, else the code as a BCP 47 tag. */
int wt_pf_language(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_language_name(&sb, args->text[0]);
	res->text = wt_pf_take(cx, &sb);
	return RC_OK;
}

/* padleft and padright: the padding defaults to "0"; markers in it are dropped. */
static int pad_func(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res, bool left)
{
	struct str padding = args->n > 2 ? wt_kill_markers(cx, arg(cx, frame, args, 2)) : str_c("0");
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_pad(&sb, args->text[0], arg(cx, frame, args, 1), padding, left);
	res->text = wt_pf_take(cx, &sb);
	return RC_OK;
}

/* {{padleft:text|length|padding}}. */
int wt_pf_padleft(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return pad_func(cx, frame, args, res, true);
}

/* {{padright:text|length|padding}}. */
int wt_pf_padright(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return pad_func(cx, frame, args, res, false);
}

/* {{#formatdate:date|preference}}. */
int wt_pf_formatdate(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_formatdate(&sb, args->text[0], arg(cx, frame, args, 1));
	res->text = wt_pf_take(cx, &sb);
	return RC_OK;
}

/* ---- anchors -------------------------------------------------------------------------- */

/* Patterns of Parser::stripSectionName, compiled per parse (the protocols are the site's). */
static struct str regex_replace(struct wt_ctx *cx, struct str s, const char *re, const char *rep)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_NO_UTF_CHECK, &err,
					 &off, NULL);
	if (!code)
		BUG("anchorencode: pattern does not compile (%d)", err);
	PCRE2_SIZE cap = s.len * 2 + 64;
	for (;;) {
		PCRE2_UCHAR *o = arena_alloc(cx->a, cap);
		PCRE2_SIZE olen = cap;
		/* The subject is UTF-checked: invalid bytes are an error (the text is kept), never a bad read. */
		int rc = pcre2_substitute(code, (PCRE2_SPTR)s.p, s.len, 0,
					  PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
					  NULL, NULL, (PCRE2_SPTR)rep, PCRE2_ZERO_TERMINATED, o, &olen);
		if (rc == PCRE2_ERROR_NOMEMORY) {
			cap = olen + 1;
			continue;
		}
		pcre2_code_free(code);
		if (rc < 0)
			return s;
		return (struct str){ (const char *)o, olen };
	}
}

/* StringUtils::delimiterReplace('<', '>', ''): every "<...>" removed. */
static struct str drop_tags(struct wt_ctx *cx, struct str s)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, s.len);
	size_t i = 0;
	while (i < s.len) {
		const char *lt = memchr(s.p + i, '<', s.len - i);
		const char *gt = lt ? memchr(lt, '>', (size_t)(s.p + s.len - lt)) : NULL;
		if (!gt) {
			wt_buf_add(&b, s.p + i, s.len - i);
			break;
		}
		wt_buf_add(&b, s.p + i, (size_t)(lt - s.p) - i);
		i = (size_t)(gt - s.p) + 1;
	}
	return wt_buf_str(&b);
}

/* The alternation of the site's URL protocols as a regex, each quoted. */
static const char *protocols_re(struct wt_ctx *cx)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, 256);
	for (size_t i = 0; i < cx->site->n_url_protocols; i++) {
		if (i)
			wt_buf_addc(&b, '|');
		for (const char *c = cx->site->url_protocols[i]; *c; c++) {
			if (strchr("\\^$.|?*+()[]{}/-", *c))
				wt_buf_addc(&b, '\\');
			wt_buf_addc(&b, *c);
		}
	}
	return b.p ? b.p : "(?!)";
}

/* {{anchorencode:text}}: the fragment a link to a heading with this text uses. */
int wt_pf_anchorencode(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str t = wt_kill_markers(cx, args->text[0]);
	/* Each pattern starts with '[': without one the three change nothing (and need not be compiled). */
	if (memchr(t.p, '[', t.len)) {
		t = regex_replace(cx, t, "\\[\\[:?([^[|]+)\\|([^[]+)\\]\\]", "$2");
		t = regex_replace(cx, t, "\\[\\[:?([^[]+)\\|?\\]\\]", "$1");
		t = regex_replace(cx, t, wt_aprintf(cx->a, "\\[(?i:%s)([^ ]+?) ([^[]+)\\]", protocols_re(cx)), "$2");
	}
	t = wt_pass_quotes(cx, t);
	t = drop_tags(cx, t);
	t = wt_san_normalize_section_ws(cx->a, t);
	t = wt_san_decode_charrefs(cx->a, t);
	t = wt_normalize_section_name(cx, t); /* a no-break space is whitespace there: "&nbsp;x" is "_x" */
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + 8);
	wt_anchor_encode(cx, &b, t.p, t.len, true);
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_san_safe_encode_value(&sb, wt_buf_str(&b), wt_site_protocols(cx));
	/*
	 * MediaWiki's safeEncodeAttribute leaves single '_' alone (only "__"
	 * is escaped, and the id has no runs of '_'); the sanitizer's
	 * attribute escaping writes every '_' as "&#95;". Any "&#95;" here
	 * came from that, as a '&' of the text itself is "&amp;" by now.
	 */
	struct wt_buf u;
	wt_buf_init(&u, cx->a, sb.len);
	for (const char *p = sbuf_cstr(&sb); *p;) {
		if (strncmp(p, "&#95;", 5) == 0) {
			wt_buf_addc(&u, '_');
			p += 5;
		} else {
			wt_buf_addc(&u, *p++);
		}
	}
	sbuf_release(&sb);
	res->text = wt_buf_str(&u);
	return RC_OK;
}

/* ---- page properties ------------------------------------------------------------------- */

/* The duplicate-* error: the message with both values escaped for wikitext. */
static struct str duplicate_error(struct wt_ctx *cx, const char *key, const char *old, struct str text)
{
	struct str o = wt_escape_wikitext(cx, str_c(old));
	struct str n = wt_escape_wikitext(cx, text);
	const char *m = wt_msg(cx, key, arena_strstr(cx->a, o), arena_strstr(cx->a, n), NULL);
	return str_c(wt_aprintf(cx->a, "<span class=\"error\">%s</span>", m));
}

/* {{DEFAULTSORT:key|noerror|noreplace}}. */
int wt_pf_defaultsort(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str text = args->text[0];
	struct str how = arg(cx, frame, args, 1);
	bool noreplace = is_word(how, "noreplace"), noerror = is_word(how, "noerror");
	if (!text.len)
		return RC_OK;
	const char *old = cx->defaultsort;
	if (!old || !noreplace) {
		cx->defaultsort = arena_strstr(cx->a, text);
		wt_out_prop(cx, "defaultsort", cx->defaultsort);
	}
	if (!old || str_eq(text, old) || noreplace || noerror)
		return RC_OK;
	res->text = duplicate_error(cx, "duplicate-defaultsort", old, text);
	return RC_OK;
}

/* The tags {{DISPLAYTITLE:}} escapes as text (block structure has no place in a title). */
static const char *const displaytitle_bad_tags[] = {
	"blockquote", "br", "caption", "dd", "div", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
	"li", "ol", "p", "rb", "rp", "rt", "rtc", "ruby", "table", "td", "th", "tr", "ul",
};

/* preg_match('/(display|user-select|visibility)\s*:/i', css). */
static bool css_can_hide(struct str css)
{
	static const char *const props[] = { "display", "user-select", "visibility" };
	for (size_t i = 0; i < css.len; i++) {
		for (size_t k = 0; k < ARRAY_SIZE(props); k++) {
			size_t n = strlen(props[k]);
			if (css.len - i < n || strncasecmp(css.p + i, props[k], n) != 0)
				continue;
			size_t j = i + n;
			while (j < css.len && strchr(" \t\n\v\f\r", css.p[j]))
				j++;
			if (j < css.len && css.p[j] == ':')
				return true;
		}
	}
	return false;
}

/* Attribute callback of restricted display titles: a style that could hide or change text is replaced. */
static void displaytitle_attrs(void *data, struct str *params)
{
	struct wt_ctx *cx = data;
	struct wt_attrs at = { 0 };
	wt_san_decode_attrs(cx->a, *params, &at);
	const struct str *style = wt_attrs_get(&at, "style");
	if (!style || !css_can_hide(wt_san_check_css(cx->a, *style)))
		return;
	wt_attrs_set(cx->a, &at, str_c("style"), str_c("/* attempt to bypass $wgRestrictDisplayTitle */"));
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_san_encode_attrs(&sb, &at, wt_site_protocols(cx));
	*params = wt_pf_take(cx, &sb);
}

/* Is the tag starting at s[0] == '<' one of displaytitle_bad_tags? Its length goes to *len. */
static bool displaytitle_bad_tag(struct str s, size_t *len)
{
	size_t i = 1 + (s.len > 1 && s.p[1] == '/');
	size_t n = i;
	while (n < s.len && ((s.p[n] >= 'a' && s.p[n] <= 'z') || (s.p[n] >= '0' && s.p[n] <= '9')))
		n++;
	const char *end = memchr(s.p, '>', s.len);
	if (!end || n == i)
		return false;
	for (size_t k = 0; k < ARRAY_SIZE(displaytitle_bad_tags); k++) {
		if (strlen(displaytitle_bad_tags[k]) == n - i && memcmp(displaytitle_bad_tags[k], s.p + i, n - i) == 0) {
			*len = (size_t)(end - s.p) + 1;
			return true;
		}
	}
	return false;
}

/*
 * Text or an attribute value of the display title as RemexHtml's tokenizer
 * reads it and RemexCompatFormatter writes it back: references decoded,
 * then '<' and '>' (text only), '"' (attributes only), no-break space and
 * (text only) U+0338 escaped, and the references normalized again, so a
 * bare '&' is "&amp;" and "&#x74;" is plain "t".
 */
static void displaytitle_reencode(struct wt_ctx *cx, struct sbuf *out, struct str raw, bool in_attr)
{
	struct str d = wt_san_decode_charrefs(cx->a, raw);
	struct sbuf e;
	wt_pf_sbuf(&e);
	for (size_t i = 0; i < d.len; i++) {
		unsigned char c = (unsigned char)d.p[i];
		if (c == '<' && !in_attr)
			sbuf_adds(&e, "&lt;");
		else if (c == '>' && !in_attr)
			sbuf_adds(&e, "&gt;");
		else if (c == '"' && in_attr)
			sbuf_adds(&e, "&quot;");
		else if (c == 0xc2 && i + 1 < d.len && (unsigned char)d.p[i + 1] == 0xa0)
			sbuf_adds(&e, "&#160;"), i++;
		else if (c == 0xcc && !in_attr && i + 1 < d.len && (unsigned char)d.p[i + 1] == 0xb8)
			sbuf_adds(&e, "&#x338;"), i++;
		else
			sbuf_addc(&e, (char)c);
	}
	wt_san_normalize_charrefs(out, wt_pf_take(cx, &e));
}

/*
 * The sanitizer's output for the display title (tags whose attribute
 * values are all in double quotes) written back as removeSomeTags()'s
 * serializer writes it: text and attribute values re-encoded by
 * displaytitle_reencode(). Tags are balanced later, by displaytitle_html().
 */
static struct str displaytitle_reserialize(struct wt_ctx *cx, struct str h)
{
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	size_t i = 0;
	while (i < h.len) {
		const char *lt = memchr(h.p + i, '<', h.len - i);
		size_t run = lt ? (size_t)(lt - (h.p + i)) : h.len - i;
		displaytitle_reencode(cx, &sb, (struct str){ h.p + i, run }, false);
		i += run;
		if (i == h.len)
			break;
		/* a tag: copied, each "name=\"value\"" value re-encoded */
		size_t k = i + 1;
		while (k < h.len && h.p[k] != '>' && h.p[k] != '"')
			k++;
		sbuf_add(&sb, h.p + i, k - i);
		while (k < h.len && h.p[k] == '"') {
			const char *q = memchr(h.p + k + 1, '"', h.len - k - 1);
			if (!q)
				break;
			sbuf_addc(&sb, '"');
			displaytitle_reencode(cx, &sb, (struct str){ h.p + k + 1, (size_t)(q - h.p) - k - 1 }, true);
			sbuf_addc(&sb, '"');
			k = (size_t)(q - h.p) + 1;
			size_t s = k;
			while (k < h.len && h.p[k] != '>' && h.p[k] != '"')
				k++;
			sbuf_add(&sb, h.p + s, k - s);
		}
		if (k < h.len && h.p[k] == '>')
			sbuf_addc(&sb, '>'), k++;
		i = k;
	}
	return wt_pf_take(cx, &sb);
}

/*
 * Sanitizer::removeSomeTags() as DISPLAYTITLE uses it: tags wikitext may
 * write are kept (attributes fixed, checked by displaytitle_attrs() when
 * restricted); the block tags and anything else are escaped.
 */
static struct str displaytitle_html(struct wt_ctx *cx, struct str text)
{
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_san_remove_html_tags(cx->a, &sb, text, wt_site_protocols(cx),
				cx->site->restrict_display_title ? displaytitle_attrs : NULL, cx);
	struct str h = wt_pf_take(cx, &sb);
	/*
	 * removeSomeTags leaves text as an HTML serializer writes it: a bare
	 * '&' that starts no valid reference ("&copy" without ';') is "&amp;".
	 */
	wt_pf_sbuf(&sb);
	wt_san_normalize_charrefs(&sb, h);
	h = displaytitle_reserialize(cx, wt_pf_take(cx, &sb));
	struct wt_buf b;
	wt_buf_init(&b, cx->a, h.len + 1);
	for (size_t i = 0; i < h.len; i++) {
		size_t n;
		if (h.p[i] == '<' && displaytitle_bad_tag((struct str){ h.p + i, h.len - i }, &n)) {
			wt_buf_adds(&b, "&lt;");
			wt_buf_add(&b, h.p + i + 1, n - 2);
			wt_buf_adds(&b, "&gt;");
			i += n - 1;
			continue;
		}
		wt_buf_addc(&b, h.p[i]);
	}
	/* removeSomeTags builds a tree of what is left: unclosed and misnested tags come out balanced */
	h = wt_buf_str(&b);
	wt_pf_sbuf(&sb);
	if (wt_tidy_balance(cx->a, &sb, h) != RC_OK) {
		sbuf_release(&sb);
		return h;
	}
	return wt_pf_take(cx, &sb);
}

/*
 * {{DISPLAYTITLE:title|noerror|noreplace}} (CoreParserFunctions::displaytitle):
 * with $wgRestrictDisplayTitle only a title that normalises to the page's
 * own is taken; another is a warning and a tracking category.
 */
int wt_pf_displaytitle(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	/* Without $wgAllowDisplayTitle the hook is not registered: {{DISPLAYTITLE:x}} is a template. */
	if (!cx->site->allow_display_title) {
		res->found = false;
		return RC_OK;
	}
	struct str how = arg(cx, frame, args, 1);
	bool noreplace = is_word(how, "noreplace"), noerror = is_word(how, "noerror");
	struct str text = wt_kill_markers(cx, wt_quotes_line(cx, args->text[0]));
	text = displaytitle_html(cx, text);
	struct str plain = wt_san_strip_all_tags(cx->a, text);
	struct str filtered = wt_san_decode_charrefs(cx->a, text);
	struct wt_title t;
	bool same = wt_title_parse(cx->a, cx->site, plain.p, plain.len, 0, &t) == RC_OK && !t.interwiki[0] &&
		    !t.has_fragment && t.ns == cx->title.ns && strcmp(t.dbkey, cx->title.dbkey) == 0;
	if (cx->site->restrict_display_title && !same) {
		wt_out_warning(cx, "restricted-displaytitle", arena_strstr(cx->a, filtered), NULL, NULL);
		wt_tracking_category(cx, "restricted-displaytitle-ignored");
		return RC_OK;
	}
	const char *old = cx->out->displaytitle;
	const char *now = arena_strstr(cx->a, text);
	if (!old || !noreplace) {
		/* ParserOutput::setDisplayTitle(): the title text and the page property. */
		cx->out->displaytitle = cx->out->title_text = now;
		wt_out_prop(cx, "displaytitle", now);
	}
	if (old && strcmp(old, now) != 0 && !noreplace && !noerror)
		res->text = duplicate_error(cx, "duplicate-displaytitle", old, filtered);
	return RC_OK;
}

/* ---- pages and files ---------------------------------------------------------------------- */

/* Latest revision facts of a page, remembered for the parse (MediaWiki's currentRevisionCache). */
struct rev_memo {
	const char *pdbk;       /* prefixed dbkey */
	struct wt_page_info pi; /* what the host said */
	struct rev_memo *next;  /* next remembered page */
};

/*
 * Parser's getCachedRevisionObject: the page's latest revision, from the
 * memo or (one expensive call) from the host; registered as a template
 * dependency. false when the expensive limit is passed.
 */
static bool cached_revision(struct wt_ctx *cx, const struct wt_title *t, struct wt_page_info *out)
{
	const char *pdbk = wt_title_prefixed(cx->a, cx->site, t, true);
	struct rev_memo **list = (struct rev_memo **)wt_slot(cx, "pf-rev");
	struct rev_memo *m;
	for (m = *list; m; m = m->next)
		if (streq(m->pdbk, pdbk))
			break;
	if (!m) {
		if (!wt_pf_expensive(cx))
			return false;
		m = arena_calloc(cx->a, 1, sizeof(*m));
		m->pdbk = pdbk;
		struct wt_title *copy = arena_alloc(cx->a, sizeof(*copy));
		*copy = *t;
		m->pi.title = copy;
		if (cx->host->page_info)
			cx->host->page_info(cx->host->data, cx->a, &m->pi, 1);
		m->next = *list;
		*list = m;
	}
	wt_out_template(cx, t, m->pi.exists ? m->pi.page_id : 0, m->pi.exists ? m->pi.latest : 0);
	*out = m->pi;
	return true;
}

/* Is `t` the page being parsed? */
static bool is_own_page(struct wt_ctx *cx, const struct wt_title *t)
{
	return streq(wt_title_prefixed(cx->a, cx->site, t, true), cx->title_pdbk);
}

/*
 * {{PAGESIZE:title|R}}: bytes of the page's latest revision (0 when
 * missing); the page's own size comes from its saved current revision
 * and marks the output vary-revision-sha1.
 */
int wt_pf_pagesize(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct wt_title t;
	struct wt_page_info pi = { 0 };
	int64_t len = 0;
	if (wt_pf_title(cx, args->text[0], WT_NS_MAIN, &t) && !t.interwiki[0] && t.ns >= 0) {
		bool own = is_own_page(cx, &t);
		if (own)
			wt_pf_flag(cx, WT_FLAG_VARY_REVISION_SHA1);
		if (own && cx->opt.rev_current)
			len = cx->opt.rev_size > 0 ? cx->opt.rev_size : 0;
		else if (cached_revision(cx, &t, &pi) && pi.exists)
			len = pi.length;
	}
	res->text = format_raw(cx, len, arg(cx, frame, args, 1));
	return RC_OK;
}

/* {{REVISIONID:title}}: the latest revision of the page ("" when missing). */
int wt_pf_revisionid(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct wt_title t;
	struct wt_page_info pi = { 0 };
	if (!wt_pf_title(cx, args->text[0], WT_NS_MAIN, &t) || t.interwiki[0] || t.ns < 0)
		return RC_OK;
	bool own = is_own_page(cx, &t);
	if (own)
		wt_pf_flag(cx, WT_FLAG_VARY_REVISION_ID);
	if (own && cx->opt.rev_current) {
		res->text = str_c(wt_aprintf(cx->a, "%lld", (long long)cx->opt.rev_id));
		return RC_OK;
	}
	/* An unsaved current revision has no id. */
	if (own && cx->opt.unsaved_current)
		return RC_OK;
	/* Otherwise the page's current saved revision, whatever revision is parsed. */
	if (cached_revision(cx, &t, &pi) && pi.exists)
		res->text = str_c(wt_aprintf(cx->a, "%lld", (long long)pi.latest));
	return RC_OK;
}

/* {{PAGEID:title}}: the page's id ("" when no title; 0 when missing or when it cannot exist). */
int wt_pf_pageid(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct wt_title t;
	if (!wt_pf_title(cx, args->text[0], WT_NS_MAIN, &t))
		return RC_OK;
	if (t.interwiki[0] || t.ns < 0) {
		res->text = str_c("0");
		return RC_OK;
	}
	if (is_own_page(cx, &t)) {
		wt_pf_flag(cx, WT_FLAG_VARY_PAGE_ID);
		res->text = str_c(wt_aprintf(cx->a, "%lld", (long long)cx->opt.page_id));
		return RC_OK;
	}
	if (!wt_pf_expensive(cx))
		return RC_OK;
	struct wt_page_info pi = { .title = &t };
	if (cx->host->page_info)
		cx->host->page_info(cx->host->data, cx->a, &pi, 1);
	wt_out_link(cx, &t);
	res->text = str_c(wt_aprintf(cx->a, "%lld", (long long)(pi.exists ? pi.page_id : 0)));
	return RC_OK;
}

/*
 * CoreParserFunctions::makeTitle of a {{REVISION...:title}} argument
 * (Title::newFromText; false when it is no local page title).
 */
static bool rev_title(struct wt_ctx *cx, struct wt_args *args, struct wt_title *t)
{
	return wt_pf_title(cx, args->text[0], WT_NS_MAIN, t) && !t->interwiki[0] && t->ns >= 0;
}

/*
 * The latest revision's author and time of `t` (getCachedRevisionObject:
 * one expensive call per page, remembered). For the page being parsed
 * the revision of the parse when it is the saved current one. false when
 * there is none.
 */
static bool rev_facts(struct wt_ctx *cx, const struct wt_title *t, const char **user, int64_t *when)
{
	if (streq(wt_title_prefixed(cx->a, cx->site, t, true), cx->title_pdbk) && cx->opt.rev_current) {
		*user = cx->opt.rev_user ? cx->opt.rev_user : "";
		*when = cx->opt.rev_timestamp ? cx->opt.rev_timestamp : cx->opt.now;
		return true;
	}
	struct wt_page_info pi = { 0 };
	if (!cached_revision(cx, t, &pi) || !pi.exists || !cx->host->revision)
		return false;
	const char *ts = NULL;
	if (cx->host->revision(cx->host->data, cx->a, pi.latest, user, &ts) != RC_OK || !ts ||
	    ts_from_mw(ts, when) != RC_OK)
		return false;
	if (!*user)
		*user = "";
	return true;
}

/*
 * {{REVISIONDAY:title}} and the other dates of a page's latest revision,
 * in the wiki's zone; the page's own as {{REVISIONDAY}} gives them
 * (except in interface messages).
 */
static int rev_date(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res,
		    const char *fmt)
{
	struct wt_title t;
	const char *user;
	int64_t when;
	if (!rev_title(cx, args, &t))
		return RC_OK;
	if (is_own_page(cx, &t) && !cx->opt.interface_message) {
		/*
		 * The parse's own revision when it is the saved current one, or
		 * the unsaved one standing for it; for any other parse (given
		 * text, an old revision) the page's current saved revision.
		 */
		if (cx->opt.rev_current || cx->opt.unsaved_current) {
			res->text = wt_pf_own_rev_time(cx, frame, fmt);
			return RC_OK;
		}
		wt_pf_flag(cx, WT_FLAG_VARY_REVISION_TIMESTAMP);
	}
	if (!rev_facts(cx, &t, &user, &when))
		return RC_OK;
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_time_format(&sb, str_c(fmt), when, cx->site->localtimezone,
		       wt_date_lang_get(cx->site->lang ? cx->site->lang : "en"), NULL);
	res->text = wt_pf_take(cx, &sb);
	return RC_OK;
}

#define REV_DATE_FUNC(id, fmt)                                                                                  \
	int wt_pf_##id(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res) \
	{                                                                                                      \
		return rev_date(cx, frame, args, res, fmt);                                                    \
	}

REV_DATE_FUNC(revisionday, "j")
REV_DATE_FUNC(revisionday2, "d")
REV_DATE_FUNC(revisionmonth, "m")
REV_DATE_FUNC(revisionmonth1, "n")
REV_DATE_FUNC(revisionyear, "Y")
REV_DATE_FUNC(revisiontimestamp, "YmdHis")

/* {{REVISIONUSER:title}}: the author of the page's latest revision ("" when missing). */
int wt_pf_revisionuser(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	(void)frame;
	struct wt_title t;
	const char *user;
	int64_t when;
	if (!rev_title(cx, args, &t))
		return RC_OK;
	if (is_own_page(cx, &t)) {
		if (cx->opt.rev_current || cx->opt.unsaved_current) {
			res->text = wt_pf_own_rev_user(cx);
			return RC_OK;
		}
		wt_pf_flag(cx, WT_FLAG_VARY_USER);
	}
	if (rev_facts(cx, &t, &user, &when))
		res->text = str_c(user);
	return RC_OK;
}

/* Cascading protection sources, remembered per page (RestrictionStore's loaded sources). */
struct cascade_memo {
	const char *pdbk;           /* prefixed dbkey */
	const char *sources;        /* '|'-joined prefixed texts */
	struct cascade_memo *next;  /* next page */
};

/* The pages whose cascading protection covers `t`: one expensive call per page. */
static struct str cascading(struct wt_ctx *cx, const struct wt_title *t)
{
	if (t->interwiki[0] || t->ns < 0)
		return (struct str){ "", 0 };
	const char *pdbk = wt_title_prefixed(cx->a, cx->site, t, true);
	struct cascade_memo **list = (struct cascade_memo **)wt_slot(cx, "pf-cascade");
	for (struct cascade_memo *m = *list; m; m = m->next)
		if (streq(m->pdbk, pdbk))
			return str_c(m->sources);
	if (!wt_pf_expensive(cx))
		return (struct str){ "", 0 };
	struct cascade_memo *m = arena_calloc(cx->a, 1, sizeof(*m));
	m->pdbk = pdbk;
	m->sources = cx->host->cascading_sources ? cx->host->cascading_sources(cx->host->data, cx->a, t) : "";
	if (!m->sources)
		m->sources = "";
	m->next = *list;
	*list = m;
	return str_c(m->sources);
}

/* {{CASCADINGSOURCES:title}}: the title argument, or the page itself when it is no title. */
int wt_pf_cascadingsources(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	(void)frame;
	struct wt_title t;
	if (!wt_pf_title(cx, args->text[0], WT_NS_MAIN, &t))
		t = cx->title;
	res->text = cascading(cx, &t);
	return RC_OK;
}

/* {{CASCADINGSOURCES}}: of the page being parsed. */
int wt_var_cascadingsources(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)
{
	(void)frame;
	*out = cascading(cx, &cx->title);
	return RC_OK;
}

/* `n` bytes of `s` equal NUL-terminated lower-case `w`, ignoring ASCII case. */
static bool ascii_ieq(const char *s, size_t n, const char *w)
{
	size_t i = 0;
	for (; i < n && w[i]; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != w[i])
			return false;
	}
	return i == n && !w[i];
}

/*
 * CoreParserFunctions::special: "Special:Name/sub" with the special
 * page's canonical name (SpecialPageFactory::resolveAlias: the name
 * before the first '/', case-folded, spaces as '_'); text that names no
 * special page is used as the title as it is, and text that is no title
 * at all gives Special:Badtitle.
 */
static const char *special_text(struct wt_ctx *cx, struct str text)
{
	const char *slash = memchr(text.p, '/', text.len);
	size_t nl = slash ? (size_t)(slash - text.p) : text.len;
	char *name = arena_strndup(cx->a, text.p, nl);
	for (char *c = name; *c; c++)
		if (*c == ' ')
			*c = '_';
	const char *canon = nl && cx->host->special_page ? cx->host->special_page(cx->host->data, cx->a, name) : NULL;
	if (!canon && ascii_ieq(name, nl, "badtitle"))
		canon = "Badtitle"; /* registered without aliases: resolveAlias knows it, links do not */
	const char *special = wt_pf_ns_text(cx, WT_NS_SPECIAL);
	if (canon) {
		/* a local name may have '_' for its spaces ("Letzte_Änderungen"): the title's text has spaces */
		if (strchr(canon, '_')) {
			char *t = arena_strdup(cx->a, canon);
			for (char *c = t; *c; c++)
				if (*c == '_')
					*c = ' ';
			canon = t;
		}
		if (!slash)
			return wt_aprintf(cx->a, "%s:%s", special, canon);
		char *sub = arena_strndup(cx->a, slash + 1, text.len - nl - 1);
		for (char *c = sub; *c; c++)
			if (*c == '_')
				*c = ' ';
		return wt_aprintf(cx->a, "%s:%s/%s", special, canon, sub);
	}
	/* Title::makeTitleSafe( NS_SPECIAL, text ): the text is the title's name, never a prefix. */
	for (size_t i = 0; i < text.len; i++) {
		/* A character reference ("&amp;") is not allowed in a title (TitleParser's rxTc). */
		size_t k = i + 1;
		while (text.p[i] == '&' && k < text.len && (isalnum((unsigned char)text.p[k]) || (text.p[k] & 0x80)))
			k++;
		if (text.p[i] == '&' && k > i + 1 && k < text.len && text.p[k] == ';')
			return wt_aprintf(cx->a, "%s:Badtitle", special);
	}
	struct wt_title t;
	char *full = wt_aprintf(cx->a, "%s:%.*s", special, (int)text.len, text.p);
	/*
	 * makeTitleSafe splits the text without decoding references: "&#65;"
	 * is "&" and a fragment. A newline after the colon (not last) keeps
	 * "Special:" from being read as a namespace: the title is then one of
	 * the main namespace ("Special:a" for "a#x\ny"), and that is the answer.
	 */
	if (!text.len || wt_title_split(cx->a, cx->site, full, strlen(full), WT_NS_MAIN, &t) != RC_OK ||
	    t.interwiki[0] || !t.dbkey[0])
		return wt_aprintf(cx->a, "%s:Badtitle", special);
	return wt_title_prefixed(cx->a, cx->site, &t, false);
}

/* {{#special:name}}: the title of a special page. */
int wt_pf_special(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	(void)frame;
	res->text = str_c(special_text(cx, args->text[0]));
	return RC_OK;
}

/* {{#speciale:name}}: the same with '_' for spaces, URL-encoded (wfUrlencode). */
int wt_pf_speciale(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	(void)frame;
	res->text = wt_pf_urlform(cx, special_text(cx, args->text[0]));
	return RC_OK;
}

/* Category member counts, remembered per category for the parse. */
struct cat_memo {
	const char *dbkey;      /* category */
	int64_t n[4];           /* all, pages, subcats, files */
	struct cat_memo *next;  /* next category */
};

/* {{PAGESINCATEGORY:name|all|pages|subcats|files|R}}. */
int wt_pf_pagesincategory(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str a1 = arg(cx, frame, args, 1), raw = arg(cx, frame, args, 2);
	int type = 0;
	if (is_word(a1, "all"))
		type = 0;
	else if (is_word(a1, "pages"))
		type = 1;
	else if (is_word(a1, "subcats"))
		type = 2;
	else if (is_word(a1, "files"))
		type = 3;
	else
		raw = a1;
	struct wt_title t;
	struct str name = args->text[0];
	char *full = wt_aprintf(cx->a, "Category:%.*s", (int)name.len, name.p);
	if (!name.len || !wt_pf_title(cx, str_c(full), WT_NS_CATEGORY, &t) || t.ns != WT_NS_CATEGORY ||
	    t.interwiki[0]) {
		res->text = format_raw(cx, 0, raw);
		return RC_OK;
	}
	struct cat_memo **list = (struct cat_memo **)wt_slot(cx, "pf-category");
	struct cat_memo *m;
	for (m = *list; m; m = m->next)
		if (streq(m->dbkey, t.dbkey))
			break;
	if (!m) {
		m = arena_calloc(cx->a, 1, sizeof(*m));
		m->dbkey = t.dbkey;
		if (wt_pf_expensive(cx) && cx->host->category_counts) {
			int64_t all = 0, subcats = 0, files = 0;
			if (cx->host->category_counts(cx->host->data, t.dbkey, &all, NULL, &subcats, &files) == RC_OK) {
				m->n[0] = all;
				m->n[1] = all - subcats - files;
				m->n[2] = subcats;
				m->n[3] = files;
			}
		}
		m->next = *list;
		*list = m;
	}
	res->text = format_raw(cx, m->n[type], raw);
	return RC_OK;
}

/* Protection of a page for an action: level or expiry ("" past the expensive limit). */
static int protection_func(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res,
			   bool expiry)
{
	struct wt_title t;
	if (!wt_pf_title(cx, arg(cx, frame, args, 1), WT_NS_MAIN, &t))
		t = cx->title;
	if (t.interwiki[0] || t.ns < 0 || !wt_pf_expensive(cx))
		return RC_OK;
	char *action = arena_strstr(cx->a, args->text[0]);
	for (char *c = action; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	const char *level = NULL, *exp = NULL;
	if (cx->host->protection)
		cx->host->protection(cx->host->data, cx->a, &t, action, &level, &exp);
	const char *v = expiry ? exp : level;
	res->text = str_c(v ? v : "");
	return RC_OK;
}

/* {{PROTECTIONLEVEL:action|title}}. */
int wt_pf_protectionlevel(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return protection_func(cx, frame, args, res, false);
}

/* {{PROTECTIONEXPIRY:action|title}}. */
int wt_pf_protectionexpiry(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return protection_func(cx, frame, args, res, true);
}

/* {{filepath:name|width|nowiki}}: the file's URL, a thumbnail's for a smaller width; "" when missing. */
int wt_pf_filepath(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str a = arg(cx, frame, args, 1), b = arg(cx, frame, args, 2);
	bool nowiki;
	struct str width;
	if (str_eq(a, "nowiki")) {
		nowiki = true;
		width = b;
	} else {
		nowiki = str_eq(b, "nowiki");
		width = a;
	}
	struct wt_title t;
	struct str name = args->text[0];
	char *full = wt_aprintf(cx->a, "File:%.*s", (int)name.len, name.p);
	if (!name.len || !wt_pf_title(cx, str_c(full), WT_NS_FILE, &t) || t.ns != WT_NS_FILE || t.interwiki[0])
		return RC_OK;
	struct wt_file f = { 0 };
	if (!cx->host->file || cx->host->file(cx->host->data, cx->a, &t, &f) != RC_OK || !f.exists || !f.url)
		return RC_OK;
	const char *url = f.url;
	long long w = 0;
	if (width.len && width.len < 12) {
		char tmp[16];
		memcpy(tmp, width.p, width.len);
		tmp[width.len] = '\0';
		char *px = strstr(tmp, "px");
		if (px && px[2] == '\0')
			*px = '\0';
		if (util_parse_ll(tmp, &w) != 0)
			w = 0;
	}
	if (w > 0 && w < f.width && f.thumb_base) {
		const char *base = strrchr(f.url, '/');
		url = wt_aprintf(cx->a, "%s/%lldpx-%s", f.thumb_base, w, base ? base + 1 : f.url);
	}
	res->text = str_c(url);
	res->nowiki = nowiki;
	return RC_OK;
}

/* ---- messages and tags ------------------------------------------------------------------ */

/*
 * {{int:key|$1|$2...}}: the interface message in the user's language,
 * its parameters put in, preprocessed again like wikitext; "⧼key⧽" when
 * the wiki has no such message.
 */
int wt_pf_int(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	/*
	 * The key as written, strip markers included (MediaWiki looks it up
	 * with them and, finding nothing, shows them HTML-escaped, broken).
	 */
	struct str key = args->text[0];
	if (!key.len) {
		res->found = false;
		return RC_OK;
	}
	struct sbuf k;
	wt_pf_sbuf(&k);
	for (size_t i = 0; i < key.len; i++)
		sbuf_addc(&k, key.p[i] == ' ' ? '_' : key.p[i]);
	struct sbuf lk;
	wt_pf_sbuf(&lk);
	wt_case(&lk, (struct str){ sbuf_cstr(&k), k.len }, WT_CASE_LCFIRST);
	sbuf_release(&k);
	const char *text = cx->host->message
				   ? cx->host->message(cx->host->data, cx->a, sbuf_cstr(&lk), cx->opt.user_lang)
				   : NULL;
	sbuf_release(&lk);
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	if (!text) {
		sbuf_adds(&sb, "\xE2\xA7\xBC");
		wt_html_escape(&sb, key);
		sbuf_adds(&sb, "\xE2\xA7\xBD");
		res->text = wt_pf_take(cx, &sb);
		return RC_OK;
	}
	for (const char *p = text; *p; p++) {
		if (*p == '$' && p[1] == '*') {
			/* All the arguments, as the qqx pseudo-language shows them: "(key: a, b)". */
			for (size_t i = 1; i < args->n; i++) {
				sbuf_adds(&sb, i == 1 ? ": " : ", ");
				sbuf_addstr(&sb, arg(cx, frame, args, i));
			}
			p++;
			continue;
		}
		if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			size_t n = 0;
			const char *q = p + 1;
			while (*q >= '0' && *q <= '9' && n < 100000)
				n = n * 10 + (size_t)(*q++ - '0');
			if (n < args->n) {
				sbuf_addstr(&sb, arg(cx, frame, args, n));
				p = q - 1;
				continue;
			}
		}
		sbuf_addc(&sb, *p);
	}
	res->text = wt_pf_take(cx, &sb);
	res->preprocess = true;
	return RC_OK;
}

/* '"value"', "'value'", '""' and "''": the quotes go. */
static struct str unquote(struct str v)
{
	if (v.len >= 2 && (v.p[0] == '"' || v.p[0] == '\'') && (v.p[v.len - 1] == '"' || v.p[v.len - 1] == '\'')) {
		if (v.len == 2 && v.p[0] != v.p[1])
			return v;
		return (struct str){ v.p + 1, v.len - 2 };
	}
	return v;
}

/*
 * {{#tag:name|content|attr=value...}}: an extension tag call as if
 * written <name attr="value">content</name>; a name that is no extension
 * tag is written back as plain HTML-ish text.
 */
int wt_pf_tag(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str name = args->text[0];
	char *lower = arena_strstr(cx->a, name);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	name = str_c(lower);
	struct str inner = { NULL, 0 };
	if (args->n > 1) {
		inner = wt_expand(cx, frame, args->part[1], 0);
		if (!inner.p)
			inner = (struct str){ "", 0 };
	}
	struct wt_buf attrs;
	wt_buf_init(&attrs, cx->a, 64);
	for (size_t i = 2; i < args->n; i++) {
		const struct wt_node *nn, *vn;
		int index;
		wt_node_split_part(args->part[i], &nn, &vn, &index);
		if (index != 0)
			continue;
		struct str an = wt_trim(wt_expand(cx, frame, nn, WT_X_STRIP_COMMENTS));
		struct str av = unquote(wt_trim(wt_expand(cx, frame, vn, 0)));
		wt_buf_addc(&attrs, ' ');
		wt_buf_add_html(&attrs, an.p, an.len);
		wt_buf_adds(&attrs, "=\"");
		for (size_t k = 0; k < av.len; k++) {
			switch (av.p[k]) {
			case '&': wt_buf_adds(&attrs, "&amp;"); break;
			case '<': wt_buf_adds(&attrs, "&lt;"); break;
			case '>': wt_buf_adds(&attrs, "&gt;"); break;
			case '"': wt_buf_adds(&attrs, "&quot;"); break;
			default: wt_buf_addc(&attrs, av.p[k]); break;
			}
		}
		wt_buf_addc(&attrs, '"');
	}
	struct str attr_text = wt_buf_str(&attrs);
	if (!wt_is_ext_tag(cx->site, name.p, name.len)) {
		if (!inner.p)
			res->text = str_c(wt_aprintf(cx->a, "<%s%s/>", lower, attr_text.p));
		else
			res->text = str_c(wt_aprintf(cx->a, "<%s%s>%.*s</%s>", lower, attr_text.p, (int)inner.len,
						       inner.p, lower));
		return RC_OK;
	}
	struct wt_ext e = { name, attr_text, inner, { NULL, 0 } };
	char *close = wt_aprintf(cx->a, "</%s>", lower);
	e.close = str_c(close);
	res->text = wt_ext_subst(cx, frame, &e, 0);
	return RC_OK;
}
