/* SPDX-License-Identifier: MIT */
/*
 * timestamp.c — parsing and formatting of MediaWiki timestamps. The
 * accepted forms are those of MediaWiki's ConvertibleTimestamp; each
 * form is tried in turn on the whole string, so trailing junk is never
 * silently ignored.
 */
#include "timestamp.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <time.h>

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/*
 * Validate fields and compute Unix time. Returns RC_OK or RC_INVALID.
 * With `overflow`, fields past their range carry into the next larger
 * one instead (month 13 is January of the next year, day 0 the last day
 * of the month before, 25:61:60 a day, an hour, two minutes on), as PHP's
 * DateTime::createFromFormat() does for ConvertibleTimestamp; every
 * field then has at most two digits (four for the year), so nothing
 * overflows the arithmetic.
 */
static int make_time(int y, int mo, int d, int h, int mi, int s, bool overflow, int64_t *out)
{
	if (overflow) {
		int64_t ym = (int64_t)y * 12 + (mo - 1);
		int64_t yy = ym >= 0 ? ym / 12 : (ym - 11) / 12;
		*out = (days_from_civil(yy, (int)(ym - yy * 12) + 1, 1) + d - 1) * 86400 + (int64_t)h * 3600 +
		       mi * 60 + s;
		return RC_OK;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || s < 0 || s > 60)
		return RC_INVALID;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + (s == 60 ? 59 : s);
	return RC_OK;
}

/* Read exactly `n` digits at *p; advance. */
static bool digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Month from a three-letter English abbreviation (1..12), or 0. */
static int month_abbr(const char *p)
{
	static const char *const names[] = { "jan", "feb", "mar", "apr", "may", "jun",
					     "jul", "aug", "sep", "oct", "nov", "dec" };
	for (int i = 0; i < 12; i++)
		if (strncasecmp(p, names[i], 3) == 0)
			return i + 1;
	return 0;
}

/* Zone suffix: "", "Z", "GMT", "UTC", "+hh:mm", "+hhmm", "-hh". Seconds east of UTC. */
static bool zone(const char *p, int64_t *off)
{
	while (*p == ' ')
		p++;
	*off = 0;
	if (!*p || strcasecmp(p, "Z") == 0 || strcasecmp(p, "GMT") == 0 || strcasecmp(p, "UTC") == 0 ||
	    strcasecmp(p, "UT") == 0)
		return true;
	if (*p != '+' && *p != '-')
		return false;
	int sign = *p == '-' ? -1 : 1, hh, mm = 0;
	p++;
	if (!digits(&p, 2, &hh))
		return false;
	if (*p == ':')
		p++;
	if (*p && !digits(&p, 2, &mm))
		return false;
	if (*p || hh > 23 || mm > 59)
		return false;
	*off = sign * (hh * 3600 + mm * 60);
	return true;
}

/*
 * The forms ConvertibleTimestamp reads with a pattern of fixed fields,
 * exactly as its patterns allow them: ISO 8601 "YYYY-MM-DD[T ]HH:MM:SS"
 * and basic "YYYYMMDDTHHMMSS", each with an optional fraction of 1-6
 * digits and zone "Z", "+hh", "+hhmm" or "+hh:mm"; PostgreSQL's
 * "YYYY-MM-DD HH:MM:SS[.frac]" with " GMT" or a bare "+hh"/"-hh"/" hh";
 * EXIF "YYYY:MM:DD HH:MM:SS". A date alone or a time without seconds is
 * not a timestamp there. Fields out of range carry over (make_time()).
 */
