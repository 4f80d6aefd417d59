"""What a run hands to the components of its crawlers: the piwatch settings and the index sink.

``piwatch crawl`` (:mod:`piwatch.crawlers.runner`) builds one :class:`CrawlContext` per run and
sets it on every crawler it creates; components read it with :func:`crawl_context`. A bare
``scrapy crawl`` has no runner, so the context is built once from the environment, here and
nowhere else.
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from piwatch.config import Settings, load_settings
from piwatch.crawlers.extraction_pool import (
    ExtractionPool,
    PageLost,
    default_workers,
    trimmed,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from piwatch.crawlers.middlewares.run_budget import RunBudget

ATTRIBUTE = "piwatch_context"
logger = logging.getLogger(__name__)
J = TypeVar("J")
W = TypeVar("W")


@dataclass(slots=True)
class CrawlContext:
    """The run's settings and, once opened, the index sink, extraction pool and download
    budget its crawlers share."""

    settings: Settings
    sink: Any = None  # piwatch.crawlers.item_pipelines.IndexSink, opened by the runner
    pool: ExtractionPool | None = None
    budget: RunBudget | None = None  # the runner's, over all its crawlers

    def extraction_pool(self) -> ExtractionPool | None:
        """The run's pool for the pages' CPU work (None: ``crawl.extraction_workers = 0``,
        all of it in the crawl process)."""
        workers = self.settings.crawl.extraction_workers
        if workers == 0:
            return None
        if self.pool is None:
            self.pool = ExtractionPool(workers if workers is not None else default_workers())
            atexit.register(self.pool.close)  # a bare `scrapy crawl` has no runner to close it
        return self.pool


def attach(crawler: Crawler, context: CrawlContext) -> None:
    setattr(crawler, ATTRIBUTE, context)


def crawl_context(crawler: Crawler) -> CrawlContext:
    """The context the runner attached, or one built from the environment (``scrapy crawl``)."""
    context = getattr(crawler, ATTRIBUTE, None)
    if context is None:
        context = CrawlContext(load_settings())
        attach(crawler, context)
    return context


async def extraction_work(crawler: Crawler, run: Callable[[J], W], job: J, url: str) -> W | None:
    """``run(job)`` in the run's extraction pool, or here when it has none. None when the job
    killed its worker every time it was tried: counted failed and logged with its URL."""
    pool = crawl_context(crawler).extraction_pool()
    try:
        return trimmed(run, job) if pool is None else await pool.run(run, job)
    except PageLost as exc:
        assert crawler.stats is not None and crawler.spider is not None
        crawler.stats.inc_value("piwatch/fetch/failed")
        crawler.stats.inc_value("piwatch/extraction/lost")
        logger.error("%s: %s not extracted: %s", crawler.spider.name, url, exc)
        return None
