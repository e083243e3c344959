/* SPDX-License-Identifier: MIT */
/*
 * ratelimit.c — MediaWiki's $wgRateLimits (RateLimiter::limit over
 * WRStats, 1.39): per action, limits for anonymous users together
 * ("anon"), per address and /24 or /64 subnet for newbies ("ip",
 * "subnet"), per account ("user", or "newbie" for accounts without
 * autoconfirmed, or the most generous of the user's groups), and per
 * address for everybody ("ip-all", "subnet-all"). Holders of
 * noratelimit and the addresses of [ratelimits] excluded_ips are exempt
 * unless the action says can_bypass = false.
 *
 * Counting is WRStats' sliding window: a window of W seconds is cut into
 * 30 buckets of W/30 seconds; the count over the last W seconds is the
 * sum of the buckets it covers, the oldest one weighted by how much of it
 * lies inside the window (the current one counts whole). An action is
 * allowed when every applicable count plus one stays within its limit;
 * only then are all of them incremented, so refused attempts do not
 * extend a block. Buckets are rows of wikid_limiter (migration 3) keyed
 * "action:kind:entity:bucket", so limits hold across restarts and across
 * nodes sharing a database; the read and the increment run in one write
 * transaction (the writers' lock makes them atomic).
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include "../store/store.h"
#include "../util/config.h"
#include "../util/sbuf.h"
#include "../util/timestamp.h"
#include "wiki.h"

/* WRStatsRateLimiter::BUCKET_COUNT: buckets per window. */
#define BUCKETS 30

/* MediaWiki 1.39's $wgRateLimits default (MainConfigSchema::RateLimits). */
static const struct wiki_ratelimit defaults[] = {
	{ "edit", "ip", 8, 60 },
	{ "edit", "newbie", 8, 60 },
	{ "edit", "user", 90, 60 },
	{ "move", "newbie", 2, 120 },
	{ "move", "user", 8, 60 },
	{ "upload", "ip", 8, 60 },
	{ "upload", "newbie", 8, 60 },
	{ "rollback", "user", 10, 60 },
	{ "rollback", "newbie", 5, 120 },
	{ "mailpassword", "ip", 5, 3600 },
	{ "emailuser", "ip", 5, 86400 },
	{ "emailuser", "newbie", 5, 86400 },
	{ "emailuser", "user", 20, 86400 },
	{ "changeemail", "ip-all", 10, 3600 },
	{ "changeemail", "user", 4, 86400 },
	{ "confirmemail", "ip-all", 10, 3600 },
	{ "confirmemail", "user", 4, 86400 },
	{ "purge", "ip", 30, 60 },
	{ "purge", "user", 30, 60 },
	{ "linkpurge", "ip", 30, 60 },
	{ "linkpurge", "user", 30, 60 },
	{ "renderfile", "ip", 700, 30 },
	{ "renderfile", "user", 700, 30 },
	{ "renderfile-nonstandard", "ip", 70, 30 },
	{ "renderfile-nonstandard", "user", 70, 30 },
	{ "stashedit", "ip", 30, 60 },
	{ "stashedit", "newbie", 30, 60 },
	{ "stashbasehtml", "ip", 5, 60 },
	{ "stashbasehtml", "newbie", 5, 60 },
	{ "changetag", "ip", 8, 60 },
	{ "changetag", "newbie", 8, 60 },
	{ "editcontentmodel", "newbie", 2, 120 },
	{ "editcontentmodel", "user", 8, 60 },
};

/*
 * The limit of `kind` for `action` after the configuration: the last
 * [ratelimits] entry naming it, else the default (unless defaults are
 * off). Returns false when there is none (or it was removed with none).
 */
static bool lookup(const char *action, const char *kind, struct wiki_ratelimit *out)
{
	for (size_t i = config.n_ratelimits; i-- > 0;) {
		const struct config_rate_limit *c = &config.ratelimits[i];
		if (streq(c->action, action) && streq(c->kind, kind)) {
			if (!c->seconds)
				return false;
			*out = (struct wiki_ratelimit){ action, kind, c->hits, c->seconds };
			return true;
		}
	}
	if (!config.ratelimit_defaults)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++)
		if (streq(defaults[i].action, action) && streq(defaults[i].kind, kind)) {
			*out = defaults[i];
			return true;
		}
	return false;
}

