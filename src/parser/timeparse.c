/* SPDX-License-Identifier: MIT */
/*
 * timeparse.c — the date/time input of {{#time:}}: the strtotime grammar
 * of PHP's DateTime, which ParserFunctions hands the text to.
 *
 * Design. PHP's parser is a scanner generated from a list of regular
 * expressions: at each position the longest match among all rules wins
 * (the earliest rule on a tie), and the rule's action reads the matched
 * token and fills in date, time, zone and relative parts. We keep that
 * model: the rules below are PCRE2 patterns tried with the DFA matcher,
 * which reports the longest anchored match, and each rule has an action
 * written here. After the scan the open fields come from "now", the
 * relative parts are applied (weekday moves, "first day of", months and
 * days with overflow into the next unit) and the zone turns the wall
 * clock into an instant.
 *
 * Anything the scanner does not understand, a second date or time or a
 * third zone, is an error, as it is for PHP's DateTime constructor. The
 * input is at most WT_TIME_MAX_INPUT bytes; every rule consumes at least
 * one byte, so the scan is linear.
 */
#include "wt_pf.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Longer date texts are refused outright; real ones are a few dozen bytes. */
#define WT_TIME_MAX_INPUT 1024

/* A field the text did not set. */
#define UNSET LLONG_MIN

/* ---- the rules ---------------------------------------------------------- */

#define SPACE "[ \\t]+"
#define FRAC "\\.[0-9]+"
#define HOUR24 "(?:[01]?[0-9]|2[0-4])"
#define HOUR24LZ "(?:[01][0-9]|2[0-4])"
#define HOUR12 "(?:0?[1-9]|1[0-2])"
#define MINUTE "[0-5]?[0-9]"
#define MINUTELZ "[0-5][0-9]"
#define SECOND "(?:" MINUTE "|60)"
#define SECONDLZ "(?:" MINUTELZ "|60)"
#define MERIDIAN "[AaPp]\\.?[Mm]\\.?[\\x00\\t ]"
#define TZNAME "(?:\\(?[A-Za-z]{1,6}\\)?|[A-Z][a-z]+(?:[_/-][A-Za-z]+)+)"
#define TZCORRECTION "(?:GMT)?[+-](?:" HOUR24 "(?::?" MINUTE ")?|" HOUR24LZ MINUTELZ SECONDLZ \
	"|" HOUR24LZ ":" MINUTELZ ":" SECONDLZ ")"
#define DAYSUF "(?:st|nd|rd|th)"
#define MONTH "(?:0?[0-9]|1[0-2])"
#define DAY "(?:(?:[0-2]?[0-9]|3[01])" DAYSUF "?)"
#define YEAR "[0-9]{1,4}"
#define YEAR2 "[0-9]{2}"
#define YEAR4 "[0-9]{4}"
#define YEAR4WITHSIGN "[+-]?[0-9]{4}"
#define YEARX "[+-][0-9]{5,19}"
#define DAYOFYEAR "(?:00[1-9]|0[1-9][0-9]|[12][0-9][0-9]|3[0-5][0-9]|36[0-6])"
#define WEEKOFYEAR "(?:0[1-9]|[1-4][0-9]|5[0-3])"
#define MONTHLZ "(?:0[0-9]|1[0-2])"
#define DAYLZ "(?:0[0-9]|[12][0-9]|3[01])"
#define DAYFULLS "(?i:sundays|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays)"
#define DAYFULL "(?i:sunday|monday|tuesday|wednesday|thursday|friday|saturday)"
#define DAYABBR "(?i:sun|mon|tue|wed|thu|fri|sat)"
#define DAYTEXT "(?:" DAYFULLS "|" DAYFULL "|" DAYABBR "|(?i:weekdays?))"
#define MONTHFULL "(?i:january|february|march|april|may|june|july|august|september|october|november|december)"
#define MONTHABBR "(?i:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)"
#define MONTHROMAN "(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"
#define MONTHTEXT "(?:" MONTHFULL "|" MONTHABBR "|" MONTHROMAN ")"
#define RELTEXTNUMBER "(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|eight|ninth|tenth|eleventh|twelfth)"
#define RELTEXTTEXT "(?i:next|last|previous|this)"
#define RELTEXTUNIT "(?:(?i:ms|\xC2\xB5s)|(?i:msec|millisecond|\xC2\xB5sec|microsecond|usec|sec|second|min|minute" \
	"|hour|day|fortnight|forthnight|month|year)(?i:s)?|(?i:weeks)|" DAYTEXT ")"
#define RELNUMBER "[+-]*[ \\t]*[0-9]{1,13}"
#define TIMESHORT12 HOUR12 "[:.]" MINUTE "(?:" SPACE ")?" MERIDIAN
#define TIMELONG12 HOUR12 "[:.]" MINUTE "[:.]" SECOND "(?:" SPACE ")?" MERIDIAN
#define TIMESHORT24 "(?i:t)?" HOUR24 "[:.]" MINUTE
#define TIMELONG24 "(?i:t)?" HOUR24 "[:.]" MINUTE "[:.]" SECOND
#define ISO8601NORMTZ "(?i:t)?" HOUR24 "[:.]" MINUTE "[:.]" SECONDLZ "(?:" SPACE ")?(?:" TZCORRECTION "|" TZNAME ")"
#define DATENOYEAR MONTHTEXT "[ .\\t-]*" DAY "(?:[,.stndrh\\t ]+|\\x00)"

