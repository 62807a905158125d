#!/usr/bin/env python3
"""Gloss coverage of Precis on a folder of articles (dev-time measurement).

    python3 scripts/eval/make_eval_set.py --split valid --out "$WORK"      # once
    python3 scripts/eval/gloss_coverage.py "$WORK/docs" [--precis .build/release/precis] [--top 40]

Runs `precis analyze` on every file and counts content-word occurrences: tokens whose kind
(from Precis's own tagger and lemmatiser) is noun, verb, adjective or adverb. Coverage is
the share of them that receive an English gloss. Nothing is dropped from the count: names
(kind "name") and numbers are reported apart, not excluded silently.
"""
import argparse, collections, os, subprocess

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("folder")
ap.add_argument("--precis", default=".build/release/precis")
ap.add_argument("--top", type=int, default=40)
args = ap.parse_args()

content = {"noun", "verb", "adjective", "adverb"}
total = glossed = names_glossed = 0
by_kind = collections.Counter()
glossed_by_kind = collections.Counter()
other = collections.Counter()
missing = collections.Counter()
for name in sorted(os.listdir(args.folder)):
    out = subprocess.run([args.precis, "analyze", os.path.join(args.folder, name)], capture_output=True, text=True)
    for line in out.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) != 4:
            continue
        form, lemma, kind, gloss = fields
        if kind in content:
            total += 1
            by_kind[kind] += 1
            if gloss:
                glossed += 1
                glossed_by_kind[kind] += 1
            else:
                missing[(lemma, kind)] += 1
        else:
            other[kind] += 1
            if kind == "name":
                names_glossed += bool(gloss)
print(f"content-word occurrences: {total}, glossed: {glossed} ({100 * glossed / max(total, 1):.2f}%)")
for kind in sorted(by_kind):
    print(f"  {kind}: {by_kind[kind]} ({100 * glossed_by_kind[kind] / by_kind[kind]:.2f}% glossed)")
print("other kinds (not counted as content words):", dict(other))
n = other["name"]
print(f"names: {n} occurrences, {names_glossed} glossed; counting names as content words too: "
      f"{100 * (glossed + names_glossed) / max(total + n, 1):.2f}%")
print(f"\ntop {args.top} unglossed lemmas:")
for (lemma, kind), n in missing.most_common(args.top):
    print(f"  {n:5d} {lemma} ({kind})")
