"""Retention: `piwatch evidence gc` deletes only captures no kept lead needs: an open lead's
capture stays, and so does the first capture its revisit points to; a lead dismissed long ago
loses its capture and rendering; captures no lead needs go by age, then by size."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from piwatch.config import Settings, load_settings
from piwatch.evidence.retention import apply_gc, closed_at, plan_gc
from piwatch.evidence.warc import DIGESTS_FILE, Capture, Fetched, WarcStore
from piwatch.search import indices
from testkit.crawlrun import piwatch_env

NOW = datetime.now(UTC)


def _fetched(n: int, body: bytes | None = None) -> Fetched:
    return Fetched(
        url=f"http://news.test/{n}.html",
        status=200,
        reason="OK",
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=body if body is not None else f"<html><body>第{n}页</body></html>".encode(),
        request_method="GET",
        request_headers=(("User-Agent", "piwatch-test"),),
        fetched_at=NOW,
    )


def _lead(es: Elasticsearch, prefix: str, lead_id: str, capture: Capture, **fields: Any) -> None:
    doc = {"is_lead": True, "status": "new", "history": [], "first_seen": NOW.isoformat()}
    doc |= {"capture": capture.to_document(), **fields}
    es.index(index=indices.alias(prefix, "leads"), id=lead_id, document=doc, refresh=True)


def _age(path: Path, days: float) -> None:
    stamp = time.time() - days * 86400
    os.utime(path, (stamp, stamp))


def _settings(es_url: str, prefix: str, data_dir: Path, **evidence: Any) -> Settings:
    return load_settings(
        data_dir=data_dir,
        elasticsearch={"url": es_url, "index_prefix": prefix},
        evidence=evidence,
    )


def _dismissed(days_ago: int) -> dict[str, Any]:
    at = (NOW - timedelta(days=days_ago)).isoformat()
    entry = {"at": at, "by": "inspector", "field": "status", "from": "new", "to": "dismissed"}
    return {"status": "dismissed", "history": [entry]}


@pytest.mark.es
def test_gc_keeps_what_leads_need_and_deletes_the_rest(
    es: Elasticsearch, es_node: Any, index_prefix: str, tmp_path: Path
) -> None:
    indices.ensure(es, index_prefix)
    settings = _settings(es_node.url, index_prefix, tmp_path)
    store = WarcStore(settings.warc_dir, max_bytes=1)  # one capture per file
    shared = b"<html><body>reposted everywhere</body></html>"
    open_lead = store.capture(_fetched(1))
    old_dismissed = store.capture(_fetched(2))
    new_dismissed = store.capture(_fetched(3))
    no_lead_old = store.capture(_fetched(4))
    no_lead_new = store.capture(_fetched(5))
    first_of_shared = store.capture(_fetched(6, shared))  # its lead was dismissed long ago
    revisit = store.capture(_fetched(7, shared))  # an open lead's revisit of the same payload
    assert revisit.revisit
    _lead(es, index_prefix, "open", open_lead)
    _lead(es, index_prefix, "old", old_dismissed, **_dismissed(400))
    _lead(es, index_prefix, "recent", new_dismissed, **_dismissed(10))
    _lead(es, index_prefix, "first", first_of_shared, **_dismissed(400))
    _lead(es, index_prefix, "revisit", revisit)
    warc = settings.warc_dir
    for capture in (open_lead, old_dismissed, new_dismissed, no_lead_old, first_of_shared):
        _age(warc / capture.file, 200)
    _age(warc / no_lead_new.file, 10)
    (settings.renderings_dir / "old").mkdir(parents=True)
    (settings.renderings_dir / "old" / "page.pdf").write_bytes(b"%PDF")

    env = piwatch_env(es_node.url, index_prefix, tmp_path)
    dry = _cli(env, "evidence", "gc", "--dry-run")
    assert "2 WARC files" in dry and "would go" in dry, dry
    assert (warc / old_dismissed.file).exists()  # a dry run deletes nothing

    plan = plan_gc(es, settings, NOW)
    assert {d.path.name for d in plan.files} == {old_dismissed.file, no_lead_old.file}
    assert plan.renderings == [settings.renderings_dir / "old"]
    assert plan.needed_files == 4  # open, recent, first-of-shared (for the revisit), revisit
    apply_gc(settings, plan)
    assert not (warc / old_dismissed.file).exists() and not (warc / no_lead_old.file).exists()
    assert not (settings.renderings_dir / "old").exists()
    for kept in (open_lead, new_dismissed, no_lead_new, first_of_shared, revisit):
        assert (warc / kept.file).exists()
    assert old_dismissed.file not in (warc / DIGESTS_FILE).read_text(encoding="utf-8")
    again = WarcStore(warc, max_bytes=1).capture(_fetched(2))  # its first capture is gone
    assert not again.revisit


@pytest.mark.es
def test_over_the_size_budget_the_oldest_unneeded_go_first(
    es: Elasticsearch, es_node: Any, index_prefix: str, tmp_path: Path
) -> None:
    indices.ensure(es, index_prefix)
    settings = _settings(
        es_node.url, index_prefix, tmp_path, max_total_gb=1e-9, keep_other_days=365
    )
    store = WarcStore(settings.warc_dir, max_bytes=1)
    needed = store.capture(_fetched(1))
    oldest, older, recent = (store.capture(_fetched(n)) for n in (2, 3, 4))
    _lead(es, index_prefix, "open", needed)
    for capture, days in ((needed, 30), (oldest, 20), (older, 10)):
        _age(settings.warc_dir / capture.file, days)
    plan = plan_gc(es, settings, NOW)
    assert [d.path.name for d in plan.files] == [oldest.file, older.file]  # oldest first
    assert all("over 1e-09 GB" in d.reason for d in plan.files)
    assert plan.over_budget_bytes > 0  # the open lead's capture and the last hour's stay
    assert recent.file not in {d.path.name for d in plan.files}


def test_a_lead_is_closed_when_dismissed_or_withdrawn() -> None:
    assert closed_at({"status": "new", "history": []}, ["dismissed"]) is None
    at = closed_at(_dismissed(3), ["dismissed"])
    assert at is not None and abs((NOW - at) - timedelta(days=3)) < timedelta(seconds=5)
    withdrawn = {"status": "new", "is_lead": False, "last_seen": "2026-01-02T00:00:00+00:00"}
    assert closed_at(withdrawn, ["dismissed"]) == datetime(2026, 1, 2, tzinfo=UTC)


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "piwatch", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
