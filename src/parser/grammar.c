/* SPDX-License-Identifier: MIT */
/*
 * grammar.c — {{grammar:case|word}} for the languages whose MediaWiki
 * class overrides Language::convertGrammar with code of its own (Bosnian,
 * Church Slavonic, Lower and Upper Sorbian, Irish, Hungarian, Armenian,
 * Latin, Ossetian, Slovene, Tuvan; Finnish is in lang.c). The rules are
 * meant for site names and are as rough as MediaWiki's. A code uses the
 * class of the first language of its fallback chain that has one, as
 * LanguageFactory picks it ("sh" is Bosnian's, "hyw" Armenian's,
 * "hu-formal" Hungarian's). $wgGrammarForms is empty here, as in a
 * default MediaWiki. Results are allocated in the arena.
 */
#include <string.h>

#include "wt_int.h"

/* Is `w` ending in the bytes of `s`? */
static bool ends_with(struct str w, const char *s)
{
	size_t n = strlen(s);
	return w.len >= n && memcmp(w.p + w.len - n, s, n) == 0;
}

/* The start of the last `k` UTF-8 characters of `w` (all of it when it has fewer). */
static size_t tail_start(struct str w, size_t k)
{
	size_t i = w.len;
	while (k && i > 0) {
		i--;
		while (i > 0 && ((unsigned char)w.p[i] & 0xC0) == 0x80)
			i--;
		k--;
	}
	return i;
}

/* The last UTF-8 character of `w` ("" for an empty word). */
static struct str last_char(struct str w)
{
	size_t s = tail_start(w, 1);
	return (struct str){ w.p + s, w.len - s };
}

/* `a` followed by `b` and `c`, in the arena. */
static struct str join3(struct arena *a, struct str x, const char *b, const char *c)
{
	size_t bl = strlen(b), cl = strlen(c);
	char *r = arena_alloc(a, x.len + bl + cl + 1);
	memcpy(r, x.p, x.len);
	memcpy(r + x.len, b, bl);
	memcpy(r + x.len + bl, c, cl);
	r[x.len + bl + cl] = '\0';
	return (struct str){ r, x.len + bl + cl };
}

/* `prefix` + `w`. */
static struct str prefixed(struct arena *a, const char *prefix, struct str w)
{
	size_t pl = strlen(prefix);
	char *r = arena_alloc(a, pl + w.len + 1);
	memcpy(r, prefix, pl);
	memcpy(r + pl, w.p, w.len);
	r[pl + w.len] = '\0';
	return (struct str){ r, pl + w.len };
}

