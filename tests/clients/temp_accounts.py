# SPDX-License-Identifier: MIT
"""
temp_accounts.py -- temporary accounts on a wiki that enables them
([site] temp_accounts = true): action=acquiretempusername reserves
"~YEAR-N" for the anonymous session (the same name when asked again, the
next one for another session), the session's first edit creates that
account, logs the session into it and is saved under it (the edit result
says tempusercreated and where to go next), a session that reserved
nothing gets the next name, names of that form cannot be registered, and
a logged-in user is refused (alreadyregistered). With
WIKID_CLIENTS_ON_PG=1 the wiki runs on PostgreSQL.
"""
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import wikidtest  # noqa: E402

ADMIN_PW = "temp-accounts-admin-pass"
T = wikidtest.Checks()


def anon(url):
    c = wikidtest.Client(url)
    c.csrf = "+\\"
    return c


def main():
    tmp = tempfile.mkdtemp(prefix="wikid-temp-")
    proc = None
    try:
        ini = os.path.join(tmp, "wikid.ini")
        with open(ini, "w") as f:
            f.write("[site]\ntemp_accounts = true\n")
        db = wikidtest.new_database("tempacc", tmp)[1] if wikidtest.ON_PG else None
        proc, url = wikidtest.start(os.path.join(tmp, "data"), database=db, password=ADMIN_PW,
                                    extra=["--config", ini])
        year = time.gmtime().tm_year

        a = anon(url)
        r = a.call({"action": "acquiretempusername"})
        T.check(r.get("error", {}).get("code") == "mustbeposted", "acquiretempusername must be posted: %r" % r)
        name = a.call({"action": "acquiretempusername"}, post=True).get("acquiretempusername")
        T.check(name == "~%d-1" % year, "the first name of the year is ~%d-1: %r" % (year, name))
        again = a.call({"action": "acquiretempusername"}, post=True).get("acquiretempusername")
        T.check(again == name, "asked again, the session gets the same name: %r" % again)
        b = anon(url)
        other = b.call({"action": "acquiretempusername"}, post=True).get("acquiretempusername")
        T.check(other == "~%d-2" % year, "another session gets the next name: %r" % other)

        r = a.edit("Temp test page", "written by a temporary account")
        e = r.get("edit", {})
        T.check(e.get("result") == "Success" and e.get("tempusercreated") is True,
                "the anonymous edit succeeds and creates the account: %r" % r)
        T.check(re.search(r"Temp_test_page$", e.get("tempusercreatedredirect", "")) is not None,
                "tempusercreatedredirect is the page's URL: %r" % e.get("tempusercreatedredirect"))
        rev = a.call({"action": "query", "prop": "revisions", "titles": "Temp test page", "rvprop": "user"})
        user = rev["query"]["pages"][0]["revisions"][0]["user"]
        T.check(user == name, "the revision is by the reserved name, not the address: %r" % user)
        ui = a.call({"action": "query", "meta": "userinfo"})["query"]["userinfo"]
        T.check(ui.get("name") == name and ui.get("temp") is True and "anon" not in ui,
                "the session is logged into the temporary account: %r" % ui)
        r = a.call({"action": "acquiretempusername"}, post=True)
        T.check(r.get("error", {}).get("code") == "alreadyregistered", "a logged-in session is refused: %r" % r)
        a.csrf = a.call({"action": "query", "meta": "tokens"})["query"]["tokens"]["csrftoken"]
        r = a.edit("Temp test page", "a second edit by the same account")
        T.check(r.get("edit", {}).get("result") == "Success" and "tempusercreated" not in r["edit"],
                "its next edit needs no new account: %r" % r)

        c = anon(url)
        r = c.edit("Temp test page 2", "no name reserved first")
        T.check(r.get("edit", {}).get("tempusercreated") is True, "a session without a reserved name edits too")
        ui = c.call({"action": "query", "meta": "userinfo"})["query"]["userinfo"]
        T.check(ui.get("name") == "~%d-3" % year, "and gets the next free name: %r" % ui.get("name"))

        d = anon(url)
        t = d.call({"action": "query", "meta": "tokens", "type": "createaccount"})["query"]["tokens"]
        r = d.call({"action": "createaccount", "username": "~%d-99" % year, "password": "long-enough-secret-1",
                    "retype": "long-enough-secret-1", "createreturnurl": "http://localhost/",
                    "createtoken": t["createaccounttoken"]}, post=True)
        T.check(r.get("createaccount", {}).get("status") == "FAIL" and
                r["createaccount"].get("messagecode") == "invaliduser",
                "a name of the temporary form cannot be registered: %r" % r)

        adm = wikidtest.Client(url)
        adm.login("Admin", ADMIN_PW)
        r = adm.call({"action": "acquiretempusername"}, post=True)
        T.check(r.get("error", {}).get("code") == "alreadyregistered", "a registered user is refused: %r" % r)
    finally:
        if proc:
            wikidtest.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    print("temp_accounts: %s" % ("ok" if not T.failures else "%d failed" % T.failures))
    return 1 if T.failures else 0


if __name__ == "__main__":
    sys.exit(main())
