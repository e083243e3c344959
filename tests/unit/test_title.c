/* SPDX-License-Identifier: MIT */
/*
 * test_title.c — unit tests for titles, namespaces, interwiki prefixes
 * and character references (src/wiki/title.c, namespace.c, interwiki.c,
 * charref.c).
 *
 * The big table below is data from the oracle: each input was sent to
 * MediaWiki 1.39 as action=query&titles=…&errorformat=raw (default
 * namespace 0, site name "Oracle Wiki") and its answer recorded — the
 * normalized title and namespace, the interwiki prefix, or the
 * invalidreason key and parameters. Inputs were NFC-normalized first, as
 * MediaWiki's request layer does. The hand-written checks after it cover
 * what the API does not show: fragments, other default namespaces, URLs,
 * the namespace and interwiki tables and the helpers.
 */
#include "../harness.h"

#include "util/arena.h"
#include "util/charref.h"
#include "util/config.h"
#include "wiki/wiki.h"

/* What the oracle made of one input. */
enum {
	OK_PAGE,  /* a local title: `ns` and `title` (prefixed text) */
	OK_IW,    /* an interwiki title: `title` and the prefix in `aux` */
	OK_EMPTY, /* valid but empty ("#frag"): prefixed text "" */
	BAD,      /* invalid: key in `aux`, parameters p0, p1 */
};

struct tcase {
	const char *in;    /* the title text sent */
	int kind;          /* OK_PAGE, OK_IW, OK_EMPTY or BAD */
	int ns;            /* namespace for OK_PAGE */
	const char *title; /* normalized prefixed text for OK_* */
	const char *aux;   /* interwiki prefix (OK_IW) or message key (BAD) */
	const char *p0;    /* first message parameter (BAD) or NULL */
	const char *p1;    /* second message parameter (BAD) or NULL */
};

