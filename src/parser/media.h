/* SPDX-License-Identifier: MIT */
/*
 * media.h — the pieces of media.c that <gallery> (gallery.c) shares with
 * [[File:...]] images: the image options, width parsing, Parser::
 * stripAltText and parseLinkParameter, the file transform (thumbnail
 * URL and size) and ThumbnailImage::toHtml. Private to src/parser.
 */
#ifndef WT_MEDIA_H
#define WT_MEDIA_H

#include "wt_int.h"

/* The options of one image (Parser::makeImage's frame and handler parameters). */
struct wt_imgopts {
	const char *align;       /* left/right/center/none or "" */
	const char *valign;      /* vertical alignment or NULL */
	bool thumb;              /* thumb/thumbnail */
	bool framed;             /* frame/framed */
	bool frameless;          /* frameless */
	bool border;             /* border */
	const char *manualthumb; /* thumb=File name, NULL when not given */
	bool has_upright;        /* upright given */
	double upright;          /* its factor (0: the default) */
	long width, height;      /* -1 when not given */
	long page;               /* page= of documents, 0 when not given */
	struct str lang;         /* lang= of SVG files, p NULL when not given */
	struct str alt;          /* alt=, p NULL when not given */
	struct str cls;          /* class=, p NULL when not given */
	struct str title;        /* tooltip */
	struct str caption;      /* caption (HTML) */
	int link;                /* 0 description page, 1 URL, 2 title, 3 none */
	struct str link_url;     /* link=URL */
	struct wt_title link_title; /* link=Title */
};

/* A rendered size: the URL to show and the dimensions. */
struct wt_thumb {
	const char *url; /* image URL */
	long width;      /* shown width */
	long height;     /* shown height */
};

/*
 * Parser::parseWidthParam: "W" or "Wpx", and with `parse_height` also
 * "WxH" / "xH"; *w and *h are -1 when not given or not valid.
 */
void wt_media_parse_width(struct str v, bool parse_height, long *w, long *h);

/* Parser::stripAltText: link holders to text, unstrip, then Sanitizer::stripAllTags (wt_san_strip_all_tags). */
struct str wt_media_strip_alt(struct wt_ctx *cx, struct str s);

/*
 * Parser::parseLinkParameter: link= as a URL (recorded as an external
 * link), a title (recorded as a page link) or nothing; sets o->link and
 * its target. Returns false when the value is neither.
 */
bool wt_media_parse_link(struct wt_ctx *cx, struct str v, struct wt_imgopts *o);

/* Split options at '|' outside -{ }- (StringUtils::delimiterExplode, nested); *out in the arena. */
size_t wt_media_split(struct wt_ctx *cx, struct str s, struct str **out);

/* The file is an SVG drawing. */
bool wt_media_is_vector(const struct wt_file *f);

/* MediaHandler::mustRender: SVG and DjVu are always rendered, even at or above their size. */
bool wt_media_must_render(const struct wt_file *f);

/* LanguageCode::isWellFormedLanguageTag, simplified to its shape. */
bool wt_media_is_lang_tag(struct str v);

/*
 * File::transform for the bitmap, SVG and DjVu handlers: the thumbnail
 * for a box of `width` x `height` (height -1: none). Thumbnail names
 * carry the handler's parameter string: "<W>px", "lang<code>-<W>px" for
 * an SVG in another language than English, "page<N>-<W>px" for DjVu.
 */
struct wt_thumb wt_media_transform(struct wt_ctx *cx, const struct wt_title *t, const struct wt_file *f, long width,
				   double height, const struct wt_imgopts *o);

/*
 * ThumbnailImage::toHtml in legacy mode: the <img> in its link (o->link
 * picks the description page, a URL, a title or none) with the srcset of
 * 1.5x and 2x the transform box `hp_width` x `hp_height` when
 * `responsive`.
 */
void wt_media_thumb_html(struct wt_ctx *cx, struct wt_buf *b, const struct wt_title *t, const struct wt_file *f,
			 struct wt_thumb th, long hp_width, double hp_height, const struct wt_imgopts *o, struct str alt,
			 struct str title, const char *img_class, bool responsive);

#endif
