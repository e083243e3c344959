/* SPDX-License-Identifier: MIT */
/*
 * messages.c — the wiki's interface messages: the built-in texts (what
 * MediaWiki's localisation cache holds for the content language) and
 * their local versions, pages in the MediaWiki namespace.
 *
 * The built-in table holds the messages the parser and its tracking
 * categories use (labels and category names as MediaWiki shows them,
 * since they end up in HTML and link tables; sentences in our own
 * wording) and the language's basic vocabulary that clients read through
 * meta=allmessages and pages through {{int:}} or {{MediaWiki:Key}}:
 * month and weekday names, separators, the main page's name, and the
 * short labels of the interface (edit, talk, the namespace tabs, the
 * navigation's links) as the words MediaWiki shows. API error messages are a table of
 * their own (src/api/messages.def). "mainpage" is the configured main
 * page, not a fixed text.
 *
 * A page MediaWiki:Key (first letter upper-case, spaces as underscores)
 * replaces the text of message "key" in the content language;
 * MediaWiki:Key/xx replaces it in language xx, as MediaWiki's
 * MessageCache reads them.
 */
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../util/config.h"
#include "wiki.h"

/* Built-in texts, sorted by key for bsearch (test_messages checks the order). */
static const char *const messages[][2] = {
	{ "aboutsite", "About {{SITENAME}}" },
	{ "actions", "Actions" },
	{ "allpages", "All pages" },
	{ "allpages-bad-ns", "This wiki has no namespace \"$1\"." },
	{ "allpagesbadtitle",
	  "The title given is not valid: it is empty, has an interwiki prefix or characters that titles cannot hold." },
	{ "and", " and" },
	{ "apr", "Apr" },
	{ "april", "April" },
	{ "april-gen", "April" },
	{ "article", "Content page" },
	{ "aug", "Aug" },
	{ "august", "August" },
	{ "august-gen", "August" },
	{ "blocklink", "block" },
	{ "brackets", "[$1]" },
	{ "broken-file-category", "Pages with broken file links" },
	{ "cancel", "Cancel" },
	{ "categories", "Categories" },
	{ "colon-separator", ": " },
	{ "comma-separator", ", " },
	{ "contribslink", "contribs" },
	{ "contributions", "User contributions" },
	{ "converter-manual-rule-error", "This manual language conversion rule has an error" },
	{ "create", "Create" },
	{ "currentevents", "Current events" },
	{ "dec", "Dec" },
	{ "december", "December" },
	{ "december-gen", "December" },
	{ "delete", "Delete" },
	{ "disclaimers", "Disclaimers" },
	{ "duplicate-args-category", "Pages using duplicate arguments in template calls" },
	{ "duplicate-args-warning", "[[$1]] calls [[$2]] with more than one value for \"$3\"; only the last is used." },
	{ "duplicate-defaultsort",
	  "<strong>Warning:</strong> the default sort key \"$2\" replaces the earlier default sort key \"$1\"." },
	{ "duplicate-displaytitle",
	  "<strong>Warning:</strong> the display title \"$2\" replaces the earlier display title \"$1\"." },
	{ "edit", "Edit" },
	{ "edithelp", "Editing help" },
	{ "editsection", "edit" },
	{ "editsectionhint", "Edit section: $1" },
	{ "ellipsis", "..." },
	{ "expansion-depth-exceeded-category", "Pages where expansion depth is exceeded" },
	{ "expansion-depth-exceeded-warning", "The page went deeper than the expansion depth limit ($1 of $2)." },
	{ "expensive-parserfunction-category", "Pages with too many expensive parser function calls" },
	{ "expensive-parserfunction-warning",
	  "The page calls too many expensive parser functions ($1 of at most $2)." },
	{ "feb", "Feb" },
	{ "february", "February" },
	{ "february-gen", "February" },
	{ "fri", "Fri" },
	{ "friday", "Friday" },
	{ "go", "Go" },
	{ "help", "Help" },
	{ "hidden-categories", "{{PLURAL:$1|Hidden category|Hidden categories}}" },
	{ "hidden-category-category", "Hidden categories" },
	{ "hidetoc", "hide" },
	{ "history", "Page history" },
	{ "history_short", "History" },
	{ "invalid-indicator-name",
	  "<strong>Error:</strong> a page status indicator needs a non-empty <code>name</code>." },
	{ "invalid-langconvert-attrs",
	  "<strong>Error:</strong> <code>from</code> and <code>to</code> of a langconvert tag must both be BCP 47 codes of convertible variants of one language." },
	{ "jan", "Jan" },
	{ "january", "January" },
	{ "january-gen", "January" },
	{ "jul", "Jul" },
	{ "july", "July" },
	{ "july-gen", "July" },
	{ "jun", "Jun" },
	{ "june", "June" },
	{ "june-gen", "June" },
	{ "language-converter-depth-warning", "Language conversion rules nested deeper than the limit ($1)" },
	{ "listfiles", "File list" },
	{ "login", "Log in" },
	{ "logout", "Log out" },
	{ "mainpage", "" },
	{ "mainpage-description", "Main page" },
	{ "mar", "Mar" },
	{ "march", "March" },
	{ "march-gen", "March" },
	{ "may", "May" },
	{ "may-gen", "May" },
	{ "may_long", "May" },
	{ "mon", "Mon" },
	{ "monday", "Monday" },
	{ "move", "Move" },
	{ "mycontris", "Contributions" },
	{ "namespaces", "Namespaces" },
	{ "navigation", "Navigation" },
	{ "nbytes", "$1 bytes" },
	{ "node-count-exceeded-category", "Pages where node count is exceeded" },
	{ "node-count-exceeded-warning", "The page went over the preprocessor node limit ($1 of $2)." },
	{ "nov", "Nov" },
	{ "november", "November" },
	{ "november-gen", "November" },
	{ "nstab-category", "Category" },
	{ "nstab-help", "Help page" },
	{ "nstab-image", "File" },
	{ "nstab-main", "Page" },
	{ "nstab-mediawiki", "Message" },
	{ "nstab-project", "Project page" },
	{ "nstab-special", "Special page" },
	{ "nstab-template", "Template" },
	{ "nstab-user", "{{GENDER:$1|User page}}" },
	{ "oct", "Oct" },
	{ "october", "October" },
	{ "october-gen", "October" },
	{ "ok", "OK" },
	{ "pagecategories", "{{PLURAL:$1|Category|Categories}}" },
	{ "pagetitle", "$1 - {{SITENAME}}" },
	{ "parentheses", "($1)" },
	{ "parser-invalid-tag-extension", "Not a valid extension tag name: " },
	{ "parser-template-loop-warning", "Template loop found: [[$1]]" },
	{ "parser-template-recursion-depth-warning", "Templates nested deeper than the limit ($1)" },
	{ "parser-unstrip-loop-warning", "The parser found a loop in its own markers" },
	{ "percent", "$1%" },
	{ "permalink", "Permanent link" },
	{ "personaltools", "Personal tools" },
	{ "pipe-separator", " | " },
	{ "portal", "Community portal" },
	{ "post-expand-template-argument-category", "Pages containing omitted template arguments" },
	{ "post-expand-template-argument-comment", "WARNING: argument left out, its expansion is too large" },
	{ "post-expand-template-argument-warning",
	  "A template argument was left out because its expansion is too large." },
	{ "post-expand-template-inclusion-category", "Pages where template include size is exceeded" },
	{ "post-expand-template-inclusion-comment", "WARNING: template left out, the include size limit is reached" },
	{ "post-expand-template-inclusion-warning",
	  "Some templates were left out because the page reached the include size limit." },
	{ "preferences", "Preferences" },
	{ "preview", "Preview" },
	{ "print", "Print" },
	{ "privacy", "Privacy policy" },
	{ "protect", "Protect" },
	{ "randompage", "Random page" },
	{ "recentchanges", "Recent changes" },
	{ "red-link-title", "$1 (page does not exist)" },
	{ "redirectto", "Redirect to:" },
	{ "restricted-displaytitle",
	  "<strong>Warning:</strong> the display title \"$1\" was ignored: it is not a form of the page's own title." },
	{ "restricted-displaytitle-ignored", "Pages with ignored display titles" },
	{ "sat", "Sat" },
	{ "saturday", "Saturday" },
	{ "savearticle", "Save page" },
	{ "search", "Search" },
	{ "semicolon-separator", "; " },
	{ "sep", "Sep" },
	{ "september", "September" },
	{ "september-gen", "September" },
	{ "showpreview", "Show preview" },
	{ "showtoc", "show" },
	{ "signature", "[[{{ns:user}}:$1|$2]] ([[{{ns:user_talk}}:$1|talk]])" },
	{ "signature-anon", "[[Special:Contributions/$1|$2]]" },
	{ "sitetitle", "{{SITENAME}}" },
	{ "sort-ascending", "Sort ascending" },
	{ "sort-descending", "Sort descending" },
	{ "specialpages", "Special pages" },
	{ "sun", "Sun" },
	{ "sunday", "Sunday" },
	{ "tagline", "From {{SITENAME}}" },
	{ "talk", "Discussion" },
	{ "talkpagelinktext", "talk" },
	{ "template-loop-category", "Pages with template loops" },
	{ "template-loop-warning", "Template loop found: [[$1]]" },
	{ "thu", "Thu" },
	{ "thumbnail-more", "Enlarge" },
	{ "thumbnail_error", "Could not make the thumbnail: $1" },
	{ "thursday", "Thursday" },
	{ "toc", "Contents" },
	{ "toolbox", "Tools" },
	{ "tue", "Tue" },
	{ "tuesday", "Tuesday" },
	{ "unprotect", "Change protection" },
	{ "unstrip-depth-warning", "The parser's markers nest deeper than its limit ($1)" },
	{ "unstrip-size-warning", "The parser's markers expand beyond its size limit ($1)" },
	{ "unwatch", "Unwatch" },
	{ "upload", "Upload file" },
	{ "variants", "Variants" },
	{ "view", "View" },
	{ "views", "Views" },
	{ "viewsource", "View source" },
	{ "watch", "Watch" },
	{ "watchlist", "Watchlist" },
	{ "wed", "Wed" },
	{ "wednesday", "Wednesday" },
	{ "whatlinkshere", "What links here" },
	{ "word-separator", " " },
};

