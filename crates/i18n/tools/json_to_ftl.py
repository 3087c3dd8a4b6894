#!/usr/bin/env python3
"""Converts Tandem's flat JSON locale files to Project Fluent (.ftl) files, the ones the
tandem-i18n loader reads (crates/i18n/locales/LANG/AREA.ftl, registered in crates/i18n/src/lib.rs).

Kept in the repository because strings are still sometimes written as JSON first (`key -> text`,
`{name}` placeholders, a count as two keys `X.one` / `X.other`) and converted when merged.

Convert one area (both languages; appends to the FTL files the loader already registers, and
refuses a message id that is already there):

    python3 crates/i18n/tools/json_to_ftl.py crates/i18n/locales/words.en-GB.json \
        crates/i18n/locales/words.nl-NL.json
    git rm crates/i18n/locales/words.en-GB.json crates/i18n/locales/words.nl-NL.json
    cargo nextest run -p tandem-i18n

(`--remove-json` deletes the converted JSON files itself; `--all` converts every
`crates/i18n/locales/*.json` pair, which is how the tree was converted once.)
A new area (one not yet registered) also needs its two `include_str!` lines in
crates/i18n/src/lib.rs (`AREAS`).

What it does, so that `I18n::t("a.b.c")` keeps working unchanged:
- message ids: Fluent ids are `[a-zA-Z][a-zA-Z0-9_-]*`, Tandem keys are dotted. The mapping is
  reversible: `-` -> `--`, `/` -> `__`, `.` -> `-` (so `lists-b.audit.more` is `lists--b-audit-more`).
  `tandem_i18n::fluent_id` / `tandem_i18n::key_of` are the same mapping in Rust; every key is
  checked to round-trip.
- `{name}` -> `{ $name }`; any other `{` or `}` is escaped as `{ "{" }` / `{ "}" }`; a line
  starting with `[`, `*` or `.`, and leading or trailing white space, are escaped as string
  literals; text of several lines becomes an indented block.
- `X.one` + `X.other` (and any of `X.zero/.two/.few/.many` beside them) become ONE message `X`
  selecting on `$count` by CLDR plural rules (`*[other]` is the default). Callers should use the
  merged key with a `count` argument; the loader still answers `X.one` / `X.other` with message
  `X`, so code written against the pair keeps working.

Python 3 standard library only.
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LOCALES = os.path.normpath(os.path.join(HERE, "..", "locales"))
LANGS = ("en-GB", "nl-NL")
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_-]*)\}")
FLUENT_ID = re.compile(r"^[a-zA-Z][a-zA-Z0-9_-]*$")
# The area of the language-only files (`en-GB.json`).
CORE_AREA = "core"


def fluent_id(key):
    """The Fluent message id of a Tandem key (reversible, see key_of)."""
    return key.replace("-", "--").replace("/", "__").replace(".", "-")


def key_of(ident):
    """The Tandem key of a Fluent message id."""
    out, i = [], 0
    while i < len(ident):
        pair = ident[i : i + 2]
        if pair == "--":
            out.append("-")
            i += 2
        elif pair == "__":
            out.append("/")
            i += 2
        elif ident[i] == "-":
            out.append(".")
            i += 1
        else:
            out.append(ident[i])
            i += 1
    return "".join(out)


def literal(text):
    """A Fluent string-literal placeable holding `text` exactly."""
    body = []
    for ch in text:
        if ch in '"\\':
            body.append("\\" + ch)
        elif ch.isspace() and ch != " " or ord(ch) < 0x20:
            body.append("\\u%04X" % ord(ch))
        else:
            body.append(ch)
    return '{ "' + "".join(body) + '" }'


def line_pattern(line):
    """One line of text as Fluent pattern source (no line breaks in `line`)."""
    if line == "":
        return literal("")
    stripped = line.strip(" \t")
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    trail = line[len(lead) + len(stripped) :]
    parts = []
    pos = 0
    for m in PLACEHOLDER.finditer(stripped):
        parts.append(("text", stripped[pos : m.start()]))
        parts.append(("var", m.group(1)))
        pos = m.end()
    parts.append(("text", stripped[pos:]))
    out = []
    if lead:
        out.append(literal(lead))
    first = True
    for kind, value in parts:
        if kind == "var":
            out.append("{ $" + value + " }")
            first = False
            continue
        if not value:
            continue
        if first and not lead and value[0] in "[*.":
            out.append(literal(value[0]))
            value = value[1:]
        first = False
        out.append(value.replace("{", "\0{").replace("}", "\0}")
                   .replace("\0{", literal("{")).replace("\0}", literal("}")))
    if trail:
        out.append(literal(trail))
    return "".join(out)


def pattern_lines(text):
    """The text as a list of pattern lines (one for single-line text)."""
    return [line_pattern(line) for line in text.replace("\r\n", "\n").split("\n")]


def value_source(text, indent):
    """`= value` source for a message or variant: inline when one line, else a block."""
    lines = pattern_lines(text)
    if len(lines) == 1:
        return " " + lines[0]
    pad = " " * indent
    return "\n" + "\n".join(pad + line for line in lines)


def plural_groups(table):
    """Keys `X.cat` that form a plural message `X` (needs `X.other` and one more category)."""
    bases = {}
    for key in table:
        base, _, cat = key.rpartition(".")
        if base and cat in CATEGORIES:
            bases.setdefault(base, []).append(cat)
    return {
        base: cats
        for base, cats in bases.items()
        if "other" in cats and len(cats) > 1 and base not in table
    }


def messages(table, name):
    """(key, FTL source) of every message of one JSON table, in the table's order."""
    groups = plural_groups(table)
    done = set()
    out = []
    for key, text in table.items():
        if not isinstance(text, str):
            sys.exit(f"{name}: {key} is not a string")
        base, _, cat = key.rpartition(".")
        if base in groups and cat in groups[base]:
            if base in done:
                continue
            done.add(base)
            variants = []
            for c in CATEGORIES:
                if c in groups[base]:
                    star = "*" if c == "other" else " "
                    variants.append(
                        f"       {star}[{c}]" + value_source(table[f"{base}.{c}"], 12)
                    )
            source = (
                f"{check_id(base, name)} =\n    {{ $count ->\n"
                + "\n".join(variants)
                + "\n    }\n"
            )
            out.append((base, source))
        else:
            out.append((key, f"{check_id(key, name)} =" + value_source(text, 4) + "\n"))
    return out


