"""Workers on one shared Redis queue: every page fetched once; a killed worker's work gets done."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import redis

from piwatch.crawlers.distributed import LeasedQueue, run_status
from testkit.crawlrun import PiwatchCrawl
from testkit.gensite import GenSite
from testkit.sitecrawl import count_items, spawn
from testkit.webserver import LocalWeb

pytestmark = pytest.mark.redis


def _wait(procs: list, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    for proc in procs:
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))


def _rows(sink: Path, worker: str) -> int:
    if not sink.exists():
        return 0
    try:
        db = sqlite3.connect(sink, timeout=30)
        try:
            return db.execute("select count(*) from items where worker = ?", (worker,)).fetchone()[
                0
            ]
        finally:
            db.close()
    except sqlite3.OperationalError:  # table not created yet
        return 0


def test_two_workers_fetch_every_page_exactly_once(
    redis_url: str, redis_client: redis.Redis, gensite_factory: type[GenSite], tmp_path: Path
) -> None:
    pages = 400
    # Slow pages and 4 in flight (about 20 s of work for one worker), so that both workers are
    # up before the work runs out even when one starts seconds later on a loaded machine.
    site = gensite_factory(pages, fanout=8, delay=0.2).start()
    sink = tmp_path / "items.sqlite"
    procs = [
        spawn(site.url(0), sink, redis=redis_url, run="exactly-once", worker_id=f"w{i}",
              log_file=tmp_path / f"w{i}.log", concurrency=4)
        for i in (1, 2)
    ]  # fmt: skip
    _wait(procs, 120)
    assert [p.returncode for p in procs] == [0, 0]

    hits = site.hits()
    expected = {site.url(n) for n in range(pages)}
    count = count_items(sink, expected)
    fetched = sum(hits.values())
    print(f"two workers: {count.line()} per_worker={count.per_worker} server_hits={fetched}")
    assert len(hits) == pages
    assert set(hits.values()) == {1}, {p: n for p, n in hits.items() if n != 1}
    assert count.lost == 0 and count.duplicated == 0 and count.redelivered == 0
    assert all(n > 0 for n in count.per_worker.values()) and len(count.per_worker) == 2
    status = run_status(redis_client, "exactly-once", "gensite")
    assert status == {"queued": 0, "leased": 0, "seen": pages, "workers": 0}


@pytest.mark.slow
def test_killed_worker_leaves_its_requests_to_the_others(
    redis_url: str, redis_client: redis.Redis, gensite_factory: type[GenSite], tmp_path: Path
) -> None:
    pages = 600
    # 0.1 s pages: one worker alone needs at least 7.5 s for all of them, so a survivor that
    # starts seconds earlier on a loaded machine cannot finish before the victim has 60 items.
    site = gensite_factory(pages, fanout=6, delay=0.1).start()
    sink = tmp_path / "items.sqlite"
    logs = {w: tmp_path / f"{w}.log" for w in ("survivor", "victim")}
    procs = {
        w: spawn(site.url(0), sink, redis=redis_url, run="kill-worker", worker_id=w,
                 lease_ttl=3.0, heartbeat=1.0, log_file=logs[w], concurrency=8)
        for w in logs
    }  # fmt: skip
    deadline = time.monotonic() + 60
    while _rows(sink, "victim") < 60:
        assert time.monotonic() < deadline, "the victim never got going"
        assert procs["victim"].poll() is None, "the victim finished before it could be killed"
        time.sleep(0.05)
    held = run_status(redis_client, "kill-worker", "gensite")["leased"]
    os.kill(procs["victim"].pid, signal.SIGKILL)
    procs["victim"].wait(timeout=10)
    _wait([procs["survivor"]], 180)
    assert procs["survivor"].returncode == 0

    hits = site.hits()
    count = count_items(sink, {site.url(n) for n in range(pages)})
    refetched = sum(n - 1 for n in hits.values())
    log = logs["survivor"].read_text(encoding="utf-8")
    print(f"worker killed: {count.line()} per_worker={count.per_worker} "
          f"leased_at_kill={held} refetched_at_server={refetched}")  # fmt: skip
    assert count.lost == 0 and count.duplicated == 0
    assert count.per_worker["survivor"] > 0
    assert "requeued" in log and "dead worker(s) victim" in log
    assert len(hits) == pages
    assert run_status(redis_client, "kill-worker", "gensite")["leased"] == 0


@pytest.mark.slow
def test_two_piwatch_workers_on_the_local_web(
    redis_url: str, es: Any, index_prefix: str, local_web: LocalWeb, tmp_path: Path
) -> None:
    """The real thing: two ``piwatch crawl --worker`` processes, full pipeline into ES."""
    from testkit.faults import count_docs, es_url, line, run_record, slow_feed

    workers = [
        PiwatchCrawl(es_url(es), index_prefix, tmp_path / f"w{i}",
                     {"PIWATCH_REDIS__URL": redis_url, "PIWATCH_CRAWL__DOWNLOAD_TIMEOUT": "60"})
        for i in (1, 2)
    ]  # fmt: skip
    for w in workers:
        w.data_dir.mkdir()
    sources, expected = slow_feed(local_web, workers[0])
    mark = local_web.mark()
    procs = [w.start(sources, "--worker", "--run", "e2e") for w in workers]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
    hits = Counter(
        h.path for h in local_web.since(mark) if h.status in (200, 304) and h.path != "/robots.txt"
    )
    counts = count_docs(es, index_prefix, expected)
    records = run_record(es, index_prefix)
    per_worker = sorted(r["items"] for r in records)
    print(f"two piwatch workers: {line(counts)} items_per_worker={per_worker} "
          f"server_hits={sum(hits.values())}")  # fmt: skip
    assert counts["lost"] == 0 and counts["duplicated"] == 0
    assert set(hits.values()) == {1}, {p: n for p, n in hits.items() if n != 1}
    assert hits["/slowsite/feed.xml"] == 1 and len(hits) == len(expected) + 1
    assert [r["status"] for r in records] == ["ok", "ok"] and sum(per_worker) == len(expected)


def test_configure_keeps_extensions_and_never_shows_the_password() -> None:
    from scrapy.settings import Settings as ScrapySettings

    from piwatch.crawlers.distributed import DistributedOptions, configure

    settings = ScrapySettings({"EXTENSIONS": {"my.Extension": 500}, "JOBDIR": "/tmp/job"})
    configure(settings, DistributedOptions("redis://127.0.0.1:1/0", "r1", "w1", password="s3cret"))
    assert settings.getdict("EXTENSIONS") == {
        "my.Extension": 500,
        "piwatch.crawlers.distributed.LeaseKeeper": 100,
    }
    assert settings["SCHEDULER"] == "piwatch.crawlers.distributed.SharedScheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings["SCHEDULER_QUEUE_KEY"] == "piwatch:r1:%(spider)s:requests"
    assert settings.getbool("SCHEDULER_PERSIST") and settings["JOBDIR"] is None
    assert "s3cret" not in repr(settings.copy_to_dict())  # what Scrapy logs at start


def test_worker_without_redis_is_one_line(es: Any, index_prefix: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    from testkit.crawlrun import ROOT, piwatch_env
    from testkit.redisserver import free_port

    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n  - {name: s, kind: feed, start_urls: ['http://127.0.0.1:9/feed.xml']}\n",
        encoding="utf-8",
    )
    env = piwatch_env(
        str(es.transport.node_pool.get().base_url),
        index_prefix,
        tmp_path,
        PIWATCH_REDIS__URL=f"redis://127.0.0.1:{free_port()}/0",
    )
    result = subprocess.run(
        [sys.executable, "-m", "piwatch", "crawl", "--worker", "--sources", str(sources)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]  # after the "piwatch crawl: …" banner
    assert last.startswith("piwatch: cannot reach Redis for distributed crawling")
    assert last.endswith("start redis-server or set PIWATCH_REDIS__URL")


def _holds_leases(client: redis.Redis, run: str, pid: int) -> bool:
    """The ``piwatch crawl --worker`` process ``pid`` (worker id ``<host>-<pid>``) has requests
    leased in ``run``'s shared queue."""
    keys = client.keys(f"piwatch:{run}:*:requests:leased:*-{pid}")
    return any(client.hlen(key) for key in keys)


