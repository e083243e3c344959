/* SPDX-License-Identifier: MIT */
/*
 * tz.c — time zones for #time and #timel: fixed offsets, the abbreviations
 * PHP's date parser knows ("EST", "CEST", military letters), and zone
 * identifiers ("Europe/Berlin") read from the system's compiled tz
 * database (TZif files under $TZDIR, default /usr/share/zoneinfo).
 *
 * A zone file is read once and kept for the life of the process in a
 * small list guarded by a mutex; lookups after that only take the lock to
 * walk the list. Identifiers are case-sensitive, as in PHP.
 */
#include "wt_pf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

/* One local-time type of a zone: offset, DST flag, abbreviation. */
struct tz_type {
	int32_t utoff; /* seconds east of UTC */
	bool is_dst;   /* daylight saving time */
	char abbr[8];  /* "CEST", "+03" ... (cut to 7 bytes) */
};

/* A loaded zone. */
struct tz_zone {
	struct tz_zone *next;  /* next in the cache list */
	char *name;            /* identifier as asked for */
	size_t n_trans;        /* transitions */
	int64_t *trans;        /* transition instants, ascending */
	unsigned char *idx;    /* type in force from each transition */
	size_t n_types;        /* local-time types */
	struct tz_type *types; /* the types */
	size_t first_std;      /* type before the first transition */
	bool has_rule;         /* the footer gives a rule for later times */
	struct tz_type std, dst; /* the rule's standard and daylight types */
	struct tz_when {
		char kind;     /* 'M' month.week.day, 'J' day 1-365 without Feb 29, 'D' day 0-365 */
		int m, w, d;   /* M: month 1-12, week 1-5 (5 = last), weekday 0-6; J/D: day in d */
		int32_t secs;  /* local time of day of the change */
	} start, end;          /* when daylight time starts and ends (if has_dst) */
	bool rule_has_dst;     /* the rule has a daylight part */
};

static pthread_mutex_t zones_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz_zone *zones; /* loaded zones, never freed */

/* Largest TZif file we read; real ones are a few KiB. */
#define TZ_MAX_FILE (256u << 10)

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* An identifier we are willing to look up as a file name. */
static bool safe_name(const char *name)
{
	if (!name[0] || name[0] == '/' || strlen(name) > 64 || strstr(name, ".."))
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '/' || *p == '_' || *p == '-' || *p == '+'))
			return false;
	return true;
}

/* A zone name in a POSIX TZ string: letters, or <...> quoted. */
static const char *rule_name(const char *p, char out[8])
{
	size_t n = 0;
	if (*p == '<') {
		p++;
		while (*p && *p != '>') {
			if (n < 7)
				out[n++] = *p;
			p++;
		}
		if (*p == '>')
			p++;
	} else {
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
			if (n < 7)
				out[n++] = *p;
			p++;
		}
	}
	out[n] = '\0';
	return n ? p : NULL;
}

/* "[+-]hh[:mm[:ss]]" as seconds. */
static const char *rule_time(const char *p, int32_t *secs)
{
	int sign = 1;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (*p < '0' || *p > '9')
		return NULL;
	long v = strtol(p, (char **)&p, 10) * 3600;
	if (*p == ':') {
		v += strtol(p + 1, (char **)&p, 10) * 60;
		if (*p == ':')
			v += strtol(p + 1, (char **)&p, 10);
	}
	*secs = (int32_t)(sign * v);
	return p;
}

/* ",Mm.w.d[/time]" or ",Jn[/time]" or ",n[/time]". */
static const char *rule_when(const char *p, struct tz_when *w)
{
	if (*p++ != ',')
		return NULL;
	if (*p == 'M') {
		w->kind = 'M';
		w->m = (int)strtol(p + 1, (char **)&p, 10);
		if (*p++ != '.')
			return NULL;
		w->w = (int)strtol(p, (char **)&p, 10);
		if (*p++ != '.')
			return NULL;
		w->d = (int)strtol(p, (char **)&p, 10);
		if (w->m < 1 || w->m > 12 || w->w < 1 || w->w > 5 || w->d < 0 || w->d > 6)
			return NULL;
	} else {
		w->kind = *p == 'J' ? 'J' : 'D';
		if (*p == 'J')
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		w->d = (int)strtol(p, (char **)&p, 10);
	}
	w->secs = 7200; /* the default time of a change: 02:00 */
	if (*p == '/')
		p = rule_time(p + 1, &w->secs);
	return p;
}

