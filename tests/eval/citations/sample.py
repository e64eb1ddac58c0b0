#!/usr/bin/env python3
"""Draw the vague-citation evaluation sample from the FNC-1 training bodies.

Deterministic (fixed seed, sorted inputs), standard library only, Python 3.11.

    python3 sample.py [--data DIR] [--out sample.csv] [--seed 20240611]
                      [--cue N] [--random N] [--extra N] [--cap 3]

Writes sample.csv with columns body_id,start,end,draw where start/end are
byte offsets into <BodyID>.txt (the sentence is bytes[start:end]) and draw is
`cue` (drawn from sentences matching the attribution cue list) or `random`
(drawn uniformly from all eligible sentences).  --extra N appends a second
pass of N further cue sentences (draw=`cue`, appended after the first pass so
that the first-pass rows do not change); it defaults to 0 because the first
pass already yields enough `vague` positives (see README.md).

No sentence text is written, only ids and offsets.
"""
import argparse
import csv
import hashlib
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "fnc-1", "stories-train"))

MIN_BYTES, MAX_BYTES = 20, 600

# Broad attribution cue list (case-insensitive, whole words / word starts).
CUES = [
    r"said", r"says", r"saying", r"say", r"told", r"tells", r"according to",
    r"reported(?:ly)?", r"reports?", r"reporting", r"claim(?:s|ed|ing)?",
    r"believe[ds]?", r"sources?", r"analysts?", r"experts?", r"officials?",
    r"alleged(?:ly)?", r"allegations?", r"stud(?:y|ies)", r"surveys?",
    r"research(?:ers)?", r"poll", r"insiders?", r"observers?", r"critics?",
    r"spokes(?:man|woman|person)", r"statement", r"announced", r"confirmed",
    r"denied", r"rumou?rs?", r"rumou?red", r"suggest(?:s|ed)?", r"stated",
    r"wrote", r"writes", r"tweeted", r"explained", r"added", r"noted",
    r"revealed", r"insist(?:s|ed)?", r"warn(?:s|ed)?", r"estimated?",
    r"familiar with", r"anonymity", r"unnamed", r"purported(?:ly)?",
    r"supposedly", r"apparently", r"is thought", r"are thought", r"it is understood",
]
CUE_RE = re.compile(r"\b(?:" + "|".join(CUES) + r")\b", re.IGNORECASE)

# Sentence splitter --------------------------------------------------------
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets)
# when whitespace and then an opening quote, bracket, digit or capital follow.
# Newlines always end a sentence (bodies are paragraphed by newlines).
BOUNDARY_RE = re.compile(
    r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]*[A-Z0-9])")
ABBREV = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen",
          "rep", "lt", "col", "capt", "sgt", "no", "vs", "inc", "co", "corp",
          "ltd", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov",
          "dec", "mt", "ft", "rev", "fig", "approx", "est"}
WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)$")


def _is_abbrev(text, dot_pos):
    """True if the '.' at dot_pos ends an abbreviation (Mr., U.S., J.)."""
    m = WORD_BEFORE_RE.search(text, 0, dot_pos)
    if not m:
        return False
    word = m.group(1)
    if word.lower().strip(".") in ABBREV:
        return True
    # initials and dotted acronyms: J. / U.S. / U.N.
    if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Z]", word):
        return True
    return False


def split_sentences(text):
    """Yield (char_start, char_end) spans of sentences in text (str)."""
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_end = para.span()
        cur = p_start
        for m in BOUNDARY_RE.finditer(text, p_start, p_end):
            if text[m.start()] == "." and m.group(0).startswith(".") \
                    and len(m.group(0).rstrip("\"'\u201d\u2019)]")) == 1 \
                    and _is_abbrev(text, m.start()):
                continue
            yield from _trimmed(text, cur, m.end())
            cur = m.end()
        yield from _trimmed(text, cur, p_end)


def _trimmed(text, s, e):
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        yield s, e


def byte_spans(text):
    """Sentence spans as UTF-8 byte offsets."""
    # prefix table: char index -> byte offset
    offs = [0] * (len(text) + 1)
    b = 0
    for i, ch in enumerate(text):
        offs[i] = b
        b += len(ch.encode("utf-8", "surrogatepass"))
    offs[len(text)] = b
    for s, e in split_sentences(text):
        yield offs[s], offs[e], text[s:e]


# Data ---------------------------------------------------------------------
def load_bodies(data_dir):
    """Map body_id(int) -> (path, story_id); first story folder in sorted order."""
    bodies = {}
    for story in sorted(os.listdir(data_dir)):
        sdir = os.path.join(data_dir, story)
        if not os.path.isdir(sdir):
            continue
        for fn in sorted(os.listdir(sdir)):
            if fn.endswith(".txt"):
                bid = int(fn[:-4])
                bodies.setdefault(bid, (os.path.join(sdir, fn), story))
    return bodies


def eligible_sentences(data_dir):
    """List of (body_id, start, end, is_cue) over distinct body texts."""
    seen_text = set()
    out = []
    for bid, (path, _story) in sorted(load_bodies(data_dir).items()):
        raw = open(path, "rb").read()
        h = hashlib.sha256(raw).hexdigest()
        if h in seen_text:          # 14 bodies duplicate another body's text
            continue
        seen_text.add(h)
        text = raw.decode("utf-8")
        for s, e, sent in byte_spans(text):
            if not (MIN_BYTES <= e - s <= MAX_BYTES):
                continue
            assert raw[s:e].decode("utf-8") == sent
            out.append((bid, s, e, bool(CUE_RE.search(sent))))
    return out


def draw(sents, seed, n_cue, n_random, n_extra, cap):
    rng = random.Random(seed)
    per_body = {}
    chosen = set()
    rows = []

    def take(pool, n, label):
        got = 0
        for item in pool:
            if got >= n:
                break
            key = item[:3]
            if key in chosen or per_body.get(item[0], 0) >= cap:
                continue
            chosen.add(key)
            per_body[item[0]] = per_body.get(item[0], 0) + 1
            rows.append((item[0], item[1], item[2], label))
            got += 1
        if got < n:
            sys.exit(f"pool exhausted for {label}: {got}/{n}")

    cue_pool = [s for s in sents if s[3]]
    rng.shuffle(cue_pool)
    all_pool = list(sents)
    rng.shuffle(all_pool)
    take(cue_pool, n_cue, "cue")
    take(all_pool, n_random, "random")
    if n_extra:
        # second pass continues through the same shuffled cue pool
        take(cue_pool, n_extra, "cue")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default=os.path.join(HERE, "sample.csv"))
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--cue", type=int, default=240, help="first-pass cue sentences")
    ap.add_argument("--random", type=int, default=80, help="uniform random sentences")
    ap.add_argument("--extra", type=int, default=0,
                    help="second-pass cue sentences, added if positives are short")
    ap.add_argument("--cap", type=int, default=3, help="max sentences per body")
    a = ap.parse_args()
    sents = eligible_sentences(a.data)
    rows = draw(sents, a.seed, a.cue, a.random, a.extra, a.cap)
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["body_id", "start", "end", "draw"])
        w.writerows(rows)
    n_cue = sum(1 for r in rows if r[3] == "cue")
    print(f"{len(sents)} eligible sentences ({sum(s[3] for s in sents)} with a cue); "
          f"wrote {len(rows)} rows ({n_cue} cue, {len(rows) - n_cue} random) "
          f"from {len({r[0] for r in rows})} bodies to {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
