"""Scores of predictions against development-set labels: lead, business, conduct, sector.

Business names match after normalisation (NFKC, so full- and half-width forms are equal; book-title
marks, quotes and whitespace removed; lower case): a
predicted name is correct when it equals a gold name, contains one or is contained in one (「圆通」
for 「圆通速递有限公司」), each gold name matched at most once. When the gold list was truncated
(notices naming more than ten apps), unmatched predictions are not counted as false positives.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from piwatch.pipelines.codes import CONDUCTS, SECTORS
from piwatch.pipelines.leads.rules import RULES

_MARKS = re.compile(r"[《》“”\"'「」『』\s]")


@dataclass(slots=True)
class PRF:
    """Counts for precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    """All scores of one evaluation run."""

    n: int = 0
    gold_leads: int = 0
    lead: PRF = field(default_factory=PRF)
    business: PRF = field(default_factory=PRF)
    conduct_exact: int = 0
    conduct: dict[str, PRF] = field(default_factory=lambda: {c: PRF() for c in CONDUCTS})
    conduct_found: PRF = field(default_factory=PRF)
    """Conduct codes (micro) on the true leads found only: how well the conduct is read once a
    lead is found, apart from whether it was."""
    sector: PRF = field(default_factory=PRF)
    sectors: dict[str, PRF] = field(default_factory=lambda: {s: PRF() for s in SECTORS})
    sector_found: PRF = field(default_factory=PRF)
    """Sectors (micro) on the true leads found only."""
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def conduct_accuracy(self) -> float:
        return self.conduct_exact / self.gold_leads if self.gold_leads else 0.0


def norm_name(name: str) -> str:
    """The form names are compared in: NFKC (full-width brackets and letters as ASCII), no
    book-title marks, quotes or whitespace, lower case."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", name)).lower()


def match_names(predicted: list[str], gold: list[str], truncated: bool) -> tuple[int, int, int]:
    """(tp, fp, fn) of predicted business names against gold ones (rule in the module doc)."""
    pred = [n for n in dict.fromkeys(norm_name(p) for p in predicted) if n]
    left = [n for n in dict.fromkeys(norm_name(g) for g in gold) if n]
    tp = fp = 0
    for name in pred:
        hit = next((g for g in left if name == g or name in g or g in name), None)
        if hit is not None:
            left.remove(hit)
            tp += 1
        elif not truncated:
            fp += 1
    return tp, fp, len(left)


def evaluate(pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> Report:
    """Score (gold label, predicted contract dict) pairs."""
    report = Report()
    for gold, pred in pairs:
        report.n += 1
        g_lead, p_lead = bool(gold.get("is_lead")), bool(pred.get("is_lead"))
        _count(report.lead, p_lead, g_lead)
        g_names = list(gold.get("businesses") or []) if g_lead else []
        p_names = [b["name"] for b in pred.get("businesses") or []] if p_lead else []
        tp, fp, fn = match_names(p_names, g_names, bool(gold.get("businesses_truncated")))
        report.business.tp += tp
        report.business.fp += fp
        report.business.fn += fn
        g_conduct = set(gold.get("conduct") or []) if g_lead else set()
        p_conduct = set(pred.get("conduct") or []) if p_lead else set()
        if g_lead:
            report.gold_leads += 1
            report.conduct_exact += g_conduct == p_conduct
        found = g_lead and p_lead  # conduct and sectors read on a true lead found
        for code, counts in report.conduct.items():
            _count(counts, code in p_conduct, code in g_conduct)
            if found:
                _count(report.conduct_found, code in p_conduct, code in g_conduct)
        g_sectors = set(gold.get("sectors") or []) if g_lead else set()
        p_sectors = set(pred.get("sectors") or []) if p_lead else set()
        for code, counts in report.sectors.items():
            _count(counts, code in p_sectors, code in g_sectors)
            _count(report.sector, code in p_sectors, code in g_sectors)
            if found:
                _count(report.sector_found, code in p_sectors, code in g_sectors)
        if g_lead != p_lead or g_conduct != p_conduct or (tp, fp, fn) != (len(g_names), 0, 0):
            report.errors.append(
                {
                    "id": gold.get("id"),
                    "gold": {
                        "is_lead": g_lead,
                        "businesses": g_names,
                        "conduct": sorted(g_conduct),
                        "sectors": sorted(g_sectors),
                    },
                    "pred": {
                        "is_lead": p_lead,
                        "businesses": p_names,
                        "conduct": sorted(p_conduct),
                        "sectors": sorted(p_sectors),
                    },
                }
            )
    return report


def _count(counts: PRF, predicted: bool, gold: bool) -> None:
    if predicted and gold:
        counts.tp += 1
    elif predicted:
        counts.fp += 1
    elif gold:
        counts.fn += 1


def by_group(
    scored: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]],
) -> dict[str, Report]:
    """Reports per group (and ``all``) of (group, gold label, predicted contract dict) triples."""
    pairs: dict[str, list[tuple[Mapping[str, Any], Mapping[str, Any]]]] = {}
    for group, gold, pred in scored:
        pairs.setdefault(group, []).append((gold, pred))
        pairs.setdefault("all", []).append((gold, pred))
    return {group: evaluate(items) for group, items in sorted(pairs.items())}


@dataclass(slots=True)
class RuleCount:
    """How often a named rule fired, and how often the label agreed with the way it pushed."""

    fired: int = 0
    right: int = 0

    @property
    def share_right(self) -> float:
        return self.right / self.fired if self.fired else 0.0


def rule_counts(rows: Iterable[tuple[Mapping[str, Any], Iterable[str]]]) -> dict[str, RuleCount]:
    """Per named rule: texts it fired on (``rows``: gold label, fired rule ids), and those whose
    gold ``is_lead`` is the way the rule pushes."""
    counts = {rule_id: RuleCount() for rule_id in RULES}
    for gold, fired in rows:
        is_lead = bool(gold.get("is_lead"))
        for rule_id in fired:
            count = counts[rule_id]
            count.fired += 1
            count.right += is_lead == (RULES[rule_id].pushes == "lead")
    return counts
