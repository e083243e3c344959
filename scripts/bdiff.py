#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# bdiff.py — random differential reading between two wikids that hold the
# same history, one on SQLite and one on PostgreSQL (or any two backends):
# first build the same small wiki on both (accounts whose names mix case,
# accents, digits and '_'; pages in several namespaces with such titles,
# edited by several accounts and by addresses; links, templates,
# categories with sort keys, external, interwiki and language links, page
# properties; moves, deletions, undeletions, protections and protected
# titles, blocks, file description pages, user rights, change tags,
# patrols, rollbacks, revision deletions, watchlists), then send the same
# random query-module requests to both and print every request whose
# answer differs. Parameters are drawn from each module's own paraminfo,
# with values from pools of titles, accounts, prefixes (non-ASCII and
# case variants) and each wiki's own timestamps taken at checkpoints
# between the building phases; continuation is walked to the end with
# small limits and all batches are compared. Ids, timestamps and tokens
# are ignored; everything else (order, titles, sizes, flags, texts,
# comments, continuation keys) must be identical.
#
#   scripts/bdiff.py build A_API B_API A_PASS B_PASS SEED STATE
#       build the wiki of SEED on both (each must be new and empty but
#       for its Main Page; run it once); STATE is a file where each wiki's
#       checkpoint times are written
#   scripts/bdiff.py run A_API B_API A_PASS B_PASS STATE START COUNT [-v] [--only MODULE,...]
#       compare the requests of seeds START .. START+COUNT-1
#
# The two wikids should run with the same configuration and site name.
# `run` also compares two wikis made another way (a dump imported into
# both, a wiki and its --copy-to copy): give both the same times in
# STATE; requests of accounts that do not exist are sent anonymously.
import http.cookiejar
import json
import os
import random
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wdiff import diff  # noqa: E402  (the structural comparison wdiff.py and bdiff.py share)

# Keys whose values depend on when or in which order rows were stored.
IDKEYS = {"pageid", "revid", "parentid", "rcid", "logid", "userid", "id", "old_revid", "fromid", "toid",
          "lastrevid", "oldid", "newrevid", "blockid", "user_id", "actionlogid", "curtimestamp", "servedby",
          "requestid", "touched", "timestamp", "token", "csrftoken", "watchtoken", "patroltoken",
          "rollbacktoken", "userrightstoken", "logintoken", "createaccounttoken", "starttimestamp",
          "registration", "expiry", "notificationtimestamp", "revisionid", "latest", "time", "lag",
          "old_timestamp", "new_timestamp", "logpage", "duration", "params", "sortkey",
          "firsteditid", "lastedittimestamp", "editcount_ts", "suppressed_at", "rev_id",
          "descriptionurl", "descriptionshorturl", "url", "thumburl", "canonicalurl", "fullurl", "editurl",
          "time_ms", "random", "blockexpiry", "blockedtimestamp", "blockedtimestampformatted",
          "blockexpiryformatted", "blockexpiryrelative", "pageids", "fileid", "firstrevid", "wordcount_ts",
          "fromrevid", "torevid", "filehidden", "dbtype", "dbversion", "libraries"}
TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$|^\d{14}$")


