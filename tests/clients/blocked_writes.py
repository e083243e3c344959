# SPDX-License-Identifier: MIT
"""
blocked_writes.py -- every registered write module refuses a blocked user.

A sysop (also bureaucrat and suppressor, so that missing rights never
hide the block) is blocked sitewide; then, logged in as that user, the
test sends each action module that paraminfo flags as writing, with
parameters that would otherwise succeed, and expects the block error
(blocked) -- or, for the modules MediaWiki leaves open to blocked users
(their own session, preferences and watchlist), anything but blocked.
A module with no entry in CASES fails the test, so a new write module
must be added here. Run against a private wikid (tests/clients/
blocked_writes.sh) or, to check the expectations, against the oracle:
  blocked_writes.py --url URL --admin-password PW
"""
import argparse
import os
import random
import string
import sys

import wikidtest

# Modules MediaWiki lets a blocked user use (ApiMain has no general block
# check; these modules make none): logging in and out, one's own
# preferences, watchlist and talk-page notice, account creation by a
# blocked user is refused by its own rule (blockedtext for creation) and
# is checked in the API tests.
OPEN = {"clearhasmsg", "clientlogin", "createaccount", "login", "logout", "options", "setnotificationtimestamp",
        "watch", "linkaccount", "unlinkaccount", "changeauthenticationdata", "removeauthenticationdata",
        "resetpassword", "validatepassword", "acquiretempusername",
        # MediaWiki 1.39 makes no block check in these either (checked on the oracle).
        "stashedit", "userrights", "import",
        # A block stops mail only when it says so (noemail: blockedfrommail), tested with emailuser.
        "emailuser"}

# Modules whose request needs an uploaded file (this client sends forms
# only); their block checks are tested with the uploads themselves.
NEEDS_FILE = {"upload", "filerevert", "imagerotate"}

# The refusal each module gives when it is not MediaWiki's plain "blocked".
EXPECT = {
    "block": "ipbblocked",              # a blocked user may block only themselves
    "unblock": "ipbblocked",
    "managetags": "tags-manage-blocked",
    "protect": "cantedit",              # ApiProtect's status for a user who may not edit
    "setpagelanguage": "pagelang-disabled",  # off by default ($wgPageLanguageUseDB)
}


