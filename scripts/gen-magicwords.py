#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gen-magicwords.py — write src/parser/magicwords.inc, the localized
# synonyms of magic words (parser functions, variables, behaviour
# switches, image options, #REDIRECT) of every content language, from
# MediaWiki 1.39's languages/messages/Messages*.php ($magicWords and
# $fallback) and ParserFunctions.i18n.magic.php. A synonym English
# already has is left out; registry.c and media.c add these to English's
# own when the content language is another. With `namespaces` it writes
# src/parser/nsnames.inc instead: each language's namespace names
# ($namespaceNames, its fallbacks' filling the gaps, as the localisation
# cache merges them; names made from the project name left out) and
# namespace aliases ($namespaceAliases), for lang.c. With `numbers` it
# writes src/parser/numbers.inc: each language's digits and separators
# ($digitTransformTable, $separatorTransformTable, the first in the
# fallback chain that has one, as the localisation cache takes them) and
# how it groups digits ($minimumGroupingDigits, and $digitGroupingPattern,
# of which MediaWiki 1.39 has only threes and the Indian 3-then-2).
# With `plurals` it writes src/parser/plurals.inc: each language's CLDR
# plural rules (languages/data/plurals.xml, then plurals-mediawiki.xml
# over it) for each language MediaWiki knows (a Messages file or
# interface messages); one without rules of
# its own, or with none but "other", takes its fallback's, then
# English's), for plural.c.
# With `trails` it writes src/parser/trails.inc: each language's link
# trail ($linkTrail, as a PCRE pattern of what joins the link) and, where
# $linkPrefixExtension holds, its link prefix letters ($linkPrefixCharset),
# through the fallbacks, for lang.c.
# With `grammar` it writes src/parser/grammar.inc: the {{grammar:}} rules
# of the languages that have them as data
# (languages/data/grammarTransformations/*.json), for lang.c.
# With `specialpages` it writes src/wiki/special_aliases.inc: each
# language's own names of special pages ($specialPageAliases; special.c
# walks the fallback chain), keyed by the English name.
#
#   scripts/gen-magicwords.py [MEDIAWIKI_DIR] > src/parser/magicwords.inc
#   scripts/gen-magicwords.py namespaces [MEDIAWIKI_DIR] > src/parser/nsnames.inc
#   scripts/gen-magicwords.py numbers [MEDIAWIKI_DIR] > src/parser/numbers.inc
#   scripts/gen-magicwords.py plurals [MEDIAWIKI_DIR] > src/parser/plurals.inc
#   scripts/gen-magicwords.py trails [MEDIAWIKI_DIR] > src/parser/trails.inc
#   scripts/gen-magicwords.py grammar [MEDIAWIKI_DIR] > src/parser/grammar.inc
#   scripts/gen-magicwords.py specialpages [MEDIAWIKI_DIR] > src/wiki/special_aliases.inc
#
# MEDIAWIKI_DIR defaults to /usr/share/mediawiki; the script runs `php`
# to read the arrays (the files are PHP source).
import glob
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

