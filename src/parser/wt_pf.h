/* SPDX-License-Identifier: MIT */
/*
 * wt_pf.h — the self-contained pieces behind parser functions and magic
 * words, private to src/parser: the #expr evaluator, PHP's way of printing
 * numbers, the #time format codes and date parser, the calendars of the
 * x-codes, and the text functions (formatnum, padleft, urlencode, case
 * mapping, plural, #titleparts, #rel2abs, #language, #formatdate ...).
 *
 * Everything here depends on src/util only and works on plain strings, so
 * it can be tested without a preprocessor. The registrations that expose
 * these to wikitext live in the pf_*.c files that include wt_int.h.
 */
#ifndef WT_PF_H
#define WT_PF_H

#include <stdint.h>

#include "../util/arena.h"
#include "../util/sbuf.h"
#include "../util/util.h"

/* ---- PHP numbers ------------------------------------------------------- */

/* Longest text wt_php_float() writes ("-1.2345678901234E-308" and NUL). */
#define WT_PHP_FLOAT_CHARS 32

/*
 * `d` as PHP 8 turns a float into a string with its default precision of
 * 14 significant digits: "0.33333333333333", "1.0E+15", "1.0E-5", "-0",
 * "INF", "-INF", "NAN". Writes a NUL-terminated string, returns its length.
 */
size_t wt_php_float(double d, char buf[WT_PHP_FLOAT_CHARS]);

/*
 * PHP's (int) cast of a float on 64-bit builds: truncation, NaN and
 * infinities give 0, values out of range wrap modulo 2^64.
 */
long long wt_php_float_to_int(double d);

/*
 * PHP's round($value, $places) (half away from zero, with PHP's
 * pre-rounding to 15 significant digits so that round(1.955, 2) is 1.96).
 */
double wt_php_round(double value, long long places);

/*
 * PHP's is_numeric() on `s`: optional leading and trailing whitespace,
 * sign, digits with optional fraction and exponent. On success stores the
 * value (may be NULL) and returns true.
 */
bool wt_php_numeric(struct str s, double *value);

/*
 * PHP 8's loose string comparison `$a == $b` as #ifeq and #switch use it:
 * numerically when both are numeric strings, else byte for byte.
 */
bool wt_php_loose_eq(struct str a, struct str b);

/* ---- #expr ------------------------------------------------------------- */

/* Error classes of the expression evaluator, as ParserFunctions has them. */
enum wt_expr_err {
	WT_EXPR_OK = 0,             /* evaluated */
	WT_EXPR_STACK,              /* more than WT_EXPR_MAX_STACK operands or operators */
	WT_EXPR_UNEXPECTED_NUMBER,  /* a number (or pi) where an operator belongs */
	WT_EXPR_UNRECOGNISED_WORD,  /* a word that is no operator, function or constant */
	WT_EXPR_UNEXPECTED_OPERATOR, /* an operator where an operand belongs */
	WT_EXPR_MISSING_OPERAND,    /* an operator ran out of operands */
	WT_EXPR_UNEXPECTED_CLOSING, /* ")" without "(" */
	WT_EXPR_UNRECOGNISED_PUNCT, /* a character that has no meaning */
	WT_EXPR_UNCLOSED,           /* "(" without ")" */
	WT_EXPR_DIV_ZERO,           /* "/", "div", "mod", "fmod" by zero */
	WT_EXPR_INVALID_ARG,        /* asin/acos outside [-1, 1] */
	WT_EXPR_INVALID_ARG_LN,     /* ln of a value <= 0 */
	WT_EXPR_NOT_A_NUMBER,       /* sqrt of a negative number */
	WT_EXPR_TOO_LONG,           /* the expression is longer than WT_EXPR_MAX_LEN */
};

/*
 * Limits. ParserFunctions stops at 100 entries on either stack; the length
 * cap is ours: no expression in a page can be longer than the 2 MiB
 * post-expand limit, so twice that only stops hostile direct callers.
 */
#define WT_EXPR_MAX_STACK 100
#define WT_EXPR_MAX_LEN (4u << 20)

/* An error with the operator or word it names. */
struct wt_expr_error {
	enum wt_expr_err code; /* WT_EXPR_OK when there is none */
	char detail[256];      /* operator, word or character it names (NUL-terminated, cut at 255) */
};

