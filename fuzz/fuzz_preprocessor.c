/* SPDX-License-Identifier: MIT */
/*
 * fuzz_preprocessor.c — the preprocessor alone on arbitrary wikitext
 * with up to four templates of its own (fuzz_wt.h has the input layout):
 * the parse tree as MediaWiki's XML (wt_parsetree_xml) and template
 * expansion as expandtemplates does it (wt_preprocess). Flag bits of the
 * first byte: 1 read the page as transcluded, 2 keep comments.
 *
 * Invariants: the XML is one <root> element, balanced, with every '<'
 * and '&' of the text escaped (the text between tags has no '<' or '>');
 * expansion succeeds and its result is bounded by a constant factor of
 * the input and the post-expand include size, which the limits cap; the
 * node count stays within its limit.
 */
#include "fuzz.h"
#include "fuzz_html.h"
#include "fuzz_wt.h"

/*
 * Result bytes per input byte at most: expansion copies text and adds
 * at most an error message or a warning comment per construct.
 */
#define GROWTH 64

/* Between tags the XML has escaped text only. */
static void check_xml_text(const char *xml, size_t len)
{
	bool in_tag = false;
	for (size_t i = 0; i < len; i++) {
		if (xml[i] == '<') {
			FUZZ_CHECK(!in_tag, "'<' inside a tag at %zu of %s", i, xml);
			in_tag = true;
		} else if (xml[i] == '>') {
			FUZZ_CHECK(in_tag, "'>' outside a tag at %zu of %s", i, xml);
			in_tag = false;
		} else if (xml[i] == '&' && !in_tag) {
			FUZZ_CHECK(!strncmp(xml + i, "&lt;", 4) || !strncmp(xml + i, "&gt;", 4) ||
					   !strncmp(xml + i, "&amp;", 5) || !strncmp(xml + i, "&quot;", 6),
				   "unescaped '&' at %zu of %s", i, xml);
		}
	}
	FUZZ_CHECK(!in_tag, "unterminated tag in %s", xml);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > (256u << 10))
		return 0;
	struct fuzz_wt in;
	fuzz_wt_split(data, size, &in);
	struct wt_host host;
	struct wt_options opt;
	const struct wt_site *site = fuzz_wt_setup(&in, &host, &opt);
	struct arena *a = arena_new();

	size_t xml_len;
	const char *xml = wt_parsetree_xml(a, in.page.p, in.page.len, in.flags & 1, &xml_len);
	FUZZ_CHECK(xml && strlen(xml) == xml_len, "parse tree of %zu bytes is not one string", xml_len);
	FUZZ_CHECK(!strcmp(xml, "<root/>") ||
			   (xml_len >= 13 && !strncmp(xml, "<root>", 6) && !strcmp(xml + xml_len - 7, "</root>")),
		   "parse tree is not one root: %s", xml);
	check_xml_text(xml, xml_len);
	check_balanced(xml, xml_len);

	struct wt_pp_options pp = { .keep_comments = in.flags & 2, .for_inclusion = in.flags & 1 };
	const char *res;
	size_t res_len;
	struct wt_output out;
	int rc = wt_preprocess(a, site, &host, &opt, &pp, in.page.p, in.page.len, &res, &res_len, &out);
	FUZZ_CHECK(rc == RC_OK, "wt_preprocess returned %d", rc);
	size_t bound = GROWTH * (in.total + out.include_size) + (16u << 10);
	FUZZ_CHECK(res_len <= bound, "%zu bytes expanded from %zu bytes in (include size %zu)", res_len, in.total,
		   out.include_size);
	FUZZ_CHECK(out.pp_nodes <= FUZZ_WT_NODE_COUNT + 1, "%lld nodes visited", (long long)out.pp_nodes);
	arena_free(a);
	return 0;
}
