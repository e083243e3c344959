/* SPDX-License-Identifier: MIT */
/*
 * feed.c — what the feed modules share: the RSS 2.0 and Atom writers
 * (MediaWiki's RSSFeed/AtomFeed templates, byte for byte apart from the
 * generator and our message texts), and the HTML of one change as
 * FeedUtils::formatDiffRow2() builds it: the summary paragraph, then the
 * table diff of DifferenceEngine::getDiff() with MediaWiki's header rows
 * and its CSS classes turned into inline styles (feed readers have no
 * stylesheet), or for a page creation the new text.
 *
 * Every string of the XML is escaped as PHP's htmlspecialchars() with
 * ENT_QUOTES does, so the description carries the HTML as text.
 */
#include "feed_int.h"
#include "log_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../diff/diff.h"
#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/sbuf.h"
#include "../../util/timestamp.h"
#include "../../wiki/wiki.h"

const char *const feed_formats[] = { "rss", "atom", NULL };

/*
 * $wgFeedDiffCutoff: a diff (or a new page's text) longer than this many
 * bytes is replaced by a link to it, so that one huge edit does not make
 * the feed megabytes long.
 */
#define FEED_DIFF_CUTOFF 32768

/* The largest diff body built before the cutoff applies (the diff is built whole, then measured). */
#define FEED_DIFF_MAX (64u << 20)

/* Append `s` escaped as htmlspecialchars(ENT_QUOTES): & < > " ' as entities. */
static void esc(struct sbuf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sbuf_adds(out, "&amp;"); break;
		case '<': sbuf_adds(out, "&lt;"); break;
		case '>': sbuf_adds(out, "&gt;"); break;
		case '"': sbuf_adds(out, "&quot;"); break;
		case '\'': sbuf_adds(out, "&#039;"); break;
		default: sbuf_addc(out, *s);
		}
	}
}

/* RFC 822 date of a 14-digit timestamp (or of now for NULL), as RSS wants it: "Wed, 02 Dec 2026 19:07:25 GMT". */
static void rss_date(const char *ts, char out[40])
{
	int64_t t = util_now();
	if (ts)
		ts_from_mw(ts, &t);
	ts_format_http(t, out);
}

/* ISO 8601 date of a 14-digit timestamp (or of now for NULL), as Atom wants it. */
static void atom_date(const char *ts, char out[21])
{
	int64_t t = util_now();
	if (ts)
		ts_from_mw(ts, &t);
	ts_format_iso(t, out);
}

/* This request's URL, rebuilt from its parameters: the Atom feed's id and self link. */
static const char *self_url(struct api_ctx *ctx)
{
	struct sbuf u;
	sbuf_init(&u, 1 << 16);
	sbuf_addf(&u, "%s%s", config.server, ctx->req->path);
	for (size_t i = 0; i < ctx->req->n_params; i++) {
		const struct http_param *p = &ctx->req->params[i];
		sbuf_addc(&u, i ? '&' : '?');
		sbuf_adds(&u, wiki_urlencode(ctx->arena, p->name));
		sbuf_addc(&u, '=');
		sbuf_adds(&u, wiki_urlencode(ctx->arena, p->value));
	}
	const char *s = arena_strndup(ctx->arena, sbuf_cstr(&u), u.len);
	sbuf_release(&u);
	return s;
}

