#!/usr/bin/env python3
"""Speaker accuracy per evidence class ("named", "pronoun", ...), to decide what the reader shows.

    presscut analyze --input-jsonl GOLD.jsonl > OUT.jsonl
    python3 tests/eval/by_evidence.py OUT.jsonl GOLD.jsonl

A predicted quote is matched to the gold quote it overlaps by at least half (as score_quotes.py
does); gold quotes without a speaker, or with an unresolved pronoun, are not scored. Lenient:
the two names share a capitalised word.
"""
import json
import sys
from collections import Counter


def caps(s):
    return {w.strip(".,") for w in (s or "").split() if w[:1].isupper()}


def main():
    pred = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            pred[d["id"]] = d
    right, total = Counter(), Counter()
    for line in open(sys.argv[2], encoding="utf-8"):
        if not line.strip():
            continue
        g = json.loads(line)
        P = pred.get(g["id"], {}).get("quotes", [])
        for q in P:
            ev = q.get("evidence") or "none"
            best = None
            for gq in g["quotes"]:
                o = min(q["end"], gq["end"]) - max(q["start"], gq["start"])
                if o > 0 and o >= 0.5 * max(q["end"] - q["start"], gq["end"] - gq["start"]):
                    best = gq
                    break
            if best is None or best.get("kind") == "other":
                continue
            want = [best.get("speaker_resolved"), best.get("speaker")]
            want = [w for w in want if w and w.lower() not in ("he", "she", "they", "it")]
            if not want:
                continue
            total[ev] += 1
            right[ev] += any(caps(q.get("speaker")) & caps(w) for w in want)
    for ev in sorted(total):
        print(f"{ev:12s} {right[ev]:4d}/{total[ev]:<4d} {100 * right[ev] / total[ev]:6.1f} %")


if __name__ == "__main__":
    main()
