"""Case files: a case's leads gathered, its regions and bureaus, and whether it is cross-regional,
major or typical (pure; works on lead documents as plain dicts).

A case is one business with one conduct (``case_key``). The special action asks for
cross-regional coordination (a case seen in two or more provinces, or two or more cities of one
province), for major cases to go up to the provincial bureau, and for at least three typical cases
chosen for severity and strength of evidence; the thresholds and weights are here, stated once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from piwatch.pipelines.leads.cases import _simhash, _when
from piwatch.pipelines.leads.simhash import near_duplicate

MAJOR_RECORDS = 5000
"""Records involved (summed over independent reports) from which a case is major: the lowest
criminal threshold for ordinary personal information (2017 interpretation, art. 5 (5))."""
MAJOR_PROVINCES = 3
"""Provinces from which a case is major (it needs the provincial bureaus to coordinate)."""
MAJOR_REPEAT = 3
"""Independent reports (not reposts) of the conduct from which a case is a major, repeated one."""

TYPICAL_MIN = 3
"""Typical cases the special action asks for at least."""
TYPICAL_WEIGHTS: dict[str, float] = {
    "records": 3.0,  # per order of magnitude of records involved (10 → 1, 10,000 → 4)
    "regions": 2.0,  # per region beyond the first
    "repeat": 1.5,  # per independent report beyond the first
    "sources": 1.5,  # per independent source beyond the first
    "official": 3.0,  # an official source (a regulator's or court's notice)
    "confirmed": 4.0,  # an investigator confirmed (or referred) a lead of the case
}
"""How typical cases are ranked: severity (records, regions, repeat conduct) and strength of
evidence (independent sources, an official source, triage status confirmed)."""


def provincial_bureau(province: str) -> str:
    """The provincial market-regulation bureau (same naming as the gazetteer's bureaus)."""
    return f"{province}市场监督管理局"


@dataclass(slots=True)
class CaseFile:
    """Everything known about one case in a period."""

    key: str
    business: str = ""
    conduct: str = ""
    sectors: list[str] = field(default_factory=list)
    leads: list[Mapping[str, Any]] = field(default_factory=list)
    regions: dict[tuple[str, str], str] = field(default_factory=dict)  # (province, city) → bureau
    sources: set[str] = field(default_factory=set)
    source_types: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    volume: int = 0  # records involved, reposts counted once
    reports: int = 0  # independent reports: leads that are not near-duplicates of another
    _prints: list[int] = field(default_factory=list, repr=False)

    @property
    def provinces(self) -> list[str]:
        return sorted({p for p, _ in self.regions if p})

    @property
    def bureaus(self) -> list[str]:
        return sorted(dict.fromkeys(b for b in self.regions.values() if b))

    @property
    def cross_regional(self) -> bool:
        """Seen in two or more provinces, or in two or more cities of one province."""
        if len(self.provinces) >= 2:
            return True
        cities = {(p, c) for p, c in self.regions if c}
        return len(cities) >= 2

    @property
    def major_reasons(self) -> list[str]:
        """Why the case is major (empty: it is not)."""
        out = []
        if self.volume >= MAJOR_RECORDS:
            out.append(f"涉及个人信息约{self.volume}条（≥{MAJOR_RECORDS}）")
        if len(self.provinces) >= MAJOR_PROVINCES:
            out.append(f"涉及{len(self.provinces)}个省份（≥{MAJOR_PROVINCES}）")
        if self.reports >= MAJOR_REPEAT:
            out.append(f"独立报道{self.reports}次，反复发生（≥{MAJOR_REPEAT}）")
        return out

    @property
    def major(self) -> bool:
        return bool(self.major_reasons)

    @property
    def provincial_bureaus(self) -> list[str]:
        return [provincial_bureau(p) for p in self.provinces]

    def typical_score(self) -> float:
        w = TYPICAL_WEIGHTS
        magnitude = len(str(self.volume)) if self.volume else 0
        return (
            w["records"] * magnitude
            + w["regions"] * max(len(self.regions) - 1, 0)
            + w["repeat"] * max(self.reports - 1, 0)
            + w["sources"] * max(len(self.sources) - 1, 0)
            + w["official"] * ("official" in self.source_types)
            + w["confirmed"] * bool(self.statuses & {"confirmed", "referred"})
        )

    def typical_reasons(self) -> list[str]:
        """The criteria this case meets, in words, for its case sheet."""
        out = []
        if self.volume:
            out.append(f"涉及个人信息约{self.volume}条")
        if len(self.regions) > 1:
            out.append(f"涉及{len(self.regions)}个地区")
        if self.reports > 1:
            out.append(f"独立报道{self.reports}次")
        if len(self.sources) > 1:
            out.append(f"{len(self.sources)}个独立来源")
        if "official" in self.source_types:
            out.append("有官方来源")
        if self.statuses & {"confirmed", "referred"}:
            out.append("核查已确认")
        return out


def _region_of(region: Mapping[str, Any]) -> tuple[tuple[str, str], str]:
    province, city = str(region.get("province") or ""), str(region.get("city") or "")
    bureau = str(region.get("bureau") or "") or (
        f"{city}市场监督管理局" if city else provincial_bureau(province) if province else ""
    )
    return (province, city), bureau


def case_files(leads: Iterable[Mapping[str, Any]]) -> list[CaseFile]:
    """Lead documents grouped by case key; reposts (near-duplicate SimHash) add their source and
    regions but neither records nor a report. Most reports first, then the key."""
    files: dict[str, CaseFile] = {}
    for lead in leads:
        seen = _when(lead.get("published_at") or lead.get("first_seen"))
        fingerprint = _simhash(lead.get("simhash"))
        regions = list(lead.get("regions") or [])
        if not regions and lead.get("province"):
            regions = [{"province": lead.get("province"), "city": lead.get("city")}]
        for key in lead.get("case_key") or []:
            name, _, conduct = key.rpartition(":")
            f = files.setdefault(key, CaseFile(key, conduct=conduct))
            subjects = [b.get("name", "") for b in lead.get("businesses") or []]
            f.business = f.business or next(
                (n for n in subjects if name and name in n.lower()),
                subjects[0] if subjects else name,
            )
            f.sectors.extend(s for s in lead.get("sectors") or [] if s not in f.sectors)
            f.leads.append(lead)
            for region in regions:
                place, bureau = _region_of(region)
                f.regions.setdefault(place, bureau)
            for attr, value in (("sources", "source"), ("source_types", "source_type")):
                if lead.get(value):
                    getattr(f, attr).add(str(lead[value]))
            if lead.get("status"):
                f.statuses.add(str(lead["status"]))
            if seen is not None:
                f.first_seen = seen if f.first_seen is None else min(f.first_seen, seen)
                f.last_seen = seen if f.last_seen is None else max(f.last_seen, seen)
            repost = fingerprint is not None and any(
                near_duplicate(fingerprint, other) for other in f._prints
            )
            if not repost:
                f.reports += 1
                f.volume += int(lead.get("volume") or 0)
                if fingerprint is not None:
                    f._prints.append(fingerprint)
    return sorted(files.values(), key=lambda f: (-f.reports, f.key))


def typical_cases(files: Iterable[CaseFile], count: int = TYPICAL_MIN + 2) -> list[CaseFile]:
    """The ``count`` highest-ranked cases by TYPICAL_WEIGHTS (ties: earlier first seen, key)."""
    ranked = sorted(
        files,
        key=lambda f: (-f.typical_score(), f.first_seen or datetime.max, f.key),
    )
    return ranked[: max(count, TYPICAL_MIN)]
