"""What the learned decision sees of a text: named features of the rules' reading and the
decisive text itself (pure).

The decisive text is the headline and the sentences the rules found reporting a conduct, not the
whole article: a roundup with one relevant item is judged on that item, not diluted by the
other fifteen.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from piwatch.pipelines.codes import CONDUCTS, SECTORS
from piwatch.pipelines.leads.model import TextInput

if TYPE_CHECKING:  # extract.py calls these with its own Reading
    from piwatch.pipelines.leads.extract import Reading

DECISIVE_SENTENCES = 12
"""Candidate sentences the decisive text keeps (in text order after the headline)."""
DECISIVE_CHARS = 1_500
OPENING_CHARS = 200
"""Without any candidate sentence, the opening stands for the text."""

SOURCE_TYPES = ("news", "forum", "complaint", "official")
_SPACE = re.compile(r"\s+")


def decisive_text(reading: Reading) -> str:
    """The headline and the sentences that report a conduct, as the model's n-grams read them."""
    parts = [reading.title] if reading.has_title else []
    chosen = reading.lead_sentences or reading.story or reading.candidates
    parts += [c.sentence.text for c in chosen[:DECISIVE_SENTENCES] if not c.is_title]
    if len(parts) <= 1:
        parts.append(reading.body[:OPENING_CHARS])
    return _SPACE.sub(" ", " ".join(p for p in parts if p))[:DECISIVE_CHARS]


def named_features(reading: Reading, item: TextInput) -> dict[str, float]:
    """The rules' reading as numbers, each with a name the evaluation can report."""
    subjects = reading.subjects
    named = [s for s in subjects if "某" not in s and not s.startswith("一家")]
    out: dict[str, float] = {
        "rule_lead": float(reading.rule_lead),
        "excluded": float(reading.excluded),
        "digest": float(reading.digest),
        "app_notice": float(reading.app_notice),
        "report_kind": float(reading.report_kind),
        "casebook": float(reading.casebook),
        "title_violation": float(reading.title_violation),
        "about_business": float(reading.about_business),
        "named_in_title": float(reading.named_in_title),
        "pointed": float(reading.pointed),
        "headline_only": float(not reading.body),
        "no_title": float(not reading.has_title),
        "candidates": math.log1p(len(reading.candidates)),
        "story": math.log1p(len(reading.story)),
        "evidence": math.log1p(sum(1 for c in reading.lead_sentences if not c.is_title)),
        "subjects": math.log1p(len(subjects)),
        "named_subjects": math.log1p(len(named)),
        "described_only": float(bool(subjects) and not named),
        "enforcement": float(any(h.category == "enforcement" for h in reading.hits)),
        "pi_kinds": math.log1p(
            len({h.category for h in reading.hits if h.category.startswith("pi_")})
        ),
        "volume": math.log10(reading.volume) if reading.volume else 0.0,
        "length": math.log10(1 + len(reading.body)),
    }
    for code in CONDUCTS:
        out[f"conduct_{code}"] = float(code in reading.conduct)
    for code in SECTORS:
        out[f"sector_{code}"] = float(code in reading.sectors)
    for kind in SOURCE_TYPES:
        out[f"source_{kind}"] = float(item.source_type == kind)
    return out


def features(reading: Reading, item: TextInput) -> tuple[str, dict[str, float]]:
    """Both halves of what the model reads."""
    return decisive_text(reading), named_features(reading, item)