static int parse_fixed(const char *s, int64_t *out)
{
	const char *p = s;
	int y, mo, d, h, mi, sec, zh = 0, zm = 0, sign = 1;
	char sep = 0, tsep = 'T';
	if (!digits(&p, 4, &y))
		return RC_INVALID;
	if (*p == '-' || *p == ':') {
		sep = *p++;
		if (!digits(&p, 2, &mo) || *p++ != sep || !digits(&p, 2, &d))
			return RC_INVALID;
		tsep = *p++;
		if ((tsep != 'T' || sep == ':') && tsep != ' ')
			return RC_INVALID;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) || *p++ != ':' || !digits(&p, 2, &sec))
			return RC_INVALID;
	} else if (!digits(&p, 2, &mo) || !digits(&p, 2, &d) || *p++ != 'T' || !digits(&p, 2, &h) ||
		   !digits(&p, 2, &mi) || !digits(&p, 2, &sec)) {
		return RC_INVALID;
	}
	if (sep == ':')
		return *p ? RC_INVALID : make_time(y, mo, d, h, mi, sec, true, out);
	if (*p == '.' || *p == ',') {
		p++;
		int n = 0;
		while (isdigit((unsigned char)*p) && n < 7)
			p++, n++;
		if (n < 1 || n > 6)
			return RC_INVALID;
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-' || (*p == ' ' && tsep == ' ' && sep && isdigit((unsigned char)p[1]))) {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &zh))
			return RC_INVALID;
		if (*p == ':')
			p++;
		if (*p && !digits(&p, 2, &zm))
			return RC_INVALID;
	} else if (sep && tsep == ' ' && strcmp(p, " GMT") == 0) {
		p += 4;
	}
	if (*p || make_time(y, mo, d, h, mi, sec, true, out) != RC_OK)
		return RC_INVALID;
	*out -= sign * (zh * 3600 + zm * 60);
	return RC_OK;
}

/*
 * The looser ISO-like forms an expiry takes (strtotime()): a date
 * alone, a time without seconds, zone words; fields must be in range.
 */
static int parse_iso(const char *s, int64_t *out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	if (!digits(&p, 4, &y))
		return RC_INVALID;
	char sep = *p;
	bool ext = sep == '-' || sep == ':';
	if (ext)
		p++;
	if (!digits(&p, 2, &mo))
		return RC_INVALID;
	if (ext && *p++ != sep)
		return RC_INVALID;
	if (!digits(&p, 2, &d))
		return RC_INVALID;
	if (*p == 'T' || (*p == ' ' && ext)) {
		p++;
		if (!digits(&p, 2, &h))
			return RC_INVALID;
		if (ext && *p == ':')
			p++;
		if (!digits(&p, 2, &mi))
			return RC_INVALID;
		if (*p == ':' || (!ext && isdigit((unsigned char)*p))) {
			if (*p == ':')
				p++;
			if (!digits(&p, 2, &sec))
				return RC_INVALID;
		}
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return RC_INVALID;
			while (isdigit((unsigned char)*p))
				p++;
		}
	} else if (sep == ':' || !ext) {
		return RC_INVALID; /* EXIF and basic forms need a time */
	}
	int64_t off;
	if (!zone(p, &off) || make_time(y, mo, d, h, mi, sec, false, out) != RC_OK)
		return RC_INVALID;
	*out -= off;
	return RC_OK;
}

/* "hh:mm:ss" at *p. */
static bool clock_time(const char **p, int *h, int *mi, int *s)
{
	return digits(p, 2, h) && *(*p)++ == ':' && digits(p, 2, mi) && *(*p)++ == ':' && digits(p, 2, s);
}

/* RFC 2822 "Tue, 15 Nov 1994 08:12:31 GMT" and RFC 850 "Tuesday, 15-Nov-94 08:12:31 GMT". */
static int parse_rfc(const char *s, bool overflow, int64_t *out)
{
	const char *p = s;
	const char *comma = strchr(s, ',');
	if (comma) {
		p = comma + 1;
		while (*p == ' ')
			p++;
	}
	int d, mo, y, h, mi, sec;
	if (!isdigit((unsigned char)*p))
		return RC_INVALID;
	d = *p++ - '0';
	if (isdigit((unsigned char)*p))
		d = d * 10 + (*p++ - '0');
	char sep = *p++;
	if (sep != ' ' && sep != '-')
		return RC_INVALID;
	mo = month_abbr(p);
	if (!mo)
		return RC_INVALID;
	p += 3;
	if (*p++ != sep)
		return RC_INVALID;
	const char *ys = p;
	while (isdigit((unsigned char)*p))
		p++;
	if (p - ys == 2)
		y = (ys[0] - '0') * 10 + (ys[1] - '0'), y += y < 70 ? 2000 : 1900;
	else if (p - ys == 4)
		y = (ys[0] - '0') * 1000 + (ys[1] - '0') * 100 + (ys[2] - '0') * 10 + (ys[3] - '0');
	else
		return RC_INVALID;
	if (*p++ != ' ' || !clock_time(&p, &h, &mi, &sec))
		return RC_INVALID;
	int64_t off;
	if (!zone(p, &off) || make_time(y, mo, d, h, mi, sec, overflow, out) != RC_OK)
		return RC_INVALID;
	*out -= off;
	return RC_OK;
}

