"""Lead score in 0..1 from conduct, volume, source type, specificity and recency."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

SOURCE_WEIGHT = {"official": 0.15, "news": 0.1, "complaint": 0.1, "forum": 0.05}
CONDUCT_WEIGHT = {
    "disclose_or_sell": 0.2,
    "breach": 0.15,
    "collect_without_consent": 0.15,
    "unsolicited_marketing": 0.1,
}
RECENCY_DAYS = 90
"""A report loses its recency bonus linearly over this many days after ``as_of``."""


@dataclass(frozen=True, slots=True)
class Signals:
    """What the score is computed from."""

    is_lead: bool
    conduct: tuple[str, ...]
    volume: int | None
    source_type: str | None
    named_subjects: int
    described_only: bool
    enforcement: bool
    has_region: bool
    published: datetime | None
    as_of: datetime | None


def score(signals: Signals) -> float:
    """Higher means an investigator should look first; non-leads stay below 0.3."""
    base = 0.35 if signals.is_lead else 0.0
    value = base + max((CONDUCT_WEIGHT.get(c, 0.0) for c in signals.conduct), default=0.0)
    if signals.volume:
        value += min(0.15, 0.025 * math.log10(max(signals.volume, 1)))
    value += SOURCE_WEIGHT.get(signals.source_type or "", 0.05)
    if signals.named_subjects:
        value += 0.1
    elif signals.described_only:
        value += 0.05
    if signals.enforcement:
        value += 0.05
    if signals.has_region:
        value += 0.05
    value += _recency(signals.published, signals.as_of)
    if not signals.is_lead:
        value = min(value, 0.29)
    return round(min(max(value, 0.0), 1.0), 3)


def _recency(published: datetime | None, as_of: datetime | None) -> float:
    if published is None or as_of is None:
        return 0.0
    if (published.tzinfo is None) != (as_of.tzinfo is None):
        published, as_of = published.replace(tzinfo=None), as_of.replace(tzinfo=None)
    age_days = (as_of - published).total_seconds() / 86400
    if age_days < 0:
        return 0.05
    return 0.1 * max(0.0, 1.0 - age_days / RECENCY_DAYS)
