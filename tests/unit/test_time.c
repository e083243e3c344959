/* SPDX-License-Identifier: MIT */
/*
 * test_time.c — #time: the date input grammar (absolute, relative,
 * zones), the format codes and x-codes, the calendars and numerals, the
 * cache lifetime, and the error cases. Expected values come from
 * MediaWiki 1.39 with ParserFunctions on PHP 8.2; "now" is fixed at
 * 2026-12-02T15:16:32Z (a Wednesday).
 */
#include "../harness.h"
#include "parser/wt_pf.h"

#include <stdio.h>

#define NOW 1796224592LL /* 2026-12-02T15:16:32Z */

/* Parse `in` and format it as "Y-m-d H:i:s" in UTC. */
static void parses(const char *in, const char *want)
{
	int64_t t;
	char name[200];
	snprintf(name, sizeof(name), "parse \"%s\"", in);
	if (!OK(wt_time_parse(str_c(in), NOW, &t) == RC_OK, name))
		return;
	struct sbuf sb;
	sbuf_init(&sb, 256);
	wt_time_format(&sb, str_c("Y-m-d H:i:s"), t, NULL, NULL, NULL);
	STR_EQ(sbuf_cstr(&sb), want, name);
	sbuf_release(&sb);
}

static void refuses(const char *in)
{
	int64_t t;
	char name[200];
	snprintf(name, sizeof(name), "refuse \"%s\"", in);
	INT_EQ(wt_time_parse(str_c(in), NOW, &t), RC_INVALID, name);
}

/* {{#time:fmt|date}} as the function runs it. */
static void formats(const char *fmt, const char *date, const char *want)
{
	struct wt_time_call c = { .format = str_c(fmt), .date = str_c(date), .now = NOW, .content_lang = "en" };
	struct sbuf sb;
	size_t chars = 0;
	sbuf_init(&sb, 4096);
	wt_time_func(&sb, &c, &chars, NULL);
	char name[200];
	snprintf(name, sizeof(name), "#time:%s|%s", fmt, date);
	STR_EQ(sbuf_cstr(&sb), want, name);
	sbuf_release(&sb);
}

static void ttl_of(const char *fmt, int want)
{
	struct wt_time_call c = { .format = str_c(fmt), .now = NOW, .content_lang = "en" };
	struct sbuf sb;
	size_t chars = 0;
	int ttl = 0;
	sbuf_init(&sb, 4096);
	wt_time_func(&sb, &c, &chars, &ttl);
	INT_EQ(ttl, want, fmt);
	sbuf_release(&sb);
}

