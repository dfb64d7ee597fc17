"""Full-text search over the folded text, for Chinese in either script.

FTS5's unicode61 tokenizer splits on spaces and punctuation only, so a run of Chinese
characters would be one token. The indexed text is therefore folded to simplified
script and has every CJK character spaced out (`tokens`); a query gets the same
treatment and becomes a quoted phrase (`match_query`), so 條約 and 条约 both look for
the tokens 条 约 side by side. Snippets are cut from `documents.plain` at the match
found in the folded view, whose offsets are the plain text's.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from yuezhang.variants import fold

#: Longest query accepted, in characters (a phrase query's cost grows with its length).
MAX_QUERY = 200

_CJK = re.compile(
    "([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff])"
)
#: Characters that make a token for unicode61 (letters, digits); a query without any matches nothing.
_WORDY = re.compile(r"\w")


def tokens(text: str) -> str:
    """`text` folded to simplified script, each CJK character a separate token."""
    return _CJK.sub(r" \1 ", fold(text))


def match_query(q: str) -> str:
    """A safe FTS5 query: each whitespace-separated word of `q` a quoted phrase, all required.

    Raises ValueError for a query that is too long or has nothing to search for.
    """
    if len(q) > MAX_QUERY:
        raise ValueError(f"query too long ({len(q)} characters; at most {MAX_QUERY})")
    words = [w for w in q.split() if _WORDY.search(w)]
    if not words:
        raise ValueError("query has no letters or digits to search for")
    return " ".join('"' + " ".join(tokens(w).split()).replace('"', '""') + '"' for w in words)


@dataclass
class Hit:
    doc_id: int
    title: str
    path: str
    format: str
    score: float  # higher is better (negated bm25)
    snippet: str  # an excerpt of the plain text
    marks: list[tuple[int, int]] = field(default_factory=list)  # matched spans within `snippet`
    start: int | None = None  # plain-text span of the first match in the body, if the body matched
    end: int | None = None

    def highlighted(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each match wrapped in `before` … `after`."""
        out, pos = [], 0
        for s, e in self.marks:
            out += [self.snippet[pos:s], before, self.snippet[s:e], after]
            pos = e
        out.append(self.snippet[pos:])
        return "".join(out)


def search(
    conn: sqlite3.Connection, q: str, limit: int = 20, offset: int = 0, context: int = 40
) -> list[Hit]:
    """Documents matching `q`, best first (title matches weigh most, then aliases, then the body)."""
    rows = conn.execute(
        "SELECT d.id, d.title, d.path, d.format, d.plain, bm25(search_fts, 10.0, 5.0, 1.0) AS rank "
        "FROM search_fts JOIN documents d ON d.id = search_fts.rowid "
        "WHERE search_fts MATCH ? ORDER BY rank, d.id LIMIT ? OFFSET ?",
        (match_query(q), max(0, limit), max(0, offset)),
    ).fetchall()
    words = [fold(w).lower() for w in q.split() if _WORDY.search(w)]
    return [_hit(r, words, context) for r in rows]


def count(conn: sqlite3.Connection, q: str) -> int:
    """How many documents match `q` (for paging)."""
    return conn.execute(
        "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (match_query(q),)
    ).fetchone()[0]


def _hit(row: sqlite3.Row, words: list[str], context: int) -> Hit:
    plain: str = row["plain"]
    folded = _lower_keep_length(fold(plain))
    spans = sorted((i, i + len(w)) for w in words for i in _find_all(folded, w))
    hit = Hit(row["id"], row["title"], row["path"], row["format"], -row["rank"], plain[: 2 * context])
    if spans:
        first_s, first_e = spans[0]
        lo, hi = max(0, first_s - context), min(len(plain), first_e + context)
        hit.snippet = plain[lo:hi]
        hit.marks = _merge([(s - lo, e - lo) for s, e in spans if s >= lo and e <= hi])
        hit.start, hit.end = first_s, first_e
    hit.snippet = hit.snippet.replace("\n", " ")
    return hit


def _lower_keep_length(text: str) -> str:
    """Lower-case, except characters whose lower case has another length (so offsets hold)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _find_all(text: str, word: str, cap: int = 50) -> list[int]:
    out, i = [], text.find(word)
    while i != -1 and len(out) < cap:
        out.append(i)
        i = text.find(word, i + len(word))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
