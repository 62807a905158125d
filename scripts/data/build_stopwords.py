#!/usr/bin/env python3
"""Build and audit the French lexicons under lexicons/fr/ (development time only).

Subcommands:
  stopwords WHEEL            write lexicons/fr/stopwords.txt from spaCy's wheel
                             (spacy/lang/fr/stop_words.py, MIT), with the review below.
                             Get the wheel with: pip download spacy==3.8.18 --no-deps -d "$WORK"
  boilerplate-counts [-k N]  count, on OrangeSum train, the articles and sentences that each
                             rule of lexicons/fr/boilerplate.txt hits; print N random hits
                             of each `contains` rule (default 20) to check false positives.
  abbrev-evidence            for each entry of lexicons/fr/abbreviations.txt, how often it
                             occurs in OrangeSum train followed by a lower-case word, a
                             capitalised word or a digit.

Nothing here runs in the product; outputs are committed as plain text.
"""
import gzip, json, random, re, sys, zipfile
from collections import Counter
from pathlib import Path

from udfrench import ROOT, SHARED_DATA  # noqa: E402

ROOT = Path(ROOT)
ORANGESUM = Path(SHARED_DATA) / "orangesum" / "train.jsonl.gz"

# Review of spaCy's list: content words a news reader cares about, verbs with a lexical
# meaning, and a few stray forms are removed.
REMOVE = set("""
bat basee debout directe effet laisser merci ouvert ouverte ouverts proche relative retour
sent stop suivre tend tenir tente touchant
""".split())
# Elided forms as the word tokenizer sees them without the apostrophe, and the full
# paradigms of être and avoir (simple tenses, participles), plus a few function words.
ADD = set("""
c d j l m n s t qu jusqu lorsqu puisqu quoiqu
être suis es est sommes êtes sont étais était étions étiez étaient fus fut fûmes fûtes furent
serai seras sera serons serez seront serais serait serions seriez seraient sois soit soyons
soyez soient fusse fusses fût fussions fussiez fussent été étant
avoir ai as a avons avez ont avais avait avions aviez avaient eus eut eûmes eûtes eurent
aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient aie aies ait
ayons ayez aient eusse eusses eût eussions eussiez eussent eu eue eues ayant
de des du le la les un une au aux en y ne pas non plus
""".split())


def articles():
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["article"]


def split_sentences(text):
    """Rough stand-in for Precis's segmenter: split after . ! ? … before a capital,
    also when the sentences are glued ("domestique.Consternant")."""
    text = re.sub(r'([a-zà-ÿ0-9)»"][.!?…]["»]?)(?=[A-ZÀ-Ý«"])', r"\1 ", text)
    return [s.strip() for s in re.split(r'(?<=[.!?…])\s+|(?<=[.!?…]["»])\s+', text) if s.strip()]


def data_lines(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def cmd_stopwords(wheel):
    with zipfile.ZipFile(wheel) as z:
        src = z.read("spacy/lang/fr/stop_words.py").decode("utf-8")
    words = set(src.split('"""')[1].split())
    words = {w.replace("\u2019", "'") for w in words}
    # Elisions are kept both with and without the apostrophe.
    words = (words - REMOVE) | ADD
    out = ROOT / "lexicons/fr/stopwords.txt"
    header = [
        "# French stop words, lower-case, one a line.",
        "# source: spaCy 3.8 spacy/lang/fr/stop_words.py (https://github.com/explosion/spaCy), reviewed.",
        "# licence: MIT (Copyright (C) 2016-2024 ExplosionAI GmbH, 2016 spaCy GmbH, 2015 Matthew Honnibal)",
        "# version: 1",
        "# Review (scripts/data/build_stopwords.py): removed " + " ".join(sorted(REMOVE)) + ";",
        "# added the elided forms without apostrophe and every simple-tense form of être and avoir.",
        "# Typographic apostrophes were folded to ' (Precis folds ’ to ' when loading).",
        "# Rebuild: scripts/data/build.sh stopwords",
    ]
    out.write_text("\n".join(header + sorted(words)) + "\n", encoding="utf-8")
    print(f"{out}: {len(words)} words")


def cmd_boilerplate(k):
    rules = [l.split("\t", 1) for l in data_lines(ROOT / "lexicons/fr/boilerplate.txt")]
    arts = list(articles())
    sents = [split_sentences(a) for a in arts]
    rng = random.Random(7)
    for kind, pat in rules:
        p = pat.strip().lower()
        hits = []
        for i, ss in enumerate(sents):
            if kind == "fragment":
                j = arts[i].lower().find(p)
                if j >= 0:
                    hits.append((i, arts[i][j:j + 90] + f" …[{len(arts[i]) - j} chars to end]"))
                continue
            for s in ss:
                low = s.lower()
                if ((kind == "prefix" and low.startswith(p)) or (kind == "contains" and p in low)
                        or (kind == "line" and re.sub(r"[\W_]+$", "", low) == p.rstrip(".!?"))):
                    hits.append((i, s))
        print(f"{kind}\t{pat}\tarticles={len({h[0] for h in hits})}\tsentences={len(hits)}")
        if kind == "contains":
            for _, s in rng.sample(hits, min(k, len(hits))):
                print("      ", repr(s[:220]))


def cmd_abbrev():
    entries = [l.split()[0] for l in data_lines(ROOT / "lexicons/fr/abbreviations.txt") if not l.startswith("[")]
    low, cap, dig, tot = Counter(), Counter(), Counter(), Counter()
    want = set(entries)
    rx = re.compile(r"(?:(?<=^)|(?<=[\s(«\"]))(\S+?\.)\s+(\S)")
    for a in articles():
        for m in rx.finditer(a):
            t = m.group(1)
            if t in want:
                tot[t] += 1
                c = m.group(2)
                if c.islower(): low[t] += 1
                elif c.isupper(): cap[t] += 1
                elif c.isdigit(): dig[t] += 1
    for t in entries:
        print(f"{t}\ttotal={tot[t]}\tlower={low[t]}\tcapital={cap[t]}\tdigit={dig[t]}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["stopwords"] and len(args) == 2:
        cmd_stopwords(args[1])
    elif args[:1] == ["boilerplate-counts"]:
        cmd_boilerplate(int(args[2]) if len(args) > 2 and args[1] == "-k" else 20)
    elif args[:1] == ["abbrev-evidence"]:
        cmd_abbrev()
    else:
        sys.exit(__doc__)
