"""The extraction sequence: prepare, scan, understand the candidate sentences, decide, score.

Only sentences where the Aho-Corasick scan finds a conduct cue next to personal information (or a
marketing cue, which is about personal data by itself) are candidates, and only candidates that
hint at a business go through jieba: most of a long article never reaches the tagger.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from pipelines.leads.businesses import Mention, clean_name, find_mentions
from pipelines.leads.conduct import DECISIVE, choose_conduct, conduct_counts, pi_types_of
from pipelines.leads.legal import legal_basis
from pipelines.leads.lexicons import Hit, Lexicons, load_lexicons
from pipelines.leads.model import Business, Extraction, TextInput
from pipelines.leads.regions import load_gazetteer
from pipelines.leads.scoring import Signals, score
from pipelines.leads.sectors import choose_sectors
from pipelines.leads.simhash import simhash
from pipelines.leads.volume import volume_of
from pipelines.options import ExtractOptions
from pipelines.text.mask import mask_pii
from pipelines.text.normalize import normalize
from pipelines.text.sentences import Sentence, split_sentences

log = logging.getLogger(__name__)

_BUSINESS_HINTS = ("org_suffixes", "described_business", "employees")
_APP_NOTICE = re.compile(
    r"(?:\d+|[一二两三四五六七八九十百]+)\s?款.{0,24}?(?:App|APP|app|应用|SDK|小程序|软件|产品|设备)"
)
_NOTICE_VERB = re.compile(r"通报|下架|侵害用户权益|违法违规收集|违规收集|整改|检测发现|公布")
_STATUTE_TITLE = re.compile(r"(?:法|条例|办法|规定|解释|规则|标准|指南|意见稿?)(?:（[^）]*）)?$")
_LEGAL_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")
_BRACKETS = re.compile(r"[(（][^()（）]{1,8}[)）]")


@dataclass(slots=True)
class _Candidate:
    """A sentence reporting a conduct on personal information, and what is in it."""

    index: int
    sentence: Sentence
    hits: list[Hit]
    is_title: bool = False
    mentions: list[Mention] = field(default_factory=list)


def extract(item: TextInput, options: ExtractOptions) -> Extraction:
    """Read one text and say whether (and how) it reports a personal-information violation."""
    lex = load_lexicons(options.lexicon_dir)
    title = normalize(item.title or "")
    body = normalize(item.text or "")
    if title and body.lstrip("# ").startswith(title):
        body = body.lstrip("# ")[len(title) :].lstrip()
    sentences = split_sentences(body, options.max_sentence_chars)
    title_sentence = Sentence(title, -1, -1) if title else None
    published = _parse_date(item.published)

    body_hits = _bucket(lex.scan(body), sentences)
    title_hits = lex.scan(title) if title else []
    all_title = title or (sentences[0].text if sentences else "")
    title_kinds = {h.category for h in (title_hits or (body_hits[0] if body_hits else []))}

    candidates: list[_Candidate] = []
    if title_sentence and _is_violation(title_hits):
        candidates.append(_Candidate(-1, title_sentence, title_hits, is_title=True))
    for index, hits in enumerate(body_hits):
        if len(candidates) >= options.max_candidate_sentences:
            break
        if _is_violation(hits) and sentences[index].text != title:
            candidates.append(
                _Candidate(index, sentences[index], _relative(hits, sentences[index]))
            )

    text_for_flags = all_title + " " + " ".join(c.sentence.text for c in candidates[:20])
    app_notice = bool(_APP_NOTICE.search(all_title) and _NOTICE_VERB.search(all_title)) or any(
        _APP_NOTICE.search(c.sentence.text) and _NOTICE_VERB.search(c.sentence.text)
        for c in candidates[:5]
    )
    excluded = _excluded(title_kinds, all_title, candidates, lex, text_for_flags)

    subjects: list[str] = []
    evidence: list[_Candidate] = []
    employee_only = False
    if not excluded:
        last_subject: str | None = None
        for cand in candidates:
            if (
                not any(h.category.startswith(_BUSINESS_HINTS) for h in cand.hits)
                and not (re.search(r"[《“\"]", cand.sentence.text))
                and not any(h.category.startswith("brands_") for h in cand.hits)
            ):
                continue
            cand.mentions = find_mentions(cand.sentence.text, cand.hits, lex)
            names = []
            for m in cand.mentions:
                if m.role != "subject":
                    continue
                if m.source == "pronoun":
                    if last_subject:
                        names.append(last_subject)
                    continue
                names.append(m.name)
            if names:
                last_subject = names[-1]
                evidence.append(cand)
                subjects.extend(n for n in names if n not in subjects)
            elif any(h.category == "employees" for h in cand.hits) and any(
                h.category.startswith("sector_") for h in cand.hits
            ):
                employee_only = True
                evidence.append(cand)
        if app_notice and not evidence:
            evidence = candidates[:3]

    subjects = _tidy_subjects(subjects)[: options.max_businesses]
    is_lead = not excluded and bool(subjects or app_notice or employee_only)
    lead_sentences = evidence if is_lead else candidates
    hits_in_evidence = [h for c in lead_sentences for h in c.hits]
    title_counts = conduct_counts([h for c in lead_sentences if c.is_title for h in c.hits])
    body_counts = conduct_counts([h for c in lead_sentences if not c.is_title for h in c.hits])
    conduct = choose_conduct(title_counts, body_counts) if is_lead else []
    if is_lead and app_notice and "collect_without_consent" not in conduct:
        conduct = ["collect_without_consent", *conduct]
    conduct = [
        c
        for c in ("collect_without_consent", "disclose_or_sell", "unsolicited_marketing", "breach")
        if c in conduct
    ]
    sectors = choose_sectors(subjects, hits_in_evidence, lex, app_notice) if is_lead else []
    texts = [c.sentence.text for c in lead_sentences]
    gazetteer = load_gazetteer()
    regions = gazetteer.find(" ".join([all_title, *texts[:10]])) or (
        gazetteer.find(body[:400]) if is_lead else []
    )
    volume = volume_of(texts)
    signals = Signals(
        is_lead=is_lead,
        conduct=tuple(conduct),
        volume=volume,
        source_type=item.source_type,
        named_subjects=sum(1 for s in subjects if "某" not in s and not s.startswith("一家")),
        described_only=bool(subjects) and all("某" in s or s.startswith("一家") for s in subjects),
        enforcement=any(h.category == "enforcement" for h in hits_in_evidence),
        has_region=bool(regions),
        published=published,
        as_of=options.as_of,
    )
    value = score(signals)
    if is_lead and value < options.min_score:
        is_lead = False
    shown = [_snippet(t, options.evidence_max_chars) for t in texts[: options.max_evidence]]
    return Extraction(
        id=item.id,
        is_lead=is_lead,
        score=value,
        conduct=conduct if is_lead else [],
        sectors=sectors if is_lead else [],
        businesses=[Business(name, "subject") for name in subjects] if is_lead else [],
        pi_types=pi_types_of(hits_in_evidence) if texts else [],
        regions=regions,
        evidence=shown,
        volume=volume,
        legal_basis=legal_basis(conduct, sectors, published) if is_lead else [],
        simhash=simhash(body or title),
        case_keys=[f"{case_name(n)}:{c}" for n in subjects for c in conduct] if is_lead else [],
    )


def case_name(name: str) -> str:
    """A business name reduced for grouping: no marks, brackets, spaces or legal-form suffix."""
    name = _BRACKETS.sub("", clean_name(name)).lower()
    stripped = _LEGAL_SUFFIX.sub("", name)
    return stripped if len(stripped) >= 2 else name


def _is_violation(hits: list[Hit]) -> bool:
    """A conduct cue about personal information (marketing and decisive cues stand alone)."""
    kinds = {h.category for h in hits}
    if "negation" in kinds:
        return False
    if any(h.term in DECISIVE for h in hits) or "conduct_unsolicited_marketing" in kinds:
        return True
    has_conduct = any(k.startswith("conduct_") for k in kinds)
    return has_conduct and any(k.startswith("pi_") for k in kinds)


def _excluded(
    title_kinds: set[str],
    title: str,
    candidates: list[_Candidate],
    lex: Lexicons,
    flag_text: str,
) -> bool:
    """Texts that are not leads whatever they mention: policies, statutes, denials, foreign news."""
    if not candidates:
        return True
    if "privacy_policy" in title_kinds or _STATUTE_TITLE.search(title.strip()):
        return True
    if "negation" in title_kinds:
        return True
    foreign = any(term in flag_text for term in lex["foreign"]) or any(
        term in title for term in lex["foreign_brands"]
    )
    if foreign:
        domestic = bool(load_gazetteer().find(flag_text, limit=1)) or any(
            term in flag_text for term in lex["domestic"]
        )
        if not domestic:
            return True
    return False


def _tidy_subjects(names: list[str]) -> list[str]:
    """Unique names, longer forms first replaced by their first-seen order."""
    out: list[str] = []
    for name in names:
        name = clean_name(name)
        if len(name) < 2 or name in out:
            continue
        out.append(name)
    return out


def _bucket(hits: list[Hit], sentences: list[Sentence]) -> list[list[Hit]]:
    """Hits grouped by the sentence that holds them."""
    starts = [s.start for s in sentences]
    out: list[list[Hit]] = [[] for _ in sentences]
    for hit in hits:
        index = bisect.bisect_right(starts, hit.start) - 1
        if index >= 0 and hit.end <= sentences[index].end:
            out[index].append(hit)
    return out


def _relative(hits: list[Hit], sentence: Sentence) -> list[Hit]:
    return [Hit(h.category, h.term, h.start - sentence.start, h.end - sentence.start) for h in hits]


def _snippet(text: str, limit: int) -> str:
    masked = mask_pii(text)
    return masked if len(masked) <= limit else masked[: limit - 1] + "…"


def _parse_date(value: datetime | str | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
