#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
gendump.py — write a synthetic MediaWiki XML dump (schema 0.11) for the
import benchmark: PAGES pages in the main namespace, each with REVS
revisions of wikitext of a few kilobytes (headings, links, templates,
lists, tables), authors from a small pool, deterministic for a seed.

    python3 bench/gendump.py PAGES [REVS] [SEED] > dump.xml
"""
import hashlib
import random
import sys
from xml.sax.saxutils import escape

WORDS = ("wiki server page link river mountain history city language music science art "
         "station bridge garden school village castle market festival library theatre "
         "harbour museum forest island valley engine").split()


def b36(data):
    n = int(hashlib.sha1(data).hexdigest(), 16)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        out = digits[n % 36] + out
        n //= 36
    return out.rjust(31, "0")


def sentence(rnd):
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(6, 16))]
    if rnd.random() < 0.4:
        i = rnd.randrange(len(words))
        words[i] = "[[%s %s]]" % (rnd.choice(WORDS).capitalize(), rnd.choice(WORDS))
    if rnd.random() < 0.2:
        words.append("{{cite|%s}}" % rnd.choice(WORDS))
    return " ".join(words).capitalize() + "."


def text(rnd, title):
    parts = ["'''%s''' is a %s %s." % (title, rnd.choice(WORDS), rnd.choice(WORDS))]
    for s in range(rnd.randint(2, 6)):
        parts.append("\n== %s %d ==\n" % (rnd.choice(WORDS).capitalize(), s))
        parts.append(" ".join(sentence(rnd) for _ in range(rnd.randint(3, 9))))
        if rnd.random() < 0.3:
            parts.append("\n" + "\n".join("* " + sentence(rnd) for _ in range(rnd.randint(2, 5))))
        if rnd.random() < 0.15:
            parts.append("\n{| class=\"wikitable\"\n|-\n! A !! B\n|-\n| %s || %s\n|}"
                         % (rnd.choice(WORDS), rnd.choice(WORDS)))
    parts.append("\n\n[[Category:%s]]" % rnd.choice(WORDS).capitalize())
    return "".join(parts)


def main():
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    revs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    out = sys.stdout
    out.write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ '
              'http://www.mediawiki.org/xml/export-0.11.xsd" version="0.11" xml:lang="en">\n'
              '  <siteinfo>\n    <sitename>Bench</sitename>\n    <dbname>bench</dbname>\n'
              '    <case>first-letter</case>\n    <namespaces>\n'
              '      <namespace key="0" case="first-letter" />\n'
              '      <namespace key="10" case="first-letter">Template</namespace>\n'
              '    </namespaces>\n  </siteinfo>\n')
    rev_id = 0
    for p in range(1, pages + 1):
        title = "Bench %s %d" % (rnd.choice(WORDS).capitalize(), p)
        out.write("  <page>\n    <title>%s</title>\n    <ns>0</ns>\n    <id>%d</id>\n" % (escape(title), p))
        body = text(rnd, title)
        for r in range(revs):
            rev_id += 1
            if r:
                body += "\n" + sentence(rnd)
            data = body.encode()
            ts = "20%02d-%02d-%02dT%02d:%02d:%02dZ" % (10 + r, 1 + p % 12, 1 + p % 28, p % 24, r % 60, p % 60)
            out.write("    <revision>\n      <id>%d</id>\n" % rev_id)
            if r:
                out.write("      <parentid>%d</parentid>\n" % (rev_id - 1))
            out.write("      <timestamp>%s</timestamp>\n      <contributor>\n"
                      "        <username>Bench author %d</username>\n        <id>%d</id>\n"
                      "      </contributor>\n      <comment>edit %d</comment>\n"
                      "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
                      '      <text bytes="%d" xml:space="preserve">%s</text>\n'
                      "      <sha1>%s</sha1>\n    </revision>\n"
                      % (ts, p % 50, 100 + p % 50, r, len(data), escape(body), b36(data)))
        out.write("  </page>\n")
    out.write("</mediawiki>\n")


if __name__ == "__main__":
    main()
