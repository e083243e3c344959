/* SPDX-License-Identifier: MIT */
/*
 * pst.c — the pre-save transform (Parser::preSaveTransform of MediaWiki
 * 1.39): what a save does to wikitext before it is stored. subst: and
 * safesubst: calls are expanded (everything else stays as written:
 * the expander runs in its OT_WIKI mode, where comments and extension
 * tags such as <nowiki> and <pre> are held in strip markers), "~~~",
 * "~~~~" and "~~~~~" become the saver's signature, the signature with
 * the time, or the time alone, the pipe trick completes "[[A (b)|]]",
 * "[[A, b|]]" and "[[|A]]" links, and line ends are normalized with the
 * trailing whitespace cut.
 */
#include <pthread.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../util/sbuf.h"
#include "wt_int.h"
#include "wt_pf.h"

/* Longest nickname MediaWiki accepts ($wgMaxSigChars), in characters. */
#define MAX_SIG_CHARS 255

/*
 * Character classes of the pipe trick, on bytes as MediaWiki's
 * (non-Unicode) regular expressions see them: what a title may hold
 * (Title::legalChars) and what a namespace prefix may hold.
 */
#define TC "[ %!\"$&'()*,\\-./0-9:;=?@A-Z\\\\^_`a-z~\\x80-\\xFF+]"
#define NC "[ _0-9A-Za-z\\x80-\\xFF-]"
#define PREFIX "(:?" NC "+:|:|)"

/* The pipe-trick expressions, compiled once. */
enum {
	RE_PAREN,       /* [[ns:page (context)|]] */
	RE_WIDE_PAREN,  /* [[ns:page（context）|]] with full-width brackets */
	RE_COMMA,       /* [[ns:page (context), context|]] with ", ", "，" or "، " */
	RE_REVERSE,     /* [[|page]] */
	RE_TITLE_PAREN, /* a page title ending in " (context)" */
	RE_TITLE_COMMA, /* a page title ending in ", context" */
	RE_COUNT,
};

static const char *const re_text[RE_COUNT] = {
	[RE_PAREN] = "\\[\\[" PREFIX "(" TC "+?)( ?\\(" TC "+\\))\\|]]",
	[RE_WIDE_PAREN] = "\\[\\[" PREFIX "(" TC "+?)( ?\xef\xbc\x88" TC "+\xef\xbc\x89)\\|]]",
	[RE_COMMA] = "\\[\\[" PREFIX "(" TC "+?)( ?\\(" TC "+\\)|)((?:, |\xef\xbc\x8c|\xd8\x8c )" TC "+|)\\|]]",
	[RE_REVERSE] = "\\[\\[\\|(" TC "+)]]",
	[RE_TITLE_PAREN] = "^(" NC "+:|)" TC "+?( \\(" TC "+\\))$",
	[RE_TITLE_COMMA] = "^(" NC "+:|)" TC "+?(, " TC "+|)$",
};

static pcre2_code *re[RE_COUNT];
static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static void re_compile(void)
{
	for (int i = 0; i < RE_COUNT; i++) {
		int err;
		PCRE2_SIZE off;
		re[i] = pcre2_compile((PCRE2_SPTR)re_text[i], PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
	}
}

/* Every match of expression `which` in `s` replaced by `rep` (PCRE2's $n syntax). */
static struct str replace_all(struct wt_ctx *cx, int which, struct str s, const char *rep)
{
	if (!re[which] || !s.len)
		return s;
	uint32_t opts = PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_UNSET_EMPTY | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH;
	PCRE2_SIZE cap = s.len + 256;
	for (int attempt = 0; attempt < 2; attempt++) {
		char *out = arena_alloc(cx->a, cap + 1);
		PCRE2_SIZE n = cap + 1;
		int rc = pcre2_substitute(re[which], (PCRE2_SPTR)s.p, s.len, 0, opts, NULL, NULL, (PCRE2_SPTR)rep,
					  PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out, &n);
		if (rc >= 0)
			return rc == 0 ? s : (struct str){ out, n };
		if (rc != PCRE2_ERROR_NOMEMORY)
			return s;
		cap = n;
	}
	return s;
}

/* `s` made safe inside a PCRE2 replacement string ('$' doubled). */
static const char *rep_escape(struct wt_ctx *cx, const char *s, size_t len)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, len * 2 + 1);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '$')
			wt_buf_addc(&b, '$');
		wt_buf_addc(&b, s[i]);
	}
	return wt_buf_str(&b).p;
}

