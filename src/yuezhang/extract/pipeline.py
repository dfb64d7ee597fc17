"""The extraction pipeline: named components run in order over one Document.

Each component is a function `run(doc, record, ctx)` that reads the document (and
what earlier components put in the record or context) and adds facts, each with its
`Evidence`. Components do one thing each, so they can be tested on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yuezhang.document import Document
from yuezhang.extract import (
    articles,
    dates,
    detect,
    infobox,
    names,
    parties,
    places,
    related,
    signatories,
    status,
    territory,
)
from yuezhang.extract.record import TreatyRecord


@dataclass
class Context:
    """Scratch space shared by the components for one document."""

    data: dict[str, Any] = field(default_factory=dict)


Component = Callable[[Document, TreatyRecord, Context], None]

#: (name, component) in the order they run. Detection runs first; the others only
#: run on documents detected as treaties.
COMPONENTS: list[tuple[str, Component]] = [
    ("infobox", infobox.run),
    ("names", names.run),
    ("dates", dates.run),
    ("places", places.run),
    ("parties", parties.run),
    ("signatories", signatories.run),
    ("articles", articles.run),
    ("territory", territory.run),
    ("related", related.run),
    ("status", status.run),
]


def extract(doc: Document) -> TreatyRecord:
    """Decide whether `doc` is about one treaty and, if so, extract its facts."""
    record = TreatyRecord(
        path=doc.path,
        title=doc.title,
        format=doc.format,
        categories=list(doc.categories),
        meta=dict(doc.meta),
    )
    ctx = Context()
    record.is_treaty = detect.is_treaty(doc, ctx)
    if record.is_treaty:
        for _name, component in COMPONENTS:
            component(doc, record, ctx)
    return record
