/* SPDX-License-Identifier: MIT */
/*
 * fuzz_params.c — parameter decoding (src/api/params.c, with the
 * urlencoded decoder of src/http/) against every registered module's
 * spec table. Input: one byte choosing the module, one byte of flags
 * (bit 0: the user has apihighlimits, bit 1: the parameters came in a
 * POST body, bit 2: decode with the generator prefix "g"), then a query
 * string "name=value&...".
 *
 * Invariants: a failed fill records an error and a successful one none;
 * after success every integer and limit lies in its declared range and
 * every multi-value list respects its value-count limit. The result tree
 * (limits, warnings) is written as JSON at the end.
 */
#include "fuzz.h"

#include "api/api_int.h"
#include "store/store.h"
#include "util/config.h"
#include "util/sbuf.h"
#include "wiki/wiki.h"

/* Every module of every group, main first; filled once. */
static const struct api_module *mods[512];
static size_t n_mods;

/* An empty wiki in a scratch directory, for the checks that read the database (change tags, existing titles). */
static struct store *st;

static void setup(void)
{
	config_defaults();
	wiki_ns_init();
	api_init();
	char dir[] = "/tmp/wikid-fuzz-params-XXXXXX";
	if (!mkdtemp(dir) || !(st = store_open(dir)) || store_migrate(st) != RC_OK)
		abort();
	mods[n_mods++] = api_main_module();
	for (int g = API_G_ACTION; g <= API_G_FORMAT; g++) {
		size_t n;
		const struct api_module *const *all = api_modules_of((enum api_group)g, &n);
		for (size_t i = 0; i < n && n_mods < ARRAY_SIZE(mods); i++)
			mods[n_mods++] = all[i];
	}
}

/* Check the filled struct `out` of module `m` against its spec after a successful fill. */
static void check_filled(struct api_ctx *ctx, const struct api_module *m, const char *prefix, const void *out)
{
	for (const struct api_param *sp = m->params; sp && sp->name; sp++) {
		if (sp->flags & (API_P_HELP_ONLY | API_P_TEMPLATED) || sp->type == API_T_BOOL ||
		    sp->type == API_T_UPLOAD)
			continue;
		const char *field = (const char *)out + sp->offset;
		if (sp->flags & API_P_MULTI) {
			struct api_list l;
			memcpy(&l, field, sizeof(l));
			size_t limit = (size_t)(sp->multi_max_high ? sp->multi_max_high : 500);
			FUZZ_CHECK(l.n <= limit || (sp->flags & API_P_ALLOW_ALL), "%s: %zu values", sp->name, l.n);
			for (size_t i = 0; i < l.n; i++)
				FUZZ_CHECK(l.v && l.v[i], "%s: value %zu is NULL", sp->name, i);
			continue;
		}
		if (sp->type != API_T_INT && sp->type != API_T_LIMIT)
			continue;
		const char *name = prefix && *prefix && !(sp->flags & API_P_NO_PREFIX)
					   ? arena_printf(ctx->arena, "%s%s", prefix, sp->name)
					   : sp->name;
		if (!api_param_lookup(ctx, name) && !sp->dflt)
			continue;
		long v;
		memcpy(&v, field, sizeof(v));
		long max = ctx->has_highlimits && sp->max_high ? sp->max_high : sp->max;
		if (sp->type == API_T_LIMIT) {
			FUZZ_CHECK(v >= 1 && v <= max, "%s = %ld outside 1..%ld", sp->name, v, max);
			continue;
		}
		if (sp->flags & API_P_HAS_MIN)
			FUZZ_CHECK(v >= sp->min, "%s = %ld below %ld", sp->name, v, sp->min);
		if (sp->flags & API_P_HAS_MAX)
			FUZZ_CHECK(v <= max, "%s = %ld above %ld", sp->name, v, max);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!n_mods)
		setup();
	if (size < 2)
		return 0;
	const struct api_module *m = mods[data[0] % n_mods];
	unsigned flags = data[1];
	struct arena *a = arena_new();
	struct http_request req = { .arena = a, .method = (flags & 2) ? "POST" : "GET", .path = "/w/api.php" };
	/* The urlencoded decoder is part of the path under test; its limits as the server's defaults. */
	http_parse_urlencoded(&req, (const char *)data + 2, size - 2, flags & 2, config.max_params, config.max_value);

	struct api_main main_state = { .errorformat = API_EF_BC, .errorlang = "en", .module_path = "main" };
	struct api_ctx ctx = {
		.arena = a,
		.req = &req,
		.module = m,
		.result = api_result_new(a, config.max_result),
		.formatversion = 1 + ((flags >> 3) & 1),
		.is_post = flags & 2,
		.has_highlimits = flags & 1,
		.uselang = "en",
		.main = &main_state,
		.store = st,
	};
	main_state.used = arena_calloc(a, req.n_params + 1, sizeof(bool));
	main_state.module_path = api_module_path(m);
	const char *prefix = m->prefix;
	if ((flags & 4) && (m->flags & API_M_GENERATOR))
		prefix = arena_printf(a, "g%s", m->prefix ? m->prefix : "");
	void *out = arena_calloc(a, 1, m->params_size ? m->params_size : 1);

	int rc = api_params_fill(&ctx, m, prefix, out);
	if (rc == RC_OK) {
		FUZZ_CHECK(!main_state.errors, "module %s: error recorded but fill succeeded", m->name);
		check_filled(&ctx, m, prefix, out);
	} else {
		FUZZ_CHECK(main_state.errors, "module %s: fill failed without an error", m->name);
	}
	api_params_warn_unused(&ctx);

	struct api_format_opts fo = { .fv = ctx.formatversion, .name = "json" };
	struct sbuf sb;
	sbuf_init(&sb, 1 << 24);
	api_format_json(ctx.result, &fo, flags & 16, &sb);
	sbuf_release(&sb);
	arena_free(a);
	return 0;
}
