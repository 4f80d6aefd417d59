"""Options for text preparation and lead extraction, built once and passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).resolve().parent / "leads" / "lexicons"
"""Where the bundled lexicons (one term a line) live."""


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Everything the extraction stages may vary on; no stage reads settings or the clock.

    ``as_of`` is the reference time for recency scoring (None: recency is not scored).
    ``min_score``: a text whose lead score falls below it is reported as not a lead.
    """

    min_score: float = 0.0
    evidence_max_chars: int = 240
    max_evidence: int = 3
    max_businesses: int = 10
    max_candidate_sentences: int = 400
    max_sentence_chars: int = 600
    as_of: datetime | None = None
    lexicon_dir: Path = field(default=LEXICON_DIR)

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_score <= 1.0:
            raise ValueError(f"min_score must be within 0..1, got {self.min_score}")
        for name in (
            "evidence_max_chars",
            "max_evidence",
            "max_businesses",
            "max_candidate_sentences",
            "max_sentence_chars",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")

    @classmethod
    def from_settings(cls, extract: Any, *, as_of: datetime | None = None) -> ExtractOptions:
        """Build from ``settings.extract`` (any object with the ExtractSettings attributes)."""
        return cls(
            min_score=float(extract.min_score),
            evidence_max_chars=int(extract.evidence_max_chars),
            max_evidence=int(extract.max_evidence),
            as_of=as_of,
        )

    def with_as_of(self, as_of: datetime | None) -> ExtractOptions:
        """The same options with another reference time (e.g. the crawl's start)."""
        return replace(self, as_of=as_of)
