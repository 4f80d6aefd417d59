"""Regions from a gazetteer of provinces, cities and counties, mapped to the responsible bureau.

Provinces and cities match by full or short name (广东省/广东, 深圳市/深圳); counties only by
full name (南山区), because short county names collide with common words and with each other.
The bureau is the market-regulation bureau of the most specific division found.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs

from piwatch.pipelines.leads.model import Region

GAZETTEER = Path(__file__).resolve().parent / "gazetteer.tsv"
# Short names that are mostly ordinary words or names of other things in news text.
_AMBIGUOUS_SHORT = frozenset(
    [
        "大同",
        "安康",
        "中山",
        "白银",
        "来宾",
        "长治",
        "黄山",
        "保山",
        "山南",
        "海东",
        "通化",
        "吉安",
        "三明",
        "朝阳",
        "白山",
        "双鸭山",
        "七台河",
        "金昌",
        "红河",
        "阿里",
        "海北",
        "海西",
        "玉树",
        "果洛",
        "黄南",
        "和田",
        "塔城",
        "哈密",
        "铜川",
        "伊春",
        "鹤岗",
        "黑河",
        "辽源",
        "本溪",
    ]
)


@dataclass(frozen=True, slots=True)
class Division:
    name: str
    level: str  # province | city | county
    province: str
    city: str


class Gazetteer:
    """Division names in an automaton; ``find`` gives regions in order of first mention."""

    def __init__(self, path: Path) -> None:
        names: dict[str, list[Division]] = {}
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                division = Division(row["name"], row["level"], row["province"], row["city"])
                keys = {row["name"]}
                short = row["short"]
                if row["level"] != "county" and short not in _AMBIGUOUS_SHORT and len(short) >= 2:
                    keys.add(short)
                for key in keys:
                    names.setdefault(key, []).append(division)
        for divisions in names.values():
            # a short name shared by a province and a city (吉林) means the province
            divisions.sort(key=lambda d: ("province", "city", "county").index(d.level))
        self._divisions = [tuple(divisions) for divisions in names.values()]
        self.automaton = ahocorasick_rs.AhoCorasick(list(names))

    def _spans(self, text: str) -> list[tuple[int, int, int]]:
        """Every division name in ``text`` (overlapping ones too) as (start, end, which)."""
        return [
            (start, end, which)
            for which, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True)
        ]

    def find(self, text: str, limit: int = 3) -> list[Region]:
        """Regions mentioned, most specific per province, in order of first mention."""
        picked: list[Division] = []
        matches = sorted(self._spans(text), key=lambda m: (m[0], -(m[1] - m[0])))
        last_end = -1
        for start, end, which in matches:
            if start < last_end:
                continue  # overlaps a longer, earlier match
            last_end = end
            picked.append(_resolve(self._divisions[which], picked))
        return _merge(picked)[:limit]

    def is_place(self, text: str) -> bool:
        """Whether ``text`` is nothing but division names (「河南」「广东深圳市」)."""
        spans = sorted((start, end) for start, end, _ in self._spans(text))
        covered = 0
        for start, end in spans:
            if start <= covered < end:
                covered = end
        return bool(text) and covered == len(text)


def _resolve(divisions: tuple[Division, ...], context: list[Division]) -> Division:
    """Among same-named divisions, prefer one inside a province or city already mentioned."""
    for division in divisions:
        if any(c.province == division.province and c.level != "county" for c in context):
            if division.level == "county" or len(divisions) == 1:
                return division
            if any(c.city == division.city for c in context if c.city):
                return division
    return divisions[0]


def _merge(divisions: list[Division]) -> list[Region]:
    """One region per province, at the most specific level mentioned for it."""
    best: dict[str, Division] = {}
    order: list[str] = []
    rank = {"province": 0, "city": 1, "county": 2}
    for division in divisions:
        key = division.province
        if key not in best:
            order.append(key)
            best[key] = division
        elif rank[division.level] > rank[best[key].level] and (
            best[key].level == "province" or best[key].city == division.city
        ):
            best[key] = division
    return [_region(best[key]) for key in order]


def _region(division: Division) -> Region:
    city = division.city or None
    county = division.name if division.level == "county" else None
    bureau_of = f"{city or ''}{county}" if county else city or division.province
    return Region(
        province=division.province,
        city=city,
        county=county,
        bureau=f"{bureau_of}市场监督管理局",
    )


@lru_cache(maxsize=2)
def load_gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer(path)


@lru_cache(maxsize=1)
def province_names(path: Path = GAZETTEER) -> frozenset[str]:
    """The provinces' full names (江苏省, 上海市, 广西壮族自治区 …), to check configured ones."""
    with path.open(encoding="utf-8") as handle:
        return frozenset(
            row["name"]
            for row in csv.DictReader(handle, delimiter="\t")
            if row["level"] == "province"
        )
