"""Fault test: the scheduler killed (SIGKILL) during a nightly crawl, then started again.

Its crawl child is told to stop (parent-death signal) instead of running on as an orphan; the
restarted scheduler marks the dead run ``interrupted`` with the reason, and the next crawl
completes the work: every article indexed once.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from elasticsearch import Elasticsearch

from piwatch.search import indices
from testkit.crawlrun import ROOT, PiwatchCrawl
from testkit.faults import (
    article_hits,
    count_docs,
    es_url,
    line,
    run_record,
    slow_feed,
    wait_for,
)
from testkit.schedrun import start_crawl_soon
from testkit.webserver import LocalWeb

pytestmark = pytest.mark.slow


def start_scheduler(crawl: PiwatchCrawl, sources: Path, log: Path) -> subprocess.Popen:
    """``piwatch schedule`` with its crawl due in a few seconds, its output appended to ``log``."""
    env = {
        **crawl.env(),
        "PIWATCH_SCHEDULE__DIGEST_CRON": "",
        "PIWATCH_SCHEDULE__ROLLOVER_CRON": "",
        "PIWATCH_SCHEDULE__RECHECK_CRON": "",
        "PIWATCH_SCHEDULE__TIMEZONE": "Asia/Shanghai",
        "PIWATCH_CRAWL__SOURCES_FILE": str(sources),
    }

    def spawn(env: dict[str, str]) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "piwatch", "schedule"],
            cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    return start_crawl_soon(spawn, env, log)[0]


def test_scheduler_killed_mid_run_then_restarted(
    es: Elasticsearch, index_prefix: str, local_web: LocalWeb, tmp_path: Path
) -> None:
    indices.ensure(es, index_prefix)
    crawl = PiwatchCrawl(es_url(es), index_prefix, tmp_path, {})
    sources, expected = slow_feed(local_web, crawl)
    mark = local_web.mark()
    first = start_scheduler(crawl, sources, tmp_path / "scheduler-1.log")
    wait_for(lambda: article_hits(local_web, mark) >= 12, 180, "the scheduled crawl under way")
    child = psutil.Process(first.pid).children()
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    psutil.wait_procs(child, timeout=60)  # the crawl child stops with its parent
    assert not [p for p in child if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    (dead,) = run_record(es, index_prefix)
    assert dead["status"] == "running"  # what a killed scheduler leaves behind

    second = start_scheduler(crawl, sources, tmp_path / "scheduler-2.log")
    try:
        wait_for(
            lambda: any(r["status"] == "ok" for r in run_record(es, index_prefix)),
            240,
            "the next crawl run",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=90)
    log = (tmp_path / "scheduler-2.log").read_text(encoding="utf-8", errors="replace")
    records = {r["run_id"]: r for r in run_record(es, index_prefix)}
    counts = count_docs(es, index_prefix, expected)
    statuses = sorted(r["status"] for r in records.values())
    print(f"scheduler SIGKILL + restart: {line(counts)} runs={statuses}")
    assert counts["lost"] == 0 and counts["duplicated"] == 0
    interrupted = records[dead["run_id"]]
    assert interrupted["status"] == "interrupted"
    assert any("scheduler stopped unexpectedly" in e for e in interrupted["errors"])
    assert f"run {dead['run_id']} was left running by a stopped scheduler" in log
    assert statuses == ["interrupted", "ok"]