def norm(v, key=None):
    """A copy of an answer without what may differ between two backends."""
    if key in IDKEYS:
        return "<%s>" % type(v).__name__
    if isinstance(v, dict):
        if key == "continue":
            return sorted(v)
        return {k: norm(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, str):
        if TS_RE.match(v):
            return "<ts>"
        return re.sub(r"127\.0\.0\.1:\d+", "HOST", v)
    return v


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
        out.append("%s: %r vs %r" % (path, a, b)[:300])
    return out


class Wiki:
    """One wiki's sessions and tokens; `vals` holds its own values of placeholders."""

    def __init__(self, url, password):
        self.url = url
        self.password = password
        self.sessions = {}
        self.tokens = {}
        self.vals = {}

    def call(self, who, params, post=False, files=None, ip=None):
        params = dict(params)
        params.setdefault("format", "json")
        for k, v in list(params.items()):
            if isinstance(v, str) and "{" in v:
                for name, val in self.vals.items():
                    v = v.replace("{%s}" % name, str(val))
                if "{csrf}" in v:
                    v = v.replace("{csrf}", self.token(who, "csrf"))
                params[k] = v
        if who not in self.sessions:
            self.sessions[who] = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        headers = {"X-Forwarded-For": ip} if ip else {}
        if files:
            b = uuid.uuid4().hex
            parts = [("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (b, k)).encode()
                     + str(v).encode() + b"\r\n" for k, v in params.items()]
            for k, (fn, data) in files.items():
                parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                              "Content-Type: application/octet-stream\r\n\r\n" % (b, k, fn)).encode()
                             + data + b"\r\n")
            body = b"".join(parts) + ("--%s--\r\n" % b).encode()
            headers["Content-Type"] = "multipart/form-data; boundary=" + b
            req = urllib.request.Request(self.url, body, headers)
        elif post:
            req = urllib.request.Request(self.url, urllib.parse.urlencode(params).encode(), headers)
        else:
            req = urllib.request.Request(self.url + "?" + urllib.parse.urlencode(params), None, headers)
        try:
            r = self.sessions[who].open(req, timeout=120)
            status, err, body = r.status, r.headers.get("MediaWiki-API-Error"), r.read()
        except urllib.error.HTTPError as e:
            status, err, body = e.code, e.headers.get("MediaWiki-API-Error"), e.read()
        try:
            j = json.loads(body)
        except ValueError:
            j = {"<raw>": body[:300].decode("utf-8", "replace")}
        return status, err, j

    def token(self, who, kind):
        if (who, kind) not in self.tokens:
            _, _, j = self.call(who, {"action": "query", "meta": "tokens", "type": kind})
            self.tokens[(who, kind)] = j["query"]["tokens"][kind + "token"]
        return self.tokens[(who, kind)]

    def login(self, who, name, password, must=True):
        lt = self.token(who, "login")
        _, _, j = self.call(who, {"action": "login", "lgname": name, "lgpassword": password, "lgtoken": lt},
                            post=True)
        if j.get("login", {}).get("result") != "Success":
            if must:
                sys.exit("login of %s failed on %s: %s" % (name, self.url, j))
            return False
        self.tokens = {k: v for k, v in self.tokens.items() if k[0] != who}
        return True


# Accounts (the first is made an administrator, the second a bot).
USERS = ["Bdz Alice", "Bdz bob", "Bdz Émile", "Bdz_Zoë", "Bdz 9lives", "Bdz ab", "Bdz Ab", "Bdz AB",
         "Bdz Ärger", "Bdz zed", "Bdz 10", "Bdz 2", "Bdzx"]
UPASS = "bdiff-user-pass-1"
IPS = ["192.0.2.7", "192.0.2.70", "198.51.100.3", "2001:db8::5", "2001:db8::a:1"]
# Titles without namespace; pages are made in several namespaces from these.
NAMES = ["Apple", "apple pie", "Äpfel", "ÄPfel", "Zebra", "Zebra 2", "Zebra 10", "Zebra 9", "Zebra_1",
         "Éclair", "Eclair", "Ecole", "École", "Ω", "日本", "A/B", "A/b", "A/b/c", "Aa", "AB", "Ab", "A b",
         "1", "10", "9", "~x", "Z", "z z", "Ünïcode", "Straße", "STRASSE", "ǅ", "İstanbul", "Ȿ", "Bdz 2"]
NS = [(0, ""), (0, ""), (0, ""), (1, "Talk:"), (2, "User:"), (4, "Project:"), (10, "Template:"),
      (14, "Category:"), (3, "User talk:"), (12, "Help:")]
