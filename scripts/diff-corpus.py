#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# diff-corpus.py — the corpus of revision pairs in tests/diff/: each case
# is a directory with old.txt, new.txt and expected.html, the diff body
# MediaWiki 1.39 (the oracle) renders for the pair with action=compare.
# Large files are kept gzipped (old.txt.gz ...). tests/unit/test_diffcorpus.c
# checks that wikid's diff_table() writes exactly expected.html.
#
#   scripts/diff-corpus.py generate   write the inputs of the generated cases
#   scripts/diff-corpus.py capture [API_URL] [CASE...]
#                                     fetch expected.html for every case (or
#                                     the named ones) from the oracle
#
# API_URL defaults to http://127.0.0.1:8090/w/api.php. The pairs are sent
# as text (fromslots/toslots=main), which MediaWiki never caches, so the
# bodies carry no "diff cache key" comment.
import gzip
import json
import os
import random
import sys
import urllib.parse
import urllib.request

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "diff")
GZIP_OVER = 64 * 1024  # files larger than this are stored gzipped


def write(case, name, data):
    """Write tests/diff/CASE/NAME (bytes), gzipped when large."""
    d = os.path.join(ROOT, case)
    os.makedirs(d, exist_ok=True)
    for stale in (name, name + ".gz"):
        if os.path.exists(os.path.join(d, stale)):
            os.remove(os.path.join(d, stale))
    if len(data) > GZIP_OVER:
        with gzip.GzipFile(os.path.join(d, name + ".gz"), "wb", mtime=0) as f:
            f.write(data)
    else:
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def read(case, name):
    p = os.path.join(ROOT, case, name)
    if os.path.exists(p + ".gz"):
        with gzip.open(p + ".gz", "rb") as f:
            return f.read()
    with open(p, "rb") as f:
        return f.read()


# ---------- generated cases ----------

WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at which but have "
         "an they you were her she there been one all we their has would when if so no will more can who its "
         "what some into time about only other could new these two may first then do any like my now over "
         "such our man me even most made after also did many before must through back years where much your "
         "way well down should because each just those people how too little state good very make world").split()
UNICODE = ["Zürich", "naïve", "café", "日本語", "中文维基百科", "Ελληνικά", "русский", "עברית", "العربية", "한국어",
           "emoji😀", "ﬁ", "Ａ", "—", "“quoted”", "…", "½", "ß", "İstanbul", "ǅ"]


def sentence(rng, vocab=WORDS, n=(4, 18)):
    return " ".join(rng.choice(vocab) for _ in range(rng.randint(*n))).capitalize() + "."


def article(rng, paragraphs, vocab=WORDS):
    out = []
    for i in range(paragraphs):
        if i and rng.random() < 0.2:
            out.append("== %s ==" % sentence(rng, vocab, (1, 4)).rstrip("."))
        r = rng.random()
        if r < 0.15:
            out.append("\n".join("* " + sentence(rng, vocab, (2, 8)) for _ in range(rng.randint(1, 5))))
        elif r < 0.2:
            out.append("{| class=\"wikitable\"\n|-\n| %s || %s\n|}" % (rng.choice(vocab), rng.choice(vocab)))
        else:
            out.append(" ".join(sentence(rng, vocab) for _ in range(rng.randint(1, 6))))
    return "\n\n".join(out) + "\n"


def edit_words(rng, text, n, vocab=WORDS):
    """Change n words in place."""
    words = text.split(" ")
    for _ in range(n):
        i = rng.randrange(len(words))
        words[i] = rng.choice(vocab)
    return " ".join(words)


def edit_lines(rng, text, n, vocab=WORDS):
    """Insert, delete or rewrite n lines."""
    lines = text.split("\n")
    for _ in range(n):
        i = rng.randrange(len(lines))
        r = rng.random()
        if r < 0.35:
            lines.insert(i, sentence(rng, vocab))
        elif r < 0.6 and len(lines) > 1:
            del lines[i]
        else:
            lines[i] = edit_words(rng, lines[i], rng.randint(1, 3), vocab) if lines[i] else sentence(rng, vocab)
    return "\n".join(lines)


def move_paragraphs(rng, text, n):
    paras = text.split("\n\n")
    for _ in range(n):
        i = rng.randrange(len(paras))
        p = paras.pop(i)
        paras.insert(rng.randrange(len(paras) + 1), p)
    return "\n\n".join(paras)


