#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gen-languages.py — write src/wiki/languages.inc, the table of languages
# (code, BCP 47 tag, autonym; direction, fallback chain and variants as
# meta=languageinfo gives them) and language variants (with their
# fallbacks) that meta=siteinfo&siprop=languages|languagevariants reports, from a
# running MediaWiki 1.39 (the oracle). The data is MediaWiki's list of
# language names; the code that serves it is language.c.
#
#   scripts/gen-languages.py [API_URL] > src/wiki/languages.inc
#
# API_URL defaults to the oracle, http://127.0.0.1:8090/w/api.php.
import json
import sys
import urllib.request


def c_string(s):
    """A C string literal; json's escaping is valid C for these texts."""
    return json.dumps(s, ensure_ascii=False)


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8090/w/api.php"
    q = url + "?action=query&meta=siteinfo&siprop=languages|languagevariants&format=json&formatversion=2"
    data = json.load(urllib.request.urlopen(q))["query"]
    langs = sorted(data["languages"], key=lambda entry: entry["code"])
    # Direction and fallback chain of each (meta=languageinfo, continued while it asks).
    info = {}
    cont = None
    while True:
        q = url + "?action=query&meta=languageinfo&licode=*&liprop=dir|fallbacks|variants&format=json&formatversion=2"
        if cont:
            q += "&licontinue=" + urllib.request.quote(cont)
        reply = json.load(urllib.request.urlopen(q))
        info.update(reply["query"]["languageinfo"])
        cont = reply.get("continue", {}).get("licontinue")
        if not cont:
            break
    out = [
        "/* SPDX-License-Identifier: MIT */",
        "/*",
        " * languages.inc — the languages MediaWiki 1.39 knows (its language-name",
        " * list as meta=siteinfo&siprop=languages reports it): code, BCP 47 tag,",
        " * autonym, right-to-left, fallback chain, variants, sorted by code; then the",
        " * languages with variants. Data for language.c only; written by",
        " * scripts/gen-languages.py.",
        " */",
        "static const struct wiki_language languages[] = {",
    ]
    for entry in langs:
        li = info.get(entry["code"], {})
        fields = [c_string(entry["code"]), c_string(entry["bcp47"]), c_string(entry["name"])]
        fallbacks = li.get("fallbacks", [])
        fields.append("true" if li.get("dir") == "rtl" else "false")
        for chain in (fallbacks, li.get("variants", [])):
            # A language's own code alone as its variants is the common case: NULL stands for it.
            if chain and chain != [entry["code"]]:
                fields.append("(const char *const[]){ %s, NULL }" % ", ".join(c_string(f) for f in chain))
            else:
                fields.append("NULL")
        out.append("\t{ %s }," % ", ".join(fields))
    out.append("};")
    out.append("")
    out.append("/* Each variant of a language with variants, and its fallbacks, in MediaWiki's order. */")
    out.append("static const struct wiki_lang_variant variants[] = {")
    for lang, variants in data["languagevariants"].items():
        for variant, info in variants.items():
            fallbacks = ", ".join(c_string(f) for f in info["fallbacks"])
            out.append("\t{ %s, %s, (const char *const[]){ %s, NULL } }," % (
                c_string(lang), c_string(variant), fallbacks))
    out.append("};")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
