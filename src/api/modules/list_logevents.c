/* SPDX-License-Identifier: MIT */
/*
 * list_logevents.c — list=logevents: entries of the `logging` table,
 * newest first by default, filtered by type or type/action, performer,
 * target page, namespace, title prefix, tag and time range; one indexed
 * query with LIMIT n+1 (the extra row says whether to continue) and the
 * continuation "timestamp|logid", as MediaWiki's ApiQueryLogEvents.
 *
 * Visibility follows MediaWiki: entries of restricted log types
 * ($wgLogRestrictions: the suppression log) are left out for users
 * without the right; hidden parts of an entry (log_deleted bits) are
 * replaced by actionhidden/userhidden/commenthidden flags unless the
 * user may see them; and filtering by a hidden target or performer is
 * refused to those who may not see it, so it cannot be probed.
 */
#include "log_int.h"
#include "query_int.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

struct le_params {
	struct api_list prop; /* what to show */
	const char *type;     /* only this log type */
	const char *action;   /* help only: leaction is read and checked in exec */
	const char *start;    /* 14-digit timestamp to start from */
	const char *end;      /* 14-digit timestamp to stop at */
	const char *dir;      /* newer | older */
	const char *user;     /* only entries by this performer */
	const char *title;    /* only entries about this page */
	long ns;              /* only entries in this namespace (when given) */
	const char *prefix;   /* only entries whose target starts with this */
	const char *tag;      /* only entries with this change tag */
	long limit;           /* rows per batch */
	const char *cont;     /* "timestamp|logid" */
};

static const char *const props[] = { "comment", "details", "ids", "parsedcomment", "tags", "timestamp", "title", "type",
				     "user", "userid", NULL };

static const char *const *type_values(struct api_ctx *ctx)
{
	return wiki_log_types();
}

static const char *const *action_values(struct api_ctx *ctx)
{
	return wiki_log_actions();
}

