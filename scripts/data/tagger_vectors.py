#!/usr/bin/env python3
"""Write models/tagger-fr.testvectors.tsv: test vectors for the Swift port of the tagger.

30 sentences of UD French-Sequoia dev (the first 30 with at least 5 words, in file order),
tokens = UD syntactic words (du -> de le), each tagged by the Python tagger of
scripts/data/train_tagger.py loaded from the exported models/tagger-fr.tsv (the rounded, pruned
weights the Swift side reads), as token<TAB>predicted_tag lines with a blank line between
sentences.  The tags are the model's predictions, not the gold tags: a port must reproduce
them exactly.

Usage: python3 scripts/data/tagger_vectors.py [--model models/tagger-fr.tsv] [--out models/tagger-fr.testvectors.tsv]
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from train_tagger import UD, Tagger, read_conllu  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(HERE, "..", "..", "models", "tagger-fr.tsv"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "models", "tagger-fr.testvectors.tsv"))
    ap.add_argument("-n", type=int, default=30)
    args = ap.parse_args()
    tagger = Tagger.load(args.model)
    sents = [s for s in read_conllu(os.path.join(UD, "fr_sequoia-ud-dev.conllu")) if len(s) >= 5][: args.n]
    agree = total = 0
    with open(args.out, "w", encoding="utf-8") as fh:
        for k, s in enumerate(sents):
            words = [w[0] for w in s]
            tags = tagger.tag(words)
            if k:
                fh.write("\n")
            for w, t, g in zip(words, tags, (x[2] for x in s)):
                fh.write("%s\t%s\n" % (w, t))
                agree += t == g
                total += 1
    print("%d sentences, %d tokens, %.2f%% equal to gold" % (len(sents), total, 100.0 * agree / total), file=sys.stderr)


if __name__ == "__main__":
    main()