/* What a rule's action does. */
enum act {
	A_YESTERDAY,     /* 'yesterday' */
	A_NOW,           /* 'now' */
	A_NOON,          /* 'noon' */
	A_MIDNIGHT,      /* 'midnight', 'today' */
	A_TOMORROW,      /* 'tomorrow' */
	A_TIMESTAMP,     /* @123 and @123.456 */
	A_FIRSTLASTOF,   /* 'first day of', 'last day of' */
	A_BACKFRONTOF,   /* 'back of 7pm', 'front of 7' */
	A_WEEKDAYOF,     /* 'first monday of' */
	A_TIME12,        /* 4pm, 4:08 pm, 4:08:37 am */
	A_MSSQLTIME,     /* 4:08:37.81 pm */
	A_TIME24,        /* t04, 04:08, 04:08:37, 04:08:37.81 */
	A_GNUNOCOLON,    /* 0408 (or a year after a time) */
	A_ISONOCOLON,    /* 040837 */
	A_AMERICAN,      /* 12/22, 12/22/78 */
	A_ISODATE4,      /* 2008-06-30, 2008/06/30 */
	A_ISODATE2,      /* 08-06-30 */
	A_ISODATEX,      /* +10000-01-01 */
	A_GNUDATESHORTER, /* 2008-6 */
	A_GNUDATESHORT,  /* 2008-6-30 */
	A_DATEFULL,      /* 30 June 2008 */
	A_POINTED4,      /* 30.6.2008 */
	A_POINTED2,      /* 30.6.08 */
	A_DATENODAY,     /* June 2008 */
	A_DATENODAYREV,  /* 2008 June */
	A_DATETEXTUAL,   /* June 30, 2008 and June 30 */
	A_DATENOYEARREV, /* 30 June */
	A_DATENOCOLON,   /* 20080630 */
	A_DATETIME,      /* 20080701T223807, soap, wddx, exif */
	A_PGYDOTD,       /* 2008.197 */
	A_ISOWEEKDAY,    /* 2008W273 */
	A_ISOWEEK,       /* 2008W27 */
	A_PGTEXTSHORT,   /* jun-30-2008 */
	A_PGTEXTREVERSE, /* 2008-jun-30 */
	A_CLF,           /* 10/Oct/2000:13:55:36 -0700 */
	A_YEAR4,         /* 2008 */
	A_AGO,           /* 'ago' */
	A_DAYTEXT,       /* monday */
	A_RELTEXTWEEK,   /* next week */
	A_RELTEXT,       /* next month, last monday */
	A_MONTH,         /* june */
	A_TZ,            /* +01:00, CET, Europe/Berlin */
	A_DATETIME12,    /* June 30 4:08 pm */
	A_DATETIME24,    /* June 30 16:08:37 */
	A_RELATIVE,      /* +1 day, -2 weeks */
	A_SKIP,          /* separators */
	A_END,           /* the terminating NUL */
};

static const struct rule {
	const char *re; /* PCRE2 pattern, matched anchored */
	enum act act;   /* what to do with a match */
} rules[] = {
	{ "(?i:yesterday)", A_YESTERDAY },
	{ "(?i:now)", A_NOW },
	{ "(?i:noon)", A_NOON },
	{ "(?i:midnight|today)", A_MIDNIGHT },
	{ "(?i:tomorrow)", A_TOMORROW },
	{ "@-?[0-9]+", A_TIMESTAMP },
	{ "@-?[0-9]+\\.[0-9]{0,6}", A_TIMESTAMP },
	{ "(?i:first day of|last day of)", A_FIRSTLASTOF },
	{ "(?i:back of |front of )" HOUR24 "(?:(?:" SPACE ")?" MERIDIAN ")?", A_BACKFRONTOF },
	{ "(?:" RELTEXTNUMBER "|" RELTEXTTEXT ")" SPACE "(?:" DAYFULLS "|" DAYFULL "|" DAYABBR ")" SPACE "(?i:of)",
	  A_WEEKDAYOF },
	{ HOUR12 "(?:" SPACE ")?" MERIDIAN "|" TIMESHORT12 "|" TIMELONG12, A_TIME12 },
	{ HOUR12 ":" MINUTELZ ":" SECONDLZ "[:.][0-9]+" MERIDIAN, A_MSSQLTIME },
	{ "(?i:t)" HOUR24 "|" TIMESHORT24 "|" TIMELONG24 "|(?i:t)?" HOUR24 "[:.]" MINUTE "[:.]" SECOND FRAC, A_TIME24 },
	{ "(?i:t)?" HOUR24LZ MINUTELZ, A_GNUNOCOLON },
	{ "(?i:t)?" HOUR24LZ MINUTELZ SECONDLZ, A_ISONOCOLON },
	{ MONTH "/" DAY "(?:/" YEAR ")?", A_AMERICAN },
	{ YEAR4WITHSIGN "-" MONTHLZ "-" DAYLZ "|" YEAR4 "/" MONTHLZ "/" DAYLZ "/?|" YEAR4 "/" MONTH "/" DAY, A_ISODATE4 },
	{ YEAR2 "-" MONTHLZ "-" DAYLZ, A_ISODATE2 },
	{ YEARX "-" MONTHLZ "-" DAYLZ, A_ISODATEX },
	{ YEAR4 "-" MONTH, A_GNUDATESHORTER },
	{ YEAR "-" MONTH "-" DAY, A_GNUDATESHORT },
	{ DAY "[ \\t.-]*" MONTHTEXT "[ \\t.-]*" YEAR, A_DATEFULL },
	{ DAY "[.\\t-]" MONTH "[.-]" YEAR4, A_POINTED4 },
	{ DAY "[.\\t]" MONTH "\\." YEAR2, A_POINTED2 },
	{ MONTHTEXT "[ .\\t-]*" YEAR4, A_DATENODAY },
	{ YEAR4 "[ .\\t-]*" MONTHTEXT, A_DATENODAYREV },
	{ MONTHTEXT "[ .\\t-]*" DAY "[,.stndrh\\t ]+" YEAR "|" DATENOYEAR, A_DATETEXTUAL },
	{ DAY "[ .\\t-]*" MONTHTEXT, A_DATENOYEARREV },
	{ YEAR4 MONTHLZ DAYLZ, A_DATENOCOLON },
	{ YEAR4 MONTHLZ DAYLZ "T" HOUR24 MINUTELZ SECONDLZ "|" YEAR4 MONTHLZ DAYLZ "(?i:t)" HOUR24 MINUTELZ SECONDLZ
	  "|" YEAR4 "-" MONTHLZ "-" DAYLZ "T" HOUR24LZ ":" MINUTELZ ":" SECONDLZ FRAC "(?:" TZCORRECTION ")?"
	  "|" YEAR4 "-" MONTH "-" DAY "T" HOUR24 ":" MINUTE ":" SECOND
	  "|" YEAR4 ":" MONTHLZ ":" DAYLZ " " HOUR24LZ ":" MINUTELZ ":" SECONDLZ, A_DATETIME },
	{ YEAR4 "[.-]?" DAYOFYEAR, A_PGYDOTD },
	{ YEAR4 "-?W" WEEKOFYEAR "-?[0-7]", A_ISOWEEKDAY },
	{ YEAR4 "-?W" WEEKOFYEAR, A_ISOWEEK },
	{ MONTHABBR "-" DAYLZ "-" YEAR, A_PGTEXTSHORT },
	{ YEAR "-" MONTHABBR "-" DAYLZ, A_PGTEXTREVERSE },
	{ DAY "/" MONTHABBR "/" YEAR4 ":" HOUR24LZ ":" MINUTELZ ":" SECONDLZ SPACE TZCORRECTION, A_CLF },
	{ YEAR4, A_YEAR4 },
	{ "(?i:ago)", A_AGO },
	{ DAYTEXT, A_DAYTEXT },
	{ RELTEXTTEXT SPACE "(?i:week)", A_RELTEXTWEEK },
	{ "(?:" RELTEXTNUMBER "|" RELTEXTTEXT ")" SPACE RELTEXTUNIT, A_RELTEXT },
	{ MONTHFULL "|" MONTHABBR, A_MONTH },
	{ TZCORRECTION "|" TZNAME, A_TZ },
	{ DATENOYEAR "(?:" TIMESHORT12 "|" TIMELONG12 ")", A_DATETIME12 },
	{ DATENOYEAR "(?:" TIMESHORT24 "|" TIMELONG24 "|" ISO8601NORMTZ ")", A_DATETIME24 },
	{ RELNUMBER "(?:" SPACE ")?(?:" RELTEXTUNIT "|(?i:week))", A_RELATIVE },
	{ "[ .,\\t\\n]", A_SKIP },
	{ "\\x00", A_END },
};

