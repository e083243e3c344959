#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gen-datenames.py — write src/parser/datenames.inc, the names #time and
# the date variables use in each language (months, their genitive forms
# and abbreviations, weekdays and their abbreviations, the Iranian, Hebrew
# and Hijri months) and its digits, as a running MediaWiki 1.39 (the
# oracle) answers them: meta=allmessages with amlang (the language's
# fallback chain applied) and, for the digits, {{#time:}} in that
# language. Only languages whose names or digits differ from English are
# written, and of those only the lists that differ: a missing genitive is
# the nominative, anything else missing is English's (the Hebrew
# calendar's genitives too).
#
#   scripts/gen-datenames.py [API_URL] > src/parser/datenames.inc
#
# API_URL defaults to the oracle, http://127.0.0.1:8090/w/api.php.
import json
import sys
import urllib.parse
import urllib.request

MONTHS = ["january", "february", "march", "april", "may_long", "june", "july", "august", "september",
          "october", "november", "december"]
ABBR = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
DAYS_ABBR = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
HEBREW = ["hebrew-calendar-m%d" % i for i in range(1, 13)] + ["hebrew-calendar-m6a", "hebrew-calendar-m6b"]
FIELDS = [
    ("month", MONTHS),
    ("month_gen", [m.replace("may_long", "may") + "-gen" for m in MONTHS]),
    ("month_abbr", ABBR),
    ("weekday", DAYS),
    ("weekday_abbr", DAYS_ABBR),
    ("iranian", ["iranian-calendar-m%d" % i for i in range(1, 13)]),
    ("hebrew", HEBREW),
    ("hebrew_gen", [h + "-gen" for h in HEBREW]),
    ("hijri", ["hijri-calendar-m%d" % i for i in range(1, 13)]),
]
# Written for each language that has its own, the calendars' month names too
# (#time's x-codes with a language argument name them in that language).
WRITTEN = ["month", "month_gen", "month_abbr", "weekday", "weekday_abbr", "iranian", "hebrew", "hebrew_gen", "hijri"]


def api(url, **params):
    params.update(format="json", formatversion="2")
    data = urllib.parse.urlencode(params).encode()
    return json.load(urllib.request.urlopen(url, data))


def names(url, code):
    wanted = [m for _, ms in FIELDS for m in ms]
    got = {}
    for i in range(0, len(wanted), 50):
        reply = api(url, action="query", meta="allmessages", ammessages="|".join(wanted[i:i + 50]), amlang=code)
        for m in reply["query"]["allmessages"]:
            got[m["name"]] = m.get("content", "")
    return {field: [got[m] for m in ms] for field, ms in FIELDS}


def digits(url, code):
    """The ten digits #time writes in `code` (None: ASCII)."""
    text = "{{#time:Y m d H i s|1234-05-06 07:08:09|%s}}" % code
    html = api(url, action="parse", text=text, prop="text", disablelimitreport=1, contentmodel="wikitext")
    out = html["parse"]["text"]
    out = out[out.index("<p>") + 3:out.index("</p>")].strip()
    parts = out.split(" ")
    if len(parts) != 6 or out == "1234 05 06 07 08 09":
        return None
    seen = {}
    for want, got in zip(["1234", "05", "06", "07", "08", "09"], parts):
        if len(want) != len(got):
            return None
        for a, b in zip(want, got):
            seen[a] = b
    if len(seen) != 10:
        return None
    return [seen[str(d)] for d in range(10)]


def c_string(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8090/w/api.php"
    reply = api(url, action="query", meta="siteinfo", siprop="languages")
    # qqx, the pseudo-language that shows message keys, is not listed but answers.
    codes = sorted(set(entry["code"] for entry in reply["query"]["languages"]) | {"qqx"})
    english = names(url, "en")
    print("/* Date names and digits of the languages whose names differ from English, from MediaWiki 1.39"
          " (scripts/gen-datenames.py); sorted by code. */")
    for code in codes:
        if code == "en":
            continue
        n = names(url, code)
        d = digits(url, code)
        if all(n[f] == english[f] for f in WRITTEN) and d is None:
            continue
        parts = ['.code = %s' % c_string(code)]
        for field in WRITTEN:
            if n[field] == english[field]:
                continue  # left out: English's (see date_name() in timefmt.c)
            if field == "month_gen" and n[field] == n["month"]:
                continue  # left out: the nominative
            parts.append(".%s = { %s }" % (field, ", ".join(c_string(s) for s in n[field])))
        if d:
            parts.append(".digits = (const char *const[]){ %s }" % ", ".join(c_string(s) for s in d))
        print("\t{ " + ",\n\t  ".join(parts) + " },")


if __name__ == "__main__":
    main()
