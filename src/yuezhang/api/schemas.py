"""Response shapes, for the OpenAPI schema and /docs.

Handlers return plain JSON (validated by tests, not per request: the hot paths stay
cheap); these models document what the JSON holds.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class ParameterProblem(BaseModel):
    parameter: str
    message: str


class ErrorBody(BaseModel):
    error: str
    parameters: list[ParameterProblem] | None = None


class TreatyItem(BaseModel):
    id: int
    title: str
    path: str
    signed: str | None
    signed_precision: str | None
    effective: str | None
    ended: str | None
    place: str | None
    lat: float | None
    lon: float | None
    article_count: int | None
    area_km2: float | None
    parties: list[str]


class TreatyList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[TreatyItem]


class FacetValue(BaseModel):
    value: str | int
    count: int


class Facets(BaseModel):
    party: list[FacetValue]
    century: list[FacetValue]
    place: list[FacetValue]


class Fact(BaseModel):
    id: int
    field: str
    value: str
    data: dict[str, Any]
    start: int | None
    end: int | None
    source_start: int | None
    source_end: int | None
    sentence: str | None


class EntityRef(BaseModel):
    id: int
    kind: str
    name: str
    role: str
    fact_id: int | None


class Relation(BaseModel):
    title: str
    relation: str
    fact_id: int | None
    target_id: int | None


class CitedBy(BaseModel):
    id: int
    title: str
    relation: str


class Treaty(TreatyItem):
    format: str
    length: int
    record: dict[str, Any]
    facts: list[Fact]
    entities: list[EntityRef]
    related: list[Relation]
    cited_by: list[CitedBy]
    text: str | None = None


class PassagePart(BaseModel):
    text: str
    role: Literal["context", "sentence", "evidence"]


class Passage(BaseModel):
    id: int
    title: str
    path: str
    start: int
    end: int
    parts: list[PassagePart]


class EntityItem(BaseModel):
    id: int
    kind: str
    name: str
    treaties: int


class EntityList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[EntityItem]


class EntityTreaty(BaseModel):
    id: int
    title: str
    signed: str | None
    roles: list[str]


class Entity(BaseModel):
    id: int
    kind: str
    name: str
    data: dict[str, Any]
    treaties: list[EntityTreaty]


class TimelineItem(BaseModel):
    id: int
    title: str
    signed: str
    signed_precision: str | None
    effective: str | None
    ended: str | None
    place: str | None
    parties: list[str]


class Timeline(BaseModel):
    items: list[TimelineItem]


class GraphNode(BaseModel):
    id: str
    kind: str
    title: str
    signed: str | None = None
    doc_id: int | None = None


class GraphEdge(BaseModel):
    source: str
    target: str
    relation: str


class Graph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class SnippetPart(BaseModel):
    text: str
    mark: bool


class SearchHit(BaseModel):
    id: int
    title: str
    path: str
    parts: list[SnippetPart]
    start: int | None
    end: int | None
    is_treaty: bool
    signed: str | None


class SearchResults(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[SearchHit]