static const struct api_param params[] = {
	{ .name = "prop", .type = API_T_ENUM, .flags = API_P_MULTI, .values = props,
	  .dflt = "ids|title|type|user|timestamp|comment|details", .offset = offsetof(struct le_params, prop),
	  .desc = "Which properties of each entry to include." },
	{ .name = "type", .type = API_T_ENUM, .values_fn = type_values, .offset = offsetof(struct le_params, type),
	  .desc = "Only entries of this log type." },
	{ .name = "action", .type = API_T_ENUM, .flags = API_P_HELP_ONLY, .values_fn = action_values,
	  .offset = offsetof(struct le_params, action),
	  .desc = "Only entries of this type and action, written \"type/action\". Overrides the type "
		  "parameter." },
	{ .name = "start", .type = API_T_TIMESTAMP, .offset = offsetof(struct le_params, start),
	  .desc = "List entries from this time on." },
	{ .name = "end", .type = API_T_TIMESTAMP, .offset = offsetof(struct le_params, end),
	  .desc = "List entries up to this time." },
	{ .name = "dir", .type = API_T_ENUM, .dflt = "older",
	  .values = (const char *const[]){ "newer", "older", NULL }, .offset = offsetof(struct le_params, dir),
	  .desc = "Direction: \"older\" lists newest first (start later than end), \"newer\" oldest first." },
	{ .name = "user", .type = API_T_USER, .user_types = API_USER_NAME | API_USER_IP | API_USER_INTERWIKI | API_USER_ID,
	  .offset = offsetof(struct le_params, user), .desc = "Only entries made by this user." },
	{ .name = "title", .type = API_T_STRING, .offset = offsetof(struct le_params, title),
	  .desc = "Only entries about this page." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_EXTRA_NS, .offset = offsetof(struct le_params, ns),
	  .desc = "Only entries about pages in this namespace." },
	{ .name = "prefix", .type = API_T_STRING, .offset = offsetof(struct le_params, prefix),
	  .desc = "Only entries about pages whose title starts with this text (namespace included)." },
	{ .name = "tag", .type = API_T_STRING, .offset = offsetof(struct le_params, tag),
	  .desc = "Only entries carrying this change tag." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct le_params, limit), .desc = "How many entries to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct le_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* ---------- parameters in API form (shared with list=recentchanges) ---------- */

/* A PHP array is a list when its keys are the integers 0, 1, 2, ... in order. */
static bool is_list(const struct wiki_pvalue *v)
{
	for (size_t i = 0; i < v->n_items; i++) {
		char want[24];
		snprintf(want, sizeof(want), "%zu", i);
		if (!v->items[i].key_is_int || !streq(v->items[i].key, want))
			return false;
	}
	return true;
}

/*
 * Add PHP value `v` under `key` (NULL: as a list item). `shape`, for
 * arrays: "array", "assoc" or "kvp" as the log parameter's type asked,
 * or NULL to take a list for a list and an object otherwise (PHP arrays
 * without an ApiResult type).
 */
static struct api_node *add_pvalue(struct api_ctx *ctx, struct api_node *parent, const char *key,
				   const struct wiki_pvalue *v, const char *shape)
{
	switch (v->type) {
	case WIKI_PV_NULL:
		return api_add_null(parent, key);
	case WIKI_PV_BOOL:
		return api_add_bool(parent, key, v->b);
	case WIKI_PV_INT:
		return api_add_int(parent, key, v->i);
	case WIKI_PV_FLOAT:
		return api_add_float(parent, key, v->d);
	case WIKI_PV_STRING:
		return api_add_strn(parent, key, v->s, v->len);
	case WIKI_PV_ARRAY: {
		bool list = shape ? streq(shape, "array") : is_list(v);
		struct api_node *n = list ? api_add_array(parent, key, NULL) : api_add_object(parent, key);
		if (shape && streq(shape, "kvp"))
			api_node_set_type(n, API_ARR_KVP, "key");
		for (size_t i = 0; i < v->n_items; i++)
			add_pvalue(ctx, n, list ? NULL : arena_strdup(ctx->arena, v->items[i].key), &v->items[i], NULL);
		return n;
	}
	}
	return NULL;
}

/*
 * The protection log's "details" list: each expiry as ISO 8601, or
 * "infinite" (ProtectLogFormatter::formatParametersForApi()).
 */
static void protect_details_expiry(struct api_ctx *ctx, struct api_node *details)
{
	for (struct api_node *d = details->first; d; d = d->next) {
		struct api_node *e = d->type == API_N_OBJECT ? api_node_get(d, "expiry") : NULL;
		if (!e || e->type != API_N_STRING)
			continue;
		const char *iso = streq(e->v.str.s, "infinity") ? "infinite" : wiki_timestamp_iso(ctx->arena, e->v.str.s);
		if (iso) {
			e->v.str.s = iso;
			e->v.str.len = strlen(iso);
		}
	}
}

/* One "N:type:name" parameter, converted as LogFormatter::formatParameterValueForApi(). */
static void add_typed(struct api_ctx *ctx, struct api_node *out, const char *type, const char *name,
		      const struct wiki_pvalue *v)
{
	const char *text = v->type == WIKI_PV_STRING ? v->s : NULL;
	char num[32];
	if (!text && v->type == WIKI_PV_INT) {
		snprintf(num, sizeof(num), "%lld", (long long)v->i);
		text = num;
	}
	if (streq(type, "bool")) {
		bool b = v->type == WIKI_PV_BOOL ? v->b
			 : v->type == WIKI_PV_INT ? v->i != 0
			 : v->type == WIKI_PV_STRING ? (v->len && !streq(v->s, "0"))
			 : v->type == WIKI_PV_ARRAY ? v->n_items > 0 : false;
		api_add_bool(out, name, b);
	} else if (streq(type, "number")) {
		long long ll;
		if (v->type == WIKI_PV_INT)
			api_add_int(out, name, v->i);
		else if (text && util_parse_ll(text, &ll) == RC_OK && text[0] != '-')
			api_add_int(out, name, ll);
		else
			api_add_float(out, name, v->type == WIKI_PV_FLOAT ? v->d : text ? strtod(text, NULL) : 0);
	} else if (streq(type, "timestamp") && text) {
		int64_t t;
		char iso[21];
		if (ts_parse(text, &t) == RC_OK) {
			ts_format_iso(t, iso);
			api_add_str(out, name, iso);
		} else {
			api_add_str(out, name, text);
		}
	} else if ((streq(type, "title") || streq(type, "title-link")) && text) {
		struct wiki_title t;
		const char *err;
		int ns = WIKI_NS_SPECIAL;
		const char *prefixed = arena_printf(ctx->arena, "%s:Badtitle/%s", wiki_ns_text(WIKI_NS_SPECIAL), text);
		if (wiki_title_parse(ctx->arena, text, 0, &t, &err) == RC_OK) {
			ns = t.ns;
			prefixed = t.prefixed;
		}
		api_add_int(out, arena_printf(ctx->arena, "%s_ns", name), ns);
		api_add_str(out, arena_printf(ctx->arena, "%s_title", name), prefixed);
	} else if ((streq(type, "user") || streq(type, "user-link")) && text) {
		const char *canon;
		if (wiki_user_name_canonical(ctx->arena, text, WIKI_NAME_VALID, &canon) != RC_OK)
			canon = text;
		api_add_str(out, name, canon);
	} else if (streq(type, "array") || streq(type, "assoc") || streq(type, "kvp")) {
		add_pvalue(ctx, out, name, v, v->type == WIKI_PV_ARRAY ? type : NULL);
	} else {
		/*
		 * Untyped values, and "msg"/"msg-content", which MediaWiki
		 * renders through its own message texts: given as stored.
		 */
		add_pvalue(ctx, out, name, v, NULL);
	}
}

/*
 * The legacy keys each log type's formatter renames before the API sees
 * them (getParametersForApi() of MoveLogFormatter, ProtectLogFormatter,
 * PatrolLogFormatter, MergeLogFormatter): old "4::name" keys get their
 * types, and a positional key "0", "1", ... takes the name at that
 * index of the list.
 */
struct param_rename {
	const char *type;    /* log_type */
	const char *action;  /* log_action, or NULL for every action of the type */
	const char *const *positional; /* names for positional keys 0, 1, ... */
	const char *const *pairs;      /* old, new, old, new, ..., NULL */
};

static const struct param_rename renames[] = {
	{ "move", NULL, (const char *const[]){ "4:title:target", "5:bool:suppressredirect", NULL },
	  (const char *const[]){ "4::target", "4:title:target", "5::noredir", "5:bool:suppressredirect", NULL } },
	{ "protect", "protect", (const char *const[]){ "4::description", "5:bool:cascade", NULL },
	  (const char *const[]){ "details", ":array:details", NULL } },
	{ "protect", "modify", (const char *const[]){ "4::description", "5:bool:cascade", NULL },
	  (const char *const[]){ "details", ":array:details", NULL } },
	{ "protect", "move_prot", (const char *const[]){ "4:title:oldtitle", NULL },
	  (const char *const[]){ "4::oldtitle", "4:title:oldtitle", NULL } },
	{ "patrol", NULL, (const char *const[]){ "4:number:curid", "5:number:previd", "6:bool:auto", NULL },
	  (const char *const[]){ "4::curid", "4:number:curid", "5::previd", "5:number:previd", "6::auto", "6:bool:auto",
				 NULL } },
	{ "merge", NULL, (const char *const[]){ "4:title:dest", "5:timestamp:mergepoint", NULL },
	  (const char *const[]){ "4::dest", "4:title:dest", "5::mergepoint", "5:timestamp:mergepoint", NULL } },
};

/* An integer held by `m` (int, or digits in a string), 0 when none. */
static int64_t pv_int(const struct wiki_pvalue *m)
{
	long long n = 0;
	if (m->type == WIKI_PV_INT)
		return m->i;
	if (m->type == WIKI_PV_STRING && util_parse_ll(m->s, &n) == RC_OK)
		return n;
	return 0;
}

/*
 * DeleteLogFormatter's parameters of revision and log entry deletions
 * (delete/revision, delete/event and their suppress twins): the type,
 * the ids as a list, and the old and new bitfields as objects with the
 * bitmask and a flag per field. Old entries gave the ids as one
 * comma-separated string.
 */
static void revdel_params(struct api_ctx *ctx, struct wiki_pvalue *v)
{
	const struct wiki_pvalue *type = NULL, *ids = NULL;
	int64_t bits[2] = { 0, 0 };
	for (size_t i = 0; i < v->n_items; i++) {
		const struct wiki_pvalue *m = &v->items[i];
		if (streq(m->key, "4::type"))
			type = m;
		else if (streq(m->key, "5::ids") || streq(m->key, "4::ids"))
			ids = m;
		else if (streq(m->key, "6::ofield") || streq(m->key, "5::ofield"))
			bits[0] = pv_int(m);
		else if (streq(m->key, "7::nfield") || streq(m->key, "6::nfield"))
			bits[1] = pv_int(m);
	}
	struct wiki_pvalue *out = arena_calloc(ctx->arena, 4, sizeof(*out));
	size_t n = 0;
	if (type)
		out[n++] = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = "4::type", .s = type->s, .len = type->len };
	struct wiki_pvalue list = { .type = WIKI_PV_ARRAY, .key = "5:array:ids" };
	if (ids && ids->type == WIKI_PV_ARRAY) {
		list.items = ids->items;
		list.n_items = ids->n_items;
	} else if (ids && ids->type == WIKI_PV_STRING) {
		size_t cap = 1;
		for (const char *c = ids->s; *c; c++)
			cap += *c == ',';
		list.items = arena_calloc(ctx->arena, cap, sizeof(*list.items));
		for (const char *c = ids->s; c;) {
			const char *comma = strchr(c, ',');
			size_t len = comma ? (size_t)(comma - c) : strlen(c);
			list.items[list.n_items] = (struct wiki_pvalue){
				.type = WIKI_PV_STRING, .s = arena_strndup(ctx->arena, c, len), .len = len, .key_is_int = true,
				.key = arena_printf(ctx->arena, "%zu", list.n_items),
			};
			list.n_items++;
			c = comma ? comma + 1 : NULL;
		}
	}
	out[n++] = list;
	static const char *const names[] = { "6:assoc:old", "7:assoc:new" };
	static const char *const fields[] = { "content", "comment", "user", "restricted" };
	for (int k = 0; k < 2; k++) {
		struct wiki_pvalue *f = arena_calloc(ctx->arena, 5, sizeof(*f));
		f[0] = (struct wiki_pvalue){ .type = WIKI_PV_INT, .key = "bitmask", .i = bits[k] };
		for (int b = 0; b < 4; b++)
			f[b + 1] = (struct wiki_pvalue){ .type = WIKI_PV_BOOL, .key = fields[b], .b = (bits[k] >> b) & 1 };
		out[n++] = (struct wiki_pvalue){ .type = WIKI_PV_ARRAY, .key = names[k], .items = f, .n_items = 5 };
	}
	v->items = out;
	v->n_items = n;
}

