# SPDX-License-Identifier: MIT
"""action=cspreport stores reports with a bound on their number (CSP_KEEP in
src/api/modules/cspreport.c): after 1005 reports the table holds the newest
1000, on SQLite or (pg-clients) PostgreSQL."""
import http.client
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wikidtest  # noqa: E402

KEEP = 1000
SENT = KEEP + 5
T = wikidtest.Checks()


def main():
    tmp = tempfile.mkdtemp(prefix="wikid-cspkeep-")
    dbname = database = None
    if wikidtest.ON_PG:
        if not wikidtest.have_cluster():
            print("no PostgreSQL cluster")
            return 77
        dbname, database = wikidtest.new_database("cspkeep", tmp)
    proc = None
    try:
        data = os.path.join(tmp, "data")
        proc, url = wikidtest.start(data, database=database, password="cspkeep-admin-pass-1")
        u = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        ok = 0
        for i in range(SENT):
            body = json.dumps({"csp-report": {"document-uri": "http://127.0.0.1/page%d" % i,
                                              "violated-directive": "img-src"}})
            conn.request("POST", u.path + "?action=cspreport&format=json", body,
                         {"Content-Type": "application/csp-report"})
            r = conn.getresponse()
            ok += r.status == 200 and json.loads(r.read()).get("cspreport") == "success"
        conn.close()
        T.check(ok == SENT, "%d reports accepted (%d)" % (SENT, ok))
        def count(uris):
            sql = "SELECT COUNT(*) FROM wikid_cspreport WHERE csp_document_uri IN (%s)" % ", ".join(
                "'http://127.0.0.1/page%d'" % i for i in uris)
            if dbname:
                return int(wikidtest.psql(dbname, sql))
            db = sqlite3.connect(os.path.join(data, "wikid.sqlite"))
            n = db.execute(sql).fetchone()[0]
            db.close()
            return n

        T.check(count(range(SENT)) == KEEP, "the table keeps %d reports" % KEEP)
        T.check(count(range(SENT - KEEP)) == 0 and count([SENT - KEEP, SENT - 1]) == 2,
                "the oldest went first, the newest are kept")
    finally:
        if proc:
            wikidtest.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if T.failures else 0


if __name__ == "__main__":
    sys.exit(main())
