/* SPDX-License-Identifier: MIT */
/*
 * calendar.c — the other calendars and numeral systems of #time's
 * x-codes: Iranian (Jalali, the 33-year arithmetic rule), Hebrew (year
 * start after Gauss's Passover formula), Hijri (the tabular Islamic
 * calendar), Thai solar, Minguo and Japanese era years, and Roman and
 * Hebrew numerals. Each conversion starts from a Gregorian date and does
 * its integer arithmetic the way MediaWiki's does (truncating division
 * where it truncates, flooring where it floors), so the results agree
 * day for day, including outside the range the rules were made for.
 */
#include "wt_pf.h"

#include <math.h>
#include <stdio.h>

static bool greg_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static const int greg_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
static const int iranian_days[12] = { 31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 29 };

int wt_iranian_month_days(int month)
{
	return month >= 1 && month <= 12 ? iranian_days[month - 1] : 0;
}

void wt_to_iranian(int y, int m, int d, int out[4])
{
	long long gy = y - 1600, gm = m - 1, gd = d - 1;
	/* Days since 1600-01-01 (Gregorian), then shifted to the Jalali epoch. */
	long long days = 365 * gy + (long long)floor((gy + 3) / 4.0) - (long long)floor((gy + 99) / 100.0) +
			 (long long)floor((gy + 399) / 400.0);
	for (long long i = 0; i < gm && i < 12; i++)
		days += greg_days[i];
	if (gm > 1 && greg_leap(gy))
		days++;
	days += gd;
	long long jd = days - 79;
	long long cycles = (long long)floor(jd / 12053.0); /* 33-year cycles of 12053 days */
	jd %= 12053;
	long long jy = 979 + 33 * cycles + 4 * (long long)floor(jd / 1461.0);
	jd %= 1461;
	if (jd >= 366) {
		jy += (long long)floor((jd - 1) / 365.0);
		jd = (jd - 1) % 365;
	}
	long long day_of_year = jd;
	int i = 0;
	for (; i < 11 && jd >= iranian_days[i]; i++)
		jd -= iranian_days[i];
	out[0] = (int)jy;
	out[1] = i + 1;
	out[2] = (int)jd + 1;
	out[3] = (int)day_of_year;
}

void wt_to_hijri(int y, int m, int d, int out[3])
{
	/* Julian day number, Gregorian rule after the 1582 reform, Julian before. */
	long long jdn;
	if (y > 1582 || (y == 1582 && m > 10) || (y == 1582 && m == 10 && d > 14)) {
		long long a = (m - 14) / 12;
		jdn = (1461 * (y + 4800 + a)) / 4 + (367 * (m - 2 - 12 * a)) / 12 -
		      (3 * ((y + 4900 + a) / 100)) / 4 + d - 32075;
	} else {
		jdn = 367LL * y - (7 * (y + 5001 + (m - 9) / 7)) / 4 + (275 * m) / 9 + d + 1729777;
	}
	/* The 30-year tabular cycle of 10631 days. */
	long long l = jdn - 1948440 + 10632;
	long long n = (l - 1) / 10631;
	l = l - 10631 * n + 354;
	long long j = ((10985 - l) / 5316) * ((50 * l) / 17719) + (l / 5670) * ((43 * l) / 15238);
	l = l - ((30 - j) / 15) * ((17719 * j) / 50) - (j / 16) * ((15238 * j) / 43) + 29;
	long long hm = (24 * l) / 709;
	out[2] = (int)(l - (709 * hm) / 24);
	out[1] = (int)hm;
	out[0] = (int)(30 * n + j - 30);
}

/* Start of Hebrew year `year` as days after 1 September of the Gregorian year before (Gauss). */
static long long hebrew_year_start(long long year)
{
	long long a = (12 * (year - 1) + 17) % 19;
	long long b = (year - 1) % 4;
	double m = 32.044093161144 + 1.5542417966212 * (double)a + (double)b / 4.0 - 0.0031777940220923 * (double)(year - 1);
	if (m < 0)
		m--;
	long long mar = (long long)m; /* truncation, as intval() */
	if (m < 0)
		m++;
	m -= (double)mar;
	long long c = (mar + 3 * (year - 1) + 5 * b + 5) % 7;
	if (c == 0 && a > 11 && m >= 0.89772376543210)
		mar++;
	else if (c == 1 && a > 6 && m >= 0.63287037037037)
		mar += 2;
	else if (c == 2 || c == 4 || c == 6)
		mar++;
	mar += (year - 3761) / 100 - (year - 3761) / 400 - 24;
	return mar;
}

