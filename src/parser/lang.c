/* SPDX-License-Identifier: MIT */
/*
 * lang.c — what the parser needs to know of a content language other
 * than English: generated for every language (scripts/gen-magicwords.py)
 * from MediaWiki's languages/messages/Messages*.php, its link trail
 * ($linkTrail; English takes a-z) and link prefix letters
 * ($linkPrefixExtension with $linkPrefixCharset), kept as the PCRE
 * patterns MediaWiki matches, the digits, separators and grouping of
 * formatted numbers ($digitTransformTable, $separatorTransformTable,
 * $minimumGroupingDigits, $digitGroupingPattern), and namespace names and
 * aliases; and the grammatical cases of {{grammar:}} (the rules as data
 * of eight languages, Finnish by hand, the other languages with code of
 * their own in grammar.c). A language without a row behaves
 * as English.
 */
#include <pthread.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "wt_int.h"
#include "wt_pf.h"

/* One content language's link trail and link prefixes (trails.inc). */
struct lang_row {
	const char *code;    /* language code */
	const char *trail;   /* PCRE pattern of what joins a link from the text after it, "" nothing */
	bool is_utf;         /* the patterns read UTF-8 (MediaWiki's /u) */
	const char *prefix;  /* PCRE class body of link prefix letters; NULL: no link prefixes */
};

/* One language's digits and separators (numbers.inc). */
struct num_row {
	const char *code;               /* language code */
	uint32_t zero;                  /* the digit zero (the others follow it), 0: ASCII digits */
	const char *group_sep;          /* what ',' between digit groups becomes, NULL: ',' */
	const char *decimal_sep;        /* what the decimal '.' becomes, NULL: '.' */
	uint8_t min_group;              /* $minimumGroupingDigits, 0: none */
	bool is_indian;                 /* groups after the last three digits are of two */
};

#include "numbers.inc"

#include "trails.inc"

/* The compiled patterns of a row, made on first use: link trail and one prefix letter. */
static pcre2_code *trail_re[ARRAY_SIZE(langs)], *prefix_re[ARRAY_SIZE(langs)];
static bool is_compiled[ARRAY_SIZE(langs)];
static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;

/* A pattern that does not compile matches nothing, as preg_match() failing does in MediaWiki. */
static pcre2_code *compile_one(const char *pattern, bool is_utf)
{
	int err;
	PCRE2_SIZE off;
	return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			     PCRE2_ANCHORED | PCRE2_DOTALL | (is_utf ? PCRE2_UTF | PCRE2_UCP : 0), &err, &off, NULL);
}

