/* SPDX-License-Identifier: MIT */
/*
 * media.c — [[File:...]] images in MediaWiki 1.39's legacy media markup
 * ($wgParserEnableLegacyMediaDOM, the default): Parser::makeImage()
 * reads the options (image magic words: sizes, thumb/frame/frameless,
 * alignment, border, upright, link=, alt=, class=, page=, lang=), and
 * Linker::makeImageLink() / makeThumbLink2() with
 * ThumbnailImage::toHtml() write the HTML: a plain <img> in a link to
 * the file page, a "float" div for aligned images, the thumb/thumbinner/
 * thumbcaption frame for thumbnails and frames, and for a missing file a
 * red link to Special:Upload.
 *
 * Sizes follow the bitmap handler: width from the options, the user's
 * thumbnail width, or the file's; height scaled (File::scaleHeight),
 * boxes fitted (fitBoxWidth); a bitmap is never scaled up (the original
 * URL is used at or above its size) while SVG always renders to PNG.
 * Thumbnail URLs are "<thumb_base>/<W>px-<name>", with 1.5x and 2x
 * variants in srcset.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "../util/charref.h"
#include "media.h"
#include "wt_pf.h"

/* One image option word: its kind and the synonyms ("$1" is the value). */
struct imgword {
	const char *id;       /* img_* id without the prefix */
	const char *const *syn; /* synonyms */
};

static const char *const w_left[] = { "left", NULL }, *const w_right[] = { "right", NULL },
			 *const w_center[] = { "center", "centre", NULL }, *const w_none[] = { "none", NULL };
static const char *const w_baseline[] = { "baseline", NULL }, *const w_sub[] = { "sub", NULL },
			 *const w_super[] = { "super", "sup", NULL }, *const w_top[] = { "top", NULL },
			 *const w_text_top[] = { "text-top", NULL }, *const w_middle[] = { "middle", NULL },
			 *const w_bottom[] = { "bottom", NULL }, *const w_text_bottom[] = { "text-bottom", NULL };
static const char *const w_thumb[] = { "thumb", "thumbnail", NULL },
			 *const w_manualthumb[] = { "thumbnail=$1", "thumb=$1", NULL },
			 *const w_framed[] = { "frame", "framed", "enframed", NULL },
			 *const w_frameless[] = { "frameless", NULL },
			 *const w_upright[] = { "upright", "upright=$1", "upright $1", NULL },
			 *const w_border[] = { "border", NULL }, *const w_link[] = { "link=$1", NULL },
			 *const w_alt[] = { "alt=$1", NULL }, *const w_class[] = { "class=$1", NULL },
			 *const w_width[] = { "$1px", NULL }, *const w_page[] = { "page=$1", "page $1", NULL },
			 *const w_lang[] = { "lang=$1", NULL };

/* In Parser::getImageParams order: the first word that matches a whole part wins. */
static const struct imgword words[] = {
	{ "left", w_left }, { "right", w_right }, { "center", w_center }, { "none", w_none },
	{ "baseline", w_baseline }, { "sub", w_sub }, { "super", w_super }, { "top", w_top },
	{ "text-top", w_text_top }, { "middle", w_middle }, { "bottom", w_bottom }, { "text-bottom", w_text_bottom },
	{ "thumbnail", w_thumb }, { "manualthumb", w_manualthumb }, { "framed", w_framed }, { "frameless", w_frameless },
	{ "upright", w_upright }, { "border", w_border }, { "link", w_link }, { "alt", w_alt }, { "class", w_class },
	{ "width", w_width }, { "page", w_page }, { "lang", w_lang },
};

/* Bytes equal, or equal but for ASCII case when not `cs`. */
static bool same_bytes(const char *a, const char *b, size_t n, bool cs)
{
	return cs ? memcmp(a, b, n) == 0 : strncasecmp(a, b, n) == 0;
}

