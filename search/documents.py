"""Items and extractions to Elasticsearch documents, with deterministic ids (pure functions).

Ids derive from the canonical URL, so indexing the same article or lead again (a re-crawl, an
outbox replay) overwrites the document instead of adding a second one. Documents are plain JSON
data (dates as ISO 8601 strings) so the outbox can store them as they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal, Protocol, get_args

from piwatch.pipelines.leads.referrals import referrals
from piwatch.pipelines.page import Page
from piwatch.pipelines.text.mask import mask_pii
from piwatch.search.zh import GRAM_SUFFIX, ZH_SUFFIX, grams, segment_for_index

LeadStatus = Literal["new", "reviewing", "confirmed", "dismissed", "referred"]
LEAD_STATUSES: tuple[LeadStatus, ...] = get_args(LeadStatus)
LEAD_PRESERVED = ("first_seen", "status", "assignee", "notes", "history")
"""Lead fields set once when the lead is first indexed and then owned by triage: re-indexing
the lead (a re-crawl, a replay) never overwrites them."""


class _Business(Protocol):
    name: str
    role: str


class _Region(Protocol):
    province: str
    city: str | None
    county: str | None
    bureau: str | None


class _Item(Protocol):
    heading: str
    start: int
    end: int


class ExtractionLike(Protocol):
    """What ``lead_document`` reads of ``pipelines.leads.Extraction``."""

    id: str
    is_lead: bool
    score: float
    conduct: Sequence[str]
    sectors: Sequence[str]
    businesses: Sequence[_Business]
    pi_types: Sequence[str]
    regions: Sequence[_Region]
    evidence: Sequence[str]
    volume: int | None
    legal_basis: Sequence[str]
    simhash: int
    case_keys: Sequence[str]
    item: _Item | None


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def article_id(url: str) -> str:
    """The id of the article (or forum post) at this canonical URL."""
    return _sha1(url)


def lead_id(url: str) -> str:
    """The id of the lead found in the article at this canonical URL (one lead per article)."""
    return _sha1("lead:" + url)


def iso(value: datetime | date | str | None) -> str | None:
    """A date as Elasticsearch reads it; strings are assumed to be ISO 8601 already."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def _capture(item: Page) -> dict[str, Any] | None:
    capture = getattr(item, "capture", None)  # set by the crawl's capture pipeline
    return capture.to_document() if capture is not None else None


def _compact(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in doc.items() if value is not None}


def article_words(title: str | None, content: str | None) -> dict[str, str | None]:
    """The word fields of an article document: the costly part of it (jieba), so the crawl
    computes them in its extraction workers and hands them in (``Page.words``)."""
    return {
        "title" + ZH_SUFFIX: segment_for_index(title),
        "content" + ZH_SUFFIX: segment_for_index(content),
    }


def article_document(item: Page, *, is_lead: bool | None = None) -> tuple[str, dict]:
    """The ``{prefix}-articles`` document of a crawled article or forum post."""
    title = item.title
    words = item.words or article_words(title, item.content)
    doc = {
        "url": item.url,
        "title": title,
        "content": item.content,
        **words,
        "published_at": iso(item.published_at),
        "fetched_at": iso(item.fetched_at),
        "source": item.source,
        "source_type": item.source_type,
        "doc_type": item.doc_type,
        "thread_url": item.thread_url,
        "floor": item.floor,
        "author": item.author,
        "province": item.province,
        "city": item.city,
        "is_lead": is_lead,
        "content_hash": item.content_hash,
        "encoding": item.encoding,
    }
    return article_id(item.url), _compact(doc)


def place_name(province: str | None, city: str | None, county: str | None = None) -> str:
    """A region as one name (广东省深圳市); a municipality is named once (上海市, never
    上海市上海市, although the gazetteer gives it as both province and city)."""
    parts = [province, None if city == province else city, county]
    return "".join(p for p in parts if p)


def _places(regions: Sequence[_Region], province: str | None, city: str | None) -> list[str]:
    """Every region named in the lead, or the source's own province and city if none is."""
    names = [place_name(r.province, r.city, r.county) for r in regions]
    names = names or [place_name(province, city)]
    return list(dict.fromkeys(n for n in names if n))


def _searchable(name: str, value: str | Sequence[str] | None) -> dict[str, Any]:
    """``name`` with its word (``_zh``) and character (``_gram``) siblings for lead search."""
    if isinstance(value, str) or value is None:
        return {
            name: value,
            name + ZH_SUFFIX: segment_for_index(value),
            name + GRAM_SUFFIX: grams(value),
        }
    values = list(value)
    return {
        name: values,
        name + ZH_SUFFIX: [segment_for_index(v) or "" for v in values],
        name + GRAM_SUFFIX: [grams(v) or "" for v in values],
    }


