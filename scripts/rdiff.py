#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# rdiff.py — random differential rendering: generate random wikitext from a
# small grammar of constructs (quotes, lists, tables with attributes and
# cells written by parser functions, links with trails and pipe tricks,
# templates with parameters, refs (also inside templates), headings,
# HTML tags with attributes the sanitizer must clean, entities, nowiki,
# comments, parser functions, magic links, behaviour switches, images,
# galleries, external links, and what real articles hold that the oracle
# has no extension for: #invoke, templatestyles, math, syntaxhighlight,
# timeline, mapframe, section, #property, #coordinates; one text in four
# page-sized), render each
# text with action=parse
# on MediaWiki (the oracle) and on wikid, and print every text whose HTML
# differs, shrunk to a small input that still differs (lines, then runs of
# bytes, removed while the difference stays).
#
#   scripts/rdiff.py setup ORACLE_API WIKID_API ORACLE_PASS WIKID_PASS
#       create the templates the grammar calls (Template:Rdt1..8) on both,
#       as Admin with the given passwords
#   scripts/rdiff.py run ORACLE_API WIKID_API START COUNT [--no-shrink]
#       compare the texts of seeds START .. START+COUNT-1
#
# Run wikid with the oracle's site name and server (wikid.ini [site]
# sitename, server) so {{SITENAME}} and full URLs agree. Texts differ in
# wording only where messages are our own: Cite's error sentences, those
# of parser functions (<strong class="error">) and warnings such as
# DEFAULTSORT's (<span class="error"><strong>) are replaced by a
# placeholder before comparing (not where an error's text became a
# heading id or a link caption). Links go to
# titles starting "Zq" that exist on neither wiki.
import http.cookiejar
import json
import random
import re
import sys
import urllib.parse
import urllib.request


def post(url, data):
    body = urllib.parse.urlencode(data).encode()
    with urllib.request.urlopen(urllib.request.Request(url, body), timeout=60) as r:
        return json.loads(r.read())


def render(url, text):
    """The HTML of `text` parsed as page "Rdiff page" (no limit report)."""
    j = post(url, {"action": "parse", "format": "json", "formatversion": "2", "text": text,
                   "title": "Rdiff page", "prop": "text", "disablelimitreport": "1", "contentmodel": "wikitext"})
    if "error" in j:
        return "ERROR " + json.dumps(j["error"])
    return j["parse"]["text"]


# The words texts are made of ("Zqlink" and "Zq..." titles exist on neither wiki).
WORDS = ["foo", "bar", "baz", "qux", "x", "y z", "Zqlink", "a&amp;b", "é", "1", "0", "-"]



def word(r):
    return r.choice(WORDS)

# Depth of contexts where a <ref> would put a Cite error into a link text, heading or id.
NOREF = [0]


