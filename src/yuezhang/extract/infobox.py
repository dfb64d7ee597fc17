"""Extraction component: infobox (to be written)."""

from yuezhang.document import Document
from yuezhang.extract.record import TreatyRecord


def run(doc: Document, record: TreatyRecord, ctx) -> None:
    return None