static const struct tcase oracle_cases[] = {
	{ "Media:foo bar", OK_PAGE, -2, "Media:Foo bar", NULL, NULL, NULL },
	{ "media:x", OK_PAGE, -2, "Media:X", NULL, NULL, NULL },
	{ "MEDIA:y", OK_PAGE, -2, "Media:Y", NULL, NULL, NULL },
	{ "Media:", BAD, 0, NULL, "title-invalid-empty", "Media:", NULL },
	{ "Media : z", OK_PAGE, -2, "Media:Z", NULL, NULL, NULL },
	{ "Special:foo bar", OK_PAGE, -1, "Special:Foo bar", NULL, NULL, NULL },
	{ "special:x", OK_PAGE, -1, "Special:X", NULL, NULL, NULL },
	{ "SPECIAL:y", OK_PAGE, -1, "Special:Y", NULL, NULL, NULL },
	{ "Special:", BAD, 0, NULL, "title-invalid-empty", "Special:", NULL },
	{ "Special : z", OK_PAGE, -1, "Special:Z", NULL, NULL, NULL },
	{ "Talk:foo bar", OK_PAGE, 1, "Talk:Foo bar", NULL, NULL, NULL },
	{ "talk:x", OK_PAGE, 1, "Talk:X", NULL, NULL, NULL },
	{ "TALK:y", OK_PAGE, 1, "Talk:Y", NULL, NULL, NULL },
	{ "Talk:", BAD, 0, NULL, "title-invalid-empty", "Talk:", NULL },
	{ "Talk : z", OK_PAGE, 1, "Talk:Z", NULL, NULL, NULL },
	{ "User:foo bar", OK_PAGE, 2, "User:Foo bar", NULL, NULL, NULL },
	{ "user:x", OK_PAGE, 2, "User:X", NULL, NULL, NULL },
	{ "USER:y", OK_PAGE, 2, "User:Y", NULL, NULL, NULL },
	{ "User:", BAD, 0, NULL, "title-invalid-empty", "User:", NULL },
	{ "User : z", OK_PAGE, 2, "User:Z", NULL, NULL, NULL },
	{ "User talk:foo bar", OK_PAGE, 3, "User talk:Foo bar", NULL, NULL, NULL },
	{ "user talk:x", OK_PAGE, 3, "User talk:X", NULL, NULL, NULL },
	{ "USER_TALK:y", OK_PAGE, 3, "User talk:Y", NULL, NULL, NULL },
	{ "User talk:", BAD, 0, NULL, "title-invalid-empty", "User_talk:", NULL },
	{ "User talk : z", OK_PAGE, 3, "User talk:Z", NULL, NULL, NULL },
	{ "Project:foo bar", OK_PAGE, 4, "Oracle Wiki:Foo bar", NULL, NULL, NULL },
	{ "project:x", OK_PAGE, 4, "Oracle Wiki:X", NULL, NULL, NULL },
	{ "PROJECT:y", OK_PAGE, 4, "Oracle Wiki:Y", NULL, NULL, NULL },
	{ "Project:", BAD, 0, NULL, "title-invalid-empty", "Project:", NULL },
	{ "Project : z", OK_PAGE, 4, "Oracle Wiki:Z", NULL, NULL, NULL },
	{ "Project talk:foo bar", OK_PAGE, 5, "Oracle Wiki talk:Foo bar", NULL, NULL, NULL },
	{ "project talk:x", OK_PAGE, 5, "Oracle Wiki talk:X", NULL, NULL, NULL },
	{ "PROJECT_TALK:y", OK_PAGE, 5, "Oracle Wiki talk:Y", NULL, NULL, NULL },
	{ "Project talk:", BAD, 0, NULL, "title-invalid-empty", "Project_talk:", NULL },
	{ "Project talk : z", OK_PAGE, 5, "Oracle Wiki talk:Z", NULL, NULL, NULL },
	{ "File:foo bar", OK_PAGE, 6, "File:Foo bar", NULL, NULL, NULL },
	{ "file:x", OK_PAGE, 6, "File:X", NULL, NULL, NULL },
	{ "FILE:y", OK_PAGE, 6, "File:Y", NULL, NULL, NULL },
	{ "File:", BAD, 0, NULL, "title-invalid-empty", "File:", NULL },
	{ "File : z", OK_PAGE, 6, "File:Z", NULL, NULL, NULL },
	{ "File talk:foo bar", OK_PAGE, 7, "File talk:Foo bar", NULL, NULL, NULL },
	{ "file talk:x", OK_PAGE, 7, "File talk:X", NULL, NULL, NULL },
	{ "FILE_TALK:y", OK_PAGE, 7, "File talk:Y", NULL, NULL, NULL },
	{ "File talk:", BAD, 0, NULL, "title-invalid-empty", "File_talk:", NULL },
	{ "File talk : z", OK_PAGE, 7, "File talk:Z", NULL, NULL, NULL },
	{ "MediaWiki:foo bar", OK_PAGE, 8, "MediaWiki:Foo bar", NULL, NULL, NULL },
	{ "mediawiki:x", OK_PAGE, 8, "MediaWiki:X", NULL, NULL, NULL },
	{ "MEDIAWIKI:y", OK_PAGE, 8, "MediaWiki:Y", NULL, NULL, NULL },
	{ "MediaWiki:", BAD, 0, NULL, "title-invalid-empty", "MediaWiki:", NULL },
	{ "MediaWiki : z", OK_PAGE, 8, "MediaWiki:Z", NULL, NULL, NULL },
	{ "MediaWiki talk:foo bar", OK_PAGE, 9, "MediaWiki talk:Foo bar", NULL, NULL, NULL },
	{ "mediawiki talk:x", OK_PAGE, 9, "MediaWiki talk:X", NULL, NULL, NULL },
	{ "MEDIAWIKI_TALK:y", OK_PAGE, 9, "MediaWiki talk:Y", NULL, NULL, NULL },
	{ "MediaWiki talk:", BAD, 0, NULL, "title-invalid-empty", "MediaWiki_talk:", NULL },
	{ "MediaWiki talk : z", OK_PAGE, 9, "MediaWiki talk:Z", NULL, NULL, NULL },
	{ "Template:foo bar", OK_PAGE, 10, "Template:Foo bar", NULL, NULL, NULL },
	{ "template:x", OK_PAGE, 10, "Template:X", NULL, NULL, NULL },
	{ "TEMPLATE:y", OK_PAGE, 10, "Template:Y", NULL, NULL, NULL },
	{ "Template:", BAD, 0, NULL, "title-invalid-empty", "Template:", NULL },
	{ "Template : z", OK_PAGE, 10, "Template:Z", NULL, NULL, NULL },
	{ "Template talk:foo bar", OK_PAGE, 11, "Template talk:Foo bar", NULL, NULL, NULL },
	{ "template talk:x", OK_PAGE, 11, "Template talk:X", NULL, NULL, NULL },
	{ "TEMPLATE_TALK:y", OK_PAGE, 11, "Template talk:Y", NULL, NULL, NULL },
	{ "Template talk:", BAD, 0, NULL, "title-invalid-empty", "Template_talk:", NULL },
	{ "Template talk : z", OK_PAGE, 11, "Template talk:Z", NULL, NULL, NULL },
	{ "Help:foo bar", OK_PAGE, 12, "Help:Foo bar", NULL, NULL, NULL },
	{ "help:x", OK_PAGE, 12, "Help:X", NULL, NULL, NULL },
	{ "HELP:y", OK_PAGE, 12, "Help:Y", NULL, NULL, NULL },
	{ "Help:", BAD, 0, NULL, "title-invalid-empty", "Help:", NULL },
	{ "Help : z", OK_PAGE, 12, "Help:Z", NULL, NULL, NULL },
	{ "Help talk:foo bar", OK_PAGE, 13, "Help talk:Foo bar", NULL, NULL, NULL },
	{ "help talk:x", OK_PAGE, 13, "Help talk:X", NULL, NULL, NULL },
	{ "HELP_TALK:y", OK_PAGE, 13, "Help talk:Y", NULL, NULL, NULL },
	{ "Help talk:", BAD, 0, NULL, "title-invalid-empty", "Help_talk:", NULL },
	{ "Help talk : z", OK_PAGE, 13, "Help talk:Z", NULL, NULL, NULL },
	{ "Category:foo bar", OK_PAGE, 14, "Category:Foo bar", NULL, NULL, NULL },
	{ "category:x", OK_PAGE, 14, "Category:X", NULL, NULL, NULL },
	{ "CATEGORY:y", OK_PAGE, 14, "Category:Y", NULL, NULL, NULL },
	{ "Category:", BAD, 0, NULL, "title-invalid-empty", "Category:", NULL },
	{ "Category : z", OK_PAGE, 14, "Category:Z", NULL, NULL, NULL },
	{ "Category talk:foo bar", OK_PAGE, 15, "Category talk:Foo bar", NULL, NULL, NULL },
	{ "category talk:x", OK_PAGE, 15, "Category talk:X", NULL, NULL, NULL },
	{ "CATEGORY_TALK:y", OK_PAGE, 15, "Category talk:Y", NULL, NULL, NULL },
	{ "Category talk:", BAD, 0, NULL, "title-invalid-empty", "Category_talk:", NULL },
	{ "Category talk : z", OK_PAGE, 15, "Category talk:Z", NULL, NULL, NULL },
	{ "Image:foo bar", OK_PAGE, 6, "File:Foo bar", NULL, NULL, NULL },
	{ "image:x", OK_PAGE, 6, "File:X", NULL, NULL, NULL },
	{ "IMAGE:y", OK_PAGE, 6, "File:Y", NULL, NULL, NULL },
	{ "Image:", BAD, 0, NULL, "title-invalid-empty", "Image:", NULL },
	{ "Image : z", OK_PAGE, 6, "File:Z", NULL, NULL, NULL },
	{ "Image talk:foo bar", OK_PAGE, 7, "File talk:Foo bar", NULL, NULL, NULL },
	{ "image talk:x", OK_PAGE, 7, "File talk:X", NULL, NULL, NULL },
	{ "IMAGE_TALK:y", OK_PAGE, 7, "File talk:Y", NULL, NULL, NULL },
	{ "Image talk:", BAD, 0, NULL, "title-invalid-empty", "Image_talk:", NULL },
	{ "Image talk : z", OK_PAGE, 7, "File talk:Z", NULL, NULL, NULL },
	{ "Oracle Wiki:foo bar", OK_PAGE, 4, "Oracle Wiki:Foo bar", NULL, NULL, NULL },
	{ "oracle wiki:x", OK_PAGE, 4, "Oracle Wiki:X", NULL, NULL, NULL },
	{ "ORACLE_WIKI:y", OK_PAGE, 4, "Oracle Wiki:Y", NULL, NULL, NULL },
	{ "Oracle Wiki:", BAD, 0, NULL, "title-invalid-empty", "Oracle_Wiki:", NULL },
	{ "Oracle Wiki : z", OK_PAGE, 4, "Oracle Wiki:Z", NULL, NULL, NULL },
	{ "Oracle Wiki talk:foo bar", OK_PAGE, 5, "Oracle Wiki talk:Foo bar", NULL, NULL, NULL },
	{ "oracle wiki talk:x", OK_PAGE, 5, "Oracle Wiki talk:X", NULL, NULL, NULL },
	{ "ORACLE_WIKI_TALK:y", OK_PAGE, 5, "Oracle Wiki talk:Y", NULL, NULL, NULL },
	{ "Oracle Wiki talk:", BAD, 0, NULL, "title-invalid-empty", "Oracle_Wiki_talk:", NULL },
	{ "Oracle Wiki talk : z", OK_PAGE, 5, "Oracle Wiki talk:Z", NULL, NULL, NULL },
	{ "user_talk:a_b", OK_PAGE, 3, "User talk:A b", NULL, NULL, NULL },
	{ "USER__TALK:c", OK_PAGE, 3, "User talk:C", NULL, NULL, NULL },
	{ "User talk : d", OK_PAGE, 3, "User talk:D", NULL, NULL, NULL },
	{ "User   talk:e", OK_PAGE, 3, "User talk:E", NULL, NULL, NULL },
	{ "user talk:  f  ", OK_PAGE, 3, "User talk:F", NULL, NULL, NULL },
	{ "oracle_wiki_talk:g", OK_PAGE, 5, "Oracle Wiki talk:G", NULL, NULL, NULL },
	{ "Oracle wiki:h", OK_PAGE, 4, "Oracle Wiki:H", NULL, NULL, NULL },
	{ "PROJECT_TALK:i", OK_PAGE, 5, "Oracle Wiki talk:I", NULL, NULL, NULL },
	{ "iMaGe:x.png", OK_PAGE, 6, "File:X.png", NULL, NULL, NULL },
	{ "Image_Talk:y.png", OK_PAGE, 7, "File talk:Y.png", NULL, NULL, NULL },
	{ "Main:Foo", OK_PAGE, 0, "Main:Foo", NULL, NULL, NULL },
	{ "Article:Foo", OK_PAGE, 0, "Article:Foo", NULL, NULL, NULL },
	{ "Usertalk:x", OK_PAGE, 0, "Usertalk:x", NULL, NULL, NULL },
	{ "Talk:Talk:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:Talk:x", NULL },
	{ "Talk:User:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:User:x", NULL },
	{ "Talk:Help talk:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:Help_talk:x", NULL },
	{ "Talk:foo:bar", OK_PAGE, 1, "Talk:Foo:bar", NULL, NULL, NULL },
	{ "Talk:Main:x", OK_PAGE, 1, "Talk:Main:x", NULL, NULL, NULL },
	{ "User:Talk:x", OK_PAGE, 2, "User:Talk:x", NULL, NULL, NULL },
	{ "Help:User:x", OK_PAGE, 12, "Help:User:x", NULL, NULL, NULL },
	{ "Talk:Special:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:Special:x", NULL },
	{ "Talk:Media:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:Media:x", NULL },
	{ "Talk:image:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:image:x", NULL },
	{ "Talk:Oracle Wiki:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:Oracle_Wiki:x", NULL },
	{ "User_talk:Talk:x", OK_PAGE, 3, "User talk:Talk:x", NULL, NULL, NULL },
	{ "Talk: File :x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:_File_:x", NULL },
	{ "Talk:File", OK_PAGE, 1, "Talk:File", NULL, NULL, NULL },
	{ "Talk:File:", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:File:", NULL },
	{ "Talk::File:x", BAD, 0, NULL, "title-invalid-leading-colon", "Talk::File:x", NULL },
	{ "Talk:wikt:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:wikt:x", NULL },
	{ "Talk:WikiPedia:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:WikiPedia:x", NULL },
	{ "Talk:nosuchiw:x", OK_PAGE, 1, "Talk:Nosuchiw:x", NULL, NULL, NULL },
	{ "foo", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "foo bar", OK_PAGE, 0, "Foo bar", NULL, NULL, NULL },
	{ "foo_bar", OK_PAGE, 0, "Foo bar", NULL, NULL, NULL },
	{ " foo ", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "_foo_", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "foo  bar", OK_PAGE, 0, "Foo bar", NULL, NULL, NULL },
	{ "foo__bar", OK_PAGE, 0, "Foo bar", NULL, NULL, NULL },
	{ "foo _ bar", OK_PAGE, 0, "Foo bar", NULL, NULL, NULL },
	{ "a\xc2\xa0" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "\xc2\xa0" "a", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "a\xe3\x80\x80" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe2\x80\x83" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe2\x80\x82" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe2\x80\x8a" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe2\x80\x8b" "b", OK_PAGE, 0, "A\xe2\x80\x8b" "b", NULL, NULL, NULL },
	{ "a\xe1\x9a\x80" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe1\xa0\x8e" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe2\x80\xa8" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe2\x80\xa9" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe2\x80\xaf" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe2\x81\x9f" "b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "a\xe2\x80\x8e" "b", OK_PAGE, 0, "Ab", NULL, NULL, NULL },
	{ "a\xe2\x80\x8f" "b", OK_PAGE, 0, "Ab", NULL, NULL, NULL },
	{ "\xe2\x80\xaa" "foo\xe2\x80\xac", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "a\xe2\x80\xab" "b\xe2\x80\xad\xe2\x80\xae", OK_PAGE, 0, "Ab", NULL, NULL, NULL },
	{ "a \xe2\x80\x8e b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "\xe2\x80\x8e", BAD, 0, NULL, "title-invalid-empty", "\xe2\x80\x8e", NULL },
	{ "\xe2\x80\x8e:Foo", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "a\xe2\x81\xa0" "b", OK_PAGE, 0, "A\xe2\x81\xa0" "b", NULL, NULL, NULL },
	{ "\xe3\x80\x80", BAD, 0, NULL, "title-invalid-empty", "\xe3\x80\x80", NULL },
	{ "_", BAD, 0, NULL, "title-invalid-empty", "_", NULL },
	{ "__", BAD, 0, NULL, "title-invalid-empty", "_&#95;", NULL },
	{ " ", BAD, 0, NULL, "title-invalid-empty", "_", NULL },
	{ "  _  ", BAD, 0, NULL, "title-invalid-empty", "_&#95;_&#95;_", NULL },
	{ "a\x09" "b", BAD, 0, NULL, "title-invalid-characters", "\x09", "a\x09" "b" },
	{ "x y z", OK_PAGE, 0, "X y z", NULL, NULL, NULL },
	{ "1", OK_PAGE, 0, "1", NULL, NULL, NULL },
	{ "0", OK_PAGE, 0, "0", NULL, NULL, NULL },
	{ "123abc", OK_PAGE, 0, "123abc", NULL, NULL, NULL },
	{ "!", OK_PAGE, 0, "!", NULL, NULL, NULL },
	{ "\x3f", OK_PAGE, 0, "\x3f", NULL, NULL, NULL },
	{ "foo\x3f", OK_PAGE, 0, "Foo\x3f", NULL, NULL, NULL },
	{ "a/b", OK_PAGE, 0, "A/b", NULL, NULL, NULL },
	{ "/a", OK_PAGE, 0, "/a", NULL, NULL, NULL },
	{ "a/", OK_PAGE, 0, "A/", NULL, NULL, NULL },
	{ "//", OK_PAGE, 0, "//", NULL, NULL, NULL },
	{ "/", OK_PAGE, 0, "/", NULL, NULL, NULL },
	{ "\x5c", OK_PAGE, 0, "\x5c", NULL, NULL, NULL },
	{ "a\x5c" "b", OK_PAGE, 0, "A\x5c" "b", NULL, NULL, NULL },
	{ "^x", OK_PAGE, 0, "^x", NULL, NULL, NULL },
	{ "`x", OK_PAGE, 0, "`x", NULL, NULL, NULL },
	{ "@x", OK_PAGE, 0, "@x", NULL, NULL, NULL },
	{ "$x", OK_PAGE, 0, "$x", NULL, NULL, NULL },
	{ "(x)", OK_PAGE, 0, "(x)", NULL, NULL, NULL },
	{ "x,y", OK_PAGE, 0, "X,y", NULL, NULL, NULL },
	{ "x;y", OK_PAGE, 0, "X;y", NULL, NULL, NULL },
	{ "x=y", OK_PAGE, 0, "X=y", NULL, NULL, NULL },
	{ "x+y", OK_PAGE, 0, "X+y", NULL, NULL, NULL },
	{ "x*y", OK_PAGE, 0, "X*y", NULL, NULL, NULL },
	{ "'x'", OK_PAGE, 0, "'x'", NULL, NULL, NULL },
	{ "\x22x\x22", OK_PAGE, 0, "\x22x\x22", NULL, NULL, NULL },
	{ "x'y", OK_PAGE, 0, "X'y", NULL, NULL, NULL },
	{ "\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9", OK_PAGE, 0,
	  "\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9", NULL, NULL, NULL },
	{ "\xc3\xa9lan", OK_PAGE, 0, "\xc3\x89lan", NULL, NULL, NULL },
	{ "\xc3\xa9" "b\xc3\xa8ne", OK_PAGE, 0, "\xc3\x89" "b\xc3\xa8ne", NULL, NULL, NULL },
	{ "\xe4\xb8\xad\xe6\x96\x87", OK_PAGE, 0, "\xe4\xb8\xad\xe6\x96\x87", NULL, NULL, NULL },
	{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", OK_PAGE, 0, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", NULL, NULL, NULL },
	{ "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", OK_PAGE, 0, "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", NULL, NULL, NULL },
	{ "\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa", OK_PAGE, 0, "\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa", NULL, NULL, NULL },
	{ "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9", OK_PAGE, 0,
	  "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9", NULL, NULL, NULL },
	{ "\xce\x95\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac", OK_PAGE, 0, "\xce\x95\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac", NULL, NULL, NULL },
	{ "\xd0\xba\xd0\xb8\xd1\x80\xd0\xb8\xd0\xbb\xd0\xbb\xd0\xb8\xd1\x86\xd0\xb0", OK_PAGE, 0, "\xd0\x9a\xd0\xb8\xd1\x80\xd0\xb8\xd0\xbb\xd0\xbb\xd0\xb8\xd1\x86\xd0\xb0", NULL, NULL, NULL },
	{ "\xc3\x9f" "a", OK_PAGE, 0, "SSa", NULL, NULL, NULL },
	{ "\xc3\x9f", OK_PAGE, 0, "SS", NULL, NULL, NULL },
	{ "\xc7\x86x", OK_PAGE, 0, "\xc7\x84x", NULL, NULL, NULL },
	{ "\xc7\x85x", OK_PAGE, 0, "\xc7\x84x", NULL, NULL, NULL },
	{ "\xc7\x84x", OK_PAGE, 0, "\xc7\x84x", NULL, NULL, NULL },
	{ "\xc7\x89", OK_PAGE, 0, "\xc7\x87", NULL, NULL, NULL },
	{ "\xc7\x8c", OK_PAGE, 0, "\xc7\x8a", NULL, NULL, NULL },
	{ "\xc7\xb3", OK_PAGE, 0, "\xc7\xb1", NULL, NULL, NULL },
	{ "\xc5\x89", OK_PAGE, 0, "\xca\xbcN", NULL, NULL, NULL },
	{ "\xef\xac\x81x", OK_PAGE, 0, "FIx", NULL, NULL, NULL },
	{ "\xef\xac\x80", OK_PAGE, 0, "FF", NULL, NULL, NULL },
	{ "\xef\xac\x83", OK_PAGE, 0, "FFI", NULL, NULL, NULL },
	{ "\xef\xac\x93", OK_PAGE, 0, "\xd5\x84\xd5\x86", NULL, NULL, NULL },
	{ "\xc7\xb0", OK_PAGE, 0, "J\xcc\x8c", NULL, NULL, NULL },
	/*
	 * U+0390 and U+03B0 upper-case to three code points that are not in
	 * NFC. MediaWiki keeps them so in the title; the oracle showed the
	 * NFC form only because ApiResult normalizes every output string.
	 */
	{ "\xce\x90", OK_PAGE, 0, "\xce\x99\xcc\x88\xcc\x81", NULL, NULL, NULL },
	{ "\xce\xb0", OK_PAGE, 0, "\xce\xa5\xcc\x88\xcc\x81", NULL, NULL, NULL },
	{ "\xd6\x87", OK_PAGE, 0, "\xd4\xb5\xd5\x92", NULL, NULL, NULL },
	{ "\xe1\xba\x96", OK_PAGE, 0, "H\xcc\xb1", NULL, NULL, NULL },
	{ "\xe1\xba\x9e", OK_PAGE, 0, "\xe1\xba\x9e", NULL, NULL, NULL },
	{ "\xea\xad\xb0", OK_PAGE, 0, "\xe1\x8e\xa0", NULL, NULL, NULL },
	{ "\xe1\x83\x90", OK_PAGE, 0, "\xe1\xb2\x90", NULL, NULL, NULL },
	{ "\xe1\xb2\x80", OK_PAGE, 0, "\xd0\x92", NULL, NULL, NULL },
	{ "\xe1\xbe\xb3", OK_PAGE, 0, "\xce\x91\xce\x99", NULL, NULL, NULL },
	{ "\xe1\xbf\xbc", OK_PAGE, 0, "\xce\xa9\xce\x99", NULL, NULL, NULL },
	{ "\xe1\xbe\x80", OK_PAGE, 0, "\xe1\xbc\x88\xce\x99", NULL, NULL, NULL },
	{ "\xc4\xb1", OK_PAGE, 0, "I", NULL, NULL, NULL },
	{ "i", OK_PAGE, 0, "I", NULL, NULL, NULL },
	{ "\xc4\xb0", OK_PAGE, 0, "\xc4\xb0", NULL, NULL, NULL },
	{ "\xc5\xbf", OK_PAGE, 0, "S", NULL, NULL, NULL },
	{ "\xc3\xbf", OK_PAGE, 0, "\xc5\xb8", NULL, NULL, NULL },
	{ "\xc2\xb5", OK_PAGE, 0, "\xce\x9c", NULL, NULL, NULL },
	{ "\xc7\x88", OK_PAGE, 0, "\xc7\x87", NULL, NULL, NULL },
	{ "\xc9\x90", OK_PAGE, 0, "\xe2\xb1\xaf", NULL, NULL, NULL },
	{ "\xc9\xab", OK_PAGE, 0, "\xe2\xb1\xa2", NULL, NULL, NULL },
	{ "\xc9\x80", OK_PAGE, 0, "\xe2\xb1\xbf", NULL, NULL, NULL },
	{ "\xc8\xbf", OK_PAGE, 0, "\xe2\xb1\xbe", NULL, NULL, NULL },
	{ "\xe2\xb1\xa5", OK_PAGE, 0, "\xc8\xba", NULL, NULL, NULL },
	{ "\xc9\xa5", OK_PAGE, 0, "\xea\x9e\x8d", NULL, NULL, NULL },
	{ "\xca\x9e", OK_PAGE, 0, "\xea\x9e\xb0", NULL, NULL, NULL },
	{ "\xea\x9e\x94", OK_PAGE, 0, "\xea\x9f\x84", NULL, NULL, NULL },
	{ "\xe1\xb5\xb9", OK_PAGE, 0, "\xea\x9d\xbd", NULL, NULL, NULL },
	{ "\xe1\xb6\x8e", OK_PAGE, 0, "\xea\x9f\x86", NULL, NULL, NULL },
	{ "\xf0\x90\x90\xa8", OK_PAGE, 0, "\xf0\x90\x90\x80", NULL, NULL, NULL },
	{ "\xf0\x9e\xa4\xa2", OK_PAGE, 0, "\xf0\x9e\xa4\x80", NULL, NULL, NULL },
	{ "\xea\x99\x81", OK_PAGE, 0, "\xea\x99\x80", NULL, NULL, NULL },
	{ "\xd4\x81", OK_PAGE, 0, "\xd4\x80", NULL, NULL, NULL },
	{ "\xe2\x93\x90", OK_PAGE, 0, "\xe2\x92\xb6", NULL, NULL, NULL },
	{ "\xef\xbd\x81", OK_PAGE, 0, "\xef\xbc\xa1", NULL, NULL, NULL },
	{ "\xc7\xb2", OK_PAGE, 0, "\xc7\xb1", NULL, NULL, NULL },
	{ "\xc7\xb1x", OK_PAGE, 0, "\xc7\xb1x", NULL, NULL, NULL },
	{ "\xe1\xbe\x88", OK_PAGE, 0, "\xe1\xbc\x88\xce\x99", NULL, NULL, NULL },
	{ "\xe1\xbc\x80", OK_PAGE, 0, "\xe1\xbc\x88", NULL, NULL, NULL },
	{ "\xcf\x89", OK_PAGE, 0, "\xce\xa9", NULL, NULL, NULL },
	{ "\xcf\x82", OK_PAGE, 0, "\xce\xa3", NULL, NULL, NULL },
	{ "\xcf\x83", OK_PAGE, 0, "\xce\xa3", NULL, NULL, NULL },
	{ "\xcf\x90", OK_PAGE, 0, "\xce\x92", NULL, NULL, NULL },
	{ "\xcf\x91", OK_PAGE, 0, "\xce\x98", NULL, NULL, NULL },
	{ "\xcf\x95", OK_PAGE, 0, "\xce\xa6", NULL, NULL, NULL },
	{ "\xcf\x96", OK_PAGE, 0, "\xce\xa0", NULL, NULL, NULL },
	{ "\xcf\xb0", OK_PAGE, 0, "\xce\x9a", NULL, NULL, NULL },
	{ "\xcf\xb1", OK_PAGE, 0, "\xce\xa1", NULL, NULL, NULL },
	{ "\xcf\xb5", OK_PAGE, 0, "\xce\x95", NULL, NULL, NULL },
	{ "\xef\xac\x85", OK_PAGE, 0, "ST", NULL, NULL, NULL },
	{ "\xc3\xa9", OK_PAGE, 0, "\xc3\x89", NULL, NULL, NULL },
	{ "\xcc\x81" "a", OK_PAGE, 0, "\xcc\x81" "a", NULL, NULL, NULL },
	{ "\xc7\x82", OK_PAGE, 0, "\xc7\x82", NULL, NULL, NULL },
	{ "\xe1\x8f\xaf", OK_PAGE, 0, "\xe1\x8f\xaf", NULL, NULL, NULL },
	{ "\xea\xae\xbf", OK_PAGE, 0, "\xe1\x8f\xaf", NULL, NULL, NULL },
	{ "user:\xc3\x9f", OK_PAGE, 2, "User:SS", NULL, NULL, NULL },
	{ "Help:\xc7\x86", OK_PAGE, 12, "Help:\xc7\x84", NULL, NULL, NULL },
	{ "category:\xef\xac\x81", OK_PAGE, 14, "Category:FI", NULL, NULL, NULL },
	{ "Talk:\xc5\x89", OK_PAGE, 1, "Talk:\xca\xbcN", NULL, NULL, NULL },
	{ "wikipedia:\xc3\x9f", OK_IW, 0, "wikipedia:\xc3\x9f", "wikipedia", NULL, NULL },
	{ "wikipedia:foo", OK_IW, 0, "wikipedia:foo", "wikipedia", NULL, NULL },
	{ "Special:\xc3\x9f", OK_PAGE, -1, "Special:SS", NULL, NULL, NULL },
	{ "&amp;", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "a&amp;b", OK_PAGE, 0, "A&b", NULL, NULL, NULL },
	{ "&lt;", BAD, 0, NULL, "title-invalid-characters", "<", "&#60;" },
	{ "&gt;", BAD, 0, NULL, "title-invalid-characters", ">", "&#62;" },
	{ "&quot;x", OK_PAGE, 0, "\x22x", NULL, NULL, NULL },
	{ "&nbsp;x", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "a&nbsp;b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "&#32;a", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "a&#x20;b", OK_PAGE, 0, "A b", NULL, NULL, NULL },
	{ "&#0;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#65;", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "&#x41;", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "&#X41;", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "&#x61;b", OK_PAGE, 0, "Ab", NULL, NULL, NULL },
	{ "&eacute;", OK_PAGE, 0, "\xc3\x89", NULL, NULL, NULL },
	{ "&Eacute;", OK_PAGE, 0, "\xc3\x89", NULL, NULL, NULL },
	{ "&Eacute", OK_PAGE, 0, "&Eacute", NULL, NULL, NULL },
	{ "&bogus;", BAD, 0, NULL, "title-invalid-characters", "&bogus;", "&#38;bogus&#59;" },
	{ "&amp;lt;", BAD, 0, NULL, "title-invalid-characters", "&lt;", "&#38;lt&#59;" },
	{ "&#;", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "&#x;", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "&#xZZ;", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "&", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "&&", OK_PAGE, 0, "&&", NULL, NULL, NULL },
	{ "a & b", OK_PAGE, 0, "A & b", NULL, NULL, NULL },
	{ "&amp", OK_PAGE, 0, "&amp", NULL, NULL, NULL },
	{ "&#38;", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "&#x26;", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "&#x26;amp;", BAD, 0, NULL, "title-invalid-characters", "&amp;", "&#38;amp&#59;" },
	{ "&AMP;", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "&Amp;", BAD, 0, NULL, "title-invalid-characters", "&Amp;", "&#38;Amp&#59;" },
	{ "&NotNestedGreaterGreater;", OK_PAGE, 0, "\xe2\xaa\xa2\xcc\xb8", NULL, NULL, NULL },
	{ "&nGt;", OK_PAGE, 0, "\xe2\x89\xab\xe2\x83\x92", NULL, NULL, NULL },
	{ "&fjlig;", OK_PAGE, 0, "Fj", NULL, NULL, NULL },
	{ "&#127;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#128;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#159;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#160;x", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "&#xD7FF;", OK_PAGE, 0, "\xed\x9f\xbf", NULL, NULL, NULL },
	{ "&#xD800;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#xDFFF;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#xE000;", OK_PAGE, 0, "\xee\x80\x80", NULL, NULL, NULL },
	{ "&#xFFFD;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#xFFFE;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#xFFFF;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#x10000;", OK_PAGE, 0, "\xf0\x90\x80\x80", NULL, NULL, NULL },
	{ "&#x10FFFF;", OK_PAGE, 0, "\xf4\x8f\xbf\xbf", NULL, NULL, NULL },
	{ "&#x110000;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#9;", BAD, 0, NULL, "title-invalid-characters", "\x09", "&#9;" },
	{ "&#10;", BAD, 0, NULL, "title-invalid-characters", "\x0a", "&#10;" },
	{ "&#13;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#12;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#1;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#31;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#x7F;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#35;", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ "a&#35;b", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "&#x23;", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ "&#60;", BAD, 0, NULL, "title-invalid-characters", "<", "&#60;" },
	{ "&#91;x&#93;", BAD, 0, NULL, "title-invalid-characters", "[", "&#91;x&#93;" },
	{ "&#123;", BAD, 0, NULL, "title-invalid-characters", "{", "&#123;" },
	{ "&#124;", BAD, 0, NULL, "title-invalid-characters", "|", "&#124;" },
	{ "&#58;x", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "&#58;&#58;x", BAD, 0, NULL, "title-invalid-leading-colon", "&#58;:x", NULL },
	{ "User&#58;x", OK_PAGE, 2, "User:X", NULL, NULL, NULL },
	{ "&#x200E;x", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "&#x2003;x", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "&#8206;x", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "e&#x301;", OK_PAGE, 0, "\xc3\x89", NULL, NULL, NULL },
	{ "&#x301;", OK_PAGE, 0, "\xcc\x81", NULL, NULL, NULL },
	{ "&lrm;x", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "&rlm;x", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "&#x00041;", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "&#0065;", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "&#99999999999;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&#xFFFFFFFFFFFF;", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "&copy;", OK_PAGE, 0, "\xc2\xa9", NULL, NULL, NULL },
	{ "&euro;", OK_PAGE, 0, "\xe2\x82\xac", NULL, NULL, NULL },
	{ "&hellip;", OK_PAGE, 0, "\xe2\x80\xa6", NULL, NULL, NULL },
	{ "&ThickSpace;x", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "&NewLine;", BAD, 0, NULL, "title-invalid-characters", "\x0a", "&#10;" },
	{ "&Tab;", BAD, 0, NULL, "title-invalid-characters", "\x09", "&#9;" },
	{ "&nbsp;", BAD, 0, NULL, "title-invalid-empty", "\xc2\xa0", NULL },
	{ "&nbsp;&nbsp;", BAD, 0, NULL, "title-invalid-empty", "\xc2\xa0\xc2\xa0", NULL },
	{ "&amp;amp;", BAD, 0, NULL, "title-invalid-characters", "&amp;", "&#38;amp&#59;" },
	{ "&ampx;", BAD, 0, NULL, "title-invalid-characters", "&ampx;", "&#38;ampx&#59;" },
	{ "&am p;", OK_PAGE, 0, "&am p;", NULL, NULL, NULL },
	{ "&a-b;", OK_PAGE, 0, "&a-b;", NULL, NULL, NULL },
	{ "&#x41", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "&#65", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "&#a;", OK_PAGE, 0, "&", NULL, NULL, NULL },
	{ "x&#x2F;.&#x2F;y", BAD, 0, NULL, "title-invalid-relative", "x/./y", NULL },
	{ "a#b", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "a[b", BAD, 0, NULL, "title-invalid-characters", "[", "a&#91;b" },
	{ "a]b", BAD, 0, NULL, "title-invalid-characters", "]", "a&#93;b" },
	{ "a{b", BAD, 0, NULL, "title-invalid-characters", "{", "a&#123;b" },
	{ "a}b", BAD, 0, NULL, "title-invalid-characters", "}", "a&#125;b" },
	{ "a|b", BAD, 0, NULL, "title-invalid-characters", "|", "a&#124;b" },
	{ "a<b", BAD, 0, NULL, "title-invalid-characters", "<", "a&#60;b" },
	{ "a>b", BAD, 0, NULL, "title-invalid-characters", ">", "a&#62;b" },
	{ "<", BAD, 0, NULL, "title-invalid-characters", "<", "&#60;" },
	{ ">", BAD, 0, NULL, "title-invalid-characters", ">", "&#62;" },
	{ "[[x]]", BAD, 0, NULL, "title-invalid-characters", "[", "&#91;&#91;x&#93;&#93;" },
	{ "{{x}}", BAD, 0, NULL, "title-invalid-characters", "{", "&#123;&#123;x&#125;&#125;" },
	{ "a\x7f" "b", BAD, 0, NULL, "title-invalid-characters", "\x7f", "a\x7f" "b" },
	{ "%41", BAD, 0, NULL, "title-invalid-characters", "%41", "%41" },
	{ "a%41b", BAD, 0, NULL, "title-invalid-characters", "%41", "a%41b" },
	{ "%4", OK_PAGE, 0, "%4", NULL, NULL, NULL },
	{ "%zz", OK_PAGE, 0, "%zz", NULL, NULL, NULL },
	{ "%%41", BAD, 0, NULL, "title-invalid-characters", "%41", "%%41" },
	{ "100%", OK_PAGE, 0, "100%", NULL, NULL, NULL },
	{ "100% sure", OK_PAGE, 0, "100% sure", NULL, NULL, NULL },
	{ "%", OK_PAGE, 0, "%", NULL, NULL, NULL },
	{ "a%2", OK_PAGE, 0, "A%2", NULL, NULL, NULL },
	{ "%2G", OK_PAGE, 0, "%2G", NULL, NULL, NULL },
	{ "%C3%A9", BAD, 0, NULL, "title-invalid-characters", "%C3", "%C3%A9" },
	{ "%e9", BAD, 0, NULL, "title-invalid-characters", "%e9", "%e9" },
	{ "%aa", BAD, 0, NULL, "title-invalid-characters", "%aa", "%aa" },
	{ "a%AAb", BAD, 0, NULL, "title-invalid-characters", "%AA", "a%AAb" },
	{ "&#37;41", BAD, 0, NULL, "title-invalid-characters", "%41", "%41" },
	{ "x%3Ay", BAD, 0, NULL, "title-invalid-characters", "%3A", "x%3Ay" },
	{ "%20", BAD, 0, NULL, "title-invalid-characters", "%20", "%20" },
	{ ".", BAD, 0, NULL, "title-invalid-relative", ".", NULL },
	{ "..", BAD, 0, NULL, "title-invalid-relative", "..", NULL },
	{ "...", OK_PAGE, 0, "...", NULL, NULL, NULL },
	{ "./a", BAD, 0, NULL, "title-invalid-relative", "./a", NULL },
	{ "../a", BAD, 0, NULL, "title-invalid-relative", "../a", NULL },
	{ "a/./b", BAD, 0, NULL, "title-invalid-relative", "a/./b", NULL },
	{ "a/../b", BAD, 0, NULL, "title-invalid-relative", "a/../b", NULL },
	{ "a/.", BAD, 0, NULL, "title-invalid-relative", "a/.", NULL },
	{ "a/..", BAD, 0, NULL, "title-invalid-relative", "a/..", NULL },
	{ ".a", OK_PAGE, 0, ".a", NULL, NULL, NULL },
	{ "a.", OK_PAGE, 0, "A.", NULL, NULL, NULL },
	{ "a..b", OK_PAGE, 0, "A..b", NULL, NULL, NULL },
	{ "a/...", OK_PAGE, 0, "A/...", NULL, NULL, NULL },
	{ "/.", BAD, 0, NULL, "title-invalid-relative", "/.", NULL },
	{ "/..", BAD, 0, NULL, "title-invalid-relative", "/..", NULL },
	{ "./", BAD, 0, NULL, "title-invalid-relative", "./", NULL },
	{ "../", BAD, 0, NULL, "title-invalid-relative", "../", NULL },
	{ "a./b", OK_PAGE, 0, "A./b", NULL, NULL, NULL },
	{ "a/.b", OK_PAGE, 0, "A/.b", NULL, NULL, NULL },
	{ "a/..b", OK_PAGE, 0, "A/..b", NULL, NULL, NULL },
	{ "a../b", OK_PAGE, 0, "A../b", NULL, NULL, NULL },
	{ ".../a", OK_PAGE, 0, ".../a", NULL, NULL, NULL },
	{ "a/.../b", OK_PAGE, 0, "A/.../b", NULL, NULL, NULL },
	{ "User:.", BAD, 0, NULL, "title-invalid-relative", "User:.", NULL },
	{ "User:..", BAD, 0, NULL, "title-invalid-relative", "User:..", NULL },
	{ "Talk:./x", BAD, 0, NULL, "title-invalid-relative", "Talk:./x", NULL },
	{ "x/./", BAD, 0, NULL, "title-invalid-relative", "x/./", NULL },
	{ "x/../", BAD, 0, NULL, "title-invalid-relative", "x/../", NULL },
	{ ". .", OK_PAGE, 0, ". .", NULL, NULL, NULL },
	{ "._.", OK_PAGE, 0, ". .", NULL, NULL, NULL },
	{ ":.", BAD, 0, NULL, "title-invalid-relative", "&#58;.", NULL },
	{ ":..", BAD, 0, NULL, "title-invalid-relative", "&#58;..", NULL },
	{ "#.", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ ".#x", BAD, 0, NULL, "title-invalid-relative", ".#x", NULL },
	{ "..#x", BAD, 0, NULL, "title-invalid-relative", "..#x", NULL },
	{ "a/.#x", BAD, 0, NULL, "title-invalid-relative", "a/.#x", NULL },
	{ "wikipedia:.", BAD, 0, NULL, "title-invalid-relative", "wikipedia:.", NULL },
	{ "wikipedia:../x", BAD, 0, NULL, "title-invalid-relative", "wikipedia:../x", NULL },
	{ "~", OK_PAGE, 0, "~", NULL, NULL, NULL },
	{ "~~", OK_PAGE, 0, "~~", NULL, NULL, NULL },
	{ "~~~", BAD, 0, NULL, "title-invalid-magic-tilde", "~~~", NULL },
	{ "~~~~", BAD, 0, NULL, "title-invalid-magic-tilde", "~~~~", NULL },
	{ "a~~~b", BAD, 0, NULL, "title-invalid-magic-tilde", "a~~~b", NULL },
	{ "a~~b~", OK_PAGE, 0, "A~~b~", NULL, NULL, NULL },
	{ "~ ~ ~", OK_PAGE, 0, "~ ~ ~", NULL, NULL, NULL },
	{ "~_~~", OK_PAGE, 0, "~ ~~", NULL, NULL, NULL },
	{ "User:~~~", BAD, 0, NULL, "title-invalid-magic-tilde", "User:~~~", NULL },
	{ "wikipedia:~~~", BAD, 0, NULL, "title-invalid-magic-tilde", "wikipedia:~~~", NULL },
	{ "Foo#~~~", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ ":", BAD, 0, NULL, "title-invalid-empty", "&#58;", NULL },
	{ "::", BAD, 0, NULL, "title-invalid-leading-colon", "&#58;:", NULL },
	{ ":::", BAD, 0, NULL, "title-invalid-leading-colon", "&#58;::", NULL },
	{ ":a", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "::a", BAD, 0, NULL, "title-invalid-leading-colon", "&#58;:a", NULL },
	{ ": a", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ ":_a", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ " :a", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "_:_a", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "a:", OK_PAGE, 0, "A:", NULL, NULL, NULL },
	{ "a::b", OK_PAGE, 0, "A::b", NULL, NULL, NULL },
	{ "a:b", OK_PAGE, 0, "A:b", NULL, NULL, NULL },
	{ "a : b", OK_PAGE, 0, "A : b", NULL, NULL, NULL },
	{ "User: ", BAD, 0, NULL, "title-invalid-empty", "User:_", NULL },
	{ ":User:foo", OK_PAGE, 2, "User:Foo", NULL, NULL, NULL },
	{ "User::foo", BAD, 0, NULL, "title-invalid-leading-colon", "User::foo", NULL },
	{ "Foo:Bar", OK_PAGE, 0, "Foo:Bar", NULL, NULL, NULL },
	{ "Category::x", BAD, 0, NULL, "title-invalid-leading-colon", "Category::x", NULL },
	{ ":Category:x", OK_PAGE, 14, "Category:X", NULL, NULL, NULL },
	{ "::Category:x", BAD, 0, NULL, "title-invalid-leading-colon", "&#58;:Category:x", NULL },
	{ ": Talk : x", OK_PAGE, 1, "Talk:X", NULL, NULL, NULL },
	{ "Talk::x", BAD, 0, NULL, "title-invalid-leading-colon", "Talk::x", NULL },
	{ "x:", OK_PAGE, 0, "X:", NULL, NULL, NULL },
	{ "x: ", OK_PAGE, 0, "X:", NULL, NULL, NULL },
	{ "a:_", OK_PAGE, 0, "A:", NULL, NULL, NULL },
	{ ":#x", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ "#:x", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ ":wikipedia:x", OK_IW, 0, "wikipedia:x", "wikipedia", NULL, NULL },
	{ "User:Foo:Bar", OK_PAGE, 2, "User:Foo:Bar", NULL, NULL, NULL },
	{ "Help::", BAD, 0, NULL, "title-invalid-leading-colon", "Help::", NULL },
	{ "foo:bar:baz", OK_PAGE, 0, "Foo:bar:baz", NULL, NULL, NULL },
	{ "Template:Foo:", OK_PAGE, 10, "Template:Foo:", NULL, NULL, NULL },
	{ "Template: :x", BAD, 0, NULL, "title-invalid-leading-colon", "Template:_:x", NULL },
	{ "wikipedia:Foo", OK_IW, 0, "wikipedia:Foo", "wikipedia", NULL, NULL },
	{ "WIKIPEDIA:Foo", OK_IW, 0, "wikipedia:Foo", "wikipedia", NULL, NULL },
	{ "Wikipedia:foo bar", OK_IW, 0, "wikipedia:foo bar", "wikipedia", NULL, NULL },
	{ "wikipedia:", OK_IW, 0, "wikipedia:", "wikipedia", NULL, NULL },
	{ "wikipedia: ", OK_IW, 0, "wikipedia:", "wikipedia", NULL, NULL },
	{ "wikipedia::foo", OK_IW, 0, "wikipedia:foo", "wikipedia", NULL, NULL },
	{ "wikipedia::", OK_IW, 0, "wikipedia:", "wikipedia", NULL, NULL },
	{ "wikipedia:Talk:x", OK_IW, 0, "wikipedia:Talk:x", "wikipedia", NULL, NULL },
	{ "wikipedia:talk:x", OK_IW, 0, "wikipedia:talk:x", "wikipedia", NULL, NULL },
	{ "wikipedia:#x", OK_IW, 0, "wikipedia:", "wikipedia", NULL, NULL },
	{ "wikipedia:foo#bar", OK_IW, 0, "wikipedia:foo", "wikipedia", NULL, NULL },
	{ "wikipedia:foo#bar baz", OK_IW, 0, "wikipedia:foo", "wikipedia", NULL, NULL },
	{ "User:wikipedia:x", OK_PAGE, 2, "User:Wikipedia:x", NULL, NULL, NULL },
	{ "wikipedia:wikt:x", OK_IW, 0, "wikipedia:wikt:x", "wikipedia", NULL, NULL },
	{ "gentoo-wiki:x", OK_IW, 0, "gentoo-wiki:x", "gentoo-wiki", NULL, NULL },
	{ "gentoo_wiki:x", OK_PAGE, 0, "Gentoo wiki:x", NULL, NULL, NULL },
	{ "Gentoo-Wiki:x", OK_IW, 0, "gentoo-wiki:x", "gentoo-wiki", NULL, NULL },
	{ "mw:Foo", OK_IW, 0, "mw:Foo", "mw", NULL, NULL },
	{ "MW:foo", OK_IW, 0, "mw:foo", "mw", NULL, NULL },
	{ "mW:Help:foo", OK_IW, 0, "mw:Help:foo", "mw", NULL, NULL },
	{ "commons:File:x.png", OK_IW, 0, "commons:File:x.png", "commons", NULL, NULL },
	{ "wikt:a", OK_IW, 0, "wikt:a", "wikt", NULL, NULL },
	{ "wiktionary:a", OK_IW, 0, "wiktionary:a", "wiktionary", NULL, NULL },
	{ "nosuchiw:foo", OK_PAGE, 0, "Nosuchiw:foo", NULL, NULL, NULL },
	{ "wikipedia :x", OK_IW, 0, "wikipedia:x", "wikipedia", NULL, NULL },
	{ "wikipedia_:x", OK_IW, 0, "wikipedia:x", "wikipedia", NULL, NULL },
	{ "wikipedia: x", OK_IW, 0, "wikipedia:x", "wikipedia", NULL, NULL },
	{ "wikipedia:_x", OK_IW, 0, "wikipedia:x", "wikipedia", NULL, NULL },
	{ " wikipedia:x", OK_IW, 0, "wikipedia:x", "wikipedia", NULL, NULL },
	{ "wikipedia:<x>", BAD, 0, NULL, "title-invalid-characters", "<", "wikipedia:&#60;x&#62;" },
	{ "wikipedia:%41", BAD, 0, NULL, "title-invalid-characters", "%41", "wikipedia:%41" },
	{ "wikipedia:x/../y", BAD, 0, NULL, "title-invalid-relative", "wikipedia:x/../y", NULL },
	{ "wikipedia:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", BAD, 0, NULL, "title-invalid-too-long", "255", "wikipedia:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
	{ "wikipedia:a&amp;b", OK_IW, 0, "wikipedia:a&b", "wikipedia", NULL, NULL },
	{ "wikipedia:::x", BAD, 0, NULL, "title-invalid-leading-colon", "wikipedia:::x", NULL },
	{ "wikipedia:: x", OK_IW, 0, "wikipedia:x", "wikipedia", NULL, NULL },
	{ "wikipedia:User:x", OK_IW, 0, "wikipedia:User:x", "wikipedia", NULL, NULL },
	{ "wiki:x", OK_IW, 0, "wiki:x", "wiki", NULL, NULL },
	{ "Kmwiki:x", OK_IW, 0, "kmwiki:x", "kmwiki", NULL, NULL },
	{ "Kmwiki:x", OK_IW, 0, "kmwiki:x", "kmwiki", NULL, NULL },
	{ "\xc4\xb0mdb:x", OK_PAGE, 0, "\xc4\xb0mdb:x", NULL, NULL, NULL },
	{ "doi:10.1000/1", OK_IW, 0, "doi:10.1000/1", "doi", NULL, NULL },
	{ "rfc:2616", OK_IW, 0, "rfc:2616", "rfc", NULL, NULL },
	{ "google:a b", OK_IW, 0, "google:a b", "google", NULL, NULL },
	{ "c2find:x", OK_IW, 0, "c2find:x", "c2find", NULL, NULL },
	{ "s23wiki:x", OK_IW, 0, "s23wiki:x", "s23wiki", NULL, NULL },
	{ "wikipedia:wikipedia:x", OK_IW, 0, "wikipedia:wikipedia:x", "wikipedia", NULL, NULL },
	{ "Talk:Talk:wikipedia:x", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:Talk:wikipedia:x", NULL },
	{ "User:Talk:wikipedia:x", OK_PAGE, 2, "User:Talk:wikipedia:x", NULL, NULL, NULL },
	{ "wikipedia:\xc7\x86", OK_IW, 0, "wikipedia:\xc7\x86", "wikipedia", NULL, NULL },
	{ "wikipedia:Special:x", OK_IW, 0, "wikipedia:Special:x", "wikipedia", NULL, NULL },
	{ "File:wikipedia:x", OK_PAGE, 6, "File:Wikipedia:x", NULL, NULL, NULL },
	{ "wikipedia:#", OK_IW, 0, "wikipedia:", "wikipedia", NULL, NULL },
	{ "wikipedia:#x y", OK_IW, 0, "wikipedia:", "wikipedia", NULL, NULL },
	{ "Foo#bar", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo#", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo #bar", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo# bar ", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "#", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ "#bar", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ "Foo#a#b", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo#<x>", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "User:#x", BAD, 0, NULL, "title-invalid-empty", "User:#x", NULL },
	{ "Foo##", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo_#_bar", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo#bar_baz", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "foo#Bar", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Talk:#x", BAD, 0, NULL, "title-invalid-empty", "Talk:#x", NULL },
	{ "#x y", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ "Foo#%41", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo#[x]", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo#|", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "a#b#c", OK_PAGE, 0, "A", NULL, NULL, NULL },
	{ "  #x", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ "x #", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "Foo#&amp;", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Foo#&lt;", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "Help:Foo#Bar baz", OK_PAGE, 12, "Help:Foo", NULL, NULL, NULL },
	{ "Foo#:x", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ ":#", OK_EMPTY, 0, "", NULL, NULL, NULL },
	{ "Foo#.", OK_PAGE, 0, "Foo", NULL, NULL, NULL },
	{ "%41#x", BAD, 0, NULL, "title-invalid-characters", "%41", "%41#x" },
	{ "<#x", BAD, 0, NULL, "title-invalid-characters", "<", "&#60;#x" },
	{ "x#<", OK_PAGE, 0, "X", NULL, NULL, NULL },
	{ "User:127.0.0.1", OK_PAGE, 2, "User:127.0.0.1", NULL, NULL, NULL },
	{ "User:01.02.003.4", OK_PAGE, 2, "User:1.2.3.4", NULL, NULL, NULL },
	{ "User:1.2.3.004", OK_PAGE, 2, "User:1.2.3.4", NULL, NULL, NULL },
	{ "User:0.0.0.0", OK_PAGE, 2, "User:0.0.0.0", NULL, NULL, NULL },
	{ "User:00.00.00.00", OK_PAGE, 2, "User:0.0.0.0", NULL, NULL, NULL },
	{ "User:000.000.000.000", OK_PAGE, 2, "User:0.0.0.0", NULL, NULL, NULL },
	{ "User:255.255.255.255", OK_PAGE, 2, "User:255.255.255.255", NULL, NULL, NULL },
	{ "User:256.1.1.1", OK_PAGE, 2, "User:256.1.1.1", NULL, NULL, NULL },
	{ "User:1.2.3", OK_PAGE, 2, "User:1.2.3", NULL, NULL, NULL },
	{ "User:1.2.3.4.5", OK_PAGE, 2, "User:1.2.3.4.5", NULL, NULL, NULL },
	{ "User:1.2.3.0/24", OK_PAGE, 2, "User:1.2.3.0/24", NULL, NULL, NULL },
	{ "User:01.2.3.0/24", OK_PAGE, 2, "User:1.2.3.0/24", NULL, NULL, NULL },
	{ "User:1.2.3.4/33", OK_PAGE, 2, "User:1.2.3.4/33", NULL, NULL, NULL },
	{ "User:1.2.3.4/32", OK_PAGE, 2, "User:1.2.3.4/32", NULL, NULL, NULL },
	{ "User:1.2.3.4/0", OK_PAGE, 2, "User:1.2.3.4/0", NULL, NULL, NULL },
	{ "User:1.2.3.4/05", OK_PAGE, 2, "User:1.2.3.4/05", NULL, NULL, NULL },
	{ "User:1.2.3.4/", OK_PAGE, 2, "User:1.2.3.4/", NULL, NULL, NULL },
	{ "User:::1", OK_PAGE, 2, "User:0:0:0:0:0:0:0:1", NULL, NULL, NULL },
	{ "User:::", OK_PAGE, 2, "User:0:0:0:0:0:0:0:0", NULL, NULL, NULL },
	{ "User:1::", OK_PAGE, 2, "User:1:0:0:0:0:0:0:0", NULL, NULL, NULL },
	{ "User:fe80::1", OK_PAGE, 2, "User:FE80:0:0:0:0:0:0:1", NULL, NULL, NULL },
	{ "User:FE80::0001", OK_PAGE, 2, "User:FE80:0:0:0:0:0:0:1", NULL, NULL, NULL },
	{ "User:fe80::1/64", OK_PAGE, 2, "User:FE80:0:0:0:0:0:0:1/64", NULL, NULL, NULL },
	{ "User:a:b::/64", OK_PAGE, 2, "User:A:B:0:0:0:0:0:0/64", NULL, NULL, NULL },
	{ "User:a:b:c:d:e:f:0:1", OK_PAGE, 2, "User:A:B:C:D:E:F:0:1", NULL, NULL, NULL },
	{ "User:a:b:c:d:e:f:0:1:2", OK_PAGE, 2, "User:A:b:c:d:e:f:0:1:2", NULL, NULL, NULL },
	{ "User:0:0:0:0:0:0:0:1", OK_PAGE, 2, "User:0:0:0:0:0:0:0:1", NULL, NULL, NULL },
	{ "User:0000:0000::0001", OK_PAGE, 2, "User:0:0:0:0:0:0:0:1", NULL, NULL, NULL },
	{ "User:1:2:3:4:5:6:7::", OK_PAGE, 2, "User:1:2:3:4:5:6:7:0", NULL, NULL, NULL },
	{ "User:1:2:3:4:5:6::7", OK_PAGE, 2, "User:1:2:3:4:5:6:0:7", NULL, NULL, NULL },
	{ "User:1::2::3", OK_PAGE, 2, "User:1::2::3", NULL, NULL, NULL },
	{ "User::::1", BAD, 0, NULL, "title-invalid-leading-colon", "User::::1", NULL },
	{ "User:::ffff:1.2.3.4", BAD, 0, NULL, "title-invalid-leading-colon", "User:::ffff:1.2.3.4", NULL },
	{ "User:abcd:ef01::", OK_PAGE, 2, "User:ABCD:EF01:0:0:0:0:0:0", NULL, NULL, NULL },
	{ "User:12345::1", OK_PAGE, 2, "User:12345::1", NULL, NULL, NULL },
	{ "User:g::1", OK_PAGE, 2, "User:G::1", NULL, NULL, NULL },
	{ "User:1:2:3:4:5:6:7:8/128", OK_PAGE, 2, "User:1:2:3:4:5:6:7:8/128", NULL, NULL, NULL },
	{ "User:1:2:3:4:5:6:7:8/129", OK_PAGE, 2, "User:1:2:3:4:5:6:7:8/129", NULL, NULL, NULL },
	{ "User:::/0", OK_PAGE, 2, "User:0:0:0:0:0:0:0:/0", NULL, NULL, NULL },
	{ "User:::1/01", BAD, 0, NULL, "title-invalid-leading-colon", "User:::1/01", NULL },
	{ "User:fe80::1/", OK_PAGE, 2, "User:Fe80::1/", NULL, NULL, NULL },
	{ "User:Fe80::A", OK_PAGE, 2, "User:FE80:0:0:0:0:0:0:A", NULL, NULL, NULL },
	{ "User:1.2.3.4 ", OK_PAGE, 2, "User:1.2.3.4", NULL, NULL, NULL },
	{ "User:foo", OK_PAGE, 2, "User:Foo", NULL, NULL, NULL },
	{ "User:1.2.3.4/24/1", OK_PAGE, 2, "User:1.2.3.4/24/1", NULL, NULL, NULL },
	{ "User:::1:2:3:4:5:6:7", OK_PAGE, 2, "User:0:1:2:3:4:5:6:7", NULL, NULL, NULL },
	{ "User:::1:2:3:4:5:6:7:8", BAD, 0, NULL, "title-invalid-leading-colon", "User:::1:2:3:4:5:6:7:8", NULL },
	{ "User:1:2:3:4:5:6:7::8", OK_PAGE, 2, "User:1:2:3:4:5:6:7::8", NULL, NULL, NULL },
	{ "User:0::0", OK_PAGE, 2, "User:0:0:0:0:0:0:0:0", NULL, NULL, NULL },
	{ "User:00::00", OK_PAGE, 2, "User:0:0:0:0:0:0:0:0", NULL, NULL, NULL },
	{ "User:1.2.3.04", OK_PAGE, 2, "User:1.2.3.4", NULL, NULL, NULL },
	{ "User:1.2.3.00", OK_PAGE, 2, "User:1.2.3.0", NULL, NULL, NULL },
	{ "User talk:fe80::1", OK_PAGE, 3, "User talk:FE80:0:0:0:0:0:0:1", NULL, NULL, NULL },
	{ "user_talk:001.002.003.004", OK_PAGE, 3, "User talk:1.2.3.4", NULL, NULL, NULL },
	{ "Talk:::1", BAD, 0, NULL, "title-invalid-leading-colon", "Talk:::1", NULL },
	{ "Help:::1", BAD, 0, NULL, "title-invalid-leading-colon", "Help:::1", NULL },
	{ "::1", BAD, 0, NULL, "title-invalid-leading-colon", "&#58;:1", NULL },
	{ "Special:Contributions/::1", OK_PAGE, -1, "Special:Contributions/::1", NULL, NULL, NULL },
	{ "User:fe80::1/sub", OK_PAGE, 2, "User:Fe80::1/sub", NULL, NULL, NULL },
	{ "User:127.0.0.1/sub", OK_PAGE, 2, "User:127.0.0.1/sub", NULL, NULL, NULL },
	{ "User:1.2.3.4#x", OK_PAGE, 2, "User:1.2.3.4", NULL, NULL, NULL },
	{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", OK_PAGE, 0, "Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL, NULL },
	{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", BAD, 0, NULL, "title-invalid-too-long", "255", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x", OK_PAGE, 0, "\xc3\x89\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x", NULL, NULL, NULL },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", BAD, 0, NULL, "title-invalid-too-long", "255", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" },
	{ "User:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", OK_PAGE, 2, "User:Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL, NULL },
	{ "User:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", BAD, 0, NULL, "title-invalid-too-long", "255", "User:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
	{ "Talk:\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", BAD, 0, NULL, "title-invalid-too-long", "255", "Talk:\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" },
	{ "Special:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", OK_PAGE, -1, "Special:Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL, NULL },
	{ "Special:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", BAD, 0, NULL, "title-invalid-too-long", "512", "Special:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
	{ "Media:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", OK_PAGE, -2, "Media:Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL, NULL },
	{ "Media:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", BAD, 0, NULL, "title-invalid-too-long", "255", "Media:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
	{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx#frag", OK_PAGE, 0, "Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL, NULL },
	{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx#frag", BAD, 0, NULL, "title-invalid-too-long", "255", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx#frag" },
	{ "          xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx          ", OK_PAGE, 0, "Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL, NULL },
	{ "\xc3\x9fxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", OK_PAGE, 0, "SSxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL, NULL },
	{ "\xc3\x9fxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", BAD, 0, NULL, "title-invalid-too-long", "255", "\xc3\x9fxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
	{ "&amp;xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", OK_PAGE, 0, "&xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL, NULL },
	{ "wikipedia:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", BAD, 0, NULL, "title-invalid-too-long", "255", "wikipedia:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
	{ ":xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", OK_PAGE, 0, "Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL, NULL },
	{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\xc3\xa9", BAD, 0, NULL, "title-invalid-too-long", "255", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\xc3\xa9" },
	{ "Special:Foo", OK_PAGE, -1, "Special:Foo", NULL, NULL, NULL },
	{ "special:bar baz", OK_PAGE, -1, "Special:Bar baz", NULL, NULL, NULL },
	{ "Special:foo/bar", OK_PAGE, -1, "Special:Foo/bar", NULL, NULL, NULL },
	{ "SPECIAL:Nosuchpage", OK_PAGE, -1, "Special:Nosuchpage", NULL, NULL, NULL },
	{ "Media:Foo.jpg", OK_PAGE, -2, "Media:Foo.jpg", NULL, NULL, NULL },
	{ "media:foo.jpg", OK_PAGE, -2, "Media:Foo.jpg", NULL, NULL, NULL },
	{ "Special:#x", BAD, 0, NULL, "title-invalid-empty", "Special:#x", NULL },
	{ "Special:%41", BAD, 0, NULL, "title-invalid-characters", "%41", "Special:%41" },
	{ "Special:~~~", BAD, 0, NULL, "title-invalid-magic-tilde", "Special:~~~", NULL },
	{ "Special:..", BAD, 0, NULL, "title-invalid-relative", "Special:..", NULL },
	{ "\xef\xbf\xbd", BAD, 0, NULL, "title-invalid-utf8", "\xef\xbf\xbd", NULL },
	{ "a\xef\xbf\xbd" "b", BAD, 0, NULL, "title-invalid-utf8", "a\xef\xbf\xbd" "b", NULL },
	{ "Foo\x0a", BAD, 0, NULL, "title-invalid-characters", "\x0a", "Foo\x0a" },
	{ "User:Foo\x0a", OK_PAGE, 2, "User:Foo", NULL, NULL, NULL },
	{ "a\x0a" "b", BAD, 0, NULL, "title-invalid-characters", "\x0a", "a\x0a" "b" },
	{ "User:a\x0a" "b", BAD, 0, NULL, "title-invalid-characters", "\x0a", "User:a\x0a" "b" },
	{ "Talk:File:x\x0a", BAD, 0, NULL, "title-invalid-talk-namespace", "Talk:File:x\x0a", NULL },
	{ "\x0a" "Foo", BAD, 0, NULL, "title-invalid-characters", "\x0a", "&#10;Foo" },
	{ "Foo\x0d", BAD, 0, NULL, "title-invalid-characters", "\x0d", "Foo\x0d" },
	{ "a\x0d" "b", BAD, 0, NULL, "title-invalid-characters", "\x0d", "a\x0d" "b" },
	{ "foo bar#baz qux", OK_PAGE, 0, "Foo bar", NULL, NULL, NULL },
	{ "User talk:foo_bar/baz", OK_PAGE, 3, "User talk:Foo bar/baz", NULL, NULL, NULL },
	{ "Template:Foo/Bar", OK_PAGE, 10, "Template:Foo/Bar", NULL, NULL, NULL },
	{ "help:a/b/c", OK_PAGE, 12, "Help:A/b/c", NULL, NULL, NULL },
	{ "Category:\xc7\x84", OK_PAGE, 14, "Category:\xc7\x84", NULL, NULL, NULL },
	{ "MediaWiki:common.css", OK_PAGE, 8, "MediaWiki:Common.css", NULL, NULL, NULL },
	{ "mediawiki:Foo/en", OK_PAGE, 8, "MediaWiki:Foo/en", NULL, NULL, NULL },
	{ "Project:Sandbox", OK_PAGE, 4, "Oracle Wiki:Sandbox", NULL, NULL, NULL },
	{ "Oracle Wiki talk:abc", OK_PAGE, 5, "Oracle Wiki talk:Abc", NULL, NULL, NULL },
	{ "Oracle_Wiki:def", OK_PAGE, 4, "Oracle Wiki:Def", NULL, NULL, NULL },
	{ "oracle wiki:ghi", OK_PAGE, 4, "Oracle Wiki:Ghi", NULL, NULL, NULL },
	{ "ORACLE_WIKI:jkl", OK_PAGE, 4, "Oracle Wiki:Jkl", NULL, NULL, NULL },
	{ "File:foo.png", OK_PAGE, 6, "File:Foo.png", NULL, NULL, NULL },
	{ "file:foo.png", OK_PAGE, 6, "File:Foo.png", NULL, NULL, NULL },
	{ "Image:foo.png", OK_PAGE, 6, "File:Foo.png", NULL, NULL, NULL },
	{ "image talk:Bar", OK_PAGE, 7, "File talk:Bar", NULL, NULL, NULL },
	{ "Category talk:z", OK_PAGE, 15, "Category talk:Z", NULL, NULL, NULL },
	{ "Template talk:y", OK_PAGE, 11, "Template talk:Y", NULL, NULL, NULL },
	{ "Help talk:q", OK_PAGE, 13, "Help talk:Q", NULL, NULL, NULL },
	{ "MediaWiki talk:r", OK_PAGE, 9, "MediaWiki talk:R", NULL, NULL, NULL },
	{ "File talk:s", OK_PAGE, 7, "File talk:S", NULL, NULL, NULL },
	{ "User talk:t", OK_PAGE, 3, "User talk:T", NULL, NULL, NULL },
	{ "Talk:u", OK_PAGE, 1, "Talk:U", NULL, NULL, NULL },
	{ "Talk:0", OK_PAGE, 1, "Talk:0", NULL, NULL, NULL },
	{ "User:0", OK_PAGE, 2, "User:0", NULL, NULL, NULL },
	{ "Template:0", OK_PAGE, 10, "Template:0", NULL, NULL, NULL },
};

/* A printable name for a test: the input with control bytes escaped, cut short. */
static const char *case_name(struct arena *a, const char *prefix, const char *in)
{
	char buf[80];
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 5 < sizeof(buf); p++) {
		if (*p < 0x20 || *p == 0x7f)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "\\x%02x", *p);
		else
			buf[o++] = (char)*p;
	}
	buf[o] = '\0';
	return arena_printf(a, "%s \"%s\"%s", prefix, buf, strlen(in) > o ? "..." : "");
}

/* One oracle case: parse with default namespace 0 and compare everything it recorded. */
static void run_oracle_case(struct arena *a, const struct tcase *c)
{
	struct wiki_title t;
	const char *key = NULL;
	int rc = wiki_title_parse(a, c->in, WIKI_NS_MAIN, &t, &key);
	const char *name = case_name(a, "oracle", c->in);
	bool pass;
	switch (c->kind) {
	case OK_PAGE:
		pass = rc == RC_OK && t.ns == c->ns && streq(t.prefixed, c->title) && !t.is_external;
		break;
	case OK_IW:
		pass = rc == RC_OK && t.is_external && streq(t.interwiki, c->aux) && streq(t.prefixed, c->title);
		break;
	case OK_EMPTY:
		pass = rc == RC_OK && streq(t.prefixed, "");
		break;
	default:
		pass = rc == RC_INVALID && streq(key, c->aux) && streq(t.err_key, c->aux) &&
		       t.n_err_params == (c->p1 ? 2 : c->p0 ? 1 : 0) &&
		       (!c->p0 || streq(t.err_params[0], c->p0)) && (!c->p1 || streq(t.err_params[1], c->p1));
		break;
	}
	if (!OK(pass, name)) {
		printf("#   rc=%d ns=%d key=%s iw=%s\n", rc, t.ns, key ? key : "(none)", t.interwiki);
		harness_show_str("     got", rc == RC_OK ? t.prefixed : (t.n_err_params ? t.err_params[t.n_err_params - 1] : ""));
		if (rc != RC_OK && t.n_err_params > 1)
			harness_show_str("  param0", t.err_params[0]);
		harness_show_str("expected", c->kind == BAD ? (c->p1 ? c->p1 : c->p0) : c->title);
		if (c->kind == BAD)
			printf("#   expected key %s\n", c->aux);
	}
}

/* Parse `in` with `def` as default namespace; true when it succeeds. */
static bool parse(struct arena *a, const char *in, int def, struct wiki_title *t)
{
	return wiki_title_parse(a, in, def, t, NULL) == RC_OK;
}

static void test_fields(struct arena *a)
{
	struct wiki_title t;
	OK(parse(a, "user_talk:foo_bar/baz#Some_section here", 0, &t), "fields: parse");
	INT_EQ(t.ns, WIKI_NS_USER_TALK, "fields: ns");
	STR_EQ(t.dbkey, "Foo_bar/baz", "fields: dbkey");
	STR_EQ(t.text, "Foo bar/baz", "fields: text");
	STR_EQ(t.prefixed, "User talk:Foo bar/baz", "fields: prefixed");
	STR_EQ(t.prefixed_dbkey, "User_talk:Foo_bar/baz", "fields: prefixed_dbkey");
	STR_EQ(t.fragment, "Some section here", "fields: fragment");
	STR_EQ(t.interwiki, "", "fields: no interwiki");
	STR_EQ(t.user_case_dbkey, "foo_bar/baz", "fields: user_case_dbkey");
	OK(!t.is_external, "fields: not external");
	OK(wiki_title_is_subpage(&t), "fields: subpage in User talk");

	OK(parse(a, "Foo#", 0, &t), "fragment: empty after #");
	STR_EQ(t.fragment, "", "fragment: empty");
	OK(parse(a, "Foo  #  bar  baz  ", 0, &t), "fragment: spaces");
	STR_EQ(t.dbkey, "Foo", "fragment: dbkey trimmed before #");
	STR_EQ(t.fragment, " bar baz", "fragment: spaces collapsed, the one after # kept");
	OK(parse(a, "Foo#a#b", 0, &t), "fragment: second #");
	STR_EQ(t.fragment, "a#b", "fragment: keeps later #");
	OK(parse(a, "Foo#<x>|[y]", 0, &t), "fragment: illegal characters allowed in fragment");
	STR_EQ(t.fragment, "<x>|[y]", "fragment: kept verbatim");
	OK(parse(a, "#only", 0, &t), "fragment: self link");
	STR_EQ(t.dbkey, "", "fragment: self link has empty dbkey");
	INT_EQ(t.ns, 0, "fragment: self link in main");
	STR_EQ(t.fragment, "only", "fragment: self link fragment");
	OK(parse(a, "Foo#a&amp;b", 0, &t), "fragment: references decoded");
	STR_EQ(t.fragment, "a&b", "fragment: &amp; decoded");
	OK(parse(a, "wikipedia:Foo_bar#x_y", 0, &t), "fragment: interwiki");
	STR_EQ(t.fragment, "x y", "fragment: interwiki fragment");
	STR_EQ(t.dbkey, "Foo_bar", "fragment: interwiki dbkey");
	OK(!parse(a, "Template:#x", 0, &t), "fragment: namespace only is empty");
	STR_EQ(t.err_key, "title-invalid-empty", "fragment: namespace only key");

	OK(parse(a, "wikipedia:talk:foo", 0, &t), "iw: parse");
	OK(t.is_external, "iw: external");
	STR_EQ(t.interwiki, "wikipedia", "iw: prefix");
	STR_EQ(t.dbkey, "talk:foo", "iw: dbkey not capitalised, ns not split");
	STR_EQ(t.prefixed_dbkey, "wikipedia:talk:foo", "iw: prefixed dbkey");
	OK(!wiki_title_is_subpage(&t), "iw: never a subpage");
	OK(parse(a, "WikiPedia:", 0, &t), "iw: empty title");
	STR_EQ(t.prefixed, "wikipedia:", "iw: empty prefixed");
	STR_EQ(t.dbkey, "", "iw: empty dbkey");
	OK(parse(a, "Template:Foo/bar", 0, &t), "subpage: template");
	OK(wiki_title_is_subpage(&t), "subpage: Template has subpages");
	OK(parse(a, "Foo/bar", 0, &t), "subpage: main");
	OK(!wiki_title_is_subpage(&t), "subpage: main has none");
	OK(parse(a, "File:a/b.png", 0, &t), "subpage: file");
	OK(!wiki_title_is_subpage(&t), "subpage: File has none");
}

static void test_default_ns(struct arena *a)
{
	struct wiki_title t;
	OK(parse(a, "foo", WIKI_NS_TEMPLATE, &t), "default ns: plain");
	STR_EQ(t.prefixed, "Template:Foo", "default ns: template");
	OK(parse(a, ":foo", WIKI_NS_TEMPLATE, &t), "default ns: leading colon");
	INT_EQ(t.ns, WIKI_NS_MAIN, "default ns: colon selects main");
	STR_EQ(t.prefixed, "Foo", "default ns: colon prefixed");
	OK(parse(a, "Help:foo", WIKI_NS_TEMPLATE, &t), "default ns: explicit namespace");
	STR_EQ(t.prefixed, "Help:Foo", "default ns: explicit wins");
	OK(parse(a, "User:foo", WIKI_NS_CATEGORY, &t), "default ns: user");
	INT_EQ(t.ns, WIKI_NS_USER, "default ns: user id");
	OK(!parse(a, "#x", WIKI_NS_TEMPLATE, &t), "default ns: fragment alone outside main");
	STR_EQ(t.err_key, "title-invalid-empty", "default ns: fragment alone is empty");
	OK(parse(a, "wikipedia:Foo", WIKI_NS_TEMPLATE, &t), "default ns: interwiki");
	INT_EQ(t.ns, WIKI_NS_TEMPLATE, "default ns: interwiki keeps default");
	STR_EQ(t.prefixed, "wikipedia:Template:Foo", "default ns: interwiki prefixed has canonical ns");
	OK(parse(a, "wikipedia::Foo", WIKI_NS_TEMPLATE, &t), "default ns: interwiki colon");
	INT_EQ(t.ns, WIKI_NS_MAIN, "default ns: interwiki colon resets");
	OK(parse(a, "x", WIKI_NS_SPECIAL, &t), "default ns: special");
	STR_EQ(t.prefixed, "Special:X", "default ns: special prefixed");
	char *big = arena_alloc(a, 600);
	memset(big, 'y', 512);
	big[512] = '\0';
	OK(parse(a, big, WIKI_NS_SPECIAL, &t), "default ns: special allows 512 bytes");
	big[512] = 'y';
	big[513] = '\0';
	OK(!parse(a, big, WIKI_NS_SPECIAL, &t), "default ns: special 513 bytes");
	STR_EQ(t.err_key, "title-invalid-too-long", "default ns: special too long");
	INT_EQ(t.err_num, 512, "default ns: special limit");
	STR_EQ(t.err_params[0], "512", "default ns: limit parameter");
	OK(parse(a, "1.2.3.04", WIKI_NS_USER, &t), "default ns: user ip");
	STR_EQ(t.dbkey, "1.2.3.4", "default ns: user ip sanitized");
	OK(parse(a, "x", 100, &t), "default ns: unknown namespace");
	STR_EQ(t.prefixed, "Special:Badtitle/NS100:X", "default ns: unknown namespace prefix");
	OK(wiki_title_parse(a, NULL, 0, &t, NULL) == RC_INVALID, "NULL text");
	STR_EQ(t.err_key, "title-invalid-empty", "NULL text is empty");
	INT_EQ(t.n_err_params, 0, "NULL text has no parameter");
	const char *key = "unset";
	OK(wiki_title_parse(a, "ok", 0, &t, &key) == RC_OK && key == NULL, "err_key NULL on success");
	OK(wiki_title_parse(a, "\xff", 0, &t, &key) == RC_INVALID, "invalid UTF-8");
	STR_EQ(key, "title-invalid-utf8", "invalid UTF-8 key");
	OK(wiki_title_parse(a, "a\xc3(", 0, &t, &key) == RC_INVALID, "truncated UTF-8");
	OK(wiki_title_parse(a, "a\xed\xa0\x80", 0, &t, &key) == RC_INVALID, "surrogate in UTF-8");
	OK(wiki_title_parse(a, "a\x01&amp;", 0, &t, &key) == RC_INVALID, "control with a reference");
	STR_EQ(key, "title-invalid-utf8", "control cleaned to U+FFFD when references are decoded");
	OK(wiki_title_parse(a, "a\x01", 0, &t, &key) == RC_INVALID, "raw control");
	STR_EQ(key, "title-invalid-characters", "raw control is an illegal character");
	OK(parse(a, "e\xcc\x81&amp;", 0, &t), "NFC after references");
	STR_EQ(t.dbkey, "\xc3\x89&", "NFC composes e + acute");
}

static void test_make_and_cmp(struct arena *a)
{
	struct wiki_title x, y;
	wiki_title_make(a, WIKI_NS_PROJECT_TALK, "Some_page", &x);
	STR_EQ(x.prefixed, "Oracle Wiki talk:Some page", "make: prefixed");
	STR_EQ(x.prefixed_dbkey, "Oracle_Wiki_talk:Some_page", "make: prefixed dbkey");
	STR_EQ(x.text, "Some page", "make: text");
	wiki_title_make(a, WIKI_NS_MAIN, "Main_Page", &y);
	STR_EQ(y.prefixed, "Main Page", "make: main");
	OK(wiki_title_key_cmp(&y, &x) < 0, "cmp: namespace first");
	OK(wiki_title_key_cmp(&x, &y) > 0, "cmp: reverse");
	wiki_title_make(a, WIKI_NS_MAIN, "Main_Page", &x);
	INT_EQ(wiki_title_key_cmp(&x, &y), 0, "cmp: equal");
	wiki_title_make(a, WIKI_NS_MAIN, "Main_page", &x);
	OK(wiki_title_key_cmp(&y, &x) < 0, "cmp: bytewise (P before p)");
	wiki_title_make(a, WIKI_NS_MAIN, "\xc3\x89", &x);
	OK(wiki_title_key_cmp(&y, &x) < 0, "cmp: UTF-8 after ASCII");
	wiki_title_make(a, WIKI_NS_MAIN, NULL, &x);
	STR_EQ(x.prefixed, "", "make: NULL dbkey");
}

static void test_urls(struct arena *a)
{
	struct wiki_title t;
	char *old_server = config.server, *old_path = config.articlepath;
	config.server = "http://example.org";
	config.articlepath = "/wiki/$1";
	parse(a, "Foo bar", 0, &t);
	STR_EQ(wiki_title_url(a, &t), "http://example.org/wiki/Foo_bar", "url: simple");
	STR_EQ(wiki_title_local_url(a, &t), "/wiki/Foo_bar", "url: local part");
	parse(a, "User talk:A&b?c=d;e@f$g!h*i(j)k,l/m~n:o+p'q\"r%s", 0, &t);
	STR_EQ(wiki_title_url(a, &t),
	       "http://example.org/wiki/User_talk:A%26b%3Fc%3Dd;e@f$g!h*i(j)k,l/m~n:o%2Bp%27q%22r%25s",
	       "url: wfUrlencode keeps ;@$!*(),/~:");
	parse(a, "\xc3\xa9t\xc3\xa9", 0, &t);
	STR_EQ(wiki_title_url(a, &t), "http://example.org/wiki/%C3%89t%C3%A9", "url: UTF-8 bytes");
	parse(a, "Foo#a b \xc3\xbc.c:d%\"x", 0, &t);
	STR_EQ(wiki_title_url(a, &t), "http://example.org/wiki/Foo#a_b_.C3.BC.c:d.25.22x",
	       "url: legacy fragment encoding");
	config.articlepath = "/w/index.php?title=$1";
	parse(a, "Talk:A", 0, &t);
	STR_EQ(wiki_title_url(a, &t), "http://example.org/w/index.php?title=Talk:A", "url: index.php path");
	parse(a, "wikipedia:Foo bar#a b \xc3\xbc.c:d%", 0, &t);
	STR_EQ(wiki_title_url(a, &t), "https://en.wikipedia.org/wiki/Foo_bar#a_b_.C3.BC.c:d.25",
	       "url: interwiki with fragment");
	parse(a, "wikt:Talk:x y;@$!*(),/~:&+=?\xc3\xa9", 0, &t);
	STR_EQ(wiki_title_url(a, &t), "https://en.wiktionary.org/wiki/Talk:x_y;@$!*(),/~:%26%2B%3D%3F%C3%A9",
	       "url: interwiki encoding (oracle iwurl)");
	parse(a, "google:a\"b'c", 0, &t);
	STR_EQ(wiki_title_url(a, &t), "https://www.google.com/search?q=a%22b%27c", "url: interwiki query URL");
	parse(a, "foo", WIKI_NS_HELP, &t);
	STR_EQ(wiki_title_url(a, &t), "http://example.org/w/index.php?title=Help:Foo", "url: default namespace");
	STR_EQ(wiki_urlencode(a, "a b+c"), "a+b%2Bc", "urlencode: space is +");
	STR_EQ(wiki_urlencode(a, "-_.~"), "-_.~", "urlencode: unreserved");
	config.server = old_server;
	config.articlepath = old_path;
}

static void test_namespaces(struct arena *a)
{
	size_t n;
	const struct wiki_ns *all = wiki_ns_all(&n);
	INT_EQ(n, 18, "ns: 18 namespaces");
	INT_EQ(all[0].id, -2, "ns: first is Media");
	INT_EQ(all[n - 1].id, 15, "ns: last is Category talk");
	for (size_t i = 1; i < n; i++)
		if (!OK(all[i].id == all[i - 1].id + 1, "ns: ids ascend without gaps"))
			break;
	/* Subpage flags as the oracle's siteinfo shows them. */
	static const int with_subpages[] = { 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 15 };
	int n_sub = 0;
	for (size_t i = 0; i < n; i++)
		n_sub += all[i].has_subpages;
	INT_EQ(n_sub, (int)ARRAY_SIZE(with_subpages), "ns: count with subpages");
	for (size_t i = 0; i < ARRAY_SIZE(with_subpages); i++)
		OK(wiki_ns_get(with_subpages[i])->has_subpages,
		   arena_printf(a, "ns: %d has subpages", with_subpages[i]));
	OK(wiki_ns_get(0)->is_content, "ns: main is content");
	OK(!wiki_ns_get(1)->is_content, "ns: talk is not content");
	STR_EQ(wiki_ns_get(0)->canonical, "", "ns: main canonical");
	STR_EQ(wiki_ns_get(0)->name, "", "ns: main name");
	STR_EQ(wiki_ns_get(4)->canonical, "Project", "ns: project canonical");
	STR_EQ(wiki_ns_get(4)->name, "Oracle Wiki", "ns: project name from sitename");
	STR_EQ(wiki_ns_get(5)->name, "Oracle Wiki talk", "ns: project talk name");
	STR_EQ(wiki_ns_get(8)->protection, "editinterface", "ns: MediaWiki protection");
	OK(wiki_ns_get(10)->protection == NULL, "ns: Template unprotected");
	STR_EQ(wiki_ns_get(-1)->name, "Special", "ns: special");
	STR_EQ(wiki_ns_get(7)->canonical, "File talk", "ns: file talk");
	OK(wiki_ns_get(16) == NULL, "ns: 16 unknown");
	OK(wiki_ns_get(-3) == NULL, "ns: -3 unknown");
	OK(!wiki_ns_valid(100), "ns: 100 invalid");
	OK(wiki_ns_valid(15), "ns: 15 valid");
	for (size_t i = 0; i < n; i++)
		OK(all[i].is_capitalized && !all[i].is_nonincludable && !all[i].default_model,
		   arena_printf(a, "ns: %d first-letter, includable, default model", all[i].id));

	size_t n_al;
	const struct wiki_ns_alias *al = wiki_ns_aliases(&n_al);
	INT_EQ(n_al, 2, "ns: two aliases");
	STR_EQ(al[0].alias, "Image", "ns: alias Image");
	INT_EQ(al[0].id, 6, "ns: Image is File");
	STR_EQ(al[1].alias, "Image talk", "ns: alias Image talk");
	INT_EQ(al[1].id, 7, "ns: Image talk is File talk");

	static const struct {
		const char *name;
		int id;
	} names[] = {
		{ "", 0 }, { "Talk", 1 }, { "talk", 1 }, { "TALK", 1 }, { "User_talk", 3 }, { "user talk", 3 },
		{ "USER TALK", 3 }, { "Project", 4 }, { "project_talk", 5 }, { "Oracle Wiki", 4 },
		{ "oracle_wiki", 4 }, { "ORACLE WIKI TALK", 5 }, { "Image", 6 }, { "image_talk", 7 },
		{ "File", 6 }, { "Media", -2 }, { "special", -1 }, { "MediaWiki", 8 }, { "mediawiki_talk", 9 },
		{ "Template", 10 }, { "template talk", 11 }, { "Help", 12 }, { "Help talk", 13 },
		{ "Category", 14 }, { "category_talk", 15 }, { "Main", WIKI_NS_NONE }, { "Article", WIKI_NS_NONE },
		{ "User  talk", WIKI_NS_NONE }, { "Usertalk", WIKI_NS_NONE }, { " User", WIKI_NS_NONE },
		{ "\xc4\xb0mage", WIKI_NS_NONE }, { "\xff", WIKI_NS_NONE },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		INT_EQ(wiki_ns_from_name(names[i].name, strlen(names[i].name)), names[i].id,
		       arena_printf(a, "ns name \"%s\"", names[i].name));
	INT_EQ(wiki_ns_from_name("Usery", 4), 2, "ns name: length bounds the name");

	INT_EQ(wiki_ns_talk(0), 1, "talk of main");
	INT_EQ(wiki_ns_talk(1), 1, "talk of talk");
	INT_EQ(wiki_ns_talk(14), 15, "talk of category");
	INT_EQ(wiki_ns_talk(-1), WIKI_NS_NONE, "talk of special");
	INT_EQ(wiki_ns_talk(-2), WIKI_NS_NONE, "talk of media");
	INT_EQ(wiki_ns_talk(16), WIKI_NS_NONE, "talk of unknown");
	INT_EQ(wiki_ns_subject(1), 0, "subject of talk");
	INT_EQ(wiki_ns_subject(0), 0, "subject of main");
	INT_EQ(wiki_ns_subject(15), 14, "subject of category talk");
	INT_EQ(wiki_ns_subject(-1), -1, "subject of special");
	OK(wiki_ns_is_talk(3) && !wiki_ns_is_talk(2) && !wiki_ns_is_talk(-1) && !wiki_ns_is_talk(0), "is_talk");
	STR_EQ(wiki_ns_text(2), "User", "ns text user");
	STR_EQ(wiki_ns_text(0), "", "ns text main");
	OK(wiki_ns_text(99) == NULL, "ns text unknown");

	/* Another site name renames the project namespaces. */
	char *old = config.sitename;
	config.sitename = "My_Wiki";
	wiki_ns_init();
	STR_EQ(wiki_ns_get(4)->name, "My Wiki", "sitename: underscores become spaces");
	STR_EQ(wiki_ns_get(5)->name, "My Wiki talk", "sitename: talk");
	INT_EQ(wiki_ns_from_name("my_wiki", 7), 4, "sitename: lookup");
	INT_EQ(wiki_ns_from_name("Oracle Wiki", 11), WIKI_NS_NONE, "sitename: old name gone");
	INT_EQ(wiki_ns_from_name("Project", 7), 4, "sitename: Project still works");
	struct wiki_title t;
	OK(parse(a, "project talk:x", 0, &t), "sitename: parse");
	STR_EQ(t.prefixed, "My Wiki talk:X", "sitename: prefixed");
	config.sitename = "\xc3\x9c\xc3\x9f" "er Wiki";
	wiki_ns_init();
	INT_EQ(wiki_ns_from_name("\xc3\xbc\xc3\x9f" "er_wiki", 11), 4, "sitename: non-ASCII lower case");
	config.sitename = old;
	wiki_ns_init();
}

static void test_interwiki(struct arena *a)
{
	size_t n;
	const struct wiki_interwiki *all = wiki_interwiki_all(&n);
	INT_EQ(n, 66, "iw: 66 prefixes");
	for (size_t i = 1; i < n; i++)
		if (!OK(strcmp(all[i - 1].prefix, all[i].prefix) < 0, "iw: sorted"))
			break;
	for (size_t i = 0; i < n; i++) {
		if (!OK(strstr(all[i].url, "$1") != NULL, "iw: every URL has $1"))
			break;
	}
	const struct wiki_interwiki *w = wiki_interwiki_find("WikiPedia", 9);
	OK(w != NULL, "iw: find is case-insensitive");
	STR_EQ(w ? w->url : NULL, "https://en.wikipedia.org/wiki/$1", "iw: wikipedia url");
	STR_EQ(w ? w->api : NULL, "https://en.wikipedia.org/w/api.php", "iw: wikipedia api");
	OK(w && !w->is_local && !w->is_trans && !w->language, "iw: flags off");
	OK(wiki_interwiki_find("acronym", 7) != NULL, "iw: first");
	OK(wiki_interwiki_find("wiktionary", 10) != NULL, "iw: last");
	OK(wiki_interwiki_find("wiktionaryx", 10) != NULL, "iw: length bounds the prefix");
	OK(wiki_interwiki_find("nosuch", 6) == NULL, "iw: unknown");
	OK(wiki_interwiki_find("", 0) == NULL, "iw: empty");
	OK(wiki_interwiki_find("gentoo-wiki", 11) != NULL, "iw: hyphen");
	OK(wiki_interwiki_find("gentoo_wiki", 11) == NULL, "iw: underscore is not hyphen");
	OK(wiki_interwiki_find("\xe2\x84\xaamwiki", 8) != NULL, "iw: Kelvin sign folds to k");
	const struct wiki_interwiki *g = wiki_interwiki_find("google", 6);
	OK(g && g->api == NULL, "iw: google has no api");
	(void)a;
}

/* #REDIRECT and the content language's synonyms of it (Messages*.php), in any case. */
static void test_redirect_words(struct arena *a)
{
	char *old = config.lang;
	STR_EQ(wiki_redirect_target(a, " #redirect [[Target]]"), "Target", "redirect: English, any case");
	OK(!wiki_redirect_target(a, "#WEITERLEITUNG [[Ziel]]"), "redirect: German word in an English wiki");
	config.lang = "de";
	STR_EQ(wiki_redirect_target(a, "#WEITERLEITUNG [[Ziel]]"), "Ziel", "redirect: German word in a German wiki");
	STR_EQ(wiki_redirect_target(a, "#weiterleitung:[[Ziel|x]]"), "Ziel", "redirect: German word, lower case");
	STR_EQ(wiki_redirect_target(a, "#REDIRECT [[Ziel]]"), "Ziel", "redirect: English word in a German wiki");
	config.lang = "ru";
	STR_EQ(wiki_redirect_target(a, "#\xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5\xd0\xbd\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5 [[X]]"),
	       "X", "redirect: Russian word in lower case");
	STR_EQ(wiki_redirect_target(a, "#\xd0\x9f\xd0\x95\xd0\xa0\xd0\x95\xd0\x9d\xd0\x90\xd0\x9f\xd0\xa0 [[Y]]"), "Y",
	       "redirect: Russian short word in upper case");
	config.lang = old;
}

/* A German wiki: the local names and aliases of Messages*.php, the English names still known. */
static void test_localized_namespaces(void)
{
	char *old = config.lang;
	config.lang = "de";
	wiki_ns_init();
	INT_EQ(wiki_ns_from_name("Datei", 5), WIKI_NS_FILE, "de: local name");
	INT_EQ(wiki_ns_from_name("datei_diskussion", 16), WIKI_NS_FILE_TALK, "de: local talk name, any case");
	INT_EQ(wiki_ns_from_name("Bild", 4), WIKI_NS_FILE, "de: alias");
	INT_EQ(wiki_ns_from_name("File", 4), WIKI_NS_FILE, "de: canonical name");
	INT_EQ(wiki_ns_from_name("Image", 5), WIKI_NS_FILE, "de: English alias");
	STR_EQ(wiki_ns_text(WIKI_NS_TEMPLATE), "Vorlage", "de: text of Template");
	STR_EQ(wiki_ns_get(WIKI_NS_TEMPLATE)->canonical, "Template", "de: canonical stays English");
	size_t n;
	const struct wiki_ns_alias *al = wiki_ns_aliases(&n);
	bool bild = false;
	for (size_t i = 0; i < n; i++)
		bild |= strcmp(al[i].alias, "Bild") == 0 && al[i].id == WIKI_NS_FILE;
	OK(bild, "de: siteinfo aliases list Bild");
	size_t cl = 0;
	const char *sp = wiki_special_canonical("Upload", 6, &cl);
	OK(sp && cl == 9 && memcmp(sp, "Hochladen", 9) == 0, "de: Special:Upload's local name");
	sp = wiki_special_canonical("letzte_\xc3\x84nderungen", 18, &cl);
	OK(sp && cl == 18 && memcmp(sp, "Letzte_\xc3\x84nderungen", 18) == 0, "de: a German name in another case");
	OK(!wiki_special_canonical("Gibtsnicht", 10, &cl), "de: no such special page");
	config.lang = "gsw";
	sp = wiki_special_canonical("Upload", 6, &cl);
	OK(sp && cl == 8 && memcmp(sp, "Uffelade", 8) == 0, "gsw: its own name");
	sp = wiki_special_canonical("Alle_Seiten", 11, &cl);
	OK(sp && cl == 9 && memcmp(sp, "Alli_Syte", 9) == 0, "gsw: a German name through the fallback, the local name its own");
	config.lang = old;
	sp = wiki_special_canonical("Hochladen", 9, &cl);
	OK(!sp, "en: German names are no special pages");
	wiki_ns_init();
	INT_EQ(wiki_ns_from_name("Datei", 5), WIKI_NS_NONE, "en again: no German names");
	STR_EQ(wiki_ns_text(WIKI_NS_TEMPLATE), "Template", "en again: Template");
}

static void test_helpers(struct arena *a)
{
	static const struct {
		const char *in, *out;
	} ips[] = {
		{ "1.2.3.4", "1.2.3.4" }, { "01.002.000.4", "1.2.0.4" }, { "000.000.000.000", "0.0.0.0" },
		{ "::", "0:0:0:0:0:0:0:0" }, { "::1", "0:0:0:0:0:0:0:1" }, { "1::", "1:0:0:0:0:0:0:0" },
		{ "fe80::1", "FE80:0:0:0:0:0:0:1" }, { "fe80::0001:0:0:0:1", "FE80:0:0:1:0:0:0:1" },
		{ "a:b::/64", "A:B:0:0:0:0:0:0/64" }, { "0000:0000:0000:0000:0000:0000:0000:0001", "0:0:0:0:0:0:0:1" },
		{ "1.2.3.0/24", "1.2.3.0/24" }, { "Foo", "Foo" }, { "1.2.3.4/33", "1.2.3.4/33" },
		{ "256.1.1.1", "256.1.1.1" }, { "1::2::3", "1::2::3" }, { "::ffff:1.2.3.4", "::ffff:1.2.3.4" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(ips); i++)
		STR_EQ(wiki_ip_sanitize(a, ips[i].in), ips[i].out, arena_printf(a, "ip sanitize %s", ips[i].in));
	OK(wiki_ip_is_address("1.2.3.4") && wiki_ip_is_address("::1") && wiki_ip_is_address("1.2.3.4/32") &&
	   wiki_ip_is_address("::/0") && wiki_ip_is_address("1:2:3:4:5:6:7:8/128"),
	   "ip: addresses");
	OK(!wiki_ip_is_address("1.2.3") && !wiki_ip_is_address("1.2.3.4/33") && !wiki_ip_is_address("::1/01") &&
	   !wiki_ip_is_address("1:2:3:4:5:6:7:8:9") && !wiki_ip_is_address("12345::") &&
	   !wiki_ip_is_address("") && !wiki_ip_is_address("1.2.3.4/"),
	   "ip: non-addresses");

	size_t refs = 99;
	const char *mixed = "a&amp;b&lt;&#65;&#x42;&#X43;&bogus;&&amp";
	STR_EQ(charref_decode(a, mixed, strlen(mixed), &refs),
	       "a&b<ABC&bogus;&&amp", "charref: mixed");
	INT_EQ(refs, 8, "charref: every & counts");
	STR_EQ(charref_decode(a, "plain", 5, &refs), "plain", "charref: none");
	INT_EQ(refs, 0, "charref: no &");
	STR_EQ(charref_decode(a, "&#0;&#xD800;&#x110000;&#99999999999999999999;", 45, NULL),
	       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "charref: invalid code points");
	STR_EQ(charref_decode(a, "&nGt;&nLt;", 10, NULL), "\xe2\x89\xab\xe2\x83\x92\xe2\x89\xaa\xe2\x83\x92",
	       "charref: growing references");
	STR_EQ(charref_decode(a, "&#9;&#10;&#13;", 14, NULL), "\t\n\xef\xbf\xbd", "charref: tab, LF, CR");
	STR_EQ(charref_named("amp", 3), "&", "charref named: amp");
	STR_EQ(charref_named("AMP", 3), "&", "charref named: AMP");
	OK(charref_named("Amp", 3) == NULL, "charref named: case-sensitive");
	STR_EQ(charref_named("CounterClockwiseContourIntegral", 31), "\xe2\x88\xb3", "charref named: longest");
	STR_EQ(charref_named("\xd7\xa8\xd7\x9c\xd7\x9e", 6), "\xe2\x80\x8f", "charref named: Hebrew rlm");
	OK(charref_named("ampx", 3) != NULL, "charref named: length bounds the name");
	/* A name that is a prefix of others sorts before them ("emsp" < "emsp13"). */
	STR_EQ(charref_named("emsp", 4), "\xe2\x80\x83", "charref named: emsp");
	STR_EQ(charref_named("emsp13", 6), "\xe2\x80\x84", "charref named: emsp13");
	STR_EQ(charref_named("sup", 3), "\xe2\x8a\x83", "charref named: sup");
	STR_EQ(charref_named("sup3", 4), "\xc2\xb3", "charref named: sup3");
	{
		/* the tokenizer's reading: numbers and legacy names need no ';' */
		static const struct {
			const char *in, *out;
		} h5[] = {
			{ "&#65x", "Ax" },     { "&#x41;", "A" },          { "&#0;", "\xef\xbf\xbd" },
			{ "&#x80;", "\xe2\x82\xac" }, { "&#00000067", "C" }, { "&#99999999;", "\xef\xbf\xbd" },
			{ "&#x;", "&#x;" },    { "&copy 1", "\xc2\xa9 1" }, { "&notit;", "\xc2\xacit;" },
			{ "&notin;", "\xe2\x88\x89" }, { "&bogus;", "&bogus;" }, { "&", "&" },
		};
		for (size_t i = 0; i < ARRAY_SIZE(h5); i++) {
			struct sbuf sb;
			sbuf_init(&sb, 64);
			charref_decode_html5(&sb, h5[i].in, strlen(h5[i].in));
			STR_EQ(sbuf_cstr(&sb), h5[i].out, h5[i].in);
			sbuf_release(&sb);
		}
		OK(charref_html5_legacy_at("&copy 1", 7), "legacy at: &copy");
		OK(!charref_html5_legacy_at("&copy;", 6), "legacy at: &copy;");
		OK(!charref_html5_legacy_at("&centerdot;", 11), "legacy at: &centerdot;");
		OK(charref_html5_legacy_at("&centerdot", 10), "legacy at: &centerdot");
		OK(!charref_html5_legacy_at("&#65", 4), "legacy at: number");
	}
}

int main(void)
{
	config_defaults();
	xfree(config.sitename);
	config.sitename = xstrdup("Oracle Wiki");
	wiki_ns_init();
	struct arena *a = arena_new();
	for (size_t i = 0; i < ARRAY_SIZE(oracle_cases); i++)
		run_oracle_case(a, &oracle_cases[i]);
	test_fields(a);
	test_default_ns(a);
	test_make_and_cmp(a);
	test_urls(a);
	test_namespaces(a);
	test_interwiki(a);
	test_helpers(a);
	test_redirect_words(a);
	test_localized_namespaces();
	arena_free(a);
	return harness_done();
}
