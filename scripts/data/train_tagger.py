#!/usr/bin/env python3
"""Train a greedy left-to-right averaged-perceptron UPOS tagger on UD French-Sequoia train and
export models/tagger-fr.tsv.

Training data: $PRECIS_SHARED/ud-french/fr_sequoia-ud-train.conllu only (never a dev file).
Tokens are the UD *syntactic words* (the word lines of the CoNLL-U file: the multi-word token
`du` is tagged as its two words `de` `le`; `au` as `à` `le`; the range lines are skipped).

Feature templates (the Swift port must build byte-identical strings, in this order)
  For token i: o = original form; w = lower-cased o with ’ (U+2019) replaced by ' (U+0027);
  p1, p2 = the two previous *predicted* tags ("<s>", "<s2>" before the sentence start:
  i=0 -> p1="<s>", p2="<s2>"; i=1 -> p1=tag0, p2="<s>");
  w-1 = lower-cased previous word ("<s>" at i=0); w+1, w+2 = next words ("</s>" past the end,
  for both).  Lower-casing is Unicode full lower-casing (Python str.lower / Swift lowercased()).
  suffix(x, n) = the last n Unicode scalars of x (the whole of x when it is shorter);
  prefix(x, n) = the first n Unicode scalars.
   1 b                      bias
   2 w=<w>
   3 s1=<suffix(w,1)>
   4 s2=<suffix(w,2)>
   5 s3=<suffix(w,3)>
   6 s4=<suffix(w,4)>
   7 p3=<prefix(w,3)>
   8 t1=<p1>
   9 t12=<p1> <p2>          (one space)
  10 t1w=<p1> <w>
  11 w-1=<w-1>
  12 w+1=<w+1>
  13 w+2=<w+2>
  14 s3-1=<suffix(w-1,3)>   ("<s>" at i=0)
  15 s3+1=<suffix(w+1,3)>   ("</s>" at the end, the whole padding string is its own suffix)
  16 shape=<shape(o)>
  17 cap=<"1" if o's first scalar is uppercase else "0"><"F" if i == 0 else "M">
  18 hyph=<"1" if "-" in w else "0">
  19 digit=<"1" if w contains an ASCII digit 0-9 else "0">
  shape(o): map each Unicode scalar c: general category Lu -> "X", Ll -> "x", ASCII 0-9 -> "d",
  anything else is kept unchanged; then every run of the same symbol longer than 2 is cut to
  2.  "Paris" -> "Xxx", "ONU" -> "XX", "2019" -> "dd", "l'" -> "x'", "Jean-Pierre" -> "Xxx-Xxx",
  "COVID-19" -> "XX-dd", "..." -> "..", "1er" -> "dxx", "aujourd'hui" -> "xx'xx".
  "uppercase" in cap= is also general category Lu.

Prediction: score(tag) = sum over the 19 features, in the order above, of weight(feature, tag)
(0 when absent); the predicted tag is the highest score, ties going to the tag listed first on
the `# tags:` line.  A feature that is not in the file contributes nothing.

Export: weights averaged over all updates (Collins 2002), rounded to 4 decimals; a weight is
kept when |w| >= 0.001 after rounding and its feature fired at least MIN_FEAT_COUNT (2) times
during the first training epoch (features seen once are dropped).

Usage: python3 scripts/data/train_tagger.py [--iters 10] [--out models/tagger-fr.tsv]
       python3 scripts/data/train_tagger.py --eval models/tagger-fr.tsv   (accuracy on the dev files)
"""
import argparse
import collections
import os
import random
import sys
import unicodedata
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from udfrench import SHARED_DATA, norm as lower, read_conllu

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = SHARED_DATA
UD = os.path.join(DATA, "ud-french")
TRAIN = os.path.join(UD, "fr_sequoia-ud-train.conllu")
DEVS = [os.path.join(UD, "fr_gsd-ud-dev.conllu"), os.path.join(UD, "fr_sequoia-ud-dev.conllu")]
MIN_FEAT_COUNT = 2


def suffix(x, n):
    return x[-n:] if len(x) > n else x


