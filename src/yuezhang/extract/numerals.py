"""Chinese numerals as they appear in dates and counts, read into integers.

Dates are written with Arabic or full-width digits (１９２９), positional Chinese numerals
(二十二, 廿二, 卅), digit-by-digit years (一八五八, 一九〇五, 一九零五), lunar day forms (初六) and
元 for the first year of an era. cn2an reads the positional forms; the rest are normalised
here first.
"""

from __future__ import annotations

import warnings

import cn2an

#: Characters that may make up a numeral in a date (for building patterns).
CN_NUMERAL_CHARS = "〇○零一二两兩三四五六七八九十廿卅卌百千"
DIGITS = "0123456789０１２３４５６７８９"
#: A numeral: a run of Arabic/full-width digits or of Chinese numeral characters.
NUMERAL = rf"(?:[{DIGITS}]+|[{CN_NUMERAL_CHARS}]+)"

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_DIGIT_BY_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_TENS = {"廿": "二十", "卅": "三十", "卌": "四十"}


def to_int(text: str) -> int | None:
    """The integer a numeral names ("二十二" → 22, "一八五八" → 1858, "初六" → 6, "元" → 1), or None."""
    s = text.strip().translate(_FULLWIDTH)
    if s.startswith("初") and len(s) > 1:
        s = s[1:]
    if not s:
        return None
    if s == "元":
        return 1
    if s.isascii() and s.isdigit():
        return int(s)
    if len(s) > 1 and all(c in _DIGIT_BY_DIGIT for c in s):
        return int("".join(str(_DIGIT_BY_DIGIT[c]) for c in s))
    for k, v in _TENS.items():
        s = s.replace(k, v)
    s = s.replace("兩", "两")
    if s in _DIGIT_BY_DIGIT:
        return _DIGIT_BY_DIGIT[s]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if value == int(value) else None
