/* SPDX-License-Identifier: MIT */
/*
 * php.c — the handful of PHP number semantics that wikitext can see:
 * how PHP 8 prints a float (precision 14), its (int) cast, round(),
 * is_numeric() and the loose `==` on strings. Parser functions are
 * defined by what ParserFunctions, running on PHP, prints; these helpers
 * reproduce those observable results (checked against php 8.2).
 */
#include "wt_pf.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* PHP's default `precision` ini setting: significant digits of a float. */
#define PHP_PRECISION 14

size_t wt_php_float(double d, char buf[WT_PHP_FLOAT_CHARS])
{
	char *o = buf;
	if (isnan(d))
		return (size_t)snprintf(buf, WT_PHP_FLOAT_CHARS, "NAN");
	if (isinf(d))
		return (size_t)snprintf(buf, WT_PHP_FLOAT_CHARS, "%sINF", d < 0 ? "-" : "");
	if (signbit(d))
		*o++ = '-';
	if (d == 0) {
		*o++ = '0';
		*o = '\0';
		return (size_t)(o - buf);
	}
	if (fabs(d) < 1e14 && d == floor(d)) {
		/* A whole number of at most 14 digits prints as itself (what the general path below gives). */
		char t[24];
		size_t n = 0;
		for (unsigned long long v = (unsigned long long)fabs(d); v; v /= 10)
			t[n++] = (char)('0' + v % 10);
		while (n)
			*o++ = t[--n];
		*o = '\0';
		return (size_t)(o - buf);
	}
	/*
	 * "%.13e" gives the 14 significant digits correctly rounded; PHP then
	 * drops trailing zeros and picks fixed or scientific notation by the
	 * position of the decimal point, like printf's %G but with "1.0E+15"
	 * rather than "1E+15".
	 */
	char e[40];
	snprintf(e, sizeof(e), "%.*e", PHP_PRECISION - 1, fabs(d));
	char digits[PHP_PRECISION + 1];
	size_t nd = 0;
	const char *p = e;
	for (; *p && *p != 'e'; p++)
		if (isdigit((unsigned char)*p))
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	int exp10 = (int)strtol(p + 1, NULL, 10);
	int decpt = exp10 + 1; /* digits before the decimal point */
	if (decpt < 0 ? decpt < -3 : decpt > PHP_PRECISION) {
		*o++ = digits[0];
		*o++ = '.';
		if (nd == 1)
			*o++ = '0';
		for (size_t i = 1; i < nd; i++)
			*o++ = digits[i];
		o += snprintf(o, 8, "E%c%d", exp10 < 0 ? '-' : '+', abs(exp10));
		return (size_t)(o - buf);
	}
	if (decpt <= 0) {
		*o++ = '0';
		*o++ = '.';
		for (int i = 0; i < -decpt; i++)
			*o++ = '0';
		for (size_t i = 0; i < nd; i++)
			*o++ = digits[i];
	} else {
		for (int i = 0; i < decpt; i++)
			*o++ = (size_t)i < nd ? digits[i] : '0';
		if ((size_t)decpt < nd) {
			*o++ = '.';
			for (size_t i = (size_t)decpt; i < nd; i++)
				*o++ = digits[i];
		}
	}
	*o = '\0';
	return (size_t)(o - buf);
}

long long wt_php_float_to_int(double d)
{
	if (!isfinite(d))
		return 0;
	if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
		return (long long)d;
	/* Out of range: PHP keeps the value modulo 2^64, as two's complement. */
	double two64 = 18446744073709551616.0;
	double m = fmod(trunc(d), two64);
	if (m < 0)
		m += two64;
	unsigned long long u = (unsigned long long)m;
	return (long long)u;
}

