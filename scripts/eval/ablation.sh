#!/usr/bin/env bash
# Feature ablation for the learned scorer: retrain without each group of features and
# measure ROUGE on OrangeSum valid at --sentences 2 (docs/EVALUATION.md).
#
#   scripts/eval/ablation.sh TRAIN.tsv VALID.tsv     # TSVs from `precis-train features`
#                                                    # (scripts/data/build.sh scorer writes them to $WORK)
#
# Each row trains with scripts/data/train_scorer.py --drop GROUP, loads the model through
# PRECIS_DATA (no rebuild), and runs `precis eval`. About one minute a row.
set -euo pipefail
cd "$(dirname "$0")/../.."
train=$1 valid=$2
work=${WORK:-/tmp/precis-bench}
data=$(mktemp -d)
mkdir -p "$data/models"
cp -r lexicons "$data/"
cp models/df-fr.tsv "$data/models/"
swift build -c release --static-swift-stdlib --experimental-lto-mode=full --product precis >/dev/null
[ -d "$work/docs" ] || python3 scripts/eval/make_eval_set.py --split valid --out "$work" >/dev/null
all="position,relativePosition,inversePosition,isFirst,isFirstInParagraph,paragraphIndex,sentenceCount,words,characters,contentRatio,centroid,centroidRank,centroidRelative,textrank,similarityFirst,similarityLead,similarityPrevious,similarityNext,keyTermShare,keyTermCount,capitalizedRatio,numberRatio,hasQuote,startsWithQuoteOrDash,isQuestion,isExclamation,hasColon,endsWithEllipsis,meanIDF,sumIDF,isHeading,documentWords,hasParenthesis,elisionRatio"
position="position,relativePosition,inversePosition,isFirst,isFirstInParagraph,paragraphIndex"
declare -a rows=(
  "all features|"
  "- position|$position"
  "- length|words,characters,contentRatio,documentWords,sentenceCount"
  "- centrality (centroid, TextRank)|centroid,centroidRank,centroidRelative,textrank"
  "- similarity to lead and neighbours|similarityFirst,similarityLead,similarityPrevious,similarityNext"
  "- key terms, names, numbers|keyTermShare,keyTermCount,capitalizedRatio,numberRatio"
  "- quotes, questions, markers|hasQuote,startsWithQuoteOrDash,isQuestion,isExclamation,hasColon,endsWithEllipsis,hasParenthesis,elisionRatio,isHeading"
  "- IDF (information content)|meanIDF,sumIDF"
  "position only|$(echo "$all" | tr ',' '\n' | grep -vxF -f <(echo "$position" | tr ',' '\n') | paste -sd,)"
)
echo "| model | R-1 | R-2 | R-L |"
echo "|---|---:|---:|---:|"
for row in "${rows[@]}"; do
  label=${row%%|*} drop=${row#*|}
  python3 scripts/data/train_scorer.py "$train" "$valid" --objective binary --rate 0.1 --trees 300 --drop "$drop" --out "$data/models/scorer-fr.txt" 2>/dev/null
  PRECIS_DATA=$data .build/release/precis eval --docs "$work/docs" --gold "$work/gold" --algorithm learned --sentences 2 --format json |
    python3 -c 'import json,sys; r=json.load(sys.stdin); print("| %s | %.2f | %.2f | %.2f |" % (sys.argv[1], 100*r["rouge1"]["f"], 100*r["rouge2"]["f"], 100*r["rougeL"]["f"]))' "$label"
done
rm -rf "$data"
