"""
Read replicas on PostgreSQL: a streaming replica (pg_basebackup) of the test
cluster serves wikid's reads. Checked: writes on the primary become readable
on the replica path once it caught up; while its replay is paused
(pg_wal_replay_pause) a fresh client does not see a new edit (its read went
to the replica) but the client that wrote does (chronology protection,
cpPosIndex), maxlag=0 is refused with maxlag (X-Database-Lag, Retry-After,
host, lag, type) and siteinfo's dbrepllag reports the lag; after resuming
everything is visible again; sessions the replica ends cost no failed
request and the replica comes back into service; with the replica down,
reads fall back to the primary and its lag counts as unknown. Waits are
polls for a condition with a deadline, never fixed sleeps.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

import wikidtest
from wikidtest import Client

PASSWORD = "replica-admin-pass-1"
DEADLINE = 60   # seconds any awaited condition may take


def shell(cmd):
    return subprocess.run(["sh", "-c", ". tests/pg.sh; " + cmd], capture_output=True, text=True, check=True).stdout


def until(what, cond):
    """Poll cond() until it is true; False (and a line saying so) after DEADLINE seconds."""
    end = time.time() + DEADLINE
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.2)
    print("# gave up waiting: " + what)
    return False


def db_ready(dbname, host, port):
    try:
        return wikidtest.psql(dbname, "SELECT 1", host, port) == "1"
    except Exception:
        return False


def content(client, title):
    r = client.call({"action": "query", "prop": "revisions", "rvprop": "content", "rvslots": "main",
                     "titles": title})
    page = r["query"]["pages"][0]
    return None if page.get("missing") else page["revisions"][0]["slots"]["main"]["content"]


def anon_edit(client, title, text):
    return client.call({"action": "edit", "title": title, "text": text, "token": "+\\"}, post=True)


def main():
    t = wikidtest.Checks()
    tmp = tempfile.mkdtemp(prefix="wikid-replica.")
    rdir = None
    proc = None
    try:
        rdir, rport = shell("pg_replica_start").split()
        dbname, primary = wikidtest.new_database("replica", tmp)
        replica = wikidtest.pg_url(dbname, rdir, rport)
        ini = os.path.join(tmp, "wikid.ini")
        with open(ini, "w") as f:
            # Generous limit: the paused replica keeps serving reads however long the test takes.
            f.write("[site]\nshow_hostnames = true\n[database]\nreplicas = %s\nreplica_max_lag = 3600\n" % replica)
        # The database must exist on the replica before wikid connects there.
        t.check(until("database on the replica", lambda: db_ready(dbname, rdir, rport)),
                "the new database reached the replica")
        log = os.path.join(tmp, "wikid.err")
        # Create the schema first, without the replica, and let the replica replay it: a replica that
        # has the database but not yet its tables fails reads, and the connection that saw it would
        # keep reading from the primary until the monitor measures the replica again.
        proc, url = wikidtest.start(os.path.join(tmp, "data"), primary, PASSWORD)
        wikidtest.stop(proc)
        proc = None
        t.check(until("schema on the replica", lambda: wikidtest.psql(
            dbname, "SELECT to_regclass('page') IS NOT NULL", rdir, rport) == "t"),
                "the schema reached the replica")
        proc, url = wikidtest.start(os.path.join(tmp, "data"), primary, PASSWORD, ["--config", ini], log=log)
        reader = Client(url)
        name = "%s:%s" % (rdir, rport)

        def lag_info():
            return reader.call({"action": "query", "meta": "siteinfo", "siprop": "dbrepllag",
                                "sishowalldb": 1})["query"]["dbrepllag"]
        t.check(until("replica caught up", lambda: lag_info()[-1]["lag"] == 0), "replica lag 0 once caught up")
        info = lag_info()
        t.check(len(info) == 2 and info[0]["lag"] == 0 and info[1]["host"] == name,
                "sishowalldb lists the primary, then the replica by host:port")

        writer = Client(url)
        r = anon_edit(writer, "Replica page 1", "one")
        t.check(r.get("edit", {}).get("result") == "Success", "edit on the primary")
        t.check(until("edit readable", lambda: content(Client(url), "Replica page 1") == "one"),
                "the edit is readable through the replica path after catch-up")

        wikidtest.psql(dbname, "SELECT pg_wal_replay_pause()", rdir, rport)
        # The call only requests the pause; replay may apply more WAL until it is 'paused'.
        until("replay paused", lambda: wikidtest.psql(dbname, "SELECT pg_get_wal_replay_pause_state()",
                                                      rdir, rport) == "paused")
        r = anon_edit(writer, "Replica page 2", "two")
        t.check(r.get("edit", {}).get("result") == "Success", "edit while the replica is paused")
        t.check("cpPosIndex" in writer.last_headers.get("Set-Cookie", ""),
                "the write answer carries the cpPosIndex cookie")
        if not t.check(content(Client(url), "Replica page 2") is None,
                       "a fresh client does not see it: its read went to the paused replica"):
            # What wikid's monitor and the replica said, to tell a routing bug from a slow machine.
            print("# dbrepllag: %r; replay state: %s" % (lag_info(), wikidtest.psql(
                dbname, "SELECT pg_get_wal_replay_pause_state()", rdir, rport)))
            with open(log) as f:
                print("# wikid's stderr:\n" + "".join("#   " + line for line in f.readlines()[-20:]))
        t.check(content(writer, "Replica page 2") == "two",
                "the client that wrote sees it (chronology protection)")

        def maxlag_refused():
            r = Client(url).call({"action": "query", "meta": "siteinfo", "maxlag": 0})
            return r if "error" in r else None
        err = until("maxlag refusal", maxlag_refused)
        e = err["error"] if err else {}
        t.check(e.get("code") == "maxlag", "maxlag=0 is refused while the replica lags")
        t.check(e.get("type") == "db" and e.get("host") == name and e.get("lag", 0) >= 1,
                "the error names the replica, its lag and type db")
        c = Client(url)
        try:
            c.call({"action": "query", "meta": "siteinfo", "maxlag": 0})
        except Exception:
            pass
        t.check(int(c.last_headers.get("X-Database-Lag", "0")) >= 1 and c.last_headers.get("Retry-After") == "5",
                "X-Database-Lag and Retry-After headers")
        t.check(lag_info()[-1]["lag"] >= 1, "dbrepllag reports the lag")
        ok = Client(url).call({"action": "query", "meta": "siteinfo", "maxlag": 3600})
        t.check("error" not in ok, "a larger maxlag is accepted")

        # Sessions the replica ends (an administrator, a restart) cost the reads in flight a retry on
        # the primary. Whether the replica then serves reads again is not checked here: it is paused,
        # so its lag grows past replica_max_lag at a moment that depends on the machine's speed.
        wikidtest.psql(dbname, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                               " WHERE datname = current_database() AND pid <> pg_backend_pid()", rdir, rport)
        t.check(all(content(Client(url), "Replica page 1") == "one" for _ in range(10)),
                "reads go on while the replica's sessions are gone")

        wikidtest.psql(dbname, "SELECT pg_wal_replay_resume()", rdir, rport)
        t.check(until("replica resumed", lambda: content(Client(url), "Replica page 2") == "two"),
                "after resuming the replica serves the edit")
        t.check(until("maxlag accepted", lambda: "error" not in Client(url).call(
            {"action": "query", "meta": "siteinfo", "maxlag": 0})), "and maxlag=0 passes again")

        shell("pg_replica_stop %s" % rdir)
        rdir = None
        r = anon_edit(writer, "Replica page 3", "three")
        t.check(content(Client(url), "Replica page 3") == "three",
                "with the replica down, reads fall back to the primary")
        t.check(until("replica seen down", lambda: lag_info()[-1]["lag"] == -1),
                "and its lag is reported as unknown (-1)")
        t.check("error" not in Client(url).call({"action": "query", "meta": "siteinfo", "maxlag": 0}),
                "a replica that is down does not count for maxlag")
    finally:
        if proc:
            wikidtest.stop(proc)
        if rdir:
            shell("pg_replica_stop %s" % rdir)
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if t.failures else 0)


if not wikidtest.have_cluster():
    print("needs the PostgreSQL cluster of tests/run-all.sh (WIKID_TEST_PGHOST)")
    sys.exit(77)
main()
