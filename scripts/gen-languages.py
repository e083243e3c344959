#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gen-languages.py — write src/wiki/languages.inc, the table of languages
# (code, BCP 47 tag, autonym) and language variants (with their fallbacks)
# that meta=siteinfo&siprop=languages|languagevariants reports, from a
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
    out = [
        "/* SPDX-License-Identifier: MIT */",
        "/*",
        " * languages.inc — the languages MediaWiki 1.39 knows (its language-name",
        " * list as meta=siteinfo&siprop=languages reports it): code, BCP 47 tag",
        " * and autonym, sorted by code; then the languages with variants. Data",
        " * for language.c only; written by scripts/gen-languages.py.",
        " */",
        "static const struct wiki_language languages[] = {",
    ]
    for entry in langs:
        out.append("\t{ %s, %s, %s }," % (c_string(entry["code"]), c_string(entry["bcp47"]),
                                          c_string(entry["name"])))
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
