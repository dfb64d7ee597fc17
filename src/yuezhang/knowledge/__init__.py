"""Knowledge the extractors need, loaded from the data files in `yuezhang/data/`.

Each table is a UTF-8 TSV file with a header row and `#` comment lines naming its
sources. One module per table family (eras, polities, places, agreements) parses
rows into typed objects; `read_table` is the one shared reader.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `yuezhang/data/<name>` as dicts keyed by the header; `#` lines are comments."""
    text = resources.files("yuezhang.data").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines, delimiter="\t"))