static void write_rss(struct api_ctx *ctx, const struct feed *f, struct sbuf *out)
{
	char date[40];
	rss_date(NULL, date);
	sbuf_adds(out, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		       "\t<channel>\n\t\t<title>");
	esc(out, f->title);
	sbuf_adds(out, "</title>\n\t\t<link>");
	esc(out, f->url);
	sbuf_adds(out, "</link>\n\t\t<description>");
	esc(out, f->description);
	sbuf_adds(out, "</description>\n\t\t<language>");
	esc(out, config.lang);
	sbuf_adds(out, "</language>\n\t\t<generator>" WIKI_GENERATOR "</generator>\n\t\t<lastBuildDate>");
	sbuf_adds(out, date);
	sbuf_adds(out, "</lastBuildDate>\n");
	for (size_t i = 0; i < f->n_items; i++) {
		const struct feed_item *it = &f->items[i];
		sbuf_adds(out, "\t\t<item>\n\t\t\t<title>");
		esc(out, it->title);
		sbuf_adds(out, "</title>\n\t\t\t<link>");
		esc(out, it->url);
		sbuf_adds(out, "</link>\n\t\t\t<guid isPermaLink=\"false\">");
		esc(out, it->url);
		sbuf_adds(out, "</guid>\n\t\t\t<description>");
		esc(out, it->description);
		sbuf_adds(out, "</description>\n\t\t\t");
		if (it->ts) {
			rss_date(it->ts, date);
			sbuf_addf(out, "<pubDate>%s</pubDate>", date);
		}
		sbuf_adds(out, "\n\t\t\t<dc:creator>");
		esc(out, it->author);
		sbuf_adds(out, "</dc:creator>\n\t\t\t");
		if (it->comments) {
			sbuf_adds(out, "<comments>");
			esc(out, it->comments);
			sbuf_adds(out, "</comments>");
		}
		sbuf_adds(out, "\n\t\t</item>\n");
	}
	sbuf_adds(out, "</channel></rss>");
	(void)ctx;
}

