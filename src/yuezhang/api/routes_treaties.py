"""Treaties: the filtered list, its facets, one treaty with its evidence, and passages of text.

Handlers that only look rows up by key are `async` (run on the event loop, no hop to a
thread); those that may scan (text filters, aggregates, search) are plain `def`, run on
the thread pool, so they never hold the loop up.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse

from yuezhang.api import schemas
from yuezhang.api.deps import VariantParam, get_conn, in_variant
from yuezhang.api.errors import ParamError
from yuezhang.api.filters import TreatyFilters, treaty_filters
from yuezhang.store import queries

router = APIRouter(prefix="/api", tags=["treaties"])
Filters = Annotated[TreatyFilters, Depends(treaty_filters)]
ERRORS = {422: {"model": schemas.ErrorBody}, 404: {"model": schemas.ErrorBody}}


@router.get("/treaties", responses={200: {"model": schemas.TreatyList}, **ERRORS})
def list_treaties(
    request: Request,
    filters: Filters,
    variant: VariantParam = None,
    sort: Literal[tuple(queries.SORTS)] = "signed",  # type: ignore[valid-type]
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=0, le=queries.MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> JSONResponse:
    """Treaties matching every filter given, one page at a time."""
    conn = get_conn(request)
    total, rows = queries.find_treaties(
        conn, **filters.kwargs(), sort=sort, order=order, limit=limit, offset=offset
    )
    body = {"total": total, "limit": limit, "offset": offset, "items": rows}
    return JSONResponse(in_variant(body, variant))


@router.get("/treaties/facets", responses={200: {"model": schemas.Facets}, **ERRORS})
def treaty_facets(request: Request, filters: Filters, variant: VariantParam = None) -> JSONResponse:
    """How many of the matching treaties each party, century and place has (for the list's facets)."""
    conn = get_conn(request)
    return JSONResponse(in_variant(queries.treaty_facets(conn, **filters.kwargs()), variant))


@router.get("/treaties/{key}", responses={200: {"model": schemas.Treaty}, **ERRORS})
async def get_treaty(
    request: Request,
    key: Annotated[str, Path(max_length=200, description="the treaty's id, title or an alias")],
    variant: VariantParam = None,
    text: Annotated[bool, Query(description="include the document's plain text")] = False,
) -> JSONResponse:
    """One treaty with every fact and its evidence, its entities, and the agreements it names."""
    conn = get_conn(request)
    t = queries.get_treaty(conn, key)
    if t is None:
        raise HTTPException(404, f"no treaty {key!r}")
    if text:
        t["text"] = conn.execute("SELECT plain FROM documents WHERE id = ?", (t["id"],)).fetchone()[0]
    return JSONResponse(in_variant(t, variant))


@router.get("/documents/{doc_id}/passage", responses={200: {"model": schemas.Passage}, **ERRORS})
async def passage(
    request: Request,
    doc_id: Annotated[int, Path(ge=1)],
    start: Annotated[int, Query(ge=0)],
    end: Annotated[int, Query(ge=0)],
    variant: VariantParam = None,
) -> JSONResponse:
    """The paragraph(s) around plain[start:end], split so the span can be highlighted."""
    conn = get_conn(request)
    if end < start:
        raise ParamError("end", f"must not be before start ({start})")
    try:
        p = queries.document_passage(conn, doc_id, start, end)
    except ValueError as e:
        raise ParamError("end", str(e)) from None
    if p is None:
        raise HTTPException(404, f"no document {doc_id}")
    return JSONResponse(in_variant(p, variant))
