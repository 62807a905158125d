#!/usr/bin/env bash
# Cold batches of several builds, alternately: `precis batch` over the 1,500 valid articles
# into a new output folder with a new cache, timed with /usr/bin/time; prints each build's
# times and mean.
#
#   scripts/bench/coldcmp.sh ROUNDS DIR...          # each DIR holds a release `precis`
#   WAIT=30 scripts/bench/coldcmp.sh ROUNDS DIR...  # each batch 30 s after the last (inputs partly
#                                             # evicted from the page cache on this machine)
#
# Before each batch: `sync`, then WAIT seconds (default 1). Inputs: $WORK/docs (default
# /tmp/precis-bench/docs, written by scripts/bench/run.sh). Outputs go under $OUT (default
# .build/bench-out/coldcmp in this repository) and are never deleted: deleting many files
# slows file creation for minutes on ext4 (docs/BENCHMARKS.md, "The file system's share").
set -euo pipefail
rounds=${1:?usage: scripts/bench/coldcmp.sh ROUNDS DIR...}
shift
docs=${WORK:-/tmp/precis-bench}/docs
out=${OUT:-$(cd "$(dirname "$0")/../.." && pwd)/.build/bench-out/coldcmp}
mkdir -p "$out"
for _ in $(seq "$rounds"); do
  for dir in "$@"; do
    sync
    sleep "${WAIT:-1}"
    id=$(date +%s%N)
    /usr/bin/time -f "$dir %e" "$dir/precis" batch "$docs" --out "$out/c-$id" --cache "$out/c-$id.sqlite" 2>&1 >/dev/null | tail -1
  done
done | awk '{ s[$1] += $2; n[$1]++; a[$1] = a[$1] " " $2 } END { for (k in s) printf "%s %s mean %.3f\n", k, a[k], s[k] / n[k] }' | sort
