#!/usr/bin/env python3
"""Build lexicons/fr/lemmas.tsv: every (form, lemma, UPOS) analysis with a corpus-count estimate.

Sources
  * hunspell-fr-comprehensive (Debian package, Grammalecte "toutes variantes" v7.0, MPL-2.0):
    /usr/share/hunspell/fr.dic + fr.aff.  The .dic carries `po:` morphological fields and the
    .aff suffix rules carry `po:` fields too (ppas, ppre, ipre, ...), so every dictionary entry is
    expanded here by applying its suffix rules (prefix rules are only the elisions l' d' qu'
    ..., which Precis's tokenizer splits off, so they are not applied).
  * Gold (form, lemma, UPOS) counts from UD French-Sequoia *train* only
    ($PRECIS_SHARED/ud-french/fr_sequoia-ud-train.conllu, LGPL-LR).  Dev files are never read.
  * Surface-form counts from OrangeSum train articles (CC BY-SA 4.0), used only as numbers.

Analyses
  * Verb entries (po:v...): lemma = the infinitive (the .dic word); every suffix-rule form is a
    VERB analysis.  Past participles (po:ppas) also get an ADJ analysis whose lemma is the
    masculine singular participle (UD convention: `connue` ADJ -> `connu`); present
    participles (po:ppre) also get an ADJ analysis with lemma = the form.  Forms of
    être/avoir/faire also get an AUX analysis (lemmas seen as AUX in Sequoia train).
  * Other entries: lemma = the .dic word, UPOS mapped from po: (nom NOUN, adj/nbro ADJ,
    adv ADV, npr/prn/patr PROPN, prep ADP, cjco CCONJ, cjsub SCONJ, det* DET, pro*/Npe PRON,
    interj INTJ, nb NUM, titr NOUN); multi-word (loc.*), prefix/suffix and sign entries skipped.
  * Every (form, lemma, UPOS) seen in Sequoia train is added (PUNCT and SYM excepted).

Counts (document of the estimate)
  For a form f let n(a) be the Sequoia-train gold count of analysis a, n_f = sum n(a),
  N_f the OrangeSum-train count of f (lower-cased tokens, elisions split, hyphenated words
  counted whole and by part).  Each analysis gets a prior
      pi(a) ∝ P_seq(UPOS) * (1 + N_lemma)^BETA          (normalised over f's analyses)
  with P_seq the UPOS distribution of Sequoia train tokens, N_lemma the OrangeSum count of
  the lemma as a word form and BETA = --lemma-exponent (default 0: the prior is the UPOS
  distribution alone; 0.25/0.5/1 lowered the most-frequent-analysis accuracy on UD dev by
  0.3-0.9 pt and left the tagger-chosen accuracy unchanged); the share is  p(a) = (n(a) + ALPHA*pi(a)) / (n_f + ALPHA)
  (ALPHA = 1 pseudo-count) and  count(a) = round((N_f + n_f) * p(a)).
  Ties are broken by the prior, then by N_lemma (fil/fils: the more frequent lemma first),
  then lemma and UPOS bytes, and the counts of a form are then made
  strictly decreasing (a count that is not above the next line's becomes next + 1), so the
  first line of a form is always its preferred analysis and no reader depends on a stable sort.

Output  (LC_ALL=C byte order of "form\t", then count descending, then prior descending)
  form<TAB>lemma<TAB>upos<TAB>count      form lower-cased, ’ -> '

Rebuild
  apt-get install -y hunspell-fr-comprehensive
  python3 scripts/data/build_lemmas.py [--min-count K] > lexicons/fr/lemmas.tsv
  (--min-count K drops dictionary forms whose OrangeSum + Sequoia count is < K; default 0
  keeps every form: 15.5 MB.  --min-count 1 keeps only forms seen in either corpus: 2.4 MB.)
"""
import argparse
import collections
import gzip
import json
import math
import os
import re
import sys
import tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from udfrench import SHARED_DATA, norm, read_conllu

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = SHARED_DATA
SEQ_TRAIN = os.path.join(DATA, "ud-french", "fr_sequoia-ud-train.conllu")
ORANGESUM = os.path.join(DATA, "orangesum", "train.jsonl.gz")
DIC = "/usr/share/hunspell/fr.dic"
AFF = "/usr/share/hunspell/fr.aff"
UPOS = "NOUN VERB ADJ ADV AUX PROPN DET PRON ADP CCONJ SCONJ NUM PART INTJ X".split()
AUX_LEMMAS = {"être", "avoir", "faire"}
ALPHA = 1.0

