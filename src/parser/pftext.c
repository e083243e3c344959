/* SPDX-License-Identifier: MIT */
/*
 * pftext.c — the text-only work of core parser functions, on plain
 * strings: formatnum (grouping as ICU's decimal format does it for
 * MediaWiki, with R and NOSEP), padleft/padright, urlencode in its three
 * flavours, lc/uc/lcfirst/ucfirst with PHP's full Unicode case mapping,
 * plural/gender choice, bidi, #rel2abs, #language, #bcp47, #dir and
 * #formatdate. Callers strip markers and trim arguments first.
 */
#include "wt_pf.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>

#include <utf8proc.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Cap of scratch buffers: far above any argument the preprocessor lets through. */
#define SCRATCH_MAX ((size_t)1 << 30)

/* U+2212 MINUS SIGN, which formatted numbers use instead of '-'. */
#define MINUS_SIGN "\xE2\x88\x92"
/* U+221E INFINITY. */
#define INFINITY_SIGN "\xE2\x88\x9E"

/* ---- formatnum ------------------------------------------------------------ */

/*
 * The shortest decimal digits that read back as `d` (|d| > 0), with the
 * position of the decimal point: value = 0.DIGITS * 10^decpt.
 */
static size_t shortest_digits(double d, char digits[24], int *decpt)
{
	if (d < 9007199254740992.0 && d == floor(d)) {
		/*
		 * A whole number below 2^53: every integer there is a double of
		 * its own, so no shorter decimal reads back as it and its digits
		 * (trailing zeros dropped) are what the search below would find.
		 */
		char t[24];
		size_t n = 0;
		for (unsigned long long v = (unsigned long long)d; v; v /= 10)
			t[n++] = (char)('0' + v % 10);
		*decpt = (int)n;
		size_t skip = 0;
		while (skip < n - 1 && t[skip] == '0')
			skip++;
		size_t o = 0;
		for (size_t k = n; k-- > skip;)
			digits[o++] = t[k];
		digits[o] = '\0';
		return o;
	}
	char e[40];
	for (int prec = 0; prec < 17; prec++) {
		snprintf(e, sizeof(e), "%.*e", prec, d);
		if (strtod(e, NULL) == d)
			break;
	}
	size_t n = 0;
	const char *p = e;
	for (; *p && *p != 'e'; p++)
		if (isdigit((unsigned char)*p))
			digits[n++] = *p;
	while (n > 1 && digits[n - 1] == '0')
		n--;
	digits[n] = '\0';
	*decpt = (int)strtol(p + 1, NULL, 10) + 1;
	return n;
}

/*
 * Format one numeric string as ICU's decimal formatter does with
 * MediaWiki's settings: as many integer and fraction digits as written
 * (plain forms), else at most three fraction digits (half-even).
 */
static void format_one(struct sbuf *out, struct str num, bool is_indian)
{
	if (str_eq(num, "NAN")) {
		sbuf_adds(out, "NaN");
		return;
	}
	if (str_eq(num, "INF")) {
		sbuf_adds(out, INFINITY_SIGN);
		return;
	}
	if (str_eq(num, "-INF")) {
		sbuf_adds(out, MINUS_SIGN INFINITY_SIGN);
		return;
	}
	if (str_eq(num, "-0")) {
		sbuf_adds(out, MINUS_SIGN "0");
		return;
	}
	/* Plain "-?digits(.digits)?" keeps its digit counts. */
	size_t i = 0;
	bool plain = true;
	if (i < num.len && num.p[i] == '-')
		i++;
	size_t int_start = i;
	while (i < num.len && isdigit((unsigned char)num.p[i]))
		i++;
	size_t min_int = i - int_start, frac = 0;
	bool min_frac_all = false, point = false;
	if (i < num.len && num.p[i] == '.') {
		point = true;
		size_t f = ++i;
		while (i < num.len && isdigit((unsigned char)num.p[i]))
			i++;
		frac = i - f;
		min_frac_all = true;
	}
	if (i != num.len) {
		plain = false;
		min_int = 1;
		frac = 3;
		point = false;
		min_frac_all = false;
	} else {
		min_frac_all = true;
	}
	double d = 0;
	wt_php_numeric(num, &d);
	bool neg = signbit(d);
	char digits[24] = "0";
	int decpt = 1;
	size_t nd = 1;
	if (d != 0 && isfinite(d))
		nd = shortest_digits(fabs(d), digits, &decpt);
	else
		decpt = 1, digits[0] = '0', nd = 1;
	/* Integer and fraction digit strings of the exact shortest value. */
	char *ip = xmalloc((size_t)(decpt > 0 ? decpt : 0) + 2);
	size_t il = 0;
	for (int k = 0; k < decpt; k++)
		ip[il++] = (size_t)k < nd ? digits[k] : '0';
	size_t fcap = nd + (size_t)(decpt < 0 ? -decpt : 0) + frac + 2;
	char *fp = xmalloc(fcap);
	size_t fl = 0;
	for (int k = decpt; k < (int)nd; k++)
		fp[fl++] = k < 0 ? '0' : digits[k];
	/* Round to `frac` fraction digits, half to even. */
	if (fl > frac) {
		bool up;
		char first = fp[frac];
		bool rest_nonzero = false;
		for (size_t k = frac + 1; k < fl; k++)
			rest_nonzero |= fp[k] != '0';
		if (first > '5' || (first == '5' && rest_nonzero))
			up = true;
		else if (first == '5') {
			char last = frac > 0 ? fp[frac - 1] : (il > 0 ? ip[il - 1] : '0');
			up = (last - '0') % 2 == 1;
		} else
			up = false;
		fl = frac;
		if (up) {
			size_t k = fl;
			bool carry = true;
			while (carry && k > 0) {
				if (fp[k - 1] == '9') {
					fp[k - 1] = '0';
					k--;
				} else {
					fp[k - 1]++;
					carry = false;
				}
			}
			for (size_t m = il; carry && m > 0; m--) {
				if (ip[m - 1] == '9') {
					ip[m - 1] = '0';
				} else {
					ip[m - 1]++;
					carry = false;
				}
			}
			if (carry) {
				ip = xrealloc(ip, il + 2);
				memmove(ip + 1, ip, il);
				ip[0] = '1';
				il++;
			}
		}
	}
	if (!min_frac_all)
		while (fl > 0 && fp[fl - 1] == '0')
			fl--;
	while (min_frac_all && fl < frac)
		fp[fl++] = '0';
	/* Leading zeros up to the written integer digits ("0012" stays 4 digits). */
	while (il > 0 && ip[0] == '0' && il > min_int) {
		memmove(ip, ip + 1, il - 1);
		il--;
	}
	if (il < min_int) {
		ip = xrealloc(ip, min_int + 1);
		memmove(ip + (min_int - il), ip, il);
		memset(ip, '0', min_int - il);
		il = min_int;
	}
	if (neg)
		sbuf_adds(out, MINUS_SIGN);
	for (size_t k = 0; k < il; k++) {
		size_t left = il - k; /* digits from here to the point */
		if (k > 0 && (is_indian ? left == 3 || (left > 3 && (left - 3) % 2 == 0) : left % 3 == 0))
			sbuf_addc(out, ',');
		sbuf_addc(out, ip[k]);
	}
	if (fl > 0 || (plain && point)) {
		sbuf_addc(out, '.');
		sbuf_add(out, fp, fl);
	}
	xfree(ip);
	xfree(fp);
}

