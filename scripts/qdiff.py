#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# qdiff.py — random differential testing of the read modules: build the
# same small wiki on MediaWiki (the oracle) and on wikid (pages in the
# main, talk, user, template, category and file namespaces; redirects;
# revisions by two accounts; links, templates, categories, external and
# interwiki links, DISPLAYTITLE and DEFAULTSORT; a deleted page, a
# protected page, a move and a block in the logs; a watchlist), then send
# random read requests to both and print every request whose answer
# differs in what a client sees: HTTP status, the MediaWiki-API-Error
# header, error and warning codes, result keys, structure and value types,
# and the values that do not depend on the wiki. Ids, timestamps, sizes,
# HTML and message texts are ignored.
#
# Requests are drawn from the oracle's action=paraminfo of every query
# submodule (prop, list, meta, and each generator with prop modules) and
# of parse, expandtemplates, compare, opensearch and the feed modules.
# Parameter values come from edge-case pools chosen by the parameter's
# type (limits 0/1/max/max+1/"max", bad enum values, multi-values with
# duplicates and U+001F separators, bad timestamps, unknown namespaces,
# invalid or non-normalized titles, ids that do not exist, garbage
# continue values), in the formats json, xml and php, formatversion 1
# and 2, every errorformat, with uselang, utf8 and ascii. Lists that cover
# the whole wiki (the oracle keeps the pages of every earlier run) are
# usually narrowed to this run's pages by a prefix or title; when they are
# not, only the shape of their items is compared. When both answers carry
# a continuation, both are walked to the end (at most 20 steps) and every
# step compared.
#
#   scripts/qdiff.py ORACLE_API WIKID_API ORACLE_PASS WIKID_PASS START COUNT
#       [--only MODULE[,MODULE]] [--run RUNID] [--no-shrink] [-v]
#
# MODULE is an action (parse, compare, ...) or a query submodule name
# (allpages, revisions, ...). A differing request is shrunk: parameters
# are dropped one at a time while the difference stays. Titles hold a
# run id (default: the time). Run wikid with the oracle's site name
# (wikid.ini [site] sitename) so texts that name the site agree.
import json
import os
import random
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wdiff import Wiki  # noqa: E402  (sessions, tokens, login, placeholders)

VOLATILE = {"curtimestamp", "servedby", "timestamp", "touched", "requestid", "token", "csrftoken",
            "userid", "id", "pageid", "pageids", "revid", "parentid", "lastrevid", "rcid", "logid",
            "old_revid", "length", "size", "newlen", "oldlen", "sha1", "comment", "parsedcomment",
            "reason", "*", "html", "info", "docref", "text", "expiry", "blockid", "blockedby",
            "blockedbyid", "blockreason", "blockexpiry", "blockedtimestamp", "registration",
            "editcount", "fromid", "toid", "fromrevid", "torevid", "fromsize", "tosize",
            "fromtimestamp", "totimestamp", "diff", "body", "url", "descriptionurl",
            "descriptionshorturl", "thumburl", "metadata", "commonmetadata", "mime", "mediatype",
            "bitdepth", "width", "height", "snippet", "titlesnippet", "wordcount", "score",
            "totalhits", "headhtml", "limitreporthtml", "limitreportdata", "jsconfigvars",
            "encodedjsconfigvars", "modules", "modulescripts", "modulestyles", "parsetree",
            "wikitext", "categorieshtml", "fullurl", "editurl", "canonicalurl", "touched",
            "starttimestamp", "key", "new_ns", "new_title", "latestcontrib", "firsteditstamp",
            "generator", "time", "items", "hits", "lastmodified", "recentchanges", "cache",
            "latestid", "lastupdate", "lastentry", "rowcount", "notificationtimestamp",
            "rev_timestamp", "rev_id", "revisions_count", "uploadcount", "count", "pages",
            "files", "subcats", "unreadcount", "gender", "duration", "edit", "message",
            "suggestion", "rewrittenquery", "suggestionsnippet", "rewrittenquerysnippet",
            "sizes", "public", "displaytitle", "linkcount", "params", "image", "filename",
            "descriptionshorturl", "sectiontitle", "sectionsnippet", "redirectsnippet",
            "categorysnippet", "redirecttitle", "link", "title_html", "ratelimits", "centralids", "logpage",
            "<text>", "lastrevid", "base", "logo", "favicon", "server", "servername", "wikiid", "label", "help",
            "phpversion", "phpsapi", "citeresponsivereferences", "uploadsenabled", "logdisplay", "_idx",
            "invalidreason"}