/* Read the TZ rule of a TZif footer ("CET-1CEST,M3.5.0,M10.5.0/3"). */
static void parse_rule(struct tz_zone *z, const char *p)
{
	int32_t off;
	p = rule_name(p, z->std.abbr);
	if (!p || !(p = rule_time(p, &off)))
		return;
	z->std.utoff = -off; /* POSIX offsets count west */
	z->has_rule = true;
	if (!*p)
		return;
	if (!(p = rule_name(p, z->dst.abbr)))
		return;
	z->dst.utoff = z->std.utoff + 3600;
	z->dst.is_dst = true;
	if (*p && *p != ',') {
		if (!(p = rule_time(p, &off)))
			return;
		z->dst.utoff = -off;
	}
	if (!(p = rule_when(p, &z->start)) || !rule_when(p, &z->end))
		return;
	z->rule_has_dst = true;
}

/* Days since the epoch of the day a rule names in year `y`. */
static int64_t rule_day(const struct tz_when *w, int64_t y)
{
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (w->kind == 'J')
		return wt_days_from_civil(y, 1, 1) + w->d - 1 + (leap && w->d >= 60);
	if (w->kind == 'D')
		return wt_days_from_civil(y, 1, 1) + w->d;
	int64_t first = wt_days_from_civil(y, w->m, 1);
	int dow = (int)(((first + 4) % 7 + 7) % 7);
	int64_t day = first + ((w->d - dow + 7) % 7) + (int64_t)(w->w - 1) * 7;
	int64_t next = w->m == 12 ? wt_days_from_civil(y + 1, 1, 1) : wt_days_from_civil(y, w->m + 1, 1);
	while (day >= next)
		day -= 7;
	return day;
}

/* The footer rule's type at UTC instant t. */
static const struct tz_type *rule_type(const struct tz_zone *z, int64_t t)
{
	if (!z->rule_has_dst)
		return &z->std;
	int64_t local = t + z->std.utoff;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t y, m, d;
	wt_civil_from_days(days, &y, &m, &d);
	/* Changes happen at local wall-clock times: the start in standard time, the end in daylight time. */
	int64_t start = rule_day(&z->start, y) * 86400 + z->start.secs - z->std.utoff;
	int64_t end = rule_day(&z->end, y) * 86400 + z->end.secs - z->dst.utoff;
	bool in_dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
	return in_dst ? &z->dst : &z->std;
}

/* Parse the 64-bit part of a TZif file. NULL when it is not one. */
static struct tz_zone *parse_tzif(const unsigned char *b, size_t n)
{
	if (n < 44 || memcmp(b, "TZif", 4) != 0 || b[4] < '2')
		return NULL;
	/* Skip the version 1 block, then read the 64-bit header. */
	size_t cnt[6];
	for (int i = 0; i < 6; i++)
		cnt[i] = be32(b + 20 + 4 * i);
	size_t skip = 44 + cnt[3] * 5 + cnt[4] * 6 + cnt[5] + cnt[2] * 8 + cnt[1] + cnt[0];
	if (skip + 44 > n || memcmp(b + skip, "TZif", 4) != 0)
		return NULL;
	const unsigned char *h = b + skip;
	for (int i = 0; i < 6; i++)
		cnt[i] = be32(h + 20 + 4 * i);
	size_t isut = cnt[0], isstd = cnt[1], leap = cnt[2], timecnt = cnt[3], typecnt = cnt[4], charcnt = cnt[5];
	size_t need = 44 + timecnt * 9 + typecnt * 6 + charcnt + leap * 12 + isstd + isut;
	if (typecnt == 0 || typecnt > 256 || timecnt > 100000 || skip + need > n)
		return NULL;
	const unsigned char *p = h + 44;
	struct tz_zone *z = xcalloc(1, sizeof(*z));
	z->n_trans = timecnt;
	z->trans = xcalloc(timecnt + 1, sizeof(*z->trans));
	z->idx = xcalloc(timecnt + 1, 1);
	for (size_t i = 0; i < timecnt; i++)
		z->trans[i] = be64(p + 8 * i);
	p += 8 * timecnt;
	for (size_t i = 0; i < timecnt; i++)
		z->idx[i] = p[i] < typecnt ? p[i] : 0;
	p += timecnt;
	z->n_types = typecnt;
	z->types = xcalloc(typecnt, sizeof(*z->types));
	const unsigned char *chars = p + 6 * typecnt;
	for (size_t i = 0; i < typecnt; i++) {
		z->types[i].utoff = (int32_t)be32(p + 6 * i);
		z->types[i].is_dst = p[6 * i + 4] != 0;
		size_t ai = p[6 * i + 5];
		if (ai < charcnt) {
			size_t k = 0;
			while (ai + k < charcnt && chars[ai + k] && k < sizeof(z->types[i].abbr) - 1) {
				z->types[i].abbr[k] = (char)chars[ai + k];
				k++;
			}
		}
	}
	/* The footer: a newline, a POSIX TZ rule for times after the last transition, a newline. */
	const unsigned char *foot = h + need;
	const unsigned char *fend = b + n;
	if (foot < fend && *foot == '\n') {
		const unsigned char *nl = memchr(foot + 1, '\n', (size_t)(fend - foot - 1));
		if (nl && nl - foot < 128) {
			char rule[128];
			memcpy(rule, foot + 1, (size_t)(nl - foot - 1));
			rule[nl - foot - 1] = '\0';
			parse_rule(z, rule);
		}
	}
	/* Before the first transition the first standard-time type applies. */
	for (size_t i = 0; i < typecnt; i++)
		if (!z->types[i].is_dst) {
			z->first_std = i;
			break;
		}
	return z;
}

