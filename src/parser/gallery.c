/* SPDX-License-Identifier: MIT */
/*
 * gallery.c — the <gallery> extension tag of MediaWiki 1.39 in its
 * legacy media markup (Parser::renderImageGallery with the gallery
 * classes of includes/gallery/): one file per line ("File:Name|options
 * and caption"), rendered as a <ul class="gallery mw-gallery-MODE"> of
 * gallerybox items. The modes differ only in a few numbers and in how
 * the caption is wrapped:
 *
 *   mode            thumb pad  box pad  borders  thumbnails
 *   traditional        30         5        8     widths x heights
 *   nolines             0         5        0     the same, no vertical padding
 *   slideshow          30         5        8     traditional + data-showthumbnails
 *   packed              0         2        8     1.5 x (heights*10+100) x heights, no perrow
 *   packed-overlay      0         2        8     packed, caption over the image
 *   packed-hover        0         2        8     packed-overlay (CSS differs)
 *
 * Packed thumbnails are made 1.5 times as large as shown (the page's
 * script scales them), so their sizes are PHP floats divided by 1.5 and
 * printed as PHP prints floats. The tag's output passes through the
 * block-level pass like every extension tag's (unstripGeneral runs
 * before doBlockLevels), which is where the <p> inside gallerytext
 * comes from.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "media.h"
#include "wt_pf.h"

/* One gallery mode (the numbers of its class). */
struct mode {
	const char *name;  /* mode attribute value, lower case */
	int thumb_pad;     /* getThumbPadding */
	int gb_pad;        /* getGBPadding */
	int gb_borders;    /* getGBBorders */
	bool packed;       /* PackedImageGallery and its subclasses */
	bool overlay;      /* PackedOverlayImageGallery's caption wrapper */
	bool no_vpad;      /* NolinesImageGallery: no vertical padding */
	const char *module; /* ResourceLoader module of the mode, NULL for none */
};

/* ImageGalleryBase's mode mapping; the first entry is the default ($wgGalleryOptions['mode']). */
static const struct mode modes[] = {
	{ "traditional", 30, 5, 8, false, false, false, NULL },
	{ "nolines", 0, 5, 0, false, false, true, NULL },
	{ "packed", 0, 2, 8, true, false, false, "mediawiki.page.gallery" },
	{ "packed-hover", 0, 2, 8, true, true, false, "mediawiki.page.gallery" },
	{ "packed-overlay", 0, 2, 8, true, true, false, "mediawiki.page.gallery" },
	{ "slideshow", 30, 5, 8, false, false, false, "mediawiki.page.gallery.slideshow" },
};

/* Packed galleries render thumbnails this much larger than shown (PackedImageGallery::SCALE_FACTOR). */
#define PACKED_SCALE 1.5

/* $wgGalleryOptions defaults: image width and height. */
#define DEFAULT_WIDTHS 120
#define DEFAULT_HEIGHTS 120

/* The state of one gallery. */
struct gallery {
	const struct mode *m; /* its mode */
	long per_row;         /* images per row, 0 for as many as fit */
	long widths;          /* thumbnail box width */
	long heights;         /* thumbnail box height */
	bool show_filename;   /* showfilename: the file name above the caption */
};

/* A PHP float as PHP prints it (precision 14). */
static const char *php_num(struct wt_ctx *cx, double d)
{
	char buf[WT_PHP_FLOAT_CHARS];
	wt_php_float(d, buf);
	return arena_strndup(cx->a, buf, strlen(buf));
}

/* getThumbDivWidth: the width of the div.thumb around a thumbnail `thumb_width` wide. */
static double thumb_div_width(const struct gallery *g, double thumb_width)
{
	if (!g->m->packed)
		return (double)(g->widths + g->m->thumb_pad);
	if (thumb_width < 60 * PACKED_SCALE)
		thumb_width = 60 * PACKED_SCALE;
	return thumb_width / PACKED_SCALE + g->m->thumb_pad;
}

/* getGBWidth: the width of the gallerybox; `thumb_width` < 0 when there is no thumbnail. */
static double gb_width(const struct gallery *g, double thumb_width)
{
	if (!g->m->packed)
		return (double)(g->widths + g->m->thumb_pad + g->m->gb_pad);
	if (thumb_width < 0)
		thumb_width = (double)g->widths * PACKED_SCALE;
	return thumb_div_width(g, thumb_width) + g->m->gb_pad;
}

/* getVPad: the margin above and below a thumbnail `thumb_height` high. */
static double vpad(const struct gallery *g, long thumb_height)
{
	if (g->m->no_vpad)
		return 0;
	if (g->m->packed)
		return (g->m->thumb_pad + g->heights - thumb_height / PACKED_SCALE) / 2;
	return (g->m->thumb_pad + g->heights - thumb_height) / 2.0;
}

