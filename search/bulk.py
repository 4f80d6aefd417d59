"""Bulk writing through the durable outbox: append, send, per-document result, acknowledge.

``BulkWriter`` composes ``elasticsearch.helpers.streaming_bulk`` (which retries documents
rejected with 429/5xx, doubling a capped backoff). Connection failures are retried the same way
at the batch level; after that the node is treated as down for a while and batches go straight
to the outbox. Nothing is dropped: every document is in the outbox before it is sent and leaves
it only when the cluster acknowledges it. Lead documents are written as ``update`` with
``upsert`` so that triage fields (``documents.LEAD_PRESERVED``) survive a re-index.

Ids are deterministic, so a document written again must land where it already is: once an
alias has rolled over to a new generation, each id is looked up behind the alias first and
written to the concrete index that holds it; only new ids go to the write index.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from elastic_transport import TransportError
from elasticsearch import ApiError, NotFoundError
from elasticsearch.helpers import streaming_bulk
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from piwatch.search.documents import lead_refresh
from piwatch.search.indices import KINDS, alias
from piwatch.search.outbox import Entry, Outbox

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from piwatch.config import ElasticsearchSettings

log = logging.getLogger(__name__)

MAX_REPORTED_ERRORS = 100
GENERATIONS_TTL = 60.0  # seconds the indices behind an alias are cached (rollover is monthly)
LOOKUP_SIZE = 1000  # ids per lookup search


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


def _log_retry(state: RetryCallState) -> None:
    wait = state.next_action.sleep if state.next_action else 0.0
    failure = state.outcome.exception() if state.outcome else None
    log.info("bulk attempt %d failed (%s); retrying in %.1fs", state.attempt_number, failure, wait)


def _action(entry: Entry, index: str) -> dict[str, Any]:
    if entry.op == "update":
        action = {"_op_type": "update", "_index": index, "_id": entry.id, "doc": entry.doc}
        if entry.upsert is not None:
            action["upsert"] = entry.upsert
        return action
    return {"_op_type": "index", "_index": index, "_id": entry.id, "_source": entry.doc}


def refused(reason: str | None) -> bool:
    """A reason recorded by the writer (:func:`_reason`) says the cluster refused the document
    itself (a 4xx other than 429), not that it was overloaded or out of reach."""
    return bool(reason) and reason.startswith("status 4") and not reason.startswith("status 429")


def _nothing_to_update(entry: Entry, info: dict[str, Any]) -> bool:
    """An update without upsert of a document that does not exist: done, nothing to change."""
    error = info.get("error")
    return (
        entry.op == "update"
        and entry.upsert is None
        and isinstance(error, dict)
        and error.get("type") == "document_missing_exception"
    )


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
        # alias → (checked at, its newest older generation, None before any rollover)
        self._generations: dict[str, tuple[float, str | None]] = {}

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
            self._queue(Entry(target, id, "update", lead_refresh(doc), upsert=doc))
        else:
            self._queue(Entry(target, id, "index", doc))

    def update_existing(self, index: str, id: str, fields: dict[str, Any]) -> None:
        """Queue a change of ``fields`` in a document if it exists (nothing happens if not)."""
        self._queue(Entry(self.target(index), id, "update", fields))

    def _queue(self, entry: Entry) -> None:
        key = (entry.index, entry.id)
        self._buffer.pop(key, None)
        self._buffer[key] = entry
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
        retrying = Retrying(
            stop=stop_after_attempt(opts.max_retries + 1),
            wait=wait_exponential(multiplier=opts.initial_backoff, max=opts.max_backoff),
            retry=retry_if_exception_type((TransportError, _Unavailable)),
            before_sleep=_log_retry,
            reraise=True,
        )
        try:
            retrying(self._stream, remaining, acked, failures)
        except (TransportError, _Unavailable) as exc:
            log.warning(
                "Elasticsearch unreachable after %d attempts: %s", opts.max_retries + 1, exc
            )
            self._down_until = time.monotonic() + opts.down_for
            reason = f"connection failed: {exc}"
            failures.update({entry.key: reason for entry in remaining.values()})
        return acked, failures

    def _stream(
        self, remaining: dict[str, Entry], acked: set[str], failures: dict[str, str]
    ) -> None:
        """One pass of ``remaining`` through the bulk helper (which retries 429/5xx per item);
        each result moves its entry from ``remaining`` to ``acked`` or ``failures``."""
        opts = self.options
        where = self._locate(list(remaining.values()))
        for ok, item in streaming_bulk(
            # 429/5xx are retried here, with backoff, not by the transport at once.
            self.es.options(request_timeout=opts.request_timeout, retry_on_status=()),
            # a snapshot: results of one chunk pop from ``remaining`` while the next
            # chunk is still being read (several chunks: found by the scale tests)
            [_action(e, where.get((e.index, e.id), e.index)) for e in remaining.values()],
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
            if ok or _nothing_to_update(entry, info):
                acked.add(entry.key)
            else:
                self._report(entry, _reason(info))
                failures[entry.key] = _reason(info)

    def _locate(self, entries: list[Entry]) -> dict[tuple[str, str], str]:
        """(alias, id) → concrete index, for ids already stored behind a rolled-over alias."""
        by_alias: dict[str, list[str]] = {}
        for entry in entries:
            by_alias.setdefault(entry.index, []).append(entry.id)
        where: dict[tuple[str, str], str] = {}
        for name, ids in by_alias.items():
            previous = self._previous_generation(name)
            if previous is None:
                continue
            for start in range(0, len(ids), LOOKUP_SIZE):
                chunk = ids[start : start + LOOKUP_SIZE]
                try:
                    found = self.es.search(
                        index=name, query={"ids": {"values": chunk}}, size=len(chunk), source=False
                    )
                    held = {hit["_id"]: hit["_index"] for hit in found["hits"]["hits"]}
                    missing = [doc_id for doc_id in chunk if doc_id not in held]
                    if missing:
                        # written just before the rollover, not searchable yet: a get sees it
                        got = self.es.mget(index=previous, ids=missing, source=False)
                        held.update({d["_id"]: previous for d in got["docs"] if d.get("found")})
                except ApiError as exc:
                    raise _Unavailable(f"looking up ids behind {name}: {exc}") from exc
                where.update({(name, doc_id): index for doc_id, index in held.items()})
        return where

    def _previous_generation(self, name: str) -> str | None:
        """The newest index behind alias ``name`` that is not its write index (``None``: one
        index, nothing rolled over)."""
        checked, previous = self._generations.get(name, (float("-inf"), None))
        if time.monotonic() - checked > GENERATIONS_TTL:
            try:
                behind = self.es.indices.get_alias(name=name)
            except NotFoundError:  # a concrete index, or an alias not made yet: one place
                behind = {}
            except ApiError as exc:
                raise _Unavailable(f"reading alias {name}: {exc}") from exc
            older = sorted(
                index
                for index, spec in behind.items()
                if not spec["aliases"][name].get("is_write_index", False)
            )
            previous = older[-1] if len(behind) > 1 and older else None
            self._generations[name] = (time.monotonic(), previous)
        return previous

    def _report(self, entry: Entry, reason: str) -> None:
        self.stats.failed += 1
        if len(self.stats.errors) < MAX_REPORTED_ERRORS:
            self.stats.errors.append((entry.id, reason))
        log.warning("not indexed %s/%s: %s", entry.index, entry.id, reason)


class _Unavailable(Exception):
    """The cluster answered a lookup with an error: retried like a connection failure."""


def write_all(writer: BulkWriter, docs: Iterable[tuple[str, str, dict[str, Any]]]) -> BulkStats:
    """Add ``(index, id, doc)`` triples and flush: the common one-shot use."""
    for index, doc_id, doc in docs:
        writer.add(index, doc_id, doc)
    return writer.flush()
