"""
Two wikid nodes on one PostgreSQL database behave as one wiki. Both start
at once on the empty database (one installs it, neither fails). A client
alternating between the nodes on every request logs in, edits, reads its
own writes and logs out; failed logins count on both nodes alike (the
throttle lives in the database). Then writers on both nodes edit the same
pages concurrently: every acknowledged edit must be there with its text,
every page's revisions must form one parent chain ending at page_latest,
and recent changes must list every revision.
"""
import os
import random
import shutil
import sys
import tempfile
import threading

import wikidtest
from wikidtest import Client

PASSWORD = "two-nodes-admin-pass-1"
WRITERS_PER_NODE = 3
EDITS_PER_WRITER = 25
PAGES = 4


def writer(url, wid, acked, errors):
    try:
        c = Client(url)
        c.login("Admin", PASSWORD)
        for n in range(EDITS_PER_WRITER):
            title = "Two nodes %d" % (n % PAGES)
            text = "writer %s edit %d %f" % (wid, n, random.random())
            r = c.edit(title, text)
            e = r.get("edit", {})
            if e.get("result") == "Success" and "newrevid" in e:
                acked.append((e["newrevid"], title, text))
            else:
                errors.append(r)
    except Exception as ex:  # a crash of the test thread is a failure, not a hang
        errors.append(repr(ex))


def main():
    t = wikidtest.Checks()
    tmp = tempfile.mkdtemp(prefix="wikid-two-nodes.")
    procs = []
    try:
        dbname, db = wikidtest.new_database("twonodes", tmp)
        # Both nodes start together on the empty database.
        started = [None, None]

        def start(i):
            started[i] = wikidtest.start(os.path.join(tmp, "data%d" % i), db, PASSWORD)
        threads = [threading.Thread(target=start, args=(i,)) for i in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        t.check(all(started), "two nodes start at once on one empty database")
        procs = [s[0] for s in started if s]
        if not all(started):
            return 1
        urls = [s[1] for s in started]
        t.check(int(wikidtest.psql(dbname, "SELECT COUNT(*) FROM \"user\" WHERE user_name = 'Admin'")) == 1,
                "the wiki was installed once")

        # One client, each request to the other node.
        c = Client(urls[0])
        turn = [0]

        def alt():
            turn[0] ^= 1
            c.url = urls[turn[0]]
            return c
        tok = alt().call({"action": "query", "meta": "tokens", "type": "login"})["query"]["tokens"]["logintoken"]
        r = alt().call({"action": "login", "lgname": "Admin", "lgpassword": PASSWORD, "lgtoken": tok}, post=True)
        t.check(r["login"]["result"] == "Success", "login with a token from the other node")
        csrf = alt().call({"action": "query", "meta": "tokens"})["query"]["tokens"]["csrftoken"]
        r = alt().call({"action": "edit", "title": "Two nodes own", "text": "mine", "token": csrf}, post=True)
        t.check(r.get("edit", {}).get("result") == "Success", "edit with a CSRF token from the other node")
        r = alt().call({"action": "query", "prop": "revisions", "rvprop": "content|user", "rvslots": "main",
                        "titles": "Two nodes own", "meta": "userinfo"})
        rev = r["query"]["pages"][0]["revisions"][0]
        t.check(rev["slots"]["main"]["content"] == "mine" and rev["user"] == "Admin"
                and r["query"]["userinfo"]["name"] == "Admin", "the other node shows the edit and the login")
        r = alt().call({"action": "logout", "token": csrf}, post=True)
        r = alt().call({"action": "query", "meta": "userinfo"})
        t.check(r["query"]["userinfo"].get("anon") is True, "logged out on one node is logged out on both")

        # Failed logins are counted on both nodes together.
        bad = Client(urls[0])
        results = []
        for i in range(6):
            bad.url = urls[i % 2]
            tok = bad.call({"action": "query", "meta": "tokens", "type": "login"})["query"]["tokens"]["logintoken"]
            # uselang=qqx: the reason shows its message key.
            r = bad.call({"action": "login", "lgname": "Two nodes nobody", "lgpassword": "wrong-%d" % i, "lgtoken": tok,
                          "uselang": "qqx"}, post=True)
            results.append("login-throttled" if "login-throttled" in r["login"].get("reason", "") else "failed")
        t.check(results[-1] == "login-throttled" and "login-throttled" not in results[:5],
                "the sixth failed login is throttled, whichever node got the five before (%s)" % results)

        # Concurrent writers on both nodes.
        acked, errors = [], []
        ws = [threading.Thread(target=writer, args=(urls[n], "%d.%d" % (n, w), acked, errors))
              for n in range(2) for w in range(WRITERS_PER_NODE)]
        for th in ws:
            th.start()
        for th in ws:
            th.join()
        total = 2 * WRITERS_PER_NODE * EDITS_PER_WRITER
        t.check(not errors and len(acked) == total,
                "%d of %d concurrent edits on two nodes acknowledged (%s)" % (len(acked), total, errors[:2]))
        reader = Client(urls[1])
        lost = 0
        for i in range(0, len(acked), 50):
            batch = acked[i:i + 50]
            r = reader.call({"action": "query", "prop": "revisions", "rvprop": "ids|content", "rvslots": "main",
                             "revids": "|".join(str(a[0]) for a in batch)})
            have = {}
            for p in r["query"].get("pages", []):
                for rev in p.get("revisions", []):
                    have[rev["revid"]] = (p["title"], rev["slots"]["main"]["content"])
            lost += sum(1 for revid, title, text in batch if have.get(revid) != (title, text))
        t.check(lost == 0, "every acknowledged edit is there with its text (%d lost)" % lost)
        broken = 0
        for p in range(PAGES):
            r = reader.call({"action": "query", "prop": "revisions|info", "rvprop": "ids", "rvlimit": "max",
                             "rvdir": "newer", "titles": "Two nodes %d" % p})
            page = r["query"]["pages"][0]
            revs = page["revisions"]
            prev = 0
            for rev in revs:
                broken += rev["parentid"] != prev
                prev = rev["revid"]
            broken += page["lastrevid"] != prev
        t.check(broken == 0, "each page's revisions form one parent chain ending at its latest revision")
        per_page = {}
        for revid, title, _ in acked:
            per_page.setdefault(title, set()).add(revid)
        rc = reader.call({"action": "query", "list": "recentchanges", "rclimit": "max", "rcprop": "ids|title",
                          "rctype": "edit|new"})["query"]["recentchanges"]
        seen = set(x["revid"] for x in rc if x["title"].startswith("Two nodes "))
        missing = sum(1 for revs in per_page.values() for r_ in revs if r_ not in seen)
        t.check(missing == 0, "recent changes list every revision (%d missing)" % missing)
    finally:
        for p in procs:
            wikidtest.stop(p)
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if t.failures else 0


if not wikidtest.have_cluster():
    print("needs the PostgreSQL cluster of tests/run-all.sh (WIKID_TEST_PGHOST)")
    sys.exit(77)
sys.exit(main())