def inline(r, d=0):
    n = r.randint(1, 4)
    out = []
    for _ in range(n):
        k = r.randint(0, 40 if d < 3 else 4)
        if k <= 4: out.append(word(r) + r.choice([" ", "", " "]))
        elif k == 5: out.append(r.choice(["''", "'''", "'''''", "'"]))
        elif k == 6: NOREF[0] += 1; out.append("[[Zq" + word(r) + r.choice(["", "|" + inline(r, d+1)]) + "]]" + r.choice(["", "s", "ing"])); NOREF[0] -= 1
        elif k == 7: NOREF[0] += 1; out.append("[http://example.com/" + word(r).replace(" ", "") + r.choice(["", " " + inline(r, d+1)]) + "]"); NOREF[0] -= 1
        elif k == 8: out.append("{{Rdt" + str(r.randint(1, 4)) + "".join("|" + r.choice(["", "a=", "1=", "b="]) + inline(r, d+1) for _ in range(r.randint(0, 3))) + "}}")
        elif k == 9 and not NOREF[0]: out.append("<ref" + r.choice(["", ' name="n1"', ' name=n2', ' group="g"']) + r.choice([">" + inline(r, d+1) + "</ref>", "/>"]))
        elif k == 10: t = r.choice(["b", "i", "span", "small", "s", "code", "sup", "u", "big", "div", "font"]); out.append("<%s%s>%s</%s>" % (t, r.choice(["", ' style="color:red"', ' class="c"', ' id="x y"']), inline(r, d+1), t))
        elif k == 11: out.append("<nowiki>" + r.choice(["''x''", "[[a]]", "{{b}}", "<b>", "&amp;"]) + "</nowiki>")
        elif k == 12: out.append("<!--" + word(r) + "-->")
        elif k == 13: out.append("{{{" + r.choice(["1", "a"]) + r.choice(["", "|def"]) + "}}}")
        elif k == 14: out.append("{{#if:" + r.choice(["", "x", " "]) + "|" + inline(r, d+1) + "|" + inline(r, d+1) + "}}")
        elif k == 15: out.append(r.choice(["<br>", "<br/>", "</br>", "&nbsp;", "&#x41;", "&bogus;", " : ", " ! ", "!!", "||", "|", "~", "__", "<", ">", "&"]))
        elif k == 16: out.append("http://example.org/" + word(r).replace(" ", "_") + r.choice(["", ".", ",", ")"]))
        elif k == 17: out.append("[[Category:Zc" + word(r) + "]]")
        elif k == 18: out.append(r.choice(["ISBN 978-0-306-40615-7", "RFC 1234", "PMID 42", "[[:Category:X]]", "[[/sub]]", "[[#frag]]", "[[Zq|]]"]))
        elif k == 19: NOREF[0] += 1; out.append("[[File:Zqf.jpg" + r.choice(["", "|thumb", "|left", "|100px", "|frame"]) + r.choice(["", "|" + inline(r, d+1)]) + "]]"); NOREF[0] -= 1
        elif k == 20: out.append("<" + r.choice(["b", "i", "span", "div", "p", "table", "td", "tr", "li", "ul"]) + ">")
        elif k == 21: out.append("</" + r.choice(["b", "i", "span", "div", "p", "table", "td", "tr", "li", "ul"]) + ">")
        elif k == 22: out.append("-{" + word(r) + "}-")
        elif k == 24: out.append(r.choice(["<span title='a\"b'>x</span>", "<div style=\"color:red;background:url(x)\">y</div>", "<b class=a class=b>z</b>", "<abbr title=t>A</abbr>", "<ins>i</ins>", "<del>d</del>", "<s>s</s>", "<q>q</q>", "<kbd>k</kbd>", "<mark>m</mark>", "<font color=red>f</font>", "<span id=\"a b\">c</span>", "<td>x", "<li>y", "<tt>t</tt>", "<strike>s</strike>", "<center>c</center>", "<wbr>", "<hr>", "<bdi>b</bdi>", "<data value=1>d</data>", "<time>t</time>", "<ruby>r<rt>t</rt></ruby>", "<span dir=rtl>r</span>", "<p style=\"x\">p</p>", "<h3>h</h3>"]))
        elif k == 25: out.append(r.choice(["{{#switch:" + word(r) + "|foo=F|bar|baz=B|#default=D}}", "{{#expr:" + r.choice(["1/0", "2^10", "round 3.14159 2", "1e20", "-0", "5 mod 3", "(1"]) + "}}", "{{#ifexpr:1>0|y|n}}", "{{#ifeq:a|A|s|d}}", "{{#iferror:{{#expr:x}}|e|ok}}", "{{padleft:7|3|0}}", "{{formatnum:1234567.891}}", "{{#titleparts:a/b/c|1|2}}", "{{#rel2abs:../x|A/B}}", "{{lcfirst:ABC}}", "{{ucfirst:é}}", "{{anchorencode:a b#c}}", "{{#tag:span|x|class=c}}", "{{plural:2|one|many}}", "{{#language:de}}", "{{int:toc}}", "{{CURRENTYEAR}}", "{{NAMESPACE}}", "{{TALKPAGENAME}}", "{{localurl:Foo|a=b}}", "{{fullurl:Foo bar}}", "{{urlencode:a&b c|PATH}}"]))
        elif k == 26: out.append(r.choice(["[[Zqa|b]]c", "[[Zq a#b|c]]", "[[zqlower]]", "[[Zq_under_score]]", "[[ Zqsp ]]", "[[Zq|]]", "[[:Zqcolon]]", "[[Help:Zqh]]", "[[User:Zqu/sub]]", "[[Talk:Zqt|t]]", "[[Special:RecentChanges]]", "[[Media:Zqm.ogg]]", "[[meatball:Foo]]", "[[wikipedia:Foo]]", "[[Zq<b>x</b>]]", "[[Zq|a|b]]", "[[Zq]]'s", "[[Zq]]é", "[[Zq|[[inner]]]]", "[[Zq{{!}}p]]", "[[#top|t]]", "[[../up]]"]))
        elif k == 27: out.append(r.choice(["[http://a.b/c?d=e&f=g x]", "[https://x.y]", "[//proto.rel z]", "[mailto:a@b.c mail]", "[http://a.b <b>bold</b>]", "[http://a.b/ [nested]]", "http://a.b/c(d)", "https://x.y/z?a=1;b=2.", "[news:comp.x n]", "[ftp://f.g h]", "[http://a.b\nq]", "[http://a.b ''it'']", "[http://é.fr u]", "irc://i.j/k", "[http://a.b|pipe]"]))
        elif k == 29: out.append(r.choice(ENTITIES))
        elif k == 30: t = r.choice(ATTR_TAGS); out.append("<%s %s>%s</%s>" % (t, " ".join(r.choice(ATTRS) for _ in range(r.randint(1, 3))), inline(r, d+1), t))
        elif k == 31: out.append(r.choice(LINK_TRICKS) + r.choice(["", "", "s", "'s", "ing.", "é"]))
        elif k == 32: out.append(r.choice(MAGIC_LINKS))
        elif k == 33: out.append(r.choice(SWITCHES))
        elif k == 34 and not NOREF[0]: out.append("{{Rdt5" + r.choice(["", "|" + inline(r, d+1)]) + "}}")
        elif k == 35 and not NOREF[0]: out.append("{{Rdt6|" + inline(r, d+1) + r.choice(["", "|n=n1", "|n=n3", "|g=g", "|n=n2|g=g"]) + "}}")
        elif k == 36: out.append("{{Rdt7|" + r.choice(["", "x", "y"]) + "|" + inline(r, d+1) + "}}")
        elif k == 37: out.append(r.choice(PFUNCS))
        elif k == 38: out.append("{{Rdt8|" + r.choice(["", "a", "b", "{{!}}"]) + "|" + inline(r, d+1) + "}}")
        elif k == 39: out.append(r.choice(FOREIGN))
        elif k == 40: out.append(r.choice(FOREIGN_WRAP).replace("@", inline(r, d+1)))
        elif k == 23: out.append("{{" + r.choice(["PAGENAME", "lc:AB", "uc:ab", "#expr:1+2", "ns:4", "urlencode:a b", "!", "=", "FULLPAGENAME"]) + "}}")
        else: out.append(word(r))
    return "".join(out)

def cell_text(r, d):
    """A table cell's content: inline text, a list, a parser function that writes cells, or a nested table."""
    k = r.randint(0, 9)
    if k == 0: return "\n" + "\n".join(r.choice(["*", "#", ":", ";", "**", "*#"]) + " " + inline(r, d+1) for _ in range(r.randint(1, 3)))
    if k == 1: return "{{#if:" + r.choice(["", "x"]) + "|" + inline(r, d+1) + "{{!}}{{!}}" + inline(r, d+1) + "|" + inline(r, d+1) + "}}"
    if k == 2: return "{{#switch:" + r.choice(["a", "b", "c"]) + "|a=" + inline(r, d+1) + "|b={{!}}-\n{{!}}" + inline(r, d+1) + "|#default=" + inline(r, d+1) + "}}"
    if k == 3: return "{{Rdt8|" + r.choice(["a", "b", ""]) + "|" + inline(r, d+1) + "}}"
    if k == 4: return "{{#expr:" + r.choice(["1+1", "2*3.5", "10/4 round 1", "1e3"]) + "}}"
    return inline(r, d+1)


