/* SPDX-License-Identifier: MIT */
/*
 * sanitizer.h — private to src/parser: the HTML sanitizer of the wikitext
 * parser, deciding what MediaWiki 1.39's Sanitizer class decides.
 *
 * The main pass runs wt_san_remove_html_tags() over the expanded text:
 * tags on the allow-list keep their place with validated attributes,
 * every other '<' becomes "&lt;". Tags are not balanced here; as in
 * MediaWiki, the final tidy pass builds the tree. The other functions
 * are the building blocks the parser, Cite and the extension tags share:
 * attribute lists (decode, validate per element, encode), the CSS check
 * for style="", ids and anchors for both fragment modes, character
 * references, URLs of external links and CSS class names.
 *
 * Every function that returns a `struct str` allocates it in the arena it
 * is given (or returns its input unchanged); functions that append to a
 * `struct sbuf` return RC_OK or RC_TOOBIG once the buffer's cap is hit.
 * Input is expected to be UTF-8; invalid bytes never make the output
 * unsafe, only different from MediaWiki's (which would refuse the text).
 */
#ifndef WT_SANITIZER_H
#define WT_SANITIZER_H

#include "../util/arena.h"
#include "../util/sbuf.h"

/* One attribute: its lower-cased name and its decoded value. */
struct wt_attr {
	struct str name;  /* lower case (ASCII letters only, as PHP's strtolower) */
	struct str value; /* whitespace-collapsed, character references decoded */
};

/*
 * An ordered attribute list with the semantics of a PHP array: setting a
 * name already present replaces its value but keeps its first position.
 * The array lives in the arena of whoever fills it.
 */
struct wt_attrs {
	struct wt_attr *v; /* attributes in order */
	size_t n;          /* count */
	size_t cap;        /* allocated slots */
};

/* How ids and fragments are escaped (one entry of $wgFragmentMode). */
enum wt_id_mode {
	WT_ID_HTML5,  /* whitespace becomes '_', everything else kept */
	WT_ID_LEGACY, /* percent-encoding with '%' turned into '.' ("legacy") */
};

/* The URL protocols of the wiki ($wgUrlProtocols), in their configured order. */
struct wt_protocols {
	const char *const *v; /* e.g. "http://", "mailto:", "//" */
	size_t n;             /* count */
};

/* MediaWiki 1.39's default $wgUrlProtocols (what meta=siteinfo&siprop=protocols lists). */
const struct wt_protocols *wt_san_default_protocols(void);

/*
 * Callback for attribute text of an allowed tag, before it is validated:
 * the parser expands template arguments left in it and unstrips markers
 * (MediaWiki passes the same kind of callback). It replaces *params with
 * the new text, owned by the callback's arena.
 */
typedef void wt_san_attr_fn(void *data, struct str *params);

/*
 * Sanitizer::internalRemoveHtmlTags(): drop HTML comments, then for every
 * '<' decide whether a tag on the wikitext allow-list starts there. An
 * allowed tag is written back lower-cased with fixed attributes (a
 * self-closing "<b/>" loses its slash, "<li/>" becomes "<li></li>",
 * "<br/>" stays; <meta>/<link> need itemprop and content/href); anything
 * else is escaped as text, and every '>' outside tags becomes "&gt;".
 * Appends to `out`. `protos` NULL means the default protocols; `cb` may be
 * NULL. Returns RC_OK or RC_TOOBIG.
 */
int wt_san_remove_html_tags(struct arena *a, struct sbuf *out, struct str text, const struct wt_protocols *protos,
			    wt_san_attr_fn *cb, void *cb_data);

/*
 * A parse's handle on the attribute texts already sanitized, with what
 * they became: pages repeat the same attributes on many tags and table
 * cells (class="reference-text", scope="row"), and each costs a decode,
 * a validation (with CSS checks) and an encode. The answer depends only
 * on the element, the text and the protocol list, so one table shared by
 * all parses (thread-safe, bounded) remembers them; the handle carries
 * the protocol list's part of the key.
 */
struct wt_san_memo;

/* A handle in `a` for a parse with the protocols `protos` (NULL: the defaults). */
struct wt_san_memo *wt_san_memo_new(struct arena *a, const struct wt_protocols *protos);

/*
 * wt_san_remove_html_tags() answering repeated attribute texts from
 * the shared table through `memo` (made for `protos`; NULL: no memo).
 * The output is the same.
 */
int wt_san_remove_html_tags_memo(struct arena *a, struct sbuf *out, struct str text, const struct wt_protocols *protos,
				 wt_san_attr_fn *cb, void *cb_data, struct wt_san_memo *memo);

