#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# wdiff.py — random differential testing of the write and admin modules:
# for each seed, create the same small fixtures on MediaWiki (the oracle)
# and on wikid (a page with three revisions by two users, its talk page
# and a subpage, a second page, a deleted page, a fresh account), then
# send the same short sequence of write requests, with parameters drawn
# at random from edge-case pools, to both, and print every request whose
# answer differs in what a client sees: HTTP status, the
# MediaWiki-API-Error header, error and warning codes, result keys and
# value types, and the values that do not depend on the wiki (flags,
# titles, codes). Ids, timestamps, tokens, sizes and message texts are
# ignored. After each request the page's state (protection, latest
# revision flags, content, existence) is compared too.
#
#   scripts/wdiff.py ORACLE_API WIKID_API ORACLE_PASS WIKID_PASS START COUNT
#       [--only MODULE[,MODULE]] [--run RUNID] [-v]
#
# Titles hold a run id (default: the time) so that runs never meet pages
# of an earlier run on a wiki that keeps its data. Run wikid with the
# oracle's site name (wikid.ini [site] sitename) so texts that name the
# site agree.
import http.cookiejar
import json
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

VOLATILE = {"curtimestamp", "servedby", "timestamp", "touched", "requestid", "token", "csrftoken",
            "userid", "id", "pageid", "revid", "parentid", "newrevid", "oldrevid", "lastrevid", "rcid",
            "logid", "old_revid", "length", "size", "newlen", "oldlen", "sha1", "newtimestamp",
            "starttimestamp", "basetimestamp", "expiry", "comment", "parsedcomment", "reason",
            "*", "html", "info", "docref", "text", "filekey", "sessionkey", "blockid", "user_id",
            "mediatype", "descriptionurl", "descriptionshorturl", "url", "metadata", "commonmetadata",
            "bitdepth", "mime", "width", "height", "duplicate", "duplicate-archive", "key",
            "pageids", "fromid", "toid", "revisions", "ids", "timestamps", "fileids", "oldid",
            "lastrevid", "last_revid", "userID", "actionlogid", "blockreason", "blockid", "blockexpiry", "blockedtimestamp", "summary", "contentmodel_warning", "expiry_formatted", "newexpiry", "oldexpiry"}


class Wiki:
    """One wiki's sessions (admin, user, anon) and their tokens."""

    def __init__(self, url, password):
        self.url = url
        self.password = password
        self.sessions = {}
        self.tokens = {}
        self.vals = {}   # per-wiki values of placeholders (revision ids, rcids)

    def opener(self, who):
        if who not in self.sessions:
            self.sessions[who] = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        return self.sessions[who]

    def call(self, who, params, post=True, files=None):
        params = dict(params)
        params.setdefault("format", "json")
        op = self.opener(who)
        if files:
            b = uuid.uuid4().hex
            parts = []
            for k, v in params.items():
                parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (b, k)).encode()
                             + str(v).encode() + b"\r\n")
            for k, (fn, data) in files.items():
                parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                              "Content-Type: application/octet-stream\r\n\r\n" % (b, k, fn)).encode()
                             + data + b"\r\n")
            body = b"".join(parts) + ("--%s--\r\n" % b).encode()
            req = urllib.request.Request(self.url, body, {"Content-Type": "multipart/form-data; boundary=" + b})
        elif post:
            req = urllib.request.Request(self.url, urllib.parse.urlencode(params).encode())
        else:
            req = urllib.request.Request(self.url + "?" + urllib.parse.urlencode(params))
        try:
            r = op.open(req, timeout=60)
            status, hdr, body = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, hdr, body = e.code, e.headers, e.read()
        try:
            j = json.loads(body)
        except ValueError:
            j = {"<raw>": body[:200].decode("utf-8", "replace")}
        return status, hdr.get("MediaWiki-API-Error"), j

    def token(self, who, kind):
        key = (who, kind)
        if key not in self.tokens:
            _, _, j = self.call(who, {"action": "query", "meta": "tokens", "type": kind}, post=False)
            self.tokens[key] = j["query"]["tokens"][kind + "token"]
        return self.tokens[key]

    def login(self, who, name, password):
        lt = self.token(who, "login")
        _, _, j = self.call(who, {"action": "login", "lgname": name, "lgpassword": password, "lgtoken": lt})
        if j.get("login", {}).get("result") != "Success":
            sys.exit("login of %s failed on %s: %s" % (name, self.url, j))
        self.tokens = {k: v for k, v in self.tokens.items() if k[0] != who}

    def fill(self, who, params):
        """Placeholders: {csrf} {rollback} {patrol} {userrights} {watch} tokens, {name} from vals."""
        out = {}
        for k, v in params.items():
            if isinstance(v, str) and "{" in v:
                for kind in ("csrf", "rollback", "patrol", "userrights", "watch", "createaccount", "login"):
                    if "{%s}" % kind in v:
                        v = v.replace("{%s}" % kind, self.token(who, kind))
                for name, val in self.vals.items():
                    v = v.replace("{%s}" % name, str(val))
            out[k] = v
        return out


