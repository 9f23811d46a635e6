#!/usr/bin/env python3
"""Turns `presscut analyze --input-jsonl` output into the eval scorers' prediction format.

    presscut analyze --input-jsonl GOLD.jsonl | python3 tests/eval/to_eval.py > PRED.jsonl

Labels are mapped as ../shared/eval/README.md says: PERSON->PER, PLACE->LOC, GROUP->MISC; DATE,
ORG, EVENT unchanged; QUANTITY has no counterpart in the gold and is dropped.
"""
import json
import sys

MAP = {"PERSON": "PER", "PLACE": "LOC", "GROUP": "MISC", "ORG": "ORG", "DATE": "DATE", "EVENT": "EVENT"}

for line in sys.stdin:
    if not line.strip():
        continue
    d = json.loads(line)
    ents = [{"start": e["start"], "end": e["end"], "label": MAP[e["label"]]}
            for e in d["entities"] if e["label"] in MAP]
    quotes = [{"start": q["start"], "end": q["end"], "speaker": q["speaker"], "kind": q["kind"]}
              for q in d["quotes"]]
    print(json.dumps({"id": d["id"], "text": d["text"], "entities": ents, "quotes": quotes}))
