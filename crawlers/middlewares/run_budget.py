"""Run-wide limits for a crawl of many sources: Scrapy's limits are per crawler, and a run has a
crawler per source.

Under per-crawler limits a run of 50 sources had 50 × 4 downloads under way (the run's
``CONCURRENT_REQUESTS`` of 16 became 200), and a crawl extracting in its own process peaked
about 20 MiB higher than with the run held to 16, at the same rate. This middleware, nearest
the download handler, lets a request go on to download only while the whole run has fewer than
``CONCURRENT_REQUESTS`` downloads under way and no more than ``SCRAPER_SLOT_MAX_ACTIVE_SIZE``
bytes of responses in its crawlers' scrapers (the run's values; :class:`RunBudget`). Waiting
requests go on one site after another: a run-wide limit spent on one site's requests, which
wait for its delay one after another, would idle the others.

Stats: ``piwatch/run_budget/waited`` (a crawler's requests that waited) and
``piwatch/run_budget/peak_downloads`` (the most downloads under way in the run, as the crawler
saw it).
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

from piwatch.crawlers.context import crawl_context

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

ADMITTED = "piwatch_run_budget"
"""Request meta key: the request holds one of the run's downloads."""
POLL_SECONDS = 0.02
"""How often waiting requests look again: responses leave a scraper without telling anyone."""


class RunBudget:
    """Downloads under way and response bytes held, summed over a run's crawlers."""

    def __init__(self, max_downloads: int, max_held_bytes: int) -> None:
        self.max_downloads = max_downloads
        self.max_held_bytes = max_held_bytes
        self.downloads = 0
        self._crawlers: list[Crawler] = []
        self._waiting: dict[Crawler, deque[asyncio.Future[None]]] = {}
        self._turns: deque[Crawler] = deque()  # the crawlers with waiting requests, in turn
        self._poll: asyncio.TimerHandle | None = None

    def join(self, crawler: Crawler) -> None:
        """Count ``crawler``'s responses from now on (its spider is open: it has a scraper)."""
        self._crawlers.append(crawler)

    def part(self, crawler: Crawler) -> None:
        self._crawlers.remove(crawler)

    def held_bytes(self) -> int:
        """Responses in the crawlers' scrapers, counted as Scrapy counts them for its own limit."""
        held = 0
        for crawler in self._crawlers:
            assert crawler.engine is not None
            slot = crawler.engine.scraper.slot
            held += slot.active_size if slot is not None else 0
        return held

    def has_room(self) -> bool:
        return self.downloads < self.max_downloads and self.held_bytes() <= self.max_held_bytes

    async def enter(self, crawler: Crawler) -> bool:
        """Wait for room for one of ``crawler``'s downloads; whether it had to wait."""
        if not self._turns and self.has_room():
            self.downloads += 1
            return False
        turn = asyncio.get_running_loop().create_future()
        queue = self._waiting.setdefault(crawler, deque())
        if not queue:
            self._turns.append(crawler)
        queue.append(turn)
        self._admit()
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.leave()  # admitted, then cancelled before it could download
            elif turn in queue:
                queue.remove(turn)
            raise
        return True

    def leave(self) -> None:
        self.downloads -= 1
        self._admit()

    def _admit(self) -> None:
        """Let waiting requests go while there is room, one site after another."""
        while self._turns and self.has_room():
            crawler = self._turns.popleft()
            queue = self._waiting[crawler]
            if not queue:
                continue  # its requests were cancelled
            self.downloads += 1
            queue.popleft().set_result(None)
            if queue:
                self._turns.append(crawler)
        if self._turns and self._poll is None:
            self._poll = asyncio.get_running_loop().call_later(POLL_SECONDS, self._polled)

    def _polled(self) -> None:
        self._poll = None
        self._admit()


class RunBudgetMiddleware:
    """Holds each request at the run's budget before it downloads (see the module)."""

    def __init__(self, crawler: Crawler, budget: RunBudget) -> None:
        self.crawler = crawler
        self.budget = budget

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        budget = crawl_context(crawler).budget
        if budget is None:
            raise NotConfigured("no run-wide budget (a bare scrapy crawl is one crawler)")
        middleware = cls(crawler, budget)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self) -> None:
        self.budget.join(self.crawler)

    def spider_closed(self) -> None:
        self.budget.part(self.crawler)

    async def process_request(self, request: Request) -> None:
        waited = await self.budget.enter(self.crawler)
        request.meta[ADMITTED] = True
        stats = self.crawler.stats
        assert stats is not None
        if waited:
            stats.inc_value("piwatch/run_budget/waited")
        stats.max_value("piwatch/run_budget/peak_downloads", self.budget.downloads)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        if request.meta.pop(ADMITTED, False):
            self.budget.leave()