def table(r, d):
    lines = [r.choice(["{|", "{|", " {|", ":{|", "{{{!}}"]) + r.choice(["", ' class="wikitable"', ' border=1', ' style="x"', " " + r.choice(ATTRS), ' class="wikitable sortable" style="width:{{#expr:10*5}}%"', ' {{#if:x|class="t"}}', ' cellpadding=2 cellspacing="0" align=center'])]
    if r.random() < 0.3: lines.append("|+" + r.choice(["", ' style="c" |', " " + r.choice(ATTRS) + " |"]) + inline(r, d+1))
    for _ in range(r.randint(0, 3)):
        if r.random() < 0.8: lines.append(r.choice(["|-", "|-", "|--", "{{!}}-"]) + r.choice(["", ' class="r"', " " + r.choice(ATTRS), ' style="{{#if:x|color:red}}"']))
        for _ in range(r.randint(1, 3)):
            c = r.choice(["|", "!", "|", "{{!}}"])
            cell = c + r.choice(["", ' style="a"|', ' colspan=2 |', ' |', ' rowspan="2" |', " " + r.choice(ATTRS) + " |", ' scope="row" |', ' data-sort-value="5" |', ' {{#if:x|colspan=2}} |', " [[Zqa|b]] |", ' style="a"|| ']) + cell_text(r, d)
            if r.random() < 0.3: cell += r.choice(["||", "!!", "{{!}}{{!}}", "||" + r.choice(ATTRS) + "|"]) + cell_text(r, d)
            lines.append(cell)
            if r.random() < 0.2: lines.append(inline(r, d+1))
            if r.random() < 0.1 and d < 2: lines.extend(table(r, d+1).split("\n"))
    if r.random() < 0.9: lines.append(r.choice(["|}", "|}", "{{!}}}", "|} trailing", " |}"]))
    return "\n".join(lines)

def block(r, d=0):
    k = r.randint(0, 17)
    if k <= 3: return inline(r)
    if k == 4: return "".join(r.choice("*#:;") for _ in range(r.randint(1, 3))) + inline(r)
    if k == 5: return table(r, d)
    if k == 6: n = r.randint(1, 6); NOREF[0] += 1; h = inline(r); NOREF[0] -= 1; return "=" * n + h + "=" * r.choice([n, n, n-1, n+1]) + r.choice(["", " ", "<!--c-->"])
    if k == 7: return " " + inline(r)
    if k == 8: return ""
    if k == 9: return r.choice(["----", "-----", "---- x", "__TOC__", "__NOTOC__", "__FORCETOC__", " <nowiki>x</nowiki>", "  two", "\t tab", ":: dd", "*: x", "#* y", ";a:b", ";a\n:b", "* a\n** b\n* c", "# a\n#: b\n# c", "{{Rdt4|x}}", "{{Rdt3|y}}", "<gallery>\nFile:A.jpg|cap\n</gallery>", "<pre>\n x\n</pre>", "<!--\nmulti\n-->", "<div>\n\nx\n\n</div>", "<blockquote>\nq\n</blockquote>", "{|\n|a\n|}\n{|\n|b\n|}", "<span>\na\n</span>", "=h=\n=h=", "== h ==\ntext\n== h ==", "<references />", "<references group=g />"])
    if k == 10: return "<references" + r.choice(["/>", ' group="g"/>', "></references>", ">\n<ref name=n2>z</ref>\n</references>"])
    if k == 11: return "<pre>" + inline(r) + "</pre>"
    if k == 12: return r.choice(["<div>", "</div>", "<blockquote>", "</blockquote>", "<center>", "</center>", "<p>", "</p>"]) + r.choice(["", inline(r)])
    if k == 14: return r.choice(GALLERIES)
    if k == 15: return r.choice(TPL_BLOCKS)
    if k == 16: return r.choice(HEADINGS)
    return "; " + inline(r) + " : " + inline(r)

ENTITIES = ["&nbsp;", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&ang;", "&lang;", "&rang;", "&NotEqualTilde;", "&nbsp",
            "&#160;", "&#xa0;", "&#X41;", "&#65", "&#x;", "&#;", "&#1114111;", "&#1114112;", "&#xD800;", "&#128512;", "&euro;",
            "&copy;", "&shy;", "&zwnj;", "&lrm;", "&Aacute;", "&thetasym;", "&bull;", "&hellip;", "&amp;amp;", "&#38;", "&#0;",
            "&#x0D;", "&#9;", "&#x7f;", "&#x80;", "&#x9F;", "&#xFFFE;", "&#x1F;", "&#12;", "&AMP;", "&Amp;", "&emsp13;", "&NewLine;",
            "&#0065;", "&#x000041;", "&#00000000000065;", "&#x00000000000041;", "&;", "&a b;", "&#x41", "&ensp;", "&ordm;"]
ATTR_TAGS = ["span", "div", "p", "b", "abbr", "font", "ol", "li", "ul", "blockquote", "q", "del", "ins", "time", "data",
             "bdo", "table", "td", "caption", "center", "small", "code", "cite", "h2", "pre", "dl", "dd", "tt", "var", "wbr"]
