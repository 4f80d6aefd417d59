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
