"""What a demo run found, read back from Elasticsearch: sources, pages, articles and leads.

Everything is filtered to the demo web's address, so other data under the same index prefix
(or an earlier demo on another port) does not change the numbers, and a second run reads the
same counts as the first.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from piwatch.search.indices import alias

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)

TOP_LEADS = 12


@dataclass(frozen=True, slots=True)
class SourceRun:
    """One source's numbers in the crawl's run record."""

    name: str
    pages: int
    items: int
    failed: int


@dataclass(frozen=True, slots=True)
class LeadRow:
    """A lead as the demo's table shows it (evidence is masked at indexing time)."""

    businesses: tuple[str, ...]
    conduct: tuple[str, ...]
    sectors: tuple[str, ...]
    region: str
    evidence: str
    score: float
    url: str


@dataclass(frozen=True, slots=True)
class DemoSummary:
    sources: tuple[SourceRun, ...]
    pages: int
    articles: int
    leads: int
    by_conduct: tuple[tuple[str, int], ...]
    by_sector: tuple[tuple[str, int], ...]
    top: tuple[LeadRow, ...]


def _url_filter(field: str, base_url: str) -> dict[str, Any]:
    return {"prefix": {field: base_url.rstrip("/") + "/"}}


def _buckets(aggs: Mapping[str, Any], name: str) -> tuple[tuple[str, int], ...]:
    return tuple((b["key"], b["doc_count"]) for b in aggs[name]["buckets"])


def latest_run(
    es: Elasticsearch, prefix: str, source_names: Sequence[str], since: str
) -> Mapping[str, Any] | None:
    """The newest run record written since ``since`` (ISO time) that crawled a demo source."""
    response = es.search(
        index=alias(prefix, "runs"),
        query={"range": {"started_at": {"gte": since}}},
        sort=[{"started_at": {"order": "desc"}}],
        size=20,
    )
    for hit in response["hits"]["hits"]:
        sources = hit["_source"].get("sources") or {}
        if any(name in sources for name in source_names):
            return hit["_source"]
    return None


def source_runs(
    run: Mapping[str, Any] | None, source_names: Sequence[str]
) -> tuple[SourceRun, ...]:
    """Per-source numbers of a run record, in the sources file's order."""
    sources = (run or {}).get("sources") or {}
    out = []
    for name in source_names:
        stats = sources.get(name) or {}
        out.append(
            SourceRun(
                name=name,
                pages=int(stats.get("pages") or 0),
                items=int(stats.get("items") or 0),
                failed=int(stats.get("failed") or 0),
            )
        )
    return tuple(out)


def lead_row(doc: Mapping[str, Any]) -> LeadRow:
    """The table row of one lead document."""
    evidence = doc.get("evidence") or []
    if isinstance(evidence, str):
        evidence = [evidence]
    title = str(doc.get("article_title") or "").strip()
    # the headline is usually the first snippet; the sentences after it say more
    evidence = [e for e in evidence if e.strip() != title] or evidence
    province, city = doc.get("province") or "", doc.get("city") or ""
    region = province if city in ("", province) else province + city
    return LeadRow(
        businesses=tuple(doc.get("business_names") or ()),
        conduct=tuple(doc.get("conduct") or ()),
        sectors=tuple(doc.get("sectors") or ()),
        region=region,
        evidence=evidence[0] if evidence else "",
        score=float(doc.get("score") or 0.0),
        url=str(doc.get("article_url") or ""),
    )


def collect(
    es: Elasticsearch,
    prefix: str,
    base_url: str,
    source_names: Sequence[str],
    since: str,
) -> DemoSummary:
    """Read the demo's results; ``since`` is when the crawl started (to find its run record)."""
    for kind in ("articles", "leads", "runs"):
        es.indices.refresh(index=alias(prefix, kind))
    run = latest_run(es, prefix, source_names, since)
    sources = source_runs(run, source_names)
    articles = es.count(index=alias(prefix, "articles"), query=_url_filter("url", base_url))[
        "count"
    ]
    leads = es.search(
        index=alias(prefix, "leads"),
        query=_url_filter("article_url", base_url),
        sort=[{"score": {"order": "desc"}}, {"article_url": {"order": "asc"}}],
        size=TOP_LEADS,
        track_total_hits=True,
        aggs={
            "conduct": {"terms": {"field": "conduct", "size": 20}},
            "sectors": {"terms": {"field": "sectors", "size": 20}},
        },
    )
    return DemoSummary(
        sources=sources,
        pages=sum(s.pages for s in sources),
        articles=int(articles),
        leads=int(leads["hits"]["total"]["value"]),
        by_conduct=_buckets(leads["aggregations"], "conduct"),
        by_sector=_buckets(leads["aggregations"], "sectors"),
        top=tuple(lead_row(hit["_source"]) for hit in leads["hits"]["hits"]),
    )
