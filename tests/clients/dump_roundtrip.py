"""XML dump round trip: oracle dump -> wikid (CLI and action=import) -> export -> same content."""
import bz2
import gzip
import http.cookiejar
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET

WIKID = os.environ.get("WIKID", "./wikid")
PASSWORD = "roundtrip-admin-pass-1"
DUMP = "tests/data/oracle-roundtrip.xml"
NS = "{http://www.mediawiki.org/xml/export-0.11/}"
# The dump's authors other than Admin: accounts of these names are made
# first, so that imported revisions keep them (assign known users).
AUTHORS = ["Data2 RT user"]
failures = []


def check(cond, what):
    print(("ok - " if cond else "FAIL - ") + what)
    if not cond:
        failures.append(what)


def start(data_dir):
    env = dict(os.environ, WIKID_ADMIN_PASSWORD=PASSWORD)
    proc = subprocess.Popen([WIKID, "--port", "0", "--listen", "127.0.0.1", "--data-dir", data_dir],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    for line in proc.stdout:
        m = re.match(r"wikid: serving (\S+)", line)
        if m:
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, m.group(1)
    raise RuntimeError("wikid did not start")


class Client:
    def __init__(self, url):
        self.url = url
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def raw(self, url, data=None, ctype=None):
        req = urllib.request.Request(url, data=data)
        if ctype:
            req.add_header("Content-Type", ctype)
        with self.op.open(req, timeout=60) as r:
            return r.read()

    def call(self, params, post=False):
        params = dict(params, format="json", formatversion="2")
        data = urllib.parse.urlencode(params).encode()
        if post:
            return json.loads(self.raw(self.url, data))
        return json.loads(self.raw(self.url + "?" + data.decode()))

    def login(self, name="Admin", password=PASSWORD):
        t = self.call({"action": "query", "meta": "tokens", "type": "login"})["query"]["tokens"]["logintoken"]
        r = self.call({"action": "login", "lgname": name, "lgpassword": password, "lgtoken": t}, post=True)
        assert r["login"]["result"] == "Success", r
        self.csrf = self.call({"action": "query", "meta": "tokens"})["query"]["tokens"]["csrftoken"]

    def create_account(self, name):
        t = self.call({"action": "query", "meta": "tokens", "type": "createaccount"})["query"]["tokens"]
        r = self.call({"action": "createaccount", "username": name, "password": "rt-" + uuid.uuid4().hex,
                       "retype": None, "createreturnurl": "http://localhost/",
                       "createtoken": t["createaccounttoken"]} if False else
                      {"action": "createaccount", "username": name, "password": "Rt-pass-for-" + name,
                       "retype": "Rt-pass-for-" + name, "createreturnurl": "http://localhost/",
                       "createtoken": t["createaccounttoken"]}, post=True)
        assert r["createaccount"]["status"] == "PASS", r

    def upload_import(self, path, **params):
        boundary = "----rt" + uuid.uuid4().hex
        parts = []
        fields = dict(params, action="import", format="json", formatversion="2", token=self.csrf)
        for k, v in fields.items():
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                          % (boundary, k, v)).encode())
        with open(path, "rb") as f:
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"xml\"; filename=\"dump.xml\"\r\n"
                          "Content-Type: text/xml\r\n\r\n" % boundary).encode() + f.read() + b"\r\n")
        parts.append(("--%s--\r\n" % boundary).encode())
        return json.loads(self.raw(self.url, b"".join(parts), "multipart/form-data; boundary=" + boundary))

    def export(self, titles):
        """Every revision of `titles`, through Special:Export (POST without curonly)."""
        index = self.url.rsplit("/", 1)[0] + "/index.php"
        body = urllib.parse.urlencode({"title": "Special:Export", "pages": "\n".join(titles)}).encode()
        return self.raw(index, body, "application/x-www-form-urlencoded")


def pages_of(xml_bytes):
    """The comparable content of a dump: per title, namespace, redirect and revisions."""
    root = ET.fromstring(xml_bytes)
    out = {}
    for pg in root.findall(NS + "page"):
        revs = []
        for r in pg.findall(NS + "revision"):
            def tx(name):
                e = r.find(NS + name)
                return None if e is None else (e.text or "")
            c = r.find(NS + "contributor")
            who = None
            if c is not None:
                u, ip = c.find(NS + "username"), c.find(NS + "ip")
                who = (u.text if u is not None else None, ip.text if ip is not None else None)
            t = r.find(NS + "text")
            revs.append({"timestamp": tx("timestamp"), "contributor": who, "comment": tx("comment"),
                         "minor": r.find(NS + "minor") is not None, "model": tx("model"),
                         "format": tx("format"), "text": t.text or "", "bytes": t.get("bytes"),
                         "sha1": tx("sha1"), "text_sha1": t.get("sha1")})
        rd = pg.find(NS + "redirect")
        out[pg.find(NS + "title").text] = {"ns": pg.find(NS + "ns").text,
                                          "redirect": None if rd is None else rd.get("title"), "revisions": revs}
    return out


def compare(want, got, what, drop_last=False):
    same = True
    for title, page in want.items():
        g = got.get(title)
        if g is not None and drop_last:
            g = dict(g, revisions=g["revisions"][:-1])
        if g != page:
            same = False
            print("#   %s differs:\n#     want %s\n#     got  %s" % (title, json.dumps(page)[:600],
                                                                    json.dumps(g)[:600]))
    check(same and set(got) == set(want), what)


