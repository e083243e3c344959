/* SPDX-License-Identifier: MIT */
/*
 * test_pftext.c — the text work of core parser functions: formatnum,
 * padleft/padright, urlencode, case mapping, plural, bidi, #rel2abs,
 * #language, #bcp47 and #formatdate. Expected values come from MediaWiki
 * 1.39 (content language English).
 */
#include "../harness.h"
#include "parser/wt_pf.h"

#include <stdio.h>

#define MINUS "\xE2\x88\x92"

static struct sbuf sb;

static const char *fmt_in(const char *lang, const char *num, enum wt_formatnum_mode mode)
{
	sbuf_clear(&sb);
	wt_formatnum(&sb, str_c(num), mode, wt_lang_num_row(lang));
	return sbuf_cstr(&sb);
}

static const char *fmt(const char *num, enum wt_formatnum_mode mode)
{
	return fmt_in("en", num, mode);
}

static const char *pad(const char *s, const char *len, const char *padding, bool left)
{
	sbuf_clear(&sb);
	wt_pad(&sb, str_c(s), str_c(len), str_c(padding), left);
	return sbuf_cstr(&sb);
}

static const char *enc(const char *s, enum wt_urlencode_mode mode)
{
	sbuf_clear(&sb);
	wt_url_encode(&sb, str_c(s), mode);
	return sbuf_cstr(&sb);
}

static const char *casemap(const char *s, enum wt_case_op op)
{
	sbuf_clear(&sb);
	wt_case(&sb, str_c(s), op);
	return sbuf_cstr(&sb);
}

static void plural(const char *num, const char *want, const char *f1, const char *f2, const char *f3)
{
	struct str forms[3] = { str_c(f1), str_c(f2), str_c(f3) };
	size_t n = f3 ? 3 : f2 ? 2 : f1 ? 1 : 0;
	struct str r = wt_plural(str_c(num), forms, n, "en");
	char got[128];
	snprintf(got, sizeof(got), "%.*s", (int)r.len, r.p);
	char name[128];
	snprintf(name, sizeof(name), "plural:%s", num);
	STR_EQ(got, want, name);
}

static const char *rel(const char *to, const char *from)
{
	sbuf_clear(&sb);
	wt_rel2abs(&sb, str_c(to), str_c(from));
	return sbuf_cstr(&sb);
}

static const char *lang(const char *code)
{
	sbuf_clear(&sb);
	wt_language_name(&sb, str_c(code));
	return sbuf_cstr(&sb);
}

static const char *fdate(const char *d, const char *pref)
{
	sbuf_clear(&sb);
	wt_formatdate(&sb, str_c(d), str_c(pref));
	return sbuf_cstr(&sb);
}

