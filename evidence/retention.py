"""Retention of captures: what ``piwatch evidence gc`` may delete, and deleting it.

A WARC file is kept while any lead that needs it is kept: an open lead, or a closed one (status
in ``evidence.closed_statuses``, or withdrawn) for ``keep_closed_days`` after it was closed. A
lead needs the file of its capture and, for a revisit, the file holding the first capture of the
same payload. Files no lead needs go when older than ``keep_other_days``, then oldest first
while the directory is over ``max_total_gb``. Files written in the last hour are never touched
(a crawl may still be appending). Renderings of leads whose captures go, go with them.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

from piwatch.config import Settings
from piwatch.evidence.warc import DIGESTS_FILE, FILE_PREFIX, LOCK_FILE, read_digests
from piwatch.search.indices import alias

RECENT = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Doomed:
    path: Path
    size: int
    reason: str


@dataclass(slots=True)
class GcPlan:
    """What would go, what stays, and how big the directory is."""

    files: list[Doomed] = field(default_factory=list)
    renderings: list[Path] = field(default_factory=list)
    kept_files: int = 0
    kept_bytes: int = 0
    needed_files: int = 0  # kept because a lead needs them
    over_budget_bytes: int = 0  # still over max_total_gb: held by leads that need their files

    @property
    def freed_bytes(self) -> int:
        return sum(d.size for d in self.files)


def plan_gc(es: Elasticsearch, settings: Settings, now: datetime) -> GcPlan:
    """Decide what goes; deletes nothing."""
    evidence = settings.evidence
    warc_dir = settings.warc_dir
    first_files = {d: str(row["file"]) for d, row in read_digests(warc_dir / DIGESTS_FILE).items()}
    needed: set[str] = set()
    expired_leads: list[str] = []
    for lead_id, source in _leads_with_captures(es, settings):
        closed = closed_at(source, evidence.closed_statuses)
        if closed is not None and closed + timedelta(days=evidence.keep_closed_days) < now:
            expired_leads.append(lead_id)
            continue
        capture = source["capture"]
        needed.add(str(capture["file"]))
        if capture.get("revisit") and capture.get("digest") in first_files:
            needed.add(first_files[capture["digest"]])
    plan = GcPlan()
    files = sorted(warc_dir.glob(f"{FILE_PREFIX}-*.warc.gz"), key=lambda p: p.stat().st_mtime)
    remaining: list[tuple[Path, int, datetime]] = []
    for path in files:
        stat = path.stat()
        modified = datetime.fromtimestamp(stat.st_mtime, UTC)
        if path.name in needed:
            plan.needed_files += 1
        elif modified < now - timedelta(days=evidence.keep_other_days):
            reason = f"no open lead needs it; older than {evidence.keep_other_days} days"
            plan.files.append(Doomed(path, stat.st_size, reason))
            continue
        remaining.append((path, stat.st_size, modified))
    budget = int(evidence.max_total_gb * 1024**3)
    total = sum(size for _, size, _ in remaining)
    for path, size, modified in remaining:  # oldest first
        if total <= budget:
            break
        if path.name in needed or modified > now - RECENT:
            continue
        plan.files.append(Doomed(path, size, f"over {evidence.max_total_gb:g} GB; oldest first"))
        total -= size
    doomed = {d.path for d in plan.files}
    kept = [(p, s) for p, s, _ in remaining if p not in doomed]
    plan.kept_files, plan.kept_bytes = len(kept), sum(s for _, s in kept)
    plan.over_budget_bytes = max(0, plan.kept_bytes - budget)
    plan.renderings = [
        settings.renderings_dir / lead_id
        for lead_id in expired_leads
        if (settings.renderings_dir / lead_id).is_dir()
    ]
    return plan


def apply_gc(settings: Settings, plan: GcPlan) -> None:
    """Delete what the plan names, under the store's lock (no capture is written meanwhile),
    and drop the deleted files from the digest index so no new revisit points into them."""
    warc_dir = settings.warc_dir
    gone = {d.path.name for d in plan.files}
    with exclusive(warc_dir):
        for doomed in plan.files:
            doomed.path.unlink(missing_ok=True)
        index = warc_dir / DIGESTS_FILE
        if gone and index.exists():
            kept = [
                line
                for line in index.read_text(encoding="utf-8").splitlines()
                if _file_of(line) not in gone
            ]
            fresh = index.with_suffix(".tmp")
            fresh.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
            os.replace(fresh, index)
    for directory in plan.renderings:
        shutil.rmtree(directory, ignore_errors=True)


def open_with_capture(settings: Settings, *also_not: dict[str, Any]) -> dict[str, Any]:
    """The query for open leads (not in a closing status, not withdrawn) that have a capture,
    less those matching any of ``also_not``."""
    closed = [
        {"terms": {"status": settings.evidence.closed_statuses}},
        {"term": {"is_lead": False}},
    ]
    return {
        "bool": {
            "filter": [{"exists": {"field": "capture.file"}}],
            "must_not": [*closed, *also_not],
        }
    }


def closed_at(source: Mapping[str, Any], closed_statuses: list[str]) -> datetime | None:
    """When the lead was closed (its last change to a closing status, or withdrawn), or None
    while it is open."""
    if source.get("status") not in closed_statuses and source.get("is_lead") is not False:
        return None
    changes = [
        entry.get("at")
        for entry in source.get("history") or ()
        if entry.get("field") in ("status", "is_lead")
    ]
    stamps = [datetime.fromisoformat(str(at)) for at in changes if at]
    if stamps:
        return max(stamps)
    seen = source.get("last_seen") or source.get("first_seen")
    return datetime.fromisoformat(str(seen)) if seen else datetime.min.replace(tzinfo=UTC)


@contextmanager
def exclusive(warc_dir: Path) -> Iterator[None]:
    """The store's lock held exclusively: writers (evidence.warc) take it shared per capture."""
    warc_dir.mkdir(parents=True, exist_ok=True)
    with (warc_dir / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _leads_with_captures(
    es: Elasticsearch, settings: Settings
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    fields = ["capture", "status", "is_lead", "history", "first_seen", "last_seen"]
    for hit in scan(
        es,
        index=alias(settings.elasticsearch.index_prefix, "leads"),
        query={"query": {"exists": {"field": "capture.file"}}, "_source": fields},
    ):
        yield hit["_id"], hit["_source"]


def _file_of(line: str) -> str | None:
    try:
        return str(json.loads(line).get("file"))
    except (json.JSONDecodeError, AttributeError):
        return None
