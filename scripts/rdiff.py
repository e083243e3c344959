#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# rdiff.py — random differential rendering: generate random wikitext from a
# small grammar of constructs (quotes, lists, tables, links, templates with
# parameters, refs, headings, HTML tags, nowiki, comments, parser
# functions, images, external links), render each text with action=parse
# on MediaWiki (the oracle) and on wikid, and print every text whose HTML
# differs, shrunk to a small input that still differs (lines, then runs of
# bytes, removed while the difference stays).
#
#   scripts/rdiff.py setup ORACLE_API WIKID_API ORACLE_PASS WIKID_PASS
#       create the templates the grammar calls (Template:Rdt1..4) on both,
#       as Admin with the given passwords
#   scripts/rdiff.py run ORACLE_API WIKID_API START COUNT [--no-shrink]
#       compare the texts of seeds START .. START+COUNT-1
#
# Run wikid with the oracle's site name and server (wikid.ini [site]
# sitename, server) so {{SITENAME}} and full URLs agree. Texts differ in
# wording only where messages are our own: Cite's error sentences and
# those of parser functions (<strong class="error">) are replaced by a
# placeholder before comparing. Links go to
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
        k = r.randint(0, 28 if d < 3 else 4)
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
        elif k == 23: out.append("{{" + r.choice(["PAGENAME", "lc:AB", "uc:ab", "#expr:1+2", "ns:4", "urlencode:a b", "!", "=", "FULLPAGENAME"]) + "}}")
        else: out.append(word(r))
    return "".join(out)

def table(r, d):
    lines = ["{|" + r.choice(["", ' class="wikitable"', ' border=1', ' style="x"'])]
    if r.random() < 0.3: lines.append("|+" + inline(r, d+1))
    for _ in range(r.randint(0, 3)):
        if r.random() < 0.8: lines.append("|-" + r.choice(["", ' class="r"']))
        for _ in range(r.randint(1, 3)):
            c = r.choice(["|", "!"])
            cell = c + r.choice(["", ' style="a"|', ' colspan=2 |', ' |']) + inline(r, d+1)
            if r.random() < 0.3: cell += r.choice(["||", "!!"]) + inline(r, d+1)
            lines.append(cell)
            if r.random() < 0.2: lines.append(inline(r, d+1))
            if r.random() < 0.1 and d < 2: lines.extend(table(r, d+1).split("\n"))
    if r.random() < 0.9: lines.append("|}")
    return "\n".join(lines)

def block(r, d=0):
    k = r.randint(0, 13)
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
    return "; " + inline(r) + " : " + inline(r)

def gen(seed):
    r = random.Random(seed)
    return "\n".join(block(r) for _ in range(r.randint(1, 8)))


TEMPLATES = {
    "Template:Rdt1": "{{{1|one}}}",
    "Template:Rdt2": "<b>{{{a|}}}</b>-{{{1}}}",
    "Template:Rdt3": "{| class=t\n| {{{1|c}}}\n|}",
    "Template:Rdt4": "* {{{1|li}}}\n{{{b|}}}",
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
    h = re.sub(r'(<strong class="error">)[^<]*(</strong>)', r'\1ERR\2', h)
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