/* Does `part` match synonym `syn` ("$1" stands for the value)? *value gets the $1 part (NULL for a bare word). */
static bool match_synonym(struct str part, const char *syn, bool cs, struct str *value)
{
	const char *d = strstr(syn, "$1");
	if (!d) {
		if (part.len != strlen(syn) || !same_bytes(part.p, syn, part.len, cs))
			return false;
		*value = (struct str){ NULL, 0 };
		return true;
	}
	size_t pl = (size_t)(d - syn), sl = strlen(d + 2);
	if (part.len < pl + sl || !same_bytes(part.p, syn, pl, cs) || !same_bytes(part.p + part.len - sl, d + 2, sl, cs))
		return false;
	*value = (struct str){ part.p + pl, part.len - pl - sl };
	return true;
}

/* Most localized synonyms of one image option looked at (a language and its fallbacks have fewer). */
#define IMG_LOCAL_MAX 32

/*
 * Which word `part` is; *value gets the $1 part (NULL for a bare word).
 * A word's synonyms are English's and, in another content language, that
 * language's (img_* of Messages*.php), as MediaWiki merges them.
 */
static const char *match_word(const struct wt_site *site, struct str part, struct str *value, bool paged, bool vector)
{
	bool local = site && site->lang && site->lang[0] && strcmp(site->lang, "en") != 0;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		if ((words[i].syn == w_page && !paged) || (words[i].syn == w_lang && !vector))
			continue;
		for (const char *const *s = words[i].syn; *s; s++) {
			/* A synonym that does not start with "$1" starts with a letter the part must start with too. */
			if ((*s)[0] != '$' && (!part.len || part.p[0] != (*s)[0]))
				continue;
			if (match_synonym(part, *s, true, value))
				return words[i].id;
		}
		if (!local)
			continue;
		char id[32] = "img_";
		size_t k = 4;
		for (const char *c = words[i].id; *c && k + 1 < sizeof(id); c++)
			id[k++] = *c == '-' ? '_' : *c;
		id[k] = '\0';
		const char *syn[IMG_LOCAL_MAX];
		bool cs[IMG_LOCAL_MAX];
		size_t n = wt_magic_synonyms(site->lang, id, syn, cs, IMG_LOCAL_MAX);
		for (size_t j = 0; j < n; j++)
			if (match_synonym(part, syn[j], cs[j], value))
				return words[i].id;
	}
	return NULL;
}

/* PHP is_numeric on a trimmed string. */
static bool is_numeric(struct str s)
{
	s = wt_trim(s);
	if (!s.len)
		return false;
	char *t = xstrndup(s.p, s.len);
	char *end;
	strtod(t, &end);
	bool ok = *end == '\0' && end != t;
	for (char *c = t; *c && ok; c++)
		if (*c == 'x' || *c == 'X' || *c == 'n' || *c == 'N' || *c == 'i' || *c == 'I')
			ok = false;
	xfree(t);
	return ok;
}

/* n * 10 + digit c, stopping at LONG_MAX as PHP's intval() of a long digit string does. */
static long digit_sat(long n, char c)
{
	int d = c - '0';
	return n > (LONG_MAX - d) / 10 ? LONG_MAX : n * 10 + d;
}

void wt_media_parse_width(struct str v, bool parse_height, long *w, long *h)
{
	*w = *h = -1;
	if (!v.len)
		return;
	size_t i = 0;
	long a = 0, b = 0;
	while (i < v.len && v.p[i] >= '0' && v.p[i] <= '9')
		a = digit_sat(a, v.p[i++]);
	if (i < v.len && v.p[i] == 'x') {
		if (!parse_height)
			return;
		i++;
		while (i < v.len && v.p[i] >= '0' && v.p[i] <= '9')
			b = digit_sat(b, v.p[i++]);
		size_t k = i;
		while (k < v.len && strchr(" \t\n\r\f\v", v.p[k]) && v.p[k])
			k++;
		if (v.len - k >= 2 && v.p[k] == 'p' && v.p[k + 1] == 'x')
			k += 2;
		while (k < v.len && strchr(" \t\n\r\f\v", v.p[k]) && v.p[k])
			k++;
		if (k == v.len) {
			*w = a;
			*h = b;
		}
		return;
	}
	size_t k = i;
	while (k < v.len && strchr(" \t\n\r\f\v", v.p[k]) && v.p[k])
		k++;
	if (v.len - k >= 2 && v.p[k] == 'p' && v.p[k + 1] == 'x')
		k += 2;
	while (k < v.len && strchr(" \t\n\r\f\v", v.p[k]) && v.p[k])
		k++;
	if (k == v.len)
		*w = a;
}