/* Numbers inside other text: -?(\d+|(?=\.\d))(\.\d*)?([Ee][-+]?\d+)? */
static size_t number_at(struct str s, size_t i)
{
	size_t j = i;
	if (j < s.len && s.p[j] == '-' && j + 1 < s.len && (isdigit((unsigned char)s.p[j + 1]) || s.p[j + 1] == '.'))
		j++;
	size_t d = j;
	while (j < s.len && isdigit((unsigned char)s.p[j]))
		j++;
	if (j == d && !(j + 1 < s.len && s.p[j] == '.' && isdigit((unsigned char)s.p[j + 1])))
		return 0;
	if (j < s.len && s.p[j] == '.') {
		j++;
		while (j < s.len && isdigit((unsigned char)s.p[j]))
			j++;
	}
	if (j < s.len && (s.p[j] == 'e' || s.p[j] == 'E')) {
		size_t k = j + 1;
		if (k < s.len && (s.p[k] == '+' || s.p[k] == '-'))
			k++;
		if (k < s.len && isdigit((unsigned char)s.p[k])) {
			while (k < s.len && isdigit((unsigned char)s.p[k]))
				k++;
			j = k;
		}
	}
	return j - i;
}

/* Language::parseFormattedNumber: the number as PHP reads it. */
static void unformat(struct sbuf *out, struct str num, int row)
{
	if (str_eq(num, "NaN")) {
		sbuf_adds(out, "NAN");
		return;
	}
	struct sbuf ascii, plain;
	sbuf_init(&ascii, num.len + 1);
	for (size_t i = 0; i < num.len; i++) {
		if (num.len - i >= 3 && memcmp(num.p + i, MINUS_SIGN, 3) == 0) {
			sbuf_addc(&ascii, '-');
			i += 2;
		} else {
			sbuf_addc(&ascii, num.p[i]);
		}
	}
	struct str a = { ascii.p, ascii.len };
	if (str_eq(a, INFINITY_SIGN) || str_eq(a, "-" INFINITY_SIGN)) {
		sbuf_adds(out, a.p[0] == '-' ? "-INF" : "INF");
		sbuf_release(&ascii);
		return;
	}
	sbuf_init(&plain, num.len + 1);
	if (row >= 0)
		wt_lang_unlocalize_num(&plain, a, row);
	else
		sbuf_add(&plain, a.p, a.len);
	for (size_t i = 0; i < plain.len; i++)
		if (plain.p[i] != ',')
			sbuf_addc(out, plain.p[i]);
	sbuf_release(&plain);
	sbuf_release(&ascii);
}

/* Does `num` start with an optional '-' and `n` digits? */
static bool has_leading_digits(struct str num, unsigned n)
{
	size_t i = num.len && num.p[0] == '-' ? 1 : 0;
	for (unsigned k = 0; k < n; k++, i++)
		if (i >= num.len || !isdigit((unsigned char)num.p[i]))
			return false;
	return true;
}

/* Language::formatNumInternal of one number (PHP-numeric, or NAN/INF/-INF). */
static void format_number(struct sbuf *out, struct str num, enum wt_formatnum_mode mode, int row)
{
	unsigned min_group;
	bool is_indian;
	wt_lang_num_grouping(row, &min_group, &is_indian);
	bool special = str_eq(num, "NAN") || str_eq(num, "INF") || str_eq(num, "-INF");
	struct sbuf eng;
	sbuf_init(&eng, num.len * 2 + 8);
	bool separators = mode != WT_FORMATNUM_NOSEP;
	if (!special && (mode == WT_FORMATNUM_NOSEP || (min_group && !has_leading_digits(num, min_group + 3)))) {
		/* Not grouped: as written, with its minus sign, the separators translated unless NOSEP. */
		for (size_t i = 0; i < num.len; i++) {
			if (num.p[i] == '-')
				sbuf_adds(&eng, MINUS_SIGN);
			else
				sbuf_addc(&eng, num.p[i]);
		}
	} else {
		format_one(&eng, num, is_indian);
	}
	if (row >= 0 && !special)
		wt_lang_localize_num(out, (struct str){ eng.p, eng.len }, row, separators);
	else
		sbuf_add(out, eng.p, eng.len);
	sbuf_release(&eng);
}