/* asctime "Tue Nov 15 08:12:31 1994" (day may be space-padded). */
static int parse_asctime(const char *s, bool overflow, int64_t *out)
{
	const char *p = s;
	if (strlen(s) < 24 || s[3] != ' ')
		return RC_INVALID;
	p += 4;
	int mo = month_abbr(p), d, h, mi, sec, y;
	if (!mo || p[3] != ' ')
		return RC_INVALID;
	p += 4;
	if (*p == ' ')
		p++;
	/* One or two digits: more used to overflow `d` (found by fuzz_timestamp). */
	d = 0;
	for (int i = 0; i < 2 && isdigit((unsigned char)*p); i++)
		d = d * 10 + (*p++ - '0');
	if (*p++ != ' ' || !clock_time(&p, &h, &mi, &sec) || *p++ != ' ' || !digits(&p, 4, &y) || *p)
		return RC_INVALID;
	return make_time(y, mo, d, h, mi, sec, overflow, out);
}

/* 14 digits "YYYYMMDDHHMMSS"; fields carry over with `overflow` (make_time()). */
static int mw14(const char *s, bool overflow, int64_t *out)
{
	const char *p = s;
	int y, mo, d, h, mi, sec;
	if (strlen(s) != 14 || !digits(&p, 4, &y) || !digits(&p, 2, &mo) || !digits(&p, 2, &d) ||
	    !digits(&p, 2, &h) || !digits(&p, 2, &mi) || !digits(&p, 2, &sec))
		return RC_INVALID;
	return make_time(y, mo, d, h, mi, sec, overflow, out);
}

int ts_from_mw(const char *s, int64_t *out)
{
	return mw14(s, true, out);
}

int ts_parse(const char *s, int64_t *out)
{
	if (!s)
		return RC_INVALID;
	if (strcmp(s, "now") == 0) {
		*out = util_now();
		return RC_OK;
	}
	size_t len = strlen(s);
	if (len == 14 && all_digits(s))
		return ts_from_mw(s, out);
	/* Unix seconds: up to 13 digits, optionally negative ("@" prefix too). */
	const char *u = s[0] == '@' ? s + 1 : s;
	if ((all_digits(u) && strlen(u) <= 13) || (u[0] == '-' && all_digits(u + 1) && strlen(u) <= 14)) {
		long long v;
		if (util_parse_ll(u, &v) != RC_OK)
			return RC_INVALID;
		*out = v;
		return RC_OK;
	}
	if (parse_fixed(s, out) == RC_OK || parse_rfc(s, true, out) == RC_OK || parse_asctime(s, true, out) == RC_OK)
		return RC_OK;
	return RC_INVALID;
}

/*
 * Unix times of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years
 * the fixed-width output forms have room for.
 */
#define TS_MIN (-62167219200LL)
#define TS_MAX 253402300799LL

/* Calendar fields of `t`, clamped to TS_MIN..TS_MAX (gmtime_r() fails far outside). */
static void split(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)MIN(MAX(t, TS_MIN), TS_MAX);
	gmtime_r(&tt, tm);
}

