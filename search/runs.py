"""Run records (``{prefix}-runs``): one way to write them, for the crawl, the scheduler's jobs
and the digest.

A record goes through the bulk writer, so a second write of the same run (its end state) lands
in whichever index generation holds the first, and a cluster that is away keeps the record in
the outbox until ``piwatch es replay``: a run is never lost for want of its bookkeeping.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from piwatch.config import ElasticsearchSettings
from piwatch.search.bulk import BulkOptions, BulkWriter
from piwatch.search.documents import run_document
from piwatch.search.indices import alias
from piwatch.search.outbox import Entry, Outbox

log = logging.getLogger(__name__)

RUN_EXIT_CODES: dict[str, int] = {"ok": 0, "failed": 1, "partial": 3}
"""How a command ends for each status of its run; the scheduler reads a child's status back
from its exit code, so its record and the child's own say the same."""


def run_status(failed: int, total: int) -> str:
    """``ok`` when no part of a run (a source, a recipient) failed, ``failed`` when every part
    did, ``partial`` in between."""
    if not failed:
        return "ok"
    return "failed" if failed >= total else "partial"


def write_run(
    es: Elasticsearch | None,
    settings: ElasticsearchSettings,
    outbox_dir: Path,
    record: Mapping[str, Any],
) -> bool:
    """Index ``record`` by its ``run_id`` and make it searchable; False when it could not be
    sent (``es`` is None: the cluster is out of reach) and waits in the outbox instead."""
    run_id, doc = run_document(record)
    runs = alias(settings.index_prefix, "runs")
    outbox = Outbox(outbox_dir)
    if es is None:
        outbox.append([Entry(runs, run_id, "index", doc)])
        outbox.close()
        return False
    options = BulkOptions.from_settings(settings)
    writer = BulkWriter(es, outbox, prefix=settings.index_prefix, options=options, replay=False)
    writer.add("runs", run_id, doc)
    if writer.close().outboxed:
        log.warning("run record %s kept in the outbox %s", run_id, outbox_dir)
        return False
    try:
        es.indices.refresh(index=runs)
    except Exception as exc:  # written; only its visibility waits for the next refresh
        log.info("refresh of %s after run %s failed: %s", runs, run_id, exc)
    return True
