/* SPDX-License-Identifier: MIT */
/*
 * wt.h — the wikitext parser's public interface (prefix wt_): render
 * wikitext to HTML as MediaWiki 1.39's legacy parser does, expand
 * templates alone (expandtemplates, pre-save transform), produce the
 * preprocessor's XML parse tree, and split or replace sections.
 *
 * The parser depends on src/util only. Everything it needs to know about
 * the wiki comes through two things the caller provides:
 *   - struct wt_site: the site configuration (names, URLs, namespaces,
 *     interwiki table, URL protocols). Long-lived, read-only, shared by
 *     every parse; built once by the host.
 *   - struct wt_host: callbacks for what changes (does a page exist, a
 *     template's text, file metadata, interface messages, ...). Lookups
 *     that a page needs many of come in batches.
 * Every parse allocates from one arena the caller owns; the results
 * (HTML and the collected metadata in struct wt_output) live in it.
 */
#ifndef WT_H
#define WT_H

#include <stdint.h>

#include "../util/arena.h"
#include "../util/util.h"

/* MediaWiki's built-in namespace numbers, as the parser needs them. */
enum {
	WT_NS_MEDIA = -2,     /* Media: direct links to files */
	WT_NS_SPECIAL = -1,   /* Special: */
	WT_NS_MAIN = 0,       /* articles */
	WT_NS_TALK = 1,       /* Talk: */
	WT_NS_USER = 2,       /* User: */
	WT_NS_USER_TALK = 3,  /* User talk: */
	WT_NS_PROJECT = 4,    /* the project namespace */
	WT_NS_FILE = 6,       /* File: (Image:) */
	WT_NS_MEDIAWIKI = 8,  /* MediaWiki: interface messages */
	WT_NS_TEMPLATE = 10,  /* Template: */
	WT_NS_HELP = 12,      /* Help: */
	WT_NS_CATEGORY = 14,  /* Category: */
};

/* ------------------------------------------------------------------ */
/* Site configuration                                                  */
/* ------------------------------------------------------------------ */

/* Ways of writing ids and fragments ($wgFragmentMode). */
enum wt_fragment_mode {
	WT_FRAG_NONE,   /* no (fallback) mode */
	WT_FRAG_HTML5,  /* 'html5': Unicode kept, spaces as '_' */
	WT_FRAG_LEGACY, /* 'legacy': percent-encoding with '.' for '%' */
};

/* One namespace of the site. */
struct wt_namespace {
	int id;                 /* namespace number */
	const char *name;       /* local name with spaces ("User talk"); "" for main */
	const char *canonical;  /* canonical (English) name, or NULL when it is `name` */
	bool is_capitalized;    /* first letter of titles upper-cased ($wgCapitalLinks) */
	bool has_subpages;      /* $wgNamespacesWithSubpages */
	bool is_content;        /* $wgContentNamespaces */
	bool is_nonincludable;  /* $wgNonincludableNamespaces: never transcluded */
};

/* An additional name of a namespace ("Image" for File). */
struct wt_ns_alias {
	const char *name; /* alias with spaces */
	int id;           /* namespace it names */
};

/* One row of the interwiki table. */
struct wt_interwiki {
	const char *prefix;   /* lower-case prefix */
	const char *url;      /* URL with "$1" where the title goes */
	bool is_local;        /* iw_local: links are followed as local */
	bool is_trans;        /* iw_trans: transclusion allowed */
	const char *language; /* non-NULL: an interlanguage prefix (its language name) */
};

/*
 * An extension tag the host renders itself (what an extension's
 * Parser::setHook adds). The preprocessor treats it as every extension
 * tag: its content is not wikitext to the core.
 */
struct wt_ext_tag {
	const char *name; /* lower-case tag name */
	void *data;       /* passed back to render */
	/*
	 * The tag's HTML, allocated in `a`: `content` is the text between the
	 * tags as written (NULL for <name/>), `attrs` holds `n_attrs` pairs of
	 * decoded attribute name and value in order. The result becomes one
	 * strip item, as a tag hook's output does.
	 */
	const char *(*render)(void *data, struct arena *a, const char *content, size_t content_len,
			      const struct str *attrs, size_t n_attrs);
};

