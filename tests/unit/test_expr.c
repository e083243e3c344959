/* SPDX-License-Identifier: MIT */
/*
 * test_expr.c — the {{#expr:}} evaluator and PHP's number printing:
 * precedence, PHP int/float arithmetic, every error class, #ifexpr truth,
 * and the stack limit. Expected values were taken from MediaWiki 1.39 with
 * ParserFunctions on PHP 8.2.
 */
#include "../harness.h"
#include "parser/wt_pf.h"

static void gives(const char *expr, const char *want)
{
	struct sbuf sb;
	struct wt_expr_error e;
	sbuf_init(&sb, 1 << 20);
	int rc = wt_expr_eval(str_c(expr), &sb, &e, NULL);
	INT_EQ(rc, RC_OK, expr);
	STR_EQ(sbuf_cstr(&sb), want, expr);
	sbuf_release(&sb);
}

static void fails(const char *expr, enum wt_expr_err code, const char *detail)
{
	struct sbuf sb;
	struct wt_expr_error e;
	sbuf_init(&sb, 1 << 20);
	int rc = wt_expr_eval(str_c(expr), &sb, &e, NULL);
	INT_EQ(rc, RC_INVALID, expr);
	INT_EQ(e.code, code, expr);
	STR_EQ(e.detail, detail, expr);
	STR_EQ(sbuf_cstr(&sb), "", expr);
	sbuf_release(&sb);
}

static void truth(const char *expr, bool want)
{
	struct sbuf sb;
	bool t = !want;
	sbuf_init(&sb, 1 << 20);
	wt_expr_eval(str_c(expr), &sb, NULL, &t);
	INT_EQ(t, want, expr);
	sbuf_release(&sb);
}

static void php_float(double d, const char *want)
{
	char buf[WT_PHP_FLOAT_CHARS];
	wt_php_float(d, buf);
	STR_EQ(buf, want, want);
}