PO_MAP = {
    "nom": "NOUN", "titr": "NOUN", "adj": "ADJ", "nbro": "ADJ",
    "adv": "ADV", "negadv": "ADV", "advint": "ADV",
    "npr": "PROPN", "prn": "PROPN", "patr": "PROPN",
    "prep": "ADP", "prepv": "ADP", "cjco": "CCONJ", "cj": "CCONJ", "cjsub": "SCONJ",
    "det": "DET", "detpos": "DET", "detind": "DET", "detdem": "DET", "detneg": "DET", "detex": "DET",
    "properobj": "PRON", "propersuj": "PRON", "prodem": "PRON", "proind": "PRON", "prorel": "PRON",
    "proint": "PRON", "proneg": "PRON", "proadv": "PRON", "1pe": "PRON", "2pe": "PRON", "3pe": "PRON",
    "interj": "INTJ", "nb": "NUM",
}


def parse_aff(path):
    rules = collections.defaultdict(list)  # flag -> [(strip, add, regex, morph)]
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            p = line.split()
            if len(p) >= 5 and p[0] == "SFX":
                flag, strip, add, cond = p[1], p[2], p[3], p[4]
                morph = p[5:]
                add = add.split("/")[0]
                strip = "" if strip == "0" else strip
                add = "" if add == "0" else add
                rx = re.compile("(?:" + (cond if cond != "." else "") + ")$") if cond != "." else None
                rules[flag].append((strip, add, rx, morph))
    return rules


