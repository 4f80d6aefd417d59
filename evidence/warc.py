"""Captures of fetched pages as WARC records (ISO 28500, written with warcio).

A page that yields a lead is kept as the HTTP exchange itself: a ``request`` record and a
``response`` record with the status line, headers and payload as the crawler received them,
``WARC-Payload-Digest`` and the fetch date; a page fetched through Chromium is kept as the DOM
it rendered, a ``resource`` record. Each record is its own gzip member, flushed and
fsynced before the lead that points to it is indexed, so a crash mid-write leaves every
earlier record readable and no lead pointing at a record that is not on disk. A payload already
captured (same digest) is written again only as a ``revisit`` record. Files rotate by size.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import io
import json
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DIGESTS_FILE = "digests.jsonl"
"""Per capture directory: payload digest -> the first capture of it (for revisit records)."""
FILE_PREFIX = "piwatch"
LOCK_FILE = ".lock"
"""Writers hold it shared per capture; ``piwatch evidence gc`` holds it exclusively."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP exchange as the crawler saw it: what a capture is made of."""

    url: str  # the URL fetched (after redirects)
    status: int
    reason: str
    headers: Sequence[tuple[str, str]]  # response headers, in order
    body: bytes  # the payload as received
    request_method: str
    request_headers: Sequence[tuple[str, str]]
    fetched_at: datetime
    rendered: bool = False  # body is the DOM Chromium rendered, not the bytes the server sent