/* Rename the members of `v` for log type/action as its formatter does, and add the defaults it adds. */
static void params_for_api(struct api_ctx *ctx, const char *type, const char *action, struct wiki_pvalue *v)
{
	if ((streq(type, "delete") || streq(type, "suppress")) && (streq(action, "event") || streq(action, "revision"))) {
		revdel_params(ctx, v);
		return;
	}
	if (streq(type, "delete") && !streq(action, "event") && !streq(action, "revision")) {
		/* DeleteLogFormatter shows nothing for deletions, and only the count for restores. */
		size_t n = 0;
		for (size_t i = 0; i < v->n_items; i++)
			if (streq(action, "restore") && streq(v->items[i].key, ":assoc:count"))
				v->items[n++] = v->items[i];
		v->n_items = n;
		return;
	}
	const struct param_rename *r = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(renames) && !r; i++)
		if (streq(renames[i].type, type) && (!renames[i].action || streq(renames[i].action, action)))
			r = &renames[i];
	if (!r)
		return;
	for (size_t i = 0; i < v->n_items; i++) {
		struct wiki_pvalue *m = &v->items[i];
		long long idx;
		if (m->key_is_int && util_parse_ll(m->key, &idx) == RC_OK) {
			for (long long k = 0; r->positional[k]; k++)
				if (k == idx) {
					m->key = r->positional[k];
					m->key_is_int = false;
				}
			continue;
		}
		for (size_t k = 0; r->pairs[k]; k += 2)
			if (streq(m->key, r->pairs[k]))
				m->key = r->pairs[k + 1];
		/* Old entries kept cascade as the word "cascade". */
		if (streq(m->key, "5:bool:cascade") && m->type == WIKI_PV_STRING)
			*m = (struct wiki_pvalue){ .type = WIKI_PV_BOOL, .key = m->key, .b = streq(m->s, "cascade") };
	}
	if (streq(type, "move")) {
		/* A move without the flag did leave a redirect. */
		bool has = false;
		for (size_t i = 0; i < v->n_items; i++)
			has = has || streq(v->items[i].key, "5:bool:suppressredirect");
		if (!has) {
			struct wiki_pvalue *items = arena_calloc(ctx->arena, v->n_items + 1, sizeof(*items));
			memcpy(items, v->items, v->n_items * sizeof(*items));
			items[v->n_items++] = (struct wiki_pvalue){ .type = WIKI_PV_BOOL, .key = "5:bool:suppressredirect" };
			v->items = items;
		}
	}
}