/*
 * Site configuration: what MediaWiki keeps in $wg globals. Strings are
 * NUL-terminated and outlive every parse. Arrays need not be sorted.
 */
struct wt_site {
	const char *sitename;     /* $wgSitename */
	const char *server;       /* $wgServer, "http://example.org" or protocol-relative */
	const char *canonical_server; /* $wgCanonicalServer (NULL: same as server) */
	const char *servername;   /* $wgServerName, host part of server */
	const char *scriptpath;   /* $wgScriptPath, "" or "/w" */
	const char *script;       /* $wgScript, "/w/index.php" */
	const char *articlepath;  /* $wgArticlePath with "$1" */
	const char *stylepath;    /* $wgStylePath */
	const char *lang;         /* content language code, "en" */
	const char *localtimezone; /* $wgLocaltimezone, a tz identifier; NULL: UTC */
	const char *version;      /* the MediaWiki version {{CURRENTVERSION}} shows ("1.39.17") */
	const char *mainpage;     /* title of the main page */
	const char *upload_url;   /* base URL of uploaded files, "http://example.com/images" */
	const struct wt_namespace *ns;        /* every namespace */
	size_t n_ns;                          /* entries in ns */
	const struct wt_ns_alias *ns_aliases; /* namespace aliases */
	size_t n_ns_aliases;                  /* entries in ns_aliases */
	const struct wt_interwiki *iw;        /* the interwiki table */
	size_t n_iw;                          /* entries in iw */
	const char *const *local_interwikis;  /* prefixes that name this wiki ($wgLocalInterwikis) */
	size_t n_local_interwikis;            /* entries in local_interwikis */
	const char *const *url_protocols;     /* $wgUrlProtocols in lower case: "http://", "mailto:", "//" ... */
	size_t n_url_protocols;               /* entries in url_protocols */
	const char *const *nofollow_exceptions; /* $wgNoFollowDomainExceptions */
	size_t n_nofollow_exceptions;         /* entries in nofollow_exceptions */
	bool nofollow_links;                  /* $wgNoFollowLinks */
	const char *external_link_target;     /* $wgExternalLinkTarget, NULL for none */
	bool allow_external_images;           /* $wgAllowExternalImages */
	bool enable_uploads;                  /* $wgEnableUploads: red file links go to Special:Upload */
	bool raw_html;                        /* $wgRawHtml: the <html> tag is registered */
	const struct wt_ext_tag *ext_tags;    /* extension tags of the host's own */
	size_t n_ext_tags;                    /* entries in ext_tags */
	bool magic_isbn;                      /* $wgEnableMagicLinks['ISBN'] */
	bool magic_pmid;                      /* $wgEnableMagicLinks['PMID'] */
	bool magic_rfc;                       /* $wgEnableMagicLinks['RFC'] */
	enum wt_fragment_mode fragment_mode;  /* $wgFragmentMode[0] */
	enum wt_fragment_mode fragment_fallback; /* $wgFragmentMode[1], WT_FRAG_NONE when absent */
	bool interwiki_magic;                 /* $wgInterwikiMagic: language prefixes make interlanguage links */
	bool allow_display_title;             /* $wgAllowDisplayTitle */
	bool restrict_display_title;          /* $wgRestrictDisplayTitle */
	int max_toc_level;                    /* $wgMaxTocLevel */
	int thumb_width;                      /* default thumbnail width ($wgThumbLimits[user option]) */
	double thumb_upright;                 /* $wgThumbUpright */
	bool use_piglatin;                    /* $wgUsePigLatinVariant: English has the en-x-piglatin variant */
};

/* ------------------------------------------------------------------ */
/* Titles                                                              */
/* ------------------------------------------------------------------ */

/*
 * A parsed title. Strings are NUL-terminated, never NULL ("" when
 * absent), and live in the parse's arena.
 */
