"""The learned lead decision: a linear model over the rules' named features and the character
n-grams of the decisive text, with a calibrated probability (pure; no scikit-learn at run time).

The model ships as a small JSON artifact (``lead_model.json``) that ``piwatch train`` rebuilds
from the labels (:mod:`piwatch.pipelines.leads.training`). Scoring repeats exactly what the
training pipeline computes: counts of the selected n-grams, sublinear tf times idf, L2
normalisation; standardised named features; the linear sum; Platt's sigmoid fitted on
out-of-group scores.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FORMAT = 1


@dataclass(frozen=True, slots=True)
class LeadModel:
    """A trained decision; ``probability`` of one text's features."""

    version: str
    ngram_range: tuple[int, int]
    vocabulary: dict[str, tuple[float, float]]  # n-gram -> (idf, weight)
    named: dict[str, tuple[float, float, float]]  # feature -> (mean, scale, weight)
    intercept: float
    calibration: tuple[float, float]  # Platt: p = 1 / (1 + exp(a * margin + b))
    threshold: float

    def margin(self, text: str, named: dict[str, float]) -> float:
        """The linear model's decision value."""
        low, high = self.ngram_range
        counts: Counter[str] = Counter(
            text[i : i + n]
            for n in range(low, high + 1)
            for i in range(len(text) - n + 1)
            if text[i : i + n] in self.vocabulary
        )
        weighted = {g: (1 + math.log(c)) * self.vocabulary[g][0] for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        value = self.intercept + sum(v / norm * self.vocabulary[g][1] for g, v in weighted.items())
        for name, (mean, scale, weight) in self.named.items():
            value += (named.get(name, 0.0) - mean) / scale * weight
        return value

    def probability(self, features: tuple[str, dict[str, float]]) -> float:
        a, b = self.calibration
        return 1.0 / (1.0 + math.exp(a * self.margin(*features) + b))

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "version": self.version,
            "ngram_range": list(self.ngram_range),
            "intercept": self.intercept,
            "calibration": list(self.calibration),
            "threshold": self.threshold,
            "named": {k: list(v) for k, v in sorted(self.named.items())},
            "vocabulary": {k: list(v) for k, v in sorted(self.vocabulary.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LeadModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"lead model format {data.get('format')!r}, expected {FORMAT}")
        low, high = data["ngram_range"]  # type: ignore[misc]
        a, b = data["calibration"]  # type: ignore[misc]
        return cls(
            version=str(data["version"]),
            ngram_range=(int(low), int(high)),
            vocabulary={k: (v[0], v[1]) for k, v in data["vocabulary"].items()},  # type: ignore[union-attr]
            named={k: (v[0], v[1], v[2]) for k, v in data["named"].items()},  # type: ignore[union-attr]
            intercept=float(data["intercept"]),  # type: ignore[arg-type]
            calibration=(float(a), float(b)),
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
        )


@lru_cache(maxsize=4)
def load_model(path: Path) -> LeadModel | None:
    """The model at ``path``; None when no model has been trained there yet."""
    if not path.is_file():
        return None
    return LeadModel.from_json(json.loads(path.read_text(encoding="utf-8")))
