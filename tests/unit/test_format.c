/* SPDX-License-Identifier: MIT */
/*
 * test_format.c — the output formatters byte for byte: result trees built
 * with the result API and written as json/php/xml (both formatversions),
 * the *fm pages, rawfm and none. Expected texts were produced by
 * MediaWiki 1.39's own formatters on the same data (the oracle).
 */
#include "../harness.h"

#include <limits.h>
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

/* Scenario B: array types, sub-elements, XML names, metadata keys, floats. */
static struct api_node *tree_b(void)
{
	struct api_node *root = api_result_new(A, 0);
	struct api_node *pages = api_add_object(root, "pages");
	api_node_set_type(pages, API_ARR_BCARRAY, NULL);
	api_node_set_element(pages, "page");
	struct api_node *p = api_add_object(pages, "-1");
	api_add_int(p, "ns", 0);
	api_add_str(p, "title", "X");
	api_add_bool(p, "missing", true);
	p = api_add_object(pages, "5");
	api_add_int(p, "pageid", 5);
	api_add_str(p, "title", "Y");
	struct api_node *seq = api_node_set_type(api_add_array(root, "seq", "s"), API_ARR_BCARRAY, NULL);
	api_add_int(api_add_object(seq, NULL), "a", 1);
	api_add_int(api_add_object(seq, NULL), "a", 2);
	struct api_node *lim = api_node_set_type(api_add_array(root, "lim", "limit"), API_ARR_BCASSOC, NULL);
	api_add_int(lim, NULL, 120);
	api_add_int(lim, NULL, 150);
	struct api_node *kvp = api_node_set_type(api_add_object(root, "kvp"), API_ARR_KVP, "name");
	api_node_set_element(kvp, "pp");
	api_add_str(kvp, "k1", "v1");
	api_add_str(kvp, "k 2", "v2");
	struct api_node *bckvp = api_node_set_type(api_add_object(root, "bckvp"), API_ARR_BCKVP, "name");
	api_node_set_element(bckvp, "pp");
	api_add_str(bckvp, "p1", "v1");
	api_add_bool(bckvp, "p2", true);
	struct api_node *sub = api_add_object(root, "sub");
	api_add_str(sub, "text", "<b>hi</b>")->flags |= API_N_BC_SUBELEMENT;
	api_add_str(sub, "other", "x");
	api_add_str(sub, "sx", "y")->flags |= API_N_SUBELEMENT;
	struct api_node *names = api_add_object(root, "names");
	api_add_str(names, "a b", "1");
	api_add_str(names, "1abc", "2");
	api_add_str(names, "x:y.z", "3");
	api_add_str(names, "\xc3\xa9\xe2\x82\xac.", "4");
	api_add_str(names, "", "5");
	api_add_str(names, "ok-name_1.2", "6");
	api_add_str(names, "_meta", "m");
	api_add_str(names, "_kept", "k")->flags |= API_N_PRESERVE;
	api_add_str(api_add_object(names, "o b"), "c", "d");
	struct api_node *wc = api_add_object(root, "wc");
	struct api_node *wl = api_add_array(wc, "list", NULL);
	api_add_str(wl, NULL, "x");
	api_add_str(wl, NULL, "y");
	api_add_content_as(wc, "docref", "see <here>", 10);
	struct api_node *ec = api_add_object(root, "ec");
	api_add_int(ec, "id", 0);
	api_add_content_as(ec, "name", "", 0);
	struct api_node *bad = api_node_set_element(api_add_object(root, "bad"), "rev");
	struct api_node *b = api_add_object(bad, "999");
	api_add_int(b, "revid", 999);
	api_add_bool(b, "missing", true);
	struct api_node *fl = api_add_array(root, "fl", NULL);
	api_add_float(fl, NULL, 1.5e-7);
	api_add_float(fl, NULL, 0.0001);
	api_add_float(fl, NULL, 1e15);
	api_add_float(fl, NULL, 1e17);
	api_add_float(fl, NULL, -0.0);
	api_add_float(fl, NULL, 1.0 / 3);
	api_add_float(fl, NULL, 123456789012345678.0);
	return root;
}