/*
 * The pipe trick: "[[A (b)|]]" gets "A" as its label, "[[A, b|]]" too,
 * and "[[|A]]" takes the context of the page's own title.
 */
static struct str pipe_trick(struct wt_ctx *cx, struct str t)
{
	pthread_once(&re_once, re_compile);
	if (!util_memmem(t.p, t.len, "|]]", 3) && !util_memmem(t.p, t.len, "[[|", 3))
		return t;
	t = replace_all(cx, RE_PAREN, t, "[[$1$2$3|$2]]");
	t = replace_all(cx, RE_WIDE_PAREN, t, "[[$1$2$3|$2]]");
	t = replace_all(cx, RE_COMMA, t, "[[$1$2$3$4|$2]]");
	if (!util_memmem(t.p, t.len, "[[|", 3) || !re[RE_REVERSE])
		return t;

	/* The page's title without its namespace, with spaces. */
	char *own = arena_strdup(cx->a, cx->title.dbkey);
	for (char *c = own; *c; c++)
		if (*c == '_')
			*c = ' ';
	size_t own_len = strlen(own);
	const char *rep = "[[$1]]";
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	for (int which = RE_TITLE_PAREN; which <= RE_TITLE_COMMA && md; which++) {
		if (!re[which] || pcre2_match(re[which], (PCRE2_SPTR)own, own_len, 0, 0, md, NULL) < 0)
			continue;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t l1 = ov[3] - ov[2], l2 = ov[5] - ov[4];
		if (which == RE_TITLE_COMMA && l1 + l2 == 0)
			break;
		rep = wt_aprintf(cx->a, "[[%s$1%s|$1]]", rep_escape(cx, own + ov[2], l1),
				   rep_escape(cx, own + ov[4], l2));
		break;
	}
	pcre2_match_data_free(md);
	return replace_all(cx, RE_REVERSE, t, rep);
}

/* UTF-8 characters in `s`. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* `s` without any run of three to five tildes (Parser::cleanSigInSig). */
static const char *drop_tildes(struct wt_ctx *cx, const char *s)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, strlen(s) + 1);
	while (*s) {
		size_t n = strspn(s, "~");
		if (n >= 3) {
			/* Runs longer than five lose five at a time, as a global replacement does. */
			size_t keep = n % 5 >= 3 ? 0 : n % 5;
			for (size_t i = 0; i < keep; i++)
				wt_buf_addc(&b, '~');
			s += n;
			continue;
		}
		if (n) {
			wt_buf_add(&b, s, n);
			s += n;
			continue;
		}
		wt_buf_addc(&b, *s++);
	}
	return wt_buf_str(&b).p;
}

/* Does the expander accept text `s` as a fancy signature (tags that close in order)? */
static bool sig_well_formed(const char *s);

/*
 * A fancy signature as stored: every "{{" not already a subst: made one,
 * tildes dropped, substitutions expanded (Parser::cleanSig).
 */
static const char *clean_fancy_sig(struct wt_ctx *cx, const char *nick)
{
	struct wt_buf b;
	wt_buf_init(&b, cx->a, strlen(nick) + 32);
	for (const char *s = nick; *s;) {
		if (s[0] == '{' && s[1] == '{') {
			wt_buf_adds(&b, "{{");
			s += 2;
			if (strncasecmp(s, "subst:", 6) != 0)
				wt_buf_adds(&b, "subst:");
			continue;
		}
		wt_buf_addc(&b, *s++);
	}
	const char *t = drop_tildes(cx, wt_buf_str(&b).p);
	struct wt_node *root = wt_preprocess_tree(cx->a, cx->site, t, strlen(t), 0);
	struct str x = wt_expand(cx, cx->root, root, 0);
	return arena_strndup(cx->a, x.p, x.len);
}

/*
 * The saver's signature (Parser::getUserSig): the fancy nickname as
 * written when it is well formed, else a link to the user page (or the
 * contributions of an IP) labelled with the nickname or the name, built
 * from the content language's signature message.
 */