/* Member `key` of PHP array `v`, or NULL. */
static const struct wiki_pvalue *pv_member(const struct wiki_pvalue *v, const char *key)
{
	for (size_t i = 0; v->type == WIKI_PV_ARRAY && i < v->n_items; i++)
		if (streq(v->items[i].key, key))
			return &v->items[i];
	return NULL;
}

/* Order of the block entry's keys as BlockLogFormatter sorts them (ksort). */
static int cmp_pkey(const void *a, const void *b)
{
	return strcmp((*(const struct wiki_pvalue *const *)a)->key, (*(const struct wiki_pvalue *const *)b)->key);
}

/*
 * BlockLogFormatter::getParametersForApi() and formatParametersForApi()
 * for block and reblock entries: the old positional parameters (0
 * duration, 1 flags) named, "6::flags" as the list "flags", the
 * duration "infinity" for every spelling of it, "restrictions" with
 * pages as page_ns/page_title, and "expiry" computed from the duration
 * relative to the entry's time `ts`, added last.
 */
static void block_params_add(struct api_ctx *ctx, struct api_node *out, const struct wiki_pvalue *v, const char *ts)
{
	struct arena *a = ctx->arena;
	const struct wiki_pvalue **keys = arena_calloc(a, v->n_items + 1, sizeof(*keys));
	size_t n = 0;
	const char *duration = "infinity", *flags = NULL;
	const struct wiki_pvalue *flag_list = NULL, *restr = NULL;
	for (size_t i = 0; i < v->n_items; i++) {
		const struct wiki_pvalue *m = &v->items[i];
		const char *s = m->type == WIKI_PV_STRING ? m->s : NULL;
		if (streq(m->key, "5::duration") || (m->key_is_int && streq(m->key, "0"))) {
			duration = s ? s : duration;
		} else if (streq(m->key, "6::flags") || streq(m->key, "6:array:flags") || (m->key_is_int && streq(m->key, "1"))) {
			if (m->type == WIKI_PV_ARRAY)
				flag_list = m;
			else
				flags = s ? s : "";
		} else if (streq(m->key, "7::restrictions")) {
			restr = m;
		} else {
			keys[n++] = m;
		}
	}
	qsort(keys, n, sizeof(*keys), cmp_pkey);
	int64_t now = 0, exp;
	bool inf = true;
	ts_from_mw(ts ? ts : "", &now);
	if (ts_parse_expiry(duration, now, &exp, &inf) != RC_OK) {
		inf = false;
		exp = 0;
	}
	api_add_str(out, "duration", inf ? "infinity" : duration);
	struct api_node *fl = api_add_array(out, "flags", "f");
	if (flag_list) {
		for (size_t i = 0; i < flag_list->n_items; i++)
			if (flag_list->items[i].type == WIKI_PV_STRING)
				api_add_str(fl, NULL, flag_list->items[i].s);
	} else if (flags && *flags) {
		for (const char *f = flags; *f;) {
			size_t len = strcspn(f, ",");
			api_add_strn(fl, NULL, f, len);
			f += len + (f[len] == ',');
		}
	}
	if (restr && restr->type == WIKI_PV_ARRAY) {
		struct api_node *r = api_add_object(out, "restrictions");
		const struct wiki_pvalue *pages = pv_member(restr, "pages");
		const struct wiki_pvalue *nss = pv_member(restr, "namespaces");
		const struct wiki_pvalue *acts = pv_member(restr, "actions");
		if (pages && pages->type == WIKI_PV_ARRAY) {
			struct api_node *l = api_add_array(r, "pages", "p");
			for (size_t i = 0; i < pages->n_items; i++)
				if (pages->items[i].type == WIKI_PV_STRING)
					add_typed(ctx, api_add_object(l, NULL), "title-link", "page", &pages->items[i]);
		}
		if (nss && nss->type == WIKI_PV_ARRAY) {
			struct api_node *l = api_add_array(r, "namespaces", "ns");
			for (size_t i = 0; i < nss->n_items; i++)
				add_pvalue(ctx, l, NULL, &nss->items[i], NULL);
		}
		if (acts && acts->type == WIKI_PV_ARRAY)
			add_pvalue(ctx, r, "actions", acts, "array");
	}
	for (size_t i = 0; i < n; i++)
		add_pvalue(ctx, out, arena_strdup(a, keys[i]->key), keys[i], NULL);
	if (!inf && exp > 0) {
		char iso[21];
		ts_format_iso(exp, iso);
		api_add_str(out, "expiry", iso);
	}
}

