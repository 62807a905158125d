#!/bin/sh
# Writes models/data.sha256: the SHA-256 of every data file compiled into Precis
# (sha256sum format, so `sha256sum -c models/data.sha256` checks it). The cache keys
# include a hash of this file, so an upgraded model or lexicon never returns a stale result.
# Run after changing anything under lexicons/ or models/; a test fails until you do.
set -eu
cd "$(dirname "$0")/../.."
grep -o '{"[a-z].*", ' Sources/CPrecisData/data.c | sed 's/{"\(.*\)", /\1/' | grep -v '^models/data.sha256$' \
  | xargs sha256sum > models/data.sha256
cat models/data.sha256