def run_cli(data_dir, path):
    r = subprocess.run([WIKID, "--data-dir", data_dir, "--import", path], capture_output=True, text=True,
                       env=dict(os.environ, WIKID_ADMIN_PASSWORD=PASSWORD), timeout=300)
    return r.returncode, r.stdout + r.stderr


def run_cli_tty(data_dir, path):
    """The import with stderr on a terminal (a pseudo-terminal): its output and the terminal's text."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([WIKID, "--data-dir", data_dir, "--import", path], stdout=subprocess.PIPE,
                            stderr=slave, env=dict(os.environ, WIKID_ADMIN_PASSWORD=PASSWORD))
    os.close(slave)
    tty = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal is gone once the process has ended
            break
        if not chunk:
            break
        tty += chunk
    out = proc.stdout.read().decode()
    proc.wait(timeout=300)
    os.close(master)
    return proc.returncode, out, tty.decode(errors="replace")


def links_of(c, titles):
    """Per title, the sorted titles of its links and categories, as the API lists them."""
    r = c.call({"action": "query", "prop": "links|categories", "titles": "|".join(titles), "pllimit": "max",
                "cllimit": "max"})
    return {p["title"]: sorted(x["title"] for x in p.get("links", []) + p.get("categories", []))
            for p in r["query"]["pages"]}


def main():
    with open(DUMP, "rb") as f:
        original = f.read()
    want = pages_of(original)
    titles = list(want)
    n_revs = sum(len(p["revisions"]) for p in want.values())
    tmp = tempfile.mkdtemp(prefix="wikid-roundtrip.")
    try:
        gz, bz = os.path.join(tmp, "dump.xml.gz"), os.path.join(tmp, "dump.xml.bz2")
        with gzip.open(gz, "wb") as f:
            f.write(original)
        with open(bz, "wb") as f:
            # Two bzip2 streams, as Wikimedia's multistream dumps have.
            half = len(original) // 2
            f.write(bz2.compress(original[:half]) + bz2.compress(original[half:]))

        for name, path in (("plain", DUMP), ("gzip", gz), ("bzip2", bz)):
            data = os.path.join(tmp, "cli-" + name)
            proc, url = start(data)
            try:
                c = Client(url)
                for a in AUTHORS:
                    c.create_account(a)
                if name == "plain":
                    # On a terminal: the progress bar (share of the file, pages, pages/s, revisions,
                    # bytes, time left), then the link tables' build with a bar of its own.
                    rc, out, tty = run_cli_tty(data, path)
                    check(re.search(r"\[#{24}\] 100%%  %d pages  \d+ pages/s  %d revisions  [0-9.]+ kB / [0-9.]+ kB"
                                    r"  ETA \S+" % (len(want), n_revs), tty) is not None and
                          re.search(r"\[#{24}\] 100%%  %d pages  \d+ pages/s  ETA \S+" % len(want), tty) is not None,
                          "the progress bars on a terminal: %r" % tty[-300:])
                else:
                    rc, out = run_cli(data, path)
                check(rc == 0 and ("imported %d pages, %d revisions" % (len(want), n_revs)) in out,
                      "command-line import of the %s dump: %s" % (name, out.strip().splitlines()[-1:]))
                compare(want, pages_of(c.export(titles)), "%s dump: the export equals the original" % name)
                # The import builds the link tables afterwards (the refreshLinks jobs it queued).
                links = links_of(c, titles)
                check(links.get("Data2 RT Article") == ["Link"] and
                      links.get("Talk:Data2 RT Article") == ["User talk:Admin", "User:Admin"] and
                      links.get("Data2 RT redirect") == ["Data2 RT Article"] and
                      links.get("Template:Data2 RT box") == ["Category:Data2 boxes"] and
                      ("link tables of %d pages built" % len(want)) in out and "jobs run, 0 failed" in out,
                      "%s dump: the command line built the link tables: %r" % (name, links))
                rc, out = run_cli(data, path)
                check(rc == 0 and "imported 0 pages, 0 revisions" in out and
                      ("%d revisions were there already" % n_revs) in out,
                      "importing the %s dump again adds nothing" % name)
            finally:
                proc.terminate()
                proc.wait()

        data = os.path.join(tmp, "api")
        proc, url = start(data)
        try:
            c = Client(url)
            for a in AUTHORS:
                c.create_account(a)
            c.login()
            r = c.upload_import(DUMP, interwikiprefix="oracle", assignknownusers="1", summary="round trip")
            got = {e["title"]: e["revisions"] for e in r.get("import", [])}
            check(got == {t: len(p["revisions"]) for t, p in want.items()}, "action=import reports every page")
            exported = pages_of(c.export(titles))
            compare(want, exported, "action=import: the export equals the original, plus a null revision",
                    drop_last=True)
            last = [p["revisions"][-1] for p in exported.values()]
            check(all(r["contributor"] == ("Admin", None) and r["minor"] and r["comment"].endswith(": round trip")
                      for r in last), "each page ends with Admin's minor null revision")
        finally:
            proc.terminate()
            proc.wait()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
