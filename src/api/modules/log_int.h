/* SPDX-License-Identifier: MIT */
/*
 * log_int.h — shared by list=logevents and list=recentchanges: the
 * API form of a log entry's parameters. Defined in list_logevents.c.
 */
#ifndef LOG_INT_H
#define LOG_INT_H

#include "../api_int.h"

/*
 * Add the parameters of a log entry of `type`/`action` made at `ts` (14
 * digits), stored as `blob` (log_params / rc_params: PHP-serialized, or
 * the legacy newline-separated list), as object `key` of `parent`, the way
 * MediaWiki's LogFormatter::formatParametersForApi() shapes them, after
 * the renames of the type's formatter (move, protect, patrol, merge;
 * deletions show no parameters, restores their count): a key
 * "N:type:name" becomes "name" with the value converted per type
 * (bool, number, timestamp → ISO 8601, title → name_ns + name_title,
 * user → canonical name, array/assoc/kvp → that shape); other keys are
 * kept as they are. Block entries get BlockLogFormatter's shape (flags
 * as a list, restrictions, the expiry computed from the duration).
 */
void log_params_add(struct api_ctx *ctx, struct api_node *parent, const char *key, const char *type,
		    const char *action, const char *ts, const char *blob, size_t len);

#endif