def shape(o):
    out = []
    for c in o:
        cat = unicodedata.category(c)
        if cat == "Lu":
            m = "X"
        elif cat == "Ll":
            m = "x"
        elif "0" <= c <= "9":
            m = "d"
        else:
            m = c
        if len(out) >= 2 and out[-1] == m and out[-2] == m:
            continue
        out.append(m)
    return "".join(out)


def features(i, words, lows, p1, p2):
    o = words[i]
    w = lows[i]
    n = len(words)
    wm1 = lows[i - 1] if i > 0 else "<s>"
    wp1 = lows[i + 1] if i + 1 < n else "</s>"
    wp2 = lows[i + 2] if i + 2 < n else "</s>"
    return [
        "b",
        "w=" + w,
        "s1=" + suffix(w, 1),
        "s2=" + suffix(w, 2),
        "s3=" + suffix(w, 3),
        "s4=" + suffix(w, 4),
        "p3=" + w[:3],
        "t1=" + p1,
        "t12=" + p1 + " " + p2,
        "t1w=" + p1 + " " + w,
        "w-1=" + wm1,
        "w+1=" + wp1,
        "w+2=" + wp2,
        "s3-1=" + suffix(wm1, 3),
        "s3+1=" + suffix(wp1, 3),
        "shape=" + shape(o),
        "cap=" + ("1" if o and unicodedata.category(o[0]) == "Lu" else "0") + ("F" if i == 0 else "M"),
        "hyph=" + ("1" if "-" in w else "0"),
        "digit=" + ("1" if any("0" <= c <= "9" for c in w) else "0"),
    ]


class Tagger:
    def __init__(self, tags=None, weights=None):
        self.tags = tags if tags is not None else []
        self.weights = weights if weights is not None else {}  # feature -> {tag: w}

    def predict_feats(self, feats):
        scores = dict.fromkeys(self.tags, 0.0)
        for f in feats:
            wt = self.weights.get(f)
            if wt:
                for t, v in wt.items():
                    scores[t] += v
        best, bs = None, None
        for t in self.tags:  # ties -> first in tag order
            if bs is None or scores[t] > bs:
                best, bs = t, scores[t]
        return best

    def tag(self, words):
        lows = [lower(w) for w in words]
        p1, p2 = "<s>", "<s2>"
        out = []
        for i in range(len(words)):
            t = self.predict_feats(features(i, words, lows, p1, p2))
            out.append(t)
            p2, p1 = p1, t
        return out

    @classmethod
    def load(cls, path):
        tags, weights = None, collections.defaultdict(dict)
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if line.startswith("# tags: "):
                    tags = line[len("# tags: "):].split(",")
                    continue
                if not line or line.startswith("#"):
                    continue
                f, t, v = line.split("\t")
                weights[f][t] = float(v)
        return cls(tags, dict(weights))


def train(sents, iters, seed=1):
    tag_counts = collections.Counter(t for s in sents for _, _, t in s)
    tags = [t for t, _ in sorted(tag_counts.items(), key=lambda x: (-x[1], x[0]))]
    w = collections.defaultdict(lambda: collections.defaultdict(float))
    totals = collections.defaultdict(float)
    stamps = collections.defaultdict(int)
    featcount = collections.Counter()
    model = Tagger(tags, w)
    step = 0
    rng = random.Random(seed)
    order = list(range(len(sents)))
    for it in range(iters):
        rng.shuffle(order)
        correct = total = 0
        for si in order:
            s = sents[si]
            words = [x[0] for x in s]
            lows = [lower(x) for x in words]
            p1, p2 = "<s>", "<s2>"
            for i, (_, _, gold) in enumerate(s):
                feats = features(i, words, lows, p1, p2)
                if it == 0:
                    featcount.update(feats)
                guess = model.predict_feats(feats)
                step += 1
                if guess != gold:
                    for f in feats:
                        for t, d in ((gold, 1.0), (guess, -1.0)):
                            key = (f, t)
                            totals[key] += (step - stamps[key]) * w[f][t]
                            stamps[key] = step
                            w[f][t] += d
                else:
                    correct += 1
                total += 1
                p2, p1 = p1, guess
        print("iter %d train acc %.4f" % (it + 1, correct / total), file=sys.stderr)
    avg = {}
    for f, ts in w.items():
        for t, v in ts.items():
            key = (f, t)
            tot = totals[key] + (step - stamps[key]) * v
            avg[key] = tot / step
    return tags, avg, featcount