/*
 * Evaluate `expr` as {{#expr:}} does and append the result text to `out`
 * (numbers printed as PHP prints them; several leftover operands joined by
 * "<br />\n"; nothing for an empty expression). On error nothing is
 * appended, *err says why and RC_INVALID is returned. `truth` (may be NULL)
 * receives what {{#ifexpr:}} makes of the result. RC_OK or RC_INVALID;
 * RC_TOOBIG when `out` hit its cap.
 */
int wt_expr_eval(struct str expr, struct sbuf *out, struct wt_expr_error *err, bool *truth);

/*
 * Append the error as wikitext: <strong class="error">message</strong>,
 * the message in our words with its detail HTML-escaped.
 */
void wt_expr_error_html(const struct wt_expr_error *err, struct sbuf *out);

/* ---- time zones (tz.c) ------------------------------------------------- */

/* What a zone says about one instant. */
struct wt_tz_info {
	int32_t offset; /* seconds east of UTC */
	bool is_dst;    /* daylight saving time in force */
	char abbr[8];   /* abbreviation, e.g. "CEST" (NUL-terminated) */
};

/* True when the tz database has the identifier `name` ("Europe/Berlin"). */
bool wt_tz_exists(const char *name);

/* Offset, DST flag and abbreviation of zone `name` at UTC instant `t`. RC_OK or RC_NOTFOUND. */
int wt_tz_at_utc(const char *name, int64_t t, struct wt_tz_info *out);

/*
 * The UTC instant of wall-clock time `local` (seconds as if UTC) in zone
 * `name`, resolving DST changes as PHP does. RC_OK or RC_NOTFOUND.
 */
int wt_tz_local_to_utc(const char *name, int64_t local, int64_t *utc);

/* Offset of a zone abbreviation PHP's parser knows ("est", "CEST", "z"); false when unknown. */
bool wt_tz_abbr(struct str s, int32_t *offset);

/* ---- date input (timeparse.c) ------------------------------------------- */

/*
 * Read a date/time as PHP's `new DateTime($text, new DateTimeZone('UTC'))`
 * does (the strtotime grammar: "now", "+1 day", "2020-01-01", "1 January
 * 2020", "@1234567890", "last monday", "first day of next month",
 * "20200101123456", zones as offsets, abbreviations or identifiers ...),
 * with `now` (Unix seconds) for the parts it leaves open. Stores the
 * instant in *out. RC_OK, or RC_INVALID for text PHP refuses.
 */
int wt_time_parse(struct str text, int64_t now, int64_t *out);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12, any day). */
int64_t wt_days_from_civil(int64_t y, int64_t m, int64_t d);

/* The date of a day count since 1970-01-01. */
void wt_civil_from_days(int64_t days, int64_t *y, int64_t *m, int64_t *d);

/* ---- calendars and numerals (calendar.c) -------------------------------- */

/* Iranian (Jalali) date of a Gregorian one: {year, month, day, day of year (0-based)}. */
void wt_to_iranian(int y, int m, int d, int out[4]);

/* Days in Iranian month 1-12. */
int wt_iranian_month_days(int month);

/*
 * Hebrew date of a Gregorian one: {year, month, day, days in that month};
 * months count from Tishrei = 1, and in leap years Adar I is 13 and Adar
 * II is 14.
 */
void wt_to_hebrew(int y, int m, int d, int out[4]);

/* Hijri (tabular Islamic) date of a Gregorian one: {year, month, day}. */
void wt_to_hijri(int y, int m, int d, int out[3]);

/*
 * Append the year of a Gregorian date in another reckoning: `kind` 'k'
 * Thai solar, 'o' Minguo, 't' Japanese era (name and year, 元 for 1).
 */
void wt_calendar_year(char kind, int y, int m, int d, struct sbuf *out);

/* Append `num` in Roman numerals (1-10000; other values in decimal). */
void wt_roman(long long num, struct sbuf *out);

/* Append `num` in Hebrew numerals with geresh/gershayim (1-9999; else decimal). */
void wt_hebrew_numeral(long long num, struct sbuf *out);

/* ---- date output (timefmt.c) ---------------------------------------------- */

