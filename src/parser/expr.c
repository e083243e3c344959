/* SPDX-License-Identifier: MIT */
/*
 * expr.c — the expression language of {{#expr:}} and {{#ifexpr:}}
 * (ParserFunctions 1.39): numbers, the constants e and pi, unary + - not
 * and the functions sin cos tan asin acos atan exp ln abs floor ceil trunc
 * sqrt, and the binary operators by falling precedence
 *     e (exponent, 10) ; ^ (8) ; * / div mod fmod (7) ; + - (6) ;
 *     round (5) ; = <> != < > <= >= (4) ; and (3) ; or (2)
 * with the functions and `not` at 9 and unary signs at 10. Evaluation is a
 * shunting-yard over two stacks, each capped at WT_EXPR_MAX_STACK entries,
 * so the work is linear in the input and memory is bounded.
 *
 * Values follow PHP's arithmetic, because the result is printed as PHP
 * prints it: numbers read from the text are floats; mod, trunc, the logic
 * and comparison operators give integers; integer + - * that overflows
 * becomes a float; an exact integer division stays an integer.
 */
#include "wt_pf.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

/* Operators and functions; the order matches the tables below. */
enum op {
	OP_NONE,    /* no operator (stack bottom) */
	OP_NEG,     /* unary - */
	OP_POS,     /* unary + */
	OP_EXPONENT, /* binary e: a * 10^b */
	OP_SIN,     /* sin */
	OP_COS,     /* cos */
	OP_TAN,     /* tan */
	OP_ASIN,    /* asin */
	OP_ACOS,    /* acos */
	OP_ATAN,    /* atan */
	OP_EXP,     /* exp */
	OP_LN,      /* ln */
	OP_ABS,     /* abs */
	OP_FLOOR,   /* floor */
	OP_TRUNC,   /* trunc */
	OP_CEIL,    /* ceil */
	OP_NOT,     /* not */
	OP_SQRT,    /* sqrt */
	OP_POW,     /* ^ */
	OP_TIMES,   /* * */
	OP_DIVIDE,  /* / and div */
	OP_MOD,     /* mod (integer) */
	OP_FMOD,    /* fmod */
	OP_PLUS,    /* binary + */
	OP_MINUS,   /* binary - */
	OP_ROUND,   /* round */
	OP_EQ,      /* = */
	OP_LT,      /* < */
	OP_GT,      /* > */
	OP_LE,      /* <= */
	OP_GE,      /* >= */
	OP_NE,      /* <> and != */
	OP_AND,     /* and */
	OP_OR,      /* or */
	OP_PI,      /* the constant pi (only as a word) */
	OP_OPEN,    /* ( on the operator stack */
	OP_COUNT    /* number of entries */
};

/* Binding strength; OP_OPEN is below every operator so nothing pops it. */
static const signed char precedence[OP_COUNT] = {
	[OP_NEG] = 10, [OP_POS] = 10, [OP_EXPONENT] = 10,
	[OP_SIN] = 9, [OP_COS] = 9, [OP_TAN] = 9, [OP_ASIN] = 9, [OP_ACOS] = 9,
	[OP_ATAN] = 9, [OP_EXP] = 9, [OP_LN] = 9, [OP_ABS] = 9, [OP_FLOOR] = 9,
	[OP_TRUNC] = 9, [OP_CEIL] = 9, [OP_NOT] = 9, [OP_SQRT] = 9,
	[OP_POW] = 8,
	[OP_TIMES] = 7, [OP_DIVIDE] = 7, [OP_MOD] = 7, [OP_FMOD] = 7,
	[OP_PLUS] = 6, [OP_MINUS] = 6,
	[OP_ROUND] = 5,
	[OP_EQ] = 4, [OP_LT] = 4, [OP_GT] = 4, [OP_LE] = 4, [OP_GE] = 4, [OP_NE] = 4,
	[OP_AND] = 3, [OP_OR] = 2,
	[OP_PI] = 0, [OP_OPEN] = -1,
};