DUMP = r'''
$dir = $argv[1];
foreach (["NS_MEDIA" => -2, "NS_SPECIAL" => -1, "NS_MAIN" => 0, "NS_TALK" => 1, "NS_USER" => 2,
          "NS_USER_TALK" => 3, "NS_PROJECT" => 4, "NS_PROJECT_TALK" => 5, "NS_FILE" => 6,
          "NS_FILE_TALK" => 7, "NS_MEDIAWIKI" => 8, "NS_MEDIAWIKI_TALK" => 9, "NS_TEMPLATE" => 10,
          "NS_TEMPLATE_TALK" => 11, "NS_HELP" => 12, "NS_HELP_TALK" => 13, "NS_CATEGORY" => 14,
          "NS_CATEGORY_TALK" => 15, "NS_IMAGE" => 6, "NS_IMAGE_TALK" => 7] as $k => $v)
    define($k, $v);
$core = [];
foreach (glob("$dir/languages/messages/Messages*.php") as $f) {
    $magicWords = null; $fallback = null; $namespaceNames = null; $namespaceAliases = null;
    $separatorTransformTable = null; $digitTransformTable = null; $specialPageAliases = null;
    $minimumGroupingDigits = null; $digitGroupingPattern = null;
    $linkTrail = null; $linkPrefixExtension = null; $linkPrefixCharset = null;
    include $f;
    $code = strtolower(str_replace("_", "-", substr(basename($f, ".php"), 8)));
    $core[$code] = ["fallback" => $fallback, "mw" => is_array($magicWords) ? $magicWords : [],
                    "ns" => is_array($namespaceNames) ? $namespaceNames : [],
                    "nsalias" => is_array($namespaceAliases) ? $namespaceAliases : [],
                    "sep" => $separatorTransformTable, "digits" => $digitTransformTable,
                    "mingroup" => $minimumGroupingDigits, "grouping" => $digitGroupingPattern,
                    "trail" => $linkTrail, "prefixext" => $linkPrefixExtension,
                    "prefixset" => $linkPrefixCharset,
                    "special" => is_array($specialPageAliases) ? $specialPageAliases : []];
}
$magicWords = [];
include "$dir/extensions/ParserFunctions/ParserFunctions.i18n.magic.php";
echo json_encode(["core" => $core, "ext" => $magicWords], JSON_UNESCAPED_UNICODE);
'''


def c_string(s):
    """A C string literal; json's escaping is valid C for these texts."""
    return json.dumps(s, ensure_ascii=False)


def chain_of(core, code):
    """The fallback chain of `code` before English."""
    fb = core[code]["fallback"] or ""
    return [c.strip() for c in fb.split(",") if c.strip() and c.strip() != "en" and c.strip() in core]


def as_map(v):
    """A PHP array json_encode wrote as a list (keys 0..n) or an object, as a dict of strings."""
    if isinstance(v, list):
        return {str(i): x for i, x in enumerate(v)}
    return v


def namespaces(core):
    """nsnames.inc: merged namespace names and aliases of every language but English."""
    out = ["/* SPDX-License-Identifier: MIT */",
           "/*",
           " * nsnames.inc — generated by scripts/gen-magicwords.py namespaces from MediaWiki 1.39's",
           " * Messages*.php: namespace names ($namespaceNames, fallbacks filling the gaps) and",
           " * namespace aliases ($namespaceAliases) of each language, sorted by code. Do not edit.",
           " */",
           "",
           "static const struct ns_name ns_names[] = {"]
    aliases = []
    for code in sorted(core):
        if code == "en":
            continue
        names = {}
        alias = {}
        for c in [code] + chain_of(core, code):
            for k, v in as_map(core[c]["ns"]).items():
                names.setdefault(int(k), v)
            for k, v in as_map(core[c]["nsalias"]).items():
                alias.setdefault(k, v)
        for ns in sorted(names):
            name = names[ns].replace("_", " ")
            if ns == 0 or "$1" in name or not name:
                continue
            out.append("\t{ %s, %d, %s }," % (c_string(code), ns, c_string(name)))
        local = {n.replace("_", " ") for n in names.values()}
        for k in sorted(alias):
            name = k.replace("_", " ")
            if "$1" in name or name in local or not str(alias[k]).lstrip("-").isdigit():
                continue
            aliases.append((code, int(alias[k]), name))
    out.append("};")
    out.append("")
    out.append("/* Namespace aliases: language, namespace, alias. */")
    out.append("static const struct ns_name ns_aliases[] = {")
    for code, ns, name in aliases:
        out.append("\t{ %s, %d, %s }," % (c_string(code), ns, c_string(name)))
    out.append("};")
    sys.stdout.write("\n".join(out) + "\n")


