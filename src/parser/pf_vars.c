/* SPDX-License-Identifier: MIT */
/*
 * pf_vars.c — MediaWiki's magic variables (CoreMagicVariables, 1.39):
 * the date and time of the parse in UTC and in the wiki's local zone,
 * the page's names ({{PAGENAME}} and family, also as functions with a
 * title argument: {{PAGENAME:Other page}}), the revision being parsed,
 * the site's names and paths and its statistics.
 *
 * Dates come from the parse's timestamp (wt_options.now), formatted with
 * the #time machinery (timefmt.c), which also says how long the value
 * stays right: that lifetime lowers the output's cache TTL as
 * MediaWiki's updateCacheExpiry does.
 */
#include "pf_int.h"

/* ---- dates -------------------------------------------------------------------- */

/*
 * `fmt` (PHP date letters) applied to instant `t` in UTC or in the
 * wiki's local zone; the frame's TTL is lowered to the value's lifetime
 * when `t` is the parse's own time.
 */
static struct str date_fmt(struct wt_ctx *cx, struct wt_frame *frame, const char *fmt, int64_t t, bool local)
{
	struct sbuf sb;
	wt_pf_sbuf(&sb);
	int ttl = -1;
	const char *zone = local ? cx->site->localtimezone : NULL;
	wt_time_format(&sb, str_c(fmt), t, zone, wt_date_lang_get(cx->site->lang ? cx->site->lang : "en"), &ttl);
	if (ttl >= 0 && t == cx->opt.now)
		wt_frame_set_ttl(frame, ttl);
	return wt_pf_take(cx, &sb);
}

/* A number written without leading zeros (PHP's (int) cast, as CURRENTWEEK does it). */
static struct str no_zeros(struct str s)
{
	while (s.len > 1 && s.p[0] == '0')
		s.p++, s.len--;
	return s;
}

/* One date variable per line: id, format, local zone. */
#define DATE_VAR(id, fmt, local)                                                       \
	int wt_var_##id(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)    \
	{                                                                              \
		*out = date_fmt(cx, frame, fmt, cx->opt.now, local);                   \
		return RC_OK;                                                          \
	}

DATE_VAR(currentmonth, "m", false)
DATE_VAR(currentmonth1, "n", false)
DATE_VAR(currentmonthname, "F", false)
DATE_VAR(currentmonthnamegen, "xg", false)
DATE_VAR(currentmonthabbrev, "M", false)
DATE_VAR(currentday, "j", false)
DATE_VAR(currentday2, "d", false)
DATE_VAR(currentdayname, "l", false)
DATE_VAR(currentyear, "Y", false)
DATE_VAR(currenttime, "H:i", false)
DATE_VAR(currenthour, "H", false)
DATE_VAR(currentdow, "w", false)
DATE_VAR(currenttimestamp, "YmdHis", false)
DATE_VAR(localmonth, "m", true)
DATE_VAR(localmonth1, "n", true)
DATE_VAR(localmonthname, "F", true)
DATE_VAR(localmonthnamegen, "xg", true)
DATE_VAR(localmonthabbrev, "M", true)
DATE_VAR(localday, "j", true)
DATE_VAR(localday2, "d", true)
DATE_VAR(localdayname, "l", true)
DATE_VAR(localyear, "Y", true)
DATE_VAR(localtime, "H:i", true)
DATE_VAR(localhour, "H", true)
DATE_VAR(localdow, "w", true)
DATE_VAR(localtimestamp, "YmdHis", true)

/* {{CURRENTWEEK}}: the ISO week number without a leading zero. */
int wt_var_currentweek(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)
{
	*out = no_zeros(date_fmt(cx, frame, "W", cx->opt.now, false));
	return RC_OK;
}

/* {{LOCALWEEK}}. */
int wt_var_localweek(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)
{
	*out = no_zeros(date_fmt(cx, frame, "W", cx->opt.now, true));
	return RC_OK;
}

/* ---- the revision being parsed --------------------------------------------------- */

/* The revision's time: its own, or the parse's for a preview. */
/*
 * The variables of the revision being saved: a rendering made before the
 * save (an edit stash) cannot know them, so it is marked and not reused
 * (MediaWiki's vary-revision-* output flags).
 */
static void vary_revision(struct wt_ctx *cx)
{
	if (cx->out)
		cx->out->vary_revision = true;
}

void wt_pf_flag(struct wt_ctx *cx, unsigned flags)
{
	if (cx->out)
		cx->out->flags |= flags;
}

/* Parser::MAX_TTS: how far ahead a revision time is compared, in seconds. */
#define MAX_TTS 900

