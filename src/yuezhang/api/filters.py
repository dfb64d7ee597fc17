"""The treaty filters shared by the list, facets, timeline, graph and map endpoints."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import Query
from pydantic import StringConstraints

from yuezhang.api.errors import ParamError
from yuezhang.store.queries import MAX_Q, check_date

Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Names = Annotated[list[Name] | None, Query(max_length=10)]


@dataclass
class TreatyFilters:
    party: list[str] | None
    signatory: list[str] | None
    place: list[str] | None
    year_from: int | None
    year_to: int | None
    in_force_on: str | None
    q: str | None

    def kwargs(self) -> dict[str, Any]:
        return asdict(self)


async def treaty_filters(
    party: Annotated[
        Names, Query(description="a party (polity) the treaty must have; repeat for several")
    ] = None,
    signatory: Annotated[Names, Query(description="a person who signed it")] = None,
    place: Annotated[Names, Query(description="the place of signing")] = None,
    year_from: Annotated[int | None, Query(ge=1, le=9999, description="signed in or after this year")] = None,
    year_to: Annotated[int | None, Query(ge=1, le=9999, description="signed in or before this year")] = None,
    in_force_on: Annotated[
        str | None,
        Query(
            max_length=10,
            description="YYYY[-MM[-DD]]: signed or effective on or before it and not ended before it",
        ),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=MAX_Q, description="words in the title, an alias or the text")
    ] = None,
) -> TreatyFilters:
    """Validate the filters together (ranges, dates) so errors name the parameter at fault."""
    if year_from is not None and year_to is not None and year_to < year_from:
        raise ParamError("year_to", f"must not be before year_from ({year_from})")
    if in_force_on is not None:
        try:
            check_date(in_force_on)
        except ValueError as e:
            raise ParamError("in_force_on", str(e)) from None
    return TreatyFilters(party, signatory, place, year_from, year_to, in_force_on, q)
