/* SPDX-License-Identifier: MIT */
/*
 * timefmt.c — #time's output: MediaWiki's date format language (PHP's
 * date() letters, a reduced set, plus the x-codes for raw digits, Roman
 * and Hebrew numerals, genitive month names and the Iranian, Hebrew,
 * Hijri, Thai, Minguo and Japanese calendars; "quoted" and \escaped
 * literals), the cache lifetime a format implies, and the #time/#timel
 * function itself with its error cases (invalid date, years outside
 * 0-9999, too much formatting in one page).
 *
 * The instant is turned into wall-clock fields in the output zone (UTC,
 * or the wiki's local zone for #timel) once; every code reads those.
 */
#include "wt_pf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

/* English names; other languages fall back to them, list by list. */
static const struct wt_date_lang english = {
	.code = "en",
	.month = { "January", "February", "March", "April", "May", "June", "July", "August", "September",
		   "October", "November", "December" },
	.month_gen = { "January", "February", "March", "April", "May", "June", "July", "August", "September",
		       "October", "November", "December" },
	.month_abbr = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" },
	.weekday = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" },
	.weekday_abbr = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" },
	.iranian = { "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar",
		     "Dey", "Bahman", "Esfand" },
	.hebrew = { "Tishrei", "Cheshvan", "Kislev", "Tevet", "Shevat", "Adar", "Nisan", "Iyar", "Sivan", "Tamuz",
		    "Av", "Elul", "Adar I", "Adar II" },
	.hebrew_gen = { "Tishrei", "Cheshvan", "Kislev", "Tevet", "Shevat", "Adar", "Nisan", "Iyar", "Sivan",
			"Tamuz", "Av", "Elul", "Adar I", "Adar II" },
	.hijri = { "Muharram", "Safar", "Rabi' al-awwal", "Rabi' al-thani", "Jumada al-awwal", "Jumada al-thani",
		   "Rajab", "Sha'aban", "Ramadan", "Shawwal", "Dhu al-Qi'dah", "Dhu al-Hijjah" },
	.digits = NULL,
};

/* The other languages whose names differ from English's (only the lists that differ are set). */
static const struct wt_date_lang others[] = {
#include "datenames.inc"
};

static int cmp_lang(const void *key, const void *elem)
{
	return strcmp(key, ((const struct wt_date_lang *)elem)->code);
}

const struct wt_date_lang *wt_date_lang_get(const char *code)
{
	const struct wt_date_lang *l = code ? bsearch(code, others, sizeof(others) / sizeof(others[0]),
							sizeof(others[0]), cmp_lang)
					   : NULL;
	return l ? l : &english;
}

/* Name `i` of list `field` in `lang`, English's when the language leaves the list out. */
#define DATE_NAME(lang, field, i) ((lang)->field[0] ? (lang)->field[i] : english.field[i])

/* The wall-clock fields of an instant in the output zone. */
struct clock {
	int64_t t;          /* the instant (Unix seconds) */
	long long y, m, d;  /* date */
	int h, i, s;        /* time */
	int dow;            /* day of the week, 0 = Sunday */
	int doy;            /* day of the year, 0-based */
	int32_t offset;     /* seconds east of UTC */
	bool is_dst;        /* daylight saving time */
	const char *zone;   /* identifier ("UTC" for UTC) */
	char abbr[8];       /* abbreviation */
};

static bool leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long long y, long long m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* ISO 8601 week number and week-based year: the week of its Thursday. */
static void iso_week(const struct clock *c, int *week, long long *year)
{
	int wd = c->dow == 0 ? 7 : c->dow; /* Monday 1 .. Sunday 7 */
	int64_t thursday = wt_days_from_civil(c->y, c->m, c->d) - wd + 4;
	int64_t ty, tm, td;
	wt_civil_from_days(thursday, &ty, &tm, &td);
	*year = ty;
	*week = (int)((thursday - wt_days_from_civil(ty, 1, 1)) / 7 + 1);
}

