#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# messages.py — check the message table against the code that uses it.
#
#   tests/messages.py [-v]
#
# Reads src/api/messages.def and every .c/.h file under src/, and reports:
#   - a message key the code uses that has no text: a string literal that
#     has the shape of a MediaWiki message key ("apierror-...",
#     "paramvalidator-...", "title-invalid-..." and the other prefixes
#     below), the key argument of api_error/api_warn/api_warn_for/api_msg
#     and the account helpers, and the "apierror-<code>"/"apiwarn-<code>"
#     keys that api_error/api_warn derive from a literal code when the key
#     is NULL;
#   - a call that passes fewer parameters than the highest $N its
#     message's text mentions (the text would show an empty hole), or
#     passes "" for a $N the text shows.
# A text may leave a parameter out on purpose (MediaWiki passes some that
# our wording does not need); that is not a finding.
# Keys that only exist at run time (computed, or passed through variables)
# are checked by the API tests instead: tests/api/run.py fails any
# response that shows a key without text ("⧼key⧽").
# Prints one line per finding, then "messages: N keys, M calls checked,
# K findings". Exit status 1 when there is a finding.
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# Literals with these prefixes are message keys wherever they appear.
KEY_PREFIXES = ("apierror-", "apiwarn-", "paramvalidator-", "api-usage-", "api-login-", "authmanager-",
                "authpage-", "title-invalid-", "tags-", "badaccess-", "api-help-", "apihelp-")

# Call forms: function name -> (index of the code argument or None,
# index of the key argument, index of the first message parameter or None,
# prefix for a key derived from the code when the key is NULL).
CALLS = {
    "api_error": (1, 2, 3, "apierror-"),
    "api_warn": (1, 2, 3, "apiwarn-"),
    "api_warn_for": (2, 3, 4, "apiwarn-"),
    "api_msg": (None, 1, None, None),
    "account_add_reason": (None, 4, 5, None),
    "account_auth_fail": (None, 4, 5, None),
}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def load_messages():
    table = {}
    for m in re.finditer(r'^MSG\("([^"]*)",\s*"((?:[^"\\]|\\.)*)"\)', read(os.path.join(ROOT, "src/api/messages.def")),
                         re.M):
        table[m.group(1)] = m.group(2)
    return table


def strip_comments(src):
    """Blank out comments, keeping string literals and line numbers."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(src, start):
    """Arguments of the call whose "(" is at `start`: (list of texts, end index)."""
    depth, i, args, cur = 0, start, [], []
    while i < len(src):
        c = src[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < len(src) and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            cur.append(src[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
            if depth > 1:
                cur.append(c)
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i
            cur.append(c)
        elif c == "," and depth == 1:
            args.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    return args, i


def literal(arg):
    m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', arg)
    return m.group(1) if m else None


def placeholders(text):
    return sorted({int(d) for d in re.findall(r"\$([1-9])", text)})


def main():
    verbose = "-v" in sys.argv
    table = load_messages()
    findings = []
    calls = 0
    for dirpath, _, files in os.walk(os.path.join(ROOT, "src")):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, ROOT)
            if rel.endswith("messages.c"):
                continue
            src = strip_comments(read(path))

            def where(pos):
                return "%s:%d" % (rel, src.count("\n", 0, pos) + 1)

            # Every literal shaped like a message key must be one.
            for m in re.finditer(r'"([a-z][a-z0-9-]*)"', src):
                lit = m.group(1)
                if lit.startswith(KEY_PREFIXES) and not lit.endswith("-") and lit not in table:
                    findings.append("%s: message \"%s\" has no text in messages.def" % (where(m.start()), lit))
            # The calls: keys derived from codes, and parameter counts.
            for m in re.finditer(r"\b(%s)\s*\(" % "|".join(CALLS), src):
                code_i, key_i, par_i, prefix = CALLS[m.group(1)]
                args, _ = split_args(src, m.end() - 1)
                if len(args) <= key_i:
                    continue
                key = literal(args[key_i])
                if key is None and args[key_i] == "NULL" and code_i is not None:
                    code = literal(args[code_i])
                    key = prefix + code if code is not None else None
                    if key is not None and key not in table:
                        findings.append("%s: %s(\"%s\", NULL) needs message \"%s\"" %
                                        (where(m.start()), m.group(1), code, key))
                elif key is not None and key not in table:
                    findings.append("%s: message \"%s\" has no text in messages.def" % (where(m.start()), key))
                if key is None or key not in table or par_i is None:
                    continue
                params = args[par_i:]
                # A NULL-terminated list (account helpers) or a trailing NULL ends the parameters.
                if "NULL" in params:
                    params = params[:params.index("NULL")]
                calls += 1
                need = placeholders(table[key])
                if need and need[-1] > len(params):
                    findings.append("%s: \"%s\" shows $%d but the call passes %d parameter(s)" %
                                    (where(m.start()), key, need[-1], len(params)))
                for n in need:
                    if n <= len(params) and params[n - 1] == '""':
                        findings.append("%s: \"%s\" shows $%d, which the call passes as \"\"" %
                                        (where(m.start()), key, n))
    for f in findings:
        print(f)
    if verbose:
        print("messages: keys in the table: %d" % len(table))
    print("messages: %d keys, %d calls checked, %d findings" % (len(table), calls, len(findings)))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
