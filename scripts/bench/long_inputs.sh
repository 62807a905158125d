#!/usr/bin/env bash
# Time and peak memory of `precis summarize` on very long inputs, for every scorer
# (docs/ROBUSTNESS.md, "Very long articles"). Not a test: the figures depend on the machine.
#
#   scripts/bench/long_inputs.sh                   # uses .build/release/precis
#   PRECIS=/path/to/precis scripts/bench/long_inputs.sh
#
# Inputs, written to $WORK (default /tmp/precis-long):
#   one-liners-20000.txt, one-liners-60000.txt   "Le chat numéro i dort." one a line
#   distinct-60000.txt   60,000 lines made of the distinct sentences of OrangeSum valid
#                        ($PRECIS_SHARED/orangesum/valid.jsonl.gz, default ../shared/data;
#                        repeats get " (passage k)")
set -euo pipefail
cd "$(dirname "$0")/../.."
precis=${PRECIS:-.build/release/precis}
work=${WORK:-/tmp/precis-long}
mkdir -p "$work"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
for n in 20000 60000; do
  [ -f "$work/one-liners-$n.txt" ] || seq "$n" | sed 's/.*/Le chat numéro & dort./' > "$work/one-liners-$n.txt"
done
[ -f "$work/distinct-60000.txt" ] || python3 - "$work/distinct-60000.txt" "${PRECIS_SHARED:-../shared/data}/orangesum/valid.jsonl.gz" <<'PY'
import gzip, json, re, sys
seen, sentences = set(), []
with gzip.open(sys.argv[2], "rt", encoding="utf-8") as f:
    for line in f:
        for s in re.split(r"(?<=[.!?])\s+", json.loads(line)["article"]):
            s = s.strip()
            if len(s) > 20 and s not in seen:
                seen.add(s)
                sentences.append(s)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i in range(60000):
        k, s = divmod(i, len(sentences))
        out.write(sentences[s] + (f" (passage {k})" if k else "") + "\n")
PY
printf '%-22s %-9s %8s %10s\n' input algorithm seconds 'peak MiB'
for input in one-liners-20000 one-liners-60000 distinct-60000; do
  for algorithm in learned lead centroid textrank; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$precis" summarize --no-cache --algorithm "$algorithm" "$work/$input.txt" >/dev/null
    read -r seconds kib < "$work/time"
    printf '%-22s %-9s %8s %10d\n' "$input" "$algorithm" "$seconds" $((kib / 1024))
  done
done
