/* SPDX-License-Identifier: MIT */
/*
 * test_format.c — the output formatters byte for byte: result trees built
 * with the result API and written as json/php/xml (both formatversions),
 * the *fm pages, rawfm and none. Expected texts were produced by
 * MediaWiki 1.39's own formatters on the same data (the oracle).
 */
#include "../harness.h"

#include <math.h>

#include "../../src/api/format_int.h"

static struct arena *A;

/* Render `root` with format `name` and formatversion `fv`; arena copy of the body. */
static const char *render_opts(struct api_node *root, struct api_format_opts *o)
{
	struct sbuf out;
	const char *ctype = NULL;
	sbuf_init(&out, 1 << 20);
	if (!o->fv)
		o->fv = 1;
	size_t n = strlen(o->name);
	o->is_fm = n > 2 && streq(o->name + n - 2, "fm");
	int rc = api_format_write(NULL, root, o, &out, &ctype);
	const char *s = rc == RC_OK ? arena_strndup(A, sbuf_cstr(&out), out.len) : "(error)";
	sbuf_release(&out);
	return s;
}

static const char *render(struct api_node *root, const char *name, int fv)
{
	struct api_format_opts o = { .name = name, .fv = fv };
	return render_opts(root, &o);
}

/* The <pre> content of an *fm page, unchanged (still HTML-escaped). */
static const char *pre_of(const char *page)
{
	const char *p = strstr(page, "<pre class=\"api-pretty-content\">");
	if (!p)
		return "(no pre)";
	p += strlen("<pre class=\"api-pretty-content\">");
	const char *e = strstr(p, "</pre>");
	return e ? arena_strndup(A, p, (size_t)(e - p)) : "(no end)";
}

static const char *ctype_of(const char *name, bool wrapped, const char *callback)
{
	struct api_format_opts o = { .name = name, .fv = 1, .wrappedhtml = wrapped, .callback = callback };
	size_t n = strlen(name);
	o.is_fm = n > 2 && streq(name + n - 2, "fm");
	struct sbuf out;
	sbuf_init(&out, 1 << 20);
	const char *ct = NULL;
	struct api_node *root = api_result_new(A, 0);
	api_format_write(NULL, root, &o, &out, &ct);
	sbuf_release(&out);
	return ct;
}

/* Scenario A: scalars, booleans, content, lists, empty containers. */
static struct api_node *tree_a(void)
{
	struct api_node *root = api_result_new(A, 0);
	struct api_node *d = api_add_object(root, "d");
	api_add_str(d, "str", "a\"b\\c/d<>&'\t\n \xc3\xa9\xf0\x9f\x98\x80\xe2\x80\xa8");
	api_add_int(d, "int", 42);
	api_add_int(d, "neg", -7);
	api_add_bool(d, "t", true);
	api_add_bool(d, "f", false);
	api_add_bool(d, "kt", true)->flags |= API_N_KEEP_BOOL;
	api_add_bool(d, "kf", false)->flags |= API_N_KEEP_BOOL;
	api_add_null(d, "nul");
	api_add_float(d, "flt", 0.1);
	api_add_float(d, "big", 1e25);
	api_add_float(d, "one", 1.0);
	struct api_node *l = api_add_array(d, "list", "li");
	api_add_str(l, NULL, "x");
	api_add_int(l, NULL, 1);
	api_add_bool(l, NULL, true);
	struct api_node *obj = api_add_object(d, "obj");
	api_add_str(obj, "a", "1");
	api_add_content_as(obj, "name", "text", 4);
	api_add_object(d, "empty");
	return root;
}

