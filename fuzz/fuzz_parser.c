/* SPDX-License-Identifier: MIT */
/*
 * fuzz_parser.c — the whole wikitext parser (wt_parse: preprocessor,
 * expansion with templates, block and inline passes, sanitizer, tidy,
 * headings and TOC) on arbitrary pages with up to four templates of
 * their own (fuzz_wt.h has the input layout). Flag bits of the first
 * byte: 1 no TOC, 2 no edit-section links, 4 the mw-parser-output
 * wrapper, 8 a preview, 16 no limit report.
 *
 * Invariants: the parse succeeds (bad wikitext is never an error); the
 * HTML is balanced (fuzz_html.h); its size is bounded by a constant
 * factor of what went in — the page, the templates and the post-expand
 * include size, which the limits cap — so no input makes the output
 * blow up; the counters of the limit report stay within their limits.
 */
#include "fuzz.h"
#include "fuzz_html.h"
#include "fuzz_wt.h"

/*
 * Output bytes per input byte at most. A heading line of four bytes
 * ("=a=\n") gives an edit-section link and a TOC line of several hundred
 * bytes; nothing else in wikitext grows more per byte.
 */
#define GROWTH 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > (256u << 10))
		return 0;
	struct fuzz_wt in;
	fuzz_wt_split(data, size, &in);
	struct wt_host host;
	struct wt_options opt;
	const struct wt_site *site = fuzz_wt_setup(&in, &host, &opt);
	opt.no_toc = in.flags & 1;
	opt.no_edit_section = in.flags & 2;
	opt.no_wrap = !(in.flags & 4);
	opt.is_preview = in.flags & 8;
	opt.no_limit_report = in.flags & 16;

	struct arena *a = arena_new();
	struct wt_output out;
	int rc = wt_parse(a, site, &host, &opt, in.page.p, in.page.len, &out);
	FUZZ_CHECK(rc == RC_OK, "wt_parse returned %d", rc);
	FUZZ_CHECK(out.html && strlen(out.html) == out.html_len, "html of %zu bytes is not one string: %s", out.html_len,
		   out.html);
	check_balanced(out.html, out.html_len);
	size_t bound = GROWTH * (in.total + out.include_size) + (64u << 10);
	FUZZ_CHECK(out.html_len <= bound, "%zu bytes of HTML from %zu bytes in (include size %zu)", out.html_len,
		   in.total, out.include_size);
	FUZZ_CHECK(out.include_size <= FUZZ_WT_INCLUDE_SIZE, "post-expand include size %zu over its limit",
		   out.include_size);
	for (size_t i = 0; i < out.n_limits; i++)
		FUZZ_CHECK(out.limits[i].limit < 0 || out.limits[i].value <= out.limits[i].limit + 1,
			   "%s is %lld of %lld", out.limits[i].key, (long long)out.limits[i].value,
			   (long long)out.limits[i].limit);
	arena_free(a);
	return 0;
}
