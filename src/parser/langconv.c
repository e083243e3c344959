/* SPDX-License-Identifier: MIT */
/*
 * langconv.c — the LanguageConverter of content languages with variants
 * (MediaWiki 1.39's LanguageConverter, ConverterRule and the per-language
 * converters). It runs once over the half-parsed HTML of a page (after
 * link holders are replaced, before nowiki markers are unstripped) and
 * over the TOC, converting text into the target variant:
 *
 *   -{ ... }- rules     flags (A T R D - H N and variant filters), two-way
 *                       "var:text;..." and one-way "from=>var:text" rules,
 *                       nested up to ten deep; A/H/- add to or remove from
 *                       the page's glossary, T sets the page title.
 *   automatic text      the glossary plus the language's own rule: Serbian
 *                       transliteration (Roman numerals kept, text already
 *                       in the target script left alone), Tajik Latin,
 *                       Pig Latin for en-x-piglatin; Chinese has no table
 *                       here (only the page's own rules convert it).
 *
 * Never converted: tags (except their title and alt attributes), entities,
 * strip markers, <code>, <pre> and <script> elements, and rules inside
 * tags. A content language without variants gets no converter at all
 * (wt_lconv_new() returns NULL), so English pages pay nothing.
 */
#include <stdio.h>
#include <strings.h>

#include "sanitizer.h"
#include "wt_int.h"
#include "wt_pf.h"

/* The most variants a language has (zh: 9). */
#define LC_MAXV 12

/* Nesting limit of -{ }- (LanguageConverter::$mMaxDepth). */
#define LC_MAX_DEPTH 10

/* Manual conversion levels (LanguageConverter::getManualLevel). */
enum lc_level {
	LC_BIDI,    /* bidirectional: two-way rules make pairs both ways */
	LC_UNIDI,   /* unidirectional: only one-way rules apply */
	LC_DISABLE, /* disable: no rule converts into this variant */
};

/* How a language translates text into a variant once the glossary is built. */
enum lc_kind {
	LC_STRTR,    /* the glossary table alone (strtr) */
	LC_SERBIAN,  /* the table, but Roman numerals kept (SrConverter::translate) */
	LC_PIGLATIN, /* words rewritten into Pig Latin (EnConverter::translate) */
	LC_UZBEK,    /* the table, "ye" and "e" after consonants first made "е" (UzConverter::translate) */
	LC_TACHELHIT, /* the table, Latin capitals lower-cased first for Tifinagh (ShiConverter::translate) */
};

/* One from => to replacement. */
struct lc_pair {
	const char *from; /* NUL-terminated */
	const char *to;   /* NUL-terminated */
};

/* A variant's fallbacks: an array or a single code, as getVariantsFallbacks() gives them. */
struct lc_fallback {
	const char *variant;          /* the variant */
	bool is_list;                 /* an array (the variant filter of a rule looks at arrays only) */
	const char *const list[9];    /* NULL-terminated fallbacks */
};

/* One language with variants. */
struct lc_lang {
	const char *code;                        /* main code */
	const char *const variants[LC_MAXV];     /* NULL-terminated, main code included */
	const struct lc_fallback *fallbacks;     /* NULL-terminated by variant */
	const char *const disable[3];            /* variants with manual level "disable" */
	const char *const unidi[3];              /* variants with manual level "unidirectional" */
	const char *code_sep;                    /* getDescCodeSeparator */
	const char *var_sep;                     /* getDescVarSeparator */
	const struct lc_pair *names;             /* variant names overriding the autonyms */
	enum lc_kind kind;                       /* translation */
	const struct lc_pair *const *tables;     /* base table per variant (index as variants), NULL: empty */
	bool guess;                              /* guessVariant as SrConverter does it */
};

/* ---- the languages ---------------------------------------------------------------- */

/* Serbian Cyrillic to Latin. */
static const struct lc_pair sr_to_latin[] = {
	{ "а", "a" }, { "б", "b" }, { "в", "v" }, { "г", "g" }, { "д", "d" }, { "ђ", "đ" }, { "е", "e" },
	{ "ж", "ž" }, { "з", "z" }, { "и", "i" }, { "ј", "j" }, { "к", "k" }, { "л", "l" }, { "љ", "lj" },
	{ "м", "m" }, { "н", "n" }, { "њ", "nj" }, { "о", "o" }, { "п", "p" }, { "р", "r" }, { "с", "s" },
	{ "т", "t" }, { "ћ", "ć" }, { "у", "u" }, { "ф", "f" }, { "х", "h" }, { "ц", "c" }, { "ч", "č" },
	{ "џ", "dž" }, { "ш", "š" },
	{ "А", "A" }, { "Б", "B" }, { "В", "V" }, { "Г", "G" }, { "Д", "D" }, { "Ђ", "Đ" }, { "Е", "E" },
	{ "Ж", "Ž" }, { "З", "Z" }, { "И", "I" }, { "Ј", "J" }, { "К", "K" }, { "Л", "L" }, { "Љ", "Lj" },
	{ "М", "M" }, { "Н", "N" }, { "Њ", "Nj" }, { "О", "O" }, { "П", "P" }, { "Р", "R" }, { "С", "S" },
	{ "Т", "T" }, { "Ћ", "Ć" }, { "У", "U" }, { "Ф", "F" }, { "Х", "H" }, { "Ц", "C" }, { "Ч", "Č" },
	{ "Џ", "Dž" }, { "Ш", "Š" },
	{ NULL, NULL },
};

/* Serbian Latin to Cyrillic; digraphs map to one letter, "!" splits a digraph that is two letters. */
static const struct lc_pair sr_to_cyrillic[] = {
	{ "a", "а" }, { "b", "б" }, { "c", "ц" }, { "č", "ч" }, { "ć", "ћ" }, { "d", "д" }, { "dž", "џ" },
	{ "đ", "ђ" }, { "e", "е" }, { "f", "ф" }, { "g", "г" }, { "h", "х" }, { "i", "и" }, { "j", "ј" },
	{ "k", "к" }, { "l", "л" }, { "lj", "љ" }, { "m", "м" }, { "n", "н" }, { "nj", "њ" }, { "o", "о" },
	{ "p", "п" }, { "r", "р" }, { "s", "с" }, { "š", "ш" }, { "t", "т" }, { "u", "у" }, { "v", "в" },
	{ "z", "з" }, { "ž", "ж" },
	{ "A", "А" }, { "B", "Б" }, { "C", "Ц" }, { "Č", "Ч" }, { "Ć", "Ћ" }, { "D", "Д" }, { "Dž", "Џ" },
	{ "Đ", "Ђ" }, { "E", "Е" }, { "F", "Ф" }, { "G", "Г" }, { "H", "Х" }, { "I", "И" }, { "J", "Ј" },
	{ "K", "К" }, { "L", "Л" }, { "LJ", "Љ" }, { "M", "М" }, { "N", "Н" }, { "NJ", "Њ" }, { "O", "О" },
	{ "P", "П" }, { "R", "Р" }, { "S", "С" }, { "Š", "Ш" }, { "T", "Т" }, { "U", "У" }, { "V", "В" },
	{ "Z", "З" }, { "Ž", "Ж" },
	{ "DŽ", "Џ" }, { "d!ž", "дж" }, { "D!ž", "Дж" }, { "D!Ž", "ДЖ" },
	{ "Lj", "Љ" }, { "l!j", "лј" }, { "L!j", "Лј" }, { "L!J", "ЛЈ" },
	{ "Nj", "Њ" }, { "n!j", "нј" }, { "N!j", "Нј" }, { "N!J", "НЈ" },
	{ NULL, NULL },
};

/* Tajik Cyrillic to Latin. */
static const struct lc_pair tg_to_latin[] = {
	{ "а", "a" }, { "б", "b" }, { "в", "v" }, { "г", "g" }, { "д", "d" }, { "е", "e" }, { "ё", "jo" },
	{ "ж", "ƶ" }, { "з", "z" }, { "ии ", "iji " }, { "и", "i" }, { "й", "j" }, { "к", "k" }, { "л", "l" },
	{ "м", "m" }, { "н", "n" }, { "о", "o" }, { "п", "p" }, { "р", "r" }, { "с", "s" }, { "т", "t" },
	{ "у", "u" }, { "ф", "f" }, { "х", "x" }, { "ч", "c" }, { "ш", "ş" }, { "ъ", "'" }, { "э", "e" },
	{ "ю", "ju" }, { "я", "ja" }, { "ғ", "ƣ" }, { "ӣ", "ī" }, { "қ", "q" }, { "ӯ", "ū" }, { "ҳ", "h" },
	{ "ҷ", "ç" }, { "ц", "ts" },
	{ "А", "A" }, { "Б", "B" }, { "В", "V" }, { "Г", "G" }, { "Д", "D" }, { "Е", "E" }, { "Ё", "Jo" },
	{ "Ж", "Ƶ" }, { "З", "Z" }, { "И", "I" }, { "Й", "J" }, { "К", "K" }, { "Л", "L" }, { "М", "M" },
	{ "Н", "N" }, { "О", "O" }, { "П", "P" }, { "Р", "R" }, { "С", "S" }, { "Т", "T" }, { "У", "U" },
	{ "Ф", "F" }, { "Х", "X" }, { "Ч", "C" }, { "Ш", "Ş" }, { "Ъ", "'" }, { "Э", "E" }, { "Ю", "Ju" },
	{ "Я", "Ja" }, { "Ғ", "Ƣ" }, { "Ӣ", "Ī" }, { "Қ", "Q" }, { "Ӯ", "Ū" }, { "Ҳ", "H" }, { "Ҷ", "Ç" },
	{ "Ц", "Ts" },
	{ NULL, NULL },
};

/* Uzbek Cyrillic to Latin. */
static const struct lc_pair uz_to_latin[] = {
	{ "а", "a" }, { "А", "A" }, { "б", "b" }, { "Б", "B" }, { "д", "d" }, { "Д", "D" }, { "е", "e" },
	{ "Е", "E" }, { "э", "e" }, { "Э", "E" }, { "в", "v" }, { "В", "V" }, { "х", "x" }, { "Х", "X" },
	{ "ғ", "gʻ" }, { "Ғ", "Gʻ" }, { "г", "g" }, { "Г", "G" }, { "ҳ", "h" }, { "Ҳ", "H" }, { "ж", "j" },
	{ "Ж", "J" }, { "з", "z" }, { "З", "Z" }, { "и", "i" }, { "И", "I" }, { "к", "k" }, { "К", "K" },
	{ "л", "l" }, { "Л", "L" }, { "м", "m" }, { "М", "M" }, { "н", "n" }, { "Н", "N" }, { "о", "o" },
	{ "О", "O" }, { "п", "p" }, { "П", "P" }, { "р", "r" }, { "Р", "R" }, { "с", "s" }, { "С", "S" },
	{ "т", "t" }, { "Т", "T" }, { "у", "u" }, { "У", "U" }, { "ф", "f" }, { "Ф", "F" }, { "ў", "oʻ" },
	{ "Ў", "Oʻ" }, { "ц", "ts" }, { "Ц", "Ts" }, { "қ", "q" }, { "Қ", "Q" }, { "ё", "yo" }, { "Ё", "Yo" },
	{ "ю", "yu" }, { "Ю", "Yu" }, { "ч", "ch" }, { "Ч", "Ch" }, { "ш", "sh" }, { "Ш", "Sh" }, { "й", "y" },
	{ "Й", "Y" }, { "я", "ya" }, { "Я", "Ya" }, { "ъ", "ʼ" },
	{ NULL, NULL },
};