/* How an operator is named in error messages. */
static const char *const op_name[OP_COUNT] = {
	[OP_NEG] = "-", [OP_POS] = "+", [OP_EXPONENT] = "e", [OP_SIN] = "sin",
	[OP_COS] = "cos", [OP_TAN] = "tan", [OP_ASIN] = "asin", [OP_ACOS] = "acos",
	[OP_ATAN] = "atan", [OP_EXP] = "exp", [OP_LN] = "ln", [OP_ABS] = "abs",
	[OP_FLOOR] = "floor", [OP_TRUNC] = "trunc", [OP_CEIL] = "ceil", [OP_NOT] = "not",
	[OP_SQRT] = "sqrt", [OP_POW] = "^", [OP_TIMES] = "*", [OP_DIVIDE] = "/",
	[OP_MOD] = "mod", [OP_FMOD] = "fmod", [OP_PLUS] = "+", [OP_MINUS] = "-",
	[OP_ROUND] = "round", [OP_EQ] = "=", [OP_LT] = "<", [OP_GT] = ">",
	[OP_LE] = "<=", [OP_GE] = ">=", [OP_NE] = "<>", [OP_AND] = "and",
	[OP_OR] = "or", [OP_PI] = "pi",
};

/* The words of the language (matched case-insensitively). */
static const struct {
	const char *word; /* lower case */
	enum op op;       /* what it means */
} words[] = {
	{ "mod", OP_MOD },     { "fmod", OP_FMOD },   { "and", OP_AND },   { "or", OP_OR },
	{ "not", OP_NOT },     { "round", OP_ROUND }, { "div", OP_DIVIDE }, { "e", OP_EXPONENT },
	{ "sin", OP_SIN },     { "cos", OP_COS },     { "tan", OP_TAN },   { "asin", OP_ASIN },
	{ "acos", OP_ACOS },   { "atan", OP_ATAN },   { "exp", OP_EXP },   { "ln", OP_LN },
	{ "abs", OP_ABS },     { "trunc", OP_TRUNC }, { "floor", OP_FLOOR }, { "ceil", OP_CEIL },
	{ "pi", OP_PI },       { "sqrt", OP_SQRT },
};

/* A PHP number: an int or a float. */
struct val {
	bool is_int;  /* which member holds the value */
	long long i;  /* integer value */
	double d;     /* float value */
};

static struct val vf(double d)
{
	return (struct val){ false, 0, d };
}

static struct val vi(long long i)
{
	return (struct val){ true, i, 0 };
}

static double as_d(struct val v)
{
	return v.is_int ? (double)v.i : v.d;
}

/* PHP truthiness: 0, 0.0 and -0.0 are false; NAN is true. */
static bool truthy(struct val v)
{
	return v.is_int ? v.i != 0 : v.d != 0.0 || isnan(v.d);
}

static long long as_int(struct val v)
{
	return v.is_int ? v.i : wt_php_float_to_int(v.d);
}

/* Evaluation state: the two stacks and the error being built. */
struct ev {
	struct val operands[WT_EXPR_MAX_STACK + 2]; /* value stack */
	size_t n_operands;                          /* entries used */
	enum op operators[WT_EXPR_MAX_STACK + 2];   /* operator stack */
	size_t n_operators;                         /* entries used */
	struct wt_expr_error *err;                  /* where failures are described */
};

static int fail(struct ev *ev, enum wt_expr_err code, const char *detail, size_t len)
{
	ev->err->code = code;
	if (len >= sizeof(ev->err->detail))
		len = sizeof(ev->err->detail) - 1;
	memcpy(ev->err->detail, detail, len);
	ev->err->detail[len] = '\0';
	return RC_INVALID;
}

static int fail_op(struct ev *ev, enum wt_expr_err code, enum op op)
{
	return fail(ev, code, op_name[op], strlen(op_name[op]));
}

static struct val pop(struct ev *ev)
{
	return ev->operands[--ev->n_operands];
}

static void push(struct ev *ev, struct val v)
{
	ev->operands[ev->n_operands++] = v;
}

/* a op b for + - * with PHP's integer overflow into floats. */
static struct val arith(enum op op, struct val a, struct val b)
{
	if (a.is_int && b.is_int) {
		long long r;
		bool over = op == OP_PLUS ? __builtin_add_overflow(a.i, b.i, &r)
			  : op == OP_MINUS ? __builtin_sub_overflow(a.i, b.i, &r)
					   : __builtin_mul_overflow(a.i, b.i, &r);
		if (!over)
			return vi(r);
	}
	double x = as_d(a), y = as_d(b);
	return vf(op == OP_PLUS ? x + y : op == OP_MINUS ? x - y : x * y);
}

