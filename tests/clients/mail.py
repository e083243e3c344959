# SPDX-License-Identifier: MIT
"""
mail.py -- outgoing mail end to end: action=emailuser writes RFC 5322
files into the spool directory (headers, encoded subject, Reply-To, the
footer, the ccme copy), the refusals that need confirmed addresses
(cantsend, nowikiemail, blockedemailuser), list=users emailable, the
emailuser rate limit holding across a restart, then the same wiki sending
through an SMTP server (a small one in this script) and reporting a
refused delivery as mailerror. Addresses count as confirmed here
([mail] email_authentication = false); confirm_addresses() then checks confirmation: the mail a new account
with an address gets, its Special:ConfirmEmail and
Special:InvalidateEmail links, and an unusable address kept unmailed.
"""
import re
import urllib.error
import urllib.request
import email
import email.policy
import os
import shutil
import socketserver
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(__file__))
import wikidtest  # noqa: E402

ADMIN_PW = "mail-test-admin-pass"
T = wikidtest.Checks()


def start(tmp, extra_ini="", confirmed=True):
    ini = os.path.join(tmp, "wikid.ini")
    with open(ini, "w") as f:
        f.write("[mail]\nsender = wiki@example.net\n" + ("email_authentication = false\n" if confirmed else "")
                + extra_ini)
    return wikidtest.start(os.path.join(tmp, "data"), password=ADMIN_PW, extra=["--config", ini])


def spool(tmp):
    return wikidtest.spooled_mails(os.path.join(tmp, "data"))


def account(url, name, mail=None):
    c = wikidtest.create_account(url, name, T, mail)
    c.login(name, name + "-secret-pw")
    return c


def send(c, target, subject="Hello", text="Some text.", **extra):
    return c.call(dict({"action": "emailuser", "target": target, "subject": subject, "text": text,
                        "token": c.csrf}, **extra), post=True)