/* Uzbek Latin to Cyrillic ("e" is "э" unless a consonant comes before it, see translate_uz). */
static const struct lc_pair uz_to_cyrillic[] = {
	{ "a", "а" }, { "A", "А" }, { "b", "б" }, { "B", "Б" }, { "d", "д" }, { "D", "Д" }, { "e", "э" },
	{ "E", "Э" }, { "f", "ф" }, { "F", "Ф" }, { "g", "г" }, { "G", "Г" }, { "g‘", "ғ" }, { "G‘", "Ғ" },
	{ "gʻ", "ғ" }, { "Gʻ", "Ғ" }, { "h", "ҳ" }, { "H", "Ҳ" }, { "i", "и" }, { "I", "И" }, { "k", "к" },
	{ "K", "К" }, { "l", "л" }, { "L", "Л" }, { "m", "м" }, { "M", "М" }, { "n", "н" }, { "N", "Н" },
	{ "o", "о" }, { "O", "О" }, { "p", "п" }, { "P", "П" }, { "r", "р" }, { "R", "Р" }, { "s", "с" },
	{ "S", "С" }, { "t", "т" }, { "T", "Т" }, { "u", "у" }, { "U", "У" }, { "v", "в" }, { "V", "В" },
	{ "x", "х" }, { "X", "Х" }, { "z", "з" }, { "Z", "З" }, { "j", "ж" }, { "J", "Ж" }, { "o‘", "ў" },
	{ "O‘", "Ў" }, { "oʻ", "ў" }, { "Oʻ", "Ў" }, { "yo‘", "йў" }, { "Yo‘", "Йў" }, { "yoʻ", "йў" },
	{ "Yoʻ", "Йў" }, { "ts", "ц" }, { "Ts", "Ц" }, { "q", "қ" }, { "Q", "Қ" }, { "yo", "ё" }, { "Yo", "Ё" },
	{ "yu", "ю" }, { "Yu", "Ю" }, { "ch", "ч" }, { "Ch", "Ч" }, { "sh", "ш" }, { "Sh", "Ш" }, { "y", "й" },
	{ "Y", "Й" }, { "ya", "я" }, { "Ya", "Я" }, { "ʼ", "ъ" },
	{ NULL, NULL },
};

/* Tachelhit Tifinagh to Latin. */
static const struct lc_pair shi_to_latin[] = {
	{ "ⴰ", "a" }, { "ⴱ", "b" }, { "ⴳ", "g" }, { "ⴷ", "d" }, { "ⴹ", "ḍ" }, { "ⴻ", "e" }, { "ⴼ", "f" },
	{ "ⴽ", "k" }, { "ⵀ", "h" }, { "ⵃ", "ḥ" }, { "ⵄ", "ɛ" }, { "ⵅ", "x" }, { "ⵇ", "q" }, { "ⵉ", "i" },
	{ "ⵊ", "j" }, { "ⵍ", "l" }, { "ⵎ", "m" }, { "ⵏ", "n" }, { "ⵓ", "u" }, { "ⵔ", "r" }, { "ⵕ", "ṛ" },
	{ "ⵖ", "ɣ" }, { "ⵙ", "s" }, { "ⵚ", "ṣ" }, { "ⵛ", "c" }, { "ⵜ", "t" }, { "ⵟ", "ṭ" }, { "ⵡ", "w" },
	{ "ⵢ", "y" }, { "ⵣ", "z" }, { "ⵥ", "ẓ" }, { "ⵯ", "ʷ" },
	{ NULL, NULL },
};

/* Tachelhit Latin capitals, lower-cased before the Tifinagh table. */
static const struct lc_pair shi_lowercase[] = {
	{ "A", "a" }, { "B", "b" }, { "G", "g" }, { "D", "d" }, { "Ḍ", "ḍ" }, { "E", "e" }, { "F", "f" },
	{ "K", "k" }, { "H", "h" }, { "Ḥ", "ḥ" }, { "Ɛ", "ɛ" }, { "X", "x" }, { "Q", "q" }, { "I", "i" },
	{ "J", "j" }, { "L", "l" }, { "M", "m" }, { "N", "n" }, { "U", "u" }, { "R", "r" }, { "Ṛ", "ṛ" },
	{ "Ɣ", "ɣ" }, { "S", "s" }, { "Ṣ", "ṣ" }, { "C", "c" }, { "T", "t" }, { "Ṭ", "ṭ" }, { "W", "w" },
	{ "Y", "y" }, { "Z", "z" }, { "Ẓ", "ẓ" }, { "O", "o" }, { "P", "p" }, { "V", "v" },
	{ NULL, NULL },
};

/* Tachelhit Latin to Tifinagh. */
static const struct lc_pair shi_to_tifinagh[] = {
	{ "a", "ⴰ" }, { "b", "ⴱ" }, { "g", "ⴳ" }, { "d", "ⴷ" }, { "ḍ", "ⴹ" }, { "e", "ⴻ" }, { "f", "ⴼ" },
	{ "k", "ⴽ" }, { "h", "ⵀ" }, { "ḥ", "ⵃ" }, { "ɛ", "ⵄ" }, { "x", "ⵅ" }, { "q", "ⵇ" }, { "i", "ⵉ" },
	{ "j", "ⵊ" }, { "l", "ⵍ" }, { "m", "ⵎ" }, { "n", "ⵏ" }, { "u", "ⵓ" }, { "r", "ⵔ" }, { "ṛ", "ⵕ" },
	{ "ɣ", "ⵖ" }, { "s", "ⵙ" }, { "ṣ", "ⵚ" }, { "c", "ⵛ" }, { "t", "ⵜ" }, { "ṭ", "ⵟ" }, { "w", "ⵡ" },
	{ "y", "ⵢ" }, { "z", "ⵣ" }, { "ẓ", "ⵥ" }, { "ʷ", "ⵯ" }, { "o", "ⵓ" }, { "p", "ⴱ" }, { "v", "ⴼ" },
	{ NULL, NULL },
};

/* Kurdish Arabic script to Latin (U+200C: zero-width non-joiner). */
static const struct lc_pair ku_to_latin[] = {
	{ "ب", "b" }, { "ج", "c" }, { "چ", "ç" }, { "د", "d" }, { "ف", "f" }, { "گ", "g" }, { "ھ", "h" },
	{ "ہ", "h" }, { "ه", "h" }, { "ح", "h" }, { "ژ", "j" }, { "ك", "k" }, { "ک", "k" }, { "ل", "l" },
	{ "م", "m" }, { "ن", "n" }, { "پ", "p" }, { "ق", "q" }, { "ر", "r" }, { "س", "s" }, { "ش", "ş" },
	{ "ت", "t" }, { "ڤ", "v" }, { "خ", "x" }, { "غ", "x" }, { "ز", "z" }, { "ڵ", "ll" },
	{ "ڕ", "rr" }, { "ا", "a" }, { "ە", "e" }, { "ه\u200c", "e" }, { "ه\u200c\u200c", "e" },
	{ "ة", "e" }, { "ێ", "ê" }, { "ي", "î" }, { "ی", "î" }, { "ى", "î" }, { "ۆ", "o" }, { "و", "w" },
	{ "ئ", "" }, { "،", "," }, { "ع", "'" }, { "؟", "?" }, { "٠", "0" }, { "١", "1" }, { "٢", "2" },
	{ "٣", "3" }, { "٤", "4" }, { "٥", "5" }, { "٦", "6" }, { "٧", "7" }, { "٨", "8" }, { "٩", "9" },
	{ NULL, NULL },
};

/* Kurdish Latin to Arabic script, a leading vowel written with hamza. */
static const struct lc_pair ku_to_arabic[] = {
	{ "b", "ب" }, { "c", "ج" }, { "ç", "چ" }, { "d", "د" }, { "f", "ف" }, { "g", "گ" }, { "h", "ه" },
	{ "j", "ژ" }, { "k", "ک" }, { "l", "ل" }, { "m", "م" }, { "n", "ن" }, { "p", "پ" }, { "q", "ق" },
	{ "r", "ر" }, { "s", "س" }, { "ş", "ش" }, { "t", "ت" }, { "v", "ڤ" }, { "x", "خ" }, { "y", "ی" },
	{ "z", "ز" }, { "B", "ب" }, { "C", "ج" }, { "Ç", "چ" }, { "D", "د" }, { "F", "ف" }, { "G", "گ" },
	{ "H", "ح" }, { "J", "ژ" }, { "K", "ک" }, { "L", "ل" }, { "M", "م" }, { "N", "ن" }, { "P", "پ" },
	{ "Q", "ق" }, { "R", "ر" }, { "S", "س" }, { "Ş", "ش" }, { "T", "ت" }, { "V", "ڤ" }, { "W", "و" },
	{ "X", "خ" }, { "Y", "ی" }, { "Z", "ز" }, { "a", "ا" }, { "e", "ە" }, { "ê", "ێ" }, { "i", "" },
	{ "î", "ی" }, { "o", "ۆ" }, { "u", "و" }, { "û", "وو" }, { "w", "و" }, { ",", "،" }, { "?", "؟" },
	{ " a", "ئا " }, { " e", "ئە " }, { " ê", "ئێ " }, { " î", "ئی " }, { " o", "ئۆ " },
	{ " u", "ئو " }, { " û", "ئوو " }, { "A", "ئا" }, { "E", "ئە" }, { "Ê", "ئێ" }, { "Î", "ئی" },
	{ "O", "ئۆ" }, { "U", "ئو" }, { "Û", "ئوو" }, { " A", "ئا " }, { " E", "ئە " }, { " Ê", "ئێ " },
	{ " Î", "ئی " }, { " O", "ئۆ " }, { " U", "ئو " }, { " Û", "ئوو " },
	{ NULL, NULL },
};

static const struct lc_pair *const sr_tables[] = { NULL, sr_to_cyrillic, sr_to_latin };
static const struct lc_pair *const tg_tables[] = { NULL, tg_to_latin };
static const struct lc_pair *const ku_tables[] = { NULL, ku_to_arabic, ku_to_latin };
static const struct lc_pair *const uz_tables[] = { NULL, uz_to_latin, uz_to_cyrillic };
static const struct lc_pair *const shi_tables[] = { NULL, shi_to_tifinagh, shi_to_latin };