/* PHP's ** / pow(): integer powers of integers stay integers while they fit. */
static struct val power(struct val a, struct val b)
{
	if (a.is_int && b.is_int && b.i >= 0) {
		long long r = 1, base = a.i, e = b.i;
		bool over = false;
		while (e > 0 && !over) {
			if (e & 1)
				over = __builtin_mul_overflow(r, base, &r);
			e >>= 1;
			if (e > 0 && !over)
				over = __builtin_mul_overflow(base, base, &base);
		}
		if (!over)
			return vi(r);
	}
	return vf(pow(as_d(a), as_d(b)));
}

/* PHP's numeric comparison of two values (-1, 0, 1; NAN compares unequal). */
static int compare(struct val a, struct val b, bool *unordered)
{
	*unordered = false;
	if (a.is_int && b.is_int)
		return (a.i > b.i) - (a.i < b.i);
	double x = as_d(a), y = as_d(b);
	if (isnan(x) || isnan(y)) {
		*unordered = true;
		return 1;
	}
	return (x > y) - (x < y);
}

/* Apply one operator to the operand stack. */
static int apply(struct ev *ev, enum op op)
{
	bool unary = precedence[op] >= 9 && op != OP_EXPONENT;
	if (ev->n_operands < (unary ? 1u : 2u))
		return fail_op(ev, WT_EXPR_MISSING_OPERAND, op);
	struct val b = pop(ev);
	struct val a = unary ? b : pop(ev);
	struct val r;
	bool un;
	int c;
	switch (op) {
	case OP_NEG:
		if (a.is_int && a.i != LLONG_MIN)
			r = vi(-a.i);
		else
			r = vf(-as_d(a));
		break;
	case OP_POS: r = a; break;
	case OP_TIMES:
	case OP_PLUS:
	case OP_MINUS: r = arith(op, a, b); break;
	case OP_DIVIDE:
		if (!truthy(b))
			return fail_op(ev, WT_EXPR_DIV_ZERO, op);
		if (a.is_int && b.is_int && !(a.i == LLONG_MIN && b.i == -1) && a.i % b.i == 0)
			r = vi(a.i / b.i);
		else
			r = vf(as_d(a) / as_d(b));
		break;
	case OP_MOD: {
		long long x = as_int(a), y = as_int(b);
		if (y == 0)
			return fail_op(ev, WT_EXPR_DIV_ZERO, op);
		r = vi(y == -1 ? 0 : x % y);
		break;
	}
	case OP_FMOD:
		if (as_d(b) == 0.0)
			return fail_op(ev, WT_EXPR_DIV_ZERO, op);
		r = vf(fmod(as_d(a), as_d(b)));
		break;
	case OP_AND: r = vi(truthy(a) && truthy(b)); break;
	case OP_OR: r = vi(truthy(a) || truthy(b)); break;
	case OP_NOT: r = vi(!truthy(a)); break;
	case OP_EQ:
		c = compare(a, b, &un);
		r = vi(!un && c == 0);
		break;
	case OP_NE:
		c = compare(a, b, &un);
		r = vi(un || c != 0);
		break;
	case OP_LT:
		c = compare(a, b, &un);
		r = vi(!un && c < 0);
		break;
	case OP_GT:
		c = compare(a, b, &un);
		r = vi(!un && c > 0);
		break;
	case OP_LE:
		c = compare(a, b, &un);
		r = vi(!un && c <= 0);
		break;
	case OP_GE:
		c = compare(a, b, &un);
		r = vi(!un && c >= 0);
		break;
	case OP_ROUND: r = vf(wt_php_round(as_d(a), as_int(b))); break;
	case OP_EXPONENT: r = arith(OP_TIMES, a, power(vi(10), b)); break;
	case OP_POW: r = power(a, b); break;
	case OP_SIN: r = vf(sin(as_d(a))); break;
	case OP_COS: r = vf(cos(as_d(a))); break;
	case OP_TAN: r = vf(tan(as_d(a))); break;
	case OP_ASIN:
	case OP_ACOS:
		if (as_d(a) < -1 || as_d(a) > 1)
			return fail_op(ev, WT_EXPR_INVALID_ARG, op);
		r = vf(op == OP_ASIN ? asin(as_d(a)) : acos(as_d(a)));
		break;
	case OP_ATAN: r = vf(atan(as_d(a))); break;
	case OP_EXP: r = vf(exp(as_d(a))); break;
	case OP_LN:
		if (as_d(a) <= 0)
			return fail_op(ev, WT_EXPR_INVALID_ARG_LN, op);
		r = vf(log(as_d(a)));
		break;
	case OP_ABS:
		if (a.is_int && a.i != LLONG_MIN)
			r = vi(a.i < 0 ? -a.i : a.i);
		else
			r = vf(fabs(as_d(a)));
		break;
	case OP_FLOOR: r = vf(floor(as_d(a))); break;
	case OP_CEIL: r = vf(ceil(as_d(a))); break;
	case OP_TRUNC: r = vi(as_int(a)); break;
	case OP_SQRT:
		r = vf(sqrt(as_d(a)));
		if (isnan(r.d))
			return fail_op(ev, WT_EXPR_NOT_A_NUMBER, op);
		break;
	default: BUG("expr: operator %d cannot be applied", (int)op);
	}
	push(ev, r);
	return RC_OK;
}

