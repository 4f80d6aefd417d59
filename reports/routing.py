"""Recipients' jurisdictions as Elasticsearch filters and KQL; a lead matches any region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from piwatch.reports.labels import region_label
from piwatch.search.kibana.links import kql_quote


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Province and/or city; both None means every lead."""

    province: str | None = None
    city: str | None = None

    @property
    def is_all(self) -> bool:
        return not self.province and not self.city

    @property
    def label(self) -> str:
        return region_label(self.province, self.city) or "全部地区"


def es_filter(j: Jurisdiction) -> list[dict[str, Any]]:
    """Filter clauses: the flattened first region or any entry of ``regions`` must match."""
    clauses: list[dict[str, Any]] = []
    for field, value in (("province", j.province), ("city", j.city)):
        if value:
            clauses.append(
                {
                    "bool": {
                        "should": [
                            {"term": {field: value}},
                            {"term": {f"regions.{field}": value}},
                        ],
                        "minimum_should_match": 1,
                    }
                }
            )
    return clauses


def kql(j: Jurisdiction) -> str:
    """The same restriction as KQL for Kibana links ("" for every lead)."""
    parts = [
        f"({field}:{kql_quote(value)} or regions.{field}:{kql_quote(value)})"
        for field, value in (("province", j.province), ("city", j.city))
        if value
    ]
    return " and ".join(parts)