def numbers(core):
    """numbers.inc: the digits and separators of every language that has its own."""
    out = ["/* SPDX-License-Identifier: MIT */",
           "/*",
           " * numbers.inc — generated by scripts/gen-magicwords.py numbers from MediaWiki 1.39's",
           " * Messages*.php: the digit zero (the others follow it), what ',' and '.' of a",
           " * formatted number become, the fewest integer digits a number needs to be grouped",
           " * beyond the first group (0: no minimum) and whether groups after the first are of",
           " * two digits (Indian), for each language whose own or fallback's tables change",
           " * something; sorted by code. Do not edit.",
           " */",
           "",
           "static const struct num_row num_rows[] = {"]
    for code in sorted(core):
        if code == "en":
            continue
        sep = digits = mingroup = grouping = None
        for c in [code] + chain_of(core, code):
            if sep is None and core[c]["sep"]:
                sep = as_map(core[c]["sep"])
            if digits is None and core[c]["digits"]:
                digits = as_map(core[c]["digits"])
            if mingroup is None and core[c]["mingroup"] is not None:
                mingroup = int(core[c]["mingroup"])
            if grouping is None and core[c]["grouping"]:
                grouping = core[c]["grouping"]
        if grouping not in (None, "#,##0.###", "#,##,##0.###"):
            sys.exit("gen-magicwords.py: %s: unknown digit grouping pattern %s" % (code, grouping))
        indian = grouping == "#,##,##0.###"
        mingroup = mingroup or 0
        zero = 0
        if digits and digits.get("0"):
            z = ord(digits["0"])
            # the parser writes digit d as zero + d: only a contiguous run of digits qualifies
            if all(len(digits.get(str(d), "")) == 1 and ord(digits[str(d)]) == z + d for d in range(10)):
                zero = z
        group = sep.get(",") if sep else None
        dec = sep.get(".") if sep else None
        if group == ",":
            group = None
        if dec == ".":
            dec = None
        if not zero and group is None and dec is None and not mingroup and not indian:
            continue
        out.append("\t{ %s, 0x%X, %s, %s, %d, %s }," % (
            c_string(code), zero, c_string(group) if group is not None else "NULL",
            c_string(dec) if dec is not None else "NULL", mingroup, "true" if indian else "false"))
    out.append("};")
    sys.stdout.write("\n".join(out) + "\n")


def plurals(core, mwdir):
    """plurals.inc: the plural rules of every language whose rules are not English's."""
    rules = {}
    for name in ("plurals.xml", "plurals-mediawiki.xml"):
        for rs in ET.parse("%s/languages/data/%s" % (mwdir, name)).getroot().iter("pluralRules"):
            conds = [(r.text or "").split("@")[0].strip() for r in rs.iter("pluralRule") if r.get("count") != "other"]
            for code in rs.get("locales").split():
                rules[code] = conds
    sets, langs = [], []
    known = set(core) | {os.path.basename(f)[:-5].lower() for f in glob.glob("%s/languages/i18n/*.json" % mwdir)}
    for code in sorted(known):
        # Language::getCompiledPluralRules: an empty list is none, and the fallbacks are asked
        chain = [code] + (chain_of(core, code) if code in core else []) + ["en"]
        mine = next(rules[c] for c in chain if rules.get(c))
        if code == "en" or mine == rules["en"]:
            continue
        if mine not in sets:
            sets.append(mine)
        langs.append((code, sets.index(mine)))
    width = max(len(x) for x in sets)
    out = ["/* SPDX-License-Identifier: MIT */",
           "/*",
           " * plurals.inc — generated by scripts/gen-magicwords.py plurals from MediaWiki 1.39's",
           " * languages/data/plurals.xml and plurals-mediawiki.xml: the CLDR plural rules (all",
           " * but \"other\", in order; a form's index is that of the first rule that holds) of",
           " * every language whose rules differ from English's, through its fallbacks (a language",
           " * whose only rule is \"other\" takes English's, as Language::getCompiledPluralRules",
           " * does). Do not edit.",
           " */",
           "",
           "#define PLURAL_RULES_MAX %d" % width,
           "",
           "static const char *const en_rules[PLURAL_RULES_MAX] = { %s };" % ", ".join(c_string(r) for r in rules["en"]),
           "",
           "static const char *const plural_sets[][PLURAL_RULES_MAX] = {"]
    for conds in sets:
        out.append("\t{ %s }," % ", ".join(c_string(r) for r in conds) if conds else "\t{ NULL },")
    out.append("};")
    out.append("")
    out.append("static const struct plural_lang plural_langs[] = {")
    for code, i in langs:
        out.append("\t{ %s, %d }," % (c_string(code), i))
    out.append("};")
    sys.stdout.write("\n".join(out) + "\n")