void wt_formatnum(struct sbuf *out, struct str num, enum wt_formatnum_mode mode, int row)
{
	if (mode == WT_FORMATNUM_RAW) {
		unformat(out, num, row);
		return;
	}
	if (wt_php_numeric(num, NULL) || str_eq(num, "NAN") || str_eq(num, "INF") || str_eq(num, "-INF")) {
		format_number(out, num, mode, row);
		return;
	}
	/* Not a number as a whole: format each number found in the text, the rest as it is. */
	for (size_t i = 0; i < num.len;) {
		size_t n = number_at(num, i);
		if (n == 0) {
			sbuf_addc(out, num.p[i++]);
			continue;
		}
		format_number(out, (struct str){ num.p + i, n }, mode, row);
		i += n;
	}
}

/* ---- padleft / padright ----------------------------------------------------- */

/* Code points in `s` (a byte that does not start valid UTF-8 counts as one). */
static size_t cp_count(struct str s)
{
	size_t n = 0;
	for (size_t i = 0; i < s.len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s.p + i, (utf8proc_ssize_t)(s.len - i), &cp);
		i += l > 0 ? (size_t)l : 1;
		n++;
	}
	return n;
}

/* Byte length of the first `n` code points of `s`. */
static size_t cp_prefix(struct str s, size_t n)
{
	size_t i = 0;
	while (n-- > 0 && i < s.len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s.p + i, (utf8proc_ssize_t)(s.len - i), &cp);
		i += l > 0 ? (size_t)l : 1;
	}
	return i;
}

/* PHP's (int) cast of a string: leading number (incl. exponent), else 0. */
long long wt_php_intval(struct str s)
{
	size_t i = 0;
	while (i < s.len && (s.p[i] == ' ' || s.p[i] == '\t' || s.p[i] == '\n' || s.p[i] == '\r' || s.p[i] == '\v' ||
			     s.p[i] == '\f'))
		i++;
	size_t start = i;
	if (i < s.len && (s.p[i] == '+' || s.p[i] == '-'))
		i++;
	size_t digits = i;
	while (i < s.len && isdigit((unsigned char)s.p[i]))
		i++;
	bool is_float = false;
	if (i < s.len && s.p[i] == '.') {
		size_t f = i + 1;
		while (f < s.len && isdigit((unsigned char)s.p[f]))
			f++;
		if (f > i + 1 || i > digits) {
			is_float = f > i + 1;
			i = f;
		}
	}
	if (i == digits)
		return 0;
	if (i < s.len && (s.p[i] == 'e' || s.p[i] == 'E')) {
		size_t k = i + 1;
		if (k < s.len && (s.p[k] == '+' || s.p[k] == '-'))
			k++;
		if (k < s.len && isdigit((unsigned char)s.p[k])) {
			while (k < s.len && isdigit((unsigned char)s.p[k]))
				k++;
			i = k;
			is_float = true;
		}
	}
	char buf[64];
	size_t n = MIN(i - start, sizeof(buf) - 1);
	memcpy(buf, s.p + start, n);
	buf[n] = '\0';
	if (is_float)
		return wt_php_float_to_int(strtod(buf, NULL));
	errno = 0;
	long long v = strtoll(buf, NULL, 10);
	if (errno == ERANGE)
		return wt_php_float_to_int(strtod(buf, NULL));
	return v;
}

void wt_pad(struct sbuf *out, struct str s, struct str length, struct str padding, bool left)
{
	size_t pad_cps = cp_count(padding);
	long long want = wt_php_intval(length);
	if (want > WT_PAD_MAX)
		want = WT_PAD_MAX;
	long long need = want - (long long)cp_count(s);
	if (pad_cps == 0 || need <= 0) {
		sbuf_addstr(out, s);
		return;
	}
	if (!left)
		sbuf_addstr(out, s);
	while (need > 0) {
		size_t take = need < (long long)pad_cps ? (size_t)need : pad_cps;
		sbuf_add(out, padding.p, cp_prefix(padding, take));
		need -= (long long)pad_cps;
	}
	if (left)
		sbuf_addstr(out, s);
}

/* ---- urlencode ----------------------------------------------------------------- */

void wt_url_encode(struct sbuf *out, struct str s, enum wt_urlencode_mode mode)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (mode == WT_URLENCODE_WIKI && c == ' ')
			c = '_';
		if (isalnum(c) || c == '-' || c == '_' || c == '.') {
			sbuf_addc(out, (char)c);
		} else if (c == ' ' && mode != WT_URLENCODE_PATH) {
			sbuf_addc(out, '+');
		} else if (c == '~' && mode != WT_URLENCODE_QUERY) {
			sbuf_addc(out, '~');
		} else if (mode == WT_URLENCODE_WIKI && strchr(";@$!*(),/:", c)) {
			sbuf_addc(out, (char)c); /* wfUrlencode leaves these readable */
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			sbuf_add(out, e, 3);
		}
	}
}

/* ---- case mapping ---------------------------------------------------------------- */

