#!/usr/bin/env python3
"""Shares of perf samples by the direct callees of a function (dev-time tool).

perf report's call graphs lost the callers of leaf functions on this machine; summing the
raw stacks is reliable. For each FUNCTION (a substring of a demangled symbol), prints the
share of all samples whose stack holds it, then the shares by the frame just below its
outermost occurrence ("(self)" when it is the leaf).

    perf record -F 8000 -g -o /tmp/perf.data .build/release/precis-bench /tmp/precis-bench/docs --gloss --jobs 1 --repeat 1
    perf script -i /tmp/perf.data -F ip,sym | swift demangle --simplified > /tmp/stacks.txt
    python3 scripts/perf_callees.py /tmp/stacks.txt 'Glossarist.glossary(for:top:sentences:)' 'Tagger.wordBlock'
"""
import collections
import sys


def stacks(path):
    found, current = [], []
    for line in open(path, encoding="utf-8", errors="replace"):
        text = line.strip()
        if not text:
            if current:
                found.append(current)
                current = []
            continue
        parts = text.split(None, 1)  # address, symbol
        current.append(parts[1] if len(parts) > 1 else parts[0])
    if current:
        found.append(current)
    return found


def main():
    if len(sys.argv) < 3 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") else 64)
    samples = stacks(sys.argv[1])
    total = max(1, len(samples))
    for target in sys.argv[2:]:
        callees, hits = collections.Counter(), 0
        for stack in samples:  # leaf first
            places = [i for i, frame in enumerate(stack) if target in frame]
            if not places:
                continue
            hits += 1
            outermost = max(places)
            callees[stack[outermost - 1] if outermost > 0 else "(self)"] += 1
        print(f"== {target}: {100 * hits / total:.1f}%")
        for callee, count in callees.most_common(12):
            print(f"  {100 * count / total:5.2f}% {callee[:110]}")


if __name__ == "__main__":
    main()
