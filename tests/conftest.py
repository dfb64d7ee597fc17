"""Shared fixtures: where the shared corpus is, and a store built from all of it once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold" / "dev.jsonl"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only shared folder (corpus, gold, tools)."""
    return SHARED


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store built from the whole of ../shared/corpus. Open it read-only: tests share it."""
    from yuezhang.store.build import build_paths

    db = tmp_path_factory.mktemp("corpus_db") / "corpus.db"
    report = build_paths([CORPUS], db)
    assert not report.errors, report.errors
    return db