static const char *user_sig(struct wt_ctx *cx, const struct wt_signer *u)
{
	const char *name = u->name ? u->name : "";
	const char *nick = u->nickname && *u->nickname ? u->nickname : name;
	if (utf8_chars(nick) > MAX_SIG_CHARS)
		nick = name;
	else if (u->fancysig && nick != name && sig_well_formed(nick))
		return clean_fancy_sig(cx, nick);
	else if (u->fancysig)
		nick = name;
	nick = drop_tildes(cx, nick);
	struct str un = wt_escape_wikitext(cx, str_c(name));
	struct str nn = wt_escape_wikitext(cx, str_c(nick));
	const char *msg = wt_msg(cx, u->registered ? "signature" : "signature-anon", arena_strndup(cx->a, un.p, un.len),
				 arena_strndup(cx->a, nn.p, nn.len), NULL);
	/* Message::text(): the message's own templates ({{ns:user}}) are expanded. */
	struct wt_output scratch;
	struct wt_options o = cx->opt;
	o.interface_message = true;
	const char *res = msg;
	size_t res_len = 0;
	if (wt_preprocess(cx->a, cx->site, cx->host, &o, NULL, msg, strlen(msg), &res, &res_len, &scratch) != RC_OK)
		return msg;
	return res;
}

/* "~~~" / "~~~~" / "~~~~~" replaced, longest first at each place (strtr). */
static struct str signatures(struct wt_ctx *cx, struct str t, const struct wt_signer *u, bool *signed_)
{
	if (!util_memmem(t.p, t.len, "~~~", 3))
		return t;
	*signed_ = true;
	struct sbuf d;
	sbuf_init(&d, 256);
	const struct wt_date_lang *lang = wt_date_lang_get(cx->site->lang);
	wt_time_format(&d, STR_LIT("H:i, j F Y"), cx->opt.now, cx->site->localtimezone, lang, NULL);
	sbuf_adds(&d, " (");
	wt_time_format(&d, STR_LIT("T"), cx->opt.now, cx->site->localtimezone, lang, NULL);
	sbuf_adds(&d, ")");
	const char *date = arena_strndup(cx->a, sbuf_cstr(&d), d.len);
	sbuf_release(&d);
	const char *sig = user_sig(cx, u);
	struct wt_buf b;
	wt_buf_init(&b, cx->a, t.len + 256);
	for (size_t i = 0; i < t.len;) {
		size_t n = 0;
		while (i + n < t.len && n < 5 && t.p[i + n] == '~')
			n++;
		if (n == 5) {
			wt_buf_adds(&b, date);
		} else if (n == 4) {
			wt_buf_adds(&b, sig);
			wt_buf_addc(&b, ' ');
			wt_buf_adds(&b, date);
		} else if (n == 3) {
			wt_buf_adds(&b, sig);
		} else {
			if (!n)
				n = 1;
			wt_buf_add(&b, t.p + i, n);
		}
		i += n;
	}
	return wt_buf_str(&b);
}

/* "\r\n" and "\r" made "\n", NUL bytes dropped, trailing whitespace cut. */
static struct str normalize(struct arena *a, const char *text, size_t len)
{
	char *c = arena_alloc(a, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\0')
			continue;
		if (text[i] == '\r') {
			c[n++] = '\n';
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
			continue;
		}
		c[n++] = text[i];
	}
	while (n && strchr(" \t\n\r\v", c[n - 1]))
		n--;
	c[n] = '\0';
	return (struct str){ c, n };
}

int wt_pst(struct arena *a, const struct wt_site *site, const struct wt_host *host, const struct wt_options *opt,
	   const struct wt_signer *user, const char *text, size_t len, const char **res, size_t *res_len,
	   bool *is_signed)
{
	struct wt_ctx cx_s;
	struct wt_ctx *cx = &cx_s;
	struct wt_output out;
	wt_ctx_init(cx, a, site, host, opt, &out, WT_OT_WIKI);
	bool signed_ = false;
	struct str t = normalize(a, text, len);
	if (t.len && t.len <= cx->opt.limits.max_include_size) {
		struct wt_node *root = wt_preprocess_tree(a, site, t.p, t.len, 0);
		t = wt_expand(cx, cx->root, root, 0);
	}
	static const struct wt_signer nobody = { "", false, NULL, false };
	t = signatures(cx, t, user ? user : &nobody, &signed_);
	t = pipe_trick(cx, t);
	t = wt_unstrip_both(cx, t);
	while (t.len && strchr(" \t\n\r\v", t.p[t.len - 1]) && t.p[t.len - 1])
		t.len--;
	*res = arena_strndup(a, t.p, t.len);
	*res_len = t.len;
	if (is_signed)
		*is_signed = signed_;
	return cx->is_toobig ? RC_TOOBIG : RC_OK;
}

