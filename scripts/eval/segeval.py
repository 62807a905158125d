#!/usr/bin/env python3
"""segeval.py - measure French sentence segmentation on UD gold sentences.

Dev-time tool (stdlib only).  Builds pseudo-documents from the `# text = ...`
lines of UD .conllu files (runs of 10 consecutive sentences, last partial run
kept if it has >= 2 sentences) in two variants:

  space  the sentences joined with one space
  glued  same, but no space after sentences 3, 6 and 9 of each run
         (`...fin.Début`, as in scraped news)

Gold boundaries are the character offsets where each sentence after the first
one of a document starts.  Each splitter's predicted boundaries are compared
with them: precision / recall / F1, micro-averaged over all documents.

Splitters:
  regex   built-in rule-based splitter (the peer baseline), always run
          unless --no-regex
  --cmd   external commands, 'LABEL=COMMAND' or just 'COMMAND' (label = first
          word).  All documents of a variant are written to one temp file,
          separated by a blank line ("\n\n"), and the command is run once per
          variant.  If COMMAND contains `{}` it is replaced by the file path,
          otherwise the file is fed on stdin.  The command must print one
          sentence per line (text taken verbatim from the input; surrounding
          whitespace is ignored, internal whitespace may be normalised).
          Boundaries at the blank lines are free: only boundaries strictly
          inside a document count.

Also reported: the share of gold sentences that do not end with . ! ? … (plus
closing quotes/brackets), i.e. boundaries no punctuation-driven splitter finds,
and 'R punct.', the recall on the other boundaries.  --plus adds 'regex+',
the regex splitter with layout heuristics for unpunctuated ends.

Examples:
  scripts/eval/segeval.py
  scripts/eval/segeval.py --plus
  scripts/eval/segeval.py --cmd 'precis=.build/release/precis sentences'
  scripts/eval/segeval.py --cmd 'icu=.build/release/precis sentences --splitter icu {}'
  scripts/eval/segeval.py --errors 15 --label regex --variant glued
"""
import argparse
import bisect
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_FILES = ["fr_gsd-ud-dev.conllu", "fr_sequoia-ud-dev.conllu", "fr_sequoia-ud-train.conllu"]
VARIANTS = ("space", "glued")

# --------------------------------------------------------------------------
# Data


