#!/usr/bin/env bash
# ROUGE of every Precis scorer on OrangeSum valid, as a markdown table (docs/EVALUATION.md).
#
#   scripts/eval/rouge.sh               # all algorithms x --sentences 1, 2, 3
#   ALGORITHMS="lead textrank" LENGTHS="2" scripts/eval/rouge.sh
#   LIMIT=50 scripts/eval/rouge.sh     # the first 50 articles only (a quick check)
#
# Uses `precis eval` (mean F1 x100 with 95% bootstrap intervals); the peers' figures come
# from scripts/eval/peer_rouge.py (docs/peers-rouge.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${WORK:-/tmp/precis-bench}
swift build -c release --static-swift-stdlib --experimental-lto-mode=full --product precis >/dev/null
if [ -n "${LIMIT:-}" ]; then
  work=$work/limit-$LIMIT
  [ -d "$work/docs" ] || python3 scripts/eval/make_eval_set.py --split valid --out "$work" --limit "$LIMIT" 2>/dev/null
fi
[ -d "$work/docs" ] || python3 scripts/eval/make_eval_set.py --split valid --out "$work" 2>/dev/null
algorithms=${ALGORITHMS:-}
algorithms=${algorithms:-"learned lead centroid textrank"}
lengths=${LENGTHS:-"1 2 3"}
echo "| scorer | length | R-1 | R-2 | R-L | words |"
echo "|---|---|---|---|---|---:|"
for n in $lengths; do
  for a in $algorithms; do
    .build/release/precis eval --docs "$work/docs" --gold "$work/gold" --algorithm "$a" --sentences "$n" --format json |
      python3 -c '
import json, sys
r = json.load(sys.stdin)
cell = lambda m: "%.2f [%.2f–%.2f]" % (100 * r[m]["f"], 100 * r[m]["low"], 100 * r[m]["high"])
print("| %s | %s | %s | %s | %s | %.1f |" % (sys.argv[1], sys.argv[2], cell("rouge1"), cell("rouge2"), cell("rougeL"), r["meanWords"]))
' "$a" "--sentences $n"
  done
done