struct wt_title {
	int ns;                /* namespace id (0 for interwiki titles) */
	const char *dbkey;     /* title without namespace, '_' for spaces */
	const char *interwiki; /* lower-case interwiki prefix, "" when local */
	const char *fragment;  /* text after '#', with spaces; "" when none */
	bool has_fragment;     /* a '#' and something after it were given (Title::hasFragment) */
	bool is_local_interwiki; /* written with a prefix naming this wiki ("local:Foo") */
};

/* ------------------------------------------------------------------ */
/* Host callbacks                                                      */
/* ------------------------------------------------------------------ */

/* One page in a batch lookup (link colouring, #ifexist, PAGESIZE ...). */
struct wt_page_info {
	const struct wt_title *title; /* in: the page asked about (local, ns >= 0) */
	bool exists;                  /* out: the page exists */
	bool is_redirect;             /* out: it is a redirect */
	int64_t page_id;              /* out: page id, 0 when missing */
	int64_t latest;               /* out: latest revision id */
	int64_t length;               /* out: length of the latest revision in bytes */
	const char *content_model;    /* out: content model ("wikitext"), NULL when missing */
};

/* One page of a listing (wt_host.list_pages). */
struct wt_listed_page {
	const char *dbkey; /* title without namespace */
	bool is_redirect;  /* the page is a redirect */
};

/* A template's text as the host fetched it. */
struct wt_fetched {
	const char *text;          /* wikitext, NULL when the page does not exist */
	size_t len;                /* bytes in text */
	struct wt_title title;     /* the page finally read (after redirects) */
	int64_t page_id;           /* its page id (0 when missing) */
	int64_t rev_id;            /* the revision read (0 when missing) */
	const struct wt_title *deps; /* every title on the way (redirects), for templatelinks */
	size_t n_deps;             /* entries in deps */
};

/* Metadata of a file for [[File:...]] (a missing file has exists false). */
struct wt_file {
	bool exists;          /* the file exists */
	int width;            /* pixels */
	int height;           /* pixels */
	const char *mime;     /* "image/jpeg" */
	const char *media_type; /* "BITMAP", "DRAWING", "AUDIO", "VIDEO", "OFFICE" ... */
	const char *url;      /* full URL of the original */
	const char *thumb_base; /* URL prefix of its thumbnails ("<upload>/thumb/3/3a/Foobar.jpg") */
	int n_pages;          /* pages of a multi-page document, 0 otherwise */
	int64_t size;         /* bytes */
	const char *timestamp; /* upload time, 14-digit MediaWiki form */
	const char *sha1;     /* base-36 SHA-1 */
};

/*
 * Everything the parser asks the wiki. `data` is passed back to every
 * callback. A callback may be NULL: the parser then behaves as for a
 * wiki where the answer is "none" (missing pages, files and messages).
 * Callbacks allocate what they return in the arena they are given.
 */