static const struct lc_fallback zh_fallbacks[] = {
	{ "zh", true, { "zh-hans", "zh-hant", "zh-cn", "zh-tw", "zh-hk", "zh-sg", "zh-mo", "zh-my", NULL } },
	{ "zh-hans", true, { "zh-cn", "zh-sg", "zh-my", NULL } },
	{ "zh-hant", true, { "zh-tw", "zh-hk", "zh-mo", NULL } },
	{ "zh-cn", true, { "zh-hans", "zh-sg", "zh-my", NULL } },
	{ "zh-sg", true, { "zh-my", "zh-hans", "zh-cn", NULL } },
	{ "zh-my", true, { "zh-sg", "zh-hans", "zh-cn", NULL } },
	{ "zh-tw", true, { "zh-hant", "zh-hk", "zh-mo", NULL } },
	{ "zh-hk", true, { "zh-mo", "zh-hant", "zh-tw", NULL } },
	{ "zh-mo", true, { "zh-hk", "zh-hant", "zh-tw", NULL } },
	{ NULL, false, { NULL } },
};

static const struct lc_fallback gan_fallbacks[] = {
	{ "gan", true, { "gan-hans", "gan-hant", NULL } },
	{ "gan-hans", true, { "gan", NULL } },
	{ "gan-hant", true, { "gan", NULL } },
	{ NULL, false, { NULL } },
};

/* Serbian's fallbacks are single codes (strings in SrConverter). */
static const struct lc_fallback sr_fallbacks[] = {
	{ "sr", false, { "sr-ec", NULL } },
	{ "sr-ec", false, { "sr", NULL } },
	{ "sr-el", false, { "sr", NULL } },
	{ NULL, false, { NULL } },
};

static const struct lc_fallback ku_fallbacks[] = {
	{ "ku", false, { "ku-latn", NULL } },
	{ "ku-arab", false, { "ku-latn", NULL } },
	{ "ku-latn", false, { "ku-arab", NULL } },
	{ NULL, false, { NULL } },
};

static const struct lc_fallback uz_fallbacks[] = {
	{ "uz", false, { "uz-latn", NULL } },
	{ "uz-cyrl", false, { "uz", NULL } },
	{ "uz-latn", false, { "uz", NULL } },
	{ NULL, false, { NULL } },
};

static const struct lc_fallback shi_fallbacks[] = {
	{ "shi", true, { "shi-latn", "shi-tfng", NULL } },
	{ "shi-tfng", false, { "shi", NULL } },
	{ "shi-latn", false, { "shi", NULL } },
	{ NULL, false, { NULL } },
};

static const struct lc_fallback no_fallbacks[] = { { NULL, false, { NULL } } };

static const struct lc_pair zh_names[] = {
	{ "zh", "原文" }, { "zh-hans", "简体" }, { "zh-hant", "繁體" }, { "zh-cn", "大陆" }, { "zh-tw", "臺灣" },
	{ "zh-hk", "香港" }, { "zh-mo", "澳門" }, { "zh-sg", "新加坡" }, { "zh-my", "大马" }, { NULL, NULL },
};

static const struct lc_pair gan_names[] = {
	{ "gan", "原文" }, { "gan-hans", "简体" }, { "gan-hant", "繁體" }, { NULL, NULL },
};

static const struct lc_lang languages[] = {
	{ "zh",
	  { "zh", "zh-hans", "zh-hant", "zh-cn", "zh-hk", "zh-mo", "zh-my", "zh-sg", "zh-tw", NULL },
	  zh_fallbacks, { "zh", NULL }, { "zh-hans", "zh-hant", NULL }, "：", "；", zh_names, LC_STRTR, NULL,
	  false },
	{ "sr", { "sr", "sr-ec", "sr-el", NULL }, sr_fallbacks, { NULL }, { NULL }, ":", ";", NULL, LC_SERBIAN,
	  sr_tables, true },
	{ "en", { "en", "en-x-piglatin", NULL }, no_fallbacks, { NULL }, { NULL }, ":", ";", NULL, LC_PIGLATIN,
	  NULL, false },
	{ "gan", { "gan", "gan-hans", "gan-hant", NULL }, gan_fallbacks, { "gan", NULL }, { NULL }, ": ", "; ",
	  gan_names, LC_STRTR, NULL, false },
	{ "tg", { "tg", "tg-latn", NULL }, no_fallbacks, { NULL }, { NULL }, ":", ";", NULL, LC_STRTR, tg_tables,
	  false },
	{ "ku", { "ku", "ku-arab", "ku-latn", NULL }, ku_fallbacks, { NULL }, { NULL }, ":", ";", NULL, LC_STRTR,
	  ku_tables, false },
	{ "uz", { "uz", "uz-latn", "uz-cyrl", NULL }, uz_fallbacks, { NULL }, { NULL }, ":", ";", NULL, LC_UZBEK,
	  uz_tables, false },
	{ "shi", { "shi", "shi-tfng", "shi-latn", NULL }, shi_fallbacks, { NULL }, { NULL }, ":", ";", NULL,
	  LC_TACHELHIT, shi_tables, false },
};

/* ---- the glossary: one replacement table per variant ---------------------------- */

/*
 * A replacement table (ReplacementArray): keys unique, strtr semantics.
 * Pairs are kept in insertion order; a removed pair keeps its slot with
 * `to` NULL. Keys are found through an open-addressing hash, and a match
 * at a position tries each distinct key length once (longest first), so
 * neither many rules nor long text make the work quadratic.
 */
struct lc_table {
	struct lc_pair *v;    /* pairs; to == NULL: removed */
	size_t *flen;         /* byte length of each key */
	size_t n;             /* pairs used */
	size_t cap;           /* pairs allocated */
	uint32_t *slots;      /* hash slots: pair index + 1, 0 empty */
	size_t nslots;        /* slots (a power of two, at most half full) */
	size_t *lens;         /* the distinct key lengths, longest first */
	size_t n_lens;        /* entries of lens */
	size_t cap_lens;      /* allocated */
	size_t live;          /* pairs whose to is not NULL */
	uint8_t first[32];    /* bitmap of the keys' first bytes */
};

static uint32_t key_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* The index of key s[0..n) in t, or -1. */
static long table_find(const struct lc_table *t, const char *s, size_t n)
{
	if (!t->nslots)
		return -1;
	size_t mask = t->nslots - 1;
	for (size_t k = key_hash(s, n) & mask;; k = (k + 1) & mask) {
		uint32_t e = t->slots[k];
		if (!e)
			return -1;
		size_t i = e - 1;
		if (t->flen[i] == n && memcmp(t->v[i].from, s, n) == 0)
			return (long)i;
	}
}

static void table_rehash(struct arena *a, struct lc_table *t, size_t nslots)
{
	t->slots = arena_calloc(a, nslots, sizeof(*t->slots));
	t->nslots = nslots;
	for (size_t i = 0; i < t->n; i++)
		for (size_t k = key_hash(t->v[i].from, t->flen[i]) & (nslots - 1);; k = (k + 1) & (nslots - 1))
			if (!t->slots[k]) {
				t->slots[k] = (uint32_t)(i + 1);
				break;
			}
}

/* The converter's state for one parse. */
struct wt_lconv {
	const struct lc_lang *lang;        /* the content language */
	int nv;                            /* number of variants */
	int variant;                       /* index of the target variant */
	struct lc_table tables[LC_MAXV];   /* the glossary per variant */
	const char *rule_title;            /* the title a T rule gave (mConvRuleTitle), NULL: none */
};

static void table_set(struct arena *a, struct lc_table *t, const char *from, const char *to)
{
	size_t fl = strlen(from);
	if (!fl)
		return;
	long at = table_find(t, from, fl);
	if (at >= 0) {
		if (!t->v[at].to)
			t->live++;
		t->v[at].to = to;
		return;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct lc_pair *v = arena_alloc(a, cap * sizeof(*v));
		size_t *l = arena_alloc(a, cap * sizeof(*l));
		if (t->n) {
			memcpy(v, t->v, t->n * sizeof(*v));
			memcpy(l, t->flen, t->n * sizeof(*l));
		}
		t->v = v;
		t->flen = l;
		t->cap = cap;
	}
	t->v[t->n].from = from;
	t->v[t->n].to = to;
	t->flen[t->n] = fl;
	t->n++;
	t->live++;
	if (t->n * 2 > t->nslots)
		table_rehash(a, t, t->nslots ? t->nslots * 2 : 32);
	else
		for (size_t k = key_hash(from, fl) & (t->nslots - 1);; k = (k + 1) & (t->nslots - 1))
			if (!t->slots[k]) {
				t->slots[k] = (uint32_t)t->n;
				break;
			}
	unsigned char c = (unsigned char)from[0];
	t->first[c >> 3] |= (uint8_t)(1u << (c & 7));
	size_t j = 0;
	while (j < t->n_lens && t->lens[j] > fl)
		j++;
	if (j < t->n_lens && t->lens[j] == fl)
		return;
	if (t->n_lens == t->cap_lens) {
		size_t cap = t->cap_lens ? t->cap_lens * 2 : 8;
		size_t *l = arena_alloc(a, cap * sizeof(*l));
		if (t->n_lens)
			memcpy(l, t->lens, t->n_lens * sizeof(*l));
		t->lens = l;
		t->cap_lens = cap;
	}
	memmove(t->lens + j + 1, t->lens + j, (t->n_lens - j) * sizeof(*t->lens));
	t->lens[j] = fl;
	t->n_lens++;
}

static void table_remove(struct lc_table *t, const char *from)
{
	long at = table_find(t, from, strlen(from));
	if (at >= 0 && t->v[at].to) {
		t->v[at].to = NULL;
		t->live--;
	}
}

/* strtr($text, $table): at each position the longest key wins; replaced text is not looked at again. */
static void table_replace(struct wt_buf *b, const struct lc_table *t, const char *s, size_t n)
{
	if (!t->live) {
		wt_buf_add(b, s, n);
		return;
	}
	size_t i = 0, lit = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (!(t->first[c >> 3] & (1u << (c & 7)))) {
			i++;
			continue;
		}
		long best = -1;
		for (size_t k = 0; k < t->n_lens && best < 0; k++) {
			size_t l = t->lens[k];
			if (l > n - i)
				continue;
			long at = table_find(t, s + i, l);
			if (at >= 0 && t->v[at].to)
				best = at;
		}
		if (best < 0) {
			i++;
			continue;
		}
		wt_buf_add(b, s + lit, i - lit);
		wt_buf_adds(b, t->v[best].to);
		i += t->flen[best];
		lit = i;
	}
	wt_buf_add(b, s + lit, n - lit);
}

/* ---- variants ------------------------------------------------------------------------- */

static const struct lc_lang *find_lang(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(languages); i++)
		if (strcmp(languages[i].code, code) == 0)
			return &languages[i];
	return NULL;
}

static int variant_index(const struct lc_lang *l, const char *v, size_t n)
{
	for (int i = 0; l->variants[i]; i++)
		if (strlen(l->variants[i]) == n && memcmp(l->variants[i], v, n) == 0)
			return i;
	return -1;
}