def trails(core):
    """trails.inc: link trail patterns and link prefix letters of languages that differ from English."""
    def first(code, key):
        for c in [code] + chain_of(core, code) + ["en"]:
            if core[c][key] is not None:
                return core[c][key]
        return None
    english = trail_group(core["en"]["trail"])
    out = ["/* SPDX-License-Identifier: MIT */",
           "/*",
           " * trails.inc — generated by scripts/gen-magicwords.py trails from MediaWiki 1.39's",
           " * Messages*.php: for each language whose link trail or link prefixes differ from",
           " * English's, through its fallbacks, what joins a link's text from the text after it",
           " * (the group of $linkTrail, a PCRE pattern; \"\" for nothing) and whether the pattern",
           " * reads UTF-8, and the letters of a link prefix ($linkPrefixCharset, a PCRE class",
           " * body) where $linkPrefixExtension holds, else NULL; sorted by code. Do not edit.",
           " */",
           "",
           "static const struct lang_row langs[] = {"]
    for code in sorted(core):
        if code == "en":
            continue
        group, utf = trail_group(first(code, "trail"))
        prefix = first(code, "prefixset") if first(code, "prefixext") else None
        if (group, utf) == english and prefix is None:
            continue
        out.append("\t{ %s, %s, %s, %s }," % (c_string(code), c_string(group), "true" if utf else "false",
                                              c_string(prefix) if prefix is not None else "NULL"))
    out.append("};")
    sys.stdout.write("\n".join(out) + "\n")


def trail_group(regex):
    """The group of a $linkTrail /^(GROUP)(.*)$/flags and whether it has the u flag."""
    body, flags = regex[1:regex.rindex("/")], regex[regex.rindex("/") + 1:]
    if regex[0] != "/" or not body.startswith("^(") or not body.endswith(")(.*)$"):
        sys.exit("gen-magicwords.py: a link trail of an unknown shape: %s" % regex)
    return body[2:-len(")(.*)$")], "u" in flags


def grammar(mwdir):
    """grammar.inc: each language's {{grammar:}} rules, in order, aliases resolved."""
    out = ["/* SPDX-License-Identifier: MIT */",
           "/*",
           " * grammar.inc — generated by scripts/gen-magicwords.py grammar from MediaWiki 1.39's",
           " * languages/data/grammarTransformations/ (a JSON file a language): for each language and",
           " * grammatical case, the rules in order (a PCRE pattern and its replacement, $1 for a",
           " * group); the first whose pattern matches the word rewrites it. Do not edit.",
           " */",
           "",
           "static const struct grammar_rule grammar_rules[] = {"]
    for f in sorted(glob.glob("%s/languages/data/grammarTransformations/*.json" % mwdir)):
        code = os.path.basename(f)[:-5]
        data = json.load(open(f, encoding="utf-8"))
        for case, rules in data.items():
            if case == "@metadata":
                continue
            if isinstance(rules, str):
                rules = data[rules]
            for rule in rules:
                if rule[0] == "@metadata":
                    continue
                out.append("\t{ %s, %s, %s, %s }," % (c_string(code), c_string(case), c_string(rule[0]),
                                                      c_string(rule[1])))
    out.append("};")
    sys.stdout.write("\n".join(out) + "\n")