/* 10^n for the small n round() uses; exact up to 10^22. */
static double pow10i(int n)
{
	static const double t[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	if (n >= 0 && n < (int)ARRAY_SIZE(t))
		return t[n];
	return pow(10.0, n);
}

/* Round half away from zero to an integer value. */
static double round_half_up(double v)
{
	return v >= 0.0 ? floor(v + 0.5) : ceil(v - 0.5);
}

double wt_php_round(double value, long long places_ll)
{
	if (!isfinite(value) || value == 0.0)
		return value;
	int places = places_ll < INT_MIN + 1 ? INT_MIN + 1 : places_ll > INT_MAX ? INT_MAX : (int)places_ll;
	/*
	 * PHP first rounds the value to the 15 significant digits a double
	 * holds (when that does not already lose the requested places), so that
	 * decimal inputs like 1.955 round as written rather than as stored.
	 */
	int precision_places = 14 - (int)floor(log10(fabs(value)));
	double f1 = pow10i(abs(places));
	double tmp;
	if (precision_places > places && precision_places - 15 < places) {
		double pre = precision_places >= 0 ? value * pow10i(precision_places)
						   : value / pow10i(-precision_places);
		tmp = round_half_up(pre);
		int shift = places - precision_places;
		if (shift < -(4 * DBL_DIG))
			shift = -(4 * DBL_DIG);
		tmp = tmp / pow10i(abs(shift));
	} else {
		tmp = places >= 0 ? value * f1 : value / f1;
		if (fabs(tmp) >= 1e15)
			return value;
	}
	tmp = round_half_up(tmp);
	if (abs(places) < 23) {
		tmp = places > 0 ? tmp / f1 : tmp * f1;
	} else {
		char b[64];
		snprintf(b, sizeof(b), "%15fe%d", tmp, -places);
		double r = strtod(b, NULL);
		if (!isfinite(r))
			return value;
		tmp = r;
	}
	return tmp;
}

/* PHP's whitespace for numeric strings: space, \t, \n, \r, \v, \f. */
static bool php_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * Scan a numeric string. Returns true when all of `s` is one; *is_int
 * tells whether it had neither fraction nor exponent.
 */
static bool scan_numeric(struct str s, bool *is_int)
{
	size_t i = 0, n = s.len;
	while (i < n && php_space(s.p[i]))
		i++;
	if (i < n && (s.p[i] == '+' || s.p[i] == '-'))
		i++;
	size_t int_digits = 0, frac_digits = 0;
	while (i < n && isdigit((unsigned char)s.p[i])) {
		i++;
		int_digits++;
	}
	*is_int = true;
	if (i < n && s.p[i] == '.') {
		*is_int = false;
		i++;
		while (i < n && isdigit((unsigned char)s.p[i])) {
			i++;
			frac_digits++;
		}
	}
	if (int_digits + frac_digits == 0)
		return false;
	if (i < n && (s.p[i] == 'e' || s.p[i] == 'E')) {
		size_t j = i + 1;
		if (j < n && (s.p[j] == '+' || s.p[j] == '-'))
			j++;
		if (j < n && isdigit((unsigned char)s.p[j])) {
			*is_int = false;
			while (j < n && isdigit((unsigned char)s.p[j]))
				j++;
			i = j;
		}
	}
	while (i < n && php_space(s.p[i]))
		i++;
	return i == n;
}

/* strtod of a view (copied, as views are not NUL-terminated). */
static double view_strtod(struct str s)
{
	char small[64];
	char *b = s.len < sizeof(small) ? small : xmalloc(s.len + 1);
	memcpy(b, s.p, s.len);
	b[s.len] = '\0';
	double d = strtod(b, NULL);
	if (b != small)
		xfree(b);
	return d;
}

bool wt_php_numeric(struct str s, double *value)
{
	bool is_int;
	if (!scan_numeric(s, &is_int))
		return false;
	if (value)
		*value = view_strtod(s);
	return true;
}

/* The integer value of an integer numeric string; false when it overflows. */
static bool view_ll(struct str s, long long *out)
{
	char small[64];
	if (s.len >= sizeof(small))
		return false;
	memcpy(small, s.p, s.len);
	small[s.len] = '\0';
	char *end;
	errno = 0;
	long long v = strtoll(small, &end, 10);
	if (errno == ERANGE)
		return false;
	*out = v;
	return true;
}

bool wt_php_loose_eq(struct str a, struct str b)
{
	bool ia, ib;
	if (scan_numeric(a, &ia) && scan_numeric(b, &ib)) {
		long long la, lb;
		bool fa = ia && view_ll(a, &la), fb = ib && view_ll(b, &lb);
		if (fa && fb)
			return la == lb;
		/* Two integers too large for 64 bits are compared as text. */
		if (ia && ib && !fa && !fb)
			goto bytes;
		return view_strtod(a) == view_strtod(b);
	}
bytes:
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

void wt_html_escape(struct sbuf *out, struct str s)
{
	sbuf_add_html(out, s.p, s.len);
}

void wt_error_html(struct sbuf *out, const char *msg)
{
	sbuf_adds(out, "<strong class=\"error\">");
	wt_html_escape(out, str_c(msg));
	sbuf_adds(out, "</strong>");
}
