"""The named decisions of the rules' reading, so that a decision can be seen and counted.

Every point where :func:`piwatch.pipelines.leads.extract.read_text` takes a decision that makes a
text a lead or keeps it from being one records the rule's id in ``Reading.fired``; the output
carries them (``Extraction.rules``), and ``piwatch eval`` counts per rule how often it fired and
how often the text's label agreed with the way the rule pushed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Rule:
    """One decision of the rules: an id that stays, a name, and the way it pushes."""

    id: str
    name: str
    pushes: Literal["lead", "not_lead"]
    doc: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("X01", "no-conduct-sentence", "not_lead", "no sentence reports a conduct"),
        Rule("X02", "privacy-policy", "not_lead", "a privacy policy (title or opening)"),
        Rule("X03", "statute", "not_lead", "a law, regulation or standard by its title"),
        Rule(
            "X04", "denial-or-writeup", "not_lead", "a denial, a write-up or a rectification done"
        ),
        Rule("X05", "abroad-title", "not_lead", "the headline places the story abroad"),
        Rule("X06", "abroad-story", "not_lead", "the story's sentences place it abroad"),
        Rule("X07", "abroad", "not_lead", "no known brand; Latin-named or placed abroad; no China"),
        Rule("X08", "no-subject", "not_lead", "a conduct reported, but by no business"),
        Rule("X09", "no-conduct", "not_lead", "a business named, no conduct as happening"),
        Rule("X10", "untied-in-court", "not_lead", "court facts: a business no defendant runs"),
        Rule("L01", "headline-reports", "lead", "the headline reports a conduct"),
        Rule("L02", "item-headline", "lead", "an item of a list reports a conduct"),
        Rule("L03", "casebook", "lead", "a case list: every case in the body counts"),
        Rule("L04", "registered-company", "lead", "a registered company acts, title silent"),
        Rule("L05", "app-notice", "lead", "a regulator's notice about apps"),
        Rule("L06", "pointed", "lead", "the headline points at one business (这家公司)"),
        Rule("S01", "staff-of-employer", "lead", "a defendant's employer is the business"),
        Rule("S02", "opening-names", "lead", "the opening names what the headline describes"),
        Rule("S03", "complaint-target", "lead", "a complaint's 投诉对象"),
        Rule("S04", "penalised-party", "lead", "a penalty decision's 当事人"),
        Rule("S05", "apposed-latin-name", "lead", "a kind of business named by a Latin name"),
        Rule("S06", "sued-party", "lead", "the business a consumer sues or complains against"),
        Rule("S07", "listed-with", "lead", "names listed with a business found (A、B等)"),
        Rule("S08", "defendant-unit", "lead", "a judgment's 被告单位, whose defendants act"),
        Rule("S09", "listed-actors", "lead", "a list right before a conduct (A、B等未公示…)"),
    )
}
