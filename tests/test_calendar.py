"""Reign-era, lunisolar and Julian dates converted to Gregorian at the text's precision."""

import pytest

from yuezhang.extract.calendar import from_era, from_julian, from_lunar, gregorian
from yuezhang.knowledge import read_table
from yuezhang.knowledge.eras import era, era_names, eras


@pytest.mark.parametrize(
    ("name", "n", "month", "day", "value", "precision"),
    [
        ("咸丰", 8, 4, 16, "1858-05-28", "day"),
        ("同治", 3, None, None, "1864", "year"),
        ("康熙", 28, 7, 24, "1689-09-07", "day"),
        ("光绪", 24, 3, 6, "1898-03-27", "day"),
        ("道光", 22, 7, 24, "1842-08-29", "day"),
        ("光绪", 21, 3, 23, "1895-04-17", "day"),
        ("明治", 28, None, None, "1895", "year"),
        ("明治", 38, 9, 5, "1905-09-05", "day"),  # Gregorian months from 明治6年
        ("明治", 1, 9, 8, "1868-10-23", "day"),  # lunisolar before 明治6年
        ("明治", 5, 12, 2, "1872-12-31", "day"),  # the last lunisolar day; the next was 1873-01-01
        ("民国", 18, None, None, "1929", "year"),
        ("民国", 18, 12, 22, "1929-12-22", "day"),
        ("咸丰", 1, None, None, "1851", "year"),
        ("咸丰", 8, 4, None, "1858-05", "month"),  # the lunar month's middle falls in May
    ],
)
def test_era_dates(name: str, n: int, month: int | None, day: int | None, value: str, precision: str) -> None:
    e = era(name)
    assert e is not None
    g = from_era(e, n, month, day)
    assert g is not None
    assert (g.value, g.precision) == (value, precision)


def test_era_year_beyond_its_end_is_rejected() -> None:
    assert from_era(era("同治"), 40) is None
    assert from_era(era("光绪"), 0) is None


def test_leap_month_is_a_negative_lunar_month() -> None:
    # 1900 had a leap 8th month: 闰八月初一 comes a month after 八月初一.
    assert from_lunar(1900, 8, 1).value == "1900-08-25"
    assert from_lunar(1900, 8, 1, leap=True).value == "1900-09-24"
    assert from_lunar(1901, 8, 1, leap=True) is None  # no leap 8th month that year


def test_lunar_day_that_does_not_exist() -> None:
    assert from_lunar(1858, 4, 30) is None  # the 4th month of 1858 had 29 days


def test_julian_dates() -> None:
    assert from_julian(1858, 5, 16).value == "1858-05-28"
    assert from_julian(1902, 3, 26).value == "1902-04-08"
    assert from_julian(1905, 8, 23).value == "1905-09-05"
    assert from_julian(1900, 2, 29).value == "1900-03-13"  # a Julian leap day, not a Gregorian one
    assert from_julian(1901, 2, 29) is None
    assert from_julian(1917, 10).precision == "month"


def test_gregorian_rejects_impossible_dates() -> None:
    assert gregorian(1929, 2, 30) is None
    assert gregorian(1929, 13) is None
    assert gregorian(1929, 12, 22).value == "1929-12-22"


def test_era_table_covers_ming_qing_republic_japan() -> None:
    names = set(eras())
    ming = "洪武 建文 永乐 洪熙 宣德 正统 景泰 天顺 成化 弘治 正德 嘉靖 隆庆 万历 泰昌 天启 崇祯".split()
    qing = "顺治 康熙 雍正 乾隆 嘉庆 道光 咸丰 同治 光绪 宣统".split()
    others = "民国 明治 大正 昭和 平成 令和 光武 隆熙 大同 康德".split()
    assert set(ming + qing + others) <= names
    # names are unique in the file, so no era silently shadows another
    rows = [r["name"] for r in read_table("eras.tsv")]
    assert len(rows) == len(set(rows))
    # eras follow each other in time within a dynasty
    starts = [era(n).start_year for n in qing]
    assert starts == sorted(starts)
    assert era_names()[0] == "中华民国"  # longest first, for regex alternation
