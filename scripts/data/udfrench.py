"""Shared helpers for the dev-time scripts that read UD French treebanks.

`SHARED_DATA` is ../shared/data beside the repository, or `$PRECIS_SHARED` (not
`PRECIS_DATA`, which is the run-time data override of `precis` itself). `ROOT` is the
repository.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED_DATA = os.environ.get("PRECIS_SHARED", os.path.join(os.path.dirname(ROOT), "shared", "data"))


def norm(s):
    """Lower-case with the typographic apostrophe folded to ' (as Precis's tokens)."""
    return s.replace("\u2019", "'").lower()


def read_conllu(path):
    """Yield sentences as lists of (form, lemma, upos) syntactic words (multi-word token
    lines such as `du` are skipped; their words `de` `le` are kept)."""
    sent = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if sent:
                    yield sent
                sent = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if not cols[0].isdigit():
                continue
            sent.append((cols[1], cols[2], cols[3]))
    if sent:
        yield sent
