"""A crawler worker for the generated site: follow every link, one item per page, durable sink.

Used by the distributed and memory benchmarks and by the scale tests, as a child process so it
can be killed: ``python -m bench.sitecrawl --start URL --sink FILE [--redis URL --run ID]
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
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.crawler import CrawlerProcess

from crawlers.distributed import DistributedOptions, configure, flush_requested, items_durable

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


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


class SinkPipeline:
    """Items into SQLite in batches; every commit makes the items before it durable."""

    def __init__(self, crawler: Crawler, path: Path, worker: str, flush_every: int) -> None:
        self.crawler = crawler
        self.worker = worker
        self.flush_every = max(1, flush_every)
        self.db = sqlite3.connect(path)
        self.db.execute("create table if not exists items (url text, worker text, title text)")
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
                self.db.executemany("insert into items values (?, ?, ?)", self.pending)
            self.pending.clear()
        self.crawler.signals.send_catch_log(signal=items_durable)

    def close_spider(self) -> None:
        self.flush()
        self.db.close()


@dataclass(frozen=True, slots=True)
class ItemCount:
    """End-to-end count of a run's items against the pages the site has."""

    expected: int
    items: int  # distinct pages with an item (what an index keyed by URL would hold)
    deliveries: int  # item rows written, redeliveries after a kill included
    lost: int
    duplicated: int  # pages delivered more than once
    per_worker: dict[str, int]

    def line(self) -> str:
        return (
            f"lost={self.lost} duplicated={self.duplicated} items={self.items}"
            f" expected={self.expected} deliveries={self.deliveries}"
        )


def count_items(sinks: Iterable[Path], expected_urls: set[str]) -> ItemCount:
    deliveries: Counter[str] = Counter()
    per_worker: Counter[str] = Counter()
    for path in sinks:
        if not path.exists():
            continue
        db = sqlite3.connect(path)
        for url, worker in db.execute("select url, worker from items"):
            deliveries[url] += 1
            per_worker[worker] += 1
        db.close()
    found = set(deliveries)
    return ItemCount(
        expected=len(expected_urls),
        items=len(found & expected_urls),
        deliveries=sum(deliveries.values()),
        lost=len(expected_urls - found),
        duplicated=sum(1 for n in deliveries.values() if n > 1),
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
        "ITEM_PIPELINES": {"bench.sitecrawl.SinkPipeline": 100},
        "BENCH_SINK": str(args.sink),
        "BENCH_FLUSH_EVERY": args.flush_every,
        "MEMUSAGE_ENABLED": False,
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
    process.crawl(TreeSpider, start=args.start)
    process.start()


if __name__ == "__main__":
    main()