def read_sentences(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# text ="):
                s = line[len("# text ="):].strip()
                if s:
                    out.append(s)
    return out


def make_docs(sents, size=10):
    docs = [sents[i:i + size] for i in range(0, len(sents), size)]
    if docs and len(docs[-1]) < 2:
        docs.pop()
    return docs


def build(doc_sents, variant, glue_every=3):
    """Return (text, gold boundary offsets)."""
    parts, gold, pos = [], [], 0
    for i, s in enumerate(doc_sents):
        if i > 0:
            sep = "" if (variant == "glued" and i % glue_every == 0) else " "
            parts.append(sep)
            pos += len(sep)
            gold.append(pos)
        parts.append(s)
        pos += len(s)
    return "".join(parts), gold


# --------------------------------------------------------------------------
# Built-in regex splitter (peer baseline)

UP = "A-ZÀ-ÖØ-ÞŒ"
LO = "a-zß-öø-ÿœ"
TERM = r"(?:\.{1,3}|…|[!?]+(?:[!?.…]*))"
CLOSE = "»\"”’)\\]'"
OPEN = "«\"“‘(\\[¿¡"
DASH = "\\-–—•"

# Lower-cased abbreviations that are (almost) never a sentence end when
# followed by a capital.  'etc' is deliberately absent (ends sentences often).
ABBREV = set("""
m mm mme mmes mlle mlles mr mrs ms dr drs pr me mes mgr st ste sts stes
r p pp pt vol vols n no nos nº art arts chap ch sect éd ed eds coll fig figs ill
av apr bd boul fg pl rte ave ch cf cf conf voy ex env hab tél tel fax
janv févr fevr avr juil juill sept oct nov déc dec
lun mar mer jeu ven sam dim
gén gal col cdt cne lt ltn sgt adj cap
prof profs dir éds trad réf ref ann anc approx
jr sr inc ltd co corp cie ets sté
mt mts
""".split())
# Abbreviations that end a sentence when a capital follows but are usually
# inside one - treated as non-final only if the next word is a likely name.
INITIAL_RE = re.compile(r"(?:^|[\s(«\"'’\-])([" + UP + r"])\.$")
# multi-dot abbreviations: J.-C., c.-à-d., U.S.A., S.A.R.L., ...
MULTIDOT_RE = re.compile(r"(?:[" + UP + LO + r"]{1,2}\.-?){2,}$")
# words directly before '.'
WORD_BEFORE_RE = re.compile(r"([\w'’\-]+)\.$")
ROMAN_RE = re.compile(r"^[IVXLC]+$")

# Candidate boundary: terminator, optional closers, whitespace, then a
# sentence-start-ish character.
CAND_RE = re.compile(
    TERM + r"(?:[" + CLOSE + r"]|\s[»”](?=\s))*?(\s+)(?=[" + UP + r"0-9" + OPEN + DASH + r"])"
)
# Glued sentences: word of >= 2 lowercase letters (or digit/closer), terminator,
# no space, capitalised word.
GLUED_RE = re.compile(
    r"(?:(?:\w[" + LO + r"]|[" + UP + r"]+|[" + LO + r"][" + UP + r"]|[0-9%)»\"”])(?:[.!?…]|\.\.\.)|[\w»\"”)]\s?[!?]+[.…]*)"
    r"[" + CLOSE + r"]*"
    r"(?=[" + UP + r"](?:[" + LO + UP + r"’']|\s)|M\.\s|[\"“][" + UP + r"]|«\s?[" + UP + r"])"
)
# glued, then a lower-case sentence start (UD lower-cases some initial 'À')
# or a dash bullet: 'prochain.à ce jour', 'mondiale.- Une analyse'
GLUED2_RE = re.compile(
    r"(?:[" + LO + r"]{2,}\)?)[.!?](?=(?:à|il|ils|on|c['’]|puis)\s|[\-–—]\s)"
)
LOWER_RE = re.compile(r"(?<![\w.\-])([\w]*[" + LO + r"]{2})\)?\.\s+(?=[" + LO + r"])")
BULLET_RE = re.compile(r"[;:]\s+(?=[\-–—•]\s)")


STARTERS = set("""Le La Les L' Il Elle Ils Elles On Je Nous Vous Tu Ce Cet Cette Ces C'
Un Une Des Du De D' Au Aux En Dans Pour Par Sur Avec Sans Mais Et Or Donc Puis Alors
Selon Depuis Après Avant Lors Quand Si Son Sa Ses Leur Leurs Cela Ceci Ça Mon Ma Mes
Notre Nos Votre Vos Il Y Aucun Chaque Tout Tous Toute Toutes Plusieurs Pourtant Enfin
Ainsi Cependant Néanmoins Toutefois Qui Que Quel Quelle Quels Quelles Comment Pourquoi
À A Ne N' S' J' Qu' Parmi Malgré Entre Outre Face Grâce Contrairement Comme""".split())


def _next_word(text, pos):
    m = re.compile(r"\s*[«\"“(\[]?\s*([\w]+['’]?)").match(text, pos)
    if not m:
        return ""
    return m.group(1).replace("’", "'")


def _is_abbrev(text, dot):
    """text[dot] == '.' ; decide whether the period belongs to an abbreviation."""
    left = text[max(0, dot - 30):dot + 1]
    nxt = _next_word(text, dot + 1)
    if INITIAL_RE.search(left):
        # single capital initial 'J.' ('J. Chirac'); a following sentence
        # starter word ('Le', 'Il', ...) still allows the split.
        return nxt not in STARTERS
    m = MULTIDOT_RE.search(left)
    if m:
        tok = m.group(0)
        # lower-case multi-dots (c.-à-d., p.ex.) never end a sentence;
        # 'J.-C.', 'H.R.F.', 'U.S.A.' do only before a sentence starter word.
        if tok[0].islower():
            return True
        return nxt not in STARTERS
    m = WORD_BEFORE_RE.search(left)
    if not m:
        return False
    w = m.group(1)
    wl = w.lower()
    if wl in ABBREV:
        # 'M.' 'Mme.' etc.; but a lower-case word that happens to be in the
        # list and is a real word ('me', 'mer', 'sept', 'ex', ...) at a sentence
        # end must not block the split
        if w[0].isupper() or wl in {"cf", "av", "apr", "bd", "janv", "févr", "fevr",
                                    "avr", "juil", "juill", "déc", "oct", "nov",
                                    "pp", "p", "éd", "coll", "fig", "chap", "vol",
                                    "n", "no", "nº", "art", "tél", "env", "hab",
                                    "réf", "trad", "approx", "gén", "prof", "dir"}:
            return True
    return False


def regex_split(text):
    """Return sorted boundary offsets (start offsets of sentences 2..n)."""
    bounds = set()
    for m in CAND_RE.finditer(text):
        start = m.end()
        term_end = m.start(1)  # end of terminator+closers
        # find the terminator char position (skip closers backwards)
        j = term_end - 1
        while j >= 0 and (text[j] in CLOSE or text[j].isspace()):
            j -= 1
        if j < 0:
            continue
        k = m.start()
        if k > 0 and text[k - 1] in "([":
            continue  # '(...)' / '[...]' elision marks are not sentence ends
        if text[j] == "." and (j == 0 or text[j - 1] != "."):
            if _is_abbrev(text, j):
                continue
        nxt = text[start]
        if nxt in "»”" and text.count("«", 0, start) > text.count("»", 0, start):
            m2 = re.compile(r'[»”]\s+(?=[' + UP + r'0-9«“\-–—])').match(text, start)
            if m2:
                bounds.add(m2.end())
            continue
        if nxt == '"' and text[start + 1:start + 2].isspace() and \
                text.count('"', 0, start) % 2 == 1 or text[start + 1:start + 2] == "\n":
            # straight quote followed by a space closes a quotation
            # ('bête ! " Les'): the boundary, if any, is after it
            m2 = re.compile(r'"\s+(?=[' + UP + r'0-9«“\-–—])').match(text, start)
            if m2:
                bounds.add(m2.end())
            continue
        if text.endswith("Yahoo!", 0, j + 1):
            continue
        # closing bracket alone after '.' inside a parenthetical: ok.
        # a digit start after '.' : '1.' list numbers are fine; avoid splitting
        # inside numbers like 'p. 12' (handled by abbrev).
        if nxt in DASH:
            # dash must be a bullet/dialogue dash followed by space
            if start + 1 >= len(text) or not text[start + 1].isspace():
                if nxt != "-" or not (start + 1 < len(text) and text[start + 1].isalpha() and text[start + 1].isupper()):
                    continue
        bounds.add(start)
    for m in GLUED_RE.finditer(text):
        pos = m.end()
        # skip URLs / domains: 'Orange.fr', 'www.Foo' - require the left token
        # not to contain '/', '@' or 'www'
        ls = text.rfind(" ", 0, pos) + 1
        tok = text[ls:pos]
        if "://" in tok or "@" in tok or tok.lower().startswith("www"):
            continue
        j = pos - 1
        while j >= 0 and text[j] in CLOSE:
            j -= 1
        if text[j] == "." and _is_abbrev(text, j):
            continue
        if text[j - 1].isdigit() and not (text[pos + 1:pos + 2].islower() or text[pos + 1:pos + 2] in "'’" or text[pos] in '"«“'):
            continue  # '10.JPG', 'v2.0RC'
        if text.endswith("Yahoo!", 0, j + 1):
            continue
        if text[pos - 1] == '"' and text.count('"', 0, pos - 1) % 2 == 0:
            pos -= 1  # '...fin."Début' : the quote opens the next sentence
        bounds.add(pos)
    for m in GLUED2_RE.finditer(text):
        tok = text[text.rfind(" ", 0, m.end()) + 1:m.end()]
        if "://" in tok or "@" in tok or tok.lower().startswith("www"):
            continue
        w = re.search(r"(\w+)\)?[.!?]$", tok)
        if w and w.group(1).lower() in ABBREV:
            continue
        bounds.add(m.end())
    for m in LOWER_RE.finditer(text):
        # '... sécurité. à ce jour' : a period after a real word followed by
        # a lower-case word (UD lower-cases some sentence-initial 'À')
        w = m.group(1)
        if len(w) < 3 or w.lower() in ABBREV or w in ("etc", "cf", "env", "hab", "av", "apr"):
            continue
        bounds.add(m.end())
    for m in BULLET_RE.finditer(text):
        bounds.add(m.end())
    return sorted(bounds)


# 'regex+': the same rules plus layout heuristics for text without final
# punctuation (headings, list items ending with ';'), precision ~85-95% each
# on UD French.  Not what a usual regex splitter does; shows what is left.
_STARTW = r"(?:Le|La|Les|Il|Elle|Ils|Elles|Ce|Cette|Ces|Nous|Je|On|Si|Pour|Dans)"
PLUS_RES = [
    re.compile(r";\s+(?=[" + UP + r"])"),                                   # 'classiques ; De son vivant'
    re.compile(r"[" + LO + r"]{3,}\)?\s+(?=" + _STARTW + r"\s+[" + LO + r"])"),  # 'sécurité Le maire a'
    re.compile(r"\)\s+(?=" + _STARTW + r"\s)"),                              # '(DMO) Par ...'
]


def regex_plus_split(text):
    b = set(regex_split(text))
    for r in PLUS_RES:
        for m in r.finditer(text):
            b.add(m.end())
    return sorted(b)


# --------------------------------------------------------------------------
# External commands

_WS = re.compile(r"\s+")


def _loose_pattern(line):
    chunks = [re.escape(c) for c in _WS.split(line) if c]
    return re.compile(r"\s*".join(chunks))


def map_lines(batch, lines, errors, max_skip=400):
    """Map output lines to start offsets in batch (sequential search)."""
    starts = []
    pos = 0
    n = len(batch)
    for ln in lines:
        line = ln.strip()
        if not line:
            continue
        p = pos
        while p < n and batch[p].isspace():
            p += 1
        if batch.startswith(line, p):
            starts.append(p)
            pos = p + len(line)
            continue
        pat = _loose_pattern(line)
        m = pat.match(batch, p)
        if m:
            starts.append(p)
            pos = m.end()
            continue
        m = pat.search(batch, p, min(n, p + max_skip + len(line) * 3))
        if m:
            errors.append("skipped %d chars before line: %r (skipped %r)"
                          % (m.start() - p, line[:60], batch[p:m.start()][:60]))
            starts.append(m.start())
            pos = m.end()
            continue
        errors.append("line not found at offset %d: %r (input there: %r)"
                      % (p, line[:60], batch[p:p + 60]))
        # do not advance; next line may resync
    return starts


def run_command(cmd, batch):
    try:
        return _run_command(cmd, batch)
    except (OSError, subprocess.SubprocessError) as e:
        sys.stderr.write("command %r failed: %s\n" % (cmd, e))
        return []


def _run_command(cmd, batch):
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as tf:
        tf.write(batch)
        path = tf.name
    try:
        if "{}" in cmd:
            argv = [a.replace("{}", path) for a in shlex.split(cmd)]
            stdin = subprocess.DEVNULL
            proc = subprocess.run(argv, stdin=stdin, capture_output=True, timeout=1800)
        else:
            with open(path, "rb") as fin:
                proc = subprocess.run(shlex.split(cmd), stdin=fin, capture_output=True, timeout=1800)
    finally:
        os.unlink(path)
    if proc.returncode != 0:
        sys.stderr.write("command %r exited with %d:\n%s\n"
                         % (cmd, proc.returncode, proc.stderr.decode("utf-8", "replace")[-2000:]))
    return proc.stdout.decode("utf-8", "replace").splitlines()


# --------------------------------------------------------------------------
# Scoring


class Score:
    def __init__(self):
        self.tp = self.fp = self.fn = 0
        self.nfind = self.tpfind = 0
        self.fps, self.fns = [], []  # (text, offset)

    def add(self, text, gold, pred, findable=()):
        g, p = set(gold), set(pred)
        self.nfind += len(findable)
        self.tpfind += len(p & set(findable))
        for b in sorted(p - g):
            self.fps.append((text, b))
        for b in sorted(g - p):
            self.fns.append((text, b))
        tp = len(g & p)
        self.tp += tp
        self.fp += len(p) - tp
        self.fn += len(g) - tp

    def prf(self):
        P = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        R = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        F = 2 * P * R / (P + R) if P + R else 0.0
        return P, R, F

    def rfind(self):
        return self.tpfind / self.nfind if self.nfind else 0.0


def context(text, off, w=40):
    a = text[max(0, off - w):off]
    b = text[off:off + w]
    return ("…" if off - w > 0 else "") + a + "|" + b + ("…" if off + w < len(text) else "")


UNPUNCT_OK = re.compile(r"(?:[.!?…]|\.\.\.)[" + CLOSE + r"]*$")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="conllu files (default: %s under the shared data folder's ud-french/)" % ", ".join(DEFAULT_FILES))
    ap.add_argument("--data", default=os.environ.get("PRECIS_SHARED", os.path.join(REPO, "..", "shared", "data")), help="shared data folder (default $PRECIS_SHARED or <repo>/../shared/data)")
    ap.add_argument("--cmd", action="append", default=[], help="external splitter 'LABEL=COMMAND' (repeatable)")
    ap.add_argument("--no-regex", action="store_true", help="skip the built-in regex splitter")
    ap.add_argument("--plus", action="store_true", help="also run 'regex+' (regex + layout heuristics for unpunctuated ends)")
    ap.add_argument("--variant", choices=VARIANTS, action="append", help="only these variants (default both)")
    ap.add_argument("--run", type=int, default=10, help="sentences per document (default 10)")
    ap.add_argument("--errors", type=int, default=0, help="print N sample FPs and FNs for --label")
    ap.add_argument("--label", default=None, help="splitter label for --errors (default: first splitter)")
    ap.add_argument("--seed", type=int, default=0, help="sample errors evenly (0) or randomly with this seed")
    ap.add_argument("--show-cmd-errors", type=int, default=10, help="how many mapping errors to print per command")
    args = ap.parse_args()

    t0 = time.time()
    files = args.files or [os.path.join(args.data, "ud-french", f) for f in DEFAULT_FILES]
    variants = args.variant or list(VARIANTS)

    # documents (never crossing files)
    docs, per_file, docfile = [], [], []
    for fi, f in enumerate(files):
        sents = read_sentences(f)
        d = make_docs(sents, args.run)
        docs.extend(d)
        docfile.extend([fi] * len(d))
        bad = [s for s in sents if not UNPUNCT_OK.search(s)]
        # boundaries whose previous sentence is unpunctuated (within documents)
        nb = sum(len(x) - 1 for x in d)
        nbad = sum(1 for x in d for s in x[:-1] if not UNPUNCT_OK.search(s))
        per_file.append((os.path.basename(f), len(sents), len(d), len(bad), nb, nbad))

    splitters = []
    if not args.no_regex:
        splitters.append(("regex", regex_split))
        if args.plus:
            splitters.append(("regex+", regex_plus_split))
    for c in args.cmd:
        if "=" in c.split()[0] if c.split() else False:
            label, command = c.split("=", 1)
        else:
            label, command = os.path.basename(shlex.split(c)[0]), c
        splitters.append((label.strip(), command.strip()))
    labels = [s[0] for s in splitters]
    if len(set(labels)) != len(labels):
        sys.exit("duplicate splitter labels: %s (use LABEL=COMMAND)" % labels)

    findable = []  # per doc: gold boundaries whose previous sentence ends with punctuation
    for d in docs:
        _, g = build(d, "space")
        findable.append([i for i, (b, prev) in enumerate(zip(g, d)) if UNPUNCT_OK.search(prev)])
    map_problems = {}
    results = {}  # (label, variant) -> Score ; (label, variant, file index) -> Score
    timings = {}
    for variant in variants:
        built = [build(d, variant) for d in docs]
        for label, command in splitters:
            sc = Score()
            ts = time.time()
            if callable(command):
                preds = [command(text) for text, _ in built]
            else:
                sep = "\n\n"
                batch = sep.join(t for t, _ in built) + "\n"
                doc_starts, p = [], 0
                for t, _ in built:
                    doc_starts.append(p)
                    p += len(t) + len(sep)
                lines = run_command(command, batch)
                errs = []
                starts = map_lines(batch, lines, errs)
                map_problems[(label, variant)] = (len(errs), len(lines))
                if errs:
                    print("\n%s/%s: %d mapping problems (of %d lines)" % (label, variant, len(errs), len(lines)), file=sys.stderr)
                    for e in errs[:args.show_cmd_errors]:
                        print("  " + e, file=sys.stderr)
                preds = [[] for _ in built]
                for s in starts:
                    k = bisect.bisect_right(doc_starts, s) - 1
                    if k < 0:
                        continue
                    rel = s - doc_starts[k]
                    if 0 < rel < len(built[k][0]):
                        preds[k].append(rel)
            fsc = [Score() for _ in files]
            for k, ((text, gold), pr) in enumerate(zip(built, preds)):
                fb = [gold[i] for i in findable[k]]
                sc.add(text, gold, pr, fb)
                fsc[docfile[k]].add(text, gold, pr, fb)
            for fi, x in enumerate(fsc):
                results[(label, variant, fi)] = x
            timings[(label, variant)] = time.time() - ts
            results[(label, variant)] = sc

    ndocs = len(docs)
    nb = sum(len(d) - 1 for d in docs)
    print("## Sentence segmentation on UD French (%d documents, %d gold boundaries per variant)\n" % (ndocs, nb))
    print("| splitter | variant | P | R | F1 | TP | FP | FN | R punct. | s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, _ in splitters:
        for variant in variants:
            sc = results[(label, variant)]
            P, R, F = sc.prf()
            print("| %s | %s | %.2f | %.2f | **%.2f** | %d | %d | %d | %.2f | %.1f |"
                  % (label, variant, 100 * P, 100 * R, 100 * F, sc.tp, sc.fp, sc.fn, 100 * sc.rfind(), timings[(label, variant)]))
    for (label, variant), (ne, nl) in map_problems.items():
        if nl == 0:
            print("\n**%s / %s: the command printed nothing (failed? see stderr)**" % (label, variant))
        elif ne:
            print("\n**%s / %s: %d mapping problems for %d output lines (see stderr)**" % (label, variant, ne, nl))
    print("\nR punct. = recall on the boundaries after gold sentences that end with . ! ? … (+ closers).")
    print("\n### F1 by file\n")
    names = [os.path.basename(f).replace(".conllu", "") for f in files]
    print("| splitter | variant | " + " | ".join(names) + " |")
    print("|---|---|" + "---:|" * len(names))
    for label, _ in splitters:
        for variant in variants:
            cells = []
            for fi in range(len(files)):
                x = results[(label, variant, fi)]
                P, R, F = x.prf()
                cells.append("%.2f (P %.1f R %.1f)" % (100 * F, 100 * P, 100 * R))
            print("| %s | %s | %s |" % (label, variant, " | ".join(cells)))

    print("\n### Gold sentences without final punctuation (no splitter can find the boundary after them)\n")
    print("| file | sentences | unpunctuated | share | in-doc boundaries after one | share of boundaries |")
    print("|---|---:|---:|---:|---:|---:|")
    tot = [0, 0, 0, 0]
    for name, n, nd, nbad, nbnd, nbb in per_file:
        print("| %s | %d | %d | %.1f%% | %d / %d | %.1f%% |" % (name, n, nbad, 100 * nbad / max(1, n), nbb, nbnd, 100 * nbb / max(1, nbnd)))
        tot = [tot[0] + n, tot[1] + nbad, tot[2] + nbnd, tot[3] + nbb]
    print("| all | %d | %d | %.1f%% | %d / %d | %.1f%% |" % (tot[0], tot[1], 100 * tot[1] / max(1, tot[0]), tot[3], tot[2], 100 * tot[3] / max(1, tot[2])))
    print("\n(recall ceiling for a punctuation-driven splitter: %.2f)" % (100 * (1 - tot[3] / max(1, tot[2]))))

    if args.errors:
        label = args.label or splitters[0][0]
        if label not in labels:
            sys.exit("unknown --label %r (have %s)" % (label, labels))
        import random
        rnd = random.Random(args.seed) if args.seed else None
        for variant in variants:
            sc = results[(label, variant)]
            for kind, items in (("false positives", sc.fps), ("false negatives", sc.fns)):
                print("\n### %s / %s: %d %s\n" % (label, variant, len(items), kind))
                if rnd:
                    sample = rnd.sample(items, min(args.errors, len(items)))
                else:
                    step = max(1, len(items) // args.errors) if items else 1
                    sample = items[::step][:args.errors]
                for text, off in sample:
                    print("- `%s`" % context(text, off).replace("`", "'"))
    print("\n(total %.1f s)" % (time.time() - t0), file=sys.stderr)


if __name__ == "__main__":
    main()
