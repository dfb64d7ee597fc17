"""Extraction component: is this document about one international agreement? (to be written)"""

from yuezhang.document import Document


def is_treaty(doc: Document, ctx) -> bool:
    return False