void wt_to_hebrew(int gy, int gm, int gd, int out[4])
{
	long long year = gy, hyear = gy + 3760;
	long long month = gm + 4; /* September = 1 */
	if (month > 12) {
		month -= 12;
		year++;
		hyear++;
	}
	long long doy = gd; /* day of the year counted from 1 September */
	for (long long i = 1; i < month; i++) {
		if (i == 6)
			doy += 28 + greg_leap(year);
		else if (i == 8 || i == 10 || i == 1 || i == 3)
			doy += 30;
		else
			doy += 31;
	}
	long long start = hebrew_year_start(hyear), next;
	if (doy <= start) {
		next = start;
		year--;
		hyear--;
		doy += 365 + greg_leap(year);
		start = hebrew_year_start(hyear);
	} else {
		next = hebrew_year_start(hyear + 1);
	}
	long long hday = doy - start;
	/* Year length beyond 353/354/355 (+30 in leap years) tells its kind. */
	long long diff = next - start + (greg_leap(year) ? 13 : 12);
	long long kind = diff % 30; /* 0 deficient, 1 regular, 2 complete */
	bool leap = diff >= 30;
	long long hmonth = 1, days = 0;
	while (hmonth <= 12) {
		if (leap && hmonth == 6) {
			days = 30; /* Adar I */
			if (hday <= days) {
				hmonth = 13;
			} else {
				hday -= days;
				days = 29; /* Adar II */
				if (hday <= days)
					hmonth = 14;
			}
		} else if (hmonth == 2 && kind == 2) {
			days = 30;
		} else if (hmonth == 3 && kind == 0) {
			days = 29;
		} else {
			days = 30 - (hmonth - 1) % 2;
		}
		if (hday <= days)
			break;
		hday -= days;
		hmonth++;
	}
	out[0] = (int)hyear;
	out[1] = (int)hmonth;
	out[2] = (int)hday;
	out[3] = (int)days;
}

void wt_calendar_year(char kind, int y, int m, int d, struct sbuf *out)
{
	if (kind == 'k') {
		/* Thai solar: +543; before 1941 the year began on 1 April. */
		int ty = y + 543;
		if (y >= 1912 && y <= 1940 && m <= 3)
			ty--;
		sbuf_addf(out, "%d", ty);
		return;
	}
	if (kind == 'o') {
		sbuf_addf(out, "%d", y - 1911); /* Minguo: years since 1911 */
		return;
	}
	/* Japanese eras (nengō) from Meiji on; the first year is 元. */
	static const struct {
		int y, m, d;      /* first day of the era */
		const char *name; /* era name */
	} eras[] = {
		{ 2019, 5, 1, "\xE4\xBB\xA4\xE5\x92\x8C" },   /* Reiwa */
		{ 1989, 1, 8, "\xE5\xB9\xB3\xE6\x88\x90" },   /* Heisei */
		{ 1926, 12, 26, "\xE6\x98\xAD\xE5\x92\x8C" }, /* Showa */
		{ 1912, 7, 31, "\xE5\xA4\xA7\xE6\xAD\xA3" },  /* Taisho */
		{ 1868, 1, 1, "\xE6\x98\x8E\xE6\xB2\xBB" },   /* Meiji (and everything before) */
	};
	size_t e = 0;
	while (e + 1 < ARRAY_SIZE(eras) &&
	       (y < eras[e].y || (y == eras[e].y && (m < eras[e].m || (m == eras[e].m && d < eras[e].d)))))
		e++;
	int n = y - eras[e].y + 1;
	sbuf_adds(out, eras[e].name);
	if (n == 1)
		sbuf_adds(out, "\xE5\x85\x83");
	else
		sbuf_addf(out, "%d", n);
}