struct str wt_media_strip_alt(struct wt_ctx *cx, struct str s)
{
	s = wt_link_holders_text(cx, s);
	s = wt_unstrip_both(cx, s);
	/*
	 * An '&' the tokenizer would read as a legacy name without its ';'
	 * ("&copy 2020") is escaped first, as stripAltText does: wikitext
	 * wants the ';'. A number without one ("&#9x") is still decoded.
	 */
	if (memchr(s.p, '&', s.len)) {
		struct sbuf b;
		sbuf_init(&b, s.len * 5 + 1); /* each '&' may become five bytes */
		for (size_t i = 0; i < s.len; i++) {
			if (s.p[i] == '&' && charref_html5_legacy_at(s.p + i, s.len - i))
				sbuf_adds(&b, "&amp;");
			else
				sbuf_addc(&b, s.p[i]);
		}
		s = (struct str){ arena_strndup(cx->a, sbuf_cstr(&b), b.len), b.len };
		sbuf_release(&b);
	}
	return wt_san_strip_all_tags(cx->a, s);
}

bool wt_is_bad_file(struct wt_ctx *cx, const char *dbkey)
{
	return cx->host->bad_file && cx->host->bad_file(cx->host->data, dbkey, &cx->title);
}

const char *wt_upload_url(struct wt_ctx *cx, const struct wt_title *file)
{
	/* Special:Upload by its local name (SpecialPage::getTitleFor) when the host has one */
	const char *local = cx->host->special_page ? cx->host->special_page(cx->host->data, cx->a, "Upload") : NULL;
	struct wt_title up;
	struct str name = local ? str_c(wt_aprintf(cx->a, "Special:%s", local)) : STR_LIT("Special:Upload");
	if (wt_ctx_title(cx, name, 0, &up) != RC_OK)
		return "";
	struct wt_buf q;
	wt_buf_init(&q, cx->a, 64);
	wt_buf_adds(&q, "wpDestFile=");
	wt_wfurlencode(&q, file->dbkey, strlen(file->dbkey));
	return wt_local_url(cx, &up, q.p);
}

/* parseLinkParameter: link= as URL, title or nothing. Returns false when invalid. */
bool wt_media_parse_link(struct wt_ctx *cx, struct str v, struct wt_imgopts *o)
{
	if (!v.len) {
		o->link = 3;
		return true;
	}
	size_t pl = wt_protocol_len(cx, v.p, v.len);
	if (pl) {
		/* The whole value must be a URL: protocol, address, URL characters. */
		for (size_t i = pl; i < v.len; i++) {
			unsigned char c = (unsigned char)v.p[i];
			if (c <= 0x20 || c == 0x7f || c == '[' || c == ']' || c == '<' || c == '>' || c == '"')
				return false;
		}
		if (v.len == pl)
			return false;
		wt_out_extlink(cx, arena_strndup(cx->a, v.p, v.len));
		o->link = 1;
		o->link_url = v;
		return true;
	}
	struct str t = v;
	if (memchr(t.p, '%', t.len)) {
		char *d = arena_alloc(cx->a, t.len + 1);
		size_t n = 0;
		for (size_t i = 0; i < t.len; i++) {
			if (t.p[i] == '%' && i + 2 < t.len && strchr("0123456789abcdefABCDEF", t.p[i + 1]) && t.p[i + 1] &&
			    strchr("0123456789abcdefABCDEF", t.p[i + 2]) && t.p[i + 2]) {
				char h[3] = { t.p[i + 1], t.p[i + 2], 0 };
				d[n++] = (char)strtol(h, NULL, 16);
				i += 2;
			} else {
				d[n++] = t.p[i];
			}
		}
		t = (struct str){ d, n };
	}
	if (wt_ctx_title(cx, t, 0, &o->link_title) != RC_OK)
		return false;
	if (!o->link_title.interwiki[0] && o->link_title.ns != WT_NS_SPECIAL && o->link_title.dbkey[0])
		wt_out_link(cx, &o->link_title);
	o->link = 2;
	return true;
}