def export(path, tags, avg, featcount, min_count, min_abs, iters, ntok, nsent):
    rows = []
    for (f, t), v in avg.items():
        v = round(v, 4)
        if abs(v) < min_abs or featcount[f] < min_count:
            continue
        rows.append((f.encode("utf-8"), t.encode("utf-8"), v))
    rows.sort()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# Precis French UPOS tagger: greedy left-to-right averaged perceptron; feature<TAB>tag<TAB>weight\n")
        fh.write("# training data: UD French-Sequoia train (fr_sequoia-ud-train.conllu, %d sentences, %d syntactic words)\n" % (nsent, ntok))
        fh.write("# licence: LGPL-LR (Lesser General Public License For Linguistic Resources), see UD_French-Sequoia-LICENSE.txt\n")
        fh.write("# version: 1\n")
        fh.write("# built: python3 scripts/data/train_tagger.py --iters %d (seed 1); weights averaged, rounded to 4 decimals,\n" % iters)
        fh.write("#   kept when |w| >= %g and the feature fired >= %d times in epoch 1; %d weights\n" % (min_abs, min_count, len(rows)))
        fh.write("# tokens: UD syntactic words (du -> de le); w = lowercase(o) with U+2019 -> '; p1 p2 = previous predicted tags\n")
        fh.write("# features (in order): b | w=w | s1= s2= s3= s4= last 1-4 scalars of w (whole w if shorter) | p3= first 3 scalars of w\n")
        fh.write("#   | t1=p1 | t12=p1+' '+p2 | t1w=p1+' '+w | w-1= | w+1= | w+2= (pads <s> before, </s> after; p1,p2 start <s>,<s2>)\n")
        fh.write("#   | s3-1= last 3 of w-1 | s3+1= last 3 of w+1 | shape=shape(o) | cap=(1 if o[0] is Lu else 0)+(F if i==0 else M)\n")
        fh.write("#   | hyph=(1 if '-' in w else 0) | digit=(1 if w has an ASCII digit else 0)\n")
        fh.write("# shape(o): each scalar Lu->X, Ll->x, ASCII 0-9->d, other kept; runs of one symbol longer than 2 cut to 2 (Paris->Xxx, 2019->dd)\n")
        fh.write("# predict: argmax over tags of the summed weights; ties -> first tag on the tags line\n")
        fh.write("# tags: " + ",".join(tags) + "\n")
        for f, t, v in rows:
            fh.write("%s\t%s\t%s\n" % (f.decode(), t.decode(), repr(v) if v != int(v) else "%d" % v))
    return len(rows)


def evaluate(model, paths):
    res = {}
    for p in paths:
        c = n = 0
        for s in read_conllu(p):
            pred = model.tag([x[0] for x in s])
            for (_, _, g), t in zip(s, pred):
                c += g == t
                n += 1
        res[os.path.basename(p)] = (c, n)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "models", "tagger-fr.tsv"))
    ap.add_argument("--min-count", type=int, default=MIN_FEAT_COUNT)
    ap.add_argument("--min-abs", type=float, default=0.001)
    ap.add_argument("--eval", help="only evaluate this model file on the dev files")
    args = ap.parse_args()
    if args.eval:
        m = Tagger.load(args.eval)
        for k, (c, n) in evaluate(m, DEVS).items():
            print("%s\t%.2f%%\t(%d/%d)" % (k, 100 * c / n, c, n))
        return
    sents = list(read_conllu(TRAIN))
    tags, avg, featcount = train(sents, args.iters)
    nrows = export(args.out, tags, avg, featcount, args.min_count, args.min_abs, args.iters,
                   sum(len(s) for s in sents), len(sents))
    print("exported %d weights to %s (%d bytes)" % (nrows, args.out, os.path.getsize(args.out)), file=sys.stderr)
    m = Tagger.load(args.out)
    for k, (c, n) in evaluate(m, DEVS).items():
        print("%s\t%.2f%%\t(%d/%d)" % (k, 100 * c / n, c, n))


if __name__ == "__main__":
    main()
