"""The typed input and output of lead extraction, and the contract form of the output."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from piwatch.pipelines.codes import Conduct, PiType, Role, Sector
from piwatch.pipelines.text.structure import TextItem

SOURCE_TYPES = ("news", "forum", "complaint", "official")


@dataclass(frozen=True, slots=True)
class TextInput:
    """One text to read: an article, a post, a complaint or a headline."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: datetime | str | None = None
    source_type: str | None = None


@dataclass(frozen=True, slots=True)
class Business:
    """A business named (or specifically described) in the text, and its role in the story."""

    name: str
    role: Role = "subject"


@dataclass(frozen=True, slots=True)
class Region:
    """Where the conduct happened, and the market-regulation bureau responsible for it."""

    province: str
    city: str | None = None
    county: str | None = None
    bureau: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extraction found in one text; ``to_contract()`` gives the `piwatch extract` line."""

    id: str
    is_lead: bool
    score: float
    conduct: list[Conduct] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    businesses: list[Business] = field(default_factory=list)
    pi_types: list[PiType] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    volume: int | None = None
    legal_basis: list[str] = field(default_factory=list)
    simhash: int = 0  # a lead's (grouping reposts of one story); 0 for other texts
    case_keys: list[str] = field(default_factory=list)
    item: TextItem | None = None
    """For a lead in a multi-item text (roundup, digest, case list): the item it came from."""
    rules: tuple[str, ...] = ()
    """Ids of the named rules that shaped the decision (:mod:`piwatch.pipelines.leads.rules`)."""

    def to_contract(self) -> dict[str, Any]:
        """Exactly the output object of `piwatch extract` (see contracts.md)."""
        return {
            "id": self.id,
            "is_lead": self.is_lead,
            "score": round(self.score, 3),
            "conduct": list(self.conduct),
            "sectors": list(self.sectors),
            "businesses": [
                {"name": b.name, "role": b.role} for b in self.businesses if b.role == "subject"
            ],
            "pi_types": list(self.pi_types),
            "regions": [{"province": r.province, "city": r.city} for r in self.regions],
            "evidence": list(self.evidence),
        }