struct str wt_pf_own_rev_time(struct wt_ctx *cx, struct wt_frame *frame, const char *fmt)
{
	vary_revision(cx);
	struct str now = date_fmt(cx, frame, fmt, cx->opt.rev_timestamp ? cx->opt.rev_timestamp : cx->opt.now, true);
	if (!cx->opt.rev_current) {
		struct str then = date_fmt(cx, frame, fmt, util_now() + MAX_TTS, true);
		if (now.len != then.len || memcmp(now.p, then.p, now.len) != 0)
			wt_pf_flag(cx, WT_FLAG_VARY_REVISION_TIMESTAMP);
	}
	return now;
}

struct str wt_pf_own_rev_user(struct wt_ctx *cx)
{
	wt_pf_flag(cx, WT_FLAG_VARY_USER);
	const char *u = cx->opt.rev_user ? cx->opt.rev_user
					 : cx->opt.is_preview || cx->ot == WT_OT_WIKI ? cx->opt.user : NULL;
	return str_c(u ? u : "");
}

#define REV_DATE_VAR(id, fmt)                                                          \
	int wt_var_##id(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)    \
	{                                                                              \
		*out = wt_pf_own_rev_time(cx, frame, fmt);                             \
		return RC_OK;                                                          \
	}

REV_DATE_VAR(revisionday, "j")
REV_DATE_VAR(revisionday2, "d")
REV_DATE_VAR(revisionmonth, "m")
REV_DATE_VAR(revisionmonth1, "n")
REV_DATE_VAR(revisionyear, "Y")
REV_DATE_VAR(revisiontimestamp, "YmdHis")

/* {{REVISIONID}}: "" for a preview. */
int wt_var_revisionid(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)
{
	vary_revision(cx);
	wt_pf_flag(cx, WT_FLAG_VARY_REVISION_ID);
	*out = cx->opt.rev_id ? str_c(wt_aprintf(cx->a, "%lld", (long long)cx->opt.rev_id)) : (struct str){ "", 0 };
	return RC_OK;
}

/*
 * {{REVISIONUSER}}: the author; without a revision, the user it is
 * rendered for in a preview or a pre-save transform, else "".
 */
int wt_var_revisionuser(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)
{
	*out = wt_pf_own_rev_user(cx);
	return RC_OK;
}

/* {{REVISIONSIZE}}: the revision's size in bytes. */
int wt_var_revisionsize(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)
{
	vary_revision(cx);
	*out = str_c(wt_aprintf(cx->a, "%lld", (long long)(cx->opt.rev_size > 0 ? cx->opt.rev_size : 0)));
	return RC_OK;
}

/* {{PAGEID}}: "" while the page does not exist. */
int wt_var_pageid(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)
{
	if (!cx->opt.page_id)
		vary_revision(cx);
	wt_pf_flag(cx, WT_FLAG_VARY_PAGE_ID);
	*out = cx->opt.page_id ? str_c(wt_aprintf(cx->a, "%lld", (long long)cx->opt.page_id)) : (struct str){ "", 0 };
	return RC_OK;
}

/* ---- the site ------------------------------------------------------------------------ */

/* A site string variable. */
#define SITE_VAR(id, expr)                                                             \
	int wt_var_##id(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)    \
	{                                                                              \
		const char *v = (expr);                                                \
		*out = str_c(v ? v : "");                                              \
		return RC_OK;                                                          \
	}

SITE_VAR(excl, "|")
SITE_VAR(equals, "=")
SITE_VAR(sitename, cx->site->sitename)
SITE_VAR(server, cx->site->server)
SITE_VAR(servername, cx->site->servername)
SITE_VAR(scriptpath, cx->site->scriptpath)
SITE_VAR(stylepath, cx->site->stylepath)
SITE_VAR(articlepath, cx->site->articlepath)
SITE_VAR(currentversion, cx->site->version)
SITE_VAR(contentlanguage, cx->site->lang ? cx->site->lang : "en")
SITE_VAR(pagelanguage, cx->site->lang ? cx->site->lang : "en")

/* {{DIRMARK}}: the content language's direction mark (LRM or RLM). */
int wt_var_directionmark(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)
{
	bool rtl = wt_language_is_rtl(str_c(cx->site->lang ? cx->site->lang : "en"));
	*out = str_c(rtl ? "\xE2\x80\x8F" : "\xE2\x80\x8E");
	return RC_OK;
}