/* LanguageCode::bcp47() of a variant, in `a`. */
static const char *bcp47_of(struct arena *a, const char *v)
{
	struct sbuf sb;
	sbuf_init(&sb, 256);
	wt_bcp47(&sb, str_c(v));
	char *r = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return r;
}

/*
 * LanguageConverter::validateVariant(): the variant a code names, matched
 * without regard to case, deprecated codes and BCP 47 forms accepted; -1
 * when it names none.
 */
static int validate_variant(struct arena *a, const struct lc_lang *l, const char *v, size_t n)
{
	static const char *const deprecated[][2] = {
		{ "als", "gsw" }, { "bat-smg", "sgs" }, { "be-x-old", "be-tarask" }, { "fiu-vro", "vro" },
		{ "roa-rup", "rup" }, { "zh-classical", "lzh" }, { "zh-min-nan", "nan" }, { "zh-yue", "yue" },
	};
	if (n == 0 || n > 64)
		return -1;
	char lc[65];
	for (size_t i = 0; i < n; i++)
		lc[i] = (char)((v[i] >= 'A' && v[i] <= 'Z') ? v[i] + 32 : v[i]);
	lc[n] = '\0';
	const char *c = lc;
	for (size_t i = 0; i < ARRAY_SIZE(deprecated); i++)
		if (strcmp(deprecated[i][0], c) == 0)
			c = deprecated[i][1];
	int k = variant_index(l, c, strlen(c));
	if (k >= 0)
		return k;
	for (int i = 0; l->variants[i]; i++)
		if (strcasecmp(bcp47_of(a, l->variants[i]), c) == 0)
			return i;
	return -1;
}

static enum lc_level manual_level(const struct lc_lang *l, int v)
{
	const char *name = l->variants[v];
	for (int i = 0; l->disable[i]; i++)
		if (strcmp(l->disable[i], name) == 0)
			return LC_DISABLE;
	for (int i = 0; l->unidi[i]; i++)
		if (strcmp(l->unidi[i], name) == 0)
			return LC_UNIDI;
	return LC_BIDI;
}

/*
 * getVariantFallbacks(): the variants to try after `v`, as indexes into
 * out[] (-1 ends). *is_list tells an array from the single-code form.
 */
static int fallbacks(const struct lc_lang *l, int v, int out[LC_MAXV], bool *is_list)
{
	int n = 0;
	*is_list = false;
	for (const struct lc_fallback *f = l->fallbacks; f->variant; f++) {
		if (strcmp(f->variant, l->variants[v]) != 0)
			continue;
		*is_list = f->is_list;
		for (int i = 0; f->list[i] && n < LC_MAXV; i++) {
			int k = variant_index(l, f->list[i], strlen(f->list[i]));
			if (k >= 0)
				out[n++] = k;
		}
		return n;
	}
	out[n++] = 0; /* the main code */
	return n;
}

/* The display name of a variant or language code (getVariantNames), NULL when it has none. */
static const char *variant_name(const struct lc_lang *l, const char *code)
{
	for (const struct lc_pair *p = l->names; p && p->from; p++)
		if (strcmp(p->from, code) == 0)
			return p->to;
	if (strcmp(code, "en-x-piglatin") == 0)
		return "Igpay Atinlay";
	return wt_language_autonym(code);
}

/* ---- translation ----------------------------------------------------------------------- */

/* PCRE's \w without UTF mode, and the bytes SrConverter counts as word bytes. */
static bool sr_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static bool is_roman_letter(char c)
{
	return c && strchr("MDCLXVI", c) != NULL;
}

/* One digit of a Roman numeral from s[*i]: the subtractive pair (one+five, one+ten) or five? one{0,3}. */
static void roman_digit(const char *s, size_t n, size_t *i, char one, char five, char ten)
{
	size_t j = *i;
	if (j + 1 < n && s[j] == one && (s[j + 1] == five || s[j + 1] == ten)) {
		*i = j + 2;
		return;
	}
	if (j < n && s[j] == five)
		j++;
	for (int k = 0; k < 3 && j < n && s[j] == one; k++)
		j++;
	*i = j;
}

/* Is s[0..n) a whole Roman numeral (M{0,4}(C[DM]|D?C{0,3})(X[LC]|L?X{0,3})(I[VX]|V?I{0,3}))? */
static bool roman_whole(const char *s, size_t n)
{
	if (n == 0)
		return false;
	size_t i = 0;
	for (int k = 0; k < 4 && i < n && s[i] == 'M'; k++)
		i++;
	/*
	 * Each digit's two forms: the subtractive pair or five-plus-ones. The
	 * subtractive pair can only be wrong when the rest fails, and then the
	 * other form would leave a five or ten letter unmatched, so trying the
	 * pair first and requiring the end decides it.
	 */
	roman_digit(s, n, &i, 'C', 'D', 'M');
	roman_digit(s, n, &i, 'X', 'L', 'C');
	roman_digit(s, n, &i, 'I', 'V', 'X');
	return i == n;
}

/*
 * SrConverter::translate(): Roman numerals standing alone (between
 * non-word bytes or the text's ends, the separators taken with them) are
 * kept; everything else goes through the table.
 */
static void translate_sr(struct wt_buf *b, const struct lc_table *t, const char *s, size_t n)
{
	size_t seg = 0, i = 0;
	while (i < n) {
		/* A numeral at the start, or after a separator byte. */
		bool lead = i > 0 || !is_roman_letter(s[0]);
		if (lead && (sr_word((unsigned char)s[i]) || i + 1 >= n || !is_roman_letter(s[i + 1]))) {
			i++;
			continue;
		}
		size_t r = i + lead, e = r;
		while (e < n && is_roman_letter(s[e]))
			e++;
		bool at_end = e == n || (e + 1 == n && s[e] == '\n');
		if (!roman_whole(s + r, e - r) || (!at_end && sr_word((unsigned char)s[e]))) {
			i++;
			continue;
		}
		size_t mend = at_end ? e : e + 1;
		table_replace(b, t, s + seg, i - seg);
		wt_buf_add(b, s + i, mend - i);
		seg = i = mend;
	}
	table_replace(b, t, s + seg, n - seg);
}

static bool is_vowel(char c)
{
	return c && strchr("aeiouAEIOU", c) != NULL;
}

/* EnConverter::translate(): each word of [A-Za-z][a-z']+ in Pig Latin. */
static void translate_piglatin(struct wt_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		char c = s[i];
		bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
		size_t j = i + 1;
		while (letter && j < n && ((s[j] >= 'a' && s[j] <= 'z') || s[j] == '\''))
			j++;
		if (!letter || j - i < 2) {
			wt_buf_addc(b, c);
			i++;
			continue;
		}
		const char *w = s + i;
		size_t wl = j - i;
		if (is_vowel(w[0])) {
			wt_buf_add(b, w, wl);
			wt_buf_adds(b, "way");
		} else {
			/* The onset: "squ", "qu", or consonants up to a vowel or 'y'. */
			size_t k;
			if (wl >= 3 && (w[0] == 's' || w[0] == 'S') && (w[1] == 'q' || w[1] == 'Q') &&
			    (w[2] == 'u' || w[2] == 'U'))
				k = 3;
			else if (wl >= 2 && (w[0] == 'q' || w[0] == 'Q') && (w[1] == 'u' || w[1] == 'U'))
				k = 2;
			else {
				k = 1;
				while (k < wl && !is_vowel(w[k]) && w[k] != 'y' && w[k] != 'Y')
					k++;
			}
			bool upper = !(w[0] >= 'a' && w[0] <= 'z');
			if (upper && k < wl) {
				char f = w[k];
				wt_buf_addc(b, (char)(f >= 'a' && f <= 'z' ? f - 32 : f));
				wt_buf_add(b, w + k + 1, wl - k - 1);
				wt_buf_addc(b, (char)(w[0] >= 'A' && w[0] <= 'Z' ? w[0] + 32 : w[0]));
				wt_buf_add(b, w + 1, k - 1);
			} else {
				wt_buf_add(b, w + k, wl - k);
				if (upper)
					wt_buf_addc(b, (char)(w[0] >= 'A' && w[0] <= 'Z' ? w[0] + 32 : w[0]));
				else
					wt_buf_addc(b, w[0]);
				wt_buf_add(b, w + 1, k - 1);
			}
			wt_buf_adds(b, "ay");
		}
		i = j;
	}
}

/* Is the UTF-8 character at s[i] one of `set` (a string of characters)? Its length goes to *len. */
static bool char_in(const char *s, size_t n, size_t i, const char *set, size_t *len)
{
	size_t l = 1;
	unsigned char c = (unsigned char)s[i];
	if (c >= 0xc0)
		while (i + l < n && ((unsigned char)s[i + l] & 0xc0) == 0x80)
			l++;
	*len = l;
	for (const char *p = set; *p;) {
		size_t pl = 1;
		if ((unsigned char)*p >= 0xc0)
			while (((unsigned char)p[pl] & 0xc0) == 0x80)
				pl++;
		if (pl == l && memcmp(p, s + i, l) == 0)
			return true;
		p += pl;
	}
	return false;
}

/*
 * UzConverter::translate(): into Cyrillic, "ye" (any case of the first
 * letter as MediaWiki lists them) is "е", and so is "e" after a consonant;
 * then the table, which makes every other "e" an "э".
 */
static void translate_uz(struct wt_lconv *lc, struct wt_buf *b, int v, const char *s, size_t n)
{
	if (strcmp(lc->lang->variants[v], "uz-cyrl") != 0) {
		table_replace(b, &lc->tables[v], s, n);
		return;
	}
	static const char upper[] = "BVGDJZYKLMNPRSTFXCWQʻ‘H";
	static const char any[] = "bvgdjzyklmnprstfxcwqʻ‘hBVGDJZYKLMNPRSTFXCWQH";
	struct wt_buf t;
	wt_buf_init(&t, b->a, n + 16);
	/* str_replace of "ye", "Ye", "YE" with Cyrillic "е"/"Е". */
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && s[i] == 'y' && s[i + 1] == 'e') {
			wt_buf_adds(&t, "е");
			i++;
		} else if (i + 1 < n && s[i] == 'Y' && (s[i + 1] == 'e' || s[i + 1] == 'E')) {
			wt_buf_adds(&t, "Е");
			i++;
		} else {
			wt_buf_addc(&t, s[i]);
		}
	}
	/* ([upper consonants])E -> $1Е, then ([consonants])e, either case, -> $1е. */
	for (int pass = 0; pass < 2; pass++) {
		struct wt_buf u;
		wt_buf_init(&u, b->a, t.len + 16);
		const char *p = t.p ? t.p : "";
		size_t m = t.len;
		for (size_t i = 0; i < m;) {
			size_t l;
			if (char_in(p, m, i, pass ? any : upper, &l) && i + l < m &&
			    (pass ? (p[i + l] == 'e' || p[i + l] == 'E') : p[i + l] == 'E')) {
				wt_buf_add(&u, p + i, l);
				wt_buf_adds(&u, pass ? "е" : "Е");
				i += l + 1;
				continue;
			}
			wt_buf_add(&u, p + i, l);
			i += l;
		}
		t = u;
	}
	table_replace(b, &lc->tables[v], t.p ? t.p : "", t.len);
}