static void make_clock(int64_t t, const char *zone, struct clock *c)
{
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->zone = "UTC";
	memcpy(c->abbr, "UTC", 4);
	if (zone && strcmp(zone, "UTC") != 0) {
		struct wt_tz_info info;
		if (wt_tz_at_utc(zone, t, &info) == RC_OK) {
			c->offset = info.offset;
			c->is_dst = info.is_dst;
			c->zone = zone;
			memcpy(c->abbr, info.abbr, sizeof(c->abbr));
		}
	}
	int64_t local = t + c->offset;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t secs = local - days * 86400;
	int64_t y, m, d;
	wt_civil_from_days(days, &y, &m, &d);
	c->y = y;
	c->m = m;
	c->d = d;
	c->h = (int)(secs / 3600);
	c->i = (int)(secs / 60 % 60);
	c->s = (int)(secs % 60);
	c->dow = (int)(((days + 4) % 7 + 7) % 7);
	c->doy = (int)(days - wt_days_from_civil(y, 1, 1));
}

/* A number in the language's digits (formatNumNoSeparators on [0-9.]+). */
static void add_digits(struct sbuf *out, const struct wt_date_lang *lang, const char *num)
{
	bool plain = *num != '\0';
	for (const char *p = num; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			plain = false;
	if (!plain || !lang->digits) {
		sbuf_adds(out, num);
		return;
	}
	for (const char *p = num; *p; p++) {
		if (isdigit((unsigned char)*p))
			sbuf_adds(out, lang->digits[*p - '0']);
		else
			sbuf_adds(out, lang->decimal ? lang->decimal : ".");
	}
}

/* Offset as "+hh:mm" (colon) or "+hhmm". */
static void add_offset(struct sbuf *out, int32_t off, bool colon)
{
	int32_t a = off < 0 ? -off : off;
	sbuf_addf(out, colon ? "%c%02d:%02d" : "%c%02d%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

/* Names sometimes reach PHP's DateTime::format (c, r): those are always English. */
static void add_year4(struct sbuf *out, long long y)
{
	if (y < 0)
		sbuf_addf(out, "-%04lld", -y);
	else
		sbuf_addf(out, "%04lld", y);
}

/* What a format used, for the cache lifetime (sprintfDate's TTL rules). */
struct used {
	bool second, minute, hour, ampm, day, week, month, year, iso_year, leap, other_cal;
};

static int compute_ttl(const struct clock *c, const struct used *u)
{
	int rem_day = 86400 - c->h * 3600 - c->i * 60 - c->s;
	if (u->second)
		return 1;
	if (u->minute)
		return 60 - c->s;
	if (u->hour)
		return 3600 - c->i * 60 - c->s;
	if (u->ampm)
		return 43200 - (c->h % 12) * 3600 - c->i * 60 - c->s;
	if (u->day || u->other_cal)
		return rem_day;
	long long best = -1;
	int wd = c->dow == 0 ? 7 : c->dow;
	if (u->week) {
		best = (long long)(7 - wd) * 86400 + rem_day;
	} else if (u->iso_year) {
		struct clock dec28;
		make_clock(wt_days_from_civil(c->y, 12, 28) * 86400, NULL, &dec28);
		int last_week, cur_week;
		long long yy;
		iso_week(&dec28, &last_week, &yy);
		iso_week(c, &cur_week, &yy);
		best = (long long)(last_week - cur_week) * 604800 + (long long)(7 - wd) * 86400 + rem_day;
	}
	long long cand = -1;
	if (u->month) {
		cand = (long long)(month_days(c->y, c->m) - c->d) * 86400 + rem_day;
	} else if (u->year) {
		cand = (long long)(leap(c->y) + 364 - c->doy) * 86400 + rem_day;
	} else if (u->leap) {
		long long in_year = (long long)(leap(c->y) + 364 - c->doy) * 86400 + rem_day;
		long long y = c->y;
		if (!leap(y)) {
			long long next = y - y % 4 + 4;
			if (next % 100 || !(next % 400))
				cand = (next - y - 1) * 365 * 86400 + in_year;
			else
				cand = (next - y + 3) * 365 * 86400 + in_year;
		} else {
			cand = in_year;
		}
	}
	if (cand >= 0 && (best < 0 || cand < best))
		best = cand;
	if (best < 0)
		return -1;
	return best > INT32_MAX ? INT32_MAX : (int)best;
}

int wt_time_format(struct sbuf *out, struct str fmt, int64_t t, const char *zone, const struct wt_date_lang *lang,
		   int *ttl)
{
	if (!lang)
		lang = &english;
	struct clock c;
	make_clock(t, zone, &c);
	if (c.y < 0 || c.y > 9999)
		return RC_INVALID;
	struct used u = { 0 };
	bool raw = false, raw_toggle = false, roman = false, hebrew_num = false;
	int iran[4], heb[4], hij[3];
	bool have_iran = false, have_heb = false, have_hij = false;
	char num[64];
	for (size_t p = 0; p < fmt.len; p++) {
		char code[4] = { fmt.p[p], 0, 0, 0 };
		if (code[0] == 'x' && p + 1 < fmt.len) {
			code[1] = fmt.p[++p];
			if (strchr("ijkmot", code[1]) && p + 1 < fmt.len)
				code[2] = fmt.p[++p];
		}
		bool is_num = true;
		num[0] = '\0';
#define NUM(...) snprintf(num, sizeof(num), __VA_ARGS__)
#define IRAN() (have_iran ? (void)0 : (wt_to_iranian((int)c.y, (int)c.m, (int)c.d, iran), have_iran = true, (void)0))
#define HEB() (have_heb ? (void)0 : (wt_to_hebrew((int)c.y, (int)c.m, (int)c.d, heb), have_heb = true, (void)0))
#define HIJ() (have_hij ? (void)0 : (wt_to_hijri((int)c.y, (int)c.m, (int)c.d, hij), have_hij = true, (void)0))
		if (code[1] == 0) {
			switch (code[0]) {
			case 'd': u.day = true; NUM("%02lld", c.d); break;
			case 'D': u.day = true; is_num = false; sbuf_adds(out, DATE_NAME(lang, weekday_abbr, c.dow)); break;
			case 'j': u.day = true; NUM("%lld", c.d); break;
			case 'l': u.day = true; is_num = false; sbuf_adds(out, DATE_NAME(lang, weekday, c.dow)); break;
			case 'N': u.day = true; NUM("%d", c.dow == 0 ? 7 : c.dow); break;
			case 'w': u.day = true; NUM("%d", c.dow); break;
			case 'z': u.day = true; NUM("%d", c.doy); break;
			case 'W': {
				u.week = true;
				int w;
				long long iy;
				iso_week(&c, &w, &iy);
				NUM("%02d", w);
				break;
			}
			case 'F': u.month = true; is_num = false; sbuf_adds(out, DATE_NAME(lang, month, c.m - 1)); break;
			case 'm': u.month = true; NUM("%02lld", c.m); break;
			case 'M': u.month = true; is_num = false; sbuf_adds(out, DATE_NAME(lang, month_abbr, c.m - 1)); break;
			case 'n': u.month = true; NUM("%lld", c.m); break;
			case 't': u.month = true; NUM("%d", month_days(c.y, c.m)); break;
			case 'L': u.leap = true; NUM("%d", leap(c.y)); break;
			case 'o': {
				u.iso_year = true;
				int w;
				long long iy;
				iso_week(&c, &w, &iy);
				NUM("%lld", iy);
				break;
			}
			case 'Y': u.year = true; NUM("%04lld", c.y); break;
			case 'y': u.year = true; NUM("%02lld", c.y % 100); break;
			case 'a': u.ampm = true; is_num = false; sbuf_adds(out, c.h < 12 ? "am" : "pm"); break;
			case 'A': u.ampm = true; is_num = false; sbuf_adds(out, c.h < 12 ? "AM" : "PM"); break;
			case 'g': u.hour = true; NUM("%d", c.h % 12 ? c.h % 12 : 12); break;
			case 'G': u.hour = true; NUM("%d", c.h); break;
			case 'h': u.hour = true; NUM("%02d", c.h % 12 ? c.h % 12 : 12); break;
			case 'H': u.hour = true; NUM("%02d", c.h); break;
			case 'i': u.minute = true; NUM("%02d", c.i); break;
			case 's': u.second = true; NUM("%02d", c.s); break;
			case 'U': u.second = true; NUM("%lld", (long long)c.t); break;
			case 'I': NUM("%d", c.is_dst); break;
			case 'Z': NUM("%d", c.offset); break;
			case 'c':
				u.second = true;
				is_num = false;
				add_year4(out, c.y);
				sbuf_addf(out, "-%02lld-%02lldT%02d:%02d:%02d", c.m, c.d, c.h, c.i, c.s);
				add_offset(out, c.offset, true);
				break;
			case 'r':
				u.second = true;
				is_num = false;
				sbuf_addf(out, "%s, %02lld %s ", english.weekday_abbr[c.dow], c.d, english.month_abbr[c.m - 1]);
				add_year4(out, c.y);
				sbuf_addf(out, " %02d:%02d:%02d ", c.h, c.i, c.s);
				add_offset(out, c.offset, false);
				break;
			case 'e': is_num = false; sbuf_adds(out, c.zone); break;
			case 'T': is_num = false; sbuf_adds(out, c.abbr); break;
			case 'O': is_num = false; add_offset(out, c.offset, false); break;
			case 'P': is_num = false; add_offset(out, c.offset, true); break;
			case '\\':
				is_num = false;
				if (p + 1 < fmt.len)
					sbuf_addc(out, fmt.p[++p]);
				else
					sbuf_addc(out, '\\');
				break;
			case '"': {
				is_num = false;
				const char *end = p + 1 < fmt.len ? memchr(fmt.p + p + 1, '"', fmt.len - p - 1) : NULL;
				if (!end) {
					sbuf_addc(out, '"'); /* an unmatched quote is literal */
				} else {
					sbuf_add(out, fmt.p + p + 1, (size_t)(end - fmt.p - p - 1));
					p = (size_t)(end - fmt.p);
				}
				break;
			}
			default: is_num = false; sbuf_addc(out, fmt.p[p]); break;
			}
		} else if (code[2] == 0) {
			is_num = false;
			switch (code[1]) {
			case 'x': sbuf_addc(out, 'x'); break;
			case 'n': raw = true; break;
			case 'N': raw_toggle = !raw_toggle; break;
			case 'r': roman = true; break;
			case 'h': hebrew_num = true; break;
			case 'g':
				u.month = true;
				/* A language without genitives uses its nominatives. */
				sbuf_adds(out, lang->month_gen[0] ? lang->month_gen[c.m - 1] : DATE_NAME(lang, month, c.m - 1));
				break;
			default: sbuf_addc(out, fmt.p[p]); break; /* unknown: the last letter is literal */
			}
		} else {
			const char *k = code + 1;
			if (!strcmp(k, "ij")) { u.day = true; IRAN(); NUM("%d", iran[2]); }
			else if (!strcmp(k, "iF")) {
				u.other_cal = true;
				IRAN();
				is_num = false;
				sbuf_adds(out, DATE_NAME(lang, iranian, iran[1] - 1));
			}
			else if (!strcmp(k, "in")) { u.other_cal = true; IRAN(); NUM("%d", iran[1]); }
			else if (!strcmp(k, "iY")) { u.other_cal = true; IRAN(); NUM("%d", iran[0]); }
			else if (!strcmp(k, "iy")) {
				u.other_cal = true;
				IRAN();
				char yb[16];
				snprintf(yb, sizeof(yb), "%d", iran[0]);
				size_t yl = strlen(yb);
				NUM("%s", yl > 2 ? yb + yl - 2 : yb);
			}
			else if (!strcmp(k, "it")) { u.other_cal = true; IRAN(); NUM("%d", wt_iranian_month_days(iran[1])); }
			else if (!strcmp(k, "iz")) { u.other_cal = true; IRAN(); NUM("%d", iran[3]); }
			else if (!strcmp(k, "jj")) { u.day = true; HEB(); NUM("%d", heb[2]); }
			else if (!strcmp(k, "jF") || !strcmp(k, "jx")) {
				u.other_cal = true;
				HEB();
				is_num = false;
				sbuf_adds(out, k[1] == 'F' ? DATE_NAME(lang, hebrew, heb[1] - 1)
							   : DATE_NAME(lang, hebrew_gen, heb[1] - 1));
			}
			else if (!strcmp(k, "jt")) { u.other_cal = true; HEB(); NUM("%d", heb[3]); }
			else if (!strcmp(k, "jn")) { u.other_cal = true; HEB(); NUM("%d", heb[1]); }
			else if (!strcmp(k, "jY")) { u.other_cal = true; HEB(); NUM("%d", heb[0]); }
			else if (!strcmp(k, "mj")) { u.day = true; HIJ(); NUM("%d", hij[2]); }
			else if (!strcmp(k, "mF")) {
				u.other_cal = true;
				HIJ();
				is_num = false;
				/* Far from its epoch the tabular rule yields months 0 or 13: no name. */
				if (hij[1] >= 1 && hij[1] <= 12)
					sbuf_adds(out, DATE_NAME(lang, hijri, hij[1] - 1));
			}
			else if (!strcmp(k, "mn")) { u.other_cal = true; HIJ(); NUM("%d", hij[1]); }
			else if (!strcmp(k, "mY")) { u.other_cal = true; HIJ(); NUM("%d", hij[0]); }
			else if (!strcmp(k, "kY") || !strcmp(k, "oY") || !strcmp(k, "tY")) {
				if (k[0] == 't')
					u.other_cal = true;
				else
					u.year = true;
				struct sbuf yb;
				sbuf_init(&yb, sizeof(num) - 1);
				wt_calendar_year(k[0], (int)c.y, (int)c.m, (int)c.d, &yb);
				NUM("%s", sbuf_cstr(&yb));
				sbuf_release(&yb);
			} else {
				is_num = false;
				sbuf_addc(out, fmt.p[p]); /* unknown: the last letter is literal */
			}
		}
#undef NUM
#undef IRAN
#undef HEB
#undef HIJ
		if (!is_num)
			continue;
		if (raw_toggle || raw) {
			sbuf_adds(out, num);
			raw = false;
		} else if (roman) {
			wt_roman(strtoll(num, NULL, 10), out);
			roman = false;
		} else if (hebrew_num) {
			wt_hebrew_numeral(strtoll(num, NULL, 10), out);
			hebrew_num = false;
		} else {
			add_digits(out, lang, num);
		}
	}
	if (ttl)
		*ttl = compute_ttl(&c, &u);
	return out->is_toobig ? RC_TOOBIG : RC_OK;
}

/* Our wording of #time's errors. */
static const char *const time_errors[] = {
	[WT_TIME_INVALID] = "Error: the time is not valid.",
	[WT_TIME_TOO_LONG] = "Error: this page formats too many times with #time.",
	[WT_TIME_TOO_BIG] = "Error: #time handles years up to 9999 only.",
	[WT_TIME_TOO_SMALL] = "Error: #time handles years from 0 on only.",
};

/* A valid built-in language code: two or more of [a-z0-9-]. */
static bool valid_lang_code(struct str s)
{
	if (s.len < 2)
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!((s.p[i] >= 'a' && s.p[i] <= 'z') || (s.p[i] >= '0' && s.p[i] <= '9') || s.p[i] == '-'))
			return false;
	return true;
}

int wt_time_func(struct sbuf *out, const struct wt_time_call *call, size_t *chars, int *ttl)
{
	int64_t t = call->now;
	enum wt_time_err err = WT_TIME_OK;
	if (ttl)
		*ttl = -1;
	if (call->date.len) {
		/* Four digits alone are a year, not the time of day "HH:MM". */
		struct str d = call->date;
		char year[16];
		if (d.len == 4 && isdigit((unsigned char)d.p[0]) && isdigit((unsigned char)d.p[1]) &&
		    isdigit((unsigned char)d.p[2]) && isdigit((unsigned char)d.p[3])) {
			snprintf(year, sizeof(year), "00:00 %.4s", d.p);
			d = str_c(year);
		}
		if (wt_time_parse(d, call->now, &t) != RC_OK)
			err = WT_TIME_INVALID;
	}
	const char *zone = call->local ? call->local_zone : NULL;
	if (err == WT_TIME_OK) {
		*chars += call->format.len;
		if (*chars > WT_TIME_MAX_CHARS) {
			err = WT_TIME_TOO_LONG;
		} else {
			struct wt_tz_info info = { 0 };
			if (zone)
				wt_tz_at_utc(zone, t, &info);
			int64_t local = t + info.offset;
			int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
			int64_t y, m, dd;
			wt_civil_from_days(days, &y, &m, &dd);
			if (y < 0)
				err = WT_TIME_TOO_SMALL;
			else if (y > 9999)
				err = WT_TIME_TOO_BIG;
		}
	}
	if (err != WT_TIME_OK) {
		wt_error_html(out, time_errors[err]);
		return RC_INVALID;
	}
	char code[32];
	const char *lang_code = call->content_lang;
	if (valid_lang_code(call->lang) && call->lang.len < sizeof(code)) {
		memcpy(code, call->lang.p, call->lang.len);
		code[call->lang.len] = '\0';
		lang_code = code;
	}
	const struct wt_date_lang *lang = wt_date_lang_get(lang_code);
	int fmt_ttl = -1;
	int rc = wt_time_format(out, call->format, t, zone, lang, &fmt_ttl);
	if (ttl && call->date.len == 0)
		*ttl = fmt_ttl;
	return rc;
}
