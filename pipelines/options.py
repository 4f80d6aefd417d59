"""Options for main text, text preparation and lead extraction, built once and passed to every
stage. Light: the crawl process builds them for jobs its extraction workers run.

This is also the ``[extract]`` section of the piwatch settings (:mod:`piwatch.config`): one
definition, one validation, whether the options come from a file or are made in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

LEXICON_DIR = Path(__file__).resolve().parent / "leads" / "lexicons"
"""Where the bundled lexicons (one term a line) live."""
MODEL_PATH = Path(__file__).resolve().parent / "leads" / "lead_model.json"
"""Where ``piwatch train --decision`` writes the learned lead decision (none is shipped)."""
SCORE_PATH = Path(__file__).resolve().parent / "leads" / "lead_score.json"
"""The shipped calibration of the lead score (``piwatch train`` rebuilds it)."""


@dataclass(frozen=True, slots=True)
class ArticleSelectors:
    """Per-source CSS selectors; any left out falls back to the generic rules."""

    title: str | None = None
    body: str | None = None
    date: str | None = None
    author: str | None = None


class ExtractOptions(BaseModel):
    """Everything the extraction stages may vary on; no stage reads settings or the clock.

    ``as_of`` is the reference time for recency scoring (None: recency is not scored); it is
    given in code, never configured.
    ``min_score``: a text whose lead score falls below it is reported as not a lead.
    ``model_path``: the learned decision; None (or no file there) decides by the rules alone.
    ``score_path``: the calibration that makes the score a probability; None (or no file
    there) gives the hand-weighted score of :mod:`piwatch.pipelines.leads.scoring`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_score: float = Field(default=0.0, ge=0.0, le=1.0)
    evidence_max_chars: int = Field(default=240, ge=1)
    max_evidence: int = Field(default=3, ge=1)
    max_businesses: int = Field(default=10, ge=1)
    max_candidate_sentences: int = Field(default=400, ge=1)
    max_sentence_chars: int = Field(default=600, ge=1)
    lexicon_dir: Path = LEXICON_DIR
    model_path: Path | None = MODEL_PATH
    score_path: Path | None = SCORE_PATH
    as_of: datetime | None = Field(default=None, exclude=True)