/* Characters whose upper case is more than one character (SpecialCasing, Unicode 14). */
static const struct {
	int32_t cp;       /* the character */
	const char *upper; /* its full upper case, UTF-8 */
} special_upper[] = {
	{ 0x00DF, "\x53\x53" }, { 0x0149, "\xCA\xBC\x4E" }, { 0x01F0, "\x4A\xCC\x8C" },
	{ 0x0390, "\xCE\x99\xCC\x88\xCC\x81" }, { 0x03B0, "\xCE\xA5\xCC\x88\xCC\x81" }, { 0x0587, "\xD4\xB5\xD5\x92" },
	{ 0x1E96, "\x48\xCC\xB1" }, { 0x1E97, "\x54\xCC\x88" }, { 0x1E98, "\x57\xCC\x8A" }, { 0x1E99, "\x59\xCC\x8A" },
	{ 0x1E9A, "\x41\xCA\xBE" }, { 0x1F50, "\xCE\xA5\xCC\x93" }, { 0x1F52, "\xCE\xA5\xCC\x93\xCC\x80" },
	{ 0x1F54, "\xCE\xA5\xCC\x93\xCC\x81" }, { 0x1F56, "\xCE\xA5\xCC\x93\xCD\x82" }, { 0x1F80, "\xE1\xBC\x88\xCE\x99" },
	{ 0x1F81, "\xE1\xBC\x89\xCE\x99" }, { 0x1F82, "\xE1\xBC\x8A\xCE\x99" }, { 0x1F83, "\xE1\xBC\x8B\xCE\x99" },
	{ 0x1F84, "\xE1\xBC\x8C\xCE\x99" }, { 0x1F85, "\xE1\xBC\x8D\xCE\x99" }, { 0x1F86, "\xE1\xBC\x8E\xCE\x99" },
	{ 0x1F87, "\xE1\xBC\x8F\xCE\x99" }, { 0x1F88, "\xE1\xBC\x88\xCE\x99" }, { 0x1F89, "\xE1\xBC\x89\xCE\x99" },
	{ 0x1F8A, "\xE1\xBC\x8A\xCE\x99" }, { 0x1F8B, "\xE1\xBC\x8B\xCE\x99" }, { 0x1F8C, "\xE1\xBC\x8C\xCE\x99" },
	{ 0x1F8D, "\xE1\xBC\x8D\xCE\x99" }, { 0x1F8E, "\xE1\xBC\x8E\xCE\x99" }, { 0x1F8F, "\xE1\xBC\x8F\xCE\x99" },
	{ 0x1F90, "\xE1\xBC\xA8\xCE\x99" }, { 0x1F91, "\xE1\xBC\xA9\xCE\x99" }, { 0x1F92, "\xE1\xBC\xAA\xCE\x99" },
	{ 0x1F93, "\xE1\xBC\xAB\xCE\x99" }, { 0x1F94, "\xE1\xBC\xAC\xCE\x99" }, { 0x1F95, "\xE1\xBC\xAD\xCE\x99" },
	{ 0x1F96, "\xE1\xBC\xAE\xCE\x99" }, { 0x1F97, "\xE1\xBC\xAF\xCE\x99" }, { 0x1F98, "\xE1\xBC\xA8\xCE\x99" },
	{ 0x1F99, "\xE1\xBC\xA9\xCE\x99" }, { 0x1F9A, "\xE1\xBC\xAA\xCE\x99" }, { 0x1F9B, "\xE1\xBC\xAB\xCE\x99" },
	{ 0x1F9C, "\xE1\xBC\xAC\xCE\x99" }, { 0x1F9D, "\xE1\xBC\xAD\xCE\x99" }, { 0x1F9E, "\xE1\xBC\xAE\xCE\x99" },
	{ 0x1F9F, "\xE1\xBC\xAF\xCE\x99" }, { 0x1FA0, "\xE1\xBD\xA8\xCE\x99" }, { 0x1FA1, "\xE1\xBD\xA9\xCE\x99" },
	{ 0x1FA2, "\xE1\xBD\xAA\xCE\x99" }, { 0x1FA3, "\xE1\xBD\xAB\xCE\x99" }, { 0x1FA4, "\xE1\xBD\xAC\xCE\x99" },
	{ 0x1FA5, "\xE1\xBD\xAD\xCE\x99" }, { 0x1FA6, "\xE1\xBD\xAE\xCE\x99" }, { 0x1FA7, "\xE1\xBD\xAF\xCE\x99" },
	{ 0x1FA8, "\xE1\xBD\xA8\xCE\x99" }, { 0x1FA9, "\xE1\xBD\xA9\xCE\x99" }, { 0x1FAA, "\xE1\xBD\xAA\xCE\x99" },
	{ 0x1FAB, "\xE1\xBD\xAB\xCE\x99" }, { 0x1FAC, "\xE1\xBD\xAC\xCE\x99" }, { 0x1FAD, "\xE1\xBD\xAD\xCE\x99" },
	{ 0x1FAE, "\xE1\xBD\xAE\xCE\x99" }, { 0x1FAF, "\xE1\xBD\xAF\xCE\x99" }, { 0x1FB2, "\xE1\xBE\xBA\xCE\x99" },
	{ 0x1FB3, "\xCE\x91\xCE\x99" }, { 0x1FB4, "\xCE\x86\xCE\x99" }, { 0x1FB6, "\xCE\x91\xCD\x82" },
	{ 0x1FB7, "\xCE\x91\xCD\x82\xCE\x99" }, { 0x1FBC, "\xCE\x91\xCE\x99" }, { 0x1FC2, "\xE1\xBF\x8A\xCE\x99" },
	{ 0x1FC3, "\xCE\x97\xCE\x99" }, { 0x1FC4, "\xCE\x89\xCE\x99" }, { 0x1FC6, "\xCE\x97\xCD\x82" },
	{ 0x1FC7, "\xCE\x97\xCD\x82\xCE\x99" }, { 0x1FCC, "\xCE\x97\xCE\x99" }, { 0x1FD2, "\xCE\x99\xCC\x88\xCC\x80" },
	{ 0x1FD3, "\xCE\x99\xCC\x88\xCC\x81" }, { 0x1FD6, "\xCE\x99\xCD\x82" }, { 0x1FD7, "\xCE\x99\xCC\x88\xCD\x82" },
	{ 0x1FE2, "\xCE\xA5\xCC\x88\xCC\x80" }, { 0x1FE3, "\xCE\xA5\xCC\x88\xCC\x81" }, { 0x1FE4, "\xCE\xA1\xCC\x93" },
	{ 0x1FE6, "\xCE\xA5\xCD\x82" }, { 0x1FE7, "\xCE\xA5\xCC\x88\xCD\x82" }, { 0x1FF2, "\xE1\xBF\xBA\xCE\x99" },
	{ 0x1FF3, "\xCE\xA9\xCE\x99" }, { 0x1FF4, "\xCE\x8F\xCE\x99" }, { 0x1FF6, "\xCE\xA9\xCD\x82" },
	{ 0x1FF7, "\xCE\xA9\xCD\x82\xCE\x99" }, { 0x1FFC, "\xCE\xA9\xCE\x99" }, { 0xFB00, "\x46\x46" },
	{ 0xFB01, "\x46\x49" }, { 0xFB02, "\x46\x4C" }, { 0xFB03, "\x46\x46\x49" }, { 0xFB04, "\x46\x46\x4C" },
	{ 0xFB05, "\x53\x54" }, { 0xFB06, "\x53\x54" }, { 0xFB13, "\xD5\x84\xD5\x86" }, { 0xFB14, "\xD5\x84\xD4\xB5" },
	{ 0xFB15, "\xD5\x84\xD4\xBB" }, { 0xFB16, "\xD5\x8E\xD5\x86" }, { 0xFB17, "\xD5\x84\xD4\xBD" },
};

