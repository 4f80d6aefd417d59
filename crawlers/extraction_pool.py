"""A page's CPU work (``crawlers.page_work``: decoding, main text, lead, word fields) in worker
processes, so fetching (the reactor) and extraction overlap and every core works.

A spider awaits :meth:`ExtractionPool.run`; at most ``max_pending`` pages (eight per worker)
are in the pool at a time, and a callback waiting for a slot keeps its response in Scrapy's
scraper, whose size limit (``SCRAPER_SLOT_MAX_ACTIVE_SIZE``) then stops new downloads:
back-pressure without a queue of our own. A worker that dies takes every page it held with it
(``BrokenProcessPool``); the pool is replaced and each of those pages tried once more, then
given up as :class:`PageLost`.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import select
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 2  # a page is tried again once in a fresh pool after a worker died on it
PRELOAD = "piwatch.crawlers.worker_preload"


class PageLost(Exception):
    """A page whose extraction killed its worker every time it was tried."""


def default_workers() -> int:
    """One worker per core, at most four: the reactor mostly waits, and on the crawl benchmark
    two workers on two cores beat one (18.9 against 15.3 pages/s; 12.7 with none)."""
    return max(1, min(4, os.cpu_count() or 1))


class ExtractionPool:
    """A bounded process pool that survives its workers dying."""

    def __init__(self, workers: int, max_pending: int | None = None) -> None:
        self.workers = workers
        self.max_pending = max_pending or workers * 8
        self._executor: ProcessPoolExecutor | None = None
        self._slots: asyncio.Semaphore | None = None
        self.restarts = 0

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker; :class:`PageLost` after :data:`ATTEMPTS` dead workers."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.max_pending)
        async with self._slots:
            for _ in range(ATTEMPTS):
                executor = self._current()
                try:
                    return await asyncio.wrap_future(executor.submit(trimmed, fn, *args))
                except BrokenProcessPool:
                    self._replace(executor)
        raise PageLost(f"its worker died {ATTEMPTS} times")

    def start(self) -> None:
        """Start the workers now, in a thread: the fork server's loading (about two seconds)
        then overlaps the crawl's own start instead of holding the reactor at the first page."""
        executor = self._current()
        threading.Thread(
            target=_start_workers, args=(executor, self.workers), name="pool-start", daemon=True
        ).start()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _current(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # forkserver, not fork: the crawl process runs threads and an event loop; the fork
            # server is a fresh process that loads what every page needs once, before forking
            # the workers, so they share it (PSS, not three copies)
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([PRELOAD])
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=_die_with_crawl,
                initargs=(os.getpid(),),
            )
        return self._executor

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Several pages may report the same dead pool: it is replaced once."""
        if self._executor is broken:
            logger.warning("an extraction worker died; starting a new pool")
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            self.restarts += 1


def trimmed(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, then the heap it freed goes back to the system: in each worker, and in the
    crawl process when it extracts pages itself (``extraction_workers`` 0). glibc keeps freed
    memory for reuse, so a process held on to its largest page's trees and texts for the rest
    of the crawl. Trimmed after each page (a quarter of a millisecond), a worker's private
    memory peaked at 22 MB instead of 31 on the bench's 300 pages, and a crawl extracting in
    its own process at 204 MiB instead of 218."""
    try:
        return fn(*args)
    finally:
        _malloc_trim(0)


def _libc_malloc_trim() -> Callable[[int], int]:
    """glibc's ``malloc_trim``, or a no-op where the C library has none (musl, macOS). Looked
    up among the symbols the process already has (``CDLL(None)``), which include the C
    library's: no search for the library file."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    return trim if trim is not None else (lambda pad: 0)


_malloc_trim = _libc_malloc_trim()


def _start_workers(executor: ProcessPoolExecutor, workers: int) -> None:
    try:
        for started in [executor.submit(os.getpid) for _ in range(workers)]:
            started.result()
    except (BrokenProcessPool, RuntimeError) as exc:  # run() replaces a broken pool
        logger.debug("extraction workers did not start: %s", exc)


def _die_with_crawl(crawl: int) -> None:
    """In each worker: end when the crawl process ends, even by SIGKILL, so a killed crawl
    leaves no worker behind. A worker's parent is the fork server, and the server lives while
    any worker holds its pipe, so the worker watches the crawl itself (a pidfd turns readable
    when the process exits, zombie or not); the server then ends with the last worker."""
    try:
        watched = os.pidfd_open(crawl)
    except ProcessLookupError:  # the crawl died before the worker started
        os._exit(0)
    except OSError:  # no pidfd here (Linux before 5.3): look every second
        watch = threading.Thread(target=_exit_when_gone, args=(crawl,), daemon=True)
    else:
        watch = threading.Thread(target=_exit_when_ended, args=(watched,), daemon=True)
    watch.start()


def _exit_when_ended(pidfd: int) -> None:
    select.select([pidfd], [], [])
    os._exit(0)


def _exit_when_gone(pid: int) -> None:
    while True:
        time.sleep(1.0)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
