/* SPDX-License-Identifier: MIT */
/*
 * formats.c — the eight format modules (format=json, jsonfm, xml, xmlfm,
 * php, phpfm, rawfm, none). They have no exec: the dispatcher validates
 * the chosen module's parameters into a struct api_format_opts and hands
 * the finished result tree to api_format_write() (format.c). The tables
 * below are what help and paraminfo show, in MediaWiki's parameter order.
 */
#include <stddef.h>

#include "../api_int.h"

/* formatversion: "latest" is resolved to 2 by the dispatcher (opts.fv). */
static const char *const formatversions[] = { "1", "2", "latest", NULL };

static const char *const formatversion_descs[] = {
	"1=The original shape: true booleans as empty strings, content under \"*\", and other legacy "
	"details.",
	"2=The current shape: real booleans, content under its own key, lists as lists.",
	"latest=The newest shape (2 today); it may change in a later version.",
	NULL,
};

/*
 * Parameter entries shared by several modules, in MediaWiki's order:
 * wrappedhtml first for the *fm variants, then the format's own ones.
 * Every entry fills a field of struct api_format_opts.
 */
#define P_WRAPPEDHTML                                                                                   \
	{ .name = "wrappedhtml", .type = API_T_BOOL,                                                     \
	  .offset = offsetof(struct api_format_opts, wrappedhtml),                                       \
	  .desc = "Return the pretty-printed HTML and the ResourceLoader modules it needs as a JSON "    \
		  "object." },

#define P_FORMATVERSION                                                                                 \
	{ .name = "formatversion", .type = API_T_ENUM, .dflt = "1", .values = formatversions,            \
	  .value_descs = formatversion_descs, .offset = offsetof(struct api_format_opts, formatversion), \
	  .desc = "Shape of the output." },

#define P_JSON                                                                                            \
	{ .name = "callback", .type = API_T_STRING, .offset = offsetof(struct api_format_opts, callback),  \
	  .desc = "Wrap the output in a call to this JavaScript function (JSONP). The request is then "     \
		  "answered as if no user were logged in." },                                             \
	{ .name = "utf8", .type = API_T_BOOL, .offset = offsetof(struct api_format_opts, utf8),            \
	  .desc = "Write non-ASCII characters as UTF-8 instead of hexadecimal escapes. The default when "   \
		  "formatversion is not 1." },                                                            \
	{ .name = "ascii", .type = API_T_BOOL, .offset = offsetof(struct api_format_opts, ascii),          \
	  .desc = "Write every non-ASCII character as a hexadecimal escape. The default when "             \
		  "formatversion is 1." },                                                                \
	P_FORMATVERSION

#define P_XML                                                                                             \
	{ .name = "xslt", .type = API_T_STRING, .offset = offsetof(struct api_format_opts, xslt),          \
	  .desc = "Name of a page in the MediaWiki namespace, ending in .xsl, to use as XSL stylesheet." }, \
	{ .name = "includexmlnamespace", .type = API_T_BOOL,                                             \
	  .offset = offsetof(struct api_format_opts, includexmlnamespace),                               \
	  .desc = "Put the XML namespace of the API on the root element." },

static const struct api_param json_params[] = { P_JSON { 0 } };
static const struct api_param jsonfm_params[] = { P_WRAPPEDHTML P_JSON { 0 } };
static const struct api_param xml_params[] = { P_XML { 0 } };
static const struct api_param xmlfm_params[] = { P_WRAPPEDHTML P_XML { 0 } };
static const struct api_param php_params[] = { P_FORMATVERSION { 0 } };
static const struct api_param phpfm_params[] = { P_WRAPPEDHTML P_FORMATVERSION { 0 } };
static const struct api_param rawfm_params[] = { P_WRAPPEDHTML { 0 } };
static const struct api_param none_params[] = { { 0 } };

/* Every format module documents itself on the same manual page. */
static const char *const helpurls[] = { "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Data_formats",
					NULL };

/* Examples: query string, then what it does. */
static const char *const json_examples[] = {
	"action=query&meta=siteinfo&siprop=namespaces&format=json", "Get the namespaces of the wiki as JSON.",
	NULL,
};
static const char *const jsonfm_examples[] = {
	"action=query&meta=siteinfo&siprop=namespaces&format=jsonfm",
	"Get the namespaces of the wiki as JSON, laid out as an HTML page.", NULL,
};
static const char *const xml_examples[] = {
	"action=query&meta=siteinfo&siprop=namespaces&format=xml", "Get the namespaces of the wiki as XML.",
	NULL,
};
static const char *const xmlfm_examples[] = {
	"action=query&meta=siteinfo&siprop=namespaces&format=xmlfm",
	"Get the namespaces of the wiki as XML, laid out as an HTML page.", NULL,
};
static const char *const php_examples[] = {
	"action=query&meta=siteinfo&siprop=namespaces&format=php",
	"Get the namespaces of the wiki as serialized PHP.", NULL,
};
static const char *const phpfm_examples[] = {
	"action=query&meta=siteinfo&siprop=namespaces&format=phpfm",
	"Get the namespaces of the wiki as serialized PHP, laid out as an HTML page.", NULL,
};
static const char *const rawfm_examples[] = {
	"action=query&meta=siteinfo&siprop=namespaces&format=rawfm",
	"Get the namespaces of the wiki with the result tree's metadata, as an HTML page.", NULL,
};
static const char *const none_examples[] = {
	"action=query&meta=siteinfo&siprop=namespaces&format=none", "Run the query and send nothing back.",
	NULL,
};

/*
 * One module spec per format. No exec: the dispatcher calls
 * api_format_write() with the filled options instead. API_M_NO_READ
 * because choosing a format needs no right.
 */
#define FORMAT_MODULE(sym, nm, prm, sum, ex)                                                   \
	const struct api_module api_module_##sym = {                                             \
		.name = nm,                                                                      \
		.group = API_G_FORMAT,                                                           \
		.prefix = "",                                                                    \
		.flags = API_M_NO_READ,                                                          \
		.params = prm,                                                                   \
		.params_size = sizeof(struct api_format_opts),                                   \
		.summary = sum,                                                                  \
		.examples = ex,                                                                  \
		.helpurls = helpurls,                                                            \
		.source = "MediaWiki",                                                           \
	};

FORMAT_MODULE(fmt_json, "json", json_params, "Send the result as JSON.", json_examples)
FORMAT_MODULE(fmt_jsonfm, "jsonfm", jsonfm_params, "Send the result as JSON, pretty-printed in an HTML page.",
	      jsonfm_examples)
FORMAT_MODULE(fmt_xml, "xml", xml_params, "Send the result as XML.", xml_examples)
FORMAT_MODULE(fmt_xmlfm, "xmlfm", xmlfm_params, "Send the result as XML, pretty-printed in an HTML page.",
	      xmlfm_examples)
FORMAT_MODULE(fmt_php, "php", php_params, "Send the result as serialized PHP.", php_examples)
FORMAT_MODULE(fmt_phpfm, "phpfm", phpfm_params,
	      "Send the result as serialized PHP, pretty-printed in an HTML page.", phpfm_examples)
FORMAT_MODULE(fmt_rawfm, "rawfm", rawfm_params,
	      "Send the result tree with its metadata as JSON in an HTML page, for debugging.", rawfm_examples)
FORMAT_MODULE(fmt_none, "none", none_params, "Send nothing.", none_examples)
