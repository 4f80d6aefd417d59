"""Elasticsearch reads for the digest: a week's leads in a jurisdiction, counts, top names."""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

from piwatch.pipelines.leads.casefile import CaseFile, case_files
from piwatch.reports.model import Case, Counts, WeekData
from piwatch.reports.routing import Jurisdiction, es_filter
from piwatch.reports.weeks import Week
from piwatch.search.indices import alias
from piwatch.search.queries import WITHDRAWN

BUCKETS = 100  # codes are few; regions and businesses beyond this do not fit a mail anyway
CASE_KEYS = 1000  # case keys (business:conduct) read to find a week's cases


def week_filter(week: Week, jurisdiction: Jurisdiction, field: str = "first_seen") -> dict:
    """Leads first seen in the week, inside the jurisdiction, never dismissed or withdrawn ones."""
    return {
        "bool": {
            "filter": [
                _in(week, field),
                *es_filter(jurisdiction),
            ],
            "must_not": [{"term": {"status": "dismissed"}}, WITHDRAWN],
        }
    }


def _in(week: Week, field: str) -> dict:
    return {"range": {field: {"gte": week.start.isoformat(), "lt": week.end.isoformat()}}}


def count_leads(es: Elasticsearch, prefix: str, week: Week, j: Jurisdiction) -> int:
    """Leads a digest of ``week`` would hold for the jurisdiction."""
    return int(es.count(index=alias(prefix, "leads"), query=week_filter(week, j))["count"])


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
    prefix: str,
    week: Week,
    j: Jurisdiction,
    max_leads: int,
    top: int = 10,
) -> WeekData:
    """Everything one recipient's digest needs: ranked leads plus this and last week's counts,
    and how the week's crawls went."""
    leads_alias, runs_alias = alias(prefix, "leads"), alias(prefix, "runs")
    query = week_filter(week, j)
    resp = es.search(
        index=leads_alias,
        size=max_leads,
        query=query,
        sort=[{"score": "desc"}, {"first_seen": "desc"}, {"article_url": "asc"}],
        aggs={
            "business": {"terms": {"field": "business_names", "size": top}},
            "case_key": {"terms": {"field": "case_key", "size": CASE_KEYS}},
        },
    )
    aggs = resp["aggregations"]
    keys = [b["key"] for b in aggs["case_key"]["buckets"]]
    return WeekData(
        hits=resp["hits"]["hits"],
        counts=counts(es, leads_alias, week, j),
        previous=counts(es, leads_alias, week.previous(), j),
        businesses=[(b["key"], b["doc_count"]) for b in aggs["business"]["buckets"]],
        cases=cases(es, leads_alias, query, keys, top),
        crawl_runs=crawl_runs(es, runs_alias, week),
        cross_regional=cross_regional(es, leads_alias, keys),
    )


def cross_regional(es: Elasticsearch, leads_alias: str, keys: list[str]) -> list[CaseFile]:
    """Of these cases (the week's, in one jurisdiction), those seen in two or more provinces or
    cities of one province, over every lead of the case wherever and whenever it was seen."""
    if not keys:
        return []
    query = {
        "bool": {
            "filter": [{"terms": {"case_key": keys}}],
            "must_not": [{"term": {"status": "dismissed"}}, WITHDRAWN],
        }
    }
    fields = ["case_key", "businesses", "sectors", "regions", "province", "city", "source"]
    fields += ["source_type", "status", "published_at", "first_seen", "volume", "simhash"]
    leads = (
        h["_source"] for h in scan(es, index=leads_alias, query={"query": query, "_source": fields})
    )
    wanted = set(keys)
    return [f for f in case_files(leads) if f.key in wanted and f.cross_regional]


def crawl_runs(es: Elasticsearch, runs_alias: str, week: Week) -> dict[str, int]:
    """Crawls started in the week by status (``ok``, ``partial``, ``failed`` ...), as their run
    records say: by hand (job ``crawl``) or by the scheduler (``nightly-crawl``)."""
    resp = es.search(
        index=runs_alias,
        size=0,
        ignore_unavailable=True,
        query={"bool": {"filter": [{"wildcard": {"job": "*crawl"}}, _in(week, "started_at")]}},
        aggs={"status": {"terms": {"field": "status", "size": BUCKETS}}},
    )
    buckets = (resp.get("aggregations") or {}).get("status", {}).get("buckets", [])
    return {b["key"]: b["doc_count"] for b in buckets}


def cases(
    es: Elasticsearch, leads_alias: str, query: dict, keys: list[str], top: int
) -> list[Case]:
    """The ``top`` businesses by leads, each lead counted once whatever its conducts.

    A case key is ``business:conduct``, so its terms count a lead with two conducts twice; one
    filter per business over all its keys counts leads.
    """
    by_name: dict[str, list[str]] = {}
    for key in keys:
        by_name.setdefault(key.rpartition(":")[0] or key, []).append(key)
    if not by_name:
        return []
    resp = es.search(
        index=leads_alias,
        size=0,
        query=query,
        aggs={
            "case": {
                "filters": {"filters": {n: {"terms": {"case_key": k}} for n, k in by_name.items()}},
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
            }
        },
    )
    buckets = resp["aggregations"]["case"]["buckets"]
    found = [_case(name, tuple(by_name[name]), b) for name, b in buckets.items() if b["doc_count"]]
    return sorted(found, key=lambda c: (-c.count, -c.max_score, c.name))[:top]


def _case(name: str, keys: tuple[str, ...], bucket: dict[str, Any]) -> Case:
    best = bucket["best"]["hits"]["hits"][0]
    return Case(
        name=name,
        keys=keys,
        count=bucket["doc_count"],
        max_score=float(bucket["max_score"]["value"] or 0.0),
        title=str(best["_source"].get("article_title") or ""),
    )