PREFIXES = ["", "A", "a", "Ä", "ä", "Z", "Ze", "Zebra ", "Zebra_", "zebra", "É", "é", "E", "1", "A/", "A/b",
            "Bdz", "Bdz ", "bdz a", "Bdz_A", "Bdz É", "Bdz_Z", "日", "Ω", "Straß", "~", "İ", "ǅ", "x",
            "Ω\u0301", "Zebra 1", "Talk:A", "%", "_", "Ab"]
# Search terms: words, phrases, prefixes, exclusions, title and category filters.
SEARCHES = ["zebra", "apple", "ecole", "ÉCOLE", "strasse", "straße", "\"apple pie\"", "\"zebra stripes\"",
            "\"bold and\"", "zeb*", "ap*", "\"apple ap*\"", "-apple", "-\"apple pie\"", "intitle:zebra",
            "intitle:\"apple pie\"", "incategory:Fruit", "incategory:\"Zebra cat\"", "日本語", "a/b", "Zebra_1",
            "10", "words", "text", "link", "example", "\"text with\"", "x", "pie zebra", "Ünïcode"]
CATS = ["Fruit", "fruit b", "Ärger", "Zebra cat", "Ω", "Empty cat", "Files"]
SORTKEYS = ["", "", "", "b", "B", "Ä", " space", "zz", "10", "9", "É", "\u00a0x"]
EXTS = ["http://example.org/a", "https://example.org/b?x=1", "http://EXAMPLE.org/C", "https://sub.example.com/",
        "ftp://ftp.example.net/f", "//proto.example.org/rel", "mailto:me@example.org",
        "http://192.0.2.1/ip", "https://例え.jp/パス", "http://example.org:8080/port"]
IWS = ["wikipedia:Foo", "mw:Help", "wikipedia:Éclair", "commons:File:X.png", "meatball:Bar"]
LANGS = ["de:Apfel", "fr:Pomme", "es:Manzana", "de:Zebra", "ja:日本"]
FILES = ["Bdz a.png", "Bdz B.png", "Bdz é.png", "Bdz_z.png", "Bdz 10.png", "Bdz dup.png"]


def page_text(r, title):
    parts = [r.choice(["Some text.", "x", "Ünïcode text with words like zebra and apple.",
                       "The '''bold''' and ''italic'' words, zebra stripes.", "Straße and STRASSE and strasse",
                       "numbers 10 9 1 and 日本語 text", "apple apple apple pie", ""])]
    for _ in range(r.randint(0, 4)):
        ns, pre = r.choice(NS)
        parts.append("[[%s%s]]" % (pre, r.choice(NAMES)))
    for _ in range(r.randint(0, 2)):
        parts.append("{{%s}}" % r.choice(NAMES))
    for _ in range(r.randint(0, 2)):
        parts.append("[[File:%s]]" % r.choice(FILES + ["Bdz missing.png"]))
    for _ in range(r.randint(0, 2)):
        sk = r.choice(SORTKEYS)
        parts.append("[[Category:%s%s]]" % (r.choice(CATS), "|" + sk if sk else ""))
    for _ in range(r.randint(0, 2)):
        parts.append("[%s link]" % r.choice(EXTS))
    if r.random() < 0.3:
        parts.append("[[%s]]" % r.choice(IWS))
    if r.random() < 0.3:
        parts.append("[[%s]]" % r.choice(LANGS))
    if r.random() < 0.15:
        parts.append("{{DEFAULTSORT:%s}}" % r.choice(SORTKEYS[3:]))
    if r.random() < 0.1:
        parts.append("{{DISPLAYTITLE:%s}}" % title.lower())
    if r.random() < 0.1:
        parts.append("__NOINDEX__")
    if r.random() < 0.1:
        parts.append("__HIDDENCAT__")
    if r.random() < 0.05:
        parts.append("__EXPECTUNUSEDCATEGORY__")
    if r.random() < 0.1:
        parts.append("\n== Section %d ==\nmore" % r.randint(1, 3))
    return " ".join(parts)


