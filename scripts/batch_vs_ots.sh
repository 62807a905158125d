#!/usr/bin/env bash
# Cold `precis batch` next to `ots -d fr` once per file, repeated: the worst case of
# docs/BENCHMARKS.md ("Batch"), where each batch run starts one second after the previous
# run's outputs were deleted (ext4 creates files slowly right after many deletions).
#
#   scripts/batch_vs_ots.sh [RUNS]      # default 3; needs scripts/bench.sh's eval set
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK:-/tmp/precis-bench}
bin=.build/release/precis
[ -x "$bin" ] || swift build -c release --static-swift-stdlib --experimental-lto-mode=full --product precis >/dev/null
[ -d "$work/docs" ] || python3 scripts/make_eval_set.py --split valid --out "$work" >/dev/null
command -v ots >/dev/null || apt-get install -y -qq ots >/dev/null
for _ in $(seq "${1:-3}"); do
  rm -rf "$work/batch-out" "$work/bvo-cache.sqlite"*
  sync; sleep 1
  s=$(date +%s.%N); PRECIS_CACHE=$work/bvo-cache.sqlite "$bin" batch "$work/docs" --out "$work/batch-out" 2>/dev/null; e=$(date +%s.%N)
  s2=$(date +%s.%N); for f in "$work"/docs/*; do ots -d fr "$f" >/dev/null; done; e2=$(date +%s.%N)
  awk -v a="$s" -v b="$e" -v c="$s2" -v d="$e2" 'BEGIN { printf "batch cold %.2f s, ots %.2f s, ratio %.3f\n", b - a, d - c, (b - a) / (d - c) }'
done
