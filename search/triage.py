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


@dataclass(frozen=True, slots=True)
class StoredLead:
    id: str
    index: str
    source: dict[str, Any]
    seq_no: int
    primary_term: int


def get_lead(es: Elasticsearch, prefix: str, lead_id: str) -> StoredLead:
    """The lead behind the alias (whichever index holds it), read in real time."""
    name = alias(prefix, "leads")
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
        raise PiwatchError(f"no lead with id {lead_id!r}; find ids with `piwatch search --json`")
    return StoredLead(lead_id, doc["_index"], doc["_source"], doc["_seq_no"], doc["_primary_term"])


def set_lead(
    es: Elasticsearch, prefix: str, lead_id: str, change: TriageChange, at: datetime
) -> tuple[StoredLead, dict[str, Any]]:
    """Apply ``change``; returns the lead as it now is and the fields written (empty: no-op)."""
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