int main(void)
{
	php_float(1e15, "1.0E+15");
	php_float(1e14, "1.0E+14");
	php_float(123456789012345.0, "1.2345678901234E+14");
	php_float(12345678901234.0, "12345678901234");
	php_float(0.0001, "0.0001");
	php_float(0.00001, "1.0E-5");
	php_float(-0.0, "-0");
	php_float(1.0 / 3, "0.33333333333333");
	php_float(0.1 + 0.2, "0.3");
	php_float(1.5e-7, "1.5E-7");
	php_float(1e100, "1.0E+100");
	INT_EQ(wt_php_float_to_int(1e20), 7766279631452241920LL, "(int)1e20 wraps");
	INT_EQ(wt_php_float_to_int(-1e19), 8446744073709551616LL, "(int)-1e19 wraps");
	INT_EQ(wt_php_float_to_int(0.0 / 0.0), 0, "(int)NAN");
	OK(wt_php_round(1.955, 2) == 1.96, "round(1.955, 2) pre-rounds");
	OK(wt_php_round(-2.5, 0) == -3, "round half away from zero");
	OK(wt_php_round(1234567.891, -3) == 1235000, "round to negative places");

	OK(wt_php_loose_eq(str_c("01"), str_c("1")), "01 == 1");
	OK(wt_php_loose_eq(str_c("1e3"), str_c("1000")), "1e3 == 1000");
	OK(!wt_php_loose_eq(str_c("abc"), str_c("ABC")), "abc != ABC");
	OK(!wt_php_loose_eq(str_c("1a"), str_c("1")), "1a != 1");
	OK(wt_php_numeric(str_c(" 1.5 "), NULL), "is_numeric with spaces");
	OK(!wt_php_numeric(str_c("."), NULL), ". is not numeric");
	OK(!wt_php_numeric(str_c("0x1A"), NULL), "hex is not numeric");

	gives("", "");
	gives("1/3", "0.33333333333333");
	gives("5 mod 3", "2");
	gives("-5 mod 3", "-2");
	gives("5.9 mod 3", "2");
	gives("7 fmod 2.5", "2");
	gives("2^0.5", "1.4142135623731");
	gives("2^3^2", "64");
	gives("1 + 2 * 3", "7");
	gives("(1 + 2) * 3", "9");
	gives("-2^2", "4");
	gives("2 * -3", "-6");
	gives("trunc 1e20", "7766279631452241920");
	gives("trunc -3.7", "-3");
	gives("-0", "-0");
	gives("(-1)^0.5", "NAN");
	gives("0^-1", "INF");
	gives("1e400", "INF");
	gives("-1e400", "-INF");
	gives("1.955 round 2", "1.96");
	gives("2 round 3", "2");
	gives("1234.5 round -2", "1200");
	gives("1e3", "1000");
	gives("2e-3", "0.002");
	gives("3 e 2", "300");
	gives("e", "2.718281828459");
	gives("pi", "3.1415926535898");
	gives("PI * 2", "6.2831853071796");
	gives("1 = 1", "1");
	gives("1 <> 2", "1");
	gives("1 != 1", "0");
	gives("2 &lt;= 3", "1");
	gives("3 &gt; 2 and 1 < 0", "0");
	gives("0 or 0.5", "1");
	gives("not 0", "1");
	gives("not not 3", "1");
	gives("10 &minus; 3", "7");
	gives("10 \xE2\x88\x92 3", "7");
	gives("1.2.3 + 1", "2.2");
	gives(". + 1", "1");
	gives("abs -3", "3");
	gives("floor -3.5", "-4");
	gives("ceil 3.2", "4");
	gives("sqrt 16", "4");
	gives("ln e", "1");
	gives("exp 0", "1");
	gives("sin 0", "0");
	gives("cos 0", "1");
	gives("atan 1 * 4", "3.1415926535898");
	gives("6 div 3", "2");
	gives("3 / 2", "1.5");
	gives("9223372036854775807 mod 10", "-8");
	gives("(1=1) + (2=2)", "2");
	struct sbuf ws;
	sbuf_init(&ws, 64);
	wt_expr_eval(str_c("  \t\r\n 4 "), &ws, NULL, NULL);
	STR_EQ(sbuf_cstr(&ws), "4", "white space of every kind is skipped");
	sbuf_release(&ws);

	fails("1/0", WT_EXPR_DIV_ZERO, "/");
	fails("1 div 0", WT_EXPR_DIV_ZERO, "/");
	fails("1 mod 0.5", WT_EXPR_DIV_ZERO, "mod");
	fails("1 fmod 0", WT_EXPR_DIV_ZERO, "fmod");
	fails("x", WT_EXPR_UNRECOGNISED_WORD, "x");
	fails("FOO", WT_EXPR_UNRECOGNISED_WORD, "foo");
	fails("(", WT_EXPR_UNCLOSED, "");
	fails(")", WT_EXPR_UNEXPECTED_CLOSING, "");
	fails("1 2", WT_EXPR_UNEXPECTED_NUMBER, "");
	fails("pi pi", WT_EXPR_UNEXPECTED_NUMBER, "");
	fails("1 (2)", WT_EXPR_UNEXPECTED_OPERATOR, "(");
	fails("*", WT_EXPR_UNEXPECTED_OPERATOR, "*");
	fails("1 + Mod 2", WT_EXPR_UNEXPECTED_OPERATOR, "mod");
	fails("2 sin 3", WT_EXPR_UNEXPECTED_OPERATOR, "sin");
	fails("&lt;", WT_EXPR_UNEXPECTED_OPERATOR, "<");
	fails("1+", WT_EXPR_MISSING_OPERAND, "+");
	fails("abs", WT_EXPR_MISSING_OPERAND, "abs");
	fails("2 E", WT_EXPR_MISSING_OPERAND, "e");
	fails("\xE2\x82\xAC", WT_EXPR_UNRECOGNISED_PUNCT, "\xE2\x82\xAC");
	fails("1 # 2", WT_EXPR_UNRECOGNISED_PUNCT, "#");
	fails("\xFF", WT_EXPR_UNRECOGNISED_PUNCT, "\xEF\xBF\xBD");
	fails("ln 0", WT_EXPR_INVALID_ARG_LN, "ln");
	fails("asin 2", WT_EXPR_INVALID_ARG, "asin");
	fails("acos -1.5", WT_EXPR_INVALID_ARG, "acos");
	fails("sqrt -1", WT_EXPR_NOT_A_NUMBER, "sqrt");

	/* The stacks hold at most WT_EXPR_MAX_STACK entries. */
	char deep[400];
	memset(deep, '(', 150);
	deep[150] = '\0';
	fails(deep, WT_EXPR_STACK, "");
	memset(deep, '-', 300);
	memcpy(deep + 300, "1", 2);
	fails(deep, WT_EXPR_STACK, "");
	memset(deep, '(', 99);
	deep[99] = '1';
	memset(deep + 100, ')', 99);
	deep[199] = '\0';
	gives(deep, "1");

	truth("", false);
	truth("0", false);
	truth("-0", false);
	truth("0.0001", true);
	truth("1 < 0", false);
	truth("(-1)^0.5", true);
	truth("1e400", true);

	struct sbuf sb;
	struct wt_expr_error e;
	sbuf_init(&sb, 1 << 10);
	wt_expr_eval(str_c("x < 1"), &sb, &e, NULL);
	wt_expr_error_html(&e, &sb);
	OK(strncmp(sbuf_cstr(&sb), "<strong class=\"error\">", 22) == 0, "error markup for #iferror");
	OK(strstr(sbuf_cstr(&sb), "&quot;x&quot;") != NULL, "error detail is escaped");
	sbuf_release(&sb);
	return harness_done();
}
