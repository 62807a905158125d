#!/usr/bin/env python3
"""Times the cache's write pattern in two table layouts (dev-time benchmark).

A cold `precis batch` stores one result of a few kilobytes per article under a random
32-byte key, in transactions of 64, in WAL mode, then empties the log. This replays that
pattern with Python's sqlite3 (the same SQLite as Debian's libsqlite3) for schema 1's
`WITHOUT ROWID` table and schema 2's rowid table with the key indexed.

    python3 scripts/bench/sqlite_layout.py [--count 1500] [--size 4700] [--rounds 2]
"""
import argparse
import os
import sqlite3
import tempfile
import time

COLUMNS = ("key BLOB PRIMARY KEY, command TEXT NOT NULL, article_hash TEXT NOT NULL, value BLOB NOT NULL, "
           "size INTEGER NOT NULL, created INTEGER NOT NULL, last_used INTEGER NOT NULL, checksum INTEGER NOT NULL")


def run(layout, path, values):
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("auto_vacuum=INCREMENTAL", "journal_mode=WAL", "synchronous=NORMAL", "wal_autocheckpoint=4096"):
        db.execute("PRAGMA " + pragma)
    db.execute(f"CREATE TABLE entries({COLUMNS}){' WITHOUT ROWID' if layout == 'without rowid' else ''}")
    db.execute("CREATE INDEX entries_last_used ON entries(last_used)")
    start = time.perf_counter()
    for first in range(0, len(values), 64):
        db.execute("BEGIN")
        db.executemany("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?)", values[first:first + 64])
        db.execute("COMMIT")
    stored = time.perf_counter()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    done = time.perf_counter()
    db.close()
    return (stored - start) * 1e3, (done - stored) * 1e3, os.path.getsize(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1500)
    parser.add_argument("--size", type=int, default=4700, help="bytes a value (a batch result is about 4.7 KB)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    values = [(os.urandom(32), "batch", os.urandom(32).hex(), os.urandom(args.size), args.size, 1, 1, 5)
              for _ in range(args.count)]
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as folder:
        for round in range(args.rounds):
            for layout in ("without rowid", "rowid"):
                stores, checkpoint, size = run(layout, f"{folder}/{layout.replace(' ', '-')}-{round}.sqlite", values)
                print(f"{layout:14} stores {stores:6.1f} ms  checkpoint {checkpoint:5.1f} ms  file {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