static pcre2_code *compiled[ARRAY_SIZE(rules)]; /* built once by compile_rules() */
/*
 * can_start[r][b]: rule r may match text whose next byte is b. Found once
 * by matching (or partially matching) the one-byte text b; bytes of
 * multi-byte characters are always tried. The scan then skips the rules
 * that cannot start at a position without running them (no rule looks
 * behind the position, so the byte there decides).
 */
static bool can_start[ARRAY_SIZE(rules)][256];
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static void compile_rules(void)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int ws[4096];
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		int err;
		PCRE2_SIZE off;
		compiled[i] = pcre2_compile((PCRE2_SPTR)rules[i].re, PCRE2_ZERO_TERMINATED, PCRE2_ANCHORED | PCRE2_UTF,
					    &err, &off, NULL);
		if (!compiled[i])
			BUG("timeparse: rule %zu does not compile (error %d at %zu)", i, err, (size_t)off);
		for (int b = 0; b < 256; b++) {
			if (b >= 0x80) {
				can_start[i][b] = true;
				continue;
			}
			unsigned char one = (unsigned char)b;
			int rc = pcre2_dfa_match(compiled[i], (PCRE2_SPTR)&one, 1, 0, PCRE2_ANCHORED | PCRE2_PARTIAL_SOFT, md,
						 NULL, ws, ARRAY_SIZE(ws));
			can_start[i][b] = rc >= 0 || rc == PCRE2_ERROR_PARTIAL || (rc != PCRE2_ERROR_NOMATCH);
		}
	}
	pcre2_match_data_free(md);
}

/* ---- parse state -------------------------------------------------------- */

/* The zone the text named. */
enum zone_kind {
	ZONE_NONE,   /* none: the default zone, UTC */
	ZONE_OFFSET, /* a fixed offset (also abbreviations) */
	ZONE_ID,     /* a tz database identifier */
};

/* Special relative kinds. */
enum special {
	SP_NONE,           /* none */
	SP_WEEKDAY,        /* "+3 weekdays" */
	SP_DOW_IN_MONTH,   /* "first monday of" */
	SP_LAST_DOW_OF,    /* "last monday of" */
};

/* Everything the scan collects; mirrors what PHP's parser fills in. */
struct tp {
	long long y, m, d, h, i, s, us; /* wall-clock fields, UNSET when not given */
	bool have_time, have_date, have_relative, have_weekday_rel, have_special;
	int n_times;                    /* times set so far (a bare "2020" after one is a year) */
	int have_zone;                  /* zones seen (a second is ignored, a third is an error) */
	enum zone_kind zone;            /* what kind of zone was given */
	int32_t offset;                 /* ZONE_OFFSET: seconds east of UTC */
	char zone_id[72];               /* ZONE_ID: the identifier */
	struct {
		long long y, m, d, h, i, s, us; /* amounts to add */
		int weekday;                /* target weekday 0-6 (or -7..-1 after "ago") */
		int weekday_behavior;       /* 0, 1 or 2 as PHP's parser sets it */
		int first_last;             /* 1 "first day of", 2 "last day of" */
		enum special special;       /* special relative kind */
		long long special_amount;   /* its count */
	} rel;
	bool error;                     /* the text is refused */
};

/* Read up to `max` digits after skipping non-digits; UNSET at the end. */
static long long get_nr_ex(const char **pp, int max, int *scanned)
{
	const char *p = *pp;
	while (*p < '0' || *p > '9') {
		if (!*p) {
			*pp = p;
			if (scanned)
				*scanned = 0;
			return UNSET;
		}
		p++;
	}
	long long v = 0;
	int n = 0;
	while (*p >= '0' && *p <= '9' && n < max) {
		if (v < LLONG_MAX / 10)
			v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	*pp = p;
	if (scanned)
		*scanned = n;
	return v;
}

static long long get_nr(const char **pp, int max)
{
	return get_nr_ex(pp, max, NULL);
}

/* Microseconds from ".123" (digits after the point). */
static long long get_frac(const char **pp)
{
	const char *p = *pp;
	while (*p != '.' && *p != ':' && (*p < '0' || *p > '9')) {
		if (!*p) {
			*pp = p;
			return UNSET;
		}
		p++;
	}
	const char *b = p;
	while (*p == '.' || *p == ':' || (*p >= '0' && *p <= '9'))
		p++;
	*pp = p;
	long long us = 0;
	int n = 0;
	for (const char *q = b + 1; q < p && n < 6; q++, n++)
		us = us * 10 + (*q >= '0' && *q <= '9' ? *q - '0' : 0);
	for (; n < 6; n++)
		us *= 10;
	return us;
}

/* A number with any number of leading signs ("+-3" is -3). */
static long long get_signed_nr(struct tp *t, const char **pp, int max)
{
	const char *p = *pp;
	int dir = 1;
	while ((*p < '0' || *p > '9') && *p != '+' && *p != '-') {
		if (!*p) {
			t->error = true;
			*pp = p;
			return 0;
		}
		p++;
	}
	while (*p == '+' || *p == '-') {
		if (*p == '-')
			dir = -dir;
		p++;
	}
	*pp = p;
	long long v = get_nr(pp, max);
	return v == UNSET ? 0 : dir * v;
}

/* TIMELIB_PROCESS_YEAR: a year of fewer than four digits below 100 is 1970-2069; "836" stays 836. */
static void process_year(long long *y, int len)
{
	if (len >= 4 || *y == UNSET || *y >= 100)
		return;
	*y += *y < 70 ? 2000 : 1900;
}

/* Case-insensitive lookup of the letters at *pp in a NULL-ended word list. */
static int lookup_word(const char **pp, const char *const *list, const int *vals, int none)
{
	const char *b = *pp, *p = b;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	*pp = p;
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == (size_t)(p - b) && strncasecmp(list[i], b, (size_t)(p - b)) == 0)
			return vals[i];
	return none;
}

