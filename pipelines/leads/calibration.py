"""The lead score as a calibrated probability: of leads scored 0.8-0.9, about 80-90% are true.

The rules decide whether a text is a lead; how far to trust that decision depends on which named
rules made it (an app notice is nearly always right, a headline read alone less often), on
whether the business is named or only described, and on the kind of source. A logistic model
over those features, fitted on the labelled texts the rules flag (``piwatch train``), gives the
probability that a flagged text is a true lead; a text the rules do not flag gets the rate at
which they miss leads. Pure: the artifact is read once, scoring is a weighted sum.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from piwatch.pipelines.leads.model import TextInput

if TYPE_CHECKING:  # extract.py calls these with its own Reading
    from piwatch.pipelines.leads.extract import Reading

FORMAT = 1
MAX_BUSINESSES = 3
"""More businesses than this add nothing to the evidence (a notice listing twenty apps)."""
BODY_CHARS = 60
"""A text shorter than this is a headline or a hot-search title: read alone."""


def score_features(reading: Reading, item: TextInput) -> dict[str, float]:
    """What the calibration weighs: the rules that fired, the subjects, the text's kind."""
    subjects = reading.subjects
    named = [s for s in subjects if "某" not in s and not s.startswith("一")]
    features: dict[str, float] = {f"rule_{rule}": 1.0 for rule in reading.fired}
    features["named_subject"] = float(bool(named))
    features["businesses"] = float(min(len(subjects), MAX_BUSINESSES))
    features["has_body"] = float(len(reading.body) > BODY_CHARS)
    for code in reading.conduct:
        features[f"conduct_{code}"] = 1.0
    if item.source_type:
        features[f"source_{item.source_type}"] = 1.0
    return features


@dataclass(frozen=True, slots=True)
class ScoreCalibration:
    """A fitted calibration: weights per feature name, intercept, and the rules' miss rate."""

    version: str
    weights: Mapping[str, float]
    intercept: float
    miss_rate: float

    def probability(self, features: Mapping[str, float]) -> float:
        """P(true lead | the rules flagged the text, these features)."""
        margin = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-margin))

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "version": self.version,
            "intercept": self.intercept,
            "miss_rate": self.miss_rate,
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> ScoreCalibration:
        if data.get("format") != FORMAT:
            raise ValueError(f"lead score calibration format {data.get('format')!r}, not {FORMAT}")
        weights = data["weights"]
        assert isinstance(weights, dict)
        return cls(
            version=str(data["version"]),
            weights={str(k): float(v) for k, v in weights.items()},
            intercept=float(data["intercept"]),  # type: ignore[arg-type]
            miss_rate=float(data["miss_rate"]),  # type: ignore[arg-type]
        )


@lru_cache(maxsize=4)
def load_calibration(path: Path) -> ScoreCalibration | None:
    """The calibration at ``path``; None when there is none (the hand-weighted score is used)."""
    if not path.is_file():
        return None
    return ScoreCalibration.from_json(json.loads(path.read_text(encoding="utf-8")))
