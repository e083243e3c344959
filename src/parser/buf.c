/* SPDX-License-Identifier: MIT */
/*
 * buf.c — growable byte buffers in the parse's arena (struct wt_buf) and
 * the HTML escaping every pass uses. A buffer doubles when full; the old
 * copy stays in the arena, so a buffer of final size n costs at most 2n.
 * Nothing grows past WT_BUF_MAX: the append is dropped and is_toobig set.
 */
#include <stdarg.h>
#include <stdio.h>

#include "wt_int.h"

void wt_buf_init(struct wt_buf *b, struct arena *a, size_t hint)
{
	b->a = a;
	b->len = 0;
	b->is_toobig = false;
	b->cap = hint < 64 ? 64 : hint + 1;
	b->p = arena_alloc(a, b->cap);
	b->p[0] = '\0';
}

bool wt_buf_grow(struct wt_buf *b, size_t n)
{
	if (b->len + n + 1 > WT_BUF_MAX) {
		b->is_toobig = true;
		return false;
	}
	if (b->len + n + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + n + 1)
		cap *= 2;
	char *p = arena_alloc(b->a, cap);
	if (b->len)
		memcpy(p, b->p, b->len);
	p[b->len] = '\0';
	b->p = p;
	b->cap = cap;
	return true;
}

/* vsnprintf() into the buffer: the fallback for formats fmt_fast() does not take. */
static void addf_libc(struct wt_buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		wt_buf_add(b, small, (size_t)n);
		return;
	}
	if (!wt_buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

/* `n` copies of `c`. */
static void add_pad(struct wt_buf *b, char c, long n)
{
	while (n-- > 0)
		wt_buf_addc(b, c);
}

/*
 * The printf subset wt_buf_addf() promises, as glibc formats it, in one
 * pass over `fmt`. false (with `b` as it was) at the first conversion
 * outside the subset: the caller then hands the whole format to
 * vsnprintf() with a fresh copy of the arguments.
 */
static bool fmt_fast(struct wt_buf *b, const char *fmt, va_list ap)
{
	size_t len0 = b->len;
	const char *f = fmt;
	for (;;) {
		const char *lit = f;
		while (*f && *f != '%')
			f++;
		if (f > lit)
			wt_buf_add(b, lit, (size_t)(f - lit));
		if (!*f)
			return true;
		f++;
		if (*f == '%') {
			wt_buf_addc(b, '%');
			f++;
			continue;
		}
		bool zero = false, left = false;
		long width = 0, prec = -1;
		if (*f == '0') {
			zero = true;
			f++;
		}
		if (*f == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				width = width * 10 + (*f++ - '0');
		}
		if (*f == '.') {
			f++;
			if (*f == '*') {
				prec = va_arg(ap, int);
				f++;
			} else {
				prec = 0;
				while (*f >= '0' && *f <= '9')
					prec = prec * 10 + (*f++ - '0');
			}
			if (*f != 's')
				goto other; /* a precision only as "%.*s" or "%.Ns" */
		}
		int lng = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
		if (*f == 'z') {
			lng = 3;
			f++;
		} else if (*f == 'l') {
			lng = f[1] == 'l' ? 2 : 1;
			f += lng;
		}
		char conv = *f;
		if (conv != 's' && conv != 'c' && conv != 'i' && conv != 'd' && conv != 'u' && conv != 'x' && conv != 'X')
			goto other;
		f++;
		char num[24];
		const char *s;
		size_t sl;
		bool neg = false;
		if (conv == 's') {
			s = va_arg(ap, const char *);
			if (!s)
				s = prec < 0 || prec >= 6 ? "(null)" : "";
			sl = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
			zero = false;
		} else if (conv == 'c') {
			num[0] = (char)va_arg(ap, int);
			s = num;
			sl = 1;
			zero = false;
		} else {
			unsigned long long u;
			if (conv == 'd' || conv == 'i') {
				long long v = lng == 2 ? va_arg(ap, long long)
					    : lng == 1 ? va_arg(ap, long)
					    : lng == 3 ? (long long)va_arg(ap, ssize_t)
						       : va_arg(ap, int);
				neg = v < 0;
				u = neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;
			} else {
				u = lng == 2 ? va_arg(ap, unsigned long long)
				    : lng == 1 ? va_arg(ap, unsigned long)
				    : lng == 3 ? va_arg(ap, size_t)
					       : va_arg(ap, unsigned int);
			}
			unsigned base = conv == 'x' || conv == 'X' ? 16 : 10;
			const char *digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
			size_t k = sizeof(num);
			do {
				num[--k] = digits[u % base];
				u /= base;
			} while (u);
			s = num + k;
			sl = sizeof(num) - k;
		}
		long pad = width - (long)sl - (neg ? 1 : 0);
		if (left) {
			if (neg)
				wt_buf_addc(b, '-');
			wt_buf_add(b, s, sl);
			add_pad(b, ' ', pad);
		} else if (zero) {
			if (neg)
				wt_buf_addc(b, '-');
			add_pad(b, '0', pad);
			wt_buf_add(b, s, sl);
		} else {
			add_pad(b, ' ', pad);
			if (neg)
				wt_buf_addc(b, '-');
			wt_buf_add(b, s, sl);
		}
	}
other:
	b->len = len0;
	if (b->p)
		b->p[len0] = '\0';
	return false;
}

void wt_buf_vaddf(struct wt_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	if (!fmt_fast(b, fmt, ap))
		addf_libc(b, fmt, ap2);
	va_end(ap2);
}

void wt_buf_addf(struct wt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	wt_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *wt_aprintf(struct arena *a, const char *fmt, ...)
{
	struct wt_buf b;
	wt_buf_init(&b, a, strlen(fmt) + 32);
	va_list ap;
	va_start(ap, fmt);
	wt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return b.p;
}

/* htmlspecialchars(): & < > " and, with `quotes` (ENT_QUOTES), ' as &#039;. */
static void add_html(struct wt_buf *b, const char *s, size_t n, bool quotes)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			if (!quotes)
				continue;
			rep = "&#039;";
			break;
		default:
			continue;
		}
		wt_buf_add(b, s + start, i - start);
		wt_buf_adds(b, rep);
		start = i + 1;
	}
	wt_buf_add(b, s + start, n - start);
}