static void test_scenario_b(void)
{
	struct api_node *r = tree_b();
	STR_EQ(render(r, "json", 1),
	       "{\"pages\":{\"-1\":{\"ns\":0,\"title\":\"X\",\"missing\":\"\"},\"5\":{\"pageid\":5,\"title\":\"Y\"}},"
	       "\"seq\":[{\"a\":1},{\"a\":2}],\"lim\":[120,150],\"kvp\":{\"k1\":\"v1\",\"k 2\":\"v2\"},"
	       "\"bckvp\":[{\"name\":\"p1\",\"*\":\"v1\"},{\"name\":\"p2\",\"*\":\"\"}],"
	       "\"sub\":{\"text\":{\"*\":\"<b>hi</b>\"},\"other\":\"x\",\"sx\":\"y\"},"
	       "\"names\":{\"a b\":\"1\",\"1abc\":\"2\",\"x:y.z\":\"3\",\"\\u00e9\\u20ac.\":\"4\",\"\":\"5\","
	       "\"ok-name_1.2\":\"6\",\"_kept\":\"k\",\"o b\":{\"c\":\"d\"}},"
	       "\"wc\":{\"list\":[\"x\",\"y\"],\"*\":\"see <here>\"},\"ec\":{\"id\":0,\"*\":\"\"},"
	       "\"bad\":{\"999\":{\"revid\":999,\"missing\":\"\"}},"
	       "\"fl\":[1.5e-7,0.0001,1000000000000000,1.0e+17,-0,0.3333333333333333,1.2345678901234568e+17]}",
	       "json fv1: BCarray keyed, BCassoc list, BCkvp pairs, BC sub-elements");
	STR_EQ(render(r, "json", 2),
	       "{\"pages\":[{\"ns\":0,\"title\":\"X\",\"missing\":true},{\"pageid\":5,\"title\":\"Y\"}],"
	       "\"seq\":[{\"a\":1},{\"a\":2}],\"lim\":{\"0\":120,\"1\":150},\"kvp\":{\"k1\":\"v1\",\"k 2\":\"v2\"},"
	       "\"bckvp\":{\"p1\":\"v1\",\"p2\":true},\"sub\":{\"text\":\"<b>hi</b>\",\"other\":\"x\",\"sx\":\"y\"},"
	       "\"names\":{\"a b\":\"1\",\"1abc\":\"2\",\"x:y.z\":\"3\",\"\xc3\xa9\xe2\x82\xac.\":\"4\",\"\":\"5\","
	       "\"ok-name_1.2\":\"6\",\"_kept\":\"k\",\"o b\":{\"c\":\"d\"}},"
	       "\"wc\":{\"list\":[\"x\",\"y\"],\"docref\":\"see <here>\"},\"ec\":{\"id\":0,\"name\":\"\"},"
	       "\"bad\":{\"999\":{\"revid\":999,\"missing\":true}},"
	       "\"fl\":[1.5e-7,0.0001,1000000000000000,1.0e+17,-0,0.3333333333333333,1.2345678901234568e+17]}",
	       "json fv2: BCarray list, BCassoc object, kvp objects");
	STR_EQ(render(r, "php", 1),
	       "a:11:{s:5:\"pages\";a:2:{i:-1;a:3:{s:2:\"ns\";i:0;s:5:\"title\";s:1:\"X\";s:7:\"missing\";s:0:\"\";}"
	       "i:5;a:2:{s:6:\"pageid\";i:5;s:5:\"title\";s:1:\"Y\";}}s:3:\"seq\";a:2:{i:0;a:1:{s:1:\"a\";i:1;}i:1;"
	       "a:1:{s:1:\"a\";i:2;}}s:3:\"lim\";a:2:{i:0;i:120;i:1;i:150;}s:3:\"kvp\";a:2:{s:2:\"k1\";s:2:\"v1\";"
	       "s:3:\"k 2\";s:2:\"v2\";}s:5:\"bckvp\";a:2:{i:0;a:2:{s:4:\"name\";s:2:\"p1\";s:1:\"*\";s:2:\"v1\";}"
	       "i:1;a:2:{s:4:\"name\";s:2:\"p2\";s:1:\"*\";s:0:\"\";}}s:3:\"sub\";a:3:{s:4:\"text\";a:1:{s:1:\"*\";"
	       "s:9:\"<b>hi</b>\";}s:5:\"other\";s:1:\"x\";s:2:\"sx\";s:1:\"y\";}s:5:\"names\";a:8:{s:3:\"a b\";"
	       "s:1:\"1\";s:4:\"1abc\";s:1:\"2\";s:5:\"x:y.z\";s:1:\"3\";s:6:\"\xc3\xa9\xe2\x82\xac.\";s:1:\"4\";"
	       "s:0:\"\";s:1:\"5\";s:11:\"ok-name_1.2\";s:1:\"6\";s:5:\"_kept\";s:1:\"k\";s:3:\"o b\";a:1:{s:1:\"c\";"
	       "s:1:\"d\";}}s:2:\"wc\";a:2:{s:4:\"list\";a:2:{i:0;s:1:\"x\";i:1;s:1:\"y\";}s:1:\"*\";"
	       "s:10:\"see <here>\";}s:2:\"ec\";a:2:{s:2:\"id\";i:0;s:1:\"*\";s:0:\"\";}s:3:\"bad\";a:1:{i:999;"
	       "a:2:{s:5:\"revid\";i:999;s:7:\"missing\";s:0:\"\";}}s:2:\"fl\";a:7:{i:0;d:1.5E-7;i:1;d:0.0001;"
	       "i:2;d:1000000000000000;i:3;d:1.0E+17;i:4;d:-0;i:5;d:0.3333333333333333;"
	       "i:6;d:1.2345678901234568E+17;}}",
	       "php fv1: integer keys, byte lengths of UTF-8 keys");
	STR_EQ(render(r, "php", 2),
	       "a:11:{s:5:\"pages\";a:2:{i:0;a:3:{s:2:\"ns\";i:0;s:5:\"title\";s:1:\"X\";s:7:\"missing\";b:1;}"
	       "i:1;a:2:{s:6:\"pageid\";i:5;s:5:\"title\";s:1:\"Y\";}}s:3:\"seq\";a:2:{i:0;a:1:{s:1:\"a\";i:1;}i:1;"
	       "a:1:{s:1:\"a\";i:2;}}s:3:\"lim\";a:2:{i:0;i:120;i:1;i:150;}s:3:\"kvp\";a:2:{s:2:\"k1\";s:2:\"v1\";"
	       "s:3:\"k 2\";s:2:\"v2\";}s:5:\"bckvp\";a:2:{s:2:\"p1\";s:2:\"v1\";s:2:\"p2\";b:1;}s:3:\"sub\";"
	       "a:3:{s:4:\"text\";s:9:\"<b>hi</b>\";s:5:\"other\";s:1:\"x\";s:2:\"sx\";s:1:\"y\";}s:5:\"names\";"
	       "a:8:{s:3:\"a b\";s:1:\"1\";s:4:\"1abc\";s:1:\"2\";s:5:\"x:y.z\";s:1:\"3\";"
	       "s:6:\"\xc3\xa9\xe2\x82\xac.\";s:1:\"4\";s:0:\"\";s:1:\"5\";s:11:\"ok-name_1.2\";s:1:\"6\";"
	       "s:5:\"_kept\";s:1:\"k\";s:3:\"o b\";a:1:{s:1:\"c\";s:1:\"d\";}}s:2:\"wc\";a:2:{s:4:\"list\";"
	       "a:2:{i:0;s:1:\"x\";i:1;s:1:\"y\";}s:6:\"docref\";s:10:\"see <here>\";}s:2:\"ec\";a:2:{s:2:\"id\";"
	       "i:0;s:4:\"name\";s:0:\"\";}s:3:\"bad\";a:1:{i:999;a:2:{s:5:\"revid\";i:999;s:7:\"missing\";b:1;}}"
	       "s:2:\"fl\";a:7:{i:0;d:1.5E-7;i:1;d:0.0001;i:2;d:1000000000000000;i:3;d:1.0E+17;i:4;d:-0;"
	       "i:5;d:0.3333333333333333;i:6;d:1.2345678901234568E+17;}}",
	       "php fv2");
	STR_EQ(render(r, "xml", 1),
	       "<?xml version=\"1.0\"?><api><pages><page _idx=\"-1\" ns=\"0\" title=\"X\" missing=\"\" />"
	       "<page _idx=\"5\" pageid=\"5\" title=\"Y\" /></pages><seq><s a=\"1\" /><s a=\"2\" /></seq>"
	       "<lim><limit _idx=\"0\">120</limit><limit _idx=\"1\">150</limit></lim>"
	       "<kvp><pp name=\"k1\" xml:space=\"preserve\">v1</pp><pp name=\"k 2\" xml:space=\"preserve\">v2</pp>"
	       "</kvp><bckvp><pp name=\"p1\" xml:space=\"preserve\">v1</pp><pp name=\"p2\" xml:space=\"preserve\">"
	       "true</pp></bckvp><sub other=\"x\"><text xml:space=\"preserve\">&lt;b&gt;hi&lt;/b&gt;</text>"
	       "<sx xml:space=\"preserve\">y</sx></sub><names _a.20.b=\"1\" _1abc=\"2\" _x.3A.y.2E.z=\"3\" "
	       "\xc3\xa9\xe2\x82\xac.=\"4\" _=\"5\" ok-name_1.2=\"6\" _kept=\"k\"><_o.20.b c=\"d\" /></names>"
	       "<wc><list><_v>x</_v><_v>y</_v></list><docref xml:space=\"preserve\">see &lt;here&gt;</docref></wc>"
	       "<ec id=\"0\" xml:space=\"preserve\" /><bad><rev _idx=\"999\" revid=\"999\" missing=\"\" /></bad>"
	       "<fl><_v>1.5E-7</_v><_v>0.0001</_v><_v>1.0E+15</_v><_v>1.0E+17</_v><_v>-0</_v>"
	       "<_v>0.33333333333333</_v><_v>1.2345678901235E+17</_v></fl></api>",
	       "xml: _idx, kvp items, sub-elements, encoded names, content sub-element");
	const char *raw = pre_of(render(r, "rawfm", 1));
	OK(strstr(raw, "\"_type\": \"BCarray\",\n        \"_element\": \"page\"\n") != NULL, "rawfm: _type and _element");
	OK(strstr(raw, "\"_type\": \"kvp\",\n        \"_kvpkeyname\": \"name\",\n        \"_element\": \"pp\"") != NULL,
	   "rawfm: kvp metadata");
	OK(strstr(raw, "\"docref\": \"see &lt;here>\",\n        \"_content\": \"docref\"") != NULL,
	   "rawfm: _content names the content key");
	OK(strstr(raw, "\"fl\": [\n        1.5e-7,") != NULL, "rawfm: plain list stays a list");
}

