"""Suggested hand-offs to other departments, each with its reason (pure).

The special action asks bureaus to inform other departments when a case involves them: app and
mini-program conduct goes to the telecommunications regulator and the cyberspace administration;
a sale or provision of personal information at the criminal threshold goes to the public security
organs; financial-sector conduct goes to the financial regulator. The criminal thresholds are
those of art. 5 of the 2017 judicial interpretation on infringing citizens' personal information
(《关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》, 法释〔2017〕10号: 50 records of
whereabouts, communication content, credit or property information; 500 of accommodation, call
records, health, transaction or similar information; 5,000 of other personal information); they
are data, in ``referrals.json`` beside this file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

Department = Literal["telecom", "cyberspace", "police", "financial"]
DEPARTMENTS: tuple[Department, ...] = get_args(Department)
DEPARTMENT_LABELS: dict[str, str] = {
    "telecom": "通信管理局",
    "cyberspace": "网信办",
    "police": "公安机关",
    "financial": "金融监管部门",
}
RULES = Path(__file__).resolve().parent / "referrals.json"
INTERPRETATION = "《关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》"


@dataclass(frozen=True, slots=True)
class Referral:
    """One department a lead should be handed to, and why."""

    department: Department
    reason: str

    @property
    def label(self) -> str:
        return DEPARTMENT_LABELS[self.department]

    def to_document(self) -> dict[str, str]:
        return {"department": self.department, "label": self.label, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Threshold:
    records: int
    clause: str
    kinds: str
    pi_types: frozenset[str]


@dataclass(frozen=True, slots=True)
class Rules:
    thresholds: tuple[Threshold, ...]  # lowest number of records first
    criminal_conduct: frozenset[str]
    financial_sectors: frozenset[str]
    app_sectors: frozenset[str]
    app_words: tuple[str, ...]


@cache
def load_rules(path: Path = RULES) -> Rules:
    """The referral rules, read once."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    thresholds = sorted(
        (
            Threshold(int(t["records"]), t["clause"], t["kinds"], frozenset(t["pi_types"]))
            for t in data["criminal_thresholds"]
        ),
        key=lambda t: t.records,
    )
    return Rules(
        thresholds=tuple(thresholds),
        criminal_conduct=frozenset(data["criminal_conduct"]),
        financial_sectors=frozenset(data["financial_sectors"]),
        app_sectors=frozenset(data["app_sectors"]),
        app_words=tuple(data["app_words"]),
    )


def criminal_threshold(pi_types: Iterable[str], rules: Rules | None = None) -> Threshold:
    """The lowest threshold any of the kinds of information reaches (unknown kinds: "other")."""
    rules = rules or load_rules()
    kinds = set(pi_types) or {"other"}
    for threshold in rules.thresholds:
        if kinds & threshold.pi_types:
            return threshold
    return rules.thresholds[-1]


def referrals(
    *,
    conduct: Sequence[str],
    sectors: Sequence[str],
    pi_types: Sequence[str],
    volume: int | None,
    texts: Iterable[str] = (),
    rules: Rules | None = None,
) -> list[Referral]:
    """The departments to inform about one lead; ``texts`` (business names, title, evidence)
    tell whether the conduct is an app's or a mini-program's."""
    rules = rules or load_rules()
    out: list[Referral] = []
    if conduct:
        app = _app_reason(sectors, texts, rules)
        if app:
            out.append(Referral("telecom", app))
            out.append(Referral("cyberspace", app))
    sold = [c for c in conduct if c in rules.criminal_conduct]
    if sold and volume:
        threshold = criminal_threshold(pi_types, rules)
        if volume >= threshold.records:
            out.append(
                Referral(
                    "police",
                    f"出售或提供个人信息约{volume}条，达到{INTERPRETATION}{threshold.clause}"
                    f"（{threshold.kinds}{threshold.records}条以上）的入罪标准",
                )
            )
    financial = [s for s in sectors if s in rules.financial_sectors]
    if conduct and financial:
        out.append(Referral("financial", f"金融领域（{'、'.join(financial)}）经营者的违法行为"))
    return out


def _app_reason(sectors: Sequence[str], texts: Iterable[str], rules: Rules) -> str:
    if any(s in rules.app_sectors for s in sectors):
        return "涉及APP或小程序收集使用个人信息（互联网应用领域）"
    for text in texts:
        word = next((w for w in rules.app_words if w in text), None)
        if word:
            return f"涉及APP或小程序（文中提到「{word}」）"
    return ""
