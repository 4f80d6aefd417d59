"""Distributed speed-up: the same generated site crawled by 1, 2 and 4 workers on one Redis queue.

Pages answer after a fixed delay (a stand-in for network latency and politeness), so one worker
is bound by its concurrency and more workers add throughput until the CPUs run out. The baseline
of each pair is the single worker's pages/s from the same run.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from bench.figures import Pair
from testkit.gensite import GenSite
from testkit.redisserver import RedisServer
from testkit.sitecrawl import count_items, spawn

logger = logging.getLogger(__name__)

DELAY = 0.05  # seconds per page at the server
CONCURRENCY = 8  # requests in flight per worker


def crawl_rate(workers: int, pages: int, redis_url: str, workdir: Path) -> float:
    """Pages per second for ``workers`` workers, checked to have fetched every page once.

    Timed at the server from the first request to the last response: process start-up (about
    2 s of imports per worker) is a fixed cost per night, not throughput."""
    with GenSite(pages, fanout=10, delay=DELAY) as site:
        sink = workdir / f"items-{workers}.sqlite"
        procs = [
            spawn(site.url(0), sink, redis=redis_url, run=f"speedup-{workers}",
                  worker_id=f"w{i}", concurrency=CONCURRENCY, heartbeat=1.0, lease_ttl=5.0,
                  log_file=workdir / f"w{workers}-{i}.log")
            for i in range(workers)
        ]  # fmt: skip
        for proc in procs:
            proc.wait(timeout=1800)
        elapsed = site.window()
        hits = site.hits()
    count = count_items(sink, {site.url(n) for n in range(pages)})
    if count.lost or any(n != 1 for n in hits.values()):
        raise RuntimeError(f"{workers} workers: {count.line()}, hits not all 1")
    return pages / elapsed


def run(quick: bool = False) -> list[Pair]:
    pages = 600 if quick else 3000
    with tempfile.TemporaryDirectory(prefix="piwatch-bench-dist-") as tmp, RedisServer() as url:
        rates = {n: crawl_rate(n, pages, url, Path(tmp)) for n in (1, 2, 4)}
    note = f"{pages} pages, {DELAY * 1000:.0f} ms each, {CONCURRENCY} in flight per worker"
    return [
        Pair(
            name=f"crawl with {n} workers",
            unit="pages/s",
            baseline_label="1 worker",
            baseline=rates[1],
            piwatch_label=f"{n} workers",
            piwatch=rates[n],
            note=note,
        )
        for n in (2, 4)
    ]
