"""
Kill wikid with SIGKILL while edits are in flight; check no acknowledged edit
is lost and the database stays consistent. With WIKID_CLIENTS_ON_PG=1 the
wiki lives in a fresh database of the tests/pg.sh cluster
(WIKID_TEST_PGHOST/WIKID_TEST_PGPORT), checked with psql.
"""
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

WIKID = os.environ.get("WIKID", "./wikid")
PASSWORD = "durability-admin-pass-1"
ROUNDS = 6
WRITERS = 3


# Consistency checks that hold on either backend: the current revision of
# every page exists and belongs to it, every parent revision exists and is
# older, and every revision has its recent-changes row.
CONSISTENCY = [
    ("page_latest of every page is its revision",
     "SELECT COUNT(*) FROM page LEFT JOIN revision ON rev_id = page_latest AND rev_page = page_id"
     " WHERE rev_id IS NULL"),
    ("every parent revision exists on the same page",
     "SELECT COUNT(*) FROM revision r LEFT JOIN revision p ON p.rev_id = r.rev_parent_id"
     " AND p.rev_page = r.rev_page AND p.rev_id < r.rev_id"
     " WHERE r.rev_parent_id <> 0 AND p.rev_id IS NULL"),
    ("one recent change per revision",
     "SELECT COUNT(*) FROM revision LEFT JOIN recentchanges ON rc_this_oldid = rev_id"
     " WHERE rc_id IS NULL"),
]

PG = os.environ.get("WIKID_CLIENTS_ON_PG") == "1"


def pg_bin(name):
    bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
    return os.path.join(bindir, name)


def pg_args():
    return ["-h", os.environ["WIKID_TEST_PGHOST"], "-p", os.environ["WIKID_TEST_PGPORT"], "-U", "wikid"]


def start(data_dir, database):
    env = dict(os.environ, WIKID_ADMIN_PASSWORD=PASSWORD)
    extra = ["--database", database] if database else []
    proc = subprocess.Popen([WIKID, "--port", "0", "--listen", "127.0.0.1", "--data-dir", data_dir] + extra,
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

    def call(self, params, post=False):
        params = dict(params, format="json", formatversion="2")
        data = urllib.parse.urlencode(params).encode()
        if post:
            req = urllib.request.Request(self.url, data=data)
        else:
            req = urllib.request.Request(self.url + "?" + data.decode())
        with self.op.open(req, timeout=10) as r:
            return json.loads(r.read())

    def login(self):
        t = self.call({"action": "query", "meta": "tokens", "type": "login"})["query"]["tokens"]["logintoken"]
        r = self.call({"action": "login", "lgname": "Admin", "lgpassword": PASSWORD, "lgtoken": t}, post=True)
        if r["login"]["result"] != "Success":
            raise RuntimeError("login failed: %r" % r)
        self.csrf = self.call({"action": "query", "meta": "tokens"})["query"]["tokens"]["csrftoken"]


def writer(url, wid, acked, stop):
    try:
        c = Client(url)
        c.login()
    except Exception:
        return
    n = 0
    while not stop.is_set():
        n += 1
        text = "writer %d edit %d %s" % (wid, n, random.random())
        title = "Durability %d %d" % (wid, n % 5)
        try:
            r = c.call({"action": "edit", "title": title, "text": text, "token": c.csrf}, post=True)
        except Exception:
            return  # server gone: this edit was never acknowledged
        e = r.get("edit", {})
        if e.get("result") == "Success" and "newrevid" in e:
            acked.append((e["newrevid"], title, text))


def main():
    tmp = tempfile.mkdtemp(prefix="wikid-durability.")
    data = os.path.join(tmp, "data")
    acked = []
    failures = 0
    database = None
    if PG:
        dbname = "durability_" + os.path.basename(tmp).replace(".", "_").lower()
        subprocess.run([pg_bin("createdb")] + pg_args() + ["-T", "template0", dbname], check=True)
        database = "postgresql:///%s?host=%s&port=%s&user=wikid" % (
            dbname, os.environ["WIKID_TEST_PGHOST"], os.environ["WIKID_TEST_PGPORT"])
    try:
        for rnd in range(ROUNDS):
            proc, url = start(data, database)
            stop = threading.Event()
            threads = [threading.Thread(target=writer, args=(url, w, acked, stop)) for w in range(WRITERS)]
            for t in threads:
                t.start()
            time.sleep(random.uniform(0.3, 1.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            stop.set()
            for t in threads:
                t.join()
        proc, url = start(data, database)
        c = Client(url)
        lost = 0
        for i in range(0, len(acked), 50):
            batch = acked[i:i + 50]
            r = c.call({"action": "query", "prop": "revisions", "rvprop": "ids|content",
                        "rvslots": "main", "revids": "|".join(str(a[0]) for a in batch)})
            have = {}
            for p in r["query"].get("pages", []):
                for rev in p.get("revisions", []):
                    have[rev["revid"]] = (p["title"], rev["slots"]["main"]["content"])
            for revid, title, text in batch:
                if have.get(revid) != (title, text):
                    lost += 1
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        print("%s - %d acknowledged edits over %d kills, %d lost" %
              ("ok" if lost == 0 and acked else "not ok", len(acked), ROUNDS, lost))
        failures += lost != 0 or not acked
        if PG:
            def query(sql):
                out = subprocess.run([pg_bin("psql")] + pg_args() + ["-d", dbname, "-X", "-q", "-t", "-A",
                                     "-c", sql], capture_output=True, text=True, check=True).stdout
                return int(out.strip())
        else:
            db = sqlite3.connect(os.path.join(data, "wikid.sqlite"))
            ic = db.execute("PRAGMA integrity_check").fetchone()[0]
            print("%s - integrity_check: %s" % ("ok" if ic == "ok" else "not ok", ic))
            failures += ic != "ok"

            def query(sql):
                return db.execute(sql).fetchone()[0]
        for name, sql in CONSISTENCY:
            bad = query(sql)
            print("%s - %s (%d rows break it)" % ("ok" if bad == 0 else "not ok", name, bad))
            failures += bad != 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if failures else 0)


main()
