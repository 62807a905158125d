#!/usr/bin/env python3
"""Generate the ROUGE reference fixture for Precis' Swift ROUGE unit test (dev-time tool).

Scores a fixed list of (candidate, reference) pairs, written below, with Google's
`rouge-score` package (pip install rouge-score) and writes

    Tests/PrecisSummarizeTests/Fixtures/rouge-reference.json

as {"generator": "...", "tokenizer": "...", "pairs": [{"candidate", "reference",
"rouge1": {"p","r","f"}, "rouge2": {...}, "rougeL": {...}}, ...]}.

Settings, which the Swift implementation must reproduce:
  * ROUGE-1, ROUGE-2 (clipped n-gram counts) and ROUGE-L (the `rougeL` type: one
    LCS over the whole text, NOT the sentence-level `rougeLsum`);
  * no stemming, no stop-word removal;
  * tokens = lower-cased maximal runs of Unicode letters and digits, i.e.
    re.findall(r"[^\\W_]+", text.lower()). In Python 3.11 (Unicode 14) `[^\\W_]`
    matches exactly the code points of general category L* or N* (checked over
    all code points by --check-tokenizer), so accents are kept, `_` and all
    punctuation separate tokens (l’équipe -> l, équipe; 2.600 -> 2, 600).
    Caveat: combining marks (category M) are NOT letters here, so text in NFD
    ("e" + U+0301) splits inside the word; the fixture pairs are all NFC;
  * P = matches / candidate count, R = matches / reference count,
    F = 2PR / (P + R), and 0 when P + R = 0 (e.g. empty candidate).

The token lists of every pair are printed so the tokenizer can be eyeballed.

Example:
    pip install rouge-score
    python3 scripts/data/rouge_reference.py            # writes the fixture
    python3 scripts/data/rouge_reference.py --out "$WORK/x.json" --check-tokenizer
"""

import argparse
import json
import re
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

from rouge_score import rouge_scorer

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "Tests" / "PrecisSummarizeTests" / "Fixtures" / "rouge-reference.json"

TOKEN_RE = re.compile(r"[^\W_]+")
ROUGE_TYPES = ["rouge1", "rouge2", "rougeL"]


class LetterDigitTokenizer:
    """Lower-cased maximal runs of Unicode letters and digits (no stemming)."""

    def tokenize(self, text):
        return TOKEN_RE.findall(text.lower())


# The first two sentences of ../shared/examples/alibaba-cebit.txt (typographic ’ kept).
ALIBABA_LEAD = (
    "De passage en Europe à l’occasion du CeBIT, Jack Ma a effectué une étape en France. "
    "Mercredi (18 mars), le président d’Alibaba a rencontré le Président de la République "
    "François Hollande à l’Elysée."
)
# A hand-written abstract of the same article, in the style of OrangeSum gold abstracts.
ALIBABA_ABSTRACT = (
    "Jack Ma, le patron d'Alibaba, a rencontré François Hollande à l'Elysée mercredi 18 mars. "
    "Le groupe chinois compte ouvrir en octobre une « ambassade » à Paris pour aider les "
    "entreprises françaises à vendre leurs produits en Chine."
)

PAIRS = [
    # accents, case
    ("Le Président a rencontré les élèves à l'école mercredi.",
     "Le président de la République a rencontré des élèves d'une école élémentaire."),
    # elisions: typographic ’ in the candidate, ASCII ' in the reference
    ("L’équipe de France s’est qualifiée grâce à l’attaquant.",
     "L'équipe de France s'est qualifiée pour la finale d'hier."),
    # numbers with French thousands separator and decimal comma
    ("Le navire peut contenir plus de 2.600 passagers et mesure 275 m.",
     "Le paquebot, long de 275 m, transportait 2 600 passagers, soit 3,5 fois plus qu'en 2019."),
    # identical
    ("Quatre personnes ont été blessées dimanche 2 juin à Venise.",
     "Quatre personnes ont été blessées dimanche 2 juin à Venise."),
    # disjoint
    ("Le gouvernement présente son budget.",
     "Une tempête frappe la Bretagne ce week-end."),
    # empty candidate
    ("",
     "Le bateau de croisière a percuté un quai dans le port de Venise."),
    # repeated words: clipped unigram counts, LCS with repeats
    ("le le le le chat chat",
     "le chat mange le poisson"),
    # repeated bigrams: clipped bigram counts
    ("de la de la de la ville",
     "la maison de la ville de la mer"),
    # underscore, hyphen, punctuation-only tokens, upper case with accents
    ("COVID_19 : l’OMS s’inquiète ! ÉTÉ « 2020 »…",
     "Covid-19 : l'OMS s'inquiète de l'été 2020."),
    # candidate made only of punctuation (no tokens)
    ("… « » — !",
     "Un candidat sans aucun mot."),
    # longer realistic pair: lead of the Alibaba article vs a written abstract
    (ALIBABA_LEAD, ALIBABA_ABSTRACT),
]


def check_tokenizer():
    """Verify `[^\\W_]` == Unicode categories L* and N* over all code points."""
    pat = re.compile(r"[^\W_]")
    mismatches = []
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if bool(pat.fullmatch(ch)) != (unicodedata.category(ch)[0] in "LN"):
            mismatches.append(cp)
    print(f"tokenizer check (Unicode {unicodedata.unidata_version}): "
          f"{len(mismatches)} code points where [^\\W_] differs from categories L*/N*",
          file=sys.stderr)
    for cp in mismatches[:20]:
        print(f"  U+{cp:04X} {unicodedata.category(chr(cp))}", file=sys.stderr)
    return not mismatches


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help=f"fixture path (default: {DEFAULT_OUT})")
    ap.add_argument("--check-tokenizer", action="store_true",
                    help="also check [^\\W_] against Unicode categories L*/N* for every code point")
    args = ap.parse_args(argv)

    if args.check_tokenizer and not check_tokenizer():
        return 1

    tok = LetterDigitTokenizer()
    scorer = rouge_scorer.RougeScorer(ROUGE_TYPES, use_stemmer=False, tokenizer=tok)
    rs_version = version("rouge-score")

    out_pairs = []
    for i, (cand, ref) in enumerate(PAIRS):
        # rouge-score's signature is score(target, prediction): reference first.
        scores = scorer.score(ref, cand)
        print(f"[{i}] candidate tokens: {tok.tokenize(cand)}")
        print(f"    reference tokens: {tok.tokenize(ref)}")
        entry = {"candidate": cand, "reference": ref}
        for t in ROUGE_TYPES:
            s = scores[t]
            entry[t] = {"p": s.precision, "r": s.recall, "f": s.fmeasure}
        print("    " + "  ".join(
            f"{t} P={entry[t]['p']:.4f} R={entry[t]['r']:.4f} F={entry[t]['f']:.4f}"
            for t in ROUGE_TYPES))
        out_pairs.append(entry)

    doc = {
        "generator": (f"rouge-score {rs_version} (rouge_scorer.RougeScorer({ROUGE_TYPES}, "
                      f"use_stemmer=False, tokenizer=re.findall(r'[^\\W_]+', text.lower()))), "
                      f"Python {sys.version.split()[0]}, Unicode {unicodedata.unidata_version}; "
                      f"scripts/data/rouge_reference.py"),
        "tokenizer": "lower-cased maximal runs of Unicode letters and digits (categories L*, N*); "
                     "no stemming; rougeL is whole-text LCS (not rougeLsum)",
        "pairs": out_pairs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(out_pairs)} pairs to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