/*
 * Sanitizer::removeHTMLcomments(): remove "<!--" … "-->"; a comment alone
 * between two newlines (spaces aside) takes one newline and the spaces
 * with it. An unterminated comment stops the removal. Result in `a`.
 */
struct str wt_san_remove_comments(struct arena *a, struct str text);

/*
 * True when `name` (lower case) is an element wikitext may write as a tag
 * (<b>, <div>, <table>, <br>, ...); such names are the ones
 * wt_san_remove_html_tags() keeps.
 */
bool wt_san_is_allowed_tag(struct str name);

/*
 * Sanitizer::decodeTagAttributes(): parse a tag's attribute text
 * (name=value, name='value', name="value", bare names) into `out`,
 * names lower-cased, values whitespace-collapsed and trimmed with their
 * character references decoded. Names with characters outside letters,
 * digits and ":_.-" are dropped. Appends to `out` (arena `a`).
 */
void wt_san_decode_attrs(struct arena *a, struct str text, struct wt_attrs *out);

/* Set `name` to `value` in `attrs` with PHP array semantics (see struct wt_attrs). */
void wt_attrs_set(struct arena *a, struct wt_attrs *attrs, struct str name, struct str value);

/* The value of `name` in `attrs`, or NULL when absent. */
const struct str *wt_attrs_get(const struct wt_attrs *attrs, const char *name);

/*
 * Sanitizer::validateTagAttributes(): keep only the attributes allowed on
 * `element` (plus data-* except data-ooui/data-mw/data-parsoid, plus
 * xmlns:*), run style through the CSS check, escape id and id lists,
 * drop javascript:/vbscript: in RDFa and microdata values, drop href/src
 * without an allowed protocol and tabindex other than 0, and drop
 * itemtype/itemid/itemref without itemscope. Filters `attrs` in place;
 * new values go to `a`.
 */
void wt_san_validate_attrs(struct arena *a, struct str element, struct wt_attrs *attrs,
			   const struct wt_protocols *protos);

/*
 * Sanitizer::safeEncodeTagAttributes(): append ` name="value"` for each
 * attribute, values escaped by wt_san_safe_encode_value(). Returns RC_OK
 * or RC_TOOBIG.
 */
int wt_san_encode_attrs(struct sbuf *out, const struct wt_attrs *attrs, const struct wt_protocols *protos);

/*
 * Sanitizer::fixTagAttributes(): decode, validate for `element` and
 * encode in one step (nothing when the text is blank). Appends to `out`.
 * Tables use it for the attributes of {|, |-, | and ! lines.
 */
int wt_san_fix_attrs(struct arena *a, struct sbuf *out, struct str text, struct str element,
		     const struct wt_protocols *protos);

/* wt_san_fix_attrs() answering repeated texts from `memo` (see wt_san_remove_html_tags_memo()). */
int wt_san_fix_attrs_memo(struct arena *a, struct sbuf *out, struct str text, struct str element,
			  const struct wt_protocols *protos, struct wt_san_memo *memo);

/*
 * Sanitizer::encodeAttribute(): escape & < > " ' and write tab, newline
 * and carriage return as character references. Appends to `out`.
 */
int wt_san_encode_value(struct sbuf *out, struct str value);

/*
 * Sanitizer::safeEncodeAttribute(): wt_san_encode_value() and also
 * escape what later wikitext passes would act on ({ } [ ] | _, "ISBN",
 * "RFC", "PMID", and the ':' of URL protocols), so an attribute value
 * can never turn into a link or template. A value that is not valid
 * UTF-8 is written empty, as PHP's escaping gives. Appends to `out`.
 */
int wt_san_safe_encode_value(struct sbuf *out, struct str value, const struct wt_protocols *protos);

/*
 * Sanitizer::checkCss(): the style attribute as it may be output.
 * Character references and CSS escapes are decoded and comments dropped;
 * a value with control characters becomes "/ * invalid control char * /",
 * one with expression, url(, image(, image-set(, filter:, accelerator:,
 * -o-link:, -o-link-source:, -o-replace: or attr(… url becomes
 * "/ * insecure input * /" (without the inner spaces). Result in `a`.
 */
struct str wt_san_check_css(struct arena *a, struct str css);

/*
 * Sanitizer::escapeIdForAttribute(): a section name or user id as an id
 * attribute value in `mode` (truncated to 1024 code points). The result
 * still needs HTML escaping. In `a`.
 */
struct str wt_san_escape_id(struct arena *a, struct str id, enum wt_id_mode mode);

