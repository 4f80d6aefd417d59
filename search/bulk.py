"""Bulk writing through the durable outbox: append, send, per-document result, acknowledge.

``BulkWriter`` composes ``elasticsearch.helpers.streaming_bulk`` (which retries documents
rejected with 429/5xx, doubling a capped backoff). Connection failures are retried the same way
at the batch level; after that the node is treated as down for a while and batches go straight
to the outbox. Nothing is dropped: every document is in the outbox before it is sent and leaves
it only when the cluster acknowledges it. Lead documents are written as ``update`` with
``upsert`` so that triage fields (``documents.LEAD_PRESERVED``) survive a re-index.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from elastic_transport import TransportError
from elasticsearch.helpers import streaming_bulk

from search.documents import lead_refresh
from search.indices import KINDS, alias
from search.outbox import Entry, Outbox

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from piwatch.config import ElasticsearchSettings

log = logging.getLogger(__name__)

MAX_REPORTED_ERRORS = 100


@dataclass(frozen=True, slots=True)
class BulkOptions:
    """Bounds of one writer: batch sizes, retries, backoff."""

    buffer_size: int = 500  # documents buffered before an automatic flush
    chunk_size: int = 500  # documents per bulk request
    max_chunk_bytes: int = 10 * 1024 * 1024
    max_retries: int = 5
    initial_backoff: float = 1.0
    max_backoff: float = 30.0
    retry_on_status: tuple[int, ...] = (429, 500, 502, 503, 504)
    down_for: float = 30.0  # after retries fail to connect, skip sending for this long
    request_timeout: float = 60.0

    @classmethod
    def from_settings(cls, settings: ElasticsearchSettings) -> BulkOptions:
        return cls(
            buffer_size=settings.bulk_chunk_size,
            chunk_size=settings.bulk_chunk_size,
            max_chunk_bytes=settings.bulk_max_bytes,
            max_retries=settings.max_retries,
            request_timeout=settings.request_timeout,
        )


@dataclass(slots=True)
class BulkStats:
    """Counts since the writer was made: indexed (new and replayed), replayed (from earlier
    runs' outbox), failed (per-document rejections), outboxed (left pending in the outbox)."""

    indexed: int = 0
    failed: int = 0
    outboxed: int = 0
    replayed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (id, reason), first 100

    def as_dict(self) -> dict[str, int]:
        return {
            "indexed": self.indexed,
            "failed": self.failed,
            "outboxed": self.outboxed,
            "replayed": self.replayed,
        }


def backoff(attempt: int, initial: float, cap: float) -> float:
    """Doubling delay for retry ``attempt`` (1-based), never above ``cap``."""
    return min(cap, initial * 2 ** (attempt - 1))


def _action(entry: Entry) -> dict[str, Any]:
    if entry.op == "update":
        return {"_op_type": "update", "_index": entry.index, "_id": entry.id,
                "doc": entry.doc, "upsert": entry.upsert}  # fmt: skip
    return {"_op_type": "index", "_index": entry.index, "_id": entry.id, "_source": entry.doc}


def _reason(info: dict[str, Any]) -> str:
    error = info.get("error")
    if isinstance(error, dict):
        text = f"{error.get('type')}: {error.get('reason')}"
        cause = error.get("caused_by")
        if isinstance(cause, dict):
            text += f" ({cause.get('type')}: {cause.get('reason')})"
    else:
        text = str(error)
    return f"status {info.get('status')}: {text}"[:1000]


def _unique_id_groups(entries: list[Entry]) -> Iterator[list[Entry]]:
    """Split so that no id repeats inside a group: bulk results are matched back by id."""
    group: list[Entry] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            yield group
            group, seen = [], set()
        group.append(entry)
        seen.add(entry.id)
    if group:
        yield group


class BulkWriter:
    """Buffer documents, write them through the outbox, report per-document outcomes."""

    def __init__(
        self,
        es: Elasticsearch,
        outbox: Outbox,
        prefix: str = "piwatch",
        options: BulkOptions | None = None,
        *,
        replay: bool = True,
    ) -> None:
        self.es = es
        self.outbox = outbox
        self.prefix = prefix
        self.options = options or BulkOptions()
        self.stats = BulkStats()
        self._buffer: dict[tuple[str, str], Entry] = {}
        self._replay_pending = replay
        self._down_until = 0.0
        self._leads = alias(prefix, "leads")

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def target(self, index: str) -> str:
        """``articles``/``leads``/``runs`` → the prefixed alias; other names pass through."""
        return alias(self.prefix, index) if index in KINDS else index

    def add(self, index: str, id: str, doc: dict[str, Any]) -> None:
        """Queue one document; a later ``add`` of the same id replaces it."""
        target = self.target(index)
        if target == self._leads:
            entry = Entry(target, id, "update", lead_refresh(doc), upsert=doc)
        else:
            entry = Entry(target, id, "index", doc)
        self._buffer.pop((target, id), None)
        self._buffer[(target, id)] = entry
        if len(self._buffer) >= self.options.buffer_size:
            self.flush()

    def flush(self) -> BulkStats:
        """Persist the buffer to the outbox, send it, acknowledge what was indexed."""
        if self._replay_pending:
            self._replay_pending = False
            self.replay()
        batch = list(self._buffer.values())
        self._buffer.clear()
        if batch:
            entries = self.outbox.append(batch)
            acked = self._send(entries)
            self.stats.indexed += len(acked)
            self.stats.outboxed += len(entries) - len(acked)
        return self.stats

    def close(self) -> BulkStats:
        self.flush()
        self.outbox.close()
        return self.stats

    def replay(self) -> BulkStats:
        """Send what earlier runs left in the outbox; what fails again stays there."""
        pending = list(self.outbox.pending())
        if pending:
            log.info("replaying %d outbox entries", len(pending))
        size = max(1, self.options.chunk_size)
        for start in range(0, len(pending), size):
            chunk = pending[start : start + size]
            acked = self._send(chunk)
            self.stats.replayed += len(acked)
            self.stats.indexed += len(acked)
        self.outbox.compact()
        return self.stats

    def _send(self, entries: list[Entry]) -> set[str]:
        """Send entries; ack what the cluster accepted, record reasons for the rest."""
        acked: set[str] = set()
        failures: dict[str, str] = {}
        for group in _unique_id_groups(entries):
            ok_keys, group_failures = self._send_group(group)
            acked |= ok_keys
            failures.update(group_failures)
        if acked:
            self.outbox.ack(acked)
        if failures:
            self.outbox.fail(failures.items())
        return acked

    def _send_group(self, group: list[Entry]) -> tuple[set[str], dict[str, str]]:
        by_id = {entry.id: entry for entry in group}
        remaining = dict(by_id)
        acked: set[str] = set()
        failures: dict[str, str] = {}
        if time.monotonic() < self._down_until:
            reason = "not sent: Elasticsearch unreachable (recent connection failures)"
            return acked, {entry.key: reason for entry in group}
        opts = self.options
        for attempt in range(1, opts.max_retries + 2):
            try:
                for ok, item in streaming_bulk(
                    # 429/5xx are retried here, with backoff, not by the transport at once.
                    self.es.options(request_timeout=opts.request_timeout, retry_on_status=()),
                    # a snapshot: results of one chunk pop from ``remaining`` while the next
                    # chunk is still being read (several chunks: found by the scale tests)
                    [_action(entry) for entry in remaining.values()],
                    chunk_size=opts.chunk_size,
                    max_chunk_bytes=opts.max_chunk_bytes,
                    raise_on_error=False,
                    raise_on_exception=False,
                    max_retries=opts.max_retries,
                    initial_backoff=opts.initial_backoff,
                    max_backoff=opts.max_backoff,
                    retry_on_status=opts.retry_on_status,
                ):
                    info = next(iter(item.values()))
                    entry = remaining.pop(str(info.get("_id")), None)
                    if entry is None:
                        continue
                    if ok:
                        acked.add(entry.key)
                    else:
                        self._report(entry, _reason(info))
                        failures[entry.key] = _reason(info)
                return acked, failures
            except TransportError as exc:
                reason = f"connection failed: {exc}"
                if attempt > opts.max_retries:
                    log.warning("Elasticsearch unreachable after %d attempts: %s", attempt, exc)
                    self._down_until = time.monotonic() + opts.down_for
                    failures.update({entry.key: reason for entry in remaining.values()})
                    return acked, failures
                delay = backoff(attempt, opts.initial_backoff, opts.max_backoff)
                log.info("bulk attempt %d failed (%s); retrying in %.1fs", attempt, exc, delay)
                time.sleep(delay)
        return acked, failures

    def _report(self, entry: Entry, reason: str) -> None:
        self.stats.failed += 1
        if len(self.stats.errors) < MAX_REPORTED_ERRORS:
            self.stats.errors.append((entry.id, reason))
        log.warning("not indexed %s/%s: %s", entry.index, entry.id, reason)


def write_all(writer: BulkWriter, docs: Iterable[tuple[str, str, dict[str, Any]]]) -> BulkStats:
    """Add ``(index, id, doc)`` triples and flush: the common one-shot use."""
    for index, doc_id, doc in docs:
        writer.add(index, doc_id, doc)
    return writer.flush()