/* Scenario C: error-like shapes, root content, kept booleans, kvp with structured values. */
static struct api_node *tree_c(void)
{
	struct api_node *root = api_result_new(A, 0);
	struct api_node *errs = api_add_array(root, "errors", "error");
	struct api_node *e = api_add_object(errs, NULL);
	api_add_str(e, "code", "badvalue");
	api_add_content_as(e, "text", "Bad \"x\".", 8);
	api_add_str(e, "module", "main");
	struct api_node *kl = api_add_array(root, "kl", NULL);
	api_add_bool(kl, NULL, true)->flags |= API_N_KEEP_BOOL;
	api_add_bool(kl, NULL, false)->flags |= API_N_KEEP_BOOL;
	api_add_null(kl, NULL);
	api_add_str(kl, NULL, "x");
	struct api_node *ko = api_node_set_type(api_add_object(root, "ko"), API_ARR_KVP, "name");
	struct api_node *a = api_add_object(ko, "a");
	api_add_str(a, "x", "1");
	api_add_str(api_add_object(a, "y"), "z", "2");
	api_add_bool(a, "q", true);
	struct api_node *b = api_add_array(ko, "b", NULL);
	api_add_int(b, NULL, 1);
	api_add_int(b, NULL, 2);
	struct api_node *nested = api_add_array(root, "nested", NULL);
	struct api_node *n1 = api_add_array(nested, NULL, NULL);
	api_add_int(n1, NULL, 1);
	api_add_int(n1, NULL, 2);
	api_add_array(nested, NULL, NULL);
	api_add_content_as(root, "docref", "See & <x>", 9);
	return root;
}

