#!/usr/bin/env bash
# Two builds of precis run alternately on the same command, to compare them within minutes
# of each other (this machine's timings drift by ±15% over an hour).
#
#   scripts/bench/ab.sh OLD_BIN NEW_BIN ROUNDS REPEATS ARGS...
#   scripts/bench/ab.sh $OLD/.build/release/precis .build/release/precis 2 200 gloss --no-cache examples/alibaba-cebit.txt
#   scripts/bench/ab.sh $OLD/.build/release/precis .build/release/precis 4 1 batch $WORK/docs --no-cache
#
# Prints, per round and build, the mean wall time of one run in ms. To get an old build:
#   git worktree add "$OLD" COMMIT && (cd "$OLD" && swift build -c release --static-swift-stdlib --experimental-lto-mode=full)
set -euo pipefail
old=$1 new=$2 rounds=$3 repeats=$4
shift 4
for round in $(seq "$rounds"); do
  for bin in "$old" "$new"; do
    s=$(date +%s%N)
    for _ in $(seq "$repeats"); do "$bin" "$@" >/dev/null 2>&1 || true; done
    e=$(date +%s%N)
    awk -v s="$s" -v e="$e" -v n="$repeats" -v b="$bin" -v r="$round" 'BEGIN { printf "round %d  %-40s %8.2f ms\n", r, b, (e - s) / n / 1e6 }'
  done
done