/*
 * Split the options at '|' outside -{ }- (StringUtils::delimiterExplode
 * with nesting). A "}-" without its "-{" takes the depth below zero, and
 * then no later '|' splits: the rest is one option, as in MediaWiki.
 */
size_t wt_media_split(struct wt_ctx *cx, struct str s, struct str **out)
{
	struct str *v = NULL;
	size_t n = 0, cap = 0;
	int depth = 0;
	size_t start = 0;
	for (size_t i = 0; i <= s.len; i++) {
		if (i < s.len && s.p[i] == '-' && i + 1 < s.len && s.p[i + 1] == '{') {
			depth++;
			i++;
			continue;
		}
		if (i < s.len && s.p[i] == '}' && i + 1 < s.len && s.p[i + 1] == '-') {
			depth--;
			i++;
			continue;
		}
		if (i == s.len || (s.p[i] == '|' && depth == 0)) {
			v = arena_grow(cx->a, v, n, &cap, sizeof(*v));
			v[n++] = (struct str){ s.p + start, i - start };
			start = i + 1;
		}
	}
	*out = v;
	return n;
}

bool wt_media_is_vector(const struct wt_file *f)
{
	return f->mime && strcmp(f->mime, "image/svg+xml") == 0;
}

bool wt_media_must_render(const struct wt_file *f)
{
	return wt_media_is_vector(f) || (f->mime && strcmp(f->mime, "image/vnd.djvu") == 0);
}

/* `s` in ASCII lower case, in the arena. */
static const char *ascii_lower(struct arena *a, struct str s)
{
	char *o = arena_strndup(a, s.p, s.len);
	for (size_t i = 0; i < s.len; i++)
		if (o[i] >= 'A' && o[i] <= 'Z')
			o[i] = (char)(o[i] - 'A' + 'a');
	return o;
}

/* MediaTransformOutput::getDescLinkAttribs' query: page (when not 1), then lang. NULL when empty. */
static const char *desc_query(struct wt_ctx *cx, const struct wt_imgopts *o)
{
	struct wt_buf q;
	wt_buf_init(&q, cx->a, 32);
	if (o->page > 1)
		wt_buf_addf(&q, "page=%ld", o->page);
	if (o->lang.len) {
		wt_buf_adds(&q, q.len ? "&lang=" : "lang=");
		wt_wfurlencode(&q, o->lang.p, o->lang.len);
	}
	return q.len ? q.p : NULL;
}

/* LanguageCode::isWellFormedLanguageTag, simplified to its shape: letters, then '-' and alphanumerics. */
bool wt_media_is_lang_tag(struct str v)
{
	size_t i = 0, seg = 0;
	while (i < v.len && ((v.p[i] >= 'a' && v.p[i] <= 'z') || (v.p[i] >= 'A' && v.p[i] <= 'Z')))
		i++;
	if (i < 2 || i > 8)
		return false;
	for (; i < v.len; i++) {
		char c = v.p[i];
		if (c == '-') {
			if (seg == 0 && i > 0 && v.p[i - 1] == '-')
				return false;
			seg = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || ++seg > 8)
			return false;
	}
	return v.p[v.len - 1] != '-';
}

/* The file name of a title (dbkey). */
static const char *fname(const struct wt_title *t)
{
	return t->dbkey;
}

/*
 * File::transform for the bitmap, SVG and DjVu handlers. Thumbnail names
 * carry the handler's parameter string: "<W>px", "lang<code>-<W>px" for
 * an SVG in another language than English, "page<N>-<W>px" for DjVu.
 */