def expand_dic(dic, aff):
    """Yield (form, lemma, upos) from the hunspell dictionary."""
    rules = parse_aff(aff)
    with open(dic, encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            p = line.split()
            if not p:
                continue
            head, morph = p[0], p[1:]
            word, _, flags = head.partition("/")
            flagl = [flags[i:i + 2] for i in range(0, len(flags), 2)]
            pos = [m[3:] for m in morph if m.startswith("po:")]
            needaffix = "()" in flagl
            forms = []  # (form, rule morph)
            if not needaffix:
                forms.append((word, []))
            for fl in flagl:
                for strip, add, rx, rmorph in rules.get(fl, ()):
                    if strip and not word.endswith(strip):
                        continue
                    if rx is not None and not rx.search(word):
                        continue
                    forms.append((word[: len(word) - len(strip)] + add, rmorph))
            if any(x.startswith("v") and len(x) > 3 for x in pos):
                lemma = word
                ppas_base = None
                for f, rm in forms:
                    if "po:ppas" in rm and ("is:sg" in rm or "is:inv" in rm) and "is:fem" not in rm:
                        ppas_base = f
                        break
                for f, rm in forms:
                    yield f, lemma, "VERB"
                    if lemma in AUX_LEMMAS:
                        yield f, lemma, "AUX"
                    if "po:ppas" in rm and ppas_base:
                        yield f, ppas_base, "ADJ"
                    elif "po:ppre" in rm:
                        yield f, f, "ADJ"
                continue
            ups = {PO_MAP[x] for x in pos if x in PO_MAP}
            for up in ups:
                lem = word if up == "PROPN" else word
                for f, rm in forms:
                    yield f, lem, up


TOKEN_RX = re.compile(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'|\w+(?:[-.]\w+)*|\S", re.U)


def orangesum_counts(cache=os.path.join(tempfile.gettempdir(), "precis_orangesum_counts.json")):
    if os.path.exists(cache):
        with open(cache, encoding="utf-8") as fh:
            return collections.Counter(json.load(fh))
    c = collections.Counter()
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = norm(d.get("title", "") + "\n" + d.get("article", "") + "\n" + d.get("abstract", ""))
            for t in TOKEN_RX.findall(text):
                c[t] += 1
                if "-" in t:
                    for part in t.split("-"):
                        if part:
                            c[part] += 1
    with open(cache, "w", encoding="utf-8") as fh:
        json.dump(c, fh)
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-count", type=int, default=0)
    ap.add_argument("--no-orangesum", action="store_true")
    ap.add_argument("--lemma-exponent", type=float, default=0.0)
    args = ap.parse_args()

    gold = collections.Counter()
    upos_tok = collections.Counter()
    for sent in read_conllu(SEQ_TRAIN):
        for form, lemma, up in sent:
            upos_tok[up] += 1
            if up not in UPOS:
                continue
            lem = lemma if up == "PROPN" else norm(lemma)
            gold[(norm(form), lem, up)] += 1
    tot = sum(upos_tok[u] for u in UPOS)
    p_upos = {u: (upos_tok[u] + 1) / (tot + len(UPOS)) for u in UPOS}

    analyses = collections.defaultdict(set)
    for f, lem, up in expand_dic(DIC, AFF):
        f = norm(f)
        if " " in f:
            continue
        analyses[f].add((lem if up == "PROPN" else norm(lem), up))
    n_dic_forms = len(analyses)
    for (f, lem, up) in gold:
        analyses[f].add((lem, up))

    osum = collections.Counter() if args.no_orangesum else orangesum_counts()
    n_seq_form = collections.Counter()
    for (f, lem, up), n in gold.items():
        n_seq_form[f] += n

    out = []
    dropped = 0
    for f, ans in analyses.items():
        nf = n_seq_form[f]
        total = osum.get(f, 0) + nf
        if nf == 0 and total < args.min_count:
            dropped += 1
            continue
        pri = {}
        for lem, up in ans:
            pri[(lem, up)] = p_upos[up] * (1 + osum.get(norm(lem), 0)) ** args.lemma_exponent
        z = sum(pri.values())
        rows = []
        for (lem, up) in ans:
            pi = pri[(lem, up)] / z
            p = (gold[(f, lem, up)] + ALPHA * pi) / (nf + ALPHA)
            rows.append((f, lem, up, int(round(total * p)), pi))
        rows.sort(key=lambda r: (-r[3], -r[4], -osum.get(norm(r[1]), 0), r[1].encode(), r[2]))
        # Make counts strictly decreasing within a form, so that "highest count first" never
        # depends on a stable sort: raise a tied or rounded-down count to next + 1.
        for k in range(len(rows) - 2, -1, -1):
            if rows[k][3] <= rows[k + 1][3]:
                rows[k] = rows[k][:3] + (rows[k + 1][3] + 1,) + rows[k][4:]
        out.append((f.encode() + b"\t", rows))
    out.sort(key=lambda x: x[0])
    w = sys.stdout
    w.write("# French lemma analyses: form<TAB>lemma<TAB>upos<TAB>count (all analyses of a form, count descending)\n")
    w.write("# sources: hunspell-fr-comprehensive (Debian, Grammalecte dictionary v7.0 by Olivier R.), MPL-2.0, expanded with its suffix rules;\n")
    w.write("#          UD French-Sequoia train gold lemmas/UPOS (LGPL-LR); OrangeSum train surface counts (CC BY-SA 4.0, numbers only)\n")
    w.write("# licence: MPL-2.0 (hunspell-fr data); Sequoia-derived counts LGPL-LR\n")
    w.write("# count: (OrangeSum count + Sequoia count of the form) split by p(a) = (gold(a) + prior(a)) / (gold(form) + 1),\n")
    w.write("#        prior(a) ∝ P_sequoia(upos); ties: higher OrangeSum count of the lemma first; counts made strictly decreasing per form\n")
    w.write("# min-count %d (forms with a smaller OrangeSum+Sequoia count dropped); %d forms, %d dictionary forms dropped\n"
            % (args.min_count, len(out), dropped))
    w.write("# version: 1\n")
    w.write("# rebuild: apt-get install -y hunspell-fr-comprehensive && python3 scripts/data/build_lemmas.py > lexicons/fr/lemmas.tsv\n")
    for _, rows in out:
        for f, lem, up, cnt, _ in rows:
            w.write("%s\t%s\t%s\t%d\n" % (f, lem, up, cnt))
    print("dic forms %d, written forms %d, dropped %d" % (n_dic_forms, len(out), dropped), file=sys.stderr)


if __name__ == "__main__":
    main()
