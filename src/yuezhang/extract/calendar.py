"""Calendar conversion: reign-era, lunisolar and Julian dates to Gregorian ISO strings.

Every date the extractor reports is Gregorian at the precision the text gave. Chinese
lunisolar dates (咸丰八年四月十六日) are converted with lunar-python, whose lunar year N is
the one beginning near the start of Gregorian year N and whose leap months are negative
months; Japanese era dates are lunisolar before 明治6年 (1873) and Gregorian after; Julian
dates (俄历, 儒略历) are converted with convertdate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from convertdate import julian
from lunar_python import Lunar

from yuezhang.knowledge.eras import Era


@dataclass(frozen=True)
class GDate:
    """A Gregorian date at a precision: value is "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""

    value: str
    precision: str  # year, month, day
    calendar: str  # the calendar the text used: gregorian, julian, chinese-lunar, japanese-era

    @property
    def year(self) -> int:
        return int(self.value[:4])


def _iso(year: int, month: int | None = None, day: int | None = None) -> tuple[str, str]:
    if month is None:
        return f"{year:04d}", "year"
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    return dt.date(year, month, day).isoformat(), "day"


def gregorian(year: int, month: int | None = None, day: int | None = None) -> GDate | None:
    """A date already in the Gregorian calendar, or None when it does not exist."""
    try:
        value, precision = _iso(year, month, day)
    except ValueError:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    return GDate(value, precision, "gregorian")


def from_julian(year: int, month: int | None = None, day: int | None = None) -> GDate | None:
    """A Julian (Old Style, 俄历) date in Gregorian; month precision keeps the month as written."""
    if month is None or day is None:
        g = gregorian(year, month)
        return GDate(g.value, g.precision, "julian") if g else None
    try:
        julian.legal_date(year, month, day)
        y, m, d = julian.to_gregorian(year, month, day)
    except ValueError:
        return None
    return GDate(dt.date(y, m, d).isoformat(), "day", "julian")


def _lunar_solar(year: int, month: int, day: int, leap: bool) -> dt.date | None:
    try:
        s = Lunar.fromYmd(year, -month if leap else month, day).getSolar()
    except Exception:  # lunar-python raises bare Exception for days or leap months that do not exist
        return None
    return dt.date(s.getYear(), s.getMonth(), s.getDay())


def from_lunar(
    year: int,
    month: int | None = None,
    day: int | None = None,
    leap: bool = False,
    calendar: str = "chinese-lunar",
) -> GDate | None:
    """A lunisolar date (lunar year `year` = the one starting near Gregorian `year`) in Gregorian.

    A month without a day maps to the Gregorian month holding the lunar month's 15th day
    (where most of it falls); a year alone is the Gregorian year itself.
    """
    if month is None:
        return GDate(f"{year:04d}", "year", calendar)
    if not 1 <= month <= 12:
        return None
    if day is None:
        mid = _lunar_solar(year, month, 15, leap)
        return GDate(f"{mid.year:04d}-{mid.month:02d}", "month", calendar) if mid else None
    d = _lunar_solar(year, month, day, leap)
    return GDate(d.isoformat(), "day", calendar) if d else None


def from_era(
    era: Era, n: int, month: int | None = None, day: int | None = None, leap: bool = False
) -> GDate | None:
    """Reign year `n` of `era` (with its month and day if given) as a Gregorian date."""
    if n < 1 or (era.end_year is not None and era.year(n) > era.end_year + 1):
        return None
    year = era.year(n)
    if era.months_are_gregorian(year):
        g = gregorian(year, month, day)
        return GDate(g.value, g.precision, era.calendar) if g else None
    return from_lunar(year, month, day, leap, era.calendar)
