"""Lead and article queries: text in Chinese with word semantics, facet filters, aggregations,
and the small read/update needed for triage.

Text queries go to the jieba-segmented ``*_zh`` fields (see ``search.zh``): plain text means
"all these words"; text in double quotes means the phrase. No scripts are used, so everything
works on any Elasticsearch 8 cluster (and on the plugin-less local node).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from piwatch.search.documents import LEAD_STATUSES, iso
from piwatch.search.indices import alias
from piwatch.search.zh import ZH_SUFFIX, phrase_words, query_words

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)

LEAD_TEXT_FIELDS = ("article_title", "evidence")
ARTICLE_TEXT_FIELDS = ("title", "content")
LEAD_FACETS = ("sectors", "conduct", "province")


def text_query(text: str, fields: Sequence[str], boosts: Sequence[float] = ()) -> dict[str, Any]:
    """Match ``text`` against the ``*_zh`` siblings of ``fields`` with word semantics.

    ``"..."`` (straight or Chinese quotes) asks for the phrase, anything else for all its words
    (in any of the fields). Traditional characters find simplified text and vice versa.
    """
    stripped = text.strip()
    zh_fields = [
        f"{name}{ZH_SUFFIX}" + (f"^{boosts[i]}" if i < len(boosts) else "")
        for i, name in enumerate(fields)
    ]
    quoted = len(stripped) > 1 and stripped[0] in '"“「' and stripped[-1] in '"”」'
    if quoted:
        return {"multi_match": {"query": phrase_words(stripped[1:-1]), "fields": zh_fields,
                                "type": "phrase"}}  # fmt: skip
    words = query_words(stripped)
    if not words:
        return {"match_none": {}}
    return {"multi_match": {"query": " ".join(words), "fields": zh_fields,
                            "type": "cross_fields", "operator": "and"}}  # fmt: skip


@dataclass(frozen=True, slots=True)
class LeadQuery:
    """Filters of ``piwatch search`` and the digest; empty means no filter."""

    text: str | None = None
    conduct: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    region: str | None = None  # a province or a city, as written in lead documents
    status: tuple[str, ...] = ()
    since: date | datetime | None = None  # on published_at, inclusive
    until: date | datetime | None = None  # exclusive
    size: int = 20
    offset: int = 0
    sort: str = "published_at"  # or "score" (relevance, then lead score)
    extra_filters: tuple[dict[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        unknown = set(self.status) - set(LEAD_STATUSES)
        if unknown:
            raise ValueError(f"unknown lead status {sorted(unknown)}; expected {LEAD_STATUSES}")


# a lead whose article was edited and no longer reads as one (``documents.lead_withdrawal``)
WITHDRAWN: dict[str, Any] = {"term": {"is_lead": False}}


def lead_filters(query: LeadQuery) -> list[dict[str, Any]]:
    """The filter clauses of ``query`` (shared by search and aggregations)."""
    filters: list[dict[str, Any]] = list(query.extra_filters)
    if query.conduct:
        filters.append({"terms": {"conduct": list(query.conduct)}})
    if query.sectors:
        filters.append({"terms": {"sectors": list(query.sectors)}})
    if query.status:
        filters.append({"terms": {"status": list(query.status)}})
    if query.region:
        region = query.region.strip()
        filters.append({"bool": {"should": [
            {"term": {"province": region}}, {"term": {"city": region}},
            {"term": {"regions.province": region}}, {"term": {"regions.city": region}},
        ], "minimum_should_match": 1}})  # fmt: skip
    span: dict[str, str] = {}
    if query.since is not None:
        span["gte"] = iso(query.since) or ""
    if query.until is not None:
        span["lt"] = iso(query.until) or ""
    if span:
        filters.append({"range": {"published_at": span}})
    return filters


def lead_query_body(query: LeadQuery) -> dict[str, Any]:
    """The ``query`` clause for ``query`` (withdrawn leads never match)."""
    must = [text_query(query.text, LEAD_TEXT_FIELDS, (2.0, 1.0))] if query.text else []
    return {"bool": {"must": must, "filter": lead_filters(query), "must_not": [WITHDRAWN]}}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of hits: ``total`` matching, ``hits`` as sources with ``_id`` added."""

    total: int
    hits: list[dict[str, Any]]


def _page(response: Any) -> Page:
    hits = [{"_id": hit["_id"], **hit["_source"]} for hit in response["hits"]["hits"]]
    return Page(total=response["hits"]["total"]["value"], hits=hits)


def search_leads(es: Elasticsearch, prefix: str, query: LeadQuery) -> Page:
    """Leads matching ``query``, newest first (or by relevance with ``sort="score"``)."""
    if query.sort == "score":
        sort: list[Any] = ["_score", {"score": "desc"}]
    else:
        sort = [{query.sort: {"order": "desc", "missing": "_last"}}, "_score"]
    response = es.search(
        index=alias(prefix, "leads"),
        query=lead_query_body(query),
        sort=sort,
        size=query.size,
        from_=query.offset,
        track_total_hits=True,
    )
    return _page(response)


def lead_aggregations(
    es: Elasticsearch,
    prefix: str,
    query: LeadQuery | None = None,
    facets: Sequence[str] = LEAD_FACETS,
    size: int = 50,
) -> dict[str, list[tuple[str, int]]]:
    """Lead counts per value of each facet (sector, conduct, province by default)."""
    query = query or LeadQuery()
    response = es.search(
        index=alias(prefix, "leads"),
        query=lead_query_body(query),
        size=0,
        aggs={facet: {"terms": {"field": facet, "size": size}} for facet in facets},
    )
    return {
        facet: [(b["key"], b["doc_count"]) for b in response["aggregations"][facet]["buckets"]]
        for facet in facets
    }


def search_articles(es: Elasticsearch, prefix: str, text: str, size: int = 20) -> Page:
    """Articles (and forum posts) matching ``text`` in title or content."""
    response = es.search(
        index=alias(prefix, "articles"),
        query=text_query(text, ARTICLE_TEXT_FIELDS, (2.0, 1.0)),
        size=size,
        track_total_hits=True,
    )
    return _page(response)