/*
 * Sanitizer::escapeIdForLink() (and, with WT_ID_LEGACY,
 * escapeIdForExternalInterwiki()): the id as a URL fragment; in html5
 * mode "%XX" sequences are escaped once more as "%25XX". In `a`.
 */
struct str wt_san_escape_id_link(struct arena *a, struct str id, enum wt_id_mode mode);

/*
 * Sanitizer::escapeClass(): a value usable as one CSS class name
 * (punctuation, spaces and a leading digit or '-' become '_', runs of
 * '_' collapse, trailing '_' go). In `a`.
 */
struct str wt_san_escape_class(struct arena *a, struct str cls);

/*
 * Sanitizer::normalizeCharReferences(): keep &lt; &gt; &amp; &quot;,
 * turn other HTML5 named references into numeric ones (&#NNN; per code
 * point), write valid numeric references canonically (&#NNN; or
 * lower-case &#xhh;), and escape the '&' of everything else. Appends.
 */
int wt_san_normalize_charrefs(struct sbuf *out, struct str text);

/* Sanitizer::decodeCharReferences() on a view; the result is in `a`. */
struct str wt_san_decode_charrefs(struct arena *a, struct str text);

/*
 * Sanitizer::stripAllTags(): the text of `html` as RemexHtml's tokenizer
 * reads it, without tags, comments and what <style> and <script> hold, a
 * space for each start or end tag of a block element (and <br>),
 * references decoded as the tokenizer decodes them in text, each text
 * between two tags on its own (charref_decode_html5: "&#9" and "&copy"
 * need no ';'), each run of space, tab, CR and LF one space, the ends
 * trimmed. The result is in `a`.
 */
struct str wt_san_strip_all_tags(struct arena *a, struct str html);

/*
 * Sanitizer::cleanUrl(): decode character references, percent-encode
 * brackets, quotes, '|', control characters and spaces, and strip the
 * invisible characters IDNs ignore from the host part. In `a`.
 */
struct str wt_san_clean_url(struct arena *a, struct str url);

/*
 * Sanitizer::normalizeSectionNameWhitespace(): runs of spaces and '_'
 * become one space, then the ends are trimmed. In `a`.
 */
struct str wt_san_normalize_section_ws(struct arena *a, struct str text);

/*
 * True when `s` (`len` bytes) starts with one of the non-ASCII characters
 * tidy's text pass changes or looks at: U+00A0, U+0338 (written as
 * references) and the guillemets « » ‹ › (French spacing). Other
 * characters starting with the same bytes (U+00C2-style letters, dashes,
 * quotes, arrows) leave text unchanged.
 */
static inline bool wt_san_tidy_special(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len >= 2 && u[0] == 0xc2)
		return u[1] == 0xa0 || u[1] == 0xab || u[1] == 0xbb;
	if (len >= 2 && u[0] == 0xcc)
		return u[1] == 0xb8;
	if (len >= 3 && u[0] == 0xe2 && u[1] == 0x80)
		return u[2] == 0xb9 || u[2] == 0xba;
	return false;
}

/*
 * Sanitizer::armorFrenchSpaces(): a space before ? : ; ! % » › (when no
 * word character follows) and after « ‹ becomes `space`, as tidy's text
 * pass does with "&#160;". Appends to `out`.
 */
int wt_san_armor_french_spaces(struct sbuf *out, struct str text, struct str space);

/*
 * MediaWiki's tidy pass (RemexDriver with RemexCompatMunger): parse `html`
 * as the body of an HTML5 document and write the tree back, balanced,
 * with bare text and inline elements at the top level and in blockquotes
 * wrapped in <p>, empty <li>/<p>/<tr> marked class="mw-empty-elt", and
 * text character references normalised. `french_spaces` armours French
 * spaces in text (the parser's main pass asks for it). Appends to `out`;
 * returns RC_OK or RC_TOOBIG.
 */
int wt_tidy(struct arena *a, struct sbuf *out, struct str html, bool french_spaces);

/*
 * wt_tidy() with every tag through the tree builder, none of its inert
 * spans taken whole: the same output, slower. For the tests and the
 * fuzzer that check exactly that.
 */
int wt_tidy_uncut(struct arena *a, struct sbuf *out, struct str html, bool french_spaces);

/*
 * The tree builder and serializer of wt_tidy() without the munger, as
 * Sanitizer::removeSomeTags() runs them: `html` balanced (unclosed tags
 * closed, misnested ones mended, stray end tags dropped), nothing wrapped
 * in <p>. Appends to `out`; returns RC_OK or RC_TOOBIG.
 */
int wt_tidy_balance(struct arena *a, struct sbuf *out, struct str html);

#endif