struct wt_host {
	void *data; /* the host's own state */
	/*
	 * Fill the out fields of `n` pages at once (link colouring of a whole
	 * page is one call). Titles are local (no interwiki).
	 */
	void (*page_info)(void *data, struct arena *a, struct wt_page_info *pages, size_t n);
	/*
	 * The current text of `title` for transclusion, following redirects
	 * as MediaWiki does. RC_OK with out->text NULL for a missing page.
	 */
	int (*fetch)(void *data, struct arena *a, const struct wt_title *title, struct wt_fetched *out);
	/* File metadata for File:/Media: links. RC_OK; out->exists false when missing. */
	int (*file)(void *data, struct arena *a, const struct wt_title *title, struct wt_file *out);
	/*
	 * The wikitext of interface message `key` (lower-case first letter,
	 * as in MediaWiki:Key) in language `lang`, or NULL when there is none.
	 */
	const char *(*message)(void *data, struct arena *a, const char *key, const char *lang);
	/* Gender of user `name`: "male", "female" or "unknown". */
	const char *(*user_gender)(void *data, struct arena *a, const char *name);
	/*
	 * Members of category `dbkey` (no namespace): all, pages, subcats,
	 * files (any pointer may be NULL). RC_OK, or RC_NOTFOUND when the
	 * category has no row.
	 */
	int (*category_counts)(void *data, const char *dbkey, int64_t *all, int64_t *pages, int64_t *subcats,
			       int64_t *files);
	/*
	 * Site statistics for {{NUMBEROF...}}: `what` is "articles", "pages",
	 * "files", "edits", "users", "activeusers", "admins" or "group:<name>"
	 * (members of user group <name>, NUMBERINGROUP).
	 */
	int64_t (*site_stat)(void *data, const char *what);
	/*
	 * The protection of `title` for action `action` ("edit", "move"):
	 * the level ("sysop", "autoconfirmed", "" when unprotected) and the
	 * expiry ("infinity" or a 14-digit timestamp) in the arena. Both
	 * are "" for an action that does not apply to the title (as
	 * MediaWiki's RestrictionStore: edit, move and, for files, upload
	 * on an existing page; only create on a missing one); an applicable
	 * action without protection has level "" and expiry "infinity".
	 */
	void (*protection)(void *data, struct arena *a, const struct wt_title *title, const char *action,
			   const char **level, const char **expiry);
	/*
	 * Is file `dbkey` on the bad image list for page `page`
	 * (MediaWiki:Bad image list, BadFileLookup)? A bad file is linked,
	 * never shown.
	 */
	bool (*bad_file)(void *data, const char *dbkey, const struct wt_title *page);
	/*
	 * The canonical local name of special page `name` (spaces as '_',
	 * ASCII case ignored, aliases included: "recentchanges" gives
	 * "RecentChanges"), or NULL when the wiki has no such special page.
	 */
	const char *(*special_page)(void *data, struct arena *a, const char *name);
	/*
	 * The author's name and the 14-digit timestamp of revision `rev_id`
	 * into *user and *timestamp (in `a`): RC_OK, or RC_NOTFOUND.
	 */
	int (*revision)(void *data, struct arena *a, int64_t rev_id, const char **user, const char **timestamp);
	/*
	 * The pages whose cascading protection covers `title` (local, ns >= 0),
	 * as '|'-joined prefixed texts; "" when none.
	 */
	const char *(*cascading_sources)(void *data, struct arena *a, const struct wt_title *title);
	/*
	 * Pages of namespace `ns` in title order, for transcluded listings
	 * (Special:AllPages, Special:PrefixIndex): dbkeys from `from` on
	 * (inclusive), up to `to` (inclusive; NULL: no end), starting with
	 * `prefix` (NULL: any), without redirects when `no_redirects`; at
	 * most `limit`. *out (in `a`) gets *n entries. RC_OK. NULL: the host
	 * lists nothing, and those special pages are only linked.
	 */
	int (*list_pages)(void *data, struct arena *a, int ns, const char *from, const char *to, const char *prefix,
			  bool no_redirects, size_t limit, struct wt_listed_page **out, size_t *n);
};

/* ------------------------------------------------------------------ */
/* Options and output                                                  */
/* ------------------------------------------------------------------ */

/* Limits of one parse (MediaWiki's ParserOptions defaults in comments). */
struct wt_limits {
	size_t max_include_size;     /* bytes of pre- and post-expand include size (2 MiB) */
	int64_t max_pp_node_count;   /* preprocessor nodes expanded (1,000,000) */
	int max_pp_expand_depth;     /* nesting of expansions (100) */
	int max_template_depth;      /* nesting of template frames (100) */
	int expensive_function_limit; /* expensive parser functions (100) */
};

