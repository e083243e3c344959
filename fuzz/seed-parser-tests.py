#!/usr/bin/python3
# SPDX-License-Identifier: MIT
#
# seed-parser-tests.py — write the wikitext inputs of MediaWiki's parser
# test files (../shared/parser-tests/*.txt, kept outside the repository)
# as one seed file each into OUTDIR, for the fuzz targets that read
# wikitext. fuzz/run.sh calls it when such a target's working corpus is
# still empty.
#
#   fuzz/seed-parser-tests.py OUTDIR [PREFIX_BYTE...]
#
# PREFIX_BYTE (a number 0-255), when given, is written before each input:
# targets whose first byte selects a mode get the mode that reads text.
# With several, each input is written once per byte.
import os
import sys


def inputs(path):
    """Yield the text of each `!! wikitext` section of a parser test file."""
    section, buf = None, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("!!"):
                if section == "wikitext" and buf:
                    yield "".join(buf)
                section, buf = line[2:].strip(), []
            elif section == "wikitext":
                buf.append(line)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: seed-parser-tests.py OUTDIR [PREFIX_BYTE...]")
    out = sys.argv[1]
    prefixes = [bytes([int(b)]) for b in sys.argv[2:]] or [b""]
    here = os.path.dirname(os.path.abspath(__file__))
    tests = os.path.join(here, "..", "..", "shared", "parser-tests")
    if not os.path.isdir(tests):
        return
    os.makedirs(out, exist_ok=True)
    n = 0
    for name in sorted(os.listdir(tests)):
        if not name.endswith(".txt"):
            continue
        for text in inputs(os.path.join(tests, name)):
            for k, prefix in enumerate(prefixes):
                with open(os.path.join(out, "pt-%05d-%d" % (n, k)), "wb") as f:
                    f.write(prefix + text.encode("utf-8"))
            n += 1
    print("fuzz: %d seeds from the parser tests in %s" % (n, out))


main()
