/* SPDX-License-Identifier: MIT */
/*
 * ipaddr.h — IP addresses by IPUtils' rules (ipaddr.c): recognition and
 * the canonical form user names and user-page titles take.
 */
#ifndef IPADDR_H
#define IPADDR_H

#include <stdbool.h>

struct arena;

/* True when `s` is an IPv4 or IPv6 address, optionally with a CIDR "/prefix". */
bool util_ip_is_address(const char *s);

/*
 * IPUtils::sanitizeIP: an IPv4 address loses leading zeros per octet, an
 * IPv6 address is upper-cased with "::" expanded and leading zeros dropped
 * per word; an optional "/prefix" is kept. Anything else is returned
 * unchanged (a copy). In `a`.
 */
char *util_ip_sanitize(struct arena *a, const char *s);

#endif