def code(r):
    return r.get("error", {}).get("code")


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP: greets, accepts EHLO/MAIL/RCPT/DATA/QUIT, keeps what it got."""
    received = []

    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 test ESMTP")
        env = {"rcpt": [], "data": b""}
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode().strip()
            up = cmd.upper()
            if up.startswith("EHLO"):
                self.reply("250-test")
                self.reply("250 8BITMIME")
            elif up.startswith("MAIL FROM:"):
                env["from"] = cmd[10:]
                self.reply("250 ok")
            elif up.startswith("RCPT TO:"):
                env["rcpt"].append(cmd[8:])
                self.reply("250 ok")
            elif up == "DATA":
                self.reply("354 go on")
                data = b""
                while True:
                    dl = self.rfile.readline()
                    if dl in (b".\r\n", b""):
                        break
                    data += dl[1:] if dl.startswith(b".") else dl
                env["data"] = data
                SMTPHandler.received.append(dict(env))
                self.reply("250 queued")
            elif up == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 no")


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def emailable(c, name):
    r = c.call({"action": "query", "list": "users", "ususers": name, "usprop": "emailable"})
    return r["query"]["users"][0].get("emailable")


def confirm_addresses():
    tmp = tempfile.mkdtemp(prefix="wikid-confirm-")
    proc = None
    try:
        proc, url = start(tmp, confirmed=False)
        erin = account(url, "Erin", "erin@example.org")
        files = spool(tmp)
        if not T.check(len(files) == 1, "a new address gets a confirmation mail"):
            return
        m = wikidtest.read_mail(files[0])
        body = m.get_content()
        T.check(m["To"].addresses[0].addr_spec == "erin@example.org", "sent to the new address")
        links = re.findall(r"http\S+Special:(ConfirmEmail|InvalidateEmail)/([0-9a-f]{32})", body)
        T.check([k for k, _ in links] == ["ConfirmEmail", "InvalidateEmail"], "both links: %r" % links)
        T.check("Erin" in body, "the mail names the account")
        T.check(emailable(erin, "Erin") is False, "not emailable before confirming")
        confirm = re.search(r"(http\S+Special:ConfirmEmail/[0-9a-f]{32})", body).group(1)
        status, text = get(confirm)
        T.check(status == 200 and "confirmed" in text, "the confirmation link works: %d %r" % (status, text))
        T.check(emailable(erin, "Erin") is True, "emailable once confirmed")
        status, _ = get(confirm)
        T.check(status == 404, "a used link does not work again (%d)" % status)
        status, _ = get(confirm.replace("ConfirmEmail/", "ConfirmEmail/0"))
        T.check(status == 404, "a wrong code does not work (%d)" % status)

        account(url, "Fay", "fay@example.org")
        body = wikidtest.read_mail([f for f in spool(tmp) if f not in files][0]).get_content()
        cancel = re.search(r"(http\S+Special:InvalidateEmail/[0-9a-f]{32})", body).group(1)
        status, text = get(cancel)
        T.check(status == 200 and "no longer confirmed" in text, "the cancel link works: %d" % status)
        T.check(emailable(erin, "Fay") is False, "a cancelled address is not confirmed")

        n_before = len(spool(tmp))
        gus = account(url, "Gus", "not an address")
        T.check(len(spool(tmp)) == n_before, "an address that is not one is kept, without a mail (as MediaWiki 1.39)")
        T.check(emailable(gus, "Gus") is False, "and it is not emailable")
    finally:
        if proc:
            wikidtest.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    tmp = tempfile.mkdtemp(prefix="wikid-mail-")
    proc = None
    try:
        proc, url = start(tmp)
        alice = account(url, "Alice", "alice@example.org")
        bob = account(url, "Bob", "bob@example.org")
        carol = account(url, "Carol")

        r = send(alice, "Bob", subject="Grüße ☃ from Alice", text="Dear Bob,\n\nhello.\n\n\n", ccme="1")
        T.check(r.get("emailuser", {}).get("result") == "Success", "emailuser succeeds: %r" % r)
        files = spool(tmp)
        T.check(len(files) == 2, "the mail and the ccme copy are in the spool (%d files)" % len(files))
        msgs = [wikidtest.read_mail(f) for f in files]
        to_bob = [m for m in msgs if "bob@example.org" in m["To"]]
        copy = [m for m in msgs if "alice@example.org" in m["To"]]
        if T.check(len(to_bob) == 1 and len(copy) == 1, "one mail to Bob, one copy to Alice"):
            m = to_bob[0]
            T.check(str(m["Subject"]) == "Grüße ☃ from Alice", "UTF-8 subject decodes: %r" % str(m["Subject"]))
            T.check(m["From"].addresses[0].addr_spec == "wiki@example.net", "From is the wiki's sender")
            T.check(m["Reply-To"].addresses[0].addr_spec == "alice@example.org", "Reply-To is the sender")
            T.check(m["To"].addresses[0].display_name == "Bob", "To names the user")
            T.check(m["Message-ID"] and m["Date"], "Message-ID and Date headers")
            body = m.get_content()
            T.check(body.startswith("Dear Bob,\n\nhello.\n\n-- \n"), "text trimmed, then the signature line")
            T.check("Alice" in body.split("-- \n", 1)[1] and "Bob" in body.split("-- \n", 1)[1],
                    "footer names sender and target")
            T.check("Copy of your message to Bob" in str(copy[0]["Subject"]), "copy subject")
        raw = open(files[0], "rb").read()
        T.check(b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends only")

        users = alice.call({"action": "query", "list": "users", "ususers": "Bob|Carol", "usprop": "emailable"})
        em = {u["name"]: u.get("emailable") for u in users["query"]["users"]}
        T.check(em == {"Bob": True, "Carol": False}, "emailable: %r" % em)

        r = send(carol, "Bob")
        T.check(code(r) == "cantsend", "a sender without an address: cantsend (%r)" % code(r))
        r = send(alice, "Carol")
        T.check(code(r) == "noemail", "a target without an address: noemail")
        opt = bob.call({"action": "options", "change": "disablemail=1", "token": bob.csrf}, post=True)
        T.check(opt.get("options") == "success", "Bob refuses email from users")
        r = send(alice, "Bob")
        T.check(code(r) == "nowikiemail", "the target's disablemail: nowikiemail (%r)" % code(r))
        users = alice.call({"action": "query", "list": "users", "ususers": "Bob", "usprop": "emailable"})
        T.check(users["query"]["users"][0].get("emailable") is False, "Bob is no longer emailable")
        bob.call({"action": "options", "change": "disablemail=0", "token": bob.csrf}, post=True)

        admin = wikidtest.Client(url)
        admin.login("Admin", ADMIN_PW)
        b = admin.call({"action": "block", "user": "Alice", "noemail": "1", "expiry": "1 day",
                        "token": admin.csrf}, post=True)
        T.check("block" in b, "Alice blocked from email: %r" % b)
        r = send(alice, "Bob")
        T.check(code(r) == "blockedemailuser", "blocked sender: blockedemailuser (%r)" % code(r))

        dave = account(url, "Dave", "dave@example.org")
        ok = sum(1 for _ in range(20) if send(dave, "Bob").get("emailuser", {}).get("result") == "Success")
        T.check(ok == 20, "20 mails a day (emailuser.user): %d sent" % ok)
        r = send(dave, "Bob")
        T.check(code(r) == "ratelimited", "the 21st: ratelimited (%r)" % code(r))
        n_spooled = len(spool(tmp))

        # The same wiki through SMTP; the limit holds across the restart.
        wikidtest.stop(proc)
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
        port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        proc, url = start(tmp, "smtp_host = 127.0.0.1\nsmtp_port = %d\n" % port)
        dave.url = bob.url = url
        r = send(dave, "Bob")
        T.check(code(r) == "ratelimited", "still rate-limited after a restart (%r)" % code(r))
        r = send(bob, "Dave", subject="Via SMTP", text=".leading dot\nline two")
        T.check(r.get("emailuser", {}).get("result") == "Success", "emailuser over SMTP: %r" % r)
        got = SMTPHandler.received
        if T.check(len(got) == 1, "the SMTP server got one message"):
            T.check(got[0]["from"] == "<wiki@example.net>" and got[0]["rcpt"] == ["<dave@example.org>"],
                    "envelope: %r %r" % (got[0]["from"], got[0]["rcpt"]))
            m = email.message_from_bytes(got[0]["data"], policy=email.policy.default)
            T.check(str(m["Subject"]) == "Via SMTP", "subject over SMTP")
            content = m.get_content().replace("\r\n", "\n")
            T.check(content.startswith(".leading dot\nline two\n\n-- \n"),
                    "dot-stuffing undone by the server: %r" % content[:40])
        T.check(len(spool(tmp)) == n_spooled, "nothing spooled while SMTP is configured")
        server.shutdown()
        server.server_close()

        wikidtest.stop(proc)
        proc, url = start(tmp, "smtp_host = 127.0.0.1\nsmtp_port = %d\n" % port)
        bob.url = url
        r = send(bob, "Dave")
        res = r.get("emailuser", {})
        T.check(res.get("result") == "Failure" and res.get("errors", [{}])[0].get("code") == "mailerror",
                "a refused delivery: Failure with mailerror (%r)" % r)
    finally:
        if proc:
            wikidtest.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    confirm_addresses()
    print("mail: %d failures" % T.failures)
    return 1 if T.failures else 0


if __name__ == "__main__":
    sys.exit(main())
