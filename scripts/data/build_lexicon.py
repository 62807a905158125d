#!/usr/bin/env python3
"""Build lexicons/fr-en/lexicon.tsv, the French -> English lexicon of `precis gloss`.

Sources (read at development time only):
  * French Wiktionary translations, dump of 2014-06-12 (CC BY-SA 3.0):
    frwiktionary-20140612-fr-en.csv, lines `french;POS;TR-FR-EN;english;POS;`
    (POS S noun, V verb, J adjective, D adverb). Glosses come unordered.
  * Apertium fra-eng bilingual dictionary (GPL-3.0): apertium-fra-eng.fra-eng.dix.
  * Our curated supplement lexicons/fr-en/news-supplement.tsv (this project's own work);
    a supplement line replaces the merged entry of the same (headword, pos).

Sense ranking (Wiktionary is unordered, Apertium's entries are listed in English order):
every candidate gloss g of (headword, pos) gets
    zipf(g)                      English frequency (wordfreq, Zipf scale 0..8)
  + 1.0 if both Wiktionary and Apertium give g (agreement of two independent sources)
  + 0.4 if g looks like a cognate of the headword (government/gouvernement)
  - 0.7 per extra word when a single-word candidate exists
  - 1.5 if g is capitalised while the headword is not a name (proper-noun senses)
  - 2.0 for odd glosses (digits, brackets); suffix fragments (`-s`) are dropped
and the best 4 (case-insensitively distinct) are kept, likeliest first. Without wordfreq
installed the frequency term is 0 and the ranking falls back on the other terms
(the committed file was built with wordfreq 3.1.1).

Usage:
  pip install wordfreq            # dev time only (Apache-2.0 code, data CC BY-SA 4.0)
  python3 scripts/data/build_lexicon.py [--data $PRECIS_SHARED/lexicon-sources] [--out lexicons/fr-en/lexicon.tsv]
"""
from __future__ import annotations

import argparse
import collections
import difflib
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

from udfrench import ROOT, SHARED_DATA  # noqa: E402

DEFAULT_DATA = os.path.join(SHARED_DATA, "lexicon-sources")
WIKT_FILE = "frwiktionary-20140612-fr-en.csv"
APERTIUM_FILE = "apertium-fra-eng.fra-eng.dix"
SUPPLEMENT = os.path.join(ROOT, "lexicons", "fr-en", "news-supplement.tsv")
OUT = os.path.join(ROOT, "lexicons", "fr-en", "lexicon.tsv")
MAX_GLOSSES = 4
POSES = ("noun", "verb", "adjective", "adverb", "phrase", "name", "other")

WIKT_POS = {"S": "noun", "V": "verb", "J": "adjective", "D": "adverb"}
APERTIUM_POS = {"n": "noun", "vblex": "verb", "vbmod": "verb", "vbser": "verb", "vbhaver": "verb",
                "vaux": "verb", "adj": "adjective", "adv": "adverb", "preadv": "adverb", "np": "name"}
# Function words allowed in lower case inside a capitalised name ("Corée du Nord").
NAME_LINKS = {"de", "du", "des", "la", "le", "les", "l'", "d'", "et", "en", "sur", "aux", "au"}

try:  # optional at build time; the ranking degrades gracefully without it
    from wordfreq import zipf_frequency as _zipf
except ImportError:  # pragma: no cover
    _zipf = None


def zipf(text: str) -> float:
    return _zipf(text, "en") if _zipf else 0.0


