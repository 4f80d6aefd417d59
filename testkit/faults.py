"""Helpers of the fault tests: the slow local feed, waiting, and counting what reached the index
(lost, duplicated) independently of piwatch's own figures."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from testkit.crawlrun import PiwatchCrawl
from testkit.webserver import LocalWeb


def es_url(es: Elasticsearch) -> str:
    return str(es.transport.node_pool.get().base_url)


def slow_feed(web: LocalWeb, crawl: PiwatchCrawl) -> tuple[Path, set[str]]:
    expected = {web.url(f"/slowsite/a{n}.html") for n in range(1, web.slowsite_pages + 1)}
    sources = crawl.sources_file(
        [
            {
                "name": "slow",
                "kind": "feed",
                "start_urls": [web.url("/slowsite/feed.xml")],
                "politeness": {"concurrency": 2},
            }
        ]
    )
    return sources, expected


def article_hits(web: LocalWeb, mark: int) -> int:
    return sum(1 for h in web.since(mark) if h.path.startswith("/slowsite/a") and h.status == 200)


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def count_docs(es: Elasticsearch, prefix: str, expected: set[str]) -> dict[str, int]:
    """Article documents per URL: lost = expected pages without one, duplicated = extra ones."""
    index = f"{prefix}-articles"
    es.indices.refresh(index=index)
    hits = es.search(index=index, query={"match_all": {}}, size=10_000, source=["url"])
    urls = Counter(h["_source"]["url"] for h in hits["hits"]["hits"])
    return {
        "items": sum(1 for u in urls if u in expected),
        "expected": len(expected),
        "lost": len(expected - set(urls)),
        "duplicated": sum(n - 1 for n in urls.values()),
    }


def line(counts: dict[str, int]) -> str:
    return (
        f"lost={counts['lost']} duplicated={counts['duplicated']} items={counts['items']}"
        f" expected={counts['expected']}"
    )


def run_record(es: Elasticsearch, prefix: str) -> list[dict[str, Any]]:
    es.indices.refresh(index=f"{prefix}-runs")
    found = es.search(index=f"{prefix}-runs", query={"match_all": {}}, size=100)
    return [h["_source"] for h in found["hits"]["hits"]]
