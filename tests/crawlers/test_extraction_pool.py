"""Main-text extraction in worker processes: a worker killed mid-page loses nothing (its pages
are tried again in a fresh pool), a page that kills every worker is given up and counted, and a
crawl whose worker is SIGKILLed mid-run indexes every page exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psutil
import pytest

from piwatch.crawlers.extraction_pool import ExtractionPool, PageLost
from testkit.crawlrun import Crawl
from testkit.faults import wait_for
from testkit.pool_faults import churn_heap, crash_always, crash_once, slow_upper
from testkit.webserver import LocalWeb, article_html


def test_a_worker_killed_mid_page_loses_nothing(tmp_path: Path) -> None:
    async def scenario() -> tuple[list[str], int]:
        pool = ExtractionPool(workers=1, max_pending=4)
        try:
            jobs = [pool.run(slow_upper, f"page{n}") for n in range(8)]
            jobs.insert(3, pool.run(crash_once, str(tmp_path / "crashed"), "victim"))
            return list(await asyncio.gather(*jobs)), pool.restarts
        finally:
            pool.close()

    results, restarts = asyncio.run(scenario())
    assert results[3] == "VICTIM" and (tmp_path / "crashed").exists()
    assert sorted(results) == sorted(["VICTIM", *(f"PAGE{n}" for n in range(8))])
    assert restarts >= 1


def test_a_page_that_kills_every_worker_is_given_up_alone() -> None:
    async def scenario() -> tuple[list[Any], int]:
        pool = ExtractionPool(workers=1, max_pending=1)
        try:
            outcomes = await asyncio.gather(
                pool.run(crash_always, "poison"),
                *(pool.run(slow_upper, f"p{n}", 0.01) for n in range(3)),
                return_exceptions=True,
            )
            return list(outcomes), pool.restarts
        finally:
            pool.close()

    outcomes, restarts = asyncio.run(scenario())
    assert isinstance(outcomes[0], PageLost)
    assert outcomes[1:] == ["P0", "P1", "P2"]
    assert restarts == 2


def _pool_processes(parent: int) -> list[psutil.Process]:
    """The pool's fork server and the workers it forked (not the resource tracker)."""
    try:
        children = psutil.Process(parent).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [c for c in children if "forkserver" in " ".join(c.cmdline())]


def _workers(parent: int) -> list[psutil.Process]:
    pool = _pool_processes(parent)
    servers = {p.pid for p in pool}
    return [p for p in pool if p.ppid() in servers]


@pytest.mark.es
@pytest.mark.slow
def test_a_crawl_whose_worker_is_killed_indexes_every_page_once(
    crawl: Crawl, local_web: LocalWeb
) -> None:
    base = f"/pool-{uuid.uuid4().hex[:8]}"
    paragraph = (
        "这是一段用于检验抽取进程被杀后页面不丢不重的正文，内容足够长以便抽取需要一些时间。" * 40
    )
    urls = []
    for n in range(40):
        body = "\n".join(f"第{n}篇第{i}段。{paragraph}" for i in range(30))
        local_web.add_page(
            f"{base}/{n}.html", article_html(f"进程池测试文章第{n}篇", body), "text/html"
        )
        urls.append(local_web.url(f"{base}/{n}.html"))
    sources = crawl.sources_file(
        [
            {
                "name": "pool",
                "kind": "feed",
                "start_urls": [local_web.add_feed(f"{base}/feed.xml", urls)],
            }
        ]
    )
    crawl.env_extra["PIWATCH_CRAWL__EXTRACTION_WORKERS"] = "1"
    child = crawl.start(sources)
    wait_for(lambda: bool(_workers(child.pid)), 60, "an extraction worker")
    time.sleep(2.0)  # pages are queued for it: it is mid-page
    (worker,) = _workers(child.pid)
    os.kill(worker.pid, signal.SIGKILL)
    _, stderr = child.communicate(timeout=300)
    assert child.returncode == 0, stderr[-3000:]
    docs = crawl.docs("pool")
    assert sorted(d["url"] for d in docs) == sorted(urls)  # every page, once (ids are URLs)
    log = crawl.log()
    assert "an extraction worker died" in log
    print(f"extraction worker SIGKILL: lost=0 duplicated=0 items={len(docs)} expected={len(urls)}")


@pytest.mark.es
@pytest.mark.slow
def test_a_killed_crawl_leaves_no_worker_behind(crawl: Crawl, local_web: LocalWeb) -> None:
    base = f"/pool-kill-{uuid.uuid4().hex[:8]}"
    urls = []
    for n in range(20):
        local_web.add_page(
            f"{base}/{n}.html", article_html(f"文章{n}", "正文。" * 2000), "text/html"
        )
        urls.append(local_web.url(f"{base}/{n}.html"))
    feed = local_web.add_feed(f"{base}/feed.xml", urls)
    sources = crawl.sources_file([{"name": "pk", "kind": "feed", "start_urls": [feed]}])
    child = crawl.start(sources)
    wait_for(lambda: bool(_workers(child.pid)), 60, "an extraction worker")
    pool = _pool_processes(child.pid)  # the fork server and its workers
    child.kill()
    child.wait(timeout=30)
    _, alive = psutil.wait_procs(pool, timeout=30)
    assert not alive, [p.pid for p in alive]  # the fork server and workers ended with the crawl


@pytest.mark.parametrize("pidfd", [True, False], ids=["pidfd", "polling"])
def test_a_worker_ends_when_the_crawl_ends(pidfd: bool) -> None:
    """The watch each worker starts: through a pidfd, or by polling where there is none."""
    crawl = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    no_pidfd = "" if pidfd else "os.pidfd_open = no_pidfd\n"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, time\n"
            "def no_pidfd(pid):\n"
            "    raise OSError(38, 'Function not implemented')\n"
            f"{no_pidfd}"
            "from piwatch.crawlers.extraction_pool import _die_with_crawl\n"
            f"_die_with_crawl({crawl.pid})\n"
            "time.sleep(60)\n",
        ]
    )
    time.sleep(1.0)
    assert worker.poll() is None  # alive while the crawl is
    crawl.kill()
    crawl.wait()
    assert worker.wait(timeout=10) == 0


def test_a_worker_gives_back_the_heap_a_page_freed() -> None:
    """A page's work frees its trees and texts; the worker hands that memory back to the system
    (``malloc_trim``) instead of holding its largest page's size for the rest of the crawl."""

    async def scenario() -> tuple[int, int]:
        pool = ExtractionPool(workers=1)
        try:
            pid = await pool.run(os.getpid)
            before = psutil.Process(pid).memory_info().rss
            assert await pool.run(churn_heap, 300) == pid
            return before, psutil.Process(pid).memory_info().rss
        finally:
            pool.close()

    before, after = asyncio.run(scenario())
    assert after - before < 100 * 2**20, (before, after)
