"""A source's request queue (``JOBDIR``) is reused only when its last crawl closed it.

Scrapy's disk queues write their head and tail pointers when they close. After a SIGKILL the
pointers on disk are stale: the next crawl reads old requests back and loses some of those it
pushes itself (a killed crawl's resume lost one or two of 40 pages in
``tests/crawlers/test_crawl_site.py``). piwatch's duplicate filter forgets between runs and
every crawl reads the source's listings again, so a queue its crawl did not close is dropped and
its pages are found again; a queue closed by a clean stop (Ctrl-C, SIGTERM) is resumed.

A crawl holds its source's queue under an exclusive lock while it runs, so a second crawl of the
same source (a hand-started ``piwatch crawl`` beside the nightly one) does not take the live
queue for a killed crawl's and drop it: that source fails in the second crawl, with the reason.
The lock goes with the process, however it ends.
"""

from __future__ import annotations

import fcntl
import logging
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

OPEN_MARKER = "piwatch-queue-open"
"""Written in JOBDIR when a crawl starts, removed once Scrapy has closed (and saved) the queue."""

QUEUE_DIR = "requests.queue"
LOCK_FILE = "piwatch-queue.lock"
SOURCE_BUSY = "source_busy"
"""The finish reason of a source whose queue another crawl holds."""


class SourceBusy(Exception):
    """Another crawl holds this source's request queue."""


class QueueRecovery:
    """Built with the crawler, before the scheduler opens the queue."""

    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        self.crawler = crawler
        self.jobdir = jobdir
        self._lock: IO[bytes] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured("no JOBDIR")
        recovery = cls(crawler, Path(jobdir))
        recovery.open()
        crawler.signals.connect(recovery.spider_closed, signal=signals.spider_closed)
        return recovery

    def open(self) -> None:
        assert self.crawler.stats is not None
        self.jobdir.mkdir(parents=True, exist_ok=True)
        lock = (self.jobdir / LOCK_FILE).open("ab")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            self.crawler.stats.set_value("finish_reason", SOURCE_BUSY)
            raise SourceBusy(
                f"another crawl of {self.jobdir.name} is running (it holds {self.jobdir})"
            ) from None
        self._lock = lock
        marker = self.jobdir / OPEN_MARKER
        queue = self.jobdir / QUEUE_DIR
        if marker.exists() and queue.exists():
            logger.warning(
                "the last crawl of %s did not close its request queue (killed?): the queue is "
                "dropped and its pages are found again from the listings",
                self.jobdir.name,
            )
            shutil.rmtree(queue)
            self.crawler.stats.inc_value("piwatch/queue/dropped_unclosed")
        marker.touch()

    def spider_closed(self) -> None:
        (self.jobdir / OPEN_MARKER).unlink(missing_ok=True)
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None