static int get_month(const char **pp)
{
	static const char *const names[] = {
		"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
		"january", "february", "march", "april", "june", "july", "august", "september", "october",
		"november", "december", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", NULL
	};
	static const int vals[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 10, 11, 12, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12,
				    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	while (**pp == ' ' || **pp == '\t' || **pp == '-' || **pp == '.' || **pp == '/')
		(*pp)++;
	return lookup_word(pp, names, vals, 0);
}

static void skip_day_suffix(const char **pp)
{
	if (isspace((unsigned char)**pp))
		return;
	if (!strncasecmp(*pp, "nd", 2) || !strncasecmp(*pp, "rd", 2) || !strncasecmp(*pp, "st", 2) ||
	    !strncasecmp(*pp, "th", 2))
		*pp += 2;
}

/* Hours to add for "am"/"pm" after hour `h`. */
static int meridian(const char **pp, long long h)
{
	const char *p = *pp;
	while (*p && !strchr("AaPp", *p))
		p++;
	int r = 0;
	if (*p == 'a' || *p == 'A')
		r = h == 12 ? -12 : 0;
	else if (h != 12)
		r = 12;
	if (*p)
		p++;
	if (*p == '.')
		p++;
	if (*p == 'M' || *p == 'm')
		p++;
	if (*p == '.')
		p++;
	*pp = p;
	return r;
}

/* "first" .. "twelfth", "next", "last", "previous", "this". */
static long long get_relative_text(const char **pp, int *behavior)
{
	static const char *const names[] = { "first", "next", "second", "third", "fourth", "fifth", "sixth",
					     "seventh", "eight", "eighth", "ninth", "tenth", "eleventh",
					     "twelfth", "last", "previous", "this", NULL };
	static const int vals[] = { 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 9, 10, 11, 12, -1, -1, 0 };
	while (**pp == ' ' || **pp == '\t' || **pp == '-' || **pp == '/')
		(*pp)++;
	const char *b = *pp;
	int v = lookup_word(pp, names, vals, 0);
	*behavior = (*pp - b == 4 && strncasecmp(b, "this", 4) == 0) ? 1 : 0;
	return v;
}

/* Units of relative amounts. */
enum unit { U_US, U_S, U_I, U_H, U_D, U_M, U_Y, U_WEEKDAY, U_SPECIAL };

static bool lookup_relunit(const char **pp, enum unit *unit, int *mult)
{
	static const struct {
		const char *name; /* lower case */
		enum unit unit;   /* which field */
		int mult;         /* multiplier (or weekday number) */
	} units[] = {
		{ "ms", U_US, 1000 }, { "msec", U_US, 1000 }, { "msecs", U_US, 1000 },
		{ "millisecond", U_US, 1000 }, { "milliseconds", U_US, 1000 }, { "\xC2\xB5s", U_US, 1 },
		{ "usec", U_US, 1 }, { "usecs", U_US, 1 }, { "\xC2\xB5sec", U_US, 1 }, { "\xC2\xB5secs", U_US, 1 },
		{ "microsecond", U_US, 1 }, { "microseconds", U_US, 1 },
		{ "sec", U_S, 1 }, { "secs", U_S, 1 }, { "second", U_S, 1 }, { "seconds", U_S, 1 },
		{ "min", U_I, 1 }, { "mins", U_I, 1 }, { "minute", U_I, 1 }, { "minutes", U_I, 1 },
		{ "hour", U_H, 1 }, { "hours", U_H, 1 }, { "day", U_D, 1 }, { "days", U_D, 1 },
		{ "week", U_D, 7 }, { "weeks", U_D, 7 }, { "fortnight", U_D, 14 }, { "fortnights", U_D, 14 },
		{ "forthnight", U_D, 14 }, { "forthnights", U_D, 14 }, { "month", U_M, 1 }, { "months", U_M, 1 },
		{ "year", U_Y, 1 }, { "years", U_Y, 1 },
		{ "mondays", U_WEEKDAY, 1 }, { "monday", U_WEEKDAY, 1 }, { "mon", U_WEEKDAY, 1 },
		{ "tuesdays", U_WEEKDAY, 2 }, { "tuesday", U_WEEKDAY, 2 }, { "tue", U_WEEKDAY, 2 },
		{ "wednesdays", U_WEEKDAY, 3 }, { "wednesday", U_WEEKDAY, 3 }, { "wed", U_WEEKDAY, 3 },
		{ "thursdays", U_WEEKDAY, 4 }, { "thursday", U_WEEKDAY, 4 }, { "thu", U_WEEKDAY, 4 },
		{ "fridays", U_WEEKDAY, 5 }, { "friday", U_WEEKDAY, 5 }, { "fri", U_WEEKDAY, 5 },
		{ "saturdays", U_WEEKDAY, 6 }, { "saturday", U_WEEKDAY, 6 }, { "sat", U_WEEKDAY, 6 },
		{ "sundays", U_WEEKDAY, 0 }, { "sunday", U_WEEKDAY, 0 }, { "sun", U_WEEKDAY, 0 },
		{ "weekday", U_SPECIAL, SP_WEEKDAY }, { "weekdays", U_SPECIAL, SP_WEEKDAY },
	};
	const char *b = *pp, *p = b;
	while (*p && !strchr(" ,\t;:/.-()", *p))
		p++;
	*pp = p;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		if (strlen(units[i].name) == (size_t)(p - b) && strncasecmp(units[i].name, b, (size_t)(p - b)) == 0) {
			*unit = units[i].unit;
			*mult = units[i].mult;
			return true;
		}
	return false;
}

static void unhave_time(struct tp *t)
{
	t->have_time = false;
	t->n_times = 0;
	t->h = t->i = t->s = t->us = 0;
}

static bool have_time(struct tp *t)
{
	if (t->have_time) {
		t->error = true;
		return false;
	}
	t->have_time = true;
	t->n_times = 1;
	t->h = t->i = t->s = t->us = 0;
	return true;
}

static bool have_date(struct tp *t)
{
	if (t->have_date) {
		t->error = true;
		return false;
	}
	t->have_date = true;
	return true;
}

/* Add `amount` of the unit named at *pp; `keep_time` false resets the clock for weekdays. */
static void set_relative(struct tp *t, const char **pp, long long amount, int behavior, bool keep_time)
{
	enum unit unit;
	int mult;
	if (!lookup_relunit(pp, &unit, &mult))
		return;
	switch (unit) {
	case U_US: t->rel.us += amount * mult; break;
	case U_S: t->rel.s += amount * mult; break;
	case U_I: t->rel.i += amount * mult; break;
	case U_H: t->rel.h += amount * mult; break;
	case U_D: t->rel.d += amount * mult; break;
	case U_M: t->rel.m += amount * mult; break;
	case U_Y: t->rel.y += amount * mult; break;
	case U_WEEKDAY:
		t->have_weekday_rel = true;
		if (!keep_time)
			unhave_time(t);
		t->rel.d += (amount > 0 ? amount - 1 : amount) * 7;
		t->rel.weekday = mult;
		t->rel.weekday_behavior = behavior;
		break;
	case U_SPECIAL:
		t->have_special = true;
		if (!keep_time)
			unhave_time(t);
		t->rel.special = (enum special)mult;
		t->rel.special_amount = amount;
		break;
	}
}

/* The offset of "+hh", "hhmm", "hh:mm", "hhmmss" after the sign. */
static bool parse_tz_cor(const char **pp, int32_t *off)
{
	const char *b = *pp, *p = b;
	while (isdigit((unsigned char)*p) || *p == ':')
		p++;
	*pp = p;
	long n = (long)(p - b);
	char buf[16];
	if (n > 15)
		return false;
	memcpy(buf, b, (size_t)n);
	buf[n] = '\0';
	switch (n) {
	case 1:
	case 2: *off = (int32_t)(strtol(buf, NULL, 10) * 3600); return true;
	case 3:
	case 4:
		if (buf[1] == ':')
			*off = (int32_t)(strtol(buf, NULL, 10) * 3600 + strtol(buf + 2, NULL, 10) * 60);
		else if (buf[2] == ':')
			*off = (int32_t)(strtol(buf, NULL, 10) * 3600 + strtol(buf + 3, NULL, 10) * 60);
		else {
			long v = strtol(buf, NULL, 10);
			*off = (int32_t)(v / 100 * 3600 + v % 100 * 60);
		}
		return true;
	case 5:
		if (buf[2] != ':')
			return false;
		*off = (int32_t)(strtol(buf, NULL, 10) * 3600 + strtol(buf + 3, NULL, 10) * 60);
		return true;
	case 6: {
		long v = strtol(buf, NULL, 10);
		*off = (int32_t)(v / 10000 * 3600 + v / 100 % 100 * 60 + v % 100);
		return true;
	}
	case 8:
		if (buf[2] != ':' || buf[5] != ':')
			return false;
		*off = (int32_t)(strtol(buf, NULL, 10) * 3600 + strtol(buf + 3, NULL, 10) * 60 +
				 strtol(buf + 6, NULL, 10));
		return true;
	default: return false;
	}
}

/* A zone at *pp: "(GMT)+hh:mm", an abbreviation or an identifier. */
static void parse_zone(struct tp *t, const char **pp)
{
	const char *p = *pp;
	while (*p == ' ' || *p == '\t' || *p == '(')
		p++;
	if (p[0] == 'G' && p[1] == 'M' && p[2] == 'T' && (p[3] == '+' || p[3] == '-'))
		p += 3;
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		p++;
		int32_t off = 0;
		if (!parse_tz_cor(&p, &off))
			t->error = true;
		t->zone = ZONE_OFFSET;
		t->offset = sign * off;
	} else {
		const char *b = p;
		while (*p && *p != ')' && *p != ' ')
			p++;
		struct str word = { b, (size_t)(p - b) };
		int32_t off;
		bool found = wt_tz_abbr(word, &off);
		if (found) {
			t->zone = ZONE_OFFSET;
			t->offset = off;
		}
		if ((!found || (word.len == 3 && strncasecmp(b, "utc", 3) == 0)) && word.len < sizeof(t->zone_id)) {
			memcpy(t->zone_id, b, word.len);
			t->zone_id[word.len] = '\0';
			if (wt_tz_exists(t->zone_id)) {
				t->zone = ZONE_ID;
				found = true;
			}
		}
		if (!found)
			t->error = true;
	}
	while (*p == ')')
		p++;
	*pp = p;
}