static void compile_row(size_t i)
{
	if (__atomic_load_n(&is_compiled[i], __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&compile_lock);
	if (!is_compiled[i]) {
		if (langs[i].trail[0])
			trail_re[i] = compile_one(langs[i].trail, langs[i].is_utf);
		if (langs[i].prefix) {
			size_t n = strlen(langs[i].prefix);
			char *cls = xmalloc(n + 3);
			cls[0] = '[';
			memcpy(cls + 1, langs[i].prefix, n);
			memcpy(cls + 1 + n, "]", 2);
			prefix_re[i] = compile_one(cls, true);
			xfree(cls);
		}
		__atomic_store_n(&is_compiled[i], true, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&compile_lock);
}

/* Length of the match of anchored `re` at the start of `s`, 0 when none. */
static size_t match_len(pcre2_code *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	size_t n = 0;
	if (pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL) > 0)
		n = pcre2_get_ovector_pointer(md)[1];
	pcre2_match_data_free(md);
	return n;
}

int wt_lang_index(const struct wt_site *site)
{
	return wt_lang_num_row(site->lang ? site->lang : "en");
}

int wt_lang_num_row(const char *code)
{
	if (code[0] == 'e' && code[1] == 'n' && !code[2])
		return -1; /* English: no row, and the common case */
	size_t lo = 0, hi = ARRAY_SIZE(num_rows);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(num_rows[mid].code, code);
		if (d == 0)
			return (int)mid;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The row of the site's content language in trails.inc, or -1 (English's link trail, no prefixes). */
static int lang_row(const struct wt_site *site)
{
	const char *code = site->lang ? site->lang : "en";
	if (code[0] == 'e' && code[1] == 'n' && !code[2])
		return -1;
	size_t lo = 0, hi = ARRAY_SIZE(langs);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(langs[mid].code, code);
		if (d == 0) {
			compile_row(mid);
			return (int)mid;
		}
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Append code point `cp` as UTF-8. */
static void put_cp(struct sbuf *out, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	}
	sbuf_add(out, u, n);
}

void wt_lang_localize_num(struct sbuf *out, struct str s, int row, bool separators)
{
	const struct num_row *l = row >= 0 && (size_t)row < ARRAY_SIZE(num_rows) ? &num_rows[row] : NULL;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];
		if (l && l->zero && c >= '0' && c <= '9')
			put_cp(out, l->zero + (uint32_t)(c - '0'));
		else if (l && separators && c == ',' && l->group_sep)
			sbuf_adds(out, l->group_sep);
		else if (l && separators && c == '.' && l->decimal_sep)
			sbuf_adds(out, l->decimal_sep);
		else
			sbuf_addc(out, c);
	}
}

/* The code point at p (n bytes left) and its length in *len; invalid bytes count as U+FFFD, one byte. */
static uint32_t next_cp(const char *p, size_t n, size_t *len)
{
	unsigned char c = (unsigned char)p[0];
	size_t need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (!need || need > n) {
		*len = 1;
		return 0xFFFD;
	}
	uint32_t cp = need == 1 ? c : need == 2 ? c & 0x1F : need == 3 ? c & 0x0F : c & 0x07;
	for (size_t i = 1; i < need; i++) {
		unsigned char k = (unsigned char)p[i];
		if ((k & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (k & 0x3F);
	}
	*len = need;
	return cp;
}

void wt_lang_num_grouping(int row, unsigned *min_group, bool *is_indian)
{
	const struct num_row *l = row >= 0 && (size_t)row < ARRAY_SIZE(num_rows) ? &num_rows[row] : NULL;
	*min_group = l ? l->min_group : 0;
	*is_indian = l && l->is_indian;
}

void wt_lang_unlocalize_num(struct sbuf *out, struct str s, int row)
{
	const struct num_row *l = row >= 0 && (size_t)row < ARRAY_SIZE(num_rows) ? &num_rows[row] : NULL;
	size_t gl = l && l->group_sep ? strlen(l->group_sep) : 0;
	size_t dl = l && l->decimal_sep ? strlen(l->decimal_sep) : 0;
	for (size_t i = 0; i < s.len;) {
		/* The longer separator wins where both match, as strtr() takes the longest key. */
		bool g = gl && s.len - i >= gl && memcmp(s.p + i, l->group_sep, gl) == 0;
		bool d = dl && s.len - i >= dl && memcmp(s.p + i, l->decimal_sep, dl) == 0;
		if (g && (!d || gl >= dl)) {
			sbuf_addc(out, ',');
			i += gl;
			continue;
		}
		if (d) {
			sbuf_addc(out, '.');
			i += dl;
			continue;
		}
		size_t n;
		uint32_t cp = next_cp(s.p + i, s.len - i, &n);
		if (l && l->zero && cp >= l->zero && cp <= l->zero + 9)
			sbuf_addc(out, (char)('0' + (cp - l->zero)));
		else
			sbuf_add(out, s.p + i, n);
		i += n;
	}
}

void wt_split_trail(struct wt_ctx *cx, struct str trail, struct str *inside, struct str *rest)
{
	int row = lang_row(cx->site);
	size_t n = 0;
	if (row < 0) {
		/* English $linkTrail: /^([a-z]+)(.*)$/sD */
		while (n < trail.len && trail.p[n] >= 'a' && trail.p[n] <= 'z')
			n++;
	} else if (trail_re[row] && trail.len) {
		n = match_len(trail_re[row], trail.p, trail.len);
	}
	*inside = (struct str){ trail.p, n };
	*rest = (struct str){ trail.p + n, trail.len - n };
}

size_t wt_link_prefix_len(struct wt_ctx *cx, struct str before)
{
	int row = lang_row(cx->site);
	if (row < 0 || !prefix_re[row])
		return 0;
	/* The longest run of prefix letters at the end of `before` (walk back over whole characters). */
	size_t start = before.len;
	while (start > 0) {
		size_t b = start - 1;
		while (b > 0 && ((unsigned char)before.p[b] & 0xC0) == 0x80 && start - b < 4)
			b--;
		size_t cl;
		next_cp(before.p + b, start - b, &cl);
		if (cl != start - b || match_len(prefix_re[row], before.p + b, cl) != cl)
			break;
		start = b;
	}
	return before.len - start;
}

/* A namespace's local name in one language. */
struct ns_name {
	const char *code; /* language code */
	int ns;           /* namespace number */
	const char *name; /* its name there, with spaces */
};

/*
 * Names from MediaWiki's Messages*.php ($namespaceNames with the
 * fallbacks' filling the gaps; a namespace not listed keeps its English
 * name) and the aliases ($namespaceAliases): ns_names[] and ns_aliases[].
 */
#include "nsnames.inc"

const char *wt_lang_ns_name(const char *code, int ns)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(ns_names); i++)
		if (ns_names[i].ns == ns && strcmp(ns_names[i].code, code) == 0)
			return ns_names[i].name;
	return NULL;
}