/* PHP's `$num >= 0` on a string (numeric strings compare as numbers, others as strings with "0"). */
static bool php_nonnegative(struct str v)
{
	double d;
	if (wt_php_numeric(v, &d))
		return d >= 0;
	struct str zero = STR_LIT("0");
	size_t n = v.len < zero.len ? v.len : zero.len;
	int c = memcmp(v.p, zero.p, n);
	return c > 0 || (c == 0 && v.len >= zero.len);
}

/* PHP's (int) cast of a string: leading whitespace, sign and digits. */
static long php_int(struct str v)
{
	char *t = xstrndup(v.p, v.len);
	long n = strtol(t, NULL, 10);
	xfree(t);
	return n;
}

/* rawurldecode: %XX sequences decoded, '+' kept. In the arena. */
static struct str raw_url_decode(struct wt_ctx *cx, struct str s)
{
	char *d = arena_alloc(cx->a, s.len + 1);
	size_t n = 0;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == '%' && i + 2 < s.len && isxdigit((unsigned char)s.p[i + 1]) &&
		    isxdigit((unsigned char)s.p[i + 2])) {
			char h[3] = { s.p[i + 1], s.p[i + 2], 0 };
			d[n++] = (char)strtol(h, NULL, 16);
			i += 2;
		} else {
			d[n++] = s.p[i];
		}
	}
	d[n] = '\0';
	return (struct str){ d, n };
}

