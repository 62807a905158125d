#!/usr/bin/env bash
# Measure Precis's quality: the figures of docs/EVALUATION.md, docs/GLOSSARY.md,
# docs/SEGMENTATION.md and docs/CLEANING.md.
#
#   scripts/eval/run.sh quick          # a check in about a minute: ROUGE of `lead` and
#                                      # gloss coverage on the first 50 valid articles
#   scripts/eval/run.sh all            # rouge lemmas gloss segmentation cleaning
#   scripts/eval/run.sh MEASURE...     # only these
#
# Measures:
#   rouge         ROUGE-1/2/L of every scorer at 1-3 sentences on OrangeSum valid (eval/rouge.sh;
#                 ALGORITHMS, LENGTHS, LIMIT narrow it)               docs/EVALUATION.md
#   lemmas        lemma accuracy of `precis analyze` on UD French dev, next to
#                 simplemma and spaCy when installed (eval/lemmaeval.py) docs/GLOSSARY.md
#   gloss         gloss coverage of content words on OrangeSum valid (eval/gloss_coverage.py)
#   lexicon       lexicon coverage with spaCy's lemmas (eval/lexicon_coverage.py; spaCy)
#   segmentation  sentence boundaries on UD gold sentences (eval/segeval.py) docs/SEGMENTATION.md
#   cleaning      what cleaning drops, by rule (eval/cleaning_report.py)  docs/CLEANING.md
#   peers         ROUGE and speed of Lead-k, sumy and OTS; rewrites docs/peers-rouge.md
#                 (eval/peer_rouge.py; rouge-score, sumy, apt: ots)
#   ablation      the learned scorer retrained without each feature group
#                 (eval/ablation.sh; needs $WORK/train.tsv and valid.tsv, see data/build.sh)
#
# Inputs: $PRECIS_SHARED (default ../shared/data beside the repository). The OrangeSum
# evaluation set is written once to $WORK (default /tmp/precis-bench) by eval/make_eval_set.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PRECIS_SHARED=${PRECIS_SHARED:-$(cd .. && pwd)/shared/data}
export WORK=${WORK:-/tmp/precis-bench}
precis=.build/release/precis

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
[ $# -gt 0 ] || { usage >&2; exit 64; }
case $1 in -h|--help) usage; exit 0 ;; esac
measures="rouge lemmas gloss lexicon segmentation cleaning peers ablation quick"
[ "$1" != all ] || set -- rouge lemmas gloss segmentation cleaning
for m in "$@"; do
  case " $measures " in *" $m "*) ;; *) echo "run.sh: $m: unknown measure (see scripts/eval/run.sh --help)" >&2; exit 64 ;; esac
done
swift build -c release --static-swift-stdlib --experimental-lto-mode=full --product precis >/dev/null
eval_set() { # folder [limit]: the OrangeSum valid articles and abstracts, written once
  [ -d "$1/docs" ] || python3 scripts/eval/make_eval_set.py --split valid --out "$1" ${2:+--limit "$2"} 2>/dev/null
}

measure() {
  case $1 in
    rouge) scripts/eval/rouge.sh ;;
    lemmas) python3 scripts/eval/lemmaeval.py --cmd "$precis analyze --no-clean" ;;
    gloss) eval_set "$WORK"; python3 scripts/eval/gloss_coverage.py "$WORK/docs" ;;
    lexicon) python3 scripts/eval/lexicon_coverage.py ;;
    segmentation)
      python3 scripts/eval/segeval.py --cmd "precis=$precis sentences --no-clean" \
        --cmd "icu=$precis sentences --no-clean --splitter icu" \
        --cmd "icu-standard=$precis sentences --no-clean --splitter icu-standard" ;;
    cleaning) eval_set "$WORK"; python3 scripts/eval/cleaning_report.py "$WORK/docs" ;;
    peers) python3 scripts/eval/peer_rouge.py ;;
    ablation) scripts/eval/ablation.sh "$WORK/train.tsv" "$WORK/valid.tsv" ;;
    quick)
      LIMIT=50 ALGORITHMS=lead LENGTHS=2 scripts/eval/rouge.sh
      eval_set "$WORK/limit-50" 50
      python3 scripts/eval/gloss_coverage.py "$WORK/limit-50/docs" --top 5 ;;
  esac
}

for m in "$@"; do
  echo "== $m"
  measure "$m"
done
