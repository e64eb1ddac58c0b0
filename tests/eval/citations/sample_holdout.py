#!/usr/bin/env python3
"""Draw the held-out vague-citation sample (disjoint from sample.csv).

Deterministic (fixed seed, sorted inputs), standard library only, Python 3.11.

    python3 sample_holdout.py [--data DIR] [--exclude sample.csv]
                              [--out holdout_sample.csv] [--seed 20261123]
                              [--cue 150] [--random 50] [--cap 3]

Uses the same bodies, sentence splitter, length filter and cue list as
sample.py (imported from it), and the same draw: the cue pool and the full
pool are each shuffled with random.Random(seed), then --cue sentences are
taken from the cue pool (draw=`cue`) and --random from the full pool
(draw=`random`), skipping rows already taken and bodies that already have
--cap sentences in this draw.

Differences from sample.py, all to keep the set held out:
  * a sentence is ineligible if its byte range overlaps any row of the
    exclude file (sample.csv) in the same body, or if its text (whitespace
    collapsed) is identical to the text of any excluded row in any body;
  * after shuffling, each pool is stably reordered so that sentences from
    bodies with no row in the exclude file come first; bodies already used
    there are reached only if the unused ones run out.

Writes body_id,start,end,draw (byte offsets; no sentence text).
"""
import argparse
import csv
import os
import random
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the eval folder
from sample import DEFAULT_DATA, eligible_sentences, load_bodies

HERE = os.path.dirname(os.path.abspath(__file__))


def _norm(b):
    return " ".join(b.decode("utf-8").split())


def read_exclude(path, bodies):
    """Return ({body_id: [(start, end), ...]}, {normalised sentence text})."""
    spans, texts = {}, set()
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            bid, s, e = int(r["body_id"]), int(r["start"]), int(r["end"])
            spans.setdefault(bid, []).append((s, e))
            raw = open(bodies[bid][0], "rb").read()
            texts.add(_norm(raw[s:e]))
    return spans, texts


def filter_pool(sents, bodies, ex_spans, ex_texts):
    cache = {}
    out = []
    for bid, s, e, is_cue in sents:
        if any(s < xe and xs < e for xs, xe in ex_spans.get(bid, ())):
            continue
        if bid not in cache:
            cache = {bid: open(bodies[bid][0], "rb").read()}
        if _norm(cache[bid][s:e]) in ex_texts:
            continue
        out.append((bid, s, e, is_cue))
    return out


def draw(sents, seed, n_cue, n_random, cap, used_bodies):
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

    def unused_first(pool):
        # stable: keeps the shuffled order within each group
        return sorted(pool, key=lambda it: it[0] in used_bodies)

    cue_pool = [s for s in sents if s[3]]
    rng.shuffle(cue_pool)
    all_pool = list(sents)
    rng.shuffle(all_pool)
    take(unused_first(cue_pool), n_cue, "cue")
    take(unused_first(all_pool), n_random, "random")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--exclude", default=os.path.join(HERE, "sample.csv"))
    ap.add_argument("--out", default=os.path.join(HERE, "holdout_sample.csv"))
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--cue", type=int, default=150)
    ap.add_argument("--random", type=int, default=50)
    ap.add_argument("--cap", type=int, default=3, help="max sentences per body (this draw)")
    a = ap.parse_args()
    bodies = load_bodies(a.data)
    ex_spans, ex_texts = read_exclude(a.exclude, bodies)
    sents = eligible_sentences(a.data)
    pool = filter_pool(sents, bodies, ex_spans, ex_texts)
    rows = draw(pool, a.seed, a.cue, a.random, a.cap, set(ex_spans))
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["body_id", "start", "end", "draw"])
        w.writerows(rows)
    n_cue = sum(1 for r in rows if r[3] == "cue")
    n_old = sum(1 for r in rows if r[0] in ex_spans)
    print(f"{len(sents)} eligible sentences, {len(pool)} after excluding "
          f"{a.exclude}; wrote {len(rows)} rows ({n_cue} cue, "
          f"{len(rows) - n_cue} random) from {len({r[0] for r in rows})} bodies "
          f"({n_old} rows from bodies used in the exclude file) to {a.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