/* The zone rule: a second zone is ignored, a third refused. */
static void tz_token(struct tp *t, const char **pp)
{
	if (t->have_zone) {
		if (t->have_zone > 1)
			t->error = true;
		t->have_zone++;
		return;
	}
	t->have_zone++;
	parse_zone(t, pp);
}

/* Day of the week, 0 = Sunday. */
static int day_of_week(long long y, long long m, long long d)
{
	int64_t days = wt_days_from_civil(y, m, d);
	int w = (int)((days + 4) % 7); /* 1970-01-01 was a Thursday */
	return w < 0 ? w + 7 : w;
}

/* Day number of ISO week `w`, weekday `d` counted from 1 January of `y`. */
static long long daynr_from_weeknr(long long y, long long w, long long d)
{
	int dow = day_of_week(y, 1, 1);
	long long day = 0 - (dow > 4 ? dow - 7 : dow);
	return day + (w - 1) * 7 + d;
}

/* Run the action of `act` on the token `tok` (NUL-terminated copy). */
static void action(struct tp *t, enum act act, const char *tok)
{
	const char *p = tok;
	int len, behavior = 0;
	long long i;
	switch (act) {
	case A_YESTERDAY:
		t->have_relative = true;
		unhave_time(t);
		t->rel.d = -1;
		break;
	case A_NOW: break;
	case A_NOON:
		unhave_time(t);
		if (have_time(t))
			t->h = 12;
		break;
	case A_MIDNIGHT: unhave_time(t); break;
	case A_TOMORROW:
		t->have_relative = true;
		unhave_time(t);
		t->rel.d = 1;
		break;
	case A_TIMESTAMP:
		t->have_relative = true;
		t->have_date = false;
		t->y = t->m = t->d = 0;
		unhave_time(t);
		/* After a zone the timestamp is ignored (leaving the date at zero). */
		if (t->have_zone) {
			if (t->have_zone > 1)
				t->error = true;
			t->have_zone++;
			break;
		}
		t->have_zone++;
		i = get_signed_nr(t, &p, 24);
		t->y = 1970;
		t->m = 1;
		t->d = 1;
		t->rel.s += i;
		if (*p == '.') {
			long long us = get_frac(&p);
			t->rel.us += us == UNSET ? 0 : (tok[1] == '-' ? -us : us);
		}
		t->zone = ZONE_OFFSET;
		t->offset = 0;
		break;
	case A_FIRSTLASTOF:
		t->have_relative = true;
		t->rel.first_last = (*p == 'l' || *p == 'L') ? 2 : 1;
		break;
	case A_BACKFRONTOF:
		unhave_time(t);
		have_time(t);
		if (*p == 'b' || *p == 'B') {
			t->h = get_nr(&p, 2);
			t->i = 15;
		} else {
			t->h = get_nr(&p, 2) - 1;
			t->i = 45;
		}
		if (*p) {
			while (*p == ' ' || *p == '\t')
				p++;
			t->h += meridian(&p, t->h);
		}
		break;
	case A_WEEKDAYOF:
		t->have_relative = true;
		t->have_special = true;
		i = get_relative_text(&p, &behavior);
		while (*p == ' ' || *p == '\t')
			p++;
		if (i > 0) {
			t->rel.special = SP_DOW_IN_MONTH;
			set_relative(t, &p, i, 1, false);
		} else {
			t->rel.special = SP_LAST_DOW_OF;
			set_relative(t, &p, i, behavior, false);
		}
		break;
	case A_TIME12:
		if (!have_time(t))
			break;
		t->h = get_nr(&p, 2);
		if (*p == ':' || *p == '.') {
			t->i = get_nr(&p, 2);
			if (*p == ':' || *p == '.')
				t->s = get_nr(&p, 2);
		}
		t->h += meridian(&p, t->h);
		break;
	case A_MSSQLTIME:
		if (!have_time(t))
			break;
		t->h = get_nr(&p, 2);
		t->i = get_nr(&p, 2);
		t->s = get_nr(&p, 2);
		if (*p == ':' || *p == '.') {
			long long us = get_frac(&p);
			t->us = us == UNSET ? 0 : us;
		}
		t->h += meridian(&p, t->h);
		break;
	case A_TIME24:
		if (!have_time(t))
			break;
		t->h = get_nr(&p, 2);
		if (*p == ':' || *p == '.') {
			t->i = get_nr(&p, 2);
			if (*p == ':' || *p == '.') {
				t->s = get_nr(&p, 2);
				if (*p == '.') {
					long long us = get_frac(&p);
					t->us = us == UNSET ? 0 : us;
				}
			}
		}
		if (*p)
			parse_zone(t, &p);
		break;
	case A_GNUNOCOLON:
		/* Four digits are a time, after a time a year, after both an error. */
		if (t->n_times == 0) {
			t->h = get_nr(&p, 2);
			t->i = get_nr(&p, 2);
			t->s = 0;
		} else if (t->n_times == 1) {
			t->y = get_nr(&p, 4);
		} else {
			t->error = true;
		}
		t->n_times++;
		t->have_time = true;
		break;
	case A_ISONOCOLON:
		if (!have_time(t))
			break;
		t->h = get_nr(&p, 2);
		t->i = get_nr(&p, 2);
		t->s = get_nr(&p, 2);
		if (*p)
			parse_zone(t, &p);
		break;
	case A_AMERICAN:
		if (!have_date(t))
			break;
		t->m = get_nr(&p, 2);
		t->d = get_nr(&p, 2);
		if (*p == '/') {
			t->y = get_nr_ex(&p, 4, &len);
			process_year(&t->y, len);
		}
		break;
	case A_ISODATE4:
		if (!have_date(t))
			break;
		t->y = get_signed_nr(t, &p, 4);
		t->m = get_nr(&p, 2);
		t->d = get_nr(&p, 2);
		break;
	case A_ISODATE2:
	case A_GNUDATESHORT:
		if (!have_date(t))
			break;
		t->y = get_nr_ex(&p, 4, &len);
		t->m = get_nr(&p, 2);
		t->d = get_nr(&p, 2);
		process_year(&t->y, len);
		break;
	case A_ISODATEX:
		if (!have_date(t))
			break;
		t->y = get_signed_nr(t, &p, 19);
		t->m = get_nr(&p, 2);
		t->d = get_nr(&p, 2);
		break;
	case A_GNUDATESHORTER:
		if (!have_date(t))
			break;
		t->y = get_nr_ex(&p, 4, &len);
		t->m = get_nr(&p, 2);
		t->d = 1;
		process_year(&t->y, len);
		break;
	case A_DATEFULL:
		if (!have_date(t))
			break;
		t->d = get_nr(&p, 2);
		skip_day_suffix(&p);
		t->m = get_month(&p);
		t->y = get_nr_ex(&p, 4, &len);
		process_year(&t->y, len);
		break;
	case A_POINTED4:
		if (!have_date(t))
			break;
		t->d = get_nr(&p, 2);
		t->m = get_nr(&p, 2);
		t->y = get_nr(&p, 4);
		break;
	case A_POINTED2:
		if (!have_date(t))
			break;
		t->d = get_nr(&p, 2);
		t->m = get_nr(&p, 2);
		t->y = get_nr_ex(&p, 2, &len);
		process_year(&t->y, len);
		break;
	case A_DATENODAY:
		if (!have_date(t))
			break;
		t->m = get_month(&p);
		t->y = get_nr_ex(&p, 4, &len);
		t->d = 1;
		process_year(&t->y, len);
		break;
	case A_DATENODAYREV:
		if (!have_date(t))
			break;
		t->y = get_nr_ex(&p, 4, &len);
		t->m = get_month(&p);
		t->d = 1;
		process_year(&t->y, len);
		break;
	case A_DATETEXTUAL:
		if (!have_date(t))
			break;
		t->m = get_month(&p);
		t->d = get_nr(&p, 2);
		t->y = get_nr_ex(&p, 4, &len);
		process_year(&t->y, len);
		break;
	case A_DATENOYEARREV:
		if (!have_date(t))
			break;
		t->d = get_nr(&p, 2);
		skip_day_suffix(&p);
		t->m = get_month(&p);
		break;
	case A_DATENOCOLON:
		if (!have_date(t))
			break;
		t->y = get_nr(&p, 4);
		t->m = get_nr(&p, 2);
		t->d = get_nr(&p, 2);
		break;
	case A_DATETIME:
		if (!have_time(t) || !have_date(t))
			break;
		t->y = get_nr(&p, 4);
		t->m = get_nr(&p, 2);
		t->d = get_nr(&p, 2);
		t->h = get_nr(&p, 2);
		t->i = get_nr(&p, 2);
		t->s = get_nr(&p, 2);
		if (*p == '.') {
			long long us = get_frac(&p);
			t->us = us == UNSET ? 0 : us;
			if (*p)
				parse_zone(t, &p);
		}
		break;
	case A_PGYDOTD:
		if (!have_date(t))
			break;
		t->y = get_nr_ex(&p, 4, &len);
		t->d = get_nr(&p, 3);
		t->m = 1;
		process_year(&t->y, len);
		break;
	case A_ISOWEEKDAY:
	case A_ISOWEEK: {
		if (!have_date(t))
			break;
		t->have_relative = true;
		t->y = get_nr(&p, 4);
		long long w = get_nr(&p, 2);
		long long d = act == A_ISOWEEKDAY ? get_nr(&p, 1) : 1;
		t->m = 1;
		t->d = 1;
		t->rel.d = daynr_from_weeknr(t->y, w, d);
		break;
	}
	case A_PGTEXTSHORT:
		if (!have_date(t))
			break;
		t->m = get_month(&p);
		t->d = get_nr(&p, 2);
		t->y = get_nr_ex(&p, 4, &len);
		process_year(&t->y, len);
		break;
	case A_PGTEXTREVERSE:
		if (!have_date(t))
			break;
		t->y = get_nr_ex(&p, 4, &len);
		t->m = get_month(&p);
		t->d = get_nr(&p, 2);
		process_year(&t->y, len);
		break;
	case A_CLF:
		if (!have_time(t) || !have_date(t))
			break;
		t->d = get_nr(&p, 2);
		t->m = get_month(&p);
		t->y = get_nr(&p, 4);
		t->h = get_nr(&p, 2);
		t->i = get_nr(&p, 2);
		t->s = get_nr(&p, 2);
		parse_zone(t, &p);
		break;
	case A_YEAR4: t->y = get_nr(&p, 4); break;
	case A_AGO:
		t->rel.y = -t->rel.y;
		t->rel.m = -t->rel.m;
		t->rel.d = -t->rel.d;
		t->rel.h = -t->rel.h;
		t->rel.i = -t->rel.i;
		t->rel.s = -t->rel.s;
		t->rel.us = -t->rel.us;
		t->rel.weekday = -t->rel.weekday;
		if (t->rel.weekday == 0)
			t->rel.weekday = -7;
		if (t->have_special && t->rel.special == SP_WEEKDAY)
			t->rel.special_amount = -t->rel.special_amount;
		break;
	case A_DAYTEXT: {
		enum unit unit;
		int mult;
		t->have_relative = true;
		t->have_weekday_rel = true;
		unhave_time(t);
		/* "weekday" alone takes its table value 1 as a weekday: Monday. */
		if (lookup_relunit(&p, &unit, &mult))
			t->rel.weekday = mult;
		if (t->rel.weekday_behavior != 2)
			t->rel.weekday_behavior = 1;
		break;
	}
	case A_RELTEXTWEEK:
		t->have_relative = true;
		while (*p) {
			i = get_relative_text(&p, &behavior);
			while (*p == ' ' || *p == '\t')
				p++;
			set_relative(t, &p, i, behavior, false);
			t->rel.weekday_behavior = 2;
			if (!t->have_weekday_rel) {
				t->have_weekday_rel = true;
				t->rel.weekday = 1;
			}
		}
		break;
	case A_RELTEXT:
		t->have_relative = true;
		while (*p) {
			i = get_relative_text(&p, &behavior);
			while (*p == ' ' || *p == '\t')
				p++;
			set_relative(t, &p, i, behavior, false);
		}
		break;
	case A_MONTH:
		if (!have_date(t))
			break;
		t->m = get_month(&p);
		break;
	case A_TZ: tz_token(t, &p); break;
	case A_DATETIME12:
		if (!have_date(t))
			break;
		t->m = get_month(&p);
		t->d = get_nr(&p, 2);
		if (!have_time(t))
			break;
		t->h = get_nr(&p, 2);
		t->i = get_nr(&p, 2);
		if (*p == ':' || *p == '.')
			t->s = get_nr(&p, 2);
		t->h += meridian(&p, t->h);
		break;
	case A_DATETIME24:
		if (!have_date(t))
			break;
		t->m = get_month(&p);
		t->d = get_nr(&p, 2);
		if (!have_time(t))
			break;
		t->h = get_nr(&p, 2);
		t->i = get_nr(&p, 2);
		if (*p == ':') {
			t->s = get_nr(&p, 2);
			if (*p == '.') {
				long long us = get_frac(&p);
				t->us = us == UNSET ? 0 : us;
			}
		}
		if (*p)
			parse_zone(t, &p);
		break;
	case A_RELATIVE:
		t->have_relative = true;
		while (*p && !t->error) {
			i = get_signed_nr(t, &p, 24);
			while (*p == ' ' || *p == '\t')
				p++;
			set_relative(t, &p, i, 1, true);
		}
		break;
	case A_SKIP:
	case A_END: break;
	}
}

