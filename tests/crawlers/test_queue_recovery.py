"""A source's request queue is reused after a clean stop and dropped after a kill (the end-to-end
case is ``test_crawl_site.test_killed_crawl_resumes_without_loss_or_duplicates``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from piwatch.crawlers.queue_recovery import (
    OPEN_MARKER,
    QUEUE_DIR,
    SOURCE_BUSY,
    QueueRecovery,
    SourceBusy,
)


def _recovery(jobdir: Path) -> QueueRecovery:
    crawler = get_crawler(Spider, {"JOBDIR": str(jobdir)})
    crawler._apply_settings()  # stats, as a crawl builds them before its extensions
    return QueueRecovery.from_crawler(crawler)


def _queue(jobdir: Path) -> Path:
    queue = jobdir / QUEUE_DIR / "0"
    queue.mkdir(parents=True)
    (queue / "q00000").write_bytes(b"stale")
    return queue


def test_a_queue_its_crawl_closed_is_resumed(tmp_path: Path) -> None:
    queue = _queue(tmp_path)
    recovery = _recovery(tmp_path)
    assert queue.exists()
    assert (tmp_path / OPEN_MARKER).exists()  # this crawl's queue is open now
    recovery.spider_closed()
    assert not (tmp_path / OPEN_MARKER).exists()


def test_a_queue_left_open_by_a_killed_crawl_is_dropped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    queue = _queue(tmp_path)
    (tmp_path / OPEN_MARKER).touch()  # the last crawl never closed it
    recovery = _recovery(tmp_path)
    assert not queue.exists()
    assert recovery.crawler.stats.get_value("piwatch/queue/dropped_unclosed") == 1
    assert "did not close its request queue" in caplog.text


def test_a_second_crawl_of_a_running_source_is_refused(tmp_path: Path) -> None:
    """Two crawls of one source at once: the second must not take the first one's live queue
    for a killed crawl's and drop it; it stops, says why, and leaves the queue as it is."""
    queue = _queue(tmp_path)
    running = _recovery(tmp_path)
    with pytest.raises(SourceBusy, match="another crawl of"):
        second = get_crawler(Spider, {"JOBDIR": str(tmp_path)})
        second._apply_settings()
        try:
            QueueRecovery.from_crawler(second)
        finally:
            assert second.stats.get_value("finish_reason") == SOURCE_BUSY
    assert queue.exists() and (tmp_path / OPEN_MARKER).exists()
    running.spider_closed()
    _recovery(tmp_path).spider_closed()  # the source is free again once the first has closed