/* Add a group list (oldgroups/newgroups): a PHP list, or the old comma-separated string. */
static void add_group_list(struct api_node *out, const char *key, const struct wiki_pvalue *v)
{
	struct api_node *l = api_add_array(out, key, "g");
	if (!v)
		return;
	if (v->type == WIKI_PV_ARRAY) {
		for (size_t i = 0; i < v->n_items; i++)
			if (v->items[i].type == WIKI_PV_STRING)
				api_add_str(l, NULL, v->items[i].s);
		return;
	}
	for (const char *g = v->type == WIKI_PV_STRING ? v->s : ""; *g;) {
		while (*g == ' ' || *g == ',')
			g++;
		size_t len = strcspn(g, ",");
		size_t t = len;
		while (t && g[t - 1] == ' ')
			t--;
		if (t)
			api_add_strn(l, NULL, g, t);
		g += len;
	}
}

/*
 * RightsLogFormatter for rights/rights and rights/autopromote: the
 * positional or "4::"/"5::" group lists as oldgroups/newgroups, then
 * each list's metadata as [{group, expiry}] (expiry "infinity" or ISO
 * 8601), other keys in between as they are.
 */
static void rights_params_add(struct api_ctx *ctx, struct api_node *out, const struct wiki_pvalue *v)
{
	const struct wiki_pvalue *oldg = NULL, *newg = NULL, *oldm = NULL, *newm = NULL;
	for (size_t i = 0; i < v->n_items; i++) {
		const struct wiki_pvalue *m = &v->items[i];
		if (streq(m->key, "4::oldgroups") || streq(m->key, "4:array:oldgroups") || (m->key_is_int && streq(m->key, "0")))
			oldg = m;
		else if (streq(m->key, "5::newgroups") || streq(m->key, "5:array:newgroups") ||
			 (m->key_is_int && streq(m->key, "1")))
			newg = m;
		else if (streq(m->key, "oldmetadata"))
			oldm = m;
		else if (streq(m->key, "newmetadata"))
			newm = m;
		else
			add_pvalue(ctx, out, arena_strdup(ctx->arena, m->key), m, NULL);
	}
	if (oldg)
		add_group_list(out, "oldgroups", oldg);
	if (newg)
		add_group_list(out, "newgroups", newg);
	const struct wiki_pvalue *lists[2] = { oldg, newg }, *metas[2] = { oldm, newm };
	static const char *const keys[2] = { "oldmetadata", "newmetadata" };
	for (int k = 0; k < 2; k++) {
		if (!lists[k])
			continue;
		struct api_node *groups = api_node_get(out, k ? "newgroups" : "oldgroups");
		struct api_node *md = api_add_array(out, keys[k], "g");
		size_t i = 0;
		for (struct api_node *g = groups ? groups->first : NULL; g; g = g->next, i++) {
			struct api_node *e = api_add_object(md, NULL);
			api_add_str(e, "group", g->v.str.s);
			const struct wiki_pvalue *m = metas[k] && metas[k]->type == WIKI_PV_ARRAY && i < metas[k]->n_items
							      ? &metas[k]->items[i] : NULL;
			const struct wiki_pvalue *x = m ? pv_member(m, "expiry") : NULL;
			const char *iso = x && x->type == WIKI_PV_STRING ? wiki_timestamp_iso(ctx->arena, x->s) : NULL;
			api_add_str(e, "expiry", iso ? iso : "infinity");
		}
	}
}

/* A legacy newline-separated parameter list as a PHP list of strings ("" is no list at all). */
static void legacy_list(struct arena *a, const char *blob, size_t len, struct wiki_pvalue *v)
{
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += blob[i] == '\n';
	*v = (struct wiki_pvalue){ .type = WIKI_PV_ARRAY, .items = arena_calloc(a, n, sizeof(*v->items)) };
	const char *p = blob, *end = blob + len;
	for (size_t i = 0; len && p <= end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		struct wiki_pvalue *m = &v->items[v->n_items++];
		*m = (struct wiki_pvalue){ .type = WIKI_PV_STRING, .key = arena_printf(a, "%zu", i), .key_is_int = true,
					   .s = arena_strndup(a, p, (size_t)(e - p)), .len = (size_t)(e - p) };
		p = e + 1;
	}
}