# A one-revision dump for import (sent as a file part).
XML = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">
<page><title>%s</title><ns>0</ns><revision><timestamp>2020-01-01T00:00:00Z</timestamp>
<contributor><username>Importer</username></contributor><model>wikitext</model><format>text/x-wiki</format>
<text xml:space="preserve">imported</text></revision></page></mediawiki>"""


def post_multipart(c, params, file_field):
    """POST `params` as multipart/form-data, `file_field` as a file part; the JSON answer."""
    import json
    import urllib.request
    boundary = "----blockedwalk" + "".join(random.choice(string.ascii_lowercase) for _ in range(12))
    params = dict(params, format="json", formatversion="2")
    parts = []
    for k, v in params.items():
        disp = 'form-data; name="%s"' % k + ('; filename="dump.xml"' if k == file_field else "")
        parts.append("--%s\r\nContent-Disposition: %s\r\n\r\n%s\r\n" % (boundary, disp, v))
    body = ("".join(parts) + "--%s--\r\n" % boundary).encode()
    req = urllib.request.Request(c.url, data=body,
                                 headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    with c.op.open(req, timeout=30) as r:
        return json.loads(r.read())


def cases(page, other, uniq):
    """Parameters (without token) that would succeed for an unblocked sysop, per module."""
    return {
        "block": {"user": other, "reason": "test"},
        "changecontentmodel": {"title": page, "model": "text"},
        "delete": {"title": page},
        "edit": {"title": page, "text": "changed " + uniq},
        "import": {"xml": XML % (page + " imported"), "interwikiprefix": "imported"},
        "managetags": {"operation": "create", "tag": "blocked-" + uniq, "reason": "test"},
        "mergehistory": {"from": page, "to": page + " merge"},  # made after the page's revisions
        "move": {"from": page, "to": page + " moved"},
        "patrol": {"revid": "REVID"},
        "protect": {"title": page, "protections": "edit=sysop"},
        "purge": {"titles": page},
        "revisiondelete": {"type": "revision", "ids": "OLDREVID", "hide": "comment"},
        "rollback": {"title": page, "user": other},
        "setpagelanguage": {"title": page, "lang": "de"},
        "stashedit": {"title": page, "section": "", "text": "x", "contentmodel": "wikitext",
                      "contentformat": "text/x-wiki", "baserevid": "REVID"},
        "tag": {"revid": "REVID", "add": "blocked-" + uniq},
        "undelete": {"title": page + " gone"},
        "unblock": {"user": other},
        "userrights": {"user": other, "add": "bot"},
        "upload": {"filename": "Blocked" + uniq + ".png", "url": "http://example.org/x.png"},
        "filerevert": {"filename": "Blocked" + uniq + ".png", "archivename": "x"},
        "imagerotate": {"titles": "File:Blocked" + uniq + ".png", "rotation": "90"},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--admin-password")
    ap.add_argument("--report", action="store_true", help="print each answer instead of checking")
    args = ap.parse_args()
    checks = wikidtest.Checks()
    proc = None
    url, password = args.url, args.admin_password
    if not url:
        import tempfile
        tmp = tempfile.mkdtemp(prefix="wikid-blocked-")
        password = "blocked-admin-pass-" + str(random.randrange(10**6))
        db = wikidtest.new_database("blocked", tmp)[1] if wikidtest.ON_PG else None
        proc, url = wikidtest.start(os.path.join(tmp, "data"), database=db, password=password)
    try:
        run(url, password, checks, args.report)
    finally:
        if proc:
            wikidtest.stop(proc)
    print("%d failed" % checks.failures)
    return 1 if checks.failures else 0


def token(c, kind):
    return c.call({"action": "query", "meta": "tokens", "type": kind})["query"]["tokens"][kind + "token"]


def run(url, password, checks, report):
    uniq = "".join(random.choice(string.ascii_lowercase) for _ in range(8))
    admin = wikidtest.Client(url)
    admin.login("Admin", password)
    name, other, pw = "Blockedsysop" + uniq, "Blockother" + uniq, "pw-" + uniq + "-Secret1"
    for who in (name, other):
        c = wikidtest.Client(url)
        t = token(c, "createaccount")
        c.call({"action": "createaccount", "username": who, "password": pw, "retype": pw,
                "createreturnurl": "http://localhost/", "createtoken": t}, post=True)
    admin.call({"action": "userrights", "user": name, "add": "sysop|bureaucrat|suppress",
                "token": token(admin, "userrights")}, post=True)
    page = "Blocked walk " + uniq
    old = admin.edit(page, "one")["edit"]["newrevid"]
    o = wikidtest.Client(url)
    o.login(other, pw)
    rev = o.edit(page, "two")["edit"]["newrevid"]
    admin.edit(page + " merge", "dest")
    admin.edit(page + " gone", "x")
    tags = admin.call({"action": "paraminfo", "modules": "managetags"})["paraminfo"].get("modules")
    if tags and not tags[0].get("missing"):
        admin.call({"action": "managetags", "operation": "create", "tag": "blocked-" + uniq, "reason": "walk",
                    "token": admin.csrf}, post=True)
    admin.call({"action": "delete", "title": page + " gone", "token": admin.csrf}, post=True)
    r = admin.call({"action": "block", "user": name, "expiry": "infinite", "reason": "walk",
                    "token": admin.csrf}, post=True)
    checks.check("block" in r, "the sysop is blocked: %r" % r)

    b = wikidtest.Client(url)
    b.login(name, pw)
    info = b.call({"action": "paraminfo", "modules": "*"})
    writes = sorted(m["name"] for m in info["paraminfo"]["modules"]
                    if m.get("group") == "action" and m.get("writerights"))
    tokens = b.call({"action": "query", "meta": "tokens", "type": "*"})["query"]["tokens"]
    types = {m["name"]: next((p.get("tokentype") for p in m["parameters"] if p["name"] == "token"), None)
             for m in info["paraminfo"]["modules"]}
    table = cases(page, other, uniq)
    for mod in writes:
        if mod in OPEN:
            continue
        if mod in NEEDS_FILE:
            print("skip - %s needs an uploaded file" % mod)
            continue
        if mod not in table:
            checks.check(False, "%s: a write module with no case in blocked_writes.py" % mod)
            continue
        params = {k: str(v).replace("OLDREVID", str(old)).replace("REVID", str(rev)) for k, v in table[mod].items()}
        params["action"] = mod
        if types.get(mod):
            params["token"] = tokens.get(types[mod] + "token", "")
        res = post_multipart(b, params, "xml") if mod == "import" else b.call(params, post=True)
        code = (res.get("errors") or [{}])[0].get("code") if "errors" in res else res.get("error", {}).get("code")
        if report:
            print("%s: %s" % (mod, code or res))
            continue
        want = EXPECT.get(mod, "blocked")
        checks.check(code == want, "%s refuses the blocked user with %s (got %s)" % (mod, want, code or "success"))


if __name__ == "__main__":
    sys.exit(main())
