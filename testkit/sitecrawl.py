"""A crawler worker for the generated site: follow every link, one item per page, durable sink.

Used by the distributed and memory benchmarks and by the scale tests, as a child process so it
can be killed: ``python -m testkit.sitecrawl --start URL --sink FILE [--redis URL --run ID]
[--jobdir DIR]``. With ``--redis`` it joins a shared scrapy-redis queue through
:func:`crawlers.distributed.configure`; without, it is a plain single-process Scrapy crawl (with
disk queues when ``--jobdir`` is given). Items go to a per-worker SQLite file, committed every
``--flush-every`` items, after which the sink sends ``items_durable`` like piwatch's index
pipeline does. ``count_items`` folds the sinks of a run into lost/duplicated counts.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.crawler import CrawlerProcess

from piwatch.crawlers.distributed import DistributedOptions, configure
from piwatch.crawlers.signals import flush_requested, items_durable

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]


class TreeSpider(scrapy.Spider):
    """Every page of the generated site once: one item, then its links."""

    name = "gensite"

    def __init__(self, start: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.start_url, dont_filter=True)

    def parse(self, response: Response) -> Iterator[Any]:
        yield {"url": response.url, "title": response.css("title::text").get("")}
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href)


def _wal(db: sqlite3.Connection, wait: float = 60.0) -> None:
    """Switch to WAL; workers starting together may each find the other converting the file,
    and SQLite answers that at once with "database is locked" instead of waiting."""
    deadline = time.monotonic() + wait
    while True:
        try:
            db.execute("pragma journal_mode=wal")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SinkPipeline:
    """Items into one SQLite store keyed by URL, like the index keyed by a URL-derived id.

    Batches are committed every ``flush_every`` items; each commit makes the items before it
    durable and sends ``items_durable``. A page delivered again (its worker was killed after the
    commit, before its lease was released) overwrites its row and counts a redelivery.
    """

    def __init__(self, crawler: Crawler, path: Path, worker: str, flush_every: int) -> None:
        self.crawler = crawler
        self.worker = worker
        self.flush_every = max(1, flush_every)
        self.db = sqlite3.connect(path, timeout=60)
        _wal(self.db)
        self.db.execute(
            "create table if not exists items (url text primary key, worker text, title text,"
            " deliveries integer not null)"
        )
        self.pending: list[tuple[str, str, str]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SinkPipeline:
        s = crawler.settings
        sink = cls(
            crawler,
            Path(s.get("BENCH_SINK")),
            s.get("PIWATCH_REDIS_WORKER_ID") or str(os.getpid()),
            s.getint("BENCH_FLUSH_EVERY", 20),
        )
        crawler.signals.connect(sink.flush, signal=flush_requested)
        return sink

    def process_item(self, item: dict[str, str]) -> dict[str, str]:
        self.pending.append((item["url"], self.worker, item["title"]))
        if len(self.pending) >= self.flush_every:
            self.flush()
        return item

    def flush(self) -> None:
        if self.pending:
            with self.db:
                self.db.executemany(
                    "insert into items values (?, ?, ?, 1) on conflict(url) do update set"
                    " worker = excluded.worker, title = excluded.title,"
                    " deliveries = deliveries + 1",
                    self.pending,
                )
            self.pending.clear()
        self.crawler.signals.send_catch_log(signal=items_durable)

    def close_spider(self) -> None:
        self.flush()
        self.db.close()


@dataclass(frozen=True, slots=True)
class ItemCount:
    """End-to-end count of a run's items against the pages the site has."""

    expected: int
    items: int  # documents in the store that belong to a page of the site
    lost: int  # pages without a document
    duplicated: int  # documents beyond one per page
    redelivered: int  # deliveries absorbed by the store's key (after a kill)
    per_worker: dict[str, int]  # documents by the worker that wrote them last

    def line(self) -> str:
        return (
            f"lost={self.lost} duplicated={self.duplicated} items={self.items}"
            f" expected={self.expected} redelivered={self.redelivered}"
        )


def count_items(sink: Path, expected_urls: set[str]) -> ItemCount:
    db = sqlite3.connect(sink, timeout=60)
    try:
        rows = db.execute("select url, worker, deliveries from items").fetchall()
    finally:
        db.close()
    urls = Counter(url for url, _, _ in rows)
    per_worker = Counter(worker for _, worker, _ in rows)
    return ItemCount(
        expected=len(expected_urls),
        items=sum(1 for url in urls if url in expected_urls),
        lost=len(expected_urls - set(urls)),
        duplicated=sum(n - 1 for n in urls.values()),
        redelivered=sum(d - 1 for _, _, d in rows),
        per_worker=dict(per_worker),
    )


def crawl_settings(args: argparse.Namespace) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": args.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "RETRY_TIMES": 2,
        "LOG_LEVEL": args.log_level,
        "ITEM_PIPELINES": {"testkit.sitecrawl.SinkPipeline": 100},
        "BENCH_SINK": str(args.sink),
        "BENCH_FLUSH_EVERY": args.flush_every,
        "MEMUSAGE_ENABLED": False,
        # piwatch's queue classes and order (crawlers/settings.py): breadth-first, FIFO
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
    }
    if args.log_file:
        settings["LOG_FILE"] = str(args.log_file)
    if args.jobdir:
        settings["JOBDIR"] = str(args.jobdir)
    if args.redis:
        configure(
            settings,
            DistributedOptions(
                url=args.redis,
                run_id=args.run,
                worker_id=args.worker_id or f"w{os.getpid()}",
                lease_ttl=args.lease_ttl,
                heartbeat=args.heartbeat,
            ),
        )
    return settings


def spawn(
    start: str,
    sink: Path,
    *,
    redis: str | None = None,
    run: str = "bench",
    worker_id: str | None = None,
    jobdir: Path | None = None,
    lease_ttl: float = 30.0,
    heartbeat: float = 5.0,
    log_file: Path | None = None,
    concurrency: int = 16,
    flush_every: int = 20,
) -> subprocess.Popen[bytes]:
    """Start one worker as a child process (so that it can be killed)."""
    cmd = [sys.executable, "-m", "testkit.sitecrawl", "--start", start, "--sink", str(sink),
           "--run", run, "--lease-ttl", str(lease_ttl), "--heartbeat", str(heartbeat),
           "--concurrency", str(concurrency), "--flush-every", str(flush_every)]  # fmt: skip
    if redis:
        cmd += ["--redis", redis]
    if worker_id:
        cmd += ["--worker-id", worker_id]
    if jobdir:
        cmd += ["--jobdir", str(jobdir)]
    if log_file:
        cmd += ["--log-file", str(log_file)]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--start", required=True)
    parser.add_argument("--sink", type=Path, required=True)
    parser.add_argument("--redis", help="redis://… to join a shared queue")
    parser.add_argument("--run", default="bench")
    parser.add_argument("--worker-id")
    parser.add_argument("--lease-ttl", type=float, default=30.0)
    parser.add_argument("--heartbeat", type=float, default=5.0)
    parser.add_argument("--jobdir", type=Path)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--flush-every", type=int, default=20)
    parser.add_argument("--log-file", type=Path)
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args()
    process = CrawlerProcess(crawl_settings(args))
    failed: list[Any] = []
    process.crawl(TreeSpider, start=args.start).addErrback(lambda f: failed.append(f) or f)
    process.start()
    if failed:  # the crawl could not start or broke down (the reason is in the log)
        sys.exit(1)


if __name__ == "__main__":
    main()
