# SPDX-License-Identifier: MIT
"""
wikidtest.py -- shared by the Python client tests (durability, copy_to,
replica, two_nodes, mail, resetpassword): start a private wikid and stop
it, talk to its API with a cookie session, create accounts, read the mail
spool, and make fresh PostgreSQL databases in the cluster of tests/pg.sh
(WIKID_TEST_PGHOST / WIKID_TEST_PGPORT). Standard library only.
"""
import email
import email.policy
import glob
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import threading
import urllib.parse
import urllib.request

WIKID = os.environ.get("WIKID", "./wikid")
ON_PG = os.environ.get("WIKID_CLIENTS_ON_PG") == "1"   # tests/run-all.sh's pg-clients run
STARTUP_TIMEOUT = 60                                   # seconds for the "serving" line


def have_cluster():
    return bool(os.environ.get("WIKID_TEST_PGHOST") and os.environ.get("WIKID_TEST_PGPORT"))


def pg_bin(name):
    bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
    return os.path.join(bindir, name)


def pg_args():
    return ["-h", os.environ["WIKID_TEST_PGHOST"], "-p", os.environ["WIKID_TEST_PGPORT"], "-U", "wikid"]


def pg_url(dbname, host=None, port=None):
    return "postgresql:///%s?host=%s&port=%s&user=wikid" % (
        dbname, host or os.environ["WIKID_TEST_PGHOST"], port or os.environ["WIKID_TEST_PGPORT"])


def new_database(prefix, tmp):
    """A fresh empty database named after the temporary directory `tmp`; its URL."""
    name = prefix + "_" + re.sub(r"[^a-z0-9]", "_", os.path.basename(tmp).lower())
    subprocess.run([pg_bin("createdb")] + pg_args() + ["-T", "template0", name], check=True)
    return name, pg_url(name)


def psql(dbname, sql, host=None, port=None):
    """Run SQL in `dbname`; the output, unaligned tuples only."""
    args = pg_args()
    if host:
        args = ["-h", host, "-p", port, "-U", "wikid"]
    return subprocess.run([pg_bin("psql")] + args + ["-d", dbname, "-X", "-q", "-t", "-A",
                          "-v", "ON_ERROR_STOP=1", "-c", sql],
                          capture_output=True, text=True, check=True).stdout.strip()


def start(data_dir, database=None, password=None, extra=(), log=None):
    """Start wikid; returns (process, api.php URL). stdout is drained in the background;
    stderr goes to the file `log` when given (else nowhere)."""
    env = dict(os.environ)
    if password:
        env["WIKID_ADMIN_PASSWORD"] = password
    args = [WIKID, "--port", "0", "--listen", "127.0.0.1", "--data-dir", data_dir]
    if database:
        args += ["--database", database]
    err = open(log, "a") if log else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(args + list(extra), stdout=subprocess.PIPE, stderr=err, env=env, text=True)
    finally:
        if log:
            err.close()
    timer = threading.Timer(STARTUP_TIMEOUT, proc.kill)
    timer.start()
    try:
        for line in proc.stdout:
            m = re.match(r"wikid: serving (\S+)", line)
            if m:
                threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
                return proc, m.group(1)
    finally:
        timer.cancel()
    raise RuntimeError("wikid did not start")


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


class Client:
    """One cookie session with one wikid (or, by changing .url, with several)."""

    def __init__(self, url):
        self.url = url
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None
        self.last_headers = {}

    def call(self, params, post=False, timeout=30):
        params = dict(params, format="json", formatversion="2")
        data = urllib.parse.urlencode(params).encode()
        if post:
            req = urllib.request.Request(self.url, data=data)
        else:
            req = urllib.request.Request(self.url + "?" + data.decode())
        with self.op.open(req, timeout=timeout) as r:
            self.last_headers = dict(r.headers)
            return json.loads(r.read())

    def login(self, user, password):
        t = self.call({"action": "query", "meta": "tokens", "type": "login"})["query"]["tokens"]["logintoken"]
        r = self.call({"action": "login", "lgname": user, "lgpassword": password, "lgtoken": t}, post=True)
        if r["login"]["result"] != "Success":
            raise RuntimeError("login failed: %r" % r)
        self.csrf = self.call({"action": "query", "meta": "tokens"})["query"]["tokens"]["csrftoken"]

    def edit(self, title, text, **extra):
        return self.call(dict({"action": "edit", "title": title, "text": text, "token": self.csrf}, **extra),
                         post=True)


def create_account(url, name, checks, mail=None):
    """Create account `name` (password name + "-secret-pw", address `mail`) anonymously; returns that session."""
    c = Client(url)
    t = c.call({"action": "query", "meta": "tokens", "type": "createaccount"})["query"]["tokens"]["createaccounttoken"]
    p = {"action": "createaccount", "username": name, "password": name + "-secret-pw", "retype": name + "-secret-pw",
         "createreturnurl": "http://localhost/", "createtoken": t}
    if mail:
        p["email"] = mail
    r = c.call(p, post=True)
    checks.check(r["createaccount"]["status"] == "PASS", "account %s created" % name)
    return c


def spooled_mails(data_dir):
    """The messages in the mail spool of the wikid serving `data_dir`, sorted by file name."""
    return sorted(glob.glob(os.path.join(data_dir, "mail", "*.eml")))


def read_mail(path):
    """A spooled message, parsed."""
    with open(path, "rb") as f:
        return email.message_from_binary_file(f, policy=email.policy.default)


class Checks:
    """TAP-like "ok - ..." / "not ok - ..." lines and a failure count."""

    def __init__(self):
        self.failures = 0

    def check(self, cond, what):
        print(("ok - " if cond else "not ok - ") + what, flush=True)
        if not cond:
            self.failures += 1
        return cond
