/* SPDX-License-Identifier: MIT */
/*
 * pf_logic.c — the ParserFunctions extension (1.39) as registered in
 * functions.def: #if, #ifeq, #iferror, #ifexpr, #expr, #switch, #ifexist,
 * #time, #timel, #titleparts and #rel2abs.
 *
 * The conditionals take their arguments unexpanded (WT_F_OBJECT_ARGS)
 * and expand only the branch they return, as MediaWiki's *Obj variants
 * do: a template in the branch not taken is never fetched. Comparisons
 * (#ifeq, #switch) decode character references and trim both sides,
 * then compare as PHP's loose `==` does (numerically when both sides
 * are numeric strings).
 */
#include "pf_int.h"

#include <pthread.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* ---- shared helpers (used by the other pf_*.c files too) ----------------- */

void wt_pf_sbuf(struct sbuf *sb)
{
	sbuf_init(sb, WT_PF_SCRATCH_MAX);
}

struct str wt_pf_take(struct wt_ctx *cx, struct sbuf *sb)
{
	struct str s = { arena_strndup(cx->a, sbuf_cstr(sb), sb->len), sb->len };
	sbuf_release(sb);
	return s;
}

bool wt_pf_expensive(struct wt_ctx *cx)
{
	cx->expensive_count++;
	return cx->expensive_count <= cx->opt.limits.expensive_function_limit;
}

bool wt_pf_title(struct wt_ctx *cx, struct str s, int default_ns, struct wt_title *out)
{
	if (!s.len)
		return false;
	struct str d = memchr(s.p, '&', s.len) ? wt_san_decode_charrefs(cx->a, s) : s;
	return wt_ctx_title(cx, d, default_ns, out) == RC_OK;
}

/* ---- the conditionals ------------------------------------------------------ */

/* The expansion of argument `i` in full, trimmed ("" when absent). */
static struct str arg(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, size_t i)
{
	return wt_arg(cx, frame, args, i);
}

/* decodeTrimExpand: expanded, character references decoded, trimmed. */
static struct str decode_trim(struct wt_ctx *cx, struct str expanded)
{
	struct str t = wt_trim(expanded);
	if (memchr(t.p, '&', t.len))
		t = wt_trim(wt_san_decode_charrefs(cx->a, t));
	return t;
}

/* {{#if:test|then|else}}: `then` when the test is not empty after trimming. */
int wt_pf_if(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	res->text = arg(cx, frame, args, args->text[0].len ? 1 : 2);
	return RC_OK;
}

/* {{#ifeq:a|b|then|else}}. */
int wt_pf_ifeq(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str left = decode_trim(cx, args->text[0]);
	struct str right = args->n > 1 ? decode_trim(cx, arg(cx, frame, args, 1)) : (struct str){ "", 0 };
	res->text = arg(cx, frame, args, wt_php_loose_eq(left, right) ? 2 : 3);
	return RC_OK;
}

static pcre2_code *error_re;
static pthread_once_t error_once = PTHREAD_ONCE_INIT;

/* The pattern #iferror looks for: an element with the class "error". */
static void error_compile(void)
{
	static const char re[] = "<(?:strong|span|p|div)\\s(?:[^\\s>]*\\s+)*?class=\"(?:[^\"\\s>]*\\s+)*?error(?:\\s[^\">]*)?\"";
	int err;
	PCRE2_SIZE off;
	error_re = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
	if (!error_re)
		BUG("iferror: pattern does not compile (%d)", err);
}