@pytest.mark.slow
def test_piwatch_worker_killed_its_pages_indexed_by_the_other(
    redis_url: str,
    redis_client: redis.Redis,
    es: Any,
    index_prefix: str,
    local_web: LocalWeb,
    tmp_path: Path,
) -> None:
    """SIGKILL one of two ``piwatch crawl --worker``: after its heartbeat expires (30 s) the
    survivor requeues its leases, and every article ends up indexed once."""
    from testkit.faults import (
        count_docs,
        es_url,
        line,
        run_record,
        slow_feed,
        wait_for,
    )

    env = {"PIWATCH_REDIS__URL": redis_url, "PIWATCH_CRAWL__DOWNLOAD_TIMEOUT": "60"}
    workers = [PiwatchCrawl(es_url(es), index_prefix, tmp_path / n, env) for n in ("s", "v")]
    for w in workers:
        w.data_dir.mkdir()
    sources, expected = slow_feed(local_web, workers[0])
    survivor, victim = (w.start(sources, "--worker", "--run", "kill-e2e") for w in workers)
    # Killed only while it holds leases: a victim that has not started yet (or has nothing in
    # hand) leaves no work for the survivor to requeue.
    wait_for(lambda: _holds_leases(redis_client, "kill-e2e", victim.pid), 120, "victim leases")
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    _out, err = survivor.communicate(timeout=300)
    assert survivor.returncode == 0, err[-2000:]

    counts = count_docs(es, index_prefix, expected)
    log = workers[0].log()
    (record,) = run_record(es, index_prefix)  # the killed worker wrote none
    print(f"piwatch worker killed: {line(counts)} survivor_items={record['items']}")
    assert counts["lost"] == 0 and counts["duplicated"] == 0
    assert "requests of dead worker(s)" in log
    assert record["status"] == "ok"


def test_a_request_is_marked_seen_only_with_being_queued(redis_client: redis.Redis) -> None:
    """The shared filter and the queue change in one step: a request filtered as seen was
    queued, and one that could not be queued is not marked seen (scrapy-redis marked it first,
    so a worker killed between the two left a page that no worker would fetch)."""
    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    spider = Spider.from_crawler(get_crawler(Spider, {"PIWATCH_REDIS_WORKER_ID": "w"}), "s")
    run = f"seen-{uuid.uuid4().hex[:8]}"
    queue = LeasedQueue(redis_client, spider, f"piwatch:{run}:requests")
    seen = f"piwatch:{run}:dupefilter"
    page = Request("http://127.0.0.1/a.html")
    assert queue.push_unseen(page, seen, "fp-a")
    assert not queue.push_unseen(page, seen, "fp-a")
    assert len(queue) == 1 and redis_client.sismember(seen, "fp-a")

    broken = LeasedQueue(redis_client, spider, f"piwatch:{run}:broken")
    redis_client.set(broken.key, b"not a queue")  # the queue write fails
    with pytest.raises(redis.ResponseError):
        broken.push_unseen(Request("http://127.0.0.1/b.html"), seen, "fp-b")
    assert not redis_client.sismember(seen, "fp-b")
