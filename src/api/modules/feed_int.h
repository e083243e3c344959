/* SPDX-License-Identifier: MIT */
/*
 * feed_int.h — shared by the feed modules (feedrecentchanges,
 * feedcontributions, feedwatchlist): the RSS 2.0 / Atom writer and the
 * HTML of a change as MediaWiki's FeedUtils renders it (summary, then the
 * table diff with inline styles, or the new page's text). Defined in
 * feed.c.
 */
#ifndef FEED_INT_H
#define FEED_INT_H

#include "../api_int.h"

/* rc_type values (MediaWiki's RC_* constants). */
enum {
	FEED_RC_EDIT = 0,       /* an edit */
	FEED_RC_NEW = 1,        /* a page creation */
	FEED_RC_LOG = 3,        /* a log entry */
	FEED_RC_EXTERNAL = 5,   /* a change on another wiki (Wikidata) */
	FEED_RC_CATEGORIZE = 6, /* a category membership change */
};

/* The feedformat values, for the modules' parameter tables. */
extern const char *const feed_formats[];

/* One entry of a feed; every string is the caller's (arena) and is escaped by the writer. */
struct feed_item {
	const char *title;       /* the page's prefixed title */
	const char *url;         /* link and id of the entry */
	const char *description; /* HTML shown in the reader */
	const char *ts;          /* 14-digit timestamp of the change, or NULL */
	const char *author;      /* dc:creator / author name, or NULL */
	const char *comments;    /* the talk page's URL (RSS only), or NULL */
};

/* A feed: channel facts and its entries. */
struct feed {
	const char *format;      /* "rss" or "atom" */
	const char *title;       /* channel title, e.g. "Wiki - Recent changes [en]" */
	const char *description; /* channel description / Atom subtitle */
	const char *url;         /* the page the feed mirrors (HTML) */
	struct feed_item *items; /* entries, newest first */
	size_t n_items;          /* their count */
	bool is_private;         /* never cached (contributions, watchlist); else shared caches keep it 15 s */
};

/*
 * Write `f` as the response body (RSS 2.0 or Atom as MediaWiki's
 * RSSFeed/AtomFeed do, Content-Type application/xml) and mark the
 * request's body as written. The Atom self link is this request's URL.
 */
void feed_send(struct api_ctx *ctx, const struct feed *f);

/*
 * Answer an error the way MediaWiki's feed modules do when their result
 * printer is the feed: a feed titled "<site> - Error - <what>" with one
 * item, "Error (code)", whose description is the message text.
 */
int feed_send_error(struct api_ctx *ctx, const char *format, const char *what, const char *page_url, bool is_private);

/*
 * "<sitename> - <what> [<lang>]" with `sep` (" " or "  ": MediaWiki's
 * changes feeds put two spaces before the dash) after the site name.
 */
const char *feed_title(struct api_ctx *ctx, const char *what, const char *sep);

/* Full URL of index.php for page ns:dbkey with `query` appended ("" for none). Arena string. */
const char *feed_page_url(struct api_ctx *ctx, int ns, const char *dbkey, const char *query);

/* Full URL of the talk page of ns:dbkey (the page itself in a talk namespace). Arena string. */
const char *feed_talk_url(struct api_ctx *ctx, int ns, const char *dbkey);

/*
 * The description of a change as FeedUtils::formatDiffRow2(): "<p>" +
 * `action_html` and `comment_html` joined by a space + "</p>\n", then
 * (unless `newid` is 0) the styled table diff from `oldid` to `newid`
 * (with the count of revisions in between), or for `oldid` 0 the new
 * page's text; diffs and texts longer than MediaWiki's cutoff become a
 * link. `ts` (14 digits) dates the new side. Arena string.
 */
const char *feed_diff_html(struct api_ctx *ctx, int ns, const char *dbkey, int64_t oldid, int64_t newid,
			   const char *ts, const char *action_html, const char *comment_html);

/* `s` escaped as htmlspecialchars() with ENT_QUOTES. Arena string. */
const char *feed_escape(struct api_ctx *ctx, const char *s);

/* `len` bytes of `s` as nl2br(htmlspecialchars()): escaped, "<br />" before each line break. Arena string. */
const char *feed_nl2br(struct api_ctx *ctx, const char *s, size_t len);

/*
 * The action text of a log entry in a feed (MediaWiki's
 * LogFormatter::getActionText, in wikid's words): the performer, what was
 * done, and the target page, as HTML with links. Arena string.
 */
const char *feed_log_action_html(struct api_ctx *ctx, const char *performer, const char *type, const char *action,
				 int ns, const char *dbkey, const char *ts, const char *params, size_t params_len);

#endif