ATTRS = ['style="color: red; /* c */ width:expression(1)"', "style='background:url(javascript:x)'", r'style="\63 olor:red"',
         'onmouseover="x"', 'class="a  b"', 'id="Ids with spaces"', 'id=1', 'title="&lt;b&gt;"', 'dir=ltr', 'lang=fr',
         'align=center', 'valign=top', 'width=10', 'bgcolor=red', 'data-foo="x"', 'data-mw="x"', 'data-ooui="x"',
         'itemprop=name', 'itemscope', 'itemtype="http://schema.org/X"', 'role=note', 'aria-label="l"', 'aria-hidden=true',
         'tabindex=0', 'cite="http://x"', 'datetime=2001', 'start=3', 'reversed', 'type=a', 'value=4', 'colspan=2',
         'rowspan=0', 'summary=x', 'xmlns="x"', 'foo', 'a=b=c', "title=unquoted value", "title='single'",
         'title="double" title="dup"', "style=\"font-family:'A B'\"", 'href="http://x"', 'src=x', 'name=n', 'clear=all',
         'size=3', 'face=x', 'color=#fff', 'TITLE=upper', 'style="color:red;;"', 'style="&#x63;olor:red"',
         'style="position:fixed"', 'style="behavior:url(x)"', 'style="-moz-binding:url(x)"', "style=\"content:'x'\"",
         'style="background:image-set(x)"', 'style="width:attr(x)"', 'style="filter:progid:x"', 'style="color:var(--x)"',
         'title="{{PAGENAME}}"', 'title="[[Zq]]"', "title=\"''i''\"", 'title="http://x.y"', 'title="ISBN 0306406152"',
         'class="{{#if:x|y|z}}"', 'id="{{anchorencode:a b}}"', 'title=&quot;q&quot;', 'title="a\nb"', 'style="color:#f00 !important"',
         'data-="x"', 'data-x:y="z"', 'data-X="U"', 'title="<b>"', 'title=a&b', 'title="&#34;"', 'headers=x', 'abbr=y',
         'scope=col', 'hidden', 'nowrap', 'nowrap=nowrap', 'border=0', 'frame=box', 'rules=all', 'char=.', 'span=2',
         'about=x', 'property=y', 'typeof=z', 'resource=r', 'rel=nofollow', 'rev=x', 'translate=no', 'inputmode=x']
LINK_TRICKS = ["[[Zq (disambig)|]]", "[[Help:Zq (x)|]]", "[[Zq, comma|]]", "[[User:Zq/sub|]]", "[[Zqa]]bc's", "[[Zqa|b]]''c''",
               "[[Zq]]ñandú", "[[Zq]]123", "[[Zq|]]s", "[[/Zq/]]", "[[Zq#]]", "[[Zq#a b|]]", "[[:Zq|]]", "[[Zq|<nowiki>x</nowiki>]]",
               "[[Zq|x|y|z]]", "[[Zq||x]]", "[[ Zq | x ]]", "[[Zq\n|x]]", "[[Zq|\nx]]", "[[Zq%20a]]", "[[Zq%7C]]", "[[Zq&amp;x]]",
               "[[Zq&#124;x]]", "[[Zq{{!}}x|y]]", "[[Category:Zc|sort]]", "[[Category:Zc|]]", "[[:Category:Zc|]]", "[[Zq]][[Zq]]",
               "[[[Zq]]]", "[[Zq]]]]", "[[[[Zq]]]]", "[[Zq|[http://x y]]]", "[[Zq|http://x]]", "[[http://x]]",
               "[[Zq|ISBN 1234567890]]", "[[Zq<nowiki/>]]s", "[[Zq]]<nowiki/>s", "[[Zq|a]]&amp;", "[[Zq]]&nbsp;", "[[zq:foo]]",
               "[[Zq:foo]]", "[[Talk:Zq#s|]]", "[[Zq.]]", "[[Zq..]]", "[[Zq|{{PAGENAME}}]]", "[[{{PAGENAME}}]]", "[[Rdiff page]]",
               "[[Rdiff page#x|y]]", "[[rdiff page|self]]", "[[Rdiff_page]]", "[[Zq|''it'']]", "[[Zq|'''b''']]s",
               "[[Zq#''x''|y]]", "[[Zq#&amp;|y]]", "[[Zq#%41|y]]", "[[#Zq anchor]]", "[[#]]", "[[|x]]", "[[Zq|]]'s",
               "[[w:Zq|]]", "[[:w:Zq]]", "[[w:fr:Zq]]", "[[Project:Zq|]]", "[[Zq (a) (b)|]]", "[[Zq (a)b|]]", "[[Zq（x）|]]",
               "[[File:Zqf.jpg|link=]]", "[[File:Zqf.jpg|link=Zq]]", "[[File:Zqf.jpg|alt=a|thumb|upright=2|x]]",
               "[[File:Zqf.jpg|100x50px|border|baseline]]", "[[File:Zqf.jpg|x40px|text-top|class=c]]", "[[File:Zqf.jpg|thumb=Zqg.jpg|c]]",
               "[[Image:Zqf.jpg|frameless|upright|right]]", "[[File:Zqf.jpg|page=2|lang=fr|sub]]", "[[File:Zqf.jpg|link=http://x.y/|z]]",
               "[[File:Zqf.jpg|thumb|[[Zq]] and ''i'']]", "[[File:Zqf.jpg|none|thumb|{{PAGENAME}}]]", "[[File:Zqf.jpg|center|50px]]"]
MAGIC_LINKS = ["ISBN 978-0-306-40615-7", "ISBN 0306406152", "ISBN 0-306-40615-X", "ISBN 123", "ISBN 978 0 306 40615 7",
               "ISBN: 0306406152", "ISBN&nbsp;0306406152", "xISBN 0306406152", "ISBN 0306406152x", "RFC 2616", "RFC2616",
               "RFC  2616", "RFC 1a", "PMID 1", "PMID  123", "pmid 12", "ISBN\t0306406152", "[[ISBN 0306406152]]",
               "[http://x ISBN 0306406152]", "<span>RFC 1</span>", "ISBN 97-8", "ISBN 978-", "(ISBN 0306406152)", "ISBN 030640615 2",
               "RFC&#32;12", "PMID&nbsp;5", "ISBN 0306406152.", "1RFC 2", "_RFC 3"]
SWITCHES = ["__NOTOC__", "__FORCETOC__", "__TOC__", "__NOEDITSECTION__", "__NEWSECTIONLINK__", "__NONEWSECTIONLINK__",
            "__NOGALLERY__", "__HIDDENCAT__", "__INDEX__", "__NOINDEX__", "__STATICREDIRECT__", "__NOCONTENTCONVERT__", "__NOCC__",
            "__NOTITLECONVERT__", "__EXPECTUNUSEDCATEGORY__", "__notoc__", "__ToC__", "__ NOTOC __", "__TOC__ __TOC__",
            "{{DISPLAYTITLE:Rdiff page}}", "{{DISPLAYTITLE:<i>Rdiff</i> page}}", "{{DISPLAYTITLE:Other}}", "{{DEFAULTSORT:X}}",
            "{{DEFAULTSORT:Y|noerror}}", "{{DEFAULTSORTKEY:Z}}", "__NOTOC__x", "x__FORCETOC__", "___TOC___", "__TOC"]
