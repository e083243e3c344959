"""The feed modules read by a real feed parser (Debian's python3-feedparser):
RSS 2.0 and Atom must be well-formed and carry MediaWiki's entries."""
import os
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid

import feedparser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wikidtest  # noqa: E402

PASSWORD = "feeds-admin-pass-123"
checks = wikidtest.Checks()
check = checks.check


def fetch(url, params):
    """The raw feed and feedparser's reading of it."""
    with urllib.request.urlopen(url + "?" + urllib.parse.urlencode(params), timeout=30) as r:
        body = r.read()
        ctype = r.headers.get("Content-Type")
    return body, ctype, feedparser.parse(body)


def main():
    tmp = tempfile.mkdtemp(prefix="wikid-feeds-")
    proc, url = wikidtest.start(os.path.join(tmp, "data"), password=PASSWORD)
    try:
        run(url)
    finally:
        wikidtest.stop(proc)
    print("feeds: %d failures" % checks.failures)
    return 1 if checks.failures else 0


def run(url):
    admin = wikidtest.Client(url)
    admin.login("Admin", PASSWORD)
    u = uuid.uuid4().hex[:8]
    page = "Feed page " + u
    # Three edits by Admin, a second apart so that the order is certain, then one by an anonymous user.
    admin.edit(page, "First line.\n\nSecond <line> & more.", summary="create [[Elsewhere]]")
    time.sleep(1.1)
    admin.edit(page, "First line, changed.\n\nSecond <line> & more.", summary="one")
    time.sleep(1.1)
    admin.edit(page, "First line, changed.\n\nSecond <line> & more.\n\nThird.", summary="two", minor="1")
    time.sleep(1.1)
    anon = wikidtest.Client(url)
    anon.csrf = "+\\"
    anon.edit(page, "First line, changed again.\n\nSecond <line> & more.\n\nThird.", summary="anon edit")
    time.sleep(1.1)
    admin.edit("Talk:" + page, "A talk page.", summary="talk")

    for fmt in ("rss", "atom"):
        body, ctype, f = fetch(url, {"action": "feedrecentchanges", "feedformat": fmt, "limit": "50"})
        check(ctype.startswith("application/xml"), "%s: content type %s" % (fmt, ctype))
        check(not f.bozo, "%s: well-formed (%s)" % (fmt, f.get("bozo_exception")))
        check(f.version == ("rss20" if fmt == "rss" else "atom10"), "%s: feed version %s" % (fmt, f.version))
        check("Recent changes" in f.feed.title, "%s: channel title %r" % (fmt, f.feed.title))
        mine = [e for e in f.entries if e.title in (page, "Talk:" + page)]
        check(len(mine) == 4, "%s: four entries (two Admin edits folded): %d" % (fmt, len(mine)))
        if len(mine) != 4:
            continue
        talk, by_anon, folded, created = mine
        check(talk.title == "Talk:" + page, "%s: newest first" % fmt)
        check(by_anon.author == "127.0.0.1", "%s: the anonymous author %r" % (fmt, by_anon.get("author")))
        check(folded.author == "Admin", "%s: author Admin" % fmt)
        # The folded entry is the newest of Admin's two edits, diffed from the creation.
        q = urllib.parse.parse_qs(urllib.parse.urlparse(folded.link).query)
        cq = urllib.parse.parse_qs(urllib.parse.urlparse(created.link).query)
        check(q.get("oldid") == cq.get("diff"), "%s: folded edits diff from the first revision %s" % (fmt, q))
        d = folded.summary if fmt == "atom" else folded.description
        check("<p>two</p>" in d, "%s: summary of the newest folded edit" % fmt)
        check("diff-multi" in d, "%s: the revision in between is counted" % fmt)
        check('<ins style="font-weight: bold; text-decoration: none;">' in d, "%s: inline-styled insertion" % fmt)
        check("Second &lt;line&gt; &amp; more." in d, "%s: diff text escaped inside the HTML" % fmt)
        cd = created.summary if fmt == "atom" else created.description
        check("Elsewhere</a>" in cd, "%s: the creation's summary is rendered with its link" % fmt)
        check("First line.<br />" in cd, "%s: a new page shows its text" % fmt)
        if fmt == "rss":
            check(created.comments.endswith("title=Talk:" + page.replace(" ", "_")), "rss: comments link")
        check(created.get("published_parsed") or created.get("updated_parsed"), "%s: dated" % fmt)

    _, _, f = fetch(url, {"action": "feedrecentchanges", "hideminor": "1", "namespace": "1"})
    titles = [e.title for e in f.entries]
    check(titles == ["Talk:" + page] or ("Talk:" + page in titles and page not in titles),
          "namespace=1 keeps the talk page only: %r" % titles[:3])
    _, _, f = fetch(url, {"action": "feedrecentchanges", "namespace": "1", "associated": "1", "limit": "50"})
    check(page in [e.title for e in f.entries], "associated adds the subject namespace")
    _, _, f = fetch(url, {"action": "feedrecentchanges", "hideanons": "1", "limit": "50"})
    check(all(e.get("author") != "127.0.0.1" for e in f.entries), "hideanons leaves out the anonymous edit")
    _, _, f = fetch(url, {"action": "feedrecentchanges", "limit": "1"})
    check(len(f.entries) == 1, "limit=1: one entry")

    # feedcontributions: Admin's four revisions of the page and the talk page, each with its text.
    for fmt in ("rss", "atom"):
        _, _, f = fetch(url, {"action": "feedcontributions", "user": "Admin", "feedformat": fmt})
        check(not f.bozo, "contributions %s: well-formed (%s)" % (fmt, f.get("bozo_exception")))
        mine = [e for e in f.entries if e.title in (page, "Talk:" + page)]
        check(len(mine) == 4, "contributions %s: four revisions by Admin: %d" % (fmt, len(mine)))
        if mine:
            d = mine[0].summary if fmt == "atom" else mine[0].description
            check(d.startswith("<p>Admin: talk</p>") and "<div>A talk page.</div>" in d,
                  "contributions %s: user, summary and text: %r" % (fmt, d[:80]))
            check("diff=" in mine[0].link, "contributions %s: entry links to the revision" % fmt)

    # feedwatchlist: Admin watches the page (edits watch it); read through wlowner + wltoken.
    wltoken = "feeds" + u
    admin.call({"action": "options", "change": "watchlisttoken=" + wltoken, "token": admin.csrf}, post=True)
    for fmt in ("rss", "atom"):
        _, _, f = fetch(url, {"action": "feedwatchlist", "wlowner": "Admin", "wltoken": wltoken,
                              "feedformat": fmt, "allrev": "1"})
        check(not f.bozo, "watchlist %s: well-formed (%s)" % (fmt, f.get("bozo_exception")))
        got = [e for e in f.entries if e.title == page]
        check(len(got) == 4, "watchlist %s: every revision of the watched page with allrev: %d" % (fmt, len(got)))
        if got:
            d = got[0].summary if fmt == "atom" else got[0].description
            check(d == "anon edit (127.0.0.1)", "watchlist %s: summary (user): %r" % (fmt, d))
    _, _, f = fetch(url, {"action": "feedwatchlist", "wlowner": "Admin", "wltoken": "wrong"})
    check(not f.bozo and f.entries and f.entries[0].title == "Error (bad_wltoken)",
          "watchlist: a bad token is an error entry")


if __name__ == "__main__":
    sys.exit(main())
