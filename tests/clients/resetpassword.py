# SPDX-License-Identifier: MIT
"""
resetpassword.py -- action=resetpassword end to end: an anonymous
client asks for a new password by user name; the account's address gets
a mail in the spool directory holding a temporary password (the old
password still works); action=login cannot finish a login with it
(Aborted); clientlogin answers UI asking for a new password, and
logincontinue with it sets it and logs in; asking again within a day is
throttled-mailpassword; after the change the temporary password no
longer works (and the day's throttle is gone with it). A logged-in
creator can have a new account's password mailed (createaccount with
mailpassword; noemailcreate without an address; logged as byemail). The
address route mails every account with the address; an unknown address and an account without one answer
success and mail nothing.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import wikidtest  # noqa: E402

ADMIN_PW = "resetpw-test-admin-pass"
T = wikidtest.Checks()


def spool(tmp):
    return set(wikidtest.spooled_mails(os.path.join(tmp, "data")))


def create(url, name, mail=None):
    wikidtest.create_account(url, name, T, mail)


def reset(url, **what):
    c = wikidtest.Client(url)
    tok = c.call({"action": "query", "meta": "tokens"})["query"]["tokens"]["csrftoken"]
    return c.call(dict({"action": "resetpassword", "token": tok}, **what), post=True)


def login(url, name, pw):
    c = wikidtest.Client(url)
    t = c.call({"action": "query", "meta": "tokens", "type": "login"})["query"]["tokens"]["logintoken"]
    r = c.call({"action": "login", "lgname": name, "lgpassword": pw, "lgtoken": t}, post=True)
    return c, r["login"]["result"]


def temp_password(path):
    m = wikidtest.read_mail(path)
    body = m.get_content().replace("\r\n", "\n")
    found = re.search(r"Temporary password: (\S+)", body)
    return m, found.group(1) if found else None


def main():
    tmp = tempfile.mkdtemp(prefix="wikid-resetpw-")
    proc = None
    try:
        ini = os.path.join(tmp, "wikid.ini")
        with open(ini, "w") as f:
            # Every request comes from 127.0.0.1: room for more resets than MediaWiki's 5 an hour.
            f.write("[mail]\nsender = wiki@example.net\n[ratelimits]\nmailpassword.ip = 100/3600\n")
        proc, url = wikidtest.start(os.path.join(tmp, "data"), password=ADMIN_PW, extra=["--config", ini])
        create(url, "Erin", "erin@example.org")
        create(url, "Erin2", "erin@example.org")
        create(url, "Nomail")
        before = spool(tmp)

        r = reset(url, user="Erin")
        T.check(r.get("resetpassword") == {"status": "success"}, "reset by name: success (%r)" % r)
        mails = sorted(spool(tmp) - before)
        if T.check(len(mails) == 1, "one mail spooled"):
            m, pw = temp_password(mails[0])
            T.check(m["To"] is not None and "erin@example.org" in str(m["To"]), "mailed to the account's address")
            T.check(pw is not None and len(pw) >= 10, "the mail holds a temporary password")
            _, res = login(url, "Erin", pw)
            T.check(res == "Aborted", "action=login cannot finish a login with the temporary password (%s)" % res)
            _, res = login(url, "Erin", "Erin-secret-pw")
            T.check(res == "Success", "the old password still works (%s)" % res)
            r = reset(url, user="Erin")
            T.check(r.get("error", {}).get("code") == "throttled-mailpassword",
                    "a second reset within a day is throttled (%r)" % r)
            # clientlogin with the temporary password asks for a new one before the login completes.
            c = wikidtest.Client(url)
            t = c.call({"action": "query", "meta": "tokens", "type": "login"})["query"]["tokens"]["logintoken"]
            r = c.call({"action": "clientlogin", "username": "Erin", "password": pw,
                        "loginreturnurl": "http://localhost/", "logintoken": t}, post=True)["clientlogin"]
            T.check(r.get("status") == "UI" and r.get("messagecode") == "resetpass-temp-emailed",
                    "clientlogin with the temporary password: UI asking for a new password (%r)" % r)
            fields = r.get("requests", [{}])[0].get("fields", {})
            T.check(sorted(fields) == ["password", "retype"], "the UI asks for password and retype (%r)" % fields)
            ui = c.call({"action": "query", "meta": "userinfo"})["query"]["userinfo"]
            T.check("anon" in ui, "not logged in while the new password is missing (%r)" % ui)
            ami = c.call({"action": "query", "meta": "authmanagerinfo", "amirequestsfor": "login-continue"})
            reqs = ami["query"]["authmanagerinfo"]["requests"]
            T.check(len(reqs) == 1 and reqs[0]["account"] == "Erin" and reqs[0]["required"] == "required",
                    "authmanagerinfo lists the pending request (%r)" % reqs)
            r = c.call({"action": "clientlogin", "logincontinue": "1", "password": "Erin-new-pw-123",
                        "retype": "Erin-other-pw", "logintoken": t}, post=True)["clientlogin"]
            T.check(r.get("status") == "UI" and r.get("messagecode") == "badretype",
                    "different passwords: asked again with badretype (%r)" % r)
            r = c.call({"action": "clientlogin", "logincontinue": "1", "password": "Erin-new-pw-123",
                        "retype": "Erin-new-pw-123", "logintoken": t}, post=True)["clientlogin"]
            T.check(r.get("status") == "PASS" and r.get("username") == "Erin", "the new password finishes it (%r)" % r)
            ui = c.call({"action": "query", "meta": "userinfo"})["query"]["userinfo"]
            T.check(ui.get("name") == "Erin", "logged in as Erin (%r)" % ui)
            r = c.call({"action": "clientlogin", "logincontinue": "1", "logintoken": t}, post=True)
            T.check(r.get("clientlogin", {}).get("messagecode") == "authmanager-authn-not-in-progress"
                    or "error" in r, "nothing left to continue (%r)" % r)
            _, res = login(url, "Erin", pw)
            T.check(res != "Success" and res != "Aborted", "the temporary password is gone (%s)" % res)
            _, res = login(url, "Erin", "Erin-new-pw-123")
            T.check(res == "Success", "the new password logs in (%s)" % res)

        # The change dropped Erin's temporary password and its time too, so both accounts are mailed.
        before = spool(tmp)
        r = reset(url, email="erin@example.org")
        T.check(r.get("resetpassword") == {"status": "success"}, "reset by address: success (%r)" % r)
        tos = sorted(str(wikidtest.read_mail(p)["To"]) for p in spool(tmp) - before)
        T.check(len(tos) == 2 and "Erin" in tos[0] and "Erin2" in tos[1], "both accounts with the address mailed: %r"
                % tos)
        before = spool(tmp)
        for what in ({"user": "Nomail"}, {"user": "Nobody here"}, {"email": "nobody@example.org"},
                     {"email": "not an address"}):
            r = reset(url, **what)
            T.check(r.get("resetpassword") == {"status": "success"}, "%r: success without telling (%r)" % (what, r))
        T.check(spool(tmp) == before, "and nothing mailed")
        r = reset(url)
        T.check(r.get("error", {}).get("code") == "passwordreset-nodata", "neither name nor address (%r)" % r)

        # A logged-in creator may have the new account's password mailed instead of giving one.
        admin, res = login(url, "Admin", ADMIN_PW)
        ct = admin.call({"action": "query", "meta": "tokens", "type": "createaccount"})["query"]["tokens"][
            "createaccounttoken"]
        base = {"action": "createaccount", "username": "Mailed", "mailpassword": "1",
                "createreturnurl": "http://localhost/", "createtoken": ct}
        r = admin.call(base, post=True)["createaccount"]
        T.check(r.get("messagecode") == "noemailcreate", "mailpassword without an address: noemailcreate (%r)" % r)
        before = spool(tmp)
        r = admin.call(dict(base, email="mailed@example.org"), post=True)["createaccount"]
        T.check(r.get("status") == "PASS", "mailpassword with an address: PASS (%r)" % r)
        mails = sorted(spool(tmp) - before)
        if T.check(len(mails) == 1, "the new account's password is mailed"):
            m, pw = temp_password(mails[0])
            T.check("mailed@example.org" in str(m["To"]), "to the new account's address")
            le = admin.call({"action": "query", "list": "logevents", "letype": "newusers", "letitle": "User:Mailed"})
            T.check([e["action"] for e in le["query"]["logevents"]] == ["byemail"], "logged as byemail (%r)" % le)
            c = wikidtest.Client(url)
            t = c.call({"action": "query", "meta": "tokens", "type": "login"})["query"]["tokens"]["logintoken"]
            r = c.call({"action": "clientlogin", "username": "Mailed", "password": pw,
                        "loginreturnurl": "http://localhost/", "logintoken": t}, post=True)["clientlogin"]
            T.check(r.get("status") == "UI", "its first login asks for a password of its own (%r)" % r)
            r = c.call({"action": "clientlogin", "logincontinue": "1", "password": "Mailed-own-pw-1",
                        "retype": "Mailed-own-pw-1", "logintoken": t}, post=True)["clientlogin"]
            T.check(r.get("status") == "PASS", "and then completes (%r)" % r)
        # Anonymous visitors have no such request: the field is not taken, a password is needed.
        anon = wikidtest.Client(url)
        ct = anon.call({"action": "query", "meta": "tokens", "type": "createaccount"})["query"]["tokens"][
            "createaccounttoken"]
        r = anon.call(dict(base, username="Mailed2", email="m2@example.org", createtoken=ct), post=True)
        T.check(r.get("createaccount", {}).get("messagecode") == "authmanager-create-no-primary",
                "an anonymous mailpassword is not a request (%r)" % r)
    finally:
        if proc:
            wikidtest.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    print("resetpassword: %d failures" % T.failures)
    return 1 if T.failures else 0


if __name__ == "__main__":
    sys.exit(main())