static const char *upper_special(int32_t cp);

/* Append the case mapping of one code point. */
static void map_cp(struct sbuf *out, int32_t cp, bool upper)
{
	if (upper) {
		const char *sp = upper_special(cp);
		if (sp) {
			sbuf_adds(out, sp);
			return;
		}
		cp = utf8proc_toupper(cp);
	} else {
		if (cp == 0x130) {
			sbuf_adds(out, "i\xCC\x87"); /* İ lower-cases to i + combining dot above */
			return;
		}
		cp = utf8proc_tolower(cp);
	}
	utf8proc_uint8_t b[4];
	sbuf_add(out, b, (size_t)utf8proc_encode_char(cp, b));
}

/* Case-map `s` from byte `from` on (to its end, or only its first character). */
static void map_text(struct sbuf *out, struct str s, bool upper, bool first_only)
{
	for (size_t i = 0; i < s.len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s.p + i, (utf8proc_ssize_t)(s.len - i), &cp);
		if (l <= 0) {
			sbuf_addc(out, s.p[i++]); /* invalid UTF-8 is copied as it is */
		} else {
			map_cp(out, cp, upper);
			i += (size_t)l;
		}
		if (first_only) {
			sbuf_add(out, s.p + i, s.len - i);
			return;
		}
	}
}

void wt_case(struct sbuf *out, struct str s, enum wt_case_op op)
{
	switch (op) {
	case WT_CASE_LOWER: map_text(out, s, false, false); break;
	case WT_CASE_UPPER: map_text(out, s, true, false); break;
	case WT_CASE_UCFIRST:
		/* ASCII below 'a'-ish is left alone, as Language::ucfirst does. */
		if (s.len && (unsigned char)s.p[0] < 96) {
			sbuf_addstr(out, s);
			return;
		}
		map_text(out, s, true, true);
		break;
	case WT_CASE_LCFIRST:
		if (s.len && (unsigned char)s.p[0] >= 96 && (unsigned char)s.p[0] < 128) {
			sbuf_addstr(out, s);
			return;
		}
		map_text(out, s, false, true);
		break;
	}
}

/* ---- plural, gender, bidi ------------------------------------------------------------ */

struct str wt_plural(struct str number, const struct str *forms, size_t n_forms, const char *lang)
{
	/*
	 * The number as PHP prints it after MediaWiki's plural() has read it:
	 * digits only are an integer, anything else a float (its leading
	 * number, or 0).
	 */
	char canon[WT_PHP_FLOAT_CHARS + UTIL_LL_CHARS];
	struct sbuf raw;
	sbuf_init(&raw, SCRATCH_MAX);
	wt_formatnum(&raw, number, WT_FORMATNUM_RAW, wt_lang_num_row(lang));
	struct str r = { sbuf_cstr(&raw), raw.len };
	bool all_digits = r.len > 0;
	for (size_t i = 0; i < r.len; i++)
		all_digits &= isdigit((unsigned char)r.p[i]) != 0;
	if (all_digits) {
		errno = 0;
		long long iv = strtoll(r.p, NULL, 10);
		util_format_ll(iv, canon);
	} else {
		double v = 0;
		size_t i = 0;
		while (i < r.len && isspace((unsigned char)r.p[i]))
			i++;
		bool minus = i < r.len && r.p[i] == '-';
		if (i < r.len && (r.p[i] == '+' || r.p[i] == '-'))
			i++;
		size_t n = i < r.len && r.p[i] != '-' ? number_at(r, i) : 0;
		if (n)
			wt_php_numeric((struct str){ r.p + i, n }, &v);
		if (minus)
			v = -v;
		wt_php_float(v, canon);
	}
	sbuf_release(&raw);
	/* Explicit "N=text" forms win when N is that number; others are dropped. */
	size_t kept = 0;
	size_t *kept_at = xmalloc((n_forms ? n_forms : 1) * sizeof(*kept_at));
	for (size_t i = 0; i < n_forms; i++) {
		struct str f = forms[i];
		bool explicit_form = false;
		for (size_t k = 1; k < f.len && !explicit_form; k++)
			explicit_form = f.p[k] == '=' && isdigit((unsigned char)f.p[k - 1]);
		if (explicit_form) {
			size_t pos = (size_t)((const char *)memchr(f.p, '=', f.len) - f.p);
			if (pos == strlen(canon) && memcmp(f.p, canon, pos) == 0) {
				xfree(kept_at);
				return (struct str){ f.p + pos + 1, f.len - pos - 1 };
			}
			continue;
		}
		kept_at[kept++] = i;
	}
	struct str pick = { "", 0 };
	if (kept) {
		/* The language's form for the number; the last one given when there are fewer. */
		size_t k = (size_t)wt_plural_index(lang, canon);
		pick = forms[kept_at[k < kept ? k : kept - 1]];
	}
	xfree(kept_at);
	return pick;
}