/* Which gallery-line option `part` is ("alt", "link", "page", "lang"); *value gets its value. */
static const char *line_option(struct str part, struct str *value, const struct wt_file *f)
{
	static const struct {
		const char *prefix; /* the magic word up to $1 */
		const char *id;     /* option */
	} opts[] = {
		{ "alt=", "alt" }, { "link=", "link" }, { "page=", "page" }, { "page ", "page" }, { "lang=", "lang" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		size_t pl = strlen(opts[i].prefix);
		if (part.len < pl || memcmp(part.p, opts[i].prefix, pl) != 0)
			continue;
		/* Handler parameters exist only for files whose handler has them. */
		if (opts[i].id[0] == 'p' && !(f->exists && f->n_pages > 0))
			continue;
		if (opts[i].id[1] == 'a' && opts[i].id[0] == 'l' && !(f->exists && wt_media_is_vector(f)))
			continue;
		*value = (struct str){ part.p + pl, part.len - pl };
		return opts[i].id;
	}
	return NULL;
}

/* The HTML of one gallery line; false when the line is skipped. */
static bool gallery_item(struct wt_ctx *cx, struct gallery *g, struct wt_buf *out, struct str line)
{
	/* /^([^|]+)(\|(.*))?$/ */
	const char *bar = memchr(line.p, '|', line.len);
	struct str name = { line.p, bar ? (size_t)(bar - line.p) : line.len };
	if (!name.len)
		return false;
	if (memchr(line.p, '%', line.len))
		name = raw_url_decode(cx, name);
	struct wt_title t;
	if (wt_ctx_title(cx, name, WT_NS_FILE, &t) != RC_OK || !t.dbkey[0])
		return false;
	bool is_file = t.ns == WT_NS_FILE && !t.interwiki[0];
	struct wt_file f;
	memset(&f, 0, sizeof(f));
	if (is_file && cx->host->file)
		cx->host->file(cx->host->data, cx->a, &t, &f);

	/* The options and the caption (renderImageGallery). */
	struct wt_imgopts o;
	memset(&o, 0, sizeof(o));
	struct str label = { "", 0 }, alt = { NULL, 0 };
	bool has_alt = false;
	if (bar) {
		struct str rest = wt_trim((struct str){ bar + 1, (size_t)(line.p + line.len - bar - 1) });
		rest = wt_recursive_tag_parse(cx, NULL, rest);
		struct str *parts;
		size_t n = wt_media_split(cx, rest, &parts);
		for (size_t i = 0; i < n; i++) {
			struct str v;
			const char *w = line_option(parts[i], &v, &f);
			if (!w) {
				label = parts[i];
			} else if (strcmp(w, "alt") == 0) {
				has_alt = true;
				alt = wt_media_strip_alt(cx, v);
			} else if (strcmp(w, "link") == 0) {
				struct wt_imgopts lo = o;
				struct str lv = wt_media_strip_alt(cx, v);
				/* A URL the language converter protected ("-{R|url}-", markNoConversion) is the URL. */
				if (lv.len >= 6 && memcmp(lv.p, "-{R|", 4) == 0 && memcmp(lv.p + lv.len - 2, "}-", 2) == 0 &&
				    !memchr(lv.p, '\n', lv.len))
					lv = (struct str){ lv.p + 4, lv.len - 6 };
				if (wt_media_parse_link(cx, lv, &lo))
					o = lo;
			} else if (strcmp(w, "page") == 0) {
				long pg = php_int(v);
				if (pg > 0 && pg <= f.n_pages)
					o.page = pg;
				else
					label = parts[i];
			} else if (wt_media_is_lang_tag(v)) {
				o.lang = v;
			} else {
				label = parts[i];
			}
		}
	}
	if (!has_alt && label.len)
		alt = wt_media_strip_alt(cx, label);
	struct str title = wt_media_strip_alt(cx, label);

	const char *text = wt_title_text(cx->a, &t);
	struct wt_buf th;
	wt_buf_init(&th, cx->a, 256);
	double thumb_width = -1;
	long box_height = g->m->thumb_pad + g->heights;
	if (is_file)
		wt_out_image(cx, t.dbkey);
	if (!f.exists) {
		wt_buf_addf(&th, "\n\t\t\t<div class=\"thumb\" style=\"height: %ldpx;\">", box_height);
		wt_buf_add_html(&th, text, strlen(text));
		wt_buf_adds(&th, "</div>");
		wt_tracking_category(cx, "broken-file-category");
	} else if (wt_is_bad_file(cx, t.dbkey)) {
		wt_buf_addf(&th, "\n\t\t\t<div class=\"thumb\" style=\"height: %ldpx;\">", box_height);
		struct wt_buf h;
		wt_buf_init(&h, cx->a, strlen(text) + 8);
		wt_buf_add_html(&h, text, strlen(text));
		wt_link_known(cx, &th, &t, wt_buf_str(&h), NULL, NULL);
		wt_buf_adds(&th, "</div>");
	} else {
		/* getThumbParams: the box the thumbnail is fitted in. */
		long tw = g->widths;
		double thh = (double)g->heights;
		if (g->m->packed) {
			bool audio = f.media_type && strcmp(f.media_type, "AUDIO") == 0;
			tw = lround((audio ? (double)g->widths : (double)(g->heights * 10 + 100)) * PACKED_SCALE);
			thh = (double)g->heights * PACKED_SCALE;
		}
		struct wt_thumb tn = wt_media_transform(cx, &t, &f, tw, thh, &o);
		thumb_width = (double)tn.width;
		double pad = vpad(g, tn.height);
		struct str shown_alt = alt.p ? alt : (struct str){ "", 0 };
		if (!shown_alt.len && !label.len)
			shown_alt = str_c(text);
		struct wt_thumb shown = tn;
		if (g->m->packed) {
			/* adjustImageParameters: shown at the size the box has before scaling. */
			shown.width = (long)ceil(tn.width / PACKED_SCALE);
			shown.height = (long)ceil(tn.height / PACKED_SCALE);
		}
		wt_buf_addf(&th, "\n\t\t\t<div class=\"thumb\" style=\"width: %spx;\"><div style=\"margin:%spx auto;\">",
			    php_num(cx, thumb_div_width(g, thumb_width)), php_num(cx, pad));
		wt_media_thumb_html(cx, &th, &t, &f, shown, tw, thh, &o, shown_alt, title, NULL, true);
		wt_buf_adds(&th, "</div></div>");
	}

	/* The text under the thumbnail: the file name, then the caption. */
	struct wt_buf gt;
	wt_buf_init(&gt, cx->a, label.len + 64);
	if (g->show_filename) {
		struct wt_buf h;
		wt_buf_init(&h, cx->a, strlen(text) + 8);
		wt_buf_add_html(&h, text, strlen(text));
		wt_link_known(cx, &gt, &t, wt_buf_str(&h), "galleryfilename galleryfilename-truncate", NULL);
		wt_buf_addc(&gt, '\n');
	}
	wt_buf_addstr(&gt, label);

	const char *gbw = wt_aprintf(cx->a, "%spx", php_num(cx, gb_width(g, thumb_width)));
	wt_buf_addf(out, "\n\t\t<li class=\"gallerybox\" style=\"width: %s\"><div style=\"width: %s\">", gbw, gbw);
	wt_buf_addstr(out, wt_buf_str(&th));
	if (!g->m->overlay) {
		wt_buf_adds(out, "\n\t\t\t<div class=\"gallerytext\">\n");
		wt_buf_addstr(out, wt_buf_str(&gt));
		wt_buf_adds(out, "\n\t\t\t</div>");
	} else if (wt_trim(wt_buf_str(&gt)).len) {
		/* PackedOverlayImageGallery::wrapGalleryText: nothing for an empty caption. */
		double inner = gb_width(g, thumb_width) - g->m->thumb_pad - g->m->gb_pad;
		wt_buf_addf(out, "\n\t\t\t<div class=\"gallerytextwrapper\" style=\"width: %spx\"><div class=\"gallerytext\">\n",
			    php_num(cx, ceil(inner - 20)));
		wt_buf_addstr(out, wt_buf_str(&gt));
		wt_buf_adds(out, "\n\t\t\t</div></div>");
	}
	wt_buf_adds(out, "\n\t\t</div></li>");
	return true;
}

int wt_tag_gallery(struct wt_ctx *cx, struct wt_frame *frame, const struct wt_tag_call *call, struct wt_result *res)
{
	(void)frame;
	struct gallery g = { &modes[0], 0, DEFAULT_WIDTHS, DEFAULT_HEIGHTS, false };
	const struct str *v;
	if ((v = wt_attrs_get(&call->attrs, "mode")) != NULL) {
		for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
			if (v->len == strlen(modes[i].name) && strncasecmp(v->p, modes[i].name, v->len) == 0)
				g.m = &modes[i];
	}
	struct wt_attrs attrs = { NULL, 0, 0 };
	for (size_t i = 0; i < call->attrs.n; i++)
		wt_attrs_set(cx->a, &attrs, call->attrs.v[i].name, call->attrs.v[i].value);
	wt_san_validate_attrs(cx->a, STR_LIT("ul"), &attrs, wt_site_protocols(cx));
	g.show_filename = wt_attrs_get(&call->attrs, "showfilename") != NULL;
	struct str caption = { NULL, 0 };
	if ((v = wt_attrs_get(&call->attrs, "caption")) != NULL)
		caption = wt_recursive_tag_parse(cx, NULL, *v);
	if ((v = wt_attrs_get(&call->attrs, "perrow")) != NULL && !g.m->packed && php_nonnegative(*v))
		g.per_row = php_int(*v);
	long w, h;
	if ((v = wt_attrs_get(&call->attrs, "widths")) != NULL) {
		wt_media_parse_width(*v, false, &w, &h);
		if (w > 0)
			g.widths = w;
	}
	if ((v = wt_attrs_get(&call->attrs, "heights")) != NULL) {
		wt_media_parse_width(*v, false, &w, &h);
		if (w > 0)
			g.heights = w;
	}
	if (strcmp(g.m->name, "slideshow") == 0) {
		/* SlideshowImageGallery::setAdditionalOptions: a PHP boolean, "1" or "". */
		bool show = wt_attrs_get(&call->attrs, "showthumbnails") != NULL;
		wt_attrs_set(cx->a, &attrs, STR_LIT("data-showthumbnails"), show ? STR_LIT("1") : STR_LIT(""));
	}
	if (g.per_row > 0) {
		long max = g.per_row * (g.widths + g.m->thumb_pad + g.m->gb_pad + g.m->gb_borders);
		const struct str *old = wt_attrs_get(&attrs, "style");
		const char *style = wt_aprintf(cx->a, "max-width: %ldpx;%.*s", max, old ? (int)old->len : 0,
						 old ? old->p : "");
		wt_attrs_set(cx->a, &attrs, STR_LIT("style"), str_c(style));
	}
	if (g.m->module)
		wt_out_module(cx, g.m->module);
	wt_out_module_style(cx, "mediawiki.page.gallery.styles");

	/* Sanitizer::mergeAttributes: our class first, the user's classes after it. */
	struct wt_attrs ul = { NULL, 0, 0 };
	struct str cls = str_c(wt_aprintf(cx->a, "gallery mw-gallery-%s", g.m->name));
	const struct str *ucls = wt_attrs_get(&attrs, "class");
	if (ucls && ucls->len)
		cls = str_c(wt_aprintf(cx->a, "%.*s %.*s", (int)cls.len, cls.p, (int)ucls->len, ucls->p));
	wt_attrs_set(cx->a, &ul, STR_LIT("class"), cls);
	for (size_t i = 0; i < attrs.n; i++)
		if (!str_eq(attrs.v[i].name, "class"))
			wt_attrs_set(cx->a, &ul, attrs.v[i].name, attrs.v[i].value);

	struct wt_buf b;
	wt_buf_init(&b, cx->a, 1024);
	wt_buf_adds(&b, "<ul");
	wt_html_attrs(&b, &ul);
	wt_buf_addc(&b, '>');
	if (caption.len && !(caption.len == 1 && caption.p[0] == '0')) {
		wt_buf_adds(&b, "\n\t<li class='gallerycaption'>");
		wt_buf_addstr(&b, caption);
		wt_buf_adds(&b, "</li>");
	}
	struct str c = call->content.p ? call->content : (struct str){ "", 0 };
	for (size_t s = 0; s <= c.len;) {
		const char *nl = memchr(c.p + s, '\n', c.len - s);
		size_t e = nl ? (size_t)(nl - c.p) : c.len;
		gallery_item(cx, &g, &b, (struct str){ c.p + s, e - s });
		s = e + 1;
	}
	wt_buf_adds(&b, "\n</ul>");
	res->text = wt_buf_str(&b);
	return RC_OK;
}