PFUNCS = ["{{#time:Y-m-d H:i:s|2001-02-03 04:05:06}}", "{{#time:xrY|2012}}", "{{#time:xkY|2012-05-06}}", "{{#time:L N w z t|2024-02-29}}",
          r'{{#time:"quoted" \j|2001-01-01}}', "{{#time:Y|-5}}", "{{#time:c|2001-02-03T04:05:06Z}}",
          "{{#time:F j, Y|January 5 2001}}", "{{#time:xg|2001-03-01}}", "{{#time:xh xij|2001-01-01}}", "{{#time:W o|2005-01-01}}",
          "{{#time:a A g G h|2001-01-01 13:05}}", "{{#time:xx|2001}}", "{{#time:|2001}}", "{{#time:U|@86400}}",
          "{{#timel:Y|2001-01-01}}", "{{#time:Y-m-d|2001-02-03|fr}}", "{{#time:F|2001-03-01|de}}", "{{#time:Y|garbage}}",
          "{{formatnum:-1234.5}}", "{{formatnum:00012}}", "{{formatnum:1,234|R}}", "{{formatnum:12345|NOSEP}}", "{{formatnum:1.2e3}}",
          "{{formatnum:x1234}}", "{{formatnum:1234 5678}}", "{{formatnum:.5}}", "{{formatnum:-}}", "{{formatnum:1,2,3|R}}",
          "{{padleft:abc|6|12}}", "{{padright:x|3|é}}", "{{padleft:7|500|0}}", "{{padleft:x|-1}}", "{{padright:|2|&amp;}}",
          "{{urlencode:é ü/?#|QUERY}}", "{{urlencode:a+b~c|WIKI}}", "{{urlencode:a b|PATH}}", "{{anchorencode:[[Zq|x]] ''i''}}",
          "{{anchorencode:a&amp;b <b>c</b>}}", "{{anchorencode:%20 x}}", '{{#tag:span|x|title=a"b}}', "{{#tag:pre|x\ny}}",
          "{{#tag:nowiki|''x''}}", "{{#tag:gallery|File:A.jpg}}", "{{#tag:references}}", "{{#tag:bogus|x}}", "{{lc:ÀÉÎ}}",
          "{{uc:ǆ ß ﬁ}}", "{{ucfirst:ǆx}}", "{{lcfirst:ÉX}}", "{{plural:1.0|a|b}}", "{{plural:-1|a|b}}", "{{plural:1,000|a|b}}",
          "{{plural:x|a|b}}", "{{fullurl:Zq|a=b&c=d}}", "{{fullurle:Zq x}}", "{{localurle:Zq x|a=1}}", "{{canonicalurl:Talk:Zq}}",
          "{{fullurl:w:Zq}}", "{{fullurl:#x}}", "{{fullurl:Zq#x}}", "{{localurl:Special:Search|search=a b}}",
          "{{filepath:Zqf.jpg}}", "{{#language:fr|de}}", "{{#language:xx}}", "{{#special:Search}}", "{{#speciale:Recent changes}}",
          "{{gender:|m|f|n}}", "{{grammar:genitive|x}}", "{{#bcp47:EN-gb}}", "{{#dir:he}}",
          "{{#ifexpr:1e3=1000|y|n}}", "{{#expr:-(-1)}}", "{{#expr:3 round -1}}", "{{#expr:trunc 2.7}}", "{{#expr:ceil(-0.5)}}",
          "{{#expr:1.5e3 mod 7}}", "{{#expr:2^-1}}", "{{#expr:not 0}}", "{{#expr:1 and 0 or 1}}", "{{#expr:5 fmod 3}}",
          "{{#expr:abs -3}}", "{{#expr:ln e}}", "{{#expr:sin 0}}", "{{#expr:1 <> 2}}", "{{#expr:10000000000000000000}}",
          "{{#expr:0.1+0.2}}", "{{#expr:1/7*7}}", "{{#expr:123456789*1000}}", "{{#expr:-0.0000001}}",
          "{{#switch:|=empty|x}}", "{{#switch:A|a=lower|A=upper}}", "{{#switch:1|01=num|x}}", "{{#switch:x|#default=d|x=found}}",
          "{{#switch:x|y}}", "{{#switch:x}}", "{{#if:|a}}", "{{#if:  |a|b}}", "{{#ifeq:1e2|100|y|n}}", "{{#ifeq:&amp;|&|y|n}}",
          '{{#iferror:<strong class="error">e</strong>|y|n}}', "{{#rel2abs:./x}}", "{{#rel2abs:../../x|a/b}}",
          "{{#titleparts:A/B/C|-1}}", "{{#titleparts:A/B/C|1|-1}}", "{{#titleparts:talk:a/b|1}}", "{{ns:0}}", "{{ns:template}}",
          "{{nse:101}}", "{{NAMESPACE:Talk:X}}", "{{PAGENAME:Help:A/B}}", "{{SUBPAGENAME:A/B/C}}", "{{BASEPAGENAME:A/B/C}}",
          "{{ROOTPAGENAME:A/B/C}}", "{{TALKSPACE:Help:X}}", "{{SUBJECTSPACE:Talk:X}}", "{{FULLPAGENAMEE:a b&c}}",
          "{{PAGENAMEE:Zq's x}}", "{{TALKPAGENAME:Template:X}}", "{{SUBJECTPAGENAME:User talk:Y}}", "{{PAGENAME:#bad}}",
          "{{CURRENTMONTHNAMEGEN}}", "{{CURRENTDOW}}", "{{LOCALDAYNAME}}", "{{DIRMARK}}", "{{CONTENTLANG}}", "{{PAGELANGUAGE}}",
          "{{SCRIPTPATH}}", "{{STYLEPATH}}", "{{SERVERNAME}}", "{{msgnw:Rdt2}}", "{{raw:Rdt1}}", "{{:Rdt1}}", "{{Template:Rdt1|t}}",
          "{{subst:Rdt1}}", "{{safesubst:Rdt1|s}}", "{{Rdt1|1=a|1=b}}", "{{Rdt1| 1 = sp }}", "{{Rdt1|{{!}}}}", "{{Rdt1|a=b=c}}",
          "{{{{Rdt1|Rdt1}}}}", "{{Rdt{{#expr:1}}|n}}", "{{rdt1}}", "{{Rdt1\n|x}}", "{{ Rdt1 }}", "{{Rdt1|[[Zq|p]]}}"]