/* ---------- fancy signature check ---------- */

/* Length of an XML name at `s` (letters, digits, '_', ':', '.', '-', and any non-ASCII byte). */
static size_t xml_name(const char *s)
{
	size_t n = 0;
	while (s[n] && (strchr("_:.-", s[n]) || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
			(s[n] >= '0' && s[n] <= '9' && n) || ((unsigned char)s[n] & 0x80)))
		n++;
	if (n && (s[0] == '-' || s[0] == '.'))
		return 0;
	return n;
}

/* Length of a character reference "&...;" XML knows at `s` (the five named ones or numeric), 0 when none. */
static size_t xml_ref(const char *s)
{
	static const char *const named[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	for (size_t i = 0; i < ARRAY_SIZE(named); i++)
		if (strncmp(s, named[i], strlen(named[i])) == 0)
			return strlen(named[i]);
	if (s[1] != '#')
		return 0;
	size_t n = 2;
	bool hex = s[2] == 'x';
	n += hex;
	size_t start = n;
	while (hex ? strchr("0123456789abcdefABCDEF", s[n]) && s[n] : s[n] >= '0' && s[n] <= '9')
		n++;
	return n > start && s[n] == ';' ? n + 1 : 0;
}

/*
 * Is `s` a well-formed XML fragment (Xml::isWellFormedXmlFragment, the
 * test MediaWiki puts a fancy signature through): elements closed in
 * order, attribute values quoted and unique in their tag, no '<' or bare
 * '&' in text, only XML's own entities.
 */
static bool sig_well_formed(const char *s)
{
	enum { MAX_DEPTH = 64 };
	const char *stack[MAX_DEPTH];
	size_t stack_len[MAX_DEPTH];
	int depth = 0;
	while (*s) {
		if (*s == '&') {
			size_t n = xml_ref(s);
			if (!n)
				return false;
			s += n;
			continue;
		}
		if (*s != '<') {
			s++;
			continue;
		}
		if (strncmp(s, "<!--", 4) == 0) {
			const char *e = strstr(s + 4, "--");
			if (!e || e[2] != '>')
				return false;
			s = e + 3;
			continue;
		}
		bool closing = s[1] == '/';
		s += 1 + closing;
		size_t n = xml_name(s);
		if (!n)
			return false;
		const char *name = s;
		s += n;
		if (closing) {
			s += strspn(s, " \t\r\n");
			if (*s != '>' || depth == 0 || stack_len[depth - 1] != n || memcmp(stack[depth - 1], name, n) != 0)
				return false;
			depth--;
			s++;
			continue;
		}
		const char *attrs[32];
		size_t attr_len[32], n_attrs = 0;
		for (;;) {
			size_t ws = strspn(s, " \t\r\n");
			s += ws;
			if (*s == '>' || (s[0] == '/' && s[1] == '>'))
				break;
			size_t an = ws ? xml_name(s) : 0;
			if (!an || n_attrs == ARRAY_SIZE(attrs))
				return false;
			for (size_t i = 0; i < n_attrs; i++)
				if (attr_len[i] == an && memcmp(attrs[i], s, an) == 0)
					return false;
			attrs[n_attrs] = s;
			attr_len[n_attrs++] = an;
			s += an;
			s += strspn(s, " \t\r\n");
			if (*s++ != '=')
				return false;
			s += strspn(s, " \t\r\n");
			char q = *s;
			if (q != '"' && q != '\'')
				return false;
			for (s++; *s != q; s++) {
				if (!*s || *s == '<')
					return false;
				if (*s == '&') {
					size_t r = xml_ref(s);
					if (!r)
						return false;
					s += r - 1;
				}
			}
			s++;
		}
		if (*s == '/') {
			s += 2;
			continue;
		}
		if (depth == MAX_DEPTH)
			return false;
		stack[depth] = name;
		stack_len[depth++] = n;
		s++;
	}
	return depth == 0;
}
