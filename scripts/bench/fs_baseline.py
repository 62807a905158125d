#!/usr/bin/env python3
"""What creating N small files costs the file system here, written as `precis batch`
writes its outputs (a temporary file, then rename): the floor under a cold batch's time
that no change to Precis moves.

    python3 scripts/bench/fs_baseline.py DIR [N]     # DIR must not exist; it is left in place
                                               # (deleting files is what slows creating them)

On this machine's ext4 (no journal), creating a file scans the inodes deleted in its block
group in the last half-minute or so, and /tmp's group is where the Swift driver creates and
deletes its temporary files: 1,500 files took 0.02-0.03 s of kernel time in a quiet folder
and 0.1-0.4 s under /tmp after a build (measured with this script).
"""
import os
import sys
import time

usage = "usage: python3 scripts/bench/fs_baseline.py DIR [N]   (DIR must not exist)"
if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
    print(usage)
    sys.exit(0 if len(sys.argv) > 1 else 64)
if sys.argv[1].startswith("-") or (len(sys.argv) > 2 and not sys.argv[2].isdigit()):
    # A flag is not a folder name: `--help` once made a folder of 1,500 files of that name.
    print(f"fs_baseline.py: {sys.argv[1:]}: expected a new folder and a count", file=sys.stderr)
    print(usage, file=sys.stderr)
    sys.exit(64)
folder = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
os.makedirs(folder)
data = b"x" * 3000  # about the size of one article's JSON
wall, cpu = time.time(), os.times()
for i in range(count):
    path = f"{folder}/{i}.json"
    temporary = f"{path}.tmp-{os.getpid()}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, data)
    os.close(fd)
    os.rename(temporary, path)
after = os.times()
print(f"creating {count} files in {os.path.dirname(os.path.abspath(folder))}: "
      f"{time.time() - wall:.3f} s wall, {after.system - cpu.system:.3f} s kernel")
