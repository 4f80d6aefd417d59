"""Evidence packages: one lead's capture, text and record, with hashes an investigator can check.

``export`` writes into a directory the WARC records of the page (exactly the bytes kept at
crawl time), the payload as a file, a PDF and PNG rendering of the page, the extracted text,
the lead as JSON, and ``manifest.json``: every file's SHA-256 and size, the URL, HTTP status,
fetch time (UTC and Asia/Shanghai), the piwatch version and the settings that shaped the lead.
``manifest.sha256`` holds the manifest's own hash (``sha256sum -c`` reads it); with a
time-stamping authority configured, ``manifest.tsr`` is its RFC 3161 time stamp. ``verify``
recomputes all of it and names what changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from elasticsearch import ConflictError, Elasticsearch
from elasticsearch.helpers import scan

from piwatch.config import Settings
from piwatch.errors import PiwatchError
from piwatch.evidence.render import Rendering, StoredPage, render_page
from piwatch.evidence.retention import open_with_capture
from piwatch.evidence.tsa import request_timestamp, verify_timestamp
from piwatch.evidence.warc import Capture, original_bytes, stored_payload
from piwatch.pipelines.text.mask import mask_pii
from piwatch.search.documents import article_id
from piwatch.search.indices import alias
from piwatch.search.triage import CONFLICT_RETRIES, StoredLead, get_lead

MANIFEST = "manifest.json"
MANIFEST_HASH = "manifest.sha256"
TIMESTAMP = "manifest.tsr"
OWN_FILES = frozenset({MANIFEST, MANIFEST_HASH, TIMESTAMP})
SHANGHAI = ZoneInfo("Asia/Shanghai")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Exported:
    """What ``export`` wrote."""

    directory: Path
    files: list[str]
    timestamped: bool
    rendering_missing: str | None  # why the package has no PDF/PNG (no Chromium)


def export(
    es: Elasticsearch,
    settings: Settings,
    lead_ref: str,
    out: Path,
    *,
    unmasked: bool = False,
    by: str,
    now: datetime,
) -> Exported:
    """Write the evidence package of the lead ``lead_ref`` (an id or a unique prefix) to ``out``.

    ``unmasked`` writes the text with its identifiers; it is recorded in the lead's history
    (who, when) before anything is written.
    """
    prefix = settings.elasticsearch.index_prefix
    lead, capture, warc = lead_capture(es, settings, lead_ref)
    stored = _stored_page(capture, warc)
    if out.exists() and any(out.iterdir()):
        raise PiwatchError(f"{out} is not empty; give a new directory for the package")
    if unmasked:
        _audit_unmasked(es, prefix, lead.id, by, now)
    rendering, rendering_note = _rendering_for(settings, lead.id, stored)
    text = _article_text(es, prefix, str(lead.source.get("article_url") or ""))
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "capture.warc.gz": warc,
        "page" + _suffix(stored.body): stored.body,
        "text.txt": (text if unmasked else mask_pii(text)).encode("utf-8"),
        "lead.json": json.dumps(
            {"lead_id": lead.id, **lead.source}, ensure_ascii=False, indent=1, sort_keys=True
        ).encode("utf-8"),
    }
    if rendering is not None:
        files.update({name: path.read_bytes() for name, path in rendering.files.items()})
    for name, data in files.items():
        _write(out / name, data)
    fetched = datetime.fromisoformat(capture.fetched_at)
    manifest = {
        "lead_id": lead.id,
        "url": capture.target_uri,
        "canonical_url": lead.source.get("article_url"),
        "http_status": capture.status,
        "fetched_at_utc": fetched.astimezone(UTC).isoformat(),
        "fetched_at_asia_shanghai": fetched.astimezone(SHANGHAI).isoformat(),
        "payload_digest": capture.digest,
        "rendering": _rendering_entry(rendering, rendering_note),
        "capture": {"file": capture.file, "offset": capture.offset, "length": capture.length},
        "exported_at_utc": now.astimezone(UTC).isoformat(),
        "exported_by": by,
        "text_masked": not unmasked,
        "piwatch_version": version("piwatch"),
        "settings": {
            "index_prefix": prefix,
            "extract": settings.extract.model_dump(mode="json", exclude={"as_of"}),
        },
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(files.items())
        },
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    _write(out / MANIFEST, manifest_bytes)
    _write(
        out / MANIFEST_HASH, f"{hashlib.sha256(manifest_bytes).hexdigest()}  {MANIFEST}\n".encode()
    )
    timestamped = False
    if settings.evidence.tsa_url:
        request_timestamp(out / MANIFEST, settings.evidence.tsa_url, out / TIMESTAMP)
        timestamped = True
    return Exported(out, sorted(files), timestamped, rendering_note)


def lead_capture(
    es: Elasticsearch, settings: Settings, lead_ref: str
) -> tuple[StoredLead, Capture, bytes]:
    """The lead, its capture, and the WARC records that hold its page."""
    lead = get_lead(es, settings.elasticsearch.index_prefix, lead_ref)
    stored = lead.source.get("capture")
    if not stored:
        raise PiwatchError(
            f"lead {lead.id} has no capture (crawled before captures were kept, or with "
            "evidence.capture off); nothing to export"
        )
    capture = Capture.from_document(stored)
    try:
        return lead, capture, original_bytes(settings.warc_dir, capture)
    except (OSError, ValueError) as exc:
        raise PiwatchError(
            f"capture of lead {lead.id} unreadable in {settings.warc_dir}: {exc}"
        ) from None


def render_lead(
    es: Elasticsearch, settings: Settings, lead_ref: str, *, live: bool = True
) -> Rendering:
    """Render a lead's page to PDF and PNG under ``evidence/renderings/<lead id>``: the live
    page when it answers (and ``live``), else its capture replayed without network."""
    lead, capture, warc = lead_capture(es, settings, lead_ref)
    return render_page(
        _stored_page(capture, warc),
        settings.renderings_dir / lead.id,
        settings.crawl.chromium_path,
        live=live,
    )


def render_new_leads(es: Elasticsearch, settings: Settings) -> tuple[int, int]:
    """Render the pages of open leads with a capture and no rendering yet, newest first, at most
    ``evidence.render_max_per_run``: (rendered, failed)."""
    query = open_with_capture(settings)
    done = failed = 0
    for hit in scan(
        es,
        index=alias(settings.elasticsearch.index_prefix, "leads"),
        query={"query": query, "_source": False, "sort": [{"first_seen": "desc"}]},
        preserve_order=True,
    ):
        if done + failed >= settings.evidence.render_max_per_run:
            break
        if Rendering.load(settings.renderings_dir / hit["_id"]) is not None:
            continue
        try:
            render_lead(es, settings, hit["_id"])
            done += 1
        except PiwatchError:
            raise  # no Chromium: the same for every lead
        except Exception as exc:  # one page Chromium cannot render must not stop the rest
            log.warning("rendering lead %s failed: %s", hit["_id"], exc)
            failed += 1
    return done, failed


def _stored_page(capture: Capture, warc: bytes) -> StoredPage:
    """The captured page as a replay serves it."""
    body, content_type = stored_payload(warc)
    return StoredPage(capture.target_uri, body, content_type)


def _rendering_entry(rendering: Rendering | None, missing: str | None) -> dict[str, Any]:
    if rendering is None:
        return {"missing": missing}
    return {
        "origin": rendering.origin,
        "rendered_at_utc": rendering.rendered_at,
        "live_error": rendering.live_error,
    }


def _rendering_for(
    settings: Settings, lead_id: str, stored: StoredPage
) -> tuple[Rendering | None, str | None]:
    """The lead's stored rendering, or a new one; without Chromium, none and why."""
    directory = settings.renderings_dir / lead_id
    existing = Rendering.load(directory)
    if existing is not None:
        return existing, None
    try:
        return render_page(stored, directory, settings.crawl.chromium_path), None
    except PiwatchError as exc:
        return None, str(exc)


