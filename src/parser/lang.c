/* SPDX-License-Identifier: MIT */
/*
 * lang.c — what the parser needs to know of a content language other
 * than English, one compact row per language: the letters a link trail
 * may hold ($linkTrail; English takes a-z) and whether an apostrophe not
 * followed by another joins it, the letters of a link prefix
 * ($linkPrefixExtension with $linkPrefixCharset) and the grammatical
 * cases of {{grammar:}} (Finnish), for the languages the parser tests
 * use; and, generated for every language (scripts/gen-magicwords.py),
 * the digits and separators of formatted numbers ($digitTransformTable,
 * $separatorTransformTable) and namespace names and aliases. The facts
 * are those of MediaWiki's languages/messages/Messages*.php; a language
 * without a row behaves as English.
 */
#include <strings.h>

#include "wt_int.h"
#include "wt_pf.h"

/* A range of code points, both ends included. */
struct cp_range {
	uint32_t lo; /* first code point */
	uint32_t hi; /* last code point */
};

/* One content language. */
struct lang_row {
	const char *code;               /* language code */
	const struct cp_range *trail;   /* letters of a link trail, ending with {0, 0} */
	bool trail_apostrophe;          /* "'" not followed by "'" joins the trail (T29473) */
	const struct cp_range *prefix;  /* letters of a link prefix, ending with {0, 0}; NULL: no prefixes */
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

static const struct cp_range trail_ca[] = {
	{ 'a', 'z' }, { 0xE0, 0xE0 }, { 0xE8, 0xE9 }, { 0xED, 0xED }, { 0xF2, 0xF3 }, { 0xFA, 0xFA },
	{ 0xE7, 0xE7 }, { 0xB7, 0xB7 }, { 0xEF, 0xEF }, { 0xFC, 0xFC }, { 0, 0 },
};
static const struct cp_range trail_de[] = {
	{ 'a', 'z' }, { 0xE4, 0xE4 }, { 0xF6, 0xF6 }, { 0xFC, 0xFC }, { 0xDF, 0xDF }, { 0, 0 },
};
static const struct cp_range trail_is[] = {
	{ 'a', 'z' }, { 0xE1, 0xE1 }, { 0xF0, 0xF0 }, { 0xE9, 0xE9 }, { 0xED, 0xED }, { 0xF3, 0xF3 },
	{ 0xFA, 0xFA }, { 0xFD, 0xFD }, { 0xFE, 0xFE }, { 0xE6, 0xE6 }, { 0xF6, 0xF6 }, { '-', '-' },
	{ 0x2013, 0x2013 }, { 0, 0 },
};
static const struct cp_range prefix_is[] = {
	{ 'a', 'z' }, { 'A', 'Z' }, { 0xE1, 0xE1 }, { 0xC1, 0xC1 }, { 0xF0, 0xF0 }, { 0xD0, 0xD0 },
	{ 0xE9, 0xE9 }, { 0xC9, 0xC9 }, { 0xED, 0xED }, { 0xCD, 0xCD }, { 0xF3, 0xF3 }, { 0xD3, 0xD3 },
	{ 0xFA, 0xFA }, { 0xDA, 0xDA }, { 0xFD, 0xFD }, { 0xDD, 0xDD }, { 0xFE, 0xFE }, { 0xDE, 0xDE },
	{ 0xE6, 0xE6 }, { 0xC6, 0xC6 }, { 0xF6, 0xF6 }, { 0xD6, 0xD6 }, { 0x2013, 0x2013 }, { '-', '-' },
	{ 0, 0 },
};
static const struct cp_range trail_kaa[] = {
	{ 'a', 'z' }, { 0x131, 0x131 }, { 0x2BC, 0x2BC }, { 0x2019, 0x2019 }, { 0x201C, 0x201C }, { 0xBB, 0xBB },
	{ 0, 0 },
};
static const struct cp_range trail_ar[] = {
	{ 'a', 'z' }, { 0x621, 0x64A }, { 0, 0 },
};

static const struct lang_row langs[] = {
	{ "ar", trail_ar, false, NULL },
	{ "ca", trail_ca, true, NULL },
	{ "de", trail_de, false, NULL },
	{ "is", trail_is, false, prefix_is },
	{ "kaa", trail_kaa, true, NULL },
};

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

static const struct lang_row *lang_row(const struct wt_site *site)
{
	const char *code = site->lang ? site->lang : "en";
	for (size_t i = 0; i < ARRAY_SIZE(langs); i++)
		if (langs[i].code[0] == code[0] && strcmp(langs[i].code, code) == 0)
			return &langs[i];
	return NULL;
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

static bool in_ranges(const struct cp_range *r, uint32_t cp)
{
	for (; r->lo || r->hi; r++)
		if (cp >= r->lo && cp <= r->hi)
			return true;
	return false;
}

void wt_split_trail(struct wt_ctx *cx, struct str trail, struct str *inside, struct str *rest)
{
	const struct lang_row *l = lang_row(cx->site);
	size_t n = 0;
	if (!l || !l->trail) {
		/* English $linkTrail: /^([a-z]+)(.*)$/sD */
		while (n < trail.len && trail.p[n] >= 'a' && trail.p[n] <= 'z')
			n++;
	} else {
		while (n < trail.len) {
			if (l->trail_apostrophe && trail.p[n] == '\'' && !(n + 1 < trail.len && trail.p[n + 1] == '\'')) {
				n++;
				continue;
			}
			size_t cl;
			uint32_t cp = next_cp(trail.p + n, trail.len - n, &cl);
			if (!in_ranges(l->trail, cp))
				break;
			n += cl;
		}
	}
	*inside = (struct str){ trail.p, n };
	*rest = (struct str){ trail.p + n, trail.len - n };
}

size_t wt_link_prefix_len(struct wt_ctx *cx, struct str before)
{
	const struct lang_row *l = lang_row(cx->site);
	if (!l || !l->prefix)
		return 0;
	/* The longest run of prefix letters at the end of `before` (walk back over whole characters). */
	size_t start = before.len;
	while (start > 0) {
		size_t b = start - 1;
		while (b > 0 && ((unsigned char)before.p[b] & 0xC0) == 0x80 && start - b < 4)
			b--;
		size_t cl;
		uint32_t cp = next_cp(before.p + b, start - b, &cl);
		if (cl != start - b || !in_ranges(l->prefix, cp))
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
	} else if (str_eq(gcase, "illative") && b.len) {
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

struct str wt_lang_grammar(struct wt_ctx *cx, struct str word, struct str gcase)
{
	const char *code = cx->site->lang ? cx->site->lang : "en";
	if (strcmp(code, "fi") == 0)
		return grammar_fi(cx->a, word, gcase);
	return word;
}