def specialpages(core):
    """special_aliases.inc: the localized names of special pages, by English name."""
    english = as_map(core["en"]["special"])
    out = ["/* SPDX-License-Identifier: MIT */",
           "/*",
           " * special_aliases.inc — generated by scripts/gen-magicwords.py specialpages from",
           " * MediaWiki 1.39's Messages*.php: each language's own names of special pages",
           " * ($specialPageAliases; the first is the page's local name), by the page's English",
           " * name, sorted by language code. Do not edit.",
           " */",
           ""]
    for code in sorted(core):
        if code == "en":
            continue
        own = {k: v for k, v in as_map(core[code]["special"]).items() if k in english}
        for key in sorted(own, key=lambda k: english[k][0]):
            names = [n for n in own[key] if "|" not in n]
            if not names or names == [english[key][0]]:
                continue
            out.append("\t{ %s, %s, %s }," % (c_string(code), c_string(english[key][0]), c_string("|".join(names))))
    sys.stdout.write("\n".join(out) + "\n")


def main():
    args = sys.argv[1:]
    if args and args[0] == "grammar":
        grammar(args[1] if len(args) > 1 else "/usr/share/mediawiki")
        return
    if args and args[0] == "specialpages":
        data = json.loads(subprocess.run(["php", "-r", DUMP, args[1] if len(args) > 1 else "/usr/share/mediawiki"],
                                         check=True, capture_output=True).stdout)
        specialpages(data["core"])
        return
    want_ns = bool(args) and args[0] == "namespaces"
    want_num = bool(args) and args[0] == "numbers"
    want_plurals = bool(args) and args[0] == "plurals"
    want_trails = bool(args) and args[0] == "trails"
    if want_ns or want_num or want_plurals or want_trails:
        args = args[1:]
    mwdir = args[0] if args else "/usr/share/mediawiki"
    data = json.loads(subprocess.run(["php", "-r", DUMP, mwdir], check=True, capture_output=True).stdout)
    core, ext = data["core"], data["ext"]
    if want_ns:
        namespaces(core)
        return
    if want_num:
        numbers(core)
        return
    if want_plurals:
        plurals(core, mwdir)
        return
    if want_trails:
        trails(core)
        return
    words = {}  # code -> id -> [case, synonyms...]
    for code, v in core.items():
        words[code] = dict(v["mw"])
        for mid, syn in ext.get(code, {}).items():
            if mid in words[code]:
                words[code][mid] = words[code][mid] + syn[1:]
            else:
                words[code][mid] = syn
    english = words["en"]
    rows = []
    for code in sorted(words):
        if code == "en":
            continue
        for mid in sorted(words[code]):
            syn = words[code][mid]
            known = set(english.get(mid, [0])[1:])
            for s in syn[1:]:
                if s in known:
                    continue
                known.add(s)
                rows.append((code, mid, s, int(syn[0]) == 1))
    chains = []
    for code in sorted(core):
        fb = core[code]["fallback"]
        if fb:
            chain = [c.strip() for c in fb.split(",") if c.strip() and c.strip() != "en"]
            if chain:
                chains.append((code, ",".join(chain)))
    out = ["/* SPDX-License-Identifier: MIT */",
           "/*",
           " * magicwords.inc — generated by scripts/gen-magicwords.py from MediaWiki 1.39's",
           " * Messages*.php and ParserFunctions.i18n.magic.php: the synonyms of magic words",
           " * that a content language has beyond English's, and the fallback languages whose",
           " * synonyms it has too. Do not edit.",
           " */",
           "",
           "/* Content language -> its fallbacks before English, comma-separated; sorted by code. */",
           "static const struct mw_fallback mw_fallbacks[] = {"]
    for code, chain in chains:
        out.append("\t{ %s, %s }," % (c_string(code), c_string(chain)))
    out.append("};")
    out.append("")
    out.append("/* Localized synonyms, sorted by language code: language, magic word id, synonym, case-sensitive. */")
    out.append("static const struct mw_synonym mw_synonyms[] = {")
    for code, mid, s, cs in rows:
        out.append("\t{ %s, %s, %s, %s }," % (c_string(code), c_string(mid), c_string(s), "true" if cs else "false"))
    out.append("};")
    sys.stdout.write("\n".join(out) + "\n")


main()