static int cmp_message(const void *key, const void *elem)
{
	return strcmp(key, ((const char *const *)elem)[0]);
}

const char *wiki_message_default(const char *key)
{
	const char *const *m = bsearch(key, messages, ARRAY_SIZE(messages), sizeof(messages[0]), cmp_message);
	if (!m)
		return NULL;
	return streq(key, "mainpage") ? config.mainpage : m[1];
}

size_t wiki_message_count(void)
{
	return ARRAY_SIZE(messages);
}

const char *wiki_message_key(size_t i)
{
	return i < ARRAY_SIZE(messages) ? messages[i][0] : NULL;
}

/* The dbkey of message page `key` (+ "/" + `lang` when given), in `a`. */
static char *message_dbkey(struct arena *a, const char *key, const char *lang)
{
	char *dbkey = lang ? arena_printf(a, "%s/%s", key, lang) : arena_strdup(a, key);
	if (dbkey[0] >= 'a' && dbkey[0] <= 'z')
		dbkey[0] = (char)(dbkey[0] - 'a' + 'A');
	for (char *c = dbkey; *c; c++)
		if (*c == ' ')
			*c = '_';
	return dbkey;
}

int wiki_message_page(struct store *st, struct arena *a, const char *key, const char *lang, const char **text)
{
	*text = NULL;
	int64_t latest = 0;
	int rc = store_query_int(st, &latest, "SELECT page_latest FROM page WHERE page_namespace = ? AND page_title = ?",
				 "dt", WIKI_NS_MEDIAWIKI, message_dbkey(a, key, lang));
	if (rc == RC_NOTFOUND || (rc == RC_OK && latest <= 0))
		return RC_NOTFOUND;
	if (rc != RC_OK)
		return rc;
	size_t len;
	return wiki_revision_text(st, a, latest, text, &len, NULL);
}