void log_params_add(struct api_ctx *ctx, struct api_node *parent, const char *key, const char *type,
		    const char *action, const char *ts, const char *blob, size_t len)
{
	struct api_node *out = api_add_object(parent, key);
	api_node_set_type(out, API_ARR_ASSOC, NULL);
	api_node_set_element(out, "param");
	struct wiki_pvalue v;
	/* Entries from before MediaWiki 1.19 keep a newline-separated list, keyed 0, 1, ... */
	if (wiki_php_unserialize(ctx->arena, blob, len, &v) != RC_OK || v.type != WIKI_PV_ARRAY)
		legacy_list(ctx->arena, blob, len, &v);
	type = type ? type : "";
	action = action ? action : "";
	if ((streq(type, "block") || streq(type, "suppress")) && (streq(action, "block") || streq(action, "reblock"))) {
		block_params_add(ctx, out, &v, ts);
		return;
	}
	if (streq(type, "rights")) {
		rights_params_add(ctx, out, &v);
		return;
	}
	params_for_api(ctx, type, action, &v);
	for (size_t i = 0; i < v.n_items; i++) {
		const struct wiki_pvalue *m = &v.items[i];
		const char *c1 = strchr(m->key, ':');
		const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2) {
			add_pvalue(ctx, out, arena_strdup(ctx->arena, m->key), m, NULL);
			continue;
		}
		/* MediaWiki trims and lower-cases the type part. */
		char *ptype = arena_strndup(ctx->arena, c1 + 1, (size_t)(c2 - c1 - 1));
		for (char *c = ptype; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		add_typed(ctx, out, ptype, arena_strdup(ctx->arena, c2 + 1), m);
	}
	/* The protection log's details carry their expiries formatted (ProtectLogFormatter). */
	struct api_node *details = streq(type, "protect") ? api_node_get(out, "details") : NULL;
	if (details && details->type == API_N_ARRAY)
		protect_details_expiry(ctx, details);
}

/* ---------- the list ---------- */

/* True when `u` may see a part hidden by `field` of an entry with log_deleted `bits`. */
static bool user_can_field(const struct wiki_user *u, int64_t bits, int field)
{
	if (!(bits & field))
		return true;
	if (bits & WIKI_LOG_DELETED_RESTRICTED)
		return wiki_user_can(u, "suppressrevision") || wiki_user_can(u, "viewsuppressed");
	return wiki_user_can(u, "deletedhistory");
}

/* Bound values of the query, in order. */
struct binds {
	char kind[16];      /* 't' text, 'i' integer */
	const char *s[16];  /* texts */
	int64_t i[16];      /* integers */
	size_t n;           /* count */
};

static void bind_t(struct binds *b, const char *s)
{
	b->kind[b->n] = 't';
	b->s[b->n++] = s;
}

static void bind_i(struct binds *b, int64_t v)
{
	b->kind[b->n] = 'i';
	b->i[b->n++] = v;
}

/* Bind the values of `b` to `st`, in order. */
static void bind_all(struct store_stmt *st, const struct binds *b)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->kind[i] == 't')
			store_bind_text(st, (int)i + 1, b->s[i], STORE_NTS);
		else
			store_bind_int(st, (int)i + 1, b->i[i]);
	}
}

/*
 * leaction: a string parameter that paraminfo documents as an enum, as
 * in MediaWiki, where it is checked by the module. Read it by hand and
 * mark it used. Returns RC_OK (with *out NULL when absent) or RC_ERR.
 */
static int read_action(struct api_ctx *ctx, const char **out)
{
	struct api_main *m = api_main_of(ctx);
	const char *full = arena_printf(ctx->arena, "%saction", m->prefix ? m->prefix : "");
	const struct http_param *hp = api_param_take(ctx, full);
	*out = NULL;
	if (!hp)
		return RC_OK;
	for (const char *const *a = wiki_log_actions(); *a; a++)
		if (streq(*a, hp->value)) {
			*out = hp->value;
			return RC_OK;
		}
	/* A handler registered for "type" plus "/" and "*" accepts any action of the type (none in core). */
	const char *slash = strchr(hp->value, '/');
	if (slash) {
		const char *wild = arena_printf(ctx->arena, "%.*s/*", (int)(slash - hp->value), hp->value);
		for (const char *const *a = wiki_log_actions(); *a; a++)
			if (streq(*a, wild)) {
				*out = hp->value;
				return RC_OK;
			}
	}
	return api_error(ctx, arena_printf(ctx->arena, "unknown_%s", full), "apierror-unrecognizedvalue", full,
			 hp->value);
}