/* ShiConverter::translate(): into Tifinagh, Latin capitals are lower-cased first. */
static void translate_shi(struct wt_lconv *lc, struct wt_buf *b, int v, const char *s, size_t n)
{
	if (strcmp(lc->lang->variants[v], "shi-tfng") != 0) {
		table_replace(b, &lc->tables[v], s, n);
		return;
	}
	struct lc_table lower = { 0 };
	for (const struct lc_pair *p = shi_lowercase; p->from; p++)
		table_set(b->a, &lower, p->from, p->to);
	struct wt_buf t;
	wt_buf_init(&t, b->a, n + 16);
	table_replace(&t, &lower, s, n);
	table_replace(b, &lc->tables[v], t.p ? t.p : "", t.len);
}

/* PHP's trim() leaves something. */
static bool has_non_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\n\r\v", s[i]) && s[i] != '\0')
			return true;
	return false;
}

/* LanguageConverter::translate() into variant `v`. */
static void translate(struct wt_lconv *lc, struct wt_buf *b, int v, const char *s, size_t n)
{
	if (!has_non_blank(s, n)) {
		wt_buf_add(b, s, n);
		return;
	}
	switch (lc->lang->kind) {
	case LC_PIGLATIN:
		if (strcmp(lc->lang->variants[v], "en-x-piglatin") == 0)
			translate_piglatin(b, s, n);
		else
			wt_buf_add(b, s, n);
		break;
	case LC_SERBIAN:
		translate_sr(b, &lc->tables[v], s, n);
		break;
	case LC_STRTR:
		table_replace(b, &lc->tables[v], s, n);
		break;
	case LC_UZBEK:
		translate_uz(lc, b, v, s, n);
		break;
	case LC_TACHELHIT:
		translate_shi(lc, b, v, s, n);
		break;
	}
}

/* Count of the UTF-8 letters of `set` in s[0..n). */
static int count_letters(const char *s, size_t n, const char *const *set)
{
	int c = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if ((unsigned char)s[i] < 0xc0)
			continue;
		for (int k = 0; set[k]; k++)
			if (memcmp(s + i, set[k], 2) == 0) {
				c++;
				break;
			}
	}
	return c;
}

/* SrConverter::guessVariant(): is the text already in the target script? */
static bool guess_variant(const struct wt_lconv *lc, int v, const char *s, size_t n)
{
	static const char *const cyr[] = { "ш", "ђ", "ч", "ћ", "ж", "Ш", "Ђ", "Ч", "Ћ", "Ж", NULL };
	static const char *const lat[] = { "š", "đ", "č", "ć", "ž", "Š", "Đ", "Č", "Ć", "Ž", NULL };
	if (!lc->lang->guess)
		return false;
	const char *name = lc->lang->variants[v];
	if (strcmp(name, "sr-ec") != 0 && strcmp(name, "sr-el") != 0)
		return false;
	int nc = count_letters(s, n, cyr), nl = count_letters(s, n, lat);
	return strcmp(name, "sr-ec") == 0 ? nc > nl : nl > nc;
}

/* ---- the guard: what automatic conversion leaves alone ----------------------------------- */

static bool pcre_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * A tag from s[0] == '<': the end of "<name attr=value ...>" with quoted
 * values skipped, or 0 when it does not close (then the guard takes the
 * rest of the text, or of the line).
 */
static size_t html_tag_end(const char *s, size_t n)
{
	size_t p = 1;
	for (;;) {
		size_t q = p;
		while (q < n && s[q] != '>' && s[q] != '=')
			q++;
		if (q < n && s[q] == '=') {
			size_t r = q + 1;
			while (r < n && pcre_ws(s[r]))
				r++;
			if (r < n && (s[r] == '"' || s[r] == '\'')) {
				const char *e = memchr(s + r + 1, s[r], n - r - 1);
				if (!e)
					return q < n && s[q] == '>' ? q + 1 : 0;
				p = (size_t)(e - s) + 1;
				continue;
			}
			while (r < n && !pcre_ws(s[r]) && s[r] != '\'' && s[r] != '"' && s[r] != '>')
				r++;
			p = r;
			continue;
		}
		return q < n ? q + 1 : 0;
	}
}

/* The end of "<name[^>]*>...</name>" from s[0] == '<' (an exact "<code>" when exact), or 0. */
static size_t element_end(const char *s, size_t n, const char *name, bool exact)
{
	size_t nl = strlen(name);
	if (n < nl + 2 || s[0] != '<' || memcmp(s + 1, name, nl) != 0)
		return 0;
	size_t p = 1 + nl;
	if (exact) {
		if (s[p] != '>')
			return 0;
	} else {
		while (p < n && s[p] != '>')
			p++;
		if (p == n)
			return 0;
	}
	char close[16];
	int cl = snprintf(close, sizeof(close), "</%s>", name);
	const char *e = util_memmem(s + p + 1, n - p - 1, close, (size_t)cl);
	return e ? (size_t)(e - s) + (size_t)cl : 0;
}

static struct str convert_top(struct wt_lconv *lc, struct wt_ctx *cx, struct str text, int v, int depth);

/* A tag's title and alt attributes converted (URLs left alone); the tag rewritten when one changed. */
static struct str convert_attrs(struct wt_lconv *lc, struct wt_ctx *cx, struct str el, int v)
{
	size_t i = 1;
	while (i < el.len && el.p[i] != '>' && !pcre_ws(el.p[i]))
		i++;
	if (i >= el.len || !pcre_ws(el.p[i]))
		return el;
	size_t as = i + 1, ae = as;
	while (ae < el.len && el.p[ae] != '>')
		ae++;
	if (memchr(el.p + ae, '\n', el.len - ae))
		return el;
	struct str attr_text = { el.p + as, ae - as };
	if (!util_memmem(attr_text.p, attr_text.len, "title", 5) && !util_memmem(attr_text.p, attr_text.len, "alt", 3))
		return el;
	struct wt_attrs at = { 0 };
	wt_san_decode_attrs(cx->a, attr_text, &at);
	bool changed = false;
	static const char *const names[] = { "title", "alt" };
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		const struct str *val = wt_attrs_get(&at, names[k]);
		if (!val)
			continue;
		const char *url = util_memmem(val->p, val->len, "://", 3);
		if (url && url != val->p)
			continue;
		struct str nv = convert_top(lc, cx, *val, v, 0);
		if (nv.len != val->len || memcmp(nv.p, val->p, nv.len) != 0) {
			wt_attrs_set(cx->a, &at, str_c(names[k]), nv);
			changed = true;
		}
	}
	if (!changed)
		return el;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, el.len + 32);
	wt_buf_add(&b, el.p, i);
	for (size_t k = 0; k < at.n; k++) {
		struct sbuf sb;
		sbuf_init(&sb, WT_BUF_MAX);
		wt_san_encode_value(&sb, at.v[k].value);
		wt_buf_addc(&b, ' ');
		wt_buf_addstr(&b, at.v[k].name);
		wt_buf_adds(&b, "=\"");
		wt_buf_add(&b, sbuf_cstr(&sb), sb.len);
		wt_buf_addc(&b, '"');
		sbuf_release(&sb);
	}
	if (ae > as && el.p[ae - 1] == '/')
		wt_buf_adds(&b, " /");
	wt_buf_add(&b, el.p + ae, el.len - ae);
	return wt_buf_str(&b);
}

/*
 * The length of the markup the guard keeps at s[i] (LanguageConverter::
 * autoConvert's pattern), 0 when text starts there.
 */
static size_t guard_at(const char *s, size_t n, size_t i)
{
	char c = s[i];
	if (c == '<') {
		size_t e;
		if ((e = element_end(s + i, n - i, "code", true)) || (e = element_end(s + i, n - i, "script", false)) ||
		    (e = element_end(s + i, n - i, "pre", false)))
			return e;
		e = html_tag_end(s + i, n - i);
		return e ? e : n - i;
	}
	if (c == '&' && i + 2 < n) {
		char d = s[i + 1];
		if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || d == '#'))
			return 0;
		size_t j = i + 2;
		while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9')))
			j++;
		return j > i + 2 && j < n && s[j] == ';' ? j + 1 - i : 0;
	}
	if (c == '\x7f' && n - i > WT_MARKER_PREFIX_LEN &&
	    memcmp(s + i, WT_MARKER_PREFIX, WT_MARKER_PREFIX_LEN) == 0) {
		size_t j = i + WT_MARKER_PREFIX_LEN;
		size_t k = j;
		while (k < n && s[k] != '\x7f')
			k++;
		return k < n && k > j ? k + 1 - i : 0;
	}
	return 0;
}

/*
 * LanguageConverter::autoConvert(): the glossary and the language's rule
 * applied to the text between pieces of markup.
 */
static struct str auto_convert(struct wt_lconv *lc, struct wt_ctx *cx, struct str text, int v)
{
	if (!text.len || guess_variant(lc, v, text.p, text.len))
		return text;
	/* The text runs and the markup between them, each run ending in NUL as MediaWiki batches them. */
	struct wt_buf src, lit;
	wt_buf_init(&src, cx->a, text.len + 8);
	wt_buf_init(&lit, cx->a, 64);
	const char *s = text.p;
	size_t n = text.len;
	size_t start = 0;
	/* "^[^<>]*>": text that begins inside a tag (an attribute value converted alone). */
	size_t lead = 0;
	while (lead < n && s[lead] != '<' && s[lead] != '>')
		lead++;
	size_t i = 0;
	if (lead < n && s[lead] == '>' && guard_at(s, n, 0) == 0) {
		wt_buf_addc(&src, '\0');
		wt_buf_add(&lit, s, lead + 1);
		wt_buf_addc(&lit, '\0');
		start = i = lead + 1;
	}
	while (i < n) {
		char c = s[i];
		if (c != '<' && c != '&' && c != '\x7f') {
			i++;
			continue;
		}
		size_t len = guard_at(s, n, i);
		if (!len) {
			i++;
			continue;
		}
		for (size_t k = start; k < i; k++)
			if (s[k] != '\0' && s[k] != '\004')
				wt_buf_addc(&src, s[k]);
		wt_buf_addc(&src, '\0');
		struct str el = { s + i, len };
		if (c == '<')
			el = convert_attrs(lc, cx, el, v);
		wt_buf_addstr(&lit, el);
		wt_buf_addc(&lit, '\0');
		i += len;
		start = i;
	}
	for (size_t k = start; k < n; k++)
		if (s[k] != '\0' && s[k] != '\004')
			wt_buf_addc(&src, s[k]);
	wt_buf_addc(&src, '\0');
	struct wt_buf tr;
	wt_buf_init(&tr, cx->a, src.len + 16);
	translate(lc, &tr, v, src.p, src.len);
	/* Interleave: translated run, markup, translated run, ... */
	struct wt_buf out;
	wt_buf_init(&out, cx->a, tr.len + lit.len);
	size_t tp = 0, lp = 0;
	while (tp < tr.len) {
		const char *z = memchr(tr.p + tp, '\0', tr.len - tp);
		size_t tl = z ? (size_t)(z - tr.p) - tp : tr.len - tp;
		wt_buf_add(&out, tr.p + tp, tl);
		tp += tl + 1;
		if (lp < lit.len) {
			const char *y = memchr(lit.p + lp, '\0', lit.len - lp);
			size_t ll = y ? (size_t)(y - lit.p) - lp : lit.len - lp;
			wt_buf_add(&out, lit.p + lp, ll);
			lp += ll + 1;
		}
	}
	return wt_buf_str(&out);
}