void wt_bidi(struct sbuf *out, struct str s)
{
	/* The first strongly directional character decides. */
	for (size_t i = 0; i < s.len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s.p + i, (utf8proc_ssize_t)(s.len - i), &cp);
		if (l <= 0) {
			i++;
			continue;
		}
		i += (size_t)l;
		int bc = utf8proc_get_property(cp)->bidi_class;
		if (bc == UTF8PROC_BIDI_CLASS_L) {
			sbuf_adds(out, "\xE2\x80\xAA"); /* LRE */
			sbuf_addstr(out, s);
			sbuf_adds(out, "\xE2\x80\xAC"); /* PDF */
			return;
		}
		if (bc == UTF8PROC_BIDI_CLASS_R || bc == UTF8PROC_BIDI_CLASS_AL) {
			sbuf_adds(out, "\xE2\x80\xAB"); /* RLE */
			sbuf_addstr(out, s);
			sbuf_adds(out, "\xE2\x80\xAC");
			return;
		}
	}
	sbuf_addstr(out, s);
}

/* ---- #rel2abs ------------------------------------------------------------------------------ */

int wt_rel2abs(struct sbuf *out, struct str to, struct str from)
{
	while (to.len && (to.p[to.len - 1] == ' ' || to.p[to.len - 1] == '/'))
		to.len--;
	if (to.len == 0 || str_eq(to, ".")) {
		sbuf_addstr(out, from);
		return RC_OK;
	}
	bool relative = to.p[0] == '/' || (to.len >= 2 && memcmp(to.p, "./", 2) == 0) ||
			(to.len >= 3 && memcmp(to.p, "../", 3) == 0) || str_eq(to, "..");
	if (!relative)
		from = (struct str){ "", 0 };
	/* "/from/to/" with "/./" runs and repeated slashes collapsed. */
	struct sbuf full;
	sbuf_init(&full, SCRATCH_MAX);
	sbuf_addc(&full, '/');
	sbuf_addstr(&full, from);
	sbuf_addc(&full, '/');
	sbuf_addstr(&full, to);
	sbuf_addc(&full, '/');
	struct sbuf clean;
	sbuf_init(&clean, SCRATCH_MAX);
	const char *p = sbuf_cstr(&full);
	for (size_t i = 0; i < full.len;) {
		if (p[i] == '/') {
			/* "/(./)+" becomes "/" */
			size_t j = i + 1;
			while (j + 1 < full.len + 1 && p[j] == '.' && p[j + 1] == '/')
				j += 2;
			sbuf_addc(&clean, '/');
			i = j;
			continue;
		}
		sbuf_addc(&clean, p[i++]);
	}
	/* Collapse runs of slashes, then trim them at both ends. */
	struct sbuf path;
	sbuf_init(&path, SCRATCH_MAX);
	const char *c = sbuf_cstr(&clean);
	for (size_t i = 0; i < clean.len; i++)
		if (!(c[i] == '/' && path.len && path.p[path.len - 1] == '/'))
			sbuf_addc(&path, c[i]);
	struct str trimmed = { sbuf_cstr(&path), path.len };
	while (trimmed.len && trimmed.p[0] == '/') {
		trimmed.p++;
		trimmed.len--;
	}
	while (trimmed.len && trimmed.p[trimmed.len - 1] == '/')
		trimmed.len--;
	/* Walk the segments; ".." pops one, above the root is an error. */
	struct str *segs = xmalloc(sizeof(*segs) * (trimmed.len + 1));
	size_t n = 0;
	int rc = RC_OK;
	size_t start = 0;
	for (size_t i = 0; i <= trimmed.len; i++) {
		if (i < trimmed.len && trimmed.p[i] != '/')
			continue;
		struct str seg = { trimmed.p + start, i - start };
		start = i + 1;
		if (str_eq(seg, "..")) {
			if (n == 0) {
				rc = RC_INVALID;
				break;
			}
			n--;
		} else {
			segs[n++] = seg;
		}
	}
	if (rc == RC_OK) {
		for (size_t i = 0; i < n; i++) {
			if (i)
				sbuf_addc(out, '/');
			sbuf_addstr(out, segs[i]);
		}
	} else {
		struct sbuf msg;
		sbuf_init(&msg, SCRATCH_MAX);
		sbuf_adds(&msg, "Error: the path \"");
		sbuf_addstr(&msg, trimmed);
		sbuf_adds(&msg, "\" climbs above its root.");
		wt_error_html(out, sbuf_cstr(&msg));
		sbuf_release(&msg);
	}
	xfree(segs);
	sbuf_release(&full);
	sbuf_release(&clean);
	sbuf_release(&path);
	return rc;
}

/* ---- languages ---------------------------------------------------------------------------------- */

/* Language codes MediaWiki knows with their names in themselves (sorted by code). */
static const struct {
	const char *code; /* MediaWiki language code */
	const char *name; /* autonym */
} autonyms[] = {
#include "langnames.inc"
};

