#!/usr/bin/env python3
"""Write an OrangeSum split as plain-text files for evaluating Precis (dev-time tool).

Reads <shared data>/orangesum/<split>.jsonl.gz (one JSON object a line with the
fields id, date, title, abstract, article) and writes

    OUT/docs/<id>.txt   the record's `article` field, exactly, plus a final newline
    OUT/gold/<id>.txt   the record's `abstract` field, exactly, plus a final newline

<id> is the record's `id` field when present, else the 0-based line number
zero-padded to 5 digits. The number of documents written is printed to stderr.

<shared data> is --data, else $PRECIS_SHARED, else ../shared/data beside the repository.

Example:
    python3 scripts/eval/make_eval_set.py --split valid --out "$WORK"
    python3 scripts/eval/make_eval_set.py --split valid --out "$WORK/small" --limit 50
"""

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = Path(os.environ.get("PRECIS_SHARED", REPO_ROOT.parent / "shared" / "data"))


def record_id(record, line_no):
    rid = record.get("id")
    if rid is None or str(rid) == "":
        return f"{line_no:05d}"
    return str(rid)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--split", default="valid", choices=["train", "valid"],
                    help="OrangeSum split to export (default: valid)")
    ap.add_argument("--out", required=True, type=Path,
                    help="output folder; docs/ and gold/ are created inside it")
    ap.add_argument("--limit", type=int, default=None,
                    help="export only the first N records")
    ap.add_argument("--data", type=Path, default=DEFAULT_SHARED,
                    help=f"shared data folder (default: $PRECIS_SHARED or {DEFAULT_SHARED})")
    args = ap.parse_args(argv)

    src = args.data / "orangesum" / f"{args.split}.jsonl.gz"
    if not src.is_file():
        ap.error(f"input not found: {src}")
    docs_dir = args.out / "docs"
    gold_dir = args.out / "gold"
    docs_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)

    count = 0
    seen = set()
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line_no, line in enumerate(fh):
            if args.limit is not None and count >= args.limit:
                break
            if not line.strip():
                continue
            rec = json.loads(line)
            rid = record_id(rec, line_no)
            if rid in seen:
                print(f"warning: duplicate id {rid} at line {line_no}", file=sys.stderr)
            seen.add(rid)
            (docs_dir / f"{rid}.txt").write_text(rec["article"] + "\n", encoding="utf-8", newline="")
            (gold_dir / f"{rid}.txt").write_text(rec["abstract"] + "\n", encoding="utf-8", newline="")
            count += 1

    print(f"{count} documents written to {args.out} (from {src})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
