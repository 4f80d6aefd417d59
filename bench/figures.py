"""What every benchmark module returns: pairs of figures, a baseline beside piwatch's.

A benchmark module ``bench/<name>.py`` has ``run(quick: bool = False) -> list[Pair]`` (plain
dicts with the same keys are accepted too). ``python -m bench`` runs each in its own process
and prints every pair in one table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Pair:
    """One measured comparison from one run: same input, same machine, same moment."""

    name: str  # what is measured, e.g. "bulk indexing"
    unit: str  # e.g. "docs/s", "MiB", "pages/s"
    baseline_label: str  # what the baseline is, e.g. "one index call per document"
    baseline: float
    piwatch: float
    piwatch_label: str = "piwatch"
    higher_is_better: bool = True
    note: str = ""  # sizes and conditions: "2,000 docs, 1 node, 2 cores"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def ratio(self) -> float | None:
        """piwatch / baseline (>1 is better when higher is better)."""
        if not self.baseline:
            return None
        value = self.piwatch / self.baseline
        return value if self.higher_is_better else (1 / value if value else None)


def as_pair(value: Pair | Mapping[str, Any]) -> Pair:
    if isinstance(value, Pair):
        return value
    known = set(Pair.__slots__)  # type: ignore[attr-defined]
    return Pair(**{k: v for k, v in value.items() if k in known})
