/* SPDX-License-Identifier: MIT */
/*
 * test_messages.c — the message table and typed message parameters
 * (api_p_int and friends): how a message text shows them ($N filled,
 * numbers grouped, lists joined by their type) and how they decode for
 * errorformat=raw. The raw shapes themselves are checked by the API tests
 * (main_errorformat_raw_*.test) against MediaWiki's.
 */
#include "../harness.h"

#include "../../src/api/api_int.h"

static struct arena *A;

static const char *fill(const char *tmpl, const char *const *params)
{
	return api_msg_fill(A, tmpl, params);
}

static void test_text(void)
{
	STR_EQ(fill("a $1 b $2", (const char *[]){ "x", "y", NULL }), "a x b y", "plain parameters fill $1 and $2");
	STR_EQ(fill("[$3]", (const char *[]){ "x", NULL }), "[]", "a missing parameter leaves nothing");
	STR_EQ(fill("$1", (const char *[]){ api_p_int(A, 1234567), NULL }), "1234567", "a bare number is its digits");
	STR_EQ(fill("$1", (const char *[]){ api_p_num(A, 1234567), NULL }), "1,234,567",
	       "a formatted number groups its digits");
	STR_EQ(fill("$1", (const char *[]){ api_p_num(A, -1234), NULL }), "-1,234", "a negative one too");
	STR_EQ(fill("$1", (const char *[]){ api_p_num(A, 999), NULL }), "999", "three digits stay");
	STR_EQ(fill("\"$1\"", (const char *[]){ api_p_plain(A, "v|w"), NULL }), "\"v|w\"", "plaintext shows itself");
	const char *items[] = { "a", api_p_plain(A, "b"), api_p_plain(A, api_p_int(A, 3)) };
	STR_EQ(fill("$1", (const char *[]){ api_p_list(A, "comma", items, 3), NULL }), "a, b, 3", "a comma list");
	STR_EQ(fill("$1", (const char *[]){ api_p_list(A, "text", items, 3), NULL }), "a, b and 3",
	       "a text list ends with \"and\"");
	STR_EQ(fill("$1", (const char *[]){ api_p_list(A, "semicolon", items, 2), NULL }), "a; b", "a semicolon list");
	STR_EQ(fill("$1", (const char *[]){ api_p_list(A, "pipe", items, 2), NULL }), "a | b", "a pipe list");
	STR_EQ(fill("$1", (const char *[]){ api_p_list(A, "text", items, 0), NULL }), "", "an empty list");
	STR_EQ(fill("$1", (const char *[]){ api_p_msg(A, "revid", (const char *[]){ api_p_int(A, 7) }, 1), NULL }),
	       "revision 7", "a message parameter shows that message's text");
	STR_EQ(api_p_text(A, "plain"), "plain", "api_p_text of text is the text");
}

static void test_decode(void)
{
	struct api_pval v;
	api_p_decode(A, "text", &v);
	OK(v.type == API_PT_TEXT && streq(v.inner, "text"), "untyped text decodes as text");
	api_p_decode(A, api_p_int(A, -5), &v);
	OK(v.type == API_PT_INT && v.n == -5, "api_p_int decodes with its value");
	api_p_decode(A, api_p_num(A, 42), &v);
	OK(v.type == API_PT_NUM && v.n == 42, "api_p_num decodes with its value");
	api_p_decode(A, api_p_keyed(A, 3, "x"), &v);
	OK(v.type == API_PT_KEYED && v.n == 3 && streq(v.inner, "x"), "api_p_keyed keeps index and item");
	const char *items[] = { "a", api_p_plain(A, "b") };
	api_p_decode(A, api_p_list(A, "comma", items, 2), &v);
	OK(v.type == API_PT_LIST && streq(v.ltype, "comma") && v.n_items == 2 && streq(v.items[0], "a") &&
		   streq(v.items[1], items[1]) && v.items[2] == NULL,
	   "a list decodes into its type and items");
	api_p_decode(A, api_p_list(A, "text", items, 0), &v);
	OK(v.type == API_PT_LIST && v.n_items == 0, "an empty list decodes empty");
	api_p_decode(A, api_p_msg(A, "revid", (const char *[]){ "9" }, 1), &v);
	OK(v.type == API_PT_MSG && streq(v.ltype, "revid") && v.n_items == 1 && streq(v.items[0], "9"),
	   "a message parameter decodes into key and parameters");
	/* Request text is UTF-8, so it cannot start with the marker byte. */
	api_p_decode(A, "\xc3\xbf" "i5", &v);
	OK(v.type == API_PT_TEXT, "text starting with U+00FF stays text");
}

static void test_table(void)
{
	api_messages_init();
	size_t n;
	const char *const *keys = api_msg_keys(&n);
	bool sorted = true;
	for (size_t i = 1; i < n; i++)
		sorted = sorted && strcmp(keys[i - 1], keys[i]) < 0;
	OK(n > 100 && sorted, "the message table is sorted and without duplicates");
	OK(api_msg_template("apierror-toomanyparams") != NULL, "the parameter-count limit has a text");
	OK(api_msg_template("no-such-message-key") == NULL, "an unknown key has no text");
}

int main(void)
{
	A = arena_new();
	test_table();
	test_text();
	test_decode();
	arena_free(A);
	return harness_done();
}
