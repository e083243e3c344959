/* SPDX-License-Identifier: MIT */
/*
 * ip.c — IP addresses and CIDR ranges as MediaWiki's IPUtils handles
 * them for blocks: the hexadecimal form kept in block_target
 * ("C0000205" for 192.0.2.5, "v6-" and 32 digits for IPv6), range
 * start and end in that form, the network address of a range
 * ("1.2.3.0/24" for "1.2.3.4/24"), membership, and a proxy-aware
 * client address.
 *
 * The hex forms compare as strings in address order within one family,
 * which is what lets "start <= ip AND end >= ip" find the ranges that
 * hold an address with an index.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "wiki.h"

int wiki_ip_bytes(const char *s, unsigned char out[16])
{
	if (!s || !wiki_ip_is_address(s) || strchr(s, '/'))
		return 0;
	/* wiki_ip_is_address() accepts leading zeros inet_pton() refuses: parse the sanitized form. */
	char buf[64];
	size_t len = strlen(s);
	if (len >= sizeof(buf))
		return 0;
	if (!strchr(s, ':')) {
		unsigned v[4];
		if (sscanf(s, "%u.%u.%u.%u", &v[0], &v[1], &v[2], &v[3]) != 4)
			return 0;
		memset(out, 0, 16);
		for (int i = 0; i < 4; i++)
			out[i] = (unsigned char)v[i];
		return 32;
	}
	memcpy(buf, s, len + 1);
	return inet_pton(AF_INET6, buf, out) == 1 ? 128 : 0;
}

/* Hex digits of the first `bits`/4 nibbles of `b`, upper case, with "v6-" for IPv6. */
static char *to_hex(struct arena *a, const unsigned char *b, int bits)
{
	static const char digits[] = "0123456789ABCDEF";
	int nbytes = bits / 8;
	char *out = arena_alloc(a, 3 + 2 * (size_t)nbytes + 1);
	size_t o = 0;
	if (bits == 128) {
		memcpy(out, "v6-", 3);
		o = 3;
	}
	for (int i = 0; i < nbytes; i++) {
		out[o++] = digits[b[i] >> 4];
		out[o++] = digits[b[i] & 15];
	}
	out[o] = '\0';
	return out;
}

const char *wiki_ip_hex(struct arena *a, const char *ip)
{
	unsigned char b[16];
	int bits = wiki_ip_bytes(ip, b);
	return bits ? to_hex(a, b, bits) : NULL;
}

int wiki_ip_range(struct arena *a, const char *s, const char **start, const char **end, int *prefix)
{
	const char *slash = s ? strchr(s, '/') : NULL;
	if (!s || !wiki_ip_is_address(s))
		return RC_INVALID;
	unsigned char lo[16], hi[16];
	const char *addr = slash ? arena_strndup(a, s, (size_t)(slash - s)) : s;
	int bits = wiki_ip_bytes(addr, lo);
	if (!bits)
		return RC_INVALID;
	long n = bits;
	if (slash) {
		long long v;
		if (util_parse_ll(slash + 1, &v) != RC_OK || v < 0 || v > bits)
			return RC_INVALID;
		n = (long)v;
	}
	memcpy(hi, lo, 16);
	for (int i = 0; i < bits; i++) {
		if (i < n)
			continue;
		unsigned char m = (unsigned char)(0x80 >> (i % 8));
		lo[i / 8] &= (unsigned char)~m;
		hi[i / 8] |= m;
	}
	if (start)
		*start = to_hex(a, lo, bits);
	if (end)
		*end = to_hex(a, hi, bits);
	if (prefix)
		*prefix = (int)n;
	return bits;
}

const char *wiki_ip_from_hex(struct arena *a, const char *hex)
{
	bool v6 = hex && strncmp(hex, "v6-", 3) == 0;
	const char *h = hex ? hex + (v6 ? 3 : 0) : "";
	size_t want = v6 ? 32 : 8, len = strlen(h);
	/* IPUtils::formatHex pads on the left: "" is 0.0.0.0. */
	char padded[33];
	if (len > want)
		len = want;
	memset(padded, '0', want - len);
	memcpy(padded + want - len, h, len);
	padded[want] = '\0';
	unsigned char b[16];
	for (size_t i = 0; i < want / 2; i++) {
		unsigned v = 0;
		sscanf(padded + 2 * i, "%2x", &v);
		b[i] = (unsigned char)v;
	}
	if (!v6)
		return arena_printf(a, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	/* Eight words, upper case, no leading zeros, no "::" (IPUtils::hexToOctet). */
	return arena_printf(a, "%X:%X:%X:%X:%X:%X:%X:%X", b[0] << 8 | b[1], b[2] << 8 | b[3], b[4] << 8 | b[5],
			    b[6] << 8 | b[7], b[8] << 8 | b[9], b[10] << 8 | b[11], b[12] << 8 | b[13],
			    b[14] << 8 | b[15]);
}

const char *wiki_ip_sanitize_range(struct arena *a, const char *s)
{
	const char *slash = s ? strchr(s, '/') : NULL;
	const char *start;
	int prefix;
	if (!slash || wiki_ip_range(a, s, &start, NULL, &prefix) <= 0)
		return wiki_ip_sanitize(a, s ? s : "");
	return arena_printf(a, "%s/%d", wiki_ip_from_hex(a, start), prefix);
}

bool wiki_ip_in_range(struct arena *a, const char *ip, const char *range)
{
	const char *hex = wiki_ip_hex(a, ip), *start, *end;
	if (!hex || wiki_ip_range(a, range, &start, &end, NULL) <= 0)
		return false;
	return strlen(hex) == strlen(start) && strcmp(start, hex) <= 0 && strcmp(hex, end) <= 0;
}

const char *wiki_ip_client(struct arena *a, const char *peer, const char *xff, const char *trusted)
{
	/*
	 * WebRequest::getIP(): walk X-Forwarded-For from the right while
	 * the address we have is a trusted proxy; the first untrusted hop
	 * is the client. Malformed entries stop the walk.
	 */
	const char *ip = wiki_ip_sanitize(a, peer ? peer : "127.0.0.1");
	if (!xff || !trusted || !*trusted)
		return ip;
	const char *end = xff + strlen(xff);
	for (;;) {
		bool is_trusted = false;
		for (const char *t = trusted; *t && !is_trusted;) {
			while (*t == ' ' || *t == ',')
				t++;
			size_t n = strcspn(t, " ,");
			if (n) {
				const char *entry = arena_strndup(a, t, n);
				is_trusted = strchr(entry, '/') ? wiki_ip_in_range(a, ip, entry)
								: streq(wiki_ip_sanitize(a, entry), ip);
			}
			t += n;
		}
		if (!is_trusted || end <= xff)
			return ip;
		const char *comma = end;
		while (comma > xff && comma[-1] != ',')
			comma--;
		const char *p = comma, *q = end;
		while (p < q && (*p == ' ' || *p == '\t'))
			p++;
		while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		const char *hop = arena_strndup(a, p, (size_t)(q - p));
		if (!wiki_ip_is_address(hop) || strchr(hop, '/'))
			return ip;
		ip = wiki_ip_sanitize(a, hop);
		end = comma > xff ? comma - 1 : xff;
	}
}