struct wt_thumb wt_media_transform(struct wt_ctx *cx, const struct wt_title *t, const struct wt_file *f, long width,
				  double height, const struct wt_imgopts *o)
{
	struct wt_thumb th = { f->url, width, 0 };
	long sw = f->width, sh = f->height;
	if (height >= 0 && sw > 0 && sh > 0 && (double)width * sh > height * sw) {
		double ideal = (double)sw * height / (double)sh;
		long up = (long)ceil(ideal);
		width = lround((double)up * sh / sw) > height ? (long)floor(ideal) : up;
		if (width == 0)
			width = 1;
	}
	th.width = width;
	th.height = sw ? lround((double)sh * (double)width / (double)sw) : 0;
	if (th.height < 1 && sw)
		th.height = 1;
	bool vector = wt_media_is_vector(f), djvu = wt_media_must_render(f) && !vector;
	if (!wt_media_must_render(f) && width >= sw) {
		/* Never scaled up: the original at the asked size. */
		th.url = f->url;
		return th;
	}
	if (!f->thumb_base) {
		th.url = f->url;
		return th;
	}
	const char *prefix = "";
	if (djvu)
		prefix = wt_aprintf(cx->a, "page%ld-", o->page > 0 ? o->page : 1);
	else if (vector && o->lang.len && !(o->lang.len == 2 && strncasecmp(o->lang.p, "en", 2) == 0))
		prefix = wt_aprintf(cx->a, "lang%s-", ascii_lower(cx->a, o->lang));
	th.url = wt_aprintf(cx->a, "%s/%s%ldpx-%s%s", f->thumb_base, prefix, width, fname(t),
			      vector ? ".png" : djvu ? ".jpg" : "");
	return th;
}

/* ThumbnailImage::toHtml in legacy mode. */
void wt_media_thumb_html(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, const struct wt_file *f,
			 struct wt_thumb th, long hp_width, double hp_height, const struct wt_imgopts *o, struct str alt,
			 struct str title, const char *img_class, bool responsive)
{
	bool linked = o->link != 3;
	if (linked) {
		wt_buf_adds(b, "<a");
		if (o->link == 1) {
			wt_html_attr(b, STR_LIT("href"), o->link_url);
			if (title.len)
				wt_html_attr(b, STR_LIT("title"), title);
			const char *target = cx->site->external_link_target;
			if (target && *target)
				wt_html_attr(b, STR_LIT("target"), str_c(target));
			struct str rel = wt_extlink_rel(cx, o->link_url);
			if (rel.len)
				wt_html_attr(b, STR_LIT("rel"), rel);
		} else if (o->link == 2) {
			struct wt_buf u;
			wt_buf_init(&u, cx->a, 64);
			if (o->link_title.interwiki[0])
				wt_buf_adds(&u, wt_full_url(cx, &o->link_title, NULL));
			else if (o->link_title.dbkey[0])
				wt_buf_adds(&u, wt_local_url(cx, &o->link_title, NULL));
			wt_fragment_url(cx, &u, &o->link_title);
			wt_html_attr(b, STR_LIT("href"), wt_buf_str(&u));
			wt_html_attr(b, STR_LIT("title"),
				     title.len ? title : str_c(wt_title_prefixed(cx->a, cx->site, &o->link_title, false)));
		} else {
			wt_html_attr(b, STR_LIT("href"), str_c(wt_local_url(cx, t, desc_query(cx, o))));
			wt_html_attr(b, STR_LIT("class"), STR_LIT("image"));
			if (title.len)
				wt_html_attr(b, STR_LIT("title"), title);
		}
		wt_buf_addc(b, '>');
	}
	wt_buf_adds(b, "<img");
	wt_html_attr(b, STR_LIT("alt"), alt);
	wt_html_attr(b, STR_LIT("src"), str_c(th.url));
	wt_html_attr(b, STR_LIT("decoding"), STR_LIT("async"));
	if (!linked && title.len)
		wt_html_attr(b, STR_LIT("title"), title);
	wt_buf_addf(b, " width=\"%ld\" height=\"%ld\"", th.width, th.height);
	if (o->valign)
		wt_html_attr(b, STR_LIT("style"), str_c(wt_aprintf(cx->a, "vertical-align: %s", o->valign)));
	if (img_class && *img_class)
		wt_html_attr(b, STR_LIT("class"), str_c(img_class));
	if (responsive) {
		struct wt_thumb t15 = wt_media_transform(cx, t, f, lround(hp_width * 1.5),
							 hp_height >= 0 ? round(hp_height * 1.5) : -1, o);
		struct wt_thumb t20 = wt_media_transform(cx, t, f, hp_width * 2, hp_height >= 0 ? hp_height * 2 : -1, o);
		bool has15 = strcmp(t15.url, th.url) != 0, has20 = strcmp(t20.url, th.url) != 0;
		/* Html::srcSet keeps one density per URL, the lowest. */
		if (has15 && has20 && strcmp(t15.url, t20.url) == 0)
			has20 = false;
		if (has15 || has20) {
			struct wt_buf s;
			wt_buf_init(&s, cx->a, 128);
			if (has15)
				wt_buf_addf(&s, "%s 1.5x", t15.url);
			if (has20)
				wt_buf_addf(&s, "%s%s 2x", has15 ? ", " : "", t20.url);
			wt_html_attr(b, STR_LIT("srcset"), wt_buf_str(&s));
		}
	}
	wt_buf_adds(b, " />");
	if (linked)
		wt_buf_adds(b, "</a>");
}

