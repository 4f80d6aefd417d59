"""The candidate sentence: a sentence that reports a conduct, its lexicon hits (relative to the
sentence) and its business mentions.

The extraction sequence builds candidates; the modules beside it read them (a notice's list) or
hits made relative the same way (a defendant's employer). The type and those helpers live here so
that none of those modules imports the sequence.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from piwatch.pipelines.leads.businesses import find_mentions
from piwatch.pipelines.leads.lexicons import Hit, Lexicons
from piwatch.pipelines.leads.roles import Mention
from piwatch.pipelines.text.sentences import Sentence


@dataclass(slots=True)
class Candidate:
    """A sentence reporting a conduct on personal information, and what is in it."""

    index: int
    sentence: Sentence
    hits: list[Hit]
    is_title: bool = False
    position: int = -1  # place in the body's sentence list (-1: headline)
    mentions: list[Mention] | None = None
    """Its business mentions, found once (:func:`candidate_mentions`)."""


def candidate_mentions(cand: Candidate, lex: Lexicons) -> list[Mention]:
    """A candidate's business mentions: the headline test and the story's subjects read the
    same sentences."""
    if cand.mentions is None:
        cand.mentions = find_mentions(cand.sentence.text, cand.hits, lex)
    return cand.mentions


def candidate_names(cand: Candidate) -> list[str]:
    return [m.name for m in cand.mentions or [] if m.role == "subject" and m.source != "pronoun"]


def bucket_hits(hits: list[Hit], sentences: list[Sentence]) -> list[list[Hit]]:
    """Hits grouped by the sentence that holds them."""
    starts = [s.start for s in sentences]
    out: list[list[Hit]] = [[] for _ in sentences]
    for hit in hits:
        index = bisect.bisect_right(starts, hit.start) - 1
        if index >= 0 and hit.end <= sentences[index].end:
            out[index].append(hit)
    return out


def relative_hits(hits: list[Hit], sentence: Sentence) -> list[Hit]:
    return [Hit(h.category, h.term, h.start - sentence.start, h.end - sentence.start) for h in hits]
