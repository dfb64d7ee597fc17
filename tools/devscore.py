"""Score the extractors on ../shared/corpus without a store: read, extract, score.

    .venv/bin/python tools/devscore.py [--field signed] [--details]

A developer's loop for extraction work; `yuezhang eval` is the user-facing command.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from yuezhang.extract.pipeline import extract
from yuezhang.sources.files import iter_input_files, read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--field", help="show gold vs predicted for this field, per article")
    args = ap.parse_args()
    records = []
    for path in iter_input_files([str(SHARED / "corpus")]):
        records.append(extract(read_file(path)).to_json())
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools/score.py"),
            "--gold",
            str(SHARED / "gold/dev.jsonl"),
            "--pred",
            fh.name,
        ]
    )
    if args.field:
        gold = {
            json.loads(line)["file"]: json.loads(line)
            for line in open(SHARED / "gold/dev.jsonl", encoding="utf-8")
        }
        for r in records:
            g = next((v for k, v in gold.items() if r["source"]["path"].endswith(k)), None)
            if g and g["is_treaty"]:
                pred = r.get(args.field)
                if isinstance(pred, dict):
                    pred = pred.get("value") or pred.get("name")
                elif isinstance(pred, list):
                    pred = [p.get("name") or p.get("title") if isinstance(p, dict) else p for p in pred]
                print(f"{g['title']}\n  gold: {g.get(args.field)}\n  pred: {pred}")


if __name__ == "__main__":
    main()
