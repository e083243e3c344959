/* SPDX-License-Identifier: MIT */
/*
 * plural.c — which plural form a number takes in a language: the CLDR
 * plural rules MediaWiki ships (plurals.inc), read and evaluated as
 * written ("v = 0 and i % 10 = 2..4 and i % 100 != 12..14"). The
 * operands come from the number as PHP prints it: n its absolute value,
 * i its integer digits, v and w the count of its fraction digits with and
 * without trailing zeros, f and t those digits as integers.
 */
#include "wt_pf.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A language whose rules are set `set` of plurals.inc. */
struct plural_lang {
	const char *code;
	int set;
};

#include "plurals.inc"

/* The operands of one number. */
struct operands {
	double n, i, v, w, f, t;
};

/* Reading one rule: the text left and the number's operands. */
struct rule_reader {
	const char *p;
	const struct operands *op;
};

static void skip_space(struct rule_reader *r)
{
	while (*r->p == ' ')
		r->p++;
}

/* Is the next token the word `w`? It is consumed when it is. */
static bool take_word(struct rule_reader *r, const char *w)
{
	skip_space(r);
	size_t n = strlen(w);
	if (strncmp(r->p, w, n) != 0 || isalpha((unsigned char)r->p[n]))
		return false;
	r->p += n;
	return true;
}

/* PHP's intval of a digit string: saturates instead of wrapping. */
static double digits_value(const char *s, size_t len)
{
	char buf[64];
	if (len >= sizeof(buf))
		return (double)LLONG_MAX;
	memcpy(buf, s, len);
	buf[len] = 0;
	errno = 0;
	long long v = strtoll(buf, NULL, 10);
	return (double)v;
}

static double read_value(struct rule_reader *r)
{
	skip_space(r);
	const char *s = r->p;
	while (isdigit((unsigned char)*r->p))
		r->p++;
	return digits_value(s, (size_t)(r->p - s));
}

/* operand ( ('%' | 'mod') value )? */
static double read_expr(struct rule_reader *r)
{
	skip_space(r);
	double x = 0;
	switch (*r->p) {
	case 'n': x = r->op->n; break;
	case 'i': x = r->op->i; break;
	case 'v': x = r->op->v; break;
	case 'w': x = r->op->w; break;
	case 'f': x = r->op->f; break;
	case 't': x = r->op->t; break;
	default: break;
	}
	if (*r->p)
		r->p++;
	skip_space(r);
	if (*r->p == '%') {
		r->p++;
		x = fmod(x, read_value(r));
	} else if (take_word(r, "mod")) {
		x = fmod(x, read_value(r));
	}
	return x;
}

/*
 * Does `x` match the list of values and ranges ahead ("2..4,9")? A range
 * takes whole numbers only, unless `within`.
 */
static bool read_ranges(struct rule_reader *r, double x, bool within)
{
	bool hit = false;
	for (;;) {
		double lo = read_value(r), hi = lo;
		bool range = false;
		if (r->p[0] == '.' && r->p[1] == '.') {
			r->p += 2;
			hi = read_value(r);
			range = true;
		}
		if (range)
			hit |= (within || floor(x) == x) && x >= lo && x <= hi;
		else
			hit |= x == lo;
		skip_space(r);
		if (*r->p != ',')
			return hit;
		r->p++;
	}
}

/* expr ('=' | '!=' | 'is' ['not'] | ['not'] ('in' | 'within')) values */
static bool read_relation(struct rule_reader *r)
{
	double x = read_expr(r);
	skip_space(r);
	if (r->p[0] == '=') {
		r->p++;
		return read_ranges(r, x, false);
	}
	if (r->p[0] == '!' && r->p[1] == '=') {
		r->p += 2;
		return !read_ranges(r, x, false);
	}
	if (take_word(r, "is")) {
		bool negate = take_word(r, "not");
		return (x == read_value(r)) != negate;
	}
	bool negate = take_word(r, "not");
	bool within = take_word(r, "within");
	if (!within)
		take_word(r, "in");
	return read_ranges(r, x, within) != negate;
}

/* relation ('and' relation)* ('or' relation ('and' relation)*)* */
static bool rule_holds(const char *rule, const struct operands *op)
{
	struct rule_reader r = { rule, op };
	bool any = false;
	for (;;) {
		bool all = true;
		do
			all &= read_relation(&r);
		while (take_word(&r, "and"));
		any |= all;
		if (!take_word(&r, "or"))
			return any;
	}
}

/* The rules of language `code`: its own, its fallback's, or English's. */
static const char *const *rules_of(const char *code)
{
	size_t lo = 0, hi = ARRAY_SIZE(plural_langs);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(plural_langs[mid].code, code);
		if (d == 0)
			return plural_sets[plural_langs[mid].set];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return en_rules;
}

int wt_plural_index(const char *lang, const char *number)
{
	if (strcmp(lang, "ksh") == 0) {
		/* Colognian has its own three forms: one, other, and zero last. */
		double x = strtod(number, NULL);
		return x == 1 ? 0 : x == 0 ? 2 : 1;
	}
	const char *const *rules = rules_of(lang);
	int count = 0;
	while (count < PLURAL_RULES_MAX && rules[count])
		count++;
	/* -?(digits)(.digits)?, else "other". */
	const char *s = number[0] == '-' ? number + 1 : number;
	size_t il = strspn(s, "0123456789");
	if (!il)
		return count;
	const char *frac = NULL;
	size_t fl = 0;
	if (s[il] == '.') {
		frac = s + il + 1;
		fl = strspn(frac, "0123456789");
		if (!fl || frac[fl])
			return count;
	} else if (s[il]) {
		return count;
	}
	struct operands op = { 0 };
	op.i = digits_value(s, il);
	op.n = frac ? strtod(s, NULL) : op.i;
	if (frac) {
		size_t tl = fl;
		while (tl > 0 && frac[tl - 1] == '0')
			tl--;
		op.v = (double)fl;
		op.w = (double)tl;
		op.f = digits_value(frac, fl);
		op.t = digits_value(frac, tl);
	}
	for (int k = 0; k < count; k++)
		if (rule_holds(rules[k], &op))
			return k;
	return count;
}