/* ---- calendar arithmetic ----------------------------------------------- */

int64_t wt_days_from_civil(int64_t y, int64_t m, int64_t d)
{
	/* Howard Hinnant's days_from_civil, on a March-based year. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void wt_civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Carry `*a` into `*b` so that start <= *a < end (a unit of `adj`). */
static void range_limit(long long start, long long end, long long adj, long long *a, long long *b)
{
	if (*a < start) {
		long long k = (start - *a - 1) / adj + 1;
		*b -= k;
		*a += adj * k;
	}
	if (*a >= end) {
		*b += *a / adj;
		*a -= adj * (*a / adj);
	}
}

/* Bring every field into its range, carrying upwards; days roll over months. */
static void normalize(struct tp *t)
{
	range_limit(0, 1000000, 1000000, &t->us, &t->s);
	range_limit(0, 60, 60, &t->s, &t->i);
	range_limit(0, 60, 60, &t->i, &t->h);
	range_limit(0, 24, 24, &t->h, &t->d);
	range_limit(1, 13, 12, &t->m, &t->y);
	int64_t days = wt_days_from_civil(t->y, t->m, 1) + (t->d - 1);
	int64_t y, m, d;
	wt_civil_from_days(days, &y, &m, &d);
	t->y = y;
	t->m = m;
	t->d = d;
}

/* Move to the weekday asked for ("monday", "next friday", "sunday this week"). */
static void adjust_weekday(struct tp *t)
{
	int dow = day_of_week(t->y, t->m, t->d);
	if (t->rel.weekday_behavior == 2) {
		if (dow == 0 && t->rel.weekday != 0)
			t->rel.weekday -= 7;
		if (t->rel.weekday == 0 && dow != 0)
			t->rel.weekday = 7;
		t->d -= dow;
		t->d += t->rel.weekday;
		return;
	}
	long long diff = t->rel.weekday - dow;
	if ((t->rel.d < 0 && diff < 0) || (t->rel.d >= 0 && diff <= -t->rel.weekday_behavior))
		diff += 7;
	if (t->rel.weekday >= 0)
		t->d += diff;
	else
		t->d -= 7 - (llabs(t->rel.weekday) - dow);
	t->have_weekday_rel = false;
}

/* "+N weekdays": N working days on, skipping Saturdays and Sundays. */
static void adjust_special_weekday(struct tp *t)
{
	long long count = t->rel.special_amount;
	int dow = day_of_week(t->y, t->m, t->d);
	if (count == 0) {
		/* Zero weekdays from a weekend day is the next Monday; else today. */
		if (dow == 6)
			t->d += 2;
		else if (dow == 0)
			t->d += 1;
		return;
	}
	if (count > 0) {
		/* From a weekend day, counting starts on the Friday before. */
		if (dow == 6)
			t->d -= 1, dow = 5;
		else if (dow == 0)
			t->d -= 2, dow = 5;
		t->d += count / 5 * 7;
		long long rem = count % 5;
		if (dow + rem > 5)
			rem += 2;
		t->d += rem;
	} else {
		count = -count;
		if (dow == 6)
			t->d += 2, dow = 1;
		else if (dow == 0)
			t->d += 1, dow = 1;
		t->d -= count / 5 * 7;
		long long rem = count % 5;
		if (dow - rem < 1)
			rem += 2;
		t->d -= rem;
	}
}

/* ---- entry point --------------------------------------------------------- */

/*
 * The commonest date of all, "2008-06-30" alone (what citation templates
 * pass), read without the rule scan: the scan would take it whole as one
 * ISO date (rule A_ISODATE4, a month 00-12 and a day 00-31) and then meet
 * the end. true when `text` is one and `t` holds its date.
 */
static bool iso_date(struct str text, struct tp *t)
{
	const char *p = text.p;
	if (text.len != 10 || p[4] != '-' || p[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (p[i] < '0' || p[i] > '9'))
			return false;
	int m = (p[5] - '0') * 10 + (p[6] - '0');
	int d = (p[8] - '0') * 10 + (p[9] - '0');
	if (m > 12 || d > 31)
		return false;
	t->y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	t->m = m;
	t->d = d;
	t->have_date = true;
	return true;
}

int wt_time_parse(struct str text, int64_t now, int64_t *out)
{
	pthread_once(&compile_once, compile_rules);
	/* Leading and trailing white space is not part of the date. */
	while (text.len && isspace((unsigned char)text.p[0])) {
		text.p++;
		text.len--;
	}
	while (text.len && isspace((unsigned char)text.p[text.len - 1]))
		text.len--;
	if (text.len == 0 || text.len > WT_TIME_MAX_INPUT)
		return RC_INVALID;

	struct tp t;
	memset(&t, 0, sizeof(t));
	t.y = t.m = t.d = t.h = t.i = t.s = t.us = UNSET;
	if (iso_date(text, &t))
		goto scanned;
	char *buf = xmalloc(text.len + 1);
	memcpy(buf, text.p, text.len);
	buf[text.len] = '\0';
	char *tok = xmalloc(text.len + 2);
	int ws[4096]; /* DFA workspace; the rules need a few hundred entries */
	size_t pos = 0;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	while (pos <= text.len && !t.error) {
		size_t best_len = 0;
		size_t best = ARRAY_SIZE(rules);
		unsigned char next = (unsigned char)buf[pos];
		for (size_t r = 0; r < ARRAY_SIZE(rules); r++) {
			if (!can_start[r][next])
				continue;
			int rc = pcre2_dfa_match(compiled[r], (PCRE2_SPTR)buf, text.len + 1, pos, PCRE2_ANCHORED, md, NULL,
						 ws, ARRAY_SIZE(ws));
			if (rc < 0 && rc != PCRE2_ERROR_PARTIAL && rc != PCRE2_ERROR_NOMATCH)
				rc = 0; /* workspace too small: treat as no match */
			if (rc >= 0) {
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
				size_t l = ov[1] - ov[0];
				if (l > best_len) {
					best_len = l;
					best = r;
				}
			}
		}
		if (best == ARRAY_SIZE(rules)) {
			t.error = true; /* an unexpected character */
			break;
		}
		if (rules[best].act == A_END)
			break;
		memcpy(tok, buf + pos, best_len);
		tok[best_len] = '\0';
		action(&t, rules[best].act, tok);
		pos += best_len;
	}
	pcre2_match_data_free(md);
	xfree(tok);
	xfree(buf);
	if (t.error)
		return RC_INVALID;
scanned:; /* C11: a label is followed by a statement, not a declaration (clang refuses one) */
	/* Fill what the text left open from "now", in UTC. */
	int64_t nd = now >= 0 ? now / 86400 : (now - 86399) / 86400;
	int64_t nsec = now - nd * 86400;
	int64_t ny, nm, ndd;
	wt_civil_from_days(nd, &ny, &nm, &ndd);
	if (t.have_date && !t.have_time) {
		t.h = t.i = t.s = 0;
		t.us = 0;
	}
	if (t.us == UNSET)
		t.us = 0;
	if (t.y == UNSET)
		t.y = ny;
	if (t.m == UNSET)
		t.m = nm;
	if (t.d == UNSET)
		t.d = ndd;
	if (t.h == UNSET)
		t.h = nsec / 3600;
	if (t.i == UNSET)
		t.i = nsec / 60 % 60;
	if (t.s == UNSET)
		t.s = nsec % 60;

	/* Years far outside what a 64-bit day count can hold are refused. */
	if (llabs(t.y) > 100000000LL || llabs(t.rel.y) > 100000000LL || llabs(t.rel.m) > 1000000000LL ||
	    llabs(t.rel.d) > 40000000000LL || llabs(t.d) > 40000000000LL)
		return RC_INVALID;

	/* "first/last day of" counts from the first of the month given. */
	if (t.rel.first_last)
		t.d = 1;
	/* "first/last <weekday> of": start from the first of the month. */
	if (t.have_special && t.rel.special == SP_DOW_IN_MONTH) {
		t.d = 1;
		t.m += t.rel.m;
		t.rel.m = 0;
	} else if (t.have_special && t.rel.special == SP_LAST_DOW_OF) {
		t.d = 1;
		t.m += t.rel.m + 1;
		t.rel.m = 0;
	}
	normalize(&t);
	if (t.have_weekday_rel)
		adjust_weekday(&t);
	normalize(&t);
	if (t.have_relative) {
		t.us += t.rel.us;
		t.s += t.rel.s;
		t.i += t.rel.i;
		t.h += t.rel.h;
		t.d += t.rel.d;
		t.m += t.rel.m;
		t.y += t.rel.y;
	}
	if (t.rel.first_last == 1) {
		t.d = 1;
	} else if (t.rel.first_last == 2) {
		t.d = 0;
		t.m++;
	}
	normalize(&t);
	if (t.have_special && t.rel.special == SP_WEEKDAY) {
		adjust_special_weekday(&t);
		normalize(&t);
	}

	int64_t local = wt_days_from_civil(t.y, t.m, t.d) * 86400 + t.h * 3600 + t.i * 60 + t.s;
	if (t.zone == ZONE_OFFSET) {
		local -= t.offset;
	} else if (t.zone == ZONE_ID) {
		int64_t utc;
		if (wt_tz_local_to_utc(t.zone_id, local, &utc) != RC_OK)
			return RC_INVALID;
		local = utc;
	}
	*out = local;
	return RC_OK;
}
