"""Read one lead and apply a triage change with optimistic concurrency (no scripts needed)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from elasticsearch import ConflictError, NotFoundError

from piwatch.errors import PiwatchError
from piwatch.search.indices import alias
from piwatch.search.lead_changes import TriageChange, plan

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)

CONFLICT_RETRIES = 5  # a crawl re-indexing the lead at the same moment: read again and retry
PREFIX_CANDIDATES = 10  # an ambiguous id prefix lists at most this many leads


@dataclass(frozen=True, slots=True)
class StoredLead:
    id: str
    index: str
    source: dict[str, Any]
    seq_no: int
    primary_term: int


def get_lead(es: Elasticsearch, prefix: str, lead_id: str) -> StoredLead:
    """The lead with id ``lead_id``, or the one lead whose id starts with it (as the search
    table prints ids), behind the alias (whichever index holds it), read in real time."""
    if not lead_id.strip():
        raise PiwatchError("no lead id given; find ids with `piwatch search`")
    name = alias(prefix, "leads")
    lead = _exact(es, name, lead_id)
    if lead is None:
        full_id = resolve_prefix(es, name, lead_id)
        lead = _exact(es, name, full_id) if full_id else None
    if lead is None:
        raise PiwatchError(f"no lead with id {lead_id!r}; find ids with `piwatch search --json`")
    return lead


def _exact(es: Elasticsearch, name: str, lead_id: str) -> StoredLead | None:
    try:
        found = es.search(index=name, query={"ids": {"values": [lead_id]}}, size=1, source=False)
    except NotFoundError:
        raise PiwatchError(
            f"no index {name}; nothing has been indexed with this prefix yet"
        ) from None
    hits = found["hits"]["hits"]
    index = hits[0]["_index"] if hits else None
    if index is None:  # not yet refreshed: try the write index directly, which get() sees
        write = [
            index_name
            for index_name, spec in es.indices.get_alias(name=name).items()
            if spec["aliases"][name].get("is_write_index", True)
        ]
        index = write[0] if write else None
    doc = es.options(ignore_status=404).get(index=index, id=lead_id) if index else None
    if doc is None or not doc.get("found"):
        return None
    return StoredLead(lead_id, doc["_index"], doc["_source"], doc["_seq_no"], doc["_primary_term"])


def resolve_prefix(es: Elasticsearch, name: str, id_prefix: str) -> str:
    """The full id of the one lead whose id starts with ``id_prefix`` ("" if none does).

    Several: an error listing them, so the operator can pick one.
    """
    if not id_prefix.strip():
        return ""
    found = es.search(
        index=name,
        query={"prefix": {"lead_id": id_prefix.strip()}},
        size=PREFIX_CANDIDATES + 1,
        source=["article_title"],
    )
    hits = found["hits"]["hits"]
    if len(hits) > 1:
        raise PiwatchError(_ambiguous(id_prefix, hits, found["hits"]["total"]["value"]))
    return hits[0]["_id"] if hits else ""


def _ambiguous(id_prefix: str, hits: list[dict[str, Any]], total: int) -> str:
    shown = [
        f"{hit['_id']} ({hit['_source'].get('article_title') or 'no title'})"
        for hit in hits[:PREFIX_CANDIDATES]
    ]
    more = f" and {total - len(shown)} more" if total > len(shown) else ""
    return (
        f"id {id_prefix!r} is the start of {total} lead ids: {'; '.join(shown)}{more}; "
        "give more of the id"
    )


def set_lead(
    es: Elasticsearch, prefix: str, lead_id: str, change: TriageChange, at: datetime
) -> tuple[StoredLead, dict[str, Any]]:
    """Apply ``change``; returns the lead as it now is and the fields written (empty: no-op).

    ``lead_id`` may be a unique prefix of the id (see :func:`get_lead`).
    """
    lead_id = get_lead(es, prefix, lead_id).id
    for _ in range(CONFLICT_RETRIES):
        lead = get_lead(es, prefix, lead_id)
        partial = plan(lead.source, change, at)
        if not partial:
            return lead, partial
        try:
            es.update(
                index=lead.index,
                id=lead_id,
                doc=partial,
                if_seq_no=lead.seq_no,
                if_primary_term=lead.primary_term,
                refresh="wait_for",
            )
        except ConflictError:
            log.info("lead %s changed while updating; retrying", lead_id)
            continue
        return get_lead(es, prefix, lead_id), partial
    raise PiwatchError(f"lead {lead_id} keeps changing under us; try again in a moment")
