"""mwclient against wikid: the steps a typical bot takes."""
import os
import sys
import time
import urllib.parse

import mwclient
import mwclient.errors

url = urllib.parse.urlparse(os.environ["WIKID_URL"])
path = url.path[: -len("api.php")]
admin_pw = os.environ["ADMIN_PASSWORD"]
bot_pw = os.environ.get("BOTPASS", "")
failures = 0


def check(cond, what):
    global failures
    print(("ok - " if cond else "not ok - ") + what)
    if not cond:
        failures += 1


def site():
    return mwclient.Site(url.netloc, path=path, scheme=url.scheme,
                         clients_useragent="wikid-client-test")


# 1. Bot password login, create and edit pages, read them back.
s = site()
check(bool(bot_pw), "bot password created")
s.login("Admin@clienttest", bot_pw)
check(s.logged_in, "bot password login")
page = s.pages["Client test page"]
page.edit("First version.", summary="create")
page = s.pages["Client test page"]
check(page.exists, "page exists after create")
check(page.text() == "First version.", "text read back")
page.edit("Second version.", summary="edit")
check(s.pages["Client test page"].text() == "Second version.", "edit read back")
for i in range(7):
    s.pages["Client batch %d" % i].edit("batch page %d" % i, summary="batch")

# 2. Recent changes with continuation (small pages force several batches).
titles = [rc["title"] for rc in s.recentchanges(limit=2)]
check(len(titles) >= 9, "recentchanges paged through %d rows" % len(titles))
check("Client test page" in titles, "recentchanges lists the test page")

# 3. Normal login with the main password, CSRF token.
s2 = site()
s2.login("Admin", admin_pw)
check(s2.logged_in, "normal login")
token = s2.get_token("csrf")
check(token.endswith("+\\") and len(token) > 2, "csrf token")

# 4. Edit conflict: two different users start from the same revision.
anon = site()
# mwclient maps every token type but a few to csrf, so ask for this one directly.
ctoken = anon.api("query", meta="tokens", type="createaccount")["query"]["tokens"]["createaccounttoken"]
res = anon.post("createaccount", username="Editor two", password="editor-two-pass-9",
                retype="editor-two-pass-9", createreturnurl="http://127.0.0.1/",
                createtoken=ctoken)
check(res.get("createaccount", {}).get("status") == "PASS", "createaccount for a second user")
s2 = site()
s2.login("Editor two", "editor-two-pass-9")
check(s2.logged_in, "second user login")
a = s.pages["Conflict page"]
a.edit("base text", summary="base")
# Timestamps have one-second resolution: the next edit must be in a later second.
time.sleep(1.1)
first = s.pages["Conflict page"]
second = s2.pages["Conflict page"]
first.text()
second.text()
first.edit("change by the first editor", summary="one")
try:
    second.edit("conflicting change by the second editor", summary="two")
    check(False, "edit conflict detected")
except mwclient.errors.EditError as e:
    check("editconflict" in str(e) or "conflict" in str(e).lower(), "edit conflict detected")
except mwclient.errors.APIError as e:
    check(e.code == "editconflict", "edit conflict detected (%s)" % e.code)

print("mwclient: %d failed" % failures)
sys.exit(1 if failures else 0)