/*
 * Linker::makeBrokenImageLinkObj (legacy): with uploads a red link to the
 * upload page (a known link marked mw-redirect when the file page is a
 * redirect), without them a plain link to the file page.
 */
static void broken_image(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, struct str label)
{
	const char *pt = wt_title_prefixed(cx->a, cx->site, t, false);
	if (!label.len)
		label = str_c(pt);
	struct wt_buf h;
	wt_buf_init(&h, cx->a, label.len + 8);
	wt_buf_add_html_compat(&h, label.p, label.len);
	if (!cx->site->enable_uploads) {
		wt_link_known(cx, b, t, wt_buf_str(&h), NULL, NULL);
		return;
	}
	/* LocalRepo::checkRedirect: the file page redirects elsewhere. */
	struct wt_page_info pi = { .title = t };
	if (cx->host->page_info)
		cx->host->page_info(cx->host->data, cx->a, &pi, 1);
	if (pi.is_redirect) {
		wt_link_known(cx, b, t, wt_buf_str(&h), "mw-redirect", NULL);
		return;
	}
	wt_buf_adds(b, "<a");
	wt_html_attr(b, STR_LIT("href"), str_c(wt_upload_url(cx, t)));
	wt_html_attr(b, STR_LIT("class"), STR_LIT("new"));
	wt_html_attr(b, STR_LIT("title"), str_c(pt));
	wt_buf_addc(b, '>');
	wt_buf_addstr(b, wt_buf_str(&h));
	wt_buf_adds(b, "</a>");
}

/* Linker::makeThumbLink2 (legacy). */
static void thumb_frame(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, const struct wt_file *f,
			struct wt_imgopts *o, long width, long height)
{
	const char *align = o->align && *o->align ? o->align : "right";
	if (width <= 0)
		width = o->has_upright ? 130 : 180;
	long outer;
	struct wt_thumb th = { NULL, 0, 0 };
	bool have = false;
	const struct wt_file *shown = f;
	struct wt_file mf;
	struct wt_title mt;
	bool manual = false;
	if (!f->exists) {
		outer = width > LONG_MAX - 2 ? -1 : width + 2;
	} else {
		if (o->manualthumb) {
			if (wt_ctx_title(cx, str_c(o->manualthumb), WT_NS_FILE, &mt) == RC_OK && mt.ns == WT_NS_FILE &&
			    cx->host->file && cx->host->file(cx->host->data, cx->a, &mt, &mf) == RC_OK && mf.exists) {
				th = (struct wt_thumb){ mf.url, mf.width, mf.height };
				have = manual = true;
				shown = &mf;
			}
		} else if (o->framed) {
			th = (struct wt_thumb){ f->url, f->width, f->height };
			have = true;
		} else {
			if (f->width && !wt_media_must_render(f) && width > f->width)
				width = f->width;
			th = wt_media_transform(cx, t, f, width, height, o);
			have = true;
		}
		long inner = have ? th.width : width;
		outer = inner > LONG_MAX - 2 ? (have ? -2 : -1) : inner + 2;
	}
	(void)shown;
	wt_buf_addf(b, "<div class=\"thumb t%s\"><div class=\"thumbinner\" style=\"width:", align);
	if (outer < 0) {
		/* PHP: the sum past PHP_INT_MAX became a float. */
		char fb[WT_PHP_FLOAT_CHARS];
		wt_buf_add(b, fb, wt_php_float((double)(outer == -1 ? width : th.width) + 2.0, fb));
	} else {
		wt_buf_addf(b, "%ld", outer);
	}
	wt_buf_adds(b, "px;\">");
	struct str zoom = { "", 0 };
	if (!f->exists) {
		broken_image(cx, b, t, (struct str){ "", 0 });
	} else if (!have) {
		wt_buf_adds(b, wt_msg(cx, "thumbnail_error", "", NULL, NULL));
	} else {
		if (manual && o->link == 0) {
			o->link = 2;
			o->link_title = *t;
		}
		const char *cls = o->cls.p && o->cls.len ? wt_aprintf(cx->a, "%.*s thumbimage", (int)o->cls.len, o->cls.p)
							 : "thumbimage";
		wt_media_thumb_html(cx, b, t, f, th, width, height, o, o->alt, (struct str){ "", 0 }, cls, !o->framed && !manual);
		if (!o->framed) {
			struct wt_buf z;
			wt_buf_init(&z, cx->a, 128);
			wt_buf_adds(&z, "<div class=\"magnify\"><a");
			const char *q = o->page > 1 ? wt_aprintf(cx->a, "page=%ld", o->page) : NULL;
			wt_html_attr(&z, STR_LIT("href"), str_c(wt_local_url(cx, t, q)));
			wt_html_attr(&z, STR_LIT("class"), STR_LIT("internal"));
			wt_html_attr(&z, STR_LIT("title"), str_c(wt_msg(cx, "thumbnail-more", NULL, NULL, NULL)));
			wt_buf_adds(&z, "></a></div>");
			zoom = wt_buf_str(&z);
		}
	}
	wt_buf_adds(b, "  <div class=\"thumbcaption\">");
	wt_buf_addstr(b, zoom);
	wt_buf_addstr(b, o->caption);
	wt_buf_adds(b, "</div></div></div>");
}