static void test_scenario_a(void)
{
	struct api_node *r = tree_a();
	STR_EQ(render(r, "json", 1),
	       "{\"d\":{\"str\":\"a\\\"b\\\\c/d<>&'\\t\\n \\u00e9\\ud83d\\ude00\\u2028\",\"int\":42,\"neg\":-7,"
	       "\"t\":\"\",\"kt\":true,\"kf\":false,\"nul\":null,\"flt\":0.1,\"big\":1.0e+25,\"one\":1,"
	       "\"list\":[\"x\",1,\"\"],\"obj\":{\"a\":\"1\",\"*\":\"text\"},\"empty\":[]}}",
	       "json fv1: BC booleans, * content, \\u escapes, floats");
	STR_EQ(render(r, "json", 2),
	       "{\"d\":{\"str\":\"a\\\"b\\\\c/d<>&'\\t\\n \xc3\xa9\xf0\x9f\x98\x80\\u2028\",\"int\":42,\"neg\":-7,"
	       "\"t\":true,\"f\":false,\"kt\":true,\"kf\":false,\"nul\":null,\"flt\":0.1,\"big\":1.0e+25,\"one\":1,"
	       "\"list\":[\"x\",1,true],\"obj\":{\"a\":\"1\",\"name\":\"text\"},\"empty\":[]}}",
	       "json fv2: real booleans, UTF-8, content under its key");
	struct api_format_opts u = { .name = "json", .fv = 1, .utf8 = true };
	STR_EQ(render_opts(r, &u),
	       "{\"d\":{\"str\":\"a\\\"b\\\\c/d<>&'\\t\\n \xc3\xa9\xf0\x9f\x98\x80\\u2028\",\"int\":42,\"neg\":-7,"
	       "\"t\":\"\",\"kt\":true,\"kf\":false,\"nul\":null,\"flt\":0.1,\"big\":1.0e+25,\"one\":1,"
	       "\"list\":[\"x\",1,\"\"],\"obj\":{\"a\":\"1\",\"*\":\"text\"},\"empty\":[]}}",
	       "json fv1 utf8=1");
	struct api_format_opts asc = { .name = "json", .fv = 2, .ascii = true };
	OK(strstr(render_opts(r, &asc), "\"str\":\"a\\\"b\\\\c/d<>&'\\t\\n \\u00e9\\ud83d\\ude00\\u2028\"") != NULL,
	   "json fv2 ascii=1 escapes non-ASCII");
	STR_EQ(render(r, "php", 1),
	       "a:1:{s:1:\"d\";a:13:{s:3:\"str\";s:23:\"a\"b\\c/d<>&'\t\n \xc3\xa9\xf0\x9f\x98\x80\xe2\x80\xa8\";"
	       "s:3:\"int\";i:42;s:3:\"neg\";i:-7;s:1:\"t\";s:0:\"\";s:2:\"kt\";b:1;s:2:\"kf\";b:0;s:3:\"nul\";N;"
	       "s:3:\"flt\";d:0.1;s:3:\"big\";d:1.0E+25;s:3:\"one\";d:1;s:4:\"list\";a:3:{i:0;s:1:\"x\";i:1;i:1;"
	       "i:2;s:0:\"\";}s:3:\"obj\";a:2:{s:1:\"a\";s:1:\"1\";s:1:\"*\";s:4:\"text\";}s:5:\"empty\";a:0:{}}}",
	       "php fv1: byte lengths, BC shapes");
	STR_EQ(render(r, "php", 2),
	       "a:1:{s:1:\"d\";a:14:{s:3:\"str\";s:23:\"a\"b\\c/d<>&'\t\n \xc3\xa9\xf0\x9f\x98\x80\xe2\x80\xa8\";"
	       "s:3:\"int\";i:42;s:3:\"neg\";i:-7;s:1:\"t\";b:1;s:1:\"f\";b:0;s:2:\"kt\";b:1;s:2:\"kf\";b:0;"
	       "s:3:\"nul\";N;s:3:\"flt\";d:0.1;s:3:\"big\";d:1.0E+25;s:3:\"one\";d:1;s:4:\"list\";a:3:{i:0;"
	       "s:1:\"x\";i:1;i:1;i:2;b:1;}s:3:\"obj\";a:2:{s:1:\"a\";s:1:\"1\";s:4:\"name\";s:4:\"text\";}"
	       "s:5:\"empty\";a:0:{}}}",
	       "php fv2");
	STR_EQ(render(r, "xml", 1),
	       "<?xml version=\"1.0\"?><api><d str=\"a&quot;b\\c/d&lt;&gt;&amp;&#039;&#9;&#10; \xc3\xa9\xf0\x9f\x98"
	       "\x80\xe2\x80\xa8\" int=\"42\" neg=\"-7\" t=\"\" kt=\"\" flt=\"0.1\" big=\"1.0E+25\" one=\"1\">"
	       "<list><li>x</li><li>1</li><li>true</li></list><obj a=\"1\" xml:space=\"preserve\">text</obj>"
	       "<empty /></d></api>",
	       "xml: attributes, content text, list elements");
	STR_EQ(pre_of(render(r, "xmlfm", 1)),
	       "&lt;?xml version=\"1.0\"?>\n&lt;api>\n  &lt;d str=\"a&amp;quot;b\\c/d&amp;lt;&amp;gt;&amp;amp;"
	       "&amp;#039;&amp;#9;&amp;#10; \xc3\xa9\xf0\x9f\x98\x80\xe2\x80\xa8\" int=\"42\" neg=\"-7\" t=\"\" "
	       "kt=\"\" flt=\"0.1\" big=\"1.0E+25\" one=\"1\">\n    &lt;list>\n      &lt;li>x&lt;/li>\n      "
	       "&lt;li>1&lt;/li>\n      &lt;li>true&lt;/li>\n    &lt;/list>\n    &lt;obj a=\"1\" "
	       "xml:space=\"preserve\">text&lt;/obj>\n    &lt;empty />\n  &lt;/d>\n&lt;/api>",
	       "xmlfm: indented by two, escaped & and <");
	STR_EQ(pre_of(render(r, "jsonfm", 1)),
	       "{\n    \"d\": {\n        \"str\": \"a\\\"b\\\\c/d&lt;>&amp;'\\t\\n \\u00e9\\ud83d\\ude00\\u2028\",\n"
	       "        \"int\": 42,\n        \"neg\": -7,\n        \"t\": \"\",\n        \"kt\": true,\n"
	       "        \"kf\": false,\n        \"nul\": null,\n        \"flt\": 0.1,\n        \"big\": 1.0e+25,\n"
	       "        \"one\": 1,\n        \"list\": [\n            \"x\",\n            1,\n            \"\"\n"
	       "        ],\n        \"obj\": {\n            \"a\": \"1\",\n            \"*\": \"text\"\n        },\n"
	       "        \"empty\": []\n    }\n}",
	       "jsonfm: four-space pretty print");
	STR_EQ(pre_of(render(r, "rawfm", 1)),
	       "{\n    \"d\": {\n        \"str\": \"a\\\"b\\\\c/d&lt;>&amp;'\\t\\n \xc3\xa9\xf0\x9f\x98\x80\\u2028\",\n"
	       "        \"int\": 42,\n        \"neg\": -7,\n        \"t\": true,\n        \"f\": false,\n"
	       "        \"kt\": true,\n        \"kf\": false,\n        \"nul\": null,\n        \"flt\": 0.1,\n"
	       "        \"big\": 1.0e+25,\n        \"one\": 1,\n        \"list\": {\n            \"0\": \"x\",\n"
	       "            \"1\": 1,\n            \"2\": true,\n            \"_element\": \"li\"\n        },\n"
	       "        \"obj\": {\n            \"a\": \"1\",\n            \"name\": \"text\",\n"
	       "            \"_content\": \"name\"\n        },\n        \"empty\": [],\n        \"_BC_bools\": [\n"
	       "            \"kt\",\n            \"kf\"\n        ]\n    },\n    \"_type\": \"assoc\"\n}",
	       "rawfm: untransformed tree with metadata members");
	STR_EQ(pre_of(render(r, "phpfm", 1)),
	       "a:1:{s:1:\"d\";a:13:{s:3:\"str\";s:23:\"a\"b\\c/d&lt;>&amp;'\t\n \xc3\xa9\xf0\x9f\x98\x80\xe2\x80\xa8\";"
	       "s:3:\"int\";i:42;s:3:\"neg\";i:-7;s:1:\"t\";s:0:\"\";s:2:\"kt\";b:1;s:2:\"kf\";b:0;s:3:\"nul\";N;"
	       "s:3:\"flt\";d:0.1;s:3:\"big\";d:1.0E+25;s:3:\"one\";d:1;s:4:\"list\";a:3:{i:0;s:1:\"x\";i:1;i:1;"
	       "i:2;s:0:\"\";}s:3:\"obj\";a:2:{s:1:\"a\";s:1:\"1\";s:1:\"*\";s:4:\"text\";}s:5:\"empty\";a:0:{}}}",
	       "phpfm: serialization in the page");
}

static void test_content_types(void)
{
	STR_EQ(ctype_of("json", false, NULL), "application/json; charset=utf-8", "json content type");
	STR_EQ(ctype_of("json", false, "cb"), "text/javascript; charset=utf-8", "jsonp content type");
	STR_EQ(ctype_of("xml", false, NULL), "text/xml; charset=utf-8", "xml content type");
	STR_EQ(ctype_of("php", false, NULL), "application/vnd.php.serialized; charset=utf-8", "php content type");
	STR_EQ(ctype_of("jsonfm", false, NULL), "text/html; charset=UTF-8", "fm content type");
	STR_EQ(ctype_of("rawfm", false, NULL), "text/html; charset=UTF-8", "rawfm content type");
	STR_EQ(ctype_of("xmlfm", true, NULL), "text/mediawiki-api-prettyprint-wrapped; charset=utf-8",
	       "wrappedhtml content type");
	STR_EQ(ctype_of("none", false, NULL), "text/plain; charset=utf-8", "none content type");
}

int main(void)
{
	A = arena_new();
	test_scenario_a();
	test_content_types();
	arena_free(A);
	return harness_done();
}