const char *wt_lang_ns_alias(const char *code, size_t i, int *ns)
{
	if (!code)
		return NULL;
	for (size_t k = 0; k < ARRAY_SIZE(ns_aliases); k++) {
		if (strcmp(ns_aliases[k].code, code) != 0)
			continue;
		if (i-- == 0) {
			*ns = ns_aliases[k].ns;
			return ns_aliases[k].name;
		}
	}
	return NULL;
}

/*
 * Finnish grammatical cases of a word (LanguageFi::convertGrammar, rules
 * meant for site names): vowel harmony from the last a/o/u not followed
 * by ä, ö or y (never for "...wiki"), an 'i' after a final consonant,
 * then the case ending.
 */
static struct str grammar_fi(struct arena *a, struct str w, struct str gcase)
{
	bool aou = false;
	for (size_t i = w.len; i > 0; i--) {
		unsigned char c = (unsigned char)w.p[i - 1];
		if (c == 0xC3 || c == 0xA4 || c == 0xB6 || c == 'y' || c == 'Y')
			break;
		if (strchr("aouAOU", c) && c) {
			aou = true;
			break;
		}
	}
	if (w.len >= 4 && strncasecmp(w.p + w.len - 4, "wiki", 4) == 0)
		aou = false;
	struct sbuf b;
	sbuf_init(&b, w.len + 16);
	sbuf_add(&b, w.p, w.len);
	if (w.len && strchr("bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ", w.p[w.len - 1]) && w.p[w.len - 1])
		sbuf_addc(&b, 'i');
	if (str_eq(gcase, "genitive")) {
		sbuf_addc(&b, 'n');
	} else if (str_eq(gcase, "elative")) {
		sbuf_adds(&b, aou ? "sta" : "st\xc3\xa4");
	} else if (str_eq(gcase, "partitive")) {
		sbuf_adds(&b, aou ? "a" : "\xc3\xa4");
	} else if (str_eq(gcase, "illative") && !b.len) {
		sbuf_addc(&b, 'n'); /* an empty word: mb_substr( '', -1 ) is "" */
	} else if (str_eq(gcase, "illative")) {
		/* The last character doubled, then 'n'. */
		size_t s = b.len - 1;
		while (s > 0 && ((unsigned char)b.p[s] & 0xC0) == 0x80)
			s--;
		size_t cl = b.len - s;
		char last[4];
		memcpy(last, b.p + s, cl < 4 ? cl : 4);
		sbuf_add(&b, last, cl < 4 ? cl : 4);
		sbuf_addc(&b, 'n');
	} else if (str_eq(gcase, "inessive")) {
		sbuf_adds(&b, aou ? "ssa" : "ss\xc3\xa4");
	}
	struct str r = { arena_strndup(a, b.p, b.len), b.len };
	sbuf_release(&b);
	return r;
}

