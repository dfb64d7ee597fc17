"""Full-text search over the folded text, for Chinese in either script.

FTS5's unicode61 tokenizer splits on spaces and punctuation only, so a run of Chinese
characters would be one token. The indexed text is therefore folded to simplified
script and each run of CJK characters is written as its overlapping bigrams followed
by its last character alone (`tokens`: 马关条约 → 马关 关条 条约 约). A query of two or
more CJK characters becomes the phrase of its bigrams, which matches wherever the
characters stand side by side; bigrams are rare words, so their position lists are
short, where single characters' lists run through most documents. Every occurrence of a
character starts a bigram or ends its run, so a one-character query is a prefix query
(`"约"*`, served by the index's one-character prefix index). Latin words and numbers
stay words. 條約 and 条约 both fold to the tokens 条约 约.

Snippets are cut from `documents.plain` at the match, whose offsets the folded view
shares; the match is looked for in the plain text as typed or in either script first,
so only the snippet's window needs converting.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from yuezhang.variants import convert, fold

#: Longest query accepted, in characters (a phrase query's cost grows with its length).
MAX_QUERY = 200

_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
#: Characters that make a token for unicode61 (letters, digits); a query without any matches nothing.
_WORDY = re.compile(r"\w")
#: bm25 weights of the columns title, aliases, body: a title match weighs most.
_RANK = "bm25(search_fts, 10.0, 5.0, 1.0)"


def _bigrams(run: str, last: bool) -> str:
    """A CJK run as its overlapping bigrams, then (if `last`) its final character alone."""
    grams = [run[i : i + 2] for i in range(len(run) - 1)]
    if last or len(run) == 1:
        grams.append(run[-1])
    return " " + " ".join(grams) + " "


def tokens(text: str) -> str:
    """`text` folded to simplified script, each CJK run as bigrams and its last character."""
    return _CJK_RUN.sub(lambda m: _bigrams(m.group(), True), fold(text))


def _phrase(word: str) -> str:
    """One query word as an FTS5 phrase of the tokens that `tokens` writes for it in a document.

    A CJK run that ends the word may continue in a document, so its last character is not
    a token of its own there: the phrase stops at the last bigram, or for a run of one
    character the phrase's last token is a prefix.
    """
    folded = fold(word)
    parts, pos, prefix = [], 0, False
    for m in _CJK_RUN.finditer(folded):
        parts.append(folded[pos : m.start()])
        ends_word = not _WORDY.search(folded[m.end() :])
        parts.append(_bigrams(m.group(), not ends_word))
        prefix = ends_word and len(m.group()) == 1
        pos = m.end()
    parts.append(folded[pos:])
    toks = "".join(parts).split()
    return '"' + " ".join(toks).replace('"', '""') + '"' + ("*" if prefix else "")


def match_query(q: str) -> str:
    """A safe FTS5 query: each whitespace-separated word of `q` a quoted phrase, all required.

    Raises ValueError for a query that is too long or has nothing to search for.
    """
    if len(q) > MAX_QUERY:
        raise ValueError(f"query too long ({len(q)} characters; at most {MAX_QUERY})")
    words = [w for w in q.split() if _WORDY.search(w)]
    if not words:
        raise ValueError("query has no letters or digits to search for")
    return " ".join(_phrase(w) for w in words)


def reindex(conn: sqlite3.Connection) -> None:
    """Fill `search_fts` afresh from the stored documents and their records' aliases (as a build does)."""
    conn.execute("DELETE FROM search_fts")
    rows = conn.execute(
        "SELECT d.id, d.title, d.plain, (SELECT group_concat(value, ' ') FROM records r, "
        "json_each(r.record, '$.aliases') WHERE r.doc_id = d.id) FROM documents d"
    )
    conn.executemany(
        "INSERT INTO search_fts (rowid, title, aliases, body) VALUES (?, ?, ?, ?)",
        ((i, tokens(title), tokens(aliases or ""), tokens(plain)) for i, title, plain, aliases in rows),
    )


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
    """Documents matching `q`, best first (title matches weigh most, then aliases, then the body).

    The index ranks and cuts the page by itself; only the page's documents are read.
    """
    rows = conn.execute(
        "SELECT d.id, d.title, d.path, d.format, d.plain, m.rank FROM "
        f"(SELECT rowid, {_RANK} AS rank FROM search_fts WHERE search_fts MATCH ? "
        "ORDER BY rank, rowid LIMIT ? OFFSET ?) m JOIN documents d ON d.id = m.rowid ORDER BY m.rank, d.id",
        (match_query(q), max(0, limit), max(0, offset)),
    ).fetchall()
    words = [w for w in q.split() if _WORDY.search(w)]
    return [_hit(r, words, context) for r in rows]


def count(conn: sqlite3.Connection, q: str) -> int:
    """How many documents match `q` (for paging)."""
    return conn.execute(
        "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (match_query(q),)
    ).fetchone()[0]


def _hit(row: sqlite3.Row, words: list[str], context: int) -> Hit:
    plain: str = row["plain"]
    hit = Hit(row["id"], row["title"], row["path"], row["format"], -row["rank"], plain[: 2 * context])
    low = _lower_keep_length(plain)
    firsts = [(s, s + len(w)) for w in words if (s := _first(plain, low, w)) is not None]
    if firsts:
        first_s, first_e = min(firsts)
        lo, hi = max(0, first_s - context), min(len(plain), first_e + context)
        window = _lower_keep_length(fold(plain[lo:hi]))
        spans = sorted((i, i + len(w)) for w in words for i in _find_all(window, _lower_keep_length(fold(w))))
        hit.snippet = plain[lo:hi]
        hit.marks = _merge(spans)
        hit.start, hit.end = first_s, first_e
    hit.snippet = hit.snippet.replace("\n", " ")
    return hit


def _first(plain: str, low: str, word: str) -> int | None:
    """Where `word` first occurs in `plain` in any script (None if it does not).

    It is looked for as typed, simplified and traditional; only when none of those is
    there (a text mixing scripts within the word) is the whole text folded.
    """
    target = _lower_keep_length(fold(word))
    found = [
        i
        for w in dict.fromkeys((word, target, convert(target, "zh-hant")))
        if len(w) == len(target) and (i := low.find(_lower_keep_length(w))) != -1
    ]
    if found:
        return min(found)
    i = _lower_keep_length(fold(plain)).find(target)
    return None if i == -1 else i


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
