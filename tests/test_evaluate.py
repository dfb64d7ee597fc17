"""evaluate.py follows the gold GUIDE and agrees with the reference scorer (run as a subprocess)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from yuezhang import evaluate
from yuezhang.export import run_export
from yuezhang.variants import convert

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold" / "dev.jsonl"


def reference(pred: Path) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score.py"),
            "--gold",
            str(GOLD),
            "--pred",
            str(pred),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return json.loads(out)


def assert_agree(ours: dict[str, Any], ref: dict[str, Any]) -> None:
    assert set(ours["fields"]) == set(ref["fields"])
    for name, counts in ref["fields"].items():
        assert {k: ours["fields"][name][k] for k in counts} == pytest.approx(counts), name
    assert ours["detection"] == pytest.approx(ref["detection"])
    assert ours["micro"] == pytest.approx(ref["micro"])
    assert sorted(ours["missing_records"]) == sorted(ref["missing_records"])


def test_agrees_with_the_reference_scorer_on_the_exported_dev_set(corpus_db: Path, tmp_path: Path) -> None:
    pred = tmp_path / "records.jsonl"
    run_export(corpus_db, "jsonl", pred)
    assert_agree(evaluate.score(evaluate.read_jsonl(GOLD), evaluate.read_jsonl(pred)), reference(pred))


def _perturbed(gold: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """Predictions made from the gold with mistakes of every kind the rules speak of."""
    out = []
    for g in gold:
        if rng.random() < 0.05:
            continue  # a missing record
        p: dict[str, Any] = {"source": {"path": "/elsewhere/corpus/" + g["file"]}, "title": g["title"]}
        p["is_treaty"] = g["is_treaty"] if rng.random() > 0.15 else not g["is_treaty"]
        for f in ("signed", "effective", "ended"):
            v = g.get(f)
            roll = rng.random()
            if roll < 0.2:
                v = "1900-01-01"
            elif roll < 0.3 and v:
                v = v[:4]  # right year, wrong precision
            elif roll < 0.4:
                v = None
            p[f] = {"value": v, "precision": "day"} if v else None
        count = g.get("article_count")
        p["article_count"] = (count + rng.choice([0, 0, 1]) if count else None) if rng.random() > 0.1 else 7
        area = g.get("area_km2")
        p["area_km2"] = (
            area * rng.choice([1.015, 0.985, 1.03]) if area else (5.0 if rng.random() < 0.2 else None)
        )
        places = g.get("place") or []
        if rng.random() < 0.8:
            name = rng.choice(places) if places and rng.random() > 0.2 else "某地"
            p["place"] = {"name": convert(name, "zh-hant") if rng.random() < 0.3 else name}
        else:
            p["place"] = None
        p["aliases"] = [
            f"《{a}》" if rng.random() < 0.3 else a for a in g.get("aliases", []) if rng.random() > 0.3
        ]
        p["aliases"] += ["别名"] if rng.random() < 0.3 else []
        for f, key in (("parties", "name"), ("signatories", "name"), ("related", "title")):
            items = []
            for names in g.get(f) or []:
                if rng.random() < 0.3:
                    continue
                name = rng.choice(names)
                name = convert(name, "zh-hant") if rng.random() < 0.2 else name
                name = name + " " if rng.random() < 0.1 else name
                items.append({key: name})
                if rng.random() < 0.15:
                    items.append({key: name})  # the same name twice
                if rng.random() < 0.1:
                    items.append({key: names[0]})  # another name of the same item
            if rng.random() < 0.3:
                items.append({key: "无关之物"})
            p[f] = items
        out.append(p)
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_the_reference_scorer_on_imperfect_predictions(seed: int, tmp_path: Path) -> None:
    gold = evaluate.read_jsonl(GOLD)
    preds = _perturbed(gold, random.Random(seed))
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    ours = evaluate.score(gold, preds)
    assert 0 < ours["micro"]["f1"] < 1
    assert_agree(ours, reference(pred))


def test_rules_by_hand() -> None:
    gold = [
        {
            "file": "dev/x.md",
            "is_treaty": True,
            "signed": "1901-09-07",
            "effective": None,
            "area_km2": 1000,
            "place": ["甲地", "乙地"],
            "parties": [["清朝", "清"], ["日本"]],
        },
        {"file": "dev/y.md", "is_treaty": False},
    ]
    pred = [
        {
            "source": {"path": "/a/corpus/dev/x.md"},
            "is_treaty": True,
            "signed": {"value": "1901-09"},  # wrong precision: a false positive and a false negative
            "effective": None,
            "area_km2": 1019,  # within 2%
            "place": {"name": "《乙地》"},
            "parties": [{"name": "清"}, {"name": "清朝"}, {"name": "清"}, {"name": "俄国"}],
        },
        {"source": {"path": "dev/y.md"}, "is_treaty": True},
    ]
    r = evaluate.score(gold, pred)
    counts = {f: (c["tp"], c["fp"], c["fn"]) for f, c in r["fields"].items()}
    assert counts["signed"] == (0, 1, 1)
    assert counts["effective"] == (0, 0, 0)
    assert counts["area_km2"] == (1, 0, 0)
    assert counts["place"] == (1, 0, 0)
    assert counts["parties"] == (1, 2, 1)  # 清 hits, 清朝 finds its item taken, 俄国 is wrong, 日本 missed
    assert r["detection"] == pytest.approx({"p": 0.5, "r": 1.0, "f1": 2 / 3})
    assert r["missing_records"] == []
    assert evaluate.normalise("《馬關 條約》") == "马关条约"