class Both:
    def __init__(self, a, b, verbose=False):
        self.w = [a, b]
        self.verbose = verbose
        self.compared = 0
        self.requests = 0
        self.diffs = {}

    def write(self, who, params, files=None, ip=None):
        """Send one write to both; answers (JSON) of both; a difference is printed too."""
        res = [w.call(who, params, post=True, files=files, ip=ip) for w in self.w]
        self.requests += 2
        self.drain()
        d = self.compare(res)
        if d:
            shown = {k: v for k, v in params.items() if k != "token"}
            print("WDIFF [%s] %s: %s" % (who, json.dumps(shown, ensure_ascii=False)[:300], "; ".join(d)[:600]))
            sys.stdout.flush()
        return [x[2] for x in res]

    def drain(self):
        """Wait until each wiki's job queue is empty: link-table rows that jobs rewrite then get their
        ids in the same order on both (list=exturlusage continues by el_id)."""
        for w in self.w:
            for _ in range(100):
                _, _, j = w.call("admin", {"action": "query", "meta": "siteinfo", "siprop": "statistics"})
                if j.get("query", {}).get("statistics", {}).get("jobs", 0) == 0:
                    break
                time.sleep(0.02)

    def compare(self, res):
        (s1, e1, j1), (s2, e2, j2) = res
        d = []
        if s1 != s2:
            d.append("status %s vs %s" % (s1, s2))
        if e1 != e2:
            d.append("API-Error %r vs %r" % (e1, e2))
        return d + diff(norm(j1), norm(j2))

    def setvals(self, name, answers, fn):
        for w, j in zip(self.w, answers):
            try:
                w.vals[name] = fn(j)
            except (KeyError, IndexError, TypeError):
                w.vals[name] = "0"

    def checkpoint(self, name):
        """Each wiki's current time as {name} (14 digits), with a second on either side kept free."""
        time.sleep(1.2)
        for w in self.w:
            _, _, j = w.call("admin", {"action": "query", "curtimestamp": "1"})
            w.vals[name] = j["curtimestamp"]
        time.sleep(1.2)