/* One {{grammar:}} rule of a language's data (grammar.inc). */
struct grammar_rule {
	const char *code;        /* language code */
	const char *gcase;       /* grammatical case */
	const char *pattern;     /* PCRE pattern (UTF-8) */
	const char *replacement; /* what a match becomes, $1 for a group */
};

#include "grammar.inc"

/* The compiled patterns of grammar_rules[], made on first use (NULL after: does not compile). */
static pcre2_code *grammar_re[ARRAY_SIZE(grammar_rules)];
static bool is_grammar_compiled[ARRAY_SIZE(grammar_rules)];

static pcre2_code *grammar_pattern(size_t i)
{
	if (!__atomic_load_n(&is_grammar_compiled[i], __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&compile_lock);
		if (!is_grammar_compiled[i]) {
			int err;
			PCRE2_SIZE off;
			grammar_re[i] = pcre2_compile((PCRE2_SPTR)grammar_rules[i].pattern, PCRE2_ZERO_TERMINATED,
						      PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
			__atomic_store_n(&is_grammar_compiled[i], true, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&compile_lock);
	}
	return grammar_re[i];
}

/* Language::convertGrammar with the language's rules as data: the first rule that matches rewrites the word. */
static struct str grammar_data(struct arena *a, const char *code, struct str word, struct str gcase)
{
	for (size_t i = 0; i < ARRAY_SIZE(grammar_rules); i++) {
		const struct grammar_rule *r = &grammar_rules[i];
		if (strcmp(r->code, code) != 0 || !str_eq(gcase, r->gcase))
			continue;
		pcre2_code *re = grammar_pattern(i);
		if (!re)
			continue;
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
		int rc = pcre2_match(re, (PCRE2_SPTR)word.p, word.len, 0, 0, md, NULL);
		pcre2_match_data_free(md);
		if (rc < 0)
			continue;
		PCRE2_SIZE cap = word.len * 2 + strlen(r->replacement) + 64;
		for (int tries = 0; tries < 4; tries++) {
			char *out = arena_alloc(a, cap);
			PCRE2_SIZE len = cap;
			rc = pcre2_substitute(re, (PCRE2_SPTR)word.p, word.len, 0,
					      PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, NULL, NULL,
					      (PCRE2_SPTR)r->replacement, PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out, &len);
			if (rc >= 0)
				return (struct str){ out, len };
			if (rc != PCRE2_ERROR_NOMEMORY)
				break;
			cap = len + 1;
		}
		return word;
	}
	return word;
}

struct str wt_lang_grammar(struct wt_ctx *cx, struct str word, struct str gcase)
{
	const char *code = cx->site->lang ? cx->site->lang : "en";
	/* LanguageFi serves the languages that fall back to Finnish too (LanguageFactory) */
	static const char *const fi[] = { "fi", "fit", "krl", "olo", "se", "se-fi", "smn", "vot" };
	for (size_t i = 0; i < ARRAY_SIZE(fi); i++)
		if (strcmp(code, fi[i]) == 0)
			return grammar_fi(cx->a, word, gcase);
	struct str out;
	if (wt_grammar_class(cx->a, code, word, gcase, &out))
		return out;
	return grammar_data(cx->a, code, word, gcase);
}