/* ---- rules ------------------------------------------------------------------------------ */

/* A -{ }- rule being parsed (ConverterRule). */
struct lc_rule {
	char flags[16];              /* flag letters in insertion order (A T R D - H N S W +) */
	int n_flags;                 /* flags used */
	bool vflags[LC_MAXV];        /* variant filter flags */
	bool any_vflag;              /* some variant flag was given */
	struct str rules;            /* the text after the flags */
	const char *bid[LC_MAXV];    /* two-way text per variant, NULL when unset */
	int bid_order[LC_MAXV];      /* variants of bid in insertion order */
	int n_bid;                   /* entries of bid_order */
	struct lc_pair *unid[LC_MAXV]; /* one-way pairs per variant */
	int n_unid_pairs[LC_MAXV];   /* pairs per variant */
	int unid_order[LC_MAXV];     /* variants of unid in insertion order */
	int n_unid;                  /* entries of unid_order */
	enum { ACT_NONE, ACT_ADD, ACT_REMOVE } action; /* what the glossary gets */
	const char *title;           /* the title a T flag gives, NULL: none */
	struct lc_table conv[LC_MAXV]; /* the pairs for the glossary per variant */
};

static bool has_flag(const struct lc_rule *r, char f)
{
	return memchr(r->flags, f, (size_t)r->n_flags) != NULL;
}

static void add_flag(struct lc_rule *r, char f)
{
	if (!has_flag(r, f) && r->n_flags < (int)sizeof(r->flags))
		r->flags[r->n_flags++] = f;
}

static void del_flag(struct lc_rule *r, char f)
{
	char *p = memchr(r->flags, f, (size_t)r->n_flags);
	if (!p)
		return;
	memmove(p, p + 1, (size_t)(r->flags + r->n_flags - p - 1));
	r->n_flags--;
}

static void set_flags(struct lc_rule *r, const char *f)
{
	r->n_flags = 0;
	for (; *f; f++)
		add_flag(r, *f);
}

static struct str trim_php(struct str s)
{
	while (s.len && (strchr(" \t\n\r\v", s.p[0]) || s.p[0] == '\0'))
		s.p++, s.len--;
	while (s.len && (strchr(" \t\n\r\v", s.p[s.len - 1]) || s.p[s.len - 1] == '\0'))
		s.len--;
	return s;
}

/* The flag a word names, 0 when none; variants return 'V' with the index in *var. */
static char flag_of(struct wt_lconv *lc, struct arena *a, struct str w, int *var)
{
	static const struct {
		const char *word;
		char flag;
	} words[] = {
		{ "A", 'A' }, { "T", 'T' }, { "R", 'R' }, { "D", 'D' }, { "-", '-' }, { "H", 'H' }, { "N", 'N' },
	};
	static const struct {
		const char *word;
		char flag;
	} sr_words[] = {
		{ "S", 'S' }, { "писмо", 'S' }, { "pismo", 'S' }, { "W", 'W' },
		{ "реч", 'W' }, { "reč", 'W' }, { "ријеч", 'W' }, { "riječ", 'W' },
	};
	(void)a;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i].word) == w.len && memcmp(words[i].word, w.p, w.len) == 0)
			return words[i].flag;
	if (lc->lang->kind == LC_SERBIAN)
		for (size_t i = 0; i < ARRAY_SIZE(sr_words); i++)
			if (strlen(sr_words[i].word) == w.len && memcmp(sr_words[i].word, w.p, w.len) == 0)
				return sr_words[i].flag;
	int k = variant_index(lc->lang, w.p, w.len);
	if (k >= 0) {
		*var = k;
		return 'V';
	}
	return 0;
}

/* ConverterRule::parseFlags(). */
static void parse_flags(struct wt_lconv *lc, struct arena *a, struct lc_rule *r, struct str text)
{
	const char *bar = memchr(text.p, '|', text.len);
	bool vf[LC_MAXV] = { false };
	bool any_v = false;
	if (bar) {
		struct str f = { text.p, (size_t)(bar - text.p) };
		size_t p = 0;
		while (p <= f.len) {
			const char *semi = memchr(f.p + p, ';', f.len - p);
			size_t e = semi ? (size_t)(semi - f.p) : f.len;
			int var = -1;
			char fl = flag_of(lc, a, trim_php((struct str){ f.p + p, e - p }), &var);
			if (fl == 'V') {
				vf[var] = true;
				any_v = true;
				add_flag(r, 'V');
			} else if (fl) {
				add_flag(r, fl);
			}
			if (!semi)
				break;
			p = e + 1;
		}
		text = (struct str){ bar + 1, text.len - (size_t)(bar + 1 - text.p) };
	}
	if (!r->n_flags) {
		set_flags(r, "S");
	} else if (has_flag(r, 'R')) {
		set_flags(r, "R");
	} else if (has_flag(r, 'N')) {
		set_flags(r, "N");
	} else if (has_flag(r, '-')) {
		set_flags(r, "-");
	} else if (r->n_flags == 1 && has_flag(r, 'T')) {
		add_flag(r, 'H');
	} else if (has_flag(r, 'H')) {
		bool t = has_flag(r, 'T'), d = has_flag(r, 'D');
		set_flags(r, "+H");
		if (t)
			add_flag(r, 'T');
		if (d)
			add_flag(r, 'D');
	} else {
		if (has_flag(r, 'A')) {
			add_flag(r, '+');
			add_flag(r, 'S');
		}
		if (has_flag(r, 'D'))
			del_flag(r, 'S');
		if (any_v) {
			memcpy(r->vflags, vf, sizeof(vf));
			r->any_vflag = true;
			r->n_flags = 0;
		}
	}
	del_flag(r, 'V');
	r->rules = text;
}

/* Does a variant name (or its BCP 47 form) followed by \s* ':' start at s? */
static bool variant_colon_at(struct wt_lconv *lc, struct arena *a, const char *s, size_t n)
{
	for (int i = 0; lc->lang->variants[i]; i++) {
		const char *forms[2] = { lc->lang->variants[i], bcp47_of(a, lc->lang->variants[i]) };
		for (int f = 0; f < 2; f++) {
			size_t l = strlen(forms[f]);
			if (l > n || memcmp(s, forms[f], l) != 0)
				continue;
			size_t j = l;
			while (j < n && pcre_ws(s[j]))
				j++;
			if (j < n && s[j] == ':')
				return true;
		}
	}
	return false;
}

/* Is the ';' at s[i] a separator between rule entries (getVarSeparatorPattern)? Its length goes to *len. */
static bool is_separator(struct wt_lconv *lc, struct arena *a, const char *s, size_t n, size_t i, size_t *len)
{
	size_t j = i + 1;
	while (j < n && pcre_ws(s[j]))
		j++;
	*len = j - i;
	if (j == n)
		return true;
	if (variant_colon_at(lc, a, s + j, n - j))
		return true;
	/* "[^;]*?=>\s*variant\s*:" */
	for (size_t k = j; k + 1 < n && s[k] != ';'; k++) {
		if (s[k] == '=' && s[k + 1] == '>') {
			size_t m = k + 2;
			while (m < n && pcre_ws(s[m]))
				m++;
			if (variant_colon_at(lc, a, s + m, n - m))
				return true;
		}
	}
	return false;
}

static void bid_set(struct lc_rule *r, int v, const char *text)
{
	if (!r->bid[v])
		r->bid_order[r->n_bid++] = v;
	r->bid[v] = text;
}

static void unid_add(struct arena *a, struct lc_rule *r, int v, const char *from, const char *to)
{
	if (!r->n_unid_pairs[v] && !r->unid[v])
		r->unid_order[r->n_unid++] = v;
	for (int i = 0; i < r->n_unid_pairs[v]; i++)
		if (strcmp(r->unid[v][i].from, from) == 0) {
			r->unid[v][i].to = to;
			return;
		}
	struct lc_pair *np = arena_alloc(a, (size_t)(r->n_unid_pairs[v] + 1) * sizeof(*np));
	if (r->n_unid_pairs[v])
		memcpy(np, r->unid[v], (size_t)r->n_unid_pairs[v] * sizeof(*np));
	np[r->n_unid_pairs[v]].from = from;
	np[r->n_unid_pairs[v]].to = to;
	r->unid[v] = np;
	r->n_unid_pairs[v]++;
}

/* ConverterRule::parseRules(): the two-way and one-way tables of the rule text. */
static void parse_rules(struct wt_lconv *lc, struct arena *a, struct lc_rule *r)
{
	/* Semicolons ending character references do not separate ("&amp;" stays one piece). */
	struct wt_buf b;
	wt_buf_init(&b, a, r->rules.len + 1);
	const char *s = r->rules.p;
	size_t n = r->rules.len;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '&') {
			size_t j = i + 1;
			while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
					 (s[j] >= '0' && s[j] <= '9') || s[j] == '#'))
				j++;
			if (j > i + 1 && j < n && s[j] == ';') {
				wt_buf_add(&b, s + i, j - i);
				wt_buf_addc(&b, '\x01');
				i = j;
				continue;
			}
		}
		wt_buf_addc(&b, s[i]);
	}
	s = b.p ? b.p : "";
	n = b.len;
	size_t p = 0;
	bool done = false;
	while (!done) {
		size_t e = p, sep = 0;
		while (e < n && !(s[e] == ';' && is_separator(lc, a, s, n, e, &sep)))
			e++;
		if (e >= n)
			done = true;
		/* One entry, its \x01 back to ';'. */
		char *c = arena_strndup(a, s + p, e - p);
		for (char *q = c; *q; q++)
			if (*q == '\x01')
				*q = ';';
		p = e + sep;
		char *colon = strchr(c, ':');
		if (!colon)
			continue;
		struct str to = trim_php(str_c(colon + 1));
		struct str vs = trim_php((struct str){ c, (size_t)(colon - c) });
		const char *arrow = util_memmem(vs.p, vs.len, "=>", 2);
		int vv;
		const char *tos = arena_strndup(a, to.p, to.len);
		if (!arrow) {
			vv = validate_variant(a, lc->lang, vs.p, vs.len);
			if (to.len && vv >= 0)
				bid_set(r, vv, tos);
		} else {
			struct str from = trim_php((struct str){ vs.p, (size_t)(arrow - vs.p) });
			struct str var = trim_php((struct str){ arrow + 2, vs.len - (size_t)(arrow + 2 - vs.p) });
			vv = validate_variant(a, lc->lang, var.p, var.len);
			if (from.len && vv >= 0)
				unid_add(a, r, vv, arena_strndup(a, from.p, from.len), tos);
		}
		if (vv < 0 || !variant_name(lc->lang, lc->lang->variants[vv])) {
			memset(r->bid, 0, sizeof(r->bid));
			r->n_bid = 0;
			memset(r->unid, 0, sizeof(r->unid));
			memset(r->n_unid_pairs, 0, sizeof(r->n_unid_pairs));
			r->n_unid = 0;
			break;
		}
	}
}

