"""
Kill wikid with SIGKILL while edits are in flight; check no acknowledged edit
is lost and the database stays consistent. With WIKID_CLIENTS_ON_PG=1 the
wiki lives in a fresh database of the tests/pg.sh cluster, checked with psql.
"""
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time

import wikidtest
from wikidtest import Client

PASSWORD = "durability-admin-pass-1"
ROUNDS = 6
WRITERS = 3
FIRST_ACK_TIMEOUT = 120  # seconds a round waits for its first acknowledged edit before the kill

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


def writer(url, wid, acked, stop, first_ack):
    try:
        c = Client(url)
        c.login("Admin", PASSWORD)
    except Exception:
        return
    n = 0
    while not stop.is_set():
        n += 1
        text = "writer %d edit %d %s" % (wid, n, random.random())
        title = "Durability %d %d" % (wid, n % 5)
        try:
            r = c.edit(title, text)
        except Exception:
            return  # server gone: this edit was never acknowledged
        e = r.get("edit", {})
        if e.get("result") == "Success" and "newrevid" in e:
            acked.append((e["newrevid"], title, text))
            first_ack.set()


def main():
    tmp = tempfile.mkdtemp(prefix="wikid-durability.")
    data = os.path.join(tmp, "data")
    acked = []
    t = wikidtest.Checks()
    database = None
    if wikidtest.ON_PG:
        dbname, database = wikidtest.new_database("durability", tmp)
    try:
        for rnd in range(ROUNDS):
            proc, url = wikidtest.start(data, database, PASSWORD)
            stop = threading.Event()
            first_ack = threading.Event()
            threads = [threading.Thread(target=writer, args=(url, w, acked, stop, first_ack))
                       for w in range(WRITERS)]
            for th in threads:
                th.start()
            # The kill comes at a random moment once edits flow (the first one
            # acknowledged), however slow the machine or the build (sanitizers)
            # makes logging in and the first edit.
            first_ack.wait(FIRST_ACK_TIMEOUT)
            time.sleep(random.uniform(0.0, 0.9))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            stop.set()
            for th in threads:
                th.join()
        proc, url = wikidtest.start(data, database, PASSWORD)
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
        wikidtest.stop(proc)
        t.check(lost == 0 and acked, "%d acknowledged edits over %d kills, %d lost" % (len(acked), ROUNDS, lost))
        if database:
            def query(sql):
                return int(wikidtest.psql(dbname, sql))
        else:
            db = sqlite3.connect(os.path.join(data, "wikid.sqlite"))
            ic = db.execute("PRAGMA integrity_check").fetchone()[0]
            t.check(ic == "ok", "integrity_check: %s" % ic)

            def query(sql):
                return db.execute(sql).fetchone()[0]
        for name, sql in CONSISTENCY:
            bad = query(sql)
            t.check(bad == 0, "%s (%d rows break it)" % (name, bad))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if t.failures else 0)


main()
