#!/usr/bin/env python3
"""Train Precis's learned sentence scorer (a small LightGBM ranking model).

Dev-time tool. The features and labels come from Precis itself, so training matches use:

    scripts/data/build.sh scorer      # does the following, with $WORK default /tmp/precis-data
    zcat ../shared/data/orangesum/train.jsonl.gz | .build/release/precis-train features > $WORK/train.tsv
    zcat ../shared/data/orangesum/valid.jsonl.gz | .build/release/precis-train features > $WORK/valid.tsv
    pip install -r scripts/requirements.txt
    python3 scripts/data/train_scorer.py $WORK/train.tsv $WORK/valid.tsv --out models/scorer-fr.txt

The model is trained on train only: 90% of its articles fit the trees, the other 10% (every
tenth article) decide early stopping; valid is only used for the report.
Labels: graded relevance per sentence = round(4 * (ROUGE-1 F1 + ROUGE-2 F1) / 1.2) capped
at 4, plus 1 for sentences the greedy oracle picks (LambdaRank, one query per article).
The output is LightGBM's text model format behind a Precis header (# precis-scorer
version 1, features, training data and licence); Sources/PrecisSummarize/LearnedScorer.swift
reads it. Deterministic: fixed seed, deterministic=True, one thread.
"""
import argparse, datetime, sys
import numpy as np
import lightgbm as lgb

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("train")
ap.add_argument("valid")
ap.add_argument("--out", default="models/scorer-fr.txt")
ap.add_argument("--trees", type=int, default=300)
ap.add_argument("--leaves", type=int, default=15)
ap.add_argument("--rate", type=float, default=0.05)
ap.add_argument("--drop", default="", help="comma-separated features to leave out (ablation)")
ap.add_argument("--objective", default="lambdarank", choices=["lambdarank", "binary", "regression"])
ap.add_argument("--no-write", action="store_true", help="report only")
args = ap.parse_args()


def load(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
    data = np.loadtxt(path, delimiter="\t", skiprows=1, dtype=np.float64)
    return header, data


header, train = load(args.train)
_, valid = load(args.valid)
names = header[5:]
drop = set(filter(None, args.drop.split(",")))
keep = [i for i, n in enumerate(names) if n not in drop]
feature_names = [names[i] for i in keep]


def prepare(data):
    docs = data[:, 0].astype(int)
    X = data[:, 5:][:, keep]
    r1, r2, oracle = data[:, 3], data[:, 4], data[:, 2]
    gain = np.minimum(4, np.round(4 * (r1 + r2) / 1.2)) + oracle
    gain = np.minimum(gain, 4).astype(int)
    _, counts = np.unique(docs, return_counts=True)  # docs are contiguous, in order
    return docs, X, gain, oracle, r1, r2, counts


held = (train[:, 0].astype(int) % 10) == 9
stop_data = train[held]
train = train[~held]
dtr, Xtr, gtr, otr, _, _, ctr = prepare(train)
dst, Xst, gst, ost, _, _, cst = prepare(stop_data)
dva, Xva, gva, ova, r1va, r2va, cva = prepare(valid)

params = dict(
    objective=args.objective, learning_rate=args.rate, num_leaves=args.leaves, min_data_in_leaf=50,
    feature_fraction=0.9, bagging_fraction=0.8, bagging_freq=1, lambda_l2=1.0, seed=7, deterministic=True,
    num_threads=1, verbose=-1, metric="ndcg", eval_at=[2],
)
if args.objective == "binary":
    ytr, yst, params["metric"] = otr, ost, "auc"
elif args.objective == "regression":
    ytr, yst, params["metric"] = gtr.astype(float), gst.astype(float), "l2"
else:
    ytr, yst = gtr, gst
ranking = args.objective == "lambdarank"
dtrain = lgb.Dataset(Xtr, ytr, group=ctr if ranking else None, feature_name=feature_names, free_raw_data=False)
dvalid = lgb.Dataset(Xst, yst, group=cst if ranking else None, reference=dtrain)
booster = lgb.train(params, dtrain, num_boost_round=args.trees, valid_sets=[dvalid],
                    callbacks=[lgb.early_stopping(30, verbose=False)])
pred = booster.predict(Xva, num_iteration=booster.best_iteration)

# Proxy on valid: mean own ROUGE-1 F1 of the top-2 sentences, and oracle hits in the top 2.
starts = np.concatenate([[0], np.cumsum(cva)[:-1]])
top_r1, hits, lead_r1 = [], [], []
for s, c in zip(starts, cva):
    order = np.argsort(-pred[s:s + c], kind="stable")[:2]
    top_r1.append(r1va[s + order].mean())
    hits.append(ova[s + order].sum() / max(1, min(2, ova[s:s + c].sum())))
    lead_r1.append(r1va[s:s + min(2, c)].mean())
print(f"trees {booster.best_iteration}; valid: mean own R-1 of top-2 {np.mean(top_r1):.4f} (lead-2 {np.mean(lead_r1):.4f}); oracle hits@2 {np.mean(hits):.4f}", file=sys.stderr)
gain = booster.feature_importance("gain")
for name, g in sorted(zip(feature_names, gain), key=lambda x: -x[1])[:12]:
    print(f"  {name:22s} {g / gain.sum():.3f}", file=sys.stderr)

if not args.no_write:
    text = booster.model_to_string(num_iteration=booster.best_iteration)
    # Keep only what prediction needs (LightGBM's text format, trimmed): the reader parses
    # this file at every start-up, and the statistics lines tripled its size.
    needed = ("Tree=", "num_leaves=", "split_feature=", "threshold=", "decision_type=", "left_child=",
              "right_child=", "leaf_value=", "end of trees")
    kept = []
    for line in text.splitlines():
        if line.startswith(("num_cat=", "is_linear=")):
            assert line.endswith("=0"), "categorical or linear trees are not supported by the Swift reader: " + line
        if line.startswith("end of trees"):
            kept.append(line)
            break
        if line.startswith(needed):
            kept.append(line)
    text = "\n".join(kept) + "\n"
    with open(args.out, "w") as f:
        f.write("# precis-scorer version: 1\n")
        f.write(f"# Learned sentence scorer for French news: LightGBM {lgb.__version__} {args.objective}, "
                f"{booster.best_iteration} trees of {args.leaves} leaves, rate {args.rate}.\n")
        f.write("# features: " + ",".join(feature_names) + "\n")
        f.write("# trained on: OrangeSum train (21,401 articles with their authors' abstracts; Kamal Eddine et al. 2021),\n")
        f.write("#   labels from ROUGE against the abstracts; early stopping on every tenth train article.\n")
        f.write("# licence: CC BY-SA 4.0 (derived from OrangeSum)\n")
        f.write(f"# built: {datetime.date.today()} by scripts/data/train_scorer.py {' '.join(sys.argv[1:])}\n")
        f.write("# version: 1\n")
        f.write(text)
    print(f"wrote {args.out}", file=sys.stderr)