def check_id(key, name):
    ident = fluent_id(key)
    if not FLUENT_ID.match(ident) or key_of(ident) != key:
        sys.exit(f"{name}: key {key!r} has no reversible Fluent id (got {ident!r})")
    return ident


def area_and_lang(path):
    base = os.path.basename(path)
    if not base.endswith(".json"):
        sys.exit(f"{path}: not a .json locale file")
    stem = base[: -len(".json")]
    for lang in LANGS:
        if stem == lang:
            return CORE_AREA, lang
        if stem.endswith("." + lang):
            return stem[: -len(lang) - 1], lang
    sys.exit(f"{path}: name is neither AREA.LANG.json nor LANG.json for {LANGS}")


EXISTING_ID = re.compile(r"^([a-zA-Z][a-zA-Z0-9_-]*) *=", re.M)


def convert(path, out_dir):
    area, lang = area_and_lang(path)
    with open(path, encoding="utf-8") as f:
        table = json.load(f)
    if not isinstance(table, dict):
        sys.exit(f"{path}: not a JSON object")
    target = os.path.join(out_dir, lang, area + ".ftl")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    existing = ""
    if os.path.exists(target):
        with open(target, encoding="utf-8") as f:
            existing = f.read()
    have = set(EXISTING_ID.findall(existing))
    msgs = messages(table, path)
    clash = [key for key, _ in msgs if fluent_id(key) in have]
    if clash:
        sys.exit(f"{path}: already in {target}: {', '.join(clash)}")
    body = "\n".join(src for _, src in msgs)
    if existing.strip():
        text = existing.rstrip("\n") + "\n\n" + body
    else:
        text = body
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{path} -> {target}: {len(msgs)} message(s)")
    return target


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="AREA.en-GB.json AREA.nl-NL.json")
    ap.add_argument("--all", action="store_true", help="every JSON file in the locales dir")
    ap.add_argument("--out", default=LOCALES, help="locales dir (default: %(default)s)")
    ap.add_argument("--remove-json", action="store_true", help="delete the JSON once converted")
    args = ap.parse_args()
    files = args.files
    if args.all:
        files = sorted(
            os.path.join(LOCALES, n) for n in os.listdir(LOCALES) if n.endswith(".json")
        )
    if not files:
        ap.error("name an area's JSON files, or --all")
    for path in files:
        convert(path, args.out)
        if args.remove_json:
            os.remove(path)


if __name__ == "__main__":
    main()