int main(void)
{
	sbuf_init(&sb, 1 << 20);
	STR_EQ(fmt("1234567.891", WT_FORMATNUM_GROUP), "1,234,567.891", "formatnum grouping");
	INT_EQ(wt_plural_index("en", "1"), 0, "English one");
	INT_EQ(wt_plural_index("en", "1.0"), 1, "English 1.0 is other");
	INT_EQ(wt_plural_index("ru", "22"), 1, "Russian few");
	INT_EQ(wt_plural_index("ru", "12"), 2, "Russian many");
	INT_EQ(wt_plural_index("ru", "0.5"), 3, "Russian fraction is other");
	INT_EQ(wt_plural_index("pl", "1"), 0, "Polish one");
	INT_EQ(wt_plural_index("fr", "1.5"), 0, "French one for i = 0,1");
	INT_EQ(wt_plural_index("lv", "0.1"), 1, "Latvian f operand");
	INT_EQ(wt_plural_index("ab", "21"), 0, "Abkhaz takes Russian's rules by fallback");
	INT_EQ(wt_plural_index("ru", "1.0E+25"), 3, "not a plain number is other");
	INT_EQ(wt_plural_index("ksh", "0"), 2, "Colognian zero is its third form");
	STR_EQ(fmt_in("ml", "1234567.5", WT_FORMATNUM_GROUP), "12,34,567.5", "Indian grouping (Malayalam)");
	STR_EQ(fmt_in("ml", "123", WT_FORMATNUM_GROUP), "123", "Indian grouping, one group");
	STR_EQ(fmt_in("ml", "-1234", WT_FORMATNUM_GROUP), MINUS "1,234", "Indian grouping, two groups");
	STR_EQ(fmt_in("es", "9999", WT_FORMATNUM_GROUP), "9999", "Spanish: four digits not grouped");
	STR_EQ(fmt_in("es", "-10000.5", WT_FORMATNUM_GROUP), MINUS "10\xC2\xA0" "000,5", "Spanish: five digits grouped");
	STR_EQ(fmt_in("es", "1.5e3", WT_FORMATNUM_GROUP), "1,5e3", "Spanish: short exponent form kept");
	STR_EQ(fmt_in("de", "1.234.567,89", WT_FORMATNUM_RAW), "1234567.89", "German R");
	STR_EQ(fmt_in("de", "x 1,5", WT_FORMATNUM_GROUP), "x 1,5", "German: text commas stay");
	STR_EQ(fmt_in("hi", "१२३", WT_FORMATNUM_RAW), "123", "Hindi R: digits back to ASCII");
	STR_EQ(fmt_in("hi", "-12345", WT_FORMATNUM_NOSEP), MINUS "१२३४५", "Hindi NOSEP: digits only");
	STR_EQ(fmt("-1234567", WT_FORMATNUM_GROUP), MINUS "1,234,567", "formatnum minus sign");
	STR_EQ(fmt("1e10", WT_FORMATNUM_GROUP), "10,000,000,000", "formatnum exponent");
	STR_EQ(fmt("0012", WT_FORMATNUM_GROUP), "0,012", "formatnum keeps written integer digits");
	STR_EQ(fmt(".5", WT_FORMATNUM_GROUP), ".5", "formatnum without integer digits");
	STR_EQ(fmt("1234.", WT_FORMATNUM_GROUP), "1,234.", "formatnum keeps a trailing point");
	STR_EQ(fmt("abc 1234 def 5678.9", WT_FORMATNUM_GROUP), "abc 1,234 def 5,678.9", "formatnum inside text");
	STR_EQ(fmt("123456789012345678901234567890", WT_FORMATNUM_GROUP), "123,456,789,012,345,680,000,000,000,000",
	       "formatnum of a double's shortest digits");
	STR_EQ(fmt("1.23456789012345678901", WT_FORMATNUM_GROUP), "1.23456789012345670000",
	       "formatnum keeps the written fraction length");
	STR_EQ(fmt("1e-7", WT_FORMATNUM_GROUP), "0", "formatnum rounds exponent forms to 3 decimals");
	STR_EQ(fmt("12345.6789e2", WT_FORMATNUM_GROUP), "1,234,567.89", "formatnum exponent with fraction");
	STR_EQ(fmt("-0", WT_FORMATNUM_GROUP), MINUS "0", "formatnum -0");
	STR_EQ(fmt("INF", WT_FORMATNUM_GROUP), "\xE2\x88\x9E", "formatnum INF");
	STR_EQ(fmt("1,234,567.8", WT_FORMATNUM_RAW), "1234567.8", "formatnum R");
	STR_EQ(fmt(MINUS "1,234.5", WT_FORMATNUM_RAW), "-1234.5", "formatnum R minus");
	STR_EQ(fmt("-1234567", WT_FORMATNUM_NOSEP), MINUS "1234567", "formatnum NOSEP");

	STR_EQ(pad("7", "3", "0", true), "007", "padleft");
	STR_EQ(pad("7", "3", "ab", true), "ab7", "padleft with a longer pad");
	STR_EQ(pad("\xC3\xA4\xC3\xB6", "5", "\xC3\xBC", true), "\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xA4\xC3\xB6",
	       "padleft counts characters");
	STR_EQ(pad("x", "5", "", true), "x", "padleft with empty padding");
	STR_EQ(pad("x", "1e1", "y", true), "yyyyyyyyyx", "padleft length 1e1");
	STR_EQ(pad("x", "3", "ab", false), "xab", "padright");
	OK(strlen(pad("x", "1000", "-", false)) == 500, "padright stops at 500");

	STR_EQ(enc("a b&c/~\xC3\xA9", WT_URLENCODE_QUERY), "a+b%26c%2F%7E%C3%A9", "urlencode QUERY");
	STR_EQ(enc("a b&c/~\xC3\xA9:;", WT_URLENCODE_WIKI), "a_b%26c/~%C3%A9:;", "urlencode WIKI");
	STR_EQ(enc("a b&c/~\xC3\xA9", WT_URLENCODE_PATH), "a%20b%26c%2F~%C3%A9", "urlencode PATH");

	STR_EQ(casemap("\xC3\x9F\xEF\xAC\x81\xC7\x86", WT_CASE_UPPER), "SSFI\xC7\x84", "uc full mapping");
	STR_EQ(casemap("\xC3\x9F" "a", WT_CASE_UCFIRST), "SSa", "ucfirst sharp s");
	STR_EQ(casemap("\xC4\xB0\xCE\xA3", WT_CASE_LOWER), "i\xCC\x87\xCF\x83", "lc dotted I and sigma");
	STR_EQ(casemap("\xC3\x80" "B", WT_CASE_LCFIRST), "\xC3\xA0" "B", "lcfirst");
	STR_EQ(casemap("abc", WT_CASE_UCFIRST), "Abc", "ucfirst ASCII");
	STR_EQ(casemap("_x", WT_CASE_UCFIRST), "_x", "ucfirst leaves _ alone");

	plural("1", "one", "one", "many", NULL);
	plural("2", "many", "one", "many", NULL);
	plural("1.0", "one", "one", "many", NULL);
	plural("-1", "one", "one", "many", NULL);
	plural("+1", "one", "one", "many", NULL);
	plural("1,000", "many", "one", "many", NULL);
	plural("1.5", "many", "one", "many", NULL);
	plural("3", "one", "one", NULL, NULL);
	plural("5", "five", "one", "5=five", "many");
	plural("1", "uno", "1=uno", "one", "many");
	plural("2", "", NULL, NULL, NULL);

	sbuf_clear(&sb);
	wt_bidi(&sb, str_c("abc"));
	STR_EQ(sbuf_cstr(&sb), "\xE2\x80\xAA" "abc\xE2\x80\xAC", "bidi left to right");
	sbuf_clear(&sb);
	wt_bidi(&sb, str_c("\xD7\xA9\xD7\x9C"));
	STR_EQ(sbuf_cstr(&sb), "\xE2\x80\xAB\xD7\xA9\xD7\x9C\xE2\x80\xAC", "bidi right to left");

	STR_EQ(rel("../b", "A/B/C"), "A/B/b", "rel2abs up one");
	STR_EQ(rel("/x", "Page"), "Page/x", "rel2abs subpage");
	STR_EQ(rel("x/./y//z/", "Page"), "x/y/z", "rel2abs absolute path cleaned");
	STR_EQ(rel("./.", "Page"), "Page", "rel2abs dot");
	OK(strstr(rel("../../../x", "a/b"), "class=\"error\"") != NULL, "rel2abs above the root");

	STR_EQ(lang("de"), "Deutsch", "language de");
	STR_EQ(lang("EN"), "English", "language is case-insensitive");
	STR_EQ(lang("xx-yy"), "xx-YY", "unknown language as BCP 47");
	STR_EQ(lang("zh-hans"), "\xE4\xB8\xAD\xE6\x96\x87\xEF\xBC\x88\xE7\xAE\x80\xE4\xBD\x93\xEF\xBC\x89", "zh-hans");
	sbuf_clear(&sb);
	wt_bcp47(&sb, str_c("sr-ec"));
	STR_EQ(sbuf_cstr(&sb), "sr-Cyrl", "bcp47 of a MediaWiki code");
	sbuf_clear(&sb);
	wt_bcp47(&sb, str_c("ab-cdef-gh-x-ab-cdef"));
	STR_EQ(sbuf_cstr(&sb), "ab-Cdef-GH-x-ab-Cdef", "bcp47 subtag cases");
	OK(wt_language_is_rtl(str_c("he")) && !wt_language_is_rtl(str_c("de")), "language direction");

	STR_EQ(fdate("2020-01-01", ""), "<span class=\"mw-formatted-date\" title=\"2020-01-01\">2020-01-01</span>",
	       "formatdate ISO");
	STR_EQ(fdate("1 January 2020", "mdy"),
	       "<span class=\"mw-formatted-date\" title=\"2020-01-01\">January 1, 2020</span>", "formatdate to mdy");
	STR_EQ(fdate("January 1, 2020", "ISO 8601"),
	       "<span class=\"mw-formatted-date\" title=\"2020-01-01\">2020-01-01</span>", "formatdate to ISO");
	STR_EQ(fdate("44 BC March 15", "dmy"),
	       "<span class=\"mw-formatted-date\" title=\"-0043-03-15\">15 March 44 BC</span>", "formatdate BC");
	STR_EQ(fdate("13 Foo 2020", "dmy"), "13 Foo 2020", "formatdate leaves other text");
	sbuf_release(&sb);
	return harness_done();
}
