#!/usr/bin/env python3
"""What cleaning drops from a folder of articles, by rule (dev-time measurement).

    python3 scripts/eval/cleaning_report.py "$WORK/docs" [--precis .build/release/precis] [--samples 3]

Runs `precis summarize --format json` on every file and counts the `dropped` entries by
reason (the rule's file and line, or "teaser", "no words", "bare URL"), with samples.
"""
import argparse, collections, json, os, re, subprocess, sys

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("folder")
ap.add_argument("--precis", default=".build/release/precis")
ap.add_argument("--samples", type=int, default=3)
args = ap.parse_args()

counts = collections.Counter()
articles = collections.Counter()
samples = collections.defaultdict(list)
files = sorted(os.listdir(args.folder))
total_sentences = 0
for name in files:
    out = subprocess.run([args.precis, "summarize", "--format", "json", os.path.join(args.folder, name)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        counts["(failed: " + out.stderr.strip()[-60:] + ")"] += 1
        continue
    data = json.loads(out.stdout)
    total_sentences += data["sentenceCount"]
    seen = set()
    for d in data["dropped"]:
        key = re.sub(r"shares \d+%.*", "…", d["reason"])
        counts[key] += 1
        seen.add(key)
        if len(samples[key]) < args.samples:
            samples[key].append(d["text"][:160])
    for key in seen:
        articles[key] += 1
print(f"{len(files)} articles, {total_sentences} sentences kept, {sum(counts.values())} pieces dropped\n")
print("| reason | pieces | articles |\n|---|---:|---:|")
for key, n in counts.most_common():
    print(f"| {key} | {n} | {articles[key]} |")
print()
for key, _ in counts.most_common():
    print(f"- {key}:")
    for s in samples[key]:
        print(f"    - {s}")
