#!/usr/bin/env bash
# Benchmark: Precis's summariser next to OTS, on the 1,500 OrangeSum valid articles.
#
#   scripts/bench/bench.sh          # full run (builds release; evaluation set in $WORK,
#                                   # default /tmp/precis-bench)
#   N=200 scripts/bench/bench.sh    # per-process timing on the first 200 articles only
#   OUT=DIR scripts/bench/bench.sh  # the batch's outputs in DIR (default .build/bench-out/batch;
#       not under /tmp, whose file creation the Swift driver's temporary files slow down:
#       see scripts/bench/fs_baseline.py)
#
# Prints, side by side:
#  1. in-process throughput (precis-bench: decode + segment + clean + score + select,
#     files already in memory), on 1 thread and on all cores, and the time of each phase;
#  2. one article per process: `precis summarize FILE` vs `ots -d fr FILE`, run once per
#     file over the same files, sequentially (ms per article, start-up included);
#  3. the cache: one article per process, hit vs computed; batch over the folder cold (empty
#     cache), warm (every article cached) and uncached, next to OTS over the same files;
#  4. start-up alone (`precis --version`), and peak memory of the in-process run.
# Not a test: numbers depend on the machine. docs/BENCHMARKS.md states them.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${WORK:-/tmp/precis-bench}
n=${N:-1500}

command -v ots >/dev/null || { echo "installing ots (Debian package)"; apt-get install -y -qq ots >/dev/null; }
swift build -c release --static-swift-stdlib --experimental-lto-mode=full --product precis >/dev/null
swift build -c release --static-swift-stdlib --experimental-lto-mode=full --product precis-bench >/dev/null
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
[ -d "$work/docs" ] || python3 scripts/eval/make_eval_set.py --split valid --out "$work" >/dev/null
bin=.build/release
# Outputs of an earlier run are deleted now, not just before the batch runs: ext4 makes the
# creation of files slow for a while after many deletions near them (perf: recently_deleted
# in ext4_create took 10% of a cold batch run right after an rm -rf; the kernel avoids
# reusing an inode for 60 s after its deletion, 6 minutes while its block is unwritten).
out=${OUT:-.build/bench-out/batch}
mkdir -p "$(dirname "$out")"
baseline="$(dirname "$out")/fs-baseline"
rm -rf "$out" "$baseline" "$work/bench-cache.sqlite"*

echo "== in process (1,500 articles, files in memory)"
for algorithm in learned lead centroid textrank; do
  "$bin/precis-bench" "$work/docs" --jobs 1 --algorithm "$algorithm"
  "$bin/precis-bench" "$work/docs" --algorithm "$algorithm"
done
echo "== in process, summary + glossary"
"$bin/precis-bench" "$work/docs" --jobs 1 --gloss
"$bin/precis-bench" "$work/docs" --gloss
# Subtract to get each phase: document alone; document + glossary; the same without the
# tagger; the same in one cold pass (caches empty). The summary is "learned, jobs 1" above
# minus the document alone.
echo "== phases, one thread"
"$bin/precis-bench" "$work/docs" --jobs 1 --no-summary
"$bin/precis-bench" "$work/docs" --jobs 1 --no-summary --gloss
"$bin/precis-bench" "$work/docs" --jobs 1 --no-summary --gloss --no-tagger
"$bin/precis-bench" "$work/docs" --jobs 1 --no-summary --gloss --repeat 1
/usr/bin/time -f "peak memory: %M KiB (precis-bench, all cores)" "$bin/precis-bench" "$work/docs" --repeat 1 >/dev/null
/usr/bin/time -f "peak memory: %M KiB (precis-bench --gloss, all cores)" "$bin/precis-bench" "$work/docs" --repeat 1 --gloss >/dev/null

files=$(ls "$work/docs" | head -n "$n")
count=$(echo "$files" | wc -l)
per_process() { # label, command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  for f in $files; do "$@" "$work/docs/$f" >/dev/null; done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$count" -v l="$label" 'BEGIN { printf "%-32s %6.2f ms/article (%d articles, %.2f s)\n", l, (e - s) * 1000 / n, n, e - s }'
}
echo "== one article per process, sequential"
per_process "precis summarize (learned, default)" "$bin/precis" summarize --no-cache
per_process "precis summarize (lead)" "$bin/precis" summarize --no-cache --algorithm lead
per_process "precis summarize (textrank)" "$bin/precis" summarize --no-cache --algorithm textrank
per_process "precis gloss" "$bin/precis" gloss --no-cache
per_process "ots -d fr" ots -d fr
echo "== the cache, one article per process (fresh cache filled first, then timed)"
export PRECIS_CACHE=$work/bench-cache.sqlite
rm -f "$PRECIS_CACHE"*
per_process "precis summarize, cache miss" "$bin/precis" summarize
per_process "precis summarize, cache hit" "$bin/precis" summarize
per_process "precis gloss, cache miss" "$bin/precis" gloss
per_process "precis gloss, cache hit" "$bin/precis" gloss
echo "== batch over the folder (summary + glossary, all cores), next to OTS once per file"
rm -f "$PRECIS_CACHE"*
# The file system's own cost of creating that many files, next to where the batch writes
# them (it varies tenfold with the folder: see scripts/bench/fs_baseline.py).
python3 scripts/bench/fs_baseline.py "$baseline" "$count"
batch() { # label, args...
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, peak %M KiB" "$bin/precis" batch "$work/docs" "$@" 2>&1 >/dev/null | grep -v '^precis batch' || true
}
batch "batch cold (empty cache) --out" --out "$out"
batch "batch warm (all cached) --out" --out "$out"
batch "batch --no-cache --out (outputs already written, so not rewritten)" --no-cache --out "$out"
batch "batch --no-cache, JSON lines to stdout" --no-cache
start=$(date +%s.%N); for f in $(ls "$work/docs"); do ots -d fr "$work/docs/$f" >/dev/null; done; end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "ots -d fr once per file: %.2f s wall\n", e - s }'
unset PRECIS_CACHE
echo "== start-up"
start=$(date +%s.%N); for i in $(seq 200); do "$bin/precis" --version >/dev/null; done; end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "precis --version: %.2f ms\n", (e - s) * 1000 / 200 }'