/* Years are written with four digits ("0999"), which strftime's %Y does not do. */
void ts_format_iso(int64_t t, char out[21])
{
	struct tm tm;
	split(t, &tm);
	snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
		 (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

void ts_format_mw(int64_t t, char out[15])
{
	struct tm tm;
	split(t, &tm);
	snprintf(out, 15, "%04u%02u%02u%02u%02u%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
		 (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

void ts_format_http(int64_t t, char out[30])
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	split(t, &tm);
	snprintf(out, 30, "%s, %02u %s %04u %02u:%02u:%02u GMT", days[tm.tm_wday % 7], (unsigned)tm.tm_mday % 100u,
		 months[tm.tm_mon % 12], (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)tm.tm_hour % 100u,
		 (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

/* Add `n` calendar months to t, clamping the day like PHP does not (PHP overflows). */
static int64_t add_months(int64_t t, long long n)
{
	struct tm tm;
	split(t, &tm);
	long long m = tm.tm_mon + n;
	int64_t y = tm.tm_year + 1900 + (m >= 0 ? m / 12 : (m - 11) / 12);
	int mo = (int)(((m % 12) + 12) % 12) + 1;
	/* PHP's strtotime lets the day overflow into the next month (Jan 31 + 1 month = Mar 3). */
	int64_t days = days_from_civil(y, mo, 1) + tm.tm_mday - 1;
	return days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

int ts_parse_expiry(const char *s, int64_t now, int64_t *out, bool *is_infinite)
{
	*is_infinite = false;
	if (!s)
		return RC_INVALID;
	if (strcmp(s, "infinite") == 0 || strcmp(s, "indefinite") == 0 || strcmp(s, "infinity") == 0 ||
	    strcmp(s, "never") == 0) {
		*is_infinite = true;
		return RC_OK;
	}
	/*
	 * strtotime()'s absolute forms: the ISO-like ones looser than
	 * ConvertibleTimestamp's, and every field in range.
	 */
	const char *u = s[0] == '@' || s[0] == '-' ? s + 1 : s;
	if (strlen(s) == 14 && all_digits(s)) {
		if (mw14(s, false, out) == RC_OK)
			return RC_OK;
	} else if (strcmp(s, "now") == 0 || all_digits(u)) {
		if (ts_parse(s, out) == RC_OK)
			return RC_OK;
	} else if (parse_iso(s, out) == RC_OK || parse_rfc(s, false, out) == RC_OK ||
		   parse_asctime(s, false, out) == RC_OK) {
		return RC_OK;
	}
	/* Relative: one or more "[+|-]N unit" terms. */
	static const struct {
		const char *name;
		int64_t seconds; /* 0 = months, -1 = years */
	} units[] = {
		{ "sec", 1 }, { "second", 1 }, { "min", 60 }, { "minute", 60 }, { "hour", 3600 },
		{ "day", 86400 }, { "week", 604800 }, { "fortnight", 1209600 }, { "month", 0 },
		{ "year", -1 },
	};
	const char *p = s;
	int64_t t = now;
	int terms = 0;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		int sign = 1;
		if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			p++;
		}
		if (!isdigit((unsigned char)*p))
			return RC_INVALID;
		long long n = 0;
		while (isdigit((unsigned char)*p)) {
			n = n * 10 + (*p++ - '0');
			if (n > 100000000)
				return RC_INVALID;
		}
		while (*p == ' ')
			p++;
		const char *w = p;
		while (isalpha((unsigned char)*p))
			p++;
		size_t wl = (size_t)(p - w);
		if (wl > 1 && (w[wl - 1] == 's' || w[wl - 1] == 'S'))
			wl--;
		bool found = false;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]) && !found; i++) {
			if (strlen(units[i].name) == wl && strncasecmp(w, units[i].name, wl) == 0) {
				found = true;
				if (units[i].seconds > 0)
					t += sign * n * units[i].seconds;
				else
					t = add_months(t, sign * n * (units[i].seconds == 0 ? 1 : 12));
			}
		}
		/* Past year 9999 no output form can hold it; stopping here also keeps t from overflowing. */
		if (!found || t < TS_MIN || t > TS_MAX)
			return RC_INVALID;
		terms++;
	}
	if (!terms)
		return RC_INVALID;
	*out = t;
	return RC_OK;
}