const char *wt_language_autonym(const char *code)
{
	size_t lo = 0, hi = ARRAY_SIZE(autonyms);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(autonyms[mid].code, code);
		if (c == 0)
			return autonyms[mid].name;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void wt_bcp47(struct sbuf *out, struct str code)
{
	static const char *const map[][2] = {
		/* codes MediaWiki once used, and its own non-standard codes */
		{ "als", "gsw" }, { "bat-smg", "sgs" }, { "be-x-old", "be-tarask" }, { "fiu-vro", "vro" },
		{ "roa-rup", "rup" }, { "zh-classical", "lzh" }, { "zh-min-nan", "nan" }, { "zh-yue", "yue" },
		{ "cbk-zam", "cbk" }, { "de-formal", "de-x-formal" }, { "eml", "egl" }, { "en-rtl", "en-x-rtl" },
		{ "es-formal", "es-x-formal" }, { "hu-formal", "hu-x-formal" }, { "map-bms", "jv-x-bms" },
		{ "mo", "ro-Cyrl-MD" }, { "nrm", "nrf" }, { "nl-informal", "nl-x-informal" },
		{ "roa-tara", "nap-x-tara" }, { "simple", "en-simple" }, { "sr-ec", "sr-Cyrl" }, { "sr-el", "sr-Latn" },
		{ "zh-cn", "zh-Hans-CN" }, { "zh-sg", "zh-Hans-SG" }, { "zh-my", "zh-Hans-MY" },
		{ "zh-tw", "zh-Hant-TW" }, { "zh-hk", "zh-Hant-HK" }, { "zh-mo", "zh-Hant-MO" },
	};
	char *lc = xmalloc(code.len + 1);
	for (size_t i = 0; i < code.len; i++)
		lc[i] = (char)tolower((unsigned char)code.p[i]);
	lc[code.len] = '\0';
	const char *c = lc;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (strcmp(map[i][0], c) == 0) {
			c = map[i][1];
			if (i < 8) {
				/* A deprecated code may map on to a non-standard one. */
				for (size_t k = 8; k < ARRAY_SIZE(map); k++)
					if (strcmp(map[k][0], c) == 0)
						c = map[k][1];
			}
			break;
		}
	/* Segments: after "x" lower case, 2 letters upper (region), 4 title (script). */
	size_t seg = 0, start = 0, len = strlen(c);
	bool prev_x = false;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && c[i] != '-')
			continue;
		size_t n = i - start;
		if (seg > 0)
			sbuf_addc(out, '-');
		for (size_t k = 0; k < n; k++) {
			char ch = c[start + k];
			if (seg > 0 && !prev_x && n == 2)
				ch = (char)toupper((unsigned char)ch);
			else if (seg > 0 && !prev_x && n == 4)
				ch = k == 0 ? (char)toupper((unsigned char)ch) : (char)tolower((unsigned char)ch);
			else
				ch = (char)tolower((unsigned char)ch);
			sbuf_addc(out, ch);
		}
		prev_x = n == 1 && (c[start] == 'x' || c[start] == 'X');
		seg++;
		start = i + 1;
	}
	xfree(lc);
}

void wt_language_name(struct sbuf *out, struct str code)
{
	char buf[64];
	size_t n = MIN(code.len, sizeof(buf) - 1);
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)code.p[i]);
	buf[n] = '\0';
	const char *name = code.len < sizeof(buf) ? wt_language_autonym(buf) : NULL;
	if (name)
		sbuf_adds(out, name);
	else
		wt_bcp47(out, code);
}

bool wt_language_is_rtl(struct str code)
{
	/* Every language whose Messages file sets $rtl in MediaWiki 1.39 (Language::isRTL()). */
	static const char *const rtl[] = {
		"aeb", "aeb-arab", "ar", "arc", "arq", "ary", "arz", "azb", "bcc", "bgn", "bqi", "ckb", "dv",
		"en-rtl", "fa", "glk", "he", "khw", "kk-arab", "kk-cn", "ks", "ks-arab", "ku-arab", "lki", "lrc",
		"luz", "ms-arab", "mzn", "nqo", "pnb", "ps", "sd", "sdh", "skr", "skr-arab", "ug", "ug-arab", "ur",
		"yi",
	};
	for (size_t i = 0; i < ARRAY_SIZE(rtl); i++)
		if (strlen(rtl[i]) == code.len && strncasecmp(rtl[i], code.p, code.len) == 0)
			return true;
	return false;
}

/* ---- #formatdate ------------------------------------------------------------------------------------ */

/* Date shapes DateFormatter recognises, in the order it tries them. */
enum df { DF_NONE, DF_MDY, DF_DMY, DF_YMD, DF_ISO, DF_YDM, DF_DM, DF_MD };

static const char *const df_format[] = {
	[DF_DMY] = "j F Y", [DF_YDM] = "Y, j F", [DF_MDY] = "F j, Y", [DF_YMD] = "Y F j",
	[DF_DM] = "j F", [DF_MD] = "F j", [DF_ISO] = "y-m-d",
};

static pcre2_code *df_re[DF_MD + 1];
static pthread_once_t df_once = PTHREAD_ONCE_INIT;

static void df_compile(void)
{
	const struct wt_date_lang *en = wt_date_lang_get("en");
	struct sbuf months;
	sbuf_init(&months, 4096);
	for (int i = 0; i < 12; i++) {
		sbuf_addf(&months, "%s%s|%s", i ? "|" : "", en->month[i], en->month_abbr[i]);
	}
	char dm[1024], md[1024];
	snprintf(dm, sizeof(dm), "(?<day>\\d{1,2})[ _](?<monthName>%s)", sbuf_cstr(&months));
	snprintf(md, sizeof(md), "(?<monthName>%s)[ _](?<day>\\d{1,2})", sbuf_cstr(&months));
	const char *y = "(?<year>\\d{1,4}(?:[ _]BC|))";
	char re[4096];
	for (int f = DF_MDY; f <= DF_MD; f++) {
		switch (f) {
		case DF_DMY: snprintf(re, sizeof(re), "^%s(?: *, *| +)%s$", dm, y); break;
		case DF_YDM: snprintf(re, sizeof(re), "^%s(?: *, *| +)%s$", y, dm); break;
		case DF_MDY: snprintf(re, sizeof(re), "^%s(?: *, *| +)%s$", md, y); break;
		case DF_YMD: snprintf(re, sizeof(re), "^%s(?: *, *| +)%s$", y, md); break;
		case DF_DM: snprintf(re, sizeof(re), "^%s$", dm); break;
		case DF_MD: snprintf(re, sizeof(re), "^%s$", md); break;
		default: snprintf(re, sizeof(re), "^(?<isoYear>-?\\d{4})-(?<isoMonth>\\d{2})-(?<isoDay>\\d{2})$"); break;
		}
		int err;
		PCRE2_SIZE off;
		df_re[f] = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
					 PCRE2_CASELESS | PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_DUPNAMES, &err, &off, NULL);
		if (!df_re[f])
			BUG("formatdate: pattern %d does not compile (%d)", f, err);
	}
	sbuf_release(&months);
}