/* PHP truthiness of a string: not empty and not "0". */
static bool truthy(const char *s)
{
	return s && *s && strcmp(s, "0") != 0;
}

/* getTextInBidtable() over the fallbacks of `v` (or `v` alone). */
static const char *bid_lookup(const struct lc_rule *r, const int *vs, int n)
{
	for (int i = 0; i < n; i++)
		if (r->bid[vs[i]])
			return r->bid[vs[i]];
	return NULL;
}

/* ConverterRule::getRuleConvertedStr(). */
static const char *rule_converted(struct wt_lconv *lc, struct arena *a, struct lc_rule *r, int v)
{
	if (!r->n_bid && !r->n_unid)
		return arena_strndup(a, r->rules.p, r->rules.len);
	if (r->bid[v])
		return r->bid[v];
	int fb[LC_MAXV];
	bool is_list;
	int nfb = fallbacks(lc->lang, v, fb, &is_list);
	const char *d = bid_lookup(r, fb, nfb);
	if (d)
		return d;
	if (r->n_unid_pairs[v])
		return r->unid[v][0].to;
	if (manual_level(lc->lang, v) == LC_DISABLE) {
		if (r->n_bid)
			return r->bid[r->bid_order[0]];
		return r->unid[r->unid_order[0]][0].to;
	}
	return NULL;
}

/* ConverterRule::getRuleConvertedTitle(). */
static const char *rule_title(struct wt_lconv *lc, struct arena *a, struct lc_rule *r, int v)
{
	if (v == 0) {
		if (truthy(r->bid[v]))
			return r->bid[v];
		if (r->n_unid_pairs[v])
			return r->unid[v][0].to;
		return NULL;
	}
	return rule_converted(lc, a, r, v);
}

/* ConverterRule::getRulesDesc(). */
static const char *rules_desc(struct wt_lconv *lc, struct arena *a, struct lc_rule *r)
{
	struct wt_buf b;
	wt_buf_init(&b, a, 64);
	wt_buf_adds(&b, "");
	for (int i = 0; i < r->n_bid; i++) {
		int v = r->bid_order[i];
		const char *nm = variant_name(lc->lang, lc->lang->variants[v]);
		wt_buf_adds(&b, nm ? nm : "");
		wt_buf_adds(&b, lc->lang->code_sep);
		wt_buf_adds(&b, r->bid[v]);
		wt_buf_adds(&b, lc->lang->var_sep);
	}
	for (int i = 0; i < r->n_unid; i++) {
		int v = r->unid_order[i];
		const char *nm = variant_name(lc->lang, lc->lang->variants[v]);
		for (int k = 0; k < r->n_unid_pairs[v]; k++) {
			wt_buf_adds(&b, r->unid[v][k].from);
			wt_buf_adds(&b, "⇒");
			wt_buf_adds(&b, nm ? nm : "");
			wt_buf_adds(&b, lc->lang->code_sep);
			wt_buf_adds(&b, r->unid[v][k].to);
			wt_buf_adds(&b, lc->lang->var_sep);
		}
	}
	return b.p;
}

/* ConverterRule::generateConvTable(). */
static void gen_conv_table(struct wt_lconv *lc, struct arena *a, struct lc_rule *r)
{
	if (!r->n_bid && !r->n_unid)
		return;
	const char *bid[LC_MAXV];
	memcpy(bid, r->bid, sizeof(bid));
	int marked[LC_MAXV], n_marked = 0;
	for (int v = 0; v < lc->nv; v++) {
		if (!bid[v]) {
			int fb[LC_MAXV];
			bool is_list;
			int nfb = fallbacks(lc->lang, v, fb, &is_list);
			const char *vf = bid_lookup(r, fb, nfb);
			if (truthy(vf))
				bid[v] = vf;
		}
		if (bid[v]) {
			for (int i = 0; i < n_marked; i++) {
				int vo = marked[i];
				if (manual_level(lc->lang, v) == LC_BIDI)
					table_set(a, &r->conv[v], bid[vo], bid[v]);
				if (manual_level(lc->lang, vo) == LC_BIDI)
					table_set(a, &r->conv[vo], bid[v], bid[vo]);
			}
			marked[n_marked++] = v;
		}
		if (manual_level(lc->lang, v) != LC_DISABLE && r->n_unid_pairs[v]) {
			/* The one-way pairs win over the two-way ones of the same key. */
			for (int k = 0; k < r->n_unid_pairs[v]; k++)
				table_set(a, &r->conv[v], r->unid[v][k].from, r->unid[v][k].to);
		}
	}
}

/* ConverterRule::parse() and LanguageConverter::applyManualConv(): the text the rule shows. */
static struct str apply_rule(struct wt_lconv *lc, struct wt_ctx *cx, struct str inner, int v)
{
	struct arena *a = cx->a;
	struct lc_rule *r = arena_calloc(a, 1, sizeof(*r));
	parse_flags(lc, a, r, inner);
	if (r->any_vflag) {
		if (r->vflags[v]) {
			r->rules = auto_convert(lc, cx, r->rules, v);
		} else {
			int fb[LC_MAXV];
			bool is_list;
			int nfb = fallbacks(lc->lang, v, fb, &is_list);
			for (int i = 0; is_list && i < nfb; i++)
				if (r->vflags[fb[i]]) {
					r->rules = auto_convert(lc, cx, r->rules, fb[i]);
					break;
				}
		}
		set_flags(r, "R");
	}
	if (!has_flag(r, 'R') && !has_flag(r, 'N')) {
		/* "=>" escaped by the sanitizer comes back. */
		if (util_memmem(r->rules.p, r->rules.len, "=&gt;", 5)) {
			struct wt_buf b;
			wt_buf_init(&b, a, r->rules.len);
			for (size_t i = 0; i < r->rules.len; i++) {
				if (r->rules.len - i >= 5 && memcmp(r->rules.p + i, "=&gt;", 5) == 0) {
					wt_buf_adds(&b, "=>");
					i += 4;
					continue;
				}
				wt_buf_addc(&b, r->rules.p[i]);
			}
			r->rules = wt_buf_str(&b);
		}
		parse_rules(lc, a, r);
	}
	if (!r->n_bid && !r->n_unid) {
		if (has_flag(r, '+') || has_flag(r, '-')) {
			if (r->rules.len) {
				const char *t = arena_strndup(a, r->rules.p, r->rules.len);
				for (int k = 0; k < lc->nv; k++)
					bid_set(r, k, t);
			}
		} else if (!has_flag(r, 'N') && !has_flag(r, 'T')) {
			set_flags(r, "R");
		}
	}
	const char *disp = NULL;
	bool disp_set = false;
	for (int i = 0; i < r->n_flags; i++) {
		switch (r->flags[i]) {
		case 'R':
			disp = arena_strndup(a, r->rules.p, r->rules.len);
			disp_set = true;
			break;
		case 'N': {
			struct str t = trim_php(r->rules);
			char *code = arena_strndup(a, t.p, t.len);
			disp = variant_name(lc->lang, code);
			if (!disp)
				disp = "";
			disp_set = true;
			break;
		}
		case 'D':
			disp = rules_desc(lc, a, r);
			disp_set = true;
			break;
		case 'H':
			disp = "";
			disp_set = true;
			break;
		case '-':
			r->action = ACT_REMOVE;
			disp = "";
			disp_set = true;
			break;
		case '+':
			r->action = ACT_ADD;
			disp = "";
			disp_set = true;
			break;
		case 'S':
			disp = rule_converted(lc, a, r, v);
			disp_set = true;
			break;
		case 'T':
			r->title = rule_title(lc, a, r, v);
			disp = "";
			disp_set = true;
			break;
		default:
			break;
		}
	}
	gen_conv_table(lc, a, r);
	/* applyManualConv */
	if (has_flag(r, 'T') && r->title)
		lc->rule_title = r->title;
	for (int k = 0; k < lc->nv; k++) {
		for (size_t i = 0; i < r->conv[k].n; i++) {
			if (!r->conv[k].v[i].to)
				continue;
			if (r->action == ACT_ADD)
				table_set(a, &lc->tables[k], r->conv[k].v[i].from, r->conv[k].v[i].to);
			else if (r->action == ACT_REMOVE)
				table_remove(&lc->tables[k], r->conv[k].v[i].from);
		}
	}
	if (!disp_set || !disp) {
		const char *msg = wt_msg(cx, "converter-manual-rule-error", NULL, NULL, NULL);
		struct wt_buf b;
		wt_buf_init(&b, a, 64);
		wt_buf_adds(&b, "<span class=\"error\">");
		wt_buf_add_html(&b, msg, strlen(msg));
		wt_buf_adds(&b, "</span>");
		return wt_buf_str(&b);
	}
	return str_c(disp);
}

/* LanguageConverter::recursiveConvertRule(): from "-{" at text[*pos], up to its "}-". */
static struct str convert_rule(struct wt_lconv *lc, struct wt_ctx *cx, struct str text, int v, size_t *pos, int depth)
{
	size_t p = *pos + 2;
	struct wt_buf inner;
	wt_buf_init(&inner, cx->a, 64);
	bool warned = false;
	const char *s = text.p;
	size_t n = text.len;
	while (p < n) {
		size_t m = p;
		while (m + 1 < n && !((s[m] == '-' && s[m + 1] == '{') || (s[m] == '}' && s[m + 1] == '-')))
			m++;
		if (m + 1 >= n)
			break;
		wt_buf_add(&inner, s + p, m - p);
		p = m;
		if (s[m] == '-') {
			if (depth >= LC_MAX_DEPTH) {
				wt_buf_adds(&inner, "-{");
				if (!warned) {
					char num[16];
					snprintf(num, sizeof(num), "%d", LC_MAX_DEPTH);
					wt_buf_adds(&inner, "<span class=\"error\">");
					wt_buf_adds(&inner, wt_msg(cx, "language-converter-depth-warning", num, NULL, NULL));
					wt_buf_adds(&inner, "</span>");
					warned = true;
				}
				p += 2;
				continue;
			}
			size_t q = p;
			wt_buf_addstr(&inner, convert_rule(lc, cx, text, v, &q, depth + 1));
			p = q;
			continue;
		}
		p += 2;
		*pos = p;
		return apply_rule(lc, cx, wt_buf_str(&inner), v);
	}
	if (p < n)
		wt_buf_add(&inner, s + p, n - p);
	*pos = n;
	struct wt_buf b;
	wt_buf_init(&b, cx->a, inner.len + 2);
	wt_buf_adds(&b, "-{");
	wt_buf_addstr(&b, auto_convert(lc, cx, wt_buf_str(&inner), v));
	return wt_buf_str(&b);
}

