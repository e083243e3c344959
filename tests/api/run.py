#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""
run.py -- the API test runner: every tests/api/*.test file is one test,
written in the "!!" section syntax of MediaWiki's parser tests and
described in tests/api/README.md.

By default it starts a private wikid (loopback, port 0, a fresh data
directory, a known admin password), learns the port from the line
"wikid: serving http://HOST:PORT/w/api.php", runs the tests (optionally in
parallel, sharing that one server) and stops the server. With --url it
targets a server that is already running instead, e.g. the oracle, to check
that a test's expectations are what MediaWiki really does.

Output: one line per test ("ok - name" / "FAIL - name: reason"), then
"api: N passed, N failed". Exit status 0 only when nothing failed.

Standard library only. split_sections() is the generic "!!" splitter and
does not know about API tests, so other readers (parser tests) can import
this file and reuse it.
"""

import argparse
import concurrent.futures
import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

TEST_ADMIN_PASSWORD = "wikid-test-admin-pass-7391"
ADMIN_USER = "Admin"
REQUEST_TIMEOUT = 60     # seconds per HTTP request; a hung server fails the test, not the run
STARTUP_TIMEOUT = 60     # seconds wikid may take to print its "serving" line
STOP_TIMEOUT = 20        # seconds between SIGTERM and SIGKILL at shutdown
SHOW_LIMIT = 3000        # bytes of a response shown with -v on failure

# ---------------------------------------------------------------------------
# The "!!" section splitter, shared with other readers.
# ---------------------------------------------------------------------------

HEADER_RE = re.compile(r"^!!\s*(\S+)\s*(.*?)\s*$")


class Section:
    """One "!! name" header and the lines up to the next header."""

    def __init__(self, name, arg, content, line):
        self.name = name        # lower-cased word after "!!"
        self.arg = arg          # rest of the header line ("!! version 2" -> "2")
        self.content = content  # text of the following lines, each ending in "\n"
        self.line = line        # 1-based line number of the header

    def __repr__(self):
        return "Section(%r, line %d)" % (self.name, self.line)


def split_sections(text):
    """
    Split a file in MediaWiki parser-test syntax into a flat list of
    Sections, in file order. Lines before the first header are dropped
    (they are comments in that format). Grouping sections into tests,
    articles or hooks is the caller's business: see read_blocks().
    """
    sections = []
    cur = None
    for i, line in enumerate(text.splitlines(keepends=True), 1):
        m = HEADER_RE.match(line)
        if m:
            cur = Section(m.group(1).lower(), m.group(2), "", i)
            sections.append(cur)
        elif cur is not None:
            cur.content += line if line.endswith("\n") else line + "\n"
    return sections


def read_blocks(text, start="test", end="end"):
    """
    Group split_sections() output into blocks from "!! <start>" to
    "!! <end>". Returns a list of (start_section, [inner sections]).
    Sections outside any block are ignored; an unterminated block or a
    nested start raises ValueError naming the line.
    """
    blocks = []
    inner = None
    head = None
    for s in split_sections(text):
        if s.name == start:
            if inner is not None:
                raise ValueError("line %d: '!! %s' inside the block from line %d"
                                 % (s.line, start, head.line))
            head, inner = s, []
        elif s.name == end:
            if inner is None:
                raise ValueError("line %d: '!! %s' without '!! %s'" % (s.line, end, start))
            blocks.append((head, inner))
            inner = None
        elif inner is not None:
            inner.append(s)
    if inner is not None:
        raise ValueError("line %d: '!! %s' is never closed by '!! %s'" % (head.line, start, end))
    return blocks

# ---------------------------------------------------------------------------
# API test files.
# ---------------------------------------------------------------------------

GROUP_SECTIONS = {"request-headers", "response", "response-raw", "status", "headers",
                  "error", "capture"}
TEST_SECTIONS = {"options"}


class Step:
    """One "!! request" section and the expectations that follow it."""

    def __init__(self, line):
        self.line = line
        self.requests = []       # request lines, sent in order
        self.req_headers = []    # (name, value) sent with every request of the step
        self.response = None     # expected JSON (parsed), or None
        self.response_raw = None  # expected raw body text, or None
        self.status = None       # expected HTTP status, or None
        self.headers = []        # (name, expected value | "ABSENT" | "re:...")
        self.error = None        # expected error code, or None
        self.captures = []       # (placeholder name, path in the response)


class ApiTest:
    """A parsed .test file."""

    def __init__(self, path):
        self.path = path
        self.stem = os.path.splitext(os.path.basename(path))[0]
        self.name = self.stem
        self.options = {}
        self.steps = []


OPTION_RE = re.compile(r"^([A-Za-z][\w-]*)(?:=(.*))?$")


def parse_header_lines(content, where):
    out = []
    for ln in content.splitlines():
        if not ln.strip():
            continue
        if ":" not in ln:
            raise ValueError("%s: header line without ':': %r" % (where, ln))
        k, v = ln.split(":", 1)
        out.append((k.strip(), v.strip()))
    return out


def parse_test_file(path):
    """Read one .test file into an ApiTest; raises ValueError when malformed."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    blocks = read_blocks(text)
    if len(blocks) != 1:
        raise ValueError("expected exactly one '!! test' ... '!! end' block, found %d" % len(blocks))
    head, sections = blocks[0]
    t = ApiTest(path)
    name = head.content.strip()
    if name:
        t.name = " ".join(name.split())
    step = None
    for s in sections:
        where = "line %d" % s.line
        if s.name == "options":
            for ln in s.content.split():
                m = OPTION_RE.match(ln)
                if not m:
                    raise ValueError("%s: bad option %r" % (where, ln))
                t.options[m.group(1)] = m.group(2) if m.group(2) is not None else ""
        elif s.name == "request":
            step = Step(s.line)
            step.requests = [ln.strip() for ln in s.content.splitlines()
                             if ln.strip() and not ln.lstrip().startswith("#")]
            if not step.requests:
                raise ValueError("%s: empty request section" % where)
            t.steps.append(step)
        elif s.name in GROUP_SECTIONS:
            if step is None:
                raise ValueError("%s: '!! %s' before any '!! request'" % (where, s.name))
            if s.name == "request-headers":
                step.req_headers += parse_header_lines(s.content, where)
            elif s.name == "response":
                # Placeholders are filled when the step runs; a bare {name} stands for a value.
                try:
                    json.loads(PLACEHOLDER_RE.sub("0", s.content))
                except ValueError as e:
                    raise ValueError("%s: response is not valid JSON: %s" % (where, e))
                step.response = s.content
            elif s.name == "response-raw":
                step.response_raw = s.content[:-1] if s.content.endswith("\n") else s.content
            elif s.name == "status":
                try:
                    step.status = int(s.content.strip())
                except ValueError:
                    raise ValueError("%s: status must be a number" % where)
            elif s.name == "headers":
                step.headers += parse_header_lines(s.content, where)
            elif s.name == "error":
                step.error = s.content.strip()
            elif s.name == "capture":
                for ln in s.content.splitlines():
                    if not ln.strip():
                        continue
                    if "=" not in ln:
                        raise ValueError("%s: capture line must be 'name = path'" % where)
                    k, v = ln.split("=", 1)
                    step.captures.append((k.strip(), v.strip()))
        else:
            raise ValueError("%s: unknown section '!! %s'" % (where, s.name))
    if not t.steps:
        raise ValueError("no '!! request' section")
    for k in t.options:
        if k not in ("login", "noformat", "mainwarnings"):
            raise ValueError("unknown option %r" % k)
    if t.options.get("login", "admin") not in ("admin", "user"):
        raise ValueError("login= must be admin or user")
    return t

# ---------------------------------------------------------------------------
# Matching an actual response against the expectations.
# ---------------------------------------------------------------------------

ANY = "*"
ABSENT = "<absent>"
ELLIPSIS = "..."
CONTAINS = "<contains>"


def short(v, n=120):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= n else s[:n] + "..."


def match(expected, actual, path="$"):
    """
    Subset match (see README.md). Returns None when `actual` satisfies
    `expected`, else a one-line reason naming the first mismatching path.
    """
    if isinstance(expected, str):
        if expected == ANY:
            return None
        if expected.startswith("re:"):
            if isinstance(actual, bool) or not isinstance(actual, (str, int, float)):
                return "%s: expected a string matching /%s/, got %s" % (path, expected[3:], short(actual))
            if re.search(expected[3:], str(actual)) is None:
                return "%s: %s does not match /%s/" % (path, short(actual), expected[3:])
            return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return "%s: expected an object, got %s" % (path, short(actual))
        for k, ev in expected.items():
            sub = "%s.%s" % (path, k)
            if ev == ABSENT:
                if k in actual:
                    return "%s: expected absent, got %s" % (sub, short(actual[k]))
                continue
            if k not in actual:
                return "%s: missing (expected %s)" % (sub, short(ev))
            r = match(ev, actual[k], sub)
            if r:
                return r
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return "%s: expected a list, got %s" % (path, short(actual))
        if len(expected) > 0 and expected[0] == CONTAINS:
            # An ordered subsequence: each element matches a later actual one
            # than the one before it (the earliest match leaves the most room).
            i = 0
            for ev in expected[1:]:
                while i < len(actual) and match(ev, actual[i], "%s[%d]" % (path, i)):
                    i += 1
                if i == len(actual):
                    return "%s: no element after the previous match matches %s" % (path, short(ev))
                i += 1
            return None
        prefix = len(expected) > 0 and expected[-1] == ELLIPSIS
        want = expected[:-1] if prefix else expected
        if (len(actual) < len(want)) if prefix else (len(actual) != len(want)):
            return "%s: expected %s%d elements, got %d" % (
                path, "at least " if prefix else "", len(want), len(actual))
        for i, ev in enumerate(want):
            r = match(ev, actual[i], "%s[%d]" % (path, i))
            if r:
                return r
        return None
    # Scalars: strict about bool versus number, lenient about 1 versus 1.0.
    if isinstance(expected, bool) or isinstance(actual, bool):
        same = type(expected) is type(actual) and expected == actual
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        same = expected == actual
    else:
        same = type(expected) is type(actual) and expected == actual
    if not same:
        return "%s: expected %s, got %s" % (path, short(expected), short(actual))
    return None


def match_raw(expected, body):
    lines = [ln for ln in expected.splitlines() if ln.strip()]
    if lines and lines[0].startswith("re:"):
        for ln in lines:
            if not ln.startswith("re:"):
                return "response-raw: every line must start with 're:' once the first does"
            if re.search(ln[3:], body, re.S) is None:
                return "body does not match /%s/: %s" % (ln[3:], short(body[:200]))
        return None
    if body != expected and body.rstrip("\n") != expected:
        return "body differs: got %s" % short(body[:300], 300)
    return None


def error_code(doc):
    """The error code of an API response in any errorformat, or None."""
    if not isinstance(doc, dict):
        return None
    e = doc.get("error")
    if isinstance(e, dict) and "code" in e:
        return e["code"]
    es = doc.get("errors")
    if isinstance(es, list) and es and isinstance(es[0], dict):
        return es[0].get("code")
    return None


def lookup_path(doc, path):
    """Follow a dotted path; '*' takes the first value of an object or list."""
    cur = doc
    for seg in path.split("."):
        if isinstance(cur, dict):
            if seg == "*":
                if not cur:
                    return None
                cur = next(iter(cur.values()))
            elif seg in cur:
                cur = cur[seg]
            else:
                return None
        elif isinstance(cur, list):
            try:
                cur = cur[0 if seg == "*" else int(seg)]
            except (ValueError, IndexError):
                return None
        else:
            return None
    return cur

# ---------------------------------------------------------------------------
# HTTP with one cookie session per test.
# ---------------------------------------------------------------------------


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body        # str (decoded as UTF-8, replacement on errors)
        self._json = None
        self._json_err = None

    def header(self, name):
        vals = [v for k, v in self.headers if k.lower() == name.lower()]
        return ", ".join(vals) if vals else None

    def json(self):
        if self._json is None and self._json_err is None:
            try:
                self._json = json.loads(self.body)
            except ValueError as e:
                self._json_err = str(e)
        return self._json


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def test_ip(uniq):
    """The client address of a test: 10.A.B.C from its uniq string."""
    b = bytes.fromhex(uniq[:6])
    return "10.%d.%d.%d" % (b[0], b[1], max(b[2], 1))


class Session:
    """
    A cookie jar and the placeholder values of one running test. Every
    request carries "X-Forwarded-For: {ip}", the test's own address, which
    the private server believes (run.py starts it with 127.0.0.1 as a
    trusted proxy): blocks, autoblocks and per-address rate limits of one
    test never touch another. `values` may be shared with the test's other
    sessions (see "AS" in README.md).
    """

    def __init__(self, url, verbose, log, values=None):
        self.url = url
        self.verbose = verbose
        self.log = log
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        if values is None:
            uniq = uuid.uuid4().hex[:10]
            ip = test_ip(uniq)
            values = {"uniq": uniq, "ip": ip, "iprange": ip.rsplit(".", 1)[0] + ".0/24"}
        self.values = values
        self.uniq = values["uniq"]

    def send(self, method, query, body=None, ctype=None, headers=(), entry=None):
        base = self.url
        if entry:
            base = self.url.rsplit("/", 1)[0] + "/" + entry
        url = base + ("?" + query if query else "")
        req = urllib.request.Request(url, data=body, method=method)
        if ctype is not None:
            req.add_header("Content-Type", ctype)
        req.add_header("User-Agent", "wikid-api-tests/1.0")
        if not any(k.lower() == "x-forwarded-for" for k, _ in headers):
            req.add_header("X-Forwarded-For", self.values["ip"])
        for k, v in headers:
            req.add_header(k, v)
        if self.verbose:
            self.log("  > %s %s%s" % (method, url, " body=" + short(body.decode("utf-8", "replace"), 300)
                                         if body and ctype and "urlencoded" in ctype else ""))
        try:
            with self.opener.open(req, timeout=REQUEST_TIMEOUT) as r:
                status, hdrs, raw = r.status, r.getheaders(), r.read()
        except urllib.error.HTTPError as e:
            status, hdrs, raw = e.code, e.headers.items(), e.read()
        return Response(status, hdrs, raw.decode("utf-8", "replace"))

    def api(self, method, params):
        """Plain helper for the runner's own calls (tokens, login)."""
        params = dict(params, format="json")
        q = urllib.parse.urlencode(params)
        if method == "POST":
            r = self.send("POST", "", q.encode(), "application/x-www-form-urlencoded")
        else:
            r = self.send("GET", q)
        doc = r.json()
        if doc is None:
            raise RuntimeError("%s %s: not JSON (HTTP %d): %s" % (
                method, params.get("action"), r.status, short(r.body[:200])))
        return doc

    def token(self, kind):
        doc = self.api("GET", {"action": "query", "meta": "tokens", "type": kind})
        tok = lookup_path(doc, "query.tokens.%stoken" % kind)
        if not isinstance(tok, str):
            raise RuntimeError("cannot get a %s token: %s" % (kind, short(doc, 300)))
        return tok

    def login(self, name, password):
        tok = self.token("login")
        doc = self.api("POST", {"action": "login", "lgname": name,
                                "lgpassword": password, "lgtoken": tok})
        if lookup_path(doc, "login.result") != "Success":
            raise RuntimeError("login as %s failed: %s" % (name, short(doc, 300)))

    def create_user(self):
        name = "Apitest" + self.uniq
        password = "pw-" + self.uniq + "-Secret"
        tok = self.token("createaccount")
        doc = self.api("POST", {"action": "createaccount", "username": name,
                                "password": password, "retype": password,
                                "createreturnurl": "http://localhost/", "createtoken": tok})
        if lookup_path(doc, "createaccount.status") != "PASS":
            raise RuntimeError("createaccount failed: %s" % short(doc, 300))
        self.values["username"] = name
        self.values["userpassword"] = password
        self.login(name, password)


PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(session, text):
    """Replace {placeholders}; values are percent-encoded. Unknown names stay."""
    def one(m):
        key = m.group(1)
        if key in session.values:
            v = session.values[key]
        elif key.endswith("token") and len(key) > 5:
            v = session.token(key[:-5])
        else:
            return m.group(0)
        return urllib.parse.quote(str(v), safe="")
    return PLACEHOLDER_RE.sub(one, text)


def has_param(query, name):
    return any(p.split("=", 1)[0] == name for p in query.split("&"))


def multipart(query, base_dir):
    """
    Encode a query string as multipart/form-data. A value "@file:PATH"
    becomes a file part read from PATH relative to the test's directory.
    """
    boundary = "----wikidtest" + uuid.uuid4().hex
    out = []
    for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True):
        out.append(("--%s\r\n" % boundary).encode())
        if v.startswith("@file:"):
            fp = os.path.join(base_dir, v[6:])
            with open(fp, "rb") as f:
                data = f.read()
            out.append(('Content-Disposition: form-data; name="%s"; filename="%s"\r\n'
                        'Content-Type: application/octet-stream\r\n\r\n'
                        % (k, os.path.basename(fp))).encode())
            out.append(data)
        else:
            out.append(('Content-Disposition: form-data; name="%s"\r\n\r\n' % k).encode())
            out.append(v.encode("utf-8"))
        out.append(b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def session_for(sessions, t, line, url, admin_password, verbose, log):
    """
    The session a request line runs in and the line without its "AS name "
    prefix: "admin" (logged in as Admin), "user" (a fresh account, the
    {username}) or "anon"; the test's own session when the name is the one
    its login option made. Sessions are made on first use and share the
    test's placeholder values.
    """
    name = None
    if line.startswith("AS "):
        parts = line.split(None, 2)
        if len(parts) < 3 or parts[1] not in ("admin", "user", "anon"):
            raise ValueError("AS needs admin, user or anon and a request: %r" % line)
        name, line = parts[1], parts[2]
    if name is None or name == t.options.get("login", "anon"):
        return sessions["main"], line
    if name not in sessions:
        s = Session(url, verbose, log, sessions["main"].values)
        if name == "admin":
            s.login(ADMIN_USER, admin_password)
        elif name == "user":
            if "username" in s.values:
                s.login(s.values["username"], s.values["userpassword"])
            else:
                s.create_user()
        sessions[name] = s
    return sessions[name], line


# The private server's secret key ([site] secret_key), which signs Special:RunJobs requests.
SECRET_KEY = "api-test-secret-key"


def runjobs_body(extra):
    """
    The form of a signed Special:RunJobs request: run the queue now
    (async=0) and answer with stats, valid for an hour; `extra` (a query
    string) adds or replaces fields. The signature is MediaWiki's: the
    hex HMAC-SHA1 of the other fields sorted by name, form-encoded as
    PHP's urlencode(), keyed with the secret key.
    """
    fields = {"title": "Special:RunJobs", "tasks": "jobs", "maxjobs": "1000", "maxtime": "60",
              "async": "0", "stats": "1", "sigexpiry": str(int(time.time()) + 3600)}
    fields.update(urllib.parse.parse_qsl(extra, keep_blank_values=True))
    signed = "&".join(k + "=" + urllib.parse.quote_plus(v, safe="-_.").replace("~", "%7E")
                      for k, v in sorted(fields.items()) if k != "signature")
    if "signature" not in fields:
        fields["signature"] = hmac.new(SECRET_KEY.encode(), signed.encode(), hashlib.sha1).hexdigest()
    return urllib.parse.urlencode(fields)


def run_request(session, t, step, line):
    entry = None
    if line == "RUNJOBS" or line.startswith("RUNJOBS "):
        body = runjobs_body(fill(session, line[len("RUNJOBS"):].strip()))
        return session.send("POST", "title=Special:RunJobs", body.encode("utf-8"),
                            "application/x-www-form-urlencoded", step.req_headers, entry="index.php")
    if line.startswith("INDEX "):
        entry, line = "index.php", line[len("INDEX "):]
    elif line.startswith("POST-INDEX "):
        entry, line = "index.php", "POST " + line[len("POST-INDEX "):]
    raw = None
    if line.startswith("POST-RAW "):
        # POST-RAW CONTENT-TYPE QUERY BODY: the body sent as it is, the query string in the URL;
        # a CONTENT-TYPE of "-" sends the header empty (a POST without a content type).
        ctype, query, raw = line[len("POST-RAW "):].split(" ", 2)
        if ctype == "-":
            ctype = ""
        method = "RAW"
    elif line.startswith("POST-MULTIPART "):
        method, query = "MULTIPART", line[len("POST-MULTIPART "):].strip()
    elif line.startswith("POST "):
        method, query = "POST", line[len("POST "):].strip()
    else:
        method, query = "GET", line
    query = fill(session, query)
    if entry:
        if method == "GET":
            return session.send("GET", query, headers=step.req_headers, entry=entry)
        return session.send("POST", "", query.encode("utf-8"), "application/x-www-form-urlencoded",
                            step.req_headers, entry=entry)
    if "noformat" not in t.options and not has_param(query, "format"):
        query += ("&" if query else "") + "format=json"
    if method == "GET":
        return session.send("GET", query, headers=step.req_headers)
    if method == "POST":
        return session.send("POST", "", query.encode("utf-8"),
                            "application/x-www-form-urlencoded", step.req_headers)
    if method == "RAW":
        return session.send("POST", query, raw.encode("utf-8"), ctype, step.req_headers)
    body, ctype = multipart(query, os.path.dirname(t.path))
    return session.send("POST", "", body, ctype, step.req_headers)


def stray_main_warning(t, step, r):
    """
    A reason when `r` carries warnings of the main module (unused or
    unrecognized parameters, mostly) that the test did not ask for: its
    expected response names "warnings", or it has the option mainwarnings.
    """
    if "mainwarnings" in t.options:
        return None
    if step.response is not None:
        expected = json.loads(PLACEHOLDER_RE.sub("0", step.response))
        if isinstance(expected, dict) and "warnings" in expected:
            return None
    doc = r.json()
    if not isinstance(doc, dict):
        return None
    w = doc.get("warnings")
    main = None
    if isinstance(w, dict):
        main = w.get("main")
    elif isinstance(w, list):
        main = [x for x in w if isinstance(x, dict) and x.get("module") == "main"] or None
    if main:
        return "unexpected main-module warning: %s" % short(json.dumps(main)[:200])
    return None


def fill_expected(session, text):
    """
    The expected response with {placeholders} filled (JSON-escaped, no
    quotes added: write "{title}" for a string, {revid} for a number).
    """
    def one(m):
        if m.group(1) not in session.values:
            return m.group(0)
        return json.dumps(str(session.values[m.group(1)]))[1:-1]
    return json.loads(PLACEHOLDER_RE.sub(one, text))


def fill_raw(session, text):
    """
    The expected raw body with {placeholders} filled: as they are in
    plain lines, regex-escaped in "re:" lines (a name without a value,
    or a regex quantifier such as {4}, stays as written).
    """
    def fill_line(line):
        is_re = line.startswith("re:")

        def one(m):
            if m.group(1) not in session.values:
                return m.group(0)
            v = str(session.values[m.group(1)])
            return re.escape(v) if is_re else v
        return PLACEHOLDER_RE.sub(one, line)
    return "\n".join(fill_line(x) for x in text.split("\n"))


def missing_message(r):
    """
    A reason when response `r` shows a message key without text: wikid
    writes an unknown key as "⧼key⧽", as MediaWiki does, so every response
    of every test doubles as a check that the message table is complete.
    """
    m = re.search("(?:\u29fc|\\\\u29fc|&#10748;)([^\u29fd\\\\&]*)", r.body, re.I)
    if m:
        return "message without text: %s" % short(m.group(1)[:80])
    return None


def check_step(step, r, session):
    """Return None when response `r` meets the step's expectations, else a reason."""
    if step.status is not None and r.status != step.status:
        return "HTTP status %d, expected %d" % (r.status, step.status)
    for name, want in step.headers:
        got = r.header(name)
        if want == "ABSENT":
            if got is not None:
                return "header %s: expected absent, got %r" % (name, got)
        elif got is None:
            return "header %s: missing (expected %r)" % (name, want)
        elif want.startswith("re:"):
            if re.search(want[3:], got) is None:
                return "header %s: %r does not match /%s/" % (name, got, want[3:])
        elif got != want:
            return "header %s: got %r, expected %r" % (name, got, want)
    if step.response_raw is not None:
        reason = match_raw(fill_raw(session, step.response_raw), r.body)
        if reason:
            return reason
    if step.response is not None or step.error is not None or step.captures:
        doc = r.json()
        if doc is None:
            return "response is not JSON (HTTP %d): %s" % (r.status, short(r.body[:200]))
        if step.error is not None:
            code = error_code(doc)
            if code != step.error:
                return "error code %s, expected %r" % (
                    "missing" if code is None else repr(code), step.error)
        if step.response is not None:
            reason = match(fill_expected(session, step.response), doc)
            if reason:
                return reason
    return None


def run_test(t, url, admin_password, verbose):
    """Run one ApiTest; returns (passed, reason, log lines)."""
    logs = []
    session = Session(url, verbose, logs.append)
    session.values["adminpassword"] = admin_password
    sessions = {"main": session}
    try:
        login = t.options.get("login")
        if login == "admin":
            session.login(ADMIN_USER, admin_password)
        elif login == "user":
            session.create_user()
        for n, step in enumerate(t.steps, 1):
            r = None
            reason = None
            for line in step.requests:
                s, line = session_for(sessions, t, line, url, admin_password, verbose, logs.append)
                r = run_request(s, t, step, line)
                reason = reason or stray_main_warning(t, step, r) or missing_message(r)
            reason = reason or check_step(step, r, session)
            if reason is None:
                doc = r.json() if step.captures else None
                for key, path in step.captures:
                    v = lookup_path(doc, path)
                    if v is None:
                        reason = "capture %s: nothing at %s" % (key, path)
                        break
                    session.values[key] = v
            if reason:
                if len(t.steps) > 1:
                    reason = "step %d (line %d): %s" % (n, step.line, reason)
                if verbose:
                    logs.append("  < HTTP %d" % r.status)
                    for k, v in r.headers:
                        logs.append("  < %s: %s" % (k, v))
                    logs.append("  < " + r.body[:SHOW_LIMIT].replace("\n", "\n  < "))
                return False, reason, logs
        return True, None, logs
    except Exception as e:  # any failure is this test's, never the whole run's
        return False, "%s: %s" % (type(e).__name__, e), logs

# ---------------------------------------------------------------------------
# The private server.
# ---------------------------------------------------------------------------


class Server:
    SERVING_RE = re.compile(r"^wikid: serving (\S+)")

    def __init__(self, binary, data_dir, password, database=None):
        self.data_dir = data_dir
        self.err_path = data_dir + ".stderr"
        self.err = open(self.err_path, "w+b")
        env = dict(os.environ, WIKID_ADMIN_PASSWORD=password)
        # The tests' own addresses come in X-Forwarded-For from this trusted proxy.
        # Page languages are switched on, with the pagelang right for sysops, as a
        # wiki that uses them would be set up (setpagelanguage tests).
        ini = data_dir + ".ini"
        with open(ini, "w") as f:
            f.write("[server]\ntrusted_proxies = 127.0.0.1 ::1\n[site]\nsecret_key = %s\n" % SECRET_KEY
                    + "[wiki]\npage_language_use_db = true\n"
                    + "[rights]\nsysop.pagelang = true\n"
                    # cspreport has no rate limit by default (as in MediaWiki); one per address
                    # here lets cspreport_ratelimit see it work (each test has its own address).
                    + "[ratelimits]\ncspreport.ip = 8/60\n")
        extra = ["--database", database] if database else []
        self.proc = subprocess.Popen(
            [binary, "--config", ini, "--port", "0", "--listen", "127.0.0.1", "--data-dir", data_dir] + extra,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.err, env=env)
        self.url = None
        self.stdout_lines = []
        ready = threading.Event()

        def reader():
            for raw in self.proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.stdout_lines.append(line)
                m = self.SERVING_RE.match(line)
                if m and self.url is None:
                    self.url = m.group(1)
                    ready.set()
            ready.set()
        threading.Thread(target=reader, daemon=True).start()
        ready.wait(STARTUP_TIMEOUT)
        if self.url is None:
            self.stop()
            raise RuntimeError("wikid did not report its URL within %ds; stderr:\n%s"
                               % (STARTUP_TIMEOUT, self.stderr_tail()))

    def stderr_tail(self, n=4000):
        self.err.flush()
        with open(self.err_path, "rb") as f:
            data = f.read()
        return data[-n:].decode("utf-8", "replace")

    def stop(self):
        """Stop the server; returns its exit status (negative: killed by signal)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return "did not stop within %ds of SIGTERM" % STOP_TIMEOUT
        return self.proc.returncode

# ---------------------------------------------------------------------------
# Main.
# ---------------------------------------------------------------------------


def find_tests(test_dir, single):
    paths = sorted(os.path.join(test_dir, f) for f in os.listdir(test_dir) if f.endswith(".test"))
    if not single:
        return paths
    return [p for p in paths if os.path.splitext(os.path.basename(p))[0] == single
            or os.path.basename(p) == single] or [p for p in paths if single in p]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Run the wikid API tests (tests/api/*.test).")
    ap.add_argument("--single", metavar="NAME", help="run one test (file name without .test, "
                    "or a substring of file names)")
    ap.add_argument("-j", type=int, default=1, metavar="N", help="parallel workers (one server)")
    ap.add_argument("--wikid", default="./wikid", metavar="PATH", help="server binary")
    ap.add_argument("--keep", action="store_true", help="keep the data directory")
    ap.add_argument("-v", action="store_true", help="show requests, and responses of failures")
    ap.add_argument("--url", help="test an already running server at this api.php URL")
    ap.add_argument("--database", metavar="URL", help="the private wikid's database (an empty "
                    "postgresql:// database; default: SQLite in the data directory)")
    ap.add_argument("--admin-password", default=os.environ.get("WIKID_ADMIN_PASSWORD"),
                    help="Admin's password with --url (default: $WIKID_ADMIN_PASSWORD)")
    ap.add_argument("--dir", default=here, help="directory holding the .test files")
    ap.add_argument("--secret-key", help="with --url: the server's secret key, for RUNJOBS lines")
    args = ap.parse_args()
    if args.secret_key:
        global SECRET_KEY
        SECRET_KEY = args.secret_key

    paths = find_tests(args.dir, args.single)
    if args.single and not paths:
        print("api: no test named %r" % args.single)
        print("api: 0 passed, 1 failed")
        return 1

    results = []  # (passed, name, reason)
    tests = []
    for p in paths:
        try:
            tests.append(parse_test_file(p))
        except (OSError, ValueError) as e:
            results.append((False, os.path.basename(p), "malformed test file: %s" % e))
            print("FAIL - %s: malformed test file: %s" % (os.path.basename(p), e), flush=True)

    server = None
    data_dir = None
    failed_extra = 0
    if args.url:
        url = args.url
        password = args.admin_password or ""
    else:
        password = TEST_ADMIN_PASSWORD
        tmp_root = tempfile.mkdtemp(prefix="wikid-api-")
        data_dir = os.path.join(tmp_root, "data")
        try:
            if not os.access(args.wikid, os.X_OK):
                raise RuntimeError("no server binary at %s" % args.wikid)
            server = Server(args.wikid, data_dir, password, args.database)
        except (OSError, RuntimeError) as e:
            print("api: cannot start wikid: %s" % e, flush=True)
            for t in tests:
                print("FAIL - %s: server did not start" % t.name)
            n_fail = len(tests) + sum(1 for r in results if not r[0])
            print("api: 0 passed, %d failed" % n_fail)
            if not args.keep:
                shutil.rmtree(tmp_root, ignore_errors=True)
            return 1
        url = server.url
        if args.v:
            print("api: wikid at %s, data in %s" % (url, data_dir), flush=True)

    lock = threading.Lock()

    def one(t):
        ok, reason, logs = run_test(t, url, password, args.v)
        with lock:
            for ln in logs:
                print(ln)
            print(("ok - %s" % t.name) if ok else ("FAIL - %s: %s" % (t.name, reason)), flush=True)
        return ok, t.name, reason

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as ex:
        results += list(ex.map(one, tests))

    if server:
        status = server.stop()
        if status != 0:
            failed_extra = 1
            print("FAIL - wikid exit: %s" % (status if isinstance(status, str)
                                             else "exit status %d" % status))
            print("api: wikid stderr (tail):\n" + server.stderr_tail())
        elif args.v:
            print("api: wikid stderr (tail):\n" + server.stderr_tail())
        if args.keep:
            print("api: data kept in %s" % data_dir)
        else:
            shutil.rmtree(os.path.dirname(data_dir), ignore_errors=True)

    n_pass = sum(1 for r in results if r[0])
    n_fail = len(results) - n_pass + failed_extra
    print("api: %d passed, %d failed" % (n_pass, n_fail))
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