static struct tz_zone *load_zone(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *b = xmalloc(TZ_MAX_FILE);
	size_t n = fread(b, 1, TZ_MAX_FILE, f);
	fclose(f);
	struct tz_zone *z = parse_tzif(b, n);
	xfree(b);
	if (z)
		z->name = xstrdup(name);
	return z;
}

/* The zone named `name`, loading it on first use; NULL when unknown. */
static const struct tz_zone *find_zone(const char *name)
{
	if (!safe_name(name))
		return NULL;
	pthread_mutex_lock(&zones_lock);
	struct tz_zone *z;
	for (z = zones; z; z = z->next)
		if (strcmp(z->name, name) == 0)
			break;
	if (!z) {
		z = load_zone(name);
		if (z) {
			z->next = zones;
			zones = z;
		}
	}
	pthread_mutex_unlock(&zones_lock);
	return z;
}

/* The type in force at UTC instant t. */
static const struct tz_type *type_at(const struct tz_zone *z, int64_t t)
{
	if (z->has_rule && (z->n_trans == 0 || t >= z->trans[z->n_trans - 1]))
		return rule_type(z, t);
	if (z->n_trans == 0 || t < z->trans[0])
		return &z->types[z->first_std];
	size_t lo = 0, hi = z->n_trans; /* invariant: trans[lo] <= t */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return &z->types[z->idx[lo]];
}

bool wt_tz_exists(const char *name)
{
	return find_zone(name) != NULL;
}

int wt_tz_at_utc(const char *name, int64_t t, struct wt_tz_info *out)
{
	const struct tz_zone *z = find_zone(name);
	if (!z)
		return RC_NOTFOUND;
	const struct tz_type *ty = type_at(z, t);
	out->offset = ty->utoff;
	out->is_dst = ty->is_dst;
	memcpy(out->abbr, ty->abbr, sizeof(out->abbr));
	return RC_OK;
}

int wt_tz_local_to_utc(const char *name, int64_t local, int64_t *utc)
{
	const struct tz_zone *z = find_zone(name);
	if (!z)
		return RC_NOTFOUND;
	/*
	 * Try the offsets in force two days before and after: a wall-clock
	 * time that exists once takes the offset that fits; one that exists
	 * twice (clocks set back) takes the earlier instant; one that does not
	 * exist (clocks set forward) is read with the offset from before the
	 * change. That is what PHP answers.
	 */
	int32_t a = type_at(z, local - 2 * 86400)->utoff;
	int32_t b = type_at(z, local + 2 * 86400)->utoff;
	bool fits_a = type_at(z, local - a)->utoff == a;
	bool fits_b = type_at(z, local - b)->utoff == b;
	if (fits_a && fits_b)
		*utc = local - MAX(a, b);
	else if (fits_b)
		*utc = local - b;
	else
		*utc = local - a;
	return RC_OK;
}

