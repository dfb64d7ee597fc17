"""What extraction produces: a treaty record whose every fact carries its evidence.

`TreatyRecord.to_json()` is the output contract of `yuezhang export --format jsonl`
(see issue "Extract every treaty fact"): `source`, `title`, `is_treaty`, `aliases`,
`signed` / `effective` / `ended`, `place`, `parties`, `signatories`, `article_count`,
`articles`, `area_km2`, `territory`, `related`, `categories`, ... Each fact object has
an `evidence` object: the source path, the span in the document's plain text, the
text of that span and the sentence holding it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from yuezhang.document import Document


@dataclass
class Evidence:
    path: str
    start: int  # span in Document.plain
    end: int
    text: str  # plain[start:end]
    sentence: str
    source_start: int = 0  # the same span in Document.source
    source_end: int = 0

    @classmethod
    def of(cls, doc: Document, start: int, end: int) -> Evidence:
        s, e = doc.source_span(start, end)
        return cls(doc.path, start, end, doc.plain[start:end], doc.sentence(start, end), s, e)


@dataclass
class DateFact:
    value: str  # "YYYY", "YYYY-MM" or "YYYY-MM-DD", Gregorian
    precision: str  # "year" | "month" | "day"
    text: str  # the words it was read from, e.g. "同治三年八月十九日"
    evidence: Evidence
    calendar: str = "gregorian"  # calendar the text used: gregorian, julian, chinese-lunar, japanese-era
    end: str | None = None  # for ranges: the last day/month/year


@dataclass
class DurationFact:
    years: float
    text: str
    evidence: Evidence


@dataclass
class AliasFact:
    name: str
    how: str  # bold, marker (亦称/又称 ...), quoted, redirect, infobox
    evidence: Evidence | None  # None only for redirects from a dump (no sentence to show)


@dataclass
class PlaceFact:
    name: str  # canonical name
    surface: str  # as written
    other_names: list[str]
    lat: float | None
    lon: float | None
    evidence: Evidence


@dataclass
class PartyFact:
    name: str  # canonical polity
    surface: str
    evidence: Evidence


@dataclass
class SignatoryFact:
    name: str
    surface: str
    side: str | None  # canonical polity the person signed for
    office: str | None
    evidence: Evidence


@dataclass
class ArticleFact:
    number: int
    text: str
    evidence: Evidence


@dataclass
class CountFact:
    value: int
    text: str
    evidence: Evidence


@dataclass
class TerritoryFact:
    area_km2: float
    text: str
    from_party: str | None
    to_party: str | None
    evidence: Evidence


@dataclass
class RelatedFact:
    title: str
    relation: str  # based_on, supplements, signed_together, amends, replaces, abrogates, cites, mentioned
    evidence: Evidence


@dataclass
class StatusFact:
    status: str  # not_ratified, not_recognised, expired, abrogated
    text: str
    evidence: Evidence


@dataclass
class TreatyRecord:
    path: str
    title: str
    format: str
    is_treaty: bool = False
    aliases: list[AliasFact] = field(default_factory=list)
    signed: DateFact | None = None
    effective: DateFact | None = None
    ended: DateFact | None = None
    duration: DurationFact | None = None
    place: PlaceFact | None = None
    parties: list[PartyFact] = field(default_factory=list)
    signatories: list[SignatoryFact] = field(default_factory=list)
    article_count: CountFact | None = None
    articles: list[ArticleFact] = field(default_factory=list)
    territory: list[TerritoryFact] = field(default_factory=list)
    related: list[RelatedFact] = field(default_factory=list)
    status: list[StatusFact] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def area_km2(self) -> float | None:
        return sum(t.area_km2 for t in self.territory) if self.territory else None

    def to_json(self) -> dict[str, Any]:
        """The export record (one JSON object per document)."""
        d = asdict(self)
        out: dict[str, Any] = {
            "source": {
                "path": self.path,
                **{k: v for k, v in self.meta.items() if k in ("page_id", "revision_id", "timestamp", "url")},
            },
            "title": self.title,
            "format": self.format,
            "is_treaty": self.is_treaty,
            "aliases": [a.name for a in self.aliases],
            "alias_evidence": d["aliases"],
            "signed": d["signed"],
            "effective": d["effective"],
            "ended": d["ended"],
            "duration": d["duration"],
            "place": d["place"],
            "parties": d["parties"],
            "signatories": d["signatories"],
            "article_count": self.article_count.value if self.article_count else None,
            "article_count_evidence": d["article_count"]["evidence"] if self.article_count else None,
            "articles": d["articles"],
            "area_km2": self.area_km2,
            "territory": d["territory"],
            "related": d["related"],
            "status": d["status"],
            "categories": self.categories,
        }
        return out