/* What wt_parse() and wt_preprocess() do; zero means the default everywhere. */
struct wt_options {
	const char *title;        /* prefixed title of the page ("Main Page" if NULL) */
	int64_t page_id;          /* its page id, 0 when unsaved */
	int64_t rev_id;           /* revision being parsed (REVISIONID), 0 for preview */
	const char *rev_user;     /* its author (REVISIONUSER), NULL when unknown */
	int64_t rev_timestamp;    /* its time (Unix seconds), 0: `now` */
	int64_t rev_size;         /* its size in bytes, -1: the input's length */
	bool rev_current;         /* the revision is saved and current: the page's own REVISION*, PAGESIZE read it */
	bool unsaved_current;     /* the text stands for the page's current revision, unsaved (a preview) */
	int64_t now;              /* the time of the parse (Unix seconds), 0: the clock */
	const char *user;         /* the user the page is rendered for (signatures, gender) */
	const char *user_lang;    /* interface language ("en" if NULL) */
	const char *variant;      /* variant of the content language to convert into, NULL: its main code */
	int thumb_width;          /* user's thumbnail width, 0: the site's */
	bool is_preview;          /* an edit preview */
	bool is_section_preview;  /* a preview of one section */
	bool no_edit_section;     /* no edit-section links (disableeditsection) */
	bool no_toc;              /* no table of contents (disabletoc) */
	bool no_wrap;             /* no <div class="mw-parser-output"> wrapper */
	bool interface_message;   /* an interface message (no wrapper, user language) */
	bool no_limit_report;     /* leave out the limit report comment */
	bool tidy_uncut;          /* tests: tidy every tag through the tree builder (the output must not change) */
	struct wt_limits limits;  /* zero fields take the defaults */
};

/* ParserOutput's output flags that the parser sets (struct wt_output's flags). */
enum wt_output_flag {
	WT_FLAG_VARY_REVISION_ID = 1 << 0,        /* vary-revision-id: the revision's id was used */
	WT_FLAG_VARY_REVISION_TIMESTAMP = 1 << 1, /* vary-revision-timestamp: its time, unknown until saved */
	WT_FLAG_VARY_REVISION_SHA1 = 1 << 2,      /* vary-revision-sha1: the page's own current content */
	WT_FLAG_VARY_USER = 1 << 3,               /* vary-user: the revision's author */
	WT_FLAG_VARY_PAGE_ID = 1 << 4,            /* vary-page-id: the page's id */
};

/* A link to a page (pagelinks, templatelinks, imagelinks ...). */
struct wt_link {
	int ns;               /* namespace */
	const char *dbkey;    /* title, '_' for spaces */
	int64_t page_id;      /* templates: the page read (0 when missing) */
	int64_t rev_id;       /* templates: the revision read */
};

/* A category the page is in. */
struct wt_category {
	const char *name;     /* category dbkey (no namespace) */
	const char *sortkey;  /* sort key text, "" for the default */
};

/* An interwiki link (iwlinks). */
struct wt_iwlink {
	const char *prefix;   /* interwiki prefix */
	const char *title;    /* title part as written (dbkey form) */
};

/* A page property (page_props). */
struct wt_prop {
	const char *name;     /* property name ("displaytitle", "defaultsort", "notoc" ...) */
	const char *value;    /* its value ("" for switches) */
};

/* One heading, as action=parse&prop=sections lists it. */
struct wt_section {
	int toclevel;          /* level in the table of contents, 1-based */
	int level;             /* heading level 1..6 */
	const char *line;      /* heading text as HTML without links */
	const char *number;    /* "1.2.3" */
	const char *index;     /* "3", "T-2" for a transcluded section, "" when not editable */
	const char *fromtitle; /* prefixed dbkey of the page the heading is in, NULL when none */
	int64_t byteoffset;    /* offset in the page's wikitext, -1 when transcluded */
	const char *anchor;    /* id of the heading */
	const char *linkanchor; /* the fragment to link to it */
};

/* One line of the limit report. */
struct wt_limit_stat {
	const char *key;    /* "limitreport-ppvisitednodes" ... */
	int64_t value;      /* current value */
	int64_t limit;      /* the limit, -1 when there is none */
};

/* A warning for action=parse&prop=parsewarnings. */
struct wt_warning {
	const char *key;         /* message key */
	const char *params[3];   /* parameters, NULL after the last */
};

