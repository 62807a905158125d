#!/usr/bin/env bash
# Rebuild the data Precis compiles in (lexicons/, models/, the ROUGE test fixture), all of
# it or one named piece. Development time only: nothing here runs in the product.
#
#   scripts/data/build.sh all             # every piece below, in this order
#   scripts/data/build.sh PIECE...        # only these pieces
#
# Pieces (inputs; output):
#   lexicon        Wiktionary + Apertium + news supplement; lexicons/fr-en/lexicon.tsv,
#                  then its .index and .prefixes               (wordfreq)
#   stopwords      spaCy's French stop words, reviewed; lexicons/fr/stopwords.txt (spaCy wheel)
#   lemmas         hunspell-fr-comprehensive + Sequoia train + OrangeSum train counts;
#                  lexicons/fr/lemmas.tsv, then its .index       (apt: hunspell-fr-comprehensive)
#   df             OrangeSum train; models/df-fr.tsv
#   tagger         Sequoia train; models/tagger-fr.tsv and .bin
#   tagger-vectors Sequoia dev + the tagger; models/tagger-fr.testvectors.tsv
#   scorer         precis-train features of OrangeSum train and valid; models/scorer-fr.txt
#                  and .bin                                    (lightgbm, numpy; ~4 minutes)
#   rouge-fixture  fixed pairs scored by rouge-score;
#                  Tests/PrecisSummarizeTests/Fixtures/rouge-reference.json   (rouge-score)
#   data-version   models/data.sha256, the hash of every compiled-in file (part of cache keys);
#                  run after any other piece (`all` does)
#
# Inputs: $PRECIS_SHARED (default ../shared/data beside the repository) holds orangesum/,
# ud-french/ and lexicon-sources/. Work files go to $WORK (default /tmp/precis-data).
# Python packages: pip install -r scripts/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PRECIS_SHARED=${PRECIS_SHARED:-$(cd .. && pwd)/shared/data}
work=${WORK:-/tmp/precis-data}
release="swift build -c release --static-swift-stdlib --experimental-lto-mode=full"   # the README's build: one .build/release for every script
train=".build/release/precis-train"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
[ $# -gt 0 ] || { usage >&2; exit 64; }
case $1 in -h|--help) usage; exit 0 ;; esac
[ -d "$PRECIS_SHARED" ] || { echo "build.sh: $PRECIS_SHARED: no such folder (set PRECIS_SHARED)" >&2; exit 66; }
mkdir -p "$work"

piece() {
  case $1 in
    lexicon)
      python3 scripts/data/build_lexicon.py
      $release --product precis-train >/dev/null
      "$train" index-table lexicons/fr-en/lexicon.tsv lexicons/fr-en/lexicon.index
      "$train" lexicon-prefixes lexicons/fr-en/lexicon.tsv lexicons/fr-en/lexicon.prefixes ;;
    stopwords)
      pip download spacy==3.8.18 --no-deps -q -d "$work/wheels"
      python3 scripts/data/build_stopwords.py stopwords "$work"/wheels/spacy-3.8.18-*.whl ;;
    lemmas)
      python3 scripts/data/build_lemmas.py > lexicons/fr/lemmas.tsv
      $release --product precis-train >/dev/null
      "$train" index-table lexicons/fr/lemmas.tsv lexicons/fr/lemmas.index ;;
    df)
      $release --product precis-train >/dev/null
      zcat "$PRECIS_SHARED/orangesum/train.jsonl.gz" | "$train" df > models/df-fr.tsv ;;
    tagger)
      python3 scripts/data/train_tagger.py
      $release --product precis-train >/dev/null
      "$train" compile-tagger models/tagger-fr.tsv models/tagger-fr.bin ;;
    tagger-vectors)
      python3 scripts/data/tagger_vectors.py ;;
    scorer)
      $release --product precis-train >/dev/null
      zcat "$PRECIS_SHARED/orangesum/train.jsonl.gz" | "$train" features > "$work/train.tsv"
      zcat "$PRECIS_SHARED/orangesum/valid.jsonl.gz" | "$train" features > "$work/valid.tsv"
      python3 scripts/data/train_scorer.py "$work/train.tsv" "$work/valid.tsv" \
        --objective binary --rate 0.1 --trees 300 --out models/scorer-fr.txt
      "$train" compile-scorer models/scorer-fr.txt models/scorer-fr.bin ;;
    rouge-fixture)
      python3 scripts/data/rouge_reference.py ;;
    data-version)
      scripts/data/data_version.sh >/dev/null ;;
  esac
}

pieces="lexicon stopwords lemmas df tagger tagger-vectors scorer rouge-fixture data-version"
[ "$1" != all ] || set -- $pieces
for p in "$@"; do
  case " $pieces " in *" $p "*) ;; *) echo "build.sh: $p: unknown piece (see scripts/data/build.sh --help)" >&2; exit 64 ;; esac
done
for p in "$@"; do
  echo "== $p" >&2
  piece "$p"
done
