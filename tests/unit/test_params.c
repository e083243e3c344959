/* SPDX-License-Identifier: MIT */
/*
 * test_params.c — multi-value splitting ('|' and the U+001F form) and
 * the result tree basics the validator relies on.
 */
#include "../harness.h"
#include "api/api_int.h"

int main(void)
{
	struct arena *a = arena_new();
	const char **v;
	size_t n = api_split_multi(a, "a|b||c", &v);
	INT_EQ(n, 4, "pipe split count");
	STR_EQ(v[0], "a", "first");
	STR_EQ(v[2], "", "empty value kept");
	STR_EQ(v[3], "c", "last");
	n = api_split_multi(a, "\x1f" "a|b\x1f" "c", &v);
	INT_EQ(n, 2, "U+001F form splits on U+001F only");
	STR_EQ(v[0], "a|b", "pipe kept inside a U+001F value");
	STR_EQ(v[1], "c", "second U+001F value");
	n = api_split_multi(a, "single", &v);
	INT_EQ(n, 1, "one value");
	n = api_split_multi(a, "\x1f", &v);
	INT_EQ(n, 1, "lone U+001F is one empty value");
	STR_EQ(v[0], "", "lone U+001F value");

	struct api_list l = { 0 };
	const char *vals[] = { "x", "y", NULL };
	l.v = vals;
	l.n = 2;
	OK(api_list_has(&l, "y"), "api_list_has finds a value");
	OK(!api_list_has(&l, "z"), "api_list_has misses an absent value");

	struct api_node *root = api_result_new(a, 100);
	struct api_node *o = api_add_object(root, "query");
	api_add_str(o, "a", "1");
	api_add_int(o, "b", 2);
	OK(api_node_get(o, "b") && api_node_get(o, "b")->v.i == 2, "node lookup");
	api_node_remove(o, "a");
	OK(api_node_get(o, "a") == NULL, "node removed");
	INT_EQ(o->n_children, 1, "child count after removal");
	OK(api_node_object(root, "query") == o, "api_node_object returns the existing object");
	api_add_str(root, "big", "0123456789012345678901234567890123456789012345678901234567890123456789"
				"0123456789012345678901234567890123456789");
	OK(root->res->size > root->res->max_size, "size accounting passes the cap");
	arena_free(a);
	return harness_done();
}
