"""Crawls whose sources fail say so: ``failed`` when every source failed (exit 1), ``partial``
when some did (exit 3), one stderr line per failed source with the reason, tracebacks only in
the log (or with ``--verbose``), and the same status in the crawl's and the scheduler's record.

The unreachable source is a real loopback port that is bound but never listens: every
connection to it is refused.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from piwatch.search import indices
from piwatch.search.runs import RUN_EXIT_CODES
from testkit.crawlrun import Crawl
from testkit.webserver import LocalWeb


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A URL on a port bound (so nobody else takes it) but not listening: connection refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def dead_sources(base: str) -> list[dict[str, Any]]:
    return [
        {"name": "dead-list", "kind": "listing", "start_urls": [f"{base}/news/index.html"]},
        {"name": "dead-feed", "kind": "feed", "start_urls": [f"{base}/feed.xml"]},
    ]


def run_records(es: Any, prefix: str, job: str) -> list[dict[str, Any]]:
    alias = indices.alias(prefix, "runs")
    es.indices.refresh(index=alias)
    found = es.search(index=alias, query={"term": {"job": job}}, size=10)
    return [hit["_source"] for hit in found["hits"]["hits"]]


def test_every_source_refused_is_a_failed_run(crawl: Crawl, refused_url: str) -> None:
    done = crawl.crawl(crawl.sources_file(dead_sources(refused_url)), "--quiet")
    assert done.returncode == RUN_EXIT_CODES["failed"] == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert "source dead-list failed: connection refused (1 request)" in lines
    assert "source dead-feed failed: connection refused (1 request)" in lines
    assert lines[-1].startswith("piwatch: every source failed (2 of 2)")
    assert len(lines) == 4, done.stderr  # where the log is, one line per source, the verdict
    assert "Traceback" in crawl.log()  # the details are kept where an operator can look
    (record,) = run_records(crawl.es, crawl.prefix, "crawl")
    assert record["status"] == "failed"
    assert "source dead-feed failed: connection refused (1 request)" in record["errors"]


def test_some_sources_failed_is_a_partial_run(
    crawl: Crawl, refused_url: str, local_web: LocalWeb
) -> None:
    sources = [
        {"name": "alive", "kind": "feed", "start_urls": [local_web.url("/feed.xml")]},
        {"name": "gone", "kind": "listing", "start_urls": [local_web.url("/status/404")]},
        dead_sources(refused_url)[0],
    ]
    done = crawl.crawl(crawl.sources_file(sources), "--quiet")
    assert done.returncode == RUN_EXIT_CODES["partial"] == 3, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    failed = [line for line in lines if line.startswith("source ")]
    assert failed == [
        "source gone failed: HTTP 404 (1 request)",
        "source dead-list failed: connection refused (1 request)",
    ]
    assert lines[-1].startswith("piwatch: 2 of 3 sources failed, the others were crawled")
    assert "partial" in lines[-1]
    (record,) = run_records(crawl.es, crawl.prefix, "crawl")
    assert record["status"] == "partial"
    assert record["sources"]["alive"]["items"] > 0


def test_verbose_shows_the_tracebacks(crawl: Crawl, refused_url: str) -> None:
    done = crawl.crawl(crawl.sources_file(dead_sources(refused_url)[:1]), "--quiet", "--verbose")
    assert done.returncode == 1
    assert "Traceback" in done.stderr
    assert "source dead-list failed: connection refused (1 request)" in done.stderr


def test_scheduler_records_the_crawls_own_status(
    crawl: Crawl, refused_url: str, local_web: LocalWeb
) -> None:
    indices.ensure(crawl.es, crawl.prefix)
    sources = crawl.sources_file(
        [
            {"name": "alive", "kind": "feed", "start_urls": [local_web.url("/feed.xml")]},
            dead_sources(refused_url)[1],
        ]
    )
    env = {
        **crawl.env(),
        "PIWATCH_CRAWL__SOURCES_FILE": str(sources),
        "PIWATCH_SCHEDULE__ROLLOVER_CRON": "",
        "PIWATCH_SCHEDULE__RECHECK_CRON": "",
    }
    done = subprocess.run(
        [sys.executable, "-m", "piwatch", "schedule", "--run-now", "nightly-crawl"],
        env=env, capture_output=True, text=True, timeout=300, cwd=crawl.data_dir,
    )  # fmt: skip
    assert "nightly-crawl: partial" in done.stdout, done.stderr
    assert done.returncode == RUN_EXIT_CODES["partial"]
    (record,) = run_records(crawl.es, crawl.prefix, "nightly-crawl")
    assert record["status"] == "partial"
    assert "source dead-feed failed: connection refused (1 request)" in record["errors"]