# What real articles hold that the oracle has no extension for (Scribunto,
# TemplateStyles, Math, SyntaxHighlight, Timeline, Score, Kartographer,
# Graph, InputBox, LabeledSectionTransclusion, Wikibase, GeoData), and the
# core functions with many odd arguments.
FOREIGN = ["{{#invoke:Zqmod|main|a=1}}", "{{#invoke:}}", '<templatestyles src="Zq/styles.css" />', "<templatestyles/>",
           "<math>x^2 < y</math>", '<math display="block">\\frac{a}{b}</math>', "<chem>H2O</chem>", "<ce>CO2</ce>",
           '<syntaxhighlight lang="c">int *p = &x;</syntaxhighlight>', "<syntaxhighlight lang=python inline>a<b</syntaxhighlight>",
           "<source lang=js>x</source>", "<timeline>\nImageSize = width:100\n</timeline>", "<score>\\relative c' { c }</score>",
           '<mapframe latitude=1 longitude=2 zoom=3 width=200 height=100 align=right>{"type":"x"}</mapframe>',
           "<maplink zoom=5>{}</maplink>", "<graph>{}</graph>", "<inputbox>\ntype=search\n</inputbox>",
           "<section begin=zq />", "<section end=zq />", "<section begin=\"a b\"/>", "{{#lst:Zqpage|zq}}", "{{#lsth:Zqpage}}",
           "{{#property:P31}}", "{{#statements:P31|from=Q1}}", "{{#coordinates:1|2|primary}}", "{{#coordinates:}}",
           "<references responsive />", '<references responsive="0" group=g />', "<ref follow=n1>more</ref>",
           "<ref name=n1 follow=x>y</ref>", "<ref details=p>d</ref>", "<ref extends=n1>e</ref>", "<poem>a\nb</poem>",
           "<hiero>A1</hiero>", "<categorytree>Zc</categorytree>", "<indicator name=i>x</indicator>", "<charinsert>a</charinsert>",
           "<imagemap>\nFile:Zqf.jpg|100px\ndefault [[Zq]]\n</imagemap>", "<talkpage>x</talkpage>", "<langconvert>x</langconvert>",
           "{{#time:j xjx|2020-05-04|de}}", "{{#time:l, F j|2021-12-25|es}}", "{{#time:D M|2021-12-25|it}}", "{{#time:xg|2021-03-01|ru}}",
           "{{#time:j. F Y|2021-03-01|cs}}", "{{#time:Y. F j.|2021-03-01|hu}}", "{{#time:j F Y|2021-03-01|ar}}", "{{#time:Y年n月j日 (D)|2021-03-01|ja}}",
           "{{#time:xmj xmF xmY|2021-03-01}}", "{{#time:xij xiF xiY|2021-03-01}}", "{{#time:xjj xjF xjY xjn xjt|2021-03-01}}",
           "{{#time:xtY|2021}}", "{{#time:xoY xkY|2021}}", "{{#time:xrj xrn|2021-09-14}}", "{{#time:xhxjY|2021-03-01}}",
           "{{#time:Y-m-d|2021-03-01 +1 month -2 days}}", "{{#time:Y W|2020-12-31}}",
           "{{#time:D, j M Y H:i:s|2021-03-01T10:00:00+05:30}}", "{{#time:c|1 Jan 1970 00:00:00 GMT}}", "{{#time:Y|-1}}",
           "{{#timel:Y-m-d H:i|2021-03-01 10:00}}", "{{#time:\\Y|2021}}", "{{#time:\"Y\"Y|2021}}",
           "{{#rel2abs:/x|A/B}}", "{{#rel2abs:../../../x|A/B}}", "{{#rel2abs:./y/../z|A}}", "{{#rel2abs:a//b}}",
           "{{#titleparts:A/B/C/D|2|2}}", "{{#titleparts:A/B/C/D|-2|-1}}", "{{#titleparts:a b/c_d|1}}", "{{#titleparts:A/B||2}}",
           "{{#iferror:{{#expr:1/0}}}}", "{{#iferror:ok}}", "{{#iferror:<span class=\"error\">x</span>|e}}", "{{#iferror:x|e|}}",
           "{{#ifexist:Template:Rdt1|y|n}}", "{{#ifexist:Zqnone|y|n}}", "{{#ifexist:Special:RecentChanges|y|n}}",
           "{{#ifexist:Media:Zq.jpg|y|n}}", "{{#ifexist:<x>|y|n}}", "{{#ifexist:MediaWiki:Edit|y|n}}",
           "{{#expr:round 2.5}}", "{{#expr:-2.5 round 0}}", "{{#expr:1.005 round 2}}", "{{#expr:1234.5678 round -2}}",
           "{{#expr:7 mod -3}}", "{{#expr:-7 mod 3}}", "{{#expr:1e300*1e10}}", "{{#expr:1.5E+3}}", "{{#expr:1e-5}}",
           "{{#expr:sin(pi/2)}}", "{{#expr:cos pi}}", "{{#expr:asin 2}}", "{{#expr:exp 1}}", "{{#expr:sqrt -1}}",
           "{{#expr:1/3}}", "{{#expr:1000000000000000}}", "{{#expr:0.000012345}}", "{{#expr:2^1024}}", "{{#expr:e}}",
           "{{#expr:1e20 mod 3}}", "{{#expr:(5.5-1)/2 round 1}}", "{{#expr:−1+2}}", "{{#expr:1 000}}", "{{#expr:.5+.5}}",
           "{{#expr:ln 0}}", "{{#expr:atan 1 * 4}}", "{{#expr:floor -0.5}}", "{{#expr:(-8)^(1/3)}}", "{{#expr:1 mod 0}}",
           "{{padleft:é|5|ü}}", "{{padright:日本|6|語ab}}", "{{padleft:👍|3|🎉}}", "{{padleft:x|10|&nbsp;}}", "{{padright:a|5.5|b}}",
           "{{formatnum:1,234,567.89|R}}", "{{formatnum:-1,234|R}}", "{{formatnum:1 234|R}}", "{{formatnum:٣٤٥|R}}",
           "{{formatnum:1234567890123456789}}", "{{#language:de|en}}", "{{#language:zh-hans|fr}}", "{{#language:EN}}",
           "{{#language:x-foo|en}}", "{{#special:Contributions/Foo bar}}", "{{#special:Nonexisting}}", "{{#special:userlogin}}",
           "{{#speciale:Whatlinkshere/a&b}}", "{{#special:Search/a b}}", "{{filepath:Zqf.jpg|100}}", "{{filepath:Bad<>.jpg}}",
           "{{canonicalurl:Zq|a=b}}", "{{canonicalurle:Zq x|a=b&c}}", "{{canonicalurl:Special:Search|search=x}}",
           "{{localurl:Zq|action=edit&section=1}}", "{{localurl:Zq|a b=c d}}", "{{localurl:Main Page|action=view}}",
           "{{localurl:Zq#x|y=1}}", "{{localurl:w:Zq|a=b}}", "{{localurle:Talk:Zq é|x=é}}", "{{localurl:Media:Zq.jpg}}",
           "{{ns:Image}}", "{{ns:image_talk}}", "{{ns:WP}}", "{{ns:Project talk}}", "{{nse:Project talk}}", "{{ns:-2}}",
           "{{ns:USER_TALK}}", "{{nse:Image talk}}", "{{ns:Module}}", "{{PAGESIZE}}", "{{PAGESIZE:Template:Rdt1}}",
           "{{PAGESIZE:Template:Rdt1|R}}", "{{PROTECTIONLEVEL}}", "{{PROTECTIONLEVEL:move|Template:Rdt1}}",
           "{{PROTECTIONEXPIRY:edit|Template:Rdt1}}", "{{PROTECTIONEXPIRY:create}}", "{{REVISIONID}}", "{{REVISIONDAY2}}",
           "{{REVISIONMONTH1}}", "{{REVISIONYEAR}}", "{{REVISIONTIMESTAMP:Zqnone}}", "{{REVISIONUSER}}", "{{REVISIONSIZE}}",
           "{{PAGEID:Zqnone}}", "{{#bcp47:zh-hant-tw}}", "{{#bcp47:be-x-old}}",
           "{{#bcp47:simple}}", "{{#bcp47:sgn-BE-FR}}", "{{gender:Admin|he|she|they}}", "{{gender:Zqnobody|he|she}}",
           "{{gender:|m|f|n}}", "{{int:toc}}", "{{int:mainpage}}", "{{int:nonexistentmsgzq}}", "{{int:pipe-separator}}",
           "{{int:parentheses|x}}", "{{int:percent|5}}", "{{int:comma-separator}}"]
