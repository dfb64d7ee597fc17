"""Scoring extracted records against gold annotations, by the rules of the gold GUIDE.

Gold records name an article by `file` (its path under the corpus folder); a predicted
record (`TreatyRecord.to_json()`) belongs to it when its `source.path` ends with that
path. Fields are scored only where the gold says the article is a treaty, and a record
that says it is not one counts as predicting nothing:

- one-slot fields (dates, article count, area, place): both empty is not counted, equal
  is a hit, a wrong or extra prediction a false positive, a wrong or missing one a false
  negative (so a wrong value is both);
- set fields (aliases, parties, signatories, related): each predicted string is a hit
  when it matches a gold item not yet matched, else a false positive; each gold item
  left unmatched is a false negative; a name predicted twice counts once.

Strings match after folding to simplified script and dropping spaces and the marks
《》〈〉「」“”"'·・. A date matches only at the same precision; an area within 2%.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from yuezhang.variants import convert

SLOT_FIELDS = ("signed", "effective", "ended", "article_count", "area_km2", "place")
SET_FIELDS = ("aliases", "parties", "signatories", "related")
FIELDS = SLOT_FIELDS + SET_FIELDS
AREA_TOLERANCE = 0.02

_DROP = re.compile("[\\s《》〈〉「」“”\"'·・]")


def normalise(text: Any) -> str:
    return _DROP.sub("", convert(str(text), "zh-hans"))


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _value(x: Any) -> Any:
    """A predicted fact's value: fact objects carry it as value, name or title."""
    if isinstance(x, dict):
        for key in ("value", "name", "title"):
            if x.get(key) not in (None, ""):
                return x[key]
        return None
    return None if x == "" else x


class _Counts:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def figures(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _slot_equal(field: str, pred: Any, gold: Any) -> bool:
    if field == "area_km2":
        return abs(float(pred) - float(gold)) <= AREA_TOLERANCE * abs(float(gold))
    if field == "article_count":
        return int(pred) == int(gold)
    if field == "place":
        return normalise(pred) in {normalise(g) for g in gold}
    return normalise(pred) == normalise(gold)


def _score_slot(field: str, pred: Any, gold: Any, counts: _Counts) -> None:
    pred = _value(pred)
    if field == "place" and not gold:
        gold = None
    if pred is None and gold is None:
        return
    if pred is not None and gold is not None and _slot_equal(field, pred, gold):
        counts.add(tp=1)
        return
    counts.add(fp=int(pred is not None), fn=int(gold is not None))


def _score_set(pred: list[Any] | None, gold: list[Any] | None, counts: _Counts) -> None:
    items = [{normalise(n) for n in ([g] if isinstance(g, str) else g)} for g in gold or []]
    matched = [False] * len(items)
    names = [normalise(v) for v in map(_value, pred or []) if v is not None]
    for name in dict.fromkeys(names):  # a name predicted twice counts once
        hit = next((i for i, names in enumerate(items) if not matched[i] and name in names), None)
        if hit is None:
            counts.add(fp=1)
        else:
            matched[hit] = True
            counts.add(tp=1)
    counts.add(fn=matched.count(False))


def _find(preds: list[dict[str, Any]], file: str) -> dict[str, Any] | None:
    for p in preds:
        path = str((p.get("source") or {}).get("path", "")).replace("\\", "/")
        if path == file or path.endswith("/" + file):
            return p
    return None


def score(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-field counts and P/R/F1, treaty detection, and the micro average over all fields."""
    fields = {f: _Counts() for f in FIELDS}
    detection = _Counts()
    missing = []
    for g in gold:
        p = _find(preds, g["file"])
        if p is None:
            missing.append(g["file"])
            p = {}
        is_pred, is_gold = bool(p.get("is_treaty")), bool(g["is_treaty"])
        detection.add(
            tp=int(is_pred and is_gold), fp=int(is_pred and not is_gold), fn=int(is_gold and not is_pred)
        )
        if not is_gold:
            continue
        if not is_pred:
            p = {}  # a record that says "not a treaty" asserts no treaty facts
        for f in SLOT_FIELDS:
            _score_slot(f, p.get(f), g.get(f), fields[f])
        for f in SET_FIELDS:
            _score_set(p.get(f), g.get(f), fields[f])
    micro = _Counts()
    for c in fields.values():
        micro.add(c.tp, c.fp, c.fn)
    return {
        "fields": {f: {"tp": c.tp, "fp": c.fp, "fn": c.fn, **c.figures()} for f, c in fields.items()},
        "detection": detection.figures(),
        "micro": micro.figures(),
        "missing_records": missing,
    }


def format_table(result: dict[str, Any]) -> str:
    """The result as a text table: one line per field, then detection and the micro average."""
    lines = [f"{'field':<15}{'tp':>4}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}"]
    for f, c in result["fields"].items():
        lines.append(
            f"{f:<15}{c['tp']:>4}{c['fp']:>5}{c['fn']:>5}{c['p']:>7.3f}{c['r']:>7.3f}{c['f1']:>7.3f}"
        )
    d, m = result["detection"], result["micro"]
    lines.append(f"{'detection':<15}P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f}")
    if result["missing_records"]:
        lines.append(f"no record for {len(result['missing_records'])} gold file(s)")
    lines.append(f"{'micro':<15}P={m['p']:.3f} R={m['r']:.3f} F1={m['f1']:.3f}")
    return "\n".join(lines)
