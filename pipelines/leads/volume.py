"""How many records: numbers written with Arabic or Chinese numerals and 万/亿 units."""

from __future__ import annotations

import re

from piwatch.pipelines.text.numerals import CN_DIGITS

_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_NUMBER = (
    r"(?:\d+(?:[.,]\d+)*(?:\s?[万亿]+)?"
    r"|[零〇一二两三四五六七八九十百千万亿]*[一二两三四五六七八九十百千])"
)
# 「5万余条」「1.2亿条」「三千余条」「4000多条」「逾万条」「上万条」「数万条」「40余万条」
_VOLUME = re.compile(
    r"(?<![第\d.零〇一二两三四五六七八九十百千万亿])(?:(?P<approx>逾|超过|超|近|约|上|数)?(?P<num>"
    + _NUMBER
    + r")"
    r"(?:余|多)?(?P<unit2>[万亿])?(?:余|多)?\s?(?:条|组|份|万条|亿条|条次))"
    r"|(?P<bare>逾|上|数|近)(?P<bigunit>[万亿])(?:余|多)?条"
)


def chinese_number(text: str) -> float | None:
    """「三千」→3000, 「十二」→12, 「1.2万」→12000, 「一亿两千万」→120000000; None if unparsable."""
    text = text.replace(",", "").replace(" ", "")
    if not text:
        return None
    total = 0.0
    for big, factor in (("亿", _BIG_UNITS["亿"]), ("万", _BIG_UNITS["万"])):
        if big in text:
            head, _, text = text.partition(big)
            value = chinese_number(head) if head else 1.0
            if value is None:
                return None
            total += value * factor
    if not text:
        return total
    try:
        return total + float(text)
    except ValueError:
        pass
    section, digit = 0.0, None
    for char in text:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (digit if digit is not None else 1) * _SMALL_UNITS[char]
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def parse_volumes(text: str) -> list[int]:
    """Every record count stated in the text, as integers."""
    out: list[int] = []
    for match in _VOLUME.finditer(text):
        if match.group("bare"):
            out.append(_BIG_UNITS[match.group("bigunit")])
            continue
        number = match.group("num")
        if match.group("unit2"):
            number += match.group("unit2")
        value = chinese_number(number)
        if value is not None and value >= 1:
            out.append(round(value))
    return out


def volume_of(sentences: list[str]) -> int | None:
    """The largest record count in the evidence sentences (counts overlap, so no sum)."""
    values = [v for s in sentences for v in parse_volumes(s)]
    return max(values) if values else None
