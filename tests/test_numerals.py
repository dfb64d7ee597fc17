"""Chinese numerals in dates: positional, digit-by-digit, 廿/卅, 初N, 元, full-width digits."""

import pytest

from yuezhang.extract.numerals import to_int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二十二", 22),
        ("十", 10),
        ("十八", 18),
        ("三十一", 31),
        ("廿", 20),
        ("廿二", 22),
        ("卅", 30),
        ("卅一", 31),
        ("初六", 6),
        ("初十", 10),
        ("元", 1),
        ("两", 2),
        ("一八五八", 1858),
        ("一九〇五", 1905),
        ("一九零五", 1905),
        ("一九○五", 1905),
        ("二〇〇一", 2001),
        ("１９２９", 1929),
        ("1929", 1929),
        ("一百二十", 120),
    ],
)
def test_numerals(text: str, value: int) -> None:
    assert to_int(text) == value


@pytest.mark.parametrize("text", ["", "第三", "abc", "年"])
def test_not_numerals(text: str) -> None:
    assert to_int(text) is None