/* A statistic, grouped in thousands. */
#define STAT_VAR(id, what)                                                                   \
	int wt_var_##id(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)          \
	{                                                                                    \
		int64_t n = cx->host->site_stat ? cx->host->site_stat(cx->host->data, what) : 0; \
		char d[UTIL_LL_CHARS];                                                       \
		util_format_ll(n, d);                                                        \
		struct sbuf sb;                                                              \
		wt_pf_sbuf(&sb);                                                             \
		wt_formatnum(&sb, str_c(d), WT_FORMATNUM_GROUP, wt_lang_index(cx->site));    \
		*out = wt_pf_take(cx, &sb);                                                  \
		return RC_OK;                                                                \
	}

STAT_VAR(numberofarticles, "articles")
STAT_VAR(numberoffiles, "files")
STAT_VAR(numberofedits, "edits")
STAT_VAR(numberofusers, "users")
STAT_VAR(numberofactiveusers, "activeusers")
STAT_VAR(numberofpages, "pages")
STAT_VAR(numberofadmins, "admins")

/* ---- the page's names --------------------------------------------------------------- */

/* The title's text with its interwiki and namespace prefixes (getPrefixedText). */
static const char *prefixed_text(struct wt_ctx *cx, const struct wt_title *t)
{
	return wt_title_prefixed(cx->a, cx->site, t, false); /* the interwiki prefix included */
}

/* getSubpageText, getBaseText and getRootText: `which` 's', 'b' or 'r'. */
static const char *subpage_part(struct wt_ctx *cx, const struct wt_title *t, char which)
{
	const char *text = wt_title_text(cx->a, t);
	const struct wt_namespace *ns = wt_ns_get(cx->site, t->ns);
	if (!ns || !ns->has_subpages || t->interwiki[0])
		return text;
	const char *last = strrchr(text, '/');
	const char *first = strchr(text, '/');
	switch (which) {
	case 's':
		return last ? last + 1 : text;
	case 'b':
		return last ? arena_strndup(cx->a, text, (size_t)(last - text)) : text;
	default:
		return first ? arena_strndup(cx->a, text, (size_t)(first - text)) : text;
	}
}

/* The talk page (ns | 1) or subject page (ns & ~1) of `t`. */
static struct wt_title other_page(const struct wt_title *t, bool talk)
{
	struct wt_title o = *t;
	o.ns = talk ? (t->ns | 1) : (t->ns & ~1);
	o.fragment = "";
	o.has_fragment = false;
	return o;
}

/* NamespaceInfo::canHaveTalkPage: a local title in a namespace >= 0. */
static bool can_have_talk(const struct wt_title *t)
{
	return t->ns >= 0 && !t->interwiki[0] && t->dbkey[0];
}

static struct str escaped(struct wt_ctx *cx, const char *s)
{
	return wt_escape_wikitext(cx, str_c(s));
}

/* A namespace's name with spaces ("" when unknown). */
static const char *ns_name(struct wt_ctx *cx, int ns)
{
	const char *n = wt_pf_ns_text(cx, ns);
	return n ? n : "";
}

struct str wt_pf_title_part(struct wt_ctx *cx, const struct wt_title *t, const char *id)
{
	struct wt_title o;
	if (streq(id, "pagename"))
		return escaped(cx, wt_title_text(cx->a, t));
	if (streq(id, "pagenamee"))
		return wt_escape_wikitext(cx, wt_pf_urlform(cx, t->dbkey));
	/* CoreParserFunctions::fullpagename: "" for a title that can have no talk page (interwiki, special) */
	if (streq(id, "fullpagename"))
		return can_have_talk(t) ? escaped(cx, prefixed_text(cx, t)) : (struct str){ "", 0 };
	if (streq(id, "fullpagenamee"))
		return can_have_talk(t) ? wt_escape_wikitext(cx, wt_pf_urlform(cx, prefixed_text(cx, t)))
					: (struct str){ "", 0 };
	if (streq(id, "subpagename") || streq(id, "basepagename") || streq(id, "rootpagename"))
		return escaped(cx, subpage_part(cx, t, id[0] == 's' ? 's' : id[0]));
	if (streq(id, "subpagenamee") || streq(id, "basepagenamee") || streq(id, "rootpagenamee"))
		return wt_escape_wikitext(cx, wt_pf_urlform(cx, subpage_part(cx, t, id[0])));
	if (streq(id, "talkpagename") || streq(id, "talkpagenamee")) {
		if (!can_have_talk(t))
			return (struct str){ "", 0 };
		o = other_page(t, true);
		if (id[12] == 'e')
			return wt_escape_wikitext(cx, wt_pf_urlform(cx, prefixed_text(cx, &o)));
		return escaped(cx, prefixed_text(cx, &o));
	}
	if (streq(id, "subjectpagename") || streq(id, "subjectpagenamee")) {
		o = t->ns >= 0 ? other_page(t, false) : *t;
		if (id[15] == 'e')
			return wt_escape_wikitext(cx, wt_pf_urlform(cx, prefixed_text(cx, &o)));
		return escaped(cx, prefixed_text(cx, &o));
	}
	if (streq(id, "namespace"))
		return str_c(ns_name(cx, t->ns));
	if (streq(id, "namespacee"))
		return wt_pf_urlform(cx, ns_name(cx, t->ns));
	if (streq(id, "namespacenumber"))
		return str_c(wt_aprintf(cx->a, "%d", t->ns));
	if (streq(id, "talkspace") || streq(id, "talkspacee")) {
		if (!can_have_talk(t))
			return (struct str){ "", 0 };
		const char *n = ns_name(cx, t->ns | 1);
		return id[9] == 'e' ? wt_pf_urlform(cx, n) : str_c(n);
	}
	if (streq(id, "subjectspace") || streq(id, "subjectspacee")) {
		const char *n = ns_name(cx, t->ns >= 0 ? (t->ns & ~1) : t->ns);
		return id[12] == 'e' ? wt_pf_urlform(cx, n) : str_c(n);
	}
	BUG("title part %s unknown", id);
}