def generated():
    """(name, old, new) of every generated case, deterministic."""
    cases = []
    rng = random.Random(11)
    base = article(rng, 12)
    cases.append(("small-word", base, edit_words(rng, base, 1)))
    cases.append(("small-typos", base, edit_words(rng, base, 6)))
    cases.append(("small-lines", base, edit_lines(rng, base, 3)))
    cases.append(("append", base, base + "\n== New section ==\n" + sentence(rng) + "\n"))
    cases.append(("prepend", base, sentence(rng) + "\n\n" + base))
    cases.append(("blank", base, ""))
    cases.append(("from-empty", "", base))
    cases.append(("trailing-newline", base.rstrip("\n"), base))
    cases.append(("crlf", base.replace("\n", "\r\n"), edit_words(rng, base, 2)))
    cases.append(("rewrite", base, article(random.Random(12), 14)))
    cases.append(("rewrite-same-words", article(random.Random(13), 20, WORDS[:12]),
                  article(random.Random(14), 20, WORDS[:12])))
    cases.append(("moved-paragraph", base, move_paragraphs(rng, base, 1)))
    cases.append(("moved-paragraphs", base, move_paragraphs(rng, edit_words(rng, base, 3), 4)))
    uni = article(random.Random(15), 10, WORDS[:40] + UNICODE)
    cases.append(("unicode", uni, edit_lines(random.Random(16), edit_words(random.Random(17), uni, 8,
                                                                          WORDS[:40] + UNICODE), 4,
                                             WORDS[:40] + UNICODE)))
    cjk = "\n".join("".join(rng.choice("日本語中文维基百科の、。「」テキスト") for _ in range(rng.randint(5, 40)))
                    for _ in range(20))
    cases.append(("cjk", cjk, edit_lines(random.Random(18), cjk, 5, ["追加された行。", "変更"])))
    ws = "  leading\ntrailing  \n\tTab\tand  double  spaces \n \n  \nx y  z   w"
    cases.append(("whitespace", ws, ws.replace("double  spaces", "double   spaces").replace("x y", "x  y") + " \n"))
    markup = "'''bold''' & <b>tag</b> \"quotes\" 'single' <!-- comment --> &amp; [[link|text]] {{tpl|a=b}}\n" * 3
    cases.append(("markup-escaping", markup, markup.replace("tag", "tags & more").replace("a=b", "a=<c>")))
    nums = "\n".join(["1", "01", "1.0", "1e0", " 1", "2", "02", "+2", "0x1", "1 "]) + "\n"
    cases.append(("numeric-lines", nums, "\n".join(["01", "1", "1.0", "2", "1e0", "+2", "02", " 1"])))
    rep = "\n".join(["same line"] * 30 + ["other"] + ["same line"] * 30)
    cases.append(("repeated-lines", rep, rep.replace("other", "changed\nsame line\nmore")))
    big_rng = random.Random(21)
    big = article(big_rng, 2600)
    while len(big) < 1024 * 1024:
        big += article(big_rng, 200)
    cases.append(("1mb-small-edits", big, edit_lines(random.Random(22), big, 40)))
    cases.append(("1mb-many-edits", big, edit_lines(random.Random(23), big, 1500)))
    big2 = article(random.Random(24), 2600)
    while len(big2) < 1024 * 1024:
        big2 += article(random.Random(len(big2)), 200)
    cases.append(("1mb-rewrite", big, big2))
    para = " ".join(sentence(rng, WORDS[:25], (10, 20)) for _ in range(700))
    cases.append(("long-paragraph", para + "\nend", edit_words(random.Random(25), para, 300, WORDS[:25]) + "\nend!"))
    return cases


def generate():
    for name, old, new in generated():
        write(name, "old.txt", old.encode("utf-8"))
        write(name, "new.txt", new.encode("utf-8"))
        print("generated", name, len(old), len(new))


def capture(url, only):
    names = sorted(n for n in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, n)))
    for name in names:
        if only and name not in only:
            continue
        old = read(name, "old.txt").decode("utf-8")
        new = read(name, "new.txt").decode("utf-8")
        body = urllib.parse.urlencode({
            "action": "compare", "format": "json", "formatversion": "2", "prop": "diff",
            "fromslots": "main", "fromtext-main": old, "fromcontentmodel-main": "wikitext",
            "toslots": "main", "totext-main": new, "tocontentmodel-main": "wikitext"}).encode()
        req = urllib.request.Request(url, data=body, headers={"User-Agent": "wikid diff-corpus"})
        answer = json.load(urllib.request.urlopen(req, timeout=600))
        if "compare" not in answer:
            sys.exit("%s: no diff: %s" % (name, json.dumps(answer)[:300]))
        write(name, "expected.html", answer["compare"]["body"].encode("utf-8"))
        print("captured", name, len(answer["compare"]["body"]))


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("generate", "capture"):
        sys.exit(__doc__ if __doc__ else "usage: diff-corpus.py generate | capture [API_URL] [CASE...]")
    if sys.argv[1] == "generate":
        generate()
        return
    args = sys.argv[2:]
    url = "http://127.0.0.1:8090/w/api.php"
    if args and args[0].startswith("http"):
        url = args.pop(0)
    capture(url, set(args))


if __name__ == "__main__":
    main()
