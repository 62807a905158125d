#!/usr/bin/env bash
# Two builds compared in the same hour, run alternately (this machine's speed drifts 10-30%
# within an hour, so only alternation compares builds). Each round prints:
#   warm   precis-bench --gloss --repeat 6, articles/s, on 1 thread and on all cores;
#   cold   the fastest of 3 passes of precis-bench --gloss --repeat 1 (empty memos), seconds;
#   batch  precis batch into a new folder with a new cache (cold), milliseconds, wall.
#
#   scripts/bench/alternate.sh OLD_DIR NEW_DIR [ROUNDS]   # each DIR holds precis and precis-bench
#
# To get an old build beside the current one:
#   git worktree add "$OLD" COMMIT && (cd "$OLD" && swift build -c release --static-swift-stdlib --experimental-lto-mode=full \
#     && swift build -c release --static-swift-stdlib --experimental-lto-mode=full --product precis-bench)   # then OLD_DIR=$OLD/.build/release
# Batch outputs go under $OUT (default .build/bench-out/alternate in this repository, not /tmp:
# see scripts/bench/fs_baseline.py)
# and are not deleted, since deleting them would slow the next runs' file creation.
set -euo pipefail
old=$1 new=$2 rounds=${3:-3}
docs=${WORK:-/tmp/precis-bench}/docs
out=${OUT:-$(cd "$(dirname "$0")/../.." && pwd)/.build/bench-out/alternate}
[ -d "$docs" ] || { echo "no $docs: run scripts/bench/run.sh quick once (it builds the evaluation set)" >&2; exit 66; }
mkdir -p "$out"

warm() { "$1/precis-bench" "$docs" --gloss --jobs "$2" --repeat 6 | grep -o "[0-9]* articles/s"; }
cold() {
  local best=99
  for _ in 1 2 3; do
    best=$("$1/precis-bench" "$docs" --gloss --jobs "$2" --repeat 1 | awk -v b="$best" '{ for (i = 1; i < NF; i++) if ($i == "of" && $(i + 1) == "1") t = $(i + 2) } END { print (t < b) ? t : b }')
  done
  echo "$best s"
}
batch() {
  local dir="$out/r$RANDOM$RANDOM" start end
  start=$(date +%s%N)
  "$1/precis" batch "$docs" --out "$dir" --cache "$dir.sqlite" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) ms"
}

for round in $(seq "$rounds"); do
  for jobs in 1 0; do
    echo "round $round, warm, jobs $jobs: old $(warm "$old" $jobs) | new $(warm "$new" $jobs)"
    echo "round $round, cold, jobs $jobs: old $(cold "$old" $jobs) | new $(cold "$new" $jobs)"
  done
  echo "round $round, batch cold: old $(batch "$old") | new $(batch "$new")"
done