static void write_atom(struct api_ctx *ctx, const struct feed *f, struct sbuf *out)
{
	char date[21];
	atom_date(NULL, date);
	const char *self = self_url(ctx);
	sbuf_adds(out, "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	esc(out, config.lang);
	sbuf_adds(out, "\">\n\t<id>");
	esc(out, self);
	sbuf_adds(out, "</id>\n\t<title>");
	esc(out, f->title);
	sbuf_adds(out, "</title>\n\t<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	esc(out, self);
	sbuf_adds(out, "\"/>\n\t<link rel=\"alternate\" type=\"text/html\" href=\"");
	esc(out, f->url);
	sbuf_addf(out, "\"/>\n\t<updated>%s</updated>\n\t<subtitle>", date);
	esc(out, f->description);
	sbuf_adds(out, "</subtitle>\n\t<generator>" WIKI_GENERATOR "</generator>\n");
	for (size_t i = 0; i < f->n_items; i++) {
		const struct feed_item *it = &f->items[i];
		sbuf_adds(out, "\t<entry>\n\t\t<id>");
		esc(out, it->url);
		sbuf_adds(out, "</id>\n\t\t<title>");
		esc(out, it->title);
		sbuf_adds(out, "</title>\n\t\t<link rel=\"alternate\" type=\"text/html\" href=\"");
		esc(out, it->url);
		sbuf_adds(out, "\"/>\n\t\t");
		if (it->ts) {
			atom_date(it->ts, date);
			sbuf_addf(out, "<updated>%s</updated>", date);
		}
		sbuf_adds(out, "\n\n\t\t<summary type=\"html\">");
		esc(out, it->description);
		sbuf_adds(out, "</summary>\n\t\t<author><name>");
		esc(out, it->author);
		sbuf_adds(out, "</name></author>\n\t</entry>\n");
	}
	sbuf_adds(out, "</feed>");
}

void feed_send(struct api_ctx *ctx, const struct feed *f)
{
	struct sbuf *out = &ctx->resp->body;
	if (streq(f->format, "atom"))
		write_atom(ctx, f, out);
	else
		write_rss(ctx, f, out);
	ctx->resp->content_type = "application/xml; charset=UTF-8";
	http_response_add_header(ctx->resp, ctx->arena, "Content-Disposition", "inline; filename=\"feed.xml\"");
	/*
	 * The recent-changes feed is polled a lot: MediaWiki lets caches keep
	 * it 15 seconds. A feed that is private (always for contributions and
	 * the watchlist, for a logged-in reader of recent changes) also
	 * carries an Expires date in the past, as MediaWiki's feeds do.
	 */
	if (!f->is_private && api_cache_public(ctx, 15))
		return;
	if (f->is_private)
		http_response_add_header(ctx->resp, ctx->arena, "Cache-Control", "private, must-revalidate, max-age=0");
	http_response_add_header(ctx->resp, ctx->arena, "Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
}

int feed_send_error(struct api_ctx *ctx, const char *format, const char *what, const char *page_url, bool is_private)
{
	const struct api_msgrec *e = api_main_of(ctx)->errors;
	const char *code = e ? e->code : NULL;
	const char *text = e ? api_msg(ctx, e->key, e->params) : NULL;
	struct feed_item it = {
		.title = arena_printf(ctx->arena, "%s (%s)", api_msg(ctx, "error", NULL), code ? code : "unknown"),
		.url = "",
		.description = text ? text : "",
		.author = "",
	};
	struct feed f = {
		.format = format,
		.title = feed_title(ctx, arena_printf(ctx->arena, "%s - %s", api_msg(ctx, "error", NULL), what), " "),
		.description = what,
		.url = page_url,
		.items = &it,
		.n_items = 1,
		.is_private = is_private,
	};
	feed_send(ctx, &f);
	return RC_OK;
}

const char *feed_title(struct api_ctx *ctx, const char *what, const char *sep)
{
	return arena_printf(ctx->arena, "%s%s- %s [%s]", config.sitename, sep, what, config.lang);
}

const char *feed_page_url(struct api_ctx *ctx, int ns, const char *dbkey, const char *query)
{
	struct wiki_title t;
	wiki_title_make(ctx->arena, ns, dbkey, &t);
	if (!query || !*query)
		return wiki_title_url(ctx->arena, &t);
	return arena_printf(ctx->arena, "%s%s/index.php?title=%s&%s", config.server, config.scriptpath,
			    wiki_urlencode(ctx->arena, t.prefixed_dbkey), query);
}

const char *feed_talk_url(struct api_ctx *ctx, int ns, const char *dbkey)
{
	int talk = wiki_ns_talk(ns);
	return feed_page_url(ctx, talk == WIKI_NS_NONE ? ns : talk, dbkey, NULL);
}

/* ---------- the diff ---------- */

/*
 * FeedUtils::applyDiffStyle(): the elements whose class list names one of
 * these get the style instead of their class attribute (readers drop
 * stylesheets). The colours are those of MediaWiki's diff CSS.
 */
static const struct {
	const char *cls;
	const char *style;
} diff_styles[] = {
	{ "diff", "background-color: #fff; color: #202122;" },
	{ "diff-otitle", "background-color: #fff; color: #202122; text-align: center;" },
	{ "diff-ntitle", "background-color: #fff; color: #202122; text-align: center;" },
	{ "diff-addedline", "color: #202122; font-size: 88%; border-style: solid; border-width: 1px 1px 1px 4px; "
			    "border-radius: 0.33em; border-color: #a3d3ff; vertical-align: top; white-space: pre-wrap;" },
	{ "diff-deletedline", "color: #202122; font-size: 88%; border-style: solid; border-width: 1px 1px 1px 4px; "
			      "border-radius: 0.33em; border-color: #ffe49c; vertical-align: top; white-space: pre-wrap;" },
	{ "diff-context", "background-color: #f8f9fa; color: #202122; font-size: 88%; border-style: solid; "
			  "border-width: 1px 1px 1px 4px; border-radius: 0.33em; border-color: #eaecf0; "
			  "vertical-align: top; white-space: pre-wrap;" },
	{ "diffchange", "font-weight: bold; text-decoration: none;" },
};

/* The style for a class list (space-separated), or NULL when it names none of diff_styles. */
static const char *style_for(const char *cls, size_t len)
{
	for (size_t k = 0; k < ARRAY_SIZE(diff_styles); k++) {
		size_t kl = strlen(diff_styles[k].cls);
		for (size_t i = 0; i + kl <= len; i++) {
			if ((i == 0 || cls[i - 1] == ' ') && (i + kl == len || cls[i + kl] == ' ') &&
			    !memcmp(cls + i, diff_styles[k].cls, kl))
				return diff_styles[k].style;
		}
	}
	return NULL;
}

/* Append the table rows `s` with every styled class="..." replaced by style="...". */
static void add_styled(struct sbuf *out, const char *s, size_t len)
{
	static const char attr[] = " class=\"";
	const size_t al = sizeof(attr) - 1;
	size_t i = 0;
	while (i < len) {
		const char *hit = memmem(s + i, len - i, attr, al);
		if (!hit) {
			sbuf_add(out, s + i, len - i);
			return;
		}
		size_t at = (size_t)(hit - s);
		const char *vs = hit + al;
		const char *ve = memchr(vs, '"', len - (size_t)(vs - s));
		if (!ve) {
			sbuf_add(out, s + i, len - i);
			return;
		}
		const char *style = style_for(vs, (size_t)(ve - vs));
		sbuf_add(out, s + i, at - i);
		if (style)
			sbuf_addf(out, " style=\"%s\"", style);
		else
			sbuf_add(out, hit, (size_t)(ve + 1 - hit));
		i = (size_t)(ve + 1 - s);
	}
}

static void lineno(struct sbuf *out, size_t line, void *ud)
{
	struct api_ctx *ctx = ud;
	sbuf_adds(out, api_msg(ctx, "lineno", (const char *[]){ api_p_num(ctx->arena, (long long)line), NULL }));
}

/* "19:14, 2 December 2026" in the wiki's time zone (UTC), as Language::userTimeAndDate(). */
static const char *time_and_date(struct api_ctx *ctx, const char *ts)
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	int64_t t = 0;
	ts_from_mw(ts, &t);
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return arena_printf(ctx->arena, "%02d:%02d, %d %s %d", tm.tm_hour, tm.tm_min, tm.tm_mday, months[tm.tm_mon],
			    tm.tm_year + 1900);
}

/*
 * The "revisions in between" notice of DifferenceEngine::getMultiNotice():
 * NULL when `old` and `new` are neighbours, else how many revisions of the
 * page lie between them and by how many authors (counted over the
 * revisions after `old` up to `new`).
 */
static const char *multi_notice(struct api_ctx *ctx, int64_t page, int64_t oldid, int64_t newid)
{
	int64_t n = 0, users = 0;
	if (store_query_int(ctx->store, &n,
			    "SELECT COUNT(*) FROM revision WHERE rev_page = ? AND rev_id > ? AND rev_id < ?", "iii",
			    page, oldid, newid) != RC_OK || n <= 0)
		return NULL;
	if (store_query_int(ctx->store, &users,
			    "SELECT COUNT(DISTINCT rev_actor) FROM revision WHERE rev_page = ? AND rev_id > ?"
			    " AND rev_id <= ?", "iii", page, oldid, newid) != RC_OK)
		users = 1;
	const char *num = api_p_num(ctx->arena, n);
	if (users <= 1)
		return api_msg(ctx, n == 1 ? "diff-multi-sameuser-one" : "diff-multi-sameuser",
			       (const char *[]){ num, NULL });
	return api_msg(ctx, n == 1 ? "diff-multi-otherusers-one" : "diff-multi-otherusers",
		       (const char *[]){ num, api_p_num(ctx->arena, users), NULL });
}

/* A link to the diff, for diffs too long to include ($wgFeedDiffCutoff). */
static void add_diff_link(struct api_ctx *ctx, struct sbuf *out, int ns, const char *dbkey, int64_t newid,
			  int64_t oldid)
{
	const char *q = oldid ? arena_printf(ctx->arena, "diff=%lld&oldid=%lld", (long long)newid, (long long)oldid)
			      : arena_printf(ctx->arena, "diff=%lld", (long long)newid);
	sbuf_adds(out, "<a href=\"");
	esc(out, feed_page_url(ctx, ns, dbkey, q));
	sbuf_adds(out, "\">");
	esc(out, api_msg(ctx, "showdiff", NULL));
	sbuf_adds(out, "</a>");
}

/* The styled diff from `oldid` to `newid`, as getDiff() with our header titles. */
static void add_diff(struct api_ctx *ctx, struct sbuf *out, int ns, const char *dbkey, int64_t oldid,
		     int64_t newid, const char *ts)
{
	const char *old_text = NULL, *new_text = NULL;
	size_t old_len = 0, new_len = 0;
	int64_t page = 0;
	if (wiki_revision_text(ctx->store, ctx->arena, oldid, &old_text, &old_len, NULL) != RC_OK ||
	    wiki_revision_text(ctx->store, ctx->arena, newid, &new_text, &new_len, NULL) != RC_OK ||
	    store_query_int(ctx->store, &page, "SELECT rev_page FROM revision WHERE rev_id = ?", "i", newid) != RC_OK) {
		/* MediaWiki's words for a revision it cannot load, kept as a fact, not a message. */
		sbuf_addf(out, "<p>Can't load revision %lld</p>", (long long)newid);
		return;
	}
	struct sbuf body;
	sbuf_init(&body, FEED_DIFF_MAX);
	int rc = diff_table(ctx->arena, old_text, old_len, new_text, new_len, lineno, ctx, &body);
	const char *multi = multi_notice(ctx, page, oldid, newid);

	struct sbuf d;
	sbuf_init(&d, FEED_DIFF_MAX);
	bool has_body = body.len > 0;
	int colspan = has_body ? 2 : 1, multi_colspan = has_body ? 4 : 2;
	sbuf_addf(&d, "<table style=\"%s\" data-mw=\"interface\">", diff_styles[0].style);
	if (has_body)
		sbuf_adds(&d, "\n\t\t\t\t<col class=\"diff-marker\" />\n\t\t\t\t<col class=\"diff-content\" />"
			      "\n\t\t\t\t<col class=\"diff-marker\" />\n\t\t\t\t<col class=\"diff-content\" />");
	sbuf_addf(&d, "\n\t\t\t\t<tr class=\"diff-title\" lang=\"%s\">", config.lang);
	sbuf_addf(&d, "\n\t\t\t\t<td colspan=\"%d\" style=\"%s\">%s</td>", colspan, diff_styles[1].style,
		  api_msg(ctx, "previousrevision", NULL));
	sbuf_addf(&d, "\n\t\t\t\t<td colspan=\"%d\" style=\"%s\">%s</td>\n\t\t\t\t</tr>", colspan,
		  diff_styles[2].style,
		  api_msg(ctx, "revisionasof", (const char *[]){ time_and_date(ctx, ts), NULL }));
	if (multi)
		sbuf_addf(&d, "<tr><td colspan=\"%d\" class=\"diff-multi\" lang=\"%s\">%s</td></tr>", multi_colspan,
			  config.lang, multi);
	if (!has_body)
		sbuf_addf(&d, "<tr><td colspan=\"%d\" class=\"diff-notice\" lang=\"%s\"><div class=\"mw-diff-empty\">"
			      "%s</div>\n</td></tr>", multi_colspan, config.lang, api_msg(ctx, "diff-empty", NULL));
	add_styled(&d, sbuf_cstr(&body), body.len);
	sbuf_adds(&d, "</table>");
	if (rc != RC_OK || d.is_toobig || d.len > FEED_DIFF_CUTOFF)
		add_diff_link(ctx, out, ns, dbkey, newid, oldid);
	else
		sbuf_add(out, sbuf_cstr(&d), d.len);
	sbuf_release(&d);
	sbuf_release(&body);
}

/* nl2br(htmlspecialchars(text)): escaped, with "<br />" before every line break. */
static void add_nl2br(struct sbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\r' || c == '\n') {
			sbuf_adds(out, "<br />");
			sbuf_addc(out, c);
			/* A "\r\n" pair is one break. */
			if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
				sbuf_addc(out, s[++i]);
			continue;
		}
		char one[2] = { c, '\0' };
		esc(out, one);
	}
}