/* A page status indicator (<indicator name=...>). */
struct wt_indicator {
	const char *name;  /* indicator name */
	const char *html;  /* its rendered content */
};

/* One template's line of the transclusion time report (Parser's SectionProfiler). */
struct wt_profile {
	const char *name;     /* prefixed dbkey of the template as called */
	int64_t calls;        /* expansions of it */
	int64_t us;           /* microseconds spent in them, nested templates included */
};

/*
 * Everything a parse produces. Arrays are in the arena, in the order
 * MediaWiki's ParserOutput keeps them (first use), without duplicates.
 */
struct wt_output {
	char *html;                    /* the HTML (with the wrapper unless no_wrap) */
	size_t html_len;               /* bytes in html */
	struct wt_link *links;         /* internal links (pagelinks) */
	size_t n_links;                /* entries */
	struct wt_link *templates;     /* transcluded pages (templatelinks) */
	size_t n_templates;            /* entries */
	struct wt_link *images;        /* used files (imagelinks; ns is 6) */
	size_t n_images;               /* entries */
	struct wt_category *categories; /* categories with sort keys */
	size_t n_categories;           /* entries */
	const char **extlinks;         /* external link URLs */
	size_t n_extlinks;             /* entries */
	const char **langlinks;        /* interlanguage links "prefix:Title" */
	size_t n_langlinks;            /* entries */
	struct wt_iwlink *iwlinks;     /* interwiki links */
	size_t n_iwlinks;              /* entries */
	struct wt_prop *props;         /* page properties */
	size_t n_props;                /* entries */
	struct wt_section *sections;   /* headings */
	size_t n_sections;             /* entries */
	struct wt_indicator *indicators; /* page status indicators */
	size_t n_indicators;           /* entries */
	const char **modules;          /* ResourceLoader modules the HTML needs */
	size_t n_modules;              /* entries */
	const char **module_styles;    /* style-only modules */
	size_t n_module_styles;        /* entries */
	struct wt_warning *warnings;   /* parse warnings */
	size_t n_warnings;             /* entries */
	struct wt_limit_stat *limits;  /* the limit report */
	size_t n_limits;               /* entries */
	struct wt_profile *profile;    /* time per transcluded template, in order of first use */
	size_t n_profile;              /* entries */
	const char *displaytitle;      /* HTML of {{DISPLAYTITLE:}}, NULL when not set */
	const char *title_text;        /* the page title as HTML (getTitleText) */
	const char *defaultsort;       /* {{DEFAULTSORT:}} key, NULL when not set */
	bool has_toc;                  /* a table of contents was placed */
	bool is_volatile;              /* the output depends on the time or the user */
	bool vary_revision;            /* uses the revision's id, time or size, or an unsaved page's id */
	unsigned flags;                /* WT_FLAG_* bits set */
	int ttl;                       /* seconds the output stays valid, 0: no limit */
	bool uncacheable;              /* a transcluded special page: valid for no time at all (expiry 0) */
	int64_t pp_nodes;              /* preprocessor nodes visited */
	size_t include_size;           /* post-expand include size in bytes */
};

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

/*
 * Render `len` bytes of wikitext to HTML. `site` and `host` are borrowed
 * for the call; everything in `out` is allocated in `a`. Returns RC_OK
 * (bad wikitext is never an error: it renders as MediaWiki renders it),
 * or RC_TOOBIG when an output buffer passed its hard cap.
 */
int wt_parse(struct arena *a, const struct wt_site *site, const struct wt_host *host,
	     const struct wt_options *opt, const char *text, size_t len, struct wt_output *out);

/* What wt_preprocess() does with comments and the like. */
struct wt_pp_options {
	bool keep_comments;   /* expandtemplates&includecomments: keep <!-- --> */
	bool for_inclusion;   /* preprocess as a transcluded page (noinclude/includeonly) */
};