struct str wt_make_image(struct wt_ctx *cx, const struct wt_title *t, struct str options)
{
	struct wt_file f;
	memset(&f, 0, sizeof(f));
	if (cx->host->file)
		cx->host->file(cx->host->data, cx->a, t, &f);
	wt_out_image(cx, t->dbkey);
	if (!f.exists)
		wt_tracking_category(cx, "broken-file-category");
	struct wt_imgopts o;
	memset(&o, 0, sizeof(o));
	o.align = "";
	o.width = o.height = -1;
	struct str caption = { "", 0 };
	bool seen_format = false, has_align = false, has_valign = false;
	struct str *parts;
	size_t n = options.len ? wt_media_split(cx, options, &parts) : 0;
	bool paged = f.n_pages > 0, vector = wt_media_is_vector(&f);
	for (size_t i = 0; i < n; i++) {
		struct str part = wt_trim(parts[i]);
		struct str v;
		const char *w = match_word(cx->site, part, &v, paged, vector);
		bool ok = false;
		if (!w) {
			/* not an option */
		} else if (strcmp(w, "width") == 0) {
			long pw, ph;
			wt_media_parse_width(v, true, &pw, &ph);
			if (pw > 0) {
				o.width = pw;
				ok = true;
			}
			if (ph > 0) {
				o.height = ph;
				ok = true;
			}
		} else if (strcmp(w, "page") == 0) {
			long pg = strtol(arena_strndup(cx->a, v.p, v.len), NULL, 10);
			if (pg > 0 && pg <= f.n_pages) {
				o.page = pg;
				ok = true;
			}
		} else if (strcmp(w, "lang") == 0) {
			ok = v.len > 0 && wt_media_is_lang_tag(v);
			if (ok)
				o.lang = v;
		} else if (strcmp(w, "alt") == 0) {
			o.alt = wt_media_strip_alt(cx, v);
			ok = true;
		} else if (strcmp(w, "class") == 0) {
			o.cls = wt_media_strip_alt(cx, v);
			ok = true;
		} else if (strcmp(w, "link") == 0) {
			ok = wt_media_parse_link(cx, wt_media_strip_alt(cx, v), &o);
		} else if (strcmp(w, "manualthumb") == 0 || strcmp(w, "thumbnail") == 0 || strcmp(w, "framed") == 0 ||
			   strcmp(w, "frameless") == 0) {
			ok = !seen_format;
			seen_format = true;
			if (ok) {
				struct str mt = w[0] == 'm' ? wt_media_strip_alt(cx, v) : (struct str){ "", 0 };
				if (w[0] == 'm')
					o.manualthumb = arena_strndup(cx->a, mt.p, mt.len);
				else if (w[0] == 't')
					o.thumb = true;
				else if (strcmp(w, "framed") == 0)
					o.framed = true;
				else
					o.frameless = true;
			}
		} else if (!v.p || is_numeric(v)) {
			ok = true;
			if (strcmp(w, "upright") == 0) {
				o.has_upright = true;
				o.upright = v.p ? strtod(arena_strndup(cx->a, v.p, v.len), NULL) : 0;
			} else if (strcmp(w, "border") == 0) {
				o.border = true;
			} else if (strcmp(w, "left") == 0 || strcmp(w, "right") == 0 || strcmp(w, "center") == 0 ||
				   strcmp(w, "none") == 0) {
				if (!has_align)
					o.align = w;
				has_align = true;
			} else {
				if (!has_valign)
					o.valign = w;
				has_valign = true;
			}
		}
		if (!ok)
			caption = part;
	}
	bool visible_caption = o.thumb || o.framed || o.manualthumb;
	const char *text = wt_title_text(cx->a, t);
	if (visible_caption) {
		if (!caption.len && !o.alt.p)
			o.alt = str_c(text);
	} else {
		if (!o.alt.p)
			o.alt = caption.len ? wt_media_strip_alt(cx, caption) : str_c(text);
		o.title = wt_media_strip_alt(cx, caption);
	}
	if (!o.alt.p)
		o.alt = (struct str){ "", 0 };
	o.caption = caption;

