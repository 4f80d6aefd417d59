"""Chinese digit characters, shared by the date and volume parsers."""

from __future__ import annotations

CN_DIGITS: dict[str, int] = {
    "〇": 0,
    "○": 0,  # white circle, common in dates (二○二四年)
    "零": 0,
    "O": 0,  # a Latin O typed for 〇
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