/* True when `action` has any limit at all (isset($wgRateLimits[$action])). */
static bool action_known(const char *action)
{
	if (config.ratelimit_defaults)
		for (size_t i = 0; i < ARRAY_SIZE(defaults); i++)
			if (streq(defaults[i].action, action))
				return true;
	for (size_t i = 0; i < config.n_ratelimits; i++)
		if (streq(config.ratelimits[i].action, action))
			return true;
	return false;
}

/* '&can-bypass' of `action`: true unless configured false. */
static bool can_bypass(const char *action)
{
	for (size_t i = config.n_ratelimits; i-- > 0;)
		if (streq(config.ratelimits[i].action, action) && streq(config.ratelimits[i].kind, "&can-bypass"))
			return config.ratelimits[i].hits != 0;
	return true;
}

bool wiki_ratelimit_exempt(struct arena *a, const struct wiki_user *u)
{
	if (u->ip && config.ratelimit_excluded_ips && *config.ratelimit_excluded_ips) {
		const char *p = config.ratelimit_excluded_ips;
		while (*p) {
			size_t skip = strspn(p, " ,\t"), len = strcspn(p + skip, " ,\t");
			if (len && wiki_ip_in_range(a, u->ip, arena_strndup(a, p + skip, len)))
				return true;
			p += skip + len;
		}
	}
	return wiki_user_can(u, "noratelimit");
}

/* IPUtils::getSubnet(): "a.b.c" for IPv4, the /64's first address (hex) for IPv6; NULL otherwise. */
static const char *subnet_of(struct arena *a, const char *ip)
{
	unsigned char b[16];
	int bits = wiki_ip_bytes(ip, b);
	if (bits == 32)
		return arena_printf(a, "%u.%u.%u", b[0], b[1], b[2]);
	const char *start = NULL;
	if (bits == 128 && wiki_ip_range(a, arena_printf(a, "%s/64", ip), &start, NULL, NULL) == 128)
		return start;
	return NULL;
}

/* Requests per second a limit allows (LimitCondition::perSecond). */
static double per_second(const struct wiki_ratelimit *l)
{
	return (double)l->hits / l->seconds;
}

/* One counter to check (and bump): a limit and whose it is. */
struct op {
	struct wiki_ratelimit lim; /* the limit that applies */
	const char *entity;        /* whose counter: "", an address, a subnet, a user id */
	const char *prefix;        /* "action:kind:entity:" — the keys of its buckets */
	double total;              /* count over the window before this action */
};

/*
 * The count of one counter over the last window ending at `now`
 * (WRStatsReader::internalGetCount with one sequence), rounded.
 */
