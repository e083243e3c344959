"""
wikid --copy-to: a wiki with pages, revisions (one large enough to be stored
compressed), an account, a watchlist and log entries is copied to a new
database of the other backend (SQLite -> PostgreSQL in the clients run,
PostgreSQL -> SQLite in the pg-clients run). wikid on the copy must answer
exactly as on the original (search included), the account must log in, new ids must follow
the copied ones, and copying into a database that holds a wiki must fail;
an empty --database is a usage error.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import wikidtest
from wikidtest import Client

PASSWORD = "copy-admin-pass-1"
USER, USER_PW = "Copy user", "copy-user-pass-12345"

# Requests whose answers must be the same on the copy.
READS = [
    {"action": "query", "list": "allpages", "aplimit": "max"},
    {"action": "query", "list": "recentchanges", "rclimit": "max",
     "rcprop": "title|ids|sizes|flags|user|comment|timestamp|loginfo|sha1"},
    {"action": "query", "generator": "allpages", "gaplimit": "max", "prop": "revisions|info",
     "rvprop": "ids|content|comment|user|size|sha1|timestamp", "rvslots": "main"},
    {"action": "query", "list": "logevents", "lelimit": "max"},
    {"action": "query", "list": "users", "ususers": USER + "|Admin", "usprop": "editcount|groups|registration"},
    {"action": "query", "list": "usercontribs", "ucuser": USER, "uclimit": "max"},
    {"action": "query", "list": "allusers", "aulimit": "max"},
    # The search index too: words folded as on the source ("unicode" finds "ünïcödé"), hits in the same order.
    {"action": "query", "list": "search", "srsearch": "unicode", "srwhat": "text", "srprop": "snippet|wordcount"},
    {"action": "query", "list": "search", "srsearch": "copy", "srlimit": "max", "srprop": "size"},
    {"action": "query", "list": "search", "srsearch": "text", "srwhat": "text", "srlimit": "max", "srprop": ""},
]


def snapshot(url):
    c = Client(url)
    out = [c.call(r) for r in READS]
    u = Client(url)
    u.login(USER, USER_PW)
    out.append(u.call({"action": "query", "list": "watchlistraw", "wrlimit": "max"}))
    return out


def main():
    if not wikidtest.have_cluster():
        print("needs the PostgreSQL cluster of tests/run-all.sh (WIKID_TEST_PGHOST)")
        sys.exit(77)
    t = wikidtest.Checks()
    tmp = tempfile.mkdtemp(prefix="wikid-copy.")
    data = os.path.join(tmp, "data")
    try:
        if wikidtest.ON_PG:
            _, source = wikidtest.new_database("copysrc", tmp)
            target = "sqlite:" + os.path.join(tmp, "copy.sqlite")
        else:
            source = None
            _, target = wikidtest.new_database("copydst", tmp)
        proc, url = wikidtest.start(data, source, PASSWORD)
        admin = Client(url)
        admin.login("Admin", PASSWORD)
        tok = admin.call({"action": "query", "meta": "tokens", "type": "createaccount"})
        r = admin.call({"action": "createaccount", "username": USER, "password": USER_PW, "retype": USER_PW,
                        "createreturnurl": "http://example.org/",
                        "createtoken": tok["query"]["tokens"]["createaccounttoken"]}, post=True)
        t.check(r.get("createaccount", {}).get("status") == "PASS", "account created")
        user = Client(url)
        user.login(USER, USER_PW)
        for i in range(5):
            admin.edit("Copy page %d" % i, "Text %d with ünïcödé ✓" % i, summary="create %d" % i)
        user.edit("Copy page 1", "A second revision by the user", summary="second")
        user.edit("Copy large", "Long text, stored compressed. " * 200, summary="large")
        user.call({"action": "watch", "titles": "Copy page 3", "token":
                   user.call({"action": "query", "meta": "tokens", "type": "watch"})["query"]["tokens"]["watchtoken"]},
                  post=True)
        before = snapshot(url)
        wikidtest.stop(proc)

        db_args = ["--database", source] if source else []
        run = subprocess.run([wikidtest.WIKID, "--data-dir", data] + db_args + ["--copy-to", target],
                             capture_output=True, text=True)
        t.check(run.returncode == 0 and "copied and verified" in run.stderr,
                "--copy-to succeeds and verifies the counts: %s" % run.stderr.strip().splitlines()[-1:])
        again = subprocess.run([wikidtest.WIKID, "--data-dir", data] + db_args + ["--copy-to", target],
                               capture_output=True, text=True)
        t.check(again.returncode != 0 and "already holds a wiki" in again.stderr,
                "a second copy into the same database is refused")
        empty = subprocess.run([wikidtest.WIKID, "--data-dir", data, "--database", "", "--copy-to", target],
                               capture_output=True, text=True)
        t.check(empty.returncode == 2 and "--database needs a URL" in empty.stderr,
                "an empty --database is refused, not taken as SQLite")

        proc, url = wikidtest.start(os.path.join(tmp, "data2"), target)
        after = snapshot(url)
        for req, a, b in zip(READS + [{"list": "watchlistraw"}], before, after):
            t.check(a == b, "same answer on the copy: %s" % "&".join("%s=%s" % kv for kv in req.items()))
        admin = Client(url)
        admin.login("Admin", PASSWORD)
        last = max(rc["revid"] for rc in before[1]["query"]["recentchanges"])
        r = admin.edit("Copy page new", "After the copy")
        t.check(r.get("edit", {}).get("newrevid") == last + 1, "new revision ids follow the copied ones")
        wikidtest.stop(proc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if t.failures else 0)


main()