# Each "@" is replaced by random inline text.
FOREIGN_WRAP = ["{{#if:x|{{#invoke:Zqm|f|@}}|@}}", "{{#if:@|<math>@</math>}}", "<syntaxhighlight lang=text>@</syntaxhighlight>",
                "{{#tag:math|@}}", "{{#tag:syntaxhighlight|@|lang=c}}", "{{#tag:templatestyles||src=@}}", "<poem>@\n@</poem>",
                "<ref follow=n1>@</ref>", "{{#iferror:@|e|ok}}", "{{#iferror:{{#expr:@}}|bad|good}}", "{{#expr:@}}",
                "{{#ifexist:@|y|n}}", "{{#titleparts:@|1}}", "{{#rel2abs:@|A/B}}", "{{padleft:@|7|·}}", "{{padright:@|4|ü}}",
                "{{formatnum:@|R}}", "{{formatnum:@}}", "{{#language:@}}", "{{#special:@}}", "{{#speciale:@}}", "{{filepath:@}}",
                "{{canonicalurl:@}}", "{{localurl:Zq|@}}", "{{ns:@}}", "{{nse:@}}", "{{PAGESIZE:@}}", "{{#bcp47:@}}",
                "{{gender:@|m|f}}", "{{int:@}}", "{{#time:@|2021-03-01}}", "{{#time:Y|@}}", "{{#timel:@}}", "<section begin=@/>",
                "{{#coordinates:@}}", "<chem>@</chem>", "<templatestyles src=@/>", "{{#invoke:@}}", "<inputbox>@</inputbox>"]

GALLERIES = ["<gallery mode=packed heights=50px>\nFile:A.jpg|a ''b''\nFile:B.png|[[Zq]]|alt=x\n</gallery>",
             "<gallery perrow=2 widths=60 caption=\"C [[Zq]]\">\nA.jpg\nImage:B.jpg|link=Zq\n</gallery>",
             "<gallery mode=nolines showfilename=yes>\nFile:A.jpg\n\n  File:C.jpg  |  spaced\nnotafile\n</gallery>",
             "<gallery mode=slideshow>\nFile:A.jpg|x\n</gallery>", "<gallery mode=traditional class=c style=\"x\" id=g>\nFile:A.jpg|x\n</gallery>",
             "<gallery mode=packed-hover>\nFile:A.jpg|x<ref>r</ref>\n</gallery>", "<gallery heights=x widths=-5>\nFile:A.jpg|{{Rdt1|t}}\n</gallery>",
             "<gallery>\nFile:A.jpg|link=http://x.y/|ext\nFile:B.jpg|page=2|lang=fr|alt=a|c\n</gallery>", "<gallery/>", "<gallery></gallery>"]