# Keys whose whole subtree is wiki-dependent; for other VOLATILE keys only a scalar value is masked.
SUBTREE = {"ratelimits", "centralids", "metadata", "commonmetadata", "modules", "modulescripts", "modulestyles",
           "jsconfigvars", "headhtml", "parsetree", "limitreportdata", "diff", "params", "items", "cache",
           "theoreticalratelimits", "repos", "sizes", "options", "preferencestoken", "gender"}
# Parameters left alone: their values depend on the wiki's installation (skins).
SKIP_PARAMS = {"useskin"}

# The modules compared and, for lists over the whole wiki, the parameters that
# narrow them to this run ({X} is the run's title prefix, {U} the account,
# {A} page A and so on; see Run.fixtures).
SCOPE = {
    "allpages": {"prefix": "{X}"}, "allcategories": {"prefix": "{X}"}, "allimages": {"prefix": "{X}"},
    "alllinks": {"prefix": "{X}"}, "alltransclusions": {"prefix": "{X}"}, "allfileusages": {"prefix": "{X}"},
    "allredirects": {"prefix": "{X}"}, "allusers": {"prefix": "{U}"}, "backlinks": {"title": "{A}"},
    "embeddedin": {"title": "Template:{X} T"}, "imageusage": {"title": "File:{X} F.png"},
    "categorymembers": {"title": "Category:{X} C"}, "usercontribs": {"user": "{U}"},
    "logevents": {"title": "{X} M"}, "recentchanges": {"user": "{U}"}, "watchlist": {},
    "watchlistraw": {}, "exturlusage": {"query": "example.org/{X}"}, "blocks": {"users": "{B}"},
    "alldeletedrevisions": {"user": "Admin", "namespace": "0"}, "allrevisions": {"user": "{U}"},
    "filearchive": {"prefix": "{X}"}, "users": {}, "protectedtitles": {}, "search": {"search": "{X}"},
    "prefixsearch": {"search": "{X}"}, "deletedrevs": {"prefix": "{X}"}, "pageswithprop": {},
    "iwbacklinks": {"prefix": "wikipedia", "title": "{X} iw"}, "langbacklinks": {},
    "mystashedfiles": {}, "usercontribs_": {}, "random": {}, "querypage": {}, "tags": {},
    "pagepropnames": {}, "allmessages": {}, "checkuser": {},
}
# Lists whose items are always compared only in shape (wiki state, or random).
LOOSE = {"random", "querypage", "tags", "pagepropnames", "pageswithprop", "protectedtitles", "langbacklinks",
         "search", "allmessages", "alldeletedrevisions", "deletedrevs", "siteinfo", "userinfo",
         "filerepoinfo", "languageinfo", "authmanagerinfo", "mystashedfiles"}
ACTIONS = ["parse", "expandtemplates", "compare", "opensearch", "feedcontributions", "feedrecentchanges",
           "feedwatchlist"]
# Modules real clients use most, drawn more often.
POPULAR = ["revisions", "info", "categories", "links", "templates", "imageinfo", "allpages", "categorymembers",
           "recentchanges", "usercontribs", "logevents", "search", "backlinks", "embeddedin", "allusers",
           "users", "watchlist", "siteinfo", "userinfo", "tokens"]


def request(url, params, who_opener, post):
    """Send one request; return (status, API-Error header, content type, body bytes)."""
    data = urllib.parse.urlencode(params).encode()
    if post:
        req = urllib.request.Request(url, data)
    else:
        req = urllib.request.Request(url + "?" + data.decode())
    try:
        r = who_opener.open(req, timeout=60)
        status, hdr, body = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, hdr, body = e.code, e.headers, e.read()
    return status, hdr.get("MediaWiki-API-Error"), (hdr.get("Content-Type") or "").split(";")[0], body


def php_load(b):
    """Read PHP serialize() output into Python values (arrays become dicts with string keys)."""
    pos = [0]

    def until(ch):
        i = b.index(ch.encode(), pos[0])
        s = b[pos[0]:i]
        pos[0] = i + 1
        return s.decode()

    def val():
        t = b[pos[0]:pos[0] + 1]
        pos[0] += 2
        if t == b"N":
            return None
        if t == b"b":
            return until(";") == "1"
        if t == b"i":
            return int(until(";"))
        if t == b"d":
            return float(until(";"))
        if t == b"s":
            n = int(until(":"))
            s = b[pos[0] + 1:pos[0] + 1 + n]
            pos[0] += n + 3
            return s.decode("utf-8", "replace")
        if t == b"a":
            n = int(until(":"))
            pos[0] += 1
            out = {}
            for _ in range(n):
                k = val()
                out[str(k)] = val()
            pos[0] += 1
            if list(out) == [str(i) for i in range(len(out))]:
                return list(out.values())
            return out
        raise ValueError("php type %r at %d" % (t, pos[0]))
    return val()