static int window_total(struct store *st, struct arena *a, struct op *o, int64_t now, const char *now14)
{
	double step = (double)o->lim.seconds / BUCKETS;
	double start = (double)(now - o->lim.seconds), end = (double)now;
	int64_t first = (int64_t)(start / step), last = (int64_t)(end / step);
	/*
	 * The window's buckets by key (at most BUCKETS + 1 of them): equality
	 * holds in every collation, where a range over the prefix would not.
	 */
	struct sbuf sql;
	sbuf_init(&sql, 4096);
	sbuf_adds(&sql, "SELECT wl_key, wl_count FROM wikid_limiter WHERE wl_expiry > ? AND wl_key IN (");
	for (int64_t b = first; b <= last; b++)
		sbuf_adds(&sql, b == first ? "?" : ", ?");
	sbuf_adds(&sql, ")");
	struct store_stmt *s = store_prepare(st, sbuf_cstr(&sql));
	sbuf_release(&sql);
	store_bind_text(s, 1, now14, STORE_NTS);
	for (int64_t b = first; b <= last; b++)
		store_bind_text(s, (int)(b - first) + 2, arena_printf(a, "%s%lld", o->prefix, (long long)b), STORE_NTS);
	double total = 0;
	size_t plen = strlen(o->prefix);
	int src;
	while ((src = store_step(s)) == STORE_ROW) {
		long long bucket;
		const char *key = store_col_text(s, 0);
		if (strlen(key) <= plen || util_parse_ll(key + plen, &bucket) != RC_OK)
			continue;
		double value = (double)store_col_int(s, 1);
		if (bucket < first || bucket > last || value <= 0)
			continue;
		double bstart = (double)bucket * step;
		double interp_end = fmin(bstart + step, end);
		if (bucket == first && bucket == last) {
			if (interp_end - bstart > 0)
				total += value * (end - start) / (interp_end - bstart);
		} else if (bucket == first) {
			total += value * fmax((double)(bucket + 1) * step - start, 0) / step;
		} else if (bucket == last) {
			double overlap = fmax(end - bstart, 0), interp = interp_end - bstart;
			if (overlap == interp)
				total += value; /* the current time exactly on a bucket boundary */
			else if (interp > 0)
				total += value * overlap / interp;
		} else {
			total += value;
		}
	}
	store_stmt_done(s);
	o->total = round(total);
	return src == STORE_DONE ? RC_OK : RC_ERR;
}

/* Add one to the current bucket of `o`; the row lives one window past the bucket's end. */
static int bump(struct store *st, struct arena *a, const struct op *o, int64_t now)
{
	double step = (double)o->lim.seconds / BUCKETS;
	int64_t bucket = (int64_t)((double)now / step);
	char exp[15];
	ts_format_mw((int64_t)ceil((double)(bucket + 1) * step) + o->lim.seconds, exp);
	const char *key = arena_printf(a, "%s%lld", o->prefix, (long long)bucket);
	return store_run(st, "INSERT INTO wikid_limiter (wl_key, wl_count, wl_expiry) VALUES (?, 1, ?)"
			     " ON CONFLICT (wl_key) DO UPDATE SET wl_count = wikid_limiter.wl_count + 1",
			 "tt", key, exp);
}

/* Increments since the last purge of dead rows; every PURGE_EVERY-th increment purges. */
static atomic_uint n_bumps;
#define PURGE_EVERY 64

/* Append the counter of `kind` on `entity` to ops when `action` limits that kind. */
static void add_op(struct arena *a, struct op *ops, size_t *n, const char *action, const char *kind,
		   const char *entity)
{
	struct wiki_ratelimit l;
	if (!lookup(action, kind, &l))
		return;
	ops[*n] = (struct op){ .lim = l, .entity = entity,
			       .prefix = arena_printf(a, "%s:%s:%s:", action, kind, entity) };
	(*n)++;
}

