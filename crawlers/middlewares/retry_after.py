"""Honour ``Retry-After`` on 429 and 503: wait as long as the server asks, then retry.

Settings: ``PIWATCH_RETRY_AFTER_MAX`` (seconds; a longer wait gives up and lets the response
fail), ``RETRY_TIMES``. The retried request waits the full delay and the domain's download slot
is slowed to it, so other requests to that host wait as well. Stats:
``piwatch/retry_after/count``, ``piwatch/retry_after/max_reached``,
``piwatch/retry_after/too_long``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

STATUSES = (429, 503)


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler, max_wait: float, max_retries: int) -> None:
        self.crawler = crawler
        self.max_wait = max_wait
        self.max_retries = max_retries

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        max_wait = crawler.settings.getfloat("PIWATCH_RETRY_AFTER_MAX")
        if max_wait <= 0:
            raise NotConfigured("PIWATCH_RETRY_AFTER_MAX is 0")
        return cls(crawler, max_wait, crawler.settings.getint("RETRY_TIMES"))

    async def process_request(self, request: Request) -> None:
        not_before = request.meta.get("piwatch_not_before")
        if not_before:
            await asyncio.sleep(max(0.0, not_before - time.time()))

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in STATUSES or request.meta.get("dont_retry"):
            return response
        raw = response.headers.get(b"Retry-After")
        wait = retry_after_seconds(raw.decode("latin-1") if raw else None, time.time())
        if wait is None:
            return response  # Scrapy's RetryMiddleware handles it the usual way
        assert self.crawler.stats is not None
        if wait > self.max_wait:
            self.crawler.stats.inc_value("piwatch/retry_after/too_long")
            return response
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"retry_after_{response.status}",
            max_retry_times=self.max_retries,
            stats_base_key="piwatch/retry_after",
        )
        if retry is None:
            return response
        retry.meta["piwatch_not_before"] = time.time() + wait
        self._slow_slot(request, wait)
        logger.info("%s answered %s: retrying in %.1fs", request.url, response.status, wait)
        return retry

    def _slow_slot(self, request: Request, wait: float) -> None:
        try:
            slots = self.crawler.engine.downloader.slots
        except (AttributeError, RuntimeError):  # no engine: built outside a running crawl
            return
        slot = slots.get(request.meta.get("download_slot", ""))
        if slot is not None:
            slot.delay = max(slot.delay, wait)
            slot.lastseen = time.monotonic()