def xml_shape(e):
    """An element as a dict: its attributes, its text as "<text>", children as a list per tag."""
    tag = e.tag.split("}")[-1]
    d = {"@" + k.split("}")[-1]: v for k, v in e.attrib.items()}
    if e.text and e.text.strip():
        d["<text>"] = e.text
    for c in e:
        ct = c.tag.split("}")[-1]
        d.setdefault(ct, []).append(xml_shape(c)[ct])
    return {tag: d}


def decode(ctype, body, fmt):
    """The body as a Python value for comparing, by format."""
    try:
        if fmt == "xml" or ctype in ("text/xml", "application/rss+xml", "application/atom+xml"):
            return xml_shape(ET.fromstring(body))
        if fmt == "php":
            return php_load(body)
        return json.loads(body)
    except (ValueError, ET.ParseError, IndexError) as e:
        return {"<undecodable>": type(e).__name__}


def norm(v, key=None, loose=False):
    """Mask wiki-dependent values; in loose mode a list of objects becomes one merged item shape."""
    if isinstance(v, dict):
        if key in ("continue", "query-continue") or (loose and key in ("batchcomplete",)):
            return "<continue>"
        if key == "warnings":
            return {m: "<warn>" for m in v}
        if v and all(re.match(r"^-?[0-9]+$", k) for k in v):
            # Objects keyed by page or revision ids (fv1 "pages", "badrevids"): their values in order.
            return norm(list(v.values()), key, loose)
        out = {}
        for k, x in v.items():
            kk = k[1:] if k.startswith("@") else k
            if kk in SUBTREE or kk.endswith("token"):
                out[k] = "<%s>" % kk
            elif kk in VOLATILE and not isinstance(x, (dict, list)):
                out[k] = "<%s>" % type(x).__name__
            else:
                out[k] = norm(x, kk, loose)
        return out
    if isinstance(v, list):
        items = [norm(x, key, loose) for x in v]
        if loose and items and all(isinstance(x, dict) for x in items):
            merged = {}
            for x in items:
                for k, y in x.items():
                    merged.setdefault(k, y if isinstance(y, (dict, list)) else type(y).__name__)
            return ["<some>", merged]
        if loose:
            return "<list>"
        return items
    if key in ("warnings",) and isinstance(v, str):
        return "<warn>"
    return v


def diff(a, b, path="", out=None, loose=False):
    if out is None:
        out = []
    if len(out) >= 6:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = path + "." + k if path else k
            if loose and k in ("query", "continue", "query-continue", "batchcomplete", "pages", "limits") and \
                    (k not in a or k not in b):
                continue
            if k not in b:
                out.append("missing " + p)
            elif k not in a:
                out.append("extra " + p)
            else:
                diff(a[k], b[k], p, out, loose)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: %d items vs %d" % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (path, i), out, loose)
    elif "<list>" in (a, b) and isinstance(a if b == "<list>" else b, list):
        pass
    elif a != b:
        out.append("%s: %r vs %r" % (path, a, b))
    return out


def errcodes(j):
    """Error and warning codes of a JSON answer, whatever the errorformat."""
    codes = []
    if isinstance(j, dict):
        e = j.get("error")
        if isinstance(e, dict):
            codes.append("error:" + str(e.get("code")))
        for e in j.get("errors") or []:
            if isinstance(e, dict):
                codes.append("error:" + str(e.get("code")))
        w = j.get("warnings")
        if isinstance(w, list):
            codes += sorted("warn:%s:%s" % (x.get("module"), x.get("code")) for x in w if isinstance(x, dict))
    return codes