/* The names a language gives dates (UTF-8); NULL digits means ASCII digits. */
struct wt_date_lang {
	const char *code;             /* language code */
	const char *month[12];        /* January .. */
	const char *month_gen[12];    /* genitive forms (xg) */
	const char *month_abbr[12];   /* Jan .. */
	const char *weekday[7];       /* Sunday .. */
	const char *weekday_abbr[7];  /* Sun .. */
	const char *iranian[12];      /* Farvardin .. */
	const char *hebrew[14];       /* Tishrei .. Elul, Adar I, Adar II */
	const char *hebrew_gen[14];   /* genitive forms (xjx) */
	const char *hijri[12];        /* Muharram .. */
	const char *const *digits;    /* the ten digits, or NULL */
	const char *decimal;          /* decimal separator with digits, NULL for "." */
};

/* The date names of language `code`, English when we have none for it. Never NULL. */
const struct wt_date_lang *wt_date_lang_get(const char *code);

/*
 * Append instant `t` formatted with MediaWiki's date format `fmt` (PHP
 * date() letters and the x-codes) as wall-clock time in tz zone `zone`
 * (NULL: UTC), with the names of `lang` (NULL: English). *ttl (may be
 * NULL) gets how many seconds the text stays right if `t` is now (-1:
 * no limit). RC_OK; RC_INVALID for years outside 0-9999; RC_TOOBIG when
 * `out` is full.
 */
int wt_time_format(struct sbuf *out, struct str fmt, int64_t t, const char *zone, const struct wt_date_lang *lang,
		   int *ttl);

/* Errors of #time. */
enum wt_time_err {
	WT_TIME_OK,        /* formatted */
	WT_TIME_INVALID,   /* the date text is not a time */
	WT_TIME_TOO_LONG,  /* more than WT_TIME_MAX_CHARS of formats in one parse */
	WT_TIME_TOO_BIG,   /* a year after 9999 */
	WT_TIME_TOO_SMALL, /* a year before 0 */
};

/* ParserFunctions allows 6000 bytes of #time formats per parse (about 10 s of work in PHP). */
#define WT_TIME_MAX_CHARS 6000

/* One {{#time:}} / {{#timel:}} call. */
struct wt_time_call {
	struct str format;        /* first argument, trimmed */
	struct str date;          /* second argument, trimmed ("" = now) */
	struct str lang;          /* third argument, trimmed */
	bool local;               /* #timel, or a true fourth argument */
	int64_t now;              /* the parse's current time */
	const char *local_zone;   /* the wiki's zone identifier for local time (NULL or "UTC": UTC) */
	const char *content_lang; /* the wiki's content language */
};

/*
 * Run #time: append the formatted date, or the error markup. `chars`
 * counts format bytes across the parse (a call repeated with the same
 * arguments is not counted again: the caller keeps a cache). *ttl (may
 * be NULL) is the cache lifetime when the date was "now", else -1.
 * RC_OK, or RC_INVALID when the error markup was written.
 */
int wt_time_func(struct sbuf *out, const struct wt_time_call *call, size_t *chars, int *ttl);

/* ---- text functions (pftext.c) ------------------------------------------ */

/* How {{formatnum:}} treats its input. */
enum wt_formatnum_mode {
	WT_FORMATNUM_GROUP, /* group digits: 1,234,567.8 */
	WT_FORMATNUM_NOSEP, /* NOSEP: no grouping, only the minus sign */
	WT_FORMATNUM_RAW,   /* R: undo the formatting (drop separators) */
};

/*
 * Append {{formatnum:num|mode}} in the language of number row `row` (-1:
 * English): numbers grouped in threes with ',' (or as the language groups
 * them), the digit counts as written, '-' as U+2212, then the language's
 * digits and separators; text that is not a number as a whole has each
 * number inside it formatted and the rest left as it is. RAW undoes it.
 */
void wt_formatnum(struct sbuf *out, struct str num, enum wt_formatnum_mode mode, int row);

/* The row of language `code` in lang.c's table of number styles, -1 when it has none (English's). */
int wt_lang_num_row(const char *code);

/* How row `row` groups digits: $minimumGroupingDigits (0: none) and the Indian 3-then-2 grouping. */
void wt_lang_num_grouping(int row, unsigned *min_group, bool *is_indian);

/*
 * Append the English-formatted number text `s` as language row `row`
 * writes it (Language::formatNum after commafying): its digits, and with
 * `separators` its ',' and '.' as the language's separators.
 */
