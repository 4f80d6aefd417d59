"""Elasticsearch reads for a period report: figures per cell, region, source type and week, and
the period's leads for case files.

A lead belongs to a period by ``published_at`` (when the conduct was reported, so that a campaign
of 2019 can be reported on from articles crawled later). Dismissed and withdrawn leads never
count. Figures are exact: leads are hit counts, distinct cases and businesses are the number of
``terms`` buckets (never the approximate ``cardinality``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

from piwatch.reports.routing import Jurisdiction, es_filter
from piwatch.search.queries import WITHDRAWN

TIME_FIELD = "published_at"
DISTINCT = 65_000  # terms buckets read to count distinct cases or businesses (exact below it)
REGIONS = 1000


@dataclass(frozen=True, slots=True)
class Scope:
    """What a report covers: a closed date range, codes, provinces, one jurisdiction or bureau."""

    start: date
    end: date  # inclusive
    sectors: tuple[str, ...]
    conducts: tuple[str, ...]
    provinces: tuple[str, ...] = ()
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)
    bureau: str | None = None
    time_zone: str = "Asia/Shanghai"  # the day boundaries of start and end

    def until(self, end: date) -> Scope:
        return Scope(
            self.start,
            end,
            self.sectors,
            self.conducts,
            self.provinces,
            self.jurisdiction,
            self.bureau,
            self.time_zone,
        )


@dataclass(frozen=True, slots=True)
class Figures:
    leads: int = 0
    cases: int = 0
    businesses: int = 0

    def minus(self, other: Figures) -> Figures:
        return Figures(
            self.leads - other.leads, self.cases - other.cases, self.businesses - other.businesses
        )


def scope_query(scope: Scope, *extra: Mapping[str, Any]) -> dict[str, Any]:
    """The period, the scope's codes and regions, plus ``extra`` filter clauses."""
    filters: list[Mapping[str, Any]] = [
        {
            "range": {
                TIME_FIELD: {
                    "gte": scope.start.isoformat(),
                    "lt": (scope.end + timedelta(days=1)).isoformat(),
                    "time_zone": scope.time_zone,
                }
            }
        },
        {"terms": {"sectors": list(scope.sectors)}},
        {"terms": {"conduct": list(scope.conducts)}},
        *es_filter(scope.jurisdiction),
        *extra,
    ]
    if scope.provinces:
        filters.append(
            {
                "bool": {
                    "should": [
                        {"terms": {"province": list(scope.provinces)}},
                        {"terms": {"regions.province": list(scope.provinces)}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    if scope.bureau:
        filters.append(
            {
                "bool": {
                    "should": [
                        {"term": {"bureau": scope.bureau}},
                        {"term": {"regions.bureau": scope.bureau}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    return {
        "bool": {
            "filter": filters,
            "must_not": [{"term": {"status": "dismissed"}}, WITHDRAWN],
        }
    }


def _case_pattern(conducts: Sequence[str]) -> str:
    """Case keys (``business:conduct``) of these conducts only: a lead with two conducts has a
    key for each, and a cell of one conduct counts only that conduct's cases."""
    return ".*:(" + "|".join(conducts) + ")"


def _figures_body(query: Mapping[str, Any], conducts: Sequence[str]) -> dict[str, Any]:
    return {
        "size": 0,
        "track_total_hits": True,
        "query": query,
        "aggs": {
            "cases": {
                "terms": {
                    "field": "case_key",
                    "size": DISTINCT,
                    "include": _case_pattern(conducts),
                }
            },
            "businesses": {"terms": {"field": "business_names", "size": DISTINCT}},
        },
    }


def _figures(resp: Mapping[str, Any]) -> Figures:
    aggs = resp["aggregations"]
    return Figures(
        leads=int(resp["hits"]["total"]["value"]),
        cases=len(aggs["cases"]["buckets"]),
        businesses=len(aggs["businesses"]["buckets"]),
    )


def figures_many(
    es: Elasticsearch,
    alias: str,
    scope: Scope,
    parts: Sequence[tuple[Sequence[Mapping[str, Any]], Sequence[str]]],
) -> list[Figures]:
    """Figures for each (extra filter clauses, conducts counted) in one multi-search."""
    if not parts:
        return []
    searches: list[Mapping[str, Any]] = []
    for extra, conducts in parts:
        searches.append({"index": alias})
        searches.append(_figures_body(scope_query(scope, *extra), conducts))
    out = []
    for resp in es.msearch(searches=searches)["responses"]:
        if "error" in resp:
            raise RuntimeError(f"report query failed: {resp['error']}")
        out.append(_figures(resp))
    return out


@dataclass(frozen=True, slots=True)
class Table:
    """The statistical table: (sector, conduct) cells, row and column totals, grand total."""

    cells: Mapping[tuple[str, str], Figures]
    sector_totals: Mapping[str, Figures]
    conduct_totals: Mapping[str, Figures]
    total: Figures


def table(es: Elasticsearch, alias: str, scope: Scope) -> Table:
    parts: list[tuple[Sequence[Mapping[str, Any]], Sequence[str]]] = []
    keys: list[tuple[str, str]] = []
    for s in scope.sectors:
        for c in scope.conducts:
            keys.append((s, c))
            parts.append(([{"term": {"sectors": s}}, {"term": {"conduct": c}}], [c]))
        keys.append((s, ""))
        parts.append(([{"term": {"sectors": s}}], scope.conducts))
    for c in scope.conducts:
        keys.append(("", c))
        parts.append(([{"term": {"conduct": c}}], [c]))
    keys.append(("", ""))
    parts.append(([], scope.conducts))
    found = dict(zip(keys, figures_many(es, alias, scope, parts), strict=True))
    return Table(
        cells={k: v for k, v in found.items() if k[0] and k[1]},
        sector_totals={s: found[(s, "")] for s in scope.sectors},
        conduct_totals={c: found[("", c)] for c in scope.conducts},
        total=found[("", "")],
    )


def by_region(es: Elasticsearch, alias: str, scope: Scope) -> list[tuple[str, str, Figures]]:
    """(province, city, figures) by the lead's first region; a province's own row has city ""
    and comes before its cities."""
    resp = es.search(
        index=alias,
        size=0,
        query=scope_query(scope),
        aggs={
            "province": {
                "terms": {"field": "province", "size": REGIONS, "missing": ""},
                "aggs": {"city": {"terms": {"field": "city", "size": REGIONS, "missing": ""}}},
            }
        },
    )
    places: list[tuple[str, str]] = []
    for p in sorted(resp["aggregations"]["province"]["buckets"], key=lambda b: b["key"]):
        places.append((p["key"], ""))
        places.extend(
            (p["key"], c["key"])
            for c in sorted(p["city"]["buckets"], key=lambda b: b["key"])
            if c["key"] and c["key"] != p["key"]
        )
    parts = [(_place_filter(p, c), scope.conducts) for p, c in places]
    return [
        (p, c, f) for (p, c), f in zip(places, figures_many(es, alias, scope, parts), strict=True)
    ]


def _place_filter(province: str, city: str) -> list[dict[str, Any]]:
    if not province:
        return [{"bool": {"must_not": [{"exists": {"field": "province"}}]}}]
    clauses: list[dict[str, Any]] = [{"term": {"province": province}}]
    if city:
        clauses.append({"term": {"city": city}})
    return clauses


def by_source_type(
    es: Elasticsearch, alias: str, scope: Scope, types: Sequence[str]
) -> list[tuple[str, Figures]]:
    parts = [([{"term": {"source_type": t}}], scope.conducts) for t in types]
    return list(zip(types, figures_many(es, alias, scope, parts), strict=True))


def by_week(es: Elasticsearch, alias: str, scope: Scope, tz: str) -> list[tuple[date, int]]:
    """Leads per ISO week (Monday) of publication, empty weeks included."""
    resp = es.search(
        index=alias,
        size=0,
        query=scope_query(scope),
        aggs={
            "week": {
                "date_histogram": {
                    "field": TIME_FIELD,
                    "calendar_interval": "week",
                    "time_zone": tz,
                    "min_doc_count": 0,
                    "format": "yyyy-MM-dd",
                }
            }
        },
    )
    return [
        (date.fromisoformat(b["key_as_string"]), int(b["doc_count"]))
        for b in resp["aggregations"]["week"]["buckets"]
    ]


def leads(es: Elasticsearch, alias: str, scope: Scope) -> Iterator[dict[str, Any]]:
    """Every lead of the period (a scroll, so never capped), sources without search siblings."""
    for hit in scan(
        es,
        index=alias,
        query={"query": scope_query(scope)},
        _source_excludes=["*_zh", "*_gram", "article_content"],
        preserve_order=False,
    ):
        yield {"_id": hit["_id"], "_index": hit["_index"], **hit["_source"]}
