"""
A lost database connection on PostgreSQL: the server ends wikid's session
(pg_terminate_backend, as a restart or a network cut would); the request in
flight answers internal_api_error_DBConnectionError, and the requests after
it reconnect and work, for a logged-in client too (its session survives).
"""
import os
import shutil
import sys
import tempfile

import wikidtest
from wikidtest import Client

PASSWORD = "reconnect-admin-pass-1"


def main():
    t = wikidtest.Checks()
    tmp = tempfile.mkdtemp(prefix="wikid-reconnect.")
    proc = None
    try:
        dbname, url_db = wikidtest.new_database("reconnect", tmp)
        # One worker thread: one connection, so the first request after the cut meets it.
        proc, url = wikidtest.start(os.path.join(tmp, "data"), url_db, PASSWORD, ["--threads", "1"])
        c = Client(url)
        c.login("Admin", PASSWORD)
        t.check("error" not in c.call({"action": "query", "list": "allpages"}), "a read works")
        killed = wikidtest.psql(dbname, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                        " WHERE datname = current_database() AND pid <> pg_backend_pid()")
        t.check(int(killed) >= 1, "the server ends wikid's connection")
        r = c.call({"action": "query", "list": "allpages"})
        e = r.get("error", {})
        t.check(e.get("code") == "internal_api_error_DBConnectionError",
                "the request in flight: internal_api_error_DBConnectionError (%s)" % e.get("code"))
        t.check(e.get("errorclass") == "Wikimedia\\Rdbms\\DBConnectionError", "with its errorclass")
        r = c.call({"action": "query", "list": "allpages", "meta": "userinfo"})
        t.check("error" not in r and r["query"]["userinfo"]["name"] == "Admin",
                "the next request reconnects; the client is still logged in")
        r = c.edit("Reconnect page", "after the cut")
        t.check(r.get("edit", {}).get("result") == "Success", "and can edit")
    finally:
        if proc:
            wikidtest.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if t.failures else 0)


if not wikidtest.have_cluster():
    print("needs the PostgreSQL cluster of tests/run-all.sh (WIKID_TEST_PGHOST)")
    sys.exit(77)
main()