/* Abbreviations of PHP's date parser with their UTC offsets (DST included). */
static const struct {
	const char *abbr; /* lower case */
	int32_t offset;   /* seconds east of UTC */
} abbrs[] = {
	{ "a", 3600 }, { "acdt", 37800 }, { "acst", 34200 }, { "addt", -7200 }, { "adt", -10800 },
	{ "aedt", 39600 }, { "aest", 36000 }, { "ahdt", -32400 }, { "ahst", -36000 }, { "akdt", -28800 },
	{ "akst", -32400 }, { "amt", -13840 }, { "apt", -10800 }, { "ast", -14400 }, { "awdt", 32400 },
	{ "awst", 28800 }, { "awt", -10800 }, { "b", 7200 }, { "bdst", 7200 }, { "bdt", -36000 },
	{ "bmt", -14309 }, { "bst", 3600 }, { "c", 10800 }, { "cast", 34200 }, { "cat", 7200 },
	{ "cddt", -14400 }, { "cdt", -18000 }, { "cemt", 10800 }, { "cest", 7200 }, { "cet", 3600 },
	{ "chst", 36000 }, { "cmt", -15408 }, { "cpt", -18000 }, { "cst", -21600 }, { "cwt", -18000 },
	{ "d", 14400 }, { "dmt", -1521 }, { "e", 18000 }, { "eat", 10800 }, { "eddt", -10800 },
	{ "edt", -14400 }, { "eest", 10800 }, { "eet", 7200 }, { "emt", -26248 }, { "ept", -14400 },
	{ "est", -18000 }, { "ewt", -14400 }, { "f", 21600 }, { "ffmt", -14660 }, { "fmt", -4056 },
	{ "g", 25200 }, { "gdt", 39600 }, { "gmt", 0 }, { "gst", 36000 }, { "h", 28800 },
	{ "hdt", -34200 }, { "hkst", 32400 }, { "hkt", 28800 }, { "hmt", -19776 }, { "hpt", -34200 },
	{ "hst", -36000 }, { "hwt", -34200 }, { "i", 32400 }, { "iddt", 14400 }, { "idt", 10800 },
	{ "imt", 25025 }, { "ist", 7200 }, { "jdt", 36000 }, { "jmt", 8440 }, { "jst", 32400 },
	{ "k", 36000 }, { "kdt", 36000 }, { "kmt", 5736 }, { "kst", 30600 }, { "l", 39600 },
	{ "lst", 9394 }, { "m", 43200 }, { "mddt", -18000 }, { "mdst", 16279 }, { "mdt", -21600 },
	{ "mest", 7200 }, { "met", 3600 }, { "mmt", 9017 }, { "mpt", -21600 }, { "msd", 14400 },
	{ "msk", 10800 }, { "mst", -25200 }, { "mwt", -21600 }, { "n", -3600 }, { "nddt", -5400 },
	{ "ndt", -9052 }, { "npt", -9000 }, { "nst", -12600 }, { "nwt", -9000 }, { "nzdt", 46800 },
	{ "nzmt", 41400 }, { "nzst", 43200 }, { "o", -7200 }, { "p", -10800 }, { "pddt", -21600 },
	{ "pdt", -25200 }, { "pkst", 21600 }, { "pkt", 18000 }, { "plmt", 25590 }, { "pmt", -13236 },
	{ "ppmt", -17340 }, { "ppt", -25200 }, { "pst", -28800 }, { "pwt", -25200 }, { "q", -14400 },
	{ "qmt", -18840 }, { "r", -18000 }, { "rmt", 5794 }, { "s", -21600 }, { "sast", 7200 },
	{ "sdmt", -16800 }, { "sjmt", -20173 }, { "smt", -13884 }, { "sst", -39600 }, { "t", -25200 },
	{ "tbmt", 10751 }, { "tmt", 12344 }, { "u", -28800 }, { "uct", 0 }, { "utc", 0 }, { "v", -32400 },
	{ "w", -36000 }, { "wast", 7200 }, { "wat", 3600 }, { "wemt", 7200 }, { "west", 3600 },
	{ "wet", 0 }, { "wib", 25200 }, { "wit", 32400 }, { "wita", 28800 }, { "wmt", 5040 },
	{ "x", -39600 }, { "y", -43200 }, { "yddt", -25200 }, { "ydt", -28800 }, { "ypt", -28800 },
	{ "yst", -32400 }, { "ywt", -28800 }, { "z", 0 },
};

bool wt_tz_abbr(struct str s, int32_t *offset)
{
	for (size_t i = 0; i < ARRAY_SIZE(abbrs); i++)
		if (strlen(abbrs[i].abbr) == s.len && strncasecmp(abbrs[i].abbr, s.p, s.len) == 0) {
			*offset = abbrs[i].offset;
			return true;
		}
	return false;
}