const char *feed_escape(struct api_ctx *ctx, const char *s)
{
	struct sbuf out;
	sbuf_init(&out, FEED_DIFF_MAX);
	esc(&out, s);
	const char *r = arena_strndup(ctx->arena, sbuf_cstr(&out), out.len);
	sbuf_release(&out);
	return r;
}

const char *feed_nl2br(struct api_ctx *ctx, const char *s, size_t len)
{
	struct sbuf out;
	sbuf_init(&out, FEED_DIFF_MAX);
	add_nl2br(&out, s, len);
	const char *r = arena_strndup(ctx->arena, sbuf_cstr(&out), out.len);
	sbuf_release(&out);
	return r;
}

const char *feed_diff_html(struct api_ctx *ctx, int ns, const char *dbkey, int64_t oldid, int64_t newid,
			   const char *ts, const char *action_html, const char *comment_html)
{
	struct sbuf out;
	sbuf_init(&out, FEED_DIFF_MAX);
	sbuf_adds(&out, "<p>");
	if (action_html && *action_html)
		sbuf_adds(&out, action_html);
	if (action_html && *action_html && comment_html && *comment_html)
		sbuf_addc(&out, ' ');
	if (comment_html)
		sbuf_adds(&out, comment_html);
	sbuf_adds(&out, "</p>\n");
	if (ns >= 0 && newid > 0) {
		if (oldid > 0) {
			add_diff(ctx, &out, ns, dbkey, oldid, newid, ts);
		} else {
			const char *text = NULL;
			size_t len = 0;
			const char *model = NULL;
			bool ok = wiki_revision_text(ctx->store, ctx->arena, newid, &text, &len, &model) == RC_OK;
			/* Only text models have a source view worth showing; the rest, and long texts, get a link. */
			if (!ok || len > FEED_DIFF_CUTOFF) {
				add_diff_link(ctx, &out, ns, dbkey, newid, 0);
			} else {
				sbuf_addf(&out, "<p><b>%s</b></p><div>", api_msg(ctx, "newpage", NULL));
				add_nl2br(&out, text, len);
				sbuf_adds(&out, "</div>");
			}
		}
	}
	const char *s = arena_strndup(ctx->arena, sbuf_cstr(&out), out.len);
	sbuf_release(&out);
	return s;
}