void wt_lang_localize_num(struct sbuf *out, struct str s, int row, bool separators);

/* The reverse (Language::parseFormattedNumber before dropping ','): ASCII digits, ',' and '.'. */
void wt_lang_unlocalize_num(struct sbuf *out, struct str s, int row);

/* PHP's (int) of a string: its leading number (exponents allowed), else 0. */
long long wt_php_intval(struct str s);

/* padleft/padright stop at 500 characters, as MediaWiki does. */
#define WT_PAD_MAX 500

/*
 * Append `s` padded with repeats of `padding` (cut to fit) up to
 * `length` characters (PHP int of the text, at most WT_PAD_MAX), on the
 * left or right. Lengths count code points.
 */
void wt_pad(struct sbuf *out, struct str s, struct str length, struct str padding, bool left);

/* The three encodings of {{urlencode:}}. */
enum wt_urlencode_mode {
	WT_URLENCODE_QUERY, /* PHP urlencode: space as '+' */
	WT_URLENCODE_PATH,  /* rawurlencode: space as %20, '~' kept */
	WT_URLENCODE_WIKI,  /* wfUrlencode of the text with '_' for space */
};

/* Append `s` URL-encoded. */
void wt_url_encode(struct sbuf *out, struct str s, enum wt_urlencode_mode mode);

/* Case operations. */
enum wt_case_op {
	WT_CASE_LOWER,   /* lc: */
	WT_CASE_UPPER,   /* uc: */
	WT_CASE_LCFIRST, /* lcfirst: */
	WT_CASE_UCFIRST, /* ucfirst: */
};

/* Append `s` case-mapped as PHP's mb_strtolower/mb_strtoupper do (full mappings: ß -> SS). */
void wt_case(struct sbuf *out, struct str s, enum wt_case_op op);

/*
 * The form {{plural:number|forms}} picks in language `lang`: an explicit
 * "N=text" form whose N is the number, else the form of the number's
 * plural category in the language (the last one when fewer are given);
 * the number is read as the language writes numbers. The result is a
 * view into `forms` ("" when there are none).
 */
struct str wt_plural(struct str number, const struct str *forms, size_t n_forms, const char *lang);

/*
 * The index of the plural category of `number` (as PHP prints it) in
 * language `lang` (plural.c): the first of its CLDR rules that holds, or
 * the count of rules ("other") when none does or it is not a plain number.
 */
int wt_plural_index(const char *lang, const char *number);

/* Append `s` wrapped in LRE/RLE ... PDF after its first strong character ({{bidi:}}). */
void wt_bidi(struct sbuf *out, struct str s);

/*
 * Append {{#rel2abs:to|from}} (`from` already defaulted to the page
 * name). RC_OK, or RC_INVALID with the error markup appended when the
 * path climbs above its root.
 */
int wt_rel2abs(struct sbuf *out, struct str to, struct str from);

/* The autonym of a (lower-case) MediaWiki language code, or NULL. */
const char *wt_language_autonym(const char *code);

/* Append {{#language:code}}: the autonym, or the code as a BCP 47 tag when unknown. */
void wt_language_name(struct sbuf *out, struct str code);

/* Append `code` as a BCP 47 tag (MediaWiki's own codes mapped, case by subtag kind). */
void wt_bcp47(struct sbuf *out, struct str code);

/* True when the language writes right to left. */
bool wt_language_is_rtl(struct str code);

/*
 * Append {{#formatdate:date|pref}}: a date in one of the shapes
 * MediaWiki's DateFormatter knows, rewritten for preference `pref`
 * ("dmy", "mdy", "ymd", "ISO 8601"; anything else keeps the shape) and
 * wrapped in <span class="mw-formatted-date" title="ISO">; other text
 * unchanged.
 */
void wt_formatdate(struct sbuf *out, struct str date, struct str pref);

/* ---- small text helpers shared by the pieces above ---------------------- */

/* Append `s` with & < > " ' escaped as htmlspecialchars() does with ENT_QUOTES. */
void wt_html_escape(struct sbuf *out, struct str s);

/*
 * Append <strong class="error">…</strong> around `msg` (escaped). The
 * error markup that #iferror recognises.
 */
void wt_error_html(struct sbuf *out, const char *msg);

#endif