static void test_scenario_c(void)
{
	struct api_node *r = tree_c();
	STR_EQ(render(r, "json", 1),
	       "{\"errors\":[{\"code\":\"badvalue\",\"module\":\"main\",\"*\":\"Bad \\\"x\\\".\"}],"
	       "\"kl\":[true,false,null,\"x\"],\"ko\":{\"a\":{\"x\":\"1\",\"y\":{\"z\":\"2\"},\"q\":\"\"},\"b\":[1,2]},"
	       "\"nested\":[[1,2],[]],\"*\":\"See & <x>\"}",
	       "json fv1: content moves last, kept booleans in a list");
	STR_EQ(render(r, "json", 2),
	       "{\"errors\":[{\"code\":\"badvalue\",\"text\":\"Bad \\\"x\\\".\",\"module\":\"main\"}],"
	       "\"kl\":[true,false,null,\"x\"],\"ko\":{\"a\":{\"x\":\"1\",\"y\":{\"z\":\"2\"},\"q\":true},\"b\":[1,2]},"
	       "\"nested\":[[1,2],[]],\"docref\":\"See & <x>\"}",
	       "json fv2: content in place");
	STR_EQ(render(r, "php", 1),
	       "a:5:{s:6:\"errors\";a:1:{i:0;a:3:{s:4:\"code\";s:8:\"badvalue\";s:6:\"module\";s:4:\"main\";"
	       "s:1:\"*\";s:8:\"Bad \"x\".\";}}s:2:\"kl\";a:4:{i:0;b:1;i:1;b:0;i:2;N;i:3;s:1:\"x\";}s:2:\"ko\";"
	       "a:2:{s:1:\"a\";a:3:{s:1:\"x\";s:1:\"1\";s:1:\"y\";a:1:{s:1:\"z\";s:1:\"2\";}s:1:\"q\";s:0:\"\";}"
	       "s:1:\"b\";a:2:{i:0;i:1;i:1;i:2;}}s:6:\"nested\";a:2:{i:0;a:2:{i:0;i:1;i:1;i:2;}i:1;a:0:{}}"
	       "s:1:\"*\";s:9:\"See & <x>\";}",
	       "php fv1: root content");
	STR_EQ(render(r, "xml", 1),
	       "<?xml version=\"1.0\"?><api><errors><error code=\"badvalue\" module=\"main\" xml:space=\"preserve\">"
	       "Bad \"x\".</error></errors><kl><_v>1</_v><_v></_v><_v /><_v>x</_v></kl><ko><_v name=\"a\">"
	       "<x xml:space=\"preserve\">1</x><y z=\"2\" /><q xml:space=\"preserve\">true</q></_v><_v name=\"b\">"
	       "<_v>1</_v><_v>2</_v></_v></ko><nested><_v><_v>1</_v><_v>2</_v></_v><_v /></nested>"
	       "<docref xml:space=\"preserve\">See &amp; &lt;x&gt;</docref></api>",
	       "xml: root content as sub-element, kept booleans, kvp with structured values");
	STR_EQ(pre_of(render(r, "jsonfm", 1)),
	       "{\n    \"errors\": [\n        {\n            \"code\": \"badvalue\",\n            \"module\": \"main\",\n"
	       "            \"*\": \"Bad \\\"x\\\".\"\n        }\n    ],\n    \"kl\": [\n        true,\n        false,\n"
	       "        null,\n        \"x\"\n    ],\n    \"ko\": {\n        \"a\": {\n            \"x\": \"1\",\n"
	       "            \"y\": {\n                \"z\": \"2\"\n            },\n            \"q\": \"\"\n        },\n"
	       "        \"b\": [\n            1,\n            2\n        ]\n    },\n    \"nested\": [\n        [\n"
	       "            1,\n            2\n        ],\n        []\n    ],\n    \"*\": \"See &amp; &lt;x>\"\n}",
	       "jsonfm: nested pretty print");

	/* Booleans in a plain list, XML: "true"/"false" text. */
	struct api_node *r2 = api_result_new(A, 0);
	struct api_node *bl = api_add_array(r2, "bl", NULL);
	api_add_bool(bl, NULL, true);
	api_add_bool(bl, NULL, false);
	api_add_null(bl, NULL);
	STR_EQ(render(r2, "xml", 1),
	       "<?xml version=\"1.0\"?><api><bl><_v>true</_v><_v>false</_v><_v /></bl></api>",
	       "xml: booleans as list items");
}

/* Options: callback, xmlns, wrappedhtml, none, size cap; helpers. */
static void test_options(void)
{
	struct api_node *r = api_result_new(A, 0);
	api_add_bool(r, "batchcomplete", true);
	/* a control byte written past the cleaning, to see each format's escape for it */
	struct api_node *rid = api_add_str(r, "requestid", "");
	rid->v.str.s = "x\x01\x7f";
	rid->v.str.len = 3;
	struct api_format_opts cb = { .name = "json", .fv = 1, .callback = "a<b>c.d[e]\"f'g$h_0" };
	STR_EQ(render_opts(r, &cb), "/**/abc.d[e]\"f'gh_0({\"batchcomplete\":\"\",\"requestid\":\"x\\u0001\x7f\"})",
	       "jsonp: unsafe callback characters dropped, \\u0001 escape, DEL raw");
	struct api_format_opts cb0 = { .name = "json", .fv = 2, .callback = "" };
	STR_EQ(render_opts(r, &cb0), "/**/({\"batchcomplete\":true,\"requestid\":\"x\\u0001\x7f\"})",
	       "jsonp: empty callback still wraps");
	struct api_format_opts cbfm = { .name = "jsonfm", .fv = 1, .callback = "foo" };
	STR_EQ(pre_of(render_opts(r, &cbfm)),
	       "/**/foo({\n    \"batchcomplete\": \"\",\n    \"requestid\": \"x\\u0001\x7f\"\n})", "jsonfm with callback");
	struct api_format_opts ns = { .name = "xml", .includexmlnamespace = true };
	STR_EQ(render_opts(r, &ns),
	       "<?xml version=\"1.0\"?><api batchcomplete=\"\" requestid=\"x\x01\x7f\" "
	       "xmlns=\"http://www.mediawiki.org/xml/api/\" />",
	       "xml: includexmlnamespace");
	STR_EQ(render(r, "none", 1), "", "none: empty body");

	struct api_node *w = api_result_new(A, 0);
	api_add_bool(w, "batchcomplete", true);
	struct api_node *c = api_add_object(w, "continue");
	api_add_str(c, "apcontinue", "PsA");
	api_add_str(c, "continue", "-||");
	struct api_format_opts wo = { .name = "jsonfm", .fv = 2, .wrappedhtml = true };
	STR_EQ(render_opts(w, &wo),
	       "{\"status\":200,\"statustext\":\"OK\",\"html\":\"<pre class=\\\"api-pretty-content\\\">{\\n    "
	       "\\\"batchcomplete\\\": true,\\n    \\\"continue\\\": {\\n        \\\"apcontinue\\\": \\\"PsA\\\",\\n"
	       "        \\\"continue\\\": \\\"-||\\\"\\n    }\\n}</pre>\",\"modules\":[\"mediawiki.apipretty\"],"
	       "\"continue\":{\"apcontinue\":\"PsA\",\"continue\":\"-||\"},\"time\":0}",
	       "wrappedhtml: JSON object with the <pre> and continue");
	struct api_format_opts wx = { .name = "xmlfm", .wrappedhtml = true };
	const char *wxs = render_opts(r, &wx);
	OK(strstr(wxs, "\"html\":\"<pre class=\\\"api-pretty-content\\\">&lt;?xml version=\\\"1.0\\\"?>\\n&lt;api") &&
		   strstr(wxs, "\"continue\":null"),
	   "wrappedhtml xmlfm: continue null");

	/* The *fm page names the plain format and links to it. */
	const char *page = render(r, "phpfm", 1);
	OK(strstr(page, "<kbd>format=php</kbd>") != NULL && strstr(page, "<!DOCTYPE html>") == page,
	   "phpfm page links to format=php");
	OK(strstr(render(r, "rawfm", 1), "format=raw") == NULL, "rawfm page has no plain-format link");

	/* Size cap: RC_TOOBIG. */
	struct api_node *big = api_result_new(A, 0);
	struct api_node *l = api_add_array(big, "l", NULL);
	for (int i = 0; i < 100; i++)
		api_add_str(l, NULL, "0123456789");
	struct api_format_opts jo = { .name = "json", .fv = 1 };
	const char *ct;
	struct sbuf out;
	sbuf_init(&out, 500);
	INT_EQ(api_format_write(NULL, big, &jo, &out, &ct), RC_TOOBIG, "json over the cap: RC_TOOBIG");
	sbuf_release(&out);
	struct api_format_opts xo = { .name = "xmlfm" };
	sbuf_init(&out, 500);
	INT_EQ(api_format_write(NULL, big, &xo, &out, &ct), RC_TOOBIG, "xmlfm over the cap: RC_TOOBIG");
	sbuf_release(&out);
	sbuf_init(&out, 100000);
	INT_EQ(api_format_write(NULL, big, &xo, &out, &ct), RC_OK, "xmlfm under the cap: RC_OK");
	sbuf_release(&out);
}