def verify(directory: Path, ca_file: Path | None) -> tuple[list[str], list[str]]:
    """Recompute a package: (problems, notes). Each problem names the file it is about."""
    problems: list[str] = []
    notes: list[str] = []
    manifest_path = directory / MANIFEST
    try:
        manifest_bytes = manifest_path.read_bytes()
        manifest = json.loads(manifest_bytes)
    except (OSError, ValueError) as exc:
        return [f"{MANIFEST}: unreadable ({exc})"], notes
    try:
        recorded = (directory / MANIFEST_HASH).read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):
        problems.append(f"{MANIFEST_HASH}: missing or empty")
    else:
        if hashlib.sha256(manifest_bytes).hexdigest() != recorded:
            problems.append(f"{MANIFEST}: changed (its SHA-256 is not the one in {MANIFEST_HASH})")
    listed: dict[str, dict[str, Any]] = manifest.get("files", {})
    for name, expected in sorted(listed.items()):
        path = directory / name
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        data = path.read_bytes()
        if len(data) != expected.get("size") or hashlib.sha256(data).hexdigest() != expected.get(
            "sha256"
        ):
            problems.append(f"{name}: changed (SHA-256 or size differs from the manifest)")
    for path in sorted(directory.iterdir()):
        if path.name not in listed and path.name not in OWN_FILES:
            problems.append(f"{path.name}: not in the manifest")
    token = directory / TIMESTAMP
    if token.exists():
        if ca_file is None:
            notes.append(f"{TIMESTAMP}: present, not checked (no CA file given)")
        else:
            why = verify_timestamp(manifest_path, token, ca_file)
            if why is None:
                notes.append(f"{TIMESTAMP}: time stamp verified against {ca_file}")
            else:
                problems.append(f"{TIMESTAMP}: does not verify against {ca_file}: {why}")
    return problems, notes


def _article_text(es: Elasticsearch, prefix: str, url: str) -> str:
    if not url:
        return ""
    found = es.search(
        index=alias(prefix, "articles"),
        query={"ids": {"values": [article_id(url)]}},
        size=1,
        source=["title", "content"],
    )
    hits = found["hits"]["hits"]
    if not hits:
        return ""
    source = hits[0]["_source"]
    return f"{source.get('title') or ''}\n\n{source.get('content') or ''}"


def _audit_unmasked(es: Elasticsearch, prefix: str, lead_id: str, by: str, at: datetime) -> None:
    """The unmasked export goes into the lead's history before the text is written (read,
    append, write back only if nobody changed the lead meanwhile)."""
    entry = {"at": at.astimezone(UTC).isoformat(), "by": by, "field": "evidence_export",
             "from": None, "to": "unmasked"}  # fmt: skip
    for _ in range(CONFLICT_RETRIES):
        lead = get_lead(es, prefix, lead_id)
        try:
            es.update(
                index=lead.index,
                id=lead.id,
                doc={"history": [*(lead.source.get("history") or []), entry]},
                if_seq_no=lead.seq_no,
                if_primary_term=lead.primary_term,
                refresh="wait_for",
            )
        except ConflictError:
            continue
        return
    raise PiwatchError(f"lead {lead_id} keeps changing under us; try the export again")


def _suffix(payload: bytes) -> str:
    head = payload[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return ".html"
    if head.startswith((b"{", b"[")):
        return ".json"
    return ".bin"


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
