"""Conduct codes and kinds of personal information from the cues in evidence sentences."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pipelines.leads.lexicons import CONDUCTS, PI_TYPES, Hit

CONDUCT_SHARE = 0.5
"""A conduct is reported when its cue count reaches this share of the strongest conduct's count
(calibrated on the development set: most leads report one conduct, some two)."""

# Cues whose presence alone settles a conduct, whatever else the sentence says.
DECISIVE = {
    "侵犯公民个人信息": "disclose_or_sell",
    "伪基站": "unsolicited_marketing",
    "骚扰电话": "unsolicited_marketing",
    "垃圾短信": "unsolicited_marketing",
    "侵害用户权益": "collect_without_consent",
    "违法违规收集使用个人信息": "collect_without_consent",
}


def conduct_counts(hits: list[Hit]) -> Counter[str]:
    """Cue counts per conduct code in a set of hits (overlapping shorter cues count once)."""
    counts: Counter[str] = Counter()
    for hit in _outermost(h for h in hits if h.category.startswith("conduct_")):
        counts[hit.category.removeprefix("conduct_")] += 1
    return counts


def choose_conduct(title_counts: Counter[str], body_counts: Counter[str]) -> list[str]:
    """Codes whose weight (title cues count thrice) reaches CONDUCT_SHARE of the strongest."""
    weights = Counter({code: body_counts[code] + 3 * title_counts[code] for code in CONDUCTS})
    top = max(weights.values(), default=0)
    if top == 0:
        return []
    return [code for code in CONDUCTS if weights[code] > 0 and weights[code] >= CONDUCT_SHARE * top]


def pi_types_of(hits: list[Hit]) -> list[str]:
    """Kinds of personal information named in the evidence, in the contract's order."""
    found = {h.category.removeprefix("pi_") for h in hits if h.category.startswith("pi_")}
    return [t for t in PI_TYPES if t in found]


def _outermost(hits: Iterable[Hit]) -> list[Hit]:
    ordered = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in ordered:
        if kept and kept[-1].start <= hit.start and hit.end <= kept[-1].end:
            continue  # 「泄露」 inside 「泄露给」 is the longer cue's
        kept.append(hit)
    return kept