/* ---------- log entries ---------- */

/* Wikitext link to the page ns:dbkey, colon-prefixed so that categories and files link, not embed. */
static const char *page_link(struct api_ctx *ctx, int ns, const char *dbkey)
{
	struct wiki_title t;
	wiki_title_make(ctx->arena, ns, dbkey, &t);
	return arena_printf(ctx->arena, "[[:%s]]", t.prefixed);
}

/* Wikitext link to a user: the user page for accounts, the contributions for addresses. */
static const char *user_link(struct api_ctx *ctx, const char *name)
{
	if (wiki_ip_is_address(name))
		return arena_printf(ctx->arena, "[[Special:Contributions/%s|%s]]", name, name);
	return arena_printf(ctx->arena, "[[User:%s|%s]]", name, name);
}

/* The string member `key` of the log parameters `lp`, or NULL. */
static const char *param_str(struct api_node *lp, const char *key)
{
	struct api_node *n = lp ? api_node_get(lp, key) : NULL;
	return n && n->type == API_N_STRING ? n->v.str.s : NULL;
}

const char *feed_log_action_html(struct api_ctx *ctx, const char *performer, const char *type, const char *action,
				 int ns, const char *dbkey, const char *ts, const char *params, size_t params_len)
{
	/* The entry's parameters as list=logevents shows them: target_title for moves and merges. */
	struct api_node *holder = api_result_new(ctx->arena, SIZE_MAX);
	log_params_add(ctx, holder, "params", type, action, ts, params ? params : "", params_len);
	struct api_node *lp = api_node_get(holder, "params");
	const char *target = param_str(lp, "target_title");
	const char *target_link = target ? arena_printf(ctx->arena, "[[:%s]]", target) : NULL;

	/* Message key "feedlog-<type>-<action>" when we have one, else the generic sentence. */
	const char *key = arena_printf(ctx->arena, "feedlog-%s-%s", type, action);
	const char *const args[] = { user_link(ctx, performer), page_link(ctx, ns, dbkey),
				     target_link ? target_link : "", NULL };
	const char *wikitext;
	if (api_msg_template(key) && (target_link || !strstr(api_msg_template(key), "$3")))
		wikitext = api_msg(ctx, key, args);
	else
		wikitext = api_msg(ctx, "feedlog-generic",
				   (const char *[]){ args[0], arena_printf(ctx->arena, "%s/%s", type, action), args[1],
						     NULL });
	struct wiki_title t;
	wiki_title_make(ctx->arena, ns, dbkey, &t);
	return wiki_comment_html(ctx->arena, ctx->store, wikitext, &t);
}