void wt_roman(long long num, struct sbuf *out)
{
	if (num > 10000 || num <= 0) {
		sbuf_addf(out, "%lld", num);
		return;
	}
	static const char *const ones[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
	static const char *const tens[] = { "", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC" };
	static const char *const hundreds[] = { "", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM" };
	for (long long k = num / 1000; k > 0; k--)
		sbuf_addc(out, 'M');
	sbuf_adds(out, hundreds[num / 100 % 10]);
	sbuf_adds(out, tens[num / 10 % 10]);
	sbuf_adds(out, ones[num % 10]);
}

/* Hebrew letters by value: units, tens, hundreds (UTF-8). */
static const char *const heb_units[] = { "", "\xD7\x90", "\xD7\x91", "\xD7\x92", "\xD7\x93", "\xD7\x94",
					 "\xD7\x95", "\xD7\x96", "\xD7\x97", "\xD7\x98", "\xD7\x99" };
static const char *const heb_tens[] = { "", "\xD7\x99", "\xD7\x9B", "\xD7\x9C", "\xD7\x9E", "\xD7\xA0",
					"\xD7\xA1", "\xD7\xA2", "\xD7\xA4", "\xD7\xA6", "\xD7\xA7" };
#define HEB_QOF "\xD7\xA7"
#define HEB_RESH "\xD7\xA8"
#define HEB_SHIN "\xD7\xA9"
#define HEB_TAV "\xD7\xAA"

void wt_hebrew_numeral(long long num, struct sbuf *out)
{
	if (num > 9999 || num <= 0) {
		sbuf_addf(out, "%lld", num);
		return;
	}
	/* Round thousands are written with the word for thousand(s). */
	if (num == 1000) {
		sbuf_adds(out, "\xD7\x90' \xD7\x90\xD7\x9C\xD7\xA3");
		return;
	}
	if (num % 1000 == 0) {
		sbuf_adds(out, heb_units[num / 1000]);
		sbuf_adds(out, "' \xD7\x90\xD7\x9C\xD7\xA4\xD7\x99\xD7\x9D");
		return;
	}
	/* Collect letters (each a short UTF-8 string), then add the marks. */
	const char *letters[16];
	size_t n = 0;
	if (num >= 1000) {
		letters[n++] = heb_units[num / 1000];
		letters[n++] = "'";
		num %= 1000;
	}
	if (num >= 100) {
		static const char *const h[][3] = { { NULL }, { HEB_QOF }, { HEB_RESH }, { HEB_SHIN }, { HEB_TAV },
						    { HEB_TAV, HEB_QOF }, { HEB_TAV, HEB_RESH },
						    { HEB_TAV, HEB_SHIN }, { HEB_TAV, HEB_TAV },
						    { HEB_TAV, HEB_TAV, HEB_QOF } };
		for (size_t k = 0; k < 3 && h[num / 100][k]; k++)
			letters[n++] = h[num / 100][k];
		num %= 100;
	}
	if (num == 15 || num == 16) {
		/* Written 9+6 and 9+7, avoiding spellings of the divine name. */
		letters[n++] = heb_units[9];
		letters[n++] = heb_units[num - 9];
		num = 0;
	}
	if (num >= 10) {
		letters[n++] = heb_tens[num / 10];
		num %= 10;
	}
	if (num > 0)
		letters[n++] = heb_units[num];
	if (n == 1) {
		sbuf_adds(out, letters[0]);
		sbuf_addc(out, '\'');
		return;
	}
	/* The last letter takes its final form: kaf, mem, nun, pe, tsadi. */
	static const char *const plain[] = { "\xD7\x9B", "\xD7\x9E", "\xD7\xA0", "\xD7\xA4", "\xD7\xA6" };
	static const char *const final[] = { "\xD7\x9A", "\xD7\x9D", "\xD7\x9F", "\xD7\xA3", "\xD7\xA5" };
	for (size_t k = 0; k < ARRAY_SIZE(plain); k++)
		if (strcmp(letters[n - 1], plain[k]) == 0)
			letters[n - 1] = final[k];
	bool one_after_thousands = n == 3 && strcmp(letters[1], "'") == 0;
	for (size_t k = 0; k < n; k++) {
		if (k == n - 1 && !one_after_thousands)
			sbuf_addc(out, '"'); /* gershayim before the last letter */
		sbuf_adds(out, letters[k]);
	}
	if (one_after_thousands)
		sbuf_addc(out, '\''); /* 1001-1009, 2020 ...: a geresh after the single letter */
}