def norm_headword(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u02bc", "'").replace("\u2018", "'")
    return " ".join(text.lower().split())


def clean_gloss(text: str, pos: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\t", " ").replace("|", "/")
    text = " ".join(text.split())
    if pos == "verb" and text.lower().startswith("to ") and len(text) > 3:
        text = text[3:]
    return text


def deaccent(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def looks_like_name(french: str) -> bool:
    """Capitalised French term all of whose content words are capitalised (Royaume-Uni,
    Corée du Nord) -- a proper noun rather than `Premier ministre`."""
    words = french.replace("’", "'").split()
    if not words or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in NAME_LINKS or not w[:1].isalpha() for w in words)


# ---------------------------------------------------------------- sources

def read_wiktionary(path: str) -> dict[tuple[str, str], list[str]]:
    entries: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            if len(fields) < 5 or fields[2] != "TR-FR-EN":
                continue
            french, pos, english = fields[0].strip(), WIKT_POS.get(fields[1], "other"), fields[3]
            if pos == "noun" and looks_like_name(french) and english[:1].isupper():
                pos = "name"
            head = norm_headword(french)
            gloss = clean_gloss(english, pos)
            if head and gloss and gloss not in entries[(head, pos)]:
                entries[(head, pos)].append(gloss)
    return dict(entries)


def _side_text(side: ET.Element) -> str:
    """Text of an <l> or <r> element: <b/> is a blank, <g> groups the rest of a
    multi-word, <s> tags are skipped, <j/> joins."""
    parts = [side.text or ""]
    for child in side:
        if child.tag == "b":
            parts.append(" ")
        elif child.tag == "g":
            parts.append(_side_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# English-side lemmas that Apertium resolves in generation; they are not words.
APERTIUM_PLACEHOLDERS = {"prpers"}


def read_apertium(path: str, keep_same_names: bool = False) -> dict[tuple[str, str], list[str]]:
    """French -> English entries (entries restricted to English -> French, r="RL", are skipped).
    Proper nouns: only toponyms, organisations and `al` names whose English differs."""
    entries: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    root = ET.parse(path).getroot()
    for e in root.iter("e"):
        if e.get("r") == "RL":
            continue
        l, r = e.find("p/l"), e.find("p/r")
        if l is None or r is None:
            continue  # <i> identity entries or <par> references: none in fra-eng's bidix
        tags = [s.get("n") for s in l.iter("s")]
        if not tags:
            continue
        pos = APERTIUM_POS.get(tags[0], "other")
        french, english = _side_text(l).strip(), _side_text(r).strip()
        if not french or not english:
            continue
        if english in APERTIUM_PLACEHOLDERS:
            continue  # "prpers": Apertium's personal-pronoun lemma, not an English word
        if pos == "name":
            if "ant" in tags or "cog" in tags:
                continue  # first names and surnames: nothing to gloss
            if not keep_same_names and deaccent(french).lower() == deaccent(english).lower():
                continue
        head = norm_headword(french)
        gloss = clean_gloss(english, pos)
        if head and gloss and gloss not in entries[(head, pos)]:
            entries[(head, pos)].append(gloss)
    return dict(entries)


def read_supplement(path: str) -> dict[tuple[str, str], list[str]]:
    entries: dict[tuple[str, str], list[str]] = {}
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3:
                sys.exit(f"{path}:{number}: expected headword<TAB>pos<TAB>glosses")
            head, pos = norm_headword(fields[0]), fields[1].strip()
            if pos not in POSES:
                sys.exit(f"{path}:{number}: unknown pos {pos!r}")
            glosses = [clean_gloss(g, pos) for g in fields[2].split("|")]
            glosses = [g for g in glosses if g]
            if (head, pos) in entries:
                sys.exit(f"{path}:{number}: duplicate entry {head!r} {pos}")
            entries[(head, pos)] = glosses
    return entries


# ---------------------------------------------------------------- ranking

def gloss_score(head: str, pos: str, gloss: str, both: set[str], has_single: bool) -> float:
    low = gloss.lower()
    score = zipf(low)
    if low in both:
        score += 1.0
    plain_head = deaccent(head)
    if difflib.SequenceMatcher(None, plain_head, deaccent(low)).ratio() >= 0.75:
        score += 0.4
    words = len(low.split())
    if has_single and words > 1:
        score -= 0.7 * (words - 1)
    if pos != "name" and gloss[:1].isupper() and not head[:1].isupper():
        score -= 1.5
    if re.search(r"[0-9()\[\]]", gloss) or low.startswith("-") or low.endswith("-"):
        score -= 2.0
    return score


def rank(head: str, pos: str, wikt: list[str], apert: list[str]) -> list[str]:
    candidates: list[str] = []
    seen: set[str] = set()
    for g in wikt + apert:
        if g.lower() not in seen:
            seen.add(g.lower())
            candidates.append(g)
    # Suffix-like glosses (`-s`, `-year-old`) are fragments, not translations.
    candidates = [g for g in candidates if not g.startswith("-") and not g.endswith("-")]
    both = {g.lower() for g in apert} & {g.lower() for g in wikt}
    has_single = any(len(g.split()) == 1 for g in candidates)
    scored = sorted(candidates, key=lambda g: (-gloss_score(head, pos, g, both, has_single), g.lower()))
    return scored[:MAX_GLOSSES]


def merge(wikt: dict, apert: dict, supplement: dict) -> dict[tuple[str, str], list[str]]:
    merged: dict[tuple[str, str], list[str]] = {}
    for key in set(wikt) | set(apert):
        head, pos = key
        if not head or head.startswith("#") or "\t" in head:
            continue
        glosses = rank(head, pos, wikt.get(key, []), apert.get(key, []))
        if glosses:
            merged[key] = glosses
    for key, glosses in supplement.items():  # the curated supplement always wins
        out, seen = [], set()
        for g in glosses:
            if g.lower() not in seen:
                seen.add(g.lower())
                out.append(g)
        merged[key] = out[:MAX_GLOSSES]
    return merged


def sort_key(item) -> bytes:
    (head, pos), _ = item
    return (head + "\t" + pos).encode("utf-8")


def build(data: str, sources=("wiktionary", "apertium", "supplement"), supplement_path: str = SUPPLEMENT):
    wikt = read_wiktionary(os.path.join(data, WIKT_FILE)) if "wiktionary" in sources else {}
    apert = read_apertium(os.path.join(data, APERTIUM_FILE)) if "apertium" in sources else {}
    supp = read_supplement(supplement_path) if "supplement" in sources else {}
    return merge(wikt, apert, supp), wikt, apert, supp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="folder with the Wiktionary CSV and the Apertium .dix")
    ap.add_argument("--supplement", default=SUPPLEMENT)
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    if _zipf is None:
        print("warning: wordfreq not installed; glosses ranked without English frequencies", file=sys.stderr)
    merged, wikt, apert, supp = build(args.data, supplement_path=args.supplement)
    counts = collections.Counter(pos for _, pos in merged)
    heads = {h for h, _ in merged}
    multi = sum(1 for h in heads if " " in h)
    in_both = sum(1 for k in merged if k in wikt and k in apert)
    lines = [
        "# lexicons/fr-en/lexicon.tsv -- French -> English lexicon for `precis gloss`.",
        "# Format: headword<TAB>pos<TAB>gloss1|gloss2|... (at most 4 glosses, likeliest first);",
        "# headword lower-case NFC, straight apostrophes, single spaces; lines sorted by the UTF-8 bytes",
        "# of `headword<TAB>pos` (LC_ALL=C order) -- the file is binary-searched in place.",
        "# pos: noun verb adjective adverb phrase name other.",
        "# Sources: French Wiktionary translations (dump 2014-06-12, CC BY-SA 3.0, extracted by",
        "#   frwiktionary-extractor, MIT); Apertium apertium-fra-eng bilingual dictionary (GPL-3.0,",
        "#   see /work/shared/data/lexicon-sources/apertium-fra-eng-COPYING.txt);",
        "#   lexicons/fr-en/news-supplement.tsv (this project's own, MIT-compatible), which wins.",
        "# Licence of this merged file: GPL-3.0 (Apertium part) AND CC BY-SA 3.0 (Wiktionary part).",
        "# Ranking: English word frequencies from wordfreq " + _wordfreq_version() +
        " (Apache-2.0 code; data CC BY-SA 4.0), used only to order glosses.",
        "# version: 1",
        "# Rebuild: pip install wordfreq && python3 scripts/data/build_lexicon.py",
        f"# Entries: {len(merged)} lines, {len(heads)} headwords ({multi} multi-word); by pos: "
        + ", ".join(f"{p} {counts[p]}" for p in POSES if counts[p]) + ".",
        f"# From Wiktionary {sum(1 for k in merged if k in wikt)}, Apertium {sum(1 for k in merged if k in apert)}"
        f" (both {in_both}), supplement {len(supp)} (of which {sum(1 for k in supp if k not in wikt and k not in apert)} new).",
    ]
    body = []
    for (head, pos), glosses in sorted(merged.items(), key=sort_key):
        assert "\t" not in head and not any("|" in g or "\t" in g for g in glosses)
        body.append(f"{head}\t{pos}\t{'|'.join(glosses)}")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines + body) + "\n")
    print(f"wrote {args.out}: {len(body)} entries, {os.path.getsize(args.out)} bytes", file=sys.stderr)


def _wordfreq_version() -> str:
    try:
        from importlib.metadata import version
        return version("wordfreq")
    except Exception:
        return "(not installed)"


if __name__ == "__main__":
    main()