/*
 * What recursiveConvertTopLevel() skips while looking for "-{": a whole
 * <script>/<style> element on one line, or a tag (quoted values skipped;
 * an unclosed '<' takes the rest of its line). Length from s[i] == '<'.
 */
static size_t top_skip(const char *s, size_t n, size_t i)
{
	const char *nl = memchr(s + i, '\n', n - i);
	size_t line_end = nl ? (size_t)(nl - s) : n;
	static const char *const whole[] = { "script", "style" };
	for (size_t k = 0; k < ARRAY_SIZE(whole); k++) {
		size_t l = strlen(whole[k]);
		if (line_end - i > l && memcmp(s + i + 1, whole[k], l) == 0) {
			const char *gt = memchr(s + i, '>', line_end - i);
			if (gt) {
				char close[16];
				int cl = snprintf(close, sizeof(close), "</%s>", whole[k]);
				const char *e = util_memmem(gt + 1, line_end - (size_t)(gt + 1 - s), close, (size_t)cl);
				if (e)
					return (size_t)(e - s) + (size_t)cl - i;
			}
		}
	}
	size_t e = html_tag_end(s + i, n - i);
	return e ? e : line_end - i;
}

/* LanguageConverter::recursiveConvertTopLevel(). */
static struct str convert_top(struct wt_lconv *lc, struct wt_ctx *cx, struct str text, int v, int depth)
{
	const char *s = text.p;
	size_t n = text.len;
	bool should = !guess_variant(lc, v, s, n);
	struct wt_buf out;
	wt_buf_init(&out, cx->a, n + 16);
	size_t start = 0, i = 0;
	while (i < n) {
		if (s[i] == '<') {
			i += top_skip(s, n, i);
			continue;
		}
		if (!(s[i] == '-' && i + 1 < n && s[i + 1] == '{')) {
			i++;
			continue;
		}
		struct str frag = { s + start, i - start };
		wt_buf_addstr(&out, should ? auto_convert(lc, cx, frag, v) : frag);
		size_t p = i;
		wt_buf_addstr(&out, convert_rule(lc, cx, text, v, &p, depth + 1));
		i = start = p;
	}
	struct str frag = { s + start, n - start };
	wt_buf_addstr(&out, should ? auto_convert(lc, cx, frag, v) : frag);
	return wt_buf_str(&out);
}

/* ---- entry points --------------------------------------------------------------------- */

/* A converter of language `l` into variant index `v`, its glossary the language's own tables. */
static struct wt_lconv *converter_for(struct arena *a, const struct lc_lang *l, int v)
{
	struct wt_lconv *lc = arena_calloc(a, 1, sizeof(*lc));
	lc->lang = l;
	while (l->variants[lc->nv])
		lc->nv++;
	lc->variant = v;
	for (int k = 0; k < lc->nv; k++) {
		const struct lc_pair *base = l->tables ? l->tables[k] : NULL;
		for (; base && base->from; base++)
			table_set(a, &lc->tables[k], base->from, base->to);
	}
	return lc;
}

/* The converter MediaWiki has for a language code (en only with the Pig Latin variant on), NULL when none. */
static const struct lc_lang *converter_lang(const struct wt_site *site, const char *code)
{
	const struct lc_lang *l = find_lang(code);
	if (!l || (l->kind == LC_PIGLATIN && !site->use_piglatin))
		return NULL;
	return l;
}

struct wt_lconv *wt_lconv_new(struct wt_ctx *cx)
{
	const struct lc_lang *l = converter_lang(cx->site, cx->site->lang ? cx->site->lang : "en");
	if (!l)
		return NULL;
	const char *var = cx->opt.variant;
	int v = var ? validate_variant(cx->a, l, var, strlen(var)) : -1;
	return converter_for(cx->a, l, v >= 0 ? v : 0);
}

struct str wt_lconv_convert(struct wt_ctx *cx, struct str html)
{
	struct wt_lconv *lc = cx->lconv;
	if (!lc)
		return html;
	lc->rule_title = NULL;
	return convert_top(lc, cx, html, lc->variant, 0);
}

const char *wt_lconv_rule_title(const struct wt_ctx *cx)
{
	return cx->lconv ? cx->lconv->rule_title : NULL;
}

const char *wt_title_html(struct wt_ctx *cx, struct str text)
{
	struct sbuf sb;
	sbuf_init(&sb, WT_BUF_MAX);
	wt_san_remove_html_tags(cx->a, &sb, text, wt_site_protocols(cx), NULL, NULL);
	struct str h = { arena_strndup(cx->a, sbuf_cstr(&sb), sb.len), sb.len };
	sbuf_release(&sb);
	/* Text as an HTML serializer writes it: references decoded, & < > escaped. */
	struct wt_buf tb;
	wt_buf_init(&tb, cx->a, h.len + 16);
	for (size_t i = 0; i < h.len;) {
		if (h.p[i] == '<') {
			const char *e = memchr(h.p + i, '>', h.len - i);
			size_t l = e ? (size_t)(e - h.p) + 1 - i : h.len - i;
			wt_buf_add(&tb, h.p + i, l);
			i += l;
			continue;
		}
		const char *lt = memchr(h.p + i, '<', h.len - i);
		size_t l = lt ? (size_t)(lt - h.p) - i : h.len - i;
		struct str d = wt_san_decode_charrefs(cx->a, (struct str){ h.p + i, l });
		for (size_t k = 0; k < d.len; k++) {
			if (d.p[k] == '&')
				wt_buf_adds(&tb, "&amp;");
			else if (d.p[k] == '<')
				wt_buf_adds(&tb, "&lt;");
			else if (d.p[k] == '>')
				wt_buf_adds(&tb, "&gt;");
			else
				wt_buf_addc(&tb, d.p[k]);
		}
		i += l;
	}
	h = wt_buf_str(&tb);
	sbuf_init(&sb, WT_BUF_MAX);
	wt_tidy(cx->a, &sb, h, false);
	struct str r = { sbuf_cstr(&sb), sb.len };
	/* Tidy wraps loose text in a paragraph; a title is inline content. */
	while (r.len && r.p[r.len - 1] == '\n')
		r.len--;
	if (r.len >= 7 && memcmp(r.p, "<p>", 3) == 0 && memcmp(r.p + r.len - 4, "</p>", 4) == 0 &&
	    !(h.len >= 2 && memcmp(h.p, "<p", 2) == 0))
		r = (struct str){ r.p + 3, r.len - 7 };
	char *t = arena_strndup(cx->a, r.p, r.len);
	sbuf_release(&sb);
	return t;
}

struct str wt_lconv_no_conversion(struct wt_ctx *cx, struct str text)
{
	/* strpos() finding the markup at offset 0 counts as not found. */
	const char *o = util_memmem(text.p, text.len, "-{", 2), *c = util_memmem(text.p, text.len, "}-", 2);
	if ((o && o != text.p) || (c && c != text.p))
		return text;
	return str_c(wt_aprintf(cx->a, "-{R|%.*s}-", (int)text.len, text.p));
}

struct str wt_lconv_protect_url_text(struct wt_ctx *cx, struct str text)
{
	for (size_t i = 0; i < cx->site->n_url_protocols; i++) {
		const char *p = cx->site->url_protocols[i];
		size_t l = strlen(p);
		if (strcmp(p, "//") != 0 && l <= text.len && memcmp(text.p, p, l) == 0)
			return wt_lconv_no_conversion(cx, text);
	}
	return text;
}

/* The attribute trimmed, as a NUL-terminated string in the arena; NULL when absent. */
static const char *attr_trim(struct wt_ctx *cx, const struct wt_tag_call *call, const char *name)
{
	const struct str *v = wt_attrs_get(&call->attrs, name);
	if (!v)
		return NULL;
	struct str t = trim_php(*v);
	return arena_strndup(cx->a, t.p, t.len);
}

/* Is `code` already in BCP 47 form, letter case aside? */
static bool is_bcp47(struct wt_ctx *cx, const char *code)
{
	return strcasecmp(code, bcp47_of(cx->a, code)) == 0;
}

/*
 * <langconvert from="sr-latn" to="sr-cyrl">text</langconvert>
 * (CoreTagHooks::langconvert): the parsed content converted into the
 * variant `to` names. Both codes must be BCP 47 codes of variants of the
 * same language with a converter; otherwise an error.
 */
int wt_tag_langconvert(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_tag_call *call, struct wt_result *res)
{
	const char *from = attr_trim(cx, call, "from"), *to = attr_trim(cx, call, "to");
	if (from && to) {
		size_t fl = strcspn(from, "-"), tl = strcspn(to, "-");
		char *code = arena_strndup(cx->a, from, fl);
		const struct lc_lang *l = fl && fl == tl && memcmp(from, to, fl) == 0 ? converter_lang(cx->site, code) : NULL;
		if (l && is_bcp47(cx, from) && is_bcp47(cx, to)) {
			int v = validate_variant(cx->a, l, to, strlen(to));
			if (v >= 0) {
				/* The page's own converter when it is the same language (one glossary, as MediaWiki has). */
				struct wt_lconv *lc = cx->lconv && cx->lconv->lang == l ? cx->lconv : converter_for(cx->a, l, v);
				struct str c = call->content.p ? call->content : (struct str){ "", 0 };
				res->text = auto_convert(lc, cx, wt_recursive_tag_parse(cx, frame, c), v);
				return RC_OK;
			}
		}
	}
	res->text = str_c(wt_aprintf(cx->a, "<span class=\"error\">%s</span>",
				       wt_msg(cx, "invalid-langconvert-attrs", NULL, NULL, NULL)));
	return RC_OK;
}

size_t wt_lconv_variant_titles(struct wt_ctx *cx, const struct wt_title *t, struct wt_title out[WT_LCONV_MAXV])
{
	struct wt_lconv *lc = cx->lconv;
	if (!lc || t->interwiki[0])
		return 0;
	/* LanguageConverterSpecific (Serbian's): user names have no variants. */
	if (lc->lang->kind == LC_SERBIAN && (t->ns == WT_NS_USER || t->ns == WT_NS_USER_TALK))
		return 0;
	const char *text = wt_title_text(cx->a, t);
	size_t tl = strlen(text), n = 0;
	for (int v = 0; v < lc->nv && n < WT_LCONV_MAXV; v++) {
		struct wt_buf b;
		wt_buf_init(&b, cx->a, tl + 16);
		translate(lc, &b, v, text, tl);
		if (b.len == tl && memcmp(b.p, text, tl) == 0)
			continue;
		char *dbkey = arena_strndup(cx->a, b.p ? b.p : "", b.len);
		for (char *p = dbkey; *p; p++)
			if (*p == ' ')
				*p = '_';
		out[n] = *t;
		out[n].dbkey = dbkey;
		out[n].fragment = "";
		out[n].has_fragment = false;
		n++;
	}
	return n;
}