@dataclass(frozen=True, slots=True)
class Capture:
    """Where a capture lies: a WARC file under the capture directory and a byte range in it
    holding the request and response (or revisit) records, and the payload's digest."""

    file: str
    offset: int
    length: int
    digest: str  # sha1:BASE32, as in WARC-Payload-Digest
    target_uri: str
    status: int
    fetched_at: str  # ISO 8601, UTC
    revisit: bool = False

    def to_document(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_document(cls, doc: dict[str, object]) -> Capture:
        return cls(**doc)  # type: ignore[arg-type]


def payload_digest(body: bytes) -> str:
    """The WARC payload digest of ``body`` (SHA-1, base32, as warcio writes it)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


class WarcStore:
    """Appends captures to rotating WARC files in one directory. Threads of one process share
    a store (:func:`shared_store`); processes write files of their own (the pid is in the name)."""

    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        directory.mkdir(parents=True, exist_ok=True)
        self._current: Path | None = None
        self._seen = read_digests(directory / DIGESTS_FILE)
        self._lock = threading.Lock()

    def capture(self, fetched: Fetched) -> Capture:
        """Write the exchange (or a revisit of an identical payload) durably; where it lies."""
        with self._lock, (self.directory / LOCK_FILE).open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_SH)  # not while gc deletes files
            return self._capture(fetched)

    def _capture(self, fetched: Fetched) -> Capture:
        digest = payload_digest(fetched.body)
        first = self._seen.get(digest)
        if first is not None and not (self.directory / str(first["file"])).exists():
            first = None  # its file was deleted by gc: store the payload again
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        date = _warc_date(fetched.fetched_at)
        if first is not None:
            kept = writer.create_revisit_record(
                fetched.url,
                digest=digest,
                refers_to_uri=first["target_uri"],
                refers_to_date=first["date"],
                http_headers=None if fetched.rendered else _http(fetched),
                warc_headers_dict={"WARC-Date": date},
            )
        elif fetched.rendered:
            kept = writer.create_warc_record(
                fetched.url,
                "resource",
                payload=io.BytesIO(fetched.body),
                length=len(fetched.body),
                warc_content_type="text/html; charset=utf-8",
                warc_headers_dict={"WARC-Date": date},
            )
        else:
            kept = writer.create_warc_record(
                fetched.url,
                "response",
                payload=io.BytesIO(fetched.body),
                length=len(fetched.body),
                http_headers=_http(fetched),
                warc_headers_dict={"WARC-Date": date},
            )
        if not fetched.rendered:  # Chromium's own requests are not the crawler's to record
            request = writer.create_warc_record(
                fetched.url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    f"{fetched.request_method} {_path_of(fetched.url)} HTTP/1.1",
                    list(fetched.request_headers),
                    is_http_request=True,
                ),
                warc_headers_dict={"WARC-Date": date},
            )
            kept.rec_headers.replace_header(
                "WARC-Concurrent-To", request.rec_headers.get_header("WARC-Record-ID")
            )
            writer.write_record(request)
        writer.write_record(kept)
        path, offset = self._append(buffer.getvalue())
        length = len(buffer.getvalue())
        if first is None:
            self._remember(digest, fetched.url, date, path.name, offset, length)
        return Capture(
            file=path.name,
            offset=offset,
            length=length,
            digest=digest,
            target_uri=fetched.url,
            status=fetched.status,
            fetched_at=fetched.fetched_at.astimezone(UTC).isoformat(),
            revisit=first is not None,
        )

    def _append(self, data: bytes) -> tuple[Path, int]:
        """Append whole gzip members and fsync: on disk before anyone points to them."""
        path = self._file()
        with path.open("ab") as out:
            offset = out.tell()
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        return path, offset

    def _remember(
        self, digest: str, url: str, date: str, file: str, offset: int, length: int
    ) -> None:
        first = {"target_uri": url, "date": date, "file": file, "offset": offset, "length": length}
        self._seen[digest] = first
        with (self.directory / DIGESTS_FILE).open("a", encoding="utf-8") as index:
            index.write(json.dumps({"digest": digest, **first}) + "\n")
            index.flush()
            os.fsync(index.fileno())

    def _file(self) -> Path:
        """The file to append to: the current one until it reaches ``max_bytes``."""
        current = self._current
        if current is None or (current.exists() and current.stat().st_size >= self.max_bytes):
            stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
            current = self.directory / f"{FILE_PREFIX}-{stamp}-{os.getpid()}.warc.gz"
            self._current = current
        return current


@lru_cache(maxsize=4)
def shared_store(directory: Path, max_bytes: int) -> WarcStore:
    """The process's store for ``directory`` (the crawlers of one run share it)."""
    return WarcStore(directory, max_bytes)


def read_capture(directory: Path, capture: Capture) -> bytes:
    """The bytes of a capture's records, exactly as written."""
    with (directory / capture.file).open("rb") as handle:
        handle.seek(capture.offset)
        data = handle.read(capture.length)
    if len(data) != capture.length:
        raise ValueError(f"capture {capture.file}@{capture.offset} is cut short")
    return data


def records(data: bytes) -> Iterator[ArcWarcRecord]:
    """The WARC records in ``data`` (one capture, or a whole file)."""
    yield from ArchiveIterator(io.BytesIO(data))


def original_bytes(directory: Path, capture: Capture) -> bytes:
    """The records that hold the payload: the capture itself, or for a revisit the capture
    that first stored the same payload followed by the revisit."""
    own = read_capture(directory, capture)
    if not capture.revisit:
        return own
    first = read_digests(directory / DIGESTS_FILE).get(capture.digest)
    if first is None or "file" not in first:
        raise ValueError(f"the first capture of {capture.digest} is not in {directory}")
    with (directory / str(first["file"])).open("rb") as handle:
        handle.seek(int(first["offset"]))
        return handle.read(int(first["length"])) + own


def stored_payload(data: bytes) -> tuple[bytes, str]:
    """The payload and content type of the (first) response, or rendered-DOM resource, record
    in ``data``."""
    for record in records(data):
        if record.rec_type == "response":
            headers = record.http_headers
            content_type = headers.get_header("Content-Type") if headers is not None else None
        elif record.rec_type == "resource":
            content_type = record.rec_headers.get_header("Content-Type")
        else:
            continue
        return record.content_stream().read(), content_type or "application/octet-stream"
    raise ValueError("no response or resource record in the capture")


def read_digests(path: Path) -> dict[str, dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return seen
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a crash: that payload is simply captured again
        seen.setdefault(row.pop("digest"), row)
    return seen


def _http(fetched: Fetched) -> StatusAndHeaders:
    return StatusAndHeaders(
        f"{fetched.status} {fetched.reason}".strip(), list(fetched.headers), protocol="HTTP/1.1"
    )


def _warc_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _path_of(url: str) -> str:
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"