/* preg_match('/[a-zA-Z_]/', w): a Latin letter or '_' anywhere. */
static bool has_latin(struct str w)
{
	for (size_t i = 0; i < w.len; i++) {
		char c = w.p[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
			return true;
	}
	return false;
}

/* Is character `c` one of the characters of `set` (UTF-8, each whole)? */
static bool char_in(struct str c, const char *const *set)
{
	if (!c.len)
		return false;
	for (size_t i = 0; set[i]; i++)
		if (strlen(set[i]) == c.len && memcmp(set[i], c.p, c.len) == 0)
			return true;
	return false;
}

/* The prepositional languages: a case puts a preposition before the word. */
struct prep_case {
	const char *code;   /* the class's language */
	const char *gcase;  /* the case's name */
	const char *prefix; /* what goes before the word */
};

static const struct prep_case prep_cases[] = {
	{ "bs", "instrumental", "s " }, { "bs", "lokativ", "o " },
	{ "sl", "mestnik", "o " },      { "sl", "orodnik", "z " },
	{ "hsb", "instrumental", "z " }, { "hsb", "lokatiw", "wo " },
	/* LanguageDsb's instrumental falls through to the locative: both prepositions */
	{ "dsb", "instrumental", "wo z " }, { "dsb", "lokatiw", "wo " },
};

/* LanguageGa: the "ainmlae" case names a weekday's day ("an Luan" -> "Dé Luain"). */
static struct str grammar_ga(struct arena *a, struct str w, struct str gcase)
{
	static const char *const days[][2] = {
		{ "an Domhnach", "Dé Domhnaigh" }, { "an Luan", "Dé Luain" },      { "an Mháirt", "Dé Mháirt" },
		{ "an Chéadaoin", "Dé Chéadaoin" }, { "an Déardaoin", "Déardaoin" }, { "an Aoine", "Dé hAoine" },
		{ "an Satharn", "Dé Sathairn" },
	};
	(void)a;
	if (!str_eq(gcase, "ainmlae"))
		return w;
	for (size_t i = 0; i < ARRAY_SIZE(days); i++)
		if (str_eq(w, days[i][0]))
			return str_c(days[i][1]);
	return w;
}

/* LanguageHu: three suffixes; any other case gives "". */
static struct str grammar_hu(struct arena *a, struct str w, struct str gcase)
{
	if (str_eq(gcase, "rol"))
		return join3(a, w, "ról", "");
	if (str_eq(gcase, "ba"))
		return join3(a, w, "ba", "");
	if (str_eq(gcase, "k"))
		return join3(a, w, "k", "");
	return (struct str){ "", 0 };
}

/*
 * LanguageCu: only the genitive of a word without Latin letters changes,
 * when its last two characters are "ї" and U+F011 (a private-use letter
 * of Church Slavonic fonts); "...вики" is kept.
 */
static struct str grammar_cu(struct arena *a, struct str w, struct str gcase)
{
	if (has_latin(w) || !str_eq(gcase, "genitive"))
		return w;
	size_t s4 = tail_start(w, 4);
	struct str t4 = { w.p + s4, w.len - s4 };
	if (str_eq(t4, "вики") || str_eq(t4, "Вики"))
		return w;
	size_t s2 = tail_start(w, 2);
	if (str_eq((struct str){ w.p + s2, w.len - s2 }, "ї\xEF\x80\x91"))
		return join3(a, (struct str){ w.p, s2 }, "їѩ", "");
	return w;
}

/* LanguageHy: the genitive of a word without Latin letters. */
static struct str grammar_hy(struct arena *a, struct str w, struct str gcase)
{
	if (has_latin(w) || !str_eq(gcase, "genitive"))
		return w;
	struct str last = last_char(w);
	struct str stem = { w.p, w.len - last.len };
	if (str_eq(last, "ա"))
		return join3(a, stem, "այի", "");
	if (str_eq(last, "ո"))
		return join3(a, stem, "ոյի", "");
	size_t s4 = tail_start(w, 4);
	if (str_eq((struct str){ w.p + s4, w.len - s4 }, "գիրք"))
		return join3(a, (struct str){ w.p, s4 }, "գրքի", "");
	return join3(a, w, "ի", "");
}

/* One ending LanguageLa rewrites: a word ending in `from` ends in `to`. */
struct la_rule {
	const char *gcase; /* genitive, accusative or ablative */
	const char *from;  /* the ending (the pattern /u[ms]$/ is two rules) */
	const char *to;    /* its replacement */
	int step;          /* the pattern's place: its replacements run in this order, one after another */
};

static const struct la_rule la_rules[] = {
	{ "genitive", "um", "i", 0 },         { "genitive", "us", "i", 0 },
	{ "genitive", "ommunia", "ommunium", 1 }, { "genitive", "a", "ae", 2 },
	{ "genitive", "libri", "librorum", 3 }, { "genitive", "nuntii", "nuntiorum", 4 },
	{ "genitive", "datae", "datorum", 5 }, { "genitive", "tio", "tionis", 6 },
	{ "genitive", "ns", "ntis", 7 },       { "genitive", "as", "atis", 8 },
	{ "genitive", "es", "ei", 9 },
	{ "accusative", "um", "um", 0 },       { "accusative", "us", "um", 0 },
	{ "accusative", "a", "am", 1 },        { "accusative", "ommuniam", "ommunia", 2 },
	{ "accusative", "libri", "libros", 3 }, { "accusative", "nuntii", "nuntios", 4 },
	{ "accusative", "datam", "data", 5 },  { "accusative", "tio", "tionem", 6 },
	{ "accusative", "ns", "ntem", 7 },     { "accusative", "as", "atem", 8 },
	{ "accusative", "es", "em", 9 },
	{ "ablative", "um", "o", 0 },          { "ablative", "us", "o", 0 },
	{ "ablative", "ommunia", "ommunibus", 1 }, { "ablative", "a", "a", 2 },
	{ "ablative", "libri", "libris", 3 },  { "ablative", "nuntii", "nuntiis", 4 },
	{ "ablative", "data", "datis", 5 },    { "ablative", "tio", "tione", 6 },
	{ "ablative", "ns", "nte", 7 },        { "ablative", "as", "ate", 8 },
	{ "ablative", "es", "e", 9 },
};

/*
 * LanguageLa: preg_replace() with a list of patterns applies each to what
 * the one before left, so "communia" in the accusative becomes
 * "communiam" and then "communia" again.
 */
static struct str grammar_la(struct arena *a, struct str w, struct str gcase)
{
	int done = -1; /* the last step applied: "um" and "us" are one pattern */
	for (size_t i = 0; i < ARRAY_SIZE(la_rules); i++) {
		const struct la_rule *r = &la_rules[i];
		if (!str_eq(gcase, r->gcase) || r->step == done || !ends_with(w, r->from))
			continue;
		w = join3(a, (struct str){ w.p, w.len - strlen(r->from) }, r->to, "");
		done = r->step;
	}
	return w;
}

/* LanguageOs: Ossetian case endings with a 'й' between vowels and a hyphen after foreign letters. */
static struct str grammar_os(struct arena *a, struct str w, struct str gcase)
{
	static const char *const vowels[] = { "а", "æ", "е", "ё", "и", "о", "ы", "э", "ю", "я", NULL };
	/* the pattern's consonant class, 'о' included (a vowel, caught before) */
	static const char *const consonants[] = { "б", "в", "г", "д", "ж", "з", "й", "к", "л", "м", "н", "о",
						  "п", "р", "с", "т", "ф", "х", "ц", "ч", "ш", "щ", "ь", "ъ", NULL };
	const char *allative = "мæ", *jot = "", *hyphen = "";
	struct str last = last_char(w);
	if (ends_with(w, "тæ")) {
		/* a plural: its last letter goes (mb_substr( $word, 0, -1 )) */
		w.len -= last.len;
		allative = "æм";
	} else if (char_in(last, vowels)) {
		jot = "й";
	} else if (str_eq(last, "у")) {
		/* 'у' is a vowel after a consonant: mb_substr( $word, -2, 1 ), the word itself when one letter long */
		size_t s = tail_start(w, 2);
		struct str before = w.len - s > last.len ? (struct str){ w.p + s, w.len - s - last.len } : last;
		if (!char_in(before, vowels))
			jot = "й";
	} else if (!char_in(last, consonants)) {
		hyphen = "-";
	}
	const char *ending = "";
	const char *mid = "";
	if (str_eq(gcase, "genitive"))
		mid = jot, ending = "ы";
	else if (str_eq(gcase, "dative"))
		mid = jot, ending = "æн";
	else if (str_eq(gcase, "allative"))
		ending = allative;
	else if (str_eq(gcase, "ablative"))
		mid = jot, ending = *jot ? "æ" : "æй";
	else if (str_eq(gcase, "superessive"))
		mid = jot, ending = "ыл";
	else if (str_eq(gcase, "equative"))
		mid = jot, ending = "ау";
	else if (str_eq(gcase, "comitative"))
		ending = "имæ";
	if (!*ending)
		return (struct str){ arena_strndup(a, w.p, w.len), w.len };
	struct str h = join3(a, w, hyphen, mid);
	return join3(a, h, ending, "");
}

/* LanguageTyv: the ending follows the last letter and the last vowel (front or back, round or not). */
static struct str grammar_tyv(struct arena *a, struct str w, struct str gcase)
{
	static const char *const front[] = { "е", "и", "э", "ө", "ү", NULL };
	static const char *const back[] = { "а", "ё", "о", "у", "ы", "ю", "я", NULL };
	static const char *const unround_front[] = { "е", "и", "э", NULL };
	static const char *const round_front[] = { "ө", "ү", NULL };
	static const char *const unround_back[] = { "а", "ы", "я", NULL };
	static const char *const round_back[] = { "ё", "о", "у", "ю", NULL };
	static const char *const unvoiced[] = { "т", "п", "с", "ш", "к", "ч", "х", NULL };
	static const char *const dir_unvoiced[] = { "т", "п", "с", "ш", "к", "ч", "х", "л", "м", "н", "ң", NULL };
	static const char *const dir_voiced[] = { "д", "б", "з", "ж", "г", "р", "й", NULL };
	if (!w.len)
		return w;
	struct str end = last_char(w);
	struct str vowel = { "", 0 }; /* the last vowel, "" when there is none */
	for (size_t i = w.len; i > 0;) {
		size_t s = tail_start((struct str){ w.p, i }, 1);
		struct str c = { w.p + s, i - s };
		if (char_in(c, front) || char_in(c, back)) {
			vowel = c;
			break;
		}
		i = s;
	}
	/*
	 * The four-way endings by the last vowel (round front, unround front,
	 * round back, unround back) and the two-way ones (front, back), each
	 * for a stem ending unvoiced, in 'л' (the four-way cases only) and
	 * otherwise.
	 */
	static const struct {
		const char *gcase;
		const char *unv[4];
		const char *l[4];
		const char *other[4];
	} four[] = {
		{ "genitive", { "түң", "тиң", "туң", "тың" }, { "дүң", "диң", "дуң", "дың" }, { "нүң", "ниң", "нуң", "ның" } },
		{ "accusative", { "тү", "ти", "ту", "ты" }, { "дү", "ди", "ду", "ды" }, { "нү", "ни", "ну", "ны" } },
		{ "directive2", { "түве", "тиве", "туве", "тыве" }, { "дүве", "диве", "дуве", "дыве" },
		  { "дүве", "диве", "дуве", "дыве" } },
	};
	static const struct {
		const char *gcase;
		const char *unv[2];
		const char *other[2];
	} two[] = {
		{ "dative", { "ке", "ка" }, { "ге", "га" } },
		{ "locative", { "те", "та" }, { "де", "да" } },
		{ "ablative", { "тен", "тан" }, { "ден", "дан" } },
	};
	bool is_unvoiced = char_in(end, unvoiced);
	for (size_t i = 0; i < ARRAY_SIZE(four); i++) {
		if (!str_eq(gcase, four[i].gcase))
			continue;
		int k = char_in(vowel, round_front) ? 0 : char_in(vowel, unround_front) ? 1
						: char_in(vowel, round_back)  ? 2
						: char_in(vowel, unround_back) ? 3 : -1;
		if (k < 0)
			return w;
		const char *const *set = is_unvoiced ? four[i].unv : str_eq(end, "л") ? four[i].l : four[i].other;
		return join3(a, w, set[k], "");
	}
	for (size_t i = 0; i < ARRAY_SIZE(two); i++) {
		if (!str_eq(gcase, two[i].gcase))
			continue;
		int k = char_in(vowel, front) ? 0 : char_in(vowel, back) ? 1 : -1;
		if (k < 0)
			return w;
		return join3(a, w, is_unvoiced ? two[i].unv[k] : two[i].other[k], "");
	}
	if (str_eq(gcase, "directive1")) {
		if (char_in(end, dir_voiced))
			return join3(a, w, "же", "");
		if (char_in(end, dir_unvoiced))
			return join3(a, w, "че", "");
	}
	return w;
}

/* A language's own convertGrammar. */
struct grammar_class {
	const char *code;                                               /* language code */
	struct str (*fn)(struct arena *a, struct str w, struct str gcase); /* NULL: prepositions (prep_cases) */
	const char *prep;                                               /* the prep_cases language */
};

/* The codes with a class of their own or through their fallbacks (LanguageFactory). */
static const struct grammar_class classes[] = {
	{ "bs", NULL, "bs" },      { "sh", NULL, "bs" },       { "sl", NULL, "sl" },      { "hsb", NULL, "hsb" },
	{ "dsb", NULL, "dsb" },    { "cu", grammar_cu, NULL }, { "ga", grammar_ga, NULL }, { "hu", grammar_hu, NULL },
	{ "hu-formal", grammar_hu, NULL }, { "hy", grammar_hy, NULL }, { "hyw", grammar_hy, NULL },
	{ "la", grammar_la, NULL }, { "os", grammar_os, NULL }, { "tyv", grammar_tyv, NULL },
};

bool wt_grammar_class(struct arena *a, const char *code, struct str word, struct str gcase, struct str *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
		const struct grammar_class *c = &classes[i];
		if (strcmp(c->code, code) != 0)
			continue;
		if (c->fn) {
			*out = c->fn(a, word, gcase);
			return true;
		}
		*out = word;
		for (size_t k = 0; k < ARRAY_SIZE(prep_cases); k++)
			if (strcmp(prep_cases[k].code, c->prep) == 0 && str_eq(gcase, prep_cases[k].gcase))
				*out = prefixed(a, prep_cases[k].prefix, word);
		return true;
	}
	return false;
}
