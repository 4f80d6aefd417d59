"""A durable local outbox for documents on their way to Elasticsearch.

Every batch is appended (and fsynced) to a JSON Lines segment before it is sent; each document
the cluster accepts is acknowledged in the segment's ``.ack`` file. What is not acknowledged (node
down, mapping rejected, process killed) stays pending, with the last reason it failed, until a
later replay succeeds; a fully acknowledged segment is deleted. Document ids are deterministic,
so sending an entry twice (a crash between send and ack) overwrites, never duplicates.

Each ``Outbox`` instance writes its own segments (named by time and pid), so several writers may
share one directory.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SEGMENT_SUFFIX = ".jsonl"
SET_ASIDE_DIR = "rejected"  # entries an operator took out of the replay, kept with their reasons
ACK_SUFFIX = ".ack"
FAIL_SUFFIX = ".fail"
MAX_SEGMENT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Entry:
    """One bulk action: ``op`` is ``index`` (``doc`` replaces) or ``update`` (``doc`` merged
    into the existing document; ``upsert`` used when there is none, and without ``upsert`` a
    missing document is left missing)."""

    index: str
    id: str
    op: str
    doc: dict[str, Any]
    upsert: dict[str, Any] | None = None
    key: str = ""  # "<segment>:<line>", assigned by the outbox
    reason: str | None = None  # why the last attempt failed, for pending entries

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "id": self.id, "op": self.op, "doc": self.doc}
        if self.upsert is not None:
            out["upsert"] = self.upsert
        return out


def _fsync_append(path: Path, lines: Iterable[str]) -> None:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    if not data:
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


class Outbox:
    """Append-only JSON Lines segments plus acknowledgement files in one directory."""

    def __init__(self, directory: Path, max_segment_bytes: int = MAX_SEGMENT_BYTES) -> None:
        self.directory = Path(directory)
        self.max_segment_bytes = max_segment_bytes
        self._segment: Path | None = None
        self._lines = 0

    def _current(self) -> Path:
        if self._segment is None or (
            self._segment.exists() and self._segment.stat().st_size >= self.max_segment_bytes
        ):
            self.directory.mkdir(parents=True, exist_ok=True)
            self._segment = self.directory / _new_file_name()
            self._lines = 0
        return self._segment

    def append(self, entries: Iterable[Entry]) -> list[Entry]:
        """Persist ``entries`` (one fsync) and return them with their keys."""
        segment = self._current()
        out: list[Entry] = []
        lines: list[str] = []
        for entry in entries:
            key = f"{segment.name}:{self._lines}"
            self._lines += 1
            lines.append(json.dumps(entry.to_json(), ensure_ascii=False, separators=(",", ":")))
            out.append(Entry(entry.index, entry.id, entry.op, entry.doc, entry.upsert, key))
        _fsync_append(segment, lines)
        return out

    def ack(self, keys: Iterable[str]) -> None:
        """Mark entries as indexed; they will not be replayed."""
        self._by_segment(keys, ACK_SUFFIX, lambda key: key)

    def fail(self, failures: Iterable[tuple[str, str]]) -> None:
        """Record why entries could not be indexed; they stay pending."""
        by_key = dict(failures)
        self._by_segment(
            by_key, FAIL_SUFFIX, lambda key: json.dumps({"key": key, "reason": by_key[key]})
        )

    def _by_segment(self, keys: Iterable[str], suffix: str, line: Any) -> None:
        grouped: dict[str, list[str]] = {}
        for key in keys:
            grouped.setdefault(key.rsplit(":", 1)[0], []).append(key)
        for segment, seg_keys in grouped.items():
            _fsync_append(
                (self.directory / segment).with_suffix(suffix), (line(k) for k in seg_keys)
            )

    def segments(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob("*" + SEGMENT_SUFFIX))

    def pending(self) -> Iterator[Entry]:
        """Entries not acknowledged, oldest first, each with its last failure reason."""
        for segment in self.segments():
            acked = set(_read_lines(segment.with_suffix(ACK_SUFFIX)))
            reasons: dict[str, str] = {}
            for raw in _read_lines(segment.with_suffix(FAIL_SUFFIX)):
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    record = json.loads(raw)
                    reasons[record["key"]] = record["reason"]
            for number, raw in enumerate(_read_lines(segment, keep_blank=True)):
                key = f"{segment.name}:{number}"
                if key in acked or not raw:
                    continue
                try:
                    data = json.loads(raw)
                except ValueError:  # a line torn by a crash mid-write was never acknowledged
                    log.warning("outbox %s: skipping unreadable line %d", segment, number)
                    continue
                yield Entry(
                    data["index"], data["id"], data["op"], data["doc"], data.get("upsert"),
                    key, reasons.get(key),
                )  # fmt: skip

    def set_aside(self, entries: list[Entry]) -> Path | None:
        """Move ``entries`` out of the replay into ``rejected/`` (with their last reasons).

        For documents the cluster refuses whatever the number of tries (a mapping conflict):
        they stop blocking every replay and stay on disk for inspection, never dropped.
        """
        if not entries:
            return None
        target = self.directory / SET_ASIDE_DIR / _new_file_name()
        target.parent.mkdir(parents=True, exist_ok=True)
        _fsync_append(
            target,
            (
                json.dumps(entry.to_json() | {"reason": entry.reason}, ensure_ascii=False)
                for entry in entries
            ),
        )
        self.ack(entry.key for entry in entries)
        self.compact()
        return target

    def close(self) -> None:
        """Stop writing to the current segment and delete fully acknowledged ones."""
        self._segment = None
        self.compact()

    def count(self) -> int:
        return sum(1 for _ in self.pending())

    def compact(self) -> int:
        """Delete segments whose every entry is acknowledged; returns how many were removed."""
        removed = 0
        for segment in self.segments():
            if segment == self._segment:
                continue
            acked = set(_read_lines(segment.with_suffix(ACK_SUFFIX)))
            if all(
                f"{segment.name}:{number}" in acked or not _readable(line)
                for number, line in enumerate(_read_lines(segment, keep_blank=True))
            ):
                for path in (segment, segment.with_suffix(ACK_SUFFIX),
                             segment.with_suffix(FAIL_SUFFIX)):  # fmt: skip
                    path.unlink(missing_ok=True)
                removed += 1
        return removed


def _new_file_name() -> str:
    """Time then pid: files sort by age, and writers in several processes never collide."""
    return f"{time.time_ns():020d}-{os.getpid()}{SEGMENT_SUFFIX}"


def _read_lines(path: Path, keep_blank: bool = False) -> Iterator[str]:
    """The file's lines, one at a time: a night's segment holds every document of the crawl
    (tens of MB), and reading it whole at close doubled the crawl process's peak memory. Only
    ``\n`` ends a line, as written (a document's text may hold other line separators)."""
    try:
        with path.open(encoding="utf-8", newline="\n") as file:
            for line in file:
                line = line.removesuffix("\n")
                if line or keep_blank:
                    yield line
    except FileNotFoundError:
        return


def _readable(line: str) -> bool:
    if not line:
        return False
    try:
        json.loads(line)
    except ValueError:
        return False
    return True