/* Pop and apply operators while they bind at least as tightly as `op`. */
static int reduce(struct ev *ev, enum op op)
{
	while (ev->n_operators > 0) {
		enum op top = ev->operators[ev->n_operators - 1];
		if (top == OP_OPEN || precedence[op] > precedence[top])
			break;
		int rc = apply(ev, top);
		if (rc != RC_OK)
			return rc;
		ev->n_operators--;
	}
	return RC_OK;
}

/* The first character of `s` (UTF-8, or U+FFFD for a bad byte) for a message. */
static size_t first_char(const char *s, size_t len, char out[8])
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
	bool ok = n > 0 && n <= len;
	for (size_t i = 1; ok && i < n; i++)
		ok = ((unsigned char)s[i] & 0xC0) == 0x80;
	if (!ok) {
		memcpy(out, "\xEF\xBF\xBD", 3);
		return 3;
	}
	memcpy(out, s, n);
	return n;
}

/*
 * Copy `in` replacing the escaped comparison signs and minus that wikitext
 * delivers (&lt; &gt; &minus; and U+2212) by their ASCII operators.
 */
static char *unescape(struct str in, size_t *len)
{
	char *o = xmalloc(in.len + 1);
	size_t n = 0;
	for (size_t i = 0; i < in.len;) {
		const char *p = in.p + i;
		size_t left = in.len - i;
		if (left >= 4 && memcmp(p, "&lt;", 4) == 0) {
			o[n++] = '<';
			i += 4;
		} else if (left >= 4 && memcmp(p, "&gt;", 4) == 0) {
			o[n++] = '>';
			i += 4;
		} else if (left >= 7 && memcmp(p, "&minus;", 7) == 0) {
			o[n++] = '-';
			i += 7;
		} else if (left >= 3 && memcmp(p, "\xE2\x88\x92", 3) == 0) {
			o[n++] = '-';
			i += 3;
		} else {
			o[n++] = *p;
			i++;
		}
	}
	o[n] = '\0';
	*len = n;
	return o;
}

/* A number: digits and dots; PHP's float cast ignores a second dot onwards. */
static double read_number(const char *p, size_t len)
{
	/*
	 * At most 15 digits, at most 22 of them after the dot: the digits as
	 * an integer (below 2^53) and the power of ten are both exact doubles,
	 * so one division rounds as strtod() does (Clinger's fast path).
	 */
	static const double pow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
					1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	unsigned long long m = 0;
	size_t nd = 0, nf = 0;
	bool dot = false;
	size_t i = 0;
	for (; i < len && nd <= 15; i++) {
		if (p[i] == '.') {
			if (dot)
				break;
			dot = true;
		} else {
			m = m * 10 + (unsigned)(p[i] - '0');
			nd++;
			nf += dot;
		}
	}
	if ((i == len || (dot && p[i] == '.')) && nd <= 15 && nd > 0)
		return (double)m / pow10[nf];
	char small[64];
	char *b = len < sizeof(small) ? small : xmalloc(len + 1);
	memcpy(b, p, len);
	b[len] = '\0';
	char *dot2 = strchr(b, '.');
	if (dot2)
		dot2 = strchr(dot2 + 1, '.');
	if (dot2)
		*dot2 = '\0';
	double d = (b[0] == '.' && !isdigit((unsigned char)b[1])) ? 0.0 : strtod(b, NULL);
	if (b != small)
		xfree(b);
	return d;
}