static void test_helpers(void)
{
	long long v = 99;
	OK(fmt_key_is_int("0", &v) && v == 0, "int key 0");
	OK(fmt_key_is_int("-12", &v) && v == -12, "int key -12");
	OK(fmt_key_is_int("9223372036854775807", &v) && v == 9223372036854775807LL, "int key max");
	OK(fmt_key_is_int("-9223372036854775808", &v), "int key min");
	OK(!fmt_key_is_int("9223372036854775808", NULL), "int key overflow is a string");
	OK(!fmt_key_is_int("-0", NULL) && !fmt_key_is_int("01", NULL) && !fmt_key_is_int("", NULL) &&
		   !fmt_key_is_int("1a", NULL) && !fmt_key_is_int("-", NULL),
	   "non-canonical integers are strings");
	char buf[64];
	STR_EQ(fmt_php_float(0.5, 17, 'e', buf), "0.5", "float 0.5");
	STR_EQ(fmt_php_float(100, 17, 'e', buf), "100", "float 100");
	STR_EQ(fmt_php_float(1e-5, 17, 'e', buf), "1.0e-5", "float 1e-5");
	STR_EQ(fmt_php_float(-2.5e-300, 17, 'E', buf), "-2.5E-300", "float -2.5e-300");
	STR_EQ(fmt_php_float(1e16, 17, 'e', buf), "10000000000000000", "float 1e16");
	STR_EQ(fmt_php_float(123.456, 14, 'E', buf), "123.456", "float 14 digits");
	STR_EQ(fmt_php_float(INFINITY, 17, 'E', buf), "INF", "float INF");
	STR_EQ(fmt_php_float(-INFINITY, 17, 'E', buf), "-INF", "float -INF");
	STR_EQ(fmt_php_float(NAN, 17, 'E', buf), "NAN", "float NAN");
}

/*
 * Bytes that are not UTF-8 become U+FFFD when added to the result (as
 * MediaWiki's ApiResult cleans values) and again in the JSON writer:
 * also overlong forms, surrogates and values past U+10FFFF, which used
 * to be copied as they came and made the output invalid UTF-8 (found by
 * fuzz_format).
 */
static void test_bad_utf8(void)
{
	struct api_node *root = api_result_new(A, 1 << 20);
	api_add_str(root, "s", "a\xed\xa0\x80" "b");
	api_add_str(root, "o", "\xc0\x80");
	api_add_str(root, "h", "\xf5\x80\x80\x80");
	api_add_str(root, "k", "\xf0\x9f\x98\x80");
	STR_EQ(api_node_get(root, "o")->v.str.s, "\xef\xbf\xbd\xef\xbf\xbd", "the result keeps cleaned text");
	STR_EQ(render(root, "xml", 2), "<?xml version=\"1.0\"?><api s=\"a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b\" "
	       "o=\"\xef\xbf\xbd\xef\xbf\xbd\" h=\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\" k=\"\xf0\x9f\x98\x80\" />",
	       "XML gets the cleaned text");
	STR_EQ(render(root, "json", 2),
	       "{\"s\":\"a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b\",\"o\":\"\xef\xbf\xbd\xef\xbf\xbd\","
	       "\"h\":\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\",\"k\":\"\xf0\x9f\x98\x80\"}",
	       "invalid sequences become U+FFFD per byte, a valid 4-byte one stays");
	STR_EQ(render(root, "json", 1),
	       "{\"s\":\"a\\ufffd\\ufffd\\ufffdb\",\"o\":\"\\ufffd\\ufffd\",\"h\":\"\\ufffd\\ufffd\\ufffd\\ufffd\","
	       "\"k\":\"\\ud83d\\ude00\"}",
	       "the same escaped in formatversion 1");
}

