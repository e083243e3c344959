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

/* ---- small text helpers shared by the pieces above ---------------------- */

/* Append `s` with & < > " ' escaped as htmlspecialchars() does with ENT_QUOTES. */
void wt_html_escape(struct sbuf *out, struct str s);

/*
 * Append <strong class="error">…</strong> around `msg` (escaped). The
 * error markup that #iferror recognises.
 */
void wt_error_html(struct sbuf *out, const char *msg);

#endif