class Run:
    def __init__(self, a, b, runid, verbose, shrink):
        self.w = [a, b]
        self.run = runid
        self.verbose = verbose
        self.shrink = shrink
        self.compared = 0
        self.diffs = {}
        self.seen = set()
        self.keep = set()   # parameters the shrinker keeps (those narrowing a list to this run)

    def call(self, w, who, params, post):
        params = w.fill(who, params)
        return request(w.url, params, w.opener(who), post)

    def compare(self, who, params, post, loose):
        """Send to both; return (differences, oracle JSON, wikid JSON)."""
        res = [self.call(w, who, params, post) for w in self.w]
        fmt = params.get("format", "json")
        (s1, e1, c1, b1), (s2, e2, c2, b2) = res
        j1, j2 = decode(c1, b1, fmt), decode(c2, b2, fmt)
        d = []
        if s1 != s2:
            d.append("status %s vs %s" % (s1, s2))
        if e1 != e2:
            d.append("API-Error %r vs %r" % (e1, e2))
        if c1 != c2:
            d.append("content-type %s vs %s" % (c1, c2))
        if fmt == "json" and errcodes(j1) != errcodes(j2):
            d.append("codes %s vs %s" % (errcodes(j1), errcodes(j2)))
        d += diff(norm(self.unserver(0, j1), loose=loose), norm(self.unserver(1, j2), loose=loose), loose=loose)
        return d, j1, j2

    def unserver(self, i, j):
        """The answer with the wiki's own address (in URLs and help texts) replaced by <server>."""
        base = self.w[i].url.split("/w/api.php")[0]
        return json.loads(json.dumps(j).replace(base, "<server>"))

    def both(self, who, params, post=False, label=None, loose=False):
        """Compare one request, walk its continuation; print and shrink what differs."""
        self.compared += 1
        d, j1, j2 = self.compare(who, params, post, loose)
        mod = label or params.get("action")
        if d:
            self.report(mod, who, params, post, loose, d)
            return
        if self.verbose:
            print("same %s [%s] %s" % (mod, who, json.dumps(params, ensure_ascii=False)[:200]))
        steps = 0
        while (not loose and params.get("format", "json") == "json" and isinstance(j1, dict)
               and isinstance(j1.get("continue"), dict) and isinstance(j2.get("continue"), dict) and steps < 20):
            # Continue values name ids of each wiki: each side gets its own.
            steps += 1
            p1 = dict(params, **j1["continue"])
            p2 = dict(params, **j2["continue"])
            r1 = self.call(self.w[0], who, p1, post)
            r2 = self.call(self.w[1], who, p2, post)
            self.compared += 1
            j1, j2 = json.loads(r1[3]), json.loads(r2[3])
            dd = []
            if r1[0] != r2[0] or r1[1] != r2[1]:
                dd.append("status/error %s %s vs %s %s" % (r1[0], r1[1], r2[0], r2[1]))
            dd += diff(norm(self.unserver(0, j1)), norm(self.unserver(1, j2)))
            if dd:
                self.report(mod + "/continue#%d" % steps, who, params, post, loose, dd, shrink=False)
                return

    def report(self, mod, who, params, post, loose, d, shrink=True):
        shown = {k: v for k, v in params.items() if k not in ("format",) or v != "json"}
        if shrink and self.shrink:
            shown = self.minimize(who, params, post, loose)
            d2 = self.compare(who, shown, post, loose)[0]
            d = d2 or d
            shown = {k: v for k, v in shown.items() if k != "format" or v != "json"}
        key = (mod, tuple(sorted(shown)), d[0][:60])
        self.diffs.setdefault(mod, []).append(d)
        if key in self.seen and not self.verbose:
            return
        self.seen.add(key)
        print("DIFF %s [%s%s] %s\n     %s" % (mod, who, "" if not post else ",POST",
                                            json.dumps(shown, ensure_ascii=False)[:400], "; ".join(d)[:700]))
        sys.stdout.flush()

    def minimize(self, who, params, post, loose):
        """Drop parameters one at a time while some difference stays."""
        cur = dict(params)
        changed = True
        while changed:
            changed = False
            for k in list(cur):
                if k in ("action", "format") or k in self.keep:
                    continue
                trial = {x: y for x, y in cur.items() if x != k}
                if self.compare(who, trial, post, loose)[0]:
                    cur = trial
                    changed = True
        return cur

    # --- fixtures ---------------------------------------------------------------

    def edit(self, who, title, text, **extra):
        ans = []
        for w in self.w:
            f = w.fill(who, {"t": title, "x": text})
            _, _, j = w.call(who, dict({"action": "edit", "title": f["t"], "text": f["x"],
                                        "token": w.token(who, "csrf")}, **extra))
            if "edit" not in j:
                print("fixture edit of %s failed on %s: %s" % (title, w.url, j))
            ans.append(j)
        return ans

    def setvals(self, name, answers, fn):
        for w, j in zip(self.w, answers):
            try:
                w.vals[name] = fn(j)
            except (KeyError, IndexError, TypeError):
                w.vals[name] = "0"

    def fixtures(self):
        r = self.run
        X = "Qd" + r
        self.X, self.U, self.B = X, "Qduser" + r, "Qdblock" + r
        self.A = X + " A"
        self.upass = "qdiff-user-pass-" + r
        for w in self.w:
            w.vals.update(X=X, U=self.U, B=self.B, A=self.A)
            w.login("admin", "Admin", w.password)
            for name in (self.U, self.B):
                ct = w.token("anon", "createaccount")
                _, _, j = w.call("anon", {"action": "createaccount", "username": name, "password": self.upass,
                                          "retype": self.upass, "createtoken": ct,
                                          "createreturnurl": "http://example.org/"})
                if j.get("createaccount", {}).get("status") != "PASS":
                    sys.exit("createaccount failed on %s: %s" % (w.url, j))
                w.sessions.pop("anon", None)
                w.tokens = {k: v for k, v in w.tokens.items() if k[0] != "anon"}
            w.login("user", self.U, self.upass)
        # wikid has no uploads: the file is a description page without a file on both.
        self.edit("admin", "File:{X} F.png", "file page [[{A}]]")
        self.edit("admin", "Template:{X} T", "tpl {{{1|def}}}<noinclude>[[Category:{X} Tcat]]</noinclude>")
        self.edit("admin", "Template:{X} T2", "{{{{X} T|inner}}} [[{X} B]]")
        a0 = self.edit("admin", "{A}", "first version [[{X} B]]")
        a1 = self.edit("admin", "{A}", "second version [[{X} B]] {{{X} T}}\n== H1 ==\nx")
        body = ("{{DISPLAYTITLE:''{A}''}}{{DEFAULTSORT:Sortkey}}Link [[{X} B]] [[{X} Missing]] {{{X} T|a}} "
                "{{{X} T2}} [[Category:{X} C]] [[Category:{X} C2|k]] [http://example.org/{X} ext] "
                "[[wikipedia:{X} iw]] [[File:{X} F.png|thumb|cap]] [[Talk:{A}]]\n== H1 ==\ntext\n"
                "=== H1.1 ===\nsub\n== H2 ==\nmore ~~~~")
        a2 = self.edit("user", "{A}", body)
        for i, a in enumerate((a0, a1, a2)):
            self.setvals("revA%d" % i, a, lambda j: j["edit"]["newrevid"])
        self.setvals("pidA", a2, lambda j: j["edit"]["pageid"])
        b = self.edit("user", "{X} B", "[[{A}]] {{{X} T}} [[Category:{X} C]] [[User:{U}]]")
        self.setvals("revB", b, lambda j: j["edit"]["newrevid"])
        self.edit("admin", "{X} R", "#REDIRECT [[{A}]]")
        self.edit("admin", "{X} R2", "#REDIRECT [[{X} B#H1]]")
        self.edit("admin", "{X} R3", "#REDIRECT [[Talk:{A}]]")
        self.edit("user", "Talk:{A}", "talk ~~~~\n== Topic ==\nq")
        self.edit("user", "User:{U}", "user page [[{A}]]")
        self.edit("user", "User:{U}/sub", "sub page")
        self.edit("admin", "Category:{X} C", "cat page [[Category:{X} Parent]]")
        self.edit("admin", "Category:{X} Parent", "parent")
        self.edit("admin", "Help:{X} H", "help [[{A}]]", minor="1")
        d = self.edit("admin", "{X} D", "to be deleted [[{A}]]")
        self.setvals("revD", d, lambda j: j["edit"]["newrevid"])
        self.edit("admin", "{X} P", "protected")
        self.edit("admin", "{X} M", "moved page")
        for w in self.w:
            tok = w.token("admin", "csrf")
            f = w.fill("admin", {"d": "{X} D", "p": "{X} P", "m": "{X} M", "m2": "{X} M2", "b": "{B}"})
            w.call("admin", {"action": "delete", "title": f["d"], "token": tok, "reason": "qdiff"})
            w.call("admin", {"action": "protect", "title": f["p"], "protections": "edit=sysop|move=sysop",
                             "expiry": "infinite|2099-01-01T00:00:00Z", "token": tok})
            w.call("admin", {"action": "protect", "title": f["m"] + " salted", "protections": "create=sysop",
                             "token": tok})
            w.call("admin", {"action": "move", "from": f["m"], "to": f["m2"], "token": tok, "movetalk": "1"})
            w.call("admin", {"action": "block", "user": f["b"], "expiry": "1 year", "token": tok, "nocreate": "1"})
            utok = w.token("user", "watch")
            w.call("user", {"action": "watch", "titles": w.fill("user", {"t": "{A}|{X} B|{X} Missing"})["t"],
                            "token": utok})
        self.titles = ["{A}", "{X} B", "{X} R", "{X} R2", "{X} R3", "Talk:{A}", "User:{U}", "User:{U}/sub",
                       "Template:{X} T", "Template:{X} T2", "Category:{X} C", "File:{X} F.png", "{X} D", "{X} P",
                       "{X} M", "{X} M2", "{X} Missing", "Help:{X} H", "Category:{X} Tcat"]
        # Link tables of every page as of its latest revision (the oracle may defer them).
        for w in self.w:
            w.call("admin", {"action": "purge", "forcelinkupdate": "1",
                             "titles": "|".join(w.fill("admin", {"t": t})["t"] for t in self.titles)})
            for _ in range(3):
                w.call("anon", {"action": "query", "meta": "siteinfo"}, post=False)

    # --- random values ----------------------------------------------------------

    def title(self, r):
        k = r.random()
        if k < 0.7:
            return r.choice(self.titles)
        return r.choice(["", "A|b", "[[x]]", "Special:RecentChanges", "Media:{X} F.png", "{X}_B", "qd" + self.run
                         + " a", "talk:{A}", "Talk:", ":{A}", "wikipedia:Foo", "Category:", "{A}#frag",
                         "X" * 300, "User:Nobody here " + self.run, "Project:{X}", "%41", "a\x7fb",
                         "Template:{X}_t", "\u00e9" + self.run, "File:Missing " + self.run + ".png"])

    def value(self, r, mod, p):
        t = p.get("type")
        name = p["name"]
        if isinstance(t, list):
            pool = list(t) + ["bad", ""]
            if p.get("multi"):
                n = r.choice([1, 1, 2, 3, len(t)])
                vals = [r.choice(pool if r.random() < 0.1 else t or [""]) for _ in range(n)]
                if r.random() < 0.1 and vals:
                    vals.append(vals[0])
                if r.random() < 0.07:
                    return "\x1f" + "\x1f".join(vals)
                if r.random() < 0.05 and p.get("allspecifier"):
                    return p["allspecifier"]
                return "|".join(vals)
            return r.choice(t if r.random() < 0.85 else pool) if t else ""
        if t == "limit":
            mx = p.get("max", 500)
            return str(r.choice([0, 1, 1, 2, 2, 3, mx, mx + 1, "max", "max", -1, "x", "", p.get("highmax", 5000)]))
        if t == "integer":
            if name in ("pageids", "pageid"):
                return r.choice(["{pidA}", "{pidA}", "999999999", "0", "-1", "x", "{pidA}|{pidA}"])
            if name in ("revids", "revid", "oldid", "startid", "endid", "fromrev", "torev", "offset"):
                return r.choice(["{revA0}", "{revA1}", "{revA2}", "{revB}", "{revD}", "999999999", "0", "-5", "x",
                                 "{revA0}|{revA2}"])
            vals = ["0", "1", "2", "-1", "100000", "x", "", "1.5", "99999999999999999999"]
            if "min" in p:
                vals.append(str(p["min"]))
            if "max" in p:
                vals += [str(p["max"]), str(p["max"] + 1)]
            return r.choice(vals)
        if t == "boolean":
            return r.choice(["1", "", "0", "false"])
        if t == "timestamp":
            return r.choice(["2001-01-01T00:00:00Z", "now", "bad", "20010101000000", "2099-01-01T00:00:00Z", "0",
                             "1970-01-01T00:00:00Z", "", "2030-13-45T99:99:99Z", "1600000000"])
        if t == "namespace":
            v = [r.choice(["0", "1", "2", "3", "4", "6", "10", "14", "12", "-1", "-2", "99", "x", ""])
                 for _ in range(r.choice([1, 1, 2, 3]) if p.get("multi") else 1)]
            if p.get("multi") and r.random() < 0.1:
                return "*"
            return "|".join(v)
        if t == "user":
            v = r.choice(["{U}", "{U}", "Admin", "{B}", "127.0.0.1", "Nobody " + self.run, "", "A|b",
                          "qduser" + self.run, "{U}|Admin", "192.0.2.0/24", "#1", "User:{U}"])
            return v
        if t == "expiry":
            return r.choice(["infinite", "1 week", "bad", ""])
        if t in ("string", "text", "title", "raw", "password", None):
            if name in ("titles", "title", "page", "fromtitle", "totitle", "target", "prefix", "from", "to",
                        "start", "end", "continue", "cmtitle"):
                if name == "prefix":
                    return r.choice(["{X}", "{X}", "{X} ", "qd" + self.run, "", "{X} A"])
                if name in ("from", "to"):
                    return r.choice(["{X}", "{X} B", "{X} Z", "", "{X}_B", "Zzz"])
                if name == "continue":
                    return r.choice(["garbage", "1|2", "0|x", "-||", "", "{X}|0", "20010101000000|1"])
                if name == "titles" and r.random() < 0.4:
                    return "|".join(self.title(r) for _ in range(r.randint(2, 4)))
                return self.title(r)
            if name in ("text", "summary"):
                return r.choice(["{{{X} T|x}}", "[[{A}]] ''it''", "== S ==\n{{PAGENAME}}", "", "~~~~",
                                 "{{DISPLAYTITLE:x}} [[Category:{X} C]]", "{{#if:|a|b}}", "<ref>r</ref>"])
            if name in ("search", "query"):
                return r.choice(["{X}", "{X} A", "qd" + self.run, "", "example.org/{X}", "nothing here"])
            if name in ("users", "user", "ususers"):
                return r.choice(["{U}", "Admin", "{U}|Admin|{U}", "", "Nobody " + self.run, "{B}"])
            if name == "section":
                return r.choice(["0", "1", "2", "new", "x", "99", "T-1"])
            return r.choice(["{X}", "", "x", "a|b", "0", "\u00e9"])
        return r.choice(["x", "", "1"])

    def fill_module(self, r, info, prefix, out, mod):
        """Random values for some of a module's parameters (with `prefix`), plus the run's scope."""
        params = info.get("parameters", [])
        loose = mod in LOOSE
        scope = SCOPE.get(mod, {})
        if scope and r.random() < 0.85:
            for k, v in scope.items():
                out[prefix + k] = v
                self.keep.add(prefix + k)
        elif mod in SCOPE and mod not in ("users", "watchlist", "watchlistraw") and scope:
            loose = True
        for p in params:
            if p["name"] in SKIP_PARAMS:
                continue
            if p.get("required") and prefix + p["name"] not in out:
                if r.random() < 0.95:
                    out[prefix + p["name"]] = self.value(r, mod, p)
            elif r.random() < (0.15 if p["name"] != "prop" else 0.6):
                out[prefix + p["name"]] = self.value(r, mod, p)
        if r.random() < 0.05:
            out[prefix + "bogus"] = "1"
        return loose

    def gen(self, r, mods, only):
        """One random request: (who, params, post, loose, label)."""
        q = self.mods
        self.keep = set()
        if only:
            name = r.choice(only)
        elif r.random() < 0.35:
            name = r.choice(POPULAR)
        elif r.random() < 0.15:
            name = r.choice(ACTIONS)
        else:
            name = r.choice(sorted(q))
        info = q[name]
        p = {}
        loose = False
        label = name
        if info.get("group") is None or name in ACTIONS:
            p["action"] = name
            loose = self.fill_module(r, info, "", p, name)
            if name == "parse" and r.random() < 0.8:
                for k in ("text", "title", "page", "pageid", "oldid", "revid"):
                    p.pop(k, None)
                src = r.choice(["page", "page", "text", "pageid", "oldid", "text+title", "none"])
                if src == "page":
                    p["page"] = self.title(r)
                elif src == "text":
                    p["text"] = self.value(r, name, {"name": "text", "type": "text"})
                elif src == "text+title":
                    p["text"] = self.value(r, name, {"name": "text", "type": "text"})
                    p["title"] = self.title(r)
                elif src == "pageid":
                    p["pageid"] = r.choice(["{pidA}", "999999999"])
                elif src == "oldid":
                    p["oldid"] = r.choice(["{revA0}", "{revA2}", "{revD}", "999999999"])
                p.pop("contentmodel", None) if r.random() < 0.8 else None
                p.pop("contentformat", None) if r.random() < 0.8 else None
            if name in ("feedcontributions",) and r.random() < 0.8:
                p["user"] = "{U}"
            if name.startswith("feed"):
                p.pop("format", None)
            loose = loose or name in ("feedrecentchanges", "opensearch")
        else:
            p["action"] = "query"
            group = info["group"]
            prefix = info.get("prefix", "")
            use_gen = group in ("prop", "list") and info.get("generator") and r.random() < 0.3
            if use_gen:
                p["generator"] = name
                loose = self.fill_module(r, info, "g" + prefix, p, name)
                props = [m for m in q if q[m].get("group") == "prop"]
                p["prop"] = "|".join(r.sample(props, r.choice([0, 1, 1, 2])) or ["info"])
                for pm in p["prop"].split("|"):
                    if pm in q:
                        self.fill_module(r, q[pm], q[pm].get("prefix", ""), p, pm)
                label = "generator=" + name
            else:
                p[group] = name
                loose = self.fill_module(r, info, prefix, p, name)
            if group == "prop" and not use_gen or (use_gen and group == "prop"):
                k = r.random()
                if k < 0.7:
                    p["titles"] = ("|".join(self.title(r) for _ in range(r.randint(1, 3))) if r.random() < 0.5
                                   else r.choice(["{A}", "{A}|{X} B", "File:{X} F.png", "Category:{X} C", "{X} R"]))
                elif k < 0.8:
                    p["pageids"] = r.choice(["{pidA}", "999999999", "{pidA}|0"])
                elif k < 0.9:
                    p["revids"] = r.choice(["{revA0}|{revA2}", "{revD}", "999999999", "{revB}"])
            for f in ("redirects", "converttitles", "indexpageids", "rawcontinue"):
                if r.random() < 0.07:
                    p[f] = "1"
            if r.random() < 0.03:
                p["continue"] = r.choice(["garbage", "||", "-||"])
        who = r.choice(["user", "user", "user", "anon", "admin"])
        if r.random() < 0.1:
            p[r.choice(["qdunknown", "titles", "prop"]) if "titles" not in p else "qdunknown"] = "1"
        fmt = r.random()
        if not name.startswith("feed"):
            p["format"] = "json" if fmt < 0.82 else ("xml" if fmt < 0.91 else "php")
        if r.random() < 0.5:
            p["formatversion"] = r.choice(["2", "2", "2", "latest", "1", "1", "3"])
        if r.random() < 0.2:
            p["errorformat"] = r.choice(["plaintext", "raw", "html", "bc", "wikitext", "none", "bad"])
        if r.random() < 0.08:
            p["uselang"] = r.choice(["qqx", "de", "en", "xx-bogus", "user", "content"])
        if r.random() < 0.05:
            p[r.choice(["utf8", "ascii"])] = "1"
        if r.random() < 0.04:
            p["assert"] = r.choice(["user", "bot", "anon", "bad"])
        if r.random() < 0.03:
            p["curtimestamp"] = "1"
        post = r.random() < 0.05
        if who == "admin" and name in ("watchlist", "watchlistraw"):
            loose = True   # Admin's watchlist on the oracle holds every earlier run
        return who, p, post, loose or name in LOOSE, label

    def load_modules(self):
        """The oracle's paraminfo of every query submodule and of the read actions."""
        w = self.w[0]
        _, _, j = w.call("anon", {"action": "paraminfo", "modules": "query", "formatversion": "2"}, post=False)
        qp = j["paraminfo"]["modules"][0]["parameters"]
        names = []
        for p in qp:
            if p["name"] in ("prop", "list", "meta"):
                names += ["query+" + n for n in p["type"]]
        self.mods = {}
        for i in range(0, len(names), 40):
            _, _, j = w.call("anon", {"action": "paraminfo", "modules": "|".join(names[i:i + 40]),
                                      "formatversion": "2"}, post=False)
            for m in j["paraminfo"]["modules"]:
                self.mods[m["name"]] = m
        _, _, j = w.call("anon", {"action": "paraminfo", "modules": "|".join(ACTIONS), "formatversion": "2"},
                         post=False)
        for m in j["paraminfo"]["modules"]:
            m["group"] = None
            self.mods[m["name"]] = m


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    shrink = "--no-shrink" not in args
    args = [a for a in args if a not in ("-v", "--no-shrink")]
    only = None
    runid = str(int(time.time()) % 1000000)
    if "--only" in args:
        i = args.index("--only")
        only = args[i + 1].split(",")
        del args[i:i + 2]
    if "--run" in args:
        i = args.index("--run")
        runid = args[i + 1]
        del args[i:i + 2]
    if len(args) != 6:
        sys.exit("usage: qdiff.py ORACLE_API WIKID_API ORACLE_PASS WIKID_PASS START COUNT "
                 "[--only M,..] [--run ID] [--no-shrink] [-v]")
    oracle, wikid, opass, wpass, start, count = args
    run = Run(Wiki(oracle, opass), Wiki(wikid, wpass), runid, verbose, shrink)
    run.load_modules()
    run.fixtures()
    for seed in range(int(start), int(start) + int(count)):
        r = random.Random(seed)
        who, p, post, loose, label = run.gen(r, run.mods, only)
        try:
            run.both(who, p, post=post, label=label, loose=loose)
        except (OSError, ValueError) as e:
            print("FAIL %s seed %d: %s %s" % (label, seed, type(e).__name__, e))
    print("qdiff: %d requests compared, %d differ" % (run.compared, sum(len(v) for v in run.diffs.values())))
    for mod, ds in sorted(run.diffs.items()):
        print("  %s: %d" % (mod, len(ds)))


if __name__ == "__main__":
    main()