def build(both, seed):
    r = random.Random(seed)
    for w in both.w:
        w.login("admin", "Admin", w.password)
    for u in USERS:
        for w in both.w:
            ct = w.token("anon-" + u, "createaccount")
            w.call("anon-" + u, {"action": "createaccount", "username": u, "password": UPASS, "retype": UPASS,
                                 "createreturnurl": "http://example.org/", "createtoken": ct}, post=True,
                   ip="203.0.113.%d" % (USERS.index(u) + 1))
            w.login(u, u, UPASS)
    for i, (u, add, exp) in enumerate([(USERS[0], "sysop", "infinite"), (USERS[1], "bot", "infinite"),
                                       (USERS[2], "bot|sysop", "2099-01-01T00:00:00Z"),
                                       (USERS[4], "interface-admin", "infinite"),
                                       (USERS[8], "bureaucrat", "1 year")]):
        for w in both.w:
            rt = w.token("admin", "userrights")
            w.call("admin", {"action": "userrights", "user": u, "add": add, "expiry": exp, "token": rt,
                             "reason": "bdiff %d" % i}, post=True)
        both.drain()
    for w in both.w:
        rt = w.token("admin", "userrights")
        w.call("admin", {"action": "userrights", "user": "Admin", "add": "suppress", "token": rt}, post=True)
        w.tokens = {}
    for t in ("bdz-tag", "Bdz Tag 2", "bdz-unused"):
        both.write("admin", {"action": "managetags", "operation": "create", "tag": t, "token": "{csrf}",
                             "reason": "tag"})
    editors = ["admin"] * 3 + USERS[:6] + ["ip"] * 3
    titles = []
    for ns, pre in NS:
        for n in r.sample(NAMES, 10):
            if pre + n not in titles:
                titles.append(pre + n)
    for cat in CATS[:5]:
        titles.append("Category:" + cat)

    def edit(title, text=None, who=None, extra=None):
        who = who or r.choice(editors)
        p = {"action": "edit", "title": title, "text": text if text is not None else page_text(r, title),
             "summary": r.choice(["", "sum", "Ünïcode summary", "/* Section 1 */ s", "x" * 40]),
             "token": "{csrf}"}
        if r.random() < 0.2:
            p["minor"] = "1"
        if who == USERS[1] and r.random() < 0.5:
            p["bot"] = "1"
        if r.random() < 0.1:
            p["tags"] = "bdz-tag"
        p.update(extra or {})
        ip = None
        if who == "ip":
            ip = r.choice(IPS)
            who = "anon"
        return both.write(who, p, ip=ip)

    # Phase 1: pages, several revisions each; uploads.
    for t in titles:
        for _ in range(r.randint(1, 3)):
            edit(t)
    for t in r.sample(titles, 6):
        edit(t, "#REDIRECT [[%s]]" % r.choice(titles))
    for i, f in enumerate(FILES):
        edit("File:" + f, "file description %d [[Category:Files]]" % i, who="admin")
    both.checkpoint("t1")
    # Phase 2: moves, deletions, protections, blocks, re-uploads, watches, tags, patrol, rollback.
    moved = r.sample(titles, 5)
    for i, t in enumerate(moved):
        p = {"action": "move", "from": t, "to": t + " moved" + ("" if i % 2 else " Ü"), "token": "{csrf}",
             "reason": "move %d" % i}
        if i % 2:
            p["noredirect"] = "1"
        if i == 0:
            p["movetalk"] = "1"
            p["movesubpages"] = "1"
        both.write("admin", p)
    deleted = r.sample([t for t in titles if t not in moved], 6)
    for t in deleted:
        both.write("admin", {"action": "delete", "title": t, "token": "{csrf}", "reason": "del " + t})
    both.write("admin", {"action": "delete", "title": "File:" + FILES[3], "token": "{csrf}", "reason": "file del"})
    both.write("admin", {"action": "undelete", "title": deleted[0], "token": "{csrf}", "reason": "undel"})
    for i, t in enumerate(r.sample(titles, 5)):
        both.write("admin", {"action": "protect", "title": t, "token": "{csrf}",
                             "protections": ["edit=sysop|move=sysop", "edit=autoconfirmed", "move=sysop",
                                             "edit=sysop", "edit=autoconfirmed|move=autoconfirmed"][i],
                             "expiry": ["infinite", "2099-01-01T00:00:00Z", "1 year", "infinite|infinite",
                                        "infinite"][i] if i != 3 else "infinite",
                             "cascade": "1" if i == 3 else "", "reason": "prot %d" % i})
    for i, t in enumerate(["Bdz missing Ä", "Bdz missing a", "Talk:Bdz missing", "Bdz Missing 10"]):
        both.write("admin", {"action": "protect", "title": t, "token": "{csrf}",
                             "protections": "create=" + ["sysop", "autoconfirmed"][i % 2],
                             "expiry": ["infinite", "2099-01-01T00:00:00Z"][i % 2], "reason": "salt %d" % i})
    for i, (u, extra) in enumerate([(USERS[9], {}), (USERS[10], {"nocreate": "1", "autoblock": "1"}),
                                    (IPS[0], {"anononly": "1"}), ("198.51.100.0/24", {}),
                                    (USERS[11], {"partial": "1", "pagerestrictions": titles[0],
                                                 "namespacerestrictions": "1|10",
                                                 "allowusertalk": "1"}),
                                    (USERS[12], {"hidename": "1"})]):
        p = {"action": "block", "user": u, "token": "{csrf}", "expiry": ["infinite", "1 week"][i % 2] if i != 5 else "infinite",
             "reason": "block %d" % i}
        p.update(extra)
        both.write("admin", p)
    watched = r.sample(titles, 8)
    timed = r.sample(titles, 6)
    for w in both.w:
        wt = w.token("admin", "watch")
        w.call("admin", {"action": "watch", "titles": "|".join(watched), "token": wt}, post=True)
        w.call("admin", {"action": "watch", "titles": "|".join(timed), "token": wt, "expiry": "1 month"}, post=True)
    both.checkpoint("t2")
    # Phase 3: more edits by everyone (rollbacks, patrols, tags, revision deletion).
    for t in r.sample([t for t in titles if t not in deleted and t not in moved], 15):
        edit(t)
    rb = [t for t in titles if t not in deleted and t not in moved][:3]
    for t in rb:
        edit(t, who=USERS[5])
        for w in both.w:
            rt = w.token("admin", "rollback")
            w.call("admin", {"action": "rollback", "title": t, "user": USERS[5], "token": rt,
                             "summary": "rb"}, post=True)
            both.drain()
    ans = both.write("admin", {"action": "query", "list": "recentchanges", "rclimit": "8", "rcprop": "ids",
                               "rcshow": "!patrolled"})
    for w, j in zip(both.w, ans):
        pt = w.token("admin", "patrol")
        for rc in j.get("query", {}).get("recentchanges", [])[::2]:
            w.call("admin", {"action": "patrol", "rcid": rc["rcid"], "token": pt}, post=True)
        for rc in j.get("query", {}).get("recentchanges", [])[1::3]:
            w.call("admin", {"action": "tag", "rcid": rc["rcid"], "add": "Bdz Tag 2", "token": w.token("admin",
                                                                                                      "csrf")},
                   post=True)
        for rc in j.get("query", {}).get("recentchanges", [])[2:4]:
            w.call("admin", {"action": "revisiondelete", "type": "revision", "ids": rc["revid"],
                             "hide": "comment|user", "token": w.token("admin", "csrf")}, post=True)
    for i in range(8):
        edit(r.choice(titles), who=r.choice(["ip", USERS[3], USERS[6], USERS[7]]))
    both.checkpoint("t3")
    print("bdiff build %d: %d requests" % (seed, both.requests))