	/* Linker::makeImageLink */
	struct wt_buf b;
	wt_buf_init(&b, cx->a, 512);
	const char *prefix = "", *postfix = "";
	if (strcmp(o.align, "center") == 0) {
		prefix = "<div class=\"center\">";
		postfix = "</div>";
		o.align = "none";
	}
	long width = o.width, height = o.height;
	if (f.exists && width < 0) {
		width = f.width;
		if (o.thumb || o.manualthumb || o.framed || o.frameless || !width) {
			int base = cx->opt.thumb_width ? cx->opt.thumb_width : cx->site->thumb_width;
			double up = o.upright;
			if (o.has_upright && up == 0)
				up = cx->site->thumb_upright;
			long pref = o.has_upright ? lround(base * up / 10.0) * 10 : base;
			if (height < 0 && (width <= 0 || pref < width || vector))
				width = pref;
		}
	}
	wt_buf_adds(&b, prefix);
	if (visible_caption) {
		if (!*o.align)
			o.align = "right";
		thumb_frame(cx, &b, t, &f, &o, width, height);
	} else {
		if (o.frameless && f.exists && f.width && !wt_media_must_render(&f) && width > f.width)
			width = f.width;
		struct wt_buf s;
		wt_buf_init(&s, cx->a, 256);
		if (!f.exists || width < 0) {
			broken_image(cx, &s, t, o.title);
		} else {
			struct wt_thumb th = wt_media_transform(cx, t, &f, width, height, &o);
			struct wt_buf cls;
			wt_buf_init(&cls, cx->a, 32);
			if (o.cls.p)
				wt_buf_addstr(&cls, o.cls);
			if (o.border) {
				if (cls.len)
					wt_buf_addc(&cls, ' ');
				wt_buf_adds(&cls, "thumbborder");
			}
			wt_media_thumb_html(cx, &s, t, &f, th, width, height, &o, o.alt, o.title, cls.p, true);
		}
		if (*o.align) {
			wt_buf_addf(&b, "<div class=\"float%s\">", o.align);
			wt_buf_addstr(&b, wt_buf_str(&s));
			wt_buf_adds(&b, "</div>");
		} else {
			wt_buf_addstr(&b, wt_buf_str(&s));
		}
	}
	wt_buf_adds(&b, postfix);
	for (size_t i = 0; i < b.len; i++)
		if (b.p[i] == '\n')
			b.p[i] = ' ';
	return wt_buf_str(&b);
}