/* The shunting-yard loop over the unescaped text `s`. */
static int run(struct ev *ev, const char *s, size_t end)
{
	bool want_operand = true; /* ParserFunctions' "expecting expression" */
	size_t p = 0;
	while (p < end) {
		if (ev->n_operands > WT_EXPR_MAX_STACK || ev->n_operators > WT_EXPR_MAX_STACK)
			return fail(ev, WT_EXPR_STACK, "", 0);
		char c = s[p];
		enum op op;
		const char *name;
		size_t name_len;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			p++;
			continue;
		}
		if (isdigit((unsigned char)c) || c == '.') {
			if (!want_operand)
				return fail(ev, WT_EXPR_UNEXPECTED_NUMBER, "", 0);
			size_t q = p;
			while (q < end && (isdigit((unsigned char)s[q]) || s[q] == '.'))
				q++;
			push(ev, vf(read_number(s + p, q - p)));
			p = q;
			want_operand = false;
			continue;
		}
		if (isalpha((unsigned char)c)) {
			size_t q = p;
			while (q < end && isalpha((unsigned char)s[q]))
				q++;
			size_t wl = q - p;
			op = OP_NONE;
			name = NULL;
			for (size_t i = 0; wl <= 5 && i < ARRAY_SIZE(words); i++) {
				/* The first letter first (the words are lower case ASCII; OR 0x20 folds case). */
				if (words[i].word[0] == (s[p] | 0x20) && strlen(words[i].word) == wl &&
				    strncasecmp(words[i].word, s + p, wl) == 0) {
					op = words[i].op;
					name = words[i].word;
				}
			}
			if (op == OP_NONE) {
				char lw[sizeof(((struct wt_expr_error *)0)->detail)];
				size_t n = MIN(wl, sizeof(lw) - 1);
				for (size_t i = 0; i < n; i++)
					lw[i] = (char)tolower((unsigned char)s[p + i]);
				return fail(ev, WT_EXPR_UNRECOGNISED_WORD, lw, n);
			}
			name_len = wl;
			p = q;
			if (op == OP_EXPONENT && want_operand) {
				push(ev, vf(M_E));
				want_operand = false;
				continue;
			}
			if (op == OP_PI) {
				if (!want_operand)
					return fail(ev, WT_EXPR_UNEXPECTED_NUMBER, "", 0);
				push(ev, vf(M_PI));
				want_operand = false;
				continue;
			}
			if (precedence[op] == 9) {
				if (!want_operand)
					return fail_op(ev, WT_EXPR_UNEXPECTED_OPERATOR, op);
				ev->operators[ev->n_operators++] = op;
				continue;
			}
		} else if (p + 1 < end && ((c == '<' && s[p + 1] == '=') || (c == '>' && s[p + 1] == '=') ||
					   (c == '<' && s[p + 1] == '>') || (c == '!' && s[p + 1] == '='))) {
			op = c == '<' ? (s[p + 1] == '=' ? OP_LE : OP_NE) : c == '>' ? OP_GE : OP_NE;
			name = s + p;
			name_len = 2;
			p += 2;
		} else if (c == '+' || c == '-') {
			p++;
			if (want_operand) {
				ev->operators[ev->n_operators++] = c == '+' ? OP_POS : OP_NEG;
				continue;
			}
			op = c == '+' ? OP_PLUS : OP_MINUS;
			name = s + p - 1;
			name_len = 1;
		} else if (c == '*' || c == '/' || c == '^' || c == '=' || c == '<' || c == '>') {
			op = c == '*' ? OP_TIMES : c == '/' ? OP_DIVIDE : c == '^' ? OP_POW
			   : c == '=' ? OP_EQ : c == '<' ? OP_LT : OP_GT;
			name = s + p;
			name_len = 1;
			p++;
		} else if (c == '(') {
			if (!want_operand)
				return fail(ev, WT_EXPR_UNEXPECTED_OPERATOR, "(", 1);
			ev->operators[ev->n_operators++] = OP_OPEN;
			p++;
			continue;
		} else if (c == ')') {
			int rc = RC_OK;
			while (rc == RC_OK && ev->n_operators > 0 &&
			       ev->operators[ev->n_operators - 1] != OP_OPEN) {
				rc = apply(ev, ev->operators[ev->n_operators - 1]);
				ev->n_operators--;
			}
			if (rc != RC_OK)
				return rc;
			if (ev->n_operators == 0)
				return fail(ev, WT_EXPR_UNEXPECTED_CLOSING, "", 0);
			ev->n_operators--;
			want_operand = false;
			p++;
			continue;
		} else {
			char ch[8];
			size_t n = first_char(s + p, end - p, ch);
			return fail(ev, WT_EXPR_UNRECOGNISED_PUNCT, ch, n);
		}
		/* A binary operator. */
		if (want_operand)
			return fail(ev, WT_EXPR_UNEXPECTED_OPERATOR, name, name_len);
		int rc = reduce(ev, op);
		if (rc != RC_OK)
			return rc;
		ev->operators[ev->n_operators++] = op;
		want_operand = true;
	}
	while (ev->n_operators > 0) {
		enum op op = ev->operators[--ev->n_operators];
		if (op == OP_OPEN)
			return fail(ev, WT_EXPR_UNCLOSED, "", 0);
		int rc = apply(ev, op);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

int wt_expr_eval(struct str expr, struct sbuf *out, struct wt_expr_error *err, bool *truth)
{
	struct wt_expr_error dummy;
	if (!err)
		err = &dummy;
	err->code = WT_EXPR_OK;
	err->detail[0] = '\0';
	if (truth)
		*truth = false;
	if (expr.len > WT_EXPR_MAX_LEN) {
		err->code = WT_EXPR_TOO_LONG;
		return RC_INVALID;
	}
	/* The stacks are written before they are read: only the counts start at zero. */
	struct ev *ev = xmalloc(sizeof(*ev));
	ev->n_operands = 0;
	ev->n_operators = 0;
	ev->err = err;
	size_t len;
	char *s = unescape(expr, &len);
	int rc = run(ev, s, len);
	xfree(s);
	if (rc == RC_OK) {
		for (size_t i = 0; i < ev->n_operands; i++) {
			struct val v = ev->operands[i];
			char buf[WT_PHP_FLOAT_CHARS];
			if (i > 0)
				sbuf_adds(out, "<br />\n");
			if (v.is_int)
				util_format_ll(v.i, buf);
			else
				wt_php_float(v.d, buf);
			sbuf_adds(out, buf);
		}
		/*
		 * #ifexpr tests the printed result: empty is false, a single
		 * number by its value ("NAN" and "INF" are non-numeric strings, so
		 * true), anything joined by <br /> is a non-empty string, true.
		 */
		if (truth)
			*truth = ev->n_operands > 1 || (ev->n_operands == 1 && truthy(ev->operands[0]));
		if (out->is_toobig)
			rc = RC_TOOBIG;
	}
	xfree(ev);
	return rc;
}

/* Our wording of each error; %s is the detail. */
static const char *const messages[] = {
	[WT_EXPR_STACK] = "Expression error: the expression nests too deeply.",
	[WT_EXPR_UNEXPECTED_NUMBER] = "Expression error: a number stands where an operator was expected.",
	[WT_EXPR_UNRECOGNISED_WORD] = "Expression error: \"%s\" is not a known word.",
	[WT_EXPR_UNEXPECTED_OPERATOR] = "Expression error: the operator %s is out of place.",
	[WT_EXPR_MISSING_OPERAND] = "Expression error: the operator %s lacks an operand.",
	[WT_EXPR_UNEXPECTED_CLOSING] = "Expression error: a closing bracket has no opening one.",
	[WT_EXPR_UNRECOGNISED_PUNCT] = "Expression error: the character \"%s\" has no meaning here.",
	[WT_EXPR_UNCLOSED] = "Expression error: an opening bracket is never closed.",
	[WT_EXPR_DIV_ZERO] = "Division by zero is undefined.",
	[WT_EXPR_INVALID_ARG] = "The argument of %s must lie between -1 and 1.",
	[WT_EXPR_INVALID_ARG_LN] = "The argument of ln must be greater than 0.",
	[WT_EXPR_NOT_A_NUMBER] = "The result of %s is not a number.",
	[WT_EXPR_TOO_LONG] = "Expression error: the expression is too long.",
};

void wt_expr_error_html(const struct wt_expr_error *err, struct sbuf *out)
{
	const char *fmt = err->code > WT_EXPR_OK && err->code < (int)ARRAY_SIZE(messages) && messages[err->code]
				  ? messages[err->code]
				  : "Expression error.";
	char msg[400];
	const char *pct = strstr(fmt, "%s");
	if (pct)
		snprintf(msg, sizeof(msg), "%.*s%s%s", (int)(pct - fmt), fmt, err->detail, pct + 2);
	else
		snprintf(msg, sizeof(msg), "%s", fmt);
	wt_error_html(out, msg);
}