/* The named group `name` of a match, or a NULL view. */
static struct str group(pcre2_match_data *md, pcre2_code *re, const char *subject, const char *name)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	int n = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
	if (n < 0 || ov[2 * n] == PCRE2_UNSET)
		return (struct str){ NULL, 0 };
	return (struct str){ subject + ov[2 * n], ov[2 * n + 1] - ov[2 * n] };
}

/* `word` equals `s` ignoring ASCII case. */
static bool same_word(const char *word, struct str s)
{
	return strlen(word) == s.len && strncasecmp(word, s.p, s.len) == 0;
}

/* Rewrite a date in one recognised shape into `target` (DateFormatter's callback). */
static bool df_rewrite(struct sbuf *out, pcre2_match_data *md, pcre2_code *re, const char *subject, enum df target)
{
	const struct wt_date_lang *en = wt_date_lang_get("en");
	struct str year = group(md, re, subject, "year"), iso_year = group(md, re, subject, "isoYear");
	struct str iso_month = group(md, re, subject, "isoMonth"), iso_day = group(md, re, subject, "isoDay");
	struct str month_name = group(md, re, subject, "monthName"), day = group(md, re, subject, "day");
	char iy[32] = "", ny[40] = "", im[24] = "", idd[24] = "";
	if (!iso_year.p && year.p) {
		long long v = wt_php_intval(year);
		if (year.len >= 2 && memcmp(year.p + year.len - 2, "BC", 2) == 0)
			snprintf(iy, sizeof(iy), "-%04lld", v - 1);
		else
			snprintf(iy, sizeof(iy), "%04lld", v);
	} else if (iso_year.p) {
		snprintf(iy, sizeof(iy), "%.*s", (int)iso_year.len, iso_year.p);
	}
	if (year.p)
		snprintf(ny, sizeof(ny), "%.*s", (int)year.len, year.p);
	else if (iy[0] == '-')
		snprintf(ny, sizeof(ny), "%lld BC", wt_php_intval(str_c(iy + 1)) + 1);
	else if (iy[0])
		snprintf(ny, sizeof(ny), "%lld", wt_php_intval(str_c(iy)));
	if (iso_month.p) {
		snprintf(im, sizeof(im), "%.*s", (int)iso_month.len, iso_month.p);
	} else {
		int m = 0;
		for (int i = 0; i < 12 && !m; i++)
			if (same_word(en->month[i], month_name) || same_word(en->month_abbr[i], month_name))
				m = i + 1;
		if (!m)
			return false;
		snprintf(im, sizeof(im), "%02d", m);
	}
	if (iso_day.p)
		snprintf(idd, sizeof(idd), "%.*s", (int)iso_day.len, iso_day.p);
	else
		snprintf(idd, sizeof(idd), "%02lld", wt_php_intval(day));
	struct sbuf text;
	sbuf_init(&text, 1024);
	for (const char *f = df_format[target]; *f; f++) {
		switch (*f) {
		case 'd': sbuf_adds(&text, idd); break;
		case 'm': sbuf_adds(&text, im); break;
		case 'y': sbuf_adds(&text, iy); break;
		case 'j':
			if (day.p)
				sbuf_addstr(&text, day);
			else
				sbuf_addf(&text, "%lld", wt_php_intval(str_c(idd)));
			break;
		case 'F': {
			long long m = wt_php_intval(str_c(im));
			if (m < 1 || m > 12) {
				sbuf_release(&text);
				return false;
			}
			sbuf_adds(&text, en->month[m - 1]);
			break;
		}
		case 'Y': sbuf_adds(&text, ny); break;
		default: sbuf_addc(&text, *f); break;
		}
	}
	sbuf_adds(out, "<span class=\"mw-formatted-date\" title=\"");
	if (iy[0]) {
		sbuf_adds(out, iy);
		sbuf_addc(out, '-');
	}
	sbuf_addf(out, "%s-%s\">", im, idd);
	sbuf_addstr(out, (struct str){ sbuf_cstr(&text), text.len });
	sbuf_adds(out, "</span>");
	sbuf_release(&text);
	return true;
}

void wt_formatdate(struct sbuf *out, struct str date, struct str pref)
{
	pthread_once(&df_once, df_compile);
	enum df user = DF_NONE;
	if (str_eq(pref, "dmy"))
		user = DF_DMY;
	else if (str_eq(pref, "mdy"))
		user = DF_MDY;
	else if (str_eq(pref, "ymd"))
		user = DF_YMD;
	else if (str_eq(pref, "ISO 8601"))
		user = DF_ISO;
	char *text = xstrndup(date.p, date.len);
	size_t len = date.len;
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	for (int source = DF_MDY; source <= DF_MD; source++) {
		enum df target;
		if (user == DF_NONE && source == DF_ISO)
			target = DF_ISO;
		else if (user == DF_MDY && source == DF_DM)
			target = DF_MD;
		else if (user == DF_DMY && source == DF_MD)
			target = DF_DM;
		else if (source == DF_MD || source == DF_DM)
			target = (enum df)source;
		else if (user != DF_NONE)
			target = user;
		else
			target = (enum df)source;
		if (pcre2_match(df_re[source], (PCRE2_SPTR)text, len, 0, 0, md, NULL) < 0)
			continue;
		struct sbuf r;
		sbuf_init(&r, SCRATCH_MAX);
		if (df_rewrite(&r, md, df_re[source], text, target)) {
			xfree(text);
			len = r.len;
			text = sbuf_detach(&r, NULL);
			if (!text)
				text = xstrdup("");
		}
		sbuf_release(&r);
	}
	pcre2_match_data_free(md);
	sbuf_add(out, text, len);
	xfree(text);
}

static const char *upper_special(int32_t cp)
{
	for (size_t i = 0; i < ARRAY_SIZE(special_upper); i++)
		if (special_upper[i].cp == cp)
			return special_upper[i].upper;
	return NULL;
}