/*
 * Expand templates, parser functions and variables in wikitext, as
 * action=expandtemplates does (Parser::preprocess): the result is
 * wikitext with extension tags kept as written. Categories and page
 * properties set along the way land in `out` (its html is unused).
 * `*res` and `*res_len` get the result in `a`. RC_OK or RC_TOOBIG.
 */
int wt_preprocess(struct arena *a, const struct wt_site *site, const struct wt_host *host,
		  const struct wt_options *opt, const struct wt_pp_options *pp, const char *text, size_t len,
		  const char **res, size_t *res_len, struct wt_output *out);

/*
 * The text an edit form is preloaded with from page text `text`
 * (Parser::getPreloadText): read as a transcluded page (<noinclude>
 * parts dropped, <includeonly> tags removed), with templates, parser
 * functions and arguments left as written and comments and extension
 * tags kept. `*res` and `*res_len` get the result in `a`. RC_OK or
 * RC_TOOBIG.
 */
int wt_preload(struct arena *a, const struct wt_site *site, const struct wt_host *host, const struct wt_options *opt,
	       const char *text, size_t len, const char **res, size_t *res_len);

/* The user a pre-save transform signs for (what Parser::getUserSig reads). */
struct wt_signer {
	const char *name;     /* user name, or the IP address of an anonymous user */
	bool registered;      /* an account (signature message), else an IP (signature-anon) */
	const char *nickname; /* the nickname preference, NULL or "" for none */
	bool fancysig;        /* the nickname is wikitext used as the whole signature */
};

/*
 * The pre-save transform of `len` bytes of wikitext (Parser::
 * preSaveTransform): line ends normalized, subst: and safesubst: calls
 * expanded, ~~~ / ~~~~ / ~~~~~ made the signature of `user` (NULL: an
 * anonymous user with no name) and the time `opt->now` in the site's
 * time zone, the pipe trick applied, trailing whitespace cut; comments,
 * <nowiki>, <pre> and other extension tags are left as written. `*res`
 * and `*res_len` get the result in `a`; `*is_signed` (may be NULL)
 * whether a signature was put in. RC_OK or RC_TOOBIG.
 */
int wt_pst(struct arena *a, const struct wt_site *site, const struct wt_host *host, const struct wt_options *opt,
	   const struct wt_signer *user, const char *text, size_t len, const char **res, size_t *res_len,
	   bool *is_signed);

/*
 * The preprocessor's parse tree of `text` as XML, exactly as MediaWiki's
 * Preprocessor::preprocessToObj()->toXml() writes it (for expandtemplates
 * and parse&prop=parsetree). `for_inclusion` parses the text as a
 * transcluded page. The string is allocated in `a`.
 */
const char *wt_parsetree_xml(struct arena *a, const char *text, size_t len, bool for_inclusion, size_t *xml_len);

/*
 * Sections as the preprocessor sees them (Parser::extractSections): the
 * headings at the top level of the text, not inside templates, comments,
 * <nowiki>, <pre> or other extension tags. Section 0 is the text before
 * the first heading; section N runs from the N-th heading to the next
 * heading of the same or a higher level. Headings inside a template call
 * count in the numbering but are not sections of their own. With
 * `transcluded` ("T-N") the text is read as it is transcluded
 * (<noinclude> hidden, <includeonly> shown).
 */

/*
 * Byte range [*start, *end) of section `n` of `text`; section N includes
 * its heading line. RC_OK, or RC_NOTFOUND when there is no such section.
 * Scratch memory from `a`.
 */
int wt_section_find(struct arena *a, const char *text, size_t len, long n, bool transcluded, size_t *start,
		    size_t *end);

/* One heading of the text, for wt_section_list(). */
struct wt_heading {
	int index;        /* section number (1-based) */
	int level;        /* heading level (1..6) */
	size_t offset;    /* byte offset of the heading's first '=' */
	size_t len;       /* bytes of the heading line (as written, without the newline) */
};

/*
 * Every top-level heading of `text` in order (Parser::getFlatSectionInfo);
 * *n gets the count. The array lives in `a`.
 */
