#!/usr/bin/env bash
# Measure Precis's speed and memory: the figures of docs/BENCHMARKS.md (and the long-input
# figures of docs/ROBUSTNESS.md). Not a test: numbers depend on the machine.
#
#   scripts/bench/run.sh quick        # a check in about a minute: in-process throughput,
#                                     # 50 articles one per process, a cold and a warm batch
#   scripts/bench/run.sh full         # everything of docs/BENCHMARKS.md (bench/bench.sh,
#                                     # ~3 minutes; N=200 shortens the per-process part)
#   scripts/bench/run.sh long         # very long inputs, time and peak memory (bench/long_inputs.sh)
#   scripts/bench/run.sh sqlite       # the cache's write pattern in two table layouts
#   scripts/bench/run.sh fs DIR       # what creating 1,500 files costs in DIR's file system
#
# Comparing two builds (this machine's speed drifts 10-30% within an hour, so they run
# alternately; see each script's header):
#   scripts/bench/ab.sh OLD_BIN NEW_BIN ROUNDS REPEATS ARGS...   any precis command
#   scripts/bench/alternate.sh OLD_DIR NEW_DIR [ROUNDS]          in process, cold, batch
#   scripts/bench/coldcmp.sh ROUNDS DIR...                       cold batches only
#
# Variables: WORK (default /tmp/precis-bench) holds the 1,500 OrangeSum valid articles;
# OUT (default .build/bench-out/batch) the batch's outputs, kept off /tmp on purpose;
# PRECIS_SHARED (default ../shared/data beside the repository) the corpus.
# Needs apt packages ots and time (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PRECIS_SHARED=${PRECIS_SHARED:-$(cd .. && pwd)/shared/data}
export WORK=${WORK:-/tmp/precis-bench}

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
[ $# -gt 0 ] || { usage >&2; exit 64; }
lto="-c release --static-swift-stdlib --experimental-lto-mode=full"
case $1 in
  -h|--help) usage ;;
  full) scripts/bench/bench.sh ;;
  long) swift build $lto --product precis >/dev/null; scripts/bench/long_inputs.sh ;;
  sqlite) python3 scripts/bench/sqlite_layout.py ;;
  fs) python3 scripts/bench/fs_baseline.py "${2:?usage: scripts/bench/run.sh fs DIR}" ;;
  quick)
    swift build $lto --product precis >/dev/null
    swift build $lto --product precis-bench >/dev/null
    [ -d "$WORK/docs" ] || python3 scripts/eval/make_eval_set.py --split valid --out "$WORK" 2>/dev/null
    bin=.build/release
    "$bin/precis-bench" "$WORK/docs" --gloss --repeat 1
    s=$(date +%s%N)
    for f in $(ls "$WORK/docs" | head -n 50); do "$bin/precis" gloss --no-cache "$WORK/docs/$f" >/dev/null; done
    e=$(date +%s%N)
    awk -v s="$s" -v e="$e" 'BEGIN { printf "precis gloss, one article per process: %.2f ms/article (50 articles)\n", (e - s) / 50e6 }'
    out=${OUT:-.build/bench-out/quick-$(date +%s%N)}
    mkdir -p "$(dirname "$out")"
    for run in cold warm; do
      s=$(date +%s%N)
      "$bin/precis" batch "$WORK/docs" --out "$out" --cache "$out.sqlite" 2>/dev/null
      e=$(date +%s%N)
      echo "batch $run: $(((e - s) / 1000000)) ms wall"
    done ;;
  *) echo "run.sh: $1: unknown mode (see scripts/bench/run.sh --help)" >&2; exit 64 ;;
esac
