"""Kibana deep links: Discover filtered views and single documents, state encoded as Rison."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

_RISON_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_URL_SAFE = "()!:,'*-._~"


def rison(value: Any) -> str:
    """Encode ``value`` as Rison, the compact JSON variant Kibana reads from ``_a`` and ``_g``."""
    if value is None:
        return "!n"
    if value is True:
        return "!t"
    if value is False:
        return "!f"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if _RISON_ID.match(value):
            return value
        return "'" + value.replace("!", "!!").replace("'", "!'") + "'"
    if isinstance(value, dict):
        return "(" + ",".join(f"{rison(str(k))}:{rison(v)}" for k, v in value.items()) + ")"
    if isinstance(value, list | tuple):
        return "!(" + ",".join(rison(v) for v in value) + ")"
    raise TypeError(f"cannot encode {type(value).__name__} as Rison")


def kql_quote(value: str) -> str:
    """A KQL phrase, double-quoted and escaped, so crawled names cannot alter the query."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def kql_and(clauses: dict[str, str]) -> str:
    """``field:"value" and ...`` for exact keyword matches."""
    return " and ".join(f"{field}:{kql_quote(value)}" for field, value in clauses.items())


def discover_url(
    base: str, data_view_id: str, kql: str, start: datetime, end: datetime, time_field: str
) -> str:
    """A Discover view of a data view filtered by ``kql`` over ``[start, end)``."""
    g = {"filters": [], "time": {"from": start.isoformat(), "to": end.isoformat()}}
    a = {
        "dataSource": {"dataViewId": data_view_id, "type": "dataView"},
        "query": {"language": "kuery", "query": kql},
        "sort": [[time_field, "desc"]],
    }
    return (
        f"{base.rstrip('/')}/app/discover#/?_g={quote(rison(g), safe=_URL_SAFE)}"
        f"&_a={quote(rison(a), safe=_URL_SAFE)}"
    )


def document_url(base: str, data_view_id: str, index: str, doc_id: str) -> str:
    """Discover's single-document view (``#/doc/<data view>/<index>?id=<id>``)."""
    return (
        f"{base.rstrip('/')}/app/discover#/doc/{quote(data_view_id, safe='')}/"
        f"{quote(index, safe='')}?id={quote(doc_id, safe='')}"
    )