def shape(v, key=None):
    if isinstance(v, dict):
        if key == "continue":
            return {k: "<c>" for k in v}
        return {k: shape(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [shape(x) for x in v]
    if key in VOLATILE:
        return "<%s>" % type(v).__name__
    return v


def diff(a, b, path="", out=None):
    if out is None:
        out = []
    if len(out) >= 6:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = path + "." + k if path else k
            if k not in b:
                out.append("missing " + p)
            elif k not in a:
                out.append("extra " + p)
            else:
                diff(a[k], b[k], p, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: %d items vs %d" % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (path, i), out)
    elif a != b:
        out.append(("%s: %r vs %r" % (path, a, b))[:300])
    return out


def norm_body(j):
    """Warnings in fv1/bc form hold texts: keep only which modules warned."""
    j = json.loads(json.dumps(j))
    w = j.get("warnings")
    if isinstance(w, dict):
        j["warnings"] = {m: "<warn>" for m in w}
    if isinstance(j.get("error"), dict):
        e = j["error"]
        j["error"] = {k: (shape(v, k) if k not in ("code",) else v) for k, v in e.items()}
    return shape(j)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5e1e8"
                    "3c0000000049454e44ae426082")


def png(seed):
    """A valid 1x1 PNG that differs per seed (a tEXt chunk holds the seed)."""
    import zlib
    data = b"Comment\x00wdiff" + str(seed).encode()
    chunk = len(data).to_bytes(4, "big") + b"tEXt" + data + zlib.crc32(b"tEXt" + data).to_bytes(4, "big")
    return PNG[:-12] + chunk + PNG[-12:]


class Run:
    def __init__(self, a, b, run, verbose):
        self.w = [a, b]
        self.run = run
        self.verbose = verbose
        self.compared = 0
        self.diffs = {}

    def both(self, who, params, post=True, files=None, label=None, compare=True):
        """Send one request to both wikis; compare; return both answers' JSON."""
        res = []
        for w in self.w:
            res.append(w.call(who, w.fill(who, params), post, files))
        if compare:
            self.compared += 1
            (s1, e1, j1), (s2, e2, j2) = res
            d = []
            if s1 != s2:
                d.append("status %s vs %s" % (s1, s2))
            if e1 != e2:
                d.append("API-Error %r vs %r" % (e1, e2))
            d += diff(norm_body(j1), norm_body(j2))
            mod = label or params.get("action")
            if d:
                self.diffs.setdefault(mod, []).append(d)
                shown = {k: v for k, v in params.items() if k not in ("token", "format")}
                if label and label.endswith("/state"):
                    shown = {"after": self.last}
                print("DIFF %s [%s] %s: %s" % (mod, who, json.dumps(shown, ensure_ascii=False)[:300],
                                              "; ".join(d)[:700]))
            elif self.verbose:
                print("same %s [%s] %s" % (mod, who, json.dumps(params, ensure_ascii=False)[:200]))
        return [r[2] for r in res]

    def setvals(self, name, answers, fn):
        for w, j in zip(self.w, answers):
            try:
                w.vals[name] = fn(j)
            except (KeyError, IndexError, TypeError):
                w.vals[name] = "0"

    def setup(self):
        """Log Admin in on both; create the second account and log it in."""
        for w in self.w:
            w.login("admin", "Admin", w.password)
        self.user = "Wduser" + self.run
        self.upass = "wdiff-user-pass-" + self.run
        for w in self.w:
            ct = w.token("anon", "createaccount")
            _, _, j = w.call("anon", {"action": "createaccount", "username": self.user, "password": self.upass,
                                      "retype": self.upass, "createtoken": ct,
                                      "createreturnurl": "http://example.org/"})
            if j.get("createaccount", {}).get("status") != "PASS":
                sys.exit("createaccount failed on %s: %s" % (w.url, j))
            w.sessions.pop("anon", None)
            w.tokens = {k: v for k, v in w.tokens.items() if k[0] != "anon"}
            w.login("user", self.user, self.upass)

    def fixtures(self, seed):
        """Pages of this seed: P (3 revisions: Admin, Admin, user), Talk:P, P/sub, Q, and D
        (deleted); placeholders rev0..rev2 hold P's revision ids."""
        pre = "Wd%s %d" % (self.run, seed)
        self.P, self.Q, self.D = pre + " P", pre + " Q", pre + " D"
        self.N = pre + " N"
        for i, (who, text) in enumerate((("admin", "== One ==\nfirst\n== Two ==\nsecond\n"),
                                         ("admin", "== One ==\nfirst edited\n== Two ==\nsecond\n"),
                                         ("user", "== One ==\nfirst edited\n== Two ==\nsecond by user\n"))):
            ans = self.both(who, {"action": "edit", "title": self.P, "text": text, "token": "{csrf}"},
                            compare=False)
            self.setvals("rev%d" % i, ans, lambda j: j["edit"]["newrevid"])
        for t in ("Talk:" + self.P, self.P + "/sub", self.Q, self.D):
            self.both("admin", {"action": "edit", "title": t, "text": "text of " + t, "token": "{csrf}"},
                      compare=False)
        self.both("admin", {"action": "delete", "title": self.D, "token": "{csrf}"}, compare=False)

    def clear_autoblocks(self):
        """Lift every autoblock: a blocked account's creation came from this client's address."""
        for w in self.w:
            _, _, j = w.call("admin", {"action": "query", "list": "blocks", "bklimit": "max", "bkprop": "id|flags"},
                             post=False)
            for b in j.get("query", {}).get("blocks", []):
                if "automatic" in b or b.get("automatic") is True:
                    w.call("admin", {"action": "unblock", "id": b["id"], "token": w.token("admin", "csrf")})

    def state(self, titles, label):
        """Compare what the pages look like now."""
        self.both("admin", {"action": "query", "titles": "|".join(titles), "prop": "info|revisions",
                            "inprop": "protection|watched", "rvprop": "flags|user|content|tags|contentmodel",
                            "rvslots": "main", "formatversion": "2"}, post=False, label=label + "/state")


def rand_title(r, run):
    return r.choice([run.P, run.P, run.N, run.Q, run.D, "Talk:" + run.P, "A|b", "", "Special:Foo",
                     run.P.lower(), "Media:X.png"])


def gen_edit(r, run):
    p = {"action": "edit", "title": rand_title(r, run), "token": "{csrf}"}
    body = r.choice(["text", "text", "appendtext", "prependtext", "both", "none", "undo"])
    if body == "text":
        p["text"] = r.choice(["new text", "", "== One ==\nfirst edited\n== Two ==\nsecond by user\n",
                              "#REDIRECT [[Main Page]]", "{\"a\": 1}", "~~~~ sig"])
    elif body in ("appendtext", "both"):
        p["appendtext"] = r.choice(["\nappended", "", "x"])
    if body in ("prependtext", "both"):
        p["prependtext"] = r.choice(["pre\n", ""])
    if body == "undo":
        p["undo"] = r.choice(["{rev2}", "{rev1}", "{rev0}", "999999", "x", "0"])
        if r.random() < 0.5:
            p["undoafter"] = r.choice(["{rev0}", "{rev1}", "{rev2}", "999999"])
    if r.random() < 0.4:
        p["section"] = r.choice(["new", "0", "1", "2", "3", "99", "x", "T-1", "-1", ""])
    if r.random() < 0.3:
        p["sectiontitle"] = r.choice(["Heading", "", "a" * 300])
    for f in ("createonly", "nocreate", "minor", "notminor", "bot", "recreate", "redirect", "nosuppress"):
        if r.random() < 0.12:
            p[f] = "1"
    if r.random() < 0.2:
        p["summary"] = r.choice(["sum", "x" * 600, "", "/* One */ s", "é" * 300])
    if r.random() < 0.1:
        p["md5"] = r.choice(["0" * 32, "bad", "d41d8cd98f00b204e9800998ecf8427e"])
    if r.random() < 0.15:
        p["basetimestamp"] = r.choice(["2001-01-01T00:00:00Z", "now", "bad", "20010101000000"])
    if r.random() < 0.15:
        p["starttimestamp"] = r.choice(["2001-01-01T00:00:00Z", "now", "bad", "2099-01-01T00:00:00Z"])
    if r.random() < 0.15:
        p["contentmodel"] = r.choice(["wikitext", "json", "css", "javascript", "text", "bad"])
    if r.random() < 0.1:
        p["contentformat"] = r.choice(["text/x-wiki", "application/json", "text/css", "text/plain", "bad"])
    if r.random() < 0.1:
        p["tags"] = r.choice(["bad-tag", "mw-replace", "mw-undo", ""])
    if r.random() < 0.15:
        p["watchlist"] = r.choice(["watch", "unwatch", "preferences", "nochange", "bad"])
    if r.random() < 0.05:
        p["watchlistexpiry"] = r.choice(["1 week", "infinite", "bad"])
    if r.random() < 0.05:
        p["baserevid"] = r.choice(["{rev0}", "999999"])
    return p


def gen_move(r, run):
    p = {"action": "move", "from": r.choice([run.P, run.P, run.N, run.D, "A|b", "Talk:" + run.P]),
         "to": r.choice([run.N, run.N, run.Q, run.P, "A|b", "", "Talk:" + run.N, "User:" + run.N,
                         "Special:X", "File:" + run.N + ".png"]), "token": "{csrf}"}
    for f in ("movetalk", "movesubpages", "noredirect", "ignorewarnings"):
        if r.random() < 0.35:
            p[f] = "1"
    if r.random() < 0.2:
        p["reason"] = r.choice(["why", "x" * 600])
    if r.random() < 0.1:
        p["watchlist"] = r.choice(["watch", "unwatch", "nochange", "preferences"])
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    if r.random() < 0.05:
        del p["from"]
        p["fromid"] = r.choice(["0", "999999"])
    return p


def gen_delete(r, run):
    p = {"action": "delete", "title": rand_title(r, run), "token": "{csrf}"}
    if r.random() < 0.2:
        p["reason"] = r.choice(["why", "x" * 600, ""])
    if r.random() < 0.1:
        p["oldimage"] = r.choice(["bad", "20010101000000!X.png"])
    if r.random() < 0.15:
        p["deletetalk"] = "1"
    if r.random() < 0.1:
        p["watchlist"] = r.choice(["watch", "unwatch", "nochange"])
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    if r.random() < 0.1:
        del p["title"]
        p["pageid"] = r.choice(["0", "999999"])
    return p


def gen_undelete(r, run):
    p = {"action": "undelete", "title": r.choice([run.D, run.D, run.P, run.N, "A|b", "Talk:" + run.D]),
         "token": "{csrf}"}
    if r.random() < 0.2:
        p["reason"] = r.choice(["why", "x" * 600])
    if r.random() < 0.2:
        p["timestamps"] = r.choice(["2001-01-01T00:00:00Z", "bad", "now"])
    if r.random() < 0.15:
        p["fileids"] = r.choice(["1", "x", "1|2"])
    if r.random() < 0.15:
        p["undeletetalk"] = "1"
    if r.random() < 0.1:
        p["watchlist"] = r.choice(["watch", "unwatch", "nochange"])
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    return p


def gen_protect(r, run):
    p = {"action": "protect", "title": r.choice([run.P, run.P, run.N, run.D, "A|b", "Special:X"]),
         "token": "{csrf}",
         "protections": r.choice(["edit=sysop", "edit=autoconfirmed|move=sysop", "edit=all", "edit=bad",
                                  "bad=sysop", "create=sysop", "edit=sysop|edit=sysop", "", "edit",
                                  "upload=sysop", "move=sysop"])}
    if r.random() < 0.5:
        p["expiry"] = r.choice(["infinite", "1 week", "bad", "infinite|1 week", "2001-01-01T00:00:00Z",
                                "never", "1 week|1 week|1 week", ""])
    if r.random() < 0.25:
        p["cascade"] = "1"
    if r.random() < 0.15:
        p["reason"] = "why"
    if r.random() < 0.1:
        p["watchlist"] = r.choice(["watch", "unwatch", "nochange"])
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    return p


def gen_rollback(r, run):
    p = {"action": "rollback", "title": r.choice([run.P, run.P, run.N, run.Q, "A|b"]),
         "user": r.choice([run.user, run.user, "Admin", "Nobody here", "127.0.0.1", "A|b", ""]),
         "token": "{rollback}"}
    if r.random() < 0.2:
        p["summary"] = r.choice(["sum", "x" * 600])
    if r.random() < 0.2:
        p["markbot"] = "1"
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    if r.random() < 0.1:
        p["watchlist"] = r.choice(["watch", "nochange"])
    return p


def gen_patrol(r, run):
    p = {"action": "patrol", "token": "{patrol}"}
    k = r.random()
    if k < 0.4:
        p["revid"] = r.choice(["{rev2}", "{rev0}", "999999", "x"])
    elif k < 0.8:
        p["rcid"] = r.choice(["{rc2}", "999999", "x"])
    elif k < 0.9:
        p["rcid"], p["revid"] = "{rc2}", "{rev2}"
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    return p


def gen_block(r, run):
    p = {"action": "block", "user": r.choice([run.B, run.B, "10.%d.1.2" % (run.seed % 250),
                                              "10.%d.0.0/24" % (run.seed % 250), "10.0.0.0/8",
                                              "Nobody here", "A|b", ""]), "token": "{csrf}"}
    if r.random() < 0.6:
        p["expiry"] = r.choice(["infinite", "1 week", "bad", "2001-01-01T00:00:00Z", "never", ""])
    for f in ("anononly", "nocreate", "autoblock", "noemail", "hidename", "allowusertalk", "reblock",
              "watchuser", "partial"):
        if r.random() < 0.15:
            p[f] = "1"
    if r.random() < 0.2:
        p["pagerestrictions"] = r.choice([run.P, run.P + "|" + run.Q, "A|b"])
    if r.random() < 0.2:
        p["namespacerestrictions"] = r.choice(["0", "1|2", "99", "x"])
    if r.random() < 0.1:
        p["reason"] = "why"
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    return p


def gen_unblock(r, run):
    p = {"action": "unblock", "token": "{csrf}"}
    k = r.random()
    if k < 0.6:
        p["user"] = r.choice([run.B, "Nobody here", "A|b", "10.1.1.1"])
    elif k < 0.8:
        p["id"] = r.choice(["999999", "x", "{blockid}"])
    if r.random() < 0.1:
        p["reason"] = "why"
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    if r.random() < 0.1:
        p["watchuser"] = "1"
    return p


def gen_userrights(r, run):
    p = {"action": "userrights", "user": r.choice([run.B, run.B, "Nobody here", "A|b", "10.1.1.1"]),
         "token": "{userrights}"}
    if r.random() < 0.7:
        p["add"] = r.choice(["bot", "sysop", "bot|sysop", "bad", "bureaucrat", "interface-admin", "*"])
    if r.random() < 0.4:
        p["remove"] = r.choice(["bot", "sysop", "bad", "bot|sysop"])
    if r.random() < 0.3:
        p["expiry"] = r.choice(["infinite", "1 month", "bad", "infinite|1 week", "2001-01-01T00:00:00Z"])
    if r.random() < 0.1:
        p["reason"] = "why"
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    if r.random() < 0.1:
        del p["user"]
        p["userid"] = r.choice(["0", "999999"])
    return p


def gen_ccm(r, run):
    p = {"action": "changecontentmodel", "title": r.choice([run.P, run.N, run.Q, "A|b", "Special:X"]),
         "model": r.choice(["text", "json", "wikitext", "css", "javascript", "bad"]), "token": "{csrf}"}
    # Always a summary: MediaWiki 1.39 fails with an internal error without one.
    p["summary"] = "sum"
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    if r.random() < 0.1:
        p["bot"] = "1"
    return p


def gen_managetags(r, run):
    p = {"action": "managetags", "token": "{csrf}",
         "operation": r.choice(["create", "create", "delete", "activate", "deactivate", "bad"]),
         "tag": r.choice([run.tag, run.tag, "mw-undo", "a,b", "", "a|b", "x" * 300, "Wd missing"])}
    if r.random() < 0.3:
        p["reason"] = "why"
    if r.random() < 0.3:
        p["ignorewarnings"] = "1"
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    return p


def gen_tag(r, run):
    p = {"action": "tag", "token": "{csrf}"}
    k = r.random()
    if k < 0.4:
        p["revid"] = r.choice(["{rev2}", "{rev0}|{rev1}", "999999", "x"])
    elif k < 0.7:
        p["rcid"] = r.choice(["{rc2}", "999999"])
    elif k < 0.9:
        p["logid"] = r.choice(["{logid}", "999999"])
    if r.random() < 0.7:
        p["add"] = r.choice([run.tag, "mw-undo", "bad-tag", run.tag + "|bad-tag"])
    if r.random() < 0.4:
        p["remove"] = r.choice([run.tag, "mw-undo", "bad-tag"])
    if r.random() < 0.1:
        p["reason"] = "why"
    return p


def gen_options(r, run):
    p = {"action": "options", "token": "{csrf}"}
    if r.random() < 0.6:
        p["change"] = r.choice(["gender=male", "skin=bad", "userjs-wd=x", "nonexistent=1", "gender=bad",
                                "gender=female|skin=vector", "rememberpassword", "realname=x", "email=a@b"])
    if r.random() < 0.3:
        p["optionname"] = r.choice(["gender", "userjs-wd", "bad", "a|b"])
        if r.random() < 0.7:
            p["optionvalue"] = r.choice(["male", "x", ""])
    if r.random() < 0.2:
        p["reset"] = "1"
    if r.random() < 0.15:
        p["resetkinds"] = r.choice(["registered", "all", "userjs", "bad", "special|unused"])
    return p


def gen_watch(r, run):
    p = {"action": "watch", "token": "{watch}",
         "titles": r.choice([run.P, run.P + "|" + run.N, "A|b", "Special:X", run.P + "|" + run.P, ""])}
    if r.random() < 0.3:
        p["unwatch"] = "1"
    if r.random() < 0.2:
        p["expiry"] = r.choice(["1 week", "infinite", "bad", "2001-01-01T00:00:00Z"])
    if r.random() < 0.1:
        del p["titles"]
        p["generator"] = "allpages"
        p["gapprefix"] = "Wd" + run.run
    if r.random() < 0.05:
        p["title"] = run.P
    return p


def gen_purge(r, run):
    p = {"action": "purge", "titles": r.choice([run.P, run.P + "|" + run.N, "A|b", "Special:X", ""])}
    for f in ("forcelinkupdate", "forcerecursivelinkupdate", "redirects", "converttitles"):
        if r.random() < 0.2:
            p[f] = "1"
    if r.random() < 0.1:
        del p["titles"]
        p["pageids"] = "999999"
    return p


def gen_snt(r, run):
    p = {"action": "setnotificationtimestamp", "token": "{csrf}"}
    k = r.random()
    if k < 0.2:
        p["entirewatchlist"] = "1"
    elif k < 0.9:
        p["titles"] = r.choice([run.P, run.N, "A|b", run.P + "|" + run.Q])
    if r.random() < 0.3:
        p["timestamp"] = r.choice(["2001-01-01T00:00:00Z", "bad", "now"])
    if r.random() < 0.2:
        p["torevid"] = r.choice(["{rev1}", "999999"])
    if r.random() < 0.2:
        p["newerthanrevid"] = r.choice(["{rev1}", "999999"])
    return p


def gen_merge(r, run):
    p = {"action": "mergehistory", "token": "{csrf}",
         "from": r.choice([run.P, run.Q, run.N, "A|b", ""]), "to": r.choice([run.Q, run.P, run.N, "A|b"])}
    if r.random() < 0.3:
        p["timestamp"] = r.choice(["2001-01-01T00:00:00Z", "bad", "2099-01-01T00:00:00Z"])
    if r.random() < 0.2:
        p["reason"] = "why"
    if r.random() < 0.1:
        del p["from"]
        p["fromid"] = "999999"
    return p


def gen_revdel(r, run):
    p = {"action": "revisiondelete", "token": "{csrf}",
         "type": r.choice(["revision", "revision", "logging", "archive", "filearchive", "oldimage", "bad"])}
    if r.random() < 0.8:
        p["target"] = r.choice([run.P, run.N, "A|b"])
    if r.random() < 0.9:
        p["ids"] = r.choice(["{rev1}", "{rev0}|{rev1}", "{rev2}", "999999", "x", "{logid}"])
    if r.random() < 0.8:
        p["hide"] = r.choice(["content", "comment|user", "content|comment|user", "bad"])
    if r.random() < 0.3:
        p["show"] = r.choice(["content", "comment"])
    if r.random() < 0.2:
        p["suppress"] = r.choice(["yes", "no", "nochange", "bad"])
    if r.random() < 0.1:
        p["reason"] = "why"
    return p


def gen_emailuser(r, run):
    p = {"action": "emailuser", "token": "{csrf}", "target": r.choice([run.user, "Admin", "Nobody", "A|b"]),
         "text": r.choice(["hello", ""])}
    if r.random() < 0.5:
        p["subject"] = "subj"
    if r.random() < 0.2:
        p["ccme"] = "1"
    return p


def gen_blocked(r, run):
    """A request by the seed's blocked account (see one(): "blocked")."""
    k = r.randint(0, 9)
    if k <= 2:
        return {"action": "edit", "title": r.choice([run.P, run.Q, run.N, "User talk:" + run.B, "Talk:" + run.P]),
                "appendtext": "x", "token": "{csrf}"}
    if k == 3:
        return {"action": "move", "from": run.P, "to": run.N, "token": "{csrf}"}
    if k == 4:
        return {"action": "emailuser", "target": "Admin", "text": "t", "token": "{csrf}"}
    if k == 5:
        return {"action": "options", "change": "gender=male", "token": "{csrf}"}
    if k == 6:
        return {"action": "watch", "titles": run.P, "token": "{watch}"}
    if k == 7:
        return {"action": "changecontentmodel", "title": run.P, "model": "text", "summary": "s", "token": "{csrf}"}
    if k == 8:
        return {"action": "upload", "filename": run.F, "text": "x", "token": "{csrf}"}
    return {"action": "purge", "titles": run.P}


def gen_clearhasmsg(r, run):
    return {"action": "clearhasmsg", "token": "{csrf}"}


def gen_import(r, run):
    p = {"action": "import", "token": "{csrf}"}
    k = r.random()
    if k < 0.4:
        p["interwikisource"] = r.choice(["wikipedia", "bad", ""])
        if r.random() < 0.7:
            p["interwikipage"] = "Foo"
    if r.random() < 0.2:
        p["namespace"] = r.choice(["0", "1", "99"])
    if r.random() < 0.2:
        p["rootpage"] = r.choice([run.P, "A|b"])
    if r.random() < 0.2:
        p["summary"] = "sum"
    for f in ("fullhistory", "templates", "assignknownusers"):
        if r.random() < 0.1:
            p[f] = "1"
    if r.random() < 0.1:
        p["interwikiprefix"] = "en"
    if "interwikisource" not in p and r.random() < 0.7:
        p["<xml>"] = r.choice(["page", "page", "broken", "empty"])
        if r.random() < 0.7:
            p["interwikiprefix"] = r.choice(["en", "w", ""])
    return p


def import_xml(run, kind):
    """A small dump: one page of two revisions (to a title of this seed), a broken one, or nothing."""
    if kind == "empty":
        return b""
    if kind == "broken":
        return b"<mediawiki><page><title>x</title><revision><text>unclosed"
    return ("""<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">
<page><title>%s</title><ns>0</ns><id>1</id>
<revision><id>1</id><timestamp>2001-01-01T00:00:00Z</timestamp><contributor><username>Imported</username><id>1</id></contributor>
<comment>c1</comment><model>wikitext</model><format>text/x-wiki</format><text xml:space="preserve">one</text></revision>
<revision><id>2</id><parentid>1</parentid><timestamp>2001-01-02T00:00:00Z</timestamp><contributor><ip>10.0.0.1</ip></contributor>
<model>wikitext</model><format>text/x-wiki</format><text xml:space="preserve">two</text></revision>
</page></mediawiki>""" % (run.N,)).encode()


def gen_upload(r, run):
    p = {"action": "upload", "token": "{csrf}",
         "filename": r.choice([run.F, run.F, run.F2, "A|b.png", "X.exe", "", "noext"])}
    k = r.random()
    if k < 0.15:
        p["filekey"] = r.choice(["bad", "{filekey}"])
    elif k < 0.2:
        p["url"] = "http://example.org/x.png"
    elif k < 0.25:
        pass
    else:
        p["<file>"] = r.choice(["same", "new", "new", "empty"])
    if r.random() < 0.3:
        p["ignorewarnings"] = "1"
    if r.random() < 0.25:
        p["stash"] = "1"
    if r.random() < 0.2:
        p["comment"] = "c"
    if r.random() < 0.2:
        p["text"] = "page text"
    if r.random() < 0.1:
        p["watchlist"] = r.choice(["watch", "nochange"])
    if r.random() < 0.1:
        p["tags"] = "bad-tag"
    return p


# upload is left out unless named: wikid runs with uploads disabled.
GENS = {"edit": gen_edit, "move": gen_move, "delete": gen_delete, "undelete": gen_undelete,
        "protect": gen_protect, "rollback": gen_rollback, "patrol": gen_patrol, "block": gen_block,
        "unblock": gen_unblock, "userrights": gen_userrights, "changecontentmodel": gen_ccm,
        "managetags": gen_managetags, "tag": gen_tag, "options": gen_options, "watch": gen_watch,
        "purge": gen_purge, "setnotificationtimestamp": gen_snt, "mergehistory": gen_merge,
        "revisiondelete": gen_revdel, "emailuser": gen_emailuser, "clearhasmsg": gen_clearhasmsg,
        "import": gen_import, "upload": gen_upload, "blocked": gen_blocked}
# Modules that need the seed's account, its blocks, a tag or a file.
NEEDS_ACCOUNT = {"block", "unblock", "userrights", "blocked"}


def one(run, seed, only):
    r = random.Random(seed)
    mods = only or sorted(m for m in GENS if m != "upload")
    mod = r.choice(mods)
    run.seed = seed
    run.fixtures(seed)
    run.tag = "wd-%s-%d" % (run.run, seed)
    run.F = "Wd%s %d.png" % (run.run, seed)
    run.F2 = "Wd%s %d b.png" % (run.run, seed)
    if mod in ("patrol", "tag", "revisiondelete"):
        ans = run.both("admin", {"action": "query", "list": "recentchanges", "rctitle": run.P, "rclimit": "1",
                                 "rcprop": "ids"}, post=False, compare=False)
        run.setvals("rc2", ans, lambda j: j["query"]["recentchanges"][0]["rcid"])
        ans = run.both("admin", {"action": "query", "list": "logevents", "letitle": run.D, "lelimit": "1"},
                       post=False, compare=False)
        run.setvals("logid", ans, lambda j: j["query"]["logevents"][0]["logid"])
    if mod == "tag" and r.random() < 0.8:
        run.both("admin", {"action": "managetags", "operation": "create", "tag": run.tag, "token": "{csrf}"},
                 compare=False)
    if mod in NEEDS_ACCOUNT:
        run.B = "Wdb%s %d" % (run.run, seed)
        for w in run.w:
            ct = w.token("anon", "createaccount")
            w.call("anon", {"action": "createaccount", "username": run.B, "password": run.upass,
                            "retype": run.upass, "createtoken": ct, "createreturnurl": "http://example.org/"})
        if mod == "blocked":
            blk = {"action": "block", "user": run.B, "token": "{csrf}", "expiry": "1 day"}
            for f in ("nocreate", "noemail", "allowusertalk", "autoblock"):
                if r.random() < 0.3:
                    blk[f] = "1"
            if r.random() < 0.5:
                blk["partial"] = "1"
                blk[r.choice(["pagerestrictions", "namespacerestrictions"])] = r.choice([run.P, "0", "1|3"]) \
                    if "pagerestrictions" in blk else r.choice(["0", "1|3"])
                if "pagerestrictions" not in blk and "namespacerestrictions" not in blk:
                    blk["pagerestrictions"] = run.P
            run.both("admin", blk, compare=False)
            for w in run.w:
                w.sessions.pop("blocked", None)
                w.tokens = {k: v for k, v in w.tokens.items() if k[0] != "blocked"}
                w.login("blocked", run.B, run.upass)
        if mod == "unblock" and r.random() < 0.7:
            ans = run.both("admin", {"action": "block", "user": run.B, "token": "{csrf}"}, compare=False)
            run.setvals("blockid", ans, lambda j: j["block"]["id"])
    if mod == "upload" and r.random() < 0.7:
        for w in run.w:
            w.call("admin", {"action": "upload", "filename": run.F, "token": w.token("admin", "csrf"),
                             "ignorewarnings": "1"}, files={"file": ("a.png", png(seed))})
    for step in range(r.randint(1, 3)):
        if mod in NEEDS_ACCOUNT:
            run.clear_autoblocks()
        p = GENS[mod](r, run)
        who = r.choice(["admin"] * 6 + ["user", "user", "anon"])
        if mod == "blocked":
            who = "blocked"
        if mod == "options":
            who = r.choice(["user", "user", "anon"])   # never change Admin's preferences
        post = r.random() > 0.05
        if r.random() < 0.5:
            p["formatversion"] = "2"
        if r.random() < 0.1:
            p["errorformat"] = r.choice(["plaintext", "raw", "none"])
        if r.random() < 0.05:
            p["token"] = r.choice(["bad", "+\\"])
        elif r.random() < 0.04:
            p.pop("token", None)
        files = None
        if "<xml>" in p:
            files = {"xml": ("dump.xml", import_xml(run, p.pop("<xml>")))}
        if "<file>" in p:
            kind = p.pop("<file>")
            data = {"same": png(seed), "new": png(seed * 1000 + step), "empty": b""}[kind]
            files = {"file": ("up.png", data)}
        run.last = dict({k: v for k, v in p.items() if k not in ("token", "format")}, who=who)
        ans = run.both(who, p, post=post, files=files)
        if mod == "upload":
            run.setvals("filekey", ans, lambda j: j["upload"]["filekey"])
        if mod not in ("options", "clearhasmsg", "emailuser", "import", "managetags", "userrights", "block",
                       "unblock", "upload"):
            run.state([run.P, run.N, run.Q, run.D, "Talk:" + run.P, "Talk:" + run.N], mod)
    if mod in NEEDS_ACCOUNT:
        run.clear_autoblocks()


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
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
        sys.exit(__doc__ or "usage: wdiff.py ORACLE_API WIKID_API ORACLE_PASS WIKID_PASS START COUNT")
    oracle, wikid, opass, wpass, start, count = args
    run = Run(Wiki(oracle, opass), Wiki(wikid, wpass), runid, verbose)
    run.setup()
    for seed in range(int(start), int(start) + int(count)):
        one(run, seed, only)
    print("wdiff: %d requests compared, %d differ" % (run.compared, sum(len(v) for v in run.diffs.values())))
    for mod, ds in sorted(run.diffs.items()):
        print("  %s: %d" % (mod, len(ds)))


if __name__ == "__main__":
    main()
