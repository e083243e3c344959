/* SPDX-License-Identifier: MIT */
/*
 * timestamp.h — MediaWiki timestamps: parsing every input form
 * MediaWiki's timestamp library accepts, formatting as ISO 8601 (API
 * output) and as 14-digit "YYYYMMDDHHMMSS" (storage), and expiries
 * (relative, absolute, or infinite). All times are UTC Unix seconds.
 */
#ifndef TIMESTAMP_H
#define TIMESTAMP_H

#include <stdint.h>
#include <string.h>

#include "util.h"

/*
 * Parse `s` in any accepted form: "now", 14-digit MediaWiki, ISO 8601
 * (with or without separators, fraction and zone), "YYYY-MM-DD HH:MM:SS",
 * EXIF "YYYY:MM:DD HH:MM:SS", RFC 2822, RFC 850, asctime, Unix seconds.
 * Returns RC_OK and stores the time, or RC_INVALID.
 */
int ts_parse(const char *s, int64_t *unix_out);

/* "2001-01-15T14:56:00Z" into out (21 bytes). */
void ts_format_iso(int64_t t, char out[21]);

/*
 * The 14 digits `mw14` (already checked) rewritten as "2001-01-15T14:56:00Z"
 * into out: 20 bytes, no NUL. Inline: list modules write it for every row.
 */
static inline void ts_mw_to_iso(const char *mw14, char *out)
{
	memcpy(out, mw14, 4);
	out[4] = '-';
	memcpy(out + 5, mw14 + 4, 2);
	out[7] = '-';
	memcpy(out + 8, mw14 + 6, 2);
	out[10] = 'T';
	memcpy(out + 11, mw14 + 8, 2);
	out[13] = ':';
	memcpy(out + 14, mw14 + 10, 2);
	out[16] = ':';
	memcpy(out + 17, mw14 + 12, 2);
	out[19] = 'Z';
}

/* "20010115145600" into out (15 bytes). */
void ts_format_mw(int64_t t, char out[15]);

/* The HTTP date "Mon, 15 Jan 2001 14:56:00 GMT" (RFC 7231; RSS's RFC 822 form too) into out (30 bytes). */
void ts_format_http(int64_t t, char out[30]);

/* Parse exactly 14 digits. RC_OK or RC_INVALID. */
int ts_from_mw(const char *mw14, int64_t *out);

/*
 * Parse an expiry: "infinite", "indefinite", "infinity", "never" set
 * *is_infinite; otherwise a relative form ("1 week", "3 days", "+2 hours",
 * "6 months", "1 year", combinations like "1 day 2 hours") counted from
 * `now`, or any absolute form of ts_parse(). Returns RC_OK or RC_INVALID.
 */
int ts_parse_expiry(const char *s, int64_t now, int64_t *out, bool *is_infinite);

#endif