struct wt_heading *wt_section_list(struct arena *a, const char *text, size_t len, size_t *n);

/*
 * An edit summary or log comment as HTML (Linker::formatComment, the API's
 * "parsedcomment"): escaped text where section comments (a name between
 * slash-star and star-slash) become arrow links to that section of page
 * `title` (prefixed text; NULL: the comment belongs to no page and they
 * stay text) and [[links]] become links coloured through the host. With
 * `same_page` the comment is shown on that page: section links are bare
 * "#fragment" links. `*html` and `*html_len` get the result in `a`.
 * RC_OK or RC_TOOBIG.
 */
int wt_comment_html(struct arena *a, const struct wt_site *site, const struct wt_host *host, const char *title,
		    bool same_page, const char *comment, size_t len, const char **html, size_t *html_len);

/* ------------------------------------------------------------------ */
/* Titles                                                              */
/* ------------------------------------------------------------------ */

/*
 * Parse `len` bytes as a title against `site` (Title::newFromText with
 * `default_ns` for text without a namespace): namespace and interwiki
 * prefixes, '_'/space equivalence and trimming, first-letter case,
 * fragment. Entities are expected decoded. Returns RC_OK, or RC_INVALID
 * for text that is not a title. Strings are allocated in `a`.
 */
int wt_title_parse(struct arena *a, const struct wt_site *site, const char *s, size_t len, int default_ns,
		   struct wt_title *out);

/*
 * The local name of namespace `ns` in content language `code` ("Benutzer"
 * for 2 in "de"), or NULL when the parser knows none (then the English
 * name is the name). Static storage. Hosts build their namespace table
 * for a non-English wiki with it, keeping the English names canonical.
 */
const char *wt_lang_ns_name(const char *code, int ns);

/*
 * The `i`-th (from 0) namespace alias of content language `code` ("Bild"
 * for File in "de"), its namespace in *ns; NULL past the last. Static
 * storage.
 */
const char *wt_lang_ns_alias(const char *code, size_t i, int *ns);

/*
 * The prefixed text of `t` ("User talk:Foo bar", with spaces; with
 * `dbkey` true "User_talk:Foo_bar"), without the fragment. In `a`.
 */
const char *wt_title_prefixed(struct arena *a, const struct wt_site *site, const struct wt_title *t, bool dbkey);

/* ------------------------------------------------------------------ */
/* Magic words                                                         */
/* ------------------------------------------------------------------ */

/* One registered magic word, as siteinfo lists them. */
struct wt_magic {
	const char *name;     /* MediaWiki's magic word id ("if", "pagename", "notoc", "!") */
	const char *aliases;  /* synonyms as MediaWiki spells them ("LC:", "#LANGUAGE:"), '|'-separated */
	bool case_sensitive;  /* the synonyms match case-sensitively */
	bool is_function;     /* a parser function (siprop=functionhooks) */
	bool is_variable;     /* a variable (siprop=variables) */
	bool is_switch;       /* a behaviour switch (__NOTOC__ ...) */
};

/*
 * The `i`-th registered magic word (from 0) into *out; false past the
 * last. Functions come in MediaWiki's order of registration, variables
 * in siteinfo's order. A word that is both a function and a variable
 * ("pagename") comes once as each.
 */
bool wt_magic_word(size_t i, struct wt_magic *out);

/*
 * The synonyms of magic word `id` ("img_thumbnail", "redirect") that
 * content language `lang` and its fallbacks have beyond English's
 * (MediaWiki's Messages*.php), at most `max`, into out[] (static
 * strings, spelled as there) with their case flags in cs[] (true:
 * case-sensitive). Returns how many; 0 for English or NULL.
 */
size_t wt_magic_synonyms(const char *lang, const char *id, const char **out, bool *cs, size_t max);

/* Every registered extension tag name (lower case, no brackets), NULL-terminated, static (siteinfo extensiontags). */
const char *const *wt_ext_tag_names(void);

#endif
