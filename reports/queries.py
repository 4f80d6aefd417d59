"""Elasticsearch reads for the digest: a week's leads in a jurisdiction, counts, top names."""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

from piwatch.reports.model import Case, Counts, WeekData
from piwatch.reports.routing import Jurisdiction, es_filter
from piwatch.reports.weeks import Week
from piwatch.search.queries import WITHDRAWN

BUCKETS = 100  # codes are few; regions and businesses beyond this do not fit a mail anyway


def week_filter(week: Week, jurisdiction: Jurisdiction, field: str = "first_seen") -> dict:
    """Leads first seen in the week, inside the jurisdiction, never dismissed or withdrawn ones."""
    return {
        "bool": {
            "filter": [
                {"range": {field: {"gte": week.start.isoformat(), "lt": week.end.isoformat()}}},
                *es_filter(jurisdiction),
            ],
            "must_not": [{"term": {"status": "dismissed"}}, WITHDRAWN],
        }
    }


def counts(es: Elasticsearch, leads_alias: str, week: Week, j: Jurisdiction) -> Counts:
    """Counts by sector, conduct, (sector, conduct) and region; aggregations, so never capped."""
    resp = es.search(
        index=leads_alias,
        size=0,
        track_total_hits=True,
        query=week_filter(week, j),
        aggs={
            "sector": {
                "terms": {"field": "sectors", "size": BUCKETS},
                "aggs": {"conduct": {"terms": {"field": "conduct", "size": BUCKETS}}},
            },
            "conduct": {"terms": {"field": "conduct", "size": BUCKETS}},
            "province": {
                "terms": {"field": "province", "size": BUCKETS, "missing": ""},
                "aggs": {"city": {"terms": {"field": "city", "size": BUCKETS, "missing": ""}}},
            },
        },
    )
    aggs = resp["aggregations"]
    return Counts(
        total=int(resp["hits"]["total"]["value"]),
        by_sector={b["key"]: b["doc_count"] for b in aggs["sector"]["buckets"]},
        by_conduct={b["key"]: b["doc_count"] for b in aggs["conduct"]["buckets"]},
        cells={
            (s["key"], c["key"]): c["doc_count"]
            for s in aggs["sector"]["buckets"]
            for c in s["conduct"]["buckets"]
        },
        by_region={
            (p["key"], c["key"]): c["doc_count"]
            for p in aggs["province"]["buckets"]
            for c in p["city"]["buckets"]
        },
    )


def week_data(
    es: Elasticsearch,
    leads_alias: str,
    week: Week,
    j: Jurisdiction,
    max_leads: int,
    top: int = 10,
) -> WeekData:
    """Everything one recipient's digest needs: ranked leads plus this and last week's counts."""
    query = week_filter(week, j)
    resp = es.search(
        index=leads_alias,
        size=max_leads,
        query=query,
        sort=[{"score": "desc"}, {"first_seen": "desc"}, {"article_url": "asc"}],
        aggs={
            "business": {"terms": {"field": "business_names", "size": top}},
            "case": {
                "terms": {"field": "case_key", "size": top, "min_doc_count": 1},
                "aggs": {
                    "max_score": {"max": {"field": "score"}},
                    "best": {
                        "top_hits": {
                            "size": 1,
                            "sort": [{"score": "desc"}],
                            "_source": {"includes": ["article_title"]},
                        }
                    },
                },
            },
        },
    )
    aggs = resp["aggregations"]
    return WeekData(
        hits=resp["hits"]["hits"],
        counts=counts(es, leads_alias, week, j),
        previous=counts(es, leads_alias, week.previous(), j),
        businesses=[(b["key"], b["doc_count"]) for b in aggs["business"]["buckets"]],
        cases=[_case(b) for b in aggs["case"]["buckets"]],
    )


def _case(bucket: dict[str, Any]) -> Case:
    best = bucket["best"]["hits"]["hits"][0]
    return Case(
        key=bucket["key"],
        count=bucket["doc_count"],
        max_score=float(bucket["max_score"]["value"] or 0.0),
        title=str(best["_source"].get("article_title") or ""),
    )
