/* SPDX-License-Identifier: MIT */
/*
 * ipaddr.c — IP addresses as MediaWiki's IPUtils reads and writes them:
 * IPv4 dotted quads and IPv6 in the forms IPUtils accepts, each with an
 * optional CIDR prefix, and their canonical form (sanitizeIP). User names
 * that are addresses and the titles of their user pages use that form, so
 * both the wiki and the parser need it.
 */
#include <ctype.h>
#include <string.h>

#include "ipaddr.h"
#include "arena.h"
#include "sbuf.h"


/* Digits of `s[0..len)`, all decimal, as a value; -1 when not all digits or too long. */
static long dec_value(const char *s, size_t len)
{
	if (len == 0 || len > 3)
		return -1;
	long v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * A CIDR prefix length: decimal without leading zeros ("0" itself is
 * fine), at most `max`.
 */
static bool valid_prefix(const char *s, size_t len, long max)
{
	long v = dec_value(s, len);
	if (v < 0 || (len > 1 && s[0] == '0'))
		return false;
	return v <= max;
}

/* Dotted quad: four decimal octets of 1-3 digits, each at most 255. */
static bool is_ipv4_addr(const char *s, size_t len)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		size_t start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		long v = dec_value(s + start, i - start);
		if (v < 0 || v > 255)
			return false;
		if (part < 3) {
			if (i >= len || s[i] != '.')
				return false;
			i++;
		}
	}
	return i == len;
}

/* Count of ':'-separated words of 1-4 hex digits in s[0..len); -1 if malformed. "" has 0. */
static int hex_words(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	int n = 0;
	size_t i = 0;
	for (;;) {
		size_t start = i;
		while (i < len && isxdigit((unsigned char)s[i]))
			i++;
		if (i == start || i - start > 4)
			return -1;
		n++;
		if (i == len)
			return n;
		if (s[i] != ':')
			return -1;
		i++;
	}
}

/*
 * IPv6 in the forms IPUtils accepts: eight words, or one "::" standing
 * for at least one zero word with at most seven words written around it
 * ("::" alone too). No embedded IPv4 part.
 */
static bool is_ipv6_addr(const char *s, size_t len)
{
	const char *dbl = memmem(s, len, "::", 2);
	if (!dbl)
		return hex_words(s, len) == 8;
	size_t left_len = (size_t)(dbl - s);
	const char *right = dbl + 2;
	size_t right_len = len - left_len - 2;
	if (memmem(dbl + 1, len - left_len - 1, "::", 2))
		return false;
	int l = hex_words(s, left_len), r = hex_words(right, right_len);
	if (l < 0 || r < 0)
		return false;
	return l + r <= 7;
}

bool util_ip_is_address(const char *s)
{
	size_t len = strlen(s);
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	if (is_ipv4_addr(s, alen))
		return !slash || valid_prefix(slash + 1, len - alen - 1, 32);
	if (is_ipv6_addr(s, alen))
		return !slash || valid_prefix(slash + 1, len - alen - 1, 128);
	return false;
}

char *util_ip_sanitize(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	if (!util_ip_is_address(s))
		return arena_strndup(a, s, len);
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	struct sbuf sb;
	sbuf_init(&sb, 256);
	if (is_ipv4_addr(s, alen)) {
		/* Each octet loses its leading zeros; an all-zero octet keeps one "0". */
		size_t i = 0;
		while (i < alen) {
			size_t start = i;
			while (i < alen && s[i] != '.')
				i++;
			size_t z = start;
			while (z + 1 < i && s[z] == '0')
				z++;
			sbuf_add(&sb, s + z, i - z);
			if (i < alen)
				sbuf_addc(&sb, s[i++]);
		}
	} else {
		/* Upper case, "::" written out as zero words, then leading zeros per word. */
		int colons = 0;
		for (size_t i = 0; i < alen; i++)
			colons += s[i] == ':';
		const char *dbl = memmem(s, alen, "::", 2);
		struct sbuf ex;
		sbuf_init(&ex, 256);
		if (!dbl) {
			sbuf_add(&ex, s, alen);
		} else {
			size_t pos = (size_t)(dbl - s);
			sbuf_add(&ex, s, pos);
			if (pos == 0) {
				for (int k = 0; k < 9 - colons; k++)
					sbuf_adds(&ex, "0:");
				/* Only the bare "::" (no prefix) gets the last zero here. */
				if (len == 2)
					sbuf_addc(&ex, '0');
			} else if (pos == alen - 2) {
				for (int k = 0; k < 9 - colons; k++)
					sbuf_adds(&ex, ":0");
			} else {
				for (int k = 0; k < 8 - colons; k++)
					sbuf_adds(&ex, ":0");
				sbuf_addc(&ex, ':');
			}
			sbuf_add(&ex, dbl + 2, alen - pos - 2);
		}
		const char *e = sbuf_cstr(&ex);
		size_t elen = ex.len;
		size_t i = 0;
		while (i < elen) {
			size_t start = i;
			while (i < elen && e[i] != ':')
				i++;
			size_t z = start;
			while (z + 1 < i && e[z] == '0')
				z++;
			for (size_t k = z; k < i; k++)
				sbuf_addc(&sb, (char)toupper((unsigned char)e[k]));
			if (i < elen)
				sbuf_addc(&sb, e[i++]);
		}
		sbuf_release(&ex);
	}
	if (slash)
		sbuf_add(&sb, slash, len - alen);
	char *r = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return r;
}
