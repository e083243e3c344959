# SPDX-License-Identifier: MIT
"""
gitmediawiki.py -- git-remote-mediawiki against a running wikid (started by
gitmediawiki.sh): a clone holds every page's history as commits, a push
creates and edits pages as the configured account (and blanks a removed
file's page into Category:Deleted, the client's convention), a pull brings
an edit made through the API, and clones limited to pages, a category or a
namespace hold only those. Needs WIKID_URL and ADMIN_PASSWORD.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wikidtest  # noqa: E402

API = os.environ["WIKID_URL"]
BASE = "mediawiki::" + API.rsplit("/", 1)[0]
PASSWORD = os.environ["ADMIN_PASSWORD"]
T = wikidtest.Checks()


def git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="Tester", GIT_AUTHOR_EMAIL="tester@example.org",
               GIT_COMMITTER_NAME="Tester", GIT_COMMITTER_EMAIL="tester@example.org", GIT_TERMINAL_PROMPT="0")
    r = subprocess.run(["git"] + list(args), cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    if r.returncode != 0:
        print("# git %s: %s" % (" ".join(args), (r.stdout + r.stderr).strip()[-800:]))
    return r


def read(path):
    with open(path) as f:
        return f.read()


def content(c, title):
    r = c.call({"action": "query", "prop": "revisions", "titles": title, "rvprop": "content|comment|user",
                "rvslots": "main"})
    p = r["query"]["pages"][0]
    if p.get("missing"):
        return None
    rev = p["revisions"][0]
    return rev["slots"]["main"]["content"], rev["comment"], rev["user"]


def main():
    c = wikidtest.Client(API)
    c.login("Admin", PASSWORD)
    c.edit("Git page one", "First [[Git page two]]", summary="one, first")
    c.edit("Git page two", "Second", summary="two")
    c.edit("Git page one", "First, edited", summary="one, second")
    c.edit("Talk:Git page one", "A talk page", summary="talk")

    tmp = tempfile.mkdtemp(prefix="wikid-gitmw.")
    try:
        wk = os.path.join(tmp, "wk")
        r = git(tmp, "clone", BASE, wk)
        T.check(r.returncode == 0, "git clone of the wiki")
        if r.returncode != 0:
            return 1
        T.check(read(os.path.join(wk, "Git_page_one.mw")) == "First, edited\n" and
                read(os.path.join(wk, "Git_page_two.mw")) == "Second\n",
                "the clone holds each page's current text")
        T.check(not os.path.exists(os.path.join(wk, "Talk:Git_page_one.mw")), "of the main namespace only")
        log = git(wk, "log", "--format=%s", "--", "Git_page_one.mw").stdout.split("\n")
        T.check(log[:2] == ["one, second", "one, first"], "each revision is a commit with its summary: %r" % log[:3])

        git(wk, "config", "remote.origin.mwLogin", "Admin")
        git(wk, "config", "remote.origin.mwPassword", PASSWORD)
        with open(os.path.join(wk, "Git_page_two.mw"), "w") as f:
            f.write("Second, from git\n")
        with open(os.path.join(wk, "Git_new_page.mw"), "w") as f:
            f.write("Made by a push\n")
        git(wk, "add", "-A")
        git(wk, "commit", "-q", "-m", "from git")
        r = git(wk, "push")
        T.check(r.returncode == 0, "git push")
        two, new = content(c, "Git page two"), content(c, "Git new page")
        T.check(two and two[0] == "Second, from git" and two[2] == "Admin", "the push edited a page as Admin: %r" % (two,))
        T.check(new and new[0] == "Made by a push" and "from git" in new[1], "and created one: %r" % (new,))

        git(wk, "rm", "-q", "Git_new_page.mw")
        git(wk, "commit", "-q", "-m", "remove it")
        r = git(wk, "push")
        new = content(c, "Git new page")
        T.check(r.returncode == 0 and new and new[0] == "[[Category:Deleted]]",
                "a push of a removed file blanks the page into its Deleted category: %r" % (new,))

        c.edit("Git page one", "First, edited on the wiki", summary="on the wiki")
        r = git(wk, "pull", "-q", "--no-rebase")
        T.check(r.returncode == 0 and read(os.path.join(wk, "Git_page_one.mw")) == "First, edited on the wiki\n",
                "git pull brings an edit made through the API")
        T.check(git(wk, "log", "-1", "--format=%s", "--", "Git_page_one.mw").stdout.strip() == "on the wiki",
                "as a commit with its summary")

        some = os.path.join(tmp, "some")
        r = git(tmp, "-c", "remote.origin.pages=Git_page_two", "clone", BASE, some)
        files = sorted(f for f in os.listdir(some) if f.endswith(".mw")) if r.returncode == 0 else None
        T.check(files == ["Git_page_two.mw"], "a clone of one page holds only it: %r" % files)

        c.edit("Git page three", "Third [[Category:Git cat]]", summary="three")
        some = os.path.join(tmp, "cat")
        r = git(tmp, "-c", "remote.origin.categories=Git_cat", "clone", BASE, some)
        files = sorted(f for f in os.listdir(some) if f.endswith(".mw")) if r.returncode == 0 else None
        T.check(files == ["Git_page_three.mw"], "a clone of a category holds its members: %r" % files)

        some = os.path.join(tmp, "ns")
        r = git(tmp, "-c", "remote.origin.namespaces=Talk", "clone", BASE, some)
        files = sorted(f for f in os.listdir(some) if f.endswith(".mw")) if r.returncode == 0 else None
        T.check(files == ["Talk:Git_page_one.mw"], "a clone of a namespace holds its pages: %r" % files)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if T.failures else 0


if __name__ == "__main__":
    sys.exit(main())