bool wiki_ratelimit_hit(struct store *st, struct arena *a, const struct wiki_user *u, const char *action, int incr)
{
	if (!action_known(action))
		return false;
	if (can_bypass(action) && wiki_ratelimit_exempt(a, u))
		return false;
	bool newbie = !wiki_user_can(u, "autoconfirmed");
	const char *ip = u->ip && wiki_ip_is_address(u->ip) ? u->ip : NULL;
	const char *ip_key = ip ? wiki_ip_hex(a, ip) : NULL;
	const char *subnet = ip ? subnet_of(a, ip) : NULL;
	const char *uid = arena_printf(a, "%lld", (long long)u->id);
	struct op ops[8];
	size_t n = 0;
	struct wiki_ratelimit l, ul = { 0 };

	if (!u->id)
		add_op(a, ops, &n, action, "anon", "");
	else
		add_op(a, ops, &n, action, "user-global", uid);
	if (newbie && ip_key) {
		add_op(a, ops, &n, action, "ip", ip_key);
		if (subnet)
			add_op(a, ops, &n, action, "subnet", subnet);
	}
	/* The account's own limit: "newbie" overrides "user"; else the most generous group limit. */
	const char *ukind = NULL;
	if (u->id && lookup(action, "user", &l)) {
		ukind = "user";
		ul = l;
	}
	if (u->id && newbie && lookup(action, "newbie", &l)) {
		ukind = "newbie";
		ul = l;
	} else {
		for (const char **g = u->groups; g && *g; g++)
			if (lookup(action, *g, &l) && (!ukind || per_second(&l) > per_second(&ul))) {
				ukind = *g;
				ul = l;
			}
	}
	if (ukind)
		add_op(a, ops, &n, action, ukind, uid);
	/* The address limits for everybody, unless the account's own limit is more generous. */
	if (ip_key && lookup(action, "ip-all", &l) && (newbie || !ukind || per_second(&l) > per_second(&ul)))
		add_op(a, ops, &n, action, "ip-all", ip_key);
	if (subnet && lookup(action, "subnet-all", &l) && (newbie || !ukind || per_second(&l) > per_second(&ul)))
		add_op(a, ops, &n, action, "subnet-all", subnet);
	if (!n)
		return false;

	int64_t now = util_now();
	char now14[15];
	ts_format_mw(now, now14);
	/* Rate limits must not take the wiki down: a database failure lets the action through. */
	int rc = incr > 0 ? store_begin(st) : RC_OK;
	if (rc != RC_OK)
		return false;
	bool limited = false;
	for (size_t i = 0; i < n && rc == RC_OK; i++) {
		rc = window_total(st, a, &ops[i], now, now14);
		if (rc == RC_OK && ops[i].total + 1 > ops[i].lim.hits)
			limited = true;
	}
	if (incr <= 0)
		return rc == RC_OK && limited;
	for (size_t i = 0; i < n && rc == RC_OK && !limited; i++)
		rc = bump(st, a, &ops[i], now);
	if (rc == RC_OK && !limited && atomic_fetch_add(&n_bumps, 1) % PURGE_EVERY == PURGE_EVERY - 1)
		rc = store_run(st, "DELETE FROM wikid_limiter WHERE wl_expiry <= ?", "t", now14);
	if (rc == RC_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	return rc == RC_OK && limited;
}

size_t wiki_ratelimit_list(struct arena *a, const struct wiki_user *u, bool theoretical,
			   struct wiki_ratelimit **out)
{
	*out = NULL;
	if (!theoretical && wiki_ratelimit_exempt(a, u))
		return 0;
	/* The categories the user falls in, in ApiQueryUserInfo::getRateLimits' order. */
	size_t n_groups = 0;
	for (const char **g = u->groups; g && *g; g++)
		n_groups++;
	const char **cats = arena_calloc(a, n_groups + 4, sizeof(*cats));
	size_t n_cats = 0;
	cats[n_cats++] = u->id ? "user" : "anon";
	if (!wiki_user_can(u, "autoconfirmed")) {
		cats[n_cats++] = "ip";
		cats[n_cats++] = "subnet";
		if (u->id)
			cats[n_cats++] = "newbie";
	}
	for (size_t i = 0; i < n_groups; i++)
		cats[n_cats++] = u->groups[i];
	/* Actions: the defaults' in their order, then those only the configuration names. */
	size_t cap = ARRAY_SIZE(defaults) + config.n_ratelimits;
	const char **actions = arena_calloc(a, cap, sizeof(*actions));
	size_t n_actions = 0;
	for (size_t i = 0; i < cap; i++) {
		const char *act = i < ARRAY_SIZE(defaults) ? defaults[i].action
							     : config.ratelimits[i - ARRAY_SIZE(defaults)].action;
		bool seen = false;
		for (size_t j = 0; j < n_actions && !seen; j++)
			seen = streq(actions[j], act);
		if (!seen)
			actions[n_actions++] = act;
	}
	struct wiki_ratelimit *res = arena_calloc(a, n_actions * n_cats + 1, sizeof(*res));
	size_t n = 0;
	for (size_t i = 0; i < n_actions; i++)
		for (size_t j = 0; j < n_cats; j++)
			if (lookup(actions[i], cats[j], &res[n]))
				n++;
	*out = res;
	return n;
}