/* As UtfNormal's cleanUp(): controls and U+FFFE/U+FFFF replaced, the text put in NFC. */
static void test_cleanup(void)
{
	static const struct {
		const char *in, *out, *name;
	} cases[] = {
		{ "plain ascii text, long enough", "plain ascii text, long enough", "ASCII stays" },
		{ "tab\tLF\nCR\r", "tab\tLF\nCR\r", "tab, LF and CR stay" },
		{ "a\x01" "b\x1f" "c\x0b", "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd", "other C0 controls replaced" },
		{ "eight by\x7ftes", "eight by\x7ftes", "DEL stays" },
		{ "x\xef\xbf\xbe" "y\xef\xbf\xbf", "x\xef\xbf\xbd" "y\xef\xbf\xbd", "U+FFFE and U+FFFF replaced" },
		{ "e\xcc\x81", "\xc3\xa9", "e and a combining acute composed" },
		{ "\xe2\x84\xab", "\xc3\x85", "a singleton (Angstrom sign) normalized" },
		{ "a\xcc\xa7\xcc\xb4", "a\xcc\xb4\xcc\xa7", "combining marks reordered" },
		{ "\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80", "Hangul jamo composed" },
		{ "\xc3\xa9t\xc3\xa9 \xe4\xb8\xad\xf0\x9f\x98\x80", "\xc3\xa9t\xc3\xa9 \xe4\xb8\xad\xf0\x9f\x98\x80",
		  "NFC text stays" },
		{ "line one\nline two, then\x02 a control", "line one\nline two, then\xef\xbf\xbd a control",
		  "a control after a line break, past the first words" },
		{ "first line\nsecond line\nthird e\xcc\x81", "first line\nsecond line\nthird \xc3\xa9",
		  "a decomposed letter after line breaks composed" },
		{ "first line\n\tsecond line\xff", "first line\n\tsecond line\xef\xbf\xbd",
		  "a bad byte at the end after a line break and a tab" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t n;
		STR_EQ(api_utf8_clean(A, cases[i].in, strlen(cases[i].in), &n), cases[i].out, cases[i].name);
		OK(n == strlen(cases[i].out), cases[i].name);
	}
}

/* A small deterministic random generator for the trees below. */
static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

/* Add random members (scalars and containers of every array type and flag) to `n`. */
static void random_members(struct api_node *n, int depth)
{
	static const char *const keys[] = { "a", "b", "0", "1", "7", "-1", "01", "_meta", "*", "content", "x y" };
	unsigned count = rnd(6);
	bool is_list = n->type == API_N_ARRAY;
	for (unsigned i = 0; i < count; i++) {
		const char *key = is_list && rnd(3) ? NULL : keys[rnd(ARRAY_SIZE(keys))];
		struct api_node *c;
		switch (rnd(depth > 3 ? 4 : 7)) {
		case 0: c = api_add_str(n, key, rnd(2) ? "text" : "caf\xc3\xa9 \"q\"\n"); break;
		case 1: c = api_add_int(n, key, (long long)rnd(1000) - 500); break;
		case 2: c = api_add_bool(n, key, rnd(2)); break;
		case 3: c = api_add_null(n, key); break;
		case 4: c = api_add_object(n, key); break;
		default: c = api_add_array(n, key, rnd(2) ? "item" : NULL); break;
		}
		if (!c)
			continue;
		static const unsigned flags[] = { 0, API_N_CONTENT, API_N_KEEP_BOOL, API_N_SUBELEMENT, API_N_PRESERVE,
						  API_N_BC_SUBELEMENT };
		c->flags |= flags[rnd(ARRAY_SIZE(flags))];
		if (c->type == API_N_OBJECT || c->type == API_N_ARRAY) {
			api_node_set_type(c, (enum api_array_type)rnd(6), rnd(2) ? "name" : NULL);
			random_members(c, depth + 1);
		}
	}
}

/*
 * The JSON writer's direct path and the plain tree's agree byte for byte
 * on random trees, in both formatversions, compact and pretty.
 */
static void test_direct_equals_plain(void)
{
	int same = 0, total = 0;
	for (int t = 0; t < 3000; t++) {
		struct arena *a = arena_new();
		struct api_node *root = api_result_new(a, 1 << 20);
		random_members(root, 0);
		for (int fv = 1; fv <= 2; fv++) {
			for (int pretty = 0; pretty < 2; pretty++) {
				struct api_format_opts o = { .fv = fv, .name = "json" };
				struct sbuf direct, plain;
				sbuf_init(&direct, 1 << 22);
				sbuf_init(&plain, 1 << 22);
				api_format_json(root, &o, pretty, &direct);
				fmt_json_plain(fmt_plain(a, root, fv == 1 ? FMT_BC : FMT_V2), fv == 2, pretty, &plain);
				total++;
				if (direct.len == plain.len && memcmp(sbuf_cstr(&direct), sbuf_cstr(&plain), plain.len) == 0)
					same++;
				else if (total - same == 1)
					STR_EQ(sbuf_cstr(&direct), sbuf_cstr(&plain), "first tree that differs");
				sbuf_release(&direct);
				sbuf_release(&plain);
			}
		}
		arena_free(a);
	}
	INT_EQ(same, total, "direct JSON output equals the plain tree's on 3000 random trees");
}

/*
 * JSON strings are scanned eight bytes at a time: every character that
 * needs escaping, at every position of the word, gets the same output as
 * a plain byte-by-byte escaper gives.
 */
static void test_json_escapes_at_every_offset(void)
{
	const char specials[] = { '"', '\\', '\n', '\t', '\x01', '\x1f', ' ', '~', '\x7f' };
	int bad = 0;
	for (size_t k = 0; k < sizeof(specials); k++) {
		for (size_t at = 0; at < 20; at++) {
			char in[24];
			memset(in, 'a', sizeof(in));
			in[at] = specials[k];
			struct api_node *root = api_result_new(A, 0);
			/* the raw bytes, past the cleaning api_add_strn() does (test_cleanup has that) */
			struct api_node *sn = api_add_strn(root, "s", in, sizeof(in));
			sn->v.str.s = arena_strndup(A, in, sizeof(in));
			sn->v.str.len = sizeof(in);
			char want[200];
			size_t w = 0;
			w += (size_t)snprintf(want + w, sizeof(want) - w, "{\"s\":\"");
			for (size_t i = 0; i < sizeof(in); i++) {
				unsigned char c = (unsigned char)in[i];
				if (c == '"' || c == '\\')
					w += (size_t)snprintf(want + w, sizeof(want) - w, "\\%c", c);
				else if (c == '\n')
					w += (size_t)snprintf(want + w, sizeof(want) - w, "\\n");
				else if (c == '\t')
					w += (size_t)snprintf(want + w, sizeof(want) - w, "\\t");
				else if (c < 0x20)
					w += (size_t)snprintf(want + w, sizeof(want) - w, "\\u%04x", c);
				else
					want[w++] = (char)c;
			}
			snprintf(want + w, sizeof(want) - w, "\"}");
			if (!streq(render(root, "json", 2), want))
				bad++;
		}
	}
	INT_EQ(bad, 0, "json: escapes found at every offset of an eight-byte word");
	/* fmt_json_plain_len() (struct api_rows' fast path) stops at the first such byte, at any length. */
	bad = 0;
	const char more[] = { '"', '\\', '\n', '\x01', '\x80', '\xc3', '\xff' };
	for (size_t len = 0; len <= 24; len++) {
		char in[24];
		memset(in, 'a', sizeof(in));
		if (fmt_json_plain_len(in, len) != len)
			bad++;
		for (size_t k = 0; k < sizeof(more); k++) {
			for (size_t at = 0; at < len; at++) {
				memset(in, 'a', sizeof(in));
				in[at] = more[k];
				if (fmt_json_plain_len(in, len) != at)
					bad++;
			}
		}
	}
	INT_EQ(bad, 0, "fmt_json_plain_len: the offset of the first byte to escape, or the length");
	struct api_node *root = api_result_new(A, 0);
	api_add_str(root, "s", "abcdefg\xc3\xa9" "abcdefgh\xe2\x80\xa8" "abcdefgh");
	STR_EQ(render(root, "json", 2), "{\"s\":\"abcdefg\xc3\xa9" "abcdefgh\\u2028abcdefgh\"}",
	       "json: UTF-8 after a plain word is kept, U+2028 escaped");
}

/* One random list item, the same calls for any writer `w` given the same rnd_state. */
static void random_row(struct api_rows *w)
{
	static const char *const keys[] = { "type", "ns", "title", "pageid", "revid", "a\"b", "k\xc3\xa9y", "_meta",
					    "user", "comment", "timestamp", "sizes", "k12", "k13", "k14", "k15", "k16",
					    "k17", "k18", "k19", "k20", "k21", "k22", "k23", "k24", "k25", "k26",
					    "a key longer than twenty-four bytes" };
	static const char *const strs[] = { "", "edit", "Main Page", "caf\xc3\xa9 \"q\" \\ /", "tab\there\n",
					    "\xe2\x80\xa8 sep", "\xf0\x9f\x98\x80 emoji", "bad \xc0\x80 \xed\xa0\x80 x",
					    "\x01\x1f\x7f", "2026-12-03T09:33:40Z", NULL,
					    "a somewhat longer summary text that runs past one word" };
	static const long long ints[] = { 0, 7, -7, 10, 99, 100, 12345, -1000000, LLONG_MAX, LLONG_MIN };
	/* Page keys for api_row_title(): underscores at every offset of a word, escapes, non-ASCII, NULL. */
	static const char *const dbkeys[] = { "", "A", "Main_Page", "_", "a_b_c_d_e_f_g_h_i", "Long_title_of_sixteen",
					      "Quote_\"x\"", "Back\\slash_", "Caf\xc3\xa9_au_lait", "Tab\there", "_^_^_^_^",
					      NULL };
	/* Timestamps for api_row_timestamp(): valid ones, and what is written as it is. */
	static const char *const stamps[] = { "20261203093340", "19700101000000", "99991231235959", "2026120309334",
					      "202612030933401", "2026120309334x", "20261203:93340", "", "infinity", NULL };
	api_row_begin(w);
	bool has_content = false;
	unsigned count = rnd(12);
	for (unsigned i = 0; i < count; i++) {
		const char *key = keys[rnd(ARRAY_SIZE(keys))];
		switch (rnd(9)) {
		case 0: api_row_str(w, key, strs[rnd(ARRAY_SIZE(strs))]); break;
		case 1: api_row_int(w, key, ints[rnd(ARRAY_SIZE(ints))]); break;
		case 2: api_row_bool(w, key, rnd(2)); break;
		case 3: {
			struct api_node *tags = api_add_array(api_row_node(w), "tags", "tag");
			for (unsigned k = rnd(3); k > 0; k--)
				api_add_str(tags, NULL, strs[rnd(ARRAY_SIZE(strs))]);
			break;
		}
		case 4: {
			struct api_node *o = api_add_object(api_row_node(w), key);
			random_members(o, 2);
			api_add_bool(api_row_node(w), "kept", rnd(2))->flags |= API_N_KEEP_BOOL;
			break;
		}
		case 5: api_row_strn(w, key, "ab\0cd", 5); break;
		case 6: api_row_title(w, key, rnd(2) ? 0 : 1, dbkeys[rnd(ARRAY_SIZE(dbkeys))]); break;
		case 7: api_row_timestamp(w, key, stamps[rnd(ARRAY_SIZE(stamps))]); break;
		default:
			/* One content value per item, as the tree keeps only the last. */
			if (!has_content)
				api_add_content(api_row_node(w), "content \"x\"", 11);
			has_content = true;
			break;
		}
	}
	api_row_end(w);
}

/*
 * struct api_rows writes the same bytes as the tree it replaces, and
 * grows the result size by the same amount, in every JSON flavour; the
 * other formats get the tree itself.
 */
static void test_rows_equal_tree(void)
{
	static const struct api_format_opts fos[] = {
		{ .name = "json", .fv = 1 }, { .name = "json", .fv = 1, .utf8 = true }, { .name = "json", .fv = 2 },
		{ .name = "json", .fv = 2, .ascii = true }, { .name = "json", .fv = 1, .callback = "cb" },
	};
	int same = 0, total = 0;
	for (int t = 0; t < 400; t++) {
		for (size_t f = 0; f < ARRAY_SIZE(fos); f++) {
			struct arena *a = arena_new();
			struct api_node *roots[2];
			size_t sizes[2];
			const char *out[2];
			for (int mode = 0; mode < 2; mode++) {
				rnd_state = (unsigned)t * 7919u + 1u;
				roots[mode] = api_result_new(a, 1 << 20);
				api_add_str(roots[mode], "before", "x");
				struct api_node *list = api_add_array(api_node_object(roots[mode], "query"), "list", "item");
				struct api_rows w;
				api_rows_start_for(&w, list, mode ? &fos[f] : NULL);
				if (mode && !w.json)
					BUG("format=json did not write text");
				for (unsigned n = rnd(6); n > 0; n--)
					random_row(&w);
				/* Lists inside items of a list of nodes, each with a writer like the first. */
				struct api_node *pages = api_add_array(api_node_object(roots[mode], "query"), "pages", "p");
				for (unsigned n = rnd(4); n > 0; n--) {
					struct api_node *e = api_add_object(pages, NULL);
					api_add_int(e, "pageid", n);
					struct api_rows sub;
					api_rows_start_like(&sub, api_add_array(e, "revisions", "rev"), &w);
					api_add_str(e, "title", "T");
					for (unsigned k = rnd(4); k > 0; k--)
						random_row(&sub);
				}
				api_add_int(roots[mode], "after", 1);
				sizes[mode] = roots[mode]->res->size;
				struct sbuf sb;
				sbuf_init(&sb, 1 << 22);
				api_format_json(roots[mode], &fos[f], false, &sb);
				out[mode] = arena_strndup(a, sbuf_cstr(&sb), sb.len);
				sbuf_release(&sb);
			}
			total++;
			if (streq(out[0], out[1]) && sizes[0] == sizes[1])
				same++;
			else if (total - same == 1) {
				STR_EQ(out[1], out[0], "first list that differs");
				INT_EQ((long long)sizes[1], (long long)sizes[0], "its result size");
			}
			arena_free(a);
		}
	}
	INT_EQ(same, total, "api_rows: JSON text equals the tree's output, same result size (2000 lists)");

	/* Other formats, and the pretty ones, get the tree. */
	static const char *const others[] = { "xml", "php", "jsonfm", "rawfm" };
	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		struct api_format_opts o = { .name = others[i], .fv = 1, .is_fm = strstr(others[i], "fm") != NULL };
		struct api_node *root = api_result_new(A, 0);
		struct api_rows w;
		api_rows_start_for(&w, api_add_array(root, "l", "i"), &o);
		api_row_begin(&w);
		api_row_int(&w, "n", 1);
		api_row_end(&w);
		OK(!w.json && root->first->first && root->first->first->type == API_N_OBJECT, others[i]);
	}
	/* A list that is not empty, or not a plain list, is not written as text either. */
	struct api_format_opts json = { .name = "json", .fv = 2 };
	struct api_node *root = api_result_new(A, 0);
	struct api_node *l = api_add_array(root, "l", "i");
	api_add_int(l, NULL, 1);
	struct api_rows w;
	api_rows_start_for(&w, l, &json);
	OK(!w.json, "a list with items already is written as a tree");
	api_rows_start_for(&w, api_node_set_type(api_add_array(root, "m", "i"), API_ARR_BCARRAY, NULL), &json);
	OK(!w.json, "a BCarray list is written as a tree");
}