# Value pools by parameter name (without the module's prefix) or type.
def pool_value(r, m, p, both):
    name = p["name"]
    typ = p["type"]
    multi = p.get("multi")
    if isinstance(typ, list):
        typ = [x for x in typ if x != "random"]   # srsort=random differs by nature
        if not typ:
            return None
        if multi:
            return "|".join(r.sample(typ, r.randint(1, min(3, len(typ)))))
        return r.choice(typ)
    if typ == "boolean":
        return "1"
    if typ == "limit":
        return str(r.choice([1, 1, 2, 3, 5, 500]))
    if typ == "integer":
        if "size" in name:
            return str(r.choice([0, 5, 20, 50, 100, 500]))
        if "offset" in name:
            return str(r.choice([0, 1, 3]))
        return str(r.choice([0, 1, 2, 10, 100]))
    if typ == "namespace":
        ns = ["0", "1", "2", "3", "4", "6", "10", "12", "14", "-1", "*"] if multi else \
             ["0", "0", "1", "2", "3", "4", "6", "10", "12", "14"]
        if multi:
            return "|".join(r.sample(ns, r.randint(1, 3)))
        return r.choice(ns)
    if typ == "timestamp":
        return r.choice(["{t1}", "{t2}", "{t3}", "2000-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "now"])
    if typ == "user":
        vals = USERS + IPS + ["Admin", "Bdz alice", "bdz Émile", "Bdz Zoë", "Nobody here", "198.51.100.0/24",
                              "192.0.2.0/24", "2001:db8::/64"]
        if multi:
            return "|".join(r.sample(vals, r.randint(1, 3)))
        return r.choice(vals)
    if typ in ("title", "pageid"):
        return pick_title(r)
    if typ == "expiry":
        return r.choice(["infinite", "1 week"])
    if typ == "string" or typ == "text" or typ == "tags":
        if name in ("continue",):
            return None
        if name == "search" and m.get("name") == "search":
            return " ".join(r.choice(SEARCHES) for _ in range(r.randint(1, 3)))
        if name in ("prefix", "from", "to", "start", "end", "userprefix", "startsortkeyprefix",
                    "endsortkeyprefix", "search", "query") or name.endswith("prefix"):
            return r.choice(PREFIXES + [pick_title(r)])
        if name in ("user", "excludeuser", "users"):
            return r.choice(USERS + IPS)
        if name in ("tag", "tags"):
            return r.choice(["bdz-tag", "Bdz Tag 2", "mw-rollback", "mw-new-redirect", "nonexistent"])
        if name == "title" or name.endswith("title"):
            return pick_title(r)
        if name in ("prop", "propname"):
            return r.choice(["defaultsort", "displaytitle", "noindex", "hiddencat", "nonexistent"])
        if "protocol" in name:
            return r.choice(["", "http", "https", "ftp", "mailto"])
        return r.choice(PREFIXES)
    return None


def pick_title(r):
    ns, pre = r.choice(NS + [(6, "File:")])
    if pre == "File:":
        return pre + r.choice(FILES)
    return pre + r.choice(NAMES + [n + " moved" for n in NAMES[:5]])


class Reader:
    def __init__(self, both):
        self.both = both
        self.no_login = set()
        _, _, j = both.w[0].call("admin", {"action": "paraminfo", "modules": "query", "formatversion": "2"})
        q = j["paraminfo"]["modules"][0]
        self.groups = {p["name"]: p["type"] for p in q["parameters"] if p["name"] in ("prop", "list", "meta",
                                                                                      "generator")}
        for g in ("prop", "list", "meta", "generator"):
            self.groups[g] = [m for m in self.groups[g] if m not in ("random", "stashimageinfo", "mystashedfiles",
                                                                   "tokens", "authmanagerinfo")]
        names = set()
        for g in ("prop", "list", "meta"):
            names |= set(self.groups[g])
        _, _, j = both.w[0].call("admin", {"action": "paraminfo", "formatversion": "2",
                                           "modules": "|".join("query+" + n for n in sorted(names))})
        self.info = {m["name"]: m for m in j["paraminfo"]["modules"]}

    def params_for(self, r, mod, gen=False):
        m = self.info[mod]
        out = {}
        pre = ("g" if gen else "") + m.get("prefix", "")
        for p in m["parameters"]:
            if p["name"] in ("continue",) or p.get("deprecated"):
                continue
            if p["name"] == "limit":
                out[pre + "limit"] = r.choice(["1", "2", "3", "5"])
                continue
            if r.random() < (0.6 if p.get("required") else 0.25):
                v = pool_value(r, m, p, self.both)
                if v is not None:
                    out[pre + p["name"]] = v
            elif p["name"] == "prop" and isinstance(p["type"], list) and r.random() < 0.7:
                vals = [x for x in p["type"] if x != "parsetree"]
                if r.random() < 0.5:
                    vals = r.sample(vals, r.randint(1, len(vals)))
                out[pre + "prop"] = "|".join(vals)
        return out

    def request(self, r):
        kind = r.choice(["list"] * 6 + ["prop"] * 3 + ["generator"] * 2 + ["meta"])
        p = {"action": "query", "formatversion": r.choice(["1", "2"])}
        who = r.choice(["admin"] * 4 + [USERS[1], USERS[4], "anon"])
        if kind == "list":
            mod = r.choice(self.groups["list"])
            p["list"] = mod
            p.update(self.params_for(r, mod))
        elif kind == "meta":
            mod = r.choice(self.groups["meta"])
            p["meta"] = mod
            p.update(self.params_for(r, mod))
        else:
            if kind == "generator":
                g = r.choice(self.groups["generator"])
                p["generator"] = g
                p.update(self.params_for(r, g, gen=True))
                if r.random() < 0.3:
                    p["redirects"] = "1"
            else:
                p["titles"] = "|".join(pick_title(r) for _ in range(r.randint(1, 6)))
                if r.random() < 0.2:
                    p["redirects"] = "1"
                if r.random() < 0.1:
                    p["converttitles"] = "1"
            for mod in r.sample(self.groups["prop"], r.randint(0, 3) if kind == "generator" else r.randint(1, 3)):
                p["prop"] = (p["prop"] + "|" + mod) if "prop" in p else mod
                p.update(self.params_for(r, mod))
        if r.random() < 0.3:
            p["indexpageids"] = "1"
        return who, p

    def walk(self, w, who, p, limit=40):
        """The answers of a request and its continuations, at most `limit` batches."""
        out = []
        cont = {}
        for _ in range(limit):
            q = dict(p)
            q.update(cont)
            s, e, j = w.call(who, q)
            out.append((s, e, j))
            if not isinstance(j, dict) or "continue" not in j:
                break
            cont = j["continue"]
        return out

    def one(self, seed):
        r = random.Random(seed)
        who, p = self.request(r)
        res = []
        if who not in ("admin", "anon") and who in self.no_login:
            who = "anon"
        for w in self.both.w:
            if who not in w.sessions and who != "anon":
                if who == "admin":
                    w.login("admin", "Admin", w.password)
                elif not w.login(who, who, UPASS, must=False):
                    # A wiki made another way (an import, a copy) has no such account.
                    self.no_login.add(who)
                    return self.one(seed)
        for w in self.both.w:
            res.append(self.walk(w, who, p))
        self.both.compared += 1
        self.both.requests += sum(len(x) for x in res)
        d = []
        if len(res[0]) != len(res[1]):
            d.append("%d batches vs %d" % (len(res[0]), len(res[1])))
        for i, (x, y) in enumerate(zip(res[0], res[1])):
            dd = self.both.compare([x, y])
            if dd:
                d.append("batch %d: %s" % (i, "; ".join(dd)))
                break
        mod = p.get("list") or p.get("generator") or p.get("meta") or "prop"
        if d:
            self.both.diffs.setdefault(mod, []).append(seed)
            print("DIFF %d %s [%s] %s: %s" % (seed, mod, who, json.dumps(p, ensure_ascii=False)[:500],
                                             " | ".join(d)[:900]))
            sys.stdout.flush()
        elif self.both.verbose:
            print("same %d %s %s" % (seed, mod, json.dumps(p, ensure_ascii=False)[:300]))


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    only = None
    if "--only" in args:
        i = args.index("--only")
        only = args[i + 1].split(",")
        del args[i:i + 2]
    if len(args) < 5 or args[0] not in ("build", "run"):
        sys.exit("usage: bdiff.py build A B APASS BPASS SEED STATE | run A B APASS BPASS STATE START COUNT")
    both = Both(Wiki(args[1], args[3]), Wiki(args[2], args[4]), verbose)
    if args[0] == "build":
        build(both, int(args[5]))
        with open(args[6], "w") as f:
            json.dump([w.vals for w in both.w], f)
        return
    with open(args[5]) as f:
        state = json.load(f)
    start, count = int(args[6]), int(args[7])
    for w, vals in zip(both.w, state):
        w.vals.update(vals)
        w.login("admin", "Admin", w.password)
    rd = Reader(both)
    if only:
        rd.groups["list"] = [m for m in rd.groups["list"] if m in only] or rd.groups["list"]
    for seed in range(start, start + count):
        rd.one(seed)
    print("bdiff: %d requests (%d HTTP requests) compared, %d differ"
          % (both.compared, both.requests, sum(len(v) for v in both.diffs.values())))
    for mod, ds in sorted(both.diffs.items()):
        print("  %s: %d (seeds %s)" % (mod, len(ds), " ".join(map(str, ds[:8]))))


if __name__ == "__main__":
    main()