static int exec_le(struct api_ctx *ctx, void *vp)
{
	struct le_params *p = vp;
	bool older = streq(p->dir, "older");
	bool has_ns = api_param_given(ctx, "namespace");
	const char *action;

	if (api_require_max_one(ctx, (const char *const[]){ "title", "prefix", "namespace", NULL }) != RC_OK)
		return RC_ERR;
	if (read_action(ctx, &action) != RC_OK)
		return RC_ERR;

	struct binds b = { .n = 0 };
	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_adds(&sql, "SELECT log_id, log_type, log_action, log_timestamp, log_deleted, log_namespace, log_title,"
			" COALESCE(log_page, 0), log_params, actor_name, COALESCE(actor_user, 0), comment_text,"
			" COALESCE(page_id, 0)"
			" FROM logging JOIN actor ON actor_id = log_actor"
			" JOIN comment ON comment_id = log_comment_id"
			" LEFT JOIN page ON page_namespace = log_namespace AND page_title = log_title WHERE 1 = 1");
	/* Log types the user may not read ($wgLogRestrictions). */
	for (const char *const *t = wiki_log_types(); *t; t++) {
		const char *right = wiki_log_restriction(*t);
		if (right && !wiki_user_can(ctx->user, right)) {
			sbuf_adds(&sql, " AND log_type != ?");
			bind_t(&b, *t);
		}
	}
	if (action) {
		const char *slash = strchr(action, '/');
		sbuf_adds(&sql, " AND log_type = ? AND log_action = ?");
		bind_t(&b, arena_strndup(ctx->arena, action, (size_t)(slash - action)));
		bind_t(&b, slash + 1);
	} else if (p->type) {
		sbuf_adds(&sql, " AND log_type = ?");
		bind_t(&b, p->type);
	}
	const char *lo = older ? p->end : p->start, *hi = older ? p->start : p->end;
	if (lo) {
		sbuf_adds(&sql, " AND log_timestamp >= ?");
		bind_t(&b, lo);
	}
	if (hi) {
		sbuf_adds(&sql, " AND log_timestamp <= ?");
		bind_t(&b, hi);
	}
	if (p->user) {
		if (p->user[0] == '#') {
			long long id = 0;
			util_parse_ll(p->user + 1, &id);
			sbuf_adds(&sql, " AND actor_user = ?");
			bind_i(&b, id);
		} else {
			sbuf_adds(&sql, " AND actor_name = ?");
			bind_t(&b, p->user);
		}
	}
	if (p->title) {
		struct wiki_title t;
		const char *err;
		if (wiki_title_parse(ctx->arena, p->title, 0, &t, &err) != RC_OK || t.is_external) {
			sbuf_release(&sql);
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->title));
		}
		sbuf_adds(&sql, " AND log_namespace = ? AND log_title = ?");
		bind_i(&b, t.ns);
		bind_t(&b, t.dbkey);
	}
	if (has_ns) {
		sbuf_adds(&sql, " AND log_namespace = ?");
		bind_i(&b, p->ns);
	}
	if (p->prefix) {
		struct wiki_title t;
		const char *err;
		if (wiki_title_parse(ctx->arena, p->prefix, 0, &t, &err) != RC_OK || t.is_external) {
			sbuf_release(&sql);
			return api_error(ctx, "invalidtitle", NULL, wiki_escape_wikitext(ctx->arena, p->prefix));
		}
		/* A range instead of LIKE: bytewise, and '%'/'_' in titles need no escaping. */
		sbuf_adds(&sql, " AND log_namespace = ? AND log_title >= ? AND log_title < ?");
		bind_i(&b, t.ns);
		bind_t(&b, t.dbkey);
		bind_t(&b, arena_printf(ctx->arena, "%s\xf4\x8f\xbf\xbf", t.dbkey));
	}
	/* Do not let a filter probe entries whose target or performer is hidden (T19342). */
	if (has_ns || p->title || p->user) {
		int title_bits = 0, user_bits = 0;
		if (!wiki_user_can(ctx->user, "deletedhistory")) {
			title_bits = WIKI_LOG_DELETED_ACTION;
			user_bits = WIKI_LOG_DELETED_USER;
		} else if (!wiki_user_can(ctx->user, "suppressrevision") && !wiki_user_can(ctx->user, "viewsuppressed")) {
			title_bits = WIKI_LOG_DELETED_ACTION | WIKI_LOG_DELETED_RESTRICTED;
			user_bits = WIKI_LOG_DELETED_USER | WIKI_LOG_DELETED_RESTRICTED;
		}
		if ((has_ns || p->title) && title_bits)
			sbuf_addf(&sql, " AND (log_deleted & %d) != %d", title_bits, title_bits);
		if (p->user && user_bits)
			sbuf_addf(&sql, " AND (log_deleted & %d) != %d", user_bits, user_bits);
	}
	if (p->tag) {
		sbuf_adds(&sql, " AND log_id IN (SELECT ct_log_id FROM change_tag JOIN change_tag_def"
				" ON ctd_id = ct_tag_id WHERE ctd_name = ?)");
		bind_t(&b, p->tag);
	}
	if (p->cont) {
		/* "timestamp|logid"; the timestamp may come in any form MediaWiki reads. */
		const char *bar = strchr(p->cont, '|');
		long long id;
		int64_t t;
		char ts[15];
		if (!bar || strchr(bar + 1, '|') || util_parse_ll(bar + 1, &id) != RC_OK ||
		    ts_parse(arena_strndup(ctx->arena, p->cont, (size_t)(bar - p->cont)), &t) != RC_OK) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		ts_format_mw(t, ts);
		sbuf_adds(&sql, older ? " AND (log_timestamp < ? OR (log_timestamp = ? AND log_id <= ?))"
				      : " AND (log_timestamp > ? OR (log_timestamp = ? AND log_id >= ?))");
		bind_t(&b, arena_strdup(ctx->arena, ts));
		bind_t(&b, arena_strdup(ctx->arena, ts));
		bind_i(&b, id);
	}
	sbuf_addf(&sql, " ORDER BY log_timestamp %s, log_id %s LIMIT %ld", older ? "DESC" : "ASC",
		  older ? "DESC" : "ASC", p->limit + 1);

	/* leprop=tags: the tags of every selected entry, in one query before it (none per row). */
	struct query_tags tags = { 0 };
	if (api_list_has(&p->prop, "tags")) {
		const char *tsql = arena_printf(ctx->arena, "SELECT ct_log_id, ctd_name FROM change_tag JOIN change_tag_def"
							   " ON ctd_id = ct_tag_id WHERE ct_log_id IN (SELECT log_id FROM"
							   " (%s) le_rows) ORDER BY ct_log_id, ct_tag_id",
						sbuf_cstr(&sql));
		struct store_stmt *ts = store_prepare(ctx->store, tsql);
		if (ts)
			bind_all(ts, &b);
		if (query_tags_read(ctx, ts, &tags) != RC_OK) {
			sbuf_release(&sql);
			return RC_ERR;
		}
	}
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	bind_all(st, &b);

	bool f_ids = api_list_has(&p->prop, "ids"), f_title = api_list_has(&p->prop, "title");
	bool f_type = api_list_has(&p->prop, "type"), f_user = api_list_has(&p->prop, "user");
	bool f_userid = api_list_has(&p->prop, "userid"), f_ts = api_list_has(&p->prop, "timestamp");
	bool f_comment = api_list_has(&p->prop, "comment"), f_details = api_list_has(&p->prop, "details");
	bool f_parsed = api_list_has(&p->prop, "parsedcomment");
	bool f_tags = api_list_has(&p->prop, "tags");

	struct api_rows w;
	api_rows_start(ctx, &w, api_add_array(api_query_node(ctx), "logevents", "item"));
	w.assoc = true; /* an entry without properties is {} (ApiQueryLogEvents types it assoc) */
	api_rows_expect(&w, p->limit);
	long n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t id = store_col_int(st, 0);
		const char *ts = store_col_text(st, 3);
		if (++n > p->limit || api_result_full(ctx)) {
			api_continue_set(ctx, "continue", arena_printf(ctx->arena, "%s|%lld", ts, (long long)id));
			break;
		}
		int64_t del = store_col_int(st, 4);
		bool any_hidden = false;
		api_row_begin(&w);
		if (f_ids)
			api_row_int(&w, "logid", id);
		size_t plen = store_col_len(st, 8);
		if (f_title || f_ids || (f_details && plen)) {
			if (del & WIKI_LOG_DELETED_ACTION) {
				api_row_bool(&w, "actionhidden", true);
				any_hidden = true;
			}
			if (user_can_field(ctx->user, del, WIKI_LOG_DELETED_ACTION)) {
				if (f_title) {
					struct wiki_title t;
					wiki_title_make(ctx->arena, (int)store_col_int(st, 5), store_col_text(st, 6), &t);
					api_row_int(&w, "ns", t.ns);
					api_row_str(&w, "title", t.prefixed);
				}
				if (f_ids) {
					api_row_int(&w, "pageid", store_col_int(st, 12));
					api_row_int(&w, "logpage", store_col_int(st, 7));
				}
				if (f_details)
					log_params_add(ctx, api_row_node(&w), "params", store_col_text(st, 1),
						       store_col_text(st, 2), ts, store_col_text(st, 8), plen);
			}
		}
		if (f_type) {
			api_row_str(&w, "type", store_col_text(st, 1));
			api_row_str(&w, "action", store_col_text(st, 2));
		}
		if (f_user || f_userid) {
			if (del & WIKI_LOG_DELETED_USER) {
				api_row_bool(&w, "userhidden", true);
				any_hidden = true;
			}
			if (user_can_field(ctx->user, del, WIKI_LOG_DELETED_USER)) {
				int64_t uid = store_col_int(st, 10);
				if (f_user)
					api_row_str(&w, "user", store_col_text(st, 9));
				if (f_userid)
					api_row_int(&w, "userid", uid);
				if (!uid)
					api_row_bool(&w, "anon", true);
			}
		}
		if (f_ts)
			api_row_str(&w, "timestamp", wiki_timestamp_iso(ctx->arena, ts));
		if (f_comment || f_parsed) {
			if (del & WIKI_LOG_DELETED_COMMENT) {
				api_row_bool(&w, "commenthidden", true);
				any_hidden = true;
			}
			if (user_can_field(ctx->user, del, WIKI_LOG_DELETED_COMMENT)) {
				if (f_comment)
					api_row_str(&w, "comment", store_col_text(st, 11));
				if (f_parsed) {
					struct wiki_title self;
					wiki_title_make(ctx->arena, (int)store_col_int(st, 5), store_col_text(st, 6), &self);
					api_row_str(&w, "parsedcomment",
						    wiki_comment_html(ctx->arena, ctx->store, store_col_text(st, 11), &self));
				}
			}
		}
		if (f_tags)
			query_tags_add(api_row_node(&w), &tags, id);
		if (any_hidden && (del & WIKI_LOG_DELETED_RESTRICTED))
			api_row_bool(&w, "suppressed", true);
		api_row_end(&w);
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	return RC_OK;
}

const struct api_module api_module_list_logevents = {
	.name = "logevents",
	.group = API_G_LIST,
	.prefix = "le",
	.params = params,
	.params_size = sizeof(struct le_params),
	.summary = "List entries of the wiki's logs.",
	.examples = (const char *const[]){
		"action=query&list=logevents", "List the latest log entries.",
		"action=query&list=logevents&letype=newusers&leprop=title|user|timestamp|details",
		"List the latest account creations.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Logevents", NULL },
	.exec = exec_le,
};