void wt_buf_add_html(struct wt_buf *b, const char *s, size_t n)
{
	add_html(b, s, n, true);
}

void wt_buf_add_html_compat(struct wt_buf *b, const char *s, size_t n)
{
	add_html(b, s, n, false);
}

/* Html::$boolAttribs: written as name="". */
static const char *const bool_attribs[] = {
	"async", "autofocus", "autoplay", "checked", "controls", "default", "defer", "disabled", "formnovalidate",
	"hidden", "ismap", "itemscope", "loop", "multiple", "muted", "novalidate", "open", "readonly", "required",
	"reversed", "scoped", "seamless", "selected", "truespeed", "typemustmatch", NULL,
};

/* Space-separated list attributes: parts deduplicated, empty ones dropped. */
static bool is_list_attr(struct str name)
{
	return str_eq(name, "class") || str_eq(name, "accesskey") || str_eq(name, "rel");
}

/* Is `name` one of Html::$boolAttribs? */
static bool is_bool_attr(struct str name)
{
	if (name.len < 4 || name.len > 14)
		return false;
	for (size_t i = 0; bool_attribs[i]; i++)
		if (bool_attribs[i][0] == name.p[0] && str_eq(name, bool_attribs[i]))
			return true;
	return false;
}

/* Append `n` bytes of an attribute value: HTML-escaped, with newline, CR and tab as character references. */
static void add_attr_value(struct wt_buf *b, const char *p, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (p[i]) {
		case '\n': rep = "&#10;"; break;
		case '\r': rep = "&#13;"; break;
		case '\t': rep = "&#9;"; break;
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#039;"; break;
		default: continue;
		}
		wt_buf_add(b, p + start, i - start);
		wt_buf_adds(b, rep);
		start = i + 1;
	}
	wt_buf_add(b, p + start, n - start);
}

void wt_html_attr(struct wt_buf *b, struct str name, struct str value)
{
	if (is_bool_attr(name)) {
		wt_buf_addc(b, ' ');
		wt_buf_addstr(b, name);
		wt_buf_adds(b, "=\"\"");
		return;
	}
	wt_buf_addc(b, ' ');
	wt_buf_addstr(b, name);
	wt_buf_adds(b, "=\"");
	if (!is_list_attr(name)) {
		add_attr_value(b, value.p, value.len);
		wt_buf_addc(b, '"');
		return;
	}
	/* explode(' '), drop empties, array_unique keeping the first. */
	struct str parts[64];
	size_t n = 0;
	size_t s = 0;
	for (size_t i = 0; i <= value.len; i++) {
		if (i < value.len && value.p[i] != ' ')
			continue;
		struct str part = { value.p + s, i - s };
		s = i + 1;
		if (!part.len)
			continue;
		bool dup = false;
		for (size_t k = 0; k < n && !dup; k++)
			dup = parts[k].len == part.len && memcmp(parts[k].p, part.p, part.len) == 0;
		if (!dup && n < ARRAY_SIZE(parts))
			parts[n++] = part;
	}
	for (size_t k = 0; k < n; k++) {
		if (k)
			wt_buf_addc(b, ' ');
		add_attr_value(b, parts[k].p, parts[k].len);
	}
	wt_buf_addc(b, '"');
}

void wt_html_attrs(struct wt_buf *b, const struct wt_attrs *attrs)
{
	for (size_t i = 0; i < attrs->n; i++)
		wt_html_attr(b, attrs->v[i].name, attrs->v[i].value);
}