/*
 * api_row_title() and api_row_strn() check and copy strings eight bytes
 * at a time: an underscore (a space in the title), a byte to escape or a
 * non-ASCII byte at every offset of strings of every length up to 24
 * gives the bytes of the tree.
 */
static void test_rows_strings_at_every_offset(void)
{
	const char specials[] = { '_', '"', '\\', '\n', '\x01', '\x7f', '\xc3', '^' };
	struct api_format_opts json = { .name = "json", .fv = 2 };
	int bad = 0, total = 0;
	for (size_t len = 0; len <= 24; len++) {
		for (size_t k = 0; k < sizeof(specials); k++) {
			for (size_t at = 0; at < (len ? len : 1); at++) {
				char in[25];
				memset(in, 'a', sizeof(in));
				in[len] = '\0';
				if (len)
					in[at] = specials[k];
				/* Underscores everywhere but one byte, too. */
				char under[25];
				memset(under, '_', sizeof(under));
				under[len] = '\0';
				if (len)
					under[at] = specials[k];
				const char *out[2];
				for (int mode = 0; mode < 2; mode++) {
					struct api_node *root = api_result_new(A, 0);
					struct api_rows w;
					api_rows_start_for(&w, api_add_array(root, "l", "i"), mode ? &json : NULL);
					api_row_begin(&w);
					api_row_title(&w, "t", 0, in);
					api_row_title(&w, "u", 0, under);
					api_row_strn(&w, "s", in, len);
					api_row_end(&w);
					out[mode] = render(root, "json", 2);
				}
				total++;
				if (streq(out[0], out[1]))
					continue;
				if (!bad++)
					STR_EQ(out[1], out[0], "first string that differs");
			}
		}
	}
	INT_EQ(bad, 0, "api_rows: titles and strings at every offset as the tree writes them");
	OK(total > 1000, "api_rows: strings at every offset were tried");
	/* The title of the main namespace is its key with spaces. */
	struct api_node *root = api_result_new(A, 0);
	struct api_rows w;
	api_rows_start_for(&w, api_add_array(root, "l", "i"), &json);
	api_row_begin(&w);
	api_row_title(&w, "title", 0, "A_b_c_d_e_f_g_h_i_j");
	api_row_timestamp(&w, "timestamp", "20261203093340");
	api_row_timestamp(&w, "expiry", "infinity");
	api_row_end(&w);
	STR_EQ(render(root, "json", 2),
	       "{\"l\":[{\"title\":\"A b c d e f g h i j\",\"timestamp\":\"2026-12-03T09:33:40Z\",\"expiry\":\"infinity\"}]}",
	       "api_rows: a title, a timestamp and a value that is no timestamp");
}