/* Each name as a variable (the page itself) and as a function (a title argument; "" when no title). */
#define TITLE_PART(id)                                                                             \
	int wt_var_##id(struct wt_ctx *cx, struct wt_frame *frame, struct str *out)                \
	{                                                                                          \
		*out = wt_pf_title_part(cx, &cx->title, #id);                                      \
		return RC_OK;                                                                      \
	}                                                                                          \
	int wt_pf_##id(struct wt_ctx *cx, struct wt_frame *frame, struct wt_args *args, struct wt_result *res) \
	{                                                                                          \
		struct wt_title t;                                                                 \
		if (wt_pf_title(cx, args->text[0], WT_NS_MAIN, &t))                                \
			res->text = wt_pf_title_part(cx, &t, #id);                                 \
		return RC_OK;                                                                      \
	}

TITLE_PART(pagename)
TITLE_PART(pagenamee)
TITLE_PART(fullpagename)
TITLE_PART(fullpagenamee)
TITLE_PART(subpagename)
TITLE_PART(subpagenamee)
TITLE_PART(rootpagename)
TITLE_PART(rootpagenamee)
TITLE_PART(basepagename)
TITLE_PART(basepagenamee)
TITLE_PART(talkpagename)
TITLE_PART(talkpagenamee)
TITLE_PART(subjectpagename)
TITLE_PART(subjectpagenamee)
TITLE_PART(namespace)
TITLE_PART(namespacee)
TITLE_PART(namespacenumber)
TITLE_PART(talkspace)
TITLE_PART(talkspacee)
TITLE_PART(subjectspace)
TITLE_PART(subjectspacee)

/* ---- behaviour switches ------------------------------------------------------------------ */

/* The id and case flag of each switch, by enum wt_switch. */
static const struct {
	const char *id; /* magic word id = page property name */
	int flags;      /* WT_F_* */
} switches[] = {
#define WT_FUNC(id, names, flags)
#define WT_VAR(id, names, flags)
#define WT_SWITCH(id, names, flags) { #id, flags },
#include "functions.def"
#undef WT_FUNC
#undef WT_VAR
#undef WT_SWITCH
};

void wt_switches_record(struct wt_ctx *cx, const int *ids, size_t n)
{
	/*
	 * MagicWordArray::matchAndRemove runs the case-insensitive words'
	 * pattern over the text before the case-sensitive ones', so their
	 * properties come first; each group keeps the text order.
	 */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if (((switches[ids[i]].flags & WT_F_CASE) != 0) == (pass == 1))
				wt_out_prop(cx, switches[ids[i]].id, "");
	const struct wt_namespace *ns = wt_ns_get(cx->site, cx->title.ns);
	bool can_noindex = !(ns && ns->is_content);
	for (size_t i = 0; i < n; i++) {
		if (ids[i] == WT_SW_hiddencat && cx->title.ns == WT_NS_CATEGORY)
			wt_tracking_category(cx, "hidden-category-category");
		else if (ids[i] == WT_SW_noindex && can_noindex)
			wt_tracking_category(cx, "noindex-category");
		else if (ids[i] == WT_SW_index && can_noindex)
			wt_tracking_category(cx, "index-category");
	}
}