int main(void)
{
	parses("now", "2026-12-02 15:16:32");
	parses("today", "2026-12-02 00:00:00");
	parses("tomorrow", "2026-12-03 00:00:00");
	parses("yesterday noon", "2026-12-01 12:00:00");
	parses("00:00 2020", "2020-12-02 00:00:00");
	parses("+1 day", "2026-12-03 15:16:32");
	parses("+2 weeks 3 days", "2026-12-19 15:16:32");
	parses("1 year ago", "2025-12-02 15:16:32");
	parses("-1 week 2 days", "2026-11-27 15:16:32");
	parses("next monday", "2026-12-07 00:00:00");
	parses("last friday", "2026-11-27 00:00:00");
	parses("sunday this week", "2026-12-06 00:00:00");
	parses("saturday last week", "2026-11-28 00:00:00");
	parses("next week", "2026-12-07 15:16:32");
	parses("first day of next month", "2027-01-01 15:16:32");
	parses("last day of february 2024", "2024-02-29 00:00:00");
	parses("first monday of january 2021", "2021-01-04 00:00:00");
	parses("last friday of next month", "2027-01-29 00:00:00");
	parses("+3 weekdays", "2026-12-07 15:16:32");
	parses("2020-01-31 +1 month", "2020-03-02 00:00:00");
	parses("2020-01-01", "2020-01-01 00:00:00");
	/* Bare ISO dates take a short cut past the rule scan; the answers are the scan's. */
	parses("2019-02-31", "2019-03-03 00:00:00");
	parses("2019-00-00", "2018-11-30 00:00:00");
	parses(" 1849-01-02 ", "1849-01-02 00:00:00");
	parses("2019-3-4", "2019-03-04 00:00:00");
	parses("2020/1/2", "2020-01-02 00:00:00");
	parses("1/2/20", "2020-01-02 00:00:00");
	parses("12/25", "2026-12-25 00:00:00");
	parses("2020-01-01T12:34:56+02:00", "2020-01-01 10:34:56");
	parses("2020-01-01 12:34:56 GMT+0130", "2020-01-01 11:04:56");
	parses("20200101123456", "2020-01-01 12:34:56");
	parses("@1234567890", "2009-02-13 23:31:30");
	parses("@-1000", "1969-12-31 23:43:20");
	parses("1 January 2020", "2020-01-01 00:00:00");
	parses("January 1, 2020", "2020-01-01 00:00:00");
	parses("July 1st, 2008", "2008-07-01 00:00:00");
	parses("14 III 1879", "1879-03-14 00:00:00");
	parses("June 2008", "2008-06-01 00:00:00");
	parses("30.6.08", "2008-06-30 00:00:00");
	parses("2008.197", "2008-07-15 00:00:00");
	parses("2008-W27-3", "2008-07-02 00:00:00");
	parses("10/Oct/2000:13:55:36 -0700", "2000-10-10 20:55:36");
	parses("back of 7pm", "2026-12-02 19:15:00");
	parses("3pm tomorrow", "2026-12-03 00:00:00");
	parses("tomorrow 3pm", "2026-12-03 15:00:00");
	parses("12am", "2026-12-02 00:00:00");
	parses("2020-01-01 EDT", "2020-01-01 04:00:00");
	parses("2020-01-01 IST", "2019-12-31 22:00:00");
	parses("Mon, 15 Jan 2001 14:56:00 GMT", "2001-01-15 14:56:00");
	refuses("garbage");
	refuses("2020-01-01 2020-01-02");
	refuses("12:00 13:00");
	refuses("2020-13-01");
	refuses("June 5x");
	refuses("II");
	refuses("");

	/* Zones from the tz database, across daylight saving changes. */
	parses("2020-06-01 12:00 Europe/Berlin", "2020-06-01 10:00:00");
	parses("2020-01-01 12:00 Europe/Berlin", "2020-01-01 11:00:00");
	parses("2020-10-25 02:30 Europe/Berlin", "2020-10-25 00:30:00");
	parses("2020-03-08 02:30 America/New_York", "2020-03-08 07:30:00");
	parses("2193-07-02 12:00 America/Chicago", "2193-07-02 17:00:00");
	refuses("2020-06-01 12:00 europe/berlin");

	formats("Y", "0999-01-01", "0999");
	formats("xrY xhY xnY", "2020-06-01", "MMXX \xD7\x91'\xD7\x9A' 2020");
	formats("xq xiq x", "2020-06-01", "q q x");
	formats("\"abc\"d \"e", "2020-06-01", "abc01 \"UTC");
	formats("\\d\\", "2020-06-01", "d\\");
	formats("U c r", "0999-01-01", "-30641760000 0999-01-01T00:00:00+00:00 Tue, 01 Jan 0999 00:00:00 +0000");
	formats("D l N w z W t L o", "2021-01-01", "Fri Friday 5 5 0 53 31 0 2020");
	formats("xij xiF xin xiy xiY xit xiz", "2021-03-21", "1 Farvardin 1 00 1400 31 0");
	formats("xjj xjF xjt xjx xjn xjY", "2024-03-21", "11 Adar II 29 Adar II 14 5784");
	formats("xmj xmF xmn xmY", "2024-03-21", "11 Ramadan 9 1445");
	formats("xkY xoY xtY", "1989-01-07", "2532 78 \xE6\x98\xAD\xE5\x92\x8C" "64");
	formats("xtY", "2019-05-01", "\xE4\xBB\xA4\xE5\x92\x8C\xE5\x85\x83");
	formats("g G h H a A", "2020-06-01 00:30", "12 0 12 00 am AM");
	formats("xrxN Y xnY xN Y", "2020-06-01", " 2020 2020  MMXX");
	formats("xhd xhj xh Y xr d", "2020-06-15", "\xD7\x98\"\xD7\x95 \xD7\x98\"\xD7\x95  \xD7\x91'\xD7\x9A'  XV");
	formats("xjY xhxjY", "2020-06-15", "5780 \xD7\x94'\xD7\xAA\xD7\xA9\"\xD7\xA3");
	formats("e T P O Z I", "2020-06-15", "UTC UTC +00:00 +0000 0 0");
	formats("Y", "10000-01-01", "2000");
	formats("Y", "-1 year", "2025");
	formats("Y", "garbage", "<strong class=\"error\">Error: the time is not valid.</strong>");
	formats("Y", "+10000-01-01", "<strong class=\"error\">Error: #time handles years up to 9999 only.</strong>");
	formats("Y", "-0001-01-01", "<strong class=\"error\">Error: #time handles years from 0 on only.</strong>");

	/* Local time in a named zone (#timel on a wiki with $wgLocaltimezone). */
	struct wt_time_call lc = { .format = str_c("Y-m-d H:i e T P I"), .date = str_c("2020-06-15 12:00"),
				   .local = true, .now = NOW, .local_zone = "Europe/Berlin", .content_lang = "en" };
	struct sbuf sb;
	size_t chars = 0;
	sbuf_init(&sb, 256);
	wt_time_func(&sb, &lc, &chars, NULL);
	STR_EQ(sbuf_cstr(&sb), "2020-06-15 14:00 Europe/Berlin CEST +02:00 1", "#timel in Europe/Berlin");
	sbuf_release(&sb);

	/* 6000 bytes of formats per parse, then an error. */
	chars = 5999;
	struct wt_time_call big = { .format = str_c("Y"), .date = str_c("2020-01-01"), .now = NOW };
	sbuf_init(&sb, 256);
	OK(wt_time_func(&sb, &big, &chars, NULL) == RC_OK, "the 6000th format byte is allowed");
	OK(wt_time_func(&sb, &big, &chars, NULL) == RC_INVALID, "the 6001st is refused");
	sbuf_release(&sb);

	/* Cache lifetimes for the current time (2026-12-02 15:16:32, a Wednesday). */
	ttl_of("s", 1);
	ttl_of("i", 28);
	ttl_of("H", 2608);
	ttl_of("a", 31408);
	ttl_of("d", 31408);
	ttl_of("W", 4 * 86400 + 31408);
	ttl_of("m", 29 * 86400 + 31408);
	ttl_of("Y", 29 * 86400 + 31408);
	ttl_of("L", 29 * 86400 + 31408 + 365 * 86400);
	ttl_of("\"x\"", -1);

	/* Numerals on their own. */
	sbuf_init(&sb, 256);
	wt_roman(1994, &sb);
	sbuf_addc(&sb, ' ');
	wt_roman(0, &sb);
	sbuf_addc(&sb, ' ');
	wt_hebrew_numeral(1000, &sb);
	sbuf_addc(&sb, ' ');
	wt_hebrew_numeral(5000, &sb);
	STR_EQ(sbuf_cstr(&sb), "MCMXCIV 0 \xD7\x90' \xD7\x90\xD7\x9C\xD7\xA3 \xD7\x94' \xD7\x90\xD7\x9C\xD7\xA4\xD7\x99\xD7\x9D",
	       "roman and hebrew numerals");
	sbuf_release(&sb);
	return harness_done();
}