def lead_search_fields(
    extraction: ExtractionLike,
    title: str | None,
    content: str | None,
    province: str | None,
    city: str | None,
) -> dict[str, Any]:
    """What ``piwatch search`` looks in on a lead (business names, places, evidence, the
    article's title and its body masked like the evidence), each with its ``_zh`` and ``_gram``
    siblings: the costly part of a lead document, so the crawl's extraction workers compute it
    (``Page.lead_fields``) and the crawl process never loads jieba's dictionary."""
    subjects = sorted({b.name for b in extraction.businesses if b.role == "subject"})
    return {
        **_searchable("business_names", subjects),
        **_searchable("places", _places(extraction.regions, province, city)),
        **_searchable("evidence", list(extraction.evidence)),
        **_searchable("article_title", title),
        **_searchable("article_content", mask_pii(content) if content else None),
    }


def lead_document(extraction: ExtractionLike, item: Page, *, seen_at: datetime) -> tuple[str, dict]:
    """The ``{prefix}-leads`` document for an article whose extraction ``is_lead``.

    ``seen_at`` becomes ``last_seen`` (and ``first_seen`` for a new lead: see LEAD_PRESERVED).
    What ``piwatch search`` looks in (business names, places, title, evidence and the article
    body, masked like the evidence) gets ``_zh`` and ``_gram`` siblings; ``lead_id`` repeats the
    document id so that a prefix of it can be looked up.
    """
    subjects = [b for b in extraction.businesses if b.role == "subject"]
    regions = [
        _compact({"province": r.province, "city": r.city, "county": r.county, "bureau": r.bureau})
        for r in extraction.regions
    ]
    first = regions[0] if regions else {}
    seen = iso(seen_at)
    handoffs = referrals(
        conduct=extraction.conduct,
        sectors=extraction.sectors,
        pi_types=extraction.pi_types,
        volume=extraction.volume,
        texts=[*(b.name for b in subjects), item.title or "", *extraction.evidence],
    )
    doc = {
        "lead_id": lead_id(item.url),
        "id": extraction.id,
        "is_lead": extraction.is_lead,
        "score": float(extraction.score),
        "conduct": list(extraction.conduct),
        "sectors": list(extraction.sectors),
        "businesses": [{"name": b.name, "role": b.role} for b in subjects],
        "pi_types": list(extraction.pi_types),
        "regions": regions,
        "province": first.get("province") or item.province,
        "city": first.get("city") or (item.city if not first else None),
        "bureau": first.get("bureau"),
        "volume": extraction.volume,
        "legal_basis": list(extraction.legal_basis),
        "referrals": [r.to_document() for r in handoffs],
        "referral_departments": [r.department for r in handoffs],
        "article_url": item.url,
        **(
            item.lead_fields
            or lead_search_fields(extraction, item.title, item.content, item.province, item.city)
        ),
        "source": item.source,
        "source_type": item.source_type,
        "published_at": iso(item.published_at),
        "first_seen": seen,
        "last_seen": seen,
        "status": "new",
        "notes": [],
        "history": [],
        "simhash": f"{extraction.simhash & 0xFFFFFFFFFFFFFFFF:016x}",
        "case_key": list(extraction.case_keys),
        # where the page's HTTP exchange is kept (evidence.warc.Capture), when it was captured
        "capture": _capture(item),
        # a lead from a multi-item text: the item it came from (offsets in the normalised body)
        "item": (
            {
                "heading": extraction.item.heading,
                "start": extraction.item.start,
                "end": extraction.item.end,
            }
            if extraction.item is not None
            else None
        ),
    }
    return lead_id(item.url), _compact(doc)


def lead_refresh(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a lead document that re-indexing may overwrite (all but LEAD_PRESERVED);
    a lead seen again is a lead again, so an earlier withdrawal is cleared."""
    refresh = {key: value for key, value in doc.items() if key not in LEAD_PRESERVED}
    refresh["withdrawn_at"] = None
    return refresh


def lead_withdrawal(seen_at: datetime) -> dict[str, Any]:
    """The change to a lead whose article was edited and no longer reads as a lead.

    The document stays, with its triage (status, notes, history): investigators may already
    be working on it; ``is_lead: false`` takes it out of digests and lead searches.
    """
    return {"is_lead": False, "withdrawn_at": iso(seen_at), "last_seen": iso(seen_at)}


def run_document(run: Mapping[str, Any]) -> tuple[str, dict]:
    """The ``{prefix}-runs`` document of one crawl or digest run (id: its ``run_id``)."""
    doc = {key: iso(value) if isinstance(value, date) else value for key, value in run.items()}
    return str(doc["run_id"]), _compact(doc)
