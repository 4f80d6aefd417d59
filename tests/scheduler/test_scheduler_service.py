"""The scheduler as a service: a near-term trigger runs a real crawl in a child process and
records the run; SIGTERM stops it cleanly; the SQLite job store keeps the jobs across restarts."""

from __future__ import annotations

import contextlib
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from elasticsearch import Elasticsearch

from piwatch.search import indices
from testkit.schedrun import far_hour, start_crawl_soon

REPO = Path(__file__).resolve().parents[2]


def runs(es: Elasticsearch, prefix: str) -> list[dict]:
    alias = indices.alias(prefix, "runs")
    es.indices.refresh(index=alias)
    return [h["_source"] for h in es.search(index=alias, size=50)["hits"]["hits"]]


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def list_jobs(env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "piwatch", "schedule", "--list"],
        cwd=REPO,
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def stored_jobs(env: dict[str, str]) -> list[str]:
    """The job ids in the scheduler's SQLite store."""
    store = Path(env["PIWATCH_DATA_DIR"]) / "scheduler.sqlite"
    with contextlib.closing(sqlite3.connect(store)) as db:
        return [row[0] for row in db.execute("select id from apscheduler_jobs order by id")]


def test_trigger_runs_a_crawl_and_restart_keeps_jobs(
    es, index_prefix, scheduler_env, site, tmp_path, spawn
):
    indices.ensure(es, index_prefix)
    proc, env = start_crawl_soon(
        lambda e: spawn(e, "scheduler-1.log"), scheduler_env, tmp_path / "scheduler-1.log"
    )
    try:
        done = wait_for(
            lambda: [r for r in runs(es, index_prefix) if r.get("status") not in (None, "running")],
            timeout=180,
            what="a finished crawl run record",
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=90)
    log = (tmp_path / "scheduler-1.log").read_text()
    assert code == 0, log
    assert "scheduler stopped" in log

    (run,) = done
    assert run["job"] == "nightly-crawl"
    assert run["status"] == "ok", run
    assert run["started_at"] < run["ended_at"]
    assert run["items"] == 2 and run["leads"] == 1
    assert run["sources"]["test-feed"]["pages"] == 3
    assert "/feed.xml" in site.hits and "/news/1.html" in site.hits
    # The crawl child wrote its articles and lead into the same indices.
    es.indices.refresh(index=indices.alias(index_prefix, "articles"))
    assert es.count(index=indices.alias(index_prefix, "articles"))["count"] == 2

    # The jobs are in the SQLite store; the listing shows them from the settings.
    assert stored_jobs(env) == ["nightly-crawl", "weekly-digest"]
    listed = list_jobs(env)
    assert "piwatch.scheduler:crawl_job" in listed and "piwatch.scheduler:digest_job" in listed

    # Restart with a new schedule: same two jobs (fixed ids, replaced, not doubled).
    hour = far_hour()
    env2 = {**scheduler_env, "PIWATCH_SCHEDULE__CRAWL_CRON": f"0 {hour} * * *"}
    proc = spawn(env2, "scheduler-2.log")
    wait_for(
        lambda: "job nightly-crawl next run" in (tmp_path / "scheduler-2.log").read_text(),
        timeout=60,
        what="the restarted scheduler",
    )
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    assert stored_jobs(env2) == ["nightly-crawl", "weekly-digest"]
    after = list_jobs(env2)
    assert re.search(rf"next \d{{4}}-\d\d-\d\dT{hour:02d}:00:00\+08:00", after), after
    assert f"hour='{hour}', minute='0'" in after
    assert len(runs(es, index_prefix)) == 1  # no crawl ran after the restart

    # An empty cron expression disables a job (the digest on all but one crawler host).
    env3 = {**env2, "PIWATCH_SCHEDULE__DIGEST_CRON": ""}
    proc = spawn(env3, "scheduler-3.log")
    wait_for(
        lambda: "job nightly-crawl next run" in (tmp_path / "scheduler-3.log").read_text(),
        timeout=60,
        what="the scheduler without digest",
    )
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    assert stored_jobs(env3) == ["nightly-crawl"]
    assert "weekly-digest: disabled" in list_jobs(env3)


def test_sigterm_during_a_crawl_stops_the_child_and_records_it(
    es, index_prefix, scheduler_env, site, tmp_path, spawn
):
    indices.ensure(es, index_prefix)
    site.slow_seconds = 120  # article pages hang: the crawl is still running when we stop
    env = {**scheduler_env, "PIWATCH_CRAWL__DOWNLOAD_TIMEOUT": "300"}
    proc, _ = start_crawl_soon(lambda e: spawn(e, "scheduler.log"), env, tmp_path / "scheduler.log")
    try:
        wait_for(lambda: "/news/1.html" in site.hits, timeout=120, what="the crawl to start")
        (running,) = runs(es, index_prefix)
        assert running["status"] == "running"
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=120)
    log = (tmp_path / "scheduler.log").read_text()
    assert code == 0, log
    (run,) = runs(es, index_prefix)
    assert run["status"] == "interrupted", run
    assert run["ended_at"]
