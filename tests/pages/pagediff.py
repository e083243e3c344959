#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
pagediff.py — whole pages rendered side by side: wikid beside the oracle
(MediaWiki 1.39 with ParserFunctions and Cite). Not part of `make test`,
because it needs the oracle.

The corpus is tests/pages/corpus/*.wiki, our own encyclopedia-like text:
a file's name is its title with "__" for ":" and "_" for " " (templates
first: every Template__*.wiki is saved before the articles). Each page is
saved on both wikis (as Admin), then rendered with action=parse&page=...
and the HTML of the two is compared after a light normalization: HTML
comments (limit report, parser cache notes) dropped, the text of error
messages (<span class="error ...">, <strong class="error">: wikid words
its messages itself) replaced by "(message)", runs of whitespace made one
space, a line break put before each block tag so diffs read well.
Nothing else is normalized: an attribute, an entity or an id that
differs is a difference.

    python3 tests/pages/pagediff.py [--oracle URL] [--wikid URL] [--corpus DIR] [-v] [PAGE...]

Without --wikid it starts its own ./wikid (configured like the oracle:
sitename, server, script and article paths) on a free port with a fresh
data directory. Prints one line per page, a unified diff with -v, and
"pagediff: N identical, M differing".

    python3 tests/pages/pagediff.py --bench [--seconds S] [--no-oracle] ...

measures parse throughput instead: every article's wikitext sent with
action=parse&text= (never cached) by one client, one request after the
other, whole passes over the corpus for at least S seconds (default 5),
first to wikid and then to the oracle; prints "parse-mbs wikid MB/s
passes CPU-MB/s", the same for the oracle, and "parse-mbs ratio Nx Mx"
(bench/run shows them as its "parse MB/s" rows). MB/s is wall clock at
the client: HTTP and the API around the parser included, on both sides
alike. CPU-MB/s divides by the parser's own CPU time, the sum of the
limitreport-cputime each answer reports (MediaWiki's and ours measure
the same span: the whole parse, templates and link lookups included).
"""
import argparse
import difflib
import glob
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORACLE = "http://127.0.0.1:8090/w/api.php"
ORACLE_PASS = "oracle-admin-pass-123"
# The oracle's site settings, so that both wikis write the same URLs.
WIKID_INI = """[site]
sitename = Oracle Wiki
server = http://127.0.0.1:8090
scriptpath = /w
articlepath = /w/index.php?title=$1
[ratelimits]
excluded_ips = 127.0.0.1
"""


class Wiki:
    """One api.php endpoint with a cookie jar (the login session)."""

    def __init__(self, url):
        self.url = url
        self.op = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, params, post=False):
        params = dict(params, format="json", formatversion="2")
        data = urllib.parse.urlencode(params).encode()
        req = urllib.request.Request(self.url if post else self.url + "?" + data.decode(),
                                     data=data if post else None,
                                     headers={"User-Agent": "wikid-pagediff/1.0"})
        try:
            with self.op.open(req, timeout=120) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            return json.loads(e.read() or b"{}")

    def login(self, user, password):
        t = self.call({"action": "query", "meta": "tokens", "type": "login"})
        r = self.call({"action": "login", "lgname": user, "lgpassword": password,
                       "lgtoken": t["query"]["tokens"]["logintoken"]}, post=True)
        if r.get("login", {}).get("result") != "Success":
            sys.exit("pagediff: cannot log in to %s: %s" % (self.url, r))
        self.token = self.call({"action": "query", "meta": "tokens"})["query"]["tokens"]["csrftoken"]

    def save(self, title, text):
        r = self.call({"action": "edit", "title": title, "text": text, "summary": "pagediff corpus",
                       "token": self.token}, post=True)
        if r.get("edit", {}).get("result") != "Success":
            sys.exit("pagediff: cannot save %s on %s: %s" % (title, self.url, r))

    def render(self, title):
        r = self.call({"action": "parse", "page": title, "prop": "text", "disablelimitreport": "1"})
        if "parse" not in r:
            sys.exit("pagediff: cannot parse %s on %s: %s" % (title, self.url, r))
        return r["parse"]["text"]


def corpus(folder):
    """(title, text) of every page in folder, templates first."""
    pages = []
    for path in sorted(glob.glob(os.path.join(folder, "*.wiki"))):
        base = os.path.basename(path)[:-5]
        title = base.replace("__", ":").replace("_", " ")
        with open(path, encoding="utf-8") as f:
            pages.append((title, f.read()))
    pages.sort(key=lambda p: (not p[0].startswith("Template:"), p[0]))
    return pages


BLOCK = re.compile(r"(<(?:/?(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|table|tr|td|th|caption|tbody|pre|"
                   r"blockquote|hr|ul|style|link|meta)\b))")


# Error messages a page shows (Cite's, #expr's): wikid words its messages
# itself, so only the element that holds one is compared, not its text.
ERROR_TEXT = re.compile(r'(<(span|strong) class="error[^"]*"[^>]*>)(?:(?!</\2>).)*(</\2>)', re.S)


def normalize(html):
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    html = ERROR_TEXT.sub(r"\1(message)\3", html)
    html = re.sub(r"\s+", " ", html).strip()
    html = BLOCK.sub(r"\n\1", html)
    return [line.strip() for line in html.split("\n") if line.strip()]


def start_wikid(binary):
    tmp = tempfile.mkdtemp(prefix="wikid-pagediff.")
    with open(os.path.join(tmp, "wikid.ini"), "w") as f:
        f.write(WIKID_INI)
    env = dict(os.environ, WIKID_ADMIN_PASSWORD=ORACLE_PASS)
    out = open(os.path.join(tmp, "out"), "w+")
    # A free port chosen here: with the oracle's server setting, wikid's
    # "serving" line names the oracle's address, not the one it listens on.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "--port", str(port), "--listen", "127.0.0.1", "--data-dir",
                             os.path.join(tmp, "data"), "--config", os.path.join(tmp, "wikid.ini")],
                            stdout=out, stderr=subprocess.STDOUT, env=env)
    for _ in range(300):
        out.seek(0)
        if re.search(r"^wikid: serving ", out.read(), re.M):
            return proc, tmp, "http://127.0.0.1:%d/w/api.php" % port
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    out.seek(0)
    sys.exit("pagediff: wikid did not start:\n" + out.read())


def bench(wikis, pages, seconds):
    """
    Wikitext MB/s of action=parse&text= for each wiki, one request at a
    time: whole passes over the corpus until `seconds` have gone by (at
    least one pass). Returns the corpus size and (MB/s, passes) of each.
    """
    arts = [p for p in pages if not p[0].startswith("Template:")]
    size = sum(len(t.encode()) for _, t in arts)
    rates = []
    for w in wikis:
        for title, text in arts:  # warm-up: templates read, code paths hot
            w.call({"action": "parse", "title": title, "text": text, "prop": "text"}, post=True)
        passes = 0
        cpu = 0.0
        t0 = time.perf_counter()
        while passes == 0 or time.perf_counter() - t0 < seconds:
            for title, text in arts:
                r = w.call({"action": "parse", "title": title, "text": text, "prop": "text|limitreportdata"},
                           post=True)
                if "parse" not in r:
                    sys.exit("pagediff: parse failed on %s: %s" % (w.url, r))
                for row in r["parse"].get("limitreportdata", []):
                    if row.get("name") == "limitreport-cputime":
                        cpu += float(row.get("0", 0))
            passes += 1
        dt = time.perf_counter() - t0
        rates.append((size * passes / dt / 1e6, passes, size * passes / cpu / 1e6 if cpu > 0 else 0.0))
    return size, rates


def main():
    ap = argparse.ArgumentParser(description="whole pages, wikid beside the oracle")
    ap.add_argument("--oracle", default=ORACLE)
    ap.add_argument("--oracle-pass", default=ORACLE_PASS)
    ap.add_argument("--wikid", help="api.php of a running wikid (default: start ./wikid)")
    ap.add_argument("--wikid-pass", default=ORACLE_PASS)
    ap.add_argument("--binary", default=os.path.join(ROOT, "wikid"))
    ap.add_argument("--bench", action="store_true", help="measure parse MB/s instead")
    ap.add_argument("--seconds", type=float, default=5, help="--bench: least time spent on each wiki")
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"),
                    help="folder of *.wiki pages (default tests/pages/corpus)")
    ap.add_argument("--no-oracle", action="store_true", help="--bench: wikid alone")
    ap.add_argument("-v", "--verbose", action="store_true", help="show the diff of each differing page")
    ap.add_argument("pages", nargs="*", help="compare only these articles (all are saved)")
    args = ap.parse_args()

    proc = tmp = None
    if not args.wikid:
        proc, tmp, args.wikid = start_wikid(args.binary)
    if args.wikid.rstrip("/") == args.oracle.rstrip("/"):
        sys.exit("pagediff: --wikid and --oracle are the same server")
    try:
        wikid = Wiki(args.wikid)
        wikid.login("Admin", args.wikid_pass)
        wikis = [wikid]
        if not args.no_oracle:
            oracle = Wiki(args.oracle)
            oracle.login("Admin", args.oracle_pass)
            wikis.append(oracle)
        pages = corpus(args.corpus)
        for title, text in pages:
            for w in wikis:
                w.save(title, text)
        if args.bench:
            size, rates = bench(wikis, pages, args.seconds)
            print("pagediff: corpus of %d articles, %d bytes of wikitext" %
                  (sum(1 for p in pages if not p[0].startswith("Template:")), size))
            print("parse-mbs wikid %.3f %d %.3f" % rates[0])
            if len(rates) > 1:
                print("parse-mbs oracle %.3f %d %.3f" % rates[1])
                print("parse-mbs ratio %.1fx %.1fx" % (rates[0][0] / rates[1][0],
                                                      rates[0][2] / rates[1][2] if rates[1][2] else 0))
            return 0
        same = differ = 0
        for title, _ in pages:
            if title.startswith("Template:") or (args.pages and title not in args.pages):
                continue
            a = normalize(oracle.render(title))
            b = normalize(wikid.render(title))
            if a == b:
                same += 1
                print("same    %s" % title)
                continue
            differ += 1
            diff = list(difflib.unified_diff(a, b, "oracle", "wikid", n=1, lineterm=""))
            print("differs %s (%d lines)" % (title, sum(1 for d in diff if d[:1] in "+-") - 2))
            if args.verbose:
                print("\n".join(diff))
        print("pagediff: %d identical, %d differing" % (same, differ))
        return 1 if differ else 0
    finally:
        if proc:
            proc.terminate()
            proc.wait()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