TPL_BLOCKS = ["x{{Rdt4|y}}", "{{Rdt4|y}}z", "{{Rdt7|x|a}}", "{{Rdt7|y|b}}", "a {{Rdt7|x|c}}", "{{Rdt3|{{Rdt4|q}}}}",
              "{{Rdt1|\n* a\n* b}}", "{{Rdt1|1=\n{{{!}}\n{{!}}c\n{{!}}}\n}}", "{{Rdt8|a|\n# n}}", "{{#if:x|\n== h ==\n}}",
              "{{#if:x|\n----\n}}", "{{#if:x|<nowiki/>\n* after}}", "{{Rdt1|1= spaced }}", "{{Rdt2|a= x |1= y }}",
              "{{#switch:x|x=\n:indented|y}}", "{{Rdt1|{{{1}}}}}", "{{Rdt1|{{{|safe}}}}}", "{{Rdt1|<noinclude>n</noinclude>i}}",
              "<includeonly>io</includeonly><noinclude>ni</noinclude><onlyinclude>oi</onlyinclude>", "{{Rdt1|<includeonly>x</includeonly>}}"]
HEADINGS = ["== a == b ==", "==   ==", "== = ==", "=== h ===   <!-- c -->  ", "== h ==<!-- c --> x", "==h==\n==h==\n==h_2==\n==H==",
            "== [[Zq|l]] ==", "== <b>b</b> <i>i</i> ==", "== {{Rdt1|t}} ==", "== x <br> y ==", "== 1.2 ==\n=== 1.2 ===",
            "== <span id=s>s</span> ==", "== &amp; &lt; ==", "== <nowiki>[[n]]</nowiki> ==", "==  x  ==", "== <sup>2</sup> ==",
            "== a<ref>in heading</ref> ==", "== {{#if:x|y}} ==", "== <small>s</small>''i'' ==", "== ''' ==", "==[[File:Zqf.jpg|20px]] x=="]


def gen(seed):
    r = random.Random(seed)
    # one text in four is page-sized: enough headings for a TOC, refs and lists far apart
    n = r.randint(12, 40) if r.random() < 0.25 else r.randint(1, 8)
    return "\n".join(block(r) for _ in range(n))


TEMPLATES = {
    "Template:Rdt1": "{{{1|one}}}",
    "Template:Rdt2": "<b>{{{a|}}}</b>-{{{1}}}",
    "Template:Rdt3": "{| class=t\n| {{{1|c}}}\n|}",
    "Template:Rdt4": "* {{{1|li}}}\n{{{b|}}}",
    "Template:Rdt5": "x<ref>{{{1|r}}}</ref>",
    "Template:Rdt6": "{{#tag:ref|{{{1}}}|name={{{n|}}}|group={{{g|}}}}}",
    "Template:Rdt7": "{{#switch:{{{1}}}|x=\n* {{{2}}}\n* two|y=\n# {{{2}}}\n#: more|#default={{{2}}}}}",
    "Template:Rdt8": "{{#ifeq:{{{1}}}|a|{{{2}}}|{{#if:{{{1}}}|<span class=\"{{{1}}}\">{{{2}}}</span>|''{{{2}}}''}}}}",
}


def setup(url, password):
    """Log in as Admin and save TEMPLATES."""
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def p(d):
        with op.open(url, urllib.parse.urlencode(dict(d, format="json")).encode()) as r:
            return json.loads(r.read())
    t = p({"action": "query", "meta": "tokens", "type": "login"})["query"]["tokens"]["logintoken"]
    res = p({"action": "login", "lgname": "Admin", "lgpassword": password, "lgtoken": t})
    if res["login"]["result"] != "Success":
        sys.exit("login failed on %s: %s" % (url, res))
    ct = p({"action": "query", "meta": "tokens"})["query"]["tokens"]["csrftoken"]
    for title, text in TEMPLATES.items():
        p({"action": "edit", "title": title, "text": text, "token": ct, "bot": "1"})


def norm(h):
    """The HTML without the wrapper and with our own error sentences as placeholders."""
    h = re.sub(r'(<strong class="error">)[^<]*(</strong>)', r'\1ERR\2', h, flags=re.I)
    h = re.sub(r'(<span class="error"><strong>[^<]*</strong>)(?:[^<]|<code>|</code>)*(</span>)', r'\1WARN\2', h)
    h = re.sub(r'(<span class="error mw-ext-cite-error"[^>]*>).*?</span>', r'\1CITEERR</span>', h)
    h = h.replace('<div class="mw-parser-output">', "")
    h = re.sub(r"</div>\s*$", "", h)
    return h.strip()


def shrink(text, differs):
    """A smaller text for which differs() still holds: lines, then byte runs, removed."""
    lines = text.split("\n")
    changed = True
    while changed:
        changed = False
        for i in range(len(lines)):
            t = lines[:i] + lines[i + 1:]
            if t and differs("\n".join(t)):
                lines = t
                changed = True
                break
    s = "\n".join(lines)
    for size in (16, 8, 4, 2, 1):
        i = 0
        while i < len(s):
            t = s[:i] + s[i + size:]
            if t and differs(t):
                s = t
            else:
                i += size
    return s


def run(oracle, wikid, start, count, do_shrink):
    def differs(t):
        return norm(render(oracle, t)) != norm(render(wikid, t))
    n = 0
    for seed in range(start, start + count):
        t = gen(seed)
        if not differs(t):
            continue
        n += 1
        m = shrink(t, differs) if do_shrink else t
        print("=== seed %d\n--- wikitext\n%s\n--- oracle\n%s\n--- wikid\n%s" %
              (seed, m, render(oracle, m), render(wikid, m)), flush=True)
    print("%d of %d differ" % (n, count))


def main():
    a = sys.argv[1:]
    if len(a) == 5 and a[0] == "setup":
        setup(a[1], a[3])
        setup(a[2], a[4])
    elif len(a) in (5, 6) and a[0] == "run":
        run(a[1], a[2], int(a[3]), int(a[4]), "--no-shrink" not in a)
    else:
        sys.exit(__doc__ if __doc__ else "usage: see the comment at the top of scripts/rdiff.py")


main()
