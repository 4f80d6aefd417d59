"""Cases: leads about the same business and conduct across sources, aggregated (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from piwatch.pipelines.leads.roles import clean_name
from piwatch.pipelines.leads.simhash import near_duplicate

LEGAL_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")
_BRACKETS = re.compile(r"[(（][^()（）]{1,8}[)）]")


def case_name(name: str) -> str:
    """A business name reduced for grouping: no marks, brackets, spaces or legal-form suffix."""
    name = _BRACKETS.sub("", clean_name(name)).lower()
    stripped = LEGAL_SUFFIX.sub("", name)
    return stripped if len(stripped) >= 2 else name


def case_keys(businesses: Iterable[str], conduct: Iterable[str]) -> list[str]:
    """The keys of a lead's cases: each subject business with each conduct."""
    return [f"{case_name(name)}:{code}" for name in businesses for code in conduct]


@dataclass(slots=True)
class Case:
    """One business and conduct, seen in one or more leads."""

    key: str
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    sources: set[str] = field(default_factory=set)
    lead_ids: list[str] = field(default_factory=list)
    total_volume: int = 0
    _counted: list[int] = field(default_factory=list, repr=False)

    @property
    def source_count(self) -> int:
        return len(self.sources)


def aggregate_cases(leads: Iterable[Mapping[str, Any]]) -> list[Case]:
    """Group lead dicts by each of their ``case_key`` values.

    A lead dict needs ``id`` and ``case_key`` (list); it may have ``published_at`` or
    ``first_seen`` (datetime or ISO string), ``source``, ``volume`` and ``simhash`` (int or
    decimal/hex string). Reposts (near-duplicate SimHash within a case) add their source but not
    their volume again. Cases come back most sources first, then most recent.
    """
    cases: dict[str, Case] = {}
    for lead in leads:
        seen = _when(lead.get("published_at") or lead.get("first_seen"))
        fingerprint = _simhash(lead.get("simhash"))
        for key in lead.get("case_key") or lead.get("case_keys") or []:
            case = cases.setdefault(key, Case(key))
            case.lead_ids.append(str(lead.get("id", "")))
            if lead.get("source"):
                case.sources.add(str(lead["source"]))
            if seen is not None:
                case.first_seen = seen if case.first_seen is None else min(case.first_seen, seen)
                case.last_seen = seen if case.last_seen is None else max(case.last_seen, seen)
            volume = lead.get("volume")
            if volume:
                repost = fingerprint is not None and any(
                    near_duplicate(fingerprint, other) for other in case._counted
                )
                if not repost:
                    case.total_volume += int(volume)
                    if fingerprint is not None:
                        case._counted.append(fingerprint)
    return sorted(
        cases.values(),
        key=lambda c: (-c.source_count, -(c.last_seen.timestamp() if c.last_seen else 0.0), c.key),
    )


def _when(value: Any) -> datetime | None:
    """A naive UTC datetime, so that dates with and without a zone compare."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _simhash(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    text = str(value)
    return (
        int(text, 16)
        if text.startswith("0x") or any(c in "abcdef" for c in text.lower())
        else int(text)
    )
