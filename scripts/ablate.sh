#!/usr/bin/env bash
# Where the glossary's time goes, measured by leaving parts out (not by perf's attribution,
# which blamed cache lookups that, once removed, gave back almost nothing).
#
#   scripts/ablate.sh [ROUNDS]     # default 2 rounds of every variant
#
# Applies scripts/ablate.patch (switches read from $ABLATE) to a scratch copy of HEAD in a
# git worktree, builds precis-bench there, and times summary-less glossaries of the 1,500
# valid articles on one thread with each part skipped. Outputs of skipped variants are
# wrong on purpose: the figures are times only. The product's code is not touched. The
# patch follows the code: when the glossary or the tagger changes, it may need remaking
# (the script stops and says so).
#
# Each part's cost is the difference with the variant that keeps it:
#   full - terms           multi-word terms          full - names     names
#   full - ranking         ranking and the output    onlytags         document + tagging
#   onlytags - onlytags,tagging          the tagger itself (lookups + scoring)
#   onlytags,tagging - onlytags,tagging,input    building the tagger's input
#   onlytags - onlytags,lookups          the tagger's per-word vector lookups
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
work=${WORK:-/tmp/precis-bench}
tree=$(mktemp -d /tmp/precis-ablate.XXXXXX)
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
[ -d "$work/docs" ] || python3 scripts/make_eval_set.py --split valid --out "$work" >/dev/null
git worktree add -q --detach "$tree" HEAD
git -C "$tree" apply "$PWD/scripts/ablate.patch"
(cd "$tree" && swift build -c release --product precis-bench >/dev/null 2>&1) || { echo "ablate: the patched build failed (does scripts/ablate.patch still apply?)" >&2; exit 1; }
bench="$tree/.build/release/precis-bench"
for round in $(seq "$rounds"); do
  echo "== round $round"
  for variant in full terms names ranking onlytags onlytags,lookups onlytags,tagging onlytags,tagging,input; do
    printf '%-28s ' "$variant"
    ABLATE=$variant "$bench" "$work/docs" --gloss --no-summary --jobs 1 --repeat 6 | sed 's/.*best of 6 //'
  done
  printf '%-28s ' "document only"
  "$bench" "$work/docs" --no-summary --jobs 1 --repeat 6 | sed 's/.*best of 6 //'
done