/* util_format_ll agrees with printf's %lld. */
static void test_format_ll(void)
{
	static const long long fixed[] = { 0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, -1, -9, -10, -100,
					   LLONG_MAX, LLONG_MIN, LLONG_MIN + 1, 1000000000000000000LL,
					   999999999999999999LL, -1000000000000000000LL };
	int bad = 0;
	for (size_t i = 0; i < ARRAY_SIZE(fixed) + 20000; i++) {
		long long v = i < ARRAY_SIZE(fixed) ? fixed[i]
			      : (long long)(((unsigned long long)rnd(1u << 30) << 34) ^ ((unsigned long long)rnd(1u << 30) << 4) ^
					    rnd(16)) >> rnd(63);
		char got[UTIL_LL_CHARS], want[32];
		size_t n = util_format_ll(v, got);
		snprintf(want, sizeof(want), "%lld", v);
		if (n != strlen(want) || !streq(got, want))
			bad++;
	}
	INT_EQ(bad, 0, "util_format_ll: the text of %lld, NUL-terminated, its length returned");
}

int main(void)
{
	test_direct_equals_plain();
	A = arena_new();
	test_rows_equal_tree();
	test_rows_strings_at_every_offset();
	test_format_ll();
	test_bad_utf8();
	test_cleanup();
	test_scenario_a();
	test_content_types();
	test_scenario_b();
	test_scenario_c();
	test_options();
	test_helpers();
	test_json_escapes_at_every_offset();
	arena_free(A);
	return harness_done();
}
