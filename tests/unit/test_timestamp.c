/* SPDX-License-Identifier: MIT */
/*
 * test_timestamp.c — every input form of ts_parse(), formatting, and
 * expiries (relative, absolute, infinite, invalid).
 */
#include "../harness.h"
#include "util/timestamp.h"

/* 2001-01-15T14:56:00Z */
#define T0 979570560

static void parses_to(const char *s, long long want)
{
	int64_t t = -1;
	int rc = ts_parse(s, &t);
	INT_EQ(rc, RC_OK, s);
	INT_EQ(t, want, s);
}

static void rejects(const char *s)
{
	int64_t t;
	INT_EQ(ts_parse(s, &t), RC_INVALID, s);
}

int main(void)
{
	parses_to("20010115145600", T0);
	parses_to("2001-01-15T14:56:00Z", T0);
	parses_to("2001-01-15T14:56:00", T0);
	parses_to("2001-01-15T14:56:00.123Z", T0);
	parses_to("2001-01-15T15:56:00+01:00", T0);
	parses_to("2001-01-15T13:56:00-0100", T0);
	parses_to("20010115T145600Z", T0);
	parses_to("2001-01-15 14:56:00", T0);
	parses_to("2001:01:15 14:56:00", T0);
	parses_to("Mon, 15 Jan 2001 14:56:00 GMT", T0);
	parses_to("Mon, 15 Jan 2001 14:56:00 +0000", T0);
	parses_to("15 Jan 2001 14:56:00 GMT", T0);
	parses_to("Monday, 15-Jan-01 14:56:00 GMT", T0);
	parses_to("Mon Jan 15 14:56:00 2001", T0);
	parses_to("979570560", T0);
	parses_to("@979570560", T0);
	parses_to("0", 0);
	parses_to("2000-02-29T00:00:00Z", 951782400);
	rejects("");
	rejects("garbage");
	/* Fields out of range carry over, as PHP's DateTime::createFromFormat() does. */
	parses_to("2001-13-01T00:00:00Z", 1009843200);
	parses_to("2001-02-29T00:00:00Z", 983404800);
	parses_to("2001-01-15T25:00:00Z", 979606800);
	parses_to("20010114480000", 979603200);
	/* ConvertibleTimestamp has no date alone, no time without seconds, no 7-digit fraction. */
	rejects("2001-01-15");
	rejects("2001-01-15T14:56");
	rejects("2001-01-15T14:56:00.1234567Z");
	rejects("2001-01-15T14:56:00 GMT");
	parses_to("2001-01-15 14:56:00 GMT", T0);
	parses_to("2001-01-15 15:56:00.5+01", T0);
	rejects("2001-01-15T14:56:00Zjunk");
	rejects("Mon, 15 Foo 2001 14:56:00 GMT");
	rejects("123456789012345");
	rejects("Mon Jan 1200101151234 14:56:00 2001"); /* used to overflow the day (fuzz_timestamp) */
	rejects("Mon Jan 015 14:56:00 2001");

	char iso[21], mw[15];
	ts_format_iso(T0, iso);
	STR_EQ(iso, "2001-01-15T14:56:00Z", "iso format");
	ts_format_mw(T0, mw);
	STR_EQ(mw, "20010115145600", "14-digit format");
	char http[30];
	ts_format_http(T0, http);
	STR_EQ(http, "Mon, 15 Jan 2001 14:56:00 GMT", "HTTP date");
	int64_t back = 0;
	INT_EQ(ts_parse(http, &back), RC_OK, "the HTTP date parses back");
	INT_EQ(back, T0, "to the same time");
	int64_t t;
	INT_EQ(ts_from_mw("20010115145600", &t), RC_OK, "from 14 digits");
	INT_EQ(t, T0, "from 14 digits value");
	INT_EQ(ts_from_mw("2001011514560", &t), RC_INVALID, "13 digits rejected");

	/* Found by fuzz_timestamp: years before 1000 lost their leading zero. */
	INT_EQ(ts_parse("0999-12-31T23:59:59Z", &t), RC_OK, "year 999 parses");
	ts_format_iso(t, iso);
	STR_EQ(iso, "0999-12-31T23:59:59Z", "year 999 in ISO form keeps four digits");
	ts_format_mw(t, mw);
	STR_EQ(mw, "09991231235959", "year 999 in 14 digits keeps four digits");
	/* Times past 9999 are clamped, not turned into 1970. */
	ts_format_iso(9999999999999LL, iso);
	STR_EQ(iso, "9999-12-31T23:59:59Z", "far future clamps to the last second of 9999");
	ts_format_mw(-99999999999999LL, mw);
	STR_EQ(mw, "00000101000000", "far past clamps to year 0");

	bool inf;
	const char *infinite[] = { "infinite", "indefinite", "infinity", "never" };
	for (size_t i = 0; i < 4; i++) {
		INT_EQ(ts_parse_expiry(infinite[i], T0, &t, &inf), RC_OK, infinite[i]);
		OK(inf, infinite[i]);
	}
	INT_EQ(ts_parse_expiry("1 week", T0, &t, &inf), RC_OK, "1 week");
	INT_EQ(t, T0 + 7 * 86400, "1 week value");
	OK(!inf, "1 week is finite");
	INT_EQ(ts_parse_expiry("3 days", T0, &t, &inf), RC_OK, "3 days");
	INT_EQ(t, T0 + 3 * 86400, "3 days value");
	INT_EQ(ts_parse_expiry("+2 hours", T0, &t, &inf), RC_OK, "+2 hours");
	INT_EQ(t, T0 + 7200, "+2 hours value");
	INT_EQ(ts_parse_expiry("1 day 2 hours", T0, &t, &inf), RC_OK, "combined");
	INT_EQ(t, T0 + 86400 + 7200, "combined value");
	INT_EQ(ts_parse_expiry("1 month", T0, &t, &inf), RC_OK, "1 month");
	INT_EQ(t, T0 + 31 * 86400, "1 month from January 15");
	INT_EQ(ts_parse_expiry("1 year", T0, &t, &inf), RC_OK, "1 year");
	INT_EQ(t, T0 + 365 * 86400, "1 year value");
	INT_EQ(ts_parse_expiry("2001-01-16T00:00:00Z", T0, &t, &inf), RC_OK, "absolute expiry");
	INT_EQ(ts_parse_expiry("soon", T0, &t, &inf), RC_INVALID, "bad expiry");
	/* An expiry is read as strtotime() does: a date alone is fine, a 13th month is not. */
	INT_EQ(ts_parse_expiry("2001-01-16", T0, &t, &inf), RC_OK, "expiry: a date alone");
	INT_EQ(ts_parse_expiry("2001-13-01T00:00:00Z", T0, &t, &inf), RC_INVALID, "expiry: month 13");
	INT_EQ(ts_parse_expiry("20011301000000", T0, &t, &inf), RC_INVALID, "expiry: 14 digits, month 13");
	/* Found by fuzz_timestamp: terms could add up past what gmtime_r() and int64_t hold. */
	INT_EQ(ts_parse_expiry("100000000 years 100000000 years", T0, &t, &inf), RC_INVALID,
	       "expiry past year 9999 rejected");
	INT_EQ(ts_parse_expiry("9000 years", T0, &t, &inf), RC_INVALID, "expiry in year 11001 rejected");
	INT_EQ(ts_parse_expiry("7000 years", T0, &t, &inf), RC_OK, "expiry in year 9001 accepted");
	INT_EQ(ts_parse_expiry("3 fortnights ago", T0, &t, &inf), RC_INVALID, "unknown word");
	INT_EQ(ts_parse_expiry("", T0, &t, &inf), RC_INVALID, "empty expiry");
	return harness_done();
}
