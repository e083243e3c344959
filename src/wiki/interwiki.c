/* SPDX-License-Identifier: MIT */
/*
 * interwiki.c — the default interwiki map: prefixes that turn
 * "prefix:Title" into a link to another wiki or web site. These are the
 * 66 rows MediaWiki's installer puts into a new wiki's interwiki table
 * (its interwiki.list), with the same prefixes, URLs and API URLs, none
 * of them "local", "trans" or interlanguage. The title parser reads
 * this table; it is also what a new database's interwiki table should be
 * seeded with.
 *
 * The table is sorted by prefix (bytewise), and prefixes are lower case,
 * so a lookup folds the input to lower case and searches in halves.
 */
#include <stdlib.h>

#include "title.h"

/* Sorted by prefix: wiki_interwiki_find() relies on it (a unit test checks). */
static const struct wiki_interwiki map[] = {
	{ "acronym", "https://www.acronymfinder.com/~/search/af.aspx?string=exact&Acronym=$1",
	  NULL, NULL, false, false, NULL },
	{ "advogato", "http://www.advogato.org/$1",
	  NULL, NULL, false, false, NULL },
	{ "arxiv", "https://www.arxiv.org/abs/$1",
	  NULL, NULL, false, false, NULL },
	{ "c2find", "http://c2.com/cgi/wiki?FindPage&value=$1",
	  NULL, NULL, false, false, NULL },
	{ "cache", "https://www.google.com/search?q=cache:$1",
	  NULL, NULL, false, false, NULL },
	{ "commons", "https://commons.wikimedia.org/wiki/$1",
	  "https://commons.wikimedia.org/w/api.php", NULL, false, false, NULL },
	{ "dictionary", "http://www.dict.org/bin/Dict?Database=*&Form=Dict1&Strategy=*&Query=$1",
	  NULL, NULL, false, false, NULL },
	{ "doi", "https://dx.doi.org/$1",
	  NULL, NULL, false, false, NULL },
	{ "drumcorpswiki", "http://www.drumcorpswiki.com/$1",
	  "http://drumcorpswiki.com/api.php", NULL, false, false, NULL },
	{ "dwjwiki", "http://www.suberic.net/cgi-bin/dwj/wiki.cgi?$1",
	  NULL, NULL, false, false, NULL },
	{ "elibre", "http://enciclopedia.us.es/index.php/$1",
	  "http://enciclopedia.us.es/api.php", NULL, false, false, NULL },
	{ "emacswiki", "https://www.emacswiki.org/emacs/$1",
	  NULL, NULL, false, false, NULL },
	{ "foldoc", "https://foldoc.org/?$1",
	  NULL, NULL, false, false, NULL },
	{ "foxwiki", "https://fox.wikis.com/wc.dll?Wiki~$1",
	  NULL, NULL, false, false, NULL },
	{ "freebsdman", "https://www.FreeBSD.org/cgi/man.cgi?apropos=1&query=$1",
	  NULL, NULL, false, false, NULL },
	{ "gentoo-wiki", "http://gentoo-wiki.com/$1",
	  NULL, NULL, false, false, NULL },
	{ "google", "https://www.google.com/search?q=$1",
	  NULL, NULL, false, false, NULL },
	{ "googlegroups", "https://groups.google.com/groups?q=$1",
	  NULL, NULL, false, false, NULL },
	{ "hammondwiki", "http://www.dairiki.org/HammondWiki/$1",
	  NULL, NULL, false, false, NULL },
	{ "hrwiki", "http://www.hrwiki.org/wiki/$1",
	  "http://www.hrwiki.org/w/api.php", NULL, false, false, NULL },
	{ "imdb", "http://www.imdb.com/find?q=$1&tt=on",
	  NULL, NULL, false, false, NULL },
	{ "kmwiki", "https://kmwiki.wikispaces.com/$1",
	  NULL, NULL, false, false, NULL },
	{ "linuxwiki", "http://linuxwiki.de/$1",
	  NULL, NULL, false, false, NULL },
	{ "lojban", "https://mw.lojban.org/papri/$1",
	  NULL, NULL, false, false, NULL },
	{ "lqwiki", "http://wiki.linuxquestions.org/wiki/$1",
	  NULL, NULL, false, false, NULL },
	{ "meatball", "http://meatballwiki.org/wiki/$1",
	  NULL, NULL, false, false, NULL },
	{ "mediawikiwiki", "https://www.mediawiki.org/wiki/$1",
	  "https://www.mediawiki.org/w/api.php", NULL, false, false, NULL },
	{ "memoryalpha", "http://en.memory-alpha.org/wiki/$1",
	  "http://en.memory-alpha.org/api.php", NULL, false, false, NULL },
	{ "metawiki", "http://sunir.org/apps/meta.pl?$1",
	  NULL, NULL, false, false, NULL },
	{ "metawikimedia", "https://meta.wikimedia.org/wiki/$1",
	  "https://meta.wikimedia.org/w/api.php", NULL, false, false, NULL },
	{ "mozillawiki", "https://wiki.mozilla.org/$1",
	  "https://wiki.mozilla.org/api.php", NULL, false, false, NULL },
	{ "mw", "https://www.mediawiki.org/wiki/$1",
	  "https://www.mediawiki.org/w/api.php", NULL, false, false, NULL },
	{ "oeis", "https://oeis.org/$1",
	  NULL, NULL, false, false, NULL },
	{ "openwiki", "http://openwiki.com/ow.asp?$1",
	  NULL, NULL, false, false, NULL },
	{ "pmid", "https://www.ncbi.nlm.nih.gov/pubmed/$1?dopt=Abstract",
	  NULL, NULL, false, false, NULL },
	{ "pythoninfo", "https://wiki.python.org/moin/$1",
	  NULL, NULL, false, false, NULL },
	{ "rfc", "https://tools.ietf.org/html/rfc$1",
	  NULL, NULL, false, false, NULL },
	{ "s23wiki", "http://s23.org/wiki/$1",
	  "http://s23.org/w/api.php", NULL, false, false, NULL },
	{ "seattlewireless", "http://seattlewireless.net/$1",
	  NULL, NULL, false, false, NULL },
	{ "senseislibrary", "https://senseis.xmp.net/?$1",
	  NULL, NULL, false, false, NULL },
	{ "shoutwiki", "http://www.shoutwiki.com/wiki/$1",
	  "http://www.shoutwiki.com/w/api.php", NULL, false, false, NULL },
	{ "squeak", "http://wiki.squeak.org/squeak/$1",
	  NULL, NULL, false, false, NULL },
	{ "theopedia", "https://www.theopedia.com/$1",
	  NULL, NULL, false, false, NULL },
	{ "tmbw", "http://www.tmbw.net/wiki/$1",
	  "http://tmbw.net/wiki/api.php", NULL, false, false, NULL },
	{ "tmnet", "http://www.technomanifestos.net/?$1",
	  NULL, NULL, false, false, NULL },
	{ "twiki", "http://twiki.org/cgi-bin/view/$1",
	  NULL, NULL, false, false, NULL },
	{ "uncyclopedia", "https://en.uncyclopedia.co/wiki/$1",
	  "https://en.uncyclopedia.co/w/api.php", NULL, false, false, NULL },
	{ "unreal", "https://wiki.beyondunreal.com/$1",
	  "https://wiki.beyondunreal.com/w/api.php", NULL, false, false, NULL },
	{ "usemod", "http://www.usemod.com/cgi-bin/wiki.pl?$1",
	  NULL, NULL, false, false, NULL },
	{ "wiki", "http://c2.com/cgi/wiki?$1",
	  NULL, NULL, false, false, NULL },
	{ "wikia", "http://www.wikia.com/wiki/$1",
	  NULL, NULL, false, false, NULL },
	{ "wikibooks", "https://en.wikibooks.org/wiki/$1",
	  "https://en.wikibooks.org/w/api.php", NULL, false, false, NULL },
	{ "wikidata", "https://www.wikidata.org/wiki/$1",
	  "https://www.wikidata.org/w/api.php", NULL, false, false, NULL },
	{ "wikif1", "http://www.wikif1.org/$1",
	  NULL, NULL, false, false, NULL },
	{ "wikihow", "https://www.wikihow.com/$1",
	  "https://www.wikihow.com/api.php", NULL, false, false, NULL },
	{ "wikimedia", "https://foundation.wikimedia.org/wiki/$1",
	  "https://foundation.wikimedia.org/w/api.php", NULL, false, false, NULL },
	{ "wikinews", "https://en.wikinews.org/wiki/$1",
	  "https://en.wikinews.org/w/api.php", NULL, false, false, NULL },
	{ "wikinfo", "http://wikinfo.co/English/index.php/$1",
	  NULL, NULL, false, false, NULL },
	{ "wikipedia", "https://en.wikipedia.org/wiki/$1",
	  "https://en.wikipedia.org/w/api.php", NULL, false, false, NULL },
	{ "wikiquote", "https://en.wikiquote.org/wiki/$1",
	  "https://en.wikiquote.org/w/api.php", NULL, false, false, NULL },
	{ "wikisource", "https://wikisource.org/wiki/$1",
	  "https://wikisource.org/w/api.php", NULL, false, false, NULL },
	{ "wikispecies", "https://species.wikimedia.org/wiki/$1",
	  "https://species.wikimedia.org/w/api.php", NULL, false, false, NULL },
	{ "wikiversity", "https://en.wikiversity.org/wiki/$1",
	  "https://en.wikiversity.org/w/api.php", NULL, false, false, NULL },
	{ "wikivoyage", "https://en.wikivoyage.org/wiki/$1",
	  "https://en.wikivoyage.org/w/api.php", NULL, false, false, NULL },
	{ "wikt", "https://en.wiktionary.org/wiki/$1",
	  "https://en.wiktionary.org/w/api.php", NULL, false, false, NULL },
	{ "wiktionary", "https://en.wiktionary.org/wiki/$1",
	  "https://en.wiktionary.org/w/api.php", NULL, false, false, NULL },
};

/* bsearch() comparison: a folded prefix against one map entry. */
static int cmp_prefix(const void *key, const void *elem)
{
	const struct wiki_interwiki *iw = elem;
	return strcmp(key, iw->prefix);
}

const struct wiki_interwiki *wiki_interwiki_find(const char *prefix, size_t len)
{
	char buf[WIKI_FOLD_MAX * 3 + 1];
	if (len == 0 || len > WIKI_FOLD_MAX)
		return NULL;
	/*
	 * Fold as MediaWiki's Language::lc() does (so even "KMWIKI" with a
	 * Kelvin sign finds kmwiki); '_' stays '_', as in "gentoo-wiki".
	 */
	if (wiki_fold_lower(prefix, len, buf, sizeof(buf), false) < 0)
		return NULL;
	return bsearch(buf, map, ARRAY_SIZE(map), sizeof(map[0]), cmp_prefix);
}

const struct wiki_interwiki *wiki_interwiki_all(size_t *n)
{
	*n = ARRAY_SIZE(map);
	return map;
}