/* True when `s` holds error markup as #iferror recognises it. */
static bool has_error(struct str s)
{
	pthread_once(&error_once, error_compile);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(error_re, NULL);
	int rc = pcre2_match(error_re, (PCRE2_SPTR)s.p, s.len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* {{#iferror:test|then|else}}: without `else` the test itself when it has no error. */
int wt_pf_iferror(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str test = args->text[0];
	if (has_error(test))
		res->text = arg(cx, frame, args, 1);
	else if (args->n > 2)
		res->text = arg(cx, frame, args, 2);
	else
		res->text = test;
	return RC_OK;
}

/* Evaluate an expression into the arena; *truth gets #ifexpr's reading. false with error markup in *out. */
static bool eval_expr(struct wt_ctx *cx, struct str expr, struct str *out, bool *truth)
{
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	struct wt_expr_error err = { 0 };
	int rc = wt_expr_eval(expr, &sb, &err, truth);
	if (rc == RC_INVALID) {
		sbuf_clear(&sb);
		wt_expr_error_html(&err, &sb);
	}
	*out = wt_pf_take(cx, &sb);
	return rc == RC_OK;
}

/* {{#expr:expression}}. */
int wt_pf_expr(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	bool truth;
	eval_expr(cx, args->text[0], &res->text, &truth);
	return RC_OK;
}

/* {{#ifexpr:expression|then|else}}: an error in the expression is the result. */
int wt_pf_ifexpr(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	bool truth = false;
	struct str text;
	if (!eval_expr(cx, args->text[0], &text, &truth)) {
		res->text = text;
		return RC_OK;
	}
	res->text = arg(cx, frame, args, truth ? 1 : 2);
	return RC_OK;
}

/* True when `s` is "#default" in any case (the magic word `default`). */
static bool is_default(struct str s)
{
	return s.len == 8 && strncasecmp(s.p, "#default", 8) == 0;
}

/*
 * {{#switch:value|case=result|case1|case2=shared|#default=...|last}}:
 * cases without '=' fall through to the next result; a last case
 * without '=' is the default.
 */
int wt_pf_switch(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str primary = decode_trim(cx, args->text[0]);
	bool found = false, default_found = false, last_no_equals = false;
	const struct wt_node *def = NULL;
	struct str last = { "", 0 };
	for (size_t i = 1; i < args->n; i++) {
		const struct wt_node *name, *value;
		int index;
		wt_node_split_part(args->part[i], &name, &value, &index);
		if (index == 0) {
			last_no_equals = false;
			if (found) {
				res->text = wt_trim(wt_expand(cx, frame, value, 0));
				return RC_OK;
			}
			struct str test = decode_trim(cx, wt_expand(cx, frame, name, 0));
			if (wt_php_loose_eq(test, primary)) {
				res->text = wt_trim(wt_expand(cx, frame, value, 0));
				return RC_OK;
			}
			if (default_found || is_default(test)) {
				def = value;
				default_found = false;
			}
		} else {
			last_no_equals = true;
			struct str expanded = wt_expand(cx, frame, value, 0);
			last = wt_trim(expanded);
			struct str test = decode_trim(cx, expanded);
			if (wt_php_loose_eq(test, primary))
				found = true;
			else if (is_default(test))
				default_found = true;
		}
	}
	if (last_no_equals)
		res->text = last;
	else if (def)
		res->text = wt_trim(wt_expand(cx, frame, def, 0));
	return RC_OK;
}

/* ---- #ifexist ------------------------------------------------------------------ */

/* One answer remembered for the parse (MediaWiki's LinkCache), so a title costs once. */
struct known {
	const char *pdbk;   /* prefixed dbkey */
	bool exists;        /* the answer */
	int64_t page_id;    /* its id */
	struct known *next; /* next remembered title */
};

/* Does `t` (local, ns >= 0) exist? Remembered answers do not count as expensive. */
static bool page_exists(struct wt_ctx *cx, const struct wt_title *t, bool *answered)
{
	const char *pdbk = wt_title_prefixed(cx->a, cx->site, t, true);
	struct known **list = (struct known **)wt_slot(cx, "pf-ifexist");
	for (struct known *k = *list; k; k = k->next) {
		if (streq(k->pdbk, pdbk)) {
			wt_out_link(cx, t);
			*answered = true;
			return k->exists;
		}
	}
	if (!wt_pf_expensive(cx)) {
		*answered = false;
		return false;
	}
	struct wt_page_info pi = { .title = t };
	if (cx->host->page_info)
		cx->host->page_info(cx->host->data, cx->a, &pi, 1);
	struct known *k = arena_calloc(cx->a, 1, sizeof(*k));
	k->pdbk = pdbk;
	k->exists = pi.exists;
	k->page_id = pi.page_id;
	k->next = *list;
	*list = k;
	wt_out_link(cx, t);
	*answered = true;
	return pi.exists;
}

/* {{#ifexist:title|then|else}}: Media: asks for the file, Special: for the special page. */
int wt_pf_ifexist(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct wt_title t;
	bool yes = false;
	if (wt_pf_title(cx, args->text[0], WT_NS_MAIN, &t)) {
		if (t.interwiki[0]) {
			yes = false;
		} else if (t.ns == WT_NS_MEDIA) {
			if (wt_pf_expensive(cx)) {
				struct wt_title ft = t;
				ft.ns = WT_NS_FILE;
				struct wt_file f = { 0 };
				if (cx->host->file)
					cx->host->file(cx->host->data, cx->a, &ft, &f);
				wt_out_image(cx, t.dbkey);
				yes = f.exists;
			}
		} else if (t.ns == WT_NS_SPECIAL) {
			struct wt_page_info pi = { .title = &t };
			if (cx->host->page_info)
				cx->host->page_info(cx->host->data, cx->a, &pi, 1);
			yes = pi.exists;
		} else {
			bool answered;
			yes = page_exists(cx, &t, &answered);
		}
	}
	res->text = arg(cx, frame, args, yes ? 1 : 2);
	return RC_OK;
}

/* ---- #time ------------------------------------------------------------------------ */

/* A #time result remembered for the parse: the same call is neither redone nor counted. */
struct time_memo {
	struct str format, date, lang; /* the call */
	bool local;                    /* local time */
	struct str out;                /* its output */
	struct time_memo *next;        /* next memo */
};

/* Per-parse state of #time. */
struct time_state {
	size_t chars;            /* format bytes used so far */
	struct time_memo *memos; /* earlier calls */
};

static bool str_same(struct str a, struct str b)
{
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

/* PHP truthiness of a string: "" and "0" are false. */
static bool php_true(struct str s)
{
	return s.len && !(s.len == 1 && s.p[0] == '0');
}

static int time_common(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res,
		       bool local)
{
	struct wt_time_call call = {
		.format = args->text[0],
		.date = wt_arg(cx, frame, args, 1),
		.lang = wt_arg(cx, frame, args, 2),
		.local = local || php_true(wt_arg(cx, frame, args, 3)),
		.now = cx->opt.now,
		.local_zone = cx->site->localtimezone,
		.content_lang = cx->site->lang ? cx->site->lang : "en",
	};
	struct time_state **st = (struct time_state **)wt_slot(cx, "pf-time");
	if (!*st)
		*st = arena_calloc(cx->a, 1, sizeof(**st));
	for (struct time_memo *m = (*st)->memos; m; m = m->next) {
		if (m->local == call.local && str_same(m->format, call.format) && str_same(m->date, call.date) &&
		    str_same(m->lang, call.lang)) {
			res->text = m->out;
			return RC_OK;
		}
	}
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	int ttl = -1;
	wt_time_func(&sb, &call, &(*st)->chars, &ttl);
	if (ttl >= 0)
		wt_frame_set_ttl(frame, ttl);
	struct time_memo *m = arena_calloc(cx->a, 1, sizeof(*m));
	m->format = call.format;
	m->date = call.date;
	m->lang = call.lang;
	m->local = call.local;
	m->out = wt_pf_take(cx, &sb);
	m->next = (*st)->memos;
	(*st)->memos = m;
	res->text = m->out;
	return RC_OK;
}

/* {{#time:format|date|language|local}}. */
int wt_pf_time(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return time_common(cx, frame, args, res, false);
}

/* {{#timel:format|date|language}}: #time in the wiki's local time zone. */
int wt_pf_timel(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	return time_common(cx, frame, args, res, true);
}

/* ---- titles ----------------------------------------------------------------------- */

/*
 * {{#titleparts:title|parts|first}}: the '/'-separated pieces of the
 * title's prefixed text (at most 25, the last keeps the rest), sliced as
 * PHP's array_slice does (negative values count from the end).
 */
int wt_pf_titleparts(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str text = args->text[0];
	long long parts = wt_php_intval(wt_arg(cx, frame, args, 1));
	long long offset = wt_php_intval(wt_arg(cx, frame, args, 2));
	struct wt_title t;
	if (!wt_pf_title(cx, text, WT_NS_MAIN, &t)) {
		res->text = text;
		return RC_OK;
	}
	const char *full = wt_title_prefixed(cx->a, cx->site, &t, false);
	if (t.interwiki[0])
		full = wt_aprintf(cx->a, "%s:%s", t.interwiki, full);
	struct str bits[25];
	long long n = 0;
	const char *s = full;
	for (;;) {
		const char *sl = n < 24 ? strchr(s, '/') : NULL;
		bits[n++] = (struct str){ s, sl ? (size_t)(sl - s) : strlen(s) };
		if (!sl)
			break;
		s = sl + 1;
	}
	if (offset > 0)
		offset--;
	if (offset > n)
		offset = n;
	if (offset < 0)
		offset = n + offset < 0 ? 0 : n + offset;
	long long len = parts == 0 ? n - offset : parts;
	if (len < 0)
		len = n - offset + len < 0 ? 0 : n - offset + len;
	if (offset + len > n)
		len = n - offset;
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	for (long long i = 0; i < len; i++) {
		if (i)
			sbuf_addc(&sb, '/');
		sbuf_addstr(&sb, bits[offset + i]);
	}
	res->text = wt_pf_take(cx, &sb);
	return RC_OK;
}

/* {{#rel2abs:path|base}}: the base defaults to the page's prefixed title. */
int wt_pf_rel2abs(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res)
{
	struct str from = wt_arg(cx, frame, args, 1);
	if (!from.len)
		from = str_c(wt_title_prefixed(cx->a, cx->site, &cx->title, false));
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	wt_rel2abs(&sb, args->text[0], from);
	res->text = wt_pf_take(cx, &sb);
	return RC_OK;
}
