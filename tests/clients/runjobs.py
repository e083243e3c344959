# SPDX-License-Identifier: MIT
"""
runjobs.py -- the job queue end to end, as a job-runner service and an
operator see it: Special:RunJobs signatures (MediaWiki's contract: the
hex HMAC-SHA1 of the other fields sorted by name and form-encoded, keyed
with [site] secret_key; GET, missing fields, a wrong key, an expired or
tampered request are refused with 400), its JSON stats and limits, the
async form, deduplicated jobs counted by meta=siteinfo, `wikid
--run-jobs`, `wikid --rebuild-links` and `--rebuild-search` on a stopped wiki, and the
background runner ([jobs] run_rate) doing the same work after requests.
"""
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
import wikidtest  # noqa: E402

ADMIN_PW = "runjobs-test-admin-pass"
KEY = "runjobs-client-test-key"
T = wikidtest.Checks()


# A page saved in 2003 whose category depends on {{REVISIONYEAR}}.
REVTIME_DUMP = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">
  <page>
    <title>RjImported</title>
    <ns>0</ns>
    <revision>
      <timestamp>2003-02-01T10:00:00Z</timestamp>
      <contributor><username>Old author</username></contributor>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text xml:space="preserve">{{#ifexpr:{{REVISIONYEAR}} &lt; 2005|[[Category:RjSaved2003]]|[[Category:RjSavedLater]]}}</text>
    </revision>
  </page>
</mediawiki>
"""


def php_urlencode(v):
    return urllib.parse.quote_plus(v, safe="-_.").replace("~", "%7E")


def sign(fields, key=KEY):
    q = "&".join(k + "=" + php_urlencode(v) for k, v in sorted(fields.items()) if k != "signature")
    return hmac.new(key.encode(), q.encode(), hashlib.sha1).hexdigest()


def runjobs(api_url, extra=None, key=KEY, method="POST", signed=True, tamper=None, expiry=3600):
    """One Special:RunJobs request; (status, body text, content type)."""
    fields = {"title": "Special:RunJobs", "tasks": "jobs", "maxjobs": "1000", "maxtime": "30",
              "async": "0", "stats": "1", "sigexpiry": str(int(time.time()) + expiry)}
    fields.update(extra or {})
    if signed:
        fields["signature"] = sign(fields, key)
    if tamper:
        fields.update(tamper)
    index = api_url.rsplit("/", 1)[0] + "/index.php"
    data = urllib.parse.urlencode(fields)
    if method == "POST":
        req = urllib.request.Request(index + "?title=Special:RunJobs", data=data.encode())
    else:
        req = urllib.request.Request(index + "?" + data)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read().decode(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), e.headers.get("Content-Type", "")


def pending(c):
    return c.call({"action": "query", "meta": "siteinfo", "siprop": "statistics"})["query"]["statistics"]["jobs"]


def members(c, cat):
    r = c.call({"action": "query", "list": "categorymembers", "cmtitle": "Category:" + cat, "cmnamespace": "0",
                "cmlimit": "max"})
    return sorted(m["title"] for m in r["query"]["categorymembers"])


def start(tmp, database, rate):
    ini = os.path.join(tmp, "wikid.ini")
    with open(ini, "w") as f:
        f.write("[site]\nsecret_key = %s\n[jobs]\nrun_rate = %s\n" % (KEY, rate))
    proc, url = wikidtest.start(os.path.join(tmp, "data"), database=database, password=ADMIN_PW,
                                extra=["--config", ini])
    c = wikidtest.Client(url)
    c.login("Admin", ADMIN_PW)
    return proc, url, c, ini


def cli(tmp, database, ini, *flags):
    args = [wikidtest.WIKID, "--config", ini, "--data-dir", os.path.join(tmp, "data")]
    if database:
        args += ["--database", database]
    return subprocess.run(args + list(flags), capture_output=True, text=True, timeout=300)


def drop_categorylinks(tmp, dbname):
    sql = "DELETE FROM categorylinks"
    if dbname:
        wikidtest.psql(dbname, sql)
    else:
        db = sqlite3.connect(os.path.join(tmp, "data", "wikid.sqlite"))
        db.execute(sql)
        db.commit()
        db.close()


def main():
    tmp = tempfile.mkdtemp(prefix="wikid-runjobs-")
    dbname = database = None
    if wikidtest.ON_PG:
        if not wikidtest.have_cluster():
            print("no PostgreSQL cluster")
            return 77
        dbname, database = wikidtest.new_database("runjobs", tmp)
    proc = None
    try:
        proc, url, c, ini = start(tmp, database, 0)
        users = ["RjUser%d" % i for i in range(3)]
        c.edit("Template:RjBox", "box [[Category:RjOld]]")
        for u in users:
            c.edit(u, "{{RjBox}}")
        T.check(members(c, "RjOld") == users, "the pages are in the template's category")
        T.check(pending(c) == 0, "no jobs: nothing used the template when it was made")

        c.edit("Template:RjBox", "box [[Category:RjNew]]")
        T.check(pending(c) == 2, "an edit of a used template: refreshLinks and htmlCacheUpdate jobs")
        c.edit("Template:RjBox", "box [[Category:RjNew]] again")
        T.check(pending(c) == 2, "a second edit adds no duplicate jobs")
        T.check(members(c, "RjOld") == users, "with run_rate 0 nothing has run yet")

        # Refusals, all 400 as MediaWiki's SpecialRunJobs; nothing runs.
        st, body, _ = runjobs(url, method="GET")
        T.check(st == 400, "GET: 400 (%d)" % st)
        st, body, _ = runjobs(url, signed=False)
        T.check(st == 400 and "signature" in body, "no signature: 400 naming it (%d)" % st)
        st, body, _ = runjobs(url, key="not-the-key")
        T.check(st == 400, "signed with another key: 400 (%d)" % st)
        st, body, _ = runjobs(url, expiry=-5)
        T.check(st == 400, "expired: 400 (%d)" % st)
        st, body, _ = runjobs(url, tamper={"maxjobs": "999"})
        T.check(st == 400, "a field changed after signing: 400 (%d)" % st)
        st, body, _ = runjobs(url, extra={"type": "htmlCacheUpdate"}, tamper={"type": "refreshLinks"})
        T.check(st == 400, "the type changed after signing: 400 (%d)" % st)
        T.check(pending(c) == 2, "the refused requests ran nothing")

        # Good signatures: limits, stats, plain answer.
        st, body, ctype = runjobs(url, extra={"maxjobs": "1", "type": "refreshLinks"})
        stats = json.loads(body) if st == 200 else {}
        T.check(st == 200 and ctype.startswith("application/json"), "signed: 200 JSON (%d %s)" % (st, ctype))
        T.check(stats.get("reached") == "job-limit" and len(stats.get("jobs", [])) == 1,
                "maxjobs=1: one job, reached job-limit (%r)" % stats.get("reached"))
        T.check(stats.get("jobs", [{}])[0].get("type") == "refreshLinks"
                and stats["jobs"][0].get("status") == "ok", "the job's type and status")
        T.check(stats.get("backoffs") == [] and isinstance(stats.get("elapsed"), int), "backoffs and elapsed")
        T.check(pending(c) == 1 + len(users), "the template job became one refreshLinks job per page")
        st, body, _ = runjobs(url, extra={"stats": "0"})
        T.check(st == 200 and body == "Done\n", "without stats: Done (%d %r)" % (st, body))
        T.check(pending(c) == 0, "queue empty")
        T.check(members(c, "RjNew") == users and members(c, "RjOld") == [], "every page moved to the new category")
        st, body, _ = runjobs(url)
        T.check(st == 200 and '"reached": "none-ready"' in body, "an empty queue: none-ready")

        # Async (the default): 202 at once, the background runner does the work.
        c.edit("Template:RjBox", "box [[Category:RjAsync]]")
        st, body, _ = runjobs(url, extra={"async": "1", "maxjobs": "100"})
        T.check(st == 202, "async: 202 (%d)" % st)
        deadline = time.time() + 60
        while members(c, "RjAsync") != users and time.time() < deadline:
            time.sleep(0.1)
        T.check(members(c, "RjAsync") == users, "the async run refreshed every page")

        # wikid --run-jobs on the stopped wiki.
        c.edit("Template:RjBox", "box [[Category:RjCli]]")
        T.check(pending(c) == 2, "jobs waiting before the stop")
        wikidtest.stop(proc)
        proc = None
        r = cli(tmp, database, ini, "--run-jobs")
        T.check(r.returncode == 0 and "jobs run, 0 failed" in r.stdout, "--run-jobs: %r" % r.stdout.strip())
        # wikid --rebuild-links: link tables rebuilt from the pages' text.
        drop_categorylinks(tmp, dbname)
        r = cli(tmp, database, ini, "--rebuild-links")
        T.check(r.returncode == 0 and "link tables of" in r.stdout, "--rebuild-links: %r" % r.stdout.strip())
        # wikid --rebuild-search: the index emptied and filled again from every page's text.
        r = cli(tmp, database, ini, "--rebuild-search")
        T.check(r.returncode == 0 and "search index rebuilt" in r.stdout, "--rebuild-search: %r" % r.stdout.strip())
        # wikid --import: an imported page's link tables come from its revision as it was saved
        # ({{REVISIONYEAR}} shows the revision's year, not the year of the import).
        dump = os.path.join(tmp, "revtime.xml")
        with open(dump, "w") as f:
            f.write(REVTIME_DUMP)
        r = cli(tmp, database, ini, "--import", dump)
        T.check(r.returncode == 0 and "imported 1 pages" in r.stdout, "--import: %r" % r.stdout.strip())

        # The background runner: run_rate 1 runs the owed jobs after requests.
        proc, url, c, ini = start(tmp, database, 1)
        T.check(members(c, "RjCli") == users, "the jobs run by --run-jobs and the rebuilt links stayed")
        found = c.call({"action": "query", "list": "search", "srsearch": "RjBox", "srwhat": "text", "srlimit": "max"})
        T.check(sorted(h["title"] for h in found["query"]["search"]) == users,
                "the rebuilt search index finds every page by its text")
        T.check(members(c, "RjOld") == [] and "Template:RjBox" in [
            m["title"] for m in c.call({"action": "query", "list": "categorymembers", "cmtitle": "Category:RjCli"})
            ["query"]["categorymembers"]], "the template's own category row rebuilt too")
        c.edit("Template:RjBox", "box [[Category:RjBackground]]")
        deadline = time.time() + 60
        while members(c, "RjBackground") != users and time.time() < deadline:
            time.sleep(0.05)
        T.check(members(c, "RjBackground") == users, "run_rate 1: the background runner refreshed every page")
        T.check(pending(c) == 0, "and emptied the queue")
        T.check(members(c, "RjSaved2003") == ["RjImported"] and members(c, "RjSavedLater") == [],
                "the imported page's categories come from its revision's own timestamp")
    finally:
        if proc:
            wikidtest.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if T.failures else 0


if __name__ == "__main__":
    sys.exit(main())
