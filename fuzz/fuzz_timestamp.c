/* SPDX-License-Identifier: MIT */
/*
 * fuzz_timestamp.c — timestamp parsing and formatting (src/util/
 * timestamp.c) on arbitrary text: ts_parse(), ts_parse_expiry() and
 * ts_from_mw(). Whatever parses as a time in the years 0000-9999 (the
 * range both output forms can write) must survive the round trip through
 * ISO 8601 and the 14-digit form unchanged.
 */
#include "fuzz.h"

#include "util/timestamp.h"

/* Unix time of 0000-01-01T00:00:00Z and of 10000-01-01T00:00:00Z. */
#define YEAR_0 (-62167219200LL)
#define YEAR_10000 253402300800LL

/* A fixed "now" for relative expiries, so runs are reproducible. */
#define NOW 1700000000LL

static void round_trip(const char *in, int64_t t)
{
	char iso[21], mw[15];
	int64_t back;
	ts_format_iso(t, iso);
	ts_format_mw(t, mw);
	FUZZ_CHECK(strlen(iso) == 20 && strlen(mw) == 14, "\"%s\" formats as \"%s\" / \"%s\"", in, iso, mw);
	if (t < YEAR_0 || t >= YEAR_10000)
		return;
	FUZZ_CHECK(ts_parse(iso, &back) == RC_OK && back == t, "\"%s\" (%lld) -> \"%s\" does not read back", in,
		   (long long)t, iso);
	FUZZ_CHECK(ts_from_mw(mw, &back) == RC_OK && back == t, "\"%s\" (%lld) -> \"%s\" does not read back", in,
		   (long long)t, mw);
	FUZZ_CHECK(ts_parse(mw, &back) == RC_OK && back == t, "\"%s\" (%lld) -> \"%s\" does not parse back", in,
		   (long long)t, mw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *in = fuzz_cstr(a, data, size);
	int64_t t;
	bool inf;
	/* "now" reads the clock; everything else is deterministic. */
	if (!streq(in, "now") && ts_parse(in, &t) == RC_OK)
		round_trip(in, t);
	if (ts_from_mw(in, &t) == RC_OK)
		round_trip(in, t);
	if (!streq(in, "now") && ts_parse_expiry(in, NOW, &t, &inf) == RC_OK && !inf)
		round_trip(in, t);
	arena_free(a);
	return 0;
}
